"""Web-page debris: text left over from the page a draft was copied from (来源：, 此处隐藏N字).

Patterns are data (`lexicons/debris.toml`). Words such as 来源 or 作者 occur in ordinary
sentences too, so the entries marked `line = true` count only on a short line. Read by the
rule D101 and by extraction, which never takes debris for a commitment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from rcheck.errors import LexiconError
from rcheck.lexicon import Lexicon


@dataclass(frozen=True)
class DebrisEntry:
    label: str
    severity: str | None
    line_only: bool
    why: str


@lru_cache(maxsize=8)
def _compiled(lexicon: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str], tuple[DebrisEntry, ...], int]:
    """Two alternations: entries valid anywhere, and entries valid only on a short line."""
    entries: list[DebrisEntry] = []
    anywhere: list[str] = []
    line_only: list[str] = []
    for i, e in enumerate(lexicon.tables("debris", "debris")):
        key = f"debris[{i}]"
        if not isinstance(e.get("pattern"), str) or not isinstance(e.get("label"), str):
            raise LexiconError(lexicon.path_of("debris"), key, "needs `pattern` and `label`")
        lexicon.regex("debris", f"{key}.pattern", e["pattern"])  # validate alone first
        entry = DebrisEntry(e["label"], e.get("severity"), bool(e.get("line")), str(e.get("why", "")))
        (line_only if entry.line_only else anywhere).append(f"(?P<d{i}>{e['pattern']})")
        entries.append(entry)
    max_line = int(lexicon.get("debris").get("max_line", 80))
    never = r"(?!)"
    return (re.compile("|".join(anywhere) or never), re.compile("|".join(line_only) or never),
            tuple(entries), max_line)


def _short_lines(text: str, max_line: int) -> Iterator[tuple[int, int]]:
    pos = 0
    for line in text.split("\n"):
        if len(line.strip()) <= max_line:
            yield pos, pos + len(line)
        pos += len(line) + 1


@lru_cache(maxsize=4)
def find_debris(text: str, lexicon: Lexicon) -> tuple[tuple[int, int, DebrisEntry], ...]:
    """(start, end, entry) of each piece of debris, in order, trailing space left out.

    Cached: the rule D101 and extraction (which never takes debris for a commitment) both ask."""
    return tuple(_scan(text, lexicon))


def _scan(text: str, lexicon: Lexicon) -> Iterator[tuple[int, int, DebrisEntry]]:
    anywhere, line_only, entries, max_line = _compiled(lexicon)
    matches = list(anywhere.finditer(text))
    for start, end in _short_lines(text, max_line):
        matches.extend(line_only.finditer(text, start, end))
    taken: list[tuple[int, int]] = []
    for m in sorted(matches, key=lambda m: (m.start(), -m.end())):
        start, end = m.span()
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start or any(a <= start and end <= b for a, b in taken):
            continue
        taken.append((start, end))
        yield start, end, entries[int(m.lastgroup[1:])]
