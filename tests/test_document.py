from __future__ import annotations

import pytest

from rcheck import Document
from rcheck.text.structure import cn_to_int, match_marker

DRAFT = "\n".join([
    "关于2025年度工作情况的报告",
    "",
    "现将有关情况报告如下。",
    "一、主要做法和成效",
    "（一）强化组织领导，压实工作责任。本局党组把意识形态工作摆上重要议程。一是完善机制。二是压实责任。三是加强督查。",
    "（二）深化理论武装。",
    "1.抓好集中学习。全年开展专题学习16次。",
    "2.抓好宣讲。",
    "二、存在的问题和不足",
    "一是学习不够深入。二是阵地管理有短板。",
    "三、下一步工作打算",
])


def test_positions_count_code_points():
    doc = Document("第一行\n第二行文字\n末行")
    assert doc.position(0) == (1, 1)
    assert doc.position(4) == (2, 1)
    assert doc.position(6) == (2, 3)
    assert doc.position(len(doc.text)) == (3, 3)
    assert doc.line_text(2) == "第二行文字"


def test_title_and_paragraphs():
    doc = Document(DRAFT)
    assert doc.text[doc.title.start:doc.title.end] == "关于2025年度工作情况的报告"
    assert len(doc.paragraphs) == 10


def test_headings_styles_and_run_in():
    doc = Document(DRAFT)
    got = [(h.style, h.number, h.text, h.run_in) for h in doc.headings]
    assert got == [
        ("cn", 1, "主要做法和成效", False),
        ("paren-cn", 1, "强化组织领导，压实工作责任", True),
        ("paren-cn", 2, "深化理论武装", False),
        ("arabic", 1, "抓好集中学习", True),
        ("arabic", 2, "抓好宣讲", False),
        ("cn", 2, "存在的问题和不足", False),
        ("cn", 3, "下一步工作打算", False),
    ]


def test_section_tree_nests_by_marker_rank():
    doc = Document(DRAFT)
    top = doc.sections.children
    assert [s.title for s in top] == ["主要做法和成效", "存在的问题和不足", "下一步工作打算"]
    assert [s.title for s in top[0].children] == ["强化组织领导，压实工作责任", "深化理论武装"]
    assert [s.title for s in top[0].children[1].children] == ["抓好集中学习", "抓好宣讲"]
    problems = top[1]
    assert doc.text[problems.body_start:problems.end].strip().startswith("一是学习不够深入")
    assert top[0].end == problems.start


def test_enumerations_only_at_clause_boundaries():
    doc = Document("坚持统一是前提。一是完善机制；二是压实责任。第一，加强学习。其二，落实制度。")
    assert [(e.kind, e.number) for e in doc.enumerations] == [
        ("shi", 1), ("shi", 2), ("di", 1), ("qi", 2)]


def test_sentences_split_on_chinese_stops():
    doc = Document("一是完善机制。二是压实责任！三是“加强督查。”四是")
    texts = [doc.text[s.start:s.end] for s in doc.sentences]
    assert texts == ["一是完善机制。", "二是压实责任！", "三是“加强督查。”", "四是"]


@pytest.mark.parametrize("line,style,number", [
    ("一、总体要求", "cn", 1),
    ("十二、其他", "cn", 12),
    ("一.总体要求", "cn", 1),
    ("一，总体要求", "cn", 1),
    ("（三）、加强领导", "paren-cn", 3),
    ("(三)加强领导", "paren-cn", 3),  # halfwidth-ok
    ("1、抓好学习", "arabic", 1),
    ("1.抓好学习", "arabic", 1),
    ("(2）完善制度", "paren-arabic", 2),
    ("③压实责任", "circled", 3),
    ("第一部分 工作回顾", "part", 1),
    ("第二章 主要任务", "part", 2),
])
def test_heading_marker_variants(line, style, number):
    marker = match_marker(line)
    assert marker is not None and (marker.style, marker.number) == (style, number)


@pytest.mark.parametrize("line", ["1.5万人次参加培训", "2025年工作总结", "一、二、三类问题", "统一思想"])
def test_not_headings(line):
    assert match_marker(line) is None


def test_chinese_numerals():
    assert [cn_to_int(n) for n in ["一", "十", "十一", "二十", "二十三", "九十九", "两"]] == [
        1, 10, 11, 20, 23, 99, 2]
    assert cn_to_int("甲") is None


def test_numerals_written_as_they_are_read():
    from rcheck.text.numerals import format_chinese, format_digits, parse_number, parse_small

    for n in range(1, 10000):
        assert parse_number(format_chinese(n)) == n
    assert [parse_small(format_chinese(n)) for n in (1, 10, 11, 20, 99, 105)] == [1, 10, 11, 20, 99, 105]
    assert format_digits(2025) == "二〇二五"


def test_numerals_read_without_cn2an_as_cn2an_reads_them():
    """Digit strings (二〇二五) and 万/亿 numbers (三千五百万, 一亿零二百万) are read here, as
    cn2an reads them, so a draft that writes them does not pay cn2an's 0.35 s start; what is
    irregular (一万五, 万) is still cn2an's to read or refuse."""
    import itertools
    import random

    import cn2an

    from rcheck.text import numerals

    def ours(text: str) -> int | None:
        v = numerals._simple_chinese(text)
        if v is None and len(text) >= 2:
            v = numerals._digit_string(text)
        return numerals._sections(text) if v is None else v

    def theirs(text: str) -> int | float | None:
        try:
            value = cn2an.cn2an(text, "smart")
        except (ValueError, KeyError, IndexError):
            return None
        return int(value) if float(value).is_integer() else value

    rng = random.Random(7)
    numbers = list(range(0, 2000)) + [rng.randrange(10**4, 10**12) for _ in range(3000)]
    forms = {cn2an.an2cn(n) for n in numbers} | {cn2an.an2cn(n).replace("二", "两", 1) for n in numbers}
    forms |= {"".join(t) for t in itertools.product("〇零一二五九", repeat=3)}
    read = 0
    for form in sorted(forms):
        value = ours(form)
        if value is not None:
            read += 1
            assert value == theirs(form), form
    assert read >= len(forms) - 10  # nearly every regular form is read here
    for irregular in ("一万五", "万", "一亿九千三百", "二〇二五万"):
        assert ours(irregular) is None
    assert numerals.parse_number("二〇二五") == 2025
    assert numerals.parse_number("一亿零二百万") == 102_000_000
    assert numerals.parse_number("二十万零三") == 200_003


def test_lint_of_regular_chinese_numerals_does_not_import_cn2an():
    import subprocess
    import sys

    draft = "二〇二五年全县投入三千五百万元，惠及二十万零三户，总额一亿零二百万元。"
    code = f"import sys, rcheck; rcheck.lint(rcheck.Document('{draft}')); print('cn2an' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         check=True).stdout.split()
    assert out == ["False"]
