"""Settings resolved once and reaching every command: user words, units and follow-up options."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import rcheck
from rcheck.cli import main
from rcheck.config import Config
from rcheck.diff import diff_documents
from rcheck.extract import extract_metrics
from rcheck.lexicon import load_lexicon
from rcheck.settings import Settings, resolve_settings
from rcheck.text.document import Document

_DOUBLED = "节日里红火红火的气氛。"


def _lexicon_dir(root: Path, name: str, text: str) -> Path:
    folder = root / "lexicon"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


# --- a user's words.toml reaches the tokenizer -----------------------------------------------


def test_user_words_change_tokenization_in_lint(tmp_path):
    assert [f.code for f in rcheck.lint(_DOUBLED, select=["W101"])] == ["W101"]
    folder = _lexicon_dir(tmp_path, "words.toml", 'words = ["红火红火"]\n')
    # The user's dictionary knows the doubled form as one word: not a slip.
    assert rcheck.lint(_DOUBLED, select=["W101"], config=Config(lexicons=[str(folder)])) == []


def test_user_words_reach_the_cli(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(_DOUBLED + "\n", encoding="utf-8")
    folder = _lexicon_dir(tmp_path, "words.toml", 'words = ["红火红火"]\n')
    before = CliRunner().invoke(main, ["lint", str(draft), "--select", "W101", "--isolated"])
    assert before.exit_code == 1 and "W101" in before.output
    after = CliRunner().invoke(main, ["lint", str(draft), "--select", "W101", "--isolated",
                                      "--lexicon", str(folder)])
    assert after.exit_code == 0, after.output


def test_settings_tokenizer_has_the_lexicons_words(tmp_path):
    folder = _lexicon_dir(tmp_path, "words.toml", 'words = ["红火红火"]\n')
    settings = Settings(load_lexicon((str(folder),)))
    assert "红火红火" in [t.word for t in settings.tokenizer.tokenize(_DOUBLED)]
    # The shipped words stay: a user file extends them.
    assert "意识形态" in [t.word for t in settings.tokenizer.tokenize("抓好意识形态工作")]


def test_settings_load_no_tokenizer_until_asked(tmp_path):
    settings = Settings(load_lexicon())
    assert "tokenizer" not in vars(settings)


def test_old_keywords_become_settings():
    lexicon = load_lexicon()
    s = resolve_settings(None, lexicon=lexicon, tokenizer="jieba", template="duty")
    assert s.lexicon is lexicon and s.engine == "jieba" and s.template == "duty"
    given = Settings(lexicon, template="plan")
    assert resolve_settings(given) is given


# --- diff builds its metric table with the lexicon it is given -------------------------------


_UNIT_OLD = "关于设备更新情况的报告\n一、工作情况\n全年购置设备12台套，完成更新。\n"
_UNIT_NEW = "关于设备更新情况的报告\n一、工作情况\n全年购置设备15台套，完成更新。\n"


def test_user_unit_in_diff_metrics(tmp_path):
    folder = _lexicon_dir(tmp_path, "units.toml", 'compound_measures = ["台套"]\n')
    lexicon = load_lexicon((str(folder),))
    assert [m.quantity for m in extract_metrics(Document(_UNIT_NEW), lexicon=lexicon)] == ["15台套"]
    result = diff_documents(Document(_UNIT_OLD), Document(_UNIT_NEW), lexicon=lexicon)
    assert [(m.old, m.new, m.unit) for m in result.metrics] == [("12台套", "15台套", "台套")]
    same = diff_documents(Document(_UNIT_OLD), Document(_UNIT_NEW),
                          settings=Settings(lexicon))
    assert [(m.old, m.new) for m in same.metrics] == [("12台套", "15台套")]


def test_user_unit_in_diff_cli(tmp_path):
    folder = _lexicon_dir(tmp_path, "units.toml", 'compound_measures = ["台套"]\n')
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(_UNIT_OLD, encoding="utf-8")
    new.write_text(_UNIT_NEW, encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(old), str(new), "--format", "json",
                                       "--isolated", "--lexicon", str(folder)])
    got = json.loads(result.output)
    assert [(m["old"], m["new"]) for m in got["metrics"]] == [("12台套", "15台套")]


# --- follow-up honours the settings and refuses what it cannot use ---------------------------


def _followup_words(samples: Path, *extra: str) -> list[list[str]]:
    args = ["compare", str(samples / "followup-2025.txt"), str(samples / "followup-2026.txt"),
            "--follow-up", "--format", "json", "--isolated", *extra]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    return [f["shared_words"] for f in json.loads(result.output)["followups"]]


def test_follow_up_uses_the_lexicons_words(samples, tmp_path):
    assert not any("公共法律服务工作站" in words for words in _followup_words(samples))
    folder = _lexicon_dir(tmp_path, "words.toml", 'words = ["公共法律服务工作站"]\n')
    assert any("公共法律服务工作站" in words for words in _followup_words(samples, "--lexicon", str(folder)))


def test_follow_up_uses_the_configuration(samples, tmp_path):
    _lexicon_dir(tmp_path, "words.toml", 'words = ["公共法律服务工作站"]\n')
    for name in ("followup-2025.txt", "followup-2026.txt"):
        shutil.copy(samples / name, tmp_path / name)
    (tmp_path / "rcheck.toml").write_text('lexicons = ["lexicon"]\n', encoding="utf-8")
    args = ["compare", str(tmp_path / "followup-2025.txt"), str(tmp_path / "followup-2026.txt"),
            "--follow-up", "--format", "json"]
    got = json.loads(CliRunner().invoke(main, args).output)
    assert any("公共法律服务工作站" in f["shared_words"] for f in got["followups"])


@pytest.mark.parametrize("option", [["--threshold", "0.5"], ["--min-length", "20"],
                                    ["--max-df", "3"], ["--no-index"], ["--corpus", "."]])
def test_follow_up_refuses_options_it_cannot_use(samples, option):
    args = ["compare", str(samples / "followup-2025.txt"), str(samples / "followup-2026.txt"),
            "--follow-up", *option]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and option[0] in lines[0], result.output


def test_follow_up_command(samples, tmp_path):
    folder = _lexicon_dir(tmp_path, "words.toml", 'words = ["公共法律服务工作站"]\n')
    paths = [str(samples / "followup-2025.txt"), str(samples / "followup-2026.txt")]
    alias = CliRunner().invoke(main, ["compare", *paths, "--follow-up", "--isolated"])
    own = CliRunner().invoke(main, ["follow-up", *paths, "--isolated"])
    assert own.exit_code == alias.exit_code == 1 and own.output == alias.output
    got = json.loads(CliRunner().invoke(main, ["follow-up", *paths, "--format", "json", "--isolated",
                                               "--lexicon", str(folder)]).output)
    assert got["summary"] == {"commitments": 6, "missing": 2}
    assert any("公共法律服务工作站" in f["shared_words"] for f in got["followups"])
    assert CliRunner().invoke(main, ["follow-up", paths[0]]).exit_code == 2


def test_compare_takes_lexicon(samples, tmp_path):
    bad = _lexicon_dir(tmp_path, "words.toml", 'words = "not a list"\n')
    paths = [str(samples / "followup-2025.txt"), str(samples / "followup-2026.txt")]
    result = CliRunner().invoke(main, ["compare", *paths, "--isolated", "--lexicon", str(bad)])
    assert result.exit_code == 2 and "words.toml" in result.output


# --- one owner for the facts about a draft ---------------------------------------------------


_WEB = ("关于2025年理论学习情况的报告\n一、主要工作\n"
        "全年开展专题学习12次，深入学习习近平新时代中国特色社会主义思想。\n此处隐藏12字\n"
        "打印本页 关闭窗口\n二、下一步工作打算\n县委宣传部牵头，年内开展宣讲不少于20场。\n")


def test_rules_share_one_debris_scan_per_draft(monkeypatch):
    import rcheck.facts.debris as debris

    calls: list[int] = []
    real = debris.find_debris

    def counting(text, lexicon, **kwargs):
        calls.append(len(text))
        return real(text, lexicon, **kwargs)

    monkeypatch.setattr(debris, "find_debris", counting)
    found = rcheck.lint(_WEB)  # D101, the typography rules and commitments all read debris
    assert "D101" in {f.code for f in found}
    assert len(calls) == 1
    rcheck.lint(_WEB)
    assert len(calls) == 2  # a new run, new facts: nothing kept on shared objects


def test_formulation_scan_shared_by_w102_and_w103(monkeypatch):
    import rcheck.rules.formulation_scan as formulation

    calls: list[str] = []
    real = formulation._scan_text
    monkeypatch.setattr(formulation, "_scan_text",
                        lambda lexicon, text: calls.append(text) or real(lexicon, text))
    rcheck.lint(_WEB, select=["W102", "W103"])
    assert len(calls) == 1


def test_context_takes_no_foreign_attributes():
    from rcheck.rules import Context

    ctx = Context(Document(_WEB), Settings(load_lexicon()))
    with pytest.raises(AttributeError):
        ctx.scan = ()  # type: ignore[attr-defined]
    assert ctx.facts.memo("k", lambda: [1]) is ctx.facts.memo("k", lambda: [2])
    assert ctx.kind is ctx.facts.kind and ctx.commitments is ctx.commitments


def test_shared_finders_hold_no_draft():
    from rcheck.extract.commitments import commitment_finder_for

    lexicon = load_lexicon()
    first = rcheck.extract.extract_commitments(Document(_WEB), lexicon=lexicon)
    finder = commitment_finder_for(lexicon)
    # Once it kept (draft, sentence starts) of the last draft it read.
    assert not any(isinstance(v, Document) or (isinstance(v, tuple) and v and isinstance(v[0], Document))
                   for v in vars(finder).values())
    assert rcheck.extract.extract_commitments(Document(_WEB), lexicon=lexicon) == first


def test_settings_and_old_keywords_agree(samples, tmp_path):
    from rcheck.diff import diff_template
    from rcheck.graph import build_graph

    folder = _lexicon_dir(tmp_path, "units.toml", 'compound_measures = ["台套"]\n')
    lexicon = load_lexicon((str(folder),))
    settings = Settings(lexicon, template="plan")
    doc = rcheck.load(samples / "followup-2025.txt")
    by_keywords = rcheck.extract.extract(doc, lexicon=lexicon, template="plan")
    assert rcheck.extract.extract(doc, settings=settings) == by_keywords
    assert (diff_template(doc, settings=settings).to_dict()
            == diff_template(doc, "plan", lexicon=lexicon).to_dict())
    assert diff_template(doc, settings=settings).template == "plan"
    one, two = build_graph(doc, settings=settings), build_graph(doc, lexicon=lexicon, template="plan")
    assert sorted(one.nodes) == sorted(two.nodes) and sorted(one.edges) == sorted(two.edges)
    assert rcheck.lint(doc, settings=settings) == rcheck.lint(
        doc, config=Config(lexicons=[str(folder)], template="plan"))
