"""``mutualscope serve`` as a process of its own, and coders posting codings to it."""

from __future__ import annotations

import random
import socket
import subprocess
import threading
import time
from typing import Any

import httpx

from tests.reliability.commands import command_line
from tests.reliability.processes import kill_group

PASSWORD = "crash trials need a long passphrase"
#: Seconds a server may take to start answering.
START_SECONDS = 90


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Server:
    """``mutualscope serve`` in a session of its own, on a free loopback port."""

    def __init__(self, location: str) -> None:
        self.location = location
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            command_line(self.location, "serve", "--port", str(self.port)),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                _, err = self.process.communicate()
                raise RuntimeError(f"the server exited: {err.strip()[-300:]}")
            try:
                if httpx.get(f"{self.url}/api/v1/session", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the server did not answer within {START_SECONDS} s")

    def kill(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=30)

    def stop(self) -> None:
        """Stop as an administrator would (SIGTERM), killing it if it does not stop."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self.process.stderr is not None and not self.process.stderr.closed:
            self.process.communicate()
        kill_group(self.process.pid)


def signed_in(url: str, name: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=30)
    sign_in(client, name)
    return client


def sign_in(client: httpx.Client, name: str) -> None:
    token = client.get("/api/v1/session").json()["csrf_token"]
    answer = client.post(
        "/api/v1/session",
        json={"name": name, "password": PASSWORD},
        headers={"x-csrf-token": token},
    )
    answer.raise_for_status()
    client.headers["x-csrf-token"] = answer.json()["csrf_token"]


class Coder(threading.Thread):
    """A coder posting codings of random spans until the server stops answering; keeps
    each coding that got a 2xx answer, as the API returned it."""

    def __init__(self, url: str, name: str, rng: random.Random) -> None:
        super().__init__(daemon=True)
        self.url, self.name, self.rng = url, name, rng
        self.acknowledged: list[dict[str, Any]] = []
        self.problems: list[str] = []
        self.ready = threading.Event()  # signed in and coding (or failed to)

    def run(self) -> None:
        client = httpx.Client(base_url=self.url, timeout=30)
        try:
            sign_in(client, self.name)
            self._code(client)
        except httpx.TransportError:
            pass  # the server is gone
        except Exception as error:
            self.problems.append(f"{self.name}: {error!r}")
        finally:
            client.close()
            self.ready.set()

    def _code(self, client: httpx.Client) -> None:
        codes = [c["id"] for c in client.get("/api/v1/codes").json() if c["depth"] > 0]
        document = client.get("/api/v1/documents").json()[0]
        length = len(client.get(f"/api/v1/documents/{document['id']}").json()["text"])
        self.ready.set()
        while True:
            start = self.rng.randrange(0, length - 200)
            body = {
                "code_id": self.rng.choice(codes),
                "start": start,
                "end": start + self.rng.randint(5, 200),
            }
            answer = client.post(f"/api/v1/documents/{document['id']}/codings", json=body)
            if answer.status_code // 100 == 2:
                self.acknowledged.append({**answer.json(), "document": document["id"]})
            elif answer.status_code >= 500:
                self.problems.append(f"{self.name}: {answer.status_code} {answer.text[:200]}")
