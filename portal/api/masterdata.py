"""The ERP's master data through the API: suppliers, orders and receipts as JSON rows, checked
and imported exactly as `portal import-master` imports its CSV files."""
from __future__ import annotations

import csv
import io

from flask import request
from flask_babel import gettext as _

from portal.api import bp, responses, spec
from portal.api.auth import token_required
from portal.api.problems import Problem
from portal.api.schemas import Imported, MasterData
from portal.masterdata.importer import COLUMNS, ORDERS, RECEIPTS, SUPPLIERS, MasterDataError, import_master
from portal.models import Role


def as_csv(name: str, rows: list[dict]) -> str:
    """Rows as the CSV file the importer reads: its columns first, then any others (department)."""
    columns = list(COLUMNS[name]) + sorted({key for row in rows for key in row} - set(COLUMNS[name]))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: "" if value is None else str(value) for key, value in row.items()})
    return out.getvalue()


@bp.post("/masterdata")
@token_required(Role.ADMIN)
@spec.validate(json=MasterData, resp=responses(200, Imported), tags=["master data"])
def import_rows():
    """Import suppliers, orders and receipts (admins)

    Each list holds rows with the columns of the CSV file of the same name. All rows are
    checked before anything is written; one problem anywhere is a 422 listing every problem
    with its list and row, and nothing is imported. Running it again updates, never duplicates.
    """
    from portal.matching.services import rematch_all

    body = request.context.json
    texts = {SUPPLIERS: as_csv(SUPPLIERS, body.suppliers), ORDERS: as_csv(ORDERS, body.purchase_orders),
             RECEIPTS: as_csv(RECEIPTS, body.receipts)}
    try:
        summary = import_master(texts)
    except MasterDataError as exc:
        raise Problem(422, "invalid-master-data", _("Nothing was imported."),
                      errors=[{"detail": problem} for problem in exc.problems]) from exc
    rematch_all()
    return {"suppliers": summary.suppliers, "orders": summary.orders, "order_lines": summary.order_lines,
            "receipts": summary.receipts}
