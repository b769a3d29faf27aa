"""Score extraction against hand-labelled gold files: precision, recall and F1 per field.

    python benchmarks/score_extraction.py tests/gold/*.json
    python benchmarks/score_extraction.py --predictions out.json tests/gold/*.json   # any tool's output
    python benchmarks/score_extraction.py --json tests/gold/*.json                   # machine-readable

Gold format (one JSON file per draft): see tests/gold/README.md and the design notes. A
predicted metric matches a gold one when their quantity spans overlap; a predicted
commitment matches when the overlap is at least half of the shorter span (one-to-one, best
overlap first). Then, per field:

- metrics `span`: matched / predicted (P), matched / gold (R);
- `value`, `unit`, `scale`, `approx`, `placeholder`: a matched pair counts when the field is
  equal (null equals null), over all predicted (P) and all gold (R) metrics;
- `subject`: a matched pair counts when one subject contains the other, over the predicted
  and gold metrics that have a subject;
- commitments `detection` as for spans; `lead`, `co`, `owner` (lead and co together),
  `cadence`, `deadline`: a matched pair counts when equal after normalisation, over the
  predicted and gold commitments that have the field; `lead_accuracy` is the share of matched
  pairs whose lead list equals the gold one (empty equals empty).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

METRIC_FIELDS = ("value", "unit", "scale", "approx", "placeholder")
COMMITMENT_FIELDS = ("lead", "co", "owner", "cadence", "deadline")


@dataclass
class Count:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Count) -> None:
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold

    def to_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "predicted": self.predicted, "gold": self.gold}


@dataclass
class Scores:
    fields: dict[str, Count] = field(default_factory=dict)
    lead_matched: int = 0
    lead_correct: int = 0

    def count(self, name: str) -> Count:
        return self.fields.setdefault(name, Count())

    def add(self, other: Scores) -> None:
        for name, c in other.fields.items():
            self.count(name).add(c)
        self.lead_matched += other.lead_matched
        self.lead_correct += other.lead_correct

    @property
    def lead_accuracy(self) -> float:
        return self.lead_correct / self.lead_matched if self.lead_matched else 1.0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: c.to_dict() for name, c in self.fields.items()}
        out["commitment.lead_accuracy"] = round(self.lead_accuracy, 4)
        return out


# -- normalisation ----------------------------------------------------------------------

_FULLWIDTH = str.maketrans("（）％", "()%")


def _norm_text(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip().translate(_FULLWIDTH).replace(" ", "").replace("\u3000", "") or None
    return value


def _norm_value(value: Any) -> Any:
    if isinstance(value, (int, float)):
        return round(float(value), 6)
    return value


def _names(value: Any) -> tuple[str, ...]:
    return tuple(sorted(_norm_text(v) for v in value or [] if _norm_text(v)))


def _target_quantity(value: Any) -> Any:
    return _norm_text(value.get("quantity")) if isinstance(value, dict) else None


# -- matching ---------------------------------------------------------------------------

def _overlap(a: dict, b: dict) -> int:
    return max(0, min(a["end"], b["end"]) - max(a["start"], b["start"]))


def _pairs(predicted: list[dict], gold: list[dict],
           ok: Callable[[dict, dict], bool]) -> list[tuple[dict, dict]]:
    """One-to-one matches, largest overlap first."""
    candidates = sorted(((_overlap(p, g), i, j) for i, p in enumerate(predicted) for j, g in enumerate(gold)
                         if p["start"] < g["end"] and g["start"] < p["end"] and ok(p, g)), reverse=True)
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in candidates:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((predicted[i], gold[j]))
    return out


def _half_of_shorter(p: dict, g: dict) -> bool:
    shorter = min(p["end"] - p["start"], g["end"] - g["start"])
    return _overlap(p, g) * 2 >= shorter


def _contains(a: Any, b: Any) -> bool:
    a, b = _norm_text(a), _norm_text(b)
    return bool(a and b and (a in b or b in a))


def score_file(gold: dict, predicted: dict) -> Scores:
    s = Scores()
    gm, pm = gold.get("metrics", []), predicted.get("metrics", [])
    pairs = _pairs(pm, gm, lambda p, g: True)
    span = s.count("metric.span")
    span.tp, span.predicted, span.gold = len(pairs), len(pm), len(gm)
    for name in METRIC_FIELDS:
        c = s.count(f"metric.{name}")
        c.predicted, c.gold = len(pm), len(gm)
        norm = _norm_value if name == "value" else _norm_text
        c.tp = sum(1 for p, g in pairs if norm(p.get(name)) == norm(g.get(name)))
    c = s.count("metric.subject")
    c.predicted = sum(1 for p in pm if _norm_text(p.get("subject")))
    c.gold = sum(1 for g in gm if _norm_text(g.get("subject")))
    c.tp = sum(1 for p, g in pairs if _contains(p.get("subject"), g.get("subject")))

    gc, pc = gold.get("commitments", []), predicted.get("commitments", [])
    pairs = _pairs(pc, gc, _half_of_shorter)
    det = s.count("commitment.detection")
    det.tp, det.predicted, det.gold = len(pairs), len(pc), len(gc)
    getters: dict[str, Callable[[dict], Any]] = {
        "lead": lambda x: _names(x.get("lead")),
        "co": lambda x: _names(x.get("co")),
        "owner": lambda x: (_names(x.get("lead")), _names(x.get("co"))),
        "cadence": lambda x: _norm_text(x.get("cadence")),
        "deadline": lambda x: _norm_text(x.get("deadline")),
        "target": lambda x: _target_quantity(x.get("target")),
    }
    for name, get in getters.items():
        c = s.count(f"commitment.{name}")
        present = (lambda v: bool(v[0] or v[1])) if name == "owner" else bool
        c.predicted = sum(1 for p in pc if present(get(p)))
        c.gold = sum(1 for g in gc if present(get(g)))
        c.tp = sum(1 for p, g in pairs if present(get(g)) and get(p) == get(g))
    s.lead_matched = len(pairs)
    s.lead_correct = sum(1 for p, g in pairs if _names(p.get("lead")) == _names(g.get("lead")))
    return s


# -- running ----------------------------------------------------------------------------

def predict(document: Path) -> dict:
    """rcheck's own extraction of one draft, as plain dicts."""
    from rcheck.extract import extract
    from rcheck.text.readers import load

    result = extract(load(document))
    return {"metrics": [m.to_dict() for m in result.metrics],
            "commitments": [c.to_dict() for c in result.commitments]}


def score(gold_paths: Iterable[Path],
          predictions: dict[str, dict] | None = None) -> tuple[Scores, dict[str, Scores]]:
    total = Scores()
    per_file: dict[str, Scores] = {}
    for path in gold_paths:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
        document = gold["document"]
        if predictions is not None:
            predicted = predictions.get(document) or predictions.get(str(ROOT / document)) or {}
        else:
            predicted = predict(ROOT / document)
        s = score_file(gold, predicted)
        per_file[document] = s
        total.add(s)
    return total, per_file


def _load_predictions(path: Path) -> dict[str, dict]:
    """`rcheck extract --format json` output (or any tool's in that shape), by document path."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for f in data.get("files", []):
        p = Path(f["path"])
        key = str(p.resolve().relative_to(ROOT)) if p.resolve().is_relative_to(ROOT) else f["path"]
        out[key] = f
    return out


def format_table(total: Scores) -> str:
    lines = [f"{'field':<24}{'P':>8}{'R':>8}{'F1':>8}{'tp':>7}{'pred':>7}{'gold':>7}"]
    for name, c in total.fields.items():
        lines.append(f"{name:<24}{c.precision:>8.3f}{c.recall:>8.3f}{c.f1:>8.3f}{c.tp:>7}{c.predicted:>7}{c.gold:>7}")
    lines.append(f"{'commitment.lead_accuracy':<24}{total.lead_accuracy:>8.3f}"
                 f"   ({total.lead_correct}/{total.lead_matched} matched commitments)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="+", type=Path, help="gold JSON files")
    parser.add_argument("--predictions", type=Path, help="extract JSON to score instead of running rcheck")
    parser.add_argument("--json", action="store_true", help="print scores as JSON")
    parser.add_argument("--per-file", action="store_true", help="also print each file's scores")
    args = parser.parse_args(argv)
    predictions = _load_predictions(args.predictions) if args.predictions else None
    total, per_file = score(args.gold, predictions)
    if args.json:
        print(json.dumps({"total": total.to_dict(), "files": {k: v.to_dict() for k, v in per_file.items()}},
                         ensure_ascii=False, indent=2))
        return 0
    if args.per_file:
        for name, s in per_file.items():
            print(f"== {name}\n{format_table(s)}\n")
    print(f"== all {len(per_file)} files\n{format_table(total)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
