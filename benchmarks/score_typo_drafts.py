#!/usr/bin/env python3
"""W105 on whole drafts of the genre, written for the project: wrong characters found, and findings
on proofread drafts.

Usage:
    python benchmarks/score_typo_drafts.py [--show] [--folder benchmarks/typo_drafts_heldout]

`typo_drafts/` holds ten county, township and bureau drafts (述职报告, 整改报告, 工作要点, 实施方案…;
about 13,000 characters) into which 110 slips of the kinds drafters make were written and labelled
in `labels.tsv` (file, wrong string, right string, an excerpt that finds it, kind: sound = a
similar-sounding character, word = a whole two-character word picked wrong for its syllables,
shape = a similar-looking character). `typo_drafts/clean/` holds twelve more drafts with no slip
(about 25,000 characters). Both were written for the project by a writer who had not seen rcheck; no
sentence comes from a real document. They guided W105's changes of stop 30, so their figure is not
held out; `typo_drafts_heldout/` (eight more drafts of other topics, 87 slips, written by another
writer the same way) was scored once at the end of that round and never tuned on; in the next round
its figure was printed while changes were compared, so `typo_drafts_fresh/` (eight drafts on other
topics again, 90 slips, and `clean/` with six proofread drafts, by a third writer who had not seen
rcheck) took its place and was scored once, with that round's final build. A slip is found when a
W105 finding covers one of its wrong characters; every other finding counts as false.
Complements `score_typos.py` (ECSpell's sentences).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
FOLDER = HERE / "typo_drafts"


@dataclass
class Result:
    found: Counter[str] = field(default_factory=Counter)
    slips: Counter[str] = field(default_factory=Counter)
    false: list[tuple[str, str, str]] = field(default_factory=list)  # file, excerpt, message
    missed: list[tuple[str, str, str, str]] = field(default_factory=list)  # file, wrong, right, kind
    clean_findings: list[tuple[str, str, str]] = field(default_factory=list)
    clean_chars: int = 0


def _labels(folder: Path) -> dict[str, list[tuple[str, str, str, str]]]:
    out: dict[str, list[tuple[str, str, str, str]]] = {}
    for line in (folder / "labels.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip():
            name, wrong, right, excerpt, kind = line.split("\t")
            out.setdefault(name, []).append((wrong, right, excerpt, kind))
    return out


def score(folder: Path = FOLDER) -> Result:
    import rcheck

    result = Result()
    for name, slips in sorted(_labels(folder).items()):
        text = rcheck.load(folder / name).text
        findings = rcheck.lint(text, select=["W105"])
        covering: set[int] = set()
        for wrong, right, excerpt, kind in slips:
            at = text.index(wrong, text.index(excerpt))
            bad = {at + k for k in range(len(wrong)) if wrong[k] != right[k]}
            hits = [i for i, f in enumerate(findings) if any(f.start <= b < f.end for b in bad)]
            result.slips[kind] += 1
            if hits:
                result.found[kind] += 1
                covering.update(hits)
            else:
                result.missed.append((name, wrong, right, kind))
        result.false.extend((name, f.excerpt, f.message) for i, f in enumerate(findings) if i not in covering)
    for path in sorted((folder / "clean").glob("*.txt")) if (folder / "clean").is_dir() else ():
        text = rcheck.load(path).text
        result.clean_chars += len(text)
        result.clean_findings.extend((path.name, f.excerpt, f.message)
                                     for f in rcheck.lint(text, select=["W105"]))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print the missed slips and the false findings")
    parser.add_argument("--folder", type=Path, default=FOLDER, help="drafts, labels.tsv and clean/ to score")
    args = parser.parse_args(argv)
    r = score(args.folder)
    total, found = sum(r.slips.values()), sum(r.found.values())
    kinds = ", ".join(f"{k} {r.found[k]}/{r.slips[k]}" for k in sorted(r.slips))
    print(f"slips found {found}/{total} ({found / total:.3f}): {kinds}")
    print(f"false findings in the drafts with slips: {len(r.false)}")
    if r.clean_chars:
        rate = len(r.clean_findings) / r.clean_chars * 1000
        print(f"findings in the proofread drafts: {len(r.clean_findings)} ({rate:.3f} per 1,000 characters)")
    if args.show:
        for name, wrong, right, kind in r.missed:
            print(f"missed\t{name}\t{kind}\t{wrong} -> {right}")
        for name, excerpt, message in r.false + r.clean_findings:
            print(f"false\t{name}\t{excerpt}\t{message}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
