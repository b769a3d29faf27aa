"""The per-user cache (rcheck.cache) changes speed only: what is built from it equals what is
built afresh, and a damaged, foreign or stale file is never used."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rcheck import cache
from rcheck.lexicon import _builtin_files, builtin_dir
from rcheck.text import regex

PATTERNS = [
    (r"(?P<num>\d+)(?P<scale>万|亿)?(?P<unit>元|次)", 0),
    (r"[\u4e00-\u9fff]{2,8}?(、?)\1", 0),
    (r"^[ \t\u3000]*[一二三四五六七八九十]+、", re.M),
    (r"(?i)todo|x{2,}", 0),
    (r"(?<![)）号》])(?:(?P<a>《)|“)(?(a)[^》]+》|[^”]+”)", 0),
]


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """An empty cache directory of its own, and the pattern module as at the start of a process."""
    monkeypatch.setenv("RCHECK_CACHE_DIR", str(tmp_path / "cache"))

    def reset() -> None:
        regex._compiled.clear()
        regex._entries = None

    reset()
    yield reset
    reset()


def _stored_file(tmp_path: Path) -> Path:
    assert regex._ENGINE is not None
    return tmp_path / "cache" / regex._ENGINE[3]


@pytest.mark.skipif(regex._ENGINE is None, reason="patterns are stored only on CPython")
def test_patterns_from_the_cache_equal_compiled_ones(fresh, tmp_path):
    first = [regex.compile(p, f) for p, f in PATTERNS]
    regex._store().save()
    fresh()
    again = [regex.compile(p, f) for p, f in PATTERNS]
    assert not regex._store().new  # every one came from the file
    for (p, f), a, b in zip(PATTERNS, first, again, strict=True):
        expected = re.compile(p, f)
        assert a == expected and b == expected  # Pattern equality compares the compiled code
        assert (b.groups, b.groupindex, b.flags) == (expected.groups, expected.groupindex, expected.flags)
        text = "县委12万元次 TODO xx 一、《规划》“好”总书记总书记"
        assert [m.span() for m in b.finditer(text)] == [m.span() for m in expected.finditer(text)]


@pytest.mark.skipif(regex._ENGINE is None, reason="patterns are stored only on CPython")
def test_damaged_or_foreign_files_are_not_used(fresh, tmp_path):
    regex.compile(PATTERNS[0][0])
    regex._store().save()
    path = _stored_file(tmp_path)
    path.write_text("{not json", encoding="utf-8")
    fresh()
    assert regex.compile(PATTERNS[0][0]) == re.compile(PATTERNS[0][0]) and regex._store().new
    regex._store().save()
    os.chmod(path, 0o666)  # writable by others: anyone could have put entries there
    fresh()
    assert cache.read(path.name) is None
    regex.compile(PATTERNS[0][0])
    assert regex._store().new


def test_cache_can_be_turned_off(monkeypatch):
    monkeypatch.setenv("RCHECK_CACHE_DIR", "off")
    assert cache.directory() is None and cache.read("x.json") is None and not cache.write("x.json", 1)


def test_lexicons_from_the_cache_equal_parsed_ones(tmp_path, monkeypatch):
    """Keyed by the files' bytes: a changed file is parsed again, never served stale."""
    folder = tmp_path / "lexicons"
    shutil.copytree(builtin_dir(), folder)
    monkeypatch.setenv("RCHECK_CACHE_DIR", "off")
    _builtin_files.cache_clear()
    parsed = _builtin_files(folder)
    monkeypatch.setenv("RCHECK_CACHE_DIR", str(tmp_path / "cache"))
    for _ in range(2):  # the first run stores, the second reads
        _builtin_files.cache_clear()
        assert _builtin_files(folder) == parsed
    assert len(list((tmp_path / "cache").glob("lexicons-*.json"))) == 1
    words = folder / "words.toml"
    text = words.read_text(encoding="utf-8")
    words.write_text(text.replace("reduplicable = [", 'reduplicable = ["试试", ', 1), encoding="utf-8")
    _builtin_files.cache_clear()
    changed = {f.stem: data for f, data in _builtin_files(folder)[0]}
    assert changed["words"]["reduplicable"][0] == "试试"
    assert len(list((tmp_path / "cache").glob("lexicons-*.json"))) == 2
    _builtin_files.cache_clear()


def test_cli_output_same_with_and_without_the_cache(tmp_path, samples):
    env = {**os.environ, "RCHECK_CACHE_DIR": str(tmp_path / "cache")}
    args = [sys.executable, "-m", "rcheck", "lint", "--format", "json",
            str(samples / "flawed-placeholders.txt")]
    runs = [subprocess.run(args, capture_output=True, env=env, check=False) for _ in range(2)]
    off = subprocess.run(args, capture_output=True, env={**env, "RCHECK_CACHE_DIR": "off"}, check=False)
    assert runs[0].returncode == 1 and runs[0].stdout
    assert runs[0].stdout == runs[1].stdout == off.stdout
    assert list((tmp_path / "cache").glob("regex-*.json"))


def test_debris_literals_from_the_cache_equal_analysed_ones(tmp_path, monkeypatch):
    """What a debris pattern's matches must contain is analysed once and kept; a damaged entry
    is analysed again, never trusted."""
    from rcheck.facts import debris, regex_needs
    from rcheck.lexicon import load_lexicon

    monkeypatch.setenv("RCHECK_CACHE_DIR", str(tmp_path / "cache"))

    def reset() -> None:
        regex_needs.needed_literals.cache_clear()
        regex_needs._entries = cache.Entries(regex_needs._FILE, regex_needs._MAX_ENTRIES)

    anywhere, line_only, _, _ = debris._compiled(load_lexicon())
    patterns = [p for p, _ in anywhere + line_only]
    reset()
    analysed = [regex_needs._analyse(p) for p in patterns]
    assert [regex_needs.needed_literals(p) for p in patterns] == analysed
    assert any(a is not None for a in analysed)
    regex_needs._entries.save()
    reset()
    assert [regex_needs.needed_literals(p) for p in patterns] == analysed
    assert not regex_needs._entries.new  # all from the file
    # A damaged entry (an empty literal would make every scan skippable) is analysed again.
    path = tmp_path / "cache" / regex_needs._FILE
    stored = cache.read(path.name)
    key = next(k for k, v in stored.items() if v)
    stored[key] = [""]
    assert cache.write(path.name, stored)
    reset()
    assert [regex_needs.needed_literals(p) for p in patterns] == analysed
    assert list(regex_needs._entries.new) == [key]
    reset()


def test_first_character_sets_from_the_cache_equal_analysed_ones(tmp_path, monkeypatch):
    """The set a pattern's matches begin with (`regex_scan`) is read once and kept; the next
    process finds the same matches from the stored set, and a damaged entry is read again."""
    from rcheck.text import regex_scan

    monkeypatch.setenv("RCHECK_CACHE_DIR", str(tmp_path / "cache"))

    def reset() -> None:
        regex_scan._starts.cache_clear()
        regex_scan._entries = cache.Entries(regex_scan._FILE, regex_scan._MAX_ENTRIES)

    patterns = [regex.compile(p) for p in (r"(?<=[省市县])届(?:满|中)", r"(?:[（(]注|备注)[:：]",
                                           r"\d+", r"(?:开头|结尾)吧")]
    text = "县届满，市届中（注：备注：）开头吧12 省届"
    reset()
    analysed = [regex_scan._first_ranges(p) for p in patterns]
    assert analysed[0] and analysed[1] and analysed[2] is None  # \d: the engine scans by itself
    found = [[m.span() for m in regex_scan.finditer(p, text)] for p in patterns]
    assert found == [[m.span() for m in p.finditer(text)] for p in patterns]
    regex_scan._entries.save()
    reset()
    assert [[m.span() for m in regex_scan.finditer(p, text)] for p in patterns] == found
    assert not regex_scan._entries.new  # every answer from the file
    # A damaged entry (no ranges, a string such as a negated set, a range backwards) is read from
    # the pattern again, once: the repaired answer is the one used from then on.
    name = regex_scan._FILE
    key = f"{patterns[0].flags}:{patterns[0].pattern}"
    for damaged in ([], "^届", [[0x5C4A, 0x5C40]], [["届", "届"]]):
        stored = cache.read(name)
        stored[key] = damaged
        assert cache.write(name, stored)
        reset()
        assert [m.span() for m in regex_scan.finditer(patterns[0], text)] == found[0]
        assert list(regex_scan._entries.new) == [key]
        regex_scan._starts.cache_clear()
        assert [m.span() for m in regex_scan.finditer(patterns[0], text)] == found[0]
        assert list(regex_scan._entries.new) == [key]
    reset()


def test_a_changed_analysis_writes_a_file_of_its_own(tmp_path):
    """Answers are filed by interpreter and by the code that worked them out: a changed analysis
    never reads the answers of the old one."""
    old, new = tmp_path / "old.py", tmp_path / "new.py"
    old.write_text("def analyse(): return 1\n", encoding="utf-8")
    new.write_text("def analyse(): return 2\n", encoding="utf-8")
    assert cache.interpreter_file("x", str(old)) != cache.interpreter_file("x", str(new))
    assert cache.interpreter_file("x", str(old)) == cache.interpreter_file("x", str(old))
    assert cache.interpreter_file("x", str(old)).startswith(f"x-{sys.implementation.cache_tag}-")


def test_older_files_of_a_family_are_pruned_when_one_is_written(tmp_path, monkeypatch):
    monkeypatch.setenv("RCHECK_CACHE_DIR", str(tmp_path / "cache"))
    for k in range(5):
        assert cache.write(f"fam-{k}.json", {"k": k})
        os.utime(tmp_path / "cache" / f"fam-{k}.json", (1000 + k, 1000 + k))
    entries = cache.Entries("fam-new.json", 10, family="fam-", keep=3)
    entries.put("a", [1])
    entries.save()
    assert sorted(p.name for p in (tmp_path / "cache").glob("fam-*.json")) == \
        ["fam-3.json", "fam-4.json", "fam-new.json"]


def test_entries_past_their_limit_keep_what_this_process_used(tmp_path, monkeypatch):
    monkeypatch.setenv("RCHECK_CACHE_DIR", str(tmp_path / "cache"))
    first = cache.Entries("entries-test.json", limit=3)
    for key in ("a", "b", "c"):
        first.put(key, [key])
    first.save()
    second = cache.Entries("entries-test.json", limit=3)
    assert second.get("b") == ["b"] and "a" in second and "z" not in second
    second.put("d", None)
    second.save()  # four entries: over the limit, so only b (read) and d (added) stay
    assert cache.read("entries-test.json") == {"b": ["b"], "d": None}
    third = cache.Entries("entries-test.json", limit=3)
    assert "d" in third and third.get("d") is None and third.get("a") is None


def test_a_lone_surrogate_is_stored_escaped_not_lost(tmp_path, monkeypatch):
    """A pattern from a broken file may hold a lone surrogate, which UTF-8 cannot encode: the file
    is written with escapes instead of not at all."""
    monkeypatch.setenv("RCHECK_CACHE_DIR", str(tmp_path / "cache"))
    data = {"0:(?<=x)\ud800y": None, "0:届": [[0x5C4A, 0x5C4A]]}
    assert cache.write("surrogate-test.json", data)
    assert cache.read("surrogate-test.json") == data
