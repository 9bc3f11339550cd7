"""The one state the document list and the exception queue show for each document, and its name.

Its own module, free of the list's queries: the exception queue's views need it while the
document list's module is still being imported (it imports the filters, which import the
matching package, whose views import this).
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.models import Document, ReviewStatus, Status
from portal.templating import REVIEW_LABELS, STATUS_LABELS

# What the list calls each state it shows (`shown_state`).
STATE_LABELS = {**STATUS_LABELS, **REVIEW_LABELS, "sent_back": _l("Sent back")}


def shown_state(document: Document) -> str:
    """The one status the list shows for a document: its reading status until it is read
    ('stuck' when its worker stopped), then what people decided ('sent_back' for a document
    an approver sent back, until it is submitted again)."""
    if document.status != Status.PROCESSED:
        return "stuck" if document.is_stuck else document.status
    if document.review_status == ReviewStatus.TO_REVIEW and document.review_note:
        return "sent_back"
    return document.review_status
