from __future__ import annotations

from pathlib import Path

import pytest
from tests.io.qualcoder.projects import Quirks, build_quirks


@pytest.fixture
def quirks(tmp_path: Path) -> Quirks:
    """A QualCoder project folder with real projects' quirks (see projects.py)."""
    return build_quirks(tmp_path / "study.qda")
