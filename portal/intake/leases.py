"""Leases: which worker is reading a document, and until when.

A worker takes a queued document with one conditional UPDATE, so two workers never both
take it: on SQLite writers queue one behind the other, and on PostgreSQL the second UPDATE
waits for the first to commit, then finds the document no longer queued. While a worker
reads, a thread renews every lease its process holds. Before it stores anything it renews
once more, conditionally, and that UPDATE locks the row until the result is committed: if the
lease is no longer its own (the worker stalled, the lease ran out and the document went to
another worker), the result is dropped, so a document is stored once. A worker that dies
stops renewing; `portal.intake.recovery` then puts the document back in the queue.

These functions change only the lease's columns (holder, expiry, attempts); the caller
changes the status, in the same transaction, through `portal.intake.processing.set_status`.
"""
from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from datetime import timedelta

from flask import current_app
from sqlalchemy import Engine, update
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db
from portal.models import Document, Status
from portal.models.changes import DOCUMENT_OPTION
from portal.models.clock import utcnow

log = logging.getLogger(__name__)

_worker_name: tuple[int, str] | None = None


def worker_name() -> str:
    """This process as a lease holder: host, process id and a random tag (a restarted worker
    may get the same process id, and must not think it still holds its predecessor's leases)."""
    global _worker_name
    pid = os.getpid()
    if _worker_name is None or _worker_name[0] != pid:  # a forked worker names itself anew
        _worker_name = (pid, f"{socket.gethostname()}:{pid}:{secrets.token_hex(4)}")
    return _worker_name[1]


def lease_length() -> timedelta:
    """How long a lease runs unless renewed (LEASE_SECONDS)."""
    return timedelta(seconds=current_app.config["LEASE_SECONDS"])


def claim(document_id: int) -> bool:
    """Give a queued document's lease to this worker and count the attempt; False when the
    document is not queued (another worker took it first, or it was read already)."""
    return _update(
        document_id, Document.status == Status.QUEUED, Document.lease_holder.is_(None),
        lease_holder=worker_name(), lease_expires_at=utcnow() + lease_length(),
        read_attempts=Document.read_attempts + 1)


def keep(document_id: int) -> bool:
    """Renew this worker's lease on a document it is reading, locking the row until the
    transaction ends; False when the lease is no longer this worker's."""
    return _update(
        document_id, Document.status == Status.PROCESSING, Document.lease_holder == worker_name(),
        lease_expires_at=utcnow() + lease_length())


def take_back(document_id: int) -> bool:
    """Take the lease back from a worker that stopped renewing it; False when the document
    is not stuck (its worker renewed in time, finished, or someone took it back first)."""
    return _update(document_id, Document.is_stuck, lease_holder=None, lease_expires_at=None)


def release(document: Document) -> None:
    """Clear the lease of a document no longer being read."""
    document.lease_holder = None
    document.lease_expires_at = None


def _update(document_id: int, *conditions, **values) -> bool:
    """One conditional UPDATE of one document; True when it matched (the row is then locked)."""
    result = db.session.execute(
        update(Document).where(Document.id == document_id, *conditions).values(**values)
        .execution_options(synchronize_session=False, **{DOCUMENT_OPTION: document_id}))
    return result.rowcount == 1


class LeaseKeeper:
    """A thread that renews every lease this process holds, every third of a lease, while a
    with-block reads (the reading itself cannot stop to do it)."""

    def __init__(self, engine: Engine, length: timedelta) -> None:
        self.engine = engine
        self.length = length
        self.holder = worker_name()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lease-keeper", daemon=True)

    def __enter__(self) -> LeaseKeeper:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join(timeout=self.length.total_seconds())

    def _run(self) -> None:
        while not self._stop.wait(self.length.total_seconds() / 3):
            self.renew()

    def renew(self) -> int:
        """Renew this process's leases on its own connection; how many were renewed."""
        try:
            with self.engine.begin() as connection:
                return connection.execute(
                    update(Document.__table__)
                    .where(Document.lease_holder == self.holder, Document.status == Status.PROCESSING)
                    .values(lease_expires_at=utcnow() + self.length)).rowcount
        except SQLAlchemyError:  # the database busy or away for a moment: the next round tries again
            log.exception("renewing the leases of %s failed", self.holder)
            return 0


def keeping_leases() -> LeaseKeeper:
    """Renew this worker's leases while the with-block runs (inside an app context)."""
    return LeaseKeeper(db.engine, lease_length())
