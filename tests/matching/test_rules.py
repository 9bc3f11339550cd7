"""The matching rules, one behaviour each, on small hand-made orders and invoices."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

import pytest

from portal.matching import rules
from portal.matching.rules import Book, Invoice, InvoiceLine, Order, OrderLine, SupplierRecord, TaxAmount
from portal.matching.suppliers import SupplierDirectory, normalise_name

ACME = SupplierRecord(1, "SUP-1", "Acme Trading Co., Ltd.", "T2200297727693")
BETA = SupplierRecord(2, "SUP-2", "株式会社ベータ", None, "USD")


def order(number="PO-1", supplier_id=1, *lines, order_id=1):
    lines = lines or (OrderLine(11, 1, "Copy paper A4", D(10), D(500), D(10), D(10)),
                      OrderLine(12, 2, "Green tea bags", D(4), D(1000), D(8), D(4)))
    return Order(order_id, number, supplier_id, tuple(lines))


def line(description, quantity, unit_price, rate=None):
    return InvoiceLine(description, D(quantity), D(unit_price), D(quantity) * D(unit_price),
                       None if rate is None else D(rate))


def invoice(*lines, id=1, po="PO-1", supplier_id=1, number="INV-1", sha=None, **fields):
    """An invoice whose subtotal, tax and total add up (tax per marked rate, rounded down)."""
    lines = lines or (line("Copy paper A4", 10, 500, 10), line("Green tea bags", 4, 1000, 8))
    by_rate: dict[D, D] = {}
    for ln in lines:
        by_rate[ln.tax_rate or D(10)] = by_rate.get(ln.tax_rate or D(10), D(0)) + ln.amount
    taxes = tuple(TaxAmount(r, t, (t * r / 100).quantize(D(1), rounding="ROUND_DOWN"))
                  for r, t in by_rate.items())
    subtotal = sum((ln.amount for ln in lines), D(0))
    tax = sum((t.tax for t in taxes), D(0))
    values = dict(id=id, doc_type="invoice", supplier_id=supplier_id, supplier_name="Acme",
                  registration_number=None, document_number=number, po_number=po, currency="JPY",
                  subtotal=subtotal, tax_total=tax, total=subtotal + tax, sha256=sha or f"sha-{id}",
                  lines=lines, taxes=taxes)
    values.update(fields)
    return Invoice(**values)


def book(*orders, tolerances=None):
    return Book({1: ACME, 2: BETA}, orders or (order(),), tolerances or rules.Tolerances())


def test_a_clean_invoice_matches_its_order_without_exceptions():
    outcome = book().add(invoice())
    assert (outcome.order_id, outcome.exceptions) == (1, [])


@pytest.mark.parametrize("printed", ["PO-1", "po-1", "ＰＯ－１", " PO - 1 "])
def test_the_printed_po_number_is_compared_without_case_width_or_spaces(printed):
    assert book().add(invoice(po=printed)).order_id == 1


def test_an_order_of_another_supplier_is_supplier_mismatch():
    outcome = book(order(supplier_id=2)).add(invoice())
    assert (outcome.order_id, outcome.exceptions) == (1, ["supplier_mismatch"])


@pytest.mark.parametrize(("price", "codes"), [("505", []), ("506", ["price_variance"]), ("450", [])])
def test_a_unit_price_more_than_one_percent_above_is_price_variance(price, codes):
    inv = invoice(line("Copy paper A4", 10, price, 10), line("Green tea bags", 4, 1000, 8))
    assert book().add(inv).exceptions == codes


def test_a_supplier_tolerance_overrides_the_global_one():
    generous = SupplierRecord(1, "SUP-1", "Acme", price_tolerance=D(5))
    b = Book({1: generous}, [order()])
    inv = invoice(line("Copy paper A4", 10, 520, 10), line("Green tea bags", 4, 1000, 8))
    assert b.add(inv).exceptions == []


def test_quantity_above_the_order_counting_earlier_invoices_is_quantity_variance():
    b = book()
    first = b.add(invoice(line("Copy paper A4", 6, 500, 10), id=1, number="A"))
    second = b.add(invoice(line("Copy paper A4", 5, 500, 10), id=2, number="B"))
    assert (first.exceptions, second.exceptions) == ([], ["quantity_variance"])


def test_quantity_within_the_order_but_above_receipts_is_not_received():
    short = order("PO-1", 1, OrderLine(11, 1, "Copy paper A4", D(10), D(500), D(10), received=D(3)))
    b = book(short)
    assert b.add(invoice(line("Copy paper A4", 3, 500, 10), id=1, number="A")).exceptions == []
    assert b.add(invoice(line("Copy paper A4", 1, 500, 10), id=2, number="B")).exceptions == ["not_received"]


def test_tax_off_by_one_unit_is_tax_mismatch():
    good = invoice()
    bad_taxes = (TaxAmount(D(10), D(5000), D(501)), TaxAmount(D(8), D(4000), D(320)))
    bad = invoice(taxes=bad_taxes, tax_total=D(821), total=good.subtotal + D(821))
    assert book().add(bad).exceptions == ["tax_mismatch"]


def test_without_printed_taxable_the_lines_rate_or_their_order_lines_rate_is_used():
    lines = (line("Copy paper A4", 10, 500), line("Green tea bags", 4, 1000))  # no rate marked
    taxes = (TaxAmount(D(10), None, D(500)), TaxAmount(D(8), None, D(320)))
    assert book().add(invoice(*lines, taxes=taxes, tax_total=D(820), total=D(9820))).exceptions == []
    wrong = (TaxAmount(D(10), None, D(820)),)  # everything taxed at 10 %: the tea is 8 %
    outcome = book().add(invoice(*lines, id=1, taxes=wrong, tax_total=D(820), total=D(9820)))
    assert outcome.exceptions == ["tax_mismatch"]


@pytest.mark.parametrize("fields", [
    {"total": D(9821)},  # subtotal + tax is not the total
    {"subtotal": D(9001), "total": D(9821)},  # the lines do not add up to the subtotal
])
def test_totals_that_do_not_add_up_are_total_mismatch(fields):
    assert book().add(invoice(**fields)).exceptions == ["total_mismatch"]


@pytest.mark.parametrize(("fields", "codes"), [
    # Lines off a scan short of a subtotal the totals bear out: a line missed, no finding.
    ({"subtotal": D(9001), "total": D(9821)}, []),
    # The totals themselves do not add up: a finding, however the lines were read.
    ({"total": D(9821)}, ["total_mismatch"]),
])
def test_lines_read_off_a_scan_are_no_proof_of_totals_that_do_not_add_up(fields, codes):
    assert book().add(invoice(**fields, lines_as_scanned=True)).exceptions == codes


@pytest.mark.parametrize(("printed", "codes"), [
    ("T2200297727693", []),
    ("T3200297727693", ["invalid_registration_number"]),  # check digit wrong
    ("T6109802740859", ["invalid_registration_number"]),  # valid, but another company's
    ("T22002977276", ["invalid_registration_number"]),  # not T + 13 digits
])
def test_registration_numbers_are_checked_by_digit_and_against_the_master(printed, codes):
    assert book().add(invoice(registration_number=printed)).exceptions == codes


def test_a_valid_number_is_fine_when_the_master_has_none():
    b = book(order(supplier_id=2))
    assert b.add(invoice(supplier_id=2, registration_number="T6109802740859")).exceptions == []


@pytest.mark.parametrize("number", ["INV-1", "inv 1", "ＩＮＶ－１", "INV1"])
def test_the_same_supplier_and_document_number_is_a_duplicate(number):
    b = book()
    b.add(invoice(id=1))
    outcome = b.add(invoice(id=2, number=number))
    assert (outcome.order_id, outcome.duplicate_of_id, outcome.exceptions) == (1, 1, ["duplicate"])


def test_the_same_bytes_are_a_duplicate_whatever_was_read():
    b = book()
    b.add(invoice(id=1, sha="abc"))
    outcome = b.add(invoice(id=2, number="OTHER", po=None, sha="abc"))
    assert (outcome.order_id, outcome.duplicate_of_id, outcome.exceptions) == (1, 1, ["duplicate"])


def test_a_duplicate_of_a_document_that_matched_no_order_takes_its_own_printed_order():
    b = book()
    assert b.add(invoice(id=1, po="PU-1")).order_id is None  # the original's number misread
    outcome = b.add(invoice(id=2))
    assert (outcome.order_id, outcome.duplicate_of_id, outcome.exceptions) == (1, 1, ["duplicate"])


def test_the_same_number_from_another_supplier_is_no_duplicate():
    b = book(order(), order("PO-2", 2, order_id=2))
    b.add(invoice(id=1))
    assert b.add(invoice(id=2, po="PO-2", supplier_id=2)).duplicate_of_id is None


def test_a_duplicate_counts_no_quantities():
    b = book()
    b.add(invoice(id=1))
    b.add(invoice(id=2))  # duplicate: would push the quantities over
    assert b.add(invoice(line("Green tea bags", 0, 1000, 8), id=3, number="X")).exceptions == []
    assert b.invoiced_before(order(), 4) == {11: D(10), 12: D(4)}


def test_an_unknown_printed_po_number_is_po_not_found():
    outcome = book().add(invoice(po="PO-404"))
    assert (outcome.order_id, outcome.exceptions) == (None, ["po_not_found"])


@pytest.mark.parametrize(("printed", "order_id", "exceptions"), [
    ("302-9312196-2252526", 1, []),  # a web shop's order number under 'Order #': built like none of ours
    ("BM-0312-0089737", 1, []),  # ... or like ours but with other letters (注文番号 of a web shop)
    ("PO-404", None, ["po_not_found"]),  # built like ours: a number printed wrong, for a clerk to see
    ("PU-404", None, ["po_not_found"]),  # ... its letters misread by OCR
])
def test_a_printed_number_built_like_none_of_the_buyers_orders_is_the_sellers_own(printed, order_id, exceptions):
    outcome = book().add(invoice(po=printed))
    assert (outcome.order_id, outcome.exceptions) == (order_id, exceptions)


def test_the_sellers_own_order_number_without_one_open_order_for_the_amount_is_no_po_reference():
    outcome = book().add(invoice(line("Copy paper A4", 1, 500, 10), po="302-9312196-2252526"))
    assert (outcome.order_id, outcome.exceptions) == (None, ["no_po_reference"])


def test_without_a_po_number_the_one_open_order_for_the_subtotal_is_the_match():
    other = order("PO-2", 1, OrderLine(21, 1, "Copy paper A4", D(1), D(500), D(10), D(1)), order_id=2)
    outcome = book(order(), other).add(invoice(po=None))
    assert (outcome.order_id, outcome.exceptions) == (1, [])


def test_without_a_po_number_two_open_orders_for_the_subtotal_are_no_po_reference():
    twin = Order(2, "PO-2", 1, tuple(replace(ln, id=ln.id + 10) for ln in order().lines))
    outcome = book(order(), twin).add(invoice(po=None))
    assert (outcome.order_id, outcome.exceptions) == (None, ["no_po_reference"])


def test_without_a_po_number_and_no_order_for_the_amount_is_no_po_reference():
    assert book().add(invoice(line("Copy paper A4", 1, 500, 10), po=None)).exceptions == ["no_po_reference"]


def test_an_order_fully_invoiced_before_is_not_open():
    twin = Order(2, "PO-2", 1, tuple(OrderLine(20 + ln.id, ln.line_no, ln.description, ln.quantity,
                                               ln.unit_price, ln.tax_rate, ln.received)
                                     for ln in order().lines))
    b = book(order(), twin)
    b.add(invoice(id=1, number="A"))  # fully invoices PO-1
    outcome = b.add(invoice(id=2, number="B", po=None))
    assert (outcome.order_id, outcome.exceptions) == (2, [])


def test_a_quote_is_never_matched_and_has_no_exceptions():
    outcome = book().add(invoice(doc_type="quote", total=D(1), registration_number="T1"))
    assert (outcome.order_id, outcome.exceptions) == (None, [])


# --- line pairing ---


def test_reordered_lines_pair_with_their_order_lines():
    inv = invoice(line("Green tea bags", 4, 1000, 8), line("Copy paper A4", 10, 500, 10))
    outcome = book().add(inv)
    assert outcome.exceptions == []
    assert {(a.line_index, a.order_line_id) for a in outcome.allocations} == {(0, 12), (1, 11)}


def test_a_misread_description_pairs_by_price_and_quantity():
    inv = invoice(line("Gr33n te a bgs", 4, 1000, 8), line("C0py papr A4", 10, 500, 10))
    assert {(a.line_index, a.order_line_id) for a in book().add(inv).allocations} == {(0, 12), (1, 11)}


def test_an_order_line_split_over_two_invoice_lines_adds_both():
    inv = invoice(line("Copy paper A4", 6, 500, 10), line("Copy paper A4", 4, 500, 10),
                  line("Green tea bags", 4, 1000, 8))
    outcome = book().add(inv)
    assert outcome.exceptions == []
    assert sum(a.quantity for a in outcome.allocations if a.order_line_id == 11) == 10


def test_a_split_that_bills_too_much_is_quantity_variance():
    inv = invoice(line("Copy paper A4", 6, 500, 10), line("Copy paper A4", 5, 500, 10))
    assert book().add(inv).exceptions == ["quantity_variance"]


def test_one_invoice_line_merging_two_order_lines_of_the_same_item_fills_both():
    two_lots = order("PO-1", 1, OrderLine(11, 1, "Copy paper A4", D(10), D(500), D(10), D(10)),
                     OrderLine(12, 2, "Copy paper A4", D(5), D(500), D(10), D(5)))
    outcome = book(two_lots).add(invoice(line("Copy paper A4", 15, 500, 10)))
    assert outcome.exceptions == []
    assert sorted((a.order_line_id, a.quantity) for a in outcome.allocations) == [(11, D(10)), (12, D(5))]


def test_partial_invoices_accumulate_until_the_order_is_used_up():
    b = book()
    codes = [b.add(invoice(line("Copy paper A4", q, 500, 10), id=i, number=f"P{i}")).exceptions
             for i, q in enumerate([3, 3, 4, 1], start=1)]
    assert codes == [[], [], [], ["quantity_variance"]]


def test_a_line_not_on_the_order_is_quantity_variance():
    inv = invoice(line("Copy paper A4", 10, 500, 10), line("Office chair deluxe", 1, 45000, 10))
    assert book().add(inv).exceptions == ["quantity_variance"]


def test_the_book_refuses_documents_out_of_upload_order():
    b = book()
    b.add(invoice(id=2))
    with pytest.raises(ValueError):
        b.add(invoice(id=1))


# --- suppliers ---


DIRECTORY = SupplierDirectory([
    ACME, BETA, SupplierRecord(3, "SUP-3", "Kaneda Cleaning Services K.K.", "T9411842785349"),
    SupplierRecord(4, "SUP-4", "有限会社さくら印刷", "T7445928504020"),
    SupplierRecord(5, "SUP-5", "Larchmont Safety Supply Inc.", None),
    SupplierRecord(6, "SUP-6", "Old Harbour Safety Supply Corp.", None),
])


@pytest.mark.parametrize(("name", "number", "code"), [
    ("Someone else entirely", "T9411842785349", "SUP-3"),  # the T-number wins
    ("Someone else entirely", "T7445928584828", "SUP-4"),  # ... its zeros read as 8s (a line printer's slashed zero)
    ("ACME TRADING CO LTD", None, "SUP-1"),
    ("ａｃｍｅ　ｔｒａｄｉｎｇ", None, "SUP-1"),
    ("ベータ株式会社", None, "SUP-2"),
    ("さくら印刷(有)", None, "SUP-4"),
    ("Kaneda Cleanng Services", "T0000000000000", "SUP-3"),  # misread, close enough
    ("Zebra Logistics GmbH", None, None),
    ("Services K.K.", None, None),  # a common word of a supplier's name, read off another's name
    ("Kaneda Cleaning", None, "SUP-3"),  # half the name and more
    ("Safety Supply Inc.", None, None),  # as much of two suppliers' names: neither
    ("Larchmont Safety Supply", None, "SUP-5"),
    ("LARCHMONT", None, "SUP-5"),  # the first word alone, as a logo prints it over the rest
    ("Old", None, None),
    (None, None, None),
])
def test_suppliers_resolve_by_registration_number_then_closest_name(name, number, code):
    found = DIRECTORY.resolve(name, number)
    assert (found.code if found else None) == code


def test_legal_forms_spacing_and_case_are_ignored_in_names():
    assert normalise_name("FUJIMI ELECTRONICS CO., LTD.") == normalise_name("Fujimi Electronics") \
        == normalise_name("株式会社 Fujimi  Electronics")


# --- qualified invoice ---


def test_a_complete_qualified_invoice_has_all_six_items():
    from datetime import date
    inv = invoice(registration_number="T2200297727693", issue_date=date(2026, 10, 3))
    check = rules.check_qualified_invoice(inv, ACME, "神奈川精密フーズ株式会社 御中")
    assert check.applies and check.complete and len(check.requirements) == 6


def test_missing_items_are_named():
    check = rules.check_qualified_invoice(
        invoice(line("Copy paper A4", 10, 500), line("Green tea bags", 4, 1000),
                registration_number="T3200297727693",
                taxes=(TaxAmount(D(10), D(5000), None), TaxAmount(D(8), D(4000), D(320)))), ACME, "")
    assert check.missing == ["issuer", "transaction_date", "description", "tax_per_rate", "recipient"]


def test_the_qualified_invoice_check_does_not_apply_to_foreign_suppliers():
    assert not rules.check_qualified_invoice(invoice(currency="USD"), BETA).applies


@pytest.mark.parametrize(("text", "code"), [
    ("Sold by Larchmont Safety Supply Inc. 38 Avenue John F. Kennedy Billing address Kanagawa Precision "
     "Foods Co., Ltd.", "SUP-5"),
    ("〒370-0841 群馬県高崎市 有限会社 さくら印刷 TEL 027-322-1958", "SUP-4"),
    ("Kaneda Cleaning Services K.K. and Larchmont Safety Supply Inc. on one page", None),  # two: neither
    ("Safety Supply Inc. (a common part of two names)", None),
    ("Kanagawa Precision Foods Co., Ltd. Invoice", None),
    ("Larchmont Safefy Suppiy Inc. 38 Avenue John F. Kennedy", "SUP-5"),  # two characters misread
    ("Kaneda Cleaning Services and Larchrnont Safety Supply", "SUP-3"),  # one whole, one nearly: the one whole
    ("Largemont Savings Bank", None),  # too far from any name
])
def test_the_one_supplier_whose_name_a_page_prints(text, code):
    found = DIRECTORY.named_in(text)
    assert (found.code if found else None) == code


PHONEBOOK = SupplierDirectory([
    SupplierRecord(1, "RS-429", "株式会社北斗文具", None,
                   address="〒330-0854 埼玉県さいたま市大宮区桜木町5-5 / TEL 091-154-4691"),
    SupplierRecord(2, "RS-401", "Voedingsmiddelen van Leeuwen B.V.", None, "EUR",
                   address="Havenstraat 527 / 3011 AB Rotterdam, Nederland / Tel. +31 10 960-3826"),
    SupplierRecord(3, "D-4001", "株式会社新潟ペーパーワークス", None,
                   address="〒950-0087 新潟県新潟市中央区東大通2-4-10 / TEL 025-240-3311　FAX 025-240-3312"),
    SupplierRecord(4, "SUP-7", "Fujimi Electronics Co., Ltd.", None,
                   address="2-11-5 Sotokanda, Chiyoda-ku / Tokyo 101-0021"),
])


@pytest.mark.parametrize(("name", "printed", "code"), [
    # its name garbled past recognising: the telephone number it prints names it
    ("株式会社オbows", "〒330-0854 埼玉県さいたま市大宮区桜木町5-5 TEL 091-154-4691 御見積書", "RS-429"),
    ("Voedingsmidd3l", "Tel. 010 960 3826 Factuur", "RS-401"),  # printed without its country code
    ("Voedingsmidd3l", "Tel +31 (0)10 960-3826", "RS-401"),
    ("", "FAX 025-240-3312 請求書", "D-4001"),  # its fax number
    ("株式会社オbows", "ＴＥＬ ０９１－１５４－４６９１", "RS-429"),  # in full-width figures
    ("株式会社オbows", "TEL 091-154-4691 TEL 025-240-3311", None),  # two suppliers' numbers: neither
    ("株式会社オbows", "〒101-0021 TEL 03-1234-5678", None),  # a postal code, someone else's number
    ("株式会社新潟ペーパーワークス", "TEL 091-154-4691", "D-4001"),  # the name read whole goes first
])
def test_a_supplier_whose_name_was_misread_is_the_one_whose_telephone_number_the_page_prints(name, printed, code):
    found = PHONEBOOK.resolve(name, None, printed)
    assert (found.code if found else None) == code
