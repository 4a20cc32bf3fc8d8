"""Taguette as a side of the comparison: its server, driven over HTTP like its web page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.side import Adder, Imported, NotMeasured
from bench.taguette import (
    TaguetteClient,
    TaguetteServer,
    ensure_calibre,
    ensure_venv,
    html_text,
)

# Formats Taguette converts through Calibre's ebook-convert.
CALIBRE_FORMATS = ("txt", "docx")


class TaguetteSide:
    tool = "Taguette"
    offset_unit = "bytes"

    def __init__(self, *, install_calibre: bool = True) -> None:
        self.install_calibre = install_calibre
        self.server: TaguetteServer | None = None
        self.client: TaguetteClient | None = None
        self.project = 0
        self.tags: dict[str, int] = {}
        self.calibre_missing: str | None = None

    def start(self, workdir: Path) -> None:
        python = ensure_venv()
        self.calibre_missing = ensure_calibre(install=self.install_calibre)
        self.server = TaguetteServer(workdir / "taguette", python)
        self.server.start()
        self.client = TaguetteClient(self.server)
        self.project = self.client.create_project("mutualscope benchmark corpus")

    def stop(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.server is not None:
            self.server.stop()

    def memory_pid(self, phase: str) -> int | None:
        return self.server.pid if self.server else None

    @property
    def _client(self) -> TaguetteClient:
        assert self.client is not None, "Taguette side not started"
        return self.client

    def import_documents(self, files: list[tuple[str, bytes]]) -> Imported:
        """One upload per file, as Taguette's page does; memory is sampled from the server."""
        if any(n.rsplit(".", 1)[-1] in CALIBRE_FORMATS for n, _ in files) and self.calibre_missing:
            raise NotMeasured(self.calibre_missing)
        client, project = self._client, self.project
        return [client.add_document(project, name, name, data) for name, data in files], None, None

    def document_text(self, document: int) -> str:
        return html_text(self._client.contents(self.project, document))

    def create_code(self, code: dict[str, Any]) -> None:
        self.tags[code["path"]] = self._client.add_tag(
            self.project, code["path"], code["definition"]
        )

    def adder(self) -> tuple[Adder, Callable[[], None]]:
        client = self._client.clone()
        project, tags = self.project, self.tags

        def add(document: int, start: int, end: int, code: str) -> object:
            return client.add_highlight(project, document, start, end, [tags[code]])

        return add, client.close

    def export_highlights(self) -> bytes:
        return self._client.export(self.project, "highlights/.csv")

    def export_codebook(self) -> bytes:
        return self._client.export(self.project, "codebook.csv")
