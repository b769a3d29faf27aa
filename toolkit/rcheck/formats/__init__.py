"""Writers for lint results. Each takes the same `FileResult` list and returns text."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from rcheck.finding import Finding


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    kind: str | None = None
    text: str | None = None  # the document text, for excerpts in human output
    # Findings a suppression hid, with its SARIF kind (`inSource`, `external`): SARIF lists them.
    suppressed: list[tuple[Finding, str]] = field(default_factory=list)


# Every command's writers, by format: (module, function). A writer takes the command's result
# and, by keyword, those of `write`'s options it names (`color`, `fmt`, `unreadable`…), so JSON
# is never asked to colour. Modules are imported only when their format is written, and the
# CLI lists the format names without importing any writer.
_JSON = ("rcheck.formats.jsonfmt", "render_payload")
WRITERS: dict[str, dict[str, tuple[str, str]]] = {
    "lint": {"text": ("rcheck.formats.text", "render_text"),
             "json": ("rcheck.formats.jsonfmt", "render_json"),
             "sarif": ("rcheck.formats.sarif", "render_sarif"),
             "github": ("rcheck.formats.github", "render_github"),
             "rdjsonl": ("rcheck.formats.rdjsonl", "render_rdjsonl")},
    "extract": {f: ("rcheck.formats.extraction", "render_extraction")
                for f in ("json", "csv", "markdown")},
    "graph": {f: ("rcheck.formats.graph_export", "render_graph")
              for f in ("json", "graphml", "dot", "mermaid", "csv", "markdown", "xlsx", "svg", "png")},
    "diff": {"text": ("rcheck.formats.diff_text", "render_diff_text"), "json": _JSON,
             "html": ("rcheck.formats.html_diff", "render_diff_html")},
    "diff-template": {"text": ("rcheck.formats.diff_text", "render_template_text"), "json": _JSON,
                      "html": ("rcheck.formats.html_diff", "render_template_html")},
    "compare": {"text": ("rcheck.formats.diff_text", "render_compare_text"), "json": _JSON,
                "html": ("rcheck.formats.html_diff", "render_compare_html")},
    "follow-up": {f: ("rcheck.formats.followup", "render_followup") for f in ("text", "json")},
}
LINT_FORMATS = tuple(WRITERS["lint"])
EXTRACT_FORMATS = tuple(WRITERS["extract"])
GRAPH_FORMATS = tuple(WRITERS["graph"])
DIFF_FORMATS = tuple(WRITERS["diff"])
COMPARE_FORMATS = tuple(WRITERS["compare"])
FILE_ONLY_FORMATS = ("xlsx", "svg", "png")  # binary or rendered: written to --output only
BY_UNIT_FORMATS = ("csv", "markdown")


def suggestion_text(f: Finding) -> str:
    """A finding's suggestion as the reports word it (an empty one deletes the span; "" for none)."""
    if f.suggestion is None:
        return ""
    return f"建议 (suggestion): “{f.suggestion}”" if f.suggestion else "建议 (suggestion): 删除"


def write(command: str, fmt: str, result: object, **options: object) -> str | bytes:
    """`result` of `command` written in `fmt`; options the writer does not take are dropped."""
    from importlib import import_module

    try:
        module, name = WRITERS[command][fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r} for {command}") from None
    writer = getattr(import_module(module), name)
    code = writer.__code__
    takes = set(code.co_varnames[1:code.co_argcount + code.co_kwonlyargcount])
    return writer(result, **{k: v for k, v in {"fmt": fmt, **options}.items() if k in takes})


def render(fmt: str, results: list[FileResult], *, color: bool = False, unreadable: int = 0,
           skipped: int = 0) -> str:
    """Lint results in `fmt`; `unreadable` and `skipped` count the inputs not checked, for the
    text summary."""
    out = write("lint", fmt, results, color=color, unreadable=unreadable, skipped=skipped)
    assert isinstance(out, str)
    return out


# Lint formats written in pieces as they are made (`render_chunks`): the reports of a large
# draft, which would otherwise be held whole, then again as UTF-8.
STREAMED = {"text": ("rcheck.formats.text", "iter_text"), "json": ("rcheck.formats.jsonfmt", "iter_json")}


def render_chunks(fmt: str, results: list[FileResult], *, color: bool = False, unreadable: int = 0,
                  skipped: int = 0) -> Iterator[str]:
    """`render` in pieces whose concatenation is `render`'s text."""
    if fmt not in STREAMED:
        yield render(fmt, results, color=color, unreadable=unreadable, skipped=skipped)
        return
    from importlib import import_module

    module, name = STREAMED[fmt]
    writer = getattr(import_module(module), name)
    if fmt == "text":
        yield from writer(results, color=color, unreadable=unreadable, skipped=skipped)
    else:
        yield from writer(results)
