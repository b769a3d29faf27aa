"""W101 on a long draft looks for repeats only where one can begin: the same repeats, the same findings."""

from __future__ import annotations

import rcheck
from rcheck.rules import repetition
from rcheck.text.readers import load


def _long_draft(samples) -> str:
    parts = [load(p).text for p in sorted(samples.glob("*.txt"))]
    parts.append("县委、县委班子要对照对照检查。总书记总书记强调，党委党委要落实落实落实。层层压实，常常研究。")
    text = "\n".join(parts)
    while len(text) < repetition._LONG * 2:
        text += "\n" + text
    return text


def test_long_draft_search_finds_what_the_plain_search_finds(samples):
    text = _long_draft(samples)
    search = repetition._searcher(text)
    pos, fast, plain = 0, [], []
    while (m := search(pos)) is not None:
        fast.append(m.span())
        pos = m.start() + 1  # every start, overlapping ones too
    pos = 0
    while (m := repetition._REPEAT.search(text, pos)) is not None:
        plain.append(m.span())
        pos = m.start() + 1
    assert fast == plain and len(plain) > 20


def test_long_draft_findings_equal_the_short_path(samples, monkeypatch):
    doc = rcheck.Document(_long_draft(samples))
    fast = [(f.start, f.end, f.message) for f in rcheck.lint(doc, select=["W101"])]
    monkeypatch.setattr(repetition, "_LONG", 10**12)
    plain = [(f.start, f.end, f.message) for f in rcheck.lint(rcheck.Document(doc.text), select=["W101"])]
    assert fast == plain and any("对照对照" in m for *_, m in fast)


def test_pieces_do_not_lose_a_repeat_at_their_edges(samples, monkeypatch):
    text = _long_draft(samples)
    whole = repetition._searcher(text)
    monkeypatch.setattr(repetition, "_PIECE", 997)  # many edges, some inside a repeat
    pieces = repetition._searcher(text)

    def every(search) -> list[tuple[int, int]]:
        out, pos = [], 0
        while (m := search(pos)) is not None:
            out.append(m.span())
            pos = m.start() + 1
        return out

    assert every(pieces) == every(whole)
