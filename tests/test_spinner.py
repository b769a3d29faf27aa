"""W102 on article-spinner swaps: a swapped word is found by the collocation it broke."""

from __future__ import annotations

import pytest

import rcheck
from rcheck.facts.spinner import find_spun
from rcheck.lexicon import load_lexicon


def _w102(text: str) -> list:
    return [f for f in rcheck.lint(text, select=["W102"])]


@pytest.mark.parametrize(("text", "spun", "fixed"), [
    ("学校每月组织一次消防平安演练。", "平安", "学校每月组织一次消防安全演练。"),
    ("严格执行议事规那么。", "那么", "严格执行议事规则。"),
    ("为全县发展打下坚实的工作根底。", "根底", "为全县发展打下坚实的工作基础。"),
    ("班子成员认真查找缺乏，逐条整改。", "缺乏", "班子成员认真查找不足，逐条整改。"),
    ("部分村组基础设施比拟薄弱。", "比拟", "部分村组基础设施比较薄弱。"),
    ("深入开展理想信心教育。", "理想信心", "深入开展理想信念教育。"),
    ("全镇根本公共卫生服务覆盖率达到九成。", "根本", "全镇基本公共卫生服务覆盖率达到九成。"),
    ("坚持抓党建促开展。", "开展", "坚持抓党建促发展。"),
])
def test_sure_swap_is_flagged_on_the_swapped_word_with_its_fix(text: str, spun: str, fixed: str) -> None:
    findings = _w102(text)
    assert len(findings) == 1
    f = findings[0]
    assert text[f.start:f.end] == spun
    assert text[:f.start] + f.suggestion + text[f.end:] == fixed
    assert _w102(fixed) == []


@pytest.mark.parametrize("text", [
    "扎实推进平安中国建设，统筹高质量发展和高水平安全。",
    "全面推开农村集体产权制度改革试点。",
    "部分干部缺乏斗争精神，本领恐慌问题仍然存在。",
    "各单位要扎实开展安全生产大检查，不断进步。",
    "这一优势是其他地区无可比拟的。",
    "从根本上解决群众急难愁盼问题，督促开展隐患排查。",
    "如果出现险情，那么应当立即启动应急预案。",
])
def test_real_words_are_not_swaps(text: str) -> None:
    assert _w102(text) == []


def test_a_spun_draft_reports_the_other_occurrences_without_a_fix() -> None:
    text = ("一、基本情况\n学校把消防平安放在首位，每学期开展平安检查，层层落实平安责任。"
            "全体师生的平安放在第一位。\n")
    found = find_spun(text, load_lexicon())
    assert [text[w.start:w.end] for w in found] == ["平安"] * 4
    assert [w.sure for w in found] == [True, True, True, False]
    last = _w102(text)[-1]
    assert last.suggestion is None and "逐处核对" in last.message


def test_one_sure_swap_alone_does_not_mark_the_draft_spun() -> None:
    text = "抓好消防平安工作。推进平安建设，守护一方平安。"
    assert [f.excerpt for f in _w102(text)] == ["平安"]
