"""Speed of each rule alone: a warm lint of the 1 MB draft with one code selected.

    pytest benchmarks/test_rule_speed.py --benchmark-enable [--benchmark-json OUT.json]

One benchmark per rule (W105, off by default, included), so a change that makes one rule
slower per character shows up under its own code even when the whole lint gets faster. A rule
alone pays for the facts it reads (commitments, figures, the report kind), as a user selecting
it would. ``extra_info`` holds ``chars_per_s`` and ``mb_per_s``; compare two runs with
``pytest-benchmark compare`` or by reading the JSON.
"""

from __future__ import annotations

import time

import pytest

import rcheck
from rcheck.rules import all_rules

MIB = 1024 * 1024
CODES = [r.code for r in all_rules()]


@pytest.mark.parametrize("code", CODES)
def test_rule_alone_1mb(benchmark, text_1mb: str, code: str) -> None:
    nbytes = len(text_1mb.encode("utf-8"))
    rcheck.lint(rcheck.Document(text_1mb[:20000]), select=[code])  # warm-up: lexicons, matchers
    rounds = iter(range(1_000_000))
    times: list[float] = []

    def run() -> list[rcheck.Finding]:
        # A fresh text and Document each round: nothing is served from a previous round.
        text = f"{text_1mb}\n附件{next(rounds)}"
        t0 = time.perf_counter()
        out = rcheck.lint(rcheck.Document(text), select=[code])
        times.append(time.perf_counter() - t0)
        return out

    findings = benchmark.pedantic(run, rounds=3, iterations=1)
    mean = sum(times) / len(times)
    benchmark.extra_info.update({
        "code": code,
        "findings": len(findings),
        "chars_per_s": round(len(text_1mb) / mean),
        "mb_per_s": round(nbytes / MIB / mean, 3),
    })
