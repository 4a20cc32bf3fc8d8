"""``mutualscope refi import`` of a QualCoder project folder or its data.qda."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

from click.testing import Result
from tests.io.qualcoder.builder import QualCoderBuilder
from tests.io.qualcoder.projects import build_quirks

Cli = Callable[..., Result]


def test_refi_import_of_a_qualcoder_folder(cli: Cli, tmp_path: Path) -> None:
    quirks = build_quirks(tmp_path / "study.qda")
    refused = cli("refi", "import", str(quirks.folder), "--format", "json")
    assert refused.exit_code == 1
    assert (
        "1 coding(s) in study.qda are doubtful: their words are not surely where" in refused.output
    )
    assert "--accept-doubtful" in refused.output
    report = json.loads(refused.output[: refused.output.rindex("}") + 1])
    assert report["kind"] == "qualcoder"
    assert report["doubtful_codings"][0]["words"] == "Funding is short-term."
    assert json.loads(cli("docs", "list", "--format", "json").output) == []
    result = cli("refi", "import", str(quirks.folder), "--accept-doubtful")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("QualCoder import of study.qda (from QualCoder 3.6")
    assert "Imported: 2 coders, 12 codes, 2 cases, 3 documents, 8 codings" in result.output
    assert "image source 'photo.jpg'" in result.output
    doubtful = json.loads(cli("refi", "doubtful", "--format", "json").output)
    assert [d["words"] for d in doubtful] == ["Funding is short-term."]
    again = cli("refi", "import", str(quirks.data), "--accept-doubtful")
    assert again.exit_code == 0 and "nothing was imported again" in again.output


def test_refi_import_refuses_an_old_qualcoder_project(cli: Cli, tmp_path: Path) -> None:
    folder = QualCoderBuilder(tmp_path / "old.qda").save()
    db = sqlite3.connect(folder / "data.qda")
    db.execute("UPDATE project SET databaseversion = 'v2'")
    db.commit()
    db.close()
    result = cli("refi", "import", str(folder))
    assert result.exit_code == 1
    assert "QualCoder database version v2 is too old; mutualscope reads v4 to v17" in result.output
    assert "Open the project once in QualCoder" in result.output


def test_refi_import_of_a_folder_that_is_no_qualcoder_project(cli: Cli, tmp_path: Path) -> None:
    result = cli("refi", "import", str(tmp_path))
    assert result.exit_code == 1
    assert "is a folder, neither a REFI-QDA file (.qdpx, .qdc) nor a QualCoder" in result.output
