"""reviewdog's Diagnostic Format, one JSON object a line (`reviewdog -f=rdjsonl`).

reviewdog counts columns in UTF-8 bytes (1-based), rcheck in code points, so each column is
converted from the line's text. A certain suggestion becomes a reviewdog suggestion.
"""

from __future__ import annotations

import json

from rcheck.finding import Finding
from rcheck.formats import FileResult

_SEVERITY = {"error": "ERROR", "warning": "WARNING", "info": "INFO"}
INFO_URL = "https://pypi.org/project/rcheck/"


def _byte_column(lines: list[str], line: int, column: int) -> int:
    if not 1 <= line <= len(lines):
        return column
    return len(lines[line - 1][:column - 1].encode("utf-8")) + 1


def _range(lines: list[str], f: Finding) -> dict[str, dict[str, int]]:
    return {"start": {"line": f.line, "column": _byte_column(lines, f.line, f.column)},
            "end": {"line": f.end_line, "column": _byte_column(lines, f.end_line, f.end_column)}}


def render_rdjsonl(results: list[FileResult]) -> str:
    out = []
    for r in results:
        lines = (r.text or "").split("\n")
        for f in r.findings:
            rng = _range(lines, f)
            item: dict[str, object] = {
                "message": f.message, "location": {"path": r.path, "range": rng},
                "severity": _SEVERITY[f.severity], "source": {"name": "rcheck", "url": INFO_URL},
                "code": {"value": f.code, "url": f"{INFO_URL}#{f.code.lower()}"},
            }
            if f.suggestion is not None:
                item["suggestions"] = [{"range": rng, "text": f.suggestion}]
            out.append(json.dumps(item, ensure_ascii=False))
    return "\n".join(out) + ("\n" if out else "")
