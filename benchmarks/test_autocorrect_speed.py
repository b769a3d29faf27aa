"""`rcheck lint --select P,D,T` beside autocorrect's lint on the same 1 MB draft.

    pip install '.[bench]' && pytest benchmarks/test_autocorrect_speed.py --benchmark-enable

autocorrect (https://github.com/huacnlee/autocorrect, a Rust linter for CJK spacing and
punctuation; `autocorrect-py` is its Python binding) checks what rcheck's typography rules
check, so it is the speed a user of both would compare with. autocorrect's parser stops on a
whole megabyte ("call limit reached"), so it lints the draft as the files it is made of (each
sample, one call each, as it would lint a folder), rcheck the draft in one call. Each round
lints once with each tool, so both see the same machine load; ``extra_info`` holds both times and
``ratio_to_autocorrect`` (rcheck's time over autocorrect's: 1.0 or less means rcheck is as fast).
Skipped, saying so, when autocorrect-py is not installed.
"""

from __future__ import annotations

import statistics
import time

import pytest
from conftest import MIB, sample_texts

import rcheck

ac = pytest.importorskip(
    "autocorrect_py", reason="autocorrect-py is not installed (pip install '.[bench]' or autocorrect-py)")

ROUNDS = 5
SELECT = ["P", "D", "T"]


def _files(text: str) -> list[str]:
    """The samples `text_1mb` is built of (conftest.build_draft), in order."""
    texts = sample_texts()
    parts: list[str] = []
    size, i = 0, 0
    while size < len(text):
        parts.append(texts[i % len(texts)].rstrip("\n") + "\n\n")
        size += len(parts[-1])
        i += 1
    assert "".join(parts) == text
    return parts


def test_select_pdt_against_autocorrect_1mb(benchmark, text_1mb: str) -> None:
    files = _files(text_1mb)
    rcheck.lint(rcheck.Document(text_1mb), select=SELECT)  # warm-up: lexicons and matchers
    for f in files:
        ac.lint_for(f, "draft.txt")
    rounds = iter(range(1_000_000))
    ours: list[float] = []
    theirs: list[float] = []

    def autocorrect() -> None:
        t0 = time.perf_counter()
        found = sum(len(ac.lint_for(f, "draft.txt").lines) for f in files)
        theirs.append(time.perf_counter() - t0)
        assert found

    def lint() -> list[rcheck.Finding]:
        text = f"{text_1mb}\n附件{next(rounds)}"  # a fresh text and Document each round
        t0 = time.perf_counter()
        out = rcheck.lint(rcheck.Document(text), select=SELECT)
        ours.append(time.perf_counter() - t0)
        return out

    benchmark.pedantic(lint, setup=autocorrect, rounds=ROUNDS, iterations=1)
    nbytes = len(text_1mb.encode("utf-8"))
    ours_s, theirs_s = statistics.mean(ours), statistics.mean(theirs)
    benchmark.extra_info.update({
        "rcheck_pdt_s": round(ours_s, 4),
        "autocorrect_s": round(theirs_s, 4),
        "rcheck_pdt_mb_per_s": round(nbytes / MIB / ours_s, 2),
        "autocorrect_mb_per_s": round(nbytes / MIB / theirs_s, 2),
        "ratio_to_autocorrect": round(ours_s / theirs_s, 3),
        "ratio_to_autocorrect_min": round(min(ours) / min(theirs), 3),
    })
