"""N101–N106: figures that must agree (parts and total, shares, counts and items, growth,
per-period figures, the same figure stated twice).

Built on the metric scan (`Context.figures`, no tokenizer). Each message shows the arithmetic
so the drafter sees which figure to check; none offers a suggestion, as the right number is not
known. What cannot be read with confidence is left alone: part lists that need not add up
(其中 only bounds them), 分别, targets (增长5%左右) and comparisons without both values.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from rcheck.figures import Figure, bare, fmt, in_scale, meets, share_range
from rcheck.lexicon import Lexicon
from rcheck.rules.base import Context, Hit, Rule, register
from rcheck.text.document import Document, Span
from rcheck.text.structure import cn_to_int, is_title_like

_CLAUSE = re.compile(r"[，,；;：:、（）()\n]")
_STOP = re.compile(r"[；;。！？!?]")
_END = re.compile(r"[。！？!?]")


@dataclass(frozen=True)
class _Words:
    """numbers.toml, compiled once per lexicon."""

    partitions: tuple[tuple[tuple[str, ...], ...], ...]
    class_re: re.Pattern[str]
    class_of: dict[str, tuple[int, int]]  # word -> (partition, class)
    rates: dict[str, int]  # rate word -> partition
    rate_re: re.Pattern[str]
    rate_prefixes: frozenset[str]
    new_statement: tuple[str, ...]
    share_re: re.Pattern[str]
    up: tuple[str, ...]
    down: tuple[str, ...]
    base_re: re.Pattern[str]
    change_re: re.Pattern[str]
    per_re: re.Pattern[str]
    total_words: frozenset[str]
    count_re: re.Pattern[str]
    lead_re: re.Pattern[str]
    not_a_count_re: re.Pattern[str]
    list_cue_re: re.Pattern[str]
    rank_words: tuple[str, ...]
    titles_after: re.Pattern[str]
    times: re.Pattern[str]
    durations: frozenset[str]
    bare_actors: tuple[str, ...]
    generic_ends: tuple[str, ...]
    trait_re: re.Pattern[str]
    trait_of: dict[str, int]


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=8)
def words_for(lexicon: Lexicon) -> _Words:
    partitions = []
    class_of: dict[str, tuple[int, int]] = {}
    rates: dict[str, int] = {}
    for p, table in enumerate(lexicon.tables("numbers", "partition")):
        classes = tuple(tuple(str(w) for w in cls) for cls in table.get("classes", []))
        partitions.append(classes)
        for c, cls in enumerate(classes):
            for w in cls:
                class_of.setdefault(w, (p, c))
        for r in table.get("rates", []):
            rates[str(r)] = p
    traits = {str(w): t for t, group in enumerate(lexicon.get("numbers").get("traits", []))
              for w in group}
    verbs = lexicon.strings("units", "subject_verbs") + lexicon.strings("numbers", "new_statement")
    up, down = lexicon.strings("numbers", "growth_up"), lexicon.strings("numbers", "growth_down")
    periods = _alt(lexicon.strings("numbers", "base_periods"))
    nouns = _alt(lexicon.strings("numbers", "count_nouns"))
    measures = "".join(lexicon.strings("numbers", "count_measures"))
    return _Words(
        partitions=tuple(partitions),
        class_re=re.compile(_alt(list(class_of))),
        class_of=class_of,
        rates=rates,
        rate_re=re.compile(_alt(list(rates))) if rates else re.compile(r"(?!)"),
        rate_prefixes=frozenset(lexicon.strings("numbers", "rate_prefixes")),
        new_statement=tuple(sorted(set(verbs), key=len, reverse=True)),
        # 占比达72%, 占总数的72%, 占全部问题的72%
        share_re=re.compile(rf"(?:{_alt(lexicon.strings('numbers', 'share_words'))}"
                            r"|占[\u4e00-\u9fff]{1,8}的)(?:达到|达|为|约|近|超过|超)?$"),
        up=tuple(up),
        down=tuple(down),
        # 较上年的200亿元 / 比去年同期 / 由 / 从: what stands right before a base figure.
        base_re=re.compile(rf"(?:(?P<how>较|比|由|从)(?:(?:20\d\d年)?(?:{periods})?|20\d\d年)的?"
                           rf"|(?P<was>{periods}|20\d\d年)(?:同期)?(?:为|是))$"),
        change_re=re.compile(rf"^(?:[，,]?(?:同比|环比)?(?P<dir>{_alt(up + down)})(?:了|到|至|为)?)"),
        per_re=re.compile(rf"每(?P<u>{_alt(lexicon.strings('numbers', 'per_units'))})"),
        total_words=frozenset(lexicon.strings("numbers", "total_words")),
        count_re=re.compile(
            rf"(?<![第\d一二两三四五六七八九十.])(?P<n>[两二三四五六七八九十]{{1,2}}|\d{{1,2}})[{measures}]"
            rf"(?:{nouns})(?:的(?:{nouns}))?"),
        lead_re=re.compile(rf"^(?:{_alt(lexicon.strings('numbers', 'lead_words'))})+"),
        not_a_count_re=re.compile(_alt(lexicon.strings("numbers", "not_a_count"))),
        list_cue_re=re.compile(_alt(["其中", *lexicon.strings("numbers", "total_words"), *class_of])),
        rank_words=tuple(lexicon.strings("numbers", "rank_words")),
        # 两项制度：《A》《B》: the titles right after a count.
        titles_after=re.compile(r"[，,：:]?(?:即|包括|分别是|分别为|为)?((?:《[^》\n]{1,40}》[、和及与]?){2,})"),
        # The periods a figure may be counted over: figures under different ones are not compared.
        times=re.compile(r"20\d\d年|今年|去年|上年|明年|上半年|下半年|[一二三四]季度|前三季度"
                         r"|\d{1,2}[-—至到]\d{1,2}月|同期|[五三两十]年来|近[三五两十]年|过去[一二三四五六七八九十]年"
                         r"|十[三四五]五"),
        durations=frozenset(lexicon.strings("numbers", "durations")),
        bare_actors=tuple(lexicon.strings("numbers", "bare_actors")),
        generic_ends=tuple(lexicon.strings("numbers", "generic_subject_ends")),
        trait_re=re.compile(_alt(list(traits)) or r"(?!)"),
        trait_of=traits,
    )


# ------------------------------------------------------------------ sentences and clauses


def _sentences(ctx: Context) -> Iterator[tuple[Span, list[Figure]]]:
    """Each sentence with the figures inside it (only sentences with two figures or more)."""
    figs = ctx.figures
    starts = [f.start for f in figs]
    for s in ctx.doc.sentences:
        lo, hi = bisect_left(starts, s.start), bisect_left(starts, s.end)
        if hi - lo >= 2:
            yield s, figs[lo:hi]


_BREAKS = frozenset("，,；;：:、（）()\n")


def _clause_before(text: str, f: Figure, floor: int) -> str:
    """The words of f's clause before the number (approximate words included)."""
    i = f.start
    while i > floor and text[i - 1] not in _BREAKS:
        i -= 1
    return text[i:f.start]


def _in_parens(text: str, pos: int, floor: int) -> bool:
    opened = max(text.rfind("（", floor, pos), text.rfind("(", floor, pos))
    closed = max(text.rfind("）", floor, pos), text.rfind(")", floor, pos))
    return opened > closed


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


def _class(words: _Words, clause: str) -> tuple[int, int] | None:
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
    for s, figs in _sentences(ctx):
        if not words.list_cue_re.search(text, s.start, s.end):
            continue  # no 其中, no 合计, no part named: no list to add up
        used: set[int] = set()
        for i, total in enumerate(figs):
            if total.unit == "%" or i in used:
                continue
            between_end = figs[i + 1].start if i + 1 < len(figs) else s.end
            gap = text[total.end:between_end]
            if _in_parens(text, total.start, s.start):
                continue  # （其中涉及资金问题12个）: a total in brackets has no parts outside them
            qz = re.match(r"[^，,。；;：:（(]{0,10}?[，,、：:]?\s*其中[，,：:]?", gap)
            own_class = _class(words, _clause_before(text, total, s.start))
            if qz is None and own_class is not None:
                continue  # 完成整改688个 is a part, not a total
            comma_list = bool(qz) and bool(re.search(r"其中[，,：:]", qz.group()))
            # 其中：A 21个；B 18个: a list set out after a colon runs to the end of the sentence.
            stop = _END if qz and re.search(r"其中[：:]", qz.group()) else _STOP
            parts: list[tuple[Figure, tuple[int, int] | None]] = []
            cursor = total.end + (qz.end() if qz else 0)
            for j in range(i + 1, len(figs)):
                f = figs[j]
                if f.unit != total.unit:
                    continue
                between = text[cursor:f.start]
                if stop.search(between) or (parts and "其中" in between) or "分别" in between:
                    break
                if _in_parens(text, f.start, total.end):
                    continue
                clause = _clause_before(text, f, s.start)
                cls = _class(words, clause)
                if qz is None and cls is None:
                    break  # without 其中 only parts that name their class belong to the total
                if qz is not None and re.search(r"[，,]", between) and (parts or not comma_list) \
                        and stop is _STOP:
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


def _carried_over(ctx: Context, words: _Words, sizes: tuple[int, ...]) -> Iterator[_PartList]:
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
                or _class(words, _clause_before(text, total, prev.start)) is not None):
            continue
        parts: list[tuple[Figure, tuple[int, int] | None]] = []
        cursor = cur.start
        for f in figs[mid:hi]:
            if f.unit != total.unit:
                continue
            cls = _class(words, _clause_before(text, f, cur.start))
            if cls is None or _STOP.search(text, cursor, f.start) or "分别" in text[cursor:f.start]:
                break
            parts.append((f, cls))
            cursor = f.end
        plist = _PartList(total, parts, False, sizes, cur, figs[mid:hi])
        if parts and plist.partition is not None:
            yield plist


def _summed_lists(text: str, words: _Words, s: Span, figs: list[Figure], sizes: tuple[int, ...]
                  ) -> Iterator[_PartList]:
    """A list closed by its sum: 制度类21个、作风类18个、落实类22个，合计61个."""
    for i, total in enumerate(figs):
        clause = _clause_before(text, total, s.start)
        if i < 2 or clause not in words.total_words or text[total.start - len(clause) - 1] not in "，,":
            continue
        floor = max(s.start, *(m.end() for m in _STOP.finditer(text, s.start, total.start)), 0)
        listed = [f for f in figs[:i] if f.start >= floor]
        if len(listed) < 2 or any(f.unit != total.unit or f.approx for f in listed):
            continue
        if any(_in_parens(text, f.start, floor) for f in listed) or "其中" in text[floor:total.start] \
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


def _one_dimension(text: str, words: _Words, plist: _PartList) -> bool:
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
        clause = _clause_before(text, f, plist.sentence.start)
        traits.update(words.trait_of[m.group()] for m in words.trait_re.finditer(clause))
    return len(traits) <= 1


def _rate_in(ctx: Context, words: _Words, plist: _PartList) -> bool:
    return any(True for _ in _rates(ctx, words, plist))


def _rates(ctx: Context, words: _Words, plist: _PartList) -> Iterator[tuple[Figure, Figure]]:
    """(stated share, the part it is the share of) for the shares in a part list's sentence."""
    text, s = ctx.doc.text, plist.sentence
    parts = [p for p, _ in plist.parts]
    last = parts[-1]
    figs = [f for f in plist.figures if f.unit == "%" and plist.total.end <= f.start]
    for rate in figs:
        if _STOP.search(text, max(plist.total.end, s.start), rate.start):
            break
        clause = _clause_before(text, rate, s.start)
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


# ------------------------------------------------------------------ N103 count vs items


def check_items(ctx: Context) -> Iterator[Hit]:
    doc, text, words = ctx.doc, ctx.doc.text, words_for(ctx.lexicon)
    enums = [e for e in doc.enumerations if e.kind in ("shi", "di")]
    heads = [h.start for h in doc.headings]
    estarts = [e.start for e in enums]
    for m in words.count_re.finditer(text):
        n = cn_to_int(m.group("n"))
        if not n or n < 2:
            continue
        # The list must open right after the phrase: 三个方面：一是… / 三个方面的问题。一是…
        tail = re.match(r"(?:[^。；;，,：:\n]{0,12}[：:。，,])?\s*", text[m.end():m.end() + 16])
        first_at = m.end() + (tail.end() if tail else 0)
        k = bisect_left(estarts, first_at)
        if k >= len(enums) or enums[k].start != first_at or enums[k].number != 1:
            listed = _headings_after(doc, m, first_at)
            if listed is not None and listed != n:
                yield Hit(m.start(), m.end(),
                          f"数目与所列各项不符：“{m.group()}”后列了{listed}个标题")
            elif listed is None:
                yield from _titles(text, words, m, n)
            continue
        count, prev = 1, enums[k]
        for e in enums[k + 1:]:
            between = heads[bisect_left(heads, prev.start):bisect_left(heads, e.start) + 1]
            if e.kind != prev.kind or e.number != prev.number + 1 or any(prev.start < h < e.start
                                                                         for h in between):
                break
            count, prev = count + 1, e
        if count != n:
            listed = f"一是…{_cn(count)}是" if prev.kind == "shi" else f"第一…第{_cn(count)}"
            yield Hit(m.start(), m.end(), f"数目与所列各项不符：“{m.group()}”后列了{count}项（{listed}）")


def _headings_after(doc: Document, m: re.Match[str], first_at: int) -> int | None:
    """以下三个方面：⏎（一）…（二）…: how many headings of one level follow, when the phrase ends
    its paragraph with a colon and the next paragraph is heading number one."""
    text = doc.text
    end = text.find("\n", m.end())
    end = len(text) if end < 0 else end
    if text[m.end():end].strip() not in ("：", ":") and not text[m.end():end].rstrip().endswith(("：", ":")):
        return None
    if first_at < end - 1:
        return None
    heads = [h for h in doc.headings if h.start > end]
    if not heads or heads[0].number != 1 or text[end:heads[0].start].strip():
        return None
    first, count = heads[0], 1
    for h in heads[1:]:
        if h.rank < first.rank:
            break
        if h.rank == first.rank and h.style == first.style:
            if h.number != count + 1:
                break
            count += 1
    return count




def _titles(text: str, words: _Words, m: re.Match[str], n: int) -> Iterator[Hit]:
    """两项制度《A》《B》《C》: a count followed by the titles it counts."""
    after = words.titles_after.match(text, m.end())
    if after:
        count = after.group(1).count("《")
        if count != n:
            yield Hit(m.start(), m.end(), f"数目与所列文件不符：“{m.group()}”后列了{count}个书名")
        return
    # 《A》《B》《C》等两项制度: the titles before it; 等 allows more than were listed.
    head = text[max(0, m.start() - 200):m.start()]
    before = re.search(r"((?:《[^》\n]{1,40}》[、和及与]?){2,})(等)?$", head)
    if before:
        count = before.group(1).count("《")
        if count > n or (count != n and not before.group(2)):
            yield Hit(m.start(), m.end(), f"数目与所列文件不符：“{m.group()}”前列了{count}个书名")


def _cn(n: int) -> str:
    return "一二三四五六七八九十"[n - 1] if 1 <= n <= 10 else str(n)


# ------------------------------------------------------------------ N104 growth


def check_growth(ctx: Context) -> Iterator[Hit]:
    text, words = ctx.doc.text, words_for(ctx.lexicon)
    for s, figs in _sentences(ctx):
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


def _direction(words: _Words, verb: str) -> tuple[int, str]:
    return (1 if verb in words.up else -1), verb


def _from_to(text: str, words: _Words, figs: list[Figure], i: int
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


def _compared(text: str, words: _Words, figs: list[Figure], i: int, s: Span, was: bool
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
        if len(re.findall(r"[，,、]", between)) > 1 or _STOP.search(between) or "分别" in between:
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


# ------------------------------------------------------------------ N105 per period


def check_per_period(ctx: Context) -> Iterator[Hit]:
    text, words = ctx.doc.text, words_for(ctx.lexicon)
    for s, figs in _sentences(ctx):
        for m in words.per_re.finditer(text, s.start, s.end):
            unit = m.group("u")
            each = next((f for f in figs if f.start >= m.end()), None)
            periods = next((f for f in reversed(figs) if f.end <= m.start() and f.unit == unit), None)
            if periods is None and each is not None:  # 每期200人次，共举办12期
                periods = next((f for f in figs if f.start > each.end and f.unit == unit), None)
            if periods is None or each is None or _CLAUSE.search(text, m.end(), each.start):
                continue
            if each.unit == unit or "分别" in text[s.start:s.end]:
                continue
            others = [f for f in figs if f is not each and f is not periods and f.unit == each.unit]
            totals = [f for f in others
                      if f.qualifier in words.total_words or "累计" in _clause_before(text, f, s.start)]
            if not totals and len(others) == 1 and others[0].end <= periods.start \
                    and "其中" not in text[s.start:s.end]:
                totals = others  # 培训干部1200人次，举办15期，每期80人次: the one count before the periods
            if len(totals) != 1:
                continue
            total = totals[0]
            lo, hi = periods.lo * each.lo, periods.hi * each.hi
            if meets(lo, hi, total.lo, total.hi):
                continue
            product = periods.value * each.value
            yield Hit(total.start, total.end,
                      f"每{unit}数与总数不符：{bare(periods)}×{bare(each)}="
                      f"{in_scale(product, total) if total.scale else fmt(product)}，文中为{total.written}")


# ------------------------------------------------------------------ N106 stated twice




def _subject_key(text: str, words: _Words, f: Figure, floor: int) -> str | None:
    """What the figure counts, read from its clause without the tokenizer: the words before
    the number with leading counting words stripped, and when the number comes first
    (召开12次专题会议), the words after its unit."""
    before = _clause_before(text, f, floor)
    if f.approx and before.endswith(f.approx):
        before = before[:-len(f.approx)]
    before = words.lead_re.sub("", before)
    after_m = re.match(r"[\u4e00-\u9fff]{2,8}", text[f.end:f.end + 8])
    after = after_m.group() if after_m and not _CLAUSE.match(text, f.end) else ""
    if before.startswith(words.bare_actors):
        return None  # 乡开展安全生产大检查3次: which 乡 is said paragraphs before
    key = f"{before}|{after}"
    han = sum(1 for c in before + after if "\u4e00" <= c <= "\u9fff")
    if not after and len(before) <= 6 and before.endswith(words.generic_ends):
        return None  # 投入资金, 覆盖群众: said of many projects in one draft
    return key if han >= 5 else None


def _parts_above(ctx: Context) -> tuple[list[int], list[str], list[int]]:
    """For each paragraph, the titles above it (its section chain and the last short unnumbered
    title line: “十四五”时期工作回顾) and where its top-level section begins."""
    doc, text = ctx.doc, ctx.doc.text
    marks: list[tuple[int, str, int]] = []
    for section in doc.sections.walk():
        chain, node, top = [], section, section.start
        while node is not None and node.heading is not None:
            chain.append(node.heading.text)
            top = node.start
            node = node.parent
        marks.append((section.start, "|".join(chain), top))
    heading_paras = {h.paragraph for h in doc.headings}
    loose = ""
    out: list[tuple[int, str, int]] = []
    mi = 0
    marks.sort(key=lambda m: m[0])
    chain, top = "", 0
    for para in doc.paragraphs:
        while mi < len(marks) and marks[mi][0] <= para.start:
            _, chain, top = marks[mi]
            mi += 1
        words = text[para.start:para.end]
        if para.index not in heading_paras and len(words) <= 30 and is_title_like(words):
            loose = words
        out.append((para.start, f"{chain}|{loose}", top))
    return [o[0] for o in out], [o[1] for o in out], [o[2] for o in out]


def _times_in(marks: list[tuple[int, str]], lo: int, hi: int) -> frozenset[str]:
    """The period words found between lo and hi (marks: every period word of the text)."""
    return frozenset(w for _, w in marks[bisect_left(marks, (lo, "")):bisect_left(marks, (hi, ""))])


def check_restated(ctx: Context) -> Iterator[Hit]:
    doc, text, words = ctx.doc, ctx.doc.text, words_for(ctx.lexicon)
    plan_heading = re.compile("|".join(ctx.lexicon.strings("commitments", "plan_headings")))
    para_starts, above, tops = _parts_above(ctx)
    seen: dict[tuple[str, str], tuple[Figure, object]] = {}
    starts = [f.start for f in ctx.figures]
    marks = [(m.start(), m.group()) for m in words.times.finditer(text)]
    for s in doc.sentences:
        lo, hi = bisect_left(starts, s.start), bisect_left(starts, s.end)
        if lo == hi:
            continue
        p = max(0, bisect_left(para_starts, s.start + 1) - 1)
        titles = above[p] if above else ""
        if plan_heading.search(titles):
            continue  # a plan part: its figures are targets
        times = None
        for f in ctx.figures[lo:hi]:
            if f.unit == "%" or f.approx or f.unit in words.durations:
                continue
            # A target, a comparison or a part (力争…, 其中…, …以上) says so before the figure or
            # in its own clause: 共召开会议12次，其中党组会议8次 still states the 12.
            brk = _CLAUSE.search(text, f.end, s.end)
            around = text[s.start:brk.start() if brk else s.end]
            if words.not_a_count_re.search(around):
                continue
            key = _subject_key(text, words, f, s.start)
            if key is None:
                continue
            if times is None:
                # The periods named so far in its part and in its paragraph: a figure after
                # 五年来 or 上半年 is not compared with one before it.
                times = (_times_in(marks, tops[p], s.end) | frozenset(words.times.findall(titles)),
                         _times_in(marks, para_starts[p], s.end))
            slot = (key, f.unit)
            if slot not in seen:
                seen[slot] = (f, times)
                continue
            first, first_times = seen[slot]
            if first_times != times or meets(first.lo, first.hi, f.lo, f.hi):
                continue
            line, _ = doc.position(first.start)
            totals = first.qualifier in words.total_words and f.qualifier in words.total_words
            subject = key.replace("|", "…").strip("…")
            yield Hit(f.start, f.end,
                      f"同一数字前后不一：此处为{f.written}，第{line}行为{first.written}（“{subject}”）",
                      severity="warning" if totals else "info")


# ------------------------------------------------------------------ registration


_REPORT = "2025年巡察整改情况的报告\n"

register(Rule(
    code="N101", name="parts-total", severity="warning",
    summary="Parts that add up to more than their total, or to other than it when they are exhaustive",
    title="分项之和与总数不符",
    doc=("总数后列出分项时核对加法：“其中”所列各项之和不能超过总数；分项是互斥且完整的"
         "（完成/正在整改/未完成，男/女）时，之和必须等于总数。万元、亿元按量级换算；"
         "“余”“约”“以上”等按文字放宽。只列出部分分项的“其中”不要求加起来等于总数，"
         "“分别”不核对；分项可能交叉时（党员干部、女干部）只作提示（info）。"
         "消息列出算式，不给改法：哪个数字错了只有起草人知道。"),
    bad=_REPORT + "巡察反馈的697个问题，已完成整改688个，持续整改4个，未完成6个。",
    good=_REPORT + "巡察反馈的697个问题，已完成整改688个，持续整改4个，未完成5个。",
    check=check_parts, precision="likely",
))

register(Rule(
    code="N102", name="rate-counts", severity="warning",
    summary="A stated rate or share that does not match the counts it is about",
    title="比例与数字不符",
    doc=("核对完成率、整改率、办结率和“占X%”：用文中的分项和总数算出比例，按文中保留的小数位"
         "比较（四舍五入或截尾都算对）；“约”“左右”“以上”“近”放宽比较范围。"),
    bad=_REPORT + "巡察反馈的697个问题，已完成整改688个，持续整改4个，未完成5个，总体完成率97.85%。",
    good=_REPORT + "巡察反馈的697个问题，已完成整改688个，持续整改4个，未完成5个，总体完成率98.71%。",
    check=check_rates, precision="likely",
))

register(Rule(
    code="N103", name="count-items", severity="warning",
    summary="A stated number of aspects or items that differs from the items listed",
    title="数目与所列各项不符",
    doc=("“三个方面”后面列了一是到四是，“两项制度”后面列了三个书名：数目和所列各项必须一致。"
         "只核对紧接着列出的各项。"),
    bad="主要做了三个方面的工作：一是强化学习；二是完善制度；三是压实责任；四是加强督导。",
    good="主要做了四个方面的工作：一是强化学习；二是完善制度；三是压实责任；四是加强督导。",
    check=check_items, precision="likely",
))

register(Rule(
    code="N104", name="growth", severity="warning",
    summary="A growth rate or direction that does not match the two values given",
    title="增减幅度与数字不符",
    doc=("同一句写出了前后两个数值（“较上年的200亿元增长12.5%”“由85%提高到92%”）时，"
         "核对增减方向和幅度：百分比按基数计算，百分点按差值计算，按文中小数位比较。"
         "只写增幅没有基数的（“增长5%左右”）、年均增长和目标不核对。"),
    bad="全年实现营业收入225亿元，较上年的200亿元增长15%。",
    good="全年实现营业收入225亿元，较上年的200亿元增长12.5%。",
    check=check_growth, precision="likely",
))

register(Rule(
    code="N105", name="per-period", severity="warning",
    summary="A per-period figure times the number of periods that does not give the stated total",
    title="每期数与总数不符",
    doc=("“举办培训班12期，每期培训200人次，累计培训2800人次”：期数乘每期人数应等于累计数。"
         "“每期约”“每期不少于”按文字放宽；“分别”不核对。"),
    bad="举办培训班12期，每期培训200人次，累计培训2800人次。",
    good="举办培训班12期，每期培训200人次，累计培训2400人次。",
    check=check_per_period, precision="likely",
))

register(Rule(
    code="N106", name="restated-figure", severity="warning",
    summary="The same count stated twice in one draft with different values",
    title="同一数字前后不一",
    doc=("同一份稿子前面写“共召开专题会议12次”，后面写“召开专题会议15次”：按数字前后的文字"
         "（统计对象）认同一项，时段（今年、上半年、2024年……）不同的不比较，目标、比较、分项、"
         "约数不比较。两处都是“共”“累计”的总数时为 warning，其余为 info。"),
    bad="一、主要工作\n今年共召开专题会议12次。\n二、工作成效\n今年共召开专题会议15次。",
    good="一、主要工作\n今年共召开专题会议12次。\n二、工作成效\n今年共召开专题会议12次。",
    check=check_restated, precision="likely",
))
