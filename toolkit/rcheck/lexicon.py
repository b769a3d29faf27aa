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


class PhraseMatcher:
    """Many fixed phrases found in one pass (Aho-Corasick); cost does not grow per phrase."""

    def __init__(self, phrases: Iterable[tuple[str, Any]]) -> None:
        import ahocorasick

        self._automaton = ahocorasick.Automaton()
        count = 0
        for phrase, value in phrases:
            if phrase:
                self._automaton.add_word(phrase, (len(phrase), value))
                count += 1
        self._empty = count == 0
        if not self._empty:
            self._automaton.make_automaton()

    def finditer(self, text: str) -> Iterator[tuple[int, int, Any]]:
        """(start, end, value) of every occurrence, overlapping ones included."""
        if self._empty:
            return
        for end_index, (length, value) in self._automaton.iter(text):
            yield end_index + 1 - length, end_index + 1, value

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
