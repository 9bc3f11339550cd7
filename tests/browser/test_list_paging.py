"""A clerk on a phone pages through the document list and sorts it, in place; the address follows
(so the view can be bookmarked), and Back returns to the view before."""
from __future__ import annotations

import re

import pytest

from tests.browser.conftest import assert_no_horizontal_scroll, screenshot
from tests.browser.test_intake_flow import sign_in
from tests.workflow import import_world, invoice_fields, processed_document

pytestmark = pytest.mark.browser


def shown(page) -> list[str]:
    return re.findall(r"INV-L\d", " ".join(page.locator("#document-rows .doc-row").all_inner_texts()))


def test_a_clerk_pages_and_sorts_the_list_in_place(live_server, phone, app, make_user):
    from playwright.sync_api import expect

    app.config["PAGE_SIZE"] = 3
    import_world()
    clerk = make_user("clerk")
    for n in range(1, 8):
        processed_document(invoice_fields(document_number=f"INV-L{n}"), user=clerk)
    sign_in(phone, live_server, clerk.email)
    expect(phone.locator(".list-count")).to_have_text("1–3 of 7")
    assert shown(phone) == ["INV-L7", "INV-L6", "INV-L5"]
    phone.evaluate("window.notReloaded = true")

    phone.get_by_role("link", name="Next").click()
    expect(phone.locator(".list-count")).to_have_text("4–6 of 7")
    assert shown(phone) == ["INV-L4", "INV-L3", "INV-L2"] and phone.url.endswith("/?page=2")

    phone.get_by_label("Sort by").select_option("oldest")
    expect(phone.locator(".list-count")).to_have_text("1–3 of 7")
    assert shown(phone) == ["INV-L1", "INV-L2", "INV-L3"] and "sort=oldest" in phone.url
    phone.get_by_role("link", name="Next").click()
    expect(phone.locator(".pager-where")).to_have_text("Page 2 of 3")
    assert shown(phone) == ["INV-L4", "INV-L5", "INV-L6"] and "sort=oldest" in phone.url and "page=2" in phone.url
    assert phone.evaluate("window.notReloaded") is True, "paging should not reload the page"
    expect(phone.locator(".doc-row").first.locator(".doc-dates")).to_contain_text("due 2026-10-31")
    screenshot(phone, "documents-list-phone")
    assert_no_horizontal_scroll(phone)

    phone.go_back()
    expect(phone.locator(".pager-where")).to_have_text("Page 1 of 3")
    assert shown(phone) == ["INV-L1", "INV-L2", "INV-L3"]
