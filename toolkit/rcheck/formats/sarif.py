"""SARIF 2.1.0 for code-scanning tools. Columns are Unicode code points, and say so."""

from __future__ import annotations

import json
from pathlib import Path

from rcheck import __version__
from rcheck.formats import FileResult
from rcheck.rules import all_rules

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _uri(path: str) -> str:
    if path.startswith("<"):
        return "stdin"
    p = Path(path)
    return p.as_posix() if not p.is_absolute() else p.as_uri()


_PRECISION = {"sure": "very-high", "likely": "high", "hint": "medium"}


def sarif_log(results: list[FileResult]) -> dict:
    rules = all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    descriptors = [{
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": f"{r.title} ({r.summary})"},
        "fullDescription": {"text": r.doc},
        "help": {
            "text": f"{r.doc}\n错误示例：{r.bad}\n正确示例：{r.good}",
            "markdown": f"{r.doc}\n\n错误示例：`{r.bad}`\n\n正确示例：`{r.good}`",
        },
        "defaultConfiguration": {"level": _LEVEL[r.severity], "enabled": r.default},
        # GitHub code scanning reads `precision` to rank alerts (very-high, high, medium, low).
        "properties": {"precision": _PRECISION[r.precision]},
    } for r in rules]
    from rcheck.fixes.baseline import fingerprint

    sarif_results = []
    for fr in results:
        listed = [(f, None) for f in fr.findings] + list(fr.suppressed)
        listed.sort(key=lambda item: (item[0].start, item[0].code))
        for f, suppression in listed:
            result = {
                "ruleId": f.code,
                "ruleIndex": index[f.code],
                "level": _LEVEL[f.severity],
                "message": {"text": f"{f.message} [{f.rule}]"},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": _uri(fr.path)},
                    "region": {
                        "startLine": f.line, "startColumn": f.column,
                        "endLine": f.end_line, "endColumn": f.end_column,
                        "charOffset": f.start, "charLength": f.end - f.start,
                        "snippet": {"text": f.excerpt},
                    },
                }}],
            }
            if fr.text is not None:
                # The baseline's fingerprint: code scanning follows an alert as lines move.
                result["partialFingerprints"] = {"rcheck/v1": fingerprint(f, fr.text)}
            if suppression is not None:
                result["suppressions"] = [{"kind": suppression}]
            if f.fix is not None:
                result["fixes"] = [{
                    "description": {"text": "建议修改" if f.fix.applicability == "safe"
                                    else "建议修改（需人工确认 / unsafe）"},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": _uri(fr.path)},
                        "replacements": [{
                            "deletedRegion": {"charOffset": e.start, "charLength": e.end - e.start},
                            "insertedContent": {"text": e.content},
                        } for e in f.fix.edits],
                    }],
                    "properties": {"applicability": f.fix.applicability},
                }]
            sarif_results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "rcheck",
                "version": __version__,
                "informationUri": "https://pypi.org/project/rcheck/",
                "rules": descriptors,
            }},
            "columnKind": "unicodeCodePoints",
            "results": sarif_results,
        }],
    }


def render_sarif(results: list[FileResult]) -> str:
    return json.dumps(sarif_log(results), ensure_ascii=False, indent=2) + "\n"
