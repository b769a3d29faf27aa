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
from functools import cached_property
from typing import Any

from rcheck.extract.types import Commitment, Metric
from rcheck.lexicon import Lexicon, load_lexicon
from rcheck.text.document import Document
from rcheck.text.script import simplified_text
from rcheck.text.tokenize import Tokenizer, get_tokenizer

__all__ = ["Commitment", "Extraction", "Metric", "extract", "extract_commitments", "extract_metrics",
           "simplified_text"]

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


class _Run:
    """One document's shared state: its Simplified view, lexicon and tokenizer."""

    def __init__(self, source: str | os.PathLike[str] | Document, lexicon: Lexicon | None,
                 tokenizer: Tokenizer | str | None) -> None:
        self.doc = _document(source)
        self.lexicon = lexicon or load_lexicon()
        self._tokenizer = tokenizer
        self.text = simplified_text(self.doc.text)

    @cached_property
    def tokenizer(self) -> Tokenizer:
        """Loaded on first use: commitments without target subjects never need it."""
        if self._tokenizer is None or isinstance(self._tokenizer, str):
            return get_tokenizer(self._tokenizer or "rjieba")
        return self._tokenizer

    def metrics(self) -> list[Metric]:
        from rcheck.extract.metrics import scanner_for, to_metric

        scanner = scanner_for(self.lexicon)
        out = []
        for q in scanner.quantities(self.text, self.tokenizer):
            if not q.is_metric:
                continue
            out.append(to_metric(self.doc.text, self.text, q, scanner.subject(self.text, q, self.tokenizer)))
        return out

    def commitments(self, template: str, detail: bool = True) -> list[Commitment]:
        from rcheck.extract.commitments import commitment_finder_for
        from rcheck.facts.templates import choose_template

        kind = choose_template(self.doc, self.lexicon, template).template.key
        return commitment_finder_for(self.lexicon).find(self.doc, self.text, kind,
                                                        self.tokenizer if detail else None)


def extract_metrics(source: str | os.PathLike[str] | Document, *, lexicon: Lexicon | None = None,
                    tokenizer: Tokenizer | str | None = None) -> list[Metric]:
    """Every counted quantity in the draft, in text order (cadences such as 每季度一次 left out)."""
    return _Run(source, lexicon, tokenizer).metrics()


def extract_commitments(source: str | os.PathLike[str] | Document, *, lexicon: Lexicon | None = None,
                        tokenizer: Tokenizer | str | None = None, template: str = "auto",
                        detail: bool = True) -> list[Commitment]:
    """Every commitment in the draft, in text order, with target, cadence, deadline and owners.

    `detail=False` leaves out the subject of each target, so the tokenizer is never loaded
    (what the lint rules C101-C103 need is there all the same)."""
    return _Run(source, lexicon, tokenizer).commitments(template, detail)


def extract(source: str | os.PathLike[str] | Document, *, lexicon: Lexicon | None = None,
            tokenizer: Tokenizer | str | None = None, template: str = "auto") -> Extraction:
    """Metrics and commitments of one draft."""
    run = _Run(source, lexicon, tokenizer)
    return Extraction(run.doc.path, run.metrics(), run.commitments(template))
