"""Fixing real drafts no one here wrote (../shared/realdrafts/docs): fixing twice equals fixing
once, and a fix never adds a finding of any code. Skips without ../shared.

    python -m pytest benchmarks/test_fix_realdrafts.py -o addopts="" -s
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import rcheck
from rcheck.errors import InputError
from rcheck.fixes.apply import fix_document

REPO = Path(__file__).resolve().parents[1]
# The main checkout sits beside shared/; a worktree one level further down.
DOCS = next((p / "shared" / "realdrafts" / "docs" for p in (REPO.parent, REPO.parent.parent)
             if (p / "shared" / "realdrafts" / "docs").is_dir()), None)


@pytest.mark.skipif(DOCS is None, reason="../shared/realdrafts/docs absent: real drafts not fixed")
@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_real_drafts_fix_idempotent_and_add_nothing(unsafe: bool) -> None:
    assert DOCS is not None
    drafts = fixed = fixes = 0
    added: Counter[str] = Counter()
    for path in sorted(DOCS.iterdir()):
        try:
            doc = rcheck.load(path)
        except InputError:
            continue
        drafts += 1
        once = fix_document(doc, unsafe=unsafe)
        again = fix_document(rcheck.Document(once.text, doc.path, doc.encoding), unsafe=unsafe)
        assert again.text == once.text, path.name  # idempotent
        fixes += once.applied
        fixed += once.text != doc.text
        grew = Counter(f.code for f in once.remaining) - Counter(f.code for f in rcheck.lint(doc))
        added.update(grew)
        if not unsafe:
            assert not grew, (path.name, grew)
    print(f"\n{'unsafe' if unsafe else 'safe'}: {drafts} drafts, {fixed} changed, {fixes} fixes, "
          f"findings added by code: {dict(added) or 'none'}")
    assert drafts >= 50
