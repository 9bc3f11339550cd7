"""An accountant, on a phone and at a desk, searches by supplier and amount range, opens the
result, schedules it for payment, and later marks it paid from the bank's statement."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.browser.conftest import assert_no_horizontal_scroll, screenshot
from tests.browser.test_intake_flow import sign_in
from tests.desk import fields, import_suppliers, read_document

pytestmark = pytest.mark.browser

DESK = {"width": 1280, "height": 800}


@pytest.fixture(params=["phone", "desk"])
def screen(request, browser):
    if request.param == "phone":
        context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True,
                                      has_touch=True, locale="en-US")
    else:
        context = browser.new_context(viewport=DESK, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield request.param, page
    context.close()


def test_an_accountant_finds_schedules_and_reconciles_an_invoice(live_server, screen, app, make_user, tmp_path):
    from playwright.sync_api import expect

    width, page = screen
    import_suppliers()
    read_document(fields(document_number="M-77", supplier_name="株式会社ミドリ事務機", registration_number=None,
                         total="33000", due_date="2026-12-15"), text="御請求書 コピー用紙", review_status="approved")
    read_document(fields(document_number="M-78", supplier_name="株式会社ミドリ事務機", registration_number=None,
                         total="990000", due_date="2026-12-20"), review_status="approved")
    read_document(fields(document_number="A-5", total="33000"), review_status="approved")
    accountant = make_user("accountant")
    sign_in(page, live_server, accountant.email)

    page.get_by_role("link", name="Search").click()
    page.get_by_label("Supplier").fill("ミドリ")
    page.get_by_label("Total from").fill("10000")
    page.get_by_label("Total up to").fill("50000")
    results = page.locator("#search-results .search-row")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("M-77")
    assert "supplier=" in page.url and "max_total=50000" in page.url  # the search can be bookmarked
    screenshot(page, f"desk-search-{width}")
    if width == "phone":
        assert_no_horizontal_scroll(page)

    results.first.click()
    expect(page.locator("h1")).to_be_visible()
    assert "/documents/" in page.url
    screenshot(page, f"desk-document-{width}")

    page.get_by_role("link", name="Payments").click()
    row = page.locator("tr[data-document]", has_text="M-77")
    row.get_by_role("checkbox").check()
    transfer = date.today() + timedelta(days=3)
    page.get_by_label("Transfer date").fill(transfer.isoformat())
    page.get_by_role("button", name="Schedule the chosen invoices and write the transfer file").click()
    expect(page.locator(".flash.success")).to_contain_text("1 transfer(s)")
    expect(page.get_by_role("link", name="Download the transfer file (全銀)")).to_be_visible()
    screenshot(page, f"desk-payment-run-{width}")

    page.get_by_role("link", name="Back to payments").click()
    statement = tmp_path / "statement.csv"
    statement.write_text(f"date,amount,reference,counterparty\n{transfer.isoformat()},33000,FURIKOMI,ﾐﾄﾞﾘｼﾞﾑｷ(ｶ\n"
                         f"{transfer.isoformat()},1200,Bank fee,\n", encoding="utf-8")
    page.get_by_label("Bank statement (CSV)").set_input_files(str(statement))
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".flash.success")).to_contain_text("1 matched, 1 for a person to place")
    expect(page.locator("#unmatched-lines")).to_contain_text("Bank fee")
    page.get_by_label("Payment status").select_option("paid")
    expect(page.locator("tr[data-document]", has_text="M-77")).to_contain_text("Paid")
    screenshot(page, f"desk-paid-{width}")
    if width == "phone":
        assert_no_horizontal_scroll(page)
