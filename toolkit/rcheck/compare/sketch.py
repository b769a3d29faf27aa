"""Normalised text, units and MinHash sketches: what compare keeps of each draft, and the
signatures datasketch's LSH buckets (datasketch's own affine32 scheme, computed in bulk with
numpy)."""


from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    pass



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


@lru_cache(maxsize=1)
def _fold_table() -> np.ndarray:
    """What `normalise` makes of each code point below 0x10000: full-width folded to ASCII,
    letters lower-cased, 0 where the character is dropped. One lookup instead of a dozen
    comparisons over every draft."""
    cp = np.arange(0x10000, dtype=np.uint32)
    full = (cp >= 0xFF01) & (cp <= 0xFF5E)
    cp[full] -= 0xFEE0
    upper = (cp >= 0x41) & (cp <= 0x5A)
    cp[upper] += 0x20
    keep = (((cp >= 0x30) & (cp <= 0x39)) | ((cp >= 0x61) & (cp <= 0x7A))
            | ((cp >= 0x3400) & (cp <= 0x9FFF)) | ((cp >= 0xF900) & (cp <= 0xFAFF)))
    return np.where(keep, cp, np.uint32(0))


def normalise_lines(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`normalise`, and where each line break of `text` falls in the normalised text."""
    cp = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    table = _fold_table()
    if len(cp) and int(cp.max()) >= 0x10000:
        wide = cp >= 0x10000
        mapped = table[np.where(wide, np.uint32(0), cp)]
        rare = cp >= 0x20000  # the Han extension planes are kept as they are
        mapped[rare] = cp[rare]
    else:
        mapped = table[cp]
    pos = np.flatnonzero(mapped)
    return mapped[pos], pos, np.searchsorted(pos, np.flatnonzero(cp == 10))


def normalise(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Code points of the Han characters, letters and digits of `text` (full-width folded to
    ASCII, letters lower-cased), and the offset in `text` of each."""
    codes, pos, _ = normalise_lines(text)
    return codes, pos


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


def _units(bounds: np.ndarray, chars: int, params: SketchParams) -> np.ndarray:
    """[start, end) in normalised characters of each unit: paragraphs (one a line; `bounds`
    are where the line breaks fall), long ones as windows overlapping by half, so a passage
    copied out of a long paragraph still lies inside one window."""
    edges = np.concatenate(([0], bounds, [chars]))
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
    codes, _, bounds = normalise_lines(text)
    # Digits hash alike: a unit that copies a model text and puts in its own numbers is
    # still a copy. Alignment later sees the real digits.
    folded = np.where((codes >= 0x30) & (codes <= 0x39), np.uint32(0x30), codes)
    return Sketch(len(codes), _units(bounds, len(codes), params),
                  _shingle_hashes(folded, params.shingle))


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
    if sketches:
        values, counts = distinct_counts(np.concatenate([distinct(sk.hashes)
                                                         for sk in sketches]))
        common = common_shingles(values, counts, max_df)
    else:
        common = np.zeros(0, dtype=np.uint32)
    sigs = [np.zeros((0, params.num_perm), dtype=np.uint32)]
    docs = [np.zeros(0, dtype=np.int32)]
    rows = [np.zeros(0, dtype=np.int32)]
    shingles = ShingleSet(common)
    for d0 in range(0, len(sketches), _SIGN_BATCH):
        table, doc, signed = sign_batch(sketches[d0:d0 + _SIGN_BATCH], shingles, params)
        sigs.append(table)
        docs.append(doc + np.int32(d0))
        rows.append(signed)
    return np.concatenate(sigs), np.concatenate(docs), np.concatenate(rows), len(common)


_SIGN_BATCH = 8  # drafts signed together: numpy costs per call, not per draft; 8 was fastest (8-64 tried)


def sign_batch(sketches: Sequence[Sketch], common: ShingleSet, params: SketchParams
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`sign` of several drafts in one go (the same numbers, tested): the signatures, the draft
    of each (numbered from 0 in `sketches`) and its unit's row in that draft's sketch."""
    a, b = _permutations(params.num_perm, params.seed)
    k = params.shingle
    h = np.concatenate([np.zeros(0, dtype=np.uint32)] + [sk.hashes for sk in sketches])
    lengths = np.array([len(sk.hashes) for sk in sketches], dtype=np.int64)
    offsets = np.concatenate(([0], np.cumsum(lengths)))[:-1]
    n_units = np.array([len(sk.units) for sk in sketches], dtype=np.int64)
    units = np.concatenate([np.zeros((0, 2), dtype=np.int32)]
                           + [sk.units for sk in sketches]).astype(np.int64)
    doc = np.repeat(np.arange(len(sketches), dtype=np.int32), n_units)
    # A draft without shingles (shorter than one) signs no unit, whatever its units say.
    has_text = lengths[doc] > 0
    doc, units = doc[has_text], units[has_text]
    row = (np.arange(len(has_text)) - np.repeat(np.cumsum(n_units) - n_units, n_units))[has_text]
    rare = np.flatnonzero(~common.has(h)) if len(common) else np.arange(len(h))
    # Each draft's own shingles only: a unit's end never passes its draft's last shingle.
    base, last = offsets[doc], offsets[doc] + lengths[doc]
    starts = np.searchsorted(rare, base + units[:, 0])
    ends = np.searchsorted(rare, np.minimum(last, base + np.maximum(units[:, 0] + 1, units[:, 1] - k + 1)))
    keep = ends - starts >= _MIN_RARE
    if not keep.any():
        return (np.zeros((0, params.num_perm), dtype=np.uint32), np.zeros(0, dtype=np.int32),
                np.zeros(0, dtype=np.int32))
    phv = np.empty((len(rare) + 1, params.num_perm), dtype=np.uint32)
    np.multiply(_fmix32(h[rare])[:, None], a[None, :], out=phv[:-1])
    phv[:-1] += b  # uint32 wrap is the modulus
    phv[-1] = np.iinfo(np.uint32).max
    cuts = np.column_stack((starts[keep], ends[keep])).ravel()
    return (np.minimum.reduceat(phv, cuts, axis=0)[::2], doc[keep],
            row[keep].astype(np.int32))


def distinct(values: np.ndarray) -> np.ndarray:
    """`np.unique` by a sort: several times faster on a draft's few thousand hashes."""
    out = np.sort(values)
    return out[np.concatenate(([True], out[1:] != out[:-1]))] if len(out) else out


def distinct_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values, sorted, and how often each occurs."""
    out = np.sort(values)
    if not len(out):
        return out, np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], out[1:] != out[:-1])))
    return out[starts], np.diff(np.append(starts, len(out)))


def common_shingles(values: np.ndarray, counts: np.ndarray, max_df: int) -> np.ndarray:
    """The shingles (sorted) found in more than `max_df` drafts."""
    return values[counts > max_df]


class ShingleSet:
    """A sorted set of shingle hashes (the boilerplate ones) answering membership for a whole
    draft at once, exactly: each hash has one slot of an open table; the few that share a slot
    with another are looked up in a sorted spill. A bisection of every shingle of every draft
    into the set took an eighth of a large compare."""

    def __init__(self, values: np.ndarray) -> None:
        self.values = values
        bits = max(10, int(len(values) * 4 - 1).bit_length())
        self._shift = np.uint32(32 - bits)
        slot = self._slot(values)
        order = np.argsort(slot, kind="stable")
        first = np.concatenate(([True], slot[order][1:] != slot[order][:-1])) if len(values) else \
            np.zeros(0, dtype=bool)
        self._table = np.zeros(1 << bits, dtype=np.uint32)
        self._used = np.zeros(1 << bits, dtype=bool)
        self._table[slot[order[first]]] = values[order[first]]
        self._used[slot[order[first]]] = True
        self._spilled = np.zeros(1 << bits, dtype=bool)
        self._spilled[slot[order[~first]]] = True
        self._spill = np.sort(values[order[~first]])

    def _slot(self, h: np.ndarray) -> np.ndarray:
        return ((h.astype(np.uint32) * np.uint32(0x9E3779B1)) >> self._shift).astype(np.int64)

    def __len__(self) -> int:
        return len(self.values)

    def has(self, h: np.ndarray) -> np.ndarray:
        """Whether each hash of `h` is in the set."""
        slot = self._slot(h)
        out = self._used[slot] & (self._table[slot] == h)
        if len(self._spill):
            maybe = np.flatnonzero(self._spilled[slot] & ~out)
            if len(maybe):
                at = np.minimum(np.searchsorted(self._spill, h[maybe]), len(self._spill) - 1)
                out[maybe] = self._spill[at] == h[maybe]
        return out


def sign(sk: Sketch, common: ShingleSet, params: SketchParams) -> tuple[np.ndarray, np.ndarray]:
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
        rare = np.flatnonzero(~common.has(h))
    else:
        rare = np.arange(len(h))
    if len(rare) < _MIN_RARE:
        return empty
    starts = np.searchsorted(rare, sk.units[:, 0])
    ends = np.searchsorted(rare, np.maximum(sk.units[:, 0] + 1, sk.units[:, 1] - k + 1))
    rows = np.flatnonzero(ends - starts >= _MIN_RARE)
    if not len(rows):
        return empty
    # Each unit's minimum over its rows at once: reduceat over [start, end) pairs, the
    # in-between results dropped; a row past the end lets the last unit end there.
    phv = np.empty((len(rare) + 1, params.num_perm), dtype=np.uint32)
    np.multiply(_fmix32(h[rare])[:, None], a[None, :], out=phv[:-1])
    phv[:-1] += b  # uint32 wrap is the modulus
    phv[-1] = np.iinfo(np.uint32).max
    cuts = np.column_stack((starts[rows], ends[rows])).ravel()
    return np.minimum.reduceat(phv, cuts, axis=0)[::2], rows.astype(np.int32)
