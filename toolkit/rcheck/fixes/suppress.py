"""Suppressions that live in the draft or beside it: inline comments (.md, .txt), allow.toml.

`<!-- rcheck-disable CODE -->` … `<!-- rcheck-enable -->` hides findings of CODE (codes,
prefixes or names; none: every code) between the two; `<!-- rcheck-disable-next-line CODE -->`
the findings on the next line. The comment lines themselves are never findings. Each directive
records whether it hid anything, for `--report-unused-ignores`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rcheck.finding import Finding
from rcheck.text import regex as re

_DIRECTIVE = re.compile(
    r"^[ \t\u3000]*<!--[ \t]*rcheck-(?P<verb>disable-next-line|disable|enable)"
    r"(?P<codes>(?:[ \t:：]+[A-Za-z0-9_,，、 \t-]*?)?)[ \t]*-->[ \t]*$", re.M)

INLINE = "inSource"
EXTERNAL = "external"


@dataclass
class Directive:
    """One suppressing comment: what it hides, where, and whether it hid anything."""

    line: int
    text: str
    codes: tuple[str, ...]  # empty: every code
    start: int  # the text it covers
    end: int
    used: bool = False

    def covers(self, f: Finding) -> bool:
        if not (self.start <= f.start < self.end or (f.start == f.end == self.end)):
            return False
        return not self.codes or any(_matches(c, f) for c in self.codes)


def _matches(selector: str, f: Finding) -> bool:
    s = selector.strip()
    return f.code.startswith(s.upper()) or f.rule == s.lower()


def _codes(raw: str) -> tuple[str, ...]:
    return tuple(c for c in re.split(r"[\s,，、:：]+", raw) if c)


@dataclass
class Inline:
    directives: list[Directive] = field(default_factory=list)
    comment_spans: list[tuple[int, int]] = field(default_factory=list)


def parse_inline(text: str) -> Inline:
    """The draft's suppressing comments, with the spans each covers."""
    out = Inline()
    open_: list[Directive] = []
    line_of = _LineIndex(text)
    for m in _DIRECTIVE.finditer(text):
        a, b = m.start(), m.end()
        out.comment_spans.append((a, b))
        codes = _codes(m.group("codes"))
        verb = m.group("verb")
        line = line_of(a)
        if verb == "disable-next-line":
            start = b + 1 if b < len(text) else b
            nxt = text.find("\n", start)
            end = len(text) if nxt < 0 else nxt
            out.directives.append(Directive(line, m.group().strip(), codes, start, end))
        elif verb == "disable":
            d = Directive(line, m.group().strip(), codes, b, len(text))
            open_.append(d)
            out.directives.append(d)
        else:  # enable: closes the matching disables (all of them when it names no code)
            for d in list(open_):
                if not codes or set(d.codes) & set(codes) or not d.codes:
                    d.end = a
                    open_.remove(d)
    return out


class _LineIndex:
    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def __call__(self, offset: int) -> int:
        from bisect import bisect_right

        return bisect_right(self.starts, offset)


def in_comment(f: Finding, spans: list[tuple[int, int]], starts: list[int] | None = None) -> bool:
    """Whether `f` lies within one of `spans` (sorted, not overlapping: comment lines)."""
    from bisect import bisect_right

    i = bisect_right(starts if starts is not None else [a for a, _ in spans], f.start) - 1
    return i >= 0 and f.end <= spans[i][1]


def apply_inline(findings: list[Finding],
                 text: str) -> tuple[list[Finding], list[Finding], list[Directive]]:
    """(kept, suppressed, directives) for the draft's inline comments."""
    if "rcheck-" not in text:
        return findings, [], []
    inline = parse_inline(text)
    return (*_sweep(findings, inline.directives, inline.comment_spans), inline.directives)


def _sweep(findings: list[Finding], directives: list[Directive],
           comment_spans: list[tuple[int, int]] = ()) -> tuple[list[Finding], list[Finding]]:
    """Findings split by the directives covering them, in one pass by position (a hostile
    draft with thousands of comments and findings stays linear, not their product)."""
    spans = sorted(comment_spans)
    starts = [a for a, _ in spans]
    by_start = sorted(directives, key=lambda d: d.start)
    active: list[Directive] = []
    k = 0
    kept: list[Finding] = []
    hidden: list[Finding] = []
    for f in sorted(findings, key=lambda f: (f.start, f.end)):
        if spans and in_comment(f, spans, starts):
            continue  # a directive is the user's own note, never a fault of the draft
        while k < len(by_start) and by_start[k].start <= f.start:
            active.append(by_start[k])
            k += 1
        active = [d for d in active if d.end >= f.start]
        hit = [d for d in active if d.covers(f)]
        for d in hit:
            d.used = True
        (hidden if hit else kept).append(f)
    order = {id(f): i for i, f in enumerate(findings)}
    kept.sort(key=lambda f: order[id(f)])
    return kept, hidden


@dataclass(frozen=True)
class Allowed:
    words: tuple[str, ...]
    codes: tuple[str, ...]  # empty: every code


def allow_list(lexicon: object) -> list[Allowed]:
    tables = lexicon.tables("allow", "allow")  # type: ignore[attr-defined]
    return [Allowed(tuple(t.get("words", [])), tuple(t.get("codes", []))) for t in tables]


def apply_allow(findings: list[Finding], text: str,
                allowed: list[Allowed]) -> tuple[list[Finding], list[Finding]]:
    """(kept, allowed): a finding whose span overlaps an allowed word of its code is dropped."""
    if not allowed:
        return findings, []
    spans: list[tuple[int, int, tuple[str, ...]]] = []
    for entry in allowed:
        for word in entry.words:
            if not word:
                continue
            i = text.find(word)
            while i >= 0:
                spans.append((i, i + len(word), entry.codes))
                i = text.find(word, i + 1)
    kept, hidden = [], []
    for f in findings:
        end = max(f.end, f.start + 1)
        ok = any(a < end and f.start < b and (not codes or any(_matches(c, f) for c in codes))
                 for a, b, codes in spans)
        (hidden if ok else kept).append(f)
    return kept, hidden


@dataclass
class Suppressed:
    """Findings a suppression hid, each with how (`inSource`: in the draft; `external`: beside
    it, such as allow.toml or a baseline), and the inline directives with their use."""

    findings: list[tuple[Finding, str]] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)


def suppress(text: str, findings: list[Finding], lexicon: object,
             extra: list[Directive] | None = None,
             allow: Sequence[str] = ()) -> tuple[list[Finding], Suppressed]:
    """Findings left after the draft's inline comments (and `extra` directives, such as Word
    comments) and the allow-lists (the lexicons' allow.toml and the settings' `allow` words,
    which hold for every code), and what they hid."""
    out = Suppressed()
    kept, hidden, out.directives = apply_inline(findings, text)
    if extra:
        kept, more = _sweep(kept, extra)
        hidden.extend(more)
        out.directives.extend(extra)
    out.findings.extend((f, INLINE) for f in hidden)
    entries = allow_list(lexicon)
    if allow:
        entries.append(Allowed(tuple(allow), ()))
    kept, allowed = apply_allow(kept, text, entries)
    out.findings.extend((f, EXTERNAL) for f in allowed)
    return kept, out
