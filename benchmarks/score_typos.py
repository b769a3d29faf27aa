#!/usr/bin/env python3
"""W105 on ECSpell's official-document sentences: recall at the wrong character, false alarms.

Usage:
    python benchmarks/score_typos.py [FILE] [--show]

FILE defaults to ../shared/ecspell/odw.test beside the project (lines `label<TAB>source<TAB>target`;
MIT licence, repository aopolin-lv/ECSpell). Scored at sentence level: a sentence with wrong
characters is detected when a W105 finding covers one of them; a clean sentence (label 0) is a
false alarm when W105 reports anything in it. F1 is over sentences: precision is detected /
(detected + false alarms + wrong sentences flagged elsewhere only). Downloads nothing; says so and
exits 0 when FILE is absent. Tune on odw.train (pass its path), never on odw.test.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = HERE.parent.parent / "shared" / "ecspell" / "odw.test"


@dataclass
class Score:
    wrong: int = 0
    clean: int = 0
    detected: int = 0  # wrong sentences with a finding on a wrong character
    missed_place: int = 0  # wrong sentences with findings, none on a wrong character
    false_alarms: int = 0  # clean sentences with a finding

    @property
    def recall(self) -> float:
        return self.detected / self.wrong if self.wrong else 0.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.clean if self.clean else 0.0

    @property
    def precision(self) -> float:
        flagged = self.detected + self.missed_place + self.false_alarms
        return self.detected / flagged if flagged else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score(path: Path, show: bool = False) -> Score:
    import rcheck

    result = Score()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        _, source, target = line.split("\t")
        wrong = {i for i, (a, b) in enumerate(zip(source, target, strict=False)) if a != b}
        if len(source) != len(target):  # an insertion or deletion: every differing place counts
            wrong = set(range(len(source)))
        findings = rcheck.lint(source, select=["W105"])
        hit = any(any(i in wrong for i in range(f.start, f.end)) for f in findings)
        if source == target:
            result.clean += 1
            result.false_alarms += bool(findings)
        else:
            result.wrong += 1
            result.detected += hit
            result.missed_place += bool(findings) and not hit
        if show and findings and not hit:
            for f in findings:
                print(f"{'clean' if source == target else 'wrong'}\t{source[max(0, f.start - 8):f.end + 8]}"
                      f"\t{f.message}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(DEFAULT))
    parser.add_argument("--show", action="store_true", help="print findings that miss a wrong character")
    args = parser.parse_args(argv)
    path = Path(args.file)
    if not path.is_file():
        print(f"{path} not found: nothing scored (the ECSpell sets are not part of the project)")
        return 0
    s = score(path, args.show)
    print(f"{path.name}: {s.wrong} wrong sentences, {s.clean} clean")
    print(f"recall at the wrong character  {s.recall:.3f} ({s.detected}/{s.wrong})")
    print(f"false alarms on clean sentences {s.false_alarm_rate:.3f} ({s.false_alarms}/{s.clean})")
    print(f"precision {s.precision:.3f}  F1 {s.f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
