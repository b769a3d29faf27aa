"""Fixes: exact edits, safe/unsafe, idempotent, never a new finding; `rcheck fix` in each mode."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

import rcheck
from rcheck.cli import main
from rcheck.fixes.apply import fix_document
from rcheck.text.readers import load

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
DRAFTS = sorted(p for p in SAMPLES.glob("*") if p.suffix in (".txt", ".md"))


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.mark.parametrize("unsafe", [False, True])
@pytest.mark.parametrize("path", DRAFTS, ids=lambda p: p.name)
def test_fixing_is_idempotent_and_adds_no_finding(path: Path, unsafe: bool) -> None:
    doc = load(str(path))
    before = Counter(f.code for f in rcheck.lint(doc))
    once = fix_document(doc, unsafe=unsafe)
    again = fix_document(rcheck.Document(once.text, doc.path, doc.encoding), unsafe=unsafe)
    assert again.text == once.text and again.applied == 0
    after = Counter(f.code for f in once.remaining)
    if not unsafe:  # debris removal (unsafe) may uncover what the debris hid
        assert not after - before, after - before


def test_safe_fix_changes_only_its_spans() -> None:
    text = "一、工作情况\n2024 年全县开展专题学习共１２次,,覆盖干部群众。\n"
    out = fix_document(rcheck.Document(text)).text
    assert out == "一、工作情况\n2024年全县开展专题学习共12次，覆盖干部群众。\n"


def test_whole_converted_draft_is_one_finding_with_every_edit() -> None:
    doc = load(str(SAMPLES / "converted-commas.txt"))
    summary = [f for f in rcheck.lint(doc, select=["T102"]) if "处半角标点" in f.message]
    assert len(summary) == 1
    fix = summary[0].fix
    assert fix is not None and fix.applicability == "safe" and len(fix.edits) > 50
    fixed = fix_document(doc, rcheck.Config(select=["T102"])).text
    assert not [f for f in rcheck.lint(fixed, select=["T102"]) if "处半角标点" in f.message]


def test_ascii_quotes_pair_within_a_paragraph() -> None:
    text = '一、工作情况\n开展"四下基层"活动，落实"一岗双责"。\n'
    assert fix_document(rcheck.Document(text)).text == \
        "一、工作情况\n开展“四下基层”活动，落实“一岗双责”。\n"
    odd = '一、工作情况\n开展"四下基层活动。\n'
    assert fix_document(rcheck.Document(odd)).text == odd  # which side is a guess: no fix


def test_formulation_is_unsafe_and_exact() -> None:
    text = "一、学习情况\n全体党员深入学习总书记新时代中国特色社会主义思想。\n"
    [f] = rcheck.lint(text, select=["W102"])
    assert f.fix is not None and f.fix.applicability == "unsafe"
    assert fix_document(rcheck.Document(text)).text == text
    assert fix_document(rcheck.Document(text), unsafe=True).text == \
        "一、学习情况\n全体党员深入学习习近平新时代中国特色社会主义思想。\n"


def test_placeholders_and_sections_never_carry_a_fix() -> None:
    for path in DRAFTS:
        for f in rcheck.lint(load(str(path))):
            if f.code[0] in "PSCG":
                assert f.fix is None, f


def test_w104_safety_is_per_entry() -> None:
    sure = rcheck.lint("一、工作情况\n专项检查含盖全县所有乡镇。\n", select=["W104"])
    assert sure[0].fix.applicability == "safe"
    guarded = rcheck.lint("一、工作情况\n要把意识形态工作做为党的建设的重要内容。\n", select=["W104"])
    assert guarded[0].fix.applicability == "unsafe"


def test_json_and_sarif_carry_the_fix(tmp_path: Path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text("一、工作情况\n全年召开会议共 12 次。\n", encoding="utf-8")
    payload = json.loads(run("lint", str(draft), "--format", "json", "--isolated").output)
    f = next(f for f in payload["files"][0]["findings"] if f["code"] == "T101")
    assert f["fix"]["applicability"] == "safe"
    assert {"start", "end", "content"} <= set(f["fix"]["edits"][0])
    sarif = json.loads(run("lint", str(draft), "--format", "sarif", "--isolated").output)
    fixes = [r["fixes"] for r in sarif["runs"][0]["results"] if r["ruleId"] == "T101"]
    assert fixes and fixes[0][0]["artifactChanges"][0]["replacements"]
    text = run("lint", str(draft), "--isolated").output
    assert "可用 rcheck fix 自动修复" in text


def test_cli_modes(tmp_path: Path) -> None:
    draft = tmp_path / "d.txt"
    original = "一、工作情况\n全年召开会议共 12 次,覆盖全县。\n"
    draft.write_text(original, encoding="utf-8")
    result = run("fix", str(draft), "--diff", "--isolated")
    assert result.exit_code == 0
    assert "-全年召开会议共 12 次,覆盖全县。" in result.output
    assert "+全年召开会议共12次，覆盖全县。" in result.output
    assert draft.read_text(encoding="utf-8") == original  # --diff changes nothing
    out = tmp_path / "out.txt"
    assert run("fix", str(draft), "-o", str(out), "--isolated").exit_code == 0
    assert out.read_text(encoding="utf-8") == "一、工作情况\n全年召开会议共12次，覆盖全县。\n"
    assert draft.read_text(encoding="utf-8") == original
    assert run("fix", str(draft), "--in-place", "--isolated").exit_code == 0
    assert draft.read_text(encoding="utf-8") == out.read_text(encoding="utf-8")


def test_in_place_keeps_encoding_and_line_ends(tmp_path: Path) -> None:
    draft = tmp_path / "gbk.txt"
    draft.write_bytes("一、工作情况\r\n全年召开会议共 12 次，覆盖全县乡镇和街道社区。\r\n".encode("gb18030"))
    assert run("fix", str(draft), "--in-place", "--isolated").exit_code == 0
    fixed = "一、工作情况\r\n全年召开会议共12次，覆盖全县乡镇和街道社区。\r\n"
    assert draft.read_bytes() == fixed.encode("gb18030")


def test_exit_1_when_something_remains(tmp_path: Path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text("一、工作情况\n全年召开会议共*次。\n", encoding="utf-8")
    assert run("fix", str(draft), "-o", str(tmp_path / "o.txt"), "--isolated").exit_code == 1


@pytest.mark.parametrize("case", ["missing", "same", "binary"])
def test_bad_input_is_one_line_exit_2_nothing_written(tmp_path: Path, case: str) -> None:
    draft = tmp_path / "d.txt"
    out = tmp_path / "o.txt"
    if case == "missing":
        args = ["fix", str(tmp_path / "none.txt"), "-o", str(out)]
    elif case == "same":
        draft.write_text("一、工作情况\n全年召开会议共 12 次。\n", encoding="utf-8")
        args = ["fix", str(draft), "-o", str(draft)]
    else:
        draft.write_bytes(b"\x00\x01\x02PK\x00" * 50)
        args = ["fix", str(draft), "-o", str(out)]
    result = CliRunner().invoke(main, [*args, "--isolated"])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not out.exists()
    if case == "same":
        assert draft.read_text(encoding="utf-8") == "一、工作情况\n全年召开会议共 12 次。\n"
