"""What a Word draft says not to check: a comment whose text begins `rcheck: ignore CODE`
(or `rcheck：忽略 CODE`) hides findings of CODE overlapping the commented span, and runs
marked `<w:noProof/>` (Word's 不检查拼写或语法) are not checked at all."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from rcheck.docx.ranges import comment_spans, run_spans
from rcheck.docx.read import WordSource, run_text, w_tag
from rcheck.fixes.suppress import Directive
from rcheck.text import regex as re
from rcheck.text.document import Document

_RT_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_IGNORE = re.compile(r"^\s*rcheck\s*[:：]\s*(?:ignore|忽略)\s*(?P<codes>[A-Za-z0-9_,，、 \t-]*)",
                     re.IGNORECASE)
_ID, _VAL = w_tag("id"), w_tag("val")
_R = w_tag("r")


@dataclass
class CarriedIgnores:
    """A fixed text's Word ignores, moved with the text (fix rounds work on plain text)."""

    directives: list[Directive]


def _comment_texts(source: WordSource) -> dict[str, str]:
    try:
        part = source.package.part.part_related_by(_RT_COMMENTS)
    except KeyError:
        return {}
    root = etree.fromstring(part.blob) if not hasattr(part, "element") else part.element
    out = {}
    for c in root.iter(w_tag("comment")):
        text = "".join(run_text(r) for r in c.iter(_R))
        out[c.get(_ID, "")] = text
    return out


def _codes(raw: str) -> tuple[str, ...]:
    return tuple(c for c in re.split(r"[\s,，、]+", raw) if c)


def _no_proof(r: etree._Element) -> bool:
    rpr = r.find(w_tag("rPr"))
    mark = rpr.find(w_tag("noProof")) if rpr is not None else None
    return mark is not None and mark.get(_VAL, "true").lower() not in ("0", "false", "off")


def comment_directives(doc: Document) -> list[Directive]:
    """The draft's ignoring comments and noProof runs, as directives over its text."""
    source = doc.source
    if isinstance(source, CarriedIgnores):
        return [Directive(d.line, d.text, d.codes, d.start, d.end, d.used) for d in source.directives]
    if not isinstance(source, WordSource):
        return []
    spans = run_spans(source)
    runs = {id(r): r for r in source.runs}
    out: list[Directive] = []
    for key, (a, b) in spans.items():  # noProof: not checked, so never an unused ignore
        if _no_proof(runs[key]):
            out.append(Directive(doc.position(a)[0], "<w:noProof/>", (), a, b, used=True))
    wanted = {cid: m for cid, text in _comment_texts(source).items() if (m := _IGNORE.match(text))}
    if not wanted:
        return _merged(out)
    for cid, (a, end) in comment_spans(source, wanted, spans).items():
        m = wanted[cid]
        out.append(Directive(doc.position(a)[0], m.group().strip(), _codes(m.group("codes")),
                             a, max(end, a + 1)))
    return _merged(out)


def _merged(directives: list[Directive]) -> list[Directive]:
    return sorted(directives, key=lambda d: (d.start, d.end))
