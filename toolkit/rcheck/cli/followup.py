"""`rcheck follow-up LAST NEW` (also `compare --follow-up`): last year's commitments and this
year's report on them."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

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
    warn,
)
from rcheck.errors import InputError
from rcheck.formats import WRITERS, write

FOLLOW_UP_FORMATS = tuple(WRITERS["follow-up"])
F = TypeVar("F", bound=Callable[..., Any])


def engine_options(command: F) -> F:
    """--engine, --workers, --scheduler and --connect-timeout, as compare and follow-up take them."""
    for option in reversed((
        click.option("--engine", type=click.Choice(["local", "dask"]), default="local",
                     show_default=True,
                     help="Where to run: this process, or a Dask cluster "
                          "(pip install 'rcheck[dask]'); the results are the same."),
        click.option("--workers", type=click.IntRange(min=1), default=None,
                     help="With --engine dask: start a local cluster of N worker processes "
                          "[default: 2]."),
        click.option("--scheduler", default=None,
                     help="With --engine dask: address of a running Dask scheduler "
                          "(tcp://host:8786)."),
        click.option("--connect-timeout", type=click.FloatRange(min=0.1), default=10.0,
                     show_default=True, help="Seconds to wait for --scheduler to answer."),
    )):
        command = option(command)
    return command


def run_follow_up(paths: tuple[str, ...], fmt: str, config_file: str | None, isolated: bool,
                  lexicons: tuple[str, ...], max_size: int | None, output: str | None,
                  color: bool | None, engine: str = "local", workers: int | None = None,
                  scheduler: str | None = None, timeout: float = 10.0) -> None:
    """`rcheck follow-up` and its alias `compare --follow-up`: settings resolved as every
    command resolves them, so the configuration's lexicons and template count here too.
    LAST and NEW are two drafts, or two folders whose reports are paired unit by unit."""
    if fmt not in FOLLOW_UP_FORMATS:
        raise click.UsageError("follow-up writes text or json (--format text|json)")
    if paths.count("-") > 1:
        raise click.UsageError("标准输入（-）只能出现一次 / standard input (-) can be named only once")
    check_engine(engine, workers, scheduler)
    if len(paths) != 2:
        raise click.UsageError("follow-up needs exactly two drafts, LAST and NEW: "
                               "last year's and this year's (or two folders of them)")
    folders = [p != "-" and os.path.isdir(p) for p in paths]
    if any(folders) and not all(folders):
        raise click.UsageError("give two drafts or two folders (last year's, this year's), "
                               "not one of each")
    config = config_from_options(config_file, paths, isolated, lexicons)
    guard_outputs(paths, output, config=config)
    settings = settings_from_options(config)
    max_bytes = (max_size or config.max_size_mb) * 1024 * 1024
    from rcheck.compare.dask_engine import dask_client

    if all(folders):
        _folders(paths, fmt, settings, max_bytes, output, color, engine, workers, scheduler,
                 timeout)
        return
    loader = DocumentLoader(max_bytes)
    docs = list(loader.documents(list(paths)))
    if loader.errors:
        sys.exit(EXIT_ERROR)
    if len(docs) != 2:
        raise click.UsageError("follow-up needs exactly two drafts, LAST and NEW: "
                               "last year's and this year's")
    earlier, later = docs
    if engine == "dask" and "-" not in paths:
        from rcheck.compare.followup_folders import follow_up_folders

        with dask_client(workers, scheduler, timeout) as client:
            report = follow_up_folders([paths[0]], [paths[1]], settings=settings, client=client,
                                       max_bytes=max_bytes, given=True)
        results = report.pairs[0].followups
    else:
        from rcheck.compare.followup import follow_up as follow_up_drafts

        results = follow_up_drafts(earlier, later, settings=settings)
    emit(write("follow-up", fmt, (earlier, later, results), color=wants_color(color, output)), output)
    if any(r.status == "missing" for r in results):
        sys.exit(EXIT_FINDINGS)


def check_engine(engine: str, workers: int | None, scheduler: str | None) -> None:
    if engine == "local" and (workers is not None or scheduler is not None):
        raise click.UsageError("--workers and --scheduler go with --engine dask")
    if workers is not None and scheduler is not None:
        raise click.UsageError("give --workers (a local cluster) or --scheduler, not both")


def _folders(paths: tuple[str, ...], fmt: str, settings: Any, max_bytes: int,
             output: str | None, color: bool | None, engine: str, workers: int | None,
             scheduler: str | None, timeout: float) -> None:
    """Two folders: each unit's reports paired by name or similarity, then followed up."""
    from rcheck.compare.dask_engine import dask_client
    from rcheck.compare.followup_folders import follow_up_folders
    from rcheck.text.readers import Skipped, scan_paths

    errors = 0
    sides: list[list[str]] = [[], []]
    for side, folder in zip(sides, paths, strict=True):
        for item in scan_paths([folder]):
            if isinstance(item, Skipped):
                warn(f"{item.path}: {item.reason}")
            elif isinstance(item, InputError):
                fail(str(item))
                errors += 1
            else:
                side.append(item)
    if engine == "dask":
        with dask_client(workers, scheduler, timeout) as client:
            report = follow_up_folders(*sides, settings=settings, client=client,
                                       max_bytes=max_bytes)
    else:
        report = follow_up_folders(*sides, settings=settings, max_bytes=max_bytes)
    for exc in report.errors:
        fail(str(exc))
    errors += len(report.errors)
    emit(write("follow-up", fmt, report, color=wants_color(color, output)), output)
    if errors:
        sys.exit(EXIT_ERROR)
    if report.changed:
        sys.exit(EXIT_FINDINGS)


@click.command("follow-up")
@click.argument("paths", nargs=-1, required=True, metavar="LAST NEW")
@click.option("--format", "fmt", type=click.Choice(FOLLOW_UP_FORMATS), default="text",
              show_default=True, help="Output format.")
@settings_options
@output_option
@click.option("--color/--no-color", default=None, help="Colour (default: on a terminal).")
@engine_options
def follow_up(paths: tuple[str, ...], fmt: str, config_file: str | None, isolated: bool,
              lexicons: tuple[str, ...], max_size: int | None, output: str | None,
              color: bool | None, engine: str = "local", workers: int | None = None,
              scheduler: str | None = None, connect_timeout: float = 10.0) -> None:
    """上年承诺有无下文 / Last year's commitments and this year's report on them.

    Lists each commitment of LAST (last year's plan) and the passage of NEW that reports on
    it, or none. LAST and NEW may be two folders (last year's reports, this year's): each
    unit's two reports are paired by file name (years left out) or else by similarity, and
    followed up; with --engine dask on a Dask cluster, with the same result. Exit codes: 0
    every commitment followed up, 1 some not (or a unit with no report this year), 2 usage
    or input error.
    """
    run_follow_up(paths, fmt, config_file, isolated, lexicons, max_size, output, color,
                  engine, workers, scheduler, connect_timeout)
