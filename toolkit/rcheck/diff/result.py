"""What `rcheck diff` reports: word changes, section pairs, metric and placeholder changes,
missing sections, and a draft set against its template; each serialisable to JSON."""


from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rcheck.facts.coverage import (
    ExtraSection,
    TemplateSectionStatus,
)
from rcheck.text import regex as re
from rcheck.text.document import Document

if TYPE_CHECKING:
    from rcheck.extract.types import Metric



MetricExtractor = Callable[[Document], Sequence["Metric"]]

STATUSES = ("same", "changed", "renamed", "moved", "added", "removed")
NUMBER = re.compile(r"\d+")
_EXCERPT_MAX = 80  # as lint's excerpts: a slot is matched by its marker text
_CONTEXT = 8  # characters each side that identify a placeholder across versions
_PLACEHOLDER_MATCH = 70.0  # rapidfuzz score (0-100) of the contexts for "the same slot"
# Placeholder pairs scored by their surroundings at most: beyond, a degenerate draft (thousands
# of slots edited at once) reports them unpaired rather than take minutes.
_FUZZY_PAIRS = 250_000


@dataclass
class Change:
    """One run of words replaced, inserted or deleted. `old_start:old_end` always indexes OLD
    and holds `old`; `new_start:new_end` always indexes NEW and holds `new`. An insertion's old
    span is empty (the point in OLD where the words would go), a deletion's new span likewise;
    so is the other side of an added or removed section's one change."""

    op: str  # "replace", "insert" or "delete"
    old: str
    new: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class SectionDiff:
    """A section pair (or an added or removed section) and the word changes inside it."""

    status: str  # one of STATUSES; moved wins over renamed, renamed over changed
    part: str  # "preamble", "section" or "closing"
    old_heading: str | None
    new_heading: str | None
    score: float
    changes: list[Change] = field(default_factory=list)
    moved: bool = False
    renamed: bool = False
    level: int | None = None  # heading rank: 1 for 一、, 2 for （一）…
    parents: list[str] = field(default_factory=list)  # headings above it, outermost first
    old_start: int | None = None
    old_end: int | None = None
    new_start: int | None = None
    new_end: int | None = None
    old_line: int | None = None
    new_line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["changes"] = [c.to_dict() for c in self.changes]
        return out


@dataclass
class MetricChange:
    """A counted quantity whose value changed: `18次` -> `22次`."""

    subject: str
    old: str
    new: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    unit: str | None = None
    section: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class PlaceholderChange:
    """A placeholder found in one version only: introduced (new) or resolved (old)."""

    text: str
    message: str
    start: int
    end: int
    line: int
    column: int
    context: str
    filled_with: str | None = None  # resolved only: what replaced it ("" when deleted)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class MissingSection:
    key: str
    name: str
    missing_in_old: bool

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class DiffResult:
    """Everything `rcheck diff OLD NEW` reports. `to_dict()` is the JSON shape (version 1)."""

    old: str
    new: str
    kind: str
    sections: list[SectionDiff]
    metrics: list[MetricChange]
    metrics_checked: bool  # False until `rcheck.extract` is installed: metrics not compared
    introduced: list[PlaceholderChange]
    resolved: list[PlaceholderChange]
    missing_required: list[MissingSection]
    old_doc: Document = field(repr=False, compare=False)
    new_doc: Document = field(repr=False, compare=False)

    @property
    def changed(self) -> bool:
        """True when the two texts differ anywhere (the exit code of `rcheck diff`)."""
        return self.old_doc.text != self.new_doc.text

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in STATUSES}
        for s in self.sections:
            out[s.status] += 1
        out["changes"] = sum(len(s.changes) for s in self.sections
                             if s.status not in ("added", "removed"))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "old": self.old,
            "new": self.new,
            "kind": self.kind,
            "sections": [s.to_dict() for s in self.sections],
            "metrics": [m.to_dict() for m in self.metrics],
            "metrics_checked": self.metrics_checked,
            "placeholders": {"introduced": [p.to_dict() for p in self.introduced],
                             "resolved": [p.to_dict() for p in self.resolved]},
            "missing_required": [m.to_dict() for m in self.missing_required],
            "summary": self.counts(),
        }


@dataclass
class TemplateDiff:
    """`rcheck diff --template NAME DRAFT`: each template section as present, implicit (under
    thematic headings), missing or out of order, and the draft's sections no template claims."""

    path: str
    kind: str
    template: str
    reason: str
    sections: list[TemplateSectionStatus]
    extra: list[ExtraSection]
    cut_lines: list[int] = field(default_factory=list)  # where a web page hid text (此处隐藏N字)

    @property
    def missing_required(self) -> list[TemplateSectionStatus]:
        return [s for s in self.sections if s.required and s.status == "missing"]

    @property
    def changed(self) -> bool:
        """True when a required section is missing or a section is out of order."""
        return bool(self.missing_required) or any(s.status == "out_of_order" for s in self.sections)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "path": self.path,
            "template": {"key": self.template, "name": self.kind, "reason": self.reason},
            "sections": [s.to_dict() for s in self.sections],
            "extra": [e.to_dict() for e in self.extra],
            "missing_required": [s.name for s in self.missing_required],
            "cut_lines": self.cut_lines,
        }
