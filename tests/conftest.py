from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# rcheck's per-user cache (compiled patterns, parsed lexicons) in a place of the tests' own, set
# before any rcheck module compiles a pattern, and inherited by the commands tests run.
os.environ.setdefault("RCHECK_CACHE_DIR", str(Path(tempfile.gettempdir(), f"rcheck-tests-{os.getuid()}")))

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("reference drafts (../shared/seeds) are not beside this checkout")
    return SEEDS
