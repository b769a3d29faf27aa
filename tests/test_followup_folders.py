"""Follow-up over a folder of last year's reports and one of this year's: pairs by name (years
left out) or by similarity, each pair followed up as two drafts are; the same result on Dask
with one and with several workers, and through `compare --follow-up`."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from rcheck.cli import main
from rcheck.compare.followup import follow_up
from rcheck.compare.followup_folders import follow_up_folders, name_key, pair_by_name
from rcheck.text.readers import load

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
UNITS = ["县司法局", "县林业局", "县统计局", "县档案馆", "县审计局", "县医保局", "县商务局", "县水利局"]


def _own_paragraph(rng: random.Random) -> str:
    """Text one unit writes every year and no other unit does."""
    text = "".join(SAMPLES.joinpath(p).read_text(encoding="utf-8")
                   for p in ("compare/a-forestry.txt", "compare/b-statistics.txt"))
    clauses = sorted(set(re.findall(r"[^，。；：、\n]{6,16}", text)))
    return "，".join(rng.sample(clauses, 9)) + "。"


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> tuple[Path, Path]:
    """Eight units: five named alike both years, two renamed (paired by similarity), one with
    no report this year, and a new unit this year."""
    root = tmp_path_factory.mktemp("years")
    last, new = root / "2025", root / "2026"
    last.mkdir()
    new.mkdir()
    before = (SAMPLES / "followup-2025.txt").read_text(encoding="utf-8")
    after = (SAMPLES / "followup-2026.txt").read_text(encoding="utf-8")
    rng = random.Random(3)
    for k, unit in enumerate(UNITS):
        own = _own_paragraph(rng)
        first = before.replace("县司法局", unit).replace("\n一、", f"\n{own}\n一、", 1)
        second = after.replace("县司法局", unit).replace("\n一、", f"\n{own}\n一、", 1)
        if k % 3 == 1:  # the unit's numbers change, so not every commitment is followed up alike
            second = second.replace("326", str(300 + k))
        if k < 5:
            (last / f"{unit}2025年工作总结.txt").write_text(first, encoding="utf-8")
            (new / f"{unit}2026年工作总结.txt").write_text(second, encoding="utf-8")
        elif k < 7:
            (last / f"报告-{k}.txt").write_text(first, encoding="utf-8")
            (new / f"{unit}-年度总结.txt").write_text(second, encoding="utf-8")
        else:
            (last / f"{unit}2025年工作总结.txt").write_text(first, encoding="utf-8")
    (new / "县新设机构2026年工作总结.txt").write_text(after.replace("县司法局", "县新设机构"),
                                                encoding="utf-8")
    return last, new


def _files(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.glob("*.txt"))


def test_name_key_leaves_out_years() -> None:
    assert name_key("a/县林业局2025年工作总结.txt") == name_key("b/县林业局2026年工作总结.txt")
    assert name_key("县林业局-2025年度.txt") == name_key("县林业局_2026.txt") == "县林业局"
    assert name_key("2025.txt") == "2025"
    # A name found twice on one side pairs nothing by name.
    assert pair_by_name(["x/甲2025.txt", "x/甲 2025年.txt"], ["y/甲2026.txt"]) == []


def test_pairs_by_name_and_similarity(folders) -> None:
    last, new = folders
    report = follow_up_folders(_files(last), _files(new))
    how = {(Path(p.earlier).name, Path(p.later).name): p.paired_by for p in report.pairs}
    assert sum(v == "name" for v in how.values()) == 5
    assert how[("报告-5.txt", f"{UNITS[5]}-年度总结.txt")] == "similarity"
    assert how[("报告-6.txt", f"{UNITS[6]}-年度总结.txt")] == "similarity"
    assert [Path(p).name for p in report.unpaired_earlier] == [f"{UNITS[7]}2025年工作总结.txt"]
    assert [Path(p).name for p in report.unpaired_later] == ["县新设机构2026年工作总结.txt"]
    assert report.changed and not report.errors
    # Each pair is followed up exactly as the two drafts on their own.
    pair = report.pairs[0]
    alone = follow_up(load(pair.earlier), load(pair.later))
    assert pair.followups == alone
    assert all(len(p.followups) == 6 and p.missing >= 2 for p in report.pairs)


@pytest.mark.parametrize("workers", [1, 3])
def test_dask_identical(folders, workers) -> None:
    pytest.importorskip("distributed")
    from rcheck.compare.dask_engine import dask_client

    last, new = folders
    local = follow_up_folders(_files(last), _files(new)).to_dict()
    with dask_client(workers=workers, processes=False) as client:
        remote = follow_up_folders(_files(last), _files(new), client=client).to_dict()
    assert remote == local


def test_unreadable_report_is_named_and_the_rest_goes_on(folders, tmp_path) -> None:
    last, new = folders
    bad = tmp_path / "坏文件2025年工作总结.txt"
    bad.write_bytes(b"\x00\x01binary\xff" * 50)
    report = follow_up_folders([*_files(last), str(bad)], _files(new))
    assert [e.path for e in report.errors] == [str(bad)]
    assert len(report.pairs) == 7


def test_cli_folders_local_and_dask(folders) -> None:
    pytest.importorskip("distributed")
    last, new = folders
    runner = CliRunner()
    args = ["compare", str(last), str(new), "--follow-up", "--format", "json"]
    local = runner.invoke(main, args)
    assert local.exit_code == 1, local.output
    got = json.loads(local.output)
    assert got["version"] == 1 and got["summary"]["pairs"] == 7
    assert got["summary"]["unpaired_earlier"] == 1
    dask = runner.invoke(main, [*args, "--engine", "dask", "--workers", "2"])
    assert dask.exit_code == 1, dask.output
    assert json.loads(dask.output) == got
    text = runner.invoke(main, ["follow-up", str(last), str(new)])
    assert "按名称 by name" in text.output and "按相似度 by similarity" in text.output
    assert "no report this year" in text.output


def test_cli_two_drafts_on_dask_same_as_local(samples) -> None:
    pytest.importorskip("distributed")
    args = ["compare", str(samples / "followup-2025.txt"), str(samples / "followup-2026.txt"),
            "--follow-up", "--format", "json"]
    local = CliRunner().invoke(main, args)
    dask = CliRunner().invoke(main, [*args, "--engine", "dask", "--workers", "1"])
    assert (dask.exit_code, dask.output) == (local.exit_code, local.output)


def test_cli_folder_and_file_is_a_usage_error(folders, samples) -> None:
    last, _ = folders
    result = CliRunner().invoke(main, ["follow-up", str(last), str(samples / "followup-2026.txt")])
    assert result.exit_code == 2
    assert "two folders" in result.output


def test_cli_scheduler_that_does_not_answer(folders) -> None:
    pytest.importorskip("distributed")
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    last, new = folders
    result = CliRunner().invoke(main, ["compare", str(last), str(new), "--follow-up", "--engine",
                                       "dask", "--scheduler", f"tcp://127.0.0.1:{port}",
                                       "--connect-timeout", "0.5"])
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and "did not answer" in result.output
