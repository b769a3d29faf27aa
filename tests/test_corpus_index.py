"""A damaged corpus index is never used: it is discarded and rebuilt with a one-line warning
(or, where it cannot be replaced, ignored), and `compare --corpus` gives the results and the
exit code it gives without an index. Each kind of damage seen in the wild has a case here:
truncated, bit-flipped, empty, a FIFO, a member that inflates to hundreds of MB, two files'
sketches swapped, a wrong version, a pickled member, and a read-only folder.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rcheck
import rcheck.compare.index as corpus_index
from rcheck.cli import main
from rcheck.compare import compare_documents
from rcheck.compare.index import INDEX_DIR, INDEX_FILE, CorpusIndex

FOLDER = Path(__file__).resolve().parents[1] / "samples" / "compare"
DRAFT = FOLDER / "b-statistics.txt"  # shares a paragraph with e-archives.txt in the corpus


@pytest.fixture
def corpus(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "corpus"
    folder.mkdir()
    for p in FOLDER.glob("*.txt"):
        shutil.copy(p, folder / p.name)
    return folder


def stored(folder: Path) -> Path:
    return folder / INDEX_DIR / INDEX_FILE


def outcome(index: CorpusIndex) -> list:
    """What compare reports for DRAFT against the corpus: pairs, similarities and spans."""
    result = compare_documents([rcheck.load(DRAFT)], index)
    return [(Path(p.b).name, p.similarity,
             [(x.a_start, x.a_end, x.b_start, x.b_end) for x in p.passages])
            for p in result.pairs]


@pytest.fixture
def expected(corpus):
    """The outcome computed from the files alone, with no index on disk."""
    got = outcome(CorpusIndex.open(corpus, store=False))
    assert {name for name, _, _ in got} == {"b-statistics.txt", "e-archives.txt"}
    assert not stored(corpus).exists()
    return got


# --- ways to damage an index -----------------------------------------------------------------


def _members(path: Path) -> dict[str, np.ndarray]:
    with np.load(path, allow_pickle=False) as data:
        return {k: data[k] for k in data.files}


def _save(path: Path, members: dict[str, np.ndarray]) -> None:
    buf = io.BytesIO()
    np.savez(buf, **members)
    path.write_bytes(buf.getvalue())


def _edit_meta(path: Path, edit: Callable[[dict, dict[str, np.ndarray]], None],
               checksum: bool = True) -> None:
    """Change the stored metadata; with `checksum`, re-sign the payload as the writer would,
    so only the checks behind the checksum can notice."""
    members = _members(path)
    meta = json.loads(bytes(members["meta"]).decode("utf-8"))
    edit(meta, members)
    if checksum:
        meta["checksum"] = corpus_index.payload_digest(meta, members["units"], members["hashes"])
    members["meta"] = np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8)
    _save(path, members)


def truncated(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:path.stat().st_size // 2])


def bit_flipped(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x10  # inside the hashes array
    path.write_bytes(bytes(data))


def empty(path: Path) -> None:
    path.write_bytes(b"")


def fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def inflating(path: Path) -> None:
    """A hashes member that inflates to 256 MB from a few hundred KB (as a zip bomb does)."""
    members = _members(path)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name in ("meta", "units"):
            with zf.open(f"{name}.npy", "w") as fh:
                np.lib.format.write_array(fh, members[name])
        with zf.open("hashes.npy", "w", force_zip64=True) as fh:
            header = io.BytesIO()
            np.lib.format.write_array_header_1_0(
                header, {"descr": "<u4", "fortran_order": False, "shape": (64 * 1024 * 1024,)})
            fh.write(header.getvalue())
            chunk = bytes(1024 * 1024)
            for _ in range(256):
                fh.write(chunk)


def _swap_keys(meta: dict, members: dict) -> None:
    """Two files' identities (path, size, time, hash) swapped: each now has the other's sketch."""
    a, b = (f for f in meta["files"] if f["path"] in ("a-forestry.txt", "e-archives.txt"))
    for key in ("path", "size", "mtime_ns", "sha256"):
        a[key], b[key] = b[key], a[key]


def swapped_keys(path: Path) -> None:
    _edit_meta(path, _swap_keys)


def swapped_keys_unsigned(path: Path) -> None:
    _edit_meta(path, _swap_keys, checksum=False)


def swapped_sketches(path: Path) -> None:
    """Two files' sketch ranges swapped, with their lengths (chars) kept consistent."""
    def edit(meta: dict, members: dict) -> None:
        a, b = (f for f in meta["files"] if f["path"] in ("b-statistics.txt", "e-archives.txt"))
        for key in ("units", "hashes", "chars"):
            a[key], b[key] = b[key], a[key]
    _edit_meta(path, edit)


def wrong_version(path: Path) -> None:
    _edit_meta(path, lambda meta, members: meta.update(format=999))


def pickled(path: Path) -> None:
    """A member holding a pickle: loading it would run code."""
    members = _members(path)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, arr in members.items():
            with zf.open(f"{name}.npy", "w") as fh:
                if name == "units":
                    np.lib.format.write_array(fh, np.array([{"x": 1}], dtype=object),
                                              allow_pickle=True)
                else:
                    np.lib.format.write_array(fh, arr)
    path.write_bytes(buf.getvalue())


def huge_shape(path: Path) -> None:
    """A member whose header claims 2**40 elements over a few bytes of data."""
    members = _members(path)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, arr in members.items():
            with zf.open(f"{name}.npy", "w") as fh:
                if name == "hashes":
                    np.lib.format.write_array_header_1_0(
                        fh, {"descr": "<u4", "fortran_order": False, "shape": (2 ** 40,)})
                    fh.write(b"\0" * 64)
                else:
                    np.lib.format.write_array(fh, arr)
    path.write_bytes(buf.getvalue())


def deep_file_list(path: Path) -> None:
    """A file list nested 200,000 deep: parsing it must not recurse into a crash."""
    members = _members(path)
    members["meta"] = np.frombuffer(b"[" * 200_000, dtype=np.uint8)
    _save(path, members)


def directory(path: Path) -> None:
    path.unlink()
    path.mkdir()


DAMAGE = [truncated, bit_flipped, empty, fifo, inflating, swapped_keys, swapped_keys_unsigned,
          swapped_sketches, wrong_version, pickled, huge_shape, deep_file_list]


class _Timeout(Exception):
    pass


def _alarm(seconds: int):
    def ring(signum, frame):
        raise _Timeout
    signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)


# --- the library --------------------------------------------------------------------------------


@pytest.mark.parametrize("damage", DAMAGE, ids=lambda f: f.__name__)
def test_damaged_index_is_rebuilt_never_used(corpus, expected, damage):
    CorpusIndex.open(corpus)
    path = stored(corpus)
    damage(path)
    tracemalloc.start()
    _alarm(20)  # a FIFO must not block
    try:
        index = CorpusIndex.open(corpus)
    finally:
        signal.alarm(0)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert peak < 64 * 1024 * 1024  # the 256 MB member is never inflated
    assert index.indexed == 5 and index.reused == 0
    assert len(index.warnings) == 1 and str(path) in index.warnings[0]
    assert "\n" not in index.warnings[0]
    assert outcome(index) == expected
    # Replaced by a good index: the next run reuses it and says nothing.
    assert stat.S_ISREG(path.lstat().st_mode)
    again = CorpusIndex.open(corpus)
    assert (again.warnings, again.reused, again.indexed) == ([], 5, 0)
    assert outcome(again) == expected


def test_index_that_is_a_directory_is_ignored(corpus, expected):
    CorpusIndex.open(corpus)
    directory(stored(corpus))
    index = CorpusIndex.open(corpus)
    assert len(index.warnings) == 1 and str(stored(corpus)) in index.warnings[0]
    assert outcome(index) == expected
    # It cannot be replaced, so the user cache holds the index; the warning repeats.
    assert index.location is not None and "cache" in str(index.location)
    again = CorpusIndex.open(corpus)
    assert len(again.warnings) == 1 and again.reused == 5


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(at=st.floats(0, 1, exclude_max=True), bit=st.integers(0, 7))
def test_any_flipped_bit_never_changes_the_results(corpus, expected, at, bit):
    """A flip anywhere is either harmless (a zip header field nobody reads) or refused."""
    CorpusIndex.open(corpus)
    path = stored(corpus)
    data = bytearray(path.read_bytes())
    data[int(at * len(data))] ^= 1 << bit
    path.write_bytes(bytes(data))
    index = CorpusIndex.open(corpus)
    assert outcome(index) == expected
    assert all(str(path) in w for w in index.warnings)
    assert CorpusIndex.open(corpus).warnings == []
    path.unlink()


def _read_only(monkeypatch, folder: Path) -> None:
    """Writes into `folder` fail as in a read-only share (chmod does not stop root)."""
    import rcheck.output

    real = rcheck.output.write_atomic

    def refuse(path, data):
        if Path(path).resolve().is_relative_to(folder.resolve()):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, data)
    monkeypatch.setattr(rcheck.output, "write_atomic", refuse)


@pytest.mark.parametrize("damage", [truncated, swapped_keys, wrong_version],
                         ids=lambda f: f.__name__)
def test_damaged_index_in_a_read_only_folder_is_ignored(corpus, expected, monkeypatch, damage):
    CorpusIndex.open(corpus)
    path = stored(corpus)
    damage(path)
    before = path.read_bytes()
    _read_only(monkeypatch, corpus)
    index = CorpusIndex.open(corpus)
    assert outcome(index) == expected
    assert len(index.warnings) == 1 and str(path) in index.warnings[0]
    assert "忽略" in index.warnings[0] and "ignored" in index.warnings[0]
    assert path.read_bytes() == before  # not ours to change
    assert index.location is None or corpus not in index.location.parents


def test_damaged_index_with_no_index_is_ignored_not_touched(corpus, expected):
    CorpusIndex.open(corpus)
    path = stored(corpus)
    truncated(path)
    before = path.read_bytes()
    index = CorpusIndex.open(corpus, store=False)
    assert outcome(index) == expected and len(index.warnings) == 1
    assert path.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_damaged_index_in_a_chmod_read_only_folder(corpus, expected):
    CorpusIndex.open(corpus)
    path = stored(corpus)
    truncated(path)
    os.chmod(path.parent, 0o555)
    try:
        index = CorpusIndex.open(corpus)
        assert outcome(index) == expected and len(index.warnings) == 1
    finally:
        os.chmod(path.parent, 0o755)


def test_absent_index_is_no_warning(corpus):
    index = CorpusIndex.open(corpus)
    assert index.warnings == [] and stored(corpus).is_file()


def test_sketch_tied_to_its_file(corpus):
    """Each stored sketch carries a digest over its file's key and its arrays."""
    CorpusIndex.open(corpus)
    meta = json.loads(bytes(_members(stored(corpus))["meta"]).decode("utf-8"))
    assert meta["format"] == corpus_index.FORMAT >= 2
    assert all(len(f["sketch"]) == 64 for f in meta["files"]) and len(meta["checksum"]) == 64


def test_concurrent_rebuilds_leave_a_good_index(corpus, expected):
    CorpusIndex.open(corpus)
    truncated(stored(corpus))
    toolkit = str(Path(rcheck.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": toolkit}
    code = ("import sys; from rcheck.compare.index import CorpusIndex; "
            "i = CorpusIndex.open(sys.argv[1]); assert len(i.entries) == 5")
    procs = [subprocess.Popen([sys.executable, "-c", code, str(corpus)], env=env,
                              stderr=subprocess.PIPE) for _ in range(4)]
    for p in procs:
        _, err = p.communicate(timeout=60)
        assert p.returncode == 0, err.decode()
    index = CorpusIndex.open(corpus)
    assert index.warnings == [] and index.reused == 5 and outcome(index) == expected
    assert sorted(os.listdir(stored(corpus).parent)) == [INDEX_FILE]  # no temp files left


# --- the command line ---------------------------------------------------------------------------


def _cli(corpus: Path, *extra: str):
    result = CliRunner().invoke(main, ["compare", str(DRAFT), "--corpus", str(corpus),
                                       "--format", "json", *extra])
    pairs = [(Path(p["b"]).name, p["similarity"]) for p in json.loads(result.stdout)["pairs"]]
    return result, pairs


@pytest.mark.parametrize("damage", [truncated, bit_flipped, empty, fifo, inflating, swapped_keys,
                                    wrong_version], ids=lambda f: f.__name__)
def test_cli_warns_once_and_exits_as_without_index(corpus, damage):
    clean, want = _cli(corpus, "--no-index")
    assert clean.exit_code == 1 and clean.stderr == ""
    _cli(corpus)
    damage(stored(corpus))
    _alarm(20)
    try:
        result, got = _cli(corpus)
    finally:
        signal.alarm(0)
    assert (result.exit_code, got) == (clean.exit_code, want)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("rcheck: warning: ") and str(stored(corpus)) in result.stderr
    again, got = _cli(corpus)
    assert (again.exit_code, got, again.stderr) == (clean.exit_code, want, "")


def test_cli_read_only_folder(corpus, monkeypatch):
    clean, want = _cli(corpus, "--no-index")
    _cli(corpus)
    truncated(stored(corpus))
    _read_only(monkeypatch, corpus)
    result, got = _cli(corpus)
    assert (result.exit_code, got) == (clean.exit_code, want)
    assert result.stderr.count("\n") == 1 and "rcheck: warning: " in result.stderr


def test_file_name_that_is_not_utf8(corpus, expected):
    """A corpus file named in another encoding (GBK names from a Windows share) is indexed,
    its name kept as the file system has it."""
    try:
        odd = corpus / os.fsdecode("\u5357\u533a.txt".encode("gbk"))
        shutil.copy(FOLDER / "d-audit.txt", odd)
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    first = CorpusIndex.open(corpus)
    assert first.indexed == 6 and first.warnings == []
    again = CorpusIndex.open(corpus)
    assert (again.reused, again.warnings) == (6, [])
    assert str(odd) in {e.path for e in again.entries}
    assert outcome(again) == expected
