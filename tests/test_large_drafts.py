"""What keeps the memory of a large draft bounded changes no result: shared scans dropped
after their last reader, and the draft's structures let go before the report is written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from rcheck import linter
from rcheck.formats import FileResult, render
from rcheck.rules import Context, select_rules
from rcheck.settings import settings_from_config
from rcheck.text.document import Document
from rcheck.text.readers import load

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture(scope="module")
def draft() -> Document:
    """The samples as one draft: plans, summaries, faults of every family."""
    texts = [load(p).text.rstrip("\n") for p in sorted(SAMPLES.glob("*.txt"))]
    return Document("\n\n".join(texts) + "\n", path="all-samples.txt")


def _findings(doc: Document):
    ctx = Context(Document(doc.text, path=doc.path), settings_from_config())
    return ctx, linter._run(ctx, select_rules(None, []))


def test_dropping_scans_changes_no_finding(draft, monkeypatch):
    ctx, dropped = _findings(draft)
    assert not {"commitments", "allocation", "figures"} & set(ctx.facts._memo)
    monkeypatch.setattr(linter, "_READERS", {})
    ctx, kept = _findings(draft)
    assert {"commitments", "allocation", "figures"} <= set(ctx.facts._memo)
    assert dropped == kept and len(kept) > 100
    for fmt in ("text", "json"):
        assert render(fmt, [FileResult(draft.path, dropped, "k", draft.text)]) == render(
            fmt, [FileResult(draft.path, kept, "k", draft.text)])


def test_a_dropped_scan_asked_for_again_is_the_same(draft):
    ctx = Context(Document(draft.text), settings_from_config())
    first = ctx.commitments
    ctx.facts.forget("commitments")
    assert ctx.commitments == first and ctx.commitments is not first


def test_report_to_a_file_equals_standard_output(draft, tmp_path):
    path = tmp_path / "all.txt"
    path.write_text(draft.text * 3, encoding="utf-8")
    out = tmp_path / "report.txt"
    for fmt in ("text", "json"):
        args = [sys.executable, "-m", "rcheck", "lint", "--format", fmt, str(path)]
        shown = subprocess.run(args, capture_output=True, check=False)
        written = subprocess.run([*args, "-o", str(out)], capture_output=True, check=False)
        assert shown.returncode == written.returncode == 1
        assert out.read_bytes() == shown.stdout and len(shown.stdout) > 100_000
