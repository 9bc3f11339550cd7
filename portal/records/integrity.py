"""The proof that nothing was altered: the audit chain and every stored original.

`verify()` walks the audit events in order, recomputing each hash and checking that each
follows the one before it (an event altered, removed or put in between breaks the chain
there) and that the chain ends where the trail's head says (events removed from the end leave
it shorter), then reads every original still kept and compares it with its SHA-256. It stops
at the first break and names it.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select

from portal import storage
from portal.extensions import db
from portal.models import AuditEvent, AuditHead, Document
from portal.models.audit import GENESIS, HEAD_ID

BATCH = 2000
CHUNK = 1 << 20


@dataclass(frozen=True)
class Verification:
    events: int
    originals: int
    broken: str | None  # the first broken record, in words; None when everything holds

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify() -> Verification:
    """Check the chain, then the originals; the first break found is named."""
    events, broken = _verify_chain()
    if broken:
        return Verification(events, 0, broken)
    originals, broken = _verify_originals()
    return Verification(events, originals, broken)


def _events() -> Iterator[AuditEvent]:
    last_id = 0
    while True:
        batch = list(db.session.scalars(select(AuditEvent).where(AuditEvent.id > last_id)
                                        .order_by(AuditEvent.id).limit(BATCH)))
        if not batch:
            return
        yield from batch
        last_id = batch[-1].id
        db.session.expunge_all()


def _verify_chain() -> tuple[int, str | None]:
    previous, previous_id, count = GENESIS, None, 0
    for event in _events():
        count += 1
        if event.prev_hash != previous:
            after = f"event {previous_id}" if previous_id else "the start of the trail"
            return count, (f"audit event {event.id}: does not follow {after} (an event before it was "
                           "removed, altered or inserted)")
        if event.hash != event.digest(previous):
            return count, f"audit event {event.id}: its contents do not match its hash (it was altered)"
        previous, previous_id = event.hash, event.id
    return count, _against_head(count, previous, previous_id)


def _against_head(count: int, last_hash: str, last_id: int | None) -> str | None:
    """Whether the chain, whole so far, ends where the head says it does."""
    head = db.session.get(AuditHead, HEAD_ID, populate_existing=True)
    if head is None:
        return None if count == 0 else (f"the audit trail has no head, yet {count} events (the head was "
                                        "removed: events may have been removed from the end)")
    if (head.event_id, head.hash, head.count) == (last_id, last_hash, count):
        return None
    end = f"event {last_id}" if last_id else "no event"
    if head.count > count:
        return (f"audit event {head.event_id}: missing: the trail ends at {end} after {count} events, its head "
                f"names event {head.event_id} as the last of {head.count} (events at the end were removed)")
    return (f"the audit trail's head names event {head.event_id} as the last of {head.count}, but the chain "
            f"ends at {end} after {count} events (the head or the end of the trail was altered)")


def _verify_originals() -> tuple[int, str | None]:
    count = 0
    rows = db.session.execute(select(Document.id, Document.file_name, Document.sha256)
                              .where(Document.original_purged_at.is_(None)).order_by(Document.id))
    for document_id, file_name, sha256 in rows:
        count += 1
        path = storage.path_for(sha256)
        if not path.exists():
            return count, f"document {document_id} ({file_name}): its stored original is missing"
        digest = hashlib.sha256()
        with path.open("rb") as original:
            while chunk := original.read(CHUNK):
                digest.update(chunk)
        if digest.hexdigest() != sha256:
            return count, f"document {document_id} ({file_name}): its stored original does not match its SHA-256"
    return count, None
