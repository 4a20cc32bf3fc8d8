"""A keep-alive HTTP/1.1 client on a plain socket, for generating load.

The web benchmarks measure the server, but the clients run on the same two cores: a
general-purpose client (httpx) spends about 0.8 ms of CPU on each request, a fifth of
what the server spends, and that time is taken from the server. This client sends a
request it has mostly built in advance and reads the answer by its Content-Length, for
about a tenth of that. It speaks only what the benchmarks send: JSON bodies, a cookie
and a header, answers with a Content-Length.
"""

from __future__ import annotations

import json
import socket
from dataclasses import dataclass
from typing import Any

HEADER_END = b"\r\n\r\n"


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class RawClient:
    """One connection to ``host:port``, reused for every request (answers in order)."""

    def __init__(self, host: str, port: int, *, headers: dict[str, str]) -> None:
        self.host = host
        self.port = port
        self._fixed = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        self._socket = socket.create_connection((host, port), timeout=60)
        self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._buffer = b""

    def post_json(self, path: str, body: dict[str, Any]) -> Answer:
        payload = json.dumps(body, separators=(",", ":")).encode()
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{self._fixed}"
            f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
        )
        self._socket.sendall(head.encode("latin-1") + payload)
        return self._read_answer()

    def get(self, path: str) -> Answer:
        head = f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n{self._fixed}\r\n"
        self._socket.sendall(head.encode("latin-1"))
        return self._read_answer()

    def _read_answer(self) -> Answer:
        while (end := self._buffer.find(HEADER_END)) < 0:
            self._receive()
        head = self._buffer[:end].decode("latin-1")
        status = int(head.split(" ", 2)[1])
        length = 0
        for line in head.split("\r\n")[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        start = end + len(HEADER_END)
        while len(self._buffer) < start + length:
            self._receive()
        body = self._buffer[start : start + length]
        self._buffer = self._buffer[start + length :]
        return Answer(status, body)

    def _receive(self) -> None:
        chunk = self._socket.recv(65536)
        if not chunk:
            raise ConnectionError(f"the server at {self.host}:{self.port} closed the connection")
        self._buffer += chunk

    def close(self) -> None:
        self._socket.close()
