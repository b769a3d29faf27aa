"""N105 per-period figures times periods, and N106 the same figure stated twice with two values."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from rcheck.figures import Figure, bare, fmt, in_scale, meets
from rcheck.rules.base import Context, Hit
from rcheck.rules.numbers.common import CLAUSE, Words, clause_before, sentences, words_for
from rcheck.text import regex as re
from rcheck.text.structure import is_title_like

# ------------------------------------------------------------------ N105 per period


def check_per_period(ctx: Context) -> Iterator[Hit]:
    text, words = ctx.doc.text, words_for(ctx.lexicon)
    for s, figs in sentences(ctx):
        for m in words.per_re.finditer(text, s.start, s.end):
            unit = m.group("u")
            each = next((f for f in figs if f.start >= m.end()), None)
            periods = next((f for f in reversed(figs) if f.end <= m.start() and f.unit == unit), None)
            if periods is None and each is not None:  # 每期200人次，共举办12期
                periods = next((f for f in figs if f.start > each.end and f.unit == unit), None)
            if periods is None or each is None or CLAUSE.search(text, m.end(), each.start):
                continue
            if each.unit == unit or "分别" in text[s.start:s.end]:
                continue
            others = [f for f in figs if f is not each and f is not periods and f.unit == each.unit]
            totals = [f for f in others
                      if f.qualifier in words.total_words or "累计" in clause_before(text, f, s.start)]
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




def _subject_key(text: str, words: Words, f: Figure, floor: int) -> str | None:
    """What the figure counts, read from its clause without the tokenizer: the words before
    the number with leading counting words stripped, and when the number comes first
    (召开12次专题会议), the words after its unit."""
    before = clause_before(text, f, floor)
    if f.approx and before.endswith(f.approx):
        before = before[:-len(f.approx)]
    before = words.lead_re.sub("", before)
    after_m = re.match(r"[\u4e00-\u9fff]{2,8}", text[f.end:f.end + 8])
    after = after_m.group() if after_m and not CLAUSE.match(text, f.end) else ""
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


def _times_in(marks: dict[str, list[int]], lo: int, hi: int) -> frozenset[str]:
    """The period words found between lo and hi (marks: where each period word of the text is).
    By word, not by place: a long part names a few periods hundreds of times."""
    found = []
    for word, places in marks.items():
        i = bisect_left(places, lo)
        if i < len(places) and places[i] < hi:
            found.append(word)
    return frozenset(found)


def check_restated(ctx: Context) -> Iterator[Hit]:
    doc, text, words = ctx.doc, ctx.doc.text, words_for(ctx.lexicon)
    plan_heading = re.compile("|".join(ctx.lexicon.strings("commitments", "plan_headings")))
    para_starts, above, tops = _parts_above(ctx)
    seen: dict[tuple[str, str], tuple[Figure, object]] = {}
    starts = [f.start for f in ctx.figures]
    marks: dict[str, list[int]] = {}
    for m in words.times.finditer(text):
        marks.setdefault(m.group(), []).append(m.start())
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
            brk = CLAUSE.search(text, f.end, s.end)
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
