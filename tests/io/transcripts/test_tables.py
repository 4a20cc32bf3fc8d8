"""Turn tables: CSV (any delimiter) and Excel, with times and row-numbered errors."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from mutualscope.domain import limits
from mutualscope.errors import InvalidInput
from mutualscope.io.transcripts import ImportedDocument, TableOptions, parse_csv, parse_xlsx


def test_parse_csv_semicolons_quotes_and_times(fixtures: Path) -> None:
    doc = parse_csv(fixtures / "turns.csv")
    assert [
        (s.speaker, doc.text[s.start : s.end], s.time_start, s.time_end) for s in doc.segments
    ] == [
        ("Interviewer", "What did commissioners fund?", 1.0, 3.5),
        ("Commissioner", "A pilot; and the evaluation.", 4.0, 10.0),
        (None, "An unattributed remark.", None, None),
    ]


def test_parse_csv_bad_times_listed_by_row_and_column(fixtures: Path) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_csv(fixtures / "bad-times.csv")
    assert caught.value.problems == [
        "row 2, column start: expected seconds or hh:mm:ss, got 'soon'",
        "row 3, column end: 8 is before start 10",
    ]


def test_parse_csv_two_columns_without_header(tmp_path: Path) -> None:
    path = tmp_path / "two.csv"
    path.write_text("Interviewer,Hello\nR1,Hi\n", encoding="utf-8")
    doc = parse_csv(path)
    assert doc.speakers == ["Interviewer", "R1"]


def test_parse_csv_without_text_column(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"odd.csv: row 1: cannot find the column of words"):
        parse_csv(path)


def test_parse_xlsx_turns_and_times(fixtures: Path) -> None:
    doc = parse_xlsx(fixtures / "turns.xlsx")
    assert [(s.speaker, s.time_start, s.time_end) for s in doc.segments] == [
        ("Interviewer", 1.0, 4.5),
        ("Trustee", 5.0, 12.25),
        (None, 13.0, 14.0),
    ]


def test_parse_xlsx_corrupt(fixtures: Path, tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes((fixtures / "corrupt.docx").read_bytes())
    with pytest.raises(InvalidInput, match=r"broken.xlsx: not a valid XLSX workbook"):
        parse_xlsx(path)


def test_parse_csv_refuses_times_that_are_not_times_and_labels_past_the_column(
    tmp_path: Path,
) -> None:
    # "nan" and "inf" were stored as times; 400 digits of hours overflowed a float.
    path = tmp_path / "odd-times.csv"
    path.write_text(
        "speaker,start,end,text\r\n"
        "Interviewer,nan,inf,Hello.\r\n"
        f"{'Ŵ' * 201},1,2,Hi.\r\n"
        f"CEO,{'9' * 400}:00:00,-3,Welcome.\r\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidInput) as caught:
        parse_csv(path)
    assert caught.value.problems == [
        "row 2, column start: expected seconds or hh:mm:ss, got 'nan'",
        "row 2, column end: expected seconds or hh:mm:ss, got 'inf'",
        f"row 3, column speaker: {'Ŵ' * 60!r}… is 201 characters; the limit is 200",
        f"row 4, column start: expected seconds or hh:mm:ss, got {'9' * 60!r}…",
        "row 4, column end: expected seconds or hh:mm:ss, got '-3'",
    ]


def test_parse_xlsx_refuses_turns_past_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "TRANSCRIPT_PARAGRAPHS", 5)
    workbook = openpyxl.Workbook()
    workbook.active.append(["Speaker", "Text"])
    for number in range(6):
        workbook.active.append([f"P{number}", "Words."])
    path = tmp_path / "turns.xlsx"
    workbook.save(path)
    with pytest.raises(InvalidInput) as caught:
        parse_xlsx(path)
    assert str(caught.value) == f"{path}: more than 5 turns; that is the limit"


def test_parse_csv_speaker_labels_lose_control_characters(tmp_path: Path) -> None:
    # A NUL in a label was stored by SQLite and refused by PostgreSQL.
    rows = "".join(f"Interviewer,Question {n}?\r\n" for n in range(400))  # past 8 KB
    path = tmp_path / "turns.csv"
    path.write_text(f"speaker,text\r\n{rows}C\x00E\x07O,Answer.\r\n", encoding="utf-8")
    doc = parse_csv(path)
    assert doc.speakers == ["Interviewer", "CEO"]
    assert doc.text.endswith("CEO: Answer.")


def turns(doc: ImportedDocument) -> list[tuple[str | None, str]]:
    return [(s.speaker, doc.text[s.start : s.end]) for s in doc.segments]


def test_parse_csv_doubled_quotes_line_breaks_and_bom(fixtures: Path) -> None:
    doc = parse_csv(fixtures / "tables" / "quoted-turns.csv")
    assert turns(doc) == [
        ("Interviewer", '"Under the radar" - is that how you would put it?'),
        (
            "CEO (case 3)",
            'Yes, we called it "the skunkworks" 😀, and the board said:\n'
            '"Keep it small, keep it quiet."\nSo we did.',
        ),
        ("Interviewer", 'And the commissioners, did they "get it"?'),
        ("CEO (case 3)", "No - not at first."),
    ]
    assert doc.text.startswith('Interviewer: "Under the radar"')


def test_parse_tsv_doubled_quotes_become_one_quote(fixtures: Path) -> None:
    # csv.Sniffer guessed doublequote=False for this file, so '""' stayed doubled.
    doc = parse_csv(fixtures / "tables" / "quoted-turns.tsv")
    assert turns(doc) == [
        ("Interviewer", "What did the board call it?"),
        ("R1", 'He said "no"'),
        ("Interviewer", 'Why "no"?\tAnd then?'),
        ("R1", '"Not yet", he said.'),
    ]
    assert [s.time_start for s in doc.segments] == [12.5, 15.0, 21.0, 30.0]


def test_parse_csv_excel_separator_line(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "sep=;\r\nSprecher;Start;Text\r\nInterviewer;00:01;Wie, genau?\r\nR1;bald;Ja.\r\n".encode(
            "cp1252"
        )
    )
    with pytest.raises(InvalidInput) as caught:
        parse_csv(path, options=TableOptions(time_column="Start"))
    # Rows numbered as in the file: the separator line is row 1.
    assert caught.value.problems == [
        "row 4, column Start: expected seconds or hh:mm:ss, got 'bald'"
    ]
    path.write_bytes(path.read_bytes().replace(b"bald", b"00:05").replace(b"Sprecher", b"Speaker"))
    doc = parse_csv(path)
    assert turns(doc) == [("Interviewer", "Wie, genau?"), ("R1", "Ja.")]
