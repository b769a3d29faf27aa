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

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import TYPE_CHECKING, Any

import numpy as np

from rcheck.errors import InputError
from rcheck.text.document import Document

if TYPE_CHECKING:
    from rcheck.compare.index import CorpusIndex

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True)
class SketchParams:
    """How drafts are cut and hashed. An on-disk index records these and is rebuilt when
    they change."""

    shingle: int = 5  # characters: long enough that genre words (意识形态) are not shared text
    num_perm: int = 64
    seed: int = 1
    window: int = 120  # normalised characters per unit of a long paragraph
    min_unit: int = 30  # shorter paragraphs (headings, 特此报告) are not units

    def key(self) -> dict[str, int]:
        return dict(self.__dict__)


DEFAULT_PARAMS = SketchParams()
LSH_THRESHOLD = 0.25  # Jaccard of two units from which LSH should make them candidates
_MIN_ESTIMATE = 0.2  # candidates whose MinHash estimate is below this are not aligned
_MARGIN = 60  # normalised characters aligned beyond each unit, so a passage is not cut at it
_ANCHOR = 5  # a matching run shorter than this is chance, not copying
_GAP = 12  # matching runs this close (in both drafts) are one passage with an edit between
_LONG_ANCHOR = 15
_GAP_LONG = 32  # the gap allowed between two runs of at least _LONG_ANCHOR characters
_EDGE = 8  # fewer characters than this past a paragraph edge are trimmed from a passage
_MAX_BUCKET = 400  # a bucket holding more drafts than this is boilerplate, not a copy
_BAND = 8  # units of one draft in a bucket past which they pair along the diagonal only
_MIN_RARE = 8  # a unit with fewer uncommon shingles than this is boilerplate
_MIN_DF = 50  # a shingle is boilerplate in more drafts than this, or than 5% of them
_DF_SHARE = 0.05
_CLOSING_MARKS = set("。，、；：！？”’」』）》.,;:!?)\"")
_OPENING_MARKS = set("（“‘《「『(\"")


# --- normalised text and sketches ---------------------------------------------------------------


def normalise(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Code points of the Han characters, letters and digits of `text` (full-width folded to
    ASCII, letters lower-cased), and the offset in `text` of each."""
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).copy()
    full = (cp >= 0xFF01) & (cp <= 0xFF5E)
    cp[full] -= 0xFEE0
    upper = (cp >= 0x41) & (cp <= 0x5A)
    cp[upper] += 0x20
    keep = (((cp >= 0x30) & (cp <= 0x39)) | ((cp >= 0x61) & (cp <= 0x7A))
            | ((cp >= 0x3400) & (cp <= 0x9FFF)) | ((cp >= 0xF900) & (cp <= 0xFAFF))
            | (cp >= 0x20000))
    pos = np.flatnonzero(keep)
    return cp[pos], pos


def _shingle_hashes(codes: np.ndarray, k: int) -> np.ndarray:
    """A 32-bit hash of each run of `k` code points (FNV-style, wrapping in uint32)."""
    n = len(codes) - k + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint32)
    h = np.full(n, 0x811C9DC5, dtype=np.uint32)
    prime = np.uint32(0x01000193)
    for j in range(k):
        h = (h ^ codes[j:j + n]) * prime
    return h


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's finalizer: datasketch's pre-mix of its `affine32` scheme."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


@lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    from datasketch import MinHash

    a, b = MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
    return a.astype(np.uint32), b.astype(np.uint32)


def _units(text: str, pos: np.ndarray, params: SketchParams) -> np.ndarray:
    """[start, end) in normalised characters of each unit: paragraphs (one a line), long ones
    as windows overlapping by half, so a passage copied out of a long paragraph still lies
    inside one window."""
    breaks = np.flatnonzero(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32) == 10)
    bounds = np.searchsorted(pos, breaks)
    edges = np.concatenate(([0], bounds, [len(pos)]))
    w, step = params.window, params.window // 2
    out: list[tuple[int, int]] = []
    for s, e in zip(edges[:-1].tolist(), edges[1:].tolist(), strict=True):
        n = e - s
        if n < params.min_unit:
            continue
        if n <= w + step:
            out.append((s, e))
            continue
        starts = list(range(s, e - w, step))
        out.extend((x, x + w) for x in starts)
        out.append((e - w, e))
    return np.array(out, dtype=np.int32).reshape(-1, 2)


@dataclass
class Sketch:
    """A draft's units and the hash of every shingle of its normalised text, in order."""

    chars: int  # normalised characters
    units: np.ndarray  # (k, 2) int32: [start, end) in normalised characters
    hashes: np.ndarray  # (chars - shingle + 1,) uint32


def sketch(text: str, params: SketchParams = DEFAULT_PARAMS) -> Sketch:
    codes, pos = normalise(text)
    # Digits hash alike: a unit that copies a model text and puts in its own numbers is
    # still a copy. Alignment later sees the real digits.
    folded = np.where((codes >= 0x30) & (codes <= 0x39), np.uint32(0x30), codes)
    return Sketch(len(codes), _units(text, pos, params), _shingle_hashes(folded, params.shingle))


def signatures(sketches: Sequence[Sketch], params: SketchParams, max_df: int
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """MinHash signatures of every unit over its uncommon shingles.

    A shingle found in more than `max_df` drafts is boilerplate (坚持以习近平新时代中国特色
    社会主义思想为指导 opens thousands of reports): left in, it makes every pair of reports a
    candidate; left out, a copied passage still shares its uncommon shingles, among them those
    that span the joins between common phrases. A unit with too few uncommon shingles left
    is boilerplate itself and gets no signature.

    Each signature equals datasketch's `MinHash(scheme="affine32", hashfunc=identity)` fed that
    unit's shingle hashes; here they are computed in bulk. Returns (signatures, the draft of
    each, its units' row in the sketch, number of boilerplate shingles)."""
    uniques = [np.unique(sk.hashes) for sk in sketches]
    if uniques:
        values, counts = np.unique(np.concatenate(uniques), return_counts=True)
        common = common_shingles(values, counts, max_df)
    else:
        common = np.zeros(0, dtype=np.uint32)
    sigs: list[np.ndarray] = []
    docs: list[int] = []
    rows: list[int] = []
    for d, sk in enumerate(sketches):
        table, signed = sign(sk, common, params)
        sigs.extend(table)
        docs.extend([d] * len(signed))
        rows.extend(signed.tolist())
    table = (np.stack(sigs) if sigs else np.zeros((0, params.num_perm), dtype=np.uint32))
    return table, np.array(docs, dtype=np.int32), np.array(rows, dtype=np.int32), len(common)


def common_shingles(values: np.ndarray, counts: np.ndarray, max_df: int) -> np.ndarray:
    """The shingles (sorted) found in more than `max_df` drafts."""
    return values[counts > max_df]


def sign(sk: Sketch, common: np.ndarray, params: SketchParams) -> tuple[np.ndarray, np.ndarray]:
    """One draft's share of `signatures`: the signature of each unit with enough uncommon
    shingles, and that unit's row in the sketch. A step of its own so that another engine
    signs drafts where they were read and gets the same numbers."""
    a, b = _permutations(params.num_perm, params.seed)
    k = params.shingle
    empty = (np.zeros((0, params.num_perm), dtype=np.uint32), np.zeros(0, dtype=np.int32))
    h = sk.hashes
    if not len(sk.units) or not len(h):
        return empty
    if len(common):
        at = np.minimum(np.searchsorted(common, h), len(common) - 1)
        rare = np.flatnonzero(common[at] != h)
    else:
        rare = np.arange(len(h))
    if len(rare) < _MIN_RARE:
        return empty
    phv = _fmix32(h[rare])[:, None] * a[None, :] + b[None, :]  # uint32 wrap is the modulus
    starts = np.searchsorted(rare, sk.units[:, 0])
    ends = np.searchsorted(rare, np.maximum(sk.units[:, 0] + 1, sk.units[:, 1] - k + 1))
    sigs, rows = [], []
    for r, (lo, hi) in enumerate(zip(starts.tolist(), ends.tolist(), strict=True)):
        if hi - lo >= _MIN_RARE:
            sigs.append(phv[lo:hi].min(axis=0))
            rows.append(r)
    if not sigs:
        return empty
    return np.stack(sigs), np.array(rows, dtype=np.int32)


# --- results ---------------------------------------------------------------------------------------


@dataclass
class Passage:
    """Matching spans in both drafts (character offsets into each text) and their similarity."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    text: str  # as written in draft a
    b_text: str  # as written in draft b
    similarity: float
    a_line: int = 0
    b_line: int = 0
    length: int = 0  # normalised characters matched

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class PairResult:
    a: str
    b: str
    similarity: float  # share of both drafts' text inside shared passages
    passages: list[Passage]
    b_in_corpus: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "similarity": self.similarity,
                "b_in_corpus": self.b_in_corpus,
                "passages": [p.to_dict() for p in self.passages]}


@dataclass
class CompareResult:
    """What `rcheck compare` reports. `to_dict()` is the JSON shape (version 1)."""

    files: list[dict[str, Any]]
    pairs: list[PairResult]
    matrix: list[list[float]] | None  # drafts x drafts; None above `matrix_limit` drafts
    threshold: float
    min_chars: int
    corpus: dict[str, Any] | None = None
    candidates: int = 0  # unit pairs LSH proposed: what was aligned instead of all pairs
    skipped_common: int = 0  # LSH buckets too full to be copies (boilerplate)
    boilerplate: int = 0  # distinct shingles found in more than `max_df` drafts
    max_df: int = 0
    errors: list[InputError] = field(default_factory=list)  # corpus files unreadable at alignment

    @property
    def changed(self) -> bool:
        return bool(self.pairs)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "files": self.files,
            "pairs": [p.to_dict() for p in self.pairs],
            "matrix": ({"paths": [f["path"] for f in self.files if not f.get("corpus")],
                        "rows": self.matrix} if self.matrix is not None else None),
            "corpus": self.corpus,
            "threshold": self.threshold,
            "min_chars": self.min_chars,
            "summary": {"files": len(self.files), "pairs": len(self.pairs),
                        "passages": sum(len(p.passages) for p in self.pairs),
                        "candidates": self.candidates, "skipped_common": self.skipped_common,
                        "boilerplate_shingles": self.boilerplate, "max_df": self.max_df},
        }


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


@dataclass
class _Segment:
    a0: int
    a1: int
    b0: int
    b1: int


def _segments(a: str, b: str, a_off: int, b_off: int) -> list[_Segment]:
    """Runs of matching text between `a` and `b`: anchors of at least `_ANCHOR` characters in
    an optimal (LCS) alignment, chained while the gaps between them stay small in both."""
    from rapidfuzz.distance import Indel

    chains: list[list[tuple[int, int, int, int]]] = []
    for op in Indel.opcodes(a, b):
        if op.tag != "equal" or op.src_end - op.src_start < _ANCHOR:
            continue
        anchor = (op.src_start + a_off, op.src_end + a_off, op.dest_start + b_off,
                  op.dest_end + b_off)
        last = chains[-1][-1] if chains else None
        # Between two long anchors a longer edit (a reworded clause) still joins them.
        gap = _GAP_LONG if last is not None and min(last[1] - last[0], anchor[1] - anchor[0]) \
            >= _LONG_ANCHOR else _GAP
        if last is not None and anchor[0] - last[1] <= gap and anchor[2] - last[3] <= gap:
            chains[-1].append(anchor)
        else:
            chains.append([anchor])
    out = []
    for chain in chains:
        # A short anchor across a gap at either end is shared phrasing next to the copy
        # (情况报告如下, 工作), not part of it.
        while len(chain) > 1 and _weak(chain[0], chain[1]):
            chain.pop(0)
        while len(chain) > 1 and _weak(chain[-1], chain[-2]):
            chain.pop()
        out.append(_Segment(chain[0][0], chain[-1][1], chain[0][2], chain[-1][3]))
    return out


def _weak(edge: tuple[int, int, int, int], inner: tuple[int, int, int, int]) -> bool:
    if edge[0] < inner[0]:
        gap = max(inner[0] - edge[1], inner[2] - edge[3])
    else:
        gap = max(edge[0] - inner[1], edge[2] - inner[3])
    return edge[1] - edge[0] < 2 * _ANCHOR and gap > 4  # a changed number is a gap of 1-4


def _merge(segments: list[_Segment]) -> list[_Segment]:
    """Segments found from neighbouring units are one passage when they meet in both drafts."""
    out: list[_Segment] = []
    for s in sorted(segments, key=lambda s: (s.a0, s.b0)):
        for m in reversed(out[-4:]):
            if (s.a0 <= m.a1 + _GAP and s.b0 <= m.b1 + _GAP and s.b1 >= m.b0 - _GAP
                    and s.a1 >= m.a0):
                m.a0, m.a1 = min(m.a0, s.a0), max(m.a1, s.a1)
                m.b0, m.b1 = min(m.b0, s.b0), max(m.b1, s.b1)
                break
        else:
            out.append(_Segment(s.a0, s.a1, s.b0, s.b1))
    return out


class _Normalised:
    """A draft's text, its normalised string and the offset of each normalised character."""

    def __init__(self, doc: Document) -> None:
        codes, pos = normalise(doc.text)
        self.doc = doc
        self.s = codes.tobytes().decode("utf-32-le")
        self.pos = pos
        breaks = np.flatnonzero(np.frombuffer(doc.text.encode("utf-32-le"), dtype=np.uint32) == 10)
        self.breaks = np.searchsorted(pos, breaks).tolist()  # paragraph starts, normalised

    def trim(self, n0: int, n1: int) -> tuple[int, int]:
        """Drop a few characters that a passage takes past a paragraph's edge: the number of
        the next heading （二）, the last words of the paragraph before."""
        from bisect import bisect_left, bisect_right

        inside = self.breaks[bisect_right(self.breaks, n0):bisect_left(self.breaks, n1)]
        if inside and inside[0] - n0 < _EDGE:
            n0 = inside[0]
        if inside and n1 - inside[-1] < _EDGE and inside[-1] > n0:
            n1 = inside[-1]
        return n0, n1

    def span(self, n0: int, n1: int) -> tuple[int, int]:
        start = int(self.pos[n0])
        end = int(self.pos[n1 - 1]) + 1
        text = self.doc.text
        while start > 0 and text[start - 1] in _OPENING_MARKS:
            start -= 1
        while end < len(text) and text[end] in _CLOSING_MARKS:
            end += 1
        return start, end


def _passages(a: _Normalised, b: _Normalised, unit_pairs: list[tuple[int, int, int, int]],
              threshold: float, min_chars: int) -> list[Passage]:
    from rapidfuzz.distance import Indel

    segs: list[_Segment] = []
    for ua0, ua1, ub0, ub1 in unit_pairs:
        a0, a1 = max(0, ua0 - _MARGIN), min(len(a.s), ua1 + _MARGIN)
        b0, b1 = max(0, ub0 - _MARGIN), min(len(b.s), ub1 + _MARGIN)
        segs.extend(_segments(a.s[a0:a1], b.s[b0:b1], a0, b0))
    out = []
    for m in _merge(segs):
        m.a0, m.a1 = a.trim(m.a0, m.a1)
        m.b0, m.b1 = b.trim(m.b0, m.b1)
        la, lb = m.a1 - m.a0, m.b1 - m.b0
        if min(la, lb) < min_chars:
            continue
        # The merged span is aligned once more as a whole: its similarity is exact.
        matched = sum(op.src_end - op.src_start
                      for op in Indel.opcodes(a.s[m.a0:m.a1], b.s[m.b0:m.b1])
                      if op.tag == "equal")
        similarity = 2 * matched / (la + lb)
        if matched < min_chars or similarity < threshold:
            continue
        a_start, a_end = a.span(m.a0, m.a1)
        b_start, b_end = b.span(m.b0, m.b1)
        out.append(Passage(a_start, a_end, b_start, b_end, a.doc.text[a_start:a_end],
                           b.doc.text[b_start:b_end], round(float(similarity), 3),
                           a.doc.position(a_start)[0], b.doc.position(b_start)[0], int(matched)))
    return out


class _Disjoint:
    """Disjoint spans, sorted, answering "does this span overlap one of them" in log time."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        from bisect import bisect_left

        k = bisect_left(self.starts, end)  # spans starting before `end`; the last may overlap
        return k > 0 and self.ends[k - 1] > start

    def add(self, start: int, end: int) -> None:
        from bisect import bisect_left

        k = bisect_left(self.starts, start)
        self.starts.insert(k, start)
        self.ends.insert(k, end)


def _disjoint_matched(passages: list[Passage]) -> int:
    """Characters matched in passages that overlap no longer one in either draft. A passage
    both drafts repeat matches each copy in the other, and counting every such pair would put
    a draft's text into the similarity several times over (39 for a report repeated 8 times)."""
    taken_a, taken_b = _Disjoint(), _Disjoint()
    total = 0
    for p in sorted(passages, key=lambda p: (-p.length, p.a_start, p.b_start)):
        if taken_a.overlaps(p.a_start, p.a_end) or taken_b.overlaps(p.b_start, p.b_end):
            continue
        taken_a.add(p.a_start, p.a_end)
        taken_b.add(p.b_start, p.b_end)
        total += p.length
    return total


def _display(path: str) -> str:
    """A corpus file's path relative to the working directory when it lies below it."""
    import os

    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


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

    cache: dict[int, _Normalised] = {}

    def normalised(i: int) -> _Normalised:
        if i not in cache:
            if len(cache) > 256:
                cache.pop(next(iter(cache)))
            cache[i] = _Normalised(pool.loaders[i]())
        return cache[i]

    chars = [sk.chars for sk in pool.sketches]
    pairs: list[PairResult] = []
    errors: dict[int, InputError] = {}
    for done, ((da, db), unit_pairs) in enumerate(sorted(by_pair.items()), start=1):
        try:
            a_text, b_text = normalised(da), normalised(db)
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
