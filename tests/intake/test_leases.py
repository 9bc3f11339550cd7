"""Leases: one worker takes a document, keeps it alive while reading, and stores its reading
only while the lease is still its own."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from ocr.document import DocumentReading, read_document
from portal import storage
from portal.extensions import db
from portal.intake import leases
from portal.intake.processing import fail, finish, process_document, take
from portal.intake.recovery import sweep
from portal.intake.services import accept_upload
from portal.models import AuditEvent, Document, DocumentPage
from portal.models.clock import utcnow
from tests.helpers import minimal_pdf


@pytest.fixture
def queued(app) -> Document:
    document = accept_upload("lease.pdf", minimal_pdf("Invoice No. INV-LEASE"))
    db.session.commit()
    return document


@pytest.fixture
def as_worker(monkeypatch) -> callable:
    """Act as the named worker from now on (each worker is its own process in production)."""

    def become(name: str) -> None:
        monkeypatch.setattr(leases, "worker_name", lambda: name)

    return become


def expire(document_id: int) -> None:
    """The lease runs out: its worker stopped renewing it."""
    db.session.get(Document, document_id).lease_expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()


def reading_of(document: Document) -> DocumentReading:
    return read_document(storage.read(document.sha256), document.mime_type)


def count(model, document_id: int, **where) -> int:
    query = select(func.count()).select_from(model).where(model.document_id == document_id)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.session.scalar(query)


def test_taking_a_document_leases_it_to_the_worker_and_counts_the_attempt(queued, as_worker):
    as_worker("host:1:a")
    document = take(queued.id)
    db.session.commit()
    assert (document.status, document.lease_holder, document.read_attempts) == ("processing", "host:1:a", 1)
    assert document.lease_expires_at > utcnow() + timedelta(seconds=50)
    assert not document.is_stuck


def test_a_document_being_read_cannot_be_taken_again(queued, as_worker):
    as_worker("host:1:a")
    assert take(queued.id) is not None
    db.session.commit()
    as_worker("host:2:b")
    assert take(queued.id) is None


def test_workers_racing_for_a_document_take_it_once(app, queued):
    """Eight threads, each with its own session and connection, take the same document at once."""
    document_id = queued.id
    ready = threading.Barrier(8)
    taken: list[bool] = []

    def worker() -> None:
        with app.app_context():
            ready.wait()
            taken.append(take(document_id) is not None)
            db.session.commit()
            db.session.remove()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(taken) == [False] * 7 + [True]
    assert count(AuditEvent, queued.id, action="processing") == 1


def test_a_worker_renews_the_leases_it_holds_and_no_others(app, queued, as_worker):
    as_worker("host:1:a")
    take(queued.id)
    other = accept_upload("other.pdf", minimal_pdf("Invoice No. INV-OTHER"))
    db.session.commit()
    as_worker("host:2:b")
    take(other.id)
    db.session.commit()
    expire(queued.id)
    expire(other.id)
    as_worker("host:1:a")
    assert leases.LeaseKeeper(db.engine, timedelta(minutes=1)).renew() == 1
    db.session.expire_all()
    assert not db.session.get(Document, queued.id).is_stuck
    assert db.session.get(Document, other.id).is_stuck


def test_the_lease_keeper_renews_while_a_reading_lasts(app, queued, as_worker):
    as_worker("host:1:a")
    take(queued.id)
    db.session.commit()
    expire(queued.id)
    expired = db.session.get(Document, queued.id).lease_expires_at
    with leases.LeaseKeeper(db.engine, timedelta(seconds=0.3)):
        threading.Event().wait(0.5)
    db.session.expire_all()
    assert db.session.get(Document, queued.id).lease_expires_at > expired


def test_a_worker_whose_lease_was_given_away_keeps_nothing(queued, as_worker):
    """Worker a stalls past its lease; the document goes to b, which reads it; a's reading is dropped."""
    as_worker("host:1:a")
    stalled = take(queued.id)
    db.session.commit()
    late_reading = reading_of(stalled)
    expire(queued.id)
    sweep()
    db.session.commit()
    as_worker("host:2:b")
    process_document(queued.id)

    as_worker("host:1:a")
    finish(db.session.get(Document, queued.id), late_reading)
    fail(db.session.get(Document, queued.id), RuntimeError("late"))
    document = db.session.get(Document, queued.id)
    assert (document.status, document.error) == ("processed", None)
    assert count(DocumentPage, queued.id) == 1
    assert count(AuditEvent, queued.id, action="processed") == 1
    assert count(AuditEvent, queued.id, action="failed") == 0


def test_a_worker_still_holding_its_lease_keeps_its_reading(queued, as_worker):
    as_worker("host:1:a")
    document = take(queued.id)
    db.session.commit()
    finish(document, reading_of(document))
    document = db.session.get(Document, queued.id)
    assert (document.status, document.lease_holder, document.lease_expires_at) == ("processed", None, None)
