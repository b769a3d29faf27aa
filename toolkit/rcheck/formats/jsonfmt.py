"""Machine output: one object, `"version": 1`, a `files` list; schema in `schemas/`."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import fields

from ..finding import Finding
from . import FileResult

JSON_VERSION = 1
_FIELDS = tuple(f.name for f in fields(Finding))


def _finding(f: Finding) -> dict:
    # The fields are plain values: no need for `asdict`, which deep-copies each one (half the
    # time of writing a large report).
    return {name: getattr(f, name) for name in _FIELDS}


def lint_payload(results: list[FileResult]) -> dict:
    by_code: Counter[str] = Counter()
    files = []
    for r in results:
        by_code.update(f.code for f in r.findings)
        files.append({"path": r.path, "kind": r.kind,
                      "findings": [_finding(f) for f in r.findings]})
    return {
        "version": JSON_VERSION,
        "files": files,
        "summary": {"files": len(results), "findings": sum(by_code.values()),
                    "by_code": dict(sorted(by_code.items()))},
    }


def render_json(results: list[FileResult]) -> str:
    return json.dumps(lint_payload(results), ensure_ascii=False, indent=2) + "\n"
