"""A day in the office, in a browser: an admin imports master data and sees a CSV error with its
line; a clerk answers a sent-back document with an attachment; an approver filters the inbox and
approves three clean invoices at once; an admin edits a user and sees the approval chains. Each
on a phone (375 x 812) and at a desk (1280 x 800), in English or in Japanese, under the CSP
(the conftest fails a test on anything the policy refuses)."""
from __future__ import annotations

import pytest

from portal.approvals import services as approvals
from portal.extensions import db
from portal.review import services as review
from tests.browser.conftest import assert_no_horizontal_scroll, screenshot
from tests.conftest import PASSWORD
from tests.helpers import invoice_png
from tests.test_cli import ORDERS, RECEIPTS, SUPPLIERS
from tests.workflow import import_world, invoice_fields, processed_document

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 812}
DESK = {"width": 1280, "height": 800}
# (browser language, window, name in the screenshots)
SETTINGS = [("en-US", PHONE, "en-phone"), ("ja-JP", DESK, "ja-desk")]
EVERY_SETTING = SETTINGS + [("ja-JP", PHONE, "ja-phone"), ("en-US", DESK, "en-desk")]
SAYS = {  # what the pages say, in each language
    "en-US": {"sent back": "Sent back by Approver:", "attached": "was attached", "approved": "3 approved",
              "nothing imported": "Nothing was imported", "imported": "Imported 2 suppliers"},
    "ja-JP": {"sent back": "Approver から差し戻し:", "attached": "を添付しました", "approved": "3 件を承認しました",
              "nothing imported": "何も取り込まれていません", "imported": "取引先 2 件"},
}


def open_page(browser, locale: str, viewport: dict):
    phone = viewport["width"] < 500
    context = browser.new_context(viewport=viewport, locale=locale, is_mobile=phone, has_touch=phone,
                                  device_scale_factor=2 if phone else 1)
    page = context.new_page()
    page.set_default_timeout(30_000)
    return context, page


def sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.locator('input[name="email"]').fill(email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator('form button[type="submit"]').click()
    page.wait_for_url(f"{base}/")


@pytest.mark.parametrize(("locale", "viewport", "name"), SETTINGS)
def test_an_admin_imports_master_data_and_sees_an_error_with_its_line(live_server, browser, make_user, tmp_path,
                                                                      locale, viewport, name):
    from playwright.sync_api import expect

    (tmp_path / "suppliers.csv").write_text(SUPPLIERS)
    (tmp_path / "bad_orders.csv").write_text(ORDERS.replace("Pens,5,100", "Pens,five,100"))
    (tmp_path / "purchase_orders.csv").write_text(ORDERS)
    (tmp_path / "receipts.csv").write_text(RECEIPTS)
    admin = make_user("admin")
    context, page = open_page(browser, locale, viewport)
    sign_in(page, live_server, admin.email)
    page.goto(f"{live_server}/suppliers")
    page.locator('a[href="/admin/master-data"]').click()

    page.set_input_files('input[name="suppliers.csv"]', str(tmp_path / "suppliers.csv"))
    page.set_input_files('input[name="purchase_orders.csv"]', str(tmp_path / "bad_orders.csv"))
    page.locator("form[enctype] button.primary").click()
    problems = page.locator(".problems")
    expect(problems).to_contain_text(SAYS[locale]["nothing imported"])
    expect(problems).to_contain_text("purchase_orders.csv:3: quantity 'five'")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"import-error-{name}")

    page.set_input_files('input[name="suppliers.csv"]', str(tmp_path / "suppliers.csv"))
    page.set_input_files('input[name="purchase_orders.csv"]', str(tmp_path / "purchase_orders.csv"))
    page.set_input_files('input[name="receipts.csv"]', str(tmp_path / "receipts.csv"))
    page.locator("form[enctype] button.primary").click()
    expect(page.locator("#preview-title")).to_be_visible()
    expect(page.locator(".changes").first).to_contain_text("SUP-1")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"import-preview-{name}")
    page.locator('form[action="/admin/master-data/apply"] button.primary').click()
    expect(page.locator(".flash.success")).to_contain_text(SAYS[locale]["imported"])
    expect(page.locator(".supplier-row")).to_have_count(2)
    context.close()


@pytest.fixture
def sent_back(app, make_user):
    """A document the approver sent back, asking for the delivery note."""
    import_world()
    clerk, approver = make_user("clerk"), make_user("approver")
    document = processed_document(user=clerk)
    review.submit(document, clerk)
    approvals.decide(approvals.chain(document)[0].id, approver, "return", "Attach the delivery note, please")
    db.session.commit()
    return clerk, approver, document


@pytest.mark.parametrize(("locale", "viewport", "name"), SETTINGS)
def test_a_clerk_answers_a_sent_back_document_with_an_attachment(live_server, browser, sent_back, tmp_path,
                                                                 locale, viewport, name):
    from playwright.sync_api import expect

    clerk, approver, document = sent_back
    note = tmp_path / "delivery-note.png"
    note.write_bytes(invoice_png(["DELIVERY NOTE", "DN-2026-0042", "Bolts 10", "Nuts 20"]))
    context, page = open_page(browser, locale, viewport)
    sign_in(page, live_server, clerk.email)
    page.goto(f"{live_server}/review/")
    row = page.locator(f'.doc-row[data-document="{document.id}"]')
    expect(row.locator(".sent-back-note")).to_contain_text(SAYS[locale]["sent back"])
    expect(row.locator(".sent-back-note")).to_contain_text("Attach the delivery note, please")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"sent-back-list-{name}")

    row.click()
    expect(page.locator(".flash.sent-back")).to_contain_text("Attach the delivery note, please")
    page.set_input_files("#attachment-file", str(note))
    page.locator("#attachment-note").fill("DN-2026-0042")
    page.locator(".attach-form button").click()
    expect(page.locator(".flash.success")).to_contain_text(SAYS[locale]["attached"])
    expect(page.locator(".attachment-list")).to_contain_text("delivery-note.png")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"attachment-added-{name}")
    page.locator('form[action$="/submit"] button').click()
    page.wait_for_url(f"{live_server}/review/")
    context.close()

    context, page = open_page(browser, locale, viewport)
    sign_in(page, live_server, approver.email)
    step = approvals.chain(document)[0]
    page.goto(f"{live_server}/approvals/steps/{step.id}")
    link = page.locator(".attachment-list a.attachment")
    expect(link).to_have_text("delivery-note.png")
    expect(page.locator(".attachment-list")).to_contain_text("DN-2026-0042")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"attachment-for-approver-{name}")
    response = page.request.get(live_server + link.get_attribute("href"))
    assert response.ok and response.body() == note.read_bytes()
    context.close()


def three_clean_orders() -> None:
    """Acme's orders PO-A, PO-B and PO-C, each like PO-1 and received in full."""
    from portal.masterdata.importer import import_master
    from tests.workflow import SUPPLIERS as ACME

    header = "po_number,supplier_code,order_date,currency,line_no,sku,description,quantity,unit_price,tax_rate\n"
    orders = "".join(f"PO-{x},SUP-001,2026-09-01,JPY,1,A-1,Bolts,10,1000,10\n"
                     f"PO-{x},SUP-001,2026-09-01,JPY,2,A-2,Nuts,20,500,10\n" for x in "ABC")
    receipts = "po_number,line_no,quantity_received,received_date\n" + "".join(
        f"PO-{x},{n},{q},2026-09-10\n" for x in "ABC" for n, q in ((1, 10), (2, 20)))
    import_master({"suppliers.csv": ACME, "purchase_orders.csv": header + orders, "receipts.csv": receipts})


@pytest.mark.parametrize(("locale", "viewport", "name"), SETTINGS)
def test_an_approver_filters_the_inbox_and_approves_three_clean_invoices(live_server, browser, app, make_user,
                                                                         locale, viewport, name):
    from playwright.sync_api import expect

    import_world()
    three_clean_orders()
    clerk, approver = make_user("clerk"), make_user("approver")
    overridden = processed_document(invoice_fields(total="22001"), user=clerk)
    approvals.override_exception(overridden, "total_mismatch", "agreed with the supplier", clerk)
    review.submit(overridden, clerk)
    clean = [processed_document(invoice_fields(po_number=f"PO-{x}"), user=clerk) for x in "ABC"]
    for document in clean:
        assert approvals.open_exceptions(document) == []
        review.submit(document, clerk)
    db.session.commit()

    context, page = open_page(browser, locale, viewport)
    sign_in(page, live_server, approver.email)
    page.goto(f"{live_server}/approvals/")
    rows = page.locator("#inbox-rows .inbox-item")
    expect(rows).to_have_count(4)
    page.locator(".more-filters > summary").click()
    page.locator("#inbox-exceptions").select_option("clean")
    expect(rows).to_have_count(3)
    assert "exceptions=clean" in page.url
    for box in page.locator('#inbox-rows input[name="step"]').all():
        box.check()
    assert_no_horizontal_scroll(page)
    screenshot(page, f"inbox-ticked-{name}")
    page.locator('a[href="#confirm-bulk"]').click()
    expect(page.locator("#confirm-bulk")).to_be_visible()
    page.locator("#confirm-bulk button.primary").click()
    expect(page.locator(".flash.success")).to_contain_text(SAYS[locale]["approved"])
    assert "exceptions=clean" in page.url
    expect(rows).to_have_count(0)
    screenshot(page, f"inbox-approved-{name}")
    for document in clean:
        db.session.refresh(document)
        assert document.review_status == "approved"
    context.close()


@pytest.mark.parametrize(("locale", "viewport", "name"), EVERY_SETTING)
def test_the_admin_screens_fit_and_ask_before_destroying(live_server, browser, app, make_user, locale, viewport,
                                                         name):
    """Users, one user, one's own password and the approval chains, at every width and language."""
    from playwright.sync_api import expect

    from tests.workflow import standard_bands

    import_world()
    admin, clerk = make_user("admin"), make_user("clerk")
    standard_bands(head=make_user("approver", "head@example.com"))
    context, page = open_page(browser, locale, viewport)
    sign_in(page, live_server, admin.email)
    for path, shot in (("/admin/users", "users"), (f"/admin/users/{clerk.id}", "user"),
                       ("/account/password", "password"), ("/approvals/rules", "rules")):
        page.goto(f"{live_server}{path}")
        assert_no_horizontal_scroll(page)
        screenshot(page, f"{shot}-{name}")
    page.goto(f"{live_server}/admin/users/{clerk.id}")
    expect(page.locator("#confirm-deactivate")).to_be_hidden()
    page.locator('a[href="#confirm-deactivate"]').click()
    expect(page.locator("#confirm-deactivate")).to_be_visible()
    page.locator('#confirm-deactivate button[name="active"]').click()
    expect(page.locator("h1 .status")).to_be_visible()  # deactivated, still there
    context.close()
