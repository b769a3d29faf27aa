"""Numbers as drafts write them: `20`, `1,200`, `66.57`, `七`, `二十`, `两`, `三千`, `二〇二五`."""

from __future__ import annotations

import re
from functools import lru_cache

CN_DIGITS = "〇零一二两三四五六七八九"
CN_NUMERAL_CHARS = CN_DIGITS + "十百千万亿"
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_BARE = {"十": 10, "百": 100, "千": 1000, "万": 10000, "亿": 100000000}
_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


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
    if all(c in CN_NUMERAL_CHARS for c in text):
        import cn2an  # only drafts with Chinese numerals pay for it

        try:
            value = cn2an.cn2an(text, "smart")
        except (ValueError, KeyError, IndexError):
            return None
        return int(value) if float(value).is_integer() else float(value)
    return None
