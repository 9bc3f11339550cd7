"""The admin's page of what the portal learnt about a supplier: seen, cleared, and no one else's."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuditEvent, SupplierAlias, SupplierMemory
from portal.review import services as review
from tests.learning.test_learning import acme_invoice, arrive
from tests.workflow import import_world, invoice_fields


@pytest.fixture
def learnt(app, make_user):
    """SUP-001 with a remembered total, its payment terms and an alias, taught by a clerk."""
    import_world()
    clerk = make_user("clerk", "teacher@example.com")
    document = arrive(acme_invoice("¥22,000"), invoice_fields(supplier_name="ZYX HOLDINGS", po_number=None,
                                                               total=None))
    review.correct_fields(document, {"supplier_code": "SUP-001", "total": "22000"}, clerk)
    db.session.commit()
    return document


def test_an_admin_sees_where_a_supplier_prints_its_fields(learnt, signed_in, client):
    signed_in("admin")
    html = client.get("/admin/suppliers/SUP-001/memory").get_data(as_text=True)
    assert "“Amount payable”" in html and "zyxholdings" in html  # the caption as printed
    assert 'action="/admin/suppliers/SUP-001/memory/clear"' in html
    assert "/admin/suppliers/SUP-001/memory" in client.get("/suppliers").get_data(as_text=True)


def test_an_admin_clears_it_and_the_trail_says_who(learnt, signed_in, client, auth):
    admin = signed_in("admin")
    token = auth.csrf_token("/admin/suppliers/SUP-001/memory")
    response = client.post("/admin/suppliers/SUP-001/memory/clear", data={"csrf_token": token})
    assert response.status_code == 303
    assert db.session.scalars(select(SupplierMemory)).all() == []
    assert db.session.scalars(select(SupplierAlias)).all() == []
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "memory.cleared"))
    assert event.user_id == admin.id and event.object_type == "Supplier"
    assert "Nothing learnt yet" in client.get("/admin/suppliers/SUP-001/memory").get_data(as_text=True)


def test_over_htmx_the_card_replaces_itself(learnt, signed_in, client, auth):
    signed_in("admin")
    learnt_things = len(db.session.scalars(select(SupplierMemory)).all()) + 1  # and the name
    token = auth.csrf_token("/admin/suppliers/SUP-001/memory")
    response = client.post("/admin/suppliers/SUP-001/memory/clear",
                           headers={"HX-Request": "true", "X-CSRFToken": token})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert html.lstrip().startswith('<section class="card" id="memory"') and f"forgot {learnt_things} thing" in html


def test_clearing_needs_the_csrf_token(learnt, signed_in, client):
    signed_in("admin")
    assert client.post("/admin/suppliers/SUP-001/memory/clear").status_code == 400
    assert db.session.scalars(select(SupplierMemory)).all() != []


@pytest.mark.parametrize("role", ["clerk", "approver", "accountant"])
def test_no_one_but_an_admin_sees_or_clears_it(learnt, signed_in, client, auth, role):
    signed_in(role)
    assert client.get("/admin/suppliers/SUP-001/memory").status_code == 403
    token = auth.csrf_token("/")
    assert client.post("/admin/suppliers/SUP-001/memory/clear", data={"csrf_token": token}).status_code == 403
    assert db.session.scalars(select(SupplierMemory)).all() != []


def test_an_unknown_supplier_is_not_found(learnt, signed_in, client):
    signed_in("admin")
    assert client.get("/admin/suppliers/NOPE/memory").status_code == 404


def test_in_japanese_the_page_speaks_japanese(learnt, signed_in, client, auth):
    signed_in("admin")
    client.post("/language", data={"locale": "ja", "csrf_token": auth.csrf_token("/"), "next": "/"})
    html = client.get("/admin/suppliers/SUP-001/memory").get_data(as_text=True)
    assert "この取引先について忘れる" in html
    assert "読取のまま" in html  # the fields the clerk left as read


def test_the_places_of_fields_left_as_read_say_they_only_fill_a_field_not_read(learnt, signed_in, client):
    signed_in("admin")
    html = client.get("/admin/suppliers/SUP-001/memory").get_data(as_text=True)
    assert "it only fills that field where a reading finds nothing" in html
    assert html.count("<small>left as read</small>") == len(
        [row for row in db.session.scalars(select(SupplierMemory)) if row.placement.get("vouched")]) > 0
