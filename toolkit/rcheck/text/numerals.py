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
    `rcheck lint` the 0.2 s that importing and initialising cn2an costs. Anything else
    (digit strings such as 二〇二五, 万/亿 inside the number, decimals) goes to cn2an."""
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
