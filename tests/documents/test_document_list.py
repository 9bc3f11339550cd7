"""The document list: a page at a time on the server, sorted and filtered from the query string,
each row with its dates and the state people left it in, polling only while its page is read."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from portal.approvals import services as approvals
from portal.extensions import db
from portal.intake.services import accept_upload
from portal.matching import overrides
from portal.review import services as review
from tests.helpers import minimal_pdf
from tests.workflow import forget_known_users, import_world, invoice_fields, processed_document, statements_for

HTMX = {"HX-Request": "true"}


@pytest.fixture
def clerk(app, signed_in):
    """A signed-in clerk, with pages of three rows and the master data invoices match against."""
    app.config["PAGE_SIZE"] = 3
    import_world()
    return signed_in("clerk")


def read(clerk, count: int, **fields) -> list:
    """`count` documents read and matched, oldest first, numbered INV-L1, INV-L2..."""
    return [processed_document(invoice_fields(document_number=f"INV-L{n}", **fields), user=clerk)
            for n in range(1, count + 1)]


def rows(html: str) -> list[str]:
    """The document numbers of the rows shown, in order."""
    return re.findall(r"INV-L\d+", "".join(re.findall(r'<a class="doc-row".*?</a>', html, re.S)))


def links(html: str) -> dict[str, str]:
    """The pager's previous and next addresses."""
    return {rel: href.replace("&amp;", "&") for rel, href in re.findall(r'rel="(prev|next)" href="([^"]+)"', html)}


def test_the_list_shows_a_page_at_a_time_newest_first(clerk, client):
    read(clerk, 7)
    html = client.get("/").get_data(as_text=True)
    assert rows(html) == ["INV-L7", "INV-L6", "INV-L5"]
    assert "1–3 of 7" in html and "Page 1 of 3" in html
    assert links(html) == {"next": "/?page=2"}


@pytest.mark.parametrize(("page", "shown", "where"), [
    ("2", ["INV-L4", "INV-L3", "INV-L2"], "4–6 of 7"),
    ("3", ["INV-L1"], "7–7 of 7"),     # the last page holds the one left over
    ("99", ["INV-L1"], "7–7 of 7"),    # past the end: the last page, not an error
    ("-1", ["INV-L7", "INV-L6", "INV-L5"], "1–3 of 7"),
    ("x", ["INV-L7", "INV-L6", "INV-L5"], "1–3 of 7"),
])
def test_any_page_number_answers_a_page_of_the_list(clerk, client, page, shown, where):
    read(clerk, 7)
    response = client.get(f"/?page={page}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert rows(html) == shown and where in html


def test_the_last_page_links_back_and_not_on(clerk, client):
    read(clerk, 7)
    html = client.get("/?page=3").get_data(as_text=True)
    assert links(html) == {"prev": "/?page=2"}
    assert 'aria-disabled="true">Next<' in html


def test_sort_and_filters_stay_in_the_page_links(clerk, client):
    read(clerk, 7)
    html = client.get("/?status=to_review&sort=oldest&q=inv-l&page=2").get_data(as_text=True)
    assert rows(html) == ["INV-L4", "INV-L5", "INV-L6"]
    assert links(html) == {"prev": "/?status=to_review&sort=oldest&q=inv-l",
                           "next": "/?status=to_review&sort=oldest&q=inv-l&page=3"}
    assert 'value="oldest" selected' in html and 'value="to_review" selected' in html and 'value="inv-l"' in html


@pytest.mark.parametrize(("sort", "shown"), [
    ("amount", ["INV-L3", "INV-L2", "INV-L1"]), ("oldest", ["INV-L1", "INV-L2", "INV-L3"]),
    ("due", ["INV-L1", "INV-L2", "INV-L3"]), ("nonsense", ["INV-L3", "INV-L2", "INV-L1"]),
])
def test_the_list_sorts_as_asked(clerk, client, sort, shown):
    for n, (total, due) in enumerate([("1100", "2026-11-01"), ("2200", "2026-11-02"), ("3300", "2026-11-03")], 1):
        processed_document(invoice_fields(document_number=f"INV-L{n}", total=total, due_date=due), user=clerk)
    assert rows(client.get(f"/?sort={sort}").get_data(as_text=True)) == shown


def test_the_search_finds_a_supplier_or_number_and_says_when_nothing_matches(clerk, client):
    read(clerk, 2)
    processed_document(invoice_fields(document_number="INV-L9", supplier_name="Beta Supplies K.K."), user=clerk)
    assert rows(client.get("/?q=beta").get_data(as_text=True)) == ["INV-L9"]
    assert rows(client.get("/?q=INV-L2").get_data(as_text=True)) == ["INV-L2"]
    html = client.get("/?q=%25").get_data(as_text=True)  # a % is a character, not a wildcard
    assert rows(html) == [] and "No document matches." in html


@pytest.fixture
def decided(clerk, make_user):
    """INV-L1 approved, INV-L2 sent back, INV-L3 waiting for approval, INV-L4 to review with an exception."""
    approver = make_user("approver", "approver@example.com")
    approved, sent_back, waiting = read(clerk, 3)
    processed_document(invoice_fields(document_number="INV-L4", total="23000"), user=clerk)
    for document in (approved, sent_back, waiting):
        for exception in overrides.open_exceptions(document):  # later invoices bill goods already billed
            overrides.override_exception(document, exception.code, "checked with the supplier", clerk)
        review.submit(document, clerk)
    db.session.commit()
    for document, decision in ((approved, "approve"), (sent_back, "return")):
        [step] = approvals.chain(document)
        approvals.decide(step.id, approver, decision, "Attach the delivery note.")
    db.session.commit()


@pytest.mark.parametrize(("status", "shown"), [
    ("approved", ["INV-L1"]), ("sent_back", ["INV-L2"]), ("submitted", ["INV-L3"]), ("to_review", ["INV-L4"]),
    ("failed", []), ("", ["INV-L4", "INV-L3", "INV-L2"]),
])
def test_the_list_filters_on_the_state_it_shows(decided, client, status, shown):
    assert rows(client.get(f"/?status={status}").get_data(as_text=True)) == shown


def test_each_row_says_what_became_of_the_document(decided, app, client):
    app.config["PAGE_SIZE"] = 10
    html = client.get("/").get_data(as_text=True)
    states = dict(re.findall(r'data-state="(\w+)".*?(INV-L\d)', html, re.S))
    assert states == {"to_review": "INV-L4", "submitted": "INV-L3", "sent_back": "INV-L2", "approved": "INV-L1"}
    assert ">Approved<" in html and ">Sent back<" in html and ">Waiting for approval<" in html
    badges = {re.search(r"INV-L\d", row).group(): "badge warn" in row
              for row in re.findall(r'<a class="doc-row".*?</a>', html, re.S)}
    # INV-L4's total does not add up and nobody has accepted it; the others' were overridden.
    assert badges == {"INV-L4": True, "INV-L3": False, "INV-L2": False, "INV-L1": False}


def test_each_row_shows_its_dates(clerk, client):
    read(clerk, 1)
    html = client.get("/").get_data(as_text=True)
    assert 'datetime="2026-10-01">issued 2026-10-01<' in html and 'datetime="2026-10-31">due 2026-10-31<' in html
    assert re.search(r'<time datetime="\d{4}-\d\d-\d\dT[\d:.]+">uploaded \d{4}-\d\d-\d\d \d\d:\d\d</time>', html)


def test_the_list_polls_while_a_document_on_its_page_is_read(clerk, client):
    accept_upload("waiting.pdf", minimal_pdf("Invoice No. INV-W"), clerk)
    db.session.commit()
    html = client.get("/").get_data(as_text=True)
    assert 'hx-get="/" hx-trigger="every 2s"' in html
    poll = client.get("/", headers=HTMX)
    assert poll.status_code == 200 and "waiting.pdf" in poll.get_data(as_text=True)


def test_polling_is_bounded_to_the_page_shown(clerk, client):
    accept_upload("waiting.pdf", minimal_pdf("Invoice No. INV-W"), clerk)
    db.session.commit()
    read(clerk, 3)  # newer: the document being read is on page 2 now
    first = client.get("/").get_data(as_text=True)
    assert "every 2s" not in first
    assert client.get("/", headers=HTMX).status_code == 286  # nothing on page 1 is being read: stop
    second = client.get("/?page=2", headers=HTMX)
    assert second.status_code == 200 and 'hx-get="/?page=2" hx-trigger="every 2s"' in second.get_data(as_text=True)


def test_a_whole_page_is_200_and_a_fragment_only_for_htmx(clerk, client):
    read(clerk, 1)
    page = client.get("/")
    assert page.status_code == 200 and "<html" in page.get_data(as_text=True)
    fragment = client.get("/", headers=HTMX)
    assert fragment.status_code == 286 and "<html" not in fragment.get_data(as_text=True)
    assert "HX-Request" in page.headers["Vary"] and "HX-Request" in fragment.headers["Vary"]
    restored = client.get("/", headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert "<html" in restored.get_data(as_text=True)  # going back in history needs the whole page


def queries_for(client, path: str) -> int:
    """The statements drawing the page takes (never a page kept from before: portal.pagecache),
    its user read too."""
    client.application.extensions["pagecache"].seconds = 0
    forget_known_users(client)
    return statements_for(client, path)


def test_the_list_costs_the_same_queries_whatever_it_shows(clerk, app, client):
    app.config["PAGE_SIZE"] = 25
    read(clerk, 2)
    few = queries_for(client, "/")
    for n in range(3, 13):
        processed_document(invoice_fields(document_number=f"INV-L{n}", total="23000"), user=clerk)  # an exception each
    assert queries_for(client, "/") == few


def test_the_bare_route_touches_neither_database_nor_session(app, client):
    statements = []
    event.listen(db.engine, "before_cursor_execute", lambda *_: statements.append(1))
    response = client.get("/healthz")
    assert (response.status_code, response.get_data(as_text=True)) == (200, "ok")
    assert statements == [] and "Set-Cookie" not in response.headers


# The filters behind "More filters": supplier, issue dates, totals, an exception left to resolve.
# An order of its own for each invoice, so that none bills goods another invoice billed already.
FILTER_ORDERS = ("po_number,supplier_code,order_date,currency,line_no,sku,description,quantity,unit_price,"
                 "tax_rate\n") + "".join(
    f"PO-{n},SUP-001,2026-09-01,JPY,1,A-1,Bolts,10,1000,10\nPO-{n},SUP-001,2026-09-01,JPY,2,A-2,Nuts,20,500,10\n"
    for n in (11, 12, 13)) + "".join(f"PO-{n},SUP-002,2026-09-02,JPY,1,B-1,Monitor,5,40000,10\n" for n in (21, 22))
FILTER_RECEIPTS = "po_number,line_no,quantity_received,received_date\n" + "".join(
    f"PO-{n},1,10,2026-09-10\nPO-{n},2,20,2026-09-10\n" for n in (11, 12, 13)) + "PO-21,1,5,2026-09-12\n"
# Ten bolts at 1,100 where the order says 1,000: a price variance.
DEARER = {"subtotal": "21000", "tax_total": "2100", "total": "23100",
          "tax_breakdown": [{"rate": "10", "taxable": "21000", "tax": "2100"}],
          "lines": [{"description": "Bolts", "quantity": "10", "unit_price": "1100", "amount": "11000",
                     "tax_rate": "10"},
                    {"description": "Nuts", "quantity": "20", "unit_price": "500", "amount": "10000",
                     "tax_rate": "10"}]}
MONITORS = {"supplier_name": "Beta Supplies K.K.", "subtotal": "200000", "tax_total": "20000", "total": "220000",
            "tax_breakdown": [{"rate": "10", "taxable": "200000", "tax": "20000"}],
            "lines": [{"description": "Monitor", "quantity": "5", "unit_price": "40000", "amount": "200000",
                       "tax_rate": "10"}]}


@pytest.fixture
def varied(app, signed_in):
    """Five documents, newest last: INV-L1 Acme's, issued 1 Oct, ¥22,000, clean; INV-L2 Acme's,
    10 Oct, ¥23,100, its price variance open; INV-L3 Beta's, 20 Oct, ¥220,000, clean; INV-L4 Acme's,
    5 Nov, ¥23,100, its price variance overridden; INV-L5 Beta's, 15 Nov, ¥220,000, its goods not
    received, but rejected (nothing left to resolve)."""
    from portal.models import ReviewStatus

    app.config["PAGE_SIZE"] = 10
    import_world(FILTER_RECEIPTS, orders=FILTER_ORDERS)
    clerk = signed_in("clerk")
    made = [processed_document(invoice_fields(document_number=f"INV-L{n}", po_number=po, issue_date=issued,
                                              **fields), user=clerk)
            for n, po, issued, fields in ((1, "PO-11", "2026-10-01", {}), (2, "PO-12", "2026-10-10", DEARER),
                                          (3, "PO-21", "2026-10-20", MONITORS), (4, "PO-13", "2026-11-05", DEARER),
                                          (5, "PO-22", "2026-11-15", MONITORS))]
    assert [d.match.exception_codes for d in made] == [[], ["price_variance"], [], ["price_variance"],
                                                       ["not_received"]]
    overrides.override_exception(made[3], "price_variance", "Agreed by phone", clerk)
    review.close(made[4], ReviewStatus.REJECTED, "Not ordered by us", clerk)
    db.session.commit()
    return made


@pytest.mark.parametrize(("query", "shown"), [
    # The supplier: words of its name, its code (as the type-ahead puts it in), in either width.
    ("supplier=beta", ["INV-L5", "INV-L3"]),
    ("supplier=SUP-001", ["INV-L4", "INV-L2", "INV-L1"]),
    ("supplier=%EF%BC%A1%EF%BD%83%EF%BD%8D%EF%BD%85", ["INV-L4", "INV-L2", "INV-L1"]),  # Ａｃｍｅ
    ("supplier=nobody", []),
    # The issue date, either end or both, each end included.
    ("issued_from=2026-11-01", ["INV-L5", "INV-L4"]),
    ("issued_to=2026-10-10", ["INV-L2", "INV-L1"]),
    ("issued_from=2026-10-10&issued_to=2026-10-20", ["INV-L3", "INV-L2"]),
    # The total, as people type amounts: grouped, with a yen sign, full width; each end included.
    ("min_total=23100", ["INV-L5", "INV-L4", "INV-L3", "INV-L2"]),
    ("max_total=22%2C000", ["INV-L1"]),
    ("min_total=23000&max_total=%C2%A5100%2C000", ["INV-L4", "INV-L2"]),
    ("min_total=%EF%BC%92%EF%BC%92%EF%BC%90%EF%BC%90%EF%BC%90%EF%BC%90", ["INV-L5", "INV-L3"]),  # ２２００００
    # An exception left to resolve: not one overridden, nor one on a document closed since.
    ("exceptions=open", ["INV-L2"]),
])
def test_each_filter_alone(varied, client, query, shown):
    assert rows(client.get(f"/?{query}").get_data(as_text=True)) == shown


@pytest.mark.parametrize(("query", "shown"), [
    ("supplier=acme&min_total=23000", ["INV-L4", "INV-L2"]),
    ("supplier=acme&min_total=23000&issued_to=2026-10-31", ["INV-L2"]),
    ("supplier=beta&issued_from=2026-10-01&issued_to=2026-10-31&min_total=200000&max_total=300000", ["INV-L3"]),
    ("supplier=acme&exceptions=open&status=to_review&q=INV-L2", ["INV-L2"]),
    ("supplier=beta&exceptions=open", []),
    ("status=rejected&supplier=beta&min_total=220000&max_total=220000", ["INV-L5"]),
    ("min_total=20000&max_total=30000&issued_from=2026-10-01&sort=amount", ["INV-L4", "INV-L2", "INV-L1"]),
    ("min_total=30000&max_total=20000", []),  # a range the wrong way round holds nothing
])
def test_filters_combine(varied, client, query, shown):
    assert rows(client.get(f"/?{query}").get_data(as_text=True)) == shown


@pytest.mark.parametrize("query", [
    "supplier=&issued_from=&issued_to=&min_total=&max_total=&exceptions=",  # a form sent empty
    "issued_from=31%2F10%2F2026&issued_to=someday&min_total=abc&max_total=1e5&exceptions=yes",
])
def test_filters_that_do_not_parse_show_everything(varied, client, query):
    response = client.get(f"/?{query}")
    assert response.status_code == 200
    assert rows(response.get_data(as_text=True)) == ["INV-L5", "INV-L4", "INV-L3", "INV-L2", "INV-L1"]
    assert "<details class=\"more-filters\" open>" not in response.get_data(as_text=True)  # nothing to show


def test_an_amount_beyond_any_total_narrows_the_list_and_fails_nothing(varied, client):
    huge = "9" * 40
    assert rows(client.get(f"/?min_total={huge}").get_data(as_text=True)) == []
    assert len(rows(client.get(f"/?max_total={huge}&min_total=-{huge}").get_data(as_text=True))) == 5


def test_the_filters_are_in_the_form_and_stay_in_the_page_links(varied, app, client):
    app.config["PAGE_SIZE"] = 1
    query = "supplier=Acme&issued_from=2026-10-01&issued_to=2026-11-30&min_total=22,000&max_total=30000"
    html = client.get(f"/?{query}&page=2").get_data(as_text=True)
    assert rows(html) == ["INV-L2"] and "2–2 of 3" in html
    assert links(html) == {"prev": f"/?{query}", "next": f"/?{query}&page=3"}
    assert '<details class="more-filters" open>' in html
    for shown in ('name="supplier" value="Acme"', 'name="issued_from" value="2026-10-01"',
                  'name="issued_to" value="2026-11-30"', 'name="min_total" inputmode="decimal" value="22000"',
                  'name="max_total" inputmode="decimal" value="30000"'):
        assert shown in html
    assert 'value="open" checked' not in html
    checked = client.get("/?exceptions=open").get_data(as_text=True)
    assert 'name="exceptions" value="open" checked' in checked and '<details class="more-filters" open>' in checked
    # The form sends them with htmx, and the address follows (a view can be bookmarked).
    assert 'hx-push-url="true"' in html and 'id="list-supplier-options"' in html


def test_a_filter_that_finds_nothing_says_so(varied, client):
    html = client.get("/?supplier=beta&exceptions=open").get_data(as_text=True)
    assert "No document matches." in html and "No documents yet." not in html


def test_the_filters_cost_no_query_of_their_own(varied, client):
    plain = queries_for(client, "/")
    assert queries_for(client, "/?supplier=acme&issued_from=2026-10-01&min_total=20000&max_total=30000"
                               "&exceptions=open&status=to_review&q=inv") == plain
