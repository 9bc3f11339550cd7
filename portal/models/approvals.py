"""The document workflow after reading: review, approval chains and their rules, delegations.

A document's `status` is about reading it; its `review_status` (ReviewStatus) is about
what people decided. Approval rules are kept as an admin set them; a submitted
document copies the steps it needs into ApprovalStep rows, so later rule changes do
not alter a chain already running.
"""
from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.clock import utcnow
from portal.models.types import EnumText, Exact


class ReviewStatus(enum.StrEnum):
    TO_REVIEW = "to_review"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    DUPLICATE = "duplicate"

    @property
    def is_final(self) -> bool:
        return self in (ReviewStatus.APPROVED, ReviewStatus.REJECTED, ReviewStatus.DUPLICATE)


class StepStatus(enum.StrEnum):
    WAITING = "waiting"      # an earlier step is not decided yet
    PENDING = "pending"      # the step that waits for a decision now
    APPROVED = "approved"
    REJECTED = "rejected"
    RETURNED = "returned"    # sent back to the clerk
    CANCELLED = "cancelled"  # the chain ended before this step


class Department(db.Model):
    """A part of the buyer's organisation; users belong to one, rules may apply to one."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class ApprovalRule(db.Model):
    """One step of approval chains: needed at `position` when the total is above `above_amount`.

    Amount bands are rules at positions 1, 2, 3 with rising thresholds. A rule naming a
    department or a supplier applies only to their documents and, at its position,
    takes precedence over the general rule (supplier before department before none).
    A rule naming an approver (a department's head, say) needs that person or their
    substitute; without one, any approver may decide.
    """

    __tablename__ = "approval_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int]
    above_amount: Mapped[Decimal] = mapped_column(Exact, default=Decimal(0))
    currency: Mapped[str] = mapped_column(String(3), default="JPY")
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"))
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    department = relationship("Department")
    supplier = relationship("Supplier")
    approver = relationship("User")

    @property
    def specificity(self) -> int:
        return (2 if self.supplier_id else 0) + (1 if self.department_id else 0)


class ApprovalStep(db.Model):
    """One decision in a document's approval chain; `round` counts submissions."""

    __tablename__ = "approval_steps"
    __table_args__ = (
        UniqueConstraint("document_id", "round", "position"),
        # The inbox reads the pending steps with their chain and named approver from this alone.
        Index("ix_approval_steps_status_document", "status", "document_id", "round", "approver_id"),
        # Whether someone already decided a step of the chain, asked of every pending step an
        # approver's inbox counts, from this alone.
        Index("ix_approval_steps_chain_deciders", "document_id", "round", "decided_by_id", "on_behalf_of_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    round: Mapped[int] = mapped_column(default=1)
    position: Mapped[int]
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("approval_rules.id", ondelete="SET NULL"))
    above_amount: Mapped[Decimal] = mapped_column(Exact, default=Decimal(0))
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: any approver
    status: Mapped[StepStatus] = mapped_column(EnumText(StepStatus), default=StepStatus.WAITING, index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    on_behalf_of_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    comment: Mapped[str | None] = mapped_column(String(1000))

    document = relationship("Document")
    approver = relationship("User", foreign_keys=[approver_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    on_behalf_of = relationship("User", foreign_keys=[on_behalf_of_id])


class Delegation(db.Model):
    """An approver's substitute for a date range (both days included)."""

    __tablename__ = "delegations"

    id: Mapped[int] = mapped_column(primary_key=True)
    approver_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    substitute_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    cancelled: Mapped[bool] = mapped_column(default=False)

    approver = relationship("User", foreign_keys=[approver_id])
    substitute = relationship("User", foreign_keys=[substitute_id])

    def covers(self, day: date) -> bool:
        return not self.cancelled and self.starts_on <= day <= self.ends_on


class ExceptionOverride(db.Model):
    """A match exception someone allowed to has accepted, with the reason.

    Kept apart from MatchException, which matching replaces on every run: an override
    holds for its code whenever that code comes back for the document.
    """

    __tablename__ = "exception_overrides"
    __table_args__ = (UniqueConstraint("document_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    code: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(String(1000))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    user = relationship("User")
