"""``people consent``, ``people consent-rule`` and ``audit`` on the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result


@pytest.fixture
def person(cli: Callable[..., Result]) -> None:
    assert cli("people", "add", "P7", "--role", "nurse").exit_code == 0


def test_consent_cli_records_shows_and_lists(
    cli: Callable[..., Result], person: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MUTUALSCOPE_USER", "ana")
    recorded = cli(
        "people", "consent", "P7", "--quoting", "yes", "--archiving", "no",
        "--date", "2026-03-01", "--form", "forms/P7.pdf", "--format", "json",
    )  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    [row] = json.loads(recorded.output)
    assert row == {
        "participant": "P7", "role": "nurse", "case": None, "status": "given",
        "interview": "unknown", "quoting": "granted", "archiving": "refused",
        "reuse": "unknown", "date": "2026-03-01", "form": "forms/P7.pdf", "withdrawn_at": None,
    }  # fmt: skip
    listed = cli("people", "consent", "--list", "--format", "csv")
    assert listed.output.splitlines()[0].startswith("participant,role,case,status,interview")
    people = json.loads(cli("people", "list", "--format", "json").output)
    assert people[0]["quoting"] == "granted"
    audit = json.loads(cli("audit", "--kind", "participant", "--format", "json").output)
    # The participant was added before MUTUALSCOPE_USER was set: by the login name.
    assert (audit[0]["action"], audit[0]["actor"]) == ("set-consent", "ana")
    assert [e["action"] for e in audit] == ["set-consent", "create"]
    assert "set-consent" in cli("audit", "--user", "ana", "--since", "2020-01-01").output


def test_consent_cli_refuses_muddled_options(cli: Callable[..., Result], person: None) -> None:
    for args in (
        ("people", "consent"),
        ("people", "consent", "--list", "--quoting", "yes"),
        ("people", "consent", "P7", "--dry-run"),
        ("people", "consent", "P7", "--quoting", "maybe"),
        ("people", "consent", "P7", "--date", "1 March"),
        ("audit", "--since", "last week"),
    ):
        result = cli(*args)
        assert result.exit_code != 0, args


def test_consent_cli_import_and_rule(
    cli: Callable[..., Result], person: None, tmp_path: Path
) -> None:
    sheet = tmp_path / "consent.csv"
    sheet.write_text("Participant;Quoting;Reuse\r\nP7;yes;no\r\n", encoding="cp1252")
    dry = cli("people", "consent", "--import", str(sheet), "--dry-run")
    assert dry.exit_code == 0 and "Would record consent for 1 participant(s)" in dry.output
    assert json.loads(cli("people", "list", "--format", "json").output)[0]["quoting"] == "unknown"
    done = cli("people", "consent", "--import", str(sheet))
    assert "Recorded consent for 1 participant(s)" in done.output
    assert "quote people whose consent" in cli("people", "consent-rule").output
    refuse = cli("people", "consent-rule", "refuse")
    assert "leave out quotes" in refuse.output
