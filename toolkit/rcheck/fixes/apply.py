"""Applying fixes to a draft's text until nothing fixable is left."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rcheck.config import Config
from rcheck.finding import Finding
from rcheck.fixes.edits import SAFE, Edit, apply_edits
from rcheck.text.document import Document

# A fix can uncover another (a doubled word whose second copy held a stray space): a few rounds,
# never a loop without end.
MAX_ROUNDS = 6


@dataclass
class FixOutcome:
    """The fixed text, how many fixes were applied, and the findings left in it."""

    text: str
    applied: int
    remaining: list[Finding] = field(default_factory=list)


def allowed(f: Finding, unsafe: bool) -> bool:
    return f.fix is not None and (unsafe or f.fix.applicability == SAFE)


def _overlaps(a: Edit, taken: list[Edit]) -> bool:
    for b in taken:
        if a.start < b.end and b.start < a.end:
            return True
        if a.start == a.end == b.start or b.start == b.end == a.start or a.start == b.start:
            return True  # two changes at one point: their order would be a guess
    return False


def choose_edits(findings: Iterable[Finding], unsafe: bool) -> tuple[list[Edit], int]:
    """Edits of the fixable findings that do not overlap one another, and how many fixes
    they apply. A fix is taken whole or not at all; later rounds pick up what was left."""
    taken: list[Edit] = []
    count = 0
    # Narrow fixes first: a one-mark fix is surer than a rewrite that contains it.
    ordered = sorted((f for f in findings if allowed(f, unsafe)),
                     key=lambda f: (len(f.fix.edits) == 1 and f.fix.edits[0].end - f.fix.edits[0].start,
                                    f.start))
    for f in ordered:
        edits = list(f.fix.edits)
        fresh = [e for e in edits if e not in taken]
        if any(_overlaps(e, taken) for e in fresh):
            continue
        taken.extend(fresh)
        count += 1
    return taken, count


def fix_text(text: str, lint: Callable[[str], list[Finding]], *, unsafe: bool = False) -> FixOutcome:
    """Apply fixes to `text` round by round; `lint` gives the findings of a text. Fixing the
    result again changes nothing (the loop stops only when no fix is left or rounds run out)."""
    applied = 0
    findings = lint(text)
    for _ in range(MAX_ROUNDS):
        edits, count = choose_edits(findings, unsafe)
        if not edits:
            break
        new = apply_edits(text, edits)
        if new == text:
            break
        text, applied = new, applied + count
        findings = lint(text)
    return FixOutcome(text, applied, findings)


def fix_document(doc: Document, config: Config | None = None, *, unsafe: bool = False) -> FixOutcome:
    """`doc` fixed under `config` (its rule selection decides which findings are fixed)."""
    from rcheck.linter import lint_document

    def lint(text: str) -> list[Finding]:
        return lint_document(Document(text, doc.path, doc.encoding, doc.source_format), config)

    return fix_text(doc.text, lint, unsafe=unsafe)
