"""Suppression: inline comments in .md/.txt, allow.toml, baselines, unused ignores, SARIF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import rcheck
from rcheck.cli import main
from rcheck.linter import check_document

SPACED = "全年召开会议共 12 次。"


def run(*args: str):
    return CliRunner().invoke(main, [*args, "--isolated"])


def _codes_by_line(text: str) -> list[tuple[str, int]]:
    return [(f.code, f.line) for f in rcheck.lint(text)]


@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_inline_comments_in_text_and_markdown(tmp_path: Path, suffix: str) -> None:
    text = (f"一、工作情况\n<!-- rcheck-disable-next-line T101 -->\n{SPACED}\n{SPACED}\n"
            f"<!-- rcheck-disable stray-space -->\n{SPACED}\n<!-- rcheck-enable -->\n{SPACED}\n")
    path = tmp_path / f"d{suffix}"
    path.write_text(text, encoding="utf-8")
    lines = {line for code, line in ((f.code, f.line) for f in rcheck.lint(path))}
    assert lines == {4, 8}  # 3 hidden by next-line, 6 inside disable … enable; comments silent


def test_disable_names_its_code_only() -> None:
    text = f"一、工作情况\n<!-- rcheck-disable-next-line W101 -->\n{SPACED}\n"
    assert {c for c, _ in _codes_by_line(text)} == {"T101"}


def test_unused_ignores_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "d.txt"
    path.write_text(f"一、工作情况\n<!-- rcheck-disable-next-line W101 -->\n{SPACED}\n", encoding="utf-8")
    result = run("lint", str(path), "--select", "W101", "--report-unused-ignores")
    assert result.exit_code == 1
    assert "d.txt:2: 未使用的忽略注释" in result.stderr
    assert run("lint", str(path), "--select", "W101").exit_code == 0


def test_allow_list_in_a_lexicon_directory(tmp_path: Path) -> None:
    lex = tmp_path / "lex"
    lex.mkdir()
    (lex / "allow.toml").write_text('[[allow]]\nwords = ["XX大道"]\ncodes = ["P101"]\n', encoding="utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text("一、工作情况\n完成XX大道改造，另有XX局配合。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", str(draft), "--isolated", "--lexicon", str(lex),
                                       "--format", "json"])
    found = [f["excerpt"] for f in json.loads(result.output)["files"][0]["findings"]]
    assert found == ["XX"] and "XX局" in draft.read_text(encoding="utf-8")


def test_settings_allow_is_the_same_suppression_as_allow_toml(tmp_path: Path) -> None:
    # The settings' words hide a finding that overlaps them, for every code, and show in SARIF
    # as suppressed beside the draft (external), as allow.toml's entries do.
    (tmp_path / "rcheck.toml").write_text('allow = ["XX大道"]\n', encoding="utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text("一、工作情况\n完成XX大道改造，另有XX局配合。\n", encoding="utf-8")
    conf = ["--config", str(tmp_path / "rcheck.toml")]
    result = CliRunner().invoke(main, ["lint", str(draft), *conf, "--format", "json"])
    found = [f["excerpt"] for f in json.loads(result.output)["files"][0]["findings"]]
    assert found == ["XX"]
    sarif = json.loads(CliRunner().invoke(main, ["lint", str(draft), *conf, "--format", "sarif"]).output)
    kinds = sorted(r.get("suppressions", [{}])[0].get("kind", "") for r in sarif["runs"][0]["results"])
    assert kinds == ["", "external"]


def test_baseline_survives_a_paragraph_inserted_above(tmp_path: Path) -> None:
    draft = tmp_path / "d.txt"
    base = tmp_path / "base.json"
    draft.write_text(f"一、工作情况\n{SPACED}\n", encoding="utf-8")
    assert run("lint", str(draft), "--write-baseline", str(base)).exit_code == 0
    draft.write_text(f"一、工作情况\n新增加的一段，说明全年的工作。\n\n{SPACED}\n开展活动 5 次。\n",
                     encoding="utf-8")
    result = run("lint", str(draft), "--baseline", str(base), "--format", "json")
    lines = {f["line"] for f in json.loads(result.output)["files"][0]["findings"]}
    assert lines == {5}  # the moved findings stay hidden, the new one shows
    sarif = json.loads(run("lint", str(draft), "--baseline", str(base), "--format", "sarif").output)
    results = sarif["runs"][0]["results"]
    assert all("rcheck/v1" in r["partialFingerprints"] for r in results)
    assert sorted(r.get("suppressions", [{}])[0].get("kind", "") for r in results) == \
        ["", "", "external", "external"]


def test_prune_drops_entries_that_no_longer_match(tmp_path: Path) -> None:
    draft = tmp_path / "d.txt"
    base = tmp_path / "base.json"
    draft.write_text(f"一、工作情况\n{SPACED}\n开展活动 5 次。\n", encoding="utf-8")
    run("lint", str(draft), "--write-baseline", str(base))
    assert len(json.loads(base.read_text(encoding="utf-8"))["findings"]) == 4
    draft.write_text(f"一、工作情况\n{SPACED}\n开展活动5次。\n", encoding="utf-8")
    assert run("baseline", "prune", str(base), str(draft)).exit_code == 0
    assert len(json.loads(base.read_text(encoding="utf-8"))["findings"]) == 2


def _two_drafts_in_a_baseline(tmp_path: Path) -> tuple[Path, Path, Path]:
    fixed, other = tmp_path / "a.txt", tmp_path / "b.txt"
    base = tmp_path / "base.json"
    for p in (fixed, other):
        p.write_text(f"一、工作情况\n{SPACED}\n", encoding="utf-8")
    run("lint", str(fixed), str(other), "--write-baseline", str(base))
    return fixed, other, base


def test_prune_keeps_the_entries_of_drafts_it_was_not_given(tmp_path: Path) -> None:
    fixed, _, base = _two_drafts_in_a_baseline(tmp_path)
    paths = sorted({e["path"] for e in json.loads(base.read_text(encoding="utf-8"))["findings"]})
    fixed.write_text("一、工作情况\n全年召开会议共12次。\n", encoding="utf-8")
    assert run("baseline", "prune", str(base), str(fixed)).exit_code == 0
    left = json.loads(base.read_text(encoding="utf-8"))["findings"]
    assert left and {e["path"] for e in left} == {paths[1]}  # b.txt's entries, though not linted


def test_unused_baseline_entries_are_reported_with_unused_ignores(tmp_path: Path) -> None:
    fixed, _, base = _two_drafts_in_a_baseline(tmp_path)
    assert run("lint", str(fixed), "--baseline", str(base), "--report-unused-ignores").exit_code == 0
    fixed.write_text("一、工作情况\n全年召开会议共12次。\n", encoding="utf-8")
    # b.txt is not linted: its entries are not known to be unused, and are not named.
    result = run("lint", str(fixed), "--baseline", str(base), "--report-unused-ignores")
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "unused baseline entry" in line]
    assert len(lines) == 2 and all(f"{fixed.as_posix()}: " in line and "T101" in line for line in lines)
    assert "rcheck baseline prune" in lines[0]
    # Without the flag, a fault fixed since the baseline is no failure.
    assert run("lint", str(fixed), "--baseline", str(base)).exit_code == 0


def test_entries_of_rules_that_did_not_run_are_neither_unused_nor_pruned(tmp_path: Path) -> None:
    draft = tmp_path / "a.txt"
    base = tmp_path / "base.json"
    draft.write_text(f"一、工作情况\n{SPACED}\n全县共有三名教师获评市级优秀教师二登奖。\n", encoding="utf-8")
    run("lint", str(draft), "--select", "ALL,W105", "--write-baseline", str(base))
    codes = sorted({e["code"] for e in json.loads(base.read_text(encoding="utf-8"))["findings"]})
    assert codes == ["T101", "W105"]
    # W105 is off by default and T101 is not selected here: their entries are not known to be stale.
    result = run("lint", str(draft), "--select", "P", "--baseline", str(base), "--report-unused-ignores")
    assert result.exit_code == 0 and "unused baseline entry" not in result.stderr
    assert run("baseline", "prune", str(base), str(draft)).exit_code == 0
    kept = sorted({e["code"] for e in json.loads(base.read_text(encoding="utf-8"))["findings"]})
    assert kept == ["T101", "W105"]


def test_prune_drops_the_entries_of_a_draft_deleted_under_the_paths_given(tmp_path: Path,
                                                                           monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("a.txt", "c.txt"):
        Path(name).write_text(f"一、工作情况\n{SPACED}\n", encoding="utf-8")
    run("lint", "a.txt", "c.txt", "--write-baseline", "base.json")
    Path("c.txt").unlink()
    assert run("baseline", "prune", "base.json", ".").exit_code == 0
    left = json.loads(Path("base.json").read_text(encoding="utf-8"))["findings"]
    assert {e["path"] for e in left} == {"a.txt"}


@pytest.mark.parametrize("content", ["{", '{"version": 9, "kind": "baseline", "findings": []}',
                                     '[1, 2]'])
def test_bad_baseline_is_one_line_exit_2(tmp_path: Path, content: str) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text(f"一、工作情况\n{SPACED}\n", encoding="utf-8")
    base = tmp_path / "base.json"
    base.write_text(content, encoding="utf-8")
    out = tmp_path / "out.json"
    result = run("lint", str(draft), "--baseline", str(base), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "base.json" in result.stderr
    assert not out.exists()


def test_inline_hidden_findings_are_in_sarif_in_source(tmp_path: Path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text(f"一、工作情况\n<!-- rcheck-disable-next-line T101 -->\n{SPACED}\n", encoding="utf-8")
    sarif = json.loads(run("lint", str(draft), "--format", "sarif").output)
    kinds = [r["suppressions"][0]["kind"] for r in sarif["runs"][0]["results"]]
    assert kinds == ["inSource", "inSource"]
    assert check_document(rcheck.load(draft)).findings == []


def _word_draft(tmp_path: Path) -> Path:
    import docx
    from docx.oxml import OxmlElement

    d = docx.Document()
    d.add_paragraph("一、工作情况")
    p = d.add_paragraph()
    ignored = p.add_run("全年召开会议共 12 次，")
    p.add_run("开展活动 5 次。")
    d.add_comment(ignored, text="rcheck: ignore T101 县里的固定写法", author="审核人")
    q = d.add_paragraph()
    proof = q.add_run("组织培训 3 期。")
    proof._r.get_or_add_rPr().append(OxmlElement("w:noProof"))
    path = tmp_path / "w.docx"
    d.save(path)
    return path


def test_word_ignore_comments_and_no_proof_runs(tmp_path: Path) -> None:
    path = _word_draft(tmp_path)
    lines = sorted({f.line for f in rcheck.lint(path, select=["T101"])})
    assert lines == [2]  # the commented span and the noProof paragraph are not reported
    columns = {f.column for f in rcheck.lint(path, select=["T101"])}
    assert min(columns) > len("全年召开会议共 12 次，")
    out = tmp_path / "fixed.docx"
    CliRunner().invoke(main, ["fix", str(path), "-o", str(out), "--isolated", "--accept"])
    assert rcheck.load(out).text.split("\n")[1:3] == ["全年召开会议共 12 次，开展活动5次。",
                                                       "组织培训 3 期。"]


def _comments(path: Path) -> list[tuple[str, str]]:
    import zipfile

    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    root = etree.fromstring(zipfile.ZipFile(path).read("word/comments.xml"))
    return [(c.get(f"{w}author"), "".join(t.text or "" for t in c.iter(f"{w}t")))
            for c in root.iter(f"{w}comment")]


def test_annotate_again_replaces_its_own_comments_and_keeps_the_users(tmp_path: Path) -> None:
    from rcheck.docx import write_annotated

    path = _word_draft(tmp_path)
    first = tmp_path / "a1.docx"
    doc = rcheck.load(path)
    write_annotated(doc, rcheck.lint(doc), first)
    once = _comments(first)
    second = tmp_path / "a2.docx"
    doc = rcheck.load(first)
    write_annotated(doc, rcheck.lint(doc), second)
    again = _comments(second)
    assert sorted(again) == sorted(once)  # no duplicates
    assert ("审核人", "rcheck: ignore T101 县里的固定写法") in again
    assert sum(a == "rcheck" for a, _ in again) == sum(a == "rcheck" for a, _ in once) > 0
