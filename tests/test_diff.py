"""`rcheck diff`: section alignment, word changes, metrics, placeholders, template mode, CLI.

`samples/diff-v1.txt` -> `samples/diff-v2.txt` makes exactly these changes (samples/README.md):
（四）办好民生实事 moves to the front of 一、; 专题学习 18次 -> 22次; 宣讲*场 -> 36场 (a
placeholder filled); 1.5万人次 -> 1.8万人次; （三）培育特色产业，拓宽增收渠道 is renamed
（四）做强山区特色产业，带动群众持续增收 over the same body; 县XX局 is added to the co-operating
units of 二、（二） (a placeholder introduced); 二、（四）加强乡村文明建设 is added. Both lack
存在的问题和不足.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import rcheck
from rcheck.cli import main
from rcheck.diff import MetricChange, diff_documents, diff_template, metric_changes, word_diff
from rcheck.extract.types import Metric
from rcheck.text.document import Document

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture(scope="module")
def pair():
    return rcheck.load(SAMPLES / "diff-v1.txt"), rcheck.load(SAMPLES / "diff-v2.txt")


@pytest.fixture(scope="module")
def result(pair):
    return diff_documents(*pair)


def by_status(result, status):
    return [s for s in result.sections if s.status == status]


def change_pairs(section):
    return [(c.old, c.new) for c in section.changes]


def test_sample_sections_exactly(result):
    statuses = [(s.status, s.new_heading or s.old_heading) for s in result.sections]
    assert [s for s, _ in statuses].count("same") == 6
    moved, = by_status(result, "moved")
    assert (moved.old_heading, moved.new_heading) == ("（四）办好民生实事，增进群众福祉",
                                                       "（一）办好民生实事，增进群众福祉")
    assert moved.changes == []  # renumbering is not a change: markers are not compared
    assert moved.parents == ["一、主要工作及成效"]
    renamed, = by_status(result, "renamed")
    assert renamed.old_heading == "（三）培育特色产业，拓宽增收渠道"
    assert renamed.new_heading == "（四）做强山区特色产业，带动群众持续增收"
    heading_end = result.new_doc.text.index("。", renamed.new_start)
    assert all(c.new_end <= heading_end for c in renamed.changes)  # the body is untouched
    added, = by_status(result, "added")
    assert added.new_heading == "（四）加强乡村文明建设" and added.parents == ["二、2026年工作计划"]
    assert by_status(result, "removed") == []
    changed = {s.new_heading: change_pairs(s) for s in by_status(result, "changed")}
    assert changed == {
        "（二）抓实理论学习，凝聚发展共识": [("18", "22")],
        "（三）加强阵地建设，巩固主流舆论": [("*", "36"), ("1.5", "1.8")],
        "（二）推动产业提质增效": [("", "、县XX局")],
    }
    assert result.changed
    assert result.counts() == {"same": 6, "changed": 3, "renamed": 1, "moved": 1, "added": 1,
                               "removed": 0, "changes": 7}


def test_change_offsets_point_at_the_text(result):
    old, new = result.old_doc.text, result.new_doc.text
    for s in result.sections:
        for c in s.changes:
            if s.status != "added":
                assert old[c.old_start:c.old_end] == c.old
            if s.status != "removed":
                assert new[c.new_start:c.new_end] == c.new


def test_preamble_and_closing_pair_although_a_section_was_added(result):
    parts = [(s.part, s.status) for s in result.sections if s.part != "section"]
    assert parts == [("preamble", "same"), ("closing", "same")]


def test_placeholders_introduced_and_resolved(result):
    assert [(p.text, p.line) for p in result.introduced] == [("XX", 11)]
    assert "XX局" in result.introduced[0].message
    resolved, = result.resolved
    assert (resolved.text, resolved.filled_with, resolved.line) == ("*", "36", 6)


def test_required_section_still_missing(result):
    assert [(m.name, m.missing_in_old) for m in result.missing_required] == [("存在的问题和不足", True)]
    assert result.kind == "年度工作总结"


def test_reverse_diff_swaps_added_and_removed(pair):
    back = diff_documents(pair[1], pair[0])
    removed, = by_status(back, "removed")
    assert removed.old_heading == "（四）加强乡村文明建设" and removed.new_start is None
    assert by_status(back, "added") == []
    assert [p.text for p in back.introduced] == ["*"]
    assert [p.text for p in back.resolved] == ["XX"]


def test_identical_versions(pair):
    same = diff_documents(pair[0], Document(pair[0].text, path="copy.txt"))
    assert not same.changed
    assert {s.status for s in same.sections} == {"same"}
    assert same.introduced == same.resolved == [] and same.metrics == []


def test_json_shape(result):
    payload = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    assert payload["version"] == 1
    assert set(payload) >= {"old", "new", "sections", "metrics", "placeholders", "missing_required"}
    section = payload["sections"][3]
    assert set(section) >= {"status", "old_heading", "new_heading", "score", "changes"}
    assert set(section["changes"][0]) == {"op", "old", "new", "old_start", "old_end", "new_start",
                                          "new_end"}
    assert set(payload["placeholders"]) == {"introduced", "resolved"}


# --- word diff ---------------------------------------------------------------------------------


def test_numbers_and_phrases_change_as_words():
    changes = word_diff("覆盖群众1.5万人次，开展专题学习共18次。", "覆盖群众1.8万人次，开展专题学习共25次。")
    assert [(c.op, c.old, c.new) for c in changes] == [("replace", "1.5", "1.8"),
                                                       ("replace", "18", "25")]
    changes = word_diff("由县财政局牵头。", "由县财政局牵头，县审计局配合。")
    assert [(c.op, c.old, c.new) for c in changes] == [("insert", "", "，县审计局配合")]


def test_applying_changes_rebuilds_the_new_text(pair):
    """Random edits of a real paragraph: the changes, applied to the old text, give the new."""
    rng = random.Random(7)
    base = pair[0].text[:600]
    words = ["专项", "检查", "12", "次", "，", "落实", "XX", "。", "群众"]
    for _ in range(40):
        new = list(base)
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(new))
            kind = rng.randrange(3)
            if kind == 0:
                del new[at:at + rng.randint(1, 8)]
            elif kind == 1:
                new[at:at] = rng.choice(words)
            else:
                new[at:at + 2] = rng.choice(words)
        new_text = "".join(new)
        changes = word_diff(base, new_text)
        rebuilt, at = [], 0
        for c in changes:
            assert base[c.old_start:c.old_end] == c.old
            rebuilt.append(base[at:c.old_start] + c.new)
            at = c.old_end
        rebuilt.append(base[at:])
        assert "".join(rebuilt) == new_text


def test_long_text_without_headings():
    """One 30,000-character section: Levenshtein opcodes stay linear in memory."""
    old = "。".join(f"第{i}项工作完成情况良好，累计开展活动{i % 17}次" for i in range(1500))
    new = old.replace("累计开展活动5次", "累计开展活动6次", 1)
    result = diff_documents(Document(old), Document(new))
    assert [change_pairs(s) for s in result.sections if s.changes] == [[("5", "6")]]


# --- metrics ------------------------------------------------------------------------------------


_QUANTITY = re.compile(r"([*\d.]+万?)(次|场|人次)")


def _regex_metrics(doc: Document) -> list[Metric]:
    """A stand-in extractor: numbers before a measure word, the two characters before as subject."""
    return [Metric(m.start(), m.end(), m.group(), None, m.group(2),
                   subject=doc.text[max(0, m.start() - 2):m.start()]) for m in _QUANTITY.finditer(doc.text)]


def test_metric_table_pairs_quantities_inside_changes(pair):
    result = diff_documents(*pair, extract_metrics=_regex_metrics)
    assert result.metrics_checked
    assert [(m.old, m.new) for m in result.metrics] == [("18次", "22次"), ("*场", "36场"),
                                                        ("1.5万人次", "1.8万人次")]
    assert result.metrics[0].subject == "习共" and result.metrics[0].section.endswith("凝聚发展共识")


def test_metric_changes_pair_by_unit_when_counts_differ():
    from rcheck.diff import Change, SectionDiff

    section = SectionDiff("changed", "section", "（一）", "（一）", 0.9)
    change = Change("replace", "20次", "25次和3场", 0, 3, 0, 6)
    old = [Metric(0, 3, "20次", 20, "次")]
    new = [Metric(0, 3, "25次", 25, "次"), Metric(4, 6, "3场", 3, "场")]
    got = metric_changes([(section, [change])], old, new)
    assert got == [MetricChange("", "20次", "25次", 0, 3, 0, 3, "次", "（一）")]


def test_metric_table_with_extraction(pair):
    pytest.importorskip("rcheck.extract")
    result = diff_documents(*pair)
    assert result.metrics_checked
    assert [(m.old, m.new) for m in result.metrics] == [("18次", "22次"), ("*场", "36场"),
                                                        ("1.5万人次", "1.8万人次")]
    assert result.metrics[0].subject == "专题学习"


def test_without_extraction_no_metrics(pair, monkeypatch):
    import rcheck.diff as diff_module

    monkeypatch.setattr(diff_module, "default_extractor", lambda: None)
    result = diff_documents(*pair)
    assert result.metrics == [] and result.metrics_checked is False


# --- alignment corner cases ---------------------------------------------------------------------


def test_duplicate_sub_headings_pair_under_their_parents():
    old = ("一、理论学习\n（一）工作开展情况\n全年开展学习12次。\n（二）存在的问题\n学习不够深入。\n"
           "二、阵地建设\n（一）工作开展情况\n新建宣传栏8个。\n（二）存在的问题\n更新不及时。\n")
    new = old.replace("新建宣传栏8个", "新建宣传栏10个")
    result = diff_documents(Document(old), Document(new))
    changed, = by_status(result, "changed")
    assert changed.parents == ["二、阵地建设"] and change_pairs(changed) == [("8", "10")]
    assert not by_status(result, "moved")


def test_section_moved_to_another_parent():
    old = ("一、主要做法\n（一）强化学习\n开展学习12次。\n（二）规范阵地\n新建宣传栏8个，更新展板40块。\n"
           "二、下一步打算\n（一）持续学习\n每季度学习一次。\n")
    new = ("一、主要做法\n（一）强化学习\n开展学习12次。\n"
           "二、下一步打算\n（一）持续学习\n每季度学习一次。\n（二）规范阵地\n新建宣传栏8个，更新展板40块。\n")
    result = diff_documents(Document(old), Document(new))
    moved, = by_status(result, "moved")
    assert moved.new_heading == "（二）规范阵地" and moved.parents == ["二、下一步打算"]
    assert by_status(result, "added") == by_status(result, "removed") == []


# --- template mode -------------------------------------------------------------------------------


def test_template_mode_on_sample(pair):
    t = diff_template(pair[0], "auto")
    got = {s.key: s.status for s in t.sections}
    assert got == {"achievements": "present", "experience": "missing", "problems": "missing",
                   "next": "present"}
    present = next(s for s in t.sections if s.key == "next")
    assert (present.heading, present.score, present.line) == ("2026年工作计划", 1.0, 9)
    assert [s.name for s in t.missing_required] == ["存在的问题和不足"]
    assert t.extra == [] and t.changed


def test_template_mode_out_of_order_and_extra():
    text = ("县统计局2025年工作总结\n一、主要工作及成效\n完成各项调查任务。\n二、下一步工作计划\n"
            "做好普查准备。\n三、存在的问题和不足\n人员偏少。\n四、统计法治宣传\n开展宣传活动6场。\n")
    t = diff_template(Document(text), "summary")
    got = {s.key: s.status for s in t.sections}
    assert got["problems"] == "present" and got["next"] == "out_of_order"
    assert [e.heading for e in t.extra] == ["四、统计法治宣传"]
    assert t.changed
    assert t.to_dict()["template"]["key"] == "summary"


# --- CLI -----------------------------------------------------------------------------------------


def run(*args: str, input: bytes | None = None, color: bool = False):
    return CliRunner().invoke(main, list(args), input=input, color=color)


def test_cli_text_and_exit_codes(samples):
    v1, v2 = str(samples / "diff-v1.txt"), str(samples / "diff-v2.txt")
    result = run("diff", v1, v2, "--isolated")
    assert result.exit_code == 1, result.output
    assert "[-18-]{+22+}" in result.output
    assert "[移动 moved]" in result.output and "（一）办好民生实事" in result.output
    assert "18次 → 22次" in result.output
    assert run("diff", v1, v1, "--isolated").exit_code == 0


def test_cli_colour_only_when_asked(samples):
    v1, v2 = str(samples / "diff-v1.txt"), str(samples / "diff-v2.txt")
    assert "\x1b[" not in run("diff", v1, v2).output
    assert "\x1b[31m[-18-]\x1b[0m" in run("diff", v1, v2, "--color", color=True).output


def test_cli_json(samples):
    v1, v2 = str(samples / "diff-v1.txt"), str(samples / "diff-v2.txt")
    payload = json.loads(run("diff", v1, v2, "--format", "json").output)
    assert payload["version"] == 1 and payload["old"] == v1 and payload["new"] == v2
    assert [s["status"] for s in payload["sections"]].count("moved") == 1


def test_cli_html_to_file(samples, tmp_path):
    out = tmp_path / "diff.html"
    result = run("diff", str(samples / "diff-v1.txt"), str(samples / "diff-v2.txt"),
                 "--format", "html", "-o", str(out))
    assert result.exit_code == 1 and result.output == ""
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<ins" in page and "<del" in page
    assert [p.name for p in tmp_path.iterdir()] == ["diff.html"]


def test_cli_template_mode(samples):
    result = run("diff", "--template", "auto", str(samples / "diff-v1.txt"))
    assert result.exit_code == 1
    assert "[缺 missing] 存在的问题和不足" in result.output
    clean = run("diff", "--template", "ideology", str(samples / "clean-report.txt"))
    assert clean.exit_code == 0, clean.output


@pytest.mark.parametrize("content", [b"", b"\x00\x01\x02binary"])
def test_cli_bad_input_one_line(samples, tmp_path, content):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = run("diff", str(bad), str(samples / "diff-v2.txt"))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "bad.txt" in result.stderr


def test_cli_missing_file_and_usage(samples, tmp_path):
    result = run("diff", str(tmp_path / "nope.txt"), str(samples / "diff-v2.txt"))
    assert result.exit_code == 2 and "nope.txt" in result.stderr and "Traceback" not in result.output
    assert run("diff", str(samples / "diff-v1.txt")).exit_code == 2  # one path, no --template
    unknown = run("diff", "--template", "nosuch", str(samples / "diff-v1.txt"))
    assert unknown.exit_code == 2 and "unknown template" in unknown.stderr


def test_cli_stdin_as_new(samples):
    data = (samples / "diff-v2.txt").read_bytes()
    payload = json.loads(run("diff", str(samples / "diff-v1.txt"), "-", "--format", "json",
                             input=data).output)
    assert payload["new"] == "<stdin>"
    assert payload["summary"]["moved"] == 1


@pytest.mark.parametrize("seed", range(8))
def test_every_section_in_exactly_one_pair(seed):
    """Shuffle, drop and repeat the top-level sections of a real report: every node of either
    version is in exactly one pair, and a pair with the same text is `same` or `moved`."""
    from rcheck.diff.sections import align_sections, section_nodes

    rng = random.Random(seed)
    old = rcheck.load(SAMPLES / "clean-report.txt")
    top = old.sections.children
    blocks = [old.text[s.start:s.end].rstrip("\n") + "\n" for s in top]
    rng.shuffle(blocks)
    if rng.random() < 0.5:
        blocks.pop()
    if rng.random() < 0.5:
        blocks.append(rng.choice(blocks))
    new = Document(old.text[:top[0].start] + "".join(blocks))
    old_nodes, new_nodes = section_nodes(old), section_nodes(new)
    pairs = align_sections(old, new, old_nodes, new_nodes)
    assert sorted(p.old for p in pairs if p.old is not None) == list(range(len(old_nodes)))
    assert sorted(p.new for p in pairs if p.new is not None) == list(range(len(new_nodes)))
    result = diff_documents(old, new)
    for s in result.sections:
        if s.old_start is not None and s.new_start is not None and not s.changes:
            assert s.status in ("same", "moved")


def test_template_mode_names_a_web_cut():
    text = ("县统计局2025年工作总结\n一、主要工作及成效\n完成各项调查任务。\n"
            "---此处隐藏3120字，下载后查看---\n")
    t = diff_template(Document(text), "summary")
    assert t.cut_lines == [4] and {s.key for s in t.missing_required} == {"problems", "next"}
    from rcheck.formats.diff_text import render_template_text

    assert "第 4 行有网页截断" in render_template_text(t)


def test_more_distinct_words_than_unicode_has_characters():
    """Words were coded as characters past U+FFFF: a draft of over a million distinct numbers
    (a long statistical table, 8 MB) raised ValueError from chr() in `word_diff`."""
    from rcheck.diff import WordCodes

    words = [(str(i), 0, 0) for i in range(1_048_577)]  # one more than U+10000..U+10FFFF
    codes = WordCodes()
    encoded = codes.encode(words)
    assert len(set(encoded)) == len(words)
    assert codes.encode(words[-2:]) == encoded[-2:]  # the same word keeps its code
    changes = word_diff("表1：12，13，14。", "表1：12，15，14。", codes=codes)
    assert [(c.old, c.new) for c in changes] == [("13", "15")]


def test_placeholders_paired_without_comparing_all_pairs(monkeypatch):
    """Every old placeholder was scored against every new one: 2,000 `*次` in a 29 KB draft
    took half a minute. Those in unchanged text are paired through the word diff; only the
    few inside changes are compared."""
    from rapidfuzz import fuzz

    calls = []
    real = fuzz.ratio

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)
    monkeypatch.setattr(fuzz, "ratio", counted)
    old = "".join(f"开展学习*次，培训{i}人。" for i in range(2000))
    new = old.replace("培训5人。", "培训5人，走访群众**户。").replace("学习*次，培训9人", "学习3次，培训9人")
    result = diff_documents(Document(old), Document(new))
    assert [p.text for p in result.introduced] == ["**"]
    assert [(p.text, p.filled_with) for p in result.resolved] == [("*", "3")]
    assert len(calls) < 100


def test_placeholders_in_unchanged_text_pair_with_themselves(pair):
    old = pair[0]
    result = diff_documents(old, Document(old.text.replace("宣讲*场", "宣讲*场*", 1)))
    assert [(p.text, p.start) for p in result.introduced] == [("*", old.text.index("宣讲*场") + 4)]
    assert result.resolved == []


def test_placeholders_with_the_same_surroundings_pair_though_the_marker_changed():
    old = "".join(f"开展学习*次，培训{i}人。" for i in range(3000))
    result = diff_documents(Document(old), Document(old.replace("*次", "X次")))
    assert result.introduced == [] and result.resolved == []


def test_metric_changes_do_not_test_every_metric_against_every_change(monkeypatch):
    """Each change was tested against every metric of both drafts: 3,000 numbers changed in a
    42 KB draft took half a minute."""
    import rcheck.diff.metric_diff as diff_module

    calls = []
    real = diff_module._touches
    monkeypatch.setattr(diff_module, "_touches", lambda *a: calls.append(1) or real(*a))
    old = "".join(f"开展学习{i}次，培训人员。" for i in range(3000))
    new = "".join(f"开展学习{i + 5000}次，培训人员。" for i in range(3000))
    result = diff_documents(Document(old), Document(new), extract_metrics=_regex_metrics)
    assert len(result.metrics) == 3000
    assert [(m.old, m.new) for m in result.metrics[:2]] == [("0次", "5000次"), ("1次", "5001次")]
    assert len(calls) < 60_000


def _cn(n: int) -> str:
    digits = "一二三四五六七八九"
    tens, ones = divmod(n, 10)
    return ("" if tens == 0 else "十" if tens == 1 else digits[tens - 1] + "十") + (
        digits[ones - 1] if ones else "")


def test_fuzzy_section_pairing_is_not_all_against_all(monkeypatch):
    """Sections left unpaired by the exact passes were each scored against all the others:
    hundreds of reworded sections made the pairing quadratic. Beyond a bound, each new
    section is scored only against the old ones near its place and those with the most
    similar headings, and still finds its own."""
    import rcheck.diff.sections as align_module

    calls = []
    real = align_module._jaccard
    monkeypatch.setattr(align_module, "_jaccard", lambda a, b: calls.append(1) or real(a, b))
    n = 600
    old = "报告\n" + "".join(f"（{_cn(i % 99 + 1)}）第{i}项任务推进情况\n"
                           f"开展第{i}项工作{i}次，群众满意。\n" for i in range(n))
    new = "报告\n" + "".join(f"（{_cn(i % 99 + 1)}）第{i}项任务推进情况和成效\n"
                           f"开展第{i}项工作{i + 1}次，群众满意。\n" for i in range(n))
    result = diff_documents(Document(old), Document(new))
    renamed = [s for s in result.sections if s.status == "renamed"]
    assert len(renamed) == n
    assert all(s.old_heading.split("）")[1] + "和成效" == s.new_heading.split("）")[1]
               for s in renamed)
    assert len(calls) < n * n // 4


def test_lint_and_diff_template_agree_on_a_plan_without_tasks(tmp_path):
    # 总体要求 is the template's own guiding section: it cannot also stand for 主要任务 as a
    # thematic heading, so both S101 and `diff --template` must call 主要任务 missing.
    text = "关于加强理论学习的实施方案\n一、总体要求\n坚持学用结合。\n二、保障措施\n加强组织领导。\n"
    t = diff_template(Document(text))
    assert [s.name for s in t.missing_required] == ["主要任务"]
    s101 = [f for f in rcheck.lint(text, select=["S101"])]
    assert len(s101) == 1 and "缺少“主要任务”部分" in s101[0].message
    bare = diff_template(Document("关于加强理论学习的实施方案\n一、总体要求\n二、保障措施\n"))
    assert [s.name for s in bare.missing_required] == ["主要任务"]
