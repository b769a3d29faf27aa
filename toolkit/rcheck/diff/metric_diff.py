"""The metrics whose quantity changed between two versions, found beside the word changes."""


from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rcheck.extract.types import Metric
from rcheck.diff.result import Change, MetricChange, SectionDiff

# --- metrics --------------------------------------------------------------------------------------


def default_extractor() -> Callable[..., list[Metric]] | None:
    """`rcheck.extract.extract_metrics`, or None while that module is not installed."""
    try:
        from rcheck.extract import extract_metrics  # type: ignore[import-not-found]
    except ModuleNotFoundError as exc:
        if exc.name not in ("rcheck.extract", __package__ + ".extract"):
            raise  # a dependency of the extractor is missing: that is a real error
        return None
    return extract_metrics


def _touches(start: int, end: int, m_start: int, m_end: int) -> bool:
    if start == end:  # an insertion or deletion point touches a metric it borders
        return m_start <= start <= m_end
    return start < m_end and m_start < end


class _Nearby:
    """Metrics by position, so each change looks only at those near it (a draft may change
    thousands of numbers, and test each against thousands of metrics)."""

    def __init__(self, metrics: Sequence[Metric]) -> None:
        self._metrics = list(metrics)
        self._order = sorted(range(len(self._metrics)), key=lambda i: self._metrics[i].start)
        self._starts = [self._metrics[i].start for i in self._order]
        self._longest = max((m.end - m.start for m in self._metrics), default=0)

    def touching(self, start: int, end: int) -> list[Metric]:
        """The metrics `_touches` accepts for `start:end`, in their given order."""
        from bisect import bisect_left, bisect_right

        lo = bisect_left(self._starts, start - self._longest)
        hi = bisect_right(self._starts, end)
        found = sorted(i for i in self._order[lo:hi]
                       if _touches(start, end, self._metrics[i].start, self._metrics[i].end))
        return [self._metrics[i] for i in found]


def metric_changes(pairs: list[tuple[SectionDiff, list[Change]]], old_metrics: Sequence[Metric],
                   new_metrics: Sequence[Metric]) -> list[MetricChange]:
    """Metrics whose quantity a word change touched, paired old with new inside that change."""
    out: list[MetricChange] = []
    seen: set[tuple[int, int]] = set()
    near_old, near_new = _Nearby(old_metrics), _Nearby(new_metrics)
    for section, changes in pairs:
        for c in changes:
            olds = near_old.touching(c.old_start, c.old_end)
            news = near_new.touching(c.new_start, c.new_end)
            if len(olds) != len(news):
                # Unequal counts: pair by unit, in order, and leave the rest unpaired.
                matched = []
                pool = list(news)
                for m in olds:
                    k = next((i for i, n in enumerate(pool) if n.unit == m.unit), None)
                    if k is not None:
                        matched.append((m, pool.pop(k)))
            else:
                matched = list(zip(olds, news, strict=True))
            for m, n in matched:
                if m.quantity == n.quantity or (m.start, n.start) in seen:
                    continue
                seen.add((m.start, n.start))
                out.append(MetricChange(n.subject or m.subject or "", m.quantity, n.quantity,
                                        m.start, m.end, n.start, n.end, n.unit or m.unit,
                                        section.new_heading or section.old_heading))
    return out
