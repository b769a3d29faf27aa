"""The rule registry: every rule is a `Rule` with a stable code, a name, a doc and a check.

Modelled on ruff's registry: codes never change meaning, renamed codes keep working
through `REDIRECTS`, and a rule that is not selected costs nothing (its check never runs,
and what it needs, such as the tokenizer, is never loaded).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from rcheck.errors import ConfigError

if TYPE_CHECKING:
    from rcheck.config import Config
    from rcheck.extract.types import Commitment, Metric
    from rcheck.facts.draft import DraftFacts
    from rcheck.facts.templates import KindDetection
    from rcheck.figures import Figure
    from rcheck.graph import Allocation
    from rcheck.lexicon import Lexicon
    from rcheck.settings import Settings
    from rcheck.text.document import Document
    from rcheck.text.tokenize import Tokenizer


@dataclass(frozen=True)
class Hit:
    """What a check reports; the linter adds the code, positions and excerpt."""

    start: int
    end: int
    message: str
    suggestion: str | None = None
    severity: str | None = None


class Context:
    """What a check may read: the draft, the run's settings and the facts about the draft.

    Facts (kind, commitments, allocation, debris…) belong to `facts`, made for this draft and
    this run, and are computed on first use only."""

    # Nothing else can be stuck on a context: a fact about the draft belongs to `facts`.
    __slots__ = ("doc", "facts", "settings")

    def __init__(self, doc: Document, settings: Settings, facts: DraftFacts | None = None) -> None:
        from rcheck.facts.draft import DraftFacts

        self.doc = doc
        self.settings = settings
        self.facts = facts if facts is not None else DraftFacts(doc, settings)

    @property
    def lexicon(self) -> Lexicon:
        return self.settings.lexicon

    @property
    def tokenizer(self) -> Tokenizer:
        """The configured tokenizer with the lexicon's words, loaded on first use only."""
        if "tokenizer" in vars(self.settings):
            return self.settings.tokenizer
        from rcheck.timings import timed

        with timed(self.facts.timings, "tokenizer"):
            return self.settings.tokenizer

    @property
    def kind(self) -> KindDetection:
        """The report kind and its template (forced by the settings, else detected)."""
        return self.facts.kind

    @property
    def commitments(self) -> list[Commitment]:
        """The draft's commitments, found once per run, without their targets and without the
        deadlines not written in owner lines, cells or notes (both None): those cost most of
        the search and rules read them for a few measures only, through `target_of` and
        `deadline_of`."""
        from rcheck.extract import commitments_of

        return self.facts.memo("commitments", lambda: commitments_of(self.facts, detail=False, targets=False,
                                                                      deadlines=False))

    def target_of(self, c: Commitment) -> Metric | None:
        """The target of one of `commitments` (without its subject: no tokenizer)."""
        from rcheck.extract import target_of
        from rcheck.timings import timed

        with timed(self.facts.timings, "commitments"):
            return target_of(self.facts, c)

    def deadline_of(self, c: Commitment) -> str | None:
        """The deadline of one of `commitments`, wherever the draft gives it."""
        from rcheck.extract import deadline_of
        from rcheck.timings import timed

        with timed(self.facts.timings, "commitments"):
            return deadline_of(self.facts, c)

    @property
    def figures(self) -> list[Figure]:
        """The draft's counted figures (the metric scan without subjects), rules N1xx."""
        from rcheck.extract import clause_breaks
        from rcheck.figures import figures_of

        facts = self.facts
        return facts.memo("figures", lambda: figures_of(self.doc.text, self.lexicon, facts.simplified,
                                                        clause_breaks(facts)))

    @property
    def allocation(self) -> Allocation:
        """Units and their roles in the draft's measures (rules G1xx), built once, without networkx."""
        from rcheck.graph import allocate

        return self.facts.memo("allocation", lambda: allocate([(self.doc, self.commitments)], self.lexicon))


Check = Callable[[Context], Iterable[Hit]]


# Marked examples (LanguageTool-style): ⟦…⟧ encloses the exact span a finding must cover,
# `→` inside it the suggestion the finding must carry (`⟦，，→，⟧`; `⟦ →⟧` means delete; no
# arrow: no certain suggestion). ⟦ ⟧ are mathematical brackets that never occur in drafts, so
# an example's own text can hold any bracket a rule checks. A zero-width span is `⟦⟧`.
MARK_OPEN, MARK_CLOSE, MARK_FIX = "\u27e6", "\u27e7", "\u2192"


@dataclass(frozen=True)
class Mark:
    """One finding an example expects: `text[start:end]` and the suggestion (None: uncertain)."""

    start: int
    end: int
    suggestion: str | None


def parse_marked(marked: str) -> tuple[str, tuple[Mark, ...]]:
    """The plain text of a marked example and the findings its marks expect."""
    out: list[str] = []
    marks: list[Mark] = []
    pos = 0
    length = 0
    while True:
        i = marked.find(MARK_OPEN, pos)
        stray = marked.find(MARK_CLOSE, pos, len(marked) if i < 0 else i)
        if stray >= 0:
            raise ValueError(f"unopened {MARK_CLOSE} at {stray} in {marked!r}")
        if i < 0:
            out.append(marked[pos:])
            break
        j = marked.find(MARK_CLOSE, i + 1)
        if j < 0 or MARK_OPEN in marked[i + 1:j]:
            raise ValueError(f"unclosed {MARK_OPEN} at {i} in {marked!r}")
        out.append(marked[pos:i])
        length += i - pos
        span, arrow, fix = marked[i + 1:j].partition(MARK_FIX)
        out.append(span)
        marks.append(Mark(length, length + len(span), fix if arrow else None))
        length += len(span)
        pos = j + 1
    return "".join(out), tuple(marks)


@dataclass(frozen=True)
class Example:
    """A text a rule is tested on. With marks it is a bad example: the rule, run alone, reports
    exactly the marked findings (and `severity`, when given, on each). Without marks it is a good
    one, often a near miss: the rule stays silent."""

    marked: str
    severity: str | None = None

    @cached_property
    def _parsed(self) -> tuple[str, tuple[Mark, ...]]:
        return parse_marked(self.marked)

    @property
    def text(self) -> str:
        return self._parsed[0]

    @property
    def marks(self) -> tuple[Mark, ...]:
        return self._parsed[1]

    @property
    def bad(self) -> bool:
        return bool(self.marks)


@dataclass(frozen=True)
class Rule:
    """A rule and its documentation: one source for `rcheck rules`, `explain` and SARIF."""

    code: str
    name: str
    severity: str
    summary: str  # one line, English
    title: str  # one line, Chinese: what `rcheck rules` shows beside the code
    doc: str  # Chinese: what it does, why it matters
    bad: str = ""  # an example that must fire
    good: str = ""  # the same example fixed: must not fire
    check: Check = field(kw_only=True, repr=False, compare=False)
    # Marked examples, bad and good (`Example` or its marked text). The first bad one and the
    # first good one are `bad` and `good`, so a rule with examples gives neither itself.
    examples: tuple[Example | str, ...] = field(default=(), kw_only=True, repr=False)
    # How sure a finding of this rule is, measured on labelled real drafts and proofread
    # documents (README, rule table): "sure" (a fault nearly every time), "likely" (mostly a
    # fault: read each), "hint" (worth a look, often fine: only ever `info`).
    precision: str = field(default="", kw_only=True)  # `register` refuses a rule without one
    # Off by default: only an exact code or name in `select` runs it, never `ALL` or a prefix.
    default: bool = field(default=True, kw_only=True)

    def __post_init__(self) -> None:
        examples = tuple(e if isinstance(e, Example) else Example(e) for e in self.examples)
        object.__setattr__(self, "examples", examples)
        if not examples:
            return
        if self.bad or self.good:
            raise ValueError(f"{self.code}: `bad` and `good` come from `examples`, not beside them")
        bad = [e for e in examples if e.bad]
        good = [e for e in examples if not e.bad]
        if not bad or not good:
            raise ValueError(f"{self.code}: examples need at least one bad and one good text")
        object.__setattr__(self, "bad", bad[0].text)
        object.__setattr__(self, "good", good[0].text)

    @property
    def bad_examples(self) -> list[Example]:
        return [e for e in self.examples if isinstance(e, Example) and e.bad]

    @property
    def good_examples(self) -> list[Example]:
        return [e for e in self.examples if isinstance(e, Example) and not e.bad]


_RULES: dict[str, Rule] = {}
# Old code -> new code, so a renamed rule never breaks a user's configuration.
REDIRECTS: dict[str, str] = {}


PRECISIONS = ("sure", "likely", "hint")


def register(rule: Rule) -> Rule:
    if rule.code in _RULES:
        raise ValueError(f"duplicate rule code {rule.code}")
    if rule.precision not in PRECISIONS:  # also when left out
        raise ValueError(f"{rule.code}: precision must be one of {', '.join(PRECISIONS)}")
    if not rule.bad or not rule.good:
        raise ValueError(f"{rule.code}: needs examples (or a `bad` and a `good` text)")
    if rule.precision == "hint" and rule.severity != "info":
        raise ValueError(f"{rule.code}: a hint is never louder than info")
    _RULES[rule.code] = rule
    return rule


def rule_info(rule: Rule, *, full: bool = False) -> dict[str, object]:
    """A rule as `rcheck rules --format json` lists it; `full` adds its Chinese doc and examples
    (the web page's explanations). One description for every caller."""
    info: dict[str, object] = {"code": rule.code, "name": rule.name, "severity": rule.severity,
                               "precision": rule.precision, "default": rule.default,
                               "title": rule.title, "summary": rule.summary}
    if full:
        info.update(doc=rule.doc, bad=rule.bad, good=rule.good)
        # Every example with the findings it pins: where, and the fix (None: no certain fix).
        info["examples"] = [{"text": e.text, "bad": e.bad, "findings": [
            {"start": m.start, "end": m.end, "suggestion": m.suggestion} for m in e.marks]}
            for e in rule.examples if isinstance(e, Example)]
    return info


def all_rules() -> list[Rule]:
    return [_RULES[c] for c in sorted(_RULES)]


def get_rule(code: str) -> Rule | None:
    code = code.strip().upper()
    code = REDIRECTS.get(code, code)
    if code in _RULES:
        return _RULES[code]
    for rule in _RULES.values():
        if rule.name == code.lower():
            return rule
    return None


def _expand(selector: str, *, explicit_only: bool = True) -> list[str]:
    """Codes a selector names. `ALL` and prefixes leave out rules that are off by default
    (`explicit_only`); an exact code or name always names its rule."""
    s = selector.strip()
    if not s:
        return []
    if s.upper() == "ALL":
        return [c for c, r in _RULES.items() if r.default or not explicit_only]
    rule = get_rule(s)
    if rule is not None:
        return [rule.code]
    matched = [c for c, r in _RULES.items() if c.startswith(s.upper()) and (r.default or not explicit_only)]
    if not matched and any(c.startswith(s.upper()) for c in _RULES):
        return []
    if not matched:
        raise ConfigError(f"unknown rule code or prefix: {selector!r} (see `rcheck rules`)")
    return matched


def select_rules(select: Iterable[str] | None = None,
                 ignore: Iterable[str] | None = None) -> list[Rule]:
    """Rules chosen by codes, prefixes (`T1`, `P`) or names; `ignore` wins over `select`."""
    chosen: set[str] = set()
    for s in select or ["ALL"]:
        chosen.update(_expand(s))
    for s in ignore or []:
        chosen.difference_update(_expand(s, explicit_only=False))
    return [_RULES[c] for c in sorted(chosen)]


def validate_rule_codes(config: Config) -> Config:
    """`config` with every rule code it names checked (select, ignore, per-file-ignores,
    severity) and severity keys given as rule names turned into codes; a `ConfigError` names the
    settings file and the key. Done where the rules are known, by every command before work."""
    where = config.source or "settings"

    def check(codes: Iterable[str], key: str) -> None:
        try:
            select_rules(list(codes), [])
        except ConfigError as exc:
            raise ConfigError(f"{where}: {key}: {exc}") from None

    if config.select != ["ALL"]:
        check(config.select, "select")
    check(config.ignore, "ignore")
    for pattern, codes in config.per_file_ignores.items():
        check(codes, f"per-file-ignores.{pattern}")
    severity: dict[str, str] = {}
    for code, level in config.severity.items():
        rule = get_rule(code)
        if rule is None:
            raise ConfigError(f"{where}: severity.{code}: 没有这条规则 / unknown rule")
        severity[rule.code] = level
    return config.replace(severity=severity) if severity != config.severity else config


def iter_codes(text: str | Iterable[str] | None) -> Iterator[str]:
    """Codes from `P101,T1` or a list of such strings."""
    if text is None:
        return
    items = [text] if isinstance(text, str) else list(text)
    for item in items:
        for part in str(item).replace(" ", ",").split(","):
            if part.strip():
                yield part.strip()
