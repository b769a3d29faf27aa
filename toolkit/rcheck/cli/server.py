"""`rcheck server`: the language server over stdio, for editors (needs the `lsp` extra)."""

from __future__ import annotations

import sys

import click

from rcheck.cli.common import EXIT_ERROR, fail


@click.command()
@click.option("--stdio", is_flag=True, help="Talk over standard input and output (the default and only way).")
def server(stdio: bool) -> None:
    """Language server (LSP) over stdio: diagnostics, hover, code actions for .txt and .md."""
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        fail("rcheck server 需要语言服务器组件，请运行 pip install 'rcheck[lsp]' "
             "(the language server needs the lsp extra: pip install 'rcheck[lsp]')")
        sys.exit(EXIT_ERROR)
    from rcheck.lsp.server import serve_stdio

    sys.exit(serve_stdio())
