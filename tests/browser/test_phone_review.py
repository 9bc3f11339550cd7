"""Reviewing on a phone: the page image stays pinned above the fields as they scroll, and a field
tapped scrolls the image to where it was read; the lines of a document fit 375 px as cards."""
from __future__ import annotations

import pytest

from portal.extensions import db
from tests.browser.conftest import SCREENSHOTS, assert_no_horizontal_scroll, screenshot
from tests.browser.test_office_day import DESK, open_page, sign_in

pytestmark = pytest.mark.browser
PHONE = {"width": 375, "height": 812}
# The total printed near the foot of a 1000 x 1400 page.
LOW_TOTAL = {"total": {"confidence": 0.5, "page": 1, "box": [600, 1250, 900, 1300]}}


@pytest.fixture
def in_review(app, make_user):
    from portal.models import DocumentPage
    from tests.workflow import import_world, processed_document

    import_world()
    clerk = make_user("clerk")
    document = processed_document(user=clerk, meta=LOW_TOTAL)
    db.session.add(DocumentPage(document_id=document.id, number=1, width=1000, height=1400, source="ocr"))
    db.session.commit()
    return clerk, document


def visible_in(page, inner: str, outer: str) -> bool:
    return page.evaluate("""([inner, outer]) => {
        const i = document.querySelector(inner).getBoundingClientRect();
        const o = document.querySelector(outer).getBoundingClientRect();
        return i.top >= o.top - 1 && i.bottom <= o.bottom + 1 && i.height > 0; }""", [inner, outer])


@pytest.mark.parametrize("locale", ["en-US", "ja-JP"])
def test_a_field_tapped_on_a_phone_scrolls_the_pinned_image_to_its_box(live_server, browser, in_review, locale):
    from playwright.sync_api import expect

    clerk, document = in_review
    context, page = open_page(browser, locale, PHONE)
    sign_in(page, live_server, clerk.email)
    page.goto(f"{live_server}/review/{document.id}")
    page.locator(".sheet img").first.wait_for()
    page.wait_for_load_state("load")
    assert not visible_in(page, '.box[data-field="total"]', ".review-pages")  # at the foot, out of sight
    page.locator("#field-total .field-show").scroll_into_view_if_needed()
    panel = page.locator(".review-pages").bounding_box()
    bar = page.locator(".topbar").bounding_box()
    assert abs(panel["y"] - (bar["y"] + bar["height"])) < 2, "the image is pinned under the navigation"
    assert panel["height"] <= PHONE["height"] * 0.4
    page.locator("#field-total .field-show").click()
    expect(page.locator('.box[data-field="total"]')).to_have_class("box conf-low active")
    page.wait_for_function("""() => {
        const b = document.querySelector('.box[data-field="total"]').getBoundingClientRect();
        const p = document.querySelector('.review-pages').getBoundingClientRect();
        return b.top >= p.top && b.bottom <= p.bottom; }""")
    field = page.locator("#input-total")
    expect(field).to_be_focused()
    top = field.bounding_box()["y"]
    assert panel["y"] + panel["height"] - 1 <= top <= PHONE["height"] - 40, "the field is in sight, not under the image"
    # As the phone shows it (first: a full-page screenshot lays the page out again at its full height).
    page.screenshot(path=str(SCREENSHOTS / f"phone-review-pinned-view-{locale}.png"))
    assert_no_horizontal_scroll(page)
    screenshot(page, f"phone-review-pinned-{locale}")
    context.close()


@pytest.mark.parametrize(("locale", "viewport", "name"), [("en-US", PHONE, "en-phone"), ("ja-JP", PHONE, "ja-phone"),
                                                          ("en-US", DESK, "en-desk")])
def test_the_lines_fit_a_phone_as_cards_with_every_column(live_server, browser, in_review, locale, viewport, name):
    clerk, document = in_review
    context, page = open_page(browser, locale, viewport)
    sign_in(page, live_server, clerk.email)
    page.goto(f"{live_server}/documents/{document.id}")
    table = page.locator("table.cards").first
    table.wait_for()
    assert_no_horizontal_scroll(page)
    tax = table.locator("tbody tr").first.locator("td").last
    box = tax.bounding_box()
    assert box["x"] + box["width"] <= viewport["width"], "the tax column is cut off"
    page.goto(f"{live_server}/orders/PO-1")
    assert_no_horizontal_scroll(page)
    screenshot(page, f"order-lines-{name}")
    context.close()


def touch(session, kind: str, *points: tuple[float, float]) -> None:
    """Fingers on the screen, as a phone reports them (Chromium's DevTools protocol)."""
    session.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [
        {"x": x, "y": y, "id": n} for n, (x, y) in enumerate(points)]})


def test_two_fingers_zoom_the_pinned_image_in_its_panel_and_a_tap_fits_it_again(live_server, browser, in_review):
    clerk, document = in_review
    context, page = open_page(browser, "en-US", PHONE)
    sign_in(page, live_server, clerk.email)
    page.goto(f"{live_server}/review/{document.id}")
    page.locator(".sheet img").first.wait_for()
    page.wait_for_load_state("load")
    inner, frame = page.locator(".sheet-inner").first, page.locator(".sheet-scroll").first
    fit = frame.evaluate("e => e.clientWidth")
    assert inner.evaluate("e => e.offsetWidth") == fit
    box = frame.bounding_box()
    middle = (box["x"] + box["width"] / 2, box["y"] + 60)
    session = context.new_cdp_session(page)
    touch(session, "touchStart", (middle[0] - 20, middle[1]), (middle[0] + 20, middle[1]))
    for step in range(1, 11):  # the fingers move apart, from 40 to 160 px
        touch(session, "touchMove", (middle[0] - 20 - 6 * step, middle[1]), (middle[0] + 20 + 6 * step, middle[1]))
    touch(session, "touchEnd")
    width = inner.evaluate("e => e.offsetWidth")
    assert 3.5 * fit <= width <= 4.5 * fit, "the page is four times as wide, as the fingers are four times as far apart"
    assert page.evaluate("visualViewport.scale") == 1, "the browser did not zoom the whole page"
    assert frame.evaluate("e => e.scrollLeft") > 0, "the point between the fingers stayed between them"
    assert_no_horizontal_scroll(page)
    page.screenshot(path=str(SCREENSHOTS / "phone-review-pinched.png"))

    page.locator(".sheet-inner").first.tap()
    assert inner.evaluate("e => e.offsetWidth") == fit, "a tap fits the page to its panel again"
    context.close()
