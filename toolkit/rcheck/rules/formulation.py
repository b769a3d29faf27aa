"""W102 formulation: fixed political formulations (规范表述) written wrongly.

The listed wrong forms come from the shared scan (`formulation_scan`); beyond them, masked,
changed or shortened formulations (`formulation_variants`) and article-spinner swaps
(`rcheck.facts.spinner`). W102 also reports a formulation quoted as current after its
`valid_until` date (党的十九大精神 in a 2024 plan); the document's year is the latest 20xx year
in its title or first 200 characters.
"""

from __future__ import annotations

from collections.abc import Iterator

from rcheck.rules.base import Context, Example, Hit, Rule, register
from rcheck.rules.formulation_scan import (
    DATE,
    LEADER,
    PARENS,
    YEAR,
    Formulation,
    FormulationData,
    Scan,
    formulation_data,
    inner_quotes,
    scan_of,
)
from rcheck.text.chars import is_han


def _document_year(ctx: Context) -> int | None:
    """The latest 20xx year in the title (the first non-blank line) or the first 200 chars."""
    text = ctx.doc.text
    stripped = text.lstrip()
    first_line = stripped[:stripped.find("\n")] if "\n" in stripped[:400] else stripped[:400]
    head = text[:200] + "\n" + first_line
    years = [int(y) for y in YEAR.findall(head)]
    return max(years) if years else None


def _superseded_note(f: Formulation, year: int | None) -> str | None:
    if f.until_year is None or year is None or year <= f.until_year:
        return None
    m = DATE.fullmatch(f.valid_until or "")
    when = f"{m.group(1)}年{int(m.group(2))}月" if m and m.group(2) else f"{f.until_year}年"
    return f"该表述{when}以后已被取代，本文年份为{year}年"


def _variant_hits(ctx: Context, data: FormulationData, scan: Scan) -> Iterator[Hit]:
    """Masked, changed or shortened formulations, the leader's name left out at first mention,
    and congress numbers written with converted digits: see `formulation_variants`."""
    from rcheck.rules.formulation_variants import digit_sessions, dropped_leader, find_variants

    text = scan.text
    canonicals = tuple(dict.fromkeys(f.canonical.translate(PARENS) for f in data.entries))
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
        severe = all(LEADER in c for c in readings) and LEADER not in got
        shown = "”或“".join(inner_quotes(c) for c in readings)
        hits.append(Hit(v.start, v.end, f"规范表述应为“{shown}”（此处为“{inner_quotes(got)}”，{how}）。",
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
    if start == 0 or not is_han(text[start - 1]):
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


def check_formulation(ctx: Context) -> Iterator[Hit]:
    data = formulation_data(ctx.lexicon)
    scan = scan_of(ctx)
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
        shown = "”或“".join(inner_quotes(c) for c in canonicals)
        message = f"规范表述应为“{shown}”（误作“{inner_quotes(wrong)}”）"
        notes = [data.entries[i].note for i in idxs if data.entries[i].note]
        if notes:
            message += "。" + notes[0].rstrip("。")
        superseded = _superseded_note(f, year)
        if superseded:
            message += "；" + superseded
        message += "。"
        severe = any(LEADER in data.entries[i].canonical and LEADER not in wrong for i in idxs)
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
            message = f"“{inner_quotes(f.canonical)}”已不是现行表述：{superseded}"
            if f.note:
                message += "。" + f.note.rstrip("。")
            yield Hit(start, end, message + "。")
            break


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
