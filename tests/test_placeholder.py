from __future__ import annotations

import pytest

import rcheck


def p101(text: str) -> list[rcheck.Finding]:
    return rcheck.lint(text, select=["P101"])


@pytest.mark.parametrize("text,slot,meaning", [
    ("全年开展专题学习*次。", "*", "数字未填写"),
    ("撰写调研报告**篇。", "**", "数字未填写"),
    ("覆盖干部群众超*万人次。", "*", "“*万人次”"),
    ("开展宣讲*余场。", "*", "“*余场”"),
    ("中共*县委坚持以人民为中心。", "*", "地名或单位名称未填写"),
    ("配合XX局开展招商活动。", "XX", "“XX局”"),
    ("由xx同志带队开展检查。", "xx", "人名未填写"),
    ("与××镇建立联调机制。", "××", "“××镇”"),
    ("巩固20XX年创建成果。", "XX", "年份未填写"),
    ("力争202x年完成。", "x", "“202x年”"),
    ("于X月底前完成。", "X", "日期未填写"),
    ("○○村创建经验在全县推广。", "○○", "“○○村”"),
    ("完成□□路改造。", "□□", "占位符未填写"),
    ("帮助困难群众__名就业。", "__", "“__名”"),
    ("街道党工委把**建工作与基层治理统筹推进。", "**", "党建工作"),
    ("打造“理响*”网络学习平台。", "*", "名称中的字未填写"),
])
def test_slot_and_what_it_stands_for(text, slot, meaning):
    found = p101(text)
    assert len(found) == 1, found
    f = found[0]
    assert text[f.start:f.end] == slot
    assert meaning in f.message


@pytest.mark.parametrize("text,excerpt", [
    ("在某某社区试点议事厅。", "某某"),
    ("赴某县考察学习。", "某"),
    ("见附件（略）。", "（略）"),
    ("其他工作成效待补充。", "待补充"),
    ("按照（城东街党工委发〔〕号）要求。", "〔〕"),
    ("建成【】个口袋公园。", "【】"),
    ("完成固定资产投资约亿元。", "约亿元"),
    ("同比增长%。", "同比增长%"),
    ("TODO:补充数据。", "TODO"),
])
def test_markers_and_empty_numbers(text, excerpt):
    found = p101(text)
    assert [f.excerpt for f in found] == [excerpt]


@pytest.mark.parametrize("text", [
    "全年开展专题学习20次，覆盖群众1.2万人次。",
    "协议引资约3.6亿元，同比增长6.2%。",
    "覆盖群众超万人次，投资近亿元。",  # 超万/近亿 are amounts, not gaps
    "某些单位、某种程度上、某一方面存在短板。",
    "二〇二五年，二〇〇八年的经验。",
    "运用H5、Excel、XML等工具，开展X光检查设备采购。",
    "面积为3×4米。",
    "按照〔2025〕3号文件要求。",
    "约谈相关负责人，约人谈话。",
    "统一思想，共同推进。",
])
def test_no_placeholder_in_filled_text(text):
    assert p101(text) == []


def test_markdown_emphasis_is_not_a_slot():
    doc = rcheck.Document("**重点任务**:开展学习*次。", path="plan.md")
    assert [f.excerpt for f in rcheck.lint(doc, select=["P101"])] == ["*"]


@pytest.mark.parametrize("text,excerpt", [
    ("经 XX 局党组研究决定。", "XX"),  # spaces around the slot, as PDF text has them
    ("全年共 X 次专题学习。", "X"),
    ("投资〔…〕万元实施道路硬化。", "〔…〕"),
    ("文件（县政办〔20XX〕8号）要求。", "XX"),
    ("粮食播种面积稳定在万亩以上。", "万亩"),
    ("召开市届人大三次会议。", "届"),
    ("2024年，局紧紧围绕中心工作。", "局"),
    ("全年共召开董事会次，形成决议18项。", "次"),
    ("对、、等三个乡镇开展督查。", "、、"),
    ("组长由校长-担任。", "-"),
    ("根据-县教育局的通知。", "-"),
])
def test_slots_in_real_draft_shapes(text, excerpt):
    assert [f.excerpt for f in p101(text)] == [excerpt]


@pytest.mark.parametrize("text", [
    "测算公式：完成数/任务数×100%。",
    "收治患者人天数＝出院人次数×平均住院天数。",
    "深入实施“人工智能+”“数据要素×”行动。",
    "打造“415X”先进制造业集群，推进“1+X”证书制度。",
    "到二○三五年基本实现现代化。",
    "新增签约项目120个，公共场所全面禁烟。",
    "新开工亿元以上项目，上万人参加，每万元产值能耗下降。",
    "印发关于年度考核工作的通知。",
    "浏览次数：12 字体：[ ]",
    "每季度召开一次例会，开展专题培训多次，组织学习首场。",
    "建设万亩稻菜轮作产业带，打造万元户示范村。",
    "科教项目结转=科教项目收入-科教项目支出。",
    "积极应对、推动解决。",
    "京津冀-长三角合作机制。",
    "下载文件_第2页，SolidWorks_CAD图纸。",
])
def test_ordinary_marks_are_not_slots(text):
    assert p101(text) == []


def test_a_page_that_censors_formulations_is_not_full_of_slots():
    # The page masks fixed formulations; the drafter has nothing to fill in (W102 reports them).
    text = ("各支部围绕党的***五中***精神开展研讨，加深对******新时代中国特色社会主义思想的理解，"
            "组织学习***在座谈会上的讲话。全年开展宣讲*次。")
    assert [f.excerpt for f in p101(text)] == ["*"]


def test_a_lone_hole_in_a_formulation():
    # Two characters left out are a slot for the drafter; one is a masked or lost character.
    assert [f.excerpt for f in p101("以优异成绩迎接党的XX大召开。")] == ["XX"]
    assert p101("为“X四五”开好局、起好步。") == []
