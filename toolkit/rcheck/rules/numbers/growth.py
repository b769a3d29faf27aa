"""N104: growth and decline against the two values a sentence gives."""

from __future__ import annotations

from collections.abc import Iterator

from rcheck.figures import Figure, bare, fmt, in_scale, meets, share_range
from rcheck.rules.base import Context, Hit
from rcheck.rules.numbers.common import STOP, Words, sentences, words_for
from rcheck.text import regex as re
from rcheck.text.document import Span

# ------------------------------------------------------------------ N104 growth


def check_growth(ctx: Context) -> Iterator[Hit]:
    text, words = ctx.doc.text, words_for(ctx.lexicon)
    for s, figs in sentences(ctx):
        for i, base in enumerate(figs):
            m = words.base_re.search(text, max(s.start, base.start - 16), base.start)
            if m is None or base.approx:
                continue
            if any(w in text[s.start:s.end] for w in words.rank_words):
                continue  # 排名由369位上升到235位: a smaller number is a rise
            how = m.group("how") or ""
            if how and how in "由从":
                pair = _from_to(text, words, figs, i)
            else:
                pair = _compared(text, words, figs, i, s, bool(m.group("was")))
            if pair is None:
                continue
            current, direction, change = pair
            yield from _judge_growth(base, current, direction, change)


def _direction(words: Words, verb: str) -> tuple[int, str]:
    return (1 if verb in words.up else -1), verb


def _from_to(text: str, words: Words, figs: list[Figure], i: int
             ) -> tuple[Figure, tuple[int, str], Figure | None] | None:
    """由200亿元增长到225亿元(，增长12.5%)."""
    base = figs[i]
    if i + 1 >= len(figs):
        return None
    current = figs[i + 1]
    m = words.change_re.match(text[base.end:current.start])
    if m is None or m.end() != current.start - base.end or current.unit != base.unit or current.approx:
        return None
    direction = _direction(words, m.group("dir"))
    change = None
    if i + 2 < len(figs):
        nxt = figs[i + 2]
        c = words.change_re.match(text[current.end:nxt.start])
        if c and c.end() == nxt.start - current.end and nxt.unit in ("%", "个百分点"):
            change = nxt
    return current, direction, change


def _compared(text: str, words: Words, figs: list[Figure], i: int, s: Span, was: bool
              ) -> tuple[Figure, tuple[int, str], Figure | None] | None:
    """225亿元，较上年的200亿元增长12.5% (or …增长12.5%，达到225亿元): the current figure is the
    nearest one of the same unit within two clauses. With 上年为200亿元 the change may also come
    first: 完成8.6亿元，同比下降3.2%，上年为8.2亿元."""
    base = figs[i]
    if "年均" in text[max(s.start, base.start - 20):base.start]:
        return None
    change, m = None, None
    if i + 1 < len(figs):
        change = figs[i + 1]
        m = words.change_re.match(text[base.end:change.start])
        if m is None or m.end() != change.start - base.end or change.unit not in ("%", "个百分点", base.unit):
            change, m = None, None
    if change is None and was and i >= 2:
        # 完成8.6亿元，同比下降3.2%，上年为8.2亿元
        current, change = figs[i - 2], figs[i - 1]
        m = words.change_re.match(text[current.end:change.start])
        if (m is None or m.end() != change.start - current.end or change.unit not in ("%", "个百分点")
                or current.unit != base.unit or current.approx
                or not re.fullmatch(r"[，,][^，,。；;]{0,8}", text[change.end:base.start])):
            return None
        return current, _direction(words, m.group("dir")), change
    if change is None or m is None:
        return None
    current = next((f for f in reversed(figs[:i]) if f.unit == base.unit), None)
    if current is not None:
        between = text[current.end:base.start]
        if len(re.findall(r"[，,、]", between)) > 1 or STOP.search(between) or "分别" in between:
            current = None
    if current is None and i + 2 < len(figs):
        # 较上年的200亿元增长12.5%，达到225亿元
        after = figs[i + 2]
        joined = re.fullmatch(r"[，,](?:达到|达|增至|升至|降至|为|至)", text[change.end:after.start])
        if after.unit == base.unit and joined:
            current = after
    if current is None or current.approx:
        return None
    return current, _direction(words, m.group("dir")), change


def _judge_growth(base: Figure, current: Figure, how: tuple[int, str], change: Figure | None
                  ) -> Iterator[Hit]:
    direction, verb = how
    lo, hi = current.lo - base.hi, current.hi - base.lo
    if (direction > 0 and hi < 0) or (direction < 0 and lo > 0):
        real = "减少" if direction > 0 else "增加"
        yield Hit(current.start, current.end,
                  f"增减方向与数字不符：由{base.written}到{current.written}是{real}，文中为“{verb}”")
        return
    if change is None:
        return
    if base.unit == "%" and change.unit == "个百分点":
        got_lo = abs(lo) if lo * hi > 0 else 0.0
        got_hi, got = max(abs(lo), abs(hi)), abs(current.value - base.value)
        formula = f"{bare(current)}-{bare(base)}={fmt(got, max(1, change.decimals))}个百分点"
    elif base.unit != "%" and change.unit == "%" and base.value > 0:
        corners = [(c - b) / b * 100 for c in (current.lo, current.hi) for b in (base.lo, base.hi) if b > 0]
        got_lo, got_hi = min(abs(x) for x in corners), max(abs(x) for x in corners)
        if min(corners) < 0 < max(corners):
            got_lo = 0.0
        got = abs(current.value - base.value) / base.value * 100
        formula = f"({bare(current)}-{bare(base)})÷{bare(base)}={fmt(got, max(2, change.decimals))}%"
        if current.value < base.value:
            formula = f"({bare(base)}-{bare(current)})÷{bare(base)}={fmt(got, max(2, change.decimals))}%"
    elif change.unit == base.unit and base.unit != "%":
        # 比上年的170件减少18件: the difference itself.
        got_lo, got_hi = (abs(lo) if lo * hi > 0 else 0.0), max(abs(lo), abs(hi))
        got = abs(current.value - base.value)
        big, small = (current, base) if current.value >= base.value else (base, current)
        shown = in_scale(got, change) if (change.scale or base.scale) else fmt(got)
        if not meets(change.lo, change.hi, got_lo, got_hi):
            yield Hit(change.start, change.end,
                      f"增减数量与数字不符：{bare(big)}-{bare(small)}={shown}，文中为{change.written}")
        return
    else:
        return  # a rate's change in % could be relative or in points: not read
    lo_s, hi_s = share_range(change)
    if not meets(lo_s, hi_s, got_lo, got_hi):
        yield Hit(change.start, change.end, f"增减幅度与数字不符：{formula}，文中为{change.written}")
