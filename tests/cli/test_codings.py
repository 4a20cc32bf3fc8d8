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


def test_codings_add_twice_reports_the_coding_there_is(cli: Cli, session: Session) -> None:
    world = build_world(session)
    args = ("codings", "add", "case3-ceo.txt", "--code", "Austerity", "--match", "helped a lot")
    first = ok(cli(*args, "--coder", "cara"))
    assert first.startswith("Added coding ")
    again = ok(cli(*args, "--coder", "cara", "--memo", "Said twice"))
    coding_id = first.split()[2]
    assert again == (
        f"Coding {coding_id} ({first.split('(')[1].split(')')[0]}) already codes this span "
        "with Austerity by cara; nothing was added; the memo was added to it.\n"
    )
    assert "without a coder" in ok(cli(*args)) + ok(cli(*args))
    rows = json.loads(ok(cli("codings", "list", "--code", "Austerity", "--format", "json")))
    helped = [(r["text"], r["coder"]) for r in rows if r["document"] == world.ceo_doc.name]
    assert sorted(helped, key=str) == sorted(
        [("helped a lot", "cara"), ("helped a lot", None)], key=str
    )
    memos = json.loads(ok(cli("memos", "list", "--coding", coding_id, "--format", "json")))
    assert [m["text"] for m in memos] == ["Said twice"]
