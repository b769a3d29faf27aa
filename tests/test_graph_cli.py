"""`rcheck graph`: every format through the command line, file-only formats, Graphviz, bad input."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import stat

import networkx as nx
import pytest
from click.testing import CliRunner

from rcheck.cli import main
from rcheck.formats.graph_export import mermaid_label

PLAN = "graph-01-rural-environment-plan.txt"
KEYPOINTS = "graph-02-work-safety-keypoints.txt"


def run(*args: str, input: bytes | None = None, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, list(args), input=input, env=env)


@pytest.fixture
def plan(samples) -> str:
    return str(samples / PLAN)


@pytest.fixture
def both(samples) -> list[str]:
    return [str(samples / PLAN), str(samples / KEYPOINTS)]


def test_json(both):
    result = run("graph", *both, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["version"] == 1 and [f["path"] for f in data["files"]] == both
    g = nx.node_link_graph(data["graph"], edges="edges")
    assert g.nodes["unit:住建局"]["leads"] == 4  # 县住建局 of the second draft merged in
    assert {d["kind"] for _, _, d in g.edges(data=True)} == {"lead", "cooperates", "targets", "in-section"}


def test_graphml_file_loads_back(both, tmp_path):
    out = tmp_path / "plans.graphml"
    assert run("graph", *both, "--format", "graphml", "-o", str(out)).exit_code == 0
    back = nx.read_graphml(out)
    again = nx.node_link_graph(json.loads(run("graph", *both, "--format", "json").stdout)["graph"],
                               edges="edges")
    assert set(back.nodes) == set(again.nodes) and set(back.edges) == set(again.edges)


def test_dot(plan):
    result = run("graph", plan, "--format", "dot")
    assert result.exit_code == 0
    text = result.stdout
    assert text.startswith("digraph ") and "rankdir=LR" in text
    assert text.count("rank=same;") == 4  # units, measures, targets, sections: one column each
    assert '"unit:宣传部" -> "measure:' in text


def test_mermaid_labels_are_escaped(tmp_path):
    draft = tmp_path / "brackets.txt"
    draft.write_text("关于试点的实施方案\n一、主要任务\n"
                     "1.开展\"清河行动\"[试点]与{示范}建设，2026年10月底前完成。（县住建局牵头）\n",
                     encoding="utf-8")
    result = run("graph", str(draft), "--format", "mermaid")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "flowchart LR"
    shape = re.compile(r'^  [umts]\d+(\(\["|\[\["|\(\("|\[")[^"\[\]{}()]*("\]\)|"\]\]|"\)\)|"\])$')
    nodes = [line for line in lines[1:] if not re.match(r"^  (?:[umts]\d+ |classDef |class )", line)]
    assert nodes and all(shape.match(line) for line in nodes), nodes
    assert any("#quot;清河行动#quot;#91;试点#93;" in line for line in nodes)
    assert mermaid_label('a"b[c]d(e)f|g') == "a#quot;b#91;c#93;d#40;e#41;f#124;g"


def test_csv_has_bom_and_exactly_five_columns(plan, tmp_path):
    out = tmp_path / "table.csv"
    assert run("graph", plan, "--format", "csv", "-o", str(out)).exit_code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]
    assert all(len(r) == 5 for r in rows) and len(rows) == 13
    assert rows[12] == ["12", "强化督查考核。将农村人居环境整治提升纳入乡村振兴实绩考核，"
                              "每半年开展一次专项督查，对工作推进缓慢的乡镇进行通报。",
                        "县委督查室", "县纪委监委、县农业农村局", "每半年"]
    stdout = run("graph", plan, "--format", "csv").stdout_bytes
    assert stdout == out.read_bytes()


def test_csv_by_unit(plan):
    data = run("graph", plan, "--format", "csv", "--by-unit").stdout_bytes.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    assert rows[0] == ["单位", "职责", "序号", "工作任务", "完成时限"]
    # 县农业农村局 leads 1, 2, 6, 9 and co-operates on 8, 10, 12: the busiest unit comes first.
    assert [(r[0], r[1], r[2]) for r in rows[1:8]] == [
        ("县农业农村局", "牵头", "1"), ("县农业农村局", "牵头", "2"), ("县农业农村局", "牵头", "6"),
        ("县农业农村局", "牵头", "9"), ("县农业农村局", "配合", "8"), ("县农业农村局", "配合", "10"),
        ("县农业农村局", "配合", "12")]


def test_markdown_both_tables_and_by_unit(both):
    text = run("graph", *both, "--format", "markdown").stdout
    assert "| 序号 | 工作任务 | 牵头单位 | 配合单位 | 完成时限 |" in text
    assert "## 各单位责任清单" in text and "住建局：牵头4项、配合3项" in text
    assert "| 15 | 开展城镇燃气安全专项整治" in text
    only = run("graph", *both, "--format", "markdown", "--by-unit").stdout
    assert "任务分工表" not in only and "| 单位 | 职责 | 序号 | 工作任务 | 完成时限 |" in only


def test_xlsx_needs_output_and_has_two_styled_sheets(both, tmp_path):
    result = run("graph", *both, "--format", "xlsx")
    assert result.exit_code == 2 and "--output" in result.stderr and result.stderr.count("\n") == 1
    out = tmp_path / "分工.xlsx"
    assert run("graph", *both, "--format", "xlsx", "-o", str(out)).exit_code == 0
    assert os.listdir(tmp_path) == ["分工.xlsx"]  # no temporary file left behind
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask  # readable as a plain file would be
    from openpyxl import load_workbook

    wb = load_workbook(out)
    assert wb.sheetnames == ["任务分工表", "责任清单"]
    table = wb["任务分工表"]
    assert [c.value for c in table[1]] == ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]
    assert all(c.font.bold for c in table[1]) and table.freeze_panes == "A2"
    assert table.column_dimensions["B"].width > 40
    assert table.max_row == 23 and table["A23"].value == 22
    assert [c.value for c in table[16]] == [
        15, "开展城镇燃气安全专项整治，每季度对全县餐饮场所燃气使用情况开展一次全覆盖检查，"
            "年内完成老旧燃气管道更新改造18公里。", "县住建局", "县市场监管局、县消防救援大队", "年内"]
    units = wb["责任清单"]
    assert [c.value for c in units[1]] == ["单位", "职责", "序号", "工作任务", "完成时限"]
    assert units["A2"].value == "县农业农村局"


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
@pytest.mark.parametrize(("fmt", "magic"), [("svg", b"<svg"), ("png", b"\x89PNG")])
def test_image_render(plan, tmp_path, fmt, magic):
    out = tmp_path / f"plan.{fmt}"
    result = run("graph", plan, "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert magic in data[:400]
    if fmt == "svg":
        assert "县农业农村局" in data.decode("utf-8")


def test_image_without_dot_says_how_to_install(plan, tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    out = tmp_path / "plan.svg"
    result = run("graph", plan, "--format", "svg", "-o", str(out), env={"PATH": str(empty)})
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "apt install graphviz" in result.stderr and "brew install graphviz" in result.stderr
    assert not out.exists()


def test_svg_needs_output(plan):
    result = run("graph", plan, "--format", "svg")
    assert result.exit_code == 2 and "--output" in result.stderr


def test_by_unit_only_for_tables(plan):
    result = run("graph", plan, "--format", "json", "--by-unit")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1


def test_bad_input_one_line_exit_2(plan, tmp_path):
    missing = str(tmp_path / "missing.txt")
    result = run("graph", plan, missing, "--format", "csv")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "missing.txt" in result.stderr
    assert result.stdout_bytes.decode("utf-8-sig").count("\n") == 13  # the readable draft still counts
    alone = run("graph", missing)
    assert alone.exit_code == 2 and alone.stdout == ""
    empty_dir = tmp_path / "none"
    empty_dir.mkdir()
    nothing = run("graph", str(empty_dir))
    assert nothing.exit_code == 2 and nothing.stderr.count("\n") == 1


def test_stdin(samples):
    result = run("graph", "-", "--format", "json", input=(samples / KEYPOINTS).read_bytes())
    data = json.loads(result.stdout)
    assert data["files"] == [{"path": "<stdin>", "measures": 10}]
    assert any(n["id"].startswith("measure:<stdin>:") for n in data["graph"]["nodes"])


def test_lint_config_sets_g101_share(samples, tmp_path):
    shutil.copy(samples / PLAN, tmp_path / PLAN)
    (tmp_path / "rcheck.toml").write_text("graph-max-lead-share = 0.3\n", encoding="utf-8")
    result = run("lint", str(tmp_path / PLAN), "--select", "G101", "--format", "json")
    codes = [f["code"] for f in json.loads(result.stdout)["files"][0]["findings"]]
    assert codes == ["G101"] and result.exit_code == 1
    (tmp_path / "rcheck.toml").write_text("graph-max-lead-share = 2\n", encoding="utf-8")
    bad = run("lint", str(tmp_path / PLAN), "--select", "G101")
    assert bad.exit_code == 2 and "graph-max-lead-share" in bad.stderr
