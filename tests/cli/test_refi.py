from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from tests.io.refi.helpers import FIXTURES

from mutualscope.io.refi import read_qdc

Cli = Callable[..., Result]


def test_refi_import_prints_the_report(cli: Cli) -> None:
    result = cli("refi", "import", str(FIXTURES / "atlas_like.qdpx"))
    assert result.exit_code == 0, result.output
    assert "Imported: 2 coders, 5 codes" in result.output
    assert "picture source 'Board photo.jpg'" in result.output


def test_refi_import_json_and_dry_run(cli: Cli) -> None:
    result = cli(
        "refi", "import", str(FIXTURES / "nvivo_like.qdpx"), "--dry-run", "--format", "json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["dry_run"] is True and data["imported"]["codings"] == 4
    again = cli("refi", "import", str(FIXTURES / "nvivo_like.qdpx"))
    assert again.exit_code == 0, again.output


def test_refi_import_refuses_another_file_without_merge(cli: Cli, tmp_path: Path) -> None:
    assert cli("refi", "import", str(FIXTURES / "spec_annex_a1.qdc")).exit_code == 0
    other = tmp_path / "other.qdc"
    other.write_bytes((FIXTURES / "spec_annex_a1.qdc").read_bytes() + b"\r\n")
    result = cli("refi", "import", str(other))
    assert result.exit_code == 1
    assert "already has 6 codes" in result.output
    merged = cli("refi", "import", str(other), "--merge")
    assert merged.exit_code == 0 and "Matched existing: 6 codes" in merged.output


def test_refi_import_of_a_file_already_imported_changes_nothing(cli: Cli) -> None:
    assert cli("refi", "import", str(FIXTURES / "spec_annex_a1.qdc")).exit_code == 0
    again = cli("refi", "import", str(FIXTURES / "spec_annex_a1.qdc"), "--format", "json")
    assert again.exit_code == 0, again.output
    data = json.loads(again.output)
    assert data["earlier_import"] is not None and data["imported"] == {}
    assert data["memo_id"] is None
    memos = json.loads(cli("memos", "list", "--format", "json").output)
    assert [m["title"] for m in memos] == ["REFI-QDA import: spec_annex_a1.qdc"]


def test_refi_import_bad_file_exits_non_zero(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "notes.qdpx"
    path.write_text("hello")
    result = cli("refi", "import", str(path))
    assert result.exit_code == 1
    assert "is not a zip archive" in result.output


def test_refi_export_writes_a_qdpx(cli: Cli, tmp_path: Path) -> None:
    cli("refi", "import", str(FIXTURES / "atlas_like.qdpx"))
    out = tmp_path / "out.qdpx"
    result = cli("refi", "export", "--out", str(out), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["counts"]["codings"] == 9
    assert out.exists()


def test_codes_export_qdc_writes_a_valid_codebook(cli: Cli, tmp_path: Path) -> None:
    cli("refi", "import", str(FIXTURES / "nested_sets.qdc"))
    out = tmp_path / "codes.qdc"
    result = cli("codes", "export", "--format", "qdc", "--out", str(out))
    assert result.exit_code == 0, result.output
    codebook = read_qdc(out)
    assert codebook.problems == [] and codebook.codes[0].name == "Governance"
    missing = cli("codes", "export", "--format", "qdc")
    assert missing.exit_code != 0 and "--out" in missing.output
