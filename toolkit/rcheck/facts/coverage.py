"""A draft against its report kind's template: which sections are present, implicit, missing
or out of order. S101 and `rcheck diff --template` both ask this module, so they cannot
disagree about what a draft lacks.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from rcheck.facts.debris import cut_positions
from rcheck.facts.templates import KindDetection, SectionMatch, match_sections
from rcheck.lexicon import Lexicon
from rcheck.text.document import Document, Section


@dataclass
class TemplateSectionStatus:
    """One section of the template and what the draft has for it."""

    key: str
    name: str
    required: bool
    status: str  # "present", "implicit", "missing" or "out_of_order"
    heading: str | None = None
    score: float | None = None
    start: int | None = None
    line: int | None = None
    # For S101's anchor, not reported: where the last section standing for it starts, and
    # whether it was named by a lead-in line (rank 9: 存在隐患：) rather than a heading.
    last_start: int | None = field(default=None, repr=False, compare=False)
    lead_in: str | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        del out["last_start"], out["lead_in"]
        return out


@dataclass
class ExtraSection:
    """A top-level section of the draft that no template section claims."""

    heading: str
    start: int
    line: int

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def increasing_run(values: list[int], keep_early: bool = False) -> set[int]:
    """Indices (into `values`) of one longest increasing subsequence. Of several, the default
    keeps the later items in place; `keep_early` the earlier ones."""
    if keep_early:
        n = len(values)
        return {n - 1 - i for i in increasing_run([-v for v in reversed(values)])}
    tails: list[int] = []
    tail_at: list[int] = []
    back = [-1] * len(values)
    for i, v in enumerate(values):
        k = bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_at.append(i)
        else:
            tails[k] = v
            tail_at[k] = i
        back[i] = tail_at[k - 1] if k else -1
    out: set[int] = set()
    i = tail_at[-1] if tail_at else -1
    while i >= 0:
        out.add(i)
        i = back[i]
    return out


def _present(doc: Document, m: SectionMatch, required: bool) -> TemplateSectionStatus:
    c = m.candidate
    assert c is not None
    line, _ = doc.position(c.start)
    return TemplateSectionStatus(m.section.key, m.section.name, required, "present", c.text,
                                 round(m.score / 100, 3), c.start, line, c.start,
                                 c.text if c.rank == 9 else None)


def _implicit(doc: Document, m: SectionMatch, required: bool, later: int | None,
              claimed: list[tuple[int, int]]) -> tuple[TemplateSectionStatus, list[Section]] | None:
    """Achievements often come under thematic headings (一、立根铸魂…): the top-level sections
    before the next section found, that no template section already names, stand for it."""
    top = doc.sections.children
    before = [s for s in top if (later is None or s.start < later)
              and all(not (a <= s.start < b) for a, b in claimed)]
    if not before:
        return None
    line, _ = doc.position(before[0].start)
    status = TemplateSectionStatus(m.section.key, m.section.name, required, "implicit",
                                   "；".join(s.title for s in before), None, before[0].start, line,
                                   before[-1].start)
    return status, before


def _claimed_order(doc: Document, matches: list[SectionMatch]) -> list[tuple[int, int]]:
    """The top-level spans that the sections found by name hold: a heading a template section
    names is not a thematic heading for another."""
    out = []
    for m in matches:
        if m.candidate is None:
            continue
        for s in doc.sections.children:
            if s.start <= m.candidate.start < s.end:
                out.append((s.start, s.end))
                break
    return out


def template_sections(doc: Document, detection: KindDetection,
                      matches: list[SectionMatch] | None = None
                      ) -> tuple[list[TemplateSectionStatus], list[ExtraSection]]:
    """Each template section as present, implicit, missing or out of order, and the draft's
    top-level sections that match none. A required section counts as present under thematic
    headings when the template marks it implicit."""
    matches = matches if matches is not None else match_sections(doc, detection.template)
    title = doc.text[doc.title.start:doc.title.end] if doc.title else ""
    claimed = _claimed_order(doc, matches)
    statuses: list[TemplateSectionStatus] = []
    for i, m in enumerate(matches):
        section = m.section
        required = section.required or any(p.search(title) for p in section.required_when_title)
        if m.candidate is not None:
            statuses.append(_present(doc, m, required))
            continue
        if section.implicit and doc.headings:
            later = next((n.candidate.start for n in matches[i + 1:] if n.candidate), None)
            found = _implicit(doc, m, required, later, claimed)
            if found:
                statuses.append(found[0])
                claimed.extend((s.start, s.end) for s in found[1])
                continue
        statuses.append(TemplateSectionStatus(section.key, section.name, required, "missing"))
    _mark_out_of_order(statuses)
    return statuses, _extras(doc, claimed)


def _mark_out_of_order(statuses: list[TemplateSectionStatus]) -> None:
    """Of two sections swapped, the one the template wants later is the one out of place."""
    found = [i for i, s in enumerate(statuses) if s.start is not None]
    keep = increasing_run([statuses[i].start or 0 for i in found], keep_early=True)
    for k, i in enumerate(found):
        if k not in keep:
            statuses[i].status = "out_of_order"


def _extras(doc: Document, claimed: list[tuple[int, int]]) -> list[ExtraSection]:
    out = []
    for s in doc.sections.children:
        if any(a <= s.start < b for a, b in claimed) or s.heading is None:
            continue
        line, _ = doc.position(s.start)
        out.append(ExtraSection(doc.text[s.heading.start:s.heading.title_end].rstrip("。"),
                                s.start, line))
    return out


def missing_required(doc: Document, detection: KindDetection) -> list[TemplateSectionStatus]:
    """Required template sections the draft lacks (none for a headless passage of no kind)."""
    if not doc.headings and detection.template.key == "generic":
        return []
    statuses, _ = template_sections(doc, detection)
    return [s for s in statuses if s.required and s.status == "missing"]


def cut_lines(doc: Document, lexicon: Lexicon | None = None) -> list[int]:
    """Lines where a web page cut the text: a missing section may be hidden there."""
    return [doc.position(p)[0] for p in cut_positions(doc, lexicon)]
