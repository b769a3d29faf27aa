"""Every rule's own `explain` examples are its first tests: bad fires, good stays silent."""

from __future__ import annotations

import pytest

import rcheck
from rcheck.rules import all_rules

RULES = all_rules()


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_bad_example_fires(rule):
    codes = [f.code for f in rcheck.lint(rule.bad, select=[rule.code])]
    assert rule.code in codes


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_good_example_is_clean(rule):
    assert rcheck.lint(rule.good, select=[rule.code]) == []


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_is_documented(rule):
    assert rule.code[0] in "PSWTDCGN" and len(rule.code) == 4
    assert rule.name == rule.name.lower() and " " not in rule.name
    assert rule.severity in ("error", "warning", "info")
    assert rule.title and rule.summary and len(rule.doc) > 40
