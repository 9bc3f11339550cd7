"""Reading documents for the screens, and page previews."""
from __future__ import annotations

from pathlib import Path

from flask import current_app
from sqlalchemy import select

from portal import storage
from portal.extensions import db
from portal.models import AuditEvent, Document, Status

PREVIEW_WIDTH = 1400


def history(document: Document) -> list[AuditEvent]:
    return list(db.session.scalars(
        select(AuditEvent).where(AuditEvent.document_id == document.id).order_by(AuditEvent.id)))


def page_preview(document: Document, number: int) -> Path:
    """A PNG of one page, rendered once from the original and kept in the instance folder.

    Drawn here, in the web process, within the same limits as the reader's pages (pixels,
    decompressed size: `ocr.files.Limits`), and not remembered in memory; raises
    `ocr.files.UnreadableFile` for a file beyond them.
    """
    from ocr.reading import render_page_png

    if not 1 <= number <= max(document.page_count, 1):
        raise LookupError(number)
    folder = Path(current_app.config["INSTANCE"]) / "previews" / document.sha256[:2]
    path = folder / f"{document.sha256}-{number}.png"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        png, _scale = render_page_png(storage.read(document.sha256), document.mime_type, number, PREVIEW_WIDTH)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(png)
        tmp.replace(path)
    return path


def is_waiting(document: Document) -> bool:
    return document.state in (Status.QUEUED, Status.PROCESSING)
