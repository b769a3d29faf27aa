"""LSH banding with numpy gives exactly the candidate pairs datasketch's `MinHashLSH` gave:
the reference below inserts every draft unit into datasketch's index, pairs each bucket with
`bucket_pairs` and queries it with every corpus unit, as `compare` did before; the pair sets,
their order and the count of full buckets must be the same on the samples and on generated
drafts (planted copies, drafts repeating themselves, a corpus, heavy boilerplate)."""

from __future__ import annotations

import random
import re
from pathlib import Path

import numpy as np
import pytest

import rcheck
from rcheck.compare import DEFAULT_PARAMS, LSH_THRESHOLD, compare_documents, sketch
from rcheck.compare.candidates import _candidates, _Pool, bucket_pairs, query_hits
from rcheck.compare.passages import NormalisedCache
from rcheck.compare.sketch import _MIN_ESTIMATE
from rcheck.text.document import Document

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _reference(pool: _Pool) -> tuple[np.ndarray, np.ndarray, int]:
    from datasketch import LeanMinHash, MinHashLSH

    lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=DEFAULT_PARAMS.num_perm)
    n = len(pool.sigs)
    doc_of = pool.doc_of.tolist()
    in_corpus = [pool.in_corpus[d] for d in doc_of]
    chars = np.array([sk.chars for sk in pool.sketches])
    place = (pool.units[:, 0] / np.maximum(1, chars[pool.doc_of])).tolist()

    def minhash(u: int) -> LeanMinHash:
        return LeanMinHash(seed=DEFAULT_PARAMS.seed, hashvalues=pool.sigs[u], scheme="affine32")

    for u in range(n):
        if not in_corpus[u]:
            lsh.insert(u, minhash(u), check_duplication=False)
    found: set[int] = set()
    skipped = 0
    for table in lsh.hashtables:
        for key in table.keys():
            members = table.get(key)
            if len(members) < 2:
                continue
            pairs = bucket_pairs(members, doc_of, place)
            if pairs is None:
                skipped += 1
            else:
                found.update(u * n + v for u, v in pairs)
    for v in range(n):
        if in_corpus[v]:
            found.update(u * n + v for u in query_hits(lsh.query(minhash(v)), place[v], doc_of,
                                                       place))
    flat = np.array(sorted(found), dtype=np.int64)
    us, vs = flat // max(1, n), flat % max(1, n)
    keep = (pool.sigs[us] == pool.sigs[vs]).mean(axis=1) >= _MIN_ESTIMATE
    return us[keep], vs[keep], skipped


def _pool(docs: list[Document], corpus_from: int | None = None, max_df: int | None = None
          ) -> _Pool:
    pool = _Pool()
    for i, doc in enumerate(docs):
        pool.add(doc.path, sketch(doc.text), (lambda d=doc: d),
                 corpus=corpus_from is not None and i >= corpus_from)
    pool.sign(DEFAULT_PARAMS, max_df)
    return pool


def _generated(n: int, seed: int) -> list[Document]:
    """Drafts of sample clauses with copied paragraphs, some drafts repeating themselves, and
    one stock paragraph in half of them."""
    rng = random.Random(seed)
    clauses = sorted({c for p in sorted(SAMPLES.glob("*.txt"))
                      for c in re.findall(r"[^，。；：、！？\n]{6,20}", rcheck.load(p).text)})

    def paragraph(k: int) -> str:
        return "，".join(rng.choice(clauses) for _ in range(k)) + "。"

    drafts = [[paragraph(rng.randint(6, 12)) for _ in range(rng.randint(5, 9))] for _ in range(n)]
    for _ in range(n // 5):
        model = paragraph(8)
        for d in rng.sample(range(n), 3):
            drafts[d].insert(rng.randrange(len(drafts[d]) + 1), model)
    stock = paragraph(9)
    for i, paras in enumerate(drafts):
        if i % 2:
            paras.append(stock)
        if i % 17 == 0:
            paras.extend(paras[:3] * 4)  # a draft repeating itself
    return [Document("\n".join(p) + "\n", path=f"g{i:03d}.txt") for i, p in enumerate(drafts)]


def _same(pool: _Pool) -> tuple[int, int]:
    want = _reference(pool)
    got = _candidates(pool, DEFAULT_PARAMS)
    assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
    assert got[2] == want[2]
    return len(got[0]), got[2]


def test_samples_same_candidates() -> None:
    docs = [rcheck.load(p) for p in sorted(SAMPLES.rglob("*.txt"))]
    assert _same(_pool(docs))[0] > 0
    assert _same(_pool(docs, corpus_from=len(docs) // 2))[0] > 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_same_candidates(seed: int) -> None:
    docs = _generated(150, seed)
    assert _same(_pool(docs))[0] > 100
    _same(_pool(docs, corpus_from=100))


def test_full_buckets_same_count() -> None:
    # No shingle is boilerplate, so the stock paragraph fills buckets past 400 drafts.
    docs = _generated(900, 4)
    candidates, skipped = _same(_pool(docs, max_df=10**6))
    assert skipped > 0 and candidates > 0
    _same(_pool(docs, corpus_from=600, max_df=10**6))


def test_small_cache_same_result(monkeypatch) -> None:
    from rcheck.compare import passages

    docs = _generated(120, 5)
    expected = compare_documents(docs).to_dict()
    monkeypatch.setattr(passages, "_KEEP", 1)
    assert compare_documents(docs).to_dict() == expected


def test_cache_normalises_each_draft_once() -> None:
    loads: list[int] = []
    docs = _generated(4, 6)
    pairs = [(0, 1), (0, 2), (1, 2), (1, 3), (2, 3)]
    cache = NormalisedCache(pairs, lambda d: loads.append(d) or docs[d])
    for a, b in pairs:
        assert cache.get(a).doc is docs[a] and cache.get(b).doc is docs[b]
    assert sorted(loads) == [0, 1, 2, 3]
    assert not cache.kept  # nothing is kept once no pair needs it
