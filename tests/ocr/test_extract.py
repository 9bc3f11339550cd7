"""Field extraction from positioned words, on synthetic pages laid out like real documents."""

import pytest

from ocr.extract import ExtractedInvoice, extract_fields
from ocr.extract.layout import Token, skew_of
from ocr.extract.values import parse_identifier
from ocr.model import Page, Word
from tests.ocr.builders import page, t_number

SUPPLIER_T = t_number("123456789012")


def english_invoice(skew: float = 0.0) -> list[Page]:
    return [
        page(
            [
                (60, [(100, "##Acme Widgets Inc."), (1200, "##INVOICE")]),
                (130, [(100, "12 Harbour Road, Leeds LS1 4AB")]),
                (160, [(100, f"Registration No.: {SUPPLIER_T}")]),
                (300, [(100, "BILL TO"), (1000, "Invoice No.:"), (1250, "INV-7781")]),
                (340, [(100, "Globex Corporation"), (1000, "Date:"), (1250, "Oct 3, 2026")]),
                (380, [(100, "Attn: Accounts Payable"), (1000, "Due Date:"), (1250, "Nov 2, 2026")]),
                (420, [(100, "1 Main Street, Springfield"), (1000, "PO Number:"), (1250, "4500012345")]),
                (600, [(100, "Description"), (900, "Qty"), (1100, "Unit Price"), (1350, "Amount")]),
                (650, [(100, "Steel brackets, pack of 20"), (910, "4"), (1100, "¥1,250"), (1350, "¥5,000")]),
                (700, [(100, "Hex bolts M8"), (900, "100"), (1120, "¥12"), (1350, "¥1,200")]),
                (750, [(100, "Installation service"), (910, "1"), (1100, "¥8,000"), (1350, "¥8,000")]),
                (850, [(1000, "Subtotal"), (1350, "¥14,200")]),
                (890, [(1000, "Tax (10%)"), (1350, "¥1,420")]),
                (930, [(1000, "Total Due"), (1350, "¥15,620")]),
                (1500, [(100, "Payment: bank transfer, thank you for your business.")]),
            ],
            skew=skew,
        )
    ]


def japanese_invoice() -> list[Page]:
    return [
        page(
            [
                (60, [(650, "請 求 書")]),
                (150, [(1000, "請求書番号"), (1300, "A-2026-118")]),
                (190, [(100, "株式会社テスト商事 御中"), (1000, "発行日"), (1300, "令和8年11月3日")]),
                (230, [(1000, "発注番号"), (1300, "ORD/77/12")]),
                (300, [(100, "下記の通りご請求申し上げます。"), (1000, "株式会社サンプル工業")]),
                (340, [(1000, "〒100-0001 東京都千代田区1-1-1")]),
                (380, [(1000, f"登録番号：{SUPPLIER_T}")]),
                (450, [(100, "ご請求金額"), (350, "２７,２００円（税込）")]),
                (500, [(100, "お支払期限：2026年11月30日")]),
                (600, [(100, "品名"), (900, "数量"), (1100, "単価"), (1350, "金額")]),
                (650, [(100, "緑茶ティーバッグ ※"), (920, "10"), (1100, "1,000"), (1350, "10,000")]),
                (700, [(100, "コピー用紙 A4"), (920, "５"), (1100, "2,000"), (1350, "10,000")]),
                (750, [(100, "ミネラルウォーター ※"), (920, "2"), (1100, "2,500"), (1350, "5,000")]),
                (800, [(100, "※は軽減税率(8%)対象")]),
                (900, [(1000, "小計"), (1350, "25,000円")]),
                (940, [(1000, "10%対象"), (1350, "10,000円")]),
                (980, [(1000, "8%対象"), (1350, "15,000円")]),
                (1020, [(1000, "消費税(10%)"), (1350, "1,000円")]),
                (1060, [(1000, "消費税(8%)"), (1350, "1,200円")]),
                (1100, [(1000, "合計"), (1350, "27,200円")]),
            ]
        )
    ]


def unusual_quote() -> list[Page]:
    """A layout unlike the corpus: captions under values, quantity first, other words, euros."""
    return [
        page(
            [
                (60, [(100, "##Nordlicht Maschinenbau GmbH")]),
                (110, [(100, "Werkstrasse 5, 80331 Munich")]),
                (200, [(1100, "##Estimate")]),
                (300, [(100, "Q-88-B"), (500, "15.11.2026"), (900, "31.12.2026")]),
                (330, [(100, "Estimate #"), (500, "Date of issue"), (900, "Expiry date")]),
                (420, [(100, "Customer"), (900, "Currency")]),
                (450, [(100, "Initech LLC"), (900, "EUR")]),
                (600, [(100, "Qty"), (300, "Item"), (1000, "Price each"), (1300, "Ext. price")]),
                (650, [(110, "2"), (300, "Hydraulic pump HP-20"), (1000, "1.250,00"), (1300, "2.500,00")]),
                (700, [(110, "3"), (300, "Seal kit"), (1020, "45,50"), (1300, "136,50")]),
                (850, [(1000, "Net total"), (1300, "2.636,50")]),
                (890, [(1000, "VAT 19%"), (1300, "500,94")]),
                (930, [(1000, "Balance due"), (1300, "3.137,44")]),
            ]
        )
    ]


def two_page_invoice() -> list[Page]:
    first = page(
        [
            (60, [(100, "##Blue River Supplies Ltd."), (1200, "##INVOICE")]),
            (300, [(1000, "Invoice #"), (1250, "BR-55012")]),
            (340, [(1000, "Issued"), (1250, "2026-09-19")]),
            (380, [(1000, "Payment due"), (1250, "2026-10-31")]),
            (420, [(1000, "Your order ref"), (1250, "K7-0091")]),
            (600, [(100, "Item"), (900, "Quantity"), (1100, "Rate"), (1250, "Tax"), (1400, "Line total")]),
            *[
                (
                    650 + 50 * i,
                    [
                        (100, f"Widget type {i}"),
                        (920, "2"),
                        (1100, "$10.00"),
                        (1250, "10%"),
                        (1400, "$20.00"),
                    ],
                )
                for i in range(1, 11)
            ],
            (2150, [(700, "Page 1 of 2")]),
        ],
        number=1,
    )
    second = page(
        [
            (100, [(100, "Widget type 11"), (920, "1"), (1100, "$5.50"), (1250, "0%"), (1400, "$5.50")]),
            (
                150,
                [(100, "Widget type 12, extra"), (920, "3"), (1100, "$1.00"), (1250, "10%"), (1400, "$3.00")],
            ),
            (176, [(100, "long description line")]),
            (300, [(1000, "Net amount"), (1400, "$208.50")]),
            (340, [(1000, "Sales tax"), (1400, "$20.30")]),
            (380, [(1000, "Amount due"), (1400, "$228.80")]),
        ],
        number=2,
    )
    return [first, second]


def test_extraction_is_fields_and_meta():
    result = extract_fields(english_invoice())
    assert isinstance(result, ExtractedInvoice)
    assert set(result.fields) == {
        "doc_type",
        "supplier_name",
        "registration_number",
        "document_number",
        "issue_date",
        "due_date",
        "po_number",
        "currency",
        "subtotal",
        "tax_total",
        "total",
        "tax_breakdown",
        "lines",
    }


@pytest.mark.parametrize("skew", [0.0, 0.012, -0.012])
def test_english_invoice_header_fields(skew):
    f = extract_fields(english_invoice(skew)).fields
    assert f["doc_type"] == "invoice"
    assert f["supplier_name"] == "Acme Widgets Inc."
    assert f["registration_number"] == SUPPLIER_T
    assert f["document_number"] == "INV-7781"
    assert (f["issue_date"], f["due_date"]) == ("2026-10-03", "2026-11-02")
    assert f["po_number"] == "4500012345"
    assert f["currency"] == "JPY"
    assert (f["subtotal"], f["tax_total"], f["total"]) == ("14200", "1420", "15620")


@pytest.mark.parametrize("skew", [0.0, 0.012])
def test_english_invoice_lines(skew):
    lines = extract_fields(english_invoice(skew)).fields["lines"]
    assert [
        (ln["description"], ln["quantity"], ln["unit_price"], ln["amount"], ln["tax_rate"]) for ln in lines
    ] == [
        ("Steel brackets, pack of 20", "4", "1250", "5000", "10"),
        ("Hex bolts M8", "100", "12", "1200", "10"),
        ("Installation service", "1", "8000", "8000", "10"),
    ]


def test_english_invoice_breakdown_and_meta():
    result = extract_fields(english_invoice())
    assert result.fields["tax_breakdown"] == [{"rate": "10", "taxable": "14200", "tax": "1420"}]
    total = result.meta["total"]
    assert total["page"] == 1 and 0 <= total["confidence"] <= 1
    left, top, right, bottom = total["box"]
    assert left >= 1300 and 920 <= top < bottom <= 960


def test_japanese_invoice_header_fields():
    f = extract_fields(japanese_invoice()).fields
    assert f["doc_type"] == "invoice"
    assert f["supplier_name"] == "株式会社サンプル工業"  # not the addressee before 御中
    assert f["registration_number"] == SUPPLIER_T
    assert f["document_number"] == "A-2026-118"
    assert f["issue_date"] == "2026-11-03"  # 令和8年
    assert f["due_date"] == "2026-11-30"
    assert f["po_number"] == "ORD/77/12"
    assert f["currency"] == "JPY"
    assert (f["subtotal"], f["tax_total"], f["total"]) == ("25000", "2200", "27200")


def test_japanese_invoice_reduced_rate_marks():
    f = extract_fields(japanese_invoice()).fields
    assert [(ln["quantity"], ln["unit_price"], ln["amount"], ln["tax_rate"]) for ln in f["lines"]] == [
        ("10", "1000", "10000", "8"),
        ("5", "2000", "10000", "10"),
        ("2", "2500", "5000", "8"),
    ]
    assert f["lines"][0]["description"] == "緑茶ティーバッグ"
    assert sorted(f["tax_breakdown"], key=lambda b: b["rate"]) == [
        {"rate": "10", "taxable": "10000", "tax": "1000"},
        {"rate": "8", "taxable": "15000", "tax": "1200"},
    ]


def test_unusual_layout_captions_below_values():
    f = extract_fields(unusual_quote()).fields
    assert f["doc_type"] == "quote"
    assert f["supplier_name"] == "Nordlicht Maschinenbau GmbH"
    assert f["document_number"] == "Q-88-B"
    assert (f["issue_date"], f["due_date"]) == ("2026-11-15", "2026-12-31")
    assert f["po_number"] is None
    assert f["currency"] == "EUR"
    assert (f["subtotal"], f["tax_total"], f["total"]) == ("2636.50", "500.94", "3137.44")


def test_unusual_layout_quantity_column_first():
    lines = extract_fields(unusual_quote()).fields["lines"]
    assert [(ln["description"], ln["quantity"], ln["unit_price"], ln["amount"]) for ln in lines] == [
        ("Hydraulic pump HP-20", "2", "1250.00", "2500.00"),
        ("Seal kit", "3", "45.50", "136.50"),
    ]


def test_table_continues_on_the_next_page():
    f = extract_fields(two_page_invoice()).fields
    assert len(f["lines"]) == 12
    assert f["lines"][10] == {
        "description": "Widget type 11",
        "quantity": "1",
        "unit_price": "5.50",
        "amount": "5.50",
        "tax_rate": "0",
    }
    assert f["lines"][11]["description"] == "Widget type 12, extra long description line"
    assert f["lines"][0]["tax_rate"] == "10"
    assert (f["document_number"], f["po_number"], f["currency"]) == ("BR-55012", "K7-0091", "USD")
    assert (f["subtotal"], f["tax_total"], f["total"]) == ("208.50", "20.30", "228.80")


def test_misread_amount_is_repaired_by_line_arithmetic():
    pages = english_invoice()
    words = [
        Word("¥5,OOO", w.left, w.top, w.width, w.height, 40.0, w.line) if w.text == "¥5,000" else w
        for w in pages[0].words
    ]
    pages[0].words = words
    assert extract_fields(pages).fields["lines"][0]["amount"] == "5000"


def test_misread_quantity_is_chosen_by_arithmetic():
    pages = english_invoice()
    pages[0].words = [
        Word("9", w.left, w.top, w.width, w.height, 40.0, w.line) if w.text == "4" and w.top > 600 else w
        for w in pages[0].words
    ]
    assert extract_fields(pages).fields["lines"][0]["quantity"] == "4"


def test_empty_document_gives_empty_fields():
    f = extract_fields([Page(number=1, width=100, height=100)]).fields
    assert f["lines"] == [] and f["total"] is None and f["document_number"] is None


def test_figures_with_commas_do_not_make_a_level_page_look_tilted():
    # Tesseract read each table row's figures as a line: a short '1' beside a taller '1,250'
    # (the comma reaches below the baseline) are level, though their bottoms differ.
    rows = [Word(q, 1030, 925 + 62 * n, 12, 19, 95.0, n) for n, q in enumerate("12345")]
    rows += [Word(a, 1400, 925 + 62 * n, 70, 24, 95.0, n) for n, a in enumerate(
        ["1,250", "134,000", "15,600", "61,500", "136,800"])]
    assert skew_of(Page(number=1, width=1655, height=2339, words=rows)) == 0.0
    tilted = [Word(w.text, w.left, w.top + round(0.02 * (w.left + w.width / 2)), w.width, 19, 95.0, w.line)
              for w in rows]
    assert abs(skew_of(Page(number=1, width=1655, height=2339, words=tilted)) - 0.02) < 0.002


@pytest.mark.parametrize(("read", "reference"), [
    ("05-0852-l", "05-0852-I"),  # a sans-serif capital I read as a lower-case L
    ("05-0852-|", "05-0852-I"),
    ("inv-2026-l", "inv-2026-l"),  # a reference in lower case keeps its letters
    ("No.AB-1234", "AB-1234"),
    ("SK.2610-0044", "SK-2610-0044"),  # the dash after its letters read as a stop, beside a dash of its own
    ("No.2610-0044", "2610-0044"),
    ("AB.2610", "AB.2610"),  # a stop with no dash in the number: as printed
])
def test_a_reference_is_read_as_printed(read, reference):
    token = Token(read, 1, 0, 0, 100, 20, (0, 0, 100, 20), 90.0, 0, 1)
    assert parse_identifier([token]) == (reference, [token])
