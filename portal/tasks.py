"""Background jobs: each calls a service inside an application context, nothing else."""
from __future__ import annotations

import logging

from flask import Flask, current_app, has_app_context
from huey import crontab

from portal.extensions import db
from portal.queue import huey

_app: Flask | None = None
logger = logging.getLogger(__name__)


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


# --- telling the outside (portal.events): webhooks and e-mail -------------------------------------


@huey.task(retries=0)
def happening_task(name: str, document_id: int, user_id: int | None) -> None:
    """Something happened to a document: deliver it to the webhooks that asked, mail whom it concerns."""
    from portal.notifications.services import notify
    from portal.webhooks.services import deliveries_for

    with _app_for_task().app_context():
        deliveries = deliveries_for(name, document_id)
        db.session.commit()
        for delivery_id in deliveries:
            deliver_webhook_task(delivery_id)
        notify(name, document_id, user_id)
        db.session.commit()


@huey.task(retries=0)
def happenings_task(happenings: list[tuple[str, int, int | None]]) -> None:
    """What one transaction made happen, in one job: a statement settling 500 invoices is one
    entry in the queue, not 500 (each entry is a commit of the queue's database)."""
    for name, document_id, user_id in happenings:
        try:
            happening_task.call_local(name, document_id, user_id)
        except Exception:  # one failing leaves the others to be told, as separate jobs would
            logger.exception("telling %s of document %s failed", name, document_id)


@huey.task(retries=0)
def deliver_webhook_task(delivery_id: int) -> None:
    """Send one delivery; a failure is tried again later, waiting longer each time."""
    from portal.webhooks.services import attempt

    with _app_for_task().app_context():
        retry_in = attempt(delivery_id)
        db.session.commit()
    if retry_in is not None:
        deliver_webhook_task.schedule((delivery_id,), delay=retry_in)


@huey.task(retries=0)
def waiting_digest_task(user_id: int) -> None:
    """Mail one approver what waits for them, unless they had their e-mail today."""
    from portal.notifications.services import send_waiting_digest

    with _app_for_task().app_context():
        send_waiting_digest(user_id)
        db.session.commit()


@huey.periodic_task(crontab(minute="0"), retries=0)
def daily_digest_task() -> None:
    """Every hour, at PORTAL_DIGEST_HOUR: each approver with steps waiting gets their one digest of the day."""
    from portal.notifications.services import daily_digests

    with _app_for_task().app_context():
        daily_digests()
        db.session.commit()
