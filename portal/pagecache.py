"""Pages kept as drawn until the data under them changes.

The busiest pages (the document list, a document, the approver's inbox) are read far more
often than anything they show changes. A view marked `@kept_until_changed` is drawn once and
its answer kept, in this web process, for the same user, session, language and address
(query string and htmx's headers included), for as long as the count of changes
(`ChangeCounter`, moved by every transaction that writes, in the web processes, the worker and
the CLI alike: `portal.database`) stays where it was, and at most `PAGE_CACHE_SECONDS`
(what a page shows of the clock: "overdue", a lease run out). One query answers whether the
kept page still holds.

Nothing is kept that is not the same for the next request: only a signed-in user's GET, only
an answer of 200 in HTML, not when the session changed while drawing it (a first CSRF token)
or holds a message to show once (a flash), and never the cookies. The role check runs before
the kept page is looked up (the decorator sits under `roles_required`), and a change of role
or a sign-out is itself a change. The session's CSRF secret is part of the key, so a form on a
kept page posts as the session that asks for it. Kept pages are bounded in bytes
(`PAGE_CACHE_MB`); the oldest go first.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import Flask, Response, current_app, request, session
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.models import ChangeCounter
from portal.models.changes import COUNTER_ID

# What of a view's answer is kept besides its body; the rest (cookies, the security headers
# added after every view) is made afresh.
DRAWING_LOCKS = 64  # pages of different keys drawn at once; one key's, one at a time
_KEPT_HEADERS = ("Vary", "HX-Refresh", "HX-Trigger", "HX-Redirect", "HX-Push-Url", "HX-Reswap", "HX-Retarget")


@dataclass(frozen=True)
class _Kept:
    body: bytes
    status: int
    headers: tuple[tuple[str, str], ...]
    mimetype: str
    at: float


class PageCache:
    """Kept answers by key, the least recently used dropped first once over `limit_bytes`."""

    def __init__(self, seconds: float, limit_bytes: int):
        self.seconds, self.limit_bytes = seconds, limit_bytes
        self._kept: OrderedDict[tuple, _Kept] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._drawing = [threading.Lock() for _ in range(DRAWING_LOCKS)]

    def drawing(self, key: tuple) -> threading.Lock:
        """The lock a thread holds while it draws the page for `key`: the process's other
        threads asking for it meanwhile wait and take the page drawn, rather than each drawing
        it again the moment the data changed."""
        return self._drawing[hash(key) % DRAWING_LOCKS]

    def get(self, key: tuple) -> _Kept | None:
        with self._lock:
            kept = self._kept.get(key)
            if kept is None:
                return None
            if time.monotonic() - kept.at > self.seconds:
                self._drop(key)
                return None
            self._kept.move_to_end(key)
            return kept

    def put(self, key: tuple, kept: _Kept) -> None:
        if len(kept.body) > self.limit_bytes // 4:
            return
        with self._lock:
            if key in self._kept:
                self._drop(key)
            self._kept[key] = kept
            self._bytes += len(kept.body)
            while self._bytes > self.limit_bytes:
                self._drop(next(iter(self._kept)))

    def _drop(self, key: tuple) -> None:
        self._bytes -= len(self._kept.pop(key).body)


def init_app(app: Flask) -> None:
    seconds = app.config.get("PAGE_CACHE_SECONDS", 10)
    app.extensions["pagecache"] = PageCache(seconds, app.config.get("PAGE_CACHE_MB", 64) * 1024 * 1024)


def count_change(session: Session) -> None:
    """Move the count of changes, inside the transaction that writes (`portal.database`)."""
    moved = session.execute(update(ChangeCounter).where(ChangeCounter.id == COUNTER_ID)
                            .values(changes=ChangeCounter.changes + 1)).rowcount
    if not moved:  # a database emptied by hand: the count starts again
        session.execute(insert(ChangeCounter).values(id=COUNTER_ID, changes=1))


_CHANGES = select(ChangeCounter.__table__.c.changes).where(ChangeCounter.__table__.c.id == COUNTER_ID)


def changes() -> int | None:
    """The count of changes, read in the request's transaction (a Core statement: no ORM work)."""
    return db.session.connection().execute(_CHANGES).scalar()


def kept_until_changed(view: Callable) -> Callable:
    """Answer with the page kept for this request while the data has not changed (above)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        cache: PageCache | None = current_app.extensions.get("pagecache")
        if not cache or not cache.seconds or not _keepable_request():
            return view(*args, **kwargs)
        key = (_request_key(), changes())
        if kept := cache.get(key):
            return _answer(kept)
        with cache.drawing(key):
            if kept := cache.get(key):
                return _answer(kept)
            response = current_app.make_response(view(*args, **kwargs))
            if _keepable_response(response):
                cache.put(key, _Kept(response.get_data(), response.status_code,
                                     tuple((name, value) for name, value in response.headers if name in _KEPT_HEADERS),
                                     response.mimetype, time.monotonic()))
        return response

    return wrapped


def _answer(kept: _Kept) -> Response:
    response = Response(kept.body, status=kept.status, mimetype=kept.mimetype)
    response.headers.extend(kept.headers)
    return response


def _keepable_request() -> bool:
    return (request.method == "GET" and current_user.is_authenticated and "_flashes" not in session
            and "csrf_token" in session)


def _request_key() -> tuple:
    hx_headers = tuple(sorted((name, value) for name, value in request.headers if name.lower().startswith("hx-")))
    return (current_user.get_id(), session["csrf_token"], str(get_locale()), request.host, request.full_path,
            hx_headers)


def _keepable_response(response: Response) -> bool:
    return (response.status_code == 200 and response.mimetype == "text/html" and not response.direct_passthrough
            and not session.modified and "_flashes" not in session)
