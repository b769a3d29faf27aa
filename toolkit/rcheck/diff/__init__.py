"""What changed between two drafts, section by section; and a draft set against its template.

`diff_documents(old, new)` pairs the sections (see `align`), then diffs each pair word by
word: both texts are cut into jieba words (`rcheck.text.tokenize`), each word becomes one
character, and rapidfuzz's Levenshtein opcodes give an optimal alignment in C. Words, not
characters, so a changed number or phrase shows as itself (`18` -> `22`), not as scattered
characters; an optimal alignment, not difflib's, which is slow and misaligns the boilerplate
these drafts repeat. On top of the word changes it reports the metrics whose quantity changed,
the placeholders introduced and resolved, and the required sections still missing.

`diff_template(doc)` sets one draft against its report kind's template instead.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rcheck.diff.sections import Node, Pair, align_sections, section_nodes
from rcheck.facts.coverage import (
    ExtraSection,
    TemplateSectionStatus,
    cut_lines,
    missing_required,
    template_sections,
)
from rcheck.settings import Settings, resolve_settings
from rcheck.text.document import Document

if TYPE_CHECKING:
    from rcheck.extract.types import Metric
    from rcheck.lexicon import Lexicon
    from rcheck.text.tokenize import Tokenizer

MetricExtractor = Callable[[Document], Sequence["Metric"]]

STATUSES = ("same", "changed", "renamed", "moved", "added", "removed")
_NUMBER = re.compile(r"\d+")
_EXCERPT_MAX = 80  # as lint's excerpts: a slot is matched by its marker text
_CONTEXT = 8  # characters each side that identify a placeholder across versions
_PLACEHOLDER_MATCH = 70.0  # rapidfuzz score (0-100) of the contexts for "the same slot"
# Placeholder pairs scored by their surroundings at most: beyond, a degenerate draft (thousands
# of slots edited at once) reports them unpaired rather than take minutes.
_FUZZY_PAIRS = 250_000


@dataclass
class Change:
    """One run of words replaced, inserted or deleted. `old_start:old_end` always indexes OLD
    and holds `old`; `new_start:new_end` always indexes NEW and holds `new`. An insertion's old
    span is empty (the point in OLD where the words would go), a deletion's new span likewise;
    so is the other side of an added or removed section's one change."""

    op: str  # "replace", "insert" or "delete"
    old: str
    new: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class SectionDiff:
    """A section pair (or an added or removed section) and the word changes inside it."""

    status: str  # one of STATUSES; moved wins over renamed, renamed over changed
    part: str  # "preamble", "section" or "closing"
    old_heading: str | None
    new_heading: str | None
    score: float
    changes: list[Change] = field(default_factory=list)
    moved: bool = False
    renamed: bool = False
    level: int | None = None  # heading rank: 1 for 一、, 2 for （一）…
    parents: list[str] = field(default_factory=list)  # headings above it, outermost first
    old_start: int | None = None
    old_end: int | None = None
    new_start: int | None = None
    new_end: int | None = None
    old_line: int | None = None
    new_line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        out["changes"] = [c.to_dict() for c in self.changes]
        return out


@dataclass
class MetricChange:
    """A counted quantity whose value changed: `18次` -> `22次`."""

    subject: str
    old: str
    new: str
    old_start: int
    old_end: int
    new_start: int
    new_end: int
    unit: str | None = None
    section: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class PlaceholderChange:
    """A placeholder found in one version only: introduced (new) or resolved (old)."""

    text: str
    message: str
    start: int
    end: int
    line: int
    column: int
    context: str
    filled_with: str | None = None  # resolved only: what replaced it ("" when deleted)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class MissingSection:
    key: str
    name: str
    missing_in_old: bool

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class DiffResult:
    """Everything `rcheck diff OLD NEW` reports. `to_dict()` is the JSON shape (version 1)."""

    old: str
    new: str
    kind: str
    sections: list[SectionDiff]
    metrics: list[MetricChange]
    metrics_checked: bool  # False until `rcheck.extract` is installed: metrics not compared
    introduced: list[PlaceholderChange]
    resolved: list[PlaceholderChange]
    missing_required: list[MissingSection]
    old_doc: Document = field(repr=False, compare=False)
    new_doc: Document = field(repr=False, compare=False)

    @property
    def changed(self) -> bool:
        """True when the two texts differ anywhere (the exit code of `rcheck diff`)."""
        return self.old_doc.text != self.new_doc.text

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in STATUSES}
        for s in self.sections:
            out[s.status] += 1
        out["changes"] = sum(len(s.changes) for s in self.sections
                             if s.status not in ("added", "removed"))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "old": self.old,
            "new": self.new,
            "kind": self.kind,
            "sections": [s.to_dict() for s in self.sections],
            "metrics": [m.to_dict() for m in self.metrics],
            "metrics_checked": self.metrics_checked,
            "placeholders": {"introduced": [p.to_dict() for p in self.introduced],
                             "resolved": [p.to_dict() for p in self.resolved]},
            "missing_required": [m.to_dict() for m in self.missing_required],
            "summary": self.counts(),
        }


# --- word diff ---------------------------------------------------------------------------------


def _words(text: str, tokenizer: Tokenizer) -> list[tuple[str, int, int]]:
    """jieba words with decimals joined: jieba cuts `1.5` into `1`, `.`, `5`."""
    out: list[tuple[str, int, int]] = []
    for t in tokenizer.tokenize(text):
        if (len(out) >= 2 and out[-1][0] == "." and _NUMBER.fullmatch(t.word)
                and _NUMBER.fullmatch(out[-2][0].replace(".", "")) and out[-2][2] == out[-1][1]):
            dot = out.pop()
            head = out.pop()
            out.append((head[0] + dot[0] + t.word, head[1], t.end))
        else:
            out.append((t.word, t.start, t.end))
    return out


class _WordCodes:
    """Each distinct word becomes one integer, so rapidfuzz aligns plain sequences. Integers,
    not characters: a long table of numbers has more distinct words than Unicode has code
    points."""

    def __init__(self) -> None:
        self._codes: dict[str, int] = {}

    def encode(self, words: list[tuple[str, int, int]]) -> list[int]:
        codes = self._codes
        out = []
        for w, _, _ in words:
            c = codes.get(w)
            if c is None:
                c = codes[w] = len(codes)
            out.append(c)
        return out


def word_diff(old_text: str, new_text: str, *, old_offset: int = 0, new_offset: int = 0,
              tokenizer: Tokenizer | None = None, codes: _WordCodes | None = None) -> list[Change]:
    """Word-level changes between two texts, each a maximal run of words replaced, inserted or
    deleted; offsets are shifted by `old_offset`/`new_offset`."""
    if old_text == new_text:
        return []
    from rapidfuzz.distance import Levenshtein

    if tokenizer is None:
        from rcheck.text.tokenize import get_tokenizer

        tokenizer = get_tokenizer("rjieba")
    codes = codes or _WordCodes()
    a, b = _words(old_text, tokenizer), _words(new_text, tokenizer)
    # Levenshtein, not Indel: its opcodes come from a bit-parallel, linear-memory alignment
    # (Hirschberg on long inputs), where Indel's need a quadratic matrix.
    ops = Levenshtein.opcodes(codes.encode(a), codes.encode(b))
    out: list[Change] = []
    run: list[int] | None = None  # [a_from, a_to, b_from, b_to] in word indices

    def flush() -> None:
        a0, a1, b0, b1 = run
        if a0 < a1:
            os_, oe = a[a0][1], a[a1 - 1][2]
        else:
            os_ = oe = a[a0][1] if a0 < len(a) else len(old_text)
        if b0 < b1:
            ns, ne = b[b0][1], b[b1 - 1][2]
        else:
            ns = ne = b[b0][1] if b0 < len(b) else len(new_text)
        op = "replace" if a0 < a1 and b0 < b1 else "delete" if a0 < a1 else "insert"
        out.append(Change(op, old_text[os_:oe], new_text[ns:ne], os_ + old_offset,
                          oe + old_offset, ns + new_offset, ne + new_offset))

    for op in ops:
        if op.tag == "equal":
            if run is not None:
                flush()
                run = None
            continue
        if run is None:
            run = [op.src_start, op.src_end, op.dest_start, op.dest_end]
        else:
            run[1], run[3] = op.src_end, op.dest_end
    if run is not None:
        flush()
    return out


# --- placeholders --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Slot:
    """A placeholder of one version, placed in its text."""

    start: int
    end: int
    message: str
    excerpt: str
    line: int
    column: int


def _placeholders(doc: Document, lexicon: Lexicon) -> list[_Slot]:
    """P101's slots, each once, in reading order (as lint reports them)."""
    from rcheck.facts.placeholders import find_placeholders

    found = dict.fromkeys((s.start, s.end, s.message) for s in find_placeholders(doc, lexicon))
    out = []
    for start, end, message in sorted(found, key=lambda s: (s[0], s[1])):
        line, column = doc.position(start)
        out.append(_Slot(start, end, message, doc.text[start:end][:_EXCERPT_MAX], line, column))
    return out


def _context(doc: Document, f: _Slot) -> tuple[str, str]:
    return doc.text[max(0, f.start - _CONTEXT):f.start], doc.text[f.end:f.end + _CONTEXT]


class _Region:
    """A paired section's compared text in OLD (`lo:hi`), where it begins in NEW, and its
    word changes (in order, not overlapping): enough to carry an offset in its unchanged text
    from OLD to NEW."""

    def __init__(self, lo: int, hi: int, new_lo: int, changes: list[Change]) -> None:
        self.lo, self.hi, self.new_lo, self.changes = lo, hi, new_lo, changes
        self.ends = [c.old_end for c in changes]
        self.shifts = [0]  # length gained in NEW by the first k changes
        for c in changes:
            self.shifts.append(self.shifts[-1] + len(c.new) - len(c.old))


def _carry(regions: list[_Region], starts: list[int], start: int, end: int) -> int | None:
    """Where OLD's `start:end` is in NEW, when it lies in unchanged text of a paired section."""
    from bisect import bisect_right

    k = bisect_right(starts, start) - 1
    if k < 0 or end > regions[k].hi:
        return None
    r = regions[k]
    before = bisect_right(r.ends, start)  # changes that end at or before the span
    if before < len(r.changes) and r.changes[before].old_start < end:
        return None  # the span itself was edited
    return start - r.lo + r.new_lo + r.shifts[before]


def _pair_placeholders(old_doc: Document, new_doc: Document, old: list[_Slot],
                       new: list[_Slot], regions: list[_Region] | None = None
                       ) -> tuple[list[int], list[int]]:
    """Old and new placeholders that are the same slot; returns the indices left unpaired on
    each side (resolved, introduced). A placeholder in unchanged text is carried through the
    word diff to its place in NEW; of the rest, those with identical surroundings pair in order,
    and only what is left is scored by its surroundings, so a draft full of `*次` is not
    compared all against all."""
    used_old: set[int] = set()
    used_new: set[int] = set()

    if regions:
        regions = sorted(regions, key=lambda r: r.lo)
        starts = [r.lo for r in regions]
        at_new = {(f.start, f.excerpt): j for j, f in enumerate(new)}
        for i, f in enumerate(old):
            where = _carry(regions, starts, f.start, f.end)
            j = at_new.get((where, f.excerpt)) if where is not None else None
            if j is not None and j not in used_new:
                used_old.add(i)
                used_new.add(j)

    old_ctx = {i: _context(old_doc, f) for i, f in enumerate(old) if i not in used_old}
    new_ctx = {j: _context(new_doc, f) for j, f in enumerate(new) if j not in used_new}
    # Identical surroundings: the same marker first, then any (`*` replaced by `XX`).
    for marked in (True, False):
        waiting: dict[tuple[str, str, str], deque[int]] = {}
        for j, (nb, na) in new_ctx.items():
            if j not in used_new:
                key = (nb, new[j].excerpt if marked else "", na)
                waiting.setdefault(key, deque()).append(j)
        for i, (ob, oa) in old_ctx.items():
            same = waiting.get((ob, old[i].excerpt if marked else "", oa))
            if same and i not in used_old:
                j = same.popleft()
                used_old.add(i)
                used_new.add(j)
    rest_old = [i for i in old_ctx if i not in used_old]
    rest_new = [j for j in new_ctx if j not in used_new]

    if rest_old and rest_new and len(rest_old) * len(rest_new) <= _FUZZY_PAIRS:
        from rapidfuzz import fuzz

        scored = []
        for i in rest_old:
            ob, oa = old_ctx[i]
            for j in rest_new:
                nb, na = new_ctx[j]
                score = (fuzz.ratio(ob, nb) + fuzz.ratio(oa, na)) / 2
                if old[i].excerpt == new[j].excerpt:
                    score += 5  # the same slot usually keeps its marker
                if score >= _PLACEHOLDER_MATCH:
                    # Ties (a draft repeats a sentence) go to the nearest relative position.
                    where = abs(old[i].start / max(1, len(old_doc.text))
                                - new[j].start / max(1, len(new_doc.text)))
                    scored.append((-score, where, i, j))
        scored.sort()
        for _, _, i, j in scored:
            if i in used_old or j in used_new:
                continue
            used_old.add(i)
            used_new.add(j)
    return ([i for i in range(len(old)) if i not in used_old],
            [j for j in range(len(new)) if j not in used_new])


def _placeholder_change(doc: Document, f: _Slot) -> PlaceholderChange:
    before, after = _context(doc, f)
    return PlaceholderChange(f.excerpt, f.message, f.start, f.end, f.line, f.column,
                             before + f.excerpt + after)


def _filled_with(p: PlaceholderChange, changes: list[Change], starts: list[int]) -> str | None:
    """What replaced a resolved placeholder: the new words of the change over it. `changes`
    are sorted by `old_start` (listed in `starts`) and do not overlap in OLD, so only those
    starting at or before it, back to the first that has a width, can hold it."""
    from bisect import bisect_right

    k = bisect_right(starts, p.start) - 1
    while k >= 0:
        c = changes[k]
        k -= 1
        if not (c.old_start <= p.start and p.end <= c.old_end):
            if c.old_end > c.old_start:
                return None  # changes before this one end before it begins
            continue
        # The change may cover more words than the slot: keep what stood in its place.
        head = c.old[:p.start - c.old_start]
        tail = c.old[p.end - c.old_start:]
        new = c.new
        if head and new.startswith(head):
            new = new[len(head):]
        if tail and new.endswith(tail):
            new = new[:-len(tail)]
        return new
    return None


# --- metrics --------------------------------------------------------------------------------------


def _default_extractor() -> Callable[..., list[Metric]] | None:
    """`rcheck.extract.extract_metrics`, or None while that module is not installed."""
    try:
        from rcheck.extract import extract_metrics  # type: ignore[import-not-found]
    except ModuleNotFoundError as exc:
        if exc.name not in ("rcheck.extract", __package__ + ".extract"):
            raise  # a dependency of the extractor is missing: that is a real error
        return None
    return extract_metrics


def _touches(start: int, end: int, m_start: int, m_end: int) -> bool:
    if start == end:  # an insertion or deletion point touches a metric it borders
        return m_start <= start <= m_end
    return start < m_end and m_start < end


class _Nearby:
    """Metrics by position, so each change looks only at those near it (a draft may change
    thousands of numbers, and test each against thousands of metrics)."""

    def __init__(self, metrics: Sequence[Metric]) -> None:
        self._metrics = list(metrics)
        self._order = sorted(range(len(self._metrics)), key=lambda i: self._metrics[i].start)
        self._starts = [self._metrics[i].start for i in self._order]
        self._longest = max((m.end - m.start for m in self._metrics), default=0)

    def touching(self, start: int, end: int) -> list[Metric]:
        """The metrics `_touches` accepts for `start:end`, in their given order."""
        from bisect import bisect_left, bisect_right

        lo = bisect_left(self._starts, start - self._longest)
        hi = bisect_right(self._starts, end)
        found = sorted(i for i in self._order[lo:hi]
                       if _touches(start, end, self._metrics[i].start, self._metrics[i].end))
        return [self._metrics[i] for i in found]


def metric_changes(pairs: list[tuple[SectionDiff, list[Change]]], old_metrics: Sequence[Metric],
                   new_metrics: Sequence[Metric]) -> list[MetricChange]:
    """Metrics whose quantity a word change touched, paired old with new inside that change."""
    out: list[MetricChange] = []
    seen: set[tuple[int, int]] = set()
    near_old, near_new = _Nearby(old_metrics), _Nearby(new_metrics)
    for section, changes in pairs:
        for c in changes:
            olds = near_old.touching(c.old_start, c.old_end)
            news = near_new.touching(c.new_start, c.new_end)
            if len(olds) != len(news):
                # Unequal counts: pair by unit, in order, and leave the rest unpaired.
                matched = []
                pool = list(news)
                for m in olds:
                    k = next((i for i, n in enumerate(pool) if n.unit == m.unit), None)
                    if k is not None:
                        matched.append((m, pool.pop(k)))
            else:
                matched = list(zip(olds, news, strict=True))
            for m, n in matched:
                if m.quantity == n.quantity or (m.start, n.start) in seen:
                    continue
                seen.add((m.start, n.start))
                out.append(MetricChange(n.subject or m.subject or "", m.quantity, n.quantity,
                                        m.start, m.end, n.start, n.end, n.unit or m.unit,
                                        section.new_heading or section.old_heading))
    return out


# --- the diff -------------------------------------------------------------------------------------


def _insertion_points(pairs: list[Pair], old_nodes: list[Node], new_nodes: list[Node]
                      ) -> tuple[dict[int, int], dict[int, int]]:
    """Where, in the other draft, each removed old node and each added new node would stand:
    the end of the counterpart of the nearest node before it that has one (0 when none does).
    Removed nodes get an offset into NEW, added ones an offset into OLD."""
    partner_old = {p.old: p.new for p in pairs if p.old is not None and p.new is not None}
    partner_new = {v: k for k, v in partner_old.items()}

    def points(own: list[Node], partner: dict[int, int], other: list[Node]) -> dict[int, int]:
        out: dict[int, int] = {}
        at = 0
        for node in own:
            if node.index in partner:
                at = other[partner[node.index]].end
            else:
                out[node.index] = at
        return out

    return points(old_nodes, partner_old, new_nodes), points(new_nodes, partner_new, old_nodes)


def _section_diff(p: Pair, old_doc: Document, new_doc: Document, old_nodes: list[Node],
                  new_nodes: list[Node], tokenizer: Tokenizer, codes: _WordCodes,
                  insert_at: int = 0) -> SectionDiff:
    """One section's diff. `insert_at` is, for an added (removed) node, the offset in OLD (NEW)
    where it would stand."""
    o = old_nodes[p.old] if p.old is not None else None
    n = new_nodes[p.new] if p.new is not None else None
    ref = n or o
    level = ref.rank if ref.part == "section" else None
    nodes = new_nodes if n is not None else old_nodes
    parents = []
    up = ref.parent
    while up is not None:
        parents.insert(0, nodes[up].label)
        up = nodes[up].parent
    out = SectionDiff("same", ref.part, o.label if o and o.part == "section" else None,
                      n.label if n and n.part == "section" else None, round(p.score, 3),
                      level=level, parents=parents)
    if o is not None:
        out.old_start, out.old_end = o.start, o.end
        out.old_line = old_doc.position(o.start)[0]
    if n is not None:
        out.new_start, out.new_end = n.start, n.end
        out.new_line = new_doc.position(n.start)[0]
    if o is None:
        text = n.region(new_doc.text)
        out.status = "added"
        out.changes = [Change("insert", "", text, insert_at, insert_at, n.diff_start, n.end)]
        return out
    if n is None:
        text = o.region(old_doc.text)
        out.status = "removed"
        out.changes = [Change("delete", text, "", o.diff_start, o.end, insert_at, insert_at)]
        return out
    out.changes = word_diff(o.region(old_doc.text), n.region(new_doc.text),
                            old_offset=o.diff_start, new_offset=n.diff_start,
                            tokenizer=tokenizer, codes=codes)
    out.moved, out.renamed = p.moved, p.renamed
    out.status = ("moved" if p.moved else "renamed" if p.renamed
                  else "changed" if out.changes else "same")
    return out


def diff_documents(old: Document, new: Document, *, lexicon: Lexicon | None = None,
                   template: str | None = None, tokenizer: str | None = None,
                   extract_metrics: MetricExtractor | None = None,
                   settings: Settings | None = None) -> DiffResult:
    """Compare two versions of a draft under `settings` (or the old keywords: `lexicon`, the
    `tokenizer` engine, `template`). The template names the report kind whose required
    sections are checked in the new version (`auto`: detected). `extract_metrics` defaults to
    `rcheck.extract.extract_metrics` with the same settings, when that module is installed."""
    from rcheck.facts.templates import choose_template

    run = resolve_settings(settings, lexicon=lexicon, tokenizer=tokenizer, template=template)
    lexicon, template = run.lexicon, run.template
    tok = run.tokenizer
    old_nodes, new_nodes = section_nodes(old), section_nodes(new)
    pairs = align_sections(old, new, old_nodes, new_nodes)
    codes = _WordCodes()
    removed_at, added_at = _insertion_points(pairs, old_nodes, new_nodes)
    sections = [_section_diff(p, old, new, old_nodes, new_nodes, tok, codes,
                              removed_at.get(p.old, 0) if p.new is None
                              else added_at.get(p.new, 0))
                for p in pairs]
    regions = [_Region(old_nodes[p.old].diff_start, old_nodes[p.old].end,
                       new_nodes[p.new].diff_start, s.changes)
               for p, s in zip(pairs, sections, strict=True)
               if p.old is not None and p.new is not None]
    paired = [(s, s.changes) for s in sections if s.status not in ("added", "removed")]
    all_changes = sorted((c for _, cs in paired for c in cs), key=lambda c: c.old_start)
    change_starts = [c.old_start for c in all_changes]

    extractor = extract_metrics
    if extractor is None and (default := _default_extractor()) is not None:
        # Under the diff's own settings: a user unit such as 台套 counts here as in `extract`.
        def extractor(doc: Document) -> list[Metric]:
            return default(doc, settings=run)
    metrics: list[MetricChange] = []
    if extractor is not None:
        metrics = metric_changes(paired, extractor(old), extractor(new))

    old_ph, new_ph = _placeholders(old, run.lexicon), _placeholders(new, run.lexicon)
    gone, came = _pair_placeholders(old, new, old_ph, new_ph, regions)
    resolved = [_placeholder_change(old, old_ph[i]) for i in gone]
    for p in resolved:
        p.filled_with = _filled_with(p, all_changes, change_starts)
    introduced = [_placeholder_change(new, new_ph[j]) for j in came]

    kind = choose_template(new, lexicon, template)
    old_kind = choose_template(old, lexicon, template) if template == "auto" else kind
    was_missing = {s.key for s in missing_required(old, old_kind)}
    missing = [MissingSection(s.key, s.name, s.key in was_missing)
               for s in missing_required(new, kind)]
    return DiffResult(old.path, new.path, kind.template.name, sections, metrics,
                      extractor is not None, introduced, resolved, missing, old, new)


# --- a draft against its template ----------------------------------------------------------------


@dataclass
class TemplateDiff:
    """`rcheck diff --template NAME DRAFT`: each template section as present, implicit (under
    thematic headings), missing or out of order, and the draft's sections no template claims."""

    path: str
    kind: str
    template: str
    reason: str
    sections: list[TemplateSectionStatus]
    extra: list[ExtraSection]
    cut_lines: list[int] = field(default_factory=list)  # where a web page hid text (此处隐藏N字)

    @property
    def missing_required(self) -> list[TemplateSectionStatus]:
        return [s for s in self.sections if s.required and s.status == "missing"]

    @property
    def changed(self) -> bool:
        """True when a required section is missing or a section is out of order."""
        return bool(self.missing_required) or any(s.status == "out_of_order" for s in self.sections)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "path": self.path,
            "template": {"key": self.template, "name": self.kind, "reason": self.reason},
            "sections": [s.to_dict() for s in self.sections],
            "extra": [e.to_dict() for e in self.extra],
            "missing_required": [s.name for s in self.missing_required],
            "cut_lines": self.cut_lines,
        }


def diff_template(doc: Document, template: str | None = None, *,
                  lexicon: Lexicon | None = None, settings: Settings | None = None) -> TemplateDiff:
    """Set a draft against a report kind's template (`auto`: the kind detected; default: the
    settings' template, else auto)."""
    from rcheck.facts.templates import choose_template

    run = resolve_settings(settings, lexicon=lexicon, template=template)
    detection = choose_template(doc, run.lexicon, run.template)
    statuses, extra = template_sections(doc, detection)
    return TemplateDiff(doc.path, detection.template.name, detection.template.key,
                        detection.reason, statuses, extra, cut_lines(doc, run.lexicon))
