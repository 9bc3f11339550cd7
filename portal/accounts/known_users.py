"""The signed-in users as this web process last read them, so that a request does not load its
user from the database while nothing shared has changed.

A user's row is shared data: any change to it (a role, deactivation, a new password, a sign-out
everywhere, a language) moves the count of shared changes (`portal.changes`). A request reads
that count (one Core statement, no ORM work) and takes the user this process kept at the same
count; only when the count moved is the user read again. Each request gets its own copy, in
its own database session (`merge` without a load), so no two requests share an object.
"""
from __future__ import annotations

import threading

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.orm import make_transient_to_detached

from portal.extensions import db
from portal.models import ChangeCounter, User
from portal.models.changes import SHARED_CHANGES

_COUNTERS = ChangeCounter.__table__.c
_SHARED_CHANGES = select(_COUNTERS.changes).where(_COUNTERS.id == SHARED_CHANGES)


class KnownUsers:
    """Each user this process loaded, a detached copy of the row, with the count of shared
    changes read before loading it. One entry per user: bounded by the users there are."""

    def __init__(self) -> None:
        self._users: dict[int, tuple[int | None, User]] = {}
        self._lock = threading.Lock()

    def get(self, user_id: int) -> User | None:
        """The user, in this request's database session; None if there is none."""
        shared = db.session.connection().execute(_SHARED_CHANGES).scalar()
        known = self._users.get(user_id)
        if known is not None and known[0] == shared and shared is not None:
            return db.session.merge(known[1], load=False)
        user = db.session.get(User, user_id)
        with self._lock:
            if user is None:
                self._users.pop(user_id, None)
            else:
                self._users[user_id] = (shared, _detached_copy(user))
        return user


def _detached_copy(user: User) -> User:
    copy = User(**{column.key: getattr(user, column.key) for column in User.__mapper__.column_attrs})
    make_transient_to_detached(copy)
    return copy


def init_app(app: Flask) -> None:
    app.extensions["known_users"] = KnownUsers()


def known_user(user_id: int) -> User | None:
    return current_app.extensions["known_users"].get(user_id)
