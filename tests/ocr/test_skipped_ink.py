"""A stretch of the page the reader skipped (a table's middle columns on shaded rows) is read again."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from ocr.model import Word
from ocr.prepare import prepare_for_ocr
from ocr.reading import read_image
from ocr.skipped_ink import skipped_stretches, with_skipped_ink, without_rules
from ocr.tesseract import tesseract_words

FONTS = Path("/usr/share/fonts")
COLUMNS = (200, 1000, 1400, 1700, 1950, 2200)
ITEMS = [("保冷剤 50個", "DWK-271", "8箱", "¥2,800", "10%", "¥22,400"),
         ("食品機械用グリース 400g", "DWK-207", "5本", "¥3,100", "10%", "¥15,500"),
         ("上白糖 20kg", "DWK-237", "1袋", "¥3,700", "8%", "¥3,700"),
         ("国産小麦粉 25kg", "DWK-231", "3袋", "¥7,500", "8%", "¥22,500")] * 4


def _font(size: int) -> ImageFont.FreeTypeFont:
    """A font the install script installs (fonts-noto-cjk)."""
    return ImageFont.truetype(str(next(FONTS.rglob("NotoSansCJK-Regular.ttc"))), size)


def shaded_table() -> np.ndarray:
    """An A4 page at 300 dpi: a title and an item table whose every other row is shaded grey."""
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    draw.text((200, 200), "請求書", font=_font(60), fill=0)
    draw.rectangle((180, 900, 2350, 960), fill=40)
    for x, caption in zip(COLUMNS, ("品名／摘要", "コード", "数量", "単価", "税区分", "金額"), strict=True):
        draw.text((x, 905), caption, font=_font(34), fill=255)
    for i, item in enumerate(ITEMS):
        y = 980 + i * 100
        if i % 2:
            draw.rectangle((180, y - 20, 2350, y + 70), fill=232)
        for x, text in zip(COLUMNS, item, strict=True):
            draw.text((x, y), text, font=_font(34), fill=60)
    return np.asarray(image).copy()


def test_the_columns_a_first_reading_skipped_are_read_again() -> None:
    gray = shaded_table()
    prepared = prepare_for_ocr(gray)
    first = tesseract_words(prepared.image, prepared.language)
    assert not any("箱" in w.text for w in first)  # the page reader drops the middle columns

    words, _ = read_image(gray)
    texts = [w.text for w in words]
    assert sum("箱" in t for t in texts) >= 3
    assert sum(t.endswith("%") for t in texts) >= 8
    assert sum(t.startswith("DWK-") for t in texts) == sum(t.startswith("DWK-") for t in (w.text for w in first))


def _words_over(gray: np.ndarray) -> list[Word]:
    """A word over every piece of ink: a reading that missed nothing."""
    rows, cols = np.nonzero(gray < 140)
    return [Word("x", int(cols.min()), int(rows.min()), int(cols.max() - cols.min()) + 1,
                 int(rows.max() - rows.min()) + 1, 95.0, 1)]


def test_a_page_read_whole_is_not_read_again() -> None:
    calls = []
    gray = shaded_table()
    with_skipped_ink(gray, _words_over(gray), lambda crop, origin: calls.append(origin) or [])
    assert calls == []


def test_a_lone_piece_of_unread_ink_is_no_skipped_stretch() -> None:
    calls = []
    gray = shaded_table()
    title_only = gray.copy()
    title_only[800:, :] = 255  # the table gone: only the title, which no word covers
    with_skipped_ink(title_only, [], lambda crop, origin: calls.append(origin) or [])
    assert calls == []


def test_words_read_again_come_in_the_page_image_pixels_and_never_twice() -> None:
    gray = shaded_table()
    prepared = prepare_for_ocr(gray)
    first = tesseract_words(prepared.image, prepared.language)
    crops = []

    def read_block(crop: np.ndarray, origin: tuple[int, int]) -> list[Word]:
        crops.append((crop.shape, origin))
        return tesseract_words(crop, prepared.language, psm=6, origin=origin)

    words = with_skipped_ink(prepared.image, first, read_block)
    assert any(origin[0] > 1000 for _, origin in crops)  # the skipped columns, right of the descriptions
    added = words[len(first):]
    assert added and not any(w.text.startswith("DWK-") and any(
        abs(w.left - o.left) < 5 and abs(w.top - o.top) < 5 for o in first) for w in added)


def _dotted_rows() -> tuple[np.ndarray, list[Word]]:
    """Three rows of figures over dotted rules; the first reading garbled two rows' figures
    (the rule run into them) into weak words and read the first row well."""
    image = Image.new("L", (1600, 700), 255)
    draw = ImageDraw.Draw(image)
    for n, (qty, price) in enumerate((("1", "32,800"), ("1", "3,200"), ("1", "-1,800"))):
        y = 100 + n * 150
        for x, text in ((200, "品目"), (700, qty), (1000, price), (1300, price)):
            draw.text((x, y), text, font=_font(40), fill=30)
        for x in range(150, 1500, 14):
            draw.rectangle((x, y + 75, x + 6, y + 77), fill=90)
    gray = np.asarray(image).copy()
    first = [Word(t, x, 100, 60 + 25 * len(t), 45, 95.0, 1)
             for x, t in ((200, "品目"), (700, "1"), (1000, "32,800"), (1300, "32,800"))]
    first += [Word("品目", 200, 100 + n * 150, 80, 45, 95.0, n + 1) for n in (1, 2)]
    first += [Word("oo", 990, 245, 200, 90, 12.0, 2), Word("aS", 690, 395, 700, 90, 20.0, 3)]
    return gray, first


def test_garble_over_figures_gives_way_to_a_second_reading_without_the_rules() -> None:
    gray, first = _dotted_rows()
    crops = []

    def read_block(crop: np.ndarray, origin: tuple[int, int]) -> list[Word]:
        crops.append(crop)
        return tesseract_words(crop, "eng+jpn", psm=6, origin=origin)

    words = with_skipped_ink(gray, first, read_block)
    texts = [w.text for w in words]
    assert crops and "oo" not in texts and "aS" not in texts
    assert "3,200" in texts and "-1,800" in texts
    assert texts.count("32,800") == 2  # what the first reading read well is kept, not read twice


def test_rules_are_whitened_dotted_or_solid_and_text_kept() -> None:
    gray, _ = _dotted_rows()
    cleaned = without_rules(gray)
    assert cleaned[176:178, 160:1490].min() == 255  # the first dotted rule (its last dot ends may stay)
    assert (cleaned[100:150, 1000:1200] < 128).sum() > 0.9 * (gray[100:150, 1000:1200] < 128).sum()


def _garbled_row(old: Word, new: list[Word]) -> list[Word]:
    """The dotted rows' first reading with `old` in place of the second row's garble, read again as `new`."""
    gray, first = _dotted_rows()
    first = [w for w in first if w.text not in ("oo", "aS")] + [old]
    return with_skipped_ink(gray, first, lambda crop, origin: new)


def test_garble_read_again_only_in_part_stays_as_it_was():
    # '2026年11月2日' garbled; the second reading keeps only the year: the garble holds more.
    old = Word("20264F11H", 990, 245, 200, 50, 30.0, 2)
    words = _garbled_row(old, [Word("2026", 990, 245, 190, 50, 92.0, 1)])
    assert "20264F11H" in [w.text for w in words] and "2026" not in [w.text for w in words]


@pytest.mark.parametrize(("old_confidence", "new", "replaced"), [
    (30.0, Word("3,200", 1000, 250, 110, 45, 70.0, 1), True),  # garble gives way to a clean figure
    (30.0, Word("3.20O", 1000, 250, 110, 45, 70.0, 1), False),  # ... not to more garble
    (30.0, Word("3.20O", 1000, 250, 110, 45, 90.0, 1), False),  # ... however sure
    (55.0, Word("3,200", 1000, 250, 110, 45, 90.0, 1), False),  # a weak reading keeps its place
])
def test_a_weak_word_gives_way_only_to_a_better_reading(old_confidence, new, replaced):
    words = _garbled_row(Word("3.2O0", 995, 248, 115, 47, old_confidence, 2), [new])
    texts = [w.text for w in words]
    assert (new.text in texts, "3.2O0" in texts) == (replaced, not replaced)
    if replaced:
        assert next(w for w in words if w.text == new.text).line == 2  # on the line it replaced


def _order_block() -> np.ndarray:
    """A page whose order details stand in a stack of lines set close: caption left, value right."""
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    draw.text((200, 200), "Invoice", font=_font(60), fill=0)
    details = [("Order date", "22 March 2026"), ("Order #", "302-3140236-2629344"),
               ("Purchase order number", "PO-2026-04148"), ("Payment reference #", "1QW110822605R"),
               ("Shipment #", "D6026258LM")]
    for i, (caption, value) in enumerate(details):
        draw.text((200, 600 + 44 * i), caption, font=_font(34), fill=0)
        draw.text((900, 600 + 44 * i), value, font=_font(34), fill=0)
    return np.asarray(image).copy()


def test_a_line_the_reader_skipped_among_lines_set_close_is_read_again() -> None:
    """A photo's reading lost one line of a close stack whole: its ink runs into the lines over
    and under it once the page is shrunk, so no piece of ink is wholly unread."""
    gray = _order_block()
    prepared = prepare_for_ocr(gray)
    first = tesseract_words(prepared.image, prepared.language)
    lost = next(w for w in first if w.text == "PO-2026-04148")
    kept = [w for w in first if abs((w.top + w.height / 2) - (lost.top + lost.height / 2)) > lost.height / 2]
    assert not any(w.text.startswith(("Purchase", "PO-")) for w in kept)
    words = with_skipped_ink(prepared.image, kept,
                             lambda crop, origin: tesseract_words(crop, prepared.language, psm=6, origin=origin))
    texts = [w.text for w in words]
    assert "PO-2026-04148" in texts and texts.count("302-3140236-2629344") == 1


@pytest.mark.parametrize(("confidence", "replaced"), [(95.0, True), (70.0, False)])
def test_garble_lines_high_gives_way_to_the_sure_lines_read_over_it(confidence, replaced):
    """A column's caption and value, read as one line with a large title beside them, came back
    as one garbled word two lines high ('ee' over 'Invoice Date' and '2 Apr 2026')."""
    old = Word("ee", 995, 240, 200, 100, 33.0, 2)
    new = [Word("Invoice", 995, 245, 120, 40, confidence, 1), Word("Date", 1125, 245, 70, 40, confidence, 1),
           Word("2", 995, 295, 20, 40, confidence, 2), Word("Apr", 1020, 295, 60, 40, confidence, 2),
           Word("2026", 1090, 295, 90, 40, confidence, 2)]
    texts = [w.text for w in _garbled_row(old, new)]
    assert ("ee" not in texts, all(w.text in texts for w in new)) == (replaced, replaced)


@pytest.mark.parametrize(("size", "confidence", "replaced"), [
    ((20, 20), 92.0, True),  # a speck of the value read as garble gives way to the value read surely
    ((20, 20), 70.0, False),  # ... not to a value read unsurely
    ((120, 45), 92.0, False),  # garble as large as a word keeps its place (the second look reads it)
])
def test_a_speck_of_garble_gives_way_to_the_sure_word_read_over_it(size, confidence, replaced):
    """'No.000568' lost by the first reading but for a speck of it read as '。'."""
    old = Word("。", 1030, 262, *size, 43.0, 2)
    new = Word("No.000568", 995, 250, 230, 45, confidence, 1)
    texts = [w.text for w in _garbled_row(old, [new])]
    assert ("No.000568" in texts, "。" in texts) == (replaced, not replaced)


def test_a_table_s_lost_caption_row_and_columns_are_read_again_a_column_at_a_time() -> None:
    """The reading kept the descriptions and the amounts of a tall, close-set table and lost its
    caption row with the middle columns: the ink it left spans the table, more than a stretch
    may, and is read a column at a time (each column with its caption) rather than not at all."""
    columns = (200, 650, 950, 1150, 1350, 1650)
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    for x, caption in zip(columns, ("品名／摘要／規格", "コード", "数量", "単価", "税区分", "金額"), strict=True):
        draw.text((x, 905), caption, font=_font(34), fill=0)
    rows = ITEMS + ITEMS[:8]
    for i, item in enumerate(rows):
        for x, text in zip(columns, item, strict=True):
            draw.text((x, 980 + i * 100), text, font=_font(34), fill=0)
    gray = np.asarray(image).copy()
    # what the first reading kept: each row's description and amount
    kept = [Word(text, x, 980 + i * 100, 34 * len(text), 45, 95.0, i + 2) for i, item in enumerate(rows)
            for x, text in ((columns[0], item[0]), (columns[-1], item[-1]))]
    stretches = skipped_stretches(gray, kept)
    assert stretches and all(right - left < 500 for left, _top, right, _bottom in stretches)
    assert any(left <= columns[2] < right and top < 905 for left, top, right, _bottom in stretches)  # 数量, its figures


def _value_over_pale_caption() -> tuple[np.ndarray, list[Word]]:
    """A meta column of values over their pale captions, as a first reading left it: the
    other values and captions read, one value lost and its caption read as garble under it."""
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    draw.text((200, 200), "Bluestone Food Service K.K.", font=_font(40), fill=0)
    words = [Word(text, 200 + 150 * i, 200, 140, 48, 95.0, 1) for i, text in enumerate(("Bluestone", "Food"))]
    fields = [("IN2610/292", "伝票番号 / Document No."), ("2026-10-25", "日付 / Invoice Date"),
              ("2026-11-24", "お支払期限 / Due")]
    for i, (value, caption) in enumerate(fields):
        top = 600 + 130 * i
        draw.text((1500, top), value, font=_font(44), fill=0)
        draw.text((1500, top + 60), caption, font=_font(30), fill=150)  # grey: lighter than ink
        if i:
            words += [Word(value, 1500, top + 8, 260, 44, 95.0, 2 + 2 * i),
                      Word(caption, 1500, top + 66, 330, 32, 93.0, 3 + 2 * i)]
        else:
            words.append(Word("ees", 1500, top + 64, 80, 12, 17.0, 3))
    return np.asarray(image).copy(), words


@pytest.mark.parametrize("caption_garbled", [True, False])
def test_a_value_lost_over_its_garbled_caption_is_read_again(caption_garbled):
    """A value no word covers stands alone, but a line over garble it is a value whose caption
    the reading garbled, not a title or a stamp: it is read again."""
    gray, words = _value_over_pale_caption()
    if not caption_garbled:
        words = [w for w in words if w.text != "ees"]
    stretches = skipped_stretches(gray, words)
    over_value = [box for box in stretches if box[0] <= 1500 < box[2] and box[1] <= 610 < box[3]]
    assert bool(over_value) == caption_garbled


@pytest.mark.parametrize("noise", [0, 30])
def test_a_skipped_stretch_of_a_large_title_over_small_lines_reads_the_small_lines(noise: int) -> None:
    """A stretch holding a title in large type over a caption and its number in small type: read
    as one block of text, the title's end is garble and the small lines are lost; read again as
    lines of their own sizes, the number is read."""
    from ocr.reading import _read_block

    image = Image.new("L", (640, 200), 255)
    draw = ImageDraw.Draw(image)
    draw.text((10, 5), "請求書（適格請求書）", font=_font(80), fill=0)
    draw.text((10, 110), "伝票NO.", font=_font(22), fill=90)
    draw.text((10, 150), "26-00506", font=ImageFont.truetype(str(next(FONTS.rglob("NotoSansCJK-Bold.ttc"))), 26),
              fill=0)
    noisy = np.asarray(image).astype(np.int16) + np.random.default_rng(1).normal(0, noise, (200, 640))
    words = _read_block(np.clip(noisy, 0, 255).astype(np.uint8), "eng+jpn", (0, 0))
    assert "26-00506" in [w.text for w in words]
