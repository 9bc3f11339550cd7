"""What the portal has learnt from clerks' corrections, per supplier: where each header field
is printed (a placement, `ocr.extract.memory`), and the names and numbers the reader reads for it."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.clock import utcnow


class SupplierMemory(db.Model):
    """Where one supplier prints one header field on one kind of document, from the latest correction."""

    __tablename__ = "supplier_memories"
    __table_args__ = (UniqueConstraint("supplier_id", "doc_type", "field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"), index=True)
    doc_type: Mapped[str] = mapped_column(String(20), default="")  # invoice | quote | '' (not known)
    field: Mapped[str] = mapped_column(String(40))
    placement: Mapped[dict[str, Any]] = mapped_column(JSON)  # ocr.extract.memory.Placement.as_json()
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))  # the correction's document
    times_used: Mapped[int] = mapped_column(default=0)  # documents it gave a value to
    times_confirmed: Mapped[int] = mapped_column(default=0)  # ... that the generic reading agreed with
    times_contradicted: Mapped[int] = mapped_column(default=0)  # lost to arithmetic, or corrected after
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    supplier = relationship("Supplier")

    @property
    def trusted(self) -> bool:
        """A placement wrong more often than right (and more than once) is no longer used."""
        return self.times_contradicted <= self.times_confirmed + 1


class SupplierAlias(db.Model):
    """A name or registration number as the reader read it on a supplier's document, which a
    clerk said was that supplier's: the next document reading the same resolves to it."""

    __tablename__ = "supplier_aliases"
    __table_args__ = (UniqueConstraint("supplier_id", "kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # name | registration_number
    value: Mapped[str] = mapped_column(String(300), index=True)  # compared as portal.matching.suppliers keys it
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    supplier = relationship("Supplier")
