"""How many times the portal's data has changed, so that a page drawn from the data can be kept
until it changes (`portal.pagecache`). Every transaction that writes counts itself
(`portal.database`): on the row of all changes, and either on the changed documents' own
counts (`Document.changes`: a document's rows, its lines, match, steps, history) or, for
anything else it wrote (orders, receipts, suppliers, users, settings), on the row of shared
changes too."""
from __future__ import annotations

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db

ALL_CHANGES = 1  # any change: what a page of many documents stands on
SHARED_CHANGES = 2  # a change to anything that is not one document's own
# A statement (an UPDATE or DELETE, not a flush) that writes one document's rows says whose with
# this execution option; any other counts as a shared change.
DOCUMENT_OPTION = "changes_document"


class ChangeCounter(db.Model):
    __tablename__ = "change_counter"

    id: Mapped[int] = mapped_column(primary_key=True)
    changes: Mapped[int] = mapped_column(BigInteger, default=0)
