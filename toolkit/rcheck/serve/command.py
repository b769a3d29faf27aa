"""What `rcheck serve` does once its options are parsed: check the extra, bind, print, serve.

This is command-line code (it prints and returns an exit code); `cli.py` only registers it, so
the web packages are imported only when someone runs `rcheck serve`.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading
from typing import TYPE_CHECKING

import click

from rcheck.serve import INSTALL_HINT, missing_packages

if TYPE_CHECKING:
    from rcheck.config import Config
    from rcheck.settings import Settings

EXIT_ERROR = 2


def _error(message: str) -> int:
    click.echo(f"rcheck: error: {message}", err=True)
    return EXIT_ERROR


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so a port in use is one line and exit 2 (uvicorn
    would log and exit 1), and port 0 gives the real port to print."""
    infos = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if family == socket.AF_INET6 and hasattr(socket, "IPV6_V6ONLY"):
            sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        sock.bind(address)
        sock.listen(128)
    except BaseException:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def page_address(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else ("[::1]" if host == "::" else host)
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def run_server(host: str, port: int, max_upload_mb: int, open_browser: bool,
               setup: tuple[Config, Settings] | None = None) -> int:
    missing = missing_packages()
    if missing:
        return _error(f"rcheck serve 需要网页组件（缺少 {', '.join(missing)}），请先安装：{INSTALL_HINT} "
                      f"(the serve extra is not installed: {INSTALL_HINT})")
    import uvicorn

    from rcheck.serve.app import create_app

    try:
        sock = _bind(host, port)
    except OSError as exc:
        return _error(f"{host}:{port}: 无法监听，端口可能已被占用，可用 --port 换一个 "
                      f"(cannot listen: {exc.strerror or exc})")
    address = page_address(host, sock.getsockname()[1])
    if not is_loopback(host):
        click.echo(f"rcheck: warning: 服务绑定在 {host}，同一网络中的其他电脑也能访问并上传文稿；"
                   "只在本机使用请去掉 --host (drafts will be reachable from the network)", err=True)
    click.echo(f"rcheck serve: 请在浏览器中打开 {address} （按 Ctrl+C 停止） / open {address}")
    sys.stdout.flush()
    if open_browser:
        import webbrowser

        threading.Timer(0.5, webbrowser.open, args=(address,)).start()
    from rcheck.serve.api import Setup

    app = create_app(max_upload_mb, setup=Setup(*setup) if setup else None)
    config = uvicorn.Config(app, log_level="warning", access_log=False,
                            server_header=False, lifespan="on")
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    return 0
