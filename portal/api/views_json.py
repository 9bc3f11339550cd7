"""Documents as the API's JSON: the export's values (decimals as strings, ISO dates)."""
from __future__ import annotations

from typing import Any

from portal.approvals.services import overrides
from portal.documents.export import document_as_json
from portal.documents.services import history
from portal.models import Document

HEADER = ("doc_type", "supplier_code", "supplier_name", "registration_number", "document_number", "issue_date",
          "due_date", "po_number", "currency", "subtotal", "tax_total", "total")


def document_json(document: Document) -> dict[str, Any]:
    exported = document_as_json(document)
    return {"id": document.id, "file": document.file_name, "sha256": document.sha256,
            "pages": document.page_count, "status": document.status, "review_status": document.review_status,
            "error": document.error, "source": document.source or "upload", "mail_from": document.mail_from,
            "mail_subject": document.mail_subject, "uploaded_at": document.uploaded_at.isoformat() + "Z",
            "fields": {name: exported.get(name) for name in HEADER}}


def lines_json(document: Document) -> dict[str, Any]:
    exported = document_as_json(document)
    lines = [{"position": line.position, **row} for line, row in zip(document.lines, exported["lines"], strict=True)]
    return {"lines": lines, "tax_breakdown": exported["tax_breakdown"]}


def match_json(document: Document) -> dict[str, Any]:
    match = document.match
    overridden = set(overrides(document))
    return {"matched": bool(match and match.order), "po_number": match.order.number if match and match.order else None,
            "supplier_code": document.supplier.code if document.supplier else None,
            "exceptions": [{"code": code, "overridden": code in overridden}
                           for code in (match.exception_codes if match else [])],
            "duplicate_of": match.duplicate_of_id if match else None}


def history_json(document: Document) -> dict[str, Any]:
    return {"events": [{"at": event.at.isoformat() + "Z", "actor": event.actor, "action": event.action,
                        "before": event.before, "after": event.after, "note": event.note}
                       for event in history(document)]}
