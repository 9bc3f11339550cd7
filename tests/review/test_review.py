"""Review: corrections in place, inline errors, overrides with reasons, submitting and closing."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from portal.approvals import services as approvals
from portal.extensions import db
from portal.matching import overrides
from portal.models import AuditEvent, ReviewStatus
from portal.review import services
from tests.workflow import import_world, invoice_fields, processed_document, standard_bands

PRICEY_LINE = {"description": "Bolts", "quantity": "10", "unit_price": "1100", "amount": "11000", "tax_rate": "10"}
NUTS = {"description": "Nuts", "quantity": "20", "unit_price": "500", "amount": "10000", "tax_rate": "10"}


@pytest.fixture
def priced_high(app, make_user):
    """An invoice for PO-1 whose first line is 10% above the order: price_variance."""
    import_world()
    clerk = make_user("clerk")
    document = processed_document(invoice_fields(lines=[PRICEY_LINE, NUTS], subtotal="21000", tax_total="2100",
                                                 total="23100"), user=clerk)
    assert document.match.exception_codes == ["price_variance"]
    return document, clerk


def htmx(auth, path: str) -> dict[str, str]:
    return {"HX-Request": "true", "X-CSRFToken": auth.csrf_token(path)}


def test_a_correction_is_audited_with_old_and_new_value_and_rematches(priced_high):
    document, clerk = priced_high
    line = document.lines[0]
    changed = services.correct_line(document, line.id, PRICEY_LINE | {"unit_price": "1000"}, clerk)
    db.session.commit()
    assert changed
    assert document.match.exception_codes == []
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "corrected"))
    assert event.user_id == clerk.id and event.at is not None
    assert event.before == {"line.1.unit_price": "1100"}
    assert event.after == {"line.1.unit_price": "1000"}


def test_an_unchanged_value_is_no_correction(priced_high):
    document, clerk = priced_high
    assert services.correct_field(document, "total", "23,100", clerk) is False
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "corrected")) is None


@pytest.mark.parametrize(("field", "typed"), [
    ("issue_date", "not a date"), ("issue_date", "2026-02-30"), ("due_date", "31st of never"),
    ("total", "12,3a4"), ("total", "lots"), ("subtotal", "1.2.3"), ("currency", "yen!"),
])
def test_bad_input_is_refused_and_changes_nothing(priced_high, field, typed):
    document, clerk = priced_high
    before = getattr(document, field)
    with pytest.raises(services.InvalidValue):
        services.correct_field(document, field, typed, clerk)
    assert getattr(document, field) == before


@pytest.mark.parametrize(("field", "typed", "stored"), [
    ("total", "¥23,500", "23500"), ("total", "２３５００", "23500"), ("issue_date", "2026/10/05", "2026-10-05"),
    ("issue_date", "令和8年10月5日", "2026-10-05"), ("currency", "usd", "USD"), ("po_number", "", "None"),
])
def test_what_people_type_is_understood(priced_high, field, typed, stored):
    document, clerk = priced_high
    services.correct_field(document, field, typed, clerk)
    assert str(getattr(document, field)) == stored


def test_fields_are_listed_least_confident_first(app, make_user):
    import_world()
    meta = {"total": {"confidence": 0.95, "page": 1, "box": [1, 1, 2, 2]},
            "issue_date": {"confidence": 0.4, "page": 1, "box": [1, 1, 2, 2]},
            **{name: {"confidence": 1.0, "page": 1, "box": [1, 1, 2, 2]} for name in
               ("doc_type", "supplier_name", "registration_number", "document_number", "due_date", "currency",
                "subtotal", "tax_total")}}
    document = processed_document(user=make_user("clerk"), meta=meta)
    names = [v.name for v in services.field_views(document)]
    # empty, then found but not located, then 40%, then 95%
    assert names[:4] == ["registration_number", "po_number", "issue_date", "total"]


def test_htmx_correction_swaps_the_field_and_the_match_panel(priced_high, client, auth):
    document, clerk = priced_high
    auth.login(clerk.email)
    headers = htmx(auth, f"/review/{document.id}")
    line = document.lines[0]
    response = client.post(f"/review/{document.id}/lines/{line.id}",
                           data=PRICEY_LINE | {"unit_price": "1,000"}, headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<div class="line" id="line-{line.id}"')
    assert 'id="match" hx-swap-oob="true"' in html and "Everything agrees" in html
    assert "HX-Request" in response.headers["Vary"]


def test_htmx_bad_input_answers_422_with_the_message_inline(priced_high, client, auth):
    document, clerk = priced_high
    auth.login(clerk.email)
    response = client.post(f"/review/{document.id}/fields/issue_date", data={"value": "soon"},
                           headers=htmx(auth, f"/review/{document.id}"))
    assert response.status_code == 422
    assert re.search(r'role="alert"[^>]*>“soon” is not a date', response.get_data(as_text=True))
    assert db.session.get(type(document), document.id).issue_date.isoformat() == "2026-10-01"


def test_submitting_is_refused_while_an_exception_is_open(priced_high):
    document, clerk = priced_high
    with pytest.raises(services.ReviewError):
        services.submit(document, clerk)
    assert document.review_status == ReviewStatus.TO_REVIEW.value


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_override_needs_a_reason(priced_high, reason):
    document, clerk = priced_high
    with pytest.raises(overrides.OverrideRefused):
        overrides.override_exception(document, "price_variance", reason, clerk)
    assert [e.code for e in overrides.open_exceptions(document)] == ["price_variance"]


def test_only_clerks_and_admins_may_override(priced_high, make_user):
    document, _clerk = priced_high
    with pytest.raises(overrides.OverrideNotAllowed):
        overrides.override_exception(document, "price_variance", "fine", make_user("approver"))
    admin = make_user("admin")
    overrides.override_exception(document, "price_variance", "agreed with the supplier", admin)
    assert overrides.open_exceptions(document) == []


def test_an_override_survives_rematching_when_the_same_exception_comes_back(priced_high):
    document, clerk = priced_high
    overrides.override_exception(document, "price_variance", "agreed with the supplier", clerk)
    line = document.lines[0]
    services.correct_line(document, line.id, PRICEY_LINE | {"unit_price": "1000"}, clerk)
    assert document.match.exception_codes == []
    services.correct_line(document, line.id, PRICEY_LINE, clerk)  # back to the higher price
    assert document.match.exception_codes == ["price_variance"]
    assert overrides.open_exceptions(document) == []


def test_an_override_and_submission_are_in_the_history(priced_high):
    document, clerk = priced_high
    overrides.override_exception(document, "price_variance", "agreed with the supplier", clerk)
    services.submit(document, clerk)
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.document_id == document.id)
                                .order_by(AuditEvent.id)).all()
    assert [e.action for e in events][-2:] == ["overridden", "submitted"]
    assert events[-2].note == "agreed with the supplier"
    assert document.review_status == ReviewStatus.SUBMITTED.value


@pytest.mark.parametrize("outcome", [ReviewStatus.REJECTED, ReviewStatus.DUPLICATE])
def test_a_closed_document_leaves_the_review_queue(priced_high, outcome):
    document, clerk = priced_high
    assert document in services.review_queue()
    with pytest.raises(services.ReviewError):
        services.close(document, outcome, " ", clerk)
    services.close(document, outcome, "sent twice by the supplier", clerk)
    assert document not in services.review_queue()
    assert document.review_note == "sent twice by the supplier"
    with pytest.raises(services.ReviewError):
        services.correct_field(document, "total", "1", clerk)


def test_a_document_rejected_by_an_approver_leaves_the_inbox(app, make_user):
    import_world()
    clerk, approver = make_user("clerk"), make_user("approver")
    standard_bands()
    document = processed_document(user=clerk)
    services.submit(document, clerk)
    [step] = approvals.waiting_for(approver)
    approvals.decide(step.id, approver, "reject", "not our order")
    assert approvals.waiting_for(approver) == []
    assert document not in services.review_queue()
    assert document.review_status == ReviewStatus.REJECTED.value


def test_a_document_sent_back_returns_to_the_queue_with_the_comment(app, make_user):
    import_world()
    clerk, approver = make_user("clerk"), make_user("approver")
    document = processed_document(user=clerk)
    services.submit(document, clerk)
    [step] = approvals.waiting_for(approver)
    approvals.decide(step.id, approver, "return", "the due date looks wrong")
    assert document in services.review_queue()
    assert document.review_note == "the due date looks wrong"
    services.correct_field(document, "due_date", "2026-11-30", clerk)
    services.submit(document, clerk)
    assert [s.round for s in approvals.chain(document)] == [2]


def test_without_htmx_a_correction_posts_as_a_page_and_comes_back(priced_high, client, auth):
    document, clerk = priced_high
    auth.login(clerk.email)
    token = auth.csrf_token(f"/review/{document.id}")
    response = client.post(f"/review/{document.id}/fields/due_date", data={"value": "later", "csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/review/{document.id}")
    assert "is not a date" in client.get(f"/review/{document.id}").get_data(as_text=True)
    client.post(f"/review/{document.id}/fields/due_date", data={"value": "2026-11-20", "csrf_token": token})
    assert db.session.get(type(document), document.id).due_date.isoformat() == "2026-11-20"


def test_htmx_removing_a_line_swaps_the_lines_and_the_match_panel(priced_high, client, auth):
    document, clerk = priced_high
    auth.login(clerk.email)
    line = document.lines[0]
    response = client.post(f"/review/{document.id}/lines/{line.id}/delete",
                           headers=htmx(auth, f"/review/{document.id}"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="card" id="lines"')
    assert f'id="line-{line.id}"' not in html and 'id="match" hx-swap-oob="true"' in html
    assert len(db.session.get(type(document), document.id).lines) == 1
