"""Word comments that suppress: a comment whose text begins `rcheck: ignore CODE` (or
`rcheck：忽略 CODE`) hides findings of CODE that overlap the commented span."""

from __future__ import annotations

from rcheck.fixes.suppress import Directive
from rcheck.text.document import Document


def comment_directives(doc: Document) -> list[Directive]:
    """The ignoring comments of a .docx draft, as directives over its text (none yet read)."""
    return []
