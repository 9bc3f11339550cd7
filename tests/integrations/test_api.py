"""The JSON API: tokens, each endpoint through the same services as the screens, problems with
stable codes, limits; every answer checked against the OpenAPI document, which validates."""
from __future__ import annotations

import io
import json

import pytest
from openapi_spec_validator import validate
from sqlalchemy import func, select

from portal.accounts.tokens import create_token, revoke_token
from portal.extensions import db
from portal.models import ApiToken, AuditEvent, Document, Supplier
from tests.helpers import minimal_pdf
from tests.integrations.api_helpers import Api, token_for
from tests.workflow import import_world, invoice_fields, processed_document


@pytest.fixture
def api(client, make_user):
    """The API as a user of the given role: api("clerk")."""

    def as_role(role: str, email: str | None = None) -> Api:
        user = make_user(role, email)
        return Api(client, token_for(user))

    return as_role


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_the_openapi_document_validates_and_names_every_api_route(app, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.get_json()
    validate(document)
    assert document["openapi"].startswith("3.1")
    api_rules = {(rule.rule, method) for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")
                 for method in rule.methods - {"HEAD", "OPTIONS"}} - {("/api/v1/openapi.json", "GET"),
                                                                     ("/api/v1/docs", "GET")}
    documented = {(path.replace("{", "<int:").replace("}", ">"), method.upper())
                  for path, operations in document["paths"].items() for method in operations}
    assert api_rules == documented


def test_the_docs_page_is_a_static_file_with_its_script_beside_it(client):
    assert client.get("/api/v1/docs").headers["Location"].endswith("/static/api/docs.html")
    page = client.get("/static/api/docs.html").get_data(as_text=True)
    assert '<script src="docs.js" defer></script>' in page and "<script>" not in page
    assert "openapi.json" in client.get("/static/api/docs.js").get_data(as_text=True)


@pytest.mark.parametrize("header", [None, "Bearer pat_wrong", "Basic abc", "Bearer "])
def test_without_a_valid_token_the_answer_is_a_401_problem(client, header):
    response = Api(client)("GET", "/api/v1/me", headers={"Authorization": header} if header else {})
    assert response.status_code == 401
    assert response.get_json()["code"] == "unauthenticated"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_token_acts_as_its_user_and_its_secret_is_kept_only_hashed(client, make_user):
    clerk = make_user("clerk")
    token, secret = create_token(clerk, "ERP", clerk)
    db.session.commit()
    assert secret.startswith("pat_") and secret not in token.secret_hash and token.prefix == secret[:12]
    me = Api(client, secret).get("/api/v1/me").get_json()
    assert (me["email"], me["role"]) == ("clerk@example.com", "clerk")
    assert [e.after["name"] for e in events("token_created")] == ["ERP"]


def test_a_revoked_token_or_a_deactivated_user_is_refused(client, make_user):
    clerk, other = make_user("clerk"), make_user("clerk", "other@example.com")
    token, secret = create_token(clerk, "ERP", clerk)
    _token, other_secret = create_token(other, "ERP", other)
    db.session.commit()
    revoke_token(token, clerk)
    other.active = False
    db.session.commit()
    assert Api(client, secret).get("/api/v1/me").status_code == 401
    assert Api(client, other_secret).get("/api/v1/me").status_code == 401
    assert events("token_revoked")


def test_a_signed_in_browser_without_a_token_is_not_the_api_user(client, signed_in):
    signed_in("clerk")
    assert Api(client).get("/api/v1/me").status_code == 401


def test_the_role_decides_as_on_the_screens(api):
    response = api("approver").post("/api/v1/documents", data={"files": (io.BytesIO(minimal_pdf()), "a.pdf")})
    assert response.status_code == 403 and response.get_json()["code"] == "forbidden"


def test_a_clerk_uploads_and_reads_the_document_as_the_portal_read_it(api):
    clerk = api("clerk")
    files = [(io.BytesIO(minimal_pdf("Invoice No. INV-9")), "inv.pdf"), (io.BytesIO(b"not a scan"), "notes.txt")]
    response = clerk.post("/api/v1/documents", data={"files": files})
    assert response.status_code == 201
    body = response.get_json()
    [uploaded] = body["documents"]
    assert [r["file"] for r in body["refused"]] == ["notes.txt"]
    document = clerk.get(f"/api/v1/documents/{uploaded['id']}").get_json()
    assert (document["status"], document["source"], document["file"]) == ("processed", "api", "inv.pdf")
    assert document["fields"]["document_number"] == "INV-9"
    assert clerk.get(f"/api/v1/documents/{uploaded['id']}/lines").get_json() == {"lines": [], "tax_breakdown": []}
    assert clerk.get(f"/api/v1/documents/{uploaded['id']}/match").get_json()["matched"] is False
    actions = [e["action"] for e in clerk.get(f"/api/v1/documents/{uploaded['id']}/history").get_json()["events"]]
    assert actions[0] == "uploaded" and "processed" in actions
    assert events("uploaded")[0].actor == "Clerk"


def test_an_upload_of_only_refused_files_is_a_422_and_stores_nothing(api):
    response = api("clerk").post("/api/v1/documents", data={"files": (io.BytesIO(b"junk"), "junk.bin")})
    assert response.status_code == 422 and response.get_json()["code"] == "refused"
    assert response.get_json()["errors"][0]["file"] == "junk.bin"
    assert db.session.scalar(select(func.count()).select_from(Document)) == 0


def test_an_unknown_document_is_a_404_problem(api):
    response = api("accountant").get("/api/v1/documents/999999/match")
    assert response.status_code == 404 and response.get_json()["code"] == "document-not-found"


def test_a_clerk_corrects_fields_through_the_review_service(api, make_user):
    import_world()
    clerk = api("clerk")
    document = processed_document(invoice_fields(total="22001"))
    response = clerk.patch(f"/api/v1/documents/{document.id}/fields", json={"fields": {"total": "22000"}})
    assert response.status_code == 200
    assert response.get_json()["changed"] == ["total"]
    assert response.get_json()["document"]["fields"]["total"] == "22000"
    [corrected] = events("corrected")
    assert corrected.actor == "Clerk" and corrected.after == {"total": "22000"}


@pytest.mark.parametrize("fields, bad", [({"total": "lots", "due_date": "2026-12-01"}, {"total"}),
                                         ({"colour": "red", "due_date": "2026-12-01"}, {"colour"})])
def test_one_bad_value_changes_nothing_and_names_the_field(api, fields, bad):
    import_world()
    document = processed_document()
    response = api("clerk").patch(f"/api/v1/documents/{document.id}/fields", json={"fields": fields})
    assert response.status_code == 422 and response.get_json()["code"] == "invalid-field"
    assert {e["field"] for e in response.get_json()["errors"]} == bad
    db.session.refresh(document)
    assert str(document.total) == "22000" and str(document.due_date) == "2026-10-31"


@pytest.mark.parametrize("body", [{}, {"fields": {}}, {"fields": {"total": 5}}, {"fields": "x"}, [1], "x"])
def test_a_body_outside_the_schema_is_a_422_problem(api, body):
    import_world()
    document = processed_document()
    response = api("clerk").patch(f"/api/v1/documents/{document.id}/fields", json=body)
    assert response.status_code == 422 and response.get_json()["code"] == "invalid"


def test_malformed_json_is_a_422_problem(api):
    import_world()
    document = processed_document()
    response = api("clerk").patch(f"/api/v1/documents/{document.id}/fields", data="{not json",
                                  content_type="application/json")
    assert response.status_code == 422


def test_a_document_no_longer_in_review_is_a_409(api, make_user):
    from portal.review.services import submit

    import_world()
    clerk = api("clerk")
    document = processed_document()
    submit(document, make_user("clerk", "c2@example.com"))
    db.session.commit()
    response = clerk.patch(f"/api/v1/documents/{document.id}/fields", json={"fields": {"total": "1"}})
    assert response.status_code == 409 and response.get_json()["code"] == "not-editable"


def submitted(uploader) -> int:
    """A document uploaded by `uploader`, submitted: the id of its one pending step."""
    from portal.approvals.services import chain
    from portal.review.services import submit

    document = processed_document(user=uploader)
    submit(document, uploader)
    db.session.commit()
    return chain(document)[0].id


def test_an_approver_decides_a_step_and_a_second_decision_is_a_409(api, make_user, client):
    import_world()
    step_id = submitted(make_user("clerk"))
    approver = api("approver")
    assert [s["id"] for s in approver.get("/api/v1/approvals").get_json()["steps"]] == [step_id]
    response = approver.post(f"/api/v1/steps/{step_id}/decision", json={"decision": "approve"})
    assert response.status_code == 200
    assert (response.get_json()["status"], response.get_json()["document_review_status"]) == ("approved", "approved")
    other = Api(client, token_for(make_user("approver", "other@example.com")))
    again = other.post(f"/api/v1/steps/{step_id}/decision", json={"decision": "reject", "comment": "no"})
    assert again.status_code == 409 and again.get_json()["code"] == "already-decided"
    assert events("approved")[0].actor == "Approver"


def test_whoever_uploaded_a_document_may_not_approve_it_through_the_api(client, make_user):
    import_world()
    admin = make_user("admin")
    step_id = submitted(admin)
    response = Api(client, token_for(admin)).post(f"/api/v1/steps/{step_id}/decision", json={"decision": "approve"})
    assert response.status_code == 403 and response.get_json()["code"] == "not-allowed"


def test_a_rejection_without_a_comment_is_a_422(api, make_user):
    import_world()
    step_id = submitted(make_user("clerk"))
    response = api("approver").post(f"/api/v1/steps/{step_id}/decision", json={"decision": "reject"})
    assert response.status_code == 422 and response.get_json()["code"] == "refused"


MASTER = {
    "suppliers": [{"supplier_code": "SUP-9", "name": "Nine Co.", "registration_number": None, "currency": "JPY",
                   "address": "Kobe"}],
    "purchase_orders": [{"po_number": "PO-9", "supplier_code": "SUP-9", "order_date": "2026-09-01",
                         "currency": "JPY", "line_no": 1, "sku": "N-1", "description": "Nails", "quantity": 100,
                         "unit_price": "5", "tax_rate": 10, "department": "Plant"}],
    "receipts": [{"po_number": "PO-9", "line_no": 1, "quantity_received": 100, "received_date": "2026-09-05"}],
}


def test_an_admin_imports_master_data_as_json_and_again_without_duplicates(api):
    admin = api("admin")
    for _ in range(2):
        response = admin.post("/api/v1/masterdata", json=MASTER)
        assert response.status_code == 200
    assert response.get_json() == {"suppliers": 1, "orders": 1, "order_lines": 1, "receipts": 1}
    assert db.session.scalar(select(func.count()).select_from(Supplier)) == 1


def test_master_data_with_a_problem_imports_nothing_and_says_where(api):
    bad = json.loads(json.dumps(MASTER))
    bad["purchase_orders"][0]["supplier_code"] = "SUP-404"
    response = api("admin").post("/api/v1/masterdata", json=bad)
    assert response.status_code == 422 and response.get_json()["code"] == "invalid-master-data"
    assert any("purchase_orders.csv:2" in e["detail"] for e in response.get_json()["errors"])
    assert db.session.scalar(select(func.count()).select_from(Supplier)) == 0


def test_a_token_over_its_rate_is_refused_with_retry_after(app, api):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    clerk = api("clerk")
    assert [clerk.get("/api/v1/me").status_code for _ in range(4)] == [200, 200, 200, 429]
    refused = clerk.get("/api/v1/me")
    assert refused.get_json()["code"] == "too-many-requests" and int(refused.headers["Retry-After"]) > 0


def test_wrong_tokens_from_one_address_are_limited(app, client):
    app.config["LOGIN_ADDRESS_RATE_LIMIT"] = "2 per minute"
    wrong = Api(client, "pat_wrong")
    assert [wrong.get("/api/v1/me").status_code for _ in range(3)] == [401, 401, 429]


def test_a_json_body_over_the_limit_is_a_413_problem(app, api):
    app.config["API_MAX_JSON_KB"] = 1
    response = api("admin").post("/api/v1/masterdata", json={"suppliers": [{"name": "x" * 2000}]})
    assert response.status_code == 413 and response.get_json()["code"] == "too-large"


def test_the_api_needs_no_csrf_token_and_sets_no_cookie(api):
    response = api("clerk").post("/api/v1/documents", data={"files": (io.BytesIO(minimal_pdf()), "a.pdf")})
    assert response.status_code == 201 and "Set-Cookie" not in response.headers


def test_tokens_are_created_and_revoked_on_the_tokens_page(client, signed_in, auth):
    clerk = signed_in("clerk")
    token = auth.csrf_token("/account/tokens")
    page = client.post("/account/tokens", data={"name": "ERP", "csrf_token": token}).get_data(as_text=True)
    [row] = db.session.scalars(select(ApiToken))
    secret = page.split('id="new-token">')[1].split("<")[0]
    assert row.user_id == clerk.id and secret.startswith("pat_")
    assert secret not in client.get("/account/tokens").get_data(as_text=True)  # shown once
    client.post(f"/account/tokens/{row.id}/revoke", data={"csrf_token": token})
    db.session.refresh(row)
    assert row.revoked_at is not None


def test_an_accountant_searches_as_on_the_search_page(api):
    import_world()
    wanted = processed_document()
    accountant = api("accountant")
    response = accountant.get("/api/v1/search?supplier=Acme&min_total=1000")
    assert response.status_code == 200
    body = response.get_json()
    assert body["total"] == 1 and [d["id"] for d in body["documents"]] == [wanted.id]
    bad = accountant.get("/api/v1/search?min_total=lots")
    assert bad.status_code == 422 and bad.get_json()["errors"][0]["field"] == "min_total"
