"""Spans of a draft that rules leave alone: web-page debris, which D101 reports once."""

from __future__ import annotations

from bisect import bisect_right

from rcheck.rules.base import Context


class Spans:
    """Spans to leave alone, asked in one bisection rather than a scan per space."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self._starts = [a for a, _ in merged]
        self._ends = [b for _, b in merged]

    def covers(self, start: int, end: int) -> bool:
        i = bisect_right(self._starts, start) - 1
        return i >= 0 and end <= self._ends[i]


_CHROME_LINE = 40


def debris_spans(ctx: Context) -> list[tuple[int, int]]:
    """Web-page debris, and the short lines that hold it: other rules leave them to D101."""
    text = ctx.doc.text
    spans = []
    for start, end, _entry in ctx.facts.debris:
        a = text.rfind("\n", 0, start) + 1
        b = text.find("\n", start)
        b = len(text) if b < 0 else b
        spans.append((a, b) if b - a <= _CHROME_LINE else (start, end))
    return spans
