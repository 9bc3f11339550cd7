"""Who may do what: every route, every role, own and other people's objects, as one table.

`ACCESS` is the specification: one row per route, method and object case, saying what each
role gets (anonymous visitors included). The route list comes from `app.url_map`, so a route
added without a row fails `test_every_route_has_a_row`. Every refused request (sign-in
wanted, 403, 404, 409) must leave the database exactly as it was; ids of other people's objects
are put in URLs and in form fields (IDOR), and where a form field names another object, the
row says which object must stay untouched.
"""
from __future__ import annotations

import io
import secrets
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from portal.accounts.tokens import create_token
from portal.extensions import db
from portal.models import (
    ApiToken,
    ApprovalRule,
    ApprovalStep,
    Delegation,
    Department,
    DocumentLine,
    GoodsReceipt,
    PurchaseOrder,
    PurchaseOrderLine,
    TaxLine,
    User,
)
from tests.conftest import PASSWORD
from tests.helpers import invoice_png, minimal_pdf
from tests.test_security_headers import assert_secure_headers
from tests.workflow import invoice_fields, processed_document

ROLES = ("anonymous", "clerk", "approver", "accountant", "admin")
OK, LOGIN, FORBIDDEN, MISSING, CONFLICT = "ok", "sign-in", "403", "404", "409"

# The purchasing world the table is run against. Every order has the same two lines, so the
# one invoice of invoice_fields() matches any of them; the department an order names picks the
# approval rules of its invoice (see RULES), hence who its step is assigned to.
SUPPLIERS = """supplier_code,name,registration_number,currency,address,bank_code,branch_code,account_type,\
account_number,account_holder_kana
SUP-001,Acme Parts Co.,,JPY,Tokyo,0001,001,1,1234567,ｱｸﾒ ﾊﾟｰﾂ(ｶ
"""
ORDER_DEPARTMENTS = {"PO-MINE": "Mine", "PO-OTHERS": "Others", "PO-AWAY": "Away", "PO-TWO": "Two",
                     "PO-RECV": "Mine", "PO-ANY": "", "PO-OPEN": ""}
RECEIVED = ("PO-MINE", "PO-OTHERS", "PO-AWAY", "PO-TWO", "PO-ANY")


def _orders_csv() -> str:
    rows = ["po_number,supplier_code,order_date,currency,line_no,sku,description,quantity,unit_price,tax_rate,"
            "department"]
    for number, department in ORDER_DEPARTMENTS.items():
        rows.append(f"{number},SUP-001,2026-09-01,JPY,1,A-1,Bolts,10,1000,10,{department}")
        rows.append(f"{number},SUP-001,2026-09-01,JPY,2,A-2,Nuts,20,500,10,{department}")
    return "\n".join(rows) + "\n"


def _receipts_csv() -> str:
    rows = ["po_number,line_no,quantity_received,received_date"]
    rows += [f"{number},{n},{q},2026-09-10" for number in RECEIVED for n, q in ((1, 10), (2, 20))]
    return "\n".join(rows) + "\n"


@dataclass
class World:
    users: dict[str, int]                      # role (or "other", "away") -> user id
    ids: dict[str, object] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)  # role -> the secret of an API token of theirs


def build_world(make_user) -> World:
    """Users of every role, two more approvers, documents in review and in approval, delegations."""
    from portal.approvals import services as approvals
    from portal.attachments.services import add_attachment
    from portal.masterdata.importer import import_master
    from portal.receiving.services import record_receipt
    from portal.records.retention import delete as delete_document
    from portal.review import services as review

    users = {role: make_user(role) for role in ROLES[1:]}
    me = users["approver"]
    other = make_user("approver", "other@example.com")
    away = make_user("approver", "away@example.com")
    import_master({"suppliers.csv": SUPPLIERS, "purchase_orders.csv": _orders_csv(),
                   "receipts.csv": _receipts_csv()})
    departments = {d.name: d.id for d in db.session.scalars(select(Department))}
    for department, approvers in {"Mine": [me], "Others": [other], "Away": [away], "Two": [other, me]}.items():
        for position, approver in enumerate(approvers, start=1):
            approvals.create_rule(position=position, above_amount=Decimal(0), department_id=departments[department],
                                  approver_id=approver.id)
    today = date.today()
    approvals.delegate(away, me, today - timedelta(days=1), today + timedelta(days=1))
    mine_given = approvals.delegate(me, other, today + timedelta(days=30), today + timedelta(days=31))
    others_given = approvals.delegate(other, away, today + timedelta(days=30), today + timedelta(days=31))
    clerk = users["clerk"]

    def submitted(po_number: str):
        # (a number of its own: 'INV-n' numbers from the shared counter may be one character
        # apart, and the second of two such would be taken for a repeat of the first)
        document = processed_document(invoice_fields(po_number=po_number, document_number=f"BILL-{po_number}"),
                                      user=clerk)
        for exception in approvals.open_exceptions(document):
            approvals.override_exception(document, exception.code, "checked", clerk)
        review.submit(document, clerk)
        return document

    step = {}
    for case, po in (("mine", "PO-MINE"), ("others", "PO-OTHERS"), ("delegated", "PO-AWAY"), ("two", "PO-TWO"),
                     ("received", "PO-RECV"), ("anyone", "PO-ANY")):
        step[case] = approvals.chain(submitted(po))
    recv = db.session.scalar(select(PurchaseOrder).where(PurchaseOrder.number == "PO-RECV"))
    record_receipt(recv, {line.id: "1" for line in recv.lines}, me)  # me received its goods
    in_review = processed_document(invoice_fields(po_number="PO-MINE", total="22001"), user=clerk)  # total_mismatch
    elsewhere = processed_document(invoice_fields(po_number="PO-MINE"), user=clerk)
    deleted = processed_document(invoice_fields(po_number="PO-MINE"), user=clerk)
    delete_document(deleted, "uploaded twice", users["admin"])
    my_run, others_run = (_payment_run(by) for by in (users["accountant"], make_user("accountant", "ac2@example.com")))
    attached = {d.id: add_attachment(d, "delivery-note.png", invoice_png(["DELIVERY NOTE"]), "", clerk).id
                for d in (in_review, elsewhere)}
    db.session.commit()

    def first(model, document):
        return db.session.scalar(select(model.id).where(model.document_id == document.id).order_by(model.id))

    def order_line(number: str) -> int:
        return db.session.scalar(select(PurchaseOrderLine.id).join(PurchaseOrder).where(
            PurchaseOrder.number == number).order_by(PurchaseOrderLine.line_no))

    world = World({name: user.id for name, user in (users | {"other": other, "away": away}).items()})
    world.tokens = {role: create_token(user, "access", user)[1] for role, user in users.items()}
    others_token = create_token(other, "theirs", other)[0]
    db.session.commit()
    world.ids = {
        "doc": in_review.id, "line": first(DocumentLine, in_review), "tax": first(TaxLine, in_review),
        "attachment": attached[in_review.id], "other_attachment": attached[elsewhere.id],
        "other_line": first(DocumentLine, elsewhere), "other_tax": first(TaxLine, elsewhere),
        "step_mine": step["mine"][0].id, "step_others": step["others"][0].id,
        "step_delegated": step["delegated"][0].id, "step_waiting": step["two"][1].id,
        "step_received": step["received"][0].id, "step_anyone": step["anyone"][0].id,
        "my_delegation": mine_given.id, "others_delegation": others_given.id,
        "open_line": order_line("PO-OPEN"), "recv_line": order_line("PO-RECV"),
        "clerk": users["clerk"].id, "other": other.id, "away": away.id, "supplier": recv.supplier_id,
        "department": departments["Mine"], "rule": db.session.scalar(select(func.min(ApprovalRule.id))),
        "my_token": db.session.scalar(select(func.min(ApiToken.id))), "others_token": others_token.id,
        "deleted_doc": deleted.id, "my_run": my_run, "others_run": others_run,
    }
    return world


def _payment_run(user: User) -> int:
    """A payment run `user` scheduled: one approved invoice of Acme (which has a bank account)."""
    from portal.payments.services import schedule_run

    document = processed_document(invoice_fields(po_number="PO-ANY"), user=user)
    document.review_status = "approved"
    return schedule_run([document.id], date.today() + timedelta(days=7), user).id


# --- what must stay as it was when a form field names another object -----------------------------

def _receipts_of_line(line_id: int) -> Decimal:
    return db.session.scalar(select(func.coalesce(func.sum(GoodsReceipt.quantity_received), 0))
                             .where(GoodsReceipt.order_line_id == line_id))


UNTOUCHED = {
    # Receiving PO-OPEN with a field naming a line of PO-RECV records nothing on PO-RECV.
    "recv_line": lambda w: _receipts_of_line(w.ids["recv_line"]) == 1,
    # A delegation form naming someone else as the approver still delegates only for oneself.
    "away_delegations": lambda w: db.session.scalar(select(func.count()).select_from(Delegation).where(
        Delegation.approver_id == w.ids["away"])) == 1,
    # Changing one's own password with a field naming someone else changes only one's own.
    "other_password": lambda w: db.session.get(User, w.ids["other"]).check_password(PASSWORD),
    # A token asked for on someone else's behalf is the asker's own (admins may; "other" is an approver).
    "others_tokens": lambda w: db.session.scalar(select(func.count()).select_from(ApiToken).where(
        ApiToken.user_id == w.ids["other"], ApiToken.created_by_id.not_in([w.ids["other"], w.users["admin"]]))) == 0,
    # The step of another document is not decided through this one's URL.
    "step_others": lambda w: db.session.get(ApprovalStep, w.ids["step_others"]).status == "pending",
}


# --- the table ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Row:
    endpoint: str
    method: str
    url: str                                   # formatted with the world's ids
    expect: tuple[str, ...]                    # per ROLES: anonymous, clerk, approver, accountant, admin
    case: str = ""
    data: dict = field(default_factory=dict)   # form fields, formatted with the world's ids too
    untouched: str | None = None               # a key of UNTOUCHED that must hold afterwards

    @property
    def id(self) -> str:
        return f"{self.method} {self.endpoint}" + (f" [{self.case}]" if self.case else "")


def roles(*allowed: str) -> tuple[str, ...]:
    """Signed-in users with one of these roles (admins always); others 403; anonymous to sign-in."""
    return tuple(LOGIN if r == "anonymous" else OK if r in allowed or r == "admin" else FORBIDDEN for r in ROLES)


EVERYONE = roles("clerk", "approver", "accountant")
PUBLIC = (OK,) * len(ROLES)
CLERKS, APPROVERS, ADMINS = roles("clerk"), roles("approver"), roles()
CLERKS_ACCOUNTANTS = roles("clerk", "accountant")
ACCOUNTANTS = roles("accountant")


def but(expect: tuple[str, ...], **per_role: str) -> tuple[str, ...]:
    return tuple(per_role.get(role, e) for role, e in zip(ROLES, expect, strict=True))


DECIDE = {"decision": "approve", "comment": ""}
NEW_LINE = {"description": "Washers", "quantity": "1", "unit_price": "100", "amount": "100", "tax_rate": "10"}

ACCESS: list[Row] = [
    Row("static", "GET", "/static/style.css", PUBLIC),
    Row("healthz", "GET", "/healthz", PUBLIC),
    Row("accounts.login", "GET", "/login", PUBLIC),
    Row("accounts.login", "POST", "/login", PUBLIC, data={"email": "clerk@example.com", "password": PASSWORD}),
    Row("accounts.set_language", "POST", "/language", PUBLIC, data={"locale": "ja", "next": "/"}),
    Row("accounts.logout", "POST", "/logout", EVERYONE),
    Row("accounts.users", "GET", "/admin/users", ADMINS),
    Row("accounts.users", "POST", "/admin/users", ADMINS,
        data={"email": "new@example.com", "name": "New", "role": "clerk", "password": "a-long-password"}),
    Row("accounts.user_active", "POST", "/admin/users/{clerk}/active", ADMINS, data={"active": "0"}),
    Row("accounts.user_active", "POST", "/admin/users/999999/active", but(ADMINS, admin=MISSING), "no such user",
        data={"active": "0"}),
    Row("accounts.user_password", "POST", "/admin/users/{clerk}/password", ADMINS,
        data={"password": "another-long-password"}),
    Row("accounts.edit_user", "GET", "/admin/users/{clerk}", ADMINS),
    Row("accounts.edit_user", "GET", "/admin/users/999999", but(ADMINS, admin=MISSING), "no such user"),
    Row("accounts.edit_user", "POST", "/admin/users/{clerk}", ADMINS,
        data={"email": "clerk@example.com", "name": "Renamed", "role": "accountant"}),
    Row("accounts.change_password", "GET", "/account/password", EVERYONE),
    Row("accounts.change_password", "POST", "/account/password", EVERYONE, "a field naming another user",
        data={"current": PASSWORD, "new": "my own new password", "repeated": "my own new password",
              "user_id": "{other}"}, untouched="other_password"),

    Row("documents.index", "GET", "/", EVERYONE),
    Row("documents.show", "GET", "/documents/{doc}", EVERYONE),
    Row("documents.show", "GET", "/documents/999999", but(EVERYONE, clerk=MISSING, approver=MISSING,
                                                          accountant=MISSING, admin=MISSING), "no such document"),
    Row("documents.page_image", "GET", "/documents/{doc}/pages/1.png", EVERYONE),
    Row("documents.page_image", "GET", "/documents/{doc}/pages/9.png",
        but(EVERYONE, clerk=MISSING, approver=MISSING, accountant=MISSING, admin=MISSING), "no such page"),
    Row("documents.original", "GET", "/documents/{doc}/original", EVERYONE),
    Row("documents.retry_document", "POST", "/documents/{doc}/retry", CLERKS),
    Row("intake.upload", "GET", "/upload", CLERKS),
    Row("intake.upload", "POST", "/upload", but(CLERKS, clerk="400", admin="400"), "no file"),

    Row("attachments.add", "POST", "/documents/{doc}/attachments", CLERKS, "no file"),
    Row("attachments.show", "GET", "/documents/{doc}/attachments/{attachment}", EVERYONE),
    Row("attachments.show", "GET", "/documents/{doc}/attachments/{other_attachment}",
        but(EVERYONE, clerk=MISSING, approver=MISSING, accountant=MISSING, admin=MISSING),
        "another document's attachment"),
    Row("review.queue", "GET", "/review/", CLERKS),
    Row("review.show", "GET", "/review/{doc}", CLERKS),
    Row("review.field", "GET", "/review/{doc}/fields/total?edit=1", CLERKS),
    Row("review.field", "POST", "/review/{doc}/fields/total", CLERKS, data={"value": "22000"}),
    Row("review.field", "POST", "/review/{doc}/fields/password_hash", but(CLERKS, clerk=MISSING, admin=MISSING),
        "not a field", data={"value": "x"}),
    Row("review.line", "GET", "/review/{doc}/lines/{line}?edit=1", CLERKS),
    Row("review.line", "GET", "/review/{doc}/lines/{other_line}", but(CLERKS, clerk=MISSING, admin=MISSING),
        "another document's line"),
    Row("review.line", "POST", "/review/{doc}/lines/{line}", CLERKS, data=NEW_LINE),
    Row("review.line", "POST", "/review/{doc}/lines/{other_line}", but(CLERKS, clerk=MISSING, admin=MISSING),
        "another document's line", data=NEW_LINE),
    Row("review.delete_line", "POST", "/review/{doc}/lines/{line}/delete", CLERKS),
    Row("review.delete_line", "POST", "/review/{doc}/lines/{other_line}/delete",
        but(CLERKS, clerk=MISSING, admin=MISSING), "another document's line"),
    Row("review.add_line", "POST", "/review/{doc}/lines", CLERKS, data=NEW_LINE),
    Row("review.tax_line", "GET", "/review/{doc}/taxes/{tax}", CLERKS),
    Row("review.tax_line", "GET", "/review/{doc}/taxes/{other_tax}", but(CLERKS, clerk=MISSING, admin=MISSING),
        "another document's tax line"),
    Row("review.tax_line", "POST", "/review/{doc}/taxes/{tax}", CLERKS,
        data={"rate": "10", "taxable": "20000", "tax": "2000"}),
    Row("review.tax_line", "POST", "/review/{doc}/taxes/{other_tax}", but(CLERKS, clerk=MISSING, admin=MISSING),
        "another document's tax line", data={"rate": "8", "taxable": "1", "tax": "1"}),
    Row("review.override", "POST", "/review/{doc}/exceptions/total_mismatch/override", CLERKS,
        data={"reason": "agreed with the supplier"}),
    Row("review.submit", "POST", "/review/{doc}/submit", CLERKS),
    Row("review.close", "POST", "/review/{doc}/close", CLERKS, data={"outcome": "duplicate", "reason": "twice"}),

    Row("matching.queue", "GET", "/exceptions", CLERKS_ACCOUNTANTS),
    Row("matching.queue", "GET", "/exceptions?state=all&supplier=SUP-001&issued_from=2026-01-01&sort=amount",
        CLERKS_ACCOUNTANTS, "filtered, overridden ones too"),
    Row("matching.tolerance_settings", "GET", "/admin/tolerances", ADMINS),
    Row("matching.tolerance_settings", "POST", "/admin/tolerances", ADMINS,
        data={"price_tolerance": "1", "amount_tolerance": "1"}),
    Row("learning.show", "GET", "/admin/suppliers/SUP-001/memory", ADMINS),
    Row("learning.clear", "POST", "/admin/suppliers/SUP-001/memory/clear", ADMINS),
    Row("masterdata.suppliers", "GET", "/suppliers", EVERYONE),
    Row("masterdata.suppliers", "GET", "/suppliers?q=acme&sort=orders", EVERYONE, "found and sorted"),
    Row("masterdata.order", "GET", "/orders/PO-MINE", EVERYONE),
    Row("masterdata.supplier_options", "GET", "/suppliers/options?value=acme", EVERYONE),
    Row("masterdata.import_form", "GET", "/admin/master-data", ADMINS),
    Row("masterdata.import_preview", "POST", "/admin/master-data/preview", but(ADMINS, admin="422"), "no files"),
    Row("masterdata.import_apply", "POST", "/admin/master-data/apply", but(ADMINS, admin="400"), "no files"),
    Row("receiving.orders", "GET", "/receiving/", EVERYONE),
    Row("receiving.orders", "GET", "/receiving/?status=all&supplier=SUP-001&ordered_to=2026-12-31&sort=supplier",
        EVERYONE, "filtered, received ones too"),
    Row("receiving.order", "GET", "/receiving/PO-OPEN", EVERYONE),
    Row("receiving.order", "POST", "/receiving/PO-OPEN", EVERYONE, "a field naming another order's line",
        data={"line-{open_line}": "1", "line-{recv_line}": "1"}, untouched="recv_line"),

    Row("approvals.inbox", "GET", "/approvals/", APPROVERS),
    Row("approvals.badge", "GET", "/approvals/badge", APPROVERS),
    Row("approvals.step", "GET", "/approvals/steps/{step_others}", APPROVERS, "assigned to someone else"),
    # Deciding: assignment matters, not only the role. Admins approve too, where a step is theirs to.
    Row("approvals.step", "POST", "/approvals/steps/{step_mine}", but(APPROVERS, admin=FORBIDDEN),
        "assigned to me", data=DECIDE),
    Row("approvals.step", "POST", "/approvals/steps/{step_anyone}", APPROVERS, "any approver's", data=DECIDE),
    Row("approvals.step", "POST", "/approvals/steps/{step_others}", but(APPROVERS, approver=FORBIDDEN, admin=FORBIDDEN),
        "assigned to someone else", data=DECIDE),
    Row("approvals.step", "POST", "/approvals/steps/{step_delegated}", but(APPROVERS, admin=FORBIDDEN),
        "delegated to me", data=DECIDE),
    Row("approvals.step", "POST", "/approvals/steps/{step_received}", but(APPROVERS, approver=FORBIDDEN,
                                                                          admin=FORBIDDEN),
        "I received its goods", data=DECIDE),
    Row("approvals.step", "POST", "/approvals/steps/{step_waiting}", but(APPROVERS, approver=CONFLICT,
                                                                         admin=CONFLICT),
        "not yet open", data=DECIDE),
    Row("approvals.step", "POST", "/approvals/steps/{step_mine}", but(APPROVERS, admin=FORBIDDEN),
        "another step's id in the form", data=DECIDE | {"step_id": "{step_others}"}, untouched="step_others"),
    Row("approvals.bulk_approve", "POST", "/approvals/bulk", APPROVERS, "mine and another's",
        data={"step": "{step_others}"}, untouched="step_others"),
    Row("approvals.delegations", "GET", "/approvals/delegations", APPROVERS),
    Row("approvals.delegations", "POST", "/approvals/delegations", APPROVERS, "naming another approver as me",
        data={"substitute_id": "{other}", "approver_id": "{away}", "starts_on": "2030-01-01",
              "ends_on": "2030-01-02"}, untouched="away_delegations"),
    Row("approvals.cancel_delegation", "POST", "/approvals/delegations/{my_delegation}/cancel", APPROVERS, "mine"),
    Row("approvals.cancel_delegation", "POST", "/approvals/delegations/{others_delegation}/cancel",
        but(APPROVERS, approver=FORBIDDEN), "someone else's"),
    Row("approvals.cancel_delegation", "POST", "/approvals/delegations/999999/cancel",
        but(APPROVERS, approver=MISSING, admin=MISSING), "no such delegation"),
    Row("approvals.rules", "GET", "/approvals/rules", ADMINS),
    Row("approvals.rules", "POST", "/approvals/rules", ADMINS, data={"position": "1", "above_amount": "5"}),
    Row("approvals.delete_rule", "POST", "/approvals/rules/{rule}/delete", ADMINS),
    Row("approvals.default_step", "POST", "/approvals/rules/default", ADMINS, data={"approver_id": "{other}"}),
    Row("approvals.default_step", "POST", "/approvals/rules/default", but(ADMINS, admin="400"), "no such user",
        data={"approver_id": "999999"}),
    Row("approvals.add_department", "POST", "/approvals/departments", ADMINS, data={"name": "Plant"}),
    Row("approvals.assign_department", "POST", "/approvals/departments/members", ADMINS,
        data={"user_id": "{clerk}", "department_id": "{department}"}),
    Row("approvals.supplier_department", "POST", "/approvals/departments/suppliers", ADMINS,
        data={"supplier_id": "{supplier}", "department_id": "{department}"}),

    # API tokens (pages), and the JSON API: a token stands for the role; without one, 401 ("sign-in").
    Row("accounts.tokens", "GET", "/account/tokens", EVERYONE),
    Row("accounts.tokens", "POST", "/account/tokens", EVERYONE, "naming another user as the owner",
        data={"name": "ERP", "user_id": "{other}"}, untouched="others_tokens"),
    Row("accounts.revoke", "POST", "/account/tokens/{my_token}/revoke",
        but(EVERYONE, approver=MISSING, accountant=MISSING), "the clerk's"),
    Row("accounts.revoke", "POST", "/account/tokens/{others_token}/revoke",
        but(EVERYONE, clerk=MISSING, approver=MISSING, accountant=MISSING), "someone else's"),
    Row("webhooks.index", "GET", "/admin/webhooks/", ADMINS),
    Row("webhooks.index", "POST", "/admin/webhooks/", ADMINS,
        data={"url": "http://127.0.0.1:9/hook", "events": "approved"}),
    Row("webhooks.delete", "POST", "/admin/webhooks/999999/delete", but(ADMINS, admin=MISSING), "no such webhook"),
    Row("api.openapi", "GET", "/api/v1/openapi.json", PUBLIC),
    Row("api.docs", "GET", "/api/v1/docs", PUBLIC),
    Row("api.me", "GET", "/api/v1/me", EVERYONE),
    Row("api.upload", "POST", "/api/v1/documents", CLERKS, data={"files": "a PDF"}),
    Row("api.document", "GET", "/api/v1/documents/{doc}", EVERYONE),
    Row("api.document", "GET", "/api/v1/documents/999999", but(EVERYONE, clerk=MISSING, approver=MISSING,
                                                                accountant=MISSING, admin=MISSING), "no such document"),
    Row("api.lines", "GET", "/api/v1/documents/{doc}/lines", EVERYONE),
    Row("api.match", "GET", "/api/v1/documents/{doc}/match", EVERYONE),
    Row("api.history", "GET", "/api/v1/documents/{doc}/history", EVERYONE),
    Row("api.correct", "PATCH", "/api/v1/documents/{doc}/fields", CLERKS, data={"fields": {"total": "22000"}}),
    Row("api.waiting", "GET", "/api/v1/approvals", APPROVERS),
    Row("api.decide", "POST", "/api/v1/steps/{step_mine}/decision", but(APPROVERS, admin=FORBIDDEN),
        "assigned to me", data=DECIDE),
    Row("api.decide", "POST", "/api/v1/steps/{step_others}/decision",
        but(APPROVERS, approver=FORBIDDEN, admin=FORBIDDEN), "assigned to someone else", data=DECIDE),
    Row("api.decide", "POST", "/api/v1/steps/{step_received}/decision",
        but(APPROVERS, approver=FORBIDDEN, admin=FORBIDDEN), "I received its goods", data=DECIDE),
    Row("api.decide", "POST", "/api/v1/steps/{step_waiting}/decision",
        but(APPROVERS, approver=CONFLICT, admin=CONFLICT), "not yet open", data=DECIDE),
    Row("api.import_rows", "POST", "/api/v1/masterdata", ADMINS, data={"suppliers": []}),
    Row("api.search", "GET", "/api/v1/search?supplier=Acme&min_total=1000", ACCOUNTANTS),

    # The accountant's desk.
    Row("search.index", "GET", "/search?supplier=Acme&min_total=1000&text=invoice", ACCOUNTANTS),
    Row("search.export_csv", "GET", "/search/export.csv?supplier=Acme", ACCOUNTANTS),
    Row("payments.index", "GET", "/payments/?status=open", ACCOUNTANTS),
    Row("payments.create_run", "POST", "/payments/runs", but(ACCOUNTANTS, accountant="422", admin="422"),
        "an invoice not approved", data={"document": "{doc}", "transfer_date": "2099-01-05"}),
    Row("payments.run", "GET", "/payments/runs/{my_run}", ACCOUNTANTS, "the accountant's own"),
    Row("payments.run", "GET", "/payments/runs/{others_run}", ACCOUNTANTS, "another accountant's"),
    Row("payments.run", "GET", "/payments/runs/999999", but(ACCOUNTANTS, accountant=MISSING, admin=MISSING),
        "no such run"),
    Row("payments.run_file", "GET", "/payments/runs/{my_run}/file", ACCOUNTANTS, "the accountant's own"),
    Row("payments.run_file", "GET", "/payments/runs/{others_run}/file", ACCOUNTANTS, "another accountant's"),
    Row("payments.run_file", "GET", "/payments/runs/999999/file", but(ACCOUNTANTS, accountant=MISSING,
                                                                      admin=MISSING), "no such run"),
    Row("payments.import_bank_statement", "POST", "/payments/statements", but(ACCOUNTANTS, accountant="400",
                                                                              admin="400"), "no file"),
    Row("payments.totals", "GET", "/payments/totals", ACCOUNTANTS),
    Row("books.index", "GET", "/books/", ACCOUNTANTS),
    Row("books.journal", "GET", "/books/journal?format=yayoi&issued_from=2026-01-01", ACCOUNTANTS),
    Row("books.journal", "GET", "/books/journal?format=excel", but(ACCOUNTANTS, accountant="400", admin="400"),
        "an unknown product"),
    Row("books.deductions", "POST", "/books/deductions", ADMINS, data={"ends_on": "2033-09-30", "percent": "10"}),
    Row("books.delete_deduction", "POST", "/books/deductions/999999/delete", but(ADMINS, admin=MISSING),
        "no such period"),
    Row("records.versions", "GET", "/documents/{doc}/versions", EVERYONE),
    Row("records.versions", "GET", "/documents/{deleted_doc}/versions", EVERYONE, "a deleted document"),
    Row("records.versions", "GET", "/documents/999999/versions",
        but(EVERYONE, clerk=MISSING, approver=MISSING, accountant=MISSING, admin=MISSING), "no such document"),
    Row("records.delete_document", "GET", "/documents/{doc}/delete", ADMINS),
    Row("records.delete_document", "POST", "/documents/{doc}/delete", ADMINS, data={"reason": "uploaded twice"}),
    Row("records.delete_document", "POST", "/documents/{doc}/delete", but(ADMINS, admin="422"), "no reason",
        data={"reason": ""}),
    Row("records.delete_document", "POST", "/documents/{deleted_doc}/delete", but(ADMINS, admin=CONFLICT),
        "deleted already", data={"reason": "again"}),
    Row("records.delete_document", "POST", "/documents/999999/delete", but(ADMINS, admin=MISSING),
        "no such document", data={"reason": "x"}),
]


def test_every_route_has_a_row(app):
    routes = {(rule.endpoint, method) for rule in app.url_map.iter_rules()
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    rows = {(row.endpoint, row.method) for row in ACCESS}
    assert routes - rows == set(), "routes without a row in ACCESS"
    assert rows - routes == set(), "rows in ACCESS for routes that do not exist"


def test_the_table_counts(app):
    """Its size, for the record: routes x roles x object cases."""
    routes = {(row.endpoint, row.method) for row in ACCESS}
    assert len(ACCESS) > len(routes)  # objects of one's own and of others, not only routes
    assert len(ACCESS) * len(ROLES) >= 5 * len(routes)


@pytest.fixture(scope="session")
def _snapshot(tmp_path_factory) -> dict:
    """The world as first built: every table's rows and the stored originals, to be put back."""
    return {"files": tmp_path_factory.mktemp("access-originals")}


def restore_world(app, make_user, snapshot: dict) -> World:
    """The world, built once per session and put back as it was for every test (and after every
    request that changed it): building it takes a second, putting it back a few milliseconds."""
    storage = Path(app.config["STORAGE_DIR"])
    if "world" not in snapshot:
        snapshot["world"] = build_world(make_user)
        snapshot["rows"] = {table: [dict(row._mapping) for row in db.session.execute(table.select())]
                            for table in db.metadata.sorted_tables
                            if table.name != "change_counter"}  # it only counts on: the put-back counts one
        shutil.copytree(storage, snapshot["files"], dirs_exist_ok=True)
        return snapshot["world"]
    _empty_tables()
    for table, rows in snapshot["rows"].items():
        if rows:
            db.session.execute(table.insert(), rows)
    db.session.commit()
    shutil.copytree(snapshot["files"], storage, dirs_exist_ok=True)
    return snapshot["world"]


@pytest.fixture
def world(app, make_user, _snapshot):
    return restore_world(app, make_user, _snapshot)


@pytest.mark.parametrize("row", ACCESS, ids=lambda row: row.id)
def test_access(app, client, make_user, world, _snapshot, row):
    """Each role gets what the row says, with the security headers; a refused request changes nothing."""
    for role, expected in zip(ROLES, row.expect, strict=True):
        before = _database()
        response = _request(app, client, world, row, role)
        assert_secure_headers(response)
        outcome = _outcome(response)
        assert outcome == expected, f"{row.id} as {role}: expected {expected}, got {response.status_code} " \
                                    f"{response.headers.get('Location', '')}"
        if expected != OK:
            assert _database() == before, f"{row.id} as {role}: refused, yet the database changed"
        if row.untouched:
            assert UNTOUCHED[row.untouched](world), f"{row.id} as {role}: {row.untouched} was changed"
        if _database() != before:  # the next role starts from the world as it was
            world = restore_world(app, make_user, _snapshot)


def _request(app, client, world: World, row: Row, role: str):
    """The row's request as `role`: signed in as the sign-in form does, with a valid CSRF token."""
    raw_token = secrets.token_hex(20)
    with client.session_transaction() as session:
        session.clear()
        session["csrf_token"] = raw_token
        if role != "anonymous":
            session["_user_id"] = db.session.get(User, world.users[role]).get_id()
            session["_fresh"] = True
    token = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(raw_token)
    url = row.url.format(**world.ids)
    if row.endpoint.startswith("api."):
        return _api_request(client, world, row, role, url)
    data = {key.format(**world.ids): value.format(**world.ids) for key, value in row.data.items()}
    if row.method == "GET":
        return client.get(url)
    return client.post(url, data=data | {"csrf_token": token})


def _api_request(client, world: World, row: Row, role: str, url: str):
    """The row's API request with the role's token (and the signed-in session too: it counts for nothing)."""
    headers = {"Authorization": f"Bearer {world.tokens[role]}"} if role in world.tokens else {}
    if "files" in row.data:
        return client.post(url, headers=headers, data={"files": (io.BytesIO(minimal_pdf("Access")), "a.pdf")})
    if row.method == "GET":
        return client.get(url, headers=headers)
    return client.open(url, method=row.method, headers=headers, json=row.data)


def _outcome(response) -> str:
    if response.status_code == 302 and "/login?next=" in response.headers.get("Location", ""):
        return LOGIN
    if response.status_code == 401 and response.mimetype == "application/problem+json":
        return LOGIN  # the API's "sign in": send a token
    if response.status_code < 400:
        return OK
    return str(response.status_code)


def _database() -> dict[str, list]:
    """Every row of every table (refusals of sign-ins and API request counts apart), to see that
    nothing changed."""
    db.session.expire_all()
    return {table.name: sorted(map(repr, db.session.execute(table.select()).all()))
            for table in db.metadata.sorted_tables if table.name not in ("sign_in_failures", "rate_windows")}


def _empty_tables() -> None:
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()
