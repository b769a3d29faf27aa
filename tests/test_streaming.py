"""Reports written in pieces (`render_chunks`) are the same text as written whole."""

from __future__ import annotations

import json

import pytest

from rcheck.formats import FileResult, render, render_chunks
from rcheck.formats.jsonfmt import lint_payload
from rcheck.linter import lint_document
from rcheck.text.document import Document


@pytest.fixture(scope="module")
def results() -> list[FileResult]:
    # More findings than one piece holds (2,000), in two files, one without findings.
    text = "".join(f"第{i}项工作，，已完成。" for i in range(2600))
    doc = Document(text, path="many.txt")
    findings = lint_document(doc)
    assert len(findings) >= 2600
    return [FileResult("many.txt", findings, "工作总结", text),
            FileResult("none.txt", [], "工作总结", "好。")]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "rdjsonl"])
def test_pieces_join_to_the_whole_report(results, fmt):
    pieces = list(render_chunks(fmt, results))
    assert "".join(pieces) == render(fmt, results)
    if fmt in ("text", "json"):
        assert len(pieces) >= 3  # written as made, not as one string


def test_streamed_json_is_the_indented_payload(results):
    streamed = "".join(render_chunks("json", results))
    assert streamed == json.dumps(lint_payload(results), ensure_ascii=False, indent=2) + "\n"
    for n in (0, 1, 1999, 2000, 2001, 4000):  # piece boundaries
        cut = [FileResult("a.txt", results[0].findings[:n], "k", results[0].text)]
        assert "".join(render_chunks("json", cut)) == json.dumps(
            lint_payload(cut), ensure_ascii=False, indent=2) + "\n"
