"""An admin, on a phone and at a desk, in English and Japanese, opens a corrected document's
versions (訂正削除の履歴), deletes it through the confirmation page with a reason, and finds it
again by search under "Deleted"."""
from __future__ import annotations

import pytest

from portal.extensions import db
from portal.review.services import correct_field
from tests.browser.conftest import assert_no_horizontal_scroll, screenshot
from tests.conftest import PASSWORD
from tests.desk import fields, import_suppliers, read_document

pytestmark = pytest.mark.browser

WORDS = {
    "en-US": {"email": "E-mail", "password": "Password", "sign_in": "Sign in", "versions": "Versions",
              "delete": "Delete", "reason": "Why is it deleted?", "yes": "Yes, delete", "version": "Version 2",
              "deleted": "Deleted", "status": "Status"},
    "ja-JP": {"email": "メールアドレス", "password": "パスワード", "sign_in": "ログイン", "versions": "訂正履歴",
              "delete": "削除", "reason": "削除の理由", "yes": "削除する", "version": "第2版",
              "deleted": "削除済み", "status": "状態"},
}


@pytest.fixture(params=[("phone", "en-US"), ("desk", "ja-JP"), ("phone", "ja-JP"), ("desk", "en-US")],
                ids=lambda p: f"{p[0]}-{p[1][:2]}")
def screen(request, browser):
    width, locale = request.param
    if width == "phone":
        context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True,
                                      has_touch=True, locale=locale)
    else:
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale=locale)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield width, locale, page
    context.close()


def test_an_admin_reads_the_versions_then_deletes_and_finds_the_document(live_server, screen, make_user):
    from playwright.sync_api import expect

    width, locale, page = screen
    words, name = WORDS[locale], f"{width}-{locale[:2]}"
    import_suppliers()
    clerk = make_user("clerk")
    document = read_document(fields(document_number="INV-OLD", total="11000"), text="請求書 ボルト 精算")
    correct_field(document, "document_number", "INV-2026-0042", clerk)
    db.session.commit()
    admin = make_user("admin")
    page.goto(f"{live_server}/login")
    page.get_by_label(words["email"]).fill(admin.email)
    page.get_by_label(words["password"]).fill(PASSWORD)
    page.get_by_role("button", name=words["sign_in"]).click()
    page.wait_for_url(f"{live_server}/")

    page.goto(f"{live_server}/documents/{document.id}")
    page.get_by_role("link", name=words["versions"], exact=True).click()
    newest = page.locator("#version-2")
    expect(newest).to_contain_text(words["version"])
    changed = newest.locator("dd.changed", has_text="INV-2026-0042")
    expect(changed.locator("del")).to_have_text("INV-OLD")
    expect(page.locator("#version-1")).to_be_visible()
    screenshot(page, f"records-versions-{name}")
    if width == "phone":
        assert_no_horizontal_scroll(page)

    page.goto(f"{live_server}/documents/{document.id}")
    page.get_by_role("link", name=words["delete"], exact=True).click()
    page.get_by_role("button", name=words["yes"]).click()  # no reason: asked again
    expect(page.locator(".field-error")).to_be_visible()
    page.get_by_label(words["reason"]).fill("scanned twice")
    screenshot(page, f"records-delete-{name}")
    if width == "phone":
        assert_no_horizontal_scroll(page)
    page.get_by_role("button", name=words["yes"]).click()
    expect(page.locator(".deleted-banner")).to_contain_text("scanned twice")
    screenshot(page, f"records-deleted-{name}")

    page.goto(f"{live_server}/search")
    page.get_by_label(words["status"]).select_option("deleted")
    row = page.locator("#search-results .search-row")
    expect(row).to_have_count(1)
    expect(row.first).to_contain_text("INV-2026-0042")
    expect(row.first).to_contain_text(words["deleted"])
    page.goto(f"{live_server}/")
    expect(page.locator("body")).not_to_contain_text("INV-2026-0042")
