from __future__ import annotations

import codecs
import io
import sys

import pytest

import rcheck
from rcheck.errors import InputError
from rcheck.text.readers import expand_paths, load, read_bytes

TEXT = "关于2025年度工作情况的报告\n一、主要做法\n全年开展专题学习20次。\n"


@pytest.mark.parametrize("encoding,data", [
    ("utf-8", TEXT.encode("utf-8")),
    ("utf-8-sig", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
    ("gb18030", TEXT.encode("gbk")),
    ("utf-16", TEXT.encode("utf-16")),
    ("utf-16", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")),
])
def test_encodings_decode_to_the_same_text(tmp_path, encoding, data):
    path = tmp_path / "draft.txt"
    path.write_bytes(data)
    doc = load(path)
    assert doc.text == TEXT and doc.encoding == encoding


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_ends_become_lf(tmp_path, newline):
    path = tmp_path / "draft.txt"
    path.write_bytes(TEXT.replace("\n", newline).encode("utf-8"))
    assert load(path).text == TEXT


@pytest.mark.parametrize("data,reason", [
    (b"", "empty"),
    (b"  \n\t\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    ("正文".encode("gbk") + b"\xff\xfe\xfd\x80" * 3 + "内容".encode("gbk"), "cannot decode"),
])
def test_bad_bytes_are_one_clear_error(tmp_path, data, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        load(path)
    assert reason in str(info.value) and str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        load(tmp_path)


def test_size_limit(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes("正文内容。".encode() * 100_000)
    with pytest.raises(InputError, match="limit"):
        load(path, max_bytes=1024 * 1024)
    assert len(load(path, max_bytes=2 * 1024 * 1024).text) == 500_000


def test_doc_is_refused_with_advice(tmp_path):
    path = tmp_path / "old.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    with pytest.raises(InputError, match=r"\.docx"):
        load(path)


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TEXT.encode("gbk"))))
    doc = load("-")
    assert doc.text == TEXT and doc.path == "<stdin>"


def test_directories_expand_sorted_and_skip_hidden(tmp_path):
    for name in ["b.txt", "a.md", "c.pdf", ".hidden/x.txt", "sub/d.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("正文。", encoding="utf-8")
    got = [p.replace(str(tmp_path), "") for p in expand_paths([str(tmp_path)])]
    assert got == ["/a.md", "/b.txt", "/sub/d.txt"]


def test_library_lint_accepts_text_path_and_document(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("开展学习*次。", encoding="utf-8")
    from pathlib import Path

    by_path = rcheck.lint(Path(path))
    by_text = rcheck.lint("开展学习*次。")
    by_doc = rcheck.lint(read_bytes("开展学习*次。".encode()))
    assert by_path == by_text == by_doc and [f.code for f in by_text] == ["P101"]
