"""``mutualscope cases``."""

from __future__ import annotations

import json
from collections.abc import Callable

from click.testing import Result


def test_cases_add_and_list(cli: Callable[..., Result]) -> None:
    assert cli("cases", "add", "Case 1").exit_code == 0
    result = cli("cases", "list", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    assert [(r["label"], r["organisation"], r["participants"], r["documents"]) for r in rows] == [
        ("Case 1", None, 0, 0)
    ]


def test_cases_add_unknown_organisation_is_an_error(cli: Callable[..., Result]) -> None:
    result = cli("cases", "add", "Case 2", "--org", "Nowhere CIC")
    assert result.exit_code == 1
    assert "No organisation named 'Nowhere CIC'" in result.output


def test_cases_help_has_example(cli: Callable[..., Result]) -> None:
    assert "Example:" in cli("cases", "add", "--help").output
