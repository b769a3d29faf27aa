#!/usr/bin/env python3
"""The noise floor: findings per 1,000 characters on proofread official documents.

Usage:
    python benchmarks/score_noise.py [DIR] [--json-out FILE] [--show CODE] [--limit N] [--select CODES]

DIR defaults to ../shared/realdocs/clean beside the project (proofread 2026 government work
reports and State Council documents, not part of the project). Nearly every finding on such text
is a false alarm, so the figure to drive down is findings per 1,000 characters, per code and per
severity. `--show CODE` prints each finding of that code with its context, for reading one by one.
Runs the library in-process (the same rules and settings as `rcheck lint --isolated`).
Says so and exits 0 when DIR is absent.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_DIR = HERE.parent.parent / "shared" / "realdocs" / "clean"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(DEFAULT_DIR))
    parser.add_argument("--json-out")
    parser.add_argument("--show", help="print every finding of this code with context")
    parser.add_argument("--limit", type=int, default=200, help="at most this many shown")
    parser.add_argument("--select", help="rules to run, as for `rcheck lint --select` (ALL,W105: with W105)")
    args = parser.parse_args(argv)

    folder = Path(args.folder)
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not files:
        print(f"no documents in {folder}: nothing measured")
        return 0

    import rcheck
    from rcheck.text.readers import load

    by_code: collections.Counter[str] = collections.Counter()
    by_severity: collections.Counter[str] = collections.Counter()
    per_file: dict[str, dict[str, object]] = {}
    chars = 0
    shown = 0
    for path in files:
        doc = load(str(path))
        findings = rcheck.lint(doc, select=args.select.split(",") if args.select else None)
        chars += len(doc.text)
        counts = collections.Counter(f.code for f in findings)
        loud = collections.Counter(f.code for f in findings if f.severity in ("warning", "error"))
        per_file[path.name] = {"characters": len(doc.text), "by_code": dict(counts),
                               "loud_by_code": dict(loud)}
        by_code.update(counts)
        by_severity.update(f.severity for f in findings)
        for f in findings:
            if args.show and f.code == args.show and shown < args.limit:
                shown += 1
                ctx = doc.text[max(0, f.start - 20):f.end + 20].replace("\n", "⏎")
                print(f"{path.name}:{f.start} {f.code} {f.message}\n    {ctx}")
    total = sum(by_code.values())
    per_k = 1000 * total / max(chars, 1)
    print(f"{len(files)} documents, {chars:,} characters, {total} findings: {per_k:.2f} per 1,000 characters")
    print("by severity: " + ", ".join(f"{k} {v} ({1000 * v / chars:.2f}/1k)"
                                      for k, v in sorted(by_severity.items())))
    worst = max(per_file.items(), key=lambda kv: sum(kv[1]["loud_by_code"].values()) / kv[1]["characters"])
    loud_worst = 1000 * sum(worst[1]["loud_by_code"].values()) / worst[1]["characters"]
    print(f"noisiest document at warning/error: {worst[0]} {loud_worst:.2f} per 1,000 characters")
    for code, n in sorted(by_code.items(), key=lambda kv: -kv[1]):
        print(f"  {code}  {n:6d}  {1000 * n / chars:7.3f}/1k")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(
            {"characters": chars, "findings": total, "per_1000": per_k, "by_code": dict(by_code),
             "by_severity": dict(by_severity), "files": per_file}, ensure_ascii=False, indent=1),
            encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
