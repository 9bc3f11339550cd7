"""Page images as the reader sees them."""
from __future__ import annotations

import io

from PIL import Image

from ocr.pages import image_frame


def tiff(size: tuple[int, int], dpi: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("1", size, 1).save(out, format="TIFF", dpi=dpi, compression="group4")
    return out.getvalue()


def test_a_standard_resolution_fax_is_stretched_to_square_pixels():
    frame = image_frame(tiff((1728, 1100), (204, 98)), 0)
    assert frame.size == (1728, round(1100 * 204 / 98))


def test_a_fine_fax_keeps_its_size():
    assert image_frame(tiff((1728, 2200), (204, 196)), 0).size == (1728, 2200)


def test_an_image_without_resolution_keeps_its_size():
    out = io.BytesIO()
    Image.new("L", (300, 200), 255).save(out, format="PNG")
    assert image_frame(out.getvalue(), 0).size == (300, 200)
