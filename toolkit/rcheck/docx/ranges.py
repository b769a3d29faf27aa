"""Where Word comments sit in a draft's text: each comment's range (commentRangeStart …
commentRangeEnd) as a span of `Document.text`, through the runs the reader mapped."""

from __future__ import annotations

from collections.abc import Container

from rcheck.docx.read import WordSource, w_tag

_ID = w_tag("id")
_START, _END, _R = w_tag("commentRangeStart"), w_tag("commentRangeEnd"), w_tag("r")


def run_spans(source: WordSource) -> dict[int, tuple[int, int]]:
    """Each mapped run (by `id`) and the span of the text it gave."""
    spans: dict[int, tuple[int, int]] = {}
    for s, e, r in zip(source.starts, source.ends, source.runs, strict=True):
        a, b = spans.get(id(r), (s, e))
        spans[id(r)] = (min(a, s), max(b, e))
    return spans


def comment_spans(source: WordSource, ids: Container[str],
                  spans: dict[int, tuple[int, int]] | None = None) -> dict[str, tuple[int, int]]:
    """The text span of each comment in `ids`: from the first run after its range starts to the
    end of the last run before its range ends. A range holding no mapped run is left out."""
    spans = run_spans(source) if spans is None else spans
    out: dict[str, tuple[int, int]] = {}
    starts: dict[str, int] = {}
    pending: list[str] = []
    last_end = 0
    for el in source.package.element.iter(_START, _END, _R):
        cid = el.get(_ID, "")
        if el.tag == _START and cid in ids:
            pending.append(cid)
        elif el.tag == _R and id(el) in spans:
            a, b = spans[id(el)]
            for p in pending:
                starts[p] = a
            pending, last_end = [], b
        elif el.tag == _END and cid in starts:
            out[cid] = (starts.pop(cid), last_end)
    return out
