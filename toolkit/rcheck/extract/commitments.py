"""Commitments: what a draft promises, with its target, cadence or deadline, and owners.

A commitment is the smallest unit with its own action: a sentence, or a numbered plan item
together with the owner lines under it (`牵头单位：…`). Sentences count inside a plan part of
a report (下一步工作打算, 整改措施, the body of a 实施方案) or, elsewhere, when they carry a
strong plan word (下一步, 力争, 年内…) and no word of things already done.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from rcheck.extract.deadlines import OWN_PERIOD, heading_deadline, opener_deadline, own_deadline
from rcheck.extract.metrics import Breaks, MetricScanner, to_metric
from rcheck.extract.owners import OwnerFinder
from rcheck.extract.types import Commitment, Metric
from rcheck.extract.units import (
    _CADENCE,
    _CLAUSE_END,
    _DEADLINE,
    _ENUM_OPEN,
    _FIRST_LEADS,
    _LEAD_CLAUSE,
    _MARKER_OPENING,
    _MODAL,
    _SIX_HAN,
    UnitReader,
    _inside,
    _merged,
    _Unit,
    _whole_line,
)
from rcheck.facts.phrase_hits import Hits, PhraseGroups
from rcheck.facts.regex_needs import needed_literals
from rcheck.facts.templates import load_templates
from rcheck.lexicon import Lexicon
from rcheck.text import regex as re
from rcheck.text.document import Document
from rcheck.text.script import as_written
from rcheck.text.tokenize import Tokenizer

if TYPE_CHECKING:
    from rcheck.facts.draft import DraftFacts

_PUNCT = re.compile(r"[，,。；;：:]")
_CLAUSE_SPLIT = re.compile(r"[，,；;]")


class CommitmentFinder(UnitReader):
    def __init__(self, lexicon: Lexicon, scanner: MetricScanner, owners: OwnerFinder) -> None:
        data = lexicon.get("commitments")
        self.lexicon = lexicon
        self.scanner = scanner
        self.owners = owners
        self.plan_heading = re.compile("|".join(lexicon.strings("commitments", "plan_headings")))
        self.preamble = tuple(lexicon.strings("commitments", "preamble_headings"))
        self.plan_kinds = {t.key for t in load_templates(lexicon).values() if t.plan}
        self.plan_share = float(data.get("plan_share", 0.5))
        self.plan_past_share = float(data.get("plan_past_share", 0.15))
        self.past = set(lexicon.strings("commitments", "past_markers"))
        # Marker words are matched once over the whole draft (one automaton for every list)
        # and each sentence asks which lie inside it.
        framing = lexicon.strings("commitments", "not_commitments")
        self.framing = lexicon.regex("commitments", "not_commitments", "|".join(framing))
        # Every framing sentence holds one of these words (None: the patterns do not say), so
        # a unit with none of them inside it is not searched, and one with some is searched
        # for the patterns that need the words it holds.
        split = _alternatives_by_word(framing, self.framing)
        self.framing_parts, self.framing_by_word = split or ((), None)
        self.framing_needs = tuple(self.framing_by_word) if split else needed_literals(self.framing)
        self.marker_words = PhraseGroups({
            "strong": lexicon.strings("commitments", "strong_markers"),
            "markers": lexicon.strings("commitments", "plan_markers"),
            "past": self.past,
            "summary": self.past | set(lexicon.strings("commitments", "summary_markers")),
            "modal": ["要"],
            "not": lexicon.strings("commitments", "not_marker_words"),
            "framing": self.framing_needs or (),
        })

    # -- where plans are ----------------------------------------------------------------

    def plan_regions(self, doc: Document, text: str, kind: str, cuts: list[int],
                     hits: dict[str, Hits]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """(plan parts, preamble parts) as spans of the text; `hits` are the marker words'
        occurrences in it (`marker_words.scan`)."""
        plans: list[tuple[int, int]] = []
        preamble: list[tuple[int, int]] = []
        if kind in self.plan_kinds:
            plans.append((doc.title.end if doc.title else 0, len(text)))
        sentences, starts = doc.sentences, doc.sentence_starts
        for section in doc.sections.walk():
            h = section.heading
            if h is None:
                continue
            words = text[h.marker_end:h.title_end]
            if any(p in words for p in self.preamble):
                preamble.append((section.start, section.end))
                continue
            by_heading = bool(self.plan_heading.search(words))
            after_cut = not section.children and any(c < section.start for c in cuts)
            if not (by_heading or after_cut):
                continue  # the sentences of most sections need no reading at all
            lo, hi = bisect_left(starts, section.start), bisect_left(starts, section.end)
            inside = sentences[lo:hi]
            past = sum(1 for s in inside if self._past(text, s.start, s.end, hits)) / max(1, len(inside))
            if by_heading and past < 0.5:
                plans.append((section.start, section.end))
            elif after_cut and len(inside) >= 3 and past <= self.plan_past_share:
                marked = sum(1 for s in inside if hits["markers"].any_within(s.start, s.end))
                if marked / len(inside) >= self.plan_share:
                    plans.append((section.start, section.end))
        return _merged(plans), _merged(preamble)

    def _past(self, text: str, start: int, end: int, hits: dict[str, Hits], in_plan: bool = False) -> bool:
        # Words of results after a modal are the goal, not a report: 要认真总结取得的成效,
        # 确保各项任务得到有效落实. (The modal is looked for in the slice: its look-behind
        # must not see the text before the sentence.)
        group = "past" if in_plan else "summary"
        if not hits[group].any_within(start, end):
            return False  # no word of results at all: where the modal is does not matter
        modal = _MODAL.search(text[start:end])
        head_end = start + modal.start() if modal else end
        return self._marked(hits, group, start, head_end)

    @staticmethod
    def _marked(hits: dict[str, Hits], group: str, start: int, end: int) -> bool:
        """A marker word in text[start:end] that is not part of a longer word (了 but not 了解,
        要 but not 重要)."""
        found = hits[group].within(start, end)
        if not found:
            return False
        masks = hits["not"].within(start, end)
        return any(not any(ms <= s and e <= me for ms, me in masks) for s, e in found)

    # -- judging and filling ------------------------------------------------------------

    def find(self, draft: DraftFacts, kind: str, tokenizer: Tokenizer | None, *,
             targets: bool = True, deadlines: bool = True) -> list[Commitment]:
        """The commitments of one draft; what is known about it comes from `draft`, so this
        finder, shared by every draft of a lexicon, holds nothing of any one of them.

        `targets=False` leaves every target None and `deadlines=False` every deadline that an
        owner line, table cell or owner note does not give (`target_at` and `deadline_at`
        work them out for one commitment)."""
        doc, text = draft.doc, draft.simplified
        hits = self.marker_words.scan(text)
        numbers = self._number_words(draft) if targets else None
        plans, preamble = self.plan_regions(doc, text, kind, draft.cuts, hits)
        titles = {h.start: h for h in doc.headings}
        enum_starts = {e.start: e for e in doc.enumerations}
        heading_starts = doc.heading_starts
        out: list[Commitment] = []
        # Web-page leftovers (D101): never a commitment, even when they say 将 or 每天.
        debris = _merged([(start, end) for start, end, _ in draft.debris])
        standing: list[tuple[int, list[str]]] = []
        units = self.units(doc, text, standing)
        first_leads = bool(_FIRST_LEADS.search(text))
        for unit in units:
            k = bisect_right(debris, (unit.end, unit.end)) - 1
            if k >= 0 and debris[k][1] > unit.start:
                continue
            in_plan = _inside(plans, unit.start) and not _inside(preamble, unit.start)
            if not self._is_commitment(text, unit, in_plan, titles, enum_starts, hits):
                continue
            listed = unit.item or bool(unit.owners)  # owners from lines, notes or table cells
            found = self._fill(doc, text, unit, in_plan, tokenizer, heading_starts, numbers, deadlines)
            if first_leads and listed and len(found.lead) > 1:
                # 列第一位者为牵头单位: of units listed for a task, the first leads, the rest co-operate.
                found = replace(found, lead=found.lead[:1], co=[*found.lead[1:], *found.co])
            extra = [n for since, names in standing if unit.start >= since for n in names
                     if n not in found.co and n not in found.lead]
            out.append(replace(found, co=[*found.co, *dict.fromkeys(extra)]) if extra else found)
        return out

    def _is_commitment(self, text: str, unit: _Unit, in_plan: bool, titles: dict, enum_starts: dict,
                       hits: dict[str, Hits]) -> bool:
        strong = hits["strong"].any_within(unit.start, unit.end)
        if not (unit.item or in_plan or strong or hits["modal"].any_within(unit.start, unit.end)):
            return False  # outside a plan only a plan word or 要 makes one (the last line below)
        body = text[unit.start:unit.end]
        if not _SIX_HAN.search(body):
            return False
        if self._framed(text, body, unit, hits):
            return False
        plain = body.strip(" \u3000。")
        if self.owners.is_unit(plain) or (len(plain) < 20 and not _PUNCT.search(plain)
                                           and not unit.item and _whole_line(text, unit)):
            return False  # a signature or date line: a unit's or a person's title
        heading = titles.get(unit.start)
        if (heading is not None and not unit.item and unit.end <= heading.title_end + 1
                and (heading.rank <= 2 or len(body) < 16)):
            # A section heading's own words: its body sentences are the commitments. A numbered
            # plan item (1. ①) that is a whole sentence is a measure in its own right.
            return False
        if unit.item:
            return True
        if (enum_starts.get(unit.start) and len(body) <= 30 and body.endswith(("。", "：", ":"))
                and not _DEADLINE.search(body)):
            return False  # 一是推行责任清单管理。 -- an inline sub-heading; one with a date is a measure
        if in_plan:
            return (strong or bool(_CADENCE.search(body))
                    or not self._past(text, unit.start, unit.end, hits, in_plan=True))
        # A cadence alone is not enough here: 专班坚持每月召开2次碰头会 reports a practice.
        if self._past(text, unit.start, unit.end, hits):
            return False
        return strong or self._marked(hits, "modal", unit.start, unit.end)

    def _framed(self, text: str, body: str, unit: _Unit, hits: dict[str, Hits]) -> bool:
        """`self.framing` matches the unit (a sentence that frames, not a measure)."""
        if self.framing_needs is None:
            return bool(self.framing.search(body))
        spans = hits["framing"].within(unit.start, unit.end)
        if not spans:
            return False
        if self.framing_by_word is None:
            return bool(self.framing.search(body))
        found = sorted({i for a, b in spans for i in self.framing_by_word[text[a:b]]})
        return any(self.framing_parts[i].search(body) for i in found)

    def _number_words(self, draft: DraftFacts) -> tuple[dict[str, Hits], Breaks]:
        """Masks, period words and clause breaks of the whole draft, which every target reads."""
        text = draft.simplified
        from rcheck.extract import clause_breaks

        return draft.memo("number_words", lambda: (self.scanner.words.scan(text), clause_breaks(draft)))

    def target_at(self, draft: DraftFacts, start: int, end: int) -> Metric | None:
        """The target (without subject) `find` gives the commitment at `start:end`."""
        numbers = self._number_words(draft)
        return self._target(draft.doc.text, draft.simplified, _Unit(start, end), None, numbers)

    def deadline_at(self, draft: DraftFacts, start: int, end: int) -> str | None:
        """The deadline `find` gives the commitment at `start:end` when no owner line, cell
        or note gives one."""
        return self._inherited_deadline(draft.doc, draft.simplified, _Unit(start, end))

    def _fill(self, doc: Document, text: str, unit: _Unit, in_plan: bool, tokenizer: Tokenizer | None,
              heading_starts: list[int], numbers: tuple[dict[str, Hits], Breaks] | None,
              deadlines: bool) -> Commitment:
        original = doc.text
        body = text[unit.start:unit.end]
        owners = unit.owners
        if not owners:
            found = self.owners.in_text(body)
            owners.add("lead", found.lead)
            owners.add("co", found.co)
        if not owners.lead:
            # A unit opening the sentence or one of its clauses: 县商务局要每季度通报…
            for clause in _CLAUSE_SPLIT.split(body):
                found_subject = self.owners.sentence_subject(clause)
                if found_subject:
                    owners.add("lead", found_subject)
                    break
        cadence = _CADENCE.search(body)
        deadline = unit.deadline
        if deadline is None and deadlines:
            deadline = self._inherited_deadline(doc, text, unit)
        target = self._target(original, text, unit, tokenizer, numbers) if numbers is not None else None
        headings = doc.headings
        # Sections nest and run to the next heading, so the last heading before a position
        # is the innermost section holding it.
        k = bisect_right(heading_starts, unit.start) - 1
        section = headings[k].text if k >= 0 else None
        return Commitment(
            start=unit.start, end=unit.end, text=original[unit.start:unit.end],
            action=self._action(original, text, unit),
            target=target, lead=[as_written(original, text, n, unit.start, unit.end) for n in owners.lead],
            co=[as_written(original, text, n, unit.start, unit.end) for n in owners.co],
            cadence=original[unit.start + cadence.start():unit.start + cadence.end()] if cadence else None,
            deadline=deadline, section=section, reason="section" if in_plan else "marker",
        )

    def _inherited_deadline(self, doc: Document, text: str, unit: _Unit) -> str | None:
        """The unit's own deadline, else its paragraph opener's (到2027年，…), else its heading's."""
        original = doc.text
        own = own_deadline(text[unit.start:unit.end], _DEADLINE)
        if own:
            return original[unit.start + own[0]:unit.start + own[1]]
        paragraphs = doc.paragraphs
        k = bisect_right(doc.paragraph_starts, unit.start) - 1
        if k >= 0 and not OWN_PERIOD.search(text, unit.start, unit.end):
            para = paragraphs[k]
            sentences = doc.sentences
            starts = doc.sentence_starts
            # An opener dates the sentences after it up to the next 一是/二是 item, which has its own.
            own_item = _ENUM_OPEN.match(text, unit.start)
            for s in reversed(sentences[bisect_left(starts, para.start):bisect_left(starts, unit.start)]):
                if own_item:
                    break
                seg = text[s.start:min(s.end, unit.start)]
                enum = _ENUM_OPEN.search(seg)
                if enum and enum.start() > 0:
                    break
                got = opener_deadline(seg)
                if got:
                    return original[s.start + got[0]:s.start + got[1]]
                if enum:
                    break
        h = bisect_right(doc.heading_starts, unit.start) - 1
        if h >= 0:
            heading = doc.headings[h]
            got = heading_deadline(text[heading.marker_end:heading.title_end], _DEADLINE)
            if got:
                return original[heading.marker_end + got[0]:heading.marker_end + got[1]]
        return None

    def _target(self, original: str, text: str, unit: _Unit, tokenizer: Tokenizer | None,
                numbers: tuple[dict[str, Hits], Breaks]) -> Metric | None:
        body = text[unit.start:unit.end]
        words, breaks = numbers
        # Qualifier words of a target matter little; reading them without the tokenizer is cheaper.
        q = self.scanner.target(body, (words, unit.start), breaks)
        if q is None:
            return None
        subject = (self.scanner.subject(body, q, tokenizer, breaks.from_(unit.start))
                   if tokenizer is not None else None)
        return to_metric(original[unit.start:unit.end], body, q, subject, unit.start)

    def _action(self, original: str, text: str, unit: _Unit) -> str:
        body = text[unit.start:unit.end]
        pos = _MARKER_OPENING.match(body).end()
        while (lead := _LEAD_CLAUSE.match(body, pos)) and self.owners.assign.search(lead.group()):
            pos = lead.end()  # "由局办公室牵头，各股室配合，" names owners, not the action
        end = _CLAUSE_END.search(body, pos)
        stop = min(end.start() if end else len(body), pos + 40)
        if stop <= pos:
            stop = min(len(body), pos + 40)
        return original[unit.start + pos:unit.start + stop].strip()


# A group reference or conditional ties an alternative to the groups of the others.
_GROUP_REFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


def _alternatives_by_word(alternatives: list[str], joined: re.Pattern[str]
                          ) -> tuple[tuple[re.Pattern[str], ...], dict[str, tuple[int, ...]]] | None:
    """Each alternative of `joined` compiled alone, and for each literal one of which every
    match of an alternative holds, the alternatives that need it; None where searching the
    alternatives one by one could differ from `joined` (global flags, group references, an
    alternative that is not a pattern alone, one whose words cannot be told)."""
    if joined.flags != re.compile("").flags or _GROUP_REFERENCE.search(joined.pattern):
        return None
    parts = []
    by_word: dict[str, list[int]] = {}
    for i, alternative in enumerate(alternatives):
        try:
            part = re.compile(alternative)
        except re.error:
            return None
        needs = needed_literals(part)
        if needs is None:
            return None
        parts.append(part)
        for word in needs:
            by_word.setdefault(word, []).append(i)
    return tuple(parts), {w: tuple(ids) for w, ids in by_word.items()}


# Items numbered inside one sentence (目标如下：1.…；2.…；3.…): each is its own measure.
@lru_cache(maxsize=8)
def commitment_finder_for(lexicon: Lexicon) -> CommitmentFinder:
    from rcheck.extract.metrics import scanner_for
    from rcheck.extract.owners import finder_for

    return CommitmentFinder(lexicon, scanner_for(lexicon), finder_for(lexicon))
