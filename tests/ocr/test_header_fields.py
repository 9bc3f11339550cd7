"""Header fields on layouts of every kind: captions beside, above or below their values, in grids
and sidebars, in the languages foreign suppliers write in."""
from __future__ import annotations

from dataclasses import replace

import pytest

from ocr.extract import extract_fields
from ocr.extract.layout import document_of
from ocr.extract.values import letters_prefix, parse_identifier
from ocr.model import Page, Word
from tests.ocr.builders import page, t_number


def _fields(rows: list, **kwargs) -> dict:
    return extract_fields([page(rows, **kwargs)]).fields


def test_a_grid_of_captions_over_values_that_ocr_ran_together():
    # The values' row is one phrase: each caption takes what stands in its own column.
    rows = [
        (1900, [(150, "Factuurnr."), (330, "Factuurdatum"), (520, "Uiterste betaaldatum"),
                (760, "Inkoopordernummer"), (1000, "Klantnummer")]),
        (1950, [(150, "2600290"), (330, "21 september 2026 21 oktober 2026 PO-2026-05715"), (1000, "2735")]),
    ]
    fields = _fields(rows)
    assert fields["document_number"] == "2600290"
    assert fields["issue_date"] == "2026-09-21"
    assert fields["due_date"] == "2026-10-21"
    assert fields["po_number"] == "PO-2026-05715"


def test_a_sidebar_that_prints_its_captions_under_the_values():
    rows = [
        (400, [(100, "FA000457")]),
        (430, [(100, "Facture n°")]),
        (480, [(100, "5 octobre 2026")]),
        (510, [(100, "Date de facture")]),
        (560, [(100, "30 novembre 2026")]),
        (590, [(100, "Payable le")]),
        (640, [(100, "PO-2026-06962")]),
        (670, [(100, "Votre commande")]),
    ]
    fields = _fields(rows)
    assert (fields["document_number"], fields["issue_date"], fields["due_date"], fields["po_number"]) == (
        "FA000457", "2026-10-05", "2026-11-30", "PO-2026-06962")


def test_a_date_wrapped_over_two_lines_beside_its_caption_is_read_whole():
    """A details box whose cells are too narrow for a date: '5 November' over '2026', its caption
    centred between the two lines."""
    rows = [
        (380, [(620, "Invoice number"), (829, "CVC-00287")]),
        (424, [(620, "Invoice date"), (829, "6 October 2026")]),
        (478, [(829, "5 November")]),
        (493, [(620, "Due date")]),
        (509, [(829, "2026")]),
        (549, [(620, "Reference"), (829, "MHS26-0402")]),
    ]
    fields = _fields(rows)
    assert (fields["issue_date"], fields["due_date"], fields["po_number"]) == ("2026-10-06", "2026-11-05", "MHS26-0402")


def test_a_letters_number_on_the_line_of_its_date_at_the_top_is_the_document_number():
    """A broker's fee bill written as a letter: 'MC-2610-003' and the date head the page, no caption."""
    rows = [
        (115, [(143, "MC-2610-003"), (1312, "令和8年10月16日")]),
        (221, [(732, "##請求書")]),
        (326, [(142, "松本ハイランド精機株式会社御中"), (914, "株式会社松本中央不動産")]),
        (497, [(915, "登録番号"), (1024, t_number("604056267683"))]),
        (814, [(371, "仲介手数料"), (608, "1,650,000"), (938, "円也")]),
    ]
    fields = _fields(rows)
    assert (fields["document_number"], fields["issue_date"]) == ("MC-2610-003", "2026-10-16")


def test_a_sidebar_of_numeric_dates_that_prints_its_captions_under_the_values():
    # The date under the number's caption is the next entry's value, no document number.
    rows = [
        (373, [(140, "US-00403")]),
        (401, [(140, "Document #")]),
        (459, [(140, "10/14/2026")]),
        (493, [(140, "Issue date")]),
        (545, [(140, "11/13/2026")]),
        (584, [(140, "Remitiarice by")]),  # its caption garbled
        (636, [(140, "PO-2026-04930")]),
        (665, [(140, "Your order")]),
        (717, [(140, "4532")]),
        (750, [(140, "Account no")]),
        (1000, [(660, "Total"), (1000, "$700.30")]),
    ]
    fields = _fields(rows)
    assert (fields["document_number"], fields["issue_date"], fields["due_date"], fields["po_number"]) == (
        "US-00403", "2026-10-14", "2026-11-13", "PO-2026-04930")


def test_a_garbled_date_over_its_caption_is_no_reason_to_take_the_date_over_that():
    # A fax read the due date's kanji as figures: the date over the issue date's caption is
    # the issue date, not the due date's value.
    rows = [
        (380, [(120, "2611-0682")]),
        (410, [(120, "請求NO.")]),
        (461, [(120, "##2026年11月30日")]),
        (500, [(120, "ROT")]),  # its caption garbled too
        (549, [(120, "##202646125308")]),
        (587, [(120, "支払期日")]),
        (638, [(120, "PO-2026-02824")]),
        (672, [(120, "注文No.")]),
        (1000, [(660, "合計"), (1000, "¥70,000")]),
    ]
    p = page(rows, size=25)
    p.words = [replace(w, confidence=33.0) if w.text in ("202646125308", "ROT") else w for w in p.words]
    fields = extract_fields([p]).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2026-11-30", None)


@pytest.mark.parametrize(("due", "issued", "due_date"), [
    ("{March 2027.", "2027-01-30", None),  # its day lost: the date over 'Due date' is the entry before's
    ("1 March 2027", "2027-01-30", "2027-03-01"),
])
def test_a_due_date_garbled_under_its_caption_leaves_the_date_over_it_to_its_own_caption(due, issued, due_date):
    # Captions over their values, the issue date's misread past recognition ('Dare'): the date
    # under it is the issue date, not the due date whose own value OCR garbled.
    rows = [
        (389, [(150, "Reference")]), (406, [(147, "INV-00879")]),
        (450, [(151, "Dare")]), (488, [(150, "30 January 2027")]),
        (532, [(150, "Due date")]), (569, [(151, due)]),
        (614, [(150, "Customer order ref.")]), (659, [(150, "PO-2026-06978")]),
        (1000, [(660, "Total"), (1000, "145,200")]),
    ]
    p = page(rows)
    p.words = [replace(w, confidence=48.0) if w.text in ("{March", "2027.") else w for w in p.words]
    fields = extract_fields([p]).fields
    assert (fields["issue_date"], fields["due_date"]) == (issued, due_date)


def test_a_date_read_unsurely_over_its_caption_set_off_to_the_right_is_its_value_yet():
    # Bilingual captions under their values, the Japanese half garbled, as a fax was read: the
    # issue date, read with little confidence, starts left of 'Invoice date'; it is still that
    # caption's value, no garbled one.
    sidebar = [
        ("26-0464", 171, 337, 107, 38, 67, 6), ("6:3", 171, 384, 39, 20, 18, 7), ("Hoi", 217, 383, 38, 21, 30, 7),
        ("Document", 281, 387, 108, 15, 75, 7), ("Nr.", 400, 385, 27, 17, 95, 7),
        ("2026-10-30", 171, 432, 147, 22, 51, 8),
        ("ABR", 170, 465, 60, 22, 21, 9), ("Invoice", 282, 466, 76, 18, 51, 9), ("cate", 364, 466, 44, 18, 89, 9),
        ("2026-11-20", 170, 514, 145, 22, 97, 10), ("23", 172, 549, 18, 19, 92, 11), ("22H]", 200, 548, 76, 20, 0, 11),
        ("日", 276, 545, 16, 27, 78, 11), ("Payment", 303, 549, 90, 22, 9, 11), ("date", 403, 548, 43, 18, 96, 11),
        ("PO-2026-01876", 170, 596, 208, 39, 87, 12), ("発注番号", 172, 626, 99, 28, 46, 13),
        ("Your", 280, 632, 44, 16, 90, 13), ("order", 336, 630, 58, 18, 96, 13),
    ]
    table = [  # its header on the due date's caption's line
        ("Product", 659, 556, 95, 20, 92, 11), ("Qty", 927, 556, 50, 20, 89, 11), ("Price", 1182, 558, 56, 23, 88, 11),
        ("Total", 1431, 555, 58, 20, 97, 11), ("Ballpoint", 606, 607, 113, 28, 85, 12),
        ("12", 998, 608, 23, 21, 91, 12),
        ("860", 1195, 608, 42, 20, 77, 12), ("10,320", 1413, 608, 76, 24, 96, 12), ("Copy", 605, 669, 62, 27, 96, 14),
        ("2", 1009, 668, 12, 20, 97, 14), ("2,700", 1174, 668, 63, 24, 96, 14), ("5,400", 1425, 668, 64, 24, 96, 14),
    ]
    words = sidebar + table
    p = Page(1, 1654, 2339, [Word(*w) for w in words])
    fields = extract_fields([p]).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2026-10-30", "2026-11-20")


def test_a_stack_of_entries_whose_only_caption_read_has_a_date_over_and_under_it():
    # Of the two dates around 'Datum', the one nearer it is its own: the values sit over their captions.
    rows = [
        (396, [(142, "2700887")]),
        (427, [(142, "Fac ner")]),
        (474, [(143, "18-01-2027")]),
        (504, [(142, "Datum")]),
        (551, [(141, "20-02-2027"), (585, "Te betalen"), (1053, "EUR"), (1169, "199,47")]),
        (583, [(141, "Te voor")]),
        (630, [(142, "PO-2026-05211")]),
    ]
    assert _fields(rows)["issue_date"] == "2027-01-18"


@pytest.mark.parametrize(("rows", "expected"), [
    # A day above twelve tells the order for every date of the document.
    ([(100, [(100, "Date"), (400, "02/01/2027")]), (150, [(100, "Due"), (400, "15/02/2027")])], "2027-01-02"),
    ([(100, [(100, "Date"), (400, "02/01/2027")]), (150, [(100, "Due"), (400, "02/15/2027")])], "2027-02-01"),
])
def test_numeric_dates_are_read_in_the_documents_own_order(rows, expected):
    assert _fields(rows)["issue_date"] == expected


def test_dollar_documents_write_the_month_first_when_nothing_else_tells():
    rows = [(100, [(100, "Invoice date"), (400, "02/01/2027")]), (150, [(100, "Total"), (400, "$100.00")])]
    assert _fields(rows)["issue_date"] == "2027-02-01"


@pytest.mark.parametrize(("printed", "number"), [
    ("R26-10~3318", "R26-10-3318"),  # its last dash read as a tilde
    ("SK.2610-0044", "SK-2610-0044"),  # the dash after its letters read as a stop
    ("U・261029-004", "U-261029-004"),  # ... or as a middle dot
    ("U ・ 261029-004", "U-261029-004"),  # ... set apart
])
def test_a_numbers_dash_ocr_read_as_another_mark_is_a_dash(printed, number):
    rows = [(100, [(100, "請求書")]), (150, [(1100, "請求書番号"), (1389, printed)]),
            (200, [(1100, "発行日"), (1389, "2026/10/31")])]
    assert _fields(rows)["document_number"] == number


@pytest.mark.parametrize(("due", "expected"), [
    ("11/01/2027", ("2026-11-12", "2027-01-11")),  # only day first makes a term of the two
    ("01/11/2027", ("2026-12-11", "2027-01-11")),  # month first does, as dollars suggest
])
def test_dates_no_day_tells_apart_are_read_in_the_order_that_makes_them_a_term(due, expected):
    """An export invoice in dollars from a country writing the day first: '12/11/2026' issued,
    '11/01/2027' due; month first, the due date would come eleven months later."""
    rows = [
        (100, [(100, "Invoice Date"), (600, "Payment Due"), (1000, "Currency")]),
        (140, [(100, "12/11/2026"), (600, due), (1000, "USD")]),
        (300, [(100, "Total"), (600, "$100.00")]),
    ]
    fields = _fields(rows)
    assert (fields["issue_date"], fields["due_date"]) == expected


@pytest.mark.parametrize(("label", "value", "field", "expected"), [
    ("Rechnungsnummer", "R26090401", "document_number", "R26090401"),
    ("Ihr Zeichen", "PO-2026-06926", "po_number", "PO-2026-06926"),
    ("Factuurnummer", "F2026-0704", "document_number", "F2026-0704"),
    ("Fecha de factura", "09/10/2026", "issue_date", "2026-10-09"),
    ("Date d'échéance", "30/11/2026", "due_date", "2026-11-30"),
    ("伝票No.", "YB-00404", "document_number", "YB-00404"),
    ("御社発注No.", "PO-2026-94277", "po_number", "PO-2026-94277"),
    ("お振込期限", "R08.10.31", "due_date", "2026-10-31"),
    ("LPO No.", "4500023604", "po_number", "4500023604"),
    ("Price Quote No.", "3051", "document_number", "3051"),
    ("購買発注参照", "SMS-26-0412", "po_number", "SMS-26-0412"),
    ("Rendelés azonosító", "4500023588", "po_number", "4500023588"),
    ("Fecha de Vto.", "08/11/2026", "due_date", "2026-11-08"),
    ("整備伝票No.", "S-26-0731", "document_number", "S-26-0731"),  # kanji qualifying the slip numbered
    ("工事請求書番号", "K-2610-12", "document_number", "K-2610-12"),
])
def test_labels_of_every_language_the_lexicon_holds(label, value, field, expected):
    assert _fields([(100, [(100, label), (600, value)])])[field] == expected


@pytest.mark.parametrize(("label", "value", "field", "expected"), [
    ("Bill Ref.", "IN2612/582", "document_number", "IN2612/582"),
    ("Quotation ID", "Q-00218", "document_number", "Q-00218"),
    ("請求ナンバー", "S2701619", "document_number", "S2701619"),
    ("Statement dated", "2026-10-01", "issue_date", "2026-10-01"),
    ("Settlement deadline", "2026-11-30", "due_date", "2026-11-30"),
    ("Buyer's order ref.", "PO-2026-06926", "po_number", "PO-2026-06926"),
])
def test_labels_composed_of_words_the_lexicon_holds(label, value, field, expected):
    # Suppliers coin their captions from a head and a tail no list holds together.
    rows = [(100, [(100, "Tokai Trading Ltd.")]), (150, [(100, label), (600, value)]),
            (200, [(100, "Lot KX-20931 2026-09-30")])]
    assert _fields(rows)[field] == expected


def test_a_caption_level_with_the_customers_address_takes_the_value_under_it():
    # A sidebar's caption OCR set on one row with the address beside it: the address's
    # '2-chome' is no reference, the value under the caption is.
    rows = [
        (340, [(570, "Accounts Payable")]),
        (384, [(150, "Devis n°"), (570, "4-1 Shin-Yokohama 2-chome, Kohoku-ku")]),
        (420, [(570, "Yokohama 222-0033, Japan")]),
        (432, [(150, "DEV-00642")]),
    ]
    assert _fields(rows)["document_number"] == "DEV-00642"


def test_a_caption_level_with_the_suppliers_name_takes_the_value_under_it():
    # The seller's name printed large far right, level with the number's caption over its value:
    # 'S6hne' (Söhne, its ö read as a 6) is no reference, the value under the caption is.
    rows = [
        (250, [(122, "Rechnungs-Nr."), (888, "Kriiger & S6hne Lebensmittel KG")]),
        (299, [(121, "R26090090")]),
        (328, [(122, "Datum")]),
        (362, [(121, "18. September 2026")]),
    ]
    assert _fields(rows)["document_number"] == "R26090090"


def test_captions_under_values_beside_the_suppliers_address_take_the_value_over_them():
    # The page prints each caption under its value; the first caption's row runs on, far to the
    # right, into the supplier's address, whose block number reads like a reference.
    rows = [
        (276, [(102, "2701-0643")]),
        (300, [(104, "伝票番号 / Bill No."), (1241, "J6-27-11")]),
        (348, [(102, "2027年1月25日")]),
        (384, [(102, "請求年月日 / Billing date")]),
        (420, [(102, "2027年2月24日")]),
        (456, [(103, "お支払期限 / Payment due")]),
    ]
    fields = _fields(rows)
    assert (fields["document_number"], fields["issue_date"]) == ("2701-0643", "2027-01-25")


@pytest.mark.parametrize(("caption", "confidence", "expected"), [
    ("Bi No.", 61.0, "S2701653"),  # the caption's second language, its first word garbled
    ("Bill No.", 92.0, "S2701653"),
])
def test_a_value_past_a_bilingual_caption_whose_second_language_ocr_garbled(caption, confidence, expected):
    from dataclasses import replace

    p = page([
        (372, [(120, "請求書番号"), (205, caption), (405, "S2701653")]),
        (408, [(121, "作成日 Invoice Date"), (392, "2027/01/25")]),
        (900, [(700, "商品名 Details"), (1182, "単価"), (1385, "金額")]),
        (950, [(700, "紙ナプキン"), (1182, "2,800"), (1385, "2,800")]),
        (970, [(701, "RKW-357")]),
    ])
    p.words = [replace(w, confidence=confidence) if w.text == caption.split()[0] else w for w in p.words]
    assert extract_fields([p]).fields["document_number"] == expected


@pytest.mark.parametrize(("row", "fields"), [
    ([(172, "合同会社有明食材"), (592, "御請求書"), (700, "INVOICE")], []),  # a title: no total, no number caption
    ([(172, "Invoice"), (298, "AG-00452")], ["document_number"]),  # a title word that captions a number
    ([(100, "QUOTATION"), (1193, "Ne"), (1240, "QT-00150")], ["document_number"]),
    # In any language, a title its number follows is that number's caption; not one far from it.
    ([(1209, "Facture"), (1339, "FA2606-0222")], ["document_number"]),
    ([(100, "Rechnung"), (250, "RE-2026-0320")], ["document_number"]),
    ([(100, "Rechnung"), (900, "Referenz"), (1000, "PO-2026-07111")], []),
    ([(100, "Preisangebot Nr. AN-26-1102")], ["document_number"]),  # the title, its word for a number
    # Kanji before a number's caption qualify its slip; before an account's number, no slip's.
    ([(100, "整備伝票No."), (400, "S-26-0731")], ["document_number"]),
    ([(100, "取引先管理番号"), (400, "C-0042")], []),
    # A VAT number's 'N°' is no document number's.
    ([(861, "N° TVA"), (954, "FR83 902 118 447")], ["ignore"]),
])
def test_a_title_is_no_misread_caption_unless_a_number_follows_it(row, fields):
    from ocr.extract.labels import FIELD_VOCAB, find_labels

    found = document_of([page([(160, row)])]).rows[0]
    assert [hit.field for hit in find_labels(found, FIELD_VOCAB, inside=True)] == fields


@pytest.mark.parametrize(("row", "fields"), [
    # A long caption with two characters misread ('Tax Invoice No.:' as 'Jax Involce. NOs').
    ([(100, "Larchmont Supply LLC"), (888, "Jax Involce. NOs"), (1116, "US-00291")], ["document_number"]),
    # Garble before a caption written out is no two-character misreading of a longer caption.
    ([(100, "fh} Reference"), (300, "H ft Date of issue")], ["document_number", "issue_date"]),
    # A short caption may lose one character, never two.
    ([(100, "Jnvolce Nos"), (300, "US-00291")], []),
])
def test_a_long_caption_with_two_characters_misread(row, fields):
    from ocr.extract.labels import FIELD_VOCAB, find_labels

    found = document_of([page([(160, row)])]).rows[0]
    assert [hit.field for hit in find_labels(found, FIELD_VOCAB, inside=True)] == fields


@pytest.mark.parametrize(("confidence", "fields"), [(0.0, []), (95.0, ["document_number"])])
def test_garble_with_a_figure_after_a_title_is_no_number_it_captions(confidence, fields):
    """'COMMERCIAL INVOICE / 商業送り状', its kanji read as 'j2t%' with no confidence: no number
    follows the title, so it captions none (a word read surely with a figure may be its number)."""
    from dataclasses import replace

    from ocr.extract.labels import FIELD_VOCAB, find_labels

    p = page([(160, [(286, "COMMERCIAL INVOICE / j2t%")])])
    p.words = [replace(w, confidence=confidence) if w.text == "j2t%" else w for w in p.words]
    found = document_of([p]).rows[0]
    assert [hit.field for hit in find_labels(found, FIELD_VOCAB, inside=True)] == fields


def test_a_title_whose_other_language_ocr_misread_into_a_number_captions_nothing():
    """'INVOICE 御請求書' printed large, its kanji read as '#5825' with next to no confidence:
    the invoice number is the one its caption names."""
    from dataclasses import replace

    p = page([
        (100, [(566, "##INVOICE"), (836, "###5825")]),
        (200, [(886, "Inv. # 伝票No."), (1230, "26-0575")]),
        (250, [(886, "Invoice dated"), (1230, "29 Oct 2026")]),
    ])
    p.words = [replace(w, confidence=4.9) if w.text == "#5825" else w for w in p.words]
    assert extract_fields([p]).fields["document_number"] == "26-0575"


def test_a_number_that_names_itself_a_number_ends_a_row_after_a_garbled_caption():
    """'No.000474' printed as one word in a key/value box whose caption OCR garbled, digits and all,
    on the supplier name's row: the number names itself."""
    from dataclasses import replace

    p = page([
        (271, [(153, "合同会社陣和包材"), (493, "(0"), (902, "つの2"), (1364, "No.000474")]),
        (338, [(902, "請求日"), (1366, "2026.10.19")]),
        (389, [(903, "お支払期日"), (1369, "2026.11.18")]),
        (441, [(905, "ご注文番号"), (1310, "PO-2026-03116")]),
    ])
    p.words = [replace(w, confidence=0.0) if w.text in ("(0", "つの2") else w for w in p.words]
    assert extract_fields([p]).fields["document_number"] == "No.000474"


def test_a_number_after_its_long_compound_caption_garbled_into_one_word():
    """'Factuurnummer' read as 'Factuurntarner' with no confidence: one word, if a long one, is a
    caption yet; the number after it is the document's."""
    from dataclasses import replace

    p = page([
        (147, [(289, "Hollandia Ingrediënten B.V.")]),
        (360, [(896, "Factuurntarner"), (1126, "2026-10451")]),
        (396, [(896, "Factuurdatum"), (1125, "07-05-2026")]),
        (467, [(895, "Vervaldatum"), (1125, "06-06-2026")]),
        (544, [(896, "Uw referentie"), (1126, "PO-2026-04194")]),
    ])
    p.words = [replace(w, confidence=0.0) if w.text == "Factuurntarner" else w for w in p.words]
    assert extract_fields([p]).fields["document_number"] == "2026-10451"


def test_a_date_printed_letter_spaced_is_one_date():
    """'令和８年５月　２７日' set in spaced full-width figures, no caption: the gap before its day
    parts no phrases."""
    p = page([
        (80, [(1102, "No."), (1166, "260527-09")]),
        (124, [(541, "##御請求書")]),
        (221, [(1141, "令和8年5月"), (1327, "27日")]),
        (275, [(125, "神奈川精密フーズ株式会社御中"), (875, "株式会社なにわ厨房機器")]),
        (1000, [(660, "合計"), (1000, "¥70,000")]),
    ])
    assert extract_fields([p]).fields["issue_date"] == "2026-05-27"


def test_a_number_right_aligned_far_from_its_garbled_caption_whose_boxes_ocr_drew_small():
    """'請求番号' in a sidebar read as 'iP ター' in boxes smaller than its text, the number set
    right, fifteen times its height away: still the number under that caption."""
    from dataclasses import replace

    p = page([
        (100, [(1402, "2026/11/12")]),
        (160, [(906, "iP"), (979, "ター"), (1373, "HP-2026-0092")]),
        (200, [(110, "件名 包装資材 納品分"), (904, "御社発注番号"), (1358, "PO-2026-01052")]),
    ])
    p.words = [replace(w, height=14, confidence=22.0) if w.text in ("iP", "ター") else w for w in p.words]
    assert extract_fields([p]).fields["document_number"] == "HP-2026-0092"


def test_a_number_set_flush_right_in_the_values_column_after_a_caption_cut_short():
    """'伝票番号' read as '伝票' alone, its number set flush right like the dates and the order
    number under it, and the seller's name further along the same line: the number is the
    second phrase of a row whose phrases end where the values read end. (Boxes as read.)"""
    boxes = [
        ("請求明細書", 101, 158, 276, 54),
        ("伝票", 100, 250, 61, 23), ("27-00862", 689, 252, 106, 18), ("合同会社山城工業", 887, 251, 301, 38),
        ("2RA", 102, 294, 66, 23), ("2027年3月21日", 626, 296, 169, 22), ("〒060-0001", 890, 306, 109, 17),
        ("お支払い期限", 102, 337, 141, 24), ("2027年5月31日", 626, 331, 169, 37),
        ("TEL", 887, 340, 36, 16), ("098-288-6436", 930, 340, 135, 16),
        ("注文No.", 101, 375, 84, 38), ("PO-2026-04201", 618, 384, 177, 19),
    ]
    words = [Word(text, x, y, w, h, 95.0, n) for n, (text, x, y, w, h) in enumerate(boxes)]
    fields = extract_fields([Page(number=1, width=1654, height=2339, words=words)]).fields
    assert fields["document_number"] == "27-00862"


def test_a_caption_over_its_value_beside_the_sellers_address_far_off_on_its_row():
    """A supplier portal's grid of captions over values, the seller's address in a block far
    right: the street line '4380 E Jensen Ave' shares the row of 'Purchase Order', whose value is
    the reference under it. (Boxes as read.)"""
    boxes = [
        ("Invoice", 94, 274, 68, 24), ("#", 168, 274, 12, 24), ("Currency", 604, 274, 88, 24),
        ("PFE-INV-118240", 94, 303, 180, 27), ("USD", 604, 303, 50, 27), ("Supplier", 1139, 301, 80, 24),
        ("Invoice", 94, 347, 68, 24), ("Date", 168, 347, 46, 24), ("Delivery", 604, 347, 78, 24),
        ("Number", 688, 347, 77, 24), ("Pacific", 1139, 341, 77, 27), ("Foodservice", 1223, 341, 141, 27),
        ("10/19/2026", 94, 376, 119, 27), ("DN-118240", 604, 376, 122, 27), ("Inc.", 1139, 376, 42, 27),
        ("4380", 1139, 410, 54, 26), ("E", 1199, 410, 16, 26), ("Jensen", 1222, 410, 77, 26),
        ("Ave", 1304, 410, 41, 26),
        ("Payment", 94, 420, 85, 24), ("Term", 185, 420, 48, 24), ("Purchase", 604, 420, 91, 24),
        ("Order", 701, 420, 56, 24),
        ("Net", 94, 449, 37, 27), ("30", 138, 449, 26, 27), ("MTB-261006", 604, 449, 138, 27),
        ("Fresno,", 1139, 445, 81, 27), ("CA", 1227, 445, 33, 27), ("93725", 1265, 445, 67, 27),
    ]
    words = [Word(text, x, y, w, h, 95.0, n) for n, (text, x, y, w, h) in enumerate(boxes)]
    fields = extract_fields([Page(number=1, width=1653, height=2339, words=words)]).fields
    assert fields["po_number"] == "MTB-261006"


def test_a_title_over_its_number_beside_a_line_of_the_sellers_address_set_right():
    """'INVOICE' over '#PRHS-26-3318', the seller's name and address set right on the same rows:
    the street line '6410 S 196th Street' beside the title ends where the address's other lines
    end, a line of that block, no value of the title's. (Boxes as read.)"""
    boxes = [
        ("Pacific", 1064, 75, 106, 34), ("Rim", 1181, 75, 62, 34), ("Hotel", 1254, 75, 88, 34),
        ("Supply,", 1352, 75, 121, 34), ("Inc.", 1484, 75, 59, 34),
        ("INVOICE", 110, 127, 108, 26), ("6410", 1314, 116, 58, 27), ("S", 1379, 116, 14, 27),
        ("196th", 1400, 116, 67, 27), ("Street", 1474, 116, 70, 27),
        ("Kent,", 1300, 150, 58, 26), ("WA", 1366, 150, 36, 26), ("98032,", 1410, 150, 79, 26),
        ("USA", 1497, 150, 47, 26),
        ("#PRHS-26-3318", 110, 155, 470, 62),
        ("(253)", 1366, 185, 61, 27), ("872-5560", 1434, 185, 110, 27),
        ("INVOICE", 144, 570, 90, 24), ("DATE", 243, 570, 60, 24), ("Oct", 144, 597, 40, 26), ("12,", 192, 597, 36, 26),
        ("2026", 236, 597, 56, 26),
    ]
    words = [Word(text, x, y, w, h, 95.0, n) for n, (text, x, y, w, h) in enumerate(boxes)]
    fields = extract_fields([Page(number=1, width=1653, height=2339, words=words)]).fields
    assert fields["document_number"] == "PRHS-26-3318"


def test_a_number_whose_series_ocr_set_apart_with_its_slash_under_its_caption_is_whole():
    """'NSW/EXP/26-27/0142' under 'Invoice No.', read as 'NSW' '/' 'EXP/26-27/0142', the three
    touching; further down a 'Statement of Work: SOW-MO-2026-03', whose 'of' is no misread 'No'.
    (Boxes as read.)"""
    boxes = [
        ("Nilgiri", 93, 156, 65, 21), ("Softworks", 166, 155, 109, 18),
        ("Invoice", 734, 157, 68, 17), ("No.", 810, 158, 29, 16), ("Dated", 1029, 158, 56, 16),
        ("No.", 93, 184, 30, 16), ("42,", 131, 184, 29, 17), ("Race", 268, 184, 45, 16), ("Road", 395, 184, 46, 17),
        ("NSW", 734, 185, 38, 18), ("/", 772, 185, 13, 18), ("EXP/26-27/0142", 785, 185, 178, 18),
        ("28-Oct-2026", 1029, 185, 132, 17),
        ("Statement", 733, 455, 101, 17), ("of", 841, 455, 19, 17), ("Work:", 866, 456, 53, 16),
        ("SOW-MO-2026-03", 928, 456, 172, 17),
    ]
    words = [Word(text, x, y, w, h, 92.0, n) for n, (text, x, y, w, h) in enumerate(boxes)]
    fields = extract_fields([Page(number=1, width=1389, height=2088, words=words)]).fields
    assert fields["document_number"] == "NSW/EXP/26-27/0142"


def test_a_caption_after_a_dash_in_a_line_of_payment_terms_names_its_value():
    """'Pagamento: Bonifico bancario — scadenza 30/11/2026 — € 814,18': the due date's caption
    starts a clause after a dash, mid-line."""
    rows = [
        (464, [(144, "FATTURA N. 214/2026"), (1333, "del 30/10/2026")]),
        (1122, [(137, "Pagamento: Bonifico bancario"), (440, "-"), (459, "scadenza"), (559, "30/11/2026"),
                (672, "-"), (691, "€ 814,18")]),
    ]
    assert _fields(rows)["due_date"] == "2026-11-30"


def test_a_no_run_into_a_reference_with_letters_of_its_own_is_no_part_of_it():
    from ocr.extract.values import clean_reference

    assert clean_reference("No.SH-2605-1242") == "SH-2605-1242"
    assert clean_reference("No.000474") == "No.000474"  # digits alone: printed with its 'No.'


def test_a_caption_in_small_print_whose_last_word_ocr_set_apart_is_one_caption():
    from ocr.extract.labels import FIELD_VOCAB, find_labels

    row = document_of([page([(459, [(113, "Customer order"), (288, "no.")])])]).rows[0]
    assert len(row.phrases) == 2
    assert [(hit.field, hit.label) for hit in find_labels(row, FIELD_VOCAB)] == [("po_number", "customer order no")]


def test_a_number_under_a_garbled_caption_when_the_order_caption_also_reads_as_a_number_caption():
    """'Customer order no.' names the order and, by its 'no.', seems to name the number too; the
    number's own caption OCR garbled ('pone'): the order number stays the order's and the value
    under the garbled caption is the document's number."""
    from dataclasses import replace

    p = page([
        (234, [(113, "pone")]),
        (261, [(112, "INV-00910")]),
        (308, [(113, "Issued")]), (331, [(112, "2027-02-04")]),
        (383, [(113, "Payment due")]), (414, [(112, "2027-04-30")]),
        # Small print: the gap before 'no.' wider than a phrase's, narrower than a column's.
        (459, [(113, "Customer order"), (288, "no.")]), (489, [(113, "PO-2026-03385")]),
    ])
    p.words = [replace(w, confidence=5.0) if w.text == "pone" else w for w in p.words]
    fields = extract_fields([p]).fields
    assert (fields["document_number"], fields["po_number"]) == ("INV-00910", "PO-2026-03385")


def _captions_under_dates(issue_value: str) -> list:
    """A sidebar of values over their captions: the issue date's value as given, the due date
    under its caption, which the due date's caption also stands under."""
    return [
        (373, [(152, "26-00400")]), (410, [(159, "インボイス NO.")]),
        (456, [(152, issue_value)]), (490, [(154, "伝票日付")]),
        (542, [(152, "令和9年1月末日")]), (579, [(153, "お振込期限")]),
        (631, [(152, "PO-2026-07768")]), (666, [(153, "御社発注 No.")]),
    ]


def test_a_date_two_captions_claim_is_the_nearer_captions():
    """The issue date's value lost its month ('令和8年月20日'); the issue date's caption reaches
    down to the due date's value: the due date keeps it, the issue date is left unread."""
    fields = _fields(_captions_under_dates("令和8年月20日"))
    assert (fields["issue_date"], fields["due_date"]) == (None, "2027-01-31")
    fields = _fields(_captions_under_dates("令和8年11月20日"))
    assert (fields["issue_date"], fields["due_date"]) == ("2026-11-20", "2027-01-31")


def test_an_order_number_names_itself_wherever_it_stands():
    rows = [(100, [(100, "Rechnung"), (900, "Referenz PO-2026-07111")]), (150, [(100, "Datum 2026-10-01")])]
    assert _fields(rows)["po_number"] == "PO-2026-07111"


@pytest.mark.parametrize(("read", "order"), [
    ("PQ-2026-05037", "PO-2026-05037"),  # a fax's O read as a Q: an order's number, its O read back
    ("PQ2026-05037", None),  # no dash after the mark: another code
])
def test_an_order_number_whose_o_ocr_read_as_a_q_names_itself_under_a_garbled_caption(read, order):
    rows = [
        (185, [(880, "請求書")]),
        (278, [(133, "S2610454")]), (314, [(130, "No,")]),
        (374, [(133, "2026/10/22")]), (408, [(134, "erin")]),
        (465, [(131, "2026/12/31")]), (500, [(134, "WSR")]),
        (532, [(133, read)]), (564, [(136, "SUEY")]),
        (1007, [(186, "数量"), (375, "品名摘要"), (1247, "単価"), (1467, "金額")]),
        (1059, [(219, "2"), (375, "業務用洗剤 18L"), (1232, "1,790"), (1411, "3,580")]),
    ]
    p = page(rows)
    p.words = [replace(w, confidence=30.0) if w.text in ("erin", "WSR", "SUEY") else w for w in p.words]
    assert extract_fields([p]).fields["po_number"] == order


@pytest.mark.parametrize(("on_the_lines", "order"), [
    ("SMT-PO-260618", "SMT-PO-260618"),  # the same number printed with its hyphens: as printed
    ("SMT-PO-260619", "SMTPO-260618"),  # another number
    ("SMT-P0-260618", "SMTPO-260618"),  # another letter
    ("SMTPO-260618.", "SMTPO-260618"),  # a stop ending a sentence is no mark of the number
])
def test_an_order_number_read_without_a_hyphen_is_the_same_number_printed_whole_on_the_lines(on_the_lines, order):
    """A machining shop's invoice: the buyer's order number in the header, read without one of
    its hyphens, and printed again on every line."""
    rows = [
        (100, [(880, "請求書")]),
        (350, [(1068, "貴社注文番号"), (1256, "SMTPO-260618")]),
        (600, [(116, "日付"), (429, "品名"), (970, "数量"), (1127, "単価"), (1272, "金額"), (1367, "注文番号")]),
        (660, [(116, "07/03"), (429, "駆動シャフト"), (970, "24"), (1127, "3,850"), (1272, "92,400"),
               (1367, on_the_lines)]),
    ]
    p = page(rows)
    p.words = [replace(w, confidence=72.0) if w.text == "SMTPO-260618" else w for w in p.words]
    assert extract_fields([p]).fields["po_number"] == order


@pytest.mark.parametrize("address", ["〒812-0011 福岡県福岡市博多区博多駅前3-25-14", "5-3-10 Sakae, Naka-ku"])
def test_an_address_is_no_date(address):
    rows = [(100, [(100, address)]), (150, [(100, "2026/10/01")])]
    assert _fields(rows)["issue_date"] == "2026-10-01"


@pytest.mark.parametrize(("read", "printed"), [
    ("P0-2026-02647", "PO-2026-02647"), ("0S-0387", "OS-0387"), ("1N2612/875", "IN2612/875"),
    ("jN2611/289", "IN2611/289"), ("lN2611/289", "IN2611/289"), ("jn2611/289", "jn2611/289"),
    ("10-2026", "10-2026"),
    ("08-0387", "08-0387"), ("INV-00512", "INV-00512"), ("HKO0168", "HK00168"), ("SO0123", "SO0123"),
    ("BO00425", "B000425"), ("PO00123", "PO00123"), ("Bo01001", "B001001"), ("Boo0965", "B000965"),
    ("FAQ00538", "FA000538"),  # a zero read as Q
    ("INVOO87", "INV0087"), ("PRO12", "PRO12"),  # two zeros read as O's (one after a prefix may be its own O)
    ("BOO1106", "B001106"), ("POO1106", "POO1106"),  # ... after a lone letter (a P's may be an order's PO)
    # A slash after the prefix read as a stroke, where a slash divides the rest.
    ("Al26/0661", "A/26/0661"), ("INV|26/0661", "INV/26/0661"), ("A126/0661", "A126/0661"), ("Al26-0661", "Al26-0661"),
    # ... as a capital I after a lone letter, before a year and a slash; never a prefix's own I.
    ("AI26/0485", "A/26/0485"), ("AI2610263", "AI2610263"), ("FII26/0485", "FII26/0485"), ("BI260485", "BI260485"),
    # A lower-case l among the capitals of a prefix before its dash: their I.
    ("Sl-104274", "SI-104274"), ("lNV-0012", "INV-0012"), ("l-123", "l-123"), ("Slx-12", "Slx-12"),
])
def test_a_references_letter_prefix_undoes_digits_read_for_letters(read, printed):
    assert letters_prefix(read) == printed


@pytest.mark.parametrize(("text", "expected"), [
    ("No.000478", "No.000478"), ("No. 000478", "000478"), ("$000143", "S000143"), ("21", None),
    ("”PO-2026-07100", "PO-2026-07100"), ("'S2609276", "S2609276"),  # a speck before it read as a quote
    ("222-0033", None), ("2-4-1", None), ("2-4.1", None), ("7-9-", None),  # an address's block number
    ("123-456", "123-456"), ("TS021393497404", None), ("2-chome,", None), ("inv-2026-l", "inv-2026-l"),
    ("Shin-Yokohama.2-chome,", None), ("Inv-2026-0012", "Inv-2026-0012"),  # two words of an address
    ("Rech-2026-7", "Rech-2026-7"), ("2X", None), ("A12", "A12"),  # a garbled word with a digit is none
    ("TS8T89278209638", None),  # a T-number garbled past reading
    ("1410712026", None), ("0311712026", None),  # a date whose slashes were read as ones: 14/07/2026, 03/11/2026
    ("1415712026", "1415712026"),  # no day and month either way round: a number
    ("22-Jan-2027", None), ("3.Mar.26", None), ("12/Sept/2026", None),  # a date with its month named
    ("22-JAN-2027", None), ("INV-Jan-2027", "INV-Jan-2027"),
    ("500g", None), ("1.5kg", None), ("18L", None), ("250ml", None), ("600mm", None),  # a measure
    ("A500G", "A500G"), ("500-G", "500-G"),
    ("S6hne", None), ("Kr6ger", None), ("Re2026abc", "Re2026abc"),  # a name's word, one letter read as a figure
    ("Imnvoice#2610-0407", "2610-0407"), ("INV#0012", "INV#0012"),  # a caption's word run into it with its '#'
])
def test_what_a_reference_is(text, expected):
    tokens = document_of([page([(100, [(100, text)])])]).rows[0].tokens
    found = parse_identifier(tokens)
    assert (found[0] if found else None) == expected


@pytest.mark.parametrize(("cells", "expected"), [
    ([(100, "‘EST000784"), (260, "-")], "EST000784"),  # a speck before it read as a quote mark
    ([(100, "26-"), (148, "0684")], "26-0684"),  # a space read after its dash
    ([(100, "PO-2026-"), (190, "06994")], "PO-2026-06994"),  # ... after its prefix's and its year's
    ([(100, "0"), (112, "041300")], "0041300"),  # its first figure set apart, touching it
    ([(100, "1"), (125, "234567")], "234567"),  # a figure a space before it: no part of it
])
def test_a_reference_ocr_read_with_marks_and_spaces_of_its_own(cells, expected):
    tokens = document_of([page([(100, cells)])]).rows[0].tokens
    found = parse_identifier(tokens)
    assert (found[0] if found else None) == expected


def test_bilingual_captions_stacked_over_their_value():
    # English caption, its Japanese (misread) under it, then the value.
    rows = [
        (700, [(100, "Order ref."), (500, "Currency")]),
        (725, [(100, "TSR"), (500, "通貨")]),
        (760, [(100, "PO-2026-02804"), (500, "USD")]),
    ]
    assert _fields(rows)["po_number"] == "PO-2026-02804"


def test_a_row_of_bilingual_captions_ocr_ran_into_one_phrase():
    # Each caption follows the one before without a gap; each language pair heads one column.
    rows = [
        (1900, [(100, "見積No. Quote No. お見積有効期限Valid through 見積日Date of quotation")]),
        (1960, [(100, "Q-00855"), (300, "Jan 12, 2027"), (600, "Dec 29, 2026")]),
    ]
    fields = _fields([(100, [(100, "QUOTE")])] + rows)
    assert (fields["document_number"], fields["issue_date"], fields["due_date"]) == (
        "Q-00855", "2026-12-29", "2027-01-12")


def test_a_specific_label_after_garble_in_one_phrase_still_names_its_column():
    rows = [
        (500, [(100, "HRN. Invoice Number Aft Billing date a3 Due by")]),
        (560, [(100, "26-0436"), (400, "2026-09-20"), (700, "2026-10-20")]),
    ]
    fields = _fields(rows)
    assert (fields["document_number"], fields["issue_date"], fields["due_date"]) == (
        "26-0436", "2026-09-20", "2026-10-20")


@pytest.mark.parametrize(("read", "printed"), [("F2026-0608", "F2026-0608"), ("1N2701/796", "IN2701/796")])
def test_a_number_under_a_garbled_caption_in_a_sidebar_beside_the_address(read, printed):
    # The address block's rows interleave with the sidebar's: the caption over the number is the
    # nearest row in its column, not the row just above it. Its prefix's look-alikes are put back.
    rows = [
        (370, [(150, "Fa ner")]),
        (388, [(570, "4-1 Shin-Yokohama 2-chome")]),
        (409, [(150, read)]),
        (453, [(150, "Datum")]),
        (491, [(150, "04-11-2026")]),
    ]
    assert _fields(rows)["document_number"] == printed


def test_a_grid_in_the_footer_with_its_number_caption_garbled():
    rows = [
        (300, [(100, "Item"), (600, "Qty"), (800, "Price"), (1000, "Amount")]),
        (350, [(100, "Paper cups"), (600, "2"), (800, "1,310"), (1000, "2,620")]),
        (400, [(100, "Carton box"), (600, "6"), (800, "3,200"), (1000, "19,200")]),
        (450, [(800, "Total"), (1000, "21,820")]),
        (1928, [(160, "45 SLB"), (420, "作成日"), (640, "お見積有効期限")]),
        (1984, [(160, "M000775"), (420, "2026/12/01"), (640, "2027/03/01")]),
    ]
    assert _fields(rows)["document_number"] == "M000775"


@pytest.mark.parametrize("caption", ["D edmentNumber/インポイメナンパ", "ss Docuttent No. Hiptane'"])
def test_a_grid_whose_number_caption_printed_in_two_languages_ocr_garbled(caption):
    # 'Document Number / インボイス番号' garbled past recognition, longer than one language's caption,
    # in a row of captions read: the reference under it is the document's number.
    rows = [
        (300, [(100, "Item"), (600, "Qty"), (800, "Price"), (1000, "Amount")]),
        (350, [(100, "Paper cups"), (600, "2"), (800, "1,310"), (1000, "2,620")]),
        (450, [(800, "Total"), (1000, "2,620")]),
        (1925, [(88, caption), (520, "Issued / 発行日付"), (800, "Due by / お支払期日"),
                (1150, "Your contact / 担当")]),
        (1974, [(172, "26-0156"), (520, "2026/09/21"), (800, "2026/10/20"), (1150, "K. Sato")]),
    ]
    assert _fields(rows)["document_number"] == "26-0156"


def test_a_grid_whose_number_lost_its_caption_entirely():
    rows = [
        (482, [(400, "Billing date"), (620, "Due date"), (840, "Buyer's PO")]),
        (536, [(150, "INV260615"), (400, "2026-11-09"), (620, "2026-12-09"), (840, "PO-2026-07065")]),
    ]
    assert _fields(rows)["document_number"] == "INV260615"


def test_an_amount_behind_a_misread_yen_mark_is_no_document_number():
    rows = [
        (1295, [(300, "合計 Oo")]),
        (1350, [(440, "WS9.810"), (700, "5981")]),
    ]
    assert _fields(rows)["document_number"] is None


def test_a_postal_code_missing_a_digit_is_no_document_number():
    rows = [
        (273, [(150, "合同会社錦精機"), (400, "アッ")]),
        (328, [(150, "〒"), (175, "20-0837")]),
    ]
    assert _fields(rows)["document_number"] is None


@pytest.mark.parametrize(("printed", "issued"), [
    ("20264F114 2H", "2026-11-02"),
    ("20264F12 30H", "2026-12-30"),  # 月 lost but for a space
])
def test_a_kanji_date_whose_year_month_and_day_marks_ocr_misread(printed, issued):
    rows = [(487, [(218, "請求年月日")]), (542, [(218, printed)])]
    assert _fields(rows)["issue_date"] == issued


@pytest.mark.parametrize(("issued", "due", "printed_due"), [
    ("2026年10月31日", "2026-11-30", "20264118308"),  # every mark read as a digit
    ("2026年10月31日", "2026-11-30", "2026110308"),  # 年 lost: read alone, 2026-01-30
    ("2026年9月30日", "2026-10-31", "20264108318"),
])
def test_a_kanji_due_date_whose_marks_ocr_read_as_digits(issued, due, printed_due):
    rows = [(156, [(900, "締切日"), (1100, issued)]), (708, [(150, "お支払予定日"), (420, printed_due)])]
    fields = _fields(rows)
    assert fields["due_date"] == due


@pytest.mark.parametrize(("issued", "due", "read"), [
    ("令和8年1月18日", "令和8年12月20日", ("2026-11-18", "2026-12-20")),  # 11 run into one 1
    ("2026年10月21日", "2026年1月20日", ("2026-10-21", "2026-11-20")),
    ("2026.10.30", "2026年1月末日", ("2026-10-30", "2026-11-30")),  # the end of the month
    ("2026年1月18日", "2026年2月28日", ("2026-01-18", "2026-02-28")),  # January indeed
    ("2026年1月18日", "2026年9月30日", ("2026-01-18", "2026-09-30")),  # no November fits: as printed
])
def test_november_read_as_january(issued, due, read):
    rows = [(156, [(900, "請求日"), (1100, issued)]), (200, [(900, "ご入金予定日"), (1100, due)])]
    fields = _fields(rows)
    assert (fields["issue_date"], fields["due_date"]) == read


@pytest.mark.parametrize(("issued_read_at", "read"), [
    (70.0, ("2026-10-07", "2026-11-30")),  # read more surely than the due date: the issue date
    (20.0, (None, "2026-01-30")),  # no surer than it: no issue date against it
])
def test_an_uncaptioned_date_read_more_surely_than_a_due_date_out_of_order_with_it(issued_read_at, read):
    """A photo: the issue date's caption garbled, its date read unsurely; the due date under its
    caption read less surely still, its 11 run into one 1 ('2026年1月30日'). The date read more
    surely is the issue date, and the due date moves to November, in order with it."""
    p = page([
        (100, [(100, "株式会社山城工業"), (747, "請求書")]),
        (265, [(753, "インボイス番号")]), (315, [(747, "S2610504")]),
        (343, [(748, "fr 県日")]), (382, [(747, "2026年10月7日")]),
        (420, [(754, "ご入金期限")]), (460, [(747, "2026年1月30日")]),
        (900, [(120, "品名"), (800, "数量"), (1000, "単価"), (1200, "金額")]),
        (950, [(120, "ボルト"), (800, "2"), (1000, "1,000"), (1200, "2,000")]),
    ])
    confidence = {"fr": 39.0, "県日": 66.0, "2026年10月7日": issued_read_at, "2026年1月30日": 29.0}
    p.words = [replace(w, confidence=confidence.get(w.text, w.confidence)) for w in p.words]
    fields = extract_fields([p]).fields
    assert (fields["issue_date"], fields["due_date"]) == read


def test_a_reference_whose_letter_e_ocr_read_as_a_pound_sign():
    rows = [(444, [(200, "見積日付 2026.11.06"), (900, "見積No."), (1060, "£00723")]),
            (1020, [(200, "御見積金額(税込)"), (700, "\\ 59,356")])]
    fields = _fields(rows)
    assert (fields["document_number"], fields["currency"]) == ("E00723", "JPY")


@pytest.mark.parametrize(("client", "currency"), [
    ("$4693", "JPY"),  # a client number's 5 read as a dollar sign: no amount in dollars
    ("$4,693.00", "USD"),  # dollars as money is printed
])
def test_a_dollar_sign_before_bare_figures_is_a_misread_letter_or_digit(client, currency):
    # An English invoice from a Japanese supplier, its yen marks garbled ('1,391,400F4' for ...円).
    rows = [(231, [(108, "Old Harbour Machine Parts Ltd.")]),
            (311, [(108, "Sendai 980-0811, Japan"), (800, "2027-02-06")]), (344, [(898, "Date")]),
            (376, [(280, "Invoice registration no.:"), (542, t_number("421230340433"))]),
            (507, [(108, "Accounts Payable"), (800, client)]), (546, [(897, "Client ID")]),
            (950, [(808, "Grand total"), (1233, "1,530,540F9")])]
    assert _fields(rows)["currency"] == currency


def test_a_run_of_eight_digits_is_a_plain_date_not_marks_read_as_digits():
    rows = [(156, [(900, "請求日"), (1100, "20261031")])]
    assert _fields(rows)["issue_date"] == "2026-10-31"


@pytest.mark.parametrize(("printed", "read"), [
    ("2926年19月31日", "2026-10-31"), ("2026年9月39日", "2026-09-30"), ("2026年12月19日", "2026-12-19"),
    ("R98.11.39", "2026-11-30"), ("R09.12.19", "2027-12-19"), ("2026-19-39", "2026-10-30"),
    # a line printer's slashed zeros, read as 8 or 6 where that makes a part impossible
    ("2826/06/38", "2026-06-30"), ("2026/07/36", "2026-07-30"), ("2026/06/28", "2026-06-28"),
    # a fax of a fax, month first: one zero of its year misread, not both its sixes zeros
    ("10/67/2626", "2026-10-07"), ("11/36/2026", "2026-11-30")])
def test_a_faxed_date_whose_zeros_read_as_nines(printed, read):
    assert _fields([(156, [(900, "お支払期限"), (1100, printed)])])["due_date"] == read


@pytest.mark.parametrize("first_language", [
    ("請求書No.", "発行日", "支払期日", "注文番号", "登録番号"),
    ("BARNo.", "Aft", "BAVA", "CEEMHH", "G98"),  # the Japanese captions garbled past reading
])
def test_bilingual_captions_parted_by_slashes_over_their_values(first_language):
    number, issued, due, order, registered = first_language
    rows = [
        (468, [(144, f"{number} / Inv. No."), (407, f"{issued} / Issue date"), (628, f"{due} /Payment date"),
               (884, f"{order} / Order ref."), (1136, f"{registered} / Registered number")]),
        (520, [(162, "IN2611/654"), (408, "Nov 20, 2026"), (663, "Dec 20, 2026"), (902, "PO-2026-07104"),
               (1143, "T1388319692027")]),
    ]
    fields = _fields(rows)
    assert (fields["document_number"], fields["issue_date"], fields["due_date"], fields["po_number"]) == (
        "IN2611/654", "2026-11-20", "2026-12-20", "PO-2026-07104")


def test_a_bilingual_caption_heads_one_column_over_values_run_together():
    # 'Remittance date' is the due date's caption in its second language, not a date of its own.
    rows = [
        (1927, [(130, "請求書No. Bill Number"), (520, "請求年月日 Date of issue"),
                (900, "支払期日 Remittance date"), (1300, "貴社注文番号 PO number")]),
        (1984, [(173, "2610-0406"), (520, "2026年10月20日"), (900, "2026年11月20日PO-2026-05810")]),
    ]
    fields = _fields(rows)
    assert (fields["issue_date"], fields["due_date"], fields["po_number"]) == (
        "2026-10-20", "2026-11-20", "PO-2026-05810")


def test_an_order_number_in_a_sidebar_beside_the_item_table():
    rows = [
        (497, [(173, "令和8年10月9日")]),
        (531, [(174, "請求年月日")]),
        (600, [(400, "品名"), (800, "数量"), (1000, "単価"), (1200, "金額")]),
        (657, [(173, "PO-2026-05760"), (400, "国産小麦粉25kg"), (800, "8"), (1000, "¥7,000"), (1200, "¥56,000")]),
        (694, [(173, "発注番号 X")]),
        (720, [(400, "緑茶"), (800, "2"), (1000, "¥1,000"), (1200, "¥2,000")]),
    ]
    assert _fields(rows)["po_number"] == "PO-2026-05760"


def test_an_items_code_beside_a_sidebars_caption_is_no_value_of_it():
    """A sidebar of values over their captions beside the item table: the order caption's row
    holds nothing right of it, and the line just above it on the right is an item's code under
    its description, in the table; the order number is the one over the caption."""
    rows = [
        (522, [(150, "3 Dec 2026"), (570, "Thank you for your business.")]),
        (560, [(150, "Date")]),
        (608, [(150, "20 Jan 2027")]),
        (627, [(584, "Product"), (1014, "Qty"), (1162, "Unit cost"), (1412, "Amount")]),
        (646, [(150, "Due date")]),
        (680, [(150, "PO-2026-02122"), (584, "Cling film, 30 cm"), (1027, "10"), (1226, "960"), (1440, "9,600")]),
        (719, [(584, "TR-508")]),
        (732, [(150, "Customer PO #")]),
    ]
    assert _fields(rows, size=24)["po_number"] == "PO-2026-02122"


def test_an_items_code_on_a_sidebars_caption_row_is_no_value_of_it():
    """A sidebar of values over their captions beside the item table: the order caption's own
    row holds an item's code under its description, in the table; the order number is the one
    over the caption."""
    rows = [
        (400, [(150, "F2026-0711")]),
        (426, [(150, "Factuurnr.")]),
        (478, [(150, "20 december 2026")]),
        (512, [(150, "Datum")]),
        (585, [(584, "Omschrijving"), (1011, "Prijs p/st"), (1139, "Aant."), (1440, "Totaal")]),
        (639, [(150, "PO-2026-03446"), (584, "RVS werktafel 1200 mm"), (971, "464,50"), (1186, "6"),
               (1370, "2.787,00")]),
        (679, [(150, "Inkoopordernummer"), (584, "AH-362")]),
        (743, [(584, "Reservemes, type B"), (985, "59,80"), (1186, "3"), (1370, "179,40")]),
        (774, [(584, "AH-368")]),
    ]
    assert _fields(rows, size=24)["po_number"] == "PO-2026-03446"


def test_a_caption_in_two_languages_takes_the_value_under_either_half():
    """'インボイスナンバー Inv No.' (its Japanese half misread) over its number, set under the
    Japanese half: the English half takes it too, not the letterhead's telephone number over it."""
    rows = [
        (150, [(105, "株式会社テスト"), (1100, "Tax Invoice")]),
        (254, [(200, "24-194-6456")]),
        (327, [(110, "インポイスナンバー"), (301, "Inv No.")]),
        (352, [(130, "27-00825")]),
        (386, [(110, "発行日付 Tax point")]),
        (409, [(130, "2027年1月15日")]),
    ]
    assert _fields(rows)["document_number"] == "27-00825"


@pytest.mark.parametrize("caption", ["インボイス番号", "FAR RAE"])  # (read, or garbled past reading)
def test_a_continued_pages_number_gives_way_to_the_first_pages_whole(caption):
    """A footer of values over their captions prints 'No.000468' over 'インボイス番号'; the
    continued page repeats it beside its caption, 'No.' apart from the figures: the number is
    the first page's, whole."""
    first = page([
        (540, [(194, "数量"), (386, "品目"), (1217, "単価"), (1408, "税抜金額")]),
        (600, [(217, "12"), (386, "上白糖 1kg"), (1205, "2,300"), (1426, "27,600")]),
        (1939, [(197, "No.000468"), (440, "2026年10月27日"), (1002, "PO-2026-03285")]),
        (1992, [(187, caption), (512, "請求日"), (1035, "貴社注文番号")]),
    ])
    first.words = [replace(w, confidence=28.0) if w.text in caption.split() and w.text.isascii() else w
                   for w in first.words]
    second = page([
        (232, [(131, "請求書"), (424, "インボイス番号"), (592, "No."), (633, "000468"), (741, "(明細続き)")]),
        (340, [(194, "数量"), (386, "品目"), (1217, "単価"), (1408, "税抜金額")]),
        (402, [(217, "10"), (386, "紙ナプキン"), (1205, "2,800"), (1426, "28,000")]),
    ], number=2)
    assert extract_fields([first, second]).fields["document_number"] == "No.000468"


@pytest.mark.parametrize("caption", [
    [(146, "MRE No."), (244, "No.Invoice#")],  # its tail read twice, the second time with its other language
    [(146, "MRE No. Invoice#")],
    [(146, "MRE Invoice Number")],
])
def test_a_caption_whose_first_language_ocr_garbled_stands_over_its_value(caption):
    """'請求書No. Invoice #' in a sidebar over its number, its Japanese half garbled ('MRE', read
    unsurely): the English half is the caption, and the number under the whole caption, starting
    where the garbled half does, is its value."""
    rows = [(100, [(100, "株式会社テスト")]), (399, caption), (433, [(145, "2612-0911")]),
            (490, [(146, "発行年月日")]), (520, [(146, "2026年12月30日")])]
    sheet = page(rows)
    sheet.words = [replace(w, confidence=0.0) if w.text in ("MRE", "No.") and w.left < 240 else w
                   for w in sheet.words]
    assert extract_fields([sheet]).fields["document_number"] == "2612-0911"


@pytest.mark.parametrize(("sentence", "due"), [
    ("Please transfer the invoice amount of € 9.512,00 without deduction by 30-Nov-2026", "2026-11-30"),
    ("Bitte überweisen Sie den Betrag bis 30.11.2026 auf das unten genannte Konto", "2026-11-30"),
    ("2026年11月30日までにお振込みください", "2026-11-30"),
])
def test_a_due_date_written_in_a_sentence(sentence, due):
    rows = [(100, [(100, "Invoice date"), (400, "18-Oct-2026")]), (900, [(100, sentence)])]
    assert _fields(rows)["due_date"] == due


def test_a_date_in_a_sentence_about_anything_but_paying_is_no_due_date():
    # On a later page, where no unlabelled date stands in for the due date.
    first = page([(100, [(100, "Invoice date"), (400, "18-Oct-2026")])])
    for sentence, due in (("The goods were delivered by 30-Nov-2026 as agreed", None),
                          ("Please pay the amount by 30-Nov-2026", "2026-11-30")):
        later = page([(900, [(100, sentence)])], number=2)
        assert extract_fields([first, later]).fields["due_date"] == due


@pytest.mark.parametrize(("gap", "expected"), [(4, "PO-2026-07183"), (-10, "PO-2026-07183"), (40, "PO-2026-07")])
def test_a_references_last_digits_ocr_split_off_touching_it_are_part_of_it(gap, expected):
    from ocr.extract.layout import Token

    first = Token("PO-2026-07", 1, 912, 504, 1032, 523, (912, 504, 1032, 523), 41.0)
    rest = Token("183", 1, 1032 + gap, 505, 1066 + gap, 522, (1032 + gap, 505, 1066 + gap, 522), 41.0)
    assert parse_identifier([first, rest])[0] == expected


def test_a_postal_code_whose_mark_ocr_read_as_a_letter_is_no_document_number():
    # '〒330-0854' read 'F 330-0854'; 'F 2026-0704' is a prefix OCR set apart.
    def tokens(*texts: str) -> list:
        return document_of([page([(300, [(150 + 22 * n, text) for n, text in enumerate(texts)])])]).rows[0].tokens

    assert parse_identifier(tokens("F", "330-0854")) is None
    assert parse_identifier(tokens("F", "2026-0704"))[0] == "F2026-0704"
    assert parse_identifier(tokens("OF", "2612-742"))[0] == "OF2612-742"


def test_a_monospaced_prefix_and_its_dash_ocr_set_apart_are_part_of_the_number():
    from ocr.extract.layout import Token

    def token(text: str, x0: int, x1: int) -> Token:
        return Token(text, 1, x0, 500, x1, 522, (x0, 500, x1, 522), 90.0)

    parts = [token("ARD", 293, 360), token("-", 366, 380), token("26-0557", 389, 490)]
    assert parse_identifier(parts)[0] == "ARD-26-0557"
    assert parse_identifier([token("ARD", 293, 360), token("-", 366, 380), token("26-0557", 489, 590)])[0] == "26-0557"


def test_a_text_layers_prefix_and_dashed_number_given_as_two_words_touching_are_one_number():
    from ocr.extract.layout import Token

    def token(text: str, x0: int, x1: int) -> Token:
        return Token(text, 1, x0, 500, x1, 522, (x0, 500, x1, 522), 100.0)

    assert parse_identifier([token("EST", 1360, 1407), token("-000087", 1404, 1509)])[0] == "EST-000087"
    assert parse_identifier([token("F", 755, 767), token("A2026-01043", 767, 930)])[0] == "FA2026-01043"
    assert parse_identifier([token("見", 270, 295), token("26-0757", 295, 380)])[0] == "見26-0757"  # its series' kanji
    assert parse_identifier([token("第", 270, 295), token("26-0757", 295, 380)])[0] == "26-0757"  # '第…号': no part
    assert parse_identifier([token("オ", 270, 286), token("-2610-087", 291, 412)])[0] == "オ-2610-087"  # katakana
    assert parse_identifier([token("見", 270, 295), token("-26-019", 295, 380)])[0] == "見-26-019"  # and its dash
    # A law cited after the title: no number of the document's
    assert parse_identifier([token("(D.P.R.", 270, 360), token("472/96", 370, 450)]) is None
    apart = parse_identifier([token("EST", 1360, 1407), token("-000087", 1460, 1565)])  # a word and a figure
    assert apart is None or apart[0] != "EST-000087"


def test_a_reference_followed_by_an_address_is_its_postal_code():
    rows = [
        (270, [(150, "RES")]),
        (320, [(150, "7060-0001"), (330, "北海道札幌市中央区北一条西7-17")]),
    ]
    assert _fields(rows)["document_number"] is None


@pytest.mark.parametrize(("issued", "due", "expected"), [
    ("2116-10-11", "2026-11-30", ("2026-10-11", "2026-11-30")),  # the issue date's year misread
    ("2026-10-17", "2086-11-30", ("2026-10-17", "2026-11-30")),  # the due date's
    ("2026-12-20", "2027-01-19", ("2026-12-20", "2027-01-19")),  # a year's turn is no misreading
    ("2026-11-20", "2028-12-20", ("2026-11-20", "2026-12-20")),  # one digit of the due date's year
    ("2026-02-16", "2027-02-28", ("2026-02-16", "2027-02-28")),  # a year apart: a month may be misread
])
def test_an_issue_and_a_due_date_years_apart_share_a_year(issued, due, expected):
    rows = [(100, [(100, "Invoice date"), (400, issued)]), (150, [(100, "Due date"), (400, due)])]
    fields = _fields(rows)
    assert (fields["issue_date"], fields["due_date"]) == expected


def test_a_bank_account_number_in_the_footer_is_no_document_number():
    rows = [
        (300, [(100, "Item"), (600, "Qty"), (800, "Price"), (1000, "Amount")]),
        (350, [(100, "Paper cups"), (600, "2"), (800, "1,310"), (1000, "2,620")]),
        (450, [(800, "Total"), (1000, "2,620")]),
        (2175, [(121, "振込口座"), (260, "みちのく中央銀行中央支店普通"), (700, "3797343")]),
        (2211, [(560, "お振込手数料は貴社にてご負担ください。")]),
    ]
    assert _fields(rows)["document_number"] is None


def test_a_caption_run_into_its_number_is_no_part_of_it():
    rows = [(229, [(118, "請求書No."), (260, "Bill"), (330, "Number2610-0378")])]
    assert _fields(rows)["document_number"] == "2610-0378"


def test_a_due_date_years_after_the_issue_date_is_a_misreading_when_another_reading_fits():
    # The first due date's 6 OCR read as 8; the same date printed in the payment note below reads right.
    rows = [
        (150, [(900, "請求日"), (1100, "2026年10月22日")]),
        (200, [(900, "お支払期限"), (1100, "2028年11月30日")]),
        (1400, [(100, "お支払期限"), (300, "2026年11月30日"), (600, "までにお振込みください")]),
    ]
    fields = _fields(rows)
    assert (fields["issue_date"], fields["due_date"]) == ("2026-10-22", "2026-11-30")


def test_bilingual_captions_whose_first_language_a_fax_garbled_over_their_values():
    from dataclasses import replace

    garbled = {"aA", "NO,", "Hft", "TAMA", "WHIEZNo,", "BEA", "F"}
    p = page([
        (490, [(135, "aA NO, Inveice Number"), (463, "Hft billing date"), (736, "TAMA Due by"),
               (985, "WHIEZNo, Purchase order"), (1267, "BEA F Customer no.")]),
        (530, [(222, "26-0807"), (488, "2026-12-07"), (771, "2027-01-20"), (1028, "PO-2026-07183"), (1367, "74881")]),
    ])
    p.words = [replace(w, confidence=30.0) if w.text in garbled else w for w in p.words]
    fields = extract_fields([p]).fields
    assert (fields["document_number"], fields["issue_date"], fields["due_date"], fields["po_number"]) == (
        "26-0807", "2026-12-07", "2027-01-20", "PO-2026-07183")



def test_a_date_read_as_digits_run_into_the_values_before_the_reference():
    # Two captions OCR ran together, their values too: the kanji date (its marks read as digits),
    # then the invoice number.
    rows = [(156, [(1439, "請求締切日 No."), (1802, "20264108318 OS-0401")])]
    assert _fields(rows)["document_number"] == "OS-0401"


def test_a_spanish_quote_with_its_captions_under_the_values():
    rows = [
        (100, [(1392, "##Oferta")]),
        (180, [(103, "Equipamientos Romero S.L."), (888, "P-00473")]),
        (210, [(888, "N° presupuesto")]),
        (260, [(102, "28013 Madrid, España"), (887, "07/10/2026")]),
        (290, [(888, "Fecha")]),
        (340, [(887, "05/01/2027")]),
        (370, [(887, "Validez")]),
        (420, [(102, "Datos del cliente")]),
        (450, [(102, "Kanagawa Precision Foods Co., Ltd.")]),
    ]
    fields = _fields(rows)
    assert (fields["doc_type"], fields["supplier_name"], fields["document_number"], fields["issue_date"],
            fields["due_date"]) == ("quote", "Equipamientos Romero S.L.", "P-00473", "2026-10-07", "2027-01-05")


def test_a_number_between_its_caption_above_and_the_next_rows_caption_below():
    # Captions over values, row by row: the order's caption (its value left blank) stands
    # right under the quote's number, nearer than the number's own caption above it.
    rows = [
        (100, [(671, "##QUOTATION")]),
        (300, [(158, "Quotatian na"), (635, "Date")]),
        (320, [(160, "見積番号"), (637, "発行日")]),
        (350, [(158, "CBS-E0273"), (635, "3 November 2026")]),
        (372, [(158, "Order ref."), (636, "Currency")]),
        (392, [(159, "発注番号"), (637, "通貨")]),
        (420, [(636, "JPY")]),
    ]
    assert _fields(rows)["document_number"] == "CBS-E0273"


def test_a_dutch_invoice_with_its_captions_in_the_footer_under_their_values():
    # The title 'Factuur' is no caption, nor is the invoice number a sentence asks for.
    rows = [
        (100, [(717, "##Factuur")]),
        (180, [(150, "van Dijk Techniek B.V."), (884, "Factuuradres")]),
        (220, [(884, "Kanagawa Precision Foods Co., Ltd.")]),
        (260, [(150, "BTW-id NL278441788B01")]),
        (1800, [(216, "F2026-0405"), (491, "04-10-2026"), (762, "31-12-2026"), (1006, "PO-2026-06325")]),
        (1830, [(236, "Factuurnr."), (490, "Factuurdatum"), (753, "Te betalen voor"), (1031, "Uw bestelling")]),
        (1900, [(150, "Vermeld bij betaling het factuurnummer.")]),
        (1940, [(150, "IBAN NL33 INGB 0001 2345 67")]),
    ]
    fields = _fields(rows)
    assert (fields["supplier_name"], fields["document_number"], fields["issue_date"], fields["due_date"]) == (
        "van Dijk Techniek B.V.", "F2026-0405", "2026-10-04", "2026-12-31")


def test_no_caption_in_a_title_or_a_sentence():
    from ocr.extract.header import all_label_hits

    rows = [
        (100, [(717, "##Factuur")]),
        (1830, [(236, "Factuurnr.")]),
        (1900, [(150, "Vermeld bij betaling het factuurnummer.")]),
        (1950, [(150, "HRN. a3 Invoice Number")]),
    ]
    doc = document_of([page(rows)])
    labelled = {(row.text, hit.label) for row in doc.rows for hit in all_label_hits(doc)[row.index]}
    assert labelled == {("Factuurnr.", "factuurnr"), ("HRN. a3 Invoice Number", "invoice number")}


def test_the_first_pages_number_over_a_continued_pages_repeat():
    # The continued page repeats the number with its caption's 'No.' run into it.
    first = page([
        (300, [(700, "Bill No."), (883, "0000631")]),
        (900, [(100, "品名"), (900, "数量"), (1100, "単価"), (1350, "金額")]),
        (960, [(100, "ボルト"), (900, "2"), (1100, "1,000"), (1350, "2,000")]),
    ])
    second = page([
        (100, [(100, "御請求書 / Invoice 請求No./Bill No.0000631 (明細続き)")]),
        (300, [(100, "品名"), (900, "数量"), (1100, "単価"), (1350, "金額")]),
        (360, [(100, "ナット"), (900, "2"), (1100, "500"), (1350, "1,000")]),
    ], number=2)
    assert extract_fields([first, second]).fields["document_number"] == "0000631"


def test_a_sidebar_beside_the_item_table_shares_its_rows():
    rows = [
        (300, [(140, "発行年月日"), (369, "2027-03-20")]),
        (340, [(140, "支払期日"), (369, "2027-05-31"), (574, "品名摘要"), (1088, "個数"), (1273, "単価"),
               (1432, "税抜金額")]),
        (380, [(140, "注文No."), (321, "PO-2026-06710"), (574, "ボルト M8"), (1100, "10"), (1273, "300"),
               (1450, "3,000")]),
        (420, [(574, "ナット M8"), (1100, "10"), (1273, "100"), (1450, "1,000")]),
        (460, [(574, "ワッシャー"), (1100, "20"), (1273, "50"), (1450, "1,000")]),
    ]
    fields = _fields(rows)
    assert (fields["issue_date"], fields["due_date"], fields["po_number"]) == (
        "2027-03-20", "2027-05-31", "PO-2026-06710")
    assert len(fields["lines"]) == 3


def test_a_sidebar_caption_on_the_tables_header_row_after_its_other_language_garbled():
    """Captions over their values in a sidebar left of the item table, the first on the table's
    header row, its Japanese read as garble before 'Tax point': the table starts after it."""
    from dataclasses import replace

    p = page([
        (503, [(141, "RET"), (225, "Tax point"), (569, "品名"), (906, "数量"), (1071, "単価"), (1342, "金額")]),
        (536, [(135, "2026108198")]),
        (570, [(143, "お支払い期限"), (250, "Settlement by"), (577, "ボルト"), (969, "3"), (1104, "13,400"),
               (1448, "40,200")]),
        (612, [(141, "2026年11月20日")]),
        (655, [(149, "Your order"), (568, "ナット"), (970, "1"), (1078, "57,500"), (1448, "57,500")]),
        (695, [(143, "PO-2026-06818")]),
    ])
    p.words = [replace(w, confidence=1.0) if w.text == "RET" else w for w in p.words]
    fields = extract_fields([p]).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2026-10-19", "2026-11-20")


def test_a_captions_other_language_garbled_between_it_and_its_value():
    from dataclasses import replace

    garbled = {"{@82No.:", "#4", "A", "A:", "zd", "JHBR:", "#t#h38i:#:"}
    p = page([
        (250, [(891, "Bill No. {@82No.:"), (1290, "IN2610/372")]),
        (296, [(889, "Tax point #4 A A:"), (1290, "Oct 3, 2026")]),
        (340, [(890, "Pay by zd JHBR:"), (1290, "Nov 30, 2026")]),
        (384, [(891, "Buyer's order ref. #t#h38i:#: PO-2026-06299")]),
    ])
    p.words = [replace(w, confidence=10.0) if w.text in garbled else w for w in p.words]
    fields = extract_fields([p]).fields
    assert (fields["document_number"], fields["issue_date"], fields["due_date"], fields["po_number"]) == (
        "IN2610/372", "2026-10-03", "2026-11-30", "PO-2026-06299")


def test_a_weakly_read_value_is_not_taken_for_a_garbled_caption():
    from dataclasses import replace

    p = page([(681, [(152, "お支払予定日 2026年11月30日"), (928, "HAS:"), (1038, "百十四銀行 普通 4071958")])])
    p.words = [replace(w, confidence=25.0) if w.text in ("お支払予定日", "2026年11月30日") else w for w in p.words]
    assert extract_fields([p]).fields["due_date"] == "2026-11-30"


def test_a_vat_number_after_its_garbled_caption_is_no_documents_number():
    """A German seller's VAT number under its letterhead, its caption garbled ('USt-ldNr,' read
    unsurely): a registration, never the document's number."""
    p = page([
        (100, [(100, "Kühltechnik Brandt GmbH"), (1200, "RECHNUNG")]),
        (428, [(100, "USt-ldNr,"), (195, "DE875736676")]),
        (700, [(100, "Beschreibung"), (900, "Menge"), (1100, "Preis"), (1350, "Betrag")]),
        (760, [(100, "Kompressor"), (920, "1"), (1100, "2.480,00"), (1350, "2.480,00")]),
    ])
    p.words = [replace(w, confidence=47.0) if w.text == "USt-ldNr," else w for w in p.words]
    assert extract_fields([p]).fields["document_number"] is None


@pytest.mark.parametrize("text", ["1/3//294887264", "26--0807"])
def test_no_reference_runs_two_marks_together(text):
    from ocr.extract.unlabelled import identifier_shaped

    tokens = document_of([page([(300, [(150, text)])])]).rows[0].tokens
    assert parse_identifier(tokens) is None
    assert not identifier_shaped(text)


@pytest.mark.parametrize("values", [
    "2026.12.24 2027年2月末日PO-2026-06529",  # the due date's caption read, the issue date's garbled
    "2026年12月24日 PO-2026-06529",  # no date caption read: an order number runs into the date
])
def test_the_issue_date_run_into_the_next_values_under_a_garbled_caption(values):
    rows = [
        (300, [(209, "請求番号"), (392, "REAR"), (577, "お支払い期限"), (781, "ご注文番号")]),
        (340, [(192, "S2612788"), (377, values)]),
    ]
    assert _fields(rows)["issue_date"] == "2026-12-24"


@pytest.mark.parametrize(("text", "confidence", "expected"), [
    ("mkS3", 15.0, None), ("2H5", 0.0, None),  # garble with a digit or two: no reference
    ("2H5", 90.0, "2H5"),  # read cleanly, a short reference is one
    ("HK0169", 30.0, "HK0169"),  # garbled, but with the digits of a reference
])
def test_garble_with_a_digit_or_two_is_no_reference(text, confidence, expected):
    from dataclasses import replace

    sheet = page([(100, [(100, text)])])
    sheet.words = [replace(w, confidence=confidence) for w in sheet.words]
    found = parse_identifier(document_of([sheet]).rows[0].tokens)
    assert (found[0] if found else None) == expected


def test_a_caption_with_a_politeness_prefix_run_into_the_title_names_its_value():
    """'ご請求No.' is 請求No. politely, though OCR ran the title, the caption and its value into one phrase."""
    rows = [
        (200, [(130, "納品書兼請求書 Tax Invoice ご請求No. Inv. No. No.000846")]),
        (600, [(100, "品名"), (960, "数量"), (1100, "単価"), (1400, "金額")]),
        (650, [(100, "OPPテープ"), (990, "4"), (1110, "1,960"), (1410, "7,840")]),
    ]
    assert extract_fields([page(rows)]).fields["document_number"] == "No.000846"


@pytest.mark.parametrize(("value", "confidence", "expected"), [
    ("0000797", 89.0, "0000797"),  # read cleanly under a caption OCR garbled: the number
    ("ea4-22", 0.0, None),  # garble under garble: no caption vouches for it
    ("7060-0001", 89.0, None),  # a postal code whose 〒 OCR read as a 7
])
def test_a_reference_under_a_caption_ocr_misread_past_recognition(value, confidence, expected):
    from dataclasses import replace

    sheet = page([
        (468, [(204, "RES"), (903, "発注番号")]),
        (528, [(185, value), (850, "PO-2026-07174")]),
        (1000, [(120, "品名"), (600, "数量"), (800, "単価"), (1000, "金額")]),
        (1050, [(120, "ボルト"), (600, "2"), (800, "1,000"), (1000, "2,000")]),
    ])
    sheet.words = [replace(w, confidence=confidence) if w.text == value else
                   replace(w, confidence=29.0) if w.text == "RES" else w for w in sheet.words]
    assert extract_fields([sheet]).fields["document_number"] == expected


@pytest.mark.parametrize("after", [[(850, "PO-2026-07174")], []], ids=["within its row", "ending its row"])
@pytest.mark.parametrize("at", [200, 600], ids=["next to it", "set apart"])
def test_an_addresss_block_number_under_a_caption_ocr_misread_is_no_document_number(after, at):
    """'愛川町中津 4021-8': the number ends an address, whatever caption stands over it."""
    from dataclasses import replace

    sheet = page([
        (468, [(at + 4, "RES"), (903, "発注番号")]),
        (528, [(20, "愛甲郡愛川町中津"), (at, "4021-8"), *after]),
        (1000, [(120, "品名"), (600, "数量"), (800, "単価"), (1000, "金額")]),
        (1050, [(120, "ボルト"), (600, "2"), (800, "1,000"), (1000, "2,000")]),
    ])
    sheet.words = [replace(w, confidence=29.0) if w.text == "RES" else w for w in sheet.words]
    assert extract_fields([sheet]).fields["document_number"] is None


def test_a_number_after_a_word_naming_an_order_is_the_order_number_its_no_run_into_it():
    from dataclasses import replace

    sheet = page([
        (468, [(150, "RES"), (903, "ZUR")]),
        # (one phrase with the customer's code before it: no caption of its own heads it)
        (528, [(20, "得意先コード"), (150, "00318"), (245, "注文"), (292, "No.P26-96621")]),
        (1000, [(120, "品名"), (600, "数量"), (800, "単価"), (1000, "金額")]),
        (1050, [(120, "ボルト"), (600, "2"), (800, "1,000"), (1000, "2,000")]),
    ])
    sheet.words = [replace(w, confidence=29.0) if w.text in ("RES", "ZUR") else w for w in sheet.words]
    fields = extract_fields([sheet]).fields
    assert (fields["po_number"], fields["document_number"]) == ("P26-96621", None)


@pytest.mark.parametrize(("beside", "expected"), [
    ("3484", "PO-2026-06152"),  # a garbled caption beside the order's: the order number is under it
    ("PO-2026-06150", "PO-2026-06150"),  # an order number beside its caption is its value
])
def test_an_order_captions_value_beside_it_gives_way_to_an_order_number_under_it(beside, expected):
    rows = [
        (1764, [(142, "Document #"), (459, "Document dated"), (725, "Payment by"), (970, "Order ref."),
                (1150, beside), (1225, "Contact")]),
        (1812, [(193, "B000800"), (419, "13-Dec-2026"), (668, "12-Jan-2027"), (892, "PO-2026-06152"),
                (1182, "S. Patel")]),
    ]
    assert _fields(rows)["po_number"] == expected


def test_a_grid_under_the_first_part_of_a_table_that_goes_on_over_the_page():
    # The grid's captions garbled past reading; a rule's end before the order number.
    first = page([
        (180, [(155, "合同会社相模クリーン")]),
        (487, [(148, "下記のとおりご請求申し上げます。")]),
        (1100, [(166, "商品コード"), (361, "商品名"), (944, "単価"), (1086, "個数"), (1389, "税抜金額")]),
        (1151, [(166, "00205"), (361, "国産小麦粉 25kg"), (900, "¥6,500"), (1093, "4"), (1382, "¥26,000")]),
        (1210, [(166, "00209"), (361, "米油 1.5kg"), (899, "¥2,000"), (1093, "4"), (1397, "¥8,000")]),
        (1871, [(1287, "次ページへ続きます")]),
        (1950, [(228, "BRAN."), (519, "RG"), (767, "RAM"), (1003, "Rhee")]),
        (1996, [(150, "_"), (207, "26-00272"), (477, "2026/09/24"), (650, "_"), (750, "2026/10/20"),
                (979, "_PO-2026-04857"), (1340, "伊藤")]),
    ])
    second = page([
        (336, [(169, "商品コード"), (362, "商品名"), (948, "単価"), (1088, "個数"), (1391, "税抜金額")]),
        (389, [(169, "00197"), (364, "玉ねぎ 10kg"), (905, "¥3,000"), (1080, "20"), (1409, "¥60,000")]),
        (500, [(785, "小計"), (1364, "¥94,000")]),
    ], number=2)
    fields = extract_fields([first, second]).fields
    assert (fields["document_number"], fields["po_number"]) == ("26-00272", "PO-2026-04857")


def test_a_one_word_caption_after_garble_over_two_dates_ocr_ran_together():
    # The due date's caption 'Payby' follows garble ('CAmmimt', read unsurely); under it, the
    # values of the grid run together, the due date written as the end of a month.
    sheet = page([
        (430, [(131, "請求番号"), (204, "Taxinvoices"), (312, "発行年月日"), (393, "woicepate"), (492, "CAmmimt"),
               (575, "Payby"), (673, "注文 NO."), (1310, "Accountno")]),
        (482, [(153, "26-00369"), (310, "2026 年 9 月 27 日 2026 年 11 月末日 PO-2026-04908"), (1263, "35647")]),
    ])
    unsure = {"woicepate": 5.0, "CAmmimt": 38.0}
    sheet.words = [replace(w, confidence=unsure.get(w.text, 90.0)) for w in sheet.words]
    fields = extract_fields([sheet]).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2026-09-27", "2026-11-30")


def test_two_dates_ocr_ran_into_one_word_under_garbled_captions_are_the_issue_and_due_dates():
    # A fax's row of values under captions OCR garbled, its two dates set close and read as one
    # word with the order number after them.
    sheet = page([
        (1896, [(120, "RES"), (413, "RIER"), (652, "SUA"), (900, "注文No")]),
        (1969, [(173, "26-00752"), (363, "令和8年12月20日令和9年1月31日PO-2026-03349"), (1151, "高橋")]),
    ])
    sheet.words = [replace(w, confidence=35.0) if w.text in ("RES", "RIER", "SUA") else w for w in sheet.words]
    fields = extract_fields([sheet]).fields
    assert (fields["issue_date"], fields["due_date"], fields["po_number"]) == (
        "2026-12-20", "2027-01-31", "PO-2026-03349")


def test_a_date_run_on_after_the_issue_date_a_caption_names_is_the_due_date():
    # The issue date's caption read, the due date's garbled; the two dates and the order number
    # read as one word under them.
    sheet = page([
        (452, [(178, "請求番号"), (454, "発行日"), (768, "et"), (1000, "em")]),
        (510, [(218, "2701-0817"), (458, "令和9年1月16日令和9年2月20日PO-2026-04661")]),
    ])
    sheet.words = [replace(w, confidence=30.0) if w.text in ("et", "em") else w for w in sheet.words]
    fields = extract_fields([sheet]).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2027-01-16", "2027-02-20")


def test_a_number_read_surely_under_two_captions_goes_before_a_lone_one_read_unsurely():
    # The second page repeats the header in one line, its title's number garbled ('#343R#').
    first = page([
        (492, [(145, "Bill Number"), (441, "Invoice Date")]),
        (549, [(186, "INV-00354"), (461, "04-Oct-2026")]),
    ])
    second = page([(225, [(100, "Tax Invoice"), (235, "#343R#"), (334, "Bill Number"), (477, "伝票"),
                          (562, "No.INV-00354"), (670, "(page 2)")])], number=2)
    second.words = [replace(w, confidence=30.0 if w.text == "#343R#" else 90.0) for w in second.words]
    assert extract_fields([first, second]).fields["document_number"] == "INV-00354"


@pytest.mark.parametrize("order_first", [True, False])
def test_the_customers_order_number_goes_before_an_order_number_that_names_no_one(order_first):
    """A web shop's order confirmation and invoice: its own order number and the customer's PO."""
    shop = (160, [(968, "Order #"), (1391, "CPS-105998")])
    customer = (400, [(968, "Customer PO"), (1357, "PO-2026-03234")])
    rows = [(80, [(142, "CASCADE PERIPHERAL SUPPLY")]),
            *([shop, customer] if order_first else [(160, customer[1]), (400, shop[1])]),
            (200, [(968, "Invoice #"), (1415, "INV-58666")]),
            (240, [(968, "Invoice date"), (1391, "Oct 21, 2026")]),
            (600, [(153, "Item"), (1018, "Qty"), (1235, "Price"), (1488, "Total")]),
            (650, [(153, "USB-C hub"), (1030, "24"), (1215, "$34.50"), (1453, "$828.00")])]
    fields = _fields(rows)
    assert (fields["po_number"], fields["document_number"]) == ("PO-2026-03234", "INV-58666")


@pytest.mark.parametrize(("caption", "value", "number"), [
    ("請求", "No.20260117-1", "20260117-1"),
    ("請求書", "No.251130", "251130"),
    ("Invoice", "No.4711-26", "4711-26"),
    ("請求", "No.S-2611-0093", "S-2611-0093"),  # a number that starts with its own letters
])
def test_a_captions_no_run_into_the_number_after_it_belongs_to_the_caption(caption, value, number):
    p = page([
        (120, [(688, "請 求 書")]),
        (200, [(1311, f"{caption} {value}")]),
        (250, [(1311, "請求日"), (1420, "2026年1月17日")]),
    ])
    assert extract_fields([p]).fields["document_number"] == number


@pytest.mark.parametrize(("yours", "po"), [("4500012345", "4500012345"), ("", None)])
def test_the_sellers_own_order_number_is_no_purchase_order(yours, po):
    p = page([
        (120, [(1200, "INVOICE")]),
        (300, [(150, "Invoice No."), (560, "Your Order No."), (960, "Our Order No."), (1300, "Page")]),
        (345, [(150, "SI-104397"), (560, yours), (960, "SO 318693"), (1300, "1 of 2")]),
        (420, [(150, "Invoice Date"), (560, "16/05/2026")]),
    ])
    fields = extract_fields([p]).fields
    assert (fields["document_number"], fields["po_number"]) == ("SI-104397", po)


@pytest.mark.parametrize("mark", ["N°", "Nº", "No."])
def test_a_number_sign_alone_captions_the_documents_number(mark):
    p = page([
        (120, [(1240, "FACTURA")]),
        (200, [(1173, mark), (1441, "F260033")]),
        (250, [(1173, "Fecha"), (1323, "8 de marzo de 2026")]),
    ])
    assert extract_fields([p]).fields["document_number"] == "F260033"


def test_a_caption_in_a_sentence_after_a_garbled_word_is_no_caption():
    """'Indique el número de factura en el concepto' under an IBAN: the sentence names the
    number, it captions nothing (its 'número' garbled)."""
    from dataclasses import replace

    p = page([
        (120, [(1240, "FACTURA")]),
        (200, [(1173, "N°"), (1441, "F260033")]),
        (250, [(1173, "Fecha"), (1323, "8 de marzo de 2026")]),
        (1700, [(122, "Transferencia bancaria a la cuenta ES91 2100 0418 4502 0005 1332")]),
        (1740, [(123, "Fecha de vencimiento 7 de abril de 2026. Indique el numero de factura en el concepto.")]),
    ])
    p.words = [replace(w, confidence=27.0) if w.text == "numero" else w for w in p.words]
    assert extract_fields([p]).fields["document_number"] == "F260033"


@pytest.mark.parametrize(("caption", "po"), [("", "PO-2026-04148"), ("Purchase order number", "PO-2026-04148")])
def test_a_web_shops_own_order_number_gives_way_to_the_buyers_order_whose_caption_ocr_lost(caption, po):
    p = page([
        (120, [(1380, "Invoice")]),
        (200, [(100, "Invoice #"), (433, "DE6Z4KV7T2AEUI")]),
        (540, [(100, "Order date"), (461, "22 March 2026")]),
        (565, [(100, "Order #"), (461, "302-3140236-2629344")]),
        (590, [(100, caption), (461, "PO-2026-04148")]),
        (615, [(100, "Payment reference #"), (461, "1QW110822605R")]),
    ])
    assert extract_fields([p]).fields["po_number"] == po


@pytest.mark.parametrize("box", ["P.O. BOX 94612", "PO Box 94612", "Postfach 94612"])
def test_a_post_office_box_is_no_order_number(box):
    p = page([
        (120, [(1218, "INVOICE")]),
        (560, [(111, "CUSTOMER NO."), (327, "CUSTOMER P.O. NUMBER"), (679, "SALESPERSON")]),
        (600, [(133, "KPF100"), (342, "PO-2026-08182"), (699, "T. KOWALSKI")]),
        (1500, [(101, "REMIT TO")]),
        (1540, [(101, "GREAT LAKES INDUSTRIAL SUPPLY CO.")]),
        (1580, [(101, box)]),
    ])
    assert extract_fields([p]).fields["po_number"] == "PO-2026-08182"


def test_a_packing_slips_customer_po_under_its_caption_is_the_order_not_its_sales_order():
    """'Sales Order #' is the seller's, 'Ordered' a column's head; the customer's PO stands under
    its caption with the table's rule read into it."""
    from dataclasses import replace

    p = page([
        (100, [(1103, "Invoice #"), (1532, "S1043098")]),
        (150, [(1103, "Invoice Date"), (1496, "May 15, 2026")]),
        (200, [(208, "9815 Broadway Street"), (1103, "Sales Order #"), (1518, "SO-241220")]),
        (620, [(97, "Customer PO"), (346, "Ship Date"), (544, "Ship Via"), (1150, "Terms")]),
        (660, [(85, "|PO-2026-08211"), (347, "May 13, 2026"), (545, "UPS Ground"), (1152, "Net 30")]),
        (720, [(873, "Qty"), (1015, "Qty"), (1150, "Back")]),
        (750, [(129, "Item #"), (430, "Description"), (852, "Ordered"), (993, "Shipped"), (1135, "Ordered"),
               (1280, "Unit Price"), (1488, "Amount")]),
        (800, [(98, "BB-2210"), (238, "Aluminum sheet pan"), (931, "8"), (1072, "8"), (1214, "0"), (1344, "14.25"),
               (1557, "114.00")]),
    ])
    p.words = [replace(w, confidence=36.0) if w.text == "|PO-2026-08211" else w for w in p.words]
    assert extract_fields([p]).fields["po_number"] == "PO-2026-08211"


@pytest.mark.parametrize(("issued", "due", "expected"), [
    ("26/03/15", "26/04/30", ("2026-03-15", "2026-04-30")),  # year, month, day, as Japanese documents print them
    ("26.1.20", "26.2.28", ("2026-01-20", "2026-02-28")),
])
def test_a_yen_invoice_in_japanese_writes_two_figure_dates_year_first(issued, due, expected):
    p = page([
        (100, [(110, "丸栄食品株式会社"), (1352, "請求書")]),
        (300, [(110, "神奈川精密フーズ株式会社 様"), (1024, "請求日"), (1197, issued)]),
        (350, [(1024, "請求番号"), (1197, "M26031573")]),
        (400, [(1024, "お支払期日"), (1197, due)]),
        (500, [(134, "今回ご請求額"), (470, "¥732,503-")]),
    ])
    fields = extract_fields([p]).fields
    assert (fields["issue_date"], fields["due_date"]) == expected


@pytest.mark.parametrize(("validity", "until"), [
    ("見積日より30日", "2026-02-23"), ("発行日から1ヶ月", "2026-02-24"),
    ("30 days from the date of issue", "2026-02-23"),
])
def test_a_quotes_validity_given_as_a_period_runs_from_its_date(validity, until):
    p = page([
        (100, [(613, "御見積書")]),
        (200, [(945, "見積番号"), (1103, "YS-M26-058")]),
        (300, [(945, "見積日"), (1103, "令和8年1月24日")]),
        (700, [(110, "有効期限"), (268, validity)]),
    ])
    fields = extract_fields([p]).fields
    assert (fields["doc_type"], fields["due_date"]) == ("quote", until)


def test_a_statements_columns_of_slip_dates_and_numbers_are_no_sidebar_of_header_fields():
    p = page([
        (60, [(1181, "ページ 1"), (1506, "No.")]),
        (110, [(674, "請 求 書"), (1436, "0020563")]),
        (300, [(110, "神奈川精密フーズ株式会社"), (693, "御中"), (1008, "登録番号"), (1108, "T8188928882717")]),
        (400, [(1008, "お支払期日"), (1147, "2026年07月31日")]),
        (600, [(124, "伝票日付"), (258, "伝票番号"), (562, "商品名"), (898, "数量"), (1119, "単価"), (1292, "金額")]),
        (650, [(106, "26/06/07"), (244, "029173"), (370, "濃口醤油 18L缶"), (950, "24"), (1154, "6,800"),
               (1317, "163,200")]),
        (700, [(106, "26/06/12"), (244, "029201"), (370, "白醤油 1.8L"), (950, "10"), (1154, "1,500"),
               (1317, "15,000")]),
    ])
    assert extract_fields([p]).fields["document_number"] == "0020563"


@pytest.mark.parametrize(("caption", "dated"), [("ご利用期間", "2026年6月1日～6月30日"), ("Order date", "1 June 2026")])
def test_a_date_beside_a_caption_of_no_header_field_is_no_issue_date(caption, dated):
    """The issue date lost (its line garbled past reading): the date of a billing period or of
    the order does not stand in for it, for a clerk to fill in."""
    p = page([
        (100, [(613, "ご請求書")]),
        (300, [(145, caption), (400, dated)]),
        (400, [(145, "お支払期限"), (400, "2026年7月31日")]),
    ])
    fields = extract_fields([p]).fields
    assert (fields["issue_date"], fields["due_date"]) == (None, "2026-07-31")


@pytest.mark.parametrize(("caption", "paid"), [("お支払い済み", "2026年11月19日"), ("Paid on", "19 Nov 2026")])
def test_the_date_a_receipt_was_paid_on_is_no_due_date(caption, paid):
    """A web shop's invoice that is its receipt prints when it was paid (and how): no due date."""
    p = page([
        (100, [(613, "適格請求書（領収書）")]),
        (300, [(145, "お支払い方法"), (400, "クレジットカード")]),
        (340, [(145, caption), (400, paid)]),
        (380, [(145, "発行日"), (400, "2026年11月19日")]),
    ])
    fields = extract_fields([p]).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2026-11-19", None)


def test_the_sellers_order_number_gives_way_to_the_buyers_order_printed_as_one():
    """'Ordernummer' names the seller's order confirmation as often as the buyer's order: the
    buyer's order number beside 'Uw referentie', shaped as one, is the order number."""
    p = page([
        (100, [(120, "Van Dorp Horeca B.V."), (1200, "FACTUUR")]),
        (300, [(900, "Factuurnummer"), (1150, "26700154")]),
        (340, [(900, "Factuurdatum"), (1150, "28-11-2026")]),
        (380, [(900, "Uw referentie"), (1150, "PO-2026-01819")]),
        (420, [(900, "Ordernummer"), (1150, "V-88412")]),
    ])
    assert extract_fields([p]).fields["po_number"] == "PO-2026-01819"


def test_a_reference_after_an_orders_number_in_a_row_of_values_is_no_order():
    """A row of values under captions: the order's number under 'Source' (no order caption the
    lexicon holds), then the seller's own reference: a value after an order's number is not
    marked an order by it."""
    p = page([
        (100, [(120, "Northwind Cold Chain LLC")]),
        (439, [(119, "##Invoice INV/2026/00417")]),
        (524, [(119, "Invoice Date"), (370, "Due Date"), (581, "Source"), (841, "Reference")]),
        (553, [(119, "11/26/2026"), (370, "12/26/2026"), (581, "PO-2026-01838"), (841, "S00931")]),
    ])
    assert extract_fields([p]).fields["po_number"] == "PO-2026-01838"


def test_the_customers_account_reference_is_no_document_number():
    p = page([
        (100, [(100, "Harrow Hygiene Supplies Limited"), (1312, "INVOICE")]),
        (300, [(1011, "Invoice/Tax Date"), (1274, "07/02/2026")]),
        (340, [(1010, "Order No."), (1275, "PO-2026-08152")]),
        (380, [(1010, "Account Ref"), (1275, "KANAGA01")]),
    ])
    assert extract_fields([p]).fields["document_number"] is None


def test_a_phone_number_beside_a_caption_over_its_value_is_another_columns():
    p = page([
        (100, [(117, "QUOTE"), (834, "Quote Date"), (1167, "Southern Cross Lab Supplies")]),
        (140, [(834, "16 Apr 2026")]),
        (300, [(834, "Quote Number"), (1167, "Ph (03) 9763 4410")]),
        (340, [(834, "QU-0093"), (1167, "orders@sxlab.com.au")]),
    ])
    assert extract_fields([p]).fields["document_number"] == "QU-0093"


def test_a_date_captioned_in_two_names_one_of_no_header_field_is_still_the_issue_date():
    p = page([
        (100, [(1382, "Invoice")]),
        (200, [(100, "Invoice / Delivery date"), (433, "24 March 2026")]),
        (240, [(100, "Invoice #"), (433, "DE6Z4KV7T2AEUI")]),
        (500, [(100, "Order date"), (461, "22 March 2026")]),
    ])
    assert extract_fields([p]).fields["issue_date"] == "2026-03-24"


def test_a_fax_transmission_line_later_than_the_invoice_is_no_due_date():
    p = page([
        (20, [(31, "MAR 26 2026 16 01 FROM 020 8845 3311 TO +81 45 555 0120 P. 1/1")]),
        (100, [(123, "Harrow Hygiene Supplies Limited"), (1358, "INVOICE")]),
        (200, [(1050, "Invoice No."), (1319, "24841")]),
        (260, [(1050, "Invoice/Tax Date"), (1320, "25/02/2026")]),
        (900, [(121, "Terms Strictly 30 days net from date of invoice.")]),
    ])
    fields = extract_fields([p]).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2026-02-25", None)


@pytest.mark.parametrize("stamp", [
    "2026/03/27 15 42 FROM 0466-22-7152 (株)湘南フレッシュ青果 #0306 P.001/001",  # its time's colon lost, no 'TO'
    "2026/03/27 15:42 株式会社湘南フレッシュ青果",
])
def test_a_fax_transmission_line_heading_the_page_gives_way_to_the_date_printed_under_it(stamp):
    p = page([
        (20, [(41, stamp)]),
        (100, [(1393, "No."), (1448, "SF-0340")]),
        (140, [(182, "神奈川精密フーズ株式会社 御中"), (1354, "令和8年3月26日")]),
        (300, [(182, "御社発注番号"), (377, "PO-2026-07346")]),
    ])
    assert extract_fields([p]).fields["issue_date"] == "2026-03-26"


def _statement_faxed(issue_row: tuple[int, str]) -> dict:
    """A faxed statement: its stamp, its number, its issue date (read or garbled), its due date
    under a garbled caption, and its table."""
    return extract_fields([page([
        (20, [(22, "2026/09/14 13 04 FROM 017 723 5187 TO 045 441 2290 P.001/001")]),
        (100, [(1071, "BR Boy"), (1227, "TS-S04275")]),
        (140, [(1073, "WE"), issue_row]),
        (180, [(1074, "+532 th RABR"), (1227, "2026年10月31日")]),
        (220, [(1074, "“ees"), (1228, "PO-2026-03224")]),
        (400, [(150, "日付"), (300, "品名"), (1000, "数量"), (1150, "単価"), (1340, "金額")]),
        (450, [(131, "9/2"), (300, "洗剤 5L"), (1030, "8"), (1158, "4,200"), (1338, "33,600")]),
        (550, [(131, "9/14"), (300, "ゴム手袋 M"), (1022, "10"), (1161, "1,280"), (1339, "12,800")]),
    ])]).fields


@pytest.mark.parametrize(("issue_row", "issued"), [
    ((1227, "20264698 148"), "2026-09-14"),  # garbled: the day it was sent, not the later due date
    ((1227, "2026年9月12日"), "2026-09-12"),  # read: the date printed
])
def test_a_faxed_statements_issue_date_is_printed_or_the_days_it_was_sent(issue_row, issued):
    assert _statement_faxed(issue_row)["issue_date"] == issued


def test_a_value_ends_where_a_photos_taller_next_column_starts():
    from dataclasses import replace

    p = page([
        (100, [(100, "Namero de factura"), (300, "-_"), (330, "FV-2026-0452"),
               (520, "4-1 Shin- Yokohama 2-chome, Kohoku-ku")]),
        (160, [(100, "Fecha"), (330, "28/10/2026")]),
    ])
    # A leader's mark read into the caption, tall with the photo's blur; the value read unsurely;
    # the address beside it, a column to the right, printed nearer the lens: taller than the value.
    p.words = [replace(w, top=w.top - 15, height=50, confidence=0.0) if w.text == "-_"
               else replace(w, confidence=26.0) if w.text == "FV-2026-0452"
               else replace(w, height=27) if w.top == 100 and w.left >= 520 else w for w in p.words]
    assert extract_fields([p]).fields["document_number"] == "FV-2026-0452"


@pytest.mark.parametrize(("at", "number"), [
    (400, "2612-0646"),  # in the values' column, after a caption garbled in the captions'
    (900, None),  # elsewhere on the row: a reference of the letterhead's, as likely
])
def test_a_number_after_a_garbled_caption_with_a_sentence_after_it_in_the_values_column(at, number):
    p = page([
        (470, [(150, "Me"), (at, "2612-0646"), (1100, "下記のとおりご請求申し上げます。")]),
        (510, [(150, "請求年月日"), (400, "2026.12.11")]),
        (550, [(150, "お振込期限"), (400, "2027.01.10")]),
        (800, [(150, "品名"), (1000, "数量"), (1150, "単価"), (1340, "金額")]),
        (850, [(150, "コピー用紙 A4"), (1030, "20"), (1158, "3,400"), (1338, "68,000")]),
    ])
    p.words = [replace(w, confidence=30.0) if w.text == "Me" else w for w in p.words]
    assert extract_fields([p]).fields["document_number"] == number


@pytest.mark.parametrize(("stacked", "number"), [
    (True, "FA000469"),  # heading a stack of captions over their values, its own caption lost
    (False, None),  # over captions with their values beside them: no stack it could head
])
def test_a_reference_heading_a_stack_of_captions_over_values_is_the_number(stacked, number):
    dates = [(490, [(122, "Date de facture")]), (532, [(121, "23 octobre 2026")]),
             (572, [(122, "Date limite de paiement")]), (610, [(121, "22 novembre 2026")])]
    if not stacked:
        dates = [(490, [(122, "Date de facture"), (500, "23 octobre 2026")]),
                 (532, [(122, "Date limite de paiement"), (500, "22 novembre 2026")])]
    fields = extract_fields([page([
        (316, [(120, "TVA intracom."), (541, "Kanagawa Precision Foods Co., Ltd.")]),
        (353, [(541, "Accounts Payable")]),
        (390, [(541, "4-1 Shin-Yokohama 2-chome, Kohoku-ku")]),
        (446, [(121, "FA000469")]),
        *dates,
        (964, [(120, "Description"), (800, "Quantité"), (1000, "P.U. HT"), (1200, "Montant")]),
        (1018, [(120, "Lame de rechange type A"), (800, "5"), (1000, "48,70"), (1200, "243,50")]),
    ])]).fields
    assert fields["document_number"] == number


def test_a_reference_over_a_bilingual_caption_whose_first_language_ocr_garbled_heads_the_stack():
    """A stack of bilingual captions over their values, the number's own caption lost; the next
    caption's Japanese half ('伝票日付') read as garble, then its slash and its English half: the
    caption starts in the stack's column all the same."""
    p = page([
        (183, [(880, "請求書 / TAX INVOICE")]),
        (262, [(887, "有限会社明星衛生")]),
        (293, [(152, "S2702961")]),
        (343, [(152, "fe H ft / Issue dated"), (885, "TEL 083-141-9360")]),
        (373, [(152, "2027年2月18日")]),
        (414, [(152, "ご入金期日 / Remittance by")]),
        (451, [(152, "2027年3月20日")]),
        (900, [(160, "品名"), (1000, "数量"), (1150, "単価"), (1340, "金額")]),
        (950, [(160, "ペーパータオル"), (1030, "8"), (1158, "3,800"), (1338, "30,400")]),
    ])
    p.words = [replace(w, confidence=40.0) if w.text in ("fe", "H", "ft") else w for w in p.words]
    assert extract_fields([p]).fields["document_number"] == "S2702961"


@pytest.mark.parametrize(("caption", "found"), [
    ("3847 Tax point", [("issue_date", "tax point")]),  # 請求日 read as figures before its English
    ("Tax point", [("issue_date", "tax point")]),
    ("3847 Tax", []),  # one word after figures: no caption to be sure of
])
def test_a_captions_first_language_read_as_figures_leaves_its_second(caption, found):
    from ocr.extract.labels import FIELD_VOCAB, find_labels

    row = document_of([page([(507, [(138, caption), (411, "2026.09.28")])])]).rows[0]
    assert [(hit.field, hit.label) for hit in find_labels(row, FIELD_VOCAB)] == found


def test_a_sidebar_running_the_tables_height_keeps_its_captions():
    """Captions over their values in a sidebar left of the item table, as many of its rows as the
    table's own: the table still begins where its header does."""
    fields = extract_fields([page([
        (481, [(120, "Bill Ref."), (600, "Tokyo Office Supply")]),
        (521, [(120, "IN2703/1058")]),
        (566, [(120, "Invoice Date")]),
        (585, [(553, "Product"), (968, "Qty"), (1100, "Unit price"), (1372, "Amount")]),
        (606, [(120, "3 Mar 2027")]),
        (630, [(552, "Take-out container medium"), (1069, "4"), (1208, "¥1,590"), (1445, "¥6,360")]),
        (665, [(120, "Payment due 支払期限")]),
        (700, [(120, "31 May 2027")]),
        (735, [(552, "Paper cup, 12 oz"), (1069, "12"), (1208, "¥1,360"), (1445, "¥16,320")]),
        (738, [(120, "Your PO")]),
        (787, [(120, "PO-2026-05433"), (552, "Volume discount"), (1069, "1"), (1208, "-¥1,800"), (1445, "-¥1,800")]),
        (825, [(120, "Customer no.")]),
        (864, [(120, "4307")]),
        (879, [(1000, "Total before tax"), (1445, "¥20,880")]),
    ])]).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2027-03-03", "2027-05-31")


@pytest.mark.parametrize(("printed", "number"), [
    ("2610-0353", "2610-0353"),
    ("5.200", None),  # an amount, its thousands set apart: a figure of the next column's, under the caption
    ("12,340", None),
    ("26.0353", "26.0353"),  # four figures after the mark: no thousands
])
def test_an_amount_under_a_number_caption_is_no_document_number(printed, number):
    fields = extract_fields([page([
        (100, [(150, "Bill #"), (400, printed)]),
        (400, [(120, "Description"), (1000, "Qty"), (1150, "Price"), (1340, "Amount")]),
        (450, [(120, "Olive oil"), (1030, "8"), (1158, "3,200"), (1338, "25,600")]),
    ])]).fields
    assert fields["document_number"] == number


@pytest.mark.parametrize(("printed", "number"), [
    ("0034518", "0034518"),
    ("06/28", None),  # a month and day, no year: a closing day, say
    ("06/28/2026", None),
])
def test_a_month_and_day_under_a_garbled_caption_is_no_document_number(printed, number):
    fields = extract_fields([page([
        (100, [(600, "aie ENO")]),
        (130, [(600, printed)]),
        (400, [(120, "品名"), (1000, "数量"), (1150, "単価"), (1340, "金額")]),
        (450, [(120, "米油 1.5kg"), (1030, "8"), (1158, "3,200"), (1338, "25,600")]),
    ])]).fields
    assert fields["document_number"] == number


@pytest.mark.parametrize(("printed", "number"), [
    ("$2610365", "S2610365"),  # a fax's S read as a dollar sign: no amount is printed so
    ("$2610", None),  # four figures after a dollar sign: an amount, as likely
])
def test_a_number_starting_with_a_dollar_sign_under_a_garbled_caption_starts_with_an_s(printed, number):
    fields = extract_fields([page([
        (100, [(900, printed), (1200, "2027年1月18日")]),
        (130, [(900, "aie ENO"), (1200, "請求日")]),  # the number's caption under it, garbled
        (400, [(120, "品名"), (1000, "数量"), (1150, "単価"), (1340, "金額")]),
        (450, [(120, "米油 1.5kg"), (1030, "8"), (1158, "3,200"), (1338, "25,600")]),
        (800, [(1000, "合計"), (1338, "¥25,600")]),
    ])]).fields
    assert fields["document_number"] == number


@pytest.mark.parametrize(("codes", "stray", "found"), [
    (True, 620, []),  # the last item's code, under it as the others' are under theirs
    (True, 430, []),  # over the first line, whose own row OCR broke: an item's code too
    (False, 620, ["AR-403"]),  # no item has a code under it: a value under a caption OCR garbled
])
def test_an_items_code_beside_the_table_is_no_document_number(codes, stray, found):
    from ocr.extract.header import all_label_hits
    from ocr.extract.unlabelled import unlabelled_references

    code_rows = [(480, [(120, "AR-415")]), (550, [(120, "AR-422")])] if codes else []
    doc = document_of([page([
        (400, [(120, "品名"), (1000, "数量"), (1150, "単価"), (1340, "金額")]),
        (450, [(120, "米油 1.5kg"), (1030, "8"), (1158, "3,200"), (1338, "25,600")]),
        (520, [(120, "粉末だし 500g"), (1030, "1"), (1158, "1,280"), (1338, "1,280")]),
        (590, [(120, "tv TER"), (1030, "4"), (1158, "1,540"), (1338, "6,160")]),  # its words garbled
        (stray, [(120, "AR-403")]),
        *code_rows,
        (800, [(1000, "合計"), (1338, "33,040")]),
    ])])
    items = {row.index for row in doc.rows if row.text.endswith(("25,600", "1,280", "6,160"))}
    references = unlabelled_references(doc, all_label_hits(doc), items, set())
    assert [c.value for c in references["document_number"]] == found


def test_a_date_on_a_row_among_the_tables_that_holds_a_lines_figures_is_a_slips():
    from ocr.extract.unlabelled import first_dates
    from ocr.extract.values import DateOrder

    doc = document_of([page([
        (400, [(150, "日付"), (300, "品名"), (1000, "数量"), (1150, "単価"), (1340, "金額")]),
        (450, [(131, "26/09/02"), (300, "洗剤 5L"), (1030, "8"), (1158, "4,200"), (1338, "33,600")]),
        (500, [(131, "26/09/05"), (300, "Ree 18Lé ※"), (1030, "3O"), (1158, "7,200"), (1338, "216,00")]),
        (550, [(131, "26/09/14"), (300, "ゴム手袋 M"), (1022, "10"), (1161, "1,280"), (1339, "12,800")]),
        (700, [(131, "2026年9月30日締切分")]),
    ])])
    dates = first_dates(doc, {0, 1, 3}, set(), DateOrder(day_first=False, year_first=True))
    assert [c.value.isoformat() for c in dates] == ["2026-09-30"]


def test_a_title_run_into_its_number_tells_the_kind_of_document():
    rows = [
        (100, [(929, "Proposition commerciale PR2608-0022")]),
        (150, [(1199, "Date de fin de validité"), (1432, "18/09/2026")]),
        (200, [(111, "Tél."), (181, "04 78 61 22 90"), (861, "N° TVA"), (954, "FR83 902 118 447")]),
    ]
    fields = _fields(rows)
    assert (fields["doc_type"], fields["document_number"]) == ("quote", "PR2608-0022")


@pytest.mark.parametrize("title", ["Offre de prix", "Preisangebot", "Prijsofferte", "Oferta de precio"])
def test_a_foreign_suppliers_price_offer_is_a_quote(title):
    # A French supplier's 'Offre de prix' over 'Facturé à' (the addressee's caption, 'invoiced to'):
    # the title says what the document is.
    rows = [
        (166, [(640, f"##{title}")]),
        (260, [(888, "Facturé à")]), (300, [(888, "Kanagawa Precision Foods Co., Ltd.")]),
        (258, [(103, "Etablissements Durand")]),
        (560, [(103, "Q2611-0412"), (600, "12/11/2026")]),
    ]
    assert _fields(rows)["doc_type"] == "quote"


@pytest.mark.parametrize("title", ["PRICE QUOTATION", "Sales Quote", "Cost estimate"])
def test_a_quotes_title_with_a_word_before_it_tells_the_kind_over_an_invoice_to_caption(title):
    # The addressee's caption 'Invoice to' and the T-number's 'Invoice regist. no.', misread as
    # 'Invoice #', name invoices as often as the quote's own captions name quotes: the title
    # settles it.
    rows = [
        (189, [(121, f"##{title}")]),
        (271, [(122, "Silverpine Fresh Produce Inc."), (887, "Q-00500")]), (294, [(887, "Quote #")]),
        (341, [(886, "2 November 2026")]), (371, [(887, "Date")]),
        (419, [(886, "2 December 2026")]), (452, [(122, "Invoice to"), (887, "Valid until")]),
        (492, [(121, "Kanagawa Precision Foods Co., Ltd.")]), (529, [(887, "Invoice #")]),
    ]
    assert _fields(rows)["doc_type"] == "quote"


def test_a_sellers_tax_registration_is_no_document_number_and_the_title_over_a_number_is():
    rows = [
        (100, [(111, "Cascadia Food Tech Inc."), (1421, "+1 206 555 0187")]),
        (130, [(1325, "ar@cascadiafoodtech.com")]),
        (160, [(111, "2201 Airport Way S, Seattle, WA 98134"), (1427, "EIN"), (1470, "91-2046613")]),
        (220, [(111, "Sales Invoice")]),
        (250, [(111, "SINV-26-01236")]),
        (330, [(228, "Customer Name"), (439, "Kanagawa Precision Foods"), (1162, "Date"), (1242, "2026-06-29")]),
        (360, [(318, "Address"), (439, "US Office"), (1004, "Payment Due Date"), (1242, "2026-07-29")]),
        (390, [(906, "Customer's Purchase Order"), (1242, "PO-2026-06088")]),
    ]
    assert _fields(rows)["document_number"] == "SINV-26-01236"


def test_a_web_shops_own_order_number_gives_way_to_the_customers_order_number():
    rows = [
        (100, [(118, "BizMall"), (1286, "適格請求書")]),
        (140, [(1174, "請求書番号"), (1347, "BM2603004126")]),
        (400, [(134, "注文番号"), (402, "BM-0312-0089737")]),
        (440, [(134, "注文日"), (402, "2026年3月12日")]),
        (480, [(134, "お客様注文番号"), (402, "PO-2026-07636")]),
    ]
    assert _fields(rows)["po_number"] == "PO-2026-07636"


def test_a_continuous_forms_two_figure_years_are_the_eras(monkeypatch):
    """Dot-matrix forms print 令和8年 as '08': 08.04.24 is 2026-04-24, not 2008."""
    from datetime import date

    from ocr.extract import choose

    class Today(date):
        @classmethod
        def today(cls) -> date:
            return date(2026, 12, 1)

    monkeypatch.setattr(choose, "date", Today)
    rows = [
        (100, [(900, "ｾｲｷｭｳｼｮ")]),
        (160, [(100, "ﾃﾞﾝﾋﾟｮｳﾋﾂﾞｹ"), (400, "08.04.24"), (900, "ﾃﾞﾝﾋﾟｮｳNO"), (1200, "003418")]),
        (200, [(100, "お支払期日"), (400, "08.05.31")]),
        (400, [(100, "品名"), (800, "数量"), (1000, "単価"), (1300, "金額")]),
        (450, [(100, "ｸﾗﾌﾄﾃｰﾌﾟ 50mm"), (800, "10"), (1000, "1,200"), (1300, "12,000")]),
        (500, [(900, "合計"), (1300, "¥13,200")]),
    ]
    fields = _fields(rows)
    assert (fields["issue_date"], fields["due_date"]) == ("2026-04-24", "2026-05-31")


@pytest.mark.parametrize("terms", [
    [(197, "Zahlungsbedingungen: zahlbar bis 28.02.2026 mit 2 % Skonto (50,14 €), bis")],  # runs on
    [(158, "Zahlungskonditionen bis 28.02.2026 abzüglich 3 % Skonto, bis 13.03.2026 netto ohne Abzug.")],
])
def test_a_discount_for_paying_early_leaves_the_day_to_pay_in_full_the_due_date(terms):
    rows = [
        (100, [(900, "Rechnungsnummer"), (1200, "2026-10236")]),
        (140, [(900, "Rechnungsdatum"), (1200, "27.01.2026")]),
        (600, [(866, "Gesamtsumme netto"), (1372, "2.136,80 €")]),
        (700, terms),
        (730, [(197, "13.03.2026 netto ohne Abzug.")]),
        (800, [(197, "Lieferung bis 30.04.2026 an das Lager.")]),
    ]
    assert _fields(rows)["due_date"] == "2026-03-13"


@pytest.mark.parametrize("era", ["令和", "信和"])  # (as printed, or misread)
def test_a_caption_run_into_the_era_of_its_date_is_the_dates_caption(era):
    """A dot-matrix form: '御支払期日' and the date's era read as one word, the era's year apart."""
    rows = [
        (100, [(963, "##請求書")]),
        (212, [(963, "令和"), (1023, "8年11月28日")]),
        (600, [(309, "消費税(10%)"), (950, "14,640")]),
        (1067, [(139, f"御支払期日{era}"), (301, "8"), (324, "年"), (346, "12"), (379, "月"), (400, "25"),
                (438, "日")]),
    ]
    assert _fields(rows)["due_date"] == "2026-12-25"


def test_the_day_to_pay_in_full_is_due_before_a_discounts_day_printed_first():
    rows = [
        (100, [(900, "Rechnungsnummer"), (1200, "2026-10236")]),
        (140, [(900, "Rechnungsdatum"), (1200, "30.11.2026")]),
        (600, [(866, "Rechnungsbetrag EUR"), (1372, "3.748,05")]),
        (700, [(158, "Zahlungsbedingungen: Bei Zahlung bis 07.12.2026 gewähren wir 2 % Skonto (74,96 EUR).")]),
        (730, [(158, "Zahlbar ohne Abzug bis 14.12.2026.")]),
    ]
    assert _fields(rows)["due_date"] == "2026-12-14"


@pytest.mark.parametrize(("phrase", "kind"), [("下記の通り御見積申し上げます。", "quote"),
                                              ("下記の通り御請求申し上げます。", "invoice")])
def test_the_set_phrase_under_the_addressee_tells_the_kind_when_ocr_lost_the_title(phrase, kind):
    rows = [
        (100, [(887, "=ees"), (1303, "No."), (1354, "M08-3206")]),  # the title, garbled
        (180, [(173, "神奈川精密フーズ株式会社御中")]),
        (230, [(174, "毎度格別のお引立てを賜り厚く御礼申し上げます。")]),
        (260, [(174, phrase), (926, "丸屋商事株式会社")]),
        (400, [(132, "品名"), (618, "数量"), (902, "単価"), (1130, "金額")]),
        (450, [(222, "並塩 25kg"), (680, "20"), (955, "2,380"), (1191, "47,600")]),
    ]
    assert _fields(rows)["doc_type"] == kind


@pytest.mark.parametrize("caption", ["御支払期日", "御件支払期日"])  # 御 for お; a character misread after it
def test_a_caption_with_its_honorific_in_kanji_is_the_captions_own(caption):
    rows = [
        (100, [(1303, "請求日"), (1400, "2026年10月17日")]),
        (300, [(132, caption), (317, "令和八年十一月三十日")]),
    ]
    fields = _fields(rows)
    assert (fields["issue_date"], fields["due_date"]) == ("2026-10-17", "2026-11-30")


def test_a_caption_run_into_an_address_line_heads_its_column_as_the_captions_over_it_do():
    # 'Quality Assurance Dept.' and 'Due Date' a space apart, one phrase; 'Due Date' stands
    # where 'Date of Issue' and its date stand over it.
    rows = [
        (300, [(130, "Billed To"), (370, "Date of Issue"), (800, "Invoice Number")]),
        (330, [(130, "Kanagawa Precision"), (370, "November 13, 2026"), (800, "0000135")]),
        (360, [(130, "Foods Co., Ltd.")]),
        (390, [(130, "Quality Assurance Dept. Due Date"), (800, "Customer PO")]),
        (420, [(130, "3-12-8 Shin-Yokohama,"), (370, "December 13, 2026"), (800, "4500012642")]),
    ]
    fields = _fields(rows)
    assert (fields["issue_date"], fields["due_date"]) == ("2026-11-13", "2026-12-13")


@pytest.mark.parametrize(("caption", "number_word"), [("Votre commande", "n°"), ("Ihre Bestellung", "Nr."),
                                                      ("Uw order", "nr")])
def test_the_word_for_number_after_a_caption_is_the_captions_not_a_document_numbers(caption, number_word):
    rows = [
        (100, [(900, "Facture"), (1240, "FA2026-01043")]),
        (150, [(963, f"{caption} {number_word}"), (1240, "P26-08944"), (1380, "du 15/09/2026")]),
    ]
    fields = _fields(rows)
    assert (fields["po_number"], fields["document_number"]) == ("P26-08944", "FA2026-01043")


@pytest.mark.parametrize(("caption", "language"), [("Requisição", "pt"), ("N.º Encomenda", "pt"), ("Vs. ordine", "it")])
def test_a_buyers_order_captioned_in_the_suppliers_language_is_the_order_number(caption, language):
    rows = [
        (100, [(900, "Fatura" if language == "pt" else "Fattura"), (1240, "FT2026-0318")]),
        (150, [(900, "Data"), (1240, "2026-11-26")]),
        (200, [(900, caption), (1240, "RQ-4471")]),
    ]
    fields = _fields(rows)
    assert (fields["po_number"], fields["document_number"]) == ("RQ-4471", "FT2026-0318")


def test_a_contract_number_is_no_document_number():
    """A staffing agency's bill: the contract's number captioned under the client's name ('契約番号',
    a number's caption by its last two kanji) is not the bill's."""
    rows = [
        (150, [(164, "##請求書"), (1315, "H-2611-0032")]),
        (250, [(126, "神奈川精密フーズ株式会社御中"), (940, "発行日"), (1054, "2026年12月5日")]),
        (350, [(127, "契約番号："), (260, "KY-2026-118")]),
        (500, [(940, "登録番号"), (1071, "T8010801336625")]),
        (700, [(138, "内容"), (881, "数量"), (1030, "単位"), (1193, "単価"), (1395, "金額")]),
        (780, [(137, "製造補助 基本就業時間"), (913, "152.5"), (1031, "時間"), (1238, "1,900"), (1423, "289,750")]),
    ]
    assert _fields(rows)["document_number"] != "KY-2026-118"


def test_a_faxs_page_count_on_its_transmission_line_is_no_order_number():
    rows = [
        (40, [(25, "2026/09/16 15 06 FROM 052 3318821"), (428, "TOKAIBEARING"), (628, "PO001/002")]),
        (120, [(1284, "請求番号"), (1424, "TB26-10580")]),
        (160, [(1284, "請求日"), (1424, "2026年9月4日")]),
    ]
    fields = _fields(rows)
    assert (fields["document_number"], fields["po_number"]) == ("TB26-10580", None)


def test_a_value_ocr_made_nothing_of_gives_way_to_one_read_cleanly_under_the_other_caption():
    # The buyer's address in the next column, garbled at confidence 0 into a figure, stands right
    # of the bilingual caption; the number stands under it.
    p = page([
        (400, [(146, "インボイス番号 / Inv. No."), (701, "2220093")]),
        (440, [(142, "26-0315")]),
        (480, [(142, "発行日 / Date"), (400, "2026-11-02")]),
    ])
    p.words = [replace(w, confidence=0.0) if w.text == "2220093" else w for w in p.words]
    assert extract_fields([p]).fields["document_number"] == "26-0315"


def test_a_number_read_faintly_in_its_own_shape_keeps_its_place_before_another_documents_number():
    """A photo's '請求書 No. $26-0091926' read at confidence 18 (its date too), the delivery
    slips' number read cleanly at the foot: the faint one is the invoice's, its '$' an S."""
    p = page([
        (101, [(1108, "請求書 No."), (1240, "$26-0091926")]),
        (141, [(1124, "請求日"), (1292, "2026/11/20")]),
        (1437, [(77, "納品書番号"), (181, "D26-1104832"), (295, "ほか")]),
    ])
    p.words = [replace(w, confidence=18.0) if w.text in ("$26-0091926", "2026/11/20") else w for w in p.words]
    fields = extract_fields([p]).fields
    assert (fields["document_number"], fields["issue_date"]) == ("S26-0091926", "2026-11-20")


def test_a_caption_run_into_the_value_of_the_caption_before_it_is_still_read():
    """A sales invoice's header grid in a text layer: 'Your order ref' with its value, the value
    set so close to 'Due date' that the words make one phrase with the due date."""
    p = page([(214, [(874, "Invoice date"), (1136, "14/10/2026")])])
    p.words += [Word(text, x0, 256, x1 - x0, 26, 100.0, 5) for text, x0, x1 in [
        ("Your", 855, 908), ("order", 914, 975), ("ref", 982, 1012), ("MS26-05098", 1119, 1256),
        ("Due", 1289, 1334), ("date", 1341, 1390), ("30/11/2026", 1423, 1543)]]
    fields = extract_fields([p]).fields
    assert (fields["po_number"], fields["due_date"]) == ("MS26-05098", "2026-11-30")


@pytest.mark.parametrize(("title", "number"), [("御請求書", "R8-053"), ("御見積書", "R8-046")])
def test_the_number_of_the_quote_an_invoice_bills_is_not_the_invoices(title, number):
    """An Excel invoice under a bare 'No.', the quote it bills named at its foot ('見積No.')."""
    rows = [
        (149, [(630, title)]),
        (287, [(1420, "No."), (1497, "R8-053")]),
        (338, [(114, "件名"), (200, "厚木工場 外構植栽管理")]),
        (756, [(135, "No"), (467, "作業内容"), (892, "数量"), (1001, "単位"), (1121, "単価"), (1291, "金額")]),
        (814, [(146, "1"), (200, "高木剪定"), (957, "6"), (1013, "本"), (1133, "18,000"), (1305, "108,000")]),
        (1912, [(114, "見積No."), (250, "R8-046")]),
    ]
    assert _fields(rows)["document_number"] == number


def test_a_company_register_number_is_never_mended_into_a_t_number_on_a_page_with_no_japanese():
    """A South African tax invoice's 'Reg No 2009/018842/07' (its last slash read as a point): one
    mark among twelve digits could be the digit a T-number's check digit asks for, but nothing
    on the page is Japanese and no T is printed."""
    rows = [
        (122, [(253, "Bluewater Engineering Supplies (Pty) Ltd"), (1280, "TAX INVOICE")]),
        (218, [(253, "Reg No"), (330, "2009/018842.07"), (489, "VAT No"), (566, "4180247733")]),
        (481, [(123, "Invoice No"), (297, "IN104522"), (829, "Date"), (1002, "2026/09/29")]),
    ]
    assert _fields(rows)["registration_number"] is None


def test_a_full_width_dash_read_as_a_kanji_one_between_the_figures_of_a_number_is_a_dash():
    """A lawyer's letter-invoice: '請求番号 第2026－103号', the dash read as 一 (the words as OCR
    read them from a photo)."""
    p = page([(247, [(155, "瀬戸内マリン工業株式会社 御中")])])
    p.words += [Word(text, x0, 164, x1 - x0, 30, conf, 1) for text, x0, x1, conf in [
        ("請求番号第", 1023, 1175, 91), ("2026", 1180, 1236, 78), ("一", 1242, 1268, 78), ("103", 1274, 1316, 78),
        ("号", 1321, 1349, 78)]]
    assert extract_fields([p]).fields["document_number"] == "2026-103"


@pytest.mark.parametrize("pieces", [[("IN26", 424, 458), ("11/584", 463, 509)],
                                    [("IN", 430, 447), ("26", 450, 464), ("11/676", 469, 513)]])
def test_a_number_read_unsurely_in_pieces_close_together_is_read_whole(pieces):
    """A photo's 'Reference IN2611/584', read as pieces a few pixels apart (the words as OCR read them)."""
    p = page([(180, [(148, "##INVOICE")])])
    p.words += [Word("Reference", 148, 356, 67, 12, 93.0, 7)]
    p.words += [Word(text, x0, 354, x1 - x0, 20, 49.0, 7) for text, x0, x1 in pieces]
    number = "".join(text for text, _, _ in pieces)
    assert extract_fields([p]).fields["document_number"] == number


def test_a_caption_inside_a_sentence_heads_no_column_however_it_lines_up():
    rows = [
        (300, [(847, "Date"), (1179, "April 27, 2026")]),
        (330, [(847, "Payment Terms"), (1186, "T/T 30 days from invoice date")]),
        (360, [(847, "Due Date"), (1386, "May 27, 2026")]),  # under 'invoice'
    ]
    fields = _fields(rows)
    assert (fields["issue_date"], fields["due_date"]) == ("2026-04-27", "2026-05-27")


def test_an_export_invoice_citing_its_proforma_is_an_invoice():
    rows = [
        (100, [(659, "##EXPORT INVOICE")]),
        (200, [(870, "Invoice No."), (1255, "Dated")]),
        (230, [(870, "MCSE/EXP/26-27/133"), (1255, "11-Nov-2026")]),
        (300, [(1255, "Proforma MCSE/PI/133")]),
    ]
    assert _fields(rows)["doc_type"] == "invoice"


def test_a_delivery_note_that_is_also_the_invoice_is_dated_by_its_delivery():
    rows = [
        (100, [(156, "##納品書兼請求書")]),
        (160, [(107, "納品日"), (274, "令和8年8月13日")]),
        (190, [(107, "伝票No."), (274, "0048327")]),
        (400, [(107, "お支払期限"), (274, "2026年9月30日")]),
    ]
    fields = _fields(rows)
    assert (fields["issue_date"], fields["due_date"]) == ("2026-08-13", "2026-09-30")


def test_a_spaced_out_japanese_title_with_a_speck_before_it_tells_the_kind():
    rows = [
        (60, [(1444, "No. SCM-0791")]),
        (100, [(651, "fl"), (786, "##見"), (903, "##積"), (1001, "##書")]),  # 'fl': a speck read as letters
        (160, [(663, "令和8年7月18日")]),
        (300, [(426, "業務用アルカリ洗剤 18L"), (940, "1"), (1159, "7,480"), (1366, "7,480")]),
    ]
    assert _fields(rows)["doc_type"] == "quote"


@pytest.mark.parametrize(("title", "kind"), [("件請求書", "invoice"), ("像見積書", "quote")])
def test_a_japanese_title_whose_first_kanji_ocr_misread_tells_the_kind(title, kind):
    # 御 in a brush font read as another kanji; a line's '有効期限' (a life jacket's) is no caption.
    rows = [
        (60, [(156, "No.4471"), (1328, "令和8年10月25日")]),
        (100, [(661, f"##{title}")]),
        (300, [(172, "救命胴衣 TYPE-A (有効期限 2029.10)"), (940, "10"), (1159, "14,800"), (1366, "148,000")]),
    ]
    assert _fields(rows)["doc_type"] == kind


@pytest.mark.parametrize("number", ["SF26-1103", "26102", "KT-0412"])
def test_a_number_printed_letter_spaced_beside_its_caption_is_one_number(number):
    spaced = [(940 + 41 * n, ch) for n, ch in enumerate(number)]
    rows = [
        (126, [(157, "##請 求 書")]),
        (135, [(860, "No."), *spaced, (940 + 41 * len(number) + 40, "| 発行日 R8.11.4")]),
        (300, [(131, "消防用設備等 機器点検"), (940, "1"), (1159, "68,000"), (1366, "68,000")]),
    ]
    assert _fields(rows)["document_number"] == number


@pytest.mark.parametrize(("gap", "number"), [(2, "SF26-0917"), (3, None)])
def test_a_letter_spaced_numbers_dash_dropped_as_a_rule_is_put_back(gap, number):
    """'S F 2 6 - 0 9 1 7' on a fax, its dash dropped as a rule's remains: two steps' width between
    '6' and '0' is where it stood. Three steps' width is no pitch of one number."""
    pieces = [(0, "S"), (1, "F"), (2, "2"), (3, "6"), (3 + gap, "0"), (4 + gap, "9"), (5 + gap, "1"), (6 + gap, "7")]
    rows = [
        (126, [(157, "##御 見 積 書")]),
        (177, [(129, "見積No."), *[(262 + 60 * n, ch) for n, ch in pieces]]),
        (300, [(131, "消防用設備等 機器点検"), (940, "1"), (1159, "68,000"), (1366, "68,000")]),
    ]
    assert _fields(rows, size=40)["document_number"] == number


@pytest.mark.parametrize(("garble", "currency"), [(["で", "ヒレ", "。"], None),  # kana of a seal's scrawl
                                                 (["御中", "請求書"], "JPY")])  # two Japanese words: a Japanese page
def test_a_page_in_yen_only_where_it_holds_japanese_words(garble, currency):
    rows = [
        (100, [(105, "FACTURA N."), (400, "F26-000418"), (900, " ".join(garble))]),
        (300, [(117, "Cabo poliester 12 mm"), (1021, "200"), (1100, "1,85"), (1300, "370,00")]),
        (600, [(117, "TOTAL FACTURA"), (1300, "370,00")]),
    ]
    assert _fields(rows)["currency"] == currency


def test_a_number_that_names_itself_an_order_is_never_the_documents_own():
    """The order caption's first word lost ('ご 番号' for ご注文番号): the number beside it names
    itself an order ('KPF-PO-26-1218', after the buyer's prefix), so it is the order number,
    not the document's."""
    rows = [
        (100, [(464, "請求書")]),
        (300, [(124, "発行日"), (296, "2026/11/12")]),
        (360, [(128, "ご"), (210, "番号"), (297, "KPF-PO-26-1218")]),
        (420, [(111, "お支払期日"), (284, "2026/12/20")]),
    ]
    fields = _fields(rows)
    assert fields["document_number"] != "KPF-PO-26-1218" and fields["po_number"] == "KPF-PO-26-1218"


@pytest.mark.parametrize(("captions", "values", "expected"), [
    # a billing app's header: the number under its own caption, the customer's order under 'Reference'
    (["Invoice Date", "Invoice Number", "Reference"], ["14 Nov 2026", "INV-0044", "4500012426"],
     ("INV-0044", "4500012426")),
    (["Date", "Reference"], ["14 Nov 2026", "INV-0044"], ("INV-0044", None)),  # the only number named
    (["Invoice Number", "Reference"], ["INV-0044", "11-Nov-2026"], ("INV-0044", None)),  # a date: no order
    # a reference of something else: the contract the invoice bills under, no order
    (["Invoice Number", "Contract Reference"], ["INV-0044", "MSA-TC-2025-118"], ("INV-0044", None)),
])
def test_a_bare_reference_beside_the_documents_own_number_is_the_buyers_order(captions, values, expected):
    xs = [900, 1150, 1400]
    rows = [
        (100, [(100, "##TAX INVOICE")]),
        (300, list(zip(xs, captions, strict=False))),
        (340, list(zip(xs, values, strict=False))),
        (700, [(100, "Description"), (900, "Qty"), (1100, "Unit price"), (1350, "Amount")]),
        (760, [(100, "Oatcakes"), (920, "2"), (1100, "1,000.00"), (1350, "2,000.00")]),
    ]
    fields = _fields(rows)
    assert (fields["document_number"], fields["po_number"]) == expected


@pytest.mark.parametrize(("caption", "period"), [
    ("作業期間", "2026年4月6日 ~ 2026年5月29日"),
    ("Engagement", "6 April 2026 to 29 May 2026"),
    ("Période", "06/04/2026 au 29/05/2026"),
])
def test_a_periods_dates_are_no_issue_date_when_the_issue_dates_caption_is_lost(caption, period):
    """The issue date's caption and value garbled past reading, a work period under a caption
    the lexicon does not know is left: its first day is when the work began, not when the
    document was written. The due date, named, is still read."""
    rows = [
        (100, [(1216, "Invoice No."), (1376, "BS-2605-0131")]),
        (150, [(1256, "MORE"), (1361, "202658318")]),
        (400, [(186, caption), (378, period)]),
        (450, [(186, "Payment due"), (378, "30 June 2026")]),
    ]
    fields = _fields(rows)
    assert (fields["issue_date"], fields["due_date"]) == (None, "2026-06-30")


@pytest.mark.parametrize(("order_row", "caption"), [
    ("PO-26-31418 vom 18.09.2026", "Ihre Bestellung"),
    ("PO-26-31418 of 18/09/2026", "Your order"),
])
def test_the_orders_date_beside_its_number_is_no_issue_date(order_row, caption):
    """The invoice date's caption and value lost under a stamp: the date printed after the
    order's number on its row is the order's, not the document's."""
    rows = [
        (100, [(924, "Rechnungsnummer"), (1182, "RE-2026-10422")]),
        (130, [(924, "Se"), (1184, "a")]),
        (160, [(924, caption), (1182, order_row)]),
        (190, [(923, "Fällig am"), (1184, "15.11.2026")]),
        (600, [(198, "Bitte überweisen Sie den Betrag bis zum 15.11.2026.")]),  # the due date again
    ]
    assert _fields(rows)["issue_date"] is None


def test_a_grids_dates_beside_the_orders_number_are_the_documents():
    """Captions garbled over a grid's row of values, the order's number first: the dates in
    the cells after it are the document's own."""
    rows = [
        (100, [(158, "Qrder"), (635, "lssu"), (1112, "Dve")]),
        (130, [(158, "CBS-E0273"), (635, "3 November 2026 / 2026年11月3日"),
               (1112, "3 December 2026 / 2026年12月3日")]),
    ]
    fields = _fields(rows)
    assert (fields["issue_date"], fields["due_date"]) == ("2026-11-03", "2026-12-03")


@pytest.mark.parametrize(("stamp", "stamped", "written", "expected"), [
    ("RECU LE", "05 JUIL. 2026", "Lyon, le 30 juin 2026", "2026-06-30"),
    ("RECEIVED", "JUL 03 2026", "June 30, 2026", "2026-06-30"),
    ("受付", "2026.07.03", "2026年6月30日", "2026-06-30"),
])
def test_a_stamp_of_the_documents_arrival_dates_no_issue(stamp, stamped, written, expected):
    """A received stamp over the header, its date above the day the document was written, whose
    caption (if any) OCR could not read: the stamp's date is the day it came, not its issue date."""
    rows = [
        (231, [(1932, stamp)]),
        (275, [(1850, stamped)]),
        (600, [(196, written)]),
        (900, [(200, "Description"), (1400, "Qty"), (1600, "Unit price"), (2000, "Amount")]),
        (960, [(200, "Etiquettes"), (1420, "3"), (1600, "23.50"), (2000, "70.50")]),
    ]
    assert _fields(rows, width=2480, height=3508)["issue_date"] == expected


@pytest.mark.parametrize(("first", "unsure"), [("\\Verrieid", {"betaling": 41.0}), ("Verrirens", {"betaling": 41.0}),
                                                ("Vermeld", {"bij": 30.0})])
def test_a_sentence_asking_for_the_invoice_number_names_none_though_ocr_garbled_its_first_word(first, unsure):
    # The number's own caption garbled past reading; the footer's sentence names no value, not
    # the IBAN's first group printed over 'factuurnummer'.
    rows = [
        (443, [(160, "2600435"), (355, "24-10-2026"), (556, "30-11-2026"), (740, "PO-2026-02434")]),
        (484, [(144, "Facasunramnes"), (356, "Factuurdatum"), (561, "Vervaldatum"), (760, "Uw bestelling")]),
        (1978, [(102, "Bankgegevens: Noordbank, IBAN"), (420, "NL27 3659 8455 3119 5198 14")]),
        (2011, [(101, f"{first} bij betaling het factuurnummer")]),
    ]
    doc = page(rows)
    words = [replace(w, confidence=0.0 if w.text in (first, "Facasunramnes") else unsure.get(w.text, w.confidence))
             for w in doc.words]
    fields = extract_fields([replace(doc, words=words)]).fields
    assert fields["document_number"] != "NL27", fields["document_number"]
    assert (fields["issue_date"], fields["due_date"]) == ("2026-10-24", "2026-11-30")


@pytest.mark.parametrize(("caption", "due", "expected"), [("お振込期限", "2026年11月末日", "2026-11-30"),
                                                           ("お支払期日", "2026/12/20", "2026-12-20")])
def test_a_sidebars_caption_on_the_tables_header_row_names_the_value_under_it(caption, due, expected):
    # The sidebar's caption shares the header row of the table beside it; the next caption of
    # the sidebar under it says it heads no column of slips' dates.
    rows = [
        (389, [(121, "請求No")]), (429, [(121, "26-00378")]),
        (468, [(122, "作成年月日")]), (500, [(120, "2026年10月2日")]),
        (545, [(121, caption), (555, "商品コード"), (721, "内容"), (1183, "単価"), (1293, "個数"), (1492, "金額")]),
        (590, [(121, due), (555, "ND-298"), (720, "紙カップ 80z"), (1186, "990"), (1300, "5箱"), (1479, "4,950")]),
        (640, [(124, "ご注文No"), (555, "ND-293"), (722, "テイクアウト容器中"), (1171, "1,510"), (1303, "1"),
               (1484, "1,510")]),
        (680, [(121, "PO-2026-02409")]),
        (720, [(669, "税抜小計"), (1018, "消費税"), (1355, "総合計")]),
        (770, [(775, "¥6,460"), (1135, "¥646"), (1436, "¥7,106")]),
    ]
    fields = _fields(rows)
    assert (fields["issue_date"], fields["due_date"], fields["po_number"]) == ("2026-10-02", expected, "PO-2026-02409")
    assert [line["amount"] for line in fields["lines"]] == ["4950", "1510"]


@pytest.mark.parametrize(("issued", "due", "due_value"), [("2027年4月5日", "2027年5月末日", "2027-05-31"),
                                                         ("令和9年4月5日", "令和9年5月末日", "2027-05-31")])
def test_a_month_end_under_the_issue_dates_caption_is_no_issue_date(issued, due, due_value):
    # Captions printed under their values; the due date's own caption garbled by a fax: the
    # month's end below 請求年月日 is the next value's, a due date's way of being written.
    rows = [
        (275, [(151, "No.001029")]), (309, [(152, "HERNG.")]),
        (344, [(152, issued)]), (391, [(152, "請求年月日")]),
        (426, [(151, due)]), (462, [(150, "ds AAW")]),
    ]
    doc = page(rows)
    words = [replace(w, confidence=0.0 if w.text in ("HERNG.", "ds", "AAW") else w.confidence) for w in doc.words]
    fields = extract_fields([replace(doc, words=words)]).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2027-04-05", due_value)


@pytest.mark.parametrize(("issue_caption", "due_caption"), [
    ("Date d'smiseion", "Date d'scheance"), ("Date d'émission", "Date d'échance"), ("Invoice date", "Due dste")])
def test_a_longer_caption_nearly_read_goes_before_the_shorter_one_written_at_its_start(issue_caption, due_caption):
    # "Date d'échéance" misread: 'Date' alone, exactly read, would name the issue date.
    rows = [
        (156, [(145, "Conserverie Rousseau SARL"), (908, "FACTURE")]),
        (392, [(143, issue_caption), (410, "6 mara 2027")]),
        (430, [(144, due_caption), (404, "20 avril 2027")]),
        (470, [(143, "Votre commande"), (385, "PO-2026-05529")]),
    ]
    doc = page(rows)
    unsure = {issue_caption.split()[-1]: 67.0, due_caption.split()[-1]: 22.0}  # as a fax's OCR read them
    fields = extract_fields([replace(doc, words=[replace(w, confidence=unsure.get(w.text, w.confidence))
                                                 for w in doc.words])]).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2027-03-06", "2027-04-20")


def test_a_caption_that_starts_with_another_word_is_not_that_caption_nearly_read():
    # 'No. Reference' is one letter from 'PO Reference'; its 'No.' is read exactly, and the
    # order number has a caption of its own.
    rows = [
        (455, [(227, "No. Reference"), (550, "請求日付 Billing date"), (1264, "ご注文番号 Your PO")]),
        (507, [(237, "2701-0799"), (585, "2027/01/09"), (1269, "PO-2026-03380")]),
        (794, [(208, "品名"), (863, "個数"), (981, "単価"), (1326, "金額")]),
        (843, [(208, "Oリングセット"), (914, "4"), (1077, "6,000"), (1449, "24,000")]),
    ]
    fields = extract_fields([page(rows)]).fields
    assert (fields["document_number"], fields["po_number"]) == ("2701-0799", "PO-2026-03380")


@pytest.mark.parametrize(("start", "rest"), [("イン", "ボイスNo. Bill No."), ("請", "求書番号")])
def test_a_captions_start_ocr_set_apart_from_its_rest_is_still_the_caption(start, rest):
    # Captions under their values; the first characters of the number's caption read as a
    # phrase of their own.
    rows = [
        (257, [(101, "$2612512"), (886, "株式会社若葉包材")]),
        (287, [(102, start), (180, rest)]),
        (330, [(100, "令和8年12月3日")]),
        (372, [(101, "請求日 Billing date")]),
        (412, [(100, "令和9年2月28日")]),
        (448, [(102, "支払予定日 Payment due")]),
    ]
    fields = _fields(rows)
    assert (fields["document_number"], fields["issue_date"], fields["due_date"]) == (
        "S2612512", "2026-12-03", "2027-02-28")


@pytest.mark.parametrize("title", ["Tax Invoice /請求書", "TAX INVOICE", "Tax Invoice / 適格請求書"])
def test_a_title_written_out_is_no_caption_of_the_documents_number(title):
    from ocr.extract.header import all_label_hits

    doc = document_of([page([(132, [(487, title)]), (224, [(526, "B000850")])])])
    assert [hit.field for hit in all_label_hits(doc)[0] if hit.field == "document_number"] == []


@pytest.mark.parametrize(("caption_under_date", "number"), [
    (True, "S2612738"),  # heading a stack of values over their captions, its own caption lost
    (False, None),  # the date under it has no caption under it: no stack
])
def test_a_reference_heading_a_stack_of_values_over_captions_is_the_number(caption_under_date, number):
    rows = [
        (232, [(110, "S2612738"), (758, "株式会社湘南クリーン")]),
        (300, [(761, "〒330-0854 埼玉県さいたま市大宮区桜木町")]),
        (331, [(111, "2026/12/24")]),
        (363, [(113, "発行日")] if caption_under_date else [(113, "ーー")]),
        (406, [(110, "2027/02/28")]),
        (438, [(112, "お支払期限")]),
        (964, [(120, "品名"), (800, "数量"), (1000, "単価"), (1200, "金額")]),
        (1018, [(120, "ボルト"), (800, "5"), (1000, "100"), (1200, "500")]),
    ]
    assert extract_fields([page(rows)]).fields["document_number"] == number


@pytest.mark.parametrize("title", ["##請求書 (適格請求書)", "##INVOICE (qualified invoice)"])
def test_a_reference_heading_a_stack_of_values_under_the_documents_title_is_the_number(title):
    rows = [
        (154, [(121, title)]),
        (253, [(120, "0000581")]),
        (300, [(888, "〒460-0008 愛知県名古屋市中区栄3-28-19")]),
        (331, [(121, "2026-12-10")]),
        (361, [(122, "作成日")]),
        (409, [(121, "2027-02-28")]),
        (439, [(122, "お支払期日")]),
        (964, [(120, "品名"), (800, "数量"), (1000, "単価"), (1200, "金額")]),
        (1018, [(120, "ボルト"), (800, "5"), (1000, "100"), (1200, "500")]),
    ]
    assert extract_fields([page(rows)]).fields["document_number"] == "0000581"


@pytest.mark.parametrize(("second_caption", "number"), [
    ("お支払期日", "0000581"),  # the next value's caption garbled, the one after it read: a stack
    ("ーー", None),  # no caption read under any value: no stack
])
def test_a_reference_heading_a_stack_whose_next_caption_ocr_garbled_too_is_the_number(second_caption, number):

    rows = [
        (154, [(121, "##請求書 (適格請求書)")]),
        (253, [(120, "0000581"), (887, "合同会社富士見フーズ")]),
        (306, [(889, "〒460-0008 愛知県名古屋市中区栄3-28-19")]),
        (331, [(121, "2026-12-10"), (885, "TEL 022-702-2152")]),
        (361, [(122, "fF ARE")]),  # 作成日, garbled
        (409, [(121, "2027-02-28")]),
        (439, [(122, second_caption)]),
        (964, [(120, "品名"), (800, "数量"), (1000, "単価"), (1200, "金額")]),
        (1018, [(120, "ボルト"), (800, "5"), (1000, "100"), (1200, "500")]),
    ]
    p = page(rows)
    p.words = [replace(w, confidence=0.0) if w.text in ("fF", "ARE") else w for w in p.words]
    assert extract_fields([p]).fields["document_number"] == number


def test_a_date_wider_than_its_caption_is_not_cut_to_its_month_and_year():
    """'2 de febrero de 2027' under 'Validez', starting well left of it: its day is no part of
    the caption's column, but a date is never cut."""
    rows = [
        (139, [(1150, "Oferta")]),
        (411, [(167, "Presupuesto n°"), (376, "Fecha del presupuesto"), (673, "Validez"), (881, "Código cliente")]),
        (462, [(181, "P000647"), (364, "19 de enero de 2027"), (582, "="), (598, "2 de febrero de 2027"),
               (902, "99340")]),
    ]
    fields = _fields(rows)
    assert (fields["issue_date"], fields["due_date"]) == ("2027-01-19", "2027-02-02")


@pytest.mark.parametrize(("at", "found"), [
    (311, True),  # where the values of the captions read start: the T-number, its T lost
    (700, False),  # elsewhere: thirteen digits of anything
])
def test_thirteen_digits_in_the_values_column_under_a_garbled_caption_are_the_t_number(at, found):
    number = t_number("329067061035")
    rows = [
        (314, [(143, "伝票番号"), (313, "No.000768")]),
        (388, [(144, "お振込日"), (313, "2027-03-20")]),
        (423, [(145, "ご注文番号"), (313, "PO-2026-05440")]),
        (459, [(145, "4 ¥%4 AGRE"), (at, number[1:])]),
    ]
    p = page(rows)
    p.words = [replace(w, confidence=16.0) if w.top == 459 else w for w in p.words]
    assert extract_fields([p]).fields["registration_number"] == (number if found else None)


@pytest.mark.parametrize(("printed", "read"), [
    ("PO-2026-0S263", "PO-2026-05263"),  # an S read between figures of a group of them
    ("PO-2026-G5306", "PO-2026-G5306"),  # a letter starting a group may be its series: as printed
    ("SO-2026-B0012", "SO-2026-B0012"),
])
def test_a_letter_read_between_the_figures_of_an_order_number_is_a_figure(printed, read):
    assert _fields([(423, [(145, "ご注文番号"), (313, printed)])])["po_number"] == read


@pytest.mark.parametrize(("printed", "read"), [
    ("B0001i1", "B000111"), ("B0001l1", "B000111"), ("2610-0o53", "2610-0053"),  # small letters: figures
    ("B0001I1", "B0001I1"),  # a capital in one group alone: perhaps a series, as printed
])
def test_a_small_letter_read_between_the_figures_of_a_document_number_is_a_figure(printed, read):
    assert _fields([(286, [(100, "Invoice No."), (313, printed)])])["document_number"] == read


@pytest.mark.parametrize(("read", "confidence", "number"), [
    ("3609-0259", 61.0, "2609-0259"),  # the year's 2 read as a 3, unsurely: the year it was issued
    ("S25091059", 66.0, "S26091059"),  # a serial run on after the year and month
    ("20250921-07", 60.0, "20260921-07"),  # the whole date
    ("2608-0259", 61.0, "2608-0259"),  # the month before it is issued in: the month billed, as read
    ("3609-0259", 96.0, "3609-0259"),  # read surely: as printed
    ("4471-0259", 61.0, "4471-0259"),  # figures of no date
])
def test_a_number_read_unsurely_starting_with_its_issue_year_one_figure_off_has_the_year_issued(
        read, confidence, number):
    rows = [
        (224, [(122, "インボイス番号"), (400, read)]),
        (338, [(122, "発行日"), (400, "2026-09-21")]),
    ]
    p = page(rows)
    p.words = [replace(w, confidence=confidence) if w.text == read else w for w in p.words]
    assert extract_fields([p]).fields["document_number"] == number


@pytest.mark.parametrize(("registration", "currency"), [
    (f"Invoice registration no.: {t_number('171498849520')}", "JPY"),  # a qualified invoice: yen
    ("Customer no.: 811907980", None),  # no mark read, nothing to say which currency
])
def test_an_english_invoice_whose_yen_marks_ocr_garbled_is_in_yen_where_it_carries_a_t_number(
        registration, currency):
    rows = [
        (161, [(789, "Tax Invoice")]),
        (413, [(150, registration)]),
        (679, [(789, "Merchandise value"), (1385, "68,050F4")]),
        (732, [(787, "Tax at 10%"), (1399, "6,805F)")]),
        (866, [(788, "Grand total due"), (1371, "74,855F9")]),
    ]
    assert _fields(rows)["currency"] == currency


@pytest.mark.parametrize(("letterhead", "number"), [
    ("有限会社協和環境サービス", "0000167"),  # the letterhead on its row, far left: no caption of it
    ("有限会社協和環境サービス 顧客番号", None),  # a caption stands where the captions do: not lost
    ("有限会社協和環境サービス 7", "0000167"),  # its caption read as a speck, at 5: garble
    ("有限会社協和環境サービス 顧客", None),  # a word read surely there: no caption lost
])
def test_a_reference_lined_up_with_the_values_of_a_key_value_box_its_caption_lost_is_the_number(letterhead, number):
    """'0000167' heads the values of a key/value box, right-aligned with them; its caption left no
    trace but garble, and the letterhead shares its row far to the left."""
    p = page([
        (256, [(101, letterhead.split()[0])] + ([(904, letterhead.split()[1])] if " " in letterhead else [])
         + [(1468, "0000167")]),  # each value ends at 1538
        (323, [(904, "発行日"), (1418, "2026年9月9日")]),
        (381, [(904, "お支払い予定日"), (1398, "2026年10月31日")]),
        (443, [(904, "貴社注文番号"), (1408, "PO-2026-06700")]),
    ])
    p.words = [replace(w, confidence=5.0) if w.text == "7" else w for w in p.words]
    assert extract_fields([p]).fields["document_number"] == number


@pytest.mark.parametrize(("row", "fields", "words"), [
    # 'PO' read exactly, 'number' with one letter misread: one caption, no document number's 'Number'.
    ([(170, "貴社発注番号"), (265, "PO mumber"), (405, "PO-2026-05041")], ["po_number", "po_number"], 2),
    # A caption of another field that starts as a shorter one: that field's.
    ([(143, "Date d'scheance"), (410, "20 avril 2027")], ["due_date"], 2),
])
def test_a_longer_caption_nearly_read_covers_the_shorter_one_at_its_start(row, fields, words):
    from ocr.extract.labels import FIELD_VOCAB, find_labels

    found = document_of([page([(488, row)])]).rows[0]
    hits = find_labels(found, FIELD_VOCAB, inside=True)
    assert [hit.field for hit in hits] == fields
    assert len(hits[-1].tokens) == words


def test_a_kanji_dates_year_is_no_number_however_its_month_was_lost():
    # Values over their captions; the number garbled past reading over its caption, the issue
    # date, its month lost ('2026年月16日'), under the number's caption and over its own.
    rows = [(252, [(151, "oe")]), (283, [(153, "伝票番号 Document Ref")]),
            (322, [(151, "2026年月16日")]), (357, [(153, "伝票日付 Issue Date")]),
            (401, [(151, "2027年1月末日")]), (440, [(153, "お支払い期限 Due by")]),
            (486, [(152, "PO-2026-04779")]), (517, [(154, "発注番号 PO No")])]
    doc = page(rows)
    doc.words = [replace(w, confidence=28.0) if w.text == "oe" else w for w in doc.words]
    fields = extract_fields([doc]).fields
    assert (fields["document_number"], fields["due_date"], fields["po_number"]) == (None, "2027-01-31", "PO-2026-04779")


@pytest.mark.parametrize(("beside", "confidence", "number"), [
    ("3478", 71.0, "No.001184"),  # the next caption, read unsurely as figures: the number under its caption
    ("3478", 96.0, "3478"),  # read surely beside its caption: the value
])
def test_a_captions_neighbour_in_a_row_of_captions_over_values_is_no_value(beside, confidence, number):
    rows = [(1709, [(228, "請求No."), (484, beside), (959, "御社発注No."), (1234, "担当者")]),
            (1761, [(204, "No.001184"), (452, "2027.02.27"), (702, "2027.03.29"), (928, "PO-2026-05087"),
                    (1238, "佐藤")])]
    doc = page(rows)
    doc.words = [replace(w, confidence=confidence) if w.text == beside else w for w in doc.words]
    assert extract_fields([doc]).fields["document_number"] == number


@pytest.mark.parametrize(("confidence", "number"), [
    (20.0, "S2612470"),  # the next caption, read as garbled figures: the number over its caption
    (96.0, "2258"),  # read surely beside its caption: the value
])
def test_a_captions_neighbour_in_a_row_of_captions_under_values_is_no_value(confidence, number):
    rows = [(1924, [(211, "S2612470"), (461, "2026年12月7日"), (739, "2027年2月28日"), (1015, "PO-2026-06466"),
                    (1359, "伊藤")]),
            (1963, [(221, "請求書No."), (496, "2258"), (785, "支払期限"), (1048, "御社注文No."), (1344, "営業担当")])]
    doc = page(rows)
    doc.words = [replace(w, confidence=confidence) if w.text == "2258" else w for w in doc.words]
    assert extract_fields([doc]).fields["document_number"] == number


@pytest.mark.parametrize("order_caption", ["N° de commande", "Nº de commande", "n° de commande"])
def test_a_value_between_french_captions_of_other_fields_is_not_the_number(order_caption):
    """A stack of values over their captions, the number's own caption lost: the figure between
    'N° de commande' and 'N° TVA' is the seller's VAT number, whose captions the lexicon knows
    ('n de commande', 'n tva') however the '°' is printed."""
    rows = [
        (153, [(122, "Epicerie fine Girard SAS"), (1275, "##FACTURE")]),
        (276, [(121, "Tel. +33 4 868-6165"), (541, "Adresse de facturation")]),
        (364, [(122, "F2610-0160"), (541, "4-1 Shin-Yokohama 2-chome, Kohoku-ku")]),
        (445, [(121, "01/10/2026")]),
        (480, [(122, "Date")]),
        (609, [(122, "PO-2026-05686")]),
        (644, [(122, order_caption)]),
        (692, [(122, "FR019534951")]),
        (726, [(122, "N° TVA")]),
        (774, [(122, "1235")]),
        (807, [(121, "Code client")]),
        (904, [(556, "Désignation"), (971, "Qté"), (1129, "P.U. HT"), (1409, "Montant HT")]),
        (960, [(556, "Moutarde de Dijon"), (983, "10"), (1160, "6,40"), (1476, "64,00")]),
    ]
    fields = extract_fields([page(rows)]).fields
    assert (fields["document_number"], fields["po_number"]) == ("F2610-0160", "PO-2026-05686")


@pytest.mark.parametrize(("printed", "issued"), [
    ("2010212027", "2027-02-20"),  # 20/02/2027, its slashes read as ones: no kanji date's digits
    ("1410712027", "2027-07-14"),  # ... or as sevens
    ("20/02/2027", "2027-02-20"),
])
def test_a_day_first_date_whose_slashes_ocr_read_as_strokes(printed, issued):
    rows = [
        (276, [(132, "Equipamientos Lopez S.L."), (903, "Numero de factura"), (1398, "A/27/0735")]),
        (326, [(903, "Fecha"), (1389, printed)]),
        (394, [(903, "Pagar antes de"), (1389, "30/08/2027")]),
        (975, [(173, "Cant."), (358, "Descripcion"), (1102, "P.unitario"), (1459, "Total")]),
        (1044, [(213, "4"), (358, "Cuchilla de recambio"), (1146, "52,00"), (1438, "208,00")]),
    ]
    assert extract_fields([page(rows)]).fields["issue_date"] == issued


def test_an_order_caption_over_its_number_in_a_row_of_values_ocr_ran_together():
    # 'ご発注No.' over its order number, its English half garbled beside it (its column cut short);
    # under the captions, the grid's values read close together as one phrase, the dates first.
    sheet = page([(437, [(138, "請求書番号"), (235, "Reference"), (338, "作成日Taxpoint"), (517, "smamm"),
                         (614, "ーーーー")])])
    captions = [("ご発注", 716, 48), ("No.", 764, 23), ("Yours", 796, 50), ("ae", 861, 20),
                ("RORUBREREES", 890, 140), ("46.4", 1102, 40)]
    values = [("IN2609/436", 162, 122), ("20September2026", 328, 176), ("20", 521, 25), ("October", 551, 88),
              ("2026", 645, 51), ("PO-2026-01327", 719, 165), ("16272879107160", 906, 176), ("S.", 1147, 20),
              ("Patel", 1174, 54)]
    sheet.words += [Word(text, left, y, width, 20, 90.0, line)
                    for y, line, words in ((437, 1, captions), (491, 2, values)) for text, left, width in words]
    unsure = {"smamm": 38.0, "ーーーー": 16.0, "Yours": 34.0, "ae": 4.0, "RORUBREREES": 0.0, "46.4": 48.0,
              "20September2026": 59.0}
    sheet.words = [replace(w, confidence=unsure.get(w.text, w.confidence)) for w in sheet.words]
    assert extract_fields([sheet]).fields["po_number"] == "PO-2026-01327"


@pytest.mark.parametrize("on_row", [0, 1])  # the table's captions' row, its first line's
def test_a_sidebars_due_date_on_the_tables_rows_is_read(on_row):
    # A sidebar of captions over values beside the item table: the due date's caption garbled, its
    # date on a row of the table (one row to OCR), left of the table's first column.
    table = [[(576, "品名・規格"), (1136, "単価"), (1248, "数量"), (1450, "金額")],
             [(577, "鶏もも肉2kg"), (1116, "4,700"), (1213, "5"), (1420, "23,500")],
             [(577, "冷凍ブロッコリー"), (1135, "640"), (1261, "6"), (1440, "3,840")]]
    rows = [*table, []]
    for n, cell in enumerate([(142, "令和8年12月9日"), (142, "PO-2026-01463"), (148, "注文番号")]):
        rows[on_row + n] = [cell, *rows[on_row + n]]
    sheet = page([
        (399, [(144, "伝票No.")]),
        (448, [(142, "2611-0501")]),
        (481, [(144, "伝票日付")]),
        (520, [(142, "令和8年11月9日")]),
        (566, [(150, "SEH)")]),
        *[(610 + 50 * n, cells) for n, cells in enumerate(rows) if cells],
        (800, [(900, "小計"), (1400, "27,340")]),
    ])
    sheet.words = [replace(w, confidence=16.0) if w.text == "SEH)" else w for w in sheet.words]
    fields = extract_fields([sheet]).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2026-11-09", "2026-12-09")


def test_a_line_ocr_read_again_in_lower_broken_boxes_does_not_break_the_caption_it_echoes():
    """OCR read the invoice number's line twice: cleanly, and again as a line of its own whose
    words are lower pieces of the same print ('voice' inside 'Invoice', 'N' inside 'No.', a '|'
    inside the number). Set between the caption's words, the echo broke the caption apart."""
    p = page([
        (226, [(105, "請求書番号"), (265, "Invoice No."), (586, "26-00612"), (762, "株式会社こだま工業")]),
        (267, [(105, "発行日"), (176, "Issue Date:"), (527, "2026年12月5日")]),
        (600, [(118, "品名"), (900, "数量"), (1093, "単価"), (1491, "金額")]),
        (660, [(118, "コピー用紙 A4"), (900, "2"), (1093, "3,400"), (1471, "6,800")]),
    ])
    echo = [("voice", 295, 229, 48, 12, 79.0), ("N", 362, 228, 3, 10, 91.0), ("it", 382, 231, 8, 9, 19.0),
            ("|", 613, 236, 6, 3, 25.0)]
    p.words += [Word(text, x, y, w, h, confidence, 999) for text, x, y, w, h, confidence in echo]
    assert extract_fields([p]).fields["document_number"] == "26-00612"


def test_a_figure_whose_yen_mark_was_read_as_a_letter_is_no_reference():
    """A summary box of captions over figures, its captions garbled; the subtotal's '¥121,700'
    read 'Y121700' at the row's end, after garble, where an unlabelled reference would stand.
    The page prints that figure as money: the reference is the footer's, under its garbled caption."""
    from dataclasses import replace

    p = page([
        (150, [(150, "有限会社錦パック")]),
        (629, [(149, "|"), (161, "ross"), (284, "|"), (315, "¥121,700|"), (425, "eee"), (518, "c1o%)"),
               (615, "|"), (645, "Yo|"), (787, "Beet"), (1300, "Y121700")]),
        (691, [(787, "消費税等(10%)"), (1397, "¥12,170")]),
        (745, [(787, "請求金額"), (1367, "¥133,870")]),
        (848, [(165, "No."), (230, "内容"), (952, "数量"), (1136, "単価"), (1446, "金額")]),
        (894, [(177, "1"), (230, "ダンボール箱"), (952, "10"), (1125, "3,500"), (1417, "35,000")]),
        (942, [(176, "2"), (229, "緩衝材ロール"), (952, "10"), (1126, "8,670"), (1418, "86,700")]),
        (1926, [(211, "26-00322"), (405, "2026年9月10日"), (624, "2026年10月20日"), (853, "PO-2026-06606")]),
        (1975, [(216, "ARTES"), (441, "REAR"), (667, "お振込期限"), (886, "御社発注 No.")]),
    ])
    garbled = {"ross", "eee", "c1o%)", "Beet", "ARTES", "REAR"}
    p.words = [replace(w, confidence=15.0) if w.text in garbled else w for w in p.words]
    assert extract_fields([p]).fields["document_number"] == "26-00322"


def test_a_numbers_letter_ocr_set_apart_left_of_its_caption_is_part_of_the_number():
    # Under 'Facture n°', 'F2612-0606' read as 'F' and '2612-0606', the F a little left of the
    # caption's first letter: the whole phrase stands in the caption's column, so none of it is cut.
    sheet = page([(525, [(199, "Facture n°"), (459, "Date"), (664, "Payable le"), (870, "Réf. commande")])])
    values = [("F", 180, 12), ("2612-0606", 197, 119), ("29/12/2026", 418, 126), ("20/01/2027", 650, 127),
              ("PO-2026-08145", 854, 183)]
    sheet.words += [Word(text, left, 583, width, 18, 95.0, 2) for text, left, width in values]
    fields = extract_fields([sheet]).fields
    assert (fields["document_number"], fields["po_number"]) == ("F2612-0606", "PO-2026-08145")


def test_a_rule_under_a_caption_read_as_an_underscore_is_no_part_of_it():
    # '_lnoice Number': 'Invoice Number' misread, a rule before it read as '_'; beside the supplier's name.
    rows = [
        (169, [(130, "Tax Invoice")]),
        (258, [(129, "Tidewater Office Supply Co., Ltd."), (892, "_lnoice Number"), (1420, "B000457")]),
        (321, [(901, "Issued"), (1377, "Nov 25, 2026")]),
    ]
    assert _fields(rows)["document_number"] == "B000457"


def test_a_number_heading_a_stack_of_values_whose_captions_under_them_ocr_all_garbled():
    # Values over their captions, every caption garbled on a fax: the number's own caption lost, a
    # date (the issue date, its 日 misread) over garble, the due date over garble.
    sheet = page([
        (169, [(702, "御請求書")]),
        (281, [(101, "2610-0231"), (887, "合同会社千代田衛生")]),
        (364, [(100, "令和8年10月10晶"), (886, "TEL 086-238-2119")]),
        (402, [(102, "fat hi Ny")]),
        (450, [(102, "令和8年12月31日")]),
        (477, [(103, "Yt) RAM")]),
    ], size=28)
    garbled = {"fat", "hi", "Ny", "Yt)", "RAM"}
    sheet.words = [replace(w, confidence=30.0) if w.text in garbled else w for w in sheet.words]
    assert extract_fields([sheet]).fields["document_number"] == "2610-0231"


def test_a_date_between_two_captions_is_the_one_whose_caption_stands_nearer():
    # Captions over their values: '発行日' misread '発行昌' over the issue date, a taller greeting set
    # a little higher on its row; under the date, the due date's caption on one row with the
    # taller head of the item table, its own date unread. Nearer is measured from the captions.
    sheet = page([(447, [(131, "令和9年3月16日")])], size=30)
    sheet.words += [
        Word("発行昌", 133, 415, 56, 28, 41.0, 7), Word("毎度ありがとうございます。", 494, 390, 600, 50, 91.0, 7),
        Word("支払期日", 136, 493, 74, 28, 90.0, 9), Word("個数", 547, 480, 60, 40, 90.0, 9),
        Word("品目", 760, 480, 60, 40, 90.0, 9), Word("金額", 1260, 480, 60, 40, 90.0, 9),
    ]
    fields = extract_fields([sheet]).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2027-03-16", None)


def test_two_dates_of_a_row_of_values_whose_captions_were_read_into_the_wrong_columns():
    """'Invoice No. | Date | Due Date' over its values, the captions' words run together as
    'Date Due' and 'Date': the later date, printed right, is not the issue date."""
    p = page([
        (189, [(167, "Pacific Industrial Supply Co."), (1303, "##INVOICE")]),
        (324, [(807, "Invoice No."), (1159, "Date Due"), (1422, "Date")]),
        (386, [(873, "000451"), (1100, "05 Mar 2026"), (1319, "04 Apr 2026")]),
        (600, [(170, "Description"), (950, "Qty"), (1166, "Unit Price"), (1393, "Amount")]),
        (650, [(170, "Safety goggles, clear"), (958, "16"), (1198, "¥840"), (1393, "¥13,440")]),
        (750, [(1100, "Total Due"), (1393, "¥13,440")]),
    ])
    fields = extract_fields([p]).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2026-03-05", "2026-04-04")


def test_a_footers_unlabelled_due_date_is_read_when_the_table_runs_on_to_the_next_page():
    """Captions over values at the first page's foot, under the item table, the due date's caption
    garbled; the table goes on over the next page. The later date beside the issue date is the
    due date: the rows between the table's two parts are no table's."""
    first = page([
        (150, [(120, "湘南包装株式会社"), (1200, "請求書")]),
        (600, [(120, "商品コード"), (345, "品名"), (785, "単価"), (1048, "数量"), (1400, "金額")]),
        (650, [(120, "NE-271"), (345, "玉ねぎ"), (785, "4,100"), (1048, "1"), (1400, "4,100")]),
        (710, [(120, "NE-280"), (345, "米油"), (785, "2,800"), (1048, "1"), (1400, "2,800")]),
        (1932, [(158, "Document No."), (352, "伝票日付"), (670, "temittaniedeadtine"), (838, "ご発注番号")]),
        (1989, [(151, "2610-0216"), (387, "2026.10.26"), (632, "2026.11.25"), (841, "PO-2026-01917")]),
    ])
    first.words = [replace(w, confidence=20.0) if w.text == "temittaniedeadtine" else w for w in first.words]
    second = page([
        (231, [(120, "請求書"), (400, "No. 2610-0216")]),
        (340, [(120, "商品コード"), (345, "品名"), (785, "単価"), (1048, "数量"), (1400, "金額")]),
        (394, [(120, "NE-299"), (345, "緑茶"), (785, "1,020"), (1048, "12"), (1400, "12,240")]),
        (455, [(120, "NE-290"), (345, "しょうゆ"), (785, "1,160"), (1048, "10"), (1400, "11,600")]),
    ], number=2)
    fields = extract_fields([first, second]).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2026-10-26", "2026-11-25")


@pytest.mark.parametrize(("second_word_at", "number"), [
    (183, "No.000328"),  # 3 px after 'No.0003': one word OCR split in two
    (200, None),  # a space apart: two words, no reference alone in its column
])
def test_a_reference_ocr_split_in_two_words_heading_a_stack_is_read_whole(second_word_at, number):
    rows = [
        (232, [(110, "No.0003"), (second_word_at, "28"), (758, "株式会社湘南クリーン")]),
        (300, [(761, "〒330-0854 埼玉県さいたま市大宮区桜木町")]),
        (331, [(111, "2026/12/24")]),
        (363, [(113, "発行日")]),
        (406, [(110, "2027/02/28")]),
        (438, [(112, "お支払期限")]),
        (964, [(120, "品名"), (800, "数量"), (1000, "単価"), (1200, "金額")]),
        (1018, [(120, "ボルト"), (800, "5"), (1000, "100"), (1200, "500")]),
    ]
    assert extract_fields([page(rows)]).fields["document_number"] == number


def test_captions_in_two_languages_whose_slash_ocr_ran_into_them_name_their_columns():
    """A scan's row of captions in two languages set close, the slash between them read into the
    words beside it ('ANo/Document No.' for 請求書No. / Document No., 'No./POnumber'): each English
    caption names the value under it, as it does with the slash set apart."""
    words = [Word(text, left, top, width, height, 90.0, line) for text, left, top, width, height, line in [
        ("4", 170, 502, 4, 11, 1), ("yat4", 183, 502, 34, 11, 1), ("ANo/Document", 227, 503, 132, 10, 1),
        ("No.", 343, 490, 28, 35, 1), ("発行日付/", 390, 498, 78, 17, 1), ("Invoicedated", 476, 498, 116, 17, 1),
        ("支払期限", 620, 495, 81, 22, 1), ("/", 720, 498, 1, 17, 1), ("Due", 737, 498, 27, 16, 1),
        ("date", 775, 496, 41, 18, 1), ("御社発注", 840, 500, 78, 15, 1), ("No./POnumber", 952, 500, 92, 15, 1),
        ("顧客番号/ClientID", 1070, 496, 198, 22, 1), ("担当/Salesrep.", 1309, 490, 172, 35, 1),
        ("S27031103", 192, 552, 146, 21, 2), ("2027/03/05", 414, 551, 152, 28, 2),
        ("2027/04/04", 640, 552, 153, 27, 2), ("PO-2026-02263", 842, 554, 200, 21, 2), ("66487", 1127, 553, 81, 22, 2),
        ("高橋", 1366, 551, 54, 27, 2),
    ]]
    fields = extract_fields([Page(number=1, width=1654, height=2339, words=words)]).fields
    assert (fields["document_number"], fields["issue_date"], fields["due_date"], fields["po_number"]) == (
        "S27031103", "2027-03-05", "2027-04-04", "PO-2026-02263")


@pytest.mark.parametrize(("printed", "registration"), [
    ("1495784589107", "T1495784589107"),  # its T lost, its check digit holding
    ("1495784589108", None),  # a check digit that does not hold: no number under garble taken
])
def test_a_t_number_under_its_captions_garbled_first_language_is_the_captions(printed, registration):
    """'登録番号 Qualified invoice issuer no.' in the seller's block, its Japanese garbled past
    reading ('AYKA AGREES'): the number under the garble, its T lost, is the caption's."""
    rows = [
        (150, [(120, "##INVOICE"), (886, "Bluestone Office Supply Inc.")]),
        (264, [(241, "Inv. Number"), (658, "IN2610-494"), (886, "7-9-4 Ichibancho, Aoba-ku")]),
        (309, [(241, "Billing Date"), (669, "2026/10/19"), (886, "Sendai 980-0811, Japan")]),
        (392, [(241, "Your order"), (616, "PO-2026-01928"), (886, "Tel. +81 3379-5513")]),
        (428, [(241, "Contact:"), (724, "M. Ito")]),
    ]
    p = page(rows)
    p.words += [Word(text, left, top, width, height, confidence, 9) for text, left, top, width, height, confidence in [
        ("AYKA", 889, 407, 79, 18, 49.0), ("AGREES", 976, 405, 105, 22, 11.0), ("Qualified", 1106, 405, 96, 23, 93.0),
        ("invoice", 1213, 403, 68, 28, 95.0), ("issuer", 1290, 406, 61, 17, 96.0), ("no.:", 1364, 411, 43, 12, 93.0),
    ]] + [Word(printed, 885, 442, 171, 17, 52.0, 10)]
    assert extract_fields([p]).fields["registration_number"] == registration


def test_an_order_numbers_prefix_ocr_set_apart_is_no_caption():
    """Captions under their values; the order number read as two words, its 'PO-' apart from its
    figures ('PO-' '2026-06579'): the prefix is no 'PO' caption of the figures beside it, and the
    number under 'PO number' keeps it."""
    rows = [
        (286, [(150, "Lakeshore Safety Supply Corp."), (884, "US-00552")]),
        (308, [(885, "Inv. No.")]),
        (368, [(150, "San Diego, CA 92101, USA"), (884, "Nov 22, 2026")]),
        (394, [(885, "Date")]),
        (445, [(884, "Jan 31, 2027")]),
        (481, [(150, "Sold to"), (885, "Payment due")]),
        (524, [(150, "Kanagawa Precision Foods Co., Ltd."), (884, "PO-"), (916, "2026-06579")]),
        (565, [(150, "Accounts Payable"), (885, "PO number")]),
    ]
    assert _fields(rows)["po_number"] == "PO-2026-06579"


def test_an_order_number_garbled_beside_its_caption_gives_way_to_one_that_names_itself_an_order():
    """Captions under their values; beside 'PONo.' OCR made a word of garble ('W144' at 25), the
    order number read cleanly over the caption's Japanese half: that number is the order's."""
    rows = [
        (463, [(144, "27-01114"), (338, "2027/02/22"), (549, "2027/03/20"), (735, "PO-2026-01567"), (1002, "18718"),
               (1220, "伊藤")]),
        (509, [(100, "請求No. InvoiceNo."), (390, "Billing date"), (596, "Payment deadline"),
               (734, "御社発注No. PONo."), (938, "W144"), (1011, "Customer no."), (1176, "担当者 Contact")]),
    ]
    p = page(rows)
    p.words = [replace(w, confidence=25.0) if w.text == "W144" else w for w in p.words]
    assert extract_fields([p]).fields["po_number"] == "PO-2026-01567"


@pytest.mark.parametrize(("row", "field"), [
    ([(782, "Subtotal /"), (885, "1 alat"), (1400, "¥667,720")], "subtotal"),  # a slash parts its languages
    ([(884, "PO-"), (916, "2026-06579")], None),  # an order number's prefix, set apart
])
def test_a_caption_ending_in_a_mark_before_figures_is_one_unless_the_mark_ends_a_word(row, field):
    """'Subtotal /' with the caption's Japanese read as '1 alat' right after the slash is a
    caption; 'PO-' touching '2026-06579' is the start of an order number, no 'PO' caption."""
    from ocr.extract.labels import FIELD_VOCAB, find_labels

    line = document_of([page([(800, row)])]).rows[0]
    assert [hit.field for hit in find_labels(line, FIELD_VOCAB)] == ([field] if field else [])


@pytest.mark.parametrize(("garble", "number"), [
    (11.0, "INV-00580"),  # the other language garbled into a word of no caption ('Cif' for 請求書): garble
    (95.0, None),  # read surely, a word of its own (CIF, an Incoterm) ends the caption: no value beside it
])
def test_garble_that_reads_as_a_word_of_no_caption_does_not_end_the_caption_before_it(garble, number):
    rows = [
        (233, [(751, "Reference"), (893, "Cif"), (914, "KNo."), (1009, ":"), (1177, "INV-00580")]),
        (279, [(751, "Issue date"), (1151, "Dec 21, 2026")]),
        (321, [(752, "Balance due by"), (1154, "Feb 28, 2027")]),
    ]
    sheet = page(rows)
    sheet.words = [replace(w, confidence=garble) if w.text in ("Cif", "KNo.") else w for w in sheet.words]
    assert extract_fields([sheet]).fields["document_number"] == number


def test_the_tables_line_number_caption_over_a_product_code_is_no_document_number():
    # The table's header row starts with its rule, read as a tall '|', and 'No' (its lines' numbers),
    # then a code column whose caption OCR garbled ('aa' for コード): the code under them is the
    # first line's, no document number.
    rows = [
        (406, [(99, "発注番号"), (599, "PO-2026-03962")]),
        (771, [(96, "|"), (116, "No"), (183, "aa"), (363, "商品名"), (870, "個数"), (954, "単位"),
               (1112, "税抜単価"), (1442, "税抜金額")]),
        (821, [(128, "1"), (172, "ANA-495"), (362, "業務用洗剤 4L"), (889, "20"), (964, "本"), (1142, "2,600"),
               (1456, "52,000")]),
        (877, [(126, "2"), (172, "ANA-513"), (363, "ハンドソープ"), (903, "6"), (964, "本"), (1145, "1,860"),
               (1464, "11,160")]),
    ]
    sheet = page(rows)
    sheet.words = [replace(w, confidence=20.0) if w.text == "aa" else replace(w, top=748, height=54, confidence=68.0)
                   if w.text == "|" else w for w in sheet.words]
    fields = extract_fields([sheet]).fields
    assert fields["document_number"] is None
    assert len(fields["lines"]) == 2


def test_a_captions_other_language_after_its_slash_misread_as_another_fields_stays_its_own():
    """'請求書No./ Doc Number' with 'Doc' misread as 'Pa': 'Pa Number' is one letter from 'PO
    Number', but after the slash it is the number caption's English half, and the figure beside
    it the document number."""
    p = page([
        (140, [(870, "請求書 / Tax Invoice")]),
        (220, [(87, "請求書No./ Pa Number"), (596, "2612-0663")]),
        (302, [(87, "支払期限 / Payment deadline"), (543, "2027年1月20日")]),
        (340, [(87, "注文番号 Order ref."), (540, "PO-2026-08208")]),
        (900, [(160, "品名"), (1000, "数量"), (1150, "単価"), (1340, "金額")]),
        (950, [(160, "ペーパータオル"), (1030, "8"), (1158, "3,800"), (1338, "30,400")]),
    ])
    p.words = [replace(w, confidence=27.0) if w.text == "Pa" else w for w in p.words]
    fields = extract_fields([p]).fields
    assert fields["document_number"] == "2612-0663"
    assert fields["po_number"] == "PO-2026-08208"


@pytest.mark.parametrize(("caption", "garbled"), [
    ("MEENo. / oo Number", {"MEENo.": 6.0, "oo": 29.0}),  # '請求書No. / Doc Number'
    ("CMRNo. Remicme", {"CMRNo.": 65.0, "Remicme": 24.0}),  # '請求書No. Invoice no.'
])
def test_a_number_caption_in_two_languages_garbled_whole_still_captions_its_value(caption, garbled):
    """A number's caption in two languages read as garble: no label read, but a word of it ends
    in the word for a number, and the reference beside it, in the column of the other
    captions' values, is the document number."""
    p = page([
        (158, [(968, "請求書 Tax Invoice")]),
        (255, [(99, caption), (600, "2610-0351"), (885, "有限会社信濃精機")]),
        (300, [(164, "日付 / Billing date"), (587, "2026年10月17日")]),
        (343, [(99, "支払期限 / Payment deadline"), (587, "2026年11月20日")]),
        (393, [(99, "注文番号 Order ref."), (600, "PO-2026-07984")]),
        (900, [(160, "品名"), (1000, "数量"), (1150, "単価"), (1340, "金額")]),
        (950, [(160, "ペーパータオル"), (1030, "8"), (1158, "3,800"), (1338, "30,400")]),
    ])
    p.words = [replace(w, confidence=garbled[w.text]) if w.text in garbled else w for w in p.words]
    fields = extract_fields([p]).fields
    assert fields["document_number"] == "2610-0351"
    assert fields["po_number"] == "PO-2026-07984"


def _value_over_small_caption(row: list[tuple[int, str]], value: str, garble: str | None = None) -> Page:
    """A quote whose number stands over its caption in small print, OCR's box for the number
    53 px high: it takes in the caption under it."""
    p = page([
        (166, [(136, "##QUOTE")]),
        (262, row),
        (346, [(700, "18-Nov-2026")]),
        (430, [(700, "18-Dec-2026")]),
        (974, [(146, "Particulars"), (801, "Qty"), (1045, "Unit cost"), (1400, "Amount")]),
        (1031, [(146, "Clear file folders"), (801, "10"), (1087, "1,650"), (1400, "16,500")]),
    ])
    x = next(w for w in p.words if w.text == value).left
    small = page([(301, [(x + 16, "Estimate No.")]), (383, [(700, "Quote date")]), (468, [(700, "Expires")])],
                 size=13)
    p.words = [replace(w, height=53) if w.text == value else replace(w, confidence=18.0) if w.text == garble else w
               for w in p.words] + [replace(w, line=w.line + 50) for w in small.words]
    return p


def test_a_caption_in_small_print_inside_the_box_of_the_value_over_it_is_no_echo():
    """'Estimate No.' in small print under '26113', inside OCR's tall box for it: a word of its
    own (it shares no character with the number), not a piece of the number read twice."""
    p = _value_over_small_caption([(136, "Lakeshore Business Supplies Ltd."), (889, "26113")], "26113")
    assert extract_fields([p]).fields["document_number"] == "26113"


def test_a_suppliers_name_run_into_the_number_beside_it_is_the_name_before_it():
    """'Lakeshore Business Supplies Ltd. —_ 26113' read as one phrase, the number the quote's:
    the name is the phrase's words before the number and the garble before it."""
    p = _value_over_small_caption([(136, "Lakeshore Business Supplies Ltd. —_ 26113")], "26113", garble="—_")
    fields = extract_fields([p]).fields
    assert (fields["supplier_name"], fields["document_number"]) == ("Lakeshore Business Supplies Ltd.", "26113")


def test_a_long_word_under_a_date_caption_is_read_in_bounded_time():
    """A long run of letters (an address OCR ran into one word) under a date's caption: telling
    whether it is a month and year cut from a date must not try every way of splitting its
    letters into words (each letter more doubled the time: one phrase took minutes)."""
    import signal

    def stuck(*_):
        raise TimeoutError("reading a long word under a caption did not finish")

    p = page([
        (300, [(150, "Issue date"), (900, "Due date")]),
        (340, [(150, "Shinyokohamanichomekohokukuyokohamashi Kanagawa-ken Japan"), (900, "2026-12-31")]),
        (900, [(120, "Description"), (800, "Qty"), (1000, "Unit price"), (1200, "Amount")]),
        (950, [(120, "Soy sauce"), (800, "1"), (1000, "2,800"), (1200, "2,800")]),
    ])
    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(30)  # (a guard against a hang, not a speed goal: the reading takes milliseconds)
    try:
        fields = extract_fields([p]).fields
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert (fields["issue_date"], fields["due_date"]) == (None, "2026-12-31")


def test_a_caption_after_its_first_language_garbled_into_an_unsure_word():
    """'請求番号 Bill Ref.' read 'YA' (garble) 'ABS' (unsure) 'Bill Ref.': the garble runs on into a
    word read unsurely, and the English caption after it still heads its number."""
    p = page([
        (221, [(86, "Old Harbour Pack Supply Corporation")]),
        (426, [(139, "YA ABS Bill Ref."), (450, "Issue date"), (722, "Due by")]),
        (468, [(153, "IN2701/760"), (399, "Jan 25, 2027"), (651, "Feb 28, 2027")]),
        (675, [(85, "No."), (300, "Item")]),
        (729, [(122, "1"), (160, "00456"), (300, "Carton box, 100 size"), (706, "20"), (942, "3,300"),
               (1265, "66,000")]),
    ])
    p.words = [replace(w, confidence=3.0) if w.text == "YA" else replace(w, confidence=63.0) if w.text == "ABS"
               else w for w in p.words]
    assert extract_fields([p]).fields["document_number"] == "IN2701/760"



def test_a_values_last_figure_ocr_read_apart_touching_it_is_part_of_it():
    """A key/value box's order number under its caption, its last figure read as a word of its
    own, touching it, beyond the caption's end."""
    rows = [
        (515, [(791, "Pay"), (839, "by"), (1017, "Order"), (1077, "No."), (1330, "Account"), (1410, "no.")]),
        (573, [(748, "20 Feb 2027"), (999, "PO-2026-0742"), (1121, "8"), (1330, "81231")]),  # (2 px after the 2)
        (900, [(165, "Particulars"), (800, "Qty"), (1000, "Price"), (1300, "Amount")]),
        (950, [(165, "Inspection labour"), (800, "1"), (1000, "9,000"), (1300, "9,000")]),
    ]
    assert _fields(rows)["po_number"] == "PO-2026-07428"


def test_a_footer_grids_number_under_a_garbled_caption_set_well_over_it():
    """A footer's grid prints its captions small, three of its values' heights and more over them;
    OCR garbled the number's caption ('Fachmmummer' for Factuurnummer)."""
    rows = [
        (300, [(131, "Omschrijving"), (600, "Aantal"), (800, "Prijs"), (1000, "Bedrag")]),
        (350, [(131, "Stroopwafels"), (600, "20"), (800, "24,30"), (1000, "486,00")]),
        (1922, [(294, "Fachmmummer"), (768, "Factuuuaiuit"), (1202, "Uiterste betaaldatum")]),
        (1976, [(299, "F2027-0952"), (769, "18-02-2027"), (1232, "20-03-2027")]),
    ]
    p = page(rows)
    p.words = [replace(w, height=15, confidence=52.0 if w.text == "Fachmmummer" else w.confidence) if w.top == 1922
               else replace(w, height=18) if w.top == 1976 else w for w in p.words]
    assert extract_fields([p]).fields["document_number"] == "F2027-0952"


def test_a_number_heading_a_stack_of_values_over_captions_its_own_caption_lost():
    """Values over their captions, left, beside the seller's name printed larger: OCR lost the
    number's caption whole, read the issue date's as words that name nothing ('MRA' at 58) and
    garbled the due date's."""
    rows = [
        (255, [(102, "27-01031"), (888, "有限会社富士見衛生")]),
        (338, [(102, "2027.03.03"), (887, "TEL 072-949-7731")]),
        (372, [(102, "MRA"), (890, "事業者登録番号"), (1085, "T3989357149833")]),
        (412, [(101, "2027年4月末日")]),
        (453, [(109, "CHER")]),
        (502, [(102, "PO-2026-04249")]),
        (536, [(104, "ご注文番号")]),
        (900, [(120, "品名"), (800, "数量"), (1000, "単価"), (1200, "金額")]),
        (950, [(120, "ボルト"), (800, "2"), (1000, "1,000"), (1200, "2,000")]),
    ]
    p = page(rows)
    p.words = [replace(w, top=w.top - 6, height=32) if w.text == "有限会社富士見衛生"
               else replace(w, confidence={"MRA": 58.0, "CHER": 24.0}.get(w.text, w.confidence)) for w in p.words]
    assert extract_fields([p]).fields["document_number"] == "27-01031"


@pytest.mark.parametrize("series", ["FT", "FR", "NC"])
def test_a_numbers_series_printed_a_space_before_it_is_part_of_the_number(series):
    """Under the title, a number with no caption, its series' letters a space before it
    ('FT 2026/318', as Portugal's invoices print theirs): the number is read with its series."""
    fields = _fields([
        (101, [(110, "##Sabores do Norte, Lda."), (1404, "##Fatura")]),
        (155, [(110, "Rua de Santa Catarina, 812"), (1332, f"{series} 2026/318")]),
        (317, [(125, "Data"), (568, "2026-11-26")]),
        (359, [(125, "Vencimento"), (568, "2026-12-26")]),
    ])
    assert fields["document_number"] == f"{series} 2026/318"
    assert fields["issue_date"] == "2026-11-26"


def test_a_caption_a_space_before_a_number_is_no_series_of_it():
    """'No 2026-318': the letters before the number are its caption, not part of it."""
    fields = _fields([
        (101, [(110, "##Sabores do Norte, Lda."), (1404, "##Invoice")]),
        (155, [(110, "Rua de Santa Catarina, 812"), (1332, "No 2026-318")]),
        (317, [(125, "Date"), (568, "2026-11-26")]),
    ])
    assert fields["document_number"] == "2026-318"


@pytest.mark.parametrize("closed", ["2026.11.20", "2026年11月20日"])
def test_a_caption_run_on_after_a_date_in_one_phrase_is_read(closed):
    """A text layer's header line sets the closing date and the issue date so close that they
    are one phrase ('請求締日 2026.11.20 発行日 2026.11.30'): the issue date's caption after the
    first date is read, and the issue date is the day it names."""
    fields = _fields([
        (100, [(110, "##寒川ロジスティクス株式会社")]),
        (276, [(1000, "請求書番号 WH-2611-0221")]),
        (313, [(110, "株式会社龍華食品 御中"), (1000, f"請求締日 {closed} 発行日 2026.11.30")]),
        (349, [(1000, "お支払期日 2026.12.31")]),
    ])
    assert (fields["issue_date"], fields["due_date"]) == ("2026-11-30", "2026-12-31")


@pytest.mark.parametrize(("read", "order"), [
    ("MVP-PQ-3391", "MVP-PO-3391"),  # the buyer's prefix before its 'PO', the O read as a Q
    ("PQ-3391", "PO-3391"),
    ("MVP-PQX-3391", "MVP-PQX-3391"),  # another code, no 'PO' misread
])
def test_an_order_numbers_po_read_as_pq_after_the_buyers_prefix_is_read_back(read, order):
    rows = [(100, [(100, "Invoice"), (900, "Invoice No. INV-3391")]), (150, [(900, "Date 2026-10-01")]),
            (200, [(900, f"Customer PO {read}")])]
    assert _fields(rows)["po_number"] == order


def test_a_number_read_under_its_caption_and_on_the_payment_slip_goes_before_a_postcode_beside_it():
    # Captions over their values in a middle column, the seller's address run on right of them
    # ('London E14 0JY' beside 'Invoice Number'); the number again on the tear-off payment slip.
    rows = [
        (125, [(125, "TAX INVOICE"), (870, "Invoice Date"), (1230, "Thameside Events Ltd")]),
        (154, [(870, "9 Oct 2026"), (1230, "Unit 12, Trinity Buoy Wharf")]),
        (198, [(870, "Invoice Number"), (1230, "London E14 0JY")]),
        (232, [(870, "INV-2291"), (1230, "UNITED KINGDOM")]),
        (290, [(172, "Attention Overseas Marketing"), (870, "Reference")]),
        (319, [(870, "Fine Food Fair stand N240")]),
        (559, [(133, "Description"), (907, "Quantity"), (1075, "Unit Price"), (1364, "Amount GBP")]),
        (617, [(133, "Stand package 3m x 3m"), (960, "1.00"), (1094, "2,850.00"), (1422, "2,850.00")]),
        (913, [(1184, "Subtotal"), (1422, "2,850.00")]),
        (1513, [(125, "PAYMENT ADVICE"), (853, "Customer"), (1094, "Kanagawa Precision Foods")]),
        (1573, [(125, "To Thameside Events Ltd"), (853, "Invoice Number"), (1094, "INV-2291")]),
    ]
    fields = _fields(rows)
    assert (fields["document_number"], fields["po_number"]) == ("INV-2291", None)


def test_a_value_beside_its_own_caption_is_no_value_of_the_caption_over_it():
    # 'Account  KAN002' in the meta block, two rows under 'Customer Ref.' whose value (the order)
    # stands beside it: the account is the account's, not a reference for the invoice's number.
    boxes = [  # (text, left, top, width, height, confidence): a scan's words, as OCR boxed them
        ("Invoice", 119, 405, 85, 19, 96), ("to", 211, 406, 23, 18, 96), ("Invoice", 1142, 409, 84, 19, 95),
        ("No.", 1235, 410, 37, 18, 96), ("Sl-4471", 1344, 409, 85, 19, 0),
        ("Kanagawa", 120, 452, 117, 22, 96), ("Foods", 245, 451, 67, 19, 96), ("Invoice", 1142, 457, 84, 19, 94),
        ("Date", 1235, 458, 52, 18, 96), ("19/10/2026", 1345, 457, 122, 19, 96),
        ("Due", 1142, 504, 45, 18, 96), ("Date", 1196, 504, 52, 18, 96), ("18/11/2026", 1345, 503, 122, 19, 96),
        ("Unit", 120, 526, 42, 19, 96), ("7,", 171, 527, 17, 20, 96), ("Kingsland", 199, 526, 107, 23, 95),
        ("Customer", 1141, 551, 116, 19, 95), ("Ref.", 1265, 551, 45, 19, 92),
        ("PO-2026-12047", 1344, 551, 176, 19, 91),
        ("Basingstoke", 120, 563, 134, 23, 93), ("RG24", 263, 563, 63, 19, 90),
        ("Account", 1141, 598, 99, 18, 96), ("KANOO2", 1344, 597, 91, 19, 71),
    ]
    words = [Word(text, left, top, width, height, float(confidence), n)
             for n, (text, left, top, width, height, confidence) in enumerate(boxes)]
    assert extract_fields([Page(1, 1654, 2339, words)]).fields["document_number"] == "SI-4471"


def test_a_caption_going_on_past_its_label_in_garbled_words_names_another_date_than_the_label_alone():
    # 'Fecha de vencimiento' garbled to 'Fecha de yenorenta': no plain 'Fecha', the issue date's.
    rows = [
        (179, [(1241, "N.° 2026-0047")]),
        (399, [(162, "CLIENTE"), (1003, "Fecha de expediawon")]),
        (438, [(162, "Kanagawa Precision Foods Europe GmbH"), (1002, "27/10/2026")]),
        (478, [(1003, "Fecha de yenorenta")]),
        (518, [(162, "Passeig de Gracia 55"), (1002, "26/11/2026")]),
    ]
    fields = _fields(rows)
    assert (fields["issue_date"], fields["due_date"]) == ("2026-10-27", "2026-11-26")


def test_a_value_over_its_caption_is_its_own_though_another_blocks_caption_starts_its_row():
    # Captions under their values on the right; on the left, the buyer's block begins with its
    # own caption on the order number's row.
    rows = [
        (255, [(120, "Conserverie Durand SAS"), (885, "F2609-0236")]),
        (293, [(885, "Facture N°")]),
        (341, [(120, "31000 Toulouse, France"), (885, "30/09/2026")]),
        (379, [(885, "Émise le")]),
        (505, [(120, "Adresse de facturation"), (885, "PO-2026-04357")]),
        (543, [(120, "Kanagawa Precision Foods Co., Ltd."), (885, "Bon de commande")]),
        (599, [(885, "34939")]),
        (624, [(120, "4-1 Shin-Yokohama 2-chome"), (885, "Code client")]),
    ]
    assert _fields(rows)["po_number"] == "PO-2026-04357"


def test_a_caption_in_two_languages_says_no_more_than_its_label():
    # 'No. Reference': two captions of one field, not a number of another kind; the customer's
    # number under a garbled caption further down is no rival.
    boxes = [  # (text, left, top, width, height): a scan's words, as OCR boxed them
        ("No.", 124, 368, 31, 16), ("Reference", 165, 367, 98, 17), ("0000373", 123, 403, 113, 21),
        ("伝票日付Date", 123, 444, 138, 33), ("2026年10月14日", 123, 478, 215, 38),
        ("#$", 122, 776, 107, 20), ("3c", 167, 772, 21, 31), ("4—", 200, 772, 24, 31), ("K", 238, 778, 10, 17),
        ("Account", 259, 779, 81, 15), ("no.", 348, 783, 29, 11), ("62009", 122, 813, 80, 21),
    ]
    words = [Word(text, left, top, width, height, 90.0, n) for n, (text, left, top, width, height) in enumerate(boxes)]
    assert extract_fields([Page(1, 1654, 2339, words)]).fields["document_number"] == "0000373"


@pytest.mark.parametrize("caption, number", [("Quote #", "312"), ("Invoice No.", "487"), ("Facture n°", "105"),
                                             ("Rechnungsnummer", "261")])
def test_three_figures_beside_a_caption_naming_the_number_are_the_number(caption, number):
    """A small business numbers its documents from one: three figures beside a caption that
    names the number are the number, though alone they would be a count or a page."""
    rows = [
        (180, [(216, "2055 N King St, Suite 104"), (1174, caption), (1174 + 12 * len(caption), number)]),
        (220, [(216, "Honolulu, HI 96819"), (1174, "Sent on Nov 3, 2026")]),
        (570, [(117, "Description"), (1000, "Qty."), (1150, "Unit price"), (1320, "Total")]),
        (640, [(117, "Kitchen exhaust hood cleaning"), (1030, "2"), (1125, "$425.00"), (1296, "$850.00")]),
        (900, [(835, "Total"), (1275, "$850.00")]),
    ]
    assert _fields(rows)["document_number"] == number


def test_three_figures_starting_a_street_beside_a_number_caption_are_no_number():
    rows = [
        (180, [(216, "Invoice No."), (400, "312 Main Street")]),
        (570, [(117, "Description"), (1000, "Qty."), (1150, "Unit price"), (1320, "Total")]),
        (640, [(117, "Kitchen exhaust hood cleaning"), (1030, "2"), (1125, "$425.00"), (1296, "$850.00")]),
    ]
    assert _fields(rows)["document_number"] is None


def test_a_t_number_without_its_t_run_into_the_value_before_it_over_its_caption_is_read():
    """A row of values over a row of captions, OCR running the order number and the T-number
    (its T lost, both read unsurely) into one phrase that reaches past the caption's column:
    the word over the registration caption is the T-number (the words as OCR read them)."""
    number = t_number("454633132834")
    values = [("INV-00284", 132, 276, 88), ("2026/11/02", 338, 484, 90), ("2026/12/31", 546, 692, 91),
              ("PO-2026-03849", 734, 920, 1), (number[1:], 943, 1126, 3), ("S.", 1191, 1214, 92),
              ("Patel", 1224, 1292, 93), ("42702", 1409, 1490, 91)]
    captions = [("Inv.", 112, 145, 96), ("Ref.", 156, 191, 93), ("No.", 200, 220, 64), ("Document", 321, 404, 86),
                ("Date", 412, 447, 86), ("Due", 526, 562, 92), ("date", 569, 609, 92), ("Customer", 736, 782, 80),
                ("PO", 822, 844, 94), ("Negistration", 916, 997, 83), ("No.", 1003, 1020, 93), ("4k", 1034, 1069, 28),
                ("4", 1077, 1081, 28), ("AiR", 1090, 1139, 10), ("Our", 1149, 1193, 29), ("contact", 1199, 1269, 90),
                ("Client", 1356, 1405, 89), ("ID", 1414, 1432, 94)]
    p = page([
        (1074, [(115, "Product"), (1033, "Qty."), (1171, "Unit price"), (1432, "Amount")]),
        (1131, [(115, "Green tea bags"), (1069, "8"), (1238, "1,190"), (1469, "9,520")]),
    ])
    p.words += [Word(text, x0, 518, x1 - x0, 21, conf, 7) for text, x0, x1, conf in values]
    p.words += [Word(text, x0, 577, x1 - x0, 16, conf, 8) for text, x0, x1, conf in captions]
    assert extract_fields([p]).fields["registration_number"] == number


def test_a_blank_caption_under_another_captions_value_takes_no_value_from_over_it():
    """A column of captions each over its value, one caption unknown ('LUT ARN') and the order's
    left blank: the value over the order's caption is the unknown caption's, no order number."""
    rows = [
        (154, [(93, "Nilgiri Softworks Pvt. Ltd."), (734, "Invoice No."), (1029, "Dated")]),
        (182, [(93, "No. 42, Race Course Road"), (734, "EXP/26-27/0142"), (1029, "28-Oct-2026")]),
        (234, [(93, "GSTIN 33AAFCN4821K1ZP"), (734, "LUT ARN"), (1029, "Terms of Payment")]),
        (264, [(93, "State Code 33"), (734, "AD3304260118342"), (1029, "30 days")]),
        (316, [(734, "Buyer's Order No."), (1029, "Payment Due Date")]),
        (344, [(1029, "27-Nov-2026")]),
        (568, [(97, "No."), (316, "Description of Services"), (848, "Quantity"), (998, "Rate"), (1159, "Amount")]),
        (628, [(97, "1"), (154, "Firmware development"), (884, "96"), (1016, "32.00"), (1220, "3,072.00")]),
        (696, [(97, "2"), (154, "Regression testing"), (884, "40"), (1016, "24.00"), (1237, "960.00")]),
        (900, [(516, "Total Taxable Value"), (1220, "4,032.00")]),
    ]
    fields = _fields(rows)
    assert (fields["document_number"], fields["po_number"]) == ("EXP/26-27/0142", None)


def test_a_reference_over_a_caption_read_as_a_money_word_and_garble_is_the_number():
    """A stack of values over their grey captions: the number's caption read as 'Tax' and garble
    ('Tax invoice Ref.'): a money caption names no reference, so the number is the document's."""
    rows = [
        (233, [(104, "Bayside Pack Supply Inc."), (759, "26-0456")]),
        (266, [(752, "Tax ka")]),
        (311, [(104, "Sendai 980-0811, Japan"), (760, "17-Nov-2026")]),
        (345, [(104, "Tel. +81 3 302-9513"), (760, "-")]),
        (389, [(104, "JCT registration no."), (759, "31-Jan-2027")]),
        (422, [(760, "Please pay by")]),
        (460, [(760, "PO-2026-03457")]),
        (494, [(103, "Kanagawa Precision Foods Co., Ltd."), (760, "Purchase order")]),
        (531, [(759, "68510")]),
        (567, [(760, "Customer no.")]),
        (911, [(120, "Description"), (900, "Qty"), (1050, "Price"), (1250, "Amount")]),
        (960, [(120, "Carton box 80 size"), (900, "10"), (1050, "2,100"), (1250, "21,000")]),
        (1100, [(674, "Net total"), (1182, "21,000 JPY")]),
    ]
    p = page(rows)
    p.words = [replace(w, confidence=33.0) if w.text == "ka" else replace(w, confidence=26.0) if w.text == "-"
               else w for w in p.words]
    assert extract_fields([p]).fields["document_number"] == "26-0456"


def test_a_value_over_a_two_language_caption_whose_japanese_ocr_read_in_part_is_its_own():
    """Values over their captions, each caption in Japanese and English parted by a slash: the
    number stands over the Japanese half, read in part ('ポイ ス番号' for インボイス番号), and
    is the caption's."""
    rows = [
        (245, [(113, "26-00663"), (776, "有明事務機株式会社")]),
        (268, [(154, "ポイ ス番号 / Bill Number")]),
        (311, [(113, "2026年12月13日"), (774, "TEL 018-383-6856")]),
        (340, [(159, "発行日 / Date of issue")]),
        (454, [(114, "PO-2026-03563")]),
        (481, [(114, "注文番号 / Buyers PO")]),
        (757, [(171, "Item description"), (897, "Quantity"), (1047, "単価 Price"), (1197, "金額 Amount")]),
        (808, [(132, "トナーカートリッジ黒"), (943, "10"), (1083, "10,000"), (1250, "100,000")]),
        (1025, [(688, "税抜合計 / Net total"), (1220, "100,000")]),
    ]
    assert _fields(rows)["document_number"] == "26-00663"


def test_a_date_centred_under_a_short_caption_reaching_past_its_column_is_read_whole():
    """A footer's grid of captions over values, a long date centred under the short 'Fecha': its
    day and year stand outside the caption's column, its month's name inside (the words as OCR
    read them)."""
    captions = [("Numero", 178, 254), ("de", 262, 284), ("factura", 292, 358), ("Fecha", 518, 577), ("Fecha", 719, 778),
                ("de", 786, 809), ("vencimiento", 816, 931), ("Pedido", 1055, 1122), ("n.°", 1130, 1154)]
    values = [("FV-2026-0230", 182, 349), ("19", 418, 443), ("de", 451, 480), ("octubre", 487, 577), ("de", 586, 613),
              ("2026", 622, 676), ("18", 696, 719), ("de", 726, 751), ("noviembre", 758, 868), ("de", 876, 900),
              ("2026", 907, 955), ("PO-2026-03830", 1012, 1196)]
    p = page([
        (878, [(184, "Uds."), (373, "Descripción"), (1176, "P. unitario"), (1414, "Subtotal")]),
        (931, [(207, "20"), (372, "Juego de juntas DN50"), (1163, "32,20 EUR"), (1368, "644,00 EUR")]),
    ])
    p.words += [Word(text, x0, 1920, x1 - x0, 16, 93.0, 23) for text, x0, x1 in captions]
    p.words += [Word(text, x0, 1977, x1 - x0, 18, 95.0, 24) for text, x0, x1 in values]
    fields = extract_fields([p]).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2026-10-19", "2026-11-18")


@pytest.mark.parametrize(("caption", "printed"), [("Fatura", "FT A2026/318"), ("Factura n.º", "FV 2027/0042")])
def test_a_series_printed_a_space_before_its_number_of_the_year_is_part_of_the_number(caption, printed):
    rows = [
        (120, [(181, "RIA DE AVEIRO"), (1064, caption), (1064 + 12 * len(caption), printed)]),
        (700, [(120, "Descrição"), (900, "Qtd."), (1100, "Preço"), (1350, "Total")]),
        (760, [(120, "Vela de estai"), (920, "1"), (1100, "450,00"), (1350, "450,00")]),
    ]
    assert _fields(rows)["document_number"] == printed


def test_a_series_a_space_before_its_number_after_a_caption_not_known_is_part_of_the_number():
    """'Número' (no caption of the lexicon's alone), then 'FT 2026/318' in the values' column."""
    rows = [
        (94, [(189, "LAR MINHO"), (1433, "Fatura")]),
        (192, [(102, "Têxteis Lar Minho, Lda."), (1229, "Número"), (1438, "FT 2026/318")]),
        (269, [(1229, "Data"), (1449, "2026-10-27")]),
        (700, [(120, "Descrição"), (900, "Qtd."), (1100, "Preço"), (1350, "Total")]),
        (760, [(120, "Toalha de banho"), (920, "1"), (1100, "450,00"), (1350, "450,00")]),
    ]
    assert _fields(rows)["document_number"] == "FT 2026/318"


def test_a_slash_after_an_order_numbers_last_figure_parts_it_from_the_remark_after_it():
    rows = [
        (700, [(152, "品名"), (900, "数量"), (1100, "単価"), (1350, "金額")]),
        (760, [(152, "リスティング広告 媒体費"), (920, "1"), (1100, "480,000"), (1350, "480,000")]),
        (1613, [(152, "備考"), (223, "貴社発注番号"), (386, "P26-04455/"), (511, "媒体費は管理画面の確定額です。")]),
    ]
    assert _fields(rows)["po_number"] == "P26-04455"


def test_a_number_under_the_title_on_the_row_of_the_sellers_tax_number_is_the_documents():
    """The seller's tax number, captioned, starts the row the document's number ends, under the
    title: the caption names its own value, not the number far right of it."""
    rows = [
        (101, [(91, "SOUSA & FILHOS"), (1253, "FATURA")]),
        (143, [(91, "Sousa & Filhos, Lda."), (1300, "Original")]),
        (172, [(91, "Rua do Freixo 1433, 4300-219 Porto")]),
        (199, [(91, "Contribuinte n.° PT 503 218 457 - Capital social 150.000,00 €"), (1274, "FT A/1267")]),
        (230, [(91, "Matricula C.R.C. Porto n.° 503218457")]),
        (623, [(95, "Data"), (302, "Vencimento"), (781, "V/ Requisição"), (1276, "Moeda")]),
        (664, [(101, "2026-10-09"), (308, "2026-11-08"), (781, "PO-2026-12063"), (1278, "EUR")]),
        (760, [(95, "Descrição"), (900, "Qtd."), (1100, "Preço"), (1350, "Total")]),
        (820, [(95, "Rolamento 6204-2RS"), (920, "40"), (1100, "3,20"), (1350, "128,00")]),
    ]
    assert _fields(rows)["document_number"] == "FT A/1267"


@pytest.mark.parametrize(("value", "order"), [("P26-04421", "P26-04421"), ("Workboat SMT-11 sails", None)])
def test_a_customers_reference_is_the_order_number_unless_a_remark_in_words(value, order):
    rows = [
        (710, [(122, "Invoice date"), (359, "Due date"), (988, "Customer reference"), (1380, "Currency")]),
        (762, [(122, "16 Nov 2026"), (359, "16 Dec 2026"), (988, value), (1380, "GBP")]),
        (880, [(123, "Description"), (963, "Qty"), (1082, "Unit price"), (1407, "Total")]),
        (958, [(123, "Mainsail, cross-cut Dacron"), (996, "1"), (1092, "£3,480.00"), (1407, "£3,480.00")]),
    ]
    assert _fields(rows)["po_number"] == order


@pytest.mark.parametrize(("value", "number"), [("FA-2026-00217", "FA-2026-00217"), ("Workboat SMT-11 sails", None)])
def test_a_bare_reference_names_the_documents_number_unless_a_remark_in_words(value, number):
    rows = [
        (180, [(122, "INVOICE")]),
        (710, [(122, "Invoice date"), (359, "Due date"), (988, "Ref."), (1380, "Currency")]),
        (762, [(122, "16 Nov 2026"), (359, "16 Dec 2026"), (988, value), (1380, "EUR")]),
        (880, [(123, "Description"), (963, "Qty"), (1082, "Unit price"), (1407, "Total")]),
        (958, [(123, "Mainsail, cross-cut Dacron"), (996, "1"), (1092, "€3,480.00"), (1407, "€3,480.00")]),
    ]
    assert _fields(rows)["document_number"] == number


def test_a_number_ocr_split_into_touching_pieces_of_figures_is_read_whole():
    """A photo's 'Factura n.º 2026/047' read as three pieces a pixel or two apart (the words as
    OCR read them)."""
    p = page([
        (211, [(996, "Fecha de emisión"), (1216, "30/10/2026")]),
        (632, [(121, "Concepto"), (791, "Cantidad"), (916, "Precio"), (1170, "Total")]),
        (689, [(120, "Consultoría regulatoria MDR"), (867, "22"), (978, "85,00€"), (1214, "1.870,00 €")]),
    ])
    p.words += [Word(text, x0, y0, x1 - x0, y1 - y0, conf, 1) for text, x0, x1, y0, y1, conf in [
        ("Factura", 1010, 1120, 159, 195, 95), ("n.º", 1130, 1179, 159, 195, 95),
        ("202", 1227, 1269, 169, 186, 96), ("6/04", 1271, 1323, 161, 197, 84),
        ("7", 1324, 1337, 169, 186, 96)]]
    assert extract_fields([p]).fields["document_number"] == "2026/047"


@pytest.mark.parametrize(("heading", "number"), [
    ("湘測第2026-118号", "湘測第2026-118号"), ("総発第 412 号", "総発第412号"), ("第3回", None),
])
def test_a_number_printed_as_a_japanese_letter_numbers_itself_over_its_date(heading, number):
    fields = _fields([
        (130, [(1301, heading)]),
        (169, [(1312, "令和8年10月20日")]),
        (429, [(143, "神奈川精密フーズ株式会社 御中")]),
        (810, [(192, "ご請求金額"), (500, "¥785,950-")]),
        (1042, [(401, "業務内容"), (900, "数量"), (1000, "単価"), (1300, "金額")]),
        (1108, [(157, "境界確定測量"), (900, "1"), (1000, "714,500"), (1300, "714,500")]),
        (1300, [(1000, "小計"), (1300, "714,500")]),
        (1360, [(1000, "消費税(10%)"), (1300, "71,450")]),
        (1420, [(1000, "合計"), (1300, "785,950")]),
    ])
    assert (fields["document_number"], fields["issue_date"]) == (number, "2026-10-20")


@pytest.mark.parametrize(("heading", "order"), [
    ("Fattura N. 412 del 14/10/2026", "Rif. Vs. ordine n. 4500012345 del 02/10/2026"),
    ("Facture n° 412 du 14/10/2026", "Votre commande n° 4500012345 du 02/10/2026"),
    ("Rechnung Nr. 412 vom 14.10.2026", "Ihre Bestellung Nr. 4500012345 vom 02.10.2026"),
])
def test_a_number_printed_with_its_date_after_it_is_the_number_alone(heading, order):
    fields = _fields([
        (100, [(900, heading)]),
        (150, [(900, order)]),
        (300, [(100, "Bianchi Forniture S.r.l.")]),
        (600, [(100, "Descrizione"), (900, "Q.tà"), (1100, "Prezzo"), (1350, "Importo")]),
        (660, [(100, "Olio extravergine 1 L"), (920, "5"), (1100, "13,70"), (1350, "68,50")]),
        (800, [(1000, "Imponibile"), (1350, "68,50")]),
        (850, [(1000, "IVA 22%"), (1350, "15,07")]),
        (900, [(1000, "Totale documento"), (1350, "83,57")]),
    ], size=24)
    assert (fields["document_number"], fields["po_number"], fields["issue_date"]) == ("412", "4500012345", "2026-10-14")


@pytest.mark.parametrize("text", ["T30106020118", "T301060201184", "T30106020118450"])
def test_a_registration_number_read_a_digit_short_or_long_is_no_reference(text):
    from ocr.extract.unlabelled import identifier_shaped

    assert not identifier_shaped(text)


def test_a_value_between_two_captions_is_no_letter_of_a_caption_misread():
    fields = _fields([
        (100, [(100, "Distribuidora Azteca S.A. de C.V."), (900, "FACTURA · CFDI 4.0")]),
        (150, [(900, "Serie: A Folio: 2291")]),
        (200, [(900, "Serie-Folio: A-2291")]),
        (250, [(900, "Fecha de emisión: 13/10/2026")]),
        (600, [(100, "Descripción"), (900, "Cantidad"), (1100, "Valor unitario"), (1350, "Importe")]),
        (660, [(100, "Chile guajillo seco"), (920, "12"), (1100, "$1,480.00"), (1350, "$17,760.00")]),
        (800, [(1000, "Subtotal"), (1350, "$17,760.00")]),
        (850, [(1000, "IVA 16%"), (1350, "$2,841.60")]),
        (900, [(1000, "Total"), (1350, "$20,601.60")]),
    ], size=24)
    assert fields["document_number"] == "A-2291"


def _factura_a(*header_rows):
    return _fields([
        (100, [(100, "INSUMOS PANADEROS DEL PLATA S.R.L."), (900, "FACTURA")]),
        *header_rows,
        (600, [(100, "Producto / Servicio"), (700, "Cantidad"), (900, "Precio Unit."), (1300, "Subtotal")]),
        (660, [(100, "Harina 000 x 25 kg"), (700, "40,00"), (900, "18450,00"), (1300, "738000,00")]),
        (800, [(900, "Importe Neto Gravado: $"), (1300, "738000,00")]),
        (850, [(900, "IVA 10.5%: $"), (1300, "77490,00")]),
        (900, [(900, "Importe Total: $"), (1300, "815490,00")]),
        (1800, [(100, "AFIP Comprobante Autorizado CAE N°: 76412583905127")]),
    ], size=24)


def test_a_number_printed_after_its_point_of_sale_or_series_is_read_with_it():
    fields = _factura_a((150, [(900, "Punto de Venta: 0004 Comp. Nro: 00001832")]),
                        (200, [(900, "Fecha de Emisión: 09/10/2026")]))
    assert fields["document_number"] == "0004-00001832"
    seria = _fields([
        (100, [(700, "FACTURA")]),
        (150, [(700, "Seria MDS nr. 0418")]),
        (200, [(700, "Data: 22.10.2026")]),
        (600, [(100, "Denumire"), (700, "Cantitate"), (900, "Pret unitar"), (1300, "Valoare")]),
        (660, [(100, "Manusi nitril"), (700, "10"), (900, "25,00"), (1300, "250,00")]),
        (800, [(900, "Total fara TVA"), (1300, "250,00 lei")]),
        (850, [(900, "TVA 21%"), (1300, "52,50 lei")]),
        (900, [(900, "Total de plata"), (1300, "302,50 lei")]),
    ], size=24)
    assert (seria["document_number"], seria["currency"]) == ("MDS 0418", "RON")


def test_a_series_and_number_under_one_caption_win_over_a_figure_read_beside_none():
    """'Serija KKT Nr. 0004127' (Lithuania) over the parties' addresses with their postal codes
    ('LT-47174'): the number is the series' and the figures after 'Nr.'."""
    fields = _fields([
        (100, [(554, "PVM SĄSKAITA FAKTŪRA")]),
        (160, [(696, "Serija KKT Nr. 0004127")]),
        (196, [(715, "2026 m. spalio 30 d.")]),
        (304, [(145, "Pardavėjas"), (882, "Pirkėjas")]),
        (337, [(145, "UAB Kauno kėlimo technika"), (883, "Shonan Logitech Europe ApS")]),
        (370, [(145, "Chemijos g. 29F, LT-51331 Kaunas, Lietuva"),
               (882, "Kauno sandėlis, Raudondvario pl. 150, LT-47174 Kaunas")]),
        (404, [(145, "Įmonės kodas 302887514"), (882, "PVM kodas LT100012984415")]),
        (440, [(879, "Jūsų užsakymas: 4500031251")]),
        (566, [(120, "Sąskaitos data: 2026-10-30 Apmokėti iki: 2026-11-13")]),
        (650, [(100, "Pavadinimas"), (900, "Kiekis"), (1100, "Kaina, EUR"), (1350, "Suma, EUR")]),
        (710, [(100, "Hidraulinė alyva"), (900, "4"), (1100, "68,40"), (1350, "273,60")]),
        (800, [(900, "Iš viso be PVM"), (1350, "273,60")]),
        (850, [(900, "PVM 21 %"), (1350, "57,46")]),
        (900, [(900, "Iš viso su PVM"), (1350, "331,06")]),
    ], size=22)
    assert (fields["document_number"], fields["po_number"]) == ("KKT 0004127", "4500031251")


@pytest.mark.parametrize(("sentence", "number"), [
    ("Please pay to EE47 2200 2210 6688 1042 (Swedbank), reference no. 20260902005", "2026-0902"),
    ("Reference no. 20260902005", "20260902005"),  # a caption of its own beside its value: as before
])
def test_a_reference_at_the_end_of_a_payment_sentence_is_no_document_number(sentence, number):
    fields = _fields([
        (120, [(130, "##INVOICE")]),
        (270, [(130, "BILL TO"), (500, "INVOICE NO."), (700, "INVOICE DATE")]),
        (305, [(130, "Shonan Logitech Europe"), (500, "2026-0902"), (700, "04.11.2026")]),
        (550, [(140, "Description"), (900, "Quantity"), (1100, "Price"), (1350, "Total EUR")]),
        (610, [(140, "Stretch film 500 mm"), (900, "60"), (1100, "8.90"), (1350, "534.00")]),
        (800, [(1000, "Subtotal"), (1350, "534.00")]),
        (850, [(1000, "VAT 24%"), (1350, "128.16")]),
        (900, [(1000, "Total EUR"), (1350, "662.16")]),
        (1190, [(140, sentence)]),
    ], size=22)
    assert fields["document_number"] == number


@pytest.mark.parametrize("caption", ["LPO No. / Date", "LPO No./Date", "Order No. / Date"])
def test_a_number_and_a_date_under_one_caption_pair_are_each_read(caption):
    """'LPO No. / Date  LPO/DXB/26/0087 — 10/09/2026' (a Gulf buyer's local purchase order): the
    number first, the date after it; the reference's letters before its slash are no caption."""
    fields = _fields([
        (100, [(100, "##TAX INVOICE")]),
        (270, [(100, "Invoice No."), (400, "INV-AN-26-1187")]),
        (310, [(100, "Invoice Date"), (400, "30/10/2026")]),
        (350, [(100, caption), (400, "LPO/DXB/26/0087 — 10/09/2026")]),
        (550, [(140, "Description"), (900, "Qty"), (1100, "Rate"), (1350, "Amount AED")]),
        (610, [(140, "Combi oven"), (900, "2"), (1100, "1,200.00"), (1350, "2,400.00")]),
        (800, [(1000, "Subtotal"), (1350, "2,400.00")]),
        (850, [(1000, "VAT 5%"), (1350, "120.00")]),
        (900, [(1000, "Total AED"), (1350, "2,520.00")]),
    ], size=22)
    assert (fields["po_number"], fields["issue_date"]) == ("LPO/DXB/26/0087", "2026-10-30")


def test_the_trade_registers_number_is_no_document_number():
    """A Romanian invoice prints each party's 'Nr. ord. reg. com./an' over its own 'Seria … nr.'."""
    fields = _fields([
        (94, [(784, "##FACTURA")]),
        (125, [(94, "Nr.ord.reg.com./an: J35/1187/2008"), (900, "Nr.ord.reg.com./an: J35/2114/2019")]),
        (168, [(767, "Seria EBD nr. 004217")]),
        (214, [(754, "Data (ziua, luna, anul): 15.10.2026")]),
        (364, [(122, "Denumirea produselor"), (700, "Cantitatea"), (900, "Pret unitar"), (1100, "Valoarea")]),
        (439, [(122, "Contactor LC1D18M7"), (700, "8"), (900, "142,50"), (1100, "1.140,00")]),
        (800, [(900, "Total fara TVA"), (1300, "1.140,00 lei")]),
        (850, [(900, "TVA 21%"), (1300, "239,40 lei")]),
        (900, [(900, "Total de plata"), (1300, "1.379,40 lei")]),
    ], size=21)
    assert fields["document_number"] == "EBD 004217"


@pytest.mark.parametrize(("top_right", "number"), [
    ("Q - 2 6 1 1 - 0 0 3 1 8", "Q-2611-00318"),  # under a barcode, letter-spaced, no caption
    ("Q-2611-00318", "Q-2611-00318"),
    ("26110318", None),  # figures alone: a customer's or a phone's as likely as the quote's
])
def test_a_number_alone_at_the_top_right_with_no_caption_is_the_documents(top_right, number):
    fields = _fields([
        (113, [(118, "##MARUEI")]),
        (187, [(118, "##お見積書"), (1300, top_right)]),
        (303, [(118, "株式会社ミヤマ精工 様"), (1000, "株式会社丸栄ベアリング商会")]),
        (393, [(1000, f"登録番号 {t_number('2120001084417'[1:])}")]),
        (399, [(135, "見積日 2026/11/05")]),
        (582, [(149, "品名"), (900, "数量"), (1100, "単価"), (1350, "金額")]),
        (643, [(149, "ボールねじ BNK1510"), (900, "2"), (1100, "48,500"), (1350, "97,000")]),
        (1099, [(1100, "小計"), (1350, "¥97,000")]),
        (1149, [(1100, "消費税(10%)"), (1350, "¥9,700")]),
        (1200, [(1100, "合計"), (1350, "¥106,700")]),
    ], size=21)
    assert fields["document_number"] == number


@pytest.mark.parametrize(("words", "read"), [
    ("〒900-0001 沖縄県那覇市港町2-8-14 TEL 098-862-4050", None),  # its block number is no date
    ("2026/10/31 〒900-0001 沖縄県那覇市港町2-8-14", "2026-10-31"),  # a date before an address stays
])
def test_an_address_under_a_dates_caption_gives_no_date_of_its_block_number(words, read):
    from ocr.extract.values import PARSERS

    tokens = document_of([page([(184, [(942, words)])])]).rows[0].tokens
    found = PARSERS["issue_date"](tokens)
    assert (found and found[0].isoformat()) == read


def test_a_caption_joining_series_and_number_in_words_is_no_series():
    """'Serie y Folio: A-2187' (Mexico): the 'y' is the caption's 'and', no series of the number."""
    fields = _factura_a((150, [(900, "Serie y Folio: A-2187")]))
    assert fields["document_number"] == "A-2187"


def test_fourteen_digits_after_another_caption_on_a_page_of_no_japanese_are_no_registration_number():
    # (a CAE's fourteen digits whose first, a 7, might be a 'T' misread, and whose check digit holds)
    fields = _factura_a((150, [(900, "Comp. Nro: 00001832")]))
    assert fields["registration_number"] is None


def test_a_caption_after_the_words_of_another_captions_value_is_read_with_the_value_after_it():
    # the colons lost, 'Condición de venta Cuenta Corriente' reads as a sentence's words before
    # 'Orden de compra'; the order number straight after the caption says it is one
    fields = _factura_a((150, [(900, "Comp. Nro: 00001832")]),
                        (200, [(100, "Período Facturado Desde 01/10/2026 Hasta 09/10/2026 "
                                     "Fecha de Vto. para el pago 08/11/2026")]),
                        (250, [(100, "Condición de venta Cuenta Corriente Orden de compra OC-26-0117")]))
    assert (fields["po_number"], fields["due_date"]) == ("OC-26-0117", "2026-11-08")


def test_a_standards_code_in_brackets_after_a_caption_is_no_value_of_it():
    # a digital invoice's viewer prints each caption with its term's code ('IBT-001') before the value
    fields = _fields([
        (100, [(100, "適格請求書 (デジタルインボイス)")]),
        (150, [(100, "請求書番号 (IBT-001) SR-2610-048")]),
        (200, [(100, "請求書発行日 (IBT-002) 2026-10-31")]),
        (250, [(100, "購買発注参照 (IBT-013) SMS-26-0412")]),
    ])
    assert (fields["document_number"], fields["po_number"]) == ("SR-2610-048", "SMS-26-0412")


def test_a_caption_with_its_other_language_in_brackets_after_a_sentences_words_takes_the_value_after_them():
    fields = _fields([
        (100, [(100, "HÓA ĐƠN GIÁ TRỊ GIA TĂNG (VAT INVOICE)")]),
        (150, [(100, "Ngày 20 tháng 10 năm 2026")]),
        (200, [(100, "Hình thức thanh toán (Payment method): TM/CK Số đơn đặt hàng (PO No.): 4500031215")]),
    ])
    assert (fields["po_number"], fields["issue_date"]) == ("4500031215", "2026-10-20")


def test_a_customers_tax_number_is_no_document_number():
    fields = _fields([
        (100, [(100, "MOLINERA DEL PACIFICO S.A.C."), (1000, "R.U.C. 20548812376")]),
        (150, [(1000, "FACTURA ELECTRÓNICA")]),
        (200, [(100, "Telf. (01) 451-7788"), (1000, "F001-00004521")]),
        (300, [(100, "Fecha de Emisión : 15/10/2026")]),
        (350, [(100, "Señor(es) : TOKAI BAKERY PERU S.A.C."), (900, "RUC : 20607718342")]),
    ])
    assert fields["document_number"] == "F001-00004521"


def test_a_web_shops_order_number_beside_the_buyers_own_numbers_the_document():
    # a print shop's invoice downloaded from its web account page: the shop's order number under
    # a caption that names no one's order, the buyer's order number under its own caption
    fields = _fields([
        (150, [(157, "請求書")]),
        (300, [(157, "株式会社しらかば電子 様"), (1200, "発行日：2026年10月14日")]),
        (340, [(157, "お客様ID：PP-0038712"), (1200, "注文番号：PP2610-884213")]),
        (375, [(1200, "お客様管理番号：4500031207")]),
        (460, [(170, "商品"), (900, "数量"), (1100, "単価"), (1300, "金額")]),
        (525, [(170, "会社案内パンフレット"), (900, "1"), (1100, "84,800"), (1300, "84,800")]),
        (900, [(1100, "小計"), (1300, "84,800円")]),
        (940, [(1100, "消費税 10%"), (1300, "8,480円")]),
        (980, [(1100, "合計"), (1300, "93,280円")]),
    ])
    assert (fields["document_number"], fields["po_number"]) == ("PP2610-884213", "4500031207")


def test_a_slip_number_column_of_the_lines_is_no_document_number():
    # a statement of the month's delivery slips: each line's slip number under '伝票No.', the
    # statement's own number small at the top right, each line's name and code on rows of their own
    fields = _fields([
        (125, [(1340, "No. GS26-10-0577")]),
        (160, [(1290, "発行日 2026年10月24日")]),
        (290, [(640, "御請求書")]),
        (400, [(134, "株式会社ひだまりキッズ 御中")]),
        (700, [(183, "伝票日付"), (355, "伝票No."), (659, "品名"), (1040, "数量"), (1161, "単価"), (1306, "金額")]),
        (765, [(484, "絵本「ぐりとぐら」")]),
        (778, [(194, "10/08"), (360, "33015"), (1089, "6"), (1180, "1,100"), (1334, "6,600")]),
        (796, [(484, "9784834000825")]),
        (856, [(484, "保育の計画と評価")]),
        (868, [(194, "10/11"), (360, "33016"), (1089, "12"), (1180, "2,420"), (1334, "29,040")]),
        (886, [(484, "9784805887691")]),
        (948, [(484, "コピー用紙 A4")]),
        (960, [(194, "10/14"), (360, "33017"), (1089, "8"), (1180, "2,380"), (1334, "19,040")]),
        (978, [(484, "CP-A4")]),
        (1335, [(1160, "小計"), (1260, "54,680")]),
        (1393, [(1160, "消費税"), (1260, "5,468")]),
        (1452, [(1160, "合計"), (1260, "60,148")]),
    ])
    assert fields["document_number"] == "GS26-10-0577"


@pytest.mark.parametrize(("printed", "number"), [
    ([(300, "FV"), (360, "2026"), (442, "10"), (502, "0457")], "FV 2026 10 0457"),  # groups evenly spaced
    ([(300, "20"), (360, "10"), (420, "2026")], "2026"),  # a date's parts, no number of three groups
])
def test_a_number_printed_in_groups_set_evenly_apart_is_read_whole(printed, number):
    fields = _fields([
        (114, [(118, "##Faktura VAT")]),
        (171, [(118, "Numer"), (183, "faktury:"), *printed]),
        (524, [(120, "Data wystawienia: 20.10.2026")]),
        (724, [(141, "Lp."), (200, "Nazwa towaru"), (700, "Ilość"), (900, "Cena"), (1100, "Wartość")]),
        (770, [(149, "1"), (200, "Talerz płytki"), (700, "120"), (900, "24,90"), (1100, "2 988,00")]),
    ], size=23)
    assert fields["document_number"] == number


def test_the_code_on_the_totals_caption_is_the_money_whatever_the_tax_code_column_seems_to_print():
    # A fax of a trade counter's invoice: each line's tax code 'S' read as 'S$' after its amount,
    # the total's caption naming pounds.
    fields = _fields([
        (123, [(112, "Unit 7, Kirkstall Industrial Park, Leeds LS5 3BT"), (1300, "INV/344871")]),
        (430, [(125, "Code"), (300, "Description"), (900, "Qty"), (1040, "Price"), (1200, "Net"), (1330, "VAT")]),
        (483, [(125, "CU22-3"), (300, "Copper tube 22mm x 3m"), (900, "12"), (1040, "24.80"), (1200, "297.60"),
               (1330, "S$")]),
        (536, [(125, "EF15-E"), (300, "End feed elbow 15mm"), (900, "6"), (1040, "6.40"), (1200, "38.40"),
               (1330, "S$")]),
        (591, [(125, "EF22-E"), (300, "End feed elbow 22mm"), (900, "4"), (1040, "12.90"), (1200, "51.60"),
               (1330, "S$")]),
        (700, [(820, "GOODS"), (1200, "387.60")]),
        (733, [(820, "VAT @ 20%"), (1200, "77.52")]),
        (762, [(820, "INVOICE TOTAL GBP"), (1200, "465.12")]),
    ])
    assert fields["currency"] == "GBP"


def test_a_money_code_run_into_the_totals_caption_is_the_money():
    fields = _fields([
        (229, [(144, "Fakturanummer"), (325, "710284")]),
        (264, [(144, "Fakturadatum"), (325, "2026-10-31")]),
        (616, [(153, "Art.nr"), (370, "Benämning"), (947, "Antal"), (1134, "A-pris"), (1323, "Belopp")]),
        (669, [(154, "HYR-K8"), (370, "Hyra komprimator 8 m3"), (1055, "1"), (1220, "1.850,00"), (1330, "1.850,00")]),
        (723, [(154, "TOM-01"), (370, "Tömning och transport"), (1078, "4"), (1220, "150,00"), (1350, "600,00")]),
        (951, [(1194, "Netto"), (1330, "2 450,00")]),
        (997, [(1194, "Moms 25 %"), (1350, "612,50")]),
        (1035, [(1193, "AttbetalaSEK"), (1330, "3 062,50")]),
    ])
    assert fields["currency"] == "SEK"


@pytest.mark.parametrize(("total", "currency", "named"), [
    ("EUR 1.250,00", "EUR", True),  # its code written out: where the money is named
    ("€ 1.250,00", "EUR", False),  # a sign, which OCR may have made of another: named nowhere
])
def test_a_money_named_by_its_code_has_its_place_and_one_marked_by_signs_none(total, currency, named):
    invoice = extract_fields([page([
        (229, [(144, "Rechnungsnummer"), (500, "RE-2026-0311")]),
        (616, [(153, "Artikel"), (947, "Menge"), (1134, "Preis"), (1323, "Betrag")]),
        (669, [(154, "Heizöl EL"), (1055, "1"), (1150, "1.050,42"), (1323, "1.050,42")]),
        (951, [(1000, "Netto"), (1323, "1.050,42")]),
        (997, [(1000, "MwSt. 19 %"), (1323, "199,58")]),
        (1035, [(1000, "Gesamt"), (1280, total)]),
    ])])
    assert invoice.currency == currency
    assert ("currency" in invoice.meta) == named


def test_a_quote_cited_in_brackets_in_a_remark_names_neither_the_number_nor_the_kind():
    # an Italian e-invoice's courtesy copy: its number under 'Numero documento' in a grid of
    # captions, the quote it follows cited in the remark under the totals
    fields = _fields([
        (325, [(246, "Tipo documento"), (500, "Numero documento"), (750, "Data"), (900, "Codice fiscale cliente")]),
        (372, [(130, "TD01 Fattura"), (500, "457/A"), (750, "24/10/2026")]),
        (450, [(142, "#"), (200, "Descrizione"), (800, "Q.tà"), (1000, "Prezzo unitario"), (1380, "Prezzo totale")]),
        (503, [(132, "1"), (200, "Cena di gala"), (800, "46"), (1000, "65,00"), (1444, "2.990,00")]),
        (660, [(132, "2"), (200, "Affitto sala"), (800, "1"), (1000, "450,00"), (1460, "450,00")]),
        (1042, [(558, "Importo totale imponibile"), (1440, "3.440,00")]),
        (1090, [(557, "Totale documento (EUR)"), (1445, "3.947,00")]),
        (1270, [(119, "Cena aziendale del 22/10/2026 — 46 coperti effettivi"),
                (650, "(preventivo n. 118/2026 per 40 persone).")]),
    ])
    assert (fields["doc_type"], fields["document_number"]) == ("invoice", "457/A")



def test_an_order_number_in_a_grid_of_cells_parted_by_bars_is_read_beside_its_caption():
    # a photo of a Basque invoice: the order number in a row of cells parted by bars OCR read
    # unsurely, a postal code on the address line over the caption
    sheet = page([
        (440, [(109, "48370 Bermeo (Bizkaia), España"), (798, "Fujisawa, Kanagawa 251-0035")]),
        (508, [(107, "|"), (130, "Su pedido"), (230, "|"), (251, "PO-2026-03112"), (400, "|"), (420, "Albarán"),
               (520, "|"), (540, "ALB-26-0977"), (690, "|"), (710, "Vencimiento"), (860, "|"), (880, "14/11/2026"),
               (1010, "|")]),
        (642, [(121, "BN-250"), (220, "Bonito del Norte 250 g"), (900, "240"), (1000, "6,85"), (1100, "1.644,00")]),
        (1264, [(802, "TOTAL FACTURA €"), (1100, "1.808,40")]),
    ], size=22)
    sheet.words = [replace(w, confidence=79.0) if w.text == "|" else w for w in sheet.words]
    assert extract_fields([sheet]).fields["po_number"] == "PO-2026-03112"


def test_an_order_number_whose_dashes_the_first_page_lost_is_read_whole_from_the_second():
    def sheet(number: int, order: list) -> Page:
        return page([
            (120, [(600, "##御請求書")]),
            (294, [(123, "発注No."), *order, (700, "納品場所 : 鳥見倉庫")]),
            (600, [(170, "品名"), (900, "数量"), (1100, "単価"), (1300, "金額")]),
            (660, [(170, "クラフト封筒 角2"), (900, "10"), (1100, "1,200"), (1300, "12,000")]),
        ], number=number, size=22)

    fields = extract_fields([sheet(1, [(250, "ELG"), (330, "26"), (390, "0417")]),
                             sheet(2, [(250, "ELG-26-0417")])]).fields
    assert fields["po_number"] == "ELG-26-0417"


def test_an_order_number_its_box_wrapped_after_the_dash_is_read_whole():
    rows = [
        (120, [(100, "御 請 求 書")]),
        (347, [(1237, "請求日 2026/10/31")]),
        (406, [(1380, "P2610-")]),
        (420, [(1237, "ご注文番号")]),
        (437, [(1380, "0171")]),  # the box wrapped the number after its dash: its end is under it
        (600, [(100, "品名"), (900, "数量"), (1050, "単価"), (1350, "金額")]),
        (660, [(100, "圧縮ばね SWP-A"), (920, "100"), (1050, "180"), (1350, "18,000")]),
    ]
    assert _fields(rows)["po_number"] == "P2610-0171"
