"""Every rule's own examples are its first tests (`Rule.examples`, marks in rules/base.py):
on each bad example the rule alone reports exactly the marked findings, and applying a marked
suggestion clears the finding there; each good example, near misses included, stays silent."""

from __future__ import annotations

from pathlib import Path

import pytest

import rcheck
from rcheck.finding import Finding
from rcheck.rules import all_rules, get_rule, rule_info
from rcheck.rules.base import MARK_CLOSE, MARK_OPEN, Example, Mark, Rule, parse_marked

RULES = all_rules()
# The rules that pinned their examples when marks came in: none of them may lose them.
PINNED = {"C101", "C102", "C103", "D101", "G101", "G102", "G103", "P101", "S101", "S102",
          "S103", "S104", "S105", "S106", "T101", "T102", "T103", "T104", "T105", "W101",
          "W102", "W103", "W104", "N101", "N102", "N103", "N104", "N105", "N106", "N107"}


def _cases(bad: bool) -> list[tuple[Rule, Example]]:
    return [(r, e) for r in RULES for e in r.examples if isinstance(e, Example) and e.bad == bad]


def _id(case: tuple[Rule, Example]) -> str:
    rule, example = case
    return f"{rule.code}:{example.text[:24]}"


BAD, GOOD = _cases(True), _cases(False)


def _lint(rule: Rule, text: str) -> list[Finding]:
    return rcheck.lint(text, select=[rule.code])


def _shown(text: str, findings: list[Finding]) -> list[str]:
    return [f"{f.code} {f.start}:{f.end} {text[f.start:f.end]!r} -> {f.suggestion!r}" for f in findings]


@pytest.mark.parametrize("case", BAD, ids=[_id(c) for c in BAD])
def test_bad_example_gives_exactly_the_marked_findings(case):
    rule, example = case
    found = _lint(rule, example.text)
    want = [(rule.code, m.start, m.end, m.suggestion) for m in example.marks]
    got = [(f.code, f.start, f.end, f.suggestion) for f in found]
    assert sorted(got) == sorted(want), _shown(example.text, found)
    if example.severity is not None:
        assert {f.severity for f in found} == {example.severity}


def _there(f: Finding, mark: Mark, fix: str) -> bool:
    """The finding lies on the replaced text (a deletion: on the character that follows it)."""
    lo, hi = mark.start, mark.start + len(fix)
    return f.start < max(hi, lo + 1) and f.end > lo


@pytest.mark.parametrize("case", BAD, ids=[_id(c) for c in BAD])
def test_suggestion_clears_the_finding(case):
    rule, example = case
    text = example.text
    fixed = [m for m in example.marks if m.suggestion is not None]
    for mark in fixed:
        assert mark.suggestion is not None
        after = text[:mark.start] + mark.suggestion + text[mark.end:]
        left = [f for f in _lint(rule, after) if _there(f, mark, mark.suggestion)]
        assert left == [], _shown(after, left)
        # Nor does the fix write a word twice (党的 before 二十大会议精神 kept, and put back).
        doubled = [f for f in rcheck.lint(after, select=["W101"]) if _there(f, mark, mark.suggestion)]
        assert doubled == [], _shown(after, doubled)
    if fixed and len(fixed) == len(example.marks):
        for mark in sorted(fixed, key=lambda m: -m.start):  # every fix at once: nothing left
            text = text[:mark.start] + str(mark.suggestion) + text[mark.end:]
        assert _lint(rule, text) == [], _shown(text, _lint(rule, text))


@pytest.mark.parametrize("case", GOOD, ids=[_id(c) for c in GOOD])
def test_good_example_is_clean(case):
    rule, example = case
    found = _lint(rule, example.text)
    assert found == [], _shown(example.text, found)


UNPINNED = [r for r in RULES if not r.examples]


def test_unpinned_rules_still_fire_on_bad_and_not_on_good():
    for rule in UNPINNED:  # today's check, until the rule marks its examples
        assert rule.code in [f.code for f in _lint(rule, rule.bad)], rule.code
        assert _lint(rule, rule.good) == [], rule.code


def test_rules_lacking_pinned_examples():
    lacking = sorted(r.code for r in UNPINNED)
    assert not set(lacking) & PINNED, lacking
    if lacking:  # a new rule may come without marks for a while: say which
        pytest.skip(f"rules without pinned examples: {', '.join(lacking)}")


def test_pinned_rules_show_their_shapes():
    for rule in RULES:
        if rule.code in PINNED:
            assert len(rule.bad_examples) >= 2 and len(rule.good_examples) >= 2, rule.code


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_bad_and_good_come_from_the_examples(rule):
    if rule.examples:
        assert rule.bad == rule.bad_examples[0].text and rule.good == rule.good_examples[0].text
    assert "\u27e6" not in rule.bad + rule.good


def test_full_rule_info_carries_the_pinned_findings():
    info = rule_info(get_rule("T105"), full=True)
    first = info["examples"][0]
    assert first["bad"] and first["text"] == info["bad"] == "加强组织领导，，压实工作责任。。"
    assert first["findings"][0] == {"start": 6, "end": 8, "suggestion": "，"}
    assert [e["bad"] for e in info["examples"]].count(False) == 3


def test_marks_parse():
    assert parse_marked("开展学习⟦*⟧次。") == ("开展学习*次。", (Mark(4, 5, None),))
    assert parse_marked("自⟦ →⟧2021年⟦，，→，⟧") == ("自 2021年，，", (Mark(1, 2, ""), Mark(7, 9, "，")))
    assert parse_marked("缺⟦⟧") == ("缺", (Mark(1, 1, None),))
    assert parse_marked("没有标记") == ("没有标记", ())
    for broken in ("⟦未闭合", "多余⟧", "⟦嵌⟦套⟧⟧"):
        with pytest.raises(ValueError):
            parse_marked(broken)


def test_marks_never_occur_in_drafts_or_lexicons():
    """The mark brackets must stay out of real text, or an example could not quote it."""
    root = Path(__file__).resolve().parents[1]
    files = [*root.glob("samples/**/*.txt"), *root.glob("samples/**/*.md"), *root.glob("lexicons/*.toml")]
    for corpus in ("realdrafts", "realdocs", "seeds"):  # real drafts, where they are beside us
        files += (root.parent / "shared" / corpus).glob("**/*.txt")
    assert files
    for path in files:
        text = path.read_bytes().decode("utf-8", "replace")
        assert MARK_OPEN not in text and MARK_CLOSE not in text, path


def test_rule_with_examples_gives_no_bad_or_good_of_its_own():
    with pytest.raises(ValueError):
        Rule(code="X999", name="x", severity="info", summary="x", title="x", doc="x",
             check=lambda ctx: [], examples=("⟦*⟧次", "5次"), bad="*次")
    with pytest.raises(ValueError):
        Rule(code="X999", name="x", severity="info", summary="x", title="x", doc="x",
             check=lambda ctx: [], examples=("⟦*⟧次",))


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_rule_is_documented(rule):
    assert rule.code[0] in "PSWTDCGN" and len(rule.code) == 4
    assert rule.name == rule.name.lower() and " " not in rule.name
    assert rule.severity in ("error", "warning", "info")
    assert rule.title and rule.summary and len(rule.doc) > 40
