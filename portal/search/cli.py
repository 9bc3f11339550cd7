"""`portal search`: the search on the command line, printing documents as the export does."""
from __future__ import annotations

import json
import sys
from datetime import date
from decimal import Decimal

import click
from flask.cli import with_appcontext

from portal.numbers import NotANumber, parse_number
from portal.search.services import STATUSES, Criteria


def _amount(_context, _param, value: str | None) -> Decimal | None:
    try:
        return parse_number(value)
    except NotANumber as exc:
        raise click.BadParameter(f"{value!r} is not an amount") from exc


def _date(_context, _param, value: str | None) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from exc


@click.command("search")
@click.option("--from", "issued_from", callback=_date, help="Issued on or after (YYYY-MM-DD).")
@click.option("--to", "issued_to", callback=_date, help="Issued on or before (YYYY-MM-DD).")
@click.option("--min", "min_total", callback=_amount, help="Total at least.")
@click.option("--max", "max_total", callback=_amount, help="Total at most.")
@click.option("--supplier", default="", help="Supplier name (either language), code or alias.")
@click.option("--text", default="", help="Words in the document (two characters or more from the index).")
@click.option("--number", default="", help="Document number, or part of it.")
@click.option("--status", type=click.Choice(("",) + STATUSES), default="")
@click.option("--history", is_flag=True, help="Also match what earlier versions said.")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@with_appcontext
def search(fmt: str, **values) -> None:
    """Print the documents meeting every criterion, as `portal export --format json` does."""
    from portal.documents.export import document_as_json
    from portal.search.services import search_all

    criteria = Criteria(**values)
    json.dump([document_as_json(d) for d in search_all(criteria)], sys.stdout, ensure_ascii=False, indent=1)
    click.echo()
