"""A fix as data: replacement edits on the document text, and whether a machine may apply it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SAFE = "safe"
UNSAFE = "unsafe"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace `text[start:end]` with `content` (code-point offsets, `end` exclusive)."""

    start: int
    end: int
    content: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "content": self.content}


@dataclass(frozen=True, slots=True)
class Fix:
    """`safe`: applied by `rcheck fix`; `unsafe`: only with `--unsafe` (a person should look)."""

    applicability: str
    edits: tuple[Edit, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"applicability": self.applicability, "edits": [e.to_dict() for e in self.edits]}


def apply_edits(text: str, edits: list[Edit]) -> str:
    """`text` with non-overlapping `edits` applied (sorted here; callers drop overlaps first)."""
    out: list[str] = []
    pos = 0
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        out.append(text[pos:e.start])
        out.append(e.content)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)
