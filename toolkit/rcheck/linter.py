"""Running rules over a document: the library's `lint`."""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rcheck.config import Config
from rcheck.finding import Finding
from rcheck.fixes.suppress import Suppressed, suppress
from rcheck.lexicon import Lexicon
from rcheck.rules import Context, Rule, select_rules, validate_rule_codes
from rcheck.settings import Settings, resolve_settings, settings_from_config
from rcheck.text.document import Document
from rcheck.text.readers import load
from rcheck.timings import Timings, activated, timed

_EXCERPT_MAX = 80


@dataclass
class LintResult:
    """Findings of one document, with the report kind it was checked as."""

    findings: list[Finding]
    kind: str
    kind_reason: str
    # What inline comments, Word comments and allow.toml hid (fixes/suppress.py).
    suppressed: Suppressed = field(default_factory=lambda: Suppressed())
    # The codes of the rules that ran on the document: a baseline's entry of another is not stale.
    codes: frozenset[str] = frozenset()


def run_rules(doc: Document, rules: Sequence[Rule], lexicon: Lexicon | None = None, *,
              settings: Settings | None = None) -> list[Finding]:
    """Findings of `rules` on `doc`, sorted by (start, code), duplicates removed."""
    return _run(Context(doc, resolve_settings(settings, lexicon=lexicon)), rules)


# The rule families that read each shared scan: after the last selected rule of them the scan
# is dropped, so the commitments, figures and formulation scan of a large draft are not all
# held at once. A rule outside its families that reads one gets it computed again: slower,
# never different.
_READERS = {"commitments": "CG", "number_words": "C", "clause_breaks": "CN", "allocation": "G",
            "figures": "N", "formulation": "W"}


def _last_readers(rules: Sequence[Rule]) -> dict[int, list[str]]:
    """For each scan, the index of the last rule that reads it: {index: [scans to drop]}."""
    last: dict[int, list[str]] = {}
    for key, families in _READERS.items():
        readers = [i for i, rule in enumerate(rules) if rule.code[:1] in families]
        if readers:
            last.setdefault(readers[-1], []).append(key)
    return last


def _run(ctx: Context, rules: Sequence[Rule]) -> list[Finding]:
    from rcheck.fixes.applicability import fix_for

    doc = ctx.doc
    seen: set[tuple[str, int, int, str]] = set()
    findings: list[Finding] = []
    timings = ctx.facts.timings
    done_with = _last_readers(rules)
    for i, rule in enumerate(rules):
        for key in done_with.get(i - 1, ()):
            ctx.facts.forget(key)
        with timed(timings, f"{rule.code} {rule.name}"):
            for hit in rule.check(ctx):
                key = (rule.code, hit.start, hit.end, hit.message)
                if key in seen:
                    continue
                seen.add(key)
                line, column = doc.position(hit.start)
                end_line, end_column = doc.position(hit.end)
                findings.append(Finding(
                    code=rule.code, rule=rule.name, severity=hit.severity or rule.severity,
                    message=hit.message, start=hit.start, end=hit.end, line=line, column=column,
                    end_line=end_line, end_column=end_column,
                    excerpt=doc.text[hit.start:hit.end][:_EXCERPT_MAX], suggestion=hit.suggestion,
                    fix=fix_for(rule.code, hit, ctx),
                ))
    with timed(timings, "finish"):
        findings.sort(key=lambda f: (f.start, f.code, f.end))
        return _outside_debris(findings)


def _kept_inside_debris(f: Finding) -> bool:
    """A lettered slot (xx镇) stays a fault inside debris: the title it sits in is the draft's
    own title copied. An `_` or `[ ]` there is the page's separator or widget, not a slot."""
    return f.code == "P101" and any(c.isalpha() for c in f.excerpt)




def _outside_debris(findings: list[Finding]) -> list[Finding]:
    """Drop findings of other rules that lie inside web debris (D101): the debris is deleted
    whole, so the spaces of `第 1 页 共 4 页` are not faults of their own."""
    debris = [(f.start, f.end) for f in findings if f.code == "D101"]
    if not debris:
        return findings
    ends = [e for _, e in debris]  # sorted by start; D101 spans never overlap
    starts = [s for s, _ in debris]
    kept = []
    for f in findings:
        k = bisect_right(starts, f.start) - 1
        inside = k >= 0 and f.start < f.end <= ends[k]
        if inside and f.code != "D101" and not _kept_inside_debris(f):
            continue
        kept.append(f)
    return kept


def _configured(findings: list[Finding], config: Config) -> list[Finding]:
    """The settings' severity overrides applied (their allow-list is a suppression: suppress())."""
    if config.severity:
        from dataclasses import replace

        findings = [replace(f, severity=config.severity[f.code]) if f.code in config.severity else f
                    for f in findings]
    return findings


def check_document(doc: Document, config: Config | None = None, *,
                   settings: Settings | None = None, timings: Timings | None = None) -> LintResult:
    """Lint one `Document` under `config` (which rules), and say which report kind it was
    checked as. `settings` is the run's, resolved once from `config` when not given;
    `timings`, when given, receives each rule's and each shared step's time."""
    config = validate_rule_codes(config or Config())
    rules = select_rules(config.select, list(config.ignore) + config.ignores_for(doc.path))
    ctx = Context(doc, settings or settings_from_config(config))
    ctx.facts.timings = timings
    with activated(timings):
        findings = _configured(_run(ctx, rules), config)
    kind = ctx.kind
    extra = None
    with timed(timings, "finish"):
        if doc.source_format == "docx":
            from rcheck.docx.ignores import comment_directives

            extra = comment_directives(doc)
        findings, hidden = suppress(doc.text, findings, ctx.lexicon, extra, config.allow)
    return LintResult(findings, kind.template.name, kind.reason, hidden, frozenset(r.code for r in rules))


def lint_document(doc: Document, config: Config | None = None, *,
                  settings: Settings | None = None) -> list[Finding]:
    """Lint one `Document` under `config` (rule selection, lexicons, per-file ignores)."""
    return check_document(doc, config, settings=settings).findings


def lint(source: str | os.PathLike[str] | Document, select: Iterable[str] | None = None,
         ignore: Iterable[str] | None = None, *, config: Config | None = None,
         settings: Settings | None = None) -> list[Finding]:
    """Findings for a draft: `source` is its text (`str`), a path (`pathlib.Path`) or a
    `Document`. `select`/`ignore` take codes, prefixes or names (`["P", "T1"]`); `settings`
    (default: resolved from `config`) gives the lexicon, tokenizer and template."""
    if isinstance(source, Document):
        doc = source
    elif isinstance(source, os.PathLike):
        doc = load(source)
    else:
        from rcheck.text.readers import normalise_newlines

        doc = Document(normalise_newlines(source).lstrip("\ufeff"))
    config = config or Config()
    if select is not None or ignore is not None:
        config = config.replace(select=list(select) if select is not None else config.select,
                                ignore=list(ignore) if ignore is not None else config.ignore)
    return lint_document(doc, config, settings=settings)
