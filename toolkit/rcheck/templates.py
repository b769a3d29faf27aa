"""Report kinds: templates from `lexicons/templates/*.toml`, detection, and section matching.

A template says how to recognise a kind (title and heading patterns) and which sections it
needs, each with the heading wordings that count. Wordings are matched fuzzily (rapidfuzz),
so 存在的问题和不足， 问题与不足 and 存在不足 are one section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .document import Document, Heading
from .errors import LexiconError
from .lexicon import TEMPLATE_SCHEMA, Lexicon, check

_STOPS = re.compile(r"[。;；!?！？]")
_CLAUSE = re.compile(r"([^，,：:。；;]{2,14})[，,：:]")
_TITLE_TAIL = re.compile(r"[。!?\uff01\uff1f \u3000]+$")
_CUT = re.compile(r"此处(?:已)?隐藏\s*\d*\s*(?:个)?字")


@dataclass(frozen=True)
class TemplateSection:
    key: str
    name: str
    required: bool
    headings: tuple[str, ...]
    implicit: bool = False
    required_when_title: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class Template:
    key: str
    name: str
    priority: int
    threshold: float
    title_patterns: tuple[re.Pattern[str], ...]
    heading_patterns: tuple[re.Pattern[str], ...]
    sections: tuple[TemplateSection, ...]
    path: str = field(default="", compare=False)


@dataclass(frozen=True)
class Candidate:
    """A place in the draft that may name a section: a heading, or a short lead-in."""

    text: str
    start: int
    rank: int  # heading rank; 9 for an unnumbered line or lead-in clause


@dataclass(frozen=True)
class SectionMatch:
    section: TemplateSection
    candidate: Candidate | None
    score: float
    wording: str = ""


@dataclass(frozen=True)
class KindDetection:
    template: Template
    reason: str
    forced: bool = False


def _patterns(values: object, path: str, key: str) -> tuple[re.Pattern[str], ...]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise LexiconError(path, key, "must be a list of regular expressions")
    out = []
    for v in values:
        try:
            out.append(re.compile(v))
        except re.error as exc:
            raise LexiconError(path, key, f"bad regular expression {v!r}: {exc}") from None
    return tuple(out)


def parse_template(data: dict, path: str) -> Template:
    check(data, TEMPLATE_SCHEMA, path)  # types first: `priority = "high"` names its key
    for key in ("key", "name"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise LexiconError(path, key, "is required and must be a string")
    detect = data.get("detect", {})
    sections = []
    for i, s in enumerate(data.get("section", [])):
        where = f"section[{i}]"
        if not isinstance(s, dict) or not isinstance(s.get("key"), str):
            raise LexiconError(path, f"{where}.key", "is required")
        wordings = s.get("headings", [])
        if not isinstance(wordings, list) or not wordings:
            raise LexiconError(path, f"{where}.headings", "must be a non-empty list of wordings")
        sections.append(TemplateSection(
            key=s["key"], name=str(s.get("name", s["key"])), required=bool(s.get("required")),
            headings=tuple(str(w) for w in wordings), implicit=bool(s.get("implicit")),
            required_when_title=_patterns(s.get("required_when_title", []), path,
                                          f"{where}.required_when_title"),
        ))
    return Template(
        key=data["key"], name=data["name"], priority=int(data.get("priority", 0)),
        threshold=float(data.get("fuzzy_threshold", 80)),
        title_patterns=_patterns(detect.get("title", []), path, "detect.title"),
        heading_patterns=_patterns(detect.get("headings", []), path, "detect.headings"),
        sections=tuple(sections), path=path,
    )


@lru_cache(maxsize=8)
def load_templates(lexicon: Lexicon) -> dict[str, Template]:
    """Templates by key; a user directory's template replaces a built-in one of the same key."""
    out: dict[str, Template] = {}
    for path, data in lexicon.template_files:
        t = parse_template(data, path)
        out[t.key] = t
    if "generic" not in out:
        raise LexiconError("templates/generic.toml", "", "the generic fallback template is missing")
    return out


def _words(text: str, doc: Document, h: Heading) -> str:
    """A heading's words taken from `text` (the Simplified view when the draft is Traditional)."""
    if text is doc.text:
        return h.text
    return _TITLE_TAIL.sub("", text[h.marker_end:h.title_end]) or h.text


def candidates(doc: Document) -> list[Candidate]:
    """Headings, short unnumbered lines and lead-in clauses （下一步，…） that may name a section."""
    from .script import simplified_text

    text = simplified_text(doc.text)  # 存在的問題 matches 存在的问题
    out = [Candidate(_words(text, doc, h), h.start, h.rank) for h in doc.headings]
    heading_paras = {h.paragraph for h in doc.headings}
    title = doc.title
    for para in doc.paragraphs:
        if para.index in heading_paras or (title and para.start == title.start):
            continue
        line = text[para.start:para.end]
        if len(line) <= 25 and not _STOPS.search(line):
            out.append(Candidate(line.strip(), para.start, 9))
            continue
        m = _CLAUSE.match(line)
        if m:
            out.append(Candidate(m.group(1), para.start, 9))
    out.sort(key=lambda c: c.start)
    return out


def _score(wording: str, text: str) -> float:
    from rapidfuzz import fuzz

    whole = fuzz.ratio(wording, text)
    if len(text) >= len(wording):
        return max(whole, fuzz.partial_ratio(wording, text))
    return whole


def match_sections(doc: Document, template: Template) -> list[SectionMatch]:
    """For each template section, the best place in the draft that names it (or None)."""
    cands = candidates(doc)
    scores: dict[tuple[str, str], float] = {}  # drafts repeat headings; score each pair once
    out = []
    for section in template.sections:
        best: tuple[float, Candidate | None, str] = (0.0, None, "")
        for c in cands:
            for w in section.headings:
                s = scores.get((w, c.text))
                if s is None:
                    s = scores[(w, c.text)] = _score(w, c.text)
                if s > best[0] or (s == best[0] and best[1] is not None and c.rank < best[1].rank):
                    best = (s, c, w)
        if best[0] >= template.threshold:
            out.append(SectionMatch(section, best[1], best[0], best[2]))
        else:
            out.append(SectionMatch(section, None, best[0]))
    return out


def detect_kind(doc: Document, templates: dict[str, Template]) -> KindDetection:
    """The report kind, from the title first, then headings; generic when nothing matches."""
    from .script import simplified_text

    text = simplified_text(doc.text)
    title = text[doc.title.start:doc.title.end] if doc.title else ""
    heads = [_words(text, doc, h) for h in doc.headings]
    best: tuple[float, int, str] | None = None
    reasons: dict[str, str] = {}
    for t in templates.values():
        if t.key == "generic":
            continue
        hit_title = next((p.pattern for p in t.title_patterns if title and p.search(title)), None)
        hit_heads = sum(1 for h in heads for p in t.heading_patterns if p.search(h))
        evidence = (10 if hit_title else 0) + min(hit_heads, 5)
        if evidence == 0:
            continue
        why = []
        if hit_title:
            why.append(f"标题“{title}”符合“{hit_title}”")
        if hit_heads:
            why.append(f"{hit_heads} 处小标题符合该类报告的用语")
        reasons[t.key] = "；".join(why)
        key = (evidence, t.priority, t.key)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is None:
        return KindDetection(templates["generic"], "标题和小标题都不符合特定类型，按通用工作报告检查")
    return KindDetection(templates[best[2]], reasons[best[2]])


def choose_template(doc: Document, lexicon: Lexicon, name: str = "auto") -> KindDetection:
    templates = load_templates(lexicon)
    if name and name != "auto":
        for t in templates.values():
            if name in (t.key, t.name):
                return KindDetection(t, f"由 --template {name} 指定", forced=True)
        known = ", ".join(sorted(templates))
        from .errors import ConfigError

        raise ConfigError(f"unknown template {name!r}; known: {known}")
    return detect_kind(doc, templates)


def cut_positions(doc: Document) -> list[int]:
    """Where a web page cut the text (此处隐藏N字), in order; empty if it did not."""
    return [m.start() for m in _CUT.finditer(doc.text)]
