"""A line's own arithmetic (quantity × unit price = amount) choosing between OCR readings."""
from __future__ import annotations

from decimal import Decimal

import pytest

from ocr.extract.arithmetic import repair_item
from ocr.extract.items import Item


def item(quantity: str | None, unit_price: str | None, amount: str | None) -> Item:
    def d(value: str | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    return Item("Copy paper", d(quantity), d(unit_price), d(amount), None, False)


@pytest.mark.parametrize(("read", "printed"), [
    (("1", "245000", "45000"), ("1", "45000", "45000")),  # a rule beside the price read as '2'
    (("3", "1280", "3840"), ("3", "1280", "3840")),  # consistent: left as printed
    (("2", "4980", "9968"), ("2", "4980", "9960")),  # 0 read as 8 in the amount
    (("5", None, "5600"), ("5", "1120", "5600")),  # a lost cell filled from the other two
    ((None, "1120", "5600"), ("5", "1120", "5600")),
    ((None, "8801", "880"), ("1", "880", "880")),  # quantity lost, a rule after the price read as 1
    (("12", "32800", None), ("12", "32800", "393600")),
    (("12", "2440", "292.80"), ("12", "24.40", "292.80")),  # the price's decimal mark lost
    (("1", "1500", "15"), ("1", "1500", "15")),  # no cents printed: no decimal mark to put back
    (("5", "3660", "18000"), ("5", "3600", "18000")),  # a fax's 0 read as 6
    (("1", "5200", "-5200"), ("1", "-5200", "-5200")),  # a discount's minus mark lost from its price
    ((None, "-13600", "13600"), ("1", "-13600", "-13600")),  # ... from its amount, its quantity lost too
    ((None, "42000", "-2000"), ("1", "-2000", "-2000")),  # ... its price's ▲ read as a 4 as well
    (("1", "45200", "-5200"), ("1", "-5200", "-5200")),  # ... or read as a digit
    (("-3", "-7900", "23700"), ("3", "7900", "23700")),  # a fax's dashes before both factors read as minus
    (("-3", "7900", "-23700"), ("-3", "7900", "-23700")),  # a return: its quantity and amount negative
    (("25", "68.00", "170.00"), ("2.5", "68.00", "170.00")),  # hours: the count's point lost
    (("76", "65.00", "487.50"), ("7.5", "65.00", "487.50")),  # ... and its 5 read as a 6
])
def test_a_line_is_mended_by_its_own_arithmetic(read, printed):
    line = item(*read)
    repair_item(line)
    assert (line.quantity, line.unit_price, line.amount) == tuple(Decimal(v) for v in printed)


@pytest.mark.parametrize(("quantity", "price", "amount", "printed"), [
    ("3,000", "178", "53,400", ("3000", "17.8", "53400")),  # the price's point lost, its count grouped
    ("“10,000", "31.", "31,000", ("10000", "3.1", "31000")),  # ... its point read apart, a speck before the count
    ("25", "68.00", "170.00", ("2.5", "68.00", "170.00")),  # a count with no groups may have lost its point
])
def test_a_count_printed_with_its_groups_lost_no_point_the_price_did(quantity, price, amount, printed):
    from ocr.extract.layout import Token

    def cell(text: str) -> list[Token]:
        return [Token(text, 1, 0, 0, 10 * len(text), 20, (0, 0, 10 * len(text), 20), 90.0)]

    def figure(text: str) -> Decimal:
        return Decimal(text.strip("“.").replace(",", ""))

    line = Item("Connector housing CH-06", figure(quantity), figure(price), figure(amount), None, False,
                cells={"quantity": cell(quantity), "unit_price": cell(price), "amount": cell(amount)})
    repair_item(line)
    assert (line.quantity, line.unit_price, line.amount) == tuple(Decimal(v) for v in printed)


def test_a_line_no_single_misreading_explains_keeps_its_readings():
    line = item("7", "1500", "20000")  # a real pricing error on the invoice: for matching to flag
    repair_item(line)
    assert (line.quantity, line.unit_price, line.amount) == (Decimal(7), Decimal(1500), Decimal(20000))


@pytest.mark.parametrize(("subtotal", "discount"), [
    ("30500", ("-7500", "-7500")),  # the lines add up with the discount negative: its minus mark was lost
    ("45500", ("7500", "7500")),  # they add up as read
    ("30000", ("7500", "7500")),  # no one line's sign explains the difference: as read
])
def test_a_discount_line_that_lost_its_minus_mark_takes_it_from_the_subtotal(subtotal, discount):
    from ocr.extract.arithmetic import lost_minus

    lines = [item("2", "19000", "38000"), item("1", "7500", "7500")]
    lost_minus(lines, Decimal(subtotal))
    assert (lines[1].unit_price, lines[1].amount) == tuple(Decimal(v) for v in discount)
    assert lines[0].amount == Decimal(38000)


@pytest.mark.parametrize(("subtotal", "signs"), [
    ("41360", (1, 1, -1)),  # '-¥7,360' a stray mark's: the lines add up with 8 × 920 positive
    ("26640", (1, -1, -1)),  # they add up as read
    ("50000", (1, -1, -1)),  # no set of negative lines made positive explains the difference: as read
    ("53360", (1, 1, 1)),  # both read negative by stray marks
])
def test_lines_read_negative_by_a_stray_mark_take_their_sign_from_the_subtotal(subtotal, signs):
    from ocr.extract.arithmetic import stray_minus

    lines = [item("10", "4000", "40000"), item("8", "-920", "-7360"), item("3", "-2000", "-6000")]
    stray_minus(lines, Decimal(subtotal))
    assert tuple(1 if line.amount > 0 else -1 for line in lines) == signs
    assert all(line.quantity * line.unit_price == line.amount for line in lines)


def test_negative_lines_the_subtotal_cannot_tell_apart_keep_their_signs():
    from ocr.extract.arithmetic import stray_minus

    lines = [item("10", "4000", "40000"), item("1", "-5000", "-5000"), item("2", "-2500", "-5000")]
    stray_minus(lines, Decimal(40000))  # either one positive adds up: neither is made so
    assert [line.amount for line in lines] == [Decimal(40000), Decimal(-5000), Decimal(-5000)]


@pytest.mark.parametrize(("subtotal", "kept"), [
    ("50000", ["40000", "10000"]),  # the summary row under the table, '10%対象 ¥50,000', is no line
    ("100000", ["40000", "10000", "50000"]),  # the lines add up as read: each kept
    ("60000", ["40000", "10000", "50000"]),  # nor without it: as read
])
def test_a_row_that_is_the_subtotal_itself_is_no_line(subtotal, kept):
    from ocr.extract.arithmetic import without_strays

    lines = [item("4", "10000", "40000"), item("1", "10000", "10000"), item("1", "50000", "50000")]
    assert [str(line.amount) for line in without_strays(lines, Decimal(subtotal))] == kept


@pytest.mark.parametrize(("subtotal", "gloves"), [
    ("46720", ("560", "6720")),  # '5606720' for 560 and 6,720: so split, the lines add up
    ("67320640", ("5606720", "67280640")),  # they add up as read
    ("46000", ("5606720", "67280640")),  # no split adds up: as read
])
def test_a_price_read_run_into_its_amount_is_split_where_the_subtotal_says(subtotal, gloves):
    from ocr.extract.arithmetic import price_run_into_amount

    lines = [item("4", "10000", "40000"), item("12", "5606720", "67280640")]
    price_run_into_amount(lines, Decimal(subtotal))
    assert (str(lines[1].unit_price), str(lines[1].amount)) == gloves
    assert str(lines[0].amount) == "40000"


def test_a_discount_whose_amounts_triangle_was_read_as_a_digit_over_its_price_is_one_discount():
    from ocr.extract.arithmetic import lost_minus

    # '2,500' and '42,500': the amount over the price made a quantity of 17 of the discount.
    from ocr.extract.layout import Token

    lines = [item("2", "19000", "38000"), item("1", "2500", "42500")]
    lines[1].cells = {"quantity": [Token("1", 1, 0, 0, 10, 10, (0, 0, 10, 10), 95.0)],
                      "unit_price": [Token("2,500", 1, 20, 0, 80, 10, (20, 0, 80, 10), 95.0)],
                      "amount": [Token("42,500", 1, 100, 0, 170, 10, (100, 0, 170, 10), 95.0)]}
    repair_item(lines[1])
    lost_minus(lines, Decimal(35500))
    assert (lines[1].quantity, lines[1].unit_price, lines[1].amount) == (Decimal(1), Decimal(-2500), Decimal(-2500))


@pytest.mark.parametrize(("subtotal", "discount"), [
    ("21300", ("-16700", "-16700")),  # the ▲ of ▲16,700 read as a 4
    ("454700", ("416700", "416700")),  # they add up as read
])
def test_a_discount_whose_minus_mark_was_read_as_a_digit_takes_it_from_the_subtotal(subtotal, discount):
    from ocr.extract.arithmetic import lost_minus

    lines = [item("2", "19000", "38000"), item("1", "416700", "416700")]
    lost_minus(lines, Decimal(subtotal))
    assert (lines[1].unit_price, lines[1].amount) == tuple(Decimal(v) for v in discount)


@pytest.mark.parametrize(("quantity", "subtotal", "discount"), [
    (None, "26000", ("1", "-12000", "-12000")),  # '412,000' and '000' for ▲12,000 ▲12,000, no count read
    ("1", "26000", ("1", "-12000", "-12000")),  # '1 式'
    (None, "38000", (None, "412000", "0")),  # the lines add up as read: left so
    ("3", "26000", ("3", "412000", "0")),  # three of a thing: no single discount
    (None, "30000", (None, "412000", "0")),  # no figure of its price explains the difference: as read
])
def test_a_discount_whose_amount_was_lost_takes_its_price_without_the_mark(quantity, subtotal, discount):
    from ocr.extract.arithmetic import lost_minus

    lines = [item("2", "19000", "38000"), item(quantity, "412000", "0")]
    lost_minus(lines, Decimal(subtotal))
    assert tuple(None if v is None else str(v) for v in
                 (lines[1].quantity, lines[1].unit_price, lines[1].amount)) == discount
    assert lines[0].amount == Decimal(38000)


@pytest.mark.parametrize(("subtotal", "mended"), [
    ("36800", ("1", "-1200", "-1200")),  # '-1,200' read as '4,200': the lines add up with 1 × -1,200
    ("42200", (None, "-1200", "4200")),  # they add up as read: left so
    ("40000", (None, "-1200", "4200")),  # no count on the row explains the difference: as read
])
def test_a_misread_amount_the_subtotal_and_the_row_explain(subtotal, mended):
    from ocr.extract.arithmetic import amount_from_subtotal
    from ocr.extract.layout import Token

    lines = [item("2", "19000", "38000"), item(None, "-1200", "4200")]
    lines[1].cells = {"skip": [Token("1", 1, 0, 0, 10, 10, (0, 0, 10, 10), 95.0)]}
    amount_from_subtotal(lines, Decimal(subtotal))
    assert (lines[1].quantity, lines[1].unit_price, lines[1].amount) == tuple(
        None if v is None else Decimal(v) for v in mended)
    assert lines[0].amount == Decimal(38000)


@pytest.mark.parametrize(("subtotal", "mended"), [
    ("45920", ("4", "1980", "7920")),  # its 4 lost, 7,920 read as 7,320: the subtotal asks 4 × 1,980
    ("47900", (None, "1980", "7320")),  # the subtotal asks 9,900 = 5 × 1,980, digits apart from 7,320: as read
])
def test_a_line_that_lost_its_quantity_and_misread_one_digit_of_its_amount(subtotal, mended):
    from ocr.extract.arithmetic import amount_from_subtotal

    lines = [item("2", "19000", "38000"), item(None, "1980", "7320")]
    amount_from_subtotal(lines, Decimal(subtotal))
    assert (lines[1].quantity, lines[1].unit_price, lines[1].amount) == tuple(
        None if v is None else Decimal(v) for v in mended)


@pytest.mark.parametrize(("subtotal", "discount"), [
    ("21900", "-16100"),  # '-6,100' for -16,100, a digit lost in the one reading of the row
    ("31900", "-6100"),  # the lines add up as read
    ("7900", "-6100"),  # the subtotal asks -30,100, digits apart from -6,100: as read
    ("44100", "-6100"),  # ... or a positive line: no misread digit turns a discount into one
])
def test_a_line_of_one_at_its_amount_takes_what_the_subtotal_asks_one_digit_from_it(subtotal, discount):
    from ocr.extract.arithmetic import amount_from_subtotal

    lines = [item("2", "19000", "38000"), item("1", "-6100", "-6100")]
    amount_from_subtotal(lines, Decimal(subtotal))
    assert (lines[1].quantity, lines[1].unit_price, lines[1].amount) == (Decimal(1), Decimal(discount),
                                                                         Decimal(discount))


def test_a_line_of_one_read_surely_is_no_misreading_for_the_subtotal_to_mend():
    # '5,500' read surely, the subtotal 5,400 after a discount line OCR lost: no digit misread.
    from ocr.extract.arithmetic import amount_from_subtotal

    lines = [read_as(item("1", "5500", "5500"), unit_price=("5,500", 96.0), amount=("5,500", 95.0))]
    amount_from_subtotal(lines, Decimal(5400))
    assert (lines[0].unit_price, lines[0].amount) == (Decimal(5500), Decimal(5500))


def test_a_misread_amount_two_lines_could_explain_is_left_as_read():
    from ocr.extract.arithmetic import amount_from_subtotal

    lines = [item("2", "500", "1300"), item("2", "500", "1300")]  # either could be 1,000
    amount_from_subtotal(lines, Decimal(2300))
    assert [line.amount for line in lines] == [Decimal(1300), Decimal(1300)]


@pytest.mark.parametrize(("printed", "read"), [
    ("20", ("20", "5800", "116000")),  # the quantity printed in a column no caption named, the amount misread
    ("7", (None, "5800", "116900")),  # no printed number explains a misreading: as read
])
def test_a_misread_amount_and_a_quantity_no_caption_named(printed, read):
    from ocr.extract.layout import Token

    line = item(None, "5800", "116900")
    line.cells = {"skip": [Token("2", 1, 0, 0, 10, 10, (0, 0, 10, 10), 95.0),
                           Token(printed, 1, 20, 0, 40, 10, (20, 0, 40, 10), 95.0)]}
    repair_item(line)
    assert (line.quantity, line.unit_price, line.amount) == tuple(None if v is None else Decimal(v) for v in read)


def test_a_price_printed_with_its_thousands_groups_keeps_its_digits():
    from ocr.extract.layout import Token

    line = item("38", "3800", "11400")  # a mark beside the quantity read as an 8
    line.cells = {"unit_price": [Token("\\3.800", 1, 0, 0, 60, 10, (0, 0, 60, 10), 95.0)],
                  "quantity": [Token("38", 1, 70, 0, 90, 10, (70, 0, 90, 10), 95.0)]}
    repair_item(line)
    assert (line.quantity, line.unit_price, line.amount) == (Decimal(3), Decimal(3800), Decimal(11400))


def read_as(line: Item, **cells: tuple[str, float]) -> Item:
    """The line with the words OCR read in its cells: each cell's text and confidence."""
    from ocr.extract.layout import Token

    line.cells = {name: [Token(text, 1, 70 * n, 0, 70 * n + 60, 10, (70 * n, 0, 70 * n + 60, 10), confidence)]
                  for n, (name, (text, confidence)) in enumerate(cells.items())}
    return line


@pytest.mark.parametrize(("confidence", "price"), [(43.0, "3200"), (91.0, "9266")])
def test_a_price_garbled_past_one_misreading_is_the_amount_over_the_quantity(confidence, price):
    line = read_as(item("1", "9266", "3200"), unit_price=("9266", confidence), amount=("3,200", 97.0))
    repair_item(line)
    assert line.unit_price == Decimal(price)  # read cleanly, a price that breaks the line stays for matching to flag


@pytest.mark.parametrize(("confidence", "price"), [(55.0, "420"), (93.0, "42079")])
def test_figures_read_after_a_price_read_unsurely_are_no_part_of_it(confidence, price):
    """'42079' read unsurely for 420 and its 円 beside it (8 × 420 = 3,360): the amount over the
    quantity, whose figures the price starts with; read surely, the price breaks the line as printed."""
    line = read_as(item("8", "42079", "3360"), quantity=("8", 94.0), unit_price=("42079", confidence),
                   amount=("3,360", 67.0 if confidence < 60 else 96.0))
    repair_item(line)
    assert line.unit_price == Decimal(price)


@pytest.mark.parametrize(("price_confidence", "printed"), [(44.0, ("2", "2160")), (93.0, ("2160", "2"))])
def test_a_price_garbled_to_one_digit_is_mended_before_the_quantity(price_confidence, printed):
    """Quantity and price both read as '2' for 2 × 2,160 = 4,320: a garbled price is the amount over
    the quantity, where the quantity would otherwise become the amount over the garble."""
    line = read_as(item("2", "2", "4320"), quantity=("2", 46.0), unit_price=("2", price_confidence),
                   amount=("4,320", 97.0))
    repair_item(line)
    assert (line.quantity, line.unit_price) == tuple(Decimal(v) for v in printed)


@pytest.mark.parametrize(("price_confidence", "price"), [(72.0, "2333"), (97.0, "2933")])
def test_a_price_one_digit_off_the_amount_over_the_quantity_gives_way_when_read_less_surely(price_confidence, price):
    line = read_as(item("1", "2933", "2333"), unit_price=("2,933", price_confidence), amount=("2,333", 94.0))
    repair_item(line)
    assert line.unit_price == Decimal(price)  # read as surely, a price that breaks the line stays for matching to flag


def test_a_quantity_read_weakly_is_mended_before_a_price_read_surely():
    """'2' read weakly for 3 × 20,000 = 60,000: the quantity is the amount over the price, not the
    price (one digit from 30,000) the amount over the misread quantity."""
    line = read_as(item("2", "20000", "60000"), quantity=("2", 36.0), unit_price=("20,000", 96.0),
                   amount=("60,000", 96.8))
    repair_item(line)
    assert (line.quantity, line.unit_price) == (Decimal(3), Decimal(20000))


@pytest.mark.parametrize(("quantity_confidence", "printed"), [(57.0, ("72", "400")), (97.0, ("720", "40"))])
def test_where_two_cells_misreadings_fit_the_one_read_less_surely_is_mended(quantity_confidence, printed):
    """'720' × 400 for 28,800: the quantity with its last digit dropped, or the price with its;
    the cell OCR was less sure of is the misread one."""
    line = read_as(item("720", "400", "28800"), quantity=("720", quantity_confidence), unit_price=("400", 93.0),
                   amount=("28,800", 96.0))
    repair_item(line)
    assert (line.quantity, line.unit_price) == tuple(Decimal(v) for v in printed)


@pytest.mark.parametrize(("amount_confidence", "amount"), [(33.0, "37000"), (91.0, "37.00")])
def test_a_garbled_amount_one_misreading_from_quantity_times_price_is_their_product(amount_confidence, amount):
    """'37.00円' read weakly for 37,000円 (its separator read as a point, a zero lost); read cleanly,
    an amount that breaks the line stays for matching to flag."""
    line = read_as(item("10", "3700", "37.00"), quantity=("10本", 83.0), unit_price=("3,700円", 67.0),
                   amount=("37.00円", amount_confidence))
    repair_item(line)
    assert line.amount == Decimal(amount)


@pytest.mark.parametrize(("subtotal", "discount"), [
    ("31940", ("1", "-2300", "-2300")),  # '-9,300' for the price -2,300, its count lost: one at its amount
    ("25040", (None, "-9300", "-2300")),  # the amounts do not add up: nothing confirms the amount
])
def test_a_line_whose_count_was_lost_and_whose_price_is_one_digit_from_its_amount(subtotal, discount):
    from ocr.extract.arithmetic import mended_by_subtotal

    lines = mended_by_subtotal([item("12", "1820", "21840"), item("4", "3100", "12400"),
                                item(None, "-9300", "-2300")], Decimal(subtotal))
    assert (lines[2].quantity, lines[2].unit_price, lines[2].amount) == tuple(
        None if v is None else Decimal(v) for v in discount)


@pytest.mark.parametrize(("subtotal", "mended"), [
    ("2120.00", ("2", "485.00", "970.00")),  # the subtotal asks 970.00 of it: the amount's digits, pointed
    ("2130.00", ("2", "189.00", "97000")),  # it asks 980.00, other digits: as read
])
def test_a_line_whose_amount_lost_its_point_and_whose_price_was_misread(subtotal, mended):
    """'£97000' for £970.00 beside '£189.00' for £485.00, a count of 2 read right."""
    from ocr.extract.arithmetic import mended_by_subtotal

    lines = [item("2", "189.00", "97000"), item("1", "1150.00", "1150.00")]
    mended_by_subtotal(lines, Decimal(subtotal))
    assert (lines[0].quantity, lines[0].unit_price, lines[0].amount) == tuple(Decimal(v) for v in mended)
