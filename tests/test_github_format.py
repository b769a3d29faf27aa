"""`--format github` within GitHub's limits (10 annotations per level, a 1 MiB step summary),
and `--format rdjsonl` for reviewdog."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from rcheck.cli import main


def _many(tmp_path: Path, lines: int) -> Path:
    # Each line: a placeholder (P101, error), a stray space (T101, warning); the plan section
    # at the end gives vague commitments (C101, info).
    body = "\n".join(f"第{i}项工作中开展专题学习*次，覆盖 {i}个支部。" for i in range(lines))
    path = tmp_path / "many.md"
    path.write_text("关于2025年工作情况的报告\n一、主要工作\n" + body + "\n", encoding="utf-8")
    return path


def _run(path: Path, *args: str, summary: Path | None = None) -> tuple[int, str]:
    env = {"GITHUB_STEP_SUMMARY": str(summary)} if summary else {"GITHUB_STEP_SUMMARY": ""}
    result = CliRunner().invoke(main, ["lint", *args, str(path)], env=env)
    return result.exit_code, result.output


def test_annotations_most_severe_first_ten_per_level(tmp_path: Path) -> None:
    path = _many(tmp_path, 30)
    summary = tmp_path / "summary.md"
    code, out = _run(path, "--format", "github", summary=summary)
    assert code == 1
    lines = out.splitlines()
    levels = [m.group(1) for line in lines if (m := re.match(r"::(\w+) ", line))]
    assert levels == ["error"] * 10 + ["warning"] * 10
    # The first annotations are the first errors in the file, in order.
    assert ",line=3," in lines[0] and ",line=4," in lines[1]
    total = json.loads(_run(path, "--format", "json")[1])["summary"]["findings"]
    assert f"另有 {total - 20} 个问题" in lines[-1] and not lines[-1].startswith("::")

    table = summary.read_text(encoding="utf-8")
    rows = [r for r in table.splitlines() if r.startswith("| ") and "---" not in r][1:]
    assert len(rows) == total
    assert rows[0].startswith(f"| {path} | 3 | error | P101 |")
    # Appended, as Actions expects of each step.
    _run(path, "--format", "github", summary=summary)
    assert summary.read_text(encoding="utf-8") == table * 2


def test_few_findings_no_count_line(tmp_path: Path) -> None:
    path = tmp_path / "d.txt"
    path.write_text("关于工作的报告\n开展学习*次。\n", encoding="utf-8")
    code, out = _run(path, "--format", "github")
    assert code == 1 and out.count("\n") == 1 and out.startswith("::error ")


def test_a_suggestion_is_the_annotations_second_line_and_in_the_summary(tmp_path: Path) -> None:
    path = tmp_path / "d.txt"
    path.write_text("关于工作的报告\n会议要求，，各单位认真落实。\n开展学习*次。\n", encoding="utf-8")
    summary = tmp_path / "summary.md"
    _, out = _run(path, "--format", "github", summary=summary)
    by_code = {re.search(r"title=(\w+)", line).group(1): line for line in out.splitlines()}
    # T105 knows its fix; P101 (a placeholder to fill in) has none, and says none.
    assert by_code["T105"].endswith("::T105 标点重复“，，”%0A建议 (suggestion): “，”")
    assert "%0A" not in by_code["P101"]
    table = summary.read_text(encoding="utf-8")
    assert "| T105 | 标点重复“，，”；建议 (suggestion): “，” |" in table


def test_step_summary_stays_under_one_mib(tmp_path: Path) -> None:
    path = _many(tmp_path, 6000)
    summary = tmp_path / "summary.md"
    code, _ = _run(path, "--format", "github", summary=summary)
    assert code == 1
    data = summary.read_bytes()
    assert len(data) < 1024 * 1024
    total = json.loads(_run(path, "--format", "json")[1])["summary"]["findings"]
    rows = [r for r in data.decode("utf-8").splitlines() if r.startswith("| ") and "---" not in r][1:]
    assert 0 < len(rows) < total
    assert f"还有 {total - len(rows)} 个问题未列出" in data.decode("utf-8")


def test_summary_cells_are_escaped(tmp_path: Path) -> None:
    from rcheck.finding import Finding
    from rcheck.formats import FileResult
    from rcheck.formats.github import render_step_summary

    f = Finding("P101", "placeholder", "error", "a|b<script>\nc", 0, 1, 1, 1, 1, 2, "x")
    table = render_step_summary([FileResult("a|b.md", [f])])
    row = table.splitlines()[-1]
    assert row == r"| a\|b.md | 1 | error | P101 | a\|b&lt;script&gt; c |"


def test_rdjsonl_for_reviewdog(tmp_path: Path) -> None:
    path = tmp_path / "d.txt"
    path.write_text("关于工作的报告\n𠮷开展学习 活动*次。\n", encoding="utf-8")
    code, out = _run(path, "--format", "rdjsonl")
    assert code == 1
    items = [json.loads(line) for line in out.splitlines()]
    findings = json.loads(_run(path, "--format", "json")[1])["files"][0]["findings"]
    assert [i["code"]["value"] for i in items] == [f["code"] for f in findings]
    space = next(i for i in items if i["code"]["value"] == "T101")
    # Code-point column 6 is byte column 1 + 4 (𠮷) + 4 × 3 (开展学习) = 17 in UTF-8.
    assert space["location"] == {"path": str(path), "range": {
        "start": {"line": 2, "column": 17}, "end": {"line": 2, "column": 18}}}
    assert space["severity"] == "WARNING" and space["source"]["name"] == "rcheck"
    assert space["suggestions"] == [{"range": space["location"]["range"], "text": ""}]
    assert next(i for i in items if i["code"]["value"] == "P101")["severity"] == "ERROR"
