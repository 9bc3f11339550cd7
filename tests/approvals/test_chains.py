"""The approval chains as documents meet them: the default first step is shown, named by the admin
if need be, and a rule for a higher band adds a step without taking the first one away."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from portal.approvals import chains
from portal.approvals import services as approvals
from portal.extensions import db
from portal.models import AuditEvent, Department
from portal.review import services as review
from tests.workflow import bands, import_world, invoice_fields, processed_document, standard_bands


@pytest.fixture
def clerk(app, make_user):
    import_world()
    return make_user("clerk")


def described(chain: chains.Chain) -> list[tuple]:
    return [(band.above, band.up_to, [(s.position, s.rule is None, s.approver.name if s.approver else None)
                                      for s in band.steps]) for band in chain.bands]


def test_without_rules_every_total_needs_the_default_step(clerk):
    [general] = chains.overview()
    assert described(general) == [(None, None, [(1, True, None)])]


def test_a_higher_band_adds_a_step_after_the_default_one(clerk, make_user):
    head = make_user("approver", "head@example.com")
    bands((2, "100000", head))
    document = processed_document(invoice_fields(total="200000"), user=clerk)
    needed = approvals.steps_needed(document)
    assert [r.position if r else None for r in needed] == [None, 2]
    [general] = chains.overview()
    assert described(general) == [(None, Decimal(100000), [(1, True, None)]),
                                  (Decimal(100000), None, [(1, True, None), (2, False, "Approver")])]


def test_the_standard_bands_as_three_bands_without_a_default_step(clerk):
    standard_bands()
    [general] = chains.overview()
    assert [len(band.steps) for band in general.bands] == [1, 2, 3]
    assert all(step.rule is not None for band in general.bands for step in band.steps)


def test_a_department_with_rules_of_its_own_has_its_own_chains(clerk, make_user):
    sales = Department(name="Sales")
    db.session.add(sales)
    db.session.flush()
    bands((1, "0", make_user("approver", "sales@example.com")), department_id=sales.id)
    general, of_sales = chains.overview()
    assert of_sales.department.name == "Sales" and general.department is None
    assert described(of_sales) == [(None, None, [(1, False, "Approver")])]


def test_the_admin_names_who_decides_the_default_step_and_chains_follow(clerk, make_user, signed_in, client, auth):
    deputy = make_user("approver", "deputy@example.com")
    admin = signed_in("admin")
    response = client.post("/approvals/rules/default", data={"csrf_token": auth.csrf_token("/approvals/rules"),
                                                             "approver_id": deputy.id})
    assert response.status_code == 303
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "setting.changed"))
    assert event.user_id == admin.id and event.after["value"] == deputy.id
    document = processed_document(user=clerk)
    review.submit(document, clerk)
    [step] = approvals.chain(document)
    assert step.approver_id == deputy.id
    page = client.get("/approvals/rules").get_data(as_text=True)
    assert "default step" in page and f'<option value="{deputy.id}" selected>' in page


def test_removing_a_rule_asks_first(clerk, signed_in, client):
    signed_in("admin")
    standard_bands()
    page = client.get("/approvals/rules").get_data(as_text=True)
    rule_id = db.session.scalar(select(db.func.min(approvals.ApprovalRule.id)))
    assert f'href="#confirm-remove-{rule_id}"' in page
    assert f'id="confirm-remove-{rule_id}"' in page and "Yes, remove" in page
