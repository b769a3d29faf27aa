"""`Pattern.finditer`, the same matches, faster for patterns the engine cannot skip ahead in.

Python's engine skips to the places where a match can begin only when a pattern opens with a
literal or a set of characters. One that opens with a look-behind (`(?<=[省市县])届…`) or with
alternatives whose first parts are sets (`[（(]…|(?:开头|结尾)…`) is tried at every position of
the draft: about 12 ms per 400,000 characters each, whatever it finds. Here the characters a
match can begin with are read from the pattern's parse; a plain set of them finds the
candidate places at the engine's full speed, and the pattern is tried only there
(`Pattern.match` at a position sees the whole string, look-behinds included). Matches are
those of `finditer`, in order: a pattern that can match the empty string, or whose first
character cannot be said, is scanned as it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from rcheck.cache import Entries, interpreter_file
from rcheck.text import regex as re

# The standard engine's parser, compiler and constants, which these analyses read (also
# `rcheck.facts.regex_needs`).
try:  # Python 3.11+
    from re import _compiler as compiler
    from re import _constants as constants
    from re import _parser as parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile as compiler  # type: ignore[no-redef]
    import sre_constants as constants  # type: ignore[no-redef]
    import sre_parse as parser  # type: ignore[no-redef]

REPEATS = tuple(getattr(constants, n) for n in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
                if hasattr(constants, n))
_ZERO_WIDTH = (constants.AT, constants.ASSERT, constants.ASSERT_NOT)
# A set of more characters than this is met so often that trying the pattern there costs more
# than the engine's own scan.
MAX_FIRST = 64
# Every CHECK_EVERY candidates: more than one in DENSE characters so far, and the engine's own
# scan is the cheaper (a candidate costs about 30 positions of it).
CHECK_EVERY = 64
DENSE = 30

Ranges = list[tuple[int, int]]


class _Unknown(Exception):
    """The first character of a match cannot be said."""


def _set(items: list) -> Ranges:
    out: Ranges = []
    for op, av in items:
        if op is constants.LITERAL:
            out.append((av, av))
        elif op is constants.RANGE:
            out.append(av)
        else:  # NEGATE, CATEGORY (\d, \s …), CHARSET: not worth spelling out
            raise _Unknown
    return out


def _first(items: list) -> tuple[Ranges, bool]:
    """The characters a match of the sequence can begin with, and whether it can be empty."""
    found: Ranges = []
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the next item gives the first character
        if op is constants.LITERAL:
            return [*found, (av, av)], False
        if op is constants.IN:
            return found + _set(av), False
        if op is constants.SUBPATTERN:
            if av[1] & constants.SRE_FLAG_IGNORECASE:
                raise _Unknown
            chars, empty = _first(list(av[-1]))
        elif op is constants.BRANCH:
            chars, empty = [], False
            for branch in av[1]:
                c, e = _first(list(branch))
                chars += c
                empty = empty or e
        elif op in REPEATS:
            chars, empty = _first(list(av[2]))
            empty = empty or av[0] == 0
        else:  # ANY, NOT_LITERAL, back-references, conditionals …
            raise _Unknown
        found += chars
        if not empty:
            return found, False
    return found, True


# Reading the first characters parses each pattern again (a few ms for one with a large Han
# set): the answers are kept in the user's cache, in a file of this interpreter and of this
# module's code, as `rcheck.facts.regex_needs` keeps its own.
_FILE = interpreter_file("regex-starts", __file__)
_MAX_ENTRIES = 2000
_entries = Entries(_FILE, _MAX_ENTRIES, family="regex-starts-")  # the file is read on first use


@lru_cache(maxsize=1024)
def _starts(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """A set of the characters every match of `pattern` begins with, when it is worth using."""
    if pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return None
    ranges = _entries.answer(re.cache_key(pattern.pattern, pattern.flags), lambda: _first_ranges(pattern),
                             _valid_ranges)
    if ranges is None:
        return None
    chars = "".join(re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
                    for lo, hi in ranges)
    return re.compile(f"[{chars}]")


def _first_ranges(pattern: re.Pattern[str]) -> list[list[int]] | None:
    """The code point ranges every match of `pattern` begins in, sorted, or None."""
    try:
        parsed = parser.parse(pattern.pattern, pattern.flags)
        code = compiler._code(parsed, pattern.flags)
        if code[0] == constants.INFO and code[2] & (constants.SRE_INFO_PREFIX | constants.SRE_INFO_CHARSET):
            return None  # the engine skips ahead by itself (a literal prefix or a first set)
        ranges, empty = _first(list(parsed))
    except (_Unknown, re.error, RecursionError, TypeError, ValueError, AttributeError):
        return None
    if empty or not ranges or sum(hi - lo + 1 for lo, hi in ranges) > MAX_FIRST:
        return None
    return [[lo, hi] for lo, hi in sorted(set(ranges))]


def _valid_ranges(kept: object) -> bool:
    """A stored answer is used only as what `_first_ranges` writes: pairs of code points in order."""
    return isinstance(kept, list) and bool(kept) and all(
        isinstance(r, list) and len(r) == 2 and all(type(v) is int for v in r)
        and 0 <= r[0] <= r[1] <= 0x10FFFF for r in kept)


def finditer(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """The matches of `pattern.finditer(text)`."""
    starts = _starts(pattern)
    if starts is None:
        yield from pattern.finditer(text)
        return
    pos, n, tried = 0, len(text), 0
    search, match = starts.search, pattern.match
    while pos < n and (c := search(text, pos)) is not None:
        tried += 1
        if tried % CHECK_EVERY == 0 and tried * DENSE > c.start():
            # The set is met too often in this text (a bracket, a common character): trying the
            # pattern at each costs more than the engine's own scan, which goes on from here.
            yield from pattern.finditer(text, pos)
            return
        m = match(text, c.start())
        if m is None:
            pos = c.start() + 1
            continue
        yield m
        pos = m.end()  # never empty: every match begins with a character of the set
