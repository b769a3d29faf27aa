"""Which findings carry a fix, and how safe it is: a table by code, and lexicon flags (W104).

Safe: typography a machine can decide and doubled words; the edit is the rule's own certain
suggestion. Unsafe: wording (W102/W103), deleting web debris, typo corrections a guard only
narrows; a person should read them. Never: placeholders, sections, commitments, units: the
right text is not in the draft.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from rcheck.fixes.edits import SAFE, UNSAFE, Edit, Fix

if TYPE_CHECKING:
    from rcheck.lexicon import Lexicon
    from rcheck.rules.base import Context, Hit

# code -> applicability of its suggestion. Codes not listed never carry a fix.
APPLICABILITY: dict[str, str] = {
    "T101": SAFE, "T102": SAFE, "T104": SAFE, "T105": SAFE, "W101": SAFE,
    "W104": UNSAFE,  # safe for the entries in fixes.toml `safe_confusables`
    "W102": UNSAFE, "W103": UNSAFE, "T103": UNSAFE, "D101": UNSAFE,
}
NEVER = ("P", "S", "C", "G")


def _safe_confusables(ctx: Context) -> frozenset[str]:
    return _safe_confusables_of(ctx.lexicon)


@lru_cache(maxsize=8)
def _safe_confusables_of(lexicon: Lexicon) -> frozenset[str]:
    """Lexicon data, not a fact about a draft: kept per lexicon, like the rules' own tables."""
    return frozenset(lexicon.strings("fixes", "safe_confusables"))


# Full-width marks T105 counts: a half-width mark beside one becomes a doubled mark when made
# full-width (`一、, 二、`), so that mark is left for a person.
_FULL_MARKS = "\uff0c。、\uff1b\uff1a\uff01\uff1f"


def _beside_full_mark(text: str, start: int, end: int) -> bool:
    if text[start:end] not in ",;:?!.":
        return False
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    return any(c and c in _FULL_MARKS for c in (before, after))


def _converted_edits(ctx: Context) -> tuple[Edit, ...]:
    """Every mark the one T102 summary of a converted draft stands for, outside debris."""
    from rcheck.rules.spans import Spans, debris_spans
    from rcheck.rules.typography import STRAY_QUESTION, halfwidth_hits

    text = ctx.doc.text
    stray = {m.start() for m in STRAY_QUESTION.finditer(text)}
    debris = Spans(debris_spans(ctx))
    return tuple(Edit(h.start, h.end, h.suggestion) for h in halfwidth_hits(ctx)
                 if h.suggestion is not None and h.start not in stray
                 and not debris.covers(h.start, h.end)
                 and not (h.end - h.start == 1 and _beside_full_mark(text, h.start, h.end)))


def _debris_edit(text: str, start: int, end: int) -> Edit:
    """Debris goes with its line when it is the whole line, so no blank line is left."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", end)
    b = len(text) if b < 0 else b
    if not text[a:start].strip() and not text[end:b].strip():
        return Edit(a, min(b + 1, len(text)), "")
    return Edit(start, end, "")


def fix_for(code: str, hit: Hit, ctx: Context) -> Fix | None:
    """The fix a finding of `code` at `hit` carries, or None."""
    applicability = APPLICABILITY.get(code)
    if applicability is None or code.startswith(NEVER):
        return None
    text = ctx.doc.text
    if code == "D101":
        return Fix(UNSAFE, (_debris_edit(text, hit.start, hit.end),))
    if code == "T102" and hit.suggestion is None and "处半角标点" in hit.message:
        edits = _converted_edits(ctx)
        return Fix(SAFE, edits) if edits else None
    if hit.suggestion is None:
        return None
    if code == "T102" and hit.end - hit.start == 1 and _beside_full_mark(text, hit.start, hit.end):
        return None
    if code == "W104" and text[hit.start:hit.end] in _safe_confusables(ctx):
        applicability = SAFE
    return Fix(applicability, (Edit(hit.start, hit.end, hit.suggestion),))
