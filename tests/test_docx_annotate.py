"""Findings written back into the .docx as Word comments （批注）: one per finding, on exactly
the text it is about, formatting kept, text unchanged, readable by python-docx and by
LibreOffice."""

from __future__ import annotations

import hashlib
import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from lxml import etree

import rcheck
from rcheck.cli import main
from rcheck.docx import annotate_bytes, comment_text, write_annotated
from rcheck.errors import InputError
from rcheck.finding import Finding
from rcheck.text.readers import load

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _builder():
    spec = importlib.util.spec_from_file_location("make_docx", SAMPLES / "make_docx.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


mk = _builder()


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def anchored_texts(path: Path) -> dict[int, str]:
    """Comment id -> the text between its range marks, read straight from document.xml."""
    import zipfile

    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    open_ids: set[int] = set()
    out: dict[int, str] = {}
    for el in root.iter():
        if el.tag == _w("commentRangeStart"):
            cid = int(el.get(_w("id")))
            open_ids.add(cid)
            out[cid] = ""
        elif el.tag == _w("commentRangeEnd"):
            open_ids.discard(int(el.get(_w("id"))))
        elif el.tag == _w("t") and el.getparent().tag == _w("r"):
            for cid in open_ids:
                out[cid] += el.text or ""
    assert not open_ids
    return out


def mapped(doc: rcheck.Document, start: int, end: int) -> str:
    """The characters of `[start, end)` that are in the file (not inserted by the reader)."""
    return "".join(doc.text[i] for i in range(start, end) if doc.source.piece_at(i) is not None)


def comments_by_text(path: Path) -> dict[str, list]:
    out: dict[str, list] = {}
    for c in docx.Document(str(path)).comments:
        out.setdefault(c.text, []).append(c)
    return out


def check_annotated(original: rcheck.Document, findings: list[Finding], out: Path) -> None:
    """One comment per finding, by rcheck, anchored on the finding's own characters.

    Comments are numbered in the order of the findings (by start, end, code), so the k-th
    comment must be the k-th finding's."""
    again = load(out)
    assert again.text == original.text
    comments = sorted(docx.Document(str(out)).comments, key=lambda c: c.comment_id)
    anchors = anchored_texts(out)
    ordered = sorted(findings, key=lambda f: (f.start, f.end, f.code))
    assert len(comments) == len(anchors) == len(ordered)
    for f, c in zip(ordered, comments, strict=True):
        assert c.author == "rcheck" and c.initials == "RC"
        want = mapped(original, f.start, f.end)
        if f.start >= original.source.body_end:  # in a note: on its reference mark
            assert c.text.startswith(f"{f.code} （脚注") and anchors[c.comment_id] == ""
        elif want:
            assert c.text == comment_text(f) and anchors[c.comment_id] == want, (f, want)
        else:  # nothing of its own in the file: the nearest character
            assert c.text == comment_text(f) and len(anchors[c.comment_id]) == 1, f


def finding(doc: rcheck.Document, start: int, end: int, code: str = "P101", message: str = "测试") -> Finding:
    line, col = doc.position(start)
    end_line, end_col = doc.position(end)
    return Finding(code, "placeholder", "error", message, start, end, line, col, end_line, end_col,
                   doc.text[start:end])


# ---------------------------------------------------------------- the samples


@pytest.mark.parametrize("name", ["word-numbered-headings.docx", "word-task-table.docx"])
def test_samples_annotated_one_comment_per_finding(samples, tmp_path, name):
    src = samples / name
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    doc = load(src)
    findings = rcheck.lint(doc)
    assert len(findings) >= 3
    out = tmp_path / "checked.docx"
    assert write_annotated(doc, findings, out) == len(findings)
    check_annotated(doc, findings, out)
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["checked.docx"]  # no temp file left


def test_comment_text_has_code_message_and_suggestion(samples, tmp_path):
    doc = load(samples / "word-numbered-headings.docx")
    findings = rcheck.lint(doc, select=["T"])
    out = tmp_path / "c.docx"
    write_annotated(doc, findings, out)
    texts = sorted(c.text for c in docx.Document(str(out)).comments)
    assert texts == ["T101 中文中间多余空格（“接待游客␣286.”）\n建议删除",
                     "T102 半角标点“,”，应为全角“，”\n建议改为“，”"]


# ---------------------------------------------------------------- runs split, formatting kept


def _styled_doc(tmp_path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("关于学习情况的报告")
    p = d.add_paragraph()
    p.add_run("坚持学习")
    r = p.add_run("总书")
    r.italic = True
    r = p.add_run("记总书记重要论述，全年学习*次")
    r.bold = True
    r.font.color.rgb = docx.shared.RGBColor(0xC0, 0, 0)
    p.add_run("。")
    path = tmp_path / "styled.docx"
    d.save(path)
    return path


def test_runs_are_split_and_keep_their_formatting(tmp_path):
    doc = load(_styled_doc(tmp_path))
    star = doc.text.index("*")
    dup = doc.text.index("总书记总书记")
    findings = [finding(doc, star, star + 1), finding(doc, dup + 3, dup + 6, "W101", "词语重复")]
    out = tmp_path / "out.docx"
    write_annotated(doc, findings, out)
    check_annotated(doc, findings, out)
    runs = docx.Document(str(out)).paragraphs[1].runs
    got = [(r.text, bool(r.italic), bool(r.bold)) for r in runs if r.text]
    assert got == [("坚持学习", False, False), ("总书", True, False), ("记", False, True),
                   ("总书记", False, True), ("重要论述，全年学习", False, True), ("*", False, True),
                   ("次", False, True), ("。", False, False)]
    assert all(r.font.color.rgb == docx.shared.RGBColor(0xC0, 0, 0) for r in runs if r.bold)


def test_a_span_across_runs_covers_exactly_its_text(tmp_path):
    doc = load(_styled_doc(tmp_path))
    start = doc.text.index("学习总书")
    f = finding(doc, start + 2, start + 7)  # 总书|记总书: ends inside the bold run
    out = tmp_path / "out.docx"
    write_annotated(doc, [f], out)
    assert list(anchored_texts(out).values()) == ["总书记总书"]
    assert load(out).text == doc.text


# ---------------------------------------------------------------- findings with nothing of their own


def test_zero_length_and_inserted_spans_anchor_on_the_nearest_character(tmp_path):
    numbering = ('<w:numbering xmlns:w="{w}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
                 '<w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
                 '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
                 '<w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0">'
                 '<w:startOverride w:val="3"/></w:lvlOverride></w:num></w:numbering>')
    blocks = [mk.paragraph("情况报告"), mk.paragraph("主要做法", num=(1, 0)), mk.paragraph("开展学习。"),
              mk.paragraph("存在问题", num=(2, 0)), mk.paragraph("学习不深。")]
    path = tmp_path / "n.docx"
    path.write_bytes(mk.build_docx(blocks, numbering=numbering))
    doc = load(path)
    assert "\n三、存在问题\n" in doc.text
    s102 = [f for f in rcheck.lint(doc) if f.code == "S102"]
    assert [f.excerpt for f in s102] == ["三、"]  # a jump in Word's own numbering
    line_end = doc.text.index("\n", doc.text.index("开展学习"))
    zero = finding(doc, line_end, line_end)  # at a line end: the character before it
    out = tmp_path / "out.docx"
    write_annotated(doc, [*s102, zero], out)
    anchors = anchored_texts(out)
    by_text = comments_by_text(out)
    assert anchors[by_text[comment_text(s102[0])][0].comment_id] == "存"  # first word after the number
    assert anchors[by_text[comment_text(zero)][0].comment_id] == "。"


def test_footnote_findings_go_on_the_reference_mark(samples, tmp_path):
    blocks = [mk.paragraph("情况报告"),
              mk.paragraph([mk.run("全年检查12次"), mk.footnote_reference(1), mk.run("。")])]
    path = tmp_path / "fn.docx"
    path.write_bytes(mk.build_docx(blocks, footnotes=["检查由XX局牵头。"]))
    doc = load(path)
    [p101] = [f for f in rcheck.lint(doc) if f.code == "P101"]
    assert p101.start > doc.source.body_end
    out = tmp_path / "out.docx"
    write_annotated(doc, [p101], out)
    [comment] = docx.Document(str(out)).comments
    assert comment.text == "P101 （脚注1）地名或单位名称未填写（“XX局”）"
    import zipfile

    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert re.search(r'<w:commentRangeStart w:id="0"/><w:r><w:rPr><w:rStyle w:val="a7"/></w:rPr>'
                     r'<w:footnoteReference w:id="1"/></w:r><w:commentRangeEnd w:id="0"/>', xml)
    assert b"comment" not in zipfile.ZipFile(out).read("word/footnotes.xml")


def test_a_paragraph_with_no_text_of_its_own_still_gets_its_comment(tmp_path):
    numbering = ('<w:numbering xmlns:w="{w}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
                 '<w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
                 '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
    path = tmp_path / "empty.docx"
    path.write_bytes(mk.build_docx([mk.paragraph("", num=(1, 0))], numbering=numbering))
    doc = load(path)
    assert doc.text == "一、\n"
    out = tmp_path / "out.docx"
    assert write_annotated(doc, [finding(doc, 0, 2, "S106", "标题下面没有内容")], out) == 1
    [comment] = docx.Document(str(out)).comments
    assert comment.text == "S106 标题下面没有内容"
    assert anchored_texts(out) == {0: ""}


# ---------------------------------------------------------------- repeated use


def test_annotating_twice_starts_from_the_file_each_time(samples):
    doc = load(samples / "word-task-table.docx")
    findings = rcheck.lint(doc)
    first = annotate_bytes(doc, findings)
    second = annotate_bytes(doc, findings)
    for data in (first, second):
        assert len(docx.Document(__import__("io").BytesIO(data)).comments) == len(findings)


def test_annotating_an_annotated_copy_does_not_write_its_comments_twice(samples, tmp_path):
    once = tmp_path / "once.docx"
    doc = load(samples / "word-numbered-headings.docx")
    write_annotated(doc, rcheck.lint(doc), once)
    again = load(once)
    assert again.text == doc.text
    twice = tmp_path / "twice.docx"
    findings = rcheck.lint(again)
    write_annotated(again, findings, twice)
    # rcheck's earlier comments on the same words stay; nothing is added twice (issue 17).
    ids = [c.comment_id for c in docx.Document(str(twice)).comments]
    assert len(ids) == len(findings) and len(set(ids)) == len(ids)


def test_never_overwrites_the_draft(samples, tmp_path):
    path = tmp_path / "d.docx"
    shutil.copy(samples / "word-task-table.docx", path)
    doc = load(path)
    with pytest.raises(InputError, match="overwrite"):
        write_annotated(doc, rcheck.lint(doc), path)
    assert path.read_bytes() == (samples / "word-task-table.docx").read_bytes()


def test_text_documents_cannot_be_annotated(samples, tmp_path):
    doc = load(samples / "clean-report.txt")
    with pytest.raises(InputError, match=r"\.docx"):
        annotate_bytes(doc, [])


# ---------------------------------------------------------------- the command line


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_cli_annotate(samples, tmp_path):
    out = tmp_path / "draft.checked.docx"
    result = run("lint", str(samples / "word-task-table.docx"), "--annotate", str(out), "--format", "json")
    assert result.exit_code == 1
    import json

    report = json.loads(result.stdout)
    n = report["summary"]["findings"]
    assert n > 0 and f"{n} comment(s) written" in result.stderr
    assert len(docx.Document(str(out)).comments) == n


@pytest.mark.parametrize("args", [
    ["clean-report.txt"], ["word-task-table.docx", "word-numbered-headings.docx"], ["-"],
])
def test_cli_annotate_needs_one_docx(samples, tmp_path, args):
    out = tmp_path / "x.docx"
    paths = [a if a == "-" else str(samples / a) for a in args]
    result = run("lint", *paths, "--annotate", str(out))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "--annotate" in result.stderr
    assert "Traceback" not in result.output and not out.exists()


def test_cli_annotate_refuses_the_draft_itself(samples, tmp_path):
    path = tmp_path / "d.docx"
    shutil.copy(samples / "word-task-table.docx", path)
    result = run("lint", str(path), "--annotate", str(path))
    assert result.exit_code == 2 and "overwrite" in result.stderr and result.stderr.count("\n") == 1
    assert path.read_bytes() == (samples / "word-task-table.docx").read_bytes()


# ---------------------------------------------------------------- a real client: LibreOffice

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
DC = "http://purl.org/dc/elements/1.1/"


def _fodt_annotations(path: Path) -> list[tuple[str, str, str]]:
    """(author, comment text, anchored text) of each office:annotation, in document order. A
    footnote inside an anchor counts as its citation mark only."""
    root = etree.parse(str(path)).getroot()
    body = root.find(f"{{{OFFICE}}}body")
    found: list[list[str]] = []
    open_by_name: dict[str, list[str]] = {}
    pretty = re.compile(r"\n\s*")  # LibreOffice indents its flat XML; real spaces have no newline

    def add(text: str | None) -> None:
        if text:
            for parts in open_by_name.values():
                parts[2] += pretty.sub("", text)

    def walk(el: etree._Element) -> None:
        if el.tag == f"{{{OFFICE}}}annotation":
            comment = "".join(pretty.sub("", t) for p in el.iter(f"{{{TEXT}}}p") for t in p.itertext())
            entry = [el.findtext(f"{{{DC}}}creator"), comment, ""]
            found.append(entry)
            open_by_name[el.get(f"{{{OFFICE}}}name")] = entry
        elif el.tag == f"{{{OFFICE}}}annotation-end":
            open_by_name.pop(el.get(f"{{{OFFICE}}}name"), None)
        elif el.tag == f"{{{TEXT}}}note":
            add(el.findtext(f"{{{TEXT}}}note-citation"))
        else:
            if el.tag == f"{{{TEXT}}}s":
                add(" " * int(el.get(f"{{{TEXT}}}c", "1")))
            add(el.text)
            for child in el:
                walk(child)
        add(el.tail)

    walk(body)
    return [tuple(e) for e in found]


def _footnote_draft(tmp_path: Path) -> Path:
    runs = [*mk.word_runs("全年检查12次，发现问题", 3), mk.footnote_reference(1), mk.run("。")]
    blocks = [mk.paragraph("情况报告"), mk.paragraph(runs)]
    path = tmp_path / "footnote-draft.docx"
    path.write_bytes(mk.build_docx(blocks, footnotes=["检查由XX局牵头。"]))
    return path


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_the_comments_and_their_anchors(samples, tmp_path):
    """LibreOffice opens each annotated copy (headless, its own profile) and converts it to flat
    ODF: every comment is there, by rcheck, with its text, around exactly its words (a finding
    in a footnote: around the note's mark)."""
    drafts = {"sample": (samples / "word-numbered-headings.docx", ["P", "T", "S"]),
              "table": (samples / "word-task-table.docx", None),
              "footnote": (_footnote_draft(tmp_path), None)}
    expected: dict[str, list[tuple[str, str, str]]] = {}
    for name, (path, select) in drafts.items():
        doc = load(path)
        findings = rcheck.lint(doc, select=select)
        assert findings
        write_annotated(doc, findings, tmp_path / f"{name}.docx")
        expected[name] = sorted(
            ("rcheck", comment_text(f, "脚注1" if f.start >= doc.source.body_end else "").replace("\n", ""),
             "1" if f.start >= doc.source.body_end else mapped(doc, f.start, f.end))
            for f in findings)
    profile = tmp_path / "profile"
    proc = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "fodt",
         "--outdir", str(tmp_path / "odf"), *(str(tmp_path / f"{name}.docx") for name in drafts)],
        capture_output=True, text=True, timeout=300)
    for name in drafts:
        fodt = tmp_path / "odf" / f"{name}.fodt"
        assert fodt.exists(), proc.stdout + proc.stderr
        assert sorted(_fodt_annotations(fodt)) == expected[name], name


# ---------------------------------------------------------------- the reference drafts


@pytest.mark.parametrize("prefix", ["000", "001"])
def test_reference_drafts_annotated_on_each_excerpt(seeds, tmp_path, prefix):
    [txt] = sorted(seeds.glob(f"{prefix}_*.txt"))
    d = docx.Document()
    for line in load(txt).text.split("\n"):
        p = d.add_paragraph()
        for i in range(0, len(line), 5):  # many runs, so findings split them
            p.add_run(line[i:i + 5]).bold = i % 10 == 0
    path = tmp_path / f"{prefix}.docx"
    d.save(path)
    doc = load(path)
    findings = rcheck.lint(doc)
    assert len(findings) > 20
    out = tmp_path / f"{prefix}.checked.docx"
    write_annotated(doc, findings, out)
    check_annotated(doc, findings, out)
