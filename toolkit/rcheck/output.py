"""Writing outputs atomically: a reader never sees half a file, a crash leaves the old one."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def _mode_for(target: Path) -> int:
    """The replaced file's permissions, else what a plain `open` would give (0666 less umask)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write `data` (text as UTF-8, or bytes such as .xlsx and .png) to `path` atomically."""
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    mode = _mode_for(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                               dir=target.parent if str(target.parent) else ".")
    try:
        with os.fdopen(fd, "wb") as fh:
            # mkstemp makes the file 0600: a report written for colleagues must stay readable.
            os.chmod(tmp, mode)
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
