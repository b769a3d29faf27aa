"""Metrics: counted quantities (`共20次`, `超*万人次`, `为期七天`) with their subject.

The scan looks for a number (Arabic, Chinese or a placeholder), an optional scale (万, 亿),
an optional 余/多 and a measure word from `units.toml`, then throws out what only looks like
a count: years and dates, ordinals (第五轮), numbered formulations and words that begin with
a numeral (四个意识, 一起, 进一步), and counts per period (每季度一次), which are cadences.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from rcheck.extract.types import Metric
from rcheck.facts.debris import cut_pattern
from rcheck.facts.phrase_hits import Hits, PhraseGroups
from rcheck.lexicon import Lexicon
from rcheck.text import regex as re
from rcheck.text.numerals import CN_NUMERAL_CHARS, parse_number
from rcheck.text.script import as_written
from rcheck.text.tokenize import Tokenizer

# Where a clause ends: the subject and the counting words are looked for inside it.
CLAUSE_BREAK = re.compile(r"[，,。；;：:！!？?、\n（）()]")
_MAX_NUMERAL = 20  # 一千二百三十四万五千六百七十八 is 15
# A number opens with one character of this set, matched first, so that `re` skips ahead to the
# next digit, numeral or placeholder instead of trying every alternative at every position (it
# cannot skip by a pattern that opens with a look-behind). The look-behinds of each kind are
# therefore written after that character: (?<!\d)\d is \d(?<!\d\d). The kinds' first
# characters are disjoint, so only the kind of the character read can go on.
_NUMBER_FIRST = rf"[\d{CN_NUMERAL_CHARS}*＊Xx×□○]"
# 1,234,567 (a grouped number starts at its first group) or 1234.5, not inside a longer run.
_ARABIC_REST = r"(?<=\d)(?<!\d\d)(?:(?<!\d,\d)\d{0,2}(?:,\d{3}){1,6}(?:\.\d+)?|\d{0,14}(?:\.\d+)?)"
_CHINESE_REST = (f"(?<=[{CN_NUMERAL_CHARS}])(?<![{CN_NUMERAL_CHARS}]{{2}})"
                 f"[{CN_NUMERAL_CHARS}]{{0,{_MAX_NUMERAL - 1}}}")
# *, **, ***; X, XX; □; ○○: up to three of one kind of mark.
_PLACEHOLDER_REST = r"(?<=\*)\*{0,2}|(?<=＊)＊{0,2}|(?<=[Xx×])[Xx×]{0,2}|(?<=□)□{0,2}|(?<=○)○{0,2}"
_COUNTING_DIGIT = re.compile("[一二两三四五六七八九十]")
_SCALES = ("万亿", "千万", "百万", "十万", "万", "亿")
_SESSION = re.compile(r"届[\u4e00-\u9fff]{0,4}$")  # 十八届人大五次会议: a session, not a count
_YEAR_AFTER_MARKER = re.compile(r"\d{1,2}\.(?:19|20)\d\d")  # "2.2025年": item 2, then a year
_DATE_TAIL = re.compile(r"[ \u3000]*\d{1,2}[ \u3000]*日")
_CADENCE_WORDS = ("半年", "季度", "每年", "每月", "每周", "每天", "每日", "每旬", "每季",
                  "一年", "一月", "一季", "一周")
_CADENCE_BEFORE = re.compile("(?:" + "|".join(_CADENCE_WORDS) + r")[ \u3000]*$")
_CADENCE_LAST = frozenset(w[-1] for w in _CADENCE_WORDS)  # a clause ending otherwise has none


class Quantity(NamedTuple):
    """A number with its measure word, before deciding whether it is a metric. A tuple: one is
    made for every number of a draft, and a frozen dataclass took longer to make than to judge."""

    start: int
    end: int
    value: int | float | None
    unit: str
    scale: str | None
    approx: str | None
    qualifier: str | None
    placeholder: bool
    cadence: bool  # a count per period: belongs to a commitment's cadence, not to metrics
    article: bool = False  # 一 as an article (打造一支队伍, 人手一册): a target at most, not a count

    @property
    def is_metric(self) -> bool:
        return not (self.cadence or self.article)


class MetricScanner:
    """Compiled once per lexicon: the quantity pattern and the phrase masks."""

    def __init__(self, lexicon: Lexicon) -> None:
        units = set(lexicon.strings("units", "measures")) | set(lexicon.strings("units", "compound_measures"))
        # The scale is never part of the unit (66.57万元: scale 万, unit 元); 余/多 are approx.
        units = {u for u in units if u not in ("余", "多", "余人") and not u.startswith(("万", "亿"))}
        unit_alt = "|".join(re.escape(u) for u in sorted(units, key=lambda u: (-len(u), u)))
        # A number starts where a run of digits or numerals starts and has a bounded length:
        # `\d+` unanchored tried every start inside a long run, each scanning to its end
        # (16,000 digits: 33 s). A count is never longer than these bounds.
        self.pattern = re.compile(
            rf"(?P<num>{_NUMBER_FIRST}(?:{_ARABIC_REST}|{_CHINESE_REST}|{_PLACEHOLDER_REST}))"
            r"(?P<sp>[ \u3000]*)"
            rf"(?P<scale>万亿|千万|百万|十万|万|亿)?(?P<more>余|多)?(?P<unit>{unit_alt})"
        )
        self.percent = re.compile(rf"百分之(?P<num>[{CN_NUMERAL_CHARS}点]{{1,{_MAX_NUMERAL}}})")
        self.approx_before = sorted(lexicon.strings("units", "approx_before"), key=len, reverse=True)
        self.approx_after = sorted(lexicon.strings("units", "approx_after"), key=len, reverse=True)
        never = r"(?!)"
        self._before_re = re.compile("(?:" + ("|".join(map(re.escape, self.approx_before)) or never) + r")\Z")
        self._before_len = max(map(len, self.approx_before), default=0)
        self._after_re = re.compile("|".join(map(re.escape, self.approx_after)) or never)
        # The words' last (first) characters, to pass by most numbers without a search; None
        # when an empty word makes every place match.
        self._before_last = ({w[-1] for w in self.approx_before} if all(self.approx_before) else None)
        self._after_first = ({w[0] for w in self.approx_after} if all(self.approx_after) else None)
        self.qualifiers = set(lexicon.strings("units", "qualifiers"))
        # A window holding none of their first characters holds no qualifier (most do not).
        firsts = "".join(sorted({q[0] for q in self.qualifiers if q}))
        self._qualifier_first = (re.compile(f"[{re.escape(firsts)}]" if firsts else never)
                                 if "" not in self.qualifiers else None)
        self.not_units = tuple(lexicon.strings("units", "not_units"))
        # Words that only begin with a measure word, by the measure word matched: only those
        # sharing its first character can start where it does.
        self._not_units_by_first = {u: tuple(w for w in self.not_units if not w or w[0] == u[0])
                                    for u in units}
        self.subject_verbs = set(lexicon.strings("units", "subject_verbs"))
        masks = list(lexicon.strings("units", "numeral_words"))
        for entry in lexicon.tables("formulations", "formulation"):
            canonical = entry.get("canonical")
            if isinstance(canonical, str) and any(c in CN_NUMERAL_CHARS for c in canonical[:2]):
                masks.append(canonical)
        masks += [w for w in lexicon.strings("words", "words") if w[:1] in CN_NUMERAL_CHARS]
        # Masked phrases and counting-period words, found in one pass over each scanned text.
        self.words = PhraseGroups({"mask": masks, "cadence": lexicon.strings("units", "cadence_words")})
        self.cut = cut_pattern(lexicon)  # 此处隐藏8374字 is web debris, not a count

    # -- the scan ---------------------------------------------------------------------

    def quantities(self, text: str, tokenizer: Tokenizer | None = None, breaks: Breaks | None = None
                   ) -> list[Quantity]:
        """`breaks` are `Breaks(text)` when the caller has them."""
        scan = self._scan(text, None, breaks)
        if scan is None:
            return []
        out: list[Quantity] = []
        for m in scan.matches:
            q = self._judge(text, m, scan, tokenizer)
            if q is not None:
                out.append(q)
        out += self._percents(text, scan, tokenizer)
        out.sort(key=lambda q: q.start)
        return out

    def target(self, text: str, within: tuple[dict[str, Hits], int] | None = None,
               breaks: Breaks | None = None) -> Quantity | None:
        """What a commitment's target is read from: the first metric of `quantities(text)`,
        else its first cadence. Judging stops at the first metric (a share is always one).

        `within` is (`words.scan` of a whole draft, where `text` starts in it) when `text` is
        a slice of that draft: its phrases are then read from the draft's scan, and its clause
        breaks from `breaks`, the draft's, when given."""
        scan = self._scan(text, within, breaks)
        if scan is None:
            return None
        percent = next(iter(self._percents(text, scan, None)), None)
        cadence = None
        for m in scan.matches:
            if percent is not None and m.start() > percent.start:
                return percent  # sorted by start, a count at the share's start comes first
            q = self._judge(text, m, scan, None)
            if q is None:
                continue
            if q.is_metric:
                return q
            if cadence is None and q.cadence:
                cadence = q
        return percent or cadence

    def _scan(self, text: str, within: tuple[dict[str, Hits], int] | None = None,
              breaks: Breaks | None = None) -> _Scan | None:
        """The number matches of `text` and what judging them reads; None when it has none.
        `breaks`, when given, are those of the text `within` names (else of `text` itself)."""
        matches = list(self.pattern.finditer(text))
        percents = list(self.percent.finditer(text))
        if not matches and not percents:
            return None
        cuts = [m.span() for m in self.cut.finditer(text)]
        if within is None:
            words = self.words.scan(text)
            masks, shift = words["mask"].spans(), 0
        else:
            # A phrase lies in the slice exactly when the draft's occurrence lies inside it.
            words, shift = within
            masks = [(a - shift, b - shift) for a, b in words["mask"].within(shift, shift + len(text))]
        clauses = Breaks(text) if breaks is None else breaks.from_(shift)
        masked = sorted(masks + cuts)
        return _Scan(matches, percents, [a for a, _ in masked], [b for _, b in masked], words["cadence"],
                     shift, clauses)

    def _percents(self, text: str, scan: _Scan, tokenizer: Tokenizer | None) -> list[Quantity]:
        out = []
        for m in scan.percents:
            value = parse_number(m.group("num").split("点")[0])
            if value is not None:
                qualifier = self._qualifier(text, m.start(), tokenizer, scan.breaks.clause_start(m.start()))
                out.append(Quantity(m.start(), m.end(), value, "%", None, None, qualifier, False, False))
        return out

    def _judge(self, text: str, m: re.Match[str], scan: _Scan, tokenizer: Tokenizer | None
               ) -> Quantity | None:
        num, unit, scale = m.group("num"), m.group("unit"), m.group("scale")
        start, end = m.start(), m.end()
        placeholder = not (num[0].isdigit() or num[0] in CN_NUMERAL_CHARS)
        before = text[start - 1] if start else ""
        if _inside(scan.mask_starts, scan.mask_ends, start) or before == "第" or (
                before.isascii() and before.isalnum()):
            return None
        if (_in_book_title(text, start) or text.endswith(("以下", "如下"), 0, start)
                or _SESSION.search(text, max(0, start - 8), start)):
            return None  # 《…三年行动方案》 is a title; 以下四个方面 frames a list
        if before in "“‘" and _short_quote(text, start):
            return None  # “三个带头” names a formulation
        unit_start = m.start("unit")
        if text.startswith(self._not_units_by_first.get(unit, ()), unit_start):
            return None
        if not placeholder and num[0] in CN_NUMERAL_CHARS:
            if not _COUNTING_DIGIT.search(num) and not (
                    num in ("百", "千", "万") and self._approx_before(text, start)):
                return None  # 千家万户, 百姓: not a count; 近千人 is one
            if scale is None and len(num) > 1 and num[-1] in "万亿":
                scale, num = num[-1], num[:-1]
        if unit == "年" and (len(num) == 4 or "〇" in num or before in "年月"
                            or _YEAR_AFTER_MARKER.fullmatch(num)):
            return None  # a year: 2025年, 二〇二五年
        if unit == "月" or (unit == "日" and (before == "月" or text.endswith("月", 0, start))):
            return None  # a date: 3月, 3月15日
        if unit in ("年", "月") and _DATE_TAIL.match(text, end):
            return None
        value = None if placeholder else parse_number(num)
        if not placeholder and value is None:
            return None
        approx = m.group("more") or self._approx_before(text, start)
        after = self._approx_after(text, end)
        if after and not approx:
            approx = after  # 以上, 左右: outside the span, as the quantity is written without them
        clause_start = scan.breaks.clause_start(start)
        cadence = _cadence_before(text, clause_start, start) or scan.cadence.any_within(
            clause_start + scan.shift, start + scan.shift)
        qualifier = self._qualifier(text, start, tokenizer, clause_start)
        article = num == "一" and not (approx or qualifier)
        return Quantity(start, end, value, unit, scale, approx, qualifier, placeholder, cadence, article)

    def _approx_before(self, text: str, start: int) -> str | None:
        pos = start
        while pos > 0 and text[pos - 1] in " \u3000":
            pos -= 1
        if self._before_last is not None and (pos == 0 or text[pos - 1] not in self._before_last):
            return None  # no word ends with the character before: most numbers
        # The longest word ending at pos: the leftmost match of the words ending there.
        m = self._before_re.search(text, max(0, pos - self._before_len), pos)
        return m.group() if m else None

    def _approx_after(self, text: str, end: int) -> str | None:
        if self._after_first is not None and text[end:end + 1] not in self._after_first:
            return None
        m = self._after_re.match(text, end)  # alternatives in the words' order, longest first
        return m.group() if m else None

    def _qualifier(self, text: str, start: int, tokenizer: Tokenizer | None, clause_start: int
                   ) -> str | None:
        clause_start = max(clause_start, start - 16)
        if self._qualifier_first is not None and not self._qualifier_first.search(text, clause_start, start):
            return None
        window = text[clause_start:start]
        found = [(window.rfind(q), len(q), q) for q in self.qualifiers if q in window]
        if tokenizer is None or not found:
            # No qualifier in the window: no token of it can be one, so it needs no cutting.
            return max(found)[2] if found else None
        for word in reversed([t.word for t in tokenizer.tokenize(window)]):
            if word in self.qualifiers:
                return word
        return None

    # -- the subject --------------------------------------------------------------------

    def subject(self, text: str, q: Quantity, tokenizer: Tokenizer, breaks: Breaks | None = None
                ) -> tuple[int, int] | None:
        """Where the thing counted is written: before the number, or after its unit.
        `breaks` are the text's clause breaks when the caller asks about many quantities."""
        clause_start = breaks.clause_start(q.start) if breaks is not None else _clause_start(text, q.start)
        end = q.start
        while end > clause_start and text[end - 1] in " \u3000":
            end -= 1
        if q.approx and text.endswith(q.approx, 0, end):
            end -= len(q.approx)  # 不少于 is one word to us, two to the tokenizer
        # A comparison (较上年下降0.4个百分点, 同比下降20%) counts a change, not what is before it.
        comparison = _COMPARISON.search(text, clause_start, end)
        if comparison:
            end = comparison.start()
        pre = [t for t in tokenizer.tokenize(text[clause_start:end]) if t.word.strip()]
        while pre and (pre[-1].word in self.qualifiers or pre[-1].word in self.approx_before
                       or pre[-1].word in _TRAILING_NOT_SUBJECT):
            pre.pop()
        # The last verb with words after it opens the subject: 开展各类职业技能培训 -> 各类职业技能培训
        # (培训 here is a noun), 累计培训干部 -> 干部.
        verb = -1
        for i in range(len(pre) - 1, -1, -1):
            verbs = self.subject_verbs
            if pre[i].word in verbs and any(t.word not in verbs for t in pre[i + 1:]):
                verb = i
                break
        after_verb = pre[verb + 1:]
        while after_verb and after_verb[0].word in self.subject_verbs:
            after_verb = after_verb[1:]
        if comparison and not after_verb:
            return None
        # Only the next 24 characters are read: a clause with no break in it may be a whole file.
        tail_end = CLAUSE_BREAK.search(text, q.end, q.end + 24)
        follow = tokenizer.tokenize(text[q.end:tail_end.start() if tail_end else q.end + 24])
        first = next((t for t in follow if t.word not in _SKIP_BEFORE_NOUN), None)
        # Number before noun (召开12次室务会, 对*个乡镇): the measure word binds to what follows.
        direct = first is not None and first.word.strip() != "" and first.word not in _NOT_SUBJECT \
            and first.word not in self.subject_verbs and not (follow and follow[0].word == "的")
        picked: list = []
        for t in follow:
            if not picked and t.word in _SKIP_BEFORE_NOUN:
                continue
            if (t.word in self.subject_verbs or not t.word.strip() or t.word in _NOT_SUBJECT
                    or (picked and t.word.startswith(_FOLLOW_STOP)) or any(c.isdigit() for c in t.word)):
                break
            picked.append(t)
            if len(picked) == 6:
                break
        if picked and (direct or not after_verb):
            return q.end + picked[0].start, q.end + picked[-1].end
        if after_verb:
            return clause_start + after_verb[0].start, clause_start + after_verb[-1].end
        if pre and not comparison:
            return clause_start + pre[0].start, clause_start + pre[-1].end  # 培训不少于300人次
        return None


_SKIP_BEFORE_NOUN = frozenset(("的", "左右", "以上", "余", "多", " ", "以内"))
_TRAILING_NOT_SUBJECT = frozenset((
    "为", "是", "有", "的", "达到", "仍", "还", "均", "已", "全年", "共有", "分", "年内", "对",
    "压缩至", "至", "到", "控制在", "保持在", "稳定在", "在", "压缩", "控制", "提高", "提升",
    "下降", "增长", "减少", "缩短", "降低", "增加", "保持", "稳定",
))
# What a meeting or event is about begins here: 召开12次室务会专题研究… -> 室务会.
_FOLLOW_STOP = ("专题", "研究", "部署", "听取", "学习", "传达")
_COMPARISON = re.compile(r"较上年|比上年|同比|环比|较去年|比去年|较\d{4}年")
_NOT_SUBJECT = frozenset(("的", "和", "及", "与", "等", "并", "为", "是", "以上", "左右", "余", "多", "其中",
                          "同比", "比", "较", "占", "共", "累计", "以", "在", "对", "给", "向", "中", "里",
                          "上", "下", "内", "外", "后", "前", "次", "之", "也", "都", "均", "就", "又", "还"))


def _cadence_before(text: str, clause_start: int, start: int) -> bool:
    """`_CADENCE_BEFORE` ends at `start` in the clause (每季度 开展2次)."""
    pos = start
    while pos > clause_start and text[pos - 1] in " \u3000":
        pos -= 1
    # Only a cadence word can end there; the clause holds no line break for `$` to stop before.
    return (pos > clause_start and text[pos - 1] in _CADENCE_LAST
            and _CADENCE_BEFORE.search(text, clause_start, start) is not None)


def _in_book_title(text: str, start: int) -> bool:
    opened = text.rfind("《", max(0, start - 40), start)
    return opened != -1 and text.find("》", opened, start) == -1


def _short_quote(text: str, start: int) -> bool:
    close = text.find("”" if text[start - 1] == "“" else "’", start, start + 10)
    return close != -1


def _clause_start(text: str, pos: int) -> int:
    """`Breaks(text).clause_start(pos)` for one position, without reading the whole text."""
    lo = max(0, pos - 60)
    for i in range(pos - 1, lo - 1, -1):
        if CLAUSE_BREAK.match(text, i):
            return i + 1
    return lo


class Breaks:
    """The clause breaks of one text, found once: where the clause holding a position starts
    (just after the last break before it, at most 60 characters back)."""

    __slots__ = ("_at", "_shift")

    def __init__(self, text: str) -> None:
        # Kept while every commitment's target is read: an array holds a 50 MB draft's two
        # million breaks in 15 MB, a list of ints in 70 MB.
        self._at = array("q", (m.start() for m in CLAUSE_BREAK.finditer(text)))
        self._shift = 0

    def from_(self, shift: int) -> Breaks:
        """The breaks of the slice from `shift` on, read from these (a break is one character,
        so the slice holds exactly the whole text's breaks inside it)."""
        view = Breaks.__new__(Breaks)
        view._at, view._shift = self._at, self._shift + shift
        return view

    def clause_start(self, pos: int) -> int:
        shift = self._shift
        lo = max(0, pos - 60)
        k = bisect_left(self._at, pos + shift) - 1
        return self._at[k] + 1 - shift if k >= 0 and self._at[k] >= lo + shift else lo


@dataclass(frozen=True)
class _Scan:
    """The number matches of one text and the context their judging reads."""

    matches: list[re.Match[str]]
    percents: list[re.Match[str]]
    # Masked phrases and web-page cuts, sorted: their starts and their ends (bisecting ints is
    # several times faster than bisecting pairs).
    mask_starts: list[int]
    mask_ends: list[int]
    cadence: Hits  # counting-period words (每季度, 每年), at offsets `shift` on from the text's
    shift: int
    breaks: Breaks


def _inside(starts: list[int], ends: list[int], pos: int) -> bool:
    """Whether `pos` is inside one of the sorted spans given by `starts` and `ends`."""
    i = bisect_right(starts, pos)
    # Masks are short (under 12 characters), so a few spans back is far enough. Every span
    # before i starts at pos or earlier: only its end needs comparing.
    for k in range(i - 1, max(0, i - 8) - 1, -1):
        if ends[k] > pos:
            return True
    return False


@lru_cache(maxsize=8)
def scanner_for(lexicon: Lexicon) -> MetricScanner:
    return MetricScanner(lexicon)


def to_metric(original: str, text: str, q: Quantity, subject: tuple[int, int] | None, shift: int = 0
              ) -> Metric:
    """A `Metric` whose strings are sliced from the original text (Traditional stays so);
    its offsets are `shift` on from those in `text` (a slice of the draft starting there)."""
    return Metric(
        start=q.start + shift, end=q.end + shift, quantity=original[q.start:q.end], value=q.value,
        unit=original[_unit_start(text, q):q.end] if q.unit else None,
        approx=as_written(original, text, q.approx, q.start - 20, q.end + 4),
        scale=as_written(original, text, q.scale, q.start, q.end),
        qualifier=as_written(original, text, q.qualifier, q.start - 20, q.start),
        subject=original[subject[0]:subject[1]] if subject else None, placeholder=q.placeholder,
        subject_start=subject[0] + shift if subject else None,
        subject_end=subject[1] + shift if subject else None,
    )


def _unit_start(text: str, q: Quantity) -> int:
    return q.end - len(q.unit) if text.endswith(q.unit, 0, q.end) else q.end
