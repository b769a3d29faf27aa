"""Automatic numbering: what Word shows before a numbered paragraph (一、 （一） 1. ①).

Word does not store these numbers in the text; it computes them from `numbering.xml`
(a `w:num` points to an abstract list whose levels give the start value, the number format
and the level text such as ``%1、`` or ``（%1）``) and from the order of the paragraphs.
This module replays that count so the text rcheck checks carries the numbers the reader
sees, and the heading rules can check them like typed ones.

What Word does and this follows: counters belong to the abstract list, so two `w:num`s
over one abstract list continue each other unless one has a `w:startOverride`; numbering a
level restarts the deeper levels (unless `w:lvlRestart` says otherwise); `w:isLgl` shows
every level in Arabic figures. Bullets are not numbers and give no marker.

Numbers are bounded, as Word bounds them: a start value is clamped to 0-32767 (the range
Word's own dialog accepts), a number that would take more than `MAX_NUMBER_CHARS`
characters (letters repeat: ``aaa…``) is written in figures, and a level text is cut at
`MAX_MARKER_CHARS`. A hostile ``w:start="100000000"`` with letter numbering would otherwise
make every number millions of characters long.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from rcheck.text import regex as re
from rcheck.text.numerals import ZERO_TO_NINE, format_chinese, format_digits

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_VAL = f"{{{W}}}val"
_LEVELS = 9
MAX_START = 32767
MAX_NUMBER_CHARS = 16
MAX_MARKER_CHARS = 64

_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def w_tag(tag: str) -> str:
    """Clark notation of a WordprocessingML tag: ``w_tag("p")``."""
    return f"{{{W}}}{tag}"


_w = w_tag


def _cn(n: int, digits: str = ZERO_TO_NINE, units: str = "十百千") -> str:
    """Chinese counting as Word writes it: 十一, 二十, 一百零五; Arabic from 0 down and 10,000 up."""
    return format_chinese(n, digits, units) if n > 0 else str(n)


def _letters(n: int, upper: bool) -> str:
    repeats = (n - 1) // 26 + 1  # Word: A … Z, AA … ZZ, AAA …
    if n <= 0 or repeats > MAX_NUMBER_CHARS:
        return str(n)
    return chr(ord("A" if upper else "a") + (n - 1) % 26) * repeats


def decimal_value(text: str | None) -> int | None:
    """An ST_DecimalNumber attribute as an int, or None; a string of more digits than any
    number Word writes is not converted (int() of a huge digit string is slow)."""
    if text is None:
        return None
    text = text.strip()
    if len(text) > 11:
        digits = text.lstrip("+-")
        if not digits.isdigit() or not digits.isascii():
            return None
        return -(10 ** 11) if text.startswith("-") else 10 ** 11
    try:
        return int(text)
    except ValueError:
        return None


def _start(value: int) -> int:
    return min(max(value, 0), MAX_START)


def _roman(n: int, upper: bool) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out if upper else out.lower()


def format_number(n: int, fmt: str) -> str:
    """`n` in Word's number format `fmt` (the `w:numFmt` value); decimal when unknown."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting",
               "taiwaneseCounting", "taiwaneseCountingThousand", "koreanCounting"):
        return _cn(n)
    if fmt in ("chineseLegalSimplified", "japaneseLegal"):
        return _cn(n, _LEGAL_DIGITS, "拾佰仟")
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return format_digits(n)
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return chr(ord("①") + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "decimalEnclosedParen":
        return chr(ord("⑴") + n - 1) if 1 <= n <= 20 else f"({n})"
    if fmt == "decimalEnclosedFullstop":
        return chr(ord("⒈") + n - 1) if 1 <= n <= 20 else f"{n}."
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(d) - ord("0") + 0xFF10) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n, True)
    if fmt == "lowerLetter":
        return _letters(n, False)
    if fmt == "upperRoman":
        return _roman(n, True)
    if fmt == "lowerRoman":
        return _roman(n, False)
    if fmt == "none":
        return ""
    return str(n)


@dataclass(frozen=True)
class Level:
    start: int = 0  # the schema's default when w:start is absent; Word always writes it
    fmt: str = "decimal"
    text: str = ""
    legal: bool = False
    restart: int | None = None  # w:lvlRestart: None = after any higher level, 0 = never
    style: str | None = None  # w:pStyle: the paragraph style linked to this level


def _level(lvl: etree._Element) -> Level:
    def val(tag: str) -> str | None:
        el = lvl.find(_w(tag))
        if el is None and tag == "numFmt":  # Word 2010 puts custom formats in mc:AlternateContent
            el = lvl.find(f"{{{MC}}}AlternateContent/{{{MC}}}Fallback/{_w('numFmt')}")
        return None if el is None else el.get(_VAL)

    def as_int(tag: str) -> int | None:
        return decimal_value(val(tag))

    start = as_int("start")
    legal = lvl.find(_w("isLgl"))
    return Level(
        start=_start(start) if start is not None else 0,
        fmt=val("numFmt") or "decimal",
        text=(val("lvlText") or "")[:MAX_MARKER_CHARS],
        legal=legal is not None and legal.get(_VAL) not in ("0", "false", "off"),
        restart=as_int("lvlRestart"),
        style=val("pStyle"),
    )


def _levels(parent: etree._Element) -> dict[int, Level]:
    out: dict[int, Level] = {}
    for lvl in parent.iterfind(_w("lvl")):
        ilvl = decimal_value(lvl.get(_w("ilvl"), "0"))
        if ilvl is not None and 0 <= ilvl < _LEVELS:
            out[ilvl] = _level(lvl)
    return out


@dataclass
class _Num:
    abstract: str
    starts: dict[int, int]  # w:lvlOverride/w:startOverride
    levels: dict[int, Level]  # w:lvlOverride/w:lvl


_PLACEHOLDER = re.compile(r"%([1-9])")


@dataclass
class Numbering:
    """The definitions of `numbering.xml` and the running counters of one pass over a document."""

    abstracts: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, _Num] = field(default_factory=dict)
    style_links: dict[str, str] = field(default_factory=dict)  # abstract -> numbering style id
    counters: dict[str, list[int | None]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def parse(cls, root: etree._Element | None) -> Numbering:
        out = cls()
        if root is None:
            return out
        for absn in root.iterfind(_w("abstractNum")):
            aid = absn.get(_w("abstractNumId"), "")
            out.abstracts[aid] = _levels(absn)
            link = absn.find(_w("numStyleLink"))
            if link is not None and link.get(_VAL):
                out.style_links[aid] = link.get(_VAL, "")
        for num in root.iterfind(_w("num")):
            nid = num.get(_w("numId"), "")
            ref = num.find(_w("abstractNumId"))
            starts: dict[int, int] = {}
            levels: dict[int, Level] = {}
            for ov in num.iterfind(_w("lvlOverride")):
                ilvl = decimal_value(ov.get(_w("ilvl"), "0"))
                if ilvl is None:
                    continue
                so = ov.find(_w("startOverride"))
                value = decimal_value(so.get(_VAL, "0")) if so is not None else None
                if value is not None:
                    starts[ilvl] = _start(value)
                lvl = ov.find(_w("lvl"))
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
            out.nums[nid] = _Num(ref.get(_VAL, "") if ref is not None else "", starts, levels)
        return out

    def resolve(self, num_id: str, style_num: dict[str, str]) -> tuple[str, dict[int, Level]] | None:
        """The abstract list behind `num_id` (following a numbering-style link once) and its levels."""
        num = self.nums.get(num_id)
        if num is None:
            return None
        aid = num.abstract
        if aid in self.style_links:  # numStyleLink: the levels live in the style's own list
            linked = self.nums.get(style_num.get(self.style_links[aid], ""))
            if linked is not None and linked.abstract not in self.style_links:
                aid = linked.abstract
        levels = dict(self.abstracts.get(aid, {}))
        levels.update(num.levels)
        return aid, levels

    def level_for_style(self, num_id: str, style_ids: list[str], style_num: dict[str, str]) -> int:
        """The level a style-linked list gives a paragraph of one of `style_ids` (else 0)."""
        resolved = self.resolve(num_id, style_num)
        if resolved is None:
            return 0
        for ilvl, level in resolved[1].items():
            if level.style and level.style in style_ids:
                return ilvl
        return 0

    def next_marker(self, num_id: str, ilvl: int, style_num: dict[str, str]) -> str | None:
        """Count one paragraph at (`num_id`, `ilvl`) and return the marker Word shows before it."""
        resolved = self.resolve(num_id, style_num)
        if resolved is None or not 0 <= ilvl < _LEVELS:
            return None
        aid, levels = resolved
        level = levels.get(ilvl)
        if level is None or level.fmt == "bullet":
            return None
        state = self.counters.setdefault(aid, [None] * _LEVELS)
        num = self.nums[num_id]
        if num_id not in self.started:
            self.started.add(num_id)
            for k, value in num.starts.items():
                if 0 <= k < _LEVELS:
                    state[k] = value - 1
        current = state[ilvl]
        state[ilvl] = level.start if current is None else current + 1
        for k in range(ilvl + 1, _LEVELS):
            deeper = levels.get(k)
            restart = deeper.restart if deeper is not None else None
            if restart is None or (restart != 0 and ilvl < restart):
                state[k] = None

        def shown(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k, Level())
            value = state[k] if state[k] is not None else lv.start
            fmt = "decimal" if level.legal and lv.fmt != "none" else lv.fmt
            return format_number(value, fmt)

        return _PLACEHOLDER.sub(shown, level.text)[:MAX_MARKER_CHARS]
