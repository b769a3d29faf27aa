"""C101 vague-commitment, C102 ownerless-commitment, C103 undated-commitment.

Read from the commitments extraction finds (`rcheck.extract`). What is held to account is
data: each report kind's template says, in `[commitments]`, whether every measure counts or
only the plan parts (下一步工作打算), and how loud each rule is. A 实施方案/工作要点 or 整改报告
must say what, who and by when (warning), but C102/C103 only when the draft does assign owners or
deadlines to some of its measures; a work report's next steps get C101 as advice; a 政府工作报告,
意见, 通知 or 讲话 sets policy for others and is not a plan of measurable targets (off).
"""

from __future__ import annotations

from collections.abc import Iterator

from rcheck.extract.types import Commitment
from rcheck.rules.base import Context, Example, Hit, Rule, register
from rcheck.text import regex as re

_FIRST_CLAUSE = re.compile(r"[。；;\n]")
# A time frame that is not a deadline but dates the work all the same (全年完成…不少于6亿元).
_TIME_FRAME = re.compile(r"全年|年度|今年|明年|本年|20\d\d年")
_DEFAULT_SHARE = 0.5
# A whole class of units as the subject (各牵头单位要…, 各乡镇务必…): owned, by all of them.
_COLLECTIVE_SUBJECT = re.compile(r"各[^，,。；;]{0,10}(?:单位|部门|乡镇|街道|区县|县区)(?:也|都|均)?"
                                 r"(?:要|务必|须|必须|应|负责)")


def _level(ctx: Context, rule: str) -> str:
    """The severity the kind's template gives a rule (`[commitments]`), or "off"."""
    rules = ctx.kind.template.commitments
    level = str(rules.get(rule, "info"))
    if f"addressed_{rule}" in rules and level != "off":
        from rcheck.facts.templates import addressed

        if addressed(ctx.doc, ctx.facts.simplified):
            level = str(rules[f"addressed_{rule}"])
    return level


def _checked(ctx: Context) -> list[Commitment]:
    """The commitments the kind holds to account: every measure, or the plan parts only."""
    if ctx.kind.template.commitments.get("scope", "plan") == "document":
        return list(ctx.commitments)
    return [c for c in ctx.commitments if c.reason == "section"]


def _share(ctx: Context, key: str) -> float:
    return float(ctx.kind.template.commitments.get(key, _DEFAULT_SHARE))  # type: ignore[arg-type]


def assigns_owners(ctx: Context) -> bool:
    """The kind asks for owners and the draft does name them for enough of its measures."""
    if _level(ctx, "ownerless") == "off":
        return False
    checked = _checked(ctx)
    named = sum(1 for c in checked if c.lead or c.co)
    return bool(checked) and named >= _share(ctx, "owner_share") * len(checked)


def _dated(ctx: Context, c: Commitment) -> bool:
    return c.cadence is not None or bool(_TIME_FRAME.search(c.text)) or ctx.deadline_of(c) is not None


def _where(c: Commitment) -> tuple[int, int]:
    stop = _FIRST_CLAUSE.search(c.text)
    end = c.start + (stop.end() if stop else len(c.text))
    return c.start, min(end, c.start + 60)


def _short(c: Commitment) -> str:
    action = c.action or c.text
    return action if len(action) <= 24 else action[:24] + "…"


def check_vague(ctx: Context) -> Iterator[Hit]:
    level = _level(ctx, "vague")
    if level == "off":
        return
    for c in _checked(ctx):
        if c.cadence is None and ctx.target_of(c) is None:
            start, end = _where(c)
            yield Hit(start, end,
                      f"承诺没有可衡量的目标：“{_short(c)}”未写数量、比例或频次，无法检验是否完成",
                      severity=level)


def check_ownerless(ctx: Context) -> Iterator[Hit]:
    if not assigns_owners(ctx):
        return  # the draft assigns no work to units: its own unit owns the measures

    level = _level(ctx, "ownerless")
    text = ctx.facts.simplified
    for c in _checked(ctx):
        if not (c.lead or c.co) and not _COLLECTIVE_SUBJECT.search(text, c.start, c.end):
            start, end = _where(c)
            yield Hit(start, end, f"承诺没有责任单位：“{_short(c)}”未写明牵头单位或责任单位",
                      severity=level)


def check_undated(ctx: Context) -> Iterator[Hit]:
    level = _level(ctx, "undated")
    checked = _checked(ctx) if level != "off" else []
    dated = [_dated(ctx, c) for c in checked]
    if not checked or sum(dated) < _share(ctx, "dated_share") * len(checked):
        return  # the draft sets no deadlines anywhere: it is not a timetable
    for c, is_dated in zip(checked, dated, strict=True):
        if not is_dated:
            start, end = _where(c)
            yield Hit(start, end,
                      f"承诺没有完成时限：“{_short(c)}”未写明完成时间或频次（如“2026年6月底前”“每季度”）",
                      severity=level)


_PLAN_HEAD = "关于加强理论学习的实施方案\n一、主要任务\n"
# A plan asks for owners and deadlines when it gives them elsewhere: the examples' other measure.
_SECOND = "（二）开展理论宣讲。2026年9月底前开展基层宣讲不少于20场。（县委讲师团牵头）"

register(Rule(
    code="C101", precision="hint",
    name="vague-commitment",
    severity="info",
    summary="A commitment with no measurable target (no number, share or frequency)",
    title="承诺无可衡量目标",
    doc=("工作打算、实施方案中的举措只写“进一步加强”“不断提升”，没有数量、比例或频次，"
         "年底无法对照检查是否完成。写明可以检验的目标，如“开展专题学习不少于4次”"
         "“覆盖率达到100%”“每季度开展一次”。只作提示（info），不影响退出码。"),
    # Marked on the measure's first clause; what would make it measurable is for its author.
    examples=(
        Example(_PLAN_HEAD + "（一）强化理论学习。⟦县委宣传部牵头，2026年6月底前进一步加强干部理论学习。⟧",
                severity="info"),
        "关于2025年度落实意识形态工作责任制情况的报告\n一、主要做法和成效\n全年开展专题学习20次。\n"
        "二、存在的问题和不足\n学习还不够深入。\n三、下一步工作打算\n⟦持续加强理论武装，不断提升干部素质。⟧",
        "2026年宣传思想文化工作要点\n一、强化理论武装\n⟦1.进一步加强干部理论学习。⟧（县委宣传部牵头，2026年12月底前）\n"
        "2.开展基层宣讲不少于20场。（县委讲师团牵头，2026年9月底前）",  # a 工作要点; its item number
        _PLAN_HEAD + "（一）强化理论学习。县委宣传部牵头，2026年6月底前组织干部专题学习不少于4次。",
        _PLAN_HEAD + "（一）强化理论学习。县委宣传部牵头，每季度开展一次集中学习。",  # a cadence
        "关于2025年度落实意识形态工作责任制情况的报告\n一、主要做法和成效\n"
        "过去一年，进一步加强了干部理论学习。\n二、存在的问题和不足\n学习还不够深入。\n"
        "三、下一步工作打算\n开展专题学习不少于4次。",  # done last year: no commitment
        "关于加强理论学习的通知\n各乡镇：\n要进一步加强干部理论学习。",  # addressed to others
    ),
    check=check_vague,
))

register(Rule(
    code="C102", precision="likely",
    name="ownerless-commitment",
    severity="warning",
    summary="A commitment with no responsible unit (no lead or co-operating unit named)",
    title="承诺无责任单位",
    doc=("实施方案、工作要点和整改报告中的每项举措都应写明由谁牵头、谁配合，"
         "否则任务分工表无从填写，落实时互相推诿。可写在句中（“由县发改局牵头”），"
         "写在举措下一行（“牵头单位：县发改局”），或写在句末括号里（“（县发改局牵头，"
         "各乡镇按职责分工负责）”）。只在方案别处写了责任单位时检查；其他报告、政府工作报告、意见和通知不检查。"),
    examples=(
        _PLAN_HEAD + "（一）强化理论学习。⟦2026年6月底前组织干部专题学习不少于4次。⟧\n" + _SECOND,
        _PLAN_HEAD + "（一）强化理论学习。⟦2026年6月底前组织干部专题学习不少于4次；⟧"
        "2026年8月底前由县委党校牵头开展读书班2期。\n" + _SECOND,
        "2026年宣传思想文化工作要点\n一、强化理论武装\n⟦1.开展干部专题学习不少于4次。⟧（2026年12月底前）\n"
        "2.开展基层宣讲不少于20场。（县委讲师团牵头，2026年9月底前）",
        _PLAN_HEAD + "（一）强化理论学习。2026年6月底前组织干部专题学习不少于4次。（县委宣传部牵头）\n"
        + _SECOND,
        _PLAN_HEAD + "（一）强化理论学习。2026年6月底前组织干部专题学习不少于4次。\n牵头单位：县委宣传部\n"
        + _SECOND,  # the owner on the next line
        _PLAN_HEAD + "（一）强化理论学习。各乡镇要在2026年6月底前组织干部专题学习不少于4次。\n" + _SECOND,
        _PLAN_HEAD + "（一）强化理论学习。2026年6月底前组织干部专题学习不少于4次。\n"
        "（二）开展理论宣讲。2026年9月底前开展基层宣讲不少于20场。",  # names no owners anywhere
    ),
    check=check_ownerless,
))

register(Rule(
    code="C103", precision="likely",
    name="undated-commitment",
    severity="warning",
    summary="A commitment with no deadline or cadence",
    title="承诺无完成时限",
    doc=("举措没有完成时限（“2026年6月底前”“年内”）也没有频次（“每季度”“每半年”），"
         "就无法排进度、查进展。实施方案、工作要点和整改报告中为警告，"
         "只在方案别处写了时限时检查；其他报告、政府工作报告、意见和通知不检查。"),
    examples=(
        _PLAN_HEAD + "（一）强化理论学习。⟦县委宣传部牵头，组织干部专题学习不少于4次。⟧\n" + _SECOND,
        _PLAN_HEAD + "（一）强化理论学习。⟦县委宣传部牵头，组织干部专题学习不少于4次；⟧"
        "2026年8月底前开展读书班2期。\n" + _SECOND,
        "2026年宣传思想文化工作要点\n一、强化理论武装\n⟦1.开展干部专题学习不少于4次。⟧（县委宣传部牵头）\n"
        "2.开展基层宣讲不少于20场。（县委讲师团牵头，2026年9月底前）",
        _PLAN_HEAD + "（一）强化理论学习。县委宣传部牵头，2026年6月底前组织干部专题学习不少于4次。\n"
        + _SECOND,
        _PLAN_HEAD + "（一）强化理论学习。县委宣传部牵头，组织干部专题学习不少于4次。\n"
        "完成时限：2026年6月底前\n" + _SECOND,  # the deadline on a line of its own
        _PLAN_HEAD + "（一）强化理论学习。县委宣传部牵头，全年组织干部专题学习不少于4次。\n" + _SECOND,
        _PLAN_HEAD + "（一）强化理论学习。县委宣传部牵头，组织干部专题学习不少于4次。\n"
        "（二）开展理论宣讲。开展基层宣讲不少于20场。（县委讲师团牵头）",  # no deadlines anywhere
    ),
    check=check_undated,
))
