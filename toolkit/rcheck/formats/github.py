"""GitHub Actions: workflow-command annotations, and a Markdown table for the step summary.

GitHub shows at most 10 annotations of each level per step and drops the rest silently, so
the most severe findings are emitted first, at most `PER_LEVEL` of each level, and a plain line
says how many more there are; the step summary (under GitHub's 1 MiB) lists every finding.
"""

from __future__ import annotations

from rcheck.finding import Finding, severity_rank
from rcheck.formats import FileResult, suggestion_text

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
PER_LEVEL = 10
SUMMARY_MAX_BYTES = 1024 * 1024 - 4096  # GitHub refuses a step summary over 1 MiB; keep a margin


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def _annotation(path: str, f: Finding) -> str:
    props = (f"file={_prop(path)},line={f.line},col={f.column},"
             f"endLine={f.end_line},endColumn={f.end_column},"
             f"title={_prop(f'{f.code} {f.rule}')}")
    message = f"{f.code} {f.message}"
    if suggested := suggestion_text(f):
        message += "\n" + suggested  # an annotation shows its second line under the first
    return f"::{_LEVEL[f.severity]} {props}::{_data(message)}"


def _ordered(results: list[FileResult]) -> list[tuple[str, Finding]]:
    """Most severe first; within a level in report order (file, then position)."""
    pairs = [(r.path, f) for r in results for f in r.findings]
    return sorted(pairs, key=lambda p: -severity_rank(p[1].severity))  # stable: keeps report order


def render_github(results: list[FileResult], per_level: int = PER_LEVEL) -> str:
    out: list[str] = []
    shown: dict[str, int] = {}
    left: dict[str, int] = {}
    for path, f in _ordered(results):
        if shown.get(f.severity, 0) < per_level:
            shown[f.severity] = shown.get(f.severity, 0) + 1
            out.append(_annotation(path, f))
        else:
            left[f.severity] = left.get(f.severity, 0) + 1
    if left:
        levels = sorted(left, key=lambda s: -severity_rank(s))
        counts = "，".join(f"{_LEVEL[s]} {left[s]}" for s in levels)
        total = sum(left.values())
        out.append(f"rcheck: 另有 {total} 个问题未作为注释显示（{counts}；GitHub 每级最多显示 "
                   f"{per_level} 条），完整列表见步骤摘要或 --format json / "
                   f"{total} more finding(s) not annotated")
    return "\n".join(out) + ("\n" if out else "")


def _cell(text: str) -> str:
    return (text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")
            .replace("<", "&lt;").replace(">", "&gt;"))


def render_step_summary(results: list[FileResult], max_bytes: int = SUMMARY_MAX_BYTES) -> str:
    """Markdown for `$GITHUB_STEP_SUMMARY`: a count by level and a table of every finding, most
    severe first, cut before `max_bytes` (UTF-8) with a line saying how many rows were left out."""
    pairs = _ordered(results)
    by_level = {s: sum(1 for _, f in pairs if f.severity == s) for s in ("error", "warning", "info")}
    head = (f"### rcheck：{len(pairs)} 个问题，{len(results)} 个文件 / {len(pairs)} finding(s)\n\n"
            f"错误 error {by_level['error']} · 警告 warning {by_level['warning']} · "
            f"提示 info {by_level['info']}\n\n")
    if not pairs:
        return head
    head += ("| 文件 file | 行 line | 级别 severity | 代码 code | 说明 message |\n"
             "| --- | --- | --- | --- | --- |\n")
    parts = [head]
    size = len(head.encode("utf-8"))
    reserve = 200  # room for the closing line
    for i, (path, f) in enumerate(pairs):
        message = f.message + (f"；{suggested}" if (suggested := suggestion_text(f)) else "")
        row = f"| {_cell(path)} | {f.line} | {f.severity} | {f.code} | {_cell(message)} |\n"
        n = len(row.encode("utf-8"))
        if size + n + reserve > max_bytes:
            rest = len(pairs) - i
            parts.append(f"\n还有 {rest} 个问题未列出（摘要不能超过 1 MiB），完整列表请用 --format json / "
                         f"{rest} more finding(s) not listed\n")
            break
        parts.append(row)
        size += n
    return "".join(parts)
