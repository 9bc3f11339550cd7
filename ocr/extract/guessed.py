"""Words OCR only guessed, read again before anything is chosen.

A page read in one pass sometimes garbles a line it reads cleanly alone: a light grey caption
and the number under it read as 'Ce' and 'ae' at 2 and 14, a key/value table's row run into
the address beside it at 0. Each run of such words (the first `GUESSED_RUNS` of the document,
top first, on scanned pages) is read again as one line with the page's languages; a reading
OCR is sure of takes the guesses' place, so labels, candidates and the second look all see
what the page prints. A reading as unsure as the first (noise, a seal, a logo) changes nothing.

    pages = read_guessed_again(pages, reread)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from itertools import islice

from ocr.extract.layout import GUESSED
from ocr.extract.second_look import Box, Rereader
from ocr.model import Page, Word
from ocr.tesseract import merge_cjk

GUESSED_RUNS = 6  # runs of guessed words read again in one document, at most
SURE_READING = 80  # a reading's confidence from which it replaces the guessed words
_GAP = 1.5  # word heights between two guessed words of one run, at most
_WIDEST = 0.6  # of the page's width: a run wider is a line of text, not a caption or a value


def read_guessed_again(pages: list[Page], reread: Rereader) -> list[Page]:
    """The pages with each run of guessed words a sure reading read again replaced by its words."""
    runs = islice(((page, run, line) for page in pages if page.source != "text-layer"
                   for run, line in _runs(page)), GUESSED_RUNS)
    replaced: dict[int, dict[int, list[Word]]] = {}  # page -> index of a run's first word -> its new words
    for page, run, line in runs:
        words = _read_again(page, run, line, reread)
        if words:
            # (with the guesses go the words OCR read over them: '11' read surely amid a date's garble)
            box = _box(run)
            mine = replaced.setdefault(page.number, {})
            mine.update({n: [] for n, w in enumerate(page.words) if _inside(w, box)})
            mine[page.words.index(run[0])] = words
    return [_with_words(page, replaced[page.number]) if page.number in replaced else page for page in pages]


def _runs(page: Page) -> Iterator[tuple[list[Word], list[Word]]]:
    """Runs of neighbouring words on one of OCR's lines, each word only guessed, top first, each
    with its line."""
    found = []
    for line in page.lines():
        run: list[Word] = []
        for word in [*line, None]:
            if word is not None and word.confidence < GUESSED and (
                    not run or word.left - run[-1].right <= _GAP * word.height):
                run.append(word)
                continue
            if run and _worth_reading(run, page):
                found.append((run, line))
            run = [word] if word is not None and word.confidence < GUESSED else []
    yield from sorted(found, key=lambda r: min(w.top for w in r[0]))


def _worth_reading(run: list[Word], page: Page) -> bool:
    """Wide enough to be a word, narrower than a line of text, with letters read but no digit:
    a figure read unsurely, or a shred of one, is the second look's, which reads each kind of
    value again whole with its own test (a total right to its label's edge, a T-number's check
    digit)."""
    height = max(w.height for w in run)
    text = "".join(w.text for w in run)
    return (1.5 * height <= run[-1].right - run[0].left <= _WIDEST * page.width and any(c.isalpha() for c in text)
            and not any(c.isdigit() for c in text))


def _read_again(page: Page, run: list[Word], line: list[Word], reread: Rereader) -> list[Word]:
    """The run's words as the first cleaning reads them again, if OCR is sure of them this time;
    what the reading finds past the run's neighbours on its line (the crop's margin reaches
    into them) is theirs."""
    box = _box(run)
    kind = "text_latin" if page.language == "eng" else "text"
    reading = next(iter(reread(page.number, box, kind, box[3] - box[1])), None)
    if reading is None or reading.confidence < SURE_READING or not any(c.isalnum() for c in reading.text):
        return []
    after = min((w.left for w in line if w.left >= box[2]), default=page.width)
    before = max((w.right for w in line if w.right <= box[0]), default=0)
    between = (before, box[1], after, box[3])
    words = [replace(w, line=run[0].line) for w in reading.words
             if w.confidence >= GUESSED and _inside(w, between, vertically=False)]
    # (a bar at either end is the crop's edge read as a stroke: 'het | factuurnummer.' is no
    # caption after a slash, but the end of a sentence)
    while words and words[0].text == "|":
        words.pop(0)
    while words and words[-1].text == "|":
        words.pop()
    return merge_cjk(words)


def _inside(word: Word, box: Box, vertically: bool = True) -> bool:
    """Whether the word's middle lies in the box (across it alone, not `vertically`)."""
    x, y = (word.left + word.right) / 2, (word.top + word.bottom) / 2
    return box[0] <= x <= box[2] and (not vertically or box[1] <= y <= box[3])


def _box(words: list[Word]) -> Box:
    return (min(w.left for w in words), min(w.top for w in words),
            max(w.right for w in words), max(w.bottom for w in words))


def _with_words(page: Page, replaced: dict[int, list[Word]]) -> Page:
    words = [new for n, word in enumerate(page.words) for new in replaced.get(n, [word])]
    return replace(page, words=words)
