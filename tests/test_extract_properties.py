"""Property tests: extraction never raises, and every span it returns is the text it names."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import spliced_drafts, texts

import rcheck
from rcheck.extract import extract

NUMBERS = st.sampled_from(["共20次", "二十余次", "超*万人次", "66.57万元", "不少于30条", "每季度一次",
                           "2025年3月", "〔2025〕3号", "第五轮", "牵头单位：县发改局\n", "（县商务局牵头）",
                           "縣委宣傳部", "\n三、下一步工作打算\n", "近千人", "百分之三十"])


def _check(text: str) -> None:
    doc = rcheck.Document(text)
    result = extract(doc)
    for m in result.metrics:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.quantity
        assert m.placeholder == (m.value is None)
        if m.subject is not None:
            assert text[m.subject_start:m.subject_end] == m.subject
    for c in result.commitments:
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start:c.end] == c.text
        if c.target is not None:
            assert text[c.target.start:c.target.end] == c.target.quantity


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(texts(40), NUMBERS), max_size=12).map("".join))
def test_extract_on_arbitrary_text(text):
    _check(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spliced_drafts())
def test_extract_on_spliced_drafts(text):
    _check(text)
