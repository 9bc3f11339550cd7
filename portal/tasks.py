"""Background jobs: each calls a service inside an application context, nothing else."""
from __future__ import annotations

from flask import Flask, current_app, has_app_context

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
