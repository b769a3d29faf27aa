"""Numbers as drafts write them: `20`, `1,200`, `66.57`, `七`, `二十`, `两`, `三千`, `二〇二五`.

The one home of Chinese numerals: the digit tables, reading them (`parse_number`,
`parse_small`) and writing them (`format_chinese`, `format_digits`)."""

from __future__ import annotations

from functools import lru_cache

from rcheck.text import regex as re

# Counting digits, indexed by value (二十, 一百零五), and the digit-by-digit forms (二〇二五).
ZERO_TO_NINE = "零一二三四五六七八九"
DIGIT_STRING = "〇一二三四五六七八九"
CN_DIGITS = "〇零一二两三四五六七八九"
CN_NUMERAL_CHARS = CN_DIGITS + "十百千万亿"
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_BARE = {"十": 10, "百": 100, "千": 1000, "万": 10000, "亿": 100000000}
_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


_DIGIT = {**{c: i for i, c in enumerate(ZERO_TO_NINE)}, "〇": 0, "两": 2}
_UNIT = {"十": 10, "百": 100, "千": 1000}


def _simple_chinese(text: str) -> int | None:
    """Chinese numerals below 10,000 in their regular form (七, 十二, 二十, 三千五百, 一百零五).

    These are nearly all the numbers drafts write in Chinese; reading them here spares a cold
    `rcheck lint` the 0.2–0.35 s that importing and initialising cn2an costs (its patterns are
    compiled on import). Digit strings and 万/亿 numbers are read by `_digit_string` and
    `_sections`; anything irregular goes to cn2an."""
    total, digit, last_unit = 0, None, 10000
    for i, c in enumerate(text):
        if c in "零〇" and digit is None and 0 < i < len(text) - 1 and last_unit < 10000:
            continue  # 一百零五: the 零 only marks the empty tens
        if c in _DIGIT:
            if digit is not None:
                return None  # 二〇二五: a digit string, cn2an reads it
            digit = _DIGIT[c]
        elif c in _UNIT:
            unit = _UNIT[c]
            if unit >= last_unit:
                return None
            if digit is None:
                if i:
                    return None
                digit = 1  # 十二
            total += digit * unit
            digit, last_unit = None, unit
        else:
            return None
    if digit:
        total += digit
    return total if text else None


def _digit_string(text: str) -> int | None:
    """A year or code written digit by digit (二〇二五, 一零), as cn2an reads it."""
    if all(c in _DIGIT_BY_DIGIT for c in text):
        return int("".join(str(_DIGIT[c]) for c in text))
    return None


_DIGIT_BY_DIGIT = frozenset("〇零一二三四五六七八九")
_SECTIONS = (("亿", 100_000_000), ("万", 10_000))


def _sections(text: str) -> int | None:
    """万 and 亿 over regular parts (三千五百万, 一亿零二百万, 二十万零三), as cn2an reads them.
    A part after 万 or 亿 is below 1,000 only after a 零 (一万零五百); 一万五 (colloquial
    15,000) and anything else irregular is left to cn2an."""
    total, rest, last = 0, text, ""
    for mark, scale in _SECTIONS:
        if mark not in rest:
            continue
        head, _, rest = rest.partition(mark)
        value = _part(head, bool(last))
        if value is None or value == 0 or mark in rest:
            return None
        total += value * scale
        last = mark
    if not last:
        return None
    if rest:
        if last == "亿" and not rest.startswith("零"):
            return None  # 一亿九千三百: the 万 part is missing, or the 零 is
        value = _part(rest, True)
        if value is None:
            return None
        total += value
    return total


def _part(text: str, after_section: bool) -> int | None:
    if not after_section:
        return _simple_chinese(text) if text else None
    if text.startswith("零"):
        value = _simple_chinese(text[1:]) if len(text) > 1 else 0
        return value if value is not None and value < 1000 else None
    value = _simple_chinese(text)
    return value if value is not None and value >= 1000 else None


@lru_cache(maxsize=4096)
def parse_number(text: str) -> int | float | None:
    """The value of an Arabic, Chinese or mixed numeral; None when it is not one."""
    text = text.strip().translate(_FULLWIDTH)
    if not text:
        return None
    if _ARABIC.fullmatch(text):
        value = float(text.replace(",", ""))
        return int(value) if value.is_integer() and "." not in text else value
    if text in _BARE:
        return _BARE[text]  # 近百例, 近千人: cn2an wants a digit before 百/千
    simple = _simple_chinese(text)
    if simple is None:
        simple = _digit_string(text) if len(text) >= 2 else None
    if simple is None:
        simple = _sections(text)
    if simple is not None:
        return simple
    if all(c in CN_NUMERAL_CHARS for c in text):
        import cn2an  # only drafts with Chinese numerals pay for it

        try:
            value = cn2an.cn2an(text, "smart")
        except (ValueError, KeyError, IndexError):
            return None
        return int(value) if float(value).is_integer() else float(value)
    return None


def parse_small(numeral: str) -> int | None:
    """Small numerals as heading markers write them (一 … 九十九, 一百零五, ①, 3); None if not one."""
    if len(numeral) == 1 and "①" <= numeral <= "⑳":
        return ord(numeral) - ord("①") + 1
    if numeral.isascii() and numeral.isdigit():
        return int(numeral)
    if not numeral or any(c not in _DIGIT and c not in "十百" for c in numeral):
        return None
    return _simple_chinese(numeral)


def format_chinese(n: int, digits: str = ZERO_TO_NINE, units: str = "十百千") -> str:
    """`n` (0-9,999) counted in Chinese as Word and drafts write it: 七, 十一, 二十, 一百零五.
    Other digits and units give the financial form (壹拾, 贰佰); outside the range, Arabic."""
    if n < 0 or n >= 10000:
        return str(n)
    if n < 10:
        return digits[n]
    if n < 20 and digits is ZERO_TO_NINE:
        return units[0] + (digits[n - 10] if n > 10 else "")
    out = ""
    pending_zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        d = n // power % 10
        if d == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out += digits[0]
            pending_zero = False
        out += digits[d] + unit
    return out


def format_digits(n: int) -> str:
    """`n` written digit by digit (2025 → 二〇二五), as years are; negative numbers stay Arabic."""
    return "".join(DIGIT_STRING[int(d)] for d in str(n)) if n >= 0 else str(n)
