"""The search page, filtering as one types, and its results as CSV for the tax office."""
from __future__ import annotations

from flask import Response, request, url_for
from flask_babel import gettext as _

from portal.accounts.access import roles_required
from portal.csvfile import write_csv
from portal.models import Role
from portal.paging import page_number
from portal.search import bp
from portal.search.forms import SearchForm
from portal.search.services import COUNT_CAP, search_page, tax_office_rows
from portal.templating import page_or_block


@bp.get("/search")
@roles_required(Role.ACCOUNTANT)
def index():
    """Accountants: documents by date, amount, supplier, number, status and words; htmx asks
    for the results alone as the form changes."""
    form = SearchForm(request.args)
    form.validate()
    criteria = form.criteria()
    page = None if criteria.is_empty else search_page(criteria, page_number(request.args))
    return page_or_block("search/index.html", "results", form=form, page=page, criteria=criteria,
                         count_cap=COUNT_CAP)


@bp.get("/search/export.csv")
@roles_required(Role.ACCOUNTANT)
def export_csv():
    """Accountants: the search's results as CSV, each with the link to its original."""
    form = SearchForm(request.args)
    form.validate()
    header = [_("Transaction date"), _("Amount"), _("Currency"), _("Counterparty"), _("Registration number"),
              _("Document number"), _("Type"), _("Status"), _("Document"), _("Original"), "SHA-256"]
    rows = tax_office_rows(form.criteria(), lambda d: url_for("documents.original", document_id=d.id,
                                                              _external=True))
    return Response(write_csv(rows, header, encoding="utf-8-sig"), mimetype="text/csv",
                    headers={"Content-Disposition": "attachment; filename=search.csv"})
