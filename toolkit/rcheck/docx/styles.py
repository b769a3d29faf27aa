"""Paragraph styles of a .docx (styles.xml): names, outline levels and numbering, by id."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from lxml import etree

from rcheck.docx.numbering import decimal_value, w_tag

_w = w_tag
_PPR, _VAL, _TYPE = _w("pPr"), _w("val"), _w("type")


@dataclass
class Style:
    name: str
    based_on: str | None
    outline: int | None  # w:outlineLvl, 0-based
    num_id: str | None
    ilvl: int | None


@dataclass
class Styles:
    styles: dict[str, Style] = field(default_factory=dict)
    default: str | None = None

    @classmethod
    def parse(cls, root: etree._Element | None) -> Styles:
        out = cls()
        if root is None:
            return out
        for st in root.iterfind(_w("style")):
            if st.get(_TYPE, "paragraph") not in ("paragraph", "numbering"):
                continue
            sid = st.get(_w("styleId"), "")
            name_el, based = st.find(_w("name")), st.find(_w("basedOn"))
            ppr = st.find(_PPR)
            outline = num_id = ilvl = None
            if ppr is not None:
                outline = int_val(ppr.find(_w("outlineLvl")))
                num_pr = ppr.find(_w("numPr"))
                if num_pr is not None:
                    nid = num_pr.find(_w("numId"))
                    num_id = nid.get(_VAL) if nid is not None else None
                    ilvl = int_val(num_pr.find(_w("ilvl")))
            out.styles[sid] = Style(
                name=(name_el.get(_VAL, "") if name_el is not None else "").strip(),
                based_on=based.get(_VAL) if based is not None else None,
                outline=outline, num_id=num_id, ilvl=ilvl)
            if st.get(_w("default")) in ("1", "true", "on") and st.get(_TYPE) == "paragraph":
                out.default = sid
        return out

    def chain(self, sid: str | None) -> list[str]:
        """The style and the styles it is based on, nearest first (cycles cut)."""
        out: list[str] = []
        while sid and sid in self.styles and sid not in out and len(out) < 20:
            out.append(sid)
            sid = self.styles[sid].based_on
        return out

    @cached_property
    def numbering_styles(self) -> dict[str, str]:
        """Numbering style id -> its num id, for w:numStyleLink."""
        return {sid: s.num_id for sid, s in self.styles.items() if s.num_id}


def int_val(el: etree._Element | None) -> int | None:
    return None if el is None else decimal_value(el.get(_VAL))
