"""Hostile input shapes at small sizes: what must come out, and that nothing blows up.

The same shapes at sizes where time matters are in `benchmarks/test_hostile_shapes.py`.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import rcheck
from rcheck.cli import main
from rcheck.structure import cn_to_int, match_marker

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
    (tmp_path / "b.txt").write_text("学习总书记总书记重要讲话精神。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", str(tmp_path), "--format", "json", "--isolated"])
    assert result.exit_code == 1, result.output
    files = {f["path"].rsplit("/", 1)[-1]: f for f in json.loads(result.output)["files"]}
    assert set(files) == {"a.txt", "b.txt"}
    assert [f["code"] for f in files["b.txt"]["findings"]] == ["W101"]


def test_doubled_ten_is_not_a_numeral():
    assert cn_to_int("十十") is None
    assert match_marker("十十、工作") is None
    doc = rcheck.Document("工作总结\n十十、工作\n一、总体要求\n正文。\n")
    assert [h.number for h in doc.headings] == [1]
