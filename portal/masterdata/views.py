"""Suppliers and purchase orders, as imported from the ERP."""
from __future__ import annotations

from flask import abort, render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.accounts.access import ANY_ROLE, roles_required
from portal.extensions import db
from portal.masterdata import bp
from portal.models import PurchaseOrder, PurchaseOrderLine, Supplier


@bp.get("/suppliers")
@roles_required(*ANY_ROLE)
def suppliers():
    """Everyone: the suppliers and their orders."""
    rows = db.session.scalars(select(Supplier).order_by(Supplier.code)
                              .options(selectinload(Supplier.orders))).all()
    return render_template("masterdata/suppliers.html", suppliers=rows)


@bp.get("/orders/<number>")
@roles_required(*ANY_ROLE)
def order(number: str):
    """Everyone: one purchase order with its lines and what was received."""
    found = db.session.scalar(select(PurchaseOrder).where(PurchaseOrder.number == number).options(
        selectinload(PurchaseOrder.lines).selectinload(PurchaseOrderLine.receipts)))
    if found is None:
        abort(404)
    return render_template("masterdata/order.html", order=found)
