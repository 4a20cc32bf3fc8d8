"""Many writers on one project at once, as a team works: coders adding and removing
codings through a running ``mutualscope serve``, while ordinary commands run beside it in
processes of their own (imports, backups, status, listings, adding users, and on SQLite a
plain ``sqlite3`` reader). Afterwards the server is stopped, the project reopened, and
every write that was acknowledged is looked for.

    python -m bench.mixed_writers --seconds 60 --clients 20            # SQLite
    python -m bench.mixed_writers --seconds 60 --clients 20 --db postgresql://...

It counts lost acknowledged writes, server errors (5xx, dropped connections, tracebacks
in the server's log) and failed commands, and the p95 of a coding's round trip.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from bench.taguette import free_port
from bench.words import WORDS
from mutualscope.services import cases, codebook, users
from mutualscope.services.imports import import_documents
from mutualscope.services.project import init_project, open_project
from mutualscope.settings import resolve_database
from mutualscope.storage.models import Code, Coding, Document, Segment, User

PASSWORD = "mixed-writers-password"
RUN_CLI = "import sys; from mutualscope.cli.main import main; sys.exit(main())"
READ_SQLITE = (
    "import sqlite3, sys\n"
    "c = sqlite3.connect(sys.argv[1])\n"
    "print(c.execute('SELECT count(*) FROM coding').fetchone()[0])\n"
    "c.close()\n"
)
CODES = ("Innovation", "Enablers/Freedom", "Enablers/Funding", "Barriers/Austerity")
START_TIMEOUT = 60.0


@dataclass
class Acknowledged:
    """A coding the server answered 201 for, and whether its removal was answered 204."""

    document_id: int
    code_id: int
    start: int
    end: int
    coder: str
    removed: bool = False


@dataclass
class MixedResult:
    backend: str
    seconds: float
    clients: int
    codings_added: int = 0
    codings_removed: int = 0
    commands_run: int = 0
    lost_writes: int = 0
    resurrected: int = 0
    server_errors: int = 0
    failed_commands: int = 0
    p95_add_ms: float = 0.0
    p50_add_ms: float = 0.0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (
            self.lost_writes or self.resurrected or self.server_errors or self.failed_commands
        )


def transcript(seed: int, turns: int = 60) -> str:
    rng = random.Random(seed)
    lines = []
    for n in range(turns):
        speaker = "Interviewer" if n % 2 == 0 else "CEO"
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 40)))
        lines.append(f"{speaker}: {words.capitalize()}.")
    return "\n".join(lines) + "\n"


def prepare(location: str, workdir: Path, clients: int) -> list[str]:
    """A project with an interview, a codebook and a coder per client; their names."""
    names = [f"coder{n:02d}" for n in range(clients)]
    project, _ = init_project(location)
    first = workdir / "case-1-ceo.txt"
    first.write_text(transcript(0, turns=200), encoding="utf-8")
    with project, project.session() as session:
        hashed = users.hash_password(PASSWORD)
        for name in names:
            session.add(User(name=name, role="coder", password_hash=hashed, active=True))
        session.commit()
        for path in CODES:
            codebook.add_code(session, path)
        for label in ("Case 1", "Case 2"):
            cases.add_case(session, label=label)
        import_documents(session, [first], case="Case 1")
    return names


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


class Server:
    """``mutualscope serve`` in a process of its own."""

    def __init__(self, location: str, workdir: Path) -> None:
        self.port = free_port()
        self.log = workdir / f"serve-{self.port}.log"
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-c", RUN_CLI, "--db", location, "serve", "--port",
                 str(self.port)],
                stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True,
            )  # fmt: skip
        self.url = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server ended at start: {self.log.read_text()}")
            try:
                if httpx.get(f"{self.url}/api/v1/session", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("the server did not answer within a minute")

    def stop(self) -> bool:
        """Stop as Ctrl+C does; True when the server ended by itself in time."""
        if self.process.poll() is not None:
            return True
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
            return True
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            return False

    def file_problems(self, project_file: Path) -> list[str]:
        """What /proc shows wrong with the server's hold on a SQLite project file: no
        lock on it (another process's exit may then delete the WAL under the server),
        or the -wal / -shm it has open already deleted."""
        proc = Path(f"/proc/{self.process.pid}")
        if not proc.exists() or not Path("/proc/locks").exists():
            return []
        found = []
        inode = project_file.stat().st_ino
        pid = str(self.process.pid)
        locked = {
            int(fields[fields.index(pid) + 1].rsplit(":", 1)[1])
            for fields in (line.split() for line in Path("/proc/locks").read_text().splitlines())
            if "POSIX" in fields and pid in fields
        }
        if inode not in locked:
            found.append("the server holds no lock on the project file")
        for link in (proc / "fd").iterdir():
            try:
                target = os.readlink(link)
            except OSError:
                continue
            if target.startswith(str(project_file)) and target.endswith("(deleted)"):
                found.append(f"the server writes to a deleted file: {target}")
        return found

    def tracebacks(self) -> list[str]:
        text = self.log.read_text(errors="replace")
        return [chunk[:400] for chunk in text.split("Traceback")[1:]]


def sign_in(url: str, name: str, password: str = PASSWORD) -> httpx.Client:
    """A client signed in as ``name``, sending the session's CSRF token."""
    client = httpx.Client(base_url=url, timeout=60)
    token = client.get("/api/v1/session").json()["csrf_token"]
    answer = client.post(
        "/api/v1/session",
        json={"name": name, "password": password},
        headers={"x-csrf-token": token},
    )
    answer.raise_for_status()
    client.headers["x-csrf-token"] = answer.json()["csrf_token"]
    return client


class Coder(threading.Thread):
    """One coder adding codings, and now and then removing one of their own."""

    def __init__(
        self,
        url: str,
        name: str,
        document: tuple[int, int],
        code_ids: list[int],
        deadline: float,
        seed: int,
        round_done: threading.Event,
    ) -> None:
        super().__init__(name=name)
        self.round_done = round_done
        self.url, self.coder, self.document, self.code_ids = url, name, document, code_ids
        self.deadline = deadline
        self.rng = random.Random(seed)
        self.acknowledged: dict[int, Acknowledged] = {}
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.removed = 0

    def run(self) -> None:
        try:
            client = sign_in(self.url, self.coder)
        except httpx.HTTPError as error:
            self.errors.append(f"{self.coder} could not sign in: {error!r}")
            return
        try:
            while time.monotonic() < self.deadline or not self.round_done.is_set():
                try:
                    self.step(client)
                except httpx.HTTPError as error:
                    self.errors.append(f"{self.coder}: {error!r}")
        finally:
            client.close()

    def step(self, client: httpx.Client) -> None:
        document_id, length = self.document
        mine = [i for i, a in self.acknowledged.items() if not a.removed]
        if mine and self.rng.random() < 0.2:
            coding_id = self.rng.choice(mine)
            answer = client.delete(f"/api/v1/codings/{coding_id}")
            if answer.status_code == 204:
                self.acknowledged[coding_id].removed = True
                self.removed += 1
            elif answer.status_code >= 500:
                self.errors.append(f"remove {coding_id}: {answer.status_code} {answer.text}")
            return
        start = self.rng.randrange(0, length - 60)
        end = start + self.rng.randint(5, 60)
        code_id = self.rng.choice(self.code_ids)
        began = time.perf_counter()
        answer = client.post(
            f"/api/v1/documents/{document_id}/codings",
            json={"code_id": code_id, "start": start, "end": end},
        )
        self.latencies.append((time.perf_counter() - began) * 1000)
        if answer.status_code in (200, 201):
            coding_id = answer.json()["id"]
            # An id seen before is that coding added again (or an id SQLite reused):
            # either way, what the server now holds under it is this coding.
            self.acknowledged[coding_id] = Acknowledged(
                document_id, code_id, start, end, self.coder
            )
        elif answer.status_code >= 500:
            self.errors.append(f"add: {answer.status_code} {answer.text[:200]}")


class Commands(threading.Thread):
    """Ordinary commands, one after another, each in a process of its own."""

    def __init__(self, location: str, workdir: Path, deadline: float, sqlite: Path | None):
        super().__init__(name="commands")
        #: Set once every kind of command has run (coders keep writing until then).
        self.round_done = threading.Event()
        self.location, self.workdir, self.deadline, self.sqlite = (
            location,
            workdir,
            deadline,
            sqlite,
        )
        self.imported: list[str] = []
        self.users_added: list[str] = []
        self.backups: list[Path] = []
        self.failures: list[str] = []
        self.runs = 0

    def cli(self, *args: str) -> None:
        done = subprocess.run(
            [sys.executable, "-c", RUN_CLI, "--db", self.location, *args],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        self.runs += 1
        if done.returncode != 0:
            self.failures.append(f"`{' '.join(args)}` exited {done.returncode}: {done.stderr}")

    def read_raw(self) -> None:
        assert self.sqlite is not None
        done = subprocess.run(
            [sys.executable, "-c", READ_SQLITE, str(self.sqlite)],
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        self.runs += 1
        if done.returncode != 0:
            self.failures.append(f"a sqlite3 reader failed: {done.stderr}")

    def run(self) -> None:
        steps: list[Callable[[int], None]] = [
            self.import_one,
            lambda n: self.cli("db", "status"),
            self.back_up,
            lambda n: self.cli("docs", "list", "--format", "json"),
            self.add_user,
        ]
        if self.sqlite is not None:
            steps.append(lambda n: self.read_raw())
        n = 0
        try:
            while time.monotonic() < self.deadline or n < len(steps):
                steps[n % len(steps)](n)
                n += 1
                if n == len(steps):
                    self.round_done.set()
        finally:
            self.round_done.set()

    def import_one(self, n: int) -> None:
        path = self.workdir / "imports" / f"case-2-staff-{n}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(transcript(1000 + n, turns=30), encoding="utf-8")
        self.cli("docs", "import", str(path), "--case", "Case 2")
        self.imported.append(path.name)

    def back_up(self, n: int) -> None:
        folder = self.workdir / "backups"
        folder.mkdir(exist_ok=True)
        path = folder / (f"backup-{n}.db" if self.sqlite else f"backup-{n}.dump")
        self.cli("db", "backup", str(path))
        self.backups.append(path)

    def add_user(self, n: int) -> None:
        name = f"cli-user-{n}"
        self.cli("users", "add", name, "--role", "viewer", "--no-password")
        self.users_added.append(name)


def check_project(
    location: str, coders: list[Coder], commands: Commands, result: MixedResult
) -> None:
    """Reopen the project and look for every acknowledged write."""
    with open_project(location) as project, project.session() as session:
        stored = {
            row.id: row
            for row in session.execute(
                select(Coding.id, Coding.document_id, Coding.code_id, Coding.start, Coding.end,
                       User.name).join(User, User.id == Coding.coder_id, isouter=True)
            )
        }  # fmt: skip
        for coder in coders:
            for coding_id, ack in coder.acknowledged.items():
                row = stored.get(coding_id)
                same = row is not None and (
                    (row.document_id, row.code_id, row.start, row.end, row.name)
                    == (ack.document_id, ack.code_id, ack.start, ack.end, ack.coder)
                )
                # SQLite gives a deleted highest id to the next row, so an id alone is
                # not the coding: a removed one is back only if the row is the same.
                if ack.removed and same:
                    result.resurrected += 1
                    result.problems.append(f"removed coding {coding_id} is back")
                elif not ack.removed and not same:
                    result.lost_writes += 1
                    result.problems.append(f"coding {coding_id} ({ack}) lost or changed: {row}")
        names = set(session.scalars(select(User.name)))
        for name in commands.users_added:
            if name not in names:
                result.lost_writes += 1
                result.problems.append(f"user {name} added by a command is gone")
        documents = {name: id_ for name, id_ in session.execute(select(Document.name, Document.id))}
        turned = set(session.scalars(select(Segment.document_id).distinct()))
        for name in commands.imported:
            if name not in documents:
                result.lost_writes += 1
                result.problems.append(f"document {name} imported by a command is gone")
            elif documents[name] not in turned:
                result.lost_writes += 1
                result.problems.append(f"document {name} has no turns")
    target = resolve_database(location)
    if target.path is not None:
        for path in [target.path, *commands.backups]:
            if not path.exists():
                continue
            connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                connection.close()
            if verdict != "ok":
                result.problems.append(f"{path.name}: integrity_check says {verdict}")
                result.failed_commands += 1


def run_mixed_writers(
    location: str, workdir: Path, *, seconds: float, clients: int, seed: int = 1
) -> MixedResult:
    """Run the mixed load on a new project at ``location`` and check every write."""
    backend = resolve_database(location).backend
    names = prepare(location, workdir, clients)
    with open_project(location) as project, project.session() as session:
        code_ids = list(session.scalars(select(Code.id).where(Code.parent_id.is_not(None))))
        code_ids += list(session.scalars(select(Code.id).where(Code.name == "Innovation")))
        document = session.execute(select(Document.id, Document.length)).one()
    server = Server(location, workdir)
    result = MixedResult(backend=backend, seconds=seconds, clients=clients)
    try:
        deadline = time.monotonic() + seconds
        sqlite_path = resolve_database(location).path
        commands = Commands(location, workdir, deadline, sqlite_path)
        coders = [
            Coder(
                server.url, name, (document.id, document.length), code_ids, deadline, seed + i,
                commands.round_done,
            )
            for i, name in enumerate(names)
        ]  # fmt: skip
        for thread in [*coders, commands]:
            thread.start()
        for thread in [*coders, commands]:
            thread.join()
        if sqlite_path is not None:
            result.problems += server.file_problems(sqlite_path)
            result.server_errors += len(result.problems)
    finally:
        stopped = server.stop()
    if not stopped:
        result.problems.append("the server did not stop on Ctrl+C within 30 s")
        result.server_errors += 1
    for coder in coders:
        result.server_errors += len(coder.errors)
        result.problems += coder.errors
    tracebacks = server.tracebacks()
    result.server_errors += len(tracebacks)
    result.problems += [f"server log: Traceback{t}" for t in tracebacks]
    result.failed_commands += len(commands.failures)
    result.problems += commands.failures
    result.commands_run = commands.runs
    result.codings_added = sum(len(c.acknowledged) for c in coders)
    result.codings_removed = sum(c.removed for c in coders)
    if not result.codings_added:
        result.problems.append("no coding was acknowledged at all")
        result.server_errors += 1
    latencies = [ms for c in coders for ms in c.latencies]
    result.p95_add_ms = round(percentile(latencies, 0.95), 1)
    result.p50_add_ms = round(percentile(latencies, 0.50), 1)
    try:
        check_project(location, coders, commands, result)
    except Exception as error:  # a damaged project is the finding, not a crash of the run
        result.lost_writes += result.codings_added - result.codings_removed
        result.problems.insert(0, f"the project cannot be opened afterwards: {error}")
    return result


@contextmanager
def scratch_database(server: str) -> Iterator[str]:
    """A new, empty database on the PostgreSQL server at ``server``, dropped afterwards."""
    url = make_url(resolve_database(server).url)
    name = f"mixed_writers_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--db", help="a postgresql:// URL of an EMPTY database (default: SQLite)")
    parser.add_argument(
        "--new-database",
        action="store_true",
        help="with --db naming a server: run in a new database there, dropped afterwards",
    )
    parser.add_argument("--json", type=Path, help="also write the result here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="mixed-writers-") as folder:
        workdir = Path(folder)
        if args.db and args.new_database:
            with scratch_database(args.db) as location:
                result = run_mixed_writers(
                    location, workdir, seconds=args.seconds, clients=args.clients
                )
        else:
            location = args.db or str(workdir / "project.db")
            result = run_mixed_writers(
                location, workdir, seconds=args.seconds, clients=args.clients
            )
    summary = asdict(result)
    summary["problems"] = result.problems[:20]
    print(json.dumps(summary, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
