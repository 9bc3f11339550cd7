"""Recording state changes in the audit trail: one function, called by every service."""
from __future__ import annotations

from typing import Any

from flask_login import current_user

from portal.extensions import db
from portal.models import AuditEvent, Document, User


def record(action: str, obj: Any, *, before: dict | None = None, after: dict | None = None,
           note: str | None = None, user: User | None = None) -> AuditEvent:
    """Add an audit event for obj (a Document or any model with an id); flushes, never commits."""
    if user is None:
        user = _current_user()
    document_id = obj.id if isinstance(obj, Document) else getattr(obj, "document_id", None)
    event = AuditEvent(
        user_id=user.id if user else None,
        actor=user.name if user else "system",
        action=action,
        object_type=type(obj).__name__,
        object_id=getattr(obj, "id", None),
        document_id=document_id,
        before=_plain(before),
        after=_plain(after),
        note=note,
    )
    db.session.add(event)
    db.session.flush()
    return event


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
