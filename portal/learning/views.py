"""Admins: what the portal remembers about a supplier, and forgetting it."""
from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ocr.extract.memory import Placement
from portal.accounts.access import roles_required
from portal.extensions import db, htmx
from portal.learning import bp, services, terms
from portal.models import Role, Supplier
from portal.templating import page_or_block

PAGE = "learning/memory.html"


def _supplier_or_404(code: str) -> Supplier:
    return db.first_or_404(select(Supplier).where(Supplier.code == code))


def _page(supplier: Supplier, **extra):
    """The memory page, or only its memory block for htmx."""
    rows, aliases = services.memory_of(supplier)
    terms_row = next((row for row in rows if row.field == services.TERMS), None)
    context = {"supplier": supplier, "aliases": aliases,
               "terms": terms.describe(terms_row.placement["terms"]) if terms_row else None,
               "rows": [(row, Placement.from_json(row.placement)) for row in rows if row is not terms_row]} | extra
    return page_or_block(PAGE, "memory", **context)


@bp.get("/<code>/memory")
@roles_required(Role.ADMIN)
def show(code: str):
    """Admins: where the portal looks for each field on this supplier's documents, and its aliases."""
    return _page(_supplier_or_404(code))


@bp.post("/<code>/memory/clear")
@roles_required(Role.ADMIN)
def clear(code: str):
    """Admins: forget everything learnt about this supplier (audited)."""
    supplier = _supplier_or_404(code)
    count = services.clear_memory(supplier, current_user)
    message = _("The portal forgot %(count)s thing(s) it had learnt about %(name)s.", count=count, name=supplier.name)
    if htmx:
        return _page(supplier, message=message)
    flash(message, "success")
    return redirect(url_for("learning.show", code=supplier.code), code=303)
