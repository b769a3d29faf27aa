"""Writers for `rcheck extract`: JSON (version 1), CSV (one row per item) and Markdown tables."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from rcheck.extract import Extraction
from rcheck.extract.types import Commitment, Metric
from rcheck.formats import EXTRACT_FORMATS  # noqa: F401  (the names are defined with the other commands')
from rcheck.text.document import Document

_CSV_COLUMNS = ["path", "type", "line", "column", "text", "value", "unit", "scale", "approx",
                "qualifier", "subject", "placeholder", "action", "target", "lead", "co", "cadence",
                "deadline", "section"]


def render_extraction(results: Sequence[tuple[Document, Extraction]], fmt: str = "json") -> str:
    if fmt == "json":
        files = [{"path": doc.path, "metrics": [_with_position(doc, m.to_dict(), m.start) for m in r.metrics],
                  "commitments": [_with_position(doc, c.to_dict(), c.start) for c in r.commitments]}
                 for doc, r in results]
        return json.dumps({"version": 1, "files": files}, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        return _csv(results)
    if fmt == "markdown":
        return _markdown(results)
    raise ValueError(f"unknown format {fmt!r}")


def _with_position(doc: Document, item: dict, start: int) -> dict:
    item["line"], item["column"] = doc.position(start)
    return item


def _target(c: Commitment) -> str:
    return c.target.quantity if c.target else ""


def _value(m: Metric) -> str:
    return "" if m.value is None else str(m.value)


def _csv(results: Sequence[tuple[Document, Extraction]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(_CSV_COLUMNS)
    for doc, r in results:
        for m in r.metrics:
            line, col = doc.position(m.start)
            writer.writerow([doc.path, "metric", line, col, m.quantity, _value(m), m.unit or "",
                             m.scale or "", m.approx or "", m.qualifier or "", m.subject or "",
                             str(m.placeholder).lower(),
                             "", "", "", "", "", "", ""])
        for c in r.commitments:
            line, col = doc.position(c.start)
            writer.writerow([doc.path, "commitment", line, col, c.text, "", "", "", "", "", "", "",
                             c.action, _target(c), "、".join(c.lead), "、".join(c.co), c.cadence or "",
                             c.deadline or "", c.section or ""])
    return buf.getvalue()


def _cell(text: str | None, limit: int = 60) -> str:
    text = (text or "").replace("|", "\\|").replace("\n", " ")
    return text if len(text) <= limit else text[:limit] + "…"


def _markdown(results: Sequence[tuple[Document, Extraction]]) -> str:
    out: list[str] = []
    for doc, r in results:
        out.append(f"## {doc.path}\n")
        out.append(f"### 指标 (metrics): {len(r.metrics)}\n")
        out.append("| 行 | 数量 | 数值 | 单位 | 量级 | 约数 | 限定 | 统计对象 |")
        out.append("| --- | --- | --- | --- | --- | --- | --- | --- |")
        for m in r.metrics:
            value = "待填" if m.placeholder else _value(m)
            out.append(f"| {doc.position(m.start)[0]} | {_cell(m.quantity)} | {value} | {m.unit or ''} | "
                       f"{m.scale or ''} | {m.approx or ''} | {m.qualifier or ''} | {_cell(m.subject)} |")
        out.append("")
        out.append(f"### 承诺 (commitments): {len(r.commitments)}\n")
        out.append("| 行 | 举措 | 目标 | 牵头单位 | 配合单位 | 频次 | 时限 |")
        out.append("| --- | --- | --- | --- | --- | --- | --- |")
        for c in r.commitments:
            out.append(f"| {doc.position(c.start)[0]} | {_cell(c.action, 40)} | {_target(c)} | "
                       f"{_cell('、'.join(c.lead))} | {_cell('、'.join(c.co))} | {c.cadence or ''} | "
                       f"{_cell(c.deadline)} |")
        out.append("")
    return "\n".join(out)
