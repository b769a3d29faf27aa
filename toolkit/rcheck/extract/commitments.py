"""Commitments: what a draft promises, with its target, cadence or deadline, and owners.

A commitment is the smallest unit with its own action: a sentence, or a numbered plan item
together with the owner lines under it (`牵头单位：…`). Sentences count inside a plan part of
a report (下一步工作打算, 整改措施, the body of a 实施方案) or, elsewhere, when they carry a
strong plan word (下一步, 力争, 年内…) and no word of things already done.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from rcheck.extract.deadlines import OWN_PERIOD, heading_deadline, opener_deadline, own_deadline
from rcheck.extract.metrics import MetricScanner, to_metric
from rcheck.extract.owners import OwnerFinder, Owners
from rcheck.extract.types import Commitment, Metric
from rcheck.facts.templates import load_templates
from rcheck.lexicon import Lexicon, PhraseMatcher
from rcheck.text.document import Document, Paragraph
from rcheck.text.numerals import CN_DIGITS
from rcheck.text.script import as_written
from rcheck.text.structure import CELL_SEPARATOR
from rcheck.text.tokenize import Tokenizer

if TYPE_CHECKING:
    from rcheck.facts.draft import DraftFacts

_CADENCE = re.compile(
    r"每(?:半年|两年|两个月|双月|个月|个季度|季度|学期|年度|年|季|月|周|旬|天|日)"
    r"|(?:一年|半年|一季度|一个月|一月|一周)(?:一次|两次|一轮)|定期"
)
_CN = CN_DIGITS + "十"
_DEADLINE = re.compile(
    rf"(?:(?:20\d\d|二〇[{_CN}]{{2}})年)?(?:\d{{1,2}}|[{_CN}]{{1,3}})月(?:\d{{1,2}}日)?"
    r"(?:底|末|中旬|上旬|下旬)?(?:前|以前|之前)"
    rf"|(?:20\d\d|二〇[{_CN}]{{2}})年(?:底|末|年底|上半年|下半年|内|第[一二三四]季度)?(?:前|以前|之前)"
    r"|(?:20\d\d年)?(?:上半年|下半年)"
    rf"|(?:到|至|于|在)(?:20\d\d|二〇[{_CN}]{{2}})年(?:\d{{1,2}}月)?(?:底|末|年底|上半年|下半年)?"
    r"|(?:20\d\d)年(?:底|末)"
    r"|(?:\d{1,2}月)?(?:开学前|学期末|寒假前|暑假前)"
    r"|年内|年底前|年底|本年度内|当年内|月底前|季度末|长期坚持|立行立改|限期"
    rf"|(?:\d+|[{_CN}两]+)个?(?:工作日|月|日|天|周)内"
)
_PAREN_TAIL = re.compile(r"[（(〔【][^（）()〔〕【】]{2,80}[）)〕】][。；;]?$")
# An owner note in brackets closing a paragraph, which may hold full stops of its own.
_BLOCK_TAIL = re.compile(
    r"[（(〔【](?P<inner>(?:[^（）()〔〕【】]|[（(][^（）()]{1,8}[）)]){2,160})[）)〕】][。；;]?$")
# A standing owner for every later measure: 具体任务均涉及相关市（州）人民政府，不再做分工，下同.
_STANDING = re.compile(r"(?:均涉及|均由|均需|均请)(?P<names>[^，,。；;]{2,40})[^。；;]*下同")
_LEAD_CLAUSE = re.compile(r"^[^，,。；;]{0,30}?[，,]")
_MARKER_OPENING = re.compile(
    rf"^(?:\d{{1,3}}{CELL_SEPARATOR}|[一二三四五六七八九十\d]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|[①-⑳])?"
    r"(?:20\d\d年[，,])?"
    r"(?:下一步|今后|明年|来年|下步)?[，,]?(?:我们|我局|我委|我办|我部|我单位|我县|我市|我区)?"
    r"(?:将|要|还将|仍将|也将)?(?:继续|进一步|持续|切实|坚持)?"
)
# A modal that governs what follows (要 but not 重要/要求).
# The document's rule for listed units: 列第一位者为牵头单位, 排在首位的为牵头单位.
_FIRST_LEADS = re.compile(r"(?:列|排)(?:在)?(?:第一位|首位|第一)(?:的|者)?(?:责任)?(?:单位|部门)?"
                          r"(?:为|是)牵头(?:单位|部门)")
_MODAL = re.compile(r"(?<![需重主必只首纲摘概简纪])要(?![求点素件闻务害领义旨目职案员事地])"
                    r"|确保|务必|力争|争取|必须")
_SIX_HAN = re.compile(r"(?:[\u4e00-\u9fff][^\u4e00-\u9fff]*){6}")  # six Chinese characters at least
_CELL = CELL_SEPARATOR
_CLAUSE_END = re.compile(r"[，,。；;：:！!？?]")


@dataclass
class _Unit:
    """A candidate commitment: a sentence, or a plan item with its owner lines."""

    start: int
    end: int
    owners: Owners = field(default_factory=Owners)
    deadline: str | None = None
    item: bool = False  # a plan item closed by owner lines or an owner parenthesis


class CommitmentFinder:
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
        self.strong = PhraseMatcher((w, w) for w in lexicon.strings("commitments", "strong_markers"))
        self.markers = PhraseMatcher((w, w) for w in lexicon.strings("commitments", "plan_markers"))
        self.past = set(lexicon.strings("commitments", "past_markers"))
        self.summary_past = self.past | set(lexicon.strings("commitments", "summary_markers"))
        self.past_matcher = PhraseMatcher((w, w) for w in self.past)
        self.summary_matcher = PhraseMatcher((w, w) for w in self.summary_past)
        self.modal_matcher = PhraseMatcher([("要", "要")])
        self.not_markers = PhraseMatcher((w, w) for w in lexicon.strings("commitments", "not_marker_words"))
        self.framing = lexicon.regex("commitments", "not_commitments",
                                     "|".join(lexicon.strings("commitments", "not_commitments")))

    # -- where plans are ----------------------------------------------------------------

    def plan_regions(self, doc: Document, text: str, kind: str, tokenizer: Tokenizer | None,
                     cuts: list[int]) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """(plan parts, preamble parts) as spans of the text."""
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
            inside = [text[s.start:s.end] for s in sentences[lo:hi]]
            past = sum(1 for s in inside if self._past(s)) / max(1, len(inside))
            if by_heading and past < 0.5:
                plans.append((section.start, section.end))
            elif after_cut and len(inside) >= 3 and past <= self.plan_past_share:
                marked = sum(1 for s in inside if any(True for _ in self.markers.finditer(s)))
                if marked / len(inside) >= self.plan_share:
                    plans.append((section.start, section.end))
        return _merged(plans), _merged(preamble)

    def _past(self, sentence: str, in_plan: bool = False) -> bool:
        # Words of results after a modal are the goal, not a report: 要认真总结取得的成效,
        # 确保各项任务得到有效落实.
        modal = _MODAL.search(sentence)
        head = sentence[:modal.start()] if modal else sentence
        return self._marked(head, self.past_matcher if in_plan else self.summary_matcher)

    def _marked(self, sentence: str, matcher: PhraseMatcher) -> bool:
        """A marker word that is not part of a longer word (了 but not 了解, 要 but not 重要)."""
        hits = list(matcher.finditer(sentence))
        if not hits:
            return False
        masks = list(self.not_markers.finditer(sentence))
        return any(not any(ms <= s and e <= me for ms, me, _ in masks) for s, e, _ in hits)

    # -- the units ----------------------------------------------------------------------

    def units(self, doc: Document, text: str,
              standing: list[tuple[int, list[str]]]) -> list[_Unit]:
        """The draft's candidate units; owner notes that hold for every later measure
        (…下同) are added to `standing`, which the caller owns."""
        paragraphs = doc.paragraphs
        heading_paras = {h.paragraph for h in doc.headings}
        labels = [self.owners.label(text[p.start:p.end]) for p in paragraphs]
        units, taken = self._table_units(text, paragraphs)
        i = 0
        while i < len(paragraphs):
            if labels[i] is None:
                i += 1
                continue
            j = i
            while j < len(paragraphs) and labels[j] is not None:
                j += 1
            anchor = self._anchor(i, heading_paras, labels, taken)
            if anchor is not None:
                unit = _Unit(paragraphs[anchor].start, paragraphs[j - 1].end, item=True)
                for k in range(i, j):
                    role, value = labels[k]  # type: ignore[misc]
                    if role == "deadline":
                        unit.deadline = unit.deadline or value.rstrip("。；;") or None
                    else:
                        names = self.owners.split_names(value)
                        # "责任单位" beside a "牵头单位" line names the co-operating units.
                        unit.owners.add("co" if role == "lead" and unit.owners.lead else role, names)
                units.append(unit)
                taken.update(range(anchor, j))
            else:
                taken.update(range(i, j))
            i = j
        for k, para in enumerate(paragraphs):
            if k in taken:
                continue
            units.extend(self._sentence_units(doc, text, para, standing))
        units.sort(key=lambda u: u.start)
        return units

    def _table_units(self, text: str, paragraphs: list[Paragraph]) -> tuple[list[_Unit], set[int]]:
        """Rows of a task table (序号｜工作任务｜牵头单位｜配合单位｜完成时限): one measure a row.

        Tables read from Word come one row a line with cells joined by ｜; the header row says
        which column holds the lead, the co-operating units and the deadline."""
        units: list[_Unit] = []
        taken: set[int] = set()
        roles: list[str | None] | None = None
        for k, para in enumerate(paragraphs):
            line = text[para.start:para.end]
            if _CELL not in line:
                roles = None
                continue
            cells = line.split(_CELL)
            header = [self._column_role(c) for c in cells]
            if any(header):
                roles = header
                taken.add(k)  # the header row is not a measure
                continue
            if roles is None or len(cells) != len(roles):
                continue
            unit = _Unit(para.start, para.end, item=True)
            for cell, role in zip(cells, roles, strict=True):
                if role == "deadline":
                    unit.deadline = cell.strip() or None
                elif role is not None:
                    unit.owners.add("co" if role == "lead" and unit.owners.lead else role,
                                    self.owners.split_names(cell))
            units.append(unit)
            taken.add(k)
        return units, taken

    def _column_role(self, cell: str) -> str | None:
        label = self.owners.label(cell.strip() + "：")
        return label[0] if label else None

    @staticmethod
    def _anchor(first_label: int, heading_paras: set[int], labels: list, taken: set[int]) -> int | None:
        """The paragraph a block of owner lines belongs to: back to the item's numbered line."""
        k = first_label - 1
        while k >= 0 and k not in taken and labels[k] is None:
            if k in heading_paras:
                return k
            if first_label - k >= 4:
                break
            k -= 1
        prev = first_label - 1
        return prev if prev >= 0 and prev not in taken and labels[prev] is None else None

    def _owner_paren(self, text: str, start: int, end: int) -> _Unit | None:
        """A unit whose text ends in an owner parenthesis: （县发改局牵头，各乡镇按职责分工负责）."""
        tail = _PAREN_TAIL.search(text, start, end)
        if not tail or not (self.owners.assign.search(tail.group()) or self.owners.label(tail.group()[1:])):
            return None
        unit = _Unit(start, end, item=True)
        inner = tail.group()[1:].rstrip("。；;")[:-1]
        for part in re.split(r"[；;]", inner):
            self._read_owner_part(part, unit)
        return unit

    def _trailing_block(self, text: str, para: Paragraph,
                        standing: list[tuple[int, list[str]]]) -> tuple[int, _Unit] | None:
        """An owner note closing a paragraph of several sentences: 〔责任单位：…。…下同。〕.

        Returns where the note opens and a unit holding its owners; a part saying 下同 or
        均涉及 names owners of every later measure too (added to `standing`)."""
        line = text[para.start:para.end]
        m = _BLOCK_TAIL.search(line)
        if not m or m.start() == 0 or line[m.start() - 1] not in "。；;！!":
            return None
        inner = m.group("inner")
        if not (self.owners.assign.search(inner) or self.owners.label(inner)):
            return None
        unit = _Unit(para.start, para.end, item=True)
        for part in re.split(r"[。；;]", inner):
            if not part.strip():
                continue
            note = _STANDING.search(part)
            if note:
                names = self.owners.split_names(note.group("names"))
                unit.owners.add("co", names)
                standing.append((para.start, names))
                continue
            self._read_owner_part(part, unit)
        return para.start + m.start(), unit

    def _aside(self, text: str, para: Paragraph) -> int | None:
        """Where a bracketed note of several sentences that names no owner or date closes a paragraph."""
        line = text[para.start:para.end]
        m = _BLOCK_TAIL.search(line)
        if not m or m.start() == 0 or line[m.start() - 1] not in "。；;！!":
            return None
        inner = m.group("inner")
        if (not re.search(r"[。；;]", inner.rstrip("。；;")) or self.owners.assign.search(inner)
                or self.owners.label(inner) or _DEADLINE.search(inner) or _CADENCE.search(inner)):
            return None
        return para.start + m.start()

    def _read_owner_part(self, part: str, unit: _Unit) -> None:
        label = self.owners.label(part)
        if label and label[0] == "deadline":
            unit.deadline = label[1]
        elif label:
            unit.owners.add("co" if label[0] == "lead" and unit.owners.lead else label[0],
                            self.owners.split_names(label[1]))
        else:
            found = self.owners.in_text(part)
            unit.owners.add("lead", found.lead)
            unit.owners.add("co", found.co)

    def _sentence_units(self, doc: Document, text: str, para: Paragraph,
                        standing: list[tuple[int, list[str]]]) -> list[_Unit]:
        sentences, starts = doc.sentences, doc.sentence_starts
        mine = sentences[bisect_left(starts, para.start):bisect_left(starts, para.end)]
        units: list[_Unit] = []
        # One sentence and its note stay one item; several share the note but keep their own actions.
        block = self._trailing_block(text, para, standing) if len(mine) > 2 else None
        if block is not None:
            # Each sentence before the note keeps its own action and takes the note's owners.
            opens, note = block
            for s in mine:
                if s.start >= opens:
                    break
                for start, end in self._pieces(text, s.start, min(s.end, opens)):
                    owners = Owners(list(note.owners.lead), list(note.owners.co))
                    units.append(_Unit(start, end, owners=owners, deadline=note.deadline))
            if units:
                units[-1].end = para.end  # the note closes the last measure, as it does on the page
            return units
        aside = self._aside(text, para) if len(mine) > 1 else None
        for s in mine:
            if aside is not None and s.start >= aside:
                break  # （“x”是……）: a note explaining the words before it
            body = text[s.start:s.end].strip()
            if body.startswith(("（", "(")) and units and self._owner_paren(text, s.start, s.end):
                # A parenthesis after the full stop names the owners of the whole item before it.
                unit = self._owner_paren(text, s.start, s.end)
                unit.start = units[0].start
                units = [unit]
                continue
            for start, end in self._pieces(text, s.start, s.end):
                units.append(self._owner_paren(text, start, end) or _Unit(start, end))
        return units

    def _pieces(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """A sentence's own actions: numbered items, else clauses at ；that each stand alone."""
        items = _inline_items(text, start, end)
        if len(items) > 1:
            return items
        cuts = _semicolons(text, start, end)
        if not cuts:
            return items
        spans = [(a, b) for a, b in pairwise([start, *cuts, end]) if _SIX_HAN.search(text, a, b)]
        if len(spans) < 2:
            return items
        later = [text[a:b].lstrip() for a, b in spans[1:]]
        # 一是…；二是…, targets one a clause (财政收入达到…；农民人均收入达到…), or a clause
        # with an owner of its own: each is a measure. Clauses sharing one subject stay one.
        if (any(_ENUM_OPEN.match(p) for p in later)
                or all(_TARGET_CLAUSE.search(text, a, b) for a, b in spans[:-1])
                or any(self.owners.sentence_subject(p) for p in later)):
            return spans
        return items

    # -- judging and filling ------------------------------------------------------------

    def find(self, draft: DraftFacts, kind: str, tokenizer: Tokenizer | None) -> list[Commitment]:
        """The commitments of one draft; what is known about it comes from `draft`, so this
        finder, shared by every draft of a lexicon, holds nothing of any one of them."""
        doc, text = draft.doc, draft.simplified
        plans, preamble = self.plan_regions(doc, text, kind, tokenizer, draft.cuts)
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
            if not self._is_commitment(text, unit, in_plan, titles, enum_starts, tokenizer):
                continue
            listed = unit.item or bool(unit.owners)  # owners from lines, notes or table cells
            found = self._fill(doc, text, unit, in_plan, tokenizer, heading_starts)
            if first_leads and listed and len(found.lead) > 1:
                # 列第一位者为牵头单位: of units listed for a task, the first leads, the rest co-operate.
                found = replace(found, lead=found.lead[:1], co=[*found.lead[1:], *found.co])
            extra = [n for since, names in standing if unit.start >= since for n in names
                     if n not in found.co and n not in found.lead]
            out.append(replace(found, co=[*found.co, *dict.fromkeys(extra)]) if extra else found)
        return out

    def _is_commitment(self, text: str, unit: _Unit, in_plan: bool, titles: dict, enum_starts: dict,
                       tokenizer: Tokenizer | None) -> bool:
        body = text[unit.start:unit.end]
        if not _SIX_HAN.search(body) or self.framing.search(body):
            return False
        plain = body.strip(" \u3000。")
        if self.owners.is_unit(plain) or (len(plain) < 20 and not re.search(r"[，,。；;：:]", plain)
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
        strong = any(True for _ in self.strong.finditer(body))
        if in_plan:
            return strong or bool(_CADENCE.search(body)) or not self._past(body, in_plan)
        # A cadence alone is not enough here: 专班坚持每月召开2次碰头会 reports a practice.
        if self._past(body, in_plan):
            return False
        return strong or self._marked(body, self.modal_matcher)

    def _fill(self, doc: Document, text: str, unit: _Unit, in_plan: bool,
              tokenizer: Tokenizer | None, heading_starts: list[int]) -> Commitment:
        original = doc.text
        body = text[unit.start:unit.end]
        owners = unit.owners
        if not owners:
            found = self.owners.in_text(body)
            owners.add("lead", found.lead)
            owners.add("co", found.co)
        if not owners.lead:
            # A unit opening the sentence or one of its clauses: 县商务局要每季度通报…
            for clause in re.split(r"[，,；;]", body):
                found_subject = self.owners.sentence_subject(clause)
                if found_subject:
                    owners.add("lead", found_subject)
                    break
        cadence = _CADENCE.search(body)
        deadline = unit.deadline
        if deadline is None:
            deadline = self._inherited_deadline(doc, text, unit)
        target = self._target(original, text, unit, tokenizer)
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

    def _target(self, original: str, text: str, unit: _Unit, tokenizer: Tokenizer | None) -> Metric | None:
        body = text[unit.start:unit.end]
        # Qualifier words of a target matter little; reading them without the tokenizer is cheaper.
        quantities = self.scanner.quantities(body)
        if not quantities:
            return None
        q = next((q for q in quantities if q.is_metric), None) or next(
            (q for q in quantities if q.cadence), None)
        if q is None:
            return None
        subject = self.scanner.subject(body, q, tokenizer) if tokenizer is not None else None
        metric = to_metric(original[unit.start:unit.end], body, q, subject)
        shift = unit.start
        return replace(metric, start=metric.start + shift, end=metric.end + shift,
                       subject_start=None if metric.subject_start is None else metric.subject_start + shift,
                       subject_end=None if metric.subject_end is None else metric.subject_end + shift)

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


# Items numbered inside one sentence (目标如下：1.…；2.…；3.…): each is its own measure.
_INLINE_ITEM = re.compile(r"(?<=[；;：:])\s*(?=(?:\d{1,2}[.、．](?!\d)|[（(]\d{1,2}[）)]|[①-⑳]))")


_ENUM_OPEN = re.compile(r"[一二三四五六七八九十]是|第[一二三四五六七八九十][，,、]|其[一二三四五]")
_TARGET_CLAUSE = re.compile(r"(?:达到|增长|提高到|提高|下降|降低|控制在|不少于|不低于|超过|新增|新建)"
                            r"[^；;]{0,20}?(?:\d|[xX]{1,6}|[一二三四五六七八九十百千万]+[个项家所])")


def _semicolons(text: str, start: int, end: int) -> list[int]:
    """Positions just after each ；of a sentence outside brackets and quotes."""
    cuts: list[int] = []
    depth = 0
    for i in range(start, end - 1):
        c = text[i]
        if c in "（(〔【《“":
            depth += 1
        elif c in "）)〕】》”":
            depth = max(0, depth - 1)
        elif c in "；;" and depth == 0:
            cuts.append(i + 1)
    return cuts


def _inline_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of a sentence's numbered items, or the sentence itself when it has fewer than two."""
    cuts = [m.end() for m in _INLINE_ITEM.finditer(text, start, end)]
    if len(cuts) < 2:
        return [(start, end)]
    bounds = [start, *cuts, end]
    return [(a, b) for a, b in pairwise(bounds) if text[a:b].strip()]




def _whole_line(text: str, unit: _Unit) -> bool:
    return ((unit.start == 0 or text[unit.start - 1] == "\n") and text.startswith("\n", unit.end)) \
        or unit.end == len(text)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans, so `_inside` can bisect."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return out


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    k = bisect_right(spans, (pos, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= pos < spans[k][1]


@lru_cache(maxsize=8)
def commitment_finder_for(lexicon: Lexicon) -> CommitmentFinder:
    from rcheck.extract.metrics import scanner_for
    from rcheck.extract.owners import finder_for

    return CommitmentFinder(lexicon, scanner_for(lexicon), finder_for(lexicon))
