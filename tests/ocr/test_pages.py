"""Page images as the reader sees them."""
from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageDraw

from ocr.bilevel import is_bilevel
from ocr.files import limits
from ocr.pages import (
    PDF,
    _page_cache,
    _PageCache,
    deskew,
    flatten_photo,
    forget_pages,
    image_frame,
    page_image,
    render_page_png,
    render_pdf_page,
    skew_angle,
    to_gray,
)
from ocr.prepare import speck_runs, without_rules
from tests.helpers import font


def tiff(size: tuple[int, int], dpi: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("1", size, 1).save(out, format="TIFF", dpi=dpi, compression="group4")
    return out.getvalue()


def test_a_standard_resolution_fax_is_stretched_to_square_pixels_and_stays_black_and_white():
    frame = image_frame(tiff((1728, 1100), (204, 98)), 0)
    assert frame.size == (1728, round(1100 * 204 / 98))
    assert set(np.unique(np.asarray(frame))) <= {0, 255}


def test_a_fine_fax_keeps_its_size():
    assert image_frame(tiff((1728, 2200), (204, 196)), 0).size == (1728, 2200)


def test_an_image_without_resolution_keeps_its_size():
    out = io.BytesIO()
    Image.new("L", (300, 200), 255).save(out, format="PNG")
    assert image_frame(out.getvalue(), 0).size == (300, 200)


# --- straightening -----------------------------------------------------------------------------

def sheet(header_bar: bool = False) -> Image.Image:
    """An A4 page at 150 dpi with lines of text, and, like many invoices, a dark bar across its top."""
    page = Image.new("L", (1240, 1754), 250)
    draw = ImageDraw.Draw(page)
    if header_bar:
        draw.rectangle((0, 0, 1240, 110), fill=40)
        draw.text((420, 35), "ACME TRADING CO., LTD.", fill=250, font=font(36))
    for row in range(24):
        draw.text((110, 200 + row * 56), f"Item {row + 1:02d}  Copy paper A4, 500 sheets   {row + 3} x 1,200 = "
                  f"{(row + 3) * 1200:,}", fill=20, font=font(26))
    return page


def test_a_tilted_scan_is_levelled():
    for tilt in (2.0, -3.0):  # degrees, counter-clockwise as PIL and OpenCV count them
        tilted = np.asarray(sheet().rotate(tilt, resample=Image.BICUBIC, fillcolor=250))
        assert abs(skew_angle(tilted) + tilt) <= 0.2


def test_a_level_scan_is_left_alone():
    level = np.asarray(sheet())
    assert deskew(level) is level


def test_a_scan_with_a_dark_header_bar_is_not_taken_for_a_photo():
    scan = np.asarray(sheet(header_bar=True).rotate(1.5, resample=Image.BICUBIC, fillcolor=250))
    assert flatten_photo(scan) is scan
    assert abs(skew_angle(scan) + 1.5) <= 0.2


def test_a_photographed_sheet_is_cut_out_of_its_background():
    desk = Image.new("L", (1600, 2100), 70)
    page = sheet().rotate(4, expand=True, fillcolor=70, resample=Image.BICUBIC)
    desk.paste(page, ((1600 - page.width) // 2, (2100 - page.height) // 2))
    flat = flatten_photo(np.asarray(desk))
    height, width = flat.shape
    assert abs(width - 1240) <= 40 and abs(height - 1754) <= 40
    assert np.percentile(flat, 5) > 20  # no strip of desk left at the edges: it is all page


def photographed_with_a_bar(desk_level: int, bar_level: int, text: str, angle: float) -> np.ndarray:
    """A sheet with a bar of `bar_level` grey and light type across its top, photographed turned
    by `angle` on a desk of `desk_level`, and cut out of it again."""
    desk = Image.new("L", (1600, 2100), desk_level)
    page = sheet()
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, 0, 1240, 230), fill=bar_level)
    draw.text((120, 80), text, fill=240, font=font(40))
    page = page.rotate(angle, expand=True, fillcolor=desk_level, resample=Image.BICUBIC)
    desk.paste(page, ((1600 - page.width) // 2, (2100 - page.height) // 2))
    return flatten_photo(np.asarray(desk))


def test_a_photographed_sheet_keeps_the_coloured_band_along_its_top():
    """White type on a teal bar across the sheet's top edge: darker than the paper, lighter than
    the desk, the bar is part of the sheet, and so are the seller's name and the invoice number on it."""
    flat = photographed_with_a_bar(30, 85, "INVOICE INV0087", 3)
    height, width = flat.shape
    assert abs(width - 1240) <= 40 and abs(height - 1754) <= 40


def test_a_photographed_sheet_keeps_the_black_bar_along_its_top_on_a_lighter_desk():
    """A black bar across the sheet's top on a grey desk: darker than the desk, so no threshold
    between paper and desk takes it in, yet the bar, with the quote's number on it, is the sheet's."""
    flat = photographed_with_a_bar(90, 25, "QUOTE 20260917-0412", 2)
    height, width = flat.shape
    assert abs(width - 1240) <= 40 and abs(height - 1754) <= 40
    assert np.median(flat[20:200, 300:900]) < 60  # the bar is at the top, cut out with the sheet


# --- scanned PDFs --------------------------------------------------------------------------------

def scanned_pdf(dpi: int = 300, rotate: int = 0) -> bytes:
    """A one-page PDF that is nothing but a JPEG scan, as scanners write them."""
    out = io.BytesIO()
    sheet().save(out, format="PDF", resolution=dpi)
    if not rotate:
        return out.getvalue()
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(io.BytesIO(out.getvalue())).pages[0].rotate(rotate))
    turned = io.BytesIO()
    writer.write(turned)
    return turned.getvalue()


def test_a_scanned_pdf_page_is_its_image_in_the_same_pixels_as_a_rendering():
    for pdf in (scanned_pdf(300), scanned_pdf(150), scanned_pdf(300, rotate=90)):
        rendered = to_gray(render_pdf_page(pdf, 0))
        page = page_image(pdf, PDF, 1)
        assert page.shape == rendered.shape
        assert np.abs(page.astype(int) - rendered.astype(int)).mean() < 3


def test_a_poster_sized_scanned_page_is_its_image_in_the_same_pixels_as_a_rendering_within_the_limit():
    pdf = scanned_pdf(10)  # the sheet at 10 dpi: a page 3 by 4.5 metres, 870 megapixels at 200 dpi
    rendered = to_gray(render_pdf_page(pdf, 0))
    page = page_image(pdf, PDF, 1)
    forget_pages(pdf)
    assert page.shape == rendered.shape
    assert page.size <= limits().page_pixels


# --- pages remembered while a document is read ---------------------------------------------------

def test_remembered_pages_never_exceed_their_budget_and_the_latest_stay():
    cache = _PageCache(most=1000)
    pages = {number: np.zeros((10, 40), np.uint8) for number in range(5)}  # 400 bytes each
    for number, page in pages.items():
        cache.put((b"doc", PDF, number), page)
    assert cache.size <= 1000
    assert cache.get((b"doc", PDF, 4)) is pages[4] and cache.get((b"doc", PDF, 0)) is None


def test_a_page_larger_than_the_whole_budget_is_not_remembered():
    cache = _PageCache(most=1000)
    cache.put((b"doc", PDF, 1), np.zeros((100, 100), np.uint8))
    assert cache.size == 0


def test_a_documents_pages_are_forgotten_once_it_is_read():
    from ocr.document import read_document
    from tests.helpers import invoice_png

    data = invoice_png(["INVOICE", "Invoice No.: INV-FORGET"])
    before = _page_cache.size
    read_document(data, "image/png")
    assert _page_cache.size == before
    assert _page_cache.get((data, "image/png", 1)) is None


def test_a_preview_is_drawn_without_being_remembered():
    pdf = scanned_pdf(300)
    before = _page_cache.size
    png, scale = render_page_png(pdf, PDF, 1, max_width=600)
    assert Image.open(io.BytesIO(png)).width == 600 and scale < 1
    assert _page_cache.size == before


# --- table rules ---------------------------------------------------------------------------------

def ruled_sheet() -> np.ndarray:
    """Text between a solid rule, a dotted rule and a dashed column rule, as tables print them."""
    page = Image.new("L", (1240, 900), 255)
    draw = ImageDraw.Draw(page)
    draw.text((100, 140), "Copy paper A4   3 x 1,200 = 3,600", fill=0, font=font(28))
    draw.line((80, 200, 1160, 200), fill=0, width=3)  # solid
    for x in range(80, 1160, 10):
        draw.rectangle((x, 300, x + 3, 302), fill=0)  # dotted
    for y in range(460, 860, 14):
        draw.rectangle((1000, y, 1002, y + 6), fill=0)  # dashed, down the page
    draw.text((100, 400), "Tax - 10%   -   360", fill=0, font=font(28))
    return np.asarray(page)


def test_solid_dotted_and_dashed_rules_are_painted_out_and_the_text_kept():
    page = ruled_sheet()
    clean = without_rules(page)
    assert clean[199:202, 80:1160].min() == 255  # the solid rule
    assert clean[300:303, 80:990].min() == 255  # the dotted rule
    assert clean[460:860, 1000:1003].min() == 255  # the dashed column rule
    for top, bottom in ((130, 180), (390, 440)):  # the text, hyphens included, untouched
        assert np.array_equal(clean[top:bottom, 90:990], page[top:bottom, 90:990])


def test_specks_join_into_a_run_only_when_close_and_long_enough():
    # Four specks on row 10, 6 px apart, then one far away; a lone speck on row 40.
    lines, starts = np.array([10, 10, 10, 10, 10, 40]), np.array([0, 9, 18, 27, 200, 0])
    runs = speck_runs(lines, np.ones(6, int), starts, np.full(6, 3), gap=8, longest=30)
    assert runs == [(10, 0, 30)]
    assert speck_runs(lines, np.ones(6, int), starts, np.full(6, 3), gap=8, longest=31) == []


def test_a_tilted_fax_is_levelled_and_stays_black_and_white():
    fax = np.asarray(sheet().convert("1").rotate(1.5, resample=Image.NEAREST, fillcolor=1).convert("L"))
    assert is_bilevel(fax)
    level = deskew(fax)
    assert level is not fax  # it was turned
    assert is_bilevel(level) and set(np.unique(level)) <= {0, 255}
