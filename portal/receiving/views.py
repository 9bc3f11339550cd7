"""Recording goods received, one order at a time, on a phone."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.access import ANY_ROLE, roles_required
from portal.extensions import db
from portal.models import PurchaseOrder
from portal.receiving import bp, services


def _order_or_404(number: str) -> PurchaseOrder:
    order = db.session.scalar(select(PurchaseOrder).where(PurchaseOrder.number == number))
    if order is None:
        abort(404)
    return order


@bp.get("/")
@roles_required(*ANY_ROLE)
def orders():
    """Everyone: orders with goods still to receive, searchable by number or supplier."""
    query = request.args.get("q", "")
    rows = [(o, sum(1 for line in o.lines if services.outstanding(line) > 0)) for o in services.open_orders(query)]
    return render_template("receiving/orders.html", orders=rows, query=query)


@bp.route("/<number>", methods=["GET", "POST"])
@roles_required(*ANY_ROLE)
def order(number: str):
    """Everyone: record what arrived per line of the order; matching re-runs for its invoices."""
    order = _order_or_404(number)
    errors, typed = {}, {}
    if request.method == "POST":
        typed = {line.id: request.form.get(f"line-{line.id}", "") for line in order.lines}
        try:
            receipts = services.record_receipt(order, typed, current_user)
        except services.ReceiptError as exc:
            db.session.rollback()
            order = _order_or_404(number)
            flash(str(exc), "error")
            errors = exc.errors
        else:
            db.session.commit()
            flash(ngettext_received(len(receipts)), "success")
            return redirect(url_for("receiving.order", number=order.number), code=303)
    return render_template("receiving/order.html", order=order, errors=errors, typed=typed,
                           outstanding=services.outstanding), 422 if errors else 200


def ngettext_received(count: int) -> str:
    from flask_babel import ngettext

    return ngettext("Receipt recorded for %(num)s line.", "Receipt recorded for %(num)s lines.", count) + " " + \
        _("Invoices of this order were matched again.")
