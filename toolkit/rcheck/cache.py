"""A per-user cache of what every process would otherwise rebuild: parsed lexicons, compiled
regular expressions. Speed only: a missing, damaged or refused file means the work is redone.

Where: `$RCHECK_CACHE_DIR`, else `$XDG_CACHE_HOME/rcheck`, else `~/.cache/rcheck`
(`%LOCALAPPDATA%\\rcheck` on Windows). `RCHECK_CACHE_DIR=off` (or empty) turns it off.

Format: JSON of plain data. Loading it cannot run code, as unpickling can, and a damaged file is
only a `ValueError`. On top of that the files are trusted only in a directory of the current
user's own, not writable by others (POSIX owner and mode checked on the directory and on each
file before reading), so another account cannot plant entries in a shared or world-writable
place. Writes go to a temporary file in the same directory, then `os.replace`: processes
running at once each see a whole old file or a whole new one, never half of one.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

_OFF = ("", "0", "off", "no", "false")


def directory() -> Path | None:
    """The cache directory (created, mode 0700), or None when it is off or not safe to use."""
    configured = os.environ.get("RCHECK_CACHE_DIR")
    if configured is not None:
        if configured.strip().lower() in _OFF:
            return None
        path = Path(configured)
    elif sys.platform == "win32":
        path = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local", "rcheck")
    else:
        path = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "rcheck")
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        return path if _trusted(path.stat()) else None
    except (OSError, RuntimeError):  # RuntimeError: no home directory to be found
        return None


def _trusted(st: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (always true where there are no uids)."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:
        return True
    return st.st_uid == getuid() and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def read(name: str) -> Any | None:
    """The data stored under `name`, or None (absent, off, untrusted or damaged)."""
    folder = directory()
    if folder is None:
        return None
    try:
        with open(folder / name, "rb") as f:
            if not _trusted(os.fstat(f.fileno())):
                return None
            return json.loads(f.read())
    except (OSError, ValueError):
        return None


def write(name: str, data: Any) -> bool:
    """Store `data` (plain JSON data) under `name`, atomically; False when it could not be."""
    folder = directory()
    if folder is None:
        return False
    import tempfile  # only a process that adds entries pays for its import

    try:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        try:
            payload = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate (a pattern from a broken file): escaped
            payload = json.dumps(data, separators=(",", ":")).encode("ascii")
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(payload)
            os.replace(tmp, folder / name)
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, TypeError, ValueError):
        return False
    return True


def interpreter_file(prefix: str, analysis: str) -> str:
    """The name of a file of answers that this interpreter's `re` parser and the code in the file
    `analysis` worked out: `<prefix>-cpython-311-3-11-7-<hash of that code>.json`. Another
    interpreter's parse trees or a changed analysis start a file of their own."""
    import binascii  # a checksum tells versions apart; hashlib's import alone costs a cold run 4 ms

    try:
        code = f"{binascii.crc32(Path(analysis).read_bytes()):08x}"
    except OSError:  # no source beside the module (a zipped install): the version stands for it
        from importlib import metadata

        try:
            code = metadata.version("rcheck")
        except metadata.PackageNotFoundError:
            code = "unknown"
    version = "-".join(str(v) for v in sys.version_info)
    return f"{prefix}-{sys.implementation.cache_tag}-{version}-{code}.json"


def prune(prefix: str, keep: int) -> None:
    """Remove all but the `keep` most recently written files whose names start with `prefix`
    (entries keyed by content: old keys are never read again)."""
    folder = directory()
    if folder is None:
        return
    try:
        files = sorted(folder.glob(f"{prefix}*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in files[keep:]:
            old.unlink()
    except OSError:
        pass


class Entries:
    """One file of entries (a JSON object) kept across processes: read on first use; what this
    process adds is merged into the file at exit. Past `limit` entries the file keeps only those
    this process used, so entries of lexicons or patterns no longer in use fall away."""

    def __init__(self, name: str, limit: int, family: str | None = None, keep: int = 3) -> None:
        self.name, self.limit = name, limit
        # Files of the same `family` (name prefix) made by other versions: all but `keep` of the
        # latest are removed when this one is written.
        self.family, self.keep = family, keep
        self.stored: dict[str, Any] | None = None  # the file's entries, read on first use
        self.new: dict[str, Any] = {}
        self.used: set[str] = set()

    def _load(self) -> dict[str, Any]:
        if self.stored is None:
            data = read(self.name)
            self.stored = data if isinstance(data, dict) else {}
            import atexit

            atexit.register(self.save)
        return self.stored

    def __contains__(self, key: str) -> bool:
        return key in self._load() or key in self.new

    def get(self, key: str) -> Any | None:
        """The entry under `key` (marked as used), or None."""
        stored = self._load()
        value = stored[key] if key in stored else self.new.get(key)
        if key in stored or key in self.new:
            self.used.add(key)
        return value

    def put(self, key: str, value: Any) -> None:
        if len(self.new) < self.limit:
            self.new[key] = value
        self.used.add(key)

    def answer(self, key: str, compute: Callable[[], Any], valid: Callable[[Any], bool]) -> Any:
        """The stored answer under `key` when `valid` says it can be one (None always can: "no
        answer" is an answer too), else `compute()`'s, stored for the next process."""
        if key in self:
            kept = self.get(key)
            if kept is None or valid(kept):
                return kept
            self.drop(key)  # damaged: never read again in this process
        found = compute()
        self.put(key, found)
        return found

    def drop(self, key: str) -> None:
        """Forget a damaged entry: it is not used again in this process."""
        self._load().pop(key, None)

    def save(self) -> None:
        """The file with this process's new entries added (nothing is written when none are)."""
        if not self.new:
            return
        on_disk = read(self.name)
        merged = on_disk if isinstance(on_disk, dict) else {}
        merged.update(self.new)
        if len(merged) > self.limit:
            merged = {k: v for k, v in merged.items() if k in self.used}
        if write(self.name, merged) and self.family:
            prune(self.family, self.keep)
        self.new.clear()
