"""Shared inputs for the benchmarks: drafts built from `samples/` (GBK decoded by `rcheck.load`).

Run with ``pytest benchmarks/ --benchmark-enable`` (pyproject disables benchmarks by default).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import rcheck

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
MIB = 1024 * 1024


def sample_texts() -> list[str]:
    texts = [rcheck.load(p).text for p in sorted(SAMPLES.glob("*.txt"))]
    if not texts:
        pytest.skip("no samples/*.txt beside the benchmarks")
    return texts


def build_draft(min_bytes: int | None = None, chars: int | None = None) -> str:
    """The samples concatenated (one blank line between them) until the draft has at least
    `min_bytes` UTF-8 bytes, or exactly `chars` characters (cut there)."""
    texts = sample_texts()
    parts: list[str] = []
    size = 0
    i = 0
    while (min_bytes is not None and size < min_bytes) or (
        chars is not None and sum(len(p) for p in parts) < chars
    ):
        text = texts[i % len(texts)].rstrip("\n") + "\n\n"
        parts.append(text)
        size += len(text.encode("utf-8"))
        i += 1
    draft = "".join(parts)
    if chars is not None:
        draft = draft[:chars]
    return draft


@pytest.fixture(scope="session")
def text_1mb() -> str:
    text = build_draft(min_bytes=MIB)
    assert len(text.encode("utf-8")) >= MIB
    return text


@pytest.fixture(scope="session")
def text_20k() -> str:
    text = build_draft(chars=20_000)
    assert len(text) == 20_000
    return text
