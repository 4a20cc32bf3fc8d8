from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mutualscope.errors import InvalidInput
from mutualscope.services.organisation_imports import import_organisations
from mutualscope.services.organisations import get_organisation, list_organisations
from mutualscope.services.vocabularies import add_term
from mutualscope.storage.models import AuditEvent, Organisation

MESSY = (
    "Organisation name,GOR,No. of employees,Turnover,Year est.,Services provided,"
    "Legal structure,Company No.,Latitude,Longitude,Board chair\n"
    'Fenmarsh Health CIC,Eastern,"1,000+",£43m,2011,Multiple community health services,'
    "C.I.C.,07123456,,,A. Person\n"
    "Oakby Care,Yorks & Humber,50-249,£500k,April 2011,GP; mental health,CLG,,,,\n"
    "Brackendale Therapies,,<50,£1.2 million,2010,Audiology,community benefit society,,"
    "51.45,-2.59,\n"
    'Quillmere Leisure,E12000007,over 1000,"43,000,000",2013,leisure centres | libraries,'
    ",,,,\n"
    "Tarrowby Minds,yorkshire and the humber,120,n/a,,mental health,CIC,,,,\n"
)


def write(tmp_path: Path, text: str, name: str = "orgs.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Organisation)) or 0


def by_name(session: Session) -> dict[str, dict[str, object]]:
    return {org["name"]: org for org in list_organisations(session)}


def test_import_normalises_a_messy_real_world_file(session: Session, tmp_path: Path) -> None:
    report = import_organisations(session, path=write(tmp_path, MESSY), current_year=2026)
    assert len(report.created) == 5 and not report.updated
    orgs = by_name(session)
    fen = orgs["Fenmarsh Health CIC"]
    assert (fen["region_code"], fen["employees_min"], fen["employees_max"]) == (
        "E12000006",
        1000,
        None,
    )
    assert fen["turnover_gbp"] == 43_000_000 and fen["legal_form"] == "cic"
    assert fen["companies_house_number"] == "07123456"
    assert fen["attributes"] == {"Board chair": "A. Person"}
    oak = orgs["Oakby Care"]
    assert oak["region_code"] == "E12000003" and oak["year_established"] == 2011
    assert oak["services"] == ["mental-health", "primary-care"]
    assert (oak["employees_min"], oak["employees_max"]) == (50, 249)
    assert orgs["Quillmere Leisure"]["services"] == ["leisure-centres", "libraries"]
    assert orgs["Quillmere Leisure"]["employees_min"] == 1001
    assert orgs["Tarrowby Minds"]["turnover_gbp"] is None
    assert orgs["Tarrowby Minds"]["year_established"] is None


def test_region_comes_from_coordinates_when_missing_and_is_marked_derived(
    session: Session, tmp_path: Path
) -> None:
    import_organisations(session, path=write(tmp_path, MESSY))
    brack = by_name(session)["Brackendale Therapies"]
    assert brack["region_code"] == "E12000009" and brack["region_derived"] is True
    assert by_name(session)["Oakby Care"]["region_derived"] is False


def test_coordinates_outside_england_leave_region_missing_with_a_note(
    session: Session, tmp_path: Path
) -> None:
    text = "Name,Latitude,Longitude\nCardiff Mutual,51.48,-3.18\n"
    report = import_organisations(session, path=write(tmp_path, text))
    assert by_name(session)["Cardiff Mutual"]["region_code"] is None
    assert "row 2" in report.notes[0] and "outside England" in report.notes[0]


def test_reimport_updates_in_place_by_identifier_then_by_name(
    session: Session, tmp_path: Path
) -> None:
    import_organisations(session, path=write(tmp_path, MESSY))
    ids = {name: org["id"] for name, org in by_name(session).items()}
    changed = (
        "Name,Company number,Region,Turnover\n"
        "Fenmarsh Community Health,07123456,East of England,£44m\n"
        "OAKBY CARE,,London,£500k\n"
        "New Mutual,,London,\n"
    )
    report = import_organisations(session, path=write(tmp_path, changed, "again.csv"))
    assert report.created == ["New Mutual"]
    assert dict(report.updated) == {
        "Fenmarsh Community Health": ["name", "turnover_gbp"],
        "OAKBY CARE": ["name", "region_code"],
    }
    assert count(session) == 6
    fen = get_organisation(session, name="07123456")
    assert fen["id"] == ids["Fenmarsh Health CIC"] and fen["turnover_gbp"] == 44_000_000
    # Columns the second file lacks are left alone.
    assert fen["employees_min"] == 1000 and fen["services"] == ["community-health"]
    assert get_organisation(session, name="oakby care")["id"] == ids["Oakby Care"]


def test_dry_run_reports_changes_and_changes_nothing(session: Session, tmp_path: Path) -> None:
    import_organisations(session, path=write(tmp_path, MESSY))
    text = "Name,Region\nOakby Care,London\nNew Mutual,London\n"
    report = import_organisations(session, path=write(tmp_path, text, "b.csv"), dry_run=True)
    assert report.created == ["New Mutual"] and report.updated == [("Oakby Care", ["region_code"])]
    assert count(session) == 5
    assert by_name(session)["Oakby Care"]["region_code"] == "E12000003"


BAD = """\
Name,Region,Employees,Year established,Services
Good One,London,12,2011,GP
Bad Region,Atlantis,12,2011,GP
Negative Staff,London,-4,2011,GP
Future,London,12,2099,GP
Twin,London,12,2011,GP
Twin,North East,40,2012,GP
Odd Service,London,12,2011,space tourism
"""


def test_bad_file_reports_every_bad_row_and_changes_nothing(
    session: Session, tmp_path: Path
) -> None:
    with pytest.raises(InvalidInput) as caught:
        import_organisations(session, path=write(tmp_path, BAD), current_year=2026)
    error = caught.value
    assert "6 rows with problems; nothing was imported" in str(error)
    problems = "\n".join(error.problems)
    assert "row 3, column 'Region': 'Atlantis'" in problems and "E12000001-E12000009" in problems
    assert "row 4, column 'Employees': '-4'" in problems
    assert "row 5, column 'Year established': '2099'" in problems and "2026" in problems
    assert "row 6, column 'Name': 'Twin'" in problems and "row 7" in problems
    assert "row 8, column 'Services': 'space tourism'" in problems
    assert "mental health" in problems  # accepted values are listed
    assert count(session) == 0
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_skip_invalid_imports_the_good_rows_and_lists_the_rest(
    session: Session, tmp_path: Path
) -> None:
    report = import_organisations(session, path=write(tmp_path, BAD), skip_invalid=True)
    assert report.created == ["Good One"]
    assert len(report.skipped) == 6
    assert count(session) == 1


def test_same_name_with_different_identifiers_is_two_organisations(
    session: Session, tmp_path: Path
) -> None:
    text = "Name,Charity number\nTwin,1100001\nTwin,1100002\n"
    import_organisations(session, path=write(tmp_path, text))
    assert count(session) == 2


def test_extended_vocabulary_is_accepted(session: Session, tmp_path: Path) -> None:
    add_term(session, vocabulary="service", label="space tourism")
    import_organisations(session, path=write(tmp_path, "Name,Services\nOdd,Space Tourism\n"))
    assert by_name(session)["Odd"]["services"] == ["space-tourism"]


@pytest.mark.parametrize(
    ("delimiter", "encoding"), [("¬", "cp1252"), (";", "utf-8-sig"), ("\t", "utf-16")]
)
def test_import_reads_nhs_style_and_excel_exports(
    session: Session, tmp_path: Path, delimiter: str, encoding: str
) -> None:
    text = f"Organisation{delimiter}Turnover\nCafé Mutual{delimiter}£1.2m\n"
    report = import_organisations(session, path=write(tmp_path, text, encoding=encoding))
    assert report.created == ["Café Mutual"]
    assert by_name(session)["Café Mutual"]["turnover_gbp"] == 1_200_000


def test_import_reads_xlsx_sheet_with_turnover_in_thousands(
    session: Session, tmp_path: Path
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Mutuals"
    sheet.append(["Name", "Turnover (£000)", "Employees", "Year established"])
    sheet.append(["Fenmarsh Health CIC", 43000, 1200, 2011])
    path = tmp_path / "orgs.xlsx"
    workbook.save(path)
    import_organisations(session, path=path, sheet="Mutuals")
    org = by_name(session)["Fenmarsh Health CIC"]
    assert (org["turnover_gbp"], org["employees_min"], org["year_established"]) == (
        43_000_000,
        1200,
        2011,
    )


def test_file_without_a_name_column_or_with_two_region_columns_is_refused(
    session: Session, tmp_path: Path
) -> None:
    with pytest.raises(InvalidInput, match="no column holds the organisations' names"):
        import_organisations(session, path=write(tmp_path, "Region,Turnover\nLondon,£1m\n"))
    with pytest.raises(InvalidInput, match="'Region' and 'GOR' both hold region"):
        import_organisations(session, path=write(tmp_path, "Name,Region,GOR\nA,London,London\n"))


def test_import_records_one_audit_event(session: Session, tmp_path: Path) -> None:
    import_organisations(session, path=write(tmp_path, MESSY), actor="alice")
    events = session.scalars(select(AuditEvent)).all()
    assert len(events) == 1
    assert events[0].action == "import" and events[0].after["created"] == 5  # type: ignore[index]


def test_values_postgresql_refused_are_refused_on_every_backend_before_writing(
    session: Session, tmp_path: Path
) -> None:
    # On PostgreSQL these failed mid-write with StringDataRightTruncation and
    # NumericValueOutOfRange; SQLite stored them. Now both refuse them, naming the limit.
    long_name = "Fenmarsh " + "Community Health " * 24  # 417 characters
    text = (
        "Name,Companies House number,Employees,Turnover\n"
        f"{long_name},07123456,120,£43m\n"
        "Oakby Care,0712345678901234567890123,2147483648,£2000bn\n"
        "Quillmere Leisure,,50-249,£500k\n"
    )
    with pytest.raises(InvalidInput) as caught:
        import_organisations(session, path=write(tmp_path, text))
    assert str(caught.value).splitlines() == [
        f"{tmp_path / 'orgs.csv'}: 2 rows with problems; nothing was imported "
        "(use --skip-invalid to import the other rows).",
        f"  row 2, column 'Name': {long_name[:60]!r}… — expected at most 300 characters; "
        f"this has {len(long_name.strip())}",
        "  row 3, column 'Companies House number': '0712345678901234567890123' — expected "
        "at most 20 characters; this has 25",
        "  row 3, column 'Employees': '2147483648' — expected at most 10,000,000 employees",
        "  row 3, column 'Turnover': '£2000bn' — expected an amount of at most £1,000,000,000,000",
    ]
    assert count(session) == 0


def test_values_at_the_limits_are_stored_whole(session: Session, tmp_path: Path) -> None:
    name = "Ł" + "x" * 298 + "😀"  # 300 characters, one of them astral
    text = f'Name,ODS code,Employees,Turnover\n{name},{"R" * 20},"10,000,000",£1000bn\n'
    import_organisations(session, path=write(tmp_path, text))
    stored = by_name(session)[name]
    assert stored["ods_code"] == "R" * 20
    assert (stored["employees_min"], stored["turnover_gbp"]) == (10_000_000, 10**12)


def test_a_file_with_many_bad_rows_lists_the_first_thousand(
    session: Session, tmp_path: Path
) -> None:
    rows = "".join(f"Mutual {n},Atlantis\n" for n in range(1500))
    with pytest.raises(InvalidInput) as caught:
        import_organisations(session, path=write(tmp_path, "Name,Region\n" + rows))
    assert "1,500 rows with problems" in str(caught.value)
    assert len(caught.value.problems) == 1001
    assert caught.value.problems[0].startswith("row 2, column 'Region': 'Atlantis'")
    assert caught.value.problems[-1] == "... and 500 more problems"
