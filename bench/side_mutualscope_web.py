"""mutualscope as its users drive it: codes and codings through the web app's JSON API,
as its pages do, and each batch of transcripts imported in a process of its own by the
service behind ``mutualscope docs import FOLDER`` (the web app has no upload), into the
database the server serves.

The server is ``mutualscope serve`` in a process of its own on 127.0.0.1, stopped by
its pid at the end; the memory of the codebook and highlight phases is that server's,
and an import's is the peak of its own process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from bench.side import Adder, Imported, NotMeasured
from bench.side_mutualscope import MutualscopeSide
from bench.taguette import free_port

USER, PASSWORD = "bench", "bench-password-not-secret"
START_TIMEOUT = 60.0
SERVE = "from mutualscope.cli.main import main; main()"
# What `mutualscope docs import FOLDER` runs, without loading the whole command line.
IMPORT = """
import sys
import time
from pathlib import Path
from mutualscope.services.imports import import_documents
from mutualscope.services.project import open_project
with open_project(sys.argv[1]) as project, project.session() as session:
    started = time.perf_counter()
    report = import_documents(session, [Path(sys.argv[2])])
    Path(sys.argv[3]).write_text(str(time.perf_counter() - started))
failed = [o.message for o in report.outcomes if o.status != "imported"]
sys.exit("\\n".join(failed) if failed else 0)
"""
HTTP_PHASES = ("create codebook", "add highlights")


def web_api_available() -> str | None:
    """None when the web app can add codes and codings; otherwise why not."""
    try:
        from mutualscope.web.api import codes, documents
    except ImportError as error:
        return f"the web API cannot be imported ({error})"
    paths = {getattr(r, "path", "") for r in (*codes.router.routes, *documents.router.routes)}
    if "/codes" not in paths or "/documents/{document_id}/codings" not in paths:
        return "the web API has no POST /codes or /documents/{id}/codings yet"
    return None


class MutualscopeWebSide(MutualscopeSide):
    tool = "mutualscope"

    def __init__(self) -> None:
        super().__init__()
        self.server: subprocess.Popen[bytes] | None = None
        self.port = 0
        self.http: httpx.Client | None = None
        self.code_ids: dict[str, int] = {}
        self.workdir: Path | None = None
        self.database = Path()
        self.batches = 0

    def start(self, workdir: Path) -> None:
        missing = web_api_available()
        if missing:
            raise NotMeasured(missing)
        super().start(workdir)
        self.workdir = workdir
        self.database = workdir / "mutualscope.db"
        from mutualscope.services.users import add_user

        with self.project.session() as session:
            add_user(session, name=USER, role="owner", password=PASSWORD)
        self.port = free_port()
        command = [sys.executable, "-c", SERVE, "--db", str(self.database)]
        command += ["serve", "--host", "127.0.0.1", "--port", str(self.port)]
        with (workdir / "server.log").open("wb") as log:
            self.server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        self.http = self._signed_in_client()

    def _signed_in_client(self) -> httpx.Client:
        client = httpx.Client(base_url=f"http://127.0.0.1:{self.port}", timeout=300.0)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                token = client.get("/api/v1/session").json()["csrf_token"]
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or (self.server and self.server.poll() is not None):
                    raise RuntimeError("mutualscope serve did not start") from None
                time.sleep(0.2)
        response = client.post(
            "/api/v1/session",
            json={"name": USER, "password": PASSWORD},
            headers={"X-CSRF-Token": token},
        )
        response.raise_for_status()
        client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
        return client

    def import_documents(self, files: list[tuple[str, bytes]]) -> Imported:
        """The folder imported by the import service behind ``mutualscope docs import``, in
        a process of its own: its peak memory is read from the kernel when it exits, and
        the import is timed inside it, as a warm server's would be (the command line's
        start-up is measured apart, by ``bench_cli``)."""
        assert self.workdir is not None, "mutualscope web side not started"
        self.batches += 1
        folder = self.workdir / "imports" / str(self.batches)
        folder.mkdir(parents=True)
        for name, data in files:
            (folder / name).write_bytes(data)
        timing = folder / "seconds.txt"
        command = [sys.executable, "-c", IMPORT, str(self.database), str(folder), str(timing)]
        with (self.workdir / "import.log").open("ab") as log:
            child = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
            _, status, usage = os.wait4(child.pid, 0)
            child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            raise RuntimeError(f"the import failed; see {self.workdir}/import.log")
        ids = self._ids([name for name, _ in files])
        return ids, usage.ru_maxrss / 1024, float(timing.read_text())

    def _ids(self, names: list[str]) -> list[int]:
        from sqlalchemy import select

        from mutualscope.storage.models import Document

        query = select(Document.name, Document.id).where(Document.name.in_(names))
        with self.project.session() as session:
            found = {name: id_ for name, id_ in session.execute(query)}
        return [found[name] for name in names]

    def stop(self) -> None:
        if self.http is not None:
            self.http.close()
        if self.server is not None and self.server.poll() is None:
            self.server.send_signal(signal.SIGTERM)
            try:
                self.server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait(timeout=15)
        super().stop()

    def memory_pid(self, phase: str) -> int | None:
        if self.server is not None and phase.startswith(HTTP_PHASES):
            return self.server.pid
        return None

    def create_code(self, code: dict[str, Any]) -> None:
        assert self.http is not None, "mutualscope web side not started"
        response = self.http.post(
            "/api/v1/codes",
            json={"path": code["path"], "definition": code["definition"], "colour": code["colour"]},
        )
        response.raise_for_status()
        self.code_ids[code["path"]] = int(response.json()["id"])

    def adder(self) -> tuple[Adder, Callable[[], None]]:
        assert self.http is not None, "mutualscope web side not started"
        client = httpx.Client(
            base_url=self.http.base_url,
            timeout=300.0,
            cookies=self.http.cookies,
            headers=self.http.headers,
        )
        code_ids = self.code_ids

        def add(document: int, start: int, end: int, code: str) -> object:
            response = client.post(
                f"/api/v1/documents/{document}/codings",
                json={"code_id": code_ids[code], "start": start, "end": end},
            )
            response.raise_for_status()
            return response

        return add, client.close
