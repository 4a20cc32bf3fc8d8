"""``mutualscope protect scan`` on SQLite (and PostgreSQL when MUTUALSCOPE_TEST_PG is set)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

FIXTURES = Path(__file__).parents[1] / "fixtures" / "protection" / "cli"


def scan_json(cli: Callable[..., Result], *args: str) -> dict[str, object]:
    result = cli("protect", "scan", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)  # type: ignore[no-any-return]


def stored_text(cli: Callable[..., Result], name: str) -> str:
    return json.loads(cli("docs", "show", name, "--format", "json").output)["text"]  # type: ignore[no-any-return]


def test_protect_scan_finds_the_words_in_a_bom_crlf_emoji_file(
    cli: Callable[..., Result],
) -> None:
    assert cli("docs", "import", str(FIXTURES / "bom-crlf-emoji.txt")).exit_code == 0
    cli("people", "add", "Case 1 CEO", "--role", "ceo", "--real-name", "Sarah Jenkins")
    data = scan_json(cli, "bom-crlf-emoji.txt", "--model", "off")
    text = stored_text(cli, "bom-crlf-emoji.txt")
    findings = data["findings"]
    assert isinstance(findings, list)
    # Offsets are code points into the stored text (no BOM, \n line ends): after the
    # emoji they differ from UTF-16 offsets, and the words must still be the words.
    for f in findings:
        assert text[f["start"] : f["end"]] == f["text"]
    assert [(f["kind"], f["text"]) for f in findings] == [
        ("person", "Sarah"),
        ("person", "Dave\nPatel"),
        ("organisation", "Luton Borough Council"),
        ("phone", "07700 900123"),
        ("email", "dave.patel@luton.example.gov.uk"),
        ("nhs-number", "943 476 5919"),
        ("person", "Hope"),
        ("person", "Sarah"),
        ("person", "Hope"),
        ("place", "Reading"),
        ("postcode", "RG1 2LU"),
    ]
    assert data["model"] is None
    assert {s["kind"]: s["findings"] for s in data["summary"]}["person"] == 5  # type: ignore[union-attr, index]


def test_protect_scan_utf16_file_same_words(cli: Callable[..., Result]) -> None:
    cli("docs", "import", str(FIXTURES / "utf16.txt"))
    data = scan_json(cli, "--all", "--kind", "person", "--kind", "postcode", "--model", "off")
    text = stored_text(cli, "utf16.txt")
    words = [(f["kind"], text[f["start"] : f["end"]]) for f in data["findings"]]  # type: ignore[union-attr, index]
    assert words == [
        ("person", "Priya"),
        ("person", "Dave\nPatel"),
        ("person", "Hope"),
        ("person", "Priya"),
        ("person", "Hope"),
        ("postcode", "RG1 2LU"),
    ]


def test_protect_scan_table_names_the_model(cli: Callable[..., Result]) -> None:
    cli("docs", "import", str(FIXTURES / "bom-crlf-emoji.txt"))
    result = cli("protect", "scan", "--all")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == [
        "document",
        "start",
        "end",
        "kind",
        "text",
        "confidence",
        "source",
        "context",
    ]
    assert "Named-entity model: en_core_web_sm 3.8" in result.output
    assert "kind" in result.output and "distinct" in result.output
    without = cli("protect", "scan", "--all", "--model", "off")
    assert "Scanned with rules and gazetteers only" in without.output
    assert "pip install 'mutualscope[protection]'" in without.output


def test_protect_scan_csv(cli: Callable[..., Result]) -> None:
    cli("docs", "import", str(FIXTURES / "bom-crlf-emoji.txt"))
    result = cli("protect", "scan", "--all", "--model", "off", "--kind", "phone", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["kind"], r["text"], r["source"], r["rule"]) for r in rows] == [
        ("phone", "07700 900123", "rule", "UK phone number")
    ]
    shown = json.loads(cli("docs", "show", "bom-crlf-emoji.txt", "--format", "json").output)
    assert rows[0]["document_checksum"] == shown["checksum"]


def test_protect_scan_empty_project_and_nothing_found(cli: Callable[..., Result]) -> None:
    result = cli("protect", "scan", "--all")
    assert result.exit_code == 0
    assert "No personal data found." in result.output
    assert "0 document(s)" in result.output


def test_protect_scan_bad_input(cli: Callable[..., Result]) -> None:
    cli("docs", "import", str(FIXTURES / "bom-crlf-emoji.txt"))
    before = stored_text(cli, "bom-crlf-emoji.txt")
    missing = cli("protect", "scan")
    assert missing.exit_code != 0
    assert "Name one or more (by name or id) or give --all" in missing.output
    unknown = cli("protect", "scan", "nope.txt")
    assert unknown.exit_code != 0 and "No document 'nope.txt'" in unknown.output
    both = cli("protect", "scan", "bom-crlf-emoji.txt", "--all")
    assert both.exit_code != 0 and "not both" in both.output
    kind = cli("protect", "scan", "--all", "--kind", "name")
    assert kind.exit_code == 2 and "'name' is not one of 'person'" in kind.output
    assert stored_text(cli, "bom-crlf-emoji.txt") == before
