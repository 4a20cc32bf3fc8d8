"""`mutualscope matrix` and `mutualscope cooccurrence`."""

from __future__ import annotations

import json
from collections.abc import Callable

from click.testing import Result
from sqlalchemy.orm import Session
from tests.coding_world import build_world, ok

Cli = Callable[..., Result]


def test_matrix_and_cooccurrence(cli: Cli, session: Session) -> None:
    build_world(session)
    table = ok(cli("matrix", "--cols", "role"))
    assert table.splitlines()[0].split() == ["code", "CEO", "Commissioner", "Nurse"]
    cells = json.loads(ok(cli("matrix", "--cols", "case", "--rollup", "--format", "json")))
    funding = next(c for c in cells if c["row"] == "Funding sources" and c["column"] == "Case 3")
    assert funding["value"] == 4
    quotes = json.loads(
        ok(
            cli(
                "matrix",
                "--cols",
                "role",
                "--cell",
                "Austerity",
                "commissioner",
                "--format",
                "json",
            )
        )
    )
    assert len(quotes) == 2
    text = ok(cli("cooccurrence", "--scope", "document", "--format", "csv"))
    assert text.startswith("row,column,row_dimension,column_dimension,measure,value")
    assert cli("matrix", "--cols", "colour").exit_code == 1
