"""``mutualscope search``."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

FIXTURES = Path(__file__).parents[1] / "fixtures" / "transcripts"


def test_search_formats(cli: Callable[..., Result]) -> None:
    cli("docs", "import", str(FIXTURES / "zoom.vtt"), str(FIXTURES / "interview.srt"))
    hits = json.loads(cli("search", "innovat* OR initiative", "--format", "json").output)
    assert [(h["document"], h["speaker"], h["match"]) for h in hits] == [
        ("zoom.vtt", "Bob Nurse", "innovation"),
        ("interview.srt", "NURSE", "initiative"),
    ]
    assert set(hits[0]) >= {"start", "end", "role", "case", "left", "right", "time_start"}
    table = cli("search", '"red tape"', "--context", "2").output
    assert "without the [red tape]." in table
    rows = list(csv.DictReader(io.StringIO(cli("search", "clinic", "--format", "csv").output)))
    assert rows[0]["document"] == "zoom.vtt"


def test_search_syntax_error_exits_non_zero(cli: Callable[..., Result]) -> None:
    result = cli("search", '"unclosed')
    assert result.exit_code == 1
    assert "position 1: unclosed quote" in result.output


def test_search_no_hits(cli: Callable[..., Result]) -> None:
    assert cli("search", "nothing").output.strip() == "No hits."
