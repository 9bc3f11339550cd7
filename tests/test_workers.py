"""Worker processes, for real: `portal ingest` queues, `portal worker` reads, and a worker killed
with SIGKILL in the middle of a document leaves it to the next worker, which reads it once.

Each test runs on the SQLite queue, and again on the Redis queue when TEST_REDIS_URL or
REDIS_URL is set (scripts/with-redis.sh; the test empties the portal's queue on that server).
The processes share this test's database (SQLite or TEST_DATABASE_URL) and storage folder.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuditEvent, Document, DocumentPage
from tests.conftest import TEST_REDIS_URL
from tests.helpers import minimal_pdf

ROOT = Path(__file__).resolve().parent.parent
PORTAL = str(Path(sys.executable).parent / "portal")
LEASE_SECONDS = 2


@pytest.fixture(params=["sqlite", pytest.param("redis", marks=pytest.mark.redis)])
def portal_env(request, app, tmp_path) -> dict[str, str]:
    """The environment of a portal process on this test's database and storage, with the queue
    the test is parametrised with, and short leases."""
    env = {**os.environ, "PORTAL_INSTANCE": str(tmp_path), "PORTAL_LEASE_SECONDS": str(LEASE_SECONDS),
           "DATABASE_URL": db.engine.url.render_as_string(hide_password=False)}
    env.pop("REDIS_URL", None)
    if request.param == "redis":
        if not TEST_REDIS_URL:
            pytest.skip("no Redis: set TEST_REDIS_URL or REDIS_URL (scripts/with-redis.sh does)")
        from huey import RedisHuey

        RedisHuey("portal", url=TEST_REDIS_URL).flush()  # nothing left from an earlier test
        env["REDIS_URL"] = TEST_REDIS_URL
    return env


class Workers:
    """`portal worker` processes, each in its own process group, with their output in a log."""

    def __init__(self, env: dict[str, str], folder: Path) -> None:
        self.env, self.folder = env, folder
        self.running: list[subprocess.Popen] = []

    def start(self, *command: str, **env: str) -> subprocess.Popen:
        log = (self.folder / f"worker-{len(self.running) + 1}.log").open("w")
        process = subprocess.Popen([*command, "worker", "--workers", "1"], cwd=ROOT, env={**self.env, **env},
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.running.append(process)
        return process

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL the worker and the processes it forked, as the OOM killer or a power cut would."""
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in self.running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGINT)  # huey's graceful stop
        for process in self.running:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def logs(self) -> str:
        return "\n".join(f"--- {path.name}\n{path.read_text()[-4000:]}" for path in sorted(self.folder.glob("*.log")))


@pytest.fixture
def workers(portal_env, tmp_path) -> Iterator[Workers]:
    workers = Workers(portal_env, tmp_path)
    yield workers
    workers.stop_all()


def ingest(env: dict[str, str], folder: Path, name: str) -> int:
    """Upload one invoice with `portal ingest`, which queues it; the document's id."""
    path = folder / name
    path.write_bytes(minimal_pdf(f"Invoice No. {path.stem}"))
    done = subprocess.run([PORTAL, "ingest", str(path)], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    return int(done.stdout.rsplit("document ", 1)[1])


def fresh(document_id: int) -> Document:
    """The document as the other processes left it."""
    db.session.rollback()
    return db.session.get(Document, document_id, populate_existing=True)


def wait_until(condition: Callable[[], bool], workers: Workers, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting until {what}\n{workers.logs()}")
        time.sleep(0.2)


def read_once(document_id: int) -> None:
    """Processed, with one set of pages and one "processed" record."""
    document = fresh(document_id)
    assert document.status == "processed" and document.lease_holder is None
    pages = db.session.scalar(select(func.count()).select_from(DocumentPage)
                              .where(DocumentPage.document_id == document_id))
    assert pages == document.page_count == 1
    processed = db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.document_id == document_id, AuditEvent.action == "processed"))
    assert processed == 1


def test_a_worker_process_reads_a_queued_document(portal_env, workers, tmp_path):
    document_id = ingest(portal_env, tmp_path, "INV-100.pdf")
    workers.start(PORTAL)
    wait_until(lambda: fresh(document_id).status == "processed", workers, "the worker read the document")
    read_once(document_id)


def test_a_worker_killed_mid_document_leaves_it_to_the_next_worker(portal_env, workers, tmp_path):
    started = tmp_path / "reading-started"
    document_id = ingest(portal_env, tmp_path, "INV-200.pdf")
    first = workers.start(sys.executable, "tests/slowed_worker.py", PORTAL_TEST_READING_STARTED=str(started),
                          PORTAL_TEST_READING_DELAY="120")
    wait_until(started.exists, workers, "the first worker started reading")
    taken = fresh(document_id)
    assert taken.status == "processing" and taken.lease_holder

    workers.kill(first)
    wait_until(lambda: fresh(document_id).is_stuck, workers, "the dead worker's lease ran out",
               timeout=3 * LEASE_SECONDS)
    workers.start(PORTAL)
    wait_until(lambda: fresh(document_id).status == "processed", workers, "the next worker read the document")

    read_once(document_id)
    document = fresh(document_id)
    assert document.read_attempts == 2
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.document_id == document_id)
                                 .order_by(AuditEvent.id)).all()
    statuses = [a for a in actions if a in {"uploaded", "queued", "processing", "processed", "failed"}]
    assert statuses == ["uploaded", "processing", "queued", "processing", "processed"]
