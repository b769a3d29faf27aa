"""The `Finding` every rule reports, and the severities."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from rcheck.fixes.edits import Fix

SEVERITIES = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass(frozen=True, slots=True)
class Finding:
    """One fault at one place. Offsets are code points into `Document.text`; `end` is exclusive.

    `line`/`column` are 1-based and count Unicode code points. `suggestion` is the
    replacement text where it is certain (``""`` means delete), else ``None``.
    """

    code: str
    rule: str
    severity: str
    message: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    excerpt: str
    suggestion: str | None = None
    # The edits that apply the suggestion, and whether `rcheck fix` may apply them unasked.
    fix: Fix | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        # The fields are plain values: `asdict`'s deep copy of each (half the time of writing
        # a large report) is not needed.
        out = {name: getattr(self, name) for name in _FIELDS}
        out["fix"] = self.fix.to_dict() if self.fix is not None else None
        return out


_FIELDS = tuple(f.name for f in fields(Finding))
