"""What every `rcheck` command shares: exit codes, one-line errors, atomic output, settings."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from rcheck.config import Config, find_config, read_config
from rcheck.errors import ConfigError, InputError, RcheckError
from rcheck.text.document import Document
from rcheck.timings import Timings, timed

if TYPE_CHECKING:
    from rcheck.settings import Settings

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

EXIT_FINDINGS = 1
EXIT_ERROR = 2


def _one_line(message: str) -> str:
    from rcheck.output import printable

    return " ".join(printable(message).split())


def fail(message: str) -> None:
    click.echo(f"rcheck: error: {_one_line(message)}", err=True)


def warn(message: str) -> None:
    click.echo(f"rcheck: warning: {_one_line(message)}", err=True)


def silence_stdout() -> None:
    """After a failed write to standard output: send what is still buffered nowhere, so the
    interpreter's own flush at exit does not fail a second time with a traceback."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):
        pass


def stdout_error(exc: OSError) -> RcheckError:
    from rcheck.output import OutputError

    silence_stdout()
    return OutputError("<stdout>", f"无法写入标准输出 (cannot write standard output: "
                                   f"{exc.strerror or exc})")


def emit(data: str | bytes | Iterable[str], output: str | None) -> None:
    """Write a command's result to `output` atomically, or to standard output (`None`, `-`);
    text in pieces is written piece by piece, never joined."""
    from rcheck.output import is_stdout, write_atomic

    if output and not is_stdout(output):
        try:
            write_atomic(output, data)
        except OSError as exc:
            from rcheck.output import OutputError, describe_os_error

            raise OutputError(output, describe_os_error(exc)) from None
        return
    try:
        for piece in [data] if isinstance(data, (str, bytes)) else data:
            click.echo(piece, nl=False)  # bytes (CSV with its BOM, PNG) go to the binary stream
        sys.stdout.flush()
    except OSError as exc:
        raise stdout_error(exc) from None


def guard_outputs(paths: Iterable[str], output: str | None, *, annotate: str | None = None,
                  corpus: str | None = None, config: Config | None = None,
                  lexicons: Iterable[str] = ()) -> None:
    """Before any draft is read: refuse an output that is an input (a draft, the settings file,
    a lexicon file) or another output, or that cannot be written."""
    from rcheck.output import check_outputs, is_stdout
    from rcheck.text.readers import expand_paths

    def inputs() -> Iterator[str]:
        yield from expand_paths(list(paths))
        if corpus is not None:
            yield from expand_paths([corpus])
        if config is not None and config.source:
            yield config.source
        for folder in [*(config.lexicons if config is not None else []), *lexicons]:
            yield from (str(p) for p in Path(folder).rglob("*.toml"))

    check_outputs(inputs(), [("--output", output), ("--annotate", annotate)],
                  stdout_used=output is None or is_stdout(output))


def load_config(config_file: str | None, paths: list[str], isolated: bool) -> Config:
    if isolated:
        return Config()
    if config_file:
        try:
            mode = os.stat(config_file).st_mode
        except OSError:
            mode = None  # reading it reports what is wrong
        if mode is not None and not stat.S_ISREG(mode):  # a FIFO would block the read forever
            raise ConfigError(f"{config_file}: 不是普通文件 (not a regular file)")
        return read_config(config_file)
    first = next((p for p in paths if p != "-"), ".")
    try:
        found = find_config(first)
    except (RuntimeError, OSError):
        # A symlink loop or an overlong name: look from its folder; reading it reports it.
        try:
            found = find_config(os.path.dirname(os.path.abspath(first)))
        except (RuntimeError, OSError):
            found = None
    return read_config(found) if found else Config()


def config_from_options(config_file: str | None, paths: Iterable[str], isolated: bool,
                        lexicons: Iterable[str] = (), *, extra_ignore: Iterable[str] = (),
                        **changes: Any) -> Config:
    """The settings file a command finds (or is given), with its command-line options on top:
    `--lexicon` directories and `--ignore` codes after the file's, and any other `Config`
    field in `changes` (`None` leaves the file's value)."""
    config = load_config(config_file, [p for p in paths if p != "-"], isolated)
    updates = {k: v for k, v in changes.items() if v is not None}
    extra, ignored = list(lexicons), list(extra_ignore)
    if extra:
        updates["lexicons"] = [*config.lexicons, *extra]
    if ignored:
        updates["ignore"] = [*config.ignore, *ignored]
    return config.replace(**updates) if updates else config


def settings_from_options(config: Config, template: str | None = None) -> Settings:
    """The command's one `Settings`: every lexicon file (user directories included) and the
    configured template validated, before any draft is read.

    Every command resolves it here, once, so a malformed lexicon or setting fails every
    command alike, not only the one whose rule happens to read the key; `template` is the
    command's `--template`, which wins over the file's."""
    from rcheck.rules import validate_rule_codes
    from rcheck.settings import settings_from_config

    validate_rule_codes(config)
    settings = settings_from_config(config)
    if config.source and config.template != "auto":
        from rcheck.facts.templates import load_templates

        templates = load_templates(settings.lexicon)
        if not any(config.template in (t.key, t.name) for t in templates.values()):
            raise ConfigError(f"{config.source}: template: 没有这个报告类型 / unknown template "
                              f"{config.template!r} (known: {', '.join(sorted(templates))})")
    return settings.with_template(template)


class DocumentLoader:
    """Reads each named draft in turn; an unreadable one gets its one-line error and is counted,
    and a file a directory scan will not check (.doc, .pdf…) a warning line."""

    def __init__(self, max_bytes: int, timings: Timings | None = None) -> None:
        self.max_bytes = max_bytes
        self.errors = 0
        self.skipped = 0
        self.timings = timings  # reading is a step of `--profile`

    def documents(self, paths: list[str]) -> Iterator[Document]:
        from rcheck.text.readers import Skipped, load, scan_paths

        for item in scan_paths(paths):
            if isinstance(item, Skipped):
                warn(f"{item.path}: {item.reason}")
                self.skipped += 1
                continue
            if isinstance(item, InputError):
                fail(str(item))
                self.errors += 1
                continue
            try:
                with timed(self.timings, "read"):
                    doc = load(item, max_bytes=self.max_bytes)
            except Exception as exc:
                self._failed(item, exc)
                continue
            yield doc

    def each(self, paths: list[str], work: Callable[[Document], T]) -> Iterator[tuple[Document, T]]:
        """(draft, work(draft)) for each readable draft: one that `work` fails on gets its
        one-line error and is counted, and the others still go on."""
        for doc in self.documents(paths):
            try:
                result = work(doc)
            except Exception as exc:
                self._failed(doc.path, exc)
                continue
            yield doc, result

    def _failed(self, path: str, exc: Exception) -> None:
        if isinstance(exc, InputError):
            fail(str(exc))
        elif isinstance(exc, RcheckError):
            raise exc  # settings or lexicons: every draft would fail the same way
        else:  # a bug met on this draft (RecursionError…): still one line, and the rest go on
            fail(f"{path}: 内部错误，请报告 (internal error: {type(exc).__name__}: {exc})")
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


def wants_color(color: bool | None, output: str | None) -> bool:
    """`--color/--no-color` as given, else colour only on a terminal's standard output."""
    return color if color is not None else (output in (None, "-", "/dev/stdout")
                                            and sys.stdout.isatty())
