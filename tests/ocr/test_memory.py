"""Supplier memory: learning where a corrected value is printed, and reading the next document there."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ocr import references
from ocr.extract import memory, recall
from ocr.extract.memory import Caption, Placement
from ocr.model import Word
from ocr.reread import Reread
from tests.ocr.builders import page


def statement(total: str, number: str = "OS-0387", issued: str = "2026年10月31日", lines: int = 2,
              grid: tuple[str, str, str] = ("1,000", "100", "1,100")):
    """A supplier's month-end statement: meta at the top right, a grid of totals under captions,
    its lines below; the same layout whatever the figures."""
    rows = [
        (80, [(1200, "請求No."), (1450, number)]),
        (120, [(1200, "締切日"), (1450, issued)]),
        (200, [(100, "神奈川精密フーズ株式会社 御中"), (1200, "株式会社サンプル")]),
        (400, [(100, "今回お買上額"), (500, "消費税額"), (900, "今回ご請求額")]),
        (450, [(120, grid[0]), (520, grid[1]), (920, grid[2])]),
        (600, [(100, "品名"), (900, "数量"), (1100, "単価"), (1350, "金額")]),
    ]
    rows += [(650 + 50 * n, [(100, f"品目 {n}"), (900, "1"), (1100, "500"), (1350, "500")]) for n in range(lines)]
    rows += [(700 + 50 * lines, [(1000, "税込合計"), (1350, total)])]
    return [page(rows)]


def english_letter(total: str, tax: str, rate: str = "10%", remark: str = "(domestic)"):
    return [page([
        (100, [(100, "Invoice AG-00452")]),
        (900, [(800, "Total net"), (1350, "¥9,000")]),
        (940, [(800, f"plus consumption tax {rate} {remark}"), (1350, tax)]),
        (990, [(800, "Invoice amount"), (1350, total)]),
    ])]


def test_learn_finds_the_value_beside_its_caption():
    placement = memory.learn(statement("¥22,000"), "total", D(22000))
    assert placement.captions[0] == Caption(memory.caption_key("税込合計"), "right", 0)
    assert placement.page == 1
    assert 0 < placement.box[0] < placement.box[2] <= 1


def test_a_value_not_on_the_page_teaches_nothing():
    assert memory.learn(statement("¥22,000"), "total", D(23000)) is None
    assert memory.learn(statement("¥22,000"), "doc_type", "invoice") is None  # not a placed field
    assert memory.learn(statement("¥22,000"), "total", None) is None


def test_the_next_document_is_read_where_the_caption_points():
    placement = memory.learn(statement("¥22,000"), "total", D(22000))
    recalled = recall.recall(statement("¥35,500", lines=7), [placement])
    assert recalled["total"].value == D(35500)
    assert recalled["total"].how == "label"
    assert recalled["total"].meta()["source"] == "memory"


@pytest.mark.parametrize(("field", "value", "expected"), [
    ("subtotal", D(1000), D(2000)), ("tax_total", D(100), D(200)), ("total", D(1100), D(2200)),
])
def test_a_grid_of_totals_is_read_under_its_captions(field, value, expected):
    placement = memory.learn(statement("x", grid=("1,000", "100", "1,100")), field, value)
    assert placement.captions[0].direction == "below"
    recalled = recall.recall(statement("x", grid=("2,000", "200", "2,200")), [placement])
    assert recalled[field].value == expected


def test_dates_in_the_era_or_in_kanji_are_found_and_read():
    placement = memory.learn(statement("x", issued="令和8年10月31日"), "issue_date", date(2026, 10, 31))
    assert placement is not None
    assert recall.recall(statement("x", issued="2026年11月30日"), [placement])["issue_date"].value == date(2026, 11, 30)


def test_an_identifier_misread_when_corrected_is_learnt_and_read_in_its_shape():
    # The clerk typed OS-0387 where OCR read 0S-0387: the place is still learnt, and the
    # supplier's numbering (two letters, a dash, four digits) repairs the next misreading.
    placement = memory.learn(statement("x", number="0S-0387"), "document_number", "OS-0387")
    assert placement.shape == "AA-9999"
    recalled = recall.recall(statement("x", number="0S-0393"), [placement])
    assert recalled["document_number"].value == "OS-0393"


def test_a_rate_or_a_remark_after_a_caption_does_not_tie_it_to_one_document():
    placement = memory.learn(english_letter("¥9,900", "¥900"), "tax_total", D(900))
    assert placement.captions[0].label == memory.caption_key("plus consumption tax")
    recalled = recall.recall(english_letter("¥9,720", "¥720", rate="8%", remark="(reduced rate)"), [placement])
    assert recalled["tax_total"].value == D(720)


def test_a_rate_is_never_taken_for_an_amount():
    placement = memory.learn(english_letter("¥9,000", "¥0", rate="0 %"), "tax_total", D(0))
    assert placement.captions[0].label == memory.caption_key("plus consumption tax")


def test_without_its_caption_the_value_is_read_at_its_place():
    placement = Placement("total", 1, (0.84, 0.44, 0.88, 0.46))  # right of 'Invoice amount', no caption known
    recalled = recall.recall(english_letter("¥12,345", "¥0"), [placement])
    assert recalled["total"].value == D(12345)
    assert recalled["total"].how == "position"


def test_nothing_of_the_field_kind_at_the_place_recalls_nothing():
    placement = Placement("issue_date", 1, (0.84, 0.44, 0.88, 0.46))
    assert recall.recall(english_letter("¥12,345", "¥0"), [placement]) == {}


def test_a_placement_survives_its_json():
    placement = memory.learn(statement("¥22,000"), "document_number", "OS-0387")
    assert Placement.from_json(placement.as_json()) == placement
    assert Placement.from_json(placement.as_json() | {"added_later": 1}) == placement


@pytest.mark.parametrize(("text", "shape", "example", "repaired"), [
    ("0S-0393", "AA-9999", "OS-0387", "OS-0393"),
    ("P0-2026-02647", "AA-9999-99999", "PO-2026-02823", "PO-2026-02647"),
    ("INV-O0l2", "AAA-9999", None, "INV-0012"),
    ("INV-0012", "AAA-999", None, "INV-0012"),  # another length: left as read
    ("CBS-00300", "AAA-A9999", "CBS-E0273", "CBS-00300"),  # a run of digits is another numbering
    ("HKO0168", "AA99999", "HK00169", "HK00168"),
    ("08-0393", "AA-9999", "OS-0392", "OS-0393"),  # the supplier's prefix misread whole
    ("6000868", "A999999", "B000812", "B000868"),  # a fax's B read as a 6, its left stroke lost
    ("07-0393", "AA-9999", "OS-0392", "07-0393"),  # a 7 looks like no O: another numbering
    ("OS-9392", "AA-9999", "OS-0401", "OS-0392"),  # a fax's 0 read 9: near the supplier's sequence
    ("2699-0336", "9999-9999", "2609-0300", "2609-0336"),
    ("OS-0399", "AA-9999", "OS-0387", "OS-0399"),  # near as printed: a 9 indeed
    ("INV-0390", "AAA-9999", "INV-0001", "INV-0390"),  # a 0 would move it too little to be a misread
    ("INV-1990", "AAA-9999", "INV-0001", "INV-1990"),
    ("AI2610347", "A/99/9999", "A/26/0344", "A/26/0347"),  # its slashes read as strokes
    ("A/2670347", "A/99/9999", "A/26/0344", "A/26/0347"),
    ("A-2670347", "A-99/9999", None, "A-26/0347"),
    ("26.00593", "99-99999", "26-00584", "26-00593"),  # its dash read as a point
    ("INV_00780", "AAA-99999", None, "INV-00780"),
    ("B0000168", "A999999", "B000160", "B000168"),  # a zero read twice
    ("Bo000168", "A999999", "B000160", "B000168"),  # a zero read twice, once as a letter o
    ("B0001168", "A999999", "B000160", "B000168"),  # a zero or a one read twice: the one in sequence
    ("B0000168", "A999999", "B009160", "B0000168"),  # far from the supplier's numbers: left as read
    ("MCSEI/EXP/26-27/128", "AAAA/AAA/99-99/999", "MCSE/EXP/26-27/123", "MCSE/EXP/26-27/128"),  # a slash read twice
    ("041300", "9999999", "0041308", "0041300"),  # one of two zeros lost
    ("INV-0099", "AAA-99999", "INV-00401", "INV-0099"),  # a zero lost somewhere: far from the supplier's
    ("TS-504275", "AA-A99999", "TS-S04262", "TS-S04275"),  # the S at the head of the digits read 5
    ("T5-504275", "AA-A99999", "TS-S04262", "TS-S04275"),
    ("TS-504275", "AA-A99999", "TS-S09262", "TS-504275"),  # far from the supplier's numbers: as read
    ("2608027", "9999-999", "2608-019", "2608-027"),  # its dash lost
    ("INV00512", "AAA-99999", None, "INV-00512"),
    ("A260347", "A/99/9999", "A/26/0344", "A/26/0347"),  # both slashes lost
    ("26080270", "9999-999", "2608-019", "26080270"),  # a digit more than the shape holds: as read
    ("2608O27", "9999-999", "2608-019", "2608O27"),  # a letter where the shape has none: as read
    ("9034553", "9999999", "0034552", "0034553"),  # a line printer's slashed zero read as 9, 8 or 6
    ("8034553", "9999999", "0034552", "0034553"),
    ("6086553", "9999999", "0034552", "6086553"),  # its zeros so read would not bring it near: as read
    ("TIN2701/651", "AA9999/999", "IN2701/637", "IN2701/651"),  # a speck before it read as a letter
    ("IN2701/6517", "AA9999/999", "IN2701/637", "IN2701/651"),  # ... after it, as a digit
    ("S27021017", "A9999999", "S2701953", "S27021017"),  # its serial grew a digit: in sequence as read
    ("S27019531", "A9999999", "S2701953", "S2701953"),  # ... a speck after the same number: out of sequence
    ("TIN2701/651", "AA9999/999", "IN2709/637", "TIN2701/651"),  # far from the supplier's numbers: as read
    ("2610454", "A9999999", "S2610417", "S2610454"),  # its leading letter lost
    ("00378", "AAA-99999", "INV-00370", "INV-00378"),  # its prefix lost, with the dash after it
    ("2610454", "A9999999", "S2710417", "2610454"),  # far from the supplier's numbers: as read
    ("TIN2701/651", "AA9999/999", "IN2610/372", "IN2701/651"),  # numbered by month: its serial goes on
    ("2701651", "A9999999", "S2610372", "S2701651"),
    ("TIN2701/351", "AA9999/999", "IN2610/372", "TIN2701/351"),  # a later month, a lower serial: as read
    ("TIN2801/651", "AA9999/999", "IN2610/372", "TIN2801/651"),  # over a year on: as read
])
def test_repair_puts_look_alikes_back_where_the_shape_wants_them(text, shape, example, repaired):
    assert references.repair(text, shape, example) == repaired


amounts = st.integers(min_value=1, max_value=9_999_999).map(D)


@settings(max_examples=30, deadline=None)
@given(first=amounts, second=amounts, lines=st.integers(0, 6))
def test_learning_on_one_document_reads_any_other_of_the_layout(first, second, lines):
    placement = memory.learn(statement(f"¥{first:,}"), "total", first)
    assert placement is not None
    assert recall.recall(statement(f"¥{second:,}", lines=lines), [placement])["total"].value == second


def test_a_registration_number_whose_t_ocr_lost_is_still_found_and_read():
    def letter(number: str):
        return [page([(100, [(900, "Reg. no. (JCT)"), (1200, number)])])]

    placement = memory.learn(letter("3319381433295"), "registration_number", "T3319381433295")
    assert placement.captions[0].label == memory.caption_key("Reg. no.")
    assert recall.recall(letter("5484289543244"), [placement])["registration_number"].value == "T5484289543244"
    # its T read as a mark ('£', a quote before it) where the supplier's number is known to stand
    assert recall.recall(letter("'£5484289543244"), [placement])["registration_number"].value == "T5484289543244"


@pytest.mark.parametrize(("read", "confidence", "recalled"), [
    ("T6595011907664", 20.0, "T6575911907664"),  # a fax's two digits misread where the number stands
    ("T6595011907664", 95.0, "T6595011907664"),  # read cleanly: what was printed
    ("T6575911907694", 95.0, "T6575911907694"),  # read cleanly one digit off: printed wrong, a finding
    ("T6575911907694", 20.0, "T6575911907664"),  # the same read unsurely: the supplier's, misread
    ("T6595011907654", 20.0, "T6595011907654"),  # three digits off: another number
])
def test_a_t_number_read_unsurely_two_digits_off_the_suppliers_is_the_suppliers(read, confidence, recalled):
    def letter(number: str, sure: float = 95.0):
        sheet = page([(100, [(900, "Registration No."), (1200, number)])])
        sheet.words = [replace(w, confidence=sure) if w.text == number else w for w in sheet.words]
        return [sheet]

    placement = memory.learn(letter("T6575911907664"), "registration_number", "T6575911907664")
    assert recall.recall(letter(read, confidence), [placement])["registration_number"].value == recalled


class _Rereader:
    """Reads every region as `text`, one word over the region asked for, and keeps what was asked."""

    def __init__(self, *texts: str) -> None:
        self.texts, self.asked = texts, []

    def __call__(self, page, box, kind, text_height):
        self.asked.append((page, box, kind))
        for text in self.texts:
            left, top, right, bottom = (int(v) for v in box)
            yield Reread(text, 90.0, "plain", [Word(text, left, top, right - left, bottom - top, 90.0, 1)])


def test_a_value_the_page_lost_is_read_again_where_it_was_remembered():
    placement = memory.learn(statement("¥22,000"), "document_number", "OS-0387")
    lost = statement("¥35,500", number="")  # a fax's noise over it: OCR read nothing there
    assert recall.recall(lost, [placement]) == {}

    rereader = _Rereader("~~", "OS-0412")  # the first cleaning reads garble, the next the number
    found = recall.read_again(lost, placement, rereader)

    assert (found.value, found.how) == ("OS-0412", "reread")
    [(page, (left, top, right, bottom), kind)] = rereader.asked
    x0, y0, x1, y1 = (share * size for share, size in zip(placement.box, (1600, 2200, 1600, 2200), strict=True))
    assert (page, kind) == (1, "identifier")
    assert left < x0 < x1 < right and top < y0 < y1 < bottom


def test_nothing_of_the_fields_kind_read_again_recalls_nothing():
    placement = memory.learn(statement("¥22,000"), "issue_date", date(2026, 10, 31))
    lost = statement("¥35,500", issued="")
    assert recall.read_again(lost, placement, _Rereader("締切日", "~~")) is None


def test_a_text_layer_is_never_read_again():
    placement = memory.learn(statement("¥22,000"), "document_number", "OS-0387")
    [lost] = statement("¥35,500", number="")
    lost.source = "text-layer"
    rereader = _Rereader("OS-0412")
    assert recall.read_again([lost], placement, rereader) is None
    assert rereader.asked == []


def _guessed(sheets, word: str, confidence: float = 14.0):
    """The pages with OCR's reading of `word` only a guess: garble at low confidence."""
    for sheet in sheets:
        sheet.words = [replace(w, text="ae", confidence=confidence) if w.text == word else w for w in sheet.words]
    return sheets


def test_a_value_ocr_only_guessed_is_learnt_where_a_second_reading_finds_it():
    garbled = _guessed(statement("¥22,000", number="OS-0387"), "OS-0387")
    assert memory.learn(garbled, "document_number", "OS-0387") is None
    rereader = _Rereader("OS-0387")

    placement = recall.learn_guessed(garbled, "document_number", "OS-0387", rereader)

    assert (placement.shape, placement.captions) == ("AA-9999", ())
    [(page, (left, top, _right, _bottom), kind)] = rereader.asked  # only the words OCR guessed
    assert (page, kind) == (1, "identifier") and (left, top) == (1450, 80)
    found = recall.read_again(_guessed(statement("¥35,500", number="OS-0412"), "OS-0412"), placement,
                              _Rereader("OS-0412"))
    assert found.value == "OS-0412"


def test_words_read_surely_or_read_again_as_something_else_teach_nothing():
    sure = statement("¥22,000", number="OS-0387")
    sure[0].words = [replace(w, text="ae") if w.text == "OS-0387" else w for w in sure[0].words]
    rereader = _Rereader("OS-0387")
    assert recall.learn_guessed(sure, "document_number", "OS-0387", rereader) is None
    assert rereader.asked == []
    garbled = _guessed(statement("¥22,000", number="OS-0387"), "OS-0387")
    assert recall.learn_guessed(garbled, "document_number", "OS-0387", _Rereader("08-1234", "~~")) is None


def test_a_text_layers_words_are_never_read_again_to_learn():
    [sheet] = _guessed(statement("¥22,000", number="OS-0387"), "OS-0387", confidence=0.0)
    sheet.source = "text-layer"
    rereader = _Rereader("OS-0387")
    assert recall.learn_guessed([sheet], "document_number", "OS-0387", rereader) is None
    assert rereader.asked == []


def test_a_dollar_sign_read_for_an_s_is_the_s_of_the_suppliers_numbers():
    placement = memory.learn(statement("¥22,000", number="S2609272"), "document_number", "S2609272")
    lost = statement("¥35,500", number="")
    assert recall.read_again(lost, placement, _Rereader("$2610348")).value == "S2610348"


def _facture(issued: str, due: str = "30/11/2026"):
    return [page([
        (100, [(100, "Facture FA-2026-0412")]),
        (160, [(1000, "Date"), (1300, issued)]),
        (200, [(1000, "Échéance"), (1300, due)]),
        (900, [(800, "Total TTC"), (1350, "1 200,00 €")]),
    ])]


def test_a_date_written_day_first_is_learnt_and_read_day_first_on_the_next_document():
    """03/10/2026 on a French bill is 3 October: learnt where it is printed, and the next bill's
    04/11/2026 read as it writes its dates (4 November), not month first."""
    placement = memory.learn(_facture("03/10/2026"), "issue_date", date(2026, 10, 3))
    assert placement is not None
    following = _facture("04/11/2026", due="04/12/2026")

    [in_order] = recall.in_date_order(following, [placement], "EUR")
    assert recall.recall(following, [in_order])["issue_date"].value == date(2026, 11, 4)


@pytest.mark.parametrize(("read", "value", "learnt"), [
    (date(2026, 7, 3), date(2026, 11, 3), True),  # a fax's 11 read as 07
    (date(2026, 7, 8), date(2026, 11, 3), False),  # two parts apart: another date
    (D("22800"), D("22000"), True),
    (D("2200"), D("22000"), True),  # a digit lost
    (D("18000"), D("22000"), False),
    ("OS-O387", "OS-0388", True),
    ("OS-0412", "OS-0387", False),
    ("AI2Z6IN636", "A/26/0636", True),  # a fax's slashes read as strokes, a character read twice
    ("PO-2026-04562", "No.000614", False),  # another number taken for it
])
def test_a_value_ocr_misread_is_learnt_where_it_was_read(read, value, learnt):
    field = {date: "issue_date", D: "total", str: "document_number"}[type(value)]
    placement = memory.learn_misread(statement("¥22,000"), field, value, read, 1, [1450, 80, 1600, 100])
    assert (placement is not None) is learnt
    if learnt:
        assert (placement.page, placement.box, placement.captions) == (1, (0.9062, 0.0364, 1.0, 0.0455), ())


def test_a_number_a_fax_garbled_learnt_by_its_place_gives_the_next_number_in_the_suppliers_shape():
    placement = memory.learn_misread(statement("¥22,000", number="AI2Z6IN636"), "document_number",
                                     "A/26/0636", "AI2Z6IN636", 1, [1450, 80, 1600, 100])
    following = statement("¥35,500", number="AI26/0645")
    assert recall.recall(following, [placement])["document_number"].value == "A/26/0645"


def test_a_misread_date_learnt_by_its_place_reads_the_next_documents_date_there():
    placement = memory.learn_misread(statement("¥22,000", issued="2026/07/03"), "issue_date",
                                     date(2026, 11, 3), date(2026, 7, 3), 1, [1450, 120, 1600, 140])
    following = statement("¥35,500", issued="2026/12/05")
    assert recall.recall(following, [placement])["issue_date"].value == date(2026, 12, 5)
