"""Pages kept as drawn until the data changes: what anyone changes shows at once, each user and
session gets its own page, a message shown once is shown once, and kept pages are bounded."""
from __future__ import annotations

import re
import time

import pytest

from portal.extensions import db
from portal.models import Document, Role, Status
from portal.pagecache import PageCache, _Kept
from tests.conftest import Auth
from tests.workflow import import_world, invoice_fields, processed_document, statements_for


@pytest.fixture
def clerk(app, signed_in):
    import_world()
    return signed_in("clerk")


def numbers(html: str) -> list[str]:
    return re.findall(r"INV-K\d+", html)


def test_a_page_read_again_while_nothing_changed_is_not_drawn_again(clerk, client):
    processed_document(invoice_fields(document_number="INV-K1"), user=clerk)
    client.get("/")  # the first page after signing in gives the session its CSRF secret
    drawn = statements_for(client, "/")
    assert statements_for(client, "/") <= 2 < drawn  # who is signed in, whether anything changed: nothing did


def test_what_another_process_writes_shows_on_the_next_read(clerk, client):
    processed_document(invoice_fields(document_number="INV-K1"), user=clerk)
    assert numbers(client.get("/").get_data(as_text=True)) == ["INV-K1"]
    # the worker's way: its own commit, no request of this client's in between
    processed_document(invoice_fields(document_number="INV-K2"), user=clerk)
    assert numbers(client.get("/").get_data(as_text=True)) == ["INV-K2", "INV-K1"]
    document = db.session.get(Document, 1) or db.session.query(Document).first()
    document.status = Status.FAILED
    db.session.commit()
    assert "failed" in client.get(f"/documents/{document.id}").get_data(as_text=True).lower()


def test_a_change_made_through_a_page_shows_on_the_page_kept_before_it(clerk, client, auth):
    document = processed_document(invoice_fields(document_number="INV-K1"), user=clerk)
    document.status = Status.FAILED
    db.session.commit()
    before = client.get(f"/documents/{document.id}").get_data(as_text=True)
    token = auth.csrf_token(f"/documents/{document.id}")
    assert client.post(f"/documents/{document.id}/retry", data={"csrf_token": token}).status_code == 303
    after = client.get(f"/documents/{document.id}").get_data(as_text=True)
    assert after != before
    assert "The document was queued again." in after  # the message, shown once
    assert "The document was queued again." not in client.get(f"/documents/{document.id}").get_data(as_text=True)


def test_each_user_and_each_session_gets_a_page_of_its_own(app, clerk, client, make_user):
    processed_document(invoice_fields(document_number="INV-K1"), user=clerk)
    assert client.get("/").status_code == 200
    approver = make_user("approver")
    other = app.test_client()
    assert Auth(other).login(approver.email).status_code == 303
    html = other.get("/").get_data(as_text=True)
    assert "Inbox" in html and "Upload" not in html  # the approver's page, not the clerk's kept one
    # the same clerk in a second browser: the forms on its page carry its own session's token
    second = app.test_client()
    Auth(second).login(clerk.email)
    document = db.session.query(Document).first()
    document.status = Status.FAILED
    db.session.commit()
    client.get(f"/documents/{document.id}")
    token = Auth(second).csrf_token(f"/documents/{document.id}")
    assert second.post(f"/documents/{document.id}/retry", data={"csrf_token": token}).status_code == 303


def test_a_role_taken_away_is_refused_at_once(app, clerk, client, make_user):
    approver = make_user("approver")
    browser = app.test_client()
    Auth(browser).login(approver.email)
    assert browser.get("/approvals/").status_code == 200
    assert browser.get("/approvals/").status_code == 200  # kept
    approver.role = Role.CLERK
    db.session.commit()
    assert browser.get("/approvals/").status_code in (302, 403)


def kept(size: int, at: float | None = None) -> _Kept:
    return _Kept(b"x" * size, 200, (), "text/html", time.monotonic() if at is None else at)


def test_kept_pages_are_bounded_in_bytes_the_least_recently_read_going_first():
    cache = PageCache(seconds=60, limit_bytes=1000)
    cache.put(("a",), kept(200))
    cache.put(("b",), kept(200))
    cache.get(("a",))
    for name in "cdef":
        cache.put((name,), kept(200))
    assert cache.get(("b",)) is None and cache.get(("a",)) is not None
    assert sum(len(cache.get((k,)).body) for k in "acdef" if cache.get((k,))) <= 1000
    cache.put(("huge",), kept(800))  # more than a quarter of the whole: not kept
    assert cache.get(("huge",)) is None


def test_a_page_is_kept_no_longer_than_the_seconds_set(monkeypatch):
    import portal.pagecache as pagecache

    now = [100.0]
    monkeypatch.setattr(pagecache.time, "monotonic", lambda: now[0])
    cache = PageCache(seconds=10, limit_bytes=1000)
    cache.put(("a",), kept(10, at=100.0))
    now[0] = 109.0
    assert cache.get(("a",)) is not None
    now[0] = 111.0
    assert cache.get(("a",)) is None


def test_many_asking_at_once_after_a_change_have_the_page_drawn_once(app, clerk, client, monkeypatch):
    import threading

    import portal.documents.views as views

    processed_document(invoice_fields(document_number="INV-K1"), user=clerk)
    client.get("/")  # the session's CSRF secret
    cookie = client.get_cookie("session").value
    drawn, real = [], views.document_list

    def slow_list(*args, **kwargs):
        drawn.append(1)
        time.sleep(0.3)
        return real(*args, **kwargs)

    monkeypatch.setattr(views, "document_list", slow_list)
    answers = []

    def ask():
        browser = app.test_client()
        browser.set_cookie("session", cookie)
        answers.append(numbers(browser.get("/").get_data(as_text=True)))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [["INV-K1"]] * 4 and len(drawn) == 1
