"""The same compare on a Dask cluster, for archives too large for one machine.

Every step is one of the local engine's own pure functions, run where the data is:

1. sketch: a map over batches of files, each read by a worker;
2. boilerplate: shingle document frequencies summed in a tree of tasks;
3. sign: MinHash signatures per batch, next to its sketches;
4. LSH: each unit's band keys shuffled to the task that owns them (hash of band and key),
   which groups them exactly as datasketch's buckets would and pairs their units; corpus
   units' hits shuffled once more by unit, because a query is the union over its bands;
5. the de-duplicated candidates gathered (integers only), filtered by MinHash estimate in
   tasks that hold the two signature batches;
6. alignment: a map over batches of draft pairs, each worker reading the two files again.

The client holds futures only, so a worker lost mid-run costs Dask a recomputation of what
it held, never a different answer. Results are gathered and sorted as the local engine
sorts them, so both engines give the same `CompareResult`.
"""


from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import getitem
from typing import TYPE_CHECKING, Any

import numpy as np

from rcheck.compare import assemble, group_by_pair
from rcheck.compare.candidates import band_ranges
from rcheck.compare.passages import _display
from rcheck.compare.result import CompareResult, PairResult
from rcheck.compare.sketch import (
    _DF_SHARE,
    _MIN_DF,
    DEFAULT_PARAMS,
    Progress,
    SketchParams,
)
from rcheck.errors import InputError, RcheckError

if TYPE_CHECKING:
    from distributed import Client

    from rcheck.compare.index import CorpusIndex
from rcheck.compare.dask_tasks import (
    Source,
    _align_batch,
    _band_split,
    _batch_df,
    _batch_meta,
    _bucket_hits,
    _buckets,
    _common,
    _count_units,
    _draft_pairs,
    _estimate,
    _queries,
    _sign_batch,
    _sketch_batch,
    _sum_df,
    _with_offset,
    corpus_sketcher,
)

__all__ = ["CONNECT_TIMEOUT", "ClusterError", "DaskRun", "Source", "compare_dask", "corpus_sketcher",
           "dask_client"]

CONNECT_TIMEOUT = 10.0  # seconds to wait for a scheduler before giving up


class ClusterError(RcheckError):
    """A Dask scheduler that cannot be reached or started."""


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None,
                timeout: float = CONNECT_TIMEOUT, processes: bool = True) -> Iterator[Client]:
    """A client of the cluster at `scheduler`, or of a LocalCluster of `workers` processes
    (one thread each: the work holds the GIL) that lives as long as the client."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ClusterError("--engine dask needs dask and distributed: "
                           "pip install 'rcheck[dask]'") from exc
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(f"Dask scheduler {scheduler} did not answer within "
                               f"{timeout:g} s （无法连接调度器）: {type(exc).__name__}") from exc
        try:
            yield client
        finally:
            client.close()
        return
    cluster = LocalCluster(n_workers=workers or 2, threads_per_worker=1, processes=processes,
                           dashboard_address=":0", silence_logs=logging.ERROR)
    try:
        with Client(cluster, set_as_default=False) as client:
            yield client
    finally:
        cluster.close()


@dataclass
class DaskRun:
    """What `compare_dask` found, and the inputs that could not be read (in input order)."""

    result: CompareResult
    unreadable: list[InputError] = field(default_factory=list)


def compare_dask(client: Client, sources: Sequence[Source], corpus: CorpusIndex | None = None,
                 *, threshold: float = 0.8, min_chars: int = 50, max_df: int | None = None,
                 params: SketchParams = DEFAULT_PARAMS, max_bytes: int = 20 * 1024 * 1024,
                 progress: Progress | None = None, matrix_limit: int = 200,
                 batch: int | None = None) -> DaskRun:
    """`compare_documents` over `sources` (files the workers read, or drafts already read)
    on the cluster behind `client`; the same result for the same inputs. A source that
    cannot be read is left out and listed in `unreadable`, as the local reader reports it.

    Each stage is a function of its own: the futures a stage makes are let go when it returns,
    and the scheduler keeps their recipes while a later stage needs them, so a lost worker is
    still recomputed and workers hold only what the next stage reads."""
    if corpus is not None and corpus.params != params:
        raise ValueError("the corpus index was built with other sketch parameters")
    items = _with_corpus(list(sources), corpus)
    workers = max(1, len(client.nthreads()))
    size = batch or max(1, min(256, -(-len(items) // (4 * workers))))
    chunks = [items[i:i + size] for i in range(0, len(items), size)]
    report = _reporter(client, progress)
    batches = [client.submit(_sketch_batch, c, params, max_bytes, pure=False) for c in chunks]
    metas_f = [client.submit(_batch_meta, b) for b in batches]
    report("sketch", metas_f, len(metas_f))
    drafts = _Drafts.read(chunks, client.gather(metas_f))
    if max_df is None:
        max_df = max(_MIN_DF, int(_DF_SHARE * len(drafts.paths)))
    signed, unit0s, n, boilerplate = _sign_all(client, batches, drafts.doc0s, params, max_df, progress)
    del batches, metas_f
    parts = max(1, min(64, len(chunks), 4 * workers))  # a few per worker keeps tasks few
    us, vs, skipped = _lsh_candidates(client, signed, unit0s, n, params, parts, report)
    by_pair, kept = _estimated_pairs(client, signed, unit0s, n, us, vs, len(chunks))
    del signed
    pairs, errors = _align_all(client, sorted(by_pair.items()), drafts, workers, threshold,
                               min_chars, max_bytes, report)
    result = assemble(drafts.paths, drafts.in_corpus, drafts.chars, pairs, threshold, min_chars,
                      corpus.summary() if corpus is not None else None, kept, skipped,
                      boilerplate, max_df, errors, matrix_limit)
    return DaskRun(result, drafts.unreadable)


def _with_corpus(items: list[Source], corpus: CorpusIndex | None) -> list[Source]:
    """The named drafts, then the corpus files that are not one of them."""
    if corpus is None:
        return items
    import os

    named = {os.path.realpath(s.read or s.path) for s in items if s.doc is None}
    named |= {os.path.realpath(s.doc.path) for s in items if s.doc is not None}
    for entry in corpus.entries:
        if os.path.realpath(entry.path) in named:
            continue  # a draft inside the corpus folder is not its own copy
        items.append(Source(_display(entry.path), read=entry.path, sketch=entry.sketch(),
                            corpus=True))
    return items


def _reporter(client: Client, progress: Progress | None) -> Any:
    from distributed import as_completed

    def report(stage: str, futures: list, total: int) -> None:
        if progress is None:
            return
        progress(stage, 0, total)
        for done, _ in enumerate(as_completed(futures, loop=client.loop), start=1):
            progress(stage, done, total)

    return report


@dataclass
class _Drafts:
    """The drafts that could be read, in input order, and those that could not."""

    paths: list[str] = field(default_factory=list)
    in_corpus: list[bool] = field(default_factory=list)
    chars: list[int] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    unreadable: list[InputError] = field(default_factory=list)
    doc0s: list[int] = field(default_factory=list)  # each batch's first draft number

    @classmethod
    def read(cls, chunks: list[list[Source]], metas: list) -> _Drafts:
        out = cls()
        for chunk, (errs, sizes) in zip(chunks, metas, strict=True):
            out.doc0s.append(len(out.paths))
            for src, err, n in zip(chunk, errs, sizes, strict=True):
                if err is not None:
                    out.unreadable.append(InputError(*err))
                    continue
                out.paths.append(src.path)
                out.in_corpus.append(src.corpus)
                out.chars.append(n)
                out.sources.append(src)
        return out


def _sign_all(client: Client, batches: list, doc0s: list[int], params: SketchParams, max_df: int,
              progress: Progress | None) -> tuple[list, list[int], int, int]:
    """Boilerplate shingles counted in a tree of sums, then every unit signed beside its sketch:
    (signed batches, each batch's first unit, units in all, boilerplate shingles)."""
    dfs = [client.submit(_batch_df, b) for b in batches]
    while len(dfs) > 1:
        dfs = [client.submit(_sum_df, *dfs[i:i + 8]) for i in range(0, len(dfs), 8)]
    common = client.submit(_common, dfs[0], max_df)
    boilerplate = len(client.gather(common))
    if progress:
        progress("sign", 0, len(batches))
    signed = [client.submit(_sign_batch, b, common, params, d0)
              for b, d0 in zip(batches, doc0s, strict=True)]
    counts = client.gather([client.submit(_count_units, s) for s in signed])
    unit0s = np.concatenate(([0], np.cumsum(counts)))[:-1].tolist()
    signed = [client.submit(_with_offset, s, u0) for s, u0 in zip(signed, unit0s, strict=True)]
    return signed, unit0s, int(sum(counts)), boilerplate


def _lsh_candidates(client: Client, signed: list, unit0s: list[int], n: int, params: SketchParams,
                    parts: int, report: Any) -> tuple[np.ndarray, np.ndarray, int]:
    """LSH banding as a shuffle on band keys: candidate unit pairs (us, vs), de-duplicated,
    and how many pairs full buckets left out."""
    ranges = list(band_ranges(params.num_perm))
    splits = [client.submit(_band_split, s, u0, ranges, parts)
              for s, u0 in zip(signed, unit0s, strict=True)]
    buckets = [client.submit(_buckets, parts, *[client.submit(getitem, sp, p) for sp in splits])
               for p in range(parts)]
    queries = [client.submit(_queries, *[client.submit(_bucket_hits, b, p) for b in buckets])
               for p in range(parts)]
    report("lsh", buckets + queries, len(buckets) + len(queries))
    drafts = client.gather([client.submit(_draft_pairs, b) for b in buckets])
    hits = client.gather(queries)
    skipped = sum(d[2] for d in drafts)
    flat = np.concatenate([d[0] * n + d[1] for d in drafts] + [h[0] * n + h[1] for h in hits]
                          + [np.zeros(0, dtype=np.int64)])
    flat = np.unique(flat)
    us, vs = (flat // n, flat % n) if n else (flat, flat)
    return us, vs, skipped


def _estimated_pairs(client: Client, signed: list, unit0s: list[int], n: int, us: np.ndarray,
                     vs: np.ndarray, batches: int) -> tuple[dict, int]:
    """Candidates sent to the task holding both sides' signatures and kept when their MinHash
    estimate is high enough, grouped by pair of drafts; and how many were kept."""
    bounds = np.array([*unit0s, n])
    bu = np.searchsorted(bounds, us, side="right") - 1
    bv = np.searchsorted(bounds, vs, side="right") - 1
    group = bu * batches + bv
    order = np.argsort(group, kind="stable")
    cuts = np.flatnonzero(np.diff(group[order])) + 1
    jobs = []
    for idx in np.split(order, cuts) if len(order) else []:
        i, j = int(bu[idx[0]]), int(bv[idx[0]])
        jobs.append((idx, client.submit(_estimate, signed[i], signed[j], us[idx], vs[idx])))
    kept = np.zeros(len(us), dtype=bool)
    doc_u = np.zeros(len(us), dtype=np.int64)
    doc_v = np.zeros(len(us), dtype=np.int64)
    units_u = np.zeros((len(us), 2), dtype=np.int64)
    units_v = np.zeros((len(us), 2), dtype=np.int64)
    for (idx, _), (keep, du, dv, uu, uv) in zip(jobs, client.gather([f for _, f in jobs]),
                                                strict=True):
        kept[idx] = keep
        sel = idx[keep]
        doc_u[sel], doc_v[sel], units_u[sel], units_v[sel] = du, dv, uu, uv
    by_pair = group_by_pair(doc_u[kept], doc_v[kept], units_u[kept], units_v[kept])
    return by_pair, int(kept.sum())


def _align_all(client: Client, work: list, drafts: _Drafts, workers: int, threshold: float,
               min_chars: int, max_bytes: int, report: Any) -> tuple[list[PairResult], list[InputError]]:
    """Alignment as a map over batches of draft pairs, gathered in order."""
    step = max(1, min(200, -(-len(work) // (4 * workers))))
    aligned = []
    for i in range(0, len(work), step):
        part = work[i:i + step]
        needed = {d for (da, db), _ in part for d in (da, db)}
        aligned.append(client.submit(
            _align_batch, part, {d: drafts.sources[d] for d in needed},
            {d: drafts.chars[d] for d in needed}, threshold, min_chars, max_bytes, pure=False))
    report("align", aligned, len(aligned))
    pairs: list[PairResult] = []
    errors: dict[int, InputError] = {}
    paths, in_corpus = drafts.paths, drafts.in_corpus
    for found, failed in client.gather(aligned):
        for da, db, sim, passages in found:
            pairs.append(PairResult(paths[da], paths[db], sim, passages, in_corpus[db]))
        for da, db, path, reason in failed:
            errors.setdefault(db if in_corpus[db] else da, InputError(path, reason))
    return pairs, list(errors.values())
