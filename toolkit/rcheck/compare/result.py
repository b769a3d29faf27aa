"""What compare reports: shared passages, the pairs of drafts that hold them, and the matrix."""


from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rcheck.errors import InputError

if TYPE_CHECKING:
    pass



# --- results ---------------------------------------------------------------------------------------


@dataclass
class Passage:
    """Matching spans in both drafts (character offsets into each text) and their similarity."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    text: str  # as written in draft a
    b_text: str  # as written in draft b
    similarity: float
    a_line: int = 0
    b_line: int = 0
    length: int = 0  # normalised characters matched

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class PairResult:
    a: str
    b: str
    similarity: float  # share of both drafts' text inside shared passages
    passages: list[Passage]
    b_in_corpus: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "similarity": self.similarity,
                "b_in_corpus": self.b_in_corpus,
                "passages": [p.to_dict() for p in self.passages]}


@dataclass
class CompareResult:
    """What `rcheck compare` reports. `to_dict()` is the JSON shape (version 1)."""

    files: list[dict[str, Any]]
    pairs: list[PairResult]
    matrix: list[list[float]] | None  # drafts x drafts; None above `matrix_limit` drafts
    threshold: float
    min_chars: int
    corpus: dict[str, Any] | None = None
    candidates: int = 0  # unit pairs LSH proposed: what was aligned instead of all pairs
    skipped_common: int = 0  # LSH buckets too full to be copies (boilerplate)
    boilerplate: int = 0  # distinct shingles found in more than `max_df` drafts
    max_df: int = 0
    errors: list[InputError] = field(default_factory=list)  # corpus files unreadable at alignment

    @property
    def changed(self) -> bool:
        return bool(self.pairs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "files": self.files,
            "pairs": [p.to_dict() for p in self.pairs],
            "matrix": ({"paths": [f["path"] for f in self.files if not f.get("corpus")],
                        "rows": self.matrix} if self.matrix is not None else None),
            "corpus": self.corpus,
            "threshold": self.threshold,
            "min_chars": self.min_chars,
            "summary": {"files": len(self.files), "pairs": len(self.pairs),
                        "passages": sum(len(p.passages) for p in self.pairs),
                        "candidates": self.candidates, "skipped_common": self.skipped_common,
                        "boilerplate_shingles": self.boilerplate, "max_df": self.max_df},
        }
