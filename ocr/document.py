"""Reading a whole document: pages, then fields. The one entry point the portal calls."""
from __future__ import annotations

from concurrent.futures import Executor
from dataclasses import dataclass

from ocr.extract.result import ExtractedInvoice
from ocr.model import Page


@dataclass
class DocumentReading:
    """A document's pages as read, and the invoice or quote they show."""

    pages: list[Page]
    invoice: ExtractedInvoice


def read_document(data: bytes, mime_type: str, *, readers: Executor | None = None) -> DocumentReading:
    """OCR (or take the text layer of) every page, then extract the fields.

    Fields that fail their validity test are read again from the page images (`ocr.reread`).
    Both are tasks of `readers` when given: a batch's one pool of page readers
    (`ocr.pool.PageReaders`), shared by all its documents.
    The page images made meanwhile are forgotten once the document is read: an idle worker
    holds none.
    """
    from ocr.extract import extract_fields
    from ocr.pages import forget_pages
    from ocr.reading import read_pages
    from ocr.reread import DocumentRereader

    try:
        pages = read_pages(data, mime_type, readers=readers)
        return DocumentReading(pages, extract_fields(pages, reread=DocumentRereader(data, mime_type, readers)))
    finally:
        forget_pages(data)
