"""Uploaded documents: the stored original, its pages as read, and what was extracted."""
from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, BigInteger, ColumnElement, ForeignKey, Index, String, Text, and_, or_
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ocr.model import Page, Word
from portal.extensions import db
from portal.models.approvals import ReviewStatus
from portal.models.clock import utcnow
from portal.models.types import EnumText, Exact


class Status(enum.StrEnum):
    QUEUED = "queued"
    PROCESSING = "processing"
    PROCESSED = "processed"
    FAILED = "failed"

    @property
    def is_final(self) -> bool:
        return self in (Status.PROCESSED, Status.FAILED)


class Document(db.Model):
    """One uploaded file. The original is stored under its SHA-256 and never changed."""

    __tablename__ = "documents"
    # The list filters on what became of a document, deleted ones left out: counted from this
    # index alone.
    __table_args__ = (Index("ix_documents_review_status_status_deleted_at", "review_status", "status",
                            "deleted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    mime_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    page_count: Mapped[int] = mapped_column(default=0)
    status: Mapped[Status] = mapped_column(EnumText(Status), default=Status.QUEUED, index=True)
    error: Mapped[str | None] = mapped_column(Text)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    processed_at: Mapped[datetime | None]
    # When it was last put in the queue, so that a job the queue lost can be sent again.
    queued_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    # The worker reading it, and until when that worker's lease runs (renewed while it reads);
    # how many times a worker has taken it since it was uploaded or last tried again by hand.
    lease_holder: Mapped[str | None] = mapped_column(String(120))
    lease_expires_at: Mapped[datetime | None]
    read_attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    # What people decided (portal.models.approvals.ReviewStatus); `status` is about reading.
    review_status: Mapped[ReviewStatus] = mapped_column(EnumText(ReviewStatus), default=ReviewStatus.TO_REVIEW,
                                                        index=True)
    review_note: Mapped[str | None] = mapped_column(String(1000))  # the reason of a rejection
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    # Deletion is a flag (電子帳簿保存法: 訂正削除の履歴): the row, its versions and its
    # original stay; the original may be purged only once the retention period has ended.
    deleted_at: Mapped[datetime | None]
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    deletion_reason: Mapped[str | None] = mapped_column(String(1000))
    original_purged_at: Mapped[datetime | None]
    # How many transactions have written this document's rows (`portal.models.changes`).
    changes: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    # How it arrived (upload | api | folder | mail) and, for a mail, who sent it and about what.
    source: Mapped[str] = mapped_column(String(10), default="upload", server_default="upload")
    mail_from: Mapped[str | None] = mapped_column(String(320))
    mail_subject: Mapped[str | None] = mapped_column(String(500))
    mail_message_id: Mapped[str | None] = mapped_column(String(300), index=True)

    # What extraction found, kept as typed columns so accountants can search them
    # (date, amount, counterparty: the electronic-bookkeeping law's three keys).
    doc_type: Mapped[str | None] = mapped_column(String(20))
    supplier_id: Mapped[int | None] = mapped_column(ForeignKey("suppliers.id"), index=True)
    supplier_name: Mapped[str | None] = mapped_column(String(300))
    registration_number: Mapped[str | None] = mapped_column(String(20))
    document_number: Mapped[str | None] = mapped_column(String(100), index=True)
    # The number as duplicates are compared (portal.matching.rules.normalise_document_number).
    document_number_key: Mapped[str | None] = mapped_column(String(100), index=True)
    issue_date: Mapped[date | None] = mapped_column(index=True)
    due_date: Mapped[date | None] = mapped_column(index=True)  # the lists sort by it
    po_number: Mapped[str | None] = mapped_column(String(100))
    currency: Mapped[str | None] = mapped_column(String(3))
    subtotal: Mapped[Decimal | None] = mapped_column(Exact)
    tax_total: Mapped[Decimal | None] = mapped_column(Exact)
    total: Mapped[Decimal | None] = mapped_column(Exact, index=True)
    # The extraction as it came out of OCR, before any correction, and each field's
    # confidence and box on its page.
    extracted: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    fields_meta: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    uploaded_by = relationship("User", foreign_keys=[uploaded_by_id])
    supplier = relationship("Supplier")
    department = relationship("Department")
    pages: Mapped[list[DocumentPage]] = relationship(
        back_populates="document", order_by="DocumentPage.number", cascade="all, delete-orphan"
    )
    lines: Mapped[list[DocumentLine]] = relationship(
        back_populates="document", order_by="DocumentLine.position", cascade="all, delete-orphan"
    )
    tax_lines: Mapped[list[TaxLine]] = relationship(
        back_populates="document", order_by="TaxLine.rate", cascade="all, delete-orphan"
    )
    match = relationship("MatchResult", back_populates="document", uselist=False,
                         cascade="all, delete-orphan", foreign_keys="MatchResult.document_id")

    @property
    def state(self) -> Status:
        return Status(self.status)

    @hybrid_property
    def is_stuck(self) -> bool:
        """Being read, but the worker's lease has run out: nobody is reading it any more.
        (No lease at all: a document left "processing" before leases existed.)"""
        return self.state is Status.PROCESSING and (
            self.lease_expires_at is None or self.lease_expires_at < utcnow())

    @property
    def stuck_from(self) -> datetime | None:
        """When a document being read, its lease not renewed, will count as stuck; None for one
        not being read, or stuck already."""
        return self.lease_expires_at if self.state is Status.PROCESSING and not self.is_stuck else None

    @is_stuck.inplace.expression
    @classmethod
    def _is_stuck_expression(cls) -> ColumnElement[bool]:
        return and_(cls.status == Status.PROCESSING,
                    or_(cls.lease_expires_at.is_(None), cls.lease_expires_at < utcnow()))

    @property
    def supplier_code(self) -> str | None:
        """The master supplier's code, as the export names the supplier."""
        return self.supplier.code if self.supplier else None


class DocumentPage(db.Model):
    __tablename__ = "document_pages"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    number: Mapped[int]
    width: Mapped[int]
    height: Mapped[int]
    source: Mapped[str] = mapped_column(String(20))  # ocr | text-layer
    language: Mapped[str] = mapped_column(String(20), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    words: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)

    document: Mapped[Document] = relationship(back_populates="pages")

    def as_read(self) -> Page:
        """The page as the reader gave it (`ocr.model`)."""
        return Page(number=self.number, width=self.width, height=self.height, source=self.source,
                    language=self.language, words=[Word(**w) for w in self.words or []])


class DocumentLine(db.Model):
    __tablename__ = "document_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    position: Mapped[int]
    description: Mapped[str | None] = mapped_column(String(500))
    quantity: Mapped[Decimal | None] = mapped_column(Exact)
    unit_price: Mapped[Decimal | None] = mapped_column(Exact)
    amount: Mapped[Decimal | None] = mapped_column(Exact)
    tax_rate: Mapped[Decimal | None] = mapped_column(Exact)

    document: Mapped[Document] = relationship(back_populates="lines")


class TaxLine(db.Model):
    """Taxable amount and tax for one rate, as printed (or summed from the lines)."""

    __tablename__ = "tax_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    rate: Mapped[Decimal] = mapped_column(Exact)
    taxable: Mapped[Decimal | None] = mapped_column(Exact)
    tax: Mapped[Decimal | None] = mapped_column(Exact)

    document: Mapped[Document] = relationship(back_populates="tax_lines")
