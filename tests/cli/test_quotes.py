"""`mutualscope quotes`."""

from __future__ import annotations

import json
from collections.abc import Callable

from click.testing import Result
from sqlalchemy.orm import Session
from tests.coding_world import build_world, ok

Cli = Callable[..., Result]


def test_quotes_formats_filters_and_styles(cli: Cli, session: Session) -> None:
    build_world(session)
    quotes = json.loads(
        ok(cli("quotes", "Funding sources", "--subcodes", "--role", "CEO", "--format", "json"))
    )
    assert {q["attribution"] for q in quotes} == {"(CEO, case 3)"}
    md = ok(cli("quotes", "Austerity", "--coder", "ana", "--format", "md"))
    assert "(Commissioner)" in md and "case3-commissioner.txt" in md
    styled = ok(cli("quotes", "Funding sources/Surplus", "--coder", "ana", "--style", "of"))
    assert "(CEO of case 3)" in styled
    big = json.loads(
        ok(cli("quotes", "Austerity", "--where", "org.employees_min>=1000", "--format", "json"))
    )
    assert len(big) == 2
    header = ok(cli("quotes", "Austerity", "--format", "csv")).splitlines()[0]
    assert header.startswith("coding_id,code,text,attribution,role")


def test_quotes_refusals(cli: Cli, session: Session) -> None:
    build_world(session)
    result = cli("quotes", "Austerity", "--where", "employees>1000")
    assert result.exit_code == 1 and "org.FIELD" in result.output
    result = cli("quotes", "Nope")
    assert result.exit_code == 1 and "No code" in result.output
