"""Quotes grouped per passage and exported as CSV, XLSX and DOCX; the matrix with its
totals and exports; on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io

import docx
import openpyxl
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.factories import make_coding, make_document, make_participant
from tests.web.conftest import Sample

from mutualscope.services.consent import set_consent
from mutualscope.storage.models import User

REFUSED_TEXT = "Staff: The board never listened to us at all.\n"


def _more_codings(session: Session, sample: Sample, people: dict[str, User]) -> None:
    """The owner codes the coder's words too; a staff member who refused quoting is coded."""
    radar = sample.coding
    make_coding(session, sample.document, sample.other_code, radar.start, radar.end,
                coder=people["owner"])  # fmt: skip
    staff = make_participant(session, "Case 3 staff", role="staff", case_id=sample.document.case_id)
    set_consent(session, staff.label, answers={"quoting": "no"})
    refused = make_document(
        session,
        text=REFUSED_TEXT,
        name="case-3-staff.txt",
        turns=[("Staff", 0, len(REFUSED_TEXT))],
        participants={"Staff": staff},
        case_id=sample.document.case_id,
    )
    board = REFUSED_TEXT.index("The board")
    make_coding(session, refused, sample.other_code, board, board + 26, coder=people["coder"])


def test_quotes_page_one_passage_with_its_codes_and_coders(
    viewer: TestClient, session: Session, sample: Sample, people: dict[str, User]
) -> None:
    _more_codings(session, sample, people)
    page = viewer.get("/quotes").text
    assert page.count("under the radar</") == 0
    assert page.count("“under the radar”") == 1
    assert "coded by coder, owner" in page
    assert "Barriers</span>" in page and "Enablers/Freedom</span>" in page
    # The coder box is a drop-down of the project's users.
    assert '<select name="coder"><option value="">(any coder)</option>' in page
    assert "<option>owner</option>" in page
    assert "Not quoted in reports or exports: the speaker refused" in page
    assert "3 passages" in page
    only_coder = viewer.get("/quotes", params={"coder": "owner"}).text
    assert "coded by owner</span>" in only_coder and "The board" not in only_coder


def test_quotes_export_csv_xlsx_docx_attributed_as_reports(
    viewer: TestClient, session: Session, sample: Sample, people: dict[str, User]
) -> None:
    _more_codings(session, sample, people)
    got = viewer.get("/quotes/export", params={"format": "csv"})
    assert got.status_code == 200
    assert got.headers["content-disposition"] == 'attachment; filename="quotes.csv"'
    assert got.headers["x-quotes-left-out"] == "1"
    rows = list(csv.DictReader(io.StringIO(got.content.decode("utf-8-sig"))))
    radar = next(r for r in rows if r["quote"] == "under the radar")
    assert radar["attribution"] == "(CEO of case 3)"
    assert radar["codes"] == "Enablers/Freedom; Barriers"
    assert radar["coders"] == "coder; owner"
    assert radar["consent"] == "consent to quoting not recorded"
    assert [r["quote"] for r in rows] == ["CEO", "under the radar"]
    assert all("board" not in r["quote"] for r in rows)

    xlsx = viewer.get("/quotes/export", params={"format": "xlsx", "code": "Barriers"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:4] == ["quote", "attribution", "codes", "coders"]
    assert values[1][:2] == ["CEO", "(CEO of case 3)"]
    # Filtered by code: the passage lists the codings that pass the filter.
    assert values[2][:4] == ["under the radar", "(CEO of case 3)", "Barriers", "owner"]
    assert values[-1][0].startswith("1 passage left out for consent")

    word = viewer.get("/api/v1/quotes/export", params={"format": "docx", "code": "Enablers"})
    assert word.headers["content-type"].startswith("application/vnd.openxmlformats")
    paragraphs = [p.text for p in docx.Document(io.BytesIO(word.content)).paragraphs]
    assert paragraphs[0] == "Quotes"
    assert "Quotes of code Enablers with sub-codes." in paragraphs
    assert "\u201cunder the radar\u201d (CEO of case 3)" in paragraphs
    source = paragraphs[paragraphs.index("\u201cunder the radar\u201d (CEO of case 3)") + 1]
    assert "case-3-ceo.txt, characters" in source and "coded by coder" in source
    assert viewer.get("/quotes/export", params={"format": "pdf"}).status_code == 422


def test_quotes_export_text_that_looks_like_a_formula_stays_text(
    viewer: TestClient, session: Session, sample: Sample, people: dict[str, User]
) -> None:
    text = '=HYPERLINK("http://x")\n'
    document = make_document(session, text=text, name="formula.txt")
    make_coding(session, document, sample.code, 0, len(text) - 1, coder=people["coder"])
    xlsx = viewer.get("/quotes/export", params={"format": "xlsx", "code": "Enablers/Freedom"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    cell = next(c for c in sheet["A"] if c.value and str(c.value).startswith("="))
    assert cell.data_type == "s" and cell.value == text.strip()


def test_matrix_totals_and_exports(
    viewer: TestClient, session: Session, sample: Sample, people: dict[str, User]
) -> None:
    _more_codings(session, sample, people)
    found = viewer.get("/api/v1/matrix", params={"cols": "role"}).json()
    # Barriers: the owner's two codings of CEO words and the staff member's passage.
    assert found["row_totals"] == {"Enablers/Freedom": 1, "Barriers": 3}
    assert found["column_totals"] == {"CEO": 3, "Staff member": 1}
    assert found["total"] == 4
    rolled = viewer.get("/api/v1/matrix", params={"cols": "role", "rollup": "true"}).json()
    # Enablers' row repeats Freedom's coding; the column totals count it once.
    assert rolled["row_totals"] == {"Enablers": 1, "Enablers/Freedom": 1, "Barriers": 3}
    assert rolled["column_totals"] == {"CEO": 3, "Staff member": 1} and rolled["total"] == 4
    cases = viewer.get("/api/v1/matrix", params={"cols": "role", "measure": "cases"}).json()
    # One case behind both columns counts once in each row's total and the grand total.
    assert cases["row_totals"]["Barriers"] == 1 and cases["total"] == 1
    page = viewer.get("/matrix").text
    assert '<th scope="col" class="num total">Total</th>' in page
    assert "/matrix/cell?row=Barriers&column=CEO" in page
    assert 'href="/matrix/export?format=xlsx&cols=role' in page
    got = viewer.get("/matrix/export", params={"format": "csv", "cols": "role"})
    rows = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert rows[0] == ["code", "CEO", "Staff member", "Total"]
    assert ["Barriers", "2", "1", "3"] in rows
    assert rows[-1] == ["Total", "3", "1", "4"]
    xlsx = viewer.get("/api/v1/matrix/export", params={"format": "xlsx", "cols": "role"})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    table = [[c.value for c in row] for row in sheet.iter_rows()]
    assert table[0] == ["code", "CEO", "Staff member", "Total"]
    assert ["Total", 3, 1, 4] in table
