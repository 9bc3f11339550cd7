"""Ink the page reader skipped, read again.

Tesseract's page layout analysis sometimes drops a whole stretch of a page: the middle
columns of a table with shaded rows (quantity, unit price, tax rate), read as no text at all.
After the page is read, its text-like ink is compared with the words' boxes; where a good
share of it lies under no word, the stretch holding it is read again as one block of text,
and the words found there that no word of the first reading covers are added.
"""
from __future__ import annotations

import re
from collections.abc import Callable

import cv2
import numpy as np

from ocr.model import Word

CHECK_FACTOR = 0.25  # the check runs on the image shrunk to a quarter: words are specks enough
INK_BELOW = 140
INKED_CELL = 30  # of 255: a shrunk pixel this dark holds ink
RULE = 40  # shrunk pixels: ink this long in a straight line is a rule
MIN_PIECES = 4  # word-sized pieces of ink under no word, at the least ...
MIN_SHARE = 0.01  # ... making at least this share of the page's text-like ink
MIN_GROUP = 2  # pieces of one stretch no word touched: a lone one is a title or a stamp
MAX_AREA = 0.4  # a stretch larger than this share of the page is noise, not a skipped column
PAD = 10
MAX_STRETCHES = 6
PARTLY_READ = 0.65  # a piece over several lines whose ink the words' boxes cover less than this share of ...
SEVERAL_LINES = 1.8  # ... this many lines high holds a line the reading skipped
GARBLE = 50  # a word read with less confidence than this is garble: it covers nothing, a clean figure replaces it
WEAK = 60  # ... with less than this, weak: it covers nothing, but keeps its place
SURE = 85  # a word read again with at least this confidence over garble lines high reads it
DOT_GAP = 9  # pixels between the dots of a dotted rule, at 300 dpi
RULE_PIXELS = 160  # ink this long in a straight line, at 300 dpi, is a rule (no stroke of text is)
OVERLAP = 0.3  # a new word over an old one by this much of the smaller is the same word
SPECK = 0.25  # garble this much of a sure word's size over it is a speck of that word
# New words over an old one read it whole when they stretch over this much of its width (its box
# may hold a rule's remains) and hold this many of its characters.
WHOLE_WIDTH, WHOLE_TEXT = 0.4, 0.5

Reader = Callable[[np.ndarray, tuple[int, int]], list[Word]]  # (crop, its origin) -> words


def skipped_stretches(image: np.ndarray, words: list[Word]) -> list[tuple[int, int, int, int]]:
    """Boxes (left, top, right, bottom, image pixels) around the stretches of text-like ink no
    word covers: none when the reading missed nothing worth a second pass. Pieces a line or two
    apart make one stretch (a column of figures); a lone piece makes one only where the reading
    garbled it, or garbled the line beside it (a lone one far from any garble is a title or a
    stamp; one a line from garble is a value whose caption the reading garbled, in a column of
    captions under their values)."""
    ink = _text_ink(image)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(cv2.dilate(ink, np.ones((3, 5), np.uint8)),
                                                               connectivity=8)
    text_like = [i for i in range(1, count) if _text_sized(stats[i])]
    sure = [w for w in words if w.confidence >= WEAK]
    read = _touched(labels, ink, count, sure)
    line = int(np.median([w.height for w in sure]) * CHECK_FACTOR) if sure else 0
    garbled = _touched(labels, ink, count, [w for w in words if w.confidence < WEAK], margin=max(2, line))
    missing = sorted({i for i in text_like if read[i] == 0} | set(_lines_skipped(labels, ink, count, stats, text_like,
                                                                                 sure)))
    total = max(1, sum(int(stats[i, cv2.CC_STAT_AREA]) for i in text_like))
    enough = sum(int(stats[i, cv2.CC_STAT_AREA]) for i in missing) >= MIN_SHARE * total
    if not enough or len(missing) < MIN_PIECES:
        # Too little for a skipped stretch, unless it makes one line between lines read; a
        # piece beside garble is read again however little else was skipped.
        if enough and _one_line(stats[missing]):
            return [_box(stats[missing], image.shape)]
        return [_box(stats[[i]], image.shape) for i in missing if garbled[i]]
    page_area = image.shape[0] * image.shape[1]
    groups = sorted(_groups(labels, stats, missing), key=len, reverse=True)
    stretches = [_box(stats[members], image.shape) for members in groups
                 if len(members) >= MIN_GROUP or any(garbled[i] for i in members)]
    if sum(map(_area, stretches)) > MAX_AREA * page_area:
        # Ink that spans a whole table (its caption row lost with a column or two) is read a
        # column at a time, each column with its caption: no stretch as large as the table.
        stretches = [_box(stats[column], image.shape) for members in groups for column in _columns(stats, members)
                     if len(column) >= MIN_GROUP or any(garbled[i] for i in column)]
    return stretches if sum(map(_area, stretches)) <= MAX_AREA * page_area else []


def _area(box: tuple[int, int, int, int]) -> int:
    left, top, right, bottom = box
    return (right - left) * (bottom - top)


def _columns(stats: np.ndarray, members: list[int]) -> list[list[int]]:
    """The pieces of a group in columns: pieces whose spans across the page overlap, one column."""
    columns: list[tuple[int, int, list[int]]] = []
    for i in sorted(members, key=lambda i: stats[i, cv2.CC_STAT_LEFT]):
        left, right = int(stats[i, cv2.CC_STAT_LEFT]), int(stats[i, cv2.CC_STAT_LEFT] + stats[i, cv2.CC_STAT_WIDTH])
        if columns and left <= columns[-1][1]:
            first, last, pieces = columns[-1]
            columns[-1] = (first, max(last, right), [*pieces, i])
        else:
            columns.append((left, right, [i]))
    return [pieces for _, _, pieces in columns]


def _one_line(pieces: np.ndarray) -> bool:
    """Whether two pieces or more stand side by side on one line (a caption and its value)."""
    if len(pieces) < 2:
        return False
    tops, bottoms = pieces[:, cv2.CC_STAT_TOP], pieces[:, cv2.CC_STAT_TOP] + pieces[:, cv2.CC_STAT_HEIGHT]
    return int(bottoms.min()) > int(tops.max())


def _lines_skipped(labels: np.ndarray, ink: np.ndarray, count: int, stats: np.ndarray, text_like: list[int],
                   words: list[Word]) -> list[int]:
    """Pieces of ink the words' own boxes (without the margin `_touched` gives them) leave
    bare, or cover little of over several lines (lines set close run together once shrunk): a
    line the reader skipped between two it read ('Purchase order number' lost between the
    order's number and the payment's reference on a photo)."""
    heights = [w.height * CHECK_FACTOR for w in words]
    if not heights:
        return []
    line = float(np.median(heights))
    covered = np.zeros_like(ink)
    for w in words:
        covered[int(w.top * CHECK_FACTOR):int(np.ceil(w.bottom * CHECK_FACTOR)),
                int(w.left * CHECK_FACTOR):int(np.ceil(w.right * CHECK_FACTOR))] = 1
    under = np.bincount(labels[(covered & ink) > 0], minlength=count)
    area = np.bincount(labels[ink > 0], minlength=count)
    return [i for i in text_like if under[i] == 0 or under[i] < PARTLY_READ * area[i]
            and stats[i, cv2.CC_STAT_HEIGHT] >= SEVERAL_LINES * line]


def _text_ink(image: np.ndarray) -> np.ndarray:
    """The page's ink, shrunk to the check's size, without its rules."""
    # Found at full size, then shrunk: thin strokes would fade to grey if the page were shrunk first.
    full_ink = (image < INK_BELOW).astype(np.uint8) * 255
    ink = (cv2.resize(full_ink, None, fx=CHECK_FACTOR, fy=CHECK_FACTOR, interpolation=cv2.INTER_AREA)
           > INKED_CELL).astype(np.uint8)
    # Rules (a table's lines, dotted or solid) are no text, and would join a row's words to the next.
    for kernel in (np.ones((1, RULE), np.uint8), np.ones((RULE, 1), np.uint8)):
        ink &= 1 - cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
    return ink


def _touched(labels: np.ndarray, ink: np.ndarray, count: int, words: list[Word], margin: int = 2) -> np.ndarray:
    """For each piece of ink, how many of its pixels the words' boxes, grown by `margin`
    shrunk pixels, cover."""
    covered = np.zeros_like(ink)
    for w in words:
        covered[max(int(w.top * CHECK_FACTOR) - margin, 0):int(w.bottom * CHECK_FACTOR) + margin + 1,
                max(int(w.left * CHECK_FACTOR) - margin, 0):int(w.right * CHECK_FACTOR) + margin + 1] = 1
    return np.bincount(labels[(covered & ink) > 0], minlength=count)


def _groups(labels: np.ndarray, stats: np.ndarray, missing: list[int]) -> list[list[int]]:
    """The missing pieces in groups of those a line or two apart."""
    mask = np.isin(labels, missing).astype(np.uint8)
    line = int(np.median([stats[i, cv2.CC_STAT_HEIGHT] for i in missing]))
    joined = cv2.dilate(mask, np.ones((3 * line, 6 * line), np.uint8))
    _, group_of = cv2.connectedComponents(joined, connectivity=8)
    groups: dict[int, list[int]] = {}
    for i in missing:
        groups.setdefault(int(group_of[stats[i, cv2.CC_STAT_TOP], stats[i, cv2.CC_STAT_LEFT]]), []).append(i)
    return list(groups.values())


def _box(pieces: np.ndarray, shape: tuple[int, ...]) -> tuple[int, int, int, int]:
    """The box around pieces of shrunk ink, in the image's pixels, with a margin."""
    height, width = shape[:2]
    left, top = pieces[:, cv2.CC_STAT_LEFT].min(), pieces[:, cv2.CC_STAT_TOP].min()
    right = (pieces[:, cv2.CC_STAT_LEFT] + pieces[:, cv2.CC_STAT_WIDTH]).max()
    bottom = (pieces[:, cv2.CC_STAT_TOP] + pieces[:, cv2.CC_STAT_HEIGHT]).max()
    return (max(0, int(left / CHECK_FACTOR) - PAD), max(0, int(top / CHECK_FACTOR) - PAD),
            min(width, int(right / CHECK_FACTOR) + PAD), min(height, int(bottom / CHECK_FACTOR) + PAD))


def _text_sized(stat: np.ndarray) -> bool:
    """Ink the size of a word at a quarter of 300 dpi: not a speck, a rule, a box or a logo."""
    w, h = int(stat[cv2.CC_STAT_WIDTH]), int(stat[cv2.CC_STAT_HEIGHT])
    return 5 <= h <= 40 and w >= 5 and w / h < 40 and not (w > 200 and h > 30)


def with_skipped_ink(image: np.ndarray, words: list[Word], read_block: Reader) -> list[Word]:
    """The words, and those a second reading of the skipped stretch finds where none was; a weak
    word (garble) gives way only to a sure one read over it."""
    out = list(words)
    for left, top, right, bottom in skipped_stretches(image, words)[:MAX_STRETCHES]:
        if right - left < 2 or bottom - top < 2:
            continue
        line_base = max((w.line for w in out), default=0) + 1
        found: list[Word] = []
        for w in read_block(without_rules(image[top:bottom, left:right]), (left, top)):
            under = [old for old in out + found if w.overlap(old) > OVERLAP]
            if w.confidence >= GARBLE and all(_gives_way(old, w) for old in under) and not _read_before(w, out):
                # A word put over garble stands on the garble's line.
                line = under[0].line if under else _line_of(w, words, line_base)
                found.append(Word(w.text, w.left, w.top, w.width, w.height, w.confidence, line))
        found = _covering(found, out)
        out = [old for old in out if not any(w.overlap(old) > OVERLAP for w in found)] + found
    return out


def _covering(found: list[Word], words: list[Word]) -> list[Word]:
    """The new words, less those over a word of the first reading they do not read whole (a
    garbled date of which the second reading kept only the year): that word stays as it was."""
    kept = list(found)
    for old in words:
        over = [w for w in kept if w.overlap(old) > OVERLAP]
        if over and (max(w.right for w in over) - min(w.left for w in over) < WHOLE_WIDTH * old.width
                     or sum(len(w.text) for w in over) < WHOLE_TEXT * len(old.text)
                     or not _keeps_digits(old.text, "".join(w.text for w in over))):
            kept = [w for w in kept if w not in over]
    return kept


def _keeps_digits(old: str, new: str) -> bool:
    """Whether the new text holds the old one's digits, in order: a reading that drops what the
    first one saw (the month and day of a date) is no better reading."""
    rest = iter(re.sub(r"\D", "", new))
    return all(digit in rest for digit in re.sub(r"\D", "", old))


def _read_before(word: Word, words: list[Word]) -> bool:
    """Whether the first reading has the same text at nearly the same place (a box drawn a little
    higher or lower the second time)."""
    return any(w.text == word.text and abs(w.top - word.top) < max(w.height, word.height)
               and min(w.right, word.right) - max(w.left, word.left) > 0.5 * min(w.width, word.width)
               for w in words)


def _gives_way(old: Word, new: Word) -> bool:
    """Whether a word of the first reading gives way to one read over it: only garble, and only to
    a clean figure where the garble was none, or to a sure word where the garble ran several
    lines together (a column's caption and value read as one line with a large title beside
    them). (A weak word keeps its place; other garbled words are left to the second look,
    which reads a garbled caption and its value together.) A speck of garble ('。' for a piece
    of 'No.000568') gives way to a sure word it lies in."""
    if old.confidence >= GARBLE:
        return False
    if new.confidence >= SURE and (old.height >= SEVERAL_LINES * new.height
                                   or old.width * old.height < SPECK * new.width * new.height):
        return True
    return bool(_FIGURE.fullmatch(new.text)) and not _FIGURE.fullmatch(old.text)


_FIGURE = re.compile(r"[-▲]?[¥\\]?\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?%?")


def without_rules(crop: np.ndarray) -> np.ndarray:
    """The crop with its horizontal rules whitened, dotted ones too: a rule run into a row's
    figures is what garbled them."""
    _, ink = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    joined = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, np.ones((1, DOT_GAP), np.uint8))
    rules = cv2.morphologyEx(joined, cv2.MORPH_OPEN, np.ones((1, RULE_PIXELS), np.uint8))
    if not rules.any():
        return crop
    cleaned = crop.copy()
    cleaned[cv2.dilate(rules, np.ones((5, 1), np.uint8)) > 0] = 255
    return cleaned


def _line_of(word: Word, words: list[Word], line_base: int) -> int:
    """The line of the first reading the word stands on (its middle within a word of that line,
    the nearest such word), else a line of its own reading's."""
    middle = word.top + word.height / 2
    beside = [w for w in words if w.top <= middle <= w.bottom]
    if not beside:
        return word.line + line_base
    return min(beside, key=lambda w: min(abs(w.left - word.right), abs(word.left - w.right))).line
