"""Build W105's n-gram table from public official text: Chinese laws, regulations and judicial
interpretations as collected by the GitHub repository LawRefBook/Laws (Markdown).

    git clone https://github.com/LawRefBook/Laws /path/to/Laws    # once; any later commit works too
    python tools/build_wrongchar_ngrams.py /path/to/Laws

Reproducible: the same checkout gives the same files, byte for byte. The network is never used;
rcheck never reads the corpus, only the table written here.

Licence: laws, regulations, resolutions and decisions of state organs and other documents of a
legislative, administrative or judicial nature, and their official translations, are not
protected by copyright in China (Copyright Law of the PRC, Article 5). Only those folders are read:
the repository's typical cases (案例), guides (其他), templates and scripts are left out. The
repository itself carries no licence file. The text is not shipped: only the counts of strings
of 2 to 4 characters.

How it is counted: every distinct line of the Markdown files once (the collection keeps several
versions of a law, whose unchanged articles would otherwise count many times); in each line every
run of Han characters (U+4E00–U+9FFF), every string of 2, 3 and 4 characters in it. Strings seen
at least MIN_COUNT times are kept, keyed and quantised as `rcheck.wrongchar_table` reads them.

Outputs in toolkit/rcheck/data/: wrongchar_ngram_keys.npy, wrongchar_ngram_counts.npy and
wrongchar_ngrams.json (where the text came from and what was counted).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "toolkit"))

from rcheck.wrongchar_table import COUNTS, DATA, KEYS, codes, grams, quantise  # noqa: E402

MIN_COUNT = 2  # a string seen once may be the corpus's own slip
FOLDERS = ("宪法", "宪法相关法", "民法典", "民法商法", "行政法", "行政法规", "经济法", "社会法", "刑法",
           "诉讼与非诉讼程序法", "司法解释", "部门规章", "DLC")  # laws, regulations, interpretations


def corpus_files(checkout: Path) -> list[Path]:
    files = [p for folder in FOLDERS for p in (checkout / folder).rglob("*.md") if p.name != "_index.md"]
    return sorted(files, key=lambda p: p.relative_to(checkout).as_posix())


def distinct_lines(files: list[Path]) -> list[str]:
    lines: set[str] = set()
    for p in files:
        for line in p.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("<!--"):
                lines.add(line)
    return sorted(lines)


def count(text: str) -> tuple[np.ndarray, np.ndarray, dict[str, int]]:
    """Sorted keys of the strings seen at least MIN_COUNT times, their counts, and how many of each length."""
    c = codes(text)
    keys, counts, sizes = [], [], {}
    for n in (2, 3, 4):
        k, ok = grams(c, n)
        unique, seen = np.unique(k[ok], return_counts=True)
        keep = seen >= MIN_COUNT
        keys.append(unique[keep])
        counts.append(seen[keep])
        sizes[str(n)] = int(keep.sum())
    key = np.concatenate(keys)
    order = np.argsort(key, kind="stable")
    return key[order], np.concatenate(counts)[order], sizes


def _commit(checkout: Path) -> str:
    try:
        out = subprocess.run(["git", "-C", str(checkout), "rev-parse", "HEAD"], capture_output=True,
                             text=True, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("checkout", type=Path, help="a local checkout of github.com/LawRefBook/Laws")
    args = ap.parse_args(argv)
    files = corpus_files(args.checkout)
    if not files:
        print(f"{args.checkout}: no Markdown files in {', '.join(FOLDERS)}", file=sys.stderr)
        return 2
    lines = distinct_lines(files)
    text = "\n".join(lines)
    keys, counts, sizes = count(text)
    np.save(DATA / KEYS, keys, allow_pickle=False)
    np.save(DATA / COUNTS, quantise(counts), allow_pickle=False)
    meta = {
        "source": "https://github.com/LawRefBook/Laws", "commit": _commit(args.checkout),
        "folders": list(FOLDERS), "files": len(files), "distinct_lines": len(lines),
        "han_chars": int((codes(text) > 0).sum()), "min_count": MIN_COUNT, "entries": sizes,
        "licence": "not protected by copyright: Copyright Law of the PRC, Article 5",
    }
    (DATA / "wrongchar_ngrams.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n",
                                                encoding="utf-8")
    print(json.dumps(meta, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
