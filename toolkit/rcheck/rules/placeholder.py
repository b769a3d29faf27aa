"""P101 placeholder: slots left unfilled (`*次`, `XX局`, `某某`, `20XX年`, `约亿元`…）.

The message says what the slot stands for, read from what surrounds it: a number before a
measure word, a place or unit name before 县/乡/镇/局…, a year, a person, or a character of
a known term masked by the web page the text was copied from (`**建工作` for 党建工作).
The finding itself is `facts.placeholders`'; this module turns its slots into findings.
"""

from __future__ import annotations

from collections.abc import Iterator

from rcheck.facts.placeholders import find_placeholders
from rcheck.rules.base import Context, Hit, Rule, register


def check(ctx: Context) -> Iterator[Hit]:
    for slot in find_placeholders(ctx.doc, ctx.lexicon, lambda: ctx.tokenizer):
        yield Hit(slot.start, slot.end, slot.message)


register(Rule(
    code="P101", precision="sure",
    name="placeholder",
    severity="error",
    summary="An unfilled or masked slot: *, XX, 某某, ○○, □, 20XX年, 【】, (略), 待补充, 约亿元",
    title="占位符未填写",
    doc=(
        "起草时留下的占位符（*、**、XX、xx、××、某某、某县、○○、□、__、〔〕、20XX年、【】、（略）、"
        "待补充）和空缺的数字（“约亿元”“增长%”）在印发前必须补全。提示会说明占位符代表什么："
        "量词前是数字（“*次”），县、乡、镇、局等之前是地名或单位名称（“*县”），年前是年份"
        "（“20XX年”）；从网页复制时被屏蔽的字（“**建工作”实为“党建工作”）会单独说明，"
        "请对照原文补全，不要当作数字填写。网页把固定提法屏蔽成星号（“党的***五中***精神”"
        "“******新时代…思想”）时，那不是要填的空，由 W102 按提法报告；两字以上的空"
        "（“党的XX大”）仍是占位符。乘号（3×4、收入×100%）、“1+X”“数据要素×”、连字符"
        "（收入-支出）、“二○三五年”和“签约项目”“公共场所”这样的词不算。"
    ),
    # Which word the slot stands for is a guess: no suggestion is certain, none is given.
    examples=(
        "全年开展专题学习⟦*⟧次，覆盖干部群众超⟦*⟧万人次，⟦XX⟧局牵头负责。",
        "20⟦XX⟧年以来，⟦某某⟧县共完成投资⟦约亿元⟧，⟦同比增长%⟧。",
        "根据县委办⟦〔〕⟧号文件要求，⟦○○⟧镇牵头，具体措施⟦（略）⟧，责任人⟦待补充⟧。",
        "推进⟦**⟧建工作，完善⟦【】⟧机制。",  # a masked word, then an empty bracket
        "全年开展专题学习20次，覆盖干部群众超1.2万人次，县财政局牵头负责。",
        "收入×100%，3×4个网格，“1+X”模式，“数据要素×”行动。",  # signs, not slots
        "到二○三五年，签约项目12个，公共场所全覆盖。",
    ),
    check=check,
))
