"""`rcheck follow-up LAST NEW` (also `compare --follow-up`): last year's commitments and this
year's report on them."""

from __future__ import annotations

import sys

import click

from rcheck.cli.common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    DocumentLoader,
    config_from_options,
    emit,
    guard_outputs,
    output_option,
    settings_from_options,
    settings_options,
    wants_color,
)
from rcheck.formats import WRITERS, write

FOLLOW_UP_FORMATS = tuple(WRITERS["follow-up"])


def run_follow_up(paths: tuple[str, ...], fmt: str, config_file: str | None, isolated: bool,
               lexicons: tuple[str, ...], max_size: int | None, output: str | None,
               color: bool | None) -> None:
    """`rcheck follow-up` and its alias `compare --follow-up`: settings resolved as every
    command resolves them, so the configuration's lexicons and template count here too."""
    from rcheck.compare.followup import follow_up as follow_up_drafts

    if fmt not in FOLLOW_UP_FORMATS:
        raise click.UsageError("follow-up writes text or json (--format text|json)")
    if paths.count("-") > 1:
        raise click.UsageError("标准输入（-）只能出现一次 / standard input (-) can be named only once")
    config = config_from_options(config_file, paths, isolated, lexicons)
    guard_outputs(paths, output, config=config)
    settings = settings_from_options(config)
    loader = DocumentLoader((max_size or config.max_size_mb) * 1024 * 1024)
    docs = list(loader.documents(list(paths)))
    if loader.errors:
        sys.exit(EXIT_ERROR)
    if len(docs) != 2:
        raise click.UsageError("follow-up needs exactly two drafts, LAST and NEW: "
                               "last year's and this year's")
    earlier, later = docs
    results = follow_up_drafts(earlier, later, settings=settings)
    emit(write("follow-up", fmt, (earlier, later, results), color=wants_color(color, output)), output)
    if any(r.status == "missing" for r in results):
        sys.exit(EXIT_FINDINGS)


@click.command("follow-up")
@click.argument("paths", nargs=-1, required=True, metavar="LAST NEW")
@click.option("--format", "fmt", type=click.Choice(FOLLOW_UP_FORMATS), default="text",
              show_default=True, help="Output format.")
@settings_options
@output_option
@click.option("--color/--no-color", default=None, help="Colour (default: on a terminal).")
def follow_up(paths: tuple[str, ...], fmt: str, config_file: str | None, isolated: bool,
              lexicons: tuple[str, ...], max_size: int | None, output: str | None,
              color: bool | None) -> None:
    """上年承诺有无下文 / Last year's commitments and this year's report on them.

    Lists each commitment of LAST (last year's plan) and the passage of NEW that reports on
    it, or none. Exit codes: 0 every commitment followed up, 1 some not, 2 usage or input error.
    """
    run_follow_up(paths, fmt, config_file, isolated, lexicons, max_size, output, color)
