"""In Chromium: the quotes page lists one passage per set of words with its coders, the
coder is picked from a list, and the exports download files holding the quotes as
reports attribute them; the matrix shows totals, keeps the code column in view while it
scrolls, and downloads its table."""

from __future__ import annotations

import io

import docx
import openpyxl
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session
from tests.factories import make_case, make_coding, make_document
from tests.web.conftest import Sample, shot, sign_in

from mutualscope.storage.models import User


def test_browser_quotes_grouped_filtered_and_exported(
    page: Page, server: str, session: Session, sample: Sample, people: dict[str, User]
) -> None:
    radar = sample.coding
    make_coding(session, sample.document, sample.other_code, radar.start, radar.end,
                coder=people["owner"])  # fmt: skip
    sign_in(page, server, "viewer")
    page.goto(f"{server}/quotes")
    passages = page.locator("li.passage")
    expect(passages).to_have_count(2)
    grouped = passages.filter(has_text="under the radar")
    expect(grouped.locator(".coders")).to_have_text("coded by coder, owner")
    page.select_option("select[name=coder]", "coder")
    page.click("form.toolbar button[type=submit]")
    expect(passages).to_have_count(1)
    expect(passages.first.locator(".coders")).to_have_text("coded by coder")
    with page.expect_download() as got:
        page.click("a.export:text('XLSX')")
    sheet = openpyxl.load_workbook(io.BytesIO(got.value.path().read_bytes())).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[1][:4] == ["under the radar", "(CEO of case 3)", "Enablers/Freedom", "coder"]
    with page.expect_download() as got:
        page.click("a.export:text('DOCX')")
    texts = [p.text for p in docx.Document(str(got.value.path())).paragraphs]
    assert "\u201cunder the radar\u201d (CEO of case 3)" in texts
    assert "Quotes of coder coder." in texts
    shot(page, "quotes-exports")


def test_browser_matrix_totals_sticky_column_and_export(
    page: Page, server: str, session: Session, sample: Sample, people: dict[str, User]
) -> None:
    # Enough cases to make the table wider than the window.
    for n in range(12):
        case = make_case(session, f"Case {n + 10}")
        document = make_document(session, name=f"d{n}.txt", case_id=case.id)
        make_coding(session, document, sample.code, 0, 5, coder=people["coder"])
    page.set_viewport_size({"width": 600, "height": 800})
    sign_in(page, server, "viewer")
    page.goto(f"{server}/matrix?cols=case")
    # Freedom: one coding in case 3, one in each new case; Barriers one in case 3.
    expect(page.locator("table.matrix tfoot th")).to_have_text("Total")
    expect(page.locator("table.matrix tfoot td").last).to_have_text("14")
    freedom = page.locator("table.matrix tbody tr", has_text="Enablers/Freedom")
    expect(freedom.locator("td.total")).to_have_text("13")
    box = page.locator(".matrix-scroll")
    first = page.locator("table.matrix tbody th").first
    before = first.bounding_box()
    assert before is not None
    assert box.evaluate("b => b.scrollWidth > b.clientWidth")
    expect(page.locator("#matrix-scroll-hint")).to_be_visible()
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; b.dispatchEvent(new Event('scroll')); }")
    # The code column stays where it was while the numbers scroll under it.
    after = first.bounding_box()
    assert after is not None and abs(after["x"] - before["x"]) < 1
    expect(page.locator("#matrix-scroll-hint")).to_be_hidden()
    page.click("table.matrix tbody a >> nth=0")
    expect(page.locator("li.quote").first).to_be_visible()
    page.go_back()
    with page.expect_download() as got:
        page.click("a.export:text('CSV')")
    text = got.value.path().read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("code,")
    assert text.splitlines()[-1].startswith("Total,")
    shot(page, "matrix-totals")
