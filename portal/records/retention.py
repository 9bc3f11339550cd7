"""Deleting is a flag; an original is kept until its retention period has ended.

The retention period runs from the end of the document's issue year (or upload year, when
no date was read), as the tax law counts it from the filing deadline of that year: 7 years
by default, PORTAL_RETENTION_YEARS (7 to 10) otherwise.
"""
from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select

from portal import audit, storage
from portal.extensions import db
from portal.models import Document, User
from portal.models.clock import utcnow


class RetentionError(ValueError):
    """The action is refused: the record must be kept."""


def retained_until(document: Document) -> date:
    """The last day the original must be kept."""
    years = current_app.config["RETENTION_YEARS"]
    start = document.issue_date or document.uploaded_at.date()
    return date(start.year + years, 12, 31)


def delete(document: Document, reason: str, user: User | None) -> None:
    """Mark the document deleted with the reason: it leaves the lists, nothing is removed."""
    reason = (reason or "").strip()
    if not reason:
        raise RetentionError(_("Give the reason for deleting."))
    if document.deleted_at is not None:
        raise RetentionError(_("The document is deleted already."))
    document.deleted_at = utcnow()
    document.deleted_by_id = user.id if user else None
    document.deletion_reason = reason[:1000]
    audit.record("deleted", document, after={"deleted_at": document.deleted_at}, note=document.deletion_reason,
                 user=user)


def purge_original(document: Document, user: User | None, today: date | None = None) -> None:
    """Remove a deleted document's stored original, once its retention period has ended."""
    today = today or date.today()
    if document.deleted_at is None:
        raise RetentionError(_("Only a deleted document's original can be removed."))
    if document.original_purged_at is not None:
        raise RetentionError(_("The original was removed already."))
    until = retained_until(document)
    if today <= until:
        raise RetentionError(_("The original must be kept until %(date)s.", date=until.isoformat()))
    # The same bytes uploaded twice are stored once: the file stays while another keeps it.
    shared = db.session.scalar(select(func.count()).select_from(Document).where(
        Document.sha256 == document.sha256, Document.id != document.id, Document.original_purged_at.is_(None)))
    if not shared:
        storage.path_for(document.sha256).unlink(missing_ok=True)
    document.original_purged_at = utcnow()
    audit.record("original_purged", document, after={"sha256": document.sha256}, user=user)


def purgeable(today: date | None = None) -> list[Document]:
    """Deleted documents whose original is still kept though its retention period has ended."""
    today = today or date.today()
    deleted = db.session.scalars(select(Document).where(Document.deleted_at.is_not(None),
                                                        Document.original_purged_at.is_(None))
                                 .order_by(Document.id))
    return [document for document in deleted if retained_until(document) < today]
