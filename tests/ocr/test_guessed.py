"""Words OCR only guessed, read again before anything is chosen: what the page prints replaces
the guesses where a second reading is sure of it, and nothing else changes."""
from __future__ import annotations

from dataclasses import replace

import pytest

from ocr.extract import extract_fields
from ocr.extract.guessed import GUESSED_RUNS, read_guessed_again
from ocr.model import Word
from ocr.reread import Reread
from tests.ocr.builders import page

NUMBER = "S2609272"


def stacked_header(caption: str = "No. / Invoice #", number: str = NUMBER):
    """Captions over their values down the left; the first caption and its number as given."""
    return page([
        (100, [(900, "INVOICE")]),
        (200, [(150, caption)]), (240, [(150, number)]),
        (300, [(150, "Issued")]), (340, [(150, "2026-09-25")]),
        (400, [(150, "Pay by")]), (440, [(150, "2026-11-30")]),
        (600, [(150, "Description"), (1100, "Qty"), (1250, "Price"), (1450, "Amount")]),
        (650, [(150, "Toner"), (1100, "8"), (1250, "8,800"), (1450, "70,400")]),
        (800, [(1100, "Total"), (1450, "70,400")]),
    ])


def guessed(sheet, texts: dict[str, str], confidence: float = 10.0):
    """The page with each word of `texts` read as its garble, at a confidence OCR only guesses at."""
    sheet.words = [replace(w, text=texts[w.text], confidence=confidence) if w.text in texts else w
                   for w in sheet.words]
    return sheet


class Rereader:
    """Reads the region of each printed text given as that text, surely or not, and keeps what was asked."""

    def __init__(self, printed: dict[tuple[int, int], str], confidence: float = 92.0) -> None:
        self.printed, self.confidence, self.asked = printed, confidence, []

    def __call__(self, page, box, kind, text_height):
        self.asked.append((box, kind))
        for (x, y), text in self.printed.items():
            if box[0] <= x <= box[2] and box[1] <= y <= box[3]:
                words, left, top, height = [], int(box[0]), int(box[1]), int(box[3] - box[1])
                for part in text.split():
                    words.append(Word(part, left, top, 10 * len(part), height, self.confidence, 1))
                    left += 10 * len(part) + 10
                yield Reread(text, self.confidence, "plain", words)
                return
        yield Reread("", 0.0, "plain", [])


def test_a_caption_and_number_ocr_only_guessed_are_read_again_and_the_number_found():
    sheet = guessed(stacked_header(), {"No.": "Ce", "/": "e", "Invoice": "a", "#": "o", NUMBER: "ae"})
    rereader = Rereader({(155, 205): "No. / Invoice #", (155, 245): NUMBER})

    [again] = read_guessed_again([sheet], rereader)

    assert [w.text for w in again.words if w.top < 260] == ["INVOICE", "No.", "/", "Invoice", "#", NUMBER]
    assert [kind for _box, kind in rereader.asked] == ["text", "text"]
    assert extract_fields([sheet]).document_number is None
    assert extract_fields([again]).document_number == NUMBER


def test_a_reading_as_unsure_as_the_first_changes_nothing():
    sheet = guessed(stacked_header(), {NUMBER: "ae"})
    [again] = read_guessed_again([sheet], Rereader({(155, 245): NUMBER}, confidence=45.0))
    assert [w.text for w in again.words] == [w.text for w in sheet.words]


def test_words_read_surely_over_the_garble_go_with_it():
    """'11' read surely amid a date's garble: the date read again replaces it too."""
    sheet = page([(300, [(150, "Issued"), (400, "2026年11月7日")])])
    sheet.words = [replace(sheet.words[1], text="eoeee", confidence=0.0),
                   Word("11", 460, 300, 20, 20, 90.0, sheet.words[1].line), sheet.words[0]]
    [again] = read_guessed_again([sheet], Rereader({(405, 305): "2026年11月7日"}))
    assert sorted(w.text for w in again.words) == ["2026年11月7日", "Issued"]


def test_a_bar_read_at_the_crops_edge_is_no_part_of_the_reading():
    """'Vermeld bij betaling het factuurnummer' closing a page, its last word garbled: read again
    as '| factuurnummer.', the crop's edge read as a bar. Without the bar, the caption is a
    sentence's last word, and the IBAN over it no invoice number."""
    sheet = page([
        (250, [(800, "Factuurnummer:"), (1240, "F2026-0579")]),
        (292, [(800, "Factuurdatum:"), (1250, "28.12.2026")]),
        (600, [(150, "Omschrijving"), (1100, "Aantal"), (1250, "Prijs"), (1450, "Bedrag")]),
        (650, [(150, "Gouda"), (1100, "8"), (1250, "10,15"), (1450, "81,20")]),
        (800, [(1100, "Totaal"), (1450, "81,20")]),
        (1974, [(87, "Bankgegevens: IBAN NL26 8280 1692 4642 2272 30")]),
        (2005, [(87, "Vermeld bij betaling het factuurnuiine")]),
    ])
    sheet = guessed(sheet, {"Factuurnummer:": "Factuurmummer:"}, confidence=58.0)
    sheet = guessed(sheet, {"factuurnuiine": "factuurnuiine"})
    garbled = next(w for w in sheet.words if w.text == "factuurnuiine")
    rereader = Rereader({(garbled.left + 5, garbled.top + 5): "| factuurnummer."})

    [again] = read_guessed_again([sheet], rereader)

    assert [w.text for w in again.words if w.top > 2000] == ["Vermeld", "bij", "betaling", "het", "factuurnummer."]
    assert extract_fields([again]).document_number == "F2026-0579"


@pytest.mark.parametrize("read", ["8119730257329", "0X17,"])
def test_a_figure_or_a_shred_of_one_read_unsurely_is_left_to_the_second_look(read):
    """A T-number read unsurely, its check digit the second look's test; a shred of a total under
    a stamp, which the second look reads whole, to its label's right edge."""
    sheet = guessed(stacked_header(number=read), {read: read}, confidence=24.0)
    rereader = Rereader({(155, 245): "T8119736257329"})
    assert read_guessed_again([sheet], rereader) == [sheet]
    assert rereader.asked == []


def test_a_text_layer_is_never_read_again():
    sheet = guessed(stacked_header(), {NUMBER: "ae"}, confidence=0.0)
    sheet.source = "text-layer"
    rereader = Rereader({(155, 245): NUMBER})
    assert read_guessed_again([sheet], rereader) == [sheet]
    assert rereader.asked == []


def test_only_so_many_runs_are_read_again_the_topmost_first():
    garble = [f"x{'q' * n}" for n in range(2, GUESSED_RUNS + 5)]  # (each wide enough to be a word)
    sheet = guessed(page([(100 + 60 * n, [(150, text)]) for n, text in enumerate(garble)]),
                    {text: text for text in garble})
    rereader = Rereader({})
    read_guessed_again([sheet], rereader)
    assert [int(box[1]) for box, _kind in rereader.asked] == [100 + 60 * n for n in range(GUESSED_RUNS)]
