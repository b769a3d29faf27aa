"""Writers for `rcheck compare --follow-up`: text for people, JSON (version 1) for programs."""

from __future__ import annotations

import json
from collections.abc import Sequence

from rcheck.compare.followup import FollowUp
from rcheck.formats.color import GREEN, RED, paint
from rcheck.text.document import Document


def render_followup(report: tuple[Document, Document, Sequence[FollowUp]], fmt: str = "text",
                    *, color: bool = False) -> str:
    """The follow-ups of `report` (last year's draft, this year's, and the results)."""
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
    for r in results:
        line = earlier.position(r.commitment.start)[0]
        action = r.commitment.action or r.commitment.text
        if r.status == "missing":
            lines.append(f"{paint('未见下文', RED, color)} {earlier.path}:{line}: {action}")
        else:
            later_line = later.position(r.start)[0] if r.start is not None else 0
            passage = (r.text or "").replace("\n", " ")
            passage = passage if len(passage) <= 60 else passage[:60] + "…"
            lines.append(f"{paint('已有下文', GREEN, color)} {earlier.path}:{line}: {action}\n"
                         f"    → {later.path}:{later_line}: {passage}（相似 {r.score:.2f}）")
    missing = sum(r.status == "missing" for r in results)
    lines.append(f"共 {len(results)} 项，{missing} 项在新文稿中没有下文 / "
                 f"{missing} of {len(results)} commitment(s) not followed up")
    return "\n".join(lines) + "\n"
