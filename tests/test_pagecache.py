"""Pages kept as drawn until the data changes: what anyone changes shows at once, each user and
session gets its own page, a message shown once is shown once, and kept pages are bounded."""
from __future__ import annotations

import re
import time

import pytest

from portal.extensions import db
from portal.models import Document, Role, Status
from portal.pagestore import KeptPage, PageStore
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


def kept(size: int, until: float | None = None) -> KeptPage:
    return KeptPage(b"x" * size, 200, (), "text/html", time.time() + 60 if until is None else until)


def test_kept_pages_are_bounded_in_bytes_the_least_recently_read_going_first(tmp_path, monkeypatch):
    import portal.pagestore as pagestore

    now = [1000.0]

    def tick() -> float:
        now[0] += 1
        return now[0]

    monkeypatch.setattr(pagestore.time, "time", tick)
    store = PageStore(tmp_path, seconds=600, limit_bytes=2000)
    for name in "ab":
        store.put((name,), kept(200, until=5000))
    store.get(("a",))  # read again: "b" is now the least recently read
    for name in "cdef":
        store.put((name,), kept(200, until=5000))
    assert store.get(("b",)) is None and store.get(("a",)) is not None
    assert sum(path.stat().st_size for path in tmp_path.iterdir()) <= 2000
    store.put(("huge",), kept(600))  # more than a quarter of the whole: not kept
    assert store.get(("huge",)) is None


def test_a_page_is_kept_no_longer_than_it_holds(tmp_path, monkeypatch):
    import portal.pagestore as pagestore

    now = [100.0]
    monkeypatch.setattr(pagestore.time, "time", lambda: now[0])
    store = PageStore(tmp_path, seconds=10, limit_bytes=1000)
    store.put(("a",), kept(10, until=110.0))
    now[0] = 109.0
    assert store.get(("a",)) is not None
    now[0] = 111.0
    assert store.get(("a",)) is None


def test_the_web_processes_share_the_pages_they_draw(app, clerk, client, monkeypatch):
    import portal.documents.views as views
    from portal.pagecache import PageCache

    processed_document(invoice_fields(document_number="INV-K1"), user=clerk)
    client.get("/")  # the session's CSRF secret
    assert numbers(client.get("/").get_data(as_text=True)) == ["INV-K1"]
    # another process: its own locks and memory, the same folder of pages
    monkeypatch.setitem(app.extensions, "pagecache", PageCache(app.extensions["pagecache"].store))
    monkeypatch.setattr(views, "document_list", lambda *args, **kwargs: pytest.fail("drawn again"))
    assert numbers(client.get("/").get_data(as_text=True)) == ["INV-K1"]


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


# --- a document's page waits only on its own document and what is shared -------------------------


def test_a_document_s_page_is_not_drawn_again_when_another_document_changes(clerk, client):
    document = processed_document(invoice_fields(document_number="INV-K1"), user=clerk)
    page = f"/documents/{document.id}"
    client.get(page)
    drawn = statements_for(client, page)
    processed_document(invoice_fields(document_number="INV-K2"), user=clerk)  # another, read by the worker
    assert statements_for(client, page) <= 2 < drawn
    assert numbers(client.get("/").get_data(as_text=True)) == ["INV-K2", "INV-K1"]  # the list: drawn again


def test_what_a_document_s_page_stands_on_shows_on_it_at_once(clerk, client):
    from sqlalchemy import update

    from portal.models import MatchException, Supplier

    document = processed_document(invoice_fields(document_number="INV-K1"), user=clerk)
    page = f"/documents/{document.id}"
    assert "Bolts" in client.get(page).get_data(as_text=True)
    document.lines[0].description = "Hex bolts M8"  # its own line
    db.session.commit()
    assert "Hex bolts M8" in client.get(page).get_data(as_text=True)
    # a row of the document's held by another of its rows, with no document_id of its own
    document.match.exceptions.append(MatchException(code="never-heard-of", detail="x"))
    db.session.commit()
    assert "never-heard-of" in client.get(page).get_data(as_text=True)
    document.supplier.name = "Acme Fasteners Co."  # shared: the supplier it names
    db.session.commit()
    assert "Acme Fasteners Co." in client.get(page).get_data(as_text=True)
    # a statement that does not say whose rows it writes counts as shared
    db.session.execute(update(Supplier).where(Supplier.id == document.supplier_id).values(name="Acme Holdings"))
    db.session.commit()
    assert "Acme Holdings" in client.get(page).get_data(as_text=True)


def test_a_kept_document_page_shows_the_inbox_badge_as_it_is_now(app, clerk, make_user):
    from portal.matching import overrides
    from portal.review import services as review

    approver = make_user("approver")
    browser = app.test_client()
    Auth(browser).login(approver.email)
    first = processed_document(invoice_fields(document_number="INV-K1"), user=clerk)
    page = f"/documents/{first.id}"

    def badge() -> str:
        return re.search(r'class="inbox-link">.*?</a>', browser.get(page).get_data(as_text=True), re.S).group(0)

    before = badge()
    assert badge() == before  # kept
    second = processed_document(invoice_fields(document_number="INV-K2"), user=clerk)
    for exception in overrides.open_exceptions(second):  # billed twice: the clerk knows
        overrides.override_exception(second, exception.code, "a second delivery", clerk)
    review.submit(second, clerk)
    db.session.commit()  # another document now waits for the approver
    assert badge() != before and ">1<" in badge().replace(" ", "")


def test_a_page_showing_a_document_being_read_shows_it_stopped_once_its_lease_runs_out(clerk, client):
    from datetime import timedelta

    from portal.models.clock import utcnow

    document = processed_document(invoice_fields(document_number="INV-K1"), user=clerk)
    document.status, document.lease_holder = Status.PROCESSING, "a worker"
    lease = document.lease_expires_at = utcnow() + timedelta(seconds=3)  # (room for a slow machine's requests)
    db.session.commit()
    for page in (f"/documents/{document.id}", "/"):
        assert "status-stuck" not in client.get(page).get_data(as_text=True)
    # Nothing changes in the database; the worker just stops renewing.
    time.sleep(max((lease - utcnow()).total_seconds(), 0) + 0.2)
    for page in (f"/documents/{document.id}", "/"):
        assert "status-stuck" in client.get(page).get_data(as_text=True), page
