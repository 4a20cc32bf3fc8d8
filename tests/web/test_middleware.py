"""The middleware: security headers on every answer, static files included."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from mutualscope.web.auth import COOKIE_NAME
from mutualscope.web.middleware import SECURITY_HEADERS


def assert_security_headers(headers: object) -> None:
    for name, value in SECURITY_HEADERS:
        assert headers[name.decode()] == value.decode(), name  # type: ignore[index]


@pytest.mark.parametrize(
    "path", ["/static/js/no-such-file.js", "/static/", "/static/css", "/static/img/a%00b.png"]
)
def test_middleware_missing_static_file_is_404_with_headers(app: FastAPI, path: str) -> None:
    client = TestClient(app, raise_server_exceptions=False)
    response = client.get(path)
    assert response.status_code == 404, response.text
    assert "There is no such page or object." in response.text
    assert_security_headers(response.headers)
    assert COOKIE_NAME not in response.headers.get("set-cookie", "")


def test_middleware_static_file_has_security_headers(app: FastAPI) -> None:
    response = TestClient(app).get("/static/js/jobs.js")
    assert response.status_code == 200
    assert "export async function follow" in response.text
    assert_security_headers(response.headers)
    # A static file may be cached (revalidated by its ETag); it sets no session cookie.
    assert "no-store" not in response.headers.get("cache-control", "")
    assert "set-cookie" not in response.headers


def test_middleware_static_path_outside_the_folder_is_404(app: FastAPI) -> None:
    response = TestClient(app).get("/static/../app.py")
    assert response.status_code == 404
    assert "create_app" not in response.text
    assert_security_headers(response.headers)


def test_middleware_static_post_is_405_with_headers(app: FastAPI) -> None:
    client = TestClient(app, raise_server_exceptions=False)
    token = client.get("/api/v1/session").json()["csrf_token"]
    response = client.post("/static/js/jobs.js", headers={"x-csrf-token": token})
    assert response.status_code == 405
    assert_security_headers(response.headers)
