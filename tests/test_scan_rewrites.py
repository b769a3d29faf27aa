"""Patterns rewritten for speed match exactly what their plain forms match.

Python's `re` skips ahead only by a pattern's first literal or character set, so patterns that
opened with a look-behind or an optional group were rewritten to open with a set. Each plain
form is kept here and compared with the shipped pattern on random strings over the characters
that matter to it, whole and through `pos`/`endpos` as the callers use them.
"""

from __future__ import annotations

import random
import re
from itertools import pairwise

import pytest

from rcheck.extract.metrics import scanner_for
from rcheck.lexicon import load_lexicon
from rcheck.text.numerals import CN_NUMERAL_CHARS


def _matches(pattern: re.Pattern[str], text: str, *bounds: int) -> list:
    return [(m.span(), m.groups(), m.groupdict()) for m in pattern.finditer(text, *bounds)]


def _assert_same(plain: re.Pattern[str], shipped: re.Pattern[str], alphabet: list[str],
                 n: int = 20_000, seed: int = 18) -> None:
    rng = random.Random(seed)
    for _ in range(n):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24)))
        assert _matches(shipped, text) == _matches(plain, text), text
        pos = rng.randint(0, len(text))
        end = rng.randint(pos, len(text))
        assert _matches(shipped, text, pos, end) == _matches(plain, text, pos, end), (text, pos, end)


@pytest.fixture(scope="module")
def scanner():
    return scanner_for(load_lexicon())


def test_metric_number_pattern(scanner) -> None:
    lexicon = load_lexicon()
    units = set(lexicon.strings("units", "measures")) | set(lexicon.strings("units", "compound_measures"))
    units = {u for u in units if u not in ("余", "多", "余人") and not u.startswith(("万", "亿"))}
    unit_alt = "|".join(re.escape(u) for u in sorted(units, key=lambda u: (-len(u), u)))
    arabic = r"(?<!\d)(?:(?<!\d,)\d{1,3}(?:,\d{3}){1,6}(?:\.\d+)?|\d{1,15}(?:\.\d+)?)"
    chinese = f"(?<![{CN_NUMERAL_CHARS}])[{CN_NUMERAL_CHARS}]{{1,20}}"
    placeholder = r"\*{1,3}|＊{1,3}|[Xx×]{1,3}|□{1,3}|○{1,3}"
    plain = re.compile(rf"(?P<num>{arabic}|{chinese}|{placeholder})(?P<sp>[ \u3000]*)"
                       rf"(?P<scale>万亿|千万|百万|十万|万|亿)?(?P<more>余|多)?(?P<unit>{unit_alt})")
    alphabet = [*"0123456789,.,. *＊Xx×□○\u3000a１２", *CN_NUMERAL_CHARS,
                "个", "人", "次", "万", "亿", "余", "多", "元", "项", "人次", "年", "月", "日", "，", "年度"]
    _assert_same(plain, scanner.pattern, alphabet)


def test_modal_pattern() -> None:
    from rcheck.extract.units import _MODAL

    plain = re.compile(r"(?<![需重主必只首纲摘概简纪])要(?![求点素件闻务害领义旨目职案员事地])"
                       r"|确保|务必|力争|争取|必须")
    _assert_same(plain, _MODAL, [*"要需重主求点确保务必力争取须", "必须", "。", "a"])


def test_inline_items() -> None:
    from rcheck.extract.units import _inline_items

    plain = re.compile(r"(?<=[；;：:])\s*(?=(?:\d{1,2}[.、．](?!\d)|[（(]\d{1,2}[）)]|[①-⑳]))")

    def cut_plainly(text: str, start: int, end: int) -> list[tuple[int, int]]:
        cuts = [m.end() for m in plain.finditer(text, start, end)]
        if len(cuts) < 2:
            return [(start, end)]
        bounds = [start, *cuts, end]
        return [(a, b) for a, b in pairwise(bounds) if text[a:b].strip()]

    rng = random.Random(18)
    alphabet = [*"；;：:  \n1234.、．（()）①②", "12", "。", "开展", "工作"]
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        assert _inline_items(text, start, end) == cut_plainly(text, start, end), (text, start, end)


def test_framing_searched_by_word() -> None:
    """Searching only the framing patterns whose words a unit holds answers as the whole
    alternation does."""
    from rcheck.extract.commitments import commitment_finder_for
    from rcheck.extract.units import _Unit

    finder = commitment_finder_for(load_lexicon())
    assert finder.framing_by_word is not None  # the shipped patterns can be split
    words = sorted(finder.framing_by_word)
    rng = random.Random(18)
    alphabet = [*words, *"各位。；：: 的工作要将不够确保\n", "述职人", "方案", "之年", "下表", "为指导"]
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(5_000)]
    for text in texts:
        hits = finder.marker_words.scan(text)
        for start, end in ((0, len(text)), (len(text) // 3, len(text))):
            body = text[start:end]
            framed = finder._framed(text, body, _Unit(start, end), hits)
            assert framed == bool(finder.framing.search(body)), body


def test_breaks_of_a_slice_read_from_the_whole_text() -> None:
    from rcheck.extract.metrics import Breaks, _clause_start

    rng = random.Random(18)
    alphabet = [*"，。；：、\n（）()a字", "开展工作"]
    for _ in range(5_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 150)))
        start = rng.randint(0, len(text))
        end = rng.randint(start, len(text))
        body = text[start:end]
        whole = Breaks(text).from_(start)
        for pos in range(len(body) + 1):
            assert whole.clause_start(pos) == Breaks(body).clause_start(pos) == _clause_start(body, pos)
