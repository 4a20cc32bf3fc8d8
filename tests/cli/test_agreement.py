"""`mutualscope agreement`."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from click.testing import Result
from sqlalchemy.orm import Session
from tests.coding_world import build_world, ok

Cli = Callable[..., Result]


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_agreement_formats(cli: Cli, session: Session, fmt: str) -> None:
    build_world(session)
    output = ok(cli("agreement", "--coders", "ana", "ben", "--format", fmt))
    if fmt == "json":
        report = json.loads(output)
        assert report["coders"] == ["ana", "ben"] and report["unit"] == "character"
        assert "characters" in report["compared"]
        assert report["pooled"]["kappa"] is not None
    elif fmt == "csv":
        assert output.splitlines()[-1].startswith("(pooled),")
    else:
        assert "Units: characters" in output and "(pooled)" in output


def test_agreement_refusals(cli: Cli, session: Session) -> None:
    build_world(session)
    result = cli("agreement", "--coders", "ana")
    assert result.exit_code == 1 and "two different coders" in result.output
    assert cli("agreement", "--coders", "ana", "zed").exit_code == 1
