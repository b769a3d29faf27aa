"""Heading and enumeration markers of Chinese official documents.

Levels follow GB/T 9704: 第一部分/第一章, 一、, （一）, 1., （1）, ①. A draft may skip levels,
so a heading's place in the tree comes from the rank of its marker style, not from a count.
"""

from __future__ import annotations

from dataclasses import dataclass

from rcheck.text import regex as re
from rcheck.text.numerals import CN_DIGITS as _DIGITS
from rcheck.text.numerals import parse_small

CN_DIGITS = _DIGITS + "十百"  # what a heading marker's numeral is made of
_CN = f"[{CN_DIGITS}]+"

# (style, rank, pattern). Patterns match at the start of a paragraph, after indentation.
# Each captures the numeral in group "num" and ends after the marker's punctuation.
_STYLES: list[tuple[str, int, re.Pattern[str]]] = [
    ("part", 0, re.compile(rf"第(?P<num>{_CN}|\d+)(?:部分|章|篇|编)[、,\uff0c.．:\uff1a \u3000]*")),
    ("cn", 1, re.compile(rf"(?P<num>{_CN})\s*[、.．,\uff0c]\s*")),
    ("paren-cn", 2, re.compile(rf"[(\uff08]\s*(?P<num>{_CN})\s*[)\uff09]\s*[、.．,\uff0c]?\s*")),
    ("arabic", 3, re.compile(r"(?P<num>\d{1,2})\s*(?:[、．]|\.(?!\d))\s*")),
    ("paren-arabic", 4, re.compile(r"[(\uff08]\s*(?P<num>\d{1,2})\s*[)\uff09]\s*[、.．,\uff0c]?\s*")),
    ("circled", 5, re.compile(r"(?P<num>[①-⑳])\s*[、.．,\uff0c]?\s*")),
]

STYLE_RANK = {name: rank for name, rank, _ in _STYLES}
_CN_MARKER = next(pattern for name, _, pattern in _STYLES if name == "cn")

# Inline enumerations inside a paragraph: 一是/二是…， 第一/第二… (followed by a comma), 其一/其二.
# 一是 starts where its run of numerals starts: tried at every start inside a long run (一一一…),
# each attempt rescanned the rest of the run.
_ENUM_CN = f"(?<![{CN_DIGITS}])[{CN_DIGITS}]{{1,12}}"
ENUM_RE = re.compile(
    rf"(?P<shi>(?P<n1>{_ENUM_CN})是)|(?P<di>第(?P<n2>{_CN})[,\uff0c、:\uff1a])|(?P<qi>其(?P<n3>{_CN})[,\uff0c、:\uff1a])"
)

_RUN_IN_END = re.compile(r"[。!?\uff01\uff1f]")
# A heading's words end before its closing stop and spaces (一、总体要求。).
TITLE_TAIL = re.compile(r"[。!?\uff01\uff1f \u3000]+$")
# A table row is one line with its cells joined by ｜ (U+FF5C): the Word reader writes it so,
# and extraction and debris read table rows by it. Not a tab or spaces, which T101 reports.
CELL_SEPARATOR = "\uff5c"
_MAX_TITLE = 60


def cn_to_int(numeral: str) -> int | None:
    """Small Chinese numerals as used in heading markers （一 … 九十九）； None if not one."""
    return parse_small(numeral)


@dataclass(frozen=True)
class Marker:
    style: str
    rank: int
    number: int
    end: int  # offset just after the marker, relative to the string matched


def match_marker(text: str) -> Marker | None:
    """The heading marker at the start of `text`, if any."""
    for style, rank, pattern in _STYLES:
        m = pattern.match(text)
        if not m:
            continue
        number = cn_to_int(m.group("num"))
        if number is None or number == 0:
            continue
        rest = text[m.end():m.end() + 1]
        # A marker must be followed by words, not by more numbers ("1.5万", "一、二、三");
        # "一、2025年工作回顾" is a heading.
        if not rest or (rest[0].isdigit() and style in ("arabic", "paren-arabic", "circled")):
            continue
        if style == "cn" and rest[0] in CN_DIGITS and _cn_marker_follows(text, m.end()):
            continue
        return Marker(style, rank, number, m.end())
    return None


def _cn_marker_follows(text: str, pos: int) -> bool:
    """Whether a `cn` marker (itself not followed by one) starts at `pos`: 一、二、三类问题 is a list.

    Each marker in a chain such as 一、二、…、十、 is a marker only if the next one is not, so the
    answer comes from the end of the chain; walked with a loop, as a draft may hold thousands.
    """
    chain = 0  # markers in a row from `pos`, each followed by a numeral
    while True:
        m = _CN_MARKER.match(text, pos)
        number = cn_to_int(m.group("num")) if m else None
        if not m or not number or m.end() == len(text):
            last = False  # the chain ends in something that is not a marker
            break
        if text[m.end()] not in CN_DIGITS:
            last = True
            break
        chain += 1
        pos = m.end()
    # Going back up the chain, each marker is one exactly when the next is not.
    return last if chain % 2 == 0 else not last


def heading_title_end(paragraph: str, body_from: int) -> tuple[int, bool]:
    """Where a heading's own text ends in its paragraph, and whether body text follows (run-in)."""
    m = _RUN_IN_END.search(paragraph, body_from)
    if m is None:
        return len(paragraph.rstrip()), False
    end = m.end()
    rest = paragraph[end:].strip()
    return end, bool(rest)


def is_title_like(line: str) -> bool:
    s = line.strip()
    return 0 < len(s) <= _MAX_TITLE and not s.endswith(("。", ",", "\uff0c", ";", "\uff1b"))
