from __future__ import annotations

import json
import os
import pty
import random
import select
import signal
import string
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy import select as sql_select
from sqlalchemy.orm import Session
from tests.io.refi.helpers import FIXTURES, doubtful_project, write_zip
from tests.io.refi.large import write_large_qdpx
from tests.services.refi.snapshot import project_state, wipe_all

from mutualscope.io.refi import read_qdc
from mutualscope.storage.models import Coding, Document

Cli = Callable[..., Result]


def test_refi_import_prints_the_report(cli: Cli) -> None:
    result = cli("refi", "import", str(FIXTURES / "atlas_like.qdpx"))
    assert result.exit_code == 0, result.output
    assert "Imported: 2 coders, 5 codes" in result.output
    assert "picture source 'Board photo.jpg'" in result.output


def test_refi_import_json_and_dry_run(cli: Cli) -> None:
    result = cli(
        "refi", "import", str(FIXTURES / "nvivo_like.qdpx"), "--dry-run", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["dry_run"] is True and data["imported"]["codings"] == 4
    again = cli("refi", "import", str(FIXTURES / "nvivo_like.qdpx"))
    assert again.exit_code == 0, again.output


def test_refi_import_refuses_another_file_without_merge(cli: Cli, tmp_path: Path) -> None:
    assert cli("refi", "import", str(FIXTURES / "spec_annex_a1.qdc")).exit_code == 0
    other = tmp_path / "other.qdc"
    other.write_bytes((FIXTURES / "spec_annex_a1.qdc").read_bytes() + b"\r\n")
    result = cli("refi", "import", str(other))
    assert result.exit_code == 1
    assert "already has 6 codes" in result.output
    merged = cli("refi", "import", str(other), "--merge")
    assert merged.exit_code == 0 and "Matched existing: 6 codes" in merged.output


def test_refi_import_of_a_file_already_imported_changes_nothing(cli: Cli) -> None:
    assert cli("refi", "import", str(FIXTURES / "spec_annex_a1.qdc")).exit_code == 0
    again = cli("refi", "import", str(FIXTURES / "spec_annex_a1.qdc"), "--format", "json")
    assert again.exit_code == 0, again.output
    data = json.loads(again.output)
    assert data["earlier_import"] is not None and data["imported"] == {}
    assert data["memo_id"] is None
    memos = json.loads(cli("memos", "list", "--format", "json").output)
    assert [m["title"] for m in memos] == ["REFI-QDA import: spec_annex_a1.qdc"]
    table = cli("refi", "import", str(FIXTURES / "spec_annex_a1.qdc")).output
    assert f"imported before (report memo {memos[0]['id']}); nothing was imported" in table
    merged = cli("refi", "import", str(FIXTURES / "spec_annex_a1.qdc"), "--merge").output
    assert "the project already holds all of it, so nothing was changed." in merged
    assert len(json.loads(cli("memos", "list", "--format", "json").output)) == 1


def test_refi_import_bad_file_exits_non_zero(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "notes.qdpx"
    path.write_text("hello")
    result = cli("refi", "import", str(path))
    assert result.exit_code == 1
    assert "is not a zip archive" in result.output


def test_refi_export_writes_a_qdpx(cli: Cli, tmp_path: Path) -> None:
    cli("refi", "import", str(FIXTURES / "atlas_like.qdpx"))
    out = tmp_path / "out.qdpx"
    result = cli("refi", "export", "--out", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["counts"]["codings"] == 9
    assert out.exists()


def test_codes_export_qdc_writes_a_valid_codebook(cli: Cli, tmp_path: Path) -> None:
    cli("refi", "import", str(FIXTURES / "nested_sets.qdc"))
    out = tmp_path / "codes.qdc"
    result = cli("codes", "export", "--format", "qdc", "--out", str(out))
    assert result.exit_code == 0, result.output
    codebook = read_qdc(out)
    assert codebook.problems == [] and codebook.codes[0].name == "Governance"
    missing = cli("codes", "export", "--format", "qdc")
    assert missing.exit_code != 0 and "--out" in missing.output


def test_refi_import_doubtful_codings_need_accept_doubtful(cli: Cli, tmp_path: Path) -> None:
    path = str(doubtful_project(tmp_path / "doubtful.qdpx"))
    refused = cli("refi", "import", path)
    assert refused.exit_code == 1
    assert "Doubtful codings (1, not imported):" in refused.output
    assert "'Staff interview', code 'Voice'" in refused.output
    assert "run again with --accept-doubtful" in refused.output
    as_json = cli("refi", "import", path, "--format", "json")
    assert as_json.exit_code == 1
    data = json.loads(as_json.output[: as_json.output.rindex("}") + 1])
    assert [d["words"] for d in data["doubtful_codings"]] == ["said: nurses"]
    assert json.loads(cli("memos", "list", "--format", "json").output) == []

    # The refused report says what would have been imported, not what was.
    assert "Mode: into an empty project (refused: nothing saved)." in refused.output
    assert "Would import: 1 codes, 1 documents, 1 codings." in refused.output
    assert "Imported:" not in refused.output
    assert data["refused"] is True and data["dry_run"] is False
    dry = cli("refi", "import", path, "--dry-run")
    assert dry.exit_code == 1
    assert "Mode: into an empty project (dry run: nothing saved)." in dry.output
    assert "Would import: 1 codes, 1 documents, 1 codings." in dry.output

    accepted = cli("refi", "import", path, "--accept-doubtful")
    assert accepted.exit_code == 0, accepted.output
    assert "Doubtful codings (1, imported, each marked by a memo)" in accepted.output
    listed = json.loads(cli("refi", "doubtful", "--format", "json").output)
    assert [(d["document"], d["code"], d["words"]) for d in listed] == [
        ("Staff interview", "Voice", "said: nurses")
    ]
    settled = cli("refi", "settle", str(listed[0]["coding"]))
    assert settled.exit_code == 0 and "Settled 1 coding(s)." in settled.output
    assert "No codings are marked doubtful." in cli("refi", "doubtful").output
    again = cli("refi", "settle", str(listed[0]["coding"]))
    assert again.exit_code == 1 and "Not marked doubtful" in again.output


MUTUALSCOPE = Path(sys.executable).with_name("mutualscope")


def _kill_import_at(db_url: str, path: Path, moment: str, delay: float) -> int:
    """Run ``refi import`` in a process of its own and kill -9 it ``delay`` seconds after
    it says ``moment`` (its progress and report go to a terminal, as a user sees them)."""
    leader, follower = pty.openpty()
    child = subprocess.Popen(
        [str(MUTUALSCOPE), "--db", db_url, "refi", "import", str(path)],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    said = b""
    try:
        deadline = time.monotonic() + 60
        while moment.encode() not in said and time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 1)
            if ready:
                said += os.read(leader, 4096)
        assert moment.encode() in said, said
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        return child.wait(timeout=30)
    finally:
        os.close(leader)
        if child.poll() is None:
            child.kill()
            child.wait()


@pytest.mark.parametrize(
    ("moment", "delay"),
    [
        ("Reading", 0.0),
        ("Coders,", 0.0),
        ("documents ...", 0.05),
        ("Codings and memos", 0.0),
        ("Codings and memos", 0.2),
        # Committed, and printing the report.
        ("REFI-QDA import of", 0.0),
    ],
)
def test_refi_import_killed_and_run_again_matches_one_clean_run(
    cli: Cli, db_url: str, session: Session, tmp_path: Path, moment: str, delay: float
) -> None:
    path = tmp_path / "large.qdpx"
    expected: dict[str, str] = {}
    write_large_qdpx(path, 20, 200, expected=expected)
    clean_run = cli("refi", "import", str(path))
    assert clean_run.exit_code == 0, clean_run.output
    clean = project_state(session)
    assert clean["rows"]["coding"] == len(expected) == 4000
    wipe_all(session)

    # A kill some time into a step may come after the import has finished on a fast
    # (or lightly loaded) machine: then the project is emptied and the kill comes sooner.
    for wait in (delay, delay / 2, delay / 4, 0.0):
        ended = _kill_import_at(db_url, path, moment, wait)
        if ended == -signal.SIGKILL:
            break
        assert ended == 0
        wipe_all(session)
    assert ended == -signal.SIGKILL
    again = cli("refi", "import", str(path))
    assert again.exit_code == 0, again.output
    assert project_state(session) == clean
    rows = session.execute(
        sql_select(Coding.guid, Coding.start, Coding.end, Document.text).join(Document)
    )
    assert {guid: text[start:end] for guid, start, end, text in rows} == expected


def _damaged_file(tmp_path: Path, case: str) -> tuple[Path, str]:
    """A damaged or mistaken file, and what its message must say."""
    original = (FIXTURES / "nvivo12_like.qdpx").read_bytes()
    if case == "truncated":
        path = tmp_path / "cut.qdpx"
        path.write_bytes(original[: len(original) * 2 // 3])
        return path, "truncated or damaged"
    if case == "bit flips":
        path = tmp_path / "flipped.qdpx"
        data = bytearray(original)
        for offset in (len(data) // 5, len(data) // 4):
            data[offset] ^= 0x08
        path.write_bytes(bytes(data))
        return path, "is damaged or truncated"
    if case == "docx as qdpx":
        path = write_zip(tmp_path / "interview.qdpx", {"word/document.xml": b"<w:document/>"})
        return path, "has no project.qde"
    if case == "pdf as qdpx":
        path = tmp_path / "report.qdpx"
        path.write_bytes(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n")
        return path, "is not a zip archive"
    if case == "qdpx as qdc":
        path = tmp_path / "codebook.qdc"
        path.write_bytes(original)
        return path, "a REFI-QDA project (.qdpx), not a codebook"
    if case == "bad xml":
        qde = b'<?xml version="1.0"?>\n<Project>\n  <Users>\n</Project>'
        return write_zip(tmp_path / "bad.qdpx", {"project.qde": qde}), "malformed XML at line 4"
    assert case == "huge attribute"
    letters = "".join(random.Random(2).choices(string.ascii_letters, k=10_000_001))
    qde = f'<Project name="{letters}"/>'.encode()
    return write_zip(tmp_path / "huge.qdpx", {"project.qde": qde}), "refused at line 1"


@pytest.mark.parametrize(
    "case",
    [
        "truncated",
        "bit flips",
        "docx as qdpx",
        "pdf as qdpx",
        "qdpx as qdc",
        "bad xml",
        "huge attribute",
    ],
)
def test_refi_import_damaged_files_say_so_in_one_line(cli: Cli, tmp_path: Path, case: str) -> None:
    cli("refi", "import", str(FIXTURES / "spec_annex_a1.qdc"))
    before = cli("memos", "list", "--format", "json").output
    path, expected = _damaged_file(tmp_path, case)
    result = cli("refi", "import", str(path), "--merge")
    assert result.exit_code == 1
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"Error: {path}") and expected in line, line
    assert cli("memos", "list", "--format", "json").output == before


#: Runs the command line and, as it exits, writes its peak memory (VmHWM, in kB) to
#: stderr. Not ru_maxrss from wait4: Linux counts in it the memory of the test process
#: the child was forked from.
RUN_AND_MEASURE = """
import atexit, sys
from mutualscope.cli.main import main

def peak():
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    sys.stderr.write("PEAK " + line.split()[1] + "\\n")

atexit.register(peak)
sys.argv[0] = "mutualscope"
main()
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="measures with /proc")
def test_refi_import_of_many_nvivo_selections_is_exact_and_bounded(
    db_url: str, session: Session, tmp_path: Path
) -> None:
    """A tenth of the 200,000-selection case, in a process of its own: every coding on
    its words, in well under a minute and a fraction of the 1 GB the full case may use
    (it took about 400 MB at 200,000; the old reader needed 1 GB)."""
    path = tmp_path / "many.qdpx"
    expected: dict[str, str] = {}
    assert write_large_qdpx(path, 50, 400, expected=expected) == 20_000
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", RUN_AND_MEASURE, "--db", db_url, "refi", "import", str(path),
         "--format", "json"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["imported"]["codings"] == 20_000 and report["doubtful_codings"] == []
    assert {o["counting"] for o in report["offsets"]} == {"UTF-16 code units, CR LF counted as two"}
    assert seconds < 60
    peak_mb = int(done.stderr.split("PEAK ")[-1]) / 1024
    assert peak_mb < 256, f"peak {peak_mb:.0f} MB"
    rows = session.execute(
        sql_select(Coding.guid, Coding.start, Coding.end, Document.text).join(Document)
    )
    assert {guid: text[start:end] for guid, start, end, text in rows} == expected
