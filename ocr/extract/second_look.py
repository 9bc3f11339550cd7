"""The second look: header fields that fail their validity test are read again from the page.

The page reader reads a whole page in one pass. Where a field with a strong test fails
it (a T-number whose check digit is wrong or that lost digits to a seal stamp; a date
label whose value does not parse; a header row Tesseract garbled because it ran it into
a bigger line beside it), the region is handed to a `Rereader` (`ocr.reread`), which
reads it again more carefully and yields candidate texts, cheapest first. Where nothing
was read, the first one that passes the field's test is taken; a value that was read
but is doubtful gives way only to one that two cleanings agree on. Nothing is read again
when every field passes, and at most `MAX_REGIONS` regions are read per document.

The header block's garbled rows are read again by `ocr.extract.second_look_header`, the
item lines' by `ocr.extract.second_look_items`.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from typing import Protocol

from ocr import registration
from ocr.extract import tnumber
from ocr.extract.edits import edits, edits_within
from ocr.extract.header import Candidate, whole_caption
from ocr.extract.labels import FIELD_LABELS, FIELD_VOCAB, LabelHit, find_labels, key
from ocr.extract.layout import GARBLED, SURE, PageDocument, Row, Token, box_of, document_of, join_tokens, only_guessed
from ocr.extract.unlabelled import identifier_shaped
from ocr.extract.values import DateOrder, clean_reference, marks_as_letters, parsers_for
from ocr.model import Page, Word
from ocr.references import as_digits

Box = tuple[float, float, float, float]  # left, top, right, bottom in page pixels

MAX_REGIONS = 6
MAX_DESCRIPTIONS = 6
MAX_FIGURES = 8  # item rows whose quantity and unit price are read again
SURE_REFERENCE = 80  # a reference read again alone, with no caption, is taken only this sure


class Reading(Protocol):
    text: str
    confidence: float
    words: list[Word]


Rereader = Callable[[int, Box, str, float], Iterable[Reading]]


class SecondLook:
    """A budget of regions to read again, on the pages that were OCR'd."""

    def __init__(self, reread: Rereader, doc: PageDocument, order: DateOrder) -> None:
        self.reread = reread
        self.doc = doc
        # Dates read again are read in the document's own order, as its dates were the first time.
        self.order = order
        self.parsers = parsers_for(order)
        self.left = MAX_REGIONS
        self.descriptions_left = MAX_DESCRIPTIONS
        self.figures_left = MAX_FIGURES
        self.ocr_pages = {p.number for p in doc.pages if p.source != "text-layer"}
        self.latin_pages = {p.number for p in doc.pages if p.language == "eng"}
        self._typical: dict[int, float] = {}

    def date(self, text: str) -> date | None:
        """The first date the text prints, in the document's order."""
        return self.order.parse(text)

    def row_of(self, token: Token) -> Row | None:
        """The row a token of the document stands on."""
        return self.doc.row_of(token)

    def typical(self, page: int) -> float:
        """The usual height of a line of text on a page, in page pixels."""
        if page not in self._typical:
            heights = [t.box[3] - t.box[1] for t in self.doc.tokens if t.page == page]
            self._typical[page] = float(statistics.median(heights)) if heights else 20.0
        return self._typical[page]

    def readings(self, page: int, box: Box, kind: str, text_height: float) -> Iterator[Reading]:
        """The region's readings, cheapest first; none once the budget is spent."""
        if page not in self.ocr_pages:
            return iter(())
        if kind == "description":
            if self.descriptions_left <= 0:
                return iter(())
            self.descriptions_left -= 1
        elif kind in ("figures", "line_figures"):
            if self.figures_left <= 0:
                return iter(())
            self.figures_left -= 1
        elif self.left <= 0:
            return iter(())
        else:
            self.left -= 1
        if kind in ("date", "text", "description") and page in self.latin_pages:
            kind += "_latin"  # the page was read as English: so is the region, faster
        elif kind in ("figures", "line_figures") and page not in self.latin_pages:
            kind += "_ja"  # a Japanese page's figures end in 円
        return iter(self.reread(page, box, kind, text_height))


def reading_doc(reading: Reading, page: int) -> tuple[PageDocument | None, dict[int, list[LabelHit]]]:
    """One reread line as a document of its own, and the labels on it."""
    from ocr.tesseract import merge_cjk

    # A grid's rules between a label and its value come out as bars.
    words = merge_cjk([w for w in reading.words if w.text.strip("|[]!") or len(w.text) > 2])
    if not words:
        return None, {}
    width = max(w.right for w in words) + 1
    height = max(w.bottom for w in words) + 1
    mini = document_of([Page(number=page, width=width, height=height, words=words)])
    return mini, {row.index: find_labels(row, FIELD_VOCAB) for row in mini.rows}


def line_height(tokens: list[Token]) -> float:
    return float(statistics.median(t.box[3] - t.box[1] for t in tokens))


def token_at(text: str, page: int, box: Box, confidence: float) -> Token:
    left, top, right, bottom = (int(v) for v in box)
    return Token(text, page, left, top, right, bottom, (left, top, right, bottom), confidence)


# --- registration numbers ---------------------------------------------------------------------

_LABEL_KEYS = {key(label) for label in FIELD_LABELS["registration_number"]}


def _digit_runs(text: str) -> list[str]:
    """The digits a reread shows for the number: those after its 'T' or its label's colon, else
    its longest run, spaces closed up, and a run of a T-number's length between spaces (the next
    column's figures read after it: '5543800368456 63226'); fourteen digits starting with 7 or 1
    are a 'T' read as a digit and twelve."""
    compact = re.sub(r"\s", "", text)
    runs = [m.group(1) for m in re.finditer(r"[T:](\d{11,15})", compact)]
    if not runs:
        runs = [max(re.findall(r"\d+", compact), key=len, default="")]
        runs += [run for run in re.findall(r"\d+", text) if 12 <= len(run) <= 14 and run not in runs]
    return [run[1:] if len(run) == 14 and run[0] in "71" else run for run in runs]


def _near_numbers(digits: str) -> set[str]:
    """Valid T-numbers one digit away (changed, lost or extra) from a stretch of 12 to 14 of the digits."""
    out: set[str] = set()
    stretches = {digits[i : i + n] for n in (12, 13, 14) for i in range(max(0, len(digits) - n + 1))}
    for s in stretches:
        variants = {s} if len(s) == 13 else set()
        if len(s) == 13:
            variants |= {s[:i] + d + s[i + 1 :] for i in range(13) for d in "0123456789"}
        elif len(s) == 12:
            variants |= {s[:i] + d + s[i:] for i in range(13) for d in "0123456789"}
        else:
            variants |= {s[:i] + s[i + 1 :] for i in range(14)}
        out |= {"T" + v for v in variants if registration.is_valid("T" + v)}
    return out


def _agreed_number(readings: list[str]) -> str | None:
    """The valid number closest to all the damaged readings together, when exactly one is closest."""
    readings = [r for r in readings if len(r) >= 12]
    if len(readings) < 2:
        return None
    near: set[str] = set()
    for digits in readings:
        near |= _near_numbers(digits)
    scored = sorted((sum(min(edits_within(n[1:], r), 3) for r in readings), n) for n in near)
    if not scored or scored[0][0] > len(readings) or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def _exact_number(text: str) -> str | None:
    """The reread's number when it shows exactly thirteen digits after its 'T' (or alone) that check out."""
    for digits in _digit_runs(text):
        if len(digits) == 13 and registration.is_valid("T" + digits):
            return "T" + digits
    return None


def _doubtful(current: Candidate | None) -> bool:
    """No number, one whose check digit fails, or one pieced together from weakly read marks."""
    return current is None or not registration.is_valid(current.value) or _from_weak_marks(current)


def _from_weak_marks(current: Candidate | None) -> bool:
    """Whether a number was pieced together from marks OCR read as garble."""
    return current is not None and any(t.confidence < GARBLED for t in current.tokens)


def registration_number(
    look: SecondLook, hits: dict[int, list[LabelHit]], current: Candidate | None
) -> Candidate | None:
    """The T-number read again where none was read, its check digit fails or it was pieced together.

    Each cleaning of the region gives one reading. A reading whose thirteen digits check
    out settles it when no number was read before; otherwise, and where every reading
    lost or garbled a digit (a stamp's frame across one), the valid number that several
    different readings are each one digit away from is taken. A number read before gives
    way only to one that two readings support: a clean number with a wrong check digit
    may be printed so, which is for the matching rules to report. So may one that cleanings
    read alike and surely where the number read before was pieced from weak marks.
    """
    if not _doubtful(current):
        return current
    regions: list[tuple[int, Box, float]] = []
    captions = [hit for row_hits in hits.values() for hit in row_hits if hit.field == "registration_number"]
    for row_hits in hits.values():
        for hit in row_hits:
            # (a caption in two languages side by side is read once, after its second half)
            if hit.field == "registration_number" and whole_caption(hit, row_hits).end == hit.end:
                # (one over the other, the strip between them is the other half: no number's place)
                others = [caption for caption in captions if caption.row is not hit.row]
                regions += [r for r in _beside_caption(look, hit) if not any(_holds(r, c) for c in others)]
    if current is not None:
        # Read again where the number was read, not where its label is.
        h = min(line_height(current.tokens), 1.3 * look.typical(current.tokens[0].page))
        left, top, right, bottom = box_of(current.tokens)
        regions = [(current.tokens[0].page, (left, top, max(right + 1.5 * h, left + 11 * h), bottom), h)]
    if not regions:
        # A label the row grouping hid, or the number's own start: 'T' and some digits.
        for t in look.doc.tokens:
            h = min(t.box[3] - t.box[1], look.typical(t.page))
            if key(t.text) in _LABEL_KEYS:
                regions.append((t.page, (t.box[2], t.box[1], t.box[2] + 10.5 * h, t.box[3]), h))
            elif re.fullmatch(r"T\d{6,13}", t.text) or _garbled_number(t.text):
                regions.append((t.page, (t.box[0], t.box[1], t.box[0] + 10 * h, t.box[3]), h))
    if not regions and current is None:
        regions = _guessed_numbers(look)
    for page, box, h in regions[:MAX_NUMBER_REGIONS]:
        exact: Counter[str] = Counter()
        texts: list[str] = []
        read: list[str] = []
        surely: list[str] = []  # the readings OCR was sure of
        for n, r in enumerate(look.readings(page, box, "registration_number", h), start=1):
            read.append(r.text)
            number = _exact_number(r.text)
            if current is not None and number == current.value:
                return current  # the weakly read number, read again the same: confirmed
            if number is not None:
                exact[number] += 1
                if current is None or exact[number] >= 2:
                    return Candidate(number, [token_at(number, page, box, r.confidence)], 0.5)
            texts += [d for d in _digit_runs(r.text) if d not in texts]
            surely += [r.text] if r.confidence >= SURE_REFERENCE else []
            if n >= 2 and current is not None and registration.is_valid(current.value):
                return current  # a valid number pieced together: two cleanings must overrule it
        number = _agreed_number(texts)
        if number is not None:
            if current is None or exact[number] >= 1:
                return Candidate(number, [token_at(number, page, box, 0.0)], 0.6)
        if current is None and (printed := _read_alike(read)) is not None:
            # Several cleanings read the same thirteen digits, their check digit wrong: the
            # number as printed (the matching rules report it).
            return Candidate(printed, [token_at(printed, page, box, 0.0)], 1.0)
        if _from_weak_marks(current) and (printed := _read_alike(surely)) is not None:
            return Candidate(printed, [token_at(printed, page, box, 0.0)], 1.0)  # (read surely: so too)
    return current


MAX_NUMBER_REGIONS = 4  # (right of a caption; under it, at the line read nearest and as it is; over it)
NUMBER_WIDTH = 10.5  # text heights: a T-number's width
VALUE_COLUMN_REACH = 1.5 * NUMBER_WIDTH  # text heights right of a caption where its value's word may start


def _garbled_number(text: str) -> bool:
    """Whether a word is a T-number with a few of its figures garbled ('T42<S221307425' for
    T3265221307425): a T and thirteen characters or so, most of them figures."""
    return re.fullmatch(r"T\S{12,14}", text) is not None and sum(c.isdigit() for c in text) >= 9


def _holds(region: tuple[int, Box, float], caption: LabelHit) -> bool:
    """Whether a region to read holds the middle of a caption's first word."""
    page, (left, top, right, bottom), _ = region
    word = caption.tokens[0]
    x, y = (word.box[0] + word.box[2]) / 2, (word.box[1] + word.box[3]) / 2
    return page == caption.row.page and left < x < right and top < y < bottom


GUESSED_NUMBERS = 2  # phrases OCR only guessed read again for a T-number no caption or T points to


def _guessed_numbers(look: SecondLook) -> list[tuple[int, Box, float]]:
    """Where a T-number OCR read only as garble, its caption with it, may stand: the first
    phrases of a scanned page at least half as wide as a number, every word of which OCR only
    guessed ('esata' at 0 for a row of a key/value table run into the address beside it)."""
    regions = []
    for row in look.doc.rows:
        if row.page not in look.ocr_pages:
            continue
        h = look.typical(row.page)
        for phrase in row.phrases:
            left, top, right, bottom = box_of(phrase.tokens)
            if right - left >= NUMBER_WIDTH * h / 2 and only_guessed(phrase.tokens):
                regions.append((row.page, (left, top, right, bottom), h))
    return regions[:GUESSED_NUMBERS]


def _beside_caption(look: SecondLook, hit: LabelHit) -> list[tuple[int, Box, float]]:
    """Where a registration caption's number may stand: right of it; where no figure was read
    right of it (its colon, the next column's name), under it and over it too (captions over or
    under their values)."""
    h = min(line_height(hit.tokens), look.typical(hit.row.page))
    left, top, right, bottom = box_of(hit.tokens)
    page = hit.row.page
    # (to the end of the first phrase after it, in a key/value table's column of values further
    # right: a number OCR split in two, '14/0/' '09553829')
    first = next((t for t in hit.row.tokens if right <= t.x0 < right + VALUE_COLUMN_REACH * h), None)
    after = [max(t.box[2] for t in p.tokens) + h] if first is not None and (p := hit.row.phrase_of(first)) else []
    regions = [(page, (right, top, max([right + NUMBER_WIDTH * h, *after]), bottom), h)]
    if not any(t.x0 >= hit.x1 and t.x0 - hit.x1 < NUMBER_WIDTH * h and sum(c.isdigit() for c in t.text) >= 3
               for t in hit.row.tokens):  # (an address's '4-1' in the next column is none of it)
        # (the number's type may be larger than its caption's; the caption's phrase may start with
        # garble, its other language's half, '登録番号' of '登録番号 / Qualified invoice issuer no.')
        start = min(left, *(p.x0 for p in [hit.row.phrase_of(hit.tokens[0])] if p is not None))
        strips = [(start - h, bottom, left + 1.3 * NUMBER_WIDTH * h, bottom + 2 * h),
                  (start - h, top - 2 * h, left + 1.3 * NUMBER_WIDTH * h, top)]
        regions += [(page, box, height) for strip, under in zip(strips, (True, False), strict=True)
                    for box, height in _figures_in(look, page, strip, h, under)]
    return regions


def _figures_in(look: SecondLook, page: int, strip: Box, h: float, under: bool) -> list[tuple[Box, float]]:
    """A strip over or under a caption, widened to the figures read across its edges, and the
    height to read it at: a number set in larger type than its caption's, or starting left of a
    caption whose start was lost; in smaller type than a caption OCR garbled taller than it is
    ('T3accennesseny' 12 px high under a caption read 28 px high), at the figures' height.
    A strip OCR read nothing in is read at the nearest line read within two more of its heights
    (a value set well apart from its caption, read as garble), then as it is (a line OCR did not
    find at all: the number under its caption, the next line read a reference further down)."""
    left, top, right, bottom = strip
    figures = [t.box for t in look.doc.tokens if t.page == page and any(c.isdigit() for c in t.text)
               and top < (t.box[1] + t.box[3]) / 2 < bottom and t.box[0] < right and t.box[2] > left]
    if not figures:
        nearest = _nearest_line(look, page, strip, under)
        return [(strip, h)] if nearest is None else [(nearest, h), (strip, h)]
    lines = [t.box for t in look.doc.tokens if t.page == page and t.box[1] < bottom and t.box[3] > top
             and t.box[0] < right and t.box[2] > left - NUMBER_WIDTH * h
             and abs(t.box[1] - figures[0][1]) < h]  # the figures' line, up to the next column
    height = min(h, statistics.median(b[3] - b[1] for b in figures))
    if height < h:  # (smaller type: the figures' line alone, not the strip a caption's height makes)
        top, bottom = min(b[1] for b in lines), max(b[3] for b in lines)
    return [((min(left, min(b[0] for b in lines) - h), min(top, min(b[1] for b in lines)),
              max(right, max(b[2] for b in lines) + h), max(bottom, max(b[3] for b in lines))), height)]


def _nearest_line(look: SecondLook, page: int, strip: Box, under: bool) -> Box | None:
    """The line read nearest a caption on the strip's side of it (under it for a strip under the
    caption), where that line lies past the strip, within two of the strip's heights: as a strip
    as wide as it. None where the strip reaches that line, or words OCR boxed over a third of
    the strip (garble that holds the value, read into the caption's row)."""
    left, top, right, bottom = strip
    across = [t.box for t in look.doc.tokens if t.page == page and t.box[0] < right and t.box[2] > left]
    if any(min(b[3], bottom) - max(b[1], top) > (bottom - top) / 3 for b in across):
        return None
    reach = 2 * (bottom - top)
    middle = {id(b): (b[1] + b[3]) / 2 for b in across}
    beyond = [b for b in across if (middle[id(b)] > top if under else middle[id(b)] < bottom)]
    if not beyond:
        return None
    first = min(beyond, key=lambda b: middle[id(b)]) if under else max(beyond, key=lambda b: middle[id(b)])
    centre = middle[id(first)]
    if not (bottom <= centre < bottom + reach if under else top - reach < centre <= top):
        return None
    line = [b for b in beyond if abs(middle[id(b)] - centre) < (first[3] - first[1]) / 2]
    # (as wide as a number in the line's own type, which may be larger than its caption's)
    height = statistics.median(b[3] - b[1] for b in line)
    start = min(left, *(b[0] for b in line))
    return (left, min(b[1] for b in line), max(right, start + 1.3 * NUMBER_WIDTH * height), max(b[3] for b in line))


def _read_alike(texts: list[str]) -> str | None:
    """The one T-number that two readings or more give digit for digit."""
    counts = Counter(r.number for text in texts for r in tnumber.readings(text))
    alike = [number for number, n in counts.items() if n >= 2]
    return alike[0] if len(alike) == 1 else None


# --- document numbers -------------------------------------------------------------------------

# A '1' where a letter I may stand: after letters before a separator ('S1/2026/0263' for SI/...),
# or ending the reference after a dash ('05-0842-1' for 05-0842-I).
_ONE_AS_I = re.compile(r"(?<=[A-Za-z])1(?=[-/])|(?<=[-/])1$")


def identifier_letters(look: SecondLook, current: Candidate | None) -> Candidate | None:
    """A reference with a '1' where a letter I may stand, read again: where a sure reading (or two
    agreeing ones) shows I there and the rest unchanged, it is the letter."""
    if current is None or not current.tokens or not _ONE_AS_I.search(current.value):
        return current
    ones = {m.start() for m in _ONE_AS_I.finditer(current.value)}
    keep = [i for i, ch in enumerate(current.value) if ch not in "-/."]  # separators a reread may lose
    page = current.tokens[0].page
    h = line_height(current.tokens)
    box = tuple(box_of(current.tokens))
    seen: Counter[str] = Counter()
    for n, r in enumerate(look.readings(page, box, "identifier", h)):
        text = re.sub(r"[-/.\s]", "", r.text.strip(" :#.,;"))
        if len(text) == len(keep) and all(
            current.value[i] == b or (i in ones and b in "Il|!") for i, b in zip(keep, text, strict=True)
        ):
            letters = {i for i, b in zip(keep, text, strict=True) if i in ones and b in "Il|!"}
            value = "".join("I" if i in letters else ch for i, ch in enumerate(current.value))
            if value != current.value:
                seen[value] += 1
                if seen[value] >= 2 or r.confidence >= 80:
                    return Candidate(value, current.tokens, current.rank)
        if n >= 2:
            break
    return current


def _garble_touching(look: SecondLook, tokens: list[Token]) -> list[Token]:
    """The garbled piece OCR split off before a reference, touching it ('で' '0218' for Q-00218):
    read again with it, so that its first characters are read too."""
    before = _word_before(look, tokens[0])
    # (garble holding figures may be the reference's start set a little apart: 'P2021' '0823' for F2027-0823)
    reach = (1.0 if before is not None and re.search(r"\d", before.text) else 0.3) * tokens[0].h
    if before is None or before.confidence >= GARBLED or tokens[0].box[0] - before.box[2] > reach:
        return []
    return [before]


def _figures_beside(look: SecondLook, tokens: list[Token], step: int) -> list[Token]:
    """The figures OCR set apart just before (step -1) or after (step 1) a reference, read unsurely
    a dash's width from it ('26' '0452' for 26-0452, the dash lost; '$2609' '166' for S2609166 on a
    phone photo): read again with them, the reference is read whole."""
    end = tokens[0] if step < 0 else tokens[-1]
    word = _word_before(look, end, step)
    if word is None or not re.fullmatch(r"\d{1,4}", word.text) or word.confidence >= SURE:
        return []
    edge, gap = (end.text[:1], end.box[0] - word.box[2]) if step < 0 else (end.text[-1:], word.box[0] - end.box[2])
    return [word] if edge.isdigit() and gap <= word.h else []


TALLER = 1.5  # times its row's words read surely: a reference's box this tall took in more than its print


def _printed_height(look: SecondLook, tokens: list[Token]) -> float:
    """The height a reference is printed at: its box's, unless that is far taller than the words
    its row reads surely, where OCR's box took in the line under it too ('9261-337' 53 px high
    over its caption, on a row of 31 px words): theirs then."""
    height = line_height(tokens)
    row = look.row_of(tokens[0])
    sure = [t.box[3] - t.box[1] for t in row.tokens if t.confidence >= SURE] if row is not None else []
    return float(statistics.median(sure)) if sure and height > TALLER * statistics.median(sure) else height


def _word_before(look: SecondLook, first: Token, step: int = -1) -> Token | None:
    """The word before a token on its row (or, with step 1, after it), if any."""
    row = look.row_of(first)
    if row is None:
        return None
    i = next(i for i, t in enumerate(row.tokens) if t is first) + step
    return row.tokens[i] if 0 <= i < len(row.tokens) else None


def _cut_off(look: SecondLook, tokens: list[Token], reading: str) -> list[Token]:
    """The word beside a reference that a reading shows was cut off it: the reading begins with a
    joining mark ('-2026-06724': 'PO' '202606724' read as two words) and a short word of Latin
    letters stands close before it, or it ends with one ('PO-2026-': 'o-2026' '0s889') and a
    word stands close after it; either read unsurely (a word read surely is none of it)."""
    if reading.startswith(("-", "/")):
        word = _word_before(look, tokens[0])
        fits = word is not None and (word.text.isascii() and word.text.isalpha() and len(word.text) <= 4
                                     or word.confidence < GARBLED and len(word.text) <= 6)
        gap = tokens[0].box[0] - word.box[2] if word is not None else 0
    elif reading.endswith(("-", "/")):
        word = _word_before(look, tokens[-1], step=1)
        fits = word is not None and bool(re.search(r"[0-9A-Za-z]", word.text))
        gap = word.box[0] - tokens[-1].box[2] if word is not None else 0
    else:
        return []
    return [word] if fits and word.confidence < SURE and gap <= CUT_GAP * tokens[0].h else []


CUT_GAP = 2.0  # text heights: how far from a reference a word cut off it may stand ('2N020' '0454' for SN-26-11-0458)


def _near(text: str, value: str, touching: list[Token], after: list[Token] = ()) -> bool:
    """Whether a reading may be the reference read first: two characters from it at most or,
    read with the garble before it, the same after a beginning no longer than that garble; read
    with the figures after it, the same before an end no longer than those."""
    more = len(text) - len(value)
    if edits(text, value) <= 2:
        return True
    if after and 0 < more <= len(after[0].text) + 1 and edits(text[:len(value)], value) <= 1:
        return True
    return bool(touching) and 0 < more <= len(touching[0].text) + 2 and edits(text[more:], value) <= 1


WEAK_REFERENCE = 65  # a reference read with less confidence than this is read again ('BOO00952' at 56)
_LETTER_AMONG_ZEROS = re.compile(r"[A-Za-z][Oo]0|0[Oo]")
_DIGIT_FOR_LETTER = re.compile(r"[58]\d{5,}$")  # S or B as its digit, before figures only ('52702808')
_LONE_ZERO = re.compile(r"0[-/]\d")  # no reference starts with a zero alone: a letter ('0-2026-0088', Q-…)


def _read_weakly(tokens: list[Token]) -> bool:
    """Whether a reference was read weakly: below `WEAK_REFERENCE`, or less than surely with an O
    beside its zeros ('MO000550' for a serif M000550: the letter may be a zero, or a mark
    Tesseract made of the M's last stroke, a zero too many) or a 5 or 8 before its figures (the
    letter S or B it may be: '52702808' at 66 for S2702808); or, however surely, starting with a
    zero alone."""
    weakest = min(t.confidence for t in tokens)
    return weakest < WEAK_REFERENCE or bool(_LONE_ZERO.match(tokens[0].text)) or weakest < SURE and any(
        _LETTER_AMONG_ZEROS.search(t.text) or _DIGIT_FOR_LETTER.match(t.text) for t in tokens)


REFERENCE_READINGS = 4  # cleanings of a weak reference read, at most, for a sure one or two that agree


def weak_reference(look: SecondLook, current: Candidate | None) -> Candidate | None:
    """A reference OCR read weakly ('Boo01001' for a bold B001001), read again: a sure reading of
    one reference two characters from it at most (any reference, where it was read as garble:
    'DA20204180' for PO-2026-04159), or one two cleanings agree on, replaces it.
    Read with the garble OCR split off before it, the reading may also begin with more; a
    reading that shows the reference's start or end was cut off ('-2026-06724', 'PO-2026-') is
    read again with the word before or after it. Readings of words and no figure at all say the
    first may have read garble as figures (a caption's other language beside it): None, for the
    caller to seek the field's value elsewhere before it keeps the first reading."""
    if current is None or not current.tokens:
        return current
    garble = _garble_touching(look, current.tokens)
    if not (_read_weakly(current.tokens) or garble and min(t.confidence for t in current.tokens) < SURE):
        return current  # (read less than surely after garble touching it: its first letter may be that garble's)
    touching = garble or _figures_beside(look, current.tokens, -1)
    after = _figures_beside(look, current.tokens, 1)
    agreed = _Agreement()
    agreed.seen[as_digits(str(current.value))] = [str(current.value)]  # (the first reading is one)
    found, cut = _reread_reference(look, current, touching, agreed, after=after)
    if found is None and cut:
        found, more = _reread_reference(look, current, cut, _Agreement())
        if found is None and more:  # (its start garbled in two words: 'Be' 'cue7' '00705' for RE-2027-00765)
            found, _ = _reread_reference(look, current, more, _Agreement())
    elif found is None:
        found, _ = _reread_reference(look, current, touching, agreed, wider=True, after=after)
    if found is None and agreed.only_letters():
        return None  # garble read as figures? ('5288' for a caption's 注文番号)
    return found or current


def reference_end(look: SecondLook, current: Candidate | None) -> Candidate | None:
    """A reference read surely on a row with words printed far taller after it (the amount due,
    printed large beside a sidebar) may have lost its end into their line ('PO-20' for
    PO-2026-06381): read once more, up to them, a reading of it with more letters or figures at
    its end, read surely or by two cleanings alike, is the reference whole."""
    if current is None or not current.tokens or not isinstance(current.value, str) \
            or min(t.confidence for t in current.tokens) < SURE:
        return current
    left, top, right, bottom = box_of(current.tokens)
    height = _printed_height(look, current.tokens)
    row = look.row_of(current.tokens[-1])
    after = [t for t in (row.tokens if row else []) if t.box[0] >= right]
    end = min([right + ROOM_AFTER * height] + [t.box[0] - 0.3 * height for t in after])
    if end - right < height or not any(t.box[3] - t.box[1] > TALLER * height for t in after):
        return current  # no room for a character more, or no taller line to lose it into
    longer: list[str] = []
    for reading in itertools.islice(look.readings(current.tokens[0].page, (left, top, end, bottom), "identifier",
                                                  height), 2):
        first = reading.words[0] if reading.words else None
        text = clean_reference(first.text.strip(" :;,|")) if first is not None else ""
        if not text.startswith(current.value) or not _REFERENCE_END.fullmatch(text[len(current.value):]):
            break  # read as first read, or as something else: the first reading stands
        if first.confidence >= SURE_REFERENCE or text in longer:
            return Candidate(text, current.tokens, current.rank, current.label)
        longer.append(text)
    return current


ROOM_AFTER = 8.0  # text heights right of a reference read again for what OCR lost of its end, at most
_REFERENCE_END = re.compile(r"[-/]?[0-9A-Z]+(?:[-/][0-9A-Z]+)*")


@dataclass
class _Agreement:
    """The readings of a reference so far, by their digits (look-alike letters read as digits),
    and the surest of each: readings of two crops agree as readings of two cleanings do, but a
    reading the same to its confidence is the same image read twice (the wider crop adding only
    white paper), no second reading."""

    seen: dict[str, list[str]] = field(default_factory=dict)
    surest: dict[str, float] = field(default_factory=dict)
    read: set[tuple[str, float]] = field(default_factory=set)
    figures: Counter[bool] = field(default_factory=Counter)  # readings with a figure, and without

    def only_letters(self) -> bool:
        """Whether every reading read words, and none of them a figure: what OCR first read as
        a reference there was garble read as figures."""
        return self.figures[False] > 0 and not self.figures[True]

    def add(self, text: str, reading: Reading) -> list[str]:
        """The readings that agree with this one, itself among them."""
        same = as_digits(text)
        if (reading.text, reading.confidence) not in self.read:
            self.read.add((reading.text, reading.confidence))
            self.seen.setdefault(same, []).append(text)
            self.surest[same] = max(self.surest.get(same, 0.0), reading.confidence)
        return self.seen[same]

    def surest_of(self, text: str) -> float:
        """The confidence of the surest reading that agrees with this one."""
        return self.surest[as_digits(text)]

    def disputed(self, text: str) -> bool:
        """Whether other readings agree on another reference as often as these on this one
        ('P0-2026-02711' and 'P0-2026-62711' twice each): they settle nothing."""
        same = as_digits(text)
        return any(len(others) >= len(self.seen[same]) for digits, others in self.seen.items() if digits != same)


def _reread_reference(look: SecondLook, current: Candidate, touching: list[Token], agreed: _Agreement,
                      wider: bool = False, after: list[Token] = ()) -> tuple[Candidate | None, list[Token]]:
    """The reference read again with the words `touching` it (and the figures `after` it); else the
    word beside it that a reading shows was cut off (`_cut_off`), if any. `wider` reads it with a text height more of
    the page on either side: where it stops in a crop changes how Tesseract splits its characters
    ('27-0113' read at 14 and 79 in one crop is '27-01113' at 89 in another)."""
    page = current.tokens[0].page
    garbled = max(t.confidence for t in current.tokens) < GARBLED  # read as garble: any reference there
    left, top, right, bottom = box_of([*touching, *current.tokens, *after])
    # (figures set apart beside it are printed at its size: OCR's box for the rest may take in more)
    height = min([_printed_height(look, current.tokens)]
                 + [t.box[3] - t.box[1] for t in [*touching, *after] if t.text.isdigit()])
    box = (left - height, top, right + height, bottom) if wider else (left, top, right, bottom)
    first = min(t.confidence for t in current.tokens)
    lettered: list[float] = []  # readings with a letter where the first read a digit (`_letter_for_first_digit`)
    as_first: list[float] = []  # readings of the reference as first read, but for look-alikes
    for n, r in enumerate(look.readings(page, box, "identifier", height)):
        text = clean_reference(r.text.strip())
        if text:
            agreed.figures[any(c.isdigit() for c in text)] += 1
        if cut := _cut_off(look, touching + current.tokens, r.text.strip()):
            return None, cut + touching  # the reading is of part of it: read it whole
        bare = clean_reference(_MARKS_BEFORE.sub("", r.text.strip()))
        if _letter_for_first_digit(str(current.value), bare):
            lettered.append(_confidence_of_reference(r))
            if (r.confidence >= SURE_REFERENCE or sum(c >= SURE_REFERENCE for c in lettered) >= 2
                    or len(lettered) >= 2 and max(lettered) > first):
                return Candidate(bare, current.tokens, current.rank), []
            continue
        if as_digits(text.upper()) == as_digits(str(current.value).upper()):  # ('p0-2026-…' for PO-2026-…)
            as_first.append(r.confidence)
            if r.confidence >= SURE_REFERENCE or len(as_first) >= 2 and max(as_first) >= first:
                return current, []  # read as first read, surely or twice: no wider crop needed
            if r.text.strip() == join_tokens(current.tokens) and r.confidence >= GARBLED:
                agreed.add(text, r)  # read legibly, exactly as first read: against readings agreeing on another
            continue  # look-alikes only: the first reading's shape rules have settled those ('08-0579-|')
        if after and text.count(" ") == 1:
            text = marks_as_letters(text.replace(" ", ""))  # (the figures after it read apart again)
        if " " not in text and identifier_shaped(text) and (garbled or _near(text, str(current.value), touching,
                                                                              after)):
            alike = agreed.add(text, r)
            if r.confidence >= SURE_REFERENCE:
                return Candidate(_small_letters_as_first_read(str(current.value), text), current.tokens,
                                 current.rank), []
            best = _small_letters_as_first_read(str(current.value),
                                                _digits_as_first_read(str(current.value), min(alike, key=_look_alikes)))
            if _digit_for_first_letter(str(current.value), best):
                continue  # (only a sure reading puts a digit for the prefix: `_letter_for_first_digit`)
            # (readings that only mend the first's letters and marks need no surer reading, and no
            # vote of the first's settles against them: those are what the first misread)
            if len(alike) >= 2 and (_mends_no_digit(str(current.value), best)
                                    or not agreed.disputed(text) and agreed.surest_of(text) >= first):
                return Candidate(best, current.tokens, current.rank), []
        if n >= REFERENCE_READINGS - 1:
            break
    return None, []


# A letter that starts a reference and that OCR reads as its look-alike digit ('8000987' for
# B000987, '52702808' for S2702808); an O or I there is the zero or one more often than not.
_PREFIX_LETTER = re.compile(r"[A-HJ-NP-Z](?=\d|[-/]\d)")


def _letter_for_first_digit(first: str, again: str) -> bool:
    """Whether a reading again differs from a weak first reading only in its first character, a
    capital letter before figures where the first read its look-alike digit: of a reference's
    look-alikes, its prefix is what a crop of it alone reads best."""
    return (len(first) == len(again) > 1 and first[0].isdigit() and first[1:] == again[1:]
            and _PREFIX_LETTER.match(again) is not None and as_digits(again[0]) == first[0])


def _digit_for_first_letter(first: str, again: str) -> bool:
    """Whether a reading again differs from the first only in a digit where that read a capital
    letter before figures ('82701733' read twice, weakly, for a fax's '$2701733', S2701733)."""
    return (len(first) == len(again) > 1 and again[0].isdigit() and first[1:] == again[1:]
            and _PREFIX_LETTER.match(first) is not None)


_MARKS_BEFORE = re.compile(r"^(?:[^\w\s]+\s+)+")  # words of marks alone before a reference ('- Q-2026-0088')


def _confidence_of_reference(reading: Reading) -> float:
    """How surely a reading read the reference itself: its words of letters or figures, not the
    marks beside it (': Q-2026-0088' at 49, the reference at 85, the colon at 13)."""
    return min((w.confidence for w in reading.words if re.search(r"[0-9A-Za-z]", w.text)),
               default=reading.confidence)


def _mends_no_digit(first: str, again: str) -> bool:
    """Whether a reading differs from the first only where that read a letter or a mark ('AI26/0388'
    read again 'A/26/0388', 'PO-2026-G5306' 'PO-2026-05306'): readings weaker than the first may
    mend those, never put one digit for another, nor a digit or a letter for a slash or a dash
    ('Al2610293' for a first 'A/26/0293': a slash read as a stroke)."""
    return len(first) == len(again) and all(a == b or not a.isdigit() and a not in "/-"
                                            for a, b in zip(first, again, strict=True))


def _digits_as_first_read(first: str, again: str) -> str:
    """A reading again with the first reading's digits where it reads their look-alike letters
    after its letters' prefix ('27-O1113' read again for '27-0113' is 27-01113): the readings
    agree on those characters but for how their shape was read."""
    digits = as_digits(again)
    out = list(again)
    start = len(re.match(r"[A-Za-z]*", again).group())
    for block in SequenceMatcher(None, first, digits, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            i = block.b + k
            if i >= start and again[i].isalpha() and first[block.a + k].isdigit():
                out[i] = digits[i]
    return "".join(out)


def _small_letters_as_first_read(first: str, again: str) -> str:
    """A reading again with the first reading's figure where it reads a small letter between two
    figures ('Q2s09-214' for 'Q2609-214'): references print their letters as capitals, so the
    letter is a figure misread, and the first reading read which."""
    if len(first) != len(again):
        return again
    return "".join(first[i] if ch.islower() and first[i].isdigit() and 0 < i < len(again) - 1
                   and again[i - 1].isdigit() and again[i + 1].isdigit() else ch for i, ch in enumerate(again))


def _look_alikes(text: str) -> int:
    """How many of a reference's characters are letters that look like digits: of two readings
    that agree but for those ('BOOO159', 'B000159'), the one with fewer read its digits as digits."""
    return sum(a != b for a, b in zip(text, as_digits(text), strict=True))


# --- dates ------------------------------------------------------------------------------------

DOUBTFUL_DATE = SURE  # a date read less than surely is read again (a scan's 03 read as 05 at 84)


def _sure_where_it_differs(reading: Reading, again: date, first: date) -> bool:
    """Whether a reading read surely each figure in which its date differs from the first
    reading's ('2026 年 11 月 11 日', its day's '11' at 92, over '2026年11月1日' read at 81)."""
    figures = [w for w in reading.words if re.fullmatch(r"\d{1,4}", w.text)]
    differ = [a for a, b in ((again.year, first.year), (again.month, first.month), (again.day, first.day)) if a != b]
    return bool(differ) and all(any(int(w.text) == a and w.confidence >= SURE for w in figures) for a in differ)


def _digit_lost(again: date, first: date) -> bool:
    """Whether a date read again is the first reading with a figure of its day lost ('1 March'
    for '31 March': the crop's edge cut into it), which is no better reading."""
    return ((again.year, again.month) == (first.year, first.month) and again.day < 10 <= first.day
            and str(first.day).endswith(str(again.day)))


def _day_mark_as_ones(again: str, first: str) -> bool:
    """Whether a date read again only added ones after the first reading's figures: the 日 its
    box ends in, read as '1' or '11' ('令和8年5月9' read again as '令和8年5月911', which the
    repair of a fax's 0 read as 9 would make the 1st). A reading that shows its 日 after the
    ones read them as figures ('2 月 11 日' for the first reading's '2月 1日'), and so does one that
    shows it as a bar ('9 月 11|')."""
    if re.search(r"\d\s*[日|\]]\s*$|\d\s*月\D*$", again):
        return False  # (nor are ones before 月 a day's: '11 月 末日' is November's end)
    groups, before = re.findall(r"\d+", again), re.findall(r"\d+", first)
    if not before or len(groups) != len(before) or groups[:-1] != before[:-1]:
        return False  # (ones in the month as well, '11月11' for '1月1': the first reading lost them)
    last, was = groups[-1], before[-1]
    return len(last) > len(was) and last.startswith(was) and set(last[len(was):]) == {"1"}


_DATE_PART = re.compile(r"(\d*)\W*?\s*([年月日])")


def _parts_filled(again: str, first: str) -> str:
    """A date read again whose figures before one of its marks 年, 月, 日 were lost ('令和 9 年 : 月
    31|'), those figures taken from the first reading ('令和 9 年 1 月 3 日', its day read short):
    each reading keeps what it read and the first its era. '' where the marks do not agree."""
    again = re.sub(r"(?<=\d)\s*[|\]]$", "日", again.strip())  # (its 日 cut to a bar: '31|')
    parts, before = _DATE_PART.findall(again), list(_DATE_PART.finditer(first))
    if (len(parts) != 3 or [m for _, m in parts] != [b.group(2) for b in before]
            or sum(not d for d, _ in parts) != 1 or not all(b.group(1) for b in before)):
        return ""
    era = first[:before[0].start()]
    return era + "".join((d or b.group(1)) + m for (d, m), b in zip(parts, before, strict=True))


def _figures_whole(again: str, first: str) -> str:
    """The first reading with each figure taken whole from whichever reading holds it whole, where
    the other lost figures off one end of it (a fax: '2026 年 11 月 1 日', read again '2026 生 1 月 16H'
    twice: the first reading lost the day's 6, the cleanings the month's second 1). '' where the
    readings differ otherwise."""
    groups, before = re.findall(r"\d+", again), list(re.finditer(r"\d+", first))
    if len(groups) != len(before) or len(groups) < 2:
        return ""
    parts, at = [], 0
    for figures, was in zip(groups, before, strict=True):
        short, whole = sorted((figures, was.group()), key=len)
        if not (whole.startswith(short) or whole.endswith(short)):
            return ""
        parts.append(first[at:was.start()] + whole)
        at = was.end()
    return "".join(parts) + first[at:]


def date_value(look: SecondLook, current: Candidate | None, fits: Callable[[date], bool]) -> Candidate | None:
    """A weakly read date read again: a different date that `fits` replaces it, where two
    cleanings agree on it or, over a date read as garble, one reads it surely (or surely the
    figures in which the two differ: `_sure_where_it_differs`), or, over one
    that does not fit (an issue date after the due date: '2027-07-16' for 1月16日), one reads
    it legibly. A cleaning that reads no date at all is passed over: two legible ones decide."""
    if current is None or not current.tokens or min(t.confidence for t in current.tokens) >= DOUBTFUL_DATE:
        return current
    page = current.tokens[0].page
    h = min(line_height(current.tokens), look.typical(page))
    after = _word_before(look, current.tokens[-1], step=1)
    closing = [after] if after is not None and after.text.startswith("日") else []  # (its day's figures run on)
    left, top, right, bottom = box_of(current.tokens + closing)
    seen: Counter[date] = Counter()
    first, weakest = join_tokens(current.tokens + closing), min(t.confidence for t in current.tokens)
    legible = 0
    for r in look.readings(page, (left, top, right, bottom), "date", h):
        value = look.date(_figures_whole(r.text, first)) or look.date(r.text) or look.date(_parts_filled(r.text, first))
        legible += value is not None
        if (value is not None and value != current.value and fits(value) and not _digit_lost(value, current.value)
                and not _day_mark_as_ones(r.text, first)):
            seen[value] += 1
            if (seen[value] >= 2 or r.confidence >= SURE and weakest < GARBLED
                    or r.confidence >= SURE and _sure_where_it_differs(r, value, current.value)
                    or r.confidence >= GARBLED and not fits(current.value)):
                box = (left, top, right, bottom)
                return Candidate(value, [token_at(r.text, page, box, r.confidence)], current.rank)
        if legible >= 2:
            break  # two cleanings: they must agree
    return current
