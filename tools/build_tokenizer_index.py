"""Build the index of jieba's dictionary that lets a short run cut words without loading it.

    python tools/build_tokenizer_index.py [--out DIR]

Reads `dict.txt` of the installed jieba package (MIT; the dictionary rjieba, jieba-rs, compiles
into itself) and writes, under toolkit/rcheck/data/:
- `tokenizer_keys.bin`: the key of each word and of each string that begins a longer word,
  uint64 little-endian, sorted (the first 8 bytes of BLAKE2b over the string's UTF-8, read
  little-endian: `rcheck.text.dictionary_index.key`);
- `tokenizer_freqs.bin`: for each key, uint32 little-endian, in the same order: the word's
  frequency + 1 (0 for a string that is no word), with the top bit set when a longer word
  begins with it (a lookup of longer strings at that place can stop where it is clear);
- `tokenizer_index.json`: the word and key counts, the frequency total, the
  sha256 of dict.txt, and the jieba and rjieba versions it was checked against.

No two strings share a key (checked here). A word written twice in dict.txt keeps its last
frequency, as rjieba keeps it. Same dict.txt, same bytes. Before writing, every word is checked
to be known to rjieba's own dictionary (`has_word`); that the cut is the same is pinned by
tests/test_dictionary_index.py.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import sys
from array import array
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "toolkit"))

from rcheck.text.dictionary_index import DATA, FREQS, KEYS, LONGER, META, key  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA, help="folder to write to (default: the package's)")
    out: Path = parser.parse_args(argv).out
    from rcheck.wrongchar import _jieba_dict  # where W105 reads the same dict.txt

    raw = _jieba_dict().read_bytes()
    freqs: dict[str, int] = {}
    for line in raw.decode("utf-8").split("\n"):
        if line.strip():
            word, freq = line.split(" ")[:2]
            freqs[word] = int(freq)
    from rcheck.text.tokenize import _rjieba_class

    full = _rjieba_class()()
    unknown = [w for w in freqs if not full.has_word(w)]
    if unknown:
        raise SystemExit(f"rjieba does not know {len(unknown)} words of dict.txt, e.g. {unknown[:5]}")
    prefixes = {w[:n] for w in freqs for n in range(1, len(w))}
    if max(freqs.values()) + 1 >= LONGER or min(freqs.values()) < 0:
        raise SystemExit("a frequency does not fit 31 bits")
    pairs = sorted((key(s), (freqs[s] + 1 if s in freqs else 0) | (LONGER if s in prefixes else 0))
                   for s in freqs.keys() | prefixes)
    if len({k for k, _ in pairs}) != len(pairs):
        raise SystemExit("two strings share a key")
    keys = array("Q", (k for k, _ in pairs))
    counts = array("I", (f for _, f in pairs))
    if sys.byteorder != "little":
        keys.byteswap()
        counts.byteswap()
    out.mkdir(parents=True, exist_ok=True)
    (out / KEYS).write_bytes(keys.tobytes())
    (out / FREQS).write_bytes(counts.tobytes())
    meta = {
        "source": "jieba dict.txt (MIT)",
        "sha256": hashlib.sha256(raw).hexdigest(),
        "jieba": importlib.metadata.version("jieba"),
        "rjieba": importlib.metadata.version("rjieba"),
        "words": len(freqs),
        "keys": len(pairs),
        "total": sum(freqs.values()),
    }
    (out / META).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(freqs)} words, {len(pairs)} keys, total {meta['total']}, written to {out}")


if __name__ == "__main__":
    main()
