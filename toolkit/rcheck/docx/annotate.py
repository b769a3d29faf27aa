"""Writing a .docx draft back with each finding as a Word comment （批注）.

Each comment covers exactly the characters its finding is about: runs are split where a
finding starts or ends inside one (the new run is a copy of the old, so its formatting is
kept), and the comment range goes from the first covered run to the last. Nothing is added
to or taken from the text: range marks and the comment reference carry no characters.

A finding with no characters of its own in the file (zero length, as S101 reports where a
section should be, or only characters the reader inserted, such as an automatic number or
a cell separator) is anchored on the nearest character of its line, else the nearest
character anywhere, else at the start of its paragraph.
"""


from __future__ import annotations

import copy
import io
import os
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from typing import Any

from lxml import etree

from rcheck.docx import safety
from rcheck.docx.comment_limit import select_comments, summary_text
from rcheck.docx.numbering import decimal_value
from rcheck.docx.read import WordSource, atom_text, reopen, w_tag
from rcheck.errors import InputError
from rcheck.finding import Finding
from rcheck.text import regex as re
from rcheck.text.document import Document

AUTHOR = "rcheck"
# A reviewer reads a few hundred comments, not a hundred thousand; each also adds about
# 300 bytes to document.xml, which must stay within what rcheck reads back.
DEFAULT_MAX_COMMENTS = 2000
INITIALS = "RC"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_RT_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MAX_ID = 2**31 - 1  # w:id is a 32-bit signed number
# Characters XML 1.0 cannot hold; a message quoting text never needs them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def comment_text(finding: Finding, where: str = "") -> str:
    """What the comment says: the code and the message, and the suggestion when there is one.
    `where` names the place when the comment cannot sit on the text itself (脚注1)."""
    text = f"{finding.code} （{where}）{finding.message}" if where else f"{finding.code} {finding.message}"
    if finding.suggestion == "":
        text += "\n建议删除"
    elif finding.suggestion is not None:
        text += f"\n建议改为\u201c{finding.suggestion}\u201d"
    return _NOT_XML.sub("", text)


_T, _RPR, _PPR = w_tag("t"), w_tag("rPr"), w_tag("pPr")


def _atom_len(child: etree._Element) -> int:
    return len(atom_text(child))


def run_length(r: etree._Element) -> int:
    return sum(_atom_len(c) for c in r)


def split_run(r: etree._Element, k: int) -> etree._Element:
    """Split run `r` before its character `k` (0-based, 0 < k < its length); the new run, a
    copy with the same properties, holds the characters from `k` on and follows `r`."""
    right = copy.deepcopy(r)
    pos = 0
    for lc, rc in zip([c for c in r if c.tag != _RPR], [c for c in right if c.tag != _RPR],
                      strict=True):
        n = _atom_len(lc)
        if n == 0:  # marks and drawings stay on the side they stand on
            if pos < k:
                right.remove(rc)
            else:
                r.remove(lc)
        elif pos + n <= k:
            right.remove(rc)
        elif pos >= k:
            r.remove(lc)
        else:  # only a w:t can straddle the cut
            assert lc.tag == _T
            cut = k - pos
            lc.text, rc.text = lc.text[:cut], rc.text[cut:]
            lc.set(_XML_SPACE, "preserve")
            rc.set(_XML_SPACE, "preserve")
        pos += n
    r.addnext(right)
    return right


class Annotator:
    def __init__(self, source: WordSource, text: str) -> None:
        self.src = source
        self.text = text

    # -------------------------------------------------------------- where a comment goes

    def _next_mapped(self, x: int, limit: int) -> int | None:
        src = self.src
        i = src.piece_at(x)
        if i is not None:
            return x if x < limit else None
        j = bisect_right(src.starts, x)
        if j < len(src.starts) and src.starts[j] < limit:
            return src.starts[j]
        return None

    def _prev_mapped(self, x: int, floor: int) -> int | None:
        """The last mapped offset before `x` and not before `floor`."""
        src = self.src
        j = bisect_left(src.starts, x) - 1
        if j < 0:
            return None
        last = min(src.ends[j], x) - 1
        return last if last >= floor else None

    def anchor(self, start: int, end: int) -> tuple[int, int] | None:
        """Text offsets (a, b) to cover, both ends in the file and in one story (the body,
        or the notes); None when nothing near is in the file."""
        text = self.text
        body_end = self.src.body_end
        lo, hi = (0, body_end) if start < body_end else (body_end, len(text))
        if end > start:
            a = self._next_mapped(start, min(end, hi))
            if a is not None:
                b = self._prev_mapped(min(end, hi), a)
                assert b is not None
                return a, b + 1
        line_start = max(lo, text.rfind("\n", 0, start) + 1)
        line_end = text.find("\n", start)
        line_end = hi if line_end < 0 else min(line_end, hi)
        after = min(max(end, start), hi)
        for found in (self._next_mapped(start, min(start + 1, hi)),
                      self._prev_mapped(start, line_start),
                      self._next_mapped(after, line_end),
                      self._next_mapped(after, hi),
                      self._prev_mapped(min(start, hi), lo)):
            if found is not None:
                return found, found + 1
        return None

    # -------------------------------------------------------------- splitting runs

    def _split(self, i: int, k: int) -> None:
        """Split the run of piece `i` before its character `k`; re-point its pieces."""
        src = self.src
        r = src.runs[i]
        right = split_run(r, k)
        lo = i
        while lo > 0 and src.runs[lo - 1] is r:
            lo -= 1
        j = lo
        while j < len(src.runs) and src.runs[j] is r:
            length = src.ends[j] - src.starts[j]
            if src.offsets[j] >= k:
                src.runs[j] = right
                src.offsets[j] -= k
            elif src.offsets[j] + length > k:  # the piece straddles the cut: split it too
                cut = src.starts[j] + k - src.offsets[j]
                src.starts.insert(j + 1, cut)
                src.ends.insert(j + 1, src.ends[j])
                src.runs.insert(j + 1, right)
                src.offsets.insert(j + 1, 0)
                src.ends[j] = cut
                j += 1
            j += 1

    def runs_for(self, a: int, b: int) -> tuple[etree._Element, etree._Element]:
        """The first and last run of text `[a, b)`, split so that they hold nothing else."""
        src = self.src
        i = src.piece_at(a)
        assert i is not None
        k = src.offsets[i] + a - src.starts[i]
        if k > 0:
            self._split(i, k)
        j = src.piece_at(b - 1)
        assert j is not None
        k = src.offsets[j] + b - src.starts[j]
        if k < run_length(src.runs[j]):
            self._split(j, k)
        first, last = src.piece_at(a), src.piece_at(b - 1)
        assert first is not None and last is not None
        return src.runs[first], src.runs[last]

    def note_at(self, offset: int) -> tuple[str, etree._Element | None] | None:
        """(label, reference run) of the footnote or endnote holding `offset`, if any."""
        if offset < self.src.body_end:
            return None
        for start, end, label, ref in self.src.notes:
            if start <= offset < end:
                return label, ref
        return None

    def paragraph_at(self, offset: int) -> etree._Element | None:
        paras = self.src.paragraphs
        if not paras:
            return None
        i = max(0, bisect_right([p[0] for p in paras], offset) - 1)
        return paras[i][1]


def _mark_paragraph(p: etree._Element, comment_id: int) -> None:
    """A comment on an empty paragraph: range marks and reference at its start."""
    from docx.oxml.ns import qn
    from docx.oxml.parser import OxmlElement

    ppr = p.find(_PPR)
    at = 0 if ppr is None else p.index(ppr) + 1
    start = OxmlElement("w:commentRangeStart", attrs={qn("w:id"): str(comment_id)})
    end = OxmlElement("w:commentRangeEnd", attrs={qn("w:id"): str(comment_id)})
    ref = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:rStyle", attrs={qn("w:val"): "CommentReference"}))
    ref.append(rpr)
    ref.append(OxmlElement("w:commentReference", attrs={qn("w:id"): str(comment_id)}))
    for k, el in enumerate((start, end, ref)):
        p.insert(at + k, el)



def _check_comments_part(package: Any, path: str) -> None:
    """A comments part the draft already has must be one (python-docx would fail on it, or
    add comments to whatever root it has); rcheck does not guess how to repair it."""
    from docx.parts.comments import CommentsPart

    try:
        part = package.part.part_related_by(_RT_COMMENTS)
    except KeyError:
        return
    except ValueError:  # python-docx: the relationship has TargetMode="External"
        raise InputError(path, "the draft's comments point outside the file (an external relationship), "
                               "so no comments can be added. Open the draft in Word/WPS, save it and try "
                               "again （批注部件指向文件之外，请在 Word/WPS 中打开并另存后再试）") from None
    name = str(part.partname).lstrip("/")
    if not isinstance(part, CommentsPart):
        why = f"its content type is {part.content_type}, not the comments type"
    elif part.element.tag != w_tag("comments"):
        qname = etree.QName(part.element)
        why = f"its root element is <{'w:' if qname.namespace == _W_NS else ''}{qname.localname}>"
    else:
        return
    raise InputError(path, f"{name} is not a Word comments part ({why}); no comments can be added. Open "
                           "the draft in Word/WPS, save it and try again （批注部件已损坏，请在 Word/WPS "
                           "中打开并另存后再试）")


class _CommentsPart:
    """Adds comments to the document's comments part (python-docx creates it when absent).

    python-docx's `Document.add_comment` looks for a free id by scanning every comment
    already there, so n comments cost n² (2 s for the 1,800 findings of a 200-page draft);
    here ids are counted once and each comment is one parse. The XML is what python-docx
    writes; the range marks around the runs are placed by python-docx's own `Run` method."""

    def __init__(self, package: Any, path: str) -> None:
        _check_comments_part(package, path)
        _ = package.comments  # creates the part if the draft has none
        self.root = package.part.part_related_by(_RT_COMMENTS).element
        values = (decimal_value(str(v)) for v in self.root.xpath("./w:comment/@w:id"))
        self.used = {v for v in values if v is not None and 0 <= v <= _MAX_ID}
        self.next_id = max(self.used, default=-1) + 1
        from datetime import datetime, timezone

        self.date = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    def add(self, text: str) -> int:
        from xml.sax.saxutils import escape, quoteattr

        from docx.oxml.parser import parse_xml

        if self.next_id > _MAX_ID:  # ids are 32-bit: take the free ones from 0 up
            self.next_id = 0
        while self.next_id in self.used:
            self.next_id += 1
        cid = self.next_id
        self.next_id += 1
        paras = []
        for k, line in enumerate(text.split("\n")):
            mark = ('<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
                    if k == 0 else "")
            body = f'<w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r>' if line else ""
            paras.append(f'<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>{mark}{body}</w:p>')
        self.root.append(parse_xml(
            f'<w:comment xmlns:w="{_W_NS}" w:id="{cid}" w:author={quoteattr(AUTHOR)} '
            f'w:initials={quoteattr(INITIALS)} w:date="{self.date}">{"".join(paras)}</w:comment>'))
        return cid


def _annotate_once(doc: Document, findings: list[Finding], limit: int, shrunk: bool) -> tuple[bytes, int]:
    from docx.text.run import Run

    source = doc.source
    if not isinstance(source, WordSource):
        raise InputError(doc.path, "comments can be written only into a .docx draft "
                                   "（只能为 .docx 文稿添加批注）")
    if source.annotated:
        text, source = reopen(source, doc.path)
        if text != doc.text:  # pragma: no cover - the same bytes give the same text
            raise InputError(doc.path, "the document changed while it was being annotated")
    source.annotated = True
    package = source.package
    work = Annotator(source, doc.text)
    from rcheck.docx.reannotate import Earlier

    earlier = Earlier(source)  # before any run is split: its spans are read from the map
    comments = _CommentsPart(package, doc.path)

    def place(start: int, end: int, body: str, finding: Finding | None) -> bool:
        span = work.anchor(start, end)
        note = work.note_at(span[0]) if span is not None else None
        if note is not None:
            # LibreOffice (7.x) cannot open a file with a comment inside a footnote, so a
            # finding in a note goes on the note's reference mark in the body.
            label, ref = note
            if finding is not None:
                body = comment_text(finding, label)
            span = None if ref is None else (ref, ref)
        if span is None:
            p = work.paragraph_at(min(start, max(0, source.body_end - 1)))
            if p is None:
                return False
            _mark_paragraph(p, comments.add(body))
            return True
        if note is None and finding is not None and earlier.keep(span, body):
            return True  # said already, on these words, by an earlier --annotate
        r_first, r_last = span if note is not None else work.runs_for(*span)
        cid = comments.add(body)
        Run(r_first, None).mark_comment_range(Run(r_last, None), cid)  # type: ignore[arg-type]
        return True

    keep, rest = select_comments(findings, limit)
    written = sum(place(f.start, f.end, comment_text(f), f) for f in keep)
    if rest:  # at the start of the draft, where a reader sees it first
        place(0, 0, summary_text(rest, limit, shrunk), None)
    earlier.remove_stale()
    out = io.BytesIO()
    package.save(out)
    return out.getvalue(), written


def _annotate(doc: Document, findings: Iterable[Finding], max_comments: int,
              max_bytes: int | None = None) -> tuple[bytes, int]:
    """The annotated copy and the number of findings written as comments.

    Whatever rcheck writes it must read back: when the copy would pass one of the limits in
    `safety` (or `max_bytes`, the file size limit in force), it is made again with fewer
    comments, as many as the first try shows there is room for."""
    if max_comments < 0:
        raise ValueError("max_comments must not be negative")
    findings = list(findings)
    limit = max_comments
    source = doc.source
    original = source.data if isinstance(source, WordSource) else b""
    before = safety.member_sizes(original) if original else {}
    shrunk = False
    for attempt in range(12):
        data, written = _annotate_once(doc, findings, limit, shrunk)
        problem = safety.over_limits(data, max_bytes)
        if problem is None:
            return data, written
        fits = _room(data, before, len(original), written, max_bytes)
        if fits is None:
            break
        limit = min(fits, limit // 2 if attempt >= 6 else limit - 1)
        shrunk = True
    raise InputError(doc.path, f"the annotated copy would be refused when read ({problem}); nothing was "
                               "written （加批注后的副本超出 rcheck 能读取的上限，未写入）")


def _room(data: bytes, before: dict[str, int], before_len: int, written: int,
          max_bytes: int | None) -> int | None:
    """How many comments fit, judged from how much `written` of them made each part, the
    members in all and the file grow (a tenth kept spare); None when comments are not what
    passes the limit (too many members, or nothing written to take back)."""
    after = safety.member_sizes(data)
    budgets = [(after[name] - before.get(name, 0), safety.MAX_XML_BYTES - before.get(name, 0))
               for name in after if safety.is_xml(name)]
    total = sum(before.values())
    budgets.append((sum(after.values()) - total, safety.MAX_TOTAL_BYTES - total))
    if max_bytes is not None:
        budgets.append((len(data) - before_len, max_bytes - before_len))
    fits = written
    for grown, room in budgets:
        if grown > 0:
            fits = min(fits, int(max(room, 0) * 0.9 * written / grown))
    return fits if fits < written else None


def annotate_bytes(doc: Document, findings: Iterable[Finding], *,
                   max_comments: int = DEFAULT_MAX_COMMENTS) -> bytes:
    """The .docx `doc` was read from, with one comment per finding; the text is unchanged.

    At most `max_comments` findings become comments (errors first, then warnings, then the
    rest, each by place); when some are left out, one more comment at the start of the draft
    says how many and of which codes. `doc` must come from `rcheck.load` of a .docx. The first
    call edits the document held in `doc.source` (no second parse); later calls start again
    from the file's bytes.
    """
    return _annotate(doc, findings, max_comments)[0]


def write_annotated(doc: Document, findings: Iterable[Finding], path: str | os.PathLike[str], *,
                    max_comments: int = DEFAULT_MAX_COMMENTS, max_bytes: int | None = None) -> int:
    """Write the annotated copy to `path` atomically and return the number of findings
    written as comments (see `annotate_bytes`).

    The copy is one rcheck can read back: within the part limits and, when given, within
    `max_bytes`, with fewer comments if need be. The draft that was read is never touched:
    naming it as `path` is an error."""
    from rcheck.output import write_atomic

    target = os.fspath(path)
    if os.path.exists(target) and os.path.exists(doc.path) and os.path.samefile(target, doc.path):
        raise InputError(target, "--annotate would overwrite the draft itself; name another file "
                                 "（不能覆盖原文件）")
    data, written = _annotate(doc, findings, max_comments, max_bytes)
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise InputError(target, f"cannot write: {exc.strerror or exc} （无法写入）") from None
    return written
