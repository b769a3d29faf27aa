"""Writing outputs atomically: a reader never sees half a file, a crash leaves the old one.

Also the checks every command makes before it reads anything: an output must never be one of
the inputs (by any path: device and inode are compared), never another output, and only a
regular file or a new path.
"""

from __future__ import annotations

import functools
import os
import stat
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from rcheck.errors import RcheckError
from rcheck.text import regex as re

# `-o -` and `-o /dev/stdout` mean standard output, not a file to replace.
STDOUT_NAMES = ("-", "/dev/stdout")
# A temp file of a live writer is left alone unless it is older than this (a hung process,
# or a pid reused after the writer was killed).
STALE_SECONDS = 3600
# Device nodes and the streams of processes (/dev/stderr, /proc/self/fd/N): through such a
# path a redirected stream's file would be replaced, never a report written.
_SYSTEM_TREES = ("/dev/", "/proc/")
_NAME_MAX = 255
_TEMP = r"^\..*\.rcheck-([0-9a-f]{8})-(\d+)-[0-9a-f]+\.tmp$"


@functools.lru_cache(maxsize=1)
def _host() -> str:
    """This machine, in temp names, so that on a shared folder only its own pids are judged."""
    import zlib

    node = os.uname().nodename if hasattr(os, "uname") else ""
    return f"{zlib.crc32(node.encode('utf-8', 'replace')):08x}"


class OutputError(RcheckError):
    """An output that must not or cannot be written."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{printable(path)}: {reason}")
        self.path = path
        self.reason = reason


def printable(name: str) -> str:
    """`name` with undecodable bytes of a file name (surrogateescape) shown as escapes."""
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that is no escaped byte
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def is_stdout(name: str | None) -> bool:
    return name in STDOUT_NAMES


def temp_name(name: str, pid: int | None = None) -> str:
    """`.{name}.rcheck-<host>-<pid>-<random>.tmp`, shortened to fit NAME_MAX."""
    tail = f".rcheck-{_host()}-{os.getpid() if pid is None else pid}-{os.urandom(4).hex()}.tmp"
    room = _NAME_MAX - 1 - len(tail.encode())
    raw = os.fsencode(name)
    if len(raw) > room:  # cut on a character boundary
        raw = raw[:room].decode("utf-8", "ignore").encode()
    return "." + os.fsdecode(raw) + tail


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: someone else's live process
        return True
    return True


def clean_stale_temps(folder: str | os.PathLike[str]) -> int:
    """Remove temp files of rcheck's own naming that a killed writer left; returns how many."""
    removed = 0
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return 0
    for entry in entries:
        m = re.match(_TEMP, entry.name, re.DOTALL)
        if not m:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode):
                continue
            dead = m.group(1) == _host() and not _alive(int(m.group(2)))
            if dead or now - st.st_mtime > STALE_SECONDS:
                os.unlink(entry.path)
                removed += 1
        except OSError:
            continue  # gone already, or not ours to remove
    return removed


def _mode_for(target: Path) -> int:
    """The replaced file's permissions, else what a plain `open` would give (0666 less umask)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _open_temp(path: str) -> int:
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)


def _real_target(path: str | os.PathLike[str]) -> Path:
    # Through a symlink, the file it names is replaced, not the link.
    target = Path(path)
    return Path(os.path.realpath(target)) if target.is_symlink() else target


def write_atomic(path: str | os.PathLike[str], data: str | bytes | Iterable[str]) -> None:
    """Write `data` (text as UTF-8, bytes such as .xlsx and .png, or text in pieces, each
    encoded and written as it comes) to `path` atomically.

    Only a regular file or a new path is written: anything else raises `OSError`.
    """
    target = _real_target(path)
    pieces: Iterable[str | bytes] = [data] if isinstance(data, (str, bytes)) else data
    try:
        st = target.stat()
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise IsADirectoryError(21, "is a directory", str(path)) if stat.S_ISDIR(st.st_mode) \
            else OSError(22, "not a regular file", str(path))
    mode = _mode_for(target)
    folder = target.parent if str(target.parent) else Path(".")
    clean_stale_temps(folder)
    tmp = str(folder / temp_name(target.name))
    fd = _open_temp(tmp)
    try:
        with os.fdopen(fd, "wb") as fh:
            # The temp file is 0600: a report written for colleagues must stay readable.
            os.chmod(tmp, mode)
            for piece in pieces:
                fh.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# ---------------------------------------------------------------- before any work


def describe_os_error(exc: OSError) -> str:
    import errno

    return {
        errno.ENOENT: "目录不存在 (no such directory)",
        errno.ENOTDIR: "路径中有一项不是目录 (a part of the path is not a directory)",
        errno.ENAMETOOLONG: "文件名太长 (file name too long)",
        errno.ELOOP: "符号链接循环 (symbolic link loop)",
        errno.EACCES: "无权写入 (permission denied)",
        errno.EPERM: "无权写入 (permission denied)",
        errno.EROFS: "只读文件系统 (read-only file system)",
        errno.ENOSPC: "磁盘已满 (no space left on device)",
    }.get(exc.errno or 0, f"无法写入 (cannot write: {exc.strerror or exc})")


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def _stream_identity(stream: object) -> tuple[int, int] | None:
    """A standard stream's file, when it is a regular file (a redirection)."""
    try:
        st = os.fstat(stream.fileno())  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):  # a test runner's stream has no descriptor
        return None
    return (st.st_dev, st.st_ino) if stat.S_ISREG(st.st_mode) else None


def _output_key(name: str, option: str) -> tuple[object, ...]:
    """What identifies the output file, after checking it can be written (a probe file)."""
    where = os.path.abspath(name)
    if where.startswith(_SYSTEM_TREES) and not where.startswith("/dev/shm/"):  # shm: a tmpfs
        raise OutputError(name, f"{option}: 不写入 /dev 和 /proc 下的路径，标准输出请用 -o - "
                                "(will not write under /dev or /proc; use -o - for standard output)")
    try:
        st = os.stat(name)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(name, f"{option}: {describe_os_error(exc)}") from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise OutputError(name, f"{option}: 是目录，不能写入 (is a directory)")
        if not stat.S_ISREG(st.st_mode):
            raise OutputError(name, f"{option}: 不是普通文件，不会被替换 (not a regular file: a FIFO, "
                                    "device or socket; use -o - for standard output)")
    real = _real_target(name)
    folder = str(real.parent) if str(real.parent) else "."
    if len(os.fsencode(real.name)) > _NAME_MAX:
        raise OutputError(name, f"{option}: 文件名太长 (file name too long)")
    probe = os.path.join(folder, temp_name(real.name))
    try:
        os.close(_open_temp(probe))
        os.unlink(probe)
    except OSError as exc:
        import errno

        reason = describe_os_error(exc)
        if exc.errno == errno.ENOENT and os.path.isdir(folder):  # /proc and the like
            reason = "不能在这个目录中创建文件 (cannot create files in this folder)"
        raise OutputError(name, f"{option}: {reason}") from None
    if st is not None:
        return (st.st_dev, st.st_ino)
    return ("new", os.path.realpath(real))


def check_outputs(inputs: Iterable[str], outputs: Sequence[tuple[str, str | None]],
                  *, stdout_used: bool = True) -> None:
    """Raise `OutputError` unless every output can be written without touching an input.

    `inputs` are the files that will be read (`-` is standard input); `outputs` pairs each
    option's name with its path (None: not given; `-` or /dev/stdout: standard output).
    `stdout_used` says whether standard output will be written: when it is a regular file,
    it must not be an input either (`rcheck lint x.txt >> x.txt`).
    """
    files: list[tuple[str, str, tuple[object, ...]]] = []
    for option, name in outputs:
        if name is None:
            continue
        if is_stdout(name):
            stdout_used = True
            continue
        if not name:
            raise OutputError(name, f"{option}: 文件名为空 (empty file name)")
        files.append((option, name, _output_key(name, option)))
    for i, (option, name, key) in enumerate(files):
        for other_option, other, other_key in files[:i]:
            if key == other_key:
                raise OutputError(name, f"{option} 与 {other_option} 是同一个文件 "
                                        f"(the same file as {other_option} {printable(other)})")
    stdout_key = _stream_identity(sys.stdout) if stdout_used else None
    if not files and stdout_key is None:
        return
    stdin_key = _stream_identity(sys.stdin)
    for source in inputs:
        ident = stdin_key if source == "-" else _identity(source)
        if ident is None:
            continue
        shown = "<stdin>" if source == "-" else printable(source)
        for option, name, key in files:
            if key == ident:
                raise OutputError(name, f"{option} 会覆盖输入文件 {shown}，请换一个文件名 "
                                        f"(would overwrite the input {shown}; name another file)")
        if stdout_key == ident:
            raise OutputError(shown, "标准输出就是这个输入文件，输出会写进原稿 "
                                     "(standard output is this input file)")
