"""Checks a .docx must pass before python-docx opens it: bounded size, time and memory.

A .docx is a zip of XML parts. A hostile one can be a zip bomb (a small member that
inflates to gigabytes), lie about its sizes in the zip directory, hide a DTD with entity
tricks, or not be a Word file at all (an old .doc, an encrypted OLE file, an Excel
workbook, an OpenDocument file). Each gets one `InputError` naming the file.

Sizes are checked twice: first as the zip directory declares them, then while every
member is actually inflated, chunk by chunk, stopping as soon as a limit is passed, so a
member that lies about its size costs no more than the limit. python-docx then reads the
same members, whose real sizes are now known to be within bounds.

Every part python-docx parses is also scanned for a DTD as it is inflated. A .docx may hold
XML only in UTF-8 or UTF-16 (ECMA-376 part 2, the package's conformance rules): the encoding
is found from the first bytes as the XML specification's appendix F does it, a UTF-16 part is
scanned decoded, and a part in any other encoding (UTF-32, UTF-7, EBCDIC, GB18030…, any of
which libxml2 would decode) is refused, so no DTD can hide from the scan in an encoding it
does not read.
"""

from __future__ import annotations

import codecs
import io
import zipfile
import zlib

from rcheck.errors import InputError
from rcheck.text import regex as re

# Word writes document.xml at roughly 10-50 KB a page; 32 MiB is a draft of thousands of
# pages, far past any report. lxml needs several times the XML's size in memory.
MAX_XML_BYTES = 32 * 1024 * 1024
# Pictures and other members (python-docx holds them in memory too).
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 5000

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_CHUNK = 1024 * 1024
# Word never writes a DTD; one in a part is a sign of entity tricks (billion laughs, XXE).
_DTD_MARKS = ("<!DOCTYPE", "<!ENTITY")
_OVERLAP = max(len(m) for m in _DTD_MARKS)

_MB = 1024 * 1024


def looks_like_docx(data: bytes) -> bool:
    return data.startswith(ZIP_MAGIC)


def is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def _parsed(name: str) -> bool:
    """XML that python-docx or rcheck parses: custom XML and embedded files are kept as bytes,
    but python-docx reads the relationships of every part it reaches, custom XML included."""
    if name.lower().endswith(".rels"):
        return True
    return is_xml(name) and not name.startswith(("customXml/", "word/embeddings/", "word/media/"))


_DECLARED = re.compile(rb"""^<\?xml[^>]*?\sencoding\s*=\s*["']([^"']*)["']""")
_UTF8_NAMES = ("utf8",)
_UTF16_NAMES = ("utf16", "utf16le", "utf16be", "ucs2", "iso10646ucs2", "unicode")
_UCS4 = (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\x00<", b"<\x00\x00\x00",
         b"\x00\x00<\x00", b"\x00<\x00\x00")


class _BadEncoding(Exception):
    pass


def _name(raw: bytes) -> str:
    return re.sub(r"[^a-z0-9]", "", raw.decode("ascii", "replace").lower())


def xml_encoding(head: bytes) -> str:
    """The codec libxml2 will read an XML part in, from its first bytes (XML 1.0 appendix F):
    ``utf-8``, ``utf-16-le`` or ``utf-16-be``; `_BadEncoding` naming any other."""
    if head.startswith(_UCS4):
        raise _BadEncoding("UTF-32")
    if head.startswith(b"\xfe\xff") or head.startswith(b"\x00<\x00?"):
        family = "utf-16-be"
    elif head.startswith(b"\xff\xfe") or head.startswith(b"<\x00?\x00"):
        family = "utf-16-le"
    elif head.startswith(b"\x4c\x6f\xa7\x94"):
        raise _BadEncoding("EBCDIC")
    else:
        # ASCII-compatible: libxml2 switches to whatever the declaration names.
        m = _DECLARED.match(head[3:] if head.startswith(b"\xef\xbb\xbf") else head)
        if m is not None and _name(m.group(1)) not in _UTF8_NAMES:
            raise _BadEncoding(m.group(1).decode("ascii", "replace")[:40] or "an empty name")
        return "utf-8"
    # UTF-16: libxml2 keeps to the byte order it found, whatever the declaration says; a
    # declaration naming neither form is a contradiction, not something to guess through.
    text = head[:400].decode(family, "replace").lstrip("\ufeff").encode("ascii", "replace")
    m = _DECLARED.match(text)
    if m is not None and _name(m.group(1)) not in _UTF16_NAMES + _UTF8_NAMES:
        raise _BadEncoding(m.group(1).decode("ascii", "replace")[:40])
    return family


def dtd_error(name: str, path: str) -> InputError:
    return InputError(path, f"{name} declares a DTD or entities, which Word never writes; refused "
                            "（文件含 DTD，不是 Word 生成的）")


def _refuse_non_zip(data: bytes, path: str) -> None:
    if data.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise InputError(path, "encrypted (password-protected) Word file; remove the password in "
                                   "Word/WPS and save again （文件已加密，请在 Word/WPS 中取消密码后另存）")
        raise InputError(path, "old binary Word .doc format, not .docx; open it in Word/WPS and "
                               "save as .docx （这是旧版 .doc 格式，请另存为 .docx）")
    if data.lstrip().startswith(b"{\\rtf"):
        raise InputError(path, "an RTF file, not .docx; open it in Word/WPS and save as .docx "
                               "（这是 RTF 文件，请另存为 .docx）")
    if not data.strip():
        raise InputError(path, "empty file （空文件）")
    raise InputError(path, "not a Word .docx file (not a zip archive) （不是 Word .docx 文件）")


def _not_word(names: set[str], path: str) -> InputError:
    if "xl/workbook.xml" in names:
        what = "an Excel workbook （这是 Excel 表格）"
    elif "ppt/presentation.xml" in names:
        what = "a PowerPoint presentation （这是 PowerPoint 演示文稿）"
    elif "content.xml" in names and "mimetype" in names:
        what = "an OpenDocument file; save it as .docx （这是 OpenDocument 文件，请另存为 .docx）"
    else:
        what = "a zip archive without word/document.xml （不是 Word 文档）"
    return InputError(path, f"not a Word document: {what}")


class _TooBig(Exception):
    pass


class _DtdScanner:
    """Fed a part's bytes chunk by chunk, raises `InputError` at a DTD or a forbidden encoding.

    The encoding is decided once the first bytes are in (the declaration fits in them); a
    UTF-16 part is decoded incrementally, so a mark cut between two chunks is still seen."""

    _HEAD = 512

    def __init__(self, name: str, path: str) -> None:
        self.name, self.path = name, path
        self.head: bytes | None = b""
        self.decoder: codecs.IncrementalDecoder | None = None
        self.tail = ""

    def _start(self, head: bytes) -> None:
        try:
            encoding = xml_encoding(head)
        except _BadEncoding as exc:
            raise InputError(self.path, f"{self.name} is XML in {exc}; a .docx holds XML only in UTF-8 or "
                                        "UTF-16 （编码不是 UTF-8 或 UTF-16，不是 Word 生成的）") from None
        # Bytes are scanned as Latin-1 text: one character a byte, so ASCII marks match as bytes.
        self.decoder = codecs.getincrementaldecoder("latin-1" if encoding == "utf-8" else encoding)("replace")

    def _scan(self, data: bytes, final: bool = False) -> None:
        assert self.decoder is not None
        window = self.tail + self.decoder.decode(data, final)
        if any(mark in window for mark in _DTD_MARKS):
            raise dtd_error(self.name, self.path)
        self.tail = window[-_OVERLAP:]

    def feed(self, chunk: bytes) -> None:
        if self.head is not None:
            self.head += chunk
            if len(self.head) < self._HEAD:
                return
            chunk, self.head = self.head, None
            self._start(chunk)
        self._scan(chunk)

    def close(self) -> None:
        if self.head is not None:
            head, self.head = self.head, None
            self._start(head)
            self._scan(head)
        self._scan(b"", final=True)


def _inflate_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, path: str) -> int:
    """Inflate one member without keeping it, stopping past `limit`; returns its real size.
    A part python-docx parses is scanned for a DTD on the way."""
    size = 0
    scanner = _DtdScanner(info.filename, path) if _parsed(info.filename) else None
    with zf.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            size += len(chunk)
            if size > limit:
                raise _TooBig
            if scanner is not None:
                scanner.feed(chunk)
    if scanner is not None:
        scanner.close()
    return size


def _declared_problem(infos: list[zipfile.ZipInfo]) -> str | None:
    declared = 0
    for info in infos:
        limit = MAX_XML_BYTES if is_xml(info.filename) else MAX_MEMBER_BYTES
        declared += info.file_size
        if info.file_size > limit:
            return (f"member {info.filename} declares {info.file_size / _MB:.0f} MB, more than the "
                    f"{limit // _MB} MB limit （压缩包内容超出上限）")
        if declared > MAX_TOTAL_BYTES:
            return f"members declare more than {MAX_TOTAL_BYTES // _MB} MB in all （压缩包内容超出上限）"
    return None


def over_limits(data: bytes, max_bytes: int | None = None) -> str | None:
    """Why rcheck would refuse to read the zip `data` it wrote itself (its sizes are true:
    it wrote them), or None. `max_bytes` is the file size limit in force, if any."""
    if max_bytes is not None and len(data) > max_bytes:
        return f"{len(data) / _MB:.1f} MB, more than the {max_bytes // _MB} MB file limit (--max-size)"
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        return f"{len(infos)} members in the zip, more than {MAX_MEMBERS}"
    return _declared_problem(infos)


def member_sizes(data: bytes) -> dict[str, int]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: info.file_size for info in zf.infolist()}


def check_package(data: bytes, path: str) -> None:
    """Raise `InputError` unless `data` is a zip that python-docx can open within bounds."""
    if not looks_like_docx(data):
        _refuse_non_zip(data, path)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(path, f"corrupt .docx (bad zip: {exc}) （文件已损坏）") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise InputError(path, f"{len(infos)} members in the zip, more than {MAX_MEMBERS} "
                                   "（压缩包文件数超出上限）")
        names = {i.filename for i in infos}
        if "word/document.xml" not in names:
            raise _not_word(names, path)
        problem = _declared_problem(infos)
        if problem is not None:
            raise InputError(path, problem)
        # Declared sizes can lie: inflate every member (duplicates included) and count.
        actual = 0
        for info in infos:
            if info.is_dir():
                continue
            limit = MAX_XML_BYTES if is_xml(info.filename) else MAX_MEMBER_BYTES
            left = MAX_TOTAL_BYTES - actual
            try:
                actual += _inflate_bounded(zf, info, min(limit, left), path)
            except _TooBig:
                what = (f"member {info.filename} inflates past the {limit // _MB} MB limit" if limit <= left
                        else f"members inflate past {MAX_TOTAL_BYTES // _MB} MB in all")
                raise InputError(path, f"{what} (zip bomb or corrupt file) （压缩包内容超出上限）") from None
            except (RuntimeError, NotImplementedError) as exc:
                # zipfile: an encrypted member, or a compression method it does not know.
                raise InputError(path, f"cannot read member {info.filename}: {exc} （无法读取）") from None
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
                raise InputError(path, f"corrupt .docx, member {info.filename}: {exc} "
                                       "（文件已损坏）") from None
