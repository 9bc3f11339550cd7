"""Documents whose worker stopped: back in the queue, or failed once they have stopped too often.

A worker killed in the middle of a document (out of memory, the machine restarted, SIGKILL)
leaves it "processing" with a lease nobody renews. The sweep, run by every worker when it
starts and then every minute (`portal.tasks`), takes such a document back and queues it
again; after MAX_READ_ATTEMPTS lost leases it marks it failed instead, so a document that
kills its worker every time cannot take the workers down for ever. It also sends again a
document left queued for RESEND_AFTER, in case its job was lost on the way (the queue was
unreachable at upload, or the worker died between taking the job and the document):
a document queued twice is still read once, because only one worker can take it.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import or_, select

from portal.extensions import db
from portal.intake import leases
from portal.intake.processing import mark_failed, set_status
from portal.models import Document, Status
from portal.models.clock import utcnow

log = logging.getLogger(__name__)



def N_(text: str) -> str:
    """Marks a sentence stored in English for the catalogue: the document page translates it."""
    return text


MAX_READ_ATTEMPTS = 3
RESEND_AFTER = timedelta(minutes=10)
# The reason a user sees when the worker stopped too often.
STOPPED_TOO_OFTEN = N_("Reading this document stopped the worker every time it was tried: the file may be "
                     "too large or damaged. Check it, then try again or upload a smaller scan.")


def sweep() -> list[Document]:
    """Take back every stuck document; return those to queue (after the caller commits)."""
    to_queue = []
    for document_id in db.session.scalars(select(Document.id).where(Document.is_stuck).order_by(Document.id)):
        document = put_back(document_id)
        if document is not None and document.state is Status.QUEUED:
            to_queue.append(document)
    return to_queue + forgotten_in_queue()


def put_back(document_id: int) -> Document | None:
    """Take a stuck document back from its worker: queued again, or failed when its worker
    has stopped MAX_READ_ATTEMPTS times; None when it was not stuck after all. Flushes."""
    holder = db.session.scalar(select(Document.lease_holder).where(Document.id == document_id))
    if not leases.take_back(document_id):
        return None
    document = db.session.get(Document, document_id, populate_existing=True)
    if document.read_attempts >= MAX_READ_ATTEMPTS:
        log.warning("document %s stopped its worker %s times; marked failed", document_id, document.read_attempts)
        mark_failed(document, STOPPED_TOO_OFTEN)
    else:
        log.warning("document %s: worker %s stopped renewing its lease; queued again", document_id, holder)
        set_status(document, Status.QUEUED, note=f"the worker reading it stopped ({holder or 'unknown'}); "
                                                 f"attempt {document.read_attempts} of {MAX_READ_ATTEMPTS}")
    return document


def forgotten_in_queue() -> list[Document]:
    """Documents queued for longer than RESEND_AFTER, marked as sent again now. Flushes."""
    now = utcnow()
    documents = list(db.session.scalars(
        select(Document).where(Document.status == Status.QUEUED,
                               or_(Document.queued_at.is_(None), Document.queued_at < now - RESEND_AFTER))
        .order_by(Document.id)))
    for document in documents:
        document.queued_at = now
    db.session.flush()
    if documents:
        log.warning("sending %s document(s) to the queue again: queued for over %s", len(documents), RESEND_AFTER)
    return documents
