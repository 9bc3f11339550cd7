"""Commands for what arrives by itself: `portal watch DIR` and `portal fetch-mail`."""
from __future__ import annotations

import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from portal.extensions import db


@click.command("watch")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--once", is_flag=True, help="Look twice (a file must stop changing), ingest, and return.")
@with_appcontext
def watch(folder: Path, once: bool) -> None:
    """Ingest every file dropped into FOLDER (as PORTAL_CONSUME_DIR does inside `portal worker`)."""
    from portal.intake.folder import ScannerFolder

    watched = ScannerFolder(folder)
    interval = current_app.config["CONSUME_SECONDS"]
    looks = 0
    while True:
        for done in watched.look():
            click.echo(f"{done.name}: " + (f"document {done.document_id}" if done.document_id
                                           else f"failed: {done.reason}"))
        db.session.remove()
        looks += 1
        if once and looks >= 2:
            return
        time.sleep(interval)


@click.command("fetch-mail")
@with_appcontext
def fetch_mail() -> None:
    """Ingest the attachments of new mails in PORTAL_IMAP_URL once (the worker does it every minute)."""
    from portal.intake.mailbox import Mailbox

    url = current_app.config["IMAP_URL"]
    if not url:
        raise click.ClickException("PORTAL_IMAP_URL is not set")
    for done in Mailbox(url).look():
        click.echo(done)
