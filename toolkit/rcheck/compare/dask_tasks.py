"""The tasks `compare --engine dask` runs on the workers: read and sketch a batch of files, count
and sign, split units by band key, bucket, estimate, align. Each is a plain function of its
inputs, so a lost worker's tasks are simply run again."""


from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from rcheck.compare import align_pair
from rcheck.compare.candidates import band_buckets, estimate_kept, query_pairs
from rcheck.compare.passages import NormalisedCache
from rcheck.compare.sketch import (
    ShingleSet,
    Sketch,
    SketchParams,
    common_shingles,
    sign,
    sketch,
)
from rcheck.errors import InputError, RcheckError
from rcheck.text.document import Document

if TYPE_CHECKING:
    from distributed import Client






@dataclass
class Source:
    """One input: a file a worker reads (`read`), a draft already read (stdin), or a corpus
    file whose sketch comes from the index."""

    path: str  # as reported
    read: str | None = None
    doc: Document | None = None
    sketch: Sketch | None = None
    corpus: bool = False


@dataclass
class _Batch:
    sources: list[Source]
    sketches: list[Sketch | None]
    errors: list[tuple[str, str] | None]  # (path, reason) of a file that could not be read


def _load(src: Source, max_bytes: int) -> Document:
    if src.doc is not None:
        return src.doc
    from rcheck.text.readers import load

    return load(src.read or src.path, max_bytes=max_bytes)


def _sketch_batch(sources: list[Source], params: SketchParams, max_bytes: int) -> _Batch:
    sketches: list[Sketch | None] = []
    errors: list[tuple[str, str] | None] = []
    for src in sources:
        if src.sketch is not None:
            sketches.append(src.sketch)
            errors.append(None)
            continue
        try:
            sk = sketch(_load(src, max_bytes).text, params)
        except InputError as exc:
            sketches.append(None)
            errors.append((exc.path, exc.reason))
            continue
        except RcheckError:
            raise
        except Exception as exc:  # a bug met on this draft: one line, and the rest go on
            sketches.append(None)
            errors.append((src.path, f"内部错误，请报告 (internal error: "
                                     f"{type(exc).__name__}: {exc})"))
            continue
        sketches.append(sk)
        errors.append(None)
    return _Batch(sources, sketches, errors)


def _batch_meta(batch: _Batch) -> tuple[list[tuple[str, str] | None], list[int]]:
    return batch.errors, [sk.chars if sk is not None else 0 for sk in batch.sketches]


def _batch_df(batch: _Batch) -> tuple[np.ndarray, np.ndarray]:
    """Distinct shingles of the batch and in how many of its drafts each is found."""
    uniques = [np.unique(sk.hashes) for sk in batch.sketches if sk is not None]
    if not uniques:
        return np.zeros(0, dtype=np.uint32), np.zeros(0, dtype=np.int64)
    return np.unique(np.concatenate(uniques), return_counts=True)


def _sum_df(*parts: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    values = np.concatenate([p[0] for p in parts])
    counts = np.concatenate([p[1] for p in parts]).astype(np.int64)
    out, inverse = np.unique(values, return_inverse=True)
    return out, np.bincount(inverse, weights=counts, minlength=len(out)).astype(np.int64)


def _common(df: tuple[np.ndarray, np.ndarray], max_df: int) -> np.ndarray:
    return common_shingles(df[0], df[1], max_df)


@dataclass
class _Signed:
    sigs: np.ndarray  # (k, num_perm) uint32
    doc: np.ndarray  # (k,) int64: the draft of each unit, numbered over the whole run
    units: np.ndarray  # (k, 2) int32
    place: np.ndarray  # (k,) float64: where each unit lies in its draft, 0 to 1
    corpus: np.ndarray  # (k,) bool
    unit0: int = 0  # number of the batch's first unit over the whole run


def _sign_batch(batch: _Batch, common: np.ndarray, params: SketchParams, doc0: int
                ) -> _Signed:
    sigs, docs, units, place, corpus = [], [], [], [], []
    d = doc0
    shingles = ShingleSet(common)
    for src, sk in zip(batch.sources, batch.sketches, strict=True):
        if sk is None:
            continue
        table, rows = sign(sk, shingles, params)
        if len(rows):
            sigs.append(table)
            docs.append(np.full(len(rows), d, dtype=np.int64))
            bounds = sk.units[rows]
            units.append(bounds)
            # The same arithmetic as the local engine's, so the floats agree bit for bit.
            place.append(bounds[:, 0] / np.maximum(1, np.array([sk.chars]))[0])
            corpus.append(np.full(len(rows), src.corpus))
        d += 1
    if not sigs:
        return _Signed(np.zeros((0, params.num_perm), dtype=np.uint32),
                       np.zeros(0, dtype=np.int64), np.zeros((0, 2), dtype=np.int32),
                       np.zeros(0), np.zeros(0, dtype=bool))
    return _Signed(np.concatenate(sigs), np.concatenate(docs), np.concatenate(units),
                   np.concatenate(place), np.concatenate(corpus))


def _count_units(signed: _Signed) -> int:
    return len(signed.doc)


def _mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64's finalizer: spreads band keys evenly over the shuffle's partitions."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _band_split(signed: _Signed, unit0: int, ranges: list[tuple[int, int]], parts: int
                ) -> list[dict[str, np.ndarray]]:
    """Each unit's key in every band, split by the partition that owns the key."""
    n = len(signed.doc)
    r = ranges[0][1] - ranges[0][0]
    band = np.repeat(np.arange(len(ranges), dtype=np.int64), n)
    keys = np.concatenate([signed.sigs[:, s:e] for s, e in ranges]).reshape(-1, r)
    unit = np.tile(np.arange(unit0, unit0 + n, dtype=np.int64), len(ranges))
    h = _mix64(band.astype(np.uint64) + np.uint64(0x9E3779B97F4A7C15))
    for j in range(r):
        h = _mix64(h ^ keys[:, j].astype(np.uint64))
    owner = (h % np.uint64(parts)).astype(np.int64)
    cols = {"band": band, "keys": keys, "unit": unit, "doc": np.tile(signed.doc, len(ranges)),
            "place": np.tile(signed.place, len(ranges)),
            "corpus": np.tile(signed.corpus, len(ranges))}
    order = np.argsort(owner, kind="stable")
    cuts = np.searchsorted(owner[order], np.arange(parts + 1))
    return [{k: v[order[cuts[p]:cuts[p + 1]]] for k, v in cols.items()} for p in range(parts)]


def _concat(pieces: Sequence[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    return {k: np.concatenate([p[k] for p in pieces]) for k in pieces[0]}


def _buckets(parts: int, *pieces: dict[str, np.ndarray]) -> dict[str, Any]:
    """The LSH buckets of one partition, band by band as the local engine makes them: pairs of
    draft units that share one, the draft units each corpus unit hits (split by the partition
    that owns the corpus unit), and how many buckets were boilerplate."""
    rows = _concat(pieces)
    us, vs = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    hv, hu = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    skipped = 0
    for band in np.unique(rows["band"]).tolist():
        sel = np.flatnonzero(rows["band"] == band)
        got = band_buckets(rows["keys"][sel], rows["unit"][sel], rows["doc"][sel],
                           rows["corpus"][sel], rows["place"][sel])
        us.append(got.u)
        vs.append(got.v)
        hv.append(sel[got.hit_v])
        hu.append(sel[got.hit_u])
        skipped += got.skipped
    v_rows, u_rows = np.concatenate(hv), np.concatenate(hu)
    hits = {"v": rows["unit"][v_rows], "u": rows["unit"][u_rows], "doc": rows["doc"][u_rows],
            "place": rows["place"][u_rows], "at": rows["place"][v_rows]}
    owner = hits["v"] % parts
    return {"u": np.concatenate(us), "v": np.concatenate(vs), "skipped": skipped,
            "hits": [{k: a[owner == p] for k, a in hits.items()} for p in range(parts)]}


def _bucket_hits(out: dict[str, Any], p: int) -> dict[str, np.ndarray]:
    return out["hits"][p]


def _queries(*pieces: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Each corpus unit's hits over all its bands, cut down as the local query is."""
    hits = _concat(pieces)
    return query_pairs(hits["v"], hits["u"], hits["doc"], hits["place"], hits["at"])


def _draft_pairs(out: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, int]:
    return out["u"], out["v"], out["skipped"]


def _estimate(a: _Signed, b: _Signed, us: np.ndarray, vs: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Which candidate pairs (u from batch `a`, v from `b`) are worth an alignment, and the
    draft and bounds of both sides of those."""
    iu, iv = us - a.unit0, vs - b.unit0
    keep = estimate_kept(a.sigs, iu, iv, sigs_v=b.sigs)
    iu, iv = iu[keep], iv[keep]
    return keep, a.doc[iu], b.doc[iv], a.units[iu], b.units[iv]


def _with_offset(signed: _Signed, unit0: int) -> _Signed:
    return _Signed(signed.sigs, signed.doc, signed.units, signed.place, signed.corpus, unit0)


def _align_batch(items: list[tuple[tuple[int, int], list[tuple[int, int, int, int]]]],
                 sources: dict[int, Source], chars: dict[int, int], threshold: float,
                 min_chars: int, max_bytes: int
                 ) -> tuple[list[tuple[int, int, float, list]], list[tuple[int, int, str, str]]]:
    """Aligned pairs of drafts (by number) and, per pair whose file could not be read again,
    (a, b, path, reason)."""
    cache = NormalisedCache((pair for pair, _ in items), lambda d: _load(sources[d], max_bytes))
    found = []
    failed = []
    for (da, db), unit_pairs in items:
        try:
            a, b = cache.get(da), cache.get(db)
        except InputError as exc:
            failed.append((da, db, exc.path, exc.reason))
            continue
        res = align_pair(a, b, unit_pairs, chars[da], chars[db], threshold,
                         min_chars)
        if res is not None:
            found.append((da, db, res[0], res[1]))
    return found, failed


def _sketch_paths(paths: list[str], params: SketchParams, max_bytes: int) -> list[tuple]:
    from rcheck.compare.shards import sketch_file

    out: list[tuple] = []
    for p in paths:
        got = sketch_file(p, params, max_bytes)
        # InputError does not survive pickling (two arguments): send its parts.
        out.append(("error", got.path, got.reason) if isinstance(got, InputError) else got)
    return out


def corpus_sketcher(client: Client, batch: int = 64) -> Any:
    """A `shards.Sketcher` that reads and sketches a corpus's new files on the workers."""

    def run(paths: list[str], params: SketchParams, max_bytes: int) -> list:
        futures = [client.submit(_sketch_paths, paths[i:i + batch], params, max_bytes,
                                 pure=False) for i in range(0, len(paths), batch)]
        out: list = []
        for part in client.gather(futures):
            out.extend(InputError(g[1], g[2]) if g[0] == "error" else g for g in part)
        return out
    return run
