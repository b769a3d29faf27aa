"""Lexicons: the TOML data under `lexicons/` that rules read, loaded once and validated.

A malformed file is a `LexiconError` naming the file and the key. Users add directories
with `--lexicon DIR`; a user file of the same name extends the built-in one (lists are
appended), so a local word list never has to repeat the shipped one.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .errors import LexiconError


def builtin_dir() -> Path:
    """The shipped lexicons: inside the wheel, or beside `toolkit/` in a checkout."""
    packaged = Path(__file__).with_name("lexicons")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "lexicons"


def _load_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(str(path), "", f"invalid TOML: {exc}") from None
    except OSError as exc:
        raise LexiconError(str(path), "", exc.strerror or str(exc)) from None


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


@lru_cache(maxsize=16)
def load_lexicon(extra_dirs: tuple[str, ...] = ()) -> Lexicon:
    """The built-in lexicons extended by `extra_dirs`, in order."""
    dirs = [builtin_dir()]
    for d in extra_dirs:
        p = Path(d)
        if not p.is_dir():
            raise LexiconError(d, "", "lexicon directory does not exist")
        dirs.append(p)
    data: dict[str, dict[str, Any]] = {}
    for d in dirs:
        for f in sorted(d.glob("*.toml")):
            data[f.stem] = _merge(data.get(f.stem, {}), _load_toml(f))
    return Lexicon(tuple(dirs), data)


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
            wide = text.encode("utf-16-be")
            if len(wide) != 2 * len(text):  # characters beyond the BMP: one unit each
                wide = _ASTRAL.sub("\ufffd", text).encode("utf-16-be")
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
