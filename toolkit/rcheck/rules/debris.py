"""D101 web-debris: text left over from the web page a draft was copied from.

What counts as debris is `rcheck.facts.debris` (patterns in `lexicons/debris.toml`); this module
turns each piece into a finding.
"""

from __future__ import annotations

from collections.abc import Iterator

from rcheck.facts.debris import find_debris
from rcheck.rules.base import Context, Hit, Rule, register


def check(ctx: Context) -> Iterator[Hit]:
    text = ctx.doc.text
    for start, end, entry in find_debris(text, ctx.lexicon):
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
