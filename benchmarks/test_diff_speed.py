"""Speed of `rcheck diff` on two 100 KB drafts (target: under 0.5 s, warm).

    pytest benchmarks/test_diff_speed.py --benchmark-enable -o addopts="" -s

OLD is the samples concatenated to 100 KB; NEW is OLD edited the way a second draft is:
numbers changed, headings reworded, a top-level section moved to the end, sentences inserted
and deleted, placeholders filled. Lexicons and the tokenizer are loaded by a first call, as in
a long-running process; a cold `rcheck diff` adds their load time once. A second case diffs
the same text with every heading marker removed, so one 30,000-character section is aligned
word by word in one piece (rapidfuzz's Levenshtein opcodes, linear memory).
"""

from __future__ import annotations

import random
import re
import statistics
import time

from conftest import build_draft

from rcheck.diff import diff_documents
from rcheck.text.document import Document
from rcheck.text.structure import match_marker

TARGET_S = 0.5
KB = 1024
_DIGITS = re.compile(r"\d+")


def _second_draft(old: Document, seed: int = 6) -> tuple[str, str]:
    """NEW's text, and the heading of the top-level section it moved."""
    rng = random.Random(seed)
    text = old.text
    top = old.sections.children
    moved = top[len(top) // 3]
    text = text[:moved.start] + text[moved.end:] + "\n" + text[moved.start:moved.end]
    numbers = list(_DIGITS.finditer(text))
    for m in sorted(rng.sample(numbers, 40), key=lambda m: -m.start()):
        text = text[:m.start()] + str(int(m.group()) + rng.randint(1, 9)) + text[m.end():]
    doc = Document(text)
    edits = sorted(rng.sample(doc.headings, 8), key=lambda h: -h.marker_end)
    for h in edits:
        text = text[:h.marker_end] + "进一步" + text[h.marker_end:]
    doc = Document(text)
    heads = [(h.start, h.title_end) for h in doc.headings]
    # Body sentences only: an edit at a heading would turn the heading into body text.
    sentences = [s for s in doc.sentences if not any(a <= s.start < b for a, b in heads)]
    for s in sorted(rng.sample(sentences, 20), key=lambda s: -s.start):
        if rng.random() < 0.5:
            text = text[:s.start] + text[s.end:]
        else:
            text = text[:s.start] + "同时，建立健全长效机制，确保各项任务落地见效。" + text[s.start:]
    label = old.text[moved.heading.start:moved.heading.title_end].rstrip("。")
    return text.replace("*次", "12次", 3), label


def _strip_markers(text: str) -> str:
    lines = []
    for line in text.split("\n"):
        m = match_marker(line)
        lines.append(line[m.end:] if m else line)
    return "\n".join(lines)


def _bench(benchmark, old: Document, new: Document) -> None:
    diff_documents(old, new)  # warm-up: lexicons, templates, tokenizer
    times: list[float] = []
    results = []

    def run():
        t0 = time.perf_counter()
        out = diff_documents(old, new)
        times.append(time.perf_counter() - t0)
        results.append(out)
        return out

    benchmark.pedantic(run, rounds=5, iterations=1)
    result = results[-1]
    counts = result.counts()
    mean = statistics.mean(times)
    benchmark.extra_info.update({
        "old_bytes": len(old.text.encode("utf-8")), "new_bytes": len(new.text.encode("utf-8")),
        "sections": len(result.sections), **counts, "seconds_mean": round(mean, 3),
        "seconds_min": round(min(times), 3),
    })
    print(f"\ndiff {len(old.text)} -> {len(new.text)} chars: {mean:.3f} s mean, {counts}")
    assert counts["changes"] > 20
    assert min(times) < TARGET_S, times


def test_diff_100kb(benchmark) -> None:
    old = Document(build_draft(min_bytes=100 * KB), path="old.txt")
    text, label = _second_draft(old)
    new = Document(text, path="new.txt")
    assert len(new.text.encode("utf-8")) >= 95 * KB
    _bench(benchmark, old, new)
    moved = [s for s in diff_documents(old, new).sections if s.status == "moved"]
    assert [(s.level, s.new_heading) for s in moved] == [(1, label)]


def test_diff_100kb_one_section(benchmark) -> None:
    old_text = build_draft(min_bytes=100 * KB)
    new_text, _ = _second_draft(Document(old_text))
    old = Document(_strip_markers(old_text), path="old.txt")
    new = Document(_strip_markers(new_text), path="new.txt")
    assert not old.headings
    _bench(benchmark, old, new)
