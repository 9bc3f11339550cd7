"""The inbox filtered (exceptions, totals, due date) and several clean invoices approved at once:
each still its own audited decision, each still subject to segregation of duties."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.approvals import services as approvals
from portal.extensions import db
from portal.models import AuditEvent, Document, ReviewStatus
from portal.review import services as review
from tests.workflow import import_world, invoice_fields, processed_document


def submitted(clerk, **fields) -> Document:
    document = processed_document(invoice_fields(**fields), user=clerk)
    for exception in approvals.open_exceptions(document):
        approvals.override_exception(document, exception.code, "agreed with the supplier", clerk)
    review.submit(document, clerk)
    db.session.commit()
    return document


@pytest.fixture
def people(app, make_user):
    import_world()
    return make_user("clerk"), make_user("approver")


def bulk(client, auth, documents, comment=""):
    steps = [str(approvals.chain(d)[0].id) for d in documents]
    return client.post("/approvals/bulk", data={"csrf_token": auth.csrf_token("/approvals/"), "step": steps,
                                                "comment": comment, "next": "/approvals/?exceptions=clean"})


def test_three_clean_invoices_approved_at_once_each_its_own_decision(people, client, auth):
    clerk, approver = people
    documents = [submitted(clerk) for _ in range(3)]
    auth.login(approver.email)
    response = bulk(client, auth, documents)
    assert response.status_code == 303 and response.headers["Location"] == "/approvals/?exceptions=clean"
    assert "3 approved, each as its own decision." in client.get("/approvals/").get_data(as_text=True)
    for document in documents:
        db.session.refresh(document)
        assert document.review_status == ReviewStatus.APPROVED.value
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "approved")).all()
    assert sorted(e.document_id for e in events) == sorted(d.id for d in documents)
    assert {e.user_id for e in events} == {approver.id}


def test_a_document_the_approver_prepared_is_left_waiting_and_the_others_approved(people, make_user, client, auth):
    clerk, approver = people
    clean = submitted(clerk)
    theirs = processed_document(invoice_fields(), user=approver)  # the approver uploaded this one
    for exception in approvals.open_exceptions(theirs):
        approvals.override_exception(theirs, exception.code, "agreed with the supplier", clerk)
    review.submit(theirs, clerk)
    db.session.commit()
    auth.login(approver.email)
    bulk(client, auth, [clean, theirs])
    page = client.get("/approvals/").get_data(as_text=True)
    assert "1 approved" in page
    assert f"Not approved: {theirs.document_number}: You uploaded or corrected this document" in page
    db.session.refresh(theirs)
    assert theirs.review_status == ReviewStatus.SUBMITTED.value


def test_nothing_ticked_says_so(people, client, auth):
    auth.login(people[1].email)
    response = client.post("/approvals/bulk", data={"csrf_token": auth.csrf_token("/approvals/")},
                           follow_redirects=True)
    assert "Tick the documents to approve." in response.get_data(as_text=True)


def shown(client, query: str) -> set[str]:
    page = client.get(f"/approvals/{query}").get_data(as_text=True)
    return set(re.findall(r"INV-\d+", page))


def test_the_inbox_filters_by_exceptions_total_and_due_date(people, client, auth):
    clerk, approver = people
    clean = submitted(clerk, due_date="2026-10-20")
    overridden = submitted(clerk, total="22001", due_date="2026-11-30")  # total_mismatch, overridden
    big = submitted(clerk, due_date="2026-12-31", subtotal="40000", tax_total="4000", total="44000",
                    lines=[{"description": "Bolts", "quantity": "40", "unit_price": "1000", "amount": "40000",
                            "tax_rate": "10"}])  # more than ordered: overridden too
    everything = {clean.document_number, overridden.document_number, big.document_number}
    auth.login(approver.email)
    assert shown(client, "") == everything
    assert shown(client, "?exceptions=clean") == {clean.document_number}
    assert shown(client, "?exceptions=overridden") == {overridden.document_number, big.document_number}
    assert shown(client, "?min_total=30000") == {big.document_number}
    assert shown(client, "?max_total=22000.5&due_by=2026-11-30") == {clean.document_number}
    assert shown(client, "?due_by=2026-11-30&sort=amount") == {clean.document_number, overridden.document_number}
    assert shown(client, "?min_total=lots") == everything  # what does not parse is no filter


def test_only_rows_without_open_exceptions_can_be_ticked(people, client, auth):
    clerk, approver = people
    submitted(clerk)
    submitted(clerk, total="22001")
    auth.login(approver.email)
    page = client.get("/approvals/").get_data(as_text=True)
    assert page.count('name="step"') == 2  # overridden is not open: both may be approved
    assert 'id="confirm-bulk"' in page
