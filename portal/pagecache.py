"""Pages kept as drawn until the data under them changes.

The busiest pages (the document list, a document, the approver's inbox) are read far more
often than anything they show changes. A view marked `@kept_until_changed` is drawn once and
its answer kept (`portal.pagestore`: in files, for all the machine's web processes) for the
same user, session, language, day and address (query string and htmx's headers included), for
as long as the count of changes (`portal.models.changes`, moved by every transaction that
writes, in the web processes, the worker and the CLI alike: `portal.changes`) stays where it
was, and at most `PAGE_CACHE_SECONDS`, or less when the page says when what it shows of the
clock changes (`keep_no_later_than`: a document being read counts as stuck once its lease runs
out). One query answers whether the kept page still holds. A page about one document
(`@kept_until_document_changed`) waits on less: on that document's own count, the count of
shared changes (anything that is no document's own: orders, receipts, suppliers, users) and
what every page shows (`shown_on_every_page`: the inbox badge); the other documents come and
go beside it.

Nothing is kept that is not the same for the next request: only a signed-in user's GET, only
an answer of 200 in HTML, not when the session changed while drawing it (a first CSRF token)
or holds a message to show once (a flash), and never the cookies. The role check runs before
the kept page is looked up (the decorator sits under `roles_required`), and a change of role
or a sign-out is itself a change. The session's CSRF secret is part of the key, so a form on a
kept page posts as the session that asks for it. Kept pages are bounded in bytes
(`PAGE_CACHE_MB`); the least recently read go first.
"""
from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Hashable
from datetime import date, datetime
from functools import wraps
from pathlib import Path

from flask import Flask, Response, current_app, g, request, session
from flask_babel import get_locale
from flask_login import current_user
from sqlalchemy import bindparam, select

from portal.extensions import db
from portal.models import ChangeCounter, Document
from portal.models.changes import ALL_CHANGES, SHARED_CHANGES
from portal.models.clock import utcnow
from portal.pagestore import KeptPage, PageStore

# What of a view's answer is kept besides its body; the rest (cookies, the security headers
# added after every view) is made afresh.
_KEPT_HEADERS = ("Vary", "HX-Refresh", "HX-Trigger", "HX-Redirect", "HX-Push-Url", "HX-Reswap", "HX-Retarget")
DRAWING_LOCKS = 64  # pages of different keys drawn at once; one key's, one at a time


class PageCache:
    """This process's way to the kept pages (`portal.pagestore`, shared by the machine's
    processes), its locks for drawing them, and what every page shows for each user."""

    def __init__(self, store: PageStore):
        self.store, self.seconds = store, store.seconds
        self._drawing = [threading.Lock() for _ in range(DRAWING_LOCKS)]
        self._shown: dict[tuple, tuple[tuple, Hashable]] = {}  # (user, part) -> (what it stood on, value)

    def drawing(self, key: tuple) -> threading.Lock:
        """The lock a thread holds while it draws the page for `key`: the process's other
        threads asking for it meanwhile wait and take the page drawn, rather than each drawing
        it again the moment the data changed."""
        return self._drawing[hash(key) % DRAWING_LOCKS]

    def shown(self, user_id: str, part: Callable[[], Hashable], stands_on: tuple) -> Hashable:
        """What `part` of every page shows this user, worked out again only when what it stands on
        (the count of all changes, the day) moved: one value per user and part."""
        stood_on, value = self._shown.get((user_id, part), ((), None))
        if stood_on != stands_on:
            value = part()
            self._shown[(user_id, part)] = (stands_on, value)
        return value


def init_app(app: Flask) -> None:
    store = PageStore(Path(app.config["INSTANCE"]) / "pages", app.config.get("PAGE_CACHE_SECONDS", 60),
                      app.config.get("PAGE_CACHE_MB", 64) * 1024 * 1024)
    app.extensions["pagecache"] = PageCache(store)


_COUNTERS = ChangeCounter.__table__.c
_CHANGES = select(_COUNTERS.changes).where(_COUNTERS.id == ALL_CHANGES)
_DOCUMENT_CHANGES = select(*(select(_COUNTERS.changes).where(_COUNTERS.id == counter).scalar_subquery()
                             for counter in (ALL_CHANGES, SHARED_CHANGES)),
                           Document.__table__.c.changes).where(Document.__table__.c.id == bindparam("document_id"))
_SHOWN_ON_EVERY_PAGE: list[Callable[[], Hashable]] = []


_STANDS_ON = "portal.stands_on"  # the count of all changes and the day, as this request read them


def shown_on_every_page(part: Callable[[], Hashable]) -> Callable[[], Hashable]:
    """Mark a function giving what the layout shows on every page beyond the page's own data
    (the inbox badge): a page kept until only its own data changes is kept by its value too.
    In a request that read the count of all changes, its value is worked out again only once
    that count moved (or the day changed), for the page's key and the page alike."""

    @wraps(part)
    def remembered() -> Hashable:
        stands_on = g.get(_STANDS_ON)
        if stands_on is None:
            return part()
        return current_app.extensions["pagecache"].shown(current_user.get_id(), part, stands_on)

    _SHOWN_ON_EVERY_PAGE.append(remembered)
    return remembered


def changes() -> int | None:
    """The count of all changes, read in the request's transaction (a Core statement: no ORM work)."""
    count = db.session.connection().execute(_CHANGES).scalar()
    setattr(g, _STANDS_ON, (count, date.today()))
    return count


def document_changes(document_id: int) -> tuple | None:
    """The counts a page about one document stands on: shared changes, the document's own
    changes, and what every page shows (worked out again only once anything changed); None for
    a document that does not exist."""
    counts = db.session.connection().execute(_DOCUMENT_CHANGES, {"document_id": document_id}).first()
    if counts is None:
        return None
    all_changes, shared, own = counts
    setattr(g, _STANDS_ON, (all_changes, date.today()))
    return shared, own, *(part() for part in _SHOWN_ON_EVERY_PAGE)


_CLOCK_HOLDS = "portal.clock_holds"


def keep_no_later_than(moment: datetime | None) -> None:
    """Say, while drawing a page, when what it shows of the clock changes (a document being read
    counts as stuck once its lease runs out): the page is kept no later. None: never."""
    if moment is not None:
        holds = max((moment - utcnow()).total_seconds(), 0)
        setattr(g, _CLOCK_HOLDS, min(g.get(_CLOCK_HOLDS, math.inf), holds))


def kept_until_changed(view: Callable) -> Callable:
    """Answer with the page kept for this request while no data has changed (above)."""
    return _kept(view, lambda **_: changes())


def kept_until_document_changed(view: Callable) -> Callable:
    """Answer with the page kept for this request while neither the document (the view's
    `document_id`) nor anything shared has changed, nor what every page shows (above)."""
    return _kept(view, lambda document_id, **_: document_changes(document_id))


def _kept(view: Callable, counts: Callable[..., Hashable]) -> Callable:

    @wraps(view)
    def wrapped(*args, **kwargs):
        cache: PageCache | None = current_app.extensions.get("pagecache")
        if not cache or not cache.seconds or not _keepable_request():
            return view(*args, **kwargs)
        key = (_request_key(), date.today(), counts(**kwargs))
        if kept := cache.store.get(key):
            return _answer(kept)
        with cache.drawing(key):
            if kept := cache.store.get(key):
                return _answer(kept)
            response = current_app.make_response(view(*args, **kwargs))
            if _keepable_response(response):
                holds = min(cache.seconds, g.pop(_CLOCK_HOLDS, math.inf))
                cache.store.put(key, KeptPage(
                    response.get_data(), response.status_code,
                    tuple((name, value) for name, value in response.headers if name in _KEPT_HEADERS),
                    response.mimetype, time.time() + holds))
        return response

    return wrapped


def _answer(kept: KeptPage) -> Response:
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
