"""A Japanese-speaking clerk on a phone: the document's match, in Japanese, down to why."""
from __future__ import annotations

import pytest

from tests.browser.conftest import assert_no_horizontal_scroll, screenshot
from tests.conftest import PASSWORD
from tests.workflow import import_world, invoice_fields, processed_document

pytestmark = pytest.mark.browser


def test_a_price_variance_is_explained_in_japanese(live_server, japanese_phone, make_user):
    clerk = make_user("clerk")
    import_world()
    lines = invoice_fields()["lines"]
    lines[1] = {**lines[1], "unit_price": "520", "amount": "10400"}  # the nuts 4% above the order's 500
    document = processed_document(invoice_fields(lines=lines, subtotal="20400", tax_total="2040", total="22440",
                                                 tax_breakdown=[{"rate": "10", "taxable": "20400", "tax": "2040"}]))
    page = japanese_phone
    page.goto(f"{live_server}/login")
    page.get_by_label("メールアドレス").fill(clerk.email)
    page.get_by_label("パスワード").fill(PASSWORD)
    page.get_by_role("button", name="ログイン").click()
    page.wait_for_url(f"{live_server}/")
    page.goto(f"{live_server}/documents/{document.id}")

    exception = page.locator('[data-code="price_variance"]')
    assert "2 行目: 単価 520、発注時は 500" in exception.inner_text()
    assert "against" not in page.locator("#match").inner_text()
    assert_no_horizontal_scroll(page)
    exception.scroll_into_view_if_needed()
    screenshot(page, "match-japanese-phone")
