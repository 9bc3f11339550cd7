"""Ink the page reader skipped, read again.

Tesseract's page layout analysis sometimes drops a whole stretch of a page: the middle
columns of a table with shaded rows (quantity, unit price, tax rate), read as no text at all.
After the page is read, its text-like ink is compared with the words' boxes; where a good
share of it lies under no word, the stretch holding it is read again as one block of text,
and the words found there that no word of the first reading covers are added.
"""
from __future__ import annotations

from collections.abc import Callable

import cv2
import numpy as np

from ocr.model import Word

CHECK_FACTOR = 0.25  # the check runs on the image shrunk to a quarter: words are specks enough
INK_BELOW = 140
INKED_CELL = 30  # of 255: a shrunk pixel this dark holds ink
MIN_PIECES = 4  # word-sized pieces of ink under no word, at the least ...
MIN_SHARE = 0.03  # ... making at least this share of the page's text-like ink
MAX_AREA = 0.4  # a stretch larger than this share of the page is noise, not a skipped column
PAD = 10
MAX_STRETCHES = 3
OVERLAP = 0.3  # a new word over an old one by this much of the smaller is the same word

Reader = Callable[[np.ndarray, tuple[int, int]], list[Word]]  # (crop, its origin) -> words


def skipped_stretches(image: np.ndarray, words: list[Word]) -> list[tuple[int, int, int, int]]:
    """Boxes (left, top, right, bottom, image pixels) around the stretches of text-like ink no
    word covers: none when the reading missed nothing worth a second pass. Pieces a line or two
    apart make one stretch (a column of figures); a lone piece (a title, a stamp) none."""
    # Ink found at full size, then shrunk: thin strokes would fade to grey if the page were shrunk first.
    full_ink = (image < INK_BELOW).astype(np.uint8) * 255
    ink = (cv2.resize(full_ink, None, fx=CHECK_FACTOR, fy=CHECK_FACTOR, interpolation=cv2.INTER_AREA)
           > INKED_CELL).astype(np.uint8)
    covered = np.zeros_like(ink)
    for w in words:
        covered[max(int(w.top * CHECK_FACTOR) - 2, 0):int(w.bottom * CHECK_FACTOR) + 3,
                max(int(w.left * CHECK_FACTOR) - 2, 0):int(w.right * CHECK_FACTOR) + 3] = 1
    pieces = cv2.dilate(ink, np.ones((3, 5), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(pieces, connectivity=8)
    text_like = [i for i in range(1, count) if _text_sized(stats[i])]
    covered_ink = np.bincount(labels[(covered & ink) > 0], minlength=count)
    missing = [i for i in text_like if covered_ink[i] == 0]
    total = max(1, sum(int(stats[i, cv2.CC_STAT_AREA]) for i in text_like))
    if len(missing) < MIN_PIECES or sum(int(stats[i, cv2.CC_STAT_AREA]) for i in missing) < MIN_SHARE * total:
        return []
    mask = np.isin(labels, missing).astype(np.uint8)
    line = int(np.median([stats[i, cv2.CC_STAT_HEIGHT] for i in missing]))
    joined = cv2.dilate(mask, np.ones((3 * line, 4 * line), np.uint8))
    groups, group_of, boxes, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    members = np.bincount([group_of[stats[i, cv2.CC_STAT_TOP], stats[i, cv2.CC_STAT_LEFT]] for i in missing],
                          minlength=groups)
    stretches = [_box(boxes[g], line, image.shape) for g in range(1, groups) if members[g] >= MIN_PIECES]
    area = sum((r - lft) * (b - t) for lft, t, r, b in stretches)
    return stretches if area <= MAX_AREA * image.shape[0] * image.shape[1] else []


def _box(stat: np.ndarray, line: int, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """A dilated group's box, shrunk back by the dilation's margin, in the image's pixels."""
    height, width = shape[:2]
    left = int(stat[cv2.CC_STAT_LEFT]) + 2 * line
    top = int(stat[cv2.CC_STAT_TOP]) + line
    right = int(stat[cv2.CC_STAT_LEFT] + stat[cv2.CC_STAT_WIDTH]) - 2 * line
    bottom = int(stat[cv2.CC_STAT_TOP] + stat[cv2.CC_STAT_HEIGHT]) - line
    return (max(0, int(left / CHECK_FACTOR) - PAD), max(0, int(top / CHECK_FACTOR) - PAD),
            min(width, int(right / CHECK_FACTOR) + PAD), min(height, int(bottom / CHECK_FACTOR) + PAD))


def _text_sized(stat: np.ndarray) -> bool:
    """Ink the size of a word at a quarter of 300 dpi: not a speck, a rule, a box or a logo."""
    w, h = int(stat[cv2.CC_STAT_WIDTH]), int(stat[cv2.CC_STAT_HEIGHT])
    return 5 <= h <= 40 and w >= 5 and w / h < 40 and not (w > 200 and h > 30)


def with_skipped_ink(image: np.ndarray, words: list[Word], read_block: Reader) -> list[Word]:
    """The words, and those a second reading of the skipped stretch finds where none was."""
    out = list(words)
    for left, top, right, bottom in skipped_stretches(image, words)[:MAX_STRETCHES]:
        line_base = max((w.line for w in out), default=0) + 1
        out += [Word(w.text, w.left, w.top, w.width, w.height, w.confidence, _line_of(w, words, line_base))
                for w in read_block(image[top:bottom, left:right], (left, top))
                if not any(_overlap(w, old) > OVERLAP for old in words)]
    return out


def _line_of(word: Word, words: list[Word], line_base: int) -> int:
    """The line of the first reading the word stands on (its middle within a word of that line,
    the nearest such word), else a line of its own reading's."""
    middle = word.top + word.height / 2
    beside = [w for w in words if w.top <= middle <= w.bottom]
    if not beside:
        return word.line + line_base
    return min(beside, key=lambda w: min(abs(w.left - word.right), abs(word.left - w.right))).line


def _overlap(a: Word, b: Word) -> float:
    """The shared area of two boxes, as a share of the smaller."""
    w = min(a.right, b.right) - max(a.left, b.left)
    h = min(a.bottom, b.bottom) - max(a.top, b.top)
    if w <= 0 or h <= 0:
        return 0.0
    return w * h / max(1, min(a.width * a.height, b.width * b.height))
