"""What happened, told to the outside once it is committed: webhooks and e-mail notifications.

Every change of state leaves an audit event (portal.audit); this module reads the events a
transaction added and, once the transaction commits (never before: the worker must find what it
is told of, and nothing rolled back is announced), queues one job per happening. A rolled-back
transaction announces nothing. Services need not know who listens.

Happenings: `processed` (read), `waiting` (a step waits for an approver), `approved` (the last
step approved), `rejected`, `returned` (sent back to the clerk), `paid` (settled in full).
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import event
from sqlalchemy.orm import Session

from portal.models import AuditEvent

KEY = "portal.happenings"
EVENTS = ("processed", "approved", "rejected", "paid")  # what a webhook may ask for


def happening(audit: AuditEvent) -> str | None:
    """The happening an audit event records, if any."""
    after = audit.after or {}
    if audit.action == "processed" and audit.object_type == "Document":
        return "processed"
    if audit.action == "submitted":
        return "waiting"
    if audit.action == "approved":
        return "approved" if after.get("review_status") == "approved" else "waiting"
    if audit.action in ("rejected", "returned") and audit.object_type == "Document":
        return audit.action
    if audit.action == "payment.settled" and after.get("open") is not None and Decimal(str(after["open"])) <= 0:
        return "paid"
    return None


def _collect(session: Session, _context) -> None:
    for obj in session.new:
        if isinstance(obj, AuditEvent) and obj.document_id is not None:
            name = happening(obj)
            if name is not None:
                session.info.setdefault(KEY, []).append((name, obj.document_id, obj.user_id))


def _announce(session: Session) -> None:
    happenings = session.info.pop(KEY, [])
    if not happenings:
        return
    from portal.tasks import happening_task, happenings_task

    unique = list(dict.fromkeys(happenings))
    if len(unique) == 1:
        happening_task(*unique[0])
    else:
        happenings_task(unique)


def _forget(session: Session) -> None:
    session.info.pop(KEY, None)


def listen() -> None:
    """Install the listeners, once per process (every Session: the web's, the worker's, the CLI's)."""
    if not event.contains(Session, "after_flush", _collect):
        event.listen(Session, "after_flush", _collect)
        event.listen(Session, "after_commit", _announce)
        event.listen(Session, "after_rollback", _forget)
