"""``mutualscope docs``: import with progress and failures, list, show, speakers."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from tests.reliability.commands import command_line, run_command
from tests.reliability.consistency import find_problems, wait_sessions_closed
from tests.reliability.corpus import write_transcripts
from tests.reliability.processes import kill_group, wait_for_children, wait_group_gone
from tests.reliability.trials import summary_counts

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


def test_docs_import_document_column_splits_a_table_and_lists_its_columns(
    cli: Callable[..., Result],
) -> None:
    path = FIXTURES / "tables" / "many-interviews.csv"
    result = cli("docs", "import", str(path), "--document-column", "Interview")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[lines.index("Importing") + 1 :] == [
        "Imported many-interviews – Case 2 CEO (3 turns, speakers: Interviewer, CEO)",
        "  Columns: columns read: speaker 'Speaker', words 'Text', start 'Time_Mark'; "
        "document attributes: Interview, Site; turn attributes: Sentiment; "
        "ignored: Notes (empty)",
        "Imported many-interviews – Case 5 Nurse (4 turns, speakers: Interviewer, Nurse)",
        "2 imported, 0 replaced, 0 skipped, 0 failed.",
    ]
    shown = json.loads(
        cli("docs", "show", "many-interviews – Case 2 CEO", "--turns", "--format", "json").output
    )
    segments = shown["segments"]
    assert [(s["speaker"], s["text"], s["time_start"], s["time_end"]) for s in segments] == [
        ("Interviewer", "When did you spin out, and why?", 3.0, 9.0),
        ("CEO", 'In 2011, under the "Right to Request". We wanted\nto stop asking permission.',
         9.0, 90.5),
        ("Interviewer", "And the board? 🙂", 90.5, None),
    ]  # fmt: skip
    assert shown["attributes"] == {"Interview": "Case 2 CEO", "Site": "Leeds"}
    assert [s["attributes"] for s in shown["segments"]] == [None, {"Sentiment": "positive"}, None]
    again = cli("docs", "import", str(path), "--document-column", "Interview")
    assert f"Skipped {path} (many-interviews – Case 5 Nurse): already imported" in again.output


def test_docs_import_unknown_time_column_says_which_columns_there_are(
    cli: Callable[..., Result],
) -> None:
    path = FIXTURES / "tables" / "quoted-turns.csv"
    result = cli("docs", "import", str(path), "--time-column", "Time_Mark")
    assert result.exit_code == 1
    assert (
        f"{path}: row 1: no column named 'Time_Mark' (given as --time-column); the columns "
        "are: Speaker, Start, Text. Give --time-column one of these names."
    ) in result.output
    assert "0 imported, 0 replaced, 0 skipped, 1 failed; stopped" in result.output


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


@pytest.mark.parametrize("how", ["kill -9", "SIGTERM", "Ctrl-C"])
def test_docs_import_interrupted_leaves_no_worker_no_lock_and_reruns(
    db_url: str, tmp_path: Path, how: str
) -> None:
    """Issue 13, item 9: an import stopped mid-way by kill -9, SIGTERM or Ctrl-C leaves no
    read-ahead worker running, no PostgreSQL session idle in a transaction holding locks,
    no partial document, and the same import run again completes with the right counts."""
    folder = tmp_path / "transcripts"
    expected = write_transcripts(folder, files=16, turns=2000, seed=9)
    command = command_line(db_url, "docs", "import", str(folder))
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        workers = wait_for_children(proc.pid, timeout=30)
        assert workers, "the import started no read-ahead worker"
        time.sleep(0.6)
        assert proc.poll() is None, "the import finished before it could be interrupted"
        if how == "kill -9":
            proc.kill()
        elif how == "SIGTERM":
            proc.send_signal(signal.SIGTERM)
        else:  # a terminal sends Ctrl-C to the whole foreground process group
            os.killpg(proc.pid, signal.SIGINT)
        proc.wait(timeout=30)
        left = wait_group_gone(proc.pid, timeout=5)
        # Checked before anything left behind is killed: it would be what holds them.
        locked = wait_sessions_closed(db_url, 5)
    finally:
        proc.kill()
        kill_group(proc.pid)  # a worker left behind would hold the output pipes open
    out, err = (stream.decode() for stream in proc.communicate(timeout=30))
    assert locked == [], locked
    assert left == [], f"still running after the import ended: {left}"
    kept = 0
    if how != "kill -9":
        # Stopped between two files: what it lists as imported is committed.
        assert proc.returncode == {"SIGTERM": 143, "Ctrl-C": 130}[how]
        said = re.search(rf"Interrupted by {how}: stopped after (\d+) of 16 files", err)
        assert said is not None and "Traceback" not in err, err
        kept = summary_counts(out)["imported"]
        assert kept == int(said.group(1)) < 16
    assert find_problems(db_url) == []
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    counts = summary_counts(rerun.stdout)
    assert counts["imported"] + counts["skipped"] == len(expected)
    assert (counts["replaced"], counts["failed"]) == (0, 0)
    if how != "kill -9":
        assert counts["skipped"] == kept
    listed = run_command(db_url, "docs", "list", "--format", "json")
    assert {d["name"]: d["turns"] for d in json.loads(listed.stdout)} == expected
    assert find_problems(db_url) == []


def test_docs_import_two_at_once_loser_says_another_process_imported_it(
    db_url: str, tmp_path: Path
) -> None:
    """Issue 13, item 11: two `docs import` runs of the same files at once. The one that
    loses the race for a file says another process imported it, instead of printing the
    database's error with its SQL and the transcript's text; each file is imported once."""
    folder = tmp_path / "transcripts"
    expected = write_transcripts(folder, files=12, turns=1500, seed=11)
    command = command_line(db_url, "docs", "import", str(folder))
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # The second starts once the first is reading files, so both check the project
        # before either has committed.
        assert wait_for_children(first.pid, timeout=30)
        second = subprocess.run(command, capture_output=True, text=True, timeout=180)
        first_out, first_err = first.communicate(timeout=180)
    finally:
        first.kill()
        first.communicate()
    outputs = [first_out + first_err, second.stdout + second.stderr]
    for output in outputs:
        for leak in ("[SQL", "INSERT INTO", "IntegrityError", "UniqueViolation", "austerity"):
            assert leak not in output
    assert (first.returncode, second.returncode) == (0, 0), outputs
    counts = [summary_counts(output) for output in outputs]
    assert sum(c["imported"] for c in counts) == len(expected)
    assert sum(c["skipped"] for c in counts) == len(expected)
    assert "imported by another process while this import ran (as 'interview-" in outputs[1]
    listed = run_command(db_url, "docs", "list", "--format", "json")
    assert {d["name"]: d["turns"] for d in json.loads(listed.stdout)} == expected
    assert find_problems(db_url) == []
