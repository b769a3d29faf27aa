"""Report kinds: templates from `lexicons/templates/*.toml`, detection, and section matching.

A template says how to recognise a kind (title and heading patterns) and which sections it
needs, each with the heading wordings that count. Wordings are matched fuzzily (rapidfuzz),
so 存在的问题和不足， 问题与不足 and 存在不足 are one section.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from functools import lru_cache

from rcheck.errors import LexiconError
from rcheck.lexicon import TEMPLATE_SCHEMA, Lexicon, check
from rcheck.text import regex as re
from rcheck.text.document import Document, Heading
from rcheck.text.structure import TITLE_TAIL

_STOPS = re.compile(r"[。;；!?！？]")
_CLAUSE = re.compile(r"([^，,：:。；;]{2,14})[，,：:]")
_TWO_CLAUSES = re.compile(r"([^，,：:。；;]{1,4}[，,][^，,：:。；;]{2,14})[，,：:]")
_LEVELS = ("warning", "info", "off")
# A title runs over several short lines in official documents (国务院办公厅关于推进 / ……的意见);
# it ends before the 文号, the 主送 line, a subtitle or the first sentence.
_DOC_NUMBER = re.compile(r"[〔\[［(（]\s*(?:19|20)\d\d\s*[〕\]］)）]\s*\d+\s*号")
_TITLE_STOP = re.compile(r"[。；;：:]$|^[—─-]{1,2}|^[（(]|[。；;]")
_TYPE_WORD = re.compile(r"(?:通知|意见|方案|报告|要点|预案|通报|办法|规定|讲话|函|决定|计划|总结|细则|条例"
                        r"|规划)$")
# 关于印发《X》的通知: the body is X, so X's type word is the one that counts.
_TRANSMIT = re.compile(r"(?:印发|转发|下发)《?(.+?)》?的(?:通知|函)$")
# Template-site decoration after the title's type word: 范文, （精选五篇）, 2篇, .docx.
_TITLE_SUFFIX = re.compile(r"(?:范文|范本|模板|大全|精选|通用|最新|[（(][^（）()]{0,12}[）)]"
                           r"|[一二三四五六七八九十\d]+篇|\.docx?|[-_—]+.{0,12}$)+$")
_SPACES = re.compile(r"[ \u3000\t]+")
# A 主送 line issuing the document to other bodies (各省、自治区…：, 各乡镇人民政府，县直各单位：);
# a report to a superior names one body (县委：) and is not one.
_ADDRESSEE = re.compile(r"^各(?!位)[^。；;]{1,118}[：:]$")  # 各位代表： addresses an audience
# Or, where the 主送 line was not kept, the body tasks whole classes of governments and
# departments, as national and provincial documents do (各地区、各部门要…, 各省（区、市）).
_ISSUED_TO_ALL = re.compile(r"各地区、?各(?:有关)?部门|各省[（(]区、市[）)]|各省、自治区、直辖市"
                            r"|各地各有关部门|国务院[^，。；]{0,10}部门|各级(?:人民)?政府")
# A body cue counts where the document states what it is: its opening and its close.
_BODY_WINDOW = 3000


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
    # The document-type word the title ends with (……的意见, ……实施方案): the strongest cue.
    title_end_patterns: tuple[re.Pattern[str], ...] = ()
    # Phrases of the body (各位代表, 通知如下, 同志们): each distinct one is evidence.
    body_patterns: tuple[re.Pattern[str], ...] = ()
    # Evidence needed before this kind is claimed: a kind that makes every sentence a
    # commitment (plan) asks for more than one heading.
    min_evidence: int = 3
    # How rules C101-C103 treat the kind's commitments (see generic.toml, [commitments]).
    commitments: dict[str, object] = field(default_factory=dict, compare=False, hash=False)
    # The whole body is a plan (实施方案, 工作要点), not only its 下一步 parts.
    plan: bool = False


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
    commitments = data.get("commitments", {})
    if not isinstance(commitments, dict):
        raise LexiconError(path, "commitments", "must be a table")
    for name in ("vague", "ownerless", "undated", "addressed_vague", "addressed_ownerless",
                 "addressed_undated"):
        if commitments.get(name, "info") not in _LEVELS:
            raise LexiconError(path, f"commitments.{name}", "must be \"warning\", \"info\" or \"off\"")
    if commitments.get("scope", "plan") not in ("plan", "document"):
        raise LexiconError(path, "commitments.scope", "must be \"plan\" or \"document\"")
    return Template(
        key=data["key"], name=data["name"], priority=int(data.get("priority", 0)),
        threshold=float(data.get("fuzzy_threshold", 80)),
        title_patterns=_patterns(detect.get("title", []), path, "detect.title"),
        heading_patterns=_patterns(detect.get("headings", []), path, "detect.headings"),
        sections=tuple(sections), path=path,
        title_end_patterns=_patterns(detect.get("title_end", []), path, "detect.title_end"),
        body_patterns=_patterns(detect.get("body", []), path, "detect.body"),
        min_evidence=int(detect.get("min_evidence", 3)),
        commitments=dict(commitments), plan=bool(data.get("plan")),
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
    return TITLE_TAIL.sub("", text[h.marker_end:h.title_end]) or h.text


def candidates(doc: Document) -> list[Candidate]:
    """Headings, short unnumbered lines and lead-in clauses （下一步，…） that may name a section."""
    text = doc.simplified  # 存在的問題 matches 存在的问题
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
        if m and len(m.group(1)) < 5:
            # 同时，我们也清醒看到，…: a connective first clause; the lead-in is the two together.
            m = _TWO_CLAUSES.match(line) or m
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


def _scores(wordings: list[str], texts: list[str]):  # -> numpy array (wordings x texts)
    """`_score` of every (wording, text) pair: two rapidfuzz matrices in C instead of a call
    per pair (a long draft has thousands of candidate lines)."""
    import numpy as np
    from rapidfuzz import fuzz, process

    whole = process.cdist(wordings, texts, scorer=fuzz.ratio, dtype=np.float64)
    partial = process.cdist(wordings, texts, scorer=fuzz.partial_ratio, dtype=np.float64)
    longer = np.array([len(t) for t in texts])[None, :] >= np.array([len(w) for w in wordings])[:, None]
    return np.where(longer, np.maximum(whole, partial), whole)


# Below this many (wording, line) pairs a call per pair is quicker than importing numpy, which a
# short draft's cold run would otherwise pay for S101 alone.
SMALL = 20_000


def match_sections(doc: Document, template: Template) -> list[SectionMatch]:
    """For each template section, the best place in the draft that names it (or None): the
    highest score; among equal scores the first candidate of the lowest rank, and for one
    candidate the first wording that reaches it."""
    cands = candidates(doc)
    texts = list(dict.fromkeys(c.text for c in cands))  # drafts repeat headings: score each once
    wordings = list(dict.fromkeys(w for section in template.sections for w in section.headings))
    if not texts or not wordings:
        return [SectionMatch(section, None, 0.0) for section in template.sections]
    if _small(len(texts) * len(wordings)):
        return _match_small(cands, texts, wordings, template)
    import numpy as np

    column = {t: i for i, t in enumerate(texts)}
    row = {w: i for i, w in enumerate(wordings)}
    table = _scores(wordings, texts)
    of_cand = np.array([column[c.text] for c in cands], dtype=np.intp)
    ranks = np.array([c.rank for c in cands])
    out = []
    for section in template.sections:
        if not section.headings:
            out.append(SectionMatch(section, None, 0.0))
            continue
        sub = table[[row[w] for w in section.headings]][:, of_cand]  # wordings x candidates
        per_cand = sub.max(axis=0)
        best_score = float(per_cand.max())
        if best_score <= 0.0:
            out.append(SectionMatch(section, None, 0.0))
            continue
        tied = np.flatnonzero(per_cand == best_score)
        k = int(tied[np.argmin(ranks[tied])])  # argmin: the first of the lowest rank
        wording = section.headings[int(np.argmax(sub[:, k]))]
        out.append(_matched(section, cands[k], best_score, wording, template))
    return out


def _small(pairs: int) -> bool:
    return pairs <= SMALL and "numpy" not in sys.modules


def _match_small(cands: list[Candidate], texts: list[str], wordings: list[str],
                 template: Template) -> list[SectionMatch]:
    """`match_sections` by a call per pair: the same choices (first of lowest rank, first wording)."""
    scores = {w: {t: _score(w, t) for t in texts} for w in wordings}
    out = []
    for section in template.sections:
        if not section.headings:
            out.append(SectionMatch(section, None, 0.0))
            continue
        rows = [scores[w] for w in section.headings]
        per_cand = [max(r[c.text] for r in rows) for c in cands]
        best_score = float(max(per_cand))
        if best_score <= 0.0:
            out.append(SectionMatch(section, None, 0.0))
            continue
        k = min((i for i, v in enumerate(per_cand) if v == best_score), key=lambda i: cands[i].rank)
        text = cands[k].text
        best_row = max(r[text] for r in rows)
        wording = next(w for w, r in zip(section.headings, rows, strict=True) if r[text] == best_row)
        out.append(_matched(section, cands[k], best_score, wording, template))
    return out


def _matched(section: TemplateSection, cand: Candidate, score: float, wording: str,
             template: Template) -> SectionMatch:
    if score >= template.threshold:
        return SectionMatch(section, cand, score, wording)
    return SectionMatch(section, None, score)


def title_text(doc: Document, text: str) -> str:
    """The title, joined over the short lines an official document spreads it on, spaces removed."""
    from rcheck.text.structure import match_marker

    if not doc.title:
        return ""
    parts: list[str] = []
    for para in doc.paragraphs[:4]:
        line = _SPACES.sub("", text[para.start:para.end])
        if parts and (len(line) > 40 or _DOC_NUMBER.search(line) or _TITLE_STOP.search(line)
                      or match_marker(line) is not None):
            break
        parts.append(line)
        if _TYPE_WORD.search(_TITLE_SUFFIX.sub("", line)) or len("".join(parts)) > 60:
            break
    return "".join(parts)


def addressed(doc: Document, text: str) -> bool:
    """A document issued to other bodies (a 主送 line near the top, or tasks for 各地区、各部门),
    not a unit's own report or plan."""
    for para in doc.paragraphs[1:8]:
        line = text[para.start:para.end].strip()
        if _ADDRESSEE.match(line) and len(line) <= 120:
            return True
    return bool(_ISSUED_TO_ALL.search(text))


@dataclass(frozen=True)
class _Evidence:
    score: int
    why: list[str]


def _evidence(t: Template, title: str, type_title: str, heads: list[str], body: str) -> _Evidence:
    """Title ending 15, title words 10, each distinct body cue 3 (at most 9), and headings: one
    heading is chance, so they count from the second (at most 5)."""
    score, why = 0, []
    end = next((m.group() for p in t.title_end_patterns if type_title and (m := p.search(type_title))), None)
    if end:
        score += 15
        word = _TYPE_WORD.search(end)
        named = end if len(end) <= 8 else word.group() if word else end[-6:]
        issued = f"所印发的“{type_title}”" if type_title != title and type_title in title else "标题"
        why.append(f"{issued}以“{named}”结尾（标题“{title}”）")
    hit_title = next((p.pattern for p in t.title_patterns if title and p.search(title)), None)
    if hit_title and not end:
        score += 10
        why.append(f"标题“{title}”符合“{hit_title}”")
    cues = [m.group() for p in t.body_patterns if (m := p.search(body))]
    if cues:
        score += min(3 * len(cues), 9)
        why.append("正文有该类文件的用语（" + "".join(f"“{c}”" for c in cues[:3]) + "）")
    either = _either(t.heading_patterns)
    hit_heads = sum(1 for h in heads if either.search(h)) if either is not None else sum(
        1 for h in heads if any(p.search(h) for p in t.heading_patterns))
    if hit_heads >= 2:
        score += min(hit_heads, 5)
        why.append(f"{hit_heads} 处小标题符合该类报告的用语")
    return _Evidence(score, why)


_SELF_CONTAINED = re.compile(r"\(\?[aiLmsux-]|\(\?P|\\\d|\\g")


@lru_cache(maxsize=64)
def _either(patterns: tuple[re.Pattern[str], ...]) -> re.Pattern[str] | None:
    """One pattern that finds a match wherever any of `patterns` does: one search per heading
    instead of one per pattern. None when a pattern carries flags, names a group or refers back
    to one, where joining them could change what matches."""
    if not patterns or any(p.flags != re.UNICODE or _SELF_CONTAINED.search(p.pattern) for p in patterns):
        return None
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns))


def detect_kind(doc: Document, templates: dict[str, Template]) -> KindDetection:
    """The report kind from the whole document: title, headings and body cues together.

    Each kind needs its own `min_evidence`; the most evidence wins, priority breaks ties, and
    generic (which requires no section) is the answer when no kind has enough."""
    text = doc.simplified
    title = title_text(doc, text)
    bare = _TITLE_SUFFIX.sub("", title) or title
    m = _TRANSMIT.search(bare)
    type_title = (_TITLE_SUFFIX.sub("", m.group(1)) or m.group(1)) if m else bare
    if m and not any(p.search(type_title) for t in templates.values() for p in t.title_end_patterns):
        type_title = bare  # 印发《……任务》的通知: what is issued names no kind; the notice does
    heads = [_words(text, doc, h) for h in doc.headings]
    body = text[:_BODY_WINDOW] + "\n" + text[-_BODY_WINDOW:] if len(text) > 2 * _BODY_WINDOW else text
    best: tuple[int, int, str] | None = None
    reasons: dict[str, str] = {}
    near: list[str] = []
    for t in templates.values():
        if t.key == "generic":
            continue
        ev = _evidence(t, title, type_title, heads, body)
        if ev.score == 0:
            continue
        if ev.score < t.min_evidence:
            near.append(f"{t.name}证据不足（{'；'.join(ev.why)}）")
            continue
        reasons[t.key] = "；".join(ev.why) + f"（得分 {ev.score}）"
        key = (ev.score, t.priority, t.key)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is None:
        why = "标题、小标题和正文都不足以判断为特定类型，按通用模板检查（不要求特定部分）"
        if near:
            why += "：" + "；".join(near[:2])
        return KindDetection(templates["generic"], why)
    reason = reasons[best[2]]
    if addressed(doc, text):
        reason += "；是发给其他单位执行的文件（有主送各单位的一行，或要求各地区、各部门落实）"
    return KindDetection(templates[best[2]], reason)


def choose_template(doc: Document, lexicon: Lexicon, name: str = "auto") -> KindDetection:
    templates = load_templates(lexicon)
    if name and name != "auto":
        for t in templates.values():
            if name in (t.key, t.name):
                return KindDetection(t, f"由 --template {name} 指定", forced=True)
        known = ", ".join(sorted(templates))
        from rcheck.errors import ConfigError

        raise ConfigError(f"unknown template {name!r}; known: {known}")
    return detect_kind(doc, templates)
