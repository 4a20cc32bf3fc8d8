"""`mutualscope codings`: adding, listing, removing and exporting codings."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from sqlalchemy.orm import Session
from tests.coding_world import build_world, ok

Cli = Callable[..., Result]


def test_codings_add_list_remove(cli: Cli, session: Session) -> None:
    build_world(session)
    ok(
        cli(
            "codings",
            "add",
            "case3-ceo.txt",
            "--code",
            "Austerity",
            "--match",
            "helped a lot",
            "--coder",
            "cara",
            "--memo",
            "Relief?",
        )
    )
    result = cli(
        "codings", "add", "case3-ceo.txt", "--code", "Austerity", "--match", "commissioners"
    )
    assert result.exit_code == 1 and "ambiguous" in result.output
    result = cli(
        "codings", "add", "case3-ceo.txt", "--code", "Austerity", "--start", "9", "--end", "3"
    )
    assert result.exit_code == 1 and "before start" in result.output
    page = json.loads(
        ok(cli("codings", "list", "--limit", "2", "--offset", "1", "--format", "json"))
    )
    assert len(page) == 2
    rows = json.loads(ok(cli("codings", "list", "--coder", "cara", "--format", "json")))
    assert [r["text"] for r in rows] == ["helped a lot"]
    memos = json.loads(
        ok(cli("memos", "list", "--coding", str(rows[0]["coding_id"]), "--format", "json"))
    )
    assert [m["text"] for m in memos] == ["Relief?"]
    ok(cli("codings", "remove", str(rows[0]["coding_id"])))
    assert cli("codings", "remove", "99999").exit_code == 1


def test_codings_export_formats(cli: Cli, session: Session, tmp_path: Path) -> None:
    build_world(session)
    text = ok(cli("codings", "export", "--format", "csv"))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 8 and "org_size_band" in rows[0]
    data = json.loads(ok(cli("codings", "export", "--format", "json", "--code", "Austerity")))
    assert {r["attribution"] for r in data} == {"(Commissioner)"}
    out = tmp_path / "codings.xlsx"
    ok(cli("codings", "export", "--format", "xlsx", "--out", str(out)))
    assert out.stat().st_size > 0
    assert cli("codings", "export", "--format", "xlsx").exit_code == 2
