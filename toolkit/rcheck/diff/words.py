"""The word diff: both texts cut into jieba words, each word one character, and rapidfuzz's
Levenshtein opcodes give an optimal alignment in C."""


from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rcheck.text.tokenize import Tokenizer
from rcheck.diff.result import NUMBER, Change

# --- word diff ---------------------------------------------------------------------------------


def _words(text: str, tokenizer: Tokenizer) -> list[tuple[str, int, int]]:
    """jieba words with decimals joined: jieba cuts `1.5` into `1`, `.`, `5`."""
    out: list[tuple[str, int, int]] = []
    for t in tokenizer.tokenize(text):
        if (len(out) >= 2 and out[-1][0] == "." and NUMBER.fullmatch(t.word)
                and NUMBER.fullmatch(out[-2][0].replace(".", "")) and out[-2][2] == out[-1][1]):
            dot = out.pop()
            head = out.pop()
            out.append((head[0] + dot[0] + t.word, head[1], t.end))
        else:
            out.append((t.word, t.start, t.end))
    return out


class WordCodes:
    """Each distinct word becomes one integer, so rapidfuzz aligns plain sequences. Integers,
    not characters: a long table of numbers has more distinct words than Unicode has code
    points."""

    def __init__(self) -> None:
        self._codes: dict[str, int] = {}

    def encode(self, words: list[tuple[str, int, int]]) -> list[int]:
        codes = self._codes
        out = []
        for w, _, _ in words:
            c = codes.get(w)
            if c is None:
                c = codes[w] = len(codes)
            out.append(c)
        return out


def word_diff(old_text: str, new_text: str, *, old_offset: int = 0, new_offset: int = 0,
              tokenizer: Tokenizer | None = None, codes: WordCodes | None = None) -> list[Change]:
    """Word-level changes between two texts, each a maximal run of words replaced, inserted or
    deleted; offsets are shifted by `old_offset`/`new_offset`."""
    if old_text == new_text:
        return []
    from rapidfuzz.distance import Levenshtein

    if tokenizer is None:
        from rcheck.text.tokenize import get_tokenizer

        tokenizer = get_tokenizer("rjieba")
    codes = codes or WordCodes()
    a, b = _words(old_text, tokenizer), _words(new_text, tokenizer)
    # Levenshtein, not Indel: its opcodes come from a bit-parallel, linear-memory alignment
    # (Hirschberg on long inputs), where Indel's need a quadratic matrix.
    ops = Levenshtein.opcodes(codes.encode(a), codes.encode(b))
    out: list[Change] = []
    run: list[int] | None = None  # [a_from, a_to, b_from, b_to] in word indices

    def flush() -> None:
        a0, a1, b0, b1 = run
        if a0 < a1:
            os_, oe = a[a0][1], a[a1 - 1][2]
        else:
            os_ = oe = a[a0][1] if a0 < len(a) else len(old_text)
        if b0 < b1:
            ns, ne = b[b0][1], b[b1 - 1][2]
        else:
            ns = ne = b[b0][1] if b0 < len(b) else len(new_text)
        op = "replace" if a0 < a1 and b0 < b1 else "delete" if a0 < a1 else "insert"
        out.append(Change(op, old_text[os_:oe], new_text[ns:ne], os_ + old_offset,
                          oe + old_offset, ns + new_offset, ne + new_offset))

    for op in ops:
        if op.tag == "equal":
            if run is not None:
                flush()
                run = None
            continue
        if run is None:
            run = [op.src_start, op.src_end, op.dest_start, op.dest_end]
        else:
            run[1], run[3] = op.src_end, op.dest_end
    if run is not None:
        flush()
    return out
