"""`rcheck extract`: the metrics and commitments of drafts, as JSON, CSV or Markdown."""

from __future__ import annotations

import sys

import click

from rcheck.cli.common import (
    EXIT_ERROR,
    DocumentLoader,
    config_from_options,
    emit,
    guard_outputs,
    output_option,
    settings_from_options,
    settings_options,
)
from rcheck.formats import EXTRACT_FORMATS, write


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(EXTRACT_FORMATS), default="json", show_default=True,
              help="Output format.")
@click.option("--template", default=None,
              help="Report kind: auto (detect) or a template key; decides where the plan part is.")
@settings_options
@output_option
def extract(paths: tuple[str, ...], fmt: str, template: str | None, config_file: str | None, isolated: bool,
            lexicons: tuple[str, ...], max_size: int | None, output: str | None) -> None:
    """Metrics (数据) and commitments (承诺) of drafts: PATH is a file, a directory or -."""
    from rcheck.extract import extract as run_extract
    config = config_from_options(config_file, paths, isolated, lexicons)
    guard_outputs(paths, output, config=config)
    settings = settings_from_options(config, template)
    loader = DocumentLoader((max_size or config.max_size_mb) * 1024 * 1024)
    results = list(loader.each(list(paths), lambda doc: run_extract(doc, settings=settings)))
    emit(write("extract", fmt, results), output)
    if loader.errors:
        sys.exit(EXIT_ERROR)
