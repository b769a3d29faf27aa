"""The model behind W105 (wrong-character): confusion sets and word probabilities.

A character is suspect when the word it stands in is not a known word, and a character that
sounds or looks like it would make a frequent word there: 二登奖 → 二等奖, 大数局 → 大数据.
Probabilities are jieba's dictionary frequencies (its dict.txt, read from the installed
package, never imported); a string the project counted in official text
(`data/wrongchar_ngrams.tsv`) is taken as written. A candidate's gain is how much more
probable the best segmentation of its neighbourhood gets, less a cost for the kind of
confusion. Everything loads on first use only: a run without W105 never reads these tables.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import math
import threading
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rcheck.wrongchar_homophones import PairScanner
    from rcheck.wrongchar_scan import Scanner

_DATA = Path(__file__).with_name("data")
ATTESTED = 2  # a string the project counted this often in official text is not a slip
MIN_FREQ = 10  # a correction must make a word at least this frequent in jieba's dictionary
MAX_WORD = 6  # longest word the local segmentation looks for
CONTEXT = 4  # characters either side that the segmentation sees
# Cost (natural log) of assuming a confusion of each kind: a slip labelled in official text
# (odw.train) is the likeliest, then same sound (an input method's commonest slip), then near
# sound and shape; "word" is a two-character word with both characters changed, tones kept.
# Chosen on odw.train, the labelled slips by two-fold cross-validation.
COST = {"seen": 2.5, "same": 6.0, "near": 8.0, "shape": 8.0, "word": 6.0}
LENGTHS = (2, 3, 4)  # lengths of the words a correction may make
SLACK = 4.0  # how far the span's own gain may fall short of the threshold and still be scored
MEMO = 200_000  # neighbourhoods remembered before the memo starts again
LONG_FILL = 24  # a frame with more fillers than this is intersected as a set (made once)
MIN_FREQ_WORD = 50  # a two-character homophone must be at least this frequent
# A rare character is more often a name's or a place's (引洮, 儋州) than a slip, which an input
# method makes with the common characters it offers first: below this log10 weight it costs more.
RARE = 3.3
RARE_COST = 3.0  # per unit of log10 weight below RARE
# Function characters whose slips are grammar (的/地/得), not a wrong word: never examined. 暨
# joins the names of joint meetings and tasks (党的建设暨…), written on purpose where it stands.
NOT_EXAMINED = frozenset("的地得了着过是在和与及或之其也都就而暨")
# Administrative levels are never taken for slips: a county's draft writes 全县 and 在县…中心
# where the counted provincial and national text writes 全省 and 在线 (5 of odw.train's 1,565
# slips are on one of them). They stay corrections of other characters.
LEVELS = frozenset("省市县区镇乡村州盟旗")
NEVER_SLIPS = NOT_EXAMINED | LEVELS  # characters never taken for a slip, alone or in a pair


_UNSEEN = object()  # a neighbourhood not in the memo (None is a remembered "no suggestion")


def _built_once(build):
    """`build()`'s result, made once even when threads ask at the same time (the tables take a
    second and hundreds of MB: a server's first requests must not each build their own)."""
    lock = threading.Lock()

    @wraps(build)
    def once():
        if once.value is None:
            with lock:
                if once.value is None:
                    once.value = build()
        return once.value

    once.value = None
    return once


@dataclass(frozen=True)
class Suggestion:
    """A suspected wrong character at `index` of a run, the character meant, and the gain."""

    index: int
    wrong: str
    right: str
    kind: str  # seen | same | near | shape | word
    gain: float  # natural-log odds in favour of the correction, after the confusion's cost
    word: str  # the word the correction makes


def _jieba_dict() -> Path:
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jieba is not installed")
    return Path(next(iter(spec.submodule_search_locations)), "dict.txt")


class Model:
    """Word frequencies, a masked-word index and confusion sets."""

    def __init__(self, attested: dict[str, int] | None = None) -> None:
        freq: dict[str, int] = {}
        with _jieba_dict().open(encoding="utf-8") as f:
            for line in f:
                word, n, _ = line.split(" ", 2)
                freq[word] = int(n)
        self.total = sum(freq.values())
        self.freq = freq
        # Strings the project counted in official text: written there as meant, so a string seen
        # in it is not taken for a slip (产供储销 is no 促销). Not words: counting them into the
        # segmentation would make every string that spans two words look like one.
        self.attested = attested or {}
        self.unknown = math.log(0.2 / self.total)
        mask: dict[str, str] = {}
        for word, n in freq.items():
            if n >= MIN_FREQ and 2 <= len(word) <= 4:
                for k in range(len(word)):
                    key = word[:k] + "\0" + word[k + 1:]
                    mask[key] = mask.get(key, "") + word[k]
        self.mask = mask
        self.confusions: dict[str, tuple[str, str, str, str]] = {}
        self.weight: dict[str, float] = {}
        self.readings: dict[str, list[str]] = {}
        # Off to tune on odw.train, where every slip was seen; set before the first suggestion
        # (kinds and the memo are built on the way).
        self.use_seen = True
        self._kinds: dict[str, dict[str, str]] = {}
        self._memo: dict[tuple[str, int, float], Suggestion | None] = {}
        self._logp_memo: dict[str, float] = {}
        self._fill_sets: dict[str, frozenset[str]] = {}
        with (_DATA / "wrongchar_confusions.tsv").open(encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                ch, same, near, shape, seen, weight, readings = line.rstrip("\n").split("\t")
                self.confusions[ch] = (same, near, shape, seen)
                self.weight[ch] = float(weight)
                if readings:
                    self.readings[ch] = readings.split(" ")
        # Two-character words by their sound, tones included: a slip of both characters that keeps
        # syllables and tones (布暑 for 部署) is an input method's; 央企 and 氧气 only rhyme.
        homophones: dict[str, list[str]] = {}
        for word, n in freq.items():
            if len(word) == 2 and n >= MIN_FREQ_WORD:
                key = self._sound_key(word)
                if key is not None:
                    homophones.setdefault(key, []).append(word)
        self.homophones = homophones

    def logp(self, text: str) -> float:
        """Log-probability of the best segmentation of `text` (unigram words, jieba's model)."""
        # Spans and neighbourhoods recur across a draft: more than half of the calls are repeats.
        memo = self._logp_memo
        found = memo.get(text)
        if found is None:
            if len(memo) >= MEMO:
                memo.clear()
            found = memo[text] = self._logp(text)
        return found

    def _logp(self, text: str) -> float:
        n = len(text)
        best = [0.0] + [-math.inf] * n
        freq, total, unknown = self.freq, self.total, self.unknown
        for i in range(n):
            b = best[i]
            if b == -math.inf:
                continue
            if b + unknown > best[i + 1]:
                best[i + 1] = b + unknown
            for j in range(i + 1, min(n, i + MAX_WORD) + 1):
                f = freq.get(text[i:j])
                if f:
                    v = b + math.log(f / total)
                    if v > best[j]:
                        best[j] = v
        return best[n]

    def _sound_key(self, pair: str) -> str | None:
        """The usual readings of two characters, with tones: a rare reading (提 as di) makes no homophone."""
        first, second = self.readings.get(pair[0]), self.readings.get(pair[1])
        return f"{first[0]} {second[0]}" if first and second else None

    def suggest_word(self, run: str, i: int, min_gain: float = -math.inf) -> Suggestion | None:
        """The best two-character word that sounds like `run[i:i + 2]` with both characters changed."""
        pair = run[i:i + 2]
        if len(pair) < 2 or pair in self.freq or NEVER_SLIPS.intersection(pair):
            return None
        key = self._sound_key(pair)
        words = [w for w in self.homophones.get(key, ()) if w[0] != pair[0] and w[1] != pair[1]] \
            if key is not None else []
        span = self.logp(pair)
        floor = min_gain - SLACK + span + COST["word"]
        words = [w for w in words if math.log(self.freq[w] / self.total) >= floor]
        if not words:
            return None
        n = len(run)
        lo, hi = max(0, i - CONTEXT), min(n, i + 2 + CONTEXT)
        rare = sum(max(0.0, RARE - self.weight.get(c, 0.0)) for c in pair)
        before = self.logp(run[lo:hi]) + RARE_COST * rare
        best: Suggestion | None = None
        for word in words:
            gain = self.logp(run[lo:i] + word + run[i + 2:hi]) - before - COST["word"]
            if best is None or gain > best.gain:
                best = Suggestion(i, pair, word, "word", gain, word)
        return best

    def kinds(self, wrong: str) -> dict[str, str]:
        """The characters `wrong` may stand for, each with its kind of confusion (built once)."""
        table = self._kinds.get(wrong)
        if table is None:
            table = {}
            sets = self.confusions.get(wrong)
            if sets is not None:
                same, near, shape, seen = sets
                for kind, chars in (("shape", shape), ("near", near), ("same", same)):
                    table.update(dict.fromkeys(chars, kind))
                if self.use_seen:
                    table.update(dict.fromkeys(seen, "seen"))
                if wrong in LEVELS:
                    table = {}
            self._kinds[wrong] = table
        return table

    def suggest(self, run: str, i: int, min_gain: float = -math.inf) -> Suggestion | None:
        """The best correction of `run[i]` with at least `min_gain`, or None."""
        return self.suggest_each(run, i, (min_gain,))[0]

    def suggest_each(self, run: str, i: int, min_gains: tuple[float, ...]) -> tuple[Suggestion | None, ...]:
        """`suggest` for each of `min_gains` at once: the segmentations of the corrections the
        strictest bound admits are read once for all (the word path asks for two bounds)."""
        # What is read lies within CONTEXT characters either side: the same neighbourhood, the
        # same answer. Drafts repeat their phrases, so a bounded memo saves a good part.
        lo = max(0, i - CONTEXT)
        key = (run[lo:i + CONTEXT + 1], i - lo, min_gains)
        memo = self._memo
        found = memo.get(key, _UNSEEN)  # one lookup: another thread may clear the memo meanwhile
        if found is _UNSEEN:
            if len(memo) >= MEMO:
                memo.clear()
            found = memo[key] = self._suggest(run, i, min_gains)
        return tuple(None if s is None else dataclasses.replace(s, index=i) for s in found)

    def forget(self) -> None:
        """Drop the memos of neighbourhoods and segmentations (for timing)."""
        self._memo.clear()
        self._logp_memo.clear()

    def _suggest(self, run: str, i: int, min_gains: tuple[float, ...]) -> tuple[Suggestion | None, ...]:
        none = (None,) * len(min_gains)
        c = run[i]
        if c in NOT_EXAMINED:
            return none
        kinds = self.kinds(c)
        if not kinds:
            return none
        # Each correction with its rough bound: the span alone bounds the gain roughly, and a
        # correction far short of a bound is not worth the segmentation of the neighbourhood
        # (most are; this keeps W105 cheap).
        options: dict[str, list[tuple[float, str]]] = {}  # per correction, (bound, word) by frame
        attested, mask, freq, total = self.attested, self.mask, self.freq, self.total
        fill_sets = self._fill_sets
        floor = min(min_gains) - SLACK
        n = len(run)
        for length in LENGTHS:
            for a in range(max(0, i - length + 1), min(i, n - length) + 1):
                fill = mask.get(run[a:i] + "\0" + run[i + 1:a + length])
                if not fill:
                    continue
                if len(fill) <= LONG_FILL:
                    hits = [x for x in fill if x in kinds]
                else:  # a common frame (发_) has hundreds of fillers
                    as_set = fill_sets.get(fill)
                    if as_set is None:
                        as_set = fill_sets[fill] = frozenset(fill)
                    hits = sorted(as_set.intersection(kinds))
                if hits and attested.get(run[a:a + length], 0) < ATTESTED:
                    span = self.logp(run[a:a + length])
                    for x in hits:
                        word = run[a:i] + x + run[i + 1:a + length]
                        bound = math.log(freq[word] / total) - span - COST[kinds[x]]
                        if bound >= floor:
                            options.setdefault(x, []).append((bound, word))
        if not options:
            return none
        lo, hi = max(0, i - CONTEXT), min(n, i + CONTEXT + 1)
        before = self.logp(run[lo:hi]) + RARE_COST * max(0.0, RARE - self.weight.get(c, 0.0))
        gains = {x: self.logp(run[lo:i] + x + run[i + 1:hi]) - before - COST[kinds[x]] for x in options}
        out = []
        for min_gain in min_gains:
            best: Suggestion | None = None
            for x, frames in options.items():  # the word of the first frame within this bound
                word = next((w for b, w in frames if b >= min_gain - SLACK), None)
                if word is not None and (best is None or gains[x] > best.gain):
                    best = Suggestion(i, c, x, kinds[x], gains[x], word)
            out.append(best)
        return tuple(out)


@_built_once
def load_model() -> Model:
    """The shared model, built on first use (about a second)."""
    counts: dict[str, int] = {}
    with (_DATA / "wrongchar_ngrams.tsv").open(encoding="utf-8") as f:
        for line in f:
            if not line.startswith("#"):
                gram, n = line.rstrip("\n").split("\t")
                counts[gram] = int(n)
    return Model(counts)


# The context scan's weights (`wrongchar_scan.FEATURES`), fitted on odw.train by
# tools/tune_wrongchar.py (held-out recall 0.515 with no false alarm on the 723 clean sentences at 0.5).
SCAN_WEIGHTS = (-4.201, 0.104, 0.475, 0.411, -0.053, -0.105, -0.163, -0.483, -0.098, 0.054, -0.044,
                -1.593, -1.955, 1.672, 0.175, -0.114, -0.256, -0.004, 0.427, -0.217, -0.018, 0.399,
                0.991, -0.177, 0.091)


@_built_once
def load_scanner() -> Scanner:
    """The context scan over the counted table, built on first use (shares the model's data)."""
    import numpy as np

    from rcheck.wrongchar_scan import Scanner
    from rcheck.wrongchar_table import load_table

    model = load_model()
    kinds = {ch: model.kinds(ch) for ch in model.confusions}
    return Scanner(load_table(), model.freq, kinds, model.weight, np.array(SCAN_WEIGHTS))


# The two-character homophone scan's weights (`wrongchar_homophones.FEATURES`), fitted on
# odw.train by tools/tune_wrongchar.py --pairs (held-out: 0.078 of odw.train's wrong sentences
# at 5.0, none of the 723 clean ones from 2.0).
PAIR_WEIGHTS = (-5.599, 0.104, -0.100, 0.204, -0.229, 0.612, 0.019, -0.166, 0.185, -0.055, 0.040,
                -0.057, -0.064, 0.007, 0.522, -0.445, -0.269, -0.138, -0.131, 0.150, -0.207, 0.023,
                -0.097, 0.120, 0.436, 0.294, 0.166, -0.154, 0.319, 0.166, 0.031, 1.193, 0.101,
                0.578, -0.308)


@_built_once
def load_pair_scanner() -> PairScanner:
    """The scan of two-character homophones, built on first use (shares the context scan's tables)."""
    import numpy as np

    from rcheck.wrongchar_homophones import PairScanner

    model = load_model()
    return PairScanner(load_scanner(), model.freq, model.readings, np.array(PAIR_WEIGHTS))
