"""The `Finding` every rule reports, and the severities."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

SEVERITIES = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
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

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
