"""Speed of `rcheck lint`: warm throughput on 1 MB, a cold process on 20,000 characters.

    pytest benchmarks/ --benchmark-enable

Numbers land in the benchmark's ``extra_info``: ``mb_per_s`` (MiB of UTF-8 per second) and
``chars_per_s`` for throughput; ``rcheck_ms``, ``import_click_ms`` and
``ratio_to_import_click`` for the cold process (a process that only imports click is the
floor any click CLI pays, so the ratio shows what rcheck adds on top of it).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

import rcheck

MIB = 1024 * 1024
ROUNDS = 5


def _mean_seconds(benchmark, fallback: list[float]) -> float:
    stats = getattr(benchmark, "stats", None)
    if stats is not None and getattr(stats, "stats", None) is not None:
        return stats.stats.mean
    return statistics.mean(fallback)


def test_lint_warm_1mb(benchmark, text_1mb: str) -> None:
    """Warm lint of ~1 MB: lexicons loaded and regexes compiled by a first call; each round
    lints a fresh `Document`, so the paragraph/heading parse is measured too."""
    nbytes = len(text_1mb.encode("utf-8"))
    rcheck.lint(rcheck.Document(text_1mb))  # warm-up
    times: list[float] = []

    rounds = iter(range(1_000_000))

    def run() -> list[rcheck.Finding]:
        # A text of its own each round, as every real draft is: a cache keyed on the text
        # must not turn the rounds after the first into lookups.
        text = f"{text_1mb}\n附件{next(rounds)}"
        t0 = time.perf_counter()
        out = rcheck.lint(rcheck.Document(text))
        times.append(time.perf_counter() - t0)
        return out

    findings = benchmark(run)
    assert findings
    mean = _mean_seconds(benchmark, times)
    benchmark.extra_info.update({
        "bytes": nbytes,
        "chars": len(text_1mb),
        "findings": len(findings),
        "mb_per_s": round(nbytes / MIB / mean, 3),
        "chars_per_s": round(len(text_1mb) / mean),
    })


def test_document_sections_1mb(benchmark, text_1mb: str) -> None:
    """Lexicon-free: the Section tree (paragraphs, headings) of the 1 MB draft."""
    nbytes = len(text_1mb.encode("utf-8"))
    times: list[float] = []

    def run() -> rcheck.text.document.Section:
        t0 = time.perf_counter()
        root = rcheck.Document(text_1mb).sections
        times.append(time.perf_counter() - t0)
        return root

    root = benchmark(run)
    assert root.children
    mean = _mean_seconds(benchmark, times)
    benchmark.extra_info.update({
        "bytes": nbytes,
        "mb_per_s": round(nbytes / MIB / mean, 3),
        "chars_per_s": round(len(text_1mb) / mean),
    })


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(args, cwd=cwd, capture_output=True, check=False)


def test_cold_process_20k(benchmark, text_20k: str, tmp_path: Path) -> None:
    """A fresh `python -m rcheck.cli lint` on a 20,000-character draft, beside a fresh
    `python -c "import click"`: one of each per round, the click one untimed by pytest-benchmark
    (it runs in `setup`) and timed here with perf_counter."""
    path = tmp_path / "draft-20k.txt"
    path.write_text(text_20k, encoding="utf-8")
    rcheck_args = [sys.executable, "-m", "rcheck.cli", "lint", str(path)]
    click_args = [sys.executable, "-c", "import click"]
    rcheck_times: list[float] = []
    click_times: list[float] = []
    codes: list[int] = []

    def import_click() -> None:
        t0 = time.perf_counter()
        done = _run(click_args, tmp_path)
        click_times.append(time.perf_counter() - t0)
        assert done.returncode == 0, done.stderr.decode(errors="replace")

    def lint_process() -> None:
        t0 = time.perf_counter()
        done = _run(rcheck_args, tmp_path)
        rcheck_times.append(time.perf_counter() - t0)
        codes.append(done.returncode)
        assert done.returncode in (0, 1), done.stderr.decode(errors="replace")

    _run(click_args, tmp_path)  # page cache and .pyc files, not part of any measurement
    benchmark.pedantic(lint_process, setup=import_click, rounds=ROUNDS, iterations=1)
    assert codes and all(c in (0, 1) for c in codes)
    rcheck_s = _mean_seconds(benchmark, rcheck_times)
    click_s = statistics.mean(click_times)
    benchmark.extra_info.update({
        "chars": len(text_20k),
        "rcheck_ms": round(rcheck_s * 1000, 1),
        "rcheck_min_ms": round(min(rcheck_times) * 1000, 1),
        "import_click_ms": round(click_s * 1000, 1),
        "import_click_min_ms": round(min(click_times) * 1000, 1),
        "ratio_to_import_click": round(rcheck_s / click_s, 2),
    })
