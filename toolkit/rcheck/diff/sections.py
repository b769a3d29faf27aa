"""Pairing the sections of two drafts.

A draft is flattened into nodes: the preamble (title, addressee, opening), one node per
heading holding the heading and its own body (not its sub-sections), and the closing
(特此报告, signature, date). Old and new nodes are paired in passes, cheapest and surest
first: identical sections in order, the same heading in order, then identical sections and
the same heading anywhere (moved; a repeated section goes to the copy under the same parent,
then the nearest), then a fuzzy score of heading and body for what is left, so a renamed or
renumbered section still pairs. Heading numbers never take part: a
section renumbered because another moved is the same section.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rcheck.facts.coverage import increasing_run
from rcheck.text import regex as re
from rcheck.text.document import Document, Heading

# Closing lines: 特此报告。 and the signature block after it.
_CLOSING_WORDS = re.compile(r"^(?:特此(?:报告|汇报|请示|报告如上)|专此报告|以上报告|妥否|当否|请审阅)")
_DATE_LINE = re.compile(r"^(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月"
                        r"(?:\s*[\d一二三四五六七八九十]{1,3}\s*日)?$")
_STOPS = re.compile(r"[。；;，,！？!?：:]")
_SPACES = re.compile(r"\s+")

# Fuzzy pairing: a pair is accepted on a similar heading alone, on a similar body alone, or
# on both together. Tuned on the samples: a reworded heading over an unchanged body scores
# about 0.7; unrelated sections of one report stay under 0.35.
_HEADING_ALONE = 0.75
_BODY_ALONE = 0.6
_COMBINED = 0.5
# Beyond this many (old, new) pairs the fuzzy pass scores each new section only against the
# old ones within _NEARBY places of its own and the _BEST_HEADINGS most similar headings.
_ALL_PAIRS = 40_000
_NEARBY = 24
_BEST_HEADINGS = 8
_ALL_HEADINGS = 16_000_000  # heading scores computed for at most this many pairs
_BLOCK = 512  # new sections per block of heading scores


@dataclass
class Node:
    """One section of a draft, flattened: its heading and its own text (not its children)."""

    index: int
    part: str  # "preamble", "section" or "closing"
    heading: Heading | None
    label: str  # the heading as written, marker included; "" for preamble and closing
    words: str  # the heading's words without marker or spaces: what renaming changes
    rank: int
    start: int  # where the node's text begins (the heading's marker, for a section)
    end: int
    diff_start: int  # where compared text begins: after the marker, so renumbering is no change
    body_start: int  # after the heading's own words
    parent: int | None = None
    children: list[int] = field(default_factory=list)

    def region(self, text: str) -> str:
        return text[self.diff_start:self.end]


def _closing_start(doc: Document) -> int | None:
    """Where the closing block begins: 特此报告 and the signature/date lines after the body."""
    paras = doc.paragraphs
    last_heading = doc.headings[-1].title_end if doc.headings else 0
    start = None
    anchored = False
    for para in reversed(paras):
        if para.start < last_heading:
            break
        line = doc.text[para.start:para.end].strip()
        if _CLOSING_WORDS.match(line):
            start, anchored = para.start, True
            continue  # lines above 特此报告 may still be signature-like; stop at the first long one
        if len(line) <= 30 and (_DATE_LINE.match(line) or not _STOPS.search(line)):
            if anchored:
                break  # a short line above 特此报告 belongs to the body
            start = para.start
            continue
        break
    if start is None:
        return None
    # A closing without 特此报告 must at least end with a date, or it is just a short last line.
    if not anchored and not _DATE_LINE.match(doc.text[paras[-1].start:paras[-1].end].strip()):
        return None
    return start


def section_nodes(doc: Document) -> list[Node]:
    """The draft's nodes in reading order: preamble, each heading's section, closing."""
    text = doc.text
    closing = _closing_start(doc)
    limit = closing if closing is not None else len(text)
    first = doc.headings[0].start if doc.headings else limit
    # A draft that opens with a heading has no preamble node at all.
    nodes = ([Node(0, "preamble", None, "", "", -1, 0, min(first, limit), 0, 0)]
             if doc.text[:min(first, limit)].strip() else [])
    by_section: dict[int, int] = {}
    for section in doc.sections.walk():
        h = section.heading
        if h is None:
            continue
        index = len(nodes)
        by_section[id(section)] = index
        parent = by_section.get(id(section.parent)) if section.parent is not None else None
        end = min(section.body_end, limit)
        label = text[h.start:h.title_end].rstrip().rstrip("。")
        node = Node(index, "section", h, label, _SPACES.sub("", h.text), h.rank, h.start,
                    max(end, h.title_end), h.marker_end, h.title_end, parent)
        nodes.append(node)
        if parent is not None:
            nodes[parent].children.append(index)
    if closing is not None:
        nodes.append(Node(len(nodes), "closing", None, "", "", -1, closing, len(text), closing,
                          closing))
    return nodes


@dataclass
class Pair:
    """An old node and the new node it became; either is None for a removed or added one."""

    old: int | None
    new: int | None
    score: float = 1.0
    moved: bool = False
    renamed: bool = False


def _shingles(text: str, n: int = 3) -> set[str]:
    s = _SPACES.sub("", text)
    if len(s) <= n:
        return {s} if s else set()
    return {s[i:i + n] for i in range(len(s) - n + 1)}


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 1.0
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _ordered_equal(old_keys: list[Any], new_keys: list[Any]) -> list[tuple[int, int]]:
    """Positions that an optimal edit script keeps equal (in order) between two key lists."""
    from rapidfuzz.distance import Levenshtein

    ids: dict[Any, int] = {}
    a = [ids.setdefault(k, len(ids)) for k in old_keys]
    b = [ids.setdefault(k, len(ids)) for k in new_keys]
    out = []
    for op in Levenshtein.opcodes(a, b):
        if op.tag == "equal":
            out.extend(zip(range(op.src_start, op.src_end), range(op.dest_start, op.dest_end),
                           strict=True))
    return out


def align_sections(old_doc: Document, new_doc: Document, old_nodes: list[Node],
                   new_nodes: list[Node]) -> list[Pair]:
    """Pair old and new nodes; every node appears in exactly one `Pair`."""
    pairs: dict[int, Pair] = {}  # by new index
    old_used: set[int] = set()

    def link(o: int, n: int, score: float = 1.0) -> None:
        pairs[n] = Pair(o, n, score)
        old_used.add(o)

    for part in ("preamble", "closing"):
        o = next((x.index for x in old_nodes if x.part == part), None)
        n = next((x.index for x in new_nodes if x.part == part), None)
        if o is not None and n is not None:
            link(o, n, _jaccard(_shingles(old_nodes[o].region(old_doc.text)),
                                _shingles(new_nodes[n].region(new_doc.text))))

    old_sec = [x for x in old_nodes if x.part == "section"]
    new_sec = [x for x in new_nodes if x.part == "section"]

    def full_key(node: Node, doc: Document) -> tuple[str, str]:
        return node.words, _SPACES.sub("", node.region(doc.text))

    def heading_key(node: Node) -> tuple[str, int]:
        return node.words, node.rank

    def free_old() -> list[Node]:
        return [x for x in old_sec if x.index not in old_used]

    def free_new() -> list[Node]:
        return [x for x in new_sec if x.index not in pairs]

    # Passes 1-4: exact keys (whole section, then heading alone), first in order (the common
    # case, linear), then anywhere: a moved section.
    keys = (lambda x, d: full_key(x, d), lambda x, d: heading_key(x))
    for key in keys:
        fo, fn = free_old(), free_new()
        for i, j in _ordered_equal([key(x, old_doc) for x in fo], [key(x, new_doc) for x in fn]):
            link(fo[i].index, fn[j].index)
    for key in keys:
        waiting: dict[Any, list[Node]] = {}
        for x in free_old():
            waiting.setdefault(key(x, old_doc), []).append(x)
        for x in free_new():  # reading order: a parent is paired before its children
            found = waiting.get(key(x, new_doc))
            if found:
                best = min(found, key=lambda o: _placement(o, x, pairs, len(old_nodes),
                                                           len(new_nodes)))
                found.remove(best)
                link(best.index, x.index)

    # Pass 5: fuzzy, greedy by score, for the few sections left.
    fo, fn = free_old(), free_new()
    if fo and fn:
        for o, n, score in _fuzzy_pairs(old_doc, new_doc, fo, fn, pairs):
            if o in old_used or n in pairs:
                continue
            link(o, n, score)

    # Scores of exact passes: the body similarity, so a section with edits scores below 1.
    for p in pairs.values():
        o, n = old_nodes[p.old], new_nodes[p.new]
        if o.part == "section" and p.score == 1.0:
            a, b = o.region(old_doc.text), n.region(new_doc.text)
            p.score = 1.0 if a == b else round(_jaccard(_shingles(a), _shingles(b)), 3)
        p.renamed = o.part == "section" and o.words != n.words

    _mark_moves(pairs, old_nodes, new_nodes)
    return _ordered(pairs, old_nodes, new_nodes)


def _fuzzy_pairs(old_doc: Document, new_doc: Document, fo: list[Node], fn: list[Node],
                 pairs: dict[int, Pair]) -> list[tuple[int, int, float]]:
    """(old, new, score) of the sections left, best first: a similar heading, a similar body,
    or both together; a pair under paired parents scores a little higher."""
    from rapidfuzz import fuzz

    old_words, new_words = [x.words for x in fo], [x.words for x in fn]
    old_sh = [_shingles(old_doc.text[x.body_start:x.end]) for x in fo]
    new_sh = [_shingles(new_doc.text[x.body_start:x.end]) for x in fn]
    scored = []
    for i, j in _fuzzy_candidates(old_words, new_words):
        o, n = fo[i], fn[j]
        h = fuzz.ratio(old_words[i], new_words[j]) / 100
        b = _jaccard(old_sh[i], new_sh[j])
        combined = 0.4 * h + 0.6 * b
        if o.rank != n.rank:
            combined *= 0.9
        parent_pair = pairs.get(n.parent) if n.parent is not None else None
        if parent_pair is not None and parent_pair.old == o.parent:
            combined += 0.05
        if h >= _HEADING_ALONE or b >= _BODY_ALONE or combined >= _COMBINED:
            scored.append((combined, max(h, b), -i, -j, o.index, n.index))
    scored.sort(reverse=True)
    return [(o, n, round(min(combined, 1.0), 3)) for combined, _, _, _, o, n in scored]


def _fuzzy_candidates(old_words: list[str], new_words: list[str]) -> Iterator[tuple[int, int]]:
    """(old, new) pairs worth scoring in the fuzzy pass: all of them for the few sections a
    revision usually leaves, else for each new section the old ones nearest its relative place
    and those with the most similar headings, so the pass stays linear on a draft that rewords
    hundreds of sections."""
    n_old, n_new = len(old_words), len(new_words)
    if n_old * n_new <= _ALL_PAIRS:
        for i in range(n_old):
            for j in range(n_new):
                yield i, j
        return
    from rapidfuzz import fuzz, process

    best = min(_BEST_HEADINGS, n_old)
    # Heading scores in C, one byte each and a block of new sections at a time, only to choose
    # candidates (they are scored exactly); past _ALL_HEADINGS, place alone decides.
    by_heading = n_old * n_new <= _ALL_HEADINGS
    for j0 in range(0, n_new, _BLOCK):
        block = new_words[j0:j0 + _BLOCK]
        top = (np.argpartition(process.cdist(old_words, block, scorer=fuzz.ratio,
                                             dtype=np.uint8), n_old - best, axis=0)[n_old - best:]
               if by_heading else None)
        for k in range(len(block)):
            j = j0 + k
            at = round(j * n_old / n_new)
            near = set(range(max(0, at - _NEARBY), min(n_old, at + _NEARBY + 1)))
            if top is not None:
                near.update(top[:, k].tolist())
            for i in sorted(near):
                yield i, j


def _placement(o: Node, n: Node, pairs: dict[int, Pair], n_old: int, n_new: int
               ) -> tuple[bool, float]:
    """How well old node `o` fits where `n` is: under the same parent first, then nearest in
    relative position. Decides between copies of a section a draft repeats."""
    parent_pair = pairs.get(n.parent) if n.parent is not None else None
    same_parent = (o.parent is None and n.parent is None) or (
        parent_pair is not None and parent_pair.old == o.parent)
    return not same_parent, abs(o.index / max(1, n_old) - n.index / max(1, n_new))


def _mark_moves(pairs: dict[int, Pair], old_nodes: list[Node], new_nodes: list[Node]) -> None:
    """A section moved when it changed parent, or left the longest run of siblings that kept
    their order. Children travel with a moved parent and are not moved themselves."""
    groups: dict[int | None, list[Pair]] = {}
    for p in sorted(pairs.values(), key=lambda p: p.new):
        o, n = old_nodes[p.old], new_nodes[p.new]
        if o.part != "section":
            continue
        parent_pair = pairs.get(n.parent) if n.parent is not None else None
        same_parent = (o.parent is None and n.parent is None) or (
            parent_pair is not None and parent_pair.old == o.parent)
        if not same_parent:
            p.moved = True
            continue
        groups.setdefault(n.parent, []).append(p)
    for siblings in groups.values():
        keep = increasing_run([p.old for p in siblings])
        for i, p in enumerate(siblings):
            if i not in keep:
                p.moved = True


def _ordered(pairs: dict[int, Pair], old_nodes: list[Node], new_nodes: list[Node]) -> list[Pair]:
    """New reading order, each removed node placed after the pair of the old node before it."""
    old_to_new = {p.old: p.new for p in pairs.values()}
    keyed: list[tuple[tuple[int, int, int], Pair]] = []
    for n in new_nodes:
        p = pairs.get(n.index) or Pair(None, n.index, 0.0)
        keyed.append(((n.index, 0, 0), p))
    for o in old_nodes:
        if o.index in old_to_new:
            continue
        anchor = -1
        for prev in range(o.index - 1, -1, -1):
            if prev in old_to_new:
                anchor = old_to_new[prev]
                break
        keyed.append(((anchor, 1, o.index), Pair(o.index, None, 0.0)))
    keyed.sort(key=lambda kv: kv[0])
    return [p for _, p in keyed]
