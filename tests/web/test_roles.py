"""The role table: every endpoint x role x expected status. A route missing from the
table fails ``test_roles_every_route_is_in_the_table``."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.factories import make_coding, make_organisation
from tests.web.conftest import Sample

WHO = ("anonymous", "viewer", "coder", "owner")

# (method, path, body, statuses for anonymous, viewer, coder, owner). Paths name the
# sample's objects as {document}, {code}, {coding} (the coder's) and {mine} (a coding made
# by the caller, so removing it tests the role and not the ownership rule). A "form:" body
# is URL-encoded fields, where {who} stands for the caller (so each adds something new).
TABLE: list[tuple[str, str, Any, tuple[int, int, int, int]]] = [
    ("GET", "/api/v1/session", None, (200, 200, 200, 200)),
    ("DELETE", "/api/v1/session", None, (204, 204, 204, 204)),
    ("GET", "/api/v1/users", None, (401, 403, 403, 200)),
    ("POST", "/api/v1/users", {"name": "new", "role": "viewer"}, (401, 403, 403, 201)),
    ("PUT", "/api/v1/users/viewer/role", {"role": "viewer"}, (401, 403, 403, 200)),
    ("PUT", "/api/v1/users/viewer/active", {"active": True}, (401, 403, 403, 200)),
    ("GET", "/api/v1/documents", None, (401, 200, 200, 200)),
    ("GET", "/api/v1/documents/{document}", None, (401, 200, 200, 200)),
    ("GET", "/api/v1/documents/{document}/codings", None, (401, 200, 200, 200)),
    (
        "POST",
        "/api/v1/documents/{document}/codings",
        {"code_id": "{code}", "start": 0, "end": 5},
        (401, 403, 201, 201),
    ),
    ("GET", "/api/v1/codings/{coding}", None, (401, 200, 200, 200)),
    ("DELETE", "/api/v1/codings/{mine}", None, (401, 403, 204, 204)),
    ("POST", "/api/v1/codings/{coding}/memos", {"text": "note"}, (401, 403, 201, 201)),
    ("GET", "/api/v1/codes", None, (401, 200, 200, 200)),
    ("POST", "/api/v1/codes", {"path": "New/Code"}, (401, 403, 403, 201)),
    ("GET", "/api/v1/quotes", None, (401, 200, 200, 200)),
    ("GET", "/api/v1/overview", None, (401, 200, 200, 200)),
    ("GET", "/api/v1/organisations", None, (401, 200, 200, 200)),
    ("GET", "/api/v1/organisations/{organisation}", None, (401, 200, 200, 200)),
    ("GET", "/api/v1/landscape/region", None, (401, 200, 200, 200)),
    ("GET", "/api/v1/cases", None, (401, 200, 200, 200)),
    ("GET", "/api/v1/participants", None, (401, 200, 200, 200)),
    ("GET", "/api/v1/matrix", None, (401, 200, 200, 200)),
    ("GET", "/api/v1/matrix/cell?row=Enablers/Freedom&column=CEO", None, (401, 200, 200, 200)),
    ("GET", "/api/v1/search?q=radar", None, (401, 200, 200, 200)),
    ("GET", "/api/v1/agreement?coders=coder&coders=owner", None, (401, 200, 200, 200)),
    ("POST", "/api/v1/reports", "form:format=md", (401, 202, 202, 202)),
    ("POST", "/api/v1/imports/documents", "upload", (401, 403, 403, 202)),
    ("GET", "/api/v1/jobs/{job}", None, (401, 200, 200, 200)),
    ("GET", "/api/v1/jobs/{job}/file", None, (401, 200, 200, 200)),
    ("GET", "/api/v1/assist/status", None, (401, 200, 200, 200)),
    # Nothing is indexed in the sample: the assist endpoints that need vectors say so.
    ("GET", "/api/v1/assist/search?q=radar", None, (401, 422, 422, 422)),
    ("GET", "/api/v1/assist/clusters", None, (401, 422, 422, 422)),
    ("GET", "/api/v1/documents/{document}/suggestions", None, (401, 200, 200, 200)),
    ("POST", "/api/v1/documents/{document}/suggestions", {}, (401, 403, 422, 422)),
    ("POST", "/api/v1/assist/suggestions/999/accept", None, (401, 403, 404, 404)),
    ("POST", "/api/v1/assist/suggestions/999/reject", None, (401, 403, 404, 404)),
    ("GET", "/openapi.json", None, (200, 200, 200, 200)),
    ("GET", "/api/docs", None, (200, 200, 200, 200)),
    ("GET", "/signin", None, (200, 303, 303, 303)),
    ("POST", "/signout", None, (303, 303, 303, 303)),
    ("GET", "/", None, (303, 200, 200, 200)),
    ("GET", "/code-colours.css", None, (303, 200, 200, 200)),
    ("GET", "/documents", None, (303, 200, 200, 200)),
    ("GET", "/documents/{document}", None, (303, 200, 200, 200)),
    ("GET", "/documents/{document}/body", None, (303, 200, 200, 200)),
    ("GET", "/quotes", None, (303, 200, 200, 200)),
    ("GET", "/figures/regions.svg", None, (303, 200, 200, 200)),
    ("GET", "/figures/landscape/year.svg", None, (303, 200, 200, 200)),
    ("GET", "/organisations", None, (303, 200, 200, 200)),
    ("GET", "/organisations/{organisation}", None, (303, 200, 200, 200)),
    ("GET", "/cases", None, (303, 200, 200, 200)),
    ("GET", "/codebook", None, (303, 200, 200, 200)),
    ("GET", "/report", None, (303, 200, 200, 200)),
    ("GET", "/report/preview", None, (303, 200, 200, 200)),
    ("GET", "/matrix", None, (303, 200, 200, 200)),
    ("GET", "/matrix/cell?row=Enablers/Freedom&column=CEO", None, (303, 200, 200, 200)),
    ("GET", "/search?q=radar", None, (303, 200, 200, 200)),
    ("GET", "/assist/clusters", None, (303, 200, 200, 200)),
    ("GET", "/agreement?coders=coder&coders=owner", None, (303, 200, 200, 200)),
    ("POST", "/codebook", "form:path=Inductive/New{who}", (401, 403, 403, 303)),
    ("GET", "/users", None, (303, 403, 403, 200)),
    ("GET", "/audit", None, (303, 403, 403, 200)),
    ("POST", "/users", "form:name=new-{who}&role=viewer", (401, 403, 403, 303)),
    ("POST", "/users/role", "form:name=viewer&role=viewer", (401, 403, 403, 303)),
    ("POST", "/users/active", "form:name=viewer&active=true", (401, 403, 403, 303)),
]
#: Routes the table reaches another way: the sign-in form is tested in test_security.
ELSEWHERE = {("POST", "/signin"), ("POST", "/api/v1/session")}


def fill(value: Any, ids: dict[str, int]) -> Any:
    if isinstance(value, str):
        for key, number in ids.items():
            if value == "{" + key + "}":
                return number
            value = value.replace("{" + key + "}", str(number))
        return value
    if isinstance(value, dict):
        return {k: fill(v, ids) for k, v in value.items()}
    return value


#: Concrete paths in the table standing for a route's template.
ALIASES = {
    "{document}": "{document_id}",
    "{coding}": "{coding_id}",
    "{mine}": "{coding_id}",
    "{organisation}": "{organisation_id}",
    "{job}": "{job_id}",
    "/suggestions/999/": "/suggestions/{suggestion_id}/",
    "/users/viewer/role": "/users/{name}/role",
    "/users/viewer/active": "/users/{name}/active",
    "/landscape/region": "/landscape/{by}",
    "/landscape/year.svg": "/landscape/{by}.svg",
}


def template_of(path: str) -> str:
    path = path.split("?")[0]
    for concrete, template in ALIASES.items():
        path = path.replace(concrete, template)
    return path


def finished_job(client: TestClient, who: str) -> str:
    """A report job of this caller's, finished (anonymous callers get a made-up id)."""
    if who == "anonymous":
        return "no-such-job"
    job = client.post("/api/v1/reports", data={"format": "md"}).json()
    deadline = time.monotonic() + 60
    while job["state"] in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.05)
        job = client.get(f"/api/v1/jobs/{job['id']}").json()
    assert job["state"] == "done", job
    return str(job["id"])


def route_keys(app: FastAPI) -> set[tuple[str, str]]:
    keys = set()
    for route in app.routes:
        if isinstance(route, APIRoute):
            keys |= {(method, route.path) for method in route.methods}
    return keys


def test_roles_every_route_is_in_the_table(app: FastAPI) -> None:
    templated = {(m, template_of(p)) for m, p, _, _ in TABLE}
    assert route_keys(app) - templated - ELSEWHERE == set()


@pytest.mark.parametrize(("method", "path", "body", "expected"), TABLE)
def test_roles_table(
    method: str,
    path: str,
    body: Any,
    expected: tuple[int, int, int, int],
    client_for: Callable[[str | None], TestClient],
    sample: Sample,
    session: Session,
    people: dict[str, Any],
) -> None:
    organisation = make_organisation(
        session, name="Fictional Wellbeing CIC", region_code="E12000006"
    )
    for number, (who, status) in enumerate(zip(WHO, expected, strict=True)):
        client = client_for(None if who == "anonymous" else who)
        caller = people.get(who, people["coder"])
        # A span of its own each time: a coder codes a span with a code only once.
        mine = make_coding(session, sample.document, sample.code, 1, 4 + number, coder=caller)
        # The API may delete it; SQLite can then reuse its id for the next one.
        session.expunge(mine)
        ids = {
            "organisation": organisation.id,
            "document": sample.document.id,
            "code": sample.code.id,
            "coding": sample.coding.id,
            "mine": mine.id,
        }
        ids["job"] = finished_job(client, who)
        if isinstance(body, str) and body.startswith("form:"):
            fields = parse_qsl(body[len("form:") :].replace("{who}", who))
            form = {**dict(fields), "csrf_token": client.headers["x-csrf-token"]}
            response = client.request(method, path, data=form, follow_redirects=False)
        elif body == "upload":
            upload = [("files", (f"{who}.txt", b"Interviewer: Hi?\nNurse: Hello.\n"))]
            response = client.post(path, files=upload, follow_redirects=False)
        else:
            response = client.request(
                method, fill(path, ids), json=fill(body, ids), follow_redirects=False
            )
        assert response.status_code == status, (who, method, path, response.text[:300])
        if status in (401, 403) and path.startswith("/api/"):
            assert response.json()["error"]["code"] in {"not_signed_in", "permission_denied"}
