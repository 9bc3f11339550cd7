"""The database: the request as the unit of work, and creating and migrating it with Alembic.

Services flush and never commit. A web request commits once, after its view answered with a
status below 400; an error (a 4xx or 5xx answer, or an exception) rolls back everything the
request wrote. Only the worker's task, the CLI commands and the demo loader commit for
themselves. Work that must see the request's writes committed (queueing a document for the
worker) waits for the commit with `after_commit`.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from flask import Flask, Response, g, has_request_context
from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from portal import changes
from portal.extensions import db

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _alembic(connection) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade() -> None:
    """Create the database or bring it to the newest schema (inside an app context)."""
    with db.engine.begin() as connection:
        command.upgrade(_alembic(connection), "head")


def new_revision(message: str) -> None:
    """Write a migration for the difference between the models and the database (developers)."""
    with db.engine.begin() as connection:
        command.revision(_alembic(connection), message=message, autogenerate=True)


def init_app(app: Flask) -> None:
    """Make every request one unit of work. Registered before the blueprints' hooks, so that
    the commit comes after every other `after_request` function (Flask runs them in reverse)."""
    app.before_request(_begin_unit_of_work)
    app.after_request(_end_unit_of_work)
    app.teardown_request(_rollback_unfinished)
    for name, listener in (("after_flush", _wrote), ("do_orm_execute", _executed),
                           ("before_commit", _committing), ("after_transaction_end", _transaction_ended)):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)


def after_commit(callback: Callable[[], None]) -> None:
    """Run `callback` once the request's writes are committed; at once outside a request's
    unit of work (the worker and the CLI commit before they call it)."""
    waiting = g.get("_after_commit") if has_request_context() else None
    if waiting is None:
        callback()
    else:
        waiting.append(callback)


def _begin_unit_of_work() -> None:
    g._after_commit = []


def _end_unit_of_work(response: Response) -> Response:
    """Commit what a successful request wrote, else roll it back. A request that wrote nothing
    ends neither way (its transaction ends with the app context), so reading pages costs no
    commit. A failed commit raises: the client is answered with an error, not with the
    success the view rendered."""
    session = db.session()
    if session.info.get(_WROTE) or session.new or session.dirty or session.deleted:
        if response.status_code >= 400:
            session.rollback()
            return response
        session.commit()
    if response.status_code < 400:
        for callback in g.pop("_after_commit", ()):
            callback()
    return response


def _rollback_unfinished(exc: BaseException | None) -> None:
    if exc is not None:
        db.session.rollback()


# Whether the session's transaction has written anything: flushed objects, or an UPDATE,
# DELETE or INSERT (or any statement not a SELECT) executed through it.
_WROTE = "portal.wrote"


def _wrote(session: Session, _flush_context: object) -> None:
    session.info[_WROTE] = True
    changes.note_flushed(session)


def _executed(state: ORMExecuteState) -> None:
    if not state.is_select:
        state.session.info[_WROTE] = True
        changes.note_statement(state)


def _committing(session: Session) -> None:
    """A transaction that wrote counts its change as it commits: the pages kept from before it
    are drawn again (`portal.pagecache`). What waits to be flushed is flushed first, so that
    its rows are counted too."""
    if session.new or session.dirty or session.deleted:
        session.flush()
    if session.info.get(_WROTE):
        changes.count_change(session)


def _transaction_ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(_WROTE, None)
        changes.forget_written(session)
