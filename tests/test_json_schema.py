"""`rcheck lint --format json` output validates against the shipped version-1 schema."""

from __future__ import annotations

import copy
import json
from collections import Counter
from importlib.resources import files
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

import rcheck
from rcheck.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "samples").glob("*.txt"))


@pytest.fixture(scope="module")
def schema() -> dict:
    resource = files("rcheck") / "schemas" / "lint-v1.schema.json"
    data = json.loads(resource.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(data)
    return data


@pytest.fixture(scope="module")
def validator(schema: dict) -> Draft202012Validator:
    return Draft202012Validator(schema)


def run_json(*paths: str, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["lint", "--format", "json", "--isolated", *paths])
    assert result.exit_code in (0, 1), (result.exit_code, result.output)
    return json.loads(result.output)


def check_consistent(payload: dict) -> None:
    findings = [f for entry in payload["files"] for f in entry["findings"]]
    summary = payload["summary"]
    assert summary["files"] == len(payload["files"])
    assert summary["findings"] == len(findings)
    assert summary["by_code"] == dict(Counter(f["code"] for f in findings))
    assert sum(summary["by_code"].values()) == summary["findings"]


def test_samples_found() -> None:
    assert len(SAMPLES) >= 5, SAMPLES


def test_schema_identity(schema: dict) -> None:
    assert schema["$id"] == "https://rcheck.invalid/schemas/lint-v1.schema.json"
    assert schema["properties"]["version"]["const"] == 1
    finding_fields = set(rcheck.Finding.__dataclass_fields__)
    # `fix` came later, within version 1: optional, so readers of the first shape still validate.
    optional = {"fix"}
    assert set(schema["$defs"]["finding"]["required"]) == finding_fields - optional
    assert optional <= set(schema["$defs"]["finding"]["properties"])


@pytest.mark.parametrize("path", SAMPLES)
def test_sample_output_validates(path: str, validator: Draft202012Validator,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    payload = run_json(path, monkeypatch=monkeypatch)
    errors = sorted(validator.iter_errors(payload), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    assert [entry["path"] for entry in payload["files"]] == [path]
    check_consistent(payload)
    text = rcheck.load(ROOT / path).text
    for f in payload["files"][0]["findings"]:
        assert 0 <= f["start"] <= f["end"] <= len(text)
        assert text[f["start"]:f["end"]].startswith(f["excerpt"])


def test_many_paths_one_object(validator: Draft202012Validator,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    payload = run_json(*SAMPLES, monkeypatch=monkeypatch)
    validator.validate(payload)
    assert [entry["path"] for entry in payload["files"]] == SAMPLES
    check_consistent(payload)
    assert payload["summary"]["findings"] > 0


def test_directory_output_validates(validator: Draft202012Validator,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    payload = run_json("samples", monkeypatch=monkeypatch)
    validator.validate(payload)
    check_consistent(payload)
    assert len(payload["files"]) >= len(SAMPLES)


GOOD_FINDING = {
    "code": "P101", "rule": "placeholder", "severity": "error", "message": "数字未填写",
    "start": 3, "end": 4, "line": 1, "column": 4, "end_line": 1, "end_column": 5,
    "excerpt": "*", "suggestion": None,
}


def payload_with(finding: dict) -> dict:
    return {
        "version": 1,
        "files": [{"path": "a.txt", "kind": None, "findings": [finding]}],
        "summary": {"files": 1, "findings": 1, "by_code": {"P101": 1}},
    }


def test_schema_accepts_good_and_extra_fields(validator: Draft202012Validator) -> None:
    validator.validate(payload_with(GOOD_FINDING))
    validator.validate(payload_with({**GOOD_FINDING, "confidence": 0.9}))


def test_schema_rejects_missing_code(validator: Draft202012Validator) -> None:
    finding = copy.deepcopy(GOOD_FINDING)
    del finding["code"]
    assert not validator.is_valid(payload_with(finding))


@pytest.mark.parametrize("change", [
    {"severity": "fatal"},
    {"code": "p101"},
    {"rule": "Placeholder"},
    {"line": 0},
    {"start": -1},
    {"suggestion": 3},
])
def test_schema_rejects_bad_finding(change: dict, validator: Draft202012Validator) -> None:
    assert not validator.is_valid(payload_with({**GOOD_FINDING, **change}))


def test_schema_rejects_bad_envelope(validator: Draft202012Validator) -> None:
    payload = payload_with(GOOD_FINDING)
    assert not validator.is_valid({**payload, "version": 2})
    assert not validator.is_valid({k: v for k, v in payload.items() if k != "summary"})


def test_suppressed_findings_are_listed_with_how_and_validate(validator: Draft202012Validator,
                                                              tmp_path: Path) -> None:
    draft = tmp_path / "d.md"
    draft.write_text("关于工作的报告\n<!-- rcheck-disable-next-line T105 -->\n会议要求，，各单位认真落实。\n"
                     "开展学习*次。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", "--format", "json", "--isolated", str(draft)])
    payload = json.loads(result.output)
    validator.validate(payload)
    (entry,) = payload["files"]
    hidden = [(f["code"], f["excerpt"], f["suppression"]) for f in entry["suppressed"]]
    assert hidden == [("T105", "，，", "inSource")]
    assert [f["code"] for f in entry["findings"]] == ["P101"]  # hidden ones are not findings
    assert payload["summary"]["suppressed"] == 1 and payload["summary"]["findings"] == 1
    assert not validator.is_valid({**payload, "files": [{**entry, "suppressed": [
        {**entry["suppressed"][0], "suppression": "hidden"}]}]})


def test_a_baseline_hides_findings_as_external(validator: Draft202012Validator, tmp_path: Path) -> None:
    draft = tmp_path / "d.txt"
    draft.write_text("关于工作的报告\n开展学习*次。\n", encoding="utf-8")
    baseline = tmp_path / "baseline.json"
    runner = CliRunner()
    runner.invoke(main, ["lint", "--isolated", "--write-baseline", str(baseline), str(draft)])
    result = runner.invoke(main, ["lint", "--format", "json", "--isolated", "--baseline", str(baseline),
                                  str(draft)])
    payload = json.loads(result.output)
    validator.validate(payload)
    assert result.exit_code == 0 and payload["files"][0]["findings"] == []
    hidden = [(f["code"], f["suppression"]) for f in payload["files"][0]["suppressed"]]
    assert hidden == [("P101", "external")]
