"""Web-page debris: what copying a draft from a web page brings along (来源：, 此处隐藏N字, 首页 > …).

Two layers. The sure cases are patterns (`[[debris]]` in `lexicons/debris.toml`). The rest
is page chrome, recognised by its shape rather than by a word list: debris sits at the top
and the bottom of a copied draft or interrupts it, and a chrome line is short, carries no
sentence punctuation, and is made of `key：value` metadata, a timestamp, a breadcrumb,
toolbar words, a site's name or its login and member notices, or repeats the page title
above the draft's own. The vocabularies of those shapes are data too (`[chrome]`).

Everything is matched in the Simplified view, so one lexicon serves Traditional pages; every
pattern and every pass over the lines is linear in the length of the draft. Read by the rule
D101 and by extraction, which never takes debris for a commitment.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rcheck.errors import LexiconError
from rcheck.lexicon import Lexicon
from rcheck.text.script import simplified_text
from rcheck.text.structure import CELL_SEPARATOR

if TYPE_CHECKING:
    from rcheck.text.document import Document


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


_Matcher = tuple[re.Pattern[str], DebrisEntry]


def _entries(lexicon: Lexicon) -> tuple[list[_Matcher], list[_Matcher]]:
    # One pattern at a time: an alternation of them all is several times slower, since the
    # engine can no longer skip ahead to the first character a pattern can start with.
    anywhere: list[_Matcher] = []
    line_only: list[_Matcher] = []
    for i, e in enumerate(lexicon.tables("debris", "debris")):
        key = f"debris[{i}]"
        if not isinstance(e.get("pattern"), str) or not isinstance(e.get("label"), str):
            raise LexiconError(lexicon.path_of("debris"), key, "needs `pattern` and `label`")
        source = e["pattern"].replace("{cut}", _cut_source(lexicon))
        pattern = lexicon.regex("debris", f"{key}.pattern", source)
        entry = DebrisEntry(e["label"], e.get("severity"), bool(e.get("line")), str(e.get("why", "")),
                            bool(e.get("sentence")), bool(e.get("join")),
                            bool(e.get("markdown")), bool(e.get("boundary")),
                            bool(e.get("tail")))
        (line_only if entry.line_only else anywhere).append((pattern, entry))
    return anywhere, line_only


def _cut_source(lexicon: Lexicon) -> str:
    cut = lexicon.get("debris").get("cut")
    if not isinstance(cut, str) or not cut:
        raise LexiconError(lexicon.path_of("debris"), "cut", "is required: the web cut's pattern")
    return cut


@lru_cache(maxsize=8)
def cut_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    """The web cut (此处隐藏N字) of `debris.toml`, compiled."""
    return lexicon.regex("debris", "cut", _cut_source(lexicon))


def cut_positions(doc: Document, lexicon: Lexicon | None = None) -> list[int]:
    """Where a web page cut the text (此处隐藏N字), in order; empty if it did not."""
    if lexicon is None:
        from rcheck.lexicon import load_lexicon

        lexicon = load_lexicon()
    return [m.start() for m in cut_pattern(lexicon).finditer(doc.text)]


def _words(lexicon: Lexicon, key: str) -> list[str]:
    table = lexicon.get("debris").get("chrome", {})
    value = table.get(key, []) if isinstance(table, dict) else []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise LexiconError(lexicon.path_of("debris"), f"chrome.{key}", "must be a list of strings")
    return value


def _spaced(word: str) -> str:
    # 索 引 号：pages letter-space short keys.
    return "[ \u3000]?".join(re.escape(c) for c in word)


_Compiled = tuple[list[_Matcher], list[_Matcher], int, "_Chrome"]


@lru_cache(maxsize=8)
def _compiled(lexicon: Lexicon) -> _Compiled:
    """The patterns valid anywhere, those valid only on a short line, and the chrome."""
    anywhere, line_only = _entries(lexicon)
    max_line = lexicon.get("debris").get("max_line", 80)
    if not isinstance(max_line, int) or isinstance(max_line, bool) or max_line < 1:
        raise LexiconError(lexicon.path_of("debris"), "max_line", "must be a positive integer")
    strong, weak = _words(lexicon, "strong_keys"), _words(lexicon, "weak_keys")
    keys = sorted(set(strong) | set(weak), key=len, reverse=True)
    never = re.compile(r"(?!)")
    key = re.compile(r"(?:^|(?<=[\s|｜•·\]】]))(" + "|".join(map(_spaced, keys)) + r")[ \t]{0,2}[:：]") \
        if keys else never
    widgets = _words(lexicon, "widget_words")
    suffixes = sorted(_words(lexicon, "site_suffixes"), key=len, reverse=True)
    site_words = sorted(_words(lexicon, "site_words"), key=len, reverse=True)
    weak_words = sorted(_words(lexicon, "weak_site_words"), key=len, reverse=True)
    chrome_entries = {k: _chrome_entry(lexicon, k) for k in _CHROME_KINDS}
    chrome = _Chrome(
        key=key, strong=frozenset(strong), weak=frozenset(weak), widgets=frozenset(widgets),
        widget_max=max((len(w) for w in widgets), default=1),
        site_end=re.compile(r"[\u4e00-\u9fffA-Za-z]{1,10}(?:" + "|".join(map(re.escape, suffixes))
                            + r")(?![\u4e00-\u9fff])") if suffixes else never,
        site_word=re.compile("|".join(map(re.escape, site_words))) if site_words else never,
        weak_site_word=re.compile("|".join(map(re.escape, weak_words))) if weak_words else never,
        entries=chrome_entries,
    )
    return anywhere, line_only, max_line, chrome


def _chrome_entry(lexicon: Lexicon, kind: str) -> DebrisEntry:
    table = lexicon.get("debris").get("chrome", {})
    labels = table.get("labels", {}) if isinstance(table, dict) else {}
    value = labels.get(kind) if isinstance(labels, dict) else None
    if not (isinstance(value, list) and 1 <= len(value) <= 2 and all(isinstance(v, str) for v in value)):
        raise LexiconError(lexicon.path_of("debris"), f"chrome.labels.{kind}",
                           "must be [label] or [label, why]")
    return DebrisEntry(value[0], "error", False, value[1] if len(value) > 1 else "")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line that is not blank: 2 MB of blank lines keep nothing."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        if line and not line.isspace():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def find_debris(text: str, lexicon: Lexicon, *, view: str | None = None
                ) -> tuple[tuple[int, int, DebrisEntry], ...]:
    """(start, end, entry) of each piece of debris, in order, surrounding space left out.

    `view` is the Simplified view of `text` when the caller has it. Not cached here: a run
    asks through its `DraftFacts`, which finds them once for D101 and extraction alike."""
    if view is None:
        view = simplified_text(text)
    anywhere, line_only, max_line, chrome = _compiled(lexicon)
    lines = _lines(view)
    found: list[tuple[int, int, DebrisEntry]] = []
    for pattern, entry in anywhere:
        found.extend((*_span(view, m, entry), entry) for m in pattern.finditer(view))
    # Line-only patterns run over the whole text once (none crosses a line) and keep the
    # matches on short lines: one call per line and pattern costs more than the scan.
    starts = [a for a, _ in lines]
    # A line's length leaves out the pinyin a site put in it (關(guān)).
    short = [len(_PINYIN.sub("", view[a:b]).strip()) <= max_line for a, b in lines]
    for pattern, entry in line_only:
        found.extend((*_span(view, m, entry), entry) for m in pattern.finditer(view)
                     if (k := bisect_right(starts, m.start()) - 1) >= 0 and short[k]
                     and not (entry.boundary and m.start() and _WORD_CHAR.match(view, m.start() - 1)))
    found.extend(_chrome_lines(view, lines, chrome, found))
    return tuple(_merge(view, found))


def _span(text: str, m: re.Match[str], entry: DebrisEntry) -> tuple[int, int]:
    # A pattern may match its context first and name the debris itself `at` (报告|总结… then
    # the suffix): a leading literal lets the engine skip ahead where a lookbehind would not.
    start, end = m.span("at") if "at" in m.re.groupindex and m.start("at") >= 0 else m.span()
    if entry.sentence:
        # A site's boilerplate is the whole sentence it sits in, or its short paragraph.
        line_start = text.rfind("\n", 0, start) + 1
        line_end = len(text) if (nl := text.find("\n", end)) < 0 else nl
        if line_end - line_start <= _SHORT_PARAGRAPH:
            return line_start, line_end
        cut = max((text.rfind(c, line_start, start) for c in _SENTENCE_END), default=-1)
        start = cut + 1 if cut >= line_start else line_start
        stop = len(text) if (nl := text.find("\n", end)) < 0 else nl
        if end < stop and text[end - 1] not in _SENTENCE_END:
            ends = [i for c in _SENTENCE_END if (i := text.find(c, end, stop)) >= 0]
            end = min(ends) + 1 if ends else stop
    return start, end


def _merge(text: str, found: list[tuple[int, int, DebrisEntry]]) -> Iterator[tuple[int, int, DebrisEntry]]:
    """One finding per piece: trim space, drop pieces inside others, join touching pieces."""
    pieces: list[tuple[int, int, DebrisEntry]] = []
    for start, end, entry in sorted(found, key=lambda f: (f[0], -f[1])):
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        if pieces:
            a, b, first = pieces[-1]
            if start < b or (first is entry and entry.join and not text[b:start].strip(" \t\u3000")):
                pieces[-1] = (a, max(b, end), first)
                continue
        pieces.append((start, end, entry))
    yield from pieces


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
