"""W101 repeated-word: a word or phrase written twice in a row (总书记总书记, 党委、党委).

Found on characters, decided on words: a doubled form that the tokenizer's dictionary knows
as one word is kept, and so are verbs doubled on purpose (研究研究, 讨论讨论: listed in
`lexicons/words.toml`) and counted repeats (一个一个).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from rcheck.lexicon import Lexicon
from rcheck.rules.base import Context, Hit, Rule, register
from rcheck.text import regex as re

if TYPE_CHECKING:
    from rcheck.text.tokenize import Token

# 党委、党委 is a slip; across a comma a repeat is usually deliberate (…阵地，阵地建设…).
# A run of Han characters written twice in a row; the tokenizer then decides if it is a word.
_REPEAT = re.compile(r"([\u4e00-\u9fff]{2,8}?)(、?)\1")
_CLAUSE_STOP = re.compile(r"[。；;！!？?\n]")
_SAME = re.compile(r"(.)\1*")
# Characters tokenized on each side of a repeat: enough for the words around it, and bounded,
# since a clause with no stop in it may be the whole file.
_WINDOW = 30
_LONG = 50_000  # characters from which the places a repeat may begin are found first
_PIECE = 1 << 20
# Words after which a list item begins, like a separator does (县政府和党委、党委班子).
_ITEM_OPENERS = frozenset(("和", "及", "与", "以及", "同", "或", "或者"))


@lru_cache(maxsize=8)
def _reduplicable(lexicon: Lexicon) -> frozenset[str]:
    return frozenset(lexicon.strings("words", "reduplicable"))


@lru_cache(maxsize=8)
def _names(lexicon: Lexicon) -> frozenset[str]:
    """Organisation names and the words that end them (党组织, 中心, 县委办)."""
    return frozenset(lexicon.strings("organisations", "name_suffixes")
                     + lexicon.strings("organisations", "known_units"))


def _always_deliberate(unit: str, ok: frozenset[str]) -> bool:
    """Reduplication that is Chinese whatever the words around it."""
    if unit in ok or len(set(unit)) == 1:
        return True  # 研究研究, 讨论讨论, 的的的的
    return unit[0] == "一" and len(unit) == 2  # 一个一个, 一项一项


def _stands_alone(text: str, start: int, tokens: list[Token], offset: int) -> bool:
    """Whether the repeated unit at `start` is a whole list item of its own (党委、党委), not the
    end of a longer one: 引领新供给、新供给创造新需求 and 融资贷款、贷款担保 chain or list on purpose."""
    if start == 0 or not ("\u4e00" <= text[start - 1] <= "\u9fff"):
        return True
    return any(t.end + offset == start and t.word in _ITEM_OPENERS for t in tokens)


def _searcher(text: str) -> Callable[[int], re.Match[str] | None]:
    """`_REPEAT.search(text, pos)`; in a long draft tried only where a repeat can begin.

    The engine tries the back-reference at every Han character (about 0.2 s per MB). A unit of
    k characters written twice begins where a character equals the one k places on (k = 2–8),
    or k + 1 places on with 、 between: numpy finds those places in one pass over the draft."""
    if len(text) < _LONG:
        return lambda pos: _REPEAT.search(text, pos)
    import numpy as np

    comma = np.uint32(ord("、"))
    starts: list[int] = []
    for lo in range(0, len(text), _PIECE):  # a piece at a time: a 50 MB draft needs no 200 MB array
        c = np.frombuffer(text[lo:lo + _PIECE + 9].encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        n = len(c)
        may = np.zeros(n, dtype=bool)
        for k in range(2, 9):
            may[:n - k] |= c[:n - k] == c[k:]
            may[:n - k - 1] |= (c[:n - k - 1] == c[k + 1:]) & (c[k:n - 1] == comma)
        may &= (c >= 0x4E00) & (c <= 0x9FFF)
        starts.extend((np.flatnonzero(may[:_PIECE]) + lo).tolist())

    def search(pos: int) -> re.Match[str] | None:
        for i in range(bisect_left(starts, pos), len(starts)):
            if (m := _REPEAT.match(text, starts[i])) is not None:
                return m
        return None

    return search


def check(ctx: Context) -> Iterator[Hit]:
    text = ctx.doc.text
    ok = _reduplicable(ctx.lexicon)
    pos = 0
    search = _searcher(text)
    while (m := search(pos)) is not None:
        pos = m.end()
        unit, sep = m.group(1), m.group(2)
        if not sep and _always_deliberate(unit, ok):
            if len(set(unit)) == 1:
                # A run of one character (的的的…) is passed in one step, all but its last
                # characters, where a unit such as 的党 may begin.
                pos = max(pos, _SAME.match(text, m.start()).end() - 7)
            continue  # decided without tokens
        # Tokens of the clause around the repeat: a repeat that only exists across a word
        # boundary inside two different words (“经济学家家”) is not one.
        lo, hi = max(0, m.start() - _WINDOW), min(len(text), m.end() + _WINDOW)
        left = max((s.end() for s in _CLAUSE_STOP.finditer(text, lo, m.start())), default=lo)
        stop = _CLAUSE_STOP.search(text, m.end(), hi)
        right = stop.start() if stop else hi
        tokens = ctx.tokenizer.tokenize(text[left:right])
        bounds = {t.start + left for t in tokens} | {t.end + left for t in tokens}
        second = m.start() + len(unit)
        if not sep and unit * 2 in {t.word for t in tokens}:
            continue  # the dictionary knows the doubled form as one word
        if m.start() not in bounds and m.end() not in bounds and second not in bounds:
            continue
        # The same unit written three or more times is one slip, not one per pair, and a slip
        # whatever the words around it.
        end, copies = m.end(), 2
        while text.startswith(sep + unit, end):
            end += len(sep) + len(unit)
            copies += 1
        if copies == 2 and sep and not _stands_alone(text, m.start(), tokens, left):
            continue
        if copies == 2 and not sep and m.start() not in bounds and m.end() not in bounds and any(
                t.end + left == second and t.word in _names(ctx.lexicon) for t in tokens):
            continue  # 党组织组织生活: a name, then a word that begins with its last part
        pos = end
        doubled = m.group() if copies == 2 else f"{unit}{sep}{unit}…"
        times = "" if copies == 2 else f"（写了{copies}遍）"
        yield Hit(second, pos, f"词语重复：“{doubled}”{times}，删去重复的“{unit}”", suggestion="")


register(Rule(
    code="W101", precision="sure",
    name="repeated-word",
    severity="error",
    summary="A word or phrase written twice in a row （总书记总书记）, not legitimate reduplication",
    title="词语重复",
    doc=("同一个词或短语紧挨着写了两遍（“总书记总书记”“对照对照”“党委、党委”）,多是修改时"
         "粘贴重复或删改不干净。按分词判断，不会把正常的叠词（层层、人人、常常、一一、"
         "干干净净）和有意的动词重叠（研究研究、讨论讨论）当作错误。隔着顿号的重复，只在前一个"
         "单独成为一项时报告（“党委、党委班子”）；一个词结束前一项又开始后一项（“以城区带动乡村、乡村支撑城区”"
         "“融资贷款、贷款担保”）是有意的。同一个词连写多遍只报告一次。"),
    examples=(
        "深入学习总书记⟦总书记→⟧关于意识形态工作的重要论述。",
        "认真对照⟦对照→⟧检查，加强⟦加强→⟧理论学习。",
        "县政府和党委⟦、党委→⟧班子成员要带头。",  # a list item that is the next item's first word
        "深入学习习近平总书记关于意识形态工作的重要论述，层层压实责任。",
        "这件事要研究研究，人人参与，常常检查，一一对照，干干净净。",  # reduplication
        "以城区带动乡村、乡村支撑城区。",  # one item ends where the next begins
    ),
    check=check,
))
