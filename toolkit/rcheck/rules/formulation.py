"""W102 formulation and W103 formulation-items: fixed political formulations (规范表述).

Data: `lexicons/formulations.toml`. Every canonical form and every known wrong variant go
into one Aho-Corasick automaton, so one pass over the text finds them all, however many
entries the lexicon holds. A wrong variant that lies inside an occurrence of a canonical
form (新时代中国特色社会主义思想 inside 习近平新时代中国特色社会主义思想) is not a finding.

W102 also reports a formulation quoted as current after its `valid_until` date (党的十九大精神
in a 2024 plan); the document's year is the latest 20xx year in its title or first 200
characters.

W103 reads the enumeration that follows the name of a numbered formulation (“四个意识”（…）,
“四个自信”即…, 新发展理念：…) and compares its items with the canonical ones: a wrong
item, a missing item, a wrong order. Formulations whose canonical text is itself the list
(不敢腐、不能腐、不想腐) are checked for order where all their items are written in a row.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, pairwise

from rcheck.errors import LexiconError
from rcheck.lexicon import Lexicon, PhraseMatcher
from rcheck.rules.base import Context, Example, Hit, Rule, register

_FILE = "formulations"
_KINDS = ("term", "numbered", "collocation")
_PARENS = str.maketrans({"(": "\uff08", ")": "\uff09"})
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?")
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_LEADER = "习近平"


@dataclass(frozen=True)
class _Formulation:
    canonical: str
    wrong: tuple[str, ...]
    kind: str
    items: tuple[str, ...]
    groups: tuple[tuple[str, ...], ...]
    valid_until: str | None
    until_year: int | None
    note: str

    @property
    def self_listing(self) -> bool:
        """True when the canonical text is the list itself （不敢腐、不能腐、不想腐）."""
        if len(self.items) < 2:
            return False
        pos = 0
        for item in self.items:
            pos = self.canonical.find(item, pos)
            if pos < 0:
                return False
            pos += len(item)
        return True


@dataclass(frozen=True)
class _Data:
    entries: tuple[_Formulation, ...]
    # normalised phrase -> (canonical of entries, wrong for entries)
    matcher: PhraseMatcher
    # items of self-listing numbered entries -> ((entry, item index), ...)
    listing: PhraseMatcher


def _strings(lexicon: Lexicon, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise LexiconError(lexicon.path_of(_FILE), key, "must be a list of non-empty strings")
    return tuple(value)


def _entry(lexicon: Lexicon, i: int, e: dict) -> _Formulation:
    key = f"formulation[{i}]"
    path = lexicon.path_of(_FILE)
    canonical = e.get("canonical")
    if not isinstance(canonical, str) or not canonical.strip():
        raise LexiconError(path, f"{key}.canonical", "missing or empty: every formulation needs "
                           "its canonical text")
    kind = e.get("kind", "term")
    if kind not in _KINDS:
        raise LexiconError(path, f"{key}.kind", f"must be one of {', '.join(_KINDS)}")
    wrong = _strings(lexicon, f"{key}.wrong", e.get("wrong", []))
    items = _strings(lexicon, f"{key}.items", e.get("items", []))
    if kind == "numbered" and len(items) < 2:
        raise LexiconError(path, f"{key}.items", "a numbered formulation needs at least two items")
    groups_raw = e.get("groups", [])
    if not isinstance(groups_raw, list):
        raise LexiconError(path, f"{key}.groups", "must be a list of lists of items")
    groups = tuple(_strings(lexicon, f"{key}.groups[{j}]", g) for j, g in enumerate(groups_raw))
    for j, group in enumerate(groups):
        if any(item not in items for item in group):
            raise LexiconError(path, f"{key}.groups[{j}]", "every group item must be in `items`")
    until = e.get("valid_until")
    until_year = None
    if until is not None:
        m = _DATE.fullmatch(str(until)) if isinstance(until, (str, int)) else None
        if m is None:
            raise LexiconError(path, f"{key}.valid_until", "must be YYYY or YYYY-MM")
        until_year = int(m.group(1))
        until = str(until)
    for field_name in ("note", "source", "valid_from"):
        if field_name in e and not isinstance(e[field_name], (str, int)):
            raise LexiconError(path, f"{key}.{field_name}", "must be a string")
    if canonical in wrong:
        raise LexiconError(path, f"{key}.wrong", "lists the canonical text itself as wrong")
    return _Formulation(canonical, wrong, kind, items, groups, until, until_year,
                        str(e.get("note", "")).strip())


@lru_cache(maxsize=8)
def _data(lexicon: Lexicon) -> _Data:
    entries = tuple(_entry(lexicon, i, e) for i, e in enumerate(lexicon.tables(_FILE, "formulation")))
    phrases: dict[str, tuple[list[int], list[int]]] = {}
    for i, f in enumerate(entries):
        phrases.setdefault(f.canonical.translate(_PARENS), ([], []))[0].append(i)
        for w in f.wrong:
            phrases.setdefault(w.translate(_PARENS), ([], []))[1].append(i)
    listing: dict[str, list[tuple[int, int]]] = {}
    for i, f in enumerate(entries):
        if f.self_listing:
            for j, item in enumerate(f.items):
                listing.setdefault(item, []).append((i, j))
    return _Data(
        entries=entries,
        matcher=PhraseMatcher((p, (tuple(c), tuple(w))) for p, (c, w) in phrases.items()),
        listing=PhraseMatcher((p, tuple(v)) for p, v in listing.items()),
    )


def _normalise(text: str) -> str:
    """Half-width parentheses read as full-width ones; offsets do not change."""
    return text.translate(_PARENS) if ("(" in text or ")" in text) else text


@dataclass(frozen=True)
class _Scan:
    text: str  # normalised
    canon: tuple[tuple[int, int, tuple[int, ...]], ...]  # (start, end, entries)
    wrong: tuple[tuple[int, int, tuple[int, ...]], ...]  # not inside a canonical occurrence


def _scan(ctx: Context) -> _Scan:
    """The scan of this run's document, shared by W102 and W103 (held by the draft's facts)."""
    return ctx.facts.memo("formulation", lambda: _scan_text(ctx.lexicon, ctx.doc.text))


def _scan_text(lexicon: Lexicon, raw: str) -> _Scan:
    """One Aho-Corasick pass: canonical occurrences, and wrong ones that are not part of one."""
    data = _data(lexicon)
    text = _normalise(raw)
    canon: list[tuple[int, int, tuple[int, ...]]] = []
    wrong: list[tuple[int, int, tuple[int, ...]]] = []
    for start, end, (c, w) in data.matcher.finditer(text):
        if c:
            canon.append((start, end, c))
        if w:
            wrong.append((start, end, w))
    canon.sort()
    starts = [c[0] for c in canon]
    reach = list(accumulate((c[1] for c in canon), max))  # furthest end among canon[:k+1]

    def covered(start: int, end: int) -> bool:
        k = bisect_right(starts, start) - 1
        return k >= 0 and reach[k] >= end

    kept = [h for h in wrong if not covered(h[0], h[1])]
    # Leftmost-longest among wrong forms: 习总书记新时代… holds 总书记新时代….
    kept.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out: list[tuple[int, int, tuple[int, ...]]] = []
    last_end = -1
    for h in kept:
        if h[0] >= last_end:
            out.append(h)
            last_end = h[1]
    return _Scan(text, tuple(canon), tuple(out))


def _q(text: str) -> str:
    """Inner double quotes become single ones inside a quoted message （“‘四个全面’战略布局”）."""
    return text.replace("“", "‘").replace("”", "’")


def _document_year(ctx: Context) -> int | None:
    """The latest 20xx year in the title (the first non-blank line) or the first 200 chars."""
    text = ctx.doc.text
    stripped = text.lstrip()
    first_line = stripped[:stripped.find("\n")] if "\n" in stripped[:400] else stripped[:400]
    head = text[:200] + "\n" + first_line
    years = [int(y) for y in _YEAR.findall(head)]
    return max(years) if years else None


def _superseded_note(f: _Formulation, year: int | None) -> str | None:
    if f.until_year is None or year is None or year <= f.until_year:
        return None
    m = _DATE.fullmatch(f.valid_until or "")
    when = f"{m.group(1)}年{int(m.group(2))}月" if m and m.group(2) else f"{f.until_year}年"
    return f"该表述{when}以后已被取代，本文年份为{year}年"


def _variant_hits(ctx: Context, data: _Data, scan: _Scan) -> Iterator[Hit]:
    """Masked, changed or shortened formulations, the leader's name left out at first mention,
    and congress numbers written with converted digits: see `formulation_variants`."""
    from rcheck.rules.formulation_variants import digit_sessions, dropped_leader, find_variants

    text = scan.text
    canonicals = tuple(dict.fromkeys(f.canonical.translate(_PARENS) for f in data.entries))
    exact = [(s, e) for s, e, _ in scan.canon]
    hits: list[Hit] = []
    wrong = [(s, e) for s, e, _ in scan.wrong]
    for v in find_variants(text, canonicals, exact):
        if any(s < v.end and v.start < e and not (v.start <= s and e <= v.end and e - s < v.end - v.start)
               for s, e in wrong):
            continue  # a listed wrong form is the surer reading, unless the variant holds it and more
        got = text[v.start:v.end]
        how = "有字被网页屏蔽或删改" if v.masked else "有字被改动"
        readings = v.readings or (v.canonical,)
        severe = all(_LEADER in c for c in readings) and _LEADER not in got
        shown = "”或“".join(_q(c) for c in readings)
        hits.append(Hit(v.start, v.end, f"规范表述应为“{shown}”（此处为“{_q(got)}”，{how}）。",
                        suggestion=v.canonical if len(readings) == 1 else None,
                        severity="error" if severe else None))
    for start, end in dropped_leader(text):
        if any(s < end and start < e for s, e in wrong):
            continue  # a listed wrong form (总书记新时代…) says it better
        hits.append(Hit(start, end, "首次提到总书记时应写全称“习近平总书记”（此处缺少姓名）。",
                        suggestion="习近平总书记", severity="error"))
    for start, end, numeral in digit_sessions(text):
        hits.append(Hit(start, end, f"党的代表大会、全会的届次应写汉字：“{numeral}”"
                        f"（误作“{text[start:end]}”，疑为转换工具把汉字数字改成了阿拉伯数字）。",
                        suggestion=numeral))
    hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
    last_end = -1
    for h in hits:
        if h.start >= last_end and not any(s <= h.start and h.end <= e for s, e in exact):
            yield h
            last_end = h.end


def _spun_words(ctx: Context, taken: list[tuple[int, int]]) -> Iterator[Hit]:
    """Words an article spinner swapped (消防平安 for 消防安全): see `rcheck.facts.spinner`."""
    from rcheck.facts.spinner import find_spun

    for w in find_spun(ctx.doc.text, ctx.lexicon):
        if any(s < w.end and w.start < e for s, e in taken):
            continue
        spun, original = w.swap.spun, w.swap.original
        if w.sure:
            message = f"疑为洗稿工具替换的词：“{spun}”应为“{original}”，固定搭配被改写。"
        else:
            message = (f"疑为洗稿工具替换的词：“{spun}”可能是“{original}”；本文多处固定搭配被同义词"
                       "替换，请逐处核对。")
        yield Hit(w.start, w.end, message, suggestion=original if w.sure else None)


def _own_start(ctx: Context, text: str, start: int, end: int) -> int:
    """Where the wrong form really begins: 深入学习总书记新时代… matches 习总书记新时代…, but that
    习 ends the word 学习, and a fix over it would leave 学习近平. A word of the tokenizer that
    crosses the match's start owns those characters; the span (and the fix) start after it."""
    if start == 0 or not _is_han(text[start - 1]):
        return start
    left = max(0, start - 4)
    for token in ctx.tokenizer.tokenize(text[left:min(end, start + 4)]):
        if left + token.start < start < left + token.end:
            own = left + token.end
            return own if own < end else start
    return start


def _written_lead(text: str, start: int, canonical: str) -> int:
    """How many characters before a wrong form already begin its canonical form: 党的 in
    党的二十大会议精神 is kept, and the span takes it in so that the fix does not write it twice.
    One character is a coincidence (学习 before 总书记…), two are the canonical's own words."""
    for k in range(min(len(canonical) - 1, start), 1, -1):
        if text[start - k:start] == canonical[:k]:
            return k
    return 0


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def check_formulation(ctx: Context) -> Iterator[Hit]:
    data = _data(ctx.lexicon)
    scan = _scan(ctx)
    year = _document_year(ctx)
    text = scan.text
    variants = list(_variant_hits(ctx, data, scan))
    yield from variants
    taken = [(h.start, h.end) for h in variants]
    for start, end, idxs in scan.wrong:
        own = _own_start(ctx, text, start, end)
        canonicals = list(dict.fromkeys(data.entries[i].canonical for i in idxs))
        if own == start and len(canonicals) == 1:
            own -= _written_lead(text, start, canonicals[0])
        start = own
        if any(s < end and start < e for s, e in taken):
            continue
        wrong = text[start:end]
        f = data.entries[idxs[0]]
        shown = "”或“".join(_q(c) for c in canonicals)
        message = f"规范表述应为“{shown}”（误作“{_q(wrong)}”）"
        notes = [data.entries[i].note for i in idxs if data.entries[i].note]
        if notes:
            message += "。" + notes[0].rstrip("。")
        superseded = _superseded_note(f, year)
        if superseded:
            message += "；" + superseded
        message += "。"
        severe = any(_LEADER in data.entries[i].canonical and _LEADER not in wrong for i in idxs)
        yield Hit(start, end, message,
                  suggestion=canonicals[0] if len(canonicals) == 1 else None,
                  severity="error" if severe else None)
    taken += [(s, e) for s, e, _ in scan.wrong]
    yield from _spun_words(ctx, taken)
    if year is None:
        return
    # Superseded formulations quoted as current: not when part of a longer canonical form.
    canon = scan.canon
    for k, (start, end, idxs) in enumerate(canon):
        for i in idxs:
            f = data.entries[i]
            superseded = _superseded_note(f, year)
            if not superseded:
                continue
            if any(s <= start and end <= e and (e - s) > (end - start)
                   for s, e, _ in canon[max(0, k - 8):k + 8]):
                continue
            message = f"“{_q(f.canonical)}”已不是现行表述：{superseded}"
            if f.note:
                message += "。" + f.note.rstrip("。")
            yield Hit(start, end, message + "。")
            break


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


def _judge(f: _Formulation, text: str, pieces: list[_Piece]) -> Hit | None:
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
    message = (f"“{_q(name)}”所列内容与规范表述不符：{'；'.join(problems)}。"
               f"规范表述为：{canonical_list}")
    if f.note:
        message += "。" + f.note.rstrip("。")
    certain = (not extra and all(p.exact or (p.wrong and paired) for p in pieces)
               and _seps_are_dunhao(text, pieces))
    return Hit(pieces[0].start, pieces[-1].end, message + "。",
               suggestion=canonical_list if certain else None)


def _enumeration_after(text: str, end: int, f: _Formulation) -> list[_Piece]:
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


def _listing_hits(text: str, data: _Data, wrong_spans: set[tuple[int, int]]) -> Iterator[Hit]:
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
                      f"“{_q(f.canonical)}”顺序有误，规范表述为：{canonical_list}。"
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
    data = _data(ctx.lexicon)
    scan = _scan(ctx)
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
    code="W102", precision="sure",
    name="formulation",
    severity="warning",
    summary="A wrong, masked, spun or superseded form of a fixed political formulation, e.g. 总书记文化思想",
    title="规范表述有误",
    doc=(
        "党政机关公文中的固定提法必须一字不差：“习近平新时代中国特色社会主义思想”不能写成"
        "“总书记新时代中国特色社会主义思想”，“习近平文化思想”不能写成“总书记文化思想”，"
        "“党的二十大精神”不加“会议”二字，“以习近平同志为核心的党中央”中的“同志”不能省略。"
        "规则依据 lexicons/formulations.toml 中每条规范表述及其常见错误写法逐一核对，"
        "错误写法若是规范写法的一部分（如规范全称中的“新时代中国特色社会主义思想”）不报。"
        "省去或替换“习近平”的写法按错误（error）级别报告。"
        "已被新提法取代的表述（如2022年10月以后把“党的十九大精神”作为当前要求），"
        "在文稿标题或开头年份晚于其失效时间时也予提示。"
        "列表之外还能认出：被网页用 * _ . 等符号屏蔽或被改动个别字的规范表述（“以***新时代中国特色社会主义"
        "思想”“党的***五中***精神”），建议改为规范全文；全文第一次出现的“总书记”前没有姓名；"
        "转换工具把届次写成数字（“党的109大”）；洗稿工具替换的同义词（“消防平安”“规那么”“工作根底”，"
        "lexicons/spinner.toml），一篇中有两处以上肯定的替换时，其余同类替换也提示，请逐处核对。"
    ),
    examples=(
        "坚持以⟦总书记新时代中国特色社会主义思想→习近平新时代中国特色社会主义思想⟧为指导，深入学习贯彻⟦二十大会议精神→党的二十大精神⟧。",
        "学习贯彻⟦党的二十大会议精神→党的二十大精神⟧。",  # 党的 is in the span: not written twice
        # A name masked by the page, a name left out: errors, whatever the entry's level.
        Example("坚持以⟦***新时代中国特色社会主义思想→习近平新时代中国特色社会主义思想⟧为指导。",
                severity="error"),
        "深入学习贯彻⟦党的***五中***精神→党的十九届五中全会精神⟧。",
        Example("认真学习⟦总书记→习近平总书记⟧关于意识形态工作的重要论述。", severity="error"),
        "深入学习贯彻党的⟦109→十九⟧大精神。",  # a converter wrote the numeral in digits
        "全面落实消防⟦平安→安全⟧责任制，夯实工作⟦根底→基础⟧。",  # an article spinner's swaps
        "关于2025年工作情况的报告\n深入学习贯彻⟦党的十九大精神⟧。",  # superseded
        "坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大精神。",
        "认真学习习近平总书记重要讲话精神，深刻领会总书记关于意识形态工作的重要论述。",
        "关于2021年工作情况的报告\n深入学习贯彻党的十九大精神。",  # still current then
        "扎实推进平安建设，深入学习贯彻党的二十届四中全会精神。",
    ),
    check=check_formulation,
))

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
