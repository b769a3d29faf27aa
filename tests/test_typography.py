from __future__ import annotations

import pytest

import rcheck


def hits(text: str, code: str) -> list[rcheck.Finding]:
    return rcheck.lint(text, select=[code])


@pytest.mark.parametrize("text,count", [
    ("自 2021 年以来，累计召开 12 次室务会。", 4),
    ("一是 完善领导机制。", 1),
    ("对25 个乡镇开展督查。", 1),
    ("压实责任。 始终坚持党管意识形态原则。", 1),
    ("作为县委的 “坚强前哨”。", 1),
    ("加强组织领导。   ", 1),
])
def test_stray_space(text, count):
    found = hits(text, "T101")
    assert len(found) == count
    assert all(f.suggestion == "" for f in found)


@pytest.mark.parametrize("text", [
    "    全年开展专题学习20次。",
    "\u3000\u3000全年开展专题学习20次。",
    "升级Windows 11系统，部署Office 2021套件。",
])
def test_no_stray_space(text):
    assert hits(text, "T101") == []


def test_halfwidth_punctuation_each_with_fix():
    text = "经研究,决定开展督查(为期一周);时间:3月." # halfwidth-ok
    found = hits(text, "T102")
    assert [(f.excerpt, f.suggestion) for f in found] == [
        (",", "\uff0c"), ("(为期一周)", "\uff08为期一周\uff09"), (";", "\uff1b"), (":", "\uff1a"),
        (".", "。")]


@pytest.mark.parametrize("text", [
    "投入资金66.5万元，14:30召开会议，共1,000人参加。",
    "1.抓好集中学习。",
    "访问www.example.gov.cn了解详情。",
])
def test_halfwidth_exemptions(text):
    assert hits(text, "T102") == []


def test_converted_draft_gets_one_summary_finding():
    body = "加强组织领导,压实工作责任,推动工作落实。" * 12  # halfwidth-ok
    found = hits(body + "\n开展学习(共20次).", "T102")  # halfwidth-ok
    assert len(found) == 1
    assert "全文共有" in found[0].message and "半角逗号 24 处" in found[0].message


@pytest.mark.parametrize("text,excerpts", [
    ("严格落实“第一议题制度。", ["“"]),
    ("学习《实施办法。", ["《"]),
    ("开展专项督查）。", ["\uff09"]),
    ("开展“学习强国“答题活动。", ["“"]),
    ("“学习‘四个意识’”活动】。", ["】"]),
])
def test_unbalanced_pairs(text, excerpts):
    assert [f.excerpt for f in hits(text, "T103")] == excerpts


@pytest.mark.parametrize("text", [
    "增强“四个意识”、坚定“四个自信”、做到“两个维护”。",
    "《党委（党组）意识形态工作责任制实施办法》。",
    "党委(党组)意识形态工作(含网络)。",  # halfwidth-ok: mixed widths still pair
])
def test_balanced_pairs(text):
    assert hits(text, "T103") == []


def test_fullwidth_alnum():
    found = hits("２０２５年完成ＡＢ类项目12个。", "T104")
    assert [(f.excerpt, f.suggestion) for f in found] == [("２０２５", "2025"), ("ＡＢ", "AB")]


@pytest.mark.parametrize("text,excerpt,suggestion", [
    ("加强组织领导\uff0c\uff0c压实责任。", "\uff0c\uff0c", "\uff0c"),
    ("加强组织领导,,压实责任。", ",,", ","),
    ("压实责任。。", "。。", "。"),
    ("学习、、宣传。", "、、", "、"),
    ("压实责任\uff0c。", "\uff0c。", None),
])
def test_repeated_punctuation(text, excerpt, suggestion):
    found = hits(text, "T105")
    assert [(f.excerpt, f.suggestion) for f in found] == [(excerpt, suggestion)]


def test_ellipsis_and_dash_are_not_repeats():
    assert hits("学习、宣传、培训……持续推进——久久为功。", "T105") == []


@pytest.mark.parametrize("text", [
    "指标名称\t定量\t计算方法：按季度统计。",            # tab-separated table cells
    "1.1\u3000编制目的\n2.1.1 指挥部职责\n1\u3000总则",  # section numbers and their space
    "第一章\u3000总则",
    "县人民政府县长 某某某\n各位代表：",                  # a byline
    "自治区主席 某 某",
    "工 作 报 告",                                          # letter-spaced title
    "工作方案 专项整治工作方案 环境整治实施方案",          # a line of tag links
    "序号\t主 要 内 容\t牵头单位",
    "打响“好品乡村 乐业家园”品牌。",                      # a slogan of two halves
    "中共某区委办公室 某区人民政府办公室印发《通知》。",
    "为贯彻落实《中共中央 国务院关于乡村振兴的意见》。",
    "某县人民政府办公室     \n2025年5月20日 ",            # signature and date lines
    "计算方法：完成数/计划数×100%。 指标来源：统计报表。\t定量",
])
def test_layout_is_not_a_stray_space(text):
    assert hits(text, "T101") == []


def test_flattened_line_breaks_are_layout_but_pdf_spaces_are_not():
    flattened = "某镇2025年工作总结 一年来，我镇扎实推进各项工作。 一、主要成效 全年完成投资3亿元。"
    assert hits(flattened, "T101") == []
    pdf = "一年来，我镇扎实推进各项工作。 一、主要成效 全年完成投 资3亿元。"
    assert len(hits(pdf, "T101")) == 3


@pytest.mark.parametrize("text,count", [
    ("今年以来, XX社区党委坚持问题导向。", 1),   # halfwidth-ok: after a half-width comma
    ("1. 经济发展", 1),
    ("一、 总体要求", 1),
])
def test_stray_spaces_real_drafts_have(text, count):
    assert len(hits(text, "T101")) == count


def test_ascii_double_quotes_one_by_one_even_in_a_converted_draft():
    body = "加强组织领导,压实工作责任,推动工作落实。" * 12  # halfwidth-ok
    text = body + '\n深入落实"三件大事",全面做好"六稳"工作。'  # halfwidth-ok
    quotes = [(f.excerpt, f.suggestion) for f in hits(text, "T102") if f.excerpt == '"']
    assert quotes == [('"', "“"), ('"', "”"), ('"', "“"), ('"', "”")]


def test_an_unpaired_ascii_quote_gets_no_guessed_side():
    found = [f for f in hits('发展"合作社+基地模式。', "T102") if f.excerpt == '"']  # halfwidth-ok
    assert len(found) == 1 and found[0].suggestion is None


def test_stray_question_mark_is_debris_but_a_question_is_not():
    body = "加强组织领导,压实工作责任,推动工作落实。" * 12  # halfwidth-ok
    tail = "\n推进存在问题整改?,现将情况报告如下。\n如何写好方案呢?我们认为要抓重点。"  # halfwidth-ok
    found = hits(body + tail, "T102")
    stray = [f for f in found if f.excerpt == "?"]
    assert len(stray) == 1 and "乱码" in stray[0].message


def test_inner_title_marks_in_halfwidth():
    found = hits("将《<市政府工作报告>重点任务清单》转发各单位。", "T102")  # halfwidth-ok
    assert [(f.excerpt, f.suggestion) for f in found] == [("<", "〈"), (">", "〉")]


@pytest.mark.parametrize("text,excerpt,suggestion", [
    ("切实把“三项机制〞贯穿工作全过程。", "〞", "”"),
    ("学习《关于印发〈实施办法》的通知》。", "》", "〉"),
    ("锚定'两个确保“，围绕中心工作。", "“", "”"),
])
def test_mismatched_pairs_are_one_finding(text, excerpt, suggestion):
    found = hits(text, "T103")
    assert [(f.excerpt, f.suggestion) for f in found] == [(excerpt, suggestion)]


@pytest.mark.parametrize("text", [
    "开展〝书香机关〞创建活动。",
    "学习《关于印发〈实施细则〉的通知》。",
    "全年工作扎实推进。\n组织召开了全区“五一",  # the excerpt is cut at the end
    "全年工作扎实推进。\n依托全国一体化算力网络国家(贵州",  # halfwidth-ok
])
def test_pairs_closed_or_cut_off(text):
    assert hits(text, "T103") == []


def test_question_mark_debris_is_not_also_repeated_punctuation():
    assert hits("新增2个学科进入前1?。", "T105") == []


def test_breadcrumb_separators_and_two_inner_titles():
    assert hits("首页 > 工作报告 > 整改报告", "T101") == []
    found = hits("印发《关于<甲办法>和<乙办法>的通知》。", "T102")
    assert [f.suggestion for f in found] == ["〈", "〉", "〈", "〉"]


def test_a_sentence_broken_across_paragraphs():
    found = hits("从三个乡镇督查情况来看，\n\n三个乡镇普遍做得较好。\n一、主要做法\n", "T101")
    assert [(f.line, "断行" in f.message) for f in found] == [(1, True)]
    assert hits("各单位要高度重视，\n一、加强领导\n", "T101") == []
