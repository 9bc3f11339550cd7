"""The totals, chosen together from every printed figure: labels found anywhere near a value,
the document's arithmetic deciding between them and finding the figures no label names."""
from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_FLOOR, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocr.extract import extract_fields
from ocr.extract.cues import cues_of, labels_in
from ocr.extract.figures import figures_of
from ocr.extract.layout import document_of
from ocr.extract.totals import read_totals
from ocr.model import Word
from tests.ocr.builders import page


def _yen(value: Decimal) -> str:
    return f"¥{value:,.0f}"


def _table(lines: list[tuple[int, int]], top: int = 700) -> list:
    rows = [(top, [(100, "Description"), (900, "Qty"), (1100, "Unit price"), (1350, "Amount")])]
    for n, (quantity, price) in enumerate(lines):
        rows.append((top + 60 * (n + 1), [(100, f"Item {n + 1}"), (920, str(quantity)), (1100, f"{price:,}"),
                                           (1350, f"{quantity * price:,}")]))
    return rows


def _totals_of(rows: list) -> dict:
    return extract_fields([page(rows)]).fields


def test_a_label_anywhere_in_the_text_before_a_figure_names_it():
    rows = _table([(1, 1_371_450)]) + [
        (900, [(800, "Total net"), (1300, "¥1,371,450")]),
        (950, [(800, "plus consumption tax 10 %"), (1300, "¥137,145")]),
        (1000, [(800, "Invoice amount"), (1300, "¥1,508,595")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("1371450", "137145", "1508595")


def test_a_total_no_label_names_is_found_by_the_arithmetic():
    # 'Grand sum' is in no lexicon: subtotal + tax = the only figure that closes the sum.
    rows = _table([(2, 5_000)]) + [
        (900, [(800, "Subtotal"), (1300, "¥10,000")]),
        (950, [(800, "Tax 10%"), (1300, "¥1,000")]),
        (1000, [(800, "Grand sum"), (1300, "¥11,000")]),
        (1100, [(100, "Account 4711"), (1300, "¥9,999")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("10000", "1000", "11000")


def test_a_total_equal_to_its_subtotal_charged_no_tax_whatever_figure_the_tax_caption_shows():
    """'TVA non applicable, art. 293 B du CGI' between 'Total HT' and 'Net à payer', both the same:
    the article's number is no tax; the tax is nought."""
    rows = [
        (700, [(100, "Désignation"), (900, "Qté"), (1100, "Prix unitaire"), (1350, "Montant")]),
        (760, [(100, "Création logo"), (920, "1"), (1100, "980,00 €"), (1350, "980,00 €")]),
        (820, [(100, "Charte graphique"), (920, "1"), (1100, "400,00 €"), (1350, "400,00 €")]),
        (900, [(836, "Total HT"), (1316, "1 380,00 €")]),
        (950, [(836, "TVA non applicable, art. 293 B du CGI")]),
        (1000, [(836, "Net à payer"), (1316, "1 380,00 €")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("1380.00", "0.00", "1380.00")


def test_a_row_of_captions_over_a_row_of_figures():
    rows = _table([(3, 1_000), (1, 2_000)]) + [
        (900, [(300, "小計"), (700, "消費税"), (1100, "合計")]),
        (960, [(300, "¥5,000"), (700, "¥500"), (1100, "¥5,500")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("5000", "500", "5500")


def test_captions_over_figures_set_right_in_their_cells_with_a_currency_after_them():
    """'Netto bedrag' at its cell's left over '1.723,00 EUR' at its right; the tax's caption lost,
    a line's amount misread: the captions still name their figures, and the printed subtotal
    mends the line."""
    rows = [
        (700, [(100, "Omschrijving"), (900, "Aant."), (1100, "Prijs"), (1350, "Bedrag")]),
        (760, [(100, "RVS werktafel"), (920, "3"), (1100, "542,40"), (1350, "1697,90")]),  # 1627,20 misread
        (820, [(100, "Reservemes"), (920, "3"), (1100, "55,60"), (1350, "166,80")]),
        (880, [(100, "Korting"), (920, "1"), (1100, "-71,00"), (1350, "-71,00")]),
        (960, [(256, "Netto bedrag"), (1124, "Te betalen")]),
        (1010, [(373, "1.723,00 EUR"), (839, "0,00 EUR"), (1208, "1.723,00 EUR")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("1723.00", "0.00", "1723.00")
    assert fields["lines"][0]["amount"] == "1627.20"


def test_qualified_invoice_lines_per_rate_pair_taxable_and_tax_by_their_arithmetic():
    rows = _table([(12, 3_600), (2, 880)]) + [
        (900, [(800, "10%対象 ¥1,760"), (1200, "消費税 ¥176")]),
        (950, [(800, "8%対象 ¥43,200"), (1200, "消費税 ¥3,456")]),
        (1000, [(800, "ご請求金額"), (1200, "¥48,592")]),
    ]
    fields = _totals_of(rows)
    assert fields["total"] == "48592" and fields["tax_total"] == "3632" and fields["subtotal"] == "44960"
    assert sorted(fields["tax_breakdown"], key=lambda t: t["rate"]) == [
        {"rate": "10", "taxable": "1760", "tax": "176"}, {"rate": "8", "taxable": "43200", "tax": "3456"}]


@pytest.mark.parametrize("garbled_rate", ["Q09%)", "(1O%"])
def test_a_tax_whose_rate_ocr_garbled_is_the_tax_of_the_taxable_amount_just_over_it(garbled_rate):
    # The total garbled past reading: the tax is the two rates' taxes together, not the one whose
    # rate was read as 9 % or not at all.
    rows = _table([(1, 423_180), (1, 398_350)]) + [
        (900, [(800, "税抜小計"), (1300, "821,530円")]),
        (950, [(800, "10% 対象税抜"), (1300, "423,180円")]),
        (1000, [(800, "消費税額"), (920, garbled_rate), (1300, "42,318円")]),
        (1050, [(800, "※8% 対象"), (1300, "398,350円")]),
        (1100, [(800, "消費税額 (8%)"), (1300, "31,868円")]),
        (1150, [(800, "Total incl. tax"), (1250, "8#5,7l6F4")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("821530", "74186", "895716")


def test_income_tax_withheld_beside_its_rate_read_as_a_figure_leaves_the_total_misread_in_one_digit():
    # '(10.21%)' read as '(10.2196)' beside the tax withheld, '115,500円' as '115,504': the total is
    # still the subtotal and its tax, what is left to pay that less the tax withheld.
    rows = _table([(1, 50_000), (1, 25_000), (1, 30_000)]) + [
        (900, [(660, "小計"), (1185, "105,000円")]),
        (950, [(660, "消費税 (10% 対象 105,000円)"), (1197, "10,500円")]),
        (1000, [(661, "合計 (税込)"), (1186, "115,504")]),
        (1050, [(659, "源泉徴収税額"), (794, "(10.2196)"), (1173, "△"), (1196, "10,720円")]),
        (1100, [(659, "差引御請求額"), (1162, "104,780円")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("105000", "10500", "115500")


def test_the_income_tax_withheld_is_the_figure_printed_with_its_minus_not_one_of_its_formula():
    """A scrivener's fee (taxed) and the registration tax paid for the client (not taxed): the
    tax withheld is worked out on the fee in a line of its own ('(報酬額 88,000円 - 10,000円) ×
    10.21%') and printed with its minus under the total; the fee in the formula is withheld from
    nothing, though the fee and its tax less it leave the fees' sum."""
    rows = _table([(1, 55_000), (1, 33_000), (1, 60_000), (1, 13_600)]) + [
        (1000, [(510, "小 計"), (1216, "88,000"), (1413, "73,600")]),
        (1100, [(185, "税率別内訳"), (884, "報酬額 計"), (1384, "88,000円")]),
        (1122, [(185, "10% 対象"), (303, "88,000円"), (425, "消費税"), (521, "8,800円"), (885, "立替金 計"),
                (1384, "73,600円")]),
        (1189, [(185, "不課税 立替金"), (388, "73,600円")]),
        (1216, [(885, "小計 (税抜)"), (1373, "161,600円")]),
        (1267, [(173, "源泉徴収税額 = (報酬額"), (452, "88,000円"), (556, "-"), (576, "10,000円"), (692, ")×"),
                (884, "消費税 (10%)"), (1400, "8,800円")]),
        (1305, [(160, "10.21% (1円未満切捨て)")]),
        (1335, [(885, "合計"), (1367, "170,400円")]),
        (1394, [(885, "源泉徴収税額"), (1373, "△7,963円")]),
        (1454, [(885, "差引ご請求額"), (1367, "162,437円")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("161600", "8800", "170400")


def test_a_grid_of_rates_gives_the_whole_not_one_rates_share():
    # Rows: taxable, tax, with tax; columns: 10%, 8%, all. Only the last column is the document's.
    rows = _table([(10, 26_082), (1, 29_620)]) + [
        (900, [(700, "10%"), (950, "8%対象"), (1200, "合計")]),
        (960, [(300, "税抜額"), (700, "260,820"), (950, "29,620"), (1200, "290,440")]),
        (1020, [(300, "税額"), (700, "26,082"), (950, "2,369"), (1200, "28,451")]),
        (1080, [(300, "税込額"), (700, "286,902"), (950, "31,989"), (1200, "318,891")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("290440", "28451", "318891")


def test_a_printed_tax_that_breaks_the_rate_is_kept_when_its_label_is_clear():
    # A real tax mismatch: the supplier printed 1,200 where 10% of 10,000 is 1,000.
    rows = _table([(1, 10_000)]) + [
        (900, [(800, "Subtotal"), (1300, "¥10,000")]),
        (950, [(800, "Consumption tax 10%"), (1300, "¥1,200")]),
        (1000, [(800, "Total"), (1300, "¥11,200")]),
    ]
    fields = _totals_of(rows)
    assert (fields["tax_total"], fields["total"]) == ("1200", "11200")


def test_account_and_phone_numbers_are_no_figures():
    rows = [
        (100, [(100, "Phone"), (300, "+81 3 5789 2210")]),
        (150, [(100, "Account no."), (300, "40-22871")]),
        (200, [(100, "Bank account"), (300, "6184402")]),
        (300, [(100, "Total"), (300, "¥5,500")]),
    ]
    figures = figures_of(document_of([page(rows)]), set(), "JPY")
    assert [f.value for f in figures] == [Decimal(5500)]


@pytest.mark.parametrize(("text", "field"), [
    ("plus consumption tax 10 %", "tax"),
    ("〔8%対象 消費税〕", "tax"),
    ("Subtotal (excl. tax)", "subtotal"),
    ("合計(税抜)", "subtotal"),
    ("Reg. no. (JCT)", "registration_number"),
    ("税込御請求額", "total"),
    ("Montant HT", "subtotal"),
    ("Total TTC", "total"),
    ("MwSt.", "tax"),
    ("Totaal incl. BTW", "total"),
    ("前回御請求額", "other_amount"),
])
def test_the_label_nearest_a_figure_names_it(text, field):
    rows = [(100, [(100, text), (900, "¥1,000")])]
    doc = document_of([page(rows)])
    row = doc.rows[0]
    cues = cues_of(doc, row, [row.tokens[-1]])
    assert cues and cues[0].field == field


def test_labels_are_found_inside_longer_text_but_not_inside_words():
    assert [f for f, _, _ in labels_in("Please transfer the invoice amount of")] == ["total"]
    assert labels_in("Notes on the November delivery") == ()


def _rounded_tax(base: int, rate: int) -> int:
    return int((Decimal(base) * rate / 100).to_integral_value(rounding=ROUND_FLOOR))


@settings(max_examples=60, deadline=None)
@given(
    lines=st.lists(st.tuples(st.integers(1, 20), st.integers(100, 50_000)), min_size=1, max_size=4),
    rate=st.sampled_from([8, 10]),
    decoys=st.lists(st.integers(1_000, 2_000_000), max_size=3),
    labelled=st.booleans(),
)
def test_the_arithmetic_picks_the_figures_that_add_up(lines, rate, decoys, labelled):
    subtotal = sum(q * p for q, p in lines)
    tax = _rounded_tax(subtotal, rate)
    total = subtotal + tax
    names = ("Subtotal", f"Tax {rate}%", "Total") if labelled else ("Amount A", f"Amount B {rate}%", "Amount C")
    rows = _table(lines) + [
        (1000 + 60 * n, [(800, name), (1300, _yen(Decimal(value)))])
        for n, (name, value) in enumerate(zip(names, (subtotal, tax, total), strict=True))
    ] + [(1300 + 60 * n, [(100, "Reference"), (1300, _yen(Decimal(d)))]) for n, d in enumerate(decoys)]
    chosen = read_totals(document_of([page(rows)]), set(range(len(lines) + 1)), Decimal(subtotal), "JPY")
    assert (chosen.subtotal, chosen.tax_total, chosen.total) == (subtotal, tax, total)


class _Reading:
    def __init__(self, text: str, box) -> None:
        left, top, right, bottom = (int(v) for v in box)
        self.text, self.confidence = text, 90.0
        self.words = [Word(text, right - 120, top, 110, bottom - top, 90.0, 1)]


def test_a_totals_figure_ocr_lost_is_read_again_right_of_its_label():
    # No item table: nothing but the read figures can give the subtotal.
    rows = [
        (1000, [(100, "Goods total")]),
        (1050, [(100, "JCT 10%")]),
        (1120, [(100, "TOTAL PAYABLE"), (600, "¥99,990")]),
    ]
    lost = {1000: "90,900", 1050: "9,090"}
    asked: list[str] = []

    def reread(page_number, box, kind, height):
        asked.append(kind)
        text = next((v for y, v in lost.items() if box[1] <= y + 10 <= box[3]), None)
        return [_Reading(text, box)] if text else []

    fields = extract_fields([page(rows)], reread=reread).fields
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("90900", "9090", "99990")
    assert len([k for k in asked if k.startswith("figures")]) == 2  # only the two rows that lost their figure


def test_a_totals_caption_split_in_two_phrases_with_no_figure_is_read_without_failing():
    # 'Amount … due' set far apart: neither phrase alone names a total, the row does.
    rows = [(1000, [(100, "Goods total"), (600, "¥90,900")]), (1120, [(100, "Amount"), (700, "due")])]
    fields = extract_fields([page(rows)], reread=lambda page_number, box, kind, height: []).fields
    assert fields["subtotal"] == "90900"


def test_a_japanese_pages_lost_figures_are_read_again_in_japanese_with_their_yen_mark():
    """Read as English the 円 after a figure is a digit ('352円' as 3529), and the figures of this
    page as nothing at all; read as Japanese, the 円 is a mark."""
    rows = [
        (1000, [(100, "小計")]),
        (1050, [(100, "10%対象 税抜")]),
        (1100, [(100, "消費税(10%)")]),
        (1170, [(100, "ご請求総額"), (600, "3,872円")]),
    ]
    lost = {1000: "3,520", 1050: "3,520", 1100: "352"}

    def reread(page_number, box, kind, height):
        text = next((v for y, v in lost.items() if box[1] <= y + 10 <= box[3]), None)
        if text is None:
            return []
        if kind != "figures_ja":
            return []
        reading = _Reading(text, box)
        reading.words.append(Word("円", int(box[2]) - 8, int(box[1]), 8, int(box[3] - box[1]), 90.0, 1))
        return [reading]

    fields = extract_fields([page(rows)], reread=reread).fields
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("3520", "352", "3872")


def test_a_statement_row_of_figures_ocr_split_at_their_separators():
    # A month-end statement: previous balance, payment, carried, purchases, tax, amount billed;
    # two captions misread past recognition, the due date's label under the last figure.
    rows = [
        (500, [(100, "前回請求額"), (300, "MER"), (500, "TARR"), (700, "今回お買上額"), (950, "今回消費税額"),
               (1200, "BBE oes")]),
        (560, [(100, "58, 656"), (300, "58, 656"), (500, "0"), (700, "1, 213, 880"), (950, "115, 366"),
               (1200, "1, 329, 246")]),
        (620, [(1000, "お支払予定日 2026年11月30日")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("1213880", "115366", "1329246")


@pytest.mark.parametrize("ten_percent", ["10%対象", "1096対象"])  # the % read as 96
def test_a_summary_beside_the_per_rate_lines_keeps_each_figure_with_its_own_rate(ten_percent):
    # Left, the per-rate lines; right, subtotal, each rate's tax and the total. OCR ran each
    # left row into the right one, and lost the 8% tax on the left.
    rows = _table([(1, 630_400), (1, 2_360)]) + [
        (900, [(100, f"{ten_percent} ¥630,400"), (500, "消費税額(10%) ¥63,040"), (1000, "小計 ¥632,760")]),
        (950, [(100, "8%対象 ¥2,360"), (500, "消費税額(8%) igs"), (1000, "消費税額(10%) ¥63,040")]),
        (1000, [(1000, "消費税額(8%) ¥188")]),
        (1050, [(1000, "総合計 ¥695,988")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("632760", "63228", "695988")
    assert {t["rate"]: t["tax"] for t in fields["tax_breakdown"]} == {"10": "63040", "8": "188"}


def test_a_misread_rate_is_the_rate_its_own_taxable_amount_and_tax_show():
    rows = _table([(6, 14_500), (20, 31_900)]) + [
        (900, [(800, "小計"), (1300, "¥725,000")]),
        (950, [(800, "消費税 (20%)"), (1300, "¥72,500")]),  # 10% read as 20%
        (1000, [(800, "合計"), (1300, "¥797,500")]),
    ]
    fields = _totals_of(rows)
    assert fields["tax_breakdown"] == [{"rate": "10", "taxable": "725000", "tax": "72500"}]
    assert {line["tax_rate"] for line in fields["lines"]} == {"10"}


def test_a_yen_rate_its_figures_deny_stays_as_printed_for_the_matching_rules_to_report():
    """10% printed, the tax worked out at 8%: a tax mismatch, not a misread rate (8% and 10%
    are both rates Japan charges; 20% on a yen invoice is none, and a misreading)."""
    rows = _table([(6, 14_500), (20, 31_900)]) + [
        (900, [(800, "小計"), (1300, "¥725,000")]),
        (950, [(800, "消費税 (10%)"), (1300, "¥58,000")]),
        (1000, [(800, "合計"), (1300, "¥783,000")]),
    ]
    fields = _totals_of(rows)
    assert fields["tax_breakdown"] == [{"rate": "10", "taxable": "725000", "tax": "58000"}]
    assert {line["tax_rate"] for line in fields["lines"]} == {"10"}


def test_a_rate_its_figures_bear_out_stays_as_printed():
    rows = _table([(6, 14_500), (20, 31_900)]) + [
        (900, [(800, "Net"), (1300, "£725,000")]),
        (950, [(800, "VAT (20%)"), (1300, "£145,000")]),
        (1000, [(800, "Total"), (1300, "£870,000")]),
    ]
    assert _totals_of(rows)["tax_breakdown"] == [{"rate": "20", "taxable": "725000", "tax": "145000"}]


@pytest.mark.parametrize(("vat", "tax", "total"), [("VAT 0% (zero-rated export)", "0.00", "2670.00"),
                                                   ("VAT 20%", None, None)])
def test_a_zero_rated_document_whose_tax_and_total_figures_ocr_lost(vat, tax, total):
    rows = [
        (636, [(100, "Item"), (900, "Units"), (1100, "Unit cost"), (1350, "Net")]),
        (684, [(100, "27-inch monitor"), (920, "5"), (1100, "279.00"), (1350, "1,395.00")]),
        (732, [(100, "Safety helmet"), (920, "50"), (1100, "25.50"), (1350, "1,275.00")]),
        (972, [(800, "Goods total")]), (1008, [(800, vat)]), (1068, [(800, "QUOTED TOTAL")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("2670.00", tax, total)


@pytest.mark.parametrize(("total", "tax"), [("1,120.00", "0.00"),  # '$0.00' read as 30.00 under a stamp
                                            ("1,150.00", "30.00")])  # the total says tax was charged
def test_a_zero_rated_documents_tax_is_none_unless_its_total_says_otherwise(total, tax):
    rows = [
        (636, [(100, "Item"), (900, "Units"), (1100, "Unit cost"), (1350, "Net")]),
        (684, [(100, "27-inch monitor"), (920, "2"), (1100, "279.00"), (1350, "558.00")]),
        (732, [(100, "USB-C docking station"), (920, "2"), (1100, "281.00"), (1350, "562.00")]),
        (972, [(800, "Subtotal (excl. tax)"), (1350, "US$1,120.00")]),
        (1008, [(800, "Tax 0% (export)"), (1350, "30.00")]),
        (1068, [(800, "Total amount"), (1350, f"US${total}")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("1120.00", tax, total.replace(",", ""))


def _rated_table(rate_printed: str) -> list:
    return [
        (700, [(100, "品名"), (900, "数量"), (1050, "単価"), (1200, "税率"), (1350, "金額")]),
        (760, [(100, "コーヒー豆 1kg"), (920, "12"), (1050, "3,600"), (1200, rate_printed), (1350, "43,200")]),
        (820, [(100, "ボールペン黒"), (920, "2"), (1050, "880"), (1200, "10%"), (1350, "1,760")]),
    ]


@pytest.mark.parametrize("rate_printed", ["8%", "89%*"])  # the % read as a 9
def test_one_tax_for_two_rates_is_split_by_the_lines_that_carry_each(rate_printed):
    rows = _rated_table(rate_printed) + [
        (900, [(800, "小計"), (1300, "¥44,960")]),
        (950, [(800, "消費税"), (1300, "¥3,632")]),
        (1000, [(800, "合計"), (1300, "¥48,592")]),
    ]
    fields = _totals_of(rows)
    assert [line["tax_rate"] for line in fields["lines"]] == ["8", "10"]
    assert fields["tax_breakdown"] == [{"rate": "10", "taxable": "1760", "tax": "176"},
                                       {"rate": "8", "taxable": "43200", "tax": "3456"}]


def test_a_printed_taxable_amount_its_tax_denies_gives_way_to_the_subtotal():
    rows = _table([(12, 1_080)]) + [
        (900, [(800, "8%対象"), (1300, "¥12,969")]),  # 12,960 with a 0 read as 9
        (950, [(800, "消費税(8%)"), (1300, "¥1,036")]),
        (1000, [(800, "合計"), (1300, "¥13,996")]),
    ]
    assert _totals_of(rows)["tax_breakdown"] == [{"rate": "8", "taxable": "12960", "tax": "1036"}]



def test_captions_over_figures_past_specks_and_per_rate_lines_under_them():
    # Dust between the captions and the figures; under them, each rate's line, run into one
    # phrase, names its own figures and not the subtotal above it.
    from dataclasses import replace

    rows = _table([(1, 1_032_680)]) + [
        (1000, [(316, "AGH"), (787, "消費税等"), (1238, "税込合計")]),
        (1030, [(479, "。"), (508, "。")]),
        (1060, [(452, "¥1,107,180"), (925, "¥103,471"), (1329, "¥1,210,651")]),
        (1100, [(152, "10% ¥744,800消費税(10%) ¥74,480")]),
        (1140, [(153, "※ 8%対象 ¥362,380 消費税(8%) ¥28,991")]),
    ]
    p = page(rows)
    p.words = [replace(w, confidence=20.0) if w.text in ("AGH", "。") else w for w in p.words]
    cues = {f.value: {(c.field, c.relation) for c in f.cues} for f in figures_of(document_of([p]), set(), "JPY")}
    assert cues[Decimal(103471)] == {("tax", "above")}
    assert cues[Decimal(1210651)] == {("total", "above")}
    assert cues[Decimal(1107180)] == set()


def test_captions_set_close_together_name_each_the_figure_straight_under_it():
    """A row of captions OCR ran into one phrase over a row of figures: each figure is named by
    the words straight over it, not all by the last caption of the phrase, though OCR ran the
    figures into phrases too and a speck after the last."""
    rows = _table([(1, 1_428_240)]) + [
        (1000, [(600, "本体価格合計 消費税(10%) 消費税(8%) 税込合計")]),
        (1040, [(600, "¥1,428,240"), (745, "¥109,991"), (860, "¥26,266"), (950, "¥1,564,497 ©")]),
    ]
    figures = figures_of(document_of([page(rows)]), set(), "JPY")
    cues = {f.value: {(c.field, c.relation) for c in f.cues} for f in figures}
    assert cues[Decimal(1428240)] == {("subtotal", "above")}
    assert cues[Decimal(109991)] == {("tax", "above")}
    assert cues[Decimal(26266)] == {("tax", "above")}
    assert cues[Decimal(1564497)] == {("total", "above")}


def test_a_caption_wider_than_its_figure_stays_whole():
    rows = _table([(1, 500)]) + [
        (1000, [(600, "Grand total")]),
        (1040, [(665, "¥550")]),
    ]
    figures = figures_of(document_of([page(rows)]), set(), "JPY")
    total = next(f for f in figures if f.value == Decimal(550))
    assert [(c.field, c.label) for c in total.cues] == [("total", "grand total")]


def _summary_of_two_rates(caption_8: list, head: list | None = None, per_rate: list | None = None) -> dict:
    """A line OCR lost (the lines add up short); under them subtotal, each rate's tax and the
    total on one row, the subtotal's and the total's captions garbled."""
    rows = ([head] if head else []) + _table([(1, 1_099_910), (1, 321_490)]) + [
        (1100, [(600, "ROH"), (850, "消費税(10%)"), *caption_8]),
        (1150, [(600, "¥1,428,240"), (850, "¥109,991"), (1150, "¥26,266"), (1330, "¥1,564,497")]),
    ] + ([per_rate] if per_rate else [])
    fields = _totals_of(rows)
    return (fields["subtotal"], fields["tax_total"], fields["total"])


def test_a_row_with_each_rates_tax_is_the_documents_own_figures_not_one_rates_shares():
    """Subtotal + the 10% tax + the 8% tax = total on one row: the figures of no one rate."""
    assert _summary_of_two_rates([(1100, "ME"), (1180, "(8%)")]) == ("1428240", "136257", "1564497")


def test_a_total_printed_twice_though_no_caption_names_it_stands_for_the_amount_due():
    """The amount due at the head of the page and again under the table, both captions garbled;
    one rate's tax named beside its base: the total printed twice, with the subtotal and both
    taxes beside it, outweighs the lines' short sum with one rate's tax."""
    head = (150, [(100, "請求書"), (1100, "¥1,564,497")])
    per_rate = (1300, [(600, "10%対象"), (850, "¥1,099,910"), (1100, "消費税(10%)"), (1330, "¥109,991")])
    assert _summary_of_two_rates([(1100, "ME (8%)")], head, per_rate) == ("1428240", "136257", "1564497")


def test_a_rate_whose_percent_sign_ocr_read_as_a_digit_names_its_figure():
    rows = _table([(1, 1_000)]) + [(1000, [(788, "※ 89 対象"), (1400, "257,830円")])]
    figure = next(f for f in figures_of(document_of([page(rows)]), set(), "JPY") if f.value == Decimal(257830))
    assert (figure.named, figure.rate) == ("taxable", Decimal(8))


def test_a_rates_taxable_amount_the_lines_misstate_is_the_subtotal_less_the_other_rates():
    """One line's 8% read as 10%: the lines at 10% come to more than the 10% tax allows; the
    subtotal less the printed 8% taxable amount fits it."""
    rows = [
        (700, [(100, "品名"), (900, "数量"), (1050, "単価"), (1200, "税率"), (1350, "金額")]),
        (760, [(100, "コピー用紙"), (920, "10"), (1050, "1,000"), (1200, "10%"), (1350, "10,000")]),
        (820, [(100, "緑茶"), (920, "10"), (1050, "2,000"), (1200, "10%"), (1350, "20,000")]),  # printed 8%
        (880, [(100, "上白糖"), (920, "5"), (1050, "1,000"), (1200, "8%"), (1350, "5,000")]),
        (950, [(800, "小計"), (1300, "¥35,000")]),
        (1000, [(800, "8%対象"), (1300, "¥25,000")]),
        (1050, [(800, "消費税(8%)"), (1300, "¥2,000")]),
        (1100, [(800, "消費税(10%)"), (1300, "¥1,000")]),
        (1150, [(800, "合計"), (1300, "¥38,000")]),
    ]
    breakdown = {t["rate"]: (t["taxable"], t["tax"]) for t in _totals_of(rows)["tax_breakdown"]}
    assert breakdown == {"10": ("10000", "1000"), "8": ("25000", "2000")}


@pytest.mark.parametrize(("high", "low"), [("21", "9"), ("20", "5,5"), ("21", "6")])
def test_per_rate_tax_lines_at_europes_rates(high, low):
    """Tax per rate at rates Japan does not use (BTW 21% and 9%, TVA 20% and 5,5%), the low rate's
    figures lost: the rest of the tax is that rate's."""
    low_rate = Decimal(low.replace(",", "."))
    high_base, low_base = Decimal("306.40"), Decimal("256.50")
    high_tax = (high_base * Decimal(high) / 100).quantize(Decimal("0.01"))
    low_tax = (low_base * low_rate / 100).quantize(Decimal("0.01"))
    def eur(v: Decimal) -> str:
        return f"EUR {v:.2f}".replace(".", ",")
    rows = [
        (700, [(100, "Omschrijving"), (900, "Aantal"), (1100, "Prijs"), (1350, "Bedrag")]),
        (760, [(100, "Vacuümzakken"), (920, "8"), (1100, "38,30"), (1350, "306,40")]),
        (820, [(100, "Goudse kaas"), (920, "5"), (1100, "51,30"), (1350, "256,50")]),
        (900, [(652, "Totaal excl. BTW"), (997, "BTW-bedrag"), (1321, "Totaalbedrag")]),
        (960, [(741, eur(high_base + low_base)), (1078, eur(high_tax + low_tax)),
               (1367, eur(high_base + low_base + high_tax + low_tax))]),
        (1040, [(571, f"Omzet {high}% BTW"), (1016, eur(high_base)), (1136, f"BTW {high}%"), (1436, eur(high_tax))]),
        (1090, [(571, f"Grondslag {low}% (laag)")]),
    ]
    breakdown = {t["rate"]: t["tax"] for t in _totals_of(rows)["tax_breakdown"]}
    assert breakdown == {high: f"{high_tax:.2f}", str(low_rate): f"{low_tax:.2f}"}


def _chosen(rows: list, lines_sum: str) -> tuple:
    totals = read_totals(document_of([page(rows)]), set(), Decimal(lines_sum), "JPY")
    return tuple(None if v is None else str(v) for v in (totals.subtotal, totals.tax_total, totals.total))


def test_a_summary_row_that_lost_its_captions_when_one_rates_tax_is_read():
    """Subtotal, tax and total in one row, their captions lost; the table lost lines (their sum
    falls short) and only the 10 % rate's tax was read of the two rates printed. Three figures
    that add up on a row with no rate are the document's totals, not one rate's shares."""
    rows = [
        (1010, [(451, "¥"), (477, "863,760"), (952, "¥"), (974, "80,727"), (1396, "¥"), (1422, "944,487")]),
        (1060, [(109, "10%対象"), (716, "¥581,300"), (826, "消費税(10%)"), (1335, "¥58,130")]),
        (1110, [(109, "*8%対象")]),
    ]
    assert _chosen(rows, "725980") == ("863760", "80727", "944487")


def test_the_rates_taxable_amounts_each_confirmed_by_its_tax_outweigh_lines_ocr_lost():
    """A fax's summary row, its captions garbled and its total garbled past reading; under it each
    rate's taxable amount and tax, each tax the amount at its rate. The table lost lines, so their
    sum falls short: the rates' amounts, which the printed subtotal repeats, are the subtotal."""
    rows = [
        (1010, [(442, "¥1,067,870"), (931, "¥97,736"), (1318, "wL165,606")]),
        (1060, [(149, "10%対象"), (249, "¥615,330"), (373, "消費税(10%)"), (544, "¥61,533")]),
        (1110, [(148, "軽減税率8%対象"), (348, "¥452,540"), (460, "消費税(8%)"), (620, "¥36,203")]),
    ]
    assert _chosen(rows, "800000") == ("1067870", "97736", "1165606")


def test_a_subtotal_printed_under_its_caption_outweighs_the_rates_amounts_one_misread():
    """The 10 % rate's taxable amount misread by its last digit, its tax still fitting it: the
    rates' amounts add up to a figure printed nowhere, the printed subtotal stands."""
    rows = [
        (609, [(783, "税抜小計"), (1391, "1,219,340円")]),
        (656, [(785, "10%対象額"), (1391, "1,018,686円")]),
        (705, [(785, "消費税(10%)"), (1416, "101,868円")]),
        (753, [(784, "軽減税率8%対象"), (1411, "200,660円")]),
        (801, [(785, "消費税(8%)"), (1429, "16,053円")]),
        (848, [(785, "消費税額"), (1419, "117,921円")]),
    ]
    assert _chosen(rows, "1070200")[:2] == ("1219340", "117921")


def test_one_rates_tax_is_not_the_documents_when_two_rates_are_printed():
    # The 8 % rate's figures read, the 10 % rate's lost; figures of lines the table could not
    # place under them (2,200 is 20 % of 11,000: no tax at the printed rates).
    rows = [
        (960, [(100, "8%対象"), (400, "¥258,080"), (826, "消費税(8%)"), (1335, "¥20,646")]),
        (1000, [(100, "10%対象")]),
        (1040, [(100, "Cleaning"), (700, "11,000"), (900, "2,200"), (1100, "13,200")]),
    ]
    assert _chosen(rows, "679300") == ("679300", None, None)


def test_a_subtotal_under_half_the_lines_is_none_of_the_documents():
    # A fax's summary garbled to a digit or two under each caption: the lines read, though some
    # were lost, add up to far more.
    rows = [(1000, [(100, "小計"), (400, "0")]), (1040, [(100, "消費税"), (400, "1")]),
            (1080, [(100, "合計"), (400, "1")])]
    assert _chosen(rows, "1152810")[0] == "1152810"


def test_one_rates_tax_misread_is_the_rest_of_the_whole_tax_where_that_fits():
    rows = _table([(1, 25_320), (1, 16_050)]) + [
        (900, [(800, "小計"), (1300, "¥41,370")]),
        (940, [(800, "8%対象"), (1000, "¥16,050"), (1100, "消費税(8%)"), (1300, "¥1,284")]),
        (980, [(800, "10%対象"), (1100, "消費税(10%)"), (1300, "¥2")]),
        (1020, [(800, "消費税合計"), (1300, "¥3,816")]),
        (1060, [(800, "合計"), (1300, "¥45,186")]),
    ]
    taxes = {t["rate"]: (t["taxable"], t["tax"]) for t in _totals_of(rows)["tax_breakdown"]}
    assert taxes == {"10": ("25320", "2532"), "8": ("16050", "1284")}


def test_a_printed_summary_with_tax_exempt_lines_keeps_its_low_tax():
    # 80,000 of advance payments exempt from tax: the tax is 2 % of the subtotal at a 10 % rate.
    rows = [
        (1000, [(100, "小計"), (400, "¥100,000")]),
        (1040, [(100, "消費税(10%)"), (400, "¥2,000")]),
        (1080, [(100, "合計"), (400, "¥102,000")]),
    ]
    assert _chosen(rows, "100000") == ("100000", "2000", "102000")


def test_a_percentage_in_an_items_name_is_no_tax_rate_of_a_yen_invoice():
    """Per-rate lines and no tax total printed: the tax is their sum, though an item's name
    prints a percentage ('次亜塩素酸ナトリウム 6%') that Japan charges no tax at."""
    rows = [
        (700, [(100, "品名"), (900, "数量"), (1100, "単価"), (1350, "金額"), (1500, "税区分")]),
        (760, [(100, "ニトリル手袋"), (920, "10"), (1100, "980"), (1350, "9,800"), (1500, "10%")]),
        (820, [(100, "次亜塩素酸ナトリウム 6% 20kg"), (920, "6"), (1100, "5,600"), (1350, "33,600"), (1500, "10%")]),
        (880, [(100, "クエン酸 1kg"), (920, "4"), (1100, "1,450"), (1350, "5,800"), (1500, "8%")]),
        (950, [(1000, "小計"), (1350, "49,200")]),
        (1000, [(700, "10% 対象 43,400 円 に対する消費税"), (1350, "4,340")]),
        (1050, [(700, "8% 対象 5,800 円 に対する消費税"), (1380, "464")]),
        (1100, [(1000, "合計金額"), (1350, "54,004")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("49200", "4804", "54004")


@pytest.mark.parametrize("total_taxed", ["10", "8"])
def test_a_total_that_leaves_out_one_rates_tax_keeps_both_rates_tax_in_the_tax_total(total_taxed):
    """Each rate's tax is its taxable amount at the rate and the taxables add up to the subtotal:
    the tax is their sum, though a total printed wrong (a spreadsheet's formula leaving one rate's
    tax out) closes with one rate's tax alone. The total stays as printed, for matching to flag."""
    tax = {"10": 1290, "8": 1649}
    printed_total = 33_522 + tax[total_taxed]
    rows = _table([(1, 12_904), (1, 20_618)]) + [
        (200, [(100, "御請求金額"), (400, f"¥{printed_total:,}")]),
        (900, [(800, "小計"), (1300, "33,522")]),
        (940, [(100, "10%対象 12,904円 (消費税 1,290円)"), (800, "消費税(10%)"), (1300, "1,290")]),
        (980, [(100, "8%対象 20,618円 (消費税 1,649円)"), (800, "消費税(8%)"), (1300, "1,649")]),
        (1020, [(800, "合計"), (1300, f"{printed_total:,}")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("33522", "2939", str(printed_total))


def test_an_amount_ocr_split_after_its_currency_signs_thousands():
    rows = _table([(2, 7_000), (1, 20_812)]) + [
        (200, [(100, "御請求金額"), (373, "¥34,"), (520, "812"), (624, "一")]),
        (900, [(800, "小計"), (1300, "34,812")]),
    ]
    assert _totals_of(rows)["total"] == "34812"


@pytest.mark.parametrize("pieces", [["259", ",292"], ["1", ",259", ",292"]])
def test_an_amount_ocr_split_before_its_thousands_separators_is_one_figure(pieces):
    rows = [(960, [(800, "御請求額"), *((1300 + 52 * n, piece) for n, piece in enumerate(pieces))])]
    figures = figures_of(document_of([page(rows)]), set(), "JPY")
    assert [(f.value, f.named) for f in figures] == [(Decimal("".join(pieces).replace(",", "")), "total")]


def test_a_tax_charged_on_top_of_another_on_the_same_amount_has_that_amount_as_its_base():
    """Canada's GST and PST, each on the whole subtotal: two taxes, one taxable amount."""
    rows = _table([(4, 45), (2, 43)]) + [
        (900, [(900, "SUBTOTAL"), (1300, "266.60")]),
        (940, [(900, "GST @ 5% on 266.60"), (1300, "13.33")]),
        (980, [(900, "PST @ 7%"), (1300, "18.66")]),
        (1020, [(900, "TOTAL"), (1300, "C$298.59")]),
    ]
    rows[1] = (rows[1][0], [(100, "Item 1"), (920, "4"), (1100, "45.00"), (1350, "180.00")])
    rows[2] = (rows[2][0], [(100, "Item 2"), (920, "2"), (1100, "43.30"), (1350, "86.60")])
    taxes = {t["rate"]: (t["taxable"], t["tax"]) for t in _totals_of(rows)["tax_breakdown"]}
    assert taxes == {"5": ("266.60", "13.33"), "7": ("266.60", "18.66")}


@pytest.mark.parametrize(("printed_rate", "rate", "tax"), [
    ("Sales Tax (8.875%)", "8.875", "98.32"),  # a state's and a city's sales tax together, printed
    ("Sales Tax 6.29 0, %)", "8.25", "91.39"),  # garbled: the figures show it
])
def test_a_us_sales_tax_at_a_rate_of_two_or_three_decimals(printed_rate, rate, tax):
    base = Decimal("1107.80")
    rows = [
        (600, [(129, "Item #"), (430, "Description"), (993, "Qty"), (1280, "Unit Price"), (1488, "Amount")]),
        (660, [(98, "BB-2210"), (238, "Aluminum sheet pan"), (1000, "8"), (1344, "138.475"), (1557, "1,107.80")]),
        (800, [(1189, "Merchandise Total"), (1537, "1,107.80")]),
        (840, [(1188, printed_rate), (1570, tax)]),
        (880, [(1239, "Invoice Total"), (1522, f"${base + Decimal(tax):,}")]),
        (1000, [(89, "Past-due balances are subject to a finance charge of 15% per month")]),
    ]
    fields = _totals_of(rows)
    assert [(t["rate"], t["taxable"], t["tax"]) for t in fields["tax_breakdown"]] == [(rate, "1107.80", tax)]


def test_a_tax_printed_wrong_keeps_the_rate_printed_beside_it():
    """VAT 20% of £2,454.70 is £490.94; £508.94 is printed: a tax printed wrong (for the matching
    rules to report), not a rate of 20.733%."""
    rows = [
        (600, [(100, "Description"), (993, "Qty"), (1280, "Rate"), (1488, "Amount")]),
        (660, [(100, "Stainless steel prep table"), (1000, "1"), (1280, "£2,454.70"), (1480, "£2,454.70")]),
        (800, [(1642, "Net Total"), (2169, "£2,454.70")]),
        (840, [(1502, "VAT 20% @ 20.0"), (2201, "£508.94")]),
        (880, [(1582, "Grand Total"), (2169, "£2,963.64")]),
    ]
    fields = _totals_of(rows)
    assert [(t["rate"], t["taxable"], t["tax"]) for t in fields["tax_breakdown"]] == [("20", "2454.70", "508.94")]


def test_a_sales_tax_on_the_taxable_lines_only_has_their_sum_for_base():
    """8.875% on the goods ($299.00), the services exempt, their 'Taxable' marks lost: the one sum
    of some lines the tax fits is its base, and the other lines are untaxed."""
    rows = [
        (600, [(100, "Item"), (900, "Qty"), (1100, "Rate"), (1350, "Amount")]),
        (660, [(100, "Consulting hours"), (920, "12"), (1100, "34.50"), (1350, "414.00")]),
        (720, [(100, "Installation service"), (920, "10"), (1100, "118.00"), (1350, "1,180.00")]),
        (780, [(100, "Site survey"), (920, "1"), (1100, "67.40"), (1350, "67.40")]),
        (840, [(100, "Cleaning supplies"), (920, "20"), (1100, "14.95"), (1350, "299.00")]),
        (900, [(1000, "Sub Total"), (1350, "1,960.40")]),
        (940, [(1000, "Sales Tax (8.875%)"), (1350, "26.54")]),
        (980, [(1000, "Total"), (1350, "$1,986.94")]),
    ]
    fields = _totals_of(rows)
    assert [(t["rate"], t["taxable"], t["tax"]) for t in fields["tax_breakdown"]] == [
        ("8.875", "299.00", "26.54"), ("0", "1661.40", "0.00")]
    assert [line["tax_rate"] for line in fields["lines"]] == ["0", "0", "0", "8.875"]


def test_a_sales_tax_worked_out_before_the_discount_on_lines_all_marked_taxable_stays_unexplained():
    """Every line marked 'T' (taxable), the discount too; the tax printed is 8.875% of the lines
    before the discount: no line is made untaxed to explain it, so the rules find the mismatch."""
    rows = [
        (600, [(100, "Description"), (1090, "TAX"), (1198, "QTY"), (1330, "RATE"), (1464, "AMOUNT")]),
        (660, [(100, "Corrugated boxes"), (1105, "T"), (1231, "3"), (1324, "18.75"), (1490, "56.25")]),
        (720, [(100, "Stretch film"), (1105, "T"), (1231, "4"), (1324, "64.20"), (1490, "256.80")]),
        (780, [(100, "Thermal labels"), (1105, "T"), (1231, "6"), (1324, "15.90"), (1490, "95.40")]),
        (840, [(100, "Shipping"), (1105, "T"), (1231, "1"), (1324, "48.75"), (1490, "48.75")]),
        (900, [(100, "Discount loyalty"), (1105, "T"), (1231, "1"), (1315, "-40.00"), (1490, "-40.00")]),
        (960, [(873, "SUBTOTAL"), (1483, "417.20")]),
        (1000, [(873, "TAX (8.875%)"), (1498, "40.58")]),
        (1040, [(873, "TOTAL"), (1483, "457.78")]),
    ]
    fields = _totals_of(rows)
    assert [(t["rate"], t["taxable"], t["tax"]) for t in fields["tax_breakdown"]] == [("8.875", "417.20", "40.58")]
    assert {line["tax_rate"] for line in fields["lines"]} == {"8.875"}


def test_a_tax_worked_out_before_an_unmarked_discount_leaves_no_discount_untaxed():
    """No tax column; GST 9% printed as 9% of the lines before the discount (68.72 on 763.60, the
    subtotal after it 743.60): a discount lowers the taxable goods it discounts, so it is not made
    the one untaxed line to explain the tax; the rules find the mismatch."""
    rows = [
        (600, [(100, "Description"), (990, "Qty"), (1200, "Unit Price"), (1464, "Amount")]),
        (660, [(100, "Disposable hairnet"), (1005, "24"), (1210, "4.50"), (1470, "108.00")]),
        (720, [(100, "Alcohol hand rub"), (1005, "24"), (1210, "6.80"), (1470, "163.20")]),
        (780, [(100, "PE shoe cover"), (1005, "12"), (1210, "5.20"), (1480, "62.40")]),
        (840, [(100, "Nitrile gloves"), (1005, "50"), (1210, "7.90"), (1470, "395.00")]),
        (900, [(100, "Delivery charges"), (1005, "1"), (1210, "35.00"), (1480, "35.00")]),
        (960, [(100, "Less: Discount"), (1005, "1"), (1200, "-20.00"), (1470, "-20.00")]),
        (1020, [(873, "Sub Total"), (1470, "743.60")]),
        (1060, [(873, "GST 9%"), (1480, "68.72")]),
        (1100, [(873, "Total"), (1470, "812.32")]),
    ]
    fields = _totals_of(rows)
    assert {line["tax_rate"] for line in fields["lines"]} == {"9"}


def test_lines_the_tax_column_calls_free_are_untaxed_with_a_row_of_their_own():
    """Every line 'GST Free', the summary's 'TOTAL GST 10%' printing 0.00: the lines are at 0%,
    and the breakdown says so, not 10% on the whole subtotal with no tax."""
    rows = [
        (600, [(159, "Description"), (838, "Quantity"), (1013, "Unit Price"), (1248, "GST"), (1352, "Amount AUD")]),
        (660, [(157, "Tasmanian pepperberry"), (899, "6.00"), (1057, "152.00"), (1189, "GST Free"), (1434, "912.00")]),
        (720, [(159, "Macadamia kernels"), (899, "5.00"), (1057, "198.00"), (1189, "GST Free"), (1434, "990.00")]),
        (780, [(157, "Trade discount"), (900, "1.00"), (1062, "-60.00"), (1189, "GST Free"), (1440, "-60.00")]),
        (840, [(1202, "Subtotal"), (1410, "1,842.00")]),
        (880, [(1104, "TOTAL GST 10%"), (1465, "0.00")]),
        (920, [(1148, "TOTAL AUD"), (1398, "1,842.00")]),
    ]
    fields = _totals_of(rows)
    assert [line["tax_rate"] for line in fields["lines"]] == ["0", "0", "0"]
    assert [(t["rate"], t["taxable"], t["tax"]) for t in fields["tax_breakdown"]] == [("0", "1842.00", "0.00")]


def test_a_vat_recap_of_rows_base_rate_tax_under_captions_gives_each_rates_figures():
    """A French recap table: 'Base HT  Taux  Montant TVA' over one row per rate, no label on them."""
    rows = [
        (600, [(100, "Désignation"), (900, "Qté"), (1100, "P.U. HT"), (1350, "Montant HT")]),
        (660, [(100, "Beurre doux 250 g"), (920, "10"), (1100, "33,50"), (1350, "335,00")]),
        (720, [(100, "Crème fraîche 1 L"), (920, "20"), (1100, "33,79"), (1350, "675,80")]),
        (800, [(158, "Récapitulatif TVA"), (984, "Total HT"), (1385, "1 010,80 €")]),
        (840, [(267, "Base HT"), (434, "Taux"), (537, "Montant TVA"), (984, "Total TVA"), (1385, "104,17 €")]),
        (880, [(270, "335,00 €"), (438, "20 %"), (615, "67,00 €"), (984, "Total TTC"), (1361, "1 114,97 €")]),
        (920, [(270, "675,80 €"), (431, "5,5 %"), (615, "37,17 €")]),
    ]
    fields = _totals_of(rows)
    assert [(t["rate"], t["taxable"], t["tax"]) for t in fields["tax_breakdown"]] == [
        ("20", "335.00", "67.00"), ("5.5", "675.80", "37.17")]


def _garbled(result_page, *texts: str, confidence: float = 5.0):
    """The page with the words given read as garble (OCR's confidence 5 of 100 unless given)."""
    result_page.words = [replace(w, confidence=confidence) if w.text in texts else w for w in result_page.words]
    return result_page


@pytest.mark.parametrize(("shred", "confidence"), [("0X17,", 5.0), ("75", 55.0)])
def test_a_totals_figure_ocr_garbled_is_read_again_right_of_its_label(shred, confidence):
    # A stamp over the total: OCR read a shred of it that is no figure of the document.
    rows = _table([(2, 45_000)]) + [
        (900, [(800, "Subtotal"), (1300, "¥90,000")]),
        (950, [(800, "Consumption tax 10%"), (1300, "¥9,000")]),
        (1000, [(800, "Total due"), (1150, shred)]),
    ]
    asked: list = []

    def reread(page_number, box, kind, height):
        asked.append(box)
        return [_Reading("99,000", box)] if box[1] <= 1010 <= box[3] else []

    fields = extract_fields([_garbled(page(rows), shred, confidence=confidence)], reread=reread).fields
    assert fields["total"] == "99000"
    assert len(asked) == 1 and asked[0][2] > 1150 + 60  # read past the shred, to the figures' right edge


def test_a_total_the_subtotal_taxed_at_a_rate_gives_stands_over_a_tax_no_rate_gives():
    # The rate and the tax lost under a stamp but for a '1' (the '10%'); no rate printed legibly.
    rows = _table([(2, 45_000), (1, 71_800)]) + [
        (900, [(800, "Subtotal")]),
        (950, [(800, "Consumption tax 1")]),
        (1000, [(800, "Total due"), (1000, "1"), (1300, "¥177,980")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("161800", "16180", "177980")


@pytest.mark.parametrize("tax", ["¥0", None])
def test_a_document_with_no_tax_and_no_rate_printed_keeps_a_tax_of_nothing(tax):
    rows = _table([(2, 45_000)]) + [
        (900, [(800, "Subtotal"), (1300, "¥90,000")]),
        (950, [(800, "Tax"), *([(1300, tax)] if tax else [])]),
        (1000, [(800, "Total due"), (1300, "¥90,000")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("90000", "0", "90000")


def test_a_figure_in_full_width_digits_split_at_its_comma_after_a_backslash_yen_is_one_figure():
    """'＼36，410': a Japanese font's yen sign (the backslash's code point) and a full-width comma
    a whole character wide, OCR reading the figure as two words."""
    rows = [
        (600, [(143, "品名"), (852, "数量"), (1037, "単価"), (1250, "金額")]),
        (720, [(143, "血液検査"), (852, "2"), (1037, "15,455"), (1250, "30,910")]),  # a line above it lost
        (1301, [(732, "小計"), (1192, "\\36,"), (1295, "410")]),
        (1355, [(732, "消費税(10%)"), (1218, "\\3,"), (1295, "641")]),
        (1432, [(735, "ご請求額"), (1140, "\\40,"), (1273, "051")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("36410", "3641", "40051")


@pytest.mark.parametrize("caption", ["TOTAL", "TOTAL # 81 HKS"])
def test_a_total_alone_that_the_lines_add_up_to_charges_no_tax(caption):
    """A Hong Kong invoice prints no tax, only 'TOTAL HK$' under its lines; a fax's OCR read the
    sign as '# 81 HKS', its mark straight after the caption no number's caption of its own."""
    rows = [
        (600, [(100, "Description"), (900, "Quantity"), (1100, "Unit Price"), (1350, "Amount")]),
        (660, [(100, "Marine LED navigation light"), (920, "4"), (1100, "680.00"), (1350, "2,720.00")]),
        (720, [(100, "Junction box IP67"), (920, "6"), (1100, "145.00"), (1350, "870.00")]),
        (800, [(1000, caption), (1350, "3,590.00")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("3590.00", "0.00", "3590.00")


@pytest.mark.parametrize("wrong_by", ["9.50", "-4.20", "0.01"])
def test_one_rates_tax_printed_wrong_beside_its_base_is_the_smaller_figure_of_its_row(wrong_by):
    """'VAT 19 % on 103,75 29,21' where 19% of 103,75 is 19,71: the tax printed wrong (for the
    matching rules to report) is still the smaller figure of its rate's row, its base the larger,
    and the taxes of both rates add up to the tax the total was worked out with. The rate stays
    19%, as the lines' tax column prints it too, though 29,21 on 103,75 is 28.15%."""
    def eur(v: Decimal) -> str:
        return f"{v:.2f}".replace(".", ",")
    low_base, high_base = Decimal("667.10"), Decimal("103.75")
    low_tax, high_tax = Decimal("46.70"), Decimal("19.71") + Decimal(wrong_by)
    total = low_base + high_base + low_tax + high_tax
    rows = [
        (600, [(200, "Pos."), (420, "Description"), (900, "Qty"), (1100, "Unit price €"), (1230, "VAT"),
               (1400, "Amount €")]),
        (660, [(230, "1"), (420, "Sweet paprika"), (920, "10"), (1120, "66,71"), (1230, "7%"), (1400, eur(low_base))]),
        (720, [(230, "2"), (420, "Aroma-protect tin"), (920, "25"), (1135, "4,15"), (1230, "19%"),
               (1400, eur(high_base))]),
        (800, [(976, "Net amount"), (1409, eur(low_base + high_base))]),
        (850, [(974, "VAT 7 % on"), (1123, eur(low_base)), (1424, eur(low_tax))]),
        (900, [(974, "VAT 19 % on"), (1140, eur(high_base)), (1425, eur(high_tax))]),
        (950, [(973, "Total amount"), (1320, f"{eur(total)} €")]),
    ]
    fields = _totals_of(rows)
    assert [(t["rate"], t["taxable"], t["tax"]) for t in fields["tax_breakdown"]] == [
        ("19", "103.75", str(high_tax)), ("7", "667.10", "46.70")]
    assert (fields["tax_total"], fields["total"]) == (str(low_tax + high_tax), str(total))


@pytest.mark.parametrize(("tax", "total"), [("3. 96", "£246 ,96"), ("3 .96", "£246. 96")])
def test_an_amounts_cents_ocr_set_apart_belong_to_it(tax, total):
    """A fax's 'Total VAT Amount 3. 96' and 'Invoice Total £246 ,96': the cents just after a
    figure are its own, not a figure of their own."""
    rows = [
        (600, [(150, "Description"), (900, "Qty"), (1100, "Price"), (1400, "Net")]),
        (660, [(150, "Label printer ribbons"), (920, "12"), (1100, "19.80"), (1400, "237.60")]),
        (720, [(150, "Carriage"), (920, "1"), (1100, "5.40"), (1400, "5.40")]),
        (800, [(1080, "Net Amount"), (1426, "243.00")]),
        (850, [(1080, "Total VAT Amount"), (1455, tax)]),
        (900, [(1080, "Invoice Total"), (1410, total)]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("243.00", "3.96", "246.96")


def test_a_yen_amount_keeps_no_cents_beside_it():
    figures = figures_of(document_of([page([(960, [(800, "合計"), (1300, "¥246 ,96")])])]), set(), "JPY")
    assert [f.value for f in figures] == [Decimal("246"), Decimal("96")]


@given(st.integers(1_000, 400_000), st.integers(1_000, 400_000))
@settings(max_examples=25, deadline=None)
def test_a_rate_s_base_wrapped_inside_its_caption_s_parentheses_is_its_taxable_amount(standard, reduced):
    """'Consumption tax 10% (on' over '¥36,560)': a caption cell wrapped inside its parentheses,
    its tax beside the first line or set between the two, and the bank's details in the column
    left of it. The figure closing the parentheses is the rate's taxable amount, not the next
    rate's tax."""
    standard_tax, reduced_tax = standard // 10, reduced * 8 // 100
    subtotal, tax = standard + reduced, standard_tax + reduced_tax
    rows = _table([(1, standard), (1, reduced)]) + [
        (900, [(900, "SUBTOTAL"), (1300, _yen(Decimal(subtotal)))]),
        (950, [(100, "Please transfer to Harbour Bank"), (880, "Consumption tax 10% (on"), (1300, _yen(standard_tax))]),
        (975, [(100, "Ordinary 0551923"), (1000, f"{_yen(Decimal(standard))})")]),
        (1025, [(880, "Consumption tax 8% * (on")]),
        (1050, [(1300, _yen(Decimal(reduced_tax)))]),
        (1075, [(1000, f"{_yen(Decimal(reduced))})")]),
        (1125, [(900, "TOTAL"), (1300, _yen(Decimal(subtotal + tax)))]),
    ]
    fields = _totals_of(rows)
    assert sorted((t["rate"], t["taxable"], t["tax"]) for t in fields["tax_breakdown"]) == [
        ("10", str(standard), str(standard_tax)), ("8", str(reduced), str(reduced_tax))]
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == (str(subtotal), str(tax), str(subtotal + tax))


def test_the_reduced_rate_note_beside_a_subtotal_whose_caption_ocr_garbled_names_no_figure():
    """'※印は軽減税率(8%)対象商品です。' printed left of the totals box, on the row of the subtotal
    whose caption OCR garbled: the note's 対象 is a sentence's, no caption of the subtotal's."""
    rows = _table([(1, 100_000), (2, 20_000)]) + [
        (1284, [(123, "※"), (148, "印は軽減税率(8%)対象商品です。"), (966, "as Bt BERD )"), (1410, "¥140,000")]),
        (1339, [(967, "10%"), (1018, "対象"), (1410, "¥100,000")]),
        (1390, [(990, "HIB"), (1074, "(10%)"), (1431, "¥10,000")]),
        (1441, [(966, "8%"), (1062, "(軽減"), (1174, "※)"), (1445, "¥40,000")]),
        (1493, [(989, "消費"), (1074, "(8%)"), (1434, "ALS")]),
        (1530, [(966, "合計金額"), (1074, "(税込)"), (1402, "¥153,200")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["total"]) == ("140000", "153200")
    # ('HIB (10%) ¥10,000': a rate after a garbled word is no taxable amount's caption)
    assert fields["tax_breakdown"] == [{"rate": "10", "taxable": "100000", "tax": "10000"},
                                       {"rate": "8", "taxable": "40000", "tax": "3200"}]


def test_a_rates_row_whose_caption_ocr_garbled_beside_the_rate_gives_that_rates_taxable_amount():
    """'10%対象 154,700 消費税 15,470' with 対象 read as garble ('WH'), the reduced-rate note's
    sentence before it on its row: the rate before the figure still makes it that rate's taxable
    amount, and the tax total the rates' taxes together."""
    rows = _table([(1, 154_700), (2, 22_680)]) + [
        (1853, [(1948, "小計"), (3170, "200,060")]),
        (1918, [(212, "※印は軽減税率(8%)対象品目です。"), (1950, "10%"), (2028, "WH"), (2103, "154,700"),
                (2275, "消費税"), (3196, "15,470")]),
        (1993, [(1947, "8%"), (2003, "対象"), (2100, "45,360"), (2231, "消費税"), (3216, "3,628")]),
        (2056, [(1947, "合計"), (3170, "219,158")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("200060", "19098", "219158")


def test_a_speck_read_as_a_full_stop_between_a_caption_and_its_figure_ends_no_sentence():
    rows = _table([(1, 400_000)]) + [
        (867, [(1022, "合計"), (1124, "。"), (1396, "440,000円")]),
        (820, [(1022, "小計"), (1396, "400,000円")]),
    ]
    assert _totals_of(rows)["total"] == "440000"


def test_one_rates_tax_garbled_to_a_figure_its_base_denies_is_no_part_of_the_tax():
    """'zzgl. 7 % USt. auf 645,00 € ABR 15 €' for 45,15 €: the 15 left of the garble is no tax of
    645,00 at 7 %, so the rates' taxes together say nothing; the total less the subtotal is the tax."""
    rows = [
        (1009, [(206, "Bezeichnung"), (950, "Menge"), (1140, "Einzelpreis €"), (1398, "Gesamt €")]),
        (1067, [(419, "Pfeffer schwarz"), (997, "10"), (1222, "64,50"), (1428, "645,00")]),
        (1115, [(417, "Versandkostenpauschale"), (1010, "2"), (1222, "35,90"), (1442, "71,80")]),
        (1219, [(1052, "Nettobetrag"), (1402, "716,80 €")]),
        (1263, [(869, "zzgl. 19 % USt. auf"), (1101, "71,80 €"), (1417, "13,64 €")]),
        (1299, [(865, "zzgl. 7 % USt. auf"), (1091, "645,00 €"), (1404, "ABR"), (1455, "15 €")]),
        (1345, [(942, "Rechnungsbetrag"), (1391, "775,59 €")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("716.80", "58.79", "775.59")


def test_a_rates_base_misread_smaller_than_its_tax_leaves_the_rates_taxes_standing_for_the_tax():
    """The 10 % base read as '110' (a fax's smudge over 1,739,790): its tax, far larger, is still
    that rate's tax, and the two rates' taxes are the tax total."""
    rows = _table([(2, 869_895), (1, 15_254)]) + [
        (945, [(1001, "小計(税抜)"), (1454, "1,755,044")]),
        (997, [(1002, "10%対象"), (1454, "110")]),
        (1044, [(1025, "消費税(10%)"), (1475, "173,979")]),
        (1095, [(1001, "8%"), (1039, "対象(軽減税率※)"), (1491, "15,254")]),
        (1145, [(1025, "消費税(8%)"), (1506, "1,220")]),
        (1195, [(1001, "合計金額(税込)"), (1447, "1,930,243")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("1755044", "175199", "1930243")


BASES_AT_THEIR_RATES = {Decimal(10): Decimal(184831), Decimal(8): Decimal(4719)}


@pytest.mark.parametrize("read_taxes", [
    {Decimal(8): Decimal(4219)},  # 4,719 misread, the 10 % tax lost
    {Decimal(8): Decimal(4719), Decimal(10): Decimal(184831)},
])
def test_each_rates_tax_is_its_base_at_the_rate_where_those_add_up_to_the_tax_total(read_taxes):
    from ocr.extract.rates import taxes_by_rate
    from ocr.extract.totals import Totals

    totals = Totals(subtotal=Decimal(1907298), tax_total=Decimal(189550), total=Decimal(2096848), taxes=read_taxes,
                    taxable={Decimal(10): Decimal(1848310), Decimal(8): Decimal(58988)},
                    rates_seen={Decimal(10), Decimal(8)})
    assert taxes_by_rate([], totals) == BASES_AT_THEIR_RATES


def test_taxes_of_the_bases_that_do_not_add_up_to_the_tax_total_leave_the_taxes_read():
    from ocr.extract.rates import taxes_by_rate
    from ocr.extract.totals import Totals

    # A real mismatch: the 8 % tax printed 500 too high, and the tax total with it.
    totals = Totals(subtotal=Decimal(1907298), tax_total=Decimal(190050), total=Decimal(2097348),
                    taxes={Decimal(8): Decimal(5219), Decimal(10): Decimal(184831)},
                    taxable={Decimal(10): Decimal(1848310), Decimal(8): Decimal(58988)},
                    rates_seen={Decimal(10), Decimal(8)})
    assert taxes_by_rate([], totals) == {Decimal(8): Decimal(5219), Decimal(10): Decimal(184831)}


@pytest.mark.parametrize(("base_20", "base_5"), [(Decimal("215.40"), Decimal("1527.10")),
                                                 (Decimal("980.00"), Decimal("312.45"))])
def test_a_rates_base_and_tax_on_rows_of_their_own_under_a_caption_naming_both(base_20, base_5):
    # 'Base TVA 20 %' names the base with the tax's word in it; the tax prints on the row under it.
    tax_20 = (base_20 * Decimal("0.20")).quantize(Decimal("0.01"))
    tax_5 = (base_5 * Decimal("0.055")).quantize(Decimal("0.01"))
    net, tax = base_20 + base_5, tax_20 + tax_5
    euros = lambda value: f"{value:,.2f}".replace(",", " ").replace(".", ",")  # noqa: E731
    rows = [
        (600, [(1022, "Montant HT"), (1380, euros(net)), (1464, "EUR")]),
        (650, [(1022, "Base TVA 20%"), (1380, euros(base_20)), (1464, "EUR")]),
        (700, [(1022, "TVA 20 %"), (1394, euros(tax_20)), (1464, "EUR")]),
        (750, [(1022, "Base HT 5,5 % (taux réduit)"), (1380, euros(base_5)), (1464, "EUR")]),
        (800, [(1022, "TVA 5,5 %"), (1394, euros(tax_5)), (1464, "EUR")]),
        (850, [(1022, "Net à payer"), (1367, euros(net + tax)), (1457, "EUR")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == (str(net), str(tax), str(net + tax))
    assert {row["rate"]: (row["taxable"], row["tax"]) for row in fields["tax_breakdown"]} == {
        "20": (str(base_20), str(tax_20)), "5.5": (str(base_5), str(tax_5))}


@pytest.mark.parametrize("sign", ["€", "$", "£"])
@pytest.mark.parametrize("net", [Decimal("5543.80"), Decimal("12071.15")])
def test_thousands_set_apart_after_a_currency_sign_are_one_figure(sign, net):
    # '€5 543,80': OCR reads the thousands and the rest as two words.
    head, tail = divmod(net, 1000)
    printed = f"{sign}{head:.0f} {tail:06.2f}".replace(".", ",")
    rows = [(600, [(784, "Subtotaal"), (1430, printed)]),
            (650, [(784, "BTW 0%"), (1475, sign), (1495, "0,00")]),
            (700, [(783, "Totaalbedrag"), (1421, printed)])]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["total"]) == (str(net), str(net))


@pytest.mark.parametrize("net", [Decimal("807900.00"), Decimal("23450.00")])
def test_a_rates_base_printed_in_brackets_after_its_caption_is_one_figure(net):
    # 'IVA 13% (base 807 900,00)': the bracket closing on the base's figure, its thousands set
    # apart; read as 900,00 the base denied the tax its rate, and a zero line won the tax.
    tax = (net * Decimal("0.13")).quantize(Decimal("0.01"))
    spaced = lambda value: f"{value:,.2f}".replace(",", " ").replace(".", ",")  # noqa: E731
    rows = [(600, [(1113, "Total venta"), (1425, spaced(net))]),
            (650, [(1113, "Total descuentos"), (1483, "0,00")]),
            (700, [(1113, "Total venta neta"), (1425, spaced(net))]),
            (750, [(1113, f"IVA 13% (base {spaced(net)})"), (1426, spaced(tax))]),
            (800, [(1113, "Total impuesto"), (1425, spaced(tax))]),
            (850, [(1113, "Total comprobante"), (1388, spaced(net + tax))])]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == (str(net), str(tax), str(net + tax))
    breakdown = [(row["rate"], row["taxable"], row["tax"]) for row in fields["tax_breakdown"]]
    assert breakdown == [("13", str(net), str(tax))]
    on_the_rates_row = [f.value for f in figures_of(document_of([page(rows)]), set(), None) if f.tokens[0].y0 == 750]
    assert on_the_rates_row == [net, tax]


@pytest.mark.parametrize(("basic", "minimum"), [(Decimal("67880.00"), Decimal("6100.00")),
                                                (Decimal("1250.00"), Decimal("310.50"))])
def test_each_rates_net_and_tax_on_rows_of_their_own_the_tax_rows_naming_no_rate(basic, minimum):
    # Uruguay's e-Factura: 'Neto IVA tasa básica (22%)' is a taxable amount, though 'IVA' is in
    # its caption; 'IVA tasa básica' prints that rate's tax with no rate beside it; no row prints
    # the tax whole, and the total is the net with both taxes.
    tax_basic, tax_minimum = (basic * Decimal("0.22")).quantize(Decimal("0.01")), minimum / 10
    dotted = lambda value: f"{value:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")  # noqa: E731
    net, tax = basic + minimum, tax_basic + tax_minimum
    rows = [(600, [(1000, "Subtotal neto"), (1400, dotted(net))]),
            (640, [(1000, "Neto IVA tasa básica (22%)"), (1400, dotted(basic))]),
            (680, [(1000, "Neto IVA tasa mínima (10%)"), (1400, dotted(minimum))]),
            (720, [(1000, "IVA tasa básica"), (1400, dotted(tax_basic))]),
            (760, [(1000, "IVA tasa mínima"), (1400, dotted(tax_minimum))]),
            (820, [(1000, "TOTAL A PAGAR $"), (1400, dotted(net + tax))])]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == (str(net), str(tax), str(net + tax))
    assert {row["rate"]: (row["taxable"], row["tax"]) for row in fields["tax_breakdown"]} == {
        "22": (str(basic), str(tax_basic)), "10": (str(minimum), str(tax_minimum))}


@pytest.mark.parametrize("stray", ["10,080", "9,500"])
def test_rates_taxes_adding_up_to_the_figure_a_tax_caption_names_are_the_tax_though_a_base_was_misread(stray):
    # A fax: a line carried over read as a lone figure, so the lines add up short of the
    # subtotal by it, and subtotal + that figure close on the subtotal printed; the 8 % base
    # misread ('\l62.100' for 162,100). The rates' taxes add up to the tax the caption names.
    lines = [(3, 40000), (2, 50000), (1, 10640), (1, 20000)]
    rows = [(600, [(146, "商品名"), (883, "数量"), (1098, "単価"), (1454, "金額")])]
    for n, (quantity, price) in enumerate(lines):
        rows.append((660 + 60 * n, [(146, f"品目{n + 1}"), (898, str(quantity)), (1066, f"{price:,}"),
                                    (1424, f"{quantity * price:,}")]))
    lines_sum = sum(quantity * price for quantity, price in lines)
    rows += [(960, [(163, "SER"), (232, "BE"), (1424, stray)]),
             (1137, [(355, "Ait"), (784, "消費税等"), (1246, "RAB")]),
             (1175, [(467, "¥260,720"), (934, "¥22,830"), (1344, "¥283,550")]),
             (1263, [(152, "10%対象 ¥98,620"), (365, "消費税(10%)"), (536, "¥9,862")]),
             (1303, [(151, "軽減税率8%対象\\l62.100"), (459, "消費税 (8%)"), (619, "¥12,968")])]
    fields = _totals_of(rows)
    assert lines_sum == 250640
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("260720", "22830", "283550")


def test_a_total_named_as_well_as_a_garbled_figure_is_tried_though_the_taxes_printed_deny_each_other():
    # The amount due printed large at the top, garbled to '5 4, 7 / 8' under its caption, names a
    # 5 as well as the grand total names 54,778; the 10 % tax printed wrong (1,359 for 1,320).
    rows = _table([(3, 580), (3, 4400), (5, 7100)], top=800) + [
        (670, [(149, "ご請求額 Please pay ¥"), (560, "5 4, 7 / 8")]),
        (1113, [(786, "本体価格合計 Amount excl. tax"), (1425, "¥50,440")]),
        (1164, [(787, "10% taxable"), (1427, "¥13,200")]),
        (1212, [(785, "Consumption tax 10%"), (1441, "¥1,359")]),
        (1256, [(785, "Reduced rate 8%"), (1425, "¥37,240")]),
        (1304, [(785, "Consumption tax 8%"), (1439, "¥2,979")]),
        (1345, [(789, "ご請求合計 Grand total"), (1411, "¥54,778")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("50440", "4338", "54778")


@pytest.mark.parametrize("caption", ["消費税等 (1096)", "消費税等(1096)", "消費税 (109)"])
def test_a_rate_whose_percent_was_misread_in_brackets_is_a_rate_not_a_figure(caption):
    # '(10%)' read as '(1096)': the tax of 10 %, never a negative 1,096 that leaves 10 % untaxed.
    rows = _table([(5, 3900), (4, 3200)], top=1300) + [
        (988, [(786, "小計"), (1446, "¥32,300")]),
        (1031, [(786, "10%対象 税抜"), (1449, "¥19,500")]),
        (1074, [(786, caption), (1463, "¥1,950")]),
        (1118, [(785, "8% (軽減) 対象"), (1449, "¥12,800")]),
        (1161, [(785, "消費税等(8%)"), (1463, "¥1,024")]),
        (1191, [(785, "総合計"), (1412, "¥35,274")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("32300", "2974", "35274")
    assert {row["rate"]: row["tax"] for row in fields["tax_breakdown"]} == {"10": "1950", "8": "1024"}


def test_each_rates_tax_beside_the_subtotal_adds_up_to_the_tax_where_their_captions_are_garbled():
    """A summary row of captions over figures: the subtotal, each rate's tax under a caption OCR
    garbled, the total. A line OCR lost leaves the lines short of the subtotal, by a tax that
    would still fit the rates; the two taxes adding up to what the total leaves of the printed
    subtotal say which it is."""
    rows = _table([(1, 200_000), (1, 220_000)]) + [
        (1000, [(597, "本体価格合計"), (826, "MBAS"), (938, "(10%)"), (1174, "等"), (1189, "(8)"), (1406, "合計")]),
        (1060, [(641, "440,000円"), (913, "24,000"), (1166, "16,000"), (1375, "480,000円")]),
    ]
    p = page(rows)
    p.words = [replace(w, confidence=20.0) if w.text in ("MBAS", "等", "(8)") else w for w in p.words]
    fields = extract_fields([p]).fields
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("440000", "40000", "480000")


def test_a_named_total_is_not_passed_over_for_a_lines_sum_no_total_agrees_with():
    """A discount line whose minus OCR read as a 4 ('-4,400' as '44,400') makes the lines add up
    to more than the total; the subtotal's figure unread, the printed tax and total, each under its
    caption, say what the subtotal is, not the lines' sum with a total nobody printed."""
    rows = _table([(1, 100_000), (1, 50_000), (1, 44_400)]) + [
        (1000, [(800, "消費税"), (1300, "¥14,560")]),
        (1050, [(800, "税込合計"), (1300, "¥160,160")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("145600", "14560", "160160")


def test_a_scrap_of_a_garbled_total_leaves_the_subtotal_the_lines_confirm():
    """'合計 ¥164,136' garbled to '164' is no total to prefer over the lines' printed subtotal."""
    rows = _table([(1, 100_000), (1, 49_600)]) + [
        (1000, [(800, "小計"), (1300, "¥149,600")]),
        (1050, [(800, "合計"), (1300, "164")]),
    ]
    fields = _totals_of(rows)
    assert fields["subtotal"] == "149600" and fields["total"] != "149600"


def _read_totals(rows: list, lines_sum: str) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    doc = document_of([page(rows)])
    totals = read_totals(doc, set(), Decimal(lines_sum), "JPY")
    return totals.subtotal, totals.tax_total, totals.total


def test_a_printed_subtotal_outweighs_the_sum_of_lines_ocr_misread():
    """The lines read add up to 90,000 (a line misread), the total unread: the subtotal printed under
    its caption, which the rates' taxable amounts add up to, is the subtotal, not the lines' sum
    nobody printed."""
    rows = [
        (900, [(800, "Subtotal"), (1300, "¥46,400")]),
        (950, [(800, "Consumption tax"), (1300, "¥4,308")]),
        (1000, [(600, "10% taxable"), (900, "¥29,800"), (1050, "Tax 10%"), (1300, "¥2,980")]),
        (1050, [(600, "Taxable at 8% (reduced)"), (900, "¥16,600"), (1050, "Tax 8%"), (1300, "¥1,328")]),
    ]
    assert _read_totals(rows, "90000") == (Decimal(46400), Decimal(4308), Decimal(50708))


def test_a_rates_tax_the_supplier_printed_a_little_wrong_still_adds_up_to_the_tax():
    """消費税(10%) printed 26,765 on 267,310 (26,731 at the rate): a mismatch for the matching rules,
    yet the tax charged. With the total unread, the rates' taxes add up to the tax, not the one
    rate's tax alone."""
    rows = [
        (900, [(800, "商品金額"), (1300, "468,390円")]),
        (950, [(800, "10%対象"), (1300, "267,310円")]),
        (1000, [(800, "消費税(10%)"), (1300, "26,765円")]),
        (1050, [(800, "8%(軽減)対象"), (1300, "201,080円")]),
        (1100, [(800, "消費税(8%)"), (1300, "16,086円")]),
    ]
    assert _read_totals(rows, "468390") == (Decimal(468390), Decimal(42851), Decimal(511241))


@pytest.mark.parametrize(("caption", "held"), [
    ("うち消費税", [("10%対象（税込）", "¥12,600", "¥1,145"), ("8%対象（税込）", "¥5,832", "¥432")]),
    ("dont TVA", [("Total TTC", "¥18,432", "¥1,577")]),
    ("darin enthaltene MwSt.", [("Gesamtbetrag", "¥18,432", "¥1,577")]),
], ids=["per rate, Japanese", "French", "German"])
def test_prices_with_tax_in_them_give_the_tax_the_total_holds(caption, held):
    """A web shop's invoice prints its prices with tax and, under the total or each rate's
    amount, the tax they hold ('うち消費税'): that is the tax, the subtotal the total less it."""
    lines = [("Copy paper A4", 2, 4980), ("Mineral water 500ml x24", 3, 1944), ("Ballpoint pens x10", 4, 660)]
    rows = [(700, [(100, "Description"), (900, "Qty"), (1100, "Unit price"), (1350, "Amount")])]
    rows += [(760 + 60 * n, [(100, name), (920, str(q)), (1100, f"{p:,}"), (1350, f"{q * p:,}")])
             for n, (name, q, p) in enumerate(lines)]
    rows += [(1000, [(800, "商品の小計（税込）"), (1300, "¥18,432")]),
             (1050, [(800, "ご請求額（税込）"), (1300, "¥18,432")])]
    for n, (label, base, tax) in enumerate(held):
        rows += [(1100 + 100 * n, [(800, label), (1300, base)]), (1150 + 100 * n, [(830, caption), (1300, tax)])]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("16855", "1577", "18432")


def test_a_tax_added_to_the_subtotal_is_no_tax_held():
    """Where the total is the subtotal and its tax, a note of the tax in it changes nothing."""
    rows = _table([(2, 4_980), (3, 1_944)]) + [
        (950, [(800, "小計"), (1300, "¥15,792")]),
        (1000, [(800, "消費税（10%）"), (1300, "¥1,579")]),
        (1050, [(800, "合計"), (1300, "¥17,371")]),
        (1100, [(830, "うち消費税"), (1300, "¥1,579")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("15792", "1579", "17371")


def test_a_rates_row_ocr_garbled_is_the_rest_of_the_subtotal_at_that_rate():
    """Two rates printed, the 8 % pair read, the 10 % row's caption and tax garbled, the total
    under a garbled caption: what the total leaves of the subtotal beyond the 8 % tax is the tax
    at 10 % on the rest of the subtotal, so the total stands, rather than the subtotal plus the
    one tax read."""
    rows = [
        (1512, [(786, "本体価格合計"), (1412, "¥99,160")]),
        (1576, [(786, "AM (10%)"), (1383, "YOU")]),
        (1617, [(786, "消費税等(8%)"), (1429, "¥7,164")]),
        (1680, [(789, "coe"), (1380, "¥107,284")]),
        (1811, [(125, "8%対象"), (746, "¥89,560"), (839, "消費税等(8%)"), (1446, "¥7,164")]),
    ]
    assert _read_totals(rows, "99160") == (Decimal(99160), Decimal(8124), Decimal(107284))


def test_a_total_no_tax_could_take_the_subtotal_to_is_a_misreading():
    """'税込合計 61,680円' read again as 514,680 (円 read as figures, a figure misread): far more than
    any rate adds to the subtotal, so no total; the subtotal and the tax give it."""
    rows = [
        (1031, [(784, "税抜合計"), (1442, "¥56,800")]),
        (1077, [(785, "消費税(10%)"), (1460, "¥1,680")]),
        (1127, [(785, "消費税(8%)"), (1456, "¥3,200")]),
        (1166, [(785, "消費税合計"), (1456, "¥4,880")]),
        (1214, [(784, "税込合計"), (1432, "¥514,680")]),
    ]
    assert _read_totals(rows, "56800") == (Decimal(56800), Decimal(4880), Decimal(61680))


def test_a_rates_tax_under_a_garbled_caption_is_told_by_the_rest_of_the_tax_total():
    """The 8 % tax's caption garbled, the total lost; the tax total printed twice, once misread
    ('20,998' for 35,025): the tax total whose rest beyond the 10 % tax is the 8 % taxable
    amount's tax at 8 % is the one."""
    rows = [
        (696, [(1022, "小計"), (1233, "387,570円")]),
        (769, [(1024, "10%対象税抜"), (1392, "200,980円")]),
        (822, [(1024, "消費税(10%)"), (1405, "20,098円")]),
        (881, [(1022, "軽減税率8%対象"), (1393, "186,590円")]),
        (939, [(1022, "MRE (R94)"), (1407, "14,927円")]),
        (993, [(1023, "消費税合計"), (1406, "20,998円")]),
        (1050, [(1023, "消費税合計"), (1406, "35,025円")]),
    ]
    assert _read_totals(rows, "333970") == (Decimal(387570), Decimal(35025), Decimal(422595))


@pytest.mark.parametrize(("head", "tail"), [("66", "1,60"), ("€6", "61,60")])
def test_a_figure_ocr_split_between_two_of_its_digits_is_one_figure(head, tail):
    # '66' '1,60' for 661,60 printed large: two pieces with no space between them (2 px at a
    # height of 40), where a space between two figures is a third of their height or more.
    p = page([(600, [(588, "Zahlbetrag"), (1034, f"##{head} {tail}"), (1240, "##EUR")])])
    first = next(w for w in p.words if w.text == head)
    p.words = [replace(w, left=first.left + first.width + 2) if w.text == tail else w for w in p.words]
    figures = {f.value for f in figures_of(document_of([p]), set(), "EUR")}
    assert Decimal("661.60") in figures and Decimal(head.lstrip("€")) not in figures


@pytest.mark.parametrize("discount", ["Korting vaste klant 10% op training", "Loyalty discount 10%", "2% Skonto"])
def test_a_discounts_percentage_is_no_tax_rate_beside_the_rates_taxed(discount):
    """Two rates taxed, each on its own row with its taxable amount; the total's row lost. A
    discount line names its share as a percentage: no third rate, whose tax would be missing;
    the tax is the two rates' taxes together, the total the subtotal with them."""
    p = page([
        (226, [(98, "Omschrijving"), (618, "Aantal"), (744, "Prijs"), (896, "BTW"), (993, "Bedrag")]),
        (304, [(99, "Melkopschuimer onderhoudsset"), (721, "2"), (820, "€64,00"), (919, "21%"), (1058, "€128,00")]),
        (341, [(98, "Barista-training"), (722, "1"), (810, "€482,20"), (918, "21%"), (1058, "€482,20")]),
        (378, [(98, "Koffiebonen espresso"), (720, "12"), (820, "€18,95"), (918, "9%"), (1058, "€227,40")]),
        (416, [(98, discount), (722, "1"), (814, "€-32,50"), (918, "21%"), (1058, "€-32,50")]),
        (468, [(640, "Subtotaal excl. btw"), (1076, "€805,10")]),
        (500, [(640, "BTW 21% over"), (786, "€577,70"), (1076, "€121,31")]),
        (534, [(640, "BTW 9% over"), (776, "€227,40"), (1086, "€20,46")]),
    ])
    fields = extract_fields([p]).fields
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("805.10", "141.77", "946.87")


@pytest.mark.parametrize(("rows", "expected"), [
    ([(800, [(900, "小計"), (1300, "¥100,000")]), (840, [(900, "消費税(10%)"), (1300, "¥10,000")]),
      (880, [(900, "源泉徴収税"), (1300, "-¥10,210")]), (920, [(900, "ご請求金額"), (1300, "¥89,790")])],
     ("100000", "10000", "89790")),
    ([(800, [(900, "Base imponible"), (1300, "2.140,00 €")]), (840, [(900, "IVA 21%"), (1300, "449,40 €")]),
      (880, [(900, "Retención IRPF 15%"), (1300, "-321,00 €")]), (920, [(900, "TOTAL"), (1300, "2.268,40 €")])],
     ("2140.00", "449.40", "2268.40")),
    # The subtotal with its tax printed too ('合計'), and what is left to pay at the top and foot:
    # the invoice's total is that sum.
    ([(300, [(100, "ご請求金額"), (400, "¥99,790")]), (800, [(900, "小計"), (1300, "¥100,000")]),
      (840, [(900, "消費税(10%)"), (1300, "¥10,000")]), (880, [(900, "合計"), (1300, "¥110,000")]),
      (920, [(900, "源泉徴収税"), (1300, "-¥10,210")]), (960, [(900, "差引ご請求金額"), (1300, "¥99,790")])],
     ("100000", "10000", "110000")),
])
def test_income_tax_withheld_from_a_fee_is_taken_off_the_total_and_is_no_tax(rows, expected):
    """A freelancer's invoice: the buyer withholds income tax from the fee (源泉徴収税, IRPF),
    printed after the tax and taken off the total. The tax is the tax printed; the total, what
    is left to pay."""
    table = [(600, [(100, "Description"), (900, "Qty"), (1100, "Unit price"), (1350, "Amount")])]
    if expected[0] == "100000":
        table += [(660, [(100, "デザイン制作費"), (920, "1"), (1100, "¥100,000"), (1350, "¥100,000")])]
    else:
        table += [(660, [(100, "Diseño web"), (920, "1"), (1100, "2.000,00 €"), (1350, "2.000,00 €")]),
                  (720, [(100, "Hosting anual"), (920, "1"), (1100, "140,00 €"), (1350, "140,00 €")])]
    fields = extract_fields([page(table + rows)]).fields
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == expected


@settings(max_examples=30, deadline=None)
@given(reduced=st.integers(12_000, 90_000), standard=st.integers(12_000, 90_000))
def test_a_box_row_summing_the_rates_rows_over_it_is_the_documents_totals(reduced, standard):
    """A fax's box of a row per rate and their sum, every caption of it garbled, only the reduced
    rate printed (in a footnote) and the item table read in part: the row that sums the rows over
    it is the subtotal, tax and total, though its tax is no single rate's."""
    low, high = Decimal(reduced), Decimal(standard)
    low_tax = (low * Decimal("0.08")).quantize(1, ROUND_FLOOR)
    high_tax = (high * Decimal("0.10")).quantize(1, ROUND_FLOOR)
    total = low + high + low_tax + high_tax
    rows = [(300, [(156, "っュニーーニー"), (388, "(税込"), (765, _yen(total))])] + _table([(3, 1_479), (3, 2_354)]) + [
        (1610, [(937, "oie"), (1161, "消費 税額"), (1385, "BL")]),
        (1673, [(1000, f"{low:,}"), (1240, f"{low_tax:,}"), (1450, f"{low + low_tax:,}")]),
        (1729, [(1000, f"{high:,}"), (1240, f"{high_tax:,}"), (1450, f"{high + high_tax:,}")]),
        (1789, [(700, "eH"), (1000, f"{low + high:,}"), (1240, f"{low_tax + high_tax:,}"), (1450, f"{total:,}")]),
        (1877, [(120, "※ 印は軽減税率 (8%) 対象商品です。")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == (
        str(low + high), str(low_tax + high_tax), str(total))


def test_a_subtotal_and_total_the_one_rate_ties_stand_against_lines_a_lost_point_swelled():
    """A fax: the first line's amount read without its decimal mark ('390009' for 3.900,00), the
    tax's figure garbled, a late-payment interest of 0,81 % in the footer. The subtotal and total
    printed under their captions differ by exactly 25 % of the subtotal: they are the totals, not
    the lines' swollen sum."""
    sheet = page([
        (887, [(151, "Beskrivelse"), (826, "Antal"), (1000, "Enhedspris"), (1200, "Moms"), (1400, "Beløb")]),
        (927, [(151, "Bølgepapkasse 400x300x200 mm"), (836, "500"), (1000, "7,80"), (1200, "25%"), (1400, "390009")]),
        (1000, [(151, "Indlægspapir, rulle"), (857, "40"), (1000, "64,50"), (1200, "25%"), (1400, "2.580,00")]),
        (1075, [(151, "Tape 48 mm x 66 m"), (851, "72"), (1000, "11,25"), (1200, "25%"), (1400, "810,00")]),
        (1136, [(151, "Fragt DK-JP"), (874, "1"), (1000, "1.450,00"), (1200, "25%"), (1400, "1.450,00")]),
        (1229, [(971, "Subtotal"), (1397, "8.740,00")]),
        (1285, [(972, "Moms (25%)"), (1398, "2@,185,00")]),
        (1328, [(960, "Total DKK"), (1359, "10.925,00")]),
        (1584, [(142, "Ved betaling efter forfald tilskrives der renter på 0,81% pr. påbegyndt måned")]),
    ])
    fields = extract_fields([sheet]).fields
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("8740.00", "2185.00", "10925.00")


def test_each_rates_pair_tells_the_subtotal_where_ocr_lost_a_line_and_read_specks_as_full_stops():
    # a fax: one line lost, the 10 % row's caption read with a full stop after it ('10%対象。'),
    # its tax caption garbled; the subtotal 208,400 printed, the total misread
    rows = _table([(30, 4_600), (12, 1_850)]) + [
        (900, [(600, "10%対象。"), (700, "4300"), (800, "消費税。"), (900, "430"), (1200, "208,400")]),
        (950, [(600, "8%対象"), (700, "204,100"), (800, "消費税"), (900, "16,328"), (1200, "225,188")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"]) == ("208400", "16758")


def test_figures_whose_separators_were_lost_beside_a_named_one_are_the_totals():
    # A photo of a summary of tax per rate, its captions garbled but the tax's, every figure
    # read without its thousands' space: the figures beside the named one are money too.
    rows = [
        (535, [(85, "Megnevezés"), (560, "Menny."), (717, "Nettó egységár"), (900, "Nettó érték"), (1060, "ÁFA")]),
        (589, [(90, "Vérnyomásmérő mandzsetta"), (560, "2O db"), (800, "6490"), (930, "12980O"), (1060, "27%")]),
        (641, [(90, "Fonendoszkóp"), (560, "8 db"), (792, "15900"), (930, "172"), (1060, "27%")]),
        (806, [(954, "AFAkulcs"), (1080, "Net6"), (1200, "AFA"), (1320, "But0")]),
        (850, [(954, "27%"), (1080, "257000"), (1200, "69390"), (1320, "326390")]),
        (934, [(954, "Osscese)"), (1080, "257000"), (1200, "69390"), (1320, "326390")]),
    ]
    fields = extract_fields([page(rows)]).fields
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("257000", "69390", "326390")


def _item(amount: str, rate: str | None):
    from ocr.extract.items import Item

    return Item("item", Decimal(1), Decimal(amount), Decimal(amount), Decimal(rate) if rate else None, False)


def test_the_tax_left_over_one_rates_read_line_is_another_rates_on_the_rest_of_the_subtotal():
    # '8%対象 35,200 税 2,816' read; the 10 % row's caption lost, its figures with it.
    from ocr.extract.rates import taxes_by_rate
    from ocr.extract.totals import Totals

    totals = Totals(subtotal=Decimal(237820), tax_total=Decimal(23078), total=Decimal(260898),
                    taxes={Decimal(8): Decimal(2816)}, taxable={Decimal(8): Decimal(35200)}, rates_seen={Decimal(8)})
    assert taxes_by_rate([], totals) == {Decimal(8): Decimal(2816), Decimal(10): Decimal(20262)}


@pytest.mark.parametrize(("rates_read", "printed"), [
    ([None, "10", "10", "22", "22", None], {Decimal(10)}),  # two lines' rates unread
    ([None] * 6, {Decimal(22), Decimal(10)}),  # no line's rate read, both rates printed
])
def test_lines_whose_rate_is_unread_take_the_one_rate_that_gives_the_printed_tax(rates_read, printed):
    from ocr.extract.rates import taxes_by_rate
    from ocr.extract.totals import Totals

    amounts = ["630.00", "2400.00", "1519.80", "450.00", "180.00", "1000.00"]
    items = [_item(a, r) for a, r in zip(amounts, rates_read, strict=True)]
    truth = ["22", "10", "10", "22", "22", "10"]
    totals = Totals(subtotal=Decimal("6179.80"), tax_total=Decimal("769.18"), total=Decimal("6948.98"),
                    taxes={}, taxable={}, rates_seen=printed)
    assert taxes_by_rate(items, totals) == {Decimal(22): Decimal("277.20"), Decimal(10): Decimal("491.98")}
    assert [i.tax_rate for i in items] == [Decimal(r) for r in truth]


def test_lines_whose_rates_more_than_one_split_gives_stay_unread():
    from ocr.extract.rates import taxes_by_rate
    from ocr.extract.totals import Totals

    items = [_item("100.00", None), _item("100.00", None), _item("200.00", "10")]
    totals = Totals(subtotal=Decimal("400.00"), tax_total=Decimal("52.00"), total=Decimal("452.00"),
                    taxes={}, taxable={}, rates_seen={Decimal(22), Decimal(10)})
    # Either 100.00 may be the one at 22 %: the taxes are known, not which line bears which.
    assert taxes_by_rate(items, totals) == {Decimal(22): Decimal("22.00"), Decimal(10): Decimal("30.00")}
    assert [i.tax_rate for i in items[:2]] == [None, None]


def test_finlands_rates_split_the_tax_among_the_lines():
    from ocr.extract.rates import taxes_by_rate
    from ocr.extract.totals import Totals

    items = [_item(a, None) for a in ("1068.00", "608.00", "595.20", "567.00", "260.00", "70.00")]
    totals = Totals(subtotal=Decimal("3168.20"), tax_total=Decimal("481.50"), total=Decimal("3649.70"),
                    taxes={Decimal(14): Decimal(2), Decimal("25.5"): Decimal("-330.00")}, taxable={},
                    rates_seen={Decimal("25.5"), Decimal(14)})
    assert taxes_by_rate(items, totals) == {Decimal(14): Decimal("397.35"), Decimal("25.5"): Decimal("84.15")}


def test_a_rows_two_figures_at_the_reduced_rate_say_it_is_printed_where_ocr_garbled_its_caption():
    """A fax's '8%対象計 2,280 消費税 182' read 'WS%DNhM . ML 182 2,280', its '合計' garbled too: the
    two figures pair at 8 %, so the subtotal and tax of both rates, which the printed total closes,
    are the document's, not the 10 % rate's alone (a line lost, the lines add up to neither)."""
    rows = [
        (600, [(100, "品名"), (900, "数量"), (1100, "単価"), (1350, "金額")]),
        (660, [(100, "VVFケーブル"), (920, "3"), (1100, "14,800"), (1350, "44,400")]),
        (780, [(100, "塩タブレット"), (920, "6"), (1100, "380"), (1350, "2,280")]),
        (1448, [(1058, "10%対象計 100,040 消費税 10,004")]),
        (1506, [(1059, "WS%DNhM . ML 182 2,280")]),
        (1557, [(1055, "Hite eit 102,320 消費税計 10,186")]),
        (1618, [(1057, "MARS 112,506")]),
    ]
    fields = _totals_of(rows)
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("102320", "10186", "112506")
