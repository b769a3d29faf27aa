"""Words swapped by article spinners (洗稿工具): 消防平安 for 消防安全, 规那么 for 规则.

Template sites run drafts through synonym tables to dodge duplicate checks. The swapped word is
usually a real word, so it is found by its collocation: a `before`/`after` neighbour that only
the original word takes (data: `lexicons/spinner.toml`). A draft with several such sure swaps has
been spun as a whole, and then every other occurrence of a swap marked `anywhere` is reported
too, without a fix: a person decides those.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rcheck.lexicon import Lexicon, PhraseMatcher

_FILE = "spinner"


@dataclass(frozen=True)
class Swap:
    spun: str
    original: str
    anywhere: bool


@dataclass(frozen=True)
class SpunWord:
    start: int  # the swapped word itself, not its neighbour
    end: int
    swap: Swap
    sure: bool  # found by its collocation; False: only because the whole draft is spun


@dataclass(frozen=True)
class _Data:
    swaps: tuple[Swap, ...]
    sure: PhraseMatcher  # phrase -> (swap index, offset of the spun word in the phrase)
    words: PhraseMatcher  # spun word -> swap index, for spun drafts
    keep: PhraseMatcher  # real words that contain a spun one
    draft_min: int


@lru_cache(maxsize=8)
def _data(lexicon: Lexicon) -> _Data:
    # The entries' types were checked when the lexicon was loaded (lexicon.SCHEMA["spinner"]).
    swaps: list[Swap] = []
    sure: list[tuple[str, tuple[int, int]]] = []
    words: list[tuple[str, int]] = []
    keep: list[tuple[str, int]] = []
    for i, e in enumerate(lexicon.tables(_FILE, "swap")):
        spun = e["spun"]
        swap = Swap(spun, e["original"], e.get("anywhere", False))
        swaps.append(swap)
        if e.get("sure", False):
            sure.append((spun, (i, 0)))
        for b in e.get("before", []):
            sure.append((b + spun, (i, len(b))))
        for a in e.get("after", []):
            sure.append((spun + a, (i, 0)))
        words.append((spun, i))
        keep.extend((k, i) for k in e.get("keep", []))
    draft_min = lexicon.get(_FILE).get("spun_draft_min", 2)
    return _Data(tuple(swaps), PhraseMatcher(sure), PhraseMatcher(words), PhraseMatcher(keep), draft_min)


def find_spun(text: str, lexicon: Lexicon) -> list[SpunWord]:
    """Swapped words in `text`, in order; sure ones first found by collocation."""
    data = _data(lexicon)
    kept = [(s, e, i) for s, e, i in data.keep.finditer(text)]

    def inside_keep(start: int, end: int, i: int) -> bool:
        return any(ks <= start and end <= ke and ki == i for ks, ke, ki in kept)

    found: dict[tuple[int, int], SpunWord] = {}
    for start, _end, (i, offset) in data.sure.finditer(text):
        swap = data.swaps[i]
        s = start + offset
        e = s + len(swap.spun)
        if not inside_keep(s, e, i):
            found.setdefault((s, e), SpunWord(s, e, swap, True))
    if len(found) >= data.draft_min:
        for s, e, i in data.words.finditer(text):
            swap = data.swaps[i]
            if swap.anywhere and (s, e) not in found and not inside_keep(s, e, i):
                found[(s, e)] = SpunWord(s, e, swap, False)
    # Overlapping matches (规那么 inside 有那么改之…): the first, longest one stands.
    out: list[SpunWord] = []
    for w in sorted(found.values(), key=lambda w: (w.start, -(w.end - w.start))):
        if not out or w.start >= out[-1].end:
            out.append(w)
    return out
