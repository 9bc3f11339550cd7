"""Processing a batch in the foreground (`portal ingest --wait`).

Documents are read in parallel, then kept and matched strictly in upload order, so that
duplicates and quantities invoiced earlier are judged as a clerk would expect. The OCR
pages of every document in the window go to one shared pool of page readers, one per
core (Tesseract releases the GIL, so threads keep every core busy): a document of
many pages spreads over the cores, and documents never start pools of their own: the pool
is passed to each document's reading. Their second-look re-reads run in that pool too,
ahead of any page, and pages start largest first (`ocr.pool.PageReaders`). Each document is
taken under a lease, as a worker takes it, and the leases of the whole window are renewed
while it reads (`portal.intake.leases`).
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor

from ocr.document import read_document
from ocr.pool import PageReaders, cores
from portal import storage
from portal.extensions import db
from portal.intake.leases import keeping_leases
from portal.intake.processing import fail, finish, take
from portal.models import Document


def process_in_order(document_ids: Iterable[int], workers: int | None = None) -> None:
    """Read the documents in parallel (`workers` pages at a time) and finish each in the order given.

    The ids are taken one at a time, and each document starts reading as soon as it is
    taken: `document_ids` may be a generator still uploading the rest of the batch.
    """
    workers = workers or cores()
    window = 2 * workers  # documents read ahead of the one being finished: memory stays flat
    pending: deque[tuple[int, Future | Exception]] = deque()
    with (
        PageReaders(workers) as pages,
        # Document threads mostly wait for their pages; one per document in the window.
        ThreadPoolExecutor(max_workers=window + 1, thread_name_prefix="document") as reader,
        keeping_leases(),
    ):
        for document_id in document_ids:
            document = take(document_id)
            if document is None:  # read already, or a worker has it
                continue
            db.session.commit()
            pending.append((document.id, _start_reading(reader, document, pages)))
            if len(pending) > window:
                _finish_next(pending)
        while pending:
            _finish_next(pending)


def _start_reading(pool: ThreadPoolExecutor, document: Document, pages: PageReaders) -> Future | Exception:
    try:
        return pool.submit(read_document, storage.read(document.sha256), document.mime_type, readers=pages)
    except OSError as exc:
        return exc


def _finish_next(pending: deque[tuple[int, Future | Exception]]) -> None:
    document_id, reading = pending.popleft()
    document = db.session.get(Document, document_id)
    try:
        result = reading.result() if isinstance(reading, Future) else None
        if isinstance(reading, Exception):
            raise reading
    except Exception as exc:  # noqa: BLE001  one failure never stops the batch
        fail(document, exc)
        return
    finish(document, result)
