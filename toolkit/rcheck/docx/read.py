"""Reading a Word .docx draft into a `Document` whose text the rules already understand.

The text is built the way a reader sees the draft, one paragraph a line:

- body paragraphs in order, with the numbers Word computes for automatically numbered
  paragraphs (``一、`` ``（一）`` ``1.``) put in front, so numbered headings are checked like
  typed ones;
- a table row is one line, its cells joined by ``｜`` (U+FF5C) and the paragraphs inside a
  cell joined by ``；`` (or by nothing after a closing mark). Neither a tab nor spaces: the
  typography rules would take them for stray spaces in Chinese text;
- footnotes and endnotes after the body, each opened by ``注1：`` / ``尾注1：``.

What Word does not store as text is not read: headers and footers, text boxes and shapes,
deleted text of tracked changes, field codes, hidden text (direct ``w:vanish``) and tables of
contents. Inserted text (numbers, separators, note labels) maps to nothing in the file; every
other character maps back to its run through `WordSource`, which `annotate` uses to place
comments.

A paragraph that is a heading only by its style (标题 1 / Heading 1 …, or an outline level)
and has no number stays as it is in the text; `WordDocument.headings` adds it to the
headings at the rank of its level (1 → 一、, 2 → （一）, 3 → 1., 4 → （1）, 5+ → ①) and numbers it by
its place among its siblings, so it builds the Section tree and never trips the numbering
rules. The first paragraph, when it reads as the title, is the title and not a heading.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from rcheck.docx.numbering import Numbering, w_tag
from rcheck.docx.package import one_line, open_package, related_root
from rcheck.docx.styles import Styles, int_val
from rcheck.errors import InputError
from rcheck.text import regex as re
from rcheck.text.document import Document, Heading, Section
from rcheck.text.structure import CELL_SEPARATOR, STYLE_RANK, TITLE_TAIL, heading_title_end

CELL_PARAGRAPH_SEPARATOR = "\uff1b"
FOOTNOTE_LABEL = "注{n}\uff1a"
ENDNOTE_LABEL = "尾注{n}\uff1a"

_RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_RT_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
_RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"


_w = w_tag


_P, _R, _T, _TBL, _TR, _TC = _w("p"), _w("r"), _w("t"), _w("tbl"), _w("tr"), _w("tc")
_TAB, _PTAB, _BR, _CR = _w("tab"), _w("ptab"), _w("br"), _w("cr")
_NBH = _w("noBreakHyphen")
_PPR, _RPR, _VAL, _TYPE = _w("pPr"), _w("rPr"), _w("val"), _w("type")
_SDT, _SDT_CONTENT = _w("sdt"), _w("sdtContent")
# Paragraph content whose runs are shown; w:del and w:moveFrom (deleted text) are not.
_RUN_CONTAINERS = frozenset(_w(t) for t in (
    "hyperlink", "ins", "moveTo", "smartTag", "customXml", "fldSimple", "bdo", "dir", "sdt",
    "sdtContent"))
_BLOCK_CONTAINERS = frozenset((_SDT, _SDT_CONTENT, _w("customXml")))
_OFF = ("0", "false", "off")
# Breaks that end a line in the text; page and column breaks do not.
_LINE_BREAK_TYPES = (None, "textWrapping")
_CLOSING = set("。；！？：，、…”’）》」』\uff1b\uff01\uff1f\uff1a\uff0c\uff09")
_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TITLE_NAMES = ("title", "标题")
_TOC_NAME = re.compile(r"^(?:toc|目录)\s*\d", re.IGNORECASE)
# Heading level (1-based) -> the marker style of that rank in structure.py.
_LEVEL_STYLES = ("cn", "paren-cn", "arabic", "paren-arabic", "circled")


def atom_text(child: etree._Element) -> str:
    """What one child of a run adds to the text: w:t, tabs and line breaks; not field codes
    (w:instrText), deleted text (w:delText), drawings or marks."""
    tag = child.tag
    if tag == _T:
        return child.text or ""
    if tag == _TAB or tag == _PTAB:
        return "\t"
    if tag == _BR:
        return "\n" if child.get(_TYPE) in _LINE_BREAK_TYPES else ""
    if tag == _CR:
        return "\n"
    if tag == _NBH:
        return "-"
    return ""


def run_text(r: etree._Element) -> str:
    """The text a run shows."""
    return "".join([atom_text(child) for child in r])


def _children(el: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with `tag`, looking through content controls (a row or cell may sit in w:sdt)."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in _BLOCK_CONTAINERS:
            yield from _children(child, tag)


def _hidden(r: etree._Element) -> bool:
    rpr = r.find(_RPR)
    if rpr is None:
        return False
    vanish = rpr.find(_w("vanish"))
    return vanish is not None and vanish.get(_VAL) not in _OFF


def iter_runs(p: etree._Element) -> Iterator[etree._Element]:
    """The shown runs of a paragraph, in order, through hyperlinks, insertions and controls."""
    for child in p:
        tag = child.tag
        if tag == _R:
            if not _hidden(child):
                yield child
        elif tag in _RUN_CONTAINERS:
            yield from iter_runs(child)


@dataclass
class WordSource:
    """Where each stretch of `Document.text` came from in the Word file.

    Pieces are parallel lists sorted by offset: piece `i` is ``text[starts[i]:ends[i]]``, the
    characters of run `runs[i]` from its character `offsets[i]` on (a run's text counts w:t
    characters, one for each tab and line break). Offsets no piece covers were inserted by
    the reader: numbers, separators, note labels, line ends. `paragraphs` holds (text offset,
    w:p) for every Word paragraph read, for anchoring on an empty one. `tables` gives each
    table's cells as text spans, row by row; `body_end` is where the notes begin, and `notes`
    says where each note is and which body run refers to it.
    """

    package: Any  # the python-docx Document the elements belong to
    data: bytes
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    runs: list[etree._Element] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    paragraphs: list[tuple[int, etree._Element]] = field(default_factory=list)
    style_headings: list[tuple[int, int]] = field(default_factory=list)  # (line start, level)
    markers: list[tuple[int, int]] = field(default_factory=list)  # inserted numbers (start, end)
    tables: list[list[list[tuple[int, int]]]] = field(default_factory=list)
    body_end: int = 0
    # Footnotes and endnotes: (start, end, label such as 脚注1, the body run that refers to it).
    notes: list[tuple[int, int, str, etree._Element | None]] = field(default_factory=list)
    annotated: bool = False

    def piece_at(self, offset: int) -> int | None:
        """Index of the piece holding the character at `offset`, or None if it was inserted."""
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.ends[i]:
            return i
        return None

    def add_piece(self, start: int, text_len: int, run: etree._Element, offset: int) -> None:
        self.starts.append(start)
        self.ends.append(start + text_len)
        self.runs.append(run)
        self.offsets.append(offset)


class _Builder:
    def __init__(self, source: WordSource, styles: Styles, numbering: Numbering) -> None:
        self.source = source
        self.styles = styles
        self.numbering = numbering
        self.parts: list[str] = []
        self.pos = 0

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.pos += len(text)

    def paragraph_style(self, p: etree._Element) -> tuple[str | None, etree._Element | None]:
        ppr = p.find(_PPR)
        sid = None
        if ppr is not None:
            ps = ppr.find(_w("pStyle"))
            sid = ps.get(_VAL) if ps is not None else None
        return (sid or self.styles.default), ppr

    def marker(self, chain: list[str], ppr: etree._Element | None) -> str | None:
        num_id: str | None = None
        ilvl: int | None = None
        num_pr = ppr.find(_w("numPr")) if ppr is not None else None
        if num_pr is not None:
            nid = num_pr.find(_w("numId"))
            num_id = nid.get(_VAL) if nid is not None else None
            ilvl = int_val(num_pr.find(_w("ilvl")))
        from_style = False
        if num_id is None:
            for sid in chain:
                st = self.styles.styles[sid]
                if st.num_id is not None:
                    num_id = st.num_id
                    if ilvl is None:
                        ilvl = st.ilvl
                    from_style = True
                    break
        if num_id is None or num_id == "0":
            return None
        style_num = self.styles.numbering_styles
        if ilvl is None:
            ilvl = self.numbering.level_for_style(num_id, chain, style_num) if from_style else 0
        return self.numbering.next_marker(num_id, ilvl, style_num)

    def heading_level(self, chain: list[str], ppr: etree._Element | None) -> int | None:
        """1-based outline level; 0 for a title style; None for body text."""
        if ppr is not None:
            own = int_val(ppr.find(_w("outlineLvl")))
            if own is not None:
                return own + 1 if 0 <= own < 9 else None
        for sid in chain:
            st = self.styles.styles[sid]
            if st.outline is not None:
                return st.outline + 1 if 0 <= st.outline < 9 else None
            m = _HEADING_NAME.match(st.name)
            if m:
                return int(m.group(1))
            if st.name.lower() in _TITLE_NAMES:
                return 0
        return None

    def paragraph_text(self, p: etree._Element, label: str = "") -> int | None:
        """Append one paragraph (no line end); its heading level when it has one.

        `label` (a note's 注1：) goes after the paragraph's leading spaces, so those stay
        indentation and are not taken for a stray space after the label."""
        sid, ppr = self.paragraph_style(p)
        chain = self.styles.chain(sid)
        if chain and _TOC_NAME.match(self.styles.styles[chain[0]].name):
            return None
        self.source.paragraphs.append((self.pos, p))
        marker = self.marker(chain, ppr) if (ppr is not None or chain) else None
        if marker:
            self.source.markers.append((self.pos, self.pos + len(marker)))
            self.add(marker)
        src = self.source
        for r in iter_runs(p):
            text = run_text(r)
            if not text:
                continue
            cut = 0
            if label:
                cut = len(text) - len(text.lstrip())
                if cut < len(text):
                    if cut:
                        src.add_piece(self.pos, cut, r, 0)
                        self.add(text[:cut])
                    self.add(label)
                    label = ""
                else:
                    cut = 0
            src.add_piece(self.pos, len(text) - cut, r, cut)
            self.add(text[cut:])
        if label:
            self.add(label)
        return self.heading_level(chain, ppr)

    def cell_text(self, tc: etree._Element) -> None:
        first = True
        for child in tc:
            for p in self._paragraphs(child):
                if not first and self.parts and self.parts[-1] and self.parts[-1][-1] not in _CLOSING:
                    self.add(CELL_PARAGRAPH_SEPARATOR)
                mark = self.pos
                self.paragraph_text(p)
                if self.pos == mark:
                    continue  # an empty paragraph adds no separator either
                first = False

    def _paragraphs(self, el: etree._Element) -> Iterator[etree._Element]:
        """Paragraphs inside a cell's child, nested tables flattened."""
        tag = el.tag
        if tag == _P:
            yield el
        elif tag == _TBL:
            yield from el.iter(_P)
        elif tag in _BLOCK_CONTAINERS:
            for child in el:
                yield from self._paragraphs(child)

    def table(self, tbl: etree._Element) -> None:
        rows: list[list[tuple[int, int]]] = []
        for tr in _children(tbl, _TR):
            cells: list[tuple[int, int]] = []
            for k, tc in enumerate(_children(tr, _TC)):
                if k:
                    self.add(CELL_SEPARATOR)
                start = self.pos
                self.cell_text(tc)
                cells.append((start, self.pos))
            rows.append(cells)
            self.add("\n")
        self.source.tables.append(rows)

    def block(self, el: etree._Element) -> None:
        tag = el.tag
        if tag == _P:
            line_start = self.pos
            level = self.paragraph_text(el)
            if level is not None and level >= 1 and self.pos > line_start:
                self.source.style_headings.append((line_start, level))
            self.add("\n")
        elif tag == _TBL:
            self.table(el)
        elif tag in _BLOCK_CONTAINERS:
            for child in el:
                self.block(child)

    def notes(self, root: etree._Element, kind: str, label: str, name: str) -> None:
        body = self.source.package.element.body
        refs = {ref.get(_w("id")): ref.getparent() for ref in body.iter(_w(f"{kind}Reference"))}
        n = 0
        for note in root.iterfind(_w(kind)):
            if note.get(_TYPE) not in (None, "normal"):
                continue  # separators
            n += 1
            first = True
            start = self.pos
            for child in note:
                for p in self._paragraphs(child):
                    self.paragraph_text(p, label.format(n=n) if first else "")
                    self.add("\n")
                    first = False
            ref = refs.get(note.get(_w("id")))
            self.source.notes.append((start, self.pos, f"{name}{n}", ref if ref is not None and ref.tag == _R
                                      else None))


def build_source(package: Any, data: bytes, path: str) -> tuple[str, WordSource]:
    """The text of a python-docx document and the map from it back to runs."""
    try:
        part = package.part
        styles_rel = related_root(part, _RT_STYLES, path)
        numbering_rel = related_root(part, _RT_NUMBERING, path)
        source = WordSource(package=package, data=data)
        builder = _Builder(source, Styles.parse(styles_rel[1] if styles_rel else None),
                           Numbering.parse(numbering_rel[1] if numbering_rel else None))
        if package.element.tag != _w("document"):
            raise InputError(path, "word/document.xml is not a WordprocessingML document "
                                   "（不是 Word 文档）")
        body = package.element.body
        for el in body:
            builder.block(el)
        source.body_end = builder.pos
        for reltype, kind, label, name in ((_RT_FOOTNOTES, "footnote", FOOTNOTE_LABEL, "脚注"),
                                           (_RT_ENDNOTES, "endnote", ENDNOTE_LABEL, "尾注")):
            notes = related_root(part, reltype, path)
            if notes is not None:
                builder.notes(notes[1], kind, label, name)
    except InputError:
        raise
    except etree.XMLSyntaxError as exc:
        raise InputError(path, f"broken XML in the .docx: {one_line(exc)} （文件已损坏）") from None
    except (ValueError, TypeError, AttributeError, KeyError, RecursionError) as exc:
        raise InputError(path, f"cannot read as a Word .docx: {one_line(exc)} （无法读取）") from None
    return "".join(builder.parts), source


@dataclass
class WordDocument(Document):
    """A `Document` read from .docx: headings by style count as headings too."""

    def _headings(self) -> list[Heading]:
        base = super()._headings()
        source = self.source
        if not isinstance(source, WordSource) or not source.style_headings:
            return base
        by_line = {p.start - p.indent: p for p in self.paragraphs}
        markers = dict(source.markers)
        taken = {h.paragraph for h in base}
        title = self.title
        extra: list[Heading] = []
        for line_start, level in source.style_headings:
            para = by_line.get(line_start)
            if para is None or para.index in taken or (title is not None and para.start == title.start):
                continue
            text = self.text[para.start:para.end]
            # An automatic number with no words after it is still the heading's marker.
            words_from = max(0, min(markers.get(para.start, para.start), para.end) - para.start)
            title_end, run_in = heading_title_end(text, words_from)
            style = _LEVEL_STYLES[min(level, len(_LEVEL_STYLES)) - 1]
            extra.append(Heading(style=style, rank=STYLE_RANK[style], number=0, start=para.start,
                                 marker_end=para.start + words_from, title_end=para.start + title_end,
                                 run_in=run_in, paragraph=para.index,
                                 text=TITLE_TAIL.sub("", text[words_from:title_end])))
        if not extra:
            return base
        merged = sorted(base + extra, key=lambda h: h.start)
        # A heading by style has no number of its own: give it the next one among its
        # siblings, so the numbering rules find nothing to say about it.
        stack: list[tuple[int, dict[str, int]]] = [(-1, {})]
        out: list[Heading] = []
        for h in merged:
            while len(stack) > 1 and stack[-1][0] >= h.rank:
                stack.pop()
            counters = stack[-1][1]
            if h.number == 0:
                h = dataclasses.replace(h, number=counters.get(h.style, 0) + 1)
            counters[h.style] = h.number
            stack.append((h.rank, {}))
            out.append(h)
        return out

    def _sections(self) -> Section:
        """As for any draft, except that no section runs on into the notes after the body."""
        root = super()._sections()
        source = self.source
        if isinstance(source, WordSource) and source.body_end < len(self.text):
            for section in root.walk():
                if section is not root and section.end > source.body_end:
                    section.end = max(section.start, source.body_end)
        return root


def read_docx_bytes(data: bytes, path: str = "<bytes>") -> WordDocument:
    """A `Document` from the bytes of a .docx; `InputError` naming `path` when it cannot be."""
    package = open_package(data, path)
    text, source = build_source(package, data, path)
    if not text.strip():
        raise InputError(path, "no text in the Word document （Word 文档中没有文字）")
    return WordDocument(text=text, path=path, encoding=None, source_format="docx", source=source)


def reopen(source: WordSource, path: str) -> tuple[str, WordSource]:
    """A fresh package and map from the same bytes (for a second annotation of one document)."""
    return build_source(open_package(source.data, path), source.data, path)
