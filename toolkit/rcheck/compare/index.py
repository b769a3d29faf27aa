"""The sketches of a corpus folder, built once and kept on disk.

`CorpusIndex.open(DIR)` reads `DIR/.rcheck-index/index.npz` (or, when DIR is not writable,
a file in the user cache directory), re-sketches only the files whose size or modification
time changed and whose SHA-256 then differs too, drops files that are gone, and writes the
index back atomically when anything changed. The file is a numpy archive read with
`allow_pickle=False`: a corpus folder may be shared, and a pickle in it would run code.

A stored index is trusted only after checks, since a bad one would give wrong similarities
silently: it must be a regular file (opened without blocking), inflate to no more than a bound
set by the corpus size (checked in the zip directory, before inflating), have this format
version, match its own checksum, and hold for each file a sketch whose digest ties it to that
file's key. Otherwise it is rebuilt, or ignored where it cannot be replaced, with a warning in
`CorpusIndex.warnings`.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rcheck.compare.sketch import DEFAULT_PARAMS, Progress, Sketch, SketchParams, sketch
from rcheck.errors import InputError
from rcheck.text.document import Document
from rcheck.text.readers import DEFAULT_MAX_BYTES, expand_paths

FORMAT = 2  # 2: a checksum over the payload and a digest tying each sketch to its file
INDEX_DIR = ".rcheck-index"
INDEX_FILE = "index.npz"
_MEMBERS = {"meta.npy": np.dtype(np.uint8), "units.npy": np.dtype("<i4"),
            "hashes.npy": np.dtype("<u4")}
# What a stored index may take up, inflated, before it is read: a sketch holds 4 bytes per
# character of its draft and a little for its units, so 64 bytes per byte of the corpus
# files (a .docx holds more characters than bytes) plus room for the file list is generous
# for a real index and stops a member that inflates to gigabytes.
_ROOM = 16 * 1024 * 1024
_PER_CORPUS_BYTE = 64
_HEX64 = frozenset("0123456789abcdef")


@dataclass
class CorpusEntry:
    path: str
    size: int
    mtime_ns: int
    sha256: str
    chars: int
    units: np.ndarray
    hashes: np.ndarray

    def sketch(self) -> Sketch:
        return Sketch(self.chars, self.units, self.hashes)

    def loader(self, max_bytes: int) -> Callable[[], Document]:
        def load() -> Document:
            from rcheck.text.readers import load as read

            return read(self.path, max_bytes=max_bytes)
        return load


def _cache_file(directory: Path) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "rcheck"
    digest = hashlib.sha256(str(directory).encode("utf-8")).hexdigest()[:16]
    return base / f"corpus-{digest}.npz"


class _Refused(Exception):
    """Why a stored index is not used (Chinese, English)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} {en}")
        self.zh, self.en = zh, en


def _canonical(value: Any) -> bytes:
    # ASCII escapes: a file name that is not UTF-8 holds lone surrogates, which UTF-8 refuses.
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode("ascii")


def payload_digest(meta: dict[str, Any], units: np.ndarray, hashes: np.ndarray) -> str:
    """SHA-256 over everything an index holds but its own checksum."""
    h = hashlib.sha256(b"rcheck corpus index\0")
    h.update(_canonical({k: v for k, v in meta.items() if k != "checksum"}))
    h.update(np.ascontiguousarray(units, dtype="<i4").tobytes())
    h.update(np.ascontiguousarray(hashes, dtype="<u4").tobytes())
    return h.hexdigest()


def sketch_digest(sha256: str, size: int, mtime_ns: int, chars: int, units: np.ndarray,
                  hashes: np.ndarray) -> str:
    """Ties a sketch to its file's key, so two files' sketches swapped are told apart."""
    h = hashlib.sha256(_canonical([sha256, size, mtime_ns, chars]))
    h.update(np.ascontiguousarray(units, dtype="<i4").tobytes())
    h.update(np.ascontiguousarray(hashes, dtype="<u4").tobytes())
    return h.hexdigest()


def _read_regular(path: Path, limit: int) -> bytes | None:
    """The bytes of `path`; None when there is no such file. Opened without blocking, so a
    FIFO or device put where the index goes is refused, never waited on or read forever."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except IsADirectoryError:
        raise _Refused("不是普通文件", "is not a regular file") from None
    except OSError as exc:
        raise _Refused("无法读取", f"is unreadable ({exc.strerror or exc})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _Refused("不是普通文件", "is not a regular file")
        if st.st_size > limit:
            raise _Refused("过大", f"is too large ({st.st_size} bytes)")
        chunks, left = [], st.st_size + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:
            raise _Refused("过大", "is too large (it grew while read)")
        return b"".join(chunks)
    except OSError as exc:
        raise _Refused("无法读取", f"is unreadable ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def _array(raw: bytes, dtype: np.dtype) -> np.ndarray:
    """One .npy member, its header checked before anything is allocated: the right dtype, no
    pickle, and a shape that the bytes present fill exactly."""
    fh = io.BytesIO(raw)
    try:
        version = np.lib.format.read_magic(fh)
        if version == (1, 0):
            shape, fortran, found = np.lib.format.read_array_header_1_0(fh)
        elif version == (2, 0):
            shape, fortran, found = np.lib.format.read_array_header_2_0(fh)
        else:
            raise _Refused("格式不符", f"has an unknown array version {version}")
    except ValueError:
        raise _Refused("已损坏", "is damaged (array header)") from None
    count = 1
    for n in shape:
        count *= n
    if found != dtype or fortran or count * dtype.itemsize != len(raw) - fh.tell():
        raise _Refused("已损坏", "is damaged (array)")
    # Bounded now: numpy allocates what the header claims, and the header matches the bytes.
    return np.load(io.BytesIO(raw), allow_pickle=False)


def _members(data: bytes, limit: int) -> dict[str, np.ndarray]:
    """The three arrays of an index archive; sizes checked in the zip directory first and
    each member read no further than it claims."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
        if sorted(i.filename for i in infos) != sorted(_MEMBERS):
            raise _Refused("内容不符", "holds unexpected members")
        if sum(i.file_size for i in infos) > limit:
            raise _Refused("解压后过大", "would inflate beyond its bound")
        if any(i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) for i in infos):
            # bzip2 and lzma inflate a whole input chunk at once, past any bound
            raise _Refused("压缩方式不符", "uses an unexpected compression")
        out = {}
        for info in infos:
            with zf.open(info) as fh:
                raw = fh.read(info.file_size + 1)
            if len(raw) != info.file_size:
                raise _Refused("已损坏", "is damaged (member size)")
            out[info.filename] = _array(raw, _MEMBERS[info.filename])
        return out
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError) as exc:
        raise _Refused("已损坏", f"is damaged ({type(exc).__name__})") from None


def _int(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise ValueError(value)
    return value


def _read(path: Path, params: SketchParams, directory: Path, limit: int
          ) -> dict[str, CorpusEntry] | None:
    """Entries of a stored index, keyed by path; None when there is none. Raises `_Refused`
    for an index that is damaged, of another version or built with other parameters."""
    data = _read_regular(path, limit)
    if data is None:
        return None
    arrays = _members(data, limit)
    raw_meta, units, hashes = arrays["meta.npy"], arrays["units.npy"], arrays["hashes.npy"]
    try:
        meta = json.loads(raw_meta.tobytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _Refused("已损坏", "is damaged (file list)") from None
    if not isinstance(meta, dict):
        raise _Refused("已损坏", "is damaged (file list)")
    if meta.get("format") != FORMAT:
        raise _Refused(f"版本不符（{meta.get('format')!r}，应为 {FORMAT}）",
                       f"has version {meta.get('format')!r}, not {FORMAT}")
    if meta.get("checksum") != payload_digest(meta, units, hashes):
        raise _Refused("校验和不符", "fails its checksum")
    if meta.get("params") != params.key():
        raise _Refused("参数不同", "was built with other sketch parameters")
    if units.ndim != 2 or units.shape[1:] != (2,) or hashes.ndim != 1:
        raise _Refused("已损坏", "is damaged (arrays)")
    out: dict[str, CorpusEntry] = {}
    try:
        for f in meta["files"]:
            u0, u1, h0, h1 = (_int(x) for x in f["units"] + f["hashes"])
            size, mtime_ns, chars = _int(f["size"]), _int(f["mtime_ns"]), _int(f["chars"])
            digest = f["sha256"]
            if not (isinstance(digest, str) and len(digest) == 64 and set(digest) <= _HEX64
                    and isinstance(f["path"], str) and u0 <= u1 <= len(units)
                    and h0 <= h1 <= len(hashes)):
                raise ValueError(f)
            u, h = units[u0:u1], hashes[h0:h1]
            if f["sketch"] != sketch_digest(digest, size, mtime_ns, chars, u, h):
                raise _Refused("中有草图与文件不对应", "has a sketch that is not its file's")
            # What `sketch` makes: one hash per shingle, units inside the text.
            if (len(h) != max(0, chars - params.shingle + 1)
                    or (len(u) and not (u.min() >= 0 and u.max() <= chars
                                        and bool((u[:, 0] < u[:, 1]).all())))):
                raise ValueError(f)
            where = (directory / f["path"]).resolve()
            if directory not in where.parents or str(where) in out:
                raise ValueError(f)  # an index naming files outside its folder is not ours
            out[str(where)] = CorpusEntry(str(where), size, mtime_ns, digest, chars,
                                          u.astype(np.int32), h.astype(np.uint32))
    except (KeyError, TypeError, ValueError, AttributeError):
        raise _Refused("已损坏", "is damaged (file list)") from None
    return out


def _encode(entries: list[CorpusEntry], params: SketchParams, directory: Path) -> bytes:
    files, at_u, at_h = [], 0, 0
    for e in entries:
        files.append({"path": os.path.relpath(e.path, directory), "size": e.size,
                      "mtime_ns": e.mtime_ns, "sha256": e.sha256, "chars": e.chars,
                      "units": [at_u, at_u + len(e.units)],
                      "hashes": [at_h, at_h + len(e.hashes)],
                      "sketch": sketch_digest(e.sha256, e.size, e.mtime_ns, e.chars, e.units,
                                              e.hashes)})
        at_u += len(e.units)
        at_h += len(e.hashes)
    units = (np.concatenate([e.units for e in entries]) if entries
             else np.zeros((0, 2), dtype=np.int32)).astype("<i4")
    hashes = (np.concatenate([e.hashes for e in entries]) if entries
              else np.zeros(0, dtype=np.uint32)).astype("<u4")
    meta: dict[str, Any] = {"format": FORMAT, "params": params.key(), "files": files}
    meta["checksum"] = payload_digest(meta, units, hashes)
    buf = io.BytesIO()
    np.savez(buf, meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
             units=units, hashes=hashes)
    return buf.getvalue()


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


class CorpusIndex:
    """Sketches of every draft under a folder, kept current file by file."""

    def __init__(self, directory: Path, params: SketchParams, entries: list[CorpusEntry],
                 max_bytes: int) -> None:
        self.directory = directory
        self.params = params
        self.entries = entries
        self.max_bytes = max_bytes
        self.location: Path | None = None
        self.reused = 0
        self.indexed = 0
        self.removed = 0
        self.touched = 0  # stat changed, content not: only the stored stat is updated
        self.errors: list[InputError] = []
        self.warnings: list[str] = []  # one line each: a stored index refused, and what became of it

    @classmethod
    def open(cls, directory: str | os.PathLike[str], params: SketchParams = DEFAULT_PARAMS, *,
             max_bytes: int = DEFAULT_MAX_BYTES, store: bool = True,
             progress: Progress | None = None) -> CorpusIndex:
        """The index of `directory`, brought up to date and (with `store`) saved."""
        root = Path(directory).resolve()
        if not root.is_dir():
            raise InputError(str(directory), "not a directory （语料目录不存在）")
        candidates = [root / INDEX_DIR / INDEX_FILE, _cache_file(root)]
        paths = [str(Path(p).resolve()) for p in expand_paths([str(root)])]
        index = cls(root, params, [], max_bytes)
        limit = _ROOM + _PER_CORPUS_BYTE * sum(_size(p) for p in paths)
        stored: dict[str, CorpusEntry] | None = None
        refused: list[tuple[Path, _Refused]] = []
        for c in candidates:
            try:
                stored = _read(c, params, root, limit)
            except _Refused as why:
                refused.append((c, why))  # never used; rebuilt below
                continue
            if stored is not None:
                break
        stored = stored or {}
        for i, path in enumerate(paths, start=1):
            entry = index._entry(path, stored.pop(path, None))
            if entry is not None:
                index.entries.append(entry)
            if progress:
                progress("index", i, len(paths))
        index.removed = len(stored)
        dirty = index.indexed or index.removed or index.touched or refused
        if store and (dirty or not any(c.is_file() for c in candidates)):
            index.location = index._write(candidates)
        elif store:
            index.location = next((c for c in candidates if c.is_file()), None)
        for c, why in refused:
            index.warnings.append(index._refusal(c, why, store))
        return index

    def _refusal(self, where: Path, why: _Refused, store: bool) -> str:
        """One line: what was wrong with a stored index and what became of it."""
        head = f"{where}: 语料索引{why.zh}"
        if self.location == where:
            return f"{head}，已丢弃并重建 / corpus index {why.en}: discarded and rebuilt"
        if not store:
            return f"{head}，已忽略 / corpus index {why.en}: ignored (--no-index)"
        if self.location is not None:
            return (f"{head}，无法替换，已忽略，新索引写在 {self.location} / corpus index {why.en}: "
                    f"cannot be replaced, ignored; rebuilt at {self.location}")
        return (f"{head}，无法替换，已忽略 / corpus index {why.en}: cannot be replaced, ignored; "
                "computed without it")

    def _entry(self, path: str, old: CorpusEntry | None) -> CorpusEntry | None:
        try:
            st = os.stat(path)
        except OSError as exc:
            self.errors.append(InputError(path, exc.strerror or str(exc)))
            return None
        if old is not None and old.size == st.st_size and old.mtime_ns == st.st_mtime_ns:
            self.reused += 1
            return old
        try:
            from rcheck.text.readers import load

            doc = load(path, max_bytes=self.max_bytes)
            data = Path(path).read_bytes()
        except InputError as exc:
            self.errors.append(exc)
            return None
        except OSError as exc:
            self.errors.append(InputError(path, exc.strerror or str(exc)))
            return None
        digest = hashlib.sha256(data).hexdigest()
        if old is not None and old.sha256 == digest:
            # Touched, not changed: keep the sketch, remember the new stat.
            self.reused += 1
            self.touched += 1
            old.size, old.mtime_ns = st.st_size, st.st_mtime_ns
            return old
        self.indexed += 1
        sk = sketch(doc.text, self.params)
        return CorpusEntry(path, st.st_size, st.st_mtime_ns, digest, sk.chars, sk.units,
                           sk.hashes)

    def _write(self, candidates: list[Path]) -> Path | None:
        from rcheck.output import write_atomic

        payload = _encode(self.entries, self.params, self.directory)
        for target in candidates:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                _clear_damaged(target)
                write_atomic(target, payload)
                return target
            except OSError:
                continue  # a read-only corpus: try the user cache instead
        return None

    def summary(self) -> dict[str, Any]:
        return {"path": str(self.directory), "files": len(self.entries), "reused": self.reused,
                "indexed": self.indexed, "removed": self.removed, "touched": self.touched,
                "index": str(self.location) if self.location else None,
                "warnings": list(self.warnings)}


def _clear_damaged(target: Path) -> None:
    """The index's own name holding a FIFO, a device or a link is damage, not a user's file:
    remove it so a good index can take its place (write_atomic replaces only regular files)."""
    try:
        st = target.lstat()
    except FileNotFoundError:
        return
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
        target.unlink()
