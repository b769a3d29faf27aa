from __future__ import annotations

from pathlib import Path

import pytest

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
