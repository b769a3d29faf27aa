from __future__ import annotations

import time

import pytest

import rcheck


def d101(text: str) -> list[str]:
    return [f.excerpt for f in rcheck.lint(text, select=["D101"])]


@pytest.mark.parametrize("line,expected", [
    ("更新时间：2025-12 来源：网友投稿", ["更新时间：2025-12", "来源：网友投稿"]),
    ("---此处隐藏8374字，下载后查看---", ["---此处隐藏8374字，下载后查看---"]),
    ("最新推荐", ["最新推荐"]),
    ("第 1 页 共 4 页", ["第 1 页 共 4 页"]),
    ("打印本页 关闭窗口", ["打印本页", "关闭窗口"]),
    ("首页 > 范文大全 > 述职报告", ["首页 > 范文大全 > 述职报告"]),
    ("当前位置：首页>工作总结", ["当前位置：首页>工作总结"]),
    ("点击下载完整版", ["点击下载"]),
    ("原文链接 https://example.com/a/1.html", ["https://example.com/a/1.html"]),
])
def test_debris_found(line, expected):
    text = f"关于工作情况的报告\n{line}\n现将有关情况报告如下。"
    assert d101(text) == expected


@pytest.mark.parametrize("text", [
    "资金来源主要是县级财政，来源稳定。",
    "严格按照会议要求，推荐优秀干部3名，编辑出版学习资料。",
    "建立信息来源核查机制，对作者身份进行核实，并通过发布会发布时间表。" * 3,
])
def test_ordinary_sentences_are_not_debris(text):
    assert d101(text) == []


def test_cut_message_names_the_cut():
    found = rcheck.lint("正文。\n---此处隐藏8374字，下载后查看---\n（一）后文。", select=["D101"])
    assert len(found) == 1 and "8374" in found[0].message and found[0].severity == "error"


# Hostile shapes: runs of one character that a pattern starting with `\s*` or `[-—]*` would
# rescan from each of their positions (200 KB of blank lines took 32 s).
HOSTILE = ["\n", " ", "\u3000", "-", "-\n", " \n", "…", "报告", "第", "<p ", "1"]


@pytest.mark.parametrize("unit", HOSTILE)
def test_debris_scan_is_bounded_on_long_runs(unit):
    from rcheck.facts.debris import find_debris
    from rcheck.lexicon import load_lexicon

    text = "正文开头。" + unit * (200_000 // len(unit)) + "此处隐藏120字\n正文结尾。"
    started = time.perf_counter()
    found = find_debris(text, load_lexicon(()))
    # A hang guard, not a speed test (that is benchmarks/test_debris_speed.py): the quadratic
    # rescan took 32 s where a linear one takes a fraction of a second.
    assert time.perf_counter() - started < 20.0
    assert any("此处隐藏120字" in text[s:e] for s, e, _ in found)


@pytest.mark.parametrize("draft,expected", [
    # page chrome above the draft: site, breadcrumb, repeated title, metadata bar, toolbar
    ("示范文库网\n首页 > 公文范文 > 工作总结\n\n镇机关2025年工作总结\n\n发布时间:2025-12-01 浏览次数:\n"
     "镇机关2025年工作总结\n2025年，镇机关坚持稳中求进，扎实推进各项工作，现总结如下。",
     ["示范文库网", "首页 > 公文范文 > 工作总结", "镇机关2025年工作总结", "发布时间:2025-12-01",
      "浏览次数:"]),
    ("索 引 号：00123/2025-001 主题分类：综合政务\n文 号：县政办〔2025〕8号\n"
     "县政府办公室关于做好防汛工作的通知\n各乡镇人民政府，县直各部门：现将有关事项通知如下。",
     ["索 引 号：00123/2025-001 主题分类：综合政务", "文 号：县政办〔2025〕8号"]),
    ("2025-06-03 10:12:45 公文素材网\n社区党支部上半年工作总结\n"
     "上半年，社区党支部围绕中心、服务大局，各项工作稳步推进。",
     ["2025-06-03 10:12:45 公文素材网"]),
    # a template site's words and title suffixes
    ("下面是小编为大家整理的社区工作总结，供大家参考。\n社区工作总结范文（精选3篇）\n篇一：社区工作总结\n"
     "今年以来，社区坚持党建引领，推进网格治理，群众满意度稳步提高。",
     ["下面是小编为大家整理的社区工作总结，供大家参考。", "范文（精选3篇）", "篇一："]),
    # cut and member notices, wherever they stand
    ("全县推进老旧小区改造，完成改造项目12个。\n仅展示320字，全文共2600字\n（阅读全部图文内容，您需要先登录！）",
     ["仅展示320字，全文共2600字", "（阅读全部图文内容，您需要先登录！）"]),
    # inline debris: pinyin annotations of a Traditional page, HTML tags, spam
    ("推進產業發(fā)展，加強環(huán)境保護。", ["(fā)", "(huán)"]),
    ("</p> <p class=\"ql-block\">一是加强组织领导。</p>", ["</p> <p class=\"ql-block\">", "</p>"]),
    ("全面推进bet365体育_365bet官网依法行政工作。", ["bet365体育_365bet官网"]),
    # a page description: the title and the opening run together and cut, above them in full
    ("村级集体经济发展情况汇报今年以来，我村坚持党建引领，盘活闲置资源，发展壮大\n村级集体经济发展情况汇报\n"
     "今年以来，我村坚持党建引领，盘活闲置资源，发展壮大村级集体经济，现汇报如下。",
     ["村级集体经济发展情况汇报今年以来，我村坚持党建引领，盘活闲置资源，发展壮大"]),
    # a site's tag links above the draft, and an aggregator's line introducing it
    ("安全生产工作方案 防汛工作方案\n，日前，某县应急管理局发布关于汛期安全检查情况的通报，详情如下：\n"
     "各乡镇、各有关单位：现将汛期安全检查情况通报如下。",
     ["安全生产工作方案 防汛工作方案", "，日前，某县应急管理局发布关于汛期安全检查情况的通报，详情如下："]),
    # a site's footer, an edition tag, an HTML entity, a preview's end
    ("全镇完成人居环境整治任务。\n感谢您的阅读！\n示例网 版权所有 浙ICP备12345678号-1",
     ["感谢您的阅读！", "示例网 版权所有 浙ICP备12345678号-1"]),
    ("【精品】社区党建工作总结\n今年以来，社区党委认真落实&nbsp;“三会一课”制度，剩余1200字未显示",
     ["【精品】", "&nbsp;", "剩余1200字未显示"]),
    # a document viewer's page chunks from the first one; a notice lengthened by pinyin
    ("1、社区年度工作总结 今年以来，社区坚持党建引领，扎实推进网格化管理，"
     "持续改善居住环境，群众满意度进一步提升，各项\n"
     "2、工作取得新成效。",
     ["1、", "2、"]),
    ("版權(quán)說(shuō)明：本文檔由用戶(hù)提供並上傳，收益歸屬內(nèi)容提供方，若侵權(quán)請(qǐng)舉報(bào)\n"
     "推進鄉村振興，加強基層治理。",
     ["版權(quán)說(shuō)明：本文檔由用戶(hù)提供並上傳，收益歸屬內(nèi)容提供方，若侵權(quán)請(qǐng)舉報(bào)"]),
    # a collection page's markers and its bottom: link, reprint notice, hot words
    ("社区工作总结范文(通用3篇)\n【第2篇】社区工作总结\n今年以来，社区认真落实各项部署，工作稳步推进。\n"
     "转载请注明出处，谢谢合作\n相关热词搜索：社区 工作总结\n社区工作计划",
     ["范文(通用3篇)", "【第2篇】", "转载请注明出处，谢谢合作", "相关热词搜索", "社区工作计划"]),
    # a PDF's page number is debris; the notice's copy-to lines after it are not
    ("请各单位认真贯彻执行，确保各项任务落到实处。\n— 3 —\n"
     "抄送：县委各部门，县人大常委会办公室。\n县政府办公室\n",
     ["— 3 —"]),
    # a document site's page numbers that split a sentence
    ("全年共开展入户走访活动，覆盖困难群众家庭一千余户，帮助解决实际问题三百余个，群众反映较好的事项主要集中在\n"
     "2、就业帮扶和医疗救助两个方面。", ["2、"]),
])
def test_debris_kinds(draft, expected):
    assert d101(draft) == expected


@pytest.mark.parametrize("text", [
    # a table's column of sources, a contact line, a dated signature, a list item
    "指标名称｜计算方法｜指标来源：统计年报。\n门诊人次｜门诊总人次｜指标来源：医院填报。",
    "联系人：王某某，联系电话：12345678。",
    "县人民政府办公室\n2025年6月3日",
    "一、工作目标\n1、完善基层治理体系，提升网格化管理水平。\n2、加强队伍建设。",
    "时间：2025年3月12日\n地点：县委第一会议室\n参加人员：各乡镇分管负责同志。",
    "全年形成调研报告12篇，其中2篇获市级采用。",
    "以下是整理的主要问题：一是学习不够深入，二是调研不够扎实。",
    # the head of a work report and of a notice with its number, date and copy-to lines
    "政府工作报告\n——2026年1月20日在省第十四届人民代表大会第五次会议上\n省长　某某\n各位代表：\n"
    "现在，我代表省人民政府，向大会报告工作，请予审议。",
    "县人民政府办公室文件\n县政办发〔2026〕3号\n县人民政府办公室关于印发2026年工作要点的通知\n"
    "各乡镇人民政府，县直各单位：\n现将《2026年工作要点》印发给你们，请认真贯彻执行。\n"
    "县人民政府办公室\n2026年2月1日\n（此件公开发布）",
    # a title about websites, a title split over two lines
    "关于加强政府网站和政务新媒体建设的通知\n各乡镇人民政府，县直各部门：现将有关事项通知如下。",
    "2026年全县政务公开\n工作要点\n为深入推进政务公开，结合我县实际，制定本要点。",
    # a long heading without punctuation, then its first item
    "（一）坚持以人民为中心的发展思想持续推进基本公共服务均等化和城乡一体化建设工作\n1、完善公共服务体系。",
])
def test_genre_lines_are_not_debris(text):
    assert d101(text) == []


def test_findings_inside_debris_are_not_reported_again():
    found = rcheck.lint("正文第一段。\n第 1 页 共 4 页\n正文第二段。")
    assert [f.code for f in found] == ["D101"]
    assert found[0].excerpt == "第 1 页 共 4 页"


def test_slots_inside_debris():
    # a lettered slot in a copied title is still a slot; an underscore in a page caption is not
    found = rcheck.lint("下面是小编为大家整理的xx镇年度工作总结，供大家参考。\n年度工作总结_第1页\n"
                        "今年以来，全镇上下团结一心，各项工作取得新成效。", select=["P101", "D101"])
    assert [(f.code, f.excerpt) for f in found if f.code == "P101"] == [("P101", "xx")]
    assert [f.excerpt for f in found if f.code == "D101"][1] == "_第1页"


def test_markdown_marks_are_debris_only_outside_markdown(tmp_path):
    text = "#### 一、工作开展情况\n今年以来，我局认真落实各项工作部署，取得了明显成效。\n"
    (tmp_path / "draft.txt").write_text(text, encoding="utf-8")
    (tmp_path / "draft.md").write_text(text, encoding="utf-8")
    assert [f.excerpt for f in rcheck.lint(tmp_path / "draft.txt", select=["D101"])] == ["####"]
    assert rcheck.lint(tmp_path / "draft.md", select=["D101"]) == []


def test_the_web_cut_is_one_pattern_for_debris_sections_and_metrics():
    from rcheck.extract import extract_metrics
    from rcheck.facts.debris import cut_positions
    from rcheck.text.document import Document

    text = "全年开展学习12次。\n此处隐藏 20 个字，下载后查看\n"
    assert cut_positions(Document(text)) == [11]
    assert [m.quantity for m in extract_metrics(text)] == ["12次"]
    assert [f.code for f in rcheck.lint(text, select=["D101"])] == ["D101"]
