"""The coding workflow in real headless Chromium, against a live server on loopback."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from playwright.sync_api import FilePayload, Page, expect
from tests.web.conftest import PASSWORD, Sample, shot, sign_in

from mutualscope.storage.users import User

pytestmark = pytest.mark.browser


def select_words(page: Page, words: str) -> None:
    """Drag the mouse across ``words`` inside one piece of the transcript."""
    piece = page.locator("#transcript [data-s]", has_text=words).first
    box = page.evaluate(
        """([selector, words]) => {
            const pieces = [...document.querySelectorAll(selector)];
            const piece = pieces.find((p) => p.textContent.includes(words));
            const node = piece.firstChild;
            const at = node.data.indexOf(words);
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + 1);
            const first = range.getBoundingClientRect();
            range.setStart(node, at + words.length - 1);
            range.setEnd(node, at + words.length);
            const last = range.getBoundingClientRect();
            return {x1: first.left + 1, y1: first.top + first.height / 2,
                    x2: last.right - 1, y2: last.top + last.height / 2};
        }""",
        ["#transcript [data-s]", words],
    )
    assert piece.count() == 1
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=8)
    page.mouse.up()


def test_browser_code_a_passage_see_it_in_quotes_and_remove_it(
    page: Page, server: str, sample: Sample
) -> None:
    sign_in(page, server, "coder")
    shot(page, "dashboard")
    page.goto(f"{server}/documents")
    page.click("text=case-3-ceo.txt")
    expect(page.locator("#transcript")).to_contain_text("How did it start?")
    select_words(page, "How did it start?")
    picker = page.locator("#code-picker")
    expect(picker).to_be_visible()
    page.keyboard.type("barr")
    expect(page.locator(".picker-item[aria-selected=true]")).to_contain_text("Barriers")
    shot(page, "code-picker")
    page.keyboard.press("Enter")
    expect(picker).to_be_hidden()
    mark = page.locator(".hl", has_text="How did it start?")
    expect(mark).to_have_count(1)
    expect(page.locator("#coding-count")).to_have_text("3")
    mark.click()
    expect(page.locator("#coding-panel")).to_contain_text("Barriers")
    shot(page, "transcript")

    page.goto(f"{server}/quotes?code=Barriers")
    expect(page.locator(".quote", has_text="How did it start?")).to_have_count(1)
    shot(page, "quotes")

    page.goto(f"{server}/documents/{sample.document.id}")
    page.locator(".hl", has_text="How did it start?").click()
    item = page.locator(".coding-item", has_text="Barriers").filter(has_text="by coder")
    item.get_by_role("button", name="Remove coding").click()
    expect(page.locator(".hl", has_text="How did it start?")).to_have_count(0)
    page.goto(f"{server}/quotes?code=Barriers")
    expect(page.locator(".quote", has_text="How did it start?")).to_have_count(0)


def test_browser_viewer_cannot_code(page: Page, server: str, sample: Sample) -> None:
    sign_in(page, server, "viewer")
    page.goto(f"{server}/documents/{sample.document.id}")
    select_words(page, "How did it start?")
    page.wait_for_timeout(200)
    expect(page.locator("#code-picker")).to_be_hidden()
    page.locator(".hl", has_text="under the radar").click()
    expect(page.locator("#coding-panel")).to_contain_text("Enablers/Freedom")
    expect(page.get_by_role("button", name="Remove coding")).to_have_count(0)
    shot(page, "viewer-transcript")


def test_browser_script_text_is_shown_not_run(page: Page, server: str, sample: Sample) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    sign_in(page, server, "owner")
    page.goto(f"{server}/documents/{sample.document.id}")
    expect(page.locator("#transcript")).to_contain_text("<script>alert(1)</script>")
    page.wait_for_timeout(300)
    assert dialogs == []


def test_browser_sees_another_coders_coding_without_reload(
    page: Page, server: str, sample: Sample, app: FastAPI
) -> None:
    app.state.settings = type(app.state.settings)(poll_seconds=1)
    sign_in(page, server, "owner")
    page.goto(f"{server}/documents/{sample.document.id}")
    expect(page.locator("#coding-count")).to_have_text("2")
    from fastapi.testclient import TestClient

    other = TestClient(app)
    token = other.get("/api/v1/session").json()["csrf_token"]
    signed = other.post(
        "/api/v1/session",
        json={"name": "coder", "password": PASSWORD},
        headers={"x-csrf-token": token},
    ).json()
    start = sample.document.text.index("and all")
    other.post(
        f"/api/v1/documents/{sample.document.id}/codings",
        json={"code_id": sample.other_code.id, "start": start, "end": start + 7},
        headers={"x-csrf-token": signed["csrf_token"]},
    )
    expect(page.locator(".hl", has_text="and all")).to_have_count(1, timeout=5000)
    expect(page.locator("#coding-count")).to_have_text("3")


def test_browser_owner_adds_a_coder_and_makes_them_a_viewer(
    page: Page, server: str, people: dict[str, User]
) -> None:
    sign_in(page, server, "owner")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Users").click()
    expect(page.get_by_role("heading", name="Users")).to_be_visible()
    form = page.locator("#add-user")
    form.get_by_label("Name").fill("dora")
    form.get_by_label("Role").select_option("coder")
    form.get_by_label("Password", exact=True).fill("a long password")
    form.get_by_label("Password again").fill("a long password")
    form.get_by_role("button", name="Add user").click()
    row = page.locator("tr[data-user=dora]")
    expect(row).to_contain_text("yes")
    expect(row.get_by_label("Role of dora")).to_have_value("coder")
    row.get_by_label("Role of dora").select_option("viewer")
    row.get_by_role("button", name="Change role").click()
    expect(page.locator("tr[data-user=dora]").get_by_label("Role of dora")).to_have_value("viewer")
    expect(page.locator(".problem")).to_have_count(0)
    shot(page, "users")


def upload(name: str, content: bytes) -> FilePayload:
    return {"name": name, "mimeType": "application/octet-stream", "buffer": content}


GOOD_TRANSCRIPT = "Interviewer: Was it “fair”?\r\nNurse: We said ‘yes’ 😀 — mostly.\r\n".encode()


def test_browser_import_keeps_each_failed_files_reason_on_screen(
    page: Page, server: str, people: dict[str, User]
) -> None:
    sign_in(page, server, "owner")
    page.goto(f"{server}/documents")
    page.set_input_files(
        "#import-form input[type=file]",
        [
            upload("good 😀.txt", GOOD_TRANSCRIPT),
            upload("empty.txt", b""),
            upload("notes.xyz", b"hello"),
        ],
    )
    page.get_by_role("button", name="Import").click()
    card = page.locator("#job")
    expect(card.locator(".job-message")).to_have_text("1 imported, 2 failed", timeout=30_000)
    files = card.locator(".job-file")
    expect(files).to_have_count(3)
    expect(files.filter(has_text="empty.txt")).to_contain_text("the file is empty")
    expect(files.filter(has_text="notes.xyz")).to_contain_text("unsupported file type '.xyz'")
    expect(card.locator(".job-file.failed")).to_have_count(2)
    expect(card.locator(".job-message")).to_have_class(re.compile(r"\bnotice\b"))
    # Longer than the page used to wait before reloading: the reasons are still there.
    page.wait_for_timeout(2000)
    expect(files.filter(has_text="empty.txt")).to_contain_text("the file is empty")
    assert "mutualscope-jobs-" not in card.inner_text()
    shot(page, "import-some-failed")
    card.get_by_role("link", name="good 😀.txt").click()
    expect(page.locator("#transcript")).to_contain_text("We said ‘yes’ 😀 — mostly.")
    page.goto(f"{server}/documents")
    expect(page.get_by_role("link", name="good 😀.txt")).to_have_count(1)


def test_browser_import_where_every_file_fails_is_shown_as_failed(
    page: Page, server: str, people: dict[str, User]
) -> None:
    sign_in(page, server, "owner")
    page.goto(f"{server}/documents")
    page.set_input_files(
        "#import-form input[type=file]",
        [upload("binary.txt", b"\x00\x01binary\x00" * 40), upload("broken.docx", b"PK no zip")],
    )
    page.get_by_role("button", name="Import").click()
    message = page.locator("#job .job-message")
    expect(message).to_have_text(
        "None of the 2 files could be imported: see each file's reason.", timeout=30_000
    )
    expect(message).to_have_class(re.compile(r"\bproblem\b"))
    expect(page.locator("#job .progress")).to_have_class(re.compile(r"\bfailed\b"))
    expect(page.locator("#job .job-file.failed")).to_have_count(2)
    expect(page.locator("#job .job-file", has_text="binary.txt")).to_contain_text(
        "this is a binary file, not text"
    )
    expect(page.locator("#job .job-after")).to_be_hidden()
    shot(page, "import-all-failed")


def test_browser_import_of_clean_files_shows_them_in_the_list(
    page: Page, server: str, people: dict[str, User]
) -> None:
    sign_in(page, server, "owner")
    page.goto(f"{server}/documents")
    page.set_input_files("#import-form input[type=file]", [upload("clean.txt", GOOD_TRANSCRIPT)])
    page.get_by_role("button", name="Import").click()
    # Every file went in cleanly: the page reloads to list it.
    expect(page.locator("table.data").get_by_role("link", name="clean.txt")).to_have_count(
        1, timeout=30_000
    )
