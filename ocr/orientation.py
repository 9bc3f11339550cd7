"""A page fed turned, upside down or on its side, set upright and read again.

A scanner's feeder and a phone take a page whichever way round it is given. Tesseract's
orientation detection tells the quarter turn from the shapes of a few hundred
characters; it is sure of a page on its side, but a fax's or a photo's noise can look
upside down to it (as sure as 4.5 on its scale, on upright pages measured). So a turn is
taken only when the page agrees: a page on its side has its lines of text running up and
down it; a page upside down reads better turned (a stretch of it read both ways, the whole
page where the stretch holds next to no text either way). The
reader asks only of pages that may be turned (`may_be_turned`), after reading them as they
are: detection costs a quarter of a second a page.
"""
from __future__ import annotations

import cv2
import numpy as np

from ocr.model import Word, surely_read
from ocr.pages import turned
from ocr.prepare import prepare_for_ocr
from ocr.tesseract import page_orientation, tesseract_words

MIN_CONFIDENCE = 1.0  # below this the detection guesses: the page stays as it is
BETTER = 2.0  # the turned stretch must read this many times the characters surely ...
MIN_CHARACTERS = 20  # ... and at least this many
MAY_BE_TURNED = 0.35  # a page whose reading holds fewer of its characters read surely may be upside down


def may_be_turned(words: list[Word]) -> bool:
    """Whether a page read as it is may have been fed turned, so that detection is worth its
    cost (a quarter of a second a page): most of its words stand taller than wide (read up
    the page: it lies on its side), or its reading is mostly unsure (an upside-down page
    reads as noise; an upright one read that badly is a rare, poor fax)."""
    long = [w for w in words if len(w.text) >= 3]
    standing = sum(w.height > w.width for w in long)
    return standing > 0.5 * len(long) or surely_read(words) < MAY_BE_TURNED * sum(len(w.text) for w in words)


def upright(gray: np.ndarray) -> np.ndarray:
    """The page turned upright, when orientation detection and the page agree it was not."""
    turns = turns_upright(gray)
    return turned(gray, turns) if turns else gray


def turns_upright(gray: np.ndarray) -> int:
    """The quarter turns counter-clockwise that set the page upright (0: it is), when
    orientation detection and the page agree."""
    turns, confidence = page_orientation(gray)
    if turns == 0 or confidence < MIN_CONFIDENCE:
        return 0
    if turns % 2:
        return turns if _lines_across(turned(gray, turns)) > _lines_across(gray) else 0
    turned_over = np.ascontiguousarray(np.rot90(gray, turns))
    for stretch in (_middle, _whole):
        read_turned, read_as_is = _read_surely(stretch(turned_over)), _read_surely(stretch(gray))
        if max(read_turned, read_as_is) >= MIN_CHARACTERS:
            break  # (a stretch with next to nothing read either way tells nothing: the whole page is read)
    return turns if read_turned >= MIN_CHARACTERS and read_turned >= BETTER * read_as_is else 0


def _lines_across(gray: np.ndarray) -> float:
    """How much more the ink's rows than its columns look like lines of text: lines across the
    page make its row profile spiky (text, then the white between lines), its column profile
    smooth. Above 1 on upright pages, below on pages on their side (measured)."""
    shrink = 600 / max(gray.shape)
    small = cv2.resize(gray, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA)
    ink = cv2.adaptiveThreshold(small, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 15, 10)
    rows, columns = ink.sum(axis=1, dtype=np.float64), ink.sum(axis=0, dtype=np.float64)
    spikes = [float(np.square(np.diff(profile)).sum()) / len(profile) for profile in (rows, columns)]
    return spikes[0] / max(spikes[1], 1.0)


def _middle(gray: np.ndarray) -> np.ndarray:
    """The middle third of the page's height, across its width: a stretch that holds text on
    nearly every page, read in a fraction of the page's time."""
    height = gray.shape[0]
    return gray[height // 3:2 * height // 3]


def _whole(gray: np.ndarray) -> np.ndarray:
    """The whole page, read where its middle holds too little text to tell (a table's empty
    rows, a page printed at its top and foot)."""
    return gray


def _read_surely(gray: np.ndarray) -> int:
    """How many characters a reading of the stretch holds in words read surely."""
    _, ink = cv2.threshold(gray, 127, 1, cv2.THRESH_BINARY_INV)
    if not ink.any():
        return 0
    prepared = prepare_for_ocr(gray)
    return surely_read(tesseract_words(prepared.image, prepared.language))
