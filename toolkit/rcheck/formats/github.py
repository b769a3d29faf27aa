"""GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding."""

from __future__ import annotations

from rcheck.formats import FileResult

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(results: list[FileResult]) -> str:
    out = []
    for r in results:
        for f in r.findings:
            props = (f"file={_prop(r.path)},line={f.line},col={f.column},"
                     f"endLine={f.end_line},endColumn={f.end_column},"
                     f"title={_prop(f'{f.code} {f.rule}')}")
            out.append(f"::{_LEVEL[f.severity]} {props}::{_data(f'{f.code} {f.message}')}")
    return "\n".join(out) + ("\n" if out else "")
