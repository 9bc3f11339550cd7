"""The audit trail: every change of state, who made it, when, before and after.

Events are hash-chained: each holds the SHA-256 of its own contents and of the event before
it, so altering, removing or reordering one breaks the chain from there on
(`portal.records.integrity` checks it: `portal audit verify`). The chain alone cannot show
that events were removed from its end; the head (`AuditHead`), written in the same
transaction as every event, names the last event, its hash and how many there are.
"""
from __future__ import annotations

import hashlib
import json
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
    # The hash of the event before it (GENESIS for the first) and of this one (event_digest).
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))

    user = relationship("User")

    def digest(self, prev_hash: str) -> str:
        """What this event's hash must be, after the event whose hash is prev_hash."""
        return event_digest(self.contents(), prev_hash)

    def contents(self) -> dict[str, Any]:
        """Everything the hash covers: every column but the hashes themselves."""
        return {"id": self.id, "at": self.at.isoformat(timespec="microseconds"), "user_id": self.user_id,
                "actor": self.actor, "action": self.action, "object_type": self.object_type,
                "object_id": self.object_id, "document_id": self.document_id, "before": self.before,
                "after": self.after, "note": self.note}


class AuditHead(db.Model):
    """The end of the audit trail as its writers left it: one row, updated with every event.

    Events removed from the end leave the chain whole but shorter than its head says. (No
    foreign key to the last event: removing it must leave the head naming it.)
    """

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True)  # always HEAD_ID
    event_id: Mapped[int | None]  # the last event
    count: Mapped[int] = mapped_column(default=0)
    hash: Mapped[str] = mapped_column(String(64))


HEAD_ID = 1
GENESIS = "0" * 64  # what the first event follows


def event_digest(contents: dict[str, Any], prev_hash: str) -> str:
    """SHA-256 over the previous hash and the event's contents as canonical JSON.

    Kept stable: the migration that introduced the chain hashed existing events with it.
    """
    canonical = json.dumps(contents, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()
