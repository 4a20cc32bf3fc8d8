"""Registries as public bodies publish them: CamelCase headers, ODS codes and Companies
House numbers as identifiers, abbreviated regions, points just off the coast and grid
references. The fixtures are in tests/fixtures/registries (see build.py there)."""

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.factories import make_organisation

from mutualscope.errors import InvalidInput
from mutualscope.services.organisation_imports import import_organisations
from mutualscope.services.organisations import list_organisations
from mutualscope.storage.models import Organisation

FIXTURES = Path(__file__).parent.parent / "fixtures" / "registries"
NHS_STYLE = FIXTURES / "nhs_style_providers.csv"
COMPANIES_HOUSE = FIXTURES / "companies_house_extract.xlsx"
COUNCIL = FIXTURES / "council_register_cp1252.csv"


def write(tmp_path: Path, text: str, name: str = "orgs.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Organisation)) or 0


def orgs_by(session: Session, key: str) -> dict[object, dict[str, object]]:
    return {org[key]: org for org in list_organisations(session)}


def test_nhs_style_extract_reads_camel_case_headers_ods_codes_and_abbreviated_regions(
    session: Session,
) -> None:
    report = import_organisations(session, path=NHS_STYLE, current_year=2026)
    assert report.file_format == "CSV, comma-separated, utf-8-sig"
    assert report.columns == {
        "OrganisationCode": "ods_code",
        "OrganisationName": "name",
        "ParentOrganisationCode": "attribute",
        "OrganisationType": "attribute",
        "Region_Name": "region",
        "NumberOfEmployees": "employees",
        "AnnualTurnover": "turnover",
        "Latitude": "latitude",
        "Longitude": "longitude",
    }
    assert len(report.created) == 9 and not report.skipped
    by_code = orgs_by(session, "ods_code")
    # Names keep their words: doubled quotes read as one, trailing spaces gone.
    assert by_code["8J123"]["name"] == 'Oakby "Live Well" Services'
    assert by_code["NQ7"]["name"] == "Fenmarsh Community Health CIC"
    assert by_code["AD9"]["name"] == "Brackendale Therapies"
    # The same name with two ODS codes is two organisations.
    assert by_code["NR5"]["name"] == by_code["NL3"]["name"] == "Tarrowby Minds"
    assert by_code["NR5"]["id"] != by_code["NL3"]["id"]
    regions = {code: org["region"] for code, org in by_code.items()}
    assert regions == {
        "NQ7": "East of England",
        "8J123": "North West",
        "AD9": "South East",
        "NR5": "North East",
        "NL3": "Yorkshire and The Humber",
        "NX1": "East Midlands",
        "8HN78": "North West",  # Blackpool's seafront, just off the generalised coast
        "NT4": "Yorkshire and The Humber",  # NE Lincolnshire is not in the North East
        "NV2": "West Midlands",
    }
    assert by_code["NQ7"]["employees_min"] == 1200 and by_code["NQ7"]["turnover_gbp"] == 43_400_000
    assert by_code["NQ7"]["attributes"] == {
        "ParentOrganisationCode": "QE1",
        "OrganisationType": "Independent Sector Healthcare Provider",
    }


def test_a_point_just_off_the_coast_gets_its_region_with_a_warning(session: Session) -> None:
    report = import_organisations(session, path=NHS_STYLE, current_year=2026)
    seafront = orgs_by(session, "ods_code")["8HN78"]
    assert seafront["region_code"] == "E12000002" and seafront["region_derived"] is True
    assert report.warnings == [
        "row 8: the point (53.8159, -3.0554) lies 0.1 km off the coast of North West, within "
        "the 5 km allowed for a point just off the coast; it is given North West. Check the "
        "coordinates if the organisation is elsewhere."
    ]


def test_a_column_whose_values_are_not_legal_forms_is_kept_with_a_note(session: Session) -> None:
    report = import_organisations(session, path=NHS_STYLE, current_year=2026)
    assert any(
        "'OrganisationType' is kept as an attribute" in note
        and "'Independent Sector Healthcare Provider'" in note
        for note in report.notes
    )


def test_a_type_column_of_legal_forms_is_still_read_as_legal_form(
    session: Session, tmp_path: Path
) -> None:
    text = "OrganisationName,OrganisationType\nA,CIC\nB,community benefit society\nC,Charity\n"
    with pytest.raises(InvalidInput) as caught:
        import_organisations(session, path=write(tmp_path, text))
    assert "row 4, column 'OrganisationType': 'Charity'" in "\n".join(caught.value.problems)


def test_companies_house_extract_puts_back_lost_zeros_and_tells_same_names_apart(
    session: Session,
) -> None:
    report = import_organisations(session, path=COMPANIES_HOUSE, current_year=2026)
    assert report.columns["CompanyNumber"] == "companies_house_number"  # its space trimmed
    assert report.columns["RegAddress.PostCode"] == "postcode"
    assert report.columns["IncorporationDate"] == "year_established"
    assert report.columns["CompanyCategory"] == "attribute"
    assert len(report.created) == 5
    by_number = orgs_by(session, "companies_house_number")
    assert set(by_number) == {"07123456", "08012345", "SC123456", "10234567", "00445790"}
    assert by_number["08012345"]["name"] == by_number["SC123456"]["name"] == "RIVERSIDE CARE CIC"
    fen = by_number["07123456"]
    assert (fen["year_established"], fen["postcode"], fen["status"]) == (2011, "CB4 1AB", "Active")
    assert fen["region"] == "East of England"
    assert by_number["08012345"]["region"] == "South West"
    assert by_number["SC123456"]["region"] == "North East"
    assert by_number["10234567"]["region"] == "London"
    assert by_number["00445790"]["year_established"] == 1947


def test_reimport_matches_by_company_number_before_name(session: Session, tmp_path: Path) -> None:
    import_organisations(session, path=COMPANIES_HOUSE, current_year=2026)
    ids = {n: org["id"] for n, org in orgs_by(session, "companies_house_number").items()}
    again = (
        "OrganisationName,CompanyNumber,Region_Name\n"
        "Fenmarsh Community Health CIC,07123456,East of England\n"  # renamed, zeros back
        "Riverside Care CIC,8012345,S. West\n"  # a name two organisations share
        "Riverside Care CIC,SC123456,N East\n"
    )
    report = import_organisations(session, path=write(tmp_path, again), current_year=2026)
    assert not report.created and not report.skipped
    assert dict(report.updated)["Fenmarsh Community Health CIC"] == ["name"]
    assert count(session) == 5
    after = orgs_by(session, "companies_house_number")
    assert {n: org["id"] for n, org in after.items()} == ids
    assert after["07123456"]["name"] == "Fenmarsh Community Health CIC"


def test_a_number_stored_without_its_zeros_matches_and_is_corrected(
    session: Session, tmp_path: Path
) -> None:
    # An organisation imported before numbers were read as Companies House numbers.
    old = make_organisation(session, name="Fenmarsh Health", companies_house_number="7123456")
    text = "Name,Company number\nFenmarsh Community Health,07123456\n"
    report = import_organisations(session, path=write(tmp_path, text))
    assert not report.created
    assert dict(report.updated) == {"Fenmarsh Community Health": ["companies_house_number", "name"]}
    session.expire_all()  # the factory's object is still in the session
    assert orgs_by(session, "id")[old.id]["companies_house_number"] == "07123456"


def test_council_register_reads_a_code_column_of_company_numbers_and_grid_references(
    session: Session,
) -> None:
    report = import_organisations(session, path=COUNCIL, current_year=2026)
    assert report.file_format == "CSV, semicolon-separated, cp1252"
    assert report.columns["Code"] == "companies_house_number"
    assert report.columns["Easting"] == "easting" and report.columns["Northing"] == "northing"
    assert "column 'Code' read as Companies House numbers" in report.notes[0]
    by_name = orgs_by(session, "name")
    assert set(by_name) == {
        "Café Connect Mutual",
        "St Anne’s Housing Co-operative",
        "Pier View Leisure",
        "Downs Youth Services",
    }
    cafe = by_name["Café Connect Mutual"]
    assert cafe["companies_house_number"] == "07654321"
    assert cafe["latitude"] == pytest.approx(51.5076, abs=1e-4)
    assert cafe["longitude"] == pytest.approx(-0.1282, abs=1e-4)
    assert cafe["region"] == "London" and cafe["region_derived"] is False
    pier = by_name["Pier View Leisure"]
    assert pier["companies_house_number"] == "06543210"
    assert pier["region"] == "South East" and pier["region_derived"] is True
    assert len(report.warnings) == 1 and report.warnings[0].startswith("row 4: the point (50.81")
    assert "0.3 km off the coast of South East" in report.warnings[0]
    assert by_name["Downs Youth Services"]["companies_house_number"] is None
    assert by_name["Downs Youth Services"]["latitude"] is None


def test_a_code_column_of_bare_six_and_seven_digit_numbers_is_not_guessed(
    session: Session, tmp_path: Path
) -> None:
    text = "OrganisationName,Code\nTwin Care,7123456\nTwin Care,1100001\n"
    with pytest.raises(InvalidInput) as caught:
        import_organisations(session, path=write(tmp_path, text))
    problems = "\n".join(caught.value.problems)
    assert "row 2, column 'OrganisationName': 'Twin Care'" in problems
    assert "an identifier (e.g. Companies House number) that tells them apart" in problems
    text = "OrganisationName,Code\nOne Care,7123456\nTwo Care,1100001\n"
    report = import_organisations(session, path=write(tmp_path, text))
    assert report.columns["Code"] == "attribute"
    assert any("'Code' holds numbers of 6 or 7 digits" in note for note in report.notes)
    assert orgs_by(session, "name")["One Care"]["attributes"] == {"Code": "7123456"}


def test_a_malformed_company_number_is_a_problem_of_its_row(
    session: Session, tmp_path: Path
) -> None:
    text = "CompanyName,CompanyNumber\nGood CIC,SC123456\nBad CIC,123456789\n"
    with pytest.raises(InvalidInput) as caught:
        import_organisations(session, path=write(tmp_path, text))
    (problem,) = caught.value.problems
    assert problem.startswith("row 3, column 'CompanyNumber': '123456789' — expected a Companies")
    assert "8 digits such as 01234567" in problem and "SC123456" in problem
    assert count(session) == 0


def test_an_ambiguous_region_is_a_problem_naming_the_candidates(
    session: Session, tmp_path: Path
) -> None:
    text = "Organisation_Name,Region_Name\nA,N. West\nB,Midlands\n"
    with pytest.raises(InvalidInput) as caught:
        import_organisations(session, path=write(tmp_path, text))
    assert caught.value.problems == [
        "row 3, column 'Region_Name': 'Midlands' — expected one region, but 'Midlands' could "
        "be East Midlands or West Midlands; write which"
    ]


@pytest.mark.parametrize(
    ("point", "expected"),
    [
        (
            "50.70,-0.14",  # 12 km south of Brighton's beach
            "row 2: the point (50.7, -0.14) lies outside England, 12.4 km from South East, "
            "beyond the 5 km allowed for a point just off the coast; the region is left "
            "missing. Check the coordinates, or give the region in a Region column.",
        ),
        (
            "51.6418,-2.6744",  # Chepstow, half a kilometre from England
            "row 2: the point (51.6418, -2.6744) lies outside England, 0.5 km from South West "
            "by the border with Wales; the region is left missing (give it in a Region column "
            "if the organisation is in England).",
        ),
        (
            "48.86,2.35",  # Paris
            "row 2: the point (48.86, 2.35) lies outside England, more than 50 km from any of "
            "its regions; the region is left missing.",
        ),
    ],
)
def test_a_point_farther_off_or_over_a_border_leaves_the_region_missing_saying_how_far(
    session: Session, tmp_path: Path, point: str, expected: str
) -> None:
    report = import_organisations(session, path=write(tmp_path, f"Name,Lat,Long\nA,{point}\n"))
    assert report.notes == [expected] and report.warnings == []
    assert orgs_by(session, "name")["A"]["region_code"] is None


def test_half_a_grid_reference_is_refused(session: Session, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="column 'Easting' gives half of a grid reference"):
        import_organisations(session, path=write(tmp_path, "Name,Easting\nA,530000\n"))
    text = "Name,Easting,Northing\nA,530000,\nB,530000,180400\n"
    with pytest.raises(InvalidInput) as caught:
        import_organisations(session, path=write(tmp_path, text))
    assert caught.value.problems == [
        "row 2, column 'Northing': (blank) — expected the northing that goes with the easting "
        "530,000 (give both or neither)"
    ]
    assert count(session) == 0


def test_degrees_in_a_grid_column_are_refused(session: Session, tmp_path: Path) -> None:
    text = "Name,Easting,Northing\nA,-2.59,51.45\n"
    with pytest.raises(InvalidInput) as caught:
        import_organisations(session, path=write(tmp_path, text))
    assert (
        "row 2, column 'Easting': '-2.59' — expected a British National Grid"
        in (caught.value.problems[0])
    )


def test_a_grid_reference_file_reimported_with_blank_cells_clears_the_point(
    session: Session, tmp_path: Path
) -> None:
    import_organisations(session, path=write(tmp_path, "Name,Easting,Northing\nA,530000,180400\n"))
    assert orgs_by(session, "name")["A"]["latitude"] is not None
    report = import_organisations(session, path=write(tmp_path, "Name,Easting,Northing\nA,,\n"))
    assert dict(report.updated) == {"A": ["latitude", "longitude"]}
    assert orgs_by(session, "name")["A"]["latitude"] is None


def test_a_code_column_of_ods_codes_tells_same_names_apart_and_matches_on_reimport(
    session: Session, tmp_path: Path
) -> None:
    first = "Code,Name,Region\nNR5,Tarrowby Minds,N.E.\nNL3,Tarrowby Minds,Yorks & Humber\n"
    report = import_organisations(session, path=write(tmp_path, first))
    assert report.columns["Code"] == "ods_code" and len(report.created) == 2
    assert "column 'Code' read as ODS codes" in report.notes[0]
    ids = {code: org["id"] for code, org in orgs_by(session, "ods_code").items()}
    # Without the codes, the shared name cannot say which one a row means.
    with pytest.raises(InvalidInput) as caught:
        import_organisations(session, path=write(tmp_path, "Name\nTarrowby Minds\n", "n.csv"))
    assert "matches Tarrowby Minds and Tarrowby Minds" in caught.value.problems[0]
    # With them, the codes decide which is which, whatever the names say.
    renamed = "Code,Name\nnl3,Tarrowby Minds (York)\nNR5 ,Tarrowby Minds (Tyneside)\n"
    report = import_organisations(session, path=write(tmp_path, renamed, "again.csv"))
    assert not report.created and len(report.updated) == 2
    after = orgs_by(session, "ods_code")
    assert {code: org["id"] for code, org in after.items()} == ids
    assert after["NL3"]["name"] == "Tarrowby Minds (York)"
    assert after["NL3"]["region"] == "Yorkshire and The Humber"
