"""`rcheck server`: the language server over stdio, for editors (needs the `lsp` extra)."""

from __future__ import annotations

import sys

import click

from rcheck.cli.common import EXIT_ERROR, fail


@click.command()
@click.option("--stdio", is_flag=True, help="Talk over standard input and output (the default and only way).")
@click.option("--docs-url", default=None, metavar="URL",
              help="Link each diagnostic to a rule page, {code} filled in (e.g. an intranet copy of "
                   "the rule docs); without it diagnostics carry no link.")
def server(stdio: bool, docs_url: str | None) -> None:
    """Language server (LSP) over stdio: diagnostics, hover, code actions for .txt and .md."""
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        fail("rcheck server 需要语言服务器组件，请运行 pip install 'rcheck[lsp]' "
             "(the language server needs the lsp extra: pip install 'rcheck[lsp]')")
        sys.exit(EXIT_ERROR)
    from rcheck.lsp.server import serve_stdio

    if docs_url is not None and "{code}" not in docs_url:
        fail("--docs-url 需要包含 {code} (the --docs-url template needs {code})")
        sys.exit(EXIT_ERROR)
    sys.exit(serve_stdio(docs_url))
