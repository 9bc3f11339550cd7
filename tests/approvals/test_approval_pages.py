"""The admin's rules page, the approver's substitutes page and the receiving list, over HTTP."""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from portal.extensions import db
from portal.models import ApprovalRule, AuditEvent, Delegation, Department, User
from tests.workflow import import_world


def token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def test_an_admin_sets_bands_departments_and_members(signed_in, client, make_user):
    admin = signed_in("admin")
    head = make_user("approver", "head@example.com")
    page = client.get("/approvals/rules").get_data(as_text=True)
    assert "No rules yet" in page
    csrf = token(page)
    assert client.post("/approvals/departments", data={"csrf_token": csrf, "name": "Plant"}).status_code == 303
    plant = db.session.scalar(select(Department))
    client.post("/approvals/departments/members", data={"csrf_token": csrf, "user_id": head.id,
                                                        "department_id": plant.id})
    assert db.session.get(User, head.id).department_id == plant.id
    response = client.post("/approvals/rules", data={"csrf_token": csrf, "position": "2", "above_amount": "100,000",
                                                     "currency": "JPY", "approver_id": head.id,
                                                     "department_id": plant.id})
    assert response.status_code == 303
    rule = db.session.scalar(select(ApprovalRule))
    assert (rule.position, rule.above_amount, rule.approver_id, rule.department_id) == (2, 100000, head.id, plant.id)
    page = client.get("/approvals/rules").get_data(as_text=True)
    assert "above ¥100,000" in page and "Plant" in page
    client.post(f"/approvals/rules/{rule.id}/delete", data={"csrf_token": csrf})
    assert db.session.scalar(select(ApprovalRule)) is None
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.user_id == admin.id)).all()
    assert {"rule_created", "rule_deleted", "department_created", "department_assigned"} <= set(actions)


def test_only_admins_see_the_rules(signed_in, client):
    signed_in("approver")
    assert client.get("/approvals/rules").status_code == 403


def test_an_approver_names_a_substitute(signed_in, client, make_user):
    me = signed_in("approver")
    deputy = make_user("approver", "deputy@example.com")
    page = client.get("/approvals/delegations").get_data(as_text=True)
    response = client.post("/approvals/delegations", data={
        "csrf_token": token(page), "substitute_id": deputy.id, "starts_on": "2026-12-01", "ends_on": "2026-12-05"})
    assert response.status_code == 303
    delegation = db.session.scalar(select(Delegation))
    assert (delegation.approver_id, delegation.substitute_id, delegation.starts_on) == \
        (me.id, deputy.id, date(2026, 12, 1))
    page = client.get("/approvals/delegations").get_data(as_text=True)
    assert "stands in for you" in page
    client.post(f"/approvals/delegations/{delegation.id}/cancel", data={"csrf_token": token(page)})
    assert db.session.get(Delegation, delegation.id).cancelled


def test_the_receiving_list_shows_orders_with_goods_outstanding(app, signed_in, client):
    import_world()
    signed_in("clerk")
    page = client.get("/receiving/").get_data(as_text=True)
    assert "PO-2" in page and "PO-1" not in page  # PO-1 is fully received
    assert "PO-2" not in client.get("/receiving/?supplier=acme").get_data(as_text=True)
