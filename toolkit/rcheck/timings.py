"""Where a run's time goes: each rule's own time, and each step the rules share (reading a
draft, the tokenizer's dictionary, commitments, figures…), kept apart.

Shared steps are computed by whichever rule first needs them; a step's time is taken out of
the step or rule around it, so the entries add up to the whole and a rule is not charged for
the commitments it happened to ask for first. The library only records (`Timings.steps`);
`rcheck lint --profile` prints.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# Labels of the shared steps, Chinese first, English beside; a rule is shown by its code and name.
STEP_LABELS = {
    "startup": "启动（Python 与导入模块，CPU 时间）/ startup (Python and imports, CPU time)",
    "settings": "词表和设置 / lexicons and settings",
    "read": "读取文稿 / reading",
    "tokenizer": "分词词典 / tokenizer dictionary",
    "commitments": "承诺 / commitments",
    "number_words": "数字前后的词和分句 / words and clauses around numbers (commitment targets)",
    "clause_breaks": "分句位置 / clause breaks",
    "figures": "数字 / figures",
    "allocation": "分工 / allocation",
    "kind": "报告类型 / report kind",
    "debris": "网页残留 / web debris",
    "cuts": "截断位置 / cut positions",
    "formulation": "规范表述扫描 / formulation scan",
    "finish": "排序、过滤、忽略 / sorting, filtering, suppression",
    "report": "输出报告 / writing the report",
}


class Timings:
    """Seconds per step, each step's own time (nested steps are taken out of it)."""

    def __init__(self) -> None:
        self.steps: dict[str, float] = {}
        self._inner: list[float] = []  # per open step: time of the steps nested in it

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        self._inner.append(0.0)
        start = time.perf_counter()
        try:
            yield
        finally:
            spent = time.perf_counter() - start
            own = spent - self._inner.pop()
            self.steps[name] = self.steps.get(name, 0.0) + own
            if self._inner:
                self._inner[-1] += spent

    def add(self, name: str, seconds: float) -> None:
        """A step timed by the caller (startup, measured before this object existed)."""
        self.steps[name] = self.steps.get(name, 0.0) + seconds

    def label(self, name: str) -> str:
        return STEP_LABELS.get(name, name)

    def ranked(self) -> list[tuple[str, float]]:
        """(step, seconds), slowest first."""
        return sorted(self.steps.items(), key=lambda kv: (-kv[1], kv[0]))


@contextmanager
def timed(timings: Timings | None, name: str) -> Iterator[None]:
    """`timings.step(name)`, or nothing at all when the run is not being profiled."""
    if timings is None:
        yield
        return
    with timings.step(name):
        yield


# The run being profiled in this thread or task, for a step that has no run of its own to
# report to: the tokenizer's whole dictionary, built when a run first cuts much text.
_ACTIVE: ContextVar[Timings | None] = ContextVar("rcheck_timings", default=None)


def active() -> Timings | None:
    """The `Timings` of the run in progress here, if it is being profiled."""
    return _ACTIVE.get()


@contextmanager
def activated(timings: Timings | None) -> Iterator[None]:
    """Make `timings` the one `active()` returns while the block runs."""
    token = _ACTIVE.set(timings)
    try:
        yield
    finally:
        _ACTIVE.reset(token)
