"""The audit trail: every change of state, who made it, when, before and after."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.clock import utcnow


class AuditEvent(db.Model):
    """Written once, never updated or deleted."""

    __tablename__ = "audit_events"
    # What a user did, for the inbox: the documents they prepared may not be theirs to approve.
    __table_args__ = (Index("ix_audit_events_user_id_action", "user_id", "action"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor: Mapped[str] = mapped_column(String(200))  # the user's name then, or "system"
    action: Mapped[str] = mapped_column(String(40), index=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None]
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(String(1000))

    user = relationship("User")
