"""Formulations that are not written as any listed wrong form, for W102.

Three shapes a reviewer catches and an exact list cannot:

- masked or tampered text: a web page hid part of a formulation (`以***新时代中国特色社会主义
  思想`, `党的***五中***精神`, `习新时代中国特色.主义思想`) or a spinner changed a character
  (`新时期中国特点社会主义思想`). Each canonical form is aligned, whole, against the text around
  any of its three-character pieces: a run of mask marks stands for one to six characters, a
  different character (never a numeral: 四中 and 五中 are both right) costs 1, a left-out
  character costs 1 but only beside a mask or a change. Within a small budget, the text is
  that formulation gone wrong, and the canonical text is the fix.
- a leader's name dropped at first mention: the first `总书记` of a draft with nothing but a
  function word or a mark before it.
- congress numbers turned into digits by a converter (`党的109大` for 党的十九大).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from rcheck.lexicon import PhraseMatcher
from rcheck.text import regex as re
from rcheck.text.numerals import CN_NUMERAL_CHARS, DIGIT_STRING

MASK_CHARS = "*＊_＿.．·•/／"
_MASK_RUN = re.compile(f"[{re.escape(MASK_CHARS)}]+")
_NUMERALS = set(CN_NUMERAL_CHARS + "0123456789０１２３４５６７８９")
_MIN_LEN = 6  # shorter canonicals differ from real words by one character too easily
_SUBSTITUTION_MIN_LEN = 10
_MAX_MASK_SPAN = 6


@dataclass(frozen=True)
class Variant:
    start: int
    end: int
    canonical: str
    masked: bool  # the text hides characters (a mask run), not only changed ones
    readings: tuple[str, ...] = ()  # every canonical that fits as well; one means a sure fix


@lru_cache(maxsize=8)
def _anchors(canonicals: tuple[str, ...]) -> PhraseMatcher:
    pieces: dict[str, list[tuple[int, int]]] = {}
    for i, c in enumerate(canonicals):
        if len(c) < _SUBSTITUTION_MIN_LEN:
            continue  # shorter ones are only looked for around mask runs
        # Pieces side by side, not overlapping: a third of the hits to count, and one changed
        # character spoils at most one piece.
        for q in [*range(0, len(c) - 3, 3), len(c) - 3]:
            piece = c[q:q + 3]
            if not any(ch in MASK_CHARS for ch in piece):
                pieces.setdefault(piece, []).append((i, q))
    return PhraseMatcher((p, tuple(v)) for p, v in pieces.items())


def _tokens(window: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_mask) over the window: a mask run is one token, other characters one each."""
    out: list[tuple[int, int, bool]] = []
    i = 0
    while i < len(window):
        m = _MASK_RUN.match(window, i)
        if m:
            out.append((i, m.end(), True))
            i = m.end()
        else:
            out.append((i, i + 1, False))
            i += 1
    return out


def _budget(c: str) -> int:
    """How much tampering a canonical of this length may show and still be recognised."""
    return 1 + len(c) // 8


def _align(c: str, window: str, budget: float) -> tuple[float, int, int, bool] | None:
    """Best alignment of all of `c` against a stretch of `window`: (cost, start, end, masked).

    Dynamic programming over text tokens (free start and end in the window) and characters of
    `c` (all consumed). Flags: 1 a mask or a changed character was used (without one, the
    text is not tampered with), 2 a mask was used."""
    toks = _tokens(window)
    n, m = len(toks), len(c)
    # best[j][i] = (cost, start token, flags) for c[:i] ending before token j
    best: list[dict[int, tuple[float, int, int]]] = [dict() for _ in range(n + 1)]
    for j in range(n + 1):
        best[j][0] = (0.0, j, 0)
    result: tuple[float, int, int, bool] | None = None
    for j in range(n + 1):
        row = best[j]
        # Left-out characters of c (never the first or the last one).
        for i in range(1, m - 1):
            if i in row:
                cost, s, flags = row[i]
                if cost + 1 <= budget:
                    prev = row.get(i + 1)
                    if prev is None or cost + 1 < prev[0]:
                        row[i + 1] = (cost + 1, s, flags)
        if m in row and j > row[m][1]:
            cost, s, flags = row[m]
            # Left-out characters alone are a shorter wording (重要指示精神), not tampering.
            if flags & 1 and (result is None or cost < result[0]):
                result = (cost, toks[s][0], toks[j - 1][1], bool(flags & 2))
        if j == n:
            break
        t0, _t1, is_mask = toks[j]
        nxt = best[j + 1]
        for i, (cost, s, flags) in list(row.items()):
            if i == m:
                continue
            if is_mask:
                for k in range(1, min(_MAX_MASK_SPAN, m - i) + 1):
                    # A little more for each hidden character: of two readings, the one that
                    # matches more of the text stands.
                    new = cost + 0.5 + 0.01 * k
                    if new <= budget and (i + k not in nxt or new < nxt[i + k][0]):
                        nxt[i + k] = (new, s, flags | 3)
                continue
            ch = window[t0]
            if ch == c[i]:
                new, nflags = cost, flags
            elif (m >= _SUBSTITUTION_MIN_LEN and 0 < i < m - 1 and ch not in _NUMERALS
                  and c[i] not in _NUMERALS and "\u4e00" <= ch <= "\u9fff"):
                # Never at either end: a changed first or last character cannot be told from
                # the word beside the formulation.
                # A changed character costs a little more than a left-out one: 习新时代 reads as
                # 习近平 cut short, not as the 习 of 学习 followed by changed characters.
                new, nflags = cost + 1.1, flags | 1
            else:
                continue
            if new <= budget and (i + 1 not in nxt or new < nxt[i + 1][0]):
                nxt[i + 1] = (new, s, nflags)
    return result


@lru_cache(maxsize=8)
def _bigram_index(canonicals: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    index: dict[str, set[int]] = {}
    for i, c in enumerate(canonicals):
        if len(c) >= _MIN_LEN:
            for q in range(len(c) - 1):
                index.setdefault(c[q:q + 2], set()).add(i)
    return {k: tuple(sorted(v)) for k, v in index.items()}


def _line_window(text: str, lo: int, hi: int, anchor: int) -> tuple[str, int]:
    """text[lo:hi] cut to the line that holds `anchor`; returns the window and its offset."""
    lo, hi = max(0, lo), min(len(text), hi)
    cut = text.rfind("\n", lo, anchor)
    if cut >= 0:
        lo = cut + 1
    nl = text.find("\n", anchor, hi)
    if nl >= 0:
        hi = nl
    return text[lo:hi], lo


def _candidates(text: str, canonicals: tuple[str, ...]) -> Iterator[tuple[int, int, int]]:
    """(canonical, window start, window end) worth aligning: around each mask run, for the
    canonicals sharing a character pair with its neighbours; and where several three-character
    pieces of one canonical line up at one place that does not hold it exactly."""
    bigrams = _bigram_index(canonicals)
    for m in _MASK_RUN.finditer(text):
        a, b = m.span()
        if b - a > 12:
            continue
        near = set(bigrams.get(text[max(0, a - 2):a], ())) | set(bigrams.get(text[b:b + 2], ()))
        for i in sorted(near):
            n = len(canonicals[i])
            yield i, a - n - 2, b + n + 2
    votes: dict[tuple[int, int], int] = {}
    for p, _end, hits in _anchors(canonicals).finditer(text):
        for i, q in hits:
            votes[(i, p - q)] = votes.get((i, p - q), 0) + 1
    for (i, at), n in votes.items():
        c = canonicals[i]
        if len(c) < _SUBSTITUTION_MIN_LEN or n < max(2, (len(c) + 2) // 3 - 2):
            continue
        if at < 0 or text.startswith(c, at):
            continue
        # Most such places are a shorter phrase that shares words with the formulation
        # (中国特色社会主义 in a longer canonical): an edit distance in C rules them out first.
        if Levenshtein.distance(c, text[at:at + len(c)], score_cutoff=_budget(c) + 1) > _budget(c) + 1:
            continue
        yield i, at - 2, at + len(c) + 2


def find_variants(text: str, canonicals: tuple[str, ...],
                  exact: list[tuple[int, int]]) -> list[Variant]:
    """Tampered occurrences of `canonicals` in `text`, outside the exact occurrences `exact`."""
    found: dict[tuple[int, int], list[tuple[float, str, bool]]] = {}
    seen: set[tuple[int, int, int]] = set()
    for i, lo, hi in _candidates(text, canonicals):
        if (i, lo, hi) in seen:
            continue
        seen.add((i, lo, hi))
        c = canonicals[i]
        window, off = _line_window(text, lo, hi, min(max(lo, 0) + (hi - lo) // 2, len(text) - 1))
        aligned = _align(c, window, _budget(c))
        if aligned is None:
            continue
        cost, s, e, masked = aligned
        s, e = s + off, e + off
        got = text[s:e]
        if got == c or any(a <= s and e <= b for a, b in exact):
            continue
        if sum(1 for ch in got if ch in c) < max(4, (len(c) - 2) // 2):
            continue
        found.setdefault((s, e), []).append((cost, c, masked))
    # Overlapping candidates: the cheapest, then the longest canonical, stands; canonicals
    # that fit the same text equally well (党的.精神: 十九大 or 二十大) stand together.
    best = {span: min(cands, key=lambda t: (t[0], -len(t[1]))) for span, cands in found.items()}
    ranked = sorted(best.items(), key=lambda kv: (kv[1][0], -len(kv[1][1]), kv[0][0]))
    out: list[Variant] = []
    for (s, e), (cost, c, masked) in ranked:
        if all(e <= v.start or s >= v.end for v in out):
            ties = tuple(dict.fromkeys(t[1] for t in found[(s, e)] if abs(t[0] - cost) < 0.05))
            out.append(Variant(s, e, c, masked, ties))
    return sorted(out, key=lambda v: v.start)


# --------------------------------------------------------------------------- 总书记

_LEADER_TITLE = "总书记"
# What may stand right before a 总书记 whose name was left out: a mark, a line start, or a
# function word (以、在、按照、落实……); a name or another title before it is not a drop.
_BEFORE_DROPPED = re.compile(
    r"(?:^|[\n、，。；：“‘（《\s]|以|在|按照|落实|贯彻|学习|及|和|与|同|对|把|将|向|据|为|是)$")


def dropped_leader(text: str) -> Iterator[tuple[int, int]]:
    """The first 总书记 of the draft when it is not preceded by a name (习近平总书记)."""
    at = text.find(_LEADER_TITLE)
    if at < 0:
        return
    before = text[max(0, at - 4):at]
    if _BEFORE_DROPPED.search(before) or at == 0:
        yield at, at + len(_LEADER_TITLE)


# --------------------------------------------------------------------------- 党的109大

_DIGIT_CONGRESS = re.compile(r"党的([12]\d{1,2})大")
_DIGIT_PLENUM = re.compile(r"([12]\d{1,2})届[1-9]中(?:[、和][1-9]中)*(?=全会|、|和)")
_DIGIT_IN_LIST = re.compile(r"([1-9])中")
_CN = DIGIT_STRING
_NUMERAL_1_99 = re.compile("十[{0}]?|[{1}]十[{0}]?|[{0}]".format(_CN[1:], _CN[2:]))


def _digits_to_numeral(d: str) -> str | None:
    """A Chinese numeral a converter wrote digit by digit: 109 → 十九, 210 → 二十, 2 → 二."""
    out = []
    i = 0
    while i < len(d):
        if d.startswith("10", i):
            out.append("十")
            i += 2
        else:
            if d[i] == "0":
                return None
            out.append(_CN[int(d[i])])
            i += 1
    numeral = "".join(out)
    return numeral if _NUMERAL_1_99.fullmatch(numeral) else None


def digit_sessions(text: str) -> Iterator[tuple[int, int, str]]:
    """Congress and plenum numbers written with converted digits (党的109大, 109届2中、3中全会),
    one finding a phrase, with the fix."""
    for m in _DIGIT_CONGRESS.finditer(text):
        n = _digits_to_numeral(m.group(1))
        if n and n.startswith(("十", "二十")):
            yield m.start(1), m.end(1), n
    for m in _DIGIT_PLENUM.finditer(text):
        if m.start() and (text[m.start() - 1].isdigit() or text[m.start() - 1] == "."):
            continue  # part of a longer number
        n = _digits_to_numeral(m.group(1))
        if not (n and n.startswith(("十", "二十"))):
            continue
        rest = _DIGIT_IN_LIST.sub(lambda d: _CN[int(d.group(1))] + "中", m.group(0)[len(m.group(1)):])
        yield m.start(), m.end(), n + rest
