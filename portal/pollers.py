"""Loops that look for work arriving from outside (the scanner's folder, the mailbox) every few
seconds, each in a thread of the worker's main process with an app of its own.

`portal worker` starts them when PORTAL_CONSUME_DIR or PORTAL_IMAP_URL is set; `portal watch
DIR` runs the folder's in the foreground. One failed look is logged and the next one tries
again: a database or a mail server that is away for a while stops nothing.
"""
from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable

from flask import Flask
from huey.consumer import Consumer

from portal.extensions import db

log = logging.getLogger(__name__)


class Poller(threading.Thread):
    """Calls `look()` inside an app context every `interval` seconds until stopped."""

    def __init__(self, app: Flask, name: str, look: Callable[[], object], interval: float) -> None:
        super().__init__(name=name, daemon=True)
        self.app, self.look, self.interval = app, look, interval
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            self.look_once()
            self.stopping.wait(self.interval)

    def look_once(self) -> None:
        with self.app.app_context():
            try:
                self.look()
            except Exception:  # noqa: BLE001  the next look tries again
                log.exception("%s: a look failed", self.name)
                db.session.rollback()
            finally:
                db.session.remove()

    def stop(self) -> None:
        self.stopping.set()


def folder_poller(app: Flask, folder: str) -> Poller:
    from pathlib import Path

    from portal.intake.folder import ScannerFolder

    with app.app_context():
        watched = ScannerFolder(Path(folder))
    return Poller(app, "scanner-folder", watched.look, app.config["CONSUME_SECONDS"])


def mailbox_poller(app: Flask, url: str) -> Poller:
    from portal.intake.mailbox import Mailbox

    mailbox = Mailbox(url)
    return Poller(app, "mailbox", mailbox.look, app.config["IMAP_SECONDS"])


def configured_pollers() -> list[Poller]:
    """The pollers the environment asks for, on an app of their own (none: no app is built)."""
    if not (os.environ.get("PORTAL_CONSUME_DIR") or os.environ.get("PORTAL_IMAP_URL")):
        return []
    from portal import create_app

    app = create_app()
    # Worker processes forked later must not use this app's pooled connections.
    os.register_at_fork(after_in_child=lambda: _forget_connections(app))
    pollers = []
    if app.config["CONSUME_DIR"]:
        pollers.append(folder_poller(app, app.config["CONSUME_DIR"]))
    if app.config["IMAP_URL"]:
        pollers.append(mailbox_poller(app, app.config["IMAP_URL"]))
    return pollers


def _forget_connections(app: Flask) -> None:
    with app.app_context():
        db.engine.dispose(close=False)


class WorkerWithPollers(Consumer):
    """Huey's consumer, with the configured pollers started once its worker processes are."""

    def start(self) -> None:
        super().start()
        self.pollers = configured_pollers()
        for poller in self.pollers:
            log.info("watching: %s", poller.name)
            poller.start()

    def stop(self, graceful: bool = False) -> None:
        for poller in getattr(self, "pollers", []):
            poller.stop()
        super().stop(graceful=graceful)
