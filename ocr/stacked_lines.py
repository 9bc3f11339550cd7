"""Lines set close together that the page reader ran into one, read again apart.

A form prints each value over its small caption with little space between ('2026年10月28日'
over '支払期日'): Tesseract's layout analysis may take the two for one line of tall text
and read garble ('CM', '8228日'), losing both. After the page is read, a piece of a line
standing at least two lines high, read mostly unsurely or holding words one over another,
is cut where its ink leaves a row blank, and each band is read again as one line. The words
read take the place of the words they cover and read whole, unless those were read surely
as something else, where more of their characters are read surely.
"""
from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from ocr.model import SURELY_READ, Word, surely_read

SEVERAL_LINES = 1.8  # a piece this many of the page's surely read words high may hold lines run together
MOSTLY_UNSURE = 0.5  # ... when less than this share of its characters is read surely
APART = 2.0  # words of one line further apart than this many of their heights are pieces of their own
BLANK = 0.03  # a row with less ink than this share of the piece's fullest row is blank
LOWEST_BAND = 0.35  # a band of ink lower than this many words' heights is a speck or a rule's remains
PAD = 4  # pixels around each band read
GARBLE = 50  # a word read again with less confidence than this is garble: it puts in nothing
OVERLAP = 0.3  # a word over another by this share of the smaller is in its place
# Words read again over a word read it whole when they span these shares of it, across and down
# (OCR's box for garble runs taller than its ink).
ACROSS, DOWN = 0.8, 0.6
REACH = 0.5  # line heights: how far past its box the ink of garble may run
MIN_WORDS = 5  # a page with fewer surely read words gives no line height to measure by
MAX_PIECES = 40  # pieces read apart on one page at most (one band of ink is no read; 31 seen on a real page)

LineReader = Callable[[np.ndarray, tuple[int, int]], list[Word]]  # (crop, its origin) -> words


def with_stacked_lines_apart(image: np.ndarray, words: list[Word], read_line: LineReader) -> list[Word]:
    """The words, with each piece of lines run together replaced by its lines read apart, where
    that reading holds more characters read surely."""
    sure = [w.height for w in words if w.confidence >= SURELY_READ]
    if len(sure) < MIN_WORDS:
        return words
    height = float(np.median(sure))
    out = list(words)
    next_line = max(w.line for w in words) + 1
    read = 0
    for piece in _pieces(words):
        if read == MAX_PIECES:
            break
        if not _run_together(piece, height) or any(w not in out for w in piece):
            continue  # (a piece read apart with another already)
        region = _region(image, _stack(piece, out), out, height)
        lines = _read_apart(image, region, height, read_line, next_line)
        read += bool(lines)
        next_line += len(lines)
        out = _with_lines(out, [w for line in lines for w in line])
    return out


def _with_lines(words: list[Word], read: list[Word]) -> list[Word]:
    """The words with the lines read apart put in: their words read well enough, in place of the
    words they cover and read whole, unless those were read surely as something else (82,200
    read again as '$2,200': the new word goes). Nothing changes unless more characters are
    then read surely."""
    new = [w for w in read if w.confidence >= GARBLE]
    for old in words:
        over = [w for w in new if w.overlap(old) > OVERLAP]
        misread = old.confidence >= SURELY_READ and old.text not in "".join(w.text for w in over)
        if over and (misread or not _read_whole(old, over)):
            new = [w for w in new if w not in over]
    covered = [old for old in words if any(old.overlap(w) > OVERLAP for w in new)]
    if surely_read(new) <= surely_read(covered):
        return words
    return [w for w in words if w not in covered] + new


def _read_whole(old: Word, over: list[Word]) -> bool:
    """Whether the words read again over a word span it, across and down: a date's month the
    new reading lost, or a value over its caption of which it read the caption alone, is not read."""
    across = sum(max(0, min(w.right, old.right) - max(w.left, old.left)) for w in over)
    down = min(old.bottom, max(w.bottom for w in over)) - max(old.top, min(w.top for w in over))
    return across >= ACROSS * old.width and down >= DOWN * old.height


def _pieces(words: list[Word]) -> list[list[Word]]:
    """Each line's words in pieces, a piece ending where the next word stands far to its right."""
    lines: dict[int, list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    pieces = []
    for line in lines.values():
        line.sort(key=lambda w: w.left)
        piece = [line[0]]
        for w in line[1:]:
            if w.left - piece[-1].right > APART * max(w.height, piece[-1].height):
                pieces.append(piece)
                piece = []
            piece.append(w)
        pieces.append(piece)
    return pieces


def _stack(piece: list[Word], words: list[Word]) -> list[Word]:
    """The piece and the words whose boxes reach into its box: OCR may have read one of the lines
    run together (the value over a caption) on a line of its own, its box overlapping the piece's."""
    left, right = min(w.left for w in piece), max(w.right for w in piece)
    top, bottom = min(w.top for w in piece), max(w.bottom for w in piece)
    return piece + [w for w in words if w not in piece and w.left < right and w.right > left
                    and w.top < bottom and w.bottom > top]


def _run_together(piece: list[Word], height: float) -> bool:
    """Whether a piece stands lines high and was read mostly unsurely, or holds words one over
    the other ('2026' '支払' '30': a date and its caption read as one line, in part)."""
    top, bottom = min(w.top for w in piece), max(w.bottom for w in piece)
    if bottom - top < SEVERAL_LINES * height:
        return False
    chars = sum(len(w.text) for w in piece)
    one_over_another = min(w.bottom for w in piece) <= max(w.top for w in piece)
    return one_over_another or surely_read(piece) < MOSTLY_UNSURE * chars


Region = tuple[int, int, int, int]  # left, top, right, bottom, in image pixels


def _region(image: np.ndarray, piece: list[Word], words: list[Word], height: float) -> Region:
    """Where the piece's ink lies: its box, reaching a little left and right of it (OCR's box for
    garble may stop short of the text), never into another word beside it."""
    left, right = min(w.left for w in piece), max(w.right for w in piece)
    top, bottom = min(w.top for w in piece), max(w.bottom for w in piece)
    beside = [w for w in words if w not in piece and w.top < bottom and w.bottom > top]
    reach_left = max([w.right for w in beside if w.right <= left] + [left - REACH * height])
    reach_right = min([w.left for w in beside if w.left >= right] + [right + REACH * height])
    return (max(0, int(reach_left)), max(0, top - PAD), min(image.shape[1], int(reach_right)),
            min(image.shape[0], bottom + PAD))


def _read_apart(image: np.ndarray, region: Region, height: float, read_line: LineReader,
                first_line: int) -> list[list[Word]]:
    """The region's bands of ink, each read as one line (numbered from `first_line`); none when
    its ink makes one band."""
    left, top, right, bottom = region
    crop = image[top:bottom, left:right]
    bands = _bands(crop, height)
    if len(bands) < 2:
        return []
    lines = []
    for n, (band_top, band_bottom) in enumerate(bands):
        y0, y1 = max(0, band_top - PAD), min(crop.shape[0], band_bottom + PAD)
        words = [Word(w.text, w.left, w.top, w.width, w.height, w.confidence, first_line + n)
                 for w in read_line(crop[y0:y1], (left, top + y0))]
        lines.append(words)
    return lines


def _bands(crop: np.ndarray, height: float) -> list[tuple[int, int]]:
    """The rows (top, bottom) of each band of ink between blank rows, specks left out."""
    _, ink = cv2.threshold(crop, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    rows = ink.sum(axis=1)
    inked = rows > BLANK * max(1, int(rows.max()))
    bands, start = [], None
    for y, on in enumerate([*inked, False]):
        if on and start is None:
            start = y
        elif not on and start is not None:
            if y - start >= LOWEST_BAND * height:
                bands.append((start, y))
            start = None
    return bands
