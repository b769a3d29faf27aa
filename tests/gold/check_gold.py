"""Check the hand-labelled extraction gold files against their drafts.

    python tests/gold/check_gold.py              # check every tests/gold/*.json
    python tests/gold/check_gold.py FILE...      # check these gold files
    python tests/gold/check_gold.py --uncovered  # also list numerals that no metric covers, for review

For every gold file it verifies that the document exists, that every required
key is present with the right type, that each span is inside the text and
that text[start:end] equals the labelled string (quantity for metrics, text
for commitments), that no two metrics and no two commitments overlap, and a
few consistency rules of tests/gold/README.md (placeholder <=> value null,
approx and qualifier from the closed lists and written next to / before the
quantity, subject, cadence, deadline, owners and action written in the text,
targets agreeing with the metric they name). Standard library only.
Exit code 0 when everything holds, 1 otherwise.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

METRIC_KEYS = {
    "start": int,
    "end": int,
    "quantity": str,
    "value": (int, float, type(None)),
    "unit": (str, type(None)),
    "scale": (str, type(None)),
    "approx": (str, type(None)),
    "qualifier": (str, type(None)),
    "subject": (str, type(None)),
    "placeholder": bool,
}
COMMITMENT_KEYS = {
    "start": int,
    "end": int,
    "text": str,
    "action": (str, type(None)),
    "target": (dict, type(None)),
    "lead": list,
    "co": list,
    "cadence": (str, type(None)),
    "deadline": (str, type(None)),
}
TARGET_KEYS = {"quantity": str, "value": (int, float, type(None)), "unit": (str, type(None))}
# Simplified forms and, for drafts in traditional characters, the same words as written there.
APPROX = {
    "余",
    "多",
    "约",
    "近",
    "左右",
    "超",
    "超过",
    "以上",
    "不少于",
    "至少",
    "突破",
    "餘",
    "約",
    "超過",
    "不少於",
}
QUALIFIER = {"共", "累计", "合计", "总计", "达", "仅", "累計", "合計", "總計", "達", "僅"}
SCALE = {None, "万", "亿", "萬", "億"}
# Approximation words written after the number or the unit; the others come before the number.
AFTER = {"余", "多", "餘", "左右", "以上"}

SENTENCE_END = "。！？\n"
NUMERAL = re.compile(
    r"[0-9０-９]+(?:\.[0-9]+)?|[*Xx×]+(?=[万萬亿億]?[^\s*Xx×，。；：、])"
    r"|[零〇一二两兩三四五六七八九十百千万萬亿億]+(?=[余餘多]?[次场場期天项項个個名人户戶篇份件条條家所场轮輪起元万萬亿億张張座部套台处處批])"
)


def read_text(path: Path) -> str:
    text = path.read_bytes().decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sentence_of(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end): from after the previous 。！？ or line end to the next one."""
    left = max(text.rfind(ch, 0, start) for ch in SENTENCE_END) + 1
    rights = [i for i in (text.find(ch, end) for ch in SENTENCE_END) if i != -1]
    return left, (min(rights) + 1 if rights else len(text))


def check_types(obj: dict, keys: dict, where: str, errors: list[str]) -> bool:
    ok = True
    for key, kind in keys.items():
        if key not in obj:
            errors.append(f"{where}: missing key {key!r}")
            ok = False
        elif not isinstance(obj[key], kind) or (kind is int and isinstance(obj[key], bool)):
            errors.append(f"{where}: {key!r} has type {type(obj[key]).__name__}")
            ok = False
    return ok


def check_metric(text: str, m: dict, where: str, errors: list[str]) -> None:
    start, end, quantity = m["start"], m["end"], m["quantity"]
    if not 0 <= start < end <= len(text):
        errors.append(f"{where}: span {start}-{end} outside the text (length {len(text)})")
        return
    if text[start:end] != quantity:
        errors.append(f"{where}: text[{start}:{end}] is {text[start:end]!r}, not {quantity!r}")
        return
    if m["placeholder"] != (m["value"] is None):
        errors.append(f"{where}: placeholder must be true exactly when value is null")
    if m["placeholder"] and not re.search(r"[*Xx×]", quantity):
        errors.append(f"{where}: placeholder without a placeholder mark in {quantity!r}")
    if m["scale"] not in SCALE:
        errors.append(f"{where}: scale {m['scale']!r} is not one of 万/亿")
    elif m["scale"] and m["scale"] not in quantity:
        errors.append(f"{where}: scale {m['scale']!r} not written in {quantity!r}")
    if m["unit"] and not quantity.endswith(m["unit"]):
        errors.append(f"{where}: {quantity!r} does not end with its unit {m['unit']!r}")
    s0, s1 = sentence_of(text, start, end)
    approx = m["approx"]
    if approx is not None:
        if approx not in APPROX:
            errors.append(f"{where}: approx {approx!r} is not in the closed list")
        elif approx in AFTER and approx in quantity and approx in ("余", "多", "餘"):
            pass  # written between the number and the unit, inside the span
        elif approx in AFTER:
            if not text.startswith(approx, end):
                errors.append(f"{where}: approx {approx!r} is not written right after {quantity!r}")
        elif not text[max(s0, start - len(approx) - 2) : start].count(approx):
            errors.append(f"{where}: approx {approx!r} is not written just before {quantity!r}")
    qualifier = m["qualifier"]
    if qualifier is not None:
        if qualifier not in QUALIFIER:
            errors.append(f"{where}: qualifier {qualifier!r} is not in the closed list")
        elif qualifier not in text[s0:start]:
            errors.append(
                f"{where}: qualifier {qualifier!r} is not written before {quantity!r} in its sentence"
            )
    subject = m["subject"]
    if subject is not None and (not subject or subject not in text[s0:s1]):
        errors.append(f"{where}: subject {subject!r} is not written in the sentence of {quantity!r}")


def check_commitment(text: str, c: dict, metrics: list[dict], where: str, errors: list[str]) -> None:
    start, end, span = c["start"], c["end"], c["text"]
    if not 0 <= start < end <= len(text):
        errors.append(f"{where}: span {start}-{end} outside the text (length {len(text)})")
        return
    if text[start:end] != span:
        errors.append(f"{where}: text[{start}:{end}] is {text[start:end]!r}, not the labelled text")
        return
    for key in ("cadence", "deadline"):
        if c[key] is not None and c[key] not in span:
            errors.append(f"{where}: {key} {c[key]!r} is not written in the commitment")
    for key in ("lead", "co"):
        for name in c[key]:
            if not isinstance(name, str) or not name or name not in span:
                errors.append(f"{where}: {key} {name!r} is not written in the commitment")
    if set(c["lead"]) & set(c["co"]):
        errors.append(f"{where}: a unit is both lead and co")
    action = c["action"]
    if action is not None and "…" not in action and action not in span:
        errors.append(f"{where}: action {action!r} is not written in the commitment")
    target = c["target"]
    if target is not None:
        if not check_types(target, TARGET_KEYS, where + " target", errors):
            return
        if target["quantity"] not in span:
            errors.append(f"{where}: target {target['quantity']!r} is not written in the commitment")
        for m in metrics:
            if start <= m["start"] and m["end"] <= end and m["quantity"] == target["quantity"]:
                for key in ("value", "unit", "scale"):
                    if key in target and target[key] != m[key]:
                        errors.append(
                            f"{where}: target {key} {target[key]!r} differs from the metric's {m[key]!r}"
                        )


def check_file(path: Path, uncovered: bool) -> tuple[list[str], int, int]:
    errors: list[str] = []
    name = path.name
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"{name}: not readable JSON: {exc}"], 0, 0
    if not isinstance(gold, dict) or not {"document", "metrics", "commitments"} <= set(gold):
        return [f"{name}: needs the keys document, metrics, commitments"], 0, 0
    doc = REPO / gold["document"]
    if not doc.is_file():
        return [f"{name}: document {gold['document']} not found"], 0, 0
    text = read_text(doc)

    metrics = [m for m in gold["metrics"] if isinstance(m, dict)]
    if len(metrics) != len(gold["metrics"]):
        errors.append(f"{name}: every metric must be an object")
    good_metrics = []
    for i, m in enumerate(metrics):
        where = f"{name} metric {i} ({m.get('quantity')!r} at {m.get('start')})"
        if check_types(m, METRIC_KEYS, where, errors):
            before = len(errors)
            check_metric(text, m, where, errors)
            if len(errors) == before:
                good_metrics.append(m)
    ordered = sorted(good_metrics, key=lambda m: m["start"])
    for a, b in itertools.pairwise(ordered):
        if b["start"] < a["end"]:
            errors.append(
                f"{name}: metrics {a['quantity']!r} at {a['start']} and {b['quantity']!r} "
                f"at {b['start']} overlap"
            )

    commitments = [c for c in gold["commitments"] if isinstance(c, dict)]
    if len(commitments) != len(gold["commitments"]):
        errors.append(f"{name}: every commitment must be an object")
    good = []
    for i, c in enumerate(commitments):
        where = f"{name} commitment {i} (at {c.get('start')})"
        if check_types(c, COMMITMENT_KEYS, where, errors):
            before = len(errors)
            check_commitment(text, c, good_metrics, where, errors)
            if len(errors) == before:
                good.append(c)
    ordered = sorted(good, key=lambda c: c["start"])
    for a, b in itertools.pairwise(ordered):
        if b["start"] < a["end"]:
            errors.append(f"{name}: commitments at {a['start']} and {b['start']} overlap")

    if uncovered:
        spans = [(m["start"], m["end"]) for m in good_metrics]
        for hit in NUMERAL.finditer(text):
            if not any(s <= hit.start() < e for s, e in spans):
                line = text.count("\n", 0, hit.start()) + 1
                context = text[max(0, hit.start() - 8) : hit.end() + 6].replace("\n", "⏎")
                print(f"  {name}:{line}: not a metric: {hit.group()!r} in …{context}…")
    return errors, len(gold["metrics"]), len(gold["commitments"])


def main(argv: list[str]) -> int:
    uncovered = "--uncovered" in argv
    args = [a for a in argv if a != "--uncovered"]
    files = [Path(a) for a in args] if args else sorted(HERE.glob("*.json"))
    if not files:
        print("no gold files found")
        return 1
    total_m = total_c = 0
    failed = False
    for path in files:
        errors, n_m, n_c = check_file(path, uncovered)
        total_m += n_m
        total_c += n_c
        status = "ok" if not errors else f"{len(errors)} error(s)"
        print(f"{path.name}: {n_m} metrics, {n_c} commitments: {status}")
        for error in errors:
            print(f"  {error}")
        failed = failed or bool(errors)
    print(f"{len(files)} files, {total_m} metrics, {total_c} commitments: {'FAILED' if failed else 'all ok'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
