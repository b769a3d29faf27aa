"""Property tests of `compare_documents` and `follow_up` over drafts built from the samples'
paragraphs, shuffled, repeated and copied between drafts: every passage's spans hold its
text in its own draft, similarities stay in [0, 1], and a follow-up passage is the text of
the later draft at its span."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rcheck
from rcheck.compare import compare_documents
from rcheck.compare.followup import follow_up
from rcheck.text.document import Document

ROOT = Path(__file__).resolve().parents[1]
PARAGRAPHS = sorted({line for p in sorted((ROOT / "samples").glob("*.txt"))
                     for line in rcheck.load(p).text.split("\n") if len(line) >= 20})
EDITS = ["", "，", "12", "县XX局", "进一步", "\n", "。", "2026年"]


@st.composite
def drafts(draw) -> str:
    lines = draw(st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=12))
    if draw(st.booleans()):
        lines = lines * draw(st.integers(2, 4))  # a draft that repeats itself
    out = []
    for line in lines:
        if draw(st.integers(0, 3)) == 0:
            at = draw(st.integers(0, len(line)))
            line = line[:at] + draw(st.sampled_from(EDITS)) + line[at:]
        out.append(line)
    return "\n".join(out) + "\n"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(drafts(), min_size=2, max_size=4), st.lists(st.integers(0, 3), min_size=4,
                                                          max_size=4),
       st.floats(0.5, 1.0), st.integers(10, 80))
def test_passages_index_their_own_drafts(texts: list[str], copies: list[int], threshold: float,
                                         min_chars: int):
    # Later drafts copy the first one, up to three times over.
    texts = [texts[0]] + [t + texts[0] * k for t, k in zip(texts[1:], copies, strict=False)]
    docs = [Document(t, path=f"d{i}.txt") for i, t in enumerate(texts)]
    by_path = {d.path: d for d in docs}
    result = compare_documents(docs, threshold=threshold, min_chars=min_chars)
    for pair in result.pairs:
        a, b = by_path[pair.a], by_path[pair.b]
        assert 0.0 <= pair.similarity <= 1.0, pair.similarity
        for p in pair.passages:
            assert 0 <= p.a_start < p.a_end <= len(a.text) and 0 <= p.b_start < p.b_end <= len(b.text)
            assert a.text[p.a_start:p.a_end] == p.text and b.text[p.b_start:p.b_end] == p.b_text
            assert (p.a_line, p.b_line) == (a.position(p.a_start)[0], b.position(p.b_start)[0])
            # Similarities are reported to three decimals: allow that rounding against the threshold.
            assert p.length >= min_chars and p.similarity >= threshold - 5e-4
    n = len(docs)
    assert all(0.0 <= result.matrix[i][j] == result.matrix[j][i] <= 1.0
               for i in range(n) for j in range(n))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts(), drafts())
def test_follow_up_passages_are_the_later_drafts_text(earlier: str, later: str):
    a, b = Document(earlier, path="2025.txt"), Document(later, path="2026.txt")
    for r in follow_up(a, b):
        assert 0 <= r.commitment.start <= r.commitment.end <= len(a.text)
        assert r.status in ("reported", "missing")
        if r.status == "reported":
            assert 0 <= r.start <= r.end <= len(b.text) and b.text[r.start:r.end] == r.text
        else:
            assert r.start is None and r.text is None
