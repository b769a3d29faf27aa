"""What every match of a regular expression must contain: literal strings, one of which is in
any text the pattern can match in.

Python's engine tries a pattern at every position unless it starts with a literal or a set of
characters, so a debris pattern that opens with a group (`(?:下面|以下)是小编…`) costs a scan of
the whole draft even when the draft holds none of its words. `str.__contains__` answers "none
of these words occur" far faster; a pattern whose words are all absent cannot match, and its
scan is skipped. The analysis is conservative: anything it does not understand gives None
(no shortcut), never a wrong answer.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rcheck.cache import Entries, interpreter_file
from rcheck.text.regex import cache_key
from rcheck.text.regex_scan import REPEATS as _REPEATS
from rcheck.text.regex_scan import constants as _c
from rcheck.text.regex_scan import parser as _p

Needs = tuple[str, ...]


# Parsing the debris patterns again took a cold run 20 ms: the answers are kept in the user's
# cache (`rcheck.cache`), keyed by the pattern, in a file of the interpreter whose parser read it
# and of this module's code.
_FILE = interpreter_file("regex-needs", __file__)
_MAX_ENTRIES = 2000
_entries = Entries(_FILE, _MAX_ENTRIES, family="regex-needs-")  # the file is read on first use


@lru_cache(maxsize=512)
def needed_literals(pattern: re.Pattern[str]) -> Needs | None:
    """Literals one of which every match contains, or None when that cannot be said."""
    if pattern.flags & re.IGNORECASE or not isinstance(pattern.pattern, str):
        return None
    found = _entries.answer(cache_key(pattern.pattern, pattern.flags),
                            lambda: _as_list(_analyse(pattern)), _literals)
    return None if found is None else tuple(found)


def _as_list(needs: Needs | None) -> list[str] | None:
    return None if needs is None else list(needs)


def _literals(kept: object) -> bool:
    # An empty literal would make every scan skippable: such an entry is analysed again.
    return isinstance(kept, list) and bool(kept) and all(isinstance(n, str) and n for n in kept)


def _analyse(pattern: re.Pattern[str]) -> Needs | None:
    try:
        tree = _p.parse(pattern.pattern, pattern.flags)
    except Exception:  # an unreadable pattern just gets no shortcut
        return None
    return _sequence(list(tree))


def can_match(needs: Needs | None, text: str) -> bool:
    """False only when none of `needs` occurs in `text` (so the pattern cannot match there)."""
    return needs is None or any(n in text for n in needs)


def _better(a: Needs | None, b: Needs | None) -> Needs | None:
    """The more selective of two requirements: the one whose shortest literal is longer."""
    if not b:
        return a
    if not a:
        return b
    return b if min(map(len, b)) > min(map(len, a)) else a


def _sequence(items: list) -> Needs | None:
    best: Needs | None = None
    run: list[str] = []
    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        if run:
            best = _better(best, ("".join(run),))
            run = []
        if op is _c.SUBPATTERN:
            add_flags = av[1]
            if not add_flags & _c.SRE_FLAG_IGNORECASE:
                best = _better(best, _sequence(list(av[-1])))
        elif op is _c.BRANCH:
            alternatives = [_sequence(list(b)) for b in av[1]]
            if alternatives and all(alternatives):
                best = _better(best, tuple(dict.fromkeys(n for alt in alternatives for n in alt)))
        elif op in _REPEATS and av[0] >= 1:
            best = _better(best, _sequence(list(av[2])))
        # Anything else (sets, anchors, look-arounds, optional parts) requires nothing known.
    if run:
        best = _better(best, ("".join(run),))
    return best
