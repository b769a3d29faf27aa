"""Phrase occurrences of one text, found in one pass and asked about range by range.

Checks that read a draft sentence by sentence used to run an Aho-Corasick matcher on each
sentence (tens of thousands of calls, each re-encoding its slice). Matching the whole text once
and keeping the occurrences sorted gives the same answer for any range: an occurrence lies in
`text[a:b]` exactly when it starts at `a` or later and ends at `b` or earlier.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rcheck.lexicon import PhraseMatcher


class Hits:
    """Occurrences (start, end) of phrases in one text, sorted by start."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._ends = [e for _, e in ordered]

    def spans(self) -> list[tuple[int, int]]:
        return list(zip(self._starts, self._ends, strict=True))

    def within(self, a: int, b: int) -> list[tuple[int, int]]:
        """The occurrences inside text[a:b], as the matcher run on that slice finds them
        (offsets into the whole text)."""
        starts, ends = self._starts, self._ends
        out = []
        for i in range(bisect_left(starts, a), len(starts)):
            if starts[i] >= b:
                break
            if ends[i] <= b:
                out.append((starts[i], ends[i]))
        return out

    def any_within(self, a: int, b: int) -> bool:
        starts, ends = self._starts, self._ends
        for i in range(bisect_left(starts, a), len(starts)):
            if starts[i] >= b:
                return False
            if ends[i] <= b:
                return True
        return False


class PhraseGroups:
    """Several named phrase lists matched as one automaton: one pass over a text gives the
    `Hits` of every list."""

    def __init__(self, groups: dict[str, Iterable[str]]) -> None:
        from rcheck.lexicon import PhraseMatcher

        names: dict[str, set[str]] = {}
        for group, phrases in groups.items():
            for p in phrases:
                names.setdefault(p, set()).add(group)
        self.groups = tuple(groups)
        self._matcher: PhraseMatcher = PhraseMatcher((p, frozenset(g)) for p, g in names.items())

    def scan(self, text: str) -> dict[str, Hits]:
        found: dict[str, list[tuple[int, int]]] = {g: [] for g in self.groups}
        for start, end, groups in self._matcher.finditer(text):
            for g in groups:
                found[g].append((start, end))
        return {g: Hits(spans) for g, spans in found.items()}
