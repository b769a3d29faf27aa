"""Every rule says how sure it is; rules that are off by default run only when named."""

from __future__ import annotations

import pytest

from rcheck.rules import all_rules, base, select_rules
from rcheck.rules.base import PRECISIONS, Hit, Rule, register


def test_every_rule_states_its_precision() -> None:
    for rule in all_rules():
        assert rule.precision in PRECISIONS, rule.code
        if rule.precision == "hint":
            assert rule.severity == "info", rule.code


def test_a_rule_must_state_its_precision() -> None:
    with pytest.raises(ValueError, match="precision"):
        register(Rule("X903", "unsure", "warning", "s", "t", "d", "b", "g", check=lambda ctx: iter(())))


def test_a_hint_cannot_be_loud() -> None:
    with pytest.raises(ValueError, match="never louder"):
        register(Rule("X901", "loud-hint", "warning", "s", "t", "d", "b", "g",
                      check=lambda ctx: iter(()), precision="hint"))


@pytest.fixture
def off_rule():
    rule = register(Rule("X902", "quiet-test-rule", "info", "s", "t", "d", "b", "g",
                         check=lambda ctx: iter([Hit(0, 1, "m")]), precision="hint", default=False))
    yield rule
    del base._RULES[rule.code]


def test_off_by_default_rule_runs_only_when_named(off_rule) -> None:
    assert off_rule not in select_rules()
    assert off_rule not in select_rules(["X"])
    assert off_rule in select_rules(["X902"])
    assert off_rule in select_rules(["quiet-test-rule"])
    assert off_rule not in select_rules(["X902"], ["X9"])
