"""Machine output: one object, `"version": 1`, a `files` list; schema in `schemas/`."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator

from rcheck.finding import Finding
from rcheck.formats import FileResult

JSON_VERSION = 1


def lint_payload(results: list[FileResult]) -> dict:
    payload = _envelope(results)
    for entry, r in zip(payload["files"], results, strict=True):
        entry["findings"] = [f.to_dict() for f in r.findings]
    return payload


def _envelope(results: list[FileResult]) -> dict:
    """`lint_payload` with every `findings` list left empty."""
    by_code: Counter[str] = Counter()
    files = []
    hidden = 0
    for r in results:
        by_code.update(f.code for f in r.findings)
        # What an inline comment, a Word comment, allow.toml or the baseline hid, and how
        # (SARIF's kinds: `inSource` in the draft, `external` beside it), as SARIF lists them.
        suppressed = [{**f.to_dict(), "suppression": kind} for f, kind in r.suppressed]
        hidden += len(suppressed)
        files.append({"path": r.path, "kind": r.kind, "suppressed": suppressed, "findings": []})
    return {
        "version": JSON_VERSION,
        "files": files,
        "summary": {"files": len(results), "findings": sum(by_code.values()),
                    "by_code": dict(sorted(by_code.items())), "suppressed": hidden},
    }


_KEY = '"findings": []'
_ITEM = " " * 8  # a finding's indentation in the `indent=2` layout, and its keys' below
_FIELD = " " * 10


_CHUNK_FINDINGS = 2000  # findings per piece of the streamed report


def _iter_findings_json(findings: list[Finding]) -> Iterator[str]:
    """`findings` laid out as `json.dumps(..., indent=2)` lays them out at their depth, in
    pieces of `_CHUNK_FINDINGS`.

    With `indent` set, json encodes in pure Python (most of the time of writing a large
    report); a finding is flat, so the C encoder with a line break in its item separator
    gives the same text."""
    if not findings:
        yield "[]"
        return
    items = []
    for i, finding in enumerate(findings):
        f = finding.to_dict()
        fix = f.pop("fix", None)
        flat = json.dumps(f, ensure_ascii=False, separators=(",\n" + _FIELD, ": "))
        # The fix is the one nested value, laid out by `indent` at its depth (few findings
        # have one, and they are small).
        nested = json.dumps(fix, ensure_ascii=False, indent=2).replace("\n", "\n" + _FIELD)
        flat = flat[:-1] + f',\n{_FIELD}"fix": {nested}}}'
        items.append(f"{_ITEM}{{\n{_FIELD}{flat[1:-1]}\n{_ITEM}}}")
        if len(items) == _CHUNK_FINDINGS:
            yield ("[\n" if i < _CHUNK_FINDINGS else ",\n") + ",\n".join(items)
            items.clear()
    if items:
        yield ("[\n" if len(findings) <= _CHUNK_FINDINGS else ",\n") + ",\n".join(items)
    yield "\n" + " " * 6 + "]"


def render_payload(result: object) -> str:
    """A result with `to_dict()` (diff, diff --template, compare) as indented JSON."""
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"  # type: ignore[attr-defined]


def render_json(results: list[FileResult]) -> str:
    return "".join(iter_json(results))


def iter_json(results: list[FileResult]) -> Iterator[str]:
    """`render_json` in pieces, each file's findings written as they are encoded."""
    # The findings are written below; the key stays last, as in `lint_payload`. Strings are
    # escaped, so the key with its empty list occurs only where each file's is.
    parts = json.dumps(_envelope(results), ensure_ascii=False, indent=2).split(_KEY)
    yield parts[0]
    for result, part in zip(results, parts[1:], strict=True):
        yield '"findings": '
        yield from _iter_findings_json(result.findings)
        yield part
    yield "\n"
