"""Word .docx drafts: reading them into a `Document`, and writing findings back as comments.

Imported only when a .docx is read, so python-docx and lxml cost nothing otherwise.
"""

from __future__ import annotations

from rcheck.docx.annotate import AUTHOR, INITIALS, annotate_bytes, comment_text, write_annotated
from rcheck.docx.read import CELL_SEPARATOR, WordDocument, WordSource, read_docx_bytes
from rcheck.docx.safety import check_package, looks_like_docx

__all__ = [
    "AUTHOR",
    "CELL_SEPARATOR",
    "INITIALS",
    "WordDocument",
    "WordSource",
    "annotate_bytes",
    "check_package",
    "comment_text",
    "looks_like_docx",
    "read_docx_bytes",
    "write_annotated",
]
