"""Clerks attach files to a document in review; everyone who may see the document opens them."""
from __future__ import annotations

from flask import abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import storage
from portal.accounts.access import ANY_ROLE, roles_required
from portal.attachments import bp
from portal.attachments.services import AttachmentRefused, add_attachment, attachments_of
from portal.extensions import db
from portal.models import Document, DocumentAttachment, Role


@bp.post("/documents/<int:document_id>/attachments")
@roles_required(Role.CLERK)
def add(document_id: int):
    """Clerks: attach a delivery note, an e-mail as PDF, a scan, to a document in review."""
    document = db.get_or_404(Document, document_id)
    upload = request.files.get("file")
    try:
        attachment = add_attachment(document, upload.filename if upload else "", upload.read() if upload else b"",
                                    request.form.get("note", ""), current_user)
    except AttachmentRefused as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        flash(_("%(name)s was attached.", name=attachment.file_name), "success")
    return redirect(url_for("review.show", document_id=document.id, _anchor="attachments"), code=303)


@bp.get("/documents/<int:document_id>/attachments/<int:attachment_id>")
@roles_required(*ANY_ROLE)
def show(document_id: int, attachment_id: int):
    """Everyone: an attachment of the document, byte for byte (another document's id is a 404)."""
    document = db.get_or_404(Document, document_id)
    attachment = db.session.get(DocumentAttachment, attachment_id)
    if attachment is None or attachment.document_id != document.id:
        abort(404)
    return send_file(storage.path_for(attachment.sha256), mimetype=attachment.mime_type, as_attachment=False,
                     download_name=attachment.file_name, etag=attachment.sha256, conditional=True)


@bp.app_template_global()
def document_attachments(document: Document) -> list[DocumentAttachment]:
    """For the review, approval and document pages."""
    return attachments_of(document)
