"""The payments desk: what is due, payment runs and their files, statements, totals."""
from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.accounts.access import roles_required
from portal.extensions import db
from portal.models import PaymentRun, Role
from portal.payments import bp
from portal.payments.forms import RunForm, StatementForm
from portal.payments.services import (
    STATUSES,
    PaymentError,
    invoices,
    schedule_run,
    totals_by_supplier_and_month,
)
from portal.payments.statements import StatementError, import_statement, unmatched_lines
from portal.templating import page_or_block, translated

PAYMENT_LABELS = {"open": _l("Open"), "unpaid": _l("Unpaid"), "scheduled": _l("Scheduled"),
                  "partly_paid": _l("Partly paid"), "paid": _l("Paid")}


def _desk(status: int = 200, run_form: RunForm | None = None, statement_form: StatementForm | None = None):
    wanted = request.args.get("status", "open")
    overdue = request.args.get("overdue") == "1"
    rows = invoices("" if wanted not in STATUSES + ("open",) else wanted, overdue=overdue)
    return page_or_block("payments/index.html", "invoices", status, rows=rows, wanted=wanted, overdue=overdue,
                         run_form=run_form or RunForm(), statement_form=statement_form or StatementForm(),
                         unmatched=unmatched_lines(), runs=_recent_runs(), statuses=STATUSES, today=date.today(),
                         payment_labels=translated(PAYMENT_LABELS))


def _recent_runs() -> list[PaymentRun]:
    from sqlalchemy import select

    return list(db.session.scalars(select(PaymentRun).order_by(PaymentRun.id.desc()).limit(10)))


@bp.get("/")
@roles_required(Role.ACCOUNTANT)
def index():
    """Accountants: approved invoices by due date with their payment status; overdue ones;
    statement lines nobody could place."""
    return _desk()


@bp.post("/runs")
@roles_required(Role.ACCOUNTANT)
def create_run():
    """Accountants: schedule the chosen invoices and write the 全銀 transfer file."""
    form = RunForm()
    ids = [int(v) for v in request.form.getlist("document") if v.isdigit()]
    if not form.validate():
        flash(_("Enter the transfer date."), "error")
        return _desk(400, run_form=form)
    try:
        run = schedule_run(ids, form.transfer_date.data, current_user)
    except PaymentError as exc:
        flash(_("Nothing was scheduled: %(reason)s", reason=str(exc)), "error")
        return _desk(422, run_form=form)
    flash(_("Payment run %(id)s scheduled: %(n)s transfer(s).", id=run.id, n=run.transfers), "success")
    return redirect(url_for("payments.run", run_id=run.id), code=303)


@bp.get("/runs/<int:run_id>")
@roles_required(Role.ACCOUNTANT)
def run(run_id: int):
    """Accountants: one payment run, its invoices and its file."""
    payment_run = db.session.get(PaymentRun, run_id) or abort(404)
    return render_template("payments/run.html", run=payment_run)


@bp.get("/runs/<int:run_id>/file")
@roles_required(Role.ACCOUNTANT)
def run_file(run_id: int):
    """Accountants: the run's 全銀 file (Shift_JIS, 120-byte records) for the bank."""
    payment_run = db.session.get(PaymentRun, run_id) or abort(404)
    name = f"sogo-furikomi-{payment_run.transfer_date:%Y%m%d}-{payment_run.id}.txt"
    return Response(payment_run.file, mimetype="text/plain; charset=shift_jis",
                    headers={"Content-Disposition": f"attachment; filename={name}"})


@bp.post("/statements")
@roles_required(Role.ACCOUNTANT)
def import_bank_statement():
    """Accountants: import a bank statement CSV, marking what it paid."""
    form = StatementForm()
    if not form.validate():
        flash(_("Choose the statement file."), "error")
        return _desk(400, statement_form=form)
    upload = form.statement.data
    with upload.stream:
        data = upload.read(_max_bytes() + 1)
    try:
        result = import_statement(data, current_user)
    except StatementError as exc:
        flash(_("The statement was not imported: %(reason)s", reason=str(exc)), "error")
        return _desk(422, statement_form=form)
    flash(_("%(lines)s line(s) read, %(already)s imported before; %(matched)s matched, %(unmatched)s for a "
            "person to place.", lines=result.lines, already=result.already, matched=result.matched,
            unmatched=len(result.unmatched)), "success")
    return redirect(url_for("payments.index"), code=303)


def _max_bytes() -> int:
    from portal.payments.statements import MAX_BYTES

    return MAX_BYTES


@bp.get("/totals")
@roles_required(Role.ACCOUNTANT)
def totals():
    """Accountants: invoiced, paid and open per supplier and month."""
    return render_template("payments/totals.html", totals=totals_by_supplier_and_month())
