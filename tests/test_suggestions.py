"""A suggestion is exact: applied to its span it clears its finding and creates no other there.

Run over every finding with a suggestion on the project's samples, plus shapes where a wrong
form starts inside the word before it (深入学习总书记… must not become 学习近平…).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import rcheck
from rcheck.text.readers import load

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _apply(text: str, start: int, end: int, content: str) -> str:
    return text[:start] + content + text[end:]


def _cases() -> list[tuple[str, int]]:
    cases = []
    for path in sorted(SAMPLES.glob("*.txt")):
        doc = load(str(path))
        for i, f in enumerate(rcheck.lint(doc)):
            if f.suggestion is not None:
                cases.append((path.name, i))
    return cases


CASES = _cases()


def test_samples_carry_suggestions() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize(("name", "index"), CASES)
def test_applying_a_sample_suggestion_clears_it(name: str, index: int) -> None:
    doc = load(str(SAMPLES / name))
    before = rcheck.lint(doc)
    finding = before[index]
    fixed = _apply(doc.text, finding.start, finding.end, finding.suggestion)
    lo, hi = finding.start, finding.start + len(finding.suggestion)

    def at_span(findings, a, b):
        return {f.code for f in findings if f.start < max(b, a + 1) and f.end > a
                # T102's one summary for a converted draft stands for every mark, not this one.
                and not (f.code == "T102" and "处" in f.message)}

    # A deletion leaves a point: compare the characters either side of it, before and after.
    pad = 1 if hi == lo else 0
    others = at_span([f for f in before if f is not finding], finding.start - pad, finding.end + pad)
    after = at_span(rcheck.lint(fixed), lo - pad, hi + pad)
    # The fault is gone and the fix made no new one: only findings that were there already stay.
    assert after <= others - ({finding.code} - others), (finding, after, others)


@pytest.mark.parametrize(("text", "fixed"), [
    ("一、学习情况\n全体党员深入学习总书记新时代中国特色社会主义思想。\n",
     "一、学习情况\n全体党员深入学习习近平新时代中国特色社会主义思想。\n"),
    ("一、学习情况\n支部认真学习总书记文化思想。\n",
     "一、学习情况\n支部认真学习习近平文化思想。\n"),
    ("一、学习情况\n支部学习习总书记新时代中国特色社会主义思想。\n",
     "一、学习情况\n支部学习习近平新时代中国特色社会主义思想。\n"),
])
def test_formulation_fix_keeps_the_word_before(text: str, fixed: str) -> None:
    findings = [f for f in rcheck.lint(text, select=["W102"])]
    assert len(findings) == 1
    f = findings[0]
    assert _apply(text, f.start, f.end, f.suggestion) == fixed
    assert rcheck.lint(fixed, select=["W102"]) == []
