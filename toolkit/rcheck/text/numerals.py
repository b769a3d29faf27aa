"""Numbers as drafts write them: `20`, `1,200`, `66.57`, `七`, `二十`, `两`, `三千`, `二〇二五`."""

from __future__ import annotations

import re
from functools import lru_cache

CN_DIGITS = "〇零一二两三四五六七八九"
CN_NUMERAL_CHARS = CN_DIGITS + "十百千万亿"
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_BARE = {"十": 10, "百": 100, "千": 1000, "万": 10000, "亿": 100000000}
_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


_DIGIT = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
          "九": 9}
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
