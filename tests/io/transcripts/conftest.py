"""The transcript fixture files (see tests/fixtures/transcripts/make_fixtures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parents[2] / "fixtures" / "transcripts"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
