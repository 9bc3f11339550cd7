"""Paying approved invoices: what is due and its status, payment runs written as 全銀 files,
overdue invoices and totals per supplier and month. (Bank statements: `statements.py`.)

An invoice's paid amount is the sum of its settlements; what is open is its total less that,
so a partial payment leaves the rest open. Every function flushes and never commits.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import Select, extract, func, select
from sqlalchemy.orm import joinedload

from portal import audit
from portal.extensions import db
from portal.models import Document, PaymentRun, ReviewStatus, ScheduledPayment, Settlement, Supplier, User
from portal.payments.zengin import Payer, Transfer, ZenginError, transfer_file

STATUSES = ("unpaid", "scheduled", "partly_paid", "paid")
MAX_RUN_INVOICES = 2000


class PaymentError(ValueError):
    """A payment action refused, with the reason for the user."""


def paid_amounts():
    """Per document: what its settlements paid (a subquery)."""
    return (select(Settlement.document_id, func.sum(Settlement.amount).label("paid"))
            .group_by(Settlement.document_id).subquery())


def scheduled_amounts():
    return (select(ScheduledPayment.document_id, func.sum(ScheduledPayment.amount).label("scheduled"))
            .group_by(ScheduledPayment.document_id).subquery())


def payable() -> Select:
    """Approved invoices, not deleted: what the company owes or owed."""
    return select(Document).where(Document.review_status == ReviewStatus.APPROVED, Document.doc_type == "invoice",
                                  Document.deleted_at.is_(None), Document.total.is_not(None))


@dataclass(frozen=True)
class InvoicePayment:
    document: Document
    paid: Decimal
    scheduled: Decimal

    @property
    def open(self) -> Decimal:
        return self.document.total - self.paid

    @property
    def status(self) -> str:
        if self.paid >= self.document.total:
            return "paid"
        if self.scheduled > self.paid:
            return "scheduled"
        return "partly_paid" if self.paid > 0 else "unpaid"

    @property
    def overdue(self) -> bool:
        due = self.document.due_date
        return self.status != "paid" and due is not None and due < date.today()


def invoices(status: str = "", overdue: bool = False, limit: int = 500) -> list[InvoicePayment]:
    """Approved invoices by due date with what was paid and scheduled; filtered by status."""
    paid, scheduled = paid_amounts(), scheduled_amounts()
    paid_col = func.coalesce(paid.c.paid, 0)
    scheduled_col = func.coalesce(scheduled.c.scheduled, 0)
    query = (payable().add_columns(paid_col, scheduled_col)
             .outerjoin(paid, paid.c.document_id == Document.id)
             .outerjoin(scheduled, scheduled.c.document_id == Document.id)
             .options(joinedload(Document.supplier))
             .order_by(Document.due_date.asc().nulls_last(), Document.id))
    open_ = paid_col < Document.total
    if status == "paid":
        query = query.where(~open_)
    elif status == "scheduled":
        query = query.where(open_, scheduled_col > paid_col)
    elif status == "partly_paid":
        query = query.where(open_, paid_col > 0, scheduled_col <= paid_col)
    elif status == "unpaid":
        query = query.where(paid_col == 0, scheduled_col == 0)
    elif status == "open":
        query = query.where(open_)
    if overdue:
        query = query.where(open_, Document.due_date < date.today())
    return [InvoicePayment(d, _dec(p), _dec(s)) for d, p, s in db.session.execute(query.limit(limit))]


def _dec(value) -> Decimal:
    """A sum (already an exact Decimal: sums keep the Exact type), none as zero."""
    return Decimal(0) if value is None else value


def invoice_payment(document: Document) -> InvoicePayment:
    paid = db.session.scalar(select(func.sum(Settlement.amount)).where(Settlement.document_id == document.id))
    scheduled = db.session.scalar(select(func.sum(ScheduledPayment.amount))
                                  .where(ScheduledPayment.document_id == document.id))
    return InvoicePayment(document, _dec(paid), _dec(scheduled))


def payer() -> Payer:
    return Payer(**current_app.config["PAYER"])


def schedule_run(document_ids: list[int], transfer_date: date, user: User | None) -> PaymentRun:
    """Schedule what is open on these invoices for payment on `transfer_date`, one transfer per
    supplier, and write the 全銀 file. Refuses an invoice that is not approved, is paid or
    scheduled already, is not in yen, or whose supplier has no bank account."""
    if not document_ids:
        raise PaymentError(_("choose at least one invoice"))
    if len(document_ids) > MAX_RUN_INVOICES:
        raise PaymentError(_("at most %(n)s invoices in one run", n=MAX_RUN_INVOICES))
    if transfer_date < date.today():
        raise PaymentError(_("the transfer date has passed"))
    rows = {d.id: d for d in db.session.scalars(payable().where(Document.id.in_(document_ids))
                                                .options(joinedload(Document.supplier)))}
    per_supplier: dict[int, list[tuple[Document, Decimal]]] = defaultdict(list)
    for document_id in document_ids:
        document = rows.get(document_id)
        if document is None:
            raise PaymentError(_("document %(id)s is not an approved invoice", id=document_id))
        state = invoice_payment(document)
        if state.status in ("paid", "scheduled"):
            number = document.document_number or document.id
            raise PaymentError(_("%(document)s is paid already", document=number) if state.status == "paid"
                               else _("%(document)s is scheduled already", document=number))
        if (document.currency or "JPY") != "JPY":
            raise PaymentError(_("%(document)s: a 全銀 transfer is in yen",
                                 document=document.document_number or document.id))
        supplier = document.supplier
        if supplier is None or not (supplier.bank_code and supplier.branch_code and supplier.account_type
                                    and supplier.account_number and supplier.account_holder_kana):
            raise PaymentError(_("%(document)s: its supplier has no bank account in the master",
                                 document=document.document_number or document.id))
        per_supplier[supplier.id].append((document, state.open))
    transfers = [_transfer(items[0][0].supplier, sum((amount for _, amount in items), Decimal(0)))
                 for items in per_supplier.values()]
    try:
        data = transfer_file(payer(), transfer_date, transfers)
    except ZenginError as exc:
        raise PaymentError(str(exc)) from exc
    run = PaymentRun(created_by_id=user.id if user else None, transfer_date=transfer_date,
                     total=sum((t.amount for t in transfers), Decimal(0)), transfers=len(transfers), file=data)
    db.session.add(run)
    db.session.flush()
    for items in per_supplier.values():
        for document, amount in items:
            payment = ScheduledPayment(document_id=document.id, run=run, amount=amount)
            db.session.add(payment)
            db.session.flush()
            audit.record("payment.scheduled", payment, after={"amount": amount, "run": run.id,
                                                              "transfer_date": transfer_date}, user=user)
    return run


def _transfer(supplier: Supplier, amount: Decimal) -> Transfer:
    return Transfer(bank_code=supplier.bank_code, branch_code=supplier.branch_code,
                    account_type=supplier.account_type, account_number=supplier.account_number,
                    payee_name=supplier.account_holder_kana, amount=amount, customer_code=str(supplier.id))


@dataclass(frozen=True)
class MonthTotal:
    supplier: str
    month: str  # YYYY-MM of the issue date
    currency: str
    invoiced: Decimal
    paid: Decimal

    @property
    def open(self) -> Decimal:
        return self.invoiced - self.paid


def totals_by_supplier_and_month(limit: int = 1000) -> list[MonthTotal]:
    """Approved invoices' totals and payments, per supplier and month of issue."""
    paid = paid_amounts()
    year, month = extract("year", Document.issue_date), extract("month", Document.issue_date)
    name = func.coalesce(Supplier.name, Document.supplier_name, "")
    query = (select(name, year, month, Document.currency, func.sum(Document.total),
                    func.sum(func.coalesce(paid.c.paid, 0)))
             .select_from(Document).outerjoin(Supplier, Supplier.id == Document.supplier_id)
             .outerjoin(paid, paid.c.document_id == Document.id)
             .where(Document.review_status == ReviewStatus.APPROVED, Document.doc_type == "invoice",
                    Document.deleted_at.is_(None), Document.total.is_not(None))
             .group_by(name, year, month, Document.currency).order_by(name, year, month).limit(limit))
    return [MonthTotal(n, f"{int(y):04d}-{int(m):02d}" if y else "—", c or "", _dec(t), _dec(p))
            for n, y, m, c, t, p in db.session.execute(query)]

