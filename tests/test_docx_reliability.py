"""Reliability of .docx reading and annotating on hostile or unusual files: DTDs in any
encoding, runaway automatic numbers, broken comments parts, and copies rcheck must be able
to read back. Each refusal is one `InputError` naming the file (exit code 2), never a
traceback, and never text silently lost."""

from __future__ import annotations

import importlib.util
import io
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from rcheck.cli import main
from rcheck.docx import safety
from rcheck.errors import InputError
from rcheck.text.readers import load

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _builder():
    spec = importlib.util.spec_from_file_location("make_docx", SAMPLES / "make_docx.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


mk = _builder()


def members_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def draft(**replace: bytes) -> bytes:
    """A small numbered draft with some of its members replaced."""
    members = members_of(mk.build_docx([mk.paragraph("情况报告"), mk.paragraph("开始结束。")]))
    members.update(replace)
    return zip_bytes(members)


def refused(tmp_path: Path, data: bytes, *words: str, seconds: float = 30.0) -> str:
    path = tmp_path / "bad.docx"
    path.write_bytes(data)
    t0 = time.perf_counter()
    with pytest.raises(InputError) as info:
        load(path)
    elapsed = time.perf_counter() - t0
    message = str(info.value)
    assert str(path) in message and "\n" not in message
    for word in words:
        assert word in message, message
    assert elapsed < seconds, f"{elapsed:.1f} s"
    return message


def body_xml(text: str, decl: str = "", dtd: str = "") -> str:
    return (f"{decl}{dtd}<w:document xmlns:w=\"{W}\"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p>"
            "</w:body></w:document>")


# ---------------------------------------------------------------- DTDs in every encoding

DTD = '<!DOCTYPE w:document [<!ENTITY x "X">]>'


@pytest.mark.parametrize("encoding,bom,declared", [
    ("utf-16-le", b"\xff\xfe", "UTF-16"),
    ("utf-16-be", b"\xfe\xff", "UTF-16"),
    ("utf-16-le", b"", "UTF-16"),  # no BOM: recognised from the first characters
    ("utf-16-be", b"", "UTF-16"),
    ("utf-16-le", b"\xff\xfe", ""),  # no declaration at all
    ("utf-16-le", b"\xff\xfe", "UTF-8"),  # a declaration the parser ignores
    ("utf-8", b"\xef\xbb\xbf", "UTF-8"),
])
def test_a_dtd_is_refused_in_utf16_and_utf8(tmp_path, encoding, bom, declared):
    decl = f'<?xml version="1.0" encoding="{declared}"?>' if declared else ""
    xml = bom + body_xml("开始&x;结束", decl, DTD).encode(encoding)
    refused(tmp_path, draft(**{"word/document.xml": xml}), "word/document.xml", "DTD")


@pytest.mark.parametrize("dtd", [
    "<!DOCTYPE w:document>",  # no declarations: &x; would be kept as an unknown reference
    '<!DOCTYPE w:document SYSTEM "http://example.invalid/w.dtd">',
    '<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
])
def test_any_dtd_in_utf16_is_refused(tmp_path, dtd):
    xml = body_xml("开始&x;结束", '<?xml version="1.0" encoding="UTF-16"?>', dtd).encode("utf-16")
    refused(tmp_path, draft(**{"word/document.xml": xml}), "DTD")


def test_a_dtd_in_another_utf16_part_is_refused(tmp_path):
    styles = members_of(draft())["word/styles.xml"].decode()
    styles = styles.replace('encoding="UTF-8"', 'encoding="UTF-16"').replace("?>", "?>" + DTD.replace(
        "w:document", "w:styles"), 1)
    refused(tmp_path, draft(**{"word/styles.xml": styles.encode("utf-16")}), "word/styles.xml", "DTD")


def test_a_dtd_split_across_decoded_chunks_is_found(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "_CHUNK", 7)  # an odd size: chunks cut UTF-16 code units in two
    xml = body_xml("开始&x;结束", '<?xml version="1.0" encoding="UTF-16"?>', DTD).encode("utf-16")
    refused(tmp_path, draft(**{"word/document.xml": xml}), "DTD")


@pytest.mark.parametrize("encoding,declared", [
    ("utf-32", "UTF-32"), ("utf-32-be", "UTF-32"), ("utf-32-le", ""), ("utf-7", "UTF-7"),
    ("gb18030", "GB18030"), ("latin-1", "ISO-8859-1"), ("cp037", "IBM037"),
])
def test_xml_in_an_encoding_a_docx_may_not_use_is_refused(tmp_path, encoding, declared):
    """A .docx holds UTF-8 or UTF-16 XML only (ECMA-376 part 2); any other encoding is
    refused before parsing, so no DTD can hide in it."""
    decl = f'<?xml version="1.0" encoding="{declared}"?>' if declared else ""
    xml = body_xml("abc&x;def", decl, DTD).encode(encoding)
    if encoding == "utf-32-le":
        xml = b"\xff\xfe\x00\x00" + xml
    refused(tmp_path, draft(**{"word/document.xml": xml}), "word/document.xml", "UTF-8", "UTF-16")


def test_a_dtd_in_a_custom_xml_relationship_part_is_refused(tmp_path):
    """python-docx parses the relationships of every part it reaches, custom XML included."""
    rels = ('<?xml version="1.0" encoding="UTF-16"?>' + DTD.replace("w:document", "Relationships")
            + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>')
    members = members_of(draft())
    doc_rels = members["word/_rels/document.xml.rels"].decode().replace("</Relationships>", (
        '<Relationship Id="rId90" Target="../customXml/item1.xml" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/customXml"/></Relationships>'))
    refused(tmp_path, draft(**{"word/_rels/document.xml.rels": doc_rels.encode(),
                               "customXml/item1.xml": b"<data/>",
                               "customXml/_rels/item1.xml.rels": rels.encode("utf-16")}), "DTD")


def test_a_dtd_the_scan_missed_is_refused_after_parsing(tmp_path, monkeypatch):
    """Defence in depth: every part python-docx parsed is checked for a DTD afterwards."""
    monkeypatch.setattr(safety, "_DTD_MARKS", ())
    xml = body_xml("开始&x;结束", '<?xml version="1.0" encoding="UTF-16"?>', DTD).encode("utf-16")
    refused(tmp_path, draft(**{"word/document.xml": xml}), "word/document.xml", "DTD")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-be"])
def test_an_undefined_entity_without_a_dtd_is_damage_not_lost_text(tmp_path, encoding):
    decl = f'<?xml version="1.0" encoding="{encoding.upper()[:6]}"?>'
    xml = body_xml("开始&x;结束", decl).encode(encoding)
    if encoding == "utf-16-be":
        xml = b"\xfe\xff" + xml
    refused(tmp_path, draft(**{"word/document.xml": xml}), "文件已损坏")


@pytest.mark.parametrize("encoding,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"),
                                          ("utf-16-le", b"")])
def test_utf16_parts_without_a_dtd_are_read(tmp_path, encoding, bom):
    xml = bom + body_xml("开始&amp;结束&#x3002;", '<?xml version="1.0" encoding="UTF-16"?>').encode(encoding)
    path = tmp_path / "u16.docx"
    path.write_bytes(draft(**{"word/document.xml": xml}))
    assert load(path).text == "开始&结束。\n"


def test_the_annotated_copy_of_a_utf16_draft_reads_back(tmp_path):
    decl = '<?xml version="1.0" encoding="UTF-16"?>'
    xml = b"\xff\xfe" + body_xml("开展学习*次。", decl).encode("utf-16-le")
    path = tmp_path / "u16.docx"
    path.write_bytes(draft(**{"word/document.xml": xml}))
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(main, ["lint", str(path), "--annotate", str(out)])
    assert result.exit_code == 1, result.output
    assert load(out).text == load(path).text


# ---------------------------------------------------------------- runaway automatic numbers

FORMATS = ["lowerLetter", "upperLetter", "lowerRoman", "upperRoman", "chineseCounting",
           "chineseLegalSimplified", "ideographDigital", "decimalFullWidth", "decimal", "decimalZero"]


def numbered_draft(fmt: str, start: str, paragraphs: int = 300, text: str = "%1.",
                   override: str | None = None) -> bytes:
    ov = (f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{override}"/></w:lvlOverride>'
          if override is not None else "")
    numbering = (f'<w:numbering xmlns:w="{{w}}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
                 f'<w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>'
                 f'</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/>{ov}</w:num></w:numbering>')
    blocks = [mk.paragraph("情况报告")] + [mk.paragraph("开展工作。", num=(1, 0)) for _ in range(paragraphs)]
    return mk.build_docx(blocks, numbering=numbering)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("start,override", [("100000000", None), ("1", "100000000"),
                                            ("9" * 5000, None), ("-100000000", None)])
def test_huge_start_values_give_short_numbers_quickly(tmp_path, fmt, start, override):
    """Word's own dialog stops start values at 32767; rcheck clamps to it, and a number Word
    would spell in more than 16 characters is written in figures, so a 35 KB draft cannot
    make numbers millions of characters long (it took 357 s and 4.6 GB)."""
    data = numbered_draft(fmt, start, override=override)
    assert len(data) < 40_000
    path = tmp_path / "n.docx"
    path.write_bytes(data)
    doc = load(path)
    lines = doc.text.split("\n")[1:-1]
    assert len(lines) == 300
    body = "开展工作。"
    assert all(line.endswith(body) and len(line) <= len(body) + 17 for line in lines), lines[-1]


def test_letters_past_sixteen_repeats_are_figures():
    from rcheck.docx.numbering import format_number

    assert format_number(27, "lowerLetter") == "aa"
    assert format_number(26 * 16, "upperLetter") == "Z" * 16
    assert format_number(26 * 16 + 1, "upperLetter") == str(26 * 16 + 1)


def test_start_values_within_words_range_are_kept(tmp_path):
    path = tmp_path / "n.docx"
    path.write_bytes(numbered_draft("decimal", "32767", paragraphs=2))
    assert load(path).text.split("\n")[1:3] == ["32767.开展工作。", "32768.开展工作。"]
    path.write_bytes(numbered_draft("decimal", "40000", paragraphs=1))
    assert load(path).text.split("\n")[1] == "32767.开展工作。"


def test_a_huge_level_text_gives_a_bounded_number(tmp_path):
    path = tmp_path / "n.docx"
    path.write_bytes(numbered_draft("lowerLetter", "1", text="%1" * 20_000, paragraphs=2000))
    doc = load(path)  # each line holds the level text cut once, not 20,000 expansions
    lines = doc.text.split("\n")[1:-1]
    assert len(lines) == 2000 and max(len(line) for line in lines) <= 64 + len("开展工作。")
    assert lines[0] == "a" * 32 + "开展工作。"  # the level text is cut at 64 characters: 32 × %1


@pytest.mark.parametrize("attr", ['w:ilvl w:val="{n}"', 'w:numId w:val="{n}"'])
def test_huge_numbers_in_paragraph_properties_are_ignored(tmp_path, attr):
    blocks = [mk.paragraph("情况报告"),
              mk.paragraph("开展工作。", ppr_extra=f"<w:numPr><{attr.format(n='9' * 5000)}/></w:numPr>"),
              mk.paragraph("开展学习。", ppr_extra=f'<w:outlineLvl w:val="{"9" * 5000}"/>')]
    path = tmp_path / "n.docx"
    path.write_bytes(mk.build_docx(blocks))
    assert load(path).text == "情况报告\n开展工作。\n开展学习。\n"


# ---------------------------------------------------------------- a comments part that is not one

_RT_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_CT_COMMENTS = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"


def with_comments_part(xml: bytes, content_type: bool = True) -> bytes:
    members = members_of(mk.build_docx([mk.paragraph("情况报告"), mk.paragraph("开展学习*次。")]))
    members["word/comments.xml"] = xml
    rels = members["word/_rels/document.xml.rels"].decode()
    members["word/_rels/document.xml.rels"] = rels.replace(
        "</Relationships>", f'<Relationship Id="rId99" Type="{_RT_COMMENTS}" Target="comments.xml"/>'
                            "</Relationships>").encode()
    if content_type:
        types = members["[Content_Types].xml"].decode()
        override = f'<Override PartName="/word/comments.xml" ContentType="{_CT_COMMENTS}"/>'
        members["[Content_Types].xml"] = types.replace("</Types>", override + "</Types>").encode()
    return zip_bytes(members)


COMMENTS_OK = f'<w:comments xmlns:w="{W}"/>'.encode()


@pytest.mark.parametrize("xml,content_type,word", [
    (f'<w:document xmlns:w="{W}"/>'.encode(), True, "w:document"),
    (b"<foo/>", True, "foo"),
    (COMMENTS_OK, False, "content type"),
])
def test_annotate_with_a_broken_comments_part_is_one_line_exit_2(tmp_path, xml, content_type, word):
    path = tmp_path / "c.docx"
    path.write_bytes(with_comments_part(xml, content_type))
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(main, ["lint", str(path), "--annotate", str(out)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and "word/comments.xml" in lines[0], lines
    assert word in lines[0] and "批注" in lines[0]
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["c.docx"]


def test_annotate_keeps_a_good_comments_part_and_its_comments(tmp_path):
    old = (f'<w:comments xmlns:w="{W}"><w:comment w:id="{"9" * 5000}" w:author="甲"><w:p><w:r><w:t>旧批注'
           f'</w:t></w:r></w:p></w:comment><w:comment w:id="7" w:author="乙"/></w:comments>').encode()
    path = tmp_path / "c.docx"
    path.write_bytes(with_comments_part(old))
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(main, ["lint", str(path), "--annotate", str(out)])
    assert result.exit_code == 1, result.output
    import docx

    comments = docx.Document(str(out)).comments
    ids = [c.comment_id for c in comments if c.author == "rcheck"]
    assert ids and 7 not in ids and len(set(ids)) == len(ids) and max(ids) < 2**31
    assert "旧批注" in [c.text for c in comments]


# ---------------------------------------------------------------- parts within the limits are read

DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


def test_a_31_mb_one_paragraph_part_is_read(tmp_path):
    """libxml2 refuses a text node over 10 MB unless asked for a huge tree; a part within
    the 32 MB limit is read whole, one run or many."""
    xml = body_xml("正文内容。" * 2_150_000, DECL).encode()
    assert 30 * 2**20 < len(xml) <= safety.MAX_XML_BYTES
    path = tmp_path / "big.docx"
    path.write_bytes(draft(**{"word/document.xml": xml}))
    doc = load(path)
    assert len(doc.text) == 5 * 2_150_000 + 1


def test_a_long_footnote_is_read(tmp_path):
    data = mk.build_docx([mk.paragraph(["<w:r><w:t>正文</w:t></w:r>", mk.footnote_reference(1)])],
                         footnotes=["注释。" * 1_200_000])  # 10.8 MB: one text node
    path = tmp_path / "fn.docx"
    path.write_bytes(data)
    doc = load(path)
    assert doc.text.count("注释。") == 1_200_000


@pytest.mark.parametrize("depth,refused_as", [(300, "256"), (2100, "256")])
def test_deep_nesting_is_refused_with_huge_text_too(tmp_path, depth, refused_as):
    """The same depth limit holds in a part that needs the huge-tree parser."""
    body = ("<w:sdt><w:sdtContent>" * depth + "<w:p/>" + "</w:sdtContent></w:sdt>" * depth
            + "<w:p><w:r><w:t>" + "正文。" * 3_500_000 + "</w:t></w:r></w:p>")
    xml = (f'{DECL}<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>').encode()
    refused(tmp_path, draft(**{"word/document.xml": xml}), "XML", refused_as)


# ---------------------------------------------------------------- comments written, and read back

def placeholder_draft(paragraphs: int) -> bytes:
    blocks = [mk.paragraph("情况报告")]
    blocks += [mk.paragraph(f"第{k}项工作开展学习*次，完成率XX%。") for k in range(paragraphs)]
    return mk.build_docx(blocks)


def findings_of(doc, code: str, severity: str, char: str):
    from rcheck.finding import Finding

    out = []
    at = doc.text.find(char)
    while at >= 0:
        line, col = doc.position(at)
        out.append(Finding(code, "test", severity, "测试", at, at + len(char), line, col, line,
                           col + len(char), char))
        at = doc.text.find(char, at + 1)
    return out


def test_comments_are_capped_with_one_summary_comment(tmp_path):
    import docx

    from rcheck.docx import annotate as annotate_module
    from rcheck.docx import write_annotated

    assert annotate_module.DEFAULT_MAX_COMMENTS == 2000
    path = tmp_path / "d.docx"
    path.write_bytes(placeholder_draft(30))
    doc = load(path)
    infos = findings_of(doc, "T999", "info", "第")
    errors = findings_of(doc, "P101", "error", "*")
    assert len(infos) == len(errors) == 30
    out = tmp_path / "out.docx"
    assert write_annotated(doc, infos + errors, out, max_comments=40) == 40
    comments = docx.Document(str(out)).comments
    texts = [c.text for c in comments]
    assert len(texts) == 41
    assert sum(t.startswith("P101") for t in texts) == 30  # errors first, then by place
    assert sum(t.startswith("T999") for t in texts) == 10
    summary = [t for t in texts if "未写成批注" in t]
    assert len(summary) == 1 and "20" in summary[0] and "T999" in summary[0]
    assert "--max-comments" in summary[0]
    assert load(out).text == doc.text


def test_max_comments_on_the_command_line(tmp_path):
    import docx

    path = tmp_path / "d.docx"
    path.write_bytes(placeholder_draft(10))
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(main, ["lint", str(path), "--annotate", str(out), "--max-comments", "3"])
    assert result.exit_code == 1, result.output
    texts = [c.text for c in docx.Document(str(out)).comments]
    assert len(texts) == 4 and sum("未写成批注" in t for t in texts) == 1
    bad = CliRunner().invoke(main, ["lint", str(path), "--annotate", str(out), "--max-comments", "-1"])
    assert bad.exit_code == 2
    from rcheck.docx.annotate import DEFAULT_MAX_COMMENTS

    assert f"[default: {DEFAULT_MAX_COMMENTS}]" in CliRunner().invoke(main, ["lint", "--help"]).output


def test_the_annotated_copy_stays_within_what_rcheck_reads(tmp_path, monkeypatch):
    """However many findings, the copy rcheck writes is one rcheck reads: past the part
    limit, fewer comments are written (and the summary says so)."""
    import docx

    from rcheck.docx import write_annotated

    path = tmp_path / "d.docx"
    path.write_bytes(placeholder_draft(400))
    size = len(members_of(path.read_bytes())["word/document.xml"])
    monkeypatch.setattr(safety, "MAX_XML_BYTES", size + 40_000)  # room for about 100 comments
    doc = load(path)
    findings = findings_of(doc, "P101", "error", "*") + findings_of(doc, "P101", "error", "XX")
    out = tmp_path / "out.docx"
    written = write_annotated(doc, findings, out)
    assert 20 < written < 200
    again = load(out)
    assert again.text == doc.text
    texts = [c.text for c in docx.Document(str(out)).comments]
    assert len(texts) == written + 1 and str(len(findings) - written) in texts[-1]
    assert len(members_of(out.read_bytes())["word/document.xml"]) <= safety.MAX_XML_BYTES


def test_a_copy_that_cannot_fit_is_refused_in_one_line(tmp_path, monkeypatch):
    path = tmp_path / "d.docx"
    path.write_bytes(placeholder_draft(20))
    monkeypatch.setattr(safety, "MAX_MEMBERS", len(members_of(path.read_bytes())))  # no room for comments.xml
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(main, ["lint", str(path), "--annotate", str(out)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and "批注" in lines[0], lines
    assert not out.exists()


# ---------------------------------------------------------------- nothing fetched, nothing written elsewhere

_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@pytest.fixture
def listener():
    """A local HTTP server that counts the requests it gets."""
    import http.server
    import threading

    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<w:styles/>")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("kind", ["styles", "numbering", "footnotes", "image", "hyperlink", "comments"])
def test_external_relationships_are_never_fetched(tmp_path, listener, kind):
    url, hits = listener
    members = members_of(draft())
    rels = members["word/_rels/document.xml.rels"].decode()
    if kind in ("styles", "numbering"):  # the draft's own relationship of that kind goes
        import re

        rels = re.sub(rf'<Relationship [^>]*Type="{_RT}/{kind}"[^>]*/>', "", rels)
    members["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", (
        f'<Relationship Id="rId77" Type="{_RT}/{kind}" Target="{url}/{kind}.xml" TargetMode="External"/>'
        "</Relationships>")).encode()
    path = tmp_path / "ext.docx"
    path.write_bytes(zip_bytes(members))
    out = tmp_path / "out.docx"
    result = CliRunner().invoke(main, ["lint", str(path), "--annotate", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1, 2) and "Traceback" not in result.output
    if result.exit_code == 2:
        assert len(result.stderr.splitlines()) == 1 and str(path) in result.stderr
    else:
        assert load(out).text == load(path).text
    assert hits == []


def test_annotate_writes_only_its_own_path(tmp_path):
    """A member named ../../x in the draft is carried in the zip (python-docx drops what
    nothing refers to), never written to the disk."""
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    members = members_of(draft())
    members["../../escaped.xml"] = b"<x/>"
    members["/abs.xml"] = b"<x/>"
    path = work / "d.docx"
    path.write_bytes(zip_bytes(members))
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    out = work / "out.docx"
    result = CliRunner().invoke(main, ["lint", str(path), "--annotate", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert [p for p in after if p not in before] == ([out.relative_to(tmp_path)] if out.exists() else [])
    if out.exists():
        assert not any(".." in name or name.startswith("/") for name in members_of(out.read_bytes()))


def test_a_dtd_in_a_part_not_named_xml_is_refused_after_parsing(tmp_path):
    """The package, not the name, says what python-docx parses: a main document stored as
    word/main.dat is not scanned as XML, and its DTD is found in the parsed tree."""
    members = members_of(draft())
    members["word/main.dat"] = body_xml("开始&x;结束", DECL, DTD).encode()
    members["_rels/.rels"] = members["_rels/.rels"].replace(b"word/document.xml", b"word/main.dat")
    types = members["[Content_Types].xml"].decode().replace('"/word/document.xml"', '"/word/main.dat"')
    members["[Content_Types].xml"] = types.encode()
    refused(tmp_path, zip_bytes(members), "word/main.dat", "DTD")
