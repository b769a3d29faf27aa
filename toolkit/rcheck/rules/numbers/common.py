"""What the number checks share: their words from lexicons/numbers.toml, sentences with their
figures, and the clause around a figure."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from rcheck.figures import Figure
from rcheck.lexicon import Lexicon
from rcheck.rules.base import Context
from rcheck.text import regex as re
from rcheck.text.document import Span

CLAUSE = re.compile(r"[，,；;：:、（）()\n]")
STOP = re.compile(r"[；;。！？!?]")
END = re.compile(r"[。！？!?]")


@dataclass(frozen=True)
class Words:
    """numbers.toml, compiled once per lexicon."""

    partitions: tuple[tuple[tuple[str, ...], ...], ...]
    class_re: re.Pattern[str]
    class_of: dict[str, tuple[int, int]]  # word -> (partition, class)
    rates: dict[str, int]  # rate word -> partition
    rate_re: re.Pattern[str]
    rate_prefixes: frozenset[str]
    new_statement: tuple[str, ...]
    share_re: re.Pattern[str]
    up: tuple[str, ...]
    down: tuple[str, ...]
    base_re: re.Pattern[str]
    change_re: re.Pattern[str]
    per_re: re.Pattern[str]
    total_words: frozenset[str]
    count_re: re.Pattern[str]
    lead_re: re.Pattern[str]
    not_a_count_re: re.Pattern[str]
    list_cue_re: re.Pattern[str]
    rank_words: tuple[str, ...]
    titles_after: re.Pattern[str]
    times: re.Pattern[str]
    durations: frozenset[str]
    bare_actors: tuple[str, ...]
    generic_ends: tuple[str, ...]
    trait_re: re.Pattern[str]
    trait_of: dict[str, int]


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=8)
def words_for(lexicon: Lexicon) -> Words:
    partitions = []
    class_of: dict[str, tuple[int, int]] = {}
    rates: dict[str, int] = {}
    for p, table in enumerate(lexicon.tables("numbers", "partition")):
        classes = tuple(tuple(str(w) for w in cls) for cls in table.get("classes", []))
        partitions.append(classes)
        for c, cls in enumerate(classes):
            for w in cls:
                class_of.setdefault(w, (p, c))
        for r in table.get("rates", []):
            rates[str(r)] = p
    traits = {str(w): t for t, group in enumerate(lexicon.get("numbers").get("traits", []))
              for w in group}
    verbs = lexicon.strings("units", "subject_verbs") + lexicon.strings("numbers", "new_statement")
    up, down = lexicon.strings("numbers", "growth_up"), lexicon.strings("numbers", "growth_down")
    periods = _alt(lexicon.strings("numbers", "base_periods"))
    nouns = _alt(lexicon.strings("numbers", "count_nouns"))
    measures = "".join(lexicon.strings("numbers", "count_measures"))
    return Words(
        partitions=tuple(partitions),
        class_re=re.compile(_alt(list(class_of))),
        class_of=class_of,
        rates=rates,
        rate_re=re.compile(_alt(list(rates))) if rates else re.compile(r"(?!)"),
        rate_prefixes=frozenset(lexicon.strings("numbers", "rate_prefixes")),
        new_statement=tuple(sorted(set(verbs), key=len, reverse=True)),
        # 占比达72%, 占总数的72%, 占全部问题的72%
        share_re=re.compile(rf"(?:{_alt(lexicon.strings('numbers', 'share_words'))}"
                            r"|占[\u4e00-\u9fff]{1,8}的)(?:达到|达|为|约|近|超过|超)?$"),
        up=tuple(up),
        down=tuple(down),
        # 较上年的200亿元 / 比去年同期 / 由 / 从: what stands right before a base figure.
        base_re=re.compile(rf"(?:(?P<how>较|比|由|从)(?:(?:20\d\d年)?(?:{periods})?|20\d\d年)的?"
                           rf"|(?P<was>{periods}|20\d\d年)(?:同期)?(?:为|是))$"),
        change_re=re.compile(rf"^(?:[，,]?(?:同比|环比)?(?P<dir>{_alt(up + down)})(?:了|到|至|为)?)"),
        per_re=re.compile(rf"每(?P<u>{_alt(lexicon.strings('numbers', 'per_units'))})"),
        total_words=frozenset(lexicon.strings("numbers", "total_words")),
        count_re=re.compile(
            rf"(?<![第\d一二两三四五六七八九十.])(?P<n>[两二三四五六七八九十]{{1,2}}|\d{{1,2}})[{measures}]"
            rf"(?:{nouns})(?:的(?:{nouns}))?"),
        lead_re=re.compile(rf"^(?:{_alt(lexicon.strings('numbers', 'lead_words'))})+"),
        not_a_count_re=re.compile(_alt(lexicon.strings("numbers", "not_a_count"))),
        list_cue_re=re.compile(_alt(["其中", *lexicon.strings("numbers", "total_words"), *class_of])),
        rank_words=tuple(lexicon.strings("numbers", "rank_words")),
        # 两项制度：《A》《B》: the titles right after a count.
        titles_after=re.compile(r"[，,：:]?(?:即|包括|分别是|分别为|为)?((?:《[^》\n]{1,40}》[、和及与]?){2,})"),
        # The periods a figure may be counted over: figures under different ones are not compared.
        times=re.compile(r"20\d\d年|今年|去年|上年|明年|上半年|下半年|[一二三四]季度|前三季度"
                         r"|\d{1,2}[-—至到]\d{1,2}月|同期|[五三两十]年来|近[三五两十]年|过去[一二三四五六七八九十]年"
                         r"|十[三四五]五"),
        durations=frozenset(lexicon.strings("numbers", "durations")),
        bare_actors=tuple(lexicon.strings("numbers", "bare_actors")),
        generic_ends=tuple(lexicon.strings("numbers", "generic_subject_ends")),
        trait_re=re.compile(_alt(list(traits)) or r"(?!)"),
        trait_of=traits,
    )


# ------------------------------------------------------------------ sentences and clauses


def sentences(ctx: Context) -> Iterator[tuple[Span, list[Figure]]]:
    """Each sentence with the figures inside it (only sentences with two figures or more)."""
    figs = ctx.figures
    starts = [f.start for f in figs]
    for s in ctx.doc.sentences:
        lo, hi = bisect_left(starts, s.start), bisect_left(starts, s.end)
        if hi - lo >= 2:
            yield s, figs[lo:hi]


_BREAKS = frozenset("，,；;：:、（）()\n")


def clause_before(text: str, f: Figure, floor: int) -> str:
    """The words of f's clause before the number (approximate words included)."""
    i = f.start
    while i > floor and text[i - 1] not in _BREAKS:
        i -= 1
    return text[i:f.start]


def in_parens(text: str, pos: int, floor: int) -> bool:
    opened = max(text.rfind("（", floor, pos), text.rfind("(", floor, pos))
    closed = max(text.rfind("）", floor, pos), text.rfind(")", floor, pos))
    return opened > closed
