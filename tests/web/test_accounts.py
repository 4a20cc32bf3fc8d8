"""Your own password, owners resetting others', and blind coding enforced by the server;
on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient
from tests.web.conftest import PASSWORD, Sample

NEW = "another long password"


def test_account_password_needs_the_current_one_and_ends_other_sessions(
    client_for: Callable[[str | None], TestClient],
) -> None:
    here, elsewhere = client_for("coder"), client_for("coder")
    wrong = here.put("/api/v1/account/password", json={"current": "nope", "new": NEW})
    assert wrong.status_code == 422
    assert "current password is not right" in wrong.json()["error"]["message"]
    short = here.put("/api/v1/account/password", json={"current": PASSWORD, "new": "short"})
    assert short.status_code == 422 and "at least 8" in short.json()["error"]["message"]
    assert elsewhere.get("/api/v1/session").json()["signed_in"]
    done = here.put("/api/v1/account/password", json={"current": PASSWORD, "new": NEW})
    assert done.status_code == 200 and done.json()["name"] == "coder"
    # This browser goes on; the other one is signed out; the new password signs in.
    assert here.get("/api/v1/session").json()["user"]["name"] == "coder"
    assert here.get("/api/v1/quotes").status_code == 200
    assert not elsewhere.get("/api/v1/session").json()["signed_in"]
    fresh = client_for(None)
    old = fresh.post("/api/v1/session", json={"name": "coder", "password": PASSWORD})
    assert old.status_code == 401
    assert fresh.post("/api/v1/session", json={"name": "coder", "password": NEW}).status_code == 200


def test_account_page_changes_the_password(
    client_for: Callable[[str | None], TestClient],
) -> None:
    viewer = client_for("viewer")
    page = viewer.get("/account")
    assert page.status_code == 200 and "Change your password" in page.text
    token = viewer.headers["x-csrf-token"]
    form = {"csrf_token": token, "current": PASSWORD, "password": NEW, "password_again": NEW + "x"}
    differ = viewer.post("/account/password", data=form)
    assert differ.status_code == 422 and "two new passwords differ" in differ.text
    form["password_again"] = NEW
    done = viewer.post("/account/password", data=form, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/account?changed=1"
    assert "Your password is changed" in viewer.get("/account?changed=1").text
    assert client_for(None).get("/account", follow_redirects=False).status_code == 303


def test_owner_resets_a_password_and_their_sessions_end(
    client_for: Callable[[str | None], TestClient],
) -> None:
    owner, coder = client_for("owner"), client_for("coder")
    refused = coder.put("/api/v1/users/viewer/password", json={"password": NEW})
    assert refused.status_code == 403
    done = owner.put("/api/v1/users/coder/password", json={"password": NEW})
    assert done.status_code == 200
    assert not coder.get("/api/v1/session").json()["signed_in"]
    own = owner.put("/api/v1/users/owner/password", json={"password": NEW})
    assert own.status_code == 422
    token = owner.headers["x-csrf-token"]
    form = {"csrf_token": token, "name": "viewer", "password": NEW, "password_again": NEW}
    page = owner.post("/users/password", data=form, follow_redirects=False)
    assert page.status_code == 303
    fresh = client_for(None)
    assert (
        fresh.post("/api/v1/session", json={"name": "viewer", "password": NEW}).status_code == 200
    )
    assert 'action="/users/password"' in owner.get("/users").text


def test_blind_coding_hides_other_coders_codings_from_non_owners(
    client_for: Callable[[str | None], TestClient], sample: Sample
) -> None:
    owner, coder, viewer = client_for("owner"), client_for("coder"), client_for("viewer")
    assert coder.put("/api/v1/settings/blind-coding", json={"blind": True}).status_code == 403
    assert owner.put("/api/v1/settings/blind-coding", json={"blind": True}).json() == {
        "blind": True
    }
    doc = sample.document.id
    mine = coder.get(f"/api/v1/documents/{doc}/codings").json()["codings"]
    assert [(c["coder"], c["start"]) for c in mine] == [("coder", sample.coding.start)]
    everyone = owner.get(f"/api/v1/documents/{doc}/codings").json()["codings"]
    assert {c["coder"] for c in everyone} == {"coder", "owner"}
    assert viewer.get(f"/api/v1/documents/{doc}/codings").json()["codings"] == []
    assert coder.get(f"/api/v1/codings/{sample.owned.id}").status_code == 404
    assert coder.get(f"/api/v1/codings/{sample.coding.id}").status_code == 200
    quotes = coder.get("/api/v1/quotes", params={"coder": "owner"}).json()["quotes"]
    assert [q["text"] for q in quotes] == ["under the radar"]
    page = coder.get("/quotes").text
    assert "under the radar" in page and "“CEO”" not in page and "Blind coding" in page
    matrix = coder.get("/api/v1/matrix").json()
    assert matrix["total"] == 1 and matrix["row_totals"] == {"Enablers/Freedom": 1}
    assert owner.get("/api/v1/matrix").json()["total"] == 2
    cell = coder.get("/api/v1/matrix/cell", params={"row": "Barriers", "column": "CEO"})
    assert cell.json() == []
    refused = coder.get("/api/v1/agreement", params={"coders": ["coder", "owner"]})
    assert refused.status_code == 403 and "blind coding" in refused.json()["error"]["message"]
    assert owner.get("/api/v1/agreement", params={"coders": ["coder", "owner"]}).status_code == 200
    transcript = coder.get(f"/documents/{doc}").text
    assert '<span id="coding-count">1</span>' in transcript
    exported = coder.get("/quotes/export", params={"format": "csv"}).content.decode("utf-8-sig")
    assert "under the radar" in exported and "\nCEO," not in exported
    owner.put("/api/v1/settings/blind-coding", json={"blind": False})
    assert len(coder.get(f"/api/v1/documents/{doc}/codings").json()["codings"]) == 2


def test_blind_coding_counts_a_coders_own_codings_in_codebook_and_dashboard(
    client_for: Callable[[str | None], TestClient], sample: Sample
) -> None:
    owner, coder = client_for("owner"), client_for("coder")
    owner.put("/api/v1/settings/blind-coding", json={"blind": True})

    def counts(client: TestClient) -> dict[str, int]:
        return {c["path"]: c["codings"] for c in client.get("/api/v1/codes").json()}

    assert counts(coder) == {"Enablers": 0, "Enablers/Freedom": 1, "Barriers": 0}
    assert counts(owner) == {"Enablers": 0, "Enablers/Freedom": 1, "Barriers": 1}
    freedom = next(c for c in coder.get("/api/v1/codes").json() if c["path"] == "Enablers")
    assert freedom["codings_with_subcodes"] == 1
    page = coder.get("/codebook").text
    assert "Barriers" in page
    dashboard = coder.get("/").text
    owners_dashboard = owner.get("/").text
    assert _codings_on(dashboard) == 1 and _codings_on(owners_dashboard) == 2
    owner.put("/api/v1/settings/blind-coding", json={"blind": False})
    assert counts(coder)["Barriers"] == 1


def _codings_on(dashboard: str) -> int:
    """The dashboard's count of codings, as its page shows it."""
    match = re.search(r'<div class="value">([\d,]+)</div><div class="label">codings by', dashboard)
    assert match, dashboard
    return int(match.group(1).replace(",", ""))
