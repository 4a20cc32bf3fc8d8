"""``mutualscope people``."""

from __future__ import annotations

import json
from collections.abc import Callable

from click.testing import Result


def test_people_add_and_list(cli: Callable[..., Result]) -> None:
    cli("cases", "add", "Case 4")
    added = cli("people", "add", "Case 4 Nurse", "--role", "nurse", "--case", "Case 4")
    assert added.exit_code == 0, added.output
    cli("people", "add", "Commissioner A", "--role", "commissioner", "--external")
    rows = json.loads(cli("people", "list", "--format", "json").output)
    assert [(r["label"], r["role"], r["role_group"], r["case"], r["external"]) for r in rows] == [
        ("Case 4 Nurse", "nurse", "staff", "Case 4", False),
        ("Commissioner A", "commissioner", "external", None, True),
    ]
    staff = cli("people", "list", "--role", "staff", "--format", "csv").output.splitlines()
    assert staff[0] == "id,label,role,role_group,case,external,consent,quoting"
    assert [line.split(",")[1] for line in staff[1:]] == ["Case 4 Nurse"]


def test_people_add_unknown_role(cli: Callable[..., Result]) -> None:
    result = cli("people", "add", "X", "--role", "wizard")
    assert result.exit_code == 1
    assert "Unknown role 'wizard'" in result.output


def test_people_roles_and_add_role(cli: Callable[..., Result]) -> None:
    assert cli("people", "add-role", "pharmacist", "--group", "staff").exit_code == 0
    rows = json.loads(cli("people", "roles", "--format", "json").output)
    assert {"key": "pharmacist", "label": "Pharmacist", "group": "staff"} in rows
    assert {"key": "support provider", "label": "Support provider", "group": "external"} in rows
