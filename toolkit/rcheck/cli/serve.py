"""`rcheck serve`: the local web page and JSON API (extra `pip install 'rcheck[serve]'`)."""

from __future__ import annotations

import sys

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback makes drafts reachable from the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port (0: any free port).")
@click.option("--max-upload", type=click.IntRange(min=1), default=20, show_default=True,
              help="Largest upload in MB (413 above it).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
              help="Check with this rcheck.toml (rules, severities, lexicons, allow-list); "
                   "without it the defaults, as --isolated.")
def serve(host: str, port: int, max_upload: int, open_browser: bool, config_file: str | None) -> None:
    """本机网页：拖入文稿，在原文中查看问题 / A local web page and JSON API (pip install 'rcheck[serve]')."""
    from rcheck.cli.common import config_from_options, settings_from_options
    from rcheck.serve.command import run_server  # the server's packages load only here

    setup = None
    if config_file is not None:  # resolved once, before the port is taken: a bad file is exit 2
        config = config_from_options(config_file, [], isolated=False)
        setup = (config, settings_from_options(config))
    sys.exit(run_server(host, port, max_upload, open_browser, setup))
