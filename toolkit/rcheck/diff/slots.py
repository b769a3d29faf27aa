"""Placeholders introduced and resolved: P101's slots of each version, paired by where they
stand (unchanged text carried from OLD to NEW) and by their surroundings."""


from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rcheck.text.document import Document

if TYPE_CHECKING:
    from rcheck.lexicon import Lexicon
from rcheck.diff.result import (
    _CONTEXT,
    _EXCERPT_MAX,
    _FUZZY_PAIRS,
    _PLACEHOLDER_MATCH,
    Change,
    PlaceholderChange,
)

# --- placeholders --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """A placeholder of one version, placed in its text."""

    start: int
    end: int
    message: str
    excerpt: str
    line: int
    column: int


def find_slots(doc: Document, lexicon: Lexicon) -> list[Slot]:
    """P101's slots, each once, in reading order (as lint reports them)."""
    from rcheck.facts.placeholders import find_placeholders

    found = dict.fromkeys((s.start, s.end, s.message) for s in find_placeholders(doc, lexicon))
    out = []
    for start, end, message in sorted(found, key=lambda s: (s[0], s[1])):
        line, column = doc.position(start)
        out.append(Slot(start, end, message, doc.text[start:end][:_EXCERPT_MAX], line, column))
    return out


def _context(doc: Document, f: Slot) -> tuple[str, str]:
    return doc.text[max(0, f.start - _CONTEXT):f.start], doc.text[f.end:f.end + _CONTEXT]


class Region:
    """A paired section's compared text in OLD (`lo:hi`), where it begins in NEW, and its
    word changes (in order, not overlapping): enough to carry an offset in its unchanged text
    from OLD to NEW."""

    def __init__(self, lo: int, hi: int, new_lo: int, changes: list[Change]) -> None:
        self.lo, self.hi, self.new_lo, self.changes = lo, hi, new_lo, changes
        self.ends = [c.old_end for c in changes]
        self.shifts = [0]  # length gained in NEW by the first k changes
        for c in changes:
            self.shifts.append(self.shifts[-1] + len(c.new) - len(c.old))


def _carry(regions: list[Region], starts: list[int], start: int, end: int) -> int | None:
    """Where OLD's `start:end` is in NEW, when it lies in unchanged text of a paired section."""
    from bisect import bisect_right

    k = bisect_right(starts, start) - 1
    if k < 0 or end > regions[k].hi:
        return None
    r = regions[k]
    before = bisect_right(r.ends, start)  # changes that end at or before the span
    if before < len(r.changes) and r.changes[before].old_start < end:
        return None  # the span itself was edited
    return start - r.lo + r.new_lo + r.shifts[before]


def pair_placeholders(old_doc: Document, new_doc: Document, old: list[Slot],
                       new: list[Slot], regions: list[Region] | None = None
                       ) -> tuple[list[int], list[int]]:
    """Old and new placeholders that are the same slot; returns the indices left unpaired on
    each side (resolved, introduced). A placeholder in unchanged text is carried through the
    word diff to its place in NEW; of the rest, those with identical surroundings pair in order,
    and only what is left is scored by its surroundings, so a draft full of `*次` is not
    compared all against all."""
    used_old: set[int] = set()
    used_new: set[int] = set()

    if regions:
        regions = sorted(regions, key=lambda r: r.lo)
        starts = [r.lo for r in regions]
        at_new = {(f.start, f.excerpt): j for j, f in enumerate(new)}
        for i, f in enumerate(old):
            where = _carry(regions, starts, f.start, f.end)
            j = at_new.get((where, f.excerpt)) if where is not None else None
            if j is not None and j not in used_new:
                used_old.add(i)
                used_new.add(j)

    old_ctx = {i: _context(old_doc, f) for i, f in enumerate(old) if i not in used_old}
    new_ctx = {j: _context(new_doc, f) for j, f in enumerate(new) if j not in used_new}
    # Identical surroundings: the same marker first, then any (`*` replaced by `XX`).
    for marked in (True, False):
        waiting: dict[tuple[str, str, str], deque[int]] = {}
        for j, (nb, na) in new_ctx.items():
            if j not in used_new:
                key = (nb, new[j].excerpt if marked else "", na)
                waiting.setdefault(key, deque()).append(j)
        for i, (ob, oa) in old_ctx.items():
            same = waiting.get((ob, old[i].excerpt if marked else "", oa))
            if same and i not in used_old:
                j = same.popleft()
                used_old.add(i)
                used_new.add(j)
    rest_old = [i for i in old_ctx if i not in used_old]
    rest_new = [j for j in new_ctx if j not in used_new]

    if rest_old and rest_new and len(rest_old) * len(rest_new) <= _FUZZY_PAIRS:
        from rapidfuzz import fuzz

        scored = []
        for i in rest_old:
            ob, oa = old_ctx[i]
            for j in rest_new:
                nb, na = new_ctx[j]
                score = (fuzz.ratio(ob, nb) + fuzz.ratio(oa, na)) / 2
                if old[i].excerpt == new[j].excerpt:
                    score += 5  # the same slot usually keeps its marker
                if score >= _PLACEHOLDER_MATCH:
                    # Ties (a draft repeats a sentence) go to the nearest relative position.
                    where = abs(old[i].start / max(1, len(old_doc.text))
                                - new[j].start / max(1, len(new_doc.text)))
                    scored.append((-score, where, i, j))
        scored.sort()
        for _, _, i, j in scored:
            if i in used_old or j in used_new:
                continue
            used_old.add(i)
            used_new.add(j)
    return ([i for i in range(len(old)) if i not in used_old],
            [j for j in range(len(new)) if j not in used_new])


def placeholder_change(doc: Document, f: Slot) -> PlaceholderChange:
    before, after = _context(doc, f)
    return PlaceholderChange(f.excerpt, f.message, f.start, f.end, f.line, f.column,
                             before + f.excerpt + after)


def filled_text(p: PlaceholderChange, changes: list[Change], starts: list[int]) -> str | None:
    """What replaced a resolved placeholder: the new words of the change over it. `changes`
    are sorted by `old_start` (listed in `starts`) and do not overlap in OLD, so only those
    starting at or before it, back to the first that has a width, can hold it."""
    from bisect import bisect_right

    k = bisect_right(starts, p.start) - 1
    while k >= 0:
        c = changes[k]
        k -= 1
        if not (c.old_start <= p.start and p.end <= c.old_end):
            if c.old_end > c.old_start:
                return None  # changes before this one end before it begins
            continue
        # The change may cover more words than the slot: keep what stood in its place.
        head = c.old[:p.start - c.old_start]
        tail = c.old[p.end - c.old_start:]
        new = c.new
        if head and new.startswith(head):
            new = new[len(head):]
        if tail and new.endswith(tail):
            new = new[:-len(tail)]
        return new
    return None
