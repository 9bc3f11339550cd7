"""Extraction on layouts and wording unlike the development corpus, and on OCR damage it must survive."""

from dataclasses import replace

import pytest

from ocr.extract import extract_fields, tnumber
from ocr.extract.tnumber import readings, solve_digit
from ocr.model import Page, Word
from ocr.registration import is_valid
from tests.ocr.builders import page, t_number

SELLER_T = t_number("420135798642")


def lines_of(fields: dict) -> list[tuple]:
    return [(ln["description"], ln["quantity"], ln["unit_price"], ln["amount"]) for ln in fields["lines"]]


def captions_below_values() -> list[Page]:
    """Values in a band with their captions under them; an item-code column; Qty after Unit price."""
    return [
        page(
            [
                (60, [(100, "##Harbourside Tooling Ltd."), (1250, "##INVOICE")]),
                (130, [(100, "9 Quay Street, Kobe")]),
                (160, [(100, f"Qualified invoice issuer no. {SELLER_T}")]),
                (300, [(100, "HT-88120"), (450, "2026.10.02"), (800, "2026.11.30"), (1150, "ORD-55-0192")]),
                (335, [(100, "Reference"), (450, "Date"), (800, "Payment due"), (1150, "Your order no.")]),
                (450, [(100, "Invoice to")]),
                (480, [(100, "Kanagawa Precision Foods Co., Ltd.")]),
                (600, [(100, "Item code"), (300, "Description"), (950, "Unit price"), (1150, "Qty"), (1300, "Amount")]),
                (650, [(100, "HT-SGN"), (300, "Aluminium floor sign"), (970, "14,300"), (1160, "2"), (1310, "28,600")]),
                (700, [(100, "HT-A3L"), (300, "Laminated poster A3"), (980, "1,650"), (1160, "8"), (1310, "13,200")]),
                (800, [(1000, "Subtotal"), (1300, "¥41,800")]),
                (840, [(1000, "Consumption tax 10%"), (1300, "¥4,180")]),
                (880, [(1000, "Amount due"), (1300, "¥45,980")]),
            ]
        )
    ]


def test_captions_below_values_give_the_header_fields():
    f = extract_fields(captions_below_values()).fields
    assert f["document_number"] == "HT-88120"
    assert (f["issue_date"], f["due_date"]) == ("2026-10-02", "2026-11-30")
    assert f["po_number"] == "ORD-55-0192"
    assert f["registration_number"] == SELLER_T
    assert f["supplier_name"] == "Harbourside Tooling Ltd."


def test_a_caption_misread_past_recognition_does_not_hide_the_value_over_its_neighbour():
    sheet = captions_below_values()[0]
    sheet.words[:] = [Word("Dale", w.left, w.top, w.width, w.height, 40.0, w.line) if w.text == "Date" else w
                      for w in sheet.words]
    f = extract_fields([sheet]).fields
    assert f["document_number"] == "HT-88120"
    assert (f["due_date"], f["po_number"]) == ("2026-11-30", "ORD-55-0192")


def test_item_code_column_and_quantity_after_unit_price():
    f = extract_fields(captions_below_values()).fields
    assert lines_of(f) == [
        ("Aluminium floor sign", "2", "14300", "28600"),
        ("Laminated poster A3", "8", "1650", "13200"),
    ]
    assert (f["subtotal"], f["tax_total"], f["total"]) == ("41800", "4180", "45980")


def test_headerless_table_tells_quantity_from_price_and_drops_item_codes():
    """The header row is unreadable (a dark band): rows whose numbers multiply out are the items."""
    pages = captions_below_values()
    pages[0].words = [w for w in pages[0].words if w.top != 600]
    f = extract_fields(pages).fields
    assert lines_of(f) == [
        ("Aluminium floor sign", "2", "14300", "28600"),
        ("Laminated poster A3", "8", "1650", "13200"),
    ]


def test_headerless_row_with_an_unreadable_quantity_is_kept_by_its_columns():
    pages = captions_below_values()
    pages[0].words = [w for w in pages[0].words if w.top != 600]
    pages[0].words = [
        Word("a", w.left, w.top, w.width, w.height, 30.0, w.line) if (w.text, w.top) == ("8", 700) else w
        for w in pages[0].words
    ]
    rows = [
        (750, [(100, "HT-FLY"), (300, "Product flyer A4"), (970, "18,500"), (1160, "%"), (1310, "74,000")]),
        (800, [(1000, "Subtotal"), (1300, "¥115,800")]),
    ]
    extra = page(rows).words
    pages[0].words = [w for w in pages[0].words if w.top < 800] + extra
    lines = lines_of(extract_fields(pages).fields)
    assert ("Laminated poster A3", "8", "1650", "13200") in lines
    assert ("Product flyer A4", "4", "18500", "74000") in lines


def test_headerless_rows_damaged_to_the_table_end_are_kept_when_the_totals_stand_above():
    """Totals printed over the table (no caption under it to stop at), its header lost and
    every row after the first two with its quantity misread: each damaged row taken lets the
    next be looked for too, down to the table's last row."""
    rows = [
        (60, [(100, "##Harbourside Tooling Ltd."), (1250, "##INVOICE")]),
        (200, [(1000, "Subtotal"), (1300, "¥52,000")]),
        (240, [(1000, "Consumption tax 10%"), (1300, "¥5,200")]),
        (280, [(1000, "Amount due"), (1300, "¥57,200")]),
        (650, [(300, "Aluminium floor sign"), (960, "2"), (1100, "4,000"), (1310, "8,000")]),
        (700, [(300, "Laminated poster A3"), (960, "3"), (1100, "2,000"), (1310, "6,000")]),
    ]
    damaged = ["Product flyer A4", "Banner stand", "Desk calendar", "Wall clock", "Door plate", "Name badge"]
    for k, name in enumerate(damaged):
        rows.append((750 + 50 * k, [(300, name), (960, "28"), (1100, "3,000"), (1310, "6,000")]))
    rows[-1] = (1000, [(300, "Name badge"), (960, "48"), (1100, "1,000"), (1310, "8,000")])
    lines = lines_of(extract_fields([page(rows)]).fields)
    assert len(lines) == 8
    assert lines[-1] == ("Name badge", "8", "1000", "8000")


def test_headerless_row_with_a_speck_after_its_amount_and_a_stray_minus_before_it_is_a_line():
    """A fax's row: a rule's dash before its amount read as a minus, a speck after it read as
    '2' beside the amount's column. The figure that ends where the column does is the amount;
    the subtotal says the minus was no discount's."""
    rows = [
        (60, [(100, "##Harbourside Tooling Ltd."), (1250, "##INVOICE")]),
        (200, [(1000, "Subtotal"), (1300, "¥21,360")]),
        (240, [(1000, "Consumption tax 10%"), (1300, "¥2,136")]),
        (280, [(1000, "Amount due"), (1300, "¥23,496")]),
        (650, [(300, "Aluminium floor sign"), (960, "2"), (1100, "4,000"), (1310, "8,000")]),
        (700, [(300, "Laminated poster A3"), (960, "3"), (1100, "2,000"), (1310, "6,000")]),
        (750, [(300, "Desk calendar"), (960, "8"), (1120, "920"), (1290, "-¥7,360"), (1390, "2")]),
    ]
    lines = lines_of(extract_fields([page(rows)]).fields)
    assert lines[-1] == ("Desk calendar", "8", "920", "7360")


def test_headerless_first_row_over_a_sidebars_rows_whose_count_ocr_misread_is_kept():
    """A sidebar of captions over values beside a table whose header OCR lost: its rows stand
    between the table's, so the first line sits two rows over the first whose figures multiply
    out, and its count '3枚' was read '378'. Its price and amount in their columns give 3. A
    caption of the sidebar on a line's row is no part of the line's description."""
    rows = [
        (60, [(100, "##株式会社テスト事務機"), (1250, "##請求書")]),
        (579, [(150, "お支払期限")]),
        (600, [(590, "コピー用紙A3"), (900, "3,800"), (1010, "378"), (1100, "10%"), (1400, "11,400")]),
        (628, [(150, "2026年11月30日")]),
        (662, [(150, "御社発注No."), (590, "トナーカートリッジ"), (900, "11,500"), (1010, "2"), (1100, "10%"),
               (1400, "23,000")]),
        (729, [(590, "コピー用紙A4"), (900, "3,300"), (1010, "5"), (1100, "10%"), (1400, "16,500")]),
        (814, [(1000, "小計"), (1400, "¥50,900")]),
    ]
    lines = lines_of(extract_fields([page(rows)]).fields)
    assert ("コピー用紙A3", "3", "3800", "11400") in lines
    assert ("トナーカートリッジ", "2", "11500", "23000") in lines  # the sidebar's caption beside it no part of it
    assert len(lines) == 3


def test_a_continued_tables_first_row_over_a_sidebars_rows_is_kept_on_a_later_page():
    """The same on the page a table goes on to without its header, after the first page's table
    ended: the later page is read apart from the first, its rows still numbered with the whole
    document's."""
    first = page([
        (60, [(100, "##株式会社テスト事務機"), (1250, "##請求書")]),
        (500, [(590, "品名"), (900, "単価"), (1010, "数量"), (1400, "金額")]),
        *[(560 + 50 * k, [(590, f"商品{k}"), (900, "1,000"), (1010, "2"), (1400, "2,000")]) for k in range(8)],
        (1000, [(1000, "小計"), (1400, "¥16,000")]),
    ])
    later = page([
        (579, [(150, "お支払期限")]),
        (600, [(590, "コピー用紙A3"), (900, "3,800"), (1010, "378"), (1100, "10%"), (1400, "11,400")]),
        (628, [(150, "2026年11月30日")]),
        (662, [(590, "トナーカートリッジ"), (900, "11,500"), (1010, "2"), (1100, "10%"), (1400, "23,000")]),
        (729, [(590, "コピー用紙A4"), (900, "3,300"), (1010, "5"), (1100, "10%"), (1400, "16,500")]),
    ], number=2)
    lines = lines_of(extract_fields([first, later]).fields)
    assert ("コピー用紙A3", "3", "3800", "11400") in lines


def test_headerless_discount_row_that_lost_its_price_minus_is_a_discount():
    pages = captions_below_values()
    pages[0].words = [w for w in pages[0].words if w.top != 600 and w.top < 800]
    rows = [
        (750, [(300, "Rounding discount"), (1160, "1"), (980, "1,800"), (1310, "▲1,800")]),
        (800, [(1000, "Subtotal"), (1300, "¥40,000")]),
    ]
    pages[0].words += page(rows).words
    lines = lines_of(extract_fields(pages).fields)
    assert lines[-1] == ("Rounding discount", "1", "-1800", "-1800")


def test_headerless_discount_whose_marks_were_read_as_letters_is_a_discount():
    """'▲600' read 'A600' in both the price and the amount column of a table whose header OCR
    lost: a discount, as in a table read under its captions; a paper's size ('A4') in a
    description stays a word."""
    pages = captions_below_values()
    pages[0].words = [w for w in pages[0].words if w.top != 600 and w.top < 800]
    rows = [
        (750, [(300, "Volume discount A4"), (1160, "1"), (980, "A600"), (1310, "A600")]),
        (800, [(1000, "Subtotal"), (1300, "¥41,200")]),
    ]
    pages[0].words += page(rows).words
    lines = lines_of(extract_fields(pages).fields)
    assert lines[-1] == ("Volume discount A4", "1", "-600", "-600")


def test_headerless_discount_whose_mark_was_read_as_a_digit_is_a_discount():
    """'▲14,400' read '414.400' in the amount column: its first digit was the mark, and the
    subtotal gives the minus."""
    pages = captions_below_values()
    pages[0].words = [w for w in pages[0].words if w.top != 600 and w.top < 800]
    rows = [
        (750, [(300, "Volume discount"), (1160, "1"), (980, "14,400"), (1310, "414.400")]),
        (800, [(1000, "Subtotal"), (1300, "¥27,400")]),
        (840, [(1000, "Consumption tax 10%"), (1300, "¥2,740")]),
        (880, [(1000, "Amount due"), (1300, "¥30,140")]),
    ]
    pages[0].words += page(rows).words
    lines = lines_of(extract_fields(pages).fields)
    assert lines[-1] == ("Volume discount", "1", "-14400", "-14400")


def one_token_labels_two_column_header() -> list[Page]:
    """Labels glued to their values ('No:12345'), seller block on the left, document block on the right."""
    return [
        page(
            [
                (60, [(100, "##Cedar Lane Office Supply Inc."), (1100, "##Invoice")]),
                (140, [(100, "Seller: Cedar Lane Office Supply Inc."), (1000, "No:77-4410")]),
                (180, [(100, "400 Pine Ave, Portland OR 97201"), (1000, "Date:09/28/2026")]),
                (220, [(100, "Tel 503-555-0100"), (1000, "Due:10/28/2026")]),
                (260, [(100, "Bill to: Kanagawa Precision Foods"), (1000, "PO#:PO88-0012")]),
                (400, [(100, "Description"), (900, "Qty"), (1100, "Unit Price"), (1350, "Amount")]),
                (450, [(100, "Desk lamp, LED"), (910, "3"), (1100, "$24.99"), (1350, "$74.97")]),
                (500, [(100, "Cable ties (100)"), (910, "10"), (1110, "$3.50"), (1350, "$35.00")]),
                (600, [(1000, "Subtotal"), (1350, "$109.97")]),
                (640, [(1000, "Sales tax 8%"), (1350, "$8.80")]),
                (680, [(1000, "Total USD"), (1350, "$118.77")]),
            ]
        )
    ]


def test_labels_glued_to_values_in_a_two_column_header():
    f = extract_fields(one_token_labels_two_column_header()).fields
    assert f["document_number"] == "77-4410"
    assert (f["issue_date"], f["due_date"]) == ("2026-09-28", "2026-10-28")
    assert f["po_number"] == "PO88-0012"
    assert f["currency"] == "USD"


def test_usd_amounts_with_cents():
    f = extract_fields(one_token_labels_two_column_header()).fields
    assert lines_of(f) == [("Desk lamp, LED", "3", "24.99", "74.97"), ("Cable ties (100)", "10", "3.50", "35.00")]
    assert (f["subtotal"], f["tax_total"], f["total"]) == ("109.97", "8.80", "118.77")


def japanese_grid_invoice(*, garbled: bool = False) -> list[Page]:
    """A bordered Japanese invoice: document block in a box, compound column captions, totals boxed on the left.

    garbled: the captions of the document block are unreadable, as on a fax.
    """
    caps = ("RHEE", "RA", "MRA", "RBS") if garbled else ("伝票番号", "発行日", "お支払期日", "貴社注文番号")
    return [
        page(
            [
                (80, [(100, "##丸山工業株式会社"), (980, caps[0]), (1300, "M-2609-0243")]),
                (130, [(100, "〒231-0002 神奈川県横浜市中区海岸通5-25"), (980, caps[1]), (1320, "2026.09.19")]),
                (170, [(100, "TEL 045-555-0877"), (980, caps[2]), (1320, "2026.10.31")]),
                (210, [(100, f"登録番号：{SELLER_T}"), (980, caps[3]), (1270, "PO-2026-02625")]),
                (320, [(650, "##請求書")]),
                (420, [(100, "神奈川精密フーズ株式会社 経理部 御中")]),
                (520, [(260, "税抜金額"), (720, "消費税額"), (1140, "ご請求金額")]),
                (570, [(400, "35,000円"), (880, "3,080円"), (1300, "38,080円")]),
                (
                    700,
                    [
                        (100, "No."),
                        (180, "品番"),
                        (560, "品名・摘要"),
                        (990, "単価"),
                        (1130, "数量"),
                        (1240, "税率"),
                        (1400, "金額"),
                    ],
                ),
                (
                    760,
                    [
                        (105, "1"),
                        (170, "MK-4020"),
                        (330, "点検作業費（1時間）"),
                        (1000, "8,800"),
                        (1150, "2"),
                        (1240, "10%"),
                        (1410, "17,600"),
                    ],
                ),
                (
                    820,
                    [
                        (105, "2"),
                        (170, "MK-3001"),
                        (330, "食品用グリース 400g"),
                        (1000, "2,900"),
                        (1150, "6"),
                        (1250, "8%"),
                        (1410, "17,400"),
                    ],
                ),
                (960, [(100, "小計"), (400, "35,000円")]),
                (1000, [(100, "10%対象（税抜）"), (400, "17,600円")]),
                (1040, [(100, "消費税（10%）"), (400, "1,760円")]),
                (1080, [(100, "8%対象（税抜）"), (400, "17,400円")]),
                (1120, [(100, "消費税（8%）"), (400, "1,392円")]),
                (1160, [(100, "合計（税込）"), (400, "38,152円")]),
            ]
        )
    ]


def test_japanese_grid_with_compound_captions_and_code_column():
    f = extract_fields(japanese_grid_invoice()).fields
    assert lines_of(f) == [
        ("点検作業費(1時間)", "2", "8800", "17600"),
        ("食品用グリース 400g", "6", "2900", "17400"),
    ]
    assert [ln["tax_rate"] for ln in f["lines"]] == ["10", "8"]


def test_boxed_totals_with_per_rate_taxable_lines():
    f = extract_fields(japanese_grid_invoice()).fields
    assert f["subtotal"] == "35000"
    assert sorted(f["tax_breakdown"], key=lambda b: b["rate"]) == [
        {"rate": "10", "taxable": "17600", "tax": "1760"},
        {"rate": "8", "taxable": "17400", "tax": "1392"},
    ]
    assert (f["tax_total"], f["total"]) == ("3152", "38152")


def test_japanese_grid_header_fields():
    f = extract_fields(japanese_grid_invoice()).fields
    assert (f["document_number"], f["po_number"]) == ("M-2609-0243", "PO-2026-02625")
    assert (f["issue_date"], f["due_date"]) == ("2026-09-19", "2026-10-31")
    assert f["supplier_name"] == "丸山工業株式会社"


def test_unreadable_captions_leave_the_values_to_their_shapes():
    f = extract_fields(japanese_grid_invoice(garbled=True)).fields
    assert f["document_number"] == "M-2609-0243"
    assert f["po_number"] == "PO-2026-02625"
    assert (f["issue_date"], f["due_date"]) == ("2026-09-19", "2026-10-31")


@pytest.mark.parametrize(
    ("caption", "value"),
    [("請求書番弓", "A-1001"), ("請求書審号", "A-1001"), ("講求書番号", "A-1001"), ("請求書番", "A-1001")],
)
def test_japanese_labels_with_misread_kanji(caption, value):
    pages = [page([(100, [(900, caption), (1200, value)]), (140, [(900, "請求曰"), (1200, "2026年10月1日")])])]
    f = extract_fields(pages).fields
    assert f["document_number"] == value
    assert f["issue_date"] == "2026-10-01"


def test_summary_boxes_without_captions_still_give_the_totals():
    pages = japanese_grid_invoice()
    keep = {520, 960, 1000, 1040, 1080, 1120, 1160}
    pages[0].words = [w for w in pages[0].words if w.top not in keep]
    f = extract_fields(pages).fields
    assert (f["subtotal"], f["tax_total"], f["total"]) == ("35000", "3080", "38080")


def test_reiwa_with_a_misread_era():
    pages = [page([(100, [(900, "発行日"), (1200, "信和8年9月19日")])])]
    assert extract_fields(pages).fields["issue_date"] == "2026-09-19"


# --- registration numbers -------------------------------------------------------------


def test_single_unknown_digit_is_solved_when_one_value_fits():
    body = SELLER_T[1:]
    for i in range(1, 13):
        digits: list[str | None] = list(body)
        true = digits[i]
        digits[i] = None
        fits = solve_digit(digits)
        assert true in fits
        # Only 0 and 9 weigh the same under the check digit.
        assert len(fits) == 1 or set(fits) == {"0", "9"}


def _broken(number: str, at: int, mark: str) -> str:
    return number[: at + 1] + mark + number[at + 2 :]


@pytest.mark.parametrize("mark", ["¢", "#", "?"])
def test_t_number_with_one_unreadable_digit(mark):
    body = t_number("610980274085")  # the digit replaced below is a 4: one value fits
    text = "登録番号 " + _broken(body, 9, mark)
    found = readings(text)
    assert [r.number for r in found] == [body]
    assert found[0].repaired


@pytest.mark.parametrize(("letter", "digit"), [("O", "0"), ("S", "5"), ("l", "1"), ("B", "8")])
def test_a_letter_read_for_a_digit_is_that_digit_though_the_check_digit_fails(letter, digit):
    # Printed wrong (a check digit the matching rules report), not misread: the check digit
    # must not turn the letter into another digit.
    printed = "T" + digit + "283781938005"
    assert not is_valid(printed)  # (the valid number's check digit is a 6)
    found = readings("登録番号 " + _broken(printed, 0, letter))
    assert [r.number for r in found] == [printed]


@pytest.mark.parametrize(("read", "printed"), [
    ("Ts3330260262954", "T3330260262954"),  # a stray letter after the T, in lower case
    ("TS3330260262954", "T3330260262954"),
    ("Te946410216396", "T6946410216396"),  # its first digit, a 6, read as an e
])
def test_a_t_number_with_a_letter_after_its_t(read, printed):
    assert [r.number for r in readings("登録番号 " + read)] == [printed]


@pytest.mark.parametrize("mark", ["/", "'", "A"])
def test_a_stray_mark_among_a_t_numbers_digits_is_read_through(mark):
    """A mark OCR put beside the digits, not for one of them ('T8.357/358782166'): without it,
    thirteen digits the check digit confirms; the digits a mark stood for are still read as one."""
    number = t_number("357358782166")
    found = readings(f"M2703-1197 {number[:5]}{mark}{number[5:]} 高橋")
    assert [r.number for r in found] == [number]
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert readings(f"{wrong[:5]}{mark}{wrong[5:]}") == []  # the check digit fails: no number


@pytest.mark.parametrize(("read", "found"), [
    ("istN{}", True),  # its T garbled into the caption's last letters
    ("istN{}7", False),  # fourteen digits: no T-number
])
def test_thirteen_digits_the_check_digit_confirms_right_of_a_registration_caption(read, found):
    number = t_number("308471937946")
    sheet = page([(100, [(100, "Invoice")]),
                  (500, [(168, "登録番号 Qualified invoice"), (371, read.format(number[1:]))])])
    sheet.words = [replace(w, confidence=0.0) if w.text.startswith("istN") else w for w in sheet.words]
    assert extract_fields([sheet]).fields["registration_number"] == (number if found else None)


@pytest.mark.parametrize("row", ["T1 20.00% 222.00 44.40", "T1 20.00% 1,222.00 244.40"])
def test_a_vat_code_and_its_analysis_are_no_t_number(row):
    """A UK invoice's VAT analysis ('T1' the standard-rate code, then rate, net and VAT): whatever
    thirteen digits they make, figures set as money are no registration number."""
    assert readings(row) == []


def test_t_number_split_by_a_stamp():
    number = t_number("445928504120")
    text = f"登録番号{number[:11]} ({number[12:]}"  # the stamp hides one digit and adds a bracket
    found = readings(text)
    assert [r.number for r in found] == [number]


def test_t_read_as_seven_is_recognised_by_its_check_digit():
    number = t_number("213763162966")
    assert [r.number for r in readings("7" + number[1:])] == [number]
    wrong = "7" + number[1:-1] + str((int(number[-1]) + 1) % 10)
    # Alone on its row, a wrong check digit is the number as printed; among figures, an item's GTIN-14.
    assert [r.number for r in readings(f"登録 {wrong}")] == ["T" + wrong[1:]]
    assert readings(f"{wrong} 2 1,200 2,400") == []


def test_a_stray_letter_after_the_t_is_passed_over_when_the_digits_check_out():
    number = t_number("324701672373")
    assert [r.number for r in readings("登録番号 TS" + number[1:])] == [number]
    assert readings("TS" + number[1:-1] + str((int(number[-1]) + 1) % 10)) == []


def test_a_seven_near_the_end_read_as_a_slash_is_settled_when_only_it_fits():
    number = t_number("001432885571")
    assert number[-2] == "7"
    assert [r.number for r in readings(number[:-2] + "/" + number[-1])] == [number]
    # A look-alike the check digit cannot single out (0 and 9 weigh alike) is no reading.
    zero = t_number("089585239906")
    assert zero[-2] == "0"
    assert readings(zero[:-2] + ")" + zero[-1]) == []


@pytest.mark.parametrize(("caption", "found"), [
    ("ス登録秋号invoice registration", True),  # the caption garbled but for a word of it
    ("Customer no.", False),  # thirteen digits under another caption are no T-number
])
def test_thirteen_digits_under_a_garbled_registration_caption(caption, found):
    number = t_number("105362419789")
    rows = [
        (384, [(125, "伝票No. Invoice#"), (299, "作成日 Billing date"), (825, caption)]),
        (432, [(148, "2609-0076"), (318, "2026-09-22"), (818, number[1:])]),
    ]
    assert extract_fields([page(rows)]).fields["registration_number"] == (number if found else None)


@pytest.mark.parametrize(("garble", "found"), [
    (20.0, True),  # its caption garbled past any word of it ('登録番号' read 'GS')
    (95.0, False),  # a caption read cleanly that names no T-number: a number of something else
])
def test_thirteen_digits_in_a_row_of_values_under_a_garbled_caption_in_a_row_of_captions(garble, found):
    number = t_number("724853187532")
    rows = [
        (426, [(187, "ご請求番号"), (667, "SE"), (880, "御社注文番号"), (1140, "GS")]),
        (483, [(174, "2610-0608"), (375, "2026年10月26日"), (848, "PO-2026-02023"), (1072, number[1:])]),
    ]
    sheet = page(rows)
    sheet.words = [replace(w, confidence=garble) if w.text in ("SE", "GS") else w for w in sheet.words]
    assert extract_fields([sheet]).fields["registration_number"] == (number if found else None)


def test_a_t_number_under_a_registration_caption_set_on_two_lines():
    # The caption's English half runs onto a second line; the number under that, its T lost.
    number = t_number("149615120955")
    rows = [
        (286, [(127, "インボイス登録番号 Qualified")]),
        (319, [(124, "invoice issuer no.")]),
        (351, [(123, number[1:])]),
        (426, [(123, "請求番号 Bill No."), (325, "0000410")]),
    ]
    sheet = page(rows)
    sheet.words = [replace(w, confidence=5.0) if w.text == number[1:] else w for w in sheet.words]
    assert extract_fields([sheet]).fields["registration_number"] == number


@pytest.mark.parametrize(("garble", "found"), [
    (25.0, True),  # its caption garbled past any word of it ('登録番号' read 'MAAR THRE RES')
    (95.0, False),  # a caption read cleanly that names no T-number: a number of something else
])
def test_thirteen_digits_under_a_garbled_caption_in_a_column_of_captions_over_values(garble, found):
    number = t_number("432955107534")
    rows = [
        (277, [(145, "MAAR THRE RES")]),
        (311, [(144, number[1:])]),
        (386, [(146, "伝票ナンバー")]),
        (419, [(145, "2611-0375")]),
        (531, [(151, "支払期日")]),
        (563, [(145, "2026-12-25")]),
    ]
    sheet = page(rows)
    sheet.words = [replace(w, confidence=garble) if w.top == 277 else w for w in sheet.words]
    assert extract_fields([sheet]).fields["registration_number"] == (number if found else None)


@pytest.mark.parametrize(("caption", "garble", "found"), [
    ("GIG 番号", 33.0, True),  # '登録番号' garbled but for its last word, the T lost
    ("GIG 番号", 90.0, False),  # a caption read cleanly that names no T-number: something else's number
    ("GIG 名称", 33.0, False),  # garble ending in no caption's last word
])
def test_thirteen_digits_after_a_caption_garbled_but_for_its_last_word(caption, garble, found):
    number = t_number("258045602027")
    rows = [
        (247, [(101, "株式会社テスト衛生"), (904, "請求書No."), (1426, "S2610286")]),
        (339, [(101, "TEL 044-691-5454")]),
        (371, [(104, f"{caption} {number[1:]}"), (904, "お振込期日"), (1412, "2026/11/20")]),
    ]
    sheet = page(rows)
    sheet.words = [replace(w, confidence=garble) if w.text == "GIG" else w for w in sheet.words]
    assert extract_fields([sheet]).fields["registration_number"] == (number if found else None)


@pytest.mark.parametrize("caption", ["還業者番号 Regstaion No。", "登録番号 Registration No."])
def test_thirteen_digits_run_into_a_row_of_values_over_their_garbled_caption(caption):
    # A footer grid, captions under their values; OCR ran the values into one phrase.
    number = t_number("328809088692")
    rows = [
        (1924, [(146, "No.000476"), (354, f"令和8年10月18日令和8年12月31日PO-2026-04679 {number[1:]}"),
                (1391, "32175")]),
        (1981, [(107, "請求No."), (411, "日付Date"), (595, "お振込期限Due date"), (837, "注文No."), (900, caption),
                (1322, "お客様コード")]),
    ]
    assert extract_fields([page(rows)]).fields["registration_number"] == number


@pytest.mark.parametrize(("printed", "found"), [
    ("{t}{body}", True),  # its T read as a 7, its digits as two words
    ("{body}", True),  # its T lost
    ("1{body}", True),  # read as a 1
    ("5{body}", False),  # a 5 is no misread T: fourteen digits are something else
])
def test_a_t_number_over_its_garbled_caption_split_in_two_with_its_t_misread(printed, found):
    number = t_number("888867049071")
    text = printed.format(t="7", body=number[1:])
    rows = [
        (650, [(150, text[:7] + " " + text[7:]), (600, "Ball bearing, 6204ZZ"), (1200, "6,320")]),
        (680, [(150, "Invoice registrs")]),  # captions under their values; this one garbled
    ]
    assert extract_fields([page(rows)]).fields["registration_number"] == (number if found else None)


def test_a_t_read_as_a_digit_after_the_registration_label_with_a_digit_damaged():
    number = t_number("723456789012")
    damaged = "1" + number[1:11] + "O" + number[12:]  # T read as 1, a 0 as O
    assert number[11] == "0"
    rows = [(300, [(154, "登録番号"), (300, damaged)])]
    assert extract_fields([page(rows)]).fields["registration_number"] == number


def test_thirteen_digits_under_a_registration_caption_with_a_column_beside_it():
    number = t_number("272646009486")
    rows = [
        (300, [(154, "Registered number"), (526, "Kanagawa Precision Foods Co., Ltd.")]),
        (330, [(153, number[1:]), (526, "Accounts Payable")]),
    ]
    assert extract_fields([page(rows)]).fields["registration_number"] == number


def test_thirteen_digits_after_a_caption_its_bracket_qualifies():
    number = t_number("484289543244")
    rows = [(300, [(1009, "Reg. no. (JCT)"), (1203, number[1:])])]
    assert extract_fields([page(rows)]).fields["registration_number"] == number


def test_a_cleanly_printed_wrong_check_digit_is_kept_as_printed():
    number = t_number("123456789012")
    wrong = "T" + str((int(number[1]) + 1) % 10) + number[2:]
    found = readings(f"Registration No. {wrong}")
    assert [(r.number, r.valid, r.repaired) for r in found] == [(wrong, False, False)]


def test_damaged_t_number_in_a_document():
    rows = [
        (60, [(100, "##株式会社テスト商事")]),
        (120, [(100, "登録番号" + _broken(t_number("610980274085"), 9, "¢"))]),
        (200, [(900, "請求書番号"), (1200, "A-77")]),
    ]
    assert extract_fields([page(rows)]).fields["registration_number"] == t_number("610980274085")


def test_amount_split_onto_its_own_row_belongs_to_the_item_above():
    pages = one_token_labels_two_column_header()
    pages[0].words = [
        Word(w.text, w.left, w.top + 12, w.width, w.height, w.confidence, w.line + 500)
        if (w.text, w.top) == ("$35.00", 500)
        else w
        for w in pages[0].words
    ]
    f = extract_fields(pages).fields
    assert lines_of(f) == [("Desk lamp, LED", "3", "24.99", "74.97"), ("Cable ties (100)", "10", "3.50", "35.00")]


def test_subtotal_whose_caption_was_lost_ends_the_table():
    pages = japanese_grid_invoice()
    pages[0].words = [w for w in pages[0].words if not (w.top == 960 and w.text == "小計")]
    f = extract_fields(pages).fields
    assert len(f["lines"]) == 2
    assert f["subtotal"] == "35000"


def test_a_stray_word_after_the_number_is_not_taken_for_a_digit():
    number = t_number("959101284368")
    assert readings(f"登録番号{number[:12]} a 4") == []


def test_a_misread_tax_gives_way_to_the_subtotal_and_total_that_agree_with_the_rate():
    pages = captions_below_values()
    pages[0].words = [
        Word("¥41,807", w.left, w.top, w.width, w.height, 60.0, w.line) if w.text == "¥4,180" else w
        for w in pages[0].words
    ]
    f = extract_fields(pages).fields
    assert (f["subtotal"], f["tax_total"], f["total"]) == ("41800", "4180", "45980")
    assert f["tax_breakdown"] == [{"rate": "10", "taxable": "41800", "tax": "4180"}]


def test_unit_prices_under_a_lost_caption_are_told_from_the_amounts():
    pages = japanese_grid_invoice()
    pages[0].words = [w for w in pages[0].words if w.text not in ("単価", "数量") and (w.text, w.left) != ("2", 1150)]
    pages[0].words = [w for w in pages[0].words if not (w.top in (760, 820) and w.left == 1150)]
    lines = lines_of(extract_fields(pages).fields)
    assert [ln[1:] for ln in lines] == [("2", "8800", "17600"), ("6", "2900", "17400")]


def japanese_items(garbled: str, confidence: float) -> list[Page]:
    """A Japanese invoice whose second item's description OCR read as `garbled`."""
    pages = [
        page(
            [
                (60, [(100, "##請求書")]),
                (400, [(100, "品名"), (900, "数量"), (1100, "単価"), (1350, "金額")]),
                (450, [(100, "トナーカートリッジ"), (910, "2"), (1100, "8,000"), (1350, "16,000")]),
                (500, [(100, garbled), (910, "1"), (1100, "3,200"), (1350, "3,200")]),
                (600, [(1000, "小計"), (1350, "19,200")]),
            ]
        )
    ]
    pages[0].words = [
        Word(w.text, w.left, w.top, w.width, w.height, confidence, w.line) if w.text == garbled.split()[-1] else w
        for w in pages[0].words
    ]
    return pages


def _reread_as(text: str, confidence: float):
    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        class Reading:
            pass

        if kind != "description":
            return []
        r = Reading()
        r.text, r.confidence = text, confidence
        r.words = [Word(text, int(box[0]), int(box[1]), int(box[2] - box[0]), int(box[3] - box[1]), confidence, 1)]
        return [r]

    return reread


def test_a_stray_latin_word_in_a_japanese_description_gives_way_to_a_sure_reread():
    f = extract_fields(japanese_items("ホッチキス AW", 63.0), reread=_reread_as("ホッチキス大型", 93.0)).fields
    assert [ln["description"] for ln in f["lines"]] == ["トナーカートリッジ", "ホッチキス大型"]


@pytest.mark.parametrize(
    ("garbled", "confidence", "again", "again_confidence"),
    [
        ("ホッチキス AW", 63.0, "ホッチキス大型", 40.0),  # the reread is less sure
        ("ホッチキス 大型", 95.0, "ホッチキス大量", 96.0),  # nothing was doubtful
        ("コピー用紙 500K", 10.0, "コ", 95.0),  # the reread lost most of the line
    ],
)
def test_a_description_is_kept_unless_the_reread_is_surer_and_as_complete(garbled, confidence, again,
                                                                         again_confidence):
    pages = japanese_items(garbled, confidence)
    first = extract_fields(pages).fields["lines"][1]["description"]
    assert extract_fields(pages, reread=_reread_as(again, again_confidence)).fields["lines"][1]["description"] == first


def test_a_speck_in_the_header_row_is_no_column():
    """'品名' lost to OCR, a speck where it stood: the description is still left of the numbers."""
    rows = [
        (400, [(100, "Be"), (488, "「"), (900, "数量"), (1100, "単価"), (1350, "金額")]),
        (450, [(100, "ゴミ袋45L 100枚"), (910, "5"), (1100, "1,120"), (1350, "5,600")]),
        (600, [(1000, "小計"), (1350, "5,600")]),
    ]
    f = extract_fields([page(rows)]).fields
    assert lines_of(f) == [("ゴミ袋45L 100枚", "5", "1120", "5600")]


def test_a_rules_remains_in_the_header_row_are_no_column():
    """'品名' lost to OCR, and a rule's flat remains read as 'ーー' where it stood."""
    rows = [
        (400, [(100, "Be"), (900, "数量"), (1100, "単価"), (1350, "金額")]),
        (450, [(100, "ゴミ袋45L 100枚"), (910, "5"), (1100, "1,120"), (1350, "5,600")]),
        (600, [(1000, "小計"), (1350, "5,600")]),
    ]
    sheet = page(rows)
    sheet.words.insert(1, Word("ーー", 488, 418, 50, 2, 70.0, sheet.words[0].line))
    f = extract_fields([sheet]).fields
    assert lines_of(f) == [("ゴミ袋45L 100枚", "5", "1120", "5600")]


def test_a_rules_remains_between_a_total_and_its_label_are_passed_over():
    rows = [
        (400, [(100, "品名"), (900, "数量"), (1100, "単価"), (1350, "金額")]),
        (450, [(100, "ボールペン黒"), (910, "2"), (1100, "440"), (1350, "880")]),
        (550, [(1000, "小計"), (1400, "880円")]),
        (600, [(1000, "消費税(10%)"), (1400, "88円")]),
        (650, [(1000, "合計"), (1400, "968円")]),
    ]
    sheet = page(rows)
    subtotal_label = next(n for n, w in enumerate(sheet.words) if w.text == "小計")
    sheet.words.insert(subtotal_label + 1, Word("ーー", 1150, 560, 50, 2, 35.0, sheet.words[subtotal_label].line))
    extraction = extract_fields([sheet])
    f = extraction.fields
    assert (f["subtotal"], f["tax_total"], f["total"]) == ("880", "88", "968")
    assert extraction.meta["subtotal"]["box"][0] == 1400  # read where it is printed, for review to show


def test_a_summary_box_above_the_items_is_not_taken_for_their_header():
    """'税抜金額' misread as 'HRS' (hours, a quantity caption): the box's captions look like a header."""
    rows = [
        (300, [(320, "HRS"), (780, "消費税額"), (1240, "ご請求金額")]),
        (340, [(320, "12,000円"), (780, "1,200円"), (1240, "13,200円")]),
        (420, [(150, "No."), (280, "品番"), (600, "品名・摘要"), (1000, "単価"), (1150, "数量"), (1400, "金額")]),
        (470, [(150, "1"), (230, "MK-4020"), (420, "点検作業費"), (1000, "8,800"), (1160, "1"), (1400, "8,800")]),
        (520, [(150, "2"), (230, "MK-5012"), (420, "エアフィルター"), (1000, "3,200"), (1160, "1"), (1400, "3,200")]),
    ]
    f = extract_fields([page(rows)]).fields
    assert lines_of(f) == [("点検作業費", "1", "8800", "8800"), ("エアフィルター", "1", "3200", "3200")]


def test_a_garbled_price_caption_between_quantity_and_amount_is_the_unit_price():
    rows = [
        (400, [(100, "Description"), (700, "Wnt poe"), (900, "Qty"), (1100, "Amount")]),
        (450, [(100, "Hose reel"), (710, "24,900"), (910, "12"), (1100, "298,800")]),
        (600, [(900, "Subtotal"), (1100, "298,800")]),
    ]
    f = extract_fields([page(rows)]).fields
    assert lines_of(f) == [("Hose reel", "12", "24900", "298800")]


@pytest.mark.parametrize(
    ("labels", "kind"),
    [
        (["Bill No. B-26-0249", "Invoice Date 28 September 2026"], "invoice"),
        (["Quote No. Q-26-0249", "Valid until 28 October 2026"], "quote"),
    ],
)
def test_without_a_readable_title_the_labels_tell_the_document_type(labels, kind):
    """The title is garbled; the footer's 'please quote our bill number' is a sentence, not a title."""
    rows = [(60, [(1200, "##TAXI NVQlCE")])]
    rows += [(200 + 40 * i, [(1000, text)]) for i, text in enumerate(labels)]
    rows += [(2100, [(100, "Please quote our bill number with your payment.")])]
    assert extract_fields([page(rows)]).fields["doc_type"] == kind


def _grid_invoice(header: list[tuple[int, str]], row: list[tuple[int, str]]) -> list[Page]:
    """A one-line Japanese grid invoice with the given header and item row."""
    return [
        page(
            [
                (60, [(100, "##株式会社みなと機材"), (1250, "##請求書")]),
                (600, header),
                (650, row),
                (800, [(1000, "小計"), (1300, "33,500")]),
                (850, [(1000, "消費税(10%)"), (1300, "3,350")]),
                (900, [(1000, "合計"), (1300, "36,850")]),
            ]
        )
    ]


def test_separator_misread_inside_a_price_is_repaired_by_line_arithmetic():
    # '6;700' loses its thousands: the cell's digit runs, joined, make qty × price = amount.
    pages = _grid_invoice(
        [(100, "No"), (300, "品名"), (950, "単価"), (1120, "数量"), (1300, "金額")],
        [(100, "1"), (300, "エアフィルター"), (960, "6;700"), (1140, "5"), (1310, "33,500")],
    )
    assert lines_of(extract_fields(pages).fields) == [("エアフィルター", "5", "6700", "33500")]


def test_text_left_of_the_numbers_is_the_description_when_its_caption_is_lost():
    # The 品番 and 品名 captions ran into 'No' as garble: the text cells are still the description.
    pages = _grid_invoice(
        [(100, "No。BBR"), (950, "単価"), (1120, "数量"), (1300, "金額")],
        [(100, "1"), (200, "MK-5012"), (400, "エアフィルターエレメント交換用"), (960, "6,700"), (1140, "5"),
         (1310, "33,500")],
    )
    assert lines_of(extract_fields(pages).fields) == [("エアフィルターエレメント交換用", "5", "6700", "33500")]


def _figures_reread(*figures: str):
    """A rereader that reads the given figures, side by side, in a table row."""

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        class Reading:
            pass

        if not kind.startswith("figures"):
            return []
        r = Reading()
        r.text, r.confidence = " ".join(figures), 90.0
        r.words = [Word(f, int(box[0]) + 100 * n, int(box[1]), 60, 20, 90.0, 1) for n, f in enumerate(figures)]
        return [r]

    return reread


@pytest.mark.parametrize(("figures", "expected"), [(("820", "6"), ("6", "820")), (("82", "06"), ("1", "4920"))])
def test_lost_quantity_and_price_columns_are_read_again_and_kept_when_they_multiply_out(figures, expected):
    # The page reader dropped the 単価 and 数量 columns, captions and cells; the amount was read.
    # A reading that does not multiply out is not kept: the line is its amount alone, one of itself.
    pages = _grid_invoice(
        [(100, "No"), (300, "品名・摘要"), (1150, "税率"), (1300, "金額")],
        [(100, "1"), (300, "ベアリング"), (1150, "10%"), (1310, "4,920")],
    )
    line = extract_fields(pages, reread=_figures_reread(*figures)).fields["lines"][0]
    assert (line["quantity"], line["unit_price"], line["amount"]) == (*expected, "4920")


@pytest.mark.parametrize(("figures", "expected"), [(("12,700", "12"), ("12", "12700")),
                                                    (("12,700", "7"), (None, "7002"))])
def test_a_count_run_into_the_price_beside_it_is_read_again_with_the_price(figures, expected):
    # OCR ran the count into the price ('JPY12,' '7002-12' for 12,700 and 12): the price read
    # makes no count of the amount, so both are read again, up to the amount.
    pages = _grid_invoice(
        [(100, "No"), (300, "Details"), (1063, "Price"), (1155, "Qty"), (1397, "Line total")],
        [(100, "1"), (300, "Call-out fee"), (982, "JPY12,"), (1085, "7002-12"), (1412, "152,400")],
    )
    line = extract_fields(pages, reread=_figures_reread(*figures)).fields["lines"][0]
    assert (line["quantity"], line["unit_price"], line["amount"]) == (*expected, "152400")


@pytest.mark.parametrize("name", ["Smit Verpakkingen B.V.", "Van Dijk Logistiek N.V.", "Suministros Ebro S.L.",
                                  "Ferramenta Rossi S.p.A.", "Smit Verpakkingen BV"])
def test_a_legal_form_written_with_points_marks_the_issuers_name(name):
    """The issuer at the top without a caption, the addressee's name (its own legal form) beside it."""
    rows = [
        (150, [(600, "##FACTUUR")]),
        (240, [(128, name)]),
        (276, [(774, "Foods Co., Ltd.")]),
        (324, [(128, "3011 AB Rotterdam, Nederland")]),
    ]
    assert extract_fields([page(rows)]).fields["supplier_name"] == name


def test_a_sidebar_caption_under_its_value_with_an_item_code_far_right_on_its_row():
    """Values over their captions in a sidebar beside the item table: the order caption's row
    runs on into the table, where an item's code reads like a reference, and the row under it is
    the next entry's value. The caption takes the order number over it."""
    rows = [
        (442, [(154, "No.000429")]),
        (475, [(154, "請求番号")]),
        (524, [(154, "2026-10-03"), (594, "No"), (660, "品目"), (1100, "数量"), (1250, "単価"), (1400, "金額")]),
        (553, [(157, "日付")]),
        (586, [(602, "1"), (660, "テイクアウト容器 大"), (1100, "10 袋"), (1250, "1,750"), (1400, "17,500")]),
        (606, [(154, "2026-11-20")]),
        (623, [(659, "MWB-179")]),
        (635, [(155, "お支払い期限")]),
        (688, [(155, "PO-2026-03090"), (602, "2"), (660, "紙カップ 12oz"), (1100, "5 箱"), (1250, "1,180"),
               (1400, "5,900")]),
        (721, [(154, "発注番号"), (659, "MWB-181")]),
        (770, [(153, "90335")]),
        (798, [(156, "お客様コード")]),
        (905, [(1000, "小計"), (1150, "消費税"), (1300, "合計")]),
        (967, [(1000, "¥23,400"), (1150, "¥2,340"), (1300, "¥25,740")]),
    ]
    f = extract_fields([page(rows)]).fields
    assert (f["document_number"], f["due_date"], f["po_number"]) == ("No.000429", "2026-11-20", "PO-2026-03090")


def test_a_sidebar_with_its_captions_under_its_values_beside_the_item_table():
    """Values over their captions in a sidebar that shares the item table's rows, one of its
    captions on the table's header row: each caption takes the value over it."""
    rows = [
        (150, [(140, "##Granite Bay Safety Supply Inc."), (1130, "##TAX INVOICE")]),
        (360, [(140, "US-00480")]),
        (396, [(140, "Document #")]),
        (444, [(140, "10/17/2026")]),
        (480, [(140, "Issue date")]),
        (528, [(140, "11/16/2026")]),
        (564, [(140, "Remittance by"), (627, "Qty."), (703, "Particulars"), (1172, "Unit cost"), (1460, "Total")]),
        (612, [(140, "PO-2026-05938")]),
        (624, [(660, "8"), (703, "Eye wash refill"), (1213, "32.90"), (1434, "263.20")]),
        (648, [(140, "Your order")]),
        (672, [(644, "10"), (703, "First aid kit"), (1213, "50.00"), (1434, "500.00")]),
        (696, [(140, "4532")]),
        (732, [(140, "Account no."), (660, "4"), (703, "Hi-vis vest XL"), (1229, "7.70"), (1450, "30.80")]),
        (816, [(660, "Net amount"), (1346, "Total")]),
        (876, [(752, "$794.00"), (1386, "$794.00")]),
    ]
    f = extract_fields([page(rows)]).fields
    assert (f["issue_date"], f["due_date"], f["po_number"]) == ("2026-10-17", "2026-11-16", "PO-2026-05938")


def _sidebar_beside_the_tables_header(discount_row: list) -> list[Page]:
    """A born-digital invoice: values over their captions in a sidebar left of the item table,
    the due date on the table's header row; a discount in brackets, its currency's code inside."""
    return [page([
        (150, [(140, "##Meridian Safety Supply Corp."), (1012, "##INVOICE")]),
        (366, [(140, "Invoice No.")]),
        (404, [(140, "001159")]),
        (448, [(140, "Document dated")]),
        (486, [(140, "Mar 14, 2027")]),
        (530, [(140, "Due by")]),
        (568, [(140, "Apr 20, 2027"), (627, "Qty"), (702, "Unit"), (784, "Product"), (1209, "Unit cost"),
               (1484, "Net")]),
        (627, [(640, "12"), (714, "pr"), (784, "Cut-resistant gloves"), (1183, "USD 16.40"), (1390, "USD 196.80")]),
        (699, [(640, "10"), (711, "btl"), (784, "Eye wash refill"), (1183, "USD 33.70"), (1390, "USD 337.00")]),
        (771, [(653, "5"), (713, "ea"), (784, "Hi-vis vest M"), (1196, "USD 7.00"), (1403, "USD 35.00")]),
        (843, [(653, "3"), (713, "ea"), (784, "Earmuffs, black/Orange"), (1183, "USD 24.60"), (1403, "USD 73.80")]),
        (987, discount_row),
        (1077, [(1022, "Subtotal"), (1390, "USD 610.60")]),
        (1169, [(1022, "Sales tax 0%"), (1416, "USD 0.00")]),
        (1215, [(1022, "Total amount"), (1380, "USD 610.60")]),
    ])]


@pytest.mark.parametrize("discount_row", [
    [(653, "1"), (784, "Volume discount"), (1166, "(USD 32.00)"), (1386, "(USD 32.00)")],
    [(653, "1"), (784, "Volume discount"), (1166, "(USD32.00)"), (1386, "(USD32.00)")],
])
def test_a_tables_header_beside_a_sidebars_date_heads_the_table(discount_row):
    """The sidebar's date on the header row is no sign the row is figures: the header reads the
    table, its discount with the rest."""
    lines = lines_of(extract_fields(_sidebar_beside_the_tables_header(discount_row)).fields)
    assert lines[0] == ("Cut-resistant gloves", "12", "16.40", "196.80")
    assert lines[3][0] == "Earmuffs, black/Orange"  # (a slash parts captions run together, no description)
    assert lines[-1] == ("Volume discount", "1", "-32.00", "-32.00")


def test_a_discount_in_brackets_with_its_currencys_code_is_a_line_of_a_table_without_header():
    """With the header OCR lost, the lines are the rows that multiply out: '(USD' '32.00)' is one
    negative figure, so the discount is one of them."""
    pages = _sidebar_beside_the_tables_header(
        [(653, "1"), (784, "Volume discount"), (1166, "(USD 32.00)"), (1386, "(USD 32.00)")])
    pages[0].words = [w for w in pages[0].words if w.top != 568 or w.left < 600]
    lines = lines_of(extract_fields(pages).fields)
    assert lines[-1] == ("Volume discount", "1", "-32.00", "-32.00")


@pytest.mark.parametrize(("line", "confidence", "shows"), [
    ("登録番号 7807916394037", 95.0, True),  # the T lost
    ("T78O7 9163 94037", 95.0, True),  # a look-alike letter, spaces between groups
    ("T7807916394037 03-1234", 95.0, True),
    ("¥78079163940 37", 34.0, True),  # read unsurely: a digit may be misread or lost
    ("T7807916304037", 34.0, True),
    ("T7807916304037", 95.0, False),  # read cleanly, another number (perhaps printed wrong): no misreading
    ("T7807916300037", 34.0, True),  # read unsurely, two digits misread: garbled, no other number
    ("T7807000000037", 34.0, False),  # too many digits apart
    ("£<16394037", 20.0, True),  # its head garbled past reading, eight digits of it left unbroken
    ("T7RO7916RS4037", 34.0, True),  # read unsurely: digits as letters of no likeness, the rest its own
    ("T7RO7916RS4037", 95.0, False),
    ("T7RO7916RS4038", 34.0, False),  # a digit read that is not the number's
    ("T7RRR9RRR4037", 34.0, False),  # too few of its digits read to tell
    ("97807916394037", 95.0, False),
    ("TEL 03-7807-9163", 34.0, False),
])
def test_a_known_registration_number_is_found_as_ocr_damaged_it(line, confidence, shows):
    sheet = page([(100, [(100, "Invoice")]), (150, [(100, line)])])
    sheet.words = [replace(w, confidence=confidence) for w in sheet.words]
    assert tnumber.shown([sheet], "T7807916394037") is shows


@pytest.mark.parametrize(("confidence", "shows", "printed"), [
    (95.0, False, "T0807916394037"),  # read cleanly: printed one digit otherwise, its T read as a 1
    (40.0, True, None),  # read unsurely: the supplier's number, one digit misread
])
def test_a_number_is_judged_by_how_surely_its_own_words_were_read(confidence, shows, printed):
    sheet = page([(100, [(100, "Invoice")]),
                  (150, [(100, "20November"), (260, "2026"), (400, "PO-2026-01375"), (700, "10807916394037")])])
    sure = {"20November": 31.0, "2026": 31.0, "10807916394037": confidence}
    sheet.words = [replace(w, confidence=sure.get(w.text, 92.0)) for w in sheet.words]
    assert tnumber.shown([sheet], "T7807916394037") is shows
    assert tnumber.printed_otherwise([sheet], "T7807916394037") == printed


def test_a_currency_mark_in_garble_does_not_outweigh_the_marks_read_on_the_amounts():
    sheet = page([
        (348, [(94, "$4"), (248, "JCT registration no."), (449, "T8235601778390")]),
        (1118, [(96, "10%"), (131, "対象額"), (202, "¥"), (220, "152,900"), (311, "消費税 (10%)"), (457, "\\15.290")]),
    ])
    sure = {"$4": 0.0, "¥": 20.0}
    sheet.words = [replace(w, confidence=sure.get(w.text, 86.0)) for w in sheet.words]
    assert extract_fields([sheet]).fields["currency"] == "JPY"


@pytest.mark.parametrize(("note", "currency"), [
    ("All amounts in Australian dollars (AUD).", "AUD"),
    ("Prices in NZD, GST inclusive", "NZD"),
    ("Thank you for your business", "USD"),  # a dollar no code names: the US dollar
])
def test_dollar_signs_on_the_amounts_are_the_dollar_a_code_on_the_page_names(note, currency):
    sheet = page([
        (800, [(100, "Roasted salted macadamias"), (900, "30"), (1050, "$27.90"), (1350, "$837.00")]),
        (870, [(100, "Export freight"), (900, "1"), (1050, "$320.00"), (1350, "$320.00")]),
        (1500, [(990, "Subtotal"), (1350, "$1,157.00")]),
        (1600, [(100, note)]),
    ])
    assert extract_fields([sheet]).fields["currency"] == currency


@pytest.mark.parametrize(("footer", "currency"), [
    ("VAT Reg No. GB 371 2290 4  Registered in England No. 04418620", "GBP"),
    ("Org.nr. NO 912 345 678 MVA  Foretaksregisteret", "NOK"),
    ("USt-IdNr. DE287654321  Amtsgericht Köln HRB 8812", "EUR"),
])
def test_amounts_no_mark_names_are_in_the_money_of_the_country_whose_vat_number_the_seller_prints(
        footer, currency):
    sheet = page([
        (800, [(140, "2.00"), (280, "Stainless steel prep table"), (865, "385.00"), (1184, "770.00")]),
        (900, [(140, "1.00"), (280, "Commercial blender 2L"), (865, "249.00"), (1184, "249.00")]),
        (1500, [(1064, "Total Net Amount"), (1430, "1,019.00")]),
        (2200, [(370, footer)]),
    ])
    assert extract_fields([sheet]).fields["currency"] == currency


def test_a_currency_mark_read_only_from_garble_on_a_japanese_page_gives_way_to_the_yen():
    sheet = page([
        (120, [(85, "FS"), (175, "$58"), (828, "御中")]),  # a stamp's garble
        (300, [(100, "合計"), (400, "103,268")]),
    ])
    sheet.words = [replace(w, confidence=12.0) if w.text in ("FS", "$58") else w for w in sheet.words]
    assert extract_fields([sheet]).fields["currency"] == "JPY"


@pytest.mark.parametrize(("discount", "total", "currency"), [
    ("$-2101", "217,930", "JPY"),  # one dollar sign, a misread ▲, on a Japanese page: still yen
    ("$-2101", "$217,930", "USD"),  # two read surely: the page is in dollars
    ("£0", "£2,000", "JPY"),  # two yen marks read as pounds, one on a nought: a nought says little
])
def test_one_dollar_sign_read_surely_on_a_japanese_page_is_a_mark_misread(discount, total, currency):
    sheet = page([
        (300, [(100, "出精値引"), (1300, discount)]),
        (400, [(100, "合計"), (1300, total)]),
    ])
    assert extract_fields([sheet]).fields["currency"] == currency


def test_a_sign_run_into_letters_read_surely_in_a_stamps_garble_is_no_currency():
    sheet = page([
        (246, [(998, "〒"), (1022, "210-0005"), (1446, "iy"), (1484, "$F")]),  # a round seal's garble
        (589, [(160, "1"), (214, "DP77-172"), (566, "ドーバーバストリーゼ"), (969, "10"), (1158, "15,800"),
               (1332, "158,000")]),
        (900, [(1000, "合計"), (1332, "158,000")]),
    ])
    sheet.words = [replace(w, confidence=72.0) if w.text == "$F" else w for w in sheet.words]
    assert extract_fields([sheet]).fields["currency"] == "JPY"


def test_an_invoice_with_no_money_marked_between_american_addresses_is_in_dollars_dated_month_first():
    sheet = page([
        (138, [(126, "Great Lakes Fastener Supply, LLC"), (1046, "INVOICE")]),
        (169, [(125, "4120 Lakeside Avenue, Cleveland, OH 44114")]),
        (313, [(108, "REFERENCE NBR"), (511, "DATE"), (924, "TERMS")]),
        (337, [(107, "014522"), (516, "10/09/2026"), (924, "NET30")]),
        (385, [(107, "CUSTOMER"), (515, "DUE DATE")]),
        (409, [(108, "MINATO-OH"), (516, "11/08/2026")]),
        (660, [(85, "Columbus, OH 43228")]),
        (779, [(97, "Description"), (839, "Qty."), (1038, "Unit Price"), (1201, "Ext. Price")]),
        (831, [(97, "SHCS M8x30 12.9 zinc, box of 100"), (856, "20"), (1084, "18.40"), (1231, "368.00")]),
        (1143, [(921, "Detail Total"), (1225, "368.00")]),
    ])
    fields = extract_fields([sheet]).fields
    assert (fields["currency"], fields["issue_date"], fields["due_date"]) == ("USD", "2026-10-09", "2026-11-08")


@pytest.mark.parametrize(("seller", "address", "currency"), [
    ("ABN 53 614 208 337", "14 Bourke Road, Alexandria NSW 2015", "AUD"),
    ("Business No. 81234 5678", "220 King Street West, Toronto ON M5H 1K4", "CAD"),
    ("Tax ID 84-1234567", "4120 Lakeside Avenue, Cleveland, OH 44114", "USD"),
    ("CUIT: 30-71528441-9", "Av. Gral. Paz 10450, Buenos Aires, Argentina", "ARS"),
    ("R.U.T.: 76.543.210-K", "Av. Providencia 1234, Santiago", "CLP"),
    ("NIT 900.123.456-7", "Calle 93 # 11-26, Bogotá", "COP"),
])
def test_a_bare_dollar_sign_is_the_dollar_of_the_sellers_country(seller, address, currency):
    sheet = page([
        (140, [(236, "Harbour Equipment"), (1215, "Tax Invoice")]),
        (224, [(110, seller), (1140, "Invoice # 00004821")]),
        (264, [(110, address)]),
        (643, [(124, "Description"), (800, "Qty"), (950, "Unit Price"), (1200, "Total")]),
        (705, [(124, "Combi oven 10-tray"), (800, "1"), (950, "$18,450.00"), (1200, "$18,450.00")]),
        (993, [(929, "Subtotal"), (1200, "$18,450.00")]),
        (1089, [(929, "Tax"), (1200, "$1,845.00")]),
        (1139, [(929, "Total"), (1200, "$20,295.00")]),
    ])
    assert extract_fields([sheet]).fields["currency"] == currency


def test_a_currencys_code_in_the_japanese_names_of_goods_is_no_currency():
    """A medical wholesaler's fax: defibrillator pads and batteries named 'AED 用電極パッド', their
    item codes 'AED-PD'; one yen mark read, the rest garbled."""
    sheet = page([
        (600, [(107, "日付"), (307, "品番"), (429, "品名"), (1143, "数量"), (1271, "単価"), (1397, "金額")]),
        (718, [(107, "10/21"), (307, "AED-PD"), (429, "AED 用電極パッド"), (1143, "2"), (1271, "8,900"),
               (1397, "17,800")]),
        (773, [(107, "10/21"), (298, "AED-BT"), (432, "AED 用バッテリ"), (1143, "1"), (1271, "24,500"),
               (1397, "24,500")]),
        (900, [(1000, "合計"), (1383, "¥42,300")]),
    ])
    assert extract_fields([sheet]).fields["currency"] == "JPY"


def test_an_offer_titled_with_its_number_is_a_quote_so_numbered():
    """A Swiss workshop's letter: 'Offre n° O-26-118' over its lines, no other title."""
    sheet = page([
        (728, [(929, "Yverdon-les-Bains, le 9 novembre 2026")]),
        (822, [(159, "Offre n°"), (323, "O-26-118")]),
        (1085, [(167, "Quantité"), (434, "Désignation"), (1209, "Prix unit."), (1424, "Montant")]),
        (1142, [(261, "6"), (435, "Support capteur inox"), (1238, "148.00"), (1442, "888.00")]),
        (1300, [(1100, "Total CHF"), (1442, "888.00")]),
    ])
    fields = extract_fields([sheet]).fields
    assert (fields["doc_type"], fields["document_number"]) == ("quote", "O-26-118")


def test_a_currencys_code_joined_by_a_slash_to_a_word_is_no_currency():
    """A dental laboratory's fax: crowns named 'CAD / CAM 冠', OCR reading the slash apart; no money
    marked but the page is Japanese."""
    sheet = page([
        (600, [(107, "日付"), (429, "品名"), (1143, "数量"), (1271, "単価"), (1397, "金額")]),
        (718, [(107, "10/02"), (514, "CAD"), (562, "/"), (578, "CAM"), (625, "冠"), (1143, "1"), (1271, "9,800"),
               (1397, "9,800")]),
        (773, [(107, "10/09"), (512, "CAD"), (552, "/"), (565, "CAM"), (606, "インレー"), (1143, "1"),
               (1271, "7,600"), (1397, "7,600")]),
        (900, [(1000, "合計"), (1383, "17,400")]),
    ])
    assert extract_fields([sheet]).fields["currency"] == "JPY"


@pytest.mark.parametrize(("category", "currency"), [
    ("CAD Designer II", "USD"),  # a code opening a name: the dollar named beside the total
    ("CAD 88.00 hours", "CAD"),  # a code beside a figure names the money
])
def test_a_bare_dollar_is_the_dollar_named_most_surely(category, currency):
    """A contractor's invoice in dollars, its labour categories named; its total's caption says '(USD)'."""
    sheet = page([
        (600, [(100, "Labor Category"), (700, "Hours"), (900, "Rate"), (1200, "Amount")]),
        (660, [(100, category), (720, "88.00"), (900, "96.50"), (1200, "$8,492.00")]),
        (900, [(600, "TOTAL AMOUNT DUE (USD)"), (1200, "$8,492.00")]),
    ])
    assert extract_fields([sheet]).fields["currency"] == currency


def test_a_currency_sign_of_letters_set_apart_from_its_figures_names_the_money_and_no_word_is_a_code():
    """A Czech invoice: 'Kč' printed apart from its figures, and a delivery date captioned 'Datum
    zdan. plnění', whose first letters are no zloty."""
    sheet = page([
        (300, [(118, "Datum zdan. plnění"), (373, "30. 9. 2026")]),
        (600, [(118, "Popis"), (900, "Množství"), (1100, "Cena za MJ"), (1350, "Celkem")]),
        (660, [(118, "Konzultace"), (930, "4"), (1100, "2 500,00"), (1350, "10 000,00")]),
        (760, [(953, "Celkem bez DPH"), (1340, "10 000,00"), (1476, "Kč")]),
        (800, [(953, "DPH 21 %"), (1340, "2 100,00"), (1476, "Kč")]),
        (840, [(953, "Celkem k úhradě"), (1340, "12 100,00"), (1476, "Kč")]),
    ])
    assert extract_fields([sheet]).fields["currency"] == "CZK"


def test_a_caption_and_the_value_under_it_that_ocr_ran_into_one_line_beside_a_title_stay_two_lines():
    """A sidebar's caption over its date, beside a title twice their size: OCR gave the title's
    two halves the caption's line and the date's, so the two lines touched as one."""
    def word(text, left, top, width, height, line):
        return Word(text, left, top, width, height, 93.0, line)

    words = [
        word("株式会社北斗製作所", 140, 100, 200, 24, 1),
        word("請求書", 700, 100, 120, 40, 2),
        word("請求年月日", 142, 533, 114, 35, 9),
        word("込御請求額", 617, 534, 161, 47, 9),
        word("2027年2月13日", 141, 557, 209, 51, 10),
        word("税", 585, 546, 31, 32, 10),
        word("\\28,402", 1067, 546, 120, 32, 10),
        word("お支払期限", 143, 623, 116, 23, 11),
        word("2027年3月15日", 141, 656, 213, 42, 12),
        word("注文番号", 142, 709, 93, 23, 13),
        word("PO-2026-05298", 143, 749, 221, 23, 14),
    ]
    f = extract_fields([Page(number=1, width=1654, height=2339, words=words)]).fields
    assert (f["issue_date"], f["due_date"]) == ("2027-02-13", "2027-03-15")


@pytest.mark.parametrize(("rows", "number"), [
    # captions under their values, the T lost
    ([(300, [(220, "B000421"), (500, "Oct 17, 2026"), (1280, "1084167338760")]),
      (330, [(220, "Reference"), (500, "Billing date"), (1280, "Registered number")])], "T1084167338760"),
    # captions over their values, the T read as a 1, the check digit printed wrong (a finding)
    ([(300, [(200, "No."), (430, "作成日"), (1100, "事業者登録番号")]),
      (330, [(150, "No.000339"), (400, "2026/10/15"), (1080, "19746487156504")])], "T9746487156504"),
])
def test_a_t_number_stacked_with_its_caption_is_read_over_or_under_it(rows, number):
    sheet = page([(100, [(100, "##Bluestone K.K."), (1200, "INVOICE")]), *rows,
                  (600, [(120, "Description"), (800, "Qty"), (1000, "Unit price"), (1200, "Amount")]),
                  (650, [(120, "Soy sauce"), (800, "1"), (1000, "2,800"), (1200, "2,800")])])
    assert extract_fields([sheet]).fields["registration_number"] == number


@pytest.mark.parametrize("captions", [
    [(134, "請求書"), (218, "NO.Invoice"), (279, "Number")],  # 'NO.' and 'Invoice' run into one word
    [(134, "請求書No.invoiceNumber")],  # the English caption run into the Japanese one's 'No.'
])
def test_a_caption_word_run_into_an_abbreviations_full_stop_is_read_apart(captions):
    f = extract_fields([page([
        (466, captions + [(365, "伝票日付Documentdate"), (601, "お支払期日"), (841, "貴社発注番号CustomerPO")]),
        (516, [(175, "26-00488"), (366, "2026年11月24日"), (612, "2026年12月20日"), (841, "PO-2026-06908")]),
    ])]).fields
    assert (f["document_number"], f["issue_date"]) == ("26-00488", "2026-11-24")


def test_a_kanji_of_the_caption_read_apart_touching_it_is_no_value_in_the_way_of_its_own():
    """A key/value box of captions with their values set right: OCR read '請求書番号' as '請求番号'
    and a '書' touching its end. The value far right is the caption's: no value is one kanji."""
    p = page([
        (139, [(119, "##請求書")]),
        (243, [(119, "合同会社若葉包材"), (818, "請求番号"), (899, "書"), (1279, "0001028")]),
        (290, [(119, "〒420-0857"), (818, "請求日"), (1253, "2027.02.18")]),
        (340, [(818, "お支払い期限"), (1253, "2027.03.20")]),
        (700, [(120, "品名"), (800, "数量"), (1000, "単価"), (1250, "金額")]),
        (750, [(120, "紙カップ"), (800, "2"), (1000, "1,170"), (1250, "2,340")]),
    ])
    assert extract_fields([p]).fields["document_number"] == "0001028"


def test_a_reference_after_garble_run_into_its_phrase_alone_on_its_row_is_the_documents_number():
    """A quote's number at the top right beside its caption that a fax garbled ('BARBS' for
    見積番号), OCR having run the two into one phrase: the caption's garble is no part of the
    number, and the number is the document's."""
    p = page([
        (138, [(599, "##御見積書")]),
        (216, [(1328, "BARBS"), (1388, "Q-26-0918")]),
        (246, [(1356, "令和8年11月18日")]),
        (279, [(157, "神奈川精密フーズ株式会社御中"), (973, "テックセンス横浜株式会社")]),
        (700, [(120, "品名"), (800, "数量"), (1000, "単価"), (1250, "金額")]),
        (750, [(120, "温度センサー"), (800, "12"), (1000, "14,800"), (1250, "177,600")]),
    ])
    p.words = [replace(w, confidence=41.0) if w.text == "BARBS" else w for w in p.words]
    assert extract_fields([p]).fields["document_number"] == "Q-26-0918"


_NORDIC_AND_POLISH = {
    "sv": {"number": "Fakturanr", "date": "Fakturadatum", "due": "Förfallodatum", "order": "Ert ordernr",
           "columns": ("Benämning", "Antal", "À-pris", "Moms", "Summa"), "net": "Summa exkl. moms",
           "tax": "Moms", "total": "Att betala", "currency": "SEK"},
    "fi": {"number": "Laskun numero", "date": "Päiväys", "due": "Eräpäivä", "order": "Tilausnumero",
           "columns": ("Kuvaus", "Määrä", "À-hinta", "ALV", "Yhteensä"), "net": "Veroton yhteensä",
           "tax": "ALV yhteensä", "total": "Maksettava yhteensä", "currency": "EUR"},
    "pl": {"number": "Faktura VAT nr", "date": "Data wystawienia", "due": "Termin płatności",
           "order": "Zamówienie nr", "columns": ("Nazwa towaru", "Ilość", "Cena netto", "VAT", "Wartość netto"),
           "net": "Razem netto", "tax": "Kwota VAT", "total": "Razem do zapłaty", "currency": "PLN"},
}


@pytest.mark.parametrize("language", sorted(_NORDIC_AND_POLISH))
def test_a_swedish_finnish_or_polish_invoice_is_read_by_its_own_captions(language):
    """Captions in the seller's own language, a space between thousands ('4 536,00'): the
    header, the lines and the totals are read as from an invoice in English."""
    w = _NORDIC_AND_POLISH[language]
    description, quantity, price, tax, amount = w["columns"]
    fields = extract_fields([page([
        (100, [(110, "##Rosterix AB")]),
        (200, [(900, w["number"]), (1250, "2026/318")]),
        (240, [(900, w["date"]), (1250, "2026-11-30")]),
        (280, [(900, w["due"]), (1250, "2026-12-30")]),
        (320, [(900, w["order"]), (1250, "INK-5521")]),
        (500, [(110, description), (800, quantity), (1000, price), (1200, tax), (1400, amount)]),
        (550, [(110, "Kaffebönor mellanrost"), (800, "24"), (1000, "189,00"), (1200, "12 %"), (1400, "4 536,00")]),
        (600, [(110, "Service espressomaskin"), (800, "1"), (1000, "1 450,00"), (1200, "25 %"), (1400, "1 450,00")]),
        (700, [(900, w["net"]), (1400, "5 986,00")]),
        (750, [(900, w["tax"]), (1400, "906,82")]),
        (800, [(900, w["total"]), (1400, f"6 892,82 {w['currency']}")]),
    ])]).fields
    assert (fields["document_number"], fields["issue_date"], fields["due_date"], fields["po_number"]) == (
        "2026/318", "2026-11-30", "2026-12-30", "INK-5521")
    assert (fields["currency"], fields["subtotal"], fields["tax_total"], fields["total"]) == (
        w["currency"], "5986.00", "906.82", "6892.82")
    assert [(line["quantity"], line["amount"]) for line in fields["lines"]] == [("24", "4536.00"), ("1", "1450.00")]


def _czech_fax(garble_row, vat_row="IČ: 27654321 DIČ: CZ27654321"):
    sheet = page([
        (100, [(113, "Faktura - daňový doklad FV-2026-01187")]),
        (312, [(134, vat_row)]),
        (507, [(168, "Označení dodávky"), (900, "Počet"), (1050, "Cena/MJ"), (1200, "DPH"), (1350, "Bez DPH")]),
        (564, [(172, "Rukavice nitrilové S (100 ks)"), (900, "20"), (1050, "189,00"), (1200, "21%"),
               (1350, "3 780,00")]),
        (700, [(900, "Celkem bez DPH"), (1350, "3 780,00")]),
        (750, [(900, "DPH 21 %"), (1350, "793,80")]),
        (800, [(900, "Celkem k úhradě"), (1350, "4 573,80")]),
        (2200, garble_row),
    ])
    # the fax's specks at the foot of the page, read as letters, kana and a yen sign
    sheet.words = [replace(w, confidence=26.0 if w.line == 1007 and w.text != "¥" else 60.0 if w.text == "¥"
                           else w.confidence) for w in sheet.words]
    return extract_fields([sheet]).fields


def test_a_faxs_specks_read_as_kana_and_a_yen_sign_make_no_page_japanese_nor_its_money_yen():
    fields = _czech_fax([(112, "meee , . ¥ eo こいにここに")])
    assert (fields["currency"], fields["subtotal"], fields["total"]) == ("CZK", "3780.00", "4573.80")


def test_a_rule_read_as_long_vowel_marks_makes_no_page_japanese():
    fields = _czech_fax([(112, "ーーーー")])
    assert fields["currency"] == "CZK"


@pytest.mark.parametrize(("tax", "currency"), [("TOPLAM KDV (%20)", "TRY"), ("ÁFA 27%", "HUF")])
def test_the_taxs_name_in_a_country_of_one_money_names_the_money_where_no_amount_is_marked(tax, currency):
    sheet = page([
        (600, [(100, "Açıklama"), (900, "Miktar"), (1100, "Birim Fiyat"), (1350, "Tutar")]),
        (660, [(100, "Hasta monitörü"), (920, "2"), (1100, "76.650,00"), (1350, "153.300,00")]),
        (800, [(900, "ARA TOPLAM"), (1350, "153.300,00")]),
        (850, [(900, tax), (1350, "30.660,00")]),
        (900, [(900, "GENEL TOPLAM"), (1350, "183.960,00")]),
        (1000, [(100, "Atatürk Cad. No: 14, Muratpaşa")]),  # 'Cad.', a street's abbreviation: no Canadian dollar
    ])
    assert extract_fields([sheet]).fields["currency"] == currency


def _totals_block(caption_total: str, figures: tuple[str, str, str], extra_rows=(), words=None):
    rows = [
        (600, [(100, "Description"), (900, "Qty"), (1100, "Unit price"), (1350, "Amount")]),
        (660, [(100, "Stand construction"), (920, "1"), (1100, figures[0]), (1350, figures[0])]),
        (800, [(900, "Subtotal"), (1350, figures[0])]),
        (850, [(900, "VAT 15%"), (1350, figures[1])]),
        (900, [(900, caption_total), (1350, figures[2])]),
        *extra_rows,
    ]
    sheet = page(rows)
    if words:
        sheet.words = [replace(w, confidence=words.get(w.text, w.confidence)) for w in sheet.words]
    return extract_fields([sheet]).fields


def test_a_currencys_code_before_a_slash_and_its_captions_arabic_garbled_names_the_money():
    fields = _totals_block("Total SAR / Jla>yl", ("165,500.00", "24,825.00", "190,325.00"), words={"Jla>yl": 12.0})
    assert fields["currency"] == "SAR"


def test_two_words_of_kana_in_an_arabic_captions_garble_make_no_page_japanese():
    fields = _totals_block("Total incl. VAT (SAR)", ("34,330.00", "5,149.50", "39,479.50"),
                           [(1000, [(100, "らし ょっっ")])], words={"らし": 55.0, "ょっっ": 56.0})
    assert fields["currency"] == "SAR"


@pytest.mark.parametrize(("seller", "currency"), [
    ("GSTIN : 27AAHCS4821K1ZQ", "INR"),
    ("14 Voortrekker Road, Bellville, Cape Town 7530, South Africa", "ZAR"),
    ("Derech Menachem Begin 132, Tel Aviv, Israel", "ILS"),
    ("ABN 53 614 208 337", "AUD"),  # (whose a bare '$' would be, too)
    ("Plot 118, Kariakoo, Dar es Salaam, Tanzania", "TZS"),
    ("Road 3519, Block 335, Manama, Kingdom of Bahrain", "BHD"),
])
def test_with_no_money_marked_the_one_country_a_tax_number_or_address_names_gives_the_money(seller, currency):
    fields = _totals_block("Total", ("1,450.00", "217.50", "1,667.50"), [(200, [(100, seller)])])
    assert fields["currency"] == currency


def test_a_dinar_of_three_decimals_reads_its_thousandths():
    """Bahrain's dinar prints three decimals ('48.500', '1,534.100'): no thousands."""
    fields = _totals_block("Total", ("1,534.100", "153.410", "1,687.510"),
                           [(200, [(100, "Road 3519, Block 335, Manama, Kingdom of Bahrain")])])
    assert (fields["currency"], fields["tax_total"], fields["total"]) == ("BHD", "153.410", "1687.510")


def test_a_tax_categorys_s_read_as_a_dollar_sign_before_its_rate_is_no_dollar():
    sheet = page([
        (300, [(100, "Svetolika Lazarevica 9, 31230 Arilje, Srbija")]),
        (600, [(100, "Naziv"), (700, "Količina"), (900, "Cena"), (1100, "Iznos bez PDV"), (1300, "Kat.")]),
        (660, [(100, "Smrznuta malina"), (720, "120"), (900, "1.150,00"), (1100, "138.000,00"), (1300, "$10")]),
        (720, [(100, "Smrznuta kupina"), (720, "40"), (900, "980,00"), (1100, "39.200,00"), (1300, "$10")]),
        (800, [(700, "Poreska rekapitulacija (RSD)")]),
        (850, [(700, "Ukupan iznos bez PDV"), (1100, "177.200,00")]),
        (900, [(700, "Ukupan iznos PDV"), (1100, "17.720,00")]),
        (950, [(700, "Iznos za plaćanje"), (1100, "194.920,00")]),
    ])
    assert extract_fields([sheet]).fields["currency"] == "RSD"
