"""`rcheck graph`: who does what, from one plan or several — the graph and the 任务分工表."""

from __future__ import annotations

import sys

import click

from rcheck.cli.common import (
    EXIT_ERROR,
    DocumentLoader,
    config_from_options,
    emit,
    fail,
    guard_outputs,
    output_option,
    settings_from_options,
    settings_options,
)
from rcheck.formats import BY_UNIT_FORMATS, FILE_ONLY_FORMATS, GRAPH_FORMATS, write


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(GRAPH_FORMATS), default="json", show_default=True,
              help="Output format (xlsx, svg and png need --output).")
@click.option("--by-unit", is_flag=True,
              help="csv/markdown: each unit's list (每个单位的责任清单) instead of the task table.")
@click.option("--template", default=None,
              help="Report kind: auto (detect) or a template key; decides where the plan part is.")
@settings_options
@output_option
def graph(paths: tuple[str, ...], fmt: str, by_unit: bool, template: str | None, config_file: str | None,
          isolated: bool, lexicons: tuple[str, ...], max_size: int | None, output: str | None) -> None:
    """任务分工表和关系图 (task allocation): measures, owners, targets and sections of drafts
    (PATH: file, directory or -); several drafts make one graph, one node per unit."""
    from rcheck.extract import extract_commitments
    from rcheck.formats.graph_export import find_dot
    from rcheck.graph import graph_from_commitments

    if fmt in FILE_ONLY_FORMATS and not output:
        fail(f"--format {fmt} writes a file: give --output FILE （{fmt} 格式需要用 --output 指定输出文件）")
        sys.exit(EXIT_ERROR)
    if by_unit and fmt not in BY_UNIT_FORMATS:
        fail("--by-unit works with --format csv or markdown (xlsx always has both sheets) "
             "（--by-unit 只用于 csv 和 markdown）")
        sys.exit(EXIT_ERROR)
    if fmt in ("svg", "png"):
        find_dot()  # before any work: GraphvizNotFound is one line and exit 2

    config = config_from_options(config_file, paths, isolated, lexicons)
    guard_outputs(paths, output, config=config)
    settings = settings_from_options(config, template)
    loader = DocumentLoader((max_size or config.max_size_mb) * 1024 * 1024)
    items = list(loader.each(list(paths), lambda doc: extract_commitments(doc, settings=settings)))
    if not items:
        if not loader.errors:  # else every input failed, each with its own line already
            fail("no drafts found （没有找到 .txt/.md/.docx 文稿）")
        sys.exit(EXIT_ERROR)
    data = write("graph", fmt, graph_from_commitments(items, settings=settings), by_unit=by_unit)
    emit(data, output)
    if loader.errors:
        sys.exit(EXIT_ERROR)
