"""Placeholders: slots left unfilled (`*次`, `XX局`, `某某`, `20XX年`, `约亿元`…), found in a draft.

Rule P101 reports them; `rcheck diff` pairs them across versions without running the linter.

The message says what the slot stands for, read from what surrounds it: a number before a
measure word, a place or unit name before 县/乡/镇/局…, a year, a person, or a character of
a known term masked by the web page the text was copied from (`**建工作` for 党建工作).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rcheck.lexicon import Lexicon, PhraseMatcher
from rcheck.text import regex as re
from rcheck.text.chars import is_ascii_alnum, is_cjk, is_han
from rcheck.text.numerals import CN_NUMERAL_CHARS
from rcheck.text.regex_scan import finditer

if TYPE_CHECKING:
    from rcheck.text.document import Document
    from rcheck.text.tokenize import Tokenizer

_CN_NUMERALS = set(CN_NUMERAL_CHARS)

# Each alternative after the first character, so that one character class leads the pattern
# and the regex engine skips ordinary text quickly.
_RUNS = re.compile(r"[-*＊Xx×○◯〇□☐_＿](?:(?<=-)(?<=[\u4e00-\u9fff]-)(?=[\u4e00-\u9fff])"
                   r"|(?<=[*＊])[*＊]*|(?<=[Xx])[Xx]*|(?<=×)×*|(?<=[○◯])[○◯]*|(?<=〇)〇+"
                   r"|(?<=[□☐])[□☐]*|(?<=[_＿])[_＿]*)")
_KIND = {"*": "star", "＊": "star", "X": "x", "x": "x", "×": "times", "○": "circle",
         "◯": "circle", "〇": "circle", "□": "box", "☐": "box", "_": "under", "＿": "under",
         "-": "dash"}
# Marks that are common in ordinary text (× for multiplication, - between words): a slot only
# where what surrounds them says what is missing (a number, a name, a year, a person).
_NEEDS_MEANING = {"times"}
_GENERIC = ("占位符未填写", "名称中的字未填写")
_SPACES = " \t\u3000\u00a0"
_APPROX = ("余", "多", "左右", "以上")
_EMPTY_TOTAL = re.compile(
    r"(?:约|共计|共|累计|合计|总计)(?=[万亿千百]?(?:人次|元|%|\uff05|个百分点|次|场|户|项|名))"
    r"|(?:同比增长|同比下降|增长|下降|提高|提升|降低|减少|增加|占比|比例为|占)(?=%|\uff05|个百分点)"
)


@dataclass(frozen=True)
class Slot:
    """One unfilled slot: where it is and what it stands for, in Chinese."""

    start: int
    end: int
    message: str


@dataclass(frozen=True)
class _Data:
    markers: PhraseMatcher
    bracket: re.Pattern[str]
    measures: tuple[str, ...]  # longest first
    scales: tuple[str, ...]
    names: tuple[str, ...]
    persons: tuple[str, ...]
    masked: dict[str, list[tuple[str, int, str, str]]]
    formulations: tuple[str, ...]  # fixed formulations a web page masks: W102's, not a slot
    empty: tuple[tuple[re.Pattern[str], str], ...]  # empty slots: (pattern, meaning)
    mou: re.Pattern[str]  # 某某, 某县, 某局…: 某 before a name suffix


@lru_cache(maxsize=8)
def _data(lexicon: Lexicon) -> _Data:
    literal: list[tuple[str, str]] = []
    bracket = None
    for i, entry in enumerate(lexicon.tables("placeholders", "marker")):
        meaning = str(entry.get("meaning", "内容未填写"))
        for text in entry.get("text", []):
            literal.append((text, meaning))
        if "pattern" in entry:
            bracket = lexicon.regex("placeholders", f"marker[{i}].pattern", entry["pattern"])
    by_len = lambda words: tuple(sorted(set(words), key=lambda w: (-len(w), w)))  # noqa: E731
    return _Data(
        markers=PhraseMatcher(literal),
        bracket=bracket or re.compile(r"(?!)"),
        measures=by_len(lexicon.strings("units", "measures")),
        scales=by_len(lexicon.strings("units", "scales")),
        names=by_len(lexicon.strings("organisations", "name_suffixes")),
        persons=by_len(lexicon.strings("organisations", "person_suffixes")),
        masked=_mask_index(tuple(lexicon.strings("placeholders", "masked_terms"))),
        formulations=tuple(lexicon.strings("placeholders", "masked_formulations")),
        empty=tuple((lexicon.regex("placeholders", f"empty[{i}].pattern", e["pattern"]),
                     str(e.get("meaning", "内容缺失")))
                    for i, e in enumerate(lexicon.tables("placeholders", "empty"))),
        mou=re.compile("某某+|某(?=" + "|".join(map(re.escape, by_len(
            lexicon.strings("organisations", "name_suffixes")
            + lexicon.strings("organisations", "person_suffixes")))) + ")"),
    )


def _starts_with_any(text: str, words: tuple[str, ...]) -> str | None:
    """The first of `words` (in their order) that `text` starts with."""
    m = _alternation(words).match(text)
    return m.group() if m else None


@lru_cache(maxsize=32)
def _alternation(words: tuple[str, ...]) -> re.Pattern[str]:
    # An alternation tries its branches in order, as the loop over the words did, in one call
    # (the suffix lists hold hundreds of words).
    return re.compile("|".join(map(re.escape, words)) or r"(?!)")


def _mask_index(terms: tuple[str, ...]) -> dict[str, list[tuple[str, int, str, str]]]:
    """Every way a term can show with a run of its characters masked, keyed by the character
    right after the run (or right before it when the run ends the term)."""
    index: dict[str, list[tuple[str, int, str, str]]] = {}
    for term in terms:
        for i in range(len(term)):
            for j in range(i + 1, len(term) + 1):
                prefix, suffix = term[:i], term[j:]
                # Two known characters around the run at least: one (“*大地”) is chance.
                if len(prefix) + len(suffix) < 2:
                    continue
                key = suffix[0] if suffix else "^" + prefix[-1]
                index.setdefault(key, []).append((prefix, j - i, suffix, term))
    return index


def _masked_terms(text: str, start: int, end: int,
                  index: dict[str, list[tuple[str, int, str, str]]]) -> list[str]:
    """Known terms that the `*` run could be hiding, best context first."""
    run = end - start
    options = index.get(text[end:end + 1], []) + index.get("^" + text[start - 1:start], [])
    found: list[tuple[int, str]] = []
    for prefix, hidden, suffix, term in options:
        if not hidden <= run <= 2 * hidden:
            continue
        if text.startswith(suffix, end) and text.endswith(prefix, 0, start):
            found.append((len(prefix) + len(suffix), term))
    found.sort(key=lambda f: -f[0])
    best = [t for score, t in found if score == found[0][0]] if found else []
    return sorted(set(best), key=best.index)


def _describe(text: str, start: int, end: int, data: _Data, star: bool) -> str:
    """What the slot at text[start:end] stands for, in Chinese."""
    slot = text[start:end]
    # PDF text puts spaces around a slot (共 X 次): what it stands for is read past them.
    after = text[end:end + 16].lstrip(_SPACES)[:12]
    before = text[max(0, start - 10):start].rstrip(_SPACES)[-6:]
    year = re.search(r"(?:19|20)\d?$", before)
    if after.startswith("年") and year:
        return f"年份未填写（“{year.group()}{slot}年”）"
    if after[:1] in ("月", "日") or (after.startswith("时") and before.endswith("日")):
        return f"日期未填写（“{slot}{after[:1]}”）"
    if before.endswith("第"):
        return f"序号未填写（“第{slot}”）"
    if star:
        terms = _masked_terms(text, start, end, data.masked)
        if terms:
            shown = "”或“".join(terms[:3])
            return (f"疑为网页屏蔽的字：此处可能是“{shown}”，"
                    "请对照原文补全，不要按数字处理")
    rest = after
    approx = _starts_with_any(rest, _APPROX) or ""
    rest = rest[len(approx):]
    scale = _starts_with_any(rest, data.scales) or ""
    measure = _starts_with_any(rest[len(scale):], data.measures)
    name = _starts_with_any(after, data.names)
    if name and (measure is None or len(name) > len(measure) or name not in data.measures):
        return f"地名或单位名称未填写（“{slot}{name}”）"
    if measure or scale:
        return f"数字未填写（“{slot}{approx}{scale}{measure or ''}”缺少数量）"
    person = _starts_with_any(after, data.persons)
    if person:
        return f"人名未填写（“{slot}{person}”）"
    if "“" in before and "”" in after:
        return f"名称中的字未填写（“{slot}”）"
    return f"占位符未填写（“{slot}”）"


def _neighbours(text: str, start: int, end: int) -> tuple[str, str, str, str]:
    """The characters right before and after a run, and the same past any spaces."""
    prev = text[start - 1] if start else ""
    nxt = text[end] if end < len(text) else ""
    before = text[max(0, start - 4):start].rstrip(_SPACES)
    after = text[end:end + 4].lstrip(_SPACES)
    return prev, nxt, before[-1:], after[:1]


def _year_slot(text: str, start: int, end: int) -> bool:
    """20XX, 202x: the digits before the run and the run make a four-digit year."""
    m = re.search(r"(?<!\d)(?:19|20)\d?$", text[max(0, start - 3):start])
    return bool(m) and len(m.group()) + end - start == 4


def _accept_run(kind: str, text: str, start: int, end: int) -> bool:
    prev, nxt, far_prev, far_nxt = _neighbours(text, start, end)
    if kind == "x":
        if (prev.isascii() and prev.isalpha()) or (nxt.isascii() and nxt.isalpha()):
            return False  # part of an English word
        # X光 and X射线 are words; 1+X, 415X” are names of programmes, not slots.
        if nxt in ("光", "射") or "+" in (prev, nxt) or (prev and prev in "-/=") or (
                prev.isdigit() and not (is_han(nxt) or nxt.isdigit() or _year_slot(text, start, end))):
            return False
        # X stands alone among Chinese text or digits (XX局, 20XX年, 第 X 巡回, “x”是).
        return (is_cjk(far_prev) or is_cjk(far_nxt) or prev.isdigit() or nxt.isdigit())
    if kind == "times":
        return not (prev.isdigit() or nxt.isdigit() or prev in ")）%")
    if kind == "under":
        # E_设, 网站_365: a separator in a file name or keyword list, not a blank.
        return not ((prev.isascii() and prev.isalpha()) or is_ascii_alnum(nxt)
                    or re.match(r"第\s*\d+\s*[页頁]", text[end:end + 6]))
    if kind == "circle" and text[start] == "○" and end - start == 1:
        return prev not in _CN_NUMERALS and nxt not in _CN_NUMERALS  # 二○三五年
    if kind == "circle" and text[start] == "〇":
        return prev not in _CN_NUMERALS and nxt not in _CN_NUMERALS and nxt != "年"
    return True


_EMPHASIS = re.compile(r"(\*\*?)(?=[^*\s])[^*\n]*?(?<=[^*\s])\1")


def _markdown_emphasis(text: str, start: int, end: int) -> bool:
    """`**bold**` in a Markdown draft is markup, not a slot."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    for m in _EMPHASIS.finditer(text, line_start, line_end):
        delimiter = len(m.group(1))
        if (start, end) in ((m.start(), m.start() + delimiter), (m.end() - delimiter, m.end())):
            return True
    return False


_PLACE = "省市县区乡镇村縣鄉鎮"


def _dash(text: str, start: int, end: int, data: _Data) -> Iterator[Slot]:
    """A hyphen between Chinese words stands for a blank only where a name is due: after a
    post (校长-担任) or before a place (根据-县教育局); elsewhere it joins words or subtracts."""
    person = _starts_with_any(text[max(0, start - 3):start][::-1],
                              tuple(p[::-1] for p in (*data.persons, "校长", "组长")))
    if person:
        yield Slot(start, end, f"人名未填写（“{person[::-1]}-”）")
    elif text[end] in _PLACE and "=" not in text[max(0, start - 30):start]:
        yield Slot(start, end, f"地名或单位名称未填写（“-{text[end]}”）")


_Masks = dict[str, list[tuple[str, int, str]]]


@lru_cache(maxsize=8)
def _formulation_index(terms: tuple[str, ...]) -> _Masks:
    """Every (prefix, hidden, suffix) of a fixed formulation, keyed by the first character of
    the suffix and by the last of the prefix ("^" before it): one lookup per run."""
    index: _Masks = {}
    for term in terms:
        for i in range(len(term)):
            for j in range(i + 1, len(term) + 1):
                entry = (term[max(0, i - 4):i], j - i, term[j:j + 4])
                if entry[2]:
                    index.setdefault(entry[2][0], []).append(entry)
                if entry[0]:
                    index.setdefault("^" + entry[0][-1], []).append(entry)
    return index


def _masks_formulation(text: str, start: int, end: int, terms: tuple[str, ...],
                       counted: bool = True) -> int:
    """Whether the run at text[start:end] hides characters of a fixed formulation (党的***五中
    全会, ******新时代中国特色社会主义思想, X四五): a page that censors such words, whose broken
    formulation W102 reports; there is nothing for the drafter to fill in. Returns how many
    characters of the term the run hides (0: it hides none)."""
    run = end - start
    index = _formulation_index(terms)
    candidates = index.get(text[end:end + 1], []) + index.get("^" + text[start - 1:start], [])
    for prefix, hidden, suffix in candidates:
        # * and X stand one or two for a character; one _ may hide a whole name.
        if counted and not hidden <= run <= 2 * hidden:
            continue
        # Two known characters around the run at least; a spun word further on (新时期 for
        # 新时代) does not hide the mask.
        known = _common_prefix(text[end:end + len(suffix)], suffix)
        known += _common_prefix(text[max(0, start - len(prefix)):start][::-1], prefix[::-1])
        whole = text.startswith(suffix, end) and text.endswith(prefix, 0, start)
        # A run at one end of the term has context on one side only (五中***精神).
        if known >= 2 and (whole or known >= 3 or not suffix or not prefix):
            return hidden
    return 0


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _word_starts(text: str, tokenizer: Tokenizer, pos: int) -> bool:
    """Whether a word begins at `pos` (约 in 签约项目 and 共 in 公共场所 do not)."""
    lo = max(0, pos - 8)
    return any(t.start + lo == pos for t in tokenizer.tokenize(text[lo:pos + 8]))


def _default_tokenizer() -> Tokenizer:
    from rcheck.text.tokenize import get_tokenizer

    return get_tokenizer("rjieba")


def find_placeholders(doc: Document, lexicon: Lexicon,
                      tokenizer: Callable[[], Tokenizer] = _default_tokenizer) -> Iterator[Slot]:
    """Every slot in `doc`, in the order the scans find them (not sorted, not deduplicated).
    `tokenizer` is called only when an empty total (约亿元) needs its word boundary checked."""
    text = doc.text
    data = _data(lexicon)
    markdown = doc.is_markdown
    stars: list[Slot] = []
    masks: list[tuple[int, Slot]] = []
    for m in _RUNS.finditer(text):
        start, end = m.span()
        kind = _KIND[text[start]]
        if not _accept_run(kind, text, start, end):
            continue
        if kind == "star" and markdown and _markdown_emphasis(text, start, end):
            continue
        hidden = _masks_formulation(text, start, end, data.formulations,
                                    counted=kind != "under") if kind in ("star", "x", "under") else 0
        if hidden:
            # An underscore tells nothing by its length: a page's mask, never a word-long slot.
            hidden = 1 if kind == "under" else hidden
            masks.append((hidden, Slot(start, end, _describe(text, start, end, data, star=False))))
            continue
        if kind == "dash":
            yield from _dash(text, start, end, data)
            continue
        message = _describe(text, start, end, data, star=kind == "star")
        if kind in _NEEDS_MEANING and message.startswith(_GENERIC):
            continue
        hit = Slot(start, end, message)
        if kind == "star" and message.startswith(_GENERIC):
            stars.append(hit)  # held back: it may be one more censored word
        else:
            yield hit
    # A page that censors formulations (two or more found) censors other words with the same
    # stars; a bare run there, with no measure word or name after it, is one of them. A lone
    # hole in a formulation is a slot when it is a word long (党的XX大), a mask when it is one
    # character (“X四五”).
    if len(masks) < 2:
        yield from stars
        yield from (hit for hidden, hit in masks if hidden > 1)
    for m in finditer(data.mou, text):
        after = text[m.end():m.end() + 4]
        name = _starts_with_any(after, data.names) or _starts_with_any(after, data.persons) or ""
        yield Slot(m.start(), m.end(), f"名称未填写（“{m.group()}{name}”）")
    for start, end, meaning in data.markers.longest(text):
        yield Slot(start, end, f"{meaning}（“{text[start:end]}”）")
    for m in finditer(data.bracket, text):
        yield Slot(m.start(), m.end(), f"括号或引号内内容未填写（“{m.group()}”）")
    for m in finditer(_EMPTY_TOTAL, text):
        if not _word_starts(text, tokenizer(), m.start()):
            continue
        rest = text[m.end():m.end() + 6]
        unit = re.match(r"[万亿千百]?(?:人次|元|%|\uff05|个百分点|次|场|户|项|名)", rest)
        end = m.end() + (unit.end() if unit else 0)
        yield Slot(m.start(), end, f"数字缺失（“{text[m.start():end]}”中没有数值）")
    for pattern, meaning in data.empty:
        for m in finditer(pattern, text):
            start, end = m.span("slot") if "slot" in pattern.groupindex else m.span()
            shown = text[max(0, start - 2):min(len(text), end + 2)].replace("\n", "")
            yield Slot(start, end, f"{meaning}（“{shown}”）")
