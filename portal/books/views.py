"""The books desk: journal downloads, and the transitional-deduction table for admins."""
from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.accounts.access import roles_required
from portal.books import bp
from portal.books.forms import DeductionForm, JournalForm
from portal.books.journal import file_name, journal_file, products
from portal.books.services import remove_deduction, schedule, set_deduction
from portal.extensions import db
from portal.models import Role, TransitionalDeduction


@bp.get("/")
@roles_required(Role.ACCOUNTANT)
def index():
    """Accountants: choose the product and the period of the journal to download."""
    return render_template("books/index.html", form=JournalForm(request.args), deductions=schedule(),
                           deduction_form=DeductionForm())


@bp.get("/journal")
@roles_required(Role.ACCOUNTANT)
def journal():
    """Accountants: the journal entries of approved invoices, as the chosen product imports them."""
    form = JournalForm(request.args)
    if not form.validate():
        abort(400)
    fmt = form.format.data
    data = journal_file(fmt, form.issued_from.data, form.issued_to.data)
    charset = "shift_jis" if products()[fmt]["encoding"] == "cp932" else "utf-8"
    return Response(data, mimetype=f"text/csv; charset={charset}", headers={
        "Content-Disposition": f"attachment; filename={file_name(fmt, form.issued_from.data, form.issued_to.data)}"})


@bp.post("/deductions")
@roles_required(Role.ADMIN)
def deductions():
    """Admins: add a period of the transitional deduction, or change its percent."""
    form = DeductionForm()
    if not form.validate():
        flash(_("Enter the last day and a percent from 0 to 100."), "error")
        return render_template("books/index.html", form=JournalForm(), deductions=schedule(),
                               deduction_form=form), 400
    set_deduction(form.ends_on.data, form.percent.data, current_user)
    flash(_("The transitional deduction was saved."), "success")
    return redirect(url_for("books.index"), code=303)


@bp.post("/deductions/<int:row_id>/delete")
@roles_required(Role.ADMIN)
def delete_deduction(row_id: int):
    """Admins: remove a period of the transitional deduction."""
    row = db.session.get(TransitionalDeduction, row_id) or abort(404)
    remove_deduction(row, current_user)
    return redirect(url_for("books.index"), code=303)
