"""The formulations lexicon and the scan of a draft against it, shared by W102 and W103.

Data: `lexicons/formulations.toml`. Every canonical form and every known wrong variant go
into one Aho-Corasick automaton, so one pass over the text finds them all, however many
entries the lexicon holds. A wrong variant that lies inside an occurrence of a canonical
form (新时代中国特色社会主义思想 inside 习近平新时代中国特色社会主义思想) is not a finding.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from rcheck.errors import LexiconError
from rcheck.lexicon import Lexicon, PhraseMatcher
from rcheck.rules.base import Context
from rcheck.text import regex as re

_FILE = "formulations"
_KINDS = ("term", "numbered", "collocation")
PARENS = str.maketrans({"(": "\uff08", ")": "\uff09"})
DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?")
YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
LEADER = "习近平"


@dataclass(frozen=True)
class Formulation:
    canonical: str
    wrong: tuple[str, ...]
    kind: str
    items: tuple[str, ...]
    groups: tuple[tuple[str, ...], ...]
    valid_until: str | None
    until_year: int | None
    note: str

    @property
    def self_listing(self) -> bool:
        """True when the canonical text is the list itself （不敢腐、不能腐、不想腐）."""
        if len(self.items) < 2:
            return False
        pos = 0
        for item in self.items:
            pos = self.canonical.find(item, pos)
            if pos < 0:
                return False
            pos += len(item)
        return True


@dataclass(frozen=True)
class FormulationData:
    entries: tuple[Formulation, ...]
    # normalised phrase -> (canonical of entries, wrong for entries)
    matcher: PhraseMatcher
    # items of self-listing numbered entries -> ((entry, item index), ...)
    listing: PhraseMatcher


def _strings(lexicon: Lexicon, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise LexiconError(lexicon.path_of(_FILE), key, "must be a list of non-empty strings")
    return tuple(value)


def _entry(lexicon: Lexicon, i: int, e: dict) -> Formulation:
    key = f"formulation[{i}]"
    path = lexicon.path_of(_FILE)
    canonical = e.get("canonical")
    if not isinstance(canonical, str) or not canonical.strip():
        raise LexiconError(path, f"{key}.canonical", "missing or empty: every formulation needs "
                           "its canonical text")
    kind = e.get("kind", "term")
    if kind not in _KINDS:
        raise LexiconError(path, f"{key}.kind", f"must be one of {', '.join(_KINDS)}")
    wrong = _strings(lexicon, f"{key}.wrong", e.get("wrong", []))
    items = _strings(lexicon, f"{key}.items", e.get("items", []))
    if kind == "numbered" and len(items) < 2:
        raise LexiconError(path, f"{key}.items", "a numbered formulation needs at least two items")
    groups_raw = e.get("groups", [])
    if not isinstance(groups_raw, list):
        raise LexiconError(path, f"{key}.groups", "must be a list of lists of items")
    groups = tuple(_strings(lexicon, f"{key}.groups[{j}]", g) for j, g in enumerate(groups_raw))
    for j, group in enumerate(groups):
        if any(item not in items for item in group):
            raise LexiconError(path, f"{key}.groups[{j}]", "every group item must be in `items`")
    until = e.get("valid_until")
    until_year = None
    if until is not None:
        m = DATE.fullmatch(str(until)) if isinstance(until, (str, int)) else None
        if m is None:
            raise LexiconError(path, f"{key}.valid_until", "must be YYYY or YYYY-MM")
        until_year = int(m.group(1))
        until = str(until)
    for field_name in ("note", "source", "valid_from"):
        if field_name in e and not isinstance(e[field_name], (str, int)):
            raise LexiconError(path, f"{key}.{field_name}", "must be a string")
    if canonical in wrong:
        raise LexiconError(path, f"{key}.wrong", "lists the canonical text itself as wrong")
    return Formulation(canonical, wrong, kind, items, groups, until, until_year,
                        str(e.get("note", "")).strip())


@lru_cache(maxsize=8)
def formulation_data(lexicon: Lexicon) -> FormulationData:
    entries = tuple(_entry(lexicon, i, e) for i, e in enumerate(lexicon.tables(_FILE, "formulation")))
    phrases: dict[str, tuple[list[int], list[int]]] = {}
    for i, f in enumerate(entries):
        phrases.setdefault(f.canonical.translate(PARENS), ([], []))[0].append(i)
        for w in f.wrong:
            phrases.setdefault(w.translate(PARENS), ([], []))[1].append(i)
    listing: dict[str, list[tuple[int, int]]] = {}
    for i, f in enumerate(entries):
        if f.self_listing:
            for j, item in enumerate(f.items):
                listing.setdefault(item, []).append((i, j))
    return FormulationData(
        entries=entries,
        matcher=PhraseMatcher((p, (tuple(c), tuple(w))) for p, (c, w) in phrases.items()),
        listing=PhraseMatcher((p, tuple(v)) for p, v in listing.items()),
    )


def _normalise(text: str) -> str:
    """Half-width parentheses read as full-width ones; offsets do not change."""
    return text.translate(PARENS) if ("(" in text or ")" in text) else text


@dataclass(frozen=True)
class Scan:
    text: str  # normalised
    canon: tuple[tuple[int, int, tuple[int, ...]], ...]  # (start, end, entries)
    wrong: tuple[tuple[int, int, tuple[int, ...]], ...]  # not inside a canonical occurrence


def scan_of(ctx: Context) -> Scan:
    """The scan of this run's document, shared by W102 and W103 (held by the draft's facts)."""
    return ctx.facts.memo("formulation", lambda: _scan_text(ctx.lexicon, ctx.doc.text))


def _scan_text(lexicon: Lexicon, raw: str) -> Scan:
    """One Aho-Corasick pass: canonical occurrences, and wrong ones that are not part of one."""
    data = formulation_data(lexicon)
    text = _normalise(raw)
    canon: list[tuple[int, int, tuple[int, ...]]] = []
    wrong: list[tuple[int, int, tuple[int, ...]]] = []
    for start, end, (c, w) in data.matcher.finditer(text):
        if c:
            canon.append((start, end, c))
        if w:
            wrong.append((start, end, w))
    canon.sort()
    starts = [c[0] for c in canon]
    reach = list(accumulate((c[1] for c in canon), max))  # furthest end among canon[:k+1]

    def covered(start: int, end: int) -> bool:
        k = bisect_right(starts, start) - 1
        return k >= 0 and reach[k] >= end

    kept = [h for h in wrong if not covered(h[0], h[1])]
    # Leftmost-longest among wrong forms: 习总书记新时代… holds 总书记新时代….
    kept.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[tuple[int, int, tuple[int, ...]]] = []
    last_end = -1
    for h in kept:
        if h[0] >= last_end:
            out.append(h)
            last_end = h[1]
    return Scan(text, tuple(canon), tuple(out))


def inner_quotes(text: str) -> str:
    """Inner double quotes become single ones inside a quoted message （“‘四个全面’战略布局”）."""
    return text.replace("“", "‘").replace("”", "’")
