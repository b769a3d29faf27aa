"""W105's context scan: every character of a text at once, against strings counted in official text.

For a character and each character it may be confused with, the scan compares the strings of
2–4 characters that cover it, as written and as corrected, in the counted table
(`wrongchar_table`) and in jieba's dictionary: a correction whose strings official text writes
often where the written ones never occur is a likely slip (发展机智 → 发展机制, though 机智 is a
word). The comparison is a linear score over a few such features, its weights fitted on
odw.train (`tools/tune_wrongchar.py`). Everything is batched in numpy: one pass per text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rcheck.wrongchar import NOT_EXAMINED
from rcheck.wrongchar_table import BASE, LAST, NgramTable, codes, pack, quantise

N_CODES = LAST - BASE + 1
KINDS = ("same", "near", "shape", "seen")
# Summed log2 counts (+1 each) over a character of its windows of three and of two characters
# from which it is taken as written: about 95% of odw.train's slips are below both, most characters
# of official text above.
SUPPORTED = 6.0
PAIRED = 14.0
WORD_SEEN = 6.0  # log2 of how often official text must write a word to vouch for it (64 times)
MIN_TARGET = 3.5  # log10 weight (jieba) a correction's character needs, unless odw.train saw the slip
PAIR_LIMIT = np.uint64(1 << 30)  # keys below this are pairs of characters
SORT_FIRST = 20_000  # lookups of more strings than this are sorted first
PAD = 3  # zeros either side, so every window of four characters around a position exists
# Feature names, in the order of `rcheck.wrongchar.SCAN_WEIGHTS` (see `features`).
# d: how much better the corrected windows are supported than the written ones; o: the written
# ones' support; z: none of the written windows counted; w: the same in jieba's dictionary.
FEATURES = ("bias", "d2", "d3", "d4", "o2", "o3", "o4", "miss3", "dw", "ow", "xw", "near", "shape",
            "seen", "rare", "d2+", "d3+", "d4+", "z2", "z3", "z4", "dw+", "xw>0", "ow=0", "d2*z3")


# A text's codes, its padded codes and its windows as written (`Scanner.prepared`).
Prepared = tuple[np.ndarray, np.ndarray, "_Written"]


@dataclass(frozen=True)
class Candidate:
    """A suspected slip at `index` of the text, the character meant and the score (log-odds)."""

    index: int
    wrong: str
    right: str
    kind: str
    score: float


class Scanner:
    """Confusion sets as arrays (by character code) and the two string tables."""

    def __init__(self, table: NgramTable, freq: dict[str, int], confusions: dict[str, dict[str, str]],
                 weight: dict[str, float], weights: np.ndarray) -> None:
        self.table = _Fronted(table)
        self.weights = weights.astype(np.float32)
        self.words = _Fronted(_word_table(freq))
        self.offsets, self.cand, self.kind = _confusion_arrays(confusions, weight)
        self._pairs = _Bitmap(np.concatenate([self.table.keys[self.table.keys < PAIR_LIMIT],
                                              self.words.keys[self.words.keys < PAIR_LIMIT]]))
        self.char_weight = np.zeros(N_CODES + 1, dtype=np.float32)
        for ch, w in weight.items():
            o = ord(ch) - BASE
            if 0 < o <= N_CODES:
                self.char_weight[o] = w

    def _support(self, table: _Fronted, cp: np.ndarray, ii: np.ndarray, xx: np.ndarray,
                 n: int) -> tuple[np.ndarray, np.ndarray]:
        """Summed log2 counts (+1, 0 when absent) of the n-character windows over `ii` with `xx`
        there, and how many of those windows are absent."""
        total = np.zeros(len(ii), dtype=np.float32)
        missing = np.zeros(len(ii), dtype=np.float32)
        for k in range(n):
            parts = [xx if j == k else cp[ii - k + j] for j in range(n)]
            ok = np.logical_and.reduce([p > 0 for p in parts])
            v = table.log2_counts(pack(parts)) + 1
            v[~ok] = 0
            total += v
            missing += ok & (v == 0)
        return total, missing

    def _in_attested_word(self, written: _Written, ii: np.ndarray) -> np.ndarray:
        """Whether the character at `ii` is in a word of two to four characters that official text
        writes often (制订, 做出, 货运): a variant or a word of its own, no slip."""
        out = np.zeros(len(ii), dtype=bool)
        for n in (2, 3, 4):
            often = written.attested[n]
            for k in range(n):
                out |= often[ii - k]
        return out

    def features(self, cp: np.ndarray, ii: np.ndarray, xx: np.ndarray, kk: np.ndarray,
                 written: _Written | None = None) -> np.ndarray:
        """One row per candidate (position `ii` of the padded codes `cp`, character `xx`, kind `kk`)."""
        if written is None:
            written = self.written(cp)
        oo = cp[ii]
        cols = {"bias": np.ones(len(ii), dtype=np.float32)}
        for n in (2, 3, 4):
            x_sup, x_miss = self._support(self.table, cp, ii, xx, n)
            o_sup = written.support(written.table, ii, n)
            cols[f"d{n}"] = x_sup - o_sup
            cols[f"o{n}"] = o_sup
            if n == 3:
                cols["miss3"] = x_miss
        xw = np.zeros(len(ii), dtype=np.float32)
        ow = np.zeros(len(ii), dtype=np.float32)
        for n in (2, 3, 4):
            xw = np.maximum(xw, self._support(self.words, cp, ii, xx, n)[0] / n)
            ow = np.maximum(ow, written.support(written.words, ii, n) / n)
        cols["dw"], cols["ow"], cols["xw"] = xw - ow, ow, xw
        for name in ("near", "shape", "seen"):
            cols[name] = (kk == KINDS.index(name)).astype(np.float32)
        cols["rare"] = np.maximum(0.0, 3.3 - self.char_weight[oo]).astype(np.float32)
        for n in (2, 3, 4):
            cols[f"d{n}+"] = np.maximum(cols[f"d{n}"], 0)
            cols[f"z{n}"] = (cols[f"o{n}"] == 0).astype(np.float32)
        cols["dw+"] = np.maximum(cols["dw"], 0)
        cols["xw>0"] = (xw > 0).astype(np.float32)
        cols["ow=0"] = (ow == 0).astype(np.float32)
        cols["d2*z3"] = cols["d2"] * cols["z3"]
        return np.stack([cols[f] for f in FEATURES], axis=1)

    def candidates(self, c: np.ndarray, positions: np.ndarray) -> tuple[np.ndarray, ...]:
        """Every (position, character, kind) the confusion sets offer at `positions` of codes `c`."""
        cc = c[positions]
        reps = self.offsets[cc + 1] - self.offsets[cc]
        which = np.repeat(np.arange(len(positions)), reps)
        first = np.repeat(self.offsets[cc] - (np.cumsum(reps) - reps), reps)
        idx = first + np.arange(int(reps.sum()))
        return positions[which], self.cand[idx], self.kind[idx]

    def written(self, cp: np.ndarray) -> _Written:
        """Both tables' counts of every window of the padded codes `cp` as written."""
        return _Written(self, cp)

    def prepared(self, text: str) -> Prepared:
        """`text`'s codes, padded codes (uint64, as keys are packed) and windows as written: read
        once for the context scan and the homophone scan."""
        c = codes(text)
        cp = np.concatenate([np.zeros(PAD, dtype=np.int64), c, np.zeros(PAD, dtype=np.int64)])
        cp = cp.astype(np.uint64)  # as keys are packed: no conversion per window
        return c, cp, self.written(cp)

    def shortlist(self, text: str, examine: np.ndarray,
                  prepared: Prepared | None = None) -> tuple[np.ndarray, ...]:
        """The candidates worth scoring in `text` (positions, characters, kinds) and their features."""
        # The text as written is looked up once, window by window; only corrections are per candidate.
        c, cp, written = prepared or self.prepared(text)
        has = (self.offsets[c + 1] - self.offsets[c]) > 0
        positions = np.nonzero(examine & (c > 0) & has)[0]
        # A character inside strings official text writes often is taken as written.
        o2 = written.support(written.table, positions + PAD, 2)
        positions = positions[o2 < PAIRED]
        o3 = written.support(written.table, positions + PAD, 3)
        pos, xx, kk = self.candidates(c, positions[o3 < SUPPORTED])
        # Only a correction that makes a counted pair or a word with a neighbour is scored in full:
        # first by the pairs' bitmap (cheap, a few false hits), then exactly.
        ii = pos + PAD
        near = self._pairs.has(pack([cp[ii - 1], xx])) | self._pairs.has(pack([xx, cp[ii + 1]]))
        pos, xx, kk, ii = pos[near], xx[near], kk[near], ii[near]
        better = np.zeros(len(ii), dtype=bool)
        for table, as_written in ((self.table, written.table), (self.words, written.words)):
            better |= self._support(table, cp, ii, xx, 2)[0] > written.support(as_written, ii, 2)
        pos, xx, kk = pos[better], xx[better], kk[better]
        # A character in a word official text writes often is taken as written (last: few are left).
        places, back = np.unique(pos, return_inverse=True)
        keep = ~self._in_attested_word(written, places + PAD)[back]
        pos, xx, kk = pos[keep], xx[keep], kk[keep]
        return pos, xx, kk, self.features(cp, pos + PAD, xx, kk, written)

    def scan(self, text: str, examine: np.ndarray, threshold: float,
             prepared: Prepared | None = None) -> list[Candidate]:
        """The best correction of each examined character whose score reaches `threshold`."""
        pos, xx, kk, X = self.shortlist(text, examine, prepared)
        score = X @ self.weights
        keep = score >= threshold
        pos, xx, kk, score = pos[keep], xx[keep], kk[keep], score[keep]
        order = np.lexsort((-score, pos))
        best: dict[int, Candidate] = {}
        for j in order:
            p = int(pos[j])
            if p not in best:
                best[p] = Candidate(p, text[p], chr(int(xx[j]) + BASE), KINDS[int(kk[j])], float(score[j]))
        return list(best.values())


class _Fronted:
    """A string table behind a bitmap of its keys: most corrected strings were never counted, and
    the bitmap answers those without a search; the rest are looked up exactly."""

    def __init__(self, table: NgramTable) -> None:
        self.keys = table.keys
        self._table = table
        self._present = _Bitmap(np.asarray(table.keys))

    def log2_counts(self, keys: np.ndarray) -> np.ndarray:
        """As `NgramTable.log2_counts`: log2 of each key's count, -1 for a string never counted."""
        out = np.full(len(keys), -1.0, dtype=np.float32)
        hit = np.nonzero(self._present.has(keys))[0]
        if len(hit) > SORT_FIRST:  # a search in order touches the table's pages in order: faster
            hit = hit[np.argsort(keys[hit])]
        if len(hit):
            out[hit] = self._table.log2_counts(keys[hit])
        return out


class _Written:
    """Each table's log2 count of every window of a padded text as written (-1 when not counted or
    not all Han), by the window's first place, for lengths 2–4; and where a window is a word
    official text writes often."""

    def __init__(self, scanner: Scanner, cp: np.ndarray) -> None:
        self.table: dict[int, np.ndarray] = {}
        self.words: dict[int, np.ndarray] = {}
        self.attested: dict[int, np.ndarray] = {}
        for n in (2, 3, 4):
            m = len(cp) - n + 1
            parts = [cp[j:j + m] for j in range(n)]
            ok = np.logical_and.reduce([p > 0 for p in parts])
            key = pack(parts)
            for out, table in ((self.table, scanner.table), (self.words, scanner.words)):
                v = table.log2_counts(key)
                v[~ok] = -1.0
                out[n] = v
            self.attested[n] = (self.words[n] >= 0) & (self.table[n] >= WORD_SEEN)

    @staticmethod
    def support(counts: dict[int, np.ndarray], ii: np.ndarray, n: int) -> np.ndarray:
        """Summed log2 counts (+1, 0 when absent) of the n-character windows over `ii` as written:
        `Scanner._support` with the written characters, from the windows looked up once."""
        total = np.zeros(len(ii), dtype=np.float32)
        v = counts[n]
        for k in range(n):
            total += v[ii - k] + 1
        return total


class _Bitmap:
    """A set of keys as one bit each at a hashed place: a miss is certain, a hit nearly so."""

    BITS = 25

    def __init__(self, keys: np.ndarray) -> None:
        flat = np.zeros(1 << self.BITS, dtype=bool)
        flat[self._hash(keys)] = True
        self.bits = np.packbits(flat, bitorder="little")

    def _hash(self, keys: np.ndarray) -> np.ndarray:
        return ((keys * np.uint64(0x9E3779B97F4A7C15)) >> np.uint64(64 - self.BITS)).astype(np.int64)

    def has(self, keys: np.ndarray) -> np.ndarray:
        h = self._hash(keys)
        return ((self.bits[h >> 3] >> (h & 7).astype(np.uint8)) & 1).astype(bool)


def _confusion_arrays(confusions: dict[str, dict[str, str]],
                      weight: dict[str, float]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each character's corrections as one flat array (`cand`, with their `kind`s), the
    character's own at `offsets[code]:offsets[code + 1]`, in the order of their code points."""
    sources, targets, kinds = [], [], []
    kind_code = {k: i for i, k in enumerate(KINDS)}
    for ch, table in confusions.items():
        if table:
            sources.append(ch * len(table))
            targets.append("".join(table))
            kinds.append(np.fromiter((kind_code[k] for k in table.values()), dtype=np.int64,
                                     count=len(table)))
    src, dst = codes("".join(sources)), codes("".join(targets))
    kind = np.concatenate(kinds) if kinds else np.zeros(0, dtype=np.int64)
    usable = np.zeros(N_CODES + 1, dtype=np.float64)  # weights as written: 3.4999 is below 3.5
    for ch, w in weight.items():
        if 0 < ord(ch) - BASE <= N_CODES:
            usable[ord(ch) - BASE] = w
    function = codes("".join(NOT_EXAMINED))
    # A function character is no correction: its slips are grammar (的/地), and as a filler it
    # makes frequent strings of anything (项目获国家核准 → 项目和国家). A rare one is seldom meant
    # (3% of odw.train's corrections, 58% of the sets' characters).
    keep = (src > 0) & (dst > 0) & ~np.isin(dst, function) \
        & ((kind == KINDS.index("seen")) | (usable[dst] >= MIN_TARGET))
    src, dst, kind = src[keep], dst[keep], kind[keep]
    order = np.lexsort((dst, src))
    src, dst, kind = src[order], dst[order], kind[order]
    offsets = np.concatenate([[0], np.cumsum(np.bincount(src, minlength=N_CODES + 1))]).astype(np.int64)
    return offsets, dst, kind


def _word_table(freq: dict[str, int]) -> NgramTable:
    """jieba's words of 2–4 Han characters seen at least 5 times, keyed like the counted strings,
    with their frequencies."""
    chosen: dict[int, list[str]] = {2: [], 3: [], 4: []}
    counts: dict[int, list[int]] = {2: [], 3: [], 4: []}
    for w, f in freq.items():
        if f >= 5 and (group := chosen.get(len(w))) is not None:
            group.append(w)
            counts[len(w)].append(f)
    keys, values = [], []
    for n in (2, 3, 4):
        if not chosen[n]:
            continue
        c = codes("".join(chosen[n])).reshape(-1, n)
        ok = (c > 0).all(axis=1)
        keys.append(pack([c[:, j] for j in range(n)])[ok])
        values.append(np.array(counts[n], dtype=np.int64)[ok])
    key = np.concatenate(keys)
    order = np.argsort(key, kind="stable")
    return NgramTable(key[order], quantise(np.concatenate(values)[order]))
