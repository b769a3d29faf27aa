"""G101 overloaded-unit, G102 co-only-unit, G103 unknown-unit: checks on the task-allocation graph.

Read from the graph of the draft's commitments (`Context.graph`, built once per draft; see
`rcheck.graph`). A measure with no owner is C102 and is not reported again here. G101 and G102
judge a division of labour, so they run where the draft is one: a kind that asks for owners
(实施方案/工作要点, 整改报告) and a draft that does name them for its measures (C102's test);
G103, a unit name that is probably a typo, runs on every draft. Names read out of a longer word
(联合国教科文组织) or out of a list of parties (完善政府、行业…) are not units.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from rcheck.rules.base import Context, Hit, Rule, register
from rcheck.text import regex as re

if TYPE_CHECKING:
    from rcheck.graph import UnitLexicon

# The edge kinds of rcheck.graph, named here so a cold lint does not import that module.
LEAD, CO = "lead", "cooperates"
DEFAULT_MAX_LEAD_SHARE = 0.4
MIN_MEASURES = 8  # below this a share means little: 2 of 4 measures is not an overload
# Words a unit's name never starts with: 完善政府、行业…共同参与 lists parties, it names no unit.
_NOT_NAME_START = ("完善", "加强", "推进", "推动", "健全", "建立", "支持", "鼓励", "引导", "发挥", "强化",
                   "落实")
# A name cut out of a longer word: 联合国教科文组织 read as 联合 + 国教科文组 + 织.
_LONGER_WORD = re.compile(r"^联合国|^(?:织|员会)")


def _has_owners(ctx: Context) -> bool:
    """Cheap test first: a draft that names no owner needs no graph (nor networkx)."""
    return any(c.lead or c.co for c in ctx.commitments)


def _allocating(ctx: Context) -> bool:
    """A division of labour to judge: the kind asks for owners and the draft names them."""
    from rcheck.rules.commitment import assigns_owners

    return _has_owners(ctx) and assigns_owners(ctx)


def _fragment(ctx: Context, edge: dict) -> bool:
    """A unit read out of a longer word or a list of parties, not a unit the draft names."""
    text, start, end = ctx.doc.text, edge["start"], edge["end"]
    written = edge["written"]
    return (written.startswith(_NOT_NAME_START) or bool(_LONGER_WORD.match(text[end:end + 2]))
            or bool(_LONGER_WORD.match(text[max(0, start - 2):start + 1])))


def _edges(ctx: Context, unit: str, role: str) -> list[dict]:
    return ctx.allocation.edges_of(unit, role)


def _units(ctx: Context) -> Iterator[str]:
    """Single units (not 各乡镇 or 相关部门, nor fragments), in the order they are first named."""
    for name, d in ctx.allocation.units.items():
        if d["collective"]:
            continue
        edges = _edges(ctx, name, LEAD) + _edges(ctx, name, CO)
        if edges and all(_fragment(ctx, e) for e in edges):
            continue
        yield name


def check_overloaded(ctx: Context) -> Iterator[Hit]:
    if not _allocating(ctx):
        return
    measures = ctx.allocation.measures
    if measures < MIN_MEASURES:
        return
    limit = ctx.settings.graph_max_lead_share
    for n in _units(ctx):
        led = _edges(ctx, n, LEAD)
        share = len(led) / measures
        if share > limit:
            first = led[0]
            yield Hit(first["start"], first["end"],
                      f"“{first['written']}”牵头{len(led)}项举措，占全部{measures}项的{share:.0%}，"
                      f"超过{limit:.0%}：任务过于集中在一个单位，请考虑分解任务或调整牵头单位")


def check_co_only(ctx: Context) -> Iterator[Hit]:
    if not _allocating(ctx):
        return
    for n in _units(ctx):
        helped = _edges(ctx, n, CO)
        if helped and not _edges(ctx, n, LEAD):
            first = helped[0]
            yield Hit(first["start"], first["end"],
                      f"“{first['written']}”只作为配合单位出现（{len(helped)}项），没有牵头任何举措："
                      "请核实分工是否遗漏了它牵头的任务")


# The word lists name county units (县民政局); the same unit of a city or district is as real.
_LEVEL_PREFIX = re.compile(r"^[市区州省旗盟]")


def _known_at_another_level(units: UnitLexicon, written: str) -> bool:
    """市民政局 is the city's 县民政局, not a typo of 市财政局."""
    return bool(_LEVEL_PREFIX.match(written)) and units.is_known("县" + written[1:])


def check_unknown(ctx: Context) -> Iterator[Hit]:
    if not _has_owners(ctx):
        return
    from rcheck.graph import unit_lexicon_for

    units = unit_lexicon_for(ctx.lexicon)
    seen: set[tuple[str, str]] = set()
    for u, v, d in ctx.allocation.edges:
        written = d["written"]
        if (v, written) in seen or units.is_collective(written) or units.is_known(written) \
                or units.is_known(u.removeprefix("unit:")) or _fragment(ctx, d) \
                or _known_at_another_level(units, written):
            continue
        seen.add((v, written))
        known = units.closest_known(written)
        if known:
            others = "".join(f"（或“{k}”）" for k in known[1:])
            yield Hit(d["start"], d["end"],
                      f"单位名称“{written}”不在单位词表中，疑为“{known[0]}”{others}的笔误；"
                      "如确是另一单位，请把它加入词表 organisations.toml 的 known_units")


_PLAN = "关于加强农村公路管护的实施方案\n一、主要任务\n"
_ITEMS = [
    "1.开展农村公路安全隐患排查，2026年6月底前完成全部路段排查。（县交通运输局牵头）",
    "2.完成农村公路危桥改造5座，2026年10月底前完工。（县交通运输局牵头）",
    "3.新建农村公路养护站3个，2026年12月底前投入使用。（县交通运输局牵头）",
    "4.培训农村公路养护人员200人次，2026年9月底前完成。（县交通运输局牵头）",
    "5.落实农村公路建设资金，2026年3月底前下达年度资金。（县财政局牵头）",
    "6.排查整治公路沿线违法建筑，2026年8月底前完成整治。（县自然资源局牵头）",
    "7.规范公路沿线集镇路段交通秩序，2026年7月底前完成整治。（县公安局牵头）",
    "8.开展农村客运安全检查，2026年11月底前完成全覆盖检查。（县应急管理局牵头）",
]


def _owner_written(item: str, sentence: bool) -> str:
    """An example measure with its lead unit in the sentence (由…牵头) or on the next line."""
    number, rest = item.split(".", 1)
    body, unit = rest.removesuffix("牵头）").rsplit("（", 1)
    return f"{number}.由{unit}牵头，{body}" if sentence else f"{number}.{body}\n牵头单位：{unit}"


_IN_SENTENCE = [_owner_written(i, True) for i in _ITEMS]
_ON_NEXT_LINE = [_owner_written(i, False) for i in _ITEMS]

register(Rule(
    code="G101", precision="likely",
    name="overloaded-unit",
    severity="warning",
    summary="One unit leads more than a set share of all measures (default 40%, from 8 measures)",
    title="牵头任务过于集中",
    doc=("实施方案、工作要点或整改方案中，一个单位牵头的举措超过全部举措的一定比例（默认40%，"
         "举措不少于8项时才检查），任务过于集中，落实时容易顾此失彼，其他单位也容易只当配合。"
         "请考虑把部分任务交由相关单位牵头。比例可在 rcheck.toml 中用 graph-max-lead-share 设置"
         "（0到1之间，如 0.5）。“各乡镇”“相关部门”等统称不计。"),
    # Marked on the unit's first measure; which measures to hand on is for the author.
    examples=(
        _PLAN + "\n".join(_ITEMS).replace("（县交通运输局", "（⟦县交通运输局⟧", 1),
        _PLAN + "\n".join(_IN_SENTENCE).replace("由县交通运输局", "由⟦县交通运输局⟧", 1),
        _PLAN + "\n".join(_ON_NEXT_LINE).replace("：县交通运输局", "：⟦县交通运输局⟧", 1),
        _PLAN + "\n".join(_ITEMS).replace("200人次，2026年9月底前完成。（县交通运输局牵头）",
                                           "200人次，2026年9月底前完成。（县人社局牵头）"),
        _PLAN + "\n".join(_ITEMS[:7]),  # 4 of 7 measures: too few to judge
        _PLAN + "\n".join(i.replace("县交通运输局", "各乡镇") for i in _ITEMS),  # all of a kind
    ),
    check=check_overloaded,
))

register(Rule(
    code="G102", precision="hint",
    name="co-only-unit",
    severity="info",
    summary="A unit named as co-operating but leading no measure",
    title="单位只配合不牵头",
    doc=("一个单位在实施方案、工作要点或整改方案中只作为配合单位出现，没有牵头任何举措。"
         "这常常正常（财政、宣传等部门多为配合），但也可能是分工时漏写了它牵头的任务，"
         "或把牵头单位错写成了配合单位。只作提示（info），不影响退出码。"
         "“各乡镇”“相关部门”等统称不计。"),
    examples=(
        _PLAN + "1.开展农村公路安全隐患排查，2026年6月底前完成全部路段排查。"
                "（县交通运输局牵头，⟦县财政局⟧配合）",
        _PLAN + "1.开展农村公路安全隐患排查，2026年6月底前完成全部路段排查。\n牵头单位：县交通运输局\n"
                "配合单位：⟦县财政局⟧、⟦县公安局⟧",
        _PLAN + "1.由县交通运输局牵头、⟦县财政局⟧配合，2026年6月底前完成全部路段排查。",
        _PLAN + "1.开展农村公路安全隐患排查，2026年6月底前完成全部路段排查。"
                "（县交通运输局牵头，县财政局配合）\n"
                "2.落实农村公路建设资金，2026年3月底前下达年度资金。（县财政局牵头，县交通运输局配合）",
        _PLAN + "1.开展农村公路安全隐患排查，2026年6月底前完成全部路段排查。"
                "（县交通运输局牵头，各乡镇配合）",  # all of a kind
    ),
    check=check_co_only,
))

register(Rule(
    code="G103", precision="likely",
    name="unknown-unit",
    severity="warning",
    summary="An owner that is not a known unit but differs from one by a character (a likely typo)",
    title="单位名称疑似笔误",
    doc=("举措的牵头或配合单位不在单位词表（lexicons/organisations.toml 的 known_units 和 alias）中，"
         "却与词表中的某个单位只差一个字，如“县卫建局”与“县卫健局”，疑为笔误。"
         "只比较字数相同、首字相同的名称（“市卫健局”是另一个单位），相似度不低于75%时才提示。"
         "“各乡镇”“相关部门”等统称不检查。如确是另一单位（如本地的“县水务局”），"
         "请用 --lexicon 目录中的 organisations.toml 把它加入 known_units。"),
    # A name one character off may be another unit (县水务局): the fix is never certain.
    examples=(
        "1.加强校园食品安全管理，2026年9月底前完成学校食堂全覆盖检查。（⟦县卫建局⟧牵头）",
        "1.加强校园食品安全管理，2026年9月底前完成学校食堂全覆盖检查。（县教育局牵头，⟦县公按局⟧配合）",
        "1.由⟦县卫建局⟧牵头，2026年9月底前完成学校食堂全覆盖检查。",  # the owner in the sentence
        "1.加强校园食品安全管理，2026年9月底前完成学校食堂全覆盖检查。（县卫健局牵头）",
        "1.加强校园食品安全管理，2026年9月底前完成学校食堂全覆盖检查。（市卫健局牵头）",  # another level
        "1.加强校园食品安全管理，2026年9月底前完成学校食堂全覆盖检查。（各乡镇牵头，相关部门配合）",
    ),
    check=check_unknown,
))
