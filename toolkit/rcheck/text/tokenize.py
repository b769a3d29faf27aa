"""Words, behind one small interface over jieba's dictionary and algorithm.

Two engines give the same tokens with HMM off: rjieba (jieba-rs, the default: fast to load
and to cut) and jieba (the reference). Both load lazily: a run whose rules need no words
never pays for the dictionary.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple, Protocol

ENGINES = ("rjieba", "jieba")


class Token(NamedTuple):
    """A word and its [start, end) in the text cut. A tuple, as the engines return it: a frozen
    dataclass per token cost more than the cutting (3.9x rjieba's own time)."""

    word: str
    start: int
    end: int


class Tokenizer(Protocol):
    name: str

    def tokenize(self, text: str) -> list[Token]: ...


def _rjieba_class() -> type:
    """rjieba's `Jieba`, without building the dictionary twice.

    `import rjieba` builds a module-level default `Jieba` (its dictionary: ~80 ms and 24 MiB),
    which rcheck never uses: its own instance carries the lexicon's words, and adding them to
    the shared default would change the segmentation of anyone else using rjieba in the
    process. So the compiled module is loaded on its own, under the name the package's
    `from .rjieba import Jieba` finds, so a later `import rjieba` reuses it."""
    import sys

    if "rjieba" in sys.modules:
        return sys.modules["rjieba"].Jieba
    if "rjieba.rjieba" in sys.modules:
        return sys.modules["rjieba.rjieba"].Jieba
    import importlib.machinery
    import importlib.util

    try:
        package = importlib.util.find_spec("rjieba")
        folders = list(package.submodule_search_locations or ()) if package else []
        spec = importlib.machinery.PathFinder.find_spec("rjieba.rjieba", folders)
        if spec is None or not isinstance(spec.loader, importlib.machinery.ExtensionFileLoader):
            raise ImportError("rjieba's compiled module not found")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    except ImportError:
        import rjieba

        return rjieba.Jieba
    sys.modules["rjieba.rjieba"] = module
    return module.Jieba


# Characters cut with a partial dictionary before the whole one is built: looking words up costs
# ≈4 µs a new character, so a run that cuts more than this loses at most ≈40 ms to it, and one
# that cuts less (W101 around a few doubled words, a short draft's metrics) saves ≈120 ms.
_PARTIAL_CHARS = 10_000


_SURROGATE = re.compile("[\ud800-\udfff]")


class _RJieba:
    name = "rjieba"

    def __init__(self, words: tuple[str, ...], partial_chars: int = _PARTIAL_CHARS) -> None:
        import threading

        from rcheck.text.dictionary_index import PartialDictionary

        self._words = words
        self._jieba = None
        self._left = partial_chars
        self._lock = threading.Lock()  # the whole dictionary is built once, whoever asks first
        # The same cut from the words inside each text, while few texts are cut (see there).
        self._partial = PartialDictionary.create(_rjieba_class(), words) if partial_chars > 0 else None

    def tokenize(self, text: str) -> list[Token]:
        try:
            return self._tokenize(text)
        except UnicodeEncodeError:  # a lone surrogate, which rjieba cannot take: cut it as U+FFFD
            return self._tokenize(_SURROGATE.sub("\ufffd", text))

    def _tokenize(self, text: str) -> list[Token]:
        jieba = self._jieba
        if jieba is None:
            partial = self._partial  # read once: another thread may drop it meanwhile
            if partial is not None and len(text) <= self._left:
                cut = partial.tokenize(text)
                if cut is not None:
                    self._left -= len(text)
                    return list(map(Token._make, cut))
            jieba = self.load()
        return list(map(Token._make, jieba.tokenize(text, "default", False)))

    def load(self) -> Any:
        """Build the whole dictionary now (a server does, before its first request); rjieba's
        `Jieba`."""
        from rcheck.text.dictionary_index import release
        from rcheck.timings import active, timed

        with self._lock:
            if self._jieba is None:
                # Built in the middle of a rule: `--profile` shows it as the dictionary's time.
                with timed(active(), "tokenizer"):
                    jieba = _rjieba_class()()
                    for w in self._words:
                        jieba.add_word(w, None, None)
                self._jieba = jieba
                self._partial = None
                release()  # the index's pages need not stay in memory beside the whole dictionary
            return self._jieba


class _Jieba:
    name = "jieba"

    def load(self) -> None:
        """Loaded already (its dictionary is built when it is made)."""

    def __init__(self, words: tuple[str, ...]) -> None:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        self._jieba.initialize()
        for w in words:
            self._jieba.add_word(w)

    def tokenize(self, text: str) -> list[Token]:
        return list(map(Token._make, self._jieba.tokenize(text, HMM=False)))


def get_tokenizer(engine: str = "rjieba", words: tuple[str, ...] | None = None) -> Tokenizer:
    """A ready tokenizer knowing `words` (default: the shipped `lexicons/words.toml`);
    `Settings.tokenizer` passes its lexicon's words, user directories included."""
    if words is None:
        from rcheck.lexicon import load_lexicon

        words = tuple(load_lexicon().strings("words", "words"))
    return _tokenizer(engine, words)


@lru_cache(maxsize=4)
def _tokenizer(engine: str, words: tuple[str, ...]) -> Tokenizer:
    """One per engine and word list in a process: loading a dictionary is the cost."""
    if engine == "rjieba":
        return _RJieba(words)
    if engine == "jieba":
        return _Jieba(words)
    raise ValueError(f"unknown tokenizer engine {engine!r}; choose from {ENGINES}")
