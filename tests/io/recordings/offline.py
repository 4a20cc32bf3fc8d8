"""A fixture that keeps recording tests off the network: the Hugging Face hub is told it is
offline, and any connection to an address outside this machine fails the test."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from typing import Any

import pytest


def _local(address: Any) -> bool:
    if not isinstance(address, tuple):  # a Unix socket
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Yields the list of outside addresses something tried to reach (the test fails)."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    tried: list[Any] = []
    connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        if not _local(address):
            tried.append(address)
            raise OSError(f"tests are offline: a connection to {address} was attempted")
        return connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    yield tried
    assert tried == [], f"something tried to reach the network: {tried}"
