"""Header values whose labels OCR could not read: dates and references found by their shape.

The issue date is the first plain date of the first page, the due date the next later one;
addresses are no dates. A reference-shaped value ending its row after a garbled caption,
standing under an unreadable caption, or naming itself an order ('PO-2026-…') is a
candidate for the document's or the order's number. These stand in only where no label
was read (`choose`).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from ocr.extract.cues import labels_in
from ocr.extract.figures import names_a_discount
from ocr.extract.header import Candidate
from ocr.extract.labels import (
    COLUMN_VOCAB,
    RECEIVED_WORDS,
    SENTENCE_WORDS,
    TITLE_KEYS,
    LabelHit,
    caption_ids,
    find_labels,
    key,
)
from ocr.extract.layout import GARBLED, SURE, PageDocument, Phrase, Row, Token, is_cjk, join_tokens
from ocr.extract.values import (
    ADDRESS_BLOCK,
    AROUND_REFERENCE,
    MONTH_AND_DAY,
    NUMBER_MARK,
    ORDER_SHAPED,
    DateOrder,
    clean_reference,
    dashes_read_back,
    parse_identifier,
    series_apart,
    two_marks_together,
)
from ocr.parse import months_later, normalise, parse_amount, parse_date, without_accents
from ocr.references import shape_of

# A date stamped with the time of day (its colon read or lost), or on a fax's transmission line
# ('MAR 26 2026 16 01 FROM … TO …', '2026/03/27 15 42 FROM 0466-22-7152 … P.001/001').
_STAMP = re.compile(r"(?<![\d:.])(?:[01]?\d|2[0-3]):[0-5]\d(?![\d:])|\bFROM\b.*\bTO\b|\bFROM\b\W*[+(]?\d[\d() -]{6,}"
                    r"|\bP\.?\s?\d{3}\s?/\s?\d{3}\b"
                    r"|(?:\d[/.-]\d{1,2}[/.-]\d{1,4}|\b(?:19|20)\d\d)\s(?:[01]?\d|2[0-3])\s[0-5]\d(?![\d/.-])")
STAMPED = 9.0


def first_dates(
    doc: PageDocument, skip_rows: set[int], used: set[int], order: DateOrder
) -> list[Candidate]:
    """Dates printed on the first page outside the table and not already taken, top to bottom;
    a stamp's (a fax's transmission line, a print time: the day it was sent, near the day it was
    written; a stamp of its arrival, `_received`) ranked `STAMPED` or worse. Of the table's rows,
    what stands left of its columns (`_columns_start`)."""
    out: list[Candidate] = []
    first_page = min((r.page for r in doc.rows), default=1)
    on_first = [i for i in skip_rows if doc.rows[i].page == first_page]  # (a table runs on over pages)
    table = range(min(on_first), max(on_first) + 1) if on_first else range(0)
    columns_start = _columns_start(doc, skip_rows)
    for row in doc.rows:
        if row.page != first_page or row.index in table and row.index not in skip_rows and _line_like(row):
            continue  # (a row among the table's that OCR garbled past reading as a line: a slip's date)
        phrases = ([p for p in row.phrases if p.tokens[-1].x1 < columns_start] if row.index in skip_rows
                   else row.phrases)
        rank = (STAMPED if _STAMP.search(row.text) else 5.0) + 0.001 * row.index
        for p in phrases:
            # A phrase other fields' values ran into ('2026.12.24 2027年2月末日PO-2026-06529', the
            # issue date a caption took, then the due date, then the order's number): the words
            # before, between and after those values, each run read alone.
            for taken, run in itertools.groupby(p.tokens, key=lambda t: id(t) in used):
                free = list(run)
                text = join_tokens(free)
                d = None if taken else order.parse(text)
                if d and not address_like(text) and not _period(text, order):
                    ranked = STAMPED + rank if _received(doc, row, p) else rank
                    out.append(Candidate(d, free, ranked))
                    if (then := _date_run_on(free, d, order)) is not None:
                        out.append(Candidate(then[0], then[1], ranked + 0.0001))
    return out


def _columns_start(doc: PageDocument, table_rows: set[int]) -> float:
    """Where the item table's first column begins, by its captions' row: its first phrase of words
    alone (no value, not garble). What stands left of it on the table's rows is a sidebar's,
    beside the table ('令和8年12月9日' left of '品名・規格 単価 数量 金額', one row to OCR); under a
    caption the table's reader did not know ('日付' over the slips' dates), the table's own. A
    table of no caption read has no sidebar (-inf)."""
    if not table_rows:
        return float("-inf")
    first = min(table_rows)
    for row in doc.rows[max(0, first - HEADER_OVER):first + 1]:  # (its header over its first row, or that row)
        if row.page == doc.rows[first].page and find_labels(row, COLUMN_VOCAB):
            words = [p for p in row.phrases if not any(c.isdigit() for t in p.tokens for c in t.text)
                     and max(t.confidence for t in p.tokens) >= GARBLED]
            return words[0].tokens[0].x0 if words else float("-inf")
    return float("-inf")


HEADER_OVER = 2  # rows over the table's first that may hold its captions


def _date_run_on(tokens: list[Token], first: date, order: DateOrder) -> tuple[date, list[Token]] | None:
    """A second date OCR ran into the words of a first ('令和8年12月20日令和9年1月31日': two
    captions' values set close), with the words it stands in, or None."""
    k = next((k for k in range(1, len(tokens)) if order.parse(join_tokens(tokens[:k])) == first), None)
    rest = tokens[k:] if k is not None else []
    then = order.parse(join_tokens(rest)) if rest else None
    return (then, rest) if then is not None and then != first else None


def _received_word(text: str) -> bool:
    """Whether text holds a word of a received stamp, whole ('Received', 'REÇU LE'; not 'Recurring')."""
    plain = without_accents(normalise(text).casefold())
    return any(w in text if is_cjk(w[0]) else re.search(rf"(?<![^\W\d_]){re.escape(w)}(?![^\W\d_])", plain)
               for w in RECEIVED_WORDS)


def _received(doc: PageDocument, row: Row, date_phrase: Phrase) -> bool:
    """Whether a date is a stamp's of the document's arrival: a received-stamp word ('受付',
    'RECEIVED', 'REÇU LE', 'EINGEGANGEN') before it on its row or straight over it."""
    before = [p for p in row.phrases if p.x1 <= date_phrase.x0 + 1]
    if any(_received_word(p.text) for p in before) or _received_word(date_phrase.text):
        return True
    top = min(t.y0 for t in date_phrase.tokens)
    over = [r for r in doc.rows[max(0, row.index - 2):row.index]
            if r.page == row.page and 0 < top - r.yc < 2.5 * max(row.h, r.h)]
    return any(_received_word(p.text) for r in over for p in r.phrases
               if p.x0 < date_phrase.x1 and p.x1 > date_phrase.x0)


# What joins a period's two dates ('2026年4月6日 ~ 2026年5月29日', '1 Oct 2026 to 31 Oct 2026').
_RANGE = re.compile(r"\s*(?:[~〜～–—]|\s-\s|\b(?:to|bis|au|until|through|tot)\b|から)\s*", re.I)


def _period(text: str, order: DateOrder) -> bool:
    """Whether the text is a period, two dates joined as from and to: a work or billing period's
    bounds, not the day the document was written."""
    return sum(order.parse(part) is not None for part in _RANGE.split(text)) >= 2


_MONEY = re.compile(r"\d[,.]\d{2,3}(?!\d)")


def _line_like(row: Row) -> bool:
    """Whether a row holds two figures printed as money ('7,200', '216,00'), as a line does."""
    return sum(bool(_MONEY.search(t.text)) for t in row.tokens) >= 2


# A quote's validity given as a period from its date ('見積日より30日', 'valid for 30 days', '1ヶ月').
_PERIOD = re.compile(r"(?i)(\d{1,3})\s*(日間?|ヶ月|か月|カ月|ヵ月|ケ月|days?|months?|jours|mois|tage[n]?|monate?|"
                     r"dagen|maanden|d[ií]as|meses)(?![a-z])")
_MONTHS = re.compile(r"(?i)月|month|mois|monat|maand|mes")


def valid_for(doc: PageDocument, hits: dict[int, list[LabelHit]], issued: date) -> Candidate | None:
    """A quote's valid-until date where its caption gives a period, not a date ('有効期限
    見積日より30日'): that long after the quote's date."""
    for row_hits in hits.values():
        for hit in row_hits:
            if hit.field != "due_date":
                continue
            after = hit.row.tokens[hit.end:]
            m = _PERIOD.search(normalise(join_tokens(after)))
            if m is None or parse_date(join_tokens(after)):
                continue
            n = int(m.group(1))
            until = months_later(issued, n) if _MONTHS.search(m.group(2)) else issued + timedelta(days=n)
            return Candidate(until, after, 4.5)
    return None


def due_dates_in_sentences(doc: PageDocument, skip_rows: set[int], order: DateOrder) -> list[Candidate]:
    """Dates a sentence names as the day to pay by ('Please transfer the amount of € 9.512,00
    by 30-Nov-2026', '11月30日までにお振込みください'), on any page outside the item table.
    A sentence that names two days (to pay less a discount by the first, in full by the second:
    'zahlbar bis 25.04.2026 mit 2 % Skonto, bis 15.05.2026 netto') gives the last; it may run
    on to the next line. A sentence that names a discount for paying early ('Bei Zahlung bis
    07.12.2026 gewähren wir 2 % Skonto') comes after those that name none ('Zahlbar ohne Abzug
    bis 14.12.2026')."""
    out: list[tuple[bool, Candidate]] = []
    for n, row in enumerate(doc.rows):
        if row.index not in skip_rows and _names_payment(row.text) and (found := pay_by(doc, n, order)):
            out.append((any(names_a_discount(t.text) for t in row.tokens), found))
    return [found for _, found in sorted(out, key=lambda each: each[0])]


def pay_by(doc: PageDocument, n: int, order: DateOrder) -> Candidate | None:
    """The last day to pay that the sentence on row n names (run on to the next line where the
    row ends with the word before a date, '… bis'), or None."""
    row = doc.rows[n]
    tokens = list(row.tokens)
    runs_on = any(not rest.strip() for rest in _after_markers(normalise(row.text) + " "))
    if runs_on and (below := doc.row_at(n + 1)) is not None and below.page == row.page:
        tokens += below.tokens
    days = [d for text in _after_markers(normalise(join_tokens(tokens))) if (d := order.parse(text)) is not None]
    if not days:
        return None
    # (its own words where they are a date alone, so that a second look reads that date)
    printed = [t for t in tokens if order.parse(t.text) == max(days)] or row.tokens
    return Candidate(max(days), printed, 4.0 + 0.001 * row.index)


def _names_payment(text: str) -> bool:
    keyed = key(text)
    return any(key(word) in keyed for word in SENTENCE_WORDS["payment"])


def _after_markers(text: str) -> list[str]:
    """The text straight after each word that announces a due date ('by', 'bis', 'avant le'),
    and straight before a Japanese 'までに', which follows its date."""
    lowered = text.casefold()
    found = []
    for marker in SENTENCE_WORDS["due_date"]:
        if re.fullmatch(r"[\u3040-\u30ff\u4e00-\u9fff]+", marker):
            found += [text[max(0, m.start() - 16):m.start()] for m in re.finditer(re.escape(marker), text)]
        else:
            pattern = r"(?<![^\W\d_])" + r"\s+".join(map(re.escape, marker.split())) + r"\s+"
            found += [text[m.end():m.end() + 24] for m in re.finditer(pattern, lowered)]
    return found


# A block number in an address ('博多駅前3-25-14', '5-3-10 Sakae', '〒812-0011'), which parses as a
# date too: no date stands unlabelled with a two-digit year between dashes.
_POSTAL_OR_BLOCK = re.compile(
    r"〒\s*[\d-]*|(?<![\d-])\d{3}-\d{4}(?![\d-])|(?<![\d/.-])\d{1,2}-\d{1,2}-\d{1,2}(?![\d/.-])")


def address_like(text: str) -> bool:
    """Whether text holds an address's postal code or block number (`_POSTAL_OR_BLOCK`)."""
    return _POSTAL_OR_BLOCK.search(text) is not None


def without_addresses(text: str) -> str:
    """The text with its postal codes and block numbers blanked out, its dates left."""
    return _POSTAL_OR_BLOCK.sub(" ", text)


_PHONE = re.compile(r"\(?\d{2,4}\)?[-\s]\d{2,4}[-\s]\d{3,4}")
ORDER_MARK = re.compile(r"(?i)(?<![A-Z])P\.?\s?O\.?(?![A-Z])|発注|注文|order")


_VAT_ID = re.compile(r"(?:AT|BE|DE|DK|ES|FI|FR|GB|IE|IT|LU|NL|PL|PT|SE)U?\d{8,12}(?:B\d\d)?")


# A registration number (or one read a digit short or long: 'T30106020118'), a postal code (its 〒
# read as 7 or T), a block number of an address.
_NO_REFERENCE = re.compile(r"T?\d{13}|T\d{11,14}|[7T]?\d{3}-\d{4}|\d{1,3}-\d{1,3}(-\d{1,3})?")


def identifier_shaped(text: str) -> bool:
    """A reference such as 'INV-00665', 'B-26-0209', 'SI/2026/0263' or '26090226'."""
    s = re.sub(r"^\$(?=\d{6,}$)", "S", dashes_read_back(text.strip(AROUND_REFERENCE)))  # ('$2701833': a fax's S)
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9\-/_.#]{4,}", s) or len(re.findall(r"\d", s)) < 3:
        return False  # ('2-chome': an address, no reference)
    if two_marks_together(s) or _VAT_ID.fullmatch(s):
        return False  # (a European VAT number, 'DE875736676', is the seller's registration)
    if _PHONE.fullmatch(s) or _NO_REFERENCE.fullmatch(s) or ADDRESS_BLOCK.fullmatch(s):
        return False  # a phone or registration number, a postal code (its 〒 read as 7 or T), a block number
    if re.fullmatch(r"[\d.,]+", s) and not re.fullmatch(r"\d{6,}", s):
        return False  # an amount
    if re.fullmatch(r"[A-Za-z¥\\]{1,2}\d{1,3}(?:[.,]\d{3})+", s):
        return False  # an amount behind a misread currency mark ('WS9.810' for '¥59,810')
    return not parse_date(s) and not MONTH_AND_DAY.fullmatch(s)  # (a month and day: '06/28')


def unlabelled_references(
    doc: PageDocument, hits: dict[int, list[LabelHit]], skip_rows: set[int], used: set[int]
) -> dict[str, list[Candidate]]:
    """PageDocument and order numbers in the header block whose labels OCR could not read.

    The block is the first page above the item table (and, for a value under or over a
    garbled caption, the last page below it). A reference-shaped value that ends its row
    after a caption OCR garbled (no known label, no digits), or names itself a number
    ('No.000474'), or lines up with the values of labels that were read, is a candidate;
    one marked as an order ('PO', '注文', '発注') is the order number, the first other one
    the document number.
    """
    out: dict[str, list[Candidate]] = {"document_number": [], "po_number": []}
    first_page = min((r.page for r in doc.rows), default=1)
    table_start = min((i for i in skip_rows if doc.rows[i].page == first_page), default=None)
    # (never a fax's transmission line: its 'P.001/002' counts pages)
    rows = [
        r for r in doc.rows if r.page == first_page and (table_start is None or r.index < table_start)
        and not _STAMP.search(r.text)
    ]
    labelled = caption_ids(hits)
    pairs = _captions_and_values(hits, first_page)
    columns = _columns(pairs)
    for row in rows:
        # Its last phrase, or, in the columns of the captions and values read, its second.
        second = len(row.phrases) > 2 and _in_caption_and_value_columns(row, columns)
        places = [len(row.phrases) - 1] + ([1] if second else [])
        found = next((f for n in places if (f := _after_garbled_caption(row, n, used | labelled, labelled))), None)
        if found is not None:
            out[found[0]].append(found[1])
    # An order-shaped reference names itself: the header block's first, then any other row's (a
    # sidebar beside the item table, a grid in the footer).
    elsewhere = [r for r in doc.rows if r not in rows and not _STAMP.search(r.text)]
    out["po_number"] += _order_shaped(rows, used | labelled) + _order_shaped(elsewhere, used | labelled)
    block = [r for r in rows + _footer(doc, skip_rows) if not _an_items_code(doc, skip_rows, r)]
    out["document_number"] += _under_unread_caption(doc, block, used | labelled)
    out["document_number"] += _heading_a_stack(doc, hits, rows, used | labelled)
    out["document_number"] += _alone_among_values(pairs, rows, used | labelled)
    out["document_number"] += _on_the_dates_line(rows[:TOP_ROWS], hits, used | labelled)
    out["document_number"] += _numbered_as_a_letter(rows[:TOP_ROWS], hits, used | labelled)
    out["document_number"] += _alone_at_the_top(doc, rows[:TOP_RIGHT_ROWS], used | labelled)
    printed = _money_printed(doc)
    out["document_number"] = [c for c in out["document_number"] if not _yen_read_as_y(str(c.value), printed)]
    return out


_YEN_AS_LETTER = re.compile(r"[Y¥\\](\d{4,})")

TOP_ROWS = 3  # the page's first rows, where a letter prints its number and date with no caption


def _on_the_dates_line(top: list[Row], hits: dict[int, list[LabelHit]], taken: set[int]) -> list[Candidate]:
    """A reference of letters and figures printed at the top of the page before the date on its
    line, no caption ('MC-2610-003' … '令和8年10月16日', a letter's heading): the document's number."""
    out = []
    for row in top:
        if len(row.phrases) != 2 or hits.get(row.index):
            continue
        value, other = row.phrases  # (the number first, then the date)
        text = value.text
        if (len(value.tokens) == 1 and id(value.tokens[0]) not in taken and parse_date(other.text)
                and identifier_shaped(text) and re.search(r"[A-Za-z]", text)):  # (letters, and figures)
            out.append(Candidate(clean_reference(text), value.tokens, 2.9 + 0.001 * row.index))
    return out


# A Japanese letter's number: its sender's short name, 第, the number, 号 ('湘測第2026-118号').
_LETTER_NUMBER = re.compile(r"[^\s\d]{0,8}第\s?[0-9A-Za-z][0-9A-Za-z\-‐－ー/]*\s?号")


def _numbered_as_a_letter(top: list[Row], hits: dict[int, list[LabelHit]], taken: set[int]) -> list[Candidate]:
    """A number printed as a Japanese letter numbers itself, no caption, at the top of the page
    over or before its date ('湘測第2026-118号' over '令和8年10月20日'): the document's number."""
    out = []
    for row, under in zip(top, [*top[1:], None], strict=False):
        if hits.get(row.index) or not row.phrases:
            continue
        value, rest = row.phrases[0], row.phrases[1:]
        dated = (rest and parse_date(rest[0].text)) or (under is not None and under.phrases
                                                        and parse_date(under.phrases[0].text))
        if (_LETTER_NUMBER.fullmatch(value.text) and dated
                and not any(id(t) in taken for t in value.tokens)):
            out.append(Candidate(value.text.replace(" ", ""), value.tokens, 2.9 + 0.001 * row.index))
    return out


TOP_RIGHT_ROWS = 4  # the page's first rows, where a barcode's number may stand beside the title


def _alone_at_the_top(doc: PageDocument, top: list[Row], taken: set[int]) -> list[Candidate]:
    """A reference of letters and figures printed in the right half of the page's first rows with
    no caption, alone or beside the title only, as a barcode's number or a web form's prints it
    ('お見積書（Web見積）  Q - 2 6 1 1 - 0 0 3 1 8'): the document's number, where nothing better names one."""
    out = []
    for row in top:
        for phrase in row.phrases:
            others = [p for p in row.phrases if p is not phrase]
            if (phrase.x0 < doc.widths.get(row.page, 0) / 2 or any(id(t) in taken for t in phrase.tokens)
                    or not re.search(r"[A-Za-z]", phrase.text) or not all(_a_title(p) for p in others)):
                continue
            read = parse_identifier(phrase.tokens)
            if (read is not None and len(read[1]) == len(phrase.tokens) and identifier_shaped(read[0])
                    and not ORDER_MARK.search(read[0])):
                out.append(Candidate(read[0], phrase.tokens, 3.6 + 0.001 * row.index))
    return out


def _a_title(phrase: Phrase) -> bool:
    """Whether a phrase is the document's title, with a remark after it ('お見積書（Web見積）')."""
    return any(key(phrase.text).startswith(title) for title in TITLE_KEYS)


def _money_printed(doc: PageDocument) -> set[Decimal]:
    """The figures the page prints as money: with a currency mark or thousands separators."""
    return {value for t in doc.tokens if re.search(r"[¥￥\\$€£円]|\d,\d{3}", t.text)
            and (value := parse_amount(t.text)) is not None}


def _yen_read_as_y(text: str, printed: set[Decimal]) -> bool:
    """Whether a reference is a figure behind its yen mark read as a Y ('Y121700' for ¥121,700),
    the page printing that figure as money elsewhere (its subtotal in a summary box)."""
    return (m := _YEN_AS_LETTER.fullmatch(text)) is not None and Decimal(m.group(1)) in printed


def _alone_among_values(pairs: list[tuple[float, tuple[float, float] | None]], rows: list[Row],
                        taken: set[int]) -> list[Candidate]:
    """A reference that starts or ends where two values or more read beside captions do (`pairs`,
    of its page), with nothing but garble where their captions stand ('0000167' over the dates
    and order number of a key/value box, its own caption lost, or read as a speck: '7' at 5):
    the document's number."""
    out = []
    for row in rows:
        t = row.phrases[-1].tokens[0]
        if len(row.phrases[-1].tokens) != 1 or id(t) in taken or t.confidence < GARBLED \
                or not identifier_shaped(t.text) or ORDER_MARK.search(t.text):
            continue
        near = 1.5 * t.h
        captions = [caption for caption, value in pairs
                    if value is not None and (abs(t.x0 - value[0]) <= near or abs(t.x1 - value[1]) <= near)]
        if len(captions) >= 2 and not any(u is not t and u.x1 > min(captions) - near and u.confidence >= GARBLED
                                          for u in row.tokens):
            out.append(Candidate(clean_reference(t.text), [t], 3.4 + 0.001 * row.index))
    return out


STACK_LINES = 5  # how far under a reference the next value of a stack of values over captions may stand


def _heading_a_stack(doc: PageDocument, hits: dict[int, list[LabelHit]], rows: list[Row],
                     taken: set[int]) -> list[Candidate]:
    """A reference alone in its column at the head of a stack of captions over their values, its
    own caption lost ('FA000469' with nothing over it, 'Date de facture' under it and the date
    under that), or of values over their captions ('S2612738', its caption lost under it, then
    '2026/12/24' over '発行日'): the document's number."""
    out = []
    for row in rows:
        for phrase in row.phrases:
            t = _one_word(phrase)
            if t is None or any(id(u) in taken for u in phrase.tokens) or not identifier_shaped(t.text) \
                    or ORDER_MARK.search(t.text):
                continue
            over, under = _row_in_column(doc, row, t, -1), _row_in_column(doc, row, t, 1)
            if (over is None or _title_over(over, t)) and (under is not None and _captions_a_value(doc, hits, under, t)
                                                           or _over_values_over_captions(doc, hits, row, t)
                                                           or _over_a_date_between_garbled_captions(doc, row, t)):
                out.append(Candidate(clean_reference(t.text), phrase.tokens, 3.3 + 0.001 * row.index))
    return out


SPLIT_GAP = 0.2  # of the text's height: at most this between two words OCR split out of one reference


def _one_word(phrase: Phrase) -> Token | None:
    """The phrase's one word, or the word OCR split in two with no space between, figures
    after figures ('No.0003' '28', 4 px apart at a height of 36, for 'No.000328')."""
    if len(phrase.tokens) == 1:
        return phrase.tokens[0]
    if len(phrase.tokens) != 2:
        return None
    left, right = phrase.tokens
    if not (re.search(r"\d$", left.text) and re.fullmatch(r"\d+", right.text)) \
            or right.x0 - left.x1 > SPLIT_GAP * max(left.h, right.h):
        return None
    return replace(left, text=left.text + right.text, x1=right.x1, y1=max(left.y1, right.y1),
                   box=(left.box[0], left.box[1], right.box[2], max(left.box[3], right.box[3])),
                   confidence=min(left.confidence, right.confidence))


def _over_values_over_captions(doc: PageDocument, hits: dict[int, list[LabelHit]], row: Row, token: Token) -> bool:
    """Whether the values under a token in its column stand over their captions: the next value
    (its own caption lost under the token, it stands two lines down) over a caption read, or,
    its caption garbled too, the value after it over one ('2026-12-10' over garble, then
    '2027-02-28' over 'お支払期日'), or the one after that."""
    value = _row_in_column(doc, row, token, 1, lines=STACK_LINES)
    for _ in range(GARBLED_IN_A_ROW + 1):
        if value is None:
            return False
        if _a_value_over_its_caption(doc, hits, value, token):
            return True
        caption = _row_in_column(doc, value, token, 1)
        value = _row_in_column(doc, caption, token, 1) if caption is not None and _garbled_at(caption, token) else None
    return False


GARBLED_IN_A_ROW = 2  # captions of a stack OCR garbled one after another, at most, before one it read


def _over_a_date_between_garbled_captions(doc: PageDocument, row: Row, token: Token) -> bool:
    """Whether a date stands under a token in its column, over garble, with only garble and
    figures between: a stack of values over their captions, every caption garbled ('2610-0231',
    '令和8年10月10晶', 'fat hi Ny', '令和8年12月31日', 'Yt) RAM'), the date a value by its shape."""
    current = row
    for _ in range(STACK_LINES - 1):
        current = _row_in_column(doc, current, token, 1)
        if current is None:
            return False
        printed = " ".join(p.text for p in current.phrases if p.x0 <= token.x1 and p.x1 >= token.x0)
        if parse_date(printed) is not None:
            under = _row_in_column(doc, current, token, 1)
            return under is not None and _garbled_at(under, token)
        if not _garbled_at(current, token) and not re.search(r"\d", printed):
            return False
    return False


def _in_column_of(row: Row, token: Token) -> list[Token]:
    return [t for t in row.tokens if t.x0 <= token.x1 and t.x1 >= token.x0]


def _garbled_at(row: Row, token: Token) -> bool:
    """Whether all the row prints in the token's column OCR read as garble, or unsurely as words
    that name no field ('MRA' at 58 for 発行日)."""
    column = _in_column_of(row, token)
    return all(t.confidence < GARBLED for t in column) or (
        all(t.confidence < SURE for t in column) and not labels_in(join_tokens(column)))


def _title_over(over: Row, token: Token) -> bool:
    """Whether what stands over a token in its column is the document's title ('請求書' over the
    head of a stack of values): the stack's head all the same."""
    return key(join_tokens(_in_column_of(over, token))) in TITLE_KEYS


def _row_in_column(doc: PageDocument, row: Row, token: Token, step: int, lines: float = 3) -> Row | None:
    """The nearest row over (step -1) or under (1) the token, within three lines (or as many as
    given), printing something in its column."""
    index = row.index + step
    while 0 <= index < len(doc.rows) and doc.rows[index].page == row.page:
        other = doc.rows[index]
        if abs(other.yc - row.yc) > lines * max(other.h, row.h):
            return None
        if _in_column_of(other, token):
            return other
        index += step
    return None


def _caption_at(hits: dict[int, list[LabelHit]], row: Row, token: Token, h: float) -> LabelHit | None:
    """The caption read on a row in a token's column, if any."""
    return next((hit for hit in hits.get(row.index, []) if abs(hit.x0 - token.x0) <= 2 * h), None)


def _captions_a_value(doc: PageDocument, hits: dict[int, list[LabelHit]], row: Row, token: Token) -> bool:
    """Whether the row holds, in the token's column, a caption read alone with, under it in
    that column, something that is no caption: a stack of captions over their values."""
    caption = _caption_at(hits, row, token, row.h)
    if caption is None or caption.end < len(row.tokens) and row.tokens[caption.end].x0 - caption.x1 < 6 * row.h:
        return False  # (a value beside it: a caption of a list, not of a stack)
    value = _row_in_column(doc, row, caption.tokens[0], 1)
    return value is not None and _caption_at(hits, value, token, row.h) is None


def _a_value_over_its_caption(doc: PageDocument, hits: dict[int, list[LabelHit]], row: Row, token: Token) -> bool:
    """Whether the row holds, in the token's column, a value (no caption) with, under it in that
    column, a caption read alone: a stack of values over their captions."""
    caption = _row_in_column(doc, row, token, 1)
    return (_caption_at(hits, row, token, row.h) is None and caption is not None
            and _caption_at(hits, caption, token, row.h) is not None)


def _after_garbled_caption(row: Row, n: int, taken: set[int], labelled: set[int]) -> tuple[str, Candidate] | None:
    """The row's nth phrase as a reference after a caption OCR garbled (no known label, no
    digits), or one naming itself a number ('No.000474') or an order: (its field, the candidate)."""
    if n < 0:
        return None
    value = row.phrases[n]
    if len(value.tokens) > 2 or any(id(t) in taken for t in value.tokens):
        return None
    text = value.tokens[-1].text
    if not identifier_shaped(text):
        return None
    before = row.phrases[n - 1] if n >= 1 else None
    preceding = value.tokens[-2] if len(value.tokens) > 1 else before.tokens[-1] if before else None
    if preceding is not None and _ends_address(preceding.text):
        return None  # the block number ending an address
    unknown_before = before is not None and not any(id(t) in labelled for t in before.tokens)
    caption = (
        unknown_before
        and not re.search(r"\d", before.text)
        and (len(before.text) <= 12 or len(before.tokens) == 1 and len(before.text) <= 20
             or _garbled_number_caption(before))
    )  # (a short caption, or one long word: 'Factuurntarner', a compound caption garbled)
    # (or garble that OCR ran into the value's phrase, a word alone first on the row: 'BARBS' 'Q-26-0918';
    # a letter or a few are the value's own start garbled: 'F' '2611-0308')
    run_in = value.tokens[0] if len(value.tokens) == 2 and n == 0 else None
    caption = caption or run_in is not None and id(run_in) not in labelled and run_in.confidence < GARBLED \
        and not re.search(r"\d", run_in.text) and GARBLED_CAPTION_WORD <= len(run_in.text) <= 12
    h = max(row.h, value.tokens[-1].h)  # (a garbled caption's boxes are smaller than its text)
    if before is not None and value.x0 - before.x1 > 25 * h:
        caption = False
    # (marked an order by the caption before it: not by another order's number, 'PO-2026-01838' 'S00931')
    order = bool(ORDER_MARK.search(text) or (unknown_before and not re.search(r"\d", before.text)
                                             and ORDER_MARK.search(before.text)))
    if not caption and not order and not NUMBER_MARK.fullmatch(text):
        return None
    rank = 3.0 + 0.001 * row.index
    if series_apart(value.tokens[0], value.tokens[-1]):
        # (its series printed a space before it, 'FT' '2026/318', is part of it, as under a caption read)
        cand = Candidate(f"{value.tokens[0].text} {clean_reference(text)}", value.tokens, rank)
    else:
        cand = Candidate(clean_reference(text), [value.tokens[-1]], rank)
    return ("po_number" if order else "document_number"), cand


GARBLED_CAPTION = 24  # characters, at most, of a caption in two languages that OCR garbled
GARBLED_CAPTION_WORD = 4  # characters, at least, of a caption's garble run into its value's phrase
_NUMBER_WORD_END = re.compile(r"(?:N[oO°r]\.|#|Number|番号):?$")


def _garbled_number_caption(caption: Phrase) -> bool:
    """A caption in two languages, garbled, one of its words ending in the word for a number
    ('MEENo. / oo Number' for '請求書No. / Doc Number', 'CMRNo. Remicme' for '請求書No. Invoice no.'):
    a number's caption, longer than one language's."""
    return (len(caption.text) <= GARBLED_CAPTION and any(_NUMBER_WORD_END.search(t.text) for t in caption.tokens)
            and any(t.confidence < GARBLED for t in caption.tokens))


def _columns(pairs: list[tuple[float, tuple[float, float] | None]]) -> tuple[list[float], list[tuple[float, float]]]:
    """Where the captions read on a page start, and where the values right of them start and end."""
    return [caption for caption, _ in pairs], [value for _, value in pairs if value is not None]


def _captions_and_values(hits: dict[int, list[LabelHit]], page: int) -> list[tuple[float, tuple[float, float] | None]]:
    """Each caption read on a page: where it starts, and where the value right of it starts and ends."""
    return [(hit.x0, (value[0].x0, value[-1].x1) if (value := hit.value_beside) else None)
            for hit in (h for hs in hits.values() for h in hs if h.row.page == page)]


def _in_caption_and_value_columns(row: Row, columns: tuple[list[float], list[tuple[float, float]]]) -> bool:
    """Whether the row's first phrase starts where captions read start, and its second starts
    where their values do, or ends where they end (values set flush right in their column)."""
    near = 2 * row.h
    value = row.phrases[1]
    return (any(abs(row.phrases[0].x0 - x) <= near for x in columns[0])
            and any(abs(value.x0 - x0) <= near or abs(value.x1 - x1) <= near for x0, x1 in columns[1]))


def _footer(doc: PageDocument, skip_rows: set[int]) -> list[Row]:
    """The rows of each page below its part of the item table: where a grid of captions and
    values (number, dates, order) may stand instead of at the top, on the last page or under
    the first part of a table that goes on over the page."""
    ends = {}
    for i in skip_rows:
        ends[doc.rows[i].page] = max(i, ends.get(doc.rows[i].page, i))
    return [r for page, end in sorted(ends.items()) for r in doc.rows[end + 1:] if r.page == page]


def _an_items_code(doc: PageDocument, skip_rows: set[int], row: Row) -> bool:
    """True when a row holds one word built like the words printed alone between the item table's
    lines, the items' codes ('AR-415' under its item's row): of their shape, or, straight over
    its page's first line or under its last, starting where they start ('AR-403' under the
    last item, 'AN-393' over a first whose own row OCR broke)."""
    items = [i for i in skip_rows if doc.rows[i].page == row.page]
    if len(row.tokens) != 1 or not items:
        return False
    spans = {}  # each page's part of the table
    for i in skip_rows:
        first, last = spans.get(doc.rows[i].page, (i, i))
        spans[doc.rows[i].page] = (min(first, i), max(last, i))
    between = [doc.rows[i] for first, last in spans.values() for i in range(first + 1, last)
               if i not in skip_rows and len(doc.rows[i].tokens) == 1]
    word = row.tokens[0]
    if any(shape_of(other.tokens[0].text) == shape_of(word.text) for other in between):
        return True
    beside = row.index in (min(items) - 1, max(items) + 1)
    return beside and any(abs(other.tokens[0].x0 - word.x0) <= 2 * max(other.h, row.h) for other in between)


def _under_unread_caption(doc: PageDocument, rows: list, taken: set[int]) -> list[Candidate]:
    """References in the column of a caption OCR misread past recognition ('RES' for 請求書番号,
    'Fa ner' for Factuurnummer), straight above them or, in a grid whose captions are printed
    under its values, straight below: the first such value is the document's number."""
    out = []
    for row in rows:
        for n, t in enumerate(row.tokens):
            if id(t) in taken or t.confidence < GARBLED or not identifier_shaped(t.text) or ORDER_MARK.search(t.text):
                continue  # (garble under garble: no caption vouches for it)
            if _named_as_none(row, t):
                continue  # a bank account's, a customer's or a phone number, named as such
            if n > 0 and row.tokens[n - 1].text.endswith("〒") or _before_address(row.tokens[n + 1:n + 2]):
                continue  # a postal code, with or without its mark
            if n > 0 and (_ends_address(row.tokens[n - 1].text) or _names_order(row.tokens[n - 1].text)):
                continue  # the block number ending an address; an order's number after its mark
            if _caption_lost(doc, row, t) or any(_unread_caption(c, r) for c, r in _captions_of(doc, row, t)):
                series = _series_before(row.tokens[n - 1], t) if n > 0 else None
                tokens = [series, t] if series is not None else [t]
                out.append(Candidate(" ".join(clean_reference(x.text) for x in tokens), tokens,
                                     3.2 + 0.001 * row.index))
    return out


def _named_as_none(row: Row, value: Token) -> bool:
    """Whether a caption of no field ('Kundennummer', 'Contribuinte n.°') names the value: in its
    phrase, or the phrase before it; not one that names a value of its own before this one's (the
    seller's tax number 'Contribuinte n.° PT 503 218 457', far left of the document's number)."""
    at = next(k for k, p in enumerate(row.phrases) if any(u is value for u in p.tokens))
    before = [p for p in row.phrases[at - 1:at] if not any(re.search(r"\d", t.text) for t in p.tokens)]
    near = [row.phrases[at], *before]
    return any(field == "ignore" for p in near for field, _, _ in labels_in(p.text))


def _series_before(before: Token, value: Token) -> Token | None:
    """The letters of a number's series printed a space before it ('FT' '2026/318', an invoice
    of series FT): capitals alone, read surely, no caption's word, set as close as a space."""
    if not re.fullmatch(r"[A-Z]{2,3}", before.text) or before.confidence < SURE or labels_in(before.text):
        return None
    return before if value.x0 - before.x1 <= 0.6 * max(before.h, value.h) else None


_ADDRESS = re.compile(r"[都道府県市区町村郡]")


def _ends_address(text: str) -> bool:
    """A place name of an address, before its block number ('愛甲郡愛川町中津' before '4021-8')."""
    return bool(_ADDRESS.search(text)) and not re.search(r"\d", text) and not labels_in(text)


def _before_address(following: list[Token]) -> bool:
    """True when the next word is an address ('埼玉県さいたま市…'): the value is its postal code."""
    return bool(following) and bool(_ADDRESS.search(following[0].text))


def _captions_of(doc: PageDocument, row: Row, token: Token) -> list[tuple[Phrase, Row]]:
    """The phrases straight above and below a value, in its column, within a few lines, with
    their rows: the nearest row that prints something over (or under) the value, not merely
    the next row, which may belong to a block beside it. (A footer's grid may set its small
    captions more than three of its values' heights over them.)"""
    out = []
    for step in (-1, 1):
        index = row.index + step
        while 0 <= index < len(doc.rows):
            other = doc.rows[index]
            if other.page != row.page or abs(other.yc - row.yc) > CAPTION_REACH * max(other.h, row.h):
                break
            reach = 4 * max(other.h, row.h)  # a caption set flush right over a value set flush left
            over = [p for p in other.phrases if p.x0 <= token.x1 + reach and p.x1 >= token.x0 - reach]
            if over:
                out.append((min(over, key=lambda p: abs((p.x0 + p.x1) / 2 - token.xc)), other))
                break
            index += step
    return out


CAPTION_REACH = 4.0  # text heights between the middles of a caption and its value, at most


def _caption_lost(doc: PageDocument, row: Row, token: Token) -> bool:
    """True when the value stands in a grid whose row of captions (two or more read) lies
    straight above or below, with nothing printed over the value itself: its caption was lost."""
    for other in (doc.rows[i] for i in (row.index - 1, row.index + 1) if 0 <= i < len(doc.rows)):
        if other.page != row.page or abs(other.yc - row.yc) > 3 * max(other.h, row.h):
            continue
        read = sum(1 for p in other.phrases if labels_in(p.text))
        if read >= 2 and not any(p.x0 <= token.x1 and p.x1 >= token.x0 for p in other.phrases):
            return True
    return False


BILINGUAL_CAPTION = 40  # the width (kanji count twice) of a caption printed in two languages


def _unread_caption(caption: Phrase, row: Row) -> bool:
    """A short caption that names no other field and holds no value: OCR's garbling of a label,
    at most a stray figure or two of it ('45 SLB' for 見積番号). Among captions read (two or more
    on its row), one printed in two languages runs longer ('D edmentNumber/インポイメナンパ')."""
    fields = {hit[0] for hit in labels_in(caption.text)}
    wide = sum(2 if is_cjk(ch) else 1 for ch in caption.text)  # a sentence of kanji is no caption
    among_captions = sum(1 for p in row.phrases if p is not caption and labels_in(p.text)) >= 2
    short = len(caption.tokens) <= 3 and wide <= 24 or among_captions and wide <= BILINGUAL_CAPTION
    # (a money caption's word read out of garble, the rest of it still garbled: 'Tax ka' for 'Tax
    # invoice Ref.' names no money over a reference)
    money_word = fields <= MONEY_FIELDS and any(t.confidence < GARBLED for t in caption.tokens)
    return short and (fields <= {"document_number"} or money_word) and not re.search(r"\d{3}", caption.text)


MONEY_FIELDS = frozenset({"subtotal", "tax", "taxable", "total"})


def _order_shaped(rows: list, taken: set[int]) -> list[Candidate]:
    """References that name themselves an order ('PO-2026-06926', 'P.O. 4711'), wherever they
    stand in the header block: in a grid of values, beside a caption no lexicon knows; or that
    follow a word naming an order, their 'No.' run into them ('注文 No.P26-96621')."""
    out = []
    for row in rows:
        for n, t in enumerate(row.tokens):
            text = clean_reference(t.text)
            after_mark = n > 0 and _names_order(row.tokens[n - 1].text) and identifier_shaped(text)
            if id(t) not in taken and (ORDER_SHAPED.fullmatch(text) or after_mark):
                out.append(Candidate(text, [t], 3.5 + 0.001 * row.index))
    return out


_PURCHASE_ORDER = re.compile(r"(?i)P\.?\s?O|ご?注文|発注")


def _names_order(text: str) -> bool:
    """A word that is the mark of the buyer's order alone ('注文', '発注', 'PO'); not 'Order',
    which a web shop prints before its own number for the order it bills."""
    return _PURCHASE_ORDER.fullmatch(text.strip(" :#.")) is not None
