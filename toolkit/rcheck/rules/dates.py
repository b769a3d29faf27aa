"""N107 impossible-date: dates that cannot be, in a draft whose own date and period are known.

A month 13 or a 4月31日; a 截至 date later than the 成文日期 (the figures cannot be counted to a
day that has not come); 今年（2022年） in a report for 2024; a 成文日期 before the period the
report covers begins. The report's period comes from its title (2024年工作总结), its date from
the last date line (2024年12月20日 or 二〇二四年十二月二十日).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace

from rcheck.rules.base import Context, Hit, Rule, register
from rcheck.text import regex as re
from rcheck.text.document import Document
from rcheck.text.numerals import parse_number

_CN = "〇零一二三四五六七八九十"


@lru_cache(maxsize=1)
def _patterns() -> SimpleNamespace:
    """Compiled on first use: a lint that never reads dates never pays for them."""
    y = rf"(?:\d{{4}}|[二][〇零][{_CN}]{{2}})"
    m = rf"(?:\d{{1,2}}|[{_CN}]{{1,3}})"
    return SimpleNamespace(
        date_line=re.compile(rf"\s*(?P<y>{y})年(?P<m>{m})月(?:(?P<d>{m})日)?\s*$"),
        date=re.compile(r"(?<![\d.])(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})日)?"),
        until=re.compile(rf"截[至止](?:(?P<y>{y})年)?(?P<m>{m})月"
                         rf"(?:(?P<d>{m})日|(?P<end>底|末|[上中下]旬))?"),
        this_year=re.compile(r"(?P<rel>今年|本年度|本年|去年|上年|前年|明年)[（(]?(?:即|是)?(?P<y>\d{4})年[）)]?"),
        # 今年以来，截至2022年10月底… : the year the sentence counts as this year.
        this_year_span=re.compile(r"今年(?:以来)?[，,]?(?:[^。；;，,]{0,8}?)(?P<span>(?:截[至止]|到)(?P<y>\d{4})年"
                                  r"|(?P<y2>\d{4})年(?:1|一)[-—至到～~]\d{1,2}月)"),
        period=re.compile(r"(?P<y>\d{4})年(?:度)?"
                          r"(?P<part>上半年|下半年|前三季度|第[一二三四]季度|[一二三四]季度)?"),
    )


_PART_START = {"上半年": 1, "下半年": 7, "前三季度": 1, "第一季度": 1, "一季度": 1, "第二季度": 4,
               "二季度": 4, "第三季度": 7, "三季度": 7, "第四季度": 10, "四季度": 10}
_MID = {"上旬": 10, "中旬": 20, "下旬": 21}


@dataclass(frozen=True)
class _Date:
    year: int
    month: int
    day: int
    start: int
    end: int
    written: str  # as the draft writes it: 2025年12月10日, 二〇二五年十二月十日, 2025年12月


def _num(text: str | None) -> int | None:
    if not text:
        return None
    if text.isdigit():
        return int(text)
    if len(text) == 4 and all(c in _CN for c in text):  # 二〇二四: digit by digit
        return int("".join(str("〇一二三四五六七八九".index(c.replace("零", "〇"))) for c in text))
    value = parse_number(text)
    return int(value) if isinstance(value, (int, float)) else None


def document_date(doc: Document) -> _Date | None:
    """The 成文日期: the last of the draft's final lines that is a date and nothing else."""
    for para in reversed(doc.paragraphs[-6:]):
        m = _patterns().date_line.match(doc.text, para.start, para.end)
        if m and m.end() >= para.end - 1:
            y, mo = _num(m.group("y")), _num(m.group("m"))
            if not (y and mo and 1 <= mo <= 12):
                continue
            # Dated by month only (2025年12月): read as its last day, so only what is surely
            # later is reported.
            d = _num(m.group("d")) or calendar.monthrange(y, mo)[1]
            if 1 <= d <= 31:
                return _Date(y, mo, d, para.start, para.end, doc.text[para.start:para.end].strip())
    return None


def report_period(doc: Document) -> tuple[int, int, int, int] | None:
    """(year, first month, start, end) of the period the title reports on: 2024年上半年…总结."""
    if doc.title is None:
        return None
    m = _patterns().period.search(doc.text, doc.title.start, doc.title.end)
    if m is None:
        return None
    return int(m.group("y")), _PART_START.get(m.group("part") or "", 1), m.start(), m.end()


def check_dates(ctx: Context) -> Iterator[Hit]:
    doc, text = ctx.doc, ctx.doc.text
    for m in _patterns().date.finditer(text):
        month, day = int(m.group("m")), _num(m.group("d"))
        year = _num(m.group("y"))
        if text[m.start() - 1:m.start()] in ("第", "至", "-", "—", "～", "~") and not year:
            continue
        if not 1 <= month <= 12:
            yield Hit(m.start(), m.end(), f"日期不存在：没有{month}月")
        elif day is not None and not 1 <= day <= calendar.monthrange(year or 2024, month)[1]:
            yield Hit(m.start(), m.end(), f"日期不存在：{f'{year}年' if year else ''}{month}月没有{day}日")
    dated = document_date(doc)
    period = report_period(doc)
    year_of_report = period[0] if period else (dated.year if dated else None)
    if dated is not None:
        for m in _patterns().until.finditer(text):
            year = _num(m.group("y")) or (period[0] if period else None)
            month = _num(m.group("m"))
            if year is None or month is None or not 1 <= month <= 12:
                continue
            day = _num(m.group("d")) or (calendar.monthrange(year, month)[1] if m.group("end") in ("底", "末")
                                         else _MID.get(m.group("end") or "", 1))
            if (year, month, day) > (dated.year, dated.month, dated.day):
                yield Hit(m.start(), m.end(),
                          f"截至日期晚于成文日期：文中为“{m.group()}”，成文日期为{dated.written}")
    if year_of_report is not None:
        offset = {"今年": 0, "本年度": 0, "本年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}
        named = []
        for m in _patterns().this_year.finditer(text):
            named.append((m.start(), m.end()))
            expected = year_of_report + offset[m.group("rel")]
            if int(m.group("y")) != expected:
                yield Hit(m.start(), m.end(),
                          f"年份与报告年度不符：报告为{year_of_report}年，“{m.group('rel')}”应是{expected}年，"
                          f"文中为{m.group('y')}年")
        for m in _patterns().this_year_span.finditer(text):
            year = int(m.group("y") or m.group("y2"))
            if any(a < m.end("span") and m.start("span") < b for a, b in named):
                continue  # 今年2022年1-10月: reported once, as 今年（2022年）
            if year != year_of_report:
                yield Hit(m.start("span"), m.end("span"),
                          f"年份与报告年度不符：报告为{year_of_report}年，文中把{year}年当作今年")
    if dated is not None and period is not None:
        year, first_month, _, _ = period
        if (dated.year, dated.month) < (year, first_month):
            yield Hit(dated.start, dated.end,
                      f"成文日期早于报告期：报告期从{year}年{first_month}月开始，成文日期为{dated.written}")


register(Rule(
    code="N107", name="impossible-date", severity="warning",
    summary="A date that cannot be: month 13, 4月31日, 截至 after the document's date, 今年 of another year",
    title="日期不可能",
    doc=("不存在的日期（13月、4月31日、非闰年的2月29日）；“截至”的日期晚于文末的成文日期；"
         "标题为2024年的报告正文写“今年（2022年）”；成文日期早于报告期的开始。成文日期取文末单独"
         "成行的日期，报告期取标题中的年份。"),
    examples=(
        "2024年工作总结\n⟦截至2024年12月底⟧，共办理群众来信86件。\n2024年11月20日",
        "2024年工作总结\n⟦2024年13月⟧完成验收。\n2024年12月20日",
        "2023年工作总结\n⟦2023年2月29日⟧召开动员会。\n2023年12月20日",
        "2024年工作总结\n⟦今年（2022年）⟧共办理来信86件。\n2024年12月20日",
        "2024年工作总结\n截至2024年11月15日，共办理群众来信86件。\n2024年11月20日",
        "2024年工作总结\n2024年2月29日召开动员会。\n2024年12月20日",  # a leap year
    ),
    check=check_dates, precision="likely",
))
