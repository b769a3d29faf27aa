"""Reading drafts: files, standard input and directories -> `Document`.

Encodings are detected, never assumed (`rcheck.decoding`): BOMs, UTF-8, UTF-16, GB18030 and
Big5, and bytes that fit none confidently are refused.
Line ends become LF so offsets are the same whatever editor saved the file. A .docx goes to
`rcheck.docx` (its text is built from paragraphs, tables and notes; see `rcheck.docx.read`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from .decoding import decode
from .document import Document
from .errors import InputError

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
    from .docx import read_docx_bytes

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


def load(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one draft. `-` reads standard input. Raises `InputError` with the file named."""
    name = os.fspath(path)
    if name == "-":
        data = _read_limited(sys.stdin.buffer, "<stdin>", max_bytes)
        if data.startswith(_ZIP_MAGIC):  # a .docx piped in: a zip is never a text draft
            return read_docx(data, "<stdin>")
        return read_bytes(data, "<stdin>")
    p = Path(name)
    try:
        if p.is_dir():
            raise InputError(name, "is a directory")
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(name, f"{size / 1024 / 1024:.1f} MB is larger than the "
                                   f"{max_bytes // (1024 * 1024)} MB limit (use --max-size)")
        if p.suffix.lower() == ".doc":
            raise InputError(name, "old binary Word .doc is not supported; save it as .docx "
                                   "or .txt in Word/WPS （请另存为 .docx）")
        with p.open("rb") as fh:
            data = _read_limited(fh, name, max_bytes)
    except FileNotFoundError:
        raise InputError(name, "no such file （文件不存在）") from None
    except PermissionError:
        raise InputError(name, "permission denied （无权读取）") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory") from None
    except OSError as exc:
        raise InputError(name, exc.strerror or str(exc)) from None
    if p.suffix.lower() in WORD_SUFFIXES:
        return read_docx(data, name)
    return read_bytes(data, name)


def expand_paths(paths: list[str]) -> Iterator[str]:
    """Files named, and the drafts inside named directories (recursively, sorted)."""
    for name in paths:
        p = Path(name)
        if name != "-" and p.is_dir():
            found = sorted(
                str(f) for f in p.rglob("*")
                if f.suffix.lower() in DRAFT_SUFFIXES and f.is_file()
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
                # ~$draft.docx: the lock file Word and WPS keep beside an open draft
                and not f.name.startswith("~$")
            )
            yield from found
        else:
            yield name
