"""The organisations page in pages, sorted by number, and adding and changing an
organisation with the importer's checks (owners); on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Callable

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.factories import make_organisation

from mutualscope.services.organisations import list_organisations
from mutualscope.storage.users import User


def _names(html: str) -> list[str]:
    return re.findall(r'<td><a href="/organisations/\d+">([^<]+)</a></td>', html)


def test_organisations_sorted_by_employees_and_paged(
    viewer: TestClient, session: Session, people: dict[str, User]
) -> None:
    make_organisation(session, name="Band 50-249", employees_min=50, employees_max=249)
    make_organisation(session, name="Sixty", employees_min=60, employees_max=60)
    make_organisation(session, name="Nine", employees_min=9, employees_max=9)
    make_organisation(session, name="Thousand plus", employees_min=1000, employees_max=None)
    make_organisation(session, name="Twelve hundred", employees_min=1200, employees_max=1200)
    make_organisation(session, name="Unknown size")
    page = viewer.get("/organisations", params={"sort": "employees_min"}).text
    # By number, not as text: 9 before 50-249 before 60; a band where its range starts.
    assert _names(page) == [
        "Nine", "Band 50-249", "Sixty", "Thousand plus", "Twelve hundred", "Unknown size",
    ]  # fmt: skip
    down = viewer.get("/organisations", params={"sort": "employees_min", "desc": "true"}).text
    assert _names(down)[:2] == ["Twelve hundred", "Thousand plus"]
    assert _names(down)[-1] == "Unknown size"
    for n in range(60):
        make_organisation(session, name=f"Filler {n:02d}")
    first = viewer.get("/organisations").text
    assert len(_names(first)) == 50 and "Page 1 of 2" in first and 'rel="next"' in first
    second = viewer.get("/organisations", params={"offset": 50}).text
    assert len(_names(second)) == 16 and "showing 51–66" in second and 'rel="prev"' in second
    assert set(_names(first)).isdisjoint(_names(second))


def test_organisation_add_and_change_with_the_importers_messages(
    client_for: Callable[[str | None], TestClient], session: Session
) -> None:
    owner, coder = client_for("owner"), client_for("coder")
    assert coder.get("/organisations/new").status_code == 403
    assert "Add an organisation" not in coder.get("/organisations").text
    token = owner.headers["x-csrf-token"]
    form = {"csrf_token": token, "name": "Riverside Health CIC", "region": "Eastern",
            "employees": "lots", "year_established": "2011"}  # fmt: skip
    refused = owner.post("/organisations/new", data=form)
    assert refused.status_code == 422
    assert "Nothing was saved." in refused.text
    assert "column &#39;Employees&#39;: &#39;lots&#39; — expected" in refused.text
    assert 'value="Eastern"' in refused.text  # what was typed stays in the form
    assert list_organisations(session) == []
    form["employees"] = "250-999"
    added = owner.post("/organisations/new", data=form, follow_redirects=False)
    assert added.status_code == 303
    page = owner.get(added.headers["location"]).text
    assert "East of England" in page and "250-999" in page and "/edit" in page
    org_id = int(added.headers["location"].rsplit("/", 1)[1])
    edit = owner.get(f"/organisations/{org_id}/edit").text
    assert 'value="250-999"' in edit and 'value="East of England"' in edit
    changed = dict(form, employees="300", region="London")
    done = owner.post(f"/organisations/{org_id}/edit", data=changed, follow_redirects=False)
    assert done.status_code == 303
    record = owner.get(f"/api/v1/organisations/{org_id}").json()
    assert (record["employees_min"], record["region"]) == (300, "London")
    renamed = owner.post(f"/organisations/{org_id}/edit", data=dict(changed, name="Other"))
    assert renamed.status_code == 422 and "Renaming is not done here" in renamed.text
    again = owner.post("/organisations/new", data=dict(form, employees="5"))
    assert "already an organisation named" in again.text


def test_organisation_api_add_and_change(
    client_for: Callable[[str | None], TestClient], session: Session
) -> None:
    owner = client_for("owner")
    assert client_for("coder").post("/api/v1/organisations", json={"name": "X"}).status_code == 403
    bad = owner.post("/api/v1/organisations", json={"name": "Hill CIC", "region": "Atlantis"})
    assert bad.status_code == 422
    assert any(p.startswith("column 'Region': 'Atlantis'") for p in bad.json()["error"]["problems"])
    made = owner.post("/api/v1/organisations", json={"name": "Hill CIC", "turnover": "£2.5m"})
    assert made.status_code == 201 and made.json()["turnover_gbp"] == 2_500_000
    org_id = made.json()["id"]
    put = owner.put(f"/api/v1/organisations/{org_id}", json={"name": "Hill CIC", "employees": "12"})
    assert put.json()["employees_min"] == 12
    assert owner.put("/api/v1/organisations/999999", json={"name": "Hill CIC"}).status_code == 404


REGISTRY = (
    "Name,Region,Employees,Year established\n"
    "Northgate Care CIC,Eastern,50-249,2011\n"
    "Southgate Health CIC,London,1200,2012\n"
)


def test_registry_import_job_reports_what_it_did(
    client_for: Callable[[str | None], TestClient], session: Session
) -> None:
    from tests.web.test_jobs import wait

    owner = client_for("owner")
    files = {"file": ("registry.csv", REGISTRY.encode(), "text/csv")}
    assert client_for("coder").post("/api/v1/imports/registry", files=files).status_code == 403
    started = owner.post("/api/v1/imports/registry", files=files)
    assert started.status_code == 202
    job = wait(owner, started.json())
    assert job["state"] == "done", job
    assert (job["done"], job["total"], job["percent"]) == (2, 2, 100)
    summary = job["summary"]
    assert summary["source"] == "registry.csv"
    assert summary["created_names"] == ["Northgate Care CIC", "Southgate Health CIC"]
    assert job["message"] == "registry.csv: 2 added, 0 changed, 0 unchanged, 0 skipped"
    names = [o["name"] for o in list_organisations(session)]
    assert names == ["Northgate Care CIC", "Southgate Health CIC"]
    bad = REGISTRY.replace("London,1200", "Atlantis,1200")
    refused = wait(owner, owner.post(
        "/api/v1/imports/registry", files={"file": ("bad.csv", bad.encode(), "text/csv")}
    ).json())  # fmt: skip
    assert refused["state"] == "failed"
    assert "row 3, column 'Region': 'Atlantis'" in refused["error"]
    skipped = wait(owner, owner.post(
        "/api/v1/imports/registry",
        files={"file": ("bad.csv", bad.encode(), "text/csv")},
        data={"skip_invalid": "true"},
    ).json())  # fmt: skip
    assert skipped["state"] == "done"
    assert skipped["summary"]["unchanged"] == 1 and skipped["summary"]["skipped"] == 1
    assert skipped["summary"]["problems"][0].startswith("row 3, column 'Region'")
