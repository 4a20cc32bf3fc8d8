"""`mutualscope serve` and ordinary commands on one project at once: coders add and
remove codings through the server while imports, backups, status, listings, new users
and (on SQLite) a plain sqlite3 reader run in processes of their own. After the server
stops, every acknowledged write is in the reopened project, nothing removed came back,
no request failed and the project file passes SQLite's integrity check.

The long version (20 coders for 60 s) is `make load-test` (bench/mixed_writers.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.mixed_writers import run_mixed_writers

pytestmark = pytest.mark.slow


def test_serve_beside_commands_keeps_every_write(db_url: str, tmp_path: Path) -> None:
    result = run_mixed_writers(db_url, tmp_path, seconds=6, clients=4)
    assert result.problems == []
    assert result.ok
    assert result.codings_added > 20
    assert result.codings_removed > 0
    assert result.commands_run >= 5
