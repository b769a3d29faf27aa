"""The units of a draft that may be commitments: sentences and their own actions, numbered
items with the owner lines under them, task-table rows, and the owner notes that close an item.

`UnitReader` is the part of `CommitmentFinder` that cuts a draft into such units; it holds no
state of any one draft (notes that stand for every later measure go to the caller's list).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from rcheck.extract.owners import OwnerFinder, Owners
from rcheck.text import regex as re
from rcheck.text.document import Document, Paragraph
from rcheck.text.numerals import CN_DIGITS
from rcheck.text.structure import CELL_SEPARATOR

if TYPE_CHECKING:
    pass

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
# The document's rule for listed units: 列第一位者为牵头单位, 排在首位的为牵头单位.
_FIRST_LEADS = re.compile(r"(?:列|排)(?:在)?(?:第一位|首位|第一)(?:的|者)?(?:责任)?(?:单位|部门)?"
                          r"(?:为|是)牵头(?:单位|部门)")
# A modal that governs what follows (要 but not 重要/要求). 要 is matched before its look-behind
# ((?<![需…])要 is 要(?<![需…]要)), so the pattern opens with literals only and `re` skips to them.
_MODAL = re.compile(r"要(?<![需重主必只首纲摘概简纪]要)(?![求点素件闻务害领义旨目职案员事地])"
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


class UnitReader:
    """Cuts a draft into candidate units; `owners` (an OwnerFinder) is the subclass's."""

    owners: OwnerFinder

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


# The mark before an item is matched, not looked behind at, so `re` skips to the next mark; an
# item begins where the match ends.
_ITEM_MARK = re.compile(r"[；;：:]")
_INLINE_ITEM = re.compile(r"[；;：:]\s*(?=(?:\d{1,2}[.、．](?!\d)|[（(]\d{1,2}[）)]|[①-⑳]))")


_ENUM_OPEN = re.compile(r"[一二三四五六七八九十]是|第[一二三四五六七八九十][，,、]|其[一二三四五]")
_TARGET_CLAUSE = re.compile(r"(?:达到|增长|提高到|提高|下降|降低|控制在|不少于|不低于|超过|新增|新建)"
                            r"[^；;]{0,20}?(?:\d|[xX]{1,6}|[一二三四五六七八九十百千万]+[个项家所])")


_NESTING = re.compile(r"[（(〔【《“）)〕】》”；;]")


def _semicolons(text: str, start: int, end: int) -> list[int]:
    """Positions just after each ；of a sentence outside brackets and quotes."""
    if text.find("；", start, end - 1) < 0 and text.find(";", start, end - 1) < 0:
        return []  # most sentences have no semicolon: nothing to cut, no bracket to follow
    cuts: list[int] = []
    depth = 0
    # Only brackets, quotes and semicolons change anything: the regex skips the other characters.
    for m in _NESTING.finditer(text, start, end - 1):
        c = m.group()
        if c in "（(〔【《“":
            depth += 1
        elif c in "）)〕】》”":
            depth = max(0, depth - 1)
        elif depth == 0:
            cuts.append(m.start() + 1)
    return cuts


def _inline_items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of a sentence's numbered items, or the sentence itself when it has fewer than two."""
    # From one character back: a mark just before `start` opens an item at `start`.
    first = max(0, start - 1)
    if not _ITEM_MARK.search(text, first, end):
        return [(start, end)]
    cuts = [m.end() for m in _INLINE_ITEM.finditer(text, first, end)]
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
