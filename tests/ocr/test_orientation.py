"""Pages fed upside down or on their side are read upright, and only those."""
from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from ocr import orientation
from ocr.orientation import upright
from ocr.reading import read_pages
from tests.helpers import font

LINES = ["INVOICE", "Invoice No. INV-2026-0417", "Issue date 16 October 2026", "Bill to Kanagawa Precision Foods",
         "Description Qty Unit price Amount", "Stainless steel prep sink 2 86,500 173,000",
         "Induction wok burner 6 148,000 888,000", "Delivery charge 1 6,600 6,600",
         "Subtotal 1,067,600", "Consumption tax 10% 106,760", "Total 1,174,360",
         "Please pay by 30 November 2026 to Harbour Trust Bank"]


def _page() -> Image.Image:
    """An A4 invoice at 200 dpi, upright."""
    image = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(LINES):
        draw.text((150, 200 + 140 * i), line, font=font(44 if i else 80), fill=0)
    return image


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize("turn", [Image.Transpose.ROTATE_180, Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_270])
def test_a_page_fed_turned_is_read_upright(turn):
    [page] = read_pages(_png(_page().transpose(turn)), "image/png")
    assert (page.width, page.height) == (1654, 2339)
    texts = [w.text for w in page.words]
    assert "INV-2026-0417" in texts and "1,174,360" in texts
    number = next(w for w in page.words if w.text == "INV-2026-0417")
    total = next(w for w in page.words if w.text == "1,174,360")
    assert number.top < total.top < page.height  # top to bottom as printed


def test_a_page_upside_down_with_its_middle_empty_is_read_upright():
    """The turn is checked on the middle of the page; where that holds next to no text (a table's
    empty rows), the whole page is read both ways instead."""
    image = Image.new("L", (1654, 2339), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate(LINES[:3] + LINES[-3:]):
        draw.text((150, 200 + 140 * i + (1200 if i >= 3 else 0)), line, font=font(44), fill=0)
    [page] = read_pages(_png(image.transpose(Image.Transpose.ROTATE_180)), "image/png")
    texts = [w.text for w in page.words]
    assert "INV-2026-0417" in texts and "1,174,360" in texts


@pytest.mark.parametrize("guess", [(2, 4.5), (1, 8.0), (3, 8.0)])
def test_an_upright_page_stays_as_it_is_whatever_the_detection_guesses(monkeypatch, guess):
    """A fax's noise can look upside down to orientation detection: the page is turned only
    when the turned page reads better, or has its lines across where it had them up and
    down, which an upright one never does."""
    gray = np.asarray(_page())
    monkeypatch.setattr(orientation, "page_orientation", lambda image: guess)
    assert upright(gray) is gray


def test_a_page_without_text_stays_as_it_is():
    blank = np.full((2339, 1654), 255, dtype=np.uint8)
    assert upright(blank) is blank


def test_the_turned_page_is_what_every_later_look_at_it_sees():
    """The second look crops fields from the page image: after the reading turned the page,
    the page image is the turned one, until the document is forgotten."""
    from ocr.pages import forget_pages, page_image

    data = _png(_page().transpose(Image.Transpose.ROTATE_90))
    read_pages(data, "image/png")
    assert page_image(data, "image/png", 1).shape == (2339, 1654)
    forget_pages(data)
    assert page_image(data, "image/png", 1).shape == (1654, 2339)  # forgotten: drawn as stored


def test_a_page_read_well_as_it_is_is_never_asked_its_orientation(monkeypatch):
    """Detection costs a quarter of a second a page: an upright page that reads well skips it."""
    import ocr.reading

    def asked(gray):
        raise AssertionError("orientation detected for an upright page read well")

    monkeypatch.setattr(ocr.reading, "turns_upright", asked)
    [page] = read_pages(_png(_page()), "image/png")
    assert "INV-2026-0417" in [w.text for w in page.words]
