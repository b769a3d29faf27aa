"""Reading one TOML file (settings or lexicon) with a one-line reason for everything that fails.

tomllib raises `UnicodeDecodeError` for a file in GBK or UTF-16 and `RecursionError` for deep
nesting, neither of them a `TOMLDecodeError`; a FIFO or device named as a file would block or
never end. Callers turn `TomlFileError` into their own error naming the file.
"""

from __future__ import annotations

import codecs
import os
import stat
import sys
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

MAX_BYTES = 16 * 1024 * 1024  # far beyond any settings file or lexicon


class TomlFileError(Exception):
    """Why a TOML file cannot be used; the message is one line."""


def parse_toml(data: bytes) -> dict[str, Any]:
    """The table in `data`; `TomlFileError` when it is not UTF-8 TOML."""
    if data.startswith(codecs.BOM_UTF8):  # Windows Notepad writes one; TOML text is the same
        data = data[len(codecs.BOM_UTF8):]
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data:
        raise TomlFileError("不是 UTF-8 文本（UTF-16 或二进制），请另存为 UTF-8 / "
                            "not UTF-8 text (UTF-16 or binary): save it as UTF-8")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TomlFileError(f"不是 UTF-8 编码（第 {exc.start} 字节），请另存为 UTF-8 / "
                            f"not UTF-8 (bad byte at {exc.start}): TOML files must be UTF-8") from None
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise TomlFileError("嵌套层数过多 / nested too deeply") from None
    except ValueError as exc:  # TOMLDecodeError, and out-of-range dates and times
        reason = " ".join(str(exc).split())
        raise TomlFileError(f"TOML 格式错误 / invalid TOML: {reason}") from None


def read_toml(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The table in the file at `path`: a regular file of at most `MAX_BYTES`."""
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
        fd = os.open(Path(path), os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise TomlFileError("不是普通文件 / not a regular file")
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise TomlFileError(exc.strerror or str(exc)) from None
    if len(data) > MAX_BYTES:
        raise TomlFileError(f"文件过大 / larger than {MAX_BYTES // (1024 * 1024)} MB")
    return parse_toml(data)
