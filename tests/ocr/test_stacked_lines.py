"""A value and its caption set close, read by OCR as one line of garble, are read again apart."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ocr.language import JAPANESE_LINE
from ocr.model import Word
from ocr.prepare import PreparedPage, prepare_for_ocr
from ocr.stacked_lines import MAX_PIECES, with_stacked_lines_apart
from ocr.tesseract import tesseract_words

FONTS = Path("/usr/share/fonts")
ENTRIES = [("2609-0412", "請求NO."), ("2026年9月28日", "伝票日付"), ("2026年10月28日", "支払期日"),
           ("PO-2026-02640", "注文No.")]


def _font(name: str, size: int) -> ImageFont.FreeTypeFont:
    """A font the install script installs (fonts-noto-cjk)."""
    return ImageFont.truetype(str(next(FONTS.rglob(name))), size)


def sidebar() -> tuple[np.ndarray, list[Word]]:
    """A shaded sidebar of bold values over their small captions, prepared for reading as a page
    is, and the words a clean reading of it finds, one word per line, each in its ink's box."""
    image = Image.new("L", (1200, 800), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((90, 340, 520, 760), fill=225)
    words = []
    for i, (value, caption) in enumerate(ENTRIES):
        entry = 370 + 85 * i
        for n, (text, y, font, ink) in enumerate([(value, entry, _font("NotoSansCJK-Bold.ttc", 34), 20),
                                                  (caption, entry + 44, _font("NotoSansCJK-Regular.ttc", 22), 90)]):
            draw.text((120, y), text, font=font, fill=ink)
            left, top, right, bottom = draw.textbbox((120, y), text, font=font)
            words.append(Word(text, left, top, right - left, bottom - top, 92.0, 2 * i + 1 + n))
    prepared = prepare_for_ocr(np.array(image))
    return prepared.image, [_on_image(w, prepared) for w in words]


def _on_image(w: Word, prepared: PreparedPage) -> Word:
    def x(v: float) -> int:
        return round((v - prepared.left) * prepared.scale)

    def y(v: float) -> int:
        return round((v - prepared.top) * prepared.scale)

    return Word(w.text, x(w.left), y(w.top), x(w.right) - x(w.left), y(w.bottom) - y(w.top), w.confidence, w.line)


def _read_line(crop: np.ndarray, origin: tuple[int, int]) -> list[Word]:
    return tesseract_words(crop, JAPANESE_LINE, psm=7, origin=origin)


def _due_date_run_together(words: list[Word]) -> list[Word]:
    """The sidebar's words as a scan's reading ran the due date and its caption into one tall
    word of garble."""
    value, caption = (w for w in words if w.line in (5, 6))
    run_together = Word("CM", value.left, value.top, max(value.width, caption.width), caption.bottom - value.top,
                        37.0, 5)
    return [w for w in words if w.line not in (5, 6)] + [run_together]


def test_a_value_and_its_caption_read_as_one_line_of_garble_are_read_apart() -> None:
    image, words = sidebar()
    read = _due_date_run_together(words)

    again = with_stacked_lines_apart(image, read, _read_line)

    read_apart = _lines(again)
    assert "CM" not in read_apart, read_apart.keys()
    assert {"2026年10月28日", "支払期日"} <= read_apart.keys(), read_apart.keys()
    date, caption = read_apart["2026年10月28日"], read_apart["支払期日"]
    assert max(w.bottom for w in date) <= min(w.top for w in caption) + 4  # in page pixels, one over the other


def _lines(words: list[Word]) -> dict[str, list[Word]]:
    """The words' lines, by their text."""
    lines: dict[int, list[Word]] = {}
    for w in sorted(words, key=lambda w: w.left):
        lines.setdefault(w.line, []).append(w)
    return {"".join(w.text for w in line): line for line in lines.values()}


def test_a_value_read_as_garble_on_its_own_line_is_read_apart_with_the_caption_run_into_it() -> None:
    image, words = sidebar()
    value, caption = (w for w in words if w.line in (7, 8))
    # The value read as garble on a line of its own; its caption's last word's box runs up into it.
    garbled_value = Word("02602924", value.left, value.top, value.width, value.height, 0.0, 7)
    run_up = [Word("注文", caption.left, caption.top, caption.width // 2, caption.height, 89.0, 8),
              Word("No.", caption.left + caption.width // 2, value.top + value.height // 2, caption.width // 2,
                   caption.bottom - value.top - value.height // 2, 75.0, 8)]
    read = [w for w in words if w.line not in (7, 8)] + [garbled_value, *run_up]

    again = _lines(with_stacked_lines_apart(image, read, _read_line))

    assert "02602924" not in again and {"PO-2026-02640", "注文No."} <= again.keys(), again.keys()


def test_a_page_read_surely_is_left_as_read() -> None:
    image, words = sidebar()
    calls = []

    def read_line(crop: np.ndarray, origin: tuple[int, int]) -> list[Word]:
        calls.append(origin)
        return []

    assert with_stacked_lines_apart(image, words, read_line) == words
    assert not calls


def test_garble_over_one_line_of_large_ink_stays_as_read() -> None:
    # A logo or a large title read as garble: one band of ink, nothing to read apart.
    image = Image.new("L", (1200, 400), 255)
    ImageDraw.Draw(image).text((100, 100), "請求書", font=_font("NotoSansCJK-Bold.ttc", 90), fill=0)
    words = [Word(f"w{i}", 600, 40 * i, 80, 30, 90.0, 10 + i) for i in range(6)]
    words.append(Word("#5825", 100, 110, 300, 100, 4.0, 1))
    calls = []

    def read_line(crop: np.ndarray, origin: tuple[int, int]) -> list[Word]:
        calls.append(origin)
        return [Word("X", origin[0], origin[1], 10, 10, 99.0, 1)]

    assert with_stacked_lines_apart(np.array(image), words, read_line) == words
    assert not calls


def test_a_word_read_surely_stays_where_the_line_read_apart_reads_it_as_something_else() -> None:
    image, words = sidebar()
    value, caption = (w for w in words if w.line in (5, 6))
    # The date read surely, and its caption read as garble on the date's line.
    garble = Word("ニニーーニニーーニニーー", caption.left, caption.top - 4, caption.width, caption.height + 4, 20.0, 5)
    read = [w for w in words if w.line not in (5, 6)] + [replace(value, line=5), garble]

    def read_line(crop: np.ndarray, origin: tuple[int, int]) -> list[Word]:
        found = tesseract_words(crop, JAPANESE_LINE, psm=7, origin=origin)
        return [replace(w, text="2026年10月26日") if "10" in w.text else w for w in found]  # misread

    again = _lines(with_stacked_lines_apart(image, read, read_line))

    assert {"2026年10月28日", "支払期日"} <= again.keys() and "2026年10月26日" not in again, again.keys()


def test_garble_over_a_value_and_its_caption_stays_where_only_the_caption_is_read_again() -> None:
    image, words = sidebar()
    read = _due_date_run_together(words)

    def read_line(crop: np.ndarray, origin: tuple[int, int]) -> list[Word]:
        found = _read_line(crop, origin)
        return [replace(w, confidence=20.0) if any(c.isdigit() for c in w.text) else w for w in found]

    again = _lines(with_stacked_lines_apart(image, read, read_line))

    assert "CM" in again and "支払期日" not in again, again.keys()  # the value lost with it is no better reading


def test_a_page_of_noise_is_read_apart_a_bounded_number_of_times() -> None:
    image = Image.new("L", (1600, 3800), 255)
    draw = ImageDraw.Draw(image)
    words = [Word(f"w{i}", 1400, 40 * i, 80, 30, 95.0, 1000 + i) for i in range(6)]
    for n in range(60):  # sixty blocks of two bars, each read as one tall word of garble
        x, y = 100 + 350 * (n % 4), 60 * (n // 4) * 4
        draw.rectangle((x, y + 10, x + 200, y + 35), fill=0)
        draw.rectangle((x, y + 50, x + 200, y + 75), fill=0)
        words.append(Word("##", x, y + 10, 200, 65, 0.0, n))
    calls = []

    def read_line(crop: np.ndarray, origin: tuple[int, int]) -> list[Word]:
        calls.append(origin)
        return []

    with_stacked_lines_apart(np.array(image), words, read_line)
    assert 0 < len(calls) <= 2 * MAX_PIECES < 2 * 60
