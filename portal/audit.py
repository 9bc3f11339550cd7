"""Recording state changes in the audit trail: one function, called by every service
(`record_many` for a batch of them, as a statement's settlements).

Each event is chained to the one before it by hash (`AuditEvent.digest`), and the trail's head
(`AuditHead`: the last event, its hash, how many) moves with it in the same transaction, so
that removing events from the end shows too. Writers take turns: on PostgreSQL a
transaction-scoped advisory lock, on SQLite the database's one write lock, which the events'
insert takes before the head is read.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from flask_login import current_user
from sqlalchemy import func, select, text

from portal.extensions import db
from portal.models import AuditEvent, AuditHead, Document, User
from portal.models.audit import GENESIS, HEAD_ID
from portal.models.clock import utcnow

CHAIN_LOCK = 0x5A0D17  # the advisory lock the audit chain's writers take on PostgreSQL


@dataclass(frozen=True)
class Entry:
    """One event of a batch (`record_many`): what `record` takes, without the user."""

    action: str
    obj: Any
    before: dict | None = None
    after: dict | None = None
    note: str | None = None


def record(action: str, obj: Any, *, before: dict | None = None, after: dict | None = None,
           note: str | None = None, user: User | None = None) -> AuditEvent:
    """Add an audit event for obj (a Document or any model with an id); flushes, never commits."""
    return record_many([Entry(action, obj, before, after, note)], user=user)[0]


def record_many(entries: Sequence[Entry], *, user: User | None = None) -> list[AuditEvent]:
    """Add one audit event per entry, chained in order: one insert and one update for them all,
    however many (the hashes are the same as one `record` at a time would write). Flushes."""
    if not entries:
        return []
    if user is None:
        user = _current_user()
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK})
    at = utcnow()
    events = [_event(entry, user, at) for entry in entries]
    db.session.add_all(events)
    db.session.flush()
    _chain(events)
    for entry, event in zip(entries, events, strict=True):
        if isinstance(entry.obj, Document):
            from portal.records.keeping import on_document_event

            on_document_event(entry.obj, event)
    return events


def _event(entry: Entry, user: User | None, at) -> AuditEvent:
    obj = entry.obj
    return AuditEvent(
        at=at,
        user_id=user.id if user else None,
        actor=user.name if user else "system",
        action=entry.action,
        object_type=type(obj).__name__,
        object_id=getattr(obj, "id", None),
        document_id=obj.id if isinstance(obj, Document) else getattr(obj, "document_id", None),
        before=_plain(entry.before),
        after=_plain(entry.after),
        note=entry.note,
    )


def _chain(events: list[AuditEvent]) -> None:
    """Link the new events, in the order of their ids, to the head of the trail, and move the
    head past them (the lock is held: nobody else appends)."""
    events = sorted(events, key=lambda e: e.id)
    head = _head(before_id=events[0].id)
    previous = head.hash
    for event in events:
        event.prev_hash = previous
        event.hash = previous = event.digest(previous)
    head.event_id, head.hash, head.count = events[-1].id, previous, head.count + len(events)
    db.session.flush()


def _head(before_id: int) -> AuditHead:
    """The trail's head; when it has none yet, one made from the events before `before_id`."""
    head = db.session.get(AuditHead, HEAD_ID, populate_existing=True)
    if head is None:
        last = db.session.execute(select(AuditEvent.id, AuditEvent.hash).where(AuditEvent.id < before_id)
                                  .order_by(AuditEvent.id.desc()).limit(1)).first()
        count = db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.id < before_id))
        head = AuditHead(id=HEAD_ID, event_id=last.id if last else None, hash=(last.hash if last else None) or GENESIS,
                         count=count)
        db.session.add(head)
    return head


def _current_user() -> User | None:
    try:
        return current_user if current_user.is_authenticated else None
    except (AttributeError, RuntimeError):  # outside a request: the CLI or a worker
        return None


def _plain(values: dict | None) -> dict | None:
    """JSON-safe copy: dates, decimals and enums as strings."""
    if values is None:
        return None
    return {k: v if v is None or isinstance(v, (bool, int, float, str, list, dict)) else str(v)
            for k, v in values.items()}
