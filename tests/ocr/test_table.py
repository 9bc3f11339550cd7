"""The item table on layouts the header words alone do not settle."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from ocr.extract import extract_fields
from ocr.extract.columns import header_columns
from ocr.extract.header import all_label_hits
from ocr.extract.layout import document_of
from ocr.extract.table import _item_from_cells, table_items
from ocr.model import Page, Word
from tests.ocr.builders import page, t_number


def _lines(rows: list, size: int = 20) -> list[tuple[str, str, str]]:
    return [(line["quantity"], line["unit_price"], line["amount"])
            for line in extract_fields([page(rows, size=size)]).fields["lines"]]


def test_captions_ocr_read_as_one_word_are_split_into_their_columns():
    rows = [
        (600, [(200, "数量単位"), (375, "内容"), (1170, "税抜単価"), (1440, "金額")]),
        (660, [(240, "4"), (300, "本"), (375, "本醸造しょうゆ 18L"), (1190, "¥4,300"), (1400, "¥17,200")]),
        (720, [(240, "20"), (300, "箱"), (375, "緑茶ティーバッグ"), (1190, "¥920"), (1400, "¥18,400")]),
    ]
    assert _lines(rows) == [("4", "4300", "17200"), ("20", "920", "18400")]


def test_a_speck_read_as_letters_and_a_kanji_between_two_lines_does_not_end_the_table():
    rows = [
        (600, [(200, "数量単位"), (375, "内容"), (1170, "税抜単価"), (1440, "金額")]),
        (660, [(240, "8"), (300, "箱"), (375, "紙ナプキン"), (1190, "¥2,600"), (1400, "¥20,800")]),
        (690, [(276, "bt 性")]),
        (720, [(240, "6"), (300, "本"), (375, "本醸造しょうゆ 18L"), (1190, "¥2,900"), (1400, "¥17,400")]),
    ]
    assert _lines(rows) == [("8", "2600", "20800"), ("6", "2900", "17400")]


@pytest.mark.parametrize(("dash", "line"), [
    (7.0, ("4", "1690", "6760")),  # a garbled dash before the price, a speck after the count
    (None, ("4", "1690", "6760")),  # no dash: the count's speck alone
])
def test_a_garbled_dash_before_a_price_is_no_minus_over_a_positive_amount(dash, line):
    from dataclasses import replace

    cells = [(240, "48"), (300, "袋"), (375, "クリアファイル 100枚")] + ([(1150, "--")] if dash else [])
    p = page([
        (600, [(200, "数量単位"), (375, "内容"), (1170, "税抜単価"), (1440, "金額")]),
        (660, [*cells, (1190, "¥1,690"), (1400, "¥6,760")]),
        (720, [(240, "10"), (300, "脚"), (375, "事務用椅子"), (1190, "¥25,900"), (1400, "¥259,000")]),
    ])
    p.words = [replace(w, confidence=dash) if w.text == "--" else w for w in p.words]
    lines = extract_fields([p]).fields["lines"]
    assert (lines[0]["quantity"], lines[0]["unit_price"], lines[0]["amount"]) == line


@pytest.mark.parametrize("heads", [
    ("Artículo", "Uds.", "P. unitario", "Importe"),
    ("Omschrijving", "Aantal", "Stukprijs", "Totaal"),
    ("Libellé", "Qté", "P.U. HT", "Montant HT"),
    ("Bezeichnung", "Menge", "Preis/Einheit", "Betrag"),
])
def test_the_column_heads_of_european_suppliers(heads):
    description, quantity, price, amount = heads
    rows = [
        (600, [(100, "Pos."), (200, description), (900, quantity), (1100, price), (1350, amount)]),
        (660, [(100, "1"), (200, "Aceite de oliva virgen extra 1 L"), (920, "5"), (1100, "13,70"), (1350, "68,50")]),
        (720, [(100, "2"), (200, "Bolsas de vacío"), (920, "1"), (1100, "47,40"), (1350, "47,40")]),
    ]
    assert _lines(rows) == [("5", "13.70", "68.50"), ("1", "47.40", "47.40")]


def test_an_indian_goods_code_column_is_no_quantity():
    """'HSN/ SAC' heads a column of four-digit goods codes ('0902' for tea) before the quantity."""
    rows = [
        (573, [(122, "#"), (167, "Item name"), (638, "HSN/"), (707, "SAC"), (784, "Quantity"), (918, "Unit"),
               (994, "Price/"), (1071, "Unit"), (1148, "GST"), (1378, "Amount")]),
        (637, [(122, "1"), (167, "Nilgiri Frost Tea premium, 100 g tin"), (638, "0902"), (846, "200"), (918, "Tin"),
               (1013, "₹"), (1037, "285.00"), (1152, "₹"), (1176, "2,850.00"), (1295, "(5%)"), (1381, "₹"),
               (1405, "57,000.00")]),
        (706, [(122, "2"), (167, "Tea sampler gift box (6 flavours)"), (638, "0902"), (862, "50"), (918, "Box"),
               (1013, "₹"), (1037, "640.00"), (1152, "₹"), (1176, "1,600.00"), (1295, "(5%)"), (1381, "₹"),
               (1405, "32,000.00")]),
    ]
    assert _lines(rows, size=29) == [("200", "285.00", "57000.00"), ("50", "640.00", "32000.00")]


def test_captions_ocr_ran_together_with_one_character_misread_are_still_split():
    # '数量税折単価税区分' for 数量 税抜単価 税区分: the price's caption has one character wrong.
    rows = [
        (684, [(586, "商品名"), (1079, "数量税折単価税区分"), (1455, "金額")]),
        (744, [(587, "業務用洗剤4L"), (1075, "10本"), (1164, "3,700円"), (1397, "37,000円")]),
        (804, [(587, "ハンドソープ詰替 2L"), (1088, "3本"), (1167, "1,240円"), (1413, "3,720円")]),
    ]
    assert _lines(rows) == [("10", "3700", "37000"), ("3", "1240", "3720")]


def test_a_quantity_whose_caption_ocr_lost_is_read_from_the_price_column():
    # '個数' garbled onto the row over the header: the counts fall under the price's caption.
    rows = [
        (840, [(1253, "仁数")]),
        (860, [(118, "品名"), (1093, "単価"), (1491, "金額")]),
        (900, [(118, "ステンレス六角ボルト"), (1107, "1,830"), (1262, "5"), (1471, "9,150")]),
        (960, [(118, "ハンドソープ"), (1107, "9,000"), (1262, "1"), (1471, "9,000")]),
        (1020, [(118, "Earmuffs"), (1107, "24.00"), (1262, "1"), (1471, "24.00")]),
    ]
    assert _lines(rows) == [("5", "1830", "9150"), ("1", "9000", "9000"), ("1", "24.00", "24.00")]


def test_a_price_under_the_quantitys_caption_with_the_count_lost_is_the_price():
    """'単価' lost from the header ('A'), a row's count lost from its cell: the figure printed as
    money under '数量' is the price (1 × 3,700), not a count of 3,700 at 1 yen; a count printed
    there with its unit stays the count."""
    rows = [
        (860, [(118, "品名"), (900, "A"), (1093, "数量"), (1491, "金額")]),
        (900, [(118, "玉ねぎ 10kg"), (1060, "5箱"), (1280, "3,000"), (1471, "15,000")]),
        (960, [(118, "玉ねぎ 20kg"), (1107, "3,700"), (1471, "3,700")]),
        (1020, [(118, "粉末だし 500g"), (1107, "1,520"), (1471, "4,560")]),
    ]
    assert _lines(rows) == [("5", "3000", "15000"), ("1", "3700", "3700"), ("3", "1520", "4560")]


@pytest.mark.parametrize(("extra", "line"), [
    ([], ("420", "380", "159600")),  # the count handwritten past reading, '単価' lost: 159,600 is 420 × 380
    ([(1010, "399")], (None, None, "159600")),  # two figures of the row, neither alone the price: as read
])
def test_a_line_read_with_its_amount_alone_takes_the_one_figure_it_is_a_count_of(extra, line):
    """A figure of the description ('30日') is no price, whatever the amount over it."""
    rows = [
        (860, [(118, "品名・摘要"), (637, "数量"), (745, "単位"), (1118, "金額")]),
        (900, [(118, "くさび緊結式足場"), (637, "455"), (745, "m2"), (911, "1,150"), (1111, "523,250")]),
        (960, [(118, "足場損料 30日"), (950, "380"), *extra, (1111, "159,600")]),
    ]
    doc = document_of([page(rows)])
    items, _ = table_items(doc, all_label_hits(doc), "JPY")
    read = (items[1].quantity, items[1].unit_price, items[1].amount)
    assert tuple(None if v is None else str(v) for v in read) == line


@pytest.mark.parametrize("pieces_caption", ["数", "入数"])
def test_the_pieces_in_a_case_are_no_count_where_a_count_has_its_own_caption(pieces_caption):
    """'入数 ケース 数量 単位 単価 金額', a wholesaler's: the count is under '数量' (500 a case × 6
    cases = 3,000), whether OCR read '入数' or only its '数'."""
    rows = [
        (552, [(158, "品名"), (928, pieces_caption), (1010, "ケース"), (1110, "数量"), (1200, "単位"),
               (1270, "単価"), (1376, "金額")]),
        (620, [(131, "歯ブラシセット"), (941, "500"), (1030, "6"), (1110, "3,000"), (1205, "個"), (1291, "28"),
               (1394, "84,000")]),
        (680, [(131, "ヘアブラシ"), (941, "500"), (1030, "4"), (1110, "2,000"), (1205, "個"), (1291, "24"),
               (1394, "48,000")]),
    ]
    assert _lines(rows) == [("3000", "28", "84000"), ("2000", "24", "48000")]


@pytest.mark.parametrize(("run_in", "count"), [
    ("1608", "4000"),  # a chip's size code run into the count's column: 4,000 × 1.6 is the amount
    ("35V", "1000"),
])
def test_a_descriptions_last_word_in_the_count_column_is_no_count(run_in, count):
    rows = [
        (554, [(115, "品名・型番"), (1067, "数量(個)"), (1214, "単価(円)"), (1362, "金額(円)")]),
        (598, [(118, "チップ抵抗 RK73B1JTTD103J 10kΩ"), (1100, "5,000"), (1270, "0.85"), (1400, "4,250")]),
        (652, [(118, "チップ抵抗 RK73H1JTTD1001F 1kΩ ±1%"), (1040, run_in), (1100, count[0] + "," + count[1:]),
               (1270, str(Decimal(6400) / Decimal(count))), (1400, "6,400")]),
    ]
    doc = document_of([page(rows)])
    items, _ = table_items(doc, all_label_hits(doc), "JPY")
    assert str(items[1].quantity) == count and items[1].amount == Decimal(6400)


def test_a_page_number_under_the_table_is_no_count_of_a_price():
    """'Pag. 1 de 2' under the amounts: no description, so no line of 2 × 1."""
    rows = [
        (860, [(118, "Description"), (637, "Qty"), (900, "Price"), (1118, "Amount")]),
        (900, [(118, "Boya circular"), (637, "4.00"), (900, "88.50"), (1111, "354.00")]),
        (1030, [(1050, "Pag. 1 de 2")]),
    ]
    doc = document_of([page(rows)])
    items, _ = table_items(doc, all_label_hits(doc), "USD")
    assert all(item.quantity != 2 for item in items)


def test_a_price_under_a_caption_read_as_no_figure_of_the_line_is_the_price():
    """The price's caption read as a column of no figure of the line ('Vl. unit.' as the unit of
    measure's), the unit's caption as the price's, over the size in the description ('500 g'):
    the figure printed as money that times the count makes the amount is the price."""
    doc = document_of([page([(589, [(149, "1"), (378, "Café torrado 500 g"), (962, "UN"), (1080, "48"),
                                    (1220, "21,90"), (1440, "1.051,20")])], size=28)])
    row = doc.rows[0]
    words = {t.text: t for t in row.tokens}
    cells = {"description": [words["1"], words["Café"], words["torrado"]],
             "unit_price": [words["500"], words["g"], words["UN"]], "quantity": [words["48"]],
             "skip": [words["21,90"]], "amount": [words["1.051,20"]]}
    item = _item_from_cells(row, cells, "BRL")
    assert (item.quantity, item.unit_price, item.amount) == (Decimal("48"), Decimal("21.90"), Decimal("1051.20"))


def test_a_summary_box_over_the_table_is_not_taken_for_its_header():
    rows = [
        (500, [(300, "Net subtotal"), (700, "Total tax"), (1100, "Total incl. tax")]),
        (560, [(300, "85,760"), (700, "8,576"), (1100, "94,336")]),
        (700, [(100, "Qty."), (200, "Unit"), (400, "Description"), (1100, "Rate"), (1350, "Line total")]),
        (760, [(100, "20"), (200, "box"), (400, "Nitrile gloves"), (1100, "1,070"), (1350, "21,400")]),
        (820, [(100, "3"), (200, "can"), (400, "Floor wax"), (1100, "15,300"), (1350, "45,900")]),
    ]
    assert _lines(rows) == [("20", "1070", "21400"), ("3", "15300", "45900")]


def test_a_figure_in_the_prose_under_the_table_is_no_line():
    rows = [
        (600, [(100, "Code"), (300, "Item"), (900, "Units"), (1100, "Unit cost"), (1350, "Net")]),
        (660, [(100, "T-2003"), (300, "Keyboard"), (920, "3"), (1100, "42.50"), (1350, "127.50")]),
        (1000, [(100, "Claims within 8 days of receipt. Bank account"), (1350, "53118820")]),
        (1100, [(800, "Goods total"), (1350, "£127.50")]),
    ]
    assert _lines(rows) == [("3", "42.50", "127.50")]


def test_the_subtotal_under_a_garbled_caption_ends_the_table():
    rows = [
        (600, [(100, "#"), (200, "品名"), (900, "数量"), (1100, "単価"), (1350, "金額")]),
        (660, [(100, "1"), (200, "エアフィルター"), (920, "3個"), (1100, "6,600"), (1350, "19,800")]),
        (720, [(100, "2"), (200, "ベアリング"), (920, "1個"), (1100, "890"), (1350, "890")]),
        (790, [(200, "Midna"), (1350, "¥20,690")]),
    ]
    assert _lines(rows) == [("3", "6600", "19800"), ("1", "890", "890")]


def test_a_summary_box_over_a_table_whose_header_ocr_garbled():
    # Only the summary's captions read as a header; the lines under the garble multiply out.
    rows = [
        (750, [(260, "Net subtotal"), (600, "Total tax"), (900, "Total incl. tax")]),
        (808, [(380, "18,900 JPY"), (640, "1,890 JPY"), (900, "20,790 JPY")]),
        (946, [(110, "Er Sionalersam z aCe")]),
        (995, [(180, "4"), (230, "box"), (330, "Nitrile gloves, S"), (1100, "1,070"), (1350, "4,280")]),
        (1061, [(180, "2"), (230, "btl"), (330, "Hand soap refill 2 L"), (1100, "1,410"), (1350, "2,820")]),
        (1128, [(170, "10"), (230, "box"), (330, "Nitrile gloves, L"), (1100, "1,180"), (1350, "11,800")]),
    ]
    assert _lines(rows) == [("4", "1070", "4280"), ("2", "1410", "2820"), ("10", "1180", "11800")]


def test_lines_without_a_quantity_column_stay_as_their_header_reads_them():
    # Price and amount agree (a whole number of units), so the rows multiplying out elsewhere
    # do not replace them; the discount keeps its sign.
    rows = [
        (600, [(100, "Nr."), (200, "Omschrijving"), (1100, "Stukprijs"), (1350, "Bedrag")]),
        (660, [(100, "1"), (200, "Reservemes type B 5 st"), (1100, "61.20"), (1350, "306.00")]),
        (720, [(100, "2"), (200, "Korting"), (1100, "-10.00"), (1350, "-10.00")]),
    ]
    assert [line[2] for line in _lines(rows)] == ["306.00", "-10.00"]


def _descriptions(rows: list) -> list[str]:
    return [line["description"] for line in extract_fields([page(rows)]).fields["lines"]]


def test_item_codes_in_a_column_after_the_description_are_no_part_of_it():
    # Under a header OCR garbled past reading.
    rows = [
        (633, [(100, "ian"), (600, "品コード tli"), (1000, "Bed am")]),
        (693, [(100, "1"), (200, "コピー用紙 A3"), (600, "TGW-211"), (800, "12箱"), (1000, "4,100"), (1300, "49,200")]),
        (761, [(100, "2"), (200, "ラップフィルム 30cm"), (600, "TGW-189"), (800, "2本"), (1000, "760"),
               (1300, "1,520")]),
        (829, [(100, "3"), (200, "紙カップ 12oz"), (600, "TGW-186"), (800, "5箱"), (1000, "1,290"), (1300, "6,450")]),
    ]
    assert _descriptions(rows) == ["コピー用紙 A3", "ラップフィルム 30cm", "紙カップ 12oz"]


def test_a_headerless_table_whose_rows_start_with_the_quantity():
    rows = [
        (799, [(645, "1"), (700, "Huile d'olive vierge extra, 5 L"), (1150, "38,60"), (1350, "38,60")]),
        (847, [(645, "3"), (700, "Moutarde de Dijon"), (1150, "6,50"), (1350, "19,50")]),
        (895, [(645, "5"), (700, "Herbes de Provence 500 g"), (1150, "15,60"), (1350, "78,00")]),
    ]
    assert _descriptions(rows) == ["Huile d'olive vierge extra, 5 L", "Moutarde de Dijon", "Herbes de Provence 500 g"]


@pytest.mark.parametrize("amount_at", [0, 11])  # on the description's line, or between the two lines
def test_items_printed_on_two_lines_a_count_times_a_price_under_the_description(amount_at):
    """A web till's invoice: no captions, each item's description over '12 × $64.00', its
    amount set right on the description's line or half a line lower."""
    items = [("Whole bean - House Espresso 5 lb bag", "12", "$64.00", "$768.00"),
             ("Cold brew concentrate 2.5 gal", "4", "$58.00", "$232.00"),
             ("Wholesale volume discount 5%", "1", "-$83.75", "-$83.75")]
    rows = [(400, [(204, "##INVOICE")])]
    for k, (description, count, price, amount) in enumerate(items):
        y = 740 + 96 * k
        rows += [(y, [(204, description)]), (y + amount_at, [(1347, amount)]),
                 (y + 22, [(204, count), (240, "×"), (265, price)])]
    rows += [(1100, [(827, "Subtotal"), (1321, "$916.25")]), (1140, [(827, "Total due"), (1321, "$916.25")])]
    lines = extract_fields([page(sorted(rows))]).fields["lines"]
    assert [(line["description"], line["quantity"], line["unit_price"], line["amount"]) for line in lines] == [
        (d, q, p.replace("$", ""), a.replace("$", "")) for d, q, p, a in items]


def test_a_lines_amount_read_on_a_sidebars_row_takes_no_sidebar_caption_with_it():
    """A fax's line whose amount OCR set on the sidebar's row above ('2027/01/21 … 364,200'): the
    line keeps its own words, and the sidebar's due date under its caption stays the due date."""
    rows = [
        (520, [(140, "発行日")]),
        (572, [(140, "2027/01/21"), (1425, "364,200")]),
        (600, [(577, "コンベアベルト 450mm幅"), (1059, "6"), (1072, "本"), (1219, "60,700")]),
        (615, [(141, "お振込期日")]),
        (664, [(140, "2027/02/28"), (576, "ステンレス六角ボルト M8X30"), (1059, "6"), (1078, "箱"), (1223, "3,200"),
               (1442, "19,200")]),
        (734, [(141, "PO-2026-04711")]),
        (792, [(574, "点検作業費 1時間"), (1022, "10"), (1047, "時間"), (1234, "8,400"), (1440, "84,000")]),
        (984, [(576, "出精値引"), (1063, "1式"), (1211, "-36,800"), (1430, "-36,800")]),
    ]
    fields = extract_fields([page(rows, size=28)]).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2027-01-21", "2027-02-28")
    assert "お振込期日" not in [line["description"] for line in fields["lines"]]


def test_a_sidebar_beside_the_table_is_no_part_of_its_lines():
    rows = [
        (513, [(504, "品目 Particulars"), (900, "単価 Price"), (1100, "数量 Quantity"), (1300, "税抜金額 Net")]),
        (529, [(130, "お振込期限 Payment due")]),
        (564, [(129, "PO-2026-05702"), (504, "トナーカートリッジ"), (900, "14,500"), (1100, "6本"),
               (1300, "87,000")]),
        (603, [(131, "注文No. Your order")]),
        (628, [(505, "事務用椅子"), (900, "31,900"), (1100, "20脚"), (1300, "638,000")]),
    ]
    assert _descriptions(rows) == ["トナーカートリッジ", "事務用椅子"]


def _columns(cells: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    row = document_of([Page(1, 1700, 2300, [Word(t, x0, 936, x1 - x0, 30, 95.0, 1) for t, x0, x1 in cells])]).rows[0]
    return [(c.kind, round(c.x0), round(c.x1)) for c in header_columns(row)]


def test_a_caption_in_two_languages_heads_one_column_as_wide_as_both():
    # 税抜単価 Unitprice | 個数 Qty. : a price right-aligned under 'Unitprice' is the price's.
    columns = _columns([("摘要", 325, 371), ("Product", 379, 472), ("税抜単価", 944, 1045), ("Unitprice", 1045, 1160),
                        ("個数", 1189, 1236), ("Qty.", 1243, 1289), ("税抜金額", 1368, 1472), ("Net", 1472, 1511)])
    assert columns[1:] == [("unit_price", 944, 1160), ("quantity", 1189, 1289), ("amount", 1368, 1511)]


def test_a_garbled_first_language_widens_the_column_of_the_caption_beside_it():
    columns = _columns([("単価", 937, 989), ("Price", 997, 1053), ("BB", 1083, 1129), ("Qty", 1137, 1177),
                        ("税率", 1207, 1253), ("Tax", 1260, 1300), ("金額", 1374, 1420), ("Amount", 1426, 1520)])
    assert ("quantity", 1083, 1177) in columns and ("unit_price", 937, 1053) in columns


def test_a_figure_ocr_split_after_its_separator_stays_in_its_column():
    # '10, 560' read as two words, the second nearer the rate column than the amount's caption.
    rows = [
        (600, [(190, "品名"), (1490, "数量"), (1672, "単価"), (1908, "金額"), (2101, "税区分")]),
        (660, [(190, "ボールペン黒 10本入"), (1550, "12"), (1759, "880"), (1975, "10, 560"), (2120, "10%")]),
        (720, [(190, "コピー用紙 A4"), (1560, "2"), (1735, "2,480"), (1985, "4,960"), (2120, "10%")]),
    ]
    lines = extract_fields([page(rows, width=2400)]).fields["lines"]
    assert [(line["quantity"], line["unit_price"], line["amount"], line["tax_rate"]) for line in lines] == [
        ("12", "880", "10560", "10"), ("2", "2480", "4960", "10")]


def test_a_grid_of_the_documents_captions_under_the_table_ends_it():
    rows = [
        (600, [(168, "Qty. Product"), (1245, "Price"), (1501, "Net")]),
        (660, [(187, "12 Soy sauce, 18 L"), (1240, "2,600"), (1463, "31,200")]),
        (720, [(201, "5 Chicken thigh 10 kg"), (1240, "7,900"), (1463, "39,500")]),
        (800, [(159, "Invoice #"), (389, "Date"), (576, "Due date"), (785, "Your PO"), (1392, "Account no.")]),
        (840, [(157, "26-0347"), (321, "5 October 2026 30 November 2026 PO-2026-06292"), (1415, "48421")]),
    ]
    assert _lines(rows) == [("12", "2600", "31200"), ("5", "7900", "39500")]


def test_a_discount_in_brackets_with_its_currency_inside_them():
    rows = [
        (600, [(637, "Qty. Details"), (1217, "Rate"), (1412, "Amount")]),
        (660, [(654, "10 Copy paper A4"), (1144, "2,800 JPY"), (1365, "28,000 JPY")]),
        (720, [(670, "1 Volume discount"), (1125, "(2,400 JPY)"), (1362, "(2,400 JPY)")]),
    ]
    assert _lines(rows) == [("10", "2800", "28000"), ("1", "-2400", "-2400")]


def test_captions_run_into_their_english_name_head_their_columns():
    row = document_of([page([(600, [(144, "摘要Details"), (796, "コードCode"), (1029, "数量Qty."),
                                    (1204, "単価Rate"), (1360, "金額Line total")])])]).rows[0]
    kinds = [c.kind for c in header_columns(row)]
    assert kinds[0] == "description" and kinds[-3:] == ["quantity", "unit_price", "amount"]


def test_a_table_continued_under_its_header_on_the_next_page_after_prose_ended_the_first():
    header = [(100, "品名"), (1074, "数量"), (1248, "単価"), (1438, "金額")]
    first = page([
        (600, header),
        (660, [(100, "上白糖 20kg"), (1074, "10"), (1248, "4,700"), (1438, "47,000")]),
        (720, [(1429, "次頁へ続く")]),
        (800, [(135, "SAK SEO. PART PRA Se 3947186")]),  # the bank line, garbled
        (900, [(1495, "1/2")]),
    ])
    second = page([
        (200, header),
        (260, [(100, "ポリ手袋 S"), (1074, "4"), (1248, "500"), (1438, "2,000")]),
        (400, [(800, "小計"), (1438, "49,000")]),
    ], number=2)
    lines = extract_fields([first, second]).fields["lines"]
    assert [(line["quantity"], line["amount"]) for line in lines] == [("10", "47000"), ("4", "2000")]


def test_a_table_continued_without_its_header_on_a_page_fed_off_centre_keeps_its_columns():
    header = [(100, "品番"), (300, "品名"), (1074, "数量"), (1150, "単位"), (1248, "単価"), (1438, "金額"),
              (1530, "税")]
    first = page([
        (600, header),
        (660, [(100, "AZ-02"), (300, "あずき缶 2kg"), (1074, "24"), (1150, "缶"), (1248, "1,540"), (1438, "36,960"),
               (1530, "*")]),
        (720, [(100, "GB-45"), (300, "ゴミ袋 45L"), (1074, "10"), (1150, "袋"), (1248, "620"), (1438, "6,200")]),
    ])
    shift = 60  # the second page's print stands this far right of the first's
    second = page([
        (200, [(100 + shift, "058301")]),
        (260, [(100 + shift, "SC-12"), (300 + shift, "スチレンカップ"), (1074 + shift, "2"), (1150 + shift, "個"),
               (1248 + shift, "880"), (1438 + shift, "1,760")]),
        (320, [(100 + shift, "TP-48"), (300 + shift, "OPPテープ"), (1074 + shift, "38"), (1150 + shift, "巻"),
               (1248 + shift, "168"), (1438 + shift, "6,384")]),
        (400, [(900, "小計"), (1438 + shift, "51,304")]),
    ], number=2)
    lines = extract_fields([first, second]).fields["lines"]
    assert [(line["quantity"], line["amount"]) for line in lines] == [("24", "36960"), ("10", "6200"), ("2", "1760"),
                                                                      ("38", "6384")]


def test_a_table_continued_on_a_page_whose_header_ocr_garbled_after_the_documents_details_ended_the_first():
    first = page([
        (600, [(116, "品目"), (1073, "数"), (1273, "単価"), (1457, "金額")]),
        (660, [(115, "紙カップ 8oz"), (1084, "1"), (1095, "箱"), (1234, "¥1,040"), (1455, "¥1,040")]),
        (720, [(115, "紙ナプキン 5000枚"), (1081, "3"), (1100, "箱"), (1233, "¥2,600"), (1452, "¥7,800")]),
        (800, [(264, "No."), (614, "発行日"), (956, "お支払期日")]),
        (850, [(220, "2609-0151"), (553, "2026年9月29日"), (911, "2026年10月20日"), (1276, "PO-2026-07602")]),
    ])
    second = page([
        (200, [(101, "Ali RF No. 2609-0151 (明細続き)")]),
        (250, [(1245, "A"), (1487, "金額")]),
        (300, [(119, "ラップフィルム 300M"), (1066, "20"), (1092, "本"), (1255, "¥880"), (1462, "¥17,600")]),
        (350, [(119, "ダンボール箱 100サイズ"), (1066, "12"), (1092, "箱"), (1255, "¥3,400"), (1462, "¥40,800")]),
    ], number=2)
    lines = extract_fields([first, second]).fields["lines"]
    assert [(line["quantity"], line["amount"]) for line in lines] == [("1", "1040"), ("3", "7800"), ("20", "17600"),
                                                                      ("12", "40800")]


def test_a_row_of_totals_under_garbled_captions_ends_the_table():
    rows = [
        (600, [(164, "Description"), (960, "Qty"), (1227, "Price"), (1416, "Amount")]),
        (660, [(164, "Soy sauce 1 L"), (960, "1"), (1227, "2,500"), (1416, "2,500")]),
        (720, [(164, "Wheat flour, 25 kg"), (960, "5"), (1227, "7,500"), (1416, "37,500")]),
        (780, [(260, "BiKGIt Lines sum"), (761, "WRBM Tx"), (1151, "CiREM Grand sum")]),
        (820, [(472, "¥40,000"), (937, "¥3,200"), (1350, "¥43,200")]),
    ]
    assert _lines(rows) == [("1", "2500", "2500"), ("5", "7500", "37500")]


def test_a_line_whose_price_is_the_sum_of_the_lines_before_it_is_a_line():
    rows = [
        (600, [(164, "Description"), (1000, "Price"), (1200, "Qty"), (1416, "Amount")]),
        (660, [(164, "Soy sauce 1 L"), (1000, "1,000"), (1200, "1"), (1416, "1,000")]),
        (720, [(164, "Wheat flour"), (1000, "1,000"), (1200, "2"), (1416, "2,000")]),
    ]
    assert _lines(rows) == [("1", "1000", "1000"), ("2", "1000", "2000")]


def test_a_price_set_apart_in_the_quantity_column_when_no_price_column_was_read():
    rows = [
        (600, [(120, "Code"), (300, "Description"), (1100, "Qty"), (1400, "Amount")]),
        (660, [(120, "OF-1002"), (300, "Ballpoint pen, black, box of 10"), (1100, "2."), (1200, "880"),
               (1400, "1,760")]),
        (720, [(120, "OF-1003"), (300, "Stapler, heavy duty"), (1100, "12"), (1200, "3,200"), (1400, "38,400")]),
    ]
    assert _lines(rows) == [("2", "880", "1760"), ("12", "3200", "38400")]


def test_a_price_run_into_the_quantity_column_under_a_garbled_price_caption_is_the_price():
    """'Unit cost' garbled into the words before 'Qty' ('Cit cont Qty'), the price printed
    under them: of the figures under the widened quantity caption, the one printed as money is
    the price, what follows it the count (a count garbled past reading is the amount over it)."""
    rows = [
        (600, [(160, "Description"), (1011, "AM Cit cont AR Qty"), (1458, "Total")]),
        (660, [(160, "国産小麦粉 25kg"), (1040, "5,500"), (1150, "10"), (1174, "袋"), (1442, "55,000")]),
        (720, [(160, "鶏もも肉 2kg"), (1040, "3,000"), (1140, "12"), (1164, "ケース"), (1442, "36,000")]),
        (780, [(160, "米油 1.5kg"), (1043, "1,480"), (1160, "2"), (1457, "2,960")]),
        (840, [(160, "緑茶ティーバッグ 100袋"), (1043, "1,160"), (1150, "‘oe"), (1456, "9,280")]),
    ]
    assert _lines(rows) == [("10", "5500", "55000"), ("12", "3000", "36000"), ("2", "1480", "2960"),
                            ("8", "1160", "9280")]


def test_prices_and_counts_under_one_widened_caption_are_read_where_the_other_lines_print_them():
    """Prices printed left of the counts under one caption ('Cit cont Qty', 'Unit cost' garbled):
    a price printed without separators is still the price where it ends with the other lines'
    prices, its count lost ('660') or after it ('910  10 本'), or read as the count ('1020  2'),
    though each multiplies out either way round."""
    rows = [
        (600, [(160, "Description"), (1011, "AM Cit cont AR Qty"), (1458, "Total")]),
        (660, [(160, "国産小麦粉 25kg"), (1040, "5,500"), (1150, "10"), (1174, "袋"), (1442, "55,000")]),
        (720, [(160, "鶏もも肉 2kg"), (1040, "3,000"), (1140, "12"), (1164, "ケース"), (1442, "36,000")]),
        (780, [(160, "ポリ袋 45L"), (1060, "660"), (1456, "6,600")]),
        (840, [(160, "ラップフィルム 30cm"), (1060, "910"), (1150, "10"), (1174, "本"), (1456, "9,100")]),
        (900, [(160, "紙カップ 8oz"), (1040, "1,090"), (1160, "6"), (1456, "6,540")]),
        (960, [(160, "ラップフィルム 45cm"), (1048, "1020"), (1160, "2"), (1456, "2,040")]),
    ]
    assert _lines(rows) == [("10", "5500", "55000"), ("12", "3000", "36000"), ("10", "660", "6600"),
                            ("10", "910", "9100"), ("6", "1090", "6540"), ("2", "1020", "2040")]


def test_a_discount_run_into_the_price_column_leaves_the_price_that_multiplies_out():
    """'Disc %' read as a lone '%', so each line's '0.00' discount falls under the price's caption:
    the price is the figure that times the quantity makes the line's total, read with the total's
    cents where OCR lost its point ('980' for 9.80)."""
    rows = [
        (777, [(127, "Product Code"), (363, "Product Description"), (939, "Quantity"), (1068, "Unit Price"),
               (1240, "%"), (1314, "VAT"), (1432, "Line Total")]),
        (842, [(127, "BT-DUV-SK-400"), (364, "Duvet cover, super king"), (960, "40.00"), (1106, "38.50"),
               (1214, "0.00"), (1307, "20%"), (1435, "1,540.00")]),
        (963, [(127, "BT-TWL-BTH-700"), (364, "Bath towel 700gsm"), (952, "120.00"), (1119, "980"),
               (1214, "0.00"), (1307, "20%"), (1435, "1,176.00")]),
    ]
    assert _lines(rows) == [("40.00", "38.50", "1540.00"), ("120.00", "9.80", "1176.00")]


def test_a_count_under_the_number_sold_caption_is_the_quantity():
    """A vending operator's statement: '販売数' (number sold) heads the count, '単価' the price; the
    sale's date beside it ('販売日', a letter apart) is no count."""
    rows = [
        (1079, [(40, "販売日"), (128, "コラム"), (526, "商品名"), (939, "販売数 単位"), (1156, "単価"), (1314, "金額"),
                (1463, "税率")]),
        (1134, [(40, "11/06"), (136, "A-01"), (227, "缶コーヒー ブラック 185g"), (965, "1,236"), (1066, "本"),
                (1203, "68"), (1344, "84,048"), (1457, "8%"), (1495, "※")]),
        (1200, [(40, "11/13"), (136, "A-02"), (226, "緑茶 PET 525ml"), (965, "1,104"), (1066, "本"), (1203, "82"),
                (1344, "90,528"), (1457, "8%"), (1495, "※")]),
    ]
    assert _lines(rows) == [("1236", "68", "84048"), ("1104", "82", "90528")]


def test_a_vat_code_column_after_the_amount_is_no_part_of_the_amount():
    """'Betrag CHF  MW': each line's VAT code ('1') under 'MW' beside the amount is no figure of it."""
    rows = [
        (1026, [(184, "Pos."), (255, "Artikel"), (460, "Bezeichnung"), (968, "Menge"), (1066, "ME"), (1230, "Preis"),
                (1311, "Betrag CHF MW")]),
        (1080, [(184, "10"), (256, "HS-2SN12-150"), (460, "Hydraulikschlauch 2SN DN12"), (998, "8.00"),
                (1066, "Stk"), (1228, "48.60"), (1372, "388.80"), (1487, "1")]),
        (1261, [(183, "40"), (254, "ARB-ST"), (460, "Montage Servicetechniker"), (998, "5.50"), (1066, "Std"),
                (1215, "128.00"), (1372, "704.00"), (1487, "1")]),
    ]
    assert _lines(rows) == [("8.00", "48.60", "388.80"), ("5.50", "128.00", "704.00")]


def test_a_line_whose_price_was_lost_beside_its_own_tax_goes_on_with_the_table():
    """A wholesaler's lines print their rate and tax in the table's '消費税' column; one line's
    price was lost ('13 袋  14.417  8%  1.153'): its tax at the printed rate makes it no summary
    of tax per rate, and the lines after it are read."""
    rows = [
        (605, [(118, "日付"), (586, "商品名"), (891, "数量"), (1046, "単価"), (1160, "金額"), (1260, "税率 消費税")]),
        (655, [(108, "11/06"), (398, "若鶏もも唐揚げ 1kg"), (925, "18"), (975, "袋"), (1056, "1,158"),
               (1173, "20,844"), (1272, "8%"), (1357, "1,667")]),
        (752, [(108, "11/13"), (397, "白身魚フライ 60gX20枚"), (924, "13"), (986, "袋"), (1173, "14.417"),
               (1272, "8%"), (1357, "1.153")]),
        (951, [(108, "11/27"), (421, "肉じゃが 1kg"), (935, "9"), (975, "袋"), (1056, "1,031"), (1184, "9,279"),
               (1272, "8%"), (1380, "742")]),
    ]
    assert [amount for _, _, amount in _lines(rows)] == ["20844", "14417", "9279"]


def test_a_footer_of_figures_far_under_the_table_is_no_line():
    """Reference, dates and T-number in a footer row well under the table: figures that do not
    multiply out there end the table, not add a line."""
    from ocr.extract import extract_fields
    from tests.ocr.builders import page

    rows = [
        (948, [(144, "Item description"), (1014, "Qty"), (1209, "Price"), (1468, "Net")]),
        (1008, [(144, "Office chair, armless"), (1042, "2"), (1187, "18,000"), (1424, "36,000")]),
        (1080, [(144, "Toner cartridge colour"), (1027, "10"), (1187, "13,400"), (1409, "134,000")]),
        (1920, [(234, "Q2610-457"), (552, "6 October 2026"), (901, "4 January 2027"), (1240, "T7791083163551")]),
        (1980, [(236, "Estimate No."), (617, "Issued"), (950, "Valid until"), (1248, "Registered number")]),
    ]
    lines = extract_fields([page(rows)]).fields["lines"]
    assert [line["amount"] for line in lines] == ["36000", "134000"]


@pytest.mark.parametrize(("price", "amount"), [("人400円", "A400"), ("▲400", "▲400"), ("400", "△400")])
def test_a_discounts_triangle_read_as_a_letter_before_its_figures_is_its_minus(price, amount):
    rows = [
        (600, [(100, "品名"), (860, "数量"), (1060, "単価"), (1400, "金額")]),
        (650, [(100, "紙カップ 8oz"), (884, "8"), (1066, "1,040"), (1408, "8,320")]),
        (700, [(100, "値引"), (884, "1"), (1066, price), (1408, amount)]),
    ]
    lines = extract_fields([page(rows)]).fields["lines"]
    assert (lines[-1]["unit_price"], lines[-1]["amount"]) == ("-400", "-400")


def test_a_headerless_table_whose_descriptions_hold_figures_and_whose_discount_is_negative():
    # The header garbled past reading; a size in the description stands between the quantity
    # and the price, and the discount's price and amount both carry their minus.
    rows = [
        (600, [(100, "[ae"), (245, "ta"), (330, "aan"), (1220, "pic"), (1500, "金額")]),
        (660, [(180, "20"), (330, "ダンボール箱"), (490, "80"), (520, "サイズ"), (1230, "2,500円"),
               (1440, "50,000円")]),
        (720, [(200, "1"), (250, "式"), (330, "値引き"), (1220, "-3,000円"), (1440, "-3,000円")]),
    ]
    assert _lines(rows) == [("20", "2500", "50000"), ("1", "-3000", "-3000")]


def test_a_quantity_printed_before_its_unit_left_of_its_caption_is_the_quantity():
    # A long unit ('ケース') puts the count under the price's caption, close after the price.
    rows = [
        (600, [(360, "商品名"), (940, "単価"), (1085, "個数"), (1390, "税抜金額")]),
        (660, [(360, "米油 16.5kg"), (900, "¥7,300"), (1083, "10"), (1119, "缶"), (1407, "¥73,000")]),
        (720, [(360, "玉ねぎ 10kg"), (898, "¥6,900"), (975, "20"), (1000, "ケース"), (1392, "¥138,000")]),
    ]
    assert _lines(rows) == [("10", "7300", "73000"), ("20", "6900", "138000")]


def test_a_discount_whose_triangle_was_read_as_a_digit_over_a_summary_of_tax_per_rate():
    # '▲4,100' read as '44,100' with its quantity lost; under it the summary of tax per rate,
    # its captions garbled and its yen sign read as a Y, then the totals.
    rows = [
        (708, [(143, "品名"), (1053, "税抜単価"), (1233, "数量"), (1464, "金額")]),
        (765, [(135, "事務用椅子肘付き"), (1068, "25,700"), (1240, "2"), (1254, "脚"), (1436, "51,400")]),
        (839, [(136, "出精値引"), (1058, "4,100"), (1244, "]"), (1256, "式"), (1424, "44,100")]),
        (935, [(137, "10%"), (180, "it geal"), (296, "Y47.300"), (420, "RBS"), (514, "(10%)"), (646, "¥4,730"),
               (787, "Gat ("), (872, "税抜 )"), (1418, "¥47,300")]),
        (1001, [(786, "消費税等"), (911, "(09%)"), (1433, "¥4,730")]),
        (1054, [(788, "ご請求総額"), (1403, "¥52,030")]),
    ]
    fields = extract_fields([page(rows)]).fields
    assert [(line["quantity"], line["unit_price"], line["amount"]) for line in fields["lines"]] == [
        ("2", "25700", "51400"), ("1", "-4100", "-4100")]
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("47300", "4730", "52030")


def test_a_row_of_subtotal_tax_and_total_whose_captions_were_lost_under_a_smudge_read_as_a_figure():
    rows = [
        (727, [(146, "品名"), (974, "単価"), (1097, "数量"), (1459, "金額")]),
        (781, [(145, "ダンボール箱 100サイズ"), (939, "¥3,400"), (1112, "3"), (1410, "¥10,200")]),
        (841, [(145, "ダンボール箱 80サイズ"), (941, "¥2,100"), (1097, "20"), (1408, "¥42,000")]),
        (905, [(334, "aM"), (1141, "AaB"), (1392, "。"), (1416, "ーー"), (1522, "1")]),
        (960, [(470, "¥52,200"), (950, "¥5,220"), (1376, "¥57,420")]),
    ]
    fields = extract_fields([page(rows)]).fields
    assert [(line["quantity"], line["unit_price"], line["amount"]) for line in fields["lines"]] == [
        ("3", "3400", "10200"), ("20", "2100", "42000")]
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("52200", "5220", "57420")


def test_a_line_whose_first_figures_happen_to_add_up_is_no_row_of_totals():
    rows = [
        (1021, [(135, "Pos."), (209, "Désignation"), (969, "Quantité"), (1178, "Prix unit."), (1423, "Montant")]),
        (1077, [(151, "1"), (209, "Comté affiné, 5 kg"), (1054, "8"), (1220, "97,60"), (1443, "780,80")]),
        (1141, [(151, "2"), (209, "Huile d'olive vierge extra 1 L"), (1054, "3"), (1220, "23,40"), (1457, "70,20")]),
        (1205, [(151, "3"), (209, "Moutarde de Dijon 1 kg"), (1040, "20"), (1234, "6,10"), (1443, "122,00")]),
    ]
    assert _lines(rows) == [("8", "97.60", "780.80"), ("3", "23.40", "70.20"), ("20", "6.10", "122.00")]


def test_amounts_whose_caption_was_lost_are_told_from_the_prices_they_ran_in_with():
    # 'Amount' lost from the header: each line's amount stands apart right of its price, in the
    # price's column; the first line's amount was lost too.
    rows = [
        (712, [(107, "Particulars"), (912, "Qty."), (1061, "Price")]),
        (759, [(111, "Monthly cleaning service"), (925, "20"), (1045, "50,900")]),
        (831, [(111, "Nitrile gloves M"), (926, "12"), (1057, "1,100"), (1217, "13,200")]),
        (905, [(111, "Paper towels"), (941, "1"), (1056, "4,200"), (1226, "4,200")]),
    ]
    assert _lines(rows) == [("20", "50900", "1018000"), ("12", "1100", "13200"), ("1", "4200", "4200")]


def test_a_row_that_counts_and_charges_nothing_is_no_line():
    rows = [
        (600, [(100, "Description"), (700, "Qty"), (850, "Unit price"), (1020, "VAT rate"), (1450, "Item subtotal")]),
        (660, [(100, "HDMI cable 2 m"), (710, "6"), (850, "€8.39"), (1020, "19%"), (1480, "€50.34")]),
        (720, [(100, "Shipping charges"), (1020, "19%"), (1495, "€0.00")]),
        (780, [(100, "Gift wrap, extra card"), (710, "1"), (850, "€0.00"), (1020, "19%"), (1495, "€0.00")]),
        (900, [(800, "Invoice total"), (1480, "€50.34")]),
    ]
    assert _lines(rows) == [("6", "8.39", "50.34"), ("1", "0.00", "0.00")]


def test_usage_lines_whose_amounts_are_rounded_to_cents_and_quantities_printed_with_three_decimals():
    rows = [
        (600, [(128, "Description"), (856, "Usage Quantity"), (1131, "Unit"), (1346, "Rate"), (1488, "Amount")]),
        (660, [(128, "Compute - t3.medium on-demand"), (937, "744.000"), (1131, "Hrs"), (1312, "$0.0416"),
               (1503, "$30.95")]),
        (700, [(128, "Block storage - gp3 volumes"), (937, "250.500"), (1131, "GB-Mo"), (1337, "$0.08"),
               (1503, "$20.04")]),
        (740, [(128, "Functions - compute duration"), (874, "2,499,615.105"), (1131, "GB-s"),
               (1236, "$0.0000166667"), (1503, "$41.66")]),
        (780, [(128, "Credits - promotional credit"), (962, "1.000"), (1131, "Credit"), (1317, "-$50.00"),
               (1495, "-$50.00")]),
        (900, [(1151, "Total pre-tax"), (1487, "$42.65")]),
    ]
    assert _lines(rows) == [("744.000", "0.0416", "30.95"), ("250.500", "0.08", "20.04"),
                            ("2499615.105", "0.0000166667", "41.66"), ("1.000", "-50.00", "-50.00")]


def test_a_yen_price_in_fractions_and_descriptions_far_left_of_a_centred_caption():
    """A gas bill: 14,120 m³ at ¥145.20 is ¥2,050,224; the items' names start far left of the
    wide column's centred caption."""
    rows = [
        (600, [(403, "項目"), (828, "数量"), (994, "単位"), (1126, "単価 (円)"), (1362, "金額 (円)")]),
        (650, [(126, "基本料金"), (932, "1"), (1004, "月"), (1201, "24,500"), (1453, "24,500")]),
        (700, [(126, "従量料金"), (870, "14,120"), (998, "m3"), (1201, "145.20"), (1419, "2,050,224")]),
        (750, [(126, "原料費調整額"), (870, "14,120"), (998, "m3"), (1220, "-8.40"), (1415, "-118,608")]),
        (800, [(1110, "小計 (税抜)"), (1411, "¥1,956,116")]),
    ]
    lines = extract_fields([page(rows)]).fields["lines"]
    assert [(ln["description"], ln["quantity"], ln["unit_price"], ln["amount"]) for ln in lines] == [
        ("基本料金", "1", "24500", "24500"), ("従量料金", "14120", "145.20", "2050224"),
        ("原料費調整額", "14120", "-8.40", "-118608")]


def test_a_line_whose_price_ocr_garbled_is_kept_with_the_price_its_amount_and_quantity_give():
    """The price and quantity captions were lost, so the lines are the rows that multiply out;
    the first row's price came back as letters ('7ASE' for 7,45 €): 59,60 € for 8 is 7,45 each."""
    rows = [
        (600, [(100, "Ref."), (420, "Concepto"), (968, "unit."), (1128, "Importe")]),
        (650, [(100, "SL-04"), (204, "Guantes de nitrilo talla M"), (848, "8"), (982, "7ASE"), (1215, "59,60 €")]),
        (700, [(100, "SL-05"), (205, "Palé europeo EPAL"), (841, "17"), (973, "12,00 €"), (1205, "204,00 €")]),
        (750, [(100, "SL-01"), (204, "Cajas de cartón 60x40x40"), (848, "9"), (971, "38,50 €"), (1205, "346,50 €")]),
        (800, [(100, "SL-03"), (205, "Etiquetas térmicas"), (841, "15"), (981, "9,80 €"), (1207, "147,00 €")]),
        (860, [(800, "Base imponible"), (1178, "757,10 €")]),
    ]
    assert _lines(rows) == [("8", "7.45", "59.60"), ("17", "12.00", "204.00"), ("9", "38.50", "346.50"),
                            ("15", "9.80", "147.00")]


def test_an_amount_printed_a_digit_to_a_box_over_a_garbled_header_is_no_line():
    # '金 2 4 6 5 1 5 円也': its last digits 5 × 1 = 5 multiply out, but they are one figure.
    rows = [
        (400, [(145, "金"), (195, "2"), (237, "4"), (280, "6"), (367, "5"), (413, "1"), (453, "5"), (490, "円也")]),
        (600, [(374, "a"), (432, "要"), (750, "数"), (790, "量"), (900, "単"), (937, "価"), (1098, "&m")]),
        (650, [(154, "宮崎牛 切り落とし 2kg"), (816, "6"), (941, "16,274"), (1151, "97,644")]),
        (700, [(154, "宮崎産ピーマン 5kg"), (804, "20"), (950, "3,800"), (1152, "76,000")]),
        (750, [(156, "日向夏 10kg"), (816, "3"), (950, "7,600"), (1152, "22,800")]),
    ]
    assert _lines(rows) == [("6", "16274", "97644"), ("20", "3800", "76000"), ("3", "7600", "22800")]


def test_quantity_and_price_under_captions_ocr_garbled_are_the_figures_that_multiply_out():
    rows = [
        (600, [(116, "Product"), (1060, "Cvcitity"), (1240, "ify"), (1289, "Reve"), (1504, "Net")]),
        (660, [(115, "上白糖 1kg"), (1116, "3"), (1133, "袋"), (1258, "¥1,460"), (1459, "¥"), (1480, "4,380")]),
        (720, [(115, "上白糖 20kg"), (1116, "8"), (1128, "袋"), (1256, "¥4,400"), (1445, "¥"), (1466, "35,200")]),
        (780, [(117, "ステンレス六角ボルト M6X20"), (1116, "2"), (1257, "¥2,500"), (1460, "¥"), (1480, "5,000")]),
    ]
    assert _lines(rows) == [("3", "1460", "4380"), ("8", "4400", "35200"), ("2", "2500", "5000")]


def test_a_page_footer_of_company_and_bank_details_and_its_page_number_between_a_tables_parts_are_no_lines():
    header = [(218, "Pos."), (296, "Bezeichnung"), (1000, "Menge"), (1123, "Einzelpreis"), (1307, "Gesamtpreis")]
    first = page([
        (600, header),
        (660, [(237, "1"), (296, "Kalibrierung mit Prüfzertifikat"), (1027, "4"), (1144, "165,00 €"),
               (1347, "660,00 €")]),
        (720, [(237, "2"), (296, "Laborwaage 0,01 g / 3 kg"), (1027, "1"), (1144, "1.249,00 €"),
               (1347, "1.249,00 €")]),
        # the page full: its footer straight under the last line
        (790, [(197, "Kessler Labortechnik GmbH"), (636, "Geschäftsführer Dr. Anja Kessler"),
               (1074, "Kreissparkasse Böblingen")]),
        (830, [(197, "Industriestraße 14"), (636, "Amtsgericht Stuttgart HRB 730114"),
               (1074, "IBAN DE27 6035 0130 0001 0448 21")]),
        (890, [(1368, "Seite 1 von 2")]),
    ])
    second = page([
        (200, header),
        (260, [(237, "3"), (296, "Sonderrabatt Neukunde"), (1079, "1"), (1163, "-86,90 €"), (1366, "-86,90 €")]),
        (320, [(1059, "Summe netto"), (1347, "1.822,10 €")]),
    ], number=2)
    lines = extract_fields([first, second]).fields["lines"]
    assert [line["amount"] for line in lines] == ["660.00", "1249.00", "-86.90"]


def test_a_detail_printed_smaller_under_an_item_is_no_part_of_its_name_a_wrapped_name_is():
    from dataclasses import replace

    p = page([
        (600, [(218, "Pos."), (296, "Bezeichnung"), (1000, "Menge"), (1123, "Einzelpreis"), (1307, "Gesamtpreis")]),
        (660, [(237, "1"), (296, "Kalibrierung mit Prüfzertifikat"), (1027, "4"), (1144, "165,00 €"),
               (1347, "660,00 €")]),
        (690, [(296, "Art.-Nr. KL-KAL · Lieferschein LS-26246 vom 26.09.2026")]),
        (740, [(237, "2"), (296, "Laborwaage 0,01 g / 3 kg"), (1027, "1"), (1144, "1.249,00 €"), (1347, "1.249,00 €")]),
        (770, [(296, "出荷日 2026/10/14 配送センター 藤沢DC")]),
        (820, [(237, "3"), (296, "Temperaturfühler Pt100"), (1027, "1"), (1144, "78,40 €"), (1347, "78,40 €")]),
        (850, [(296, "für Kühlräume")]),
    ])
    p.words = [replace(w, height=16) if 680 <= w.top <= 700 or 760 <= w.top <= 780 else w for w in p.words]
    lines = extract_fields([p]).fields["lines"]
    assert [line["description"] for line in lines] == [
        "Kalibrierung mit Prüfzertifikat", "Laborwaage 0,01 g / 3 kg", "Temperaturfühler Pt100 für Kühlräume"]


def test_a_quantity_set_far_right_under_the_unit_caption_times_a_yen_price_in_fractions():
    """'10,000' right-aligned into the 単位 column's reach; ¥7.35 a sheet gives ¥73,500."""
    rows = [
        (600, [(130, "納品日"), (253, "納品書No."), (570, "品名・仕様"), (890, "部数・数量"), (1054, "単位"),
               (1171, "単価"), (1381, "金額")]),
        (650, [(135, "04/22"), (256, "D-260422"), (408, "リーフレット A4 三つ折"), (965, "3,000"), (1068, "部"),
               (1213, "19.0"), (1453, "57,000")]),
        (700, [(135, "04/24"), (256, "D-260424"), (408, "封筒 長3 1色刷"), (1000, "10,000"), (1068, "枚"),
               (1213, "7.35"), (1453, "73,500")]),
        (760, [(1100, "小計"), (1453, "¥130,500")]),
    ]
    assert _lines(rows) == [("3000", "19.0", "57000"), ("10000", "7.35", "73500")]


PROGRESS_HEADER = [(128, "No"), (186, "工種・名称"), (722, "単位"), (811, "契約数量"), (995, "単価"),
                   (1164, "契約金額"), (1341, "前回迄数量"), (1506, "今回数量"), (1657, "今回出来高金額"),
                   (1884, "累計数量"), (2025, "出来高率")]
PROGRESS_ROWS = [
    (660, [(138, "1"), (186, "既存床撤去工事"), (731, "m2"), (884, "420"), (1035, "3,200"), (1203, "1,344,000"),
           (1434, "370"), (1592, "50"), (1763, "160,000"), (1956, "420"), (2051, "100.0%")]),
    (720, [(138, "2"), (186, "エポキシ樹脂塗床工事"), (731, "m2"), (884, "420"), (1035, "9,800"), (1203, "4,116,000"),
           (1434, "320"), (1578, "100"), (1763, "980,000"), (1956, "420"), (2051, "100.0%")]),
]


def test_a_progress_bill_bills_this_periods_quantity_and_amount_not_the_contracts():
    # 出来高請求: the contract's quantity and amount, the earlier bills', this bill's and the running
    # total, each a compound caption ('今回数量' = this time's + quantity).
    assert _lines([(600, PROGRESS_HEADER), *PROGRESS_ROWS]) == [("50", "3200", "160000"), ("100", "9800", "980000")]


def test_a_progress_bills_captions_set_close_enough_to_run_into_one_phrase_each_head_a_column():
    cells = [(138, "No", 30), (383, "工種・名称", 125), (726, "単位", 48), (815, "契約数量", 98), (998, "単価", 48),
             (1168, "契約金額", 98), (1344, "前回迄数量", 122), (1490, "今回数量", 98), (1611, "今回出来高金額", 172),
             (1807, "累計数量", 98), (1929, "出来高率", 98)]
    columns = _columns([(text, x0, x0 + width) for x0, text, width in cells])
    assert [kind for kind, _x0, _x1 in columns if kind != "skip"] == ["description", "unit_price", "quantity", "amount"]
    assert ("quantity", 1490, 1588) in columns


def test_a_progress_bills_compound_captions_run_into_one_word_and_one_phrase_with_a_caption_head_columns():
    # '今回出来高金額累計出来高': this bill's amount and the running total OCR read as one word, in one
    # phrase with '数量', '契約金額' and '前回迄出来高'; the description's caption garbled.
    header = [(231, "lf"), (417, "数量"), (477, "契約金額"), (585, "前回迄出来高"), (741, "今回出来高金額累計出来高"),
              (1041, "出来高率"), (1250, "残高")]
    rows = [
        (660, [(128, "空調機器撤去工事"), (417, "1式"), (465, "1,200,000"), (645, "600,000"), (825, "600,000"),
               (921, "1,200,000"), (1080, "100%"), (1286, "0")]),
        (720, [(128, "空調機器据付工事"), (417, "1式"), (465, "4,500,000"), (621, "1,350,000"), (801, "1,800,000"),
               (921, "3,150,000"), (1092, "70%"), (1190, "1,350,000")]),
    ]
    assert _lines([(600, header), *rows], size=24) == [("1", "600000", "600000"), ("1", "1800000", "1800000")]


def test_an_english_progress_bills_previous_and_to_date_columns_give_way_to_this_periods():
    header = [(100, "Description"), (700, "Contract Qty"), (900, "Unit Price"), (1100, "Previous Qty"),
              (1300, "This Qty"), (1500, "Amount This Period"), (1800, "Qty To Date")]
    rows = [(660, [(100, "Steel framing"), (740, "40"), (920, "1,250.00"), (1140, "10"), (1340, "12"),
                   (1560, "15,000.00"), (1840, "22")])]
    assert _lines([(600, header), *rows]) == [("12", "1250.00", "15000.00")]


def test_a_progress_bill_of_two_storeys_bills_the_quantity_and_amount_under_this_periods_group():
    # The group captions stand over plain '数量 金額' captions, each repeated under every group:
    # the contract's, the earlier bills', this bill's and the running total's.
    groups = [(560, "契約"), (830, "前回迄出来高"), (1040, "今回出来高"), (1250, "累計出来高")]
    header = [(120, "工種・名称"), (400, "数量"), (560, "単価"), (700, "金額"), (800, "数量"), (900, "金額"),
              (1000, "数量"), (1100, "金額"), (1240, "金額")]
    rows = [
        (660, [(120, "共通仮設工事"), (416, "1"), (533, "1,850,000"), (679, "1,850,000"), (816, "0.6"),
               (879, "1,110,000"), (1015, "0.3"), (1097, "555,000"), (1225, "1,665,000")]),
        (720, [(120, "内装工事"), (416, "1"), (533, "6,380,000"), (679, "6,380,000"), (816, "0.2"),
               (879, "1,276,000"), (1003, "0.45"), (1078, "2,871,000"), (1225, "4,147,000")]),
    ]
    assert _lines([(540, groups), (600, header), *rows]) == [
        ("0.3", "1850000", "555000"), ("0.45", "6380000", "2871000")]


SLIP_HEADER = [(337, "商品コード"), (658, "商品名"), (989, "数量"), (1185, "単価"), (1334, "om"), (1468, "wR")]


def test_the_amounts_are_the_column_whose_figures_are_quantity_times_price_when_its_caption_and_the_next_are_lost():
    # 金額 and 消費税 both garbled: the last unread caption is no longer taken for the amounts'
    # where the column before it holds each line's quantity × price and the last its tax.
    rows = [
        (600, SLIP_HEADER),
        (660, [(324, "VVF-2016"), (496, "VVFケーブル 2.0mm"), (1041, "2"), (1195, "14,437"), (1359, "28,874"),
               (1496, "2,887")]),
        (720, [(324, "PF-22"), (474, "PF管 22mm 50m"), (1041, "4"), (1206, "5,163"), (1359, "20,652"),
               (1496, "2,065")]),
        (780, [(324, "JB-150"), (474, "ジョイントボックス"), (1030, "12"), (1229, "387"), (1370, "4,644"),
               (1519, "464")]),
    ]
    assert _lines(rows) == [("2", "14437", "28874"), ("4", "5163", "20652"), ("12", "387", "4644")]


def test_a_slips_subtotal_with_its_tax_after_it_is_no_end_of_the_table():
    rows = [
        (600, [(658, "商品名"), (989, "数量"), (1185, "単価"), (1334, "金額"), (1468, "消費税")]),
        (660, [(474, "VVFケーブル 2.0mm"), (1041, "2"), (1195, "14,437"), (1359, "28,874"), (1496, "2,887")]),
        (720, [(474, "PF管 22mm 50m"), (1041, "4"), (1206, "5,163"), (1359, "20,652"), (1496, "2,065")]),
        (780, [(500, "OK"), (557, "EWA"), (1347, "49,526"), (1484, "4,952")]),  # 伝票計, its caption garbled
        (840, [(474, "LEDベースライト 40形"), (1031, "18"), (1207, "7,814"), (1348, "140,652"), (1485, "14,065")]),
        (900, [(474, "LEDダウンライト 100φ"), (1030, "24"), (1206, "2,689"), (1359, "64,536"), (1497, "6,453")]),
    ]
    assert [amount for _q, _p, amount in _lines(rows)] == ["28874", "20652", "140652", "64536"]


def test_a_slips_subtotal_captioned_as_such_is_no_line_though_a_line_of_its_slip_was_lost():
    # ＜伝票計＞ under each delivery slip's lines; a line of the first slip lost to OCR, so the
    # slip's total is no sum of the lines read, and the next slip's first line lost its amount.
    rows = [
        (600, [(372, "商品名"), (949, "数量"), (1174, "単価"), (1348, "金額")]),
        (660, [(372, "強力粉 25kg"), (1011, "4"), (1209, "5,980"), (1385, "23,920")]),
        (720, [(372, "上白糖 20kg"), (1011, "2"), (1209, "6,420"), (1385, "12,840")]),
        (780, [(372, "ポリ手袋 M"), (999, "20"), (1234, "198"), (1397, "3,960")]),
        (840, [(423, "＜伝票計＞"), (1385, "47,800")]),
        (900, [(372, "冷凍むきえび 1kg"), (999, "10"), (1209, "2,380")]),
        (960, [(372, "鶏卵 L 10kg"), (1011, "6"), (1209, "3,150"), (1386, "18,900")]),
        (1020, [(423, "＜伝票計＞"), (1385, "42,700")]),
        (1100, [(1083, "今回御買上額"), (1450, "90,500")]),
    ]
    assert [amount for _q, _p, amount in _lines(rows)] == ["23920", "12840", "3960", "23800", "18900"]


def test_a_discounts_price_split_after_its_separator_with_its_minus_read_as_a_letter_is_read_whole():
    # '△1,200' read as 'Al,' '200', its amount's △ as a 4: one discount of 1,200, not 206 of 200.
    rows = [
        (800, [(398, "品名"), (941, "数量"), (1066, "単価"), (1225, "金額")]),
        (860, [(398, "純米吟醸酒 720mL"), (980, "12"), (1060, "1,650"), (1216, "19,800")]),
        (920, [(398, "配送料 (冷蔵便)"), (990, "1"), (1057, "1,500"), (1231, "1,500")]),
        (980, [(398, "出精値引"), (991, "1"), (1034, "Al,"), (1098, "200"), (1208, "41,200")]),
        (1060, [(941, "小計"), (1208, "20,100")]),
        (1110, [(941, "消費税 (10%)"), (1208, "2,010")]),
        (1160, [(941, "合計"), (1208, "22,110")]),
    ]
    assert _lines(rows)[-1] == ("1", "-1200", "-1200")


def test_captions_run_together_are_no_compound_caption():
    # '数量' and '税区分' read as one phrase: not a tax column named by its last word (a compound),
    # which would take the quantities under it.
    columns = _columns([("品名", 340, 391), ("単価", 976, 1026), ("数量税区", 1098, 1270), ("分", 1280, 1300),
                        ("金額", 1432, 1512)])
    assert "tax" not in [kind for kind, _x0, _x1 in columns]


def test_figures_whose_point_ocr_lost_in_a_column_printed_with_two_decimals_keep_their_cents():
    rows = [
        (600, [(100, "Description"), (900, "Qty"), (1100, "Unit Price"), (1400, "Amount")]),
        (660, [(100, "CHEF KNIFE"), (900, "2.00"), (1100, "21.75"), (1400, "43.50")]),
        (720, [(100, "BISCUITS"), (900, "12.00"), (1100, "13.20"), (1400, "158.40")]),
        (780, [(100, "CHEF KNIFE"), (900, "1000"), (1100, "21.75"), (1400, "21750")]),  # 10.00 and 217.50
        (840, [(100, "PEN (BOX 50)"), (900, "1.00"), (1100, "38.20"), (1400, "38.20")]),
    ]
    assert _lines(rows)[2] == ("10.00", "21.75", "217.50")


def test_a_line_billing_pages_is_no_page_footer():
    rows = [
        (600, [(134, "品目"), (1041, "単価"), (1238, "数量"), (1475, "金額")]),
        (660, [(134, "画像素材ライセンス"), (1025, "1,100"), (1240, "8"), (1259, "点"), (1458, "8,800")]),
        (720, [(134, "追加ページ制作「採用情報」"), (1011, "25,000"), (1190, "1"), (1210, "ページ"), (1444, "25,000")]),
        (780, [(134, "追加ページ制作「FAQ」"), (1011, "25,000"), (1190, "2"), (1210, "ページ"), (1444, "50,000")]),
    ]
    assert _lines(rows) == [("8", "1100", "8800"), ("1", "25000", "25000"), ("2", "25000", "50000")]


def test_a_summary_of_the_totals_under_captions_that_end_in_column_words_is_no_table():
    # '商品金額 消費税合計 総合計' ends in column words ('金額', '合計'): it captions the totals, and
    # the figures under it are no line.
    header = [(114, "品名"), (1109, "数量"), (1249, "税抜単価"), (1492, "金額")]
    first = page([
        (600, header),
        (660, [(126, "ポリ袋 45L"), (1113, "20"), (1307, "670"), (1479, "13,400")]),
        (720, [(126, "点検作業費"), (1104, "2"), (1289, "8,200"), (1482, "16,400")]),
        (800, [(1491, "以下次頁")]),
    ])
    second = page([
        (200, header),
        (260, [(114, "特別値引"), (1134, "式"), (1255, "-4,800"), (1458, "-4,800")]),  # its quantity unread
        (340, [(303, "商品金額"), (779, "消費税合計"), (1284, "総合計")]),
        (380, [(432, "¥25,000"), (964, "¥2,500"), (1374, "¥27,500")]),
    ], number=2)
    fields = extract_fields([first, second]).fields
    assert [line["amount"] for line in fields["lines"]] == ["13400", "16400", "-4800"]  # no ¥27,500
    assert (fields["subtotal"], fields["total"]) == ("25000", "27500")


def test_a_tables_rule_read_as_a_one_is_no_amount():
    """A fax's ruled table: the rule after the amount read as '|' on two lines and as '1' on the
    third, whose amount OCR could not read: that line has no amount of 1."""
    rows = [
        (600, [(146, "No."), (200, "Description"), (960, "Qty"), (1150, "Unit Price"), (1400, "Amount"), (1533, "|")]),
        (660, [(146, "1"), (200, "Wok burner"), (964, "6"), (1199, "148,000"), (1435, "888,000"), (1533, "|")]),
        (720, [(146, "2"), (200, "Prep sink"), (964, "2"), (1211, "86,500"), (1435, "173,000"), (1533, "|")]),
        (780, [(146, "3"), (200, "Delivery charge"), (1225, "6,600"), (1461, "DH"), (1533, "1")]),
    ]
    assert all(amount != "1" for _qty, _price, amount in _lines(rows))


def test_a_continuous_forms_sprocket_holes_down_both_edges_are_no_figures():
    """Continuous stationery printed on a dot-matrix printer: the holes down both edges read as
    'O', '0', '©' on every few rows, beside the amounts and under the table: no amount, no line."""
    holes = ["O", "0", "©", "OO", "0", "©", "O", "9", "0", "OO", "©", "0"]
    rows = [(130 + 150 * n, [(24, mark), (1946, holes[-1 - n])]) for n, mark in enumerate(holes)]
    rows += [
        (600, [(180, "品番"), (510, "品名・規格"), (980, "数量"), (1300, "単価"), (1550, "金額"), (1795, "摘要")]),
        (655, [(150, "10380"), (300, "ダンボール 380X280"), (1020, "1,000"), (1370, "28.5"), (1620, "28,500"),
               (1946, "0")]),
        (705, [(150, "60120"), (300, "エアーキャップ 1200MMX42M"), (1065, "15"), (1360, "2,640"), (1620, "39,600")]),
        (755, [(150, "71525"), (300, "PPバンド 15MMX2500M"), (1080, "6"), (1360, "3,150"), (1620, "18,900")]),
        (860, [(1280, "税抜合計"), (1620, "87,000")]),
        (910, [(1260, "消費税 (10%)"), (1630, "8,700")]),
        (960, [(1280, "御請求額"), (1620, "95,700")]),
    ]
    rows.sort(key=lambda row: row[0])
    fields = extract_fields([page(rows, width=2000)]).fields
    assert [(line["quantity"], line["unit_price"], line["amount"]) for line in fields["lines"]] == [
        ("1000", "28.5", "28500"), ("15", "2640", "39600"), ("6", "3150", "18900")]
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("87000", "8700", "95700")


def test_a_totals_box_beside_the_table_row_for_row_neither_ends_the_table_nor_loses_its_totals():
    """'小計(税抜) ¥54,450' to the right of the lines, between the first and the second, and
    each rate's tax on a line's row: the box's caption in the header row, beyond the amounts."""
    rows = [
        (640, [(126, "品目"), (673, "数量"), (776, "単価"), (876, "金額(税抜)"), (1113, "今回ご請求金額(税込)")]),
        (683, [(1325, "¥58,956")]),
        (714, [(126, "紙コップ 7oz"), (669, "10袋"), (792, "420"), (958, "4,200")]),
        (789, [(1095, "小計(税抜)"), (1446, "¥54,450")]),
        (802, [(126, "ドリップコーヒー ※"), (669, "15箱"), (770, "1,980"), (943, "29,700")]),
        (839, [(1095, "10%対象 ¥7,500"), (1400, "消費税 ¥750")]),
        (887, [(126, "サーバー定期メンテナンス"), (684, "1回"), (770, "3,300"), (958, "3,300"),
               (1095, "8%対象 ¥46,950"), (1379, "消費税 ¥3,756")]),
        (939, [(1095, "消費税合計"), (1459, "¥4,506")]),
        (975, [(126, "緑茶ティーバッグ ※"), (669, "15箱"), (770, "1,150"), (943, "17,250")]),
        (991, [(1095, "合計(税込)"), (1423, "¥58,956")]),
        (1100, [(110, "※印は軽減税率(8%)対象品目です。")]),
    ]
    fields = extract_fields([page(rows)]).fields
    assert [(line["quantity"], line["unit_price"], line["amount"]) for line in fields["lines"]] == [
        ("10", "420", "4200"), ("15", "1980", "29700"), ("1", "3300", "3300"), ("15", "1150", "17250")]
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("54450", "4506", "58956")
    assert sorted((t["rate"], t["taxable"], t["tax"]) for t in fields["tax_breakdown"]) == [
        ("10", "7500", "750"), ("8", "46950", "3756")]


def test_a_page_whose_header_ocr_garbled_reads_its_lines_from_the_figures_that_multiply_out():
    # The table goes on over two pages; the first page's header lost its quantity's caption and
    # read its amount's as garble, so it names the tax column's mark the amount.
    garbled = [(159, "納品日"), (278, "伝票No."), (421, "品番"), (738, "品名"), (1135, "単位"), (1248, "単価"),
               (1427, "em"), (1545, "|"), (1560, "Rm")]
    clean = [(162, "納品日"), (279, "伝票No."), (423, "品番"), (740, "品名"), (1049, "数量"), (1137, "単位"),
             (1250, "単価"), (1429, "金額"), (1562, "税")]
    items = [("割り箸1000膳", 10, 2800), ("七味唐辛子300g", 8, 1720), ("信州味噌10kg樽", 12, 6800),
             ("保存容器角型4.6L", 2, 2470), ("甘酒500mlX12", 6, 3240), ("米こうじ5kg", 15, 3900),
             ("業務用キッチンペーパー", 30, 2960), ("食器用洗剤4L", 20, 1390)]

    def row(n: int, y: int, name: str, quantity: int, price: int) -> tuple[int, list]:
        return (y, [(140, f"4/{n + 6}"), (266, f"{39990 + n}"), (391, f"SY-{203 + n}"), (515, name),
                    (1087, str(quantity)), (1133, "箱"), (1275, f"{price:,}"), (1458, f"{quantity * price:,}"),
                    (1561, "※")])

    first = page([(100, [(133, "##請求明細書")]), (219, garbled)]
                 + [row(n, 290 + 65 * n, *item) for n, item in enumerate(items[:5])], number=1)
    second = page([(100, [(133, "##請求明細書")]), (216, clean)]
                  + [row(n, 356 + 65 * (n - 5), *item) for n, item in enumerate(items[5:], start=5)]
                  + [(863, [(518, "小計"), (1444, f"{sum(q * p for _, q, p in items):,}")])], number=2)

    lines = extract_fields([first, second]).fields["lines"]

    assert [(line["description"], line["quantity"], line["amount"]) for line in lines] == [
        (name, str(quantity), str(quantity * price)) for name, quantity, price in items]


def test_a_date_column_whose_caption_ends_as_a_misread_column_word_is_no_description():
    # '納品日' ends in '品日', which is how OCR misreads 品目: the description is under 品名.
    row = document_of([page([(216, [(162, "納品日"), (279, "伝票No."), (423, "品番"), (740, "品名"),
                                     (1049, "数量"), (1250, "単価"), (1429, "金額")])])]).rows[0]
    description = next(c for c in header_columns(row) if c.kind == "description")
    assert description.x0 == 740


@pytest.mark.parametrize(("subtotal", "tax", "total", "lines"), [
    # The third row's 4 lost and its 7,920 read as 7,320: the subtotal asks 4 × 1,980 of it.
    ("216,870", "21,687", "238,557",
     [("30", "5600", "168000"), ("3", "2650", "7950"), ("12", "2750", "33000"), ("4", "1980", "7920")]),
    # A subtotal that asks no whole number of its price: a row that is no line, as before.
    ("216,000", "21,600", "237,600", [("30", "5600", "168000"), ("3", "2650", "7950"), ("12", "2750", "33000")]),
])
def test_a_row_of_a_headerless_table_that_lost_its_quantity_and_misread_its_amount(subtotal, tax, total, lines):
    rows = [
        (775, [(452, "品"), (554, "名"), (917, "wom"), (1039, "aay"), (1176, "Hf"), (1405, "金額")]),
        (845, [(173, "業務用かつお節"), (960, "30"), (1048, "袋"), (1223, "5,600"), (1448, "168,000")]),
        (890, [(173, "煮干し 1kg"), (982, "3"), (1050, "袋"), (1223, "2,650"), (1482, "7,950")]),
        (952, [(200, "ステンレスバット"), (915, "12"), (1050, "枚"), (1223, "2,750"), (1464, "33,000")]),
        (1034, [(173, "白だし 1.8L"), (1049, "本"), (1225, "1,980"), (1481, "7,320")]),
        (1476, [(708, "小計"), (1415, f"{subtotal}円")]),
        (1530, [(708, "消費税"), (1432, f"{tax}円")]),
        (1590, [(708, "合計"), (1427, f"{total}円")]),
    ]
    assert _lines(rows) == lines


@pytest.mark.parametrize(("amount", "lines"), [
    # 61,200円 with its 円 read as a 4: the figure the word holds is 6 × 10,200.
    ("61,2004", [("3", "2650", "7950"), ("6", "10200", "61200"), ("12", "2750", "33000")]),
    # A figure that is not the quantity times the price: no line, as before.
    ("61,2094", [("3", "2650", "7950"), ("12", "2750", "33000")]),
])
def test_a_row_of_a_headerless_table_whose_amount_ocr_soiled_with_the_mark_after_it(amount, lines):
    rows = [
        (775, [(452, "品"), (554, "名"), (917, "wom"), (1039, "aay"), (1176, "Hf"), (1405, "金額")]),
        (845, [(173, "煮干し 1kg"), (982, "3"), (1050, "袋"), (1223, "2,650"), (1482, "7,950")]),
        (890, [(173, "トナーカートリッジ 黒"), (982, "6"), (1050, "本"), (1206, "10,200"), (1470, amount)]),
        (952, [(200, "ステンレスバット"), (965, "12"), (1050, "枚"), (1223, "2,750"), (1464, "33,000")]),
        (1476, [(708, "小計"), (1432, "102,150円")]),
    ]
    assert _lines(rows) == lines


def test_each_pages_own_sum_and_the_sum_carried_over_are_no_lines():
    """A long table's every page ends in its own sum ('頁計', its caption garbled here) and the
    running total, and the next begins with the sum carried over ('前頁より繰越'): none is a line."""
    header = [(100, "品名"), (1074, "数量"), (1248, "単価"), (1438, "金額")]
    first = page([
        (600, header),
        (660, [(100, "上白糖 20kg"), (1074, "10"), (1248, "4,700"), (1438, "47,000")]),
        (720, [(100, "ポリ手袋 S"), (1074, "4"), (1248, "500"), (1438, "2,000")]),
        (780, [(1158, "Rot"), (1438, "49,000")]),
    ])
    second = page([
        (200, header),
        (260, [(100, "前頁より繰越"), (1438, "49,000")]),
        (320, [(100, "米油 16.5kg"), (1074, "2"), (1248, "5,600"), (1438, "11,200")]),
        (380, [(100, "国産小麦粉 10kg"), (1074, "3"), (1248, "4,900"), (1438, "14,700")]),
        (440, [(1158, "Rot"), (1438, "25,900")]),
        (500, [(1134, "RANGE"), (1438, "74,900")]),
    ], number=2)
    third = page([
        (200, header),
        (260, [(100, "前頁より繰越"), (1438, "74,900")]),
        (320, [(100, "緑茶 100袋"), (1074, "1"), (1248, "1,170"), (1438, "1,170")]),
        (380, [(1158, "Rot"), (1438, "1,170")]),
        (500, [(900, "小計"), (1438, "76,070")]),
    ], number=3)
    lines = extract_fields([first, second, third]).fields["lines"]
    assert [line["amount"] for line in lines] == ["47000", "2000", "11200", "14700", "1170"]


@pytest.mark.parametrize("caption", ["次頁へ繰越", "Übertrag", "Carried forward"])
def test_a_sum_carried_to_the_next_page_is_no_line_whatever_the_lines_above_add_up_to(caption):
    """A fax whose lines above OCR misread: the carried sum adds up to nothing read, yet its caption
    says what it is."""
    header = [(100, "品名"), (1074, "数量"), (1248, "単価"), (1438, "金額")]
    first = page([
        (600, header),
        (660, [(100, "上白糖 20kg"), (1074, "10"), (1248, "4,700"), (1438, "47,000")]),
        (720, [(100, "ポリ手袋 S"), (1074, "4"), (1248, "500"), (1438, "2,600")]),  # 2,000 misread
        (780, [(1158, caption), (1438, "49,000")]),
    ])
    second = page([
        (200, header),
        (260, [(100, "米油 16.5kg"), (1074, "2"), (1248, "5,600"), (1438, "11,200")]),
        (500, [(900, "小計"), (1438, "60,200")]),
    ], number=2)
    lines = extract_fields([first, second]).fields["lines"]
    assert "49000" not in [line["amount"] for line in lines]


def test_a_sum_brought_from_the_page_before_is_no_line_whatever_the_lines_above_add_up_to():
    """A French estimate's second page opens with 'Report', the first page's sum; a line of that
    page misread, the sum adds up to nothing read, yet its caption says what it is."""
    header = [(129, "N°"), (580, "Désignation"), (1103, "Quantité"), (1292, "P.U. HT"), (1423, "Montant HT")]
    first = page([
        (610, header),
        (685, [(113, "1.1"), (183, "Dépose de cloisons"), (1137, "24,00"), (1337, "18,50"), (1485, "444,00")]),
        (737, [(113, "1.2"), (183, "Évacuation des gravats"), (1147, "1,00"), (1337, "386,00"), (1485, "386,00")]),
        (1137, [(183, "À reporter"), (1485, "824,00")]),
    ])
    second = page([
        (160, header),
        (198, [(183, "Report"), (1485, "824,00")]),
        (271, [(113, "4.1"), (183, "Revêtement de sol PVC"), (1137, "62,00"), (1337, "42,00"), (1469, "2 604,00")]),
        (639, [(1223, "Total HT"), (1461, "3 428,00 €")]),
    ], number=2)
    lines = extract_fields([first, second]).fields["lines"]
    assert "824.00" not in [line["amount"] for line in lines]


def test_a_line_whose_description_holds_a_running_sums_short_caption_is_a_line():
    rows = [
        (600, [(100, "Description"), (1400, "Amount")]),
        (660, [(100, "Bookkeeping, October"), (1400, "1,200.00")]),
        (720, [(100, "Annual report preparation"), (1400, "2,000.00")]),
        (780, [(100, "Payroll, October"), (1400, "450.00")]),
        (900, [(1100, "Subtotal"), (1400, "3,650.00")]),
    ]
    lines = extract_fields([page(rows)]).fields["lines"]
    assert [line["amount"] for line in lines] == ["1200.00", "2000.00", "450.00"]


def test_a_sections_subtotal_whose_caption_holds_the_sections_number_is_no_end_of_the_table():
    """'Sous-total 1 DÉMOLITION - PRÉPARATION' set right, its section's number under the
    quantities' caption: a section's sum, the next sections' lines after it."""
    rows = [
        (610, [(129, "N°"), (580, "Désignation"), (1103, "Quantité"), (1217, "U"), (1292, "P.U. HT"),
               (1423, "Montant HT")]),
        (652, [(183, "1 DÉMOLITION - PRÉPARATION")]),
        (685, [(113, "1.1"), (183, "Dépose de cloisons existantes"), (1137, "24,00"), (1213, "m2"), (1337, "18,50"),
               (1485, "444,00")]),
        (737, [(113, "1.2"), (183, "Évacuation des gravats"), (1147, "1,00"), (1203, "ens"), (1337, "380,00"),
               (1485, "380,00")]),
        (791, [(1013, "Sous-total 1 DÉMOLITION - PRÉPARATION"), (1485, "824,00")]),
        (833, [(183, "2 PEINTURE")]),
        (866, [(113, "2.1"), (183, "Peinture acrylique mate"), (1126, "145,00"), (1213, "m2"), (1337, "14,20"),
               (1469, "2 059,00")]),
        (919, [(1183, "Sous-total 2 PEINTURE"), (1469, "2 059,00")]),
        (1000, [(1223, "Total HT"), (1435, "2 883,00 €")]),
    ]
    assert _lines(rows) == [("24.00", "18.50", "444.00"), ("1.00", "380.00", "380.00"),
                            ("145.00", "14.20", "2059.00")]


@pytest.mark.parametrize("unit", ["本", "袋", "箱", "脚", "ケース"])
@pytest.mark.parametrize(("count", "price"), [(3, 1490), (12, 2600), (2, 500)])
def test_a_count_run_into_the_description_under_a_garbled_quantity_caption_is_the_quantity(unit, count, price):
    # '数量' read as 'mit 量' and '税抜単価' as '税抜': the count and its unit run into the
    # description ('3本ハンドソープ'), the price under no caption.
    amount = count * price
    rows = [
        (600, [(174, "mit"), (208, "量"), (246, "品名"), (1231, "税抜"), (1475, "金額")]),
        (660, [(180, f"{count}{unit}ハンドソープ詰替"), (448, "2L"), (1261, f"{price:,}"), (1460, f"{amount:,}")]),
        (720, [(180, f"{count}"), (200, f"{unit}コピー用紙"), (372, "A3"), (1261, f"{price:,}"),
               (1451, f"{amount:,}")]),
    ]
    lines = extract_fields([page(rows)]).fields["lines"]
    assert [(line["quantity"], line["unit_price"], line["amount"]) for line in lines] == [
        (str(count), str(price), str(amount))] * 2
    assert [line["description"] for line in lines] == ["ハンドソープ詰替 2L", "コピー用紙 A3"]


def test_a_count_and_price_under_the_tax_caption_when_the_quantity_and_price_captions_were_lost():
    # A fax's '数量' and '単価' garbled past reading: the counts fall under nothing, the prices
    # nearer the tax column's caption than any other.
    rows = [
        (600, [(128, "#"), (216, "名"), (236, "・規格"), (963, "Bei"), (1158, "a"), (1187, "価"), (1243, "税区分"),
               (1488, "金額")]),
        (660, [(129, "1"), (185, "鶏もも肉 2kg※"), (908, "10ケース"), (1122, "¥"), (1147, "3,100"), (1261, "8%"),
               (1440, "¥"), (1462, "31,000")]),
        (720, [(129, "2"), (188, "緩衝材ロール 600mm幅"), (956, "20本"), (1121, "¥"), (1144, "2,900"), (1256, "10%"),
               (1438, "¥"), (1460, "58,000")]),
        (780, [(129, "3"), (186, "食品用アルコール"), (970, "3"), (988, "缶"), (1122, "¥"), (1144, "4,700"),
               (1256, "10%"), (1442, "¥"), (1466, "14,100")]),
    ]
    assert _lines(rows) == [("10", "3100", "31000"), ("20", "2900", "58000"), ("3", "4700", "14100")]


@pytest.mark.parametrize(("read", "count", "price"), [("208", 20, 3500), ("36", 3, 1490), ("124", 12, 2900)])
def test_a_count_read_with_its_unit_as_one_more_digit_under_garbled_captions_is_the_count(read, count, price):
    """A fax's '20 袋' read as '208' between the price and the tax, the captions garbled past
    reading: the count is the figure without the digit its unit became, as the amount says."""
    amount = count * price
    rows = [
        (600, [(136, "品目"), (1057, "it"), (1082, "人"), (1173, "Rt"), (1248, "税"), (1273, "X"), (1286, "分"),
               (1473, "金額")]),
        (660, [(136, "国産小麦粉 10kg"), (1043, f"{price:,}"), (1167, read), (1264, "8%"), (1446, f"{amount:,}")]),
        (720, [(136, "食品用アルコール"), (1043, "4,700"), (1179, "3"), (1194, "缶"), (1264, "10%"), (1446, "14,100")]),
    ]
    assert _lines(rows) == [(str(count), str(price), str(amount)), ("3", "4700", "14100")]


def test_a_description_starting_with_the_counts_unit_word_keeps_it():
    # '3本' then '本棚': the count's unit is read once, the description's first word stays whole.
    rows = [(600, [(174, "mit"), (208, "量"), (246, "品名"), (1231, "税抜"), (1475, "金額")]),
            (660, [(180, "3本"), (216, "本棚 組立式"), (1261, "1,490"), (1460, "4,470")])]
    lines = extract_fields([page(rows)]).fields["lines"]
    assert [(line["description"], line["quantity"], line["unit_price"]) for line in lines] == [
        ("本棚組立式", "3", "1490")]


def test_an_amount_with_its_thousands_set_apart_is_one_figure_in_its_column():
    """'1 934,40 EUR' under 'Bedrag': the thousands' '1' stands over the price column's end."""
    rows = [
        (1125, [(130, "Aantal"), (225, "Eenheid"), (338, "Artikel"), (1244, "Prijs p/st"), (1464, "Bedrag")]),
        (1180, [(183, "4"), (258, "st"), (338, "RVS werktafel, 1200 mm"), (1206, "483,60"), (1286, "EUR"),
                (1389, "1"), (1409, "934,40"), (1489, "EUR")]),
        (1248, [(183, "8"), (258, "st"), (338, "Goudse kaas belegen, 5 kg"), (1220, "71,70"), (1286, "EUR"),
                (1409, "573,60"), (1489, "EUR")]),
    ]
    assert _lines(rows) == [("4", "483.60", "1934.40"), ("8", "71.70", "573.60")]


@pytest.mark.parametrize("one", ["]", "|", "l"])
def test_a_quantity_of_one_read_as_a_stroke_before_its_unit(one):
    """'1式' read as '] 式' on a discount whose ▲ was read as a 4: its quantity is still 1."""
    rows = [
        (679, [(115, "品コード"), (309, "品名・規格"), (1071, "税抜単価"), (1252, "個数"), (1490, "金額")]),
        (742, [(115, "FKE0486"), (312, "コピー用紙 A4"), (1103, "2,400"), (1260, "2"), (1280, "箱"),
               (1469, "4,800")]),
        (800, [(116, "EKE0505"), (310, "事務用椅子 肘付き"), (1089, "25,200"), (1248, "10"), (1282, "脚"),
               (1438, "252,000")]),
        (860, [(116, "DC-89"), (309, "値引"), (1062, "431,600"), (1264, one), (1280, "式"), (1428, "31,600")]),
        (960, [(296, "本体合計"), (781, "消費税等"), (1265, "税込金額")]),
        (1008, [(430, "225,200円"), (931, "22,520円"), (1373, "247,720円")]),
    ]
    lines = extract_fields([page(rows)]).fields["lines"]
    assert (lines[-1]["quantity"], lines[-1]["amount"]) == ("1", "-31600")


def test_a_row_of_totals_with_thousands_set_apart_under_a_headerless_table_is_no_line():
    """'1 417,90 €  0,00 €  1 417,90 €' under 'Subtotaal  BTW  Totaal': read piece by piece it is
    417,90 × 1 = 417,90, a line; its thousands set apart by a narrow space, it is no line."""
    rows = [
        (680, [(652, "10"), (704, "Onderhoud op locatie uur"), (1232, "94,30"), (1439, "943,00")]),
        (768, [(665, "1"), (704, "RVS werktafel 1200 mm"), (1218, "453,70"), (1438, "453,70")]),
        (860, [(665, "1"), (704, "Afdichtingsset DN25"), (1232, "21,20"), (1452, "21,20")]),
        (974, [(688, "Subtotaal"), (1024, "BTW"), (1306, "Totaal offerte")]),
        (1035, [(756, "1 417,90 €"), (1120, "0,00 €"), (1374, "1 417,90 €")]),
    ]
    assert _lines(rows) == [("10", "94.30", "943.00"), ("1", "453.70", "453.70"), ("1", "21.20", "21.20")]


@pytest.mark.parametrize(("amount_caption", "lines"), [
    ("|", [("2", "800", "1600"), ("20", "1920", "38400"), ("20", "8400", "168000")]),  # 金額 lost: still its column
    ("金額", [("2", "800", "1600"), ("20", "1920", "38400"), ("20", "8400", "168000")]),
])
def test_the_amounts_column_whose_caption_ocr_lost_is_the_last_figures(amount_caption, lines):
    """'数量 品名 単価' read, the amounts' caption garbled to a stroke: the figures right of the unit
    prices are the amounts, not the prices."""
    rows = [
        (791, [(150, "|"), (204, "数量品名摘要"), (1244, "単価"), (1442, amount_caption)]),
        (851, [(210, "2個ベアリング"), (401, "6204ZZ"), (1228, "\\800"), (1411, "\\1,600")]),
        (906, [(197, "20箱"), (298, "ステンレス六角ボルト"), (1208, "\\1,920"), (1398, "¥38,400")]),
        (955, [(197, "20組"), (293, "Oリングセット FKM"), (1208, "¥8,400"), (1384, "¥168,000")]),
    ]
    assert _lines(rows) == lines


@pytest.mark.parametrize("gap", [19, 30], ids=["close rows", "spaced rows"])
def test_a_description_wrapped_round_its_centred_figures_is_the_items_whole_description(gap):
    """A web page's table cell wraps a description in two lines, the figures beside it centred
    between them: the line over the figures' row is the item's first, not its predecessor's
    last, and a line broken after a hyphen runs on without a space."""
    y1, y2 = 936, 936 + 2 * gap + 64
    p = page([
        (857, [(212, "Pos."), (313, "Bezeichnung"), (725, "Menge"), (872, "Einheit"), (1024, "Einzelpreis"),
               (1250, "Gesamtpreis")]),
        (y1 - gap, [(313, "Präzisionslager 6204-")]),
        (y1, [(212, "1"), (808, "40"), (872, "Stk."), (1102, "12,80 €"), (1339, "512,00 €")]),
        (y1 + gap, [(313, "2RS")]),
        (y2 - gap, [(313, "Wellendichtring")]),
        (y2, [(212, "2"), (787, "120"), (872, "Stk."), (1124, "3,45 €"), (1339, "414,00 €")]),
        (y2 + gap, [(313, "35x52x7")]),
        (y2 + 4 * gap, [(1000, "Nettobetrag"), (1339, "926,00 €")]),
    ])
    lines = extract_fields([p]).fields["lines"]
    assert [(line["description"], line["amount"]) for line in lines] == [
        ("Präzisionslager 6204-2RS", "512.00"), ("Wellendichtring 35x52x7", "414.00")]


def test_a_line_of_description_under_an_item_with_its_own_stays_that_items():
    """Descriptions set at the top of their cells, the second line under the first item's row:
    the next item names itself on its own row, so the line is the first item's."""
    p = page([
        (600, [(100, "Description"), (1074, "Qty"), (1248, "Price"), (1438, "Amount")]),
        (660, [(100, "Insulated catering box, 45 litre,"), (1074, "6"), (1248, "58.50"), (1438, "351.00")]),
        (690, [(100, "with removable divider")]),
        (718, [(100, "Gastronorm pan 1/1"), (1074, "10"), (1248, "24.90"), (1438, "249.00")]),
        (800, [(1100, "Subtotal"), (1438, "600.00")]),
    ])
    lines = extract_fields([p]).fields["lines"]
    assert [line["description"] for line in lines] == ["Insulated catering box, 45 litre, with removable divider",
                                                       "Gastronorm pan 1/1"]


def test_a_slips_sum_whose_caption_was_lost_is_no_line_though_the_slip_before_lost_its_sum():
    """A 合計請求書's lines grouped by slip, each slip's ＜伝票計＞ caption lost to a smudge: the
    first slip's sum row is gone whole, the next two read as amounts alone. Each sums its own
    slip's lines, the last lines before it: no line of the table."""
    header = (700, [(105, "日付"), (222, "伝票No"), (613, "品名"), (972, "数量"), (1075, "単位"), (1200, "単価"),
                    (1361, "金額")])
    lines = [("10/05", "3381", "缶ビール 350ml×24本", "4", "ケース", "5,280", "21,120"),
             ("10/05", "3381", "ミネラルウォーター 2L×6本", "10", "ケース", "980", "9,800"),
             ("10/05", "3381", "緑茶 500ml×24本", "6", "ケース", "2,160", "12,960"),
             ("10/19", "3457", "紙コップ 7オンス", "2", "箱", "2,400", "4,800"),
             ("10/19", "3457", "缶コーヒー 185g×30本", "5", "ケース", "2,850", "14,250"),
             ("10/19", "3457", "ウーロン茶 2L×6本", "6", "ケース", "1,260", "7,560"), "26,610",
             ("10/26", "3502", "炭酸水 500ml×24本", "4", "ケース", "1,935", "7,740"),
             ("10/26", "3502", "日本酒 純米 720ml", "6", "本", "1,480", "8,880"), "16,620"]
    rows, y = [header], 760
    for line in lines:
        if isinstance(line, str):
            rows.append((y, [(1389, line)]))
        else:
            rows.append((y, list(zip((105, 222, 340, 1010, 1063, 1225, 1389), line, strict=True))))
        y += 50
    rows.append((y + 20, [(346, "今回合計"), (1388, "87,110")]))
    read = extract_fields([page(rows)]).lines
    assert [line.amount for line in read] == [Decimal(a.replace(",", "")) for a in (
        "21,120", "9,800", "12,960", "4,800", "14,250", "7,560", "7,740", "8,880")]


def test_a_price_whose_caption_stands_out_of_the_headers_line_is_the_lines_price():
    """'Rate' printed over '(USD)', the two lines of its caption above and below the header's
    line: the header names no price, and each line's rate, in no column, is its price all the
    same, its quantity the figure under 'Quantity'."""
    rows = [
        (562, [(997, "Rate")]),
        (575, [(97, "No."), (316, "Description of Services"), (747, "SAC"), (848, "Quantity"), (1096, "per"),
               (1159, "Amount (USD)")]),
        (588, [(991, "(USD)")]),
        (630, [(108, "1"), (154, "Firmware development"), (730, "998314"), (884, "96"), (916, "Hrs"), (1016, "32.00"),
               (1101, "Hr"), (1220, "3,072.00")]),
        (699, [(106, "2"), (153, "QA and regression testing"), (729, "998314"), (884, "40"), (916, "Hrs"),
               (1016, "24.00"), (1101, "Hr"), (1237, "960.00")]),
        (800, [(900, "Total"), (1220, "4,032.00")]),
    ]
    lines = extract_fields([page(rows)]).lines
    assert [(line.quantity, line.unit_price, line.amount) for line in lines] == [
        (Decimal("96"), Decimal("32.00"), Decimal("3072.00")), (Decimal("40"), Decimal("24.00"), Decimal("960.00"))]


def test_a_count_whose_unit_a_fax_read_as_digits_beside_a_price_under_a_garbled_caption():
    """'単価' garbled on a fax ('Bhi Aili'), so the prices stand in no column; one line's '6ケース'
    read as '693': the price under the garbled caption gives its count, 22,200 over 3,700.
    (Words as read: text, box, confidence, line.)"""
    read = [
        ('品名・規格', 135, 726, 108, 38, 28, 13), ('-', 490, 763, 7, 2, 81, 13), ('_', 588, 760, 12, 2, 80, 13),
        ('ーー', 868, 759, 38, 3, 71, 13), ('_', 1065, 763, 12, 2, 79, 13), ('Bhi', 1117, 725, 36, 38, 23, 13),
        ('Aili', 1168, 725, 39, 38, 33, 13), ('数量', 1272, 729, 44, 28, 76, 13),
        ('ー', 1341, 763, 24, 2, 80, 13), ('_', 1457, 759, 13, 2, 76, 13), ('釜額', 1477, 727, 44, 30, 52, 13),
        ('BS', 123, 779, 54, 39, 45, 14), ('an', 183, 778, 45, 40, 65, 14), ('2kg', 237, 778, 40, 30, 27, 14),
        ('2,400', 1143, 779, 60, 22, 85, 14), ('3ケース', 1235, 773, 79, 37, 63, 14),
        ('7.200', 1460, 780, 59, 23, 60, 14), ('」', 1537, 783, 1, 2, 0, 14), ('fam', 123, 817, 82, 57, 15, 15),
        ('20kg', 214, 834, 52, 28, 91, 15), ('支', 275, 824, 20, 33, 0, 15),
        ('3,700', 1141, 824, 62, 36, 96, 15), ('693', 1282, 822, 34, 40, 28, 15),
        ('22,200', 1447, 820, 74, 38, 96, 15), ('食品用', 142, 889, 61, 41, 41, 16),
        ('ル', 302, 876, 22, 35, 93, 16), ('5L', 332, 876, 30, 35, 60, 16),
        ('4.800', 1144, 890, 60, 25, 92, 16), ('8', 1281, 892, 11, 19, 93, 16),
        ('向', 1297, 891, 19, 22, 30, 16), ('38.400', 1446, 873, 76, 44, 42, 16),
        ('Te.', 122, 929, 44, 42, 27, 17), ('は境目です', 182, 932, 216, 38, 0, 17),
        ('ーー', 1475, 932, 59, 2, 75, 17), ('用アルコー', 199, 887, 94, 29, 93, 25),
    ]
    words = [Word(text, x, y, w, h, float(c), line) for text, x, y, w, h, c, line in read]
    lines = extract_fields([Page(number=1, width=1654, height=2339, words=words)]).lines
    assert [(line.quantity, line.unit_price) for line in lines] == [
        (Decimal("3"), Decimal("2400")), (Decimal("6"), Decimal("3700")), (Decimal("8"), Decimal("4800"))]


def test_a_statements_date_and_slip_columns_are_captions_of_its_header():
    """'作業日 マニフェスト 品名 数量 単位 単価 金額', the item's and the amount's captions garbled by a
    fax: the work date's and the manifest's captions are the header's too, so the row is the
    header, and 420 kg at 38 yen is 420 of them, not 38."""
    rows = [
        (700, [(110, "作業日"), (227, "マニフェスト"), (647, "RA"), (731, "ere"), (1091, "数量"), (1180, "単位"),
               (1292, "単価"), (1449, "an")]),
        (760, [(100, "10/06"), (231, "0018845210"), (412, "動植物性残さ 収集運搬・処分"), (1100, "420"), (1192, "kg"),
               (1350, "38"), (1476, "15,960")]),
        (820, [(100, "10/20"), (231, "0018845402"), (412, "動植物性残さ 収集運搬・処分"), (1100, "380"), (1192, "kg"),
               (1350, "38"), (1476, "14,440")]),
        (900, [(1200, "合計"), (1476, "30,400")]),
    ]
    sheet = page(rows)
    sheet.words = [replace(w, confidence=20.0) if w.text in ("RA", "ere", "an") else w for w in sheet.words]
    lines = extract_fields([sheet]).lines
    assert [(line.quantity, line.unit_price) for line in lines] == [(Decimal("420"), Decimal("38")),
                                                                     (Decimal("380"), Decimal("38"))]


def test_a_second_tax_column_after_the_rate_holds_each_lines_tax_not_its_amount():
    """'Tax %' then 'VAT' after 'Net amount': the second tax column, the tax of each line, is no
    column the table reads; its figures never stand in for the net amounts beside them."""
    rows = [
        (1008, [(126, "Line"), (212, "Description"), (795, "Quantity"), (929, "Unit price"), (1101, "Tax %"),
                (1215, "Net amount"), (1402, "VAT")]),
        (1065, [(146, "1"), (212, "AR coating 1064 nm"), (867, "60"), (986, "£14.50"), (1131, "20%"),
                (1272, "£870.00"), (1429, "£174.00")]),
        (1132, [(146, "2"), (212, "HR coating 532 nm"), (867, "40"), (986, "£11.75"), (1131, "20%"),
                (1272, "£470.00"), (1444, "£94.00")]),
        (1250, [(900, "Subtotal"), (1400, "£1,340.00")]),
        (1300, [(900, "VAT 20%"), (1400, "£268.00")]),
        (1350, [(900, "Total"), (1400, "£1,608.00")]),
    ]
    lines = extract_fields([page(rows)]).lines
    assert [(line.quantity, line.amount) for line in lines] == [
        (Decimal("60"), Decimal("870.00")), (Decimal("40"), Decimal("470.00"))]


@pytest.mark.parametrize("count", ["4", "2204"])  # the first line's count read, or garbled
def test_lines_printing_their_taxable_amount_rate_tax_and_gross_are_read_whatever_their_first_count(count):
    """A UAE tax invoice: 'Taxable Amount', 'VAT Rate', 'VAT Amount' and a gross 'Total' per line,
    the taxable amount's second word lost: 'Taxable' heads the lines' amounts. The first line's
    count garbled, its amount and tax at the rate it prints are still a line's,
    no summary of tax per rate ending the table."""
    rows = [
        (662, [(831, "Taxable"), (1074, "VAT")]),
        (674, [(99, "S. No"), (310, "Description"), (606, "Qty"), (682, "Unit Price"), (970, "VAT"), (1210, "Total")]),
        (687, [(700, "(AED)"), (967, "Rate"), (1054, "Amount"), (1206, "(AED)")]),  # 'Amount' under 'Taxable' lost
        (766, [(116, "1"), (159, "Mooring rope"), (612, count), (701, "2,950.00"), (844, "11,800.00"), (974, "5%"),
               (1082, "590.00"), (1206, "12,390.00")]),
        (847, [(115, "2"), (159, "Pneumatic marine fender"), (617, "2"), (701, "6,400.00"), (844, "12,800.00"),
               (974, "5%"), (1081, "640.00"), (1207, "13,440.00")]),
        (1040, [(655, "Total Taxable Amount (AED)"), (1193, "24,600.00")]),
        (1102, [(655, "Total VAT @ 5% (AED)"), (1207, "1,230.00")]),
        (1150, [(655, "Total Amount Due (AED)"), (1193, "25,830.00")]),
    ]
    fields = extract_fields([page(rows)]).fields
    assert [(line["unit_price"], line["amount"]) for line in fields["lines"]] == [
        ("2950.00", "11800.00"), ("6400.00", "12800.00")]
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("24600.00", "1230.00", "25830.00")


def test_a_lines_discount_in_per_cent_heads_no_part_of_the_price_column():
    """'Disc%' between 'Unit price' and 'VAT%', every line's 0 under it: no figure of the price's."""
    columns = _columns([("Qty", 894, 931), ("Unit", 1021, 1064), ("price", 1070, 1123), ("Disc%", 1154, 1221),
                        ("VAT%", 1258, 1318), ("Amount", 1442, 1526)])
    price = next(c for c in columns if c[0] == "unit_price")
    assert price[2] < 1154


def _time_and_expenses(second: list) -> list:
    """A law firm's bill: time entries with their sub-total, then a second block under them."""
    return [
        (867, [(154, "Date"), (453, "Description"), (1119, "Rate"), (1228, "Hours"), (1392, "Line Total")]),
        (921, [(154, "10/02/2026"), (453, "Review action"), (1078, "$425.00"), (1260, "1.3"), (1409, "$552.50")]),
        (1013, [(154, "10/06/2026"), (453, "Draft response"), (1078, "$425.00"), (1260, "3.6"), (1388, "$1,530.00")]),
        (1381, [(1035, "Time Entry Sub-Total"), (1388, "$2,082.50")]),
        *second,
        (1826, [(851, "Sub-Total"), (1379, "$2,471.25")]),
        (1928, [(851, "Total"), (1379, "$2,471.25")]),
    ]


def test_a_second_table_under_its_own_header_on_the_same_page_is_read_too():
    expenses = [
        (1481, [(142, "EXPENSES")]),
        (1535, [(154, "Date"), (453, "Description"), (1118, "Cost"), (1257, "Qty"), (1392, "Line Total")]),
        (1590, [(154, "10/14/2026"), (453, "USPTO filing fee, Class 43"), (1078, "$350.00"), (1282, "1"),
                (1409, "$350.00")]),
        (1652, [(154, "10/22/2026"), (453, "FedEx Priority Overnight"), (1092, "$38.75"), (1282, "1"),
                (1423, "$38.75")]),
        (1715, [(1062, "Expense Sub-Total"), (1409, "$388.75")]),
    ]
    lines = extract_fields([page(_time_and_expenses(expenses))]).lines
    assert [line.amount for line in lines] == [Decimal("552.50"), Decimal("1530.00"), Decimal("350.00"),
                                               Decimal("38.75")]


def test_a_summary_box_under_the_table_is_no_second_table():
    """Captions over figures that do not multiply out (a rate, its base, its tax) make no lines."""
    summary = [
        (1535, [(700, "Tax rate"), (1000, "Taxable amount"), (1257, "Tax"), (1392, "Line Total")]),
        (1590, [(700, "0%"), (1000, "$2,082.50"), (1257, "$0.00"), (1392, "$2,082.50")]),
    ]
    lines = extract_fields([page(_time_and_expenses(summary))]).lines
    assert [line.amount for line in lines] == [Decimal("552.50"), Decimal("1530.00")]


def test_a_line_whose_price_ocr_lost_stays_a_line_of_a_table_whose_prices_ran_into_the_descriptions():
    """The price column's caption lost: each price reads as the description's last word, so no
    line multiplies out under the header and the lines that do are read without it. The last
    line, its price lost too ('Afdichtingsset DN50  10  0%  316,00'), is a line all the same."""
    rows = [
        (894, [(134, "Artikel"), (328, "Product"), (1103, "Aant."), (1220, "BTW"), (1443, "Totaal")]),
        (944, [(134, "GW-117"), (328, "Onderhoud op locatie"), (973, "95,50"), (1152, "2"), (1220, "0%"),
               (1445, "191,00")]),
        (1001, [(134, "GW-106"), (328, "RVS werktafel"), (957, "562,00"), (1140, "12"), (1219, "0%"),
                (1422, "6.744,00")]),
        (1057, [(135, "GW-114"), (328, "Afdichtingsset DN50"), (1140, "10"), (1220, "0%"), (1444, "316,00")]),
        (1147, [(131, "Omzet 0% BTW"), (380, "€7.251,00"), (785, "Netto bedrag"), (1401, "€ 7.251,00")]),
        (1206, [(785, "BTW 0%"), (1450, "€0,00")]),
        (1259, [(782, "Totaal"), (1383, "€7.251,00")]),
    ]
    lines = extract_fields([page(rows)]).lines
    assert [(line.quantity, line.amount) for line in lines] == [
        (Decimal("2"), Decimal("191.00")), (Decimal("12"), Decimal("6744.00")), (Decimal("10"), Decimal("316.00"))]


@pytest.mark.parametrize(("price", "lines"), [
    # 5,00 read without its decimal mark, its box stretched past the price column: 60,00 ÷ 12.
    ("500", [("14", "21.30", "298.20"), ("10", "34.50", "345.00"), ("3", "56.60", "169.80"),
             ("12", "5.00", "60.00"), ("5", "27.10", "135.50")]),
    # A figure that is not the amount over the quantity: no line, as before.
    ("800", [("14", "21.30", "298.20"), ("10", "34.50", "345.00"), ("3", "56.60", "169.80"),
             ("5", "27.10", "135.50")]),
])
def test_a_row_of_a_headerless_table_whose_price_lost_its_decimal_mark(price, lines):
    rows = [
        (924, [(139, "PV"), (159, "asaagee"), (1221, "Mien"), (1427, "Cees")]),
        (976, [(179, "14"), (225, "Olivenöl extra vergine 1 L"), (1288, "21,30"), (1478, "298,20")]),
        (1070, [(179, "10"), (230, "Dichtungssatz, DN50"), (1288, "34,50"), (1479, "345,00")]),
        (1161, [(191, "3"), (231, "Ersatzmesser Typ B"), (1288, "56,60"), (1481, "169,80")]),
        (1252, [(179, "12"), (231, "Senf mittelscharf, 1 kg"), (1370, price), (1492, "60,00")]),
        (1345, [(192, "5"), (232, "Bio-Haferflocken 25 kg"), (1290, "27,10"), (1482, "135,50")]),
        (1524, [(800, "Zwischensumme"), (1419, "1.008,50")]),
    ]
    assert _lines(rows) == lines


def test_a_line_whose_amount_ocr_lost_takes_its_count_from_before_its_description():
    # Only the price and amount captions read; the count stands alone before each description,
    # and OCR lost the amounts of the second and third lines.
    rows = [
        (780, [(1080, "単価"), (1280, "金額")]),
        (830, [(580, "1"), (620, "クリアファイル 100枚"), (1055, "¥1,500"), (1260, "¥1,500")]),
        (890, [(580, "3"), (620, "コピー用紙 A4"), (1055, "¥2,300")]),
        (950, [(580, "1"), (620, "ボールペン 黒"), (1055, "¥800")]),
        (1010, [(900, "小計"), (1260, "¥9,200")]),
    ]
    assert _lines(rows) == [("1", "1500", "1500"), ("3", "2300", "6900"), ("1", "800", "800")]


def test_a_discount_whose_triangle_was_read_as_a_digit_before_its_price_and_as_a_letter_before_its_amount():
    # '▲11,600' read as '411,600' in the price column and as 'A11,600' in the amount column,
    # the count and its unit lost.
    rows = [
        (756, [(200, "品名"), (873, "個数"), (1115, "税抜単価"), (1400, "金額")]),
        (820, [(200, "ボールペン 黒"), (880, "20"), (1120, "810"), (1430, "16,200")]),
        (880, [(200, "値引き"), (1109, "411,600"), (1439, "A11,600")]),
        (940, [(900, "小計"), (1430, "4,600")]),
    ]
    assert _lines(rows) == [("20", "810", "16200"), ("1", "-11600", "-11600")]


def test_a_line_whose_price_is_its_amount_is_one_whatever_its_count_was_read_as():
    # '1 式' read as '8 式' on a scan's discount line, its price's ▲ read as an A, its amount's lost.
    rows = [
        (806, [(185, "品目"), (873, "数量"), (956, "単位"), (1164, "単価"), (1445, "税抜金額")]),
        (1000, [(185, "コピー用紙 A4"), (904, "100"), (968, "箱"), (1107, "2,420"), (1437, "242,000")]),
        (1092, [(185, "端数値引"), (904, "8"), (968, "式"), (1107, "A24,200"), (1437, "24,200")]),
        (1150, [(900, "小計"), (1437, "217,800")]),
    ]
    assert _lines(rows) == [("100", "2420", "242000"), ("1", "-24200", "-24200")]


@pytest.mark.parametrize(("width", "line"), [
    (41, ("2", "370", "740")),  # '3' read unsurely in the box of 370: OCR read its first figure only
    (12, ("2", "3", "740")),  # '3' in a box of its own size: no figure lost, as read
])
def test_a_price_read_short_of_its_box_is_the_amount_over_the_count(width, line):
    rows = [
        (932, [(181, "数量"), (264, "単位"), (347, "内容"), (1206, "税抜単価"), (1469, "金額")]),
        (990, [(214, "4"), (275, "箱"), (348, "コピー用紙 A4"), (1250, "2,300"), (1460, "9,200")]),
        (1047, [(214, "2"), (275, "箱"), (348, "ホッチキス針"), (1260, "3"), (1479, "740")]),
    ]
    sheet = page(rows)
    sheet.words = [Word(w.text, w.left, w.top, width, w.height, 61.0, w.line) if w.text == "3" else w
                   for w in sheet.words]
    assert [(x["quantity"], x["unit_price"], x["amount"]) for x in extract_fields([sheet]).fields["lines"]][-1] == line


def test_a_price_read_up_to_its_decimal_mark_is_the_amount_over_the_count():
    # '21,40' read as '21.' on a fax, unsurely, the amount read as unsurely: 35 × 21,40 = 749,00.
    rows = [
        (943, [(198, "Pos."), (303, "Menge"), (385, "Einheit"), (480, "Bezeichnung"), (1180, "Einzelpreis €"),
               (1394, "Gesamt €")]),
        (976, [(205, "1"), (347, "20"), (384, "Tsd."), (480, "Haftetiketten 100 x 150 mm"), (1255, "48,50"),
               (1425, "970,00")]),
        (1050, [(204, "2"), (347, "35"), (383, "Tsd."), (472, "Rücketiketten 60 x 80 mm"), (1194, "・"),
                (1258, "21."), (1395, "749,00")]),
    ]
    sheet = page(rows)
    sheet.words = [replace(w, confidence=20.0) if w.text in ("21.", "749,00") else w for w in sheet.words]
    assert [(x["quantity"], x["unit_price"], x["amount"]) for x in extract_fields([sheet]).fields["lines"]][-1] == (
        "35", "21.40", "749.00")


def test_a_price_alone_where_the_lines_prices_end_is_no_count():
    """The price column's caption read as garble ('BI'), so the quantity column takes in the
    prices; the last line's count lost: its lone '810', ending where the prices above end, is its
    price (the amount gives the count 10), not a count of 810 at 10."""
    p = page([
        (596, [(518, "摘要"), (987, "数"), (1019, "量"), (1053, "BI"), (1155, "税率"), (1240, "金額")]),
        (640, [(521, "ポリ袋45L"), (1018, "6"), (1094, "680"), (1154, "10%"), (1229, "4,080")]),
        (685, [(522, "ラップフィルム"), (1081, "1,100"), (1154, "10%"), (1234, "1,100")]),
        (729, [(521, "ダンボール箱"), (1018, "6"), (1076, "2,900"), (1154, "10%"), (1221, "17,400")]),
        (773, [(521, "コピー用紙A3"), (1018, "5"), (1076, "4,200"), (1154, "10%"), (1219, "21,000")]),
        (862, [(521, "ボールペン黒"), (1096, "810"), (1154, "10%"), (1231, "8,100")]),
    ])
    p.words = [replace(w, confidence=34.0) if w.text == "BI" else w for w in p.words]
    last = extract_fields([p]).fields["lines"][-1]
    assert (last["quantity"], last["unit_price"], last["amount"]) == ("10", "810", "8100")


def test_the_documents_details_over_their_captions_under_the_table_are_no_line():
    # A footer grid printed values over captions, after the table's first page: its values row
    # ends in a customer number where an amount would stand.
    first = page([
        (900, [(164, "Particulars"), (974, "Qty"), (1049, "Unit"), (1238, "Price"), (1457, "Net")]),
        (960, [(164, "Paper cup, 12 oz"), (997, "8"), (1052, "box"), (1233, "1,330"), (1424, "10,640")]),
        (1010, [(164, "Carton box 80 size"), (997, "1"), (1037, "bundle"), (1233, "2,400"), (1436, "2,400")]),
        (1070, [(1313, "Continued on next page")]),
        (1103, [(219, "B000078"), (391, "15 September 2026"), (630, "20 October 2026"), (861, "PO-2026-06222"),
                (1130, t_number("742295393372")), (1400, "92500")]),
        (1154, [(198, "Invoice Number"), (463, "Issued"), (667, "Payment by"), (886, "Customer PO"),
                (1072, "Invoice registration no."), (1337, "Customer no.")]),
    ])
    second = page([
        (318, [(164, "Particulars"), (974, "Qty"), (1049, "Unit"), (1238, "Price"), (1457, "Net")]),
        (364, [(164, "Inspection labour, 1 hour"), (997, "6"), (1060, "hr"), (1233, "9,300"), (1424, "55,800")]),
        (700, [(900, "Net value"), (1412, "68,840")]),
        (750, [(900, "Consumption tax 10%"), (1424, "6,884")]),
        (800, [(900, "Total"), (1412, "75,724")]),
    ], number=2)
    lines = extract_fields([first, second]).fields["lines"]
    assert [line["amount"] for line in lines] == ["10640", "2400", "55800"]


def test_a_sidebars_caption_in_two_languages_beside_a_line_is_no_grid_of_captions():
    # The sidebar's '登録番号Invoice registration no.' (its English garbled) stands on a line's row:
    # 'Invoice' with the line's figures after it reads as a number's caption too, but one
    # caption's two languages are no row of the document's captions ending the table.
    rows = [
        (555, [(153, "お支払期日"), (644, "Item description"), (941, "数量Qty."), (1103, "単価Unit cost"),
               (1333, "金額Line total")]),
        (619, [(152, "貴社注文番号Purchase order ref."), (588, "ラップフィルム 30cm"), (1043, "2"), (1227, "830"),
               (1442, "1,660")]),
        (674, [(152, "PO-2026-06268")]),
        (715, [(152, "登録番号Invoice regisiraiiun inv."), (585, "OPPテープ 48mm"), (1043, "5"), (1205, "1,930"),
               (1441, "9,650")]),
        (760, [(151, t_number("500555954062"))]),
        (806, [(585, "端数値引"), (1044, "1"), (1199, "-400"), (1436, "-400")]),
    ]
    assert _lines(rows) == [("2", "830", "1660"), ("5", "1930", "9650"), ("1", "-400", "-400")]


@pytest.mark.parametrize(("dash_top", "amount"), [
    (678, "13800"),  # a speck of a rule at the figures' foot: no minus
    (669, "-13800"),  # at their middle: the minus
])
def test_a_dash_under_the_middle_of_an_amount_is_no_minus(dash_top, amount):
    p = page([
        (600, [(124, "品名"), (931, "数量"), (1117, "単価"), (1475, "金額")]),
        (660, [(139, "玉ねぎ 5kg"), (931, "6"), (1117, "2,300"), (1475, "13,800")]),
        (720, [(139, "紙ナプキン"), (931, "4"), (1117, "2,600"), (1475, "10,400")]),
    ])
    p.words.append(Word("-", 1457, dash_top, 6, 1, 60.0, 1001))
    lines = extract_fields([p]).fields["lines"]
    assert lines[0]["amount"] == amount


def test_a_price_whose_box_ocr_drew_over_the_quantity_beside_it_stays_the_price():
    """OCR drew the box of '2,200' on over the rule and the count '12' after it, past the
    middle between the price's and the quantity's captions: its place is where it starts, and
    the count beside it is the quantity (not 2,200 of 12 yen)."""
    rows = [
        (312, [(118, "品コード"), (284, "品名・規格"), (1070, "単価"), (1195, "数量"), (1496, "金額")]),
        (364, [(119, "PE-120"), (284, "鶏もも肉2kg"), (1054, "2,200"), (1190, "12"), (1472, "26,400")]),
        (424, [(119, "PE-121"), (284, "米油1.5kg"), (1054, "1,800"), (1190, "3"), (1486, "5,400")]),
    ]
    p = page(rows)
    p.words = [replace(w, width=201) if w.text == "2,200" else w for w in p.words]
    items = [(i["quantity"], i["unit_price"], i["amount"]) for i in extract_fields([p]).fields["lines"]]
    assert items == [("12", "2200", "26400"), ("3", "1800", "5400")]


def test_figures_set_right_of_their_captions_a_count_under_the_prices_caption_is_still_the_count():
    """Numbers set flush right in columns whose captions are set left: each count stands under the
    price's caption and each price under the next (the rate's). A count and a price multiply to
    the amount either way round: the count is the figure printed as a count, the price the one
    printed as money."""
    rows = [
        (226, [(98, "Omschrijving"), (618, "Aantal"), (744, "Prijs"), (896, "BTW"), (993, "Bedrag")]),
        (304, [(99, "Melkopschuimer onderhoudsset"), (721, "2"), (820, "€64,00"), (919, "21%"), (1058, "€128,00")]),
        (341, [(98, "Papieren bekers (1000 st.)"), (720, "3"), (820, "€52,40"), (918, "21%"), (1058, "€157,20")]),
        (378, [(98, "Koffiebonen espresso"), (700, "12"), (820, "€18,95"), (918, "9%"), (1058, "€227,40")]),
        (468, [(640, "Subtotaal excl. btw"), (1058, "€512,60")]),
    ]
    assert _lines(rows) == [("2", "64.00", "128.00"), ("3", "52.40", "157.20"), ("12", "18.95", "227.40")]


def test_figures_set_right_under_captions_set_left_belong_to_the_caption_they_follow():
    """Captions set left in their cells, figures set right (an invoicing app's table, the price's
    column before the count's): the count '1' ends nearer 'Line Total' than its own caption, yet
    it is the count, the column reaching as far as its figures end."""
    rows = [
        (557, [(121, "Item"), (351, "Description"), (982, "Unit Cost"), (1175, "Quantity"), (1354, "Line Total")]),
        (615, [(121, "Compressor"), (351, "Walk-in freezer compressor"), (1043, "$2,480.00"), (1319, "1"),
               (1423, "$2,480.00")]),
        (675, [(121, "Fan Motor"), (351, "Evaporator fan motor"), (1063, "$164.00"), (1319, "2"),
               (1443, "$328.00")]),
        (735, [(121, "Labor"), (351, "Service labor (hours)"), (1073, "$96.00"), (1299, "7.5"),
               (1443, "$720.00")]),
    ]
    assert _lines(rows) == [("1", "2480.00", "2480.00"), ("2", "164.00", "328.00"), ("7.5", "96.00", "720.00")]


def test_a_figures_thousands_set_apart_do_not_move_the_column_before_it():
    """Amounts with their thousands set apart by a space ('1 142,40'), the '1' standing between
    the rate's caption and the amount's: the rates printed under their own caption keep their
    column where it is, and the '1' stays the amount's."""
    rows = [
        (1240, [(131, "Pos."), (197, "Artikel"), (784, "Aant."), (990, "Prijs"), (1063, "BTW %"), (1287, "Bedrag")]),
        (1291, [(148, "1"), (198, "RVS werktafel 1800 mm"), (831, "2"), (968, "571,20"), (1083, "0%"), (1270, "1"),
                (1293, "142,40")]),
        (1349, [(145, "2"), (198, "Reservemes type A"), (831, "2"), (979, "42,10"), (1083, "0%"), (1303, "84,20")]),
        (1408, [(145, "3"), (197, "Onderhoud op locatie"), (821, "12"), (980, "97,40"), (1087, "0%"), (1270, "1"),
                (1293, "168,80")]),
    ]
    assert _lines(rows) == [("2", "571.20", "1142.40"), ("2", "42.10", "84.20"), ("12", "97.40", "1168.80")]


def test_a_line_printed_with_its_amount_alone_is_one_of_itself():
    """A summary bill lists each delivery slip by its amount alone, no count, no price: each
    line is handed over as one of its amount, as an order's line with no quantity is."""
    lines = extract_fields([page([
        (100, [(1300, "##合計請求書")]),
        (682, [(175, "日付"), (347, "伝票番号"), (746, "摘要"), (1209, "税率"), (1480, "金額")]),
        (728, [(163, "11/02"), (350, "D-58213"), (526, "冷凍用トレー 資材一式"), (1208, "10%"), (1455, "48,600")]),
        (774, [(163, "11/05"), (350, "D-58240"), (526, "業務用だし 昆布"), (1203, "※8%"), (1455, "32,940")]),
        (820, [(163, "11/09"), (350, "D-58277"), (526, "ラベル用紙 A4"), (1208, "10%"), (1455, "15,730")]),
        (1095, [(1092, "小計"), (1441, "97,270")]),
        (1141, [(1066, "消費税"), (1455, "9,068")]),
        (1187, [(1066, "合計"), (1441, "106,338")]),
    ])]).fields["lines"]
    assert [(line["quantity"], line["unit_price"], line["amount"]) for line in lines] == [
        ("1", "48600", "48600"), ("1", "32940", "32940"), ("1", "15730", "15730")]


def _receipt(amounts: list[str], subtotal: str, words_beside: bool) -> list:
    """A receipt with no table: each item's amount at the right, its name on the amount's row or
    on a row of its own just under it, the subtotal under the last in the amounts' column."""
    rows = [(160, [(235, "##Receipt")]), (380, [(258, "INVOICE DATE"), (651, "DOCUMENT NO.")]),
            (404, [(258, "30 Nov 2026"), (651, "189204751263")])]
    y = 540
    for n, amount in enumerate(amounts):
        name = f"Subscription plan {chr(65 + n)} - Monthly"
        beside = [(y, [(344, name), (1321, amount)])]
        rows += beside if words_beside else [(y, [(1321, amount)]), (y + 17, [(344, name)])]
        rows.append((y + 40, [(344, "Report a Problem")]))
        y += 123
    return rows + [(y + 40, [(828, "Subtotal"), (1314, subtotal)]), (y + 92, [(828, "GST 9%"), (1340, "S$7.56")])]


@pytest.mark.parametrize("words_beside", [False, True])
def test_amounts_alone_over_the_subtotal_they_add_up_to_are_the_lines(words_beside):
    """A receipt lists each item by its name and its amount alone, no captions, no counts: the
    amounts in the subtotal's column that add up to it are the lines, each one of itself, named
    by the words beside it or on the row just under it."""
    lines = extract_fields([page(_receipt(["S$48.98", "S$13.98", "S$21.02"], "S$83.98", words_beside))]).fields["lines"]
    assert [(line["description"], line["quantity"], line["amount"]) for line in lines] == [
        ("Subscription plan A - Monthly", "1", "48.98"), ("Subscription plan B - Monthly", "1", "13.98"),
        ("Subscription plan C - Monthly", "1", "21.02")]


def test_amounts_that_do_not_add_up_to_the_subtotal_are_no_lines():
    lines = extract_fields([page(_receipt(["S$48.98", "S$13.98", "S$21.02"], "S$85.00", False))]).fields["lines"]
    assert lines == []


def test_a_code_after_each_lines_amount_and_a_count_of_hours_before_prices_with_cents():
    """A table whose captions OCR could not read: each line a product code, its count, a unit's
    code, the description, the price and the amount printed with cents, then a code of its own
    ('02'). The code is no amount, and the counts (one of them hours, '4.5') stay the counts."""
    lines = extract_fields([page([
        (100, [(1300, "##Factura")]),
        (560, [(110, "82141500"), (230, "1"), (290, "E48"), (380, "Diseño de identidad corporativa"),
               (1000, "18,500.00"), (1200, "18,500.00"), (1400, "02")]),
        (610, [(110, "82141502"), (230, "3"), (290, "E48"), (380, "Diseño de empaque"),
               (1000, "4,200.00"), (1200, "12,600.00"), (1400, "02")]),
        (660, [(110, "82131603"), (230, "4.5"), (290, "HUR"), (380, "Fotografía de producto"),
               (1000, "1,350.00"), (1200, "6,075.00"), (1400, "02")]),
        (760, [(900, "Subtotal"), (1200, "$ 37,175.00")]),
    ])]).fields["lines"]
    assert [(line["quantity"], line["unit_price"], line["amount"]) for line in lines] == [
        ("1", "18500.00", "18500.00"), ("3", "4200.00", "12600.00"), ("4.5", "1350.00", "6075.00")]


def test_a_count_left_of_the_table_whose_caption_was_lost_times_the_price_is_the_line():
    # A fax: the count's caption ('Qté') lost, the counts printed well left of the description's
    # caption, the price under a caption OCR garbled ('PULHT' for P.U. HT), each line's item code
    # on the row under it.
    rows = [
        (1032, [(344, "Description"), (1218, "PULHT"), (1426, "Montant")]),
        (1094, [(200, "6"), (265, "pce"), (344, "Table inox 1800 mm"), (1222, "660,00"), (1420, "3 960,00")]),
        (1134, [(345, "R00141")]),
        (1179, [(200, "4"), (265, "pce"), (344, "Lame de rechange, type A"), (1236, "41,70"), (1443, "166,80")]),
        (1219, [(345, "RDO0142")]),
        (1264, [(190, "12"), (280, "h"), (344, "Intervention technicien"), (1233, "94,60"), (1421, "1 135,20")]),
        (1304, [(345, "RD0149")]),
        (1349, [(190, "12"), (344, "Huile d'olive vierge extra, 1L"), (1237, "20,60"), (1443, "247,20")]),
        (1389, [(345, "RD0126")]),
        (1600, [(784, "Sous-total HT"), (1400, "€ 5 509,20")]),
    ]
    assert _lines(rows) == [("6", "660.00", "3960.00"), ("4", "41.70", "166.80"), ("12", "94.60", "1135.20"),
                            ("12", "20.60", "247.20")]


def test_figures_set_right_under_captions_set_left_are_each_the_next_captions():
    # A billing app's table: captions set left, figures set right, each nearer the next caption,
    # a service period under each line. (Word boxes as a text layer gives them.)
    boxes = [("Description", 142, 924, 119), ("Qty", 930, 924, 36), ("Unit", 1072, 924, 44),
             ("price", 1121, 924, 51), ("Amount", 1292, 924, 83), ("Subtotal", 788, 1323, 95),
             ("$1,560.00", 1407, 1323, 106)]
    for y, words, count, price, amount in [(992, ["Growth", "plan"], "1", "$1,200.00", "$1,200.00"),
                                           (1098, ["Additional", "seats"], "6", "$35.00", "$210.00"),
                                           (1206, ["Premium", "support"], "1", "$150.00", "$150.00")]:
        boxes += [(words[0], 142, y, 90), (words[1], 250, y, 70), (count, 1059, y, 13),
                  (price, 1292 - 12 * len(price), y, 12 * len(price)),
                  (amount, 1513 - 12 * len(amount), y, 12 * len(amount))]
        boxes += [(text, x, y + 33, w) for text, x, w in [("Oct", 142, 35), ("1", 182, 12), ("-", 199, 10),
                                                          ("Oct", 215, 35), ("31,", 255, 30), ("2026", 290, 48)]]
    words = [Word(text, x, y, w, 24, 100.0, y) for text, x, y, w in boxes]
    lines = extract_fields([Page(number=1, width=1653, height=2339, words=words)]).fields["lines"]
    assert [(line["quantity"], line["unit_price"], line["amount"]) for line in lines] == [
        ("1", "1200.00", "1200.00"), ("6", "35.00", "210.00"), ("1", "150.00", "150.00")]


def test_a_sections_subtotal_carrying_the_sum_of_its_hours_is_no_end_of_the_table():
    """Labour billed by the hour, then other costs, each section closed by its subtotal; the
    labour's subtotal carries the hours summed in the hours' column."""
    rows = [
        (930, [(131, "CLIN"), (346, "Labor Category / Item"), (770, "Hours / Qty"), (907, "Rate"), (1061, "Amount")]),
        (990, [(137, "0001"), (227, "Program Manager (PM-3)"), (800, "42.0"), (924, "168.40"), (1102, "7,072.80")]),
        (1040, [(137, "0001"), (227, "Senior Systems Engineer"), (788, "126.5"), (924, "142.70"), (1089, "18,051.55")]),
        (1090, [(137, "0001"), (227, "Technical Writer (TW-2)"), (800, "36.5"), (937, "84.60"), (1102, "3,087.90")]),
        (1140, [(227, "Subtotal labor"), (788, "205.0"), (1089, "28,212.25")]),
        (1190, [(137, "0002"), (227, "ODC Travel, site visit"), (832, "1"), (905, "1,846.22"), (1102, "1,846.22")]),
        (1240, [(137, "0002"), (227, "ODC Test equipment rental"), (832, "1"), (924, "640.00"), (1121, "640.00")]),
        (1290, [(227, "Subtotal other direct costs"), (1102, "2,486.22")]),
        (1370, [(853, "Total current period"), (1093, "$30,698.47")]),
        (1420, [(853, "Sales tax"), (1150, "$0.00")]),
    ]
    fields = extract_fields([page(rows)]).fields
    assert [line["amount"] for line in fields["lines"]] == ["7072.80", "18051.55", "3087.90", "1846.22", "640.00"]
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("30698.47", "0.00", "30698.47")


def test_a_sections_sum_whose_caption_ocr_garbled_before_a_line_that_counts_nothing_is_no_line():
    """材料費 and 労務費 sections, each summed on a row of its own ('労務費 st' for 労務費計), the
    discount after the last one printed with no count OCR could read ('lox' for 1式)."""
    rows = [
        (970, [(119, "No"), (170, "品名"), (903, "数量"), (1130, "単価"), (1319, "金額")]),
        (1033, [(119, "1"), (171, "LEDベースライト"), (903, "25"), (975, "台"), (1130, "14,800"), (1319, "370,000")]),
        (1092, [(117, "2"), (170, "LED高天井用照明"), (916, "8"), (974, "台"), (1127, "42,500"), (1319, "340,000")]),
        (1263, [(693, "材料費 計"), (1319, "710,000")]),
        (1376, [(117, "5"), (170, "電工 配線工事"), (904, "18"), (962, "人工"), (1129, "26,000"), (1319, "468,000")]),
        (1432, [(118, "6"), (170, "高所作業車リース"), (917, "2"), (978, "日"), (1129, "32,000"), (1334, "64,000")]),
        (1548, [(694, "労務費 st"), (1319, "532,000")]),
        (1602, [(117, "8"), (170, "出精値引"), (917, "lox"), (1103, "-42,000"), (1307, "-42,000")]),
        (1831, [(1099, "小計"), (1299, "1,200,000")]),
        (1889, [(1052, "消費税 (10%)"), (1320, "120,000")]),
        (1945, [(1099, "合計"), (1290, "1,320,000")]),
    ]
    fields = extract_fields([page(rows)]).fields
    assert [line["amount"] for line in fields["lines"]] == ["370000", "340000", "468000", "64000", "-42000"]


@pytest.mark.parametrize("count", ["2", "z", None])
def test_a_line_whose_price_ocr_misread_is_a_line_though_its_amount_sums_the_lines_before_it(count):
    """Two brackets at 5,000, then a pair at 10,000 whose price OCR misread ('5.OOO') and whose
    count it read, garbled or lost: a line, neither a section's sum nor the table's."""
    pair = [(119, "3"), (170, "Wall bracket set, two"), *([(903, count)] if count else []), (1130, "5.OOO"),
            (1319, "10,000")]
    rows = [
        (970, [(119, "No"), (170, "Description"), (903, "Qty"), (1130, "Unit price"), (1319, "Amount")]),
        (1033, [(119, "1"), (171, "Wall bracket, left"), (903, "1"), (1130, "5,000"), (1319, "5,000")]),
        (1092, [(117, "2"), (170, "Wall bracket, right"), (916, "1"), (1127, "5,000"), (1319, "5,000")]),
        (1150, pair),
        (1210, [(117, "4"), (170, "Mounting screws"), (904, "3"), (1129, "1,000"), (1319, "3,000")]),
        (1831, [(1099, "Subtotal"), (1299, "23,000")]),
        (1889, [(1052, "Tax (10%)"), (1320, "2,300")]),
        (1945, [(1099, "Total"), (1290, "25,300")]),
    ]
    fields = extract_fields([page(rows)]).fields
    assert [line["amount"] for line in fields["lines"]] == ["5000", "5000", "10000", "3000"]


def test_captions_in_cells_of_several_lines_each_centred_are_read_down_their_cells():
    """A bilingual header whose captions take one to three lines, each centred in its cell, so
    OCR reads four rows half a line apart: the lowest ('SKU Qty net VAT net') is no header of
    its own, and the price is the cell that says 'Einzelpreis netto / Unit net'."""
    rows = [
        (590, [(1126, "Einzelpreis"), (1448, "Gesamt")]),
        (602, [(187, "Art.-Nr. /"), (987, "Menge /"), (1273, "MwSt. /")]),
        (613, [(120, "Pos."), (353, "Artikel / Item"), (1121, "netto / Unit"), (1396, "netto / Total")]),
        (625, [(187, "SKU"), (1038, "Qty"), (1213, "net"), (1295, "VAT"), (1497, "net")]),
        (683, [(137, "1"), (187, "RL-PT200"), (353, "Pipettenspitzen 200 µl"), (1063, "5"), (1163, "38,90 €"),
               (1286, "19 %"), (1432, "194,50 €")]),
        (764, [(137, "2"), (187, "RL-NG-M"), (353, "Nitrilhandschuhe M, 100 St."), (1049, "10"), (1178, "7,45 €"),
               (1286, "19 %"), (1447, "74,50 €")]),
        (845, [(137, "3"), (187, "RL-LB500"), (353, "Laborflaschen 500 ml"), (1063, "3"), (1163, "46,20 €"),
               (1286, "19 %"), (1432, "138,60 €")]),
        (1054, [(671, "Summe netto / Net total"), (1432, "407,60 €")]),
    ]
    assert _lines(rows, size=22) == [
        ("5", "38.90", "194.50"), ("10", "7.45", "74.50"), ("3", "46.20", "138.60")]


def test_a_dash_standing_for_an_empty_cell_beside_a_count_is_no_minus():
    """A progress bill on a landscape page: the contract's, the earlier bills', this bill's and the
    running count and amount, nothing billed before on two work items but a dash in each of
    those cells."""
    rows = [
        (213, [(690, "契 約"), (1152, "前回迄出来高"), (1499, "今回出来高"), (1927, "累計出来高")]),
        (238, [(208, "工 種")]),
        (262, [(429, "数量"), (543, "単位"), (696, "単価"), (918, "金額"), (1092, "数量"), (1256, "金額"),
               (1421, "数量"), (1593, "金額"), (1761, "数量"), (1932, "金額"), (2109, "出来高率")]),
        (318, [(107, "仮設工事"), (493, "1"), (555, "式"), (704, "1,850,000"), (942, "1,850,000"), (1125, "0.4"),
               (1288, "740,000"), (1454, "0.2"), (1625, "370,000"), (1794, "0.6"), (1954, "1,110,000"),
               (2162, "60.0%")]),
        (379, [(107, "屋根・外壁工事"), (447, "1,150"), (548, "m2"), (750, "9,800"), (931, "11,270,000"), (1135, "-"),
               (1366, "-"), (1448, "320"), (1606, "3,136,000"), (1789, "320"), (1950, "3,136,000"), (2163, "27.8%")]),
        (439, [(107, "電気設備工事"), (493, "1"), (555, "式"), (702, "2,600,000"), (940, "2,600,000"), (1135, "-"),
               (1366, "-"), (1454, "0.3"), (1625, "780,000"), (1794, "0.3"), (1969, "780,000"), (2162, "30.0%")]),
        (500, [(107, "合 計"), (919, "15,720,000"), (1260, "740,000"), (1595, "4,286,000"), (1934, "5,026,000")]),
    ]
    lines = extract_fields([page(rows, size=24, width=2339, height=1654)]).fields["lines"]
    assert [(line["quantity"], line["unit_price"], line["amount"]) for line in lines] == [
        ("0.2", "1850000", "370000"), ("320", "9800", "3136000"), ("0.3", "2600000", "780000")]


def test_a_header_with_a_garbled_count_caption_and_a_caption_on_two_lines_reads_every_line():
    """An Australian tax invoice: 'Qty' read as 'oy', 'Unit Price ex' over 'GST', then the GST of
    each line and 'Amount ex GST'."""
    p = page([
        (788, [(127, "Description"), (857, "oy"), (986, "Unit Price ex"), (1254, "GST"), (1340, "Amount ex GST")]),
        (806, [(1081, "GST")]),
        (866, [(127, "Electrician - standard hours"), (849, "14.5"), (1039, "$118.00"), (1212, "$171.10"),
               (1411, "$1,711.00")]),
        (929, [(126, "Apprentice - standard hours"), (849, "14.5"), (1054, "$68.00"), (1227, "$98.60"),
               (1433, "$986.00")]),
        (991, [(127, "3-phase 32A outlet, IP66"), (884, "4"), (1054, "$96.50"), (1223, "$38.60"), (1433, "$386.00")]),
        (1198, [(892, "Subtotal (ex GST)"), (1411, "$3,083.00")]),
    ])
    p.words = [replace(w, confidence=31.0) if w.text == "oy" else w for w in p.words]
    lines = extract_fields([p]).fields["lines"]
    assert [(line["quantity"], line["unit_price"], line["amount"]) for line in lines] == [
        ("14.5", "118.00", "1711.00"), ("14.5", "68.00", "986.00"), ("4", "96.50", "386.00")]


def test_an_unread_caption_is_no_count_where_the_descriptions_caption_was_unread_too():
    """A fax's header of which OCR read only '単価' and '金額': the garbled caption over the goods'
    names ('Ae') is not taken for the count's, so the names stay the lines' descriptions."""
    rows = [
        (600, [(102, "No"), (149, "商品コード。"), (566, "Ae"), (892, "We"), (950, "・入数人量単位"), (1234, "単価"),
               (1380, "金額"), (1501, "Bk")]),
        (660, [(111, "1"), (158, "NS-10421"), (317, "ニトリル手袋パウダーフリー M"), (884, "100"), (934, "枚"),
               (1090, "20"), (1148, "箱"), (1275, "720"), (1405, "14,400"), (1487, "10%")]),
        (720, [(111, "2"), (158, "NS-20422"), (317, "サージカルマスク レベル2"), (884, "50"), (934, "枚"),
               (1090, "60"), (1148, "箱"), (1275, "460"), (1405, "27,600"), (1487, "10%")]),
        (780, [(111, "3"), (158, "NS-30050"), (317, "滅菌ガーゼ 10cm"), (884, "100"), (934, "枚"),
               (1102, "8"), (1148, "袋"), (1250, "1,150"), (1418, "9,200"), (1487, "10%")]),
        (900, [(1000, "小計"), (1405, "51,200")]),
    ]
    lines = extract_fields([page(rows)]).fields["lines"]
    assert [(line["quantity"], line["amount"]) for line in lines] == [("20", "14400"), ("60", "27600"), ("8", "9200")]
    assert [line["description"][:5] for line in lines] == ["ニトリル手", "サージカル", "滅菌ガーゼ"]


def test_a_price_whose_first_figures_ocr_garbled_into_a_mark_is_the_amount_over_the_count():
    """A scan's '4,400' read as '邊' '400' beside a clean count of 8 and an amount of 35,200: the
    price lost its first figures (not a count of 88); so did a '2,800' read unsurely as '800'."""
    p = page([
        (600, [(150, "品名"), (900, "数量"), (1150, "単価"), (1420, "金額")]),
        (660, [(150, "ポリ手袋 M"), (930, "10"), (1180, "550"), (1440, "5,500")]),
        (720, [(150, "ペーパータオル 40束"), (940, "8"), (1132, "邊"), (1170, "400"), (1423, "35,200")]),
        (780, [(150, "モップ替糸"), (930, "12"), (1165, "1,510"), (1423, "18,120")]),
        (840, [(150, "保冷剤 50個"), (940, "1"), (1180, "800"), (1435, "2,800")]),
        (900, [(1000, "小計"), (1423, "61,620")]),
    ])
    p.words = [replace(w, confidence=58.0) if w.text in ("邊", "400", "800") else w for w in p.words]
    lines = extract_fields([p]).fields["lines"]
    assert [(line["quantity"], line["unit_price"], line["amount"]) for line in lines] == [
        ("10", "550", "5500"), ("8", "4400", "35200"), ("12", "1510", "18120"), ("1", "2800", "2800")]


def test_a_hungarian_table_of_net_price_net_value_vat_and_gross_reads_its_net_lines():
    rows = [
        (843, [(906, "Nettó")]),
        (855, [(138, "Megnevezés"), (703, "Mennyiség"), (863, "egységár"), (1032, "Nettó ár"), (1172, "ÁFA"),
               (1243, "ÁFA érték"), (1408, "Bruttó ár")]),
        (931, [(138, "Lézervágott lemez"), (749, "400 db"), (921, "2,35"), (1049, "940,00"), (1165, "27%"),
               (1277, "253,80"), (1412, "1 193,80")]),
        (1001, [(138, "Élhajlítás"), (749, "400 db"), (921, "0,85"), (1049, "340,00"), (1165, "27%"),
                (1292, "91,80"), (1434, "431,80")]),
        (1116, [(138, "Csomagolás, EUR raklap"), (779, "2 db"), (906, "18,00"), (1063, "36,00"), (1165, "27%"),
                (1307, "9,72"), (1449, "45,72")]),
        (1249, [(899, "Összesen"), (1094, "1 316,00"), (1253, "355,32"), (1414, "1 671,32")]),
    ]
    lines = extract_fields([page(rows)]).fields["lines"]
    assert [(line["quantity"], line["unit_price"], line["amount"]) for line in lines] == [
        ("400", "2.35", "940.00"), ("400", "0.85", "340.00"), ("2", "18.00", "36.00")]


@pytest.mark.parametrize("price", ["U.P. (net)", "Price (net)"])
def test_a_word_in_brackets_after_a_caption_qualifies_it_and_heads_no_column_of_its_own(price):
    """'U.P. (net)' then 'Qty' then 'Total (net)': the prices' column is the price's, the last the amount's."""
    header = page([(729, [(100, "Description"), (1041, "VAT"), (1154, price), (1310, "Qty"), (1441, "Total (net)")])])
    columns = header_columns(document_of([header]).rows[0])
    assert [c.kind for c in columns] == ["description", "tax", "unit_price", "quantity", "amount"]


def test_a_row_numbering_the_columns_under_a_romanian_header_is_no_line():
    """'Nr. crt. | Denumirea … | U.M. | Cant. | Preț unitar | Valoarea | Valoarea TVA', then the
    columns numbered '0 1 2 3 4 5 (3x4) 6' before the lines."""
    rows = [
        (495, [(110, "Nr. crt."), (303, "Denumirea produselor sau a serviciilor"), (869, "U.M."), (951, "Cant."),
               (1052, "Preț unitar"), (1240, "Valoarea"), (1389, "Valoarea TVA")]),
        (567, [(137, "0"), (506, "1"), (887, "2"), (973, "3"), (1103, "4"), (1252, "5"), (1270, "(3x4)"),
               (1454, "6")]),
        (613, [(136, "1"), (183, "Lanț ancoră oțel 22 mm"), (882, "m"), (986, "55"), (1111, "142,00"),
               (1272, "7.810,00"), (1437, "1.640,10")]),
        (672, [(136, "2"), (183, "Cheie de ancoră 22 mm"), (873, "buc"), (1000, "8"), (1111, "186,50"),
               (1272, "1.492,00"), (1458, "313,32")]),
        (1080, [(1051, "Total"), (1254, "9.302,00"), (1433, "1.953,42")]),
    ]
    assert _lines(rows) == [("55", "142.00", "7810.00"), ("8", "186.50", "1492.00")]


def test_the_price_of_a_line_whose_count_and_amount_ocr_lost_is_no_figure_of_the_totals():
    """A fax's last line kept only its description and price ('45.00'), its total read '657.52' for
    857.52: the price is no tax (lines of 669.60, and 45.00 to make 714.60)."""
    p = page([
        (709, [(100, "Description"), (1033, "VAT"), (1155, "U.P. (net)"), (1310, "Qty"), (1438, "Total (net)")]),
        (767, [(100, "Hex bolt M20x100, box of 10"), (1026, "20%"), (1193, "39.80"), (1323, "10"), (1477, "398.00")]),
        (822, [(100, "Nyloc nut M20, box of 25"), (1033, "20%"), (1192, "24.10"), (1336, "6"), (1477, "144.60")]),
        (880, [(100, "Socket cap screw M10x30"), (1034, "20%"), (1193, "31.75"), (1336, "4"), (1477, "127.00")]),
        (933, [(100, "Carriage (pallet, next day)"), (1012, "20%"), (1192, "45.00"), (1337, "a2t-t-t«é«iS")]),
        (1315, [(953, "Total (excl. tax)"), (1473, "714.60")]),
        (1371, [(936, "VAT 20%"), (1474, "142.92")]),
        (1406, [(952, "Total (inc. tax)"), (1449, "£657.52")]),
        (1469, [(955, "Paid"), (1502, "0.00")]),
        (1512, [(954, "Remaining unpaid"), (1392, "857.52")]),
    ])
    p.words = [replace(w, confidence=20.0) if w.text == "a2t-t-t«é«iS" else w for w in p.words]
    doc = document_of([p])
    carriage = next(r.index for r in doc.rows if r.text.startswith("Carriage"))
    items, rows = table_items(doc, all_label_hits(doc), "GBP")
    assert len(items) == 3 and carriage in rows  # (the table's, so none of the totals' figures)
    fields = extract_fields([p]).fields
    assert (fields["subtotal"], fields["tax_total"]) == ("714.60", "142.92")


def test_a_slips_lines_of_a_count_and_a_price_after_its_at_sign_are_read_without_a_header():
    """A caterer's receipt-like bill: each item's name, then '12 点 X @1,500 (税込 1,620) ¥18,000'."""
    rows = [
        (823, [(218, "※ 松花堂弁当 (会議用)")]),
        (863, [(273, "12 点 X"), (384, "@1,500"), (487, "(税込 1,620)"), (1199, "¥18,000")]),
        (912, [(218, "※ 幕の内弁当")]),
        (954, [(274, "18 点 X"), (384, "@1,000"), (487, "(税込 @1,080)"), (1199, "¥18,000")]),
        (1004, [(218, "※ お茶ペットボトル 500mL")]),
        (1046, [(273, "30 点 X"), (384, "@150"), (459, "(税込 @162)"), (1213, "¥4,500")]),
        (1224, [(215, "小計 (税抜)"), (1199, "¥40,500")]),
    ]
    assert _lines(rows) == [("12", "1500", "18000"), ("18", "1000", "18000"), ("30", "150", "4500")]


def test_a_figure_whose_last_thousands_separator_ocr_read_as_a_space_is_one_figure():
    """A scanned estimate's '2,052,000' read as '2.052' '000'."""
    rows = [
        (600, [(126, "No"), (165, "名称"), (1019, "数量"), (1164, "単価"), (1340, "金額")]),
        (660, [(126, "1"), (165, "パッケージエアコン 天井カセット形"), (1019, "3"), (1062, "台"), (1164, "684,000"),
               (1320, "2.052 000")]),
        (720, [(126, "2"), (165, "室外機架台"), (1019, "3"), (1062, "台"), (1164, "38,500"), (1340, "115,500")]),
    ]
    assert _lines(rows) == [("3", "684000", "2052000"), ("3", "38500", "115500")]


def test_a_count_of_a_half_whose_point_ocr_lost_is_the_count_where_it_multiplies_out():
    """A software house's estimate in man-months, its header garbled past reading: '05' for 0.5."""
    rows = [
        (784, [(100, "DE"), (709, "ee"), (1138, "ee")]),
        (827, [(122, "1"), (161, "要件定義"), (934, "05"), (989, "人月"), (1099, "900,000"), (1268, "450,000")]),
        (874, [(121, "2"), (161, "基本設計"), (951, "1"), (989, "人月"), (1103, "850,000"), (1268, "850,000")]),
        (917, [(121, "3"), (160, "詳細設計・実装"), (950, "3"), (988, "人月"), (1099, "800,000"), (1252, "2,400,000")]),
        (1320, [(878, "小計"), (1250, "3,700,000")]),
    ]
    assert _lines(rows) == [("0.5", "900000", "450000"), ("1", "850000", "850000"), ("3", "800000", "2400000")]


def test_a_headerless_tables_lines_that_print_their_own_tax_last_are_read():
    """A fax whose header OCR garbled past reading; each line prints its tax after its amount."""
    rows = [
        (722, [(192, "een"), (1183, "nsesean"), (1468, "me")]),
        (770, [(99, "1"), (164, "NB-6205ZZ 深溝玉軸受"), (912, "17"), (964, "個"), (1086, "486"), (1220, "8,262"),
               (1383, "826")]),
        (816, [(123, "2"), (152, "PB-UCP208 ピローブロック"), (923, "3"), (964, "個"), (1069, "4,127"),
               (1209, "12,381"),
               (1366, "1,238")]),
        (861, [(123, "3"), (163, "OS-TC45628 オイルシール"), (912, "19"), (964, "個"), (1087, "212"), (1219, "4,028"),
               (1383, "402")]),
        (1345, [(1174, "小計"), (1471, "24,671")]),
    ]
    assert _lines(rows) == [("17", "486", "8262"), ("3", "4127", "12381"), ("19", "212", "4028")]



def test_a_turkish_invoices_discount_and_tax_amounts_are_no_amount_of_the_line():
    # e-Arşiv: captions of two and three lines stacked in their cells, and each line's cells centred
    # in rows of three lines; 'İskonto Tutarı' (the discount's amount) and 'KDV Tutarı' (the tax's)
    # stand before 'Mal Hizmet Tutarı', the line's, and the tax's amount stands a line higher.
    rows = [
        (823, [(120, "Sıra"), (722, "Birim"), (849, "İskonto"), (1000, "İskonto"), (1152, "KDV"),
               (1407, "Mal Hizmet")]),
        (834, [(326, "Mal Hizmet"), (600, "Miktar"), (1247, "KDV Tutarı")]),
        (844, [(127, "No"), (723, "Fiyat"), (858, "Oranı"), (1008, "Tutarı"), (1146, "Oranı"), (1434, "Tutarı")]),
        (886, [(194, "Nitril muayene eldiveni M (100'lü"), (639, "200"), (1270, "7.400,00")]),
        (898, [(134, "1"), (703, "185,00 TL"), (889, "%0,00"), (1032, "0,00 TL"), (1180, "%20"),
               (1419, "37.000,00 TL")]),
        (909, [(194, "kutu)"), (632, "Kutu"), (1335, "TL")]),
        (957, [(134, "2"), (194, "Cerrahi maske"), (639, "120"), (716, "96,50 TL"), (889, "%0,00"),
               (1032, "0,00 TL"), (1180, "%20"), (1270, "2.316,00"), (1419, "11.580,00 TL")]),
    ]
    assert _lines(rows) == [("200", "185.00", "37000.00"), ("120", "96.50", "11580.00")]


def test_a_grid_of_the_tax_split_between_two_authorities_under_the_table_is_no_line():
    # The lines' sum, its central and state tax, charges of nothing, and the invoice's total in
    # one row under captions whose last OCR garbled: no line of the table, though its figures
    # fall in the table's columns.
    captions = "Tax'ble Amt CGST Amt SGST Amt IGST Amt CESS Amt State CESS Amt Discount Other Charges Round off Amt"
    rows = [
        (600, [(104, "Sl."), (160, "Description"), (700, "Qty"), (900, "Rate"), (1300, "Taxable Value")]),
        (660, [(110, "1"), (160, "Solid carbide end mill 6 mm"), (710, "40"), (890, "1,240.00"), (1310, "49,600.00")]),
        (720, [(110, "2"), (160, "Machine tap M8x1.25"), (710, "50"), (900, "420.00"), (1310, "21,000.00")]),
        (800, [*((108 + 58 * i, word) for i, word in enumerate(captions.split())), (1403, "Tofa"), (1460, "nw"),
               (1503, "Amt")]),
        (840, [(121, "70,600.00"), (265, "6,354.00"), (391, "6,354.00"), (563, "0.00"), (687, "0.00"), (876, "0.00"),
               (990, "0.00"), (1166, "0.00"), (1340, "0.00"), (1426, "83,308.00")]),
    ]
    fields = extract_fields([page(rows)]).fields
    assert [(line["quantity"], line["unit_price"], line["amount"]) for line in fields["lines"]] == [
        ("40", "1240.00", "49600.00"), ("50", "420.00", "21000.00")]
    assert fields["subtotal"] == "70600.00"


def test_a_rate_column_reaching_into_the_amounts_is_no_thousands_of_a_short_amount():
    """A rate column's '5' right-aligned over the left edge of the amount column, the columns
    read so that it falls in the amount's cell, whose short amount ('540.00') stands far to its
    right: two columns' figures, no 5,540.00."""
    doc = document_of([page([(1107, [(135, "CLN-D"), (247, "Stand cleaning, daily (3 days)"), (1003, "3"),
                                     (1033, "day"), (1202, "180.00"), (1344, "5"), (1458, "540.00")])], size=22)])
    row = doc.rows[0]
    words = {t.text: t for t in row.tokens}
    cells = {"description": [t for t in row.tokens if t.x0 < 1100], "unit_price": [words["180.00"]],
             "amount": [words["5"], words["540.00"]]}
    item = _item_from_cells(row, cells, "AED")
    assert (item.unit_price, item.amount) == (Decimal("180.00"), Decimal("540.00"))


def test_a_thousands_group_set_apart_by_a_narrow_space_is_one_amount():
    doc = document_of([page([(700, [(247, "Fournitures"), (1202, "12,50"), (1420, "1"), (1440, "171,00")])],
                            size=22)])
    row = doc.rows[0]
    words = {t.text: t for t in row.tokens}
    cells = {"description": [words["Fournitures"]], "unit_price": [words["12,50"]],
             "amount": [words["1"], words["171,00"]]}
    assert _item_from_cells(row, cells, "EUR").amount == Decimal("1171.00")


def test_a_band_of_details_down_the_right_of_the_lines_is_no_part_of_them():
    # The document's details in a band right of the table, no caption of it on the header's row:
    # the order reference beside the first line, 'Å betale' (the total's caption) beside the third.
    rows = [
        (518, [(1213, "Kontonummer")]),
        (549, [(1213, "4202"), (1262, "18"), (1290, "55710")]),
        (565, [(121, "Varenr."), (256, "Beskrivelse"), (626, "Antall"), (723, "Pris"), (857, "MVA"), (948, "Beløp")]),
        (591, [(1213, "Bestillingsreferanse")]),
        (616, [(121, "KF-L1"), (256, "Klippfisk, loins 1 kg"), (679, "60"), (775, "289,00"), (881, "15"), (909, "%"),
               (988, "17"), (1015, "340,00"), (1213, "PO-2026-03415")]),
        (666, [(1213, "Deres"), (1262, "referanse")]),
        (676, [(121, "TF-P500"), (256, "Tørrfisk Lofoten Prima"), (679, "40"), (775, "245,00"), (881, "15"),
               (909, "%"), (999, "9"), (1015, "800,00")]),
        (697, [(1213, "Aya"), (1252, "Kobayashi")]),
        (736, [(121, "RL-S1"), (256, "Røkt laks, skivet 1 kg"), (679, "30"), (775, "398,00"), (881, "15"),
               (909, "%"), (988, "11"), (1015, "940,00"), (1213, "Å"), (1229, "betale")]),
        (772, [(1213, "NOK"), (1286, "48"), (1326, "029,50")]),
        (795, [(121, "ISO-20"), (256, "Isoporkasse 20 kg"), (679, "12"), (786, "85,00"), (881, "25"), (909, "%"),
               (999, "1"), (1015, "020,00")]),
        (936, [(380, "Sum"), (426, "ekskl."), (482, "MVA"), (997, "40"), (1024, "100,00")]),
    ]
    assert _lines(rows, size=22) == [("60", "289.00", "17340.00"), ("40", "245.00", "9800.00"),
                                     ("30", "398.00", "11940.00"), ("12", "85.00", "1020.00")]


def test_lines_whose_discount_and_rate_stand_between_price_and_amount_are_read_without_a_header():
    # The header's captions lost in a photo's shadow; each line prints its discount and its tax
    # rate between its price and its amount.
    rows = [
        (588, [(108, "LL a RL = T / SES")]),
        (642, [(121, "BN-250"), (220, "Bonito del Norte 250 g"), (900, "240"), (1000, "6,85"), (1100, "0,00"),
               (1200, "10"), (1300, "1.644,00")]),
        (694, [(120, "AN-050"), (220, "Anchoas del Cantábrico"), (900, "180"), (1000, "9,40"), (1100, "0,00"),
               (1200, "10"), (1300, "1.692,00")]),
        (752, [(120, "CX-EXP"), (220, "Caja expositora"), (915, "12"), (1000, "4,50"), (1100, "0,00"), (1200, "21"),
               (1330, "54,00")]),
    ]
    assert _lines(rows, size=22) == [("240", "6.85", "1644.00"), ("180", "9.40", "1692.00"), ("12", "4.50", "54.00")]


def test_an_amount_alone_whose_tax_the_row_under_it_prints_is_the_subtotal_though_the_lines_do_not_sum_it():
    # A scan of a builder's quote: the subtotal's caption garbled, one line's figures misread (so the
    # lines do not add up to it); the tax under it is its tenth.
    rows = [
        (862, [(166, "No."), (547, "名称・仕様"), (1005, "数量"), (1060, "単位"), (1150, "単価"), (1300, "金額")]),
        (923, [(173, "01"), (243, "既設土間コンクリート撤去"), (1021, "320"), (1060, "m2"), (1150, "1,850"),
               (1300, "592,000")]),
        (1010, [(172, "02"), (243, "仮設・養生・誘導員"), (1030, "1"), (1060, "式"), (1150, "130,000"),
                (1300, "130,000")]),
        (1100, [(172, "03"), (243, "諸経費"), (1030, "1"), (1060, "式"), (1150, "150,000"), (1300, "150,000")]),
        (1153, [(1156, "yt (Bie)"), (1300, "922,000")]),
        (1191, [(1158, "消費税(10%)"), (1300, "92,200")]),
        (1263, [(1250, "合 it"), (1300, "1,014,200")]),
    ]
    lines = _lines(rows, size=22)
    assert len(lines) == 3 and ("1", "922000", "922000") not in lines
