"""`mutualscope codes`: the codebook from the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from tests.coding_world import ok

Cli = Callable[..., Result]


def test_codes_commands(cli: Cli, tmp_path: Path) -> None:
    ok(
        cli(
            "codes",
            "add",
            "Funding sources/Surplus",
            "--definition",
            "Reinvested",
            "--colour",
            "#123",
        )
    )
    assert "Funding sources  [0]\n  Surplus  [0]" in ok(cli("codes", "tree"))
    ok(cli("codes", "rename", "Funding sources/Surplus", "Surplus reinvested"))
    ok(cli("codes", "add", "Barriers"))
    ok(cli("codes", "move", "Funding sources", "--under", "Barriers"))
    rows = json.loads(ok(cli("codes", "list", "--format", "json")))
    assert [r["path"] for r in rows] == [
        "Barriers",
        "Barriers/Funding sources",
        "Barriers/Funding sources/Surplus reinvested",
    ]
    assert rows[2]["colour"] == "#112233"
    out = tmp_path / "book.csv"
    ok(cli("codes", "export", "--format", "csv", "--out", str(out)))
    assert out.read_text().startswith("path,definition,colour\n")
    ok(cli("codes", "delete", "Barriers"))
    assert "empty" in ok(cli("codes", "tree"))
    assert "1 added" not in ok(cli("codes", "import", str(out)))
    assert "seed" in ok(cli("codes", "preset"))
    assert "added" in ok(cli("codes", "preset", "seed"))


def test_codes_bad_input_exits_non_zero(cli: Cli) -> None:
    result = cli("codes", "add", "Funding//Surplus")
    assert result.exit_code == 1 and "has an empty level (level 2)" in result.output
    ok(cli("codes", "add", "A/B"))
    result = cli("codes", "move", "A", "--under", "A/B")
    assert result.exit_code == 1 and "cycle" in result.output
    assert cli("codes", "merge", "A", "Nope").exit_code == 1
