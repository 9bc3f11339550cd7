"""The lists at an office's volume, in a browser: 10,000 documents (the load benchmark's world,
inserted in bulk once for the module) page, filter and sort in place on a phone (375 x 812) and
at a desk (1280 x 800), in English and in Japanese, and so do the orders, suppliers and
exceptions lists; the address follows every view, so it can be bookmarked and gone back to."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import func, insert, select

from benchmarks.load_world import seed
from portal.extensions import db
from portal.models import Document, MatchException, Supplier
from tests.browser.conftest import assert_no_horizontal_scroll, screenshot
from tests.browser.test_office_day import DESK, EVERY_SETTING, PHONE, open_page, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

DOCUMENTS = 10_000
# Documents the load world leaves to review (by number modulo 20) that wait for their goods here.
WAITING_FOR_GOODS = range(16, DOCUMENTS + 1, 20)


@pytest.fixture(scope="module")
def app(module_app):
    """One app for the module on one world of 10,000 documents (some 20 s to insert): this module's
    tests only read it."""
    module_app.config["WORLD"] = seed(DOCUMENTS, PASSWORD)
    db.session.execute(insert(MatchException), [
        {"match_id": n, "code": "not_received", "detail": "Invoiced but not yet received"} for n in WAITING_FOR_GOODS])
    db.session.commit()
    return module_app


def where(page) -> tuple[int, int, int]:
    """The list's first and last rows shown, and how many there are, whichever language says it."""
    text = page.locator(".list-count").inner_text()
    first, last = (int(n.replace(",", "")) for n in re.search(r"([\d,]+)–([\d,]+)", text).groups())
    total = int(re.sub(r"[\d,]+–[\d,]+", "", text).strip(" 件中of").replace(",", ""))
    return first, last, total


def shows(page, first: int, last: int, total: int, address: str | None = None) -> None:
    """Wait until the address holds `address` (a pattern), and the list says it shows rows first
    to last of total."""
    if address:
        page.wait_for_url(re.compile(address))
    page.wait_for_function("""([shown, total]) => {
        const c = document.querySelector('.list-count');
        const text = c ? c.textContent.replace(/,/g, '') : '';
        return text.includes(shown) && text.replace(shown, '').includes(total); }""",
                           arg=[f"{first}–{last}", str(total)])
    assert where(page) == (first, last, total)


def rows(page, container: str) -> list[str]:
    return page.locator(f"{container} .doc-row").all_inner_texts()


@pytest.mark.parametrize(("locale", "viewport", "name"), EVERY_SETTING)
def test_ten_thousand_documents_page_and_filter_in_place(live_server, browser, app, locale, viewport, name):
    from playwright.sync_api import expect

    world = app.config["WORLD"]
    context, page = open_page(browser, locale, viewport)
    sign_in(page, live_server, world["clerk"])
    shows(page, 1, 25, DOCUMENTS)
    assert len(rows(page, "#document-rows")) == 25, "a page of rows, not the whole list"
    assert "INV-010000" in rows(page, "#document-rows")[0]  # newest first
    page.evaluate("window.notReloaded = true")

    page.locator("#document-rows a[rel=next]").click()
    shows(page, 26, 50, DOCUMENTS, r"/\?page=2$")
    assert "INV-009975" in rows(page, "#document-rows")[0]

    page.locator("#list-status").select_option("sent_back")  # one in twenty
    shows(page, 1, 25, 500, r"/\?status=sent_back&sort=newest$")  # the first page of what was asked
    assert all(re.search(r"Sent back|差し戻し", row) for row in rows(page, "#document-rows"))
    page.locator("#list-sort").select_option("oldest")
    shows(page, 1, 25, 500, r"sort=oldest")
    assert "INV-000017" in rows(page, "#document-rows")[0]

    page.locator("#list-q").fill("INV-004317")
    page.locator("#list-q").press("Enter")
    shows(page, 1, 1, 1, r"q=INV-004317&status=sent_back&sort=oldest")
    assert page.evaluate("window.notReloaded") is True, "filtering should not reload the page"
    assert_no_horizontal_scroll(page)

    page.go_back()  # the view before the search, as it was
    shows(page, 1, 25, 500, r"/\?status=sent_back&sort=oldest$")
    assert "INV-000017" in rows(page, "#document-rows")[0]
    page.goto(f"{live_server}/?status=sent_back&sort=oldest&page=20")  # a bookmark: the last page
    shows(page, 476, 500, 500)
    expect(page.locator("#document-rows a[rel=next]")).to_have_count(0)
    assert "INV-009997" in rows(page, "#document-rows")[-1]
    assert_no_horizontal_scroll(page)
    screenshot(page, f"documents-10000-{name}")

    # One supplier's documents of a range of totals, in place; the address follows.
    page.goto(f"{live_server}/")
    page.evaluate("window.notReloaded = true")
    page.locator(".more-filters > summary").click()
    page.locator("#list-supplier").fill("SUP-007")
    page.locator("#list-min").fill("500,000")
    page.locator("#list-max").fill("1000000")
    page.locator("#list-max").press("Enter")
    found = between("SUP-007", 500_000, 1_000_000)
    assert 25 < found < 252, "more than a page of the supplier's 252 documents, not all of them"
    shows(page, 1, 25, found, r"supplier=SUP-007&min_total=500(%2C|,)000&max_total=1000000")
    page.locator("#document-rows a[rel=next]").click()
    shows(page, 26, min(50, found), found, r"supplier=SUP-007&min_total=500(%2C|,)000&max_total=1000000&page=2$")
    for row in rows(page, "#document-rows"):
        assert "Supplier 007 K.K." in row
        assert 500_000 <= int(re.search(r"¥([\d,]+)", row).group(1).replace(",", "")) <= 1_000_000
    assert page.evaluate("window.notReloaded") is True, "filtering should not reload the page"
    page.reload()  # a bookmark of the view shows it, its filters open and filled in
    shows(page, 26, min(50, found), found)
    assert page.locator(".more-filters").evaluate("details => details.open")
    expect(page.locator("#list-supplier")).to_have_value("SUP-007")
    expect(page.locator("#list-min")).to_have_value("500000")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"documents-10000-filtered-{name}")
    context.close()


def between(code: str, low: int, high: int) -> int:
    """How many of a supplier's documents have a total from `low` to `high` (read here, not
    through the list)."""
    return db.session.scalar(select(func.count()).select_from(Document)
                             .join(Supplier, Document.supplier_id == Supplier.id)
                             .where(Supplier.code == code, Document.total.between(low, high)))


@pytest.mark.parametrize(("locale", "viewport", "name"), EVERY_SETTING)
def test_suppliers_orders_and_exceptions_page_and_filter_at_volume(live_server, browser, app, locale, viewport,
                                                                   name):
    world = app.config["WORLD"]
    context, page = open_page(browser, locale, viewport)
    sign_in(page, live_server, world["clerk"])

    page.goto(f"{live_server}/suppliers?sort=orders")
    shows(page, 1, 25, 40)
    page.locator("#suppliers-q").fill("supplier 007")
    page.locator("#suppliers-q").press("Enter")
    shows(page, 1, 1, 1, r"q=supplier(\+|%20)007&sort=orders")
    screenshot(page, f"suppliers-{name}")
    page.locator(".supplier-row .row-links a").first.click()  # its orders, received or not

    shows(page, 1, 25, 63, r"/receiving/\?supplier=SUP-007&status=all$")
    page.evaluate("window.notReloaded = true")
    page.locator("#orders-sort").select_option("oldest")
    shows(page, 1, 25, 63, r"sort=oldest")
    assert "PO-000006" in rows(page, "#order-rows")[0]
    assert page.locator(".more-filters").evaluate("details => details.open"), "open: a supplier is filtered on"
    page.locator("#orders-from").fill("2026-04-01")
    page.locator("#orders-to").fill("2026-06-30")
    page.locator("#orders-to").dispatch_event("change")
    page.wait_for_url(re.compile(r"ordered_to=2026-06-30"))
    first, last, total = where(page)
    assert 10 <= total <= 20 and "ordered_from=2026-04-01" in page.url
    assert all("SUP-007" in row for row in rows(page, "#order-rows"))
    page.locator("#orders-supplier").fill("Supplier 01")  # the master's suppliers offered as one types
    page.wait_for_function("() => document.querySelectorAll('#orders-supplier-options option').length === 10")
    assert "/receiving/" in page.url and "supplier=SUP-007" in page.url, "the offers are not a view of the list"
    page.locator("#orders-supplier").press("Enter")
    page.wait_for_url(re.compile(r"supplier=Supplier(\+|%20)01"))
    page.wait_for_function("() => !document.querySelector('#order-rows').textContent.includes('SUP-007')")
    assert all(re.search(r"SUP-01\d", row) for row in rows(page, "#order-rows"))
    assert page.evaluate("window.notReloaded") is True
    assert_no_horizontal_scroll(page)
    screenshot(page, f"orders-{name}")

    page.goto(f"{live_server}/exceptions")
    shows(page, 1, 25, len(WAITING_FOR_GOODS))
    page.locator("#exceptions-state").select_option("all")
    # One choice at a time, the list answering each, as people choose: two changes a few
    # milliseconds apart race htmx's replacing of the first request (a busy CI once lost the second).
    page.wait_for_url(re.compile(r"state=all"))
    page.locator("#exceptions-code").select_option("duplicate")
    shows(page, 1, 25, DOCUMENTS // 20, r"code=duplicate&state=all")
    page.locator("#exception-results a[rel=next]").click()
    shows(page, 26, 50, DOCUMENTS // 20, r"code=duplicate&state=all&sort=oldest&page=2")
    page.locator("#exceptions-state").select_option("overridden")
    page.wait_for_url(re.compile(r"code=duplicate&state=overridden"))
    page.locator("#exceptions-code").select_option("")
    # The price variances someone accepted, one document in five.
    shows(page, 1, 25, DOCUMENTS // 5, r"/exceptions\?state=overridden&sort=oldest$")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"exceptions-{name}")
    context.close()


def test_the_settings_are_a_phone_and_a_desk():
    assert {s[1]["width"] for s in EVERY_SETTING} == {PHONE["width"], DESK["width"]}
