"""The `portal` command: the data contract's commands plus administration."""
from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import click
from flask import Flask
from flask.cli import FlaskGroup, ScriptInfo, with_appcontext

from portal.extensions import db
from portal.models import Role


def main() -> None:
    """Entry point of the `portal` console script."""
    portal_group().main(prog_name="portal")


def portal_group() -> FlaskGroup:
    """The `portal` command group. Commands that need no portal (extract) are the group's own,
    so running them builds no app and leaves nothing in the instance folder."""
    from portal import create_app

    cli = FlaskGroup(create_app=lambda: create_app(), add_default_commands=True,
                     help="The purchasing portal.")
    cli.add_command(extract)
    return cli


def register_commands(app: Flask) -> None:
    for command in (init_db, import_master, ingest, export, correct, create_user, worker, demo,
                    ensure_admin, new_migration):
        app.cli.add_command(command)
    from portal.books.cli import journal
    from portal.records.cli import audit_cli, delete_document, purge
    from portal.search.cli import search

    for command in (audit_cli, search, journal, delete_document, purge):
        app.cli.add_command(command)
    from portal.intake.cli import fetch_mail, watch

    app.cli.add_command(watch)
    app.cli.add_command(fetch_mail)


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create (or migrate) the database in the instance folder."""
    from portal.database import upgrade

    upgrade()
    click.echo(f"database ready: {db.engine.url.render_as_string(hide_password=True)}")


@click.command("new-migration")
@click.argument("message")
@with_appcontext
def new_migration(message: str) -> None:
    """Write an Alembic migration for model changes (developers)."""
    from portal.database import new_revision

    new_revision(message)


@click.command("import-master")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@with_appcontext
def import_master(folder: Path) -> None:
    """Import suppliers.csv, purchase_orders.csv and receipts.csv from FOLDER (re-runs update)."""
    from portal.masterdata.importer import MasterDataError, read_folder
    from portal.masterdata.importer import import_master as run_import
    from portal.matching.services import rematch_all

    try:
        summary = run_import(read_folder(folder))
        rematch_all()
        db.session.commit()
    except MasterDataError as exc:
        db.session.rollback()
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        raise click.ClickException("nothing was imported") from exc
    click.echo(f"imported {summary.suppliers} suppliers, {summary.orders} orders "
               f"({summary.order_lines} lines), {summary.receipts} receipts")


@click.command("ingest")
@click.option("--wait", is_flag=True, help="Return when every file has been processed.")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def ingest(context: click.Context, wait: bool, files: tuple[Path, ...]) -> None:
    """Upload FILES in the given order, as a clerk would."""
    if wait:
        from ocr.tesseract import load_engines_ahead

        load_engines_ahead()  # Tesseract's models load on a spare core while the portal starts
    with context.ensure_object(ScriptInfo).load_app().app_context():
        _ingest(wait, files)


def _ingest(wait: bool, files: tuple[Path, ...]) -> None:
    from portal.intake.services import UploadOutcome, accept_uploads, queue_processing

    outcomes: list[UploadOutcome] = []

    def upload_each() -> Iterator[int]:
        """Accept the files one at a time, each committed and told, yielding the documents made."""
        for path in files:
            [outcome] = accept_uploads([(path.name, path.read_bytes())])
            db.session.commit()
            outcomes.append(outcome)
            click.echo(f"{outcome.file_name}: " + (f"refused: {outcome.error}" if outcome.error
                                                   else f"document {outcome.document.id}"))
            if outcome.document is not None:
                yield outcome.document.id

    if wait:
        from portal.intake.batch import process_in_order

        started = time.monotonic()
        # Reading starts with the first file accepted, while the rest are still being checked.
        process_in_order(upload_each())
        processed = sum(1 for o in outcomes if o.document is not None)
        click.echo(f"uploaded and processed {processed} document(s) in {time.monotonic() - started:.1f} s")
    else:
        list(upload_each())
        queue_processing([o.document for o in outcomes if o.document is not None])
    if any(o.error for o in outcomes):
        sys.exit(1)


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
@with_appcontext
def export(fmt: str) -> None:
    """Print every document, in upload order."""
    from portal.documents.export import export_documents

    click.echo(json.dumps(export_documents(), ensure_ascii=False, indent=1))


@click.command("extract")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def extract(file: Path) -> None:
    """Print the extraction of FILE as JSON, touching no database."""
    from ocr.document import read_document
    from ocr.files import UnreadableFile, check

    data = file.read_bytes()
    try:
        checked = check(data)
    except UnreadableFile as exc:
        raise click.ClickException(f"{file.name}: {exc}") from exc
    reading = read_document(data, checked.mime_type)
    click.echo(json.dumps({"file": file.name, "pages": len(reading.pages), **reading.invoice.fields,
                           "fields_meta": reading.invoice.meta}, ensure_ascii=False, indent=1))


@click.command("correct")
@click.argument("document_id", type=int)
@click.argument("assignments", nargs=-1, required=True, metavar="FIELD=VALUE...")
@click.option("--user", "email", help="Act as this user (default: the first admin, else the portal itself).")
@with_appcontext
def correct(document_id: int, assignments: tuple[str, ...], email: str | None) -> None:
    """Correct header fields of document DOCUMENT_ID as a clerk does on the review screen.

    FIELD is a header field of the export (doc_type, supplier_code, registration_number,
    document_number, issue_date, due_date, po_number, currency, subtotal, tax_total, total);
    VALUE is in the export's format; 'FIELD=' clears it. Every value is checked before
    any is changed.
    """
    from portal.models import Document
    from portal.review.services import EXPORT_FIELDS, ReviewError, RowInvalid, correct_fields

    values: dict[str, str] = {}
    for assignment in assignments:
        name, sep, value = assignment.partition("=")
        if not sep or name not in EXPORT_FIELDS:
            raise click.UsageError(f"{assignment!r}: expected FIELD=VALUE, FIELD one of {', '.join(EXPORT_FIELDS)}")
        values[name] = value
    document = db.session.get(Document, document_id)
    if document is None:
        raise click.ClickException(f"no document {document_id}")
    user = _acting_user(email)
    try:
        changed = correct_fields(document, values, user)
        db.session.commit()
    except ReviewError as exc:
        db.session.rollback()
        problems = exc.errors.items() if isinstance(exc, RowInvalid) else [("", str(exc))]
        for name, problem in problems:
            click.echo(f"error: {name + ': ' if name else ''}{problem}", err=True)
        raise click.ClickException(f"document {document_id} was not changed") from exc
    click.echo(f"document {document_id}: " + (f"corrected {', '.join(changed)}" if changed else "nothing to change"))


def _acting_user(email: str | None):
    """The named user, else the first admin, else None (the portal itself)."""
    from sqlalchemy import select

    from portal.models import Role, User

    if email:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            raise click.ClickException(f"no user {email}")
        return user
    return db.session.scalar(select(User).where(User.role == Role.ADMIN, User.active.is_(True))
                             .order_by(User.id).limit(1))


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", default="")
@click.option("--role", type=click.Choice([role.value for role in Role]), default=Role.CLERK.value)
@click.option("--password", envvar="PORTAL_USER_PASSWORD", help="Asked for when not given.")
@with_appcontext
def create_user(email: str, name: str, role: str, password: str | None) -> None:
    """Create a user who can sign in to the portal."""
    from portal.accounts.services import AccountError
    from portal.accounts.services import create_user as create

    if not password:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = create(email, name or email, role, password)
        db.session.commit()
    except AccountError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    click.echo(f"created {user.role} {user.email}")


@click.command("ensure-admin")
@with_appcontext
def ensure_admin() -> None:
    """Create the first admin unless one exists (password from PORTAL_ADMIN_PASSWORD, else printed once)."""
    from portal.accounts.services import create_user as create
    from portal.accounts.services import generate_password, has_admin

    if has_admin():
        return
    email = os.environ.get("PORTAL_ADMIN_EMAIL", "admin@example.com")
    password = os.environ.get("PORTAL_ADMIN_PASSWORD") or generate_password()
    create(email, "Administrator", Role.ADMIN, password)
    db.session.commit()
    click.echo(f"first admin created: {email}")
    if not os.environ.get("PORTAL_ADMIN_PASSWORD"):
        click.echo(f"password (shown once): {password}")


@click.command("worker")
@click.option("--workers", "-w", type=int, default=os.cpu_count() or 2, show_default=True)
def worker(workers: int) -> None:
    """Run the background worker that reads queued documents (and, when PORTAL_CONSUME_DIR or
    PORTAL_IMAP_URL is set, watches the scanner's folder and the mailbox)."""
    import portal.tasks  # noqa: F401  (registers the tasks)
    from portal.pollers import WorkerWithPollers
    from portal.queue import huey

    WorkerWithPollers(huey, workers=workers, worker_type="process").run()


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Only when the portal has no documents and no suppliers yet.")
@with_appcontext
def demo(if_empty: bool) -> None:
    """Load demo suppliers, orders and sample invoices made by the project itself."""
    from portal.demo import is_empty, load_demo

    if if_empty and not is_empty():
        click.echo("demo skipped: the portal already has data")
        return
    count = load_demo()
    click.echo(f"demo loaded: {count} sample document(s) queued")


