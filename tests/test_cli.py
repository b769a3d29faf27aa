from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from rcheck.cli import main


def run(*args: str, input: bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def test_clean_exit_0(samples):
    result = run("lint", str(samples / "clean-report.txt"))
    assert result.exit_code == 0, result.output
    assert "no findings" in result.output


def test_findings_exit_1_with_compiler_lines(samples):
    path = samples / "flawed-placeholders.txt"
    result = run("lint", str(path))
    assert result.exit_code == 1
    first = result.output.splitlines()[0]
    assert first.startswith(f"{path}:3:15: P101 [placeholder] ")
    assert "22 finding(s) in 1 file(s)" in result.output


def test_select_ignore_and_prefixes(samples):
    path = str(samples / "flawed-typography.txt")
    got = json.loads(run("lint", path, "--format", "json", "--select", "T1",
                         "--ignore", "T102,T105").output)
    assert set(got["summary"]["by_code"]) == {"T101", "T103", "T104"}
    result = run("lint", path, "--select", "Z9")
    assert result.exit_code == 2 and "unknown rule code" in result.output


def test_fail_on_error_ignores_warnings(samples):
    path = str(samples / "flawed-typography.txt")
    assert run("lint", path, "--fail-on", "error").exit_code == 0
    assert run("lint", path).exit_code == 1


def test_output_written_atomically(samples, tmp_path):
    out = tmp_path / "report.json"
    result = run("lint", str(samples / "flawed-debris.txt"), "--format", "json", "-o", str(out))
    assert result.exit_code == 1 and result.output == ""
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == 1
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]


def test_stdin(samples):
    data = (samples / "flawed-placeholders.txt").read_bytes()
    result = run("lint", "-", "--format", "json", input=data)
    got = json.loads(result.output)
    assert got["files"][0]["path"] == "<stdin>" and got["summary"]["findings"] == 22


def test_directory_with_one_bad_file(tmp_path, samples):
    shutil.copy(samples / "flawed-placeholders.txt", tmp_path / "a.txt")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02binary")
    shutil.copy(samples / "clean-report.txt", tmp_path / "c.txt")
    result = CliRunner().invoke(main, ["lint", str(tmp_path), "--format", "json"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "b.txt: binary file" in result.stderr
    got = json.loads(result.stdout)
    assert [f["path"].split("/")[-1] for f in got["files"]] == ["a.txt", "c.txt"]


@pytest.mark.parametrize("content", [b"", b"\x00\x00\xff", b"\xff\xfe\x00"])
def test_bad_input_one_line_exit_2(tmp_path, content):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = CliRunner().invoke(main, ["lint", str(path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"rcheck: error: {path}: ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_missing_file(tmp_path):
    result = CliRunner().invoke(main, ["lint", str(tmp_path / "none.txt")])
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_inputs_never_modified(samples, tmp_path):
    paths = sorted(samples.glob("*.txt"))
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}
    run("lint", *map(str, paths), "--format", "sarif", "-o", str(tmp_path / "x.sarif"))
    assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths} == before


def test_config_discovered_upward(tmp_path, samples):
    (tmp_path / "rcheck.toml").write_text('ignore = ["P101"]\nfail-on = "error"\n')
    sub = tmp_path / "drafts"
    sub.mkdir()
    shutil.copy(samples / "flawed-placeholders.txt", sub / "d.txt")
    assert run("lint", str(sub / "d.txt")).exit_code == 0
    assert run("lint", str(sub / "d.txt"), "--isolated").exit_code == 1


def test_pyproject_tool_section_and_per_file_ignores(tmp_path, samples):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.rcheck]\nselect = ["P"]\n[tool.rcheck.per-file-ignores]\n"old-*.txt" = ["P101"]\n')
    shutil.copy(samples / "flawed-placeholders.txt", tmp_path / "old-1.txt")
    shutil.copy(samples / "flawed-placeholders.txt", tmp_path / "new-1.txt")
    assert run("lint", str(tmp_path / "old-1.txt")).exit_code == 0
    assert run("lint", str(tmp_path / "new-1.txt")).exit_code == 1


def test_bad_config_is_one_line(tmp_path, samples):
    cfg = tmp_path / "rcheck.toml"
    cfg.write_text("selectt = ['P']\n")
    result = CliRunner().invoke(main, ["lint", "--config", str(cfg),
                                       str(samples / "clean-report.txt")])
    assert result.exit_code == 2 and "unknown key" in result.stderr


def test_rules_and_explain():
    listing = run("rules").output
    for code in ["P101", "D101", "T101", "T102", "T103", "T104", "T105"]:
        assert code in listing
    text = run("explain", "P101").output
    assert "错误示例" in text and "正确示例" in text and "占位符" in text
    assert run("explain", "placeholder").exit_code == 0
    # Each bad example with the finding it must give, and the fix where one is certain.
    text = run("explain", "T105").output
    assert "加强组织领导，，压实工作责任。。\n      → 第7字 “，，”：建议改为“，”" in text
    assert "压实工作责任，。下一步继续抓好落实。\n      → 第7字 “，。”：需人工判断如何改" in text
    assert "第2字 “␣”：建议删除" in run("explain", "T101").output
    assert run("explain", "X999").exit_code == 2


def test_github_annotations(samples):
    out = run("lint", str(samples / "crlf-report.txt"), "--format", "github").output
    assert out.startswith("::error file=") and ",line=7," in out and "title=P101 placeholder::" in out


def test_installed_console_script(samples):
    exe = shutil.which("rcheck", path=str(__import__("pathlib").Path(sys.executable).parent))
    if exe is None:
        pytest.skip("console script not installed beside this interpreter")
    proc = subprocess.run([exe, "lint", str(samples / "flawed-placeholders.txt"),
                           "--format", "json"], capture_output=True, timeout=60)
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["summary"]["by_code"] == {"P101": 22}
    proc = subprocess.run([exe, "lint", "/nonexistent.txt"], capture_output=True, timeout=60)
    assert proc.returncode == 2 and proc.stderr.decode().count("\n") == 1


def _modules_loaded(args: list[str]) -> list[str]:
    code = ("import sys; from rcheck.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('rjieba', 'rjieba.rjieba', 'jieba', 'rapidfuzz') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=60)
    return proc.stdout.strip().splitlines()[-1]


def test_rules_that_need_no_words_do_not_load_the_tokenizer(samples, tmp_path):
    path = str(samples / "flawed-typography.txt")
    assert _modules_loaded(["lint", path, "--select", "P,D,T"]) == "[]"
    doubled = tmp_path / "d.txt"
    doubled.write_text("深入学习总书记总书记关于意识形态工作的重要论述。", encoding="utf-8")
    # rjieba's compiled module alone: its package would build a second, unused dictionary.
    assert _modules_loaded(["lint", str(doubled), "--select", "W101", "--isolated"]) == "['rjieba.rjieba']"


def test_every_command_writes_its_formats_through_one_table():
    from rcheck.formats import WRITERS, write

    with pytest.raises(ValueError):
        write("diff", "sarif", None)
    assert set(WRITERS) == {"lint", "extract", "graph", "diff", "diff-template", "compare", "follow-up"}
