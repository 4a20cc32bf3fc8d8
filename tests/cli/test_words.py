"""``mutualscope words``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

FIXTURES = Path(__file__).parents[1] / "fixtures" / "transcripts"


def test_words_top_and_by_role(cli: Callable[..., Result]) -> None:
    cli("docs", "import", str(FIXTURES / "interview.srt"))
    rows = json.loads(cli("words", "--top", "2", "--format", "json").output)
    assert [r["rank"] for r in rows] == [1, 2]
    assert "the" not in {r["word"] for r in rows}
    by_role = json.loads(cli("words", "--by", "role", "--format", "json").output)
    assert {r["group"] for r in by_role} == {"(none)"}


def test_words_empty_project(cli: Callable[..., Result]) -> None:
    assert "No words" in cli("words").output
