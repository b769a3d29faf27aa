"""Figures for the arithmetic rules (N1xx): each quantity the metric scan finds, with the range
of true values its wording allows.

A draft's rounding is its tolerance: `1.2万人` stands for 11,500–12,500, `98.71%` for a share
rounded (or cut) at the second decimal, `3000余人次` for 3,000–3,999, `300人以上` for 300 or
more, `约50人` for about 45–55. Two figures disagree only when their ranges cannot meet, so an
approximate figure never raises a false alarm for being approximate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rcheck.text import regex as re

if TYPE_CHECKING:  # the scanner is imported when figures are first read, not with the rules
    from rcheck.extract.metrics import Breaks, Quantity
    from rcheck.lexicon import Lexicon

SCALE = {"万亿": 1e12, "千万": 1e7, "百万": 1e6, "十万": 1e5, "万": 1e4, "亿": 1e8}
# How an approximate word widens a figure: at least, at least within the next digit, at most, about.
_AT_LEAST = frozenset(("超", "超过", "逾", "突破", "以上", "不少于", "不低于", "至少", "不下"))
_NEXT_DIGIT = frozenset(("余", "多", "有余"))
_AT_MOST = frozenset(("不超过", "以内", "不足", "不到"))
_NEARLY = frozenset(("近", "将近", "接近"))
_ABOUT = frozenset(("约", "大约", "左右", "上下"))
_DECIMALS = re.compile(r"\.(\d+)")
EPS = 1e-9


@dataclass(frozen=True)
class Figure:
    """A quantity as the arithmetic sees it: `value` in base units (scale applied), and the
    range [`lo`, `hi`] of true values its rounding and approximate words allow."""

    start: int
    end: int
    written: str  # the quantity as written: 1.2万人
    number: float  # the number as written: 1.2
    value: float  # 12000.0
    unit: str
    scale: str | None
    approx: str | None
    qualifier: str | None
    decimals: int
    lo: float
    hi: float

    @property
    def exact(self) -> bool:
        return self.lo == self.hi


def figure(text: str, q: Quantity) -> Figure | None:
    """The figure of a metric quantity; None for a placeholder or a number that is no count."""
    if q.value is None or q.placeholder or not q.is_metric:
        return None
    written = text[q.start:q.end]
    m = _DECIMALS.search(written)
    decimals = len(m.group(1)) if m else 0
    factor = SCALE.get(q.scale or "", 1.0)
    number = float(q.value)
    value = number * factor
    # A decimal is rounded at its last digit (1.2万 stands for 11,500-12,500); a whole number is
    # taken as written, 12万元 included, as drafts state sums and counts.
    step = 10.0 ** -decimals * factor
    half = step / 2 if decimals else 0.0
    lo, hi = value - half, value + half
    approx = q.approx
    if approx in _AT_LEAST:
        lo, hi = value - half, math.inf
    elif approx in _NEXT_DIGIT:
        # 3000余 is below 4000, 20余 below 30, 1.2万余 below 1.3万.
        lo, hi = value, value + _place(number, decimals) * factor
    elif approx in _AT_MOST:
        lo, hi = 0.0, value + half
    elif approx in _NEARLY:
        lo, hi = value * 0.8, value + half
    elif approx in _ABOUT:
        lo, hi = value * 0.9 - half, value * 1.1 + half
    return Figure(q.start, q.end, written, number, value, q.unit, q.scale, approx, q.qualifier,
                  decimals, lo, hi)


def _place(number: float, decimals: int) -> float:
    """The place of the last non-zero written digit: 3000 -> 1000, 20 -> 10, 1.2 -> 0.1."""
    if decimals:
        return 10.0 ** -decimals
    n, place = round(number), 1.0
    while n and n % 10 == 0:
        n //= 10
        place *= 10
    return place


def same_kind(a: Figure, b: Figure) -> bool:
    """Figures that can be added: the same unit (元, 万元 and 亿元 are all 元)."""
    return a.unit == b.unit


def meets(lo: float, hi: float, other_lo: float, other_hi: float) -> bool:
    """Whether two ranges of values overlap (a little slack for floating point)."""
    slack = EPS * max(1.0, abs(lo), abs(other_lo))
    return lo <= other_hi + slack and other_lo <= hi + slack


def share_range(stated: Figure) -> tuple[float, float]:
    """The shares (in percent) a stated share allows: rounded or cut at its last decimal,
    widened by 约/以上/近 and the like."""
    v = stated.number
    step = 10.0 ** -stated.decimals
    lo, hi = v - step / 2, v + step
    if stated.approx in _AT_LEAST or stated.approx in _NEXT_DIGIT:
        hi = math.inf
    elif stated.approx in _AT_MOST:
        lo = -math.inf
    elif stated.approx in _NEARLY:
        lo = v - 5
    elif stated.approx in _ABOUT:
        lo, hi = v - max(1.0, step), v + max(1.0, step)
    return lo, hi


def fmt(value: float, decimals: int = 2) -> str:
    """A number for a message: integers as integers, others to `decimals` places."""
    if abs(value - round(value)) < 1e-9 * max(1.0, abs(value)):
        return str(round(value))
    return f"{value:.{decimals}f}"


def in_scale(value: float, like: Figure) -> str:
    """`value` (base units) written as `like` writes its figures: 35000000 as 3500万元 or 0.35亿元."""
    factor = SCALE.get(like.scale or "", 1.0)
    return f"{fmt(value / factor, max(2, like.decimals))}{like.scale or ''}{like.unit}"


def bare(f: Figure) -> str:
    """The figure without its unit, scale kept: 688, 1.2万."""
    return f"{fmt(f.number, f.decimals)}{f.scale or ''}"


def figures_of(text: str, lexicon: Lexicon, view: str | None = None, breaks: Breaks | None = None
               ) -> list[Figure]:
    """Every counted figure of a draft, in text order (read through the Simplified view;
    `view` is that view when the caller has it, as a run's `Document.simplified`, and
    `breaks` the view's clause breaks)."""
    from rcheck.extract.metrics import scanner_for
    from rcheck.text.script import simplified_text

    if view is None:
        view = simplified_text(text)
    out = []
    for q in scanner_for(lexicon).quantities(view, None, breaks):
        f = figure(text, q)
        if f is not None:
            out.append(f)
    return out
