"""Segregation of duties as one rule, and the approval route chosen by the order, not the submitter."""
from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.approvals import duties
from portal.approvals import services as approvals
from portal.extensions import db
from portal.masterdata.importer import import_master
from portal.matching import overrides
from portal.models import ApprovalStep, Department, Document, PurchaseOrder, Supplier
from portal.receiving.services import record_receipt
from portal.review import services as review
from tests.workflow import ORDERS, SUPPLIERS, bands, import_world, invoice_fields, processed_document

NOTHING_RECEIVED = "po_number,line_no,quantity_received,received_date\n"


@pytest.fixture
def clerk(app, make_user):
    import_world(receipts=NOTHING_RECEIVED)  # PO-1 not received yet: its invoice says not_received
    return make_user("clerk")


def submitted(clerk, document=None):
    """The invoice for PO-1, its exceptions overridden by the clerk, submitted."""
    document = document or processed_document(user=clerk)
    for exception in overrides.open_exceptions(document):
        overrides.override_exception(document, exception.code, "the goods are on their way", clerk)
    review.submit(document, clerk)
    db.session.commit()
    return document


def receive_po1(user) -> None:
    order = db.session.scalar(select(PurchaseOrder).where(PurchaseOrder.number == "PO-1"))
    record_receipt(order, {line.id: str(line.quantity) for line in order.lines}, user)
    db.session.commit()


def upload(document, user):
    document.uploaded_by_id = user.id


def correct(document, user):
    review.correct_field(document, "due_date", "2026-11-30", user)


def override(document, user):
    overrides.override_exception(document, "not_received", "delivered yesterday", user)


PREPARING = {
    "uploaded": lambda clerk, user: processed_document(user=user),
    "corrected": lambda clerk, user: _prepared(clerk, correct, user),
    "overrode an exception": lambda clerk, user: _prepared(clerk, override, user),
    "received the goods": lambda clerk, user: _received(clerk, user),
}


def _prepared(clerk, act, user):
    document = processed_document(user=clerk)
    act(document, user)
    return document


def _received(clerk, user):
    document = processed_document(user=clerk)
    submitted(clerk, document)
    receive_po1(user)
    return document


@pytest.mark.parametrize("how", PREPARING)
def test_whoever_prepared_a_document_may_not_approve_it(clerk, make_user, how):
    """One rule: uploading, correcting, overriding an exception or receiving the goods each bar approval."""
    admin = make_user("admin")  # an admin may approve, and may also do all of these
    document = PREPARING[how](clerk, admin)
    if document.review_status != "submitted":
        submitted(clerk, document)
    [step] = approvals.chain(document)
    assert admin.id in duties.preparers(document)
    permission = approvals.permission(step, admin)
    assert not permission.allowed and "may not approve" in permission.reason
    assert approvals.waiting_for(admin) == []  # the inbox's SQL says the same as permission()
    with pytest.raises(approvals.NotAllowed):
        approvals.decide(step.id, admin, "approve")
    other = make_user("approver", "other@example.com")
    assert approvals.waiting_for(other) == [step]


def test_receiving_goods_after_submission_still_bars_approval(clerk, make_user, signed_in, client, auth):
    """The probe's hole: record the receipt that clears not_received, then approve the invoice."""
    approver = signed_in("approver")
    document = submitted(clerk)
    [step] = approvals.chain(document)
    assert approvals.waiting_for(approver) == [step]
    page = client.get("/receiving/PO-1").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    lines = re.findall(r'name="(line-\d+)"', page)
    assert client.post("/receiving/PO-1", data={"csrf_token": token} | dict.fromkeys(lines, "10")).status_code == 303
    response = client.post(f"/approvals/steps/{step.id}", data={"csrf_token": token, "decision": "approve"})
    assert response.status_code == 403
    assert "received its goods" in response.get_data(as_text=True)
    assert db.session.get(ApprovalStep, step.id).status == "pending"


def test_a_substitute_may_not_decide_for_an_approver_who_received_the_goods(clerk, make_user):
    head, deputy = make_user("approver", "head@example.com"), make_user("approver", "deputy@example.com")
    bands((1, "0", head))
    approvals.delegate(head, deputy, date.today() - timedelta(days=1), date.today() + timedelta(days=1))
    document = submitted(clerk)
    receive_po1(head)
    [step] = approvals.chain(document)
    assert not approvals.permission(step, deputy).allowed
    assert approvals.waiting_for(deputy) == []


# --- the approval route ------------------------------------------------------------------------

ORDERS_WITH_DEPARTMENTS = ORDERS.replace("tax_rate\n", "tax_rate,department\n", 1).replace(
    "PO-1,SUP-001,2026-09-01,JPY,1,A-1,Bolts,10,1000,10", "PO-1,SUP-001,2026-09-01,JPY,1,A-1,Bolts,10,1000,10,Plant"
).replace("PO-1,SUP-001,2026-09-01,JPY,2,A-2,Nuts,20,500,10", "PO-1,SUP-001,2026-09-01,JPY,2,A-2,Nuts,20,500,10,Plant"
          ).replace("PO-2,SUP-002,2026-09-02,JPY,1,B-1,Monitor,5,40000,10",
                    "PO-2,SUP-002,2026-09-02,JPY,1,B-1,Monitor,5,40000,10,")


@pytest.fixture
def plant(app, make_user):
    """PO-1 was ordered by the Plant, whose head approves everything it buys."""
    import_master({"suppliers.csv": SUPPLIERS, "purchase_orders.csv": ORDERS_WITH_DEPARTMENTS,
                   "receipts.csv": "po_number,line_no,quantity_received,received_date\nPO-1,1,10,\nPO-1,2,20,\n"})
    plant = db.session.scalar(select(Department).where(Department.name == "Plant"))
    office = Department(name="Office")
    db.session.add(office)
    db.session.flush()
    head = make_user("approver", "head@example.com")
    bands((1, "0", head), department_id=plant.id)
    db.session.commit()
    return plant, office, head


def test_the_orders_department_chooses_the_approval_rules(plant, make_user):
    plant, office, head = plant
    clerk = make_user("clerk")
    approvals.assign_department(clerk, office)  # the clerk's own department does not matter
    document = submitted(clerk, processed_document(user=clerk))
    assert document.department_id == plant.id
    assert [step.approver_id for step in approvals.chain(document)] == [head.id]


def test_an_invoice_whose_order_names_no_department_follows_its_suppliers(plant, make_user):
    plant, office, head = plant
    clerk = make_user("clerk")
    approvals.assign_supplier_department(db.session.scalar(select(Supplier).where(Supplier.code == "SUP-002")), plant)
    fields = invoice_fields(supplier_name="Beta Supplies K.K.", po_number="PO-2", subtotal="200000",
                            tax_total="20000", total="220000",
                            tax_breakdown=[{"rate": "10", "taxable": "200000", "tax": "20000"}],
                            lines=[{"description": "Monitor", "quantity": "5", "unit_price": "40000",
                                    "amount": "200000", "tax_rate": "10"}])
    document = submitted(clerk, processed_document(fields, user=clerk))
    assert document.department_id == plant.id
    assert [step.approver_id for step in approvals.chain(document)] == [head.id]


def test_the_department_a_clerk_posts_at_submission_is_ignored(plant, make_user, client, auth):
    plant, office, head = plant
    bands((1, "0", None), department_id=office.id)  # the Office would let anyone approve
    clerk = make_user("clerk")
    document = processed_document(user=clerk)
    auth.login(clerk.email)
    token = auth.csrf_token(f"/review/{document.id}")
    assert 'name="department_id"' not in client.get(f"/review/{document.id}").get_data(as_text=True)
    response = client.post(f"/review/{document.id}/submit", data={"csrf_token": token, "department_id": office.id})
    assert response.status_code == 303
    document = db.session.get(Document, document.id)
    assert document.review_status == "submitted" and document.department_id == plant.id
    assert [step.approver_id for step in approvals.chain(document)] == [head.id]


def test_the_master_data_names_departments_and_a_file_without_them_keeps_them(plant):
    order = db.session.scalar(select(PurchaseOrder).where(PurchaseOrder.number == "PO-1"))
    assert order.department.name == "Plant"
    assert db.session.scalar(select(PurchaseOrder).where(PurchaseOrder.number == "PO-2")).department is None
    import_master({"suppliers.csv": SUPPLIERS, "purchase_orders.csv": ORDERS, "receipts.csv": NOTHING_RECEIVED})
    assert db.session.get(PurchaseOrder, order.id).department.name == "Plant"


# --- a step that is not open yet ---------------------------------------------------------------

def test_deciding_a_step_that_waits_for_an_earlier_one_says_it_is_not_yet_open(app, make_user, signed_in,
                                                                                client, auth):
    import_world()
    clerk = make_user("clerk")
    approver = signed_in("approver")
    bands((1, "0", None), (2, "0", None))
    document = submitted(clerk, processed_document(user=clerk))
    first, second = approvals.chain(document)
    with pytest.raises(approvals.NotYetOpen):
        approvals.decide(second.id, approver, "approve")
    token = auth.csrf_token(f"/approvals/steps/{second.id}")
    response = client.post(f"/approvals/steps/{second.id}", data={"csrf_token": token, "decision": "approve"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "not yet open" in html and "already decided" not in html
    assert db.session.get(ApprovalStep, second.id).status == "waiting"
    assert first.status == "pending" and document.total == Decimal("22000")
