"""Documents through the API: upload, status and fields, lines, match, history, corrections."""
from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.access import ANY_ROLE
from portal.api import bp, responses, spec
from portal.api.auth import token_required
from portal.api.problems import Problem
from portal.api.schemas import Corrected, Correction, DocumentOut, History, Lines, Match, UploadResult
from portal.api.views_json import document_json, history_json, lines_json, match_json
from portal.extensions import db
from portal.intake.services import accept_uploads, queue_processing
from portal.models import Document, Role

MAX_FILES = 20  # files in one upload request


def _document_or_404(document_id: int) -> Document:
    document = db.session.get(Document, document_id)
    if document is None:
        raise Problem(404, "document-not-found", _("No document has this id."))
    return document


@bp.post("/documents")
@token_required(Role.CLERK)
@spec.validate(resp=responses(201, UploadResult), tags=["documents"])
def upload():
    """Upload documents (clerks)

    multipart/form-data with one or more parts named `files`. Each file is checked by its bytes
    and limits as on the upload page; refused files are listed with the reason and nothing of
    them is stored. Accepted documents are queued for reading: poll their status.
    """
    parts = request.files.getlist("files")
    if not parts:
        raise Problem(422, "no-file", _("Send at least one file as a multipart part named “files”."))
    if len(parts) > MAX_FILES:
        raise Problem(413, "too-many-files", _("At most %(n)s files at once.", n=MAX_FILES))
    files = []
    for part in parts:
        with part.stream:
            files.append((part.filename or "upload", part.read()))
    outcomes = accept_uploads(files, current_user)
    accepted = [o.document for o in outcomes if o.document is not None]
    for document in accepted:
        document.source = "api"
    refused = [{"file": o.file_name, "detail": o.error} for o in outcomes if o.error]
    if not accepted:
        raise Problem(422, "refused", _("No file was accepted."), errors=refused)
    queue_processing(accepted)
    return {"documents": [{"id": d.id, "file": d.file_name, "status": d.status, "sha256": d.sha256}
                          for d in accepted], "refused": refused}, 201


upload.openapi_request = {  # type: ignore[attr-defined]
    "required": True,
    "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["files"],
        "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}}}}}}


@bp.get("/documents/<int:document_id>")
@token_required(*ANY_ROLE)
@spec.validate(resp=responses(200, DocumentOut), tags=["documents"])
def document(document_id: int):
    """A document's status and header fields"""
    return document_json(_document_or_404(document_id))


@bp.get("/documents/<int:document_id>/lines")
@token_required(*ANY_ROLE)
@spec.validate(resp=responses(200, Lines), tags=["documents"])
def lines(document_id: int):
    """A document's lines and tax breakdown"""
    return lines_json(_document_or_404(document_id))


@bp.get("/documents/<int:document_id>/match")
@token_required(*ANY_ROLE)
@spec.validate(resp=responses(200, Match), tags=["documents"])
def match(document_id: int):
    """What a document was matched to, and its exceptions"""
    return match_json(_document_or_404(document_id))


@bp.get("/documents/<int:document_id>/history")
@token_required(*ANY_ROLE)
@spec.validate(resp=responses(200, History), tags=["documents"])
def history(document_id: int):
    """Every change of a document's state: who, when, before and after"""
    return history_json(_document_or_404(document_id))


@bp.patch("/documents/<int:document_id>/fields")
@token_required(Role.CLERK)
@spec.validate(json=Correction, resp=responses(200, Corrected, 409), tags=["documents"])
def correct(document_id: int):
    """Correct header fields (clerks)

    Exactly as a clerk on the review screen and `portal correct`: audited, matched again and
    remembered for the supplier. Every value is checked before any is changed: one bad value
    is a 422 naming each bad field, and nothing is changed. A document not in review is a 409.
    """
    from portal.review.services import InvalidValue, ReviewError, correct_fields

    document = _document_or_404(document_id)
    values = {name: value or "" for name, value in request.context.json.fields.items()}
    try:
        changed = correct_fields(document, values, current_user)
    except InvalidValue as exc:
        errors = getattr(exc, "errors", None) or {"": str(exc)}
        raise Problem(422, "invalid-field", _("Check the values; nothing was changed."),
                      errors=[{"field": name, "detail": str(problem)} for name, problem in errors.items()]) from exc
    except ReviewError as exc:
        raise Problem(409, "not-editable", str(exc)) from exc
    return {"changed": changed, "document": document_json(document)}
