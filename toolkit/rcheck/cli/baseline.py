"""`rcheck baseline prune`: drop baseline entries that no longer match any finding."""

from __future__ import annotations

import sys

import click

from rcheck.cli.common import (
    EXIT_ERROR,
    DocumentLoader,
    emit,
    load_config,
    settings_from_options,
    settings_options,
)


@click.group()
def baseline() -> None:
    """Baselines: findings recorded by `rcheck lint --write-baseline` and hidden by `--baseline`."""


@baseline.command()
@click.argument("baseline_file", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, required=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write the pruned baseline here instead of rewriting BASELINE_FILE.")
@settings_options
def prune(baseline_file: str, paths: tuple[str, ...], output: str | None, config_file: str | None,
          isolated: bool, lexicons: tuple[str, ...], max_size: int | None) -> None:
    """Lint PATHs and drop the entries of BASELINE_FILE for them that no finding matches any more,
    and those of drafts deleted under PATHs (entries of other drafts, and of rules that did not
    run, are kept)."""
    from rcheck.fixes.baseline import gone_entries, path_key, pruned, read_baseline, split, unused_entries
    from rcheck.linter import check_document
    from rcheck.output import check_outputs
    from rcheck.text.readers import expand_paths

    target = output or baseline_file
    check_outputs(expand_paths(list(paths)), [("--output", target)], stdout_used=False)
    old = read_baseline(baseline_file)
    config = load_config(config_file, list(paths), isolated)
    changes: dict[str, object] = {}
    if lexicons:
        changes["lexicons"] = [*config.lexicons, *lexicons]
    if max_size:
        changes["max_size_mb"] = max_size
    config = config.replace(**changes)
    settings = settings_from_options(config)
    left = old.counts()
    checked: dict[str, frozenset[str]] = {}
    loader = DocumentLoader(config.max_size_mb * 1024 * 1024)
    for doc, result in loader.each(list(paths), lambda d: check_document(d, config, settings=settings)):
        split(old, doc.path, result.findings, doc.text, left)
        checked[path_key(doc.path)] = result.codes
    if loader.errors:  # an unread draft would lose its entries: write nothing
        sys.exit(EXIT_ERROR)
    # Kept: the entries of drafts not given, and of rules that did not run (W105 unless selected).
    given = [path_key(p) for p in paths if p != "-"]
    new = pruned(old, unused_entries(old, left, checked) + gone_entries(old, checked, given))
    emit(new.to_json(), target)
    dropped = len(old.entries) - len(new.entries)
    click.echo(f"rcheck: 基线删去 {dropped} 条不再匹配的记录，保留 {len(new.entries)} 条 / "
               f"{dropped} stale entr(ies) dropped, {len(new.entries)} kept", err=True)
