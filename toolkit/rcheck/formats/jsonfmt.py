"""Machine output: one object, `"version": 1`, a `files` list; schema in `schemas/`."""

from __future__ import annotations

import json
from collections import Counter

from rcheck.formats import FileResult

JSON_VERSION = 1


def lint_payload(results: list[FileResult]) -> dict:
    by_code: Counter[str] = Counter()
    files = []
    for r in results:
        by_code.update(f.code for f in r.findings)
        files.append({"path": r.path, "kind": r.kind,
                      "findings": [f.to_dict() for f in r.findings]})
    return {
        "version": JSON_VERSION,
        "files": files,
        "summary": {"files": len(results), "findings": sum(by_code.values()),
                    "by_code": dict(sorted(by_code.items()))},
    }


def render_json(results: list[FileResult]) -> str:
    return json.dumps(lint_payload(results), ensure_ascii=False, indent=2) + "\n"
