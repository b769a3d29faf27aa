"""Reading drafts: files, standard input and directories -> `Document`.

Encodings are detected, never assumed (`rcheck.text.decoding`): BOMs, UTF-8, UTF-16, GB18030 and
Big5, and bytes that fit none confidently are refused.
Line ends become LF so offsets are the same whatever editor saved the file. A .docx goes to
`rcheck.docx` (its text is built from paragraphs, tables and notes; see `rcheck.docx.read`).
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from rcheck.errors import InputError
from rcheck.text.decoding import decode
from rcheck.text.document import Document

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
WORD_SUFFIXES = (".docx",)
DRAFT_SUFFIXES = TEXT_SUFFIXES + WORD_SUFFIXES
_ZIP_MAGIC = b"PK\x03\x04"

def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_bytes(data: bytes, path: str = "<bytes>") -> Document:
    if not data.strip():
        raise InputError(path, "empty file （空文件）")
    text, encoding = decode(data, path)
    text = normalise_newlines(text)
    if not text.strip():
        raise InputError(path, "empty file （空文件）")
    return Document(text=text, path=path, encoding=encoding)


def read_docx(data: bytes, path: str) -> Document:
    """A .docx draft's `Document` (python-docx is imported only here)."""
    from rcheck.docx import read_docx_bytes

    return read_docx_bytes(data, path)


def _read_limited(stream: BinaryIO, path: str, max_bytes: int) -> bytes:
    # In chunks: read(max_bytes + 1) would allocate the whole limit for even a small file.
    chunks: list[bytes] = []
    total = 0
    while total <= max_bytes:
        chunk = stream.read(min(1024 * 1024, max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > max_bytes:
        raise InputError(path, f"larger than the {max_bytes // (1024 * 1024)} MB limit "
                               "(use --max-size to raise it)")
    return b"".join(chunks)


# Formats a draft is often saved in that rcheck cannot read: a directory scan names each one it
# skips, and a path naming one directly is refused, both with what to do instead.
_UNSUPPORTED = {
    ".doc": "旧版 Word .doc", ".dot": "旧版 Word 模板 .dot", ".docm": "带宏的 Word .docm",
    ".dotx": "Word 模板 .dotx", ".wps": "WPS .wps", ".wpt": "WPS 模板 .wpt", ".rtf": "RTF",
    ".pdf": "PDF", ".odt": "OpenDocument .odt",
}
_SAVE_AS = "请在 Word/WPS 中另存为 .docx 再检查 (not supported: save it as .docx)"


def unsupported_reason(name: str) -> str | None:
    """Why a file of this name is not read as a draft, with the 另存为 .docx hint; else None."""
    kind = _UNSUPPORTED.get(os.path.splitext(name)[1].lower())
    return f"{kind} 文件不能直接检查，{_SAVE_AS}" if kind else None


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, and encrypted .docx


def word_like(data: bytes) -> bool:
    """A zip (.docx), an OLE file (.doc, encrypted .docx) or RTF: `rcheck.docx` reads or names it."""
    return data.startswith((_ZIP_MAGIC, _OLE_MAGIC)) or data.lstrip().startswith(b"{\\rtf")


def _load_stdin(max_bytes: int) -> Document:
    data = _read_limited(sys.stdin.buffer, "<stdin>", max_bytes)
    if not data.strip():
        raise InputError("<stdin>", "标准输入为空 (empty standard input)")
    # A .docx piped in (a zip is never a text draft), or what a .docx path might really hold
    # (an old .doc, an encrypted file, RTF): the same reading and messages as from a path.
    if word_like(data):
        return read_docx(data, "<stdin>")
    return read_bytes(data, "<stdin>")


def _open_regular(name: str) -> BinaryIO:
    """Open for reading only a regular file: a FIFO or device named as a draft would block or
    never end. O_NONBLOCK makes opening a FIFO return at once, so fstat can refuse it."""
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "is a directory", name)
        if not stat.S_ISREG(mode):
            raise InputError(name, "不是普通文件（管道、设备或套接字），不能读取；标准输入请用 - "
                                   "(not a regular file: a FIFO, device or socket; use - for standard input)")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def load(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one draft. `-` reads standard input. Raises `InputError` with the file named."""
    name = os.fspath(path)
    if name == "-":
        return _load_stdin(max_bytes)
    try:
        name.encode("utf-8")
        shown = name
    except UnicodeEncodeError:
        # A name in another encoding (GBK names from a Windows share): the file is read by its
        # real name and reported with the undecodable bytes escaped, so every report can name it.
        from rcheck.output import printable

        shown = printable(name)
    try:
        return _load_named(name, shown, max_bytes)
    except InputError as exc:
        if shown != name and exc.path == name:
            raise InputError(shown, exc.reason) from None
        raise


def _load_named(name: str, shown: str, max_bytes: int) -> Document:
    suffix = Path(name).suffix.lower()
    try:
        with _open_regular(name) as fh:
            reason = unsupported_reason(name)
            if reason is not None and suffix != ".doc":
                raise InputError(name, reason)
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                raise InputError(name, f"{size / 1024 / 1024:.1f} MB is larger than the "
                                       f"{max_bytes // (1024 * 1024)} MB limit (use --max-size)")
            data = _read_limited(fh, name, max_bytes)
    except FileNotFoundError:
        if os.path.islink(name):
            raise InputError(name, "符号链接指向的文件不存在 (dangling symbolic link)") from None
        raise InputError(name, "no such file （文件不存在）") from None
    except PermissionError:
        raise InputError(name, "permission denied （无权读取）") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(name, "符号链接循环 (symbolic link loop)") from None
        if exc.errno == errno.ENAMETOOLONG:
            raise InputError(name, "文件名太长 (file name too long)") from None
        raise InputError(name, exc.strerror or str(exc)) from None
    if suffix in WORD_SUFFIXES or (suffix == ".doc" and word_like(data)):
        # A .doc may really be a .docx, an encrypted file or RTF: the same messages as on stdin.
        return read_docx(data, shown)
    if suffix == ".doc":
        raise InputError(shown, "old binary Word .doc is not supported; save it as .docx "
                                "or .txt in Word/WPS （请另存为 .docx）")
    return read_bytes(data, shown)


class Skipped:
    """A file a directory scan found but does not check (a warning, not an input error)."""

    __slots__ = ("path", "reason")  # a plain class: a dataclass costs every cold start a ms

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason

    def __repr__(self) -> str:
        return f"Skipped({self.path!r}, {self.reason!r})"


def _scan_directory(root: Path) -> list[str | InputError | Skipped]:
    """Drafts under `root`, and what the walk could not read or will not check, by path."""
    found: list[tuple[str, str | InputError | Skipped]] = []
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = list(it)
        except OSError as exc:
            reason = ("无权读取此目录 (permission denied)" if isinstance(exc, PermissionError)
                      else f"无法读取此目录 (cannot read folder: {exc.strerror or exc})")
            found.append((str(folder), InputError(str(folder), reason)))
            continue
        for entry in entries:
            # Hidden files and folders; ~$draft.docx: the lock file Word and WPS keep beside a draft
            if entry.name.startswith((".", "~$")):
                continue
            path = folder / entry.name
            name = str(path)
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(path)
                    continue
                if entry.is_symlink():
                    st = os.stat(entry.path)  # a dangling or looping link raises here
                    if stat.S_ISDIR(st.st_mode):
                        continue  # links to folders are not followed: no cycles
            except OSError as exc:
                what = ("符号链接循环 (symbolic link loop)" if exc.errno == errno.ELOOP
                        else "符号链接指向的文件不存在 (dangling symbolic link)")
                found.append((name, InputError(name, what)))
                continue
            suffix = path.suffix.lower()
            if suffix in DRAFT_SUFFIXES:
                found.append((name, name))
            elif (reason := unsupported_reason(entry.name)) is not None:
                found.append((name, Skipped(name, f"跳过 (skipped): {reason}")))
    found.sort(key=lambda item: item[0])
    return [item for _, item in found]


def _is_dir(name: str) -> bool:
    # Path.is_dir raises on a name over NAME_MAX; reading the file reports that instead.
    try:
        return stat.S_ISDIR(os.stat(name).st_mode)
    except (OSError, ValueError):
        return False


def scan_paths(paths: list[str]) -> Iterator[str | InputError | Skipped]:
    """Each path named (a file, or `-`), and for a directory what `_scan_directory` finds;
    a directory named explicitly that holds no draft is an `InputError`."""
    for name in paths:
        p = Path(name)
        if name != "-" and _is_dir(name):
            items = _scan_directory(p)
            if not any(isinstance(i, (str, InputError)) for i in items):
                items.append(InputError(name, "目录中没有 .txt/.md/.docx 文稿 "
                                              "(no .txt, .md or .docx drafts in this folder)"))
            yield from items
        else:
            yield name


def expand_paths(paths: list[str]) -> Iterator[str]:
    """Files named, and the drafts inside named directories (recursively, sorted)."""
    for item in scan_paths(paths):
        if isinstance(item, str):
            yield item
