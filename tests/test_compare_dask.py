"""`rcheck compare --engine dask` gives exactly the local engine's result: pairs, similarities,
passages and their order, on the samples and on generated drafts with planted copies, with one
and with several workers, with a worker killed mid-run, and with unreadable files."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from rcheck.compare import compare_documents
from rcheck.compare.dask_engine import Source, compare_dask, dask_client
from rcheck.compare.index import CorpusIndex
from rcheck.text.readers import expand_paths, load

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="module")
def two_workers():
    with dask_client(workers=2, processes=False) as client:
        yield client


@pytest.fixture(scope="module")
def one_worker():
    with dask_client(workers=1, processes=False) as client:
        yield client


def _clauses() -> list[str]:
    import re

    out: list[str] = []
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        out.extend(c for c in re.findall(r"[^，。；：、！？,.;:!?\n]{6,20}", text))
    return sorted(set(out))


def _write_drafts(folder: Path, n: int, seed: int = 7) -> list[str]:
    """`n` drafts of random sample clauses, with model paragraphs copied (some edited) into
    two or three drafts each, and a draft that repeats one paragraph many times."""
    rng = random.Random(seed)
    clauses = _clauses()

    def paragraph(k: int) -> str:
        return "，".join(rng.choice(clauses) for _ in range(k)) + "。"

    drafts = [[f"第{i}号单位工作情况报告", "县委："] + [paragraph(rng.randint(6, 12))
                                                     for _ in range(rng.randint(6, 10))]
              for i in range(n)]
    for _ in range(n // 6):
        model = paragraph(rng.randint(6, 9))
        for d in rng.sample(range(n), rng.choice((2, 3))):
            copy = model if rng.random() < 0.5 else model.replace(model[10:14], "县直单位", 1)
            at = rng.randrange(2, len(drafts[d]) + 1)
            drafts[d].insert(at, copy)
    repeated = paragraph(8)
    drafts[0].extend([repeated] * 12)
    drafts[1].extend([repeated] * 9)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, paras in enumerate(drafts):
        p = folder / f"draft-{i:03d}.txt"
        p.write_text("\n".join(paras) + "\n", encoding="utf-8")
        paths.append(str(p))
    return paths


def _local(paths: list[str], corpus: CorpusIndex | None = None, **kw):
    return compare_documents([load(p) for p in paths], corpus, **kw)


def _dask(client, paths: list[str], corpus: CorpusIndex | None = None, **kw):
    return compare_dask(client, [Source(p, read=p) for p in paths], corpus, **kw)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> list[str]:
    return _write_drafts(tmp_path_factory.mktemp("gen") / "drafts", 120)


def test_samples_identical_with_one_and_two_workers(one_worker, two_workers) -> None:
    paths = list(expand_paths([str(SAMPLES)]))
    local = _local(paths).to_dict()
    assert local["pairs"], "the samples share passages"
    for client in (one_worker, two_workers):
        run = _dask(client, paths)
        assert run.unreadable == []
        assert run.result.to_dict() == local


@pytest.mark.parametrize("batch", [3, 7, None])
def test_generated_identical(two_workers, generated, batch) -> None:
    local = _local(generated)
    run = _dask(two_workers, generated, batch=batch)
    assert len(local.pairs) >= 15
    assert [(p.a, p.b, p.similarity) for p in run.result.pairs] == \
        [(p.a, p.b, p.similarity) for p in local.pairs]
    assert run.result.to_dict() == local.to_dict()
    assert run.result.candidates == local.candidates
    assert run.result.skipped_common == local.skipped_common


def test_small_alignment_cache_identical(two_workers, generated, monkeypatch) -> None:
    # Threads in this process are the workers: a cache of two drafts evicts all the time.
    from rcheck.compare import passages

    expected = _local(generated).to_dict()
    monkeypatch.setattr(passages, "_KEEP", 2)
    assert _dask(two_workers, generated).result.to_dict() == expected
    assert _local(generated).to_dict() == expected


def test_boilerplate_and_full_buckets_identical(two_workers, generated) -> None:
    # A low --max-df makes many shingles boilerplate and some buckets too full to pair.
    local = _local(generated, max_df=3, threshold=0.6, min_chars=30)
    run = _dask(two_workers, generated, max_df=3, threshold=0.6, min_chars=30, batch=5)
    assert local.boilerplate > 0
    assert run.result.to_dict() == local.to_dict()


def test_corpus_identical(two_workers, generated, tmp_path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for p in generated[40:]:
        (folder / Path(p).name).write_text(Path(p).read_text(encoding="utf-8"), encoding="utf-8")
    index = CorpusIndex.open(folder, store=False)
    local = _local(generated[:40], index)
    run = _dask(two_workers, generated[:40], index, batch=9)
    assert any(p.b_in_corpus for p in local.pairs)
    assert run.result.to_dict() == local.to_dict()


def test_unreadable_file_reported_by_name(two_workers, generated, tmp_path) -> None:
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01\x02binary\xff\xfe" * 50)
    gone = tmp_path / "gone.txt"
    paths = [*generated[:30], str(bad), str(gone)]
    run = _dask(two_workers, paths, batch=4)
    assert [e.path for e in run.unreadable] == [str(bad), str(gone)]
    assert run.result.to_dict() == _local(generated[:30]).to_dict()


def test_worker_killed_mid_run_gives_the_same_result(generated) -> None:
    """A worker process is killed once the drafts are sketched and the sketches live on the
    workers: Dask recomputes what it held and the result does not change."""
    local = _local(generated).to_dict()
    killed: list[int] = []
    with dask_client(workers=2, processes=True) as client:
        def progress(stage: str, done: int, total: int) -> None:
            if stage == "sign" and not killed:
                pids = client.run(os.getpid)
                victim = sorted(pids.items())[0][1]
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)

        run = _dask(client, generated, batch=10, progress=progress)
    assert killed
    assert run.result.to_dict() == local


def _rcheck(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "toolkit"))
    return subprocess.run([sys.executable, "-c", "import sys; from rcheck.cli import main; "
                           "sys.argv[0] = 'rcheck'; sys.exit(main())", *args],
                          capture_output=True, text=True, env=env, timeout=timeout, cwd=ROOT)


def test_cli_dask_output_identical_to_local() -> None:
    local = _rcheck("compare", "samples/compare", "--format", "json")
    dask = _rcheck("compare", "samples/compare", "--format", "json", "--engine", "dask",
                   "--workers", "1")
    assert local.returncode == dask.returncode == 1
    assert dask.stdout == local.stdout
    assert dask.stderr == ""


def test_cli_scheduler_that_does_not_answer() -> None:
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    t0 = time.monotonic()
    out = _rcheck("compare", "samples/compare", "--engine", "dask", "--scheduler",
                  f"tcp://127.0.0.1:{port}", "--connect-timeout", "1")
    assert time.monotonic() - t0 < 30
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and f"127.0.0.1:{port}" in lines[0], out.stderr


def test_cli_options_need_the_dask_engine() -> None:
    out = _rcheck("compare", "samples/compare", "--workers", "2")
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1
    out = _rcheck("compare", "samples/compare", "--engine", "dask", "--workers", "2",
                  "--scheduler", "tcp://127.0.0.1:1")
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1
