"""A PDF page's text layer: its words, checked against its ink, and merged with OCR where it falls short.

A born-digital PDF's text layer is exact where it exists (`text_layer_page` takes its words,
in the pixels of the page's render), but a producer may draw some of its text as shapes
(captions as vector outlines, a stamp's name) or lose a glyph of a figure. The page is
rendered small and its ink compared with the layer's word boxes: ink shaped like text that
no word covers means the page is read by OCR too, and the two are merged word by word, so
a born-digital PDF is never read worse than its scan would be.
"""
from __future__ import annotations

import ctypes
import re
import unicodedata
from dataclasses import dataclass, replace

import cv2
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ocr.model import Page, Word
from ocr.pages import PDF_SCALE, pdf_scale

CHECK_SCALE = 1.0  # the check's render: 72 dpi, enough to see words
INK_BELOW = 160
MISSING_SHARE = 0.02  # of the page's text-like ink no word of the layer covers
MISSING_WORDS = 2  # and at least this many word-sized pieces of it
OCR_LINES = 100_000  # OCR words' line numbers start here, apart from the layer's


def drawn_at_full_size(page: pdfium.PdfPage) -> bool:
    """Whether the page is drawn at `PDF_DPI`: not too large for the pixel limit.

    Only such a page's text layer is checked against its ink (`needs_ocr`), which expects
    boxes at `PDF_DPI` and draws the page at 72 dpi: a poster-sized page would cost as much
    there as its capped render spared, so its text layer is taken as it is.
    """
    return pdf_scale(*page.get_size()) == PDF_SCALE


def text_layer_page(page: pdfium.PdfPage, number: int) -> Page:
    """A PDF page's own text as words, in the pixels of a `PDF_DPI` render (less for a page
    too large for the pixel limit: `ocr.pages.pdf_scale`)."""
    width, height = page.get_size()
    scale = pdf_scale(width, height)
    width_px, height_px = round(width * scale), round(height * scale)
    textpage = page.get_textpage()
    glyphs: list[_Glyph | None] = []
    for index in range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1)
        if not char or char.isspace() or unicodedata.category(char[0]).startswith("C"):
            glyphs.append(None)
            continue
        # Loose boxes span the font's ascent to descent: one height for every glyph of a line.
        left, bottom, right, top = textpage.get_charbox(index, loose=True)
        x0, y0 = _to_device(page, left, top, width_px, height_px)
        x1, y1 = _to_device(page, right, bottom, width_px, height_px)
        glyphs.append(_Glyph(char, min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    textpage.close()
    return Page(number=number, width=width_px, height=height_px, words=_lines_of(_runs_of(glyphs)),
                source="text-layer", language="")


@dataclass
class _Glyph:
    text: str
    left: int
    top: int
    right: int
    bottom: int

    @property
    def height(self) -> int:
        return max(self.bottom - self.top, 1)


def _to_device(page: pdfium.PdfPage, x: float, y: float, width_px: int, height_px: int) -> tuple[int, int]:
    # pdfium applies the page's rotation and crop box exactly as its renderer does.
    dx, dy = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDF_PageToDevice(page.raw, 0, 0, width_px, height_px, 0, x, y,
                               ctypes.byref(dx), ctypes.byref(dy))
    return dx.value, dy.value


# How far a glyph may reach back under the one before it and still be of its word: a kerned
# pair tucks its second letter under the first's arm ('To', 'Ta', 'AV': up to a quarter of the
# line's height in the fonts measured).
KERNING = 0.3


def _runs_of(glyphs: list[_Glyph | None]) -> list[_Glyph]:
    """Glyphs in content order (None for a space) joined into words: no space, no gap, one baseline."""
    words: list[_Glyph] = []
    joinable = False
    for glyph in glyphs:
        if glyph is None:
            joinable = False
            continue
        last = words[-1] if joinable else None
        if (
            last is not None
            and (_same_band(glyph, last) or _within_band(glyph, last) or _within_band(last, glyph))
            and -KERNING * last.height <= glyph.left - last.right <= 0.2 * last.height
        ):
            words[-1] = _Glyph(last.text + glyph.text, min(last.left, glyph.left), min(last.top, glyph.top),
                               max(last.right, glyph.right), max(last.bottom, glyph.bottom))
        else:
            words.append(glyph)
        joinable = True
    return words


def _same_band(glyph: _Glyph, last: _Glyph) -> bool:
    return abs(glyph.top - last.top) <= 0.2 * last.height and abs(glyph.bottom - last.bottom) <= 0.2 * last.height


def _within_band(short: _Glyph, tall: _Glyph) -> bool:
    """A glyph boxed shorter than its neighbour, inside its band: the letters of a ligature
    ('ﬁ' of 'Identiﬁcativo' or 'ﬁscale', given a box of their own) are of the word."""
    return short.top >= tall.top - 0.1 * tall.height and short.bottom <= tall.bottom + 0.1 * tall.height \
        and short.height >= 0.5 * tall.height


def _lines_of(runs: list[_Glyph]) -> list[Word]:
    """Words grouped into lines, top to bottom, left to right: same band, same type size."""
    lines: list[list[_Glyph]] = []
    for run in sorted(runs, key=lambda r: (r.top + r.bottom) / 2):
        middle = (run.top + run.bottom) / 2
        for line in reversed(lines[-3:]):  # a stamp or superscript may sit between two runs of a line
            height = line[0].height
            if abs(middle - (line[0].top + line[0].bottom) / 2) <= 0.3 * height and (
                2 / 3 <= run.height / height <= 3 / 2
            ):
                line.append(run)
                break
        else:
            lines.append([run])
    lines.sort(key=lambda line: min(r.top for r in line))
    return [
        Word(text=r.text, left=r.left, top=r.top, width=r.right - r.left, height=r.bottom - r.top,
             confidence=100.0, line=line_id)
        for line_id, line in enumerate(lines, start=1)
        for r in sorted(line, key=lambda r: r.left)
    ]


def uncovered_words(page: pdfium.PdfPage, layer: Page) -> int:
    """How many word-sized pieces of text-like ink on the page no word of the text layer covers."""
    gray = np.asarray(page.render(scale=CHECK_SCALE, grayscale=True).to_numpy())
    if gray.ndim == 3:
        gray = gray[:, :, 0]
    ink = (gray < INK_BELOW).astype(np.uint8)
    covered = np.zeros_like(ink)
    ratio = CHECK_SCALE / PDF_SCALE
    for w in layer.words:
        x0, y0 = int(w.left * ratio) - 2, int(w.top * ratio) - 2
        x1, y1 = int(w.right * ratio) + 3, int(w.bottom * ratio) + 3
        covered[max(y0, 0):y1, max(x0, 0):x1] = 1
    # Glyphs of a word run together at this size: each piece is a word or a short phrase.
    pieces = cv2.dilate(ink, np.ones((3, 5), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(pieces, connectivity=8)
    text_like = [i for i in range(1, count) if _text_sized(stats[i])]
    covered_ink = np.bincount(labels[(covered & ink) > 0], minlength=count)
    missing = [i for i in text_like if covered_ink[i] == 0]
    total_ink = max(1, sum(int(stats[i, cv2.CC_STAT_AREA]) for i in text_like))
    missing_ink = sum(int(stats[i, cv2.CC_STAT_AREA]) for i in missing)
    return len(missing) if missing_ink >= MISSING_SHARE * total_ink else 0


def _text_sized(stat: np.ndarray) -> bool:
    """Ink the size of words at 72 dpi: not a speck, not a rule, not a box or a logo."""
    w, h = int(stat[cv2.CC_STAT_WIDTH]), int(stat[cv2.CC_STAT_HEIGHT])
    return 5 <= h <= 40 and w >= 5 and w / h < 40 and not (w > 200 and h > 30)


def misplaced(layer: Page) -> bool:
    """Whether the layer puts words off its page: glyphs whose text-space transform the text
    layer lost (a PDF printer's fallback font for a few kanji, drawn right, placed by the
    layer thousands of pixels away). The rest of such a layer's places cannot be trusted: the
    page is read by OCR alone."""
    off = [w for w in layer.words
           if not (0 <= (w.left + w.right) / 2 <= layer.width and 0 <= (w.top + w.bottom) / 2 <= layer.height)]
    return len(off) >= MISSING_WORDS


def needs_ocr(page: pdfium.PdfPage, layer: Page) -> bool:
    """Whether the page shows text its layer lacks."""
    return uncovered_words(page, layer) >= MISSING_WORDS


def merge(layer: Page, ocr: Page) -> Page:
    """The layer's words, and the words OCR read where the layer has none.

    An OCR word over a layer word that lost glyphs (the same characters in order, and more
    of them, over a wider box) takes its place; any other layer word is kept as it is.
    """
    words = list(layer.words)
    for o in ocr.words:
        over = [i for i, w in enumerate(words) if o.overlap(w) > 0.3]
        if not over:
            words.append(replace(o, line=o.line + OCR_LINES))
        elif len(over) == 1 and _lost_glyphs(words[over[0]], o):
            words[over[0]] = replace(o, line=words[over[0]].line, confidence=min(o.confidence, 99.0))
    return Page(number=layer.number, width=layer.width, height=layer.height, words=words,
                source="text-layer+ocr", language=ocr.language)


def _lost_glyphs(layer_word: Word, ocr_word: Word) -> bool:
    """The layer's word is the OCR word with characters missing, over a narrower box."""
    short, long_ = _alnum(layer_word.text), _alnum(ocr_word.text)
    if len(long_) <= len(short) or ocr_word.width < 1.15 * layer_word.width:
        return False
    it = iter(long_)
    return all(ch in it for ch in short)


def _alnum(text: str) -> str:
    return re.sub(r"\W", "", text)
