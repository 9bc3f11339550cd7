"""The page reader: real Tesseract on generated images, real text layers, no fixtures on disk."""
from __future__ import annotations

import io
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from ocr import reading, tesseract
from ocr.language import languages_for
from ocr.model import Word
from ocr.pages import PDF_SCALE
from ocr.prepare import lighten_dark_blocks, prepare_for_ocr
from ocr.reading import UnsupportedDocument, read_pages, render_page_png
from ocr.tesseract import merge_cjk

LATIN_FONTS = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
]
CJK_FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
]


def _font(candidates: list[str], size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(candidates[0], size)  # installed by scripts/install-system-packages.sh


def _sheet(lines: list[str], fonts: list[str], size: int = 36, width: int = 1100) -> Image.Image:
    """A white page with one text line per entry, as a 200-dpi scan of 12-pt type would show it.

    A tab in a line starts a second column, as a label and its value sit on a form.
    """
    font = _font(fonts, size)
    image = Image.new("L", (width, 120 + len(lines) * size * 2), 255)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        for column, text in enumerate(line.split("\t")):
            draw.text((80 + column * 400, 60 + row * size * 2), text, font=font, fill=0)
    return image


def _encode(images: list[Image.Image], fmt: str) -> bytes:
    out = io.BytesIO()
    images[0].save(out, format=fmt, save_all=len(images) > 1, append_images=images[1:])
    return out.getvalue()


def _pdf_with_text(text_at: list[tuple[float, float, str]], width: int = 612, height: int = 792) -> bytes:
    """A one-page PDF whose only content is Helvetica text: a real text layer, no images."""
    stream = b"".join(b"BT /F1 12 Tf %.1f %.1f Td (%s) Tj ET\n" % (x, y, t.encode("latin-1"))
                      for x, y, t in text_at)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>" % (width, height),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)


def _texts(words: list[Word]) -> list[str]:
    return [w.text for w in words]


def test_an_english_scan_is_read_with_eng_alone_into_positioned_lines():
    image = _sheet(["Invoice No. INV-00512", "Total Due 4,224"], LATIN_FONTS)

    [page] = read_pages(_encode([image], "PNG"), "image/png")

    assert (page.number, page.width, page.height) == (1, image.width, image.height)
    assert (page.source, page.language) == ("ocr", "eng")
    assert page.text.splitlines() == ["Invoice No. INV-00512", "Total Due 4,224"]
    invoice = next(w for w in page.words if w.text == "Invoice")
    assert 70 <= invoice.left <= 90 and 55 <= invoice.top <= 80 and 0 <= invoice.confidence <= 100
    assert len({w.line for w in page.words}) == 2


def test_a_japanese_scan_is_read_with_jpn_and_its_glyphs_joined_into_words():
    image = _sheet(["請求書番号\tINV-00512", "お支払期限\t2026年11月30日"], CJK_FONTS, size=40)

    [page] = read_pages(_encode([image], "PNG"), "image/png")

    assert "jpn" in page.language
    assert "請求書番号" in _texts(page.words)
    assert "2026年11月30日" in _texts(page.words)
    assert "INV-00512" in _texts(page.words)


def test_a_page_of_euro_amounts_the_ink_test_takes_for_japanese_is_read_as_english():
    """The euro sign stacks four strokes like a kanji: a French invoice's figures, read with
    Japanese, end in a kana. Its reading holds no Japanese word, so it is read again as English."""
    lines = ["Facture n° FA-2026-0564", *(f"Article {n}\t{n * 3},50 €\t{n * 9},00 €" for n in range(1, 7)),
             "Total TTC\t\t1 974,48 €"]
    image = _sheet(lines, LATIN_FONTS, size=30)
    ink = (np.asarray(image) < 128).astype(np.uint8)
    assert "jpn" in languages_for(ink)  # what the ink test alone says

    [page] = read_pages(_encode([image], "PNG"), "image/png")

    assert page.language == "eng"
    assert "FA-2026-0564" in _texts(page.words)
    assert sum(w.text == "€" for w in page.words) >= 10


def test_a_text_layer_is_taken_as_is_in_200_dpi_pixels_without_ocr(monkeypatch):
    def no_ocr(*args, **kwargs):
        raise AssertionError("a page with a text layer was OCRed")

    monkeypatch.setattr(reading, "tesseract_words", no_ocr)
    pdf = _pdf_with_text([(72, 720, "Invoice No. INV-00512"), (72, 700, "Total Due 4,224"),
                          (400, 700, "JPY")])

    [page] = read_pages(pdf, "application/pdf")

    assert (page.source, page.language, page.width, page.height) == ("text-layer", "", 1700, 2200)
    assert page.text.splitlines() == ["Invoice No. INV-00512", "Total Due 4,224 JPY"]
    assert all(w.confidence == 100 for w in page.words)
    first = page.words[0]
    assert first.left == pytest.approx(72 * PDF_SCALE, abs=3)
    # Helvetica's 12-pt box on a baseline 72 pt from the top spans roughly 61 to 75 pt.
    assert 58 * PDF_SCALE <= first.top <= 64 * PDF_SCALE <= 72 * PDF_SCALE <= first.bottom


def test_a_multi_page_tiff_gives_its_pages_in_order():
    frames = [_sheet([f"Page {name} of three"], LATIN_FONTS).convert("1") for name in ("one", "two", "six")]

    pages = read_pages(_encode(frames, "TIFF"), "image/tiff")

    assert [p.number for p in pages] == [1, 2, 3]
    assert [p.words[1].text for p in pages] == ["one", "two", "six"]


def test_a_batch_reads_every_documents_pages_in_its_one_shared_pool():
    frames = [_sheet([f"Page {name} of two"], LATIN_FONTS).convert("1") for name in ("one", "two")]
    submitted = []

    class CountingPool(ThreadPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):
            submitted.append(args[2])  # the page index
            return super().submit(fn, *args, **kwargs)

    with CountingPool(2) as pool:
        pages = read_pages(_encode(frames, "TIFF"), "image/tiff", readers=pool)

    assert sorted(submitted) == [0, 1]
    assert [p.words[1].text for p in pages] == ["one", "two"]


@pytest.mark.skipif(tesseract._engines() is None, reason="libtesseract's C API is not loadable")
@pytest.mark.parametrize(("lines", "fonts", "language", "psm", "variables"), [
    (["Invoice No. INV-00512", "Total Due\t4,224"], LATIN_FONTS, "eng", 3, {}),
    (["請求書番号\tINV-00512", "お支払期限\t2026年11月30日"], CJK_FONTS, "eng+jpn", 3, {}),
    (["T1234567890123"], LATIN_FONTS, "eng", 7, {"tessedit_char_whitelist": "T0123456789"}),
])
def test_tesseract_in_process_reads_exactly_as_the_command_does(lines, fonts, language, psm, variables):
    gray = np.asarray(_sheet(lines, fonts), dtype=np.uint8)
    pgm = f"P5 {gray.shape[1]} {gray.shape[0]} 255\n".encode() + gray.tobytes()
    options = [arg for name, value in (*tesseract.ALWAYS, *variables.items()) for arg in ("-c", f"{name}={value}")]
    command = subprocess.run(
        ["tesseract", "stdin", "stdout", "-l", language, "--psm", str(psm), *options, "tsv"],
        input=pgm, capture_output=True, check=True, env=dict(os.environ, OMP_THREAD_LIMIT="1"),
    ).stdout.decode()

    in_process = tesseract.tesseract_tsv(gray, language, psm, variables)

    assert in_process.splitlines() == command.splitlines()[1:]  # the command adds a header row


@pytest.mark.skipif(tesseract._engines() is None, reason="libtesseract's C API is not loadable")
def test_a_reading_with_a_whitelist_leaves_the_shared_engine_as_it_was():
    gray = np.asarray(_sheet(["Invoice No. INV-00512"], LATIN_FONTS), dtype=np.uint8)
    before = tesseract.tesseract_tsv(gray, "eng", 7)
    digits_only = tesseract.tesseract_tsv(gray, "eng", 7, {"tessedit_char_whitelist": "0123456789"})
    assert "Invoice" in before and "Invoice" not in digits_only
    assert tesseract.tesseract_tsv(gray, "eng", 7) == before


def test_a_variable_that_cannot_be_put_back_is_refused():
    with pytest.raises(ValueError):
        tesseract.tesseract_tsv(np.full((40, 200), 255, np.uint8), "eng", 7, {"load_system_dawg": "0"})


def test_a_page_renders_as_png_in_the_word_boxes_space_scaled_to_fit():
    image = _sheet(["Invoice"], LATIN_FONTS, width=2000)

    png, scale = render_page_png(_encode([image], "PNG"), "image/png", 1, max_width=500)

    shown = Image.open(io.BytesIO(png))
    assert shown.format == "PNG" and shown.width == 500
    assert scale == pytest.approx(500 / 2000)


def test_other_file_types_are_refused():
    with pytest.raises(UnsupportedDocument):
        read_pages(b"hello", "text/plain")


def _word(text: str, left: int, line: int = 1, width: int = 30) -> Word:
    return Word(text=text, left=left, top=10, width=width, height=30, confidence=90.0, line=line)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ([_word("請", 0), _word("求", 32), _word("書", 64)], ["請求書"]),
        ([_word("2026", 0, width=60), _word("年", 62)], ["2026年"]),
        ([_word("御", 0), _word("中", 32, line=2)], ["御", "中"]),
        ([_word("株式会社", 0, width=120), _word("御中", 200)], ["株式会社", "御中"]),
        ([_word("Total", 0, width=60), _word("Due", 65)], ["Total", "Due"]),
    ],
)
def test_touching_cjk_glyphs_on_one_line_become_one_word(words, expected):
    assert _texts(merge_cjk(words)) == expected


def _ink(image: Image.Image) -> np.ndarray:
    return (np.asarray(image.convert("L")) < 128).astype(np.uint8)


@pytest.mark.parametrize(
    ("lines", "fonts", "expected"),
    [
        (["請求書番号 INV-00512", "お支払期限 2026年11月30日"], CJK_FONTS, "eng+jpn"),
        (["請求日 2026年9月22日", "注文番号 PO-2026-01367", "登録番号 T6109802740859"], CJK_FONTS, "eng+jpn"),
        (["Invoice No. INV-00512", "Total Due 4,224 Settlement"], LATIN_FONTS, "eng"),
        (["BEE 888 Bag egg 3,883 Mmm"], LATIN_FONTS, "eng"),
    ],
)
def test_the_languages_are_told_from_the_ink_before_reading(lines, fonts, expected):
    assert languages_for(_ink(_sheet(lines, fonts))) == expected


def test_a_blank_page_is_english():
    assert languages_for(np.zeros((200, 300), np.uint8)) == "eng"


def test_a_japanese_page_is_read_once(monkeypatch):
    languages = []
    real = reading.tesseract_words

    def counted(image, language, **kwargs):
        languages.append(language)
        return real(image, language, **kwargs)

    monkeypatch.setattr(reading, "tesseract_words", counted)
    image = _sheet(["請求書番号\tINV-00512", "お支払期限\t2026年11月30日"], CJK_FONTS, size=40)

    read_pages(_encode([image], "PNG"), "image/png")

    assert languages == ["eng+jpn"]


def test_a_line_of_japanese_too_short_to_tell_is_read_again_with_jpn():
    image = _sheet(["株式会社オフィスサプライ東京"], CJK_FONTS, size=40)

    [page] = read_pages(_encode([image], "PNG"), "image/png")

    assert page.language == "eng+jpn"
    assert "株式会社オフィスサプライ東京" in _texts(page.words)


def test_white_text_on_a_dark_bar_is_turned_dark_on_light():
    image = Image.new("L", (1100, 300), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 1060, 140), fill=30)
    draw.text((80, 65), "FUJI TRADING CO., LTD.", font=_font(LATIN_FONTS, 40), fill=255)

    [page] = read_pages(_encode([image], "PNG"), "image/png")

    assert "TRADING" in _texts(page.words)
    lightened = lighten_dark_blocks(np.asarray(image))
    assert lightened[45, 45] > 200 and lightened[250, 500] == 255  # the bar flipped, the paper not


def test_white_text_on_a_grey_ribbon_is_read():
    image = Image.new("L", (1100, 360), 240)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 20, 1100, 170), fill=117)  # a mid-grey band across the page, as printed and scanned
    draw.text((80, 70), "INVOICE NO. HK00169", font=_font(LATIN_FONTS, 40), fill=250)

    [page] = read_pages(_encode([image], "PNG"), "image/png")

    assert "HK00169" in _texts(page.words)


def test_pale_text_on_a_grey_ribbon_beside_a_whiter_title_is_read():
    # The title is nearly white, the quote's number beside it a pale grey only a little lighter
    # than the ribbon: the lightest text turns black, the pale number dark enough to read.
    image = Image.new("L", (1400, 360), 240)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 20, 1400, 200), fill=106)
    draw.text((80, 50), "PRESUPUESTO", font=_font(LATIN_FONTS, 56), fill=205)
    draw.text((80, 140), "N. P-2026-031", font=_font(LATIN_FONTS, 30), fill=165)
    image = image.filter(ImageFilter.GaussianBlur(1.2))  # as a phone photographs it

    [page] = read_pages(_encode([image], "PNG"), "image/png")

    assert "P-2026-031" in _texts(page.words)


def test_white_text_on_a_ribbon_joined_to_the_scans_dark_edge_is_read():
    # The scanner's shadow down the page's left edge touches the ribbon: the two together are
    # one shape as large as the page, mostly paper, but the ribbon is a block all the same.
    image = Image.new("L", (1400, 1200), 240)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 12, 1200), fill=90)
    draw.rectangle((0, 30, 1400, 230), fill=128)
    draw.text((760, 110), "INVOICE NO. 202606-4410882", font=_font(LATIN_FONTS, 40), fill=235)
    draw.text((80, 400), "Thank you for your business.", font=_font(LATIN_FONTS, 40), fill=20)

    [page] = read_pages(_encode([image], "PNG"), "image/png")

    assert "202606-4410882" in _texts(page.words)


def test_a_faxed_tables_black_header_joined_to_its_rules_is_turned_and_its_first_row_is_not():
    # A 1-bit fax: the header bar, the table's frame and column rules are one shape of ink,
    # hollow and as large as the table; the bar is still a block, and the row under it stays.
    image = Image.new("L", (1600, 900), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((96, 100, 1550, 155), fill=0)
    for x in (96, 870, 940, 1110, 1280, 1550):
        draw.rectangle((x, 100, x + 2, 700), fill=0)
    for y in (240, 330, 420, 510, 600, 700):
        draw.rectangle((96, y, 1552, y + 2), fill=0)
    for x, caption in ((110, "Product"), (960, "Quantity"), (1130, "Rate"), (1330, "Net")):
        draw.text((x, 110), caption, font=_font(LATIN_FONTS, 34), fill=255)
    draw.text((110, 170), "Soy sauce 1L", font=_font(LATIN_FONTS, 34), fill=0)
    draw.text((1000, 170), "20", font=_font(LATIN_FONTS, 34), fill=0)
    before = np.asarray(image)

    lightened = lighten_dark_blocks(before)

    assert lightened[104:150, 400:800].min() > 200  # the bar is paper now
    assert np.array_equal(lightened[165:235], before[165:235])  # the row under it is as printed


def test_a_line_of_dark_text_under_a_bar_is_not_turned_with_it():
    # The bar's lower edge falls inside a block of the shrunk page, which then reaches into
    # the line under it: only the bar's own rows turn.
    image = Image.new("L", (1400, 400), 240)
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 45, 1360, 121), fill=60)  # a table's header band
    draw.text((80, 61), "品名   数量   単価   金額", font=_font(CJK_FONTS, 34), fill=250)
    draw.text((60, 123), "ステンレス六角ボルト M10×40   DWK-197   4箱   ¥3,400", font=_font(CJK_FONTS, 34), fill=20)
    before = np.asarray(image)

    lightened = lighten_dark_blocks(before)

    assert lightened[50, 50] > 200  # the band is paper now
    assert np.array_equal(lightened[122:170], before[122:170])  # the line under it is as printed


def test_bold_grey_type_on_paper_is_left_as_it_is():
    image = Image.new("L", (1100, 300), 245)
    draw = ImageDraw.Draw(image)
    draw.text((80, 60), "INVOICE", font=_font(LATIN_FONTS, 150), fill=70, stroke_width=6, stroke_fill=70)

    assert np.array_equal(lighten_dark_blocks(np.asarray(image)), np.asarray(image))


def test_a_fax_is_enlarged_for_tesseract_and_its_boxes_come_back_in_page_pixels():
    font_size = 24
    image = _sheet(["請求日\t2026年9月22日", "Invoice No. INV-00512"], CJK_FONTS, size=font_size).convert("1")
    _, glyph_top, _, _ = _font(CJK_FONTS, font_size).getbbox("Invoice")

    prepared = prepare_for_ocr(np.asarray(image.convert("L")))
    [page] = read_pages(_encode([image], "TIFF"), "image/tiff")

    assert prepared.scale > 1.2
    assert "2026年9月22日" in _texts(page.words)
    invoice = next(w for w in page.words if w.text == "Invoice")
    drawn_at = 60 + 2 * font_size  # the second line of `_sheet`
    assert invoice.left == pytest.approx(80, abs=4) and invoice.top == pytest.approx(drawn_at + glyph_top, abs=4)


def test_blank_margins_are_cut_away_and_the_boxes_map_back():
    image = Image.new("L", (1700, 2200), 255)
    ImageDraw.Draw(image).text((900, 1500), "Total Due 4,224", font=_font(LATIN_FONTS, 36), fill=0)

    prepared = prepare_for_ocr(np.asarray(image))
    [page] = read_pages(_encode([image], "PNG"), "image/png")

    assert prepared.image.shape[0] < 200 and prepared.image.shape[1] < 500
    total = next(w for w in page.words if w.text == "Total")
    assert 895 <= total.left <= 910 and 1500 <= total.top <= 1515


@pytest.mark.skipif(tesseract._engines() is None, reason="libtesseract's C API is not loadable")
def test_readers_use_the_engines_loaded_ahead_rather_than_loading_more():
    import ctypes.util

    engines = tesseract._Engines(ctypes.CDLL(ctypes.util.find_library("tesseract")))
    loaded = []
    load = engines._load
    engines._load = lambda language: loaded.append(language) or load(language)
    engines.load_ahead(("eng",), 1)
    gray = np.asarray(_sheet(["Invoice No. INV-00512"], LATIN_FONTS), dtype=np.uint8)

    assert "Invoice" in engines.tsv(gray, "eng", 7)
    assert "Invoice" in engines.tsv(gray, "eng", 7)
    assert loaded == ["eng"]


def test_small_print_on_a_phone_photo_is_enlarged_before_it_is_read():
    """A whole page photographed sets its text some 12 px high, where Tesseract's Japanese model
    drops characters ('M0110', '8月1日'); read enlarged, as a fax is, every character is there."""
    from PIL import ImageFilter

    lines = ["請求書番号 M-00110", "発行日 令和8年7月22日", "お支払期限 令和8年8月21日", "合計 103,268円"]
    image = _sheet(lines, CJK_FONTS, size=12).filter(ImageFilter.GaussianBlur(0.7))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=60)

    [page] = read_pages(out.getvalue(), "image/jpeg")

    text = page.text.replace(" ", "")
    assert "M-00110" in text and "令和8年8月21日" in text
