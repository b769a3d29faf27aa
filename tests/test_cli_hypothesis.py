"""The command line over generated files and options: never a traceback, exit 0/1/2, inputs unchanged."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcheck.cli import main

_PIECES = ["一、", "（一）", "1.", "一是", "二是", "党委", "总书记", "学习", "开展", "*", "**", "XX",
           "××", "某某", "次", "万", "亿元", "%", "，", "。", "、", "；", "：", "“", "”", "（", "）",
           "《", "》", " ", "  ", "\n", "\n\n", "\r\n", "\t", "２０２５", "2025年", ",", ".", "!",
           "此处隐藏120字", "来源：", "县委宣传部牵头", "2026年6月底前", "下一步", "的", "0" * 30]

texts = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=8)), max_size=40).map("".join)


@st.composite
def draft_bytes(draw: st.DrawFn) -> tuple[str, bytes]:
    # Mostly text that decodes, so the checks themselves run; the rest is hostile.
    kind = draw(st.sampled_from(["utf8"] * 5 + ["gbk"] * 2 + ["utf16", "bytes", "empty", "zip",
                                                               "ole"]))
    text = draw(texts)
    if kind == "utf8":
        return ".txt", text.encode("utf-8", "surrogatepass")
    if kind == "gbk":
        return ".txt", text.encode("gbk", "ignore")
    if kind == "utf16":
        return ".md", text.encode("utf-16")
    if kind == "empty":
        return ".txt", draw(st.sampled_from([b"", b" ", b"\n\n", b"\xef\xbb\xbf"]))
    raw = draw(st.binary(max_size=300))
    if kind == "zip":
        return ".docx", b"PK\x03\x04" + raw
    if kind == "ole":
        return ".docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + raw
    return draw(st.sampled_from([".txt", ".md", ".docx"])), raw


def _args(draw: st.DrawFn, paths: list[str], out: str) -> list[str]:
    command = draw(st.sampled_from(["lint", "extract", "graph", "diff", "compare"]))
    args = [command]
    if command == "lint":
        args += ["--format", draw(st.sampled_from(["text", "json", "sarif", "github"]))]
        if draw(st.booleans()):
            args += ["--select", draw(st.sampled_from(["P", "T1", "W101", "D,S", "C", "G101"]))]
        if draw(st.booleans()):
            args += ["--ignore", draw(st.sampled_from(["T102", "W", "S101,P101"]))]
    elif command == "extract":
        args += ["--format", draw(st.sampled_from(["json", "csv", "markdown"]))]
    elif command == "graph":
        args += ["--format", draw(st.sampled_from(["json", "csv", "markdown", "mermaid", "dot"]))]
    else:
        args += ["--format", draw(st.sampled_from(["text", "json"]))]
    if command == "diff":
        paths = (paths * 2)[:2]
    args += ["--isolated", *paths]
    # -o: a new file, standard output, or (refused, never written) one of the inputs
    where = draw(st.sampled_from(["none", "none", "new", "new", "-", "input"]))
    if where != "none":
        args += ["-o", {"new": out, "-": "-", "input": draw(st.sampled_from(paths))}[where]]
    return args


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(draft_bytes(), min_size=1, max_size=3), data=st.data())
def test_cli_never_tracebacks_and_never_touches_inputs(files, data):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = []
        for i, (suffix, content) in enumerate(files):
            path = folder / f"d{i}{suffix}"
            path.write_bytes(content)
            paths.append(path)
        before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}
        args = _args(data.draw, [str(p) for p in paths], str(folder / "out" if len(files) > 1
                                                                else folder / "report.out"))
        result = CliRunner().invoke(main, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            args, result.exception)
        assert "Traceback" not in result.output and "internal error" not in result.stderr, args
        assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output)
        if result.exit_code == 2:
            assert result.stderr.startswith("rcheck: "), (args, result.output)
        assert {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths} == before
        assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


@settings(max_examples=15, deadline=None)
@given(data=st.binary(max_size=400))
def test_stdin_of_any_bytes(data):
    result = CliRunner().invoke(main, ["lint", "--isolated", "-"], input=data)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "internal error" not in result.stderr
    assert result.exit_code in (0, 1, 2)
    if result.exit_code == 2:
        assert result.stderr.count("\n") == 1 and "<stdin>" in result.stderr, result.stderr
