"""C101 vague-commitment, C102 ownerless-commitment, C103 undated-commitment.

Read from the commitments extraction finds (`rcheck.extract`). Which commitments are held to
account depends on the report kind: in a 实施方案/工作要点 or 整改报告 every measure must say
what, who and by when (warning); in other reports only the plan part (下一步工作打算) is
checked, as advice (info), and C102 only when the draft names owners elsewhere (a unit
reporting on itself owns its own next steps).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..extract_types import Commitment
from .base import Context, Hit, Rule, register

_ACCOUNTABLE_KINDS = frozenset(("plan", "rectification"))
_FIRST_CLAUSE = re.compile(r"[。；;\n]")
# A time frame that is not a deadline but dates the work all the same (全年完成…不少于6亿元).
_TIME_FRAME = re.compile(r"全年|年度|今年|明年|本年|20\d\d年")


def _checked(ctx: Context) -> list[tuple[Commitment, str]]:
    """The commitments held to account, each with the severity its findings get."""
    strict = ctx.kind.template.key in _ACCOUNTABLE_KINDS
    out = []
    for c in ctx.commitments:
        if strict:
            out.append((c, "warning"))
        elif c.reason == "section":
            out.append((c, "info"))
    return out


def _where(c: Commitment) -> tuple[int, int]:
    stop = _FIRST_CLAUSE.search(c.text)
    end = c.start + (stop.end() if stop else len(c.text))
    return c.start, min(end, c.start + 60)


def _short(c: Commitment) -> str:
    action = c.action or c.text
    return action if len(action) <= 24 else action[:24] + "…"


def check_vague(ctx: Context) -> Iterator[Hit]:
    for c, _severity in _checked(ctx):
        if c.target is None and c.cadence is None:
            start, end = _where(c)
            yield Hit(start, end,
                      f"承诺没有可衡量的目标：“{_short(c)}”未写数量、比例或频次，无法检验是否完成",
                      severity="info")


def check_ownerless(ctx: Context) -> Iterator[Hit]:
    checked = _checked(ctx)
    strict = ctx.kind.template.key in _ACCOUNTABLE_KINDS
    named = sum(1 for c, _ in checked if c.lead or c.co)
    if not strict and named * 2 < len(checked):
        return  # the draft's own unit owns its next steps
    for c, severity in checked:
        if not (c.lead or c.co):
            start, end = _where(c)
            yield Hit(start, end, f"承诺没有责任单位：“{_short(c)}”未写明牵头单位或责任单位",
                      severity=severity)


def check_undated(ctx: Context) -> Iterator[Hit]:
    for c, severity in _checked(ctx):
        if c.deadline is None and c.cadence is None and not _TIME_FRAME.search(c.text):
            start, end = _where(c)
            yield Hit(start, end,
                      f"承诺没有完成时限：“{_short(c)}”未写明完成时间或频次（如“2026年6月底前”“每季度”）",
                      severity=severity)


_PLAN_HEAD = "关于加强理论学习的实施方案\n一、主要任务\n"

register(Rule(
    code="C101",
    name="vague-commitment",
    severity="info",
    summary="A commitment with no measurable target (no number, share or frequency)",
    title="承诺无可衡量目标",
    doc=("工作打算、实施方案中的举措只写“进一步加强”“不断提升”，没有数量、比例或频次，"
         "年底无法对照检查是否完成。写明可以检验的目标，如“开展专题学习不少于4次”"
         "“覆盖率达到100%”“每季度开展一次”。只作提示（info），不影响退出码。"),
    bad=_PLAN_HEAD + "（一）强化理论学习。县委宣传部牵头，2026年6月底前进一步加强干部理论学习。",
    good=_PLAN_HEAD + "（一）强化理论学习。县委宣传部牵头，2026年6月底前组织干部专题学习不少于4次。",
    check=check_vague,
))

register(Rule(
    code="C102",
    name="ownerless-commitment",
    severity="warning",
    summary="A commitment with no responsible unit (no lead or co-operating unit named)",
    title="承诺无责任单位",
    doc=("实施方案、工作要点和整改报告中的每项举措都应写明由谁牵头、谁配合，"
         "否则任务分工表无从填写，落实时互相推诿。可写在句中（“由县发改局牵头”），"
         "写在举措下一行（“牵头单位：县发改局”），或写在句末括号里（“（县发改局牵头，"
         "各乡镇按职责分工负责）”）。其他报告的“下一步打算”只在草稿别处写了责任单位时提示。"),
    bad=_PLAN_HEAD + "（一）强化理论学习。2026年6月底前组织干部专题学习不少于4次。",
    good=_PLAN_HEAD + "（一）强化理论学习。2026年6月底前组织干部专题学习不少于4次。（县委宣传部牵头）",
    check=check_ownerless,
))

register(Rule(
    code="C103",
    name="undated-commitment",
    severity="warning",
    summary="A commitment with no deadline or cadence",
    title="承诺无完成时限",
    doc=("举措没有完成时限（“2026年6月底前”“年内”）也没有频次（“每季度”“每半年”），"
         "就无法排进度、查进展。实施方案、工作要点和整改报告中为警告，"
         "其他报告的“下一步打算”中为提示。"),
    bad=_PLAN_HEAD + "（一）强化理论学习。县委宣传部牵头，组织干部专题学习不少于4次。",
    good=_PLAN_HEAD + "（一）强化理论学习。县委宣传部牵头，2026年6月底前组织干部专题学习不少于4次。",
    check=check_undated,
))
