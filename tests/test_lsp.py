"""`rcheck server` driven over stdio like an editor: diagnostics match `rcheck lint`, positions
are in the negotiated encoding, hover is `rcheck explain`, code actions edit what they say."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("pygls")

from lsp_client import LspClient

from rcheck.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
WIDE = "𠮷"  # outside the BMP: one code point, two UTF-16 units, four UTF-8 bytes


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "ws"
    root.mkdir()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-user-config"))
    return root


@pytest.fixture
def client(workspace: Path):
    c = LspClient(cwd=workspace)
    yield c
    if c.proc.poll() is None:
        c.proc.kill()
        c.proc.wait()


def test_docs_url_links_each_diagnostic(workspace: Path) -> None:
    c = LspClient(cwd=workspace, args=("--docs-url", "http://docs.local/rules/{code}.html"))
    try:
        c.initialize(workspace)
        path, text = _draft(workspace)
        diagnostics = _open(c, path, text)
        assert diagnostics
        for d in diagnostics:
            assert d["codeDescription"]["href"] == f"http://docs.local/rules/{d['code'].lower()}.html"
        assert c.close() == 0
    finally:
        if c.proc.poll() is None:
            c.proc.kill()
            c.proc.wait()


def test_docs_url_without_code_is_refused() -> None:
    proc = subprocess.run([sys.executable, "-c", "from rcheck.cli import main; main()", "server",
                           "--docs-url", "http://docs.local/"], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 2 and "{code}" in proc.stderr and "Traceback" not in proc.stderr


def _draft(workspace: Path, name: str = "draft.txt") -> tuple[Path, str]:
    lines = (SAMPLES / "flawed-typography.txt").read_text(encoding="utf-8").split("\n")
    lines[3] = WIDE * 2 + lines[3]  # 𠮷𠮷2024 年…: the stray space after 2024 moves by 2 code points
    text = "\n".join(lines)
    path = workspace / name
    path.write_text(text, encoding="utf-8")
    return path, text


def _cli_findings(path: Path) -> list[dict]:
    result = CliRunner().invoke(main, ["lint", "--format", "json", str(path)])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)["files"][0]["findings"]


def _units(text: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(text.encode("utf-8"))
    if encoding == "utf-32":
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _expected(findings: list[dict], text: str, encoding: str = "utf-16") -> list[dict]:
    lines = text.split("\n")
    severity = {"error": 1, "warning": 2, "info": 3}

    def pos(line: int, column: int) -> dict:
        return {"line": line - 1, "character": _units(lines[line - 1][:column - 1], encoding)}

    return [{"code": f["code"], "severity": severity[f["severity"]], "message": f["message"],
             "range": {"start": pos(f["line"], f["column"]), "end": pos(f["end_line"], f["end_column"])}}
            for f in findings]


def _open(client: LspClient, path: Path, text: str, language: str = "plaintext") -> list[dict]:
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": path.as_uri(), "languageId": language, "version": 1, "text": text}})
    return client.diagnostics(path.as_uri())


def _shape(diagnostics: list[dict]) -> list[dict]:
    return [{k: d[k] for k in ("code", "severity", "message", "range")} for d in diagnostics]


def test_diagnostics_equal_lint_in_utf16(client: LspClient, workspace: Path) -> None:
    result = client.initialize(workspace)
    assert result["capabilities"].get("positionEncoding", "utf-16") == "utf-16"
    path, text = _draft(workspace)
    diagnostics = _open(client, path, text)
    findings = _cli_findings(path)
    assert len(findings) > 10
    assert _shape(diagnostics) == _expected(findings, text)
    for d in diagnostics:
        assert d["source"] == "rcheck"
        assert "codeDescription" not in d  # no rule site unless --docs-url names one
    # The stray space of `𠮷𠮷2024 年` sits at code-point column 7 but UTF-16 character 8.
    space = next(d for d in diagnostics if d["code"] == "T101" and d["range"]["start"]["line"] == 3)
    assert space["range"]["start"]["character"] == 2 * 2 + 4
    assert client.close() == 0


def test_utf8_when_the_client_asks(client: LspClient, workspace: Path) -> None:
    result = client.initialize(workspace, encodings=["utf-8", "utf-16"])
    assert result["capabilities"]["positionEncoding"] == "utf-8"
    path, text = _draft(workspace, "整改 报告.md")  # a Chinese name with a space: a %-quoted URI
    diagnostics = _open(client, path, text, "markdown")
    assert _shape(diagnostics) == _expected(_cli_findings(path), text, "utf-8")
    space = next(d for d in diagnostics if d["code"] == "T101" and d["range"]["start"]["line"] == 3)
    assert space["range"]["start"]["character"] == 2 * 4 + 4
    assert client.close() == 0


def test_change_is_debounced_and_save_lints(client: LspClient, workspace: Path) -> None:
    client.initialize(workspace)
    path, text = _draft(workspace)
    uri = path.as_uri()
    _open(client, path, text)
    # Three quick edits: one lint after the pause, of the last text.
    for version, line in enumerate(("开展学习*次。", "开展学习**次。", "开展学习*次，，完成。"), start=2):
        client.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": "关于工作的报告\n" + line + "\n"}]})
    message = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    assert message["params"]["version"] == 4
    assert sorted(d["code"] for d in message["params"]["diagnostics"]) >= ["P101", "T105"]
    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    again = client.diagnostics(uri)
    assert _shape(again) == _shape(message["params"]["diagnostics"])
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert client.diagnostics(uri) == []
    assert client.close() == 0


def test_hover_shows_explain(client: LspClient, workspace: Path) -> None:
    client.initialize(workspace)
    path, text = _draft(workspace)
    diagnostics = _open(client, path, text)
    target = next(d for d in diagnostics if d["code"] == "T101")
    hover = client.request("textDocument/hover", {"textDocument": {"uri": path.as_uri()},
                                                  "position": target["range"]["start"]})
    explain = CliRunner().invoke(main, ["explain", "T101"]).output.rstrip("\n")
    assert explain in hover["contents"]["value"]
    nothing = client.request("textDocument/hover", {"textDocument": {"uri": path.as_uri()},
                                                    "position": {"line": 1, "character": 0}})
    assert nothing is None
    assert client.close() == 0


def _apply(text: str, edit: dict) -> str:
    lines = text.split("\n")

    def offset(p: dict) -> int:
        before = sum(len(line) + 1 for line in lines[:p["line"]])
        line = lines[p["line"]]
        units = 0
        for i, c in enumerate(line):
            if units >= p["character"]:
                return before + i
            units += _units(c, "utf-16")
        return before + len(line)

    start, end = offset(edit["range"]["start"]), offset(edit["range"]["end"])
    return text[:start] + edit["newText"] + text[end:]


def test_code_actions(client: LspClient, workspace: Path) -> None:
    client.initialize(workspace)
    path, text = _draft(workspace)
    uri = path.as_uri()
    diagnostics = _open(client, path, text)
    space = next(d for d in diagnostics if d["code"] == "T101" and d["range"]["start"]["line"] == 3)
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": uri}, "range": space["range"],
        "context": {"diagnostics": [space]}})
    titles = [a["title"] for a in actions if a["diagnostics"][0]["code"] == "T101"]
    # A space is never worth allowing everywhere: no allow-list action for it.
    assert any("忽略" in t for t in titles) and not any("允许列表" in t for t in titles)

    fix = next(a for a in actions if a.get("isPreferred") and a["diagnostics"][0]["code"] == "T101")
    fixed = _apply(text, fix["edit"]["changes"][uri][0])
    assert fixed.split("\n")[3].startswith(WIDE * 2 + "2024年")

    ignore = next(a for a in actions if "忽略" in a["title"] and a["diagnostics"][0]["code"] == "T101")
    ignored = _apply(text, ignore["edit"]["changes"][uri][0])
    assert ignored.split("\n")[3] == "<!-- rcheck-disable-next-line T101 -->"
    assert ignored.split("\n")[4] == text.split("\n")[3]

    # No settings in the workspace: the allow-list entry goes into a new rcheck.toml there.
    placeholder = workspace / "p.txt"
    placeholder.write_text("关于工作的报告\n开展专题学习某某次。\n", encoding="utf-8")
    diagnostics = _open(client, placeholder, placeholder.read_text(encoding="utf-8"))
    slot = next(d for d in diagnostics if d["code"] == "P101")
    actions = client.request("textDocument/codeAction", {
        "textDocument": {"uri": placeholder.as_uri()}, "range": slot["range"],
        "context": {"diagnostics": [slot]}})
    allow = next(a for a in actions if "允许列表" in a["title"])
    create, edit = allow["edit"]["documentChanges"]
    assert create["kind"] == "create" and create["uri"] == (workspace / "rcheck.toml").as_uri()
    assert "某某" in [f["excerpt"] for f in _cli_findings(placeholder)]
    (workspace / "rcheck.toml").write_text(edit["edits"][0]["newText"], encoding="utf-8")
    assert "某某" not in [f["excerpt"] for f in _cli_findings(placeholder)]
    assert client.close() == 0


def test_workspace_settings_apply(client: LspClient, workspace: Path) -> None:
    (workspace / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.rcheck]\nignore = ["T101"]\n\n'
        '[tool.rcheck.severity]\nT102 = "error"\n',
        encoding="utf-8")
    client.initialize(workspace)
    path, text = _draft(workspace)
    diagnostics = _open(client, path, text)
    codes = {d["code"] for d in diagnostics}
    assert "T101" not in codes
    assert {d["severity"] for d in diagnostics if d["code"] == "T102"} == {1}
    assert _shape(diagnostics) == _expected(_cli_findings(path), text)
    assert client.close() == 0


def test_broken_settings_are_one_diagnostic(client: LspClient, workspace: Path) -> None:
    (workspace / "rcheck.toml").write_text("select = [\n", encoding="utf-8")
    client.initialize(workspace)
    path, text = _draft(workspace)
    diagnostics = _open(client, path, text)
    assert len(diagnostics) == 1 and "rcheck.toml" in diagnostics[0]["message"]
    assert client.close() == 0


def test_without_the_extra_one_line_and_exit_2() -> None:
    code = ("import sys; sys.modules['pygls'] = None; sys.modules['lsprotocol'] = None\n"
            "from rcheck.cli import main; main()")
    proc = subprocess.run([sys.executable, "-c", code, "server"], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and "pip install 'rcheck[lsp]'" in proc.stderr
    assert proc.stdout == ""


def test_unsaved_buffers_and_other_files(client: LspClient, workspace: Path) -> None:
    client.initialize(workspace)
    text = "关于工作的报告\n开展学习*次。\n"
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": (workspace / "code.py").as_uri(), "languageId": "python", "version": 1, "text": text}})
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": "untitled:Untitled-1", "languageId": "markdown", "version": 1, "text": text}})
    # The Python file is not a draft: the first diagnostics are the unsaved buffer's.
    message = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    assert message["params"]["uri"] == "untitled:Untitled-1"
    assert [d["code"] for d in message["params"]["diagnostics"]] == ["P101"]
    assert client.close() == 0
