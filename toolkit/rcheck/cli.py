"""The `rcheck` command: parses options, calls the library, picks a writer. Thin on purpose.

Exit codes: 0 nothing at or above `--fail-on`, 1 findings, 2 usage or input error.
"""

from __future__ import annotations

import errno
import sys

import click

from . import __version__
from .cli_common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    DocumentLoader,
    check_settings,
    emit,
    fail,
    guard_outputs,
    load_config,
    stdout_error,
)
from .errors import RcheckError
from .finding import SEVERITIES, severity_rank
from .formats import LINT_FORMATS, FileResult, render


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


@click.group(name="rcheck", cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rcheck")
def main() -> None:
    """rcheck: 检查党政机关工作报告草稿 (check Chinese official report drafts)."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(LINT_FORMATS), default="text",
              show_default=True, help="Output format.")
@click.option("--select", multiple=True, help="Rule codes or prefixes to run (P101,T1).")
@click.option("--ignore", multiple=True, help="Rule codes or prefixes to skip.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Lowest severity that makes the exit code 1 [default: warning].")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="Settings file (rcheck.toml or pyproject.toml).")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--lexicon", "lexicons", multiple=True, type=click.Path(file_okay=False),
              help="Extra lexicon directory (repeatable).")
@click.option("--template", default=None,
              help="Report kind: auto (detect from title and headings) or a template key.")
@click.option("--explain-kind", is_flag=True,
              help="Say which report kind each draft was checked as, and why.")
@click.option("--max-size", type=click.IntRange(min=1), default=None,
              help="Largest input in MB [default: 20].")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write to this file (atomically) instead of standard output.")
@click.option("--color/--no-color", default=None, help="Colour (default: on a terminal).")
@click.option("--annotate", "annotate_to", type=click.Path(dir_okay=False), default=None,
              help="Write a copy of the .docx draft with each finding as a Word comment (批注).")
@click.option("--max-comments", type=click.IntRange(min=0), default=None,
              help="With --annotate: most findings written as comments, errors first; one more "
                   "comment counts the rest [default: 2000].")
def lint(paths: tuple[str, ...], fmt: str, select: tuple[str, ...], ignore: tuple[str, ...],
         fail_on: str | None, config_file: str | None, isolated: bool,
         lexicons: tuple[str, ...], template: str | None, explain_kind: bool,
         max_size: int | None, output: str | None, color: bool | None,
         annotate_to: str | None, max_comments: int | None) -> None:
    """Check drafts: PATH is a file, a directory, or - for standard input."""
    from .linter import check_document
    from .readers import WORD_SUFFIXES
    from .rules import iter_codes, select_rules

    if annotate_to is not None and (len(paths) != 1 or not paths[0].lower().endswith(WORD_SUFFIXES)):
        fail("--annotate needs exactly one .docx draft as PATH （--annotate 只能用于一个 .docx 文件）")
        sys.exit(EXIT_ERROR)
    if annotate_to is not None and annotate_to in ("-", "/dev/stdout"):
        fail("--annotate: 需要一个 .docx 文件名 (needs a file name, not standard output)")
        sys.exit(EXIT_ERROR)
    config = load_config(config_file, list(paths), isolated)
    changes: dict[str, object] = {}
    if select:
        changes["select"] = list(iter_codes(select))
    if ignore:
        changes["ignore"] = [*config.ignore, *iter_codes(ignore)]
    if fail_on:
        changes["fail_on"] = fail_on
    if lexicons:
        changes["lexicons"] = [*config.lexicons, *lexicons]
    if max_size:
        changes["max_size_mb"] = max_size
    if template:
        changes["template"] = template
    config = config.replace(**changes)
    guard_outputs(paths, output, annotate=annotate_to, config=config)
    select_rules(config.select, config.ignore)  # unknown codes: a usage error before any work
    check_settings(config)

    results: list[FileResult] = []
    loader = DocumentLoader(config.max_size_mb * 1024 * 1024)
    last_doc = None
    for doc, result in loader.each(list(paths), lambda d: check_document(d, config)):
        results.append(FileResult(doc.path, result.findings, result.kind, doc.text))
        last_doc = doc
        if explain_kind:
            click.echo(f"{doc.path}: 报告类型 (kind): {result.kind}（依据：{result.kind_reason}）",
                       err=fmt != "text")

    if annotate_to is not None and last_doc is not None:
        from .docx import write_annotated

        limits = {} if max_comments is None else {"max_comments": max_comments}
        written = write_annotated(last_doc, results[-1].findings, annotate_to,
                                  max_bytes=config.max_size_mb * 1024 * 1024, **limits)
        click.echo(f"rcheck: {written} 条批注已写入 {annotate_to} / {written} comment(s) written", err=True)
    use_color = color if color is not None else (output in (None, "-", "/dev/stdout")
                                                 and sys.stdout.isatty())
    emit(render(fmt, results, color=use_color, unreadable=loader.errors, skipped=loader.skipped),
         output)
    if loader.errors:
        sys.exit(EXIT_ERROR)
    threshold = severity_rank(config.fail_on)
    if any(severity_rank(f.severity) >= threshold for r in results for f in r.findings):
        sys.exit(EXIT_FINDINGS)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def rules(fmt: str) -> None:
    """List every rule: code, name, severity, summary."""
    from .rules import all_rules

    items = all_rules()
    if fmt == "json":
        import json

        click.echo(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity,
                                "title": r.title, "summary": r.summary} for r in items],
                              ensure_ascii=False, indent=2))
        return
    width = max(len(r.name) for r in items)
    for r in items:
        click.echo(f"{r.code}  {r.name:<{width}}  {r.severity:<7}  {r.title}  {r.summary}")


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Explain one rule in full, with a bad and a good example."""
    from .rules import get_rule

    rule = get_rule(code)
    if rule is None:
        fail(f"unknown rule {code!r} (see `rcheck rules`)")
        sys.exit(EXIT_ERROR)
    click.echo(f"{rule.code} {rule.name} ({rule.severity})\n{rule.title}: {rule.summary}\n")
    click.echo(rule.doc + "\n")
    click.echo(f"错误示例 (bad):\n    {rule.bad}\n")
    click.echo(f"正确示例 (good):\n    {rule.good}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback makes drafts reachable from the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port (0: any free port).")
@click.option("--max-upload", type=click.IntRange(min=1), default=20, show_default=True,
              help="Largest upload in MB (413 above it).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
def serve(host: str, port: int, max_upload: int, open_browser: bool) -> None:
    """本机网页：拖入文稿，在原文中查看问题 / A local web page and JSON API (pip install 'rcheck[serve]')."""
    from rcheck.serve.command import run_server  # absolute: stays right wherever this module moves

    sys.exit(run_server(host, port, max_upload, open_browser))


# Each further command lives in its own module and is registered here.
from .cli_diff import compare, diff  # noqa: E402
from .cli_extract import extract  # noqa: E402
from .cli_graph import graph  # noqa: E402

main.add_command(extract)
main.add_command(graph)
main.add_command(diff)
main.add_command(compare)


if __name__ == "__main__":  # pragma: no cover
    main()
