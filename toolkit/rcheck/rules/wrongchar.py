"""W105 wrong-character: a character that a similar-sounding or similar-looking one would turn
into a far more probable word (发展机智 → 机制 is beyond it; 二登奖 → 二等奖, 大数局 → 大数据).

W104 knows a curated list of wrong words; this rule reads every Han run. A character is
examined only where the tokenizer does not place it in a known word; the model
(`rcheck.wrongchar`) proposes the confusable character whose word makes the neighbourhood most
probable, and the finding is kept when the gain clears a threshold tuned on ECSpell's odw.train.
Never examined: names, units and terms from the lexicons (and `wrongchar.toml` `keep`), titles
in 《》, short quoted coinages (“浙里办”), names after a title (镇长、主任…), and numerals.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from rcheck.lexicon import Lexicon, PhraseMatcher
from rcheck.rules.base import Context, Hit, Rule, register
from rcheck.text import regex as re

# Natural-log gain a finding needs, and the gain from which it is a warning rather than info.
THRESHOLD = 5.0
SURE = 7.0
COMMON_SINGLE = 100_000  # a character this frequent standing alone (是, 在, 有) is taken as written
KNOWN_FREQ = 100  # a word of the tokenizer this frequent in jieba's dictionary is not examined
_HAN = re.compile(r"[\u4e00-\u9fff]+")
_TITLE = re.compile(r"《[^《》\n]{0,60}》")
_QUOTED = re.compile(r"“[^“”\n]{1,12}”")  # short quoted strings are names and slogans as coined
# An issuer's code before a document number (桐食安委〔2025〕) is an abbreviation, no slip.
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}(?=[〔\[［(（]\d{4}[〕\]］)）])")
_NAME_LEN = 3  # characters after a person's title that may be a name


_KEEP, _TITLE_WORD, _NAME_END, _COMRADE = 1, 2, 4, 8  # what a phrase of the shield automaton is


@lru_cache(maxsize=8)
def _protected(lexicon: Lexicon) -> tuple[PhraseMatcher, frozenset[str]]:
    """One automaton over every phrase the shield needs, each tagged with what it is."""
    terms: set[str] = set(lexicon.strings("wrongchar", "keep"))
    terms.update(lexicon.strings("words", "words"))
    for key in ("measures", "compound_measures", "numeral_words"):
        terms.update(lexicon.strings("units", key))
    terms.update(lexicon.strings("organisations", "known_units"))
    terms.update(lexicon.strings("organisations", "name_suffixes"))
    for alias in lexicon.tables("organisations", "alias"):
        terms.add(str(alias.get("name", "")))
        terms.update(str(a) for a in alias.get("also", []))
    for f in lexicon.tables("formulations", "formulation"):
        terms.add(str(f.get("canonical", "")))
        terms.update(str(i) for i in f.get("items", []) if isinstance(i, str))
    tags: dict[str, int] = {t: _KEEP for t in terms if len(t) >= 2}
    titles = set(lexicon.strings("wrongchar", "titles"))
    titles |= set(lexicon.strings("organisations", "person_suffixes"))
    for t in titles:
        tags[t] = tags.get(t, 0) | _TITLE_WORD
    for t in lexicon.strings("wrongchar", "name_ends"):
        tags[t] = tags.get(t, 0) | _NAME_END
    tags["同志"] = tags.get("同志", 0) | _COMRADE
    surnames = frozenset(str(lexicon.get("wrongchar").get("surnames", ""))) - frozenset(" \n")
    return PhraseMatcher(sorted(tags.items())), surnames


def _shielded(text: str, lexicon: Lexicon) -> bytearray:
    """1 for every character the rule must leave alone."""
    shield = bytearray(len(text))
    matcher, surnames = _protected(lexicon)
    n = len(text)
    for start, end, tag in matcher.finditer(text):
        if tag & _KEEP:
            shield[start:end] = b"\1" * (end - start)
        if tag & _NAME_END:  # 武某机场: the name before the ending
            lo = max(0, start - _NAME_LEN)
            shield[lo:start] = b"\1" * (start - lo)
        if tag & _TITLE_WORD and end < n and text[end] in surnames:  # 矿长王某
            hi = min(n, end + _NAME_LEN)
            shield[end:hi] = b"\1" * (hi - end)
        if tag & _COMRADE:  # 王某同志
            for lo in (start - 3, start - 2):
                if lo >= 0 and text[lo] in surnames:
                    shield[lo:start] = b"\1" * (start - lo)
                    break
    for pattern in (_TITLE, _QUOTED, _DOC_NUMBER):
        for m in pattern.finditer(text):
            shield[m.start():m.end()] = b"\1" * (m.end() - m.start())
    return shield


def _confidence(gain: float) -> str:
    return "把握较大" if gain >= SURE else "把握一般"


def check(ctx: Context) -> Iterator[Hit]:
    from rcheck.text.script import simplified_text
    from rcheck.wrongchar import load_model

    original = ctx.doc.text
    text = simplified_text(original)  # a Traditional draft is read in Simplified, offsets kept
    runs = [m for m in _HAN.finditer(text) if len(m.group()) >= 2]
    if not runs:
        return
    model = load_model()
    shield = _shielded(text, ctx.lexicon)
    tokenizer = ctx.tokenizer
    freq = model.freq
    for m in runs:
        run, base = m.group(), m.start()
        found = []
        open_ = bytearray(len(run))  # 1 where a character may be examined
        for token in tokenizer.tokenize(run):
            n = freq.get(token.word, 0)
            if n >= COMMON_SINGLE or (token.end - token.start >= 2 and n >= KNOWN_FREQ):
                continue
            for i in range(token.start, token.end):
                if shield[base + i]:
                    continue
                open_[i] = 1
                s = model.suggest(run, i, THRESHOLD)
                if s is not None and s.gain >= THRESHOLD:
                    found.append(s)
        for i in range(len(run) - 1):
            if open_[i] and open_[i + 1]:
                s = model.suggest_word(run, i, THRESHOLD)
                if s is not None and s.gain >= THRESHOLD:
                    found.append(s)
        # One fault, one finding: of suggestions that touch keep the strongest.
        found.sort(key=lambda s: -s.gain)
        taken: list[tuple[int, int]] = []
        for s in found:
            lo, hi = s.index, s.index + len(s.wrong)
            if any(lo <= b and a <= hi for a, b in taken):
                continue
            taken.append((lo, hi))
            start = base + s.index
            end = start + len(s.wrong)
            sure = s.gain >= SURE
            # In a Traditional draft the suggestion is in Simplified: said, never offered as a fix.
            exact = sure and text is original
            yield Hit(start, end,
                      f"疑为错别字：“{original[start:end]}”可能应为“{s.right}”"
                      f"{'' if s.word == s.right else f'（“{s.word}”）'}，{_confidence(s.gain)}。",
                      suggestion=s.right if exact else None,
                      severity=None if sure else "info")


register(Rule(
    code="W105",
    name="wrong-character",
    severity="warning",
    summary="A character that a similar-sounding or similar-looking one would make a far likelier word",
    title="疑似错字（音近、形近）",
    doc=(
        "逐字检查词表之外的错别字：一个字所在处不成词，而换成读音相同或相近（拼音，不计声调）、"
        "字形相近的字后成为常见词，整句的概率高出很多，就提示这个字，并给出可能的正确字和把握大小；"
        "两个字都换错而读音、声调不变的（布暑→部署）作为一处提示。默认不运行："
        "用 --select W105 或 --select ALL,W105 打开。"
        "把握较大的为 warning，其余为 info。概率来自 jieba 词典的词频；音近字由 pypinyin 生成，"
        "形近字来自 char-similar 的部件数据，另加 ECSpell 公文训练集中标注过的错字。"
        "专名、单位、量词和词表中的规范表述（lexicons/ 各文件和 wrongchar.toml 的 keep）、"
        "《》中的标题、引号中的简短提法、职务后的人名和数字都不检查。"
        "只是提示：请对照上下文判断，确属专名时把它加入自己词表 wrongchar.toml 的 keep。"
    ),
    bad="全县共有三名教师获评市级优秀教师二登奖。",
    good="全县共有三名教师获评市级优秀教师二等奖。",
    check=check,
    precision="likely",
    # Off by default: its tables take about a second to load, which a cold `rcheck lint` must not pay.
    default=False,
))
