"""The outcome of matching a document against orders and receipts."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.clock import utcnow


class MatchResult(db.Model):
    """The order a document was matched to (if any) and the exceptions that stand."""

    __tablename__ = "match_results"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), unique=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("purchase_orders.id"), index=True)
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    matched_at: Mapped[datetime] = mapped_column(default=utcnow)

    document = relationship("Document", back_populates="match", foreign_keys=[document_id])
    order = relationship("PurchaseOrder")
    duplicate_of = relationship("Document", foreign_keys=[duplicate_of_id])
    exceptions: Mapped[list[MatchException]] = relationship(
        back_populates="match", order_by="MatchException.code", cascade="all, delete-orphan"
    )

    @property
    def exception_codes(self) -> list[str]:
        return sorted(e.code for e in self.exceptions)


class MatchException(db.Model):
    """One reason a document may not go straight to approval, with its details."""

    __tablename__ = "match_exceptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("match_results.id"), index=True)
    code: Mapped[str] = mapped_column(String(40), index=True)
    detail: Mapped[str | None] = mapped_column(Text)  # in English, for searches and exports
    # The same as [text, values] pairs (`rules.Message`), for the screens to show in the reader's language.
    details: Mapped[list | None] = mapped_column(JSON)
    order_line_id: Mapped[int | None] = mapped_column(ForeignKey("purchase_order_lines.id"))

    match: Mapped[MatchResult] = relationship(back_populates="exceptions")
