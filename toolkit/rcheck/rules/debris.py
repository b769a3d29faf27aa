"""D101 web-debris: text left over from the web page a draft was copied from.

Patterns are data (`lexicons/debris.toml`). Words such as 来源 or 作者 occur in ordinary
sentences too, so the entries marked `line = true` count only on a short line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..errors import LexiconError
from ..lexicon import Lexicon
from .base import Context, Hit, Rule, register


@dataclass(frozen=True)
class _Entry:
    label: str
    severity: str | None
    line_only: bool
    why: str


@lru_cache(maxsize=8)
def _compiled(lexicon: Lexicon) -> tuple[re.Pattern[str], re.Pattern[str], tuple[_Entry, ...], int]:
    """Two alternations: entries valid anywhere, and entries valid only on a short line."""
    entries: list[_Entry] = []
    anywhere: list[str] = []
    line_only: list[str] = []
    for i, e in enumerate(lexicon.tables("debris", "debris")):
        key = f"debris[{i}]"
        if not isinstance(e.get("pattern"), str) or not isinstance(e.get("label"), str):
            raise LexiconError(lexicon.path_of("debris"), key, "needs `pattern` and `label`")
        lexicon.regex("debris", f"{key}.pattern", e["pattern"])  # validate alone first
        entry = _Entry(e["label"], e.get("severity"), bool(e.get("line")), str(e.get("why", "")))
        (line_only if entry.line_only else anywhere).append(f"(?P<d{i}>{e['pattern']})")
        entries.append(entry)
    max_line = int(lexicon.get("debris").get("max_line", 80))
    never = r"(?!)"
    return (re.compile("|".join(anywhere) or never), re.compile("|".join(line_only) or never),
            tuple(entries), max_line)


def _short_lines(text: str, max_line: int) -> Iterator[tuple[int, int]]:
    pos = 0
    for line in text.split("\n"):
        if len(line.strip()) <= max_line:
            yield pos, pos + len(line)
        pos += len(line) + 1


def check(ctx: Context) -> Iterator[Hit]:
    text = ctx.doc.text
    anywhere, line_only, entries, max_line = _compiled(ctx.lexicon)
    matches = list(anywhere.finditer(text))
    for start, end in _short_lines(text, max_line):
        matches.extend(line_only.finditer(text, start, end))
    taken: list[tuple[int, int]] = []
    for m in sorted(matches, key=lambda m: (m.start(), -m.end())):
        start, end = m.span()
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start or any(a <= start and end <= b for a, b in taken):
            continue
        taken.append((start, end))
        entry = entries[int(m.lastgroup[1:])]
        found = text[start:end]
        message = f"网页残留：{entry.label}（“{found.strip('-—=~· ')}”）"
        if entry.why:
            message += "。" + entry.why
        yield Hit(start, end, message, severity=entry.severity)


register(Rule(
    code="D101",
    name="web-debris",
    severity="error",
    summary="Text left from a web page: 来源：, 更新时间：, 此处隐藏N字, 下载后查看, 最新推荐",
    title="网页残留文字",
    doc=(
        "从网页复制范文时带进来的文字：来源、更新时间、网友投稿、“此处隐藏N字，下载后查看”、"
        "“最新推荐”、分页（第1页 共4页）、打印本页、导航路径等。它们不属于正文，必须删除；"
        "“此处隐藏”说明正文在这里被截断，缺失的内容要补写，后面的编号也可能因此接不上。"
    ),
    bad="关于2025年度工作情况的报告\n更新时间：2025-12 来源：网友投稿\n现将有关情况报告如下。",
    good="关于2025年度工作情况的报告\n现将有关情况报告如下。",
    check=check,
))
