"""`rcheck compare` on Dask against the local engine, on the planted-copy drafts of
`test_compare_speed`, written to files that the workers read.

    pytest benchmarks/test_compare_dask_speed.py --benchmark-enable -o addopts="" -s

Without ``--benchmark-enable`` only 1,000 drafts run (results identical, quality floors);
with it 10,000 as well; RCHECK_DASK_BENCH_N adds sizes (RCHECK_DASK_BENCH_N=30000,100000: the
100,000-draft run takes a quarter of an hour and several GB, so it is opt-in). Each run prints
the local and dask wall times and their ratio, the peak RSS gained by the local run and by
the client during the dask run, the peak RSS of each worker, candidates per draft, the Parquet
index's size, recall and precision (and appends them as JSON to $RCHECK_BENCH_LOG).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from conftest import PeakRss
from test_compare_speed import PRECISION_FLOOR, RECALL_FLOOR, build_corpus, score

pytest.importorskip("distributed")

from rcheck.compare import compare_documents
from rcheck.compare.dask_engine import Source, compare_dask, dask_client
from rcheck.text.readers import load


def _measure(n: int, folder: Path, workers: int = 2, index: bool = False) -> dict[str, float]:
    """Local then dask on the same files, back to back; with `index`, the Parquet index of the
    folder built on the workers afterwards, for its size."""
    corpus = build_corpus(n)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for doc in corpus.docs:
        p = folder / doc.path
        p.write_text(doc.text, encoding="utf-8")
        paths.append(str(p))
    with PeakRss() as local_rss:
        t0 = time.perf_counter()
        docs = [load(p) for p in paths]
        local = compare_documents(docs, matrix_limit=0)
        local_s = time.perf_counter() - t0
        del docs
    local_dict = _named(local).to_dict()
    del local
    t0 = time.perf_counter()
    with dask_client(workers=workers) as client:
        start_s = time.perf_counter() - t0
        with PeakRss(sorted(client.run(os.getpid).values())) as rss:
            t1 = time.perf_counter()
            run = compare_dask(client, [Source(p, read=p) for p in paths], matrix_limit=0)
            dask_s = time.perf_counter() - t1
        shards = _index_size(client, folder) if index else {}
    quality = score(corpus, _named(run.result))
    out = {"drafts": n, "local_s": round(local_s, 2), "dask_s": round(dask_s, 2),
           "cluster_start_s": round(start_s, 2), "dask_over_local": round(dask_s / local_s, 2),
           "local_peak_gain_mb": round((local_rss.peak - local_rss.base) / 2**20),
           "client_peak_gain_mb": round((rss.peak - rss.base) / 2**20),
           "worker_peak_mb": [round(m / 2**20) for m in rss.worker_peak],
           "candidates": run.result.candidates,
           "candidates_per_draft": round(run.result.candidates / n, 2),
           "boilerplate_shingles": run.result.boilerplate, "max_df": run.result.max_df,
           "identical": run.result.to_dict() == local_dict, **shards, **quality}
    print(f"\ncompare --engine dask, {n} drafts: {out}")
    if os.environ.get("RCHECK_BENCH_LOG"):
        with open(os.environ["RCHECK_BENCH_LOG"], "a", encoding="utf-8") as log:
            log.write(json.dumps(out) + "\n")
    return out


def _named(result):
    """Paths as the generator named them, which is what the scores and the comparison use."""
    for pair in result.pairs:
        pair.a, pair.b = Path(pair.a).name, Path(pair.b).name
    return result


def _index_size(client, folder: Path) -> dict[str, float]:
    from rcheck.compare.dask_engine import corpus_sketcher
    from rcheck.compare.shards import ShardedIndex

    t0 = time.perf_counter()
    ShardedIndex.open(folder, sketcher=corpus_sketcher(client))
    built = time.perf_counter() - t0
    size = sum(p.stat().st_size for p in (folder / ".rcheck-index").rglob("*") if p.is_file())
    n = sum(1 for _ in folder.glob("*.txt"))
    return {"index_mb": round(size / 2**20, 1), "index_kb_per_draft": round(size / 1024 / n, 2),
            "index_build_s": round(built, 1)}


def test_dask_1k(tmp_path) -> None:
    out = _measure(1_000, tmp_path / "drafts")
    assert out["identical"]
    assert out["recall"] >= RECALL_FLOOR and out["precision"] >= PRECISION_FLOOR, out


# RCHECK_DASK_BENCH_N adds sizes (comma-separated, e.g. 30000,100000): minutes each, run once.
_EXTRA = [int(x) for x in os.environ.get("RCHECK_DASK_BENCH_N", "").split(",") if x.strip()]


@pytest.mark.parametrize("n", [10_000, *_EXTRA])
def test_dask_large(request, tmp_path, n) -> None:
    if request.config.getoption("benchmark_disable", False):
        pytest.skip("large corpora take minutes: run with --benchmark-enable")
    out = _measure(n, tmp_path / "drafts", index=True)
    assert out["identical"]
    assert out["recall"] >= RECALL_FLOOR and out["precision"] >= PRECISION_FLOOR, out
