"""The sketches of a corpus folder, built once and kept on disk.

`CorpusIndex.open(DIR)` reads `DIR/.rcheck-index/index.npz` (or, when DIR is not writable,
a file in the user cache directory), re-sketches only the files whose size or modification
time changed and whose SHA-256 then differs too, drops files that are gone, and writes the
index back atomically when anything changed. The file is a numpy archive read with
`allow_pickle=False`: a corpus folder may be shared, and a pickle in it would run code.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .compare import DEFAULT_PARAMS, Progress, Sketch, SketchParams, sketch
from .document import Document
from .errors import InputError
from .readers import DEFAULT_MAX_BYTES, expand_paths

FORMAT = 1
INDEX_DIR = ".rcheck-index"
INDEX_FILE = "index.npz"


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
            from .readers import load as read

            return read(self.path, max_bytes=max_bytes)
        return load


def _cache_file(directory: Path) -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "rcheck"
    digest = hashlib.sha256(str(directory).encode("utf-8")).hexdigest()[:16]
    return base / f"corpus-{digest}.npz"


def _read(path: Path, params: SketchParams, directory: Path) -> dict[str, CorpusEntry]:
    """Entries of a stored index, keyed by path; empty when absent, stale or unreadable."""
    try:
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(bytes(data["meta"]).decode("utf-8"))
            units, hashes = data["units"], data["hashes"]
    except (OSError, ValueError, KeyError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    if (not isinstance(meta, dict) or meta.get("format") != FORMAT
            or meta.get("params") != params.key() or units.ndim != 2 or units.shape[1:] != (2,)
            or hashes.ndim != 1):
        return {}
    out = {}
    try:
        for f in meta["files"]:
            u0, u1, h0, h1 = (int(x) for x in f["units"] + f["hashes"])
            if not (0 <= u0 <= u1 <= len(units) and 0 <= h0 <= h1 <= len(hashes)):
                return {}
            where = (directory / f["path"]).resolve()
            if directory not in where.parents:
                return {}  # an index naming files outside its folder is not ours
            out[str(where)] = CorpusEntry(str(where), int(f["size"]), int(f["mtime_ns"]),
                                          str(f["sha256"]), int(f["chars"]),
                                          units[u0:u1].astype(np.int32),
                                          hashes[h0:h1].astype(np.uint32))
    except (KeyError, TypeError, ValueError):
        return {}
    return out


def _encode(entries: list[CorpusEntry], params: SketchParams, directory: Path) -> bytes:
    files, at_u, at_h = [], 0, 0
    for e in entries:
        files.append({"path": os.path.relpath(e.path, directory), "size": e.size,
                      "mtime_ns": e.mtime_ns, "sha256": e.sha256, "chars": e.chars,
                      "units": [at_u, at_u + len(e.units)],
                      "hashes": [at_h, at_h + len(e.hashes)]})
        at_u += len(e.units)
        at_h += len(e.hashes)
    meta = {"format": FORMAT, "params": params.key(), "files": files}
    units = (np.concatenate([e.units for e in entries]) if entries
             else np.zeros((0, 2), dtype=np.int32))
    hashes = (np.concatenate([e.hashes for e in entries]) if entries
              else np.zeros(0, dtype=np.uint32))
    buf = io.BytesIO()
    np.savez(buf, meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8),
             units=units.astype(np.int32), hashes=hashes.astype(np.uint32))
    return buf.getvalue()


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

    @classmethod
    def open(cls, directory: str | os.PathLike[str], params: SketchParams = DEFAULT_PARAMS, *,
             max_bytes: int = DEFAULT_MAX_BYTES, store: bool = True,
             progress: Progress | None = None) -> CorpusIndex:
        """The index of `directory`, brought up to date and (with `store`) saved."""
        root = Path(directory).resolve()
        if not root.is_dir():
            raise InputError(str(directory), "not a directory （语料目录不存在）")
        candidates = [root / INDEX_DIR / INDEX_FILE, _cache_file(root)]
        stored: dict[str, CorpusEntry] = {}
        for c in candidates:
            stored = _read(c, params, root)
            if stored:
                break
        paths = [str(Path(p).resolve()) for p in expand_paths([str(root)])]
        index = cls(root, params, [], max_bytes)
        for i, path in enumerate(paths, start=1):
            entry = index._entry(path, stored.pop(path, None))
            if entry is not None:
                index.entries.append(entry)
            if progress:
                progress("index", i, len(paths))
        index.removed = len(stored)
        dirty = index.indexed or index.removed or index.touched
        if store and (dirty or not any(c.is_file() for c in candidates)):
            index.location = index._write(candidates)
        elif store:
            index.location = next((c for c in candidates if c.is_file()), None)
        return index

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
            from .readers import load

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
        from .output import write_atomic

        payload = _encode(self.entries, self.params, self.directory)
        for target in candidates:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(target, payload)
                return target
            except OSError:
                continue  # a read-only corpus: try the user cache instead
        return None

    def summary(self) -> dict[str, Any]:
        return {"path": str(self.directory), "files": len(self.entries), "reused": self.reused,
                "indexed": self.indexed, "removed": self.removed, "touched": self.touched,
                "index": str(self.location) if self.location else None}
