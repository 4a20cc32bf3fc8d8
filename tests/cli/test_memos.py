"""`mutualscope memos`."""

from __future__ import annotations

import json
from collections.abc import Callable

from click.testing import Result
from sqlalchemy.orm import Session
from tests.coding_world import build_world, ok

Cli = Callable[..., Result]


def test_memos_add_and_list(cli: Cli, session: Session) -> None:
    build_world(session)
    ok(cli("memos", "add", "Check the date", "--doc", "case3-ceo.txt", "--author", "ana"))
    ok(cli("memos", "add", "Theme is thin", "--code", "Austerity", "--title", "Austerity"))
    ok(cli("memos", "add", "Overall"))
    memos = json.loads(ok(cli("memos", "list", "--format", "json")))
    assert [(m["on"], m["target"]) for m in memos] == [
        ("document", "case3-ceo.txt"),
        ("code", "Austerity"),
        ("project", None),
    ]
    assert len(json.loads(ok(cli("memos", "list", "--project", "--format", "json")))) == 1
    result = cli("memos", "add", "x", "--doc", "case3-ceo.txt", "--code", "Austerity")
    assert result.exit_code == 1 and "at most one" in result.output
