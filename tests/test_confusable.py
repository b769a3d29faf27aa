"""W104 confusable-word: every entry of lexicons/confusables.toml is a test case."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import rcheck
from rcheck.errors import LexiconError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

REPO = Path(__file__).resolve().parents[1]
ENTRIES = tomllib.loads((REPO / "lexicons" / "confusables.toml").read_text("utf-8"))["confusable"]
IDS = [f"{i}-{e['wrong']}" for i, e in enumerate(ENTRIES)]


def w104(text: str, config: rcheck.Config | None = None) -> list[rcheck.Finding]:
    return rcheck.lint(text, select=["W104"], config=config)


def test_lexicon_is_large_enough():
    assert len(ENTRIES) >= 150


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_bad_sentence_fires_with_the_right_suggestion(entry):
    found = w104(entry["bad"])
    at_wrong = [f for f in found if f.excerpt == entry["wrong"]]
    assert at_wrong, f"{entry['bad']!r}: no W104 at {entry['wrong']!r}; got {found}"
    assert len(at_wrong) == 1
    f = at_wrong[0]
    assert f.message.startswith(f"疑为错别字：“{entry['wrong']}”应为“{entry['right']}”")
    assert f.severity == "warning"
    if entry.get("also"):
        # Two right forms: the message names both, and no replacement is offered.
        assert f.suggestion is None
        assert all(f"“{a}”" in f.message for a in entry["also"])
        return
    assert f.suggestion == entry["right"]
    # The suggestion applied at the finding gives back a sentence with no finding there.
    fixed = entry["bad"][:f.start] + f.suggestion + entry["bad"][f.end:]
    assert all(g.start != f.start for g in w104(fixed))


@pytest.mark.parametrize("entry", ENTRIES, ids=IDS)
def test_good_sentence_is_clean(entry):
    assert w104(entry["good"]) == []


@pytest.mark.parametrize("entry", [e for e in ENTRIES if "ok" in e],
                         ids=[i for i, e in zip(IDS, ENTRIES, strict=True) if "ok" in e])
def test_guard_keeps_a_correct_use(entry):
    assert entry["wrong"] in entry["ok"]
    assert [f for f in w104(entry["ok"]) if f.excerpt == entry["wrong"]] == []


@pytest.mark.parametrize("text,wrong,right", [
    ("截止2025年11月底，全县共开展专题宣讲86场。", "截止", "截至"),
    ("截止目前，已完成整改问题12个。", "截止", "截至"),
    ("各单位要做为表率，严于律已。", "做为", "作为"),
])
def test_realistic_positives(text, wrong, right):
    found = [(f.excerpt, f.suggestion) for f in w104(text)]
    assert (wrong, right) in found


@pytest.mark.parametrize("text", [
    "报名截止时间为12月15日，逾期不再受理。",
    "征集活动于11月30日截止。",
    "多做为民办实事的好事。",
    "作为第一责任人，主要负责同志对意识形态工作负总责。",
    "专项检查涵盖全县所有乡镇，各单位严于律己、按部就班推进。",
    "坚持以人民为中心，多做为人民服务的实事好事。",
    "一经查实即定为不合格等次，并取消评优资格。",
    "对群众反映的问题立即定人定责整改，随即定期开展回头看。",
    "各自己经完成自查，严格按装修标准验收，全年发布署名文章3篇。",
])
def test_realistic_negatives(text):
    assert w104(text) == []


def test_overlapping_entries_give_one_finding():
    text = "必需要高度重视。"
    found = w104(text)
    assert len(found) == 1


def test_clean_sample_has_no_word_findings(samples):
    doc = rcheck.load(samples / "clean-report.txt")
    assert [f for f in rcheck.lint(doc, select=["W102", "W103", "W104"])] == []


def test_user_lexicon_extends_the_builtin_one(tmp_path):
    (tmp_path / "confusables.toml").write_text(
        '[[confusable]]\nwrong = "工做"\nright = "工作"\nnote = "错字。"\n', encoding="utf-8")
    config = rcheck.Config(lexicons=[str(tmp_path)])
    found = w104("认真做好工做，把意识形态工作做为重点。", config=config)
    assert [(f.excerpt, f.suggestion) for f in found] == [("工做", "工作"), ("做为", "作为")]


@pytest.mark.parametrize("body,key", [
    ('[[confusable]]\nright = "工作"\n', "confusable[{n}].wrong"),
    ('[[confusable]]\nwrong = "工做"\n', "confusable[{n}].right"),
    ('[[confusable]]\nwrong = "工做"\nright = "工作"\nnot_before = "(["\n',
     "confusable[{n}].not_before"),
])
def test_malformed_entry_names_file_and_key(tmp_path, body, key):
    (tmp_path / "confusables.toml").write_text(body, encoding="utf-8")
    config = rcheck.Config(lexicons=[str(tmp_path)])
    with pytest.raises(LexiconError) as info:
        w104("正文。", config=config)
    assert info.value.path == str(tmp_path / "confusables.toml")
    assert info.value.key == key.format(n=len(ENTRIES))
    assert "confusables.toml" in str(info.value)


def test_date_after_jiezhi_read_past_a_pdf_space():
    found = w104("截止目 前，累计开展学习研讨12次。")
    assert [(f.excerpt, f.suggestion) for f in found] == [("截止", "截至")]


def test_an_entry_with_two_right_forms_names_both():
    f, = w104("我镇庚即组织清运车清运垃圾。")
    assert f.suggestion is None and "“立即”或“随即”" in f.message
