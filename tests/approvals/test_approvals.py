"""Approval rules: bands, scopes, segregation of duties, delegation, one decision per step, quotes."""
from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.approvals import services as approvals
from portal.extensions import db
from portal.matching import overrides
from portal.models import ApprovalStep, AuditEvent, Department, PurchaseOrder, ReviewStatus, StepStatus
from portal.review import services as review
from tests.workflow import bands, import_world, invoice_fields, processed_document, standard_bands

TODAY = date(2026, 10, 15)


@pytest.fixture
def world(app, make_user):
    import_world()
    return make_user("clerk")


def submitted(clerk, **fields):
    """A document submitted by the clerk; a total changed alone gives total_mismatch, which the clerk accepts."""
    document = processed_document(invoice_fields(**fields) if fields else None, user=clerk)
    for exception in overrides.open_exceptions(document):
        overrides.override_exception(document, exception.code, "checked with the supplier", clerk)
    review.submit(document, clerk)
    db.session.commit()
    return document


@pytest.mark.parametrize(("total", "steps"), [
    ("1", 1), ("100000", 1), ("100001", 2), ("1000000", 2), ("1000001", 3), ("25000000", 3),
])
def test_the_amount_band_sets_how_many_approve(world, total, steps):
    standard_bands()
    document = processed_document(invoice_fields(total=total), user=world)
    assert len(approvals.steps_needed(document)) == steps


def test_without_rules_one_approver_decides(world):
    document = processed_document(user=world)
    assert approvals.steps_needed(document) == [None]


def test_a_department_rule_replaces_the_general_one_for_its_documents(world, make_user):
    head = make_user("approver", "head@example.com")
    standard_bands()
    sales = Department(name="Sales")
    db.session.add(sales)
    db.session.flush()
    bands((2, "10000", head), department_id=sales.id)  # Sales: the head already above ¥10,000
    document = processed_document(invoice_fields(total="22000"), user=world)
    assert len(approvals.steps_needed(document)) == 1
    document.department_id = sales.id
    needed = approvals.steps_needed(document)
    assert [r.position for r in needed] == [1, 2] and needed[1].approver_id == head.id


def test_a_supplier_rule_outranks_a_department_rule(world, make_user):
    supplier_id = processed_document(user=world).supplier_id
    sales = Department(name="Sales")
    db.session.add(sales)
    db.session.flush()
    bands((1, "0", None), (2, "5000", None), department_id=sales.id)
    bands((2, "50000", None), supplier_id=supplier_id)
    document = processed_document(invoice_fields(total="22000"), user=world)
    document.department_id = sales.id
    assert [r.position for r in approvals.steps_needed(document)] == [1]


def test_the_chain_moves_step_by_step_and_approves_at_the_end(world, make_user):
    first, head = make_user("approver", "a1@example.com"), make_user("approver", "head@example.com")
    standard_bands(head=head)
    document = submitted(world, total="500000")
    [step] = approvals.waiting_for(first)
    assert approvals.waiting_for(head) == [step]  # step 1 is anyone's
    approvals.decide(step.id, first, "approve")
    assert approvals.waiting_for(first) == []  # step 2 names the head
    [second] = approvals.waiting_for(head)
    assert second.position == 2
    approvals.decide(second.id, head, "approve", "ok")
    assert document.review_status == ReviewStatus.APPROVED.value


def test_the_uploader_may_not_approve(world, make_user):
    admin = make_user("admin")
    document = processed_document(user=admin)
    review.submit(document, world)
    [step] = approvals.chain(document)
    permission = approvals.permission(step, admin)
    assert not permission.allowed and "uploaded or corrected" in permission.reason
    with pytest.raises(approvals.NotAllowed):
        approvals.decide(step.id, admin, "approve")


def test_whoever_corrected_may_not_approve(world, make_user):
    admin = make_user("admin")
    document = processed_document(user=world)
    review.correct_field(document, "due_date", "2026-11-15", admin)
    review.submit(document, world)
    [step] = approvals.chain(document)
    assert not approvals.permission(step, admin).allowed
    assert approvals.waiting_for(admin) == []


def test_nobody_approves_twice_in_one_chain(world, make_user):
    approver = make_user("approver")
    standard_bands()
    document = submitted(world, total="500000")
    first, second = approvals.chain(document)
    approvals.decide(first.id, approver, "approve")
    assert not approvals.permission(second, approver).allowed
    with pytest.raises(approvals.NotAllowed):
        approvals.decide(second.id, approver, "approve")


@pytest.mark.parametrize(("day", "allowed"), [
    (TODAY - timedelta(days=1), False), (TODAY, True), (TODAY + timedelta(days=6), True),
    (TODAY + timedelta(days=7), False),
])
def test_a_substitute_decides_only_within_the_dates(world, make_user, day, allowed):
    head, deputy = make_user("approver", "head@example.com"), make_user("approver", "deputy@example.com")
    bands((1, "0", head))
    approvals.delegate(head, deputy, TODAY, TODAY + timedelta(days=6))
    document = submitted(world)
    [step] = approvals.chain(document)
    assert approvals.permission(step, deputy, day).allowed is allowed


def test_a_substitutes_decision_records_both_names(world, make_user):
    head, deputy = make_user("approver", "head@example.com"), make_user("approver", "deputy@example.com")
    bands((1, "0", head))
    approvals.delegate(head, deputy, TODAY, TODAY)
    document = submitted(world)
    [step] = approvals.waiting_for(deputy, TODAY)
    approvals.decide(step.id, deputy, "approve", "on behalf", day=TODAY)
    assert (step.decided_by_id, step.on_behalf_of_id) == (deputy.id, head.id)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.document_id == document.id,
                                                       AuditEvent.action == "approved"))
    assert event.actor == "Approver" and event.user_id == deputy.id and event.after["on_behalf_of"] == "Approver"
    delegated = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "delegated"))
    assert delegated.user_id == head.id


def test_a_cancelled_delegation_no_longer_counts(world, make_user):
    head, deputy = make_user("approver", "head@example.com"), make_user("approver", "deputy@example.com")
    bands((1, "0", head))
    delegation = approvals.delegate(head, deputy, TODAY, TODAY)
    approvals.cancel_delegation(delegation, head)
    [step] = approvals.chain(submitted(world))
    assert not approvals.permission(step, deputy, TODAY).allowed


@pytest.mark.parametrize("days", [(1, 0)])
def test_a_delegation_needs_a_sensible_range(world, make_user, days):
    head, deputy = make_user("approver", "head@example.com"), make_user("approver", "deputy@example.com")
    with pytest.raises(approvals.ApprovalError):
        approvals.delegate(head, deputy, TODAY + timedelta(days=days[0]), TODAY + timedelta(days=days[1]))
    with pytest.raises(approvals.ApprovalError):
        approvals.delegate(head, head, TODAY, TODAY)
    with pytest.raises(approvals.ApprovalError):
        approvals.delegate(head, world, TODAY, TODAY)  # a clerk cannot stand in for an approver


def test_a_step_already_decided_cannot_be_decided_again(world, make_user):
    one, two = make_user("approver", "one@example.com"), make_user("approver", "two@example.com")
    [step] = approvals.chain(submitted(world))
    approvals.decide(step.id, one, "approve")
    db.session.commit()
    with pytest.raises(approvals.AlreadyDecided):
        approvals.decide(step.id, two, "reject", "too late")
    assert db.session.get(ApprovalStep, step.id).decided_by_id == one.id


@pytest.mark.parametrize("decision", ["reject", "return"])
def test_rejecting_or_sending_back_needs_a_comment(world, make_user, decision):
    approver = make_user("approver")
    [step] = approvals.chain(submitted(world))
    with pytest.raises(approvals.ApprovalError):
        approvals.decide(step.id, approver, decision, "  ")
    assert step.status == StepStatus.PENDING.value


def test_an_exception_that_appears_after_submission_blocks_approval(world, make_user):
    approver = make_user("approver")
    document = submitted(world)
    document.lines[0].unit_price = 2000  # what a later re-match might find
    from portal.matching.services import match_document

    match_document(document)
    assert document.match.exception_codes == ["price_variance"]
    [step] = approvals.chain(document)
    with pytest.raises(approvals.ApprovalError):
        approvals.decide(step.id, approver, "approve")
    approvals.decide(step.id, approver, "return", "the price is above the order now")
    assert document.review_status == ReviewStatus.TO_REVIEW.value


def test_an_approved_quote_becomes_an_order_that_invoices_match(world, make_user):
    approver = make_user("approver")
    quote = processed_document(invoice_fields(
        doc_type="quote", po_number=None, document_number="Q-77", total="110000", subtotal="100000",
        tax_total="10000", tax_breakdown=[{"rate": "10", "taxable": "100000", "tax": "10000"}],
        lines=[{"description": "Gaskets", "quantity": "100", "unit_price": "1000", "amount": "100000",
                "tax_rate": None}]), user=world)
    review.submit(quote, world)
    [step] = approvals.chain(quote)
    approvals.decide(step.id, approver, "approve")
    order = db.session.scalar(select(PurchaseOrder).where(PurchaseOrder.source == "quote"))
    assert order.number == f"PO-Q-{quote.id:06d}"
    assert order.supplier_id == quote.supplier_id
    assert [(line.description, line.quantity, line.unit_price, line.tax_rate) for line in order.lines] == \
        [("Gaskets", 100, 1000, 10)]
    invoice = processed_document(invoice_fields(
        po_number=order.number, subtotal="100000", tax_total="10000", total="110000",
        tax_breakdown=[{"rate": "10", "taxable": "100000", "tax": "10000"}],
        lines=[{"description": "Gaskets", "quantity": "100", "unit_price": "1000", "amount": "100000",
                "tax_rate": "10"}]), user=world)
    assert invoice.match.order_id == order.id
    assert invoice.match.exception_codes == ["not_received"]  # ordered, not yet delivered


def test_a_quote_needs_a_known_supplier_to_be_submitted(world):
    quote = processed_document(invoice_fields(doc_type="quote", po_number=None, supplier_name="Nobody at all",
                                              document_number="Q-1"), user=world)
    assert quote.supplier_id is None
    with pytest.raises(review.ReviewError):
        review.submit(quote, world)


def test_two_approvers_deciding_at_once_count_once(world, make_user, app, client, auth):
    """Two browsers post their decision on the same step at the same moment: one 303, one 409."""
    one, two = make_user("approver", "one@example.com"), make_user("approver", "two@example.com")
    document = submitted(world)
    [step] = approvals.chain(document)
    clients = []
    for user in (one, two):
        browser = app.test_client()
        from tests.conftest import Auth

        Auth(browser).login(user.email)
        clients.append((browser, Auth(browser).csrf_token(f"/approvals/steps/{step.id}")))
    db.session.remove()
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def post(browser, token, decision):
        barrier.wait()
        response = browser.post(f"/approvals/steps/{step.id}",
                                data={"csrf_token": token, "decision": decision, "comment": "mine"})
        statuses.append(response.status_code)
        if response.status_code == 409:
            assert "has already decided this step" in response.get_data(as_text=True)

    threads = [threading.Thread(target=post, args=(*clients[0], "approve")),
               threading.Thread(target=post, args=(*clients[1], "reject"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(statuses) == [303, 409]
    db.session.expire_all()
    decided = db.session.get(ApprovalStep, step.id)
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.document_id == document.id,
                                                         AuditEvent.action.in_(["approved", "rejected"]))).all()
    assert len(events) == 1 and decided.decided_by_id == events[0].user_id
    expected = ReviewStatus.APPROVED if decided.status == "approved" else ReviewStatus.REJECTED
    assert db.session.get(type(document), document.id).review_status == expected.value


def test_the_conditional_update_refuses_a_step_decided_in_between(world, make_user):
    """The step looked pending when loaded, but another transaction decided it before our UPDATE."""
    from sqlalchemy import update

    one, two = make_user("approver", "one@example.com"), make_user("approver", "two@example.com")
    [step] = approvals.chain(submitted(world))
    db.session.commit()
    assert step.status == StepStatus.PENDING.value  # loaded, and now stale
    with db.engine.begin() as other:
        other.execute(update(ApprovalStep).where(ApprovalStep.id == step.id)
                      .values(status=StepStatus.APPROVED.value, decided_by_id=one.id))
    with pytest.raises(approvals.AlreadyDecided) as raised:
        approvals.decide(step.id, two, "approve")
    assert raised.value.step.decided_by_id == one.id
    assert db.session.scalars(select(AuditEvent).where(AuditEvent.action == "approved")).all() == []


def test_every_htmx_response_carries_the_inbox_badge_out_of_band(world, signed_in, client):
    approver = signed_in("approver")
    submitted(world)
    html = client.get("/", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert 'id="inbox-badge"' in html and 'hx-swap-oob="true"' in html and ">1</span>" in html
    page = client.get("/").get_data(as_text=True)  # a whole page has the badge in the nav
    assert 'id="inbox-badge" class="count"' in page
    assert approvals.waiting_for(approver)


def test_a_clerk_gets_no_badge(world, client, auth):
    auth.login(world.email)
    assert "inbox-badge" not in client.get("/", headers={"HX-Request": "true"}).get_data(as_text=True)
