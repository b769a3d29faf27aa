"""Self-contained HTML pages for `rcheck diff` and `rcheck compare`.

One file, nothing fetched: the CSS is inline, there is no script, and every piece of draft
text is escaped. The diff page shows the two versions side by side, one table row per section
pair (moved sections at their new place), deletions struck through in the old column and
insertions marked in the new one; each change's two marks share a `data-change` id.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from rcheck.formats.diff_text import STATUS_LABEL, TEMPLATE_LABEL

if TYPE_CHECKING:
    from rcheck.compare import CompareResult
    from rcheck.diff import Change, DiffResult, SectionDiff, TemplateDiff

_CSS = """
:root { color-scheme: light; }
body { margin: 0; padding: 1rem 1.5rem 3rem; color: #1f2328; background: #fff; line-height: 1.75;
  font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
h1 { font-size: 1.4rem; margin: .2rem 0 .4rem; }
h2 { font-size: 1.1rem; margin: 1.4rem 0 .4rem; }
.en { color: #57606a; font-weight: normal; font-size: .85em; }
code { font-family: ui-monospace, "Noto Sans Mono CJK SC", monospace; font-size: .9em; }
.files, .summary { margin: .2rem 0; }
table { border-collapse: collapse; }
table.facts td, table.facts th { border: 1px solid #d0d7de; padding: .25rem .6rem; text-align: left; }
table.sbs { width: 100%; table-layout: fixed; margin-top: 1rem; }
table.sbs th { position: sticky; top: 0; background: #f6f8fa; text-align: left;
  padding: .4rem .75rem; border-bottom: 2px solid #d0d7de; }
table.sbs td { width: 50%; vertical-align: top; padding: .5rem .75rem; border-top: 1px solid #d0d7de;
  overflow-wrap: anywhere; }
table.sbs td.old { border-right: 1px solid #d0d7de; }
.text { white-space: pre-wrap; }
.tag { display: inline-block; font-size: .78rem; padding: 0 .45rem; border-radius: .6rem;
  background: #eaeef2; color: #24292f; margin-bottom: .2rem; }
tr[data-status="changed"] .tag { background: #fff8c5; }
tr[data-status="renamed"] .tag, tr[data-status="moved"] .tag { background: #ddf4ff; }
tr[data-status="added"] .tag { background: #dafbe1; }
tr[data-status="removed"] .tag { background: #ffebe9; }
tr[data-status="same"] .text { color: #57606a; }
.none { color: #8c959f; font-style: italic; }
del { background: #ffcecb; color: #82071e; text-decoration: line-through; }
ins { background: #aceebb; color: #0a3622; text-decoration: none; }
.gap { display: inline-block; width: 0; border-left: 2px solid #cf222e; height: 1.1em;
  vertical-align: text-bottom; }
.only { background: #fff8c5; }
.missing { color: #cf222e; }
"""


def _page(title: str, body: list[str]) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def _marked(text: str, start: int, end: int, spans: list[tuple[int, int, str, str]]) -> str:
    """text[start:end] escaped, with each (s, e, tag, id) span wrapped in <tag data-change=id>;
    an empty span becomes a thin caret showing where the other version has text."""
    out: list[str] = []
    at = start
    for s, e, tag, cid in sorted(spans):
        s, e = max(s, at), min(e, end)
        if s > end:
            break
        out.append(escape(text[at:s]))
        if e > s:
            out.append(f'<{tag} data-change="{cid}">{escape(text[s:e])}</{tag}>')
        else:
            out.append(f'<span class="gap" data-change="{cid}" title="此处有改动"></span>')
        at = max(at, e)
    out.append(escape(text[at:end]))
    return "".join(out).rstrip("\n")


def _cells(s: SectionDiff, index: int, old_text: str, new_text: str) -> tuple[str, str]:
    old_spans: list[tuple[int, int, str, str]] = []
    new_spans: list[tuple[int, int, str, str]] = []
    for k, c in enumerate(s.changes):
        cid = f"s{index}c{k}"
        if s.old_start is not None:
            old_spans.append((c.old_start, c.old_end, "del", cid))
        if s.new_start is not None:
            new_spans.append((c.new_start, c.new_end, "ins", cid))
    old = ('<div class="none">（旧版无此部分 not in old）</div>' if s.old_start is None else
           f'<div class="text">{_marked(old_text, s.old_start, s.old_end, old_spans)}</div>')
    new = ('<div class="none">（新版无此部分 not in new）</div>' if s.new_start is None else
           f'<div class="text">{_marked(new_text, s.new_start, s.new_end, new_spans)}</div>')
    return old, new


def _tag(s: SectionDiff) -> str:
    label = STATUS_LABEL[s.status]
    if s.status == "moved" and s.renamed:
        label += "，并更名 renamed"
    if s.status not in ("same", "added", "removed"):
        label += f" · {s.score:.2f}"
    return f'<span class="tag">{escape(label)}</span>'


def render_diff_html(result: DiffResult) -> str:
    c = result.counts()
    body = [
        '<header><h1>文稿比较 <span class="en">Diff</span></h1>',
        f'<p class="files">旧版 old: <code class="old-name">{escape(result.old)}</code> → '
        f'新版 new: <code class="new-name">{escape(result.new)}</code>'
        f'（报告类型 kind: {escape(result.kind)}）</p>',
        f'<p class="summary">共 {c["changes"]} 处改动：改动 {c["changed"]} 节，更名 {c["renamed"]} 节，'
        f'移动 {c["moved"]} 节，新增 {c["added"]} 节，删除 {c["removed"]} 节 '
        f'<span class="en">{c["changes"]} change(s)</span></p></header>',
    ]
    if result.metrics:
        body.append('<h2>指标变化 <span class="en">Changed metrics</span></h2>')
        body.append('<table class="facts" id="metrics"><tr><th>指标 subject</th><th>旧 old</th>'
                    '<th>新 new</th><th>所在部分 section</th></tr>')
        for m in result.metrics:
            body.append(f"<tr><td>{escape(m.subject or '—')}</td><td>{escape(m.old)}</td>"
                        f"<td>{escape(m.new)}</td><td>{escape(m.section or '')}</td></tr>")
        body.append("</table>")
    elif not result.metrics_checked:
        body.append('<p class="en">指标未比较（指标提取模块未安装） / metrics not compared.</p>')
    if result.introduced or result.resolved:
        body.append('<h2>占位符 <span class="en">Placeholders</span></h2>'
                    '<table class="facts" id="placeholders"><tr><th></th><th>占位符</th>'
                    '<th>位置 line</th><th>说明 message</th></tr>')
        for p in result.introduced:
            body.append(f'<tr class="introduced"><td>新增 introduced</td><td>{escape(p.text)}</td>'
                        f"<td>新 {p.line}:{p.column}</td><td>{escape(p.message)}</td></tr>")
        for p in result.resolved:
            filled = f" → {escape(p.filled_with)}" if p.filled_with else ""
            body.append(f'<tr class="resolved"><td>已填写 resolved</td><td>{escape(p.text)}{filled}'
                        f"</td><td>旧 {p.line}:{p.column}</td><td>{escape(p.message)}</td></tr>")
        body.append("</table>")
    if result.missing_required:
        names = "；".join(escape(m.name) for m in result.missing_required)
        body.append(f'<p class="missing" id="missing">仍缺少的必备部分 '
                    f'<span class="en">required sections missing</span>：{names}</p>')
    body.append('<table class="sbs" id="diff"><colgroup><col class="old"><col class="new"></colgroup>'
                f'<thead><tr><th>旧版 old: {escape(result.old)}</th>'
                f'<th>新版 new: {escape(result.new)}</th></tr></thead><tbody>')
    for i, s in enumerate(result.sections):
        old, new = _cells(s, i, result.old_doc.text, result.new_doc.text)
        body.append(f'<tr class="sec" id="s{i}" data-status="{s.status}">'
                    f'<td class="old">{_tag(s)}{old}</td><td class="new">{_tag(s)}{new}</td></tr>')
    body.append("</tbody></table>")
    return _page(f"rcheck diff: {result.old} → {result.new}", body)


def render_template_html(result: TemplateDiff) -> str:
    body = [
        '<header><h1>对照模板 <span class="en">Draft against template</span></h1>',
        f'<p class="files"><code>{escape(result.path)}</code>：{escape(result.kind)} '
        f'[{escape(result.template)}]（{escape(result.reason)}）</p></header>',
        '<table class="facts" id="template"><tr><th>部分 section</th><th>必备 required</th>'
        '<th>状态 status</th><th>标题 heading</th><th>行 line</th><th>得分 score</th></tr>',
    ]
    for s in result.sections:
        score = f"{s.score:.2f}" if s.score is not None else ""
        body.append(f'<tr data-status="{s.status}"><td>{escape(s.name)}</td>'
                    f"<td>{'是' if s.required else '否'}</td>"
                    f"<td>{escape(TEMPLATE_LABEL[s.status])}</td><td>{escape(s.heading or '')}</td>"
                    f"<td>{s.line or ''}</td><td>{score}</td></tr>")
    body.append("</table>")
    if result.extra:
        body.append('<h2>模板之外的部分 <span class="en">Other sections</span></h2><ul>')
        body.extend(f"<li>第{e.line}行 {escape(e.heading)}</li>" for e in result.extra)
        body.append("</ul>")
    return _page(f"rcheck diff --template: {result.path}", body)


def _passage_cells(a: str, b: str) -> tuple[str, str]:
    """The two passages with the words that differ marked."""
    from rcheck.diff import word_diff

    changes: list[Change] = word_diff(a, b)
    return (_marked(a, 0, len(a), [(c.old_start, c.old_end, "span", str(k))
                                   for k, c in enumerate(changes)]).replace(
                "<span data-change", '<span class="only" data-change'),
            _marked(b, 0, len(b), [(c.new_start, c.new_end, "span", str(k))
                                   for k, c in enumerate(changes)]).replace(
                "<span data-change", '<span class="only" data-change'))


def render_compare_html(result: CompareResult) -> str:
    drafts = [f for f in result.files if not f.get("corpus")]
    body = [
        '<header><h1>相同段落 <span class="en">Shared passages</span></h1>',
        f'<p class="summary">{len(drafts)} 个文件，{len(result.pairs)} 对文稿有相同段落 '
        f'<span class="en">{len(result.pairs)} pair(s) share passages</span>（相似度阈值 '
        f'threshold {result.threshold}，至少 {result.min_chars} 字）</p></header>',
    ]
    if result.matrix is not None and len(drafts) > 1:
        body.append('<h2>相似度矩阵 <span class="en">Similarity matrix</span></h2>'
                    '<table class="facts" id="matrix"><tr><th></th>'
                    + "".join(f"<th>{j + 1}</th>" for j in range(len(drafts))) + "</tr>")
        for i, row in enumerate(result.matrix):
            cells = "".join("<td>—</td>" if i == j else f"<td>{v:.2f}</td>"
                            for j, v in enumerate(row))
            body.append(f"<tr><th>{i + 1} {escape(drafts[i]['path'])}</th>{cells}</tr>")
        body.append("</table>")
    for k, pair in enumerate(result.pairs):
        body.append(f'<h2 id="p{k}">{escape(pair.a)} ↔ {escape(pair.b)} '
                    f'<span class="en">相似度 similarity {pair.similarity:.3f}</span></h2>'
                    '<table class="sbs"><thead><tr>'
                    f"<th>{escape(pair.a)}</th><th>{escape(pair.b)}</th></tr></thead><tbody>")
        for p in pair.passages:
            a, b = _passage_cells(p.text, p.b_text)
            body.append(f'<tr><td class="old"><span class="tag">第{p.a_line}行 · {p.similarity:.2f}'
                        f'</span><div class="text">{a}</div></td><td class="new"><span class="tag">'
                        f'第{p.b_line}行</span><div class="text">{b}</div></td></tr>')
        body.append("</tbody></table>")
    return _page("rcheck compare", body)
