"""Candidate unit pairs from MinHash LSH buckets: never all pairs."""


from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import combinations
from typing import TYPE_CHECKING, Any

import numpy as np

from rcheck.text.document import Document

if TYPE_CHECKING:
    pass
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
    signatures,
)

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
        self.units = (np.stack([self.sketches[d].units[r] for d, r in
                                zip(self.doc_of.tolist(), rows.tolist(), strict=True)])
                      if len(rows) else np.zeros((0, 2), dtype=np.int32))


def _candidates(pool: _Pool, params: SketchParams, progress: Progress | None = None
                ) -> tuple[np.ndarray, np.ndarray, int]:
    """Unit pairs (u < v) from different drafts, not both from the corpus, that share an LSH
    bucket and whose MinHash estimate is worth an alignment."""
    from datasketch import LeanMinHash, MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=params.num_perm)
    sigs = pool.sigs
    doc_of = pool.doc_of.tolist()
    corpus = pool.in_corpus
    n = len(sigs)
    in_corpus = [corpus[d] for d in doc_of]
    # Corpus files are never compared with each other, so only the drafts' units go into the
    # index and each corpus unit is a query: with a large corpus that is the cheaper side.
    inserted = [u for u in range(n) if not in_corpus[u]]
    queried = [u for u in range(n) if in_corpus[u]]

    def minhash(u: int) -> LeanMinHash:
        return LeanMinHash(seed=params.seed, hashvalues=sigs[u], scheme="affine32")

    done = 0
    with lsh.insertion_session() as session:
        for u in inserted:
            session.insert(u, minhash(u), check_duplication=False)
            done += 1
            if progress and (done % 1024 == 0 or done == n):
                progress("lsh", done, n)
    found: set[int] = set()
    skipped = 0
    chars = [sk.chars for sk in pool.sketches]
    # Where each unit lies in its draft (0 to 1): a draft that repeats itself puts many units
    # in one bucket, and those pair along the diagonal instead of all against all.
    place = (pool.units[:, 0] / np.maximum(1, np.array(chars)[pool.doc_of])).tolist() \
        if n else []
    for table in lsh.hashtables:
        for key in table.keys():
            members = table.get(key)
            if len(members) < 2:
                continue
            pairs = bucket_pairs(members, doc_of, place)
            if pairs is None:
                skipped += 1
                continue
            found.update(u * n + v for u, v in pairs)
    for v in queried:
        for u in query_hits(lsh.query(minhash(v)), place[v], doc_of, place):
            found.add(u * n + v)  # drafts come before the corpus: u < v
        done += 1
        if progress and (done % 1024 == 0 or done == n):
            progress("lsh", done, n)
    if not found:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, skipped
    flat = np.fromiter(found, dtype=np.int64, count=len(found))
    flat.sort()
    us, vs = flat // n, flat % n
    estimate = (sigs[us] == sigs[vs]).mean(axis=1)
    keep = estimate >= _MIN_ESTIMATE
    return us[keep], vs[keep], skipped


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
