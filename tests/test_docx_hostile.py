"""Hostile and broken .docx files: each is one `InputError` naming the file (exit code 2 on the
command line), never a traceback, in bounded time and memory."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from rcheck.cli import main
from rcheck.docx import safety
from rcheck.errors import InputError
from rcheck.text.readers import load

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
# A blow-up these files aim at takes minutes (one took 357 s): a bound far above a normal
# read catches it on a loaded machine too; the speed itself is measured in benchmarks/.
HANG = 30.0
MB = 1024 * 1024
DOC_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
DOC_TAIL = b"</w:body></w:document>"


def good_members() -> dict[str, bytes]:
    with zipfile.ZipFile(SAMPLES / "word-task-table.docx") as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def zip_bytes(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def with_document(xml: bytes) -> bytes:
    members = good_members()
    members["word/document.xml"] = xml
    return zip_bytes(members)


def refused(tmp_path: Path, data: bytes, *words: str, name: str = "bad.docx",
            seconds: float = HANG, max_mb: float = 64.0) -> str:
    """Load `data` as a file: it must raise one InputError naming the file, saying `words`,
    within `seconds` and without Python allocating more than `max_mb` at its peak."""
    path = tmp_path / name
    path.write_bytes(data)
    del data
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        with pytest.raises(InputError) as info:
            load(path, max_bytes=100 * MB)
    finally:
        elapsed = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    message = str(info.value)
    assert str(path) in message and "\n" not in message
    for word in words:
        assert word in message, message
    assert elapsed < seconds, f"{elapsed:.1f} s"
    assert peak < max_mb * MB, f"peak {peak / MB:.0f} MB"
    return message


# ---------------------------------------------------------------- not Word files


def test_not_a_zip(tmp_path):
    refused(tmp_path, "这是一段文字，不是压缩包。".encode(), "not a zip", "不是 Word .docx 文件")


def test_an_empty_docx(tmp_path):
    refused(tmp_path, b"", "empty")


def test_encrypted_word_file(tmp_path):
    ole = safety.OLE_MAGIC + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 512
    refused(tmp_path, ole, "encrypted", "取消密码")


def test_old_doc_saved_with_a_docx_name(tmp_path):
    ole = safety.OLE_MAGIC + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 512
    refused(tmp_path, ole, ".doc format", "另存为 .docx")


def test_old_doc_by_its_name(tmp_path):
    refused(tmp_path, safety.OLE_MAGIC + b"\x00" * 100, "另存为 .docx", name="old.doc")


def test_rtf_with_a_docx_name(tmp_path):
    refused(tmp_path, b"{\\rtf1\\ansi hello}", "RTF")


@pytest.mark.parametrize("members,word", [
    ({"readme.txt": b"hello"}, "without word/document.xml"),
    ({"xl/workbook.xml": b"<workbook/>", "[Content_Types].xml": b"<Types/>"}, "Excel"),
    ({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"}, "OpenDocument"),
])
def test_zip_that_is_not_a_word_document(tmp_path, members, word):
    refused(tmp_path, zip_bytes(members), "not a Word document", word)


def test_truncated_zip(tmp_path):
    data = (SAMPLES / "word-task-table.docx").read_bytes()
    refused(tmp_path, data[: len(data) // 2], "corrupt")


def test_corrupt_deflate_data(tmp_path):
    members = good_members()
    data = bytearray(zip_bytes(members))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for k in range(start + 20, start + 60):
        data[k] ^= 0x5A
    refused(tmp_path, bytes(data), "corrupt")


def test_encrypted_zip_member(tmp_path):
    data = bytearray(zip_bytes(good_members()))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        infos = zf.infolist()
    cd = data.rindex(b"PK\x05\x06")
    (cd_offset,) = struct.unpack_from("<I", data, cd + 16)
    pos = cd_offset
    for info in infos:  # set "encrypted" in the local and central headers
        data[info.header_offset + 6] |= 1
        data[pos + 8] |= 1
        pos += 46 + len(info.filename.encode()) + len(info.extra) + len(info.comment)
    refused(tmp_path, bytes(data), "cannot read member")


# ---------------------------------------------------------------- zip bombs


def _bomb(name: str, megabytes: int, declared: int | None = None) -> bytes:
    """The sample with member `name` replaced by one that inflates to `megabytes` MB of one
    repeated byte, in a few hundred KB. The deflate stream is one compressed megabyte repeated
    (a full flush makes every block alike), so the test builds a gigabyte in milliseconds.
    `declared` is the size the zip directory states (the truth when None)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = comp.compress(b"a" * MB) + comp.flush(zlib.Z_FULL_FLUSH)
    raw = block * megabytes + comp.flush(zlib.Z_FINISH)
    size = megabytes * MB if declared is None else declared
    out = io.BytesIO()
    central = []
    for member, data in [*((m, d) for m, d in good_members().items() if m != name), (name, None)]:
        if data is not None:
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            packed, crc, length = c.compress(data) + c.flush(), zlib.crc32(data), len(data)
        else:
            packed, crc, length = raw, 0x12345678, size  # the check sum is never reached
        offset = out.tell()
        fields = struct.pack("<HHHHHIIIHH", 20, 0, 8, 0, 0, crc, len(packed), length, len(member), 0)
        out.write(b"PK\x03\x04" + fields + member.encode() + packed)
        tail = struct.pack("<HHHII", 0, 0, 0, 0, offset)
        central.append(b"PK\x01\x02" + struct.pack("<H", 20) + fields + tail + member.encode())
    start = out.tell()
    out.write(b"".join(central))
    out.write(b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(central), len(central), out.tell() - start,
                                            start, 0))
    return out.getvalue()


def test_bomb_refused_from_the_declared_size(tmp_path):
    data = _bomb("word/document.xml", 2048)  # 2 GB unpacked
    assert len(data) < 8 * MB
    refused(tmp_path, data, "word/document.xml", "limit", max_mb=24)


def test_bomb_that_lies_about_its_size(tmp_path):
    """The directory says 2 KB; the member inflates to 2 GB. Reading stops at what was
    declared and the check sum fails: refused, without inflating the rest."""
    data = _bomb("word/document.xml", 2048, declared=2048)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.getinfo("word/document.xml").file_size == 2048
    refused(tmp_path, data, "corrupt", max_mb=24)


def test_a_picture_bomb_is_refused_too(tmp_path):
    refused(tmp_path, _bomb("word/media/image1.png", 1024), "word/media/image1.png", "limit",
            seconds=1.0, max_mb=24)


def test_members_that_together_are_too_big(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_TOTAL_BYTES", 3 * MB)
    members = good_members()
    for k in range(4):
        members[f"word/media/image{k}.png"] = bytes(MB)
    refused(tmp_path, zip_bytes(members), "in all")


def test_inflated_sizes_are_counted_not_trusted():
    """Each member is inflated chunk by chunk and counted, whatever the directory says; the
    count stops at the limit, holding no more than a chunk."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/media/image1.png", bytes(8 * MB))
    with zipfile.ZipFile(out) as zf:
        info = zf.getinfo("word/media/image1.png")
        assert safety._inflate_bounded(zf, info, 9 * MB, "x.docx") == 8 * MB
        tracemalloc.start()
        with pytest.raises(safety._TooBig):
            safety._inflate_bounded(zf, info, 2 * MB, "x.docx")
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < 4 * MB


def test_too_many_members(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_MEMBERS", 50)
    members = good_members()
    members.update({f"customXml/item{k}.xml": b"<a/>" for k in range(60)})
    refused(tmp_path, zip_bytes(members), "members")


# ---------------------------------------------------------------- hostile XML


def test_huge_document_xml(tmp_path):
    body = b"<w:p><w:r><w:t>" + "正文内容。".encode() * 2_500_000 + b"</w:t></w:r></w:p>"
    data = with_document(DOC_HEAD + body + DOC_TAIL)  # about 37 MB of XML
    refused(tmp_path, data, "word/document.xml", "limit", max_mb=48)


BILLION_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY lol "lol">'
    + b"".join(f'<!ENTITY lol{k} "{("&lol" + (str(k - 1) if k > 1 else "") + ";") * 10}">'.encode()
               for k in range(1, 10))
    + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    b"<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p><w:p><w:r><w:t>\xe6\xad\xa3\xe6\x96\x87</w:t></w:r></w:p>"
    + DOC_TAIL
)


def test_billion_laughs_is_refused(tmp_path):
    refused(tmp_path, with_document(BILLION_LAUGHS), "DTD")


def test_entities_are_never_expanded_even_past_the_dtd_check(tmp_path, monkeypatch):
    """Defence in depth: with the DTD check switched off, the parser still does not expand
    entities (a billion laughs would be 3 GB)."""
    monkeypatch.setattr(safety, "_DTD_MARKS", ())
    path = tmp_path / "laughs.docx"
    path.write_bytes(with_document(BILLION_LAUGHS))
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        doc = load(path)
    except InputError as exc:  # refusing is as good as not expanding
        assert "\n" not in str(exc)
        doc = None
    finally:
        elapsed = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < HANG and peak < 64 * MB
    if doc is not None:
        assert "lol" not in doc.text and "正文" in doc.text


def test_external_entity_is_refused(tmp_path):
    xxe = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           + DOC_HEAD[DOC_HEAD.index(b"<w:document"):] + b"<w:p><w:r><w:t>&x;</w:t></w:r></w:p>" + DOC_TAIL)
    refused(tmp_path, with_document(xxe), "DTD")


def test_deeply_nested_xml(tmp_path):
    depth = 100_000
    body = b"<w:sdt><w:sdtContent>" * depth + b"<w:p/>" + b"</w:sdtContent></w:sdt>" * depth
    refused(tmp_path, with_document(DOC_HEAD + body + DOC_TAIL), "XML")


def test_broken_xml(tmp_path):
    refused(tmp_path, with_document(DOC_HEAD + "<w:p><w:r><w:t>正文</w:r>".encode() + DOC_TAIL), "broken XML")


def test_not_wordprocessingml(tmp_path):
    html = b'<?xml version="1.0"?><html><body>x</body></html>'
    refused(tmp_path, with_document(html), "not a WordprocessingML")


def test_missing_content_types(tmp_path):
    members = good_members()
    del members["[Content_Types].xml"]
    refused(tmp_path, zip_bytes(members), "cannot read")


# ---------------------------------------------------------------- the command line


def test_cli_one_line_exit_2_for_each_bad_file(tmp_path):
    bad = {
        "text.docx": "不是压缩包".encode(),
        "enc.docx": safety.OLE_MAGIC + "EncryptedPackage".encode("utf-16-le"),
        "bomb.docx": _bomb("word/document.xml", 1024),
        "laughs.docx": with_document(BILLION_LAUGHS),
        "excel.docx": zip_bytes({"xl/workbook.xml": b"<workbook/>"}),
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "good.docx").write_bytes((SAMPLES / "word-task-table.docx").read_bytes())
    result = CliRunner().invoke(main, ["lint", str(tmp_path), "--format", "json"])
    assert result.exit_code == 2
    errors = result.stderr.splitlines()
    assert len(errors) == len(bad) and "Traceback" not in result.output
    for name in bad:
        assert any(line.startswith("rcheck: error: ") and name in line for line in errors), name
    assert '"word-task-table' not in result.stdout and "good.docx" in result.stdout  # the good one is checked
