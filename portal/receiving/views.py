"""Recording goods received, one order at a time, on a phone."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.access import ANY_ROLE, roles_required
from portal.extensions import db
from portal.models import PurchaseOrder
from portal.paging import page_number
from portal.receiving import bp, services
from portal.receiving.forms import receipt_form
from portal.receiving.listing import SORTS, STATES, order_list
from portal.templating import page_or_block


def _order_or_404(number: str) -> PurchaseOrder:
    return db.first_or_404(select(PurchaseOrder).where(PurchaseOrder.number == number))


@bp.get("/")
@roles_required(*ANY_ROLE)
def orders():
    """Everyone: the purchase orders a page at a time, those with goods to receive unless asked
    otherwise, filtered by number, supplier and order date and sorted as the query string says."""
    page, filters = order_list(request.args, page_number(request.args))
    return page_or_block("receiving/orders.html", "rows", page=page, filters=filters, states=STATES, sorts=SORTS)


@bp.route("/<number>", methods=["GET", "POST"])
@roles_required(*ANY_ROLE)
def order(number: str):
    """Everyone: record what arrived per line of the order; matching re-runs for its invoices."""
    order = _order_or_404(number)
    errors, typed = {}, {}
    form = receipt_form(order)
    if form.validate_on_submit():
        typed = form.quantities(order)
        try:
            receipts = services.record_receipt(order, typed, current_user)
        except services.ReceiptError as exc:
            db.session.rollback()
            order = _order_or_404(number)
            flash(str(exc), "error")
            errors = exc.errors
        else:
            flash(ngettext_received(len(receipts)), "success")
            return redirect(url_for("receiving.order", number=order.number), code=303)
    return render_template("receiving/order.html", order=order, errors=errors, typed=typed,
                           outstanding=services.outstanding), 422 if errors else 200


def ngettext_received(count: int) -> str:
    from flask_babel import ngettext

    return ngettext("Receipt recorded for %(num)s line.", "Receipt recorded for %(num)s lines.", count) + " " + \
        _("Invoices of this order were matched again.")
