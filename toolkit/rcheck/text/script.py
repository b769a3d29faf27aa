"""Traditional and Simplified characters: one lexicon serves drafts written in either.

A Traditional draft is read through a Simplified view of the same length (OpenCC,
character for character), so every offset found in the view holds in the draft.
"""

from __future__ import annotations

from functools import lru_cache

# Characters common in Traditional text and absent from Simplified: a cheap first test.
_TRADITIONAL_HINTS = frozenset(
    "們與會這為發開關點務進設實總結報過時說對於經檢規劃將參專區縣鄉鎮機構黨織導學習問題"
)


def looks_traditional(text: str) -> bool:
    sample = text[:20000]
    return sum(c in _TRADITIONAL_HINTS for c in sample) >= 3


@lru_cache(maxsize=1)
def _converter():
    import opencc  # only Traditional drafts pay for it

    return opencc.OpenCC("t2s")


def simplified_text(text: str) -> str:
    """`text` with Traditional characters made Simplified, offsets unchanged.

    Not cached here: a draft's view is `Document.simplified`, computed once per document."""
    if not looks_traditional(text):
        return text
    converter = _converter()
    converted = converter.convert(text)
    if len(converted) == len(text):
        return converted
    # A phrase rule changed the length: convert one character at a time instead.
    return "".join(c2 if len(c2 := converter.convert(c)) == 1 else c for c in text)


def as_written(original: str, view: str, word: str | None, lo: int, hi: int) -> str | None:
    """`word`, found in the Simplified view between `lo` and `hi`, as the draft writes it
    (不少于 found in the view of a Traditional draft comes back as 不少於)."""
    if word is None or original is view:
        return word
    at = view.rfind(word, max(0, lo), hi)
    return original[at:at + len(word)] if at >= 0 else word
