"""What happens to a document's record when its content changes: a new version is added and
its searchable text is written again. Called by `portal.audit.record`, so no service can
change what a document says without both. And the versions as their page shows them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, Document, DocumentVersion, SearchText
from portal.search.fulltext import grams, normalise

# Audit actions after which a document says something new.
VERSIONED_ACTIONS = frozenset({"processed", "corrected", "memory.applied"})
HEADER_KEYS = ("supplier_name", "document_number", "registration_number", "po_number")


def on_document_event(document: Document, event: AuditEvent) -> None:
    """Add a version and refresh the searchable text after a change of content; flushes."""
    if event.action not in VERSIONED_ACTIONS:
        return
    add_version(document, event)
    refresh_text(document)


def add_version(document: Document, event: AuditEvent) -> DocumentVersion:
    """Keep what the document says now as its next version."""
    from portal.documents.export import document_as_json

    db.session.flush()
    data = document_as_json(document)
    data.pop("fields_meta", None)
    number = (db.session.scalar(select(func.max(DocumentVersion.number))
                                .where(DocumentVersion.document_id == document.id)) or 0) + 1
    version = DocumentVersion(document_id=document.id, number=number, at=event.at, audit_event_id=event.id,
                              actor=event.actor, reason=event.action, supplier_name=document.supplier_name,
                              document_number=document.document_number, issue_date=document.issue_date,
                              total=document.total, data=data)
    db.session.add(version)
    db.session.flush()
    return version


def refresh_text(document: Document) -> None:
    """The document's searchable text: its pages and the header values of every version, so a
    number or name corrected away is still found."""
    pages = [page.text or "" for page in document.pages]
    versions = db.session.scalars(select(DocumentVersion.data).where(DocumentVersion.document_id == document.id))
    headers = {str(data.get(key)) for data in versions for key in HEADER_KEYS if data.get(key)}
    body = normalise("\n".join(pages + sorted(headers)))
    row = db.session.get(SearchText, document.id)
    if row is None:
        row = SearchText(document_id=document.id)
        db.session.add(row)
    row.body, row.grams = body, grams(body)
    db.session.flush()


# What a version shows besides its header fields: compared whole from one version to the next.
COMPARED_LISTS = ("tax_breakdown", "lines")


@dataclass(frozen=True)
class VersionShown:
    """A version as its page shows it: what changed since the version before (none for the first)."""

    version: DocumentVersion
    changed: frozenset[str]
    before: dict[str, Any]  # the version before's values of what changed

    @property
    def data(self) -> dict[str, Any]:
        return self.version.data


def versions_of(document: Document, header_keys: tuple[str, ...]) -> list[VersionShown]:
    """Every version of what the document said, newest first, each with what changed from the
    one before it among `header_keys` and its lines and taxes."""
    versions = db.session.scalars(select(DocumentVersion).where(DocumentVersion.document_id == document.id)
                                  .order_by(DocumentVersion.number))
    shown, previous = [], None
    for version in versions:
        before = previous.data if previous is not None else {}
        changed = frozenset(key for key in header_keys + COMPARED_LISTS
                            if previous is not None and version.data.get(key) != before.get(key))
        shown.append(VersionShown(version, changed, {key: before.get(key) for key in changed}))
        previous = version
    return shown[::-1]


def deletion_event(document: Document) -> AuditEvent | None:
    """The audit event that deleted the document (who, when, why), if it was deleted."""
    if document.deleted_at is None:
        return None
    return db.session.scalar(select(AuditEvent).where(AuditEvent.document_id == document.id,
                                                      AuditEvent.action == "deleted")
                             .order_by(AuditEvent.id.desc()).limit(1))
