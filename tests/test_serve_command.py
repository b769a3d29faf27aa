"""`rcheck serve` as a user starts it: the install hint without the extra, the address it prints,
a real server answering on it, the warning for a non-loopback host and a port already in use."""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from rcheck.cli import main

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"


def test_without_the_extra_one_line_says_how_to_install(monkeypatch):
    import rcheck.serve.command as command

    monkeypatch.setattr(command, "missing_packages", lambda: ["uvicorn", "python-multipart"])
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "pip install 'rcheck[serve]'" in result.stderr
    assert "uvicorn" in result.stderr and result.stdout == ""


def test_bad_options_are_usage_errors():
    result = CliRunner().invoke(main, ["serve", "--port", "70000"])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1


def start_server(*args: str, **extra_env: str) -> subprocess.Popen:
    """`rcheck serve ARGS` in its own process, as a user starts it."""
    env = {**os.environ, "PYTHONPATH": str(REPO / "toolkit"), "PYTHONUNBUFFERED": "1", **extra_env}
    return subprocess.Popen([sys.executable, "-c", "from rcheck.cli import main; main()", "serve", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def address_of(line: str) -> str:
    """The page's address in the line `rcheck serve` prints first."""
    assert "http://" in line, line
    return line.split("打开 ", 1)[1].split()[0]


def stop_server(proc: subprocess.Popen) -> tuple[str, str]:
    """Ctrl+C, as a user stops it; what it printed."""
    proc.send_signal(signal.SIGINT)
    try:
        out, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    return out, err


@pytest.fixture
def server():
    pytest.importorskip("uvicorn", reason="the serve extra is not installed")
    procs: list[subprocess.Popen] = []

    def start(*args: str, **env: str) -> tuple[subprocess.Popen, str]:
        proc = start_server(*args, **env)
        procs.append(proc)
        line = proc.stdout.readline()
        assert "http://" in line, line + (proc.stderr.read() if proc.poll() is not None else "")
        return proc, line

    yield start
    for proc in procs:
        if proc.poll() is None:
            stop_server(proc)


def test_the_server_prints_its_address_and_answers_there(server):
    httpx = pytest.importorskip("httpx")
    proc, line = server("--port", "0")
    address = address_of(line)
    assert address.startswith("http://127.0.0.1:") and address.endswith("/")
    with httpx.Client(base_url=address, timeout=30) as client:
        # The first request may arrive while the rules warm up: the socket is already listening.
        assert client.get("/healthz").json()["status"] == "ok"
        page = client.get("/")
        assert page.status_code == 200 and "检查文稿" in page.text
        name = "flawed-placeholders.txt"
        response = client.post("/api/lint", files={"file": (name, (SAMPLES / name).read_bytes())})
        assert response.status_code == 200 and response.json()["summary"]["findings"] == 22
    _, err = stop_server(proc)
    assert "Traceback" not in err and proc.returncode == 0, err


def test_a_host_beyond_loopback_is_warned_about(server):
    proc, _ = server("--host", "0.0.0.0", "--port", "0")
    _, err = stop_server(proc)
    assert "warning" in err and "网络" in err and "Traceback" not in err


def test_open_starts_the_browser_on_the_address(server, tmp_path):
    # webbrowser runs $BROWSER with the address in place of %s: here a script that writes it down.
    seen = tmp_path / "opened.txt"
    script = f"import sys, pathlib; pathlib.Path({str(seen)!r}).write_text(sys.argv[1])"
    proc, line = server("--port", "0", "--open", BROWSER=f"{sys.executable} -c {shlex.quote(script)} %s")
    address = address_of(line)
    for _ in range(100):
        if seen.exists() and seen.read_text():
            break
        time.sleep(0.1)
    assert seen.read_text() == address
    stop_server(proc)


def test_a_port_in_use_is_one_line_and_exit_2():
    pytest.importorskip("uvicorn", reason="the serve extra is not installed")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        proc = start_server("--port", str(port))
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 2
    assert err.count("\n") == 1 and err.startswith("rcheck: error: ") and "--port" in err
    assert out == ""


def test_a_bad_config_is_one_line_before_the_port_is_taken(tmp_path):
    bad = tmp_path / "rcheck.toml"
    bad.write_text('select = ["Z999"]\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", "--config", str(bad), "--port", "0"])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "Z999" in result.stderr and "Traceback" not in result.stderr
