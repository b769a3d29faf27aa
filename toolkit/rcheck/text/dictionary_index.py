"""Cutting a few short texts without building jieba's whole dictionary.

rjieba compiles its dictionary of 349,046 words on first use (≈120 ms, 24 MiB): more than the
rest of a cold `rcheck lint` when one doubled word makes W101 ask for the words around it. With
HMM off, the cut of a text reads only the dictionary words that occur in it, their frequencies
and the total of all frequencies. So an empty rjieba given exactly those words, and one stand-in
word that holds the rest of the total, cuts the text as the full dictionary does.

The words are found in a shipped index (`tools/build_tokenizer_index.py`: sorted 64-bit keys of
every word of jieba's dict.txt with its frequency, and of every string a longer word begins
with), looked up at each place of the text for longer and longer strings while a word can still
begin with them. The lexicon's own words are added in their order, each with the frequency
rjieba suggests for it (read from the same partial dictionary, which holds every word inside
it), so they weigh what they weigh in the full one. A key is a 64-bit hash: a substring that is
no word shares a word's key with a chance of about 2·10⁻¹⁴.

Worth it for a few thousand characters; `tokenize.py` builds the full dictionary after that.
"""

from __future__ import annotations

import json
import mmap
import sys
import threading
from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "data"
KEYS, FREQS, META = "tokenizer_keys.bin", "tokenizer_freqs.bin", "tokenizer_index.json"
LONGER = 1 << 31  # the flag of a string that a longer word begins with
# Holds the rest of the dictionary's total; no draft writes these noncharacters.
_STAND_IN = "\U000ffffd\U000ffffc\U000ffffb\U000ffffa"


try:  # hashlib's own import loads OpenSSL (≈5 ms); BLAKE2 is built in
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - an interpreter without the module
    from hashlib import blake2b


def key(text: str) -> int:
    # A lone surrogate (a JSON "\ud800" escape) is no word: encoded as is, it only misses.
    return int.from_bytes(blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


class _Index:
    __slots__ = ("freqs", "keys", "total")

    def __init__(self, keys: Sequence[int], freqs: Sequence[int], total: int) -> None:
        self.keys, self.freqs, self.total = keys, freqs, total

    def entry(self, text: str) -> int:
        """The word's frequency + 1 (0: no word), with LONGER set when a longer word begins
        with it; 0 for a string neither a word nor the start of one."""
        k = key(text)
        i = bisect_left(self.keys, k)
        return self.freqs[i] if i < len(self.keys) and self.keys[i] == k else 0


@lru_cache(maxsize=1)
def _index() -> _Index | None:
    """The shipped index, or None when it is missing, damaged or built for another rjieba."""
    try:
        meta: dict[str, Any] = json.loads((DATA / META).read_text(encoding="utf-8"))
        if not _installed("rjieba", str(meta.get("rjieba"))):
            return None
        keys, freqs = _read(DATA / KEYS, "Q"), _read(DATA / FREQS, "I")
    except (OSError, ValueError, TypeError):  # missing, empty, or not whole numbers
        return None
    if len(keys) != meta.get("keys") or len(freqs) != len(keys):
        return None
    return _Index(keys, freqs, int(meta["total"]))


def release() -> None:
    """Let the index go once the whole dictionary is built (a partial dictionary still
    holding it keeps it until it goes too)."""
    _index.cache_clear()


def _read(path: Path, code: str) -> Sequence[int]:
    """The file's little-endian numbers, memory-mapped: a lookup reads a few pages, not 6 MB."""
    with path.open("rb") as f:
        if sys.byteorder != "little":
            from array import array

            numbers = array(code)
            numbers.frombytes(f.read())
            numbers.byteswap()
            return numbers
        return memoryview(mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)).cast(code)


def _installed(package: str, version: str) -> bool:
    """Whether `package` is installed at `version`: its metadata folder beside it says so with
    one look (importlib.metadata takes ≈25 ms to start), asked properly when it is elsewhere."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    if spec is None or not spec.origin:
        return False
    site = Path(spec.origin).parent.parent
    if (site / f"{package}-{version}.dist-info").is_dir():
        return True
    import importlib.metadata

    try:
        return importlib.metadata.version(package) == version
    except importlib.metadata.PackageNotFoundError:
        return False


class PartialDictionary:
    """An rjieba `Jieba` holding the dictionary words of the texts it has cut so far."""

    def __init__(self, jieba_class: type, index: _Index, words: tuple[str, ...]) -> None:
        self._index = index
        self._jieba = jieba_class.empty()
        self._held: dict[str, int] = {}  # word -> frequency, as the full dictionary has it now
        self._seen: dict[str, int] = {}  # string -> its index entry, for those looked up
        self._held_sum = 0
        self._total = index.total  # the full dictionary's total, lexicon words included
        self._stand_in = -1
        self._lock = threading.Lock()
        for w in words:  # as `Jieba().add_word(w, None, None)` for each, in order
            if not w:
                continue
            self._hold(w)
            self._balance()
            old = self._held.get(w, 0)
            freq = self._jieba.add_word(w, None, None)
            self._held[w] = freq
            self._held_sum += freq - old
            self._total += freq - old
        self._balance()

    @classmethod
    def create(cls, jieba_class: type, words: tuple[str, ...]) -> PartialDictionary | None:
        index = _index()
        return cls(jieba_class, index, words) if index is not None else None

    def tokenize(self, text: str) -> list[tuple[str, int, int]] | None:
        """rjieba's `tokenize(text, "default", False)`; None for a text holding the stand-in."""
        if _STAND_IN in text:
            return None
        with self._lock:
            try:
                self._hold(text)
            finally:  # whatever was added, the total stays the whole dictionary's
                self._balance()
            return self._jieba.tokenize(text, "default", False)

    def _hold(self, text: str) -> None:
        """Add every dictionary word inside `text` not held yet."""
        held, seen, entry = self._held, self._seen, self._index.entry
        n = len(text)
        for i in range(n):
            for j in range(i + 1, n + 1):
                w = text[i:j]
                e = seen.get(w)
                if e is None:
                    e = seen[w] = entry(w)
                if e & ~LONGER and w not in held:
                    f = (e & ~LONGER) - 1
                    held[w] = f
                    self._held_sum += f
                    self._jieba.add_word(w, f, None)
                if not e & LONGER:
                    break

    def _balance(self) -> None:
        rest = self._total - self._held_sum
        if rest != self._stand_in:
            self._jieba.add_word(_STAND_IN, rest, None)
            self._stand_in = rest
