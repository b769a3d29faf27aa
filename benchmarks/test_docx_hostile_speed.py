"""Hostile .docx shapes that once blew up, timed at n and 2n so their growth shows:

    pytest benchmarks/test_docx_hostile_speed.py --benchmark-enable -o addopts="" -s

- letter numbering from ``w:start="100000000"`` (357 s and 4.6 GB for 35 KB before start
  values were clamped and long numbers written in figures);
- a level text of 40,000 characters on every numbered paragraph;
- annotating a 100,000-paragraph draft with a finding in every paragraph: the copy must be
  one rcheck reads back (it was refused: document.xml passed the 32 MB part limit).

Numbers land in ``extra_info``: ``paragraphs``, ``seconds`` and, for the copy, ``comments``
and ``document_xml_mb``.
"""

from __future__ import annotations

import importlib.util
import io
import time
import zipfile
from pathlib import Path

import pytest

import rcheck
from rcheck.docx import annotate_bytes, safety
from rcheck.finding import Finding

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _builder():
    spec = importlib.util.spec_from_file_location("make_docx", SAMPLES / "make_docx.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


mk = _builder()


def _numbered(paragraphs: int, start: str, text: str) -> bytes:
    numbering = ('<w:numbering xmlns:w="{w}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
                 f'<w:start w:val="{start}"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="{text}"/>'
                 '</w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
                 '</w:numbering>')
    blocks = [mk.paragraph("情况报告")] + [mk.paragraph("开展工作。", num=(1, 0)) for _ in range(paragraphs)]
    return mk.build_docx(blocks, numbering=numbering)


def _seconds(data: bytes, tmp_path: Path, name: str) -> float:
    path = tmp_path / name
    path.write_bytes(data)
    rcheck.load(path)  # warm
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        rcheck.load(path)
        best = min(best, time.perf_counter() - t0)
    return best


@pytest.mark.parametrize("shape,start,text", [("huge-start", "100000000", "%1."),
                                              ("long-level-text", "1", "%1" * 20_000)])
def test_numbering_shapes_grow_linearly(benchmark, tmp_path, shape, start, text):
    n = 1000
    small = _seconds(_numbered(n, start, text), tmp_path, "n.docx")
    large = _seconds(_numbered(2 * n, start, text), tmp_path, "2n.docx")
    path = tmp_path / "2n.docx"
    benchmark.pedantic(rcheck.load, args=(path,), rounds=3, iterations=1)
    benchmark.extra_info.update({"shape": shape, "paragraphs": [n, 2 * n],
                                 "seconds": [round(small, 3), round(large, 3)]})
    assert large < 1.0
    assert large / small < 3.0  # linear: about 2 for twice the paragraphs


def test_annotated_copy_of_100000_paragraphs_reads_back(benchmark, tmp_path):
    paragraphs = 100_000
    blocks = [mk.paragraph("情况报告")]
    blocks += [mk.paragraph(f"第{k}项工作开展学习*次。") for k in range(paragraphs)]
    path = tmp_path / "big.docx"
    path.write_bytes(mk.build_docx(blocks))
    doc = rcheck.load(path)
    findings = []
    at = doc.text.find("*")
    while at >= 0:
        line, col = doc.position(at)
        findings.append(Finding("P101", "placeholder", "error", "数字未填写", at, at + 1, line, col, line,
                                col + 1, "*"))
        at = doc.text.find("*", at + 1)
    assert len(findings) == paragraphs

    def run() -> bytes:
        return annotate_bytes(rcheck.load(path), findings)

    t0 = time.perf_counter()
    data = benchmark.pedantic(run, rounds=1, iterations=1)
    seconds = time.perf_counter() - t0
    out = tmp_path / "out.docx"
    out.write_bytes(data)
    again = rcheck.load(out)
    assert again.text == doc.text
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        xml = zf.getinfo("word/document.xml").file_size
        comments = zf.read("word/comments.xml").count(b"<w:comment ")
    assert xml <= safety.MAX_XML_BYTES and comments == 2001  # 2000 and the summary
    benchmark.extra_info.update({"paragraphs": paragraphs, "comments": comments,
                                 "document_xml_mb": round(xml / 2**20, 1), "seconds": round(seconds, 2)})
