"""The exceptions queue and the admin's tolerances."""
from __future__ import annotations

from decimal import Decimal, InvalidOperation

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from portal.accounts.access import roles_required
from portal.extensions import db
from portal.matching import bp, tolerances
from portal.matching.screens import open_exceptions
from portal.matching.services import rematch_all
from portal.models import Role, Supplier
from portal.templating import EXCEPTION_LABELS


@bp.get("/exceptions")
@roles_required(Role.CLERK, Role.ACCOUNTANT)
def queue():
    """Clerks and accountants: documents whose exceptions nobody has resolved, by type and supplier."""
    code = request.args.get("code") or None
    supplier_id = request.args.get("supplier", type=int) or None
    if code not in EXCEPTION_LABELS:
        code = None
    suppliers = db.session.scalars(select(Supplier).order_by(Supplier.name)).all()
    return render_template("matching/queue.html", documents=open_exceptions(code, supplier_id),
                           code=code, supplier_id=supplier_id, suppliers=suppliers)


@bp.route("/admin/tolerances", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def tolerance_settings():
    """Admins: the price tolerance (global and per supplier) and the amount tolerance for totals."""
    suppliers = db.session.scalars(select(Supplier).order_by(Supplier.code)).all()
    if request.method == "POST":
        try:
            tolerances.set_global_price_tolerance(_non_negative(request.form["price_tolerance"]),
                                                  user=current_user)
            tolerances.set_amount_tolerance(_non_negative(request.form["amount_tolerance"]), user=current_user)
            for supplier in suppliers:
                raw = request.form.get(f"supplier-{supplier.id}", "").strip()
                tolerances.set_supplier_price_tolerance(supplier, _non_negative(raw) if raw else None,
                                                        user=current_user)
            rematch_all()
            db.session.commit()
        except (ValueError, KeyError, InvalidOperation) as exc:
            db.session.rollback()
            flash(_("Not saved: %(reason)s", reason=str(exc) or _("enter numbers of zero or more")), "error")
            return render_template("matching/tolerances.html", suppliers=suppliers, form=request.form), 422
        flash(_("Tolerances saved; every document was matched again."), "success")
        return redirect(url_for("matching.tolerance_settings"), code=303)
    form = {"price_tolerance": tolerances.global_price_tolerance(),
            "amount_tolerance": tolerances.amount_tolerance()}
    form |= {f"supplier-{s.id}": s.price_tolerance if s.price_tolerance is not None else "" for s in suppliers}
    return render_template("matching/tolerances.html", suppliers=suppliers, form=form)


def _non_negative(raw: str) -> Decimal:
    value = Decimal(raw.strip().replace(",", ""))
    if not value.is_finite() or value < 0:
        raise ValueError(_("enter numbers of zero or more"))
    return value
