import pytest

from mutualscope.domain.columns import match_header


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Organisation Name", "name"),
        ("Provider", "name"),
        ("GOR", "region"),
        ("No. of employees", "employees"),
        ("Annual Turnover", "turnover"),
        ("Company No.", "companies_house_number"),
        ("ODS code", "ods_code"),
        ("Year est.", "year_established"),
        ("Spun out from", "parent_body"),
        ("Lat", "latitude"),
        ("Services provided", "services"),
    ],
)
def test_match_header_knows_common_synonyms(header: str, field: str) -> None:
    assert match_header(0, header).field == field


def test_unknown_header_is_a_free_attribute() -> None:
    match = match_header(3, "Board chair")
    assert match.field is None and match.header == "Board chair" and match.index == 3


@pytest.mark.parametrize(
    ("header", "scale"),
    [("Turnover (£)", 1), ("Turnover (£000)", 1000), ("Income £k", 1000), ("Turnover £m", 10**6)],
)
def test_turnover_header_units_scale_plain_numbers(header: str, scale: int) -> None:
    match = match_header(0, header)
    assert match.field == "turnover" and match.scale == scale


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("OrganisationName", "name"),
        ("Organisation_Name", "name"),
        ("ORGANISATION_NAME", "name"),
        ("organisationName", "name"),
        ("Org Name", "name"),
        ("CompanyName", "name"),
        ("OrganisationCode", "ods_code"),
        ("ODSCode", "ods_code"),
        ("CompanyNumber", "companies_house_number"),
        (" CompanyNumber", "companies_house_number"),
        ("Companies_House_No", "companies_house_number"),
        ("CHNumber", "companies_house_number"),
        ("RegisteredCharityNumber", "charity_number"),
        ("Region_Name", "region"),
        ("RegionName", "region"),
        ("RGN23NM", "region"),
        ("NumberOfEmployees", "employees"),
        ("No_of_Employees", "employees"),
        ("AnnualTurnover", "turnover"),
        ("YearEst", "year_established"),
        ("IncorporationDate", "year_established"),
        ("CompanyStatus", "status"),
        ("PostCode", "postcode"),
        ("RegAddress.PostCode", "postcode"),
        ("Easting", "easting"),
        ("OSNRTH1M", "northing"),
    ],
)
def test_match_header_splits_camel_case_and_underscores(header: str, field: str) -> None:
    assert match_header(0, header).field == field


@pytest.mark.parametrize(
    "header",
    [
        "ParentOrganisationCode",
        "Parent_Organisation_Code",
        "OrganisationSubType",
        "OrganisationNameHistory",
        "PreviousName",
        "CompanyCategory",
        "SICCode.SicText_1",
        "RegAddress.AddressLine1",
        "NameChangeDate",
    ],
)
def test_match_header_leaves_unrelated_camel_case_columns_as_attributes(header: str) -> None:
    assert match_header(0, header).field is None


def test_organisation_type_is_never_the_name_or_an_identifier() -> None:
    assert match_header(0, "OrganisationType").field not in (
        "name",
        "ods_code",
        "companies_house_number",
    )
