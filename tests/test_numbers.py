"""N101–N107: figures that must agree and dates that must fit, on sentences written for the project.

Each pattern comes as a planted inconsistency and its consistent twin; the cases the rules must
leave alone (partial lists after 其中, targets, 分别, approximate figures within their rounding)
are tests too.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import rcheck

N = ["N101", "N102", "N103", "N104", "N105", "N106", "N107"]


def codes(text: str) -> list[str]:
    return [f.code for f in rcheck.lint(text, select=N)]


def only(text: str, code: str) -> rcheck.Finding:
    found = [f for f in rcheck.lint(text, select=N)]
    assert [f.code for f in found] == [code], [(f.code, f.message) for f in found]
    return found[0]


# --------------------------------------------------------------------------- N101 parts and total

WRONG_PARTS = [
    "巡视反馈问题共计84个，已完成整改79个，正在整改3个，未启动3个。",
    "本次督查共发现问题57个，其中制度执行类21个、作风纪律类18个、工作落实类22个。",
    "全年受理群众信访事项126件，已办结118件，未办结9件。",
    "参加培训的干部共96人，其中男性51人，女性46人。",
    "安排专项资金3亿元，其中省级资金1.8亿元、市级资金8000万元、县级资金5000万元。",
    "排查各类安全隐患312处，整改到位298处，正在整改10处，尚未整改5处。",
]
RIGHT_PARTS = [
    "巡视反馈问题共计84个，已完成整改79个，正在整改3个，未启动2个。",
    "本次督查共发现问题57个，其中制度执行类21个、作风纪律类18个、工作落实类18个。",
    "全年受理群众信访事项126件，已办结118件，未办结8件。",
    "参加培训的干部共96人，其中男性51人，女性45人。",
    "安排专项资金3亿元，其中省级资金1.8亿元、市级资金7000万元、县级资金5000万元。",
    "排查各类安全隐患312处，整改到位298处，正在整改10处，尚未整改4处。",
]


@pytest.mark.parametrize("text", WRONG_PARTS)
def test_parts_that_do_not_add_up(text):
    only(text, "N101")


@pytest.mark.parametrize("text", RIGHT_PARTS)
def test_parts_that_add_up(text):
    assert codes(text) == []


def test_parts_message_shows_the_sum_on_the_total():
    f = only(WRONG_PARTS[0], "N101")
    assert f.excerpt == "84个"
    assert "79+3+3=85" in f.message and "84" in f.message
    assert f.suggestion is None and f.severity == "warning"


def test_money_is_added_across_scales():
    f = only(WRONG_PARTS[4], "N101")
    assert "1.8亿+8000万+5000万=3.10亿元" in f.message


def test_a_partial_list_after_qizhong_need_not_add_up():
    # Only some kinds are listed: fewer than the total is fine.
    assert codes("全年共开展各类培训45场次，其中专题党课12场次、业务培训20场次。") == []
    assert codes("共走访企业230家，其中规上企业86家。") == []


def test_one_part_larger_than_its_total():
    only("共走访企业230家，其中规上企业286家。", "N101")


def test_a_new_statement_after_the_qizhong_list_is_not_a_part():
    assert codes("新建村级道路46公里、其中通组道路30公里，改造县乡公路120公里。") == []


def test_fenbie_is_not_checked():
    assert codes("共收到意见建议40条，其中党员和群众分别提出25条、20条。") == []


def test_an_approximate_total_widens_the_sum():
    assert codes("共培训干部群众3000余人次，其中党员干部1800人次、普通群众1500人次。") == []
    only("共培训干部群众约3000人次，其中党员干部1800人次、普通群众1700人次。", "N101")


def test_parts_in_brackets_are_not_parts_of_the_total():
    assert codes("共发现问题57个（其中涉及资金问题12个），已整改50个，未整改7个。") == []


def test_parts_that_name_no_class_are_not_an_exhaustive_list():
    # Counts after a total that do not say 完成/未完成 are other facts, not its parts.
    assert codes("全县共有村级组织210个，新建活动场所35个，改扩建62个。") == []


# --------------------------------------------------------------------------- N102 rate vs counts

def test_completion_rate_shows_both_checks():
    f = only("巡察反馈的问题共430个，已完成整改412个，持续整改15个，未完成3个，总体完成率95.12%。", "N102")
    assert f.excerpt == "95.12%"
    assert f.message == "比例与数字不符：412+15+3=430 ✓；412÷430=95.81%，文中为95.12%"


@pytest.mark.parametrize("text", [
    "巡察反馈的问题共430个，已完成整改412个，持续整改15个，未完成3个，总体完成率95.81%。",
    "巡察反馈的问题共430个，已完成整改412个，持续整改15个，未完成3个，总体完成率95.8%。",
    "巡察反馈的问题共430个，已完成整改412个，持续整改15个，未完成3个，完成率96%。",
    # cut at the second decimal instead of rounded: 412÷430 = 95.8139…
    "巡察反馈的问题共430个，已完成整改412个，持续整改15个，未完成3个，整改完成率95.81%。",
    "巡察反馈的问题共430个，已完成整改412个，持续整改15个，未完成3个，完成率约96%。",
    "巡察反馈的问题共430个，已完成整改412个，持续整改15个，未完成3个，完成率超过95%。",
])
def test_completion_rate_within_the_rounding_the_text_uses(text):
    assert codes(text) == []


@pytest.mark.parametrize("text", [
    "巡察反馈的问题共430个，已完成整改412个，持续整改15个，未完成3个，完成率97%。",
    "巡察反馈的问题共430个，已完成整改412个，持续整改15个，未完成3个，完成率100%。",
    "巡察反馈的问题共430个，已完成整改412个，持续整改15个，未完成3个，完成率98%以上。",
])
def test_completion_rate_that_the_counts_do_not_give(text):
    only(text, "N102")


def test_share_of_a_part():
    only("参加培训的干部共96人，其中女性45人，占52.3%。", "N102")
    assert codes("参加培训的干部共96人，其中女性45人，占46.9%。") == []
    assert codes("参加培训的干部共96人，其中女性45人，占比46.88%。") == []


def test_rate_with_a_single_done_part():
    only("排查矛盾纠纷120件，成功化解108件，化解率95%。", "N102")
    assert codes("排查矛盾纠纷120件，成功化解108件，化解率90%。") == []


def test_a_rate_of_something_else_is_not_read():
    # 按期办结率 is over what was finished, not over all the cases.
    assert codes("受理信访事项200件，已办结180件，未办结20件，按期办结率94.4%。") == []


# --------------------------------------------------------------------------- N103 count vs items

def test_three_aspects_then_four_items():
    f = only("存在的问题主要有三个方面：一是学习不够深入；二是制度执行不严；"
             "三是督促检查不力；四是宣传氛围不浓。", "N103")
    assert f.excerpt == "三个方面" and "4项" in f.message


def test_count_and_items_that_agree():
    assert codes("存在的问题主要有三个方面：一是学习不够深入；二是制度执行不严；三是督促检查不力。") == []


def test_items_in_paragraphs_of_their_own():
    text = ("重点抓了以下四个方面的工作。\n一是抓学习。组织集中学习。\n二是抓制度。修订制度。"
            "\n三是抓落实。开展督查。")
    only(text, "N103")
    assert codes(text + "\n四是抓宣传。开展宣讲。") == []


def test_titles_counted():
    only("制定了两项制度：《党组会议议事规则》《干部请销假管理办法》《公务接待管理办法》。", "N103")
    assert codes("制定了三项制度：《党组会议议事规则》《干部请销假管理办法》《公务接待管理办法》。") == []
    assert codes("修订《党组会议议事规则》《干部请销假管理办法》等5项制度。") == []
    only("修订《党组会议议事规则》《干部请销假管理办法》《公务接待管理办法》等两项制度。", "N103")


def test_a_numbered_formulation_is_not_a_count_of_items():
    assert codes("牢固树立“四个意识”，一是坚持学习，二是狠抓落实。") == []


# --------------------------------------------------------------------------- N104 growth

def test_growth_over_a_stated_base():
    f = only("全年完成固定资产投资86亿元，较上年的80亿元增长9.5%。", "N104")
    assert f.excerpt == "9.5%" and "(86亿-80亿)÷80亿=7.50%" in f.message
    assert codes("全年完成固定资产投资86亿元，较上年的80亿元增长7.5%。") == []


def test_growth_from_to():
    only("村集体经济收入由12万元增长到15万元，增长20%。", "N104")
    assert codes("村集体经济收入由12万元增长到15万元，增长25%。") == []


def test_points_between_two_rates():
    only("群众满意度由85.2%提高到91.6%，提高5.4个百分点。", "N104")
    assert codes("群众满意度由85.2%提高到91.6%，提高6.4个百分点。") == []


def test_direction_of_the_change():
    f = only("信访总量由320件上升到286件。", "N104")
    assert "减少" in f.message
    only("受理案件152件，比去年同期的170件增长10.6%。", "N104")
    assert codes("受理案件152件，比去年同期的170件下降10.6%。") == []


def test_targets_and_growth_without_a_base_are_not_checked():
    assert codes("力争地区生产总值增长5%左右，一般公共预算收入增长3%。") == []
    assert codes("全年实现营业收入225亿元，同比增长12.5%。") == []


def test_a_ranking_is_not_a_growth():
    assert codes("营商环境评价排名由第28位上升到第12位。") == []
    assert codes("综合考核排名由18位上升到9位。") == []


# --------------------------------------------------------------------------- N105 per period

def test_per_period_times_periods():
    f = only("举办业务培训班8期，每期培训60人次，累计培训560人次。", "N105")
    assert f.excerpt == "560人次" and "8×60=480" in f.message
    assert codes("举办业务培训班8期，每期培训60人次，累计培训480人次。") == []


def test_per_period_approximate():
    assert codes("开展巡回宣讲12场，每场约50人，累计覆盖群众600余人。") == []
    assert codes("开展巡回宣讲12场，每场不少于50人，累计覆盖群众700人。") == []
    only("开展巡回宣讲12场，每场不少于50人，累计覆盖群众500人。", "N105")


# --------------------------------------------------------------------------- N106 stated twice

def test_same_count_stated_twice():
    text = ("一、主要工作\n全年共召开党组会议专题研究意识形态工作6次。"
            "\n二、取得的成效\n全年共召开党组会议专题研究意识形态工作8次。")
    f = only(text, "N106")
    assert f.excerpt == "8次" and "第2行为6次" in f.message


def test_same_count_stated_twice_in_other_words_around_it():
    text = "一、工作开展情况\n今年共召开专题会议12次，研究解决问题30个。\n二、成效\n今年召开专题会议15次。"
    f = only(text, "N106")
    assert f.excerpt == "15次"


def test_same_count_stated_alike_is_fine():
    text = "一、工作开展情况\n今年共召开专题会议12次。\n二、成效\n今年召开专题会议12次。"
    assert codes(text) == []


def test_different_periods_are_not_compared():
    text = ("一、2025年工作回顾\n召开专题会议12次，开展督查检查5轮。\n"
            "二、近三年来工作回顾\n召开专题会议40次。")
    assert codes(text) == []
    text = "今年上半年召开专题会议5次，督办事项20件。\n全年召开专题会议12次，督办事项46件。"
    assert codes(text) == []


def test_targets_are_not_compared_with_results():
    text = ("一、主要工作\n全年开展送法下乡活动12场。\n"
            "二、下一步工作打算\n开展送法下乡活动20场。")
    assert codes(text) == []


# --------------------------------------------------------------------------- N107 dates

def test_month_thirteen_and_day_thirty_one():
    assert only("2025年13月，召开了专题民主生活会。", "N107").excerpt == "2025年13月"
    only("于2025年4月31日召开了专题民主生活会。", "N107")
    only("于2025年2月29日召开了专题民主生活会。", "N107")
    assert codes("于2024年2月29日召开了专题民主生活会。") == []


def test_jiezhi_after_the_document_date():
    text = ("区市场监管局2025年工作总结\n截至2025年12月底，共检查经营主体1200户。"
            "\n区市场监管局\n2025年12月10日")
    f = only(text, "N107")
    assert "2025年12月10日" in f.message
    assert codes(text.replace("截至2025年12月底", "截至2025年11月底")) == []
    assert codes(text.replace("截至2025年12月底", "截至12月5日")) == []


def test_document_date_in_chinese_numerals():
    text = "2025年工作总结\n截至2025年12月20日，共检查经营主体1200户。\n二〇二五年十二月十日"
    only(text, "N107")


def test_this_year_of_another_year():
    text = "2024年工作总结\n今年（2022年）以来，我局坚持以学促干。\n2024年12月20日"
    f = only(text, "N107")
    assert "2024" in f.message and "2022" in f.message
    assert codes(text.replace("今年（2022年）", "今年（2024年）")) == []


def test_document_dated_before_its_period():
    text = "关于2025年上半年工作情况的报告\n上半年完成各项工作。\n2024年12月30日"
    f = only(text, "N107")
    assert f.excerpt == "2024年12月30日"
    assert codes(text.replace("2024年12月30日", "2025年7月3日")) == []


def test_ranges_and_ordinals_of_months_are_not_dates():
    assert codes("1至12月累计接待游客120万人次。第13月度考核结果已公布。") == []


def test_parts_set_out_after_a_colon():
    only("共梳理问题清单57个，其中：思想认识方面21个；制度执行方面18个；工作作风方面22个。", "N101")
    assert codes("共梳理问题清单57个，其中：思想认识方面21个；制度执行方面18个；工作作风方面18个。") == []


def test_a_list_closed_by_its_sum():
    f = only("开展政策宣讲36场、业务培训20场、现场观摩8场，合计66场。", "N101")
    assert f.excerpt == "66场" and "36+20+8=64" in f.message
    assert codes("开展政策宣讲36场、业务培训20场、现场观摩8场，合计64场。") == []
    # 共 here counts something else: the clause says what.
    assert codes("召开党组会议12次、中心组学习8次，开展专题研讨共5次。") == []


def test_aspects_set_out_as_headings():
    text = ("一、主要做法\n围绕中心工作，重点抓了以下三个方面：\n（一）强化理论武装\n组织专题学习。\n"
            "（二）健全制度机制\n修订制度。\n（三）压实工作责任\n签订责任书。\n（四）加强宣传引导\n开展宣讲。\n"
            "二、存在的问题\n学习不深。")
    f = only(text, "N103")
    assert "4个标题" in f.message
    assert codes(text.replace("以下三个方面", "以下四个方面")) == []


def test_growth_as_a_difference():
    only("全年受理案件152件，比上年的170件减少28件。", "N104")
    assert codes("全年受理案件152件，比上年的170件减少18件。") == []


def test_growth_over_the_same_period_last_year():
    only("今年受理群众诉求1320件，上年同期为1200件，同比增长12%。", "N104")
    assert codes("今年受理群众诉求1320件，上年同期为1200件，同比增长10%。") == []


def test_shares_with_fenbie_are_not_checked():
    assert codes("共有企业1200家，其中规上企业300家、限上企业200家，分别占25%和16.7%。") == []


@pytest.mark.parametrize("wrong, right", [
    ("全年营业收入较上年的200亿元增长15%，达到225亿元。",
     "全年营业收入较上年的200亿元增长12.5%，达到225亿元。"),
    ("2025年营业收入225亿元，2024年为200亿元，同比增长15%。",
     "2025年营业收入225亿元，2024年为200亿元，同比增长12.5%。"),
    ("一般公共预算收入完成8.6亿元，同比下降3.2%，上年为8.2亿元。",
     "一般公共预算收入完成8.6亿元，同比增长4.9%，上年为8.2亿元。"),
])
def test_growth_written_in_other_orders(wrong, right):
    only(wrong, "N104")
    assert codes(right) == []


def test_parts_that_may_overlap_are_only_a_hint():
    # 党员 and 女 are two ways of dividing the same people: the sum may exceed the total.
    f = only("培训干部100人，其中党员干部80人、女干部40人。", "N101")
    assert f.severity == "info"
    assert only(WRONG_PARTS[1], "N101").severity == "warning"


def test_periods_named_after_the_per_period_figure():
    only("每期培训200人次，共举办培训班12期，累计培训2800人次。", "N105")
    assert codes("每期培训200人次，共举办培训班12期，累计培训2400人次。") == []


def test_last_year_named_with_the_wrong_year():
    text = "2024年工作总结\n去年（2022年）全县共有党员1200名。\n2024年12月20日"
    only(text, "N107")
    assert codes(text.replace("2022年", "2023年")) == []


def test_total_in_one_sentence_parts_in_the_next():
    text = "巡察反馈问题共430个。目前，已完成整改412个，持续整改15个，未完成4个，完成率95.81%。"
    f = only(text, "N101")
    assert f.excerpt == "430个"
    fixed = text.replace("未完成4个", "未完成3个")
    assert codes(fixed) == []
    only(fixed.replace("95.81%", "93.5%"), "N102")
    # In another paragraph the counts are another matter.
    assert codes(text.replace("。目前，", "。\n目前，")) == []


def test_counts_in_arabic_and_items_with_di():
    only("主要存在以下3个方面的问题：一是学习不深；二是落实不够。", "N103")
    items = "：第一，要坚持学习；第二，要狠抓落实；第三，要严守纪律；第四，要敢于担当。"
    f = only("重点谈三点体会" + items, "N103")
    assert "第一…第四" in f.message
    assert codes("重点谈四点体会" + items) == []


def test_share_of_all_named_in_words():
    only("共梳理问题80个，其中作风方面问题24个，占全部问题的35%。", "N102")
    assert codes("共梳理问题80个，其中作风方面问题24个，占全部问题的30%。") == []


def test_long_term_items_are_a_status():
    only("巡察反馈问题697个，已完成整改688个，需长期坚持4个，未完成6个。", "N101")
    assert codes("巡察反馈问题697个，已完成整改688个，需长期坚持4个，未完成5个。") == []


def test_this_year_counted_as_another_year():
    text = "2024年工作总结\n今年以来，截至2022年10月底，共受理群众诉求860件。\n2024年11月8日"
    f = only(text, "N107")
    assert f.excerpt == "截至2022年"
    assert codes(text.replace("截至2022年", "截至2024年")) == []
    only("2024年工作总结\n今年2022年1-10月，共受理群众诉求860件。", "N107")


def test_a_count_stated_before_its_parts_is_still_compared():
    text = ("一、主要工作\n全年共召开专题会议12次，其中党组会议8次。\n"
            "二、工作成效\n全年共召开专题会议15次。")
    only(text, "N106")
    assert codes(text.replace("15次", "12次")) == []


def test_generic_subjects_are_not_compared():
    text = ("一、基层基础\n今年投入资金85万元，改造村级活动场所6个。\n"
            "二、民生实事\n今年投入资金66万元，硬化村组道路12公里。")
    assert codes(text) == []


def test_per_period_total_stated_first_without_a_counting_word():
    only("全年培训干部1200人次，举办培训班15期，每期90人次。", "N105")
    assert codes("全年培训干部1200人次，举办培训班15期，每期80人次。") == []


def test_kinds_of_one_thing_that_exceed_the_total_are_a_warning():
    f = only("全县累计新增市场主体3560户，其中企业860户、个体工商户2810户。", "N101")
    assert f.severity == "warning"


def test_count_phrase_then_a_verb_then_the_items():
    only("围绕三个方面开展自查：一是查思想；二是查作风。", "N103")
    assert codes("围绕两个方面开展自查：一是查思想；二是查作风。") == []


# --------------------------------------------------------------------------- properties


@settings(max_examples=60, deadline=None)
@given(done=st.integers(1, 900), ongoing=st.integers(0, 60), left=st.integers(1, 60),
       off=st.integers(-5, 5))
def test_completion_lists_agree_exactly_when_the_sum_does(done, ongoing, left, off):
    total = done + ongoing + left + off
    assume(total >= done)  # a total below one of its parts (or below zero) is another shape
    rate = round(100 * done / total, 2)
    text = (f"巡察反馈问题{total}个，已完成整改{done}个，正在整改{ongoing}个，未完成{left}个，"
            f"完成率{rate:.2f}%。")
    found = codes(text)
    assert ("N101" in found) == (off != 0)
    assert "N102" not in found


@settings(max_examples=60, deadline=None)
@given(base=st.integers(50, 5000), current=st.integers(50, 5000), skew=st.sampled_from([0, 0, 3]))
def test_growth_agrees_when_computed_as_written(base, current, skew):
    change = abs(current - base) / base * 100 + skew
    verb = "增长" if current >= base else "下降"
    text = f"全年受理案件{current}件，比上年的{base}件{verb}{change:.1f}%。"
    assert ("N104" in codes(text)) == (skew != 0)


def test_document_dated_by_month_only():
    text = "2025年工作总结\n截至2026年1月底，共检查经营主体1200户。\n2025年12月"
    f = only(text, "N107")
    assert f.message.endswith("成文日期为2025年12月")
    assert codes(text.replace("截至2026年1月底", "截至2025年12月20日")) == []
