"""The partial dictionary (rcheck/text/dictionary_index.py) must cut exactly as rjieba's whole
dictionary does, with the same words added, for any text it is given."""

from __future__ import annotations

import importlib.metadata
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from rcheck.lexicon import load_lexicon
from rcheck.text import dictionary_index
from rcheck.text.dictionary_index import PartialDictionary
from rcheck.text.readers import load
from rcheck.text.tokenize import _RJieba, _rjieba_class

ROOT = Path(__file__).resolve().parents[1]
_BUILT_FOR = json.loads((dictionary_index.DATA / dictionary_index.META).read_text(encoding="utf-8"))["rjieba"]
# The index holds for the rjieba it was built against; another one is cut with its whole
# dictionary (correct, only slower) until tools/build_tokenizer_index.py is run again.
needs_index = pytest.mark.skipif(
    importlib.metadata.version("rjieba") != _BUILT_FOR,
    reason=f"the tokenizer index is built for rjieba {_BUILT_FOR}: run tools/build_tokenizer_index.py")
WORDS = tuple(load_lexicon().strings("words", "words"))
# Written for this test: a word the dictionary has (提升, its weight replaced), one longer than
# any dictionary word, one that joins two words, and a word twice.
USER_WORDS = (*WORDS, "提升", "县域营商环境优化提升三年行动计划实施方案", "两个维护", "专班化推进",
              "两个维护")


def _windows(text: str, n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        a = rnd.randrange(len(text))
        out.append(text[a:a + rnd.randint(1, 160)])
    return out


def _texts(samples: Path) -> list[str]:
    return [load(p).text for p in sorted(samples.glob("*.txt"))]


@needs_index
@pytest.mark.parametrize("words", [WORDS, USER_WORDS], ids=["lexicon", "user words"])
def test_partial_cuts_as_the_whole_dictionary(samples: Path, words: tuple[str, ...]) -> None:
    full = _RJieba(words, partial_chars=0)
    partial = _RJieba(words, partial_chars=10**9)
    assert partial._partial is not None, "the shipped index is not used"
    cut = 0
    for k, text in enumerate(_texts(samples)):
        for window in _windows(text, 40, k):
            assert partial.tokenize(window) == full.tokenize(window), window
            cut += 1
        for line in text.split("\n")[:30]:  # whole lines: headings, owners, tables
            assert partial.tokenize(line) == full.tokenize(line), line
    assert partial._jieba is None and cut > 400  # every window above was the partial's


@needs_index
def test_words_added_in_order_weigh_as_in_the_whole_dictionary() -> None:
    """A user word's weight is what rjieba suggests at the time it is added, so a later word
    that contains it is weighed against it. The partial holds each word at the weight the whole
    dictionary gives it, and its total (held words plus the stand-in) is the whole one's."""
    words = ("营商环境", "营商环境优化", "优化提升", "环境优化提升", "提升", "营商环境")
    index = dictionary_index._index()
    full = _rjieba_class()()
    weight: dict[str, int] = {}
    total = index.total
    for w in words:
        entry = index.entry(w) & ~dictionary_index.LONGER
        old = weight.get(w, entry - 1 if entry else 0)
        weight[w] = full.add_word(w, None, None)
        total += weight[w] - old
    partial = PartialDictionary(_rjieba_class(), index, words)
    assert {w: partial._held[w] for w in words} == weight
    assert partial._held_sum + partial._stand_in == total
    text = "持续推进营商环境优化提升行动，营商环境优化提升见成效"
    assert partial.tokenize(text) == full.tokenize(text, "default", False)
    assert partial._held_sum + partial._stand_in == total  # words held for the text change nothing


@needs_index
def test_total_survives_a_text_that_cannot_be_cut() -> None:
    """A lone surrogate (a JSON escape) makes rjieba refuse the text, whole or partial: it is cut
    again with U+FFFD there, the same way by both, and the words held on the way do not leave
    the total wrong for the next text."""
    tok, full = _RJieba(WORDS, 10**9), _RJieba(WORDS, 0)
    bad = "严格督导考核，对工作不力的进行约谈\ud800"
    with pytest.raises(UnicodeEncodeError):
        tok._partial.tokenize(bad)
    cut = tok.tokenize(bad)
    assert cut == full.tokenize(bad) and cut[-1].end == len(bad)
    part = tok._partial
    assert part._held_sum + part._stand_in == part._total
    text = "严格督导考核，对工作不力的单位负责人进行约谈。"
    assert tok.tokenize(text) == full.tokenize(text)


@needs_index
def test_threads_switching_to_the_whole_dictionary() -> None:
    """Requests of a server cut at once: each gets the whole dictionary's words, which is
    built once, while others are still cutting with the partial one."""
    from concurrent.futures import ThreadPoolExecutor

    lines = ["深入学习贯彻党的二十届四中全会精神", "坚持把安全生产工作摆在突出位置，压紧压实各方责任。",
             "县财政局牵头，各乡镇配合，2026年6月底前完成"] * 20
    expected = [_RJieba(WORDS, 0).tokenize(t) for t in lines]
    tok = _RJieba(WORDS, partial_chars=300)
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(tok.tokenize, lines))
    assert got == expected
    assert tok._jieba is not None and tok._partial is None


@needs_index
def test_whole_dictionary_once_the_partial_has_cut_enough() -> None:
    tok = _RJieba(WORDS, partial_chars=50)
    first = tok.tokenize("深入学习贯彻党的二十届四中全会精神")
    assert tok._jieba is None
    tok.tokenize("坚持把安全生产工作摆在突出位置，压紧压实各方责任。" * 3)  # past the 50 characters
    assert tok._jieba is not None and tok._partial is None
    assert tok.tokenize("深入学习贯彻党的二十届四中全会精神") == first


@needs_index
def test_stand_in_word_in_a_text_goes_to_the_whole_dictionary() -> None:
    text = f"推进{dictionary_index._STAND_IN}工作"
    tok = _RJieba(WORDS, partial_chars=10**9)
    assert tok._partial is not None
    assert tok.tokenize(text) == _RJieba(WORDS, 0).tokenize(text)
    assert tok._jieba is not None


@needs_index
def test_no_index_for_another_rjieba(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """An index built for another rjieba (or none, or a damaged one) is not used: the whole
    dictionary is, and the cut stays right."""
    for name in (dictionary_index.KEYS, dictionary_index.FREQS, dictionary_index.META):
        (tmp_path / name).write_bytes((dictionary_index.DATA / name).read_bytes())
    meta = tmp_path / dictionary_index.META
    meta.write_text(meta.read_text(encoding="utf-8").replace('"rjieba": "', '"rjieba": "0.0.0-'),
                    encoding="utf-8")
    monkeypatch.setattr(dictionary_index, "DATA", tmp_path)
    dictionary_index._index.cache_clear()
    try:
        assert _RJieba(WORDS, 10**9)._partial is None
        (tmp_path / dictionary_index.META).write_bytes((ROOT / "toolkit/rcheck/data" / dictionary_index.META)
                                                     .read_bytes())
        dictionary_index._index.cache_clear()
        assert _RJieba(WORDS, 10**9)._partial is not None
        (tmp_path / dictionary_index.KEYS).write_bytes(b"\0" * 12)  # not whole keys
        dictionary_index._index.cache_clear()
        tok = _RJieba(WORDS, 10**9)
        assert tok._partial is None
        assert [t.word for t in tok.tokenize("总书记总书记")] == ["总书记", "总书记"]
    finally:
        dictionary_index._index.cache_clear()


@needs_index
def test_index_rebuilds_byte_for_byte(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "tools/build_tokenizer_index.py"),
                           "--out", str(tmp_path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    for name in (dictionary_index.KEYS, dictionary_index.FREQS, dictionary_index.META):
        assert (tmp_path / name).read_bytes() == (dictionary_index.DATA / name).read_bytes(), name
