"""Reading a whole document: pages, then fields. The one entry point the portal calls."""
from __future__ import annotations

from dataclasses import dataclass

from ocr.extract.result import ExtractedInvoice
from ocr.model import Page


@dataclass
class DocumentReading:
    """A document's pages as read, and the invoice or quote they show."""

    pages: list[Page]
    invoice: ExtractedInvoice


def read_document(data: bytes, mime_type: str) -> DocumentReading:
    """OCR (or take the text layer of) every page, then extract the fields.

    Fields that fail their validity test are read again from the page images (`ocr.reread`).
    The page images made meanwhile are forgotten once the document is read: an idle worker
    holds none.
    """
    from ocr.extract import extract_fields
    from ocr.pages import forget_pages
    from ocr.reading import read_pages
    from ocr.reread import DocumentRereader

    try:
        pages = read_pages(data, mime_type)
        return DocumentReading(pages, extract_fields(pages, reread=DocumentRereader(data, mime_type)))
    finally:
        forget_pages(data)
