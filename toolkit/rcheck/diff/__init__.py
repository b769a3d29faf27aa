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

from typing import TYPE_CHECKING

from rcheck.diff.metric_diff import default_extractor, metric_changes
from rcheck.diff.result import (
    STATUSES,
    Change,
    DiffResult,
    MetricChange,
    MetricExtractor,
    MissingSection,
    PlaceholderChange,
    SectionDiff,
    TemplateDiff,
)
from rcheck.diff.sections import Node, Pair, align_sections, section_nodes
from rcheck.diff.slots import Region, filled_text, find_slots, pair_placeholders, placeholder_change
from rcheck.diff.words import WordCodes, word_diff
from rcheck.facts.coverage import cut_lines, missing_required, template_sections
from rcheck.settings import Settings, resolve_settings
from rcheck.text.document import Document

if TYPE_CHECKING:
    from rcheck.extract.types import Metric
    from rcheck.lexicon import Lexicon
    from rcheck.text.tokenize import Tokenizer

__all__ = ["STATUSES", "Change", "DiffResult", "MetricChange", "MissingSection", "PlaceholderChange",
           "SectionDiff", "TemplateDiff", "diff_documents", "diff_template", "metric_changes",
           "word_diff"]


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
                  new_nodes: list[Node], tokenizer: Tokenizer, codes: WordCodes,
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
    codes = WordCodes()
    removed_at, added_at = _insertion_points(pairs, old_nodes, new_nodes)
    sections = [_section_diff(p, old, new, old_nodes, new_nodes, tok, codes,
                              removed_at.get(p.old, 0) if p.new is None
                              else added_at.get(p.new, 0))
                for p in pairs]
    regions = [Region(old_nodes[p.old].diff_start, old_nodes[p.old].end,
                       new_nodes[p.new].diff_start, s.changes)
               for p, s in zip(pairs, sections, strict=True)
               if p.old is not None and p.new is not None]
    paired = [(s, s.changes) for s in sections if s.status not in ("added", "removed")]
    all_changes = sorted((c for _, cs in paired for c in cs), key=lambda c: c.old_start)
    change_starts = [c.old_start for c in all_changes]

    extractor = extract_metrics
    if extractor is None and (default := default_extractor()) is not None:
        # Under the diff's own settings: a user unit such as 台套 counts here as in `extract`.
        def extractor(doc: Document) -> list[Metric]:
            return default(doc, settings=run)
    metrics: list[MetricChange] = []
    if extractor is not None:
        metrics = metric_changes(paired, extractor(old), extractor(new))

    old_ph, new_ph = find_slots(old, run.lexicon), find_slots(new, run.lexicon)
    gone, came = pair_placeholders(old, new, old_ph, new_ph, regions)
    resolved = [placeholder_change(old, old_ph[i]) for i in gone]
    for p in resolved:
        p.filled_with = filled_text(p, all_changes, change_starts)
    introduced = [placeholder_change(new, new_ph[j]) for j in came]

    kind = choose_template(new, lexicon, template)
    old_kind = choose_template(old, lexicon, template) if template == "auto" else kind
    was_missing = {s.key for s in missing_required(old, old_kind)}
    missing = [MissingSection(s.key, s.name, s.key in was_missing)
               for s in missing_required(new, kind)]
    return DiffResult(old.path, new.path, kind.template.name, sections, metrics,
                      extractor is not None, introduced, resolved, missing, old, new)


# --- a draft against its template ----------------------------------------------------------------


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
