"""The fast paths of a large compare give the numbers the plain ones gave: the boilerplate set's
membership is `np.isin`'s, drafts signed in batches get each draft's own signatures, and the
early exit before an alignment never drops a passage."""

from __future__ import annotations

import random

import numpy as np
import pytest
from test_compare_banding import SAMPLES, _generated

import rcheck
from rcheck.compare import DEFAULT_PARAMS, compare_documents, passages, sketch
from rcheck.compare.sketch import (
    ShingleSet,
    common_shingles,
    distinct,
    distinct_counts,
    sign,
    sign_batch,
)
from rcheck.text.document import Document


class _IsIn:
    """The membership `sign` needs, answered by `np.isin`: the reference."""

    def __init__(self, values: np.ndarray) -> None:
        self.values = values

    def __len__(self) -> int:
        return len(self.values)

    def has(self, h: np.ndarray) -> np.ndarray:
        return np.isin(h, self.values)


@pytest.mark.parametrize("n", [0, 1, 5, 3000, 70_000])
def test_shingle_set_is_isin(n: int) -> None:
    rng = np.random.default_rng(n)
    values = np.unique(rng.integers(0, 2**32, n, dtype=np.uint32))
    # Half the queries are members, half are not; at 70,000 values many share a slot.
    probe = np.concatenate((values[: len(values) // 2],
                            rng.integers(0, 2**32, 50_000, dtype=np.uint32)))
    got = ShingleSet(values)
    assert len(got) == len(values)
    assert np.array_equal(got.has(probe), np.isin(probe, values))


def test_shingle_set_spill_holds_slot_mates() -> None:
    # Values that differ only above the slot's bits share a slot: all but one go to the spill.
    base = ShingleSet(np.array([7], dtype=np.uint32))
    mates = [v for v in range(0, 2**20) if base._slot(np.array([v], dtype=np.uint32))[0] == 0][:50]
    values = np.array(sorted(mates), dtype=np.uint32)
    got = ShingleSet(values)
    assert len(got._spill) > 0
    probe = np.arange(0, 2**20, dtype=np.uint32)
    assert np.array_equal(got.has(probe), np.isin(probe, values))


def _sketches(docs: list[Document]) -> list:
    return [sketch(d.text) for d in docs]


def _corpora() -> list[list[Document]]:
    samples = [rcheck.load(p) for p in sorted(SAMPLES.rglob("*.txt"))]
    odd = [Document("", path="empty.txt"), Document("短。\n", path="short.txt"),
           Document("一二三四五六七八九十" * 3 + "\n", path="one-unit.txt")]
    return [samples, _generated(120, 7) + odd, odd + samples[:3] + odd]


@pytest.mark.parametrize("which", [0, 1, 2])
@pytest.mark.parametrize("common_from", ["real", "none", "heavy"])
def test_batch_signing_is_each_drafts_own(which: int, common_from: str) -> None:
    sketches = _sketches(_corpora()[which])
    values, counts = distinct_counts(np.concatenate([distinct(sk.hashes) for sk in sketches]))
    max_df = {"real": 2, "none": 10**6, "heavy": 0}[common_from]
    common = common_shingles(values, counts, max_df)
    want = [sign(sk, _IsIn(common), DEFAULT_PARAMS) for sk in sketches]
    for size in (1, 3, 8, len(sketches)):
        for d0 in range(0, len(sketches), size):
            table, doc, rows = sign_batch(sketches[d0:d0 + size], ShingleSet(common), DEFAULT_PARAMS)
            for d in range(min(size, len(sketches) - d0)):
                mine = doc == d
                assert np.array_equal(table[mine], want[d0 + d][0])
                assert np.array_equal(rows[mine], want[d0 + d][1])
    assert sum(len(w[1]) for w in want) > 0 or common_from == "heavy"


def _edited(seed: int) -> list[Document]:
    """Drafts sharing passages at every level of likeness: copies, copies with every fifth
    clause rewritten, clauses shuffled, and drafts sharing only short stock phrases."""
    rng = random.Random(seed)
    docs = _generated(60, seed)
    out = list(docs)
    for i in range(0, 60, 3):
        clauses = docs[i].text.split("，")
        for j in range(0, len(clauses), rng.choice((2, 3, 5))):
            clauses[j] = clauses[j][::-1]
        if i % 2:
            rng.shuffle(clauses)
        out.append(Document("，".join(clauses), path=f"e{i:03d}.txt"))
    return out


@pytest.mark.parametrize("seed", [11, 12])
def test_early_exit_drops_no_passage(seed: int, monkeypatch) -> None:
    docs = _edited(seed)
    calls: list[bool] = []
    plain = passages._cannot_match

    def counted(*args) -> bool:
        calls.append(plain(*args))
        return calls[-1]

    monkeypatch.setattr(passages, "_cannot_match", counted)
    fast = compare_documents(docs).to_dict()
    assert any(calls) and not all(calls)  # the exit was taken, and not always
    monkeypatch.setattr(passages, "_cannot_match", lambda *args: False)
    assert compare_documents(docs).to_dict() == fast
    assert fast["pairs"]
