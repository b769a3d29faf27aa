"""Extraction: the metrics a draft reports and the commitments it makes.

Library use::

    from rcheck.extract import extract_metrics, extract_commitments
    doc = rcheck.load("report.txt")
    for m in extract_metrics(doc):
        print(m.subject, m.value, m.unit)

A draft in Traditional characters is read through a Simplified view of the same length
(OpenCC, character for character), so one lexicon serves both; every string returned is
sliced from the draft as written.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rcheck.extract.types import Commitment, Metric
from rcheck.settings import Settings, resolve_settings
from rcheck.text.document import Document
from rcheck.text.script import simplified_text

if TYPE_CHECKING:
    from rcheck.extract.metrics import Breaks
    from rcheck.facts.draft import DraftFacts
    from rcheck.lexicon import Lexicon
    from rcheck.text.tokenize import Tokenizer

__all__ = ["Commitment", "Extraction", "Metric", "commitments_of", "deadline_of", "extract",
           "extract_commitments", "extract_metrics", "metrics_of", "simplified_text", "target_of"]

@dataclass
class Extraction:
    path: str | None
    metrics: list[Metric] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "metrics": [m.to_dict() for m in self.metrics],
                "commitments": [c.to_dict() for c in self.commitments]}


def _document(source: str | os.PathLike[str] | Document) -> Document:
    if isinstance(source, Document):
        return source
    if isinstance(source, os.PathLike):
        from rcheck.text.readers import load

        return load(source)
    from rcheck.text.readers import normalise_newlines

    return Document(normalise_newlines(source).lstrip("\ufeff"))


def _facts(source: str | os.PathLike[str] | Document, settings: Settings | None, *,
           lexicon: Lexicon | None, tokenizer: Tokenizer | str | None,
           template: str | None) -> DraftFacts:
    from rcheck.facts.draft import DraftFacts

    return DraftFacts(_document(source), resolve_settings(settings, lexicon=lexicon, tokenizer=tokenizer,
                                                          template=template))


def clause_breaks(draft: DraftFacts) -> Breaks:
    """The clause breaks of the draft's Simplified view, found once for metrics, figures and
    commitment targets."""
    from rcheck.extract.metrics import Breaks

    return draft.memo("clause_breaks", lambda: Breaks(draft.simplified))


def metrics_of(draft: DraftFacts) -> list[Metric]:
    """The metrics of a draft whose facts a run already holds."""
    from rcheck.extract.metrics import scanner_for, to_metric

    scanner = scanner_for(draft.settings.lexicon)
    tokenizer = draft.settings.tokenizer
    text = draft.simplified
    breaks = clause_breaks(draft)
    return [to_metric(draft.doc.text, text, q, scanner.subject(text, q, tokenizer, breaks))
            for q in scanner.quantities(text, tokenizer, breaks) if q.is_metric]


def commitments_of(draft: DraftFacts, detail: bool = True, *, targets: bool = True,
                   deadlines: bool = True) -> list[Commitment]:
    """The commitments of a draft whose facts a run already holds (its kind, debris, view).

    `detail=False` leaves out target subjects, so the tokenizer is never loaded.
    `targets=False` leaves every target None, `deadlines=False` every deadline that is not
    written in the measure's owner lines, table cells or owner note: for a caller that reads
    them for a few commitments only, through `target_of` and `deadline_of`."""
    from rcheck.extract.commitments import commitment_finder_for

    finder = commitment_finder_for(draft.settings.lexicon)
    return finder.find(draft, draft.kind.template.key, draft.settings.tokenizer if detail else None,
                       targets=targets, deadlines=deadlines)


def target_of(draft: DraftFacts, c: Commitment) -> Metric | None:
    """`c.target` as `commitments_of(draft, detail=False)` gives it, for a commitment found
    with `targets=False`."""
    from rcheck.extract.commitments import commitment_finder_for

    return commitment_finder_for(draft.settings.lexicon).target_at(draft, c.start, c.end)


def deadline_of(draft: DraftFacts, c: Commitment) -> str | None:
    """`c.deadline` as `commitments_of(draft)` gives it, for a commitment found with
    `deadlines=False`."""
    if c.deadline is not None:
        return c.deadline
    from rcheck.extract.commitments import commitment_finder_for

    return commitment_finder_for(draft.settings.lexicon).deadline_at(draft, c.start, c.end)


def extract_metrics(source: str | os.PathLike[str] | Document, *, lexicon: Lexicon | None = None,
                    tokenizer: Tokenizer | str | None = None,
                    settings: Settings | None = None) -> list[Metric]:
    """Every counted quantity in the draft, in text order (cadences such as 每季度一次 left out)."""
    return metrics_of(_facts(source, settings, lexicon=lexicon, tokenizer=tokenizer, template=None))


def extract_commitments(source: str | os.PathLike[str] | Document, *, lexicon: Lexicon | None = None,
                        tokenizer: Tokenizer | str | None = None, template: str | None = None,
                        detail: bool = True, settings: Settings | None = None) -> list[Commitment]:
    """Every commitment in the draft, in text order, with target, cadence, deadline and owners.

    `template` (default: the settings', else auto) decides where the plan part is.
    `detail=False` leaves out the subject of each target, so the tokenizer is never loaded
    (what the lint rules C101-C103 need is there all the same)."""
    draft = _facts(source, settings, lexicon=lexicon, tokenizer=tokenizer, template=template)
    return commitments_of(draft, detail)


def extract(source: str | os.PathLike[str] | Document, *, lexicon: Lexicon | None = None,
            tokenizer: Tokenizer | str | None = None, template: str | None = None,
            settings: Settings | None = None) -> Extraction:
    """Metrics and commitments of one draft."""
    draft = _facts(source, settings, lexicon=lexicon, tokenizer=tokenizer, template=template)
    return Extraction(draft.doc.path, metrics_of(draft), commitments_of(draft))
