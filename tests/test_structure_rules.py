from __future__ import annotations

import pytest

import rcheck
from rcheck.text.readers import load


def found(text: str, code: str) -> list[rcheck.Finding]:
    return rcheck.lint(text, select=[code])


REPORT = ("关于2025年度落实意识形态工作责任制情况的报告\n一、主要做法和成效\n全年开展专题学习20次。\n"
          "{middle}")


@pytest.mark.parametrize("middle,missing", [
    ("二、存在的问题和不足\n学习不够深入。\n三、下一步工作打算\n持续加强。", []),
    ("二、问题与不足\n学习不够深入。\n三、今后工作打算\n持续加强。", []),
    ("二、存在不足\n学习不够深入。\n三、下一步打算\n持续加强。", []),
    ("二、下一步工作打算\n持续加强。", ["存在的问题和不足"]),
    ("二、存在的问题\n学习不够深入。", ["下一步工作打算"]),
    ("", ["存在的问题和不足", "下一步工作打算"]),
])
def test_missing_sections(middle, missing):
    got = found(REPORT.format(middle=middle), "S101")
    assert [f.message.split("”")[0].split("“")[1] for f in got] == missing


def test_template_forced_and_kind_detected(samples):
    doc = load(samples / "clean-report.txt")
    from rcheck.linter import check_document

    result = check_document(doc)
    assert result.kind == "意识形态工作责任制落实情况报告" and "标题" in result.kind_reason
    forced = check_document(doc, rcheck.Config(template="rectification"))
    assert forced.kind == "整改情况报告"
    assert any(f.code == "S101" for f in forced.findings)


@pytest.mark.parametrize("text,expected", [
    ("一、做法\n正文。\n三、问题\n正文。", ["“三、”跳号"]),
    ("一、做法\n（一）领导。\n（二）机制。\n（一）督查。", ["“（一）”重新开始"]),
    ("一、做法\n（二）领导。\n正文。", ["“（二）”前面缺少“（一）”"]),
    ("一、做法\n（一）领导。\n二、问题\n（一）学习。\n（二）阵地。", []),
    ("一、做法\n1.领导。\n2.机制。\n3.督查。\n二、问题\n正文。", []),
])
def test_heading_sequence(text, expected):
    got = [f.message for f in found(text, "S102")]
    assert len(got) == len(expected)
    for message, part in zip(got, expected, strict=True):
        assert part.split("”")[0] in message and part.split("”")[-1] in message


def test_orphan_and_duplicate_and_empty():
    assert [f.excerpt for f in found("（一）领导。\n一、做法\n（一）机制。", "S103")] == ["（一）"]
    dup = found("一、加强组织领导\n正文。\n二、加强组织领导\n正文。", "S105")
    assert len(dup) == 1 and "第 1 行" in dup[0].message
    empty = found("一、做法\n二、问题\n正文。", "S106")
    assert len(empty) == 1 and empty[0].line == 1
    assert found("一、做法\n（一）领导。\n正文。", "S106") == []
    assert len(found("工作中，一是；二是加强督查。", "S106")) == 1


@pytest.mark.parametrize("text,count", [
    ("一是完善机制。三是加强督查。", 1),
    ("二是完善机制。", 1),
    ("一是完善机制。二是压实责任。三是加强督查。", 0),
    ("一、做法\n一是完善。二是压实。\n二、问题\n一是学习不深。二是阵地有短板。", 0),
    ("第一，加强学习。第三，完善制度。", 1),
    ("坚持统一是前提，一是完善。二是压实。", 0),
])
def test_enumeration_sequence(text, count):
    assert len(found(text, "S104")) == count


def test_clean_sample_has_no_structure_findings(samples):
    doc = load(samples / "clean-report.txt")
    assert rcheck.lint(doc, select=["S"]) == []
    assert any(h.run_in for h in doc.headings) and doc.enumerations


@pytest.mark.parametrize("text,excerpts", [
    ("深入学习总书记总书记关于意识形态工作的重要论述。", ["总书记"]),
    ("认真对照对照检查。", ["对照"]),
    ("传达学习上级指示指示精神。", ["指示"]),
    ("县委、县政府和党委、党委班子成员。", ["、党委"]),
    ("把意识形态工作意识形态工作摆在首位。", ["意识形态工作"]),
    ("层层压实责任，人人参与，常常反思，天天学习，一一整改，研究研究再定，讨论讨论，干干净净。", []),
    ("管好用好阵地，阵地建设持续加强。", []),
])
def test_repeated_word(text, excerpts):
    got = found(text, "W101")
    assert [f.excerpt for f in got] == excerpts
    assert all(f.suggestion == "" for f in got)


def test_seed_001_structure(seeds):
    got = rcheck.lint(load(seeds / "001_f1e7f6d075824347.txt"), select=["S"])
    assert [f.code for f in got] == ["S101", "S101"]
    assert "存在的问题" in got[0].message and "下一步" in got[1].message


def test_seed_000_wording_and_cut(seeds):
    doc = load(seeds / "000_9331296b0d1ebd3e.txt")
    got = rcheck.lint(doc, select=["W101", "S102"])
    doubled = [f for f in got if f.code == "W101"]
    assert len(doubled) == 2 == doc.text.count("总书记总书记")
    assert all(f.excerpt == "总书记" for f in doubled)
    renumbered = [f for f in got if f.code == "S102"]
    assert len(renumbered) == 1 and "网页截断" in renumbered[0].message


def test_plan_items_numbered_straight_through_are_not_a_restart():
    text = ("县域商业建设实施方案\n一、完善网络\n1.建设乡镇商贸中心，年内建成5个。\n2.改造农贸市场3个。\n"
            "二、培育主体\n3.培育龙头企业2家。\n4.发展电商企业10家。\n三、强化保障\n1.加强组织领导，每季度调度一次。\n")
    found = [f for f in rcheck.lint(text, select=["S102", "S106"])]
    # 3. continues 2. across 二、: accepted; 1. under 三、 restarts: also accepted.
    assert found == []
    skipped = "实施方案\n一、完善网络\n1.建设乡镇商贸中心，年内建成5个。\n二、培育主体\n3.培育龙头企业2家。\n"
    assert [f.code for f in rcheck.lint(skipped, select=["S102"])] == ["S102"]


def test_traditional_headings_match_their_template():
    text = ("縣文旅局2025年工作總結\n一、主要工作及成效\n全年接待遊客386萬人次。\n二、存在的問題\n"
            "文旅融合不夠深入。\n三、下一步工作打算\n持續擴大文旅消費。\n")
    assert [f for f in rcheck.lint(text, select=["S101"])] == []


def _codes(text: str, code: str) -> list[rcheck.Finding]:
    return rcheck.lint(text, select=[code])


def test_numbering_restarts_after_a_decimal_section_or_an_annex():
    text = ("2.1.1　指挥部职责\n（1）掌握形势。\n（2）提出建议。\n"
            "2.1.2　办公室职责\n（1）收集信息。\n（2）上报情况。\n")
    assert _codes(text, "S102") == []
    annex = "一、总体要求\n二、主要任务\n三、保障措施\n附件\n一、组织领导\n二、责任分工\n"
    assert _codes(annex, "S102") == []
    lead_in = "一、工作要求\n（1）加强领导。\n（2）压实责任。\n请示应当包括以下内容：\n（1）动用品种。\n"
    assert _codes(lead_in, "S102") == []


def test_table_rows_are_not_headings():
    text = ("一、工作目标\n（一）主要指标\n序号\t指标\t说明\n"
            "一、质量\t（一）功能定位\t定量\n2.下转人次\t定量\t统计\n")
    assert _codes(text, "S102") == []


def test_a_title_line_written_twice():
    text = "某镇2025年重点工作安排\n时间：2025-03-01\n某镇2025年重点工作安排\n（一）抓好换届工作。\n"
    found = _codes(text, "S105")
    assert len(found) == 1 and found[0].line == 3
    flattened = "某镇2025年环境整治实施方案\n\n某镇2025年环境整治实施方案 一、总体要求 为改善人居环境。\n"
    assert [f.line for f in _codes(flattened, "S105")] == [3]
    assert _codes("某镇2025年环境整治实施方案\n某镇2025年环境整治实施方案的制定依据如下。\n", "S105") == []


def test_a_bare_shi_where_the_numeral_was_lost():
    text = "一、主要成效\n  一是防控精准高效。\n  是发展动能不断集蓄。\n  是城乡品质稳步提升。\n"
    assert [f.message[-6:] for f in _codes(text, "S104")] == ["应为“二是”", "应为“三是”"]


def test_an_excerpt_that_starts_mid_document_has_no_orphan():
    text = "（二）自查阶段（7月）。\n各地自查。\n五、工作要求\n（一）加强领导。\n"
    assert _codes(text, "S103") == []


def test_a_list_item_ending_with_a_semicolon_is_not_an_empty_section():
    text = "一、奖励\n有下列表现之一的，给予表彰：\n（1）出色完成任务的；\n（2）提出重要建议的。\n"
    assert _codes(text, "S106") == []


def test_an_excerpt_cut_mid_document_at_either_end():
    text = ("（二）自查阶段（7月）。\n各地自查。\n（三）整治阶段。\n全面整治。\n"
            "五、保障措施\n（一）加强领导。\n压实责任。\n")
    assert _codes(text, "S103") == [] and _codes(text, "S102") == []
    assert _codes("一、主要成效\n全年完成投资3亿元。\n二、加强思想政治建设\n", "S106") == []
