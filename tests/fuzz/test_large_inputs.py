"""The large inputs of issue 13 item 11, through the real commands: each is answered within
60 s and under 1 GB of memory, with one line naming the limit, and the project unchanged.

Before, a 1,000,000-row registry ran for minutes past 3.7 GB, a .docx of 300,000
paragraphs took over 217 s, and .docx and .odt files inflating to 2 GB reached 3 to
16 GB (docs/reliability.md has the figures). The inputs are generated here, never
checked in; ``python -m tests.fuzz.measure`` measures them at full size.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.fuzz.inputs import (
    write_docx_bomb,
    write_docx_paragraphs,
    write_odt_bomb,
    write_short_registry_csv,
)
from tests.fuzz.process import run_mutualscope
from tests.fuzz.project import fingerprint

pytestmark = pytest.mark.slow

MB = 1024 * 1024
LARGE: dict[str, tuple[str, Callable[[Path], Path], tuple[str, ...], str]] = {
    "registry-1m-rows": (
        "registry.csv",
        lambda path: write_short_registry_csv(path, 1_000_000),
        ("orgs", "import"),
        r"registry.csv: more than 100,000 rows below the header; that is the limit for one "
        r"file\. Split it into smaller files\.",
    ),
    "docx-300k-paragraphs": (
        "paragraphs.docx",
        lambda path: write_docx_paragraphs(path, 300_000),
        ("docs", "import"),
        r"paragraphs\.docx: the \.docx file's word/document\.xml has more than 100,000 "
        r"paragraphs; that is the limit\.",
    ),
    "docx-bomb": (
        "bomb.docx",
        lambda path: write_docx_bomb(path, 300 * MB),
        ("docs", "import"),
        r"bomb\.docx: the \.docx file's XML unpacks to 30\d(\.\d)? MB; the limit is 64 MB\.",
    ),
    "odt-bomb": (
        "bomb.odt",
        lambda path: write_odt_bomb(path, 300 * MB),
        ("docs", "import"),
        r"bomb\.odt: the \.odt file's XML unpacks to 30\d(\.\d)? MB; the limit is 64 MB\.",
    ),
}


@pytest.mark.parametrize("name", sorted(LARGE))
def test_large_input_is_refused_in_time_and_memory_naming_the_limit(
    name: str, db_url: str, tmp_path: Path
) -> None:
    filename, write, command, pattern = LARGE[name]
    path = write(tmp_path / filename)
    before = fingerprint(db_url)
    run = run_mutualscope(db_url, *command, str(path))
    assert run.returncode == 1, run.stderr
    refusals = [line for line in run.stderr.splitlines() if line.startswith(("Error:", "Failed:"))]
    assert len(refusals) == 1 and re.search(pattern + "$", refusals[0]), run.stderr
    assert "Traceback" not in run.stderr
    assert run.seconds < 60 and run.peak_rss_mb < 1024, (run.seconds, run.peak_rss_mb)
    assert fingerprint(db_url) == before
