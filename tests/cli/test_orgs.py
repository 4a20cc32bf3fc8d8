import json
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result
from tests.fuzz.inputs import corrupt_member

from mutualscope.demo.registry import REGISTRY_FILE

Cli = Callable[..., Result]

MESSY = (
    "Organisation name;GOR;No. of employees;Turnover;Year est.;Services\n"
    "Fenmarsh Health CIC;Eastern;1,000+;£43m;2011;Multiple community health services\n"
    "Oakby Care;Yorks & Humber;50-249;£500k;2011;GP | mental health\n"
)


@pytest.fixture
def demo(cli: Cli) -> Cli:
    result = cli("orgs", "import", str(REGISTRY_FILE))
    assert result.exit_code == 0, result.output
    return cli


def test_import_dry_run_then_import_then_reimport(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "messy.csv"
    path.write_text(MESSY, encoding="cp1252")
    dry = cli("orgs", "import", str(path), "--dry-run")
    assert dry.exit_code == 0
    assert "Would create 2, would update 0" in dry.output and "nothing was changed" in dry.output
    assert "semicolon-separated, cp1252" in dry.output
    assert json.loads(cli("orgs", "list", "--format", "json").output) == []
    assert "Created 2, updated 0, left 0 unchanged." in cli("orgs", "import", str(path)).output
    path.write_text(MESSY.replace("£500k", "£600k"), encoding="utf-8")
    again = cli("orgs", "import", str(path), "--format", "json")
    report = json.loads(again.output)
    assert (report["created"], report["updated"], report["unchanged"]) == (0, 1, 1)
    assert report["updated_fields"] == {"Oakby Care": ["turnover_gbp"]}


def test_bad_file_exits_non_zero_naming_rows_and_columns(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("Name,Region,Employees\nA,Atlantis,5\nB,London,lots\nC,London,5\n", "utf-8")
    result = cli("orgs", "import", str(path))
    assert result.exit_code == 1
    assert "2 rows with problems; nothing was imported" in result.output
    assert "row 2, column 'Region': 'Atlantis'" in result.output
    assert "row 3, column 'Employees': 'lots'" in result.output
    assert cli("orgs", "list", "--format", "json").output.strip() == "[]"
    skipped = cli("orgs", "import", str(path), "--skip-invalid")
    assert skipped.exit_code == 0 and "Created 1" in skipped.output
    assert "row 2, column 'Region'" in skipped.output


def test_import_refuses_a_file_that_is_not_a_spreadsheet(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7 ...")
    result = cli("orgs", "import", str(path))
    assert result.exit_code == 1 and "is a PDF document, not a CSV or XLSX file" in result.output


def test_stats_json_carries_denominator_known_missing_counts_and_shares(demo: Cli) -> None:
    result = demo("orgs", "stats", "--by", "region", "--where", "sector=health", "--format", "json")
    stats = json.loads(result.output)
    assert (stats["denominator"], stats["known"], stats["missing"]) == (52, 52, 0)
    east = next(v for v in stats["values"] if v["label"] == "East of England")
    assert (east["count"], east["percent"]) == (12, "23%")


def test_stats_table_and_csv(demo: Cli) -> None:
    table = demo("orgs", "stats", "--by", "size", "--where", "sector=health").output
    assert "fewer than 50" in table and "35%" in table and "52 organisations; known 52" in table
    csv_lines = demo("orgs", "stats", "--by", "services", "--format", "csv").output.splitlines()
    assert csv_lines[0] == "value,label,count,share,percent"
    assert csv_lines[1].startswith("community-health,multiple community health,20,")


def test_stats_refuses_an_unknown_field(demo: Cli) -> None:
    result = demo("orgs", "stats", "--by", "colour")
    assert result.exit_code == 1 and "Cannot count by 'colour'" in result.output


def test_summary_reproduces_the_seed(demo: Cli) -> None:
    text = " ".join(demo("orgs", "summary").output.split())
    for figure in (
        "(41 of 52)",
        "(12 of 52)",
        "(35%)",
        "19%",
        "less than £500,000",
        "over £43 million",
        "15%",
        "38%",
    ):
        assert figure in text
    paragraphs = json.loads(demo("orgs", "summary", "--format", "json").output)["paragraphs"]
    assert len(paragraphs) == 3


def test_list_and_show(demo: Cli) -> None:
    listed = demo("orgs", "list", "--where", "region=North East", "--where", "sector=health")
    assert listed.output.count("\n") == 3  # header, rule and the one organisation
    shown = demo("orgs", "show", "larchmere health partnership")
    assert "Larchmere Health Partnership" in shown.output and "1,000 or more" in shown.output
    missing = demo("orgs", "show", "Nowhere Mutual")
    assert missing.exit_code == 1 and "No organisation called 'Nowhere Mutual'" in missing.output


def test_map_and_chart_write_files(demo: Cli, tmp_path: Path) -> None:
    result = demo("orgs", "map", "--out", str(tmp_path / "m.png"), "--where", "sector=health")
    assert result.exit_code == 0 and "52 organisations" in result.output
    assert (tmp_path / "m.png").read_bytes().startswith(b"\x89PNG")
    chart = demo("orgs", "chart", "--by", "year", "--out", str(tmp_path / "c.svg"))
    assert chart.exit_code == 0 and (tmp_path / "c.svg").read_text("utf-8").startswith("<?xml")


def test_terms_and_add_term(cli: Cli) -> None:
    added = cli("orgs", "add-term", "service", "hospice care")
    assert "Added 'hospice care' to the service vocabulary (key hospice-care)" in added.output
    listed = json.loads(cli("orgs", "terms", "service", "--format", "json").output)
    assert {
        "vocabulary": "service",
        "key": "hospice-care",
        "label": "hospice care",
        "source": "project",
    }.items() <= next(t for t in listed if t["key"] == "hospice-care").items()
    assert cli("orgs", "add-term", "service", "GP").exit_code == 1


def test_add_term_refuses_a_label_past_the_column_on_every_backend(cli: Cli) -> None:
    # PostgreSQL refused a 201-character label mid-write; SQLite stored it.
    result = cli("orgs", "add-term", "service", "Hospice " * 25 + "care")
    assert result.exit_code == 1
    assert result.output == (
        "Error: A term's label is limited to 200 characters; this one has 204.\n"
    )
    assert cli("orgs", "add-term", "service", "?!").output == (
        "Error: A term's key needs a letter or digit; '?!' has none.\n"
    )
    assert "hospice" not in cli("orgs", "terms", "service").output.lower()


def test_import_of_a_damaged_workbook_is_one_line_and_changes_nothing(
    demo: Cli, tmp_path: Path
) -> None:
    # A bit-flipped workbook escaped as "zlib.error: Error -3 while decompressing data".
    workbook = openpyxl.Workbook()
    workbook.active.append(["Name", "Region"])
    for number in range(300):
        workbook.active.append([f"Mutual {number}", "London"])
    good = tmp_path / "good.xlsx"
    workbook.save(good)
    damaged = corrupt_member(good, tmp_path / "damaged.xlsx", "xl/worksheets/sheet1.xml")
    before = demo("orgs", "list", "--format", "json").output
    result = demo("orgs", "import", str(damaged))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {damaged}: not a valid XLSX workbook (")
    assert result.output.count("\n") == 1
    assert demo("orgs", "list", "--format", "json").output == before


REGISTRIES = Path(__file__).parent.parent / "fixtures" / "registries"


def test_import_of_an_nhs_style_extract_prints_notes_and_the_coastal_warning(cli: Cli) -> None:
    result = cli("orgs", "import", str(REGISTRIES / "nhs_style_providers.csv"))
    assert result.exit_code == 0, result.output
    assert "Created 9, updated 0, left 0 unchanged." in result.stdout
    assert "Kept as free attributes: ParentOrganisationCode, OrganisationType" in result.stdout
    assert "Note: column 'OrganisationType' is kept as an attribute" in result.stdout
    assert result.stderr == (
        "Warning: row 8: the point (53.8159, -3.0554) lies 0.1 km off the coast of North West, "
        "within the 5 km allowed for a point just off the coast; it is given North West. "
        "Check the coordinates if the organisation is elsewhere.\n"
    )
    shown = json.loads(cli("orgs", "show", "NT4", "--format", "json").output)
    assert (shown["name"], shown["region"]) == ("Skellow Hearing", "Yorkshire and The Humber")


def test_import_json_carries_warnings_and_notes(cli: Cli) -> None:
    path = str(REGISTRIES / "council_register_cp1252.csv")
    report = json.loads(cli("orgs", "import", path, "--dry-run", "--format", "json").output)
    assert report["created"] == 4 and report["dry_run"] is True
    assert report["columns"]["Code"] == "companies_house_number"
    assert report["notes"][0].startswith("column 'Code' read as Companies House numbers")
    assert len(report["warnings"]) == 1 and "off the coast of South East" in report["warnings"][0]
    assert json.loads(cli("orgs", "list", "--format", "json").output) == []


def test_import_of_a_companies_house_workbook_then_show_by_padded_number(cli: Cli) -> None:
    result = cli("orgs", "import", str(REGISTRIES / "companies_house_extract.xlsx"))
    assert result.exit_code == 0, result.output
    assert "Created 5" in result.output
    shown = json.loads(cli("orgs", "show", "07123456", "--format", "json").output)
    assert shown["name"] == "FENMARSH COMMUNITY HEALTH C.I.C."
    assert shown["companies_house_number"] == "07123456"


def test_import_refusing_an_ambiguous_region_exits_non_zero_and_changes_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "regions.csv"
    path.write_bytes(b"OrganisationName,Region_Name\r\nA,S.East\r\nB,Midlands\r\n")
    result = cli("orgs", "import", str(path))
    assert result.exit_code == 1
    assert "row 3, column 'Region_Name': 'Midlands' — expected one region" in result.output
    assert "East Midlands or West Midlands; write which" in result.output
    assert json.loads(cli("orgs", "list", "--format", "json").output) == []
