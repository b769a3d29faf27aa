"""W105's scan for a wrong word of two characters that sounds like the right one: a pinyin input
method offers a whole word for the syllables typed, and the wrong pick is often a word of its own
(部署 → 不熟, 材料 → 才聊, 述职 → 树脂). Tones may differ: the input method does not type them.

For every two neighbouring characters, the candidates are jieba's two-character words whose usual
syllables (toneless) the two characters can be read as, both characters changed. A candidate is
scored as the context scan scores one character (`wrongchar_scan`): the strings of 2–4 characters
over the pair, as written and as corrected, in the counted table and in jieba's dictionary, and
a linear score over a few such features, fitted on odw.train (`tools/tune_wrongchar.py --pairs`).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from rcheck.wrongchar import RARE
from rcheck.wrongchar_scan import N_CODES, PAD, Prepared, Scanner, _Written
from rcheck.wrongchar_table import BASE, pack

MIN_FREQ = 20  # a candidate word must be at least this frequent in jieba's dictionary
# Feature names, in the order of `rcheck.wrongchar.PAIR_WEIGHTS` (see `PairScanner.features`).
# t: the counted table, j: jieba's words; x: corrected support, o: written support, d: x - o,
# z: no written window counted; wf: log10 frequency of the word meant; of: log2 frequency of the
# pair written, as a word of jieba's (+1, 0 for none).
FEATURES = ("bias",
            *(f"{t}{f}{n}" for t in "tj" for n in (2, 3, 4) for f in ("x", "o", "d", "d+", "z")),
            "wf", "of", "oword", "rare")


class PairCandidate(NamedTuple):
    """A suspected wrong pair at `index` of the text, the word meant, and the score (log-odds)."""

    index: int
    wrong: str
    right: str
    score: float


class PairScanner:
    """Two-character words by their toneless syllables, and each character's toneless readings."""

    def __init__(self, scanner: Scanner, freq: dict[str, int], readings: dict[str, list[str]],
                 weights: np.ndarray) -> None:
        self.scanner = scanner
        self.weights = weights.astype(np.float32)
        syllables: dict[str, int] = {}
        # Each character's toneless readings as syllable ids, at most `width` of them (-1 for none).
        toneless = {ch: sorted({r.rstrip("012345") for r in rs}) for ch, rs in readings.items() if rs}
        for rs in toneless.values():
            for r in rs:
                syllables.setdefault(r, len(syllables))
        self.width = max((len(rs) for rs in toneless.values()), default=1)
        self.reading = np.full((N_CODES + 1, self.width), -1, dtype=np.int64)
        for ch, rs in toneless.items():
            o = ord(ch) - BASE
            if 0 < o <= N_CODES:
                self.reading[o, :len(rs)] = [syllables[r] for r in rs]
        # The words, sorted by the key of their usual syllables (first reading), as flat arrays.
        n_syl = max(len(syllables), 1)
        self.n_syl = n_syl
        keys, firsts, seconds, logf = [], [], [], []
        for w, f in freq.items():
            if len(w) != 2 or f < MIN_FREQ:
                continue
            ra, rb = readings.get(w[0]), readings.get(w[1])
            a, b = ord(w[0]) - BASE, ord(w[1]) - BASE
            if not ra or not rb or not (0 < a <= N_CODES and 0 < b <= N_CODES):
                continue
            keys.append(syllables[ra[0].rstrip("012345")] * n_syl + syllables[rb[0].rstrip("012345")])
            firsts.append(a)
            seconds.append(b)
            logf.append(math.log10(f))
        order = np.argsort(np.array(keys, dtype=np.int64), kind="stable")
        self.key = np.array(keys, dtype=np.int64)[order]
        self.first = np.array(firsts, dtype=np.int64)[order]
        self.second = np.array(seconds, dtype=np.int64)[order]
        self.logf = np.array(logf, dtype=np.float32)[order]
        # The words of syllables key k are at offsets[k]:offsets[k + 1] (a dense table: ~400² keys).
        self.offsets = np.concatenate([[0], np.cumsum(np.bincount(self.key, minlength=n_syl * n_syl))])
        self.char_weight = scanner.char_weight

    def candidates(self, c: np.ndarray, examine: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every (position, word index) with the characters at position and position + 1 of codes
        `c` both examined, readable as the word's syllables, and both different from the word's."""
        both = np.nonzero(examine[:-1] & examine[1:] & (c[:-1] > 0) & (c[1:] > 0) & ~_parallel(c))[0]
        if len(both) == 0 or len(self.key) == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        ra, rb = self.reading[c[both]], self.reading[c[both + 1]]
        pos_parts, word_parts = [], []
        for i in range(self.width):
            for j in range(self.width):
                ok = (ra[:, i] >= 0) & (rb[:, j] >= 0)
                if not ok.any():
                    continue
                at = both[ok]
                key = ra[ok, i] * self.n_syl + rb[ok, j]
                lo = self.offsets[key]
                reps = self.offsets[key + 1] - lo
                pos_parts.append(np.repeat(at, reps))
                word_parts.append(np.repeat(lo - (np.cumsum(reps) - reps), reps) + np.arange(int(reps.sum())))
        if not pos_parts:  # no examined pair has readings for both its characters (同一, 龘龘)
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        pos, word = np.concatenate(pos_parts), np.concatenate(word_parts)
        keep = (self.first[word] != c[pos]) & (self.second[word] != c[pos + 1])
        return pos[keep], word[keep]

    def _support(self, table, as_written: dict[int, np.ndarray], cp: np.ndarray, ii: np.ndarray,
                 x0: np.ndarray, x1: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Summed log2 counts (+1, 0 when absent) of the n-character windows over the pair at `ii`
        of the padded codes `cp`, corrected to (`x0`, `x1`) and as written."""
        x_sup = np.zeros(len(ii), dtype=np.float32)
        o_sup = np.zeros(len(ii), dtype=np.float32)
        for k in range(-1, n):  # the pair's first character at place k of the window (-1: before it)
            a = ii - k
            parts = [x0 if j == k else x1 if j == k + 1 else cp[a + j] for j in range(n)]
            ok = np.logical_and.reduce([p > 0 for p in parts])
            v = table.log2_counts(pack(parts)) + 1
            v[~ok] = 0
            x_sup += v
            o_sup += as_written[n][a] + 1
        return x_sup, o_sup

    def features(self, text: str, cp: np.ndarray, pos: np.ndarray, word: np.ndarray,
                 written: _Written) -> np.ndarray:
        """One row per candidate (pair at `pos` of `text`, padded codes `cp`, word index `word`)."""
        ii = pos + PAD
        x0, x1 = self.first[word].astype(np.uint64), self.second[word].astype(np.uint64)
        cols: dict[str, np.ndarray] = {"bias": np.ones(len(pos), dtype=np.float32)}
        sc = self.scanner
        for name, table, as_written in (("t", sc.table, written.table), ("j", sc.words, written.words)):
            for n in (2, 3, 4):
                x_sup, o_sup = self._support(table, as_written, cp, ii, x0, x1, n)
                d = x_sup - o_sup
                cols[f"{name}x{n}"], cols[f"{name}o{n}"], cols[f"{name}d{n}"] = x_sup, o_sup, d
                cols[f"{name}d+{n}"] = np.maximum(d, 0)
                cols[f"{name}z{n}"] = (o_sup == 0).astype(np.float32)
        cols["wf"] = self.logf[word]
        # The pair as written: log2 of its frequency as a word of jieba's (+1; 0 for no word).
        of = np.maximum(written.words[2][ii], -1.0) + 1
        cols["of"], cols["oword"] = of, (of > 0).astype(np.float32)
        weight = self.char_weight
        cols["rare"] = (np.maximum(0.0, RARE - weight[cp[ii].astype(np.int64)])
                        + np.maximum(0.0, RARE - weight[cp[ii + 1].astype(np.int64)])).astype(np.float32)
        return np.stack([cols[f] for f in FEATURES], axis=1)

    def shortlist(self, text: str, examine: np.ndarray, prepared: Prepared | None = None,
                  every: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The candidates of `text` worth scoring (positions, word indexes) and their features;
        `every` (for fitting the weights) keeps them all."""
        c, cp, written = prepared or self.scanner.prepared(text)
        pos, word = self.candidates(c, examine)
        if not every:
            # Only a word that official text writes with its neighbours more often than the pair as
            # written is scored: under 4% of the candidates. The weights are fitted on all of them,
            # and on odw.train none of the others reaches the threshold.
            x_sup, o_sup = self._support(self.scanner.table, written.table, cp, pos + PAD,
                                         self.first[word].astype(np.uint64),
                                         self.second[word].astype(np.uint64), 2)
            better = x_sup > o_sup
            pos, word = pos[better], word[better]
        return pos, word, self.features(text, cp, pos, word, written)

    def scan(self, text: str, examine: np.ndarray, threshold: float,
             prepared: Prepared | None = None) -> list[PairCandidate]:
        """The best word for each pair whose score reaches `threshold`."""
        pos, word, X = self.shortlist(text, examine, prepared)
        score = X @ self.weights
        keep = score >= threshold
        pos, word, score = pos[keep], word[keep], score[keep]
        best: dict[int, PairCandidate] = {}
        for j in np.lexsort((-score, pos)):
            p = int(pos[j])
            if p not in best:
                w = int(word[j])
                right = chr(int(self.first[w]) + BASE) + chr(int(self.second[w]) + BASE)
                best[p] = PairCandidate(p, text[p:p + 2], right, float(score[j]))
        return list(best.values())


def _parallel(c: np.ndarray) -> np.ndarray:
    """Where the pair at each position (but the last) repeats a character of its neighbours as
    units of a parallel phrase do (整县整市, 标准化规范化): written so on purpose, no slip."""
    n = len(c)
    out = np.zeros(max(n - 1, 0), dtype=bool)
    if n < 3:
        return out
    # c[p - 2] == c[p]: the unit before begins as this one does (整县整市 at 整市).
    out[2:] |= (c[:n - 3] == c[2:n - 1]) & (c[2:n - 1] > 0)
    # c[p + 2] == c[p]: the unit after begins as this one does (整县整市 at 整县).
    out[:n - 2] |= (c[2:] == c[:n - 2]) & (c[:n - 2] > 0)
    # c[p - 1] == c[p + 2]: the pair between two of one character (国潮化时尚化 at 时尚).
    out[1:n - 2] |= (c[:n - 3] == c[3:]) & (c[3:] > 0)
    return out
