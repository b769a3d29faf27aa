"""Deadlines of a commitment: its own words first, then the paragraph opener, then the heading.

Plans state a date once for many measures: `到2027年，…` opens a paragraph whose later sentences
share it, and a stage heading `（二）集中整治阶段（7月16日至8月31日）` dates every measure under it.
"""

from __future__ import annotations

from rcheck.text import regex as re

_CN = "〇零一二三四五六七八九十"
_YEAR = rf"(?:20\d\d|二〇[{_CN}]{{2}}|20[xX]{{2}}|[xX]{{4}})年"  # xxxx年: a slot left for the year
_DAY = r"\d{1,2}月(?:\d{1,2}日)?"

# A period from one day to another: 7月16日至8月31日, 2026年3月—6月.
PERIOD = re.compile(
    rf"(?:{_YEAR})?{_DAY}(?:至|到|—|－|-|~|～)(?:{_YEAR})?{_DAY}(?:底|末)?")
# A year opening a paragraph or sentence and governing it: 到2027年，… / 2026年计划新建…
_OPENER = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十\d]{1,3}[）)、.．]|[①-⑳]|[一二三四五六七八九十]是)?[ \u3000]*"
    rf"(?P<d>(?:到|至)?{_YEAR}(?:底|末|年底)?(?:前|以前)?)(?=[，,]|计划|将|要|力争|争取|全面|基本|确保)")
# A date named as the goal of an action without 前: 力争2026年7月1日正式开馆.
# A bare year after 力争 may name a thing (力争2026年民生实事项目…): a day, or a verb after it.
_AIMED = re.compile(rf"(?:力争|争取|确保|计划|预计|拟|于)"
                    rf"(?P<d>{_YEAR}(?:{_DAY}|(?=完成|实现|建成|达到|全面|基本|正式)))")
# A sentence naming its own period (全年…) keeps it rather than the paragraph's year.
OWN_PERIOD = re.compile(r"全年|当年|年度|本年")
# Deadlines that only say "soon": a date elsewhere in the sentence says more.
VAGUE = frozenset({"限期", "立行立改", "长期坚持"})


def own_deadline(body: str, pattern: re.Pattern[str]) -> tuple[int, int] | None:
    """The span of the deadline a sentence states itself, preferring a date to 限期."""
    # The first date, else the first vague one: the search stops at the first date.
    m = None
    for hit in pattern.finditer(body):
        if hit.group() not in VAGUE:
            m = hit
            break
        m = m or hit
    if m is not None:
        if m.group()[0] in "到至于在":
            # 于2021年2月3日前: the date after 于 is the deadline, with its day and 前.
            inner = pattern.match(body, m.start() + 1)
            if inner and inner.end() > m.end():
                return inner.start(), inner.end()
        return m.start(), m.end()
    for regex in (PERIOD, _AIMED, _OPENER):
        m = regex.search(body)
        if m:
            group = "d" if "d" in regex.groupindex else 0
            return m.start(group), m.end(group)
    return None


def opener_deadline(sentence: str) -> tuple[int, int] | None:
    """The year opening a sentence (到2027年，) that dates the later sentences of its paragraph."""
    m = _OPENER.search(sentence)
    return (m.start("d"), m.end("d")) if m else None


def heading_deadline(heading: str, pattern: re.Pattern[str]) -> tuple[int, int] | None:
    """A period or deadline in a heading (集中整治阶段（7月16日至8月31日）), for the measures under it."""
    for regex in (PERIOD, pattern):
        m = regex.search(heading)
        if m and m.group() not in VAGUE:
            return m.start(), m.end()
    return None
