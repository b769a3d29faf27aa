"""Extraction on the reference drafts and on the hard cases the issue names."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from rcheck.cli import main
from rcheck.extract import extract_commitments, extract_metrics, simplified_text
from rcheck.text.readers import load


def metric_at(metrics, quantity):
    found = [m for m in metrics if m.quantity == quantity]
    assert found, f"no metric {quantity!r} in {[m.quantity for m in metrics]}"
    return found[0]


def test_seed_000_metrics(seeds):
    metrics = extract_metrics(load(seeds / "000_9331296b0d1ebd3e.txt"))
    m = metric_at(metrics, "20次")
    assert (m.value, m.unit, m.qualifier, m.subject) == (20, "次", "共", "专题学习")
    m = metric_at(metrics, "*万人次")
    assert (m.value, m.placeholder, m.approx, m.scale, m.unit) == (None, True, "超", "万", "人次")
    assert m.subject == "干部群众"
    # 第五轮, 二十届四中全会, “十五五”, 2025年 and the debris 此处隐藏8374字 are not metrics.
    quantities = {m.quantity for m in metrics}
    assert not any(q.startswith(("五轮", "8374", "2025")) for q in quantities)
    assert "一次" not in quantities  # 每半年开展一次: a cadence


def test_seed_001_metrics(seeds):
    metrics = extract_metrics(load(seeds / "001_f1e7f6d075824347.txt"))
    m = metric_at(metrics, "七天")
    assert (m.value, m.unit) == (7, "天")
    m = metric_at(metrics, "12 次")
    assert (m.value, m.qualifier, m.subject) == (12, "累计", "室务会")
    assert not any(m.quantity.startswith("2021") for m in metrics)


def test_seed_000_supervision_commitment(seeds):
    commitments = extract_commitments(load(seeds / "000_9331296b0d1ebd3e.txt"))
    c = next(c for c in commitments if "机动式专项督查" in c.text)
    assert c.lead == ["县委宣传部"]
    assert c.co == ["纪委监委", "组织部"]
    assert c.cadence == "每半年"
    assert c.target is not None and (c.target.value, c.target.unit) == (1, "次")


@pytest.mark.parametrize("text, quantity, value, unit, scale, approx", [
    ("全年开展宣讲二十余次。", "二十余次", 20, "次", None, "余"),
    ("组织集中学习两次。", "两次", 2, "次", None, None),
    ("投入资金66.57万元。", "66.57万元", 66.57, "元", "万", None),
    ("参训干部达1.2万人次。", "1.2万人次", 1.2, "人次", "万", None),
    ("覆盖群众三千余人次。", "三千余人次", 3000, "人次", None, "余"),
    ("发放资料3万余份。", "3万余份", 3, "份", "万", "余"),
    ("覆盖率达到95%以上。", "95%", 95, "%", None, "以上"),
    ("收到意见不少于30条。", "30条", 30, "条", None, "不少于"),
])
def test_quantity_forms(text, quantity, value, unit, scale, approx):
    m = metric_at(extract_metrics(text), quantity)
    assert (m.value, m.unit, m.scale, m.approx) == (value, unit, scale, approx)


@pytest.mark.parametrize("text", [
    "2025年3月15日，县委召开会议。",
    "根据《通知》（县委办〔2025〕3号）精神。",
    "学习党的二十届四中全会精神。",
    "谋划“十五五”发展，开展第五轮巡察。",
    "增强“四个意识”、坚定“四个自信”，做到“两个维护”。",
    "每季度召开一次联席会议，每月召开2次调度会。",
    "进一步统一思想，一起推动工作。",
])
def test_not_metrics(text):
    assert extract_metrics(text) == []


def test_owner_lines_under_a_plan_item():
    text = ("县商务局2026年工作实施方案\n一、重点任务\n（一）培育外贸主体。年内新增外贸备案企业不少于20家。\n"
            "牵头单位：县商务局\n配合单位：县市场监管局、县税务局\n完成时限：2026年12月底前\n"
            "（二）办好展会。每季度组织企业参加展会一次。\n责任单位：各乡镇（街道）\n")
    first, second = extract_commitments(text)
    assert first.lead == ["县商务局"] and first.co == ["县市场监管局", "县税务局"]
    assert first.deadline == "2026年12月底前" and first.target.quantity == "20家"
    assert "牵头单位" in first.text  # the item runs through its owner lines
    assert second.lead == ["各乡镇（街道）"] and second.cadence == "每季度"


def test_trailing_parenthesis_names_owners():
    text = ("2026年优化营商环境工作要点\n一、提升政务服务\n"
            "1.推行企业开办一日办结，年内压缩办理时限至1个工作日。（县数据局牵头，各乡镇按职责分工负责）\n")
    (c,) = extract_commitments(text)
    assert c.lead == ["县数据局"] and c.co == ["各乡镇"]
    assert c.deadline == "年内"


def test_joint_and_lead_words_in_a_sentence():
    text = ("三、下一步工作打算\n"
            "（一）强化监督。由县委办牵头，会同县纪委监委、县委组织部，每月开展一次督查。\n")
    (c,) = extract_commitments(text)
    assert c.lead == ["县委办"] and c.co == ["县纪委监委", "县委组织部"]


def test_past_tense_is_not_a_commitment():
    text = "今年以来，县委宣传部牵头开展了专项督查3次，已整改问题12个。"
    assert extract_commitments(text) == []


def test_traditional_draft_reads_like_simplified():
    text = ("下一步工作打算\n一、加強宣傳\n"
            "由縣委宣傳部牽頭，每季度開展一次專題學習，年內培訓幹部不少於500人次。\n")
    assert len(simplified_text(text)) == len(text)
    (c,) = extract_commitments(text)
    assert c.lead == ["縣委宣傳部"]  # as written
    assert c.cadence == "每季度" and c.target.quantity == "500人次"
    assert metric_at(extract_metrics(text), "500人次").approx == "不少於"


def test_cli_extract_formats(samples, tmp_path):
    runner = CliRunner()
    path = str(samples / "clean-report.txt")
    got = json.loads(runner.invoke(main, ["extract", path]).output)
    assert got["version"] == 1 and got["files"][0]["path"] == path
    metrics = got["files"][0]["metrics"]
    assert {"start", "end", "quantity", "value", "unit", "scale", "approx", "qualifier", "subject",
            "placeholder", "line", "column"} <= set(metrics[0])
    csv_out = runner.invoke(main, ["extract", path, "--format", "csv"]).output.splitlines()
    assert csv_out[0].startswith("path,type,line,column,text,value,unit")
    assert len(csv_out) == 1 + len(metrics) + len(got["files"][0]["commitments"])
    md = runner.invoke(main, ["extract", path, "--format", "markdown"]).output
    assert "| 行 | 举措 | 目标 | 牵头单位 | 配合单位 | 频次 | 时限 |" in md
    bad = runner.invoke(main, ["extract", str(tmp_path / "missing.txt")])
    assert bad.exit_code == 2


def test_chinese_numerals_agree_with_cn2an():
    """The fast path for regular numerals below 10,000 reads them as cn2an does."""
    import cn2an

    from rcheck.text.numerals import _simple_chinese

    for n in [*range(0, 200), *range(200, 10000, 37)]:
        written = cn2an.an2cn(n)
        fast = _simple_chinese(written)
        assert fast in (None, n), (written, fast)
    assert _simple_chinese("一百零五") == 105 and _simple_chinese("两千") == 2000


def test_task_table_rows_are_measures_with_their_columns(samples):
    """A Word task table (序号｜工作任务｜牵头单位｜配合单位｜完成时限): one measure a row."""
    commitments = extract_commitments(load(samples / "word-task-table.docx"))
    rows = [c for c in commitments if "\uff5c" in c.text]
    assert len(rows) == 5  # the header row is not a measure
    first = rows[0]
    assert first.action.startswith("开展村庄清洁行动")
    assert first.lead == ["县农业农村局"] and first.co == ["各乡镇人民政府"]
    assert first.deadline == "2026年12月底前"
    assert rows[1].co == ["县卫生健康局", "各乡镇人民政府"]


def test_owner_note_closing_a_paragraph_covers_each_sentence():
    text = ("全市物流降本增效实施方案\n一、完善物流网络\n"
            "（一）建设枢纽节点。推动县级物流配送中心改造提升。鼓励快递企业进村设点。"
            "〔责任单位：市商务局、市交通运输局按职责分工负责。具体任务均涉及各县（区）人民政府，不再做分工，下同。〕\n"
            "（二）发展冷链物流。加快冷链仓储设施建设。〔责任单位：市发展改革委〕\n")
    got = extract_commitments(text)
    # The note closes the last measure of its paragraph, as it does on the page.
    assert [c.text for c in got] == ["推动县级物流配送中心改造提升。",
                                     "鼓励快递企业进村设点。〔责任单位：市商务局、市交通运输局按职责分工负责。"
                                     "具体任务均涉及各县（区）人民政府，不再做分工，下同。〕",
                                     "加快冷链仓储设施建设。〔责任单位：市发展改革委〕"]
    assert all(c.lead == ["市商务局", "市交通运输局"] for c in got[:2])
    assert got[2].lead == ["市发展改革委"]
    assert all(c.co == ["各县（区）人民政府"] for c in got)


def test_units_invited_to_take_part_are_not_owners():
    text = ("县营商环境工作要点\n一、主要任务\n"
            "开展公平竞争审查，鼓励律师事务所、高等院校等第三方机构参与评估。\n")
    (c,) = extract_commitments(text)
    assert c.co == [] and c.lead == []


def test_deadlines_from_the_paragraph_opener_and_the_stage_heading():
    text = ("全县农村人居环境整治实施方案\n一、工作步骤\n"
            "（一）集中整治阶段（4月1日至6月30日）。各乡镇组织力量清理村内垃圾堆放点。\n"
            "（二）巩固提升阶段。到2027年，农村卫生厕所普及率达到90%以上。各村建立保洁长效机制。\n"
            "（三）考核验收。县农业农村局力争2027年10月1日前完成验收，对整改不到位的限期整改，年底前通报。\n")
    got = {c.text[:6]: c.deadline for c in extract_commitments(text)}
    assert got["各乡镇组织力"] == "4月1日至6月30日"
    assert got["到2027年"] == "到2027年" and got["各村建立保洁"] == "到2027年"
    assert got["县农业农村局"] == "2027年10月1日前"


def test_roles_and_collectives_that_open_a_requirement_are_its_owners():
    text = ("关于印发全县重点项目推进任务分解的通知\n三、工作要求\n"
            "各牵头县领导要靠前指挥，每月调度一次项目进展。\n"
            "牵头单位要加强与配合单位的沟通，及时协调解决困难。\n"
            "各相关单位也要完善工作台账，确保按期完成任务。\n"
            "各地、各部门的负责同志要切实担起责任，抓紧抓好落实。\n")
    leads = [c.lead for c in extract_commitments(text)]
    assert leads == [["各牵头县领导"], ["牵头单位"], ["各相关单位"], ["各地", "各部门"]]


def test_results_named_as_the_goal_do_not_make_a_sentence_past():
    text = ("关于做好2026年民生实事任务分解的通知\n"
            "各乡镇人民政府，县直各部门：\n"
            "请各牵头单位要严格按照任务分工，明确每项任务的责任人，确保各项任务得到有效落实。\n"
            "各乡镇要认真总结工作中取得的成效与不足，于11月10日前报送县政府办。\n"
            "今年以来，县住建局已完成老旧小区改造12个。\n")
    got = extract_commitments(text)
    assert [c.lead for c in got] == [["各牵头单位"], ["各乡镇"]]
    assert got[1].deadline == "11月10日前"


def test_clauses_with_their_own_targets_or_items_are_their_own_measures():
    text = ("2026年镇政府工作计划\n一、工作目标\n"
            "地区生产总值达到12亿元，比上年增长6%；村集体经济收入达到800万元，比上年增长10%；"
            "新建农村公路15公里。\n二、工作措施\n"
            "（一）抓好项目建设。一是2026年计划投资900万元改造镇区供水管网；二是加快建设农产品冷链仓库；"
            "三是镇农办要于2026年5月10日前完成示范基地选址。\n"
            "（二）改进作风。各村要压实责任，强化督导；坚持问题导向，补齐短板弱项。\n")
    got = extract_commitments(text)
    assert [c.text[:6] for c in got] == ["地区生产总值", "村集体经济收", "新建农村公路", "一是2026",
                                         "二是加快建设", "三是镇农办要", "各村要压实责"]
    by = {c.text[:6]: c for c in got}
    assert by["一是2026"].deadline == "2026年" and by["二是加快建设"].deadline is None
    assert by["三是镇农办要"].deadline == "2026年5月10日前" and by["三是镇农办要"].lead == ["镇农办"]


def test_findings_to_rectify_and_quoted_titles_are_not_measures():
    text = ("中共某镇委员会关于巡察反馈问题的整改方案\n"
            "《关于印发某镇巡察整改工作方案的通知》\n一、整改任务\n"
            "3.基层组织建设推进中标准不高，督促指导不够有力。\n"
            "整改措施：镇党委要每季度对各村党支部开展一次全覆盖督导，年底前完成软弱涣散党组织整顿。\n")
    (c,) = extract_commitments(text)
    assert c.text.startswith("整改措施：镇党委要") and c.cadence == "每季度"


def test_document_rule_makes_the_first_listed_unit_the_lead():
    text = ("县2026年重点工作任务分解方案\n各乡镇，县直各部门：\n"
            "责任单位中列第一位者为牵头单位，其他为配合单位。\n一、重点任务\n"
            "1.年内新改建农村公路30公里。（县交通运输局、县财政局、各乡镇负责）\n")
    (c,) = extract_commitments(text)
    assert c.lead == ["县交通运输局"] and c.co == ["县财政局", "各乡镇"]
    plain = text.replace("责任单位中列第一位者为牵头单位，其他为配合单位。\n", "")
    (c,) = extract_commitments(plain)
    assert c.lead == ["县交通运输局", "县财政局", "各乡镇"] and c.co == []


def test_a_dated_stage_is_a_plan_part():
    text = ("（二）集中整治阶段（7月16日至8月31日）。县生态环境局将组织力量对重点企业开展执法检查。\n"
            "（三）总结验收阶段（9月1日至9月30日）。县生态环境局将汇总整治情况。\n")
    got = extract_commitments(text)
    assert [(c.lead, c.deadline) for c in got] == [(["县生态环境局"], "7月16日至8月31日"),
                                                   (["县生态环境局"], "9月1日至9月30日")]


def test_a_note_explaining_the_words_before_it_is_not_a_measure():
    text = ("2026年镇工作计划\n一、工作目标\n"
            "全力完成“三大工程”目标任务。（“一大”是村道硬化工程；“二大”是供水提升工程。“三大”是集镇美化工程。）\n")
    assert [c.text for c in extract_commitments(text)] == ["全力完成“三大工程”目标任务。"]
