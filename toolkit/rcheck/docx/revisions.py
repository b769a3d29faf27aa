"""Writing fixes into a .docx as tracked revisions (修订): `w:del` + `w:ins`, author rcheck.

Each change covers exactly its characters: runs are split where it starts or ends (the new
run keeps the old one's properties), the old runs go inside `w:del` with their text as
`w:delText`, and the new text follows in `w:ins` with the first old run's formatting, so the
drafter accepts or rejects each change in Word or WPS. With `accept`, the same changes are
written applied. A change that touches characters the reader inserted (automatic numbers,
cell separators, line ends) cannot be a revision: it is left out, and the text that the
copy reads back as is returned, so callers report exactly what was written.
"""

from __future__ import annotations

import copy
import difflib
import io
import os
from datetime import datetime, timezone

from lxml import etree

from rcheck.docx.annotate import Annotator
from rcheck.docx.read import WordSource, reopen, w_tag
from rcheck.errors import InputError
from rcheck.fixes.edits import Edit, apply_edits
from rcheck.text.document import Document

AUTHOR = "rcheck"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_ID, _AUTHOR, _DATE = w_tag("id"), w_tag("author"), w_tag("date")
_T, _DEL_TEXT, _RPR, _R = w_tag("t"), w_tag("delText"), w_tag("rPr"), w_tag("r")


def text_edits(old: str, new: str) -> list[Edit]:
    """The smallest character edits that turn `old` into `new`."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return [Edit(i1, i2, new[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes() if op != "equal"]


def _representable(src: WordSource, text: str, e: Edit) -> bool:
    """Whether `e` touches only characters that are in the file, within one paragraph."""
    if "\n" in text[e.start:e.end] or "\n" in e.content:
        return False
    if e.start == e.end:
        return any(0 <= k < len(text) and text[k] != "\n" and src.piece_at(k) is not None
                   for k in (e.start - 1, e.start))
    return all(src.piece_at(k) is not None for k in range(e.start, e.end))


class _Reviser:
    def __init__(self, source: WordSource, text: str, date: str) -> None:
        self.src = source
        self.work = Annotator(source, text)
        self.text = text
        self.date = date
        ids = [int(v) for el in source.package.element.iter() if (v := el.get(_ID)) is not None
               and v.lstrip("-").isdigit()]
        self.next_id = max(ids, default=0) + 1

    def _mark(self, tag: str) -> etree._Element:
        el = etree.Element(w_tag(tag))
        el.set(_ID, str(self.next_id))
        el.set(_AUTHOR, AUTHOR)
        el.set(_DATE, self.date)
        self.next_id += 1
        return el

    def _runs(self, a: int, b: int) -> list[etree._Element]:
        self.work.runs_for(a, b)
        src = self.src
        out: list[etree._Element] = []
        i = src.piece_at(a)
        assert i is not None
        while i < len(src.starts) and src.starts[i] < b:
            if not out or out[-1] is not src.runs[i]:
                out.append(src.runs[i])
            i += 1
        return out

    def _new_run(self, like: etree._Element | None, content: str) -> etree._Element:
        r = etree.Element(_R)
        rpr = like.find(_RPR) if like is not None else None
        if rpr is not None:
            r.append(copy.deepcopy(rpr))
        t = etree.SubElement(r, _T)
        t.text = content
        t.set(_XML_SPACE, "preserve")
        return r

    def apply(self, e: Edit) -> None:
        ins = None
        if e.start == e.end:
            text = self.text
            before = e.start - 1
            if before >= 0 and text[before] != "\n" and self.src.piece_at(before) is not None:
                [anchor] = self._runs(before, e.start)
                after = True
            else:
                [anchor] = self._runs(e.start, e.start + 1)
                after = False
            ins = self._mark("ins")
            ins.append(self._new_run(anchor, e.content))
            (anchor.addnext if after else anchor.addprevious)(ins)
            return
        runs = self._runs(e.start, e.end)
        last = None
        for r in runs:
            d = self._mark("del")
            r.addprevious(d)
            d.append(r)
            for t in r.iter(_T):
                t.tag = _DEL_TEXT
                t.set(_XML_SPACE, "preserve")
            last = d
        if e.content:
            ins = self._mark("ins")
            ins.append(self._new_run(runs[0], e.content))
            last.addnext(ins)


def _accept_all(root: etree._Element) -> None:
    """The revisions rcheck wrote, applied: deletions dropped, insertions unwrapped."""
    for d in root.iter(w_tag("del")):
        if d.get(_AUTHOR) == AUTHOR:
            d.getparent().remove(d)
    for ins in list(root.iter(w_tag("ins"))):
        if ins.get(_AUTHOR) == AUTHOR:
            for child in list(ins):
                ins.addprevious(child)
            ins.getparent().remove(ins)


def revised_bytes(doc: Document, fixed: str, *, accept: bool = False,
                  date: datetime | None = None) -> tuple[bytes, str]:
    """The .docx `doc` came from with `fixed` (its text after fixing) as tracked revisions,
    and the text that copy reads back as (with every revision accepted)."""
    source = doc.source
    if not isinstance(source, WordSource):
        raise InputError(doc.path, "revisions can be written only into a .docx draft "
                                   "（只能为 .docx 文稿写修订）")
    text, source = reopen(source, doc.path)  # a fresh tree: doc.source may have been annotated
    when = (date or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")
    edits = [e for e in text_edits(text, fixed) if _representable(source, text, e)]
    reviser = _Reviser(source, text, when)
    for e in sorted(edits, key=lambda e: e.start, reverse=True):  # later first: offsets hold
        reviser.apply(e)
    root = source.package.element
    if accept:
        _accept_all(root)
    out = io.BytesIO()
    source.package.save(out)
    return out.getvalue(), apply_edits(text, edits)


def write_revisions(doc: Document, fixed: str, path: str | os.PathLike[str] | None, *,
                    accept: bool = False, max_bytes: int | None = None) -> str:
    """Write the revised copy to `path` atomically; return its text with revisions accepted."""
    from rcheck.output import write_atomic

    if path is None:
        raise InputError(doc.path, "a .docx is fixed into a copy: give -o OUT.docx （需要 -o 文件名）")
    target = os.fspath(path)
    if os.path.exists(target) and os.path.exists(doc.path) and os.path.samefile(target, doc.path):
        raise InputError(target, "would overwrite the draft itself; name another file （不能覆盖原文件）")
    data, text = revised_bytes(doc, fixed, accept=accept)
    if max_bytes is not None and len(data) > max_bytes:
        raise InputError(target, "the fixed copy would be larger than --max-size; nothing was written "
                                 "（修复后的副本超过大小上限，未写入）")
    try:
        write_atomic(target, data)
    except OSError as exc:
        raise InputError(target, f"cannot write: {exc.strerror or exc} （无法写入）") from None
    return text
