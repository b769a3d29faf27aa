"""`rcheck compare` on Dask against the local engine, on the planted-copy drafts of
`test_compare_speed`, written to files that the workers read.

    pytest benchmarks/test_compare_dask_speed.py --benchmark-enable -o addopts="" -s

Without ``--benchmark-enable`` only 1,000 drafts run (results identical, quality floors);
with it 10,000 as well (set RCHECK_DASK_BENCH_N to add a larger size, e.g. 100000). Each run
prints the local and dask wall times and their ratio, the peak RSS the client gained during
the dask run and the peak RSS of each worker, candidates, recall and precision.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from test_compare_speed import PRECISION_FLOOR, RECALL_FLOOR, build_corpus, score

pytest.importorskip("distributed")

from rcheck.compare import compare_documents
from rcheck.compare.dask_engine import Source, compare_dask, dask_client
from rcheck.text.readers import load


class _PeakRss:
    """Highest resident size of this process and of each worker process while running,
    sampled every 50 ms. (A worker's own ru_maxrss is no use: a spawned process inherits the
    high-water mark of the process it was forked from.)"""

    def __init__(self, worker_pids: list[int]) -> None:
        import psutil

        self.proc = psutil.Process()
        self.workers = [psutil.Process(p) for p in worker_pids]
        self.base = self.peak = self.proc.memory_info().rss
        self.worker_peak = [w.memory_info().rss for w in self.workers]
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.wait(0.05):
            self.peak = max(self.peak, self.proc.memory_info().rss)
            for i, w in enumerate(self.workers):
                try:
                    self.worker_peak[i] = max(self.worker_peak[i], w.memory_info().rss)
                except Exception:
                    pass  # a worker restarted

    def __enter__(self) -> _PeakRss:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()


def _measure(n: int, folder: Path, workers: int = 2) -> dict[str, float]:
    corpus = build_corpus(n)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for doc in corpus.docs:
        p = folder / doc.path
        p.write_text(doc.text, encoding="utf-8")
        paths.append(str(p))
    t0 = time.perf_counter()
    docs = [load(p) for p in paths]
    local = compare_documents(docs, matrix_limit=0)
    local_s = time.perf_counter() - t0
    del docs
    t0 = time.perf_counter()
    with dask_client(workers=workers) as client:
        start_s = time.perf_counter() - t0
        with _PeakRss(sorted(client.run(os.getpid).values())) as rss:
            t1 = time.perf_counter()
            run = compare_dask(client, [Source(p, read=p) for p in paths], matrix_limit=0)
            dask_s = time.perf_counter() - t1
        worker_mb = [m / 2**20 for m in rss.worker_peak]
    # Scores take paths as the generator named them.
    for pair in run.result.pairs:
        pair.a, pair.b = Path(pair.a).name, Path(pair.b).name
    for pair in local.pairs:
        pair.a, pair.b = Path(pair.a).name, Path(pair.b).name
    identical = run.result.to_dict() == local.to_dict()
    quality = score(corpus, run.result)
    out = {"drafts": n, "local_s": round(local_s, 2), "dask_s": round(dask_s, 2),
           "cluster_start_s": round(start_s, 2), "dask_over_local": round(dask_s / local_s, 2),
           "client_peak_gain_mb": round((rss.peak - rss.base) / 2**20),
           "worker_peak_mb": [round(m) for m in worker_mb], "candidates": run.result.candidates,
           "identical": identical, **quality}
    print(f"\ncompare --engine dask, {n} drafts: {out}")
    return out


def test_dask_1k(tmp_path) -> None:
    out = _measure(1_000, tmp_path / "drafts")
    assert out["identical"]
    assert out["recall"] >= RECALL_FLOOR and out["precision"] >= PRECISION_FLOOR, out


@pytest.mark.parametrize("n", [10_000] + ([int(os.environ["RCHECK_DASK_BENCH_N"])]
                                          if os.environ.get("RCHECK_DASK_BENCH_N") else []))
def test_dask_large(request, tmp_path, n) -> None:
    if request.config.getoption("benchmark_disable", False):
        pytest.skip("large corpora take minutes: run with --benchmark-enable")
    out = _measure(n, tmp_path / "drafts")
    assert out["identical"]
    assert out["recall"] >= RECALL_FLOOR and out["precision"] >= PRECISION_FLOOR, out
