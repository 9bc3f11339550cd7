"""Suppliers and purchase orders, as imported from the ERP."""
from __future__ import annotations

from flask import abort, render_template, request
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from portal.accounts.access import ANY_ROLE, roles_required
from portal.extensions import db
from portal.masterdata import bp
from portal.masterdata.listing import SORTS, supplier_list
from portal.models import PurchaseOrder, PurchaseOrderLine, Supplier
from portal.paging import page_number
from portal.templating import page_or_block


@bp.get("/suppliers")
@roles_required(*ANY_ROLE)
def suppliers():
    """Everyone: the suppliers a page at a time, found by name (in either language), code or
    registration number, each with its orders and documents a link away."""
    page, filters = supplier_list(request.args, page_number(request.args))
    return page_or_block("masterdata/suppliers.html", "rows", page=page, filters=filters, sorts=SORTS)


@bp.get("/orders/<number>")
@roles_required(*ANY_ROLE)
def order(number: str):
    """Everyone: one purchase order with its lines and what was received."""
    found = db.session.scalar(select(PurchaseOrder).where(PurchaseOrder.number == number).options(
        selectinload(PurchaseOrder.lines).selectinload(PurchaseOrderLine.receipts)))
    if found is None:
        abort(404)
    return render_template("masterdata/order.html", order=found)


SUPPLIER_OPTIONS = 20


@bp.get("/suppliers/options")
@roles_required(*ANY_ROLE)
def supplier_options():
    """Everyone: the master's suppliers whose name or code holds what was typed (`value`), as
    the options of a type-ahead list (the lists' supplier filters send it as `supplier`)."""
    typed = (request.args.get("value") or request.args.get("q") or request.args.get("supplier") or "").strip()[:100]
    return render_template("masterdata/_supplier_options.html", suppliers=matching_suppliers(typed))


def matching_suppliers(typed: str, limit: int = SUPPLIER_OPTIONS) -> list[Supplier]:
    """Suppliers whose name or code holds `typed`, those starting with it first, by name."""
    query = select(Supplier)
    if typed:
        query = query.where(or_(Supplier.name.icontains(typed, autoescape=True),
                                Supplier.code.icontains(typed, autoescape=True)))
    starts = or_(Supplier.name.istartswith(typed, autoescape=True), Supplier.code.istartswith(typed, autoescape=True))
    return list(db.session.scalars(query.order_by(starts.desc() if typed else Supplier.name, Supplier.name)
                                   .limit(limit)))
