"""The pages' behaviour lives in static/portal.js and works under a policy that forbids inline script
(every browser test also fails on anything the policy refuses: see conftest.csp_violations)."""
from __future__ import annotations

import pytest

from portal.extensions import db
from tests.browser.conftest import assert_no_horizontal_scroll
from tests.browser.test_intake_flow import sign_in
from tests.helpers import invoice_png

pytestmark = pytest.mark.browser

# Where the reader found the total on a 1000 x 1400 page.
TOTAL_BOX = {"total": {"confidence": 0.5, "page": 1, "box": [100, 140, 300, 210]}}


def test_the_browser_refuses_an_inline_script_on_a_portal_page(live_server, phone, csp_violations):
    """The policy is in force, and what it refuses is reported where the other browser tests look."""
    phone.goto(f"{live_server}/login")
    with phone.expect_console_message(lambda message: "Content Security Policy" in message.text):
        phone.evaluate("""() => { const s = document.createElement("script");
                                  s.textContent = "window.injected = true"; document.head.append(s); }""")
    assert phone.evaluate("window.injected") is None
    for _ in range(50):  # the context's listener hears it too, a moment later
        if csp_violations:
            break
        phone.wait_for_timeout(100)
    assert csp_violations, "an inline script was refused without a report"
    csp_violations.clear()


@pytest.fixture
def in_review(app, make_user):
    """A clerk and an invoice in review, its first page 1000 x 1400 with the total's box on it."""
    from portal.models import DocumentPage
    from tests.workflow import import_world, processed_document

    import_world()
    clerk = make_user("clerk")
    document = processed_document(user=clerk, meta=TOTAL_BOX)
    db.session.add(DocumentPage(document_id=document.id, number=1, width=1000, height=1400, source="ocr"))
    db.session.commit()
    return clerk, document


def test_a_fields_box_is_drawn_where_it_was_read_and_the_page_zooms(live_server, phone, in_review):
    from playwright.sync_api import expect

    clerk, document = in_review
    sign_in(phone, live_server, clerk.email)
    phone.goto(f"{live_server}/review/{document.id}")
    box = phone.locator('.box[data-field="total"]')
    expect(box).to_have_js_property("style.left", "10%")
    assert box.evaluate("b => [b.style.top, b.style.width, b.style.height]") == ["10%", "20%", "5%"]
    sheet = phone.locator(".sheet").first
    sheet.locator(".sheet-inner").click()
    expect(sheet).to_have_class("sheet zoomed")
    sheet.locator(".sheet-inner").click()
    expect(sheet).to_have_class("sheet")
    assert_no_horizontal_scroll(phone)


def test_a_field_being_edited_marks_its_box_and_escape_cancels_it(live_server, phone, in_review):
    from playwright.sync_api import expect

    clerk, document = in_review
    sign_in(phone, live_server, clerk.email)
    phone.goto(f"{live_server}/review/{document.id}")
    phone.get_by_role("button", name="Correct Total").click()
    total = phone.locator("#input-total")
    expect(total).to_be_focused()
    expect(phone.locator('.box[data-field="total"]')).to_have_class("box conf-low active")
    total.press("Escape")
    expect(phone.locator("#input-total")).to_have_count(0)
    expect(phone.get_by_role("button", name="Correct Total")).to_be_visible()


def test_removing_a_line_swaps_the_lines_without_reloading(live_server, phone, in_review):
    from playwright.sync_api import expect

    clerk, document = in_review
    sign_in(phone, live_server, clerk.email)
    phone.goto(f"{live_server}/review/{document.id}")
    phone.evaluate("window.notReloaded = true")
    lines = phone.locator("#lines .line")
    expect(lines).to_have_count(2)
    phone.get_by_role("button", name="Correct line 1").click()
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.get_by_role("button", name="Remove").click()
    expect(lines).to_have_count(1)
    expect(phone.locator("#lines")).not_to_contain_text("Bolts")
    assert phone.evaluate("window.notReloaded") is True


def test_a_document_page_shows_itself_again_when_reading_ends(live_server, phone, app, make_user):
    from playwright.sync_api import expect

    from portal.intake.processing import process_document
    from portal.intake.services import accept_upload

    clerk = make_user("clerk")
    document = accept_upload("waiting.png", invoice_png(["INVOICE", "Invoice No.: INV-77", "Total 1,100"]))
    db.session.commit()
    sign_in(phone, live_server, clerk.email)
    phone.goto(f"{live_server}/documents/{document.id}")
    expect(phone.locator("#document-status")).to_contain_text("Reading the document")
    process_document(document.id)  # the worker's job, done while the page is open
    expect(phone.get_by_role("heading", name="Extracted fields")).to_be_visible(timeout=20_000)
    expect(phone.locator(".fields")).to_contain_text("INV-77")
