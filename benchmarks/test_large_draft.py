"""`rcheck lint` of a 50 MB draft in a child process: wall time and peak resident memory.

    pytest benchmarks/test_large_draft.py --benchmark-enable -s

Targets (issue #18): at most 25 s and 1 GB. The draft is the samples concatenated (as the 1 MB
benchmarks build theirs); `RCHECK_BENCH_LARGE_MB` sets another size. The peak comes from
`os.wait4`, the child's own rusage, so earlier children of this process do not count.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import MIB, build_draft

SIZE_MB = int(os.environ.get("RCHECK_BENCH_LARGE_MB", "50"))


@pytest.fixture(scope="module")
def large_draft(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("large") / f"draft-{SIZE_MB}mb.txt"
    path.write_text(build_draft(min_bytes=SIZE_MB * MIB), encoding="utf-8")
    return path


def _lint(path: Path, out: Path, fmt: str) -> tuple[float, float, int]:
    """(seconds, peak RSS in MiB, exit code) of one `rcheck lint` child."""
    args = [sys.executable, "-m", "rcheck", "lint", "--max-size", str(SIZE_MB + 10),
            "--format", fmt, "-o", str(out), str(path)]
    started = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    stderr = child.stderr.read().decode(errors="replace") if child.stderr else ""
    assert child.returncode in (0, 1), stderr
    rss_kib = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss / 1024
    return seconds, rss_kib / 1024, child.returncode


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_lint_large_draft(benchmark, large_draft: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    measured: list[tuple[float, float, int]] = []
    benchmark.pedantic(lambda: measured.append(_lint(large_draft, out, fmt)), rounds=1, iterations=1)
    seconds, rss_mib, _ = measured[-1]
    tail = out.read_bytes()[-2000:].decode("utf-8", errors="replace")
    assert "file(s)" in tail or '"summary"' in tail
    benchmark.extra_info.update({
        "draft_mb": round(large_draft.stat().st_size / MIB, 1),
        "seconds": round(seconds, 1),
        "peak_rss_mib": round(rss_mib),
        "report_mb": round(out.stat().st_size / MIB, 1),
        "target": "25 s, 1024 MiB",
    })
