"""The approver's inbox: exactly the steps `permission` allows, counted and paged in SQL, sorted and
filtered from the query string, and a badge that costs one COUNT query however long the inbox."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import event, select

from portal.approvals import services as approvals
from portal.extensions import db
from portal.matching import overrides
from portal.models import ApprovalStep, PurchaseOrder
from portal.receiving.services import record_receipt
from portal.review import services as review
from tests.workflow import import_world, invoice_fields, processed_document, standard_bands

TODAY = date.today()
MONITORS = {"supplier_name": "Beta Supplies K.K.", "po_number": "PO-2", "subtotal": "200000", "tax_total": "20000",
            "total": "220000", "tax_breakdown": [{"rate": "10", "taxable": "200000", "tax": "20000"}],
            "lines": [{"description": "Monitor", "quantity": "5", "unit_price": "40000", "amount": "200000",
                       "tax_rate": "10"}]}


def submit(document, clerk):
    for exception in overrides.open_exceptions(document):
        overrides.override_exception(document, exception.code, "checked with the supplier", clerk)
    review.submit(document, clerk)
    db.session.commit()
    return document


def pending(document) -> ApprovalStep:
    return next(s for s in approvals.chain(document) if s.status == "pending")


@pytest.fixture
def office(app, make_user):
    """Documents in every situation the rules of who may decide tell apart."""
    import_world()
    clerk, a, b = make_user("clerk"), make_user("approver", "a@example.com"), make_user("approver", "b@example.com")
    head, deputy = make_user("approver", "head@example.com"), make_user("approver", "deputy@example.com")
    admin = make_user("admin")
    standard_bands(head=head)
    approvals.delegate(head, deputy, TODAY, TODAY + timedelta(days=2))
    submit(processed_document(invoice_fields(total="22000"), user=clerk), clerk)            # one step, anyone's
    submit(processed_document(invoice_fields(total="500000"), user=clerk), clerk)           # step 1 of 2
    second = submit(processed_document(invoice_fields(total="500000"), user=clerk), clerk)
    approvals.decide(pending(second).id, a, "approve")                                      # step 2: the head's
    submit(processed_document(user=admin), clerk)                                           # the admin uploaded it
    corrected = processed_document(user=clerk)
    review.correct_field(corrected, "due_date", "2026-11-20", b)                            # b corrected it
    submit(corrected, clerk)
    again = submit(processed_document(invoice_fields(total="22000"), user=clerk), clerk)
    approvals.decide(pending(again).id, a, "return", "Attach the delivery note.")
    submit(again, clerk)                                                                    # round 2: a may again
    third = submit(processed_document(invoice_fields(total="2000000"), user=clerk), clerk)
    approvals.decide(pending(third).id, head, "approve")                                    # not the head again
    processed_document(user=clerk)                                                          # not submitted
    order = db.session.scalar(select(PurchaseOrder).where(PurchaseOrder.number == "PO-2"))
    record_receipt(order, {order.lines[0].id: "5"}, b)                                      # b received the goods
    submit(processed_document(invoice_fields(**MONITORS), user=clerk), clerk)
    db.session.commit()
    return {"clerk": clerk, "a": a, "b": b, "head": head, "deputy": deputy, "admin": admin}


@pytest.mark.parametrize("day", [TODAY, TODAY + timedelta(days=5)])  # with and without the delegation
@pytest.mark.parametrize("who", ["clerk", "a", "b", "head", "deputy", "admin"])
def test_the_inbox_holds_exactly_the_steps_the_rules_allow(office, who, day):
    user = office[who]
    allowed = {s.id for s in db.session.scalars(select(ApprovalStep)) if approvals.permission(s, user, day).allowed}
    assert {s.id for s in approvals.waiting_for(user, day)} == allowed
    assert approvals.waiting_count(user, day) == len(allowed)


def test_the_rules_leave_each_approver_a_different_inbox(office):
    counts = {who: approvals.waiting_count(user, TODAY) for who, user in office.items()}
    # a: all but the head's step and what b prepared or received; b: less what b prepared or received;
    # the head: also the step named for him, not the chain he decided already; the deputy: as the head.
    assert counts["clerk"] == 0 and counts["admin"] < counts["a"]
    assert counts["deputy"] > counts["a"] > counts["b"]
    assert approvals.waiting_count(office["deputy"], TODAY + timedelta(days=5)) == counts["deputy"] - 1


@pytest.fixture
def approver(office, app, auth):
    app.config["PAGE_SIZE"] = 2
    auth.login("a@example.com")
    return office["a"]


def numbers(html: str) -> list[str]:
    return re.findall(r'href="/approvals/steps/(\d+)"', html)


def test_the_inbox_pages_and_keeps_its_sort_and_search_in_the_links(approver, client):
    total = approvals.waiting_count(approver)
    html = client.get("/approvals/?sort=amount&q=inv").get_data(as_text=True)
    assert len(numbers(html)) == 2 and f"1–2 of {total}" in html
    assert 'href="/approvals/?sort=amount&amp;q=inv&amp;page=2"' in html
    assert 'value="amount" selected' in html
    last = client.get("/approvals/?sort=amount&q=inv&page=50")
    assert last.status_code == 200 and f"of {total}" in last.get_data(as_text=True)


def test_the_inbox_sorts_by_amount_and_shows_the_dates(approver, client):
    html = client.get("/approvals/?sort=amount").get_data(as_text=True)
    amounts = re.findall(r'class="amount">¥([\d,]+)<', html)
    assert amounts == sorted(amounts, key=lambda a: -int(a.replace(",", "")))
    assert "issued 2026-10-01" in html and "due 2026-10-31" in html


def test_a_search_that_finds_nothing_says_so(approver, client):
    html = client.get("/approvals/?q=nobody").get_data(as_text=True)
    assert numbers(html) == [] and "Nothing waiting for you matches." in html


def test_the_badge_is_one_count_whatever_waits(approver, office, client):
    def queries() -> int:
        db.session.expire_all()  # as in a fresh request: nothing already loaded
        statements = []
        listener = lambda *_: statements.append(1)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        html = client.get("/", headers={"HX-Request": "true"}).get_data(as_text=True)
        event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements), re.search(r'id="inbox-badge"[^>]*>(\d+)<', html).group(1)

    queries()  # the user's first request reads the user (later ones only while anything shared changed)
    before, shown = queries()  # the number of queries, and the count the badge shows
    assert int(shown) == approvals.waiting_count(approver)
    for _ in range(3):
        submit(processed_document(invoice_fields(total="22000"), user=office["clerk"]), office["clerk"])
    after, shown = queries()
    assert int(shown) == approvals.waiting_count(approver) and after == before


def test_an_amount_beyond_any_money_column_narrows_the_inbox_and_never_fails(approver, client):
    response = client.get("/approvals/?min_total=" + "9" * 40)
    assert response.status_code == 200 and not numbers(response.get_data(as_text=True))
