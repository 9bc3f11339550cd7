"""`portal audit verify`, `portal delete` and `portal purge`: the record on the command line."""
from __future__ import annotations

import sys

import click
from flask.cli import AppGroup, with_appcontext

audit_cli = AppGroup("audit", help="The audit trail.")


@audit_cli.command("verify")
def verify() -> None:
    """Check the audit chain, its head and every stored original; exit 1 naming the first broken record."""
    from portal.records.integrity import verify as run

    result = run()
    if not result.ok:
        click.echo(f"BROKEN: {result.broken}", err=True)
        sys.exit(1)
    click.echo(f"ok: {result.events} audit events chained, {result.originals} originals match their SHA-256")


@click.command("delete")
@click.argument("document_id", type=int)
@click.option("--reason", required=True, help="Why it is deleted (kept in the record).")
@click.option("--user", "email", help="Act as this admin (default: the first admin).")
@with_appcontext
def delete_document(document_id: int, reason: str, email: str | None) -> None:
    """Delete document DOCUMENT_ID: a flag, audited with the reason. It leaves the lists; search
    finds it under the status "deleted"; nothing of it is removed."""
    from portal.cli import _acting_user
    from portal.extensions import db
    from portal.models import Document, Role
    from portal.records.retention import RetentionError, delete

    document = db.session.get(Document, document_id)
    if document is None:
        raise click.ClickException(f"no document {document_id}")
    user = _acting_user(email)
    if user is not None and not user.has_role(Role.ADMIN):
        raise click.ClickException(f"{user.email} is not an admin: only an admin deletes")
    try:
        delete(document, reason, user)
    except RetentionError as exc:
        db.session.rollback()
        raise click.ClickException(f"document {document_id} was not deleted: {exc}") from exc
    db.session.commit()
    click.echo(f"document {document_id} deleted: {document.deletion_reason}")


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="List what would be removed; remove nothing.")
@click.option("--user", "email", help="Act as this user (default: the first admin, else the portal itself).")
@with_appcontext
def purge(dry_run: bool, email: str | None) -> None:
    """Remove the stored originals of deleted documents whose retention period has ended
    (PORTAL_RETENTION_YEARS after their year); each removal is audited."""
    from portal.cli import _acting_user
    from portal.extensions import db
    from portal.records.retention import purge_original, purgeable, retained_until

    documents = purgeable()
    for document in documents:
        click.echo(f"{document.id}\t{document.file_name}\tkept until {retained_until(document).isoformat()}")
    if dry_run:
        click.echo(f"{len(documents)} original(s) past their retention period; nothing removed (--dry-run)")
        return
    user = _acting_user(email)
    for document in documents:
        purge_original(document, user)
    db.session.commit()
    click.echo(f"{len(documents)} original(s) removed")
