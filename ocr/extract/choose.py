"""The header fields chosen from their candidates: document and order numbers, issue and due dates.

Labelled readings come first (`header.label_candidates`); where OCR lost a label, the header
block's unlabelled dates and references stand in. The fields are chosen together: the due
date is never before the issue date, and one reference is never both the document's number
and the order's. A second look at the page image (`second_look`) mends what fails its test.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import date

from ocr.extract import second_look, second_look_header
from ocr.extract.header import BARE_REFERENCE, Candidate, label_candidates, of_another_kind
from ocr.extract.labels import DELIVERY_WORDS, NAMELESS_ORDER_LABELS, NUMBER_SERIES, LabelHit, key
from ocr.extract.layout import SURE, PageDocument, box_of, boxes_meet, join_tokens
from ocr.extract.result import DATES
from ocr.extract.unlabelled import (
    STAMPED,
    due_dates_in_sentences,
    first_dates,
    identifier_shaped,
    pay_by,
    unlabelled_references,
)
from ocr.extract.values import ORDER_SHAPED, DateOrder, digit_run_dates, parsers_for

FIELDS = ("document_number", "issue_date", "due_date", "po_number")
MAX_TERM_DAYS = 183  # no invoice gives more than half a year to pay; a quote is valid no longer


@dataclass
class Header:
    """The chosen reading of each header field, or None."""

    document_number: Candidate | None = None
    issue_date: Candidate | None = None
    due_date: Candidate | None = None
    po_number: Candidate | None = None
    registration_number: Candidate | None = None

    def dates_in_order(self, name: str, cand: Candidate) -> bool:
        """Whether a reading of one date keeps the issue date on or before the due date, and the
        two within the longest term (`MAX_TERM_DAYS`)."""
        if name == "issue_date":
            return self.due_date is None or 0 <= (self.due_date.value - cand.value).days <= MAX_TERM_DAYS
        if name == "due_date":
            return self.issue_date is None or 0 <= (cand.value - self.issue_date.value).days <= MAX_TERM_DAYS
        return True


def header_in_its_date_order(doc: PageDocument, hits: dict[int, list[LabelHit]], table_rows: set[int],
                             order: DateOrder, t_number: Candidate | None,
                             kind: str) -> tuple[Header, dict[str, list[Candidate]], DateOrder]:
    """The header fields, and the date order they are read in. Where no date of the document told
    day from month, the other order is the document's if only it makes the issue and due dates a
    term ('12/11/2026' and '11/01/2027': 12 November to 11 January, not 11 December to 1 November)."""
    header, found = choose_header(doc, hits, table_rows, order, t_number, kind)
    if not order.assumed or _a_term(header):
        return header, found, order
    other = replace(order, day_first=not order.day_first, assumed=False)
    flipped, flipped_found = choose_header(doc, hits, table_rows, other, t_number, kind)
    return (flipped, flipped_found, other) if _a_term(flipped) else (header, found, order)


def _a_term(header: Header) -> bool:
    """Whether the issue and due dates were both read, the due date on or after the issue date
    and within the longest term."""
    issued, due = header.issue_date, header.due_date
    return issued is not None and due is not None and 0 <= (due.value - issued.value).days <= MAX_TERM_DAYS


def choose_header(doc: PageDocument, hits: dict[int, list[LabelHit]], table_rows: set[int], order: DateOrder,
                  t_number: Candidate | None, kind: str) -> tuple[Header, dict[str, list[Candidate]]]:
    """The header fields of a document of that kind, and every labelled reading found for each."""
    found = label_candidates(doc, hits, set(FIELDS), parsers_for(order), table_rows)
    _own_kinds_number_first(found["document_number"], kind)
    header = Header(*(found[name][0] if found[name] else None for name in FIELDS), registration_number=t_number)
    _one_date_one_field(header, found, hits)
    _dates_in_order(header, found)
    _dates_of_one_row(header)
    _unlabelled_dates(doc, hits, table_rows, header, order)
    if order.year_first:
        _era_years(header)
    _years_agree(header)
    _eleven_read_as_one(header)
    _the_buyers_order_and_the_sellers(header, found)
    _unlabelled_references(doc, hits, table_rows, header)
    _one_reference_one_field(header, found)
    _reference_beside_the_number(header, found)
    return header, found


def _own_kinds_number_first(cands: list[Candidate], kind: str) -> None:
    """A number under a caption naming another kind of document ('見積No. R8-046' on an invoice,
    the quote it bills) goes after one under a caption of its own kind or of none ('No. R8-053')."""
    own = [c for c in cands if c.label is None or not of_another_kind(c.label, kind)]
    cands[:] = own + [c for c in cands if not any(c is o for o in own)]


def _the_buyers_order_and_the_sellers(header: Header, found: dict[str, list[Candidate]]) -> None:
    """Two orders captioned, one by a caption that names no one's ('注文番号', 'Order no.') and one
    by a caption that names the buyer's ('お客様管理番号', 'Your order'): the buyer's is the order
    number, and the other the seller's own, a web shop's order number, which numbers the document
    where nothing else does."""
    order = header.po_number
    if order is None or order.label not in NAMELESS_ORDER_LABELS:
        return
    buyers = next((c for c in found["po_number"] if c.label not in NAMELESS_ORDER_LABELS and c.value != order.value),
                  None)
    if buyers is None:
        return
    header.po_number = buyers
    if header.document_number is None:
        header.document_number = order


def _reference_beside_the_number(header: Header, found: dict[str, list[Candidate]]) -> None:
    """With the document's number under a caption of its own and no order number read, a value
    under a bare 'Reference' caption is the buyer's reference: the order number."""
    number = header.document_number
    if header.po_number is not None or number is None or number.label in BARE_REFERENCE or number.label is None:
        return
    header.po_number = next((c for c in found["document_number"] if c.label in BARE_REFERENCE
                             and c.value != number.value and identifier_shaped(c.value)), None)


def _one_date_one_field(header: Header, found: dict[str, list[Candidate]],
                        hits: dict[int, list[LabelHit]]) -> None:
    """A date two captions claim (on a page of captions under their values, the due date's caption
    over it and the issue date's, whose own value OCR garbled, under it) is the field whose
    caption is nearer; the other takes its next reading of other words, or none."""
    issued, due = header.issue_date, header.due_date
    if issued is None or due is None or not {id(t) for t in issued.tokens} & {id(t) for t in due.tokens}:
        return
    near = {name: _nearest_caption(hits, name, issued.tokens) for name in DATES}
    name, taken = ("issue_date", due) if near["due_date"] <= near["issue_date"] else ("due_date", issued)
    used = {id(t) for t in taken.tokens}
    setattr(header, name, next((c for c in found[name] if not any(id(t) in used for t in c.tokens)), None))


def _nearest_caption(hits: dict[int, list[LabelHit]], field: str, tokens: list) -> float:
    """How far the nearest caption of the field stands from the value, in page pixels (from the
    caption's own words: its row may hold taller words beside it, a table's head)."""
    x0, y0, x1, y1 = box_of(tokens)
    page = tokens[0].page
    return min((math.hypot(max(0.0, hit.x0 - x1, x0 - hit.x1), _middle(hit.tokens) - (y0 + y1) / 2)
                for hs in hits.values() for hit in hs if hit.field == field and hit.row.page == page),
               default=math.inf)


def _middle(tokens: list) -> float:
    _, top, _, bottom = box_of(tokens)
    return (top + bottom) / 2


def _one_reference_one_field(header: Header, found: dict[str, list[Candidate]]) -> None:
    """A reference two captions claim (the order's caption under it, the number's over it) is
    the field whose caption is nearer; the other takes its next reading."""
    po, number = header.po_number, header.document_number
    if po is None or number is None or po.value != number.value:
        return
    if number.rank < po.rank:
        header.po_number = next((c for c in found["po_number"] if c.value != number.value), None)
    else:
        header.document_number = next((c for c in found["document_number"] if c.value != po.value), None)


def _dates_in_order(header: Header, found: dict[str, list[Candidate]]) -> None:
    """A date that breaks the order of the dates or the longest term takes the next reading that
    keeps them: of the same digits, where its kanji marks were misread into a run of digits, or
    else the date printed again under another label ('お支払期限' in the header and the payment note)."""
    for name in ("due_date", "issue_date"):
        cand = getattr(header, name)
        if cand is None or header.dates_in_order(name, cand):
            continue
        readings = [Candidate(d, cand.tokens, cand.rank) for d in digit_run_dates(join_tokens(cand.tokens))]
        readings += [c for c in found[name] if c is not cand]
        setattr(header, name, next((c for c in readings if header.dates_in_order(name, c)), cand))


def _unlabelled_dates(doc: PageDocument, hits: dict[int, list[LabelHit]], table_rows: set[int], header: Header,
                      order: DateOrder) -> None:
    """A date without a readable label: the issue date is the earlier, printed first. A date
    beside a caption of no header field (an order's date, a billing period) is none of them,
    and the due date printed again (in a sentence under the table) is no issue date."""
    if header.due_date is not None:
        header.due_date = _in_full(doc, header.due_date, order)
    if header.issue_date is not None and header.due_date is not None:
        return
    taken = ({id(t) for c in (header.issue_date, header.due_date) if c for t in c.tokens}
             | _beside_other_captions(hits) | _after_the_order(doc, header.po_number))
    loose = [c for c in first_dates(doc, table_rows, taken, order)
             if header.due_date is None or c.value != header.due_date.value]
    if header.issue_date is None and loose:
        # Printed first, a stamp's last (a fax's transmission line heads the page, a day or two
        # late); never a date after the stamp's: a document is written before it is sent.
        sent = min((c.value for c in loose if c.rank >= STAMPED), default=None)
        earliest_first = [c for c in sorted(loose, key=lambda c: c.rank) if sent is None or c.value <= sent]
        header.issue_date = next((c for c in earliest_first if header.dates_in_order("issue_date", c)), None)
        if header.issue_date is None and _unsurely_read(header.due_date):
            # The due date read unsurely before every date printed surely ('2026年1月末日' for 11月,
            # its thin 1 lost, over '2026.09.30'), or more surely than it (a photo's '2026年10月7日'
            # at 70, its due date '2026年1月30日' at 39): that date is the issue date, and the due
            # date, out of order with it, is read again (`look_again`).
            header.issue_date = next((c for c in earliest_first if _surer(c, header.due_date)), None)
        loose = [c for c in loose if c is not header.issue_date]
    if header.issue_date is None:
        header.issue_date = _delivered_on(hits, order)
    if header.due_date is None:
        said = due_dates_in_sentences(doc, table_rows, order)
        header.due_date = next((c for c in said if header.dates_in_order("due_date", c)), None)
    if header.due_date is None and header.issue_date is not None:
        # (a stamp's date, later than the issue date's, is the day it was sent: no due date)
        header.due_date = next((c for c in loose if c.value > header.issue_date.value and c.rank < STAMPED), None)


def _surer(cand: Candidate, other: Candidate) -> bool:
    """Whether a value was read surely, or more surely than another read unsurely."""
    return not _unsurely_read(cand) or bool(cand.tokens) and (
        min(t.confidence for t in cand.tokens) > min(t.confidence for t in other.tokens))


def _unsurely_read(cand: Candidate | None) -> bool:
    """Whether a value was read less than surely: it does not stand against another read surely."""
    return cand is not None and bool(cand.tokens) and min(t.confidence for t in cand.tokens) < SURE


REIWA = 2018  # 令和 N is the year 2018 + N


def _era_years(header: Header, today: date | None = None) -> None:
    """A Japanese date printed with a two-figure year ('08.04.24', a continuous form's R08) is the
    era's year where the century's would be years past and the era's is about now."""
    year = (today or date.today()).year
    for name in DATES:
        cand = getattr(header, name)
        if cand is None or not re.match(r"\D*\d{2}\D", join_tokens(cand.tokens)):
            continue
        era_year = REIWA + cand.value.year % 100
        if cand.value.year < year - 5 and abs(era_year - year) <= 2:
            try:
                setattr(header, name, Candidate(cand.value.replace(year=era_year), cand.tokens, cand.rank))
            except ValueError:  # 29 February
                continue


def _in_full(doc: PageDocument, due: Candidate, order: DateOrder) -> Candidate:
    """A due date whose caption's sentence names a later day too ('zahlbar bis 28.02.2026 mit 2 %
    Skonto, bis 13.03.2026 netto'): to pay less a discount by the first, in full by the last."""
    at = next((n for n, row in enumerate(doc.rows) if any(t is due.tokens[0] for t in row.tokens)), None) \
        if due.tokens else None
    later = pay_by(doc, at, order) if at is not None else None
    return later if later is not None and later.value > due.value else due


def _years_agree(header: Header, today: date | None = None) -> None:
    """An issue and a due date years apart: OCR misread the year of one ('2116-10-11' issued, due
    '2026-11-30'; due '2028-12-20' for 2026); the one further from the present takes the other's
    year, kept in order. A year apart may be a month misread ('2026-02-16' for 12-16, due
    2027-02-28): the year stays."""
    issued, due = header.issue_date, header.due_date
    if issued is None or due is None or abs(issued.value.year - due.value.year) < 2:
        return
    year = (today or date.today()).year
    if abs(issued.value.year - year) > abs(due.value.year - year):
        header.issue_date = _in_year(issued, due.value.year, before=due.value)
    else:
        header.due_date = _in_year(due, issued.value.year, after=issued.value)


def _delivered_on(hits: dict[int, list[LabelHit]], order: DateOrder) -> Candidate | None:
    """The date of the delivery, where no other date is the document's: a delivery note that is
    also the invoice (納品書兼請求書) is dated by the delivery it notes."""
    for row_hits in hits.values():
        for hit in row_hits:
            if hit.field == "ignore" and hit.label in DELIVERY_WORDS:
                value = _value_beside(hit)
                if value and (day := order.parse(join_tokens(value))) is not None:
                    return Candidate(day, value, 6.0, hit.label)
    return None


def _value_beside(hit: LabelHit) -> list:
    """The tokens of a caption's value as written beside it: the rest of its phrase, else the
    phrase after it."""
    phrases, last = hit.row.phrases, hit.tokens[-1]
    at = next((n for n, p in enumerate(phrases) if any(t is last for t in p.tokens)), None)
    if at is None:
        return []
    tokens = phrases[at].tokens
    rest = tokens[next(n for n, t in enumerate(tokens) if t is last) + 1:]
    return rest or (phrases[at + 1].tokens if at + 1 < len(phrases) else [])


def _beside_other_captions(hits: dict[int, list[LabelHit]]) -> set[int]:
    """The ids of the tokens of the value beside each caption of no header field ('注文日',
    'ご利用期間'), read as written: the rest of the caption's phrase, else the phrase after it. A
    caption nearly read may be a date's own misread ('発注日' for 発行日); a caption after a
    slash names the value with the one before it ('Invoice / Delivery date'): neither owns it."""
    out: set[int] = set()
    for row_hits in hits.values():
        for hit in row_hits:
            if hit.field != "ignore" or key("".join(t.text for t in hit.tokens)) != key(hit.label) or (
                    hit.start > 0 and hit.row.tokens[hit.start - 1].text.endswith("/")):
                continue
            out |= {id(t) for t in _value_beside(hit)}
    return out


def _after_the_order(doc: PageDocument, order: Candidate | None) -> set[int]:
    """The ids of the tokens after the order's number in its phrase: the order's own date
    ('Ihre Bestellung PO-26-31418 vom 18.09.2026', 'Your order PO-1 of 18/09/2026'), no date
    of the document's (a grid's next cell, set apart, is another field's)."""
    if order is None or not order.tokens:
        return set()
    last = order.tokens[-1]
    phrase = row.phrase_of(last) if (row := doc.row_of(last)) is not None else None
    return {id(t) for t in phrase.tokens if t.x0 >= last.x1} if phrase is not None else set()


def _eleven_read_as_one(header: Header) -> None:
    """November read as January: OCR ran the 11 of '2026年11月18日' into one 1. Where the dates are
    out of order or more than half a year apart, a date in January moves to November of its
    year when that brings the two within half a year, in order."""
    issued, due = header.issue_date, header.due_date
    if issued is None or due is None or 0 <= (due.value - issued.value).days <= MAX_TERM_DAYS:
        return
    for name, cand, other in (("issue_date", issued, due), ("due_date", due, issued)):
        if cand.value.month != 1:
            continue
        moved = _as_november(cand.value)
        days = (other.value - moved).days if name == "issue_date" else (moved - other.value).days
        if 0 <= days <= MAX_TERM_DAYS:
            setattr(header, name, Candidate(moved, cand.tokens, cand.rank + 0.5))
            return


def _in_year(cand: Candidate, year: int, before: date | None = None, after: date | None = None) -> Candidate:
    """The candidate's date moved to the year (or the one next to it that keeps the dates in order)."""
    for y in (year, year - 1 if before else year + 1):
        try:
            moved = cand.value.replace(year=y)
        except ValueError:  # 29 February
            continue
        if (before is None or moved <= before) and (after is None or moved >= after):
            return Candidate(moved, cand.tokens, cand.rank + 0.5)
    return cand


def _unlabelled_references(doc: PageDocument, hits: dict[int, list[LabelHit]], table_rows: set[int],
                           header: Header) -> None:
    """Labels OCR could not read: the header block's reference-shaped values. An order number
    read beside a caption that names no one's order ('Order #': a web shop's own) gives way to a
    reference that names itself an order ('PO-2026-04148'), whose caption OCR lost."""
    nameless = (header.po_number is not None and header.po_number.label in NAMELESS_ORDER_LABELS
                and not ORDER_SHAPED.fullmatch(str(header.po_number.value)))
    if header.document_number is not None and header.po_number is not None and not nameless:
        return
    taken = {id(t) for c in (header.document_number, header.po_number, header.registration_number) if c
             for t in c.tokens}
    loose = unlabelled_references(doc, hits, table_rows, taken)
    header.document_number = header.document_number or next(iter(loose["document_number"]), None)
    doc_no = header.document_number
    others = [c for c in loose["po_number"] if doc_no is None or c.value != doc_no.value]
    if nameless:
        header.po_number = next((c for c in others if ORDER_SHAPED.fullmatch(c.value)), header.po_number)
    header.po_number = header.po_number or next(iter(others), None)


def look_again(look: second_look.SecondLook, hits: dict[int, list[LabelHit]], table_rows: set[int],
               header: Header, quote: bool) -> None:
    """Read again from the page image the fields that fail their test or were not found."""
    header.registration_number = second_look.registration_number(look, hits, header.registration_number)
    # A reference whose readings again read no figure may be garble read as figures: the second
    # look below seeks its field's value; found none, what OCR first read stands.
    doubted = {}
    for name in ("document_number", "po_number"):
        first = getattr(header, name)
        setattr(header, name, again := second_look.weak_reference(look, first))
        if again is None and first is not None:
            doubted[name] = first
    header.document_number = second_look.identifier_letters(look, header.document_number)
    header.issue_date = second_look.date_value(look, header.issue_date,
                                               lambda d: header.dates_in_order("issue_date", Candidate(d, [], 0)))
    header.due_date = second_look.date_value(look, header.due_date,
                                             lambda d: header.dates_in_order("due_date", Candidate(d, [], 0)))
    _missing_fields(look, hits, table_rows, header, quote)
    for name, first in doubted.items():
        setattr(header, name, getattr(header, name) or first)
    # (with what the budget leaves once every field was sought)
    header.document_number = second_look.reference_end(look, header.document_number)
    header.po_number = second_look.reference_end(look, header.po_number)
    _years_agree(header)  # (two dates read again together: '1026.12.27' due after '2026.11.27')
    _eleven_read_as_one(header)


def _missing_fields(look: second_look.SecondLook, hits: dict[int, list[LabelHit]], table_rows: set[int],
                    header: Header, quote: bool) -> None:
    """The fields not found, sought again where the page's captions and values stand
    (`second_look_header.header_fields`)."""
    wanted = {name for name in FIELDS if getattr(header, name) is None} - ({"po_number"} if quote else set())
    # A date without a caption was taken for the issue date with no due date beside it: another
    # such date the second look finds printed before it may be the issue date (`_issued_before`).
    lone = header.issue_date if header.issue_date is not None and header.issue_date.label is None \
        and header.due_date is None else None
    # (a due date's caption the first look read had its value sought where the page puts values)
    due_named = any(hit.field == "due_date" for row_hits in hits.values() for hit in row_hits)
    read = [cand.tokens for name in FIELDS if (cand := getattr(header, name)) is not None and cand.tokens]
    def in_order(name: str, cand: Candidate) -> bool:
        if name == "due_date" and lone is not None and not due_named and _same_reading(cand, lone):
            return True  # (the date without a caption, its caption read again: `_named_due`)
        # (another field's value read again where it was read is none: the next stretch may hold this one)
        return ((header.dates_in_order(name, cand) or _in_order_with_january_as_november(header, name, cand))
                and not _read_twice(cand, header, name) and not _the_registration_number(header, cand))

    again = second_look_header.header_fields(look, hits, wanted | ({"issue_date"} if lone else set()),
                                             table_rows, in_order, read)
    if lone is not None:
        found = again.pop("issue_date", None)
        if "due_date" in again and not due_named and _same_reading(again["due_date"], lone):
            _named_due(header, again.pop("due_date"), found)
        else:
            _issued_before(header, found)
            if "due_date" not in again:
                _due_after(header, found)
    # What another field was read from is not this one's (the next entry's date under a caption).
    taken = {id(t) for value in read for t in value}
    for name in FIELDS:
        found = again.get(name)
        if (getattr(header, name) is None and found is not None and not any(id(t) in taken for t in found.tokens)
                and not _read_twice(found, header, name)):
            setattr(header, name, found)


def _the_registration_number(header: Header, cand: Candidate) -> bool:
    """Whether a reference read again is the seller's T-number without its T ('Registered
    number' read again as a number's caption, its value's T lost)."""
    registered = header.registration_number
    return registered is not None and str(cand.value).lstrip("T") == str(registered.value)[1:]


def _dates_of_one_row(header: Header) -> None:
    """Two dates printed side by side on one row of values, the right-hand one taken for the issue
    date and later than the other: captions read into the wrong columns ('Date Due Date' over
    '05 Mar 2026  04 Apr 2026' read as 'Date Due' and 'Date'). The earlier, left, is the issue date."""
    issued, due = header.issue_date, header.due_date
    if issued is None or due is None or not issued.tokens or not due.tokens or issued.value <= due.value:
        return
    (left, top, _, bottom), (_, due_top, due_right, due_bottom) = box_of(issued.tokens), box_of(due.tokens)
    overlap = min(bottom, due_bottom) - max(top, due_top)
    one_row = issued.tokens[0].page == due.tokens[0].page and overlap > 0.5 * min(bottom - top, due_bottom - due_top)
    if one_row and due_right <= left and 0 <= (issued.value - due.value).days <= MAX_TERM_DAYS:
        header.issue_date, header.due_date = due, issued


def _in_order_with_january_as_november(header: Header, name: str, cand: Candidate) -> bool:
    """Whether a date read again is in order with the other date once the January of either is
    November (`_eleven_read_as_one`): a due date '1月29日' for 11月29日 does not keep out the
    issue date '10月30日' read again surely, nor is it kept out by that issue date."""
    other = {"issue_date": header.due_date, "due_date": header.issue_date}.get(name)
    if other is None:
        return False
    issued, due = (cand.value, other.value) if name == "issue_date" else (other.value, cand.value)
    return any(0 <= (d - i).days <= MAX_TERM_DAYS
               for i, d in ((_as_november(issued), due), (issued, _as_november(due))))


def _as_november(day: date) -> date:
    """A date in January as the November OCR likely read it from (January's end is November's);
    any other date as it is."""
    return day.replace(month=11, day=min(day.day, 30)) if day.month == 1 else day


def _same_reading(found: Candidate, first: Candidate) -> bool:
    """Whether a value read again is the one first read there: the same value, over its place."""
    return found.value == first.value and _same_place(found, first)


def _same_place(found: Candidate, first: Candidate) -> bool:
    """Whether a value read again stands over the place another was read from."""
    return (bool(found.tokens and first.tokens) and found.tokens[0].page == first.tokens[0].page
            and boxes_meet(box_of(found.tokens), box_of(first.tokens)))


def _named_due(header: Header, due: Candidate, found: Candidate | None) -> None:
    """The date the first look took for the issue date for want of a caption, read again under
    (beside) a caption that names the due date (a fax's 'ご入金期限' garbled as 'CAB'): the due
    date; the issue date is the date the second look found without a caption, if in order with it
    (its own caption and figures lost, its month with them)."""
    header.issue_date, header.due_date = None, due
    if found is not None and header.dates_in_order("issue_date", found):
        header.issue_date = found


def _issued_before(header: Header, found: Candidate | None) -> None:
    """A date without a caption, read again, printed before the one the first look took for the
    issue date (above it, or left of it on its row) and earlier within the longest term: the issue
    date, the other the due date (a stack of values under captions OCR lost, the first garbled)."""
    first = header.issue_date
    if found is None or not found.tokens or not 0 < (first.value - found.value).days <= MAX_TERM_DAYS:
        return
    (page, left, top, _right, bottom), (page_0, left_0, top_0, _r, _b) = (
        (c.tokens[0].page, *box_of(c.tokens)) for c in (found, first))
    above = (page, (top + bottom) / 2) < (page_0, top_0)
    if above or page == page_0 and top < top_0 + (bottom - top) and left < left_0:
        header.issue_date, header.due_date = found, first


def _due_after(header: Header, found: Candidate | None) -> None:
    """A date without a caption, read again, printed after the one the first look took for the
    issue date (under it, or right of it on its row) and later within the longest term, where no
    due date was read: the due date (a stack of values over captions OCR garbled)."""
    first = header.issue_date
    if header.due_date is not None or found is None or not found.tokens or first is None or not first.tokens \
            or not 0 < (found.value - first.value).days <= MAX_TERM_DAYS:
        return
    (page, left, top, _right, bottom), (page_0, left_0, top_0, _r, bottom_0) = (
        (c.tokens[0].page, *box_of(c.tokens)) for c in (found, first))
    under = (page, top) > (page_0, (top_0 + bottom_0) / 2)
    if under or page == page_0 and top < bottom_0 and left > left_0:
        header.due_date = found


def _read_twice(found: Candidate, header: Header, field: str) -> bool:
    """Whether a value read again for `field` is another field's, read again where it was read:
    the same value over the same place (a garbled mark before the due date read again with it;
    a date read first as January, again as the November it is: `_eleven_read_as_one`);
    or, a reference, another field's figures with its letters read as figures before them
    ('20-2026-06276' for the order's PO-2026-06276, '11812519764121' for T1812519764121)."""
    others = [c for name in FIELDS if name != field and (c := getattr(header, name)) is not None]
    return any(_same_place(found, c) for c in others
               if found.value == c.value or isinstance(c.value, date) and found.value == _as_november(c.value)
               ) or any(_letters_as_figures(found.value, c.value) for c in others)


MOST_LETTERS = 2  # a reference's letters read as figures before its own: at most this many


def _letters_as_figures(read: object, other: object) -> bool:
    if not isinstance(read, str) or not isinstance(other, str):
        return False
    figures, others = re.sub(r"\D", "", read), re.sub(r"\D", "", other)
    return len(others) >= 6 and figures.endswith(others) and 0 < len(figures) - len(others) <= MOST_LETTERS


# The ways a document number starts with the date it was issued on, longest first, and how many
# of each form's figures are the year's.
_DATED_FORMS = (("%Y%m%d", 4), ("%y%m%d", 2), ("%Y%m", 4), ("%y%m", 2))


# An order number's 'PO' with its O read as a Q, the tail a fax's noise adds to it ('PQ-2026-05037'),
# first or after the buyer's prefix ('MVP-PQ-3391').
_ORDER_PREFIX_AS_READ = re.compile(r"^((?:[A-Z]{1,5}[-/])?)PQ(?=[-/]\d)")


def order_prefix_read_back(header: Header) -> None:
    """An order number read with 'PQ' for the 'PO' that names it an order: 'PO'."""
    order = header.po_number
    if order is not None and isinstance(order.value, str) and _ORDER_PREFIX_AS_READ.match(order.value):
        header.po_number = replace(order, value=_ORDER_PREFIX_AS_READ.sub(r"\1PO", order.value, count=1))


def _words(words: list[str]) -> str:
    return "|".join(r"\.?\s?".join(re.escape(w) for w in word.split()) for word in sorted(words, key=len, reverse=True))


# '<series caption> <series> <number caption> <number>', the captions' colons and stops kept or lost
_SERIES = re.compile(rf"(?<!\w)(?:{_words(NUMBER_SERIES['series'])})\.?:?\s*((?-i:[A-Z0-9]{{1,5}}))\s+"
                     rf"(?:{_words(NUMBER_SERIES['numbers'])})\.?:?\s*([A-Z0-9][A-Z0-9-]{{0,14}})(?!\w)", re.I)


def number_with_its_series(header: Header, doc: PageDocument) -> None:
    """A document number printed after its series (or point of sale), each under a caption of its
    own ('Punto de Venta: 0004 Comp. Nro: 00001832', 'Seria MDS nr. 0418'): the two together, as the
    country writes them (a point of sale's figures and the number with a dash, a series' letters
    with a space), where the number read is that number, or was read beside no caption (an
    address's 'LT-47174'), or none was read."""
    number = header.document_number
    for row in doc.rows:
        m = _SERIES.search(row.text)
        if m is None or number is not None and number.label is not None and number.value != m.group(2):
            continue
        series, figures = m.group(1), m.group(2)
        tokens = [t for t in row.tokens if t.text.strip(":.") in (series, figures)]
        value = f"{series}-{figures}" if series.isdigit() else f"{series} {figures}"
        header.document_number = Candidate(value, tokens, number.rank if number else 1.0,
                                           number.label if number else None)
        return


def marks_printed_elsewhere(header: Header, doc: PageDocument) -> None:
    """A document or order number OCR read without a mark ('SMTPO-260618') that the page prints
    elsewhere, as surely read, with its marks kept ('SMT-PO-260618' on every line): that printing.
    OCR drops a hyphen or a stop; it does not add one. (A stop ending a sentence is no mark of it.)"""
    for name in ("document_number", "po_number"):
        number = getattr(header, name)
        if number is None or not number.tokens or not isinstance(number.value, str):
            continue
        figures = _MARKS.sub("", number.value)
        sure = min(t.confidence for t in number.tokens)
        whole = {t.text for row in doc.rows for t in row.tokens
                 if t.confidence >= sure and len(t.text) > len(number.value) and _MARKS.sub("", t.text) == figures
                 and t.text[0].isalnum() and t.text[-1].isalnum() and _with_marks_dropped(t.text, number.value)}
        if len(whole) == 1:
            setattr(header, name, replace(number, value=whole.pop()))


_MARKS = re.compile(r"[-./]")


def _with_marks_dropped(printed: str, read: str) -> bool:
    """Whether read is printed with some of its marks left out, nothing else changed."""
    kept = 0
    for c in printed:
        if kept < len(read) and read[kept] == c:
            kept += 1
        elif not _MARKS.fullmatch(c):
            return False
    return kept == len(read)


def number_dated_as_issued(header: Header) -> None:
    """A document number read unsurely whose first figures are the issue date's but for one
    figure of the year ('3609-0259' or '2509-0259' issued 21 September 2026) has the year as
    issued: a supplier numbering by month prints the month it issues in. Only the year is
    mended: a number may carry the month billed, the one before the month it is issued in."""
    number, issued = header.document_number, header.issue_date
    if number is None or issued is None or not number.tokens or number.confidence * 100 >= SURE:
        return
    group = re.search(r"\d+", number.value)
    if group is None:
        return
    figures = group.group()
    forms = [(issued.value.strftime(form), year) for form, year in _DATED_FORMS]
    if any(figures.startswith(printed) for printed, _ in forms):
        return
    for printed, year in forms:
        read = figures[:len(printed)]
        if len(read) == len(printed) and read[year:] == printed[year:] and \
                sum(a != b for a, b in zip(read[:year], printed[:year], strict=True)) == 1:
            mended = number.value[:group.start()] + printed + number.value[group.start() + len(printed):]
            header.document_number = replace(number, value=mended)
            return
