"""The large inputs of issue 13 item 11, each answered by the real command and measured:

    .venv/bin/python -m tests.fuzz.measure [--timeout 60] [--only docx-300k-paragraphs]

Prints one line per input: exit code, wall seconds, peak RSS and the first line of the
answer. The inputs are generated into a temporary folder and removed afterwards.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Callable
from pathlib import Path

from mutualscope.services.project import init_project
from tests.fuzz.inputs import (
    write_docx_bomb,
    write_docx_paragraphs,
    write_odt_bomb,
    write_registry_csv,
    write_short_registry_csv,
)
from tests.fuzz.process import Run, run_mutualscope

GB = 1024**3

#: name -> (file name, writer, command before the file)
INPUTS: dict[str, tuple[str, Callable[[Path], Path], tuple[str, ...]]] = {
    "registry-csv-1m-rows": (
        "registry.csv",
        lambda path: write_registry_csv(path, 1_000_000),
        ("orgs", "import"),
    ),
    "registry-csv-1m-short-rows": (
        "short-rows.csv",
        lambda path: write_short_registry_csv(path, 1_000_000),
        ("orgs", "import"),
    ),
    "docx-300k-paragraphs": (
        "paragraphs.docx",
        lambda path: write_docx_paragraphs(path, 300_000),
        ("docs", "import"),
    ),
    "docx-bomb-2gb": ("bomb.docx", lambda path: write_docx_bomb(path, 2 * GB), ("docs", "import")),
    "odt-bomb-2gb": ("bomb.odt", lambda path: write_odt_bomb(path, 2 * GB), ("docs", "import")),
}


def measure(
    name: str, workdir: Path, *, timeout: float, address_space: int = 4 * GB
) -> tuple[Path, Run]:
    filename, write, command = INPUTS[name]
    path = write(workdir / filename)
    db = workdir / f"{name}.db"
    init_project(db)[0].close()
    run = run_mutualscope(
        str(db), *command, str(path), timeout=timeout, address_space=address_space
    )
    return path, run


def first_line(run: Run) -> str:
    for line in (run.stderr + run.stdout).splitlines():
        if line.startswith(("Error:", "Failed:", "Traceback")):
            return line[:160]
    return (run.stderr + run.stdout).strip().splitlines()[-1][:160] if run.stderr else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--only", action="append", choices=sorted(INPUTS))
    parser.add_argument(
        "--address-space-gb", type=float, default=4.0, help="The most each run may reserve."
    )
    options = parser.parse_args()
    for name in options.only or INPUTS:
        with tempfile.TemporaryDirectory(prefix="mutualscope-measure-") as folder:
            path, run = measure(
                name,
                Path(folder),
                timeout=options.timeout,
                address_space=int(options.address_space_gb * GB),
            )
            size = path.stat().st_size / 1024**2
            ended = "timed out" if run.timed_out else f"exit {run.returncode}"
            print(
                f"{name}: {size:.1f} MB file, {ended}, {run.seconds:.1f} s, "
                f"peak RSS {run.peak_rss_mb:.0f} MB: {first_line(run)}",
                flush=True,
            )


if __name__ == "__main__":
    main()
