"""The corpus index in shards of Parquet (pyarrow), for archives of hundreds of thousands of
files: a changed file rewrites only its shard, and a shard is a columnar table any engine
(or another tool) reads.

`DIR/.rcheck-index/shards/manifest.json` names the shards with the SHA-256 of each, the
sketch parameters and the format; each shard holds one row per file (path relative to DIR,
size, mtime_ns, sha256, chars, units, hashes, digest). A file belongs to the shard picked by
the hash of its relative path, so adding files leaves the other shards alone. Shard files
carry their content hash in their name and the manifest is replaced last, atomically, so a
reader sees a complete old or new index. The checks are those of the numpy index: a shard
whose hash differs from the manifest's, a sketch whose digest is not its file's, another
version or other parameters, and the index is rebuilt with a warning.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rcheck.compare.index import (
    INDEX_DIR,
    CorpusEntry,
    CorpusIndex,
    _Refused,
    _size,
    sketch_digest,
)
from rcheck.compare.sketch import DEFAULT_PARAMS, Progress, Sketch, SketchParams, sketch
from rcheck.errors import InputError
from rcheck.text.readers import DEFAULT_MAX_BYTES, expand_paths

# Sketches files: for each path, (SHA-256 of its bytes, its sketch) or why it cannot be read.
Sketcher = Callable[[list[str], SketchParams, int], list["tuple[str, Sketch] | InputError"]]

SHARD_FORMAT = 1
SHARD_DIR = "shards"
MANIFEST = "manifest.json"
SHARD_ROWS = 2000  # files per shard when an index is first built
_MAX_MANIFEST = 16 * 1024 * 1024


@dataclass
class _Fresh:
    entry: CorpusEntry
    changed: bool  # its shard must be written again


def sketch_file(path: str, params: SketchParams, max_bytes: int) -> tuple[str, Sketch] | InputError:
    from rcheck.text.readers import load

    try:
        doc = load(path, max_bytes=max_bytes)
        data = Path(path).read_bytes()
    except InputError as exc:
        return exc
    except OSError as exc:
        return InputError(path, exc.strerror or str(exc))
    return hashlib.sha256(data).hexdigest(), sketch(doc.text, params)


def sketch_files(paths: list[str], params: SketchParams, max_bytes: int
                 ) -> list[tuple[str, Sketch] | InputError]:
    return [sketch_file(p, params, max_bytes) for p in paths]


def _shard_of(rel: str, shards: int) -> int:
    return int.from_bytes(hashlib.sha256(rel.encode("utf-8", "surrogateescape")).digest()[:8],
                          "big") % shards


def _table_bytes(rows: list[CorpusEntry], root: Path) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = sorted(rows, key=lambda e: e.path)
    table = pa.table({
        "path": pa.array([os.path.relpath(e.path, root) for e in rows], pa.string()),
        "size": pa.array([e.size for e in rows], pa.int64()),
        "mtime_ns": pa.array([e.mtime_ns for e in rows], pa.int64()),
        "sha256": pa.array([e.sha256 for e in rows], pa.string()),
        "chars": pa.array([e.chars for e in rows], pa.int64()),
        "units": pa.array([e.units.astype("<i4").ravel().tolist() for e in rows],
                          pa.list_(pa.int32())),
        "hashes": pa.array([e.hashes.astype("<u4").tobytes() for e in rows], pa.binary()),
        "digest": pa.array([sketch_digest(e.sha256, e.size, e.mtime_ns, e.chars, e.units,
                                          e.hashes) for e in rows], pa.string()),
    })
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def _read_shard(data: bytes, root: Path, params: SketchParams) -> list[CorpusEntry]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        cols = pq.read_table(pa.BufferReader(data)).to_pydict()
        out = []
        for i, rel in enumerate(cols["path"]):
            size, mtime_ns, chars = (int(cols[k][i]) for k in ("size", "mtime_ns", "chars"))
            units = np.array(cols["units"][i], dtype=np.int32).reshape(-1, 2)
            hashes = np.frombuffer(cols["hashes"][i], dtype="<u4").astype(np.uint32)
            sha = cols["sha256"][i]
            if cols["digest"][i] != sketch_digest(sha, size, mtime_ns, chars, units, hashes):
                raise _Refused("中有草图与文件不对应", "has a sketch that is not its file's")
            if len(hashes) != max(0, chars - params.shingle + 1):
                raise ValueError(rel)
            where = (root / rel).resolve()
            if root not in where.parents:
                raise ValueError(rel)  # an index naming files outside its folder is not ours
            out.append(CorpusEntry(str(where), size, mtime_ns, sha, chars, units, hashes))
        return out
    except (KeyError, TypeError, ValueError, OSError, pa.ArrowException):
        raise _Refused("已损坏", "is damaged (shard)") from None


class ShardedIndex(CorpusIndex):
    """`CorpusIndex` kept as Parquet shards; the same entries, so either engine uses it."""

    shards: int = 1
    rewritten: int = 0  # shards written by the last `open`

    @classmethod
    def open(cls, directory: str | os.PathLike[str], params: SketchParams = DEFAULT_PARAMS, *,
             max_bytes: int = DEFAULT_MAX_BYTES, store: bool = True,
             progress: Progress | None = None, sketcher: Sketcher | None = None
             ) -> ShardedIndex:
        """The index of `directory`, brought up to date and (with `store`) saved; the files
        to sketch again go to `sketcher` (a Dask engine passes one running on its workers)."""
        root = Path(directory).resolve()
        if not root.is_dir():
            raise InputError(str(directory), "not a directory （语料目录不存在）")
        folder = root / INDEX_DIR / SHARD_DIR
        paths = [str(Path(p).resolve()) for p in expand_paths([str(root)])]
        index = cls(root, params, [], max_bytes)
        limit = 16 * 1024 * 1024 + 64 * sum(_size(p) for p in paths)
        refused: _Refused | None = None
        try:
            stored, manifest = _load(folder, root, params, limit)
        except _Refused as why:
            stored, manifest, refused = {}, None, why
        if manifest is not None and len(paths) <= 2 * SHARD_ROWS * len(manifest["shards"]):
            index.shards = len(manifest["shards"])
        else:
            index.shards = max(1, -(-len(paths) // SHARD_ROWS))
        old_shard = {p: _shard_of(os.path.relpath(p, root), index.shards) for p in stored} \
            if manifest is not None and index.shards == len(manifest["shards"]) else None
        dirty: set[int] = set()
        entries = index._refresh(paths, stored, sketcher or sketch_files, progress)
        for path in paths:
            entry = entries.get(path)
            if entry is None or entry.changed:
                dirty.add(_shard_of(os.path.relpath(path, root), index.shards))
            if entry is not None:
                index.entries.append(entry.entry)
        index.removed = len(stored)
        if old_shard is None:
            dirty = set(range(index.shards))
        else:
            dirty |= {old_shard[p] for p in stored}
        if store and (dirty or refused is not None or manifest is None):
            index.location = index._store(folder, manifest, dirty)
        elif store:
            index.location = folder / MANIFEST
        if refused is not None:
            index.warnings.append(index._refusal(folder / MANIFEST, refused, store))
        return index

    def _refresh(self, paths: list[str], stored: dict[str, CorpusEntry], sketcher: Sketcher,
                 progress: Progress | None) -> dict[str, _Fresh]:
        """Each readable file's entry: reused when size and time match, else sketched again
        (all together, by `sketcher`) and kept as before when only the time changed."""
        out: dict[str, _Fresh] = {}
        pending: list[tuple[str, os.stat_result, CorpusEntry | None]] = []
        for path in paths:
            old = stored.pop(path, None)
            try:
                st = os.stat(path)
            except OSError as exc:
                self.errors.append(InputError(path, exc.strerror or str(exc)))
                continue
            if old is not None and old.size == st.st_size and old.mtime_ns == st.st_mtime_ns:
                self.reused += 1
                out[path] = _Fresh(old, False)
            else:
                pending.append((path, st, old))
        for (path, st, old), got in zip(pending, sketcher([p for p, _, _ in pending],
                                                          self.params, self.max_bytes),
                                        strict=True):
            if isinstance(got, InputError):
                self.errors.append(got)
                continue
            digest, sk = got
            if old is not None and old.sha256 == digest:
                self.reused += 1
                self.touched += 1
                old.size, old.mtime_ns = st.st_size, st.st_mtime_ns
                out[path] = _Fresh(old, True)
                continue
            self.indexed += 1
            out[path] = _Fresh(CorpusEntry(path, st.st_size, st.st_mtime_ns, digest, sk.chars,
                                           sk.units, sk.hashes), True)
        if progress:
            progress("index", len(paths), len(paths))
        return out

    def _store(self, folder: Path, manifest: dict[str, Any] | None, dirty: set[int]
               ) -> Path | None:
        from rcheck.output import write_atomic

        by_shard: dict[int, list[CorpusEntry]] = {s: [] for s in range(self.shards)}
        for e in self.entries:
            by_shard[_shard_of(os.path.relpath(e.path, self.directory), self.shards)].append(e)
        old = {s["index"]: s for s in manifest["shards"]} if manifest is not None and len(
            manifest["shards"]) == self.shards else {}
        listed = []
        try:
            folder.mkdir(parents=True, exist_ok=True)
            for s in range(self.shards):
                if s in old and s not in dirty and (folder / old[s]["file"]).is_file():
                    listed.append(old[s])
                    continue
                data = _table_bytes(by_shard[s], self.directory)
                digest = hashlib.sha256(data).hexdigest()
                name = f"shard-{s:05d}-{digest[:16]}.parquet"
                write_atomic(folder / name, data)
                self.rewritten += 1
                listed.append({"index": s, "file": name, "sha256": digest,
                               "rows": len(by_shard[s])})
            doc = {"format": SHARD_FORMAT, "params": self.params.key(), "shards": listed}
            write_atomic(folder / MANIFEST, json.dumps(doc, sort_keys=True, indent=1))
        except OSError:
            return None  # a read-only corpus: computed without storing
        keep = {s["file"] for s in listed} | {MANIFEST}
        for p in folder.glob("shard-*.parquet"):
            if p.name not in keep:
                try:
                    p.unlink()
                except OSError:
                    pass
        return folder / MANIFEST

    def summary(self) -> dict[str, Any]:
        return {**super().summary(), "shards": self.shards, "rewritten": self.rewritten}


def _load(folder: Path, root: Path, params: SketchParams, limit: int
          ) -> tuple[dict[str, CorpusEntry], dict[str, Any] | None]:
    from rcheck.compare.index import _read_regular

    raw = _read_regular(folder / MANIFEST, _MAX_MANIFEST)
    if raw is None:
        return {}, None
    try:
        manifest = json.loads(raw.decode("utf-8"))
        shards = manifest["shards"]
        if not isinstance(shards, list):
            raise TypeError
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, RecursionError):
        raise _Refused("已损坏", "is damaged (manifest)") from None
    if manifest.get("format") != SHARD_FORMAT:
        raise _Refused(f"版本不符（{manifest.get('format')!r}，应为 {SHARD_FORMAT}）",
                       f"has version {manifest.get('format')!r}, not {SHARD_FORMAT}")
    if manifest.get("params") != params.key():
        raise _Refused("参数不同", "was built with other sketch parameters")
    out: dict[str, CorpusEntry] = {}
    total = 0
    for s in shards:
        try:
            name, digest = str(s["file"]), str(s["sha256"])
        except (KeyError, TypeError):
            raise _Refused("已损坏", "is damaged (manifest)") from None
        if "/" in name or name.startswith("."):
            raise _Refused("已损坏", "is damaged (manifest)")
        data = _read_regular(folder / name, limit - total)
        if data is None:
            raise _Refused("缺少分片", f"is missing shard {name}")
        total += len(data)
        if hashlib.sha256(data).hexdigest() != digest:
            raise _Refused("校验和不符", f"fails its checksum (shard {name})")
        for e in _read_shard(data, root, params):
            out[e.path] = e
    return out, manifest
