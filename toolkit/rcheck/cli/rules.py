"""`rcheck rules` and `rcheck explain`: the rule registry for people and programs."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from rcheck.cli.common import EXIT_ERROR, fail

if TYPE_CHECKING:
    from rcheck.rules import Rule

# How sure a rule's findings are, as `rcheck rules` shows it (README: 规则的把握).
_PRECISION_ZH = {"sure": "可靠", "likely": "较可靠", "hint": "提示"}


@click.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def rules(fmt: str) -> None:
    """List every rule: code, name, severity, how sure it is, summary."""
    from rcheck.rules import all_rules, rule_info

    items = all_rules()
    if fmt == "json":
        import json

        click.echo(json.dumps([rule_info(r) for r in items],
                              ensure_ascii=False, indent=2))
        return
    width = max(len(r.name) for r in items)
    for r in items:
        sure = _PRECISION_ZH[r.precision] + ("" if r.default else "，默认关闭")
        click.echo(f"{r.code}  {r.name:<{width}}  {r.severity:<7}  {sure:<4}  {r.title}  {r.summary}")


@click.command()
@click.argument("code")
def explain(code: str) -> None:
    """Explain one rule in full, with a bad and a good example."""
    from rcheck.rules import get_rule

    rule = get_rule(code)
    if rule is None:
        fail(f"unknown rule {code!r} (see `rcheck rules`)")
        sys.exit(EXIT_ERROR)
    click.echo(explain_text(rule))


def explain_text(rule: Rule) -> str:
    """What `rcheck explain` prints; the language server's hover shows the same."""
    sure = f"{_PRECISION_ZH[rule.precision]} ({rule.precision})"
    return (f"{rule.code} {rule.name} ({rule.severity}; 把握 {sure})\n{rule.title}: {rule.summary}\n\n"
            f"{rule.doc}\n\n错误示例 (bad):\n    {rule.bad}\n\n正确示例 (good):\n    {rule.good}")
