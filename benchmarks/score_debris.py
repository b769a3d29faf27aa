"""D101 recall per kind of web debris on the real drafts in ../shared/realdrafts.

    python benchmarks/score_debris.py [--misses]

Runs `rcheck.lint` (D101 only) on every draft of the corpus and matches the D101 `must` labels of
`expect_lint.json` the way `score_lint.py` does (a finding's span overlaps the label's anchor).
Each label is put in a kind by the words of its note, so the table shows which kinds of debris
are found and which are not. Prints a message and exits 0 when the corpus is absent.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

import rcheck

CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "realdrafts"

# (kind, words of a label's note that put it there), first match wins.
KINDS: list[tuple[str, tuple[str, ...]]] = [
    ("pinyin annotation", ("pinyin",)),
    ("markup (HTML, Markdown)", ("HTML", "markdown", "Markdown")),
    ("cut, member and login notices", ("truncation", "wall", "shop notice", "preview", "download")),
    ("page and chunk counters", ("page counter", "page number", "page-chunk", "chunk", "word count",
                                 "page count", "thumbnail")),
    ("template-site boilerplate", ("boilerplate", "intro", "disclaimer", "chatbot", "teaser",
                                   "description", "abstract", "copyright")),
    ("title suffix, collection marker", ("suffix", "collection", "item marker", "item heading",
                                         "section label", "file-name", "prefix", "tag")),
    ("repeated page title", ("title", "heading repeated", "printed twice")),
    ("metadata bar, timestamp", ("metadata", "timestamp", "page date", "counter", "byline")),
    ("navigation, toolbar, widget", ("breadcrumb", "navigation", "toolbar", "widget", "button",
                                     "label", "accessibility", "elderly")),
    ("site name, spam", ("site", "spam", "advertisement", "slogan", "welcome")),
]


def kind_of(note: str) -> str:
    for kind, words in KINDS:
        if any(w in note for w in words):
            return kind
    return "other"


def anchor_span(text: str, anchor: str, occurrence: int) -> tuple[int, int] | None:
    i = -1
    for _ in range(max(1, occurrence)):
        i = text.find(anchor, i + 1)
        if i < 0:
            return None
    return i, i + len(anchor)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every label not found")
    args = parser.parse_args()
    labels_path = CORPUS / "expect_lint.json"
    if not labels_path.is_file():
        print(f"score_debris: {labels_path} not found; nothing to score")
        return 0
    labels = [x for x in json.loads(labels_path.read_text(encoding="utf-8"))
              if x["code"] == "D101" and x["kind"] == "must"]
    found: dict[str, list[tuple[int, int]]] = {}
    texts: dict[str, str] = {}
    for name in sorted({x["file"] for x in labels}):
        doc = rcheck.load(CORPUS / "docs" / name)
        texts[name] = doc.text
        found[name] = [(f.start, f.end) for f in rcheck.lint(doc, select=["D101"])]
    total: collections.Counter[str] = collections.Counter()
    hit: collections.Counter[str] = collections.Counter()
    misses = []
    for x in labels:
        kind = kind_of(x.get("note", ""))
        total[kind] += 1
        span = anchor_span(texts[x["file"]], x["anchor"], x.get("occurrence", 1))
        if span and any(s < span[1] and e > span[0] for s, e in found[x["file"]]):
            hit[kind] += 1
        else:
            misses.append((kind, x["file"], x["anchor"], x.get("note", "")))
    print(f"{'kind':34} {'found':>9}  recall")
    for kind, n in total.most_common():
        print(f"{kind:34} {hit[kind]:>4}/{n:<4}  {hit[kind] / n:.3f}")
    all_hit, all_n = sum(hit.values()), sum(total.values())
    print(f"{'D101 must, all kinds':34} {all_hit:>4}/{all_n:<4}  {all_hit / all_n:.3f}")
    if args.misses:
        for kind, name, anchor, note in misses:
            print(f"  miss [{kind}] {name[:3]} {anchor!r}: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
