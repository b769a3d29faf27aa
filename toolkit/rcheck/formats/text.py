"""Human output, like a compiler: `path:line:col: CODE [name] message`, the line, a marker."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterator

from rcheck.finding import Finding
from rcheck.formats import FileResult, suggestion_text
from rcheck.formats.color import paint

_COLORS = {"error": "31", "warning": "33", "info": "36"}
_SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def unchecked_note(unreadable: int, skipped: int) -> tuple[str, str]:
    """The summary's note of inputs not checked, in Chinese and in English."""
    zh = en = ""
    if unreadable:
        zh += f"；{unreadable} 个文件无法读取"
        en += f"; {unreadable} file(s) could not be read"
    if skipped:
        zh += f"；{skipped} 个文件未检查（需另存为 .docx）"
        en += f"; {skipped} file(s) skipped (not .txt/.md/.docx)"
    return zh, en


_BEFORE = 30  # characters of context shown before a finding
_SHOWN = 70  # characters shown in all


def _line_starts(text: str) -> list[int]:
    starts = [0]
    i = text.find("\n")
    while i != -1:
        starts.append(i + 1)
        i = text.find("\n", i + 1)
    return starts


def _excerpt(text: str, starts: list[int], f: Finding) -> tuple[str, int, int]:
    """The shown part of the finding's line, and the width before and of the carets under it.

    Only a window around the finding is sliced: a draft may be one line of megabytes, and
    copying the line for each finding made output quadratic."""
    begin = starts[f.line - 1]
    length = (starts[f.line] - 1 if f.line < len(starts) else len(text)) - begin
    shown_from = max(0, f.column - 1 - _BEFORE)
    shown_to = min(length, shown_from + _SHOWN)
    line = text[begin + shown_from:begin + shown_to].replace("\t", " ")
    prefix = "…" if shown_from else ""
    col = f.column - 1 - shown_from  # the finding's column within `line`
    span_end = (f.end_column - 1 if f.end_line == f.line else length) - shown_from
    lead = _width(prefix + line[:col])
    # The carets end with the shown text even when the span runs on past it.
    mark = max(1, _width(line[col:max(span_end, col + 1)]))
    return prefix + line, lead, mark


def render_text(results: list[FileResult], *, color: bool = False, unreadable: int = 0,
                skipped: int = 0) -> str:
    return "".join(iter_text(results, color=color, unreadable=unreadable, skipped=skipped))


def iter_text(results: list[FileResult], *, color: bool = False, unreadable: int = 0,
              skipped: int = 0) -> Iterator[str]:
    """The text report in pieces of `_CHUNK_FINDINGS` findings: a report of a large draft is
    written as it is made, never held whole (with its UTF-8 copy, twice the report)."""
    out: list[str] = []
    size = 0
    counts: Counter[str] = Counter()
    for result in results:
        starts = _line_starts(result.text) if result.text is not None else []
        for f in result.findings:
            counts[f.severity] += 1
            head = f"{result.path}:{f.line}:{f.column}:"
            code = paint(f"{f.code} [{f.rule}]", _COLORS.get(f.severity, "0"), color)
            out.append(f"{paint(head, '1', color)} {code} {f.message}\n")
            if result.text is not None and f.line <= len(starts):
                shown, lead, mark = _excerpt(result.text, starts, f)
                out.append(f"    {shown}\n")
                out.append("    " + " " * lead + paint("^" * mark, "32", color) + "\n")
            if f.suggestion is not None:
                out.append(f"    {suggestion_text(f)}\n")
            size += 1
            if size >= _CHUNK_FINDINGS:
                yield "".join(out)
                out.clear()
                size = 0
    if out:
        yield "".join(out)
    yield _summary(results, counts, unreadable, skipped)


def _summary(results: list[FileResult], counts: Counter[str], unreadable: int, skipped: int) -> str:
    out: list[str] = []
    total = sum(counts.values())
    files = len(results)
    safe = sum(1 for r in results for f in r.findings if f.fix is not None
               and f.fix.applicability == "safe")
    unsafe = sum(1 for r in results for f in r.findings if f.fix is not None) - safe
    zh, en = unchecked_note(unreadable, skipped)
    if total:
        parts = ", ".join(f"{_SEVERITY_ZH[s]} {counts[s]}" for s in ("error", "warning", "info")
                          if counts[s])
        out.append(f"共 {total} 个问题（{parts}），{files} 个文件{zh} / "
                   f"{total} finding(s) in {files} file(s){en}")
        if safe or unsafe:
            more = f"，另有 {unsafe} 个可用 --unsafe 修复" if unsafe else ""
            more_en = f" ({unsafe} more with --unsafe)" if unsafe else ""
            out.append(f"{safe} 个可用 rcheck fix 自动修复{more} / {safe} fixable with "
                       f"`rcheck fix`{more_en}")
    elif zh:  # "no findings" would be read as "all clear" about files never checked
        out.append(f"已检查的 {files} 个文件中没有问题{zh} / no findings in the {files} file(s) "
                   f"checked{en}")
    else:
        out.append(f"未发现问题，{files} 个文件 / no findings in {files} file(s)")
    return "\n".join(out) + "\n"


_CHUNK_FINDINGS = 2000  # findings per piece: a few hundred KB of text
