"""Turn tables split into documents by a column, with their other columns kept."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from mutualscope.errors import InvalidInput
from mutualscope.io.transcripts import ImportedDocument, TableOptions
from mutualscope.io.transcripts.table_documents import FailedPart
from mutualscope.io.transcripts.tables import (
    parse_csv,
    read_csv_documents,
    read_xlsx_documents,
)


def turns(doc: ImportedDocument) -> list[tuple[str | None, str, float | None, float | None]]:
    return [(s.speaker, doc.text[s.start : s.end], s.time_start, s.time_end) for s in doc.segments]


def documents(found: list[ImportedDocument | FailedPart]) -> list[ImportedDocument]:
    assert all(isinstance(doc, ImportedDocument) for doc in found)
    return [doc for doc in found if isinstance(doc, ImportedDocument)]


def test_read_csv_documents_one_per_value_in_file_order(fixtures: Path) -> None:
    path = fixtures / "tables" / "many-interviews.csv"
    ceo, nurse = documents(read_csv_documents(path, options=TableOptions("interview")))
    assert (ceo.part, nurse.part) == ("Case 2 CEO", "Case 5 Nurse")
    assert turns(ceo) == [
        ("Interviewer", "When did you spin out, and why?", 3.0, 9.0),
        ("CEO", 'In 2011, under the "Right to Request". We wanted\nto stop asking permission.',
         9.0, 90.5),
        ("Interviewer", "And the board? 🙂", 90.5, None),
    ]  # fmt: skip
    # An empty Interview cell continues the document above it (merged cells in Excel).
    assert turns(nurse) == [
        ("Interviewer", "Tell me about your team.", 0.0, 75.0),
        ("Nurse", "We are eight nurses; two joined after the spin-out.", 75.0, 130.0),
        ("Interviewer", "Anything else?", 130.0, 134.0),
        ("Nurse", "No.", 134.0, None),
    ]
    assert ceo.attributes == {"Interview": "Case 2 CEO", "Site": "Leeds"}
    assert ceo.turn_attributes == [None, {"Sentiment": "positive"}, None]
    assert nurse.turn_attributes == [None, {"Sentiment": "neutral"}, None, {"Sentiment": "neutral"}]
    assert ceo.columns is not None
    assert ceo.columns.describe() == (
        "columns read: speaker 'Speaker', words 'Text', start 'Time_Mark'; "
        "document attributes: Interview, Site; turn attributes: Sentiment; ignored: Notes (empty)"
    )
    # Each document keeps the header and its own rows, as written, as its original.
    assert ceo.original_name == "many-interviews – Case 2 CEO.csv"
    assert ceo.original is not None
    assert ceo.original.decode().splitlines()[0] == (
        "Interview,Speaker,Time_Mark,Text,Site,Sentiment,Notes"
    )
    assert b'""Right to Request""' in ceo.original and b"Hull" not in ceo.original
    assert len(ceo.original.decode().split("\r\n")) == 6  # header, 3 rows (one of 2 lines), ""


def test_read_csv_documents_without_the_option_is_one_document(fixtures: Path) -> None:
    doc = parse_csv(fixtures / "tables" / "many-interviews.csv")
    assert len(doc.segments) == 7 and doc.part is None and doc.original is None
    assert doc.columns is not None and "Interview" in doc.columns.turn


def test_read_csv_documents_a_bad_document_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "two.csv"
    path.write_text(
        "Interview,Speaker,Start,Text\nA,R1,00:01,Hello.\nB,R2,soon,Hi.\nB,R2,3,There.\n",
        encoding="utf-8",
    )
    first, second = read_csv_documents(path, options=TableOptions("Interview"))
    assert isinstance(first, ImportedDocument) and first.part == "A"
    assert isinstance(second, FailedPart) and second.part == "B"
    assert str(second.error) == (
        f"{path}: document 'B' (column Interview): the turn table has errors\n"
        "  row 3, column Start: expected seconds or hh:mm:ss, got 'soon'"
    )


def test_read_csv_documents_unknown_or_empty_document_column(tmp_path: Path) -> None:
    path = tmp_path / "turns.csv"
    path.write_text("Interview,Speaker,Text\n,R1,Hello.\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_csv_documents(path, options=TableOptions("Case"))
    assert str(caught.value) == (
        f"{path}: row 1: no column named 'Case' (given as --document-column); the columns "
        "are: Interview, Speaker, Text. Give --document-column one of these names."
    )
    with pytest.raises(InvalidInput, match=r"row 2, column Interview: empty, so this row"):
        read_csv_documents(path, options=TableOptions("interview"))


def test_read_xlsx_documents_numbers_as_names_and_cells_kept(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["InterviewNo", "Speaker", "TimeStamp", "Utterance", "Coder", "Page"])
    sheet.append([1, "Interviewer", 0, "First question?", "ana", 1])
    sheet.append([None, "R1", 4.5, "First answer.", "ana", 2])
    sheet.append([2, "Interviewer", 0, "Second interview.", "ben", 1])
    path = tmp_path / "Study Turns.xlsx"
    book.save(path)
    one, two = documents(read_xlsx_documents(path, options=TableOptions("interview_no")))
    assert (one.part, two.part) == ("1", "2")
    assert turns(one) == [
        ("Interviewer", "First question?", 0.0, 4.5),
        ("R1", "First answer.", 4.5, None),
    ]
    assert one.attributes == {"InterviewNo": "1", "Coder": "ana"}
    assert one.turn_attributes == [{"Page": 1}, {"Page": 2}]
    assert two.attributes == {"InterviewNo": "2", "Coder": "ben", "Page": 1}
    assert two.original_name == "Study Turns – 2.csv"
    assert two.original == (
        b"InterviewNo,Speaker,TimeStamp,Utterance,Coder,Page\r\n2,Interviewer,0,Second "
        b"interview.,ben,1\r\n"
    )


def test_read_csv_documents_rows_without_words_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "turns.csv"
    path.write_text(
        "Speaker,Text,Note\r\nR1,Hello.,\r\n,,[tape changed]\r\nR1,Again.,\r\n", encoding="utf-8"
    )
    doc = parse_csv(path)
    assert doc.warnings == [
        "row 3: no words in column Text, so not imported (their other cells are not kept)"
    ]
    assert doc.columns is not None and doc.columns.ignored == []
