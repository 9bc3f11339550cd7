"""`portal journal`: the journal entries as the accounting product imports them."""
from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from portal.books.journal import FORMATS
from portal.search.cli import _date


@click.command("journal")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True)
@click.option("--from", "issued_from", callback=_date, help="Issued on or after (YYYY-MM-DD).")
@click.option("--to", "issued_to", callback=_date, help="Issued on or before (YYYY-MM-DD).")
@with_appcontext
def journal(fmt: str, issued_from, issued_to) -> None:
    """Write the journal entries of approved invoices to standard output, in the product's encoding."""
    from portal.books.journal import journal_file

    sys.stdout.buffer.write(journal_file(fmt, issued_from, issued_to))
    sys.stdout.buffer.flush()
