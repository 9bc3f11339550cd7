"""Importing the ERP's files from the browser, as `portal import-master` imports a folder: the same
reading (line limits, UTF-8), the same checks and the same 'file:line: reason' problems, then a
preview of what would change; the admin applies it, or not.

The files checked are kept as originals are (byte for byte, under their SHA-256, never changed);
the preview's form names them by digest, and applying reads and checks them again, so what is
applied is what was previewed, checked against the master data as it is then.
"""
from __future__ import annotations

import io
import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal import storage
from portal.accounts.access import roles_required
from portal.extensions import db
from portal.masterdata import bp
from portal.masterdata.importer import COLUMNS, MasterDataError, import_master, read_uploads
from portal.masterdata.preview import preview
from portal.models import Role

PAGE = "masterdata/import.html"
DIGEST = re.compile(r"[0-9a-f]{64}")
# The CSV columns as the preview names them.
FIELD_LABELS = {
    "name": _l("Name"), "registration_number": _l("Registration number"), "currency": _l("Currency"),
    "address": _l("Address"), "department": _l("Department"), "order_date": _l("Order date"),
    "supplier_code": _l("Supplier"), "lines": _l("Lines"), "sku": _l("Item code"), "description": _l("Description"),
    "quantity": _l("Quantity"), "unit_price": _l("Unit price"), "tax_rate": _l("Tax rate (%)"),
    "quantity_received": _l("Quantity received"),
}


def _page(status: int = 200, **context):
    return render_template(PAGE, columns=COLUMNS, field_labels=FIELD_LABELS, **context), status


@bp.get("/admin/master-data")
@roles_required(Role.ADMIN)
def import_form():
    """Admins: choose the ERP's suppliers, purchase_orders and receipts files."""
    return _page()


@bp.post("/admin/master-data/preview")
@roles_required(Role.ADMIN)
def import_preview():
    """Admins: the files checked; their problems, or what importing them would change."""
    raw = {name: request.files[name].read() for name in COLUMNS
           if name in request.files and request.files[name].filename}
    try:
        changes = preview(read_uploads({name: io.BytesIO(data) for name, data in raw.items()}))
    except MasterDataError as exc:
        return _page(422, problems=exc.problems)
    files = {name: storage.store(data) for name, data in raw.items()}
    return _page(preview=changes, files=files)


@bp.post("/admin/master-data/apply")
@roles_required(Role.ADMIN)
def import_apply():
    """Admins: import the files previewed (checked again first); every document is matched again."""
    from portal.matching.services import rematch_all

    files = {name: request.form[name] for name in COLUMNS if request.form.get(name)}
    if not files or not all(DIGEST.fullmatch(digest) for digest in files.values()):
        abort(400)
    try:
        texts = read_uploads({name: io.BytesIO(storage.read(digest)) for name, digest in files.items()})
        summary = import_master(texts, files=files)
    except FileNotFoundError:
        return _page(422, problems=[_("The files previewed are no longer here: choose them again.")])
    except MasterDataError as exc:
        db.session.rollback()
        return _page(422, problems=exc.problems)
    rematch_all()
    flash(_("Imported %(suppliers)s suppliers, %(orders)s orders (%(lines)s lines) and %(receipts)s receipts; "
            "every document was matched again.", suppliers=summary.suppliers, orders=summary.orders,
            lines=summary.order_lines, receipts=summary.receipts), "success")
    return redirect(url_for("masterdata.suppliers"), code=303)
