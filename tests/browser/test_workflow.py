"""The workflow on phones: a clerk reviews, corrects, overrides and submits; two approvers approve."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from portal.extensions import db
from tests.browser.conftest import PHONE, assert_no_horizontal_scroll, screenshot
from tests.conftest import PASSWORD
from tests.helpers import dev_corpus

pytestmark = pytest.mark.browser

CORPUS = dev_corpus()
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def corpus_world(app, make_user):
    """The dev corpus's master data, a clerk, two approvers and the standard amount bands."""
    if not (CORPUS / "master").is_dir():
        pytest.skip("the corpus is not here")
    from portal.masterdata.importer import import_master, read_folder
    from tests.workflow import standard_bands

    import_master(read_folder(CORPUS / "master"))
    db.session.commit()
    clerk = make_user("clerk")
    first = make_user("approver", "first@example.com")
    head = create_named_approver("Hana Head", "head@example.com")
    standard_bands(head=head)
    return clerk, first, head


def create_named_approver(name: str, email: str):
    from portal.accounts.services import create_user

    user = create_user(email, name, "approver", PASSWORD)
    db.session.commit()
    return user


def new_phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="en-US")
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def save_doc_screenshot(page, name: str, height: int = 812) -> None:
    """The top of the page, for the README."""
    DOCS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS / f"{name}.png"), full_page=True,
                    clip={"x": 0, "y": 0, "width": PHONE["width"], "height": height})


def approve_first_in_inbox(page, base: str) -> None:
    from playwright.sync_api import expect

    page.locator(".inbox-link").click()
    page.wait_for_url(f"{base}/approvals/")
    page.locator("#inbox-rows .doc-row").first.click()
    expect(page.locator(".match-panel")).to_contain_text("Overridden")
    assert_no_horizontal_scroll(page)
    page.get_by_role("link", name="Approve", exact=True).click()
    confirm = page.locator("#confirm-approve")
    expect(confirm).to_be_visible()
    confirm.get_by_label("Comment (optional)").fill("Fine by me")
    confirm.get_by_role("button", name="Yes, approve").click()
    expect(page.locator(".flash.success")).to_have_text("Approved.")


def test_from_upload_to_approved_on_phones(live_server, phone, browser, corpus_world):
    from playwright.sync_api import expect

    clerk, first, head = corpus_world
    base = live_server

    # The clerk uploads an invoice whose prices are above its order's.
    sign_in(phone, base, clerk.email)
    phone.get_by_role("link", name="Upload").first.click()
    phone.locator("input#files").set_input_files(str(CORPUS / "documents" / "doc-020.pdf"))
    phone.locator("#upload-form").get_by_role("button", name="Upload").click()
    expect(phone.locator(".doc-row", has_text="doc-020.pdf").locator(".status")).to_have_text("To review",
                                                                                             timeout=60_000)

    # Review: the page with its boxes, the fields, the open exception.
    phone.get_by_role("link", name="Review", exact=True).click()
    phone.locator(".doc-row").first.click()
    expect(phone.locator(".sheet img").first).to_have_js_property("complete", True)
    assert phone.locator(".box").count() >= 5
    expect(phone.locator('.exception[data-code="price_variance"]')).to_contain_text("Open")
    expect(phone.get_by_role("button", name="Submit for approval")).to_be_disabled()
    assert_no_horizontal_scroll(phone)
    save_doc_screenshot(phone, "review", height=1500)
    screenshot(phone, "review-phone")

    # A bad date is refused inline; a good one is saved in place, without reloading the page.
    phone.evaluate("window.notReloaded = true")
    phone.get_by_role("button", name="Correct Due date").click()
    due = phone.locator("#input-due_date")
    expect(due).to_be_focused()  # ready to type, from the keyboard too
    due.fill("someday")
    due.press("Enter")
    expect(phone.locator("#error-due_date")).to_contain_text("is not a date")
    expect(due).to_be_focused()
    expect(phone.locator(".htmx-settling, .htmx-request")).to_have_count(0)  # the new form is live
    due.fill("2026-12-15")
    due.press("Enter")
    expect(phone.locator("#field-due_date .field-value")).to_have_text("2026-12-15")
    expect(phone.locator("#field-due_date")).to_contain_text("corrected")
    assert phone.evaluate("window.notReloaded") is True

    # The exception is accepted with a reason, and the document goes to approval.
    exception = phone.locator('.exception[data-code="price_variance"]')
    exception.get_by_label("Reason for accepting it").fill("Price rise agreed by phone on 10/05")
    exception.get_by_role("button", name="Override").click()
    expect(phone.locator('.exception[data-code="price_variance"]')).to_contain_text("Overridden")
    screenshot(phone, "review-overridden-phone")
    phone.get_by_role("button", name="Submit for approval").click()
    expect(phone.locator(".flash.success")).to_contain_text("Submitted for approval")
    assert phone.evaluate("window.notReloaded") is None  # a real navigation this time

    # The first approver, on a phone: the badge, the inbox, the decision.
    approver = new_phone(browser)
    sign_in(approver, base, first.email)
    expect(approver.locator("#inbox-badge")).to_have_text("1")
    approver.locator(".inbox-link").click()
    row = approver.locator("#inbox-rows .doc-row").first
    expect(row).to_contain_text("¥853,129")
    expect(row).to_contain_text("due 2026-12-15")
    expect(row.locator('.badge[data-code="price_variance"]')).to_be_visible()
    assert_no_horizontal_scroll(approver)
    save_doc_screenshot(approver, "inbox")
    screenshot(approver, "inbox-phone")
    row.click()
    expect(approver.locator(".chain")).to_contain_text("Hana Head")
    screenshot(approver, "decide-phone")
    approver.goto(f"{base}/approvals/")
    approve_first_in_inbox(approver, base)
    expect(approver.locator("#inbox-badge")).to_have_text("0")
    screenshot(approver, "approved-phone")

    # The department head approves the higher band.
    head_phone = new_phone(browser)
    sign_in(head_phone, base, head.email)
    expect(head_phone.locator("#inbox-badge")).to_have_text("1")
    approve_first_in_inbox(head_phone, base)

    # The history tells the whole story.
    phone.goto(f"{base}/")
    phone.locator(".doc-row", has_text="doc-020.pdf").click()
    history = phone.locator("#history")
    for label in ("Uploaded", "Read", "Matched", "Corrected", "Exception overridden", "Submitted for approval"):
        expect(history).to_contain_text(label)
    corrected = history.locator('li[data-action="corrected"]')
    expect(corrected).to_contain_text(re.compile(r"Due date: 2026-11-30 → 2026-12-15"))
    expect(history.locator('li[data-action="approved"]')).to_have_count(2)
    expect(history.locator('li[data-action="approved"]').last).to_contain_text("Hana Head")
    expect(phone.locator(".workflow-card")).to_contain_text("Approved")
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "history-phone")
    approver.context.close()
    head_phone.context.close()


def test_two_approvers_on_the_same_step_one_decision_counts(live_server, phone, browser, app, make_user):
    from playwright.sync_api import expect

    from portal.review import services as review
    from tests.workflow import import_world, processed_document

    import_world()
    clerk = make_user("clerk")
    one = make_user("approver", "one@example.com")
    two = create_named_approver("Second Approver", "two@example.com")
    document = processed_document(user=clerk)
    review.submit(document, clerk)
    db.session.commit()

    other = new_phone(browser)
    for page, user in ((phone, one), (other, two)):
        sign_in(page, live_server, user.email)
        page.locator(".inbox-link").click()
        page.locator("#inbox-rows .doc-row").first.click()
    phone.get_by_role("link", name="Approve", exact=True).click()
    other.get_by_role("link", name="Reject", exact=True).click()
    other.locator("#confirm-reject").get_by_label("Why? (required)").fill("We never ordered this")

    phone.locator("#confirm-approve").get_by_role("button", name="Yes, approve").click()
    expect(phone.locator(".flash.success")).to_have_text("Approved.")
    with other.expect_response(lambda r: r.request.method == "POST") as posted:
        other.locator("#confirm-reject").get_by_role("button", name="Yes, reject").click()
    assert posted.value.status == 409
    expect(other.locator("#decision-error")).to_contain_text("Approver has already decided this step")
    expect(other.get_by_text("We never ordered this")).to_be_visible()  # the comment is not lost
    assert_no_horizontal_scroll(other)
    screenshot(other, "already-decided-phone")
    other.context.close()


def test_goods_received_on_a_phone_clear_not_received(live_server, phone, app, make_user):
    from playwright.sync_api import expect

    from tests.workflow import import_world, invoice_fields, processed_document

    import_world()
    clerk, receiver = make_user("clerk"), make_user("approver")
    document = processed_document(invoice_fields(
        po_number="PO-2", supplier_name="Beta Supplies K.K.", subtotal="200000", tax_total="20000", total="220000",
        tax_breakdown=[{"rate": "10", "taxable": "200000", "tax": "20000"}],
        lines=[{"description": "Monitor", "quantity": "5", "unit_price": "40000", "amount": "200000",
                "tax_rate": "10"}]), user=clerk)
    assert document.match.exception_codes == ["not_received"]

    sign_in(phone, live_server, receiver.email)
    phone.get_by_role("link", name="Receive").click()
    phone.locator(".doc-row", has_text="PO-2").click()
    assert_no_horizontal_scroll(phone)
    phone.get_by_role("button", name="All 5").click()
    expect(phone.get_by_label("Received now (up to 5)")).to_have_value("5")
    screenshot(phone, "receive-phone")
    phone.get_by_role("button", name="Record the receipt").click()
    expect(phone.locator(".flash.success")).to_contain_text("Receipt recorded for 1 line")
    expect(phone.locator(".receive-line")).to_contain_text("All received.")
    db.session.expire_all()
    assert db.session.get(type(document), document.id).match.exception_codes == []

    phone.goto(f"{live_server}/approvals/delegations")
    assert_no_horizontal_scroll(phone)
    screenshot(phone, "delegations-phone")
