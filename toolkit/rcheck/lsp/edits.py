"""Positions and edits for the language server, in plain Python (no pygls).

rcheck counts columns in code points; an LSP client counts in the encoding it negotiated,
UTF-16 code units unless it offers another, so a character outside the BMP (𠮷) is two units.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rcheck.finding import Finding
from rcheck.text import regex as re
from rcheck.text.document import Document

UTF8, UTF16, UTF32 = "utf-8", "utf-16", "utf-32"

# The comment a reviewer leaves above a line to silence one rule on it.
IGNORE_COMMENT = "<!-- rcheck-disable-next-line {code} -->"


def code_units(text: str, encoding: str = UTF16) -> int:
    """Length of `text` in the client's units."""
    if encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


@dataclass(frozen=True)
class Span:
    """A 0-based LSP range: (line, character) pairs in the client's units."""

    start_line: int
    start_char: int
    end_line: int
    end_char: int


def position(doc: Document, line: int, column: int, encoding: str = UTF16) -> tuple[int, int]:
    """rcheck's 1-based (line, code-point column) as a 0-based LSP position."""
    line = max(1, min(line, len(doc.line_starts)))
    text = doc.line_text(line)
    return line - 1, code_units(text[:column - 1], encoding)


def finding_span(doc: Document, f: Finding, encoding: str = UTF16) -> Span:
    return Span(*position(doc, f.line, f.column, encoding),
                *position(doc, f.end_line, f.end_column, encoding))


def offset_at(doc: Document, line: int, character: int, encoding: str = UTF16) -> int:
    """The code-point offset of a 0-based LSP position (for hover and code-action ranges)."""
    line = max(0, min(line, len(doc.line_starts) - 1))
    text = doc.line_text(line + 1)
    units = 0
    for i, c in enumerate(text):
        if units >= character:
            return doc.line_starts[line] + i
        units += code_units(c, encoding)
    return doc.line_starts[line] + len(text)


def ignore_line(f: Finding) -> str:
    return IGNORE_COMMENT.format(code=f.code) + "\n"


@dataclass(frozen=True)
class Edit:
    """Replace code points `start:end` of the draft with `text`."""

    start: int
    end: int
    text: str


def quick_fix(f: Finding) -> list[Edit]:
    """The edits of a finding's fix. The one place that knows where fixes live: today the
    certain `suggestion` over the finding's span; when findings carry fixes as data, read them here."""
    if f.suggestion is None:
        return []
    return [Edit(f.start, f.end, f.suggestion)]


def edit_span(doc: Document, edit: Edit, encoding: str = UTF16) -> Span:
    return Span(*position(doc, *doc.position(edit.start), encoding),
                *position(doc, *doc.position(edit.end), encoding))


def suggestion_title(f: Finding) -> str:
    if f.suggestion == "":
        return f"删除“{f.excerpt}” (delete)"
    return f"改为“{f.suggestion}” (replace with {f.suggestion!r})"


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_ALLOW_KEY = re.compile(r"^allow\s*=\s*\[", re.MULTILINE)
_TABLE = re.compile(r"^\s*\[", re.MULTILINE)


def allow_list_text(config: Path | None, current: str | None, phrase: str) -> tuple[Path, str] | None:
    """The settings file and its new text with `phrase` added to `allow`, or None when the
    file's shape is not one this edits safely (then the user edits it by hand).

    `config` is the file the draft's settings come from (None: none, so `rcheck.toml` is made
    where `current` is None and the caller picks the folder)."""
    from rcheck.tomlfile import TomlFileError, parse_toml

    entry = _toml_string(phrase)
    text = current or ""
    if config is not None and config.name == "pyproject.toml":
        header = re.search(r"^\[tool\.rcheck\]\s*$", text, re.MULTILINE)
        if header is None:
            return None
        body_start = header.end() + 1
        nxt = _TABLE.search(text, body_start)
        body_end = nxt.start() if nxt else len(text)
        new = _add_entry(text[body_start:body_end], entry)
        new_text = text[:body_start] + new + text[body_end:]
        table = ("tool", "rcheck")
    else:
        nxt = _TABLE.search(text)
        top_end = nxt.start() if nxt else len(text)
        new = _add_entry(text[:top_end], entry)
        new_text = new + text[top_end:]
        table = ()
    try:
        data = parse_toml(new_text.encode("utf-8"))
    except TomlFileError:
        return None
    for key in table:
        data = data.get(key, {})
    if phrase not in data.get("allow", []):
        return None
    return (config or Path("rcheck.toml")), new_text


def _add_entry(body: str, entry: str) -> str:
    """`body` (a table's keys) with `entry` first in its `allow` array, or a new `allow` line."""
    m = _ALLOW_KEY.search(body)
    if m is not None:
        rest = body[m.end():]
        closing = rest.lstrip().startswith("]")
        return body[:m.end()] + entry + ("" if closing else ", ") + rest
    if body and not body.endswith("\n"):
        body += "\n"
    return body + f"allow = [{entry}]\n"
