"""Speed and quality of `rcheck compare` over 1,000 and 10,000 synthetic 5 KB drafts.

    pytest benchmarks/test_compare_speed.py --benchmark-enable -o addopts="" -s

The 10,000-draft case runs only with ``--benchmark-enable`` (it takes about half a minute on
two cores); with benchmarks disabled (the default in pyproject) the 1,000-draft case still
runs once as a test, with its quality floors.

Each draft is built from the clauses of `samples/`: random clauses joined into paragraphs
under numbered headings, numbers changed, so drafts read like the genre but share no passage
by chance. Then copied passages are planted: a model paragraph (also built from clauses) is
copied into two or three drafts, half the copies edited once (the unit's own numbers, one
clause reworded, or the unit's name put in), some embedded inside an existing paragraph.
Because the benchmark planted them it knows every pair and span, and measures:

- recall: planted pairs reported with a passage that overlaps the planted span in both drafts;
- precision: reported passages that overlap a planted span in both drafts.

Floors asserted: recall >= 0.98 and precision >= 0.95; the 10,000-draft run must finish
within 10 s and a peak RSS of 1 GB (the whole process, drafts included, sampled every 20 ms).
Numbers land in ``extra_info`` (and are printed with ``-s``).
"""

from __future__ import annotations

import random
import re
import statistics
import time
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import pytest
from conftest import PeakRss, sample_texts

from rcheck.compare import compare_documents
from rcheck.text.document import Document

DRAFT_BYTES = 5 * 1024
RECALL_FLOOR = 0.98
PRECISION_FLOOR = 0.95
TARGET_10K_S = 10.0
TARGET_10K_RSS_MB = 1024

_CLAUSE = re.compile(r"[^，。；：、！？,.;:!?\n]{4,20}")
_DIGITS = re.compile(r"\d+")
_UNITS = ["县发展改革局", "县财政局", "县人社局", "县自然资源局", "县住建局", "县交通运输局",
          "县水利局", "县农业农村局", "县商务局", "县文旅局", "县卫健委", "县应急局", "县市场监管局",
          "县医保局", "县统计局", "县林业局", "县司法局", "县审计局", "县档案馆", "县供销社"]
_PLACES = ["东山", "西河", "南岭", "北塘", "青石", "白沙", "红岩", "金溪", "玉泉", "松林",
           "桃源", "柳湾", "杏坪", "梅岭", "竹溪", "兰亭"]
_NUMERALS = "一二三四五六七八九"


@dataclass
class Corpus:
    docs: list[Document]
    # planted group -> [(doc index, start, end)] of the copied text in each draft
    planted: list[list[tuple[int, int, int]]] = field(default_factory=list)

    def planted_pairs(self) -> dict[tuple[int, int], list[tuple[tuple[int, int], tuple[int, int]]]]:
        out: dict[tuple[int, int], list[tuple[tuple[int, int], tuple[int, int]]]] = {}
        for group in self.planted:
            for (da, sa, ea), (db, sb, eb) in combinations(sorted(group), 2):
                out.setdefault((da, db), []).append(((sa, ea), (sb, eb)))
        return out


def _clauses() -> list[str]:
    seen: dict[str, None] = {}
    for text in sample_texts():
        for m in _CLAUSE.finditer(text):
            seen.setdefault(m.group().strip(), None)
    return [c for c in seen if c]


def _mutate_numbers(rng: random.Random, text: str) -> str:
    return _DIGITS.sub(lambda m: str(rng.randint(2, 999)), text)


def _paragraph(rng: random.Random, clauses: list[str], low: int, high: int) -> str:
    parts = [_mutate_numbers(rng, rng.choice(clauses)) for _ in range(rng.randint(low, high))]
    return "，".join(parts) + "。"


def _edit(rng: random.Random, text: str, clauses: list[str]) -> str:
    """One edit a unit makes to a copied model text: its own numbers, one clause reworded,
    or its own name put in."""
    kind = rng.randrange(3)
    if kind == 0:
        return _mutate_numbers(rng, text)
    parts = text.split("，")
    at = rng.randrange(len(parts))
    if kind == 1:
        parts[at] = rng.choice(clauses)
    else:
        parts[at] = rng.choice(_PLACES) + rng.choice(_UNITS) + parts[at]
    return "，".join(parts)


def build_corpus(n: int, seed: int = 2025) -> Corpus:
    """`n` drafts of about 5 KB, and `n // 20` planted copied passages (pairs and triples)."""
    rng = random.Random(seed)
    clauses = _clauses()
    drafts: list[list[str]] = []
    for i in range(n):
        unit = rng.choice(_PLACES) + rng.choice(_UNITS)
        paras = [f"{unit}2025年度工作情况报告（第{i}号）", "县委、县政府："]
        size = sum(len(p.encode("utf-8")) + 1 for p in paras)
        section = 0
        while size < DRAFT_BYTES:
            if rng.random() < 0.2 and section < len(_NUMERALS):
                line = f"{_NUMERALS[section]}、{rng.choice(clauses)}"
                section += 1
            else:
                line = _paragraph(rng, clauses, 5, 14)
            paras.append(line)
            size += len(line.encode("utf-8")) + 1
        drafts.append(paras)

    texts_planted: list[list[tuple[int, str, str]]] = []  # group -> (doc, marker, copied text)
    taken: set[int] = set()
    for g in range(n // 20):
        model = _paragraph(rng, clauses, 8, 18)
        size = 3 if rng.random() < 0.25 else 2
        members = []
        while len(members) < size:
            d = rng.randrange(n)
            if d not in taken:
                taken.add(d)
                members.append(d)
        group = []
        for k, d in enumerate(members):
            copy = model
            if k and rng.random() < 0.5:
                copy = _edit(rng, copy, clauses)
            paras = drafts[d]
            at = rng.randrange(2, len(paras) + 1)
            marker = f"\x00{g}\x00"
            if rng.random() < 0.3 and at < len(paras) and not paras[at][1:2] == "、":
                paras[at] = paras[at] + marker + copy  # embedded in a paragraph
            else:
                paras.insert(at, marker + copy)
            group.append((d, marker, copy))
        texts_planted.append(group)

    docs = []
    spans: dict[tuple[int, str], tuple[int, int]] = {}
    for d, paras in enumerate(drafts):
        text = "\n".join(paras) + "\n"
        # Markers locate each planted copy; they are removed from the final text.
        while "\x00" in text:
            s = text.index("\x00")
            e = text.index("\x00", s + 1)
            g = text[s + 1:e]
            text = text[:s] + text[e + 1:]
            spans[(d, g)] = (s, -1)
        docs.append(Document(text, path=f"draft-{d:05d}.txt"))
    corpus = Corpus(docs)
    for g, group in enumerate(texts_planted):
        located = []
        for d, _, copy in group:
            s, _ = spans[(d, str(g))]
            assert docs[d].text[s:s + len(copy)] == copy
            located.append((d, s, s + len(copy)))
        corpus.planted.append(located)
    return corpus


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) - max(a[0], b[0]) > 0


def score(corpus: Corpus, result) -> dict[str, float]:
    """Recall of planted pairs and precision of reported passages (see the module doc)."""
    index = {doc.path: i for i, doc in enumerate(corpus.docs)}
    planted = corpus.planted_pairs()
    found_pairs = 0
    true_passages = 0
    total_passages = 0
    reported: dict[tuple[int, int], list] = {}
    for pair in result.pairs:
        da, db = index[pair.a], index[pair.b]
        key, swap = ((da, db), False) if da < db else ((db, da), True)
        reported.setdefault(key, [])
        for p in pair.passages:
            span_a, span_b = (p.a_start, p.a_end), (p.b_start, p.b_end)
            if swap:
                span_a, span_b = span_b, span_a
            reported[key].append((span_a, span_b))
            total_passages += 1
            if any(_overlaps(span_a, pa) and _overlaps(span_b, pb) for pa, pb in planted.get(key, [])):
                true_passages += 1
    for key, spans in planted.items():
        got = reported.get(key, [])
        if all(any(_overlaps(ra, pa) and _overlaps(rb, pb) for ra, rb in got) for pa, pb in spans):
            found_pairs += 1
    return {
        "planted_pairs": len(planted),
        "reported_pairs": len(result.pairs),
        "reported_passages": total_passages,
        "recall": found_pairs / max(1, len(planted)),
        "precision": true_passages / max(1, total_passages),
    }


def _run(benchmark, corpus: Corpus, rounds: int) -> dict[str, float]:
    times: list[float] = []
    results = []
    peaks: list[int] = []

    def run():
        with PeakRss() as rss:
            t0 = time.perf_counter()
            out = compare_documents(corpus.docs, matrix_limit=0)
            times.append(time.perf_counter() - t0)
        peaks.append(rss.peak)
        results.append(out)
        return out

    benchmark.pedantic(run, rounds=rounds, iterations=1)
    quality = score(corpus, results[-1])
    quality.update({
        "drafts": len(corpus.docs),
        "mean_bytes": round(statistics.mean(len(d.text.encode("utf-8")) for d in corpus.docs)),
        "seconds_mean": round(statistics.mean(times), 3),
        "seconds_min": round(min(times), 3),
        "candidates": results[-1].candidates,
        "peak_rss_mb": round(max(peaks) / 2**20),  # the whole process, drafts included
    })
    benchmark.extra_info.update(quality)
    print(f"\ncompare {len(corpus.docs)} drafts: {quality}")
    return quality


def test_compare_1k(benchmark) -> None:
    corpus = build_corpus(1_000)
    quality = _run(benchmark, corpus, rounds=3)
    assert quality["recall"] >= RECALL_FLOOR, quality
    assert quality["precision"] >= PRECISION_FLOOR, quality


def test_compare_10k(benchmark, request) -> None:
    if request.config.getoption("benchmark_disable", False):
        pytest.skip("10,000 drafts take half a minute: run with --benchmark-enable")
    corpus = build_corpus(10_000)
    quality = _run(benchmark, corpus, rounds=1)
    assert quality["recall"] >= RECALL_FLOOR, quality
    assert quality["precision"] >= PRECISION_FLOOR, quality
    assert quality["peak_rss_mb"] <= TARGET_10K_RSS_MB, quality
    assert quality["seconds_mean"] <= TARGET_10K_S, quality


def test_lsh_10k_numpy_vs_datasketch(request) -> None:
    """The candidate step alone on the 10,000 drafts, datasketch's `MinHashLSH` (the reference
    in tests/test_compare_banding.py) against the numpy banding, in one run: the same pairs."""
    if request.config.getoption("benchmark_disable", False):
        pytest.skip("10,000 drafts take half a minute: run with --benchmark-enable")
    import sys

    import numpy as np

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from test_compare_banding import _pool, _reference

    from rcheck.compare.candidates import _candidates
    from rcheck.compare.sketch import DEFAULT_PARAMS

    pool = _pool(build_corpus(10_000).docs)
    with PeakRss() as old_rss:
        t0 = time.perf_counter()
        old = _reference(pool)
        old_s = time.perf_counter() - t0
    with PeakRss() as new_rss:
        t0 = time.perf_counter()
        new = _candidates(pool, DEFAULT_PARAMS)
        new_s = time.perf_counter() - t0
    assert all(np.array_equal(a, b) for a, b in zip(old[:2], new[:2], strict=True))
    assert old[2] == new[2]
    print(f"\nLSH candidates of 10,000 drafts: datasketch {old_s:.2f} s "
          f"(+{(old_rss.peak - old_rss.base) / 2**20:.0f} MB), numpy {new_s:.2f} s "
          f"(+{(new_rss.peak - new_rss.base) / 2**20:.0f} MB), {old_s / new_s:.1f}x; "
          f"{len(new[0])} candidates, identical")


def test_corpus_index_1k(benchmark, tmp_path) -> None:
    """A 1,000-draft corpus on disk: indexing it once, then reopening it (every file only
    stat'ed) and comparing 20 new drafts with it, as a second `rcheck compare --corpus` does."""
    from rcheck.compare.index import CorpusIndex

    corpus = build_corpus(1_000)
    folder = tmp_path / "corpus"
    folder.mkdir()
    for doc in corpus.docs[20:]:
        (folder / doc.path).write_text(doc.text, encoding="utf-8")
    t0 = time.perf_counter()
    built = CorpusIndex.open(folder)
    build_s = time.perf_counter() - t0
    assert built.indexed == 980

    def reopen_and_compare():
        index = CorpusIndex.open(folder)
        return index, compare_documents(corpus.docs[:20], index, matrix_limit=0)

    index, result = benchmark.pedantic(reopen_and_compare, rounds=3, iterations=1)
    assert (index.indexed, index.reused) == (0, 980)
    planted = {pair for pair in corpus.planted_pairs() if pair[0] < 20 and pair[1] >= 20}
    found = {(int(p.a[6:11]), int(Path(p.b).name[6:11])) for p in result.pairs}
    assert planted <= found
    stats = getattr(benchmark, "stats", None)
    reuse_s = stats.stats.mean if stats is not None and getattr(stats, "stats", None) else None
    benchmark.extra_info.update({"build_s": round(build_s, 3),
                                 "reopen_and_compare_s": round(reuse_s, 3) if reuse_s else None,
                                 "planted_pairs": len(planted), "found_pairs": len(found)})
    print(f"\ncorpus of 980: index built in {build_s:.2f} s; reopen + compare 20 drafts: "
          f"{reuse_s if reuse_s is not None else float('nan'):.2f} s")
