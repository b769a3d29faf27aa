"""T103 unbalanced-pair: quotes, book-title marks and brackets that do not pair up within a
paragraph, or pair with the wrong partner (“…〞, 〈…》)."""


from __future__ import annotations

from collections.abc import Iterator

from rcheck.rules.base import Context, Hit, Rule, register
from rcheck.text import regex as re
from rcheck.text.chars import is_cjk

# ---------------------------------------------------------------- T103 unbalanced-pair

_OPENERS = {"“": "”", "‘": "’", "《": "》", "(": ")", "\uff08": "\uff09", "【": "】", "〔": "〕",
            "「": "」", "『": "』", "〝": "〞", "〈": "〉", "'": "'"}
_CLOSERS = {"”": "“", "’": "‘", "》": "《", ")": "(", "\uff09": "\uff08", "】": "【", "〕": "〔",
            "」": "「", "』": "『", "〞": "〝", "〟": "〝", "〉": "〈"}
_PAIR_CHARS = re.compile("[" + re.escape("".join(_OPENERS) + "".join(_CLOSERS)) + "]")
_PAREN = {"(", "\uff08"}
# Marks of one kind that a draft mixes up: “…〞, 〈…》, '…“ are one pair written wrong.
_FAMILY = {"“": "quote", "〝": "quote", "'": "quote", "”": "quote", "〞": "quote", "〟": "quote",
           "《": "title", "〈": "title", "》": "title", "〉": "title"}
_TERMINAL = "。！？!?；;…”’）)》」』】〕"


def _closes(opener: str, closer: str) -> bool:
    if opener in _PAREN:
        return closer in (")", "\uff09")
    if opener == "〝":
        return closer in ("〞", "〟")
    return _OPENERS[opener] == closer


def _cut_at_end(ctx: Context, para_index: int) -> bool:
    """The draft's last paragraph stops mid-sentence: an excerpt cut there, whose open quote
    or bracket was closed in the part that is missing."""
    paras = ctx.doc.paragraphs
    if para_index != len(paras) - 1:
        return False
    last = paras[para_index]
    return ctx.doc.text[last.end - 1] not in _TERMINAL


def check_pairs(ctx: Context) -> Iterator[Hit]:
    text = ctx.doc.text
    for para in ctx.doc.paragraphs:
        cut = _cut_at_end(ctx, para.index)
        stack: list[tuple[str, int]] = []
        for m in _PAIR_CHARS.finditer(text, para.start, para.end):
            ch, pos = m.group(), m.start()
            if ch == "'":
                if not (is_cjk(text[pos - 1:pos]) or is_cjk(text[pos + 1:pos + 2])):
                    continue  # an apostrophe in Latin text
                if stack and stack[-1][0] == "'":
                    stack.pop()  # '…': a pair, if half-width
                    continue
            if ch == "“" and stack and stack[-1][0] in ("“", "'"):
                # Chinese does not nest “ in “: this one should close the quote open before it.
                opened = stack.pop()[0]
                if not cut:
                    yield Hit(pos, pos + 1, f"引号不成对：前面的“{opened}”尚未闭合，此处疑应为”",
                              suggestion="”")
                continue
            if ch in _OPENERS:
                stack.append((ch, pos))
                continue
            match = next((i for i in range(len(stack) - 1, -1, -1)
                          if _closes(stack[i][0], ch)), None)
            # 《…〈…》…》: the first 》 was meant for 〈 when another 》 is still to come.
            mixed = bool(stack) and not _closes(stack[-1][0], ch) and (
                _FAMILY.get(stack[-1][0]) == _FAMILY.get(ch) is not None)
            if mixed and match is not None:
                mixed = ch in text[pos + 1:para.end]
            if match is None or mixed:
                if mixed or (stack and _FAMILY.get(stack[-1][0]) == _FAMILY.get(ch) is not None):
                    opened = stack.pop()[0]
                    want = _OPENERS[opened]
                    yield Hit(pos, pos + 1, f"“{opened}”与“{ch}”不成对：此处应为“{want}”",
                              suggestion=want if opened != "'" else None)
                    continue
                yield Hit(pos, pos + 1, f"“{ch}”没有对应的“{_CLOSERS[ch]}”")
                continue
            for opener, at in stack[match + 1:]:
                yield Hit(at, at + 1, f"“{opener}”没有对应的“{_OPENERS[opener]}”")
            del stack[match:]
        if cut:
            continue
        for opener, at in stack:
            yield Hit(at, at + 1, f"“{opener}”没有对应的“{_OPENERS[opener]}”")


register(Rule(
    code="T103", precision="sure", name="unbalanced-pair", severity="warning",
    summary="Unpaired “ ” ‘ ’ 《 》 （ ） 【 】 within a paragraph",
    title="引号括号不成对",
    doc=("引号、书名号、括号必须成对出现。在同一段落中，有“无”、有《无》、有（无）的，"
         "多是删改时漏掉了一半，或把后引号打成了前引号。前后不是一对的（“…〞、〈…》、'…“）"
         "算一处错误，报告在后一个符号上。摘录在文末中途截断时，最后一段未闭合的符号不报告。"),
    examples=(
        "严格落实⟦“⟧第一议题制度，认真学习⟦《⟧党委（党组）意识形态工作责任制实施办法。",
        "加强理论学习⟦）⟧，压实责任。",
        "落实“三会一课⟦〞→”⟧制度。",  # one pair written wrong: reported once, on its second mark
        "严格落实“第一议题”制度，认真学习《党委（党组）意识形态工作责任制实施办法》。",
        "（一）加强领导。",
        "严格落实“第一议题制度",  # an excerpt cut off mid-sentence at its end
    ),
    check=check_pairs,
))
