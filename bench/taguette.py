"""Taguette, the open-source peer, run on this machine and driven over its HTTP API.

Taguette (BSD-3, PyPI ``taguette``) pins SQLAlchemy 1.4, so it lives in its own virtual
environment, ``bench/.taguette-venv``, made on first use. :class:`TaguetteServer` starts
it in single-user mode on 127.0.0.1 with a fresh SQLite database and stops it by its
process id; :class:`TaguetteClient` speaks its HTTP API (login by the single-user token,
XSRF cookie echoed in a header). The server's once-a-day fetch of news from its
website is switched off at start, so every byte it sends stays on the loopback.
"""

from __future__ import annotations

import html.parser
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / "bench" / ".taguette-venv"
# The version measured; bump it deliberately and re-run the comparison.
TAGUETTE_REQUIREMENT = "taguette==1.5.2"
# Starts Taguette's own ``main()`` with its news fetch disabled (it would leave the machine).
LAUNCHER = (
    "import taguette.web.base as base; "
    "base.Application.check_messages = lambda self: None; "
    "from taguette.main import main; main()"
)
START_TIMEOUT = 60.0


def venv_python(venv: Path = VENV) -> Path:
    return venv / "bin" / "python"


def ensure_venv(venv: Path = VENV) -> Path:
    """Make the Taguette venv if it is missing or incomplete; return its python."""
    python = venv_python(venv)
    check = [str(python), "-c", "import taguette"]
    if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return python
    subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", TAGUETTE_REQUIREMENT],
        check=True,
        timeout=900,
    )
    return python


def taguette_version(venv: Path = VENV) -> str | None:
    python = venv_python(venv)
    if not python.exists():
        return None
    probe = subprocess.run(
        [str(python), "-c", "import taguette; print(taguette.__version__)"],
        capture_output=True,
        text=True,
    )
    return probe.stdout.strip() or None


def ensure_calibre(*, install: bool) -> str | None:
    """None when Calibre's ``ebook-convert`` is there (installed now if allowed and root);
    otherwise the reason the .txt and .docx phases are skipped."""
    if shutil.which("ebook-convert"):
        return None
    if not install:
        return "Calibre's ebook-convert is not installed (apt-get install calibre)"
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return "Calibre is missing and apt-get is not usable here"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (
        ["apt-get", "install", "-y", "--no-install-recommends", "calibre"],
        ["apt-get", "update"],
        ["apt-get", "install", "-y", "--no-install-recommends", "calibre"],
    ):
        done = subprocess.run(command, env=env, capture_output=True, timeout=1200)
        if command[1] == "install" and done.returncode == 0 and shutil.which("ebook-convert"):
            return None
    return "apt-get install calibre failed"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class TaguetteServer:
    """A Taguette server process on 127.0.0.1 with a fresh database under ``workdir``."""

    def __init__(self, workdir: Path, python: Path | None = None) -> None:
        self.workdir = workdir
        self.python = python or venv_python()
        self.port = free_port()
        self.database = workdir / "taguette.sqlite3"
        self.log = workdir / "taguette.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.token = ""

    @property
    def pid(self) -> int:
        assert self.process is not None, "server not started"
        return self.process.pid

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        if self.database.exists():
            self.database.unlink()
        env = dict(os.environ, HOME=str(self.workdir), TORNADO_SHUTDOWN_TIME="0")
        command = [str(self.python), "-c", LAUNCHER, "--no-browser", "--dont-set-umask"]
        command += ["--database", str(self.database), "-p", str(self.port), "-b", "127.0.0.1"]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
                command, cwd=self.workdir, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            match = re.search(r"\?token=([0-9a-f]+)", self.log.read_text(errors="replace"))
            if match:
                self.token = match.group(1)
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"Taguette did not start; see {self.log}")

    def stop(self) -> None:
        """Stop the server by its pid: SIGTERM, then SIGKILL after 15 seconds."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)

    def __enter__(self) -> TaguetteServer:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


class _TextCollector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(contents: str) -> str:
    """The text nodes of Taguette's stored HTML, in order: what its offsets count."""
    collector = _TextCollector()
    collector.feed(contents)
    collector.close()
    return "".join(collector.parts)


class TaguetteClient:
    """One logged-in HTTP client; :meth:`clone` gives another sharing the login."""

    def __init__(self, server: TaguetteServer, *, login: bool = True) -> None:
        self.server = server
        self.http = httpx.Client(base_url=server.url, timeout=300.0, follow_redirects=False)
        if login:
            self.http.get("/", params={"token": server.token})
            self.http.get("/project/new").raise_for_status()
            if "user" not in self.http.cookies or "_xsrf" not in self.http.cookies:
                raise RuntimeError("Taguette login failed")

    def clone(self) -> TaguetteClient:
        other = TaguetteClient(self.server, login=False)
        other.http.cookies = httpx.Cookies(self.http.cookies)
        return other

    def close(self) -> None:
        self.http.close()

    @property
    def _xsrf(self) -> dict[str, str]:
        return {"X-XSRFToken": self.http.cookies["_xsrf"]}

    def _json(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        response = self.http.post(path, json=payload, headers=self._xsrf)
        response.raise_for_status()
        data: dict[str, Any] = response.json()
        return data

    def create_project(self, name: str) -> int:
        response = self.http.post(
            "/project/new",
            data={"name": name, "description": "", "_xsrf": self.http.cookies["_xsrf"]},
        )
        match = re.search(r"/project/(\d+)", response.headers.get("location", ""))
        if response.status_code not in (302, 303) or not match:
            raise RuntimeError(f"creating a Taguette project failed: {response.status_code}")
        return int(match.group(1))

    def add_document(self, project: int, name: str, filename: str, content: bytes) -> int:
        response = self.http.post(
            f"/api/project/{project}/document/new",
            data={"name": name, "description": ""},
            files={"file": (filename, content, "application/octet-stream")},
            headers=self._xsrf,
        )
        if response.status_code != 200:
            raise RuntimeError(f"Taguette refused {filename}: {response.text[:200]}")
        return int(response.json()["created"])

    def contents(self, project: int, document: int) -> str:
        response = self.http.get(f"/api/project/{project}/document/{document}/contents")
        response.raise_for_status()
        return "".join(chunk["contents"] for chunk in response.json()["contents"])

    def add_tag(self, project: int, path: str, description: str) -> int:
        data = self._json(
            f"/api/project/{project}/tag/new", {"path": path, "description": description}
        )
        return int(data["id"])

    def add_highlight(
        self, project: int, document: int, start: int, end: int, tags: list[int]
    ) -> int:
        data = self._json(
            f"/api/project/{project}/document/{document}/highlight/new",
            {"start_offset": start, "end_offset": end, "tags": tags},
        )
        return int(data["id"])

    def export(self, project: int, what: str) -> bytes:
        """``what``: ``highlights/.csv`` (all highlights), ``codebook.csv``, ``codebook.qdc``."""
        response = self.http.get(f"/project/{project}/export/{what}")
        response.raise_for_status()
        return response.content


def turn_offsets(plain: str, bodies: list[str]) -> list[int | None]:
    """Where each turn's words start in Taguette's text, found in order (None: not found).

    Conversions (Calibre, subtitle cues) may split or re-space a turn; a turn that is
    not found whole is skipped, and codings in it are not sent.
    """
    found: list[int | None] = []
    cursor = 0
    for body in bodies:
        position = plain.find(body, cursor)
        found.append(None if position < 0 else position)
        if position >= 0:
            cursor = position + len(body)
    return found


def byte_offset(plain: str, position: int) -> int:
    """Taguette counts UTF-8 bytes of text nodes, not characters."""
    return position if plain.isascii() else len(plain[:position].encode("utf-8"))
