"""Reading a whole document: pages, then fields. The one entry point the portal calls."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ocr.model import Page


@dataclass
class DocumentReading:
    pages: list[Page]
    fields: dict[str, Any]
    meta: dict[str, Any] = field(default_factory=dict)


def read_document(data: bytes, mime_type: str) -> DocumentReading:
    """OCR (or take the text layer of) every page, then extract the fields.

    Fields that fail their validity test are read again from the page images (`ocr.reread`).
    """
    from ocr.extract import extract_fields
    from ocr.reading import read_pages
    from ocr.reread import DocumentRereader

    pages = read_pages(data, mime_type)
    extraction = extract_fields(pages, reread=DocumentRereader(data, mime_type))
    return DocumentReading(pages=pages, fields=extraction.fields, meta=extraction.meta)
