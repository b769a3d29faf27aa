"""W101 repeated-word: a word or phrase written twice in a row (总书记总书记, 党委、党委).

Found on characters, decided on words: a doubled form that the tokenizer's dictionary knows
as one word is kept, and so are verbs doubled on purpose (研究研究, 讨论讨论: listed in
`lexicons/words.toml`) and counted repeats (一个一个).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from rcheck.lexicon import Lexicon
from rcheck.rules.base import Context, Hit, Rule, register

# 党委、党委 is a slip; across a comma a repeat is usually deliberate (…阵地，阵地建设…).
# A run of Han characters written twice in a row; the tokenizer then decides if it is a word.
_REPEAT = re.compile(r"([\u4e00-\u9fff]{2,8}?)(、?)\1")
_CLAUSE_STOP = re.compile(r"[。；;！!？?\n]")


@lru_cache(maxsize=8)
def _reduplicable(lexicon: Lexicon) -> frozenset[str]:
    return frozenset(lexicon.strings("words", "reduplicable"))


def _deliberate(unit: str, doubled: str, words: set[str], ok: frozenset[str]) -> bool:
    """Reduplication that is Chinese, not a slip."""
    if unit in ok or len(set(unit)) == 1:
        return True  # 研究研究, 讨论讨论
    if unit[0] == "一" and len(unit) == 2:
        return True  # 一个一个, 一项一项
    return doubled in words  # the dictionary knows the doubled form as one word


def check(ctx: Context) -> Iterator[Hit]:
    text = ctx.doc.text
    ok = _reduplicable(ctx.lexicon)
    for m in _REPEAT.finditer(text):
        unit, sep = m.group(1), m.group(2)
        # Tokens of the clause around the repeat: a repeat that only exists across a word
        # boundary inside two different words (“经济学家家”) is not one.
        left = max((s.end() for s in _CLAUSE_STOP.finditer(text, max(0, m.start() - 60),
                                                           m.start())), default=max(0, m.start() - 60))
        stop = _CLAUSE_STOP.search(text, m.end())
        right = stop.start() if stop else min(len(text), m.end() + 60)
        tokens = ctx.tokenizer.tokenize(text[left:right])
        bounds = {t.start + left for t in tokens} | {t.end + left for t in tokens}
        words = {t.word for t in tokens}
        if not sep and _deliberate(unit, unit * 2, words, ok):
            continue
        second = m.start() + len(unit)
        if m.start() not in bounds and m.end() not in bounds and second not in bounds:
            continue
        yield Hit(second, m.end(), f"词语重复：“{m.group()}”，删去重复的“{unit}”", suggestion="")


register(Rule(
    code="W101",
    name="repeated-word",
    severity="error",
    summary="A word or phrase written twice in a row （总书记总书记）, not legitimate reduplication",
    title="词语重复",
    doc=("同一个词或短语紧挨着写了两遍（“总书记总书记”“对照对照”“党委、党委”）,多是修改时"
         "粘贴重复或删改不干净。按分词判断，不会把正常的叠词（层层、人人、常常、一一、"
         "干干净净）和有意的动词重叠（研究研究、讨论讨论）当作错误。"),
    bad="深入学习总书记总书记关于意识形态工作的重要论述。",
    good="深入学习习近平总书记关于意识形态工作的重要论述，层层压实责任。",
    check=check,
))
