"""Paying approved invoices: payment runs (全銀 transfer files), bank statement lines and what
each settled. An invoice's open amount is its total less its settlements, so a partial
payment leaves the rest open and re-importing a statement (one line, one fingerprint) adds nothing."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.clock import utcnow
from portal.models.types import Exact


class PaymentRun(db.Model):
    """One transfer file for the bank: the invoices scheduled in it, one transfer per supplier."""

    __tablename__ = "payment_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    transfer_date: Mapped[date]
    total: Mapped[Decimal] = mapped_column(Exact)
    transfers: Mapped[int]
    file: Mapped[bytes] = mapped_column(LargeBinary)  # the 全銀 file as written, Shift_JIS

    payments: Mapped[list[ScheduledPayment]] = relationship(back_populates="run")


class ScheduledPayment(db.Model):
    """An invoice's open amount, scheduled in a payment run."""

    __tablename__ = "scheduled_payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("payment_runs.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Exact)

    run: Mapped[PaymentRun] = relationship(back_populates="payments")
    document = relationship("Document")


class StatementLine(db.Model):
    """One outgoing payment on an imported bank statement."""

    __tablename__ = "statement_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The line's date, amount, texts and its place among identical lines of its file: the
    # same statement imported again finds its lines here and adds nothing.
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    booked_on: Mapped[date] = mapped_column(index=True)
    amount: Mapped[Decimal] = mapped_column(Exact)
    reference: Mapped[str] = mapped_column(String(200), default="")
    counterparty: Mapped[str] = mapped_column(String(200), default="")
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    matched: Mapped[bool] = mapped_column(default=False, index=True)
    unsettled: Mapped[Decimal] = mapped_column(Exact)  # what no invoice took: for a person to place

    settlements: Mapped[list[Settlement]] = relationship(back_populates="line")


class Settlement(db.Model):
    """Part or all of a statement line paying part or all of one invoice."""

    __tablename__ = "settlements"

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_line_id: Mapped[int] = mapped_column(ForeignKey("statement_lines.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Exact)
    paid_on: Mapped[date]

    line: Mapped[StatementLine] = relationship(back_populates="settlements")
    document = relationship("Document")
