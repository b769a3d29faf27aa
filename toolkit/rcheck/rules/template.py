"""S101 missing-section: a section that the report's kind requires is absent.

The kind comes from the title and headings (or `--template`); its template lists the
sections and the wordings that count. A finding about something absent points where the
section was expected: the end of the section before it, or the title.
"""

from __future__ import annotations

from collections.abc import Iterator

from rcheck.facts.coverage import template_sections
from rcheck.facts.templates import match_sections
from rcheck.rules.base import Context, Hit, Rule, register
from rcheck.text import regex as re
from rcheck.text.document import Document

# A draft shorter than this with no heading at all is an excerpt, not a report missing its parts.
_MIN_WHOLE = 1500
# How a finished draft ends: a sentence, or its signature and date (2025年12月20日, 二〇二五年十二月).
_STOP_END = re.compile(r"[。！？!?…”’]$")
_DATE_LINE = re.compile(r"^(?:(?:19|20)[\dxX×]{2}|[〇零一二三四五六七八九]{4})年"
                        r"[\dxX×一二三四五六七八九十]{1,2}月(?:[\dxX×一二三四五六七八九十]{1,3}日)?$")
_NOTE_LINE = re.compile(r"^[（(][^（）()]*[）)]$")  # （此件公开发布）


def _finished(doc: Document) -> bool:
    """The draft ends as a document does, not cut off mid-sentence, at a heading or in page
    chrome: the first part of a web page (阅读全文, 仅展示665字) is not missing its later parts."""
    lines = [ln for ln in (p.strip() for p in doc.text.split("\n")) if ln and not _NOTE_LINE.match(ln)]
    if not lines:
        return False
    if any(_DATE_LINE.match(ln) for ln in lines[-3:]):
        return True
    last = lines[-1]
    return bool(_STOP_END.search(last))


def _anchor(ctx: Context, before: int | None) -> tuple[int, int]:
    """A one-character span at the end of the top-level section holding `before`."""
    doc = ctx.doc
    if before is None:
        if doc.title:
            return doc.title.start, doc.title.end
        first = doc.paragraphs[0] if doc.paragraphs else None
        return (first.start, first.end) if first else (0, 0)
    end = len(doc.text)
    for section in doc.sections.children:
        if section.start <= before < section.end:
            end = section.end
            break
    while end > 0 and doc.text[end - 1].isspace():
        end -= 1
    return max(0, end - 1), end


def check(ctx: Context) -> Iterator[Hit]:
    template = ctx.kind.template
    if not ctx.doc.headings and (template.key == "generic" or len(ctx.doc.text) < _MIN_WHOLE):
        return  # a passage with no headings (an excerpt, a page's preview) is not a whole report
    if len(ctx.doc.text) < _MIN_WHOLE and not _finished(ctx.doc):
        return  # the head of a page, cut off: its later parts may well exist
    statuses, _ = template_sections(ctx.doc, ctx.kind, match_sections(ctx.doc, template))
    cut = next(iter(ctx.facts.cuts), None)
    by_key = {s.key: s for s in template.sections}
    last_found: int | None = None
    lead_in: tuple[int, str] | None = None  # a section named by a line, not a heading: no end
    for status in statuses:
        if status.status != "missing":
            last_found = status.last_start
            lead_in = (status.last_start or 0, status.lead_in) if status.lead_in else None
            continue
        if not status.required:
            continue
        if lead_in is not None:
            # 存在隐患： and then the end: the missing part belongs right after that line.
            start, end = lead_in[0], lead_in[0] + len(lead_in[1])
        else:
            start, end = _anchor(ctx, last_found)
        section = by_key[status.key]
        wordings = "”“".join(section.headings[:4])
        message = (f"缺少“{section.name}”部分：{template.name}应当包含这一部分"
                   f"（可用的标题如“{wordings}”）")
        if cut is not None:
            line, _ = ctx.doc.position(cut)
            message += f"；第 {line} 行有网页截断（此处隐藏…），这部分可能在被隐藏的内容中"
        yield Hit(start, end, message)


register(Rule(
    code="S101", precision="likely",
    name="missing-section",
    severity="error",
    summary="A section the report kind requires is absent (存在的问题, 下一步打算…)",
    title="缺少必备部分",
    doc=(
        "不同类型的报告有必备的组成部分：落实情况报告和工作总结要写“存在的问题和不足”和“下一步"
        "工作打算”，述职报告要写“存在的问题”和“今后努力方向”，整改报告要写整改落实情况和尚未"
        "完成的事项。rcheck 根据整篇文件（标题、小标题和正文用语）判断报告类型（也可用 --template 指定）,"
        "按模板检查这些部分是否齐全；类型不明时、以及政府工作报告、意见、通知等文件不要求特定部分；标题的不同说法（“问题与不足”“存在不足”“主要问题”）都算。缺少的部分提示在"
        "它本应出现的位置：前一部分的末尾或标题处。"
    ),
    # Marked where the part should begin: the end of the part before it.
    examples=(
        "关于2025年度落实意识形态工作责任制情况的报告\n一、主要做法和成效\n"
        "全年开展专题学习20次⟦。⟧\n二、下一步工作打算\n持续加强理论武装。",
        "关于2025年度落实意识形态工作责任制情况的报告\n一、主要做法和成效\n"
        "全年开展专题学习20次。\n二、问题与不足\n学习还不够深入⟦。⟧",  # the last part missing
        "2025年度个人述职报告\n一、履职情况\n全年开展专题学习20次。\n二、存在的问题\n学习还不够深入⟦。⟧",
        "关于2025年度落实意识形态工作责任制情况的报告\n一、主要做法和成效\n"
        "全年开展专题学习20次。\n二、存在的问题和不足\n学习还不够深入。\n"
        "三、下一步工作打算\n持续加强理论武装。",
        "关于2025年度落实意识形态工作责任制情况的报告\n一、主要做法和成效\n"
        "全年开展专题学习20次。\n二、存在不足\n学习还不够深入。\n三、下步打算\n持续加强理论武装。",
        "关于加强理论学习的意见\n一、总体要求\n坚持学以致用。\n二、主要任务\n开展专题学习。",  # 意见
    ),
    check=check,
))
