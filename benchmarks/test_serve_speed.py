"""Requests per second of `rcheck serve` for `POST /api/lint` of a 20,000-character draft.

    pytest benchmarks/test_serve_speed.py --benchmark-enable -o addopts="" -s

The server is started as a user starts it (`rcheck serve --port 0`, its own process) and driven
over loopback TCP: one client after another (latency), then `CLIENTS` clients at once
(throughput on this machine's cores). Numbers land in ``extra_info``: ``requests_per_s``
(one client) and ``concurrent_requests_per_s``.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

httpx = pytest.importorskip("httpx", reason="httpx is not installed")
pytest.importorskip("uvicorn", reason="the serve extra is not installed")

REPO = Path(__file__).resolve().parents[1]
CLIENTS = 4
CONCURRENT_REQUESTS = 40


@pytest.fixture(scope="module")
def address():
    env = {**os.environ, "PYTHONPATH": str(REPO / "toolkit"), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-c", "from rcheck.cli import main; main()", "serve", "--port", "0"]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    line = proc.stdout.readline()
    if "http://" not in line:
        proc.kill()
        pytest.fail(f"rcheck serve did not start: {line}{proc.stderr.read()}")
    yield line.split("打开 ", 1)[1].split()[0]
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def _post(client: httpx.Client, data: bytes) -> int:
    response = client.post("/api/lint", files={"file": ("draft-20k.txt", data)})
    assert response.status_code == 200, response.text
    return len(response.json()["files"][0]["findings"])


def test_serve_lint_20k_requests_per_second(benchmark, address, text_20k: str) -> None:
    data = text_20k.encode("utf-8")
    with httpx.Client(base_url=address, timeout=60) as client:
        findings = _post(client, data)  # warm: the server loads lexicons on start, this primes the rest
        assert findings > 0
        times: list[float] = []

        def one() -> int:
            t0 = time.perf_counter()
            n = _post(client, data)
            times.append(time.perf_counter() - t0)
            return n

        benchmark.pedantic(one, rounds=20, iterations=1, warmup_rounds=2)
        stats = getattr(getattr(benchmark, "stats", None), "stats", None)
        mean = stats.mean if stats is not None else statistics.mean(times)

    def client_run(count: int) -> None:
        with httpx.Client(base_url=address, timeout=120) as c:
            for _ in range(count):
                _post(c, data)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(CLIENTS) as pool:
        list(pool.map(client_run, [CONCURRENT_REQUESTS // CLIENTS] * CLIENTS))
    elapsed = time.perf_counter() - t0

    benchmark.extra_info.update({
        "chars": len(text_20k), "findings": findings, "mean_ms": round(mean * 1000, 1),
        "requests_per_s": round(1 / mean, 1),
        "concurrent_clients": CLIENTS,
        "concurrent_requests_per_s": round(CONCURRENT_REQUESTS / elapsed, 1),
    })
    print(f"\nrcheck serve, lint of {len(text_20k)} characters ({findings} findings): "
          f"{1 / mean:.1f} requests/s one client ({mean * 1000:.0f} ms each), "
          f"{CONCURRENT_REQUESTS / elapsed:.1f} requests/s with {CLIENTS} clients")
