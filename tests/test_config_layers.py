"""Per-rule severities, `extend`, the allow-list and the user-level settings file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from rcheck.cli import main

DRAFT = "关于工作的报告\n把这项工作做为“一把手”工程来抓，开展学习*次。\n"  # W104 (做为) warning, P101 error


@pytest.fixture(autouse=True)
def no_user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home


def _lint(path: Path, *args: str) -> tuple[int, dict[str, str], str]:
    result = CliRunner().invoke(main, ["lint", "--format", "json", *args, str(path)])
    if result.exit_code == 2:
        return 2, {}, result.output
    findings = json.loads(result.output)["files"][0]["findings"]
    return result.exit_code, {f["code"]: f["severity"] for f in findings}, result.output


def _draft(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    return path


def test_severity_override(tmp_path: Path) -> None:
    draft = _draft(tmp_path / "p")
    assert _lint(draft)[1]["W104"] == "warning"
    (tmp_path / "p" / "pyproject.toml").write_text(
        '[tool.rcheck]\nfail-on = "error"\nignore = ["P101"]\n[tool.rcheck.severity]\nW104 = "error"\n',
        encoding="utf-8")
    code, severities, _ = _lint(draft)
    assert severities == {"W104": "error"} and code == 1  # fail-on error now fails on W104
    (tmp_path / "p" / "pyproject.toml").write_text(
        '[tool.rcheck]\nfail-on = "error"\nignore = ["P101"]\n'
        '[tool.rcheck.severity]\nconfusable-word = "info"\n',
        encoding="utf-8")
    assert _lint(draft)[:2] == (0, {"W104": "info"})


@pytest.mark.parametrize("table, needle", [('X999 = "error"', "X999"), ('W104 = "fatal"', "W104"),
                                           ('W104 = 1', "W104")])
def test_bad_severity_is_one_line(tmp_path: Path, table: str, needle: str) -> None:
    draft = _draft(tmp_path / "p")
    (tmp_path / "p" / "rcheck.toml").write_text(f"[severity]\n{table}\n", encoding="utf-8")
    code, _, output = _lint(draft)
    assert code == 2 and f"severity.{needle}" in output and output.count("\n") == 1


def test_extend_inherits_and_overrides(tmp_path: Path) -> None:
    shared = tmp_path / "office" / "rcheck-office.toml"
    shared.parent.mkdir()
    shared.write_text('ignore = ["P101"]\n[severity]\nW104 = "error"\n', encoding="utf-8")
    draft = _draft(tmp_path / "p")
    (tmp_path / "p" / "rcheck.toml").write_text('extend = "../office/rcheck-office.toml"\n',
                                                encoding="utf-8")
    assert _lint(draft)[1] == {"W104": "error"}
    # The file's own keys win over the shared ones.
    (tmp_path / "p" / "rcheck.toml").write_text(
        'extend = "../office/rcheck-office.toml"\nignore = []\n[severity]\nW104 = "info"\n',
        encoding="utf-8")
    assert _lint(draft)[1] == {"W104": "info", "P101": "error"}


def test_extend_loop_and_missing_file(tmp_path: Path) -> None:
    draft = _draft(tmp_path / "p")
    (tmp_path / "p" / "rcheck.toml").write_text('extend = "other.toml"\n', encoding="utf-8")
    code, _, output = _lint(draft)
    assert code == 2 and "extend" in output and "other.toml" in output
    (tmp_path / "p" / "other.toml").write_text('extend = "rcheck.toml"\n', encoding="utf-8")
    code, _, output = _lint(draft)
    assert code == 2 and "循环" in output and output.count("\n") == 1


def test_allow_list(tmp_path: Path) -> None:
    draft = _draft(tmp_path / "p")
    (tmp_path / "p" / "rcheck.toml").write_text('allow = ["做为"]\n', encoding="utf-8")
    assert _lint(draft)[1] == {"P101": "error"}
    (tmp_path / "p" / "rcheck.toml").write_text('allow = [""]\n', encoding="utf-8")
    assert _lint(draft)[0] == 2


def test_user_config_is_found_last(tmp_path: Path, no_user_config: Path) -> None:
    (no_user_config / "rcheck").mkdir(parents=True)
    (no_user_config / "rcheck" / "rcheck.toml").write_text('ignore = ["W104"]\n', encoding="utf-8")
    draft = _draft(tmp_path / "p")
    assert _lint(draft)[1] == {"P101": "error"}
    assert _lint(draft, "--isolated")[1] == {"W104": "warning", "P101": "error"}
    # A project's own file wins over the user's.
    (tmp_path / "p" / "rcheck.toml").write_text('ignore = ["P101"]\n', encoding="utf-8")
    assert _lint(draft)[1] == {"W104": "warning"}
