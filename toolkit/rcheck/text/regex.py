"""The standard `re`, with compiled patterns kept across processes:
`from rcheck.text import regex as re`.

Compiling rcheck's few hundred patterns (many with large Han character classes, which `re`
expands code point by code point) was half of a cold `rcheck lint`, and the standard module
keeps them for one process only. Here the program `re` makes of a pattern (what it hands to
`_sre.compile`: flags, code words, group names) is stored in the user's cache
(`rcheck.cache`), in a file keyed by the interpreter's exact version and the regex engine's
MAGIC, and the next process builds its `Pattern` from that. `_sre.compile` validates the code
it is given, and a pattern built so compares equal to `re.compile`'s (`Pattern.__eq__`
compares the code). Anything unexpected (another implementation, a changed internal) falls
back to `re.compile`: only speed depends on CPython's internals, never a result.
"""

from __future__ import annotations

import base64
import re as _re
import sys
from array import array
from collections.abc import Callable, Iterator
from re import (  # noqa: F401 (re-exported, so this module stands in for `re`)
    ASCII,
    DOTALL,
    IGNORECASE,
    MULTILINE,
    UNICODE,
    VERBOSE,
    A,
    I,
    M,
    Match,
    Pattern,
    S,
    U,
    X,
    error,
    escape,
)
from typing import Any

_MAX_ENTRIES = 5000  # patterns kept in the file; user lexicons' patterns come and go
_MAX_COMPILED = 4096  # in this process, as `re` bounds its own

_compiled: dict[tuple[str, int], Pattern[str]] = {}
_entries: Any = None  # the cache file's programs (`rcheck.cache.Entries`), opened on first compile


def _engine() -> tuple[Any, Any, Any, str] | None:
    """(_sre, parser, compiler, cache file name), or None where the stored form cannot be used."""
    try:
        import _sre

        if sys.version_info >= (3, 11):
            from re import _compiler, _parser
        else:  # pragma: no cover - Python 3.10
            import sre_compile as _compiler
            import sre_parse as _parser
        if sys.implementation.name != "cpython" or array("I").itemsize != _sre.CODESIZE:
            return None
        version = "-".join(str(v) for v in sys.version_info[:3])
        name = f"regex-{sys.implementation.cache_tag}-{version}-{_sre.MAGIC}.json"
        return _sre, _parser, _compiler, name
    except (ImportError, AttributeError):  # pragma: no cover - another implementation
        return None


_ENGINE = _engine()


def cache_key(pattern: str, flags: int) -> str:
    """How a pattern is named in the user's cache (its programs here, analyses elsewhere)."""
    return f"{flags}:{pattern}"


def _program(pattern: str, flags: int) -> list[Any]:
    """What `re`'s compiler makes of `pattern`, as plain data (its `compile`, step by step)."""
    assert _ENGINE is not None
    _, parser, compiler, _ = _ENGINE
    parsed = parser.parse(pattern, flags)
    code = compiler._code(parsed, flags)
    state = parsed.state
    names = [None] * state.groups
    for name, index in state.groupdict.items():
        names[index] = name
    packed = base64.b64encode(array("I", code).tobytes()).decode("ascii")
    return [flags | state.flags, packed, state.groups - 1, dict(state.groupdict), names]


def _build(pattern: str, program: list[Any]) -> Pattern[str]:
    assert _ENGINE is not None
    final_flags, packed, groups, groupindex, names = program
    code = array("I", base64.b64decode(packed)).tolist()
    return _ENGINE[0].compile(pattern, final_flags, code, groups, groupindex, tuple(names))


def _store() -> Any:
    global _entries
    if _entries is None:
        from rcheck.cache import Entries

        assert _ENGINE is not None
        _entries = Entries(_ENGINE[3], _MAX_ENTRIES)
    return _entries


def _from_cache(pattern: str, flags: int) -> Pattern[str]:
    key = cache_key(pattern, flags)
    store = _store()
    program = store.get(key)
    if program is not None:
        try:
            return _build(pattern, program)
        except (TypeError, ValueError, RuntimeError):  # damaged entry: compile afresh
            store.drop(key)
    program = _program(pattern, flags)
    compiled = _build(pattern, program)
    store.put(key, program)
    return compiled


def compile(pattern: str | Pattern[str], flags: int = 0) -> Pattern[str]:
    """`re.compile`, answered from this process's patterns, then from the user's cache."""
    if isinstance(pattern, str) and _ENGINE is not None:
        flags = int(flags)
        found = _compiled.get((pattern, flags))
        if found is not None:
            return found
        if not flags & (_re.DEBUG | _re.LOCALE):
            try:
                compiled = _from_cache(pattern, flags)
            except _re.error:
                raise
            except Exception:  # an internal that changed: the standard way, uncached
                compiled = _re.compile(pattern, flags)
            if len(_compiled) >= _MAX_COMPILED:
                del _compiled[next(iter(_compiled))]
            _compiled[(pattern, flags)] = compiled
            return compiled
    return _re.compile(pattern, flags)


def search(pattern: str | Pattern[str], string: str, flags: int = 0) -> Match[str] | None:
    return compile(pattern, flags).search(string)


def match(pattern: str | Pattern[str], string: str, flags: int = 0) -> Match[str] | None:
    return compile(pattern, flags).match(string)


def fullmatch(pattern: str | Pattern[str], string: str, flags: int = 0) -> Match[str] | None:
    return compile(pattern, flags).fullmatch(string)


def finditer(pattern: str | Pattern[str], string: str, flags: int = 0) -> Iterator[Match[str]]:
    return compile(pattern, flags).finditer(string)


def findall(pattern: str | Pattern[str], string: str, flags: int = 0) -> list[Any]:
    return compile(pattern, flags).findall(string)


def split(pattern: str | Pattern[str], string: str, maxsplit: int = 0, flags: int = 0) -> list[Any]:
    return compile(pattern, flags).split(string, maxsplit)


def sub(pattern: str | Pattern[str], repl: str | Callable[[Match[str]], str], string: str,
        count: int = 0, flags: int = 0) -> str:
    return compile(pattern, flags).sub(repl, string, count)


def subn(pattern: str | Pattern[str], repl: str | Callable[[Match[str]], str], string: str,
         count: int = 0, flags: int = 0) -> tuple[str, int]:
    return compile(pattern, flags).subn(repl, string, count)
