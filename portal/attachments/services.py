"""Adding attachments to a document: each file judged by its bytes and bounded as uploads are
(`ocr.files`), stored as originals are (once, byte for byte, under its SHA-256, never changed),
and recorded in the document's history. Adding one prepares the document: whoever adds one
may not approve it (`portal.approvals.duties`). Every function flushes and never commits.
"""
from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ocr.files import UnreadableFile, check
from portal import audit, storage
from portal.extensions import db
from portal.intake.services import stored_file_name
from portal.models import Document, DocumentAttachment, ReviewStatus, Status, User

MOST_PER_DOCUMENT = 20


class AttachmentRefused(ValueError):
    """An attachment the portal did not store, with the reason for the user."""


def add_attachment(document: Document, file_name: str, data: bytes, note: str, user: User) -> DocumentAttachment:
    """Attach one file to a document in review; AttachmentRefused says why not."""
    if document.state is not Status.PROCESSED or \
            ReviewStatus(document.review_status) is not ReviewStatus.TO_REVIEW:
        raise AttachmentRefused(_("Files can be attached only while the document is in review."))
    if len(attachments_of(document)) >= MOST_PER_DOCUMENT:
        raise AttachmentRefused(_("A document may have at most %(n)s attachments.", n=MOST_PER_DOCUMENT))
    file_name = stored_file_name(file_name)
    if not data:
        raise AttachmentRefused(_("Choose the file to attach."))
    megabytes = current_app.config["MAX_UPLOAD_MB"]
    if len(data) > megabytes * 1024 * 1024:
        raise AttachmentRefused(_("%(name)s is larger than the %(mb)s MB limit.", name=file_name, mb=megabytes))
    try:
        checked = check(data)
    except UnreadableFile as exc:
        raise AttachmentRefused(_("%(name)s was not accepted: %(reason)s.", name=file_name,
                                  reason=_(exc.message, **exc.values))) from exc
    attachment = DocumentAttachment(document_id=document.id, file_name=file_name, sha256=storage.store(data),
                                    mime_type=checked.mime_type, size=len(data),
                                    note=(note or "").strip()[:1000] or None, added_by_id=user.id)
    db.session.add(attachment)
    db.session.flush()
    audit.record("attachment_added", document, after={"file": file_name, "sha256": attachment.sha256},
                 note=attachment.note, user=user)
    return attachment


def attachments_of(document: Document) -> list[DocumentAttachment]:
    """The document's attachments, first added first, each with who added it (the list names them)."""
    return list(db.session.scalars(select(DocumentAttachment).where(DocumentAttachment.document_id == document.id)
                                   .options(joinedload(DocumentAttachment.added_by)).order_by(DocumentAttachment.id)))


def attachment_counts(document_ids: list[int]) -> dict[int, int]:
    """How many attachments each of these documents has (one query for a list)."""
    if not document_ids:
        return {}
    return dict(db.session.execute(select(DocumentAttachment.document_id, func.count())
                                   .where(DocumentAttachment.document_id.in_(document_ids))
                                   .group_by(DocumentAttachment.document_id)).all())
