"""Follow-up of commitments: last year's promises and the passages of this year's report on them.

A reviewer's first question about an annual report is what became of last year's plan. Each
commitment of the earlier draft (its plan part, or every commitment when it has none) is
matched against the sentences of the later draft by the words that carry its meaning (the
action's content words and the target's subject), its owners, and a fuzzy score of the whole
action; the best sentence above the threshold reports on it, and a commitment with none is
the one to ask about.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rcheck.extract.types import Commitment
from rcheck.lexicon import Lexicon
from rcheck.settings import Settings, resolve_settings
from rcheck.text import regex as re
from rcheck.text.document import Document
from rcheck.text.tokenize import Tokenizer

# Words too common in plans to say which measure a sentence is about.
_COMMON = frozenset("""
加强 强化 深化 推进 推动 持续 进一步 全面 深入 扎实 切实 着力 不断 继续 完善 健全 建立 开展 组织 落实 提升
提高 做好 抓好 工作 全县 全市 各级 有关 相关 单位 部门 各类 重点 机制 制度 体系 能力 水平 质量 力度 年内
每年 每季度 每月 每半年 不少于 以上 确保 力争 实现 达到 完成 举办 召开 我们 我局 我县 将 要 和 及 与 的 等 在
全年 人次 一次 活动 建设
""".split())
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class FollowUp:
    """One earlier commitment and where the later draft reports on it (None: nowhere)."""

    commitment: Commitment
    status: str  # "reported" or "missing"
    score: float
    start: int | None = None
    end: int | None = None
    text: str | None = None
    shared_words: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        c = self.commitment
        return {"status": self.status, "score": round(self.score, 3),
                "commitment": {"start": c.start, "end": c.end, "text": c.text, "action": c.action,
                               "lead": c.lead, "co": c.co, "target": c.target.quantity if c.target else None},
                "passage": None if self.start is None else {"start": self.start, "end": self.end,
                                                           "text": self.text},
                "shared_words": list(self.shared_words)}


def _content_words(text: str, tokenizer: Tokenizer) -> set[str]:
    return {t.word for t in tokenizer.tokenize(text)
            if len(t.word) >= 2 and _CJK.search(t.word) and t.word not in _COMMON}


def follow_up(earlier: Document, later: Document, *, lexicon: Lexicon | None = None,
              tokenizer: Tokenizer | None = None, threshold: float = 0.45,
              settings: Settings | None = None) -> list[FollowUp]:
    """Each commitment of `earlier` with the passage of `later` that reports on it, in order.

    `settings` (or `lexicon` and `tokenizer`) decide the commitments, their plan part (the
    settings' template) and the words they are matched by."""
    from rapidfuzz import fuzz

    from rcheck.extract import extract_commitments
    run = resolve_settings(settings, lexicon=lexicon, tokenizer=tokenizer)
    tokenizer = run.tokenizer
    commitments = extract_commitments(earlier, settings=run)
    planned = [c for c in commitments if c.reason == "section"] or commitments
    view = later.simplified
    sentences = [(s.start, s.end, view[s.start:s.end]) for s in later.sentences]
    sentence_words = [_content_words(s, tokenizer) for _, _, s in sentences]
    earlier_view = earlier.simplified

    out: list[FollowUp] = []
    for c in planned:
        body = earlier_view[c.start:c.end]
        key = _content_words(c.action, tokenizer) | _content_words(body, tokenizer)
        if c.target and c.target.subject:
            key |= _content_words(c.target.subject, tokenizer)
        owners = [o for o in (*c.lead, *c.co) if len(o) >= 2]
        for owner in owners:  # who was to do it says little about what was done
            key -= _content_words(owner, tokenizer)
        best: tuple[float, int, set[str]] | None = None
        for i, (_, _, sentence) in enumerate(sentences):
            shared = key & sentence_words[i]
            if not shared:
                continue
            overlap = len(shared) / max(1, min(len(key), 8))
            fuzzy = fuzz.partial_ratio(c.action, sentence) / 100
            owner = 0.15 if any(o in sentence for o in owners) else 0.0
            score = min(1.0, 0.6 * overlap + 0.4 * fuzzy + owner)
            if best is None or score > best[0]:
                best = (score, i, shared)
        if best is not None and best[0] >= threshold:
            score, i, shared = best
            start, end, _ = sentences[i]
            out.append(FollowUp(c, "reported", score, start, end, later.text[start:end],
                                tuple(sorted(shared))))
        else:
            out.append(FollowUp(c, "missing", best[0] if best else 0.0))
    return out
