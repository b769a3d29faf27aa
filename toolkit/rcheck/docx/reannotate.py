"""`--annotate` on a copy it annotated before: rcheck's earlier comments that still say the
same thing on the same words are kept (not written twice); those no finding needs any more are
removed, unless someone replied to them. The user's own comments, replies and ignores stay."""

from __future__ import annotations

from typing import Any

from lxml import etree

from rcheck.docx.ranges import comment_spans
from rcheck.docx.read import WordSource, w_tag

_RT_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_RT_EXTENDED = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended"
_W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
_W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
_ID, _AUTHOR = w_tag("id"), w_tag("author")
_START, _END, _REF, _R = (w_tag("commentRangeStart"), w_tag("commentRangeEnd"),
                          w_tag("commentReference"), w_tag("r"))


def _part(package: Any, reltype: str) -> Any | None:
    try:
        return package.part.part_related_by(reltype)
    except KeyError:
        return None


def _text(comment: etree._Element) -> str:
    lines = []
    for p in comment.iter(w_tag("p")):
        lines.append("".join(t.text or "" for t in p.iter(w_tag("t"))))
    return "\n".join(lines)


class Earlier:
    """rcheck's comments already in the draft, by (text span, comment text)."""

    def __init__(self, source: WordSource) -> None:
        self.source = source
        part = _part(source.package, _RT_COMMENTS)
        self.root = part.element if part is not None and hasattr(part, "element") else None
        self.by_key: dict[tuple[int, int, str], str] = {}
        self.kept: set[str] = set()
        if self.root is None:
            return
        ours = {c.get(_ID, ""): c for c in self.root.iter(w_tag("comment"))
                if c.get(_AUTHOR) == "rcheck"}
        if not ours:
            return
        self.ours = ours
        for cid, (start, end) in comment_spans(source, ours).items():
            self.by_key[(start, end, _text(ours[cid]))] = cid

    def keep(self, span: tuple[int, int] | None, text: str) -> bool:
        """Whether an earlier comment already says `text` on `span` (then it stays as it is)."""
        if span is None or not self.by_key:
            return False
        cid = self.by_key.get((span[0], span[1], text))
        if cid is None or cid in self.kept:
            return False
        self.kept.add(cid)
        return True

    def _replied(self) -> set[str]:
        """Ids of rcheck's comments someone answered (commentsExtended links a reply to them)."""
        ext = _part(self.source.package, _RT_EXTENDED)
        if ext is None or not getattr(self, "ours", None):
            return set()
        root = etree.fromstring(ext.blob)
        parents = {e.get(f"{{{_W15}}}paraIdParent") for e in root.iter(f"{{{_W15}}}commentEx")}
        out = set()
        for cid, c in self.ours.items():
            ids = {p.get(f"{{{_W14}}}paraId") for p in c.iter(w_tag("p"))}
            if ids & parents:
                out.add(cid)
        return out

    def remove_stale(self) -> None:
        """Drop rcheck's earlier comments no finding kept, with their marks in the text."""
        if not getattr(self, "ours", None):
            return
        stale = set(self.ours) - self.kept - self._replied()
        if not stale:
            return
        for cid in stale:
            c = self.ours[cid]
            c.getparent().remove(c)
        body = self.source.package.element
        for el in list(body.iter(_START, _END, _REF)):
            if el.get(_ID, "") not in stale:
                continue
            if el.tag == _REF:
                run = el.getparent()
                if run is not None and run.tag == _R and all(
                        ch is el or ch.tag == w_tag("rPr") for ch in run):
                    run.getparent().remove(run)
                    continue
            el.getparent().remove(el)
