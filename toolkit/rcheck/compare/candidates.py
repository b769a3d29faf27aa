"""Candidate unit pairs from MinHash LSH buckets: never all pairs."""


from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Any

import numpy as np

from rcheck.compare.sketch import (
    _BAND,
    _DF_SHARE,
    _MAX_BUCKET,
    _MIN_DF,
    _MIN_ESTIMATE,
    LSH_THRESHOLD,
    Progress,
    Sketch,
    SketchParams,
    distinct,
    signatures,
)
from rcheck.text.document import Document

# --- candidates and alignment ---------------------------------------------------------------------


class _Pool:
    """Every draft and corpus file, and the signed units of all of them as one table."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.in_corpus: list[bool] = []
        self.sketches: list[Sketch] = []
        self.loaders: list[Callable[[], Document]] = []

    def add(self, path: str, sk: Sketch, loader: Callable[[], Document], corpus: bool) -> None:
        self.paths.append(path)
        self.in_corpus.append(corpus)
        self.sketches.append(sk)
        self.loaders.append(loader)

    def sign(self, params: SketchParams, max_df: int | None) -> None:
        if max_df is None:
            max_df = max(_MIN_DF, int(_DF_SHARE * len(self.sketches)))
        self.max_df = max_df
        self.sigs, self.doc_of, rows, self.common = signatures(self.sketches, params, max_df)
        # Rows come draft by draft: one slice of each draft's units.
        ends = np.cumsum(np.bincount(self.doc_of, minlength=len(self.sketches)))
        self.units = np.concatenate([np.zeros((0, 2), dtype=np.int32)] + [
            sk.units[rows[e - k:e]] for sk, e, k in
            zip(self.sketches, ends.tolist(), np.diff(np.append(0, ends)).tolist(), strict=True)
            if k])


def _candidates(pool: _Pool, params: SketchParams, progress: Progress | None = None
                ) -> tuple[np.ndarray, np.ndarray, int]:
    """Unit pairs (u < v) from different drafts, not both from the corpus, that share an LSH
    bucket and whose MinHash estimate is worth an alignment.

    The buckets are those of datasketch's `MinHashLSH` at `LSH_THRESHOLD` (its bands and rows,
    keys compared whole), found by sorting each band's keys rather than by one insertion per
    unit and band; corpus units are grouped with the drafts' but, as queries, never pair with
    each other."""
    sigs = pool.sigs
    n = len(sigs)
    corpus = np.array(pool.in_corpus, dtype=bool)[pool.doc_of] if n else np.zeros(0, bool)
    chars = np.array([sk.chars for sk in pool.sketches])
    # Where each unit lies in its draft (0 to 1): a draft that repeats itself puts many units
    # in one bucket, and those pair along the diagonal instead of all against all.
    place = pool.units[:, 0] / np.maximum(1, chars[pool.doc_of]) if n else np.zeros(0)
    unit = np.arange(n, dtype=np.int64)
    doc = pool.doc_of.astype(np.int64)
    found: list[np.ndarray] = []
    hit_v: list[np.ndarray] = []
    hit_u: list[np.ndarray] = []
    skipped = 0
    ranges = band_ranges(params.num_perm)
    for done, (s, e) in enumerate(ranges, start=1):
        got = band_buckets(sigs[:, s:e], unit, doc, corpus, place)
        found.append(got.u * n + got.v)
        hit_v.append(got.hit_v)
        hit_u.append(got.hit_u)
        skipped += got.skipped
        if progress:
            progress("lsh", done, len(ranges))
    hv, hu = np.concatenate(hit_v), np.concatenate(hit_u)
    qu, qv = query_pairs(hv, hu, doc[hu], place[hu], place[hv])
    found.append(qu * n + qv)  # drafts come before the corpus: u < v
    flat = distinct(np.concatenate(found))  # np.unique hashes int64 several times slower
    us, vs = flat // max(1, n), flat % max(1, n)
    keep = estimate_kept(sigs, us, vs)
    return us[keep], vs[keep], skipped


@lru_cache(maxsize=8)
def band_ranges(num_perm: int) -> tuple[tuple[int, int], ...]:
    """The signature columns of each LSH band: datasketch's choice of bands and rows for
    `LSH_THRESHOLD` (equal weight on false positives and negatives)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=num_perm)
    return tuple((int(s), int(e)) for s, e in lsh.hashranges)


def estimate_kept(sigs: np.ndarray, us: np.ndarray, vs: np.ndarray, step: int = 65536,
                  sigs_v: np.ndarray | None = None) -> np.ndarray:
    """Which pairs have a MinHash estimate of at least `_MIN_ESTIMATE`, computed a slice at a
    time so that the gathered signatures never take more than a few MB."""
    other = sigs if sigs_v is None else sigs_v
    keep = np.zeros(len(us), dtype=bool)
    for i in range(0, len(us), step):
        same = np.count_nonzero(sigs[us[i:i + step]] == other[vs[i:i + step]], axis=1)
        keep[i:i + step] = same / sigs.shape[1] >= _MIN_ESTIMATE
    return keep


@dataclass
class Bucketed:
    """What the buckets of one band give: draft unit pairs (u < v), the rows of the draft
    units each corpus unit's row meets (hit_v, hit_u), and how many buckets were too full to
    pair."""

    u: np.ndarray
    v: np.ndarray
    hit_v: np.ndarray
    hit_u: np.ndarray
    skipped: int


def _key_order(keys: np.ndarray, unit: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows sorted by band key, then by unit; and where each key's run starts."""
    rows = keys.shape[1]
    if rows <= 2:  # the key fits one 64-bit integer exactly
        packed = keys[:, 0].astype(np.uint64)
        if rows == 2:
            packed = (packed << np.uint64(32)) | keys[:, 1].astype(np.uint64)
        # Rows usually come in unit order: then a stable sort of the keys alone keeps it.
        ordered = len(unit) < 2 or bool(np.all(unit[1:] > unit[:-1]))
        order = np.argsort(packed, kind="stable") if ordered else np.lexsort((unit, packed))
        k = packed[order]
        new = k[1:] != k[:-1]
    else:
        order = np.lexsort([unit] + [keys[:, j] for j in reversed(range(rows))])
        k = keys[order]
        new = np.any(k[1:] != k[:-1], axis=1)
    return order, np.concatenate(([True], new)) if len(order) else new


def band_buckets(keys: np.ndarray, unit: np.ndarray, doc: np.ndarray, corpus: np.ndarray,
                 place: np.ndarray) -> Bucketed:
    """The buckets of one band (one row a unit: its band `keys`, number, draft, whether in the
    corpus, relative place; units numbered in draft order), paired exactly as `bucket_pairs`
    pairs each bucket, with whole arrays instead of a call per bucket."""
    order, new = _key_order(keys, unit)
    gid = np.cumsum(new) - 1
    groups = int(gid[-1]) + 1 if len(gid) else 0
    in_corpus = corpus[order]
    d_rows, d_gid = order[~in_corpus], gid[~in_corpus]
    members = unit[d_rows]
    # A run: one draft's units in a bucket (adjacent, as units are numbered in draft order).
    d_doc = doc[d_rows]
    run_new = np.concatenate(([True], (d_gid[1:] != d_gid[:-1]) | (d_doc[1:] != d_doc[:-1])))
    run_new = run_new[:len(members)]
    run_start = np.flatnonzero(run_new)
    run_size = np.diff(np.append(run_start, len(members)))
    runs = np.bincount(d_gid[run_start], minlength=groups)
    size = np.bincount(d_gid, minlength=groups)
    paired = (size >= 2) & (runs >= 2)
    skipped = int(np.count_nonzero(paired & (runs > _MAX_BUCKET)))
    paired &= runs <= _MAX_BUCKET
    first_run = np.concatenate(([0], np.cumsum(runs)))[:-1]
    ra, rb = _run_pairs(first_run[paired], runs[paired])
    rank = np.unique(place[d_rows], return_inverse=True)[1].ravel()
    # Strictly increasing along the rows: a run's units by place, runs in order.
    ordinal = (np.cumsum(run_new) - 1) * (len(members) + 1) + rank
    u, v = _pairs_of_runs(ra, rb, run_start, run_size, members, ordinal)
    first = np.concatenate(([0], np.cumsum(size)))[:-1]
    hit_v, hit_u = _corpus_hits(order[in_corpus], gid[in_corpus], d_rows, first, size)
    return Bucketed(u, v, hit_v, hit_u, skipped)


def _run_pairs(first: np.ndarray, count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every pair (i < j) of runs within each bucket, given each bucket's first run and runs."""
    ra: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    rb: list[np.ndarray] = [np.zeros(0, dtype=np.int64)]
    for z in np.unique(count).tolist():
        starts = first[count == z]
        i, j = np.triu_indices(z, 1)
        ra.append((starts[:, None] + i).ravel())
        rb.append((starts[:, None] + j).ravel())
    return np.concatenate(ra), np.concatenate(rb)


def _pairs_of_runs(ra: np.ndarray, rb: np.ndarray, start: np.ndarray, size: np.ndarray,
                   members: np.ndarray, ordinal: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`_unit_pairs` of each pair of runs: all unit pairs while few, else each unit with the
    `_BAND` units of the other run nearest its place."""
    na, nb = size[ra], size[rb]
    small = na * nb <= _BAND * _BAND
    count = (na * nb)[small]
    pair = np.repeat(np.arange(len(count)), count)
    local = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    width = nb[small][pair]
    us = [members[start[ra[small]][pair] + local // width]]
    vs = [members[start[rb[small]][pair] + local % width]]
    half = _BAND // 2
    for one, other in ((ra[~small], rb[~small]), (rb[~small], ra[~small])):
        n_one = size[one]
        pair = np.repeat(np.arange(len(one)), n_one)
        rows = start[one][pair] + (np.arange(int(n_one.sum()))
                                   - np.repeat(np.cumsum(n_one) - n_one, n_one))
        o0, on = start[other][pair], size[other][pair]
        base = ordinal[o0] - (ordinal[o0] % (len(members) + 1))
        k = np.searchsorted(ordinal, base + ordinal[rows] % (len(members) + 1)) - o0
        for d in range(-half, half):
            ok = (k + d >= 0) & (k + d < on)
            a, b = members[rows[ok]], members[(o0 + k + d)[ok]]
            us.append(np.minimum(a, b))
            vs.append(np.maximum(a, b))
    return np.concatenate(us), np.concatenate(vs)


def _corpus_hits(queries: np.ndarray, q_gid: np.ndarray, members: np.ndarray,
                 first: np.ndarray, size: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (corpus row, draft row) pair that shares a bucket."""
    count = size[q_gid] if len(q_gid) else np.zeros(0, dtype=np.int64)
    total = int(count.sum())
    if not total:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    hit_v = np.repeat(queries, count)
    offsets = np.concatenate(([0], np.cumsum(count)))[:-1]
    at = np.arange(total) - np.repeat(offsets, count) + np.repeat(first[q_gid], count)
    return hit_v, members[at]


def query_pairs(hit_v: np.ndarray, hit_u: np.ndarray, doc_u: np.ndarray, place_u: np.ndarray,
                at_v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(draft unit, corpus unit) pairs from the hits of all bands: each corpus unit's hits
    de-duplicated (a query is the union over its bands) and cut down by `query_hits`."""
    if not len(hit_v):
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    order = np.lexsort((hit_u, hit_v))
    v, u = hit_v[order], hit_u[order]
    keep = np.concatenate(([True], (v[1:] != v[:-1]) | (u[1:] != u[:-1])))
    order = order[keep]
    v, u = hit_v[order], hit_u[order]
    starts = np.flatnonzero(np.concatenate(([True], v[1:] != v[:-1])))
    ends = np.concatenate((starts[1:], [len(v)]))
    many = np.flatnonzero(ends - starts > _BAND)
    short = np.repeat(ends - starts <= _BAND, ends - starts)
    out_u, out_v = [u[short]], [v[short]]
    for g in many.tolist():
        s, e = int(starts[g]), int(ends[g])
        ids = u[s:e].tolist()
        rows = order[s:e]
        got = query_hits(ids, float(at_v[rows[0]]),
                         dict(zip(ids, doc_u[rows].tolist(), strict=True)),
                         dict(zip(ids, place_u[rows].tolist(), strict=True)))
        out_u.append(np.array(got, dtype=np.int64))
        out_v.append(np.full(len(got), v[s], dtype=np.int64))
    return np.concatenate(out_u), np.concatenate(out_v)


def bucket_pairs(members: Iterable[int], doc_of: Sequence[int] | Mapping[int, int],
                 place: Sequence[float] | Mapping[int, float]) -> list[tuple[int, int]] | None:
    """Unit pairs (u < v) from different drafts among the draft units of one LSH bucket, or
    None when the bucket holds so many drafts that it is boilerplate."""
    by_doc: dict[int, list[int]] = {}
    for m in members:
        by_doc.setdefault(doc_of[m], []).append(m)
    if len(by_doc) > _MAX_BUCKET:
        return None
    if len(by_doc) < 2:
        return []
    if all(len(g) == 1 for g in by_doc.values()):
        return list(combinations(sorted(m for g in by_doc.values() for m in g), 2))
    out = []
    for (_, ga), (_, gb) in combinations(sorted(by_doc.items()), 2):
        out.extend((min(u, v), max(u, v)) for u, v in _unit_pairs(ga, gb, place))
    return out


def query_hits(hits: Iterable[int], at: float, doc_of: Sequence[int] | Mapping[int, int],
               place: Sequence[float] | Mapping[int, float]) -> list[int]:
    """The draft units a corpus unit at relative place `at` is aligned with, out of those it
    shares a bucket with: all while few, else per draft the `_BAND` nearest its place."""
    hits = list(hits)
    if len(hits) <= _BAND:
        return hits
    by_doc: dict[int, list[int]] = {}
    for u in hits:
        by_doc.setdefault(doc_of[u], []).append(u)
    return [u for g in by_doc.values() for u in _nearest(g, at, place)]


def _nearest(group: list[int], at: float, place: Any) -> list[int]:
    """The `_BAND` units of `group` nearest to relative place `at` (ties by unit, so that the
    order a bucket's members come in does not matter)."""
    if len(group) <= _BAND:
        return group
    return sorted(group, key=lambda u: (abs(place[u] - at), u))[:_BAND]


def _unit_pairs(ga: list[int], gb: list[int], place: Any) -> list[tuple[int, int]]:
    """Pairs of units from two drafts that share a bucket: all of them while few, else each
    unit with the `_BAND` units of the other draft nearest its own place."""
    if len(ga) * len(gb) <= _BAND * _BAND:
        return [(u, v) for u in ga for v in gb]
    from bisect import bisect_left

    out = []
    for one, other in ((ga, gb), (gb, ga)):
        other = sorted(other, key=lambda u: place[u])
        where = [place[u] for u in other]
        half = _BAND // 2
        for u in one:
            k = bisect_left(where, place[u])
            out.extend((u, v) for v in other[max(0, k - half):k + half])
    return out
