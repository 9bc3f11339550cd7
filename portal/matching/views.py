"""The exceptions queue and the admin's tolerances."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.access import roles_required
from portal.documents.states import STATE_LABELS, shown_state
from portal.extensions import db
from portal.forms import first_error
from portal.matching import bp, tolerances
from portal.matching.forms import ZERO_OR_MORE, tolerance_form
from portal.matching.queue import SORTS, STATES, exception_queue
from portal.matching.services import rematch_all
from portal.models import Role, Supplier
from portal.paging import page_number
from portal.templating import page_or_block


@bp.get("/exceptions")
@roles_required(Role.CLERK, Role.ACCOUNTANT)
def queue():
    """Clerks and accountants: the documents whose match found exceptions, a page at a time,
    filtered (exception, supplier, resolved or not, issue date) and sorted as the query string says."""
    page, filters = exception_queue(request.args, page_number(request.args))
    return page_or_block("matching/queue.html", "results", page=page, filters=filters, states=STATES, sorts=SORTS,
                         document_states=STATE_LABELS, shown_state=shown_state)


@bp.route("/admin/tolerances", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def tolerance_settings():
    """Admins: the price tolerance (global and per supplier) and the amount tolerance for totals."""
    suppliers = db.session.scalars(select(Supplier).order_by(Supplier.code)).all()
    form = tolerance_form(suppliers)
    if form.validate_on_submit():
        try:
            tolerances.set_global_price_tolerance(form.price_tolerance.data, user=current_user)
            tolerances.set_amount_tolerance(form.amount_tolerance.data, user=current_user)
            for supplier, percent in form.supplier_tolerances(suppliers):
                tolerances.set_supplier_price_tolerance(supplier, percent, user=current_user)
            rematch_all()
        except ValueError as exc:
            db.session.rollback()
            return _not_saved(suppliers, str(exc))
        flash(_("Tolerances saved; every document was matched again."), "success")
        return redirect(url_for("matching.tolerance_settings"), code=303)
    if form.is_submitted():
        return _not_saved(suppliers, first_error(form))
    values = {"price_tolerance": tolerances.global_price_tolerance(),
              "amount_tolerance": tolerances.amount_tolerance()}
    values |= {f"supplier-{s.id}": s.price_tolerance if s.price_tolerance is not None else "" for s in suppliers}
    return render_template("matching/tolerances.html", suppliers=suppliers, form=values)


def _not_saved(suppliers: list[Supplier], reason: str | None):
    """The form again as typed, with why it was not saved."""
    flash(_("Not saved: %(reason)s", reason=reason or ZERO_OR_MORE), "error")
    return render_template("matching/tolerances.html", suppliers=suppliers, form=request.form), 422
