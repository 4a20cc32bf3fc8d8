"""Speaker map CSV files."""

from __future__ import annotations

from pathlib import Path

import pytest

from mutualscope.errors import InvalidInput
from mutualscope.io.transcripts.speakermap import SpeakerMapping, read_speaker_map


def test_read_speaker_map_rows(tmp_path: Path) -> None:
    path = tmp_path / "map.csv"
    path.write_text("Label,Participant,Document\nCEO,Case 1 CEO,a.txt\nQ,Interviewer,\n")
    assert read_speaker_map(path) == [
        SpeakerMapping("a.txt", "CEO", "Case 1 CEO", 2),
        SpeakerMapping(None, "Q", "Interviewer", 3),
    ]


def test_read_speaker_map_problems(tmp_path: Path) -> None:
    path = tmp_path / "map.csv"
    path.write_text("label,participant\nCEO,\n")
    with pytest.raises(InvalidInput) as caught:
        read_speaker_map(path)
    assert caught.value.problems == ["row 2, column participant: empty"]


def test_read_speaker_map_missing_column(tmp_path: Path) -> None:
    path = tmp_path / "map.csv"
    path.write_text("speaker,person\n")
    with pytest.raises(InvalidInput, match="missing column"):
        read_speaker_map(path)


def test_read_speaker_map_refuses_a_damaged_csv_in_one_line(tmp_path: Path) -> None:
    # A cell past the csv module's limit escaped as _csv.Error.
    path = tmp_path / "speakers.csv"
    path.write_text('label,participant\nCEO,"' + "x\n" * 70_000 + '"\n', encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_speaker_map(path)
    assert str(caught.value) == (
        f"{path}: line 65538: not readable as CSV: field larger than field limit (131072)"
    )
