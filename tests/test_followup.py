"""Follow-up: last year's plan against this year's report (samples/followup-2025.txt, -2026.txt)."""

from __future__ import annotations

from rcheck.compare.followup import follow_up
from rcheck.text.readers import load


def test_followup_finds_reported_and_missing(samples):
    results = follow_up(load(samples / "followup-2025.txt"), load(samples / "followup-2026.txt"))
    # The 2025 plan part has six measures; the 2026 report speaks of the first four.
    assert len(results) == 6
    status = {r.commitment.action[:8]: r.status for r in results}
    missing = [r.commitment.text for r in results if r.status == "missing"]
    assert len(missing) == 2, status
    assert any("法律援助网上受理平台" in m for m in missing)
    assert any("档案数字化" in m for m in missing)
    reported = {r.commitment.text[:6]: r.text for r in results if r.status == "reported"}
    assert any("宣讲48场" in t for t in reported.values())
    assert any("全部完成规范化建设" in t for t in reported.values())
    assert any("培训调解员326人次" in t for t in reported.values())
    assert any("分类管理台账" in t for t in reported.values())


def test_followup_of_a_report_against_itself_finds_everything(samples):
    doc = load(samples / "followup-2025.txt")
    assert all(r.status == "reported" for r in follow_up(doc, doc))


def test_cli_follow_up(samples):
    import json

    from click.testing import CliRunner

    from rcheck.cli import main

    args = ["compare", str(samples / "followup-2025.txt"), str(samples / "followup-2026.txt"), "--follow-up"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1  # two commitments have no follow-up
    assert "2 of 6 commitment(s) not followed up" in result.output
    assert "未见下文" in result.output and "法律援助网上受理平台" in result.output
    got = json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).output)
    assert got["version"] == 1 and got["summary"] == {"commitments": 6, "missing": 2}
    reported = [f for f in got["followups"] if f["status"] == "reported"]
    assert all(f["passage"]["line"] > 0 for f in reported)
    one = CliRunner().invoke(main, ["compare", str(samples / "followup-2025.txt"), "--follow-up"])
    assert one.exit_code == 2
