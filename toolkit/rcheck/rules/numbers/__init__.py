"""N101–N106: figures that must agree (parts and total, shares, counts and items, growth,
per-period figures, the same figure stated twice).

Built on the metric scan (`Context.figures`, no tokenizer). Each message shows the arithmetic
so the drafter sees which figure to check; none offers a suggestion, as the right number is not
known. What cannot be read with confidence is left alone: part lists that need not add up
(其中 only bounds them), 分别, targets (增长5%左右) and comparisons without both values.
"""

from __future__ import annotations

from rcheck.rules.base import Rule, register
from rcheck.rules.numbers.growth import check_growth
from rcheck.rules.numbers.items import check_items
from rcheck.rules.numbers.parts import check_parts, check_rates
from rcheck.rules.numbers.restated import check_per_period, check_restated

# ------------------------------------------------------------------ registration


_REPORT = "2025年巡察整改情况的报告\n"

register(Rule(
    code="N101", name="parts-total", severity="warning",
    summary="Parts that add up to more than their total, or to other than it when they are exhaustive",
    title="分项之和与总数不符",
    doc=("总数后列出分项时核对加法：“其中”所列各项之和不能超过总数；分项是互斥且完整的"
         "（完成/正在整改/未完成，男/女）时，之和必须等于总数。万元、亿元按量级换算；"
         "“余”“约”“以上”等按文字放宽。只列出部分分项的“其中”不要求加起来等于总数，"
         "“分别”不核对；分项可能交叉时（党员干部、女干部）只作提示（info）。"
         "消息列出算式，不给改法：哪个数字错了只有起草人知道。"),
    examples=(
        _REPORT + "巡察反馈的⟦697个⟧问题，已完成整改688个，持续整改4个，未完成6个。",
        _REPORT + "全县共有村（社区）⟦120个⟧，其中村98个、社区25个。",
        _REPORT + "巡察反馈的697个问题，已完成整改688个，持续整改4个，未完成5个。",
        _REPORT + "全县共有村（社区）120个，其中村98个。",  # 其中 lists only some parts
        "两个乡镇分别完成整改12个和15个，共完成27个。",
    ),
    check=check_parts, precision="likely",
))

register(Rule(
    code="N102", name="rate-counts", severity="warning",
    summary="A stated rate or share that does not match the counts it is about",
    title="比例与数字不符",
    doc=("核对完成率、整改率、办结率和“占X%”：用文中的分项和总数算出比例，按文中保留的小数位"
         "比较（四舍五入或截尾都算对）；“约”“左右”“以上”“近”放宽比较范围。"),
    examples=(
        _REPORT + "巡察反馈的697个问题，已完成整改688个，持续整改4个，未完成5个，总体完成率⟦97.85%⟧。",
        _REPORT + "排查隐患200处，已整改196处，整改率⟦98.7%⟧。",
        _REPORT + "巡察反馈的697个问题，已完成整改688个，持续整改4个，未完成5个，总体完成率98.71%。",
        _REPORT + "排查隐患200处，已整改196处，整改率约98%。",
    ),
    check=check_rates, precision="likely",
))

register(Rule(
    code="N103", name="count-items", severity="warning",
    summary="A stated number of aspects or items that differs from the items listed",
    title="数目与所列各项不符",
    doc=("“三个方面”后面列了一是到四是，“两项制度”后面列了三个书名：数目和所列各项必须一致。"
         "只核对紧接着列出的各项。"),
    examples=(
        "主要做了⟦三个方面的工作⟧：一是强化学习；二是完善制度；三是压实责任；四是加强督导。",
        "重点抓好⟦两项工作⟧：一是完善制度；二是压实责任；三是加强督导。",
        "主要做了四个方面的工作：一是强化学习；二是完善制度；三是压实责任；四是加强督导。",
        "重点抓好三项工作：一是完善制度；二是压实责任；三是加强督导。",
    ),
    check=check_items, precision="likely",
))

register(Rule(
    code="N104", name="growth", severity="warning",
    summary="A growth rate or direction that does not match the two values given",
    title="增减幅度与数字不符",
    doc=("同一句写出了前后两个数值（“较上年的200亿元增长12.5%”“由85%提高到92%”）时，"
         "核对增减方向和幅度：百分比按基数计算，百分点按差值计算，按文中小数位比较。"
         "只写增幅没有基数的（“增长5%左右”）、年均增长和目标不核对。"),
    examples=(
        "全年实现营业收入225亿元，较上年的200亿元增长⟦15%⟧。",
        "优良天数比例由85%提高到92%，提高⟦8个百分点⟧。",
        "全年实现营业收入⟦180亿元⟧，较上年的200亿元增长10%。",  # the direction is wrong
        "全年实现营业收入225亿元，较上年的200亿元增长12.5%。",
        "优良天数比例由85%提高到92%，提高7个百分点。",
        "全年营业收入预计增长5%左右。",  # a target without its base
    ),
    check=check_growth, precision="likely",
))

register(Rule(
    code="N105", name="per-period", severity="warning",
    summary="A per-period figure times the number of periods that does not give the stated total",
    title="每期数与总数不符",
    doc=("“举办培训班12期，每期培训200人次，累计培训2800人次”：期数乘每期人数应等于累计数。"
         "“每期约”“每期不少于”按文字放宽；“分别”不核对。"),
    examples=(
        "举办培训班12期，每期培训200人次，累计培训⟦2800人次⟧。",
        "组织宣讲10场，每场听众50人，共计⟦600人⟧。",
        "举办培训班12期，每期培训200人次，累计培训2400人次。",
        "举办培训班12期，每期约200人次，累计培训2300人次。",  # 每期约 is not exact
    ),
    check=check_per_period, precision="likely",
))

register(Rule(
    code="N106", name="restated-figure", severity="warning",
    summary="The same count stated twice in one draft with different values",
    title="同一数字前后不一",
    doc=("同一份稿子前面写“共召开专题会议12次”，后面写“召开专题会议15次”：按数字前后的文字"
         "（统计对象）认同一项，时段（今年、上半年、2024年……）不同的不比较，目标、比较、分项、"
         "约数不比较。两处都是“共”“累计”的总数时为 warning，其余为 info。"),
    examples=(
        "一、主要工作\n今年共召开专题会议12次。\n二、工作成效\n今年共召开专题会议⟦15次⟧。",
        "一、主要工作\n今年共办理群众来信86件。\n三、存在问题\n今年共办理群众来信⟦68件⟧。",
        "一、主要工作\n今年共召开专题会议12次。\n二、工作成效\n今年共召开专题会议12次。",
        "一、主要工作\n上半年共召开专题会议12次。\n二、工作成效\n全年共召开专题会议20次。",
        "一、主要工作\n今年共召开专题会议12次。\n二、下一步打算\n计划召开专题会议15次。",  # a plan
    ),
    check=check_restated, precision="likely",
))
