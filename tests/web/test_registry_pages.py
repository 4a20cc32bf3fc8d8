from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session
from tests.factories import make_organisation
from tests.web.conftest import Sample


def test_registry_pages_sort_with_missing_last(viewer: TestClient, session: Session) -> None:
    make_organisation(session, name="Alpha Care CIC", turnover_gbp=2_000_000)
    make_organisation(session, name="Beta <b>Health</b>", turnover_gbp=None)
    make_organisation(session, name="Gamma Leisure", turnover_gbp=9_000_000)
    page = viewer.get("/organisations", params={"sort": "turnover_gbp", "desc": "true"})
    text = page.text
    assert text.index("Gamma Leisure") < text.index("Alpha Care") < text.index("Beta &lt;b&gt;")
    ascending = viewer.get("/organisations", params={"sort": "turnover_gbp"}).text
    assert ascending.index("Alpha Care") < ascending.index("Gamma") < ascending.index("Beta")


def test_registry_pages_filters_and_bad_filters(viewer: TestClient, session: Session) -> None:
    make_organisation(session, name="East Mutual", region_code="E12000006")
    make_organisation(session, name="London Mutual", region_code="E12000007")
    east = viewer.get("/organisations", params={"where": "region=East of England"}).text
    assert "East Mutual" in east and "London Mutual" not in east
    bad = viewer.get("/organisations", params={"where": "colour=blue"})
    assert bad.status_code == 200 and 'class="problem"' in bad.text
    api = viewer.get("/api/v1/organisations", params={"where": "colour=blue"})
    assert api.status_code == 422


def test_registry_pages_dashboard_and_figures(viewer: TestClient, session: Session) -> None:
    make_organisation(session, name="East Mutual", region_code="E12000006", year_established=2011)
    page = viewer.get("/")
    assert "/figures/regions.svg" in page.text
    svg = viewer.get("/figures/regions.svg")
    assert svg.headers["content-type"] == "image/svg+xml" and b"<svg" in svg.content
    chart = viewer.get("/figures/landscape/year.svg")
    assert b"<svg" in chart.content
    assert viewer.get("/figures/landscape/colour.svg").status_code == 422
    overview = viewer.get("/api/v1/overview").json()
    assert overview["organisations"] == 1


def test_registry_pages_organisation_detail(viewer: TestClient, session: Session) -> None:
    org = make_organisation(session, name="Detail Mutual", staff_ownership_share=0.5)
    page = viewer.get(f"/organisations/{org.id}")
    assert "Detail Mutual" in page.text and "50%" in page.text and "not known" in page.text
    assert viewer.get("/organisations/9999").status_code == 404


def test_registry_pages_cases_and_codebook(
    viewer: TestClient, owner: TestClient, sample: Sample
) -> None:
    cases = viewer.get("/cases").text
    assert "Case 3" in cases and "Case 3 CEO" in cases
    codebook = viewer.get("/codebook").text
    assert "Freedom" in codebook and "Add a code" not in codebook
    token = owner.headers["x-csrf-token"]
    bad = owner.post("/codebook", data={"path": "Enablers/Freedom", "csrf_token": token})
    assert bad.status_code == 422 and "already exists" in bad.text
    added = owner.post(
        "/codebook",
        data={"path": "Barriers/Austerity", "colour": "#aa3300", "csrf_token": token},
    )
    assert added.status_code == 200 and "Austerity" in added.text
