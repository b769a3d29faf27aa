"""N101 parts against their total and N102 rates against their counts: the part lists of a draft."""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from rcheck.figures import Figure, bare, fmt, in_scale, meets, share_range
from rcheck.rules.base import Context, Hit
from rcheck.rules.numbers.common import END, STOP, Words, clause_before, in_parens, sentences, words_for
from rcheck.text import regex as re
from rcheck.text.document import Span

# ------------------------------------------------------------------ part lists (N101, N102)


@dataclass
class _PartList:
    total: Figure
    parts: list[tuple[Figure, tuple[int, int] | None]]  # each part with its (partition, class)
    after_qizhong: bool
    sizes: tuple[int, ...]  # classes in each partition
    sentence: Span
    figures: list[Figure]  # the sentence's figures
    summed: bool = False  # 21个、18个、22个，合计61个: the total sums what was listed

    @property
    def exhaustive(self) -> bool:
        return self.summed or self.partition is not None

    @property
    def partition(self) -> int | None:
        """The partition the parts cover, when every part names a distinct class of it and they
        name its first and last class (or all)."""
        classes = [c for _, c in self.parts]
        if len(classes) < 2 or any(c is None for c in classes):
            return None
        ps = {c[0] for c in classes if c is not None}
        named = {c[1] for c in classes if c is not None}
        if len(ps) != 1 or len(named) != len(classes):
            return None
        p = ps.pop()
        return p if {0, self.sizes[p] - 1} <= named else None


def _class(words: Words, clause: str) -> tuple[int, int] | None:
    m = words.class_re.search(clause)
    return words.class_of[m.group()] if m else None


_LAST: list[tuple[Context, list[_PartList]]] = []


def _part_lists(ctx: Context) -> list[_PartList]:
    """The part lists of the draft, found once for N101 and N102 (the last context's kept)."""
    if _LAST and _LAST[0][0] is ctx:
        return _LAST[0][1]
    found = _find_part_lists(ctx)
    _LAST[:] = [(ctx, found)]
    return found


def _find_part_lists(ctx: Context) -> list[_PartList]:
    text, words = ctx.doc.text, words_for(ctx.lexicon)
    sizes = tuple(len(p) for p in words.partitions)
    out: list[_PartList] = []
    for s, figs in sentences(ctx):
        if not words.list_cue_re.search(text, s.start, s.end):
            continue  # no 其中, no 合计, no part named: no list to add up
        used: set[int] = set()
        for i, total in enumerate(figs):
            if total.unit == "%" or i in used:
                continue
            between_end = figs[i + 1].start if i + 1 < len(figs) else s.end
            gap = text[total.end:between_end]
            if in_parens(text, total.start, s.start):
                continue  # （其中涉及资金问题12个）: a total in brackets has no parts outside them
            qz = re.match(r"[^，,。；;：:（(]{0,10}?[，,、：:]?\s*其中[，,：:]?", gap)
            own_class = _class(words, clause_before(text, total, s.start))
            if qz is None and own_class is not None:
                continue  # 完成整改688个 is a part, not a total
            comma_list = bool(qz) and bool(re.search(r"其中[，,：:]", qz.group()))
            # 其中：A 21个；B 18个: a list set out after a colon runs to the end of the sentence.
            stop = END if qz and re.search(r"其中[：:]", qz.group()) else STOP
            parts: list[tuple[Figure, tuple[int, int] | None]] = []
            cursor = total.end + (qz.end() if qz else 0)
            for j in range(i + 1, len(figs)):
                f = figs[j]
                if f.unit != total.unit:
                    continue
                between = text[cursor:f.start]
                if stop.search(between) or (parts and "其中" in between) or "分别" in between:
                    break
                if in_parens(text, f.start, total.end):
                    continue
                clause = clause_before(text, f, s.start)
                cls = _class(words, clause)
                if qz is None and cls is None:
                    break  # without 其中 only parts that name their class belong to the total
                if qz is not None and re.search(r"[，,]", between) and (parts or not comma_list) \
                        and stop is STOP:
                    # 其中高铁370公里，新增公路2600公里: after 其中 a comma ends the list unless the
                    # list is set out with commas from the start (其中，党员21人，群众18人) or the
                    # part names the next class of the same partition (其中男性51人，女性46人).
                    tail = re.split(r"[，,]", text[cursor:f.start])[-1]
                    same = cls is not None and any(c is not None and c[0] == cls[0] for _, c in parts)
                    if not same and (not comma_list or tail.startswith(words.new_statement)
                                     or len(tail) > 12):
                        break
                parts.append((f, cls))
                cursor = f.end
            if not parts:
                continue
            plist = _PartList(total, parts, qz is not None, sizes, s, figs)
            if qz is None and plist.partition is None and not _rate_in(ctx, words, plist):
                continue
            used.update(figs.index(p) for p, _ in parts)
            out.append(plist)
        out.extend(_summed_lists(text, words, s, figs, sizes))
    out.extend(_carried_over(ctx, words, sizes))
    return out


def _carried_over(ctx: Context, words: Words, sizes: tuple[int, ...]) -> Iterator[_PartList]:
    """巡察反馈问题697个。目前已完成整改688个，持续整改4个，未完成5个。: a total that ends one
    sentence and the exhaustive parts that open the next, in the same paragraph."""
    text, figs, sents = ctx.doc.text, ctx.figures, ctx.doc.sentences
    starts = [f.start for f in figs]
    for prev, cur in pairwise(sents):
        if "\n" in text[prev.start:cur.start]:
            continue
        lo, mid, hi = (bisect_left(starts, prev.start), bisect_left(starts, cur.start),
                       bisect_left(starts, cur.end))
        if mid == lo or hi - mid < 2:
            continue
        total = figs[mid - 1]
        rest = text[total.end:prev.end].rstrip("。！？!?")
        if (total.unit == "%" or not re.fullmatch(r"[^，,；;：:]{0,6}", rest)
                or _class(words, clause_before(text, total, prev.start)) is not None):
            continue
        parts: list[tuple[Figure, tuple[int, int] | None]] = []
        cursor = cur.start
        for f in figs[mid:hi]:
            if f.unit != total.unit:
                continue
            cls = _class(words, clause_before(text, f, cur.start))
            if cls is None or STOP.search(text, cursor, f.start) or "分别" in text[cursor:f.start]:
                break
            parts.append((f, cls))
            cursor = f.end
        plist = _PartList(total, parts, False, sizes, cur, figs[mid:hi])
        if parts and plist.partition is not None:
            yield plist


def _summed_lists(text: str, words: Words, s: Span, figs: list[Figure], sizes: tuple[int, ...]
                  ) -> Iterator[_PartList]:
    """A list closed by its sum: 制度类21个、作风类18个、落实类22个，合计61个."""
    for i, total in enumerate(figs):
        clause = clause_before(text, total, s.start)
        if i < 2 or clause not in words.total_words or text[total.start - len(clause) - 1] not in "，,":
            continue
        floor = max(s.start, *(m.end() for m in STOP.finditer(text, s.start, total.start)), 0)
        listed = [f for f in figs[:i] if f.start >= floor]
        if len(listed) < 2 or any(f.unit != total.unit or f.approx for f in listed):
            continue
        if any(in_parens(text, f.start, floor) for f in listed) or "其中" in text[floor:total.start] \
                or "分别" in text[floor:total.start]:
            continue
        yield _PartList(total, [(f, None) for f in listed], False, sizes, s, figs, summed=True)


def _sum_text(parts: list[Figure]) -> str:
    return "+".join(bare(p) for p in parts)


def _sum(parts: list[Figure]) -> tuple[float, float, float]:
    return (sum(p.value for p in parts), sum(p.lo for p in parts), sum(p.hi for p in parts))


def _sum_check(plist: _PartList) -> tuple[bool, str]:
    """(agrees, the arithmetic) of a part list against its total."""
    parts = [p for p, _ in plist.parts]
    t = plist.total
    value, lo, hi = _sum(parts)
    scaled = t.scale or any(p.scale for p in parts)
    shown = f"{_sum_text(parts)}={in_scale(value, t) if scaled else fmt(value)}"
    if plist.exhaustive:
        ok = meets(lo, hi, t.lo, t.hi)
    else:
        ok = lo <= t.hi * (1 + 1e-9)
    return ok, shown


def check_parts(ctx: Context) -> Iterator[Hit]:
    words = words_for(ctx.lexicon)
    for plist in _part_lists(ctx):
        ok, shown = _sum_check(plist)
        if ok:
            continue
        t = plist.total
        if plist.summed:
            msg = f"分项之和与合计不符：{shown}，文中为{t.written}"
        elif plist.exhaustive:
            msg = f"分项之和与总数不符：{shown}，文中总数为{t.written}"
        elif len(plist.parts) == 1:
            msg = f"“其中”所列之数超过总数：{plist.parts[0][0].written}大于总数{t.written}"
        else:
            msg = f"“其中”所列各项之和超过总数：{shown}，文中总数为{t.written}"
        sure = _one_dimension(ctx.doc.text, words, plist)
        yield Hit(t.start, t.end, msg, severity=None if sure else "info")


def _one_dimension(text: str, words: Words, plist: _PartList) -> bool:
    """Whether the parts read as kinds of one thing, so their sum cannot exceed the total:
    企业860户、个体工商户2810户 do; 党员干部80人、女干部40人 may overlap, as they divide the
    people by two traits (party membership, sex)."""
    if plist.exhaustive or len(plist.parts) == 1:
        return True
    classes = [c for _, c in plist.parts]
    if any(c is not None for c in classes) and any(c is None for c in classes):
        return False
    traits = set()
    for f, _ in plist.parts:
        clause = clause_before(text, f, plist.sentence.start)
        traits.update(words.trait_of[m.group()] for m in words.trait_re.finditer(clause))
    return len(traits) <= 1


def _rate_in(ctx: Context, words: Words, plist: _PartList) -> bool:
    return any(True for _ in _rates(ctx, words, plist))


def _rates(ctx: Context, words: Words, plist: _PartList) -> Iterator[tuple[Figure, Figure]]:
    """(stated share, the part it is the share of) for the shares in a part list's sentence."""
    text, s = ctx.doc.text, plist.sentence
    parts = [p for p, _ in plist.parts]
    last = parts[-1]
    figs = [f for f in plist.figures if f.unit == "%" and plist.total.end <= f.start]
    for rate in figs:
        if STOP.search(text, max(plist.total.end, s.start), rate.start):
            break
        clause = clause_before(text, rate, s.start)
        bare_clause = clause[:-len(rate.approx)] if rate.approx and clause.endswith(rate.approx) else clause
        if "分别" in bare_clause:
            continue  # 分别占25%和16.7%: which share is whose is not read
        m = words.rate_re.search(bare_clause)
        if m and bare_clause[:m.start()] in words.rate_prefixes:
            p = words.rates[m.group()]
            done = [f for f, c in plist.parts if c == (p, 0)]
            if len(done) == 1:
                yield rate, done[0]
            continue
        if words.share_re.search(bare_clause.rstrip()) and len(bare_clause) <= 12:
            # 其中女性68人，占56.7%: the share of the part just before it.
            before = [f for f in parts if f.end <= rate.start]
            if before and before[-1] is not plist.total and (before[-1] is last or
                                                             text.find("、", before[-1].end, rate.start) < 0):
                yield rate, before[-1]


def check_rates(ctx: Context) -> Iterator[Hit]:
    words = words_for(ctx.lexicon)
    for plist in _part_lists(ctx):
        t = plist.total
        for rate, part in _rates(ctx, words, plist):
            lo, hi = share_range(rate)
            got_lo = 100 * part.lo / t.hi if t.hi not in (0, math.inf) else 0.0
            got_hi = 100 * part.hi / t.lo if t.lo > 0 else math.inf
            if meets(lo, hi, got_lo, got_hi):
                continue
            d = max(2, rate.decimals)
            got = 100 * part.value / t.value if t.value else math.inf
            prefix = ""
            if plist.exhaustive:
                ok, shown = _sum_check(plist)
                if ok:
                    prefix = f"{shown} ✓；"
            yield Hit(rate.start, rate.end,
                      f"比例与数字不符：{prefix}{bare(part)}÷{bare(t)}={fmt(got, d)}%，文中为{rate.written}")
