"""What every `rcheck` command shares: exit codes, one-line errors, atomic output, settings."""

from __future__ import annotations

from collections.abc import Iterator

import click

from .config import Config, find_config, read_config
from .document import Document
from .errors import InputError

EXIT_FINDINGS = 1
EXIT_ERROR = 2


def fail(message: str) -> None:
    click.echo(f"rcheck: error: {message}", err=True)


def emit(text: str, output: str | None) -> None:
    if output:
        from .output import write_atomic

        write_atomic(output, text)
    else:
        click.echo(text, nl=False)


def load_config(config_file: str | None, paths: list[str], isolated: bool) -> Config:
    if isolated:
        return Config()
    if config_file:
        return read_config(config_file)
    first = next((p for p in paths if p != "-"), ".")
    found = find_config(first)
    return read_config(found) if found else Config()


class DocumentLoader:
    """Reads each named draft in turn; an unreadable one gets its one-line error and is counted."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.errors = 0

    def documents(self, paths: list[str]) -> Iterator[Document]:
        from .readers import expand_paths, load

        for path in expand_paths(paths):
            try:
                yield load(path, max_bytes=self.max_bytes)
            except InputError as exc:
                fail(str(exc))
                self.errors += 1
