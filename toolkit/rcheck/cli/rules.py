"""`rcheck rules` and `rcheck explain`: the rule registry for people and programs."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from rcheck.cli.common import EXIT_ERROR, fail
from rcheck.rules.base import Mark

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
    out = [f"{rule.code} {rule.name} ({rule.severity}; 把握 {sure})\n{rule.title}: {rule.summary}\n",
           rule.doc + "\n"]
    if not rule.examples:
        out += [f"错误示例 (bad):\n    {rule.bad}\n", f"正确示例 (good):\n    {rule.good}"]
        return "\n".join(out)
    # Examples of several lines are set apart by a blank line, one-liners are not.
    gap = "\n" if any("\n" in e.text for e in rule.bad_examples + rule.good_examples) else ""
    out.append("错误示例 (bad):")
    for example in rule.bad_examples:
        out.append(_indented(example.text))
        for mark in example.marks:
            out.append(f"      → {_expected(example.text, mark)}" + gap)
    out.append(("" if gap else "\n") + "正确示例 (good):")
    for example in rule.good_examples:
        out.append(_indented(example.text) + gap)
    return "\n".join(out)


def _indented(text: str) -> str:
    return "\n".join("    " + line for line in text.split("\n"))


def _expected(text: str, mark: Mark) -> str:
    """What the rule reports on one marked span, as `explain` shows it."""
    line = text.count("\n", 0, mark.start) + 1
    column = mark.start - (text.rfind("\n", 0, mark.start) + 1) + 1
    where = f"{line}:{column}" if "\n" in text else f"第{column}字"
    span = text[mark.start:mark.end].replace("\n", "↵")
    if mark.suggestion is None:
        fix = "需人工判断如何改 (no certain fix)"
    elif mark.suggestion == "":
        fix = "建议删除 (delete)"
    else:
        fix = f"建议改为“{mark.suggestion}”"
    shown = f"“{span.replace(' ', '␣')}”" if span else "（此处）"
    return f"{where} {shown}：{fix}"
