"""W103 formulation-items: the items listed after a numbered formulation.

It reads the enumeration that follows the name of a numbered formulation (“四个意识”（…）,
“四个自信”即…, 新发展理念：…) and compares its items with the canonical ones: a wrong
item, a missing item, a wrong order. Formulations whose canonical text is itself the list
(不敢腐、不能腐、不想腐) are checked for order where all their items are written in a row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from rcheck.rules.base import Context, Hit, Rule, register
from rcheck.rules.formulation_scan import (
    Formulation,
    FormulationData,
    formulation_data,
    inner_quotes,
    scan_of,
)
from rcheck.text import regex as re

# ---------------------------------------------------------------------------- W103

_LEAD = re.compile(
    r"[”\"’]?[^\n。；;：:\uff08\uff0c,、“”\"]{0,10}?"
    r"(?:\uff08|：|:|——|\uff0c?(?:即|就是|包括|分别是|主要是|指的是|是指))"
)
_HARD_STOP = re.compile(r"[\uff09。；;\n！？!?]")
_SEPARATORS = "、\uff0c,"
_PIECE_STRIP = " \t\u3000“”‘’\"'《》"
_WINDOW = 160
_ORDINAL = re.compile(r"[一二三四五六七八九十]+是|第[一二三四五六七八九十]+|首先|其次|再次|最后")


def _near(piece: str, item: str) -> bool:
    """Could `piece` be a mistaken wording of `item` （全局意识 for 核心意识）？"""
    if not piece or not 0.5 <= len(piece) / len(item) <= 2.0:
        return False
    from rapidfuzz import fuzz

    if fuzz.ratio(piece, item) >= 60:
        return True
    prefix = len(_common_prefix(piece, item))
    suffix = len(_common_prefix(piece[::-1], item[::-1]))
    return (prefix >= 2 or suffix >= 2) and min(len(piece), len(item)) >= 3


def _common_prefix(a: str, b: str) -> str:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return a[:n]


@dataclass
class _Piece:
    start: int
    end: int
    text: str
    items: list[int]  # canonical item indices found in it, in order
    exact: bool  # the piece is exactly one canonical item, nothing around it
    wrong: bool  # item-like but no canonical item


def _pieces(seg: str, base: int, items: tuple[str, ...]) -> list[_Piece]:
    """The enumeration at the start of `seg`: item-like pieces up to the first that is not."""
    occ: list[tuple[int, int, int]] = []
    taken = [False] * len(seg)
    for j in sorted(range(len(items)), key=lambda j: -len(items[j])):
        pos = seg.find(items[j])
        while pos >= 0:
            end = pos + len(items[j])
            if not any(taken[pos:end]):
                occ.append((pos, end, j))
                for p in range(pos, end):
                    taken[p] = True
            pos = seg.find(items[j], end)
    occ.sort()
    # Split at separators that are not inside an item (两个维护's items hold a 、).
    bounds: list[tuple[int, int]] = []
    begin = 0
    for p, ch in enumerate(seg):
        if ch in _SEPARATORS and not taken[p]:
            bounds.append((begin, p))
            begin = p + 1
    bounds.append((begin, len(seg)))
    longest = max(len(i) for i in items)
    out: list[_Piece] = []
    seen: set[int] = set()
    for a, b in bounds:
        while a < b and seg[a] in _PIECE_STRIP:
            a += 1
        while b > a and seg[b - 1] in _PIECE_STRIP:
            b -= 1
        piece = seg[a:b]
        if not piece or len(piece) > 2 * longest + 6:
            break
        found = [j for s, e, j in occ if a <= s and e <= b]
        exact = len(found) == 1 and piece == items[found[0]]
        wrong = False
        if not found:
            # 道路、理论、制度、文化自信 has a shared ending written once, after the last item.
            starts = [j for j, item in enumerate(items)
                      if item.startswith(piece) and len(piece) < len(item)]
            if len(starts) == 1 and starts[0] not in seen:
                found = starts
            elif any(_near(piece, item) for item in items):
                wrong = True
            else:
                break
        out.append(_Piece(base + a, base + b, piece, found, exact, wrong))
        seen.update(found)
        if len(out) >= len(items) or len(seen) == len(items):
            break
    return out


def _seps_are_dunhao(text: str, pieces: list[_Piece]) -> bool:
    return all(text[p.end:q.start] == "、" for p, q in pairwise(pieces))


def _tight(piece: _Piece, items: tuple[str, ...]) -> bool:
    """A list item, not a clause that discusses one (一是增强政治意识…, 官僚主义问题仍有发生)."""
    if _ORDINAL.match(piece.text):
        return False
    size = sum(len(items[j]) for j in piece.items) if piece.items else max(map(len, items))
    return len(piece.text) <= size + 4


def _judge(f: Formulation, text: str, pieces: list[_Piece]) -> Hit | None:
    if not all(_tight(p, f.items) for p in pieces):
        return None
    known = list(dict.fromkeys(j for p in pieces for j in p.items))
    wrong = [p for p in pieces if p.wrong]
    reference = list(range(len(f.items)))
    for group in f.groups:
        idx = [f.items.index(g) for g in group]
        if known and all(j in idx for j in known) and len(pieces) <= len(idx):
            reference = idx
            break
    missing = [j for j in reference if j not in known]
    extra = [j for j in known if j not in reference]
    in_ref = [j for j in known if j in reference]
    disordered = in_ref != sorted(in_ref, key=reference.index)
    if not (wrong or missing or extra or disordered):
        return None
    problems: list[str] = []
    paired = len(wrong) == len(missing)
    if paired:
        problems += [f"“{p.text}”应为“{f.items[j]}”" for p, j in zip(wrong, missing, strict=True)]
    else:
        problems += [f"“{p.text}”不是其中一项" for p in wrong]
        if missing:
            problems.append("缺少" + "".join(f"“{f.items[j]}”" for j in missing))
    if disordered:
        problems.append("顺序有误")
    canonical_list = "、".join(f.items[j] for j in reference)
    name = f.canonical
    message = (f"“{inner_quotes(name)}”所列内容与规范表述不符：{'；'.join(problems)}。"
               f"规范表述为：{canonical_list}")
    if f.note:
        message += "。" + f.note.rstrip("。")
    certain = (not extra and all(p.exact or (p.wrong and paired) for p in pieces)
               and _seps_are_dunhao(text, pieces))
    return Hit(pieces[0].start, pieces[-1].end, message + "。",
               suggestion=canonical_list if certain else None)


def _enumeration_after(text: str, end: int, f: Formulation) -> list[_Piece]:
    lead = _LEAD.match(text, end)
    if lead is None:
        return []
    begin = lead.end()
    window = text[begin:begin + _WINDOW]
    stop = _HARD_STOP.search(window)
    seg = window[:stop.start()] if stop else window
    pieces = _pieces(seg, begin, f.items)
    # An enumeration has two pieces at least and starts with a canonical item, or with a
    # near one followed by canonical items.
    if len(pieces) < 2:
        return []
    if pieces[0].items or sum(bool(p.items) for p in pieces) >= 2:
        return pieces
    return []


def _listing_hits(text: str, data: FormulationData, wrong_spans: set[tuple[int, int]]) -> Iterator[Hit]:
    """Self-listing formulations （政治判断力、政治领悟力、政治执行力） written in another order."""
    hits = data.listing.longest(text)
    chain: list[tuple[int, int, tuple[tuple[int, int], ...]]] = []

    def flush() -> Iterator[Hit]:
        if len(chain) < 2:
            return
        by_entry: dict[int, list[int]] = {}
        for _, _, tags in chain:
            for i, j in tags:
                by_entry.setdefault(i, []).append(j)
        start, end = chain[0][0], chain[-1][1]
        for i, order in by_entry.items():
            f = data.entries[i]
            if sorted(order) != list(range(len(f.items))) or order == sorted(order):
                continue
            if (start, end) in wrong_spans:
                continue  # a listed wrong form: W102 reports it
            canonical_list = "、".join(f.items)
            yield Hit(start, end,
                      f"“{inner_quotes(f.canonical)}”顺序有误，规范表述为：{canonical_list}。"
                      + (f.note.rstrip("。") + "。" if f.note else ""),
                      suggestion=canonical_list if _seps_are_dunhao(text, [
                          _Piece(s, e, "", [], True, False) for s, e, _ in chain]) else None)

    for start, end, tags in hits:
        if chain and (start - chain[-1][1] > 2
                      or any(ch not in "、\uff0c,和及与" for ch in text[chain[-1][1]:start])):
            yield from flush()
            chain = []
        chain.append((start, end, tags))
    yield from flush()


def check_items(ctx: Context) -> Iterator[Hit]:
    data = formulation_data(ctx.lexicon)
    scan = scan_of(ctx)
    text = scan.text
    done: set[int] = set()  # enumeration starts already judged (a name inside a collocation)
    for _start, end, idxs in scan.canon:
        for i in idxs:
            f = data.entries[i]
            if len(f.items) < 2 or f.self_listing:
                continue
            pieces = _enumeration_after(text, end, f)
            if not pieces or pieces[0].start in done:
                continue
            done.add(pieces[0].start)
            hit = _judge(f, text, pieces)
            if hit is not None:
                yield hit
    yield from _listing_hits(text, data, {(s, e) for s, e, _ in scan.wrong})


register(Rule(
    code="W103", precision="likely",
    name="formulation-items",
    severity="warning",
    summary="A numbered formulation (e.g. 四个意识) listing items other than the canonical ones",
    title="数字概括提法内容有误",
    doc=(
        "“四个意识”“四个自信”“两个维护”“五位一体”、社会主义核心价值观、新发展理念等"
        "数字概括或固定列举的提法，其具体内容和顺序都是固定的。提法后面用括号、冒号或"
        "“即”“就是”“包括”展开列举时，规则逐项核对：写错的项（如把“核心意识”写成“全局意识”）、"
        "漏掉的项（“四个自信”只写了道路、理论、制度自信）、顺序颠倒，都会报告，"
        "并给出规范的完整表述。"
    ),
    examples=(
        "牢固树立“四个意识”（⟦政治意识、大局意识、全局意识、看齐意识→政治意识、大局意识、核心意识、"
        "看齐意识⟧），坚定“四个自信”。",
        "坚定“四个自信”，即⟦道路自信、理论自信、制度自信→道路自信、理论自信、制度自信、文化自信⟧。",
        "增强“四个意识”：⟦政治意识、核心意识、大局意识、看齐意识→政治意识、大局意识、核心意识、看齐意识⟧。",
        "牢固树立“四个意识”（政治意识、大局意识、核心意识、看齐意识），坚定“四个自信”。",
        "坚定“四个自信”（道路、理论、制度、文化自信）。",  # the shared ending written once
        "增强“四个意识”，一是增强政治意识，二是增强大局意识。",  # clauses, not a list of items
    ),
    check=check_items,
))
