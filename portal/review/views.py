"""The review queue and screen; each field and line corrects itself in place over htmx."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.access import roles_required
from portal.documents.services import history
from portal.extensions import db, htmx
from portal.matching.overrides import OverrideRefused, open_exceptions, override_exception, overrides_of
from portal.matching.screens import match_context
from portal.models import Document, DocumentLine, ReviewStatus, Role, Status, Supplier, TaxLine
from portal.review import bp, returns, services
from portal.review.forms import CloseForm, FieldForm, LineForm, OverrideForm, TaxLineForm
from portal.review.services import HEADER, LINE_FIELDS, TAX_FIELDS, InvalidValue, ReviewError, RowInvalid
from portal.templating import page_or_block

PAGE = "review/show.html"


def _under_review_or_404(document_id: int) -> Document:
    """The document, unless it was deleted: a deleted document is reviewed no more."""
    document = db.get_or_404(Document, document_id)
    if document.deleted_at is not None:
        abort(404)
    return document


def _part_or_404(model, row_id: int, document: Document):
    """A line or tax line of this document (another document's id is a 404, not a leak)."""
    row = db.get_or_404(model, row_id)
    if row.document_id != document.id:
        abort(404)
    return row


def _context(document: Document, **extra) -> dict:
    """What the review page and its fragments need."""
    standing = open_exceptions(document)
    return {"document": document, "standing": {e.code for e in standing}, "overrides": overrides_of(document),
            "editable": document.review_status == ReviewStatus.TO_REVIEW and document.status == Status.PROCESSED,
            "line_fields": LINE_FIELDS, "tax_fields": TAX_FIELDS,
            "suppliers": db.session.scalars(select(Supplier).order_by(Supplier.name)).all()} \
        | match_context(document) | extra


def _fragment(document: Document, block: str, status: int = 200, oob: tuple[str, ...] = ("match", "actions"),
              **extra):
    """One block of the review page; after a change, the match panel and the actions too,
    swapped out of band.

    Without htmx (no script yet, or none at all) the form posted as a page: back to the
    review page, with the error as a message.
    """
    if not htmx:
        if status >= 400:
            flash(extra.get("error") or _("Check the values; nothing was changed."), "error")
        return redirect(url_for("review.show", document_id=document.id), code=303)
    return page_or_block(PAGE, block, status, oob=oob, **_context(document, **extra))


@bp.get("/")
@roles_required(Role.CLERK)
def queue():
    """Clerks: the documents waiting for review, oldest first."""
    documents = services.review_queue()
    return render_template("review/queue.html", documents=documents, sent_back=returns.sent_back(documents))


@bp.get("/<int:document_id>")
@roles_required(Role.CLERK)
def show(document_id: int):
    """Clerks: the document beside its page, fields least confident first."""
    document = _under_review_or_404(document_id)
    return render_template(PAGE, fields=services.field_views(document), history=history(document),
                           **_context(document))


@bp.route("/<int:document_id>/fields/<name>", methods=["GET", "POST"])
@roles_required(Role.CLERK)
def field(document_id: int, name: str):
    """Clerks: one field, shown (GET), opened for editing (GET ?edit=1) or corrected (POST)."""
    document = _under_review_or_404(document_id)
    if name not in HEADER:
        abort(404)
    if request.method == "GET":
        view = services.field_view(document, HEADER[name])
        return _fragment(document, "field", oob=(), v=view, editing=bool(request.args.get("edit")))
    form = FieldForm()
    try:
        services.correct_field(document, name, form.value.data, current_user)
    except ReviewError as exc:
        db.session.rollback()
        view = services.field_view(document, HEADER[name])
        return _fragment(document, "field", 422, v=view, editing=True, error=str(exc), typed=form.value.data or "")
    return _fragment(document, "field", v=services.field_view(document, HEADER[name]), editing=False)


@bp.route("/<int:document_id>/lines/<int:line_id>", methods=["GET", "POST"])
@roles_required(Role.CLERK)
def line(document_id: int, line_id: int):
    """Clerks: one item line, shown, opened for editing or corrected."""
    document = _under_review_or_404(document_id)
    row = _part_or_404(DocumentLine, line_id, document)
    if request.method == "GET":
        return _fragment(document, "line", oob=(), line=row, editing=bool(request.args.get("edit")))
    typed = LineForm().values()
    try:
        services.correct_line(document, line_id, typed, current_user)
    except ReviewError as exc:
        db.session.rollback()
        return _fragment(document, "line", 422, line=db.session.get(DocumentLine, line_id), editing=True,
                         errors=getattr(exc, "errors", {"": str(exc)}), typed=typed)
    return _fragment(document, "line", line=row, editing=False)


@bp.post("/<int:document_id>/lines/<int:line_id>/delete")
@roles_required(Role.CLERK)
def delete_line(document_id: int, line_id: int):
    """Clerks: remove a line the reader made up; over htmx the list of lines swaps itself."""
    document = _under_review_or_404(document_id)
    _part_or_404(DocumentLine, line_id, document)
    try:
        services.remove_line(document, line_id, current_user)
    except ReviewError as exc:
        db.session.rollback()
        if htmx:
            return _fragment(document, "lines", 422, error=str(exc))
        flash(str(exc), "error")
    else:
        if htmx:
            return _fragment(document, "lines")
        flash(_("The line was removed."), "success")
    return redirect(url_for("review.show", document_id=document.id, _anchor="lines"), code=303)


@bp.post("/<int:document_id>/lines")
@roles_required(Role.CLERK)
def add_line(document_id: int):
    """Clerks: add a line the reader missed."""
    document = _under_review_or_404(document_id)
    try:
        services.add_line(document, LineForm().values(), current_user)
    except ReviewError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        flash(_("The line was added."), "success")
    return redirect(url_for("review.show", document_id=document.id, _anchor="lines"), code=303)


@bp.route("/<int:document_id>/taxes/<int:tax_line_id>", methods=["GET", "POST"])
@roles_required(Role.CLERK)
def tax_line(document_id: int, tax_line_id: int):
    """Clerks: one tax line, shown, opened for editing or corrected."""
    document = _under_review_or_404(document_id)
    row = _part_or_404(TaxLine, tax_line_id, document)
    if request.method == "GET":
        return _fragment(document, "tax_line", oob=(), tax=row, editing=bool(request.args.get("edit")))
    typed = TaxLineForm().values()
    try:
        services.correct_tax_line(document, tax_line_id, typed, current_user)
    except ReviewError as exc:
        db.session.rollback()
        errors = exc.errors if isinstance(exc, RowInvalid) else {"": str(exc)}
        return _fragment(document, "tax_line", 422, tax=db.session.get(TaxLine, tax_line_id), editing=True,
                         errors=errors, typed=typed)
    return _fragment(document, "tax_line", tax=row, editing=False)


@bp.post("/<int:document_id>/exceptions/<code>/override")
@roles_required(Role.CLERK)
def override(document_id: int, code: str):
    """Clerks and admins: accept an exception, with the reason."""
    document = _under_review_or_404(document_id)
    try:
        override_exception(document, code, OverrideForm().reason.data or "", current_user)
    except OverrideRefused as exc:
        db.session.rollback()
        return _fragment(document, "match", 422, oob=(), override_error={code: str(exc)}, error=str(exc))
    return _fragment(document, "match", oob=("actions",))


@bp.post("/<int:document_id>/submit")
@roles_required(Role.CLERK)
def submit(document_id: int):
    """Clerks: send the document for approval."""
    document = _under_review_or_404(document_id)
    try:
        steps = services.submit(document, current_user)
    except (ReviewError, InvalidValue) as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("review.show", document_id=document.id), code=303)
    flash(_("Submitted for approval (%(n)s step(s)).", n=len(steps)), "success")
    return redirect(url_for("review.queue"), code=303)


@bp.post("/<int:document_id>/close")
@roles_required(Role.CLERK)
def close(document_id: int):
    """Clerks: mark the document rejected or a duplicate, with the reason."""
    document = _under_review_or_404(document_id)
    form = CloseForm()
    if not form.validate():
        abort(400)
    try:
        services.close(document, ReviewStatus(form.outcome.data), form.reason.data or "", current_user)
    except ReviewError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("review.show", document_id=document.id), code=303)
    flash(_("The document was closed."), "success")
    return redirect(url_for("review.queue"), code=303)


@bp.app_template_global()
def sent_back_of(document: Document) -> returns.SentBack | None:
    """Who sent the document back, when, and what they asked (None: it was not sent back)."""
    return returns.sent_back([document]).get(document.id)


@bp.app_template_global()
def change_label(key: str) -> str:
    return services.change_label(key)


@bp.app_template_filter()
def as_input(value) -> str:
    """A value as an input shows it for editing: dates ISO, numbers plain, nothing empty."""
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
