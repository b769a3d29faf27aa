"""The corpus index as Parquet shards: the same results as the numpy index with both
engines, a changed file rewrites only its shard, and a damaged shard is rebuilt."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

pytest.importorskip("pyarrow")

from rcheck.compare import compare_documents
from rcheck.compare import shards as shards_module
from rcheck.compare.index import CorpusIndex
from rcheck.compare.shards import MANIFEST, ShardedIndex
from rcheck.text.readers import expand_paths, load

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture
def corpus(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr(shards_module, "SHARD_ROWS", 8)  # several shards from the samples
    folder = tmp_path / "corpus"
    shutil.copytree(SAMPLES / "compare", folder / "compare")
    for p in sorted(SAMPLES.glob("*.txt"))[:20]:
        shutil.copy(p, folder / p.name)
    return folder


def _drafts() -> list:
    return [load(p) for p in expand_paths([str(SAMPLES / "compare")])]


def _result(index) -> dict:
    out = compare_documents(_drafts(), index).to_dict()
    out.pop("corpus")
    return out


def test_same_results_as_the_numpy_index(corpus) -> None:
    expected = _result(CorpusIndex.open(corpus, store=False))
    assert expected["pairs"]
    built = ShardedIndex.open(corpus)
    assert built.shards >= 2 and built.rewritten == built.shards
    assert _result(built) == expected
    again = ShardedIndex.open(corpus)
    assert (again.reused, again.indexed, again.rewritten) == (len(built.entries), 0, 0)
    assert _result(again) == expected


def test_dask_engine_builds_and_reads_the_shards(corpus) -> None:
    pytest.importorskip("distributed")
    from rcheck.compare.dask_engine import Source, compare_dask, corpus_sketcher, dask_client

    expected = _result(CorpusIndex.open(corpus, store=False))
    (corpus / "unreadable.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe" * 50)
    drafts = [str(p) for p in expand_paths([str(SAMPLES / "compare")])]
    with dask_client(workers=2, processes=False) as client:
        index = ShardedIndex.open(corpus, sketcher=corpus_sketcher(client, batch=3))
        run = compare_dask(client, [Source(p, read=p) for p in drafts], index)
    assert [e.path for e in index.errors] == [str(corpus / "unreadable.txt")]
    assert index.indexed == len(index.entries) > 20
    out = run.result.to_dict()
    out.pop("corpus")
    assert out == expected
    again = ShardedIndex.open(corpus)  # sketched on the workers, reused here
    assert (again.indexed, again.reused) == (0, len(index.entries))


def test_a_changed_file_rewrites_only_its_shard(corpus) -> None:
    built = ShardedIndex.open(corpus)
    folder = corpus / ".rcheck-index" / "shards"
    before = set(p.name for p in folder.glob("shard-*.parquet"))
    target = sorted(corpus.glob("*.txt"))[0]
    target.write_text(target.read_text(encoding="utf-8") + "\n新增一段文字。\n", encoding="utf-8")
    (corpus / "compare" / "a-forestry.txt").unlink()
    again = ShardedIndex.open(corpus)
    assert (again.indexed, again.removed) == (1, 1)
    assert 1 <= again.rewritten <= 2 < built.shards
    after = set(p.name for p in folder.glob("shard-*.parquet"))
    assert len(before & after) == built.shards - again.rewritten
    assert _result(again) == _result(CorpusIndex.open(corpus, store=False))


@pytest.mark.parametrize("damage", ["flip", "truncate", "manifest", "version"])
def test_a_damaged_index_is_rebuilt_with_a_warning(corpus, damage) -> None:
    expected = _result(CorpusIndex.open(corpus, store=False))
    ShardedIndex.open(corpus)
    folder = corpus / ".rcheck-index" / "shards"
    shard = sorted(folder.glob("shard-*.parquet"))[0]
    if damage == "flip":
        data = bytearray(shard.read_bytes())
        data[len(data) // 2] ^= 0x40
        shard.write_bytes(bytes(data))
    elif damage == "truncate":
        shard.write_bytes(shard.read_bytes()[:100])
    elif damage == "manifest":
        (folder / MANIFEST).write_text("{not json", encoding="utf-8")
    else:
        doc = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        doc["format"] = 99
        (folder / MANIFEST).write_text(json.dumps(doc), encoding="utf-8")
    rebuilt = ShardedIndex.open(corpus)
    assert len(rebuilt.warnings) == 1 and "rebuilt" in rebuilt.warnings[0]
    assert rebuilt.indexed == len(rebuilt.entries)
    assert _result(rebuilt) == expected
    assert ShardedIndex.open(corpus).warnings == []


def test_cli_both_engines_share_the_parquet_index(corpus) -> None:
    import os
    import subprocess
    import sys

    pytest.importorskip("distributed")
    root = Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=str(root / "toolkit"))

    def rcheck(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-c", "import sys; from rcheck.cli import main; "
                               "sys.argv[0] = 'rcheck'; sys.exit(main())", *args],
                              capture_output=True, text=True, env=env, cwd=root, timeout=120)

    args = ("compare", "samples/compare", "--corpus", str(corpus), "--index-format", "parquet",
            "--format", "json")
    local = rcheck(*args)
    dask = rcheck(*args, "--engine", "dask", "--workers", "1")
    assert local.returncode == dask.returncode == 1, (local.stderr, dask.stderr)
    first, second = json.loads(local.stdout), json.loads(dask.stdout)
    assert first["corpus"]["indexed"] > 0 and second["corpus"]["indexed"] == 0
    assert second["corpus"]["reused"] == first["corpus"]["files"]
    for out in (first, second):
        out.pop("corpus")
    assert first == second
