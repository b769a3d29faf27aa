"""Suppressions that live in the draft or beside it: inline comments (.md, .txt), allow.toml.

`<!-- rcheck-disable CODE -->` … `<!-- rcheck-enable -->` hides findings of CODE (codes,
prefixes or names; none: every code) between the two; `<!-- rcheck-disable-next-line CODE -->`
the findings on the next line. The comment lines themselves are never findings. Each directive
records whether it hid anything, for `--report-unused-ignores`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rcheck.finding import Finding

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


def in_comment(f: Finding, spans: list[tuple[int, int]]) -> bool:
    return any(a <= f.start and f.end <= b for a, b in spans)


def apply_inline(findings: list[Finding],
                 text: str) -> tuple[list[Finding], list[Finding], list[Directive]]:
    """(kept, suppressed, directives) for the draft's inline comments."""
    if "rcheck-" not in text:
        return findings, [], []
    inline = parse_inline(text)
    kept: list[Finding] = []
    hidden: list[Finding] = []
    for f in findings:
        if in_comment(f, inline.comment_spans):
            continue  # a directive is the user's own note, never a fault of the draft
        hit = [d for d in inline.directives if d.covers(f)]
        for d in hit:
            d.used = True
        (hidden if hit else kept).append(f)
    return kept, hidden, inline.directives


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
             extra: list[Directive] | None = None) -> tuple[list[Finding], Suppressed]:
    """Findings left after the draft's inline comments (and `extra` directives, such as Word
    comments) and the allow-lists, and what they hid."""
    out = Suppressed()
    kept, hidden, out.directives = apply_inline(findings, text)
    if extra:
        still = []
        for f in kept:
            hit = [d for d in extra if d.covers(f)]
            for d in hit:
                d.used = True
            (hidden if hit else still).append(f)
        kept = still
        out.directives.extend(extra)
    out.findings.extend((f, INLINE) for f in hidden)
    kept, allowed = apply_allow(kept, text, allow_list(lexicon))
    out.findings.extend((f, EXTERNAL) for f in allowed)
    return kept, out
