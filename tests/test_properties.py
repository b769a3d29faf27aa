"""Property tests: `rcheck.lint` never raises and every span it reports is inside the text.

(a) arbitrary text over an alphabet (and a few words) of CJK, ASCII, full-width forms, the punctuation and
placeholder characters the rules look at, and whitespace; (b) splices of the sample drafts
with faults inserted at random places.
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rcheck
from rcheck.finding import SEVERITIES

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_TEXTS = [rcheck.load(p).text for p in sorted((ROOT / "samples").glob("*.txt"))]

# “”《》（）,:;.()*X某○□_〔〕【】 and friends; full-width marks written as escapes.
PUNCTUATION = (
    "\u201c\u201d\u2018\u2019\u300a\u300b\uff08\uff09,:;.()*X某○□_\u3014\u3015\u3010\u3011"
    "\u3002\u3001\uff0c\uff1a\uff1b\uff1f\uff01\uff05%xX×…—-/>?!0123456789"
)
WHITESPACE = " \n\t\u3000"

CHARS = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK unified ideographs
    st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),  # CJK extension A
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),  # printable ASCII
    st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E),  # full-width forms
    st.characters(min_codepoint=0x3000, max_codepoint=0x303F),  # CJK symbols and punctuation
    st.sampled_from(PUNCTUATION),
    st.sampled_from(WHITESPACE),
)
# Words the rules know, mixed in so that matches actually happen.
WORDS = st.sampled_from([
    "一、", "二、", "三、", "\uff08一\uff09", "\uff08三\uff09", "一是", "三是", "第一", "某县",
    "某某", "20XX年", "次", "万元", "人次", "来源", "最新推荐", "下载后查看", "此处隐藏", "字",
])
TOKENS = st.one_of(CHARS, CHARS, CHARS, WORDS)


def texts(max_size: int) -> st.SearchStrategy[str]:
    return st.lists(TOKENS, max_size=max_size).map("".join)

# Faults to splice into sample drafts (escapes for the full-width marks).
FAULTS = [
    "*", "**", "***", "X", "XX", "xx", "×", "某某", "某县", "○○", "□", "_", "__",
    "\u3014\u3015", "20XX年", "202x年", "[ ]", "\u3010\u3011", "(略)", "待补充", "TODO",
    "约亿元", "增长%", "增长\uff05", " ", "  ", "\t", "\u3000", "\n", "\n\n", ",", ".", ";", ":",
    "(", ")", "?", "!", "\uff0c\uff0c", "\u3002\u3002", "\u3001\u3001", "\u201c", "\u201d",
    "\u2018", "\u300a", "\u300b", "\uff08", "\uff09", "\u3010", "\uff12\uff10\uff12\uff15",
    "\uff21\uff22", "来源\uff1a网友投稿", "此处隐藏8374字,下载后查看", "最新推荐",
    "更新时间:2025-11-03", "首页 > 范文大全", "总书记总书记", "2021 年", "一是 完善",
    "\n一、", "\n三、", "\n\uff08二\uff09", "\n\uff08一\uff09", "\n1.", "\n\u2460",
    "超*万人次", "共*次", "**建", "\ufeff", "\u00a0", "\u200b",
]


@st.composite
def spliced_drafts(draw: st.DrawFn) -> str:
    pieces: list[str] = []
    for _ in range(draw(st.integers(min_value=1, max_value=6))):
        source = draw(st.sampled_from(SAMPLE_TEXTS))
        a = draw(st.integers(min_value=0, max_value=len(source)))
        b = draw(st.integers(min_value=a, max_value=min(len(source), a + 1500)))
        pieces.append(source[a:b])
    text = "".join(pieces)
    for _ in range(draw(st.integers(min_value=0, max_value=12))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        text = text[:at] + draw(st.sampled_from(FAULTS)) + text[at:]
    return text


CODE = re.compile(r"^[A-Z][0-9]{3}$")


def check_findings(text: str) -> None:
    doc = rcheck.Document(text)
    findings = rcheck.lint(doc)
    n = len(doc.text)
    for f in findings:
        assert isinstance(f, rcheck.Finding)
        assert 0 <= f.start <= f.end <= n, (f, n)
        assert doc.position(f.start) == (f.line, f.column), f
        assert doc.position(f.end) == (f.end_line, f.end_column), f
        assert f.line >= 1 and f.column >= 1, f
        assert CODE.match(f.code), f
        assert f.severity in SEVERITIES, f
        assert f.message, f
        assert doc.text[f.start:f.end].startswith(f.excerpt), f
        assert f.suggestion is None or isinstance(f.suggestion, str), f
    keys = [(f.start, f.code) for f in findings]
    assert keys == sorted(keys)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts(300))
def test_lint_arbitrary_text(text: str) -> None:
    check_findings(text)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(spliced_drafts())
def test_lint_spliced_samples(text: str) -> None:
    check_findings(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts(150))
def test_lint_str_matches_document(text: str) -> None:
    # For text without CR or a BOM, linting the string equals linting its Document.
    assert rcheck.lint(text) == rcheck.lint(rcheck.Document(text))
