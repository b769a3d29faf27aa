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

from bisect import bisect_right
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from rcheck.errors import LexiconError
from rcheck.facts.regex_needs import can_match, needed_literals
from rcheck.lexicon import Lexicon
from rcheck.text import regex as re
from rcheck.text.regex_scan import finditer
from rcheck.text.script import simplified_text

if TYPE_CHECKING:
    from rcheck.text.document import Document
from rcheck.facts.chrome import (
    _CHROME_KINDS,
    _PINYIN,
    _SENTENCE_END,
    _SHORT_PARAGRAPH,
    _WORD_CHAR,
    DebrisEntry,
    _Chrome,
    _chrome_lines,
)

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
    keys = sorted(set(strong) | set(weak), key=lambda w: (-len(w), w))  # one pattern text per set
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
    # A pattern none of whose words is in the draft cannot match: its scan is skipped.
    anywhere = [(p, e) for p, e in anywhere if can_match(needed_literals(p), view)]
    line_only = [(p, e) for p, e in line_only if can_match(needed_literals(p), view)]
    for pattern, entry in anywhere:
        found.extend((*_span(view, m, entry), entry) for m in finditer(pattern, view))
    # Line-only patterns run over the whole text once (none crosses a line) and keep the
    # matches on short lines: one call per line and pattern costs more than the scan.
    starts = [a for a, _ in lines]
    # A line's length leaves out the pinyin a site put in it (關(guān)). Pinyin never spans a
    # line, so one scan of the whole text says which lines hold any.
    with_pinyin = {bisect_right(starts, m.start()) - 1 for m in _PINYIN.finditer(view)}
    short = [len((_PINYIN.sub("", view[a:b]) if k in with_pinyin else view[a:b]).strip()) <= max_line
             for k, (a, b) in enumerate(lines)]
    for pattern, entry in line_only:
        found.extend((*_span(view, m, entry), entry) for m in finditer(pattern, view)
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


