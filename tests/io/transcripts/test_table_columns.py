"""Turn-table columns found by their headers, and times read as transcribers write them."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

import pytest

from mutualscope.io.transcripts import TableOptions
from mutualscope.io.transcripts.table_columns import header_key, plan_columns, time_value
from mutualscope.io.transcripts.tables import parse_csv


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Time_Mark", "time mark"),
        ("TimeMark", "time mark"),
        ("TIME-MARK", "time mark"),
        ("\ufeffSpeakerName", "speaker name"),
        ("startTime", "start time"),
        ("  In ", "in"),
    ],
)
def test_header_key_ignores_capitals_underscores_and_camel_case(header: str, key: str) -> None:
    assert header_key(header) == key


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("01:02:03", 3723.0),
        ("1:02:03.250", 3723.25),
        ("00:01:02,5", 62.5),
        ("02:03", 123.0),
        ("[00:01:02]", 62.0),
        ("(01:02)", 62.0),
        ("62", 62.0),
        ("62.5s", 62.5),
        (12.25, 12.25),
        (time(0, 1, 2), 62.0),
        (timedelta(hours=30), 108000.0),
    ],
)
def test_time_value_reads_clock_times_and_seconds(value: object, seconds: float) -> None:
    problems: list[str] = []
    assert time_value(value, 2, "Time_Mark", problems) == seconds
    assert problems == []


@pytest.mark.parametrize("value", ["soon", "00:61:00", "12:75", "[00:01:02", "nan", "-1", True])
def test_time_value_names_row_and_column_of_what_is_not_a_time(value: object) -> None:
    problems: list[str] = []
    assert time_value(value, 7, "Time_Mark", problems) is None
    assert problems == [
        f"row 7, column Time_Mark: expected seconds or hh:mm:ss, got {str(value)!r}"
    ]


@pytest.mark.parametrize("header", ["Time_Mark", "Timestamp", "Time", "Start", "Begin", "In"])
def test_plan_columns_finds_the_start_time_by_its_usual_names(header: str) -> None:
    plan = plan_columns(Path("t.csv"), ["Speaker", header, "Text"], TableOptions())
    assert plan.roles == {"speaker": 0, "text": 2, "start": 1}


def test_plan_columns_prefers_start_to_time_and_keeps_the_other(tmp_path: Path) -> None:
    plan = plan_columns(Path("t.csv"), ["Time", "Speaker", "Start", "Text"], TableOptions())
    assert plan.roles["start"] == 2 and plan.others == [0]


def test_parse_csv_time_column_option_names_the_start_column(tmp_path: Path) -> None:
    path = tmp_path / "turns.csv"
    path.write_text(
        "Speaker,Start,Position,Text\r\n"
        "Interviewer,page 1,[00:00:01],Hello.\r\n"
        "R1,page 1,[00:00:04.200],Hi there.\r\n",
        encoding="utf-8",
    )
    doc = parse_csv(path, options=TableOptions(time_column="position"))
    assert [(s.time_start, s.time_end) for s in doc.segments] == [(1.0, 4.2), (4.2, None)]
    assert doc.attributes == {"Start": "page 1"}
    assert doc.columns is not None and doc.columns.roles["start"] == "Position"


def test_parse_csv_end_column_kept_as_given(fixtures: Path) -> None:
    doc = parse_csv(fixtures / "turns.csv")
    assert [s.time_end for s in doc.segments] == [3.5, 10.0, None]
