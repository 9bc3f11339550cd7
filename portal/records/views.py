"""A document's versions (訂正削除の履歴), and deleting it: a flag, asked for with a reason."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.access import ANY_ROLE, roles_required
from portal.extensions import db
from portal.models import Document, ReviewStatus, Role
from portal.payments.services import invoice_payment
from portal.records import bp
from portal.records.forms import DeleteForm
from portal.records.keeping import deletion_event, versions_of
from portal.records.retention import RetentionError, delete, retained_until
from portal.review.services import HEADER_FIELDS
from portal.templating import money

VERSION_FIELDS = HEADER_FIELDS  # what a version shows: the header fields a clerk corrects


@bp.app_template_filter()
def stored_money(value: str | None, currency: str | None) -> str:
    """An amount as a version keeps it ("12100") as money ("¥12,100"); anything else as stored."""
    try:
        return money(Decimal(value), currency) if value not in (None, "") else "—"
    except (InvalidOperation, TypeError, ValueError):
        return str(value)


@bp.get("/documents/<int:document_id>/versions")
@roles_required(*ANY_ROLE)
def versions(document_id: int):
    """Everyone who sees the document: every version of what it said, newest first, what each
    changed, and its deletion."""
    document = db.get_or_404(Document, document_id)
    return render_template("records/versions.html", document=document, fields=VERSION_FIELDS,
                           versions=versions_of(document, tuple(f.name for f in VERSION_FIELDS)),
                           deletion=deletion_event(document), kept_until=retained_until(document))


@bp.route("/documents/<int:document_id>/delete", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def delete_document(document_id: int):
    """Admins: delete the document, once they said why on the confirmation page. It leaves the
    lists and stays found by search (status "Deleted"); nothing of it is removed."""
    document = db.get_or_404(Document, document_id)
    form = DeleteForm()
    status = 200
    if form.is_submitted():
        if document.deleted_at is not None:
            flash(_("The document is deleted already."), "error")
            status = 409
        elif form.validate():
            try:
                delete(document, form.reason.data, current_user)
            except RetentionError as exc:
                flash(str(exc), "error")
                status = 422
            else:
                flash(_("The document was deleted. It stays found by search under “Deleted”."), "success")
                return redirect(url_for("documents.show", document_id=document.id), code=303)
        else:
            status = 422
    payable = document.review_status == ReviewStatus.APPROVED and document.total is not None
    payment = invoice_payment(document) if payable else None
    return render_template("records/delete.html", document=document, form=form, payment=payment,
                           kept_until=retained_until(document), deletion=deletion_event(document)), status
