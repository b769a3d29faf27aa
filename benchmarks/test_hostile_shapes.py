"""Hostile input shapes must cost time linear in their size: each at n and 2n, in one run.

    pytest benchmarks/test_hostile_shapes.py --benchmark-enable -o addopts=""

Each shape (a long run of one word, one very long line, blank lines and spaces, digit and
numeral runs, thousands of leading 一、) goes through what a user runs on a draft: `lint` with
every rule, the text and JSON reports, and `extract`. Both sizes are timed here, best of
`ROUNDS`, so the ratio compares like with like on a loaded machine; linear time gives about 2,
quadratic about 4. `extra_info` holds both times and the ratio. The benchmark's own statistics
are those of the 2n input. Functional checks of the same shapes at small sizes are in
`tests/test_hostile_shapes.py`.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any

import pytest
from conftest import build_draft

import rcheck
from rcheck.extract import extract
from rcheck.formats import FileResult
from rcheck.formats.jsonfmt import render_json
from rcheck.formats.text import render_text

ROUNDS = 5
MAX_RATIO = 3.0  # time(2n) / time(n)
MAX_SECONDS = 20.0  # for the 2n input: bounded, whatever the ratio


def _one_line(n: int) -> str:
    return build_draft(chars=n + n // 10).replace("\n", "")[:n]


# name: (builder, n). At these sizes the quadratic versions took minutes; the linear ones take
# tens of milliseconds, enough to time.
SHAPES: dict[str, tuple[Callable[[int], str], int]] = {
    "run-的": (lambda n: "开展" + "的" * n + "。\n", 60_000),
    "run-党委": (lambda n: "开展" + "党委" * n + "。\n", 30_000),
    "run-一": (lambda n: "开展" + "一" * n + "。\n", 60_000),
    "run-万": (lambda n: "开展" + "万" * n + "。\n", 60_000),
    "run-总书记": (lambda n: "学习" + "总书记" * n + "讲话。\n", 20_000),
    "run-党委、": (lambda n: "开展" + "党委、" * n + "。\n", 20_000),
    "pairs-judged-by-words": (lambda n: "开展" + "甲党委、党委" * (n // 6) + "。\n", 20_000),
    "one-long-line": (_one_line, 150_000),
    "blank-lines": (lambda n: "工作总结\n" + "\n" * n + "全年开展活动3次。\n", 20_000),
    "blank-lines-with-spaces": (lambda n: "工作总结\n" + " \n" * (n // 2) + "全年开展活动3次。\n", 20_000),
    "spaces": (lambda n: "工作总结\n全年" + " " * n + "开展活动3次。\n", 20_000),
    "digit-run": (lambda n: "完成" + "1" * n + "。全年开展活动3次。\n", 64_000),
    "grouped-digits": (lambda n: "完成1" + ",111" * (n // 4) + "。\n", 64_000),
    "numeral-run-万": (lambda n: "完成" + "万" * n + "。全年开展活动3次。\n", 64_000),
    "numeral-run-一": (lambda n: "完成" + "一" * n + "。全年开展活动3次。\n", 64_000),
    "leading-markers": (lambda n: "工作总结\n" + "一、" * n + "主要工作\n正文。\n", 20_000),
}


def _pipeline(text: str) -> int:
    """lint with every rule, both reports, and extract; returns the number of findings."""
    doc = rcheck.Document(text)
    findings = rcheck.lint(doc)
    results = [FileResult("draft.txt", findings, None, text)]
    render_text(results)
    render_json(results)
    extract(rcheck.Document(text))
    return len(findings)


def _timed(run: Callable[[Any], object], arg: Any) -> float:
    """One timing with the garbage collector held off, as timeit does: a collection landing
    in one size and not the other would skew the ratio."""
    gc.collect()
    gc.disable()
    try:
        t0 = time.perf_counter()
        run(arg)
        return time.perf_counter() - t0
    finally:
        gc.enable()


def _ratio_times(small: str, large: str) -> tuple[float, float]:
    """Best of `ROUNDS` for each size, the two sizes taking turns so that load from other
    processes falls on both."""
    best_small = best_large = float("inf")
    for k in range(ROUNDS):
        # A different last line each round: debris and the Simplified view are cached per text.
        best_small = min(best_small, _timed(_pipeline, f"{small}附{k}\n"))
        best_large = min(best_large, _timed(_pipeline, f"{large}附{k}\n"))
    return best_small, best_large


@pytest.mark.parametrize("shape", list(SHAPES))
def test_hostile_shape_is_linear(benchmark, shape: str) -> None:
    build, n = SHAPES[shape]
    small, large = build(n), build(2 * n)
    _pipeline(build(100))  # lexicons, tokenizer and regexes loaded outside the timing
    small_s, large_s = _ratio_times(small, large)
    findings = benchmark.pedantic(_pipeline, args=(f"{large}附{ROUNDS}\n",), rounds=1, iterations=1)
    ratio = large_s / small_s
    benchmark.extra_info.update({
        "n_chars": len(small),
        "2n_chars": len(large),
        "n_s": round(small_s, 4),
        "2n_s": round(large_s, 4),
        "ratio": round(ratio, 2),
        "findings_2n": findings,
    })
    assert large_s < MAX_SECONDS, f"{shape}: {large_s:.1f} s for {len(large)} characters"
    assert ratio < MAX_RATIO, f"{shape}: time(2n)/time(n) = {ratio:.2f} ({small_s:.3f} s, {large_s:.3f} s)"


def _reports(results: list[FileResult]) -> None:
    render_text(results)
    render_json(results)


def _best_reports(results: list[FileResult]) -> float:
    return min(_timed(_reports, results) for _ in range(ROUNDS))


def test_reports_of_one_very_long_line_are_linear(benchmark) -> None:
    """The text and JSON reports alone, on a one-line draft of n and 2n characters with a
    finding every few hundred characters: each excerpt is a window, not a copy of the line."""
    n = 1_000_000
    small, large = _one_line(n), _one_line(2 * n)
    small_results = [FileResult("draft.txt", rcheck.lint(small), None, small)]
    large_results = [FileResult("draft.txt", rcheck.lint(large), None, large)]
    small_s, large_s = _best_reports(small_results), _best_reports(large_results)
    benchmark.pedantic(_reports, args=(large_results,), rounds=1, iterations=1)
    ratio = large_s / small_s
    benchmark.extra_info.update({
        "n_chars": n, "findings_n": len(small_results[0].findings),
        "findings_2n": len(large_results[0].findings),
        "n_s": round(small_s, 4), "2n_s": round(large_s, 4), "ratio": round(ratio, 2),
    })
    assert large_s < MAX_SECONDS
    assert ratio < MAX_RATIO, f"reports: time(2n)/time(n) = {ratio:.2f} ({small_s:.3f} s, {large_s:.3f} s)"
