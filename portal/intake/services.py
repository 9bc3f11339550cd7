"""Accepting uploads: check the bytes, store the original, queue the document."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext as _

from ocr.files import UnreadableFile, check
from portal import audit, storage
from portal.database import after_commit
from portal.extensions import db
from portal.models import Document, Status, User


class UploadRefused(ValueError):
    """An upload the portal did not store, with the reason for the user."""


@dataclass
class UploadOutcome:
    file_name: str
    document: Document | None = None
    error: str | None = None


# Characters a file name keeps as a space: controls (CR, LF, tab), invisible formatting
# (right-to-left overrides that disguise a name's ending), line and paragraph separators,
# and lone surrogates that no database encoding takes.
_UNPRINTABLE = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def stored_file_name(name: str) -> str:
    """The name an uploaded file is known by: the last part of the name the browser sent
    (no folders), with unprintable characters as spaces, at most 255 characters; "upload"
    when nothing is left. HTML in it stays text, escaped wherever it is shown."""
    name = re.split(r"[/\\]", name)[-1]
    name = "".join(" " if unicodedata.category(char) in _UNPRINTABLE else char for char in name)
    name = " ".join(name.split())[:255].strip()
    return name if name.strip(".") else "upload"


def accept_upload(file_name: str, data: bytes, user: User | None = None) -> Document:
    """Check one file by its bytes, store it, and add a queued document; flushes."""
    file_name = stored_file_name(file_name)
    limit = current_app.config["MAX_UPLOAD_MB"] * 1024 * 1024
    if len(data) > limit:
        raise UploadRefused(_("%(name)s is larger than the %(mb)s MB limit.",
                              name=file_name, mb=current_app.config["MAX_UPLOAD_MB"]))
    try:
        checked = check(data)
    except UnreadableFile as exc:
        raise UploadRefused(_("%(name)s was not accepted: %(reason)s.", name=file_name,
                              reason=_(exc.message, **exc.values))) from exc
    sha256 = storage.store(data)
    document = Document(
        file_name=file_name,
        sha256=sha256,
        mime_type=checked.mime_type,
        size=len(data),
        page_count=checked.page_count,
        status=Status.QUEUED,
        uploaded_by_id=user.id if user else None,
    )
    db.session.add(document)
    db.session.flush()
    audit.record("uploaded", document, after={"file_name": document.file_name, "sha256": sha256,
                                              "pages": checked.page_count}, user=user)
    return document


def accept_uploads(files: list[tuple[str, bytes]], user: User | None = None) -> list[UploadOutcome]:
    """Accept each file on its own: one refused file does not stop the others."""
    outcomes = []
    for name, data in files:
        name = stored_file_name(name)
        try:
            outcomes.append(UploadOutcome(name, document=accept_upload(name, data, user)))
        except UploadRefused as exc:
            outcomes.append(UploadOutcome(name, error=str(exc)))
    return outcomes


def queue_processing(documents: list[Document]) -> None:
    """Hand the documents to the background worker once they are committed: after the
    request's commit in a view; at once in the worker and the CLI, which commit first."""
    from portal.tasks import process_document_task

    document_ids = [document.id for document in documents]

    def enqueue() -> None:
        for document_id in document_ids:
            process_document_task(document_id)

    after_commit(enqueue)
