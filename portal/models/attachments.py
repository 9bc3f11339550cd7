"""What a clerk adds to a document for its approver: a delivery note, an e-mail printed to PDF.

Stored as originals are, once, byte for byte, under their SHA-256, and never changed or removed.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.clock import utcnow


class DocumentAttachment(db.Model):
    __tablename__ = "document_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    mime_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    note: Mapped[str | None] = mapped_column(String(1000))  # what it is, for the approver
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    added_by = relationship("User")
