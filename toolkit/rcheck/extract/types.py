"""The shapes extraction returns: `Metric` and `Commitment`.

Field names are those of the gold format in the design notes (`start`, `end`, `quantity`,
`value`, `unit`, `scale`, `approx`, `qualifier`, `subject`, `placeholder`; `start`, `end`,
`text`, `action`, `target`, `lead`, `co`, `cadence`, `deadline`). Fields may be added, never
renamed, because JSON output and gold files use them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class Metric:
    """A counted quantity: `共20次`, `超*万人次`, `为期七天`.

    `start`/`end` bound the quantity expression (number, scale and unit: `20次`, `*万人次`).
    `value` is the number as written (`66.57万元` is 66.57 with scale 万), None for a
    placeholder. `approx` holds the words that make it inexact or a bound (余, 超, 不少于…),
    `qualifier` the counting words (共, 累计, 达…).
    """

    start: int
    end: int
    quantity: str
    value: float | int | None
    unit: str | None
    scale: str | None = None
    approx: str | None = None
    qualifier: str | None = None
    subject: str | None = None
    placeholder: bool = False
    subject_start: int | None = None
    subject_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        # Every field is a number, string, bool or None: `asdict`'s deep copy (a quarter of
        # `rcheck extract` on a large draft) would only copy them again.
        return {name: getattr(self, name) for name in _METRIC_FIELDS}


@dataclass(frozen=True)
class Commitment:
    """A promised action: a sentence (or numbered plan item with its owner lines).

    `lead` and `co` hold unit names as written; `target` is the measurable goal when the
    text states one; `cadence` a period (每半年, 每季度) and `deadline` a date or limit
    (年内, 2026年6月底前).
    """

    start: int
    end: int
    text: str
    action: str
    target: Metric | None = None
    lead: list[str] = field(default_factory=list)
    co: list[str] = field(default_factory=list)
    cadence: str | None = None
    deadline: str | None = None
    section: str | None = None
    reason: str = "marker"  # "section": inside a plan/next-steps part; "marker": a plan word

    def to_dict(self) -> dict[str, Any]:
        out = {name: getattr(self, name) for name in _COMMITMENT_FIELDS}
        out["target"] = self.target.to_dict() if self.target else None
        out["lead"], out["co"] = list(self.lead), list(self.co)  # unit names, copied as asdict did
        return out


_METRIC_FIELDS = tuple(f.name for f in fields(Metric))
_COMMITMENT_FIELDS = tuple(f.name for f in fields(Commitment))
