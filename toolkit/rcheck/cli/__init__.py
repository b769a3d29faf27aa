"""The `rcheck` command: parses options, calls the library, picks a writer. Thin on purpose.

Exit codes: 0 nothing at or above `--fail-on`, 1 findings, 2 usage or input error.
"""

from __future__ import annotations

import errno
import sys

import click

from rcheck import __version__
from rcheck.cli.common import EXIT_ERROR, fail, stdout_error
from rcheck.errors import RcheckError


def _usage_line(exc: click.UsageError) -> str:
    command = exc.ctx.command_path if exc.ctx is not None else "rcheck"
    return f"{exc.format_message()} （运行 {command} --help 查看用法 / see {command} --help）"


_WRITE_ERRORS = {errno.EPIPE, errno.ENOSPC, errno.EIO, errno.EFBIG, getattr(errno, "EDQUOT", -1)}


def _terminate(signum: int, frame: object) -> None:
    # SIGTERM unwinds like an exception, so a write in progress removes its temp file.
    raise SystemExit(128 + signum)


class _Group(click.Group):
    """Usage errors exit 2 with one line, and no traceback ever reaches the user."""

    def main(self, *args, **kwargs):  # type: ignore[override]
        if not kwargs.pop("standalone_mode", True):
            return super().main(*args, standalone_mode=False, **kwargs)
        import signal
        import threading

        previous = None
        if threading.current_thread() is threading.main_thread():
            previous = signal.signal(signal.SIGTERM, _terminate)
        code: int | str | None = 0
        try:
            code = self._run(*args, **kwargs)
        except SystemExit as exc:
            code = exc.code
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
        try:
            sys.stdout.flush()
        except OSError as exc:  # `> /dev/full`, a closed pipe: the output is lost, say so
            fail(str(stdout_error(exc)))
            code = EXIT_ERROR
        sys.exit(code)

    def _run(self, *args, **kwargs) -> int:
        try:
            result = super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # bare `rcheck`: the help is the answer
                exc.show()
            else:
                fail(_usage_line(exc))
            return EXIT_ERROR
        except click.ClickException as exc:
            fail(exc.format_message())
            return EXIT_ERROR
        except click.Abort as exc:
            if isinstance(exc.__cause__, EOFError):  # click turns any EOFError into Abort
                fail(f"数据意外结束 (unexpected end of data: {exc.__cause__})")
            else:
                fail("已中断 (aborted)")
            return EXIT_ERROR
        except RcheckError as exc:
            fail(str(exc))
            return EXIT_ERROR
        except OSError as exc:
            if exc.filename is None and exc.errno in _WRITE_ERRORS:  # echo to standard output
                fail(str(stdout_error(exc)))
                return EXIT_ERROR
            fail(f"{exc.filename}: {exc.strerror or exc} （无法读写 / cannot read or write）")
            return EXIT_ERROR
        except Exception as exc:  # a bug: still one line, never a traceback
            fail(f"内部错误，请报告 (internal error: {type(exc).__name__}: {exc})")
            return EXIT_ERROR
        return result if isinstance(result, int) else 0


# Each command lives in its own module, imported when the command is run (or listed by --help):
# `rcheck lint` need not load what diff, graph or serve import. Name -> (module, attribute).
_COMMANDS = {
    "lint": ("lint", "lint"), "rules": ("rules", "rules"), "explain": ("rules", "explain"),
    "extract": ("extract", "extract"), "graph": ("graph", "graph"), "diff": ("diff", "diff"),
    "compare": ("diff", "compare"), "follow-up": ("followup", "follow_up"), "serve": ("serve", "serve"),
    "fix": ("fix", "fix"), "baseline": ("baseline", "baseline"), "server": ("server", "server"),
}


class _LazyGroup(_Group):
    """click's documented pattern for subcommands loaded on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*super().list_commands(ctx), *_COMMANDS]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in _COMMANDS:
            return super().get_command(ctx, cmd_name)
        from importlib import import_module

        module, attribute = _COMMANDS[cmd_name]
        command = getattr(import_module(f"rcheck.cli.{module}"), attribute)
        self.add_command(command, cmd_name)
        return command


@click.group(name="rcheck", cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rcheck")
def main() -> None:
    """rcheck: 检查党政机关工作报告草稿 (check Chinese official report drafts)."""


if __name__ == "__main__":  # pragma: no cover
    main()
