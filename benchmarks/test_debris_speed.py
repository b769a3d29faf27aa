"""Debris scanning grows linearly with the draft, whatever the draft is made of.

    pytest benchmarks/test_debris_speed.py -o addopts="" -s

Each hostile shape (runs of blank lines, spaces, dashes, one repeated word, digits, tags) is
scanned at n and 4n characters; four times the input may take at most about twice four times
the time (the machine is shared). A pattern that rescans a run from each of its positions
(the old `[-—=~·]*\\s*此处…`) makes the ratio about 16 and fails.
"""

from __future__ import annotations

import time

import pytest

from rcheck.facts.debris import find_debris
from rcheck.lexicon import load_lexicon

SHAPES = {
    "blank lines": "\n",
    "spaces": " ",
    "ideographic spaces": "\u3000",
    "dashes": "-",
    "dash lines": "-\n",
    "space lines": " \n",
    "ellipses": "…",
    "a genre word": "报告",
    "digits": "1",
    "open tags": "<p ",
    "key and colon": "来源：",
    "short lines": "首页\n",
}
N = 100_000


def _seconds(unit: str, chars: int) -> float:
    text = "正文开头。" + unit * (chars // len(unit)) + "正文结尾。"
    lexicon = load_lexicon(())
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        find_debris(text, lexicon)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_debris_scan_grows_linearly(name):
    unit = SHAPES[name]
    small, large = _seconds(unit, N), _seconds(unit, 4 * N)
    print(f"{name}: {N} chars {small * 1000:.0f} ms, {4 * N} chars {large * 1000:.0f} ms")
    assert large < 4 * N / 100_000  # under a second per 100,000 characters
    assert large <= 8 * max(small, 0.02)
