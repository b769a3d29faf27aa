"""Fixes in Word: tracked revisions (w:del + w:ins by rcheck, formatting kept) whose acceptance
gives exactly the text `rcheck fix` gives for the same draft as .txt, in rcheck and LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from rcheck.cli import main
from rcheck.docx.revisions import revised_bytes
from rcheck.fixes.apply import fix_document
from rcheck.text.readers import load

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
sys.path.insert(0, str(SAMPLES))
import make_docx as mk  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
DC = "http://purl.org/dc/elements/1.1/"


def _draft(tmp_path: Path) -> Path:
    blocks = [
        mk.paragraph("情况报告"),
        mk.paragraph(mk.word_runs("一、工作情况", 3)),
        mk.paragraph(mk.word_runs('全年召开会议共 12 次,,覆盖全县。开展"四下基层"活动，落实ＡＢ角制度。', 4)),
        mk.paragraph([mk.run("加强", bold=True), mk.run(" 学习 教育,"), mk.run("提升能力。")]),
    ]
    path = tmp_path / "draft.docx"
    path.write_bytes(mk.build_docx(blocks))
    return path


def _txt_fix(tmp_path: Path, text: str) -> str:
    """What `rcheck fix` gives for the same draft saved as .txt."""
    txt = tmp_path / "same.txt"
    txt.write_text(text, encoding="utf-8")
    out = tmp_path / "same.fixed.txt"
    CliRunner().invoke(main, ["fix", str(txt), "-o", str(out), "--isolated"])
    return out.read_text(encoding="utf-8")


def _drafts(tmp_path: Path) -> list[Path]:
    return [_draft(tmp_path), *sorted(SAMPLES.glob("word-*.docx"))]


def test_revisions_accepted_equal_the_txt_fix(tmp_path: Path) -> None:
    for path in _drafts(tmp_path):
        doc = load(path)
        expected = _txt_fix(tmp_path, doc.text)
        out = tmp_path / f"{path.stem}.fixed.docx"
        result = CliRunner().invoke(main, ["fix", str(path), "-o", str(out), "--isolated"])
        assert result.exit_code in (0, 1), result.output
        assert load(out).text == expected, path  # rcheck reads a revised file as accepted
        accepted = tmp_path / f"{path.stem}.accepted.docx"
        CliRunner().invoke(main, ["fix", str(path), "-o", str(accepted), "--accept", "--isolated"])
        assert load(accepted).text == expected
        assert b"w:del " not in _document_xml(accepted)


def _document_xml(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml")


def test_each_change_is_a_dated_revision_by_rcheck_with_formatting_kept(tmp_path: Path) -> None:
    doc = load(_draft(tmp_path))
    data, _ = revised_bytes(doc, fix_document(doc).text)
    import io
    import zipfile

    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    dels, inss = list(root.iter(f"{W}del")), list(root.iter(f"{W}ins"))
    assert dels and inss
    for mark in dels + inss:
        assert mark.get(f"{W}author") == "rcheck"
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", mark.get(f"{W}date"))
    ids = [m.get(f"{W}id") for m in dels + inss]
    assert len(set(ids)) == len(ids)
    # The comma after bold 加强's neighbour: a replaced mark keeps the run's own properties.
    for ins in inss:
        [r] = ins.findall(f"{W}r")
        deleted = ins.getprevious()
        if deleted is not None and deleted.tag == f"{W}del":
            old = deleted.find(f"{W}r/{W}rPr")
            new = r.find(f"{W}rPr")
            assert (old is None) == (new is None)
            if old is not None:
                assert etree.tostring(old) == etree.tostring(new)
    assert "".join(t.text for t in root.iter(f"{W}delText"))  # the old text is kept, as deleted


def test_docx_needs_an_output_and_never_overwrites(tmp_path: Path) -> None:
    path = _draft(tmp_path)
    before = path.read_bytes()
    for args in (["fix", str(path)], ["fix", str(path), "--in-place"],
                 ["fix", str(path), "-o", str(path)]):
        result = CliRunner().invoke(main, [*args, "--isolated"])
        assert result.exit_code == 2 and result.stderr.count("\n") == 1, result.stderr
    assert path.read_bytes() == before


def _fodt_accepted(path: Path) -> tuple[str, list[str]]:
    """The body text of a flat ODF file with every tracked change accepted, and the author of
    each change. LibreOffice keeps deleted text in the body between text:change-start and
    text:change-end of a region whose kind is text:deletion (older versions: in the region)."""
    root = etree.parse(str(path)).getroot()
    body = root.find(f"{{{OFFICE}}}body")
    changes = body.find(f".//{{{TEXT}}}tracked-changes")
    regions = list(changes) if changes is not None else []
    authors = [c.findtext(f".//{{{DC}}}creator") for c in regions]
    deletions = {c.get(f"{{{TEXT}}}id") for c in regions if c.find(f"{{{TEXT}}}deletion") is not None}
    pretty = re.compile(r"\n\s*")
    skipping: set[str] = set()
    lines = []
    for p in body.iter(f"{{{TEXT}}}p", f"{{{TEXT}}}h"):
        if changes is not None and any(a is changes for a in p.iterancestors()):
            continue
        parts: list[str] = []

        def add(text: str | None, parts: list[str] = parts) -> None:
            if text and not skipping:
                parts.append(pretty.sub("", text))

        def walk(el: etree._Element, parts: list[str] = parts) -> None:
            cid = el.get(f"{{{TEXT}}}change-id")
            if el.tag == f"{{{TEXT}}}change-start" and cid in deletions:
                skipping.add(cid)
            elif el.tag == f"{{{TEXT}}}change-end":
                skipping.discard(cid)
            elif el.tag == f"{{{TEXT}}}s" and not skipping:
                parts.append(" " * int(el.get(f"{{{TEXT}}}c", "1")))
            elif el.tag == f"{{{TEXT}}}tab" and not skipping:
                parts.append("\t")
            if el.tag != f"{{{TEXT}}}s":
                add(el.text)
            for child in el:
                walk(child)
                add(child.tail)

        walk(p)
        lines.append("".join(parts))
    return "\n".join(lines), authors


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_accepting_all_revisions_gives_the_txt_fix(tmp_path: Path) -> None:
    path = _draft(tmp_path)
    doc = load(path)
    expected = _txt_fix(tmp_path, doc.text)
    out = tmp_path / "revised.docx"
    CliRunner().invoke(main, ["fix", str(path), "-o", str(out), "--isolated"])
    profile = tmp_path / "profile"
    proc = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "fodt",
         "--outdir", str(tmp_path / "odf"), str(out)], capture_output=True, text=True, timeout=300)
    fodt = tmp_path / "odf" / "revised.fodt"
    assert fodt.exists(), proc.stdout + proc.stderr
    accepted, authors = _fodt_accepted(fodt)
    assert authors and set(authors) == {"rcheck"}
    assert accepted.strip("\n") == expected.strip("\n")
