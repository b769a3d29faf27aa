"""W102 beyond the listed wrong forms: masked, changed or cut formulations, a leader's name left
out at first mention, congress numbers written with converted digits. Each case pins the span and
that applying the fix gives the canonical text."""

from __future__ import annotations

import pytest

import rcheck


def _w102(text: str) -> list:
    return [f for f in rcheck.lint(text, select=["W102"])]


@pytest.mark.parametrize(("text", "span", "fixed"), [
    # a web page masked the name
    ("全镇坚持以******新时代中国特色社会主义思想为指导。", "******新时代中国特色社会主义思想",
     "全镇坚持以习近平新时代中国特色社会主义思想为指导。"),
    # masks inside a plenum's name
    ("认真传达党的***五中***精神。", "党的***五中***精神", "认真传达党的十九届五中全会精神。"),
    # the name cut to one character and 社会 hidden behind a dot
    ("支部集中学习习新时代中国特色.主义思想。", "习新时代中国特色.主义思想",
     "支部集中学习习近平新时代中国特色社会主义思想。"),
    # a mask and two characters changed by a spinner
    ("以_新时期中国特点社会主义思想为指导。", "_新时期中国特点社会主义思想",
     "以习近平新时代中国特色社会主义思想为指导。"),
    # one character changed in a fixed collocation (a listed wrong form)
    ("积极培养和践行社会主义核心价值观。", "培养和践行社会主义核心价值观",
     "积极培育和践行社会主义核心价值观。"),
    # the name left out
    ("全体干部深入学习新时代中国特色社会主义思想。", "新时代中国特色社会主义思想",
     "全体干部深入学习习近平新时代中国特色社会主义思想。"),
    # the first 总书记 of a draft without the name
    ("一、学习情况\n认真学习总书记重要讲话精神，习近平总书记强调……", "总书记",
     "一、学习情况\n认真学习习近平总书记重要讲话精神，习近平总书记强调……"),
    # digits from a converter
    ("全面贯彻党的109大精神。", "109", "全面贯彻党的十九大精神。"),
    ("深入学习109届2中、3中全会精神。", "109届2中、3中", "深入学习十九届二中、三中全会精神。"),
    ("增强“4个意识”。", "4个意识", "增强“四个意识”。"),
])
def test_variant_is_found_on_its_span_and_fixed(text: str, span: str, fixed: str) -> None:
    findings = _w102(text)
    assert len(findings) == 1, findings
    f = findings[0]
    assert text[f.start:f.end] == span
    assert text[:f.start] + f.suggestion + text[f.end:] == fixed
    assert _w102(fixed) == []


@pytest.mark.parametrize("text", [
    "坚持以习近平新时代中国特色社会主义思想为指导，学习贯彻党的二十届四中全会精神。",
    "认真学习习近平总书记重要指示精神。",            # a shorter wording, not a cut one
    "党的十九届四中全会精神和五中全会精神。",        # numerals differ: both sessions are real
    "坚持和发展新时代中国特色社会主义，推进国家治理体系和治理能力现代化。",
    "深入学习贯彻党的二十大精神，扎实推进2025年重点工作。",
    "按照1+X模式，建成数据要素×行动示范项目12个。",
    "会议由胡锦涛总书记主持。",                      # another name before the title
    "全县共完成投资20.5亿元，同比增长10.9%。",
])
def test_correct_text_is_not_a_variant(text: str) -> None:
    assert _w102(text) == []


def test_a_mask_that_fits_two_formulations_gets_no_fix() -> None:
    text = "深入学习党的.精神。"
    [f] = _w102(text)
    assert f.excerpt == "党的.精神" and f.suggestion is None
    assert "党的十九大精神" in f.message and "党的二十大精神" in f.message
