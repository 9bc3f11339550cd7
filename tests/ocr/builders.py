"""Pages of positioned words made by hand, for extraction tests."""
from __future__ import annotations

import math

from ocr import registration
from ocr.model import Page, Word


def t_number(body: str) -> str:
    """A valid T-number for twelve digits."""
    return f"T{registration.check_digit(body)}{body}"


def _width(text: str, size: int) -> int:
    return sum(size if ord(c) > 0x2E80 else size // 2 for c in text)


def page(
    rows: list[tuple[int, list[tuple[int, str]]]],
    *,
    number: int = 1,
    size: int = 20,
    skew: float = 0.0,
    width: int = 1600,
    height: int = 2200,
) -> Page:
    """A page whose words sit at (x, y) as given; each cell is split into space-separated words.

    A cell written as '##Big text' is printed twice the size. skew rotates the page (radians).
    """
    words: list[Word] = []
    for line, (y, cells) in enumerate(rows):
        for x, text in cells:
            s = size
            if text.startswith("##"):
                text, s = text[2:], size * 2
            for w in text.split(" "):
                if not w:
                    x += s // 2
                    continue
                wd = _width(w, s)
                top = y + int(math.sin(skew) * x)
                words.append(Word(w, x, top, wd, s, 95.0, line + 1000 * number))
                x += wd + s // 2
    return Page(number=number, width=width, height=height, words=words)
