"""D101 web-debris: text left over from the web page a draft was copied from.

What counts as debris is `rcheck.facts.debris` (patterns in `lexicons/debris.toml`); this module
turns each piece into a finding.
"""

from __future__ import annotations

from collections.abc import Iterator

from rcheck.rules.base import Context, Hit, Rule, register


def check(ctx: Context) -> Iterator[Hit]:
    text = ctx.doc.text
    markdown = ctx.doc.is_markdown
    for start, end, entry in ctx.facts.debris:
        if markdown and entry.markdown:
            continue
        found = text[start:end]
        message = f"网页残留：{entry.label}（“{found.strip('-—=~· ')}”）"
        if entry.why:
            message += "。" + entry.why
        yield Hit(start, end, message, severity=entry.severity)


register(Rule(
    code="D101", precision="sure",
    name="web-debris",
    severity="error",
    summary="Text left from a web page: page chrome (metadata bars, breadcrumbs, toolbars, site names, "
            "repeated page titles), template-site boilerplate, cut notices, pinyin annotations, HTML tags",
    title="网页残留文字",
    doc=(
        "从网页复制范文时带进来的文字。它们在草稿的开头、结尾，或者插在正文中间，样子像网页的框架："
        "信息栏（发布时间：… 来源：… 浏览次数：）、导航路径（首页 > …）、按钮和栏目名（分享、打印、"
        "推荐文章）、网站名称和登录、会员、下载提示、正文之上重复的网页标题；范文网站的套话"
        "（下面是小编为大家整理的…）和标题后缀（范文、N篇、篇1）；截断提示（此处隐藏N字、仅展示N字）；"
        "繁体网页的拼音注音（關(guān)）、HTML 标签、夹带的广告。它们不属于正文，必须删除；"
        "截断提示说明正文在这里缺失，要补写，后面的编号也可能因此接不上。"
        "按行的样子判断（短、没有句末标点、键值形式、时间戳、网站用语、与相邻行的关系），"
        "确定的写法在 lexicons/debris.toml 中。残留中的空格、标点不再由其他规则重复报告。"
    ),
    examples=(
        "⟦示范文库网 首页⟧\n⟦关于2025年度工作情况的报告⟧\n⟦发布时间：2025-12-01⟧ ⟦来源：网友投稿⟧\n"
        "⟦下面是小编为大家整理的工作报告，供大家参考。⟧\n关于2025年度工作情况的报告\n现将有关情况报告如下。",
        "关于2025年度工作情况的报告\n⟦首页 > 工作总结 > 述职报告⟧\n现将有关情况报告如下。\n⟦分享 打印 收藏⟧",
        "关于2025年度工作情况的报告\n一、主要工作\n全年开展学习20次。⟦此处隐藏1234字⟧\n二、存在问题",
        "推动關⟦(guān)⟧键工作落实，全年开展⟦<strong>⟧专题学习⟦</strong>⟧20次。",  # halfwidth-ok
        "关于2025年度工作情况的报告\n现将有关情况报告如下。",
        "关于2025年度工作情况的报告\n现将有关情况报告如下。\n附件：2025年度重点工作任务清单\n"
        "中共某某县委办公室\n2025年12月1日",  # attachment, signature and date close a draft
        "关于2025年度工作情况的报告\n一、主要工作\n推动经验分享、打印出版和资料收藏，排查隐藏风险12处。",
    ),
    check=check,
))
