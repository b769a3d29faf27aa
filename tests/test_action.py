"""`action.yml`: a composite action whose lint step runs here as it runs on a runner.

The setup-python, install and upload steps are GitHub's own actions or need a runner; the test
checks how they are wired and runs the lint step's script with bash, its `${{ inputs.* }}`
expressions resolved as Actions would."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

yaml = pytest.importorskip("yaml")

ROOT = Path(__file__).resolve().parents[1]


def _action() -> dict:
    return yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def _step(action: dict, name: str) -> dict:
    return next(s for s in action["runs"]["steps"] if s.get("name") == name)


def test_wiring() -> None:
    action = _action()
    assert action["runs"]["using"] == "composite"
    assert all(spec.get("description") for spec in action["inputs"].values())
    for step in action["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], step  # inputs reach scripts as variables only
            assert step["shell"] == "bash"
    upload = _step(action, "Upload SARIF to code scanning")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert "inputs.upload-sarif == 'true'" in upload["if"]
    assert upload["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
    assert action["inputs"]["upload-sarif"]["default"] == "false"
    install = _step(action, "Install rcheck")
    assert "pip install" in install["run"] and install["env"]["ACTION_PATH"] == "${{ github.action_path }}"


def _resolve(value: str, inputs: dict[str, str]) -> str:
    return re.sub(r"\$\{\{\s*inputs\.([\w-]+)\s*\}\}", lambda m: inputs[m.group(1)], value)


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_lint_step_runs(tmp_path: Path) -> None:
    if shutil.which("rcheck", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("rcheck console script not installed beside this interpreter")
    action = _action()
    step = _step(action, "rcheck lint (SARIF)")
    drafts = tmp_path / "docs"
    drafts.mkdir()
    (drafts / "a.md").write_text("关于工作的报告\n开展专题学习*次。\n", encoding="utf-8")
    (drafts / "b.txt").write_text("关于工作的报告\n开展专题学习12次。\n", encoding="utf-8")
    inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    inputs.update(paths="docs", args="--select P")
    env = {**os.environ, **{k: _resolve(v, inputs) for k, v in step["env"].items()},
           "GITHUB_OUTPUT": str(tmp_path / "output"), "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
           "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")}
    proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "output").read_text() == "exit-code=1\n"
    sarif = json.loads((tmp_path / "rcheck.sarif").read_text(encoding="utf-8"))
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["P101"]
    assert proc.stdout.startswith("::error file=docs/a.md,line=2,")
    assert "| docs/a.md | 2 | error | P101 |" in (tmp_path / "summary.md").read_text(encoding="utf-8")

    # An input error stops the step with rcheck's code, before any upload.
    env["RCHECK_PATHS"] = "missing.txt"
    proc = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "::error::rcheck 无法完成检查" in proc.stdout
