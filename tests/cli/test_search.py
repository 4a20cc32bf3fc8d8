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


def test_search_minus_word_excludes_like_not(cli: Callable[..., Result], tmp_path: Path) -> None:
    """Issue 13, item 6: `surplus -tender` found the turns that have both words."""
    transcript = tmp_path / "tenders.txt"
    transcript.write_text(
        "Interviewer: Was there a surplus?\n"
        "CEO: The surplus went into the tender for the new contract.\n"
        "Interviewer: And after that?\n"
        "CEO: The surplus paid for training, without a tender.\n"
        "Interviewer: Anything else?\n"
        "CEO: A small surplus, spent on the café.\n",
        encoding="utf-8",
    )
    assert cli("docs", "import", str(transcript)).exit_code == 0

    def found(*args: str) -> list[str]:
        result = cli("search", "--format", "json", *args)
        assert result.exit_code == 0, result.output
        return [hit["left"] + hit["match"] + hit["right"] for hit in json.loads(result.output)]

    minus = found("surplus -tender")
    assert minus == found("surplus NOT tender") == found("--", "-tender surplus")
    assert len(minus) == 2 and not any("tender" in hit for hit in minus)
    assert len(found("surplus tender")) == 2


def test_search_query_may_start_with_a_minus_word(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    """`mutualscope search '-tender surplus'` needs no `--` (click read it as option -t)."""
    transcript = tmp_path / "tenders.txt"
    transcript.write_text(
        "Interviewer: Was there a surplus?\n"
        "CEO: The surplus went into the tender for the new contract.\n"
        "Interviewer: And after that?\n"
        "CEO: The surplus paid for training.\n"
        "Interviewer: Anything else?\n"
        "CEO: A small surplus, spent on the café.\n",
        encoding="utf-8",
    )
    assert cli("docs", "import", str(transcript)).exit_code == 0

    def found(*args: str) -> list[str]:
        result = cli("search", *args)
        assert result.exit_code == 0, result.output
        return [hit["match"] + hit["right"] for hit in json.loads(result.output)]

    expected = found("surplus -tender", "--format", "json")
    assert len(expected) == 3 and not any("tender" in hit for hit in expected)
    assert found("-tender surplus", "--format", "json") == expected
    assert found("--format", "json", "-tender surplus") == expected
    assert found("--format=json", "-tender surplus", "--limit", "1") == expected[:1]
    assert found("--format", "json", "--", "-tender surplus") == expected
    assert found("-tender -bid surplus", "--format", "json") == expected
    # Options keep their meaning, their values too, wherever the query stands.
    result = cli("search", "-tender surplus", "--limit", "x")
    assert result.exit_code == 2 and "'x' is not a valid integer" in result.output
    assert "search [OPTIONS] QUERY" in cli("search", "-h").output
    assert "Search transcripts" in cli("search", "--help").output
    unknown = cli("search", "surplus", "--limt", "5")
    assert unknown.exit_code == 2 and "No such option '--limt'" in unknown.output
