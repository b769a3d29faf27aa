"""Rule families, one module each; importing this package registers every rule."""

from . import debris, placeholder, typography  # noqa: F401  (registers the rules)
from . import headings, repetition, template  # noqa: F401  (structure and wording rules)
from .base import (
    REDIRECTS,
    Context,
    Hit,
    Rule,
    all_rules,
    get_rule,
    iter_codes,
    register,
    select_rules,
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
    "select_rules",
]
