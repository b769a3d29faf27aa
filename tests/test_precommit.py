"""The pre-commit hook in `.pre-commit-hooks.yaml`, run by pre-commit itself.

`pre-commit try-repo` installs the hook with `pip install .` into a fresh virtualenv, which
needs the package index (not every dependency is in the local wheel folders), and the tests
make no network calls; so the default test runs the manifest's own hook through pre-commit as a
`system` hook (pre-commit's file selection and filename passing, the `rcheck` on PATH), and the
full `try-repo` runs when `RCHECK_TRY_REPO=1` is set (about a minute).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pre_commit")

from pre_commit.clientlib import load_manifest

ROOT = Path(__file__).resolve().parents[1]
FLAWED = "关于工作的报告\n开展专题学习*次。\n"
CLEAN = "关于工作的报告\n开展专题学习12次。\n"


def _manifest() -> dict:
    hooks = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))  # pre-commit's own schema check
    assert [h["id"] for h in hooks] == ["rcheck"]
    return hooks[0]


def test_manifest() -> None:
    hook = _manifest()
    assert hook["entry"] == "rcheck lint"
    assert hook["language"] == "python"
    assert hook["files"] == r"\.(md|txt|docx)$"
    assert hook["pass_filenames"] is True


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"})


def _scratch(tmp_path: Path) -> Path:
    repo = tmp_path / "drafts"
    repo.mkdir()
    _git(repo, "init", "-q")
    (repo / "flawed.md").write_text(FLAWED, encoding="utf-8")
    (repo / "clean.txt").write_text(CLEAN, encoding="utf-8")
    (repo / "notes.rst").write_text(FLAWED, encoding="utf-8")  # not matched by `files`
    _git(repo, "add", ".")
    return repo


def _pre_commit(repo: Path, tmp_path: Path, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    # The rcheck beside this interpreter first, as in a virtualenv where it is installed.
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=timeout)


def test_hook_runs_under_pre_commit(tmp_path: Path) -> None:
    if shutil.which("rcheck", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("rcheck console script not installed beside this interpreter")
    hook = _manifest()
    repo = _scratch(tmp_path)
    entry = {k: hook[k] for k in ("id", "name", "entry", "files", "pass_filenames")}
    lines = ["repos:", "- repo: local", "  hooks:", f"  - id: {entry['id']}", f"    name: {entry['name']}",
             f"    entry: {entry['entry']}", "    language: system", f"    files: '{entry['files']}'",
             f"    pass_filenames: {str(entry['pass_filenames']).lower()}"]
    (repo / ".pre-commit-config.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _git(repo, "add", ".pre-commit-config.yaml")
    proc = _pre_commit(repo, tmp_path, "run", "--all-files")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "flawed.md:2:7: P101" in proc.stdout
    assert "notes.rst" not in proc.stdout and "2 个文件" in proc.stdout  # flawed.md, clean.txt

    (repo / "flawed.md").write_text(CLEAN, encoding="utf-8")
    _git(repo, "add", "flawed.md")
    proc = _pre_commit(repo, tmp_path, "run", "--all-files")
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.skipif(os.environ.get("RCHECK_TRY_REPO") != "1",
                    reason="installs rcheck from the package index: set RCHECK_TRY_REPO=1")
def test_try_repo(tmp_path: Path) -> None:
    repo = _scratch(tmp_path)
    proc = _pre_commit(repo, tmp_path, "try-repo", str(ROOT), "rcheck", "--all-files", timeout=900)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "flawed.md:2:7: P101" in proc.stdout and "notes.rst" not in proc.stdout
