"""Malformed settings and lexicon files: one line naming the file (and the key), exit 2, for
every command, before any draft is read; and the shipped lexicons fit the schema exactly."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from rcheck.cli import main
from rcheck.config import find_config, parse_config, read_config
from rcheck.errors import ConfigError, LexiconError
from rcheck.facts.templates import parse_template
from rcheck.lexicon import SCHEMA, TEMPLATE_SCHEMA, builtin_dir, check, load_lexicon
from rcheck.tomlfile import TomlFileError, parse_toml, read_toml

DRAFT = "关于2025年度工作情况的报告\n一、主要做法\n全年开展专题学习20次。\n"
DRAFT_2 = "关于2025年度工作情况的报告\n一、主要做法\n全年开展专题学习24次。\n"
DEEP = ("a = " + "[" * 100_000 + "]" * 100_000 + "\n").encode()

COMMANDS = {
    "lint": ["lint", "{a}"],
    "extract": ["extract", "{a}"],
    "graph": ["graph", "{a}"],
    "diff": ["diff", "{a}", "{b}"],
    "compare": ["compare", "{a}", "{b}"],
}

CONFIG_CASES = [  # (file name, bytes, key the message must name)
    ("rcheck.toml", '# 本单位设置\nfail-on = "error"\n'.encode("gbk"), None),
    ("rcheck.toml", 'fail-on = "error"\n'.encode("utf-16"), None),
    ("rcheck.toml", 'fail-on = "error"\n'.encode("utf-16-le"), None),
    ("rcheck.toml", bytes(range(256)), None),
    ("rcheck.toml", DEEP, None),
    ("rcheck.toml", b"select = [\n", None),
    ("rcheck.toml", b"max-size = true\n", "max-size"),
    ("rcheck.toml", b'max-size = "50"\n', "max-size"),
    ("rcheck.toml", b"select = 5\n", "select"),
    ("rcheck.toml", b"ignore = [1]\n", "ignore"),
    ("rcheck.toml", b"fail-on = 3\n", "fail-on"),
    ("rcheck.toml", b"tokenizer = true\n", "tokenizer"),
    ("rcheck.toml", b"per-file-ignores = 3\n", "per-file-ignores"),
    ("rcheck.toml", b"lexicons = 3\n", "lexicons"),
    ("rcheck.toml", b'lexicons = ["no-such-folder"]\n', "lexicons"),
    ("rcheck.toml", b"template = 5\n", "template"),
    ("rcheck.toml", b'template = "no-such-kind"\n', "template"),
    ("rcheck.toml", b"graph-max-lead-share = true\n", "graph-max-lead-share"),
    ("rcheck.toml", b"colour = true\n", "colour"),
    ("rcheck.toml", b'select = ["P999"]\n', "select"),
    ("rcheck.toml", b'[per-file-ignores]\n"*.txt" = ["Q1"]\n', "per-file-ignores.*.txt"),
    (".rcheck.toml", b"max-size = 0\n", "max-size"),
    ("pyproject.toml", b"tool = 5\n", "tool"),
    ("pyproject.toml", b"[tool]\nrcheck = 5\n", "tool.rcheck"),
    ("pyproject.toml", b"[tool.rcheck]\nselect = [\n", None),
    ("pyproject.toml", '[tool.rcheck]\n# 说明\nfail-on = "error"\n'.encode("gbk"), None),
    ("pyproject.toml", '[tool.rcheck]\nfail-on = "error"\n'.encode("utf-16"), None),
    ("pyproject.toml", b"[tool.rcheck]\nmax-size = true\n", "max-size"),
]

TEMPLATE = 'key = "t"\nname = "测试报告"\n'
LEXICON_CASES = [  # (path inside the lexicon folder, text or bytes, key the message must name)
    ("debris.toml", 'max_line = "x"\n', "max_line"),
    ("debris.toml", "max_line = true\n", "max_line"),
    ("debris.toml", "max_line = 0\n", "max_line"),
    ("spinner.toml", '[[swap]]\nspun = ""\noriginal = "坚持"\n', "].spun: 应为非空字符串"),
    ("spinner.toml", '[[swap]]\nspun = "保持"\noriginal = "坚持"\nbefore = ["始终", ""]\n',
     "].before[1]: 应为非空字符串"),
    ("spinner.toml", "spun_draft_min = 0\n", "spun_draft_min"),
    ("debris.toml", '[[debris]]\nlabel = "x"\npattern = "y"\nseverity = "fatal"\n', ".severity"),
    ("commitments.toml", 'plan_share = "x"\n', "plan_share"),
    ("commitments.toml", "plan_share = 2.5\n", "plan_share"),
    ("commitments.toml", "owner_labels = [1]\n", "owner_labels"),
    ("commitments.toml", "[owner_labels]\nlead = [1]\n", "owner_labels.lead[0]"),
    ("placeholders.toml", '[[marker]]\ntext = 5\nmeaning = "空缺"\n', ".text"),
    ("placeholders.toml", '[[marker]]\ntext = ["某某", 1]\n', ".text[1]"),
    ("units.toml", 'measures = "次"\n', "measures"),
    ("units.toml", 'measure = ["次"]\n', "measure"),
    ("words.toml", "words = [1, 2]\n", "words["),
    ("words.toml", '# 本地词\nwords = ["乡村振兴"]\n'.encode("gbk"), None),
    ("words.toml", 'words = ["乡村振兴"]\n'.encode("utf-16"), None),
    ("words.toml", bytes(range(256)) * 4, None),
    ("words.toml", DEEP, None),
    ("words.toml", 'words = ["乡村振兴"\n', None),
    ("organisations.toml", "[[alias]]\nalso = []\n", ".name"),
    ("confusables.toml", "[[confusable]]\nwrong = 1\n", ".wrong"),
    ("formulations.toml", "[[formulation]]\ncanonical = 5\n", ".canonical"),
    ("formulations.toml", '[[formulation]]\ncanonical = "某某"\ngroups = ["甲"]\n', ".groups"),
    ("unit.toml", 'measures = ["次"]\n', None),
    ("templates/t.toml", TEMPLATE + 'priority = "high"\n', "priority"),
    ("templates/t.toml", TEMPLATE + "priority = 1.5\n", "priority"),
    ("templates/t.toml", TEMPLATE + "section = 5\n", "section"),
    ("templates/t.toml", TEMPLATE + 'fuzzy_threshold = "x"\n', "fuzzy_threshold"),
    ("templates/t.toml", TEMPLATE + "fuzzy_threshold = 150\n", "fuzzy_threshold"),
    ("templates/t.toml", TEMPLATE + "detect = 5\n", "detect"),
    ("templates/t.toml", TEMPLATE + 'detect = {title = "报告"}\n', "detect.title"),
    ("templates/t.toml", TEMPLATE + '[[section]]\nkey = 1\nheadings = ["问题"]\n', "section[0].key"),
    ("templates/t.toml", TEMPLATE + '[[section]]\nkey = "a"\nheadings = "问题"\n', "section[0].headings"),
    ("templates/t.toml", TEMPLATE + '[[section]]\nkey = "a"\nheadings = ["问题"]\nrequired = "yes"\n',
     "section[0].required"),
    ("templates/t.toml", 'key = "t"\n', "name"),
    ("templates/t.toml", TEMPLATE + "keys = 1\n", "keys"),
    ("templates/t.toml", 'key = "t"\nname = "测试报告"'.encode("utf-16"), None),
]


def _as_bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content


def _drafts(folder: Path) -> dict[str, str]:
    (folder / "a.txt").write_text(DRAFT, encoding="utf-8")
    (folder / "b.txt").write_text(DRAFT_2, encoding="utf-8")
    return {"a": str(folder / "a.txt"), "b": str(folder / "b.txt")}


def _run(command: str, names: dict[str, str], *extra: str):
    args = [part.format(**names) for part in COMMANDS[command]]
    return CliRunner().invoke(main, [*args, *extra])


def _assert_one_line_error(result, path: Path, key: str | None) -> None:
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0]
    if key is not None:
        assert key in lines[0]
    assert result.stdout == ""
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name,content,key", CONFIG_CASES,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(CONFIG_CASES)])
def test_bad_config_file_found_beside_the_draft(tmp_path, command, name, content, key):
    names = _drafts(tmp_path)
    (tmp_path / name).write_bytes(content)
    _assert_one_line_error(_run(command, names), tmp_path / name, key)


@pytest.mark.parametrize("command", ["lint", "extract", "diff"])
@pytest.mark.parametrize("name,content,key", CONFIG_CASES[::3])
def test_bad_config_file_named_with_config(tmp_path, command, name, content, key):
    names = _drafts(tmp_path)
    settings = tmp_path / "settings" / name
    settings.parent.mkdir()
    settings.write_bytes(content)
    _assert_one_line_error(_run(command, names, "--config", str(settings)), settings, key)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name,content,key", LEXICON_CASES,
                         ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(LEXICON_CASES)])
def test_bad_lexicon_file_fails_every_command(tmp_path, command, name, content, key):
    """Through `lexicons = [...]` in the settings, the one way every command takes a lexicon."""
    names = _drafts(tmp_path)
    bad = tmp_path / "lex" / name
    bad.parent.mkdir(parents=True)
    bad.write_bytes(_as_bytes(content))
    (tmp_path / "rcheck.toml").write_text('lexicons = ["lex"]\n', encoding="utf-8")
    _assert_one_line_error(_run(command, names), bad, key)


@pytest.mark.parametrize("command", ["lint", "extract", "graph", "diff"])
@pytest.mark.parametrize("name,content,key", LEXICON_CASES[::4])
def test_bad_lexicon_file_given_with_lexicon_option(tmp_path, command, name, content, key):
    names = _drafts(tmp_path)
    bad = tmp_path / "lex" / name
    bad.parent.mkdir(parents=True)
    bad.write_bytes(_as_bytes(content))
    result = _run(command, names, "--isolated", "--lexicon", str(tmp_path / "lex"))
    _assert_one_line_error(result, bad, key)


def test_lint_of_a_draft_that_fails_to_read_still_validates_the_lexicon(tmp_path):
    """Validation does not wait for a draft the rules run on."""
    (tmp_path / "lex").mkdir()
    (tmp_path / "lex" / "debris.toml").write_text('max_line = "x"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["lint", "--isolated", "--lexicon", str(tmp_path / "lex"),
                                       str(tmp_path / "missing.txt")])
    _assert_one_line_error(result, tmp_path / "lex" / "debris.toml", "max_line")


def test_a_good_user_lexicon_and_config_still_work(tmp_path):
    names = _drafts(tmp_path)
    (tmp_path / "lex" / "templates").mkdir(parents=True)
    (tmp_path / "lex" / "words.toml").write_text('words = ["专题学习"]\n', encoding="utf-8")
    (tmp_path / "lex" / "templates" / "t.toml").write_text(
        TEMPLATE + 'priority = 1\nfuzzy_threshold = 85.5\ndetect = {title = ["测试"]}\n'
        '[[section]]\nkey = "a"\nheadings = ["主要做法"]\nrequired = true\n', encoding="utf-8")
    (tmp_path / "rcheck.toml").write_bytes(
        b'\xef\xbb\xbflexicons = "lex"\ntemplate = "t"\nmax-size = 5\n')  # a BOM, as Notepad writes
    for command in COMMANDS:
        result = _run(command, names)
        assert result.exit_code in (0, 1), (command, result.output)


# ------------------------------------------------------------------ the schema itself

def _keys(value: object, prefix: str = "") -> set[str]:
    if isinstance(value, dict):
        out = set()
        for k, v in value.items():
            out.add(f"{prefix}{k}")
            out |= _keys(v, f"{prefix}{k}.")
        return out
    if isinstance(value, list):
        return set().union(*(_keys(v, prefix) for v in value)) if value else set()
    return set()


def _spec_keys(spec: object, prefix: str = "") -> set[str]:
    spec = getattr(spec, "spec", spec)  # Required
    if isinstance(spec, dict):
        out = set()
        for k, v in spec.items():
            out.add(f"{prefix}{k}")
            out |= _spec_keys(v, f"{prefix}{k}.")
        return out
    if isinstance(spec, list):
        return _spec_keys(spec[0], prefix)
    return set()


@pytest.mark.parametrize("path", sorted(builtin_dir().rglob("*.toml")), ids=lambda p: p.name)
def test_every_shipped_key_is_in_the_schema_and_fits_it(path):
    data = tomllib.loads(path.read_text("utf-8"))
    spec = TEMPLATE_SCHEMA if path.parent.name == "templates" else SCHEMA[path.stem]
    assert _keys(data) <= _spec_keys(spec)
    check(data, spec, str(path), strict=True)


def test_every_schema_file_is_shipped():
    assert set(SCHEMA) == {p.stem for p in builtin_dir().glob("*.toml")}


def test_index_of_a_user_entry_is_its_place_in_the_merged_list(tmp_path):
    shipped = len(tomllib.loads((builtin_dir() / "placeholders.toml").read_text("utf-8"))["marker"])
    (tmp_path / "placeholders.toml").write_text('[[marker]]\ntext = ["某某"]\n[[marker]]\ntext = 5\n',
                                                encoding="utf-8")
    with pytest.raises(LexiconError) as info:
        load_lexicon((str(tmp_path),))
    assert info.value.key == f"marker[{shipped + 1}].text"
    assert info.value.path == str(tmp_path / "placeholders.toml")


def test_parse_template_checks_types_for_library_callers():
    with pytest.raises(LexiconError, match="priority"):
        parse_template({"key": "t", "name": "测试", "priority": "high"}, "t.toml")
    with pytest.raises(LexiconError, match=r"detect\.headings"):
        parse_template({"key": "t", "name": "测试", "detect": {"headings": [3]}}, "t.toml")


# ------------------------------------------------------------------ settings, directly

@pytest.mark.parametrize("value", [True, False, "20", 1.5, 0, -3])
def test_max_size_must_be_a_positive_integer(value):
    with pytest.raises(ConfigError, match="max-size"):
        parse_config({"max-size": value}, "rcheck.toml")


def test_lexicons_may_be_one_folder_with_a_space(tmp_path):
    (tmp_path / "my lexicons").mkdir()
    config = parse_config({"lexicons": "my lexicons"}, str(tmp_path / "rcheck.toml"))
    assert config.lexicons == [str((tmp_path / "my lexicons").resolve())]


def test_unrelated_broken_pyproject_is_skipped(tmp_path):
    (tmp_path / "pyproject.toml").write_bytes(b"[project\nname = 'x'\n")
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    assert find_config(tmp_path / "draft.txt") is None


def test_symlink_loop_in_discovery_is_not_a_traceback(tmp_path):
    loop = tmp_path / "loop.txt"
    os.symlink(loop, loop)
    assert find_config(loop) is None
    result = CliRunner().invoke(main, ["lint", str(loop)])
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    assert str(loop) in result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_as_config_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "rcheck.toml"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match="regular file"):
        read_config(fifo)


@pytest.mark.parametrize("data,reason", [
    (b"a = 1\n" + b"\x00" * 4, "UTF-8"),
    ("a = '说明'\n".encode("gbk"), "UTF-8"),
    (DEEP, "nested"),
    (b"a = 2024-02-30\n", "TOML"),
])
def test_parse_toml_reasons_are_one_line(data, reason):
    with pytest.raises(TomlFileError) as info:
        parse_toml(data)
    assert reason in str(info.value) and "\n" not in str(info.value)


def test_read_toml_of_a_device_is_refused():
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero")
    with pytest.raises(TomlFileError, match="regular file"):
        read_toml("/dev/zero")
