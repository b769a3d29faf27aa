"""How W102 (formulation) and W104 (confusable-word) lint time grows with lexicon size.

    pytest benchmarks/test_lexicon_scaling.py --benchmark-enable -o addopts=""

The ~1 MB draft built from `samples/` is linted with the shipped lexicons (1×) and with
lexicons padded to 10× and 100× their entries: synthetic entries whose wrong forms are random
4–6 character Han strings, written to a temporary lexicon directory that extends the built-in
one (as a user's `--lexicon DIR` does). Exact matching is one Aho-Corasick pass, so the time
should stay nearly flat; `extra_info` holds the entry counts and MiB/s of each size, and the
1× test's mean is the baseline for `ratio_to_1x`. `rules_only_s` times the two checks
without the rest of `lint` (Document parse, report-kind detection), which is the same at
every size.
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

import pytest

import rcheck
from rcheck.lexicon import load_lexicon
from rcheck.linter import run_rules
from rcheck.rules import select_rules

MIB = 1024 * 1024
FACTORS = (1, 10, 100)
_BASELINE: dict[str, float] = {}
RULE_ROUNDS = 5


def _han(rng: random.Random, low: int = 4, high: int = 6) -> str:
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(rng.randint(low, high)))


def _toml(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _padded_lexicon(directory: Path, factor: int) -> tuple[int, int]:
    """Write (factor - 1) × the built-in entry counts to `directory`; return the totals."""
    base = load_lexicon(())
    n_form = len(base.tables("formulations", "formulation"))
    n_conf = len(base.tables("confusables", "confusable"))
    rng = random.Random(factor)
    form: list[str] = []
    for _ in range((factor - 1) * n_form):
        form.append(f"[[formulation]]\ncanonical = {_toml(_han(rng, 5, 8))}\n"
                    f"wrong = [{_toml(_han(rng))}, {_toml(_han(rng))}]\nnote = \"合成条目\"\n")
    conf: list[str] = []
    for _ in range((factor - 1) * n_conf):
        conf.append(f"[[confusable]]\nwrong = {_toml(_han(rng))}\nright = {_toml(_han(rng))}\n")
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "formulations.toml").write_text("\n".join(form), encoding="utf-8")
    (directory / "confusables.toml").write_text("\n".join(conf), encoding="utf-8")
    return factor * n_form, factor * n_conf


def _mean_seconds(benchmark, fallback: list[float]) -> float:
    stats = getattr(benchmark, "stats", None)
    if stats is not None and getattr(stats, "stats", None) is not None:
        return stats.stats.mean
    return statistics.mean(fallback)


@pytest.mark.parametrize("factor", FACTORS, ids=[f"{f}x" for f in FACTORS])
def test_w102_w104_lexicon_scaling(benchmark, text_1mb: str, tmp_path: Path, factor: int) -> None:
    n_form, n_conf = _padded_lexicon(tmp_path / f"lexicon-{factor}x", factor)
    config = rcheck.Config(select=["W102", "W104"],
                           lexicons=[str(tmp_path / f"lexicon-{factor}x")] if factor > 1 else [])
    lexicon = load_lexicon(tuple(config.lexicons))
    wrong_forms = sum(len(e.get("wrong", [])) for e in lexicon.tables("formulations", "formulation"))
    assert len(lexicon.tables("formulations", "formulation")) == n_form
    assert len(lexicon.tables("confusables", "confusable")) == n_conf

    t0 = time.perf_counter()
    warm = rcheck.lint(rcheck.Document(text_1mb), config=config)  # builds the automata
    build_s = time.perf_counter() - t0
    times: list[float] = []

    def run() -> list[rcheck.Finding]:
        t = time.perf_counter()
        out = rcheck.lint(rcheck.Document(text_1mb), config=config)
        times.append(time.perf_counter() - t)
        return out

    findings = benchmark.pedantic(run, rounds=5, iterations=1, warmup_rounds=0)
    # The synthetic entries never occur in the draft: the findings are those of the 1× lexicons.
    assert [(f.code, f.start) for f in findings] == [(f.code, f.start) for f in warm]
    mean = _mean_seconds(benchmark, times)
    # The two checks alone (no template detection, no Document parse), to show the matching.
    rules = select_rules(["W102", "W104"])
    rule_times: list[float] = []
    for _ in range(RULE_ROUNDS):
        doc = rcheck.Document(text_1mb)
        t = time.perf_counter()
        run_rules(doc, rules, lexicon)
        rule_times.append(time.perf_counter() - t)
    rules_s = statistics.mean(rule_times)
    if factor == 1:
        _BASELINE["mean"] = mean
        _BASELINE["rules"] = rules_s
    nbytes = len(text_1mb.encode("utf-8"))
    benchmark.extra_info.update({
        "factor": factor,
        "formulation_entries": n_form,
        "formulation_wrong_forms": wrong_forms,
        "confusable_entries": n_conf,
        "first_lint_s": round(build_s, 3),
        "mean_s": round(mean, 4),
        "mb_per_s": round(nbytes / MIB / mean, 2),
        "findings": len(findings),
        "rules_only_s": round(rules_s, 4),
    })
    if "mean" in _BASELINE:
        benchmark.extra_info["ratio_to_1x"] = round(mean / _BASELINE["mean"], 2)
        benchmark.extra_info["rules_only_ratio_to_1x"] = round(rules_s / _BASELINE["rules"], 2)
