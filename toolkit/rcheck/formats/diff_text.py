"""Human output of `rcheck diff` and `rcheck compare`: changes in place, like `git diff
--word-diff` (`[-18-]{+22+}`), coloured on a terminal; Chinese labels with English beside."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from rcheck.formats.color import GREEN, RED, paint

if TYPE_CHECKING:
    from rcheck.compare import CompareResult
    from rcheck.diff import Change, DiffResult, SectionDiff, TemplateDiff

STATUS_LABEL = {
    "same": "相同 same", "changed": "改动 changed", "renamed": "更名 renamed",
    "moved": "移动 moved", "added": "新增 added", "removed": "删除 removed",
}
TEMPLATE_LABEL = {
    "present": "有 present", "implicit": "隐含 implicit", "missing": "缺 missing",
    "out_of_order": "顺序不对 out of order",
}
_SHOWN = 60  # characters of a long insertion or deletion shown in text output
_AROUND = 12  # characters of context each side of a change


def _flat(text: str) -> str:
    return text.replace("\n", "⏎").replace("\t", " ")


def _cut(text: str, limit: int = _SHOWN) -> str:
    text = _flat(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _heading(s: SectionDiff) -> str:
    if s.part == "preamble":
        return "（标题和开头 title and opening）"
    if s.part == "closing":
        return "（结尾和落款 closing and signature）"
    if s.status == "renamed" or (s.renamed and s.old_heading != s.new_heading):
        return f"{s.old_heading} → {s.new_heading}"
    return s.new_heading or s.old_heading or ""


def _change_line(c: Change, new_text: str, position: tuple[int, int], color: bool) -> str:
    before = _flat(new_text[max(0, c.new_start - _AROUND):c.new_start])
    after = _flat(new_text[c.new_end:c.new_end + _AROUND])
    parts = []
    if c.old:
        parts.append(paint(f"[-{_cut(c.old)}-]", RED, color))
    if c.new:
        parts.append(paint(f"{{+{_cut(c.new)}+}}", GREEN, color))
    line, col = position
    return f"    {line}:{col}  …{before}{''.join(parts)}{after}…"


def render_diff_text(result: DiffResult, *, color: bool = False) -> str:
    new_doc = result.new_doc
    out = [paint(f"--- {result.old}", "1", color), paint(f"+++ {result.new}", "1", color),
           f"报告类型 (kind): {result.kind}", ""]
    for s in result.sections:
        if s.status == "same":
            continue
        tag = paint(f"[{STATUS_LABEL[s.status]}]", "33", color)
        where = []
        if s.old_line is not None:
            where.append(f"旧 old 第{s.old_line}行")
        if s.new_line is not None:
            where.append(f"新 new 第{s.new_line}行")
        extra = []
        if s.status == "moved" and s.renamed:
            extra.append("并更名 also renamed")
        if s.status in ("moved", "renamed") and s.changes:
            extra.append(f"{len(s.changes)} 处改动 change(s)")
        trail = f"（{' → '.join(where)}{'；' + '；'.join(extra) if extra else ''}）"
        path = " › ".join([*s.parents, ""]) if s.parents else ""
        out.append(f"{tag} {path}{_heading(s)}  {trail}")
        if s.status in ("added", "removed"):
            body = s.changes[0].new or s.changes[0].old if s.changes else ""
            mark = "{+" if s.status == "added" else "[-"
            end = "+}" if s.status == "added" else "-]"
            out.append("    " + paint(f"{mark}{_cut(body, 80)}{end}",
                                       "32" if s.status == "added" else RED, color))
            continue
        for c in s.changes:
            # Positions are in NEW, where the reader fixes things; a deletion is the point
            # where its text was.
            out.append(_change_line(c, new_doc.text, new_doc.position(c.new_start), color))
    if len(out) == 4:
        out.append("两个版本相同 / the two versions are identical")
    out.append("")
    if result.metrics:
        out.append(paint("指标变化 (changed metrics):", "1", color))
        width = max(_width(m.subject or "—") for m in result.metrics)
        for m in result.metrics:
            subject = m.subject or "—"
            pad = " " * (width - _width(subject))
            out.append(f"    {subject}{pad}  {m.old} → {m.new}")
    elif not result.metrics_checked:
        out.append("指标变化：未比较（指标提取模块未安装） / changed metrics: not compared "
                   "(rcheck.extract is not installed)")
    if result.introduced or result.resolved:
        out.append(paint("占位符 (placeholders):", "1", color))
        for p in result.introduced:
            out.append(f"    {paint('新增 introduced', RED, color)} {p.line}:{p.column} "
                       f"“{p.text}” {p.message}")
        for p in result.resolved:
            filled = f" → “{p.filled_with}”" if p.filled_with else ""
            out.append(f"    {paint('已填写 resolved', GREEN, color)} {p.line}:{p.column} "
                       f"“{p.text}”{filled}（旧版 old: {p.message}）")
    if result.missing_required:
        names = "；".join(m.name + ("（旧版也缺 also missing in old）" if m.missing_in_old else "")
                         for m in result.missing_required)
        out.append(paint("仍缺少的必备部分 (required sections missing in new): ", "1", color)
                   + names)
    c = result.counts()
    out.append(
        f"共 {c['changes']} 处改动：改动 {c['changed']} 节，更名 {c['renamed']} 节，移动 {c['moved']} 节，"
        f"新增 {c['added']} 节，删除 {c['removed']} 节 / {c['changes']} change(s); sections: "
        f"{c['changed']} changed, {c['renamed']} renamed, {c['moved']} moved, {c['added']} added, "
        f"{c['removed']} removed")
    return "\n".join(out) + "\n"


def render_template_text(result: TemplateDiff, *, color: bool = False) -> str:
    out = [f"{result.path}: 报告类型 (kind): {result.kind} [{result.template}]（{result.reason}）"]
    for s in result.sections:
        label = TEMPLATE_LABEL[s.status]
        code = {"present": "32", "implicit": "36", "missing": "31", "out_of_order": "33"}[s.status]
        need = "必备 required" if s.required else "可选 optional"
        line = f"    {paint(f'[{label}]', code, color)} {s.name} ({s.key}, {need})"
        if s.heading is not None:
            score = f" {s.score:.2f}" if s.score is not None else ""
            line += f"  第{s.line}行 “{_cut(s.heading, 40)}”{score}"
        out.append(line)
    if result.extra:
        out.append("模板之外的部分 (sections the template does not name):")
        for e in result.extra:
            out.append(f"    第{e.line}行 {e.heading}")
    missing = result.missing_required
    if missing and result.cut_lines:
        lines = "、".join(str(n) for n in result.cut_lines)
        out.append(f"第 {lines} 行有网页截断（此处隐藏…），缺少的部分可能在被隐藏的内容中 / "
                   "text was cut by a web page there: a missing section may be in it")
    order = [s for s in result.sections if s.status == "out_of_order"]
    out.append(f"缺少必备部分 {len(missing)} 个，顺序不对 {len(order)} 个 / "
               f"{len(missing)} required section(s) missing, {len(order)} out of order")
    return "\n".join(out) + "\n"


def render_compare_text(result: CompareResult, *, color: bool = False,
                        matrix_limit: int = 30, unreadable: int = 0) -> str:
    out: list[str] = []
    for pair in result.pairs:
        corpus = "（语料 corpus）" if pair.b_in_corpus else ""
        head = f"{pair.a} ↔ {pair.b}{corpus}"
        out.append(f"{paint(head, '1', color)}  相似度 similarity {pair.similarity:.3f}，"
                   f"{len(pair.passages)} 处相同段落 passage(s)")
        for p in pair.passages:
            out.append(f"    {pair.a}:{p.a_line}  {pair.b}:{p.b_line}  "
                       f"（相似度 {p.similarity:.3f}，{p.length} 字 chars）")
            out.append("      " + paint(f"“{_cut(p.text, 90)}”", "36", color))
    drafts = [f for f in result.files if not f.get("corpus")]
    if result.matrix is not None and 1 < len(drafts) <= matrix_limit:
        out.append("")
        out.append(paint("相似度矩阵 (similarity matrix):", "1", color))
        n = len(drafts)
        out.append("      " + "".join(f"{j + 1:>6}" for j in range(n)))
        for i, row in enumerate(result.matrix):
            cells = "".join(f"{'—':>6}" if i == j else f"{v:6.2f}" for j, v in enumerate(row))
            out.append(f"  {i + 1:>3} {cells}  {drafts[i]['path']}")
    if result.corpus:
        c = result.corpus
        out.append(f"语料 corpus {c['path']}: {c['files']} 个文件 files（复用 reused {c['reused']}，"
                   f"新建索引 indexed {c['indexed']}）")
    n_pass = sum(len(p.passages) for p in result.pairs)
    from rcheck.formats.text import unchecked_note

    zh, en = unchecked_note(unreadable, 0)
    if result.pairs:
        out.append(f"共 {len(result.pairs)} 对文稿有相同段落，{n_pass} 处{zh} / {len(result.pairs)} "
                   f"pair(s) share {n_pass} passage(s); {len(drafts)} file(s) compared{en}")
    elif zh:
        out.append(f"已比较的 {len(drafts)} 个文件中没有相同段落{zh} / no shared passages in the "
                   f"{len(drafts)} file(s) compared{en}")
    else:
        out.append(f"未发现相同段落，{len(drafts)} 个文件 / no shared passages in "
                   f"{len(drafts)} file(s)")
    return "\n".join(out) + "\n"
