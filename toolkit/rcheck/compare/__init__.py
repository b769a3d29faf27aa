"""Passages shared between drafts: a paragraph reused across units' reports, or copied from a
model text; and a similarity matrix for a folder of drafts.

Never all pairs. Each draft is cut into units (paragraphs; long ones into overlapping
windows) over its normalised text (Han, letters and digits only, so punctuation converted to
half-width or a changed line break does not hide a copy). Shingles (5 characters, digits
folded) found in many drafts are boilerplate and left out; each unit gets a MinHash of the
rest, computed in bulk with numpy in datasketch's own `affine32` scheme, and datasketch's
`MinHashLSH` puts units that probably share text in the same bucket. Only those candidate
pairs are aligned exactly (rapidfuzz), which gives the matching spans in both drafts and their
similarity.

A corpus (`--corpus DIR`) is sketched once and kept on disk (`corpus_index`); its files are
compared with the drafts named, not with each other.
"""


from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from rcheck.compare.candidates import _candidates, _Pool, bucket_pairs, query_hits
from rcheck.compare.passages import (
    NormalisedCache,
    _disjoint_matched,
    _display,
    _Normalised,
    _passages,
)
from rcheck.compare.result import CompareResult, PairResult, Passage
from rcheck.compare.sketch import (
    DEFAULT_PARAMS,
    LSH_THRESHOLD,
    Progress,
    Sketch,
    SketchParams,
    common_shingles,
    normalise,
    sign,
    signatures,
    sketch,
)
from rcheck.errors import InputError
from rcheck.text.document import Document

if TYPE_CHECKING:
    from rcheck.compare.index import CorpusIndex

__all__ = ["DEFAULT_PARAMS", "LSH_THRESHOLD", "CompareResult", "PairResult", "Passage", "Progress",
           "Sketch", "SketchParams", "align_pair", "assemble", "bucket_pairs", "common_shingles",
           "compare_documents", "group_by_pair", "normalise", "query_hits", "sign", "signatures",
           "sketch"]


def compare_documents(docs: Sequence[Document], corpus: CorpusIndex | None = None, *,
                      threshold: float = 0.8, min_chars: int = 50, max_df: int | None = None,
                      params: SketchParams = DEFAULT_PARAMS, progress: Progress | None = None,
                      matrix_limit: int = 200) -> CompareResult:
    """Passages shared between `docs`, and between each of them and the `corpus` files.

    A passage is reported when at least `min_chars` Han characters, letters and digits match
    and its similarity (2 x matched / both lengths) is at least `threshold`. Text found in more
    than `max_df` drafts (default: 50, or 5% of the drafts when that is more) is boilerplate
    and does not make drafts candidates by itself. `progress`, when given, is called as work
    advances with (stage, done, total)."""
    if corpus is not None and corpus.params != params:
        raise ValueError("the corpus index was built with other sketch parameters")
    pool = _Pool()
    for i, doc in enumerate(docs):
        pool.add(doc.path, sketch(doc.text, params), (lambda d=doc: d), corpus=False)
        if progress:
            progress("sketch", i + 1, len(docs))
    if corpus is not None:
        import os

        named = {os.path.realpath(d.path) for d in docs}
        for entry in corpus.entries:
            if os.path.realpath(entry.path) in named:
                continue  # a draft inside the corpus folder is not its own copy
            pool.add(_display(entry.path), entry.sketch(), entry.loader(corpus.max_bytes),
                     corpus=True)
    pool.sign(params, max_df)

    us, vs, skipped = _candidates(pool, params, progress)
    by_pair = group_by_pair(pool.doc_of[us], pool.doc_of[vs], pool.units[us], pool.units[vs])

    work = sorted(by_pair.items())
    cache = NormalisedCache((pair for pair, _ in work), lambda i: pool.loaders[i]())
    chars = [sk.chars for sk in pool.sketches]
    pairs: list[PairResult] = []
    errors: dict[int, InputError] = {}
    for done, ((da, db), unit_pairs) in enumerate(work, start=1):
        try:
            a_text, b_text = cache.get(da), cache.get(db)
        except InputError as exc:
            # A corpus file read again for alignment is gone or changed into something
            # unreadable since it was indexed: only its pairs are lost.
            errors.setdefault(db if pool.in_corpus[db] else da, exc)
            continue
        found = align_pair(a_text, b_text, unit_pairs, chars[da], chars[db], threshold,
                           min_chars)
        if found is not None:
            pairs.append(PairResult(pool.paths[da], pool.paths[db], found[0], found[1],
                                    pool.in_corpus[db]))
        if progress:
            progress("align", done, len(by_pair))
    return assemble(pool.paths, pool.in_corpus, chars, pairs, threshold, min_chars,
                    corpus.summary() if corpus is not None else None, len(us), skipped,
                    pool.common, pool.max_df, list(errors.values()), matrix_limit)


UnitPairs = list[tuple[int, int, int, int]]  # (a_start, a_end, b_start, b_end), normalised


def group_by_pair(doc_u: np.ndarray, doc_v: np.ndarray, units_u: np.ndarray,
                  units_v: np.ndarray) -> dict[tuple[int, int], UnitPairs]:
    """Candidate unit pairs (given sorted by unit: the draft and bounds of each side) grouped
    by their drafts' pair, lower draft first; within a pair they keep that order, on which the
    merged passages depend."""
    by_pair: dict[tuple[int, int], UnitPairs] = {}
    for da, db, ua, ub in zip(doc_u.tolist(), doc_v.tolist(), units_u.tolist(),
                              units_v.tolist(), strict=True):
        if da > db:
            da, db, ua, ub = db, da, ub, ua
        by_pair.setdefault((da, db), []).append((ua[0], ua[1], ub[0], ub[1]))
    return by_pair


def align_pair(a: _Normalised, b: _Normalised, unit_pairs: UnitPairs, chars_a: int,
               chars_b: int, threshold: float, min_chars: int
               ) -> tuple[float, list[Passage]] | None:
    """The similarity and shared passages of two drafts, or None when they share none."""
    passages = _passages(a, b, unit_pairs, threshold, min_chars)
    if not passages:
        return None
    shared = _disjoint_matched(passages) * 2
    return round(shared / max(1, chars_a + chars_b), 3), passages


def assemble(paths: Sequence[str], in_corpus: Sequence[bool], chars: Sequence[int],
             pairs: list[PairResult], threshold: float, min_chars: int,
             corpus_info: dict[str, Any] | None, candidates: int, skipped: int, common: int,
             max_df: int, errors: list[InputError], matrix_limit: int) -> CompareResult:
    """The result from the aligned pairs, in the order every engine reports them."""
    pairs.sort(key=lambda p: (-p.similarity, p.a, p.b))
    drafts = [i for i in range(len(paths)) if not in_corpus[i]]
    matrix = None
    if len(drafts) <= matrix_limit:
        where = {paths[i]: k for k, i in enumerate(drafts)}
        matrix = [[1.0 if r == c else 0.0 for c in range(len(drafts))] for r in range(len(drafts))]
        for p in pairs:
            if p.a in where and p.b in where:
                r, c = where[p.a], where[p.b]
                matrix[r][c] = matrix[c][r] = p.similarity
    involved = {p.b for p in pairs if p.b_in_corpus}
    files = [{"path": paths[i], "chars": chars[i], "corpus": in_corpus[i]}
             for i in range(len(paths)) if not in_corpus[i] or paths[i] in involved]
    return CompareResult(files, pairs, matrix, threshold, min_chars, corpus_info, candidates,
                         skipped, common, max_df, errors)
