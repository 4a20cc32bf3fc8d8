"""Crash trials: kill -9 an import or the server at a random moment, then check the project.

Four kinds, each run as real processes on a real project (a SQLite file, or a private
PostgreSQL database):

``docs-import``, ``orgs-import``, ``refi-import``
    The command is started on a fresh project and killed (SIGKILL, the command's process
    only) at a moment drawn between its start and the time a clean run takes. Then: no
    process of it is left running, no database session holds a transaction open, the
    database is sound and holds no partial document (:mod:`consistency`), the same
    command run again succeeds with the counts of a clean run (what the killed run had
    committed counted as already there, never a part of an all-or-nothing import), and
    the project ends up exactly as after one clean run.

``serve-coding``
    ``mutualscope serve`` on a project with a transcript, codes and coders; the coders
    post codings through the API, each recording the codings that got a 2xx answer. The
    server is killed at a random moment, restarted, and every acknowledged coding must be
    there with its span, code and coder.

A trial's kill moment follows from its kind and seed, so a failure is reproduced with
``python -m bench.crash_trials --kind KIND --backend BACKEND --seed SEED``.
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import time
from dataclasses import dataclass, field
from typing import Any

from tests.reliability.commands import RERUN_SECONDS, command_line, run_command
from tests.reliability.consistency import (
    compare_snapshots,
    find_problems,
    project_snapshot,
    wait_sessions_closed,
)
from tests.reliability.databases import TrialDatabases
from tests.reliability.inputs import Inputs
from tests.reliability.processes import kill_group, wait_group_gone
from tests.reliability.server import PASSWORD, START_SECONDS, Coder, Server, signed_in

KINDS = ("docs-import", "orgs-import", "refi-import", "serve-coding")
IMPORT_KINDS = KINDS[:3]
CODES = ("Enablers/Funding", "Enablers/User involvement", "Barriers/Austerity", "Innovation")
#: Seconds after the kill within which every process of the command must be gone.
GONE_SECONDS = 5


@dataclass
class TrialResult:
    kind: str
    backend: str
    seed: int
    moment: float  # seconds after the start (of coding, for the server) of the kill
    landed: bool  # the process was still running when the kill came
    problems: list[str] = field(default_factory=list)
    acknowledged: int = 0  # server trials: codings that had a 2xx answer

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    def reproduce(self) -> str:
        return (
            f"python -m bench.crash_trials --kind {self.kind} --backend {self.backend} "
            f"--seed {self.seed}"
        )


@dataclass(frozen=True)
class Reference:
    """A clean run of an import: how long it took, what it said, what it left."""

    seconds: float
    counts: dict[str, Any]
    snapshot: dict[str, tuple[int, str]]


def summary_counts(output: str) -> dict[str, int]:
    """The counts of ``docs import``'s summary line."""
    found = re.search(r"(\d+) imported, (\d+) replaced, (\d+) skipped, (\d+) failed", output)
    if found is None:
        return {}
    names = ("imported", "replaced", "skipped", "failed")
    return dict(zip(names, map(int, found.groups()), strict=True))


def import_counts(kind: str, output: str) -> dict[str, Any]:
    """What an import said it did, in the form the kind's checks compare."""
    if kind == "docs-import":
        return summary_counts(output)
    try:
        report = json.loads(output)
    except json.JSONDecodeError:
        return {}
    if kind == "orgs-import":
        return {key: report.get(key) for key in ("created", "updated", "unchanged", "skipped")}
    return {"imported": report.get("imported"), "earlier_import": report.get("earlier_import")}


def check_rerun(kind: str, counts: dict[str, Any], clean: dict[str, Any]) -> list[str]:
    """The counts of the import run again after the kill, against those of a clean run:
    what the killed run committed is already there, and nothing is half there."""
    if kind == "docs-import":
        total = clean.get("imported", 0)
        if counts.get("imported", 0) + counts.get("skipped", 0) != total or (
            counts.get("replaced"),
            counts.get("failed"),
        ) != (0, 0):
            return [f"re-run counts {counts}; a clean run imports {total} files"]
        return []
    if kind == "orgs-import":
        total = clean.get("created", 0)
        created, unchanged = counts.get("created"), counts.get("unchanged")
        if (created, unchanged) not in ((total, 0), (0, total)) or (
            counts.get("updated"),
            counts.get("skipped"),
        ) != (0, 0):
            return [f"re-run counts {counts}; a clean run creates {total} (all or nothing)"]
        return []
    if counts.get("imported") == clean.get("imported"):
        return []
    if counts.get("imported") == {} and counts.get("earlier_import") is not None:
        return []
    return [f"re-run imported {counts.get('imported')}; a clean run imports {clean['imported']}"]


class CrashTrials:
    """Runs trials on one backend with one set of inputs; references and templates are
    made on first use and reused by every trial of the run."""

    def __init__(self, databases: TrialDatabases, inputs: Inputs) -> None:
        self.databases = databases
        self.inputs = inputs
        self._references: dict[str, Reference] = {}
        self._serve_template: str | None = None

    @property
    def backend(self) -> str:
        return self.databases.backend

    def import_arguments(self, kind: str) -> list[str]:
        if kind == "docs-import":
            return ["docs", "import", str(self.inputs.transcripts)]
        if kind == "orgs-import":
            return ["orgs", "import", str(self.inputs.registry), "--format", "json"]
        return ["refi", "import", str(self.inputs.qdpx), "--format", "json"]

    def reference(self, kind: str) -> Reference:
        """A clean run of the import on a fresh project (made once per kind)."""
        if kind not in self._references:
            location = self.databases.create(kind, template=self.databases.empty())
            try:
                started = time.monotonic()
                done = run_command(location, *self.import_arguments(kind))
                seconds = time.monotonic() - started
                if done.returncode != 0:
                    raise RuntimeError(f"a clean {kind} failed: {done.stderr or done.stdout}")
                self._references[kind] = Reference(
                    seconds, import_counts(kind, done.stdout), project_snapshot(location)
                )
            finally:
                self.databases.drop(location)
        return self._references[kind]

    def run(self, kind: str, seed: int) -> TrialResult:
        if kind == "serve-coding":
            return self._serve_trial(seed)
        return self._import_trial(kind, seed)

    @staticmethod
    def _random(kind: str, seed: int) -> random.Random:
        return random.Random(seed * len(KINDS) + KINDS.index(kind))

    def _after_kill(self, process: subprocess.Popen[str], location: str) -> list[str]:
        """Nothing of the killed command runs on; no session holds a transaction; the
        database is sound."""
        problems = []
        left = wait_group_gone(process.pid, GONE_SECONDS)
        if left:
            problems.append(
                "still running after the kill: " + "; ".join(p.command[:80] for p in left)
            )
        problems += [f"left holding a transaction: {s}" for s in wait_sessions_closed(location, 5)]
        kill_group(process.pid)
        problems += find_problems(location)
        return problems

    def _import_trial(self, kind: str, seed: int) -> TrialResult:
        reference = self.reference(kind)
        moment = self._random(kind, seed).uniform(0.0, reference.seconds)
        location = self.databases.create(kind, template=self.databases.empty())
        result = TrialResult(kind, self.backend, seed, round(moment, 3), landed=False)
        try:
            process = subprocess.Popen(
                command_line(location, *self.import_arguments(kind)),
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True,
                start_new_session=True,
            )  # fmt: skip
            try:
                time.sleep(moment)
                result.landed = process.poll() is None
                process.kill()
                process.wait(timeout=30)
                result.problems += self._after_kill(process, location)
            finally:
                kill_group(process.pid)
            try:
                again = run_command(location, *self.import_arguments(kind))
            except subprocess.TimeoutExpired:
                result.problems.append(f"the re-run did not finish in {RERUN_SECONDS} s")
                return result
            if again.returncode != 0:
                result.problems.append(f"the re-run failed: {(again.stderr or again.stdout)[:300]}")
            counts = import_counts(kind, again.stdout)
            result.problems += check_rerun(kind, counts, reference.counts)
            result.problems += compare_snapshots(project_snapshot(location), reference.snapshot)
            result.problems += find_problems(location)
        finally:
            self.databases.drop(location)
        return result

    def serve_template(self) -> str:
        """A project with the coding transcript, a few codes and the coders (made once)."""
        if self._serve_template is None:
            location = self.databases.create("serve", template=self.databases.empty())
            steps = [
                ["docs", "import", str(self.inputs.coding_transcript)],
                *(["codes", "add", path] for path in CODES),
            ]
            for step in steps:
                run_command(location, *step).check_returncode()
            for coder in range(self.inputs.scale.coders):
                run_command(
                    location, "users", "add", f"coder{coder + 1}", "--role", "coder",
                    "--password-stdin", input=PASSWORD + "\n",
                ).check_returncode()  # fmt: skip
            self._serve_template = location
        return self._serve_template

    def _serve_trial(self, seed: int) -> TrialResult:
        rng = self._random("serve-coding", seed)
        moment = rng.uniform(0.2, 3.0)
        location = self.databases.create("serve", template=self.serve_template())
        result = TrialResult("serve-coding", self.backend, seed, round(moment, 3), landed=True)
        acknowledged: list[dict[str, Any]] = []
        try:
            server = Server(location)
            try:
                try:
                    server.start()
                except RuntimeError as error:
                    result.problems.append(f"the server did not start: {error}")
                    return result
                coders = [
                    Coder(server.url, f"coder{n + 1}", random.Random(rng.random()))
                    for n in range(self.inputs.scale.coders)
                ]
                for coder in coders:
                    coder.start()
                for coder in coders:
                    coder.ready.wait(timeout=START_SECONDS)
                time.sleep(moment)
                result.landed = server.process is not None and server.process.poll() is None
                server.kill()
                for coder in coders:
                    coder.join(timeout=60)
                acknowledged = [made for coder in coders for made in coder.acknowledged]
                result.acknowledged = len(acknowledged)
                result.problems += [p for c in coders for p in c.problems]
                assert server.process is not None
                result.problems += self._after_kill(server.process, location)
            finally:
                server.stop()
            result.problems += self._check_codings_kept(location, acknowledged)
        finally:
            self.databases.drop(location)
        return result

    def _check_codings_kept(self, location: str, acknowledged: list[dict[str, Any]]) -> list[str]:
        """Restart the server and find every acknowledged coding through the API."""
        server = Server(location)
        try:
            server.start()
        except RuntimeError as error:
            return [f"the server did not start again after the kill: {error}"]
        try:
            client = signed_in(server.url, "coder1")
            try:
                document = acknowledged[0]["document"] if acknowledged else 1
                kept = client.get(f"/api/v1/documents/{document}/codings").json()["codings"]
            finally:
                client.close()
        finally:
            server.stop()
        found = {(c["id"], c["start"], c["end"], c["code_id"], c["coder"]) for c in kept}
        missing = [
            made
            for made in acknowledged
            if (made["id"], made["start"], made["end"], made["code_id"], made["coder"]) not in found
        ]
        return [f"acknowledged coding lost after the restart: {made}" for made in missing]
