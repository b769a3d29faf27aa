"""W104 confusable-word: common wrong words in drafts (做为, 含盖, 负总则, 截止2025年…).

Data: `lexicons/confusables.toml`. All wrong strings go into one Aho-Corasick automaton, so
one pass finds them however many entries there are. A string that can be right in some
contexts carries guards: `not_before` (a regex matched at the end of the occurrence) and
`not_after` (a regex that must end where the occurrence starts); a guarded occurrence is
not a finding. Of overlapping findings the leftmost-longest one is kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from rcheck.errors import LexiconError
from rcheck.lexicon import Lexicon, PhraseMatcher
from rcheck.rules.base import Context, Hit, Rule, register
from rcheck.text import regex as re

_FILE = "confusables"
_BEHIND = 40  # characters before an occurrence that `not_after` may look at


@dataclass(frozen=True)
class _Entry:
    wrong: str
    right: str
    not_before: re.Pattern[str] | None
    not_after: re.Pattern[str] | None
    note: str
    also: tuple[str, ...] = ()  # other right forms: then no single suggestion is certain


@lru_cache(maxsize=8)
def _data(lexicon: Lexicon) -> PhraseMatcher:
    path = lexicon.path_of(_FILE)
    by_wrong: dict[str, list[_Entry]] = {}
    for i, e in enumerate(lexicon.tables(_FILE, "confusable")):
        key = f"confusable[{i}]"
        wrong, right = e.get("wrong"), e.get("right")
        if not isinstance(wrong, str) or not wrong:
            raise LexiconError(path, f"{key}.wrong", "missing or empty: needs the wrong string")
        if not isinstance(right, str):
            raise LexiconError(path, f"{key}.right", "missing: needs the right string")
        if right == wrong:
            raise LexiconError(path, f"{key}.right", "is the same as `wrong`")
        guards: dict[str, re.Pattern[str] | None] = {"not_before": None, "not_after": None}
        for name in guards:
            value = e.get(name)
            if value is None:
                continue
            if not isinstance(value, str) or not value:
                raise LexiconError(path, f"{key}.{name}", "must be a non-empty regular expression")
            lexicon.regex(_FILE, f"{key}.{name}", value)  # a clear error for a bad pattern
            guards[name] = re.compile(value if name == "not_before" else f"(?:{value})\\Z")
        for name in ("note", "bad", "good", "ok"):
            if name in e and not isinstance(e[name], str):
                raise LexiconError(path, f"{key}.{name}", "must be a string")
        also = e.get("also", [])
        if not isinstance(also, list) or not all(isinstance(a, str) and a for a in also):
            raise LexiconError(path, f"{key}.also", "must be a list of strings")
        by_wrong.setdefault(wrong, []).append(
            _Entry(wrong, right, guards["not_before"], guards["not_after"],
                   str(e.get("note", "")).strip(), tuple(also)))
    return PhraseMatcher((w, tuple(entries)) for w, entries in by_wrong.items())


def _applies(entry: _Entry, text: str, start: int, end: int) -> bool:
    if entry.not_before is not None and entry.not_before.match(text, end):
        return False
    if entry.not_after is not None and entry.not_after.search(text[max(0, start - _BEHIND):start]):
        return False
    return True


def check(ctx: Context) -> Iterator[Hit]:
    text = ctx.doc.text
    found: list[tuple[int, int, _Entry]] = []
    for start, end, entries in _data(ctx.lexicon).finditer(text):
        for entry in entries:
            if _applies(entry, text, start, end):
                found.append((start, end, entry))
                break
    found.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    last_end = -1
    for start, end, entry in found:
        if start < last_end:
            continue
        last_end = end
        message = f"疑为错别字：“{entry.wrong}”应为“{entry.right}”"
        message += "".join(f"或“{a}”" for a in entry.also)
        if entry.note:
            message += "。" + entry.note.rstrip("。")
        yield Hit(start, end, message + "。", suggestion=None if entry.also else entry.right)


register(Rule(
    code="W104", precision="sure",
    name="confusable-word",
    severity="warning",
    summary="A commonly confused or miswritten word, e.g. 做为 for 作为, 截止 before a date",  # halfwidth-ok
    title="疑似错别字",
    doc=(
        "工作报告中常见的错别字和误用词：做为→作为，含盖→涵盖，负总则→负总责，"
        "按步就班→按部就班，严于律已→严于律己，“截止”后面直接跟日期时应为“截至”，"
        "“必需”修饰动词时应为“必须”，动词后作补语标记的“的”应为“得”（抓的不紧→抓得不紧）等。"
        "词表在 lexicons/confusables.toml，每条写明错误写法、正确写法和判断所依据的上下文："
        "同一写法在别的语境中正确时（“截止时间”“生活必需要素”），用前后文条件排除。"
    ),
    examples=(
        "主要负责同志对意识形态工作⟦负总则→负总责⟧，把这项工作⟦做为→作为⟧“一把手”工程来抓。",
        "⟦截止→截至⟧2025年底，全年培训⟦含盖→涵盖⟧全体党员。",
        "⟦必需加强→必须加强⟧学习，⟦严于律已→严于律己⟧，不能⟦按步就班→按部就班⟧。",
        "有的支部工作⟦抓的不紧→抓得不紧⟧。",
        "主要负责同志对意识形态工作负总责，把这项工作作为“一把手”工程来抓。",
        "申报截止时间为6月底，保障生活必需要素。",  # the same words, rightly used
    ),
    check=check,
))
