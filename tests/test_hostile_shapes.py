"""Hostile input shapes at small sizes: what must come out, and that nothing blows up.

The same shapes at sizes where time matters are in `benchmarks/test_hostile_shapes.py`.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import rcheck
from rcheck.cli import main
from rcheck.extract import extract_metrics
from rcheck.formats import FileResult
from rcheck.formats.jsonfmt import lint_payload, render_json
from rcheck.formats.text import render_text
from rcheck.text.structure import cn_to_int, match_marker

HEADING = "县文旅局2025年工作总结\n"


@pytest.mark.parametrize("count", [1, 2, 3, 4, 3000, 3001])
def test_many_leading_markers_alternate_without_recursion(count):
    # 一、二、三类问题 is a list, not a heading: each marker counts only if the next one does not.
    assert (match_marker("一、" * count + "工作") is None) == (count % 2 == 0)


def test_a_draft_of_thousands_of_leading_markers_lints():
    text = HEADING + "一、" * 3000 + "主要工作\n全年开展活动3次。\n"
    findings = rcheck.lint(text)
    assert not [f for f in findings if f.code in ("S102", "S103")]


def test_one_hostile_file_does_not_sink_the_directory(tmp_path):
    (tmp_path / "a.txt").write_text(HEADING + "一、" * 3000 + "工作\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("学习习近平总书记总书记重要讲话精神。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", str(tmp_path), "--format", "json", "--isolated"])
    assert result.exit_code == 1, result.output
    files = {f["path"].rsplit("/", 1)[-1]: f for f in json.loads(result.output)["files"]}
    assert set(files) == {"a.txt", "b.txt"}
    assert [f["code"] for f in files["b.txt"]["findings"]] == ["W101"]


def test_a_numeral_run_before_shi_is_no_enumeration():
    doc = rcheck.Document("开展" + "一" * 3000 + "是完善。二是压实。三是加强。\n")
    assert [e.number for e in doc.enumerations] == [2, 3]


def test_doubled_ten_is_not_a_numeral():
    assert cn_to_int("十十") is None
    assert match_marker("十十、工作") is None
    doc = rcheck.Document("工作总结\n十十、工作\n一、总体要求\n正文。\n")
    assert [h.number for h in doc.headings] == [1]


def _metrics(text: str) -> list[tuple[str, object]]:
    return [(m.quantity, m.value) for m in extract_metrics(rcheck.Document(text))]


def test_a_number_hundreds_of_digits_long_is_no_count():
    # Read as a count it was float("1" * 400) = inf, which JSON cannot carry.
    assert _metrics("全年开展" + "1" * 400 + "次培训。") == []
    assert _metrics("全年开展" + "一" * 40 + "次培训。") == []


@pytest.mark.parametrize("run", [
    "1" * 3000, "万" * 3000, "一" * 3000, "1," + "111," * 1000, "1." + "1" * 3000,
])
def test_long_digit_and_numeral_runs_leave_the_counts_around_them(run):
    text = f"全年开展培训12次。完成{run}。召开会议3场。"
    assert _metrics(text) == [("12次", 12), ("3场", 3)]


def test_grouped_and_decimal_numbers_still_read():
    assert _metrics("培训1,234,567人次，投入66.57万元，完成3.123456789次。") == [
        ("1,234,567人次", 1234567), ("66.57万元", 66.57), ("3.123456789次", 3.123456789)]


def _w101(text: str) -> list[rcheck.Finding]:
    return rcheck.lint(text, select=["W101"])


@pytest.mark.parametrize("unit", ["党委", "总书记", "意识形态工作"])
def test_a_long_run_of_one_word_is_one_finding(unit):
    text = "认真学习" + unit * 1000 + "重要论述。"
    [found] = _w101(text)
    assert (found.start, found.end) == (4 + len(unit), 4 + 1000 * len(unit))
    assert "1000遍" in found.message and found.suggestion == ""
    assert text[:found.start] + text[found.end:] == f"认真学习{unit}重要论述。"


def test_three_copies_are_one_finding_with_or_without_separator():
    [plain] = _w101("深入学习总书记总书记总书记关于意识形态工作的重要论述。")
    assert plain.excerpt == "总书记总书记" and "3遍" in plain.message
    [listed] = _w101("县委、党委、党委、党委班子成员参加会议。")
    assert listed.excerpt == "、党委、党委"
    # Three copies are a slip even where two would end one item and begin the next.
    [chained] = _w101("依托融媒体中心、中心、中心城区大屏开展宣传。")
    assert chained.excerpt == "、中心、中心" and "3遍" in chained.message


@pytest.mark.parametrize("unit", ["的", "一", "万", "层层"])
def test_runs_of_one_character_or_a_reduplication_are_not_findings(unit):
    assert _w101("开展" + unit * 5000 + "。") == []


@pytest.mark.parametrize("text", [
    "以城区带动乡村、乡村支撑城区的格局逐步形成。",   # a word ends one clause and begins the next
    "让群众想参与、参与了有收获。",
    "推进产业数字化、数字化治理同步发展。",             # list items sharing a part
    "依托融媒体中心、中心城区大屏开展宣传。",
    "规范村党组织组织生活制度。",                       # 党组织 + 组织生活
])
def test_deliberate_repeats_across_a_word_are_not_findings(text):
    assert _w101(text) == []


@pytest.mark.parametrize("text,excerpt", [
    ("县委、党委、党委班子成员参加会议。", "、党委"),
    ("组织县直单位与党委、党委办公室开展联学。", "、党委"),
    ("召开党委党委会议。", "党委"),
])
def test_a_unit_standing_alone_twice_is_a_finding(text, excerpt):
    assert [f.excerpt for f in _w101(text)] == [excerpt]


def _finding(text: str, start: int, end: int) -> rcheck.Finding:
    doc = rcheck.Document(text)
    (line, column), (end_line, end_column) = doc.position(start), doc.position(end)
    return rcheck.Finding("T101", "stray-space", "warning", "多余空格", start, end, line, column,
                          end_line, end_column, text[start:end][:40])


def test_text_output_shows_a_window_of_a_very_long_line():
    text = "开展工作。" * 20000 + "多余 空格" + "开展工作。" * 20000 + "\n第二行。\n"
    at = text.index(" ")
    out = render_text([FileResult("x.txt", [_finding(text, at, at + 1)], None, text)])
    head, shown, carets = out.splitlines()[:3]
    assert head == f"x.txt:1:{at + 1}: T101 [stray-space] 多余空格"
    assert shown == "    …" + text[at - 30:at + 40]
    # The caret sits under the space: the excerpt before it is 1 + 30 wide characters.
    assert carets == "    " + " " * (1 + 60) + "^"


def test_carets_end_with_the_shown_text():
    text = "正文" * 100 + "\n"
    out = render_text([FileResult("x.txt", [_finding(text, 10, 190)], None, text)])
    shown, carets = out.splitlines()[1:3]
    assert shown == "    " + text[:70]
    # Under characters 10-69 of the 70 shown, not the 180 of the span.
    assert carets == "    " + " " * 20 + "^" * 120


def test_json_findings_are_the_findings_fields():
    text = "学习总书记总书记讲话。\n"
    findings = rcheck.lint(text, select=["W101"])
    [got] = json.loads(render_json([FileResult("x.txt", findings, None, text)]))["files"][0]["findings"]
    assert got == findings[0].to_dict() and list(got) == list(findings[0].to_dict())


def test_json_report_is_laid_out_as_json_dumps_with_indent(samples):
    results = [FileResult(str(p), rcheck.lint(rcheck.load(p)), None, None)
               for p in sorted(samples.glob("*.txt"))]
    # Strings that look like the layout's own keys are escaped, and a file may have no findings.
    results.append(FileResult('名称"findings": [].txt', [], "summary", None))
    expected = json.dumps(lint_payload(results), ensure_ascii=False, indent=2) + "\n"
    assert render_json(results) == expected
    assert render_json([]) == json.dumps(lint_payload([]), ensure_ascii=False, indent=2) + "\n"


def test_lone_surrogates_from_a_library_caller_are_read_not_raised() -> None:
    # A str from a broken source may hold lone surrogates: every rule (W105 too) and extraction
    # read them as one character each, so offsets still index the text as given.
    import rcheck
    from rcheck.extract import extract

    text = ("关于2025年工作情况的报告\n一、主要工作\n全县共有\ud800三名教师获评二登奖，完成*个项目。\n"
            "二、下一步打算\n由县教育局牵头，2026年6月底前完成\udfff培训3000人次。\n")
    findings = rcheck.lint(text, select=["ALL", "W105"])
    by_code = {f.code: f for f in findings}
    assert text[by_code["P101"].start:by_code["P101"].end] == "*"
    assert text[by_code["W105"].start:by_code["W105"].end] == "登"
    result = extract(rcheck.Document(text))
    assert result.commitments and any(m.value == 3000 for m in result.metrics)
