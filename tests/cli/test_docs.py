"""``mutualscope docs``: import with progress and failures, list, show, speakers."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

FIXTURES = Path(__file__).parents[1] / "fixtures" / "transcripts"


def test_docs_import_folder_keep_going_reports_failures(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    for name in ("interview.srt", "empty.txt", "teams.vtt", "no-speakers.txt"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    result = cli("docs", "import", str(tmp_path), "--keep-going")
    assert result.exit_code == 1
    assert "empty.txt: the file is empty" in result.output
    assert "no-speakers.txt: no recognisable speakers" in result.output
    assert "3 imported, 0 replaced, 0 skipped, 1 failed." in result.output
    again = cli("docs", "import", str(tmp_path / "teams.vtt"))
    assert again.exit_code == 0
    assert "already imported as 'teams.vtt'" in again.output


def test_docs_import_stops_at_first_failure_without_keep_going(
    cli: Callable[..., Result],
) -> None:
    result = cli("docs", "import", str(FIXTURES / "scanned.pdf"), str(FIXTURES / "interview.srt"))
    assert result.exit_code == 1
    assert "stopped at the first failure (1 not tried" in result.output
    assert json.loads(cli("docs", "list", "--format", "json").output) == []


def test_docs_import_with_speaker_map_then_show_turns(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    cli("cases", "add", "Case 4")
    cli("people", "add", "Case 4 Nurse", "--role", "nurse", "--case", "Case 4")
    speakers = tmp_path / "speakers.csv"
    speakers.write_text("label,participant\nNURSE,Case 4 Nurse\n", encoding="utf-8")
    result = cli(
        "docs", "import", str(FIXTURES / "interview.srt"),
        "--case", "Case 4", "--speakers", str(speakers),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    shown = json.loads(cli("docs", "show", "interview.srt", "--turns", "--format", "json").output)
    assert shown["case"] == "Case 4"
    assert [(s["speaker"], s["role"], s["time_start"]) for s in shown["segments"]] == [
        ("INTERVIEWER", None, 1.0),
        ("NURSE", "nurse", 4.5),
        ("INTERVIEWER", None, 13.0),
    ]
    table = cli("docs", "show", "interview.srt", "--turns").output
    assert "00:00:04" in table and "Case 4 Nurse" in table
    text = cli("docs", "show", "interview.srt").output
    assert "NURSE: We could use our initiative, without the red tape." in text


def test_docs_speakers_and_assign_speaker(cli: Callable[..., Result]) -> None:
    cli("docs", "import", str(FIXTURES / "teams.vtt"))
    cli("people", "add", "Facilitator", "--role", "interviewer")
    result = cli("docs", "assign-speaker", "teams.vtt", "facilitator", "Facilitator")
    assert result.exit_code == 0
    assert "Linked 2 turns" in result.output
    rows = json.loads(cli("docs", "speakers", "teams.vtt", "--format", "json").output)
    assert rows == [
        {"label": "Facilitator", "turns": 2, "words": 3, "participant": "Facilitator",
         "role": "interviewer"},
        {"label": "Physiotherapist", "turns": 1, "words": 7, "participant": None, "role": None},
    ]  # fmt: skip


def test_docs_import_unknown_case_changes_nothing(cli: Callable[..., Result]) -> None:
    result = cli("docs", "import", str(FIXTURES / "interview.srt"), "--case", "Case 9")
    assert result.exit_code == 1
    assert "No case 'Case 9'" in result.output
    assert json.loads(cli("docs", "list", "--format", "json").output) == []


def test_docs_reindex(cli: Callable[..., Result]) -> None:
    cli("docs", "import", str(FIXTURES / "interview.srt"))
    assert cli("docs", "reindex").output.strip() == "Indexed 3 turns."
