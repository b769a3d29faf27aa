"""S102–S106 heading rules: numbering order, orphans, inline lists, duplicates, empty sections.

They read the Section tree and the inline enumerations of `Document`. Text cut by a web
page (此处隐藏N字) breaks numbering: the break after such a cut is reported once, with the
cut named as the likely cause, not as a cascade.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from itertools import pairwise

from rcheck.rules.base import Context, Hit, Rule, register
from rcheck.text import regex as re
from rcheck.text.document import Enumeration, Heading, Section
from rcheck.text.numerals import format_chinese
from rcheck.text.structure import match_marker


def _numeral(style: str, n: int) -> str:
    if style in ("arabic", "paren-arabic"):
        return str(n)
    if style == "circled":
        return chr(ord("①") + n - 1) if 1 <= n <= 20 else str(n)
    return format_chinese(n)


def _label(h: Heading | Enumeration, n: int | None = None) -> str:
    n = h.number if n is None else n
    if isinstance(h, Enumeration):
        return {"shi": f"{format_chinese(n) if n <= 10 else n}是", "di": f"第{_numeral('cn', n)}",
                "qi": f"其{_numeral('cn', n)}"}[h.kind]
    num = _numeral(h.style, n)
    # A style with no written marker (a Word heading style) is named by its number alone.
    return {"part": f"第{num}部分", "cn": f"{num}、", "paren-cn": f"（{num}）",
            "arabic": f"{num}.", "paren-arabic": f"（{num}）", "circled": num}.get(h.style, num)


def _cut_between(cuts: list[int], a: int, b: int) -> int | None:
    return next((c for c in cuts if a <= c < b), None)


def _table_row(text: str, h: Heading) -> bool:
    """A row of a table (cells split by tabs or ｜) that starts with a number: not a heading."""
    line_end = text.find("\n", h.start)
    line = text[h.start:len(text) if line_end < 0 else line_end]
    return "\t" in line or "｜" in line


# Lines after which numbering legitimately starts again: an annex, a second document's title,
# a numbered section the marker styles do not know (2.1.1, 第一章), and for list items a lead-in
# (…应当包括以下内容：).
_RESTART = re.compile(
    r"^[ \t\u3000]*(?:附件|\d+(?:\.\d+)+|\d+\u3000|第[一二三四五六七八九十百\d]+[章节条编篇])"
    r"|^[ \t\u3000]*[^\s，。；：:、（(]{2,40}(?:清单|方案|办法|预案|意见|规定|细则|目录|要点|计划|规划|"
    r"标准|名单|一览表|任务分工|分解表)[ \t\u3000]*$", re.M)
_LEAD_IN = re.compile(r"[:：][ \t\u3000]*$", re.M)
_LIST_STYLES = ("arabic", "paren-arabic", "circled")


def _restarts(text: str, a: int, b: int, style: str) -> bool:
    if _RESTART.search(text, a, b):
        return True
    if style not in _LIST_STYLES:
        return False
    # the line just before b is a lead-in ending with a colon
    line_start = text.rfind("\n", a, max(a, b - 1))
    return line_start >= 0 and bool(_LEAD_IN.search(text, line_start, b - 1))


# ---------------------------------------------------------------- S102 heading-sequence

def _numbers_before(headings: list[Heading]) -> list[int]:
    """For each heading, the number of the last earlier heading of the same style (0 if none)."""
    last: dict[str, int] = {}
    out = []
    for h in headings:
        out.append(last.get(h.style, 0))
        last[h.style] = h.number
    return out


def _starts_mid_document(headings: list[Heading]) -> bool:
    """An excerpt that begins inside a document: its first heading is not a first one (二、)."""
    return bool(headings) and headings[0].number != 1


def check_sequence(ctx: Context) -> Iterator[Hit]:
    mid_start = _starts_mid_document([h for h in ctx.doc.headings if not _table_row(ctx.doc.text, h)])
    cuts = ctx.facts.cuts
    # Plans often number their items straight through the whole document (一、 1. 2. 二、 3.):
    # a first item that continues the last number of its style is as right as one that restarts.
    order = {h.start: i for i, h in enumerate(ctx.doc.headings)}
    numbers_before = _numbers_before(ctx.doc.headings)
    for parent in ctx.doc.sections.walk():
        by_style: dict[str, list[Section]] = {}
        for child in parent.children:
            if not _table_row(ctx.doc.text, child.heading):
                by_style.setdefault(child.heading.style, []).append(child)
        for siblings in by_style.values():
            previous: Heading | None = None
            for child in siblings:
                h = child.heading
                expected = previous.number + 1 if previous else 1
                if previous is None and h.number != 1 and h.number == numbers_before[order[h.start]] + 1:
                    expected = h.number
                if previous is None and mid_start:
                    expected = h.number  # the earlier numbers lie before the excerpt's cut
                if previous is not None and h.number == 1 and _restarts(
                        ctx.doc.text, previous.start, h.start, h.style):
                    expected = 1
                if h.number != expected:
                    since = previous.start if previous else parent.start
                    cut = _cut_between(cuts, since, h.start)
                    got, want = _label(h), _label(h, expected)
                    if cut is not None:
                        line, _ = ctx.doc.position(cut)
                        msg = (f"编号“{got}”接不上前文（应为“{want}”）：第 {line} 行网页截断"
                               "（此处隐藏…）处缺失了内容，编号因此中断；补全被隐藏的内容后再核对编号")
                    elif previous is None:
                        msg = f"编号“{got}”前面缺少“{want}”"
                    elif h.number == previous.number:
                        msg = f"编号“{got}”与上一个同级标题重复，应为“{want}”"
                    elif h.number < previous.number:
                        msg = f"编号“{got}”重新开始或倒退（上一个是“{_label(previous)}”）,应为“{want}”"
                    else:
                        msg = f"编号“{got}”跳号（上一个是“{_label(previous)}”）,应为“{want}”"
                    yield Hit(h.start, h.marker_end, msg)
                previous = h


# ---------------------------------------------------------------- S103 heading-orphan

def check_orphan(ctx: Context) -> Iterator[Hit]:
    headings = [h for h in ctx.doc.headings if not _table_row(ctx.doc.text, h)]
    if _starts_mid_document(headings):
        return  # the parents of the first headings lie before the cut
    ranks = {h.rank for h in headings}
    for h in headings:
        parent_rank = max((r for r in ranks if r < h.rank), default=None)
        if parent_rank is None:
            continue
        if not any(p.rank == parent_rank and p.start < h.start for p in headings):
            # A higher level exists in the draft but none stands before this heading.
            first = next(p for p in headings if p.rank == parent_rank)
            if first.start > h.start:
                yield Hit(h.start, h.marker_end,
                          f"“{_label(h)}”前面没有上一级标题（本文的上一级标题从第 "
                          f"{ctx.doc.position(first.start)[0]} 行的“{_label(first)}”开始）")


# ---------------------------------------------------------------- S104 enumeration-sequence

# A paragraph that opens with a bare 是 after one that opened with 一是: the numeral was lost.
_BARE_SHI = re.compile(r"是(?!否|以|故|的|非|不是|为|由|在|指|说|要|对|从|把|将|一种|一项|一个)"
                       r"(?=[\u4e00-\u9fff])")


def _bare_shi(ctx: Context) -> Iterator[Hit]:
    text = ctx.doc.text
    starts = {}
    for e in ctx.doc.enumerations:
        if e.kind == "shi":
            starts[e.paragraph] = e
    last: int | None = None
    heading_paragraphs = {h.paragraph for h in ctx.doc.headings}
    for para in ctx.doc.paragraphs:
        if para.index in starts and starts[para.index].start == para.start:
            last = starts[para.index].number
        elif last is not None and _BARE_SHI.match(text, para.start):
            last += 1
            yield Hit(para.start, para.start + 1,
                      f"段首的“是”前面缺少序数，应为“{_label(Enumeration('shi', last, 0, 0, 0))}”")
        elif para.index in heading_paragraphs:
            last = None  # a new heading starts a new list


_AFTER_ORDINAL = "，,、：: \u3000"


def check_enumeration(ctx: Context) -> Iterator[Hit]:
    yield from _bare_shi(ctx)
    # Inline lists restart under each heading: the scope of an item is the heading before it.
    starts = [h.start for h in ctx.doc.headings]
    last: dict[tuple[int, str], Enumeration] = {}
    text = ctx.doc.text
    for e in ctx.doc.enumerations:
        key = (bisect_right(starts, e.start), e.kind)
        previous = last.get(key)
        # The finding is on the ordinal the message names, not on the comma after it （第三，）.
        end = e.start + len(text[e.start:e.end].rstrip(_AFTER_ORDINAL))
        if previous is None:
            if e.number != 1 and e.kind == "shi":
                yield Hit(e.start, end, f"“{_label(e)}”前面缺少“{_label(e, 1)}”")
        elif e.number not in (previous.number + 1, 1):
            want = _label(e, previous.number + 1)
            yield Hit(e.start, end,
                      f"“{_label(e)}”顺序不对（上一个是“{_label(previous)}”）,应为“{want}”")
        last[key] = e


# ---------------------------------------------------------------- S105 duplicate-heading

_NORMALISE = re.compile(r"[\s，,。.;；:：、“”\"'！!？?]")


_DOC_NUMBER = re.compile(r"〔\d{4}〕\d+号$")  # 某政办发〔2025〕3号: page metadata, not a title
_TITLE_LINES = 8  # the title of a page or an article is among the first lines
_TERMINAL = ("。", "；", ";", "，", ",", "：", ":", "！", "？")


def _title_repeats(ctx: Context) -> Iterator[Hit]:
    """A title line written again: a web page's title above the article's own, or a title
    pasted twice. The repeat is a whole line, or starts a line and runs into the body after a
    space or a heading marker (2024年某某工作方案 一、背景)."""
    text = ctx.doc.text
    paragraphs = ctx.doc.paragraphs
    heading_starts = {h.paragraph for h in ctx.doc.headings}
    titles: dict[str, int] = {}
    for para in paragraphs[:_TITLE_LINES]:
        line = text[para.start:para.end].strip()
        if (6 <= len(line) <= 40 and not line.endswith(_TERMINAL) and para.index not in heading_starts
                and line not in titles and not _DOC_NUMBER.search(line)):
            titles[line] = para.index
    if not titles:
        return
    for para in paragraphs:
        line = text[para.start:para.end]
        for title, first in titles.items():
            if para.index <= first or not line.startswith(title):
                continue
            rest = line[len(title):]
            runs_on = (rest[:1] in " \u3000" and rest.strip()) or match_marker(rest) is not None
            if rest.strip() == "" or runs_on:
                line_no = ctx.doc.position(paragraphs[first].start)[0]
                yield Hit(para.start, para.start + len(title),
                          f"标题“{title}”与第 {line_no} 行重复（网页标题和正文标题，或同一标题贴了两次）")
                break


def check_duplicate(ctx: Context) -> Iterator[Hit]:
    yield from _title_repeats(ctx)
    seen: dict[str, Heading] = {}
    for h in ctx.doc.headings:
        if _table_row(ctx.doc.text, h):
            continue
        key = _NORMALISE.sub("", h.text)
        if len(key) < 4:
            continue
        if key in seen:
            first = seen[key]
            # On the words the message quotes, not on the full stop after them （加强组织领导。）.
            end = h.marker_end + len(ctx.doc.text[h.marker_end:h.title_end].rstrip("。；;，,：: \u3000"))
            yield Hit(h.marker_end, end,
                      f"标题“{h.text}”与第 {ctx.doc.position(first.start)[0]} 行的标题重复")
        else:
            seen[key] = h


# ---------------------------------------------------------------- S106 empty-section

_ONLY_PUNCT = re.compile(r"[\s，,。.;；:：、]*")


def check_empty(ctx: Context) -> Iterator[Hit]:
    text = ctx.doc.text
    text_end = len(text.rstrip())  # once: per section it made the rule quadratic in the draft
    for section in ctx.doc.sections.walk():
        h = section.heading
        if h is None or section.children or h.run_in:
            continue
        if text[h.start:h.title_end].rstrip().endswith(("。", "；", "！", "）。")) and (
                len(h.text) > 15 or re.search(r"[，,\d]", h.text)):
            continue  # 3.推行…不少于50类（县数据资源局负责）。 is a whole measure, not a bare title
        own = text[h.start:h.title_end].rstrip()
        before = text[max(0, h.start - 200):h.start].rstrip()
        if own.endswith(("；", ";")) or (own.endswith("。") and before.endswith(("；", ";"))) or (
                _table_row(text, h)):
            continue  # （1）…的； …（2）…的。 are items of a list; a table row is no heading
        if section.end >= text_end and not text[section.body_start:].strip():
            continue  # the excerpt stops right after its last heading: the body was cut off
        if not text[section.body_start:section.end].strip():
            yield Hit(h.start, h.title_end, f"标题“{_label(h)}{h.text}”下面没有内容")
    enums = ctx.doc.enumerations
    for a, b in pairwise(enums):
        if a.paragraph == b.paragraph and _ONLY_PUNCT.fullmatch(text[a.end:b.start]):
            yield Hit(a.start, a.end, f"“{_label(a)}”后面没有内容，紧接着就是“{_label(b)}”")


register(Rule(
    code="S102", precision="likely", name="heading-sequence", severity="error",
    summary="Heading numbers out of order, skipped or restarting at one level",
    title="标题编号不连续",
    doc=("同一级标题的编号必须从一开始连续排列：“一、”之后是“二、”，“（一）”之后是“（二）”。"
         "跳号（一、之后是三、）、倒退或重新开始（同一上级下（二）之后又是（一））、缺少第一个"
         "（一、之后直接是（二）),多是增删段落后没有重新编号。从网页复制的稿子在“此处隐藏N字”"
         "处被截断时，后面的编号会接不上：这种情况只提示一次，并指出截断处。"),
    # The number that was meant is a guess (a section may be missing): no suggestion.
    examples=(
        "一、主要做法\n（一）加强领导。\n⟦（三）⟧完善制度。\n二、存在问题",  # skipped
        "一、主要做法\n（一）加强领导。\n（二）完善制度。\n⟦（一）⟧压实责任。",  # restarted
        "一、主要做法\n⟦（二）⟧加强领导。\n二、存在问题\n学习不够深入。",  # no first
        "一、主要做法\n1.加强领导。\n⟦3.⟧完善制度。",
        "一、主要做法\n全年开展学习20次。此处隐藏800字\n⟦三、⟧下一步打算\n继续加强。",  # cut by the page
        "一、主要做法\n（一）加强领导。\n（二）完善制度。\n二、存在问题",
        "一、主要做法\n（一）加强领导。\n二、存在问题\n（一）学习不够深入。",  # a new parent restarts
    ),
    check=check_sequence,
))
register(Rule(
    code="S103", precision="likely", name="heading-orphan", severity="warning",
    summary="A sub-heading with no parent heading before it",
    title="标题缺少上级",
    doc=("文中使用了“一、”这一级标题，但某个“（一）”出现在第一个“一、”之前，它就没有上级标题，"
         "多是删除或挪动上级标题时遗漏造成的。"),
    examples=(
        "⟦（一）⟧加强领导。\n一、主要做法\n（一）完善制度。",
        "⟦1.⟧加强领导。\n一、主要做法\n（一）完善制度。\n1.压实责任。",
        "一、主要做法\n⟦（1）⟧加强领导。\n（一）完善制度。",  # a third level under the first
        "一、主要做法\n（一）加强领导。\n（二）完善制度。",
        "（一）加强领导。\n（二）完善制度。",  # no higher level in the whole text
    ),
    check=check_orphan,
))
register(Rule(
    code="S104", precision="likely", name="enumeration-sequence", severity="warning",
    summary="一是/二是/三是 or 第一/第二 out of order within a passage",
    title="分项顺序不对",
    doc=("段落中的“一是、二是、三是”和“第一、第二”应当按顺序排列，不能跳项（一是之后直接三是）、"
         "重复或颠倒，也不能没有“一是”就出现“二是”。同一标题下算一组，新的标题重新计数。"),
    examples=(
        "一是完善机制。⟦三是⟧加强督查。",
        "⟦二是⟧完善机制。三是加强督查。",  # no 一是
        "一是完善机制。二是加强督查。⟦二是⟧压实责任。",
        "第一，完善机制。⟦第三⟧，加强督查。",  # the ordinal, not the comma after it
        "一是完善机制。二是加强督查。",
        "一是完善机制。二是加强督查。\n二、存在问题\n一是学习不够。二是督查不严。",  # a new heading
        "第一书记要带头，第二季度完成。",  # words, not ordinals
    ),
    check=check_enumeration,
))
register(Rule(
    code="S105", precision="likely", name="duplicate-heading", severity="warning",
    summary="Two headings with the same text",
    title="标题重复",
    doc=("两个标题文字相同（不论级别和编号），多是复制段落后忘了改标题，或同一内容写了两遍；"
         "审阅者看到重复的标题，会怀疑内容也是重复的。标题少于4个字的（如“其他”）不检查。"),
    examples=(
        "一、加强组织领导\n完善机制。\n二、⟦加强组织领导⟧\n压实责任。",
        "一、加强组织领导\n（一）强化学习\n完善机制。\n二、压实工作责任\n（一）⟦强化学习⟧\n压实责任。",
        "一、加强组织领导\n完善机制。\n（一）⟦加强组织领导⟧。\n压实责任。",  # any level; not the full stop
        "一、加强组织领导\n完善机制。\n二、压实工作责任\n压实责任。",
        "（一）其他\n完善机制。\n（二）其他\n压实责任。",  # too short to tell
    ),
    check=check_duplicate,
))
register(Rule(
    code="S106", precision="likely", name="empty-section", severity="warning",
    summary="A heading, or a 一是 item, followed at once by the next one",
    title="标题下没有内容",
    doc=("标题下面没有正文就直接是下一个标题，或“一是”后面没有内容就是“二是”，"
         "说明内容被删掉了或还没写。"),
    examples=(
        "⟦一、主要做法⟧\n二、存在问题\n学习不够深入。",
        "⟦一是⟧。二是完善机制。",
        "一是完善机制；⟦二是⟧；三是加强督查。",
        "一、主要做法\n全年开展专题学习20次。\n二、存在问题\n学习不够深入。",
        "一、主要做法\n（一）加强领导\n全年开展学习20次。",  # a heading, then its sub-heading
    ),
    check=check_empty,
))
