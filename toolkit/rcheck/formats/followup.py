"""Writers for `rcheck compare --follow-up`: text for people, JSON (version 1) for programs."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rcheck.compare.followup import FollowUp
from rcheck.compare.followup_folders import FolderFollowUp
from rcheck.formats.color import GREEN, RED, paint
from rcheck.text.document import Document


def render_followup(report: tuple[Document, Document, Sequence[FollowUp]] | FolderFollowUp,
                    fmt: str = "text", *, color: bool = False) -> str:
    """The follow-ups of `report`: last year's draft, this year's, and the results; or the
    pairs of reports of two folders."""
    if isinstance(report, FolderFollowUp):
        return _render_folders(report, fmt, color)
    earlier, later, results = report
    if fmt == "json":
        items = []
        for r in results:
            item = r.to_dict()
            item["commitment"]["line"] = earlier.position(r.commitment.start)[0]
            if r.start is not None and item["passage"] is not None:
                item["passage"]["line"] = later.position(r.start)[0]
            items.append(item)
        return json.dumps({"version": 1, "earlier": earlier.path, "later": later.path,
                           "followups": items,
                           "summary": {"commitments": len(results),
                                       "missing": sum(r.status == "missing" for r in results)}},
                          ensure_ascii=False, indent=2) + "\n"
    lines = [f"{earlier.path} → {later.path}：上年承诺 {len(results)} 项 / commitments"]
    where = [(earlier.position(r.commitment.start)[0],
              later.position(r.start)[0] if r.start is not None else 0) for r in results]
    lines += _items(earlier.path, later.path, results, where, color)
    missing = sum(r.status == "missing" for r in results)
    lines.append(f"共 {len(results)} 项，{missing} 项在新文稿中没有下文 / "
                 f"{missing} of {len(results)} commitment(s) not followed up")
    return "\n".join(lines) + "\n"


def _render_folders(report: FolderFollowUp, fmt: str, color: bool) -> str:
    if fmt == "json":
        return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    how = {"name": "按名称 by name", "similarity": "按相似度 by similarity", "given": "given"}
    lines: list[str] = []
    for pair in report.pairs:
        sim = f"，相似度 {pair.similarity:.3f}" if pair.similarity is not None else ""
        lines.append(f"{pair.earlier} → {pair.later}（{how[pair.paired_by]}{sim}）："
                     f"上年承诺 {len(pair.followups)} 项 / commitments")
        lines += _items(pair.earlier, pair.later, pair.followups, pair.lines, color)
    for path in report.unpaired_earlier:
        lines.append(f"{paint('今年无对应报告', RED, color)} {path} / no report this year")
    for path in report.unpaired_later:
        lines.append(f"今年新增报告 {path} / no report last year")
    d = report.to_dict()["summary"]
    lines.append(f"共 {d['pairs']} 对报告、{d['commitments']} 项承诺，{d['missing']} 项没有下文，"
                 f"{d['unpaired_earlier']} 份上年报告今年无对应 / {d['pairs']} pair(s), "
                 f"{d['missing']} of {d['commitments']} commitment(s) not followed up, "
                 f"{d['unpaired_earlier']} report(s) with no counterpart this year")
    return "\n".join(lines) + "\n"


def _items(earlier: str, later: str, results: Sequence[FollowUp],
           where: Sequence[tuple[int, int | None]], color: bool) -> list[str]:
    """One line per commitment (two when it was followed up), at the lines `where` gives."""
    lines = []
    for r, (line, later_line) in zip(results, where, strict=True):
        action = r.commitment.action or r.commitment.text
        if r.status == "missing":
            lines.append(f"{paint('未见下文', RED, color)} {earlier}:{line}: {action}")
            continue
        passage = (r.text or "").replace("\n", " ")
        passage = passage if len(passage) <= 60 else passage[:60] + "…"
        lines.append(f"{paint('已有下文', GREEN, color)} {earlier}:{line}: {action}\n"
                     f"    → {later}:{later_line}: {passage}（相似 {r.score:.2f}）")
    return lines
