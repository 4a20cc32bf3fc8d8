"""mutualscope as a side of the comparison, through its services in this process.

Documents go through the transcript import service, codes through the codebook
service, highlights through ``add_coding`` (one session per client thread), exports
through the codings export rows and the codebook exporter. A service that does not
exist yet makes its phase :class:`~bench.side.NotMeasured`, named in the results.
"""

from __future__ import annotations

import csv
import importlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.side import Adder, Imported, NotMeasured


class MutualscopeSide:
    tool = "mutualscope"
    offset_unit = "chars"

    def __init__(self) -> None:
        self.project: Any = None
        self.files: Path | None = None

    def start(self, workdir: Path) -> None:
        from mutualscope.services.project import init_project

        workdir.mkdir(parents=True, exist_ok=True)
        self.files = workdir / "files"
        self.files.mkdir(exist_ok=True)
        self.project, _ = init_project(workdir / "mutualscope.db")
        # A server has its code loaded before the first request; so does this side.
        for module in ("codebook", "codebook_exchange", "codings", "imports"):
            importlib.import_module(f"mutualscope.services.{module}")

    def stop(self) -> None:
        if self.project is not None:
            self.project.close()

    def memory_pid(self, phase: str) -> int | None:
        return None

    def import_documents(self, files: list[tuple[str, bytes]]) -> Imported:
        """Each file through the import service in this process (memory sampled here)."""
        importer = transcript_importer()
        assert self.files is not None, "mutualscope side not started"
        ids = []
        for name, data in files:
            path = self.files / name
            path.write_bytes(data)
            with self.project.session() as session:
                ids.append(importer(session, path))
        return ids, None, None

    def document_text(self, document: int) -> str:
        from mutualscope.storage.models import Document

        with self.project.session() as session:
            found = session.get(Document, document)
            assert found is not None, f"no document {document}"
            return str(found.text)

    def create_code(self, code: dict[str, Any]) -> None:
        from mutualscope.services.codebook import add_code

        with self.project.session() as session:
            add_code(session, code["path"], definition=code["definition"], colour=code["colour"])

    def adder(self) -> tuple[Adder, Callable[[], None]]:
        from mutualscope.services.codings import add_coding

        session = self.project.session()

        def add(document: int, start: int, end: int, code: str) -> object:
            return add_coding(session, document, code, start=start, end=end, coder="bench")

        return add, session.close

    def export_highlights(self) -> bytes:
        from mutualscope.services.codings import export_rows

        with self.project.session() as session:
            rows = export_rows(session)
        out = io.StringIO()
        if rows:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        return out.getvalue().encode("utf-8")

    def export_codebook(self) -> bytes:
        from mutualscope.services.codebook_exchange import export_codebook

        with self.project.session() as session:
            return export_codebook(session, "csv").encode("utf-8")


def transcript_importer() -> Callable[[Any, Path], int]:
    """``import(session, path) -> document id`` through the transcripts service."""
    try:
        from mutualscope.services.import_sources import ImportSource
        from mutualscope.services.imports import import_file
    except ImportError:
        raise NotMeasured("mutualscope has no transcript import service yet (issue 4)") from None

    def run(session: Any, path: Path) -> int:
        outcome = import_file(session, ImportSource(path, path.name))
        if outcome.document_id is None or outcome.status != "imported":
            raise RuntimeError(f"{path.name}: {outcome.status} {outcome.message}")
        return outcome.document_id

    return run
