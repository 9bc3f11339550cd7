"""What keeps a document's record whole for the tax office: every version of what it says,
and the text its search reads (電子帳簿保存法: corrections kept, the three keys searchable)."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.clock import utcnow
from portal.models.types import Exact


class DocumentVersion(db.Model):
    """What a document said at one moment: as read (version 1), then after each correction.

    Written once and never changed: a correction adds a version, the earlier ones stay
    viewable and searchable. The search keys are columns; the rest is the export's JSON.
    """

    __tablename__ = "document_versions"
    __table_args__ = (UniqueConstraint("document_id", "number"),
                      Index("ix_document_versions_issue_date_total", "issue_date", "total"))

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    number: Mapped[int]
    at: Mapped[datetime] = mapped_column(default=utcnow)
    audit_event_id: Mapped[int | None] = mapped_column(ForeignKey("audit_events.id"))
    actor: Mapped[str] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(String(40))  # the audit action that made it
    supplier_name: Mapped[str | None] = mapped_column(String(300))
    document_number: Mapped[str | None] = mapped_column(String(100))
    issue_date: Mapped[date | None]
    total: Mapped[Decimal | None] = mapped_column(Exact)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)

    document = relationship("Document")


class SearchText(db.Model):
    """A document's searchable text: its pages as read and every version's header values.

    `body` is the text normalised (NFKC, lower case) for the short-query fallback; `grams`
    is the same text as overlapping two-character tokens, which the full-text index reads
    (`portal.search.fulltext`): Japanese has no spaces, so a two-character word is a token.
    """

    __tablename__ = "search_texts"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), primary_key=True)
    body: Mapped[str] = mapped_column(Text, default="")
    grams: Mapped[str] = mapped_column(Text, default="")
