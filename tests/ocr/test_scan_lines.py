"""A fax's lost scan lines: white rows cut through its text, mended before it is read."""

import io

import numpy as np
import pytest
from PIL import Image, ImageDraw

from ocr import pages
from ocr.reading import read_pages
from ocr.scan_lines import mend_lost_lines
from tests.ocr.test_reading import CJK_FONTS, _font


def _standard_fax(lines: list[str], size: int, cut_at: float | None) -> tuple[np.ndarray, np.ndarray]:
    """A standard-mode fax (every other row of a 200-dpi page) of the lines, as scanned: its ink
    with a lost scan line through each line of text `cut_at` of the way down, and without."""
    font = _font(CJK_FONTS, size)
    image = Image.new("L", (1000, 80 + len(lines) * size * 2), 255)
    draw = ImageDraw.Draw(image)
    boxes = []
    for i, text in enumerate(lines):
        draw.text((60, 40 + i * size * 2), text, font=font, fill=0)
        boxes.append(draw.textbbox((60, 40 + i * size * 2), text, font=font))
    whole = np.asarray(image)[::2] < 160
    cut = whole.copy()
    for _, top, _, bottom in boxes if cut_at is not None else []:
        row = (top + int(cut_at * (bottom - top))) // 2
        cut[row:row + 2] = False
    return cut, whole


def _tiff(ink: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(~ink).convert("1").save(out, "TIFF", dpi=(200, 100), compression="group4")
    return out.getvalue()


@pytest.mark.parametrize("cut_at", [0.3, 0.5, 0.6])
def test_a_lost_scan_line_through_text_is_filled_in_as_the_strokes_run(cut_at):
    cut, whole = _standard_fax(["請求書番号 INV-2611-0424", "Total ¥93,240"], 24, cut_at)
    lost = (cut != whole).any(axis=1)

    mended = mend_lost_lines(cut)

    restored = mended[lost] & whole[lost]
    # A glyph's stroke lying along the cut is lost for good: what crosses it comes back.
    assert restored.sum() >= 0.4 * whole[lost].sum()
    assert (mended[lost] & ~whole[lost]).sum() <= 0.5 * whole[lost].sum()
    assert np.array_equal(mended[~lost], cut[~lost])  # nothing else is touched


def test_the_white_between_two_close_lines_of_text_is_left_white():
    font = _font(CJK_FONTS, 24)
    image = Image.new("L", (1000, 200), 255)
    draw = ImageDraw.Draw(image)
    draw.text((60, 40), "Invoice No. INV-2611-0424", font=font, fill=0)
    bottom = draw.textbbox((60, 40), "Invoice No. INV-2611-0424", font=font)[3]
    top = draw.textbbox((0, 0), "Total 93,240", font=font)[1]
    draw.text((60, bottom + 4 - top), "Total 93,240", font=font, fill=0)  # two rows apart as faxed
    ink = np.asarray(image)[::2] < 160
    first_line_ends = (bottom - 1) // 2
    second_line_starts = first_line_ends + 1 + np.argmax(ink[first_line_ends + 1:].any(axis=1))
    assert 0 < second_line_starts - first_line_ends - 1 <= 3, "as close as a lost scan line is wide"

    assert np.array_equal(mend_lost_lines(ink), ink)


def test_a_fax_whose_lost_scan_lines_cut_its_text_is_read():
    cut, _ = _standard_fax(["請求書番号 INV-2611-0424", "合計 ¥93,240"], 24, 0.35)
    data = _tiff(cut)

    [page] = read_pages(data, "image/tiff")

    assert "INV-2611-0424" in page.text and "93,240" in page.text
    pages.forget_pages(data)
