"""Opening a .docx package and parsing its parts within rcheck's limits.

`check_package` (safety.py) refuses a hostile zip before python-docx sees it; this module opens
what passed, parses related parts without creating them, lifts libxml2's size limits only for a
part that needs it (and then checks nesting itself), and checks every parsed tree for a DTD a
second time.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from lxml import etree

from rcheck.docx.safety import check_package, dtd_error
from rcheck.errors import InputError


def related_root(part: Any, reltype: str, path: str) -> tuple[Any, etree._Element] | None:
    """A related part and its XML root, without creating the part when it is absent."""
    try:
        related = part.part_related_by(reltype)
    except KeyError:
        return None
    element = getattr(related, "element", None)
    if element is not None:
        return related, element
    from docx.oxml.parser import parse_xml  # entities are not resolved by python-docx's parser

    name = str(related.partname).lstrip("/")
    try:
        root = parse_xml(related.blob)
    except etree.XMLSyntaxError as exc:
        if exc.code != _RESOURCE_LIMIT:
            raise
        with _huge_trees():
            try:
                root = parse_xml(related.blob)
            except etree.XMLSyntaxError:
                raise exc from None
        _check_depth(root, name, path)
    _check_tree(root, name, path)
    return related, root


# libxml2 refuses a text node or an attribute over 10 MB, and nesting past 256, unless told
# the tree may be huge; a part within safety.MAX_XML_BYTES may hold such text.
_RESOURCE_LIMIT = etree.ErrorTypes.ERR_RESOURCE_LIMIT
MAX_DEPTH = 256  # libxml2's own default, kept when the huge-tree parser is used
_TOO_DEEP = etree.XPath("boolean(/" + "/".join(["*"] * (MAX_DEPTH + 1)) + ")")
_PARSER_LOCK = threading.Lock()
_huge_parser: etree.XMLParser | None = None


@contextmanager
def _huge_trees() -> Iterator[None]:
    """python-docx's parser, for the time of one parse, with libxml2's size limits lifted.

    Only sizes: entities stay unresolved, the network unused, and MAX_DEPTH is checked on
    the result. Used only after a part failed on a size limit, so ordinary drafts never pay
    for the depth check."""
    global _huge_parser
    import docx.oxml.parser as oxml

    with _PARSER_LOCK:
        if _huge_parser is None:
            _huge_parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True,
                                           huge_tree=True)
            _huge_parser.set_element_class_lookup(oxml.element_class_lookup)
        saved = oxml.oxml_parser
        oxml.oxml_parser = _huge_parser
        try:
            yield
        finally:
            oxml.oxml_parser = saved


def _check_tree(root: etree._Element, name: str, path: str) -> None:
    """What libxml2 made of a part: no DTD, whatever the bytes looked like to `check_package`
    (which refuses them before parsing; this is the second line)."""
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise dtd_error(name, path)


def _check_depth(root: etree._Element, name: str, path: str) -> None:
    if _TOO_DEEP(root):
        raise InputError(path, f"{name}: XML nested more than {MAX_DEPTH} levels deep "
                               "（XML 嵌套层数超出上限）")


def open_package(data: bytes, path: str) -> Any:
    check_package(data, path)
    import docx

    huge = False
    try:
        try:
            package = docx.Document(io.BytesIO(data))
        except etree.XMLSyntaxError as exc:
            if exc.code != _RESOURCE_LIMIT:
                raise
            huge = True
            with _huge_trees():
                try:
                    package = docx.Document(io.BytesIO(data))
                except etree.XMLSyntaxError:
                    raise exc from None  # the first message names the limit rcheck keeps
    except etree.XMLSyntaxError as exc:
        raise InputError(path, f"broken XML in the .docx: {one_line(exc)} （文件已损坏）") from None
    except Exception as exc:  # python-docx raises KeyError, ValueError… on malformed packages
        raise InputError(path, f"cannot read as a Word .docx: {one_line(exc)} （无法读取）") from None
    for part in package.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is not None:
            name = str(part.partname).lstrip("/")
            _check_tree(element, name, path)
            if huge:
                _check_depth(element, name, path)
    return package


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]
