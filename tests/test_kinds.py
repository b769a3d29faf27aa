"""Report kinds decided on the whole document, and what each kind asks of C101-C103 and S101.

The texts are written for the project in the genre: a short 政府工作报告, an 意见 issued to
other bodies, a 实施方案 with owners, a 通知 that issues a plan.
"""

from __future__ import annotations

import rcheck
from rcheck.linter import check_document
from rcheck.text.readers import Document

GWR = """2026年青川市政府工作报告
——2026年1月20日在青川市第十届人民代表大会第五次会议上
市长
各位代表：
现在，我代表市人民政府向大会报告工作，请予审议，并请市政协委员提出意见。
一、2025年工作回顾
过去一年，全市地区生产总值增长5.6%，一般公共预算收入完成86.4亿元。
（一）产业结构持续优化。新增规模以上工业企业42家，行政检查数量下降51%，完成老旧小区改造120个。
（二）民生保障更加有力。城镇新增就业3.2万人，新建普惠托育机构15所。
同时，我们也清醒看到，经济回升基础还不稳固，部分企业生产经营困难，民生领域还有不少短板。
二、2026年重点工作
今年经济社会发展的主要预期目标是：地区生产总值增长5%左右，城镇调查失业率控制在5.5%以内。
（一）着力扩大有效需求。深入实施提振消费专项行动，推动重大项目加快建设。
（二）加快建设现代化产业体系。推进传统产业转型升级，培育壮大新兴产业。
三、全面加强政府自身建设
坚持依法行政，持续改进作风，努力建设人民满意的政府。
"""

OPINION = """青川市人民政府关于推进
社区嵌入式服务设施建设的意见
青政发〔2026〕3号
各区县人民政府，市政府各部门：
为更好满足居民就近就便服务需求，现就推进社区嵌入式服务设施建设提出如下意见。
一、总体要求
坚持以人民为中心，统筹存量资源，因地制宜完善社区服务功能。
二、重点任务
（一）优化设施布局。各区县要结合城市更新，合理确定设施建设规模和功能配置。
（二）拓展服务内容。推动养老托育、助餐助浴等服务进社区，进一步提升服务质量。
（三）加强运营管理。鼓励引入专业机构运营，健全服务标准和收费管理制度。
三、保障措施
各地区、各部门要加强组织领导，强化要素保障，确保各项任务落到实处。
"""

PLAN = """青川县2026年农村供水保障实施方案
为提升农村供水保障水平，结合我县实际，制定本方案。
一、主要任务
（一）改造老旧管网。2026年9月底前完成老旧供水管网改造120公里。（县水利局牵头，各乡镇配合）
（二）建设水质检测站。2026年6月底前建成乡镇水质检测站8个。（县卫健局牵头）
（三）加强水源保护。2026年10月底前划定农村集中式水源保护区30处。（县生态环境分局牵头）
（四）提升运维水平。进一步加强供水工程日常管护。
二、保障措施
（一）加强组织领导。县水利局每季度调度一次工作进展。（县水利局牵头）
"""


def kind(text: str) -> tuple[str, str]:
    result = check_document(Document(text))
    return result.kind, result.kind_reason




def test_government_work_report_is_its_own_kind():
    name, reason = kind(GWR)
    assert name == "政府工作报告"
    assert "政府工作报告" in reason and "各位代表" in reason


def test_government_work_report_asks_for_no_problems_or_next_steps_section():
    assert rcheck.lint(GWR, select=["S101"]) == []


def test_government_work_report_results_and_plans_are_not_faulted():
    """下降51%, 完成…, 过去一年: results; and its plan part sets policy, not owners or dates."""
    assert rcheck.lint(GWR, select=["C", "G"]) == []


def test_one_plan_like_heading_does_not_make_a_report_a_plan():
    text = ("青川县林业局2025年工作情况\n一、主要工作\n全年完成造林1.2万亩。\n二、重点任务\n"
            "森林防火形势平稳。\n")
    assert kind(text)[0] != "工作要点/实施方案"


def test_opinion_is_its_own_kind_with_its_title_on_two_lines():
    name, reason = kind(OPINION)
    assert name == "意见"
    assert "社区嵌入式服务设施建设的意见" in reason


def test_opinion_measures_are_policy_not_faulted_commitments():
    assert rcheck.lint(OPINION, select=["C", "S101"]) == []


def test_notice_issuing_a_plan_is_read_as_the_plan():
    text = ("青川县人民政府办公室关于印发\n青川县2026年农村供水保障实施方案的通知\n"
            "各乡镇人民政府，县直各部门：\n现将《青川县2026年农村供水保障实施方案》印发给你们，请认真贯彻执行。\n")
    assert kind(text)[0] == "工作要点/实施方案"


def test_plain_notice_and_speech():
    notice = ("青川县教育局关于做好2026年春季开学工作的通知\n各中小学：\n现将有关事项通知如下。\n"
              "一、做好校园安全排查\n")
    assert kind(notice)[0] == "通知"
    speech = ("在全县安全生产工作会议上的讲话\n同志们：\n今天召开这次会议，主要任务是部署全年安全生产工作。"
              "下面，我讲三点意见。\n")
    assert kind(speech)[0] == "讲话"


def test_unknown_kind_asks_for_no_sections():
    text = "青川县档案馆工作情况\n一、馆藏建设\n全年接收档案1.3万卷。\n二、利用服务\n接待查档860人次。\n"
    result = check_document(Document(text))
    assert result.kind == "通用工作报告"
    assert [f for f in result.findings if f.code == "S101"] == []


def test_plan_with_owners_is_a_plan_and_its_faults_are_still_found():
    name, _ = kind(PLAN)
    assert name == "工作要点/实施方案"
    found = rcheck.lint(PLAN, select=["C"])
    faulted = {(f.code, f.severity) for f in found if f.excerpt.startswith("进一步加强供水工程")}
    # The one vague, ownerless, undated measure of a plan that otherwise names owners and dates.
    assert faulted == {("C101", "info"), ("C102", "warning"), ("C103", "warning")}
    # Measures with a target, an owner and a deadline are not faulted.
    assert not any("改造老旧管网" in f.excerpt or "建设水质检测站" in f.excerpt for f in found)


def test_explain_kind_says_why(tmp_path):
    from click.testing import CliRunner

    from rcheck.cli import main

    path = tmp_path / "gwr.txt"
    path.write_text(GWR, encoding="utf-8")
    out = CliRunner().invoke(main, ["lint", "--explain-kind", "--select", "S101", str(path)]).output
    assert "政府工作报告" in out and "各位代表" in out


def test_missing_part_after_a_lead_in_line_points_at_that_line():
    text = ("青川小学关于校园用电安全的自查报告\n根据县教育局部署，我校开展了用电安全专项自查。\n"
            "1、查线路：\n教学楼线路已全部更换为铜芯线。\n2、查设备：\n各教室空调均已年检。\n"
            "存在隐患：\n旧食堂仍有一处私拉电线，已报请维修。\n青川小学\n2026年7月10日\n")
    got = rcheck.lint(text, select=["S101"])
    assert [(f.excerpt, "整改措施" in f.message) for f in got] == [("存在隐患：", True)]


def test_short_excerpt_without_headings_is_not_missing_its_parts():
    """A page's preview: the start of a summary, cut off before its later parts."""
    text = ("青川县人民医院2025年工作总结和2026年工作计划\n2025年，医院门急诊量达到126万人次，"
            "同比增长6.2%，出院患者4.3万人次，平均住院日降至7.1天，药占比降至26.8")
    assert rcheck.lint(text, select=["S101"]) == []


HERITAGE_PLAN = """青川县2026年非遗保护实施方案
一、主要任务
（一）推进申报工作。县文旅局联合国教科文组织驻华代表处举办非遗保护培训班，2026年10月底前完成。
（二）建设传习所。2026年9月底前建成非遗传习所3个。（县文旅局牵头）
（三）开展非遗进校园。每学期开展非遗进校园活动不少于10场。（县教育局牵头，县文旅局配合）
（四）完善评价机制。2026年12月底前完善政府、行业、学校共同参与的保护评价机制。（县文旅局牵头）
"""


def test_names_cut_out_of_a_longer_word_are_not_units():
    """联合 inside 联合国教科文组织 is not "jointly with": no co-only 国教科文组… unit."""
    found = rcheck.lint(HERITAGE_PLAN, select=["G"])
    assert not any("国教科文" in f.message or "完善政府" in f.message for f in found)


def test_division_of_labour_is_judged_only_where_the_draft_assigns_work():
    """An 意见 naming a co-operating unit once is not a task allocation to judge."""
    text = OPINION.replace("鼓励引入专业机构运营", "市民政局会同市财政局鼓励引入专业机构运营")
    assert rcheck.lint(text, select=["G"]) == []
    # A plan that does assign work still has its co-only unit pointed out.
    found = rcheck.lint(PLAN.replace("（县卫健局牵头）", "（县卫健局牵头，县财政局配合）"), select=["G102"])
    assert [f.excerpt for f in found] == ["县财政局"]


def test_a_known_unit_of_another_level_is_not_a_typo():
    text = PLAN.replace("（县卫健局牵头）", "（市民政局牵头）")
    assert rcheck.lint(text, select=["G103"]) == []
    typo = PLAN.replace("县卫健局", "县卫建局")
    assert [f.excerpt for f in rcheck.lint(typo, select=["G103"])] == ["县卫建局"]


def test_government_work_report_known_by_its_body_when_the_title_is_lost():
    body = GWR.split("\n", 3)[3]  # the scrape kept neither title nor subtitle
    assert kind(body)[0] == "政府工作报告"
    audit = ("青川市人民政府关于2025年度审计查出问题整改情况的报告\n市人民代表大会常务委员会：\n"
             "现将整改情况报告如下，请予审议。\n一、整改工作开展情况\n已整改问题86个。\n")
    assert kind(audit)[0] != "政府工作报告"


def test_plan_issued_to_other_bodies_sets_policy_not_numbers():
    issued = PLAN.replace("为提升农村供水保障水平", "各乡镇人民政府，县直各部门：\n为提升农村供水保障水平")
    assert [f for f in rcheck.lint(issued, select=["C101"])] == []
    assert [f.code for f in rcheck.lint(PLAN, select=["C101"])] == ["C101"]


def test_report_to_a_superior_keeps_advice_on_its_next_steps():
    text = ("青川县林业局2025年工作总结\n县人民政府：\n一、主要工作\n全年完成造林1.2万亩。\n"
            "二、存在的问题\n管护力量不足。\n三、下一步工作打算\n进一步加强森林资源管护，提升护林员巡护能力。\n")
    assert [(f.code, f.severity) for f in rcheck.lint(text, select=["C"])] == [("C101", "info")]


def test_a_plans_account_of_past_results_is_not_a_commitment():
    """工作基础 and 过去一年 sentences report what was done; the measures after them are checked."""
    basis = ("一、工作基础\n全县建成千吨万人供水工程12处，农村供水保障能力持续提升。\n"
             "过去一年，全县新改建供水管网86公里，供水水质稳步向好，运维管理更加规范。\n二、主要任务\n")
    text = PLAN.replace("一、主要任务\n", basis)
    found = rcheck.lint(text, select=["C"])
    assert not any("千吨万人" in f.excerpt or "过去一年" in f.excerpt for f in found)
    assert {f.code for f in found if f.excerpt.startswith("进一步加强供水工程")} == {"C101", "C102", "C103"}


def test_an_audience_is_not_an_addressee():
    from rcheck.facts.templates import addressed
    from rcheck.text.script import simplified_text

    assert not addressed(Document(GWR), simplified_text(GWR))
    assert addressed(Document(OPINION), simplified_text(OPINION))


def test_addressee_line_and_publication_note_are_not_commitments():
    from rcheck.extract import extract_commitments

    text = ("青川县人民政府办公室关于印发青川县2026年重点工作任务分解的通知\n各乡镇人民政府，县直各部门：\n"
            "现将《青川县2026年重点工作任务分解》印发给你们，请认真抓好落实。\n（此件公开发布）\n一、重点任务\n"
            "（一）新建农村公路50公里，2026年10月底前完成。（县交通运输局牵头）\n")
    assert [c.text[:8] for c in extract_commitments(Document(text))] == ["（一）新建农村公"]


def test_items_numbered_inside_one_sentence_are_measures_of_their_own():
    text = ("青川镇2026年项目建设工作方案\n一、工作目标\n2026年项目建设的目标如下：1.加快推进集镇道路改造，"
            "提升通行能力；2.加强农村人居环境整治，改善村容村貌；3.新建便民服务站2个。\n")
    found = rcheck.lint(text, select=["C101"])
    assert [f.excerpt[:6] for f in found] == ["1.加快推进", "2.加强农村"]


def test_plan_tasking_all_regions_and_departments_is_issued_to_others_without_its_addressee():
    tasking = "二、保障措施\n各地区、各部门要加强统筹协调，确保各项任务落地见效。\n"
    text = PLAN.replace("二、保障措施\n", tasking)
    assert [f for f in rcheck.lint(text, select=["C101"])] == []


def test_head_of_a_page_cut_off_mid_sentence_is_not_missing_its_later_parts():
    head = ("青川镇2025年工作总结\n一、主要工作\n（一）产业发展稳步推进。全镇新建蔬菜大棚120个，"
            "带动农户增收300余万元，同时\n")
    assert rcheck.lint(head, select=["S101"]) == []
    assert rcheck.lint(head + "阅读全文请先登录\n", select=["S101"]) == []
    finished = head.replace("同时\n", "成效明显。\n")
    assert len(rcheck.lint(finished, select=["S101"])) == 2


def test_government_work_report_problems_paragraph_is_found_as_a_paragraph():
    from rcheck.facts.templates import load_templates, match_sections
    from rcheck.lexicon import load_lexicon

    matches = match_sections(Document(GWR), load_templates(load_lexicon())["gwr"])
    found = {m.section.key: m.candidate.text for m in matches if m.candidate}
    assert "清醒看到" in found["problems"] and "重点工作" in found["plan"]


def test_issued_plan_with_its_period_after_the_name():
    text = ("青川市人民政府关于印发青川市农村供水提质三年行动方案（2026—2028年）的通知\n各区县人民政府：\n"
            "现将《青川市农村供水提质三年行动方案（2026—2028年）》印发给你们，请认真贯彻执行。\n")
    assert kind(text)[0] == "工作要点/实施方案"


def test_all_units_of_a_class_own_their_measure_and_a_title_line_is_not_one():
    text = PLAN.replace("二、保障措施\n", "二、保障措施\n各乡镇也要落实管护责任，确保工程长期发挥效益。\n")
    assert not any("各乡镇也要" in f.excerpt for f in rcheck.lint(text, select=["C102"]))
    from rcheck.extract import extract_commitments

    long_title = "青川县2026年农村供水保障和水质提升三年攻坚工作实施方案"
    titled = "当前位置：首页\n" + PLAN.replace("青川县2026年农村供水保障实施方案", long_title)
    assert not any(c.text.startswith("青川县2026年") for c in extract_commitments(Document(titled)))


def test_plan_issued_to_other_bodies_gets_advice_on_owners_and_dates_not_warnings():
    issued = PLAN.replace("为提升农村供水保障水平", "各乡镇人民政府，县直各部门：\n为提升农村供水保障水平")
    found = rcheck.lint(issued, select=["C102", "C103"])
    assert {(f.code, f.severity) for f in found} == {("C102", "info"), ("C103", "info")}


def test_plan_kinds_are_template_data():
    from rcheck.facts.templates import load_templates
    from rcheck.lexicon import load_lexicon

    assert {k for k, t in load_templates(load_lexicon()).items() if t.plan} == {"plan"}


def test_section_matching_without_numpy_chooses_as_the_matrices(samples, monkeypatch):
    """A short draft's sections are matched by a call per pair (no numpy import on a cold run);
    the choices are the matrices' on every sample, long or short."""
    from rcheck.facts import templates
    from rcheck.lexicon import load_lexicon
    from rcheck.text.readers import load

    all_templates = templates.load_templates(load_lexicon())
    assert all_templates
    for path in sorted(samples.glob("*.txt")):
        doc = load(path)
        for name, template in all_templates.items():
            monkeypatch.setattr(templates, "_small", lambda pairs: True)
            by_pair = templates.match_sections(doc, template)
            monkeypatch.setattr(templates, "_small", lambda pairs: False)
            by_matrix = templates.match_sections(doc, template)
            assert by_pair == by_matrix, (path.name, name)


def test_cold_lint_of_a_short_draft_does_not_import_numpy(samples):
    import subprocess
    import sys

    code = ("import pathlib, sys, rcheck; found = rcheck.lint(pathlib.Path(sys.argv[1])); "
            "print(any(f.code == 'S101' for f in found), 'numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(samples / "diff-v1.txt")], capture_output=True,
                         text=True, timeout=120, check=True).stdout.split()
    assert out == ["True", "False"]
