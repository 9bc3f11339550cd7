"""The scanner's folder: files dropped there are ingested once each, then moved to processed/ or,
with the reason beside them, to failed/; a file still being written waits; the same bytes twice
are a duplicate; a real `portal worker` watches the folder and, restarted, picks up what arrived
while it was down."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.intake.folder import CONSUMING, ScannerFolder
from portal.models import Document
from tests.helpers import minimal_pdf
from tests.test_workers import PORTAL, fresh, portal_env, wait_until, workers  # noqa: F401  (fixtures)


def documents() -> list[Document]:
    db.session.expire_all()
    return list(db.session.scalars(select(Document).order_by(Document.id)))


@pytest.fixture
def scanner(app, tmp_path) -> ScannerFolder:
    return ScannerFolder(tmp_path / "scans")


def drop(folder: ScannerFolder, name: str, data: bytes) -> Path:
    path = folder.root / name
    path.write_bytes(data)
    return path


def test_a_dropped_file_is_ingested_once_after_two_looks_and_moved_to_processed(scanner):
    drop(scanner, "INV-1.pdf", minimal_pdf("Invoice No. INV-1"))
    assert scanner.look() == []  # seen once: it may still be being written
    [done] = scanner.look()
    assert done.reason is None
    [document] = documents()
    assert (document.id, document.file_name, document.source) == (done.document_id, "INV-1.pdf", "folder")
    assert document.status == "processed"  # queued for reading (tasks run at once in the tests)
    assert (scanner.root / "processed" / "INV-1.pdf").exists() and not (scanner.root / "INV-1.pdf").exists()
    assert scanner.look() == [] and len(documents()) == 1


def test_a_file_still_growing_is_not_read_until_its_size_stops_changing(scanner):
    data = minimal_pdf("Invoice No. INV-2")
    path = drop(scanner, "INV-2.pdf", data[:100])
    scanner.look()
    with path.open("ab") as out:
        out.write(data[100:])
    assert scanner.look() == []  # it grew since the last look
    assert documents() == []
    [done] = scanner.look()
    assert done.document_id and documents()[0].size == len(data)


def test_the_same_bytes_twice_are_a_duplicate_not_a_second_document(scanner):
    data = minimal_pdf("Invoice No. INV-3")
    drop(scanner, "INV-3.pdf", data)
    scanner.look(), scanner.look()
    drop(scanner, "INV-3 again.pdf", data)
    scanner.look()
    [done] = scanner.look()
    [document] = documents()
    assert done.document_id is None and f"document {document.id}" in done.reason
    assert (scanner.root / "failed" / "INV-3 again.pdf").exists()
    reason = (scanner.root / "failed" / "INV-3 again.pdf.reason.txt").read_text()
    assert f"document {document.id}" in reason and "INV-3.pdf" in reason


@pytest.mark.parametrize("name, data, says", [
    ("notes.txt", b"not a scan at all", "was not accepted"),
    ("empty.pdf", b"", "was not accepted"),
])
def test_a_file_the_intake_refuses_goes_to_failed_with_its_reason(scanner, name, data, says):
    drop(scanner, name, data)
    scanner.look(), scanner.look()
    assert documents() == []
    assert (scanner.root / "failed" / name).read_bytes() == data
    assert says in (scanner.root / "failed" / f"{name}.reason.txt").read_text()


def test_a_file_over_the_upload_limit_is_refused_without_being_read(app, scanner):
    app.config["MAX_UPLOAD_MB"] = 1
    drop(scanner, "huge.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1))
    scanner.look(), scanner.look()
    assert documents() == []
    assert "1 MB limit" in (scanner.root / "failed" / "huge.pdf.reason.txt").read_text()


def test_hidden_unfinished_and_reason_files_are_left_alone(scanner):
    for name in (".hidden.pdf", "scan.pdf.part", "scan.tmp", "x.pdf.reason.txt"):
        drop(scanner, name, minimal_pdf(name))
    scanner.look(), scanner.look()
    assert documents() == []
    assert sorted(p.name for p in scanner.root.iterdir() if p.is_file()) == \
        [".hidden.pdf", "scan.pdf.part", "scan.tmp", "x.pdf.reason.txt"]


def test_a_name_already_in_processed_is_kept_and_the_new_file_gets_another_name(scanner):
    drop(scanner, "scan.pdf", minimal_pdf("one"))
    scanner.look(), scanner.look()
    drop(scanner, "scan.pdf", minimal_pdf("two"))
    scanner.look(), scanner.look()
    assert len(documents()) == 2
    assert len(list((scanner.root / "processed").glob("scan*.pdf"))) == 2


def test_a_file_a_stopped_watcher_left_half_done_is_finished_once(app, tmp_path):
    scanner = ScannerFolder(tmp_path / "scans", left_behind_seconds=0)
    # Taken, not yet ingested when the watcher stopped: ingested now.
    (scanner.root / CONSUMING / "INV-4.pdf").write_bytes(minimal_pdf("Invoice No. INV-4"))
    [done] = scanner.look()
    assert done.document_id
    # Ingested and committed, not yet moved when it stopped: moved now, not ingested twice.
    (scanner.root / CONSUMING / "INV-4.pdf").write_bytes(minimal_pdf("Invoice No. INV-4"))
    [again] = scanner.look()
    assert again.document_id == done.document_id and again.reason is None
    assert len(documents()) == 1
    assert not list((scanner.root / "failed").iterdir())


# --- a real worker process ---------------------------------------------------------------------

def test_the_worker_watches_the_folder_and_after_a_restart_picks_up_what_arrived_meanwhile(
        portal_env, workers, tmp_path):  # noqa: F811
    folder = tmp_path / "scans"
    folder.mkdir()
    env = {"PORTAL_CONSUME_DIR": str(folder), "PORTAL_CONSUME_SECONDS": "0.3"}
    worker = workers.start(PORTAL, **env)
    (folder / "INV-10.pdf").write_bytes(minimal_pdf("Invoice No. INV-10"))
    wait_until(lambda: (folder / "processed" / "INV-10.pdf").exists(), workers, "the worker took the file")
    [first] = documents()
    wait_until(lambda: fresh(first.id).status == "processed", workers, "the worker read it")

    os.killpg(worker.pid, 2)  # SIGINT: huey's graceful stop
    worker.wait(timeout=30)
    for n in (11, 12):
        (folder / f"INV-{n}.pdf").write_bytes(minimal_pdf(f"Invoice No. INV-{n}"))
    (folder / "INV-10 copy.pdf").write_bytes((folder / "processed" / "INV-10.pdf").read_bytes())
    workers.start(PORTAL, **env)
    # Taken from the folder, then ingested and moved on: none left waiting or half-done.
    wait_until(lambda: not [p for p in folder.iterdir() if p.is_file()] and not any((folder / CONSUMING).iterdir()),
               workers, "the restarted worker took all")
    assert sorted(p.name for p in (folder / "processed").iterdir()) == ["INV-10.pdf", "INV-11.pdf", "INV-12.pdf"]
    assert sorted(p.name for p in (folder / "failed").iterdir()) == ["INV-10 copy.pdf", "INV-10 copy.pdf.reason.txt"]
    ids = [d.id for d in documents()]
    assert len(ids) == 3
    wait_until(lambda: all(fresh(i).status == "processed" for i in ids), workers, "the worker read them")
    assert db.session.scalar(select(func.count()).select_from(Document).where(Document.source == "folder")) == 3
