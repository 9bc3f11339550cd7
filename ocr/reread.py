"""A second look at one field: re-reading a small region of a page more carefully.

The page reader reads a whole page in one pass, tuned for speed. When a field that has
a strong validity test (a T-number's check digit, a date) fails it, the extractor asks
for that field's region to be read again, as commercial capture systems do: the region
is cut out with a margin, enlarged to the text height Tesseract reads best, cleaned in a
few ways and read as a single line with the field's alphabet. Each cleaning yields one
candidate text; the caller validates them and keeps the first that passes, so the
cheapest cleanings come first and the rest are never run.

Cleanings aim at what spoils fields on scans: a seal stamp printed over the text. On
greyscale scans stamps are lighter than black text, so a dark threshold drops them; on
fax and other 1-bit pages they are as black as the text, but their frame lines are
longer than any stroke of a glyph, so opening the ink with long thin kernels finds them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, field

import cv2
import numpy as np

from ocr.language import JAPANESE_LINE
from ocr.model import Word
from ocr.pool import on_page_readers
from ocr.tesseract import tesseract_tsv

TEXT_HEIGHT = 44  # pixels: Tesseract's LSTM reads best at 30-50 px capital height


@dataclass(frozen=True)
class Alphabet:
    """How to read one kind of field: Tesseract languages and the characters it may contain."""

    language: str
    whitelist: str = ""
    cleanings: tuple[str, ...] = ()  # the cleanings to try, by name; () for all of them
    leading: float = 0.5  # the margin above and below the text, in text heights: less for a table's rows


DIGITS = "0123456789"
ALPHABETS = {
    "registration_number": Alphabet("eng", "T:" + DIGITS),  # the colon ending its label
    # Japanese first: with eng first, 年 and 月 come out as digits; no whitelist for the same reason.
    "date": Alphabet(JAPANESE_LINE),
    "date_latin": Alphabet("eng"),
    "identifier": Alphabet("eng"),
    "text": Alphabet(JAPANESE_LINE),
    "text_latin": Alphabet("eng"),
    # An item's description: Japanese alone reads the Latin words of a Japanese line (型番, A4)
    # well, where jpn+eng turns kanji into Latin garble. A table's rules are its only clutter.
    "description": Alphabet("jpn", cleanings=("no-rules", "plain"), leading=0.2),
    "description_latin": Alphabet("eng", cleanings=("no-rules", "plain"), leading=0.2),
    # A table row's figures between its description and the cells that were read, or a totals
    # figure: without a grey stamp first ('PAID' over a total), when there is one. Its currency
    # mark is an allowed character: read as a digit it costs the figure beside it.
    "figures": Alphabet("eng", DIGITS + ",.¥$€£", cleanings=("dark", "no-rules", "plain"), leading=0.2),
    # A whole item line's figures, its tax rate among them.
    "line_figures": Alphabet("eng", DIGITS + ",.%", cleanings=("no-rules", "plain"), leading=0.2),
    # The same on a Japanese page: Japanese reads the 円 after a figure, where English reads a digit.
    "figures_ja": Alphabet("jpn", DIGITS + ",.円¥", cleanings=("dark", "no-rules", "plain"), leading=0.2),
    "line_figures_ja": Alphabet("jpn", DIGITS + ",.%円¥", cleanings=("no-rules", "plain"), leading=0.2),
}


@dataclass(frozen=True)
class Reread:
    """One reading of a region: its text, Tesseract's mean word confidence (0-100), the cleaning
    used, and its words with boxes in page pixels."""

    text: str
    confidence: float
    cleaning: str
    words: list[Word] = field(default_factory=list)


Box = tuple[float, float, float, float]  # left, top, right, bottom in page pixels


def reread(gray: np.ndarray, box: Box, kind: str, text_height: float | None = None,
           readers: Executor | None = None) -> Iterator[Reread]:
    """Readings of the region `box` of a page image, one per cleaning, cheapest first.

    `text_height` is the height of the text in page pixels (default: the box's height);
    the crop gets a margin of half of it around the box. Each reading is an urgent task
    of `readers` when given (a batch's page readers), else read in this thread.
    """
    alphabet = ALPHABETS[kind]
    crop = _crop(gray, box, text_height, alphabet.leading)
    if crop is None:
        return
    image, origin, scale = crop
    cleanings = [(n, c) for n, c in CLEANINGS if n in alphabet.cleanings] if alphabet.cleanings else CLEANINGS
    cleanings.sort(key=lambda nc: alphabet.cleanings.index(nc[0]) if alphabet.cleanings else 0)
    for name, clean in cleanings:
        # In a batch, on the shared page readers: document threads never add to their Tesseracts.
        words = on_page_readers(readers, _clean_and_read, clean, image, alphabet, scale, origin)
        if words:
            text = " ".join(w.text for w in words)
            yield Reread(text, sum(w.confidence for w in words) / len(words), name, words)


def _clean_and_read(clean: Callable[[np.ndarray, float], np.ndarray | None], image: np.ndarray,
                    alphabet: Alphabet, scale: float, origin: tuple[int, int]) -> list[Word]:
    cleaned = clean(image, scale)
    return [] if cleaned is None else read_line(cleaned, alphabet, scale, origin)


def _crop(
    gray: np.ndarray, box: Box, text_height: float | None, leading: float = 0.5
) -> tuple[np.ndarray, tuple[int, int], float] | None:
    """The region with a margin (half the text height; `leading` of it above and below), enlarged
    to `TEXT_HEIGHT`; where its corner sits; the enlargement.

    A box much taller than the text (OCR ran a small line into a big one beside it) is
    narrowed to the band of ink nearest its middle.
    """
    left, top, right, bottom = box
    h = max(text_height or (bottom - top), 4.0)
    margin = 0.5 * h
    v_margin = leading * h
    page_h, page_w = gray.shape
    x0, x1 = max(0, int(left - margin)), min(page_w, int(right + margin))
    y0, y1 = max(0, int(top - v_margin)), min(page_h, int(bottom + v_margin))
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    if bottom - top > 1.8 * h:
        band = _text_band(gray[y0:y1, x0:x1], (top + bottom) / 2 - y0, h)
        if band is not None:
            y0, y1 = max(0, y0 + band[0] - int(v_margin)), min(page_h, y0 + band[1] + int(v_margin))
    scale = min(max(TEXT_HEIGHT / h, 1.0), 6.0)
    crop = _without_neighbours(gray[y0:y1, x0:x1], (top + bottom) / 2 - y0)
    if scale != 1.0:
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    return crop, (x0, y0), scale


def _without_neighbours(region: np.ndarray, middle: float) -> np.ndarray:
    """The region with the lines above and below its text whitened: ink running off its top or
    bottom edge, parted from the text by a row of paper, is the next line's, caught by the margin
    (the tops of a date's figures under an identifier, which Tesseract reads into it)."""
    _, ink = cv2.threshold(region, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    inked = ink.any(axis=1)
    mid = min(max(int(middle), 0), len(inked) - 1)
    if not inked.any() or inked.all():
        return region
    above = np.flatnonzero(~inked[:mid])  # paper rows between the top edge and the middle
    below = np.flatnonzero(~inked[mid:]) + mid
    cleaned = region
    if inked[0] and len(above):
        cleaned = cleaned.copy()
        cleaned[:above[0]] = 255
    if inked[-1] and len(below):
        cleaned = cleaned.copy() if cleaned is region else cleaned
        cleaned[below[-1] + 1:] = 255
    return cleaned


def _text_band(region: np.ndarray, middle: float, h: float) -> tuple[int, int] | None:
    """The rows (start, end) of the line of text nearest `middle`: a run of inked rows about `h` tall."""
    _, ink = cv2.threshold(region, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    # A stamp's frame crossing the region would join every line into one band.
    frame = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, int(1.5 * h))))
    frame |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (int(3 * h), 1)))
    profile = (ink & ~frame).sum(axis=1)
    inked = profile > max(2, 0.15 * float(np.percentile(profile, 90)))
    bands: list[tuple[int, int]] = []
    start = None
    for y, on in enumerate([*inked, False]):
        if on and start is None:
            start = y
        elif not on and start is not None:
            if 0.5 * h <= y - start <= 2.0 * h:
                bands.append((start, y))
            start = None
    if not bands:
        return None
    return min(bands, key=lambda b: abs((b[0] + b[1]) / 2 - middle))


def _plain(crop: np.ndarray, scale: float) -> np.ndarray:
    return crop


def _dark(crop: np.ndarray, scale: float) -> np.ndarray | None:
    """Only the darkest ink: a grey stamp over black text drops out."""
    ink_level = float(np.percentile(crop, 2))
    paper = float(np.percentile(crop, 90))
    if paper - ink_level < 60:
        return None
    threshold = ink_level + 0.35 * (paper - ink_level)
    if np.count_nonzero((crop > threshold) & (crop < paper - 0.15 * (paper - ink_level))) < 0.01 * crop.size:
        return None  # no mid-grey ink to drop: the same as the plain crop
    return np.where(crop <= threshold, 0, 255).astype(np.uint8)


def _no_lines(crop: np.ndarray, scale: float) -> np.ndarray | None:
    """The ink without straight lines longer than any glyph's stroke (a stamp's frame, a rule)."""
    _, ink = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    long_v = int(1.5 * TEXT_HEIGHT)
    long_h = int(2.5 * TEXT_HEIGHT)
    lines = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, long_v)))
    lines |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (long_h, 1)))
    if not lines.any():
        return None
    lines = cv2.dilate(lines, np.ones((3, 3), np.uint8))
    cleaned = ink & ~lines
    # Mend glyph strokes the removed line cut through.
    cleaned = cv2.morphologyEx(cleaned, cv2.MORPH_CLOSE, np.ones((1, 5), np.uint8))
    return 255 - cleaned


def _no_rules(crop: np.ndarray, scale: float) -> np.ndarray | None:
    """The crop with a table's rules whitened: rows (and columns) of pixels nearly all darker than
    the paper, however faint; a row through text always shows paper between the glyphs."""
    paper = float(np.percentile(crop, 90))
    ink_level = float(np.percentile(crop, 2))
    delta = max(12.0, 0.12 * (paper - ink_level))
    rows = np.percentile(crop, 80, axis=1) < paper - delta
    cols = np.percentile(crop, 80, axis=0) < paper - delta
    if not rows.any() and not cols.any():
        return None
    rows |= np.roll(rows, 1) | np.roll(rows, -1)  # the rule's blurred edges
    cols |= np.roll(cols, 1) | np.roll(cols, -1)
    cleaned = crop.copy()
    cleaned[rows, :] = 255
    cleaned[:, cols] = 255
    return cleaned


def _dark_no_lines(crop: np.ndarray, scale: float) -> np.ndarray | None:
    dark = _dark(crop, scale)
    return _no_lines(dark, scale) if dark is not None else None


def _otsu(crop: np.ndarray, scale: float) -> np.ndarray:
    _, binary = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    return binary


CLEANINGS: list[tuple[str, Callable[[np.ndarray, float], np.ndarray | None]]] = [
    ("plain", _plain),
    ("dark", _dark),
    ("no-lines", _no_lines),
    ("dark-no-lines", _dark_no_lines),
    ("otsu", _otsu),
    ("no-rules", _no_rules),
]


PAD = 20


def read_line(image: np.ndarray, alphabet: Alphabet, scale: float = 1.0,
              origin: tuple[int, int] = (0, 0)) -> list[Word]:
    """Tesseract's words on an image holding one line of text, boxes in page pixels: divided
    by `scale` (the image's enlargement), then moved by `origin` (its corner on the page)."""
    padded = cv2.copyMakeBorder(image, PAD, PAD, PAD, PAD, cv2.BORDER_CONSTANT, value=255)
    variables = {"tessedit_char_whitelist": alphabet.whitelist} if alphabet.whitelist else None
    tsv = tesseract_tsv(np.ascontiguousarray(padded, dtype=np.uint8), alphabet.language, 7, variables)
    words: list[Word] = []
    for row in tsv.splitlines():
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5" or not cols[11].strip():
            continue
        left, top, w, h = (int(c) for c in cols[6:10])
        words.append(Word(text=cols[11].strip(), left=round((left - PAD) / scale + origin[0]),
                          top=round((top - PAD) / scale + origin[1]), width=max(1, round(w / scale)),
                          height=max(1, round(h / scale)), confidence=max(0.0, float(cols[10])), line=1))
    return words


class DocumentRereader:
    """`reread` bound to one document's bytes (and its batch's page readers, if any): each page is
    rendered at most once, when first asked for."""

    def __init__(self, data: bytes, mime: str, readers: Executor | None = None) -> None:
        self.data, self.mime = data, mime
        self._readers = readers
        self._pages: dict[int, np.ndarray] = {}
        self.regions = 0  # how many regions were read again, for the reading's meta

    def __call__(self, page: int, box: Box, kind: str, text_height: float | None = None) -> Iterator[Reread]:
        from ocr.pages import page_image

        if page not in self._pages:
            self._pages[page] = page_image(self.data, self.mime, page)
        self.regions += 1
        return reread(self._pages[page], box, kind, text_height, self._readers)
