"""Header fields: label → value pairs found by geometry, the document type, the issuer and its T-number.

A value is taken to the right of its label on the same row, else just below it, else
just above it (some layouts print the caption under the value); the first reading
that parses as the field's type wins, preferring specific labels over generic ones.
"""

from __future__ import annotations

import itertools
import math
import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ocr import registration
from ocr.extract import tnumber
from ocr.extract.labels import (
    CAPTION_TAILS,
    COLUMN_VOCAB,
    FIELD_VOCAB,
    KIND_PHRASES,
    KIND_WORDS,
    NUMBER_WORDS,
    TITLE_KEYS,
    TITLE_WORDS,
    LabelHit,
    caption_ids,
    find_labels,
    key,
    specificity,
)
from ocr.extract.layout import (
    GARBLED,
    SURE,
    PageDocument,
    Phrase,
    Row,
    Token,
    box_of,
    is_cjk,
    is_flat_mark,
    join_tokens,
)
from ocr.extract.result import DATES
from ocr.extract.values import NUMBER_MARK, ORDER_SHAPED, PARSERS, clean_reference
from ocr.parse import month_number, parse_date

GENERIC = {
    "no",
    "number",
    "nr",
    "nummer",
    "#",
    "番号",
    "ref",
    "reference",
    "date",
    "due",
    "po",
    "net",
    "tax",
    "total",
    "日付",
    "validity",
    "to",
}


@dataclass
class Candidate:
    """One reading of a field: its value, where it was found and how much to trust it."""

    value: Any
    tokens: list[Token]
    rank: float  # lower is better
    label: str | None = None  # the caption it was read beside, if any

    @property
    def confidence(self) -> float:
        conf = min(t.confidence for t in self.tokens) / 100 if self.tokens else 0.5
        return round(max(0.0, min(1.0, conf)), 3)

    def meta(self) -> dict:
        return {
            "confidence": self.confidence,
            "page": self.tokens[0].page if self.tokens else 1,
            "box": box_of(self.tokens) if self.tokens else None,
        }


def all_label_hits(doc: PageDocument) -> dict[int, list[LabelHit]]:
    """Field labels in every row, by row index; never the document's title ('INVOICE', 'Factuur'
    printed large, alone on its row), though its word may read as a caption."""
    heights = [t.h for t in doc.tokens]
    typical = statistics.median(heights) if heights else 0.0
    aligned = column_starts(doc)
    hits = {row.index: find_labels(row, FIELD_VOCAB, inside=True, aligned=aligned.get(row.index, frozenset()))
            for row in doc.rows}
    return {i: [hit for hit in row_hits if not _is_title(hit, typical) and not _garble_alike(hit)
                and not _in_brackets_in_a_remark(hit, row_hits)]
            for i, row_hits in hits.items()}


REMARK_WORDS = 3  # words, at least, of a sentence before a caption opened by a bracket


def _in_brackets_in_a_remark(hit: LabelHit, row_hits: list[LabelHit]) -> bool:
    """Whether a caption opens a bracket inside a sentence of words, no caption among them ('…
    46 coperti effettivi (preventivo n. 118/2026 per 40 persone)'): another document cited in a
    remark, no caption of this one's."""
    phrase = hit.row.phrase_of(hit.tokens[0])
    if phrase is None or not hit.tokens[0].text.startswith(("(", "（")):
        return False
    before = phrase.tokens[: next(i for i, t in enumerate(phrase.tokens) if t is hit.tokens[0])]
    captions = {id(t) for h in row_hits if h is not hit for t in h.tokens}
    words = [t for t in before if re.search(r"[^\W\d_]{2,}", t.text)]
    return len(words) >= REMARK_WORDS and not any(id(t) in captions for t in before)


def _garble_alike(hit: LabelHit) -> bool:
    """A word of no field's caption ('CIF', 'Tel') that OCR read only in garble ('Cif' at 11 in
    '請求書No.' garbled): no caption that ends the caption before it."""
    return hit.field == "ignore" and max(t.confidence for t in hit.tokens) < GARBLED


COLUMN_ROWS = 2  # rows over and under a token in which a column's start is looked for


def column_starts(doc: PageDocument) -> dict[int, frozenset[int]]:
    """By row, the tokens inside a phrase that start where a phrase of a row close over or under
    starts (within half a text height): the head of a column of captions and values that the
    row's words before it ran into."""
    out: dict[int, frozenset[int]] = {}
    for at, row in enumerate(doc.rows):
        near = [r for r in doc.rows[max(0, at - COLUMN_ROWS) : at + COLUMN_ROWS + 1]
                if r is not row and r.page == row.page]
        edges = [p.x0 for r in near for p in r.phrases]
        inside = [i for i, t in enumerate(row.tokens) if i > 0 and not any(p.tokens[0] is t for p in row.phrases)]
        found = frozenset(i for i in inside if any(abs(row.tokens[i].x0 - x) < 0.5 * row.tokens[i].h for x in edges))
        if found:
            out[row.index] = found
    return out


def _is_title(hit: LabelHit, typical: float) -> bool:
    """A label that is a title word alone on its row, printed at least half as large again as the
    text. (A number printed on the title's row, 'QUOTATION   No. QT-00150', is the title's.)
    Beside the title word, the title's other language that OCR garbled into a figure
    ('INVOICE 御請求書' read 'INVOICE #5825') leaves it alone."""
    if min(t.h for t in hit.tokens) < 1.5 * typical:
        return False
    phrases = hit.row.phrases
    if len(phrases) == 1 and key(phrases[0].text) in TITLE_KEYS:
        return True
    first = hit.row.tokens[0]
    return key(first.text) in TITLE_KEYS and all(t.confidence < GARBLED for t in hit.row.tokens[1:])


def _right(
    hit: LabelHit, hits_in_row: list[LabelHit], doc: PageDocument | None = None, labelled: set[int] = frozenset(),
    table: tuple[set[int], float] = (frozenset(), math.inf),
) -> list[Token]:
    """Tokens right of the label on its row, up to the next label.

    When the row has nothing there, a value printed a little higher or lower (a photo's
    perspective split the row in two) is taken from the neighbouring row, but not from the
    item table beside a sidebar's caption (`table`: the table's rows, and where its columns
    begin): an item's code there is no value of the sidebar's.
    """
    # A label in brackets straight after this one qualifies it ('Reg. no. (JCT)'): no next label.
    stop = min((h.start for h in hits_in_row if h.start >= hit.end
                and not (h.start == hit.end and _is_qualifier(join_tokens(h.tokens)))), default=len(hit.row.tokens))
    tokens = hit.row.tokens[hit.end : stop]
    table_rows, table_left = table
    if hit.row.index in table_rows and hit.x1 < table_left:
        tokens = [t for t in tokens if t.x0 < table_left]  # the item table beside a sidebar's caption
    if (paired := _paired_with_a_date(hit, hits_in_row, tokens, stop)) is not None:
        tokens = paired
    elif tokens and stop < len(hit.row.tokens) and (
            tokens[-1].text in ("/", "|") or hit.row.tokens[stop].text.startswith("/")) and not any(
            re.search(r"\d", t.text) for t in tokens):
        # the next label's first language, before its slash: no value ('支払日 / Due date'); but a
        # grid's cells parted by bars hold one ('| Su pedido | PO-2026-03112 | Albarán |')
        return []
    if not tokens and doc is not None:
        tokens = _value_beside(hit, doc, labelled, table)
    # The remains of a rule or a leader neither count as a value nor end the phrase.
    label_h = max(t.h for t in hit.tokens)
    tokens = _past_garbled_caption(_past_caption_glyph([t for t in tokens if not is_flat_mark(t, label_h)], hit))
    tokens = _past_bracketed_code(tokens)
    text_h = statistics.median(t.h for t in hit.tokens)  # (not a leader's mark read into the label)
    # Stop at a wide gap after the first value token: that is another column. (A gap is measured
    # by the smaller word's height, not under the label's: a photo's perspective makes the next
    # column's words taller.)
    out: list[Token] = []
    for t in tokens:
        prev = out[-1] if out else None
        wide = 3.0 * max(min(prev.h, t.h), text_h) if prev is not None else 0.0
        if prev is not None and t.x0 - prev.x1 > wide and not _is_qualifier(prev.text):
            break
        out.append(t)
    return _without_its_date(_wrapped_under(out, doc)) if hit.field in ("document_number", "po_number") else out


_WRAPPED_END = re.compile(r"[-/]?[A-Z0-9][-/A-Z0-9]*")


def _wrapped_under(tokens: list[Token], doc: PageDocument | None) -> list[Token]:
    """A number its box wrapped after a dash or slash ('P2610-' over '0171'): the one piece of
    letters and figures straight under it, starting where it starts, is its end."""
    if not tokens or doc is None or not tokens[-1].text.endswith(("-", "/")):
        return tokens
    first, last = tokens[0], tokens[-1]
    under = [t for t in doc.tokens if t.page == last.page and abs(t.x0 - first.x0) < 0.5 * first.h
             and 0 <= t.y0 - last.y1 < last.h and _WRAPPED_END.fullmatch(t.text)]
    return [*tokens, under[0]] if len(under) == 1 else tokens


# The word that dates a number printed before it ('N. 412 del 14/10/2026', 'Nr. 412 vom 14.10.2026').
_DATING_WORDS = frozenset({"del", "dell", "du", "vom", "de", "dd", "d.d", "dated", "of", "fra", "från", "z", "ze"})


def _without_its_date(tokens: list[Token]) -> list[Token]:
    """A number's value without the date printed after it ('412 del 14/10/2026': 412)."""
    for n, t in enumerate(tokens[1:], 1):
        after = tokens[n + 1:]
        if t.text.casefold().strip(".:,") in _DATING_WORDS and any(
                parse_date(join_tokens(after[:k])) is not None for k in range(1, min(len(after), 3) + 1)):
            return tokens[:n]
    return tokens


def _paired_with_a_date(hit: LabelHit, hits_in_row: list[LabelHit], tokens: list[Token],
                        stop: int) -> list[Token] | None:
    """A number's caption paired by a slash with a date's ('LPO No. / Date  LPO/DXB/26/0087 — 10/09/2026'):
    the value after the pair, which prints the number first; None where the caption is no such pair."""
    slash = [t.text for t in tokens] == ["/"] or not tokens and hit.tokens[-1].text == "/"
    date = next((h for h in hits_in_row if h.start == stop and h.field in DATES), None)
    if not slash or date is None or hit.field in DATES:
        return None
    return hit.row.tokens[date.end : min((h.start for h in hits_in_row if h.start >= date.end),
                                         default=len(hit.row.tokens))]


def _value_beside(hit: LabelHit, doc: PageDocument, labelled: set[int], table: tuple[set[int], float]) -> list[Token]:
    """The value of a caption with nothing right of it on its row, printed a little higher or
    lower (a photo's perspective split the row in two); a date wrapped over the lines just
    above and below its caption, centred between them ('5 November' / '2026'), is both lines."""
    h = max(t.h for t in hit.tokens)
    table_rows, table_left = table
    found: list[tuple[Row, list[Token]]] = []
    for d in (-1, 1):
        i = hit.row.index + d
        if not 0 <= i < len(doc.rows) or doc.rows[i].page != hit.row.page:
            continue
        other = doc.rows[i]
        if abs(other.yc - hit.row.yc) > 0.8 * h:
            continue
        reach = min(hit.x1 + 12 * h, table_left) if i in table_rows and hit.x1 < table_left else hit.x1 + 12 * h
        near = [t for t in other.tokens if hit.x1 <= t.x0 < reach]
        if near and id(near[0]) not in labelled:
            cut = next((n for n, t in enumerate(near) if id(t) in labelled), len(near))
            found.append((other, near[:cut]))
    if len(found) == 2 and all(len(near) == len(row.tokens) for row, near in found) and (
            abs(found[0][1][0].x0 - found[1][1][0].x0) < h):
        above, below = found[0][1], found[1][1]  # (rows of the value alone, their words starting level)
        if parse_date(join_tokens(above)) is None and parse_date(join_tokens(above + below)) is not None:
            return above + below
    return found[0][1] if found else []


def _past_bracketed_code(tokens: list[Token]) -> list[Token]:
    """The tokens after a code in brackets straight after the caption, where more follow: the
    caption's own reference ('請求書番号 (IBT-001) SR-2610-048', a standard's term for the field),
    no value."""
    if len(tokens) >= 2 and re.fullmatch(r"\([A-Za-z]{1,5}-?\d{1,4}\)", tokens[0].text):
        return tokens[1:]
    return tokens


def _past_caption_glyph(tokens: list[Token], hit: LabelHit) -> list[Token]:
    """The tokens after a kanji of the caption's own that OCR read apart, touching its end, far
    from what follows ('請求番号' '書' ... '0001028' for 請求書番号): no value is one kanji."""
    if len(tokens) < 2:
        return tokens
    glyph, after = tokens[0], tokens[1]
    h = max(t.h for t in hit.tokens)
    if len(glyph.text) == 1 and is_cjk(glyph.text) and glyph.text not in "円¥￥" \
            and glyph.x0 - hit.x1 < 0.5 * h and after.x0 - glyph.x1 > 3.0 * h:
        return tokens[1:]
    return tokens


def _past_garbled_caption(tokens: list[Token]) -> list[Token]:
    """The tokens after the caption's other language, where OCR garbled it ('Pay by zd JHBR:
    Nov 30, 2026' for 'Pay by お支払期限: …'): a weakly read run straight after the label, or one
    ending in a caption's last word, up to its colon or a wide gap before a cleanly read value."""
    for n in range(1, len(tokens)):
        prev, t = tokens[n - 1], tokens[n]
        if t.x0 - prev.x1 > 3.0 * max(prev.h, t.h) or prev.text.endswith(":"):
            run = tokens[:n]
            caption_like = not re.search(r"\d{4}", "".join(u.text for u in run))  # a weak value has digits
            weak = sum(u.confidence for u in run) / len(run) < GARBLED
            # ... or ends in a caption's last word, its first words garbled ('Bi No.' for 'Bill No.')
            tail = len(run) > 1 and key(run[-1].text) in CAPTION_TAILS and min(u.confidence for u in run) < SURE
            if caption_like and (weak or tail) and GARBLED <= t.confidence:
                return tokens[n:]
            if t.x0 - prev.x1 > 3.0 * max(prev.h, t.h):
                return tokens
    return tokens


def _is_qualifier(text: str) -> bool:
    """A rate or currency printed between a label and its value: 'Tax (10%)  ¥1,420', 'Total JPY  5,000'."""
    return bool(re.fullmatch(r"\(?\d{1,2}(\.\d+)?%\)?|\(?[A-Z]{3}\)?|[¥$€£]|\(?税込\)?|\(?税抜\)?", text))


def _vertical(doc: PageDocument, hit: LabelHit, direction: int, labelled: set[int],
              parses: Callable[[list[Token]], bool] | None = None, row_hits: list[LabelHit] = ()) -> list[Token]:
    """The phrase just below (direction 1) or above (-1) the label, overlapping it horizontally.

    With `parses`, a phrase that is no value of the field (the caption's other language,
    stacked under it) does not end the search: the next row in the column may hold the value.
    """
    row = hit.row
    h = max(t.h for t in hit.tokens)
    left, right = hit.x0 - 1.0 * h, max(hit.x1 + 1.0 * h, hit.x0 + 6 * h)
    i = row.index + direction
    fallback: list[Token] | None = None
    while 0 <= i < len(doc.rows):
        other = doc.rows[i]
        if other.page != row.page or abs(other.yc - row.yc) > 4.0 * max(h, other.h):
            break  # (a small caption over a large value is as near as the value's height says)
        # Of the phrases under (over) the caption, the one it overlaps most: in a grid of
        # captions over values, a neighbour's value reaches under this caption's margin too.
        near = [p for p in other.phrases if p.x1 >= left and p.x0 <= right]
        if near:
            p = max(near, key=lambda p: min(p.x1, hit.x1 + h) - max(p.x0, hit.x0 - h))
            if id(p.tokens[0]) in labelled or _captioned_beside(other, p, labelled, hit):
                return fallback or []
            found = uncut_date(_in_column(p.tokens, _column_of(hit, row_hits)) or _overlapping(p.tokens, hit, parses)
                               or _part_under(p.tokens, hit.x0, hit.x1), p)
            if _aligned(found[0].x0, found[-1].x1, hit, h) and (parses is None or parses(found)):
                return found
            if parses is not None and hit.field in DATES and not parses(found) and _garbled_date(found):
                return []  # its own date, garbled: the next one over is another caption's
            # A line of another block reaching under the caption (two columns interleaved):
            # the caption's own value may be the next row in its column.
            fallback = fallback or found
        i += direction
    return fallback or []


def _captioned_beside(row: Row, phrase: Phrase, labelled: set[int], hit: LabelHit) -> bool:
    """Whether the phrase before this one on its row is a caption in the column of captions the
    label stands in: the phrase is that caption's value ('Account  KAN002' under 'Customer Ref.
    PO-2026-12047'), no value of a caption over or under it."""
    at = next(i for i, p in enumerate(row.phrases) if p is phrase)
    before = row.phrases[at - 1] if at > 0 else None
    own = hit.row.phrase_of(hit.tokens[0])
    x0, x1 = (own.x0, own.x1) if own is not None else (hit.x0, hit.x1)
    return before is not None and id(before.tokens[0]) in labelled and before.x1 >= x0 and before.x0 <= x1


def _own_date_garbled(doc: PageDocument, hit: LabelHit, labelled: set[int], row_hits: list[LabelHit]) -> bool:
    """Whether a date's caption stands over its own value, garbled: the date over the caption is
    then the entry before's, in a page of captions over values."""
    own = _vertical(doc, hit, 1, labelled, row_hits=row_hits)
    return hit.field in DATES and bool(own) and _garbled_date(own)


def _garbled_date(tokens: list[Token]) -> bool:
    """Whether a phrase that is no date is one OCR garbled, read unsurely: figures enough for a
    date, mostly figures ('202646125308' for 2026年12月30日 on a fax), or a month's name and a
    year, its day lost ('{March 2027.' for 1 March 2027)."""
    if statistics.mean(t.confidence for t in tokens) >= SURE:
        return False
    text = "".join(t.text for t in tokens)
    digits = sum(c.isdigit() for c in text)
    day_lost = (len(tokens) == 2 and re.fullmatch(r"\W*(?:19|20)\d\d\W*", tokens[1].text) is not None
                and month_number(re.sub(r"[^\w.]", "", tokens[0].text)) is not None)
    return digits >= 6 and 2 * digits >= len(text) or day_lost


_DATE_PIECE = re.compile(r"[\d,./年月日末 ]+")
# 'de febrero de 2027' of 2 de febrero de 2027: words parted by a dot or a space, each split of the
# letters into words one way only (letters that could be split anywhere cost time doubling per letter)
_MONTH_AND_YEAR = re.compile(r"(?:[^\W\d_]+(?:\.\s*|\s+))*[^\W\d_]+\.?\s*(?:19|20)\d\d")


def uncut_date(part: list[Token], phrase: Phrase) -> list[Token]:
    """The part of a phrase that stands in a caption's column, unless it cuts a date: a date is
    never cut, and its year alone ('2027' of Feb 6, 2027), its month and year ('de febrero de
    2027' of 2 de febrero de 2027) or its month's name alone ('de octubre de', centred under a short
    caption) is no value. The part grows to the nearest whole date around it, which need not be
    the phrase's first ('2026年9月27日2026年11月末日' under two captions)."""
    tokens = phrase.tokens
    text = join_tokens(part) if part else ""
    piece = _DATE_PIECE.fullmatch(text) or _MONTH_AND_YEAR.fullmatch(text) or any(
        month_number(t.text) is not None for t in part)
    if not part or len(part) >= len(tokens) or not piece or parse_date(text):
        return part
    start = next((i for i, t in enumerate(tokens) if t is part[0]), None)
    if start is None:
        return part
    end = start + len(part)
    for width in range(len(part) + 1, len(tokens) + 1):
        for left in range(max(0, end - width), min(start, len(tokens) - width) + 1):
            if parse_date(join_tokens(tokens[left:left + width])):
                return tokens[left:left + width]
    return part


def _aligned(x0: float, x1: float, hit: LabelHit, h: float) -> bool:
    """A value that stands in the caption's column: starting, ending or centred where it does,
    or within its span. A long line of another block that merely reaches under it does not."""
    return (abs(x0 - hit.x0) < 2 * h or abs(x1 - hit.x1) < 2 * h
            or abs((x0 + x1) / 2 - (hit.x0 + hit.x1) / 2) < max(2 * h, (hit.x1 - hit.x0) / 2)
            or (x0 >= hit.x0 - h and x1 <= hit.x1 + h))


def _column_of(hit: LabelHit, row_hits: list[LabelHit] = ()) -> tuple[float, float]:
    """The column a caption heads in a row of captions: halfway to the captions beside it. A
    caption printed in two languages side by side ('見積日 Date of quotation') heads one column."""
    whole = whole_caption(hit, row_hits)
    row, start, end = hit.row, whole.start, whole.end
    # Words up to the next caption read are this caption's other language ('支払期日 Remittance
    # date'), unless they hold a figure: the column spans them too.
    following = min((other.start for other in row_hits if other.start >= end), default=len(row.tokens))
    if row_hits and not any(re.search(r"\d", t.text) for t in row.tokens[end:following]):
        end = max(end, following)
    before = [t.x1 for t in row.tokens[:start]]
    after = [t.x0 for t in row.tokens[end:]]
    x0, x1 = row.tokens[start].x0, row.tokens[end - 1].x1
    left = (max(before) + x0) / 2 if before else float("-inf")
    right = (x1 + min(after)) / 2 if after else float("inf")
    return left, right


def _in_column(tokens: list[Token], column: tuple[float, float]) -> list[Token]:
    """The tokens of a phrase whose middle lies in the column: values of a grid that OCR ran together."""
    left, right = column
    inside = [t for t in tokens if left <= t.xc <= right]
    return inside if inside and len(inside) < len(tokens) else []


SPLIT_WORD = 0.4  # text heights between two parts of one word that OCR set apart, less than a space


def _overlapping(tokens: list[Token], hit: LabelHit, parses: Callable[[list[Token]], bool] | None) -> list[Token]:
    """The tokens of a phrase that the caption stands over, where they make a value of its field
    and the phrase runs on under other captions: a grid's values OCR ran together
    ('20September2026 20 October 2026 PO-2026-01327' under 'ご発注No.', its column cut short by a
    garbled caption beside it). A word OCR split, its start left of the caption or its end right
    of it, stays whole ('F' '2612-0606' under 'Facture n°', 'PO-2026-0742' '8' under 'Order No.':
    the two closer than a space)."""
    over = [t for t in tokens if t.x1 > hit.x0 and t.x0 < hit.x1]
    start = next((k for k, t in enumerate(tokens) if over and t is over[0]), 0)
    while 0 < start and tokens[start].x0 - tokens[start - 1].x1 < SPLIT_WORD * tokens[start].h:
        start -= 1
        over.insert(0, tokens[start])
    end = start + len(over) - 1
    while over and end + 1 < len(tokens) and tokens[end + 1].x0 - tokens[end].x1 < SPLIT_WORD * tokens[end + 1].h:
        end += 1
        over.append(tokens[end])
    return over if over and len(over) < len(tokens) and parses is not None and parses(over) else []


def _part_under(tokens: list[Token], x0: float, x1: float) -> list[Token]:
    """The part of a phrase that sits under (or over) a caption, when OCR ran two values together.

    '11 September 2026 . 31 October 2026' under two captions splits at the lone mark
    between the values; the part overlapping the caption most is its value. A mark touching
    the words on both sides is a word's own, which OCR set apart ('NSW' '/' 'EXP/26-27/0142').
    """
    parts: list[list[Token]] = [[]]
    for n, t in enumerate(tokens):
        if re.fullmatch(r"[.|,;/·•]", t.text) and not _within_a_word(tokens, n):
            parts.append([])
        else:
            parts[-1].append(t)
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return tokens

    def overlap(p: list[Token]) -> float:
        return min(x1, p[-1].x1) - max(x0, p[0].x0)

    return max(parts, key=overlap)


def _within_a_word(tokens: list[Token], n: int) -> bool:
    """Whether token n touches the tokens on both sides of it, closer than a space."""
    return 0 < n < len(tokens) - 1 and all(
        b.x0 - a.x1 < SPLIT_WORD * tokens[n].h for a, b in ((tokens[n - 1], tokens[n]), (tokens[n], tokens[n + 1])))


def _captions_under_values(
    doc: PageDocument, hits: dict[int, list[LabelHit]], fields: set[str], parsers: dict[str, Callable],
    labelled: set[int], skip_rows: set[int], table_left: float,
) -> bool:
    """True when this document prints its captions under their values: more captions with
    nothing beside them find a value of their kind above than below. A layout keeps one habit,
    and the row under a caption is then the next entry's value, which may parse too: where
    both do, the nearer is the caption's own (a stack of entries sets each value closer to
    its own caption than to the next entry's)."""
    votes = 0
    for row_index, row_hits in hits.items():
        for hit in row_hits:
            if row_index in skip_rows and hit.x1 >= table_left:
                continue  # the item table's own captions (a sidebar's beside it count)
            right = _right(hit, row_hits, doc, labelled, (skip_rows, table_left)) if hit.field in fields else []
            if hit.field not in fields or right and parsers[hit.field](right) is not None:
                continue
            gaps = {}
            for direction in (1, -1):
                tokens = _vertical(doc, hit, direction, labelled)
                if tokens and parsers[hit.field](tokens) is not None:
                    gaps[direction] = abs(statistics.median(t.yc for t in tokens) - hit.row.yc)
            if len(gaps) == 2 and abs(gaps[1] - gaps[-1]) > NEARER * max(gaps.values()):
                votes -= 1 if gaps[1] < gaps[-1] else -1
            elif len(gaps) == 1:
                votes -= next(iter(gaps))
    return votes > 0


NEARER = 0.25  # a value this much nearer one caption than the other is that caption's


def _table_left(doc: PageDocument, table_rows: set[int], hits: dict[int, list[LabelHit]]) -> float:
    """Where the item table's rows usually begin: a sidebar beside the table ('支払期日 2027-05-31'
    left of its header) shares its rows but stands left of this. Where the sidebar shares the
    table's first row, its caption for a header field, and the value beside it, are no column's:
    the table begins at the first word after them, garble before them aside."""
    h = statistics.median(t.h for t in doc.tokens) if doc.tokens else 0.0
    starts = [doc.rows[i].tokens[0].x0 for i in table_rows if doc.rows[i].tokens]
    if not starts:
        return 0.0
    first = min(table_rows)
    captions = sidebar_captions(hits, first)
    # (the caption's other language, garbled, may stand before it: 'RET Tax point')
    lead = next((t for t in doc.rows[first].tokens if id(t) in captions or t.confidence >= GARBLED), None)
    if captions and lead is not None and id(lead) in captions:
        sidebar = captions | sidebar_values(doc.rows[first], captions)
        after = [t.x0 for t in doc.rows[first].tokens if id(t) not in sidebar and t.x0 > lead.x0]
        return min(after, default=statistics.median(starts)) - 2 * h
    # (a sidebar that runs the table's whole height starts half its rows: the header's start then tells)
    return max(statistics.median(starts), doc.rows[first].tokens[0].x0 if doc.rows[first].tokens else 0.0) - 2 * h


# Header fields a sidebar beside the item table may print on the table's rows.
SIDEBAR_FIELDS = {"document_number", "issue_date", "due_date", "po_number", "registration_number"}


def sidebar_captions(hits: dict[int, list[LabelHit]], row_index: int) -> set[int]:
    """The ids of the tokens of a row that caption a sidebar's header field (`SIDEBAR_FIELDS`):
    each with something beside it before the next caption, a value however garbled. One with
    a column's caption straight after it heads a column itself ('伝票日付 伝票番号 商品名': a
    statement's lines carry their slips' dates and numbers), unless another header field's
    caption stands under it within the next rows: a sidebar going on ('お振込期限', its date,
    'ご注文No' beside the table's first rows). A bare 'No' heads the table's column of line
    numbers, unless a reference stands beside it."""
    row_hits = hits.get(row_index, [])
    if not row_hits:
        return set()
    starts = {h.start for h in row_hits} | {h.start for h in find_labels(row_hits[0].row, COLUMN_VOCAB)}
    return {id(t) for hit in row_hits if hit.field in SIDEBAR_FIELDS and hit.end < len(hit.row.tokens)
            and (hit.end not in starts or _sidebar_goes_on(hits, hit)) and not _line_numbers_caption(hit)
            for t in hit.tokens}


def _line_numbers_caption(hit: LabelHit) -> bool:
    """A bare caption ('No', '#') with no reference beside it."""
    return hit.label in GENERIC and PARSERS["document_number"](hit.row.tokens[hit.end : hit.end + 1]) is None


def sidebar_values(row: Row, captions: set[int]) -> set[int]:
    """The ids of the tokens of a sidebar's values beside their captions on the table's first row:
    the rest of a caption's phrase, else the phrase after it ('お支払期日' '2026-12-30' '品名' …)."""
    values: set[int] = set()
    phrases = row.phrases
    for k, phrase in enumerate(phrases):
        if not any(id(t) in captions for t in phrase.tokens):
            continue
        last = max(i for i, t in enumerate(phrase.tokens) if id(t) in captions)
        rest = phrase.tokens[last + 1:] or (phrases[k + 1].tokens if k + 1 < len(phrases) else [])
        values |= {id(t) for t in rest}
    return values


SIDEBAR_ROWS = 3  # rows under a sidebar's caption that may hold its value before the next caption


def _sidebar_goes_on(hits: dict[int, list[LabelHit]], hit: LabelHit) -> bool:
    """Whether another header field's caption stands under a caption, in its column, within
    `SIDEBAR_ROWS` rows (its value between them)."""
    return any(other.field in SIDEBAR_FIELDS and other.field != hit.field and other.row.page == hit.row.page
               and other.x0 < hit.x1 and hit.x0 < other.x1
               for below in range(hit.row.index + 2, hit.row.index + SIDEBAR_ROWS + 1)
               for other in hits.get(below, []))


def _order_beside(field: str, parsers: dict[str, Callable], right: list[Token], vertical: list[list[Token]]) -> bool:
    """Whether an order caption's value right of it is no order number but the caption's column
    holds one that names itself an order ('Order ref. 3484' over 'PO-2026-06152': a garbled
    caption beside it)."""
    found = parsers[field](right) if field == "po_number" and right else None
    if found is None or ORDER_SHAPED.fullmatch(found[0]):
        return False
    return any(tokens and (v := parsers[field](tokens)) is not None and ORDER_SHAPED.fullmatch(v[0])
               for tokens in vertical)


def label_candidates(
    doc: PageDocument,
    hits: dict[int, list[LabelHit]],
    fields: set[str],
    parsers: dict[str, Callable] | None = None,
    skip_rows: set[int] = frozenset(),
) -> dict[str, list[Candidate]]:
    """Readings for each field from its labels, best first."""
    parsers = parsers or PARSERS
    labelled = caption_ids(hits)
    found: dict[str, list[Candidate]] = {f: [] for f in fields}
    table_left = _table_left(doc, skip_rows, hits)
    lines_words = {id(t) for i in skip_rows for t in doc.rows[i].tokens}
    values_above = _captions_under_values(doc, hits, fields, parsers, labelled, skip_rows, table_left)
    for row_index, row_hits in hits.items():
        for hit in row_hits:
            if hit.field not in fields or row_index in skip_rows and hit.x1 >= table_left:
                continue
            rank = specificity(hit.field, hit.label) + (1.0 if hit.label in GENERIC else 0.0)
            rank += SAYS_MORE if _says_more(hit, row_hits) else 0.0
            rank += IN_A_SENTENCE if _in_a_sentence(hit) else 0.0
            rank += 0.3 * (hit.row.page - 1)  # a continued page repeats the header, not always whole
            right = _right(hit, row_hits, doc, labelled, (skip_rows, table_left))

            def parses(tokens: list[Token], field: str = hit.field) -> bool:
                return parsers[field](tokens) is not None

            # A caption under its value has no value right of it: nothing, or the next caption
            # of its band, misread past recognition ('Invaice Dale'), or another column's text
            # (far off, on a page that prints its captions under their values).
            whole = whole_caption(hit, row_hits, apart=False)
            under = _vertical(doc, whole, 1, labelled, parses, row_hits)
            if under and id(under[0]) in lines_words and _a_column_of_lines(doc, under, skip_rows, labelled, parses):
                under = []  # a column's caption over the table's lines ('伝票No.'): a line's, no document's
            # (or, on any page, when a value of the field stands right under the caption and the
            # text apart beside it is a line of another block, the seller's address beside a grid)
            far_off = (values_above and _far_off(hit, right)
                       or bool(under) and parses(under) and _a_line_of_a_block(doc, hit, right))
            caption_band = not right or parsers[hit.field](right) is None or far_off
            below, above = (0.5, 0.8) if not values_above else (0.8, 0.5)
            over = caption_band and (values_above or under or not _own_date_garbled(doc, hit, labelled, row_hits))
            overhead = _vertical(doc, whole, -1, labelled, parses, row_hits)
            if overhead and not values_above and _under_a_caption_of_its_own(doc, overhead):
                overhead = []
            places = [(below, under), (above, overhead if over else [])]
            if not _order_beside(hit.field, parsers, right, [tokens for _, tokens in places]):
                grid = any(_over_its_own_value(doc, right, value, parses) for value in (under, overhead))
                if grid and not over:
                    places[1] = (above, overhead)
                places.append((0.9 if far_off or grid else 0, right))
            for where, tokens in sorted(places, key=lambda pair: pair[0]):
                if not tokens:
                    continue
                parsed = parsers[hit.field](tokens)
                if parsed is not None and not _code_in_a_remark(hit, tokens, parsed[1]):
                    value, used = parsed
                    found[hit.field].append(Candidate(value, used, rank + where, _caption_of(hit)))
                    break
            else:
                if (short := _three_figures_beside(hit, right)) is not None:
                    found[hit.field].append(Candidate(short, right[:1], rank + 1.0, hit.label))
    for field, cands in found.items():
        cands.sort(key=lambda c: c.rank)
        _first_page_whole(cands, doc)
        _later_page_whole(cands, doc)
        _agreed_first(cands)
        _legible_first(cands)
        if field == "po_number":
            _order_first(cands)
    return found


def _a_column_of_lines(doc: PageDocument, value: list[Token], table_rows: set[int], labelled: set[int],
                       parses: Callable[[list[Token]], bool]) -> bool:
    """Whether a value under a caption heads a column of such values down the table's lines (each
    line's slip number under '伝票No.'), no caption between them: the table's column, where a
    sidebar beside the table prints one value under its caption and the next caption under it."""
    first = value[0]
    rows = [r for r in doc.rows if r.index in table_rows and r.page == first.page and r.yc > first.y1]
    for row in rows:
        below = [t for t in row.tokens if t.x0 < first.x1 and t.x1 > first.x0]
        if not below:
            continue
        return id(below[0]) not in labelled and parses(below)
    return False


def _caption_of(hit: LabelHit) -> str:
    """The label a value was read beside, with the words that qualify a bare reference's
    ('Contract Reference', 'Payment ref.': a reference of something else, no bare one)."""
    if hit.label not in BARE_REFERENCE:
        return hit.label
    phrase = hit.row.phrase_of(hit.tokens[0])
    before = phrase.tokens[: next(k for k, t in enumerate(phrase.tokens) if t is hit.tokens[0])] if phrase else []
    words = [key(t.text) for t in before if re.fullmatch(r"[^\W\d_]{3,}\.?", t.text)]
    return " ".join([*words[-1:], hit.label])


def _code_in_a_remark(hit: LabelHit, tokens: list[Token], used: list[Token]) -> bool:
    """Whether what a reference's caption ('Customer ref.', 'Your reference', a bare 'Ref.') names
    is a remark in words with a code among them ('Workboat SMT-11 sails'), no number of the
    document or the order: a word of letters straight before or after the code."""
    if not (_SOMEONES_REFERENCE.fullmatch(hit.label) or hit.label in BARE_REFERENCE):
        return False
    at = next((k for k, t in enumerate(tokens) if t is used[0]), None)
    end = next((k for k, t in enumerate(tokens) if t is used[-1]), None)
    if at is None or end is None:
        return False
    h = max(t.h for t in used)
    before = [t for t in tokens[max(at - 1, 0):at] if used[0].x0 - t.x1 < 1.5 * h]
    after = [t for t in tokens[end + 1:end + 2] if t.x0 - used[-1].x1 < 1.5 * h]
    return any(re.fullmatch(r"[^\W\d_]{3,}", t.text) and key(t.text) not in NUMBER_WORDS for t in before + after)


_SOMEONES_REFERENCE = re.compile(r"(?:your|customer|client) ref(?:erence)?")

# Captions that name a reference and nothing more: the document's own number where nothing else
# names it, else the buyer's reference (billing apps print 'Invoice Number' and 'Reference', the
# latter the customer's order).
BARE_REFERENCE = frozenset({"ref", "reference"})


def _names_a_number(label: str) -> bool:
    """Whether a caption's last word names a number ('Quote #', 'Invoice No.', 'Facture n°',
    'Rechnungsnummer', '見積番号')."""
    last = key(label.split()[-1]) if label.split() else ""
    return last == "n" or last.endswith((*NUMBER_WORDS, "番号"))


def _three_figures_beside(hit: LabelHit, right: list[Token]) -> str | None:
    """A document number of three figures straight beside a caption naming the document's number
    ('Quote # 312', or 'Quote' '#312'). Three figures alone are a count, a day or a page to the
    parser; after such a caption, with nothing else close after them, they are the number."""
    if hit.field != "document_number" or hit.label in GENERIC or not right:
        return None
    first = right[0]
    text = first.text.strip(" :")
    if not _names_a_number(hit.label) and not text.startswith("#"):
        return None
    text = text.removeprefix("#")
    h = max(t.h for t in hit.tokens)
    if (not re.fullmatch(r"\d{3}", text) or first.confidence < GARBLED or first.x0 - hit.x1 > 3 * h
            or len(right) > 1 and right[1].x0 - first.x1 < 2 * h):
        return None
    return text


def _under_a_caption_of_its_own(doc: PageDocument, value: list[Token]) -> bool:
    """Whether a value over a caption stands under a phrase of words, no figure in it, set at
    its left edge: on a page of captions over values, that phrase is the value's caption, known
    or not ('LUT ARN' over 'AD3304260118342' over "Buyer's Order No.", the order left blank)."""
    row = doc.row_of(value[0])
    if row is None or row.index == 0:
        return False
    above = doc.rows[row.index - 1]
    return above.page == row.page and row.yc - above.yc < 2.5 * row.h and any(
        abs(p.x0 - value[0].x0) < row.h and not any(re.search(r"\d", t.text) for t in p.tokens)
        and sum(ch.isalpha() for t in p.tokens for ch in t.text) >= 3 for p in above.phrases)


SAYS_MORE = 0.1  # what a caption loses whose words go on past the label found in it
IN_A_SENTENCE = 0.5  # ... and one that ends a sentence of words (a payment's 'reference no.'), more


def _in_a_sentence(hit: LabelHit) -> bool:
    """Whether the caption ends a sentence of words in its phrase ('Please pay to EE47 … (Swedbank),
    reference no. 20260902005': the payment's reference, no caption of the document's own): three
    words of letters at least before it."""
    phrase = hit.row.phrase_of(hit.tokens[0])
    if phrase is None:
        return False
    before = itertools.takewhile(lambda t: t is not hit.tokens[0], phrase.tokens)
    return sum(sum(ch.isalpha() for ch in t.text) >= 2 for t in before) >= SENTENCE_WORDS


SENTENCE_WORDS = 3


def _says_more(hit: LabelHit, row_hits: list[LabelHit]) -> bool:
    """Whether the caption's phrase goes on in words after the label found in it, and no figure
    ('Fecha de yenorenta' for Fecha de vencimiento, its last word garbled, its date under it): it
    names a kind of its field the label alone does not ('Fecha' of a due date, not the issue's).
    Another label after it is no more ('No. Reference': one caption in two words)."""
    phrase = hit.row.phrase_of(hit.tokens[-1])
    if phrase is None:
        return False
    after = phrase.tokens[next(i for i, t in enumerate(phrase.tokens) if t is hit.tokens[-1]) + 1:]
    captions = {id(t) for h in row_hits for t in h.tokens}
    return not any(re.search(r"\d", t.text) for t in after) and any(
        sum(ch.isalpha() for ch in t.text) >= 3 and month_number(t.text) is None and id(t) not in captions
        for t in after)


def whole_caption(hit: LabelHit, row_hits: list[LabelHit], apart: bool = True) -> LabelHit:
    """A caption printed in two languages side by side ('インボイスナンバー Inv No.') as one: its
    value over or under it is the whole caption's, aligned with either half. With `apart`
    False, the two halves must be one phrase (not two captions of one field in a row of
    captions: 'Invoice Number' 'Reference')."""
    phrase_of = {id(t): k for k, p in enumerate(hit.row.phrases) for t in p.tokens}

    def joins(a: LabelHit, b: LabelHit) -> bool:  # (b straight after a)
        return a.field == b.field and a.end == b.start and (
            apart or phrase_of.get(id(a.tokens[-1])) == phrase_of.get(id(b.tokens[0])))

    whole = hit
    for other in sorted(row_hits, key=lambda h: h.start):
        if joins(whole, other):
            whole = replace(whole, end=other.end)
    for other in sorted(row_hits, key=lambda h: -h.start):
        if joins(other, whole):
            whole = replace(whole, start=other.start, lead=other.lead)
    return whole


def _a_line_of_a_block(doc: PageDocument, hit: LabelHit, tokens: list[Token]) -> bool:
    """Whether the tokens, apart from the caption, start where the rows just over and under theirs
    start a phrase too, or end where those end one: a line of a block of text (an address), set
    left or right."""
    if not tokens or tokens[0].x0 - hit.x1 < BLOCK_APART * max(t.h for t in hit.tokens):
        return False
    row = doc.row_of(tokens[0])
    h, x = max(row.h, tokens[0].h), tokens[0].x0
    phrase = row.phrase_of(tokens[0])
    end = phrase.x1 if phrase is not None else tokens[-1].x1
    near = [r for d in (-2, -1, 1, 2) if (r := doc.row_at(row.index + d)) is not None
            and r.page == row.page and abs(r.yc - row.yc) < 4 * h]
    starts = sum(1 for r in near if any(abs(p.x0 - x) < h for p in r.phrases))
    ends = sum(1 for r in near if any(abs(p.x1 - end) < h for p in r.phrases))
    return starts >= 2 or ends >= 2


def _over_its_own_value(doc: PageDocument, right: list[Token], below: list[Token],
                        parses: Callable[[list[Token]], bool]) -> bool:
    """Whether what follows a caption, read unsurely, is the next caption of a row of captions
    over (or under) a row of values, OCR having made figures of it ('請求No.' '3478' over
    'No.001184' '2027.02.27'; '請求書No.' '2258' under 'S2612470' '2026年12月7日'): a word of the
    row of values stands straight under (over) it, and the caption's own value, read surely,
    straight under (over) the caption."""
    words = [t for t in right if re.search(r"\w", t.text)]  # (a cell's bar, read unsurely, is no word of it)
    if not words or not below or min(t.confidence for t in words) >= SURE or min(t.confidence for t in below) < SURE:
        return False
    if not parses(below):
        return False
    under = doc.row_of(below[0]).tokens
    return any(t.x0 < right[-1].x1 and t.x1 > right[0].x0 and all(t is not u for u in below) for t in under)


def _first_page_whole(cands: list[Candidate], doc: PageDocument) -> None:
    """A continued page's reading that the first page reads whole, with a mark before it, gives
    way to the first page's: 'インボイス番号 No. 000468' at the top of a second page, where the
    first prints 'No.000468' under the same caption ('No.' after a caption is the caption's), or
    prints it so alone, its caption garbled past reading."""
    if not cands or not isinstance(cands[0].value, str) or cands[0].tokens[0].page == 1:
        return
    part = cands[0].value

    def whole_of(text: str) -> bool:
        return text.endswith(part) and len(text) > len(part) and not text[-len(part) - 1].isalnum()

    whole = next((c for c in cands if c.tokens[0].page == 1 and isinstance(c.value, str) and whole_of(c.value)),
                 None)
    if whole is not None:
        cands.remove(whole)
    elif printed := next((t for r in doc.rows if r.page == 1 for t in r.tokens
                          if NUMBER_MARK.fullmatch(t.text) and whole_of(t.text)), None):
        whole = Candidate(clean_reference(printed.text), [printed], cands[0].rank)
    if whole is not None:
        cands.insert(0, whole)


def _later_page_whole(cands: list[Candidate], doc: PageDocument) -> None:
    """The first page's reading that a later page reads whole, the first printing the rest before
    it with its dashes lost ('ELG' '26' '0417' on a fax's first page, 'ELG-26-0417' on its second),
    gives way to the whole."""
    if not cands or not isinstance(cands[0].value, str) or cands[0].tokens[0].page != 1:
        return
    part, first = cands[0].value, cands[0].tokens[0]
    row = doc.row_of(first)
    if row is None:
        return
    before = "".join(t.text for t in row.tokens[: next(i for i, t in enumerate(row.tokens) if t is first)])
    for c in cands[1:]:
        if c.tokens[0].page > 1 and isinstance(c.value, str) and c.value.endswith(part) and len(c.value) > len(part) \
                and not c.value[-len(part) - 1].isalnum():
            prefix = re.sub(r"\W", "", c.value[: -len(part)])
            if prefix and re.sub(r"\W", "", before).endswith(prefix):
                cands.remove(c)
                cands.insert(0, c)
                return


def _agreed_first(cands: list[Candidate]) -> None:
    """A value read surely under two captions or more goes before a lone reading OCR was unsure
    of ('#343R#' beside 'Tax Invoice', 'INV-00354' under 'Bill Number' and '伝票No.'), or one
    ranked no better (a postcode's 'E14' beside 'Invoice Number', the address run on right of
    it, where the number under it and on the payment slip agree)."""
    if not cands:
        return
    sure = Counter(c.value for c in cands if min(t.confidence for t in c.tokens) >= GARBLED)
    agreed = next((c for c in cands if sure[c.value] >= 2), None)
    if agreed is not None and (min(t.confidence for t in cands[0].tokens) < GARBLED or agreed.rank <= cands[0].rank):
        cands.remove(agreed)
        cands.insert(0, agreed)


ILLEGIBLE = 20  # a value OCR read with less confidence than this is noise it made of something


def _legible(cand: Candidate) -> bool:
    """Whether OCR read every word of a candidate with no garble."""
    return min(t.confidence for t in cand.tokens) >= GARBLED


def _to_front(cands: list[Candidate], cand: Candidate | None) -> None:
    """The candidate first, where there is one."""
    if cand is not None:
        cands.remove(cand)
        cands.insert(0, cand)


def _legible_first(cands: list[Candidate]) -> None:
    """A value OCR could make nothing of (an address in the next column, garbled to '2220093' at
    confidence 0) goes after one read cleanly under another caption ('26-0315' under 'Inv. No.');
    one that still has a document number's shape ('S26-0091926', a series and its number, read
    from a photo at 18) does not."""
    if cands and min(t.confidence for t in cands[0].tokens) < ILLEGIBLE and not _serial(cands[0]):
        _to_front(cands, next((c for c in cands if _legible(c)), None))


def _serial(cand: Candidate) -> bool:
    return isinstance(cand.value, str) and bool(_SERIAL.fullmatch(cand.value))


_SERIAL = re.compile(r"[A-Z]{1,4}[-/]?\d{2,4}[-/]\d{4,}")


def _order_first(cands: list[Candidate]) -> None:
    """An order number garbled past its shape ('W144' at 25 beside 'PONo.') goes after one read
    cleanly that names itself an order ('PO-2026-01567', over the caption's other language)."""
    if cands and not _legible(cands[0]) and not ORDER_SHAPED.fullmatch(cands[0].value):
        _to_front(cands, next((c for c in cands if _legible(c) and ORDER_SHAPED.fullmatch(c.value)), None))


FAR_OFF = 12  # text heights right of a caption: a value this far off may be another column's
BLOCK_APART = 4  # text heights right of a caption: a line of a block this far off may be another block's


def _far_off(hit: LabelHit, right: list[Token]) -> bool:
    """Whether what stands right of a caption is far off: on a page that prints its captions
    under their values, more likely another column's text (the supplier's address) than its value."""
    return bool(right) and right[0].x0 - hit.x1 > FAR_OFF * max(t.h for t in hit.tokens)


# Words in labels that only one kind of document prints: 'Bill No.', '請求日' / 'Valid until', '見積番号'.
_KIND_LABEL = {kind: re.compile("|".join(rf"(?<![a-z]){re.escape(w)}" for w in words))
               for kind, words in KIND_WORDS.items()}


def of_another_kind(label: str, kind: str) -> bool:
    """Whether a caption names only another kind of document's number ('見積No.', 'Quote ref.' on an
    invoice: the quote it bills)."""
    return any(words.search(label) for other, words in _KIND_LABEL.items() if other != kind) and not (
        kind in _KIND_LABEL and _KIND_LABEL[kind].search(label))


SPACED_TITLE_PHRASES = 4
_SPECK_BEFORE = re.compile(r"^[a-z]{1,2}(?=[\u3040-\u9fff]{2})")


def doc_type(doc: PageDocument, hits: dict[int, list[LabelHit]] | None = None) -> tuple[str, Candidate | None]:
    """'quote' or 'invoice': from the title, else from the labels, never from a word in a sentence.

    The title is a phrase that is only such a word ('TAX INVOICE', '御見積書'), the tallest
    one on the first page. Without one (OCR garbled it), labels only one kind prints decide
    ('Bill No.', 'Invoice date', '請求日' against 'Quote No.', 'Valid until', '有効期限'); a
    footer's 'please quote our bill number' says nothing.
    """
    titles: list[tuple[float, str, list[Token]]] = []
    title_keys = {key(w): kind for kind, words in TITLE_WORDS.items() for w in words}
    for row in doc.rows:
        # A Japanese title spaced out letter by letter reads as a phrase a letter ('見' '積書').
        spaced = [row.tokens] if len(row.phrases) <= SPACED_TITLE_PHRASES else []
        for tokens in [p.tokens for p in row.phrases] + spaced:
            # (A title may run into its number: 'Proposition commerciale PR2608-0022'.)
            words = list(itertools.takewhile(lambda t: not re.search(r"\d", t.text), tokens))
            kind = _title_kind(title_keys, key("".join(t.text for t in words)))
            if kind and (len(words) == len(tokens) or len(words) == len(tokens) - 1):
                titles.append((max(t.h for t in words) / (row.page**2), kind, words))
    if titles:
        titles.sort(key=lambda x: -x[0])
        _, kind, tokens = titles[0]
        return kind, Candidate(kind, tokens, 0)
    if said := _said_in_set_phrase(doc):
        return said, None
    votes = {"invoice": 0, "quote": 0}
    for row_hits in (hits if hits is not None else all_label_hits(doc)).values():
        for hit in row_hits:
            for kind, words in _KIND_LABEL.items():
                votes[kind] += bool(words.search(hit.label))
    if votes["quote"] != votes["invoice"]:
        return max(votes, key=lambda k: votes[k]), None
    # A title run into other words ('御見積書在中'): Japanese prints no sentence around it.
    if any(re.search(r"見\s?積", p.text) and len(p.text) <= 8 for r in doc.rows for p in r.phrases):
        return "quote", None
    return "invoice", None


def _title_kind(title_keys: dict[str, str], text: str) -> str | None:
    """The kind a title names, where text is one: as read, after a speck before a spaced Japanese
    title read as a letter or two ('fl' '見' '積' '書'), or after its first kanji misread
    ('件請求書' for 御請求書, the 御 in a brush font)."""
    text = _SPECK_BEFORE.sub("", text)
    kind = title_keys.get(text)
    if kind is None and len(text) >= 4 and all(is_cjk(ch) for ch in text):
        kind = title_keys.get(text[1:])
    return kind


def _said_in_set_phrase(doc: PageDocument) -> str | None:
    """The kind the set phrase under the addressee names ('下記の通り御見積申し上げます'), if one
    kind's alone is printed."""
    said = {kind for r in doc.rows for p in r.phrases for kind, phrase in _KIND_PHRASE.items()
            if phrase.search(key(p.text))}
    return said.pop() if len(said) == 1 else None


_KIND_PHRASE = {kind: re.compile("|".join(re.escape(key(w)) for w in words)) for kind, words in KIND_PHRASES.items()}


def registration_number(doc: PageDocument, hits: dict[int, list[LabelHit]]) -> Candidate | None:
    """The printed T-number: 'T' and 13 digits, or 13 digits after a registration label.

    A clean reading comes first, then one repaired by its check digit, then a clean one
    whose check digit is wrong (kept as printed: the matching rules report it).
    """
    cands: list[Candidate] = []
    for row in doc.rows:
        joined = ""
        spans: list[tuple[int, int, Token]] = []
        for t in row.tokens:
            start = len(joined)
            joined += t.text
            spans.append((start, len(joined), t))
            joined += " "
        found = list(tnumber.readings(joined))
        for hit in hits.get(row.index, []):
            if hit.field != "registration_number":
                continue
            value = list(itertools.dropwhile(lambda t: _is_qualifier(t.text), _right(hit, hits.get(row.index, []))))
            r = None
            if value:
                at = next(a for a, _, t in spans if t is value[0])
                r = tnumber.read_after(joined, at + (1 if joined[at] in "Tt" else 0))
                if r is not None and r.repaired and joined[at] not in "Tt" and not doc.has_japanese:
                    r = None  # (digits of another register, mended into a T-number: 'Reg No 2009/018842/07')
                if r is None and joined[at] in "17":
                    r = tnumber.read_after(joined, at + 1)  # its T read as a digit, after the label
                if r is None:
                    end = next(b for _, b, t in spans if t is value[-1])
                    r = tnumber.checked_run(joined, at, end)
                if r is not None and not any(f.number == r.number for f in found):
                    found.append(r)
            if r is None:  # nothing right of the label, or another column's text: the number under (over) it
                stacked = _number_stacked(doc, hit) or _number_stacked(doc, _over_garble_before(hit), valid=True)
                if stacked is not None:
                    r, tokens = stacked
                    cands.append(Candidate(r.number, tokens, (0.4 if r.valid else 1.5) + 0.001 * row.index))
        captioned = any(hit.field == "registration_number" for hit in hits.get(row.index, []))
        for r in found:
            if r.repaired and joined[r.start] in "17" and joined[:r.start].strip() and not (
                    doc.has_japanese or captioned):
                continue  # (a 'T' read as a digit, on a page of no Japanese, only alone: not 'CAE N°: 76412583905127')
            used = [t for a, b, t in spans if a < r.end and b > r.start]
            rank = (0.3 if r.repaired else 0.0) if r.valid else 1.0
            cands.append(Candidate(r.number, used, rank + 0.001 * row.index))
    if not cands:
        return (_thirteen_digits_under_a_garbled_caption(doc) or _thirteen_digits_among_values(doc, hits)
                or _thirteen_digits_in_a_grid(doc, hits) or _thirteen_digits_in_a_column(doc, hits)
                or _thirteen_digits_after_a_garbled_caption(doc, hits))
    cands.sort(key=lambda c: c.rank)
    return cands[0]


def _over_garble_before(hit: LabelHit) -> LabelHit:
    """A caption spanning the words of its phrase OCR garbled straight before it (its other
    language: 'AYKA AGREES Qualified invoice issuer no.' for 登録番号 Qualified invoice issuer no.)."""
    phrase = hit.row.phrase_of(hit.tokens[0]).tokens
    before = phrase[:next(k for k, t in enumerate(phrase) if t is hit.tokens[0])]
    garbled = len(before) - next((k + 1 for k in range(len(before) - 1, -1, -1)
                                  if before[k].confidence >= GARBLED), 0)
    return replace(hit, lead=max(hit.lead, garbled))


def _number_stacked(doc: PageDocument, hit: LabelHit,
                    valid: bool = False) -> tuple[tnumber.Reading, list[Token]] | None:
    """The T-number alone under the registration caption, else over it (captions under their
    values); its T may have been read as a digit ('19746487156504'). With `valid`, only one whose
    check digit holds (under a caption widened over garble that may be another's)."""
    if valid and hit.lead == 0:
        return None
    for direction in (1, -1):
        # (a caption set on two lines: the number under its second, 'invoice issuer no.')
        tokens = _vertical(doc, hit, direction, set(), parses=lambda tokens: _t_reading(tokens) is not None)
        found = _t_reading(tokens)
        if found is not None and (found.valid or not valid):
            return found, tokens
        if (alone := _word_alone_over(tokens, hit)) is not None:
            return alone
    return None


def _word_alone_over(tokens: list[Token], hit: LabelHit) -> tuple[tnumber.Reading, list[Token]] | None:
    """The one word of a row of values OCR ran together ('PO-2026-03849 9454633132834') that stands
    over (under) the registration caption and reads as a T-number whose check digit holds."""
    if len(tokens) < 2:
        return None
    readings = [(found, [t]) for t in tokens if t.x1 > hit.x0 and t.x0 < hit.x1
                and (found := _t_reading([t])) is not None and found.valid]
    return readings[0] if len(readings) == 1 else None


def _t_reading(tokens: list[Token]) -> tnumber.Reading | None:
    """The T-number a phrase alone reads as, its T perhaps read as a digit."""
    text = join_tokens(tokens)
    starts = [1] if text[:1] in ("T", "t") else [0, 1] if text[:1] in ("1", "7") else [0]
    return next((r for r in (tnumber.read_after(text, at) for at in starts) if r is not None), None)


# A registration caption's word, however garbled the rest ('Regstaion', '還業者番号' for 事業者番号).
_REGISTRATION_WORD = re.compile(r"(?i)登録|業者番号|re?gi?st")


def _thirteen_digits_under_a_garbled_caption(doc: PageDocument) -> Candidate | None:
    """Thirteen digits alone, the check digit holding, under (or, captions under their values,
    over) a caption OCR garbled past recognition but for a word of it ('ス登録秋号invoice
    registration' over '2105362419789', '7488886 7049071' over 'Invoice registrs'): the
    T-number, its T lost or read as a 7 or a 1, its digits perhaps read as two words, or run into
    the values beside it in one phrase (a row of values under a row of captions). Only one such
    number on the page counts."""
    found = []
    for row in doc.rows:
        beside = [doc.rows[i] for i in (row.index - 1, row.index, row.index + 1)
                  if 0 <= i < len(doc.rows) and doc.rows[i].page == row.page]
        pieces = [p.tokens for p in row.phrases] + [[t] for p in row.phrases if len(p.tokens) > 1 for t in p.tokens]
        for piece in pieces:
            digits = "".join(t.text for t in piece)
            number = _t_number_of(digits) if re.fullmatch(r"\d{13,14}", digits) else None
            if number is None:
                continue
            middle = (piece[0].x0 + piece[-1].x1) / 2
            near = [u for r in beside for u in r.tokens if abs(u.xc - middle) < 12 * row.h and u not in piece]
            if any(_REGISTRATION_WORD.search(u.text) for u in near):
                found.append(Candidate(number, list(piece), 1.0))
    return found[0] if len(found) == 1 else None


def _thirteen_digits_among_values(doc: PageDocument, hits: dict[int, list[LabelHit]]) -> Candidate | None:
    """Thirteen digits alone, the check digit holding, starting where the values of the header
    captions read on other rows start, their own caption garbled past any word of it ('4 ¥%4 AGRE'
    '3290670610351' under 'ご注文番号 PO-2026-05440'): the T-number, its T lost. Only one such
    number on the page counts."""
    labelled = caption_ids(hits)
    starts = {(hit.row.page, hit.row.index): t.x0 for hs in hits.values() for hit in hs if hit.field in SIDEBAR_FIELDS
              for t in hit.value_beside[:1] if t.x0 - hit.x1 < 20 * hit.row.h and id(t) not in labelled}
    found = []
    for row in doc.rows:
        for k, t in enumerate(row.tokens):
            number = _t_number_of(t.text) if re.fullmatch(r"\d{13,14}", t.text) else None
            caption = row.tokens[:k]
            if (number is not None and caption and not any(id(u) in labelled for u in caption)
                    and statistics.mean(u.confidence for u in caption) < GARBLED
                    and any(page == row.page and i != row.index and abs(t.x0 - x) < 1.5 * row.h
                            for (page, i), x in starts.items())):
                found.append(Candidate(number, [t], 1.0))
    return found[0] if len(found) == 1 else None


GRID_CAPTIONS = 2  # header captions read on a row that make it a row of captions over (under) a row of values


def _thirteen_digits_in_a_grid(doc: PageDocument, hits: dict[int, list[LabelHit]]) -> Candidate | None:
    """Thirteen digits alone, the check digit holding, in a row of values under (or over) a row
    of captions, where what stands over them in the captions' row is garble ('ご請求番号 … 御社注文番号
    GS' over '2610-0608 … PO-2026-02023 8724853187532'): the T-number, its caption and its T
    lost. Only one such number on the page counts."""
    labelled = caption_ids(hits)
    found = []
    for i, row_hits in hits.items():
        if len([h for h in row_hits if h.field in SIDEBAR_FIELDS]) < GRID_CAPTIONS:
            continue
        captions = doc.rows[i]
        for values in (doc.rows[j] for j in (i - 1, i + 1) if 0 <= j < len(doc.rows)):
            if values.page != captions.page or not values.tokens:
                continue
            for t in values.tokens:
                number = _t_number_of(t.text) if re.fullmatch(r"\d{13,14}", t.text) else None
                over = [u for u in captions.tokens if u.x1 > t.x0 and u.x0 < t.x1]
                if (number is not None and over and not any(id(u) in labelled for u in over)
                        and statistics.mean(u.confidence for u in over) < GARBLED):
                    found.append(Candidate(number, [t], 1.0))
    return found[0] if len(found) == 1 else None


COLUMN_CAPTIONS = 2  # header captions alone on their rows, one over another, that make a column of them


def _thirteen_digits_in_a_column(doc: PageDocument, hits: dict[int, list[LabelHit]]) -> Candidate | None:
    """Thirteen digits alone on their row, the check digit holding, in a column of captions each
    over (or under) its value, where what stands over (or under) them is garble ('MAAR THRE RES'
    over '2432955107534', 伝票ナンバー and 支払期日 over their values at the same left edge): the
    T-number, its caption and its T lost. Only one such number on the page counts."""
    labelled = caption_ids(hits)
    lefts = [(hit.row.page, hit.row.index, hit.x0) for hs in hits.values() for hit in hs
             if hit.field in SIDEBAR_FIELDS and not hit.value_beside]
    found = []
    for row in doc.rows:
        if len(row.tokens) != 1 or (number := _t_number_of(row.tokens[0].text) if re.fullmatch(
                r"\d{13,14}", row.tokens[0].text) else None) is None:
            continue
        t = row.tokens[0]
        column = [i for page, i, x in lefts if page == row.page and i != row.index and abs(x - t.x0) < 1.5 * row.h]
        for other in (doc.rows[j] for j in (row.index - 1, row.index + 1) if 0 <= j < len(doc.rows)):
            over = [u for u in other.tokens if u.x1 > t.x0 and u.x0 < t.x1] if other.page == row.page else []
            if (len(column) >= COLUMN_CAPTIONS and over and not any(id(u) in labelled for u in over)
                    and statistics.mean(u.confidence for u in over) < GARBLED):
                found.append(Candidate(number, [t], 1.0))
                break
    return found[0] if len(found) == 1 else None


def _thirteen_digits_after_a_garbled_caption(doc: PageDocument, hits: dict[int, list[LabelHit]]) -> Candidate | None:
    """Thirteen digits alone, the check digit holding, straight after a caption OCR garbled but
    for its last word ('GIG 番号 7258045602027' for '登録番号 T7258045602027' in the supplier's
    address block): the T-number, its T lost. Only one such number on the page counts."""
    labelled = caption_ids(hits)
    found = []
    for row in doc.rows:
        for phrase in row.phrases:
            for k, t in enumerate(phrase.tokens[2:], start=2):
                number = _t_number_of(t.text) if re.fullmatch(r"\d{13,14}", t.text) else None
                tail, garbled = phrase.tokens[k - 1], phrase.tokens[:k - 1]
                if (number is not None and key(tail.text) in CAPTION_TAILS
                        and not any(id(u) in labelled for u in phrase.tokens[:k])
                        and statistics.mean(u.confidence for u in garbled) < GARBLED):
                    found.append(Candidate(number, [t], 1.0))
    return found[0] if len(found) == 1 else None


def _t_number_of(digits: str) -> str | None:
    """The T-number thirteen digits make, or fourteen whose first is its T misread ('7', '1')."""
    body = digits if len(digits) == 13 else digits[1:] if digits[0] in "17" else ""
    return "T" + body if body and registration.is_valid("T" + body) else None
