"""Speed of Word drafts: reading a 200-page .docx, and reading it and writing every finding
back as a comment.

    pytest benchmarks/test_docx_speed.py --benchmark-enable

The draft is built from the samples' text the way Word saves a much-edited file: every
paragraph cut into runs of a few characters (each with its own revision id), headings
numbered by a multilevel list, a task table every ten pages. A page of an official document
(GB/T 9704: 22 lines of 28 characters) holds about 600 characters, so 200 pages are 120,000.
Numbers land in ``extra_info``: ``pages``, ``chars``, ``runs``, ``findings`` and ``seconds``.
"""

from __future__ import annotations

import importlib.util
import statistics
import time
from pathlib import Path

import pytest

import rcheck
from rcheck.docx import annotate_bytes
from rcheck.text.structure import match_marker

CHARS_PER_PAGE = 600
PAGES = 200
SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _builder():
    spec = importlib.util.spec_from_file_location("make_docx", SAMPLES / "make_docx.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _mean_seconds(benchmark, fallback: list[float]) -> float:
    stats = getattr(benchmark, "stats", None)
    if stats is not None and getattr(stats, "stats", None) is not None:
        return stats.stats.mean
    return statistics.mean(fallback)


@pytest.fixture(scope="module")
def draft_200_pages(tmp_path_factory) -> Path:
    mk = _builder()
    texts = [rcheck.load(p).text for p in sorted(SAMPLES.glob("*.txt"))]
    if not texts:
        pytest.skip("no samples/*.txt beside the benchmarks")
    lines = [line for text in texts for line in text.split("\n") if line.strip()]
    blocks = [mk.paragraph("县2025年度工作总结（汇编）", style="a3")]
    chars = 0
    k = 0
    next_table = CHARS_PER_PAGE * 10
    while chars < PAGES * CHARS_PER_PAGE:
        line = lines[k % len(lines)]
        k += 1
        marker = match_marker(line.lstrip())
        if marker is not None and marker.rank <= 2 and len(line) < 40:
            # a heading: the style's list numbers it, so its typed number goes
            words = line.lstrip()[marker.end:]
            blocks.append(mk.paragraph(mk.word_runs(words, 5, seed=k), style=str(marker.rank)))
        else:
            blocks.append(mk.paragraph(mk.word_runs(line, 6, seed=k)))
        chars += len(line) + 1
        if chars >= next_table:
            next_table += CHARS_PER_PAGE * 10
            rows = [["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]] + [
                [str(n), "完善工作机制，每季度开展一次督导检查", "县委办公室", "县政府办公室、各乡镇",
                 "2026年6月底前"] for n in range(1, 6)]
            blocks.append(mk.table(rows))
    path = tmp_path_factory.mktemp("docx") / "draft-200-pages.docx"
    path.write_bytes(mk.build_docx(blocks, title="200 pages"))
    return path


def test_docx_read_200_pages(benchmark, draft_200_pages: Path) -> None:
    """`rcheck.load` of the .docx: safety checks, python-docx parse, text and run map."""
    rcheck.load(draft_200_pages)  # warm-up: imports, page cache
    times: list[float] = []

    def run() -> rcheck.Document:
        t0 = time.perf_counter()
        doc = rcheck.load(draft_200_pages)
        times.append(time.perf_counter() - t0)
        return doc

    doc = benchmark(run)
    assert len(doc.text) >= PAGES * CHARS_PER_PAGE and len(doc.source.runs) > 15_000
    benchmark.extra_info.update({
        "pages": round(len(doc.text) / CHARS_PER_PAGE),
        "chars": len(doc.text),
        "runs": len(doc.source.runs),
        "bytes": draft_200_pages.stat().st_size,
        "seconds": round(_mean_seconds(benchmark, times), 3),
    })


def test_docx_read_and_annotate_200_pages(benchmark, draft_200_pages: Path) -> None:
    """Read the draft and write the copy with one comment per finding (the findings are
    computed once beforehand: linting is measured in test_lint_speed)."""
    doc = rcheck.load(draft_200_pages)
    findings = rcheck.lint(doc)
    assert len(findings) > 100
    times: list[float] = []

    def run() -> bytes:
        t0 = time.perf_counter()
        data = annotate_bytes(rcheck.load(draft_200_pages), findings)
        times.append(time.perf_counter() - t0)
        return data

    data = benchmark(run)
    assert data[:2] == b"PK"
    benchmark.extra_info.update({
        "chars": len(doc.text),
        "runs": len(doc.source.runs),
        "findings": len(findings),
        "seconds": round(_mean_seconds(benchmark, times), 3),
    })
