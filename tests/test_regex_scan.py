"""rcheck.text.regex_scan gives exactly `Pattern.finditer`'s matches, only sooner."""

from __future__ import annotations

import re

import pytest

from rcheck.facts import debris, placeholders
from rcheck.lexicon import load_lexicon
from rcheck.text.regex_scan import _starts, finditer

TEXT = ("关于年度预算执行情况，全省届人大会议听取了报告。对、、等问题，（开头部分已省略120字）"
        "下面是小编为大家整理的范文，仅供参考。约亿元投入，累计万人次。【】〔 〕“”"
        "某某局、某乡镇按要求整改。\n第 3 页\n## 标题\n对、等事项")


def _lexicon_patterns() -> list[re.Pattern[str]]:
    lexicon = load_lexicon()
    data = placeholders._data(lexicon)
    anywhere, line_only, _, _ = debris._compiled(lexicon)
    return ([data.mou, data.bracket, placeholders._EMPTY_TOTAL] + [p for p, _ in data.empty]
            + [p for p, _ in anywhere + line_only])


def test_lexicon_patterns_find_what_finditer_finds(samples):
    from rcheck.text.readers import load

    texts = [TEXT] + [load(p).text for p in sorted(samples.glob("*.txt"))]
    patterns = _lexicon_patterns()
    assert sum(_starts(p) is not None for p in patterns) >= 5  # the shortcut is really taken
    for pattern in patterns:
        for text in texts:
            found = [m.span() for m in finditer(pattern, text)]
            assert found == [m.span() for m in pattern.finditer(text)], pattern.pattern


@pytest.mark.parametrize(("pattern", "shortcut"), [
    (r"(?<=[省市县])届(?=人大)", True),          # a look-behind first: the engine cannot skip
    (r"[（(](?:开头)?部分已省略|(?:结尾部分)已省略", True),  # alternatives opening with sets
    (r"(?<=关于)年", True),
    (r"届人大", False),                           # a literal prefix: the engine skips by itself
    (r"(?:共|约)计", False),                      # alternatives of literals: so does it
    (r"(?<=x)a*", False),                         # can match the empty string
    (r"(?<=x).b", False),                         # any character first
    (r"(?<=x)[^a]b", False),                      # a negated set first
    (r"(?i)(?<=x)ab", False),                     # case folded
    (r"(?<=x)[\u4e00-\u9fff]", False),            # too many first characters to be worth it
])
def test_shortcut_only_where_it_is_exact_and_pays(pattern, shortcut):
    compiled = re.compile(pattern)
    assert (_starts(compiled) is not None) is shortcut
    text = "关于年度x届人大（部分已省略结尾部分已省略 共计约计 xab xb xcb 县届人大 XAB xa"
    assert [m.span() for m in finditer(compiled, text)] == [m.span() for m in compiled.finditer(text)]


def test_look_behind_sees_before_the_candidate():
    pattern = re.compile(r"(?<![应面])(?<=[对])、(?:、+|(?=等))")
    text = "对、、等 应、等 对、等 面、、 对、"
    assert [m.span() for m in finditer(pattern, text)] == [m.span() for m in pattern.finditer(text)]
    assert [m.group() for m in finditer(pattern, text)] == ["、、", "、"]  # 应、 and 面、 are not after 对


def test_a_text_dense_in_first_characters_goes_on_with_the_engine():
    """A draft full of the set's characters (brackets) is handed back to the engine part way:
    the matches stay those of finditer, before and after the hand-over."""
    pattern = re.compile(r"(?<!甲)（[^（）]{0,3}）|(?:开头部分)已省略")
    assert _starts(pattern) is not None
    text = ("（一）（二）（三）（四）" * 400) + "开头部分已省略" + ("（五）县（六）" * 400)
    found = [m.span() for m in finditer(pattern, text)]
    assert found == [m.span() for m in pattern.finditer(text)] and len(found) > 800
