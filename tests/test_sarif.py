from __future__ import annotations

import json
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from rcheck.cli import main

SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"


def test_sarif_validates_against_the_official_schema(samples):
    paths = [str(p) for p in sorted(samples.glob("*.txt"))]
    out = CliRunner().invoke(main, ["lint", *paths, "--format", "sarif"]).stdout
    log = json.loads(out)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = sorted(validator.iter_errors(log), key=str)
    assert errors == []
    run = log["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints"
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert {"P101", "D101", "T101"} <= set(ids)
    results = run["results"]
    assert results and all(ids[r["ruleIndex"]] == r["ruleId"] for r in results)
    assert all(r["rule"]["help"]["text"] if "rule" in r else True for r in results)


def test_sarif_rejects_a_broken_log():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {}}, "results": []}]}
    assert list(validator.iter_errors(broken))
