"""Build the data of W105 (wrong-character): confusion sets and the project's n-gram table.

Reproducible: the same inputs give the same files, byte for byte.

    pip install pypinyin && pip install --no-deps char-similar==0.0.2   # build-time only
    python tools/build_wrongchar_data.py [--odw ../shared/ecspell/odw.train]

Inputs and licences (README, W105):
- jieba's dict.txt (MIT; installed with rcheck): which characters are common (summed word frequency).
- pypinyin 0.55 (MIT): readings of each character, for the similar-sound sets.
- char-similar 0.0.2 (Apache-2.0): each character's components (char_stroke.dict), for the
  similar-shape sets.
- tools/wrongchar_shape_pairs.txt (the project's): groups of look-alike characters those
  components miss (人/入, 货/贷), added to the similar-shape sets.
- ECSpell odw.train (MIT, aopolin-lv/ECSpell): the wrong/right character pairs it labels
  (observed confusions) and its corrected sentences, counted as text. Never odw.test.
- samples/*.txt: the project's own drafts, counted as text.

Outputs in toolkit/rcheck/data/:
- wrongchar_confusions.tsv: char, same-sound chars (tone ignored), near-sound chars
  (z/zh c/ch s/sh n/l an/ang en/eng in/ing), similar-shape chars, chars odw.train saw
  it written for, and the character's weight (log10 of the summed frequency of jieba's words
  that contain it), its readings with tones (pypinyin, the usual one first).
- wrongchar_ngrams.tsv: 2–4 character strings seen at least twice in that text with their
  counts: domain phrases jieba's dictionary lacks.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import re
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "toolkit" / "rcheck" / "data"
N_COMMON = 6000  # characters kept: the most frequent in jieba's dictionary
MAX_SHARED = 30  # a component in more characters than this is a radical, no likeness
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_NUMERALS = set("〇一二三四五六七八九十百千万亿零两")


def _package_file(package: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"需要先安装 {package} / install {package} first (build-time only)")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def common_chars() -> tuple[list[str], Counter[str]]:
    weight: Counter[str] = Counter()
    with _package_file("jieba", "dict.txt").open(encoding="utf-8") as f:
        for line in f:
            word, freq, _ = line.split(" ")
            for ch in set(word):
                if "\u4e00" <= ch <= "\u9fff":
                    weight[ch] += int(freq)
    ranked = sorted(weight, key=lambda c: (-weight[c], c))
    return ranked[:N_COMMON], weight


_FUZZY = [("zh", "z"), ("ch", "c"), ("sh", "s"), ("ang", "an"), ("eng", "en"), ("ing", "in")]


def _fuzzy(reading: str) -> str:
    for a, b in _FUZZY:
        reading = reading.replace(a, b)
    if reading.startswith("n"):
        reading = "l" + reading[1:]
    return reading


def readings_of(chars: list[str], tones: bool = False) -> dict[str, list[str]]:
    """Readings as pypinyin gives them, the usual one first; with tone numbers (bu4) or without."""
    from pypinyin import Style, pinyin

    style = Style.TONE3 if tones else Style.NORMAL
    return {c: list(dict.fromkeys(pinyin(c, style=style, heteronym=True, neutral_tone_with_five=True)[0]))
            for c in chars}


def sound_sets(readings: dict[str, list[str]]) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    by_reading: dict[str, set[str]] = defaultdict(set)
    by_fuzzy: dict[str, set[str]] = defaultdict(set)
    for c, rs in readings.items():
        for r in rs:
            by_reading[r].add(c)
            by_fuzzy[_fuzzy(r)].add(c)
    same, near = {}, {}
    for c, rs in readings.items():
        s = set().union(*(by_reading[r] for r in rs)) - {c}
        n = set().union(*(by_fuzzy[_fuzzy(r)] for r in rs)) - s - {c}
        same[c], near[c] = s, n
    return same, near


def _near_strokes(strokes: dict[str, str], min_len: int) -> dict[str, set[str]]:
    """Characters whose stroke sequences are one edit apart (木/本, 己/已), by the deletion neighbourhood."""
    by_key: dict[str, set[str]] = defaultdict(set)
    for c, seq in strokes.items():
        if len(seq) >= min_len:
            by_key[seq].add(c)
            for k in range(len(seq)):
                by_key[seq[:k] + "?" + seq[k + 1:]].add(c)  # one stroke changed
                by_key[seq[:k] + seq[k + 1:]].add(c)  # one stroke more or fewer
    out: dict[str, set[str]] = defaultdict(set)
    for group in by_key.values():
        if len(group) <= 12:  # a huge group is a common stem, no likeness
            for c in group:
                out[c] |= group - {c}
    return out


def shape_sets(chars: list[str]) -> dict[str, set[str]]:
    """Shape neighbours: the same components but one, where a shared one is distinctive (银/很 share
    艮, 常/堂 share 尚; sharing only 亻 or 氵 is no likeness) or the differing ones are one stroke
    apart (休/体: 木/本); one component more (呆/保); or stroke sequences one stroke apart (己/已)."""
    data = _package_file("char_similar", "data")
    parts = json.loads((data / "char_stroke.dict").read_text(encoding="utf-8"))
    strokes = json.loads((data / "char_order.dict").read_text(encoding="utf-8"))
    common = set(chars)
    comp = {c: tuple(parts[c]) for c in chars if c in parts and len(parts[c]) >= 2}
    used: Counter[str] = Counter(x for p in comp.values() for x in set(p))
    part_near = _near_strokes({x: strokes[x] for x in used if x in strokes}, 2)
    by_hole: dict[tuple[int, tuple[str, ...]], set[str]] = defaultdict(set)
    for c, p in comp.items():
        for k in range(len(p)):
            by_hole[(k, (*p[:k], "?", *p[k + 1:]))].add(c)
    out: dict[str, set[str]] = defaultdict(set)
    for (k, holed), group in by_hole.items():
        distinctive = any(used[x] <= MAX_SHARED for x in holed if x != "?")
        for c in group:
            for d in group - {c}:
                if distinctive or comp[d][k] in part_near.get(comp[c][k], ()):
                    out[c].add(d)
    for c, p in comp.items():
        if len(p) == 2:
            for inner in p:
                if inner in common and inner != c and used[inner] <= MAX_SHARED:
                    out[c].add(inner)
                    out[inner].add(c)
    for c, near in _near_strokes({c: strokes[c] for c in chars if c in strokes}, 3).items():
        out[c] |= near & common
    for group in listed_shapes():
        for c in group:
            out[c] |= set(group) - {c}
    return out


def listed_shapes() -> list[str]:
    """The groups of look-alike characters in tools/wrongchar_shape_pairs.txt."""
    lines = (ROOT / "tools" / "wrongchar_shape_pairs.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def read_odw(path: Path) -> tuple[dict[str, Counter[str]], list[str]]:
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    targets: list[str] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            _, src, tgt = line.rstrip("\n").split("\t")
            targets.append(tgt)
            if len(src) == len(tgt):
                for a, b in zip(src, tgt, strict=True):
                    if a != b:
                        seen[a][b] += 1
    return seen, targets


def ngram_counts(texts: list[str]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text in texts:
        for run in _HAN.findall(text):
            for n in (2, 3, 4):
                for i in range(len(run) - n + 1):
                    counts[run[i:i + n]] += 1
    return counts


def _read(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "utf-16", "gb18030"):  # samples include GBK and UTF-16 drafts on purpose
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return ""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--odw", type=Path, default=ROOT.parent / "shared" / "ecspell" / "odw.train")
    args = ap.parse_args()
    chars, weight = common_chars()
    same, near = sound_sets(readings_of(chars))
    readings = readings_of(chars, tones=True)
    shape = shape_sets(chars)
    seen, targets = read_odw(args.odw)
    OUT.mkdir(parents=True, exist_ok=True)
    common = set(chars)

    def keep(s: set[str] | Counter[str]) -> str:
        return "".join(sorted(c for c in s if c in common and c not in _NUMERALS))

    lines = ["# char\tsame-sound\tnear-sound\tshape\tseen (odw.train)\tweight (log10 of the summed jieba"
             " frequency of the words with the char)\treadings with tones"
             " — built by tools/build_wrongchar_data.py"]
    for c in sorted(common | set(seen)):
        if c in _NUMERALS:
            continue
        row = [keep(same.get(c, set())), keep(near.get(c, set())), keep(shape.get(c, set())),
               keep(seen.get(c, Counter()))]
        if any(row):
            lines.append("\t".join([c, *row, f"{math.log10(weight[c] + 1):.1f}",
                                     " ".join(readings.get(c, ()))]))
    (OUT / "wrongchar_confusions.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    texts = list(targets)
    for p in sorted((ROOT / "samples").glob("*.txt")):
        if p.name.startswith("flawed-"):  # planted faults are not text to learn from
            continue
        texts.append(_read(p))
    counts = ngram_counts(texts)
    rows = [f"{g}\t{n}" for g, n in sorted(counts.items()) if n >= 2]
    (OUT / "wrongchar_ngrams.tsv").write_text(
        "# string\tcount in odw.train targets and samples/ — built by tools/build_wrongchar_data.py\n"
        + "\n".join(rows) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
