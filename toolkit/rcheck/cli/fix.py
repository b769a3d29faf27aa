"""`rcheck fix`: apply the fixes findings carry, to a copy, in place, or as a diff."""

from __future__ import annotations

import difflib
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
    settings_from_options,
    settings_options,
)
from rcheck.finding import SEVERITIES, severity_rank
from rcheck.text.document import Document


def _encoded(doc: Document, text: str) -> bytes:
    from rcheck.fixes.apply import encoded

    crlf = False
    if not doc.path.startswith("<"):
        try:
            with open(doc.path, "rb") as fh:
                crlf = b"\r\n" in fh.read()
        except OSError:
            pass
    return encoded(text, doc.encoding, crlf)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write the fixed copy here (one draft; atomically; never onto an input).")
@click.option("--in-place", is_flag=True, help="Rewrite each draft with its fixes (atomically).")
@click.option("--diff", "show_diff", is_flag=True,
              help="Print a unified diff of the fixes and change nothing.")
@click.option("--unsafe", is_flag=True,
              help="Also apply fixes a person should check (formulations, debris, typos).")
@click.option("--accept", is_flag=True,
              help=".docx: write the fixes applied, not as tracked revisions.")
@click.option("--select", multiple=True, help="Rule codes or prefixes to fix (T1,W101).")
@click.option("--ignore", multiple=True, help="Rule codes or prefixes not to fix.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Lowest severity left after fixing that makes the exit code 1 [default: warning].")
@settings_options
def fix(paths: tuple[str, ...], output: str | None, in_place: bool, show_diff: bool, unsafe: bool,
        accept: bool, select: tuple[str, ...], ignore: tuple[str, ...], fail_on: str | None,
        config_file: str | None, isolated: bool, lexicons: tuple[str, ...],
        max_size: int | None) -> None:
    """Fix drafts: safe fixes (typography, doubled words), with --unsafe the rest too."""
    from rcheck.fixes.apply import fix_document
    from rcheck.rules import iter_codes, select_rules
    from rcheck.text.readers import WORD_SUFFIXES

    modes = sum(bool(m) for m in (output, in_place, show_diff))
    if modes > 1:
        fail("-o、--in-place 和 --diff 只能选一个 (choose one of -o, --in-place, --diff)")
        sys.exit(EXIT_ERROR)
    if (output or not modes) and len(paths) != 1:
        fail("不带 --in-place 或 --diff 时只能修复一个文件 (without --in-place or --diff, give one "
             "draft)")
        sys.exit(EXIT_ERROR)
    if in_place and "-" in paths:
        fail("--in-place 不能用于标准输入 (cannot rewrite standard input in place)")
        sys.exit(EXIT_ERROR)
    word = any(p.lower().endswith(WORD_SUFFIXES) for p in paths)
    if word and not (output and not _is_stdout(output)) and not show_diff:
        fail(".docx 的修复需要 -o 新文件名，原文件不改 (a .docx is fixed into a copy: give -o OUT.docx)")
        sys.exit(EXIT_ERROR)
    # The command line's own codes first: an unknown one is the option's error, not the file's.
    select_rules(list(iter_codes(select)) or None, list(iter_codes(ignore)))
    config = config_from_options(
        config_file, paths, isolated, lexicons, extra_ignore=list(iter_codes(ignore)),
        select=list(iter_codes(select)) if select else None, fail_on=fail_on or None,
        max_size_mb=max_size or None)
    guard_outputs(paths, output, config=config)
    settings = settings_from_options(config)

    loader = DocumentLoader(config.max_size_mb * 1024 * 1024)
    threshold = severity_rank(config.fail_on)
    applied = remaining = 0
    failing = False
    fixed = 0
    diffs: list[str] = []
    def fix_one(d):
        return fix_document(d, config, unsafe=unsafe, settings=settings)

    for doc, outcome in loader.each(list(paths), fix_one):
        fixed += 1
        applied += outcome.applied
        remaining += len(outcome.remaining)
        failing |= any(severity_rank(f.severity) >= threshold for f in outcome.remaining)
        if show_diff:
            diffs.extend(difflib.unified_diff(
                doc.text.splitlines(keepends=True), outcome.text.splitlines(keepends=True),
                fromfile=doc.path, tofile=doc.path))
            if diffs and not diffs[-1].endswith("\n"):
                diffs[-1] += "\n\\ No newline at end of file\n"
            continue
        if doc.source_format == "docx":
            from rcheck.docx.revisions import write_revisions

            write_revisions(doc, outcome.text, output, accept=accept,
                            max_bytes=config.max_size_mb * 1024 * 1024)
            continue
        data = _encoded(doc, outcome.text)
        if in_place:
            if outcome.text != doc.text:
                emit(data, doc.path)
        else:
            emit(data, output)
    if show_diff:
        emit("".join(diffs), None)
    if fixed:
        click.echo(f"rcheck: 已修复 {applied} 处，剩余 {remaining} 个问题 / {applied} fix(es) "
                   f"{'shown' if show_diff else 'applied'}, {remaining} finding(s) left", err=True)
    if loader.errors:
        sys.exit(EXIT_ERROR)
    if failing:
        sys.exit(EXIT_FINDINGS)


def _is_stdout(name: str) -> bool:
    from rcheck.output import is_stdout

    return is_stdout(name)
