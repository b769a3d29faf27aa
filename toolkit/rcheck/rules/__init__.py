"""Rule families, one module each; importing this package registers every rule."""

from rcheck.rules import (  # noqa: F401  (importing a module registers its rules)
    commitment,
    confusable,
    dates,
    debris,
    formulation,
    formulation_items,
    graph,
    headings,
    numbers,
    pairs,
    placeholder,
    repetition,
    template,
    typography,
    wrongchar,
)
from rcheck.rules.base import (
    REDIRECTS,
    Context,
    Hit,
    Rule,
    all_rules,
    get_rule,
    iter_codes,
    register,
    rule_info,
    select_rules,
    validate_rule_codes,
)

__all__ = [
    "REDIRECTS",
    "Context",
    "Hit",
    "Rule",
    "all_rules",
    "get_rule",
    "iter_codes",
    "register",
    "rule_info",
    "select_rules",
    "validate_rule_codes",
]
