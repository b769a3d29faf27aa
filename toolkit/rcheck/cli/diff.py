"""`rcheck diff` and `rcheck compare`: parse options, call the library, pick a writer."""

from __future__ import annotations

import sys
from typing import Any

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
from rcheck.cli.followup import check_engine, engine_options
from rcheck.errors import InputError
from rcheck.formats import COMPARE_FORMATS, DIFF_FORMATS, write

# Options of `compare` that follow-up has no use for: given with --follow-up, a usage error.
_COMPARE_ONLY = ("corpus", "threshold", "min_length", "max_df", "no_index")
_PROGRESS_MIN = 50  # fewer files than this finish before a bar is worth drawing
_STAGES = {"index": "建立语料索引 indexing corpus", "sketch": "读取文稿 sketching",
           "lsh": "查找候选 finding candidates", "align": "比对候选 aligning candidates",
           "sign": "计算签名 signing"}


def _stderr_is_tty() -> bool:
    return sys.stderr.isatty()


class _ProgressBars:
    """One click progress bar per stage of the library's work, on standard error."""

    def __init__(self) -> None:
        self.stage: str | None = None
        self.bar: Any = None
        self.done = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.close()
            if total < _PROGRESS_MIN:
                self.stage = stage
                return
            self.stage, self.done = stage, 0
            self.bar = click.progressbar(length=total, label=_STAGES.get(stage, stage),
                                         file=sys.stderr)
            self.bar.__enter__()
        if self.bar is not None:
            self.bar.update(done - self.done)
            self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _load_one(path: str, max_bytes: int):
    from rcheck.text.readers import load

    try:
        return load(path, max_bytes=max_bytes)
    except InputError as exc:
        fail(str(exc))
        sys.exit(EXIT_ERROR)


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="OLD NEW | --template NAME DRAFT")
@click.option("--format", "fmt", type=click.Choice(DIFF_FORMATS), default="text",
              show_default=True, help="Output format (html: one self-contained page).")
@click.option("--template", default=None,
              help="Report kind (a template key, or auto). With one DRAFT: set the draft "
                   "against this template. With OLD NEW: the kind whose required sections "
                   "are checked in NEW [default: auto].")
@settings_options
@output_option
@click.option("--color/--no-color", default=None, help="Colour (default: on a terminal).")
def diff(paths: tuple[str, ...], fmt: str, template: str | None, config_file: str | None,
         isolated: bool, lexicons: tuple[str, ...], max_size: int | None, output: str | None,
         color: bool | None) -> None:
    """对比两个版本 / Compare two versions of a draft, section by section.

    Sections are paired by their headings (matched fuzzily, so a renamed or renumbered
    section still pairs; a moved one is reported as moved), then compared word by word.
    Also reported: changed metrics (18次 → 22次), placeholders introduced and resolved,
    sections added or removed, required sections still missing in NEW.

    With --template NAME (or auto) and one DRAFT: each template section present (with the
    heading that matched and its score), missing or out of order, and the draft's other
    sections.

    Exit codes, as diff(1): 0 no differences (template mode: nothing required missing, nothing
    out of order), 1 differences, 2 usage or input error.
    """
    from rcheck.diff import diff_documents, diff_template

    config = config_from_options(config_file, paths, isolated, lexicons)
    guard_outputs(paths, output, config=config)
    max_bytes = (max_size or config.max_size_mb) * 1024 * 1024
    settings = settings_from_options(config, template)
    use_color = wants_color(color, output)

    if len(paths) == 1:
        if template is None:
            raise click.UsageError("one DRAFT needs --template NAME (or auto); "
                                   "to compare versions give OLD and NEW")
        doc = _load_one(paths[0], max_bytes)
        result = diff_template(doc, settings=settings)
        emit(write("diff-template", fmt, result, color=use_color), output)
        if result.changed:
            sys.exit(EXIT_FINDINGS)
        return
    if len(paths) != 2:
        raise click.UsageError(f"expected OLD and NEW, got {len(paths)} paths")
    if paths == ("-", "-"):
        raise click.UsageError("only one of OLD and NEW can be standard input")

    old, new = (_load_one(p, max_bytes) for p in paths)
    result = diff_documents(old, new, settings=settings)
    emit(write("diff", fmt, result, color=use_color), output)
    if result.changed:
        sys.exit(EXIT_FINDINGS)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--corpus", type=click.Path(file_okay=False), default=None,
              help="A folder of earlier drafts or model texts to compare against; it is "
                   "indexed once (DIR/.rcheck-index/) and the index reused.")
@click.option("--format", "fmt", type=click.Choice(COMPARE_FORMATS), default="text",
              show_default=True, help="Output format (html: one self-contained page).")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=0.8, show_default=True,
              help="Least similarity of a shared passage (2 × matched / both lengths).")
@click.option("--min-length", type=click.IntRange(min=10), default=50, show_default=True,
              help="Least length of a shared passage, in Han characters, letters and digits.")
@click.option("--max-df", type=click.IntRange(min=2), default=None,
              help="Text found in more drafts than this is boilerplate "
                   "[default: 50, or 5% of the drafts].")
@click.option("--no-index", is_flag=True, help="Do not write the corpus index to disk.")
@click.option("--index-format", type=click.Choice(["npz", "parquet"]), default="npz",
              show_default=True,
              help="The corpus index as one numpy file, or as Parquet shards "
                   "(DIR/.rcheck-index/shards/, needs pyarrow) for large archives.")
@click.option("--follow-up", "follow_up_mode", is_flag=True,
              help="With two drafts or two folders (last year's, this year's): the same as "
                   "`rcheck follow-up LAST NEW`.")
@settings_options
@output_option
@click.option("--color/--no-color", default=None, help="Colour (default: on a terminal).")
@engine_options
def compare(paths: tuple[str, ...], corpus: str | None, fmt: str, threshold: float,
            min_length: int, max_df: int | None, no_index: bool, config_file: str | None,
            isolated: bool, lexicons: tuple[str, ...], max_size: int | None, output: str | None,
            color: bool | None, follow_up_mode: bool = False, engine: str = "local",
            workers: int | None = None, scheduler: str | None = None,
            connect_timeout: float = 10.0, index_format: str = "npz") -> None:
    """查找相同段落 / Find passages shared between drafts.

    PATH is a file, a folder (the drafts in it) or - for standard input. Reports each
    pair of drafts that share a passage (a paragraph reused across units' reports, or copied
    from a model text) with the matching spans in both and their similarity, and a
    similarity matrix of the drafts. With --corpus DIR the drafts are also compared with
    every file in DIR (not the corpus files with each other).

    Candidates come from MinHash/LSH, never from all pairs, so thousands of drafts are fine;
    a progress bar shows on a terminal.

    With --follow-up and two drafts, lists each commitment of the first (last year's plan) and
    the passage of the second that reports on it; exit code 1 when any has none.

    Exit codes: 0 no shared passages, 1 shared passages found, 2 usage or input error.
    """
    from rcheck.compare import compare_documents

    if follow_up_mode:  # the alias of `rcheck follow-up`, which has none of compare's own options
        _follow_up_alias(paths, fmt, config_file, isolated, lexicons, max_size, output, color,
                         engine, workers, scheduler, connect_timeout)
        return
    if paths.count("-") > 1:
        raise click.UsageError("标准输入（-）只能出现一次 / standard input (-) can be named only once")
    check_engine(engine, workers, scheduler)
    config = config_from_options(config_file, paths, isolated, lexicons)
    guard_outputs(paths, output, corpus=corpus, config=config)
    settings_from_options(config)  # compare reads no words, but a bad lexicon fails here too
    max_bytes = (max_size or config.max_size_mb) * 1024 * 1024
    bars = _ProgressBars() if _stderr_is_tty() else None
    loader = DocumentLoader(max_bytes)
    if engine == "dask":
        _compare_dask(list(paths), corpus, fmt, threshold, min_length, max_df, no_index,
                      max_bytes, output, color, workers, scheduler, connect_timeout, bars,
                      index_format)
        return
    docs = list(loader.documents(list(paths)))
    index = None
    try:
        if corpus is not None:
            index = _open_corpus(corpus, index_format, max_bytes, not no_index, bars)
            for exc in index.errors:
                fail(str(exc))
            for line in index.warnings:
                click.echo(f"rcheck: warning: {line}", err=True)
            loader.errors += len(index.errors)
        if not docs and index is None:
            if not loader.errors:  # else every input failed, each with its own line already
                fail("no drafts to compare （没有可比较的文稿）")
            sys.exit(EXIT_ERROR)
        result = compare_documents(docs, index, threshold=threshold, min_chars=min_length,
                                   max_df=max_df, progress=bars)
    finally:
        if bars is not None:
            bars.close()
    for exc in result.errors:
        fail(str(exc))
    loader.errors += len(result.errors)
    emit(write("compare", fmt, result, color=wants_color(color, output), unreadable=loader.errors),
         output)
    if loader.errors:
        sys.exit(EXIT_ERROR)
    if result.changed:
        sys.exit(EXIT_FINDINGS)


def _follow_up_alias(paths: tuple[str, ...], fmt: str, config_file: str | None, isolated: bool,
                     lexicons: tuple[str, ...], max_size: int | None, output: str | None,
                     color: bool | None, engine: str, workers: int | None,
                     scheduler: str | None, timeout: float) -> None:
    """`compare --follow-up`: `rcheck follow-up`, on the same engine, refusing compare's own
    options it has no use for."""
    unused = [f"--{name.replace('_', '-')}" for name in _COMPARE_ONLY
              if click.get_current_context().get_parameter_source(name)
              is not click.core.ParameterSource.DEFAULT]
    if unused:
        raise click.UsageError(f"--follow-up does not use {', '.join(unused)} "
                               "(follow-up 不使用这些选项)")
    from rcheck.cli.followup import run_follow_up

    run_follow_up(paths, fmt, config_file, isolated, lexicons, max_size, output, color, engine,
                  workers, scheduler, timeout)


def _open_corpus(corpus: str, index_format: str, max_bytes: int, store: bool, bars: Any,
                 sketcher: Any = None) -> Any:
    if index_format == "parquet":
        try:
            import pyarrow  # noqa: F401

            from rcheck.compare.shards import ShardedIndex
        except ImportError as exc:
            raise click.UsageError("--index-format parquet needs pyarrow: "
                                   "pip install 'rcheck[dask]'") from exc
        return ShardedIndex.open(corpus, max_bytes=max_bytes, store=store, progress=bars,
                                 sketcher=sketcher)
    from rcheck.compare.index import CorpusIndex

    return CorpusIndex.open(corpus, max_bytes=max_bytes, store=store, progress=bars)


def _compare_dask(paths: list[str], corpus: str | None, fmt: str, threshold: float,
                  min_length: int, max_df: int | None, no_index: bool, max_bytes: int,
                  output: str | None, color: bool | None, workers: int | None,
                  scheduler: str | None, timeout: float, bars: Any,
                  index_format: str = "npz") -> None:
    """`compare` on Dask: the files are listed here and read by the workers."""
    from rcheck.compare.dask_engine import Source, compare_dask, corpus_sketcher, dask_client
    from rcheck.text.readers import Skipped, load, scan_paths

    errors = 0
    sources: list[Source] = []
    for item in scan_paths(paths):
        if isinstance(item, Skipped):
            warn(f"{item.path}: {item.reason}")
        elif isinstance(item, InputError):
            fail(str(item))
            errors += 1
        elif item == "-":
            try:
                doc = load(item, max_bytes=max_bytes)
            except InputError as exc:
                fail(str(exc))
                errors += 1
                continue
            sources.append(Source(doc.path, doc=doc))
        else:
            sources.append(Source(item, read=item))
    index = None
    try:
        with dask_client(workers, scheduler, timeout) as client:
            if corpus is not None:
                # A Parquet index has its new files sketched on the workers.
                index = _open_corpus(corpus, index_format, max_bytes, not no_index, bars,
                                     corpus_sketcher(client))
                for exc in index.errors:
                    fail(str(exc))
                for line in index.warnings:
                    click.echo(f"rcheck: warning: {line}", err=True)
                errors += len(index.errors)
            if not sources and index is None:
                if not errors:
                    fail("no drafts to compare （没有可比较的文稿）")
                sys.exit(EXIT_ERROR)
            run = compare_dask(client, sources, index, threshold=threshold,
                               min_chars=min_length, max_df=max_df, max_bytes=max_bytes,
                               progress=bars)
    finally:
        if bars is not None:
            bars.close()
    result = run.result
    for exc in run.unreadable + result.errors:
        fail(str(exc))
    errors += len(run.unreadable) + len(result.errors)
    if not result.files and index is None and errors:
        sys.exit(EXIT_ERROR)
    emit(write("compare", fmt, result, color=wants_color(color, output), unreadable=errors), output)
    if errors:
        sys.exit(EXIT_ERROR)
    if result.changed:
        sys.exit(EXIT_FINDINGS)

