"""A clerk on a phone: sign in, upload a scan, watch it being read, open it."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_no_horizontal_scroll, screenshot
from tests.conftest import PASSWORD
from tests.helpers import invoice_png

pytestmark = pytest.mark.browser


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/")
    assert "/login" in page.url
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def test_clerk_uploads_a_scan_on_a_phone_and_opens_it(live_server, phone, make_user, tmp_path):
    from playwright.sync_api import expect

    clerk = make_user("clerk")
    scan = tmp_path / "phone-scan.png"
    scan.write_bytes(invoice_png(["INVOICE", "Invoice No.: INV-4711", "Date: 2026-10-03", "Total 1,100"]))

    sign_in(phone, live_server, clerk.email)
    assert_no_horizontal_scroll(phone)
    phone.get_by_role("link", name="Upload").first.click()
    expect(phone.locator("input#files")).to_have_attribute("accept", re.compile("application/pdf"))
    expect(phone.locator("input#camera")).to_have_attribute("capture", "environment")
    phone.locator("input#files").set_input_files(str(scan))
    expect(phone.locator("#chosen")).to_contain_text("phone-scan.png")
    screenshot(phone, "upload-phone")
    assert_no_horizontal_scroll(phone)
    phone.locator("#upload-form").get_by_role("button", name="Upload").click()

    row = phone.locator(".doc-row", has_text="phone-scan.png")
    expect(row.locator(".status")).to_have_text("To review", timeout=60_000)  # read: now a person's turn
    screenshot(phone, "documents-phone")
    assert_no_horizontal_scroll(phone)

    row.click()
    expect(phone.get_by_role("heading", name="Extracted fields")).to_be_visible()
    expect(phone.locator(".fields")).to_contain_text("INV-4711")
    expect(phone.locator(".page img").first).to_have_js_property("complete", True)
    natural_width = phone.locator(".page img").first.evaluate("img => img.naturalWidth")
    assert natural_width > 0, "the page image did not load"
    screenshot(phone, "document-phone")
    assert_no_horizontal_scroll(phone)


def test_the_list_polls_until_every_document_is_read(live_server, phone, make_user, app):
    """A document still queued makes the list poll; once it is read, polling stops (286)."""
    from playwright.sync_api import expect

    from portal.extensions import db
    from portal.intake.processing import process_document
    from portal.intake.services import accept_upload

    clerk = make_user("clerk")
    document = accept_upload("waiting.png", invoice_png(["INVOICE", "Invoice No.: INV-9"]))
    db.session.commit()  # queued, not processed: no worker has taken it yet
    polls: list[int] = []
    phone.on("response", lambda r: polls.append(r.status) if r.request.headers.get("hx-request") else None)
    sign_in(phone, live_server, clerk.email)
    row = phone.locator(".doc-row", has_text="waiting.png")
    expect(row.locator(".status")).to_have_text("Queued")
    phone.wait_for_timeout(2500)
    assert polls and set(polls) == {200}, "the list should poll while a document waits"

    process_document(document.id)  # the worker's job, done while the page is open
    expect(row.locator(".status")).to_have_text("To review", timeout=15_000)
    assert polls[-1] == 286
    count = len(polls)
    phone.wait_for_timeout(3000)
    assert len(polls) == count, "polling should stop once every document is read"
