"""W102 formulation and W103 formulation-items: realistic sentences, then every lexicon entry."""

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
ENTRIES = tomllib.loads((REPO / "lexicons" / "formulations.toml").read_text("utf-8"))["formulation"]
NUMBERED = [e for e in ENTRIES if len(e.get("items", [])) >= 2]


def found(text: str, code: str = "W102") -> list[rcheck.Finding]:
    return rcheck.lint(text, select=[code])


def excerpts(text: str, code: str = "W102") -> list[str]:
    return [f.excerpt for f in found(text, code)]


def _self_listing(entry: dict) -> bool:
    pos = 0
    for item in entry["items"]:
        pos = entry["canonical"].find(item, pos)
        if pos < 0:
            return False
        pos += len(item)
    return True


def _name(entry: dict) -> str:
    return f"“{entry['canonical']}”" if entry.get("quoted") else entry["canonical"]


# ------------------------------------------------------------------------------ W102

@pytest.mark.parametrize("text,wrong,canonical,severity", [
    ("中共某县委始终坚持以总书记新时代中国特色社会主义思想为指导，深入学习。",
     "总书记新时代中国特色社会主义思想", "习近平新时代中国特色社会主义思想", "error"),
    ("全年围绕总书记文化思想、党的二十届四中全会精神开展专题学习。",
     "总书记文化思想", "习近平文化思想", "error"),
    ("局党组坚持用习总书记新时代中国特色社会主义思想武装头脑。",
     "习总书记新时代中国特色社会主义思想", "习近平新时代中国特色社会主义思想", "error"),
    ("紧密团结在以习总书记为核心的党中央周围。",
     "以习总书记为核心的党中央", "以习近平同志为核心的党中央", "error"),
    ("紧密团结在以习近平为核心的党中央周围。",
     "以习近平为核心的党中央", "以习近平同志为核心的党中央", "warning"),
    ("持续深入学习宣传贯彻二十大会议精神，推动各项工作落地见效。",
     "二十大会议精神", "党的二十大精神", "warning"),
    ("第一时间传达学习二十届三中全会会议精神。",
     "二十届三中全会会议精神", "党的二十届三中全会精神", "warning"),
    ("党员干部要坚定“四个意识”，做到“两个维护”。",
     "坚定“四个意识”", "增强“四个意识”", "warning"),
    ("统筹推进“五位一体”战略布局。", "“五位一体”战略布局", "“五位一体”总体布局", "warning"),
    ("严格落实意识形态责任制，压紧压实各级责任。", "意识形态责任制", "意识形态工作责任制", "warning"),
    ("坚持和发展新时代枫桥经验，化解矛盾纠纷。", "新时代枫桥经验", "新时代“枫桥经验”", "warning"),
])
def test_wrong_forms_fire(text, wrong, canonical, severity):
    hits = [f for f in found(text) if f.excerpt == wrong]
    assert len(hits) == 1, found(text)
    f = hits[0]
    assert f.suggestion == canonical
    assert f.severity == severity
    assert f.message.startswith("规范表述应为“")
    assert "（误作“" in f.message
    fixed = text[:f.start] + f.suggestion + text[f.end:]
    assert found(fixed) == []


def test_nested_quotes_in_message_become_single_quotes():
    (f,) = found("统筹推进“五位一体”战略布局。")
    assert "规范表述应为“‘五位一体’总体布局”（误作“‘五位一体’战略布局”）" in f.message


def test_longest_wrong_form_wins():
    # The wrong form 习总书记新时代… holds the wrong form 总书记新时代… (one finding, the longer one).
    assert excerpts("用习总书记新时代中国特色社会主义思想武装头脑。") == [
        "习总书记新时代中国特色社会主义思想"]


@pytest.mark.parametrize("text", [
    "坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大和二十届历次全会精神。",
    "深入学习贯彻习近平文化思想，全面落实党委（党组）意识形态工作责任制。",
    "全面落实党委(党组)意识形态工作责任制。",  # halfwidth-ok
    "习近平总书记强调，意识形态工作是党的一项极端重要的工作。",
    "增强“四个意识”、坚定“四个自信”、做到“两个维护”，深刻领悟“两个确立”的决定性意义。",
    "紧密团结在以习近平同志为核心的党中央周围。",
    "扎实开展学习贯彻习近平新时代中国特色社会主义思想主题教育。",
    "坚持和发展新时代“枫桥经验”，建设更高水平的平安县。",
    "统筹推进“五位一体”总体布局，协调推进“四个全面”战略布局。",
    "坚持新时代中国特色社会主义，深入学习贯彻党的二十大精神。",
    "科学编制“十五五”规划，确保“十四五”规划圆满收官。",
])
def test_correct_forms_are_clean(text):
    assert found(text) == []
    assert found(text, "W103") == []


def test_wrong_form_inside_the_canonical_is_not_a_finding():
    text = "以习近平新时代中国特色社会主义思想为指导。"
    assert "新时代中国特色社会主义思想" in text
    assert found(text) == []


def test_containment_needs_the_whole_canonical(tmp_path):
    # A user lexicon that lists the bare 新时代中国特色社会主义思想 as a wrong form: it fires on
    # its own, never inside 习近平新时代中国特色社会主义思想.
    (tmp_path / "formulations.toml").write_text(
        '[[formulation]]\ncanonical = "习近平新时代中国特色社会主义思想"\n'
        'wrong = ["新时代中国特色社会主义思想"]\n', encoding="utf-8")
    config = rcheck.Config(select=["W102"], lexicons=[str(tmp_path)])
    text = "以习近平新时代中国特色社会主义思想为指导，学习新时代中国特色社会主义思想。"
    got = rcheck.lint(text, config=config)
    assert [(f.start, f.excerpt) for f in got] == [
        (text.rindex("新时代中国特色社会主义思想"), "新时代中国特色社会主义思想")]


def test_seed_draft_wrong_formulations(seeds):
    path = seeds / "000_9331296b0d1ebd3e.txt"
    if not path.is_file():
        pytest.skip("seed draft 000 is absent")
    doc = rcheck.load(path)
    hits = found(doc)
    at = {f.excerpt for f in hits}
    assert "总书记文化思想" in at
    assert "总书记新时代中国特色社会主义思想" in at
    for f in hits:
        assert f.code == "W102"
        assert doc.text[f.start:f.end] == f.excerpt
        assert doc.text[f.start - 3:f.start] != "习近平"


def test_clean_sample_is_clean(samples):
    doc = rcheck.load(samples / "clean-report.txt")
    assert rcheck.lint(doc, select=["W102", "W103"]) == []


# ------------------------------------------------------------------ superseded forms

def test_superseded_formulation_in_a_later_plan():
    text = "2024年全县宣传思想文化工作要点\n深入学习贯彻党的十九大精神，推动各项工作落实。"
    (f,) = found(text)
    assert f.excerpt == "党的十九大精神"
    assert "已被取代" in f.message and "2024" in f.message
    assert f.suggestion is None


@pytest.mark.parametrize("text", [
    "2021年全县宣传思想文化工作总结\n深入学习贯彻党的十九大精神，推动各项工作落实。",
    "全县宣传思想文化工作总结\n深入学习贯彻党的十九大精神，推动各项工作落实。",
    "2024年工作要点\n深入学习贯彻党的二十大精神。",
])
def test_superseded_formulation_in_its_own_time_or_undated(text):
    assert found(text) == []


def test_superseded_wrong_form_says_both():
    text = "2024年工作要点\n认真传达十九大会议精神。"
    (f,) = found(text)
    assert f.excerpt == "十九大会议精神" and "已被取代" in f.message and "规范表述应为" in f.message


# ------------------------------------------------------------------------------ W103

@pytest.mark.parametrize("text,wrong_bit,suggestion", [
    ("牢固树立“四个意识”（政治意识、大局意识、全局意识、看齐意识），坚定“四个自信”。",
     "“全局意识”应为“核心意识”", "政治意识、大局意识、核心意识、看齐意识"),
    ("“四个自信”即道路自信、理论自信、制度自信，不断增强。",
     "缺少“文化自信”", "道路自信、理论自信、制度自信、文化自信"),
    ("坚定“四个自信”，即道路自信、理论自信、文化自信、制度自信。",
     "顺序有误", "道路自信、理论自信、制度自信、文化自信"),
    ("统筹推进“四个全面”战略布局（全面建成小康社会、全面深化改革、全面依法治国、全面从严治党）。",
     "“全面建成小康社会”应为“全面建设社会主义现代化国家”",
     "全面建设社会主义现代化国家、全面深化改革、全面依法治国、全面从严治党"),
    ("贯彻新发展理念：创新、协调、开放、绿色、共享。", "顺序有误", "创新、协调、绿色、开放、共享"),
    ("不断提高政治判断力、政治执行力、政治领悟力。", "顺序有误",
     "政治判断力、政治领悟力、政治执行力"),
    ("深刻把握“六个必须坚持”，即必须坚持人民至上、必须坚持自信自立、必须坚持问题导向、"
     "必须坚持守正创新、必须坚持系统观念、必须坚持胸怀天下。", "顺序有误", None),
])
def test_items_that_differ_fire(text, wrong_bit, suggestion):
    (f,) = found(text, "W103")
    assert wrong_bit in f.message
    assert "规范表述为" in f.message
    assert f.suggestion == suggestion
    if suggestion is not None:
        fixed = text[:f.start] + f.suggestion + text[f.end:]
        assert found(fixed, "W103") == []


def test_elided_items_keep_their_order():
    (f,) = found("坚定“四个自信”，即道路、理论、文化、制度自信。", "W103")
    assert "顺序有误" in f.message and f.suggestion is None


@pytest.mark.parametrize("text", [
    "树牢“四个意识”，即政治意识、大局意识、核心意识、看齐意识，增强忧患意识。",
    "增强“四个意识”（政治、大局、核心、看齐意识），坚定“四个自信”。",
    "培育和践行社会主义核心价值观（富强、民主、文明、和谐），弘扬新风正气。",
    "纠治“四风”（形式主义、官僚主义、享乐主义和奢靡之风）。",
    "做到“两个维护”，即坚决维护习近平总书记党中央的核心、全党的核心地位，"
    "坚决维护党中央权威和集中统一领导。",
    "增强“四个意识”：政治意识方面，坚持每周集中学习。",
    "坚定“四个自信”（以下简称自信教育），开展专题宣讲。",
    "一体推进不敢腐、不能腐、不想腐。",
    # a clause that discusses some of the items is not a list of them
    "“四风”问题：形式主义、官僚主义问题仍有发生。",
    "增强“四个意识”：一是增强政治意识，二是增强大局意识。",
    "巩固“两不愁三保障”成果（不愁吃、不愁穿，义务教育、基本医疗、住房安全有保障）。",
    "“两个结合”，即把马克思主义基本原理同中国具体实际相结合、同中华优秀传统文化相结合。",
    "“两个毫不动摇”，即毫不动摇巩固和发展公有制经济，毫不动摇鼓励、支持、引导非公有制经济发展。",
    "坚持社会主义核心价值观：富强、民主、文明、和谐，自由、平等、公正、法治，爱国、敬业、诚信、友善。",
    "贯彻新发展理念，即创新、协调、绿色、开放、共享的发展理念。",
    "统筹“两个大局”，即中华民族伟大复兴战略全局和世界百年未有之大变局。",
    # “三重一大” has no single fixed wording (重大决策/重大事项决策, 大额度资金运作/大额资金使用)
    "落实“三重一大”决策制度（重大事项决策、重要人事任免、重大项目安排、大额度资金运作）。",
    "落实“三重一大”决策制度（重大决策、重要人事任免、重大项目安排和大额度资金运作）。",
])
def test_items_that_agree_are_clean(text):
    assert found(text, "W103") == []


@pytest.mark.parametrize("entry", NUMBERED, ids=[e["canonical"] for e in NUMBERED])
def test_every_numbered_entry(entry):
    items = entry["items"]
    if _self_listing(entry):
        listed = "党员干部要做到" + "、".join(items) + "。"
        assert found(listed, "W103") == []
        swapped = [*items[:-2], items[-1], items[-2]]
        bad = "党员干部要做到" + "、".join(swapped) + "。"
        if bad[7:-1] in entry.get("wrong", []):
            return  # a listed wrong form: W102 reports it
        hits = found(bad, "W103")
        assert len(hits) == 1 and "顺序有误" in hits[0].message, bad
        return
    good = f"深入学习{_name(entry)}（{'、'.join(items)}）。"
    assert found(good, "W103") == [], good
    swapped = [*items[:-2], items[-1], items[-2]]
    bad = f"深入学习{_name(entry)}（{'、'.join(swapped)}）。"
    hits = found(bad, "W103")
    assert len(hits) == 1 and "顺序有误" in hits[0].message, bad
    assert hits[0].suggestion == "、".join(items)
    if len(items) >= 3:
        short = f"深入学习{_name(entry)}（{'、'.join(items[:-1])}）。"
        hits = found(short, "W103")
        if entry.get("groups") and any(items[:-1] == g for g in entry["groups"]):
            assert hits == []
        else:
            assert len(hits) == 1 and f"缺少“{items[-1]}”" in hits[0].message, short


# --------------------------------------------------------------------- every entry

def test_lexicon_is_large_enough():
    assert len(ENTRIES) >= 60


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["canonical"] for e in ENTRIES])
def test_every_entry_wrong_fires_and_canonical_does_not(entry):
    canonical = entry["canonical"]
    correct = f"我们要{canonical}，抓好各项工作落实。"
    assert found(correct) == [], correct
    for wrong in entry.get("wrong", []):
        text = f"我们要{wrong}，抓好各项工作落实。"
        hits = [f for f in found(text) if f.excerpt == wrong]
        assert len(hits) == 1, (wrong, found(text))
        targets = {e["canonical"] for e in ENTRIES if wrong in e.get("wrong", [])}
        assert hits[0].suggestion == (canonical if len(targets) == 1 else None)
        assert canonical.replace("“", "‘").replace("”", "’") in hits[0].message


# ------------------------------------------------------------------ lexicon errors

@pytest.mark.parametrize("body,key", [
    ('[[formulation]]\nwrong = ["总书记某某思想"]\nnote = "缺 canonical。"\n', "canonical"),
    ('[[formulation]]\ncanonical = "某某思想"\nwrong = "总书记某某思想"\n', "wrong"),
    ('[[formulation]]\ncanonical = "三个某某"\nkind = "numbered"\nitems = ["甲"]\n', "items"),
    ('[[formulation]]\ncanonical = "某某精神"\nvalid_until = "去年"\n', "valid_until"),
    ('[[formulation]]\ncanonical = "某某精神"\nkind = "slogan"\n', "kind"),
])
def test_malformed_entry_names_file_and_key(tmp_path, body, key):
    (tmp_path / "formulations.toml").write_text(body, encoding="utf-8")
    config = rcheck.Config(lexicons=[str(tmp_path)])
    with pytest.raises(LexiconError) as info:
        rcheck.lint("坚持以习近平新时代中国特色社会主义思想为指导。", config=config)
    assert info.value.path == str(tmp_path / "formulations.toml")
    assert info.value.key == f"formulation[{len(ENTRIES)}].{key}"
    assert str(tmp_path / "formulations.toml") in str(info.value)


def test_user_lexicon_extends_the_builtin_one(tmp_path):
    (tmp_path / "formulations.toml").write_text(
        '[[formulation]]\ncanonical = "县域发展新格局"\nwrong = ["县域新发展格局"]\n'
        'note = "本地规范提法。"\n', encoding="utf-8")
    config = rcheck.Config(lexicons=[str(tmp_path)])
    text = "构建县域新发展格局，坚持以总书记文化思想为指导。"
    got = [(f.excerpt, f.suggestion) for f in rcheck.lint(text, select=["W102"], config=config)]
    assert ("县域新发展格局", "县域发展新格局") in got
    assert ("总书记文化思想", "习近平文化思想") in got
