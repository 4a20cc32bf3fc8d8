"""In Chromium: the organisations table sorted by employees and paged, adding and
changing an organisation with the importer's messages, and importing a registry file
as a job whose report is shown."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session
from tests.factories import make_organisation
from tests.web.conftest import shot, sign_in

from mutualscope.storage.users import User


def test_browser_registry_sort_page_add_edit_import(
    page: Page, server: str, session: Session, people: dict[str, User], tmp_path: Path
) -> None:
    make_organisation(session, name="Band 50-249", employees_min=50, employees_max=249)
    make_organisation(session, name="Nine", employees_min=9, employees_max=9)
    make_organisation(session, name="Twelve hundred", employees_min=1200, employees_max=1200)
    for n in range(50):
        make_organisation(session, name=f"Filler {n:02d}")
    sign_in(page, server, "owner")
    page.goto(f"{server}/organisations")
    page.get_by_role("link", name="Employees").click()
    names = page.locator("table.sortable tbody tr td:first-child")
    expect(names.nth(0)).to_have_text("Nine")
    expect(names.nth(1)).to_have_text("Band 50-249")
    expect(names.nth(2)).to_have_text("Twelve hundred")
    expect(names).to_have_count(50)
    page.get_by_role("link", name="Next 50 →").click()
    expect(names).to_have_count(3)
    expect(page.locator(".pager")).to_contain_text("Page 2 of 2")

    page.get_by_role("link", name="Add an organisation").click()
    page.fill("input[name=name]", "Riverside Health CIC")
    page.fill("input[name=region]", "Eastern")
    page.fill("input[name=employees]", "lots")
    page.click("#organisation-form button[type=submit]")
    expect(page.locator(".problems")).to_contain_text("column 'Employees': 'lots' — expected")
    page.fill("input[name=employees]", "250-999")
    page.click("#organisation-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("Riverside Health CIC")
    expect(page.locator("table.fields")).to_contain_text("East of England")
    page.get_by_role("link", name="Change").click()
    page.fill("input[name=employees]", "300")
    page.click("#organisation-form button[type=submit]")
    expect(page.locator("table.fields")).to_contain_text("300")

    registry = tmp_path / "registry.csv"
    registry.write_text(
        "Name,Region,Employees\nNorthgate Care CIC,Eastern,12\nBad Region CIC,Atlantis,5\n",
        encoding="utf-8",
    )
    page.goto(f"{server}/organisations")
    page.set_input_files("#registry-import-form input[type=file]", str(registry))
    page.click("#registry-import-form button[type=submit]")
    message = page.locator("#registry-job .job-message")
    expect(message).to_contain_text("row 3, column 'Region': 'Atlantis'")
    page.check("#registry-import-form input[name=skip_invalid]")
    page.click("#registry-import-form button[type=submit]")
    expect(page.locator(".import-counts")).to_have_text(
        "registry.csv: 1 added, 0 changed, 0 unchanged, 1 skipped."
    )
    lines = page.locator(".import-lines li")
    expect(lines.first).to_have_text("Added: Northgate Care CIC")
    expect(lines.nth(1)).to_contain_text("Skipped: row 3, column 'Region': 'Atlantis'")
    shot(page, "registry-import")
