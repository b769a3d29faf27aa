"""Lexicons: the TOML data under `lexicons/` that rules read, loaded once and validated.

A malformed file is a `LexiconError` naming the file and the key. Users add directories
with `--lexicon DIR`; a user file of the same name extends the built-in one (lists are
appended), so a local word list never has to repeat the shipped one.

Every file, templates included, is checked against `SCHEMA` when the set is loaded, so a
wrongly typed key fails every command at once, not only the one whose rule reads the key.
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rcheck.errors import LexiconError
from rcheck.text import regex as re
from rcheck.tomlfile import TomlFileError, read_toml


def builtin_dir() -> Path:
    """The shipped lexicons: inside the wheel, or beside `toolkit/` in a checkout."""
    packaged = Path(__file__).with_name("lexicons")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "lexicons"


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        return read_toml(path)
    except TomlFileError as exc:
        raise LexiconError(str(path), "", str(exc)) from None


@dataclass(frozen=True)
class Number:
    """A number key (never a bool), within [low, high]; `integer` refuses 0.5."""

    low: float | None = None
    high: float | None = None
    integer: bool = False


@dataclass(frozen=True)
class OneOf:
    values: tuple[str, ...]


@dataclass(frozen=True)
class Required:
    spec: Any


@dataclass(frozen=True)
class NonEmpty:
    """A string with at least one character: a word to look for, where "" would match anywhere."""


WORD = NonEmpty()

# A spec is a type (str, bool), a Number, a OneOf, WORD (a non-empty string), a tuple of specs
# (any of them), [spec] (a list of such items), or a dict (a table: its keys and their specs;
# Required marks the keys a table must have). Keys of a file not listed here are ignored in the
# shipped lexicons and refused in a user's (a misspelt key would otherwise be dropped without a
# word).
_SHARE = Number(0, 1)
_RULE_LEVEL = OneOf(("warning", "info", "off"))
TEMPLATE_SCHEMA: dict[str, Any] = {
    "key": Required(str), "name": Required(str), "priority": Number(integer=True), "plan": bool,
    "fuzzy_threshold": Number(0, 100),
    "detect": {"title": [str], "headings": [str], "title_end": [str], "body": [str],
               "min_evidence": Number(0)},
    "commitments": {"scope": OneOf(("plan", "document")),
                    **{k: _RULE_LEVEL for k in ("vague", "ownerless", "undated", "addressed_vague",
                                                "addressed_ownerless", "addressed_undated")},
                    "owner_share": _SHARE, "dated_share": _SHARE},
    "section": [{"key": Required(str), "name": str, "required": bool, "implicit": bool,
                 "headings": Required([str]), "required_when_title": [str]}],
}
SCHEMA: dict[str, dict[str, Any]] = {
    "commitments": {
        "plan_headings": [str], "plan_share": _SHARE, "plan_past_share": _SHARE,
        "preamble_headings": [str], "plan_markers": [str],
        "strong_markers": [str], "past_markers": [str], "not_marker_words": [str],
        "summary_markers": [str], "not_commitments": [str],
        "owner_labels": {"lead": [str], "co": [str], "deadline": [str]},
    },
    "confusables": {"confusable": [{
        "wrong": str, "right": str, "also": [str], "not_before": str, "not_after": str,
        "bad": str, "good": str, "ok": str, "note": str,
    }]},
    "debris": {
        "max_line": Number(1, integer=True),
        "cut": str,
        "debris": [{"label": str, "pattern": str, "line": bool, "why": str,
                    "severity": OneOf(("error", "warning", "info")), "boundary": bool, "join": bool,
                    "markdown": bool, "sentence": bool, "tail": bool}],
        "chrome": {**{k: [str] for k in ("strong_keys", "weak_keys", "widget_words", "site_suffixes",
                                         "site_words", "weak_site_words")},
                   "labels": {k: [str] for k in ("meta", "stamp", "crumb", "widget", "site", "title",
                                                 "item", "chunk", "count", "link", "teaser", "tag")}},
    },
    "fixes": {"safe_confusables": [str]},
    "allow": {"allow": [{"words": Required([str]), "codes": [str], "note": str}]},
    "formulations": {"formulation": [{
        "canonical": str, "kind": str, "wrong": [str], "items": [str], "groups": [[str]],
        "quoted": bool, "valid_from": (str, int), "valid_until": (str, int),
        "source": (str, int), "note": (str, int),
    }]},
    "organisations": {
        "name_suffixes": [str], "person_suffixes": [str], "assign_words": [str],
        "lead_words": [str], "joint_words": [str], "co_words": [str], "share_words": [str],
        "collective_prefixes": [str], "not_name_openers": [str], "name_starts": [str],
        "known_units": [str], "alias": [{"name": Required(str), "also": [str]}],
    },
    "placeholders": {
        "masked_terms": [str], "masked_formulations": [str],
        "marker": [{"text": [str], "pattern": str, "meaning": str}],
        "empty": [{"pattern": Required(str), "meaning": str}],
    },
    "spinner": {
        "spun_draft_min": Number(1, integer=True),
        "swap": [{"spun": Required(WORD), "original": Required(WORD), "before": [WORD], "after": [WORD],
                  "keep": [WORD], "sure": bool, "anywhere": bool}],
    },
    "units": {key: [str] for key in (
        "scales", "measures", "compound_measures", "approx_before", "approx_after", "qualifiers",
        "not_units", "numeral_words", "cadence_words", "subject_verbs")},
    "words": {"words": [str], "reduplicable": [str]},
    "numbers": {**{k: [str] for k in (
        "rate_prefixes", "new_statement", "share_words", "growth_up", "growth_down", "base_periods",
        "rank_words", "per_units", "total_words", "count_nouns", "count_measures", "lead_words",
        "not_a_count", "durations", "bare_actors", "generic_subject_ends")},
                "traits": [[str]], "partition": [{"classes": Required([[str]]), "rates": [str]}]},
    "wrongchar": {"keep": [str], "titles": [str], "surnames": str, "name_ends": [str],
                  "unit_parts": [str]},
}
_NAMES = {str: ("字符串", "a string"), bool: ("true 或 false", "true or false"),
          int: ("整数", "an integer")}


def _describe(spec: Any) -> tuple[str, str]:
    """What `spec` expects, in Chinese and in English."""
    if isinstance(spec, Required):
        return _describe(spec.spec)
    if isinstance(spec, type):
        return _NAMES.get(spec, (spec.__name__, spec.__name__))
    if isinstance(spec, Number):
        zh, en = ("整数", "an integer") if spec.integer else ("数字", "a number")
        if spec.low is not None and spec.high is not None:
            low, high = f"{spec.low:g}", f"{spec.high:g}"
            return f"介于 {low} 和 {high} 之间的{zh}", f"{en} from {low} to {high}"
        if spec.low is not None:
            return f"不小于 {spec.low:g} 的{zh}", f"{en} of at least {spec.low:g}"
        return zh, en
    if isinstance(spec, OneOf):
        listed = ", ".join(spec.values)
        return f"{listed} 之一", f"one of {listed}"
    if isinstance(spec, NonEmpty):
        return "非空字符串", "a non-empty string"
    if isinstance(spec, tuple):
        parts = [_describe(s) for s in spec]
        return "或".join(p[0] for p in parts), " or ".join(p[1] for p in parts)
    if isinstance(spec, list):
        if isinstance(spec[0], dict):
            return "表的数组（[[...]]）", "an array of tables ([[...]])"
        zh, en = _describe(spec[0])
        if en.startswith("a list of "):
            return f"{zh}的列表", "a list of lists of " + en.removeprefix("a list of ")
        return f"{zh}列表", f"a list of {en.removeprefix('a ').removeprefix('an ')}s"
    return "表", "a table"


def _wrong(path: str, name: str, spec: Any, value: Any) -> LexiconError:
    zh, en = _describe(spec)
    shown = reprlib.repr(value)  # bounded: the value may be a list of a million items
    return LexiconError(path, name, f"应为{zh}，实际是 {shown} / must be {en}")


def _fits(value: Any, spec: Any) -> bool:
    """Whether a scalar `value` fits a scalar `spec` (lists and tables are walked by `_check`)."""
    if isinstance(spec, tuple):
        return any(_fits(value, s) for s in spec)
    if isinstance(spec, type):
        return isinstance(value, spec) and (spec is bool or not isinstance(value, bool))
    if isinstance(spec, OneOf):
        return isinstance(value, str) and value in spec.values
    if isinstance(spec, NonEmpty):
        return isinstance(value, str) and value != ""
    if isinstance(spec, Number):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return False
        if spec.integer and not isinstance(value, int):
            return False
        return (spec.low is None or value >= spec.low) and (spec.high is None or value <= spec.high)
    return False


def check(data: dict[str, Any], spec: dict[str, Any], path: str, *, strict: bool = False,
          offsets: dict[str, int] | None = None) -> None:
    """`LexiconError` naming `path` and the key for the first value that does not fit `spec`.

    `offsets` shifts the index of an array's entries, so that a user file's third entry is
    named by its place in the merged list (the name the rules use in their own errors)."""
    _check_table(data, spec, path, "", strict, offsets or {})


def _check_table(data: dict[str, Any], spec: dict[str, Any], path: str, prefix: str,
                 strict: bool, offsets: dict[str, int]) -> None:
    for key, sub in spec.items():
        if isinstance(sub, Required) and key not in data:
            raise LexiconError(path, f"{prefix}{key}", "缺少此项 / is required")
    for key, value in data.items():
        name = f"{prefix}{key}"
        if key not in spec:
            if strict:
                known = ", ".join(spec) or "(none)"
                raise LexiconError(path, name, f"未知的键 / unknown key (known: {known})")
            continue
        _check_value(value, spec[key], path, name, strict, offsets.get(name, 0) if not prefix else 0)


def _check_value(value: Any, spec: Any, path: str, name: str, strict: bool, offset: int) -> None:
    if isinstance(spec, Required):
        spec = spec.spec
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            raise _wrong(path, name, spec, value)
        _check_table(value, spec, path, f"{name}.", strict, {})
    elif isinstance(spec, list):
        if not isinstance(value, list):
            raise _wrong(path, name, spec, value)
        if spec[0] is str and all(type(item) is str for item in value):
            return  # the common case, word lists of thousands, checked in one pass
        for i, item in enumerate(value):
            _check_value(item, spec[0], path, f"{name}[{i + offset}]", strict, 0)
    elif not _fits(value, spec):
        raise _wrong(path, name, spec, value)


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = out[key] + value
        else:
            out[key] = value
    return out


@dataclass(frozen=True)
class Lexicon:
    """All lexicon files, by stem (`debris`, `units`, …）， merged across directories."""

    dirs: tuple[Path, ...]
    data: dict[str, dict[str, Any]] = field(hash=False, compare=False)
    # (path, table) of every templates/*.toml, in load order: read and checked once, here.
    template_files: tuple[tuple[str, dict[str, Any]], ...] = field(default=(), hash=False,
                                                                   compare=False)

    def get(self, name: str) -> dict[str, Any]:
        return self.data.get(name, {})

    def path_of(self, name: str) -> str:
        for d in reversed(self.dirs):
            if (d / f"{name}.toml").is_file():
                return str(d / f"{name}.toml")
        return f"{name}.toml"

    def strings(self, name: str, key: str) -> list[str]:
        """A list of strings, validated: `LexiconError` if it is anything else."""
        value = self.get(name).get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise LexiconError(self.path_of(name), key, "must be a list of strings")
        return value

    def tables(self, name: str, key: str) -> list[dict[str, Any]]:
        value = self.get(name).get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise LexiconError(self.path_of(name), key, "must be an array of tables ([[...]])")
        return value

    def regex(self, name: str, key: str, pattern: str) -> re.Pattern[str]:
        try:
            return re.compile(pattern)
        except re.error as exc:
            raise LexiconError(self.path_of(name), key, f"bad regular expression: {exc}") from None


_Files = tuple[tuple[tuple[Path, dict[str, Any]], ...], tuple[tuple[str, dict[str, Any]], ...]]


@lru_cache(maxsize=1)
def _builtin_files(directory: Path) -> _Files:
    """The shipped files, parsed and checked once per process (every user set extends them).

    The tables are shared by every `Lexicon`: rules read them and never change them. Parsing
    the TOML was a fifth of a cold run, so the checked tables are kept in the user's cache
    (`rcheck.cache`: JSON, so reading it runs no code) under a hash of every file's name and
    bytes and of the schemas: a changed file, or a changed schema, is a new key."""
    from rcheck import cache

    paths = sorted(directory.glob("*.toml")) + sorted(Path(directory, "templates").glob("*.toml"))
    name = _cache_name(directory, paths)
    stored = cache.read(name) if name else None
    if _well_formed(stored):
        files = tuple((directory / f, data) for f, data in stored["files"])
        templates = tuple((str(directory / f), data) for f, data in stored["templates"])
        return files, templates
    files = tuple((f, _load_toml(f)) for f in sorted(directory.glob("*.toml")))
    for f, loaded in files:
        if f.stem in SCHEMA:
            check(loaded, SCHEMA[f.stem], str(f))
    templates = tuple((str(f), _load_toml(f)) for f in sorted(Path(directory, "templates").glob("*.toml")))
    for path, loaded in templates:
        check(loaded, TEMPLATE_SCHEMA, path)
    if name:
        relative = {"files": [[f.name, data] for f, data in files],
                    "templates": [[str(Path(p).relative_to(directory)), data] for p, data in templates]}
        if cache.write(name, relative):
            cache.prune("lexicons-", keep=8)
    return files, templates


def _cache_name(directory: Path, paths: list[Path]) -> str | None:
    try:  # the hash alone, without loading OpenSSL as `import hashlib` does
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - a build without it
        from hashlib import blake2b

    digest = blake2b(repr((SCHEMA, TEMPLATE_SCHEMA)).encode(), digest_size=16)
    try:
        for path in paths:
            digest.update(str(path.relative_to(directory)).encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    except OSError:
        return None  # unreadable: parsing names the file
    return f"lexicons-{digest.hexdigest()}.json"


def _well_formed(stored: object) -> bool:
    return isinstance(stored, dict) and all(
        isinstance(stored.get(k), list) and all(
            isinstance(e, list) and len(e) == 2 and isinstance(e[0], str) and isinstance(e[1], dict)
            for e in stored[k]) for k in ("files", "templates"))


@lru_cache(maxsize=16)
def load_lexicon(extra_dirs: tuple[str, ...] = ()) -> Lexicon:
    """The built-in lexicons extended by `extra_dirs`, in order, every file checked."""
    dirs = [builtin_dir()]
    for d in extra_dirs:
        p = Path(d)
        if not p.is_dir():
            raise LexiconError(d, "", "词表目录不存在 / lexicon directory does not exist")
        dirs.append(p)
    files, shipped_templates = _builtin_files(dirs[0])
    data: dict[str, dict[str, Any]] = {}
    for f, loaded in files:
        data[f.stem] = _merge(data.get(f.stem, {}), loaded)
    templates = list(shipped_templates)
    for d in dirs[1:]:
        for f in sorted(d.glob("*.toml")):
            if f.stem not in SCHEMA:
                raise LexiconError(str(f), "", "不是 rcheck 的词表文件 / not a lexicon file rcheck "
                                               f"reads (known: {', '.join(sorted(SCHEMA))})")
            loaded = _load_toml(f)
            so_far = data.get(f.stem, {})
            check(loaded, SCHEMA[f.stem], str(f), strict=True,
                  offsets={k: len(v) for k, v in so_far.items() if isinstance(v, list)})
            data[f.stem] = _merge(so_far, loaded)
        for f in sorted(Path(d, "templates").glob("*.toml")):
            loaded = _load_toml(f)
            check(loaded, TEMPLATE_SCHEMA, str(f), strict=True)
            templates.append((str(f), loaded))
    return Lexicon(tuple(dirs), data, tuple(templates))


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class _CodePointMatcher:
    """Aho-Corasick over code points: only for the rare phrases beyond the BMP."""

    def __init__(self, phrases: list[tuple[str, Any]]) -> None:
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        for phrase, value in phrases:
            self._automaton.add_word(phrase, (len(phrase), value))
        self._automaton.make_automaton()

    def finditer(self, text: str) -> Iterator[tuple[int, int, Any]]:
        for end_index, (length, value) in self._automaton.iter(text):
            yield end_index + 1 - length, end_index + 1, value


class PhraseMatcher:
    """Many fixed phrases found in one pass (Aho-Corasick); cost does not grow per phrase.

    The automaton runs over the bytes of UTF-16 code units. pyahocorasick finds a node's
    child by a linear scan, so over code points a lexicon of thousands of phrases puts
    thousands of first characters under the root and every character of the text costs that
    many comparisons (25x slower at 100x entries); over bytes no node has more than 256
    children. A byte-level match that starts inside a character is dropped (odd end offset).
    """

    def __init__(self, phrases: Iterable[tuple[str, Any]]) -> None:
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        rare: list[tuple[str, Any]] = []
        count = 0
        for phrase, value in phrases:
            if not phrase:
                continue
            wide = phrase.encode("utf-16-be")
            if len(wide) != 2 * len(phrase):
                rare.append((phrase, value))
                continue
            self._automaton.add_word(wide.decode("latin-1"), (len(phrase), value))
            count += 1
        self._empty = count == 0
        if not self._empty:
            self._automaton.make_automaton()
        self._rare = _CodePointMatcher(rare) if rare else None

    def finditer(self, text: str) -> Iterator[tuple[int, int, Any]]:
        """(start, end, value) of every occurrence, overlapping ones included."""
        if not self._empty:
            # A lone surrogate (text from a broken source) is one unit too: offsets stay right.
            wide = text.encode("utf-16-be", "surrogatepass")
            if len(wide) != 2 * len(text):  # characters beyond the BMP: one unit each
                wide = _ASTRAL.sub("\ufffd", text).encode("utf-16-be", "surrogatepass")
            for end_index, (length, value) in self._automaton.iter(wide.decode("latin-1")):
                if end_index % 2:
                    end = (end_index + 1) // 2
                    yield end - length, end, value
        if self._rare is not None:
            yield from self._rare.finditer(text)

    def longest(self, text: str) -> list[tuple[int, int, Any]]:
        """Leftmost-longest, non-overlapping occurrences."""
        hits = sorted(self.finditer(text), key=lambda h: (h[0], -(h[1] - h[0])))
        out: list[tuple[int, int, Any]] = []
        last_end = -1
        for start, end, value in hits:
            if start >= last_end:
                out.append((start, end, value))
                last_end = end
        return out
