"""The project's samples and the reference drafts: the faults a reviewer expects, no others."""

from __future__ import annotations

import re
from collections import Counter

import pytest

import rcheck
from rcheck.text.readers import load

# The commitment rules (C1xx) are advice on plan parts; their own tests below say what they find.
NOT_C = ["C", "G"]  # rules read from commitments (extraction): tested on their own


def codes(path) -> Counter[str]:
    return Counter(f.code for f in rcheck.lint(load(path), ignore=NOT_C))


def test_clean_sample_is_clean(samples):
    assert rcheck.lint(load(samples / "clean-report.txt")) == []


def test_placeholder_sample(samples):
    found = rcheck.lint(load(samples / "flawed-placeholders.txt"), ignore=NOT_C)
    assert Counter(f.code for f in found) == {"P101": 22}


def test_debris_sample(samples):
    found = [f for f in rcheck.lint(load(samples / "flawed-debris.txt")) if f.code == "D101"]
    lines = sorted({f.line for f in found})
    # 24–27 are the page's list of recommended articles under 最新推荐.
    assert lines == [1, 3, 4, 9, 11, 21, 22, 23, 24, 25, 26, 27]


def test_typography_sample(samples):
    got = codes(samples / "flawed-typography.txt")
    assert got["T101"] == 6 and got["T104"] == 2 and got["T105"] == 3
    assert got["T102"] == 5  # the ( ) pair is one finding with its fix
    assert got["T103"] == 2
    assert set(got) == {"T101", "T102", "T103", "T104", "T105"}


def test_converted_sample_keeps_real_faults_visible(samples):
    found = rcheck.lint(load(samples / "converted-commas.txt"), ignore=NOT_C)
    assert Counter(f.code for f in found) == {"P101": 2, "T101": 1, "T102": 1}


def test_plan_sample_measures_without_owner_or_date(samples):
    """converted-commas.txt is a 工作要点: every measure must say who and by when."""
    doc = load(samples / "converted-commas.txt")
    found = rcheck.lint(doc, select=["C102", "C103"])
    assert all(f.severity == "warning" for f in found)
    ownerless = {f.excerpt[:8] for f in found if f.code == "C102"}
    assert "规范义务教育招生" in ownerless and "加强高中学生发展" in ownerless
    # Measures whose owner is written in the sentence are not flagged.
    assert not any("由体卫艺股牵头" in f.excerpt for f in found if f.code == "C102")
    undated = {f.excerpt[:8] for f in found if f.code == "C103"}
    assert "加强高中学生发展指导"[:8] in undated
    assert not any("2026年" in f.excerpt for f in found if f.code == "C103")


def test_gbk_and_crlf_samples(samples):
    gbk = load(samples / "gbk-report.txt")
    assert gbk.encoding == "gb18030"
    assert Counter(f.code for f in rcheck.lint(gbk, ignore=NOT_C)) == {"P101": 2, "T101": 1}
    crlf = load(samples / "crlf-report.txt")
    assert "\r" not in crlf.text
    assert [(f.code, f.excerpt) for f in rcheck.lint(crlf)] == [("P101", "XX")]


def test_seed_001(seeds):
    path = seeds / "001_f1e7f6d075824347.txt"
    text = load(path).text
    found = rcheck.lint(load(path))
    stars = [f for f in found if f.code == "P101"]
    assert [f.start for f in stars] == [m.start() for m in re.finditer(r"\*", text)]
    spaces = {text[f.start - 2:f.end + 2] for f in found if f.code == "T101"}
    assert "21 年以" in spaces and "一是 完善" in spaces
    assert sum(1 for f in found if f.code == "T102") == 1


def test_seed_000(seeds):
    path = seeds / "000_9331296b0d1ebd3e.txt"
    text = load(path).text
    found = rcheck.lint(load(path))
    stars = [f for f in found if f.code == "P101"]
    assert len(stars) == 48 == text.count("*")
    debris = [f.excerpt for f in found if f.code == "D101"]
    assert any("来源:网友投稿" in d for d in debris)
    assert any("此处隐藏8374字,下载后查看" in d for d in debris)
    assert "最新推荐" in debris


@pytest.mark.parametrize("name", ["000_9331296b0d1ebd3e.txt", "001_f1e7f6d075824347.txt"])
def test_gbk_copy_gives_same_findings(seeds, tmp_path, name):
    original = seeds / name
    copy = tmp_path / name
    copy.write_bytes(original.read_text(encoding="utf-8").encode("gb18030"))
    assert rcheck.lint(load(copy)) == rcheck.lint(load(original))
