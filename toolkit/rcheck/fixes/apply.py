"""Applying fixes to a draft's text until nothing fixable is left."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rcheck.config import Config
from rcheck.finding import Finding
from rcheck.fixes.edits import SAFE, Edit, apply_edits
from rcheck.text.document import Document

if TYPE_CHECKING:
    from rcheck.settings import Settings

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
    for f in choose(findings, unsafe):
        taken.extend(e for e in f.fix.edits if e not in taken)
        count += 1
    return taken, count


def choose(findings: Iterable[Finding], unsafe: bool) -> list[Finding]:
    """The fixable findings whose edits overlap no other chosen one's."""
    taken: list[Edit] = []
    chosen: list[Finding] = []
    # Narrow fixes first: a one-mark fix is surer than a rewrite that contains it.
    ordered = sorted((f for f in findings if allowed(f, unsafe)),
                     key=lambda f: (len(f.fix.edits) == 1 and f.fix.edits[0].end - f.fix.edits[0].start,
                                    f.start))
    for f in ordered:
        fresh = [e for e in f.fix.edits if e not in taken]
        if any(_overlaps(e, taken) for e in fresh):
            continue
        taken.extend(fresh)
        chosen.append(f)
    return chosen


def _grew(before: list[Finding], after: list[Finding]) -> bool:
    return bool(Counter(f.code for f in after) - Counter(f.code for f in before))


def fix_text(text: str, lint: Callable[[str], list[Finding]], *, unsafe: bool = False) -> FixOutcome:
    """Apply fixes to `text` round by round; `lint` gives the findings of a text.

    Each round depends on the text alone, and the loop stops when a round changes nothing, so
    fixing the result again changes nothing. A round that adds a finding of some code
    (deleting debris can bring back what it hid) is taken apart: the safe fixes together,
    then each unsafe one alone, kept only when it adds nothing."""
    applied = 0
    findings = lint(text)
    for _ in range(MAX_ROUNDS):
        chosen = choose(findings, unsafe)
        if not chosen:
            break
        new = apply_edits(text, _edits(chosen))
        after = lint(new)
        count = len(chosen)
        if _grew(findings, after):
            new, after, count = _one_by_one(text, findings, chosen, lint)
        if new == text:
            break
        text, findings, applied = new, after, applied + count
    return FixOutcome(text, applied, findings)


def _edits(chosen: list[Finding]) -> list[Edit]:
    out: list[Edit] = []
    for f in chosen:
        out.extend(e for e in f.fix.edits if e not in out)
    return out


def _one_by_one(text: str, findings: list[Finding], chosen: list[Finding],
                lint: Callable[[str], list[Finding]]) -> tuple[str, list[Finding], int]:
    safe = [f for f in chosen if f.fix.applicability == SAFE]
    rest = [f for f in chosen if f.fix.applicability != SAFE]
    kept = list(safe)
    current = apply_edits(text, _edits(kept)) if kept else text
    # Safe fixes go in together: a finding one of them shows for a moment (a mark whose
    # neighbour the next round fixes) is gone when the rounds end, as tests and the benchmark hold.
    now = lint(current) if kept else findings
    for f in rest:
        trial = apply_edits(text, _edits([*kept, f]))
        found = lint(trial)
        if _grew(findings, found):
            continue
        kept.append(f)
        current, now = trial, found
    return current, now, len(kept)


def encoded(text: str, encoding: str | None, crlf: bool) -> bytes:
    """Fixed text in the draft's own encoding and line ends, so only the fixes differ; UTF-8
    when the encoding cannot hold a character a fix brought in."""
    if crlf:
        text = text.replace("\n", "\r\n")
    try:
        return text.encode(encoding or "utf-8")
    except (LookupError, UnicodeEncodeError):
        return text.encode("utf-8")


def fix_document(doc: Document, config: Config | None = None, *, unsafe: bool = False,
                 settings: Settings | None = None) -> FixOutcome:
    """`doc` fixed under `config` (its rule selection decides which findings are fixed), with
    the run's `settings` (resolved once from `config` when not given)."""
    from rcheck.linter import lint_document
    from rcheck.settings import settings_from_config

    settings = settings or settings_from_config(config or Config())

    carried = None
    if doc.source_format == "docx":  # Word ignores move with the text through the rounds
        from rcheck.docx.ignores import comment_directives

        carried = comment_directives(doc)

    def lint(text: str) -> list[Finding]:
        if text == doc.text:
            return lint_document(doc, config, settings=settings)
        source = None
        if carried:
            from rcheck.docx.ignores import CarriedIgnores

            source = CarriedIgnores(_moved(carried, doc.text, text))
        return lint_document(Document(text, doc.path, doc.encoding, doc.source_format, source),
                             config, settings=settings)

    return fix_text(doc.text, lint, unsafe=unsafe)


def _moved(directives: list, old: str, new: str) -> list:
    """Directives over `old` moved onto `new` (offsets through the character diff)."""
    import dataclasses
    import difflib
    from bisect import bisect_right

    ops = [op for op in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()]
    starts = [op[1] for op in ops]

    def move(x: int) -> int:
        k = max(0, bisect_right(starts, x) - 1)
        _tag, i1, _i2, j1, j2 = ops[k]
        return j1 + min(x - i1, j2 - j1)

    return [dataclasses.replace(d, start=move(d.start), end=move(d.end)) for d in directives]
