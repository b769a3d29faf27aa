"""What W105 (wrong-character) costs: warm lint of 1 MB with and without it, and its tables' load.

    pytest benchmarks/test_wrongchar_speed.py --benchmark-enable -o addopts="" -s

Without --benchmark-enable each case still runs once and reports its time in ``extra_info``.
The 1 MB draft repeats the samples about twenty times, so W105's memo of neighbourhoods flatters
it here; on 1 MB of distinct text (the README's figure) it costs about twice as much.
"""

from __future__ import annotations

import time

import pytest

import rcheck

MIB = 1024 * 1024


def _timed(benchmark, fn):
    from rcheck.wrongchar import load_model

    times: list[float] = []

    def run():
        load_model().forget()  # each round scores every neighbourhood afresh, as a new draft would
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
        return out

    out = benchmark(run)
    return out, min(times)


@pytest.mark.parametrize("with_w105", [False, True], ids=["default-rules", "default-rules+W105"])
def test_lint_warm_1mb_with_and_without_w105(benchmark, text_1mb: str, with_w105: bool) -> None:
    select = ["ALL", "W105"] if with_w105 else None
    rcheck.lint(rcheck.Document(text_1mb), select=select)  # warm-up: lexicons, tokenizer, tables
    findings, best = _timed(benchmark, lambda: rcheck.lint(rcheck.Document(text_1mb), select=select))
    nbytes = len(text_1mb.encode("utf-8"))
    benchmark.extra_info.update({"bytes": nbytes, "findings": len(findings), "best_s": round(best, 3),
                                 "mb_per_s": round(nbytes / MIB / best, 3)})


def test_w105_alone_warm_1mb(benchmark, text_1mb: str) -> None:
    rcheck.lint(rcheck.Document(text_1mb), select=["W105"])
    findings, best = _timed(benchmark, lambda: rcheck.lint(rcheck.Document(text_1mb), select=["W105"]))
    benchmark.extra_info.update({"findings": len(findings), "best_s": round(best, 3)})
    assert best < 10  # a generous ceiling: a regression of the pruning shows as minutes, not seconds


def test_context_scan_alone_1mb(benchmark, text_1mb: str) -> None:
    """The context scan (counted strings, every character) without the word path or the shield."""
    import numpy as np

    from rcheck.wrongchar import load_scanner

    scanner = load_scanner()
    examine = np.ones(len(text_1mb), dtype=bool)
    t0 = time.perf_counter()
    found = benchmark(lambda: scanner.scan(text_1mb, examine, 2.5))
    benchmark.extra_info.update({"found": len(found), "s": round(time.perf_counter() - t0, 3)})
    assert len(found) < len(text_1mb) / 1000  # at most one per 1,000 characters even unshielded


def test_w105_tables_load_once() -> None:
    from rcheck.wrongchar import Model, load_model

    t0 = time.perf_counter()
    Model()
    load_s = time.perf_counter() - t0
    assert load_model() is load_model()
    assert load_s < 10
    from rcheck.wrongchar import load_scanner

    assert load_scanner() is load_scanner()
