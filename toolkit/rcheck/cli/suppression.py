"""What `rcheck lint` does with baselines and unused ignores, kept out of the command itself."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rcheck.cli.common import emit, warn
from rcheck.fixes.suppress import EXTERNAL, Directive
from rcheck.formats import FileResult
from rcheck.linter import LintResult
from rcheck.text.document import Document

if TYPE_CHECKING:  # a run without --baseline or --write-baseline does not import them
    from rcheck.fixes.baseline import Baseline


@dataclass
class Suppressions:
    baseline: Baseline | None
    write_to: str | None
    left: Counter[tuple[str, str]] = field(default_factory=Counter)
    unused: list[tuple[str, Directive]] = field(default_factory=list)
    recorded: list[tuple[str, list, str]] = field(default_factory=list)
    # Path keys of the drafts the baseline met, with the codes of the rules that ran on each.
    checked: dict[str, frozenset[str]] = field(default_factory=dict)

    @classmethod
    def open(cls, paths: tuple[str, ...], baseline_file: str | None, write_to: str | None,
             output: str | None) -> Suppressions:
        """Checked before any draft is read: a bad baseline or output is one line, exit 2."""
        from rcheck.output import check_outputs
        from rcheck.text.readers import expand_paths

        if write_to is not None:
            check_outputs(expand_paths(list(paths)), [("--write-baseline", write_to),
                                                      ("--output", output)],
                          stdout_used=False)
        baseline = None
        if baseline_file:
            from rcheck.fixes.baseline import read_baseline

            baseline = read_baseline(baseline_file)
        s = cls(baseline, write_to)
        if baseline is not None:
            s.left = baseline.counts()
        return s

    def result(self, doc: Document, result: LintResult) -> FileResult:
        findings = result.findings
        hidden = list(result.suppressed.findings)
        self.recorded.append((doc.path, findings, doc.text))
        if self.baseline is not None:
            from rcheck.fixes.baseline import path_key, split

            findings, old = split(self.baseline, doc.path, findings, doc.text, self.left)
            hidden.extend((f, EXTERNAL) for f in old)
            self.checked[path_key(doc.path)] = result.codes
        self.unused.extend((doc.path, d) for d in result.suppressed.directives if not d.used)
        return FileResult(doc.path, findings, result.kind, doc.text, hidden)

    def finish(self, results: list[FileResult]) -> None:
        if self.write_to is not None:
            from rcheck.fixes.baseline import build

            emit(build(self.recorded).to_json(), self.write_to)

    def report_unused(self) -> int:
        for path, d in self.unused:
            warn(f"{path}:{d.line}: 未使用的忽略注释 {d.text}（没有隐藏任何问题，可以删除） / "
                 f"unused suppression")
        stale: list[dict[str, str]] = []
        if self.baseline is not None:
            from rcheck.fixes.baseline import unused_entries

            stale = unused_entries(self.baseline, self.left, self.checked)
            for e in stale:
                warn(f"{e['path']}: 基线 {self.baseline.source} 中的记录 {e.get('code', '')} "
                     f"“{e.get('text', '')}”没有匹配任何问题（已改掉，可用 rcheck baseline prune 删去） / "
                     f"unused baseline entry")
        return len(self.unused) + len(stale)
