"""T101, T102, T104, T105 typography: spaces, half-width and full-width forms, doubled marks (T103,
pairs, is rules/pairs.py).

Each is a separate rule with its own code; they share a module because they share the
character classes and all read the raw text line by line.
"""


from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from rcheck.rules.base import Context, Hit, Rule, register
from rcheck.rules.spans import Spans, debris_spans
from rcheck.text import regex as re
from rcheck.text.chars import is_cjk, is_han

# ---------------------------------------------------------------- T101 stray-space

_SPACE_RUN = re.compile(r"[ \t\u3000\u00a0]+")
_MD_PREFIX = re.compile(r"(?:#{1,6}|[-*+>]|\d+\.)[ \t]+")
_HAN = "\u4e00-\u9fff"
_SP = " \u3000\u00a0"

# Whitespace that is layout, not a typing slip. Each pattern's group `sp` is the whitespace.
_LAYOUT = [
    # 1.1　编制目的, 2.1.1 职责, 1　总则, 第一章　总则: the space after a section number.
    re.compile(rf"^[{_SP}]*(?:\d+(?:\.\d+)+|\d+(?=\u3000)|第[一二三四五六七八九十百\d]+[章节条编篇])"
               rf"(?P<sp>[{_SP}]+)", re.M),
    # 省长 某某, 自治区主席 某 某: a byline, the post then the name.
    re.compile(rf"^[{_SP}]*[{_HAN}（）()]{{0,20}}(?:省长|市长|主席|书记|县长|区长|州长|盟长|旗长|镇长|乡长|"
               rf"局长|厅长|部长|主任|院长|委员|代表)(?P<sp>[{_SP}]+[{_HAN}·]{{1,4}}"
               rf"(?:[{_SP}][{_HAN}]{{1,2}})?[{_SP}]*)$", re.M),
    # 中共某区委办公室 某区人民政府办公室, 中共中央 国务院: issuers side by side.
    re.compile(rf"(?:办公室|办公厅|人民政府|委员会|党委)(?P<sp>[{_SP}]+)"
               rf"(?=[{_HAN}]{{2,14}}?(?:办公室|办公厅|人民政府|委员会|党委))"),
    re.compile(rf"(?:中共中央|国务院|中央军委)(?P<sp>[{_SP}]+)(?=国务院|中央军委)"),
    # （下转第四版）（紧接第一版） 正文: a newspaper's continuation marks.
    re.compile(rf"（(?:[上下]转|紧接)第[一二三四五六七八九十\d]+版）(?P<sp>[{_SP}]+)"),
]
# 国 家 粮 食 应 急 预 案, 索 引 号：…: a title, label or cell letter-spaced for width.
_LETTER_SPACED = re.compile(
    rf"(?:^|(?<=[｜|:：\t]))[{_SP}]*(?P<run>[{_HAN}](?:[{_SP}]{{1,2}}[{_HAN}])+)[{_SP}]*"
    rf"(?=$|[｜|:：\t])", re.M)
# 实施方案 体检评估工作实施方案 抗震改造工作实施方案: a line of links or tags, no sentence.
_TAG_LINE = re.compile(rf"^[{_HAN}]{{3,}}(?:[{_SP}]+[{_HAN}]{{3,}}){{2,}}[{_SP}]*$", re.M)
# “好品山东 商行天下”: a slogan of two balanced halves.
_SLOGAN = re.compile(rf"“[{_HAN}]{{4,8}}(?P<sp> )[{_HAN}]{{4,8}}”")
# A break flattened into a space: after a sentence, before a heading marker.
_BREAK_AFTER = "。；;：:！？!?"
_HEADING_AHEAD = re.compile(r"(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|\d+[、.．])")
_TITLE_END = re.compile(r"(?:总结|报告|方案|计划|要点|安排|意见|通知|情况|讲话)$")


def _layout_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for pattern in _LAYOUT:
        spans.extend(m.span("sp") for m in pattern.finditer(text))
    spans.extend(m.span("sp") for m in _SLOGAN.finditer(text))
    spans.extend(m.span() for m in _TAG_LINE.finditer(text))
    for m in _LETTER_SPACED.finditer(text):
        spans.extend(g.span() for g in _SPACE_RUN.finditer(text, *m.span("run")))
    return spans


def _break_like(text: str, para_start: int, start: int, end: int) -> bool:
    """Whether the space at text[start:end] sits where a paragraph break would be."""
    prev = text[start - 1]
    if prev in _BREAK_AFTER or _HEADING_AHEAD.match(text, end):
        return True
    clause = text[max(para_start, start - 30):start]
    clause = re.split(r"[，,。；;：:！？!?]", clause)[-1]
    # 一、基本情况 晒经…: a heading's title ends; 某某工作总结 一年来…: the document title ends.
    clause = clause.strip()
    if _SPACE_RUN.search(clause):
        return False  # the previous space already ended the title
    marker = _HEADING_AHEAD.match(clause)
    return bool(marker and 0 < len(clause) - marker.end() <= 20) or (
        start - para_start <= 40 and bool(_TITLE_END.search(clause)))


def _flattened(text: str, para_start: int, runs: list[tuple[int, int]]) -> bool:
    """A paragraph whose line breaks a web page turned into spaces: every space is where a
    break belongs, and there are two or more, or the one follows a heading's title. (PDF text
    also has spaces inside words: then every space is reported.)"""
    if not runs or not all(_break_like(text, para_start, a, b) for a, b in runs):
        return False
    if len(runs) >= 2:
        return True
    start = runs[0][0]
    return text[start - 1] not in _BREAK_AFTER and not _HEADING_AHEAD.match(text, runs[0][1])


def _broken_sentences(ctx: Context) -> Iterator[Hit]:
    """A paragraph that ends on a comma and goes on in the next one: a break inside a sentence,
    left by a page or a PDF (…情况来看，⏎⏎三个乡镇普遍…)."""
    text = ctx.doc.text
    heading_paragraphs = {h.paragraph for h in ctx.doc.headings}
    for a, b in pairwise(ctx.doc.paragraphs):
        if text[a.end - 1] in "，," and b.index not in heading_paragraphs and is_han(text[b.start]):
            yield Hit(a.end, b.start - b.indent,
                      f"句子中间断行：上一段以“{text[a.end - 1]}”结尾，下一段接着同一句，请接排")


def check_space(ctx: Context) -> Iterator[Hit]:
    yield from _broken_sentences(ctx)
    text = ctx.doc.text
    markdown = ctx.doc.is_markdown
    skip = Spans(_layout_spans(text) + debris_spans(ctx))
    for para in ctx.doc.paragraphs:
        begin = para.start
        if markdown:
            m = _MD_PREFIX.match(text, begin, para.end)
            begin = m.end() if m else begin
        line_end = text.find("\n", para.end)
        line_end = len(text) if line_end < 0 else line_end
        runs: list[tuple[int, int]] = []
        for m in _SPACE_RUN.finditer(text, begin, line_end):
            start, end = m.span()
            # A tab separates table cells or stops at a tab stop; a long run aligns columns.
            if "\t" in m.group() or (end - start >= 3 and end < para.end):
                continue
            if skip.covers(start, end):
                continue  # layout, or page chrome that D101 reports
            if end >= para.end:
                # After a title, a signature or a date, trailing space is invisible layout.
                if text[para.end - 1] in "。；，！？.;,!?":
                    yield Hit(start, end, "行尾多余空格", suggestion="")
                continue
            prev, nxt = text[start - 1], text[end]
            if prev in ",;:.!?" and start - 2 >= begin:
                prev = text[start - 2]  # 措施, 2023年: a half-width mark in Chinese text
            if not (is_cjk(prev) or is_cjk(nxt)) or prev in "<>|｜›»/" or nxt in "<>|｜›»/":
                continue  # between Latin words ("Windows 11"), around a breadcrumb's >
            runs.append((start, end))
        if _flattened(text, para.start, runs):
            continue
        if "\t" in text[para.start:para.end] or "｜" in text[para.start:para.end]:
            # A table row: a cell's paragraphs joined by a space after a sentence.
            runs = [r for r in runs if not _break_like(text, para.start, *r)]
        for start, end in runs:
            after = text[end:min(end + 4, line_end)]
            shown = f"{text[max(begin, start - 4):start]}␣{after}"
            yield Hit(start, end, f"中文中间多余空格（“{shown}”）", suggestion="")


# ---------------------------------------------------------------- T102 halfwidth-punctuation

_HALF_TO_FULL = {",": "\uff0c", ";": "\uff1b", ":": "\uff1a", "?": "\uff1f", "!": "\uff01", ".": "。"}
_HALF = re.compile(r"\.{3,}|[,;:?!.]|\((?P<inner>[^()\n]{0,40})\)|[()]")
# Converted drafts: this many half-width commas, outnumbering full-width ones.
CONVERTED_MIN = 10


def halfwidth_hits(ctx: Context) -> Iterator[Hit]:
    text = ctx.doc.text
    arabic_markers = {h.marker_end for h in ctx.doc.headings if h.style == "arabic"}
    paren_end = -1  # where a half-width bracket reported as Chinese ends: （…）. is Chinese too
    for m in _HALF.finditer(text):
        start, end = m.span()
        prev = text[start - 1] if start else ""
        if start == paren_end:
            prev = text[start - 2]  # the character inside the bracket: 专项督查(为期一周).
        nxt = text[end] if end < len(text) else ""
        found = m.group()
        if found.startswith("..."):
            if is_cjk(prev) or is_cjk(nxt):
                yield Hit(start, end, f"半角省略号“{found}”，应为“……”", suggestion="……")
            continue
        if found.startswith("(") and found.endswith(")") and len(found) > 1:
            inner = m.group("inner") or ""
            if any(is_cjk(c) for c in inner) or is_cjk(prev) or is_cjk(nxt):
                paren_end = end
                yield Hit(start, end, f"半角括号“{found}”，中文里应使用全角括号",
                          suggestion=f"\uff08{inner}\uff09")
            continue
        if found in "()":
            if is_cjk(prev) or is_cjk(nxt):
                paren_end = end
                full = "\uff08" if found == "(" else "\uff09"
                yield Hit(start, end, f"半角括号“{found}”，应为“{full}”", suggestion=full)
            continue
        if found == ".":
            # Only a full stop after Chinese; decimals, "1." markers and URLs stay.
            if not is_cjk(prev) or any(start < e <= end for e in arabic_markers):
                continue
        elif found in ",:" and prev.isdigit() and nxt.isdigit():
            continue  # 1,000 and 14:30
        elif not (is_cjk(prev) or is_cjk(nxt)):
            continue
        full = _HALF_TO_FULL[found]
        yield Hit(start, end, f"半角标点“{found}”，应为全角“{full}”", suggestion=full)


_ASCII_QUOTE = re.compile(r'"')
_TITLE_SPAN = re.compile(r"《[^《》\n]*<[^《》\n]*>[^《》\n]*》")
# A ? that is no question: a character the page could not show, or a lost line break (整改?,
# 。?政策). A real question mark is followed by words, not by more punctuation.
STRAY_QUESTION = re.compile(r"\?(?:(?<=[。，；：、,;:]\?)|(?=[,，。;；:：、]))")


def _quote_hits(ctx: Context) -> Iterator[Hit]:
    """ASCII double quotes in Chinese text, one by one: each needs its own left or right form."""
    text = ctx.doc.text
    for para in ctx.doc.paragraphs:
        quotes = [m.start() for m in _ASCII_QUOTE.finditer(text, para.start, para.end)]
        chinese = [q for q in quotes if text[q - 1:q] != "=" and (
            is_cjk(text[q - 1:q]) or is_cjk(text[q + 1:q + 2]))]
        if not chinese:
            continue
        paired = len(quotes) % 2 == 0
        rank = {q: i for i, q in enumerate(quotes)}
        for q in chinese:
            left = rank[q] % 2 == 0
            full = "“" if left else "”"
            if paired:
                yield Hit(q, q + 1, f"半角引号“\"”，中文里应为“{full}”", suggestion=full)
            else:
                yield Hit(q, q + 1, "半角引号“\"”，中文里应改为全角引号（请判断是前引号还是后引号）")


def _special_hits(ctx: Context) -> Iterator[Hit]:
    text = ctx.doc.text
    yield from _quote_hits(ctx)
    for m in _TITLE_SPAN.finditer(text):
        for i in range(m.start(), m.end()):
            if text[i] in "<>":
                full = "〈" if text[i] == "<" else "〉"
                yield Hit(i, i + 1, f"书名号内的半角“{text[i]}”，应为“{full}”", suggestion=full)


def check_halfwidth(ctx: Context) -> Iterator[Hit]:
    text = ctx.doc.text
    stray = {m.start() for m in STRAY_QUESTION.finditer(text)}
    hits = []
    for h in halfwidth_hits(ctx):
        if h.start in stray:
            h = Hit(h.start, h.end, "“?”疑为乱码（网页无法显示的字或丢失的换行），请对照原文删除或补全")
        hits.append(h)
    yield from _special_hits(ctx)
    half_commas = [h for h in hits if text[h.start:h.end] == ","]
    full_commas = text.count("\uff0c")
    if len(half_commas) >= CONVERTED_MIN and len(half_commas) > full_commas:
        first = half_commas[0]
        yield Hit(
            first.start, first.end,
            f"全文共有 {len(hits)} 处半角标点（其中半角逗号 {len(half_commas)} 处，全角逗号 "
            f"{full_commas} 处），疑为整篇转换所致，建议整体替换为全角标点；此处为第一处半角逗号",
        )
        # Debris is not a conversion: each one is reported where it is.
        yield from (h for h in hits if h.start in stray)
        return
    yield from hits


# ---------------------------------------------------------------- T104 fullwidth-alnum

_FULLWIDTH_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")


def check_fullwidth(ctx: Context) -> Iterator[Hit]:
    for m in _FULLWIDTH_ALNUM.finditer(ctx.doc.text):
        ascii_form = "".join(chr(ord(c) - 0xFEE0) for c in m.group())
        yield Hit(m.start(), m.end(), f"全角字母或数字“{m.group()}”，应为“{ascii_form}”",
                  suggestion=ascii_form)


# ---------------------------------------------------------------- T105 repeated-punctuation

_REPEATED = re.compile(r"[,\uff0c。、;\uff1b:\uff1a!\uff01?\uff1f]{2,}")


def check_repeated(ctx: Context) -> Iterator[Hit]:
    text = ctx.doc.text
    for m in _REPEATED.finditer(text):
        run = m.group()
        if "?" in run:
            continue  # a ? beside a mark is a character the page lost: T102 reports it
        if len(set(run)) == 1:
            yield Hit(m.start(), m.end(), f"标点重复“{run}”", suggestion=run[0])
        else:
            yield Hit(m.start(), m.end(), f"标点连用“{run}”，请保留一个")


register(Rule(
    code="T101", precision="likely", name="stray-space", severity="warning",
    summary="Whitespace inside Chinese text (2021 年, 一是 完善, 对25 个)",
    title="多余空格",
    doc=("中文公文中，汉字之间、汉字与数字之间、标点前后都不留空格（段首缩进除外）。"
         "从网页或排版软件复制的文字常带多余空格，如“2021 年”“一是 完善”，打印出来"
         "字距不均，显得不严谨。句末的行尾空格也一并提示。版式留下的空白不提示：表格单元格"
         "之间的制表符、对齐用的连续空格、“1.1　编制目的”“第一章　总则”编号后的空格、"
         "署名行（“省长 某某”）、字距拉开的标题（“工 作 报 告”）、口号的两半、并列的发文机关、"
         "落款和日期行，以及网页把换行压成空格的整段（只在该换行处有空格时）。"),
    examples=(
        "自⟦ →⟧2021⟦ →⟧年以来，累计召开⟦ →⟧12⟦ →⟧次室务会。",
        "一是⟦ →⟧完善机制。二是⟦ →⟧压实责任。",
        "对25⟦ →⟧个村开展督查，2025年⟦ →⟧第3期简报已印发。",
        "全年共开展活动12次。⟦ →⟧\n下一步继续抓好落实。",
        "自2021年以来，累计召开12次室务会。",
        "　　全年开展专题学习20次。",  # a paragraph's indent
        "1.1　编制目的\n第一章　总则",  # the space after a section number
        "工 作 报 告\n现将有关情况报告如下。",  # a title spaced out on purpose
        "操作系统升级为Windows 11。",  # between Latin words
    ),
    check=check_space,
))
register(Rule(
    code="T102", precision="likely", name="halfwidth-punctuation", severity="warning",
    summary="Half-width , . ; : ? ! ( ) in Chinese context; a converted draft gets one finding",
    title="半角标点",
    doc=("中文句子中的逗号、句号、分号、冒号、问号、叹号、括号和引号应使用全角形式（,。；:?!()“”）。"
         "数字中的小数点和千分位、时间中的冒号、“1.”序号不在此列。若全文大量使用半角逗号"
         "（多为整篇被工具转换），这些标点只报告一条汇总提示，附上数量，以免淹没其他问题；"
         "但半角双引号仍逐个报告（每个都要判断是前引号还是后引号），紧挨标点的“?”（网页"
         "无法显示的字或丢失的换行）和书名号内的“<>”（应为“〈〉”）也逐个报告。"),
    examples=(  # halfwidth-ok
        "经研究⟦,→，⟧决定开展专项督查⟦(为期一周)→（为期一周）⟧⟦.→。⟧",  # halfwidth-ok
        "会议指出⟦:→：⟧要加强领导⟦;→；⟧压实责任⟦!→！⟧",  # halfwidth-ok
        '他说⟦"→“⟧要加强学习⟦"→”⟧。',  # halfwidth-ok
        "认真学习《关于⟦<→〈⟧十四五⟦>→〉⟧规划的通知》。",  # halfwidth-ok
        "加强整改⟦?⟧，压实责任。",  # halfwidth-ok: a ? the page could not show
        "经研究，决定开展专项督查（为期一周）。",
        "增长3.5%，时间为9:30，共1,200人。",  # halfwidth-ok: numbers
        "1.加强领导\n2.压实责任",  # halfwidth-ok: arabic heading markers
        "网址为www.gov.cn，请查阅。",  # halfwidth-ok
    ),
    check=check_halfwidth,
))


register(Rule(
    code="T104", precision="sure", name="fullwidth-alnum", severity="warning",
    summary="Full-width letters or digits (２０２５)",
    title="全角字母数字",
    doc=("公文中的阿拉伯数字和外文字母使用半角形式。全角数字（如“２０２５”）多由输入法"
         "误切换造成，既不规范，也会让检索和统计漏掉这些数字。"),
    examples=(
        "⟦２０２５→2025⟧年共开展培训⟦１２→12⟧期。",
        "为学校配备⟦ｉＰａｄ→iPad⟧教学设备。",
        "⟦ＸＸ→XX⟧局在第⟦３→3⟧季度完成。",  # a full-width placeholder is full-width first
        "2025年共开展培训12期。",
        "二〇二五年，第Ⅰ类项目①②③全部完成。",  # Chinese numerals, Roman and circled numbers
    ),
    check=check_fullwidth,
))
register(Rule(
    code="T105", precision="sure", name="repeated-punctuation", severity="warning",
    summary="Doubled punctuation: ，， 。。 、、 and the like",
    title="标点重复",
    doc=("同一处连用两个逗号、句号、顿号等（“，，”“。。”“、、”），或逗号与句号连用，"
         "多是修改时删字留下的，应只保留一个。省略号“……”和破折号“——”不在此列。"),
    examples=(
        "加强组织领导⟦，，→，⟧压实工作责任⟦。。→。⟧",
        "压实工作责任⟦，。⟧下一步继续抓好落实。",  # two different marks: which one stays?
        "加强组织领导⟦、、、→、⟧压实工作责任。",
        "加强组织领导，压实工作责任。",
        "有的工作还停留在安排部署上……下一步——继续抓好落实。",  # ellipsis and dash
        "他说：“好。”",
    ),
    check=check_repeated,
))
