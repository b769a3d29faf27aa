"""`rcheck lint`: check drafts and report findings (text, JSON, SARIF, GitHub, reviewdog), or annotate
a .docx."""

from __future__ import annotations

import sys

import click

from rcheck.cli.common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    DocumentLoader,
    config_from_options,
    emit,
    fail,
    guard_outputs,
    output_option,
    settings_from_options,
    settings_options,
    wants_color,
)
from rcheck.finding import SEVERITIES, severity_rank
from rcheck.formats import LINT_FORMATS, FileResult, render_chunks
from rcheck.timings import Timings, timed


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(LINT_FORMATS), default="text",
              show_default=True, help="Output format.")
@click.option("--select", multiple=True, help="Rule codes or prefixes to run (P101,T1).")
@click.option("--ignore", multiple=True, help="Rule codes or prefixes to skip.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Lowest severity that makes the exit code 1 [default: warning].")
@click.option("--template", default=None,
              help="Report kind: auto (detect from title and headings) or a template key.")
@click.option("--explain-kind", is_flag=True,
              help="Say which report kind each draft was checked as, and why.")
@settings_options
@output_option
@click.option("--color/--no-color", default=None, help="Colour (default: on a terminal).")
@click.option("--annotate", "annotate_to", type=click.Path(dir_okay=False), default=None,
              help="Write a copy of the .docx draft with each finding as a Word comment (批注).")
@click.option("--max-comments", type=click.IntRange(min=0), default=None,
              help="With --annotate: most findings written as comments, errors first; one more "
                   "comment counts the rest [default: 2000].")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False), default=None,
              help="Hide the findings recorded in this baseline (rcheck lint --write-baseline).")
@click.option("--write-baseline", "write_baseline", type=click.Path(dir_okay=False), default=None,
              help="Record today's findings in this baseline file (atomically).")
@click.option("--report-unused-ignores", is_flag=True,
              help="Report rcheck-disable comments and Word ignores that hid nothing (exit 1).")
@click.option("--profile", is_flag=True,
              help="Print the time of each rule and shared step to standard error.")
def lint(paths: tuple[str, ...], fmt: str, select: tuple[str, ...], ignore: tuple[str, ...],
         fail_on: str | None, config_file: str | None, isolated: bool,
         lexicons: tuple[str, ...], template: str | None, explain_kind: bool,
         max_size: int | None, output: str | None, color: bool | None,
         annotate_to: str | None, max_comments: int | None, baseline_file: str | None,
         write_baseline: str | None, report_unused_ignores: bool, profile: bool) -> None:
    """Check drafts: PATH is a file, a directory, or - for standard input."""
    from rcheck.linter import check_document
    from rcheck.rules import iter_codes, select_rules
    from rcheck.text.readers import WORD_SUFFIXES

    timings = _start_profile() if profile else None

    if annotate_to is not None and (len(paths) != 1 or not paths[0].lower().endswith(WORD_SUFFIXES)):
        fail("--annotate needs exactly one .docx draft as PATH （--annotate 只能用于一个 .docx 文件）")
        sys.exit(EXIT_ERROR)
    if annotate_to is not None and annotate_to in ("-", "/dev/stdout"):
        fail("--annotate: 需要一个 .docx 文件名 (needs a file name, not standard output)")
        sys.exit(EXIT_ERROR)
    # The command line's own codes first: an unknown one is the option's error, not the file's.
    select_rules(list(iter_codes(select)) or None, list(iter_codes(ignore)))
    config = config_from_options(
        config_file, paths, isolated, lexicons, extra_ignore=list(iter_codes(ignore)),
        select=list(iter_codes(select)) if select else None, fail_on=fail_on or None,
        max_size_mb=max_size or None, template=template or None)
    guard_outputs(paths, output, annotate=annotate_to, config=config)
    with timed(timings, "settings"):
        settings = settings_from_options(config)
    from rcheck.cli.suppression import Suppressions

    suppressions = Suppressions.open(paths, baseline_file, write_baseline, output)

    results: list[FileResult] = []
    loader = DocumentLoader(config.max_size_mb * 1024 * 1024, timings)
    last_doc = None
    for doc, result in loader.each(list(paths), lambda d: check_document(d, config, settings=settings,
                                                                         timings=timings)):
        results.append(suppressions.result(doc, result))
        last_doc = doc if annotate_to is not None else None
        if explain_kind:
            click.echo(f"{doc.path}: 报告类型 (kind): {result.kind}（依据：{result.kind_reason}）",
                       err=fmt != "text")
    doc = None  # a large draft's paragraphs and sentences are not held while the report is written

    if annotate_to is not None and last_doc is not None:
        from rcheck.docx import write_annotated

        limits = {} if max_comments is None else {"max_comments": max_comments}
        written = write_annotated(last_doc, results[-1].findings, annotate_to,
                                  max_bytes=config.max_size_mb * 1024 * 1024, **limits)
        click.echo(f"rcheck: {written} 条批注已写入 {annotate_to} / {written} comment(s) written", err=True)
    use_color = wants_color(color, output)
    with timed(timings, "report"):
        emit(render_chunks(fmt, results, color=use_color, unreadable=loader.errors,
                           skipped=loader.skipped), output)
    suppressions.finish(results)
    if timings is not None:
        click.echo(profile_report(timings, len(results)), err=True)
    unused = suppressions.report_unused() if report_unused_ignores else 0
    if fmt == "github":
        from rcheck.cli.github import write_step_summary

        write_step_summary(results)
    if loader.errors:
        sys.exit(EXIT_ERROR)
    if unused:
        sys.exit(EXIT_FINDINGS)
    if write_baseline is not None:
        click.echo(f"rcheck: {sum(len(r.findings) for r in results)} 个问题已记入基线 {write_baseline} "
                   f"/ finding(s) recorded in the baseline", err=True)
        return  # recorded: today's findings are accepted, so they do not fail this run
    threshold = severity_rank(config.fail_on)
    if any(severity_rank(f.severity) >= threshold for r in results for f in r.findings):
        sys.exit(EXIT_FINDINGS)


def _start_profile() -> Timings:
    """A run's timings, with the time the process spent before the command: starting Python
    and importing rcheck (CPU time, the only clock that saw it)."""
    import time

    timings = Timings()
    timings.add("startup", time.process_time())
    return timings


def profile_report(timings: Timings, files: int) -> str:
    """`--profile`'s table: each step's own time, slowest first, and its share of the whole."""
    total = sum(timings.steps.values()) or 1e-9
    lines = [f"rcheck: 用时分布 / time by step（{files} 个文件 / file(s)，共 / total "
             f"{total * 1000:.1f} ms）"]
    for name, seconds in timings.ranked():
        lines.append(f"{seconds * 1000:10.1f} ms {seconds / total:6.1%}  {timings.label(name)}")
    return "\n".join(lines)
