"""Exact alignment of candidate units (rapidfuzz): the matching spans in both drafts."""


from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rcheck.text.document import Document

if TYPE_CHECKING:
    pass
from rcheck.compare.result import Passage
from rcheck.compare.sketch import (
    _ANCHOR,
    _CLOSING_MARKS,
    _EDGE,
    _GAP,
    _GAP_LONG,
    _LONG_ANCHOR,
    _MARGIN,
    _OPENING_MARKS,
    normalise_lines,
)


@dataclass
class _Segment:
    a0: int
    a1: int
    b0: int
    b1: int


def _segments(a: str, b: str, a_off: int, b_off: int) -> list[_Segment]:
    """Runs of matching text between `a` and `b`: anchors of at least `_ANCHOR` characters in
    an optimal (LCS) alignment, chained while the gaps between them stay small in both."""
    from rapidfuzz.distance import Indel

    chains: list[list[tuple[int, int, int, int]]] = []
    for op in Indel.opcodes(a, b):
        if op.tag != "equal" or op.src_end - op.src_start < _ANCHOR:
            continue
        anchor = (op.src_start + a_off, op.src_end + a_off, op.dest_start + b_off,
                  op.dest_end + b_off)
        last = chains[-1][-1] if chains else None
        # Between two long anchors a longer edit (a reworded clause) still joins them.
        gap = _GAP_LONG if last is not None and min(last[1] - last[0], anchor[1] - anchor[0]) \
            >= _LONG_ANCHOR else _GAP
        if last is not None and anchor[0] - last[1] <= gap and anchor[2] - last[3] <= gap:
            chains[-1].append(anchor)
        else:
            chains.append([anchor])
    out = []
    for chain in chains:
        # A short anchor across a gap at either end is shared phrasing next to the copy
        # (情况报告如下, 工作), not part of it.
        while len(chain) > 1 and _weak(chain[0], chain[1]):
            chain.pop(0)
        while len(chain) > 1 and _weak(chain[-1], chain[-2]):
            chain.pop()
        out.append(_Segment(chain[0][0], chain[-1][1], chain[0][2], chain[-1][3]))
    return out


def _weak(edge: tuple[int, int, int, int], inner: tuple[int, int, int, int]) -> bool:
    if edge[0] < inner[0]:
        gap = max(inner[0] - edge[1], inner[2] - edge[3])
    else:
        gap = max(edge[0] - inner[1], edge[2] - inner[3])
    return edge[1] - edge[0] < 2 * _ANCHOR and gap > 4  # a changed number is a gap of 1-4


def _merge(segments: list[_Segment]) -> list[_Segment]:
    """Segments found from neighbouring units are one passage when they meet in both drafts."""
    out: list[_Segment] = []
    for s in sorted(segments, key=lambda s: (s.a0, s.b0)):
        for m in reversed(out[-4:]):
            if (s.a0 <= m.a1 + _GAP and s.b0 <= m.b1 + _GAP and s.b1 >= m.b0 - _GAP
                    and s.a1 >= m.a0):
                m.a0, m.a1 = min(m.a0, s.a0), max(m.a1, s.a1)
                m.b0, m.b1 = min(m.b0, s.b0), max(m.b1, s.b1)
                break
        else:
            out.append(_Segment(s.a0, s.a1, s.b0, s.b1))
    return out


class _Normalised:
    """A draft's text, its normalised string and the offset of each normalised character."""

    def __init__(self, doc: Document) -> None:
        codes, pos, breaks = normalise_lines(doc.text)
        self.doc = doc
        self.s = codes.tobytes().decode("utf-32-le")
        self.pos = pos
        self.breaks = breaks.tolist()  # paragraph starts, normalised

    def trim(self, n0: int, n1: int) -> tuple[int, int]:
        """Drop a few characters that a passage takes past a paragraph's edge: the number of
        the next heading （二）, the last words of the paragraph before."""
        from bisect import bisect_left, bisect_right

        inside = self.breaks[bisect_right(self.breaks, n0):bisect_left(self.breaks, n1)]
        if inside and inside[0] - n0 < _EDGE:
            n0 = inside[0]
        if inside and n1 - inside[-1] < _EDGE and inside[-1] > n0:
            n1 = inside[-1]
        return n0, n1

    def span(self, n0: int, n1: int) -> tuple[int, int]:
        start = int(self.pos[n0])
        end = int(self.pos[n1 - 1]) + 1
        text = self.doc.text
        while start > 0 and text[start - 1] in _OPENING_MARKS:
            start -= 1
        while end < len(text) and text[end] in _CLOSING_MARKS:
            end += 1
        return start, end


_KEEP = 2048  # normalised drafts kept at most (about 20 KB each for a 5 KB draft)


class NormalisedCache:
    """The normalised drafts a list of pairs needs, each kept while a later pair still needs
    it (at most `limit` at once, the least recently used dropped first): a draft is
    normalised about once however many pairs it is in, and one in a single pair is not kept."""

    def __init__(self, pairs: Iterable[tuple[int, int]], load: Callable[[int], Document],
                 limit: int | None = None) -> None:
        self.left = Counter(d for pair in pairs for d in pair)
        self.load = load
        self.limit = _KEEP if limit is None else limit
        self.kept: OrderedDict[int, _Normalised] = OrderedDict()

    def get(self, d: int) -> _Normalised:
        self.left[d] -= 1
        got = self.kept.pop(d, None)
        if got is None:
            got = _Normalised(self.load(d))
        if self.left[d] > 0:
            self.kept[d] = got
            if len(self.kept) > self.limit:
                self.kept.popitem(last=False)
        return got


_BOUND_CELLS = 4_000_000  # the bound below is checked while both spans are about 2,000 long at most


def _cannot_match(a: _Normalised, b: _Normalised, unit_pairs: list[tuple[int, int, int, int]],
                  min_chars: int) -> bool:
    """Whether no passage of `min_chars` can come out of these unit pairs, for certain.

    Every segment lies inside its units' windows, so every merged (and trimmed) passage lies
    inside the span from the first window to the last, in both drafts; the characters it matches
    are a common subsequence of the two spans. When the longest common subsequence of the spans
    is shorter than `min_chars`, no passage can match enough. Most candidates of a large compare
    are such (unrelated drafts of one genre share a few five-character strings), and this is one
    bit-parallel call instead of an alignment with its list of runs."""
    from rapidfuzz.distance import LCSseq

    if len(unit_pairs) == 1:
        (ua0, ua1, ub0, ub1), = unit_pairs
    else:
        ua0, ua1 = min(u[0] for u in unit_pairs), max(u[1] for u in unit_pairs)
        ub0, ub1 = min(u[2] for u in unit_pairs), max(u[3] for u in unit_pairs)
    a0, a1 = max(0, ua0 - _MARGIN), min(len(a.s), ua1 + _MARGIN)
    b0, b1 = max(0, ub0 - _MARGIN), min(len(b.s), ub1 + _MARGIN)
    if (a1 - a0) * (b1 - b0) > _BOUND_CELLS:
        return False
    return LCSseq.similarity(a.s[a0:a1], b.s[b0:b1], score_cutoff=min_chars) < min_chars


def _passages(a: _Normalised, b: _Normalised, unit_pairs: list[tuple[int, int, int, int]],
              threshold: float, min_chars: int) -> list[Passage]:
    from rapidfuzz.distance import Indel

    if _cannot_match(a, b, unit_pairs, min_chars):
        return []
    segs: list[_Segment] = []
    for ua0, ua1, ub0, ub1 in unit_pairs:
        a0, a1 = max(0, ua0 - _MARGIN), min(len(a.s), ua1 + _MARGIN)
        b0, b1 = max(0, ub0 - _MARGIN), min(len(b.s), ub1 + _MARGIN)
        segs.extend(_segments(a.s[a0:a1], b.s[b0:b1], a0, b0))
    out = []
    for m in _merge(segs):
        m.a0, m.a1 = a.trim(m.a0, m.a1)
        m.b0, m.b1 = b.trim(m.b0, m.b1)
        la, lb = m.a1 - m.a0, m.b1 - m.b0
        if min(la, lb) < min_chars:
            continue
        # The merged span is aligned once more as a whole: its similarity is exact.
        matched = sum(op.src_end - op.src_start
                      for op in Indel.opcodes(a.s[m.a0:m.a1], b.s[m.b0:m.b1])
                      if op.tag == "equal")
        similarity = 2 * matched / (la + lb)
        if matched < min_chars or similarity < threshold:
            continue
        a_start, a_end = a.span(m.a0, m.a1)
        b_start, b_end = b.span(m.b0, m.b1)
        out.append(Passage(a_start, a_end, b_start, b_end, a.doc.text[a_start:a_end],
                           b.doc.text[b_start:b_end], round(float(similarity), 3),
                           a.doc.position(a_start)[0], b.doc.position(b_start)[0], int(matched)))
    return out


class _Disjoint:
    """Disjoint spans, sorted, answering "does this span overlap one of them" in log time."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        from bisect import bisect_left

        k = bisect_left(self.starts, end)  # spans starting before `end`; the last may overlap
        return k > 0 and self.ends[k - 1] > start

    def add(self, start: int, end: int) -> None:
        from bisect import bisect_left

        k = bisect_left(self.starts, start)
        self.starts.insert(k, start)
        self.ends.insert(k, end)


def _disjoint_matched(passages: list[Passage]) -> int:
    """Characters matched in passages that overlap no longer one in either draft. A passage
    both drafts repeat matches each copy in the other, and counting every such pair would put
    a draft's text into the similarity several times over (39 for a report repeated 8 times)."""
    taken_a, taken_b = _Disjoint(), _Disjoint()
    total = 0
    for p in sorted(passages, key=lambda p: (-p.length, p.a_start, p.b_start)):
        if taken_a.overlaps(p.a_start, p.a_end) or taken_b.overlaps(p.b_start, p.b_end):
            continue
        taken_a.add(p.a_start, p.a_end)
        taken_b.add(p.b_start, p.b_end)
        total += p.length
    return total


def _display(path: str) -> str:
    """A corpus file's path relative to the working directory when it lies below it."""
    import os

    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel
