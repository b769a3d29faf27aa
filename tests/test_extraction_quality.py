"""Extraction quality on the hand-labelled gold drafts holds the floor it has reached.

The scores come from `benchmarks/score_extraction.py`, the same script the README's figures
come from. A floor is set a little under the figure reached, so a change that makes extraction
worse fails here instead of passing unnoticed.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GOLD = sorted((REPO / "tests" / "gold").glob("*.json"))

FLOORS = {
    "metric.span": 0.97,
    "metric.value": 0.97,
    "metric.unit": 0.97,
    "metric.subject": 0.93,
    "commitment.detection": 0.95,
    "commitment.cadence": 0.95,
    "commitment.deadline": 0.95,
    "commitment.owner": 0.95,
}


def _scorer():
    path = REPO / "benchmarks" / "score_extraction.py"
    spec = importlib.util.spec_from_file_location("score_extraction", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["score_extraction"] = module  # dataclasses look the module up while it loads
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def scores():
    if len(GOLD) < 6:
        pytest.skip("gold files missing")
    total, _ = _scorer().score(GOLD)
    return total


@pytest.mark.parametrize("field", sorted(FLOORS))
def test_f1_floor(scores, field):
    assert scores.fields[field].f1 >= FLOORS[field], scores.fields[field].to_dict()


def test_lead_owner_accuracy(scores):
    assert scores.lead_accuracy >= 0.95


def test_gold_files_are_consistent():
    """Every gold span is where it says it is (tests/gold/check_gold.py, standard library only)."""
    for path in GOLD:
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = (REPO / gold["document"]).read_text(encoding="utf-8")
        for m in gold["metrics"]:
            assert text[m["start"]:m["end"]] == m["quantity"], (path.name, m)
        for c in gold["commitments"]:
            assert text[c["start"]:c["end"]] == c["text"], (path.name, c["start"])


def test_scorer_counts_a_wrong_prediction(tmp_path):
    """The scorer itself: a prediction with one wrong unit and one missing commitment scores below 1."""
    scorer = _scorer()
    gold = json.loads(GOLD[0].read_text(encoding="utf-8")) if GOLD else pytest.skip("no gold")
    predicted = {"metrics": [dict(m) for m in gold["metrics"]], "commitments": gold["commitments"][1:]}
    predicted["metrics"][0]["unit"] = "不是单位"
    s = scorer.score_file(gold, predicted)
    n = len(gold["metrics"])
    assert s.fields["metric.span"].f1 == 1.0
    assert s.fields["metric.unit"].tp == n - 1
    k = len(gold["commitments"])
    assert s.fields["commitment.detection"].recall == (k - 1) / k
