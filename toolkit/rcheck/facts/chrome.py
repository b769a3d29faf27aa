"""Page chrome told by the shape of a line: metadata bars, timestamps, breadcrumbs, toolbars,
site names, repeated page titles, counters, link lists (debris that no word list holds)."""


from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rcheck.text import regex as re
from rcheck.text.structure import CELL_SEPARATOR

if TYPE_CHECKING:
    pass


@dataclass(frozen=True)
class DebrisEntry:
    label: str
    severity: str | None
    line_only: bool
    why: str
    sentence: bool = False  # the finding is the whole sentence around the match
    join: bool = False  # pieces of it separated only by spaces are one finding (</p> <p>)
    markdown: bool = False  # Markdown syntax: debris in a .txt or Word draft, not in a .md one
    boundary: bool = False  # only where no letter or Han character precedes (来源, not 指标来源)
    tail: bool = False  # opens the page's bottom: the short lines after it are links as well


@dataclass(frozen=True)
class _Chrome:
    """The `[chrome]` vocabularies, compiled."""

    key: re.Pattern[str]  # a metadata key and its colon, at a boundary
    strong: frozenset[str]
    weak: frozenset[str]
    widgets: frozenset[str]
    widget_max: int
    site_end: re.Pattern[str]
    site_word: re.Pattern[str]
    weak_site_word: re.Pattern[str]
    entries: dict[str, DebrisEntry]


# The kinds of chrome a line can be; their labels and explanations are `[chrome.labels]`.
_CHROME_KINDS = ("meta", "stamp", "crumb", "widget", "site", "title", "item", "chunk", "count",
                 "link", "teaser", "tag")

# Chrome told by its words alone (a site's name, a button): not split around a sure pattern.
_BY_WORDS = frozenset({"site", "widget", "link"})
# Lines that are debris as a whole however much of them the sure patterns found.
_WHOLE = frozenset({"title", "teaser"})
_SHORT_PARAGRAPH = 160
_SENTENCE_END = "。！？!?"
_PROSE_PUNCT = re.compile(r"[，,。；;！？]")
_ISO_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")
_CN_DATE = re.compile(r"\d{2,4}年|\d{1,2}月\d{1,2}日")
_CRUMB_SEP = re.compile(r"[>＞»›]")
_BULLET = re.compile(r"^[-–—•·●▪*]\s?")
_COUNT = re.compile(r"约?\s?\d{1,6}(?:\.\d{1,3})?\s?[千万]?(?:字|页)")
_ITEM_LINE = re.compile(r"第[一二三四五六七八九十\d]{1,3}篇(?:范文)?[:：\s]")
_CHUNK = re.compile(r"\d{1,3}、")
_NUMERAL_LINE = re.compile(r"[一二三四五六七八九十]{1,3}")
_HEADING = re.compile(r"[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十\d]{1,3}[）)]"
                      r"|第[一二三四五六七八九十]{1,3}[章节部分条]")
_PINYIN = re.compile(r"[(（][a-zü]{0,5}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]{0,5}[)）]")
_NOT_WORD = re.compile(r"[\s\[\]【】()（）:：|｜•·\-–—/0-9]")
_WORD_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_CELL = re.compile(rf"[{CELL_SEPARATOR}\t]")
_SPACE = re.compile(r"\s+")
_GENRE = "(?:报告|总结|方案|计划|要点|汇报|讲话|材料|规划|安排|意见|通知)"
_TAGS = re.compile(rf"(?:[\u4e00-\u9fff]{{0,12}}{_GENRE}[ 　]+){{1,8}}[\u4e00-\u9fff]{{0,12}}{_GENRE}"
                   rf"|(?:实施|工作)?{_GENRE}。")
_NUMBERED = re.compile(r"\d{1,2}[、.．]")
_DOMAIN = re.compile(r"[a-z0-9-]{2,30}\.(?:com|cn|net|org|top|cc)\b", re.I)
_CLOSERS = "。；;：:！!？?）)”」』】…"


def _is_body(s: str) -> bool:
    """A line of prose: long, with sentence punctuation."""
    return (len(s) >= 40 and len(_PROSE_PUNCT.findall(s)) >= 2) or (len(s) >= 20 and s.endswith("。"))


def _chrome_lines(text: str, lines: list[tuple[int, int]], chrome: _Chrome,
                  found: list[tuple[int, int, DebrisEntry]]) -> Iterator[tuple[int, int, DebrisEntry]]:
    rows = [(a + len(text[a:b]) - len(text[a:b].lstrip()), b - (len(text[a:b]) - len(text[a:b].rstrip())))
            for a, b in lines]
    rows = [(a, b) for a, b in rows if b > a]
    if not rows:
        return
    body = [i for i, (a, b) in enumerate(rows) if _is_body(text[a:b])]
    head_end = body[0] if body else len(rows)
    foot_start = body[-1] + 1 if body else len(rows)
    spans = sorted((s, e) for s, e, _ in found)

    def covered(a: int, b: int) -> bool:
        """Whether the sure patterns already found the whole of [a, b)."""
        return next(_uncovered(text, a, b, spans), None) is None
    kinds: list[str | None] = []
    for i, (a, b) in enumerate(rows):
        s = text[a:b]
        edge = i < head_end or i >= foot_start
        kinds.append(_line_kind(s, edge, chrome))
    # Weak metadata (时间：) counts beside other debris or above the body.
    for i in range(len(rows)):
        if kinds[i] == "weak":
            near = any(0 <= j < len(rows) and (kinds[j] not in (None, "weak") or covered(*rows[j]))
                       for j in (i - 1, i + 1))
            kinds[i] = "meta" if near or i < head_end else None
    _titles(text, rows, head_end, kinds)
    _teasers(text, rows, kinds)
    # Below the draft, once the page's own bottom begins (打印本页, 相关推荐), its short lines
    # are links and notices of the page, not a signature.
    tails = sorted((a, b) for a, b, e in found if e.tail)
    started = False
    for i in range(foot_start, len(rows)):
        s = text[rows[i][0]:rows[i][1]]
        if kinds[i] in _BY_WORDS or _touched(*rows[i], tails):
            started = True
        elif started and len(s) <= 60 and not _PROSE_PUNCT.search(s):
            kinds[i] = "link"
    for i, (a, b) in enumerate(rows):
        kind = kinds[i]
        if kind in _BY_WORDS and _touched(a, b, spans):
            continue  # the words that made it chrome are found already, the rest may be prose
        if kind in _WHOLE:
            yield a, b, chrome.entries[kind]  # pieces found inside it go with the line
        elif kind:
            # Where the sure patterns already named parts of the line, the rest is its own piece.
            for x, y in _uncovered(text, a, b, spans):
                yield x, y, chrome.entries[kind]
        elif i > 0 and (m := _CHUNK.match(text, a)):
            prev = text[rows[i - 1][0]:rows[i - 1][1]]
            # The line before stops mid-sentence (or is a heading's lone numeral 二): the number
            # is the viewer's, not the draft's. A heading or a table row above is not cut.
            long_cut = len(prev) >= 40 and not _HEADING.match(prev) and not _CELL.search(prev)
            cut = prev[-1] not in _CLOSERS and (long_cut or _NUMERAL_LINE.fullmatch(prev))
            if cut or kinds[i - 1] or covered(*rows[i - 1]):
                yield a, m.end(), chrome.entries["chunk"]
                first = text[rows[0][0]:rows[0][1]]
                if i == 1 and first.startswith("1、") and first[-1] not in _CLOSERS:
                    yield rows[0][0], rows[0][0] + 2, chrome.entries["chunk"]  # the first page's


def _touched(a: int, b: int, spans: list[tuple[int, int]]) -> bool:
    k = bisect_left(spans, (b, b))
    return any(e > a for _, e in spans[max(0, k - 8):k])


def _uncovered(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """The parts of [a, b) outside `spans` that hold two characters or more besides space."""
    at = a
    k = bisect_left(spans, (a, a))
    while k > 0 and spans[k - 1][1] > a:
        k -= 1
    for s, e in spans[k:]:
        if s >= b:
            break
        if s > at:
            yield from _piece(text, at, s)
        at = max(at, e)
    if at < b:
        yield from _piece(text, at, b)


def _piece(text: str, a: int, b: int) -> Iterator[tuple[int, int]]:
    if len(text[a:b].strip(" \t\u3000|｜的")) >= 2:
        yield a, b


def _line_kind(s: str, edge: bool, chrome: _Chrome) -> str | None:
    """What kind of chrome the line `s` is, `weak` when only beside other chrome, or None."""
    if edge and _TAGS.fullmatch(s):
        return "tag"
    if len(s) > 100 or "。" in s:
        return None
    meta = _metadata(s, chrome)
    if meta:
        return meta
    if len(s) > 60:
        return _site(s, edge, chrome)
    bare = _BULLET.sub("", s).strip()
    if _ISO_DATE.match(bare) and len(bare) <= 40:
        return "stamp"
    if len(_CRUMB_SEP.findall(s)) >= 2:
        return "crumb"
    if _COUNT.fullmatch(bare):
        return "count"
    if _widgets_only(bare, chrome):
        return "widget"
    if _ITEM_LINE.match(bare) and not _PROSE_PUNCT.search(bare):
        return "item"
    return _site(s, edge, chrome)


def _site(s: str, edge: bool, chrome: _Chrome) -> str | None:
    if _HEADING.match(s) or _NUMBERED.match(s):
        return None
    strong = chrome.site_word.search(s) is not None
    weak = len({m.group() for m in chrome.weak_site_word.finditer(s)})
    if (strong or weak >= 2) and (edge or len(s) <= 30 or (strong and weak >= 1)):
        return "site"
    named = chrome.site_end.search(s) or _DOMAIN.search(s)
    if edge and named and len(s) <= 60 and not _PROSE_PUNCT.search(s):
        return "site"
    return None


def _metadata(s: str, chrome: _Chrome) -> str | None:
    """`meta` for a line made of `key：value` pairs, `weak` when its keys also name ordinary things."""
    if "：" not in s and ":" not in s:
        return None
    keys = list(chrome.key.finditer(s))
    if not keys:
        return None
    lead = s[:keys[0].start()].strip(" |｜•·")
    if lead and not _ISO_DATE.fullmatch(lead):
        return None
    names = []
    for k, m in enumerate(keys):
        stop = keys[k + 1].start() if k + 1 < len(keys) else len(s)
        value = s[m.end():stop].strip(" \t|｜")
        if len(value) > 80 or _PROSE_PUNCT.search(value.rstrip("。")):
            return None
        names.append((re.sub(r"[ \u3000]", "", m.group(1)), value))
    if len(names) >= 2 or names[0][0] in chrome.strong:
        return "meta"
    key, value = names[0]
    # 时间：2025年3月12日 heads a meeting's notice; a page's date is written 2025-03-12.
    if "时间" in key or "日期" in key:
        return "weak" if not value or _ISO_DATE.match(value) or not _CN_DATE.search(value) else None
    return "weak"


def _widgets_only(s: str, chrome: _Chrome) -> bool:
    """Whether `s`, less brackets, bullets and digits, is nothing but toolbar words."""
    if len(s) > 60:
        return False
    rest = _NOT_WORD.sub("", s)
    if not rest or len(rest) > 30:
        return False
    # Segment greedily from the left with the longest word: short strings, short words.
    ok = [True] + [False] * len(rest)
    for i in range(len(rest)):
        if ok[i]:
            for n in range(1, min(chrome.widget_max, len(rest) - i) + 1):
                if rest[i:i + n] in chrome.widgets:
                    ok[i + n] = True
    return ok[len(rest)]


def _teasers(text: str, rows: list[tuple[int, int]], kinds: list[str | None]) -> None:
    """A page's description: the title and the first words of the text run together, cut off,
    above the same words in full (space-insensitive). Mark it `teaser`."""
    for i in range(min(len(rows), 8)):
        s = _SPACE.sub("", text[rows[i][0]:rows[i][1]])
        if kinds[i] or len(s) < 30:
            continue
        after = ""
        for a, b in rows[i + 1:]:
            after += _SPACE.sub("", text[a:b])
            if len(after) > len(s):
                break
        if len(after) > len(s) and after.startswith(s):
            kinds[i] = "teaser"


def _titles(text: str, rows: list[tuple[int, int]], head_end: int, kinds: list[str | None]) -> None:
    """A page title printed again above the draft's own: mark the earlier copies `title`."""
    heads = [i for i, (a, b) in enumerate(rows) if _HEADING.match(text[a:b])]
    first_heading = heads[0] if heads else len(rows)
    window = [i for i in range(min(len(rows), 15)) if i not in set(heads[:15])]
    for n, i in enumerate(window):
        if i >= first_heading or kinds[i]:
            continue
        s = text[rows[i][0]:rows[i][1]]
        if len(s) < 4 or len(s) > 80 or _PROSE_PUNCT.search(s):
            continue
        later = [text[rows[j][0]:rows[j][1]] for j in window[n + 1:] if j <= max(first_heading, head_end) + 1]
        nxt = later[0] if later else ""
        inside_next = nxt and s in nxt and len(nxt) <= 80 and not _PROSE_PUNCT.search(nxt)
        if inside_next or any(t == s for t in later):
            kinds[i] = "title"
