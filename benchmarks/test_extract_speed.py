"""Speed of extraction: metrics and commitments of a 1 MB draft, warm.

    pytest benchmarks/test_extract_speed.py --benchmark-enable

``extra_info`` holds ``mb_per_s`` and, for scale, the time the default tokenizer alone takes
on the same text (``tokenize_s``), since extraction tokenises clause by clause.
"""

from __future__ import annotations

import time

import rcheck
from rcheck.extract import extract, extract_commitments, extract_metrics
from rcheck.text.tokenize import get_tokenizer

MIB = 1024 * 1024


def test_extract_warm_1mb(benchmark, text_1mb: str) -> None:
    extract(rcheck.Document(text_1mb[:20000]))  # warm-up: lexicons, cn2an, tokenizer dictionary
    tokenizer = get_tokenizer("rjieba")
    t0 = time.perf_counter()
    tokenizer.tokenize(text_1mb)
    tokenize_s = time.perf_counter() - t0

    result = benchmark.pedantic(lambda: extract(rcheck.Document(text_1mb)), rounds=3, iterations=1)
    assert len(result.metrics) > 1000 and len(result.commitments) > 100
    mean = benchmark.stats.stats.mean if benchmark.stats else 1.0
    benchmark.extra_info.update({
        "mb_per_s": round(len(text_1mb.encode("utf-8")) / MIB / mean, 2),
        "tokenize_s": round(tokenize_s, 3),
        "metrics": len(result.metrics), "commitments": len(result.commitments),
    })


def test_extract_metrics_only_1mb(benchmark, text_1mb: str) -> None:
    extract_metrics(text_1mb[:20000])
    benchmark.pedantic(lambda: extract_metrics(rcheck.Document(text_1mb)), rounds=3, iterations=1)


def test_extract_commitments_only_1mb(benchmark, text_1mb: str) -> None:
    extract_commitments(text_1mb[:20000])
    benchmark.pedantic(lambda: extract_commitments(rcheck.Document(text_1mb)), rounds=3, iterations=1)
