"""Background jobs: each calls a service inside an application context, nothing else."""
from __future__ import annotations

from flask import Flask, current_app, has_app_context
from huey import crontab

from portal.extensions import db
from portal.queue import huey

_app: Flask | None = None


def _app_for_task() -> Flask:
    """The running app (tests run tasks inline), else one app per worker process."""
    global _app
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    if _app is None:
        from portal import create_app

        _app = create_app()
    return _app


@huey.task(retries=0)
def process_document_task(document_id: int) -> None:
    """Read, extract and match one uploaded document."""
    from portal.intake.processing import process_document

    with _app_for_task().app_context():
        process_document(document_id)


@huey.periodic_task(crontab(minute="*"), retries=0)
def sweep_task() -> None:
    """Every minute: documents whose worker stopped go back to the queue."""
    sweep_stuck_documents()


@huey.on_startup()
def sweep_stuck_documents() -> None:
    """Take back the documents whose worker stopped, commit, and queue them again (also run
    whenever a worker process starts, so a worker restarted after a crash picks up at once
    what a dead one held)."""
    from portal.intake.recovery import sweep
    from portal.intake.services import queue_processing

    with _app_for_task().app_context():
        documents = sweep()
        db.session.commit()
        queue_processing(documents)
