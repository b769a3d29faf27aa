"""What every `rcheck` command shares: exit codes, one-line errors, atomic output, settings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .config import Config, find_config, read_config
from .document import Document
from .errors import ConfigError, InputError

if TYPE_CHECKING:
    from .lexicon import Lexicon

F = TypeVar("F", bound=Callable[..., Any])

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


def check_settings(config: Config, extra_lexicons: tuple[str, ...] = ()) -> Lexicon:
    """Every lexicon file (user directories included) validated, before any draft is read.

    Each command calls this once, so a malformed lexicon or setting fails every command
    alike, not only the one whose rule happens to read the key."""
    from .lexicon import load_lexicon

    lexicon = load_lexicon(tuple([*config.lexicons, *extra_lexicons]))
    if config.source and config.template != "auto":
        from .templates import load_templates

        templates = load_templates(lexicon)
        if not any(config.template in (t.key, t.name) for t in templates.values()):
            raise ConfigError(f"{config.source}: template: 没有这个报告类型 / unknown template "
                              f"{config.template!r} (known: {', '.join(sorted(templates))})")
    return lexicon


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


# Options every command that reads drafts shares, declared once.
_SETTINGS = (
    click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
                 help="Settings file (rcheck.toml or pyproject.toml)."),
    click.option("--isolated", is_flag=True, help="Ignore every configuration file."),
    click.option("--lexicon", "lexicons", multiple=True, type=click.Path(file_okay=False),
                 help="Extra lexicon directory (repeatable)."),
    click.option("--max-size", type=click.IntRange(min=1), default=None,
                 help="Largest input in MB [default: 20]."),
)
output_option = click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
                             help="Write to this file (atomically) instead of standard output.")


def settings_options(command: F) -> F:
    """--config, --isolated, --lexicon and --max-size."""
    for option in reversed(_SETTINGS):
        command = option(command)
    return command
