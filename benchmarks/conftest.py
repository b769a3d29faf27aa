"""Shared inputs for the benchmarks: drafts built from `samples/` (GBK decoded by `rcheck.load`).

Run with ``pytest benchmarks/ --benchmark-enable`` (pyproject disables benchmarks by default).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import rcheck

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
MIB = 1024 * 1024


def sample_texts() -> list[str]:
    texts = [rcheck.load(p).text for p in sorted(SAMPLES.glob("*.txt"))]
    if not texts:
        pytest.skip("no samples/*.txt beside the benchmarks")
    return texts


def build_draft(min_bytes: int | None = None, chars: int | None = None) -> str:
    """The samples concatenated (one blank line between them) until the draft has at least
    `min_bytes` UTF-8 bytes, or exactly `chars` characters (cut there)."""
    texts = sample_texts()
    parts: list[str] = []
    size = 0
    i = 0
    while (min_bytes is not None and size < min_bytes) or (
        chars is not None and sum(len(p) for p in parts) < chars
    ):
        text = texts[i % len(texts)].rstrip("\n") + "\n\n"
        parts.append(text)
        size += len(text.encode("utf-8"))
        i += 1
    draft = "".join(parts)
    if chars is not None:
        draft = draft[:chars]
    return draft


@pytest.fixture(scope="session")
def text_1mb() -> str:
    text = build_draft(min_bytes=MIB)
    assert len(text.encode("utf-8")) >= MIB
    return text


@pytest.fixture(scope="session")
def text_20k() -> str:
    text = build_draft(chars=20_000)
    assert len(text) == 20_000
    return text


class PeakRss:
    """Highest resident size of this process and of each of `worker_pids` while running,
    sampled every 20 ms. (A worker's own ru_maxrss is no use: a spawned process inherits the
    high-water mark of the process it was forked from.)"""

    def __init__(self, worker_pids: list[int] | None = None) -> None:
        import psutil

        self.proc = psutil.Process()
        self.workers = [psutil.Process(p) for p in worker_pids or []]
        self.base = self.peak = self.proc.memory_info().rss
        self.worker_peak = [w.memory_info().rss for w in self.workers]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.wait(0.02):
            self.peak = max(self.peak, self.proc.memory_info().rss)
            for i, w in enumerate(self.workers):
                try:
                    self.worker_peak[i] = max(self.worker_peak[i], w.memory_info().rss)
                except Exception:
                    pass  # a worker restarted

    def __enter__(self) -> PeakRss:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
