"""The review queue and screen; each field and line corrects itself in place over htmx."""
from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from jinja2_fragments.flask import render_block
from sqlalchemy import select

from portal.accounts.access import roles_required
from portal.approvals import services as approvals
from portal.documents.services import history
from portal.extensions import db, htmx
from portal.matching.screens import match_context
from portal.models import Document, DocumentLine, ReviewStatus, Role, Supplier, TaxLine
from portal.review import bp, services
from portal.review.services import HEADER, LINE_FIELDS, TAX_FIELDS, InvalidValue, ReviewError, RowInvalid

PAGE = "review/show.html"


def _document_or_404(document_id: int) -> Document:
    document = db.session.get(Document, document_id)
    if document is None:
        abort(404)
    return document


def _part_or_404(model, row_id: int, document: Document):
    """A line or tax line of this document (another document's id is a 404, not a leak)."""
    row = db.session.get(model, row_id)
    if row is None or row.document_id != document.id:
        abort(404)
    return row


def _context(document: Document, **extra) -> dict:
    """What the review page and its fragments need."""
    standing = approvals.open_exceptions(document)
    return {"document": document, "standing": {e.code for e in standing}, "overrides": approvals.overrides(document),
            "editable": document.review_status == ReviewStatus.TO_REVIEW.value and document.status == "processed",
            "line_fields": LINE_FIELDS, "tax_fields": TAX_FIELDS,
            "suppliers": db.session.scalars(select(Supplier).order_by(Supplier.name)).all()} \
        | match_context(document) | extra


def _fragment(document: Document, block: str, status: int = 200, **extra):
    """One block of the review page, plus the match panel and the actions, swapped out of band.

    Without htmx (no script yet, or none at all) the form posted as a page: back to the
    review page, with the error as a message.
    """
    db.session.commit()
    if not htmx:
        if status >= 400:
            flash(extra.get("error") or _("Check the values; nothing was changed."), "error")
        return redirect(url_for("review.show", document_id=document.id), code=303)
    context = _context(document, **extra)
    html = render_block(PAGE, block, **context)
    html += render_block(PAGE, "match", oob=True, **context)
    html += render_block(PAGE, "actions", oob=True, **context)
    response = make_response(html, status)
    response.headers["Vary"] = "HX-Request"
    return response


@bp.get("/")
@roles_required(Role.CLERK)
def queue():
    """Clerks: the documents waiting for review, oldest first."""
    return render_template("review/queue.html", documents=services.review_queue())


@bp.get("/<int:document_id>")
@roles_required(Role.CLERK)
def show(document_id: int):
    """Clerks: the document beside its page, fields least confident first."""
    document = _document_or_404(document_id)
    return render_template(PAGE, fields=services.field_views(document), history=history(document),
                           **_context(document))


@bp.route("/<int:document_id>/fields/<name>", methods=["GET", "POST"])
@roles_required(Role.CLERK)
def field(document_id: int, name: str):
    """Clerks: one field, shown (GET), opened for editing (GET ?edit=1) or corrected (POST)."""
    document = _document_or_404(document_id)
    if name not in HEADER:
        abort(404)
    if request.method == "GET":
        view = services.field_view(document, HEADER[name])
        return render_block(PAGE, "field", v=view, editing=bool(request.args.get("edit")), **_context(document))
    try:
        services.correct_field(document, name, request.form.get("value"), current_user)
    except ReviewError as exc:
        db.session.rollback()
        view = services.field_view(document, HEADER[name])
        return _fragment(document, "field", 422, v=view, editing=True, error=str(exc),
                         typed=request.form.get("value", ""))
    return _fragment(document, "field", v=services.field_view(document, HEADER[name]), editing=False)


@bp.route("/<int:document_id>/lines/<int:line_id>", methods=["GET", "POST"])
@roles_required(Role.CLERK)
def line(document_id: int, line_id: int):
    """Clerks: one item line, shown, opened for editing or corrected."""
    document = _document_or_404(document_id)
    row = _part_or_404(DocumentLine, line_id, document)
    if request.method == "GET":
        return render_block(PAGE, "line", line=row, editing=bool(request.args.get("edit")), **_context(document))
    try:
        services.correct_line(document, line_id, request.form.to_dict(), current_user)
    except ReviewError as exc:
        db.session.rollback()
        return _fragment(document, "line", 422, line=db.session.get(DocumentLine, line_id), editing=True,
                         errors=getattr(exc, "errors", {"": str(exc)}), typed=request.form.to_dict())
    return _fragment(document, "line", line=row, editing=False)


@bp.post("/<int:document_id>/lines/<int:line_id>/delete")
@roles_required(Role.CLERK)
def delete_line(document_id: int, line_id: int):
    """Clerks: remove a line the reader made up; over htmx the list of lines swaps itself."""
    document = _document_or_404(document_id)
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
        db.session.commit()
        flash(_("The line was removed."), "success")
    return redirect(url_for("review.show", document_id=document.id, _anchor="lines"), code=303)


@bp.post("/<int:document_id>/lines")
@roles_required(Role.CLERK)
def add_line(document_id: int):
    """Clerks: add a line the reader missed."""
    document = _document_or_404(document_id)
    try:
        services.add_line(document, request.form.to_dict(), current_user)
    except ReviewError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("The line was added."), "success")
    return redirect(url_for("review.show", document_id=document.id, _anchor="lines"), code=303)


@bp.route("/<int:document_id>/taxes/<int:tax_line_id>", methods=["GET", "POST"])
@roles_required(Role.CLERK)
def tax_line(document_id: int, tax_line_id: int):
    """Clerks: one tax line, shown, opened for editing or corrected."""
    document = _document_or_404(document_id)
    row = _part_or_404(TaxLine, tax_line_id, document)
    if request.method == "GET":
        return render_block(PAGE, "tax_line", tax=row, editing=bool(request.args.get("edit")),
                            **_context(document))
    try:
        services.correct_tax_line(document, tax_line_id, request.form.to_dict(), current_user)
    except ReviewError as exc:
        db.session.rollback()
        errors = exc.errors if isinstance(exc, RowInvalid) else {"": str(exc)}
        return _fragment(document, "tax_line", 422, tax=db.session.get(TaxLine, tax_line_id), editing=True,
                         errors=errors, typed=request.form.to_dict())
    return _fragment(document, "tax_line", tax=row, editing=False)


@bp.post("/<int:document_id>/exceptions/<code>/override")
@roles_required(Role.CLERK)
def override(document_id: int, code: str):
    """Clerks and admins: accept an exception, with the reason."""
    document = _document_or_404(document_id)
    try:
        approvals.override_exception(document, code, request.form.get("reason", ""), current_user)
    except approvals.ApprovalError as exc:
        db.session.rollback()
        context = _context(document, override_error={code: str(exc)})
        response = make_response(render_block(PAGE, "match", **context), 422)
        response.headers["Vary"] = "HX-Request"
        return response
    db.session.commit()
    context = _context(document)
    html = render_block(PAGE, "match", **context)
    html += render_block(PAGE, "actions", oob=True, **context)
    return html


@bp.post("/<int:document_id>/submit")
@roles_required(Role.CLERK)
def submit(document_id: int):
    """Clerks: send the document for approval."""
    document = _document_or_404(document_id)
    try:
        steps = services.submit(document, current_user)
    except (ReviewError, InvalidValue) as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("review.show", document_id=document.id), code=303)
    db.session.commit()
    flash(_("Submitted for approval (%(n)s step(s)).", n=len(steps)), "success")
    return redirect(url_for("review.queue"), code=303)


@bp.post("/<int:document_id>/close")
@roles_required(Role.CLERK)
def close(document_id: int):
    """Clerks: mark the document rejected or a duplicate, with the reason."""
    document = _document_or_404(document_id)
    outcome = request.form.get("outcome", "")
    if outcome not in (ReviewStatus.REJECTED.value, ReviewStatus.DUPLICATE.value):
        abort(400)
    try:
        services.close(document, ReviewStatus(outcome), request.form.get("reason", ""), current_user)
    except ReviewError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(url_for("review.show", document_id=document.id), code=303)
    db.session.commit()
    flash(_("The document was closed."), "success")
    return redirect(url_for("review.queue"), code=303)


@bp.app_template_global()
def change_label(key: str) -> str:
    return services.change_label(key)


@bp.app_template_filter()
def as_input(value) -> str:
    """A value as an input shows it for editing: dates ISO, numbers plain, nothing empty."""
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)
