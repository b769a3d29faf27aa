"""W105's table of 2–4 character strings counted in public official text (laws and regulations).

A string of Han characters (U+4E00–U+9FFF) is its key: each character as 15 bits (its code point
less 0x4DFF, so never 0), packed high to low, so a 2-, 3- and 4-character string get distinct
keys and no two strings share one. The table is two numpy arrays (no pickle): the sorted keys
(uint64) and each count quantised to an eighth of a doubling (uint8, `round(8 * log2(count))`).
Both are memory-mapped on first use; a run without W105 never opens them. Lookups are batched:
a whole run's strings at once, by bisection (`numpy.searchsorted`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import numpy as np

DATA = Path(__file__).with_name("data")
KEYS, COUNTS = "wrongchar_ngram_keys.npy", "wrongchar_ngram_counts.npy"
BASE = 0x4DFF  # code point less this is the character's code: U+4E00 -> 1
LAST = 0x9FFF
BITS = np.uint64(15)
STEPS = 8  # quantisation steps per doubling of the count


def codes(text: str) -> np.ndarray:
    """Each character's code (int64), 0 for a character outside U+4E00–U+9FFF."""
    c = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64) - BASE
    c[(c < 1) | (c > LAST - BASE)] = 0
    return c


def pack(parts: list[np.ndarray]) -> np.ndarray:
    """Keys of strings given as aligned arrays of character codes, first character first."""
    key = np.asarray(parts[0], dtype=np.uint64).copy()
    for part in parts[1:]:
        key <<= BITS
        key |= np.asarray(part, dtype=np.uint64)
    return key


def grams(c: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Keys of every n-character string of the codes `c`, and where all n are Han."""
    m = len(c) - n + 1
    if m <= 0:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=bool)
    parts = [c[j:j + m] for j in range(n)]
    ok = np.logical_and.reduce([p > 0 for p in parts])
    return pack(parts), ok


def quantise(counts: np.ndarray) -> np.ndarray:
    return np.minimum(255, np.rint(STEPS * np.log2(np.maximum(counts, 1)))).astype(np.uint8)


class NgramTable:
    """Counts of strings by key; a key that is not in the table counts 0."""

    def __init__(self, keys: np.ndarray, counts: np.ndarray) -> None:
        self.keys = keys
        self.counts = counts

    def log2_counts(self, keys: np.ndarray) -> np.ndarray:
        """log2 of each key's count (float32), -1 for a string never counted."""
        if len(self.keys) == 0 or len(keys) == 0:
            return np.full(len(keys), -1.0, dtype=np.float32)
        idx = np.searchsorted(self.keys, keys)
        idx[idx >= len(self.keys)] = 0
        found = self.keys[idx] == keys
        q = self.counts[idx].astype(np.float32) / STEPS
        return np.where(found, q, np.float32(-1.0))

    def count(self, text: str) -> float:
        """The (quantised) count of one string of 2–4 Han characters; 0 if never counted."""
        c = codes(text)
        if not 2 <= len(c) <= 4 or not c.all():
            return 0.0
        v = float(self.log2_counts(pack([c[j:j + 1] for j in range(len(c))]))[0])
        return 0.0 if v < 0 else 2.0 ** v


@lru_cache(maxsize=1)
def load_table() -> NgramTable:
    """The shipped table, memory-mapped (an empty one when the files are missing)."""
    keys_path, counts_path = DATA / KEYS, DATA / COUNTS
    if not keys_path.is_file() or not counts_path.is_file():
        return NgramTable(np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.uint8))
    return NgramTable(np.load(keys_path, mmap_mode="r"), np.load(counts_path, mmap_mode="r"))
