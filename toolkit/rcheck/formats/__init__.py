"""Writers for lint results. Each takes the same `FileResult` list and returns text."""

from __future__ import annotations

from dataclasses import dataclass, field

from rcheck.finding import Finding


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    kind: str | None = None
    text: str | None = None  # the document text, for excerpts in human output


LINT_FORMATS = ("text", "json", "sarif", "github", "rdjsonl")
# The other commands' format names live here too, so the CLI can list them without importing
# the writers (and what they import) on every start.
EXTRACT_FORMATS = ("json", "csv", "markdown")
GRAPH_FORMATS = ("json", "graphml", "dot", "mermaid", "csv", "markdown", "xlsx", "svg", "png")
FILE_ONLY_FORMATS = ("xlsx", "svg", "png")  # binary or rendered: written to --output only
BY_UNIT_FORMATS = ("csv", "markdown")


def render(fmt: str, results: list[FileResult], *, color: bool = False, unreadable: int = 0,
           skipped: int = 0) -> str:
    """`unreadable` and `skipped` count the inputs not checked, for the text summary."""
    if fmt == "text":
        from rcheck.formats.text import render_text

        return render_text(results, color=color, unreadable=unreadable, skipped=skipped)
    if fmt == "json":
        from rcheck.formats.jsonfmt import render_json

        return render_json(results)
    if fmt == "sarif":
        from rcheck.formats.sarif import render_sarif

        return render_sarif(results)
    if fmt == "github":
        from rcheck.formats.github import render_github

        return render_github(results)
    if fmt == "rdjsonl":
        from rcheck.formats.rdjsonl import render_rdjsonl

        return render_rdjsonl(results)
    raise ValueError(f"unknown format {fmt!r}")
