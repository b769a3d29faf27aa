"""Speed of `rcheck lint`: warm throughput on 1 MB, a cold process on 20,000 characters.

    pytest benchmarks/ --benchmark-enable

Numbers land in the benchmark's ``extra_info``: ``mb_per_s`` (MiB of UTF-8 per second) and
``chars_per_s`` for throughput; ``rcheck_ms``, ``import_click_ms`` and
``ratio_to_import_click`` for the cold process, on the samples and on a real-like draft (a
process that only imports click is the floor any click CLI pays, so the ratio shows what
rcheck adds on top of it), and ``cpu_ratio_to_import_click``, the same from the children's CPU
time, steadier when other work shares the machine.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest
from realdraft import real_like_draft

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


def _run(args: list[str], cwd: Path, env: dict[str, str],
         cpu: list[float] | None = None) -> subprocess.CompletedProcess[bytes]:
    """The finished child; its CPU seconds (user + system) appended to `cpu`: on a shared,
    busy machine CPU time varies less than wall time. Children's times are summed by the
    kernel as each is reaped, and this process runs one child at a time."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(args, cwd=cwd, capture_output=True, check=False, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu is not None:
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return done


def _child_env(tmp_path: Path) -> dict[str, str]:
    """Bytecode cached as an installed package has it (pip writes .pyc files), kept under
    `tmp_path` so the checkout gets none; rcheck's own caches there too, built by the warm-up."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "pycache")
    env["RCHECK_CACHE_DIR"] = str(tmp_path / "cache")
    return env


@pytest.fixture(scope="module")
def real_like_20k() -> str:
    return real_like_draft(20_000)


@pytest.mark.parametrize("draft", ["samples", "real-like"])
def test_cold_process_20k(benchmark, draft: str, text_20k: str, real_like_20k: str,
                          tmp_path: Path) -> None:
    """A fresh `python -m rcheck lint` on a 20,000-character draft, beside a fresh
    `python -c "import click"`: one of each per round, the click one untimed by pytest-benchmark
    (it runs in `setup`) and timed here with perf_counter.

    Two drafts: the samples concatenated, and a generated one with the faults of real drafts
    (a doubled word makes W101 load the tokenizer, which the samples never do)."""
    text = text_20k if draft == "samples" else real_like_20k
    assert len(text) == 20_000
    path = tmp_path / "draft-20k.txt"
    path.write_text(text, encoding="utf-8")
    env = _child_env(tmp_path)
    rcheck_args = [sys.executable, "-m", "rcheck", "lint", str(path)]
    click_args = [sys.executable, "-c", "import click"]
    rcheck_times: list[float] = []
    click_times: list[float] = []
    rcheck_cpu: list[float] = []
    click_cpu: list[float] = []

    def import_click() -> None:
        t0 = time.perf_counter()
        done = _run(click_args, tmp_path, env, click_cpu)
        click_times.append(time.perf_counter() - t0)
        assert done.returncode == 0, done.stderr.decode(errors="replace")

    def lint_process() -> None:
        t0 = time.perf_counter()
        done = _run(rcheck_args, tmp_path, env, rcheck_cpu)
        rcheck_times.append(time.perf_counter() - t0)
        # A run that failed early is fast: only a finished report counts.
        assert done.returncode in (0, 1), done.stderr.decode(errors="replace")
        assert "file(s)" in done.stdout.decode()[-400:], done.stdout[-400:]

    # Page cache, .pyc files and rcheck's caches: not part of any measurement.
    _run(click_args, tmp_path, env)
    lint_process()
    rcheck_times.clear()
    rcheck_cpu.clear()
    benchmark.pedantic(lint_process, setup=import_click, rounds=ROUNDS, iterations=1)
    rcheck_s = _mean_seconds(benchmark, rcheck_times)
    click_s = statistics.mean(click_times)
    benchmark.extra_info.update({
        "draft": draft,
        "chars": len(text),
        "rcheck_ms": round(rcheck_s * 1000, 1),
        "rcheck_min_ms": round(min(rcheck_times) * 1000, 1),
        "import_click_ms": round(click_s * 1000, 1),
        "import_click_min_ms": round(min(click_times) * 1000, 1),
        "ratio_to_import_click": round(rcheck_s / click_s, 2),
        "cpu_ratio_to_import_click": round(statistics.mean(rcheck_cpu) / statistics.mean(click_cpu), 2),
    })
