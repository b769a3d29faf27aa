"""The server's plain parts: code-unit positions and the allow-list edit of a settings file."""

from __future__ import annotations

from pathlib import Path

import pytest

from rcheck.lsp import edits
from rcheck.text.document import Document
from rcheck.tomlfile import parse_toml


@pytest.mark.parametrize("encoding, expected", [(edits.UTF16, 4), (edits.UTF8, 8), (edits.UTF32, 3)])
def test_units_outside_the_bmp(encoding: str, expected: int) -> None:
    assert edits.code_units("a𠮷中", encoding) == expected


def test_position_round_trip() -> None:
    doc = Document("标题\n𠮷𠮷开展 学习\n")
    assert edits.position(doc, 2, 5, edits.UTF16) == (1, 6)
    assert edits.offset_at(doc, 1, 6, edits.UTF16) == doc.line_starts[1] + 4
    assert edits.offset_at(doc, 1, 99, edits.UTF16) == doc.line_starts[1] + len("𠮷𠮷开展 学习")


def _allowed(path: Path, text: str | None, phrase: str) -> list[str]:
    made = edits.allow_list_text(path if text is not None else None, text, phrase)
    assert made is not None
    data = parse_toml(made[1].encode("utf-8"))
    if path.name == "pyproject.toml":
        data = data["tool"]["rcheck"]
    return data["allow"]


def test_allow_list_in_rcheck_toml() -> None:
    p = Path("rcheck.toml")
    assert _allowed(p, None, "某某") == ["某某"]
    assert _allowed(p, 'ignore = ["T102"]\n[per-file-ignores]\n"a.txt" = ["T101"]\n', "某某") == ["某某"]
    assert _allowed(p, 'allow = [\n  "甲",\n]\n', '引"号') == ['引"号', "甲"]
    assert _allowed(p, "allow = []\n", "乙") == ["乙"]


def test_allow_list_in_pyproject() -> None:
    p = Path("pyproject.toml")
    text = '[project]\nname = "x"\n\n[tool.rcheck]\nselect = ["P"]\n\n[tool.other]\nallow = 1\n'
    assert _allowed(p, text, "某某") == ["某某"]
    assert edits.allow_list_text(p, '[project]\nname = "x"\n', "某某") is None  # no [tool.rcheck]
