"""The second look: regions of a page read again, and when extraction asks for it."""

from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr import registration
from ocr.extract import extract_fields
from ocr.extract.second_look import _agreed_number
from ocr.model import Page, Word
from ocr.parse import parse_date
from ocr.reread import reread
from tests.ocr.test_extract import english_invoice

FONTS = Path("/usr/share/fonts")


def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    """A font the install script installs (fonts-dejavu-core, fonts-noto-cjk): a test never skips for one."""
    return ImageFont.truetype(str(next(FONTS.rglob(name))), size)


def _page(text: str, font: ImageFont.FreeTypeFont) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """A white page with one line of black text, and the text's box."""
    image = Image.new("L", (900, 160), 255)
    draw = ImageDraw.Draw(image)
    draw.text((60, 60), text, font=font, fill=0)
    left, top, right, bottom = draw.textbbox((60, 60), text, font=font)
    return np.asarray(image).copy(), (left, top, right, bottom)


def _stamp(gray: np.ndarray, left: int, top: int, size: int, level: int) -> None:
    """A seal stamp: a square frame of `level` grey, its strokes 3 px wide."""
    region = gray[top : top + size, left : left + size]
    frame = np.zeros(region.shape, dtype=bool)
    frame[:3, :] = frame[-3:, :] = frame[:, :3] = frame[:, -3:] = True
    region[frame] = np.minimum(region[frame], level)


T_NUMBER = "T" + str(registration.check_digit("591012843688")) + "591012843688"


@pytest.mark.parametrize("level", [150, 0], ids=["grey stamp", "black stamp"])
def test_a_t_number_under_a_stamp_is_read_again(level: int) -> None:
    gray, (left, top, right, bottom) = _page(T_NUMBER, _font("DejaVuSans.ttf", 22))
    digit = (right - left) / len(T_NUMBER)
    # The stamp's frame crosses the text between the tenth and eleventh digits.
    _stamp(gray, int(left + 11.3 * digit), top - 25, 90, level)
    texts = [r.text for r in reread(gray, (left, top, right, bottom), "registration_number", bottom - top)]
    numbers = {"T" + "".join(c for c in t if c.isdigit())[-13:] for t in texts}
    assert T_NUMBER in numbers or _agreed_number(["".join(c for c in t if c.isdigit()) for t in texts]) == T_NUMBER


@pytest.mark.parametrize("figure", ["177,980", "¥75,702"])
def test_a_figure_under_a_grey_stamp_is_read_first_without_the_stamp(figure: str) -> None:
    """A 'PAID' stamped in grey over a total: read as it is, the stamp's strokes become digits."""
    gray, box = _page(figure, _font("DejaVuSerif-Bold.ttf", 30))
    stamp = Image.new("L", gray.shape[::-1], 255)
    ImageDraw.Draw(stamp).text((box[0] - 100, box[1] - 40), "PAID", font=_font("DejaVuSans-Bold.ttf", 90), fill=150)
    gray = np.minimum(gray, np.asarray(stamp))
    first = next(reread(gray, box, "figures", box[3] - box[1]))
    assert first.text == figure


def test_a_japanese_date_is_read_again() -> None:
    gray, box = _page("2026年11月10日", _font("NotoSansCJK-Regular.ttc", 24))
    readings = list(reread(gray, box, "date", box[3] - box[1]))
    assert parse_date(readings[0].text).isoformat() == "2026-11-10"


def test_readings_come_in_page_pixels() -> None:
    gray, box = _page("INV-00512", _font("DejaVuSans.ttf", 22))
    first = next(reread(gray, box, "identifier", box[3] - box[1]))
    assert first.text == "INV-00512"
    word = first.words[0]
    assert abs(word.left - box[0]) <= 4 and abs(word.top - box[1]) <= 6


def test_extraction_does_not_look_again_when_every_field_passes() -> None:
    asked: list[tuple] = []

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        asked.append((page, box, kind))
        return []

    extraction = extract_fields(english_invoice(), reread=reread)
    assert extraction.fields["registration_number"]
    assert asked == []


def test_a_t_number_read_again_replaces_a_missing_one() -> None:
    pages = english_invoice()
    damaged = T_NUMBER[:9]  # a stamp swallowed the rest
    for page in pages:
        for i, word in enumerate(page.words):
            if registration.normalise(word.text):
                page.words[i] = type(word)(damaged, word.left, word.top, word.width // 2, word.height, 40.0,
                                           word.line)

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        class Reading:
            text = T_NUMBER
            confidence = 90.0
            words: list = []

        return [Reading()] if kind == "registration_number" else []

    assert extract_fields(pages).fields["registration_number"] is None
    assert extract_fields(pages, reread=reread).fields["registration_number"] == T_NUMBER


@pytest.mark.parametrize(
    ("readings", "number"),
    [
        # one digit changed in one reading, lost in another: the one number both are a digit from
        (["9591012843488", "959101284388"], T_NUMBER[1:]),
        # a single damaged reading could be many numbers
        (["9591012843488"], None),
    ],
)
def test_damaged_readings_settle_a_number_together(readings: list[str], number: str | None) -> None:
    assert _agreed_number(readings) == (f"T{number}" if number else None)


def test_a_t_number_several_cleanings_read_alike_is_the_number_as_printed() -> None:
    """Its check digit wrong, read the same by every cleaning: printed so (the matching rules report it)."""
    texts, number = ["1T3927537799550", "13927537799550", "T3927537799550"], "T3927537799550"
    from tests.ocr.builders import page

    wrong = "T3927537799550"
    assert not registration.is_valid(wrong)
    p = page([(384, [(85, "Registered number"), (244, "T392/33//99550")])])
    p.words = [replace(w, confidence=2.0) if w.text.startswith("T392") else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading(t, 0.0) for t in texts] if kind == "registration_number" else []

    assert extract_fields([p], reread=reread).fields["registration_number"] == number


@pytest.mark.parametrize(("sureness", "read_as_printed"), [(90.0, True), (60.0, False)])
def test_a_t_number_read_from_weak_marks_gives_way_to_cleanings_that_read_another_alike_surely(
        sureness: float, read_as_printed: bool) -> None:
    """OCR lost the T and read a 6 as 0 at 24 ('7160912001441'); every cleaning reads the number
    as printed, its check digit wrong, surely: printed so. Read unsurely, the cleanings settle nothing."""
    from tests.ocr.builders import page

    printed, weak = "T7160912061441", "7160912001441"
    assert not registration.is_valid(printed)
    p = page([(381, [(888, "インボイス"), (991, "登録番号"), (1101, weak)])])
    p.words = [replace(w, confidence=24.0) if w.text in ("登録番号", weak) else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading(printed, sureness)] * 3 if kind == "registration_number" else []

    first = extract_fields([p]).fields["registration_number"]
    assert first != printed
    assert extract_fields([p], reread=reread).fields["registration_number"] == (printed if read_as_printed else first)


def test_a_table_row_between_rules_is_read_again_as_japanese() -> None:
    """A description cell cut out with the rules of its table row above and below it."""
    font = _font("NotoSansCJK-Regular.ttc", 18)
    image = Image.new("L", (900, 160), 255)
    draw = ImageDraw.Draw(image)
    draw.text((60, 60), "ホッチキス 大型", font=font, fill=0)
    box = draw.textbbox((60, 60), "ホッチキス 大型", font=font)
    for y in (box[1] - 9, box[3] + 9):
        draw.line((0, y, 900, y), fill=170, width=2)
    readings = list(reread(np.asarray(image).copy(), box, "description", box[3] - box[1]))
    assert "ホッチキス大型" in readings[0].text.replace(" ", "")


def _reading(text: str, confidence: float, words: list | None = None):
    """A reading of `text`; its words 20 px tall from x = 120, a space apart, unless given."""
    class Reading:
        pass

    if words is None:
        words, left = [], 120
        for part in text.split():
            words.append(Word(part, left, 250, 14 * len(part), 20, confidence, 1))
            left += 14 * len(part) + 10
    r = Reading()
    r.text, r.confidence, r.words = text, confidence, words
    return r


def _pages_with_document_number(number: str) -> list:
    pages = english_invoice()
    pages[0].words.append(type(pages[0].words[0])("Invoice", 1000, 250, 70, 20, 95.0, 50))
    pages[0].words.append(type(pages[0].words[0])("No.", 1080, 250, 30, 20, 95.0, 50))
    pages[0].words.append(type(pages[0].words[0])(number, 1150, 250, 120, 20, 90.0, 50))
    return pages


@pytest.mark.parametrize(
    ("readings", "number"),
    [
        ([("SI 2026/0263", 88.0)], "SI/2026/0263"),  # a sure reading, its slash lost
        ([("S1/2026/0263", 90.0), ("SI/2026/0263", 60.0), ("SV/2026/0263", 50.0)], "S1/2026/0263"),
        ([("05-0844-!", 60.0), ("05-0844-!", 55.0)], "05-0844-I"),  # two unsure readings agree
    ],
)
def test_a_one_where_a_letter_i_may_stand_needs_a_sure_reread(readings: list, number: str) -> None:
    value = "S1/2026/0263" if number.startswith("S") else "05-0844-1"

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading(t, c) for t, c in readings] if kind == "identifier" else []

    assert extract_fields(_pages_with_document_number(value), reread=reread).fields["document_number"] == number


def _stacked_header(*, garbled: str, confidence: float):
    """Captions over values in a left column, the first caption and its number garbled into one
    weak word, beside the supplier's name (garbled too) far to the right."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([
        (250, [(120, garbled), (890, "eee")]),
        (330, [(120, "請求年月日")]), (360, [(120, "2026年9月27日")]),
        (400, [(120, "お支払い期限")]), (440, [(120, "2026年10月31日")]),
        (490, [(120, "注文No.")]), (520, [(120, "PO-2026-05750")]),
        (1000, [(120, "品名"), (600, "数量"), (800, "単価"), (1000, "金額")]),
        (1050, [(120, "ボルト"), (600, "2"), (800, "1,000"), (1000, "2,000")]),
    ])
    p.words = [replace(w, confidence=confidence) if w.text in (garbled, "eee") else w for w in p.words]
    return [p]


@pytest.mark.parametrize(("text", "confidence", "number"), [
    ("2609-0336", 91.0, "2609-0336"),  # read cleanly alone: the caption's value
    ("2609-0336", 60.0, None),  # read unsurely: no caption vouches for it
    ("請求 2609", 92.0, None),  # more than one reference
])
def test_a_number_under_a_caption_ocr_lost_is_read_again_in_its_own_column(text, confidence, number) -> None:
    boxes = []

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        boxes.append(box)
        return [_reading(text, confidence)] if kind == "text" and box[2] < 700 else []

    fields = extract_fields(_stacked_header(garbled="ae", confidence=30.0), reread=reread).fields
    assert fields["document_number"] == number
    assert fields["po_number"] == "PO-2026-05750"
    assert any(b[0] < 200 and b[2] < 700 for b in boxes)  # the stretch stops short of the next column


def test_a_dates_year_under_a_captions_second_language_is_no_number() -> None:
    """Captions under their values; the number over its bilingual caption garbled past reading.
    Under the caption stands the next entry's date, its year under the caption's English words:
    a date is never cut, and its year is no invoice number."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([
        (257, [(120, "ae")]),
        (286, [(124, "ご請求 No"), (240, "Inv. Number")]),
        (339, [(150, "Sep 29, 2026")]),
        (367, [(123, "作成日 Date of issue")]),
        (421, [(121, "Oct 31, 2026")]),
        (450, [(123, "お支払期日 Due date")]),
    ])
    p.words = [replace(w, confidence=40.0) if w.text == "ae" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading("ae", 40.0)]

    fields = extract_fields([p], reread=reread).fields
    assert (fields["document_number"], fields["issue_date"]) == (None, "2026-09-29")


def test_a_number_read_again_keeps_apart_from_the_garble_of_the_next_column() -> None:
    """The stretch read again runs on into the garbled supplier name far right: the number in
    the labels' column is still read alone."""
    words = [Word("2609-0336", 120, 250, 140, 21, 90.0, 1), Word("se", 890, 240, 110, 60, 40.0, 1),
             Word("else", 1010, 240, 240, 60, 0.0, 1)]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading("2609-0336 se else", 43.0, words)] if kind == "text" else []

    fields = extract_fields(_stacked_header(garbled="ae", confidence=30.0), reread=reread).fields
    assert fields["document_number"] == "2609-0336"


@pytest.mark.parametrize(("second", "number"), [
    (("2609-0336", 91.0), "2609-0336"),  # the next cleaning reads the number
    (("2609-0336", 60.0), None),  # ... but not surely
])
def test_a_garbled_row_that_read_as_nothing_is_read_with_the_next_cleaning(second, number) -> None:
    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading("ae ee", 20.0), _reading(*second)] if kind == "text" and box[2] < 700 else []

    fields = extract_fields(_stacked_header(garbled="ae", confidence=30.0), reread=reread).fields
    assert fields["document_number"] == number


def test_a_later_cleanings_date_without_a_caption_is_not_the_issue_date() -> None:
    """Only the first reading of a garbled stretch may give the issue date without a caption: a
    later cleaning's date is no surer than the garble (it is as likely the due date misread)."""
    pages = _stacked_header(garbled="ae", confidence=30.0)
    pages[0].words = [w for w in pages[0].words if w.top not in (330, 360)]
    for first, issue in ((("2026年9月27日", 80.0), "2026-09-27"), (("ae ee", 20.0), None)):
        def reread(page: int, box: tuple, kind: str, height: float, first=first) -> list:
            if kind != "text" or box[2] >= 700:
                return []
            return [_reading(*first), _reading("2026年9月27日", 80.0)]

        assert extract_fields(pages, reread=reread).fields["issue_date"] == issue


@pytest.mark.parametrize(("text", "issue"), [
    ("〒920-0853 石川県金沢市本町3-28-11", None),  # an address: its block number parses as 2011-03-28
    ("2026年9月27日 〒222-0033", "2026-09-27"),  # a date beside a postal code is a date still
])
def test_an_address_read_again_gives_no_issue_date(text, issue) -> None:
    pages = _stacked_header(garbled="ae", confidence=30.0)
    pages[0].words = [w for w in pages[0].words if w.top not in (330, 360, 400, 440)]  # no date read

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading(text, 80.0)] if kind == "text" and box[2] < 700 else []

    assert extract_fields(pages, reread=reread).fields["issue_date"] == issue


def test_a_garbled_caption_read_again_brings_its_garbled_value_from_the_column_beyond() -> None:
    """Captions in a left column, their values in another further right; OCR garbled the first
    caption and its value, each on its own side of the column gap."""
    from dataclasses import replace

    from ocr.model import Word
    from tests.ocr.builders import page

    p = page([
        (226, [(131, "Betmate No.2"), (585, "Qa1oe"), (1000, "Old Harbour Provisions Inc.")]),
        (266, [(131, "Date:"), (585, "3 October 2026")]),
        (306, [(131, "Valid through:"), (585, "2 December 2026")]),
        (900, [(120, "Description"), (800, "Qty"), (1000, "Unit price"), (1200, "Amount")]),
        (950, [(120, "Soy sauce"), (800, "1"), (1000, "2,800"), (1200, "2,800")]),
    ])
    p.words = [replace(w, confidence=20.0) if w.text in ("Betmate", "No.2", "Qa1oe") else w for w in p.words]
    caption = [Word("Estimate", 131, 226, 80, 20, 92.0, 1), Word("No.:", 215, 226, 40, 20, 92.0, 1)]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind not in ("text", "text_latin"):
            return []
        if box[2] < 500:
            return [_reading("Estimate No.:", 92.0, caption)]
        return [_reading("Estimate No.: Q2610-442", 92.0, caption + [Word("Q2610-442", 585, 226, 100, 20, 92.0, 1)])]

    assert extract_fields([p], reread=reread).fields["document_number"] == "Q2610-442"


@pytest.mark.parametrize(("caption", "value", "number"), [
    (("Invoice Ref.", 96.0), ("26-0511", 96.0), "26-0511"),  # both read again, surely
    (("Invoice Ref.", 96.0), ("26-05I1", 40.0), None),  # the value read again, unsurely
    (("No.", 96.0), ("26-0511", 96.0), None),  # a bare 'No.' vouches for nothing over it
])
def test_a_garbled_caption_under_its_garbled_value_is_read_again_with_it(caption, value, number) -> None:
    """Captions printed under their values; OCR garbled the first value to one letter and its
    caption to a weak word: the caption read again names the field, the value over it is read
    again in the caption's column."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([
        (264, [(132, "a")]), (300, [(140, "es")]),
        (348, [(132, "12 Dec 2026")]), (384, [(132, "Tax point")]),
        (432, [(132, "20 Jan 2027")]), (468, [(132, "Balance due by")]),
        (900, [(120, "Description"), (800, "Qty"), (1000, "Unit price"), (1200, "Amount")]),
        (950, [(120, "Soy sauce"), (800, "1"), (1000, "2,800"), (1200, "2,800")]),
    ])
    p.words = [replace(w, confidence=10.0) if w.text in ("a", "es") else w for w in p.words]
    caption_words = [Word(t, 140 + 70 * i, 300, 60, 13, caption[1], 1) for i, t in enumerate(caption[0].split())]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "text":
            return []
        if box[1] > 280:
            return [_reading(caption[0], caption[1], caption_words)]
        return [_reading(value[0], value[1], [Word(value[0], 132, 264, 120, 13, value[1], 1)])]

    fields = extract_fields([p], reread=reread).fields
    assert (fields["document_number"], fields["issue_date"]) == (number, "2026-12-12")


@pytest.mark.parametrize(("value", "number"), [(("2612-0751", 91.0), "2612-0751"), (("2612-0751", 60.0), None)])
def test_a_caption_read_cleanly_over_its_garbled_value_reads_the_value_again(value, number) -> None:
    """Captions over their values; OCR read the number's caption but garbled the number under it
    to a digit: the number is read again in the caption's column, taken when read surely."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([
        (228, [(124, "請求番号/Inv No.")]), (288, [(123, "2")]),
        (336, [(124, "伝票日付 / Invoice Date")]), (360, [(123, "2026年12月6日")]),
        (900, [(120, "Description"), (800, "Qty"), (1000, "Unit price"), (1200, "Amount")]),
        (950, [(120, "Soy sauce"), (800, "1"), (1000, "2,800"), (1200, "2,800")]),
    ])
    p.words = [replace(w, confidence=46.0) if w.text == "2" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "text":
            return []
        if box[1] > 270:
            return [_reading(value[0], value[1], [Word(value[0], 124, 288, 140, 19, value[1], 1)])]
        return [_reading("請求番号/Inv No.", 92.0)]

    assert extract_fields([p], reread=reread).fields["document_number"] == number


def test_a_caption_after_a_garbled_word_has_its_garbled_date_over_it_read_again() -> None:
    """A sidebar of values over captions in two languages; OCR garbled the due date's era
    ('IB' for 令和8年) and its caption's first and last words ('AD' '振込期限' 'le' for
    お振込期限 Due by). Read again, the caption row reads unsurely: the caption found inside
    the row, as the first look found it, has its date over it read again."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([
        (363, [(123, "26-00402")]), (392, [(130, "インボイスNo. Invoice Number")]),
        (441, [(123, "令和8年11月22日")]), (470, [(125, "作成日付 Issue date")]),
        (526, [(124, "IB"), (223, "12月22日"), (568, "御請求金額 Amount payable"), (1068, "¥10,835-")]),
        (552, [(124, "AD"), (143, "TRICIAPR"), (271, "le")]),
        (602, [(123, "PO-2026-06133")]), (630, [(124, "注文番号 Purchase order ref.")]),
        (900, [(120, "品名"), (800, "数量"), (1000, "単価"), (1200, "金額")]),
        (950, [(120, "ボルト"), (800, "5"), (1000, "1,970"), (1200, "9,850")]),
    ])
    unsure = {"IB": 31.0, "AD": 45.0, "TRICIAPR": 0.0, "le": 63.0}
    p.words = [replace(w, confidence=unsure[w.text]) if w.text in unsure else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if not kind.startswith("text") and not kind.startswith("date"):
            return []
        if 535 < box[1] < 560 and box[2] < 240:  # the caption's guessed word
            return [_reading("振込期限", 84.0, [Word("振込期限", 143, 552, 80, 20, 84.0, 1)])]
        if 535 < box[1] < 560:
            return [_reading("SHAMIL Dueby 。", 56.0, [Word("SHAMIL", 137, 545, 80, 16, 27.0, 1),
                                                      Word("Dueby", 271, 545, 60, 16, 87.0, 1)])]
        if 500 < box[1] < 535:  # the date: its era alone where only the era's garble is read
            whole = box[2] > 260
            text = "令和8年12月22日" if whole else "令和8年"
            return [_reading(text, 92.0, [Word(text, 124, 526, 190 if whole else 60, 22, 92.0, 1)])]
        return []

    assert extract_fields([p], reread=reread).fields["due_date"] == "2026-12-22"


@pytest.mark.parametrize(("caption", "number", "beside"), [
    ("請求書番号", "26-00275", []),
    ("お支払期限", None, []),
    # a title in large print far right OCR read as one line with it: the row is tall, the number not
    ("請求書番号", "26-00275", [(900, "##御請求書")]),
])
def test_a_number_whose_caption_ocr_did_not_see_is_named_by_its_caption_read_again(caption, number, beside) -> None:
    """Values over their captions, the seller's T-number over them; OCR read the first value but
    nothing of its caption under it. The strip under it, read again, names its field: the
    document number's caption makes it the document number; another field's caption, nothing."""
    from tests.ocr.builders import page

    p = page([
        (189, [(136, "三栄環境サービス株式会社")]), (215, [(137, "〒730-0031")]),
        (253, [(134, "広島県広島市中区紙屋町5-6-6")]), (278, [(134, "TEL 039-412-8445")]),
        (355, [(135, "登録番号"), (244, T_NUMBER), (555, "神奈川精密フーズ株式会社経理部 御中")]),
        (411, [(134, "26-00275"), *beside]), (460, [(555, "下記のとおりご請求申し上げます。")]),
        (493, [(134, "2026-10-28")]), (529, [(136, "発行年月日")]),
        (551, [(582, "ご請求金額"), (1045, "¥603,328")]),
        (575, [(134, "2026-11-27")]), (608, [(136, "お支払期限")]),
        (653, [(136, "PO-2026-06057")]), (699, [(135, "御社発注No.")]),
        (900, [(120, "品名"), (800, "数量"), (1000, "単価"), (1200, "金額")]),
        (950, [(120, "ボルト"), (800, "8"), (1000, "64,400"), (1200, "515,200")]),
    ])

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind.startswith("text") and box[1] <= 440 <= box[3] and box[0] < 140:
            return [_reading(caption, 90.0, [Word(caption, 136, 447, 100, 20, 90.0, 1)])]
        return []

    assert extract_fields([p], reread=reread).fields["document_number"] == number


def test_the_sellers_t_number_read_again_without_its_t_is_no_document_number() -> None:
    """A photo's 'インボイス登録番号 Registered number: T6407545803235' and, under it, the invoice
    number whose caption OCR lost: the second look reads the T-number's row as 'number :
    6407545803235', its T lost. That is the seller's registration, not the document's number,
    which the next stretch read again gives. (Boxes as read.)"""
    boxes = [
        ("株式会社大和包装", 120, 139, 262, 35), ("請求明細書", 858, 142, 238, 51), ("INVOICE", 1112, 147, 214, 42),
        ("〒730-0031", 123, 189, 92, 16), ("広島県広島市中区紙屋町7-24-17", 121, 212, 271, 33),
        ("TEL", 120, 252, 31, 16), ("027-678-3795", 163, 252, 116, 16),
        ("インボイス登録番号", 124, 270, 175, 36), ("Registered", 308, 270, 88, 36),
        ("神奈川精密フーズ株式会社経理部", 486, 274, 419, 36), ("御中", 934, 277, 52, 28),
        ("number", 121, 312, 84, 18), (":", 203, 310, 10, 24), (T_NUMBER, 219, 314, 148, 16),
        ("2600224", 366, 390, 66, 13),
        ("作成日", 121, 420, 49, 19), ("Issue", 174, 420, 28, 19), ("date", 208, 420, 28, 19),
        ("2026.10.11", 358, 424, 73, 13),
        ("お支払", 122, 457, 50, 14), ("期日Due", 182, 458, 43, 12), ("by", 231, 457, 14, 16),
        ("2026.11.20", 356, 458, 76, 13),
        ("Your", 213, 492, 32, 12), ("PO", 252, 492, 19, 12), ("PO-2026-03820", 320, 488, 112, 20),
        ("品名", 120, 700, 40, 20), ("数量", 800, 700, 40, 20), ("単価", 1000, 700, 40, 20),
        ("金額", 1200, 700, 40, 20),
        ("ボルト", 120, 750, 60, 20), ("8", 800, 750, 10, 20), ("64,400", 1000, 750, 60, 20),
        ("515,200", 1200, 750, 70, 20),
    ]
    confidence = {"2600224": 22.0}
    words = [Word(text, x, y, w, h, confidence.get(text, 92.0), n) for n, (text, x, y, w, h) in enumerate(boxes)]
    p = Page(number=1, width=1427, height=2142, words=words)

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind.startswith("text") and box[1] <= 320 <= box[3]:
            return [_reading("number : " + T_NUMBER[1:], 84.0, [Word("number", 120, 312, 75, 19, 84.0, 1),
                    Word(":", 202, 315, 4, 14, 84.0, 1), Word(T_NUMBER[1:], 218, 313, 150, 17, 84.0, 1)])]
        if kind.startswith("text") and box[1] <= 395 <= box[3]:
            return [_reading("26-00224", 91.0, [Word("26-00224", 366, 389, 66, 14, 91.0, 1)])]
        return []

    assert extract_fields([p], reread=reread).fields["document_number"] == "26-00224"


@pytest.mark.parametrize(("caption", "number"), [
    ("Reference", "IN2609/250"),  # a generic caption, naming the document number only
    ("Invoice No.", "IN2609/250"),
    ("Delivery", None),
])
def test_a_stack_top_value_beside_a_large_name_is_named_by_its_caption_read_again(caption, number) -> None:
    """A stack of values under their captions on the right, the seller's name in large type and
    its address on the left on the same rows; the first value's caption, level with the name, was
    garbled by OCR into the name's line. The strip over the value, read again, names it."""
    from tests.ocr.builders import page

    p = page([
        (180, [(700, "##Invoice")]),
        (270, [(98, "##Old Harbour Office Supply Corporation"), (855, "="), (884, '®"renee')]),
        (335, [(100, "4-3-12 Ichibancho, Aoba-ku"), (884, "IN2609/250")]),
        (373, [(102, "Sendai 980-0811, Japan"), (889, "Invoice Date")]),
        (412, [(100, "Tel. +81 3 203-9340"), (886, "2026-09-25")]),
        (452, [(888, "Due date")]),
        (489, [(887, "2026-11-30")]),
        (530, [(102, "Kanagawa Precision Foods Co., Ltd."), (889, "PO No.")]),
        (569, [(100, "Accounts Payable"), (888, "PO-2026-04134")]),
        (900, [(120, "Item"), (800, "Qty"), (1000, "Price"), (1200, "Amount")]),
        (950, [(120, "Office chair"), (800, "8"), (1000, "64,400"), (1200, "515,200")]),
    ])
    garbled = {"=": 24.0, '®"renee': 9.0}
    p.words = [replace(w, confidence=garbled[w.text]) if w.text in garbled else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind.startswith("text") and box[1] <= 300 <= box[3] and box[0] > 800:
            return [_reading(caption, 90.0, [Word(caption, 884, 300, 14 * len(caption), 20, 90.0, 1)])]
        return []

    assert extract_fields([p], reread=reread).fields["document_number"] == number


def test_a_value_read_as_a_generic_caption_under_its_caption_is_read_again() -> None:
    """A number printed with its 'No.' under its caption, OCR's reading of it garble that looks
    like a caption ('NO' at 37 for No.000627), the seller's name garbled on the caption's row far
    right: the value under the caption is read again, no other caption."""
    from tests.ocr.builders import page

    p = page([
        (160, [(1222, "##INVOICE")]),
        (252, [(154, "請求書No./ Invoice Number"), (887, "##株式会社姜和クリcueシン")]),
        (296, [(153, "NO"), (890, "〒980-0811 宮城県仙台市青葉区一番町5")]),
        (343, [(153, "請求日 / Date"), (886, "TEL 013-224-4769")]),
        (381, [(153, "2026/12/10")]),
        (509, [(154, "注文No./ Your PO")]),
        (554, [(152, "PO-2026-03840")]),
        (1092, [(166, "品名 Particulars"), (929, "個数"), (1078, "単価"), (1360, "金額")]),
        (1139, [(167, "ハンドソープ詰替2L"), (996, "2"), (1187, "1,280"), (1419, "2,560")]),
    ])
    garbled = {"NO": 37.0, "株式会社姜和クリcueシン": 0.0}
    p.words = [replace(w, confidence=garbled[w.text]) if w.text in garbled else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind.startswith("text") and 285 < box[1] < 305 and box[0] < 200:
            return [_reading("No.000627", 90.0, [Word("No.000627", 153, 296, 140, 20, 90.0, 1)])]
        if kind.startswith("text"):
            return [_reading("ーー RASA YY ( )", 26.0)]
        return []

    assert extract_fields([p], reread=reread).fields["document_number"] == "No.000627"


def test_a_value_lost_from_its_captions_line_is_read_in_the_column_of_the_other_values() -> None:
    """A key/value box: captions on the left, their values in a column further right; OCR read
    the document number into the seller's name printed large beside it, so nothing follows its
    caption. Read again in the values' column, on the caption's line, it is the number."""
    from tests.ocr.builders import page

    p = page([
        (166, [(591, "##請求書 Invoice")]),
        (269, [(121, "請求書番号 Document No.:")]),
        (315, [(121, "作成日付 Date of issue:"), (605, "2026-10-06"), (886, "〒330-0854")]),
        (360, [(121, "支払期日 Payment due:"), (605, "2026-11-05"), (886, "TEL 074-466-8507")]),
        (407, [(121, "注文番号 Order ref:"), (603, "PO-2026-07078")]),
        (726, [(136, "内容 Details"), (900, "数量"), (1100, "単価"), (1300, "金額")]),
        (786, [(138, "コンベアベルト"), (900, "2"), (1100, "12,000"), (1300, "24,000")]),
    ])
    caption = [Word("請求書番号", 121, 269, 100, 20, 93.0, 1), Word("Document", 278, 269, 112, 20, 93.0, 1),
               Word("No.", 411, 269, 40, 20, 93.0, 1)]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if not kind.startswith("text") or not box[1] <= 279 <= box[3]:
            return []
        if box[0] < 200:
            return [_reading("請求書番号 Document No.", 93.0, caption)]
        if 560 < box[0] < 620:
            return [_reading("26-00171", 90.0, [Word("26-00171", 605, 269, 112, 20, 90.0, 1)])]
        return []

    assert extract_fields([p], reread=reread).fields["document_number"] == "26-00171"


@pytest.mark.parametrize("due_read", ["2026.12.27", "1026.12.27"])
def test_a_row_of_captions_has_each_of_its_garbled_dates_read_again(due_read) -> None:
    """A row of captions over a row of values; OCR garbled both dates under their captions. Read
    again, each caption has its own value read in its column: the issue date, and the due date
    too. A year misread in the one read again is the other's ('1026' for 2026)."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([
        (173, [(105, "御見積書"), (387, "QUOTE")]),
        (382, [(177, "見積No. Quote No."), (490, "見積日 Quote date"), (774, "SLANG"), (894, "Valid until"),
               (1063, "登録番号 Registered number")]),
        (431, [(212, "M000438"), (514, "2096"), (571, "11.27"), (821, "2026"), (879, "19"), (908, "97"),
               (1098, T_NUMBER)]),
        (575, [(117, "品名"), (763, "単価"), (928, "個数"), (1199, "税抜金額")]),
        (620, [(118, "ポリ手袋"), (867, "480"), (972, "2"), (1294, "960")]),
    ])
    weak = {"2096": 88.0, "SLANG": 6.0, "2026": 65.0, "19": 51.0, "97": 51.0}
    p.words = [replace(w, confidence=weak[w.text]) if w.text in weak else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind.startswith("text") and 375 < box[1] < 390 and box[2] - box[0] > 300:  # the captions, as garbled
            words = [Word(text, x, 382, 14 * len(text), 20, confidence, 1) for text, x, confidence in
                     [("見積日", 490, 92.0), ("Quote", 553, 92.0), ("date", 612, 89.0), ("SLANG", 774, 6.0),
                      ("Valid", 894, 68.0), ("until", 942, 43.0)]]
            return [_reading(" ".join(w.text for w in words), 65.0, words)]
        if not kind.startswith("text") or not 415 < box[1] < 440:
            return []
        if box[0] < 600 < box[2] and box[2] < 800:
            return [_reading("2026.11.27", 92.0, [Word("2026.11.27", 514, 431, 120, 20, 92.0, 1)])]
        if box[0] < 850 < box[2]:  # (with the T-number beyond it, where the crop reaches it)
            words = [Word(due_read, 821, 431, 120, 20, 90.0, 1)]
            words += [Word(T_NUMBER, 1098, 431, 140, 20, 90.0, 1)] if box[2] > 1100 else []
            return [_reading(" ".join(w.text for w in words), 90.0, words)]
        return []

    fields = extract_fields([p], reread=reread).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2026-11-27", "2026-12-27")


@pytest.mark.parametrize(("day_mark", "figures", "issued"), [
    (("由", 0.0), 86.0, "2026-11-16"),  # the 日 misread, the figures sure: the date
    (("日", 92.0), 86.0, "2026-11-16"),  # the 日 read, a speck after it not
])
def test_a_date_read_again_is_sure_when_its_figures_are(day_mark, figures, issued) -> None:
    """A fax's grid: captions under their values, the issue date garbled past parsing. Read
    again, its figures come out surely and its 日 as another kanji, with the next column's
    year run on after it."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([
        (460, [(199, "2611-0605"), (480, "2V207F14A408")]),
        (518, [(170, "請求番号 Bill No."), (430, "発行年月日 Billing date")]),
        (900, [(120, "Description"), (800, "Qty"), (1000, "Unit price"), (1200, "Amount")]),
        (950, [(120, "Soy sauce"), (800, "1"), (1000, "2,800"), (1200, "2,800")]),
    ])
    p.words = [replace(w, confidence=9.0) if w.text == "2V207F14A408" else w for w in p.words]
    parts = [("2026", figures), ("年", 70.0), ("11", figures), ("月", 86.0), ("16", figures), day_mark, ("。", 0.0),
             ("2026", 49.0)]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "text" or box[0] < 400:
            return []
        if box[1] > 500:  # the caption, read as before
            return [_reading("発行年月日 Billing date", 90.0, [Word("発行年月日", 430, 518, 110, 20, 90.0, 1),
                                                            Word("Billing", 550, 518, 70, 20, 90.0, 1),
                                                            Word("date", 630, 518, 40, 20, 90.0, 1)])]
        # The next column's year, a column's gap after the date.
        words = [Word(text, 480 + 30 * i + 120 * (i == len(parts) - 1), 466, 26, 20, confidence, 1)
                 for i, (text, confidence) in enumerate(parts)]
        return [_reading(" ".join(text for text, _ in parts), 60.0, words)]

    assert extract_fields([p], reread=reread).fields["issue_date"] == issued


def test_a_value_and_its_caption_run_into_one_box_are_read_a_line_at_a_time() -> None:
    """Captions under their values, in small print; OCR ran the first value and its caption into
    one tall garbled box beside the supplier's big name. Read at the box's height it is garble;
    at the height of the captions in its column, its first line is the number."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([
        (275, [(104, "##PP"), (889, "##合同会社千代田パック")]),
        (350, [(102, "##2026年12月21日")]), (391, [(103, "見積年月日")]),
        (432, [(102, "##2027年1月20日")]), (473, [(104, "お見積有効期限")]),
        (397, [(890, "##インボイス登録番号"), (1200, "T3704934712272")]), (440, [(890, "##TEL 070-900-3028")]),
        (544, [(102, "##得意先コード")]), (600, [(102, "26680")]),
        (900, [(120, "品名"), (800, "数量"), (1000, "単価"), (1200, "金額")]),
        (950, [(120, "ボルト"), (800, "2"), (1000, "1,000"), (1200, "2,000")]),
    ])
    p.words = [replace(w, confidence=13.0, height=54) if w.text == "PP" else w for w in p.words]
    heights = []

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "text" or not 260 < box[1] < 290:
            return []
        heights.append(height)
        if height > 30:
            return [_reading("ae", 25.0)]
        return [_reading("M-00795", 91.0, [Word("M-00795", 104, 278, 110, 22, 91.0, 1)])]

    assert extract_fields([p], reread=reread).fields["document_number"] == "M-00795"
    assert heights[0] > 30 and heights[-1] <= 25


def test_a_date_read_surely_that_lost_a_figure_is_read_again() -> None:
    """Values over their captions; OCR read the issue date cleanly but lost its month
    ('令和8年月20日'): read again, its month comes back."""
    from tests.ocr.builders import page
    from tests.ocr.test_header_fields import _captions_under_dates

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind == "text" and 440 < box[1] < 470:
            return [_reading("令和 8 年 11 月 20 日", 92.0, [Word("令和8年11月20日", 152, 456, 200, 20, 92.0, 1)])]
        if kind == "text" and 480 < box[1] < 500:  # the caption, read as before
            return [_reading("伝票日付", 93.0, [Word("伝票日付", 154, 490, 80, 20, 93.0, 1)])]
        return []

    fields = extract_fields([page(_captions_under_dates("令和8年月20日"))], reread=reread).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2026-11-20", "2027-01-31")


@pytest.mark.parametrize(("rows", "caption", "lost_at"), [
    # captions over their values: the number under its caption
    ([(252, [(103, "請求書No."), (890, "富士見包装株式会社")]), (336, [(103, "作成日付")]),
      (372, [(102, "2026-10-15")])],
     (252, "請求書No. 富士見包装株式会社"), (103, 290)),
    # captions under their values: the number over its caption, the next caption's date under it
    ([(252, [(103, "富士見包装株式会社")]), (336, [(890, "請求書No.")]), (372, [(890, "2026-10-15")]),
      (408, [(890, "作成日付")])],
     (336, "請求書No."), (890, 300)),
], ids=["under", "over"])
def test_a_caption_with_nothing_read_on_one_side_of_it_has_the_strip_there_read_again(rows, caption, lost_at):
    """OCR read the number's caption and nothing at all of the number beside it in its column."""
    from tests.ocr.builders import page

    p = page([*rows,
              (900, [(120, "Description"), (800, "Qty"), (1000, "Unit price"), (1200, "Amount")]),
              (950, [(120, "Soy sauce"), (800, "1"), (1000, "2,800"), (1200, "2,800")])])
    (caption_y, caption_text), (x, y) = caption, lost_at

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "text":
            return []
        if box[1] <= caption_y + 5 <= box[3]:
            return [_reading(caption_text, 90.0)]
        if box[1] <= y + 10 <= box[3]:
            return [_reading("2610-0393", 91.0, [Word("2610-0393", x, y, 120, 20, 91.0, 1)])]
        return []

    assert extract_fields([p], reread=reread).fields["document_number"] == "2610-0393"


def test_a_t_number_lost_over_its_caption_is_read_again_there() -> None:
    """A sidebar of captions under their values: OCR garbled the T-number over its caption."""
    from tests.ocr.builders import page

    p = page([
        (100, [(150, "朝日工業株式会社"), (570, "御請求書")]),
        (300, [(150, "26-00628")]), (330, [(150, "請求 NO")]),
        (600, [(150, "oe")]), (630, [(150, "登録番号")]),
        (900, [(580, "品名"), (980, "数量"), (1140, "単価"), (1460, "金額")]),
        (950, [(580, "出張費"), (980, "20"), (1140, "12,800"), (1440, "256,000")]),
    ])
    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind == "registration_number" and box[3] <= 630 and box[1] >= 580:
            return [_reading(T_NUMBER, 89.0)]
        return []

    assert extract_fields([p], reread=reread).fields["registration_number"] == T_NUMBER


def test_a_t_number_beside_a_caption_in_two_languages_is_read_again_to_its_end() -> None:
    """'インボイス登録番号 Qualified invoice issuer no.' on one row of a key/value box, the number
    far right in the values' column, garbled in two pieces ('14/0/' '09553829'): read again
    right of the whole caption, up to the end of both pieces."""
    from tests.ocr.builders import page

    p = page([
        (100, [(150, "朝日包装株式会社"), (1089, "TAX INVOICE")]),
        (265, [(887, "伝票番号 / Inv. No."), (1431, "No.001053")]),
        (302, [(888, "日付 / Invoice Date"), (1425, "2027/02/28")]),
        (416, [(890, "インボイス登録番号"), (1063, "Qualified invoice issuer no."), (1377, "14/0/ 09553829")]),
        (455, [(887, "お客様コード / Customer no."), (1474, "56106")]),
        (1179, [(147, "品番"), (365, "品目"), (890, "単価"), (1101, "個数"), (1408, "金額")]),
        (1238, [(146, "ME0492"), (366, "ポリ袋 70L"), (1026, "880"), (1231, "3箱"), (1441, "2,640")]),
    ], size=14)
    p.words = [replace(w, confidence=60.0) if w.text in ("14/0/", "09553829") else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind == "registration_number" and box[1] <= 420 <= box[3] and box[0] < 1377 and box[2] >= 1475:
            return [_reading(T_NUMBER, 70.0)]
        return []

    assert extract_fields([p], reread=reread).fields["registration_number"] == T_NUMBER


def test_a_t_number_set_well_under_its_caption_is_read_again_on_its_own_line() -> None:
    """A sidebar of captions over their values, each value two lines under its caption: the
    T-number's line OCR read as garble run into the item table's row beside it, so the strip
    right under the caption holds nothing; the line under that strip is read again."""
    from tests.ocr.builders import page

    p = page([
        (100, [(150, "Eastwind Machine Parts Inc."), (570, "INVOICE")]),
        (300, [(150, "Reference")]), (345, [(150, "INV-00850")]),
        (620, [(150, "Qualified invoice issuer no."), (560, "Qty."), (620, "Description"), (1260, "Net")]),
        (690, [(150, "Sto Raeo zoe"), (560, "20"), (620, "Hex bolt"), (1240, "78,000")]),
        (740, [(560, "12"), (620, "Inspection labour"), (1240, "103,200")]),
        (780, [(150, "Sales rep.")]), (825, [(150, "A. Wong")]),
    ])
    p.words = [replace(w, confidence=3.0) if w.text in ("Sto", "Raeo", "zoe") else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        on_its_line = box[1] <= 692 and box[3] >= 708 and box[2] - box[0] > 240
        return [_reading(T_NUMBER, 76.0)] if kind == "registration_number" and on_its_line else []

    assert extract_fields([p], reread=reread).fields["registration_number"] == T_NUMBER


def test_a_t_number_in_smaller_type_than_its_garbled_caption_is_read_at_its_own_height() -> None:
    """A phone photo's T-number, 12 px high, read as garble under its caption, read as garble 28 px
    high: read again at the caption's height the crop holds two lines and reads nothing; at the
    number's own height, on its own line, it reads."""
    from tests.ocr.builders import page

    p = page([
        (100, [(150, "株式会社三栄文具"), (570, "請求書")]),
        (554, [(104, "適格請求書発行事業者登録番号 :"), (486, "ポリ手袋 M"), (1015, "530"), (1283, "10,600")]),
        (610, [(486, "モップ替糸"), (1015, "1,790"), (1283, "3,580")]),
    ])
    under = page([(583, [(124, "T3accennesseny")])], size=12)
    p.words = [replace(w, confidence=0.0, height=28) if w.text == "適格請求書発行事業者登録番号" else w
               for w in p.words] + [replace(w, confidence=0.0, line=50) for w in under.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        own_line = box[1] >= 575 and box[3] <= 600
        return [_reading(T_NUMBER, 12.0)] if kind == "registration_number" and own_line and height < 20 else []

    assert extract_fields([p], reread=reread).fields["registration_number"] == T_NUMBER


def test_a_t_number_read_again_without_its_t_with_the_next_columns_figures_after_it() -> None:
    """Read again, the T lost and the next column's customer number read after a space
    ('5543800368456 63226'): the thirteen digits between the spaces are the number."""
    from tests.ocr.builders import page

    p = page([
        (100, [(150, "有限会社信沖機工"), (570, "請求書")]),
        (1781, [(810, "登録番号"), (1180, "顧客番号")]),
        (1810, [(810, "Ssa3ennae3s"), (1180, "63226")]),
    ])
    p.words = [replace(w, confidence=0.0) if w.text == "Ssa3ennae3s" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        number = f"{T_NUMBER[1:]} 63226" if box[1] <= 1812 <= box[3] else "5 3"
        return [_reading(number, 84.0)] if kind == "registration_number" else []

    assert extract_fields([p], reread=reread).fields["registration_number"] == T_NUMBER


def test_a_t_number_under_a_caption_in_two_languages_one_over_the_other_is_read_under_both() -> None:
    """'Registration No.' over '適格請求書発行事業者登録番号', the number under the second, OCR
    garbled: the strip under the first caption is the second, no number's place; the strip
    under the second is read."""
    from tests.ocr.builders import page

    p = page([
        (166, [(153, "Granite Bay Foods Ltd."), (1034, "INVOICE")]),
        (210, [(153, "7-28-6 Ichibancho, Aoba-ku")]), (248, [(153, "Sendai 980-0811, Japan")]),
        (282, [(153, "Tel. +81 3 152-1784")]),
        (319, [(154, "Registration No.")]), (352, [(153, "適格請求書発行事業者登録番号")]),
        (386, [(153, "TS5793033/55017"), (573, "4-1 Shin-Yokohama")]),
        (471, [(154, "Bill Nr"), (374, "INV-00826")]),
        (900, [(150, "Description"), (800, "Qty"), (1000, "Unit price"), (1200, "Amount")]),
        (950, [(150, "Bolts"), (800, "2"), (1000, "1,000"), (1200, "2,000")]),
    ])
    p.words = [replace(w, confidence=48.0) if w.text.startswith("TS") else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        under_both = box[1] <= 388 and box[3] >= 400
        return [_reading(T_NUMBER, 80.0)] if kind == "registration_number" and under_both else []

    assert extract_fields([p], reread=reread).fields["registration_number"] == T_NUMBER


def test_a_t_number_under_its_caption_with_an_address_beside_the_caption_is_read_there() -> None:
    """'適格請求書発行事業者登録番号' over 'Qualified invoice issuer no.', the number under both,
    OCR garbled; the buyer's address in the next column ('4-1 Shin-Yokohama') on the caption's
    row: a block number's figures are no number beside the caption, the strip under it is read."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([
        (142, [(107, "Westbrook Office Supply Co., Ltd."), (1031, "TAX INVOICE")]),
        (245, [(108, "Fukuoka 812-0011, Japan"), (479, "Sold to")]),
        (279, [(106, "Tel. +81 3 556-4687"), (479, "Kanagawa Precision Foods Co., Ltd.")]),
        (315, [(107, "適格請求書発行事業者登録番号"), (479, "Accounts Payable")]),
        (346, [(106, "Qualified invoice issuer no."), (478, "4-1 Shin-Yokohama 2-chome")]),
        (383, [(106, "TS8T89278209638"), (479, "Yokohama 222-0033, Japan")]),
        (900, [(150, "Description"), (800, "Qty"), (1000, "Unit price"), (1200, "Amount")]),
        (950, [(150, "Bolts"), (800, "2"), (1000, "1,000"), (1200, "2,000")]),
    ])
    p.words = [replace(w, confidence=10.0) if w.text.startswith("TS") else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        under_both = box[1] <= 385 and box[3] >= 395 and box[0] < 200
        return [_reading(T_NUMBER, 74.0)] if kind == "registration_number" and under_both else []

    assert extract_fields([p], reread=reread).fields["registration_number"] == T_NUMBER


@pytest.mark.parametrize(("read", "number"), [("T95<S1012843688", T_NUMBER), ("T95<S-GARBLE", None)])
def test_a_t_number_with_figures_garbled_under_a_garbled_caption_is_read_again(read, number) -> None:
    """A footer's row of captions, the T-number's garbled ('ICTreg'), over a row of values: the
    number itself read with a few figures garbled ('T42<S221307425'). A T and thirteen characters
    or so, most of them figures, is read again; a T and some garble is not."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([
        (186, [(153, "適格請求書"), (552, "COMMERCIAL INVOICE")]),
        (657, [(166, "品名"), (856, "税抜単価"), (1050, "数量"), (1371, "金額")]),
        (709, [(173, "トナーカートリッジ黒"), (947, "11,500"), (1106, "3"), (1411, "34,500")]),
        (1930, [(225, "Tax invoice Num"), (356, "請求年月日"), (1062, "ICTreg"), (1223, "Client ID")]),
        (1985, [(191, "26-00557"), (354, "2026年12月31日"), (935, read), (1184, "11801")]),
    ])
    p.words = [replace(w, confidence={"ICTreg": 35.0, read: 66.0}.get(w.text, w.confidence)) for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading(T_NUMBER, 75.0)] if kind == "registration_number" and box[0] <= 935 < box[2] else []

    assert extract_fields([p], reread=reread).fields["registration_number"] == number


@pytest.mark.parametrize(("printed_at", "number"), [(315, T_NUMBER), (None, None)])
def test_a_t_number_ocr_found_no_line_for_under_its_caption_is_read_there(printed_at, number) -> None:
    """A photo: the seller's block ends with the registration caption and the number under it,
    a line OCR did not find at all; the nearest line read under it is the document's number,
    further down. The strip right under the caption is read as well."""
    from tests.ocr.builders import page

    p = page([
        (162, [(147, "つばさ包装株式会社"), (786, "適格請求書")]),
        (259, [(147, "TEL 087-474-8829")]),
        (290, [(147, "適格請求書発行事業者登録番号"), (510, "神奈川精密フーズ株式会社経理部御中")]),
        (400, [(146, "0001007"), (511, "下記のとおりご請求申し上げます。")]),
        (428, [(148, "請求No")]),
        (800, [(556, "数量"), (600, "品名"), (1038, "税抜単価"), (1249, "金額")]),
        (845, [(562, "8"), (600, "紙カップ 8oz"), (1077, "940"), (1240, "7,520")]),
    ])

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "registration_number":
            return []
        if box[1] <= 405 <= box[3]:
            return [_reading("0001007", 97.0)]
        return [_reading(T_NUMBER, 60.0)] if printed_at and box[1] <= printed_at <= box[3] < 390 else []

    assert extract_fields([p], reread=reread).fields["registration_number"] == number


def test_a_t_number_ocr_boxed_into_its_captions_row_is_read_again_right_under_the_caption() -> None:
    """The number under its caption read as one tall garbled word with the caption's row: the
    strip under the caption is read again, not the next caption's line under it."""
    from tests.ocr.builders import page

    p = page([
        (100, [(150, "Eastwind Machine Parts Inc."), (570, "INVOICE")]),
        (620, [(250, "Qualified invoice issuer no.")]),
        (700, [(150, "Sales rep.")]), (745, [(150, "A. Wong")]),
        (900, [(580, "Qty."), (680, "Description"), (1260, "Net")]),
        (950, [(580, "20"), (680, "Hex bolt"), (1240, "78,000")]),
    ])
    p.words.append(Word("1の480hd9182", 170, 615, 150, 40, 0.0, 1))

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        under_caption = 635 <= box[1] <= 645
        return [_reading(T_NUMBER, 80.0)] if kind == "registration_number" and under_caption else []

    assert extract_fields([p], reread=reread).fields["registration_number"] == T_NUMBER


def test_a_t_number_ocr_only_guessed_with_its_caption_is_read_again_there() -> None:
    """A key/value table's last row run into the address beside it: its caption and number
    read as garble OCR was unsure of, and nothing else points to a T-number."""
    from tests.ocr.builders import page

    def sheet(confidence: float):
        p = page([
            (100, [(150, "白樺紙器株式会社"), (900, "請求書ナンバー"), (1300, "S2702793")]),
            (150, [(900, "貴社注文番号"), (1250, "PO-2026-05465")]),
            (200, [(150, "神奈川精密フーズ株式会社経理部御中"), (1250, "esataieeaoie")]),  # as wide as the number
            (600, [(150, "品名"), (980, "数量"), (1140, "単価"), (1460, "金額")]),
            (650, [(150, "紙カップ"), (980, "3"), (1140, "970"), (1460, "2,910")]),
        ])
        p.words = [replace(w, confidence=confidence) if w.top >= 200 and w.top < 250 else w for w in p.words]
        return p

    asked = []

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        asked.append(box)
        if kind == "registration_number" and box[0] >= 1250 and box[1] >= 190 and box[3] <= 230:
            return [_reading(T_NUMBER, 89.0)]
        return []

    assert extract_fields([sheet(0.0)], reread=reread).fields["registration_number"] == T_NUMBER
    asked.clear()
    assert extract_fields([sheet(60.0)], reread=reread).fields["registration_number"] is None  # read, if poorly
    assert not any(box[0] >= 1250 and box[1] >= 190 and box[3] <= 230 for box in asked)


def test_a_sidebar_beside_the_item_table_has_its_garbled_value_read_again() -> None:
    """Captions under their values in a sidebar left of the item table: the due date over its
    caption, on an item's row, garbled."""
    from tests.ocr.builders import page

    p = page([
        (100, [(150, "Granite Bay Office Supply Ltd."), (950, "Invoice")]),
        (500, [(154, "IN2612/581")]), (530, [(154, "Document Nr.")]),
        (580, [(153, "2026/12/01")]), (610, [(154, "Document date")]),
        (660, [(587, "Particulars"), (1019, "Qty"), (1164, "Unit price"), (1474, "Net")]),
        (700, [(153, "nn"), (586, "Office chair with arms"), (1047, "3"), (1184, "¥27,300"), (1421, "¥81,900")]),
        (740, [(154, "Remittance deadline")]),
        (780, [(152, "PO-2026-07414"), (586, "Office chair armless"), (1046, "2"), (1184, "¥21,800"),
               (1421, "¥43,600")]),
        (820, [(154, "Your order")]),
        (900, [(1000, "Net amount"), (1421, "¥125,500")]),
    ])
    p.words = [replace(w, confidence=27.0) if w.text == "nn" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if not kind.startswith("text") or box[2] >= 580:
            return []
        if box[1] <= 740 <= box[3]:
            return [_reading("Remittance deadline", 96.0)]
        if box[1] <= 700 <= box[3]:
            return [_reading("2027/01/20", 97.0, [Word("2027/01/20", 153, 700, 160, 20, 97.0, 1)])]
        return []

    assert extract_fields([p], reread=reread).fields["due_date"] == "2027-01-20"


@pytest.mark.parametrize(("readings", "number", "confidence"), [
    ([("Bo01001", 52.0), ("_B002002", 0.0), ("Bo01001", 49.0)], "B001001", 40.0),  # two cleanings agree
    ([("B001001", 91.0)], "B001001", 40.0),  # one sure reading
    ([("B001001", 91.0)], "B001001", 56.0),  # read weakly, if not as garble: read again too
    ([("B001001", 91.0)], "B0001001", 90.0),  # read surely: as read, its o zeros
    ([("B001001", 91.0)], "B001001", 75.0),  # read less surely, an o among its zeros: read again
    ([("Bo01001", 52.0), ("B002002", 40.0), ("Bo0700I", 45.0)], "B0001001", 40.0),  # no two agree: as read
    ([("08-0579-1", 67.0), ("08-0579-1", 0.0)], "08-0579-I", 40.0),  # look-alikes only: the shape's reading stays
    ([("B001001", 64.0), ("Bo001001", 45.0), ("_B", 0.0), ("B001001", 69.0)], "B001001", 61.0),  # the fourth agrees
    ([("BOO1001", 66.0), ("B001001", 64.0)], "B001001", 40.0),  # agreeing but for look-alikes: digits as digits
    ([("B001001", 30.0), ("B001001", 25.0)], "B0001001", 40.0),  # two readings weaker than the first: as read
    # read legibly again exactly as first read, against two agreeing on another: disputed, as read
    ([("Boo01001", 60.0), ("B001001", 62.0), ("B001001", 45.0)], "B0001001", 40.0),
])
def test_a_weakly_read_reference_is_read_again(readings: list, number: str, confidence: float) -> None:
    from dataclasses import replace

    read = "08-0579-|" if number.startswith("08") else "Boo01001"
    pages = _pages_with_document_number(read)
    pages[0].words = [replace(w, confidence=confidence) if w.text == read else w for w in pages[0].words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading(t, c) for t, c in readings] if kind == "identifier" else []

    assert extract_fields(pages, reread=reread).fields["document_number"] == number


@pytest.mark.parametrize("readings", [
    [("Q2s09-214", 90.0)],  # one sure reading
    [("Q2s09-214", 60.0), ("Q2s09-214", 55.0)],  # two cleanings agree
])
def test_a_small_letter_read_again_between_figures_keeps_the_figure_first_read(readings: list) -> None:
    # A fax's 'Q2609-214' read as garble, read again with a small s for its 6: references print
    # their letters as capitals, so the s is a figure misread, and the first reading read which.
    pages = english_invoice()
    pages[0].words = [replace(w, text="Q2609-214", confidence=0.0) if w.text == "INV-7781" else w
                      for w in pages[0].words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading(t, c) for t, c in readings] if kind == "identifier" else []

    assert extract_fields(pages, reread=reread).fields["document_number"] == "Q2609-214"


@pytest.mark.parametrize(("first", "confidence", "number"), [
    ("DA20204180", 0.0, "PO-2026-04159"),  # read as garble: the reference read surely there is the value
    ("DA20204180", 55.0, "DA20204180"),  # read weakly: only a reading near it replaces it
    # read as first read but for its prefix's case and O: no new reading ('p0' is how OCR saw 'PO')
    ("PO-2026-04159", 9.0, "PO-2026-04159"),
])
def test_a_reference_read_as_garble_gives_way_to_any_sure_reading_there(first, confidence, number) -> None:
    pages = english_invoice()
    pages[0].words = [Word(first, w.left, w.top, w.width, w.height, confidence, w.line)
                      if w.text == "4500012345" else w for w in pages[0].words]
    again = "p0-2026-04159" if first.startswith("PO") else "PO-2026-04159"

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading(again, 90.0)] if kind == "identifier" else []

    assert extract_fields(pages, reread=reread).fields["po_number"] == number


@pytest.mark.parametrize(("garble_confidence", "number"), [
    (35.0, "Q-00218"),  # the garble OCR split off before the number is read again with it
    (90.0, "0218"),  # a word read surely before it is none of it
])
def test_a_weak_reference_is_read_again_with_the_garble_touching_it(garble_confidence, number) -> None:
    pages = _pages_with_document_number("0218")
    words = pages[0].words
    pages[0].words = [w for w in words if w.text != "0218"] + [
        Word("で", 1150, 250, 32, 20, garble_confidence, 50), Word("0218", 1182, 250, 64, 20, 35.0, 50)]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "identifier":
            return []
        return [_reading("Q-00218" if box[0] <= 1150 else "-00218", 92.0)]

    assert extract_fields(pages, reread=reread).fields["document_number"] == number


@pytest.mark.parametrize(("garble", "number"), [
    ("P2021", "F2027-0823"),  # garble holding figures a little apart before it: the reference's start
    ("Pxx", "0823"),  # garble of letters that far off is none of it
])
def test_a_reference_is_read_again_with_garble_of_figures_a_little_apart_before_it(garble, number) -> None:
    pages = _pages_with_document_number("0823")
    words = pages[0].words
    pages[0].words = [w for w in words if w.text != "0823"] + [
        Word(garble, 1086, 250, 80, 20, 36.0, 50), Word("0823", 1182, 250, 64, 20, 68.0, 50)]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "identifier":
            return []
        return [_reading("F2027-0823" if box[0] <= 1086 else "0823", 92.0)]

    assert extract_fields(pages, reread=reread).fields["document_number"] == number


def test_a_reference_read_again_with_its_s_as_a_dollar_sign() -> None:
    from dataclasses import replace

    pages = _pages_with_document_number("2701614")  # its S lost on the first reading
    pages[0].words = [replace(w, confidence=21.0) if w.text == "2701614" else w for w in pages[0].words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading(". $2701614", 73.0), _reading(".. $2701614", 49.0)] if kind == "identifier" else []

    assert extract_fields(pages, reread=reread).fields["document_number"] == "S2701614"


def test_a_weakly_read_order_number_is_read_again() -> None:
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([(400, [(120, "注文No."), (236, "PO0-2026-02754")])])
    p.words = [replace(w, confidence=30.0) if w.text.startswith("PO0") else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading("PO-2026-02754", 88.0)] if kind == "identifier" else []

    assert extract_fields([p]).fields["po_number"] == "POO-2026-02754"
    assert extract_fields([p], reread=reread).fields["po_number"] == "PO-2026-02754"


@pytest.mark.parametrize(("read", "again", "number"), [
    ("PO-2026-G5306", "PO-2026-05306", "PO-2026-05306"),  # a letter among the digits: mended
    ("PO-2026-05529", "PO-2026-05523", "PO-2026-05529"),  # one digit for another: the surer first reading
])
def test_readings_weaker_than_the_first_mend_its_letters_but_never_its_digits(read, again, number) -> None:
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([(400, [(120, "注文No."), (236, read)])])
    p.words = [replace(w, confidence=63.0) if w.text == read else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading(again, 36.0), _reading(again, 30.0)] if kind == "identifier" else []

    assert extract_fields([p], reread=reread).fields["po_number"] == number


def test_a_caption_row_ocr_boxed_too_tall_is_read_again_at_the_pages_text_height() -> None:
    """OCR drew the issue date's caption and garbled value three lines tall: read at that height
    the crop holds three lines and reads as nothing; at the page's text height it reads."""
    from dataclasses import replace

    from tests.ocr.builders import page

    sheet = page([
        (250, [(120, "請求書No."), (300, "27-00934")]),
        (300, [(120, "作成日"), (300, "2027年月30昌")]),
        (350, [(120, "お支払期日"), (300, "2027年2月20日")]),
        (1000, [(120, "品名"), (600, "数量"), (800, "単価"), (1000, "金額")]),
        (1050, [(120, "ボルト"), (600, "2"), (800, "1,000"), (1000, "2,000")]),
    ])
    sheet.words = [replace(w, top=w.top - 22, height=65, confidence=10.0 if "昌" in w.text else 57.0)
                   if w.top == 300 else w for w in sheet.words]
    # The other captions boxed too tall as well, if less.
    sheet.words = [replace(w, height=40) if w.text in ("請求書No.", "お支払期日") else w for w in sheet.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading("作成日 : 2027年1月30日", 93.0)] if kind == "text" and height < 30 else []

    assert extract_fields([sheet], reread=reread).fields["issue_date"] == "2027-01-30"


def test_a_garbled_stretch_is_read_again_past_the_end_of_its_box() -> None:
    """OCR boxed the garble of a bold number short of its end: the reading reaches on towards
    the next phrase, so the whole number is read, not its first characters."""
    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "text" or box[2] >= 700:
            return []
        return [_reading("2609-0336" if box[2] >= 240 else "2609-0", 91.0)]

    fields = extract_fields(_stacked_header(garbled="ae", confidence=30.0), reread=reread).fields
    assert fields["document_number"] == "2609-0336"


def test_a_date_under_a_caption_is_not_cut_to_its_year() -> None:
    """Values over their captions: the number's value lost, the date under its caption is no
    number though its year stands under the caption."""
    from tests.ocr.builders import page

    rows = [
        (250, [(886, "ee")]),
        (285, [(895, "Invoice No.")]),
        (330, [(886, "Feb 6, 2027")]),
        (365, [(887, "Document date")]),
        (1000, [(120, "Description"), (600, "Qty"), (800, "Price"), (1000, "Amount")]),
        (1050, [(120, "Bolts"), (600, "2"), (800, "1,000"), (1000, "2,000")]),
    ]
    assert extract_fields([page(rows)]).fields["document_number"] is None


@pytest.mark.parametrize(("read_again", "issued"), [
    ("令 和 8 年 5 月 911", "2026-05-09"),  # its 日 read as ones: no other day (the 0-as-9 repair made it the 1st)
    ("令 和 8 年 5 月 19 日", "2026-05-19"),  # a figure the first reading lost
    ("令 和 8 年 5 月 99 日", "2026-05-09"),  # (no date)
])
def test_a_weakly_read_japanese_date_keeps_its_day_when_read_again_with_its_day_mark_as_ones(read_again,
                                                                                            issued) -> None:
    from tests.ocr.builders import page

    p = page([
        (95, [(1379, "No."), (1449, "260509-07")]),
        (144, [(900, "##請求書")]),
        (260, [(1387, "令和8年5月"), (1580, "9")]),
        (600, [(120, "品名"), (800, "数量"), (1000, "単価"), (1200, "金額")]),
        (650, [(120, "石鹸"), (800, "1"), (1000, "2,800"), (1200, "2,800")]),
    ])
    p.words = [replace(w, confidence=56.0) if w.text == "9" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading(read_again, 85.0)] * 3 if kind == "date" and box[1] <= 265 <= box[3] else []

    assert extract_fields([p], reread=reread).fields["issue_date"] == issued


@pytest.mark.parametrize(("confidence", "due"), [(84.0, "2027-03-07"), (90.0, "2027-05-07")])
def test_a_date_read_less_than_surely_gives_way_to_two_cleanings_that_agree(confidence, due) -> None:
    """A scan's '2027/03/07' read as '2027/05/07' at 84: read again, two cleanings agree on the
    date as printed. A date read surely is not read again."""
    from tests.ocr.builders import page

    p = page([
        (100, [(142, "Westbrook Hygiene Ltd."), (1163, "INVOICE")]),
        (200, [(142, "Billing date"), (615, "2027/02/05")]),
        (240, [(142, "Remittance by"), (615, "2027/05/07")]),
        (600, [(120, "Description"), (800, "Qty"), (1000, "Unit price"), (1200, "Amount")]),
        (650, [(120, "Soap"), (800, "1"), (1000, "2,800"), (1200, "2,800")]),
    ])
    p.words = [replace(w, confidence=confidence) if w.text == "2027/05/07" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading("2027/03/07", 90.0)] * 3 if kind.startswith("date") and box[1] <= 245 <= box[3] else []

    assert extract_fields([p], reread=reread).fields["due_date"] == due


@pytest.mark.parametrize(("day_read", "issued"), [
    (92.0, "2026-11-11"),  # the figures it differs in read surely: it replaces the first reading
    (70.0, "2026-11-01"),  # read unsurely, with no second cleaning agreeing: the first reading stays
])
def test_a_date_read_less_than_surely_gives_way_to_a_cleaning_sure_where_they_differ(day_read, issued) -> None:
    """A row of values under their captions, the issue date read at 81 as '2026年11月1日': read
    again, a cleaning reads '2026 年 11 月 11 日', its day's figures surely; the next reads
    '2026 年 1 月 1 日' unsurely."""
    from tests.ocr.builders import page

    p = page([
        (100, [(142, "つばさクリーン株式会社"), (900, "請求書")]),
        (477, [(217, "請求書番号"), (508, "伝票日付"), (778, "支払予定日")]),
        (537, [(208, "2611-0560"), (457, "2026年11月1日"), (733, "2026年12月末日")]),
        (600, [(120, "品名"), (800, "数量"), (1000, "単価"), (1200, "金額")]),
        (650, [(120, "ポリ手袋"), (800, "5"), (1000, "600"), (1200, "3,000")]),
    ])
    p.words = [replace(w, confidence=81.0) if w.text == "2026年11月1日" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "date" or not box[1] <= 540 <= box[3] or box[0] > 600:
            return []
        parts = [("2026", 91.0), ("年", 93.0), ("11", 77.0), ("月", 93.0), ("11", day_read), ("日", 91.0)]
        first = [Word(t, 457 + 30 * k, 537, 28, 20, c, 1) for k, (t, c) in enumerate(parts)]
        return [_reading("2026 年 11 月 11 日", 89.0, first), _reading("2026 年 1 月 1 日", 65.0)]

    assert extract_fields([p], reread=reread).fields["issue_date"] == issued


def test_a_month_end_read_as_january_gives_way_to_two_readings_of_november() -> None:
    """'2026年1月末日' read weakly, its thin 1 lost; read again twice as '2026 年 11 月 末日': the
    ones before 月 are the month's, no day's mark read as ones."""
    from tests.ocr.builders import page

    p = page([
        (100, [(142, "つばさクリーン株式会社"), (900, "請求書")]),
        (200, [(142, "No."), (300, "0000063")]),
        (240, [(142, "お振込予定日"), (400, "2026年1月末日")]),
        (600, [(120, "品名"), (800, "数量"), (1000, "単価"), (1200, "金額")]),
        (650, [(120, "ポリ手袋"), (800, "5"), (1000, "600"), (1200, "3,000")]),
    ])
    p.words = [replace(w, confidence=55.0) if w.text == "2026年1月末日" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        wanted = kind == "date" and box[1] <= 245 <= box[3]
        return [_reading("2026 年 11 月 末日", 90.0), _reading("2026 年 11 月 末日", 84.0)] if wanted else []

    assert extract_fields([p], reread=reread).fields["due_date"] == "2026-11-30"


def test_a_due_date_read_as_january_read_again_as_november_is_no_issue_date() -> None:
    """The issue date lost; the due date read weakly as '2026年1月末日' among garble, and its row
    read again as '2026 年 11 月 末日': the due date read again where it was read, no issue date."""
    from tests.ocr.builders import page

    p = page([
        (100, [(142, "つばさクリーン株式会社"), (900, "請求書")]),
        (200, [(142, "No."), (300, "0000063")]),
        (240, [(142, "お振込予定日")]),
        (280, [(142, "2026年1月末日"), (290, "ハンドソープ時替"), (460, "2L")]),
        (600, [(120, "品名"), (800, "数量"), (1000, "単価"), (1200, "金額")]),
        (650, [(120, "ポリ手袋"), (800, "5"), (1000, "600"), (1200, "3,000")]),
    ])
    p.words = [replace(w, confidence=55.0 if w.text == "2026年1月末日" else 0.0) if w.top == 280 else w
               for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        wanted = kind == "text" and box[1] <= 285 <= box[3]
        return [_reading("2026 年 11 月 末日 ハンドソープ 詰替 2L", 88.0)] if wanted else []

    fields = extract_fields([p], reread=reread).fields
    assert fields["issue_date"] is None


@pytest.mark.parametrize(("read_again", "due"), [
    ("1 March 2027", "2027-03-31"),  # the crop's edge cut the day's first figure: no better reading
    ("21 March 2027", "2027-03-21"),  # another day, read alike twice: the surer reading
])
def test_a_weakly_read_date_gives_way_to_a_reading_again_unless_that_lost_a_figure(read_again, due) -> None:
    from tests.ocr.builders import page

    p = page([
        (100, [(142, "Westbrook Hygiene Ltd."), (1163, "INVOICE")]),
        (200, [(142, "Tax point"), (352, "19 February 2027")]),
        (240, [(142, "Pay by"), (352, "31 March 2027")]),
        (600, [(120, "Description"), (800, "Qty"), (1000, "Unit price"), (1200, "Amount")]),
        (650, [(120, "Soap"), (800, "1"), (1000, "2,800"), (1200, "2,800")]),
    ])
    p.words = [replace(w, confidence=60.0) if w.top == 240 and w.left >= 352 else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading(read_again, 82.0)] * 3 if kind == "date" and box[1] <= 245 <= box[3] else []

    assert extract_fields([p], reread=reread).fields["due_date"] == due


@pytest.mark.parametrize(("read_again", "issued"), [
    ("2026 生 1 月 16H |", "2026-11-16"),  # the month's second 1 lost again, the day's 6 found
    ("2026 年 1 月 16 日", "2026-11-16"),  # the same, read as a date of its own (January)
    ("2026 生 1 月 1H |", "2026-11-01"),  # nothing the first reading lacked
])
def test_a_fax_date_takes_each_figure_from_the_reading_that_holds_it_whole(read_again, issued) -> None:
    """A fax's issue date read weakly as '2026年11月1日' for 2026年11月16日, the day's 6 lost; read
    again, the cleanings read the day whole and lose the month's second 1. Each figure is taken
    from the reading that holds it whole."""
    from tests.ocr.builders import page

    p = page([
        (100, [(142, "請求書"), (1163, "No. 2611-0605")]),
        (200, [(142, "発行日付"), (352, "2026年11月1日")]),
        (240, [(142, "お支払期限"), (352, "2027年1月31日")]),
        (600, [(120, "品名"), (800, "数量"), (1000, "単価"), (1200, "金額")]),
        (650, [(120, "石鹸"), (800, "1"), (1000, "2,800"), (1200, "2,800")]),
    ])
    p.words = [replace(w, confidence=38.0) if w.top == 200 and w.left >= 352 else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading(read_again, 60.0)] * 2 if kind == "date" and box[1] <= 205 <= box[3] else []

    assert extract_fields([p], reread=reread).fields["issue_date"] == issued


@pytest.mark.parametrize(("readings", "due"), [
    (["命 和 9 年 : 月 31 日", "谷 和 9 年 月 31 日"], "2027-01-31"),  # its month lost, its day whole, twice
    (["命 和 9 年 : 月 31 日", "令 和 9 年 1 月 3 日"], "2027-01-03"),  # once: the first reading stays
    (["命 和 9 年 : 月 日", "命 和 9 年 : 月 日"], "2027-01-03"),  # nothing more read
])
def test_a_japanese_date_read_again_in_parts_takes_each_part_where_it_was_read(readings, due) -> None:
    """A fax: the due date's day read short ('令和9 年1月3日' at 51 for 令和9年1月31日); read again, the
    day is whole but the month's figure lost. Each reading gives what it read."""
    from tests.ocr.builders import page

    p = page([
        (100, [(142, "請求書"), (1163, "No. 2611-0042")]),
        (200, [(142, "請求日"), (352, "令和8年11月21日")]),
        (240, [(142, "支払期限"), (352, "令和9"), (425, "年1月3日")]),
        (600, [(120, "品名"), (800, "数量"), (1000, "単価"), (1200, "金額")]),
        (650, [(120, "石鹸"), (800, "1"), (1000, "2,800"), (1200, "2,800")]),
    ])
    p.words = [replace(w, confidence=51.0) if w.top == 240 and w.left >= 352 else w for w in p.words]
    crops = []

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "date" or not box[1] <= 245 <= box[3]:
            return []
        crops.append(box)
        return [_reading(text, 70.0) for text in readings]

    assert extract_fields([p], reread=reread).fields["due_date"] == due
    assert crops and crops[0][2] >= 425 + 5 * 14  # the crop reaches the date's closing 日


def test_a_date_garbled_beside_a_garbled_title_under_its_numbers_caption_is_read_again() -> None:
    """A big title's garble, then the date OCR garbled far right of it under the number's caption;
    the first cleaning sees a date it cannot make out, a later one reads it."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([
        (200, [(1303, "No."), (1354, "08-3180")]),
        (230, [(736, "H"), (862, "“SO"), (1242, "wAUVELALCA")]),
        (260, [(1137, "貴注文番号"), (1277, "KPF-PO-26-1073")]),
        (400, [(132, "品名"), (618, "数量"), (902, "単価"), (1130, "金額")]),
        (450, [(222, "並塩 25kg"), (680, "20"), (955, "2,380"), (1191, "47,600")]),
    ])
    p.words = [replace(w, confidence={"H": 0.0, "“SO": 28.0, "wAUVELALCA": 0.0}.get(w.text, w.confidence))
               for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "text" or box[0] < 1200:
            return []
        return [_reading("令 和信 年 士 月 十 日 |", 40.0), _reading("令 和 八 年 十 月 十 七 日", 70.0)]

    assert extract_fields([p], reread=reread).fields["issue_date"] == "2026-10-17"


def test_a_date_read_again_is_read_in_the_documents_own_day_first_order() -> None:
    """A Singapore bill writes day first (its due date says so by its currency); its issue date,
    read with a speck OCR took for a dash, is read again: 09/10/2026 is still the 9th of October."""
    from tests.ocr.builders import page

    rows = [
        (100, [(100, "TAX INVOICE")]),
        (160, [(900, "Invoice No."), (1200, "INV26-0815")]),
        (220, [(900, "Date"), (1180, "-"), (1210, "09/10/2026")]),
        (280, [(900, "Due Date"), (1210, "08/11/2026")]),
        (600, [(100, "Description"), (1000, "Qty"), (1200, "Unit Price (S$)"), (1400, "Amount (S$)")]),
        (660, [(100, "Hairnets"), (1000, "10"), (1200, "4.50"), (1400, "45.00")]),
        (760, [(1000, "Sub-Total"), (1400, "S$45.00")]),
        (800, [(1000, "Add GST 9%"), (1400, "S$4.05")]),
        (840, [(1000, "Total"), (1400, "S$49.05")]),
    ]
    first = page(rows)
    first = replace(first, words=[replace(w, confidence=4.0) if w.text == "-" else w for w in first.words])

    def reread(page_number: int, box: tuple, kind: str, height: float) -> list:
        class Reading:
            text, confidence = "09/10/2026", 95.0
            words = [Word("09/10/2026", int(box[0]), int(box[1]), int(box[2] - box[0]), int(box[3] - box[1]), 95.0, 1)]

        return [Reading(), Reading()] if kind == "date" else []

    fields = extract_fields([first], reread=reread).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2026-10-09", "2026-11-08")


def test_a_garbled_row_among_the_captions_is_read_again_before_the_letterheads_garble() -> None:
    """The issue date's caption and value garbled between captions read; the supplier's name and
    address above them garbled too, three stretches of it: the row among the captions is read
    again within the second look's budget of stretches."""
    from tests.ocr.builders import page

    p = page([
        (100, [(150, "HSHSAKE"), (600, "st oo")]),
        (140, [(150, "980-0811 Ans tS")]),
        (180, [(150, "Hrs ee")]),
        (300, [(150, "伝票番号"), (400, "2702-0967")]),
        (340, [(150, "meee serene,")]),
        (380, [(150, "お振込期限"), (400, "2027.03.19")]),
        (420, [(150, "発注番号"), (400, "PO-2026-07466")]),
        (600, [(150, "品名"), (1000, "数量"), (1150, "単価"), (1340, "金額")]),
        (650, [(150, "コピー用紙 A4"), (1030, "20"), (1158, "3,400"), (1338, "68,000")]),
        (800, [(1000, "合計"), (1338, "¥74,800")]),
    ])
    garbled = {"HSHSAKE", "st", "oo", "Ans", "tS", "Hrs", "ee", "meee", "serene,"}
    p.words = [replace(w, confidence=20.0) if w.text in garbled else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind.startswith("text") and box[1] <= 340 <= box[3] and box[3] < 380:
            return [_reading("請求日 2027.02.17", 95.0, [Word("請求日", 150, 340, 60, 20, 95.0, 1),
                                                       Word("2027.02.17", 400, 340, 100, 20, 95.0, 1)])]
        return []

    assert extract_fields([p], reread=reread).fields["issue_date"] == "2027-02-17"


@pytest.mark.parametrize(("readings", "issued"), [
    ([("令和8年11月11", 85.5), ("令和8年1月11", 64.7)], "2026-11-11"),  # read surely once: its ones were lost
    ([("令和8年11月11", 70.0), ("令和8年1月11", 64.7)], "2026-01-01"),  # unsure, and no two agree: as read
    ([("令和8年1月111", 90.0), ("令和8年1月111", 88.0)], "2026-01-01"),  # ones after its figures: its 日
])
def test_a_date_read_as_garble_is_read_again_with_the_ones_it_lost(readings, issued) -> None:
    from tests.ocr.builders import page

    p = page([
        (100, [(150, "請求年月日"), (400, "令和8年1月1")]),
        (140, [(150, "請求番号"), (400, "INV-00421")]),
        (600, [(150, "品名"), (1000, "数量"), (1150, "単価"), (1340, "金額")]),
        (650, [(150, "コピー用紙 A4"), (1030, "20"), (1158, "3,400"), (1338, "68,000")]),
    ])
    p.words = [replace(w, confidence=42.7) if w.text == "令和8年1月1" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading(text, confidence) for text, confidence in readings] if kind == "date" else []

    assert extract_fields([p], reread=reread).fields["issue_date"] == issued


@pytest.mark.parametrize(("alone", "issued"), [
    ("7 février 2027", "2027-02-07"),  # the value read alone, right of its caption read again
    ("7 fév", None),  # read alone, still no date: nothing
])
def test_a_garbled_caption_read_again_has_its_garbled_value_read_alone(alone, issued) -> None:
    """A caption and its value garbled beside it, between captions read; read again whole, the
    line garbles the value again ('9 féveler 2627'): the value right of the caption is read alone."""
    from tests.ocr.builders import page

    p = page([
        (366, [(140, "Facture n°"), (400, "F2702-0742")]),
        (400, [(140, "gee"), (394, "ee oa"), (700, "4-1 Shin-Yokohama")]),
        (441, [(140, "Date d'échéance"), (400, "20 mars 2027")]),
        (626, [(120, "Description"), (800, "Qté"), (1000, "Prix unit."), (1200, "Montant HT")]),
        (685, [(120, "Sachets sous vide"), (800, "6"), (1000, "45,30"), (1200, "271,80")]),
    ])
    p.words = [replace(w, confidence=22.0) if w.text in ("gee", "ee", "oa") else w for w in p.words]
    caption = [Word("Date", 140, 400, 50, 20, 92.0, 1), Word("d'émission", 200, 400, 110, 20, 92.0, 1)]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "text" or not box[1] <= 405 <= box[3]:
            return []
        if box[0] > 300:  # right of the caption: the value alone
            return [_reading(alone, 90.0, [Word(w, 330 + 80 * n, 400, 70, 20, 90.0, 1)
                                           for n, w in enumerate(alone.split())])]
        if box[2] < 390:  # the garbled caption alone
            return [_reading("Date d'émission", 84.0, caption)]
        return [_reading("Date di émiiasion 9 féveler 2627", 56.0)]

    assert extract_fields([p], reread=reread).fields["issue_date"] == issued


def _key_value_box(*, first_caption: str, first_value: str, confidence: float):
    """A key/value box right of the supplier's address: captions in one column, their values far
    right in another; the first row's value (and maybe its caption) read weakly."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([
        (200, [(100, "株式会社丸喜事務機"), *([(900, first_caption)] if first_caption else []), (1330, first_value)]),
        (250, [(100, "〒980-0811 宮城県仙台市")]),
        (300, [(900, "請求年月日"), (1340, "2027年1月3日")]),
        (350, [(900, "支払期限"), (1340, "2027年2月28日")]),
        (400, [(900, "事業者登録番号"), (1300, "T5637798066822")]),
        (1000, [(120, "品名"), (600, "数量"), (800, "単価"), (1000, "金額")]),
        (1050, [(120, "ボルト"), (600, "2"), (800, "1,000"), (1000, "2,000")]),
    ])
    p.words = [replace(w, confidence=confidence) if w.text in (first_caption, first_value) else w for w in p.words]
    return [p]


@pytest.mark.parametrize(("first_caption", "number"), [
    ("0", "No.000687"),  # its caption lost: the garble in the values' column is read again
    ("", "No.000687"),
])
def test_garble_in_the_values_column_of_a_key_value_box_is_read_again(first_caption, number) -> None:
    boxes = []

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        boxes.append(box)
        return [_reading(number, 92.0)] if kind == "text" and box[0] >= 1300 and box[1] < 250 else []

    pages = _key_value_box(first_caption=first_caption, first_value="DE", confidence=24.0)
    assert extract_fields(pages, reread=reread).fields["document_number"] == number
    assert all(b[0] >= 1300 for b in boxes if b[1] < 250 and b[3] > 200)  # the address is not read again


def test_a_caption_read_from_garble_is_read_again_as_garble() -> None:
    """'No.' over 'No.000778', the value read weakly as 'NO' (a caption's word): the stretch is
    read again by itself, not with the next column's address beside it."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([
        (250, [(103, "No.")]),
        (284, [(101, "NO"), (890, "〒730-0031 広島県広島市中区紙屋町8-")]),
        (330, [(104, "発行日")]), (360, [(102, "2027/01/15")]),
        (440, [(104, "登録番号")]), (470, [(101, "T6931553868186")]),
        (1000, [(120, "品名"), (600, "数量"), (800, "単価"), (1000, "金額")]),
        (1050, [(120, "ボルト"), (600, "2"), (800, "1,000"), (1000, "2,000")]),
    ])
    p.words = [replace(w, confidence=21.0, width=135) if w.text == "NO" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading("No.000778", 92.0)] if kind == "text" and box[2] < 800 and box[1] >= 280 else []

    assert extract_fields([p], reread=reread).fields["document_number"] == "No.000778"


def test_a_weak_reference_whose_start_was_cut_off_is_read_again_with_the_word_before() -> None:
    """'PO' and '202606724' read as two words: read again alone, the number shows a cut-off start."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([(400, [(900, "貴社注文番号"), (1330, "PO 202606724")])])
    p.words = [replace(w, confidence={"PO": 68.0, "202606724": 32.0}.get(w.text, w.confidence)) for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "identifier":
            return []
        return [_reading("PO-2026-06724" if box[0] <= 1330 else "-2026-06724", 92.0)]

    assert extract_fields([p], reread=reread).fields["po_number"] == "PO-2026-06724"


NUMBER = "T8252559177549"


def test_a_t_number_under_its_caption_and_colon_is_read_again_there() -> None:
    """The caption's colon read as a word of its own, the addressee's name beside it further
    right: no figure stands right of the caption, so its number is looked for under it."""
    from dataclasses import replace

    from tests.ocr.builders import page

    assert registration.is_valid(NUMBER)
    p = page([
        (316, [(152, "適格請求書発行事業者登録番号"), (497, ":"), (572, "神奈川精密フーズ株式会社")]),
        (355, [(151, "T82922999177549")]),
    ])
    p.words = [replace(w, confidence=42.0) if w.text.startswith("T829") else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        under = box[1] >= 330 and box[0] < 160
        return [_reading(NUMBER, 0.0)] if kind == "registration_number" and under else []

    assert extract_fields([p], reread=reread).fields["registration_number"] == NUMBER


def test_a_t_number_over_its_small_caption_is_read_again_from_its_start() -> None:
    """The number set larger than its caption, over it; the caption's first word lost, so the
    caption starts right of the number's start: the box read again reaches the number's start."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([
        (699, [(120, "ee"), (258, "198035")]),
        (731, [(221, "#"), (239, "録"), (277, "番号"), (294, "/"), (299, "Registered"), (376, "number")]),
    ], size=14)
    p.words = [replace(w, height=26, confidence=97.0) if w.text == "198035" else w for w in p.words]
    p.words = [replace(w, height=26, width=130, confidence=27.0) if w.text == "ee" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        whole = box[0] <= 120 and box[1] <= 700 and box[3] >= 720
        return [_reading(NUMBER if whole else "281198035", 0.0)] if kind == "registration_number" else []

    assert extract_fields([p], reread=reread).fields["registration_number"] == NUMBER


def test_a_value_garbled_beside_a_caption_is_read_again_before_the_letterheads_garble() -> None:
    """Three garbled letterhead rows over the captions' column, then '請求書No.' (read as 請求書, a
    title's word) beside its number garbled in the values' column: the number's row is read first."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([
        (120, [(106, "_= ft")]), (160, [(106, "に月 く主")]), (200, [(111, "eee")]),
        (259, [(100, "請求書"), (320, "sce")]),
        (307, [(100, "発行日"), (319, "2027-01-23")]),
        (351, [(102, "お支払い期限"), (320, "2027-02-20")]),
        (387, [(100, "発注番号"), (321, "PO-2026-07121")]),
        (1000, [(120, "品名"), (600, "数量"), (800, "単価"), (1000, "金額")]),
        (1050, [(120, "ボルト"), (600, "2"), (800, "1,000"), (1000, "2,000")]),
    ])
    p.words = [replace(w, confidence=30.0) if w.top < 250 or w.text == "sce" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading("S2701821", 92.0)] if kind == "text" and box[0] >= 300 and 250 < box[1] < 300 else []

    assert extract_fields([p], reread=reread).fields["document_number"] == "S2701821"


@pytest.mark.parametrize(("read_again", "issued"), [
    ("令 和 9 年 2 月 11 日", "2027-02-11"),  # read surely with its 日: the ones are the day's figures
    ("令 和 9 年 2 月 11", "2027-02-01"),  # no 日 read: the ones may be the 日
    ("令 和 9 年 2 月 11|", "2027-02-11"),  # its 日 read as a bar: the ones are figures
])
def test_a_weak_day_read_again_surely_with_its_day_mark_is_the_day(read_again, issued) -> None:
    from tests.ocr.builders import page

    p = page([
        (243, [(800, "請求書ナンバー"), (1290, "0000894")]),
        (287, [(800, "伝票日付"), (1188, "令和9"), (1259, "年"), (1292, "2月"), (1318, "1日")]),
        (340, [(800, "お支払い予定日"), (1186, "令和9年3月31日")]),
    ])
    p.words = [replace(w, confidence=36.0) if w.text == "1日" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading(read_again, 92.5)] if kind == "date" and box[1] <= 290 <= box[3] else []

    assert extract_fields([p], reread=reread).fields["issue_date"] == issued


def test_a_stacked_value_is_read_again_from_its_columns_start() -> None:
    """Captions under their values in a column at x = 120; the due date's era and its caption's
    first character lost ('8年12月31日' over '払期限'): the date is read again from the column's
    start, where its 令和 stands."""
    from tests.ocr.builders import page

    p = page([
        (371, [(120, "2611-0409")]), (401, [(121, "請求書番号")]),
        (446, [(120, "令和8年11月18日")]), (483, [(121, "発行日")]),
        (529, [(165, "]8"), (204, "年12"), (261, "月"), (284, "31"), (319, "日")]),
        (565, [(165, "払期限")]),
        (597, [(120, "T3756850169713")]), (648, [(121, "登録番号")]),
    ])
    p.words = [replace(w, confidence=64.0) if w.text == "]8" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind == "text" and box[1] >= 560:
            return [_reading("払 期限", 90.0)]  # the caption, as OCR read it
        if kind != "text" or not box[1] <= 535 <= box[3]:
            return []
        return [_reading("令 和 8 年 12 月 31 日" if box[0] <= 125 else "8 年 12 月 31 日", 90.0)]

    assert extract_fields([p], reread=reread).fields["due_date"] == "2026-12-31"


def test_a_garbled_caption_beside_its_weak_value_is_read_first_and_its_value_from_its_start() -> None:
    """A key/value box under a garbled letterhead: the issue date's caption read as 'REA', its
    value ('令和8 年9月20晶', 日 misread, OCR's words split into seven pieces) far right past
    the box's leaders. The caption's row is read before the letterhead's garble; the value is
    read again whole, from where OCR found it, not from the leaders after the caption."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([
        (155, [(669, "i ad Hi 28")]),
        (236, [(101, "HARSHA RUAY EZ 3S) wR")]),
        (274, [(1423, "0000206")]),
        (323, [(104, "7460-0008"), (245, "愛知県名古屋市中区栄7-29-12"), (903, "REA"), (1332, "令和8"),
               (1415, "年9月20晶")]),
        (356, [(101, "TET"), (158, "ARQVRAD_SNAN")]),
        (379, [(911, "お支払い予定日"), (1326, "令和8年10月31日")]),
        (421, [(104, "〒222-0033"), (233, "RT"), (353, "ズ区")]),
        (442, [(902, "貴社注文番号"), (1329, "PO-2026-06828")]),
        (498, [(902, "登録番号"), (1305, "T2636943326556")]),
        (554, [(903, "担当"), (1483, "高橋")]),
        (610, [(101, "TEL 069-517-4545")]),
        (699, [(101, "下記のとおりご請求中し上げます。")]),
        (784, [(125, "税込御請求額"), (571, "¥234,520")]),
    ])
    weak = {"i": 45.0, "ad": 53.0, "Hi": 21.0, "28": 25.0, "HARSHA": 0.0, "RUAY": 0.0, "EZ": 42.0, "3S)": 26.0,
            "wR": 0.0, "REA": 38.0, "年9月20晶": 67.0, "TET": 40.0, "ARQVRAD_SNAN": 0.0, "RT": 0.0,
            "下記のとおりご請求中し上げます。": 3.0, "税込御請求額": 9.0}
    p.words = [replace(w, confidence=weak.get(w.text, w.confidence)) for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "text" or not box[1] <= 330 <= box[3]:
            return []
        if box[0] < 1000:
            return [_reading("伝票 日 付", 60.0)]
        whole = box[0] >= 1300 and box[2] >= 1500  # from the value's start to its end
        return [_reading("信和 8 年 9 月 20 日" if whole else "ー | ーー 令 和 8 年 9", 82.7)] * 2

    assert extract_fields([p], reread=reread).fields["issue_date"] == "2026-09-20"


@pytest.mark.parametrize(("first", "issued"), [
    ("2027年7月16日", "2027-01-16"),  # after the due date: one legible reading that fits replaces it
    ("2027年1月14日", "2027-01-14"),  # in order: one reading alone does not overrule it
])
def test_an_issue_date_after_the_due_date_gives_way_to_one_legible_reading_that_fits(first, issued) -> None:
    from tests.ocr.builders import page

    p = page([
        (344, [(700, "請求日"), (884, first)]),
        (427, [(700, "お支払期限"), (884, "2027年2月15日")]),
    ])
    p.words = [replace(w, confidence=51.0) if w.text == first else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "date" or not box[1] <= 350 <= box[3]:
            return []
        return [_reading("2027 年 1 月 16 昌", 70.7), _reading("2027 年 月 16 昌", 68.4)]

    assert extract_fields([p], reread=reread).fields["issue_date"] == issued


def test_a_sidebar_row_beside_the_table_is_read_again_up_to_the_tables_edge() -> None:
    """A sidebar of captions and values left of the item table, the due date's caption and value
    on the table's header row: the order number's row, garbled ('ae' 'PONE'), is read again
    with its value, which stands right of where the due date's value starts."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([
        (485, [(139, "発行日"), (324, "2026-11-30")]),
        (521, [(141, "お支払期日"), (324, "2026-12-30"), (573, "品名"), (1153, "数量"), (1235, "税抜単価"),
               (1466, "金額")]),
        (571, [(140, "ae"), (325, "PONE"), (574, "コピー用紙 A4"), (1167, "6"), (1287, "940"), (1454, "5,640")]),
        (650, [(140, "営業担当"), (324, "伊藤"), (576, "コピー用紙 A3"), (1154, "12"), (1266, "4,300"),
               (1440, "51,600")]),
    ])
    p.words = [replace(w, confidence=30.0) if w.text in ("ae", "PONE") else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "text" or not box[1] <= 575 <= box[3]:
            return []
        return [_reading("注文 番号 PO-:" if box[0] < 300 else "PO-2026-02584", 91.0)]

    assert extract_fields([p], reread=reread).fields["po_number"] == "PO-2026-02584"


def test_a_due_date_read_short_of_its_box_in_a_block_under_the_table_is_read_again() -> None:
    """The document's captions and values printed under the item table; the due date read
    surely as '2027', in a box wide enough for 2027年3月31日, its caption garbled: read again."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([
        (600, [(140, "品名"), (800, "数量"), (1000, "単価"), (1200, "金額")]),
        (650, [(140, "ボルト"), (800, "2"), (1000, "1,000"), (1200, "2,000")]),
        (700, [(140, "ナット"), (800, "10"), (1000, "50"), (1200, "500")]),
        (760, [(800, "小計"), (1200, "2,500")]),
        (1773, [(225, "伝票番号"), (514, "発行日"), (853, "TASHA"), (1150, "貴社発注番号")]),
        (1824, [(225, "2702-0892"), (514, "2027年2月7日"), (818, "2027"), (1120, "PO-2026-02751")]),
    ])
    p.words = [replace(w, width=168) if w.text == "2027" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        wide = kind == "text" and box[0] <= 818 and box[2] >= 980 and box[1] <= 1830 <= box[3]
        return [_reading("2027 年 3 月 31 日", 94.0)] if wide else []

    fields = extract_fields([p], reread=reread).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2027-02-07", "2027-03-31")


@pytest.mark.parametrize(("reading", "due"), [
    ("30-04-2027", "2027-04-30"),  # read again whole
    ("30-04-202", None),  # no better: no date
])
def test_a_date_whose_year_lost_a_figure_under_a_garbled_caption_is_read_again(reading, due) -> None:
    """Values over their captions, the due date's caption garbled and its date read surely but
    short of its year's last figure ('30-04-202' for 30-04-2027): read again."""
    from tests.ocr.builders import page

    p = page([
        (394, [(141, "F2027-1019")]),
        (416, [(142, "Factuur"), (215, "nr")]),
        (472, [(141, "26-03-2027")]),
        (516, [(142, "Factuurdatum")]),
        (550, [(141, "30-04-202")]),
        (580, [(142, "Uis"), (249, "3cdatum")]),
        (660, [(142, "Omschrijving"), (977, "Aant."), (1124, "Prijs"), (1446, "Bedrag")]),
        (706, [(142, "Stroopwafels"), (977, "12"), (1124, "24,50"), (1446, "294,00")]),
    ])
    p.words = [replace(w, confidence=10.0) if w.text in ("Uis", "3cdatum") else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading(reading, 93.0)] if kind.startswith("text") and box[1] <= 555 <= box[3] else []

    assert extract_fields([p], reread=reread).fields["due_date"] == due


@pytest.mark.parametrize(("reading", "issued"), [
    ("2026.12.27", "2026-12-27"),  # read again whole: the issue date, the other the due date
    ("2026.", "2027-01-31"),  # no better: the date read whole stands for the issue date
])
def test_a_year_first_date_cut_after_its_year_is_read_again_to_its_end(reading, issued) -> None:
    """Values over their captions in a sidebar, the issue date read surely but only as far as its
    year's stop ('2026.' for 2026.12.27), its caption and the due date's garbled: read again
    beyond the stop, it is the issue date, and the date the first look took for it the due date."""
    from tests.ocr.builders import page

    p = page([
        (456, [(141, "0000557")]),
        (486, [(142, "請求No.")]),
        (542, [(142, "2026.")]),
        (572, [(141, "請求年/")]),
        (628, [(142, "2027.01.31")]),
        (663, [(151, "HABA")]),
        (714, [(141, "PO-2026-08137")]),
        (738, [(142, "御社発注No."), (575, "品名"), (1011, "数量"), (1227, "単価"), (1470, "金額")]),
        (805, [(575, "紙カップ"), (1042, "12"), (1192, "1,290"), (1438, "15,480")]),
    ])
    p.words = [replace(w, confidence=10.0) if w.text == "HABA" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind.startswith("text") and box[1] <= 550 <= box[3] and box[2] > 250:
            return [_reading(reading, 93.0)]
        return []

    fields = extract_fields([p], reread=reread).fields
    assert (fields["issue_date"], fields["due_date"]) == (issued, "2027-01-31" if issued != "2027-01-31" else None)


def test_a_date_read_surely_but_cut_after_its_year_beside_its_caption_is_read_again_to_its_end() -> None:
    """The amount due printed large beside a sidebar of captions and values: the due date beside
    its caption read surely, but only as far as its year's hyphen ('2027-'). Read again reaching
    past the cut, it is read whole."""
    from tests.ocr.builders import page

    p = page([
        (466, [(152, "Bill"), (200, "Nr."), (240, "伝票番号"), (373, "INV-00822")]),
        (503, [(152, "Issued"), (237, "請求年月日"), (372, "2027-02-17")]),
        (540, [(152, "Due"), (237, "支払予定日"), (372, "2027-"), (596, "##Balance"), (800, "##¥220,070")]),
        (700, [(152, "品名"), (800, "数量"), (1000, "単価"), (1250, "金額")]),
        (750, [(152, "紙カップ"), (800, "2"), (1000, "1,170"), (1250, "2,340")]),
    ])

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind.startswith("text") and box[1] <= 550 <= box[3] and box[0] < 400:
            return [_reading("支払予定日 2027-03-20" if box[2] >= 470 else "支払予定日 2027-", 92.0)]
        return []

    assert extract_fields([p], reread=reread).fields["due_date"] == "2027-03-20"


def test_a_value_over_its_caption_boxed_into_the_captions_line_is_read_clear_of_it() -> None:
    """Values over their captions: the due date read as '31' '-' '2027', the '-' boxed so tall it
    reaches into 'Due date' under it. Read again, the value's box stops at the caption's line:
    what it holds is the date, not the caption."""
    from tests.ocr.builders import page

    p = page([
        (394, [(130, "IN2702/1053")]),
        (425, [(130, "Invoice"), (210, "Number")]),
        (468, [(128, "25"), (159, "Feb"), (203, "2027")]),
        (499, [(130, "Invoice"), (210, "Date")]),
        (542, [(128, "31"), (159, "-"), (209, "2027")]),
        (577, [(130, "Due"), (175, "date")]),
        (614, [(127, "PO-2026-04267")]),
        (647, [(129, "Purchase"), (220, "PO"), (250, "#")]),
        (720, [(130, "Qty"), (600, "Product"), (1025, "Unit cost"), (1260, "Net")]),
        (770, [(130, "8"), (600, "Food-grade grease"), (1039, "2,600"), (1218, "20,800")]),
    ])
    p.words = [replace(w, height=44, confidence=49.0) if w.text == "-" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if not kind.startswith("text"):
            return []
        value, caption = box[1] <= 550 <= box[3], box[1] <= 580 <= box[3]
        return [_reading("Due date", 95.0)] if caption else [_reading("31 Mar 2027", 95.0)] if value else []

    assert extract_fields([p], reread=reread).fields["due_date"] == "2027-03-31"


def test_a_sidebars_garbled_value_on_the_item_tables_first_row_keeps_the_sidebar_beside_the_table() -> None:
    """A sidebar of values over captions beside the item table: the due date's value ('a' '末日'
    for 2027年1月末日) and its caption ('0' '払期限') garbled, both on the table's rows. The
    table starts at its cleanly read header ('摘要'), not at the garble: the sidebar's rows are
    read again, and the caption read names the value over it."""
    from tests.ocr.builders import page

    p = page([
        (367, [(171, "2611-0554")]),
        (400, [(171, "請求書No")]),
        (447, [(171, "2026年11月5日"), (591, "下記のとおりご請求申し上げます。")]),
        (483, [(172, "伝票日")]),
        (533, [(171, "a"), (208, "末日"), (604, "摘要"), (1087, "個数"), (1208, "単価"), (1443, "金額")]),
        (572, [(178, "0"), (200, "払期限"), (607, "ポリ手袋"), (1095, "8"), (1191, "520"), (1420, "4,160")]),
        (613, [(171, "PO-2026-06561"), (605, "業務用洗剤"), (1095, "8"), (1167, "3,500"), (1400, "28,000")]),
        (648, [(174, "御社注文No."), (606, "モップ替糸"), (1084, "12"), (1169, "1,680"), (1400, "20,160")]),
    ])
    p.words = [replace(w, confidence=30.0) if w.text in ("a", "末日", "0", "払期限") else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if not kind.startswith("text") or box[0] > 300:
            return []
        if box[1] <= 580 <= box[3] and not box[1] <= 545 <= box[3]:
            return [_reading("支払期限", 90.0)]
        return [_reading("2027 年 1 月 末日", 90.0)] if box[1] <= 545 <= box[3] else []

    assert extract_fields([p], reread=reread).fields["due_date"] == "2027-01-31"


@pytest.mark.parametrize(("second", "dates"), [
    # the second cleaning reads the row's two dates, the one the first look read after the other
    ("信和 9 年 1 月 11 昌 信和 9 年 3 月 31 昌", ("2027-01-11", "2027-03-31")),
    ("信和 9 年 1 月 11 昌", ("2027-03-31", None)),  # a lone date a later cleaning reads: no surer
])
def test_a_row_of_values_read_again_with_the_date_read_first_after_a_garbled_one(second, dates) -> None:
    """A fax's row of values over captions OCR garbled: the issue date read as a run of figures
    ('94614118' for 令和9年1月11日), the due date garbled too. A later cleaning of the two
    together that reads the due date after the other is as good as a first reading: the other is
    the issue date."""
    from tests.ocr.builders import page

    p = page([
        (464, [(264, "27-00654"), (566, "94614118"), (726, "令和9年3月31日"), (1239, "PO-2026-07323")]),
        (532, [(303, "ku,"), (628, "Ufo"), (933, "X4Aw"), (1288, "elhalo,")]),
        (660, [(170, "No"), (235, "商品名"), (1224, "単価"), (1444, "金額")]),
        (740, [(236, "上白糖20kg"), (1100, "3"), (1224, "4,500"), (1444, "13,500")]),
    ])
    p.words = [replace(w, confidence=40.0 if w.text[0] == "9" else 10.0)
               if w.text in ("94614118", "令和9年3月31日", "ku,", "Ufo", "X4Aw", "elhalo,") else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if not box[1] <= 470 <= box[3]:
            return []
        if kind.startswith("date") and box[0] > 700:
            return [_reading("令 和 9 年 3 月 31 日", 89.0)]
        if kind.startswith("text") and box[0] < 600 < 850 < box[2]:
            return [_reading("MORIA AROMAS", 6.0), _reading(second, 77.0)]
        return []

    fields = extract_fields([p], reread=reread).fields
    assert (fields["issue_date"], fields["due_date"]) == dates


def test_a_number_read_as_a_fragment_beside_its_caption_is_read_again_to_its_end() -> None:
    """The number beside its caption read as a lone '0', unsurely, in a box that stops where the
    number's first figure does: read again as far as the next column's words."""
    from tests.ocr.builders import page

    p = page([
        (261, [(152, "請求番号"), (535, "0"), (885, "株式会社千代田工業")]),
        (305, [(152, "請求年月日"), (535, "2027年2月13日")]),
        (748, [(172, "品名"), (869, "数量"), (1137, "単価"), (1403, "金額")]),
        (797, [(235, "ダンボール箱"), (892, "20"), (1125, "3,300"), (1416, "66,000")]),
    ])
    p.words = [replace(w, confidence=54.0, width=62) if w.text == "0" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if not box[1] <= 265 <= box[3] or kind in ("date", "date_latin"):
            return []
        return [_reading("請求 番号 27-00893" if box[2] >= 690 else "請求 番号 27-008", 85.0)]

    assert extract_fields([p], reread=reread).fields["document_number"] == "27-00893"


def test_a_date_garbled_among_surely_read_values_under_a_row_of_captions_is_read_again() -> None:
    """A row of captions over a row of values at the page's foot, the due date's caption and
    most of its date garbled ('令和' '8' '年則月' '26' '日' at 7) in a phrase of values read surely,
    which makes no garbled stretch: the date is read again."""
    from tests.ocr.builders import page

    p = page([
        (264, [(153, "222-0033"), (260, "神奈"), (330, "川県横浜市江北区新横浜")]),
        (600, [(160, "品名"), (800, "数量"), (1000, "単価"), (1200, "金額")]),
        (650, [(160, "事務用椅子"), (800, "6"), (1000, "24,500"), (1200, "147,000")]),
        (700, [(160, "コピー用紙"), (800, "4"), (1000, "2,900"), (1200, "11,600")]),
        (1931, [(145, "ARMY"), (190, "Invoice No."), (355, "請求年月日"), (461, "Issued"), (551, "-Zt.MA"),
                (617, "Remittanccduc"), (744, "貴社注文番号"), (1323, "担当者")]),
        (1972, [(190, "26-00226"), (356, "令和8年10月27日"), (516, "令和"), (558, "8"), (572, "年則月"),
                (634, "26"), (656, "日"), (680, "PO-2026-01627"), (1383, "高橋")]),
    ])
    garbled = ("神奈", "川県横浜市江北区新横浜", "ARMY", "-Zt.MA", "Remittanccduc", "年則月", "26", "日",
               "PO-2026-01627")
    p.words = [replace(w, confidence=7.0) if w.text in garbled else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind == "text" and box[1] <= 1980 <= box[3] and box[0] <= 520:
            return [_reading("令 和 8 年 11 月 26 日 | PO-2026-01627 |", 89.0)]
        return [_reading("〒222-0033 神奈 川 県 横浜 市 港北 区 新横浜 2-4-1", 90.0)] * 3 if box[1] < 300 else []

    fields = extract_fields([p], reread=reread).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2026-10-27", "2026-11-26")


def test_a_reference_whose_start_ocr_garbled_into_two_words_is_read_again_with_both() -> None:
    """'Be' 'cue7' '00705' for RE-2027-00765: read again alone, the number's start is cut off;
    with the garble before it, still; with both garbled words, it reads whole."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([(276, [(130, "Rechnung Nr"), (342, "Be"), (370, "cue7"), (420, "00705")]),
              (315, [(130, "Rechnungsdatum"), (342, "21.02.2027")])])
    p.words = [replace(w, confidence={"Be": 13.0, "cue7": 0.0, "00705": 28.0}.get(w.text, w.confidence))
               for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "identifier":
            return []
        text = "RE-2027-00765" if box[0] <= 342 else "-2027-00765" if box[0] <= 370 else "-00765"
        return [_reading(text, 92.0)]

    assert extract_fields([p], reread=reread).fields["document_number"] == "RE-2027-00765"


@pytest.mark.parametrize("after_at", [232, 250])  # (half a text height after it, or one and a half)
def test_a_weak_reference_whose_end_was_cut_off_is_read_again_with_the_word_after(after_at) -> None:
    """'o-2026' '0s889' read as garble: the first word read again alone is a sure 'PO-2026-', a
    reference cut at its joining mark, so it is read again with the word after it."""
    from tests.ocr.builders import page

    p = page([(585, [(120, "Order ref")]), (616, [(120, "o-2026"), (after_at, "0s889")]),
              (660, [(120, "Issue date")]), (690, [(120, "2026-12-09")])])
    p.words = [replace(w, confidence=0.0, width=100 if w.text == "o-2026" else w.width)
               if w.text in ("o-2026", "0s889") else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "identifier" or not box[1] <= 620 <= box[3]:
            return []
        return [_reading("PO-2026-05985" if box[2] >= 270 else "PO-2026-", 91.0)]

    assert extract_fields([p], reread=reread).fields["po_number"] == "PO-2026-05985"


@pytest.mark.parametrize(("read", "issued"), [
    ("9184118118", "2026-11-11"),  # 令和8年11月11日, its kanji read as digits: read again
    ("0120-444-888", None),  # a number OCR had no doubt about is no date
])
def test_figures_that_are_a_misread_date_in_a_grid_of_values_are_read_again(read, issued) -> None:
    """Values over their captions in a grid under the item table, the issue date's caption
    garbled ('Raft'), its value read as a run of figures."""
    from tests.ocr.builders import page

    p = page([
        (600, [(140, "品名"), (800, "数量"), (1000, "単価"), (1200, "金額")]),
        (650, [(140, "ボルト"), (800, "2"), (1000, "1,000"), (1200, "2,000")]),
        (1044, [(675, "合計"), (1190, "2,000")]),
        (1778, [(202, "No.000535"), (471, read), (771, "令和8年12月31日"), (1076, "PO-2026-05105")]),
        (1827, [(223, "請求番号"), (523, "Raft"), (822, "支払期限"), (1122, "発注番号")]),
    ])
    p.words = [replace(w, confidence=63.0 if w.text == read else 47.0) if w.text in (read, "Raft") else w
               for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "text" or not box[0] <= 475 <= box[2] or not box[1] <= 1785 <= box[3]:
            return []
        return [_reading("令 和 8 年 11 月 11 日" if read[0] == "9" else read, 91.5)]

    assert extract_fields([p], reread=reread).fields["issue_date"] == issued


def test_a_date_whose_kanji_ocr_read_as_figures_is_read_again_before_the_headers_garble() -> None:
    """A fax: the header's garbled words stand in the captions' columns too, and come first on
    the page; the issue date read as a run of figures in the grid of values at the foot is
    read again first all the same (only a few regions are read again)."""
    from tests.ocr.builders import page

    p = page([
        (200, [(820, "登録番号"), (920, T_NUMBER)]),
        (300, [(223, "Jus"), (822, "Ree")]),
        (360, [(223, "ses")]),
        (600, [(140, "品名"), (800, "数量"), (1000, "単価"), (1200, "金額")]),
        (650, [(140, "ボルト"), (800, "2"), (1000, "1,000"), (1200, "2,000")]),
        (1044, [(675, "合計"), (1190, "2,000")]),
        (1778, [(202, "No.000535"), (471, "2027419118"), (771, "2027年2月10日"), (1076, "PO-2026-05105")]),
        (1827, [(223, "請求番号"), (523, "Raft"), (822, "支払期限"), (1122, "発注番号")]),
    ])
    p.words = [replace(w, confidence=55.0 if w.text[0] == "2" and len(w.text) == 10 else 20.0)
               if w.text in ("2027419118", "Raft", "Jus", "Ree", "ses") else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if not box[0] <= 475 <= box[2] or not box[1] <= 1785 <= box[3]:
            return []
        return [_reading("2027 年 1 月 11 日", 87.0)]

    assert extract_fields([p], reread=reread).fields["issue_date"] == "2027-01-11"


def test_a_date_read_again_under_the_issue_date_in_a_stack_of_garbled_captions_is_the_due_date() -> None:
    """Values over their captions, every date's caption garbled: the issue date read, the due
    date under it read as a run of figures. Read again, with no caption, it is no issue date
    printed before the one read, but the due date after it."""
    from tests.ocr.builders import page

    p = page([
        (179, [(152, "若葉衛生株式会社"), (929, "御請求書")]),
        (454, [(151, "0000778")]), (487, [(154, "ご請求 NO.")]),
        (536, [(151, "2027年2月11日")]), (567, [(152, "RAG")]),
        (616, [(151, "202745308")]), (649, [(152, "a")]),
        (732, [(663, "数量"), (706, "品名"), (1195, "単価"), (1458, "金額")]),
        (800, [(663, "3"), (706, "上白糖 20kg"), (1226, "3,800"), (1433, "11,400")]),
    ])
    p.words = [replace(w, confidence={"RAG": 36.0, "a": 38.0, "202745308": 53.0}.get(w.text, w.confidence))
               for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading("2027 年 4 月 30 日", 94.0)] if box[1] <= 620 <= box[3] and box[0] < 160 else []

    fields = extract_fields([p], reread=reread).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2027-02-11", "2027-04-30")


@pytest.mark.parametrize(("width", "issued"), [
    (134, "2026-09-12"),  # the year's box holds 2026年9月: the month lost in it, read again
    (64, None),  # a year as wide as its figures: nothing lost, nothing to read again
])
def test_a_year_whose_box_holds_the_month_ocr_lost_is_read_again_with_the_day(width, issued) -> None:
    """A sidebar of values over their captions, the issue date's caption garbled: its date read as
    '2026' and '12', the year's box as wide as 2026年9月."""
    from tests.ocr.builders import page

    p = page([
        (170, [(122, "つばさクリーン株式会社"), (545, "請求書")]),
        (447, [(125, "0000063")]), (479, [(127, "BAK eNO.")]),
        (514, [(121, "2026"), (261, "12")]),
        (560, [(129, "お振込予定日")]), (590, [(129, "2026年10月末日")]),
        (700, [(560, "品名・規格"), (1072, "数量"), (1229, "単価"), (1493, "金額")]),
        (760, [(560, "ポリ手袋 L"), (1088, "5"), (1285, "600"), (1483, "3,000")]),
    ], size=27)
    p.words = [replace(w, width=width) if w.text == "2026" else
               replace(w, confidence=5.0) if w.text in ("BAK", "eNO.") else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if box[0] <= 125 and box[2] >= 300 and box[1] <= 520 <= box[3]:
            return [_reading("2026 年 9 月 12 日", 94.0)]
        return []

    assert extract_fields([p], reread=reread).fields["issue_date"] == issued


@pytest.mark.parametrize(("due_read", "due"), [
    ("令和 9 年月 15 日", "2027-02-15"),  # its month lost between two marks: read again
    ("令和9年2月15日", "2027-02-15"),  # read whole: as read
])
def test_a_date_whose_month_ocr_lost_between_its_marks_is_read_again(due_read, due) -> None:
    """A row of captions over values at the foot, the due date's caption garbled ('SRR'), its
    value read surely but for the month, lost between 年 and 月 ('令和' '9' '年月' '15' '日')."""
    from tests.ocr.builders import page

    p = page([
        (186, [(1206, "請求明細書")]),
        (562, [(171, "No"), (235, "品名摘要"), (1022, "個数"), (1175, "税抜単価"), (1395, "税抜金額")]),
        (620, [(180, "1"), (235, "本醸造しょうゆ 1L"), (1031, "3本"), (1228, "800"), (1426, "2,400")]),
        (908, [(788, "合計(税抜)"), (1390, "¥2,400")]),
        (1137, [(788, "合計金額"), (1375, "¥2,640")]),
        (1945, [(225, "伝票 No."), (458, "作成日"), (651, "SRR"), (889, "ご注文番号")]),
        (1983, [(198, "2701-0919"), (394, "令和9年1月16日"), (624, due_read), (837, "PO-2026-03553")]),
    ])
    p.words = [replace(w, confidence=0.0) if w.text == "SRR" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if box[0] <= 630 and box[2] >= 760 and box[1] <= 1990 <= box[3]:
            return [_reading("令和 9 年 2 月 15 日", 94.0)]
        return []

    assert extract_fields([p], reread=reread).fields["due_date"] == due


def test_two_dates_of_a_row_of_values_read_again_together_the_second_is_the_due_date() -> None:
    """A row of values over its captions at the foot, its two dates' kanji read as figures
    ('202611538', '202647125208'): read again apart, the issue date reads; read again together,
    the row gives both, the issue date first. The due date is the second."""
    from tests.ocr.builders import page

    p = page([
        (541, [(192, "数量単位"), (370, "品目"), (1215, "単価"), (1405, "税抜金額")]),
        (602, [(230, "2 箱"), (372, "ステンレス六角ボルト M10X40"), (1203, "3,900"), (1440, "7,800")]),
        (1684, [(313, "税抜合計"), (778, "消費税等"), (1243, "合計金額")]),
        (1749, [(453, "¥7,800"), (934, "¥780"), (1324, "¥8,580")]),
        (1937, [(196, "No.000502"), (447, "202611538"), (718, "202647125208"), (1001, "PO-2026-03304")]),
        (1980, [(187, "インボイス番号"), (512, "請求日"), (779, "支払期限"), (1034, "貴社注文番号")]),
    ])
    p.words = [replace(w, confidence={"202611538": 62.0, "202647125208": 39.0}.get(w.text, w.confidence))
               for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if not box[1] <= 1945 <= box[3] or box[0] > 718 or box[2] < 500:
            return []
        issued = [("2026", 449), ("年", 510), ("11", 540), ("月", 570), ("3", 600), ("日", 620)]
        due = [("2026", 718), ("年", 790), ("12", 830), ("月", 855), ("20", 881), ("日", 907)]
        words = issued + (due if box[2] > 900 else [])
        return [_reading(" ".join(t for t, _ in words), 93.0,
                         [Word(t, x, 1937, 20 * len(t), 20, 93.0, 1) for t, x in words])]

    fields = extract_fields([p], reread=reread).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2026-11-03", "2026-12-20")


@pytest.mark.parametrize(("between", "issued"), [
    (458, "2027-01-30"),  # between two values read on its row: a value of the row, read again
    (1500, None),  # past them all: nothing says it is a value
])
def test_a_date_read_as_figures_between_two_values_of_its_row_is_read_again(between, issued) -> None:
    """A fax's row of values under captions OCR garbled but for the due date's: the number, the
    issue date read as figures ('20274811308', its kanji as digits), the due date, the order."""
    from tests.ocr.builders import page

    p = page([
        (187, [(131, "請求書")]),
        (265, [(131, "大和衛生株式会社")]),
        (481, [(215, "ana"), (506, "人"), (773, "支払予定日"), (1041, "引社注文番号")]),
        (538, [(206, "2701-0968"), (between, "20274811308"), (738, "2027年2月末日"), (1009, "PO-2026-03577")]),
        (701, [(134, "項"), (819, "品コード"), (1036, "数量"), (1243, "単価"), (1418, "金額")]),
        (759, [(215, "ポリ手袋 M"), (819, "CP-176"), (1039, "10箱"), (1250, "810"), (1447, "8,100")]),
    ])
    p.words = [replace(w, confidence={"ana": 30.0, "人": 8.0, "引社注文番号": 0.0, "20274811308": 45.0}.get(
        w.text, w.confidence)) for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if box[0] <= between + 5 and box[2] >= between + 100 and box[1] <= 545 <= box[3]:
            return [_reading("2027 年 1 月 30 日", 90.0)]
        return []

    assert extract_fields([p], reread=reread).fields["issue_date"] == issued


def test_a_date_read_again_where_another_date_was_read_is_that_date_again() -> None:
    """A fax's row of values over garbled captions: a mark right before the due date, read
    again, gives the due date (the mark and the date in one box). The issue date, its figures
    broken ('2027-1 02-26') and its caption lost, is not the due date's value."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([
        (455, [(220, "M2702-1035"), (577, "2027-1"), (654, "02-26"), (888, "。"), (927, "2027-03-28")]),
        (520, [(246, "お見積番号"), (491, "tee"), (908, "有効期所")]),
        (1000, [(120, "品名"), (600, "数量"), (800, "単価"), (1000, "金額")]),
        (1050, [(120, "ボルト"), (600, "2"), (800, "1,000"), (1000, "2,000")]),
    ])
    unsure = {"。": 35.0, "tee": 39.0, "2027-03-28": 39.0, "お見積番号": 0.0, "有効期所": 0.0, "2027-1": 58.0}
    p.words = [replace(w, confidence=unsure.get(w.text, 95.0)) for w in p.words]
    words = [Word("2027-03-28", 888, 455, 150, 21, 80.0, 1), Word("。", 1050, 455, 10, 21, 40.0, 1)]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading("2027-03-28 。", 60.0, words)] if kind == "text" and box[2] > 888 and box[1] <= 455 else []

    fields = extract_fields([p], reread=reread).fields
    assert (fields["issue_date"], fields["due_date"]) == (None, "2027-03-28")


@pytest.mark.parametrize("letterhead", [0, 4])
def test_a_garbled_date_over_the_date_taken_for_the_issue_date_is_the_issue_date(letterhead) -> None:
    """A stack of values whose captions OCR lost, under a letterhead OCR garbled: the first date
    garbled, the second read and taken for the issue date. Read again, the garbled one is the
    issue date, printed first and earlier; the other is the due date."""
    from dataclasses import replace

    from tests.ocr.builders import page

    garble = [(150 + 30 * n, [(143, f"Ae{n}x"), (300, "RRS")]) for n in range(letterhead)]
    p = page([
        *garble,
        (458, [(143, "26-00712")]), (500, [(145, "et"), (176, "ree")]),
        (526, [(143, "20264612"), (284, "23H")]), (578, [(143, "WY")]),
        (608, [(142, "2027年1月31日")]), (644, [(144, "PHL"), (188, "SBP")]),
        (692, [(142, "PO-2026-05203")]),
        (1000, [(120, "品名"), (600, "数量"), (800, "単価"), (1000, "金額")]),
        (1050, [(120, "ボルト"), (600, "2"), (800, "1,000"), (1000, "2,000")]),
    ])
    garbled = {f"Ae{n}x" for n in range(letterhead)} | {"RRS", "et", "ree", "20264612", "23H", "WY", "PHL", "SBP"}
    p.words = [replace(w, confidence=30.0) if w.text in garbled else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind == "text" and box[1] <= 526 < box[3]:
            return [_reading("2026 卸 12 月 23H 。", 61.5)]
        return [_reading("ae", 10.0)] if kind == "text" else []

    fields = extract_fields([p], reread=reread).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2026-12-23", "2027-01-31")


@pytest.mark.parametrize(("cleanings", "issued"), [
    (2, "2026-09-21"),  # the caption read alike twice, each unsurely: its value over it is read
    (1, None),  # read once, unsurely: no caption to go by
])
def test_a_garbled_caption_read_again_alike_twice_has_its_stacked_value_read_whole(cleanings, issued) -> None:
    """Values over their captions at x = 150: the issue date garbled to 'a' and '218', its caption
    to 'iad'. Read again, the caption is '請求 日 。' (a speck read beside it) at 70; the date over
    it is read from its garbled start to the end of the figures read apart from it."""
    from tests.ocr.builders import page

    p = page([
        (259, [(150, "2609-0346")]), (298, [(152, "No.")]),
        (345, [(150, "a"), (290, "218")]), (382, [(151, "iad")]),
        (425, [(150, "令和8年10月21日")]), (468, [(151, "支払期限")]),
        (520, [(152, "PO-2026-03091")]), (554, [(151, "発注番号")]),
    ])
    p.words = [replace(w, confidence=26.0) if w.text in ("a", "iad") else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "text":
            return []
        if box[1] >= 375:
            return [_reading("請求 日 。", 70.0)] * cleanings if box[1] <= 390 else []
        if box[1] <= 350 <= box[3]:
            return [_reading("令 和 8 年 9 月 21 日" if box[2] >= 315 else "令 和 8 年 9 月 2]", 90.0)]
        return []

    assert extract_fields([p], reread=reread).fields["issue_date"] == issued


def test_a_weak_reference_the_tight_crop_does_not_settle_is_read_with_a_wider_one() -> None:
    """Where a crop stops changes how Tesseract splits the characters: a reading of a wider crop
    agrees with one of the tight crop, and the first reading's zero stands where both read an O."""
    from dataclasses import replace

    pages = _pages_with_document_number("27-0113")
    pages[0].words = [replace(w, confidence=30.0) if w.text == "27-0113" else w for w in pages[0].words]
    crops = []

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "identifier":
            return []
        crops.append(box[0])
        if box[0] >= 1150:  # the word's own box
            return [_reading("27-0113", 14.0), _reading("27-O1N3", 19.0), _reading("27-O1113", 79.0)]
        return [_reading("27-0113", 14.0), _reading("27-O11E3", 12.0), _reading("27-O1113", 69.0)]

    assert extract_fields(pages, reread=reread).fields["document_number"] == "27-01113"
    assert len(crops) == 2 and crops[1] < crops[0]


def test_a_stacked_date_read_again_out_of_order_leaves_the_next_cleaning_to_read_it() -> None:
    """Values over their captions; the issue date lost its month. The first cleaning reads it a
    year before its due date (its 11 as 1), the next one as printed."""
    from tests.ocr.builders import page
    from tests.ocr.test_header_fields import _captions_under_dates

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind == "text" and 440 < box[1] < 470:
            return [_reading(text, 92.0, [Word(text.replace(" ", ""), 152, 456, 200, 20, 92.0, 1)])
                    for text in ("令和 8 年 1 月 20 日", "令和 8 年 11 月 20 日")]
        if kind == "text" and 480 < box[1] < 500:  # the caption, read as before
            return [_reading("伝票日付", 93.0, [Word("伝票日付", 154, 490, 80, 20, 93.0, 1)])]
        return []

    fields = extract_fields([page(_captions_under_dates("令和8年月20日"))], reread=reread).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2026-11-20", "2027-01-31")


def test_readings_that_agree_as_often_on_two_references_settle_nothing() -> None:
    from dataclasses import replace

    pages = _pages_with_document_number("B001091")
    pages[0].words = [replace(w, confidence=61.0) if w.text == "B001091" else w for w in pages[0].words]
    readings = [("B001001", 55.0), ("B001007", 70.0), ("B001001", 50.0), ("B001007", 72.0)]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading(t, c) for t, c in readings] if kind == "identifier" else []

    assert extract_fields(pages, reread=reread).fields["document_number"] == "B001091"


@pytest.mark.parametrize(("first", "confidence", "readings", "number"), [
    ("8000987", 40.0, [("B000987", 89.0)], "B000987"),  # a sure reading shows the letter
    ("52702808", 66.0, [("52702808", 15.0), ("$2702808", 60.0), ("$2702808", 77.0)], "S2702808"),  # two agree
    ("52702808", 66.0, [("$2702808", 60.0), ("52702808", 70.0), ("52702808", 75.0)], "52702808"),  # once: no
    ("8000987", 40.0, [("8000987", 90.0), ("B000987", 70.0)], "8000987"),  # read surely as first read
    ("0002987", 40.0, [("O002987", 90.0)], "0002987"),  # an O there is the zero more often than not
])
def test_a_letter_starting_a_reference_read_as_its_digit_is_read_again(first, confidence, readings, number) -> None:
    """A fax reads the letter a reference starts with as its look-alike digit (B as 8, S as 5),
    unsurely; a crop of the reference alone reads the letter surely, or two cleanings agree on it."""
    pages = _pages_with_document_number(first)
    pages[0].words = [replace(w, confidence=confidence) if w.text == first else w for w in pages[0].words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading(t, c) for t, c in readings] if kind == "identifier" else []

    assert extract_fields(pages, reread=reread).fields["document_number"] == number


@pytest.mark.parametrize(("readings", "number"), [
    ([("82701733", 50.0), ("82701733", 59.0)], "S2701733"),  # two weak readings of a digit: the letter stands
    ([("82701733", 92.0)], "82701733"),  # a sure one: the digit
])
def test_a_letter_starting_a_reference_is_not_read_as_a_digit_by_weak_readings(readings, number) -> None:
    """A fax reads 'S2701733' as '$2701733' at 51, and a crop of it twice as '82701733', weakly:
    the letter a reference starts with is put for a digit only by a sure reading."""
    pages = _pages_with_document_number("$2701733")
    pages[0].words = [replace(w, confidence=51.0) if w.text == "$2701733" else w for w in pages[0].words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading(t, c) for t, c in readings] if kind == "identifier" else []

    assert extract_fields(pages, reread=reread).fields["document_number"] == number


@pytest.mark.parametrize(("marks", "number"), [
    ([":", "-"], "Q-2026-0088"),  # two cleanings read the letter surely, each beside a mark read weakly
    ([":"], "0-2026-0088"),  # one: the first reading stands
])
def test_a_reference_starting_with_a_zero_alone_is_read_again_however_surely(marks, number) -> None:
    """A phone photo reads 'Q-2026-0088' as '0-2026-0088' at 93: no reference starts with a zero
    alone. A crop of it reads the Q surely, with a mark beside it read weakly."""
    pages = _pages_with_document_number("0-2026-0088")
    pages[0].words = [replace(w, confidence=93.0) if w.text == "0-2026-0088" else w for w in pages[0].words]

    def reading(mark: str):
        return _reading(f"{mark} Q-2026-0088", 60.0, [Word(mark, 1150, 250, 10, 20, 29.0, 1),
                                                      Word("Q-2026-0088", 1165, 250, 110, 20, 90.0, 1)])

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [reading(mark) for mark in marks] + [_reading("0-2026-0088", 40.0)] if kind == "identifier" else []

    assert extract_fields(pages, reread=reread).fields["document_number"] == number


@pytest.mark.parametrize(("readings", "number"), [
    ([("Q000458", 63.0), ("POOC", 13.0), ("Q000458", 26.0)], "Q000458"),  # two cleanings alike: the number
    ([("Q000458", 63.0), ("Q000459", 55.0)], None),  # each once: nothing
])
def test_a_garbled_value_under_its_caption_two_cleanings_read_alike_is_read(readings, number) -> None:
    """Captions over their values; the number under its caption garbled ('(000458'), read again
    unsurely by every cleaning."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([
        (228, [(124, "Estimate No.")]), (288, [(123, "(000458")]),
        (336, [(124, "Quote date")]), (360, [(123, "2026-12-06")]),
        (900, [(120, "Description"), (800, "Qty"), (1000, "Unit price"), (1200, "Amount")]),
        (950, [(120, "Soy sauce"), (800, "1"), (1000, "2,800"), (1200, "2,800")]),
    ])
    p.words = [replace(w, confidence=52.0) if w.text == "(000458" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "text":
            return []
        if box[1] > 270:
            return [_reading(f"— {text} |", c, [Word("—", 110, 288, 10, 19, 13.0, 1),
                                                  Word(text, 124, 288, 140, 19, c, 1),
                                                  Word("|", 300, 288, 4, 19, 96.0, 1)]) for text, c in readings]
        return [_reading("Estimate No.", 92.0)]

    assert extract_fields([p], reread=reread).fields["document_number"] == number


THIS_YEAR = date.today().year


@pytest.mark.parametrize(("readings", "due"), [
    ([("{y}-03-01", 57.0), (". {y}-03-01", 45.0)], "{y}-03-01"),  # two cleanings alike: the date
    ([("{y}-03-01", 57.0), ("{y}-08-01", 45.0)], None),  # each once: nothing
    ([("{far}-03-01", 57.0), (". {far}-03-01", 45.0)], None),  # alike, a figure misread by both: years off
])
def test_a_garbled_date_under_its_caption_two_cleanings_read_alike_is_read(readings, due) -> None:
    """A fax's footer: 'Valid through' over its date, the date garbled, read again unsurely by
    every cleaning."""
    from tests.ocr.builders import page

    y, far = THIS_YEAR, THIS_YEAR + 1000
    readings = [(text.format(y=y, far=far), c) for text, c in readings]
    p = page([
        (139, [(1150, "QUOTATION")]),
        (900, [(120, "Description"), (800, "Qty"), (1000, "Unit price"), (1200, "Amount")]),
        (950, [(120, "Safety gloves"), (800, "1"), (1000, "583.60"), (1200, "583.60")]),
        (1912, [(294, "Quotation No."), (780, "Quote date"), (1238, "Valid through")]),
        (1972, [(295, "EST-00771"), (766, f"{y}-02-15"), (1223, f"_ {y}-03-0 1")]),
    ])
    weak = {"through": 21.0, "_": 35.0, f"{y}-03-0": 35.0}
    p.words = [replace(w, confidence=weak.get(w.text, w.confidence)) for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "text":
            return []
        if box[1] < 1950:  # the caption, read cleanly
            return [_reading("Valid through", 81.0, [Word("Valid", 1238, 1912, 50, 20, 81.0, 1),
                                                      Word("through", 1298, 1912, 70, 20, 81.0, 1)])]
        return [_reading(text, c, [Word(text.split()[-1], 1223, 1972, 140, 20, c, 1)]) for text, c in readings]

    assert extract_fields([p], reread=reread).fields["due_date"] == (due and due.format(y=y))


@pytest.mark.parametrize("mark", ["~", "_"])
def test_a_speck_before_a_reference_is_no_part_of_it(mark) -> None:
    from tests.ocr.builders import page

    rows = [(1789, [(176, "伝票番号"), (758, "御社発注No.")]),
            (1832, [(156, "No.000635"), (729, f"{mark}PO-2026-04776")])]
    assert extract_fields([page(rows)]).fields["po_number"] == "PO-2026-04776"


def test_a_value_garbled_beside_a_caption_read_cleanly_is_read_again_alone() -> None:
    """Captions in a column, their values far right of them; OCR read the due date's caption
    cleanly and garbled its value. Read again with its caption, the line reads as garble; the
    value read alone is the date."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([
        (249, [(773, "請求書番号"), (1199, "27-01169")]),
        (298, [(773, "伝票日付"), (1173, "2027/02/19")]),
        (355, [(775, "支払期限"), (1139, "202754"), (1250, "AH")]),
        (399, [(774, "発注番号"), (1127, "PO-2026-05080")]),
        (958, [(130, "品名"), (723, "数量"), (973, "単価"), (1239, "金額")]),
        (1012, [(186, "ラップフィルム"), (751, "4"), (961, "1,160"), (1239, "4,640")]),
    ])
    p.words = [replace(w, confidence={"202754": 0.0, "AH": 55.0}.get(w.text, w.confidence)) for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if not kind.startswith("text") or not 340 < box[1] < 370:
            return []
        if box[0] < 860:  # with its caption
            return [_reading("sem | aaa", 31.0, [Word("sem", 775, 355, 60, 20, 31.0, 1),
                                                 Word("aaa", 1139, 355, 60, 20, 31.0, 1)])]
        return [_reading("2027 年 4 月 末日", 91.0, [Word(t, x, 355, 40, 20, 91.0, 1) for t, x in (
            ("2027", 1139), ("年", 1185), ("4", 1215), ("月", 1235), ("末日", 1265))])]

    assert extract_fields([p], reread=reread).fields["due_date"] == "2027-04-30"


@pytest.mark.parametrize(("second", "due"), [
    ("2026 年 }2 月 末 日", "2026-12-31"),  # its month in the first reading, its end in the second
    ("2025 年 }2 月 末 日", None),  # the readings' years differ: no date read
])
def test_a_fax_date_no_reading_reads_whole_is_put_together_from_its_readings_parts(second, due) -> None:
    """A fax's due date garbled beside its caption ('2026%128%H' for 2026年12月末日): read again
    alone, one cleaning reads its year and month and garbles its day, the next reads its end of
    the month and garbles the month; each part read cleanly makes the date."""
    from tests.ocr.builders import page

    p = page([
        (249, [(120, "請求書番号"), (351, "S2610417")]),
        (298, [(120, "請求日"), (351, "2026年10月11日")]),
        (355, [(120, "お支払期限"), (351, "2026%128%H")]),
        (958, [(130, "品名"), (723, "数量"), (973, "単価"), (1239, "金額")]),
        (1012, [(186, "ラップフィルム"), (751, "4"), (961, "1,160"), (1239, "4,640")]),
    ])
    p.words = [replace(w, confidence=13.0) if w.text == "2026%128%H" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if not kind.startswith("text") or not 340 < box[1] < 370:
            return []
        if box[0] < 200:  # with its caption
            return [_reading("お支払期限 ~~", 40.0, [Word("お支払期限", 120, 355, 100, 20, 90.0, 1),
                                                   Word("~~", 351, 355, 60, 20, 10.0, 1)])]
        return [_reading(text, confidence, [Word(t, 351 + 45 * i, 355, 40, 20, confidence, 1)
                                            for i, t in enumerate(text.split())])
                for text, confidence in (("2026 年 12 月 示 昌", 60.0), (second, 61.0))]

    assert extract_fields([p], reread=reread).fields["due_date"] == due


def test_a_due_date_read_weakly_before_the_issue_date_read_surely_does_not_keep_it_out() -> None:
    """'2026年1月末日' read weakly (the thin 1 of 11月 lost) under its caption, beside an issue
    date read surely under a caption OCR garbled ('Aft' for 発行日): the due date, before it,
    does not keep the issue date out, and out of order with it, it is 11月."""
    from tests.ocr.builders import page

    p = page([
        (419, [(242, "No."), (545, "Aft"), (823, "お振込期限"), (1119, "貴社注文番号")]),
        (454, [(213, "0000139"), (504, "2026.09.30"), (789, "2026年1月末日"), (1092, "PO-2026-05677")]),
        (600, [(150, "品名"), (1000, "数量"), (1150, "単価"), (1340, "金額")]),
        (650, [(150, "コピー用紙 A4"), (1030, "20"), (1158, "3,400"), (1338, "68,000")]),
    ])
    p.words = [replace(w, confidence=59.0) if w.text == "2026年1月末日" else w for w in p.words]
    fields = extract_fields([p], reread=lambda *_: []).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2026-09-30", "2026-11-30")


@pytest.mark.parametrize(("readings", "due"), [
    # garble, then two alike
    ([("~~ ~", 30.0), ("2026 年 12 月 18 日", 82.0), ("2026 年 12 月 18 日", 80.0)], "2026-12-18"),
    ([("2026 年 12 月 18 日", 82.0), ("2026 年 12 月 8 日", 80.0)], "2026-12-08"),  # two legible that differ: as read
])
def test_a_cleaning_that_reads_no_date_leaves_two_others_to_agree(readings, due) -> None:
    from tests.ocr.builders import page

    p = page([
        (100, [(150, "請求日"), (400, "2026年11月18日")]),
        (140, [(150, "お支払期限"), (400, "2026年12月8日")]),
        (600, [(150, "品名"), (1000, "数量"), (1150, "単価"), (1340, "金額")]),
        (650, [(150, "コピー用紙 A4"), (1030, "20"), (1158, "3,400"), (1338, "68,000")]),
    ])
    p.words = [replace(w, confidence=58.0) if w.text == "2026年12月8日" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading(text, c) for text, c in readings] if kind == "date" and box[1] <= 145 <= box[3] else []

    assert extract_fields([p], reread=reread).fields["due_date"] == due


def test_a_garbled_caption_before_a_sum_of_money_spends_no_second_look_on_header_fields() -> None:
    """A photo's page, as OCR read it: the number garbled at the head of the captions' column ('a,'),
    the T-number's row garbled, and the total's box over the table, its caption garbled before
    '¥53,600-'. The second look's few readings go to the number's row, none to the box (an
    amount's caption names no header field)."""
    from ocr.model import Page

    words = [
        Word("a,", 131, 251, 114, 54, 21.6, 1), Word("有限会社凌邊フーズ", 783, 248, 317, 55, 46.3, 1),
        Word("〒460-0008", 785, 304, 107, 18, 92.9, 2), Word("愛知県名古屋市中区栄8-1", 901, 298, 240, 37, 92.0, 2),
        Word("発行年月日", 132, 327, 93, 19, 50.2, 3), Word("TEL", 783, 337, 35, 18, 95.5, 3),
        Word("021-746-9731", 824, 338, 130, 17, 95.5, 3), Word("2026-12-20", 131, 356, 134, 34, 96.5, 4),
        Word("登録番号4323633614669", 783, 363, 276, 33, 16.1, 4), Word("お振込期限", 133, 403, 93, 18, 88.9, 5),
        Word("2027-02-28", 131, 436, 134, 21, 92.2, 6), Word("貴社注文No", 133, 474, 100, 32, 94.2, 7),
        Word("PO-2026-07761", 132, 512, 183, 21, 91.3, 8), Word("営業担当", 132, 554, 74, 19, 76.2, 9),
        Word("高橋", 131, 584, 49, 27, 94.2, 10), Word("得意先コード", 132, 625, 112, 32, 90.9, 11),
        Word("84051", 131, 663, 71, 21, 92.6, 12), Word("〒222-0033", 134, 725, 98, 16, 91.1, 13),
        Word("神奈川県横浜市港北区新横浜2-4-1", 240, 719, 295, 34, 46.1, 13),
        Word("神奈川精密フーズ株式会社経理部御中", 131, 763, 545, 49, 59.4, 14),
        Word("下記のとおりご請求申上上げます。", 131, 860, 326, 37, 83.9, 15),
        Word("税込御請求額", 152, 931, 159, 55, 24.3, 16),
        Word("¥53,", 422, 940, 149, 44, 86.2, 16), Word("600-", 619, 940, 158, 39, 68.9, 16),
        Word("品名摘要", 144, 1070, 105, 23, 76.2, 17), Word("軽減", 797, 1066, 47, 36, 76.4, 17),
        Word("税抜単価", 932, 1067, 85, 35, 56.6, 17), Word("数量", 1077, 1071, 46, 22, 92.6, 17),
        Word("金額", 1273, 1071, 45, 22, 78.9, 17), Word("紙ナプキン", 143, 1108, 101, 37, 89.1, 18),
        Word("5000枚", 263, 1108, 77, 37, 91.9, 18), Word("2,900", 960, 1109, 57, 37, 96.8, 18),
        Word("8箱", 1089, 1109, 38, 38, 92.7, 18), Word("23,200", 1249, 1117, 69, 23, 96.5, 18),
        Word("国産小麦紛10kg", 144, 1155, 171, 39, 66.4, 19), Word("※", 810, 1164, 17, 20, 92.7, 19),
        Word("5,200", 960, 1165, 57, 23, 96.9, 19), Word("5袋", 1089, 1156, 39, 39, 62.2, 19),
        Word("26,000", 1249, 1166, 69, 22, 96.8, 19), Word("※", 133, 1220, 15, 16, 93.1, 20),
        Word("印は軽減税率(8%)", 155, 1214, 166, 35, 84.2, 20), Word("適用商品です。", 341, 1214, 118, 35, 91.5, 20),
        Word("税抜金額", 696, 1283, 90, 23, 66.5, 21), Word("消費税額(10%)", 696, 1322, 169, 39, 89.1, 22),
        Word("消費税額(8%)", 696, 1364, 156, 40, 75.5, 23), Word("消費税合計", 696, 1406, 114, 40, 92.3, 24),
        Word("ご請求合計客", 697, 1446, 150, 44, 52.1, 25), Word("109%対象Bik", 141, 1520, 120, 33, 43.0, 26),
        Word("¥23,200", 652, 1527, 69, 18, 87.7, 26), Word("消費税額(109%)", 740, 1521, 143, 34, 69.0, 26),
        Word("軽減税率8対象", 140, 1570, 144, 21, 71.5, 27), Word("¥26,000", 652, 1573, 69, 18, 74.8, 27),
        Word("消費税額(8%)", 740, 1567, 132, 33, 87.6, 27), Word("お振込先", 132, 1989, 71, 31, 66.5, 28),
        Word(":", 210, 1996, 1, 12, 91.2, 28), Word("西日本ひかり銀行駅前吉店普通", 221, 1989, 253, 31, 67.2, 28),
        Word("1721110", 481, 1996, 66, 14, 84.4, 28),
        Word("お振込手数料は貴社にてご負担ください。", 132, 2022, 323, 31, 76.0, 29),
        Word("¥49,200", 1236, 1286, 82, 23, 90.5, 30), Word("¥2,320", 1249, 1329, 69, 22, 93.0, 31),
        Word("¥2,080", 1249, 1371, 69, 23, 93.2, 32), Word("¥4,400", 1249, 1414, 69, 22, 91.9, 33),
        Word("¥53,600", 1223, 1454, 94, 26, 90.8, 34), Word("¥2,320", 1263, 1527, 59, 19, 92.7, 35),
        Word("¥2,080", 1263, 1573, 59, 19, 92.8, 36), Word("K", 790, 173, 18, 25, 89.9, 38),
        Word("a", 1298, 167, 22, 33, 66.6, 38),
    ]
    asked = []

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        asked.append((kind, box))
        # (read at the number's own height, it is garble: read a line at a time, it is the number)
        if kind.startswith("text") and box[1] <= 260 <= box[3] and box[0] < 200 and height < 30:
            found = [Word("0000432", 131, 262, 134, 30, 93.0, 1)]
            return [_reading("0000432", 93.0, found)] * 2
        return []

    fields = extract_fields([Page(number=1, width=1461, height=2153, words=words)], reread=reread).fields
    assert fields["document_number"] == "0000432"
    # (the guessed caption alone is read once, before anything is chosen: `ocr.extract.guessed`)
    over_the_box = [box for kind, box in asked if kind.startswith("text") and box[1] <= 950 <= box[3]]
    assert len(over_the_box) == 1 and over_the_box[0][2] <= 422  # (up to the figure beside it)


@pytest.mark.parametrize("start", [0, 40])
def test_a_region_read_again_leaves_out_the_next_line_its_margin_catches(start) -> None:
    """A reference whose word box OCR drew taller than its text (so the crop's margin is too):
    the tops of the date printed close under it, caught at the crop's bottom edge, are no part of
    it. Read with them, Tesseract made a mark or a figure of them ('M000820 .', 'M00082¢ 0')."""
    image = Image.new("L", (900, 220), 255)
    draw = ImageDraw.Draw(image)
    serif, gothic = _font("DejaVuSerif-Bold.ttf", 24), _font("NotoSansCJK-Regular.ttc", 24)
    draw.text((60, 60), "M000820", font=serif, fill=40)
    left, top, right, bottom = draw.textbbox((60, 60), "M000820", font=serif)
    draw.text((start, bottom + 4), "2026年12月10日", font=gothic, fill=40)
    gray = np.asarray(image).copy()
    first = next(reread(gray, (left, top, right, bottom), "identifier", 1.6 * (bottom - top)))
    assert first.text == "M000820"


@pytest.mark.parametrize(("garble", "number"), [(8.0, "IN2701/863"), (90.0, None)])
def test_a_caption_read_cleanly_beside_its_value_garbled_without_a_figure_reads_the_value_alone(
        garble, number) -> None:
    """'Invoice #' read cleanly, its number beside it garbled to letters ('Dee'), the supplier's
    name further right on the row: the row read again garbles the number again, the number read
    alone does not. A word read cleanly beside the caption is no garble to read again."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([
        (258, [(152, "Invoice #"), (668, "Dee"), (885, "Bayside Hygiene Co., Ltd.")]),
        (304, [(152, "Issue date"), (677, "2027/01/19")]),
        (900, [(120, "Description"), (800, "Qty"), (1000, "Unit price"), (1200, "Amount")]),
        (950, [(120, "Soy sauce"), (800, "1"), (1000, "2,800"), (1200, "2,800")]),
    ])
    p.words = [replace(w, confidence=garble) if w.text == "Dee" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "text" or not box[1] <= 258 <= box[3]:
            return []
        if box[0] > 152 and box[2] < 885:  # the number alone
            return [_reading("IN2701/863", 92.0, [Word("IN2701/863", 668, 258, 150, 20, 92.0, 1)])]
        return [_reading("Invoice # ye Ue" + (" Bayside Hygiene Co., Ltd." if box[2] >= 885 else ""), 73.0)]

    assert extract_fields([p], reread=reread).fields["document_number"] == number


@pytest.mark.parametrize(("speck", "due"), [(6.0, "2027-02-28"), (93.0, None)])
def test_a_speck_read_before_a_garbled_value_read_again_starts_no_column(speck, due) -> None:
    """'Please pay by' read cleanly, its date far right in the value column garbled ('2027'
    '002128'): read again from the caption's end, a speck of the caption's last letter comes
    first, a column's gap before the date. A word read surely there is a column of its own."""
    from tests.ocr.builders import page

    p = page([
        (248, [(797, "伝票番号"), (876, "Inv. No."), (1289, "No.000745")]),
        (281, [(798, "日付"), (843, "Invoice Date"), (1288, "2026/12/19")]),
        (316, [(876, "Please pay by"), (1283, "2027 002128")]),
        (351, [(796, "御社注文番号"), (1252, "PO-2026-03467")]),
        (900, [(120, "Description"), (800, "Qty"), (1000, "Unit price"), (1200, "Amount")]),
        (950, [(120, "Copy paper"), (800, "1"), (1000, "2,800"), (1200, "2,800")]),
    ])
    p.words = [replace(w, confidence=53.0) if w.text == "002128" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "text" or not box[1] <= 320 <= box[3]:
            return []
        if box[0] < 980:  # the caption with it: garbled
            return [_reading("Placepyy: 22", 48.0, [Word("Placepyy:", 877, 316, 90, 20, 57.0, 1),
                                                     Word("22", 1283, 316, 20, 20, 39.0, 1)])]
        words = [Word("し", 990, 316, 14, 20, speck, 1), Word("2027/02/28", 1283, 316, 100, 20, 92.0, 1)]
        return [_reading("し 2027/02/28", 49.0, words)] * 2

    assert extract_fields([p], reread=reread).fields["due_date"] == due


def test_an_order_number_garbled_under_its_caption_on_the_item_tables_header_row_is_read_again() -> None:
    """A sidebar of captions over values beside the item table, the order caption on the table's
    header row, its Japanese half garbled before it ('SAtLIEIENo. Your order no.'), its number
    under it garbled ('roa' 'ee!'), the due date over it, read less than surely: read again
    under the whole caption. The date over it is no order number to read again."""
    from tests.ocr.builders import page

    p = page([
        (366, [(118, "インボイスナンバー Inv. No.")]),
        (390, [(141, "27-00894")]),
        (435, [(117, "発行日付 Tax point")]),
        (460, [(140, "2027年1月23日")]),
        (490, [(117, "お支払い期限 Due by")]),
        (515, [(140, "2027年2月22日")]),
        (546, [(115, "SAtLIEIENo."), (206, "Your order no."), (548, "個数 Quantity"), (722, "品名 Description"),
               (1177, "単価 Unit price"), (1448, "金額 Net")]),
        (589, [(146, "roa"), (225, "ee!"), (681, "6"), (722, "業務用洗剤 18L"), (1272, "8,700"), (1462, "52,200")]),
        (614, [(114, "登録番号 JCT registration no."), (721, "AB-412")]),
        (671, [(680, "5"), (723, "コピー用紙 A3"), (1270, "4,900"), (1461, "24,500")]),
    ], size=16)
    p.words = [replace(w, confidence=10.0) if w.text in ("SAtLIEIENo.", "roa", "ee!")
               else replace(w, confidence=83.0) if w.top == 515 else w for w in p.words]
    read = []

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind.startswith("text"):
            read.append(box)
        # (read from where the garbled start begins, the number reads; from its garble, it does not)
        if kind.startswith("text") and box[0] <= 130 and box[2] >= 250 and box[1] <= 595 <= box[3]:
            return [_reading("PO-2026-03537", 90.0, [Word("PO-2026-03537", 139, 589, 130, 16, 90.0, 1)])]
        if kind.startswith("text") and box[1] <= 550 <= box[3] and box[2] > 300:  # the caption's row
            words = [Word("SAtLIEIENo.", 115, 546, 88, 16, 10.0, 1), Word("Your", 206, 546, 32, 16, 90.0, 1),
                     Word("order", 246, 546, 40, 16, 90.0, 1), Word("no.", 294, 546, 24, 16, 90.0, 1)]
            return [_reading("SAtLIEIENo. Your order no.", 85.0, words)]
        return []

    assert extract_fields([p], reread=reread).fields["po_number"] == "PO-2026-03537"
    assert not [box for box in read if box[1] <= 520 <= box[3]]  # the due date over it: read as no reference


def test_an_order_number_garbled_in_a_sidebar_whose_date_shares_the_tables_header_row_is_read_again() -> None:
    """A sidebar of captions over values beside the item table, the due date on the table's
    header row (no column of the table), the order number under its caption garbled ('eer') on
    the first line's row: the sidebar's part of the table's rows is read again."""
    from tests.ocr.builders import page

    p = page([
        (327, [(110, "インボイスナンバー Inv No.")]),
        (352, [(130, "27-00825")]),
        (386, [(110, "発行日付 Tax point")]),
        (409, [(131, "2027年1月15日")]),
        (442, [(112, "お支払期限 Due by")]),
        (468, [(132, "2027年2月14日"), (497, "個数 Quantity"), (652, "品名 Description"), (1056, "単価 Unit price"),
               (1296, "金額 Net")]),
        (499, [(113, "SAtLIEIENo."), (195, "Your order no")]),
        (519, [(134, "eer"), (617, "1"), (653, "業務用洗剤 18L"), (1141, "8,700"), (1321, "8,700")]),
        (556, [(114, "登録番号 JCT registration no."), (654, "AB-412")]),
        (589, [(618, "6"), (656, "ハンドソープ詰替 2L"), (1144, "1,370"), (1323, "8,220")]),
    ], size=16)
    p.words = [replace(w, confidence=10.0) if w.text in ("SAtLIEIENo.", "eer") else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind.startswith("text") and box[0] <= 134 and box[1] <= 525 <= box[3] and 200 < box[2] < 600:
            return [_reading("PO-2026-03516", 90.0, [Word("PO-2026-03516", 134, 519, 130, 16, 90.0, 1)])]
        return []

    fields = extract_fields([p], reread=reread).fields
    assert fields["po_number"] == "PO-2026-03516"
    assert fields["lines"][0]["description"] == "業務用洗剤 18L"


def test_a_garbled_date_far_right_of_its_caption_in_two_languages_is_read_again_with_it() -> None:
    """'伝票日付 Billing date' in a block of captions, their values in a column far right; the issue
    date garbled ('2027461)' '26H' for 2027年1月26日): its row is read again from the caption to
    the value after its second language, not only to the end of the caption."""
    from tests.ocr.builders import page

    p = page([
        (287, [(155, "有限会社有明文具"), (904, "請求番号 / Invoice #"), (1380, "S2701969")]),
        (334, [(155, "〒920-0853 石川県金沢市本町7-5-1"), (906, "伝票日付 Billing date"), (1325, "2027461) 26H")]),
        (392, [(906, "お支払期限 / Due by"), (1322, "2027年2月28日")]),
        (858, [(174, "コード"), (361, "品目"), (831, "税抜単価"), (1114, "数量"), (1354, "金額")]),
        (909, [(173, "SN0160"), (364, "コピー用紙A3"), (977, "3,700"), (1106, "10"), (1425, "37,000")]),
    ])
    p.words = [replace(w, confidence=44.0) if w.text in ("2027461)", "26H") else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if not kind.startswith("text") or not box[1] <= 340 <= box[3] or box[0] > 1000:
            return []
        text = "伝票 日付 Billing date" + (" 2027 年 1 月 26 日" if box[2] > 1400 else "")
        return [_reading(text, 90.0, [Word(t, 906 + 40 * i, 334, 36, 20, 90.0, 1) for i, t in enumerate(text.split())])]

    assert extract_fields([p], reread=reread).fields["issue_date"] == "2027-01-26"


@pytest.mark.parametrize(("caption", "number"), [(41.0, "INV270796"), (96.0, "INV270796")])
def test_a_caption_read_unsurely_that_a_reading_reads_cleanly_has_its_garbled_value_read_alone(
        caption, number) -> None:
    """'Inv. No.:' with its 'No.' read unsurely ('Nos' at 41), its number beside it garbled to
    letters ('IN es'), the supplier's name further right: the row read again reads the caption
    cleanly and garbles the number again; the number read alone does not."""
    from dataclasses import replace

    from tests.ocr.builders import page

    p = page([
        (302, [(130, "Inv. Nos"), (656, "IN es"), (884, "Tidewater Safety Supply LLC")]),
        (345, [(130, "Invoice Date"), (666, "01/02/2027")]),
        (900, [(120, "Description"), (800, "Qty"), (1000, "Unit price"), (1200, "Amount")]),
        (950, [(120, "Safety gloves"), (800, "1"), (1000, "398.40"), (1200, "398.40")]),
    ])
    garbled = {"Nos": caption, "IN": 6.0, "es": 37.0}
    p.words = [replace(w, confidence=garbled.get(w.text, w.confidence)) for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if not kind.startswith("text") or not box[1] <= 302 <= box[3]:
            return []
        if box[0] > 200 and box[2] < 884:  # the number alone
            return [_reading("INV270796", 92.0, [Word("INV270796", 656, 302, 130, 20, 92.0, 1)])]
        words = [Word("Inv.", 130, 302, 40, 20, 93.0, 1), Word("No.:", 175, 302, 45, 20, 90.0, 1),
                 Word("ee", 656, 302, 30, 20, 31.0, 1)]
        return [_reading("Inv. No.: ee", 85.0, words)]

    assert extract_fields([p], reread=reread).fields["document_number"] == number


@pytest.mark.parametrize(("read_again", "number"), [
    ("20-2026-06276", None),  # the order's number, its PO read as figures: no document number
    ("R26090269", "R26090269"),
])
def test_a_garbled_number_read_again_as_another_fields_figures_is_not_taken(read_again, number) -> None:
    """The invoice number garbled beside its caption; read again, the reading gives the order
    number printed further down, its 'PO' read as '20'."""
    from tests.ocr.builders import page

    p = page([
        (272, [(102, "Rechnung Nr."), (281, "Nesonoees")]),
        (317, [(102, "Datum"), (281, "2026-09-20")]),
        (356, [(102, "Zahlungsziel"), (281, "2026-10-20")]),
        (404, [(102, "Ihre Bestell-Nr."), (281, "PO-2026-06276")]),
        (800, [(120, "Beschreibung"), (800, "Menge"), (1000, "Preis"), (1200, "Betrag")]),
        (850, [(120, "Pipetten"), (800, "2"), (1000, "10.00"), (1200, "20.00")]),
    ])
    p.words = [replace(w, confidence=0.0) if w.text == "Nesonoees" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        return [_reading(read_again, 91.0)] if kind.startswith("text") and box[1] <= 280 <= box[3] else []

    assert extract_fields([p], reread=reread).fields["document_number"] == number


def test_an_issue_date_read_again_surely_makes_the_due_dates_january_november() -> None:
    """The issue date garbled ('10月30昌'), the due date's 11 read as one 1 ('1月29日') and read
    again no better: the issue date read again surely is out of order with January, in order with
    November, which the due date then is."""
    from tests.ocr.builders import page

    p = page([
        (228, [(119, "伝票No.:"), (277, "2610-0496")]),
        (275, [(119, "請求日:"), (278, "令和8"), (342, "年10月30昌"), (1036, "中央区"), (1133, "条西8-11")]),
        (312, [(122, "支払期日:"), (277, "令和8"), (340, "年"), (366, "1月29日"), (800, "TEL 094-368-3238")]),
        (804, [(129, "品名"), (935, "単価"), (1033, "数量"), (1313, "金額")]),
        (846, [(131, "ダンボール箱"), (925, "1,620"), (1035, "10"), (1286, "16,200")]),
    ])
    read = {"請求日:": 72.0, "令和8": 65.0, "年10月30昌": 41.0, "条西8-11": 0.0, "支払期日:": 43.0, "1月29日": 0.0}
    p.words = [replace(w, confidence=read.get(w.text, w.confidence)) for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if box[1] <= 280 <= box[3] and kind.startswith("text"):
            return [_reading("請求日: 令和8年10月30日", 92.0, [Word(t, x, 275, 60, 20, 92.0, 1) for t, x in (
                ("請求日:", 119), ("令和8", 278), ("年10月30日", 342))])]
        if box[1] <= 315 <= box[3] and kind == "date":
            return [_reading("令 和 8 年 月 291", 55.0), _reading("合 和 8 年 1 月 29|", 42.0)]
        return []

    fields = extract_fields([p], reread=reread).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2026-10-30", "2026-11-29")


def test_a_due_date_read_again_as_january_after_an_autumn_issue_date_is_november() -> None:
    """Captions over their values, both dates garbled ('2026 年遇月 30 日'). The issue date's
    stretch, read again, is the issue date again: no due date, and the due date's own stretch
    is read next; its 11 read again as one 1 ('1 月') is November, in order with the issue date."""
    from tests.ocr.builders import page

    p = page([
        (381, [(153, "請求書番号"), (238, "Invoice#")]),
        (406, [(177, "26-00229")]),
        (442, [(155, "feet"), (222, "Billing"), (277, "date")]),
        (470, [(178, "2026"), (213, "年"), (231, "9"), (240, "月"), (257, "22"), (275, "日")]),
        (504, [(159, "支払期日"), (226, "Due"), (258, "by")]),
        (532, [(177, "2026"), (212, "年遇月"), (264, "30"), (282, "日")]),
        (553, [(599, "今回ご請求額"), (803, "Balance"), (948, "due"), (1023, "¥"), (1071, "11,000")]),
        (885, [(591, "内容"), (1018, "Qty"), (1109, "税抜単価"), (1386, "金額")]),
        (942, [(590, "リングセット"), (1020, "4"), (1191, "¥2,500"), (1413, "¥10,000")]),
    ])
    read = {"feet": 40.0, "2026": 30.0, "年": 30.0, "9": 30.0, "月": 30.0, "22": 30.0, "日": 30.0,
            "支払期日": 33.0, "Due": 33.0, "年遇月": 22.0, "30": 22.0}
    p.words = [replace(w, confidence=read.get(w.text, w.confidence)) for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if box[1] <= 470 <= box[3]:
            return [_reading("2026 年 9 月 22 日", 85.0)]
        if box[1] <= 532 <= box[3] and kind.startswith("text"):
            return [_reading("2026 年 1 月 30 日", 71.0)]
        return []

    fields = extract_fields([p], reread=reread).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2026-09-22", "2026-11-30")


def test_a_garbled_caption_read_surely_only_with_the_sentence_beside_it_finds_its_value_under_it() -> None:
    """A caption OCR garbled ('RAE'), a greeting beside it: alone it reads as garble, then as
    the caption misread; read with the greeting, surely, it is '請求書番号', whose number stands
    under it in its column."""
    from tests.ocr.builders import page

    greeting = "平素は格別のお引き立てを賜り厚く御礼申し上げます。"
    p = page([
        (263, [(121, "TEL"), (168, "052-411-1207")]),
        (404, [(123, "RAE"), (494, greeting[:14]), (815, greeting[14:])]),
        (439, [(122, "$2611519")]),
        (487, [(123, "日"), (505, "内容"), (927, "個数"), (1061, "税抜単価"), (1294, "金額")]),
        (513, [(122, "2026/11/13")]),
        (537, [(124, "Saas"), (507, "ステンレス六角ボルト"), (934, "4"), (1088, "3,800"), (1272, "15,200")]),
        (594, [(122, "2026/12/31"), (506, "エアフィルター小型"), (934, "2"), (1088, "6,400"), (1272, "12,800")]),
        (625, [(123, "御社発注"), (201, "No")]),
        (651, [(123, "PO-2026-04532"), (508, "コンベアベルト"), (921, "20"), (1075, "400"), (1256, "8,000")]),
    ])
    read = {"RAE": 15.0, greeting[:14]: 82.0, greeting[14:]: 49.0, "$2611519": 87.0, "日": 1.0, "Saas": 3.0}
    p.words = [replace(w, confidence=read.get(w.text, w.confidence)) for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if not kind.startswith("text") or not box[1] <= 404 <= box[3]:
            return []
        if box[2] < 480:  # the garble alone
            return [_reading("Pe 。", 14.0), _reading("晴 求 書 番 り", 64.0)]
        return [_reading(f"請求 書 番号 {greeting}", 94.0, [
            Word("請求書番号", 123, 395, 100, 20, 94.0, 1), Word(greeting, 494, 395, 500, 20, 94.0, 1)])]

    assert extract_fields([p], reread=reread).fields["document_number"] == "S2611519"


@pytest.mark.parametrize("caption", [["No.", "Ref"], ["Reference"], ["Number"]])
def test_a_number_under_a_caption_of_generic_words_only_that_ocr_missed_is_read_there(caption: list[str]) -> None:
    """'No. Reference' cut short by OCR to generic words ('No.' 'Ref'), alone on its row, its
    number under it not read at all: the strip under the caption is read for the number."""
    from tests.ocr.builders import page

    p = page([
        (183, [(388, "請求書"), (961, "Tax"), (1073, "invoice")]),
        (258, [(132 + 40 * i, word) for i, word in enumerate(caption)] + [(886, "合同会社明星紙器")]),
        (338, [(132, "作成日付"), (224, "Invoice"), (287, "date"), (886, "TEL"), (929, "096-952-4847")]),
        (375, [(131, "2026/10/15")]),
        (414, [(133, "お支払期限"), (236, "Payment"), (323, "due")]),
        (450, [(131, "2026/12/31")]),
        (986, [(155, "品名"), (900, "数量"), (1100, "単価"), (1400, "金額")]),
        (1040, [(155, "ラップフィルム"), (900, "10"), (1100, "1,000"), (1400, "10,000")]),
        (1100, [(786, "合計"), (1400, "10,000")]),
    ])

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if not kind.startswith("text") or box[3] > 330:
            return []
        if box[1] < 290 < box[3]:
            return [_reading("0000346", 91.0, [Word("0000346", 132, 280, 104, 22, 91.0, 1)])]
        return [_reading(" ".join(caption), 90.0)]  # the caption, cut short again

    assert extract_fields([p], reread=reread).fields["document_number"] == "0000346"


def test_a_t_number_garbled_in_a_key_value_tables_column_of_values_is_read_there() -> None:
    """'登録番号' read in a key/value table's column of captions, the number OCR garbled in the
    column of values further right than a number's width: read again to the end of that word."""
    from tests.ocr.builders import page

    p = page([
        (453, [(901, "貴社注文番号"), (1279, "PO-2026-05465")]),
        (519, [(901, "登録番号"), (1254, "esata")]),
        (585, [(901, "担当"), (1279, "田中")]),
    ], size=24)
    p.words = [replace(w, width=233, confidence=0.0) if w.text == "esata" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        whole = box[0] <= 1254 and box[2] >= 1487 and box[1] <= 525 <= box[3]
        return [_reading(NUMBER if whole else "7", 90.0)] if kind == "registration_number" else []

    assert extract_fields([p], reread=reread).fields["registration_number"] == NUMBER


@pytest.mark.parametrize("caption", [["Nr"], ["Nr."], ["Nummer"]])
def test_a_number_centred_over_a_caption_whose_first_word_ocr_lost_is_read_from_its_start(caption) -> None:
    """A grid of values over their captions, 'Rechnung Nr.' read as 'Nr' alone and its number,
    centred over the whole caption, not read at all: the number marker alone captions the
    document number, and the strip over it reaches left of it, up to the row's next words."""
    from tests.ocr.builders import page

    p = page([
        (169, [(598, "##RECHNUNG")]),
        (322, [(109, "20457"), (164, "Hamburg,"), (247, "Deutschland")]),
        (473, [(533, "2026-09-26"), (853, "2026-11-30"), (1153, "PO-2026-02380")]),
        (520, [(295, " ".join(caption)), (541, "Belegdatum"), (845, "Fälligkeitsdatum"), (1169, "Ihre Bestellung")]),
        (1000, [(123, "Bezeichnung"), (978, "Preis/Einheit"), (1147, "Anz."), (1264, "Gesamtpreis")]),
        (1043, [(123, "Bergkäse"), (1038, "62,50"), (1179, "1"), (1321, "62,50")]),
        (1100, [(706, "Summe"), (788, "brutto"), (1288, "62,50")]),
    ])

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if not kind.startswith("text"):
            return []
        if box[1] <= 530 <= box[3]:
            return [_reading(" ".join(caption) + " Belegdatum", 90.0)]  # the caption row, as OCR read it
        if not box[1] < 490 < box[3]:
            return []
        start = 220  # the number's first character, left of the caption read
        if box[0] <= start and box[2] >= 440:
            return [_reading("R26090329", 92.0, [Word("R26090329", start, 473, 210, 22, 92.0, 1)])]
        return [_reading("329", 96.0, [Word("329", 300, 473, 60, 22, 96.0, 1)])]

    assert extract_fields([p], reread=reread).fields["document_number"] == "R26090329"


@pytest.mark.parametrize("garbled_below", [False, True], ids=["alone", "garble further down"])
def test_a_garbled_reference_read_unsurely_leaves_the_next_cleaning_to_read_it_surely(garbled_below) -> None:
    """A caption and its number OCR garbled together ('Sean NO gener' for 'Quote No.: Q2609-303'):
    the first cleaning reads the caption and a number unsurely ('2608-309'), the next reads it
    surely. Running from the captions' column into the values', the stretch is read before the
    garble of rows lower down (a telephone number, a T-number) that could spend the second look."""
    from tests.ocr.builders import page

    garble = ["Fe.", "+61", "9332", "-", "7815716047343"]
    p = page([
        (180, [(128, "Coa"), (585, "eae"), (792, "aero")]),
        (264, [(116, "Eastwind"), (270, "Business"), (428, "Supplies"), (777, "Sean NO"), (960, "gener")]),
        (300, [(116, "Sendai"), (777, "Date"), (988, "22 Sep 2026")]),
        (337, [(777, "Offer valid until"), (988, "6 Oct 2026")]),
        *([(368, [(117, "Fe. +61 9332 -"), (777, "Registered number"), (988, "7815716047343")]),
           (418, [(776, "Contact"), (988, "S. Patel")]),
           (433, [(114, "Sold to")])] if garbled_below else []),
        (762, [(126, "Description"), (991, "Price"), (1136, "Qty"), (1272, "Amount")]),
        (806, [(126, "Copy paper, A4"), (991, "2,800"), (1136, "5"), (1262, "14,000")]),
        (876, [(1085, "Total"), (1262, "14,000")]),
    ])
    p.words = [replace(w, confidence=20.0) if w.text in ("Sean", "NO", "gener", "Coa", "eae", "aero", *garble)
               else w for w in p.words]
    readings = [("Quote No.: 2608-309", [45.0, 60.0, 31.0]), ("Quote No Q2609-303", [97.0, 97.0, 93.0])]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if not kind.startswith("text") or not box[1] <= 270 <= box[3]:
            return []
        out = []
        for text, confidences in readings:
            words, left = [], 778
            for part, confidence in zip(text.split(), confidences, strict=True):
                words.append(Word(part, left, 255, 14 * len(part), 20, confidence, 1))
                left += 14 * len(part) + 10
            out.append(_reading(text, min(confidences), words))
        return out

    assert extract_fields([p], reread=reread).fields["document_number"] == "Q2609-303"


def test_a_caption_read_weakly_among_garbled_stretches_is_read_again_first() -> None:
    """A fax's '請求No.' under its number, read weakly ('請求 No 、' at 34), the number over it
    read with a comma for its stop: of the garbled stretches of the header (an address, another
    caption, the addressee), the one holding the wanted field's caption is read again first."""
    from tests.ocr.builders import page

    p = page([
        (200, [(739, "##請求書")]),
        (293, [(151, "No,000958"), (887, "合同会社瑞穂フーズ")]),
        (320, [(151, "請求 No 、")]),
        (340, [(888, "〒 812-0011 福岡県福岡市博多区博多駅商 5")]),
        (369, [(152, "2027年2月24日"), (884, "TEL 077-314-3538")]),
        (402, [(152, "請求年月日")]),
        (450, [(151, "2027年3月末日")]),
        (484, [(152, "お支払期日")]),
        (533, [(150, "PO-2026-02796")]),
        (567, [(154, "Lik No.")]),
        (615, [(150, NUMBER)]),
        (648, [(153, "登録番号")]),
        (768, [(151, "神奈川精密フーズ株式会社経理部御中")]),
        (900, [(166, "品名"), (900, "数量"), (1100, "単価"), (1400, "金額")]),
        (950, [(166, "玉ねぎ"), (900, "10"), (1100, "1,000"), (1400, "10,000")]),
        (1000, [(786, "合計"), (1400, "10,000")]),
    ])
    weak = {"No,000958": 81.0, "請求": 34.0, "No": 34.0, "、": 34.0, "Lik": 37.0, "No.": 40.0,
            "〒": 0.0, "812-0011": 0.0, "5": 0.0, "福岡県福岡市博多区博多駅商": 0.0,
            "神奈川精密フーズ株式会社経理部御中": 26.0}
    p.words = [replace(w, confidence=weak[w.text]) if w.text in weak else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if not kind.startswith("text"):
            return []
        if box[1] <= 300 <= box[3]:
            return [_reading("No.000958", 90.0, [Word("No.000958", 151, 293, 180, 20, 90.0, 1)])]
        if box[1] <= 325 <= box[3] and box[0] < 300:  # the caption, read alike by two cleanings
            return [_reading("請求 No.", c, [Word("請求", 151, 320, 40, 20, c, 1), Word("No.", 196, 320, 30, 20, c, 1)])
                    for c in (61.0, 52.0)]
        return [_reading("ーー", 30.0)]

    assert extract_fields([p], reread=reread).fields["document_number"] == "No.000958"


def test_a_t_number_under_a_caption_whose_first_half_ocr_garbled_is_read_from_the_phrases_start() -> None:
    """'登録番号 / Qualified invoice issuer no.' read as 'GH 1 の / Qualified invoice issuer no.', the
    number under it not read at all: the strip under the caption starts where its phrase does."""
    from tests.ocr.builders import page

    p = page([
        (548, [(170, "ご注文 No. / Your order no.")]),
        (579, [(191, "PO-2026-02560")]),
        (630, [(168, "GH 1 の"), (238, "/ Qualified invoice issuer no.")]),
        (679, [(167, "担当者 / Your contact")]),
        (703, [(190, "高橋")]),
    ])
    p.words = [replace(w, confidence=0.0) if w.text in ("GH", "1", "の") else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "registration_number" or not box[1] <= 660 <= box[3]:
            return []
        return [_reading(NUMBER if box[0] <= 190 else NUMBER[4:], 90.0)]

    assert extract_fields([p], reread=reread).fields["registration_number"] == NUMBER


def test_a_t_number_garbled_under_its_caption_is_read_short_of_the_next_column() -> None:
    """A T-number OCR garbled under its caption ('ABRS2005'), the totals' captions further right on
    its line: the strip read again reaches the garble's end, not the next column's words."""
    from tests.ocr.builders import page

    p = page([
        (590, [(180, "PO-2026-04338")]),
        (627, [(158, "事業者登録番号 Registration No.")]),
        (659, [(180, "ABRS2005"), (586, "商品小計 Amount excl. tax"), (904, "消費税額等")]),
        (689, [(215, "Account no.")]),
        (724, [(180, "31262"), (770, "¥19,600"), (1104, "¥1,960")]),
    ])
    p.words = [replace(w, confidence=0.0) if w.text == "ABRS2005" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "registration_number" or not box[1] <= 665 <= box[3]:
            return []
        return [_reading(NUMBER if box[2] < 586 else "1", 90.0)]

    assert extract_fields([p], reread=reread).fields["registration_number"] == NUMBER


def test_a_date_read_as_garble_in_a_row_of_values_over_captions_under_the_table_is_read_again() -> None:
    """Captions under their values at the page's foot, the values' row taken in by the item table
    over it as its last line, the issue date in it read as garble ('2026.12.01' at 12): that
    row is the footer's too, and the date is read again."""
    from tests.ocr.builders import page

    p = page([
        (276, [(889, "信濃クリーン株式会社")]),
        (363, [(889, "TEL 037-343-7237")]),
        (528, [(214, "品番"), (379, "摘要"), (984, "個数"), (1070, "単位"), (1263, "単価"), (1466, "金額")]),
        (576, [(214, "AB-127"), (381, "ペーパータオル"), (1016, "3"),
                (1059, "ケース"), (1252, "4,000"), (1444, "12,000")]),
        (624, [(214, "AB-160"), (381, "鶏もも肉"), (1016, "4"), (1059, "ケース"), (1252, "2,600"), (1444, "10,400")]),
        (700, [(177, "No.000520"), (373, "2026.12.01"), (546, "2026年12月末日"), (742, "PO-2026-05299"),
                (944, NUMBER), (1263, "鈴木"), (1454, "86850")]),
        (748, [(203, "伝票 No."), (420, "aft"), (588, "お振込期限"), (777, "貴社発注番号"), (956, "インボイス登録番号"),
                (1195, "営業担当")]),
    ])
    p.words = [replace(w, confidence=12.0) if w.text == "2026.12.01" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if not kind.startswith("text") or not box[1] <= 710 <= box[3] or not box[0] <= 373 < box[2]:
            return []
        return [_reading("2026.12.01", 92.0, [Word("2026.12.01", 373, 700, 130, 20, 92.0, 1)])]

    fields = extract_fields([p], reread=reread).fields
    assert (fields["issue_date"], fields["due_date"]) == ("2026-12-01", "2026-12-31")


def test_a_date_read_as_a_run_of_figures_in_a_phrase_with_its_caption_is_read_again() -> None:
    """'請求日 2026年3月5日' read as 'HORA 日 202643850', its figures at 15 in one phrase with a
    caption read surely enough: no garbled stretch, but the run of figures in the column of the
    values is read again, and is the issue date."""
    from tests.ocr.builders import page

    p = page([
        (182, [(650, "##請求書")]),
        (290, [(143, "神奈川精密フーズ株式会社 御中"), (812, "HORA"), (862, "日"), (910, "202643850")]),
        (346, [(813, "請求書番号"), (930, "20260305-01")]),
        (443, [(807, "株式会社みなと商事")]),
        (624, [(807, "登録番号"), (930, NUMBER)]),
        (700, [(150, "品名"), (900, "数量"), (1100, "単価"), (1400, "金額")]),
        (750, [(150, "業務用洗剤 18L"), (900, "4"), (1100, "7,500"), (1400, "30,000")]),
        (800, [(1100, "合計"), (1400, "30,000")]),
    ])
    p.words = [replace(w, confidence=15.0) if w.text == "202643850" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if not kind.startswith("text") or not box[1] <= 300 <= box[3] or not box[0] <= 910 < box[2]:
            return []
        return [_reading("2026 年 3 月 5 日", 90.0, [Word("2026年3月5日", 910, 290, 150, 20, 90.0, 1)])]

    assert extract_fields([p], reread=reread).fields["issue_date"] == "2026-03-05"


def test_a_number_garbled_over_a_caption_whose_other_language_ocr_garbled_before_it_is_read_again() -> None:
    """Captions under their values, each in two languages, their Japanese halves garbled; the
    invoice number's ('YHA' 'ABS' for 請求書番号) a space before 'Inv. No', the number over it garbled
    ('—_!NV-00453') and ending before the English half starts: its column starts where the
    garbled half does, so the number is read again there."""
    from tests.ocr.builders import page

    p = page([
        (236, [(85, "Westbrook Fresh Produce"), (785, "—_!NV-00453")]),
        (270, [(86, "2-12 Sakuragicho"), (820, "4"), (860, "YHA"), (905, "ABS"), (939, "Inv. No")]),
        (317, [(785, "15 Dec 2026")]),
        (351, [(785, "fRRATT"), (875, "Issued")]),
        (391, [(785, "28 Feb 2027")]),
        (420, [(786, "SHVAMAR"), (897, "Due date")]),
    ], size=16)
    garbled = {"—_!NV-00453": 36.0, "YHA": 6.0, "ABS": 45.0, "fRRATT": 0.0, "SHVAMAR": 0.0}
    p.words = [replace(w, confidence=garbled.get(w.text, w.confidence))
               for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind.startswith("text") and box[0] <= 790 and box[2] >= 870 and box[1] <= 244 <= box[3]:
            return [_reading("INV-00453", 89.0, [Word("INV-00453", 787, 236, 110, 16, 89.0, 1)])]
        if kind.startswith("text") and box[1] <= 278 <= box[3]:  # the caption, as read the first time
            return [_reading("Inv. No", 90.0, [Word("Inv.", 939, 270, 32, 16, 90.0, 1),
                                               Word("No", 979, 270, 16, 16, 90.0, 1)])]
        return []

    assert extract_fields([p], reread=reread).fields["document_number"] == "INV-00453"


def test_a_garbled_value_beside_its_caption_is_read_again_without_the_next_block_on_its_row() -> None:
    """'N° de facture:' with its number garbled, then the buyer's address further along the same
    row, read surely: the number is read again in a box that ends with the garble, not with
    the address, whose words would crowd it out."""
    from tests.ocr.builders import page

    p = page([
        (150, [(120, "Epicerie fine Moreau SARL"), (900, "FACTURE")]),
        (385, [(120, "N° de facture:"), (394, "accesses"), (554, "4-1 Shin-Yokohama 2-chome, Kohoku-ku")]),
        (424, [(120, "Date de facture:"), (394, "19 décembre 2026")]),
        (900, [(120, "Désignation"), (800, "Qté"), (1000, "P.U. HT"), (1200, "Montant HT")]),
        (950, [(120, "Herbes de Provence"), (800, "8"), (1000, "14,00"), (1200, "112,00")]),
    ])
    p.words = [replace(w, confidence=0.0) if w.text == "accesses" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "text" or not box[1] < 395 < box[3]:
            return []
        if box[2] > 554:  # the address read with it: the number lost again among its words
            return [_reading("N° de facture: = 41 Shin-Yokohama 2-chome", 90.0)]
        return [_reading("FA000538" if box[0] > 300 else "N° de facture: FA000538", 90.0)]

    assert extract_fields([p], reread=reread).fields["document_number"] == "FA000538"


@pytest.mark.parametrize(("readings", "number"), [
    ([("F2611-0308", 61.0), ("F2611-0308", 60.0), ("F2611-0308", 65.0)], "F2611-0308"),
    ([("F2611-0308", 61.0), ("F2617-0308", 60.0), ("F2811-0308", 65.0)], None),  # no two alike: none
])
def test_a_garbled_reference_under_a_garbled_caption_read_alike_by_two_cleanings_is_taken(readings, number) -> None:
    """A fax's stack of captions over values, the number's caption and the number itself read as
    garble: read again, each cleaning reads the number unsurely; two of them alike is as good
    as one read surely."""
    from tests.ocr.builders import page

    p = page([
        (168, [(1268, "FACTURE")]), (250, [(886, "Etablissements Bonnet")]),
        (252, [(121, "Nurnéra de factine")]), (286, [(121, "F 2611-0308")]),
        (326, [(122, "Emise le")]), (364, [(121, "06/11/2026")]),
        (404, [(121, "Echéance")]), (442, [(121, "20/12/2026")]),
        (900, [(120, "Description"), (800, "Qté"), (1000, "P.U. HT"), (1200, "Montant HT")]),
        (950, [(120, "Huile d'olive"), (800, "6"), (1000, "14,00"), (1200, "84,00")]),
    ])
    p.words = [replace(w, confidence=0.0) if w.text in ("F", "2611-0308") else
               replace(w, confidence=32.0) if w.text in ("Nurnéra", "factine") else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "text" or not 275 < box[1] < 295:
            return []
        return [_reading(text, confidence, [Word(text, 121, 286, 180, 20, confidence, 1)])
                for text, confidence in readings]

    assert extract_fields([p], reread=reread).fields["document_number"] == number


def test_figures_set_apart_before_a_weak_reference_are_read_again_with_it() -> None:
    """'26' '0452' for 26-0452, the dash lost and both read unsurely: the number is read again
    with the figures before it, at their height (OCR's box for the rest took in more)."""
    from tests.ocr.builders import page

    p = page([
        (170, [(1246, "INVOICE")]),
        (267, [(131, "Pinecrest Office Supply Inc."), (887, "Invoice No.:"), (1074, "26"), (1106, "0452")]),
        (321, [(887, "Date:"), (1074, "11 November 2026")]),
        (900, [(120, "Description"), (800, "Qty"), (1000, "Unit price"), (1200, "Amount")]),
        (950, [(120, "Soy sauce"), (800, "1"), (1000, "2,800"), (1200, "2,800")]),
    ])
    p.words = [replace(w, confidence=61.0) if w.text == "26" else
               replace(w, confidence=52.0, top=w.top - 4, height=50) if w.text == "0452" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "identifier":
            return []
        if box[0] <= 1074 and height < 30:
            return [_reading("26-0452", 96.0)]
        return [_reading("1 Nove", 46.0)]

    assert extract_fields([p], reread=reread).fields["document_number"] == "26-0452"


def test_a_stacked_date_read_again_starts_with_its_year_read_as_garble() -> None:
    """Under 'お支払い期限 / Payment deadline', 2026年11月末日 read as '20264E' (garble) '11' 'AH': the
    caption's English half stands over the month, but the date is read again from its year."""
    from tests.ocr.builders import page

    p = page([
        (368, [(170, "請求書No./ Document Number:")]), (395, [(193, "2610-0169")]),
        (429, [(171, "伝票日付 / Date:")]), (448, [(194, "2026年10月3日")]),
        (492, [(170, "お支払い期限 / Payment deadline")]), (514, [(194, "20264E"), (252, "11 AH")]),
        (900, [(160, "品名"), (1000, "数量"), (1150, "単価"), (1340, "金額")]),
        (950, [(160, "ペーパータオル"), (1030, "8"), (1158, "3,800"), (1338, "30,400")]),
    ], size=15)
    p.words = [replace(w, confidence=12.0, width=59) if w.text == "20264E" else
               replace(w, confidence=70.0) if w.text in ("11", "AH") else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "text" or not 485 <= box[1] <= 520:
            return []
        if box[1] < 500:  # (its Japanese half read as garble again: the English half stands over the month)
            return [_reading("Payment deadline", 90.0, [Word("Payment", 280, 492, 70, 15, 90.0, 1),
                                                        Word("deadline", 355, 492, 80, 15, 90.0, 1)])]
        if box[2] < 400:
            return []  # (a strip that stops short of the date's end reads nothing of it)
        return [_reading("2026 年 11 月 末日" if box[0] <= 194 else "11 月 末日", 90.0)]

    assert extract_fields([p], reread=reread).fields["due_date"] == "2026-11-30"


@pytest.mark.parametrize(("confidence", "height"), [
    (70.0, 20),  # read less than surely, garble touching it: its first letter may be the garble's
    (52.0, 53),  # read weakly, OCR's box over the caption under it too: read at its row's height
])
def test_a_reference_after_garble_touching_it_is_read_again_at_its_print_height(confidence, height) -> None:
    """'Q2611-337' read '—_' (garble) '9261-337': read again with the garble, at the height of
    the words its row reads surely, the reference is read whole."""
    from tests.ocr.builders import page

    p = page([
        (166, [(136, "##QUOTE")]),
        (262, [(136, "Lakeshore Business Supplies Ltd."), (855, "—_"), (877, "9261-337")]),
        (346, [(877, "18-Nov-2026")]),
        (974, [(146, "Particulars"), (801, "Qty"), (1045, "Unit cost"), (1400, "Amount")]),
        (1031, [(146, "Clear file folders"), (801, "10"), (1087, "1,650"), (1400, "16,500")]),
    ])
    x = next(w for w in p.words if w.text == "9261-337").left
    small = page([(301, [(x + 16, "Estimate No.")]), (383, [(877, "Quote date")])], size=13)
    p.words = [replace(w, confidence=confidence, height=height) if w.text == "9261-337" else
               replace(w, confidence=18.0) if w.text == "—_" else w for w in p.words]
    p.words += [replace(w, line=w.line + 50) for w in small.words]

    def reread(page: int, box: tuple, kind: str, text_height: float) -> list:
        if kind != "identifier":
            return []
        if box[0] < x and text_height < 30:
            return [_reading("Q2611-337", 92.0)]
        return [_reading("Emus No.", 31.0)]

    assert extract_fields([p], reread=reread).fields["document_number"] == "Q2611-337"


def test_figures_set_apart_after_a_weak_reference_are_read_again_with_it() -> None:
    """'$2609' '166' for S2609166 (a phone photo), both read weakly: read again with the figures
    after it, the number is read whole, not cut at the first word's end ('$260916')."""
    from tests.ocr.builders import page

    p = page([
        (142, [(108, "大和青果株式会社")]),
        (334, [(107, "$2609"), (162, "166")]),
        (359, [(108, "請求書No")]),
        (400, [(107, "2026年9月16日")]), (432, [(108, "請求年月日")]),
        (900, [(120, "品名"), (800, "数量"), (1000, "単価"), (1200, "金額")]),
        (950, [(120, "玉ねぎ 5kg"), (800, "1"), (1000, "2,800"), (1200, "2,800")]),
    ])
    p.words = [replace(w, confidence=23.0) if w.text in ("$2609", "166") else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "identifier":
            return []
        return [_reading("$2609 166", 92.0)] if box[2] >= 190 else [_reading("$260916", 88.0)]

    assert extract_fields([p], reread=reread).fields["document_number"] == "S2609166"


@pytest.mark.parametrize(("first_read_at", "narrow", "wide"), [
    # read again twice as first read but for look-alikes ('AI' for 'A/'): confirmed, no wider crop
    (34.0, [("AI26/0550", 54.0), ("AI26/0550", 79.0), ("AI26/0550", 68.0)],
     [("Al2610550", 16.0), ("Al2610550", 18.0), ("Al2610550", 20.0)]),
    # readings that put figures for its slashes mend nothing
    (63.0, [("A126/0293", 0.0), ("AI26/0293", 0.0)], [("AI2610293", 43.0), ("Al2610293", 50.0)]),
])
def test_a_weak_reference_with_slashes_keeps_them_against_readings_of_strokes(first_read_at, narrow, wide) -> None:
    """A fax's 'A/26/0550' read weakly: read again, its slashes come out as strokes ('AI26/0550',
    'Al2610550'). Readings of it as first read confirm it; readings with figures for its slashes
    replace nothing."""
    from tests.ocr.builders import page

    p = page([
        (100, [(150, "Ferreteria Molina S.L."), (1200, "FACTURA")]),
        (256, [(886, "Numero de factura:"), (1132, "A/26/0550")]),
        (300, [(886, "Fecha:"), (1132, "24/12/2026")]),
        (900, [(120, "Descripcion"), (800, "Cant."), (1000, "Precio"), (1200, "Importe")]),
        (950, [(120, "Tornillos"), (800, "1"), (1000, "28,00"), (1200, "28,00")]),
    ])
    p.words = [replace(w, confidence=first_read_at) if w.text == "A/26/0550" else w for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "identifier":
            return []
        readings = narrow if box[0] >= 1130 else wide
        return [_reading(text.replace("0293", "0550"), confidence) for text, confidence in readings]

    assert extract_fields([p], reread=reread).fields["document_number"] == "A/26/0550"


@pytest.mark.parametrize("order", ["captions over values", "values over captions"])
@pytest.mark.parametrize(("lost_pair", "field", "value"), [(2, "due_date", "2027-03-01"),
                                                          (0, "document_number", "B000780")])
def test_a_caption_and_its_value_ocr_lost_from_a_stack_are_read_in_the_gap_they_leave(order, lost_pair, field,
                                                                                      value) -> None:
    """A stack of captions and their values; OCR lost one pair whole (run into the amount due
    printed large beside it, or the title over the stack). The gap it leaves in the stack's
    rhythm, or the place over the stack's head where nothing was read, is read again a line at a
    time: the caption names the value on the values' side of it."""
    from tests.ocr.builders import page

    stack = [("ご請求No. Inv. Nr", "B000780"), ("請求日付 Issue date", "30-Jan-2027"),
             ("お支払期限 Due date", "01-Mar-2027"), ("発注番号 Your PO", "PO-2026-07483")]
    rows, lost = [(160, [(130, "Meridian Containers K.K.")])], {}
    for n, pair in enumerate(stack):
        first, second = pair if order == "captions over values" else pair[::-1]
        for k, text in enumerate((first, second)):
            y = 380 + 70 * n + 30 * k
            if n == lost_pair:
                lost[y] = text
            else:
                rows.append((y, [(130, text)]))
    rows += [(800, [(130, "品名"), (900, "数量"), (1100, "単価"), (1300, "金額")]),
             (850, [(130, "紙カップ"), (900, "2"), (1100, "1,170"), (1300, "2,340")])]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        held = [(y, text) for y, text in lost.items() if box[1] <= y + 10 <= box[3]]
        if not kind.startswith("text") or len(held) != 1:
            return []
        (y, text), = held
        return [_reading(text, 92.0, [Word(w, 130 + 100 * i, y, 90, 20, 92.0, 1) for i, w in enumerate(text.split())])]

    assert extract_fields([page(rows)], reread=reread).fields[field] == value


@pytest.mark.parametrize("order", ["captions over values", "values over captions"])
@pytest.mark.parametrize(("caption", "due"), [("お支払期限 Due date", "2027-03-01"), ("担当 Contact", None)])
def test_a_caption_ocr_lost_from_beside_its_misread_value_in_a_stack_is_read_in_the_room_it_leaves(order, caption,
                                                                                                 due) -> None:
    """A stack of captions and their values; OCR lost one caption whole and misread its value
    ('01-Mxr-2027' for 01-Mar-2027, read as no date). The room the caption leaves between its
    value and the stack's next line is read again: a caption that names the due date makes the
    value, read again, the due date; one that names no wanted field, nothing."""
    from tests.ocr.builders import page

    stack = [("ご請求No. Inv. Nr", "B000780"), ("請求日付 Issue date", "30-Jan-2027"),
             (caption, "01-Mxr-2027"), ("発注番号 Your PO", "PO-2026-07483")]
    rows, lost = [(160, [(130, "Meridian Containers K.K.")])], {}
    for n, pair in enumerate(stack):
        first, second = pair if order == "captions over values" else pair[::-1]
        for k, text in enumerate((first, second)):
            y = 380 + 70 * n + 30 * k
            if text == caption:
                lost[y] = text
            else:
                lost.update({y: "01-Mar-2027"} if text == "01-Mxr-2027" else {})
                rows.append((y, [(130, text)]))
    rows += [(800, [(130, "品名"), (900, "数量"), (1100, "単価"), (1300, "金額")]),
             (850, [(130, "紙カップ"), (900, "2"), (1100, "1,170"), (1300, "2,340")])]
    p = page(rows)

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        held = [(y, text) for y, text in lost.items() if box[1] <= y + 10 <= box[3]]
        if not kind.startswith("text") or len(held) != 1:
            return []
        (y, text), = held
        return [_reading(text, 92.0, [Word(w, 130 + 100 * i, y, 90, 20, 92.0, 1) for i, w in enumerate(text.split())])]

    assert extract_fields([p], reread=reread).fields["due_date"] == due


@pytest.mark.parametrize(("caption", "number"), [("Reference:", "INV-00726"), ("Handled by", None)])
def test_a_reference_whose_caption_ocr_lost_in_a_key_value_box_is_named_by_its_caption_read_again(caption, number):
    """A key/value box of captions and their values set right; OCR read the first value
    ('INV-00726') but not its caption beside it. The strip where the caption stands, on the
    value's line, read again, names the value's field (or names none)."""
    from tests.ocr.builders import page

    p = page([
        (140, [(136, "Cedarline Engineering Inc."), (928, "##TAX INVOICE")]),
        (436, [(389, "INV-00726")]),
        (535, [(137, "Order ref"), (355, "PO-2026-08258")]),
        (569, [(137, "Your contact"), (395, "M. Ito")]),
        (598, [(137, "Client ID"), (405, "29152")]),
        (800, [(120, "Item"), (800, "Qty"), (1000, "Price"), (1200, "Amount")]),
        (850, [(120, "Office chair"), (800, "8"), (1000, "64,400"), (1200, "515,200")]),
    ])

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind.startswith("text") and box[1] <= 446 <= box[3] and box[2] < 389:
            return [_reading(caption, 90.0, [Word(w, 140 + 90 * i, 436, 80, 20, 90.0, 1)
                                             for i, w in enumerate(caption.split())])]
        return []

    assert extract_fields([p], reread=reread).fields["document_number"] == number


@pytest.mark.parametrize(("again", "under", "number"), [
    ("TGS", "PO-2026-06631", "PO-2026-06631"),  # words and no figure: the caption's garble read as figures
    ("5288", "PO-2026-06631", "5288"),  # read again alike: what OCR read stands
    ("TGS", "", "5288"),  # no value found under the caption: what OCR read stands
])
def test_a_captions_other_language_read_as_figures_beside_it_gives_way_to_the_value_under_it(again, under, number):
    """A sidebar stacks its captions, in two languages, over their values. OCR read one caption's
    Japanese words as figures beside its English ones ('Order ref' '5288' for 注文番号) and its
    value under it as garble."""
    from tests.ocr.builders import page

    p = page([
        (345, [(172, "Inv."), (202, "No."), (244, "請求書番号")]), (370, [(196, "B000339")]),
        (405, [(172, "Billing"), (250, "date"), (300, "作成日")]), (430, [(196, "15-Nov-2026")]),
        (529, [(172, "Order"), (240, "ref"), (290, "5288")]), (556, [(196, "28280")]),
        (800, [(600, "数量"), (700, "品名"), (1000, "単価"), (1200, "金額")]),
        (850, [(600, "2"), (700, "ボルト"), (1000, "3,000"), (1200, "6,000")]),
    ])
    p.words = [replace(w, confidence={"5288": 52.0, "28280": 0.0}.get(w.text, w.confidence)) for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind == "identifier" and box[1] < 550:
            return [_reading(again, 60.0)] * 2
        if kind == "text" and 545 < box[1] < 575 and under:
            return [_reading(under, 88.0, [Word(under, 196, 556, 182, 20, 88.0, 1)])]
        return []

    assert extract_fields([p], reread=reread).fields["po_number"] == number


def test_a_date_taken_for_want_of_a_caption_is_the_due_date_its_caption_read_again_names() -> None:
    """Captions over values in a stack; OCR lost the issue date's caption and garbled its date, and
    garbled the due date's caption ('CAB' for ご入金期限): the due date, read with no caption, was
    taken for the issue date until its caption, read again, names it."""
    from tests.ocr.builders import page

    p = page([
        (279, [(894, "インボイス番号")]), (326, [(887, "S2611722")]),
        (366, [(888, "2026年1"), (1046, "22"), (1086, "日")]),
        (450, [(891, "CAB")]), (483, [(887, "2026年12月31日")]),
        (537, [(891, "注文番号")]), (576, [(887, "PO-2026-01344")]),
        (1262, [(146, "品番"), (339, "商品名"), (922, "税抜単価"), (1104, "個数"), (1407, "税抜金額")]),
        (1316, [(145, "NMS-355"), (345, "エアフィルター"), (956, "9,100"), (1096, "20個"), (1412, "182,000")]),
    ])
    p.words = [replace(w, confidence={"2026年1": 20.0, "CAB": 34.0}.get(w.text, w.confidence)) for w in p.words]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind != "text":
            return []
        if box[1] <= 455 <= box[3]:
            return [_reading("ご入金期限", 70.0, [Word("ご入金期限", 891, 450, 100, 20, 70.0, 1)])] * 2
        if box[1] <= 488 <= box[3]:
            return [_reading("2026年12月31日", 90.0, [Word("2026年12月31日", 887, 483, 200, 20, 90.0, 1)])]
        return []

    fields = extract_fields([p], reread=reread).fields
    assert fields["due_date"] == "2026-12-31"
    assert fields["issue_date"] != "2026-12-31"


@pytest.mark.parametrize(("again", "confidence", "number"), [
    ("PO-2026-06381", 92.0, "PO-2026-06381"),  # read whole, surely
    ("PO-2026-06381", 60.0, "PO-2026-06381"),  # read whole by two cleanings alike
    ("PO-20", 92.0, "PO-20"),  # read as first read
    ("PO-20 Bal", 92.0, "PO-20"),  # another word after it: the first reading stands
])
def test_a_reference_ocr_cut_short_with_room_after_it_is_read_again_wider(again, confidence, number):
    """A sidebar's order number read surely but short, the rest of it lost into the large amount
    due printed further right on its row."""
    from tests.ocr.builders import page

    p = page([
        (466, [(280, "請求番号"), (373, "INV-00822")]),
        (577, [(280, "発注番号"), (373, "PO-20"), (700, "##Balance"), (900, "##¥22,070")]),
        (800, [(120, "品名"), (600, "数量"), (800, "単価"), (1000, "金額")]),
        (850, [(120, "ボルト"), (600, "2"), (800, "1,000"), (1000, "2,000")]),
    ])
    boxes = []

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if kind == "identifier" and box[1] <= 580 <= box[3]:
            boxes.append(box)
            return [_reading(again, confidence)] * 2
        return []

    assert extract_fields([p], reread=reread).fields["po_number"] == number
    assert all(box[2] < 700 for box in boxes)  # (never into the next words)


def test_a_caption_read_again_with_its_value_misread_has_the_next_cleaning_read_the_value() -> None:
    """OCR read a caption and nothing of its value beside it; the line read again gives the
    caption surely and the value misread ('26.0056+'): the next cleaning reads the value."""
    from tests.ocr.builders import page

    p = page([
        (158, [(101, "##請求明細書")]),
        (246, [(100, "伝票 No."), (887, "合同会社山城工業")]),
        (290, [(101, "請求日"), (611, "2026年12月23日"), (889, "〒060-0001")]),
        (334, [(102, "お支払い期限"), (625, "2027年2月28日"), (886, "TEL 098-288-6436")]),
        (944, [(119, "No 摘要"), (1007, "数量"), (1192, "単価"), (1452, "税抜金額")]),
        (994, [(183, "コンベアベルト"), (1013, "4"), (1163, "61,200"), (1454, "244,800")]),
    ])
    line = "伝票 No. {} 合同 会 社 山城 工業"
    words = [Word("伝票", 100, 246, 40, 20, 93.0, 1), Word("No.", 150, 246, 30, 20, 93.0, 1)]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if not kind.startswith("text") or not box[1] <= 256 <= box[3]:
            return []
        return [_reading(line.format(value), confidence, words + [Word(value, 690, 246, 105, 20, confidence, 1),
                                                                  Word("合同会社山城工業", 887, 246, 300, 20, 93.0, 1)])
                for value, confidence in (("26.0056+", 88.0), ("26-00561", 93.0))]

    assert extract_fields([p], reread=reread).fields["document_number"] == "26-00561"


def test_a_garbled_value_beside_a_name_in_large_type_is_read_again_without_the_name() -> None:
    """'請求No.' and its number in the labels' type, the seller's name in large type and its seal
    further right on the same line; OCR garbled the number and the name. The number is read again
    alone: a stretch running on into the name reads as the name's garble."""
    from tests.ocr.builders import page

    p = page([
        (330, [(124, "発行日"), (560, "2026/12/09")]),
        (400, [(124, "支払日"), (560, "2027年1月末日")]),
        (1000, [(120, "品名"), (600, "数量"), (800, "単価"), (1000, "金額")]),
        (1050, [(120, "ボルト"), (600, "2"), (800, "1,000"), (1000, "2,000")]),
    ], size=38)
    p.words += [Word("請求", 124, 247, 54, 38, 92.0, 0), Word("No.", 178, 247, 41, 38, 92.0, 0),
                Word("Puzres", 676, 256, 121, 20, 0.0, 0), Word("有朋会山城人所", 889, 228, 134, 107, 20.0, 0),
                Word("社", 1023, 242, 40, 68, 93.0, 0), Word("(8)", 1289, 233, 98, 98, 8.0, 0)]

    def reread(page: int, box: tuple, kind: str, height: float) -> list:
        if not kind.startswith("text") or not box[1] <= 260 <= box[3]:
            return []
        if box[2] < 889:
            return [_reading("請求 No. S2612756", 93.0)]
        return [_reading("se vszsrse 。 有限 会 社 山城 製作 所", 36.0)]

    assert extract_fields([p], reread=reread).fields["document_number"] == "S2612756"
