"""A clerk picks the document's supplier from the master on the review screen."""
from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, Document
from tests.workflow import import_world, invoice_fields, processed_document


def test_the_supplier_field_offers_the_master_and_sets_the_supplier(app, signed_in, client, auth):
    import_world()
    clerk = signed_in("clerk")
    document = processed_document(invoice_fields(supplier_name="Unreadable Smudge", po_number=None), user=clerk)
    assert document.supplier_id is None
    path = f"/review/{document.id}/fields/supplier_code"
    form = client.get(path + "?edit=1", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert '<option value="SUP-002"' in form and "Beta Supplies K.K." in form
    response = client.post(path, data={"value": "SUP-002"},
                           headers={"HX-Request": "true", "X-CSRFToken": auth.csrf_token(f"/review/{document.id}")})
    assert response.status_code == 200
    document = db.session.get(Document, document.id)
    assert (document.supplier_code, document.supplier_name) == ("SUP-002", "Beta Supplies K.K.")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "corrected"))
    assert event.after == {"supplier_code": "SUP-002", "supplier_name": "Beta Supplies K.K."}
    assert event.user_id == clerk.id


def test_an_unknown_code_is_refused_in_place(app, signed_in, client, auth):
    import_world()
    clerk = signed_in("clerk")
    document = processed_document(user=clerk)
    response = client.post(f"/review/{document.id}/fields/supplier_code", data={"value": "SUP-404"},
                           headers={"HX-Request": "true", "X-CSRFToken": auth.csrf_token(f"/review/{document.id}")})
    assert response.status_code == 422
    assert "No supplier has the code" in response.get_data(as_text=True)
    assert db.session.get(Document, document.id).supplier_code == "SUP-001"
