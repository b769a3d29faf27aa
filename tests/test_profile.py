"""`rcheck lint --profile`: each rule's and each shared step's time, printed by the CLI only."""

from __future__ import annotations

import subprocess
import sys

from rcheck.config import Config
from rcheck.linter import check_document
from rcheck.text.document import Document
from rcheck.timings import Timings


def test_library_returns_the_timings_and_prints_nothing(capsys):
    text = "县委县委常委会研究工作。由县财政局牵头，2026年6月底前完成*个项目。\n"
    timings = Timings()
    check_document(Document(text), Config(), timings=timings)
    assert "W101 repeated-word" in timings.steps and "tokenizer" in timings.steps
    assert "commitments" in timings.steps
    assert all(seconds >= 0 for seconds in timings.steps.values())
    assert capsys.readouterr() == ("", "")


def test_nested_steps_are_taken_out_of_the_outer_one():
    import time

    timings = Timings()
    with timings.step("rule"):
        with timings.step("shared"):
            time.sleep(0.02)
    assert timings.steps["shared"] >= 0.02 > timings.steps["rule"]


def test_profile_goes_to_stderr_and_leaves_the_report_alone(samples):
    path = str(samples / "flawed-placeholders.txt")
    args = [sys.executable, "-m", "rcheck", "lint", "--format", "json", path]
    plain = subprocess.run(args, capture_output=True, text=True, check=False)
    profiled = subprocess.run([*args, "--profile"], capture_output=True, text=True, check=False)
    assert profiled.returncode == plain.returncode == 1
    assert profiled.stdout == plain.stdout
    err = profiled.stderr
    assert "用时分布 / time by step" in err and "P101 placeholder" in err
    assert "读取文稿 / reading" in err and "启动" in err


def test_the_whole_dictionary_built_inside_a_rule_is_the_tokenizers_time(monkeypatch):
    # A dictionary that takes 0.3 s to build: the rule that first cuts text must not be charged.
    import time

    from rcheck.settings import settings_from_config
    from rcheck.text import tokenize

    real = tokenize._rjieba_class()

    class Slow(real):  # type: ignore[misc, valid-type]
        def __new__(cls, *args):
            time.sleep(0.3)
            return real(*args)

    monkeypatch.setattr(tokenize, "_rjieba_class", lambda: Slow)
    from dataclasses import replace

    # Built on first cut, inside whichever rule asks first.
    settings = replace(settings_from_config(Config()),
                       given_tokenizer=tokenize._RJieba(("县委常委会",), partial_chars=0))
    timings = Timings()
    check_document(Document("县委县委常委会研究工作。\n"), Config(), settings=settings, timings=timings)
    assert timings.steps["tokenizer"] >= 0.3
    assert max(s for name, s in timings.steps.items() if name[:1].isupper()) < 0.3
