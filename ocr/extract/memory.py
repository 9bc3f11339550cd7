"""Supplier memory: where a supplier prints a header field, learnt from one correction.

    placement = learn(pages, "total", Decimal("13574"))   # None: the value is not on the page
    found = recall(next_pages, [placement])                 # {"total": Recalled(Decimal("15400"), ...)}

A placement is what a clerk's correction shows about the page: the caption printed
beside the right value (its key; whether the value sits right of, below or above it;
how many other figures lie between them, as in a grid of totals), the value's box
relative to the page, and its shape. Recall reads a new page of the same supplier the
same way: the same caption first, then the value where the placement says; else what
parses as the field's kind inside the remembered box. A value that is not on the page
teaches nothing: learn never guesses. Nothing here knows a supplier or a layout; the
portal keeps one placement per supplier and field, and lets the document's arithmetic
judge what recall read (`portal.learning.settle`).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Any

from ocr import registration
from ocr.extract.edits import edits_within, within_one_edit
from ocr.extract.labels import key
from ocr.extract.layout import GUESSED, SURE, PageDocument, Row, Token, box_of, document_of, is_cjk, join_tokens
from ocr.extract.tnumber import MISREAD_DIGITS
from ocr.model import Page
from ocr.parse import detect_currency, find_amount, parse_amount, parse_date
from ocr.references import as_digits, compact, fits_shape, repair, shape_of

AMOUNTS = ("subtotal", "tax_total", "total")
KINDS = {
    "document_number": "identifier",
    "po_number": "identifier",
    "registration_number": "registration",
    "issue_date": "date",
    "due_date": "date",
    "currency": "currency",
    **{name: "amount" for name in AMOUNTS},
}
# The most tokens one value of a kind spreads over ('令和 8 年 10 月 3 日', 'T 1234 5678 9012 3').
_RUN = {"amount": 4, "date": 8, "identifier": 3, "registration": 6, "currency": 1}
_LABEL_TOKENS = 5  # a caption, not a sentence
_MAX_SKIP = 3  # figures between a caption and its value: a row or a column of a grid of totals
_HINTS = (None, "JPY", "EUR")  # how an amount's separators may have to be read to give its value
# How a date's figures may have to be read to give its value (31/10/2026, 10/31/2026, 26/10/31).
_DATE_HINTS = (None, "day-first", "month-first", "year-first")
_DIRECTIONS = ("right", "below", "above")
# Printed between a caption and its value without being either: a weekday before a date,
# a currency, a tax qualifier, punctuation.
_WEEKDAY = re.compile(r"(?i)\(?(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\)?|\(?[月火水木金土日](?:曜日?)?\)?")
_QUALIFIER = re.compile(r"(?i)\(?(?:税込|税抜|税別|incl\.?|excl\.?)\)?")
_T_AS_MARK = re.compile(r"[^0-9A-Za-z]{1,2}(\d{13})")  # "'£7670683261086"
_DATE_START = re.compile(r"\s*(?:\d|令和|平成|[RH]\s*\d|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec))")


@dataclass(frozen=True)
class Caption:
    """A caption that names a value: its key (caption_key), where the value lies from
    it (right, below, above) and how many other figures lie between them (a grid of totals)."""

    label: str
    direction: str
    skip: int = 0
    text: str = field(default="", compare=False)  # as printed, for a person to read


@dataclass(frozen=True)
class Placement:
    """Where one field's value was printed: beside which captions, where on which page, in what shape."""

    field: str
    page: int
    box: tuple[float, float, float, float]  # left, top, right, bottom as shares of the page's size
    captions: tuple[Caption, ...] = ()  # the surest first
    shape: str | None = None  # identifiers: letters as A, digits as 9 ('INV-00883' -> 'AAA-99999')
    example: str | None = None  # identifiers and T-numbers: the corrected value (an identifier's letters a
    # misread digit may stand for; the T-number this supplier prints, to be found again as OCR damaged it)
    hint: str | None = None  # amounts: the currency whose separators give the value; dates: their order
    vouched: bool = False  # learnt from a value a clerk left as read: used only where a reading finds none

    def as_json(self) -> dict[str, Any]:
        """A JSON-safe dict, as the portal stores it."""
        return asdict(self) | {"box": list(self.box)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Placement:
        """The placement a stored dict describes (keys it does not know are ignored)."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        captions = tuple(Caption(**c) for c in values.get("captions") or ())
        return cls(**values | {"box": tuple(values["box"]), "captions": captions})


@dataclass(frozen=True)
class Recalled:
    """A value read where a placement points: the value, its tokens, and how it was found."""

    value: Any  # Decimal, date or str, by the field's kind
    tokens: list[Token]
    how: str  # label | position | reread
    shape: str | None = None  # an identifier's remembered shape

    @property
    def confidence(self) -> float:
        """OCR's confidence in the tokens, a little lower when only the position led to them."""
        conf = min(t.confidence for t in self.tokens) / 100
        return round(max(0.0, min(1.0, conf)) * (1.0 if self.how == "label" else 0.9), 3)

    def meta(self) -> dict[str, Any]:
        """The fields_meta entry: where the value is, how surely, and that memory found it."""
        return {"source": "memory", "how": self.how, "confidence": self.confidence,
                "page": self.tokens[0].page, "box": box_of(self.tokens)}


# --- reading tokens as a value ---------------------------------------------------------------


def _one_apart(a: str, b: str) -> bool:
    """Equal, or (six characters or more) one character added, lost or changed."""
    return a == b or (min(len(a), len(b)) >= 6 and within_one_edit(a, b))


def _identifier(text: str) -> str | None:
    """A reference as printed; a '$' in it is the S OCR took for one ('$2609272')."""
    s = re.sub(r"^(?i:no\.?|#)", "", compact(text).strip(":#.,;")).strip(":#.,;").replace("$", "S")
    if len(s) >= 2 and re.search(r"\d", s) and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9\-/_.#]*", s):
        return s
    return None


def _amount(text: str, hint: str | None) -> Decimal | None:
    if hint:
        return parse_amount(text, currency=hint)
    value = parse_amount(text)
    if value is None and not re.search(r"[A-Za-z]", text):  # a soiled figure, not a word with digits
        value = find_amount(text)
    return value


def _date(text: str, hint: str | None) -> date | None:
    # A date's text starts with its first figure or its month: a caption before it is no date.
    if not _DATE_START.match(unicodedata.normalize("NFKC", text)):
        return None
    if hint is None:
        return parse_date(text)
    return parse_date(text, day_first="day-first" in hint, year_first="year-first" in hint)


def date_hint(day_first: bool, year_first: bool = False) -> str:
    """A date placement's hint for a document that writes its dates in this order: recall reads
    dates as the document at hand writes them (`ocr.extract.values.date_order`)."""
    return ",".join(["day-first" if day_first else "month-first", *(["year-first"] if year_first else [])])


def value_of(kind: str, text: str, hint: str | None = None) -> Any | None:
    """The value of a field's kind printed as text, or None."""
    if kind == "amount":
        return _amount(text, hint)
    if kind == "date":
        return _date(text, hint)
    if kind == "identifier":
        return _identifier(text)
    if kind == "registration":  # a 'T' OCR lost or read as a mark, where the supplier's number is known to stand
        printed = compact(text)
        marked = _T_AS_MARK.fullmatch(printed)
        return (registration.normalise(text) or registration.normalise("T" + printed.lstrip(":"))
                or (registration.normalise("T" + marked.group(1)) if marked else None))
    return detect_currency(text) if len(text) <= 12 else None


def _same(kind: str, found: Any, wanted: Any, loose: bool = False) -> bool:
    """Whether a reading is the corrected value; loosely, an identifier may also be misread
    in look-alikes and one more character (the misreading the clerk corrected)."""
    if found is None:
        return False
    if kind not in ("identifier", "registration"):
        return found == wanted
    a, b = compact(str(found)).upper(), compact(str(wanted)).upper()
    if not loose:
        return a == b
    return _one_apart(as_digits(a), as_digits(b))


def _read(kind: str, tokens: list[Token], placement: Placement) -> tuple[Any, list[Token]] | None:
    """The first value of the kind among the tokens, tried from each token in turn.

    An amount takes the longest run that still reads as one ('¥ 12,340 -'); anything else
    the shortest ('2026年10月3日' without the weekday after it).
    """
    loose = None  # an identifier only roughly of the remembered shape, if none has it exactly
    for i in range(len(tokens)):
        lengths = range(1, min(len(tokens) - i, _RUN[kind]) + 1)
        for n in reversed(lengths) if kind == "amount" else lengths:
            run = tokens[i:i + n]
            value = value_of(kind, join_tokens(run), placement.hint)
            if kind == "identifier" and value is not None:
                value = repair(value, placement.shape, placement.example)
                if placement.shape and shape_of(value) != placement.shape:
                    loose = loose or ((value, run) if fits_shape(value, placement.shape) else None)
                    continue
            if kind == "registration" and value is not None and placement.example:
                value = _as_printed(value, placement.example, min(t.confidence for t in run) >= SURE)
            if value is not None:
                return value, run
    return loose


def _as_printed(number: str, example: str, sure: bool) -> str:
    """A T-number read unsurely where the supplier prints it (its corrected example), its check
    digit failing and up to `tnumber.MISREAD_DIGITS` off that number: that number, misread (a
    fax's '6595011907664' for 6575911907664). Read cleanly, it is what was printed, however
    close to the supplier's: a number printed wrong is a finding for the matching rules."""
    if not sure and not registration.is_valid(number) and edits_within(number[1:], example[1:]) <= MISREAD_DIGITS:
        return example
    return number


# --- the page's geometry ---------------------------------------------------------------------


def _is_figure(token: Token) -> bool:
    """A value of its own (a quantity, a price, a date's digits): no caption runs through it."""
    return any(c.isdigit() for c in token.text) and not any(c.isalpha() for c in token.text)


def _is_between(token: Token) -> bool:
    """Printed between a caption and its value: a weekday, a currency, a tax qualifier, a mark."""
    text = token.text
    return (not any(c.isalnum() for c in text) or bool(_WEEKDAY.fullmatch(text) or _QUALIFIER.fullmatch(text))
            or (len(text) <= 4 and detect_currency(text) is not None and not any(c.isdigit() for c in text)))


def _spans(row: Row) -> list[tuple[int, int]]:
    """(start, end) in row.tokens of each phrase."""
    spans, i = [], 0
    for phrase in row.phrases:
        spans.append((i, i + len(phrase.tokens)))
        i += len(phrase.tokens)
    return spans


def _cells_after(row: Row, end: int, kind: str) -> list[list[Token]]:
    """What follows a caption on its row, cell by cell: the rest of its phrase, then each later phrase.

    Only cells that can hold a value count (with a digit; anything, for a currency).
    """
    cells = []
    for start, stop in _spans(row):
        if stop > end:
            cells.append(row.tokens[max(start, end):stop])
    return [c for c in cells if kind == "currency" or _holds_figure(c)]


def _holds_figure(tokens: list[Token]) -> bool:
    """Some digit besides a tax rate's ('(10%)' qualifies a caption; it is not a value)."""
    return any(ch.isdigit() for ch in re.sub(r"\d+(?:\.\d+)?\s*%", "", join_tokens(tokens)))


def _glued(tokens: list[Token], lo: int, hi: int) -> list[Token]:
    """tokens[lo:hi] with the neighbours printed against them (one caption OCR cut into words)."""
    def gap(a: Token, b: Token) -> float:
        return b.x0 - a.x1

    while lo > 0 and gap(tokens[lo - 1], tokens[lo]) < 0.8 * tokens[lo].h:
        lo -= 1
    while hi < len(tokens) and gap(tokens[hi - 1], tokens[hi]) < 0.8 * tokens[hi].h:
        hi += 1
    return tokens[lo:hi]


def _column(doc: PageDocument, row: Row, tokens: list[Token], step: int) -> Iterator[tuple[Row, list[Token]]]:
    """Rows down (step 1) or up (-1) from `row` with tokens under or over `tokens`, and those tokens."""
    x0, x1 = min(t.x0 for t in tokens), max(t.x1 for t in tokens)
    h = max(t.h for t in tokens)
    last_y, i = row.yc, row.index + step
    while 0 <= i < len(doc.rows) and doc.rows[i].page == row.page and abs(doc.rows[i].yc - last_y) <= 3.2 * h:
        other = doc.rows[i]
        over = [n for n, t in enumerate(other.tokens) if t.x1 >= x0 - 0.5 * h and t.x0 <= x1 + 0.5 * h]
        if over:
            yield other, _glued(other.tokens, over[0], over[-1] + 1)
            last_y = other.yc
        i += step


def _relative(tokens: list[Token], doc: PageDocument) -> tuple[float, float, float, float]:
    left, top, right, bottom = box_of(tokens)
    page = tokens[0].page
    w, h = doc.widths[page] or 1, doc.heights[page] or 1
    return (round(left / w, 4), round(top / h, 4), round(right / w, 4), round(bottom / h, 4))


def caption_key(text: str) -> str:
    """A caption's key: ocr.extract.labels.key, without the CJK brackets OCR sees or misses around it."""
    return re.sub(r"[\u3000-\u303f]", "", key(text))


def _is_caption(tokens: list[Token]) -> bool:
    """Words, not figures: a caption has letters, few digits, reads as neither an amount nor a
    date, is no sentence, and OCR did not merely guess it (a caption misread is no guide)."""
    if not tokens or len(tokens) > _LABEL_TOKENS:
        return False
    text, label = join_tokens(tokens), caption_key(join_tokens(tokens))
    cjk = any(is_cjk(c) for c in label)
    return (any(c.isalpha() for c in text) and sum(c.isdigit() for c in text) <= 2
            and (2 if cjk else 3) <= len(label) <= (12 if cjk else 30)
            and not any(0 < t.confidence < GUESSED for t in tokens)
            and _amount(text, None) is None and _date(text, None) is None)


# --- learning --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Named:
    """A caption found beside one printing of the value, and how sure a guide it is."""

    caption: Caption
    rank: tuple[int, int, int]  # lower is surer: fewer figures between, a phrase of its own, beside


@dataclass
class _Found:
    """One place the corrected value is printed, and the captions that name it there."""

    row: Row
    start: int
    end: int
    hint: str | None = None
    named: list[_Named] = dataclasses.field(default_factory=list)

    @property
    def tokens(self) -> list[Token]:
        return self.row.tokens[self.start:self.end]

    @property
    def rank(self) -> tuple[int, int, int]:
        return min((n.rank for n in self.named), default=(_MAX_SKIP + 1, 1, len(_DIRECTIONS)))


def _occurrences(doc: PageDocument, kind: str, value: Any) -> list[_Found]:
    """Every run of tokens that reads as the value and holds no shorter such run; for an
    identifier printed nowhere exactly, those that read as it give or take OCR's slips."""
    found = _matching_runs(doc, kind, value, loose=False)
    if not found and kind in ("identifier", "registration"):
        found = _matching_runs(doc, kind, value, loose=True)
    return found


def _matching_runs(doc: PageDocument, kind: str, value: Any, loose: bool) -> list[_Found]:
    found = []
    for row in doc.rows:
        matches: dict[tuple[int, int], str | None] = {}
        n = len(row.tokens)
        for i in range(n):
            for j in range(i + 1, min(n, i + _RUN[kind]) + 1):
                text = join_tokens(row.tokens[i:j])
                hint = next((h for h in {"amount": _HINTS, "date": _DATE_HINTS}.get(kind, (None,))
                             if _same(kind, value_of(kind, text, h), value, loose)), "-")
                if hint != "-":
                    matches[(i, j)] = hint
        for (i, j), hint in matches.items():
            if kind == "amount" and _is_rate(row.tokens, j - 1):
                continue  # '0 %' is a rate, not an amount of nought
            if not any((a, b) != (i, j) and i <= a and b <= j for a, b in matches):
                found.append(_Found(row, i, j, hint))
    return found


def _is_rate_or_remark(tokens: list[Token], n: int) -> bool:
    """'10%', '(8%)' or '(export delivery)': qualifies a caption, and differs between documents."""
    return _is_rate(tokens, n) or tokens[n].text[:1] in "([（〔【「"


def _is_rate(tokens: list[Token], n: int) -> bool:
    """tokens[n] is a tax rate, or its figure with the '%' read as the next token."""
    after = tokens[n + 1].text if n + 1 < len(tokens) else ""
    return bool(re.fullmatch(r"\(?\d+(?:\.\d+)?%\)?", tokens[n].text)
                or (re.fullmatch(r"\(?\d+(?:\.\d+)?", tokens[n].text) and after.startswith("%")))


def _caption_words(words: list[Token]) -> list[Token]:
    """A caption's own words: without a rate, a remark or marks before them, nor what follows those."""
    while words and (_is_rate_or_remark(words, 0) or not any(c.isalpha() for c in words[0].text)):
        words = words[1:]
    cut = next((n for n in range(len(words)) if _is_rate_or_remark(words, n)), len(words))
    return words[:cut]


def _caption_left(found: _Found, kind: str) -> None:
    """The caption before the value on its row, past the figures of other columns (a few at most).

    Its key leaves out a rate or a remark in brackets after its words, which change from
    one document to the next ('plus VAT 0% (export delivery)' is 'plus VAT').
    """
    row, i = found.row, found.start - 1
    while i >= 0 and (_is_figure(row.tokens[i]) or _is_between(row.tokens[i])):
        i -= 1
    phrase_start = next((a for a, b in _spans(row) if a <= i < b), 0)
    start = i
    while start > phrase_start and i - start < 2 * _LABEL_TOKENS and (
            not _is_figure(row.tokens[start - 1]) or _is_rate(row.tokens, start - 1)):
        start -= 1
    label = _caption_words(row.tokens[start:i + 1] if i >= 0 else [])
    if not _is_caption(label):
        return
    cells = _cells_after(row, row.tokens.index(label[-1]) + 1, kind)
    skip = next((n for n, cell in enumerate(cells) if any(t is row.tokens[found.start] for t in cell)), None)
    if skip is not None and skip <= _MAX_SKIP:
        rank = (skip, 0 if start == phrase_start else 1, 0)
        printed = join_tokens(label)
        found.named.append(_Named(Caption(caption_key(printed), "right", skip, printed[:60]), rank))


def _caption_vertical(doc: PageDocument, found: _Found, step: int) -> None:
    """The caption over (step -1) or under (1) the value, past the figures of other rows of its column."""
    skip = 0
    for _row, tokens in _column(doc, found.row, found.tokens, step):
        if _is_caption(tokens):
            direction = "below" if step < 0 else "above"
            printed = join_tokens(tokens)
            found.named.append(_Named(Caption(caption_key(printed), direction, skip, printed[:60]),
                                      (skip, 0, _DIRECTIONS.index(direction))))
            return
        if not all(_is_figure(t) or _is_between(t) for t in tokens) or skip == _MAX_SKIP:
            return
        skip += 1


def learn(pages: list[Page], field: str, value: Any) -> Placement | None:
    """Where the corrected value of a field is printed on these pages; None when it is not there.

    Of several places printing it, the one with the surest caption is kept; among equals
    the last for amounts (the totals follow the table), the first for anything else.
    """
    kind = KINDS.get(field)
    if kind is None or value is None or value == "":
        return None
    doc = document_of(pages)
    places = _occurrences(doc, kind, value)
    for found in places:
        _caption_left(found, kind)
        _caption_vertical(doc, found, -1)
        _caption_vertical(doc, found, 1)
    if not places:
        return None
    best = min(p.rank for p in places)
    ties = [p for p in places if p.rank == best]
    return placed(doc, ties[-1] if kind == "amount" else ties[0], field, value)


def placed(doc: PageDocument, found: _Found, field: str, value: Any) -> Placement:
    """The placement of a field's value printed where `found` is."""
    kind = KINDS[field]
    identifier = compact(str(value)) if kind == "identifier" else None
    return Placement(
        field=field, page=found.row.page, box=_relative(found.tokens, doc),
        captions=tuple(n.caption for n in sorted(found.named, key=lambda n: n.rank)),
        shape=shape_of(identifier) if identifier else None,
        example=identifier or (str(value) if kind == "registration" else None), hint=found.hint,
    )


def learn_misread(pages: list[Page], field: str, value: Any, read: Any, page: int | None,
                  box: list[int] | None) -> Placement | None:
    """Where a value OCR misread is printed, learnt by its place alone: the box the reading took
    `read` from, when the corrected `value` is what a misreading of it gives (a date wrong in one
    of its parts, a figure or a reference in one character). What OCR read there is no caption
    to remember; a value read nowhere, or far from the right one, teaches nothing (`learn`)."""
    kind = KINDS.get(field)
    sheet = next((p for p in pages if p.number == page), None)
    if kind is None or value is None or read is None or read == value or sheet is None or not box:
        return None
    if not _misread(kind, read, value):
        return None
    w, h = sheet.width or 1, sheet.height or 1
    identifier = compact(str(value)) if kind == "identifier" else None
    return Placement(field=field, page=page, box=(round(box[0] / w, 4), round(box[1] / h, 4),
                                                  round(box[2] / w, 4), round(box[3] / h, 4)),
                     shape=shape_of(identifier) if identifier else None,
                     example=identifier or (str(value) if kind == "registration" else None))


def _misread(kind: str, read: Any, value: Any) -> bool:
    """Whether `read` is `value` as OCR may misread it."""
    if kind == "date":
        return isinstance(read, date) and sum(
            getattr(read, part) == getattr(value, part) for part in ("year", "month", "day")) == 2
    if kind == "amount":
        return within_one_edit(str(abs(read)), str(abs(value)))
    a, b = as_digits(compact(str(read)).upper()), as_digits(compact(str(value)).upper())
    if kind == "registration":
        return _one_apart(a, b)
    if kind == "identifier":
        return _one_apart(a, b) or _garbled_alike(a, b)
    return False


GARBLED_ALIKE = 0.6  # the share of two references' characters that line up, at least


def _garbled_alike(read: str, value: str) -> bool:
    """Whether a reference OCR garbled in several places is still mostly the right one
    ('AI2Z6IN636' for A/26/0636: its slashes read as strokes, a character read twice), as a fax
    garbles a number: most of its characters in order, and six or more of them."""
    return min(len(read), len(value)) >= 6 and SequenceMatcher(None, read, value).ratio() >= GARBLED_ALIKE
