"""Build the extraction gold files from hand-written label sheets.

    python tests/gold/build_gold.py           # rebuild tests/gold/*.json from tests/gold/labels/*.labels
    python tests/gold/build_gold.py NAME...   # only these label sheets (file names or stems)

Every label is decided by hand in a `.labels` sheet; this script only turns the
(string, occurrence) anchors of a sheet into character offsets, so that no offset
is ever counted by hand. It uses no extraction code from the package.

Sheet format (UTF-8, one record per line, fields separated by " | ", "-" = null
or empty list, lists separated by "、" (a 、 inside full-width parentheses, as in
各县（市、区）市场监管局, belongs to the name); lines starting with "#" are comments):

    D samples/extract-01-xxx.txt
    M anchor | quantity | value | unit | scale | approx | qualifier | subject [| occurrence]
    C from | to | action | target | lead | co | cadence | deadline [| occurrence]

M: the anchor is a string of the text that contains the quantity exactly once;
   it must be unique in the text unless an occurrence (1-based) is given.
   value "-" marks a placeholder (value null, placeholder true).
C: the span runs from the start of `from` (unique, or the given occurrence) to
   the end of the first `to` at or after it. target is "-" (null), a quantity
   that is labelled as a metric inside the span (value, unit and scale are
   copied from that metric), or "quantity/value/unit[/scale]" for a count that
   is not a metric (the count of a cadence such as 每季度开展一次).
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
LABELS = HERE / "labels"


def read_text(path: Path) -> str:
    text = path.read_bytes().decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def null(field: str) -> str | None:
    field = field.strip()
    return None if field == "-" else field


def names(field: str) -> list[str]:
    """Split a list of unit names on 、, except inside full-width parentheses (各县（市、区）市场监管局)."""
    field = field.strip()
    if field == "-":
        return []
    out, current, depth = [], "", 0
    for ch in field:
        if ch == "（":
            depth += 1
        elif ch == "）":
            depth = max(0, depth - 1)
        if ch == "、" and depth == 0:
            out.append(current)
            current = ""
        else:
            current += ch
    out.append(current)
    return [n.strip() for n in out if n.strip()]


def number(field: str) -> int | float | None:
    field = field.strip()
    if field == "-":
        return None
    return float(field) if "." in field else int(field)


def find(text: str, needle: str, occurrence: int | None, where: str, start: int = 0) -> int:
    hits = []
    i = text.find(needle, start)
    while i != -1:
        hits.append(i)
        i = text.find(needle, i + 1)
    if not hits:
        raise SystemExit(f"{where}: {needle!r} not found")
    if occurrence is None:
        if len(hits) > 1:
            raise SystemExit(f"{where}: {needle!r} occurs {len(hits)} times; give an occurrence")
        return hits[0]
    if occurrence > len(hits):
        raise SystemExit(f"{where}: {needle!r} has only {len(hits)} occurrences")
    return hits[occurrence - 1]


def build(sheet: Path) -> Path:
    document = None
    metric_rows: list[tuple[int, list[str]]] = []
    commitment_rows: list[tuple[int, list[str]]] = []
    for lineno, raw in enumerate(sheet.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        kind, _, rest = line.partition(" ")
        if kind == "D":
            document = rest.strip()
        elif kind == "M":
            metric_rows.append((lineno, [f.strip() for f in rest.split(" | ")]))
        elif kind == "C":
            commitment_rows.append((lineno, [f.strip() for f in rest.split(" | ")]))
        else:
            raise SystemExit(f"{sheet.name}:{lineno}: unknown record {kind!r}")
    if document is None:
        raise SystemExit(f"{sheet.name}: no D line")
    text = read_text(REPO / document)

    metrics = []
    for lineno, f in metric_rows:
        where = f"{sheet.name}:{lineno}"
        if len(f) not in (8, 9):
            raise SystemExit(f"{where}: expected 8 or 9 fields, got {len(f)}")
        anchor, quantity = f[0], f[1]
        occurrence = int(f[8]) if len(f) == 9 else None
        at = find(text, anchor, occurrence, where)
        if anchor.count(quantity) != 1:
            raise SystemExit(f"{where}: quantity {quantity!r} must occur once in anchor {anchor!r}")
        start = at + anchor.index(quantity)
        value = number(f[2])
        metrics.append(
            {
                "start": start,
                "end": start + len(quantity),
                "quantity": quantity,
                "value": value,
                "unit": null(f[3]),
                "scale": null(f[4]),
                "approx": null(f[5]),
                "qualifier": null(f[6]),
                "subject": null(f[7]),
                "placeholder": value is None,
            }
        )
    metrics.sort(key=lambda m: m["start"])
    for a, b in itertools.pairwise(metrics):
        if b["start"] < a["end"]:
            raise SystemExit(
                f"{sheet.name}: metrics overlap: {a['quantity']!r} at {a['start']}, "
                f"{b['quantity']!r} at {b['start']}"
            )

    commitments = []
    for lineno, f in commitment_rows:
        where = f"{sheet.name}:{lineno}"
        if len(f) not in (8, 9):
            raise SystemExit(f"{where}: expected 8 or 9 fields, got {len(f)}")
        occurrence = int(f[8]) if len(f) == 9 else None
        start = find(text, f[0], occurrence, where)
        end = text.find(f[1], start)
        if end == -1:
            raise SystemExit(f"{where}: end anchor {f[1]!r} not found after start")
        end += len(f[1])
        span = text[start:end]
        target = None
        if f[3] != "-":
            parts = f[3].split("/")
            if len(parts) == 1:
                inside = [
                    m
                    for m in metrics
                    if start <= m["start"] and m["end"] <= end and m["quantity"] == parts[0]
                ]
                if len(inside) != 1:
                    raise SystemExit(f"{where}: target {parts[0]!r} is not one metric inside the span")
                m = inside[0]
                target = {
                    "quantity": m["quantity"],
                    "value": m["value"],
                    "unit": m["unit"],
                    "scale": m["scale"],
                }
            else:
                if parts[0] not in span:
                    raise SystemExit(f"{where}: target {parts[0]!r} not in the span")
                target = {
                    "quantity": parts[0],
                    "value": number(parts[1]),
                    "unit": parts[2],
                    "scale": parts[3] if len(parts) > 3 else None,
                }
        commitments.append(
            {
                "start": start,
                "end": end,
                "text": span,
                "action": null(f[2]),
                "target": target,
                "lead": names(f[4]),
                "co": names(f[5]),
                "cadence": null(f[6]),
                "deadline": null(f[7]),
            }
        )
    commitments.sort(key=lambda c: c["start"])

    out = HERE / (Path(document).stem + ".json")
    body = {"document": document, "metrics": metrics, "commitments": commitments}
    lines = ["{", f'  "document": {json.dumps(document, ensure_ascii=False)},', '  "metrics": [']
    lines += [
        "    " + json.dumps(m, ensure_ascii=False) + ("," if i < len(metrics) - 1 else "")
        for i, m in enumerate(metrics)
    ]
    lines += ["  ],", '  "commitments": [']
    lines += [
        "    " + json.dumps(c, ensure_ascii=False) + ("," if i < len(commitments) - 1 else "")
        for i, c in enumerate(commitments)
    ]
    lines += ["  ]", "}"]
    rendered = "\n".join(lines) + "\n"
    assert json.loads(rendered) == body
    out.write_text(rendered, encoding="utf-8")
    return out


def main(argv: list[str]) -> int:
    sheets = sorted(LABELS.glob("*.labels"))
    if argv:
        wanted = {Path(a).stem for a in argv}
        sheets = [s for s in sheets if s.stem in wanted]
    for sheet in sheets:
        out = build(sheet)
        data = json.loads(out.read_text(encoding="utf-8"))
        print(
            f"{out.relative_to(REPO)}: {len(data['metrics'])} metrics, {len(data['commitments'])} commitments"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
