"""Property tests of `diff_documents`: every offset indexes its own document.

Drafts are generated as section trees (一、 headings with （一） sub-headings, sentences with
numbers and placeholders, an optional 特此报告 closing) and then mutated the way drafts are
revised: sections removed, added, moved, renamed or repeated, numbers changed, sentences
edited. For every change of every kind, `old_*` offsets index OLD and `new_*` offsets index
NEW, and the text at each span is the text the change claims.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rcheck.diff import diff_documents
from rcheck.text.document import Document

TITLES = ["加强理论学习", "推进阵地建设", "抓好民生实事", "强化督查问责", "完善制度机制",
          "存在的问题和不足", "下一步工作打算", "主要工作及成效", "培育特色产业", "深化作风建设"]
SENTENCES = ["全年开展专题学习{n}次", "组织干部培训{n}人次", "覆盖群众{n}万人次",
             "县委宣传部牵头，各乡镇配合", "开展宣讲*场", "落实“三审三校”制度",
             "由县XX局负责", "新建服务站点{n}个", "下一步，力争年内完成{n}项任务",
             "2026年6月底前完成整改"]


@dataclass
class Sec:
    title: str
    sentences: list[str]
    children: list[Sec] = field(default_factory=list)


@dataclass
class Draft:
    title: str
    preamble: list[str]
    sections: list[Sec]
    closing: bool


def _sentence(draw) -> str:
    text = draw(st.sampled_from(SENTENCES))
    return text.replace("{n}", str(draw(st.integers(0, 3000))))


@st.composite
def sections(draw, depth: int = 0) -> Sec:
    title = draw(st.sampled_from(TITLES))
    body = [_sentence(draw) for _ in range(draw(st.integers(0, 3)))]
    kids = [] if depth else [draw(sections(depth=1)) for _ in range(draw(st.integers(0, 3)))]
    return Sec(title, body, kids)


@st.composite
def drafts(draw) -> Draft:
    return Draft("县委宣传部2025年工作总结", [_sentence(draw) for _ in range(draw(st.integers(0, 2)))],
                 [draw(sections()) for _ in range(draw(st.integers(0, 5)))], draw(st.booleans()))


def render(d: Draft) -> str:
    lines = [d.title]
    if d.preamble:
        lines.append("，".join(d.preamble) + "。")
    for i, s in enumerate(d.sections, 1):
        lines.append(f"{int_to_cn(i)}、{s.title}")
        if s.sentences:
            lines.append("，".join(s.sentences) + "。")
        for j, c in enumerate(s.children, 1):
            lines.append(f"（{int_to_cn(j)}）{c.title}")
            if c.sentences:
                lines.append("；".join(c.sentences) + "。")
    if d.closing:
        lines += ["特此报告。", "县委宣传部", "2025年12月1日"]
    return "\n".join(lines) + "\n"


def _siblings(d: Draft, draw) -> list[Sec]:
    """A list of sibling sections: the top level, or the children of one top-level section."""
    parents = [s for s in d.sections if s.children]
    if parents and draw(st.booleans()):
        return draw(st.sampled_from(parents)).children
    return d.sections


def int_to_cn(n: int) -> str:
    """1..99 as the numerals headings use: 一, 十, 十二, 二十三."""
    digits = "一二三四五六七八九"
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else "十" if tens == 1 else digits[tens - 1] + "十"
    return head + (digits[ones - 1] if ones else "")


MUTATIONS = ("remove", "add", "move", "rename", "repeat", "number", "sentence", "closing")


@st.composite
def revised(draw) -> tuple[str, str]:
    old = draw(drafts())
    new = Draft(old.title, list(old.preamble),
                [replace(s, sentences=list(s.sentences),
                         children=[replace(c, sentences=list(c.sentences)) for c in s.children])
                 for s in old.sections], old.closing)
    for kind in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=5)):
        group = _siblings(new, draw)
        if kind == "add" or not group:
            group.insert(draw(st.integers(0, len(group))), draw(sections(depth=1)))
        elif kind == "remove":
            group.pop(draw(st.integers(0, len(group) - 1)))
        elif kind == "move":
            s = group.pop(draw(st.integers(0, len(group) - 1)))
            group.insert(draw(st.integers(0, len(group))), s)
        elif kind == "rename":
            draw(st.sampled_from(group)).title = draw(st.sampled_from(TITLES)) + "工作"
        elif kind == "repeat":
            group.append(draw(st.sampled_from(group)))
        elif kind == "closing":
            new.closing = not new.closing
        else:
            s = draw(st.sampled_from(group))
            if kind == "sentence" or not s.sentences:
                s.sentences.insert(draw(st.integers(0, len(s.sentences))), _sentence(draw))
            else:
                k = draw(st.integers(0, len(s.sentences) - 1))
                s.sentences[k] = _sentence(draw)
    return render(old), render(new)


def _inside(start: int | None, end: int | None, text: str) -> bool:
    if start is None or end is None:
        return start is None and end is None
    return 0 <= start <= end <= len(text)


def assert_offsets_index_their_own_text(old: str, new: str) -> None:
    result = diff_documents(Document(old, path="old.txt"), Document(new, path="new.txt"))
    for s in result.sections:
        assert _inside(s.old_start, s.old_end, old), s
        assert _inside(s.new_start, s.new_end, new), s
        if s.old_start is not None:
            assert s.old_line == result.old_doc.position(s.old_start)[0]
        if s.new_start is not None:
            assert s.new_line == result.new_doc.position(s.new_start)[0]
        for c in s.changes:
            assert _inside(c.old_start, c.old_end, old), (s.status, c)
            assert _inside(c.new_start, c.new_end, new), (s.status, c)
            assert old[c.old_start:c.old_end] == c.old, (s.status, c)
            assert new[c.new_start:c.new_end] == c.new, (s.status, c)
            assert (c.op == "insert") == (c.old == "") and (c.op == "delete") == (c.new == "")
            # A change inside a section pair lies inside that section on both sides.
            if s.old_start is not None:
                assert s.old_start <= c.old_start <= c.old_end <= s.old_end, (s.status, c)
            if s.new_start is not None:
                assert s.new_start <= c.new_start <= c.new_end <= s.new_end, (s.status, c)
    for m in result.metrics:
        assert old[m.old_start:m.old_end] == m.old and new[m.new_start:m.new_end] == m.new, m
    for p, doc in [(p, result.new_doc) for p in result.introduced] + [
            (p, result.old_doc) for p in result.resolved]:
        assert doc.text[p.start:p.end] == p.text
        assert (p.line, p.column) == doc.position(p.start)
    assert result.changed == (old != new)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(revised())
def test_offsets_index_their_own_document(pair: tuple[str, str]) -> None:
    assert_offsets_index_their_own_text(*pair)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(revised())
def test_offsets_index_their_own_document_reversed(pair: tuple[str, str]) -> None:
    assert_offsets_index_their_own_text(pair[1], pair[0])


def test_a_removed_section_points_into_new_and_an_added_one_into_old() -> None:
    old = "县委宣传部2025年工作总结\n一、加强理论学习\n开展专题学习12次。\n二、推进阵地建设\n新建站点3个。\n"
    new = ("县委宣传部2025年工作总结\n一、加强理论学习\n开展专题学习12次。\n"
           "二、抓好民生实事\n办结实事20件，惠及群众3000人。\n")
    result = diff_documents(Document(old), Document(new))
    removed, = [s for s in result.sections if s.status == "removed"]
    added, = [s for s in result.sections if s.status == "added"]
    gone, = removed.changes
    # The removed text is in OLD; in NEW it has only an insertion point, after the section
    # before it (一、), where it used to follow.
    assert old[gone.old_start:gone.old_end] == gone.old == "推进阵地建设\n新建站点3个。\n"
    assert gone.new_start == gone.new_end == new.index("二、")
    came, = added.changes
    assert new[came.new_start:came.new_end] == came.new == "抓好民生实事\n办结实事20件，惠及群众3000人。\n"
    assert came.old_start == came.old_end == old.index("二、")
