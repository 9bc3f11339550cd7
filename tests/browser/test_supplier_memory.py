"""An admin looks at what the portal learnt about a supplier and makes it forget, on a phone in
Japanese and at a desk in English."""
from __future__ import annotations

import pytest

from portal.extensions import db
from portal.review import services as review
from tests.browser.conftest import assert_no_horizontal_scroll, screenshot
from tests.conftest import PASSWORD
from tests.learning.test_learning import acme_invoice, arrive
from tests.workflow import import_world, invoice_fields

pytestmark = pytest.mark.browser

LABELS = {"ja-JP": ("メールアドレス", "パスワード", "ログイン", "この取引先について忘れる"),
          "en-US": ("E-mail", "Password", "Sign in", "Forget everything learnt about this supplier")}


@pytest.fixture
def learnt(app, make_user):
    """SUP-001 with a remembered total, payment terms and an alias, taught by a clerk."""
    import_world()
    clerk = make_user("clerk", "teacher@example.com")
    document = arrive(acme_invoice("¥22,000"), invoice_fields(supplier_name="ZYX HOLDINGS", po_number=None,
                                                               total=None, due_date=None))
    review.correct_fields(document, {"supplier_code": "SUP-001", "total": "22000", "due_date": "2026-10-31"}, clerk)
    db.session.commit()


@pytest.mark.parametrize(("locale", "viewport", "name"), [
    ("ja-JP", {"width": 375, "height": 812}, "memory-japanese-phone"),
    ("en-US", {"width": 1280, "height": 800}, "memory-english-desk"),
])
def test_an_admin_sees_a_suppliers_memory_and_clears_it(live_server, browser, make_user, learnt, locale, viewport,
                                                        name):
    admin = make_user("admin")
    email, password, sign_in, forget = LABELS[locale]
    context = browser.new_context(viewport=viewport, locale=locale)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{live_server}/login")
    page.get_by_label(email).fill(admin.email)
    page.get_by_label(password).fill(PASSWORD)
    page.get_by_role("button", name=sign_in).click()
    page.wait_for_url(f"{live_server}/")
    page.goto(f"{live_server}/admin/suppliers/SUP-001/memory")

    memory = page.locator("#memory")
    assert "zyxholdings" in memory.inner_text().lower().replace(" ", "")
    assert ("月末" if locale == "ja-JP" else "End of the month") in memory.inner_text()
    assert_no_horizontal_scroll(page)
    screenshot(page, name)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=forget).click()
    page.locator("#memory .flash").wait_for()
    assert page.locator("#memory table").count() == 0
    context.close()
