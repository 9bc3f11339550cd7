"""Field extraction: from positioned OCR words to the fields of an invoice or quote.

    invoice = extract_fields(pages)
    invoice.total                    # Decimal("13574")
    invoice.sources["total"]         # Source(confidence=0.93, page=1, box=[l, t, r, b])
    invoice.fields["total"]          # "13574": the export's JSON shape

The stages, each small and independent of any one layout, in the order a page meets them:
read words (layout: straightened tokens, rows, phrases), find labels (labels, from the
lexicon), read the item table (table), find the candidates of every header field and choose
them (header, choose, supplier), choose the totals together from every printed figure
with the document's arithmetic (figures, totals), tax per rate (rates), and hand over a
typed result (result).
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from ocr.extract import arithmetic, second_look, second_look_items
from ocr.extract.amounts_alone import amounts_alone
from ocr.extract.choose import (
    Header,
    header_in_its_date_order,
    look_again,
    marks_printed_elsewhere,
    number_dated_as_issued,
    number_with_its_series,
    order_prefix_read_back,
)
from ocr.extract.cues import labels_in
from ocr.extract.guessed import read_guessed_again
from ocr.extract.header import Candidate, all_label_hits, doc_type, label_candidates, registration_number
from ocr.extract.layout import GARBLED, SURE, PageDocument, Token, document_of, is_cjk
from ocr.extract.lost_figures import read_lost_figures
from ocr.extract.lost_lines import read_lost_lines
from ocr.extract.panels import panels_apart
from ocr.extract.rates import breakdown
from ocr.extract.result import ExtractedInvoice, ExtractedLine, ExtractedTax, Source, rate_of
from ocr.extract.supplier import supplier_name
from ocr.extract.table import Item, looks_reduced_rate_note, table_items
from ocr.extract.totals import Totals, read_totals
from ocr.extract.unlabelled import valid_for
from ocr.extract.values import date_order
from ocr.model import Page
from ocr.parse import DOLLARS, currency_of_vat_number, detect_currency

__all__ = ["ExtractedInvoice", "extract_fields"]


# A mark before digits that start with a zero marks no amount: a reference's letter misread ('£00723');
# nor does a dollar sign before four figures or more with neither thousands nor cents marked: a
# reference's S or a 5 misread ('$4693' for a client number 54693, '$2612470' for S2612470), nor
# before one or two figures alone (a tax category's S: 'S10' read as '$10').
_REFERENCE_DIGITS = re.compile(r"^\W?0\d{3,}$|^\$\d{4,}$|^\$\d{1,2}$")
# Nor does a sign run into letters and no figure ('$F', '¥ka'): garble of a stamp or a logo.
_SIGN_ON_LETTERS = re.compile(r"[$€£¥￥]\s?[^\W\d_]+")


def _code_in_a_name(t: Token, after: Token | None, then: Token | None) -> bool:
    """Whether a currency's code is a word of a name it runs into: a code alone, no sign, with
    Japanese straight after it ('AED 用電極パッド', the defibrillator's pads), or joined by a slash
    read apart to a word of letters ('CAD / CAM', as 'CAD/CAM' read whole is no code), not garble
    ('Total SAR / Jla>yl', the caption's Arabic)."""
    if re.fullmatch(r"[A-Z]{3}", t.text) is None or after is None or after.x0 - t.x1 >= after.h:
        return False
    return is_cjk(after.text[0]) or (after.text == "/" and then is not None and then.text[:1].isalpha()
                                     and then.x0 - after.x1 < then.h and then.confidence >= GARBLED)


def _code_before_a_name(t: Token, after: Token | None) -> bool:
    """Whether a currency's code opens a name of capitalised words ('CAD Designer II', a labour
    category): it still names money ('USD Current A/C'), but less surely than one beside a figure."""
    return (re.fullmatch(r"[A-Z]{3}", t.text) is not None and after is not None
            and re.fullmatch(r"[A-Z][a-z]+", after.text) is not None)


# A bare '$' says dollars, not whose: the dollar a code or a marked sign names elsewhere on the
# page ('All amounts in Australian dollars (AUD)'), else the US dollar.
_DOLLAR = "$"
_US = re.compile(r"US", re.I)
# An American address's state and ZIP code ('Cleveland, OH 44114'): with no money marked, dollars.
_US_ADDRESS = re.compile(
    r"\b(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]"
    r"|W[AIVY])\s\d{5}(?:-\d{4})?\b")
_CENTS = re.compile(r"\d[.,]\d\d$")
# The money of the one country the page's business numbers, tax offices or addresses name: where no
# dollar is named, whose a bare '$' is, and where no amount is marked at all, the money. An
# Australian Business Number ('ABN 53 614 208 337') or a state and postcode ('Alexandria NSW 2015'),
# a Canadian province and postal code ('Toronto ON M5V 2T6'), a New Zealand Business Number, a
# Singaporean entity number (UEN) or postcode ('Singapore 018989'); the peso's countries by their
# tax numbers (Argentina's CUIT '30-71234567-8', Chile's RUT '76.123.456-7', Colombia's NIT
# '900.123.456-7', Mexico's RFC 'DAZ090512K73'), tax offices (AFIP, SII, DIAN) or names; India's
# GSTIN ('27AAHCS4821K1ZQ'), the Emirates' TRN, Serbia's PIB, or the country's name; or the tax's
# own name in a country of one money ('KDV': Turkish lira, 'ÁFA': forint, 'PPN': rupiah).
_COUNTRIES = {
    "AUD": re.compile(r"\bABN:?\s?\d{2}\s?\d{3}\s?\d{3}\s?\d{3}\b|\b(?:NSW|VIC|QLD|WA|SA|TAS|ACT|NT)\s\d{4}\b"),
    "CAD": re.compile(r"\b(?:AB|BC|MB|NB|NL|NS|ON|PE|QC|SK|YT)\s[A-Z]\d[A-Z]\s?\d[A-Z]\d\b"),
    "NZD": re.compile(r"\bNZBN\b|\bNew Zealand\b"),
    "SGD": re.compile(r"\bUEN\b|\bSingapore\s\d{6}\b"),
    "ARS": re.compile(r"\bC\.?U\.?I\.?T\.?:?\s?\d{2}-?\d{8}-?\d\b|\bAFIP\b|\bArgentina\b"),
    "CLP": re.compile(r"\bR\.?U\.?T\.?:?\s?\d{1,2}\.\d{3}\.\d{3}-[\dkK]\b|\bSII\b|\bChile\b"),
    "COP": re.compile(r"\bNIT\.?:?\s?\d{3}\.\d{3}\.\d{3}-\d\b|\bDIAN\b|\bColombia\b"),
    "MXN": re.compile(r"\bRFC:?\s?[A-ZÑ&]{3,4}\d{6}[A-Z\d]{3}\b|\bCFDI\b|\bM[eé]xico\b"),
    "INR": re.compile(r"\bGSTIN\b|\b\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]\b|\bIndia\b"),
    "ZAR": re.compile(r"\bSouth Africa\b"),
    "SAR": re.compile(r"\bSaudi Arabia\b|\bKSA\b"),
    "AED": re.compile(r"\bUnited Arab Emirates\b|\bU\.A\.E\.?|\bUAE\b|\bTRN\b"),
    "ILS": re.compile(r"\bIsrael\b"),
    "BHD": re.compile(r"\bBahrain\b"),
    "KWD": re.compile(r"\bKuwait\b"),
    "OMR": re.compile(r"\bSultanate of Oman\b"),
    "QAR": re.compile(r"\bQatar\b"),
    "KES": re.compile(r"\bKenya\b"),
    "TZS": re.compile(r"\bTanzania\b"),
    "NGN": re.compile(r"\bNigeria\b"),
    "RSD": re.compile(r"\bSrbija\b|\bSerbia\b|\bPIB\b"),
    "TRY": re.compile(r"(?<![A-Za-z])KDV(?![A-Za-z])"),
    "HUF": re.compile(r"(?<![A-Za-z])[ÁA]FA(?![A-Za-z])"),
    "IDR": re.compile(r"(?<![A-Za-z])PPN(?![A-Za-z])"),
}


_SIGN_ALONE = re.compile(r"[$€£¥￥\\]")


def _figure_or_word(token: Token | None) -> bool:
    """Whether a token is a figure, or a word read cleanly ('TOTAL $', the total on the next line)."""
    return token is not None and (re.search(r"\d", token.text) is not None
                                  or re.fullmatch(r"[^\W\d_]{3,}:?", token.text) is not None
                                  and token.confidence >= GARBLED)


def _sign_after_figure(before: Token | None, t: Token) -> str | None:
    """The currency of a sign that is also letters of words ('Kč', 'zł'), read apart from the
    figure before it ('516,00' 'Kč')."""
    if before is None or not re.fullmatch(r"[\d.,' ]*\d", before.text):
        return None
    return detect_currency(f"1 {t.text}") if len(t.text) <= 3 else None


def _currency(doc: PageDocument, hits, t_number: Candidate | None) -> tuple[str | None, Candidate | None]:
    """The document's currency: a Currency label's value, else the marks on its amounts, each
    counting as surely as OCR read it (a '$' in garble weighs next to nothing); with no mark read,
    yen where the page is Japanese or carries a qualified-invoice registration number (an English
    invoice from a Japanese supplier whose '¥' and '円' OCR garbled), or where one other money's
    sign alone was read on such a page (a mark misread); else the money of the
    country whose VAT number the page prints ('VAT Reg No. GB 371 2290 4': pounds), or the one
    country whose tax number, tax or name it prints ('GSTIN', 'KDV', 'South Africa', 'ABN':
    `_COUNTRIES`), or whose addresses it prints with a state and
    ZIP code ('Cleveland, OH 44114': dollars). A sign beside no figure, in garble, marks no amount.
    Read from a caption or from a code written out and read surely, the currency has its place
    (the candidate); from signs or the page's country, none."""
    found = label_candidates(doc, hits, {"currency"})["currency"]
    if found:
        return found[0].value, found[0]
    if (named := _code_of_the_total(doc, hits)) is not None:
        return named.value, named
    votes: Counter[str] = Counter()
    marks: Counter[str] = Counter()
    codes: dict[str, Token] = {}  # by money, its code written out and read surely ('EUR 1.250,00')
    for row in doc.rows:
        tokens = [None, *row.tokens, None, None]
        for before, t, after, then in zip(tokens[:-3], tokens[1:-2], tokens[2:-1], tokens[3:], strict=True):
            c = detect_currency(t.text) or _sign_after_figure(before, t)
            if c and _SIGN_ALONE.fullmatch(t.text) and not (_figure_or_word(before) or _figure_or_word(after)):
                continue  # a sign beside no figure nor word, in garble ('meee , . ¥ eo'): no money marked
            if c and len(t.text) <= 12 and not _REFERENCE_DIGITS.search(t.text) \
                    and not _SIGN_ON_LETTERS.fullmatch(t.text) and not _code_in_a_name(t, after, then):
                kind = _DOLLAR if c == "USD" and not _US.search(t.text) else c
                votes[kind] += max(t.confidence, 1) / (2 if _code_before_a_name(t, after) else 1)
                # (money as printed: '$4,693.00'; a nought says little: '£0' for ¥0 on a fax)
                marks[kind] += 2 if _CENTS.search(t.text) else 0 if _NOUGHT.fullmatch(t.text) else 1
                if t.confidence >= SURE and _CODE.fullmatch(t.text):
                    codes.setdefault(c, t)
    if bare := votes.pop(_DOLLAR, 0):  # a bare '$' is the dollar named most surely, if any
        named = [c for c, _ in votes.most_common() if c in DOLLARS]
        dollar = named[0] if named else _money_of_the_country(doc, set(DOLLARS)) or "USD"
        votes[dollar] += bare
        marks[dollar] += marks.pop(_DOLLAR)
    japanese = t_number is not None or doc.has_japanese
    if votes and votes.most_common(1)[0][1] >= GARBLED:  # (signs read from garble alone say nothing)
        currency = votes.most_common(1)[0][0]
        # (on a Japanese page, one other money's sign may be a mark misread: '▲2,101' as '$-2101',
        # '¥2,000' as '£2,000', but not on a figure printed with its cents)
        if not japanese or currency == "JPY" or marks[currency] > 1:
            code = codes.get(currency)
            return currency, Candidate(currency, [code], 0.0) if code is not None else None
    if japanese:
        return "JPY", None
    countries = Counter(c for row in doc.rows if (c := currency_of_vat_number(row.text)))
    if countries:
        return countries.most_common(1)[0][0], None
    money = _money_of_the_country(doc, set(_COUNTRIES))
    if money is not None:
        return money, None
    return ("USD" if any(_US_ADDRESS.search(row.text) for row in doc.rows) else None), None


_NOUGHT = re.compile(r"\D*0+\D*")  # a sign on a nought ('£0')
_CODE = re.compile(r"[A-Z]{3}")  # a money's code, written out ('USD'): no sign that OCR may have made of another
_CODE_AFTER_CAPTION = re.compile(r"(\w*[a-z])?([A-Z]{3})")  # 'GBP', or run into the caption: 'AttbetalaSEK'


def _code_of_the_total(doc: PageDocument, hits) -> Candidate | None:
    """The money whose code the total's caption prints beside its figure, read surely ('INVOICE
    TOTAL GBP 1,922.12', 'AttbetalaSEK 7 265,00'): the document's, whatever signs the lines' columns
    seem to print (a tax code 'S' read as 'S$' on every line). Only a code: a sign OCR may have
    made of another."""
    codes: dict[str, Token] = {}
    for row in doc.rows:
        total_row = any(h.field == "total" for h in hits.get(row.index, []))
        for t in row.tokens:
            m = _CODE_AFTER_CAPTION.fullmatch(t.text)
            if m is None or t.confidence < GARBLED or (code := detect_currency(m.group(2))) is None:
                continue
            if total_row or m.group(1) and any(field == "total" for field, _, _ in labels_in(m.group(1))):
                codes.setdefault(code, t)
    if len(codes) != 1:
        return None
    code, token = codes.popitem()
    return Candidate(code, [token], 0.0)


def _money_of_the_country(doc: PageDocument, monies: set[str]) -> str | None:
    """Of those monies, the one of the one country other than the United States the page's
    business numbers and addresses name (`_COUNTRIES`); none where an American address is among
    them, or several countries or none are named."""
    texts = [row.text for row in doc.rows]
    countries = {code for code in monies & set(_COUNTRIES) if any(_COUNTRIES[code].search(text) for text in texts)}
    if len(countries) == 1 and not any(_US_ADDRESS.search(text) for text in texts):
        return countries.pop()
    return None


def _lines(doc: PageDocument, hits, currency: str | None) -> tuple[list[Item], set[int]]:
    """The item table's lines, each mended by its own arithmetic, and the rows the table covers."""
    items, table_rows = table_items(doc, hits, currency)
    arithmetic.lost_points(items)
    for item in items:
        arithmetic.repair_item(item)
    return items, table_rows


def extract_fields(pages: list[Page], reread: second_look.Rereader | None = None) -> ExtractedInvoice:
    """Every field of the document the pages show, with where each header field was read.

    With `reread` (`ocr.reread.DocumentRereader`), words OCR only guessed are read again first
    (`guessed`), and fields that fail their validity test are read again from the page image
    (`second_look`).
    """
    if reread is not None:
        pages = read_guessed_again(pages, reread)
    doc = panels_apart(document_of(pages))
    hits = all_label_hits(doc)
    kind, kind_c = doc_type(doc, hits)
    t_number = registration_number(doc, hits)
    currency, currency_c = _currency(doc, hits, t_number)
    items, table_rows = _lines(doc, hits, currency)
    order = date_order(doc, currency)
    header, found, order = header_in_its_date_order(doc, hits, table_rows, order, t_number, kind)
    values = [t for cands in found.values() for c in cands for t in c.tokens]
    values += currency_c.tokens if currency_c else []
    supplier = supplier_name(doc, hits, header.registration_number, kind_c.tokens if kind_c else None,
                             table_rows, values)
    look = second_look.SecondLook(reread, doc, order) if reread is not None else None
    if look is not None:
        read_lost_figures(look, doc, table_rows)
    amounts = [i.amount for i in items if not i.unconfirmed]
    totals = read_totals(doc, table_rows, sum(amounts, Decimal(0)) if items and None not in amounts else None,
                         currency)
    arithmetic.lost_minus(items, totals.subtotal)
    arithmetic.stray_minus(items, totals.subtotal)
    arithmetic.price_run_into_amount(items, totals.subtotal)
    items = arithmetic.without_strays(items, totals.subtotal) or amounts_alone(doc, hits, totals)
    if look is not None:
        look_again(look, hits, table_rows, header, kind == "quote")
        second_look_items.missing_figures(look, items)
        read_lost_lines(look, items, totals)
        second_look_items.descriptions(look, items)
    items = arithmetic.mended_by_subtotal(items, totals.subtotal)
    if kind == "quote" and header.due_date is None and header.issue_date is not None:
        header.due_date = valid_for(doc, hits, header.issue_date.value)
    number_dated_as_issued(header)
    order_prefix_read_back(header)
    number_with_its_series(header, doc)
    marks_printed_elsewhere(header, doc)
    taxes = breakdown(items, totals, looks_reduced_rate_note(doc), currency)
    read = {"doc_type": kind_c, "supplier_name": supplier, "currency": currency_c}
    return _invoice(kind, currency, header, read, totals, taxes, items)


def _line(item: Item) -> ExtractedLine:
    """A line as handed over. An amount printed alone on its line (a delivery slip on a summary
    bill, a fee) is one of itself, as an order's line with no quantity is."""
    quantity, price = item.quantity, item.unit_price
    if quantity is None and price is None and item.amount is not None:
        quantity, price = Decimal(1), item.amount
    return ExtractedLine(item.description or None, quantity, price, item.amount, rate_of(item.tax_rate))


def _invoice(kind: str, currency: str | None, header: Header, read: dict[str, Candidate | None], totals: Totals,
             taxes: list[ExtractedTax], items: list[Item]) -> ExtractedInvoice:
    """The typed result, with the place each header field was read."""
    po = None if kind == "quote" else header.po_number
    chosen = {"registration_number": header.registration_number, "document_number": header.document_number,
              "issue_date": header.issue_date, "due_date": header.due_date, "po_number": po, **read}
    invoice = ExtractedInvoice(
        doc_type=kind, currency=currency, subtotal=totals.subtotal, tax_total=totals.tax_total, total=totals.total,
        taxes=taxes,
        lines=[_line(i) for i in items],
        **{name: c.value if c else None for name, c in chosen.items() if name not in ("doc_type", "currency")},
    )
    for name, cand in {**chosen, **totals.sources}.items():
        if cand is not None and cand.tokens:
            invoice.sources[name] = Source(**cand.meta())
    return invoice
