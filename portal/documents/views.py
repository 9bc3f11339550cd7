"""The document list with live status, and one document's page."""
from __future__ import annotations

from flask import abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ocr.files import UnreadableFile
from portal import storage
from portal.accounts.access import ANY_ROLE, roles_required
from portal.documents import bp
from portal.documents.listing import SORTS, STATES, document_list
from portal.documents.services import history, is_waiting, page_preview
from portal.documents.states import STATE_LABELS, shown_state
from portal.extensions import db, htmx
from portal.intake.processing import retry
from portal.intake.services import queue_processing, stored_file_name
from portal.matching.screens import match_context
from portal.models import Document, DocumentPage, MatchResult, PurchaseOrder, PurchaseOrderLine, Role
from portal.pagecache import keep_no_later_than, kept_until_changed, kept_until_document_changed
from portal.paging import page_number
from portal.templating import page_or_block

# htmx stops polling when a response has this status.
STOP_POLLING = 286
# What the document's page shows, read with it in a few queries rather than one per row; the
# words of each page, with their boxes, are for the review screen and not read here.
SHOWN_WITH_DOCUMENT = [
    joinedload(Document.supplier), selectinload(Document.pages).defer(DocumentPage.words),
    selectinload(Document.lines), selectinload(Document.tax_lines),
    joinedload(Document.match).options(
        selectinload(MatchResult.exceptions), joinedload(MatchResult.duplicate_of).load_only(Document.file_name),
        joinedload(MatchResult.order).selectinload(PurchaseOrder.lines).selectinload(PurchaseOrderLine.receipts)),
]


@bp.get("/")
@roles_required(*ANY_ROLE)
@kept_until_changed
def index():
    """Everyone: the documents, a page at a time, filtered and sorted as the query string says;
    the page refreshes itself while a document on it is being read (and stops with 286)."""
    listing = document_list(request.args, page_number(request.args))
    keep_no_later_than(listing.stuck_from)
    return page_or_block("documents/index.html", "rows", fragment_status=200 if listing.reading else STOP_POLLING,
                         listing=listing, page=listing.page, filters=listing.filters, states=STATES,
                         sorts=SORTS, state_labels=STATE_LABELS, shown_state=shown_state)


@bp.get("/documents/<int:document_id>")
@roles_required(*ANY_ROLE)
@kept_until_document_changed
def show(document_id: int):
    """Everyone: one document, its pages, fields, lines, match and history."""
    document = db.one_or_404(select(Document).where(Document.id == document_id).options(*SHOWN_WITH_DOCUMENT))
    waiting = is_waiting(document)
    keep_no_later_than(document.stuck_from)
    response = page_or_block("documents/show.html", "status", fragment_status=200 if waiting else STOP_POLLING,
                             page_context=lambda: {"history": history(document)} | match_context(document),
                             document=document, polling=waiting)
    if htmx and not waiting:  # read: the whole page shows what was read
        response.headers["HX-Refresh"] = "true"
    return response


@bp.get("/documents/<int:document_id>/pages/<int:number>.png")
@roles_required(*ANY_ROLE)
def page_image(document_id: int, number: int):
    """Everyone: a page of the document as an image; none for a page out of range, or of a
    file beyond the reading limits."""
    document = db.get_or_404(Document, document_id)
    try:
        path = page_preview(document, number)
    except (LookupError, UnreadableFile, FileNotFoundError):  # FileNotFoundError: an original purged
        abort(404)
    return send_file(path, mimetype="image/png", max_age=86400)


@bp.get("/documents/<int:document_id>/original")
@roles_required(*ANY_ROLE)
def original(document_id: int):
    """Everyone: the original file, byte for byte, under its name (made safe again: a name
    stored before names were cleaned may hold a line break, which no header may)."""
    document = db.get_or_404(Document, document_id)
    if document.original_purged_at is not None:  # removed after its retention period (portal purge)
        abort(404)
    return send_file(storage.path_for(document.sha256), mimetype=document.mime_type, as_attachment=True,
                     download_name=stored_file_name(document.file_name))


@bp.post("/documents/<int:document_id>/retry")
@roles_required(Role.CLERK)
def retry_document(document_id: int):
    """Clerks: queue again a failed document, or one whose worker stopped reading it."""
    document = db.get_or_404(Document, document_id)
    try:
        retry(document)
    except ValueError:
        flash(_("Only a failed document, or one whose reading stopped, can be tried again."), "error")
        return redirect(url_for("documents.show", document_id=document.id), code=303)
    queue_processing([document])
    flash(_("The document was queued again."), "success")
    return redirect(url_for("documents.show", document_id=document.id), code=303)
