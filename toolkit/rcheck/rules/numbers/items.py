"""N103: a stated count of items (三个方面) against the items that follow (一是…四是, headings)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

from rcheck.rules.base import Context, Hit
from rcheck.rules.numbers.common import Words, words_for
from rcheck.text import regex as re
from rcheck.text.document import Document
from rcheck.text.structure import cn_to_int

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




def _titles(text: str, words: Words, m: re.Match[str], n: int) -> Iterator[Hit]:
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
