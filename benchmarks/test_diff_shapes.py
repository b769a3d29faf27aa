"""`rcheck diff` and `rcheck compare` must grow linearly on the shapes that once made them
quadratic.

    pytest benchmarks/test_diff_shapes.py -o addopts="" -s

Each shape is diffed at n and 2n; the time may at most triple (linear doubles; the quadratic
passes these replace quadrupled it: 2,000 `*次` in 29 KB took 28 s). Shapes: many unfilled
placeholders with one number changed (every placeholder scored against every other), every
number changed (every change tested against every metric), every placeholder filled (every
filled slot looked up among all changes).
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from rcheck.diff import diff_documents
from rcheck.text.document import Document

N = 2000  # 6,000 for filled slots, where the quadratic part shows only from there
GROWTH = 3.0  # allowed time ratio from n to 2n


def _placeholders(n: int) -> tuple[str, str]:
    old = "".join(f"开展学习*次，培训{i}人。" for i in range(n))
    return old, old.replace("培训5人", "培训6人")


def _numbers(n: int) -> tuple[str, str]:
    return ("".join(f"开展学习{i}次，培训人员。" for i in range(n)),
            "".join(f"开展学习{i + 10 * n}次，培训人员。" for i in range(n)))


def _filled(n: int) -> tuple[str, str]:
    old = "".join(f"开展学习*次，培训{i}人。" for i in range(n))
    return old, old.replace("*次", "5次")


def _reworded(n: int) -> tuple[str, str]:
    """Every section reworded: none pairs by the exact passes, all go to the fuzzy one."""
    digits = "一二三四五六七八九"

    def cn(k: int) -> str:
        tens, ones = divmod(k % 99 + 1, 10)
        return ("" if tens == 0 else "十" if tens == 1 else digits[tens - 1] + "十") + (
            digits[ones - 1] if ones else "")
    return ("报告\n" + "".join(f"（{cn(i)}）第{i}项任务推进情况\n开展第{i}项工作，群众满意。\n"
                              for i in range(n)),
            "报告\n" + "".join(f"（{cn(i)}）关于{i}号事项的落实\n完成{i}号事项，效果良好。\n"
                              for i in range(n)))


def _seconds(shape: Callable[[int], tuple[str, str]], n: int) -> float:
    old, new = shape(n)
    best = float("inf")
    for _ in range(3):
        t0 = time.process_time()  # CPU time: other work on the machine does not count
        diff_documents(Document(old), Document(new))
        best = min(best, time.process_time() - t0)
    return best


@pytest.mark.parametrize(("shape", "n"), [(_placeholders, N), (_numbers, N), (_filled, 3 * N),
                                          (_reworded, N // 2)],
                         ids=["placeholders", "numbers", "filled", "reworded"])
def test_diff_grows_linearly(shape, n) -> None:
    diff_documents(Document("开展学习*次。"), Document("开展学习3次。"))  # warm-up
    small, large = _seconds(shape, n), _seconds(shape, 2 * n)
    print(f"\n{shape.__name__[1:]}: n={n} {small:.3f} s, 2n {large:.3f} s, x{large / small:.2f}")
    assert large < GROWTH * small + 0.05, (small, large)


@pytest.mark.parametrize("unit", ["的", "开展学习教育活动。"], ids=["one-character", "one-sentence"])
def test_compare_of_self_repeating_drafts_grows_linearly(unit) -> None:
    """Two drafts that repeat themselves: every window shares every LSH bucket."""
    from rcheck.compare import compare_documents

    def seconds(chars: int) -> float:
        text = unit * (chars // len(unit))
        docs = [Document(text, path="a.txt"), Document(text + "补充。", path="b.txt")]
        t0 = time.process_time()
        compare_documents(docs)
        return time.process_time() - t0

    seconds(1000)  # warm-up
    small, large = seconds(40_000), seconds(80_000)
    print(f"\ncompare {unit[:2]}…: 40,000 chars {small:.3f} s, 80,000 {large:.3f} s")
    assert large < GROWTH * small + 0.05, (small, large)
