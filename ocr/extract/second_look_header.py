"""The second look at the header block: rows where a wanted field's caption or value was
garbled, read again from the page image and searched for captions and values afresh.

Which stretches are read (`_rows_to_read`): the rows over the item table on the first page,
a sidebar beside it and a block of captions under it; a stretch in the captions' or the
values' column, figures likely a misread date, captions read with no value beside them. The
likeliest first: the second look reads three stretches at most.
"""
from __future__ import annotations

import itertools
import math
import re
import statistics
from collections import Counter
from collections.abc import Callable
from datetime import date

from ocr.extract.arithmetic import READ_SHORT
from ocr.extract.columns import without_dates
from ocr.extract.header import (
    GENERIC,
    SIDEBAR_FIELDS,
    Candidate,
    label_candidates,
    sidebar_captions,
    sidebar_values,
    uncut_date,
    whole_caption,
)
from ocr.extract.labels import FIELD_VOCAB, LabelHit, find_labels
from ocr.extract.layout import GARBLED, SURE, PageDocument, Row, Token, box_of, boxes_meet, is_cjk, phrases_of
from ocr.extract.lost_pairs import captions_lost, fields_named, pairs_lost
from ocr.extract.result import DATES
from ocr.extract.second_look import SURE_REFERENCE, Box, Reading, SecondLook, line_height, reading_doc, token_at
from ocr.extract.unlabelled import ORDER_MARK, identifier_shaped, without_addresses
from ocr.extract.values import clean_reference
from ocr.model import Word
from ocr.parse import date_in_parts, parse_date

COLUMN_GAP = 6  # row heights: a gap this wide parts two columns
VALUE_REACH = 20  # row heights: how far right of its caption a value may start (a key/value box's wide cells)
MAX_VALUE_TOKENS = 8  # a value read again is a few words long: its tokens up to this many
GARBLE_REACH = 6  # text heights: how far past its box a garbled stretch is read again


def _mean_confidence(tokens: list[Token]) -> float:
    return sum(t.confidence for t in tokens) / len(tokens)


def _garbled_runs(row: Row) -> list[list[Token]]:
    """The tokens of each of a row's garbled stretches: a weak phrase and the unsure phrases
    around it (a title's garble, then a date's far right of it, are two)."""
    phrases = row.phrases
    gap = COLUMN_GAP * row.h  # a stretch never runs on into the next column

    def unsure(i: int) -> bool:
        return _mean_confidence(phrases[i].tokens) < SURE

    runs: list[list[Token]] = []
    last = -1
    for weak in (i for i, p in enumerate(phrases) if _mean_confidence(p.tokens) < GARBLED and len(p.text) >= 2):
        if weak <= last:
            continue
        first = last_of_run = weak
        while first > last + 1 and unsure(first - 1) and phrases[first].x0 - phrases[first - 1].x1 < gap:
            first -= 1
        while (last_of_run + 1 < len(phrases) and unsure(last_of_run + 1)
               and phrases[last_of_run + 1].x0 - phrases[last_of_run].x1 < gap):
            last_of_run += 1
        runs.append([t for p in phrases[first : last_of_run + 1] for t in p.tokens])
        last = last_of_run
    return runs


def _value_after(row: Row, tokens: list[Token], sure: float = 101.0) -> list[Token]:
    """The tokens that may hold the value of a label ending with `tokens`: those close after it
    or, where the values stand in a column of their own further right, the first phrase after it
    (read with less than `sure` confidence)."""
    end = max(t.x1 for t in tokens)
    after = [t for t in row.tokens if t.x0 >= end]
    if not after or after[0].x0 - end >= VALUE_REACH * row.h:
        phrase = next((p for p in row.phrases if p.x0 >= end and p.x0 - end < 40 * row.h), None)
        after = phrase.tokens if phrase and _mean_confidence(phrase.tokens) < sure else []
    # The value up to the next column, however many pieces OCR's words were split into
    # ('令和' '8' '年' '9' '月' '20' '晶').
    # A word more than twice the height of the value's tallest, two of the caption's heights
    # apart, is another block's: a company's name in large type beside the value's garble, its
    # seal (the pieces of a date stand closer, OCR's boxes of them of any height).
    caption_h = statistics.median(t.h for t in tokens)
    value = after[:1]
    for t in after[1:MAX_VALUE_TOKENS]:
        gap = t.x0 - value[-1].x1
        if gap > COLUMN_GAP * row.h or gap > GARBLE_GAP * row.h and _garble_then_sure(value, t) \
                or gap > SIZE_APART * caption_h and t.h > SIZE_APART * max(v.h for v in value):
            break
        value.append(t)
    return value


SIZE_APART = 2  # a word this many times the height of the words before it, as far apart, is of another block


GARBLE_GAP = 3  # row heights: a gap this wide after a garbled value parts it from a sure word further on


def _garble_then_sure(value: list[Token], t: Token) -> bool:
    """Whether a word read surely after a value OCR garbled is the next block's ('accesses' for
    'FA000538', then '4-1 Shin-Yokohama' of the buyer's address beside it): garble's box ends
    with the value."""
    return _mean_confidence(value) < GARBLED and t.confidence >= SURE


def header_fields(
    look: SecondLook,
    hits: dict[int, list[LabelHit]],
    wanted: set[str],
    table_rows: set[int],
    parsed: Callable[[str, Candidate], bool],
    read: list[list[Token]] | None = None,
) -> dict[str, Candidate]:
    """Header fields read again from rows where a wanted field's label or value was garbled.

    Two kinds of row qualify, above the item table on the first page: one where a wanted
    field's label was read but no value parsed after it, and one with a garbled stretch
    that starts in the column of the labels read elsewhere. Each is read again as a line
    and searched for labels and values afresh; `parsed` says whether a value passes. `read`
    holds the header values the first look read, each its tokens.
    """
    if not wanted:
        return {}
    regions, typical = _rows_to_read(look, hits, wanted, table_rows, read or [])
    found: dict[str, Candidate] = {}
    queue = regions[:3]
    while queue and wanted - set(found):
        stretch = queue.pop(0)
        page = stretch[1][0].page
        h = min(line_height(stretch[1]), 1.2 * typical)
        # Boxes OCR drew too tall make the text look taller than it is (a value and its caption
        # run into one box): with nothing found at that height, the page's usual text height, or
        # the smallest caption's in the box's column if less, is tried: the box is then read one
        # line at a time.
        lower = min(look.typical(page), _caption_height(hits, stretch[1][0], h))
        heights = (h, lower) if lower < 0.8 * h else (h,)
        outcome = None
        for height in heights:
            outcome = _read_stretch(look, stretch, height, wanted - set(found), parsed, read or []) or outcome
            if outcome is not None and (outcome[0] or outcome[1]):
                break
        if outcome is not None:
            taken, more = outcome
            found.update(taken)
            queue[:0] = [more] if more else []
    if (wanted - set(found)) & REFERENCES:
        found.update(_captions_lost(look, hits, (wanted - set(found)) & REFERENCES, table_rows, read or [], parsed))
    if wanted - set(found):
        found.update(_pairs_lost(look, hits, wanted - set(found), table_rows, parsed))
    return found


def _pairs_lost(look: SecondLook, hits: dict[int, list[LabelHit]], wanted: set[str], table_rows: set[int],
                parsed: Callable[[str, Candidate], bool]) -> dict[str, Candidate]:
    """Wanted fields whose captions and values OCR lost whole from the first page's stack of
    captions over (or under) their values, or whose captions alone (`lost_pairs`)."""
    first_page = min((r.page for r in look.doc.rows), default=1)
    pairs = _stacked_pairs(look, hits, first_page)
    side = _side_of(pairs)
    if side is None:
        return {}
    rows = _header_rows(look.doc, hits, table_rows, first_page)
    found = pairs_lost(look, pairs[side], side, rows, wanted, parsed)
    if wanted - set(found):
        found |= captions_lost(look, pairs[side], side, rows, wanted - set(found), parsed)
    return found


Stretch = tuple[bool, list[Token], Row]  # whether garbled, its tokens, its row


def _among_captions(row: Row, hits: dict[int, list[LabelHit]]) -> bool:
    """Whether a row lies between rows of captions read on its page (one above, one below): its
    garble more likely a caption and value OCR lost than the letterhead's above them all."""
    captioned = [i for i, row_hits in hits.items() if row_hits and row_hits[0].row.page == row.page]
    return bool(captioned) and min(captioned) < row.index < max(captioned)


def _among_values(stretch: Stretch, read: list[list[Token]]) -> bool:
    """Whether a stretch stands in the column of the header values the first look read on its
    page, between the first and the last of them: in a stack of values whose captions OCR lost,
    a garbled one more likely than the letterhead over them. Or in their row, between two of
    them: a row of values, one of which OCR garbled ('2701-0968' '20274811308' '2027年2月末日')."""
    _, run, row = stretch
    ys = [(t.y0 + t.y1) / 2 for value in read for t in value if t.page == row.page]
    if ys and min(ys) < row.yc < max(ys) and _in_column(_read_column(read, row.page), run[0].x0, row.h):
        return True
    xs = [t.xc for value in read for t in value if t.page == row.page and abs(t.yc - row.yc) < 0.5 * row.h]
    return bool(xs) and min(xs) < run[0].x0 and run[-1].x1 < max(xs)


def _caption_height(hits: dict[int, list[LabelHit]], first: Token, h: float) -> float:
    """The height of the smallest caption read in the column a stretch starts in, else `h`."""
    heights = [t.box[3] - t.box[1] for hs in hits.values() for hit in hs
               if hit.row.page == first.page and abs(hit.x0 - first.x0) < h for t in hit.tokens]
    return float(min(heights, default=h))


def _read_stretch(look: SecondLook, stretch: Stretch, h: float, wanted: set[str],
                  parsed: Callable[[str, Candidate], bool],
                  read: list[list[Token]]) -> tuple[dict[str, Candidate], Stretch | None] | None:
    """The wanted fields a stretch read again gives, and a wider stretch to read next, if any;
    None when no cleaning read any text. `read` holds the header values the first look read."""
    garbled, tokens, row = stretch
    page = tokens[0].page
    box = tuple(box_of(tokens))
    if garbled or tokens[-1].confidence < SURE and len(re.sub(r"\W", "", tokens[-1].text)) <= 2 \
            or _YEAR_CUT.fullmatch(tokens[-1].text):
        # OCR's box for garble, for a fragment it ends in read unsurely ('0' at 54 for
        # 27-00893), or for a date cut short ('2027-'), may stop short of the text's end: reach
        # towards the next phrase.
        later = [t.x0 for t in row.tokens if t.x0 > box[2]]
        box = (box[0], box[1], max(box[2], min([box[2] + GARBLE_REACH * h] + [x - h for x in later])), box[3])
    outcome = None
    dated = False  # an earlier cleaning read the stretch as a date it could not make out
    seen: set[tuple[str, str]] = set()  # the wanted fields' captions earlier cleanings read
    unsure: dict[str, Candidate] = {}  # the first reference a cleaning read, unsurely
    alike: Counter[str] = Counter()  # the lone references cleanings read, each unsurely
    known = _dates_read_in(look, read, page, box)
    misread = False  # a cleaning read a wanted field's caption and, beside it, a value it could not parse
    read_surely: set[str] = set()  # the fields whose captions a cleaning read surely
    for cleaning, r in enumerate(look.readings(page, box, "text", h)):
        mini, labels = reading_doc(r, page)
        again = _fields_in(mini, labels, wanted, look.parsers)
        read_surely |= {hit.field for hits in labels.values() for hit in hits
                        if min(t.confidence for t in hit.tokens) >= SURE}
        if not garbled and not again and _value_misread(labels, wanted):
            misread = True
            continue  # ('伝票 No. 26.0056+'): the next cleaning may read it
        if garbled and not again and _labelled(labels, wanted) and (value := _value_after(row, tokens, sure=SURE)):
            # The garbled caption read, its value garbled in the column beyond: the value read
            # alone, else the two together.
            whole = box_of(tokens + value)
            beside = _beside_caption_read(look, labels, (box[0], whole[1], max(box[2], whole[2]), whole[3]),
                                          wanted, h, parsed, start=box_of(value)[0])
            return (beside or unsure, None) if beside or unsure else ({}, (False, tokens + value, row))
        captions = {(hit.field, hit.label) for hits in labels.values() for hit in hits
                    if hit.label not in GENERIC and hit.field in wanted}
        if garbled and not again:
            # A caption read surely, or alike by two cleanings ('請求 日 。' twice, each unsurely),
            # with no value beside it: its value over or under it.
            named = {field for field, label in captions if r.confidence >= SURE_REFERENCE or (field, label) in seen}
            again = _stacked_value(look, row, tokens, named, h, parsed) if named else {}
        elif not garbled and not again and r.confidence >= SURE_REFERENCE:
            # A garbled caption read in a wider stretch, surely, with a sentence beside it: its
            # value over or under it, in the column the caption was read in.
            again = next(filter(None, (_stacked_value(look, row, hit.tokens, {hit.field}, h, parsed)
                                       for hits in labels.values() for hit in hits
                                       if hit.label not in GENERIC and hit.field in wanted)), {})
        seen |= captions
        if garbled and not again:
            # A later cleaning's lone date is no surer than the garble it replaces, unless an
            # earlier one saw a date there it could not make out ('令 和信 年 士 月 十 日'), or
            # it reads after it the date the first look read there ('信和 9 年 1 月 11 昌 信和 9 年
            # 3 月 31 昌' over '94614118' and 令和9年3月31日: two values of a row read together).
            trusted = cleaning == 0 or dated or _reads_a_known_date(look, r, known)
            again = _without_caption(look, r, page, box, wanted if trusted else wanted - set(DATES))
            if not again and (alone := _reference_alone(r, page, box, wanted, sure=GARBLED)):
                # A lone reference two cleanings read alike, each unsurely, is as good as one read surely.
                alike.update(str(cand.value) for cand in alone.values())
                again = alone if all(alike[str(cand.value)] >= 2 for cand in alone.values()) else {}
        dated = dated or bool(_DATE_SHAPED.search(r.text))
        taken = {field: cand for field, cand in again.items() if parsed(field, cand)}
        if garbled and taken and all(_unsure_reference(field, cand) for field, cand in taken.items()):
            unsure = unsure or taken  # a reference read unsurely: the next cleaning may read it surely
            continue
        outcome = taken, None
        if outcome[0] or not garbled:
            break  # one cleaning per row that read: a clean line reads well the first time
        # A garbled row that read as nothing wanted: the next cleaning may read its reference.
    if unsure and (outcome is None or not outcome[0]):
        outcome = unsure, None
    if misread and outcome is None:
        outcome = {}, None  # (no cleaning read the value beside its caption: it is read alone, below)
    if outcome is not None and not outcome[0] and not garbled and (
            taken := _beside_a_clean_caption(look, stretch, box, h, wanted, parsed, read, read_surely)):
        return taken, None
    return outcome


def _beside_a_clean_caption(look: SecondLook, stretch: Stretch, box: Box, h: float, wanted: set[str],
                            parsed: Callable[[str, Candidate], bool], read: list[list[Token]],
                            read_surely: set[str]) -> dict[str, Candidate]:
    """A caption read cleanly, its value garbled beside it: the value read alone; with nothing
    beside it, its value over or under it. (A caption OCR read unsurely the first time ('Inv.'
    'Nos' at 41) is read cleanly where a cleaning read it so: `read_surely`.)"""
    _, tokens, row = stretch
    page = tokens[0].page
    hits = find_labels(row, FIELD_VOCAB, inside=True)
    captions = {id(t) for hit in hits for t in hit.tokens}
    # (each caption's: a row of captions over a row of values holds the issue and due dates)
    taken: dict[str, Candidate] = {}
    for hit in hits:
        if hit.field in wanted and hit.field not in taken and (
                hit.label not in GENERIC or _caption_alone(row, hits, hit)):
            # (figures beside it, no caption's words: '202754' 'AH' for 2027年4月末日)
            beside = [t for t in tokens if t.x0 >= hit.x1 and id(t) not in captions]
            value = _garbled_value_box(beside, hit, box, h, hit.field in read_surely)
            if value is None and not beside and hit.field in read_surely:
                value = _in_values_column(_read_column(read, page), hit, box, h)
            if value is not None and (alone := _read_value(look, page, value, {hit.field}, h, parsed)):
                taken |= alone
                continue
            taken |= {f: c for f, c in _stacked_value(look, row, hit.tokens, {hit.field}, h, parsed).items()
                      if parsed(f, c)}
    return taken


def _value_misread(labels: dict[int, list[LabelHit]], wanted: set[str]) -> bool:
    """Whether a line read again holds a wanted field's caption (no bare 'No.' or 'number': the end
    of another's, set on two lines) with figures beside it that make no value of the field."""
    return any(hit.field in wanted and hit.label not in GENERIC
               and any(re.search(r"\d", t.text) for t in hit.value_beside)
               for hits in labels.values() for hit in hits)


def _unsure_reference(field: str, cand: Candidate) -> bool:
    """Whether a reference was read with less confidence than a reference read again needs: a
    garbled row's first cleaning reads 'Q2609-303' as '608-908)', the next reads it surely."""
    return field not in DATES and cand.confidence * 100 < SURE_REFERENCE


def _caption_alone(row: Row, hits: list[LabelHit], hit: LabelHit) -> bool:
    """Whether a caption's phrase is nothing but its field's generic captions ('No.' 'Ref' of a
    'No. Reference' OCR cut short, over its number): a caption on its own, not a sentence's word."""
    ours = {id(t) for other in hits if other.field == hit.field for t in other.tokens}
    phrase = row.phrase_of(hit.tokens[0])
    return phrase is not None and all(id(t) in ours for t in phrase.tokens)


def _garbled_value_box(beside: list[Token], hit: LabelHit, box: Box, h: float, read_surely: bool) -> Box | None:
    """Where a caption's garbled value stands right of it, to be read alone: up to the row's end
    where figures stand beside it ('202754' 'AH' for 2027年4月末日); where its first word is garble
    without a figure ('Dee' for IN2701/863, the supplier's name further right) and the caption
    was read surely (the first time, or by the reading: `read_surely`), up to the next word read."""
    if any(re.search(r"\d", t.text) for t in beside):
        return hit.x1 + 0.5 * h, box[1], box[2], box[3]
    sure = read_surely or min(t.confidence for t in hit.tokens) >= SURE
    if not beside or beside[0].confidence >= GARBLED or not sure:
        return None  # (a caption read unsurely may be a title's words and its other language's garble)
    after = [t.x0 - h for t in beside[1:] if t.confidence >= GARBLED]
    return hit.x1 + 0.5 * h, box[1], min([beside[0].x1 + GARBLE_REACH * h, *after]), box[3]


_DATE_SHAPED = re.compile(r"年\s*\S{1,4}\s*月")  # a year's and a month's marks with a figure between
STACK_REACH = 3.5  # text heights: how far over or under its caption a value may stand


def _clear_of(box: Box, caption: list[Token], over: bool) -> Box:
    """A value's box over (`over`) or under its caption, clear of the caption's line: a word of
    the value OCR boxed too tall ('31' '-' '2027' for 31 Mar 2027, the '-' reaching into 'Due
    date' under it) reads the caption too."""
    top, bottom = min(t.y0 for t in caption), max(t.y1 for t in caption)
    if over and box[1] < top < box[3]:
        return box[0], box[1], box[2], top
    if not over and box[1] < bottom < box[3]:
        return box[0], bottom, box[2], box[3]
    return box


def _stacked_value(look: SecondLook, row: Row, caption: list[Token], fields: set[str], h: float,
                   parsed: Callable[[str, Candidate], bool]) -> dict[str, Candidate]:
    """The value of a caption with nothing beside it, in its column on the nearest row over or
    under it (captions over or under their values): as read where read cleanly, else read again.
    The caption's other language garbled before it ('SAtLIEIENo. Your order no.') is the
    caption's too: the column starts there."""
    x0, x1 = min(t.x0 for t in _with_garbled_lead(row, caption)), max(t.x1 for t in caption)
    rows = [r for r in look.doc.rows if r.page == row.page and r.index != row.index
            and abs(r.yc - row.yc) < STACK_REACH * h]
    filled = set()  # the sides (over: -1, under: 1) where a row near holds words in the caption's column
    for other in sorted(rows, key=lambda r: abs(r.yc - row.yc)):
        column = [t for t in other.tokens if t.x0 < x1 and t.x1 > x0 - h]
        phrase = next((p for p in other.phrases if column and any(t is column[0] for t in p.tokens)), None)
        column = uncut_date(column, phrase) if phrase is not None else column
        column = _with_garbled_year(other, column) if column and fields & set(DATES) else column
        # (a value printed with its 'No.' and read as garble, 'NO' at 37, is no caption)
        captions = {id(t) for hit in find_labels(other, FIELD_VOCAB) for t in hit.tokens
                    if hit.label not in GENERIC or _mean_confidence(hit.tokens) >= GARBLED}
        if column:
            filled.add(1 if other.yc > row.yc else -1)
        if not column or any(id(t) in captions for t in column):
            continue  # nothing in the column, or another caption
        if not fields & set(DATES) and _only_a_date(look, column):
            continue  # a date where a reference is wanted: another caption's value
        if _mean_confidence(column) >= SURE:
            for field in sorted(fields):
                if (found := look.parsers[field](column)) is not None:
                    return {field: Candidate(found[0], found[1], 5.0)}
            if not fields & set(DATES) or not any(re.search(r"\d", t.text) for t in column):
                continue
            # A date read surely that does not parse lost a figure ('令和 8 年月 20 日'): read again.
        box = _clear_of(box_of(column), caption, over=other.yc < row.yc)
        left = min(box[0], _column_start(look, row.page, box[0], h))
        reach = max(box[2], x1 + GARBLE_REACH * h)
        # (to the end of a word that starts within reach: the rest of the value, read apart from
        # its garbled start, 'a' '218' for 令和8年9月21日)
        right = max([reach] + [t.x1 for t in other.tokens if box[2] <= t.x0 < reach])
        if found := _read_value(look, row.page, (left, box[1], right, box[3]), fields, h, parsed):
            return found
    # OCR read nothing under (or over) the caption: the strip there, where its value would stand,
    # reaching on either side up to the next words of the caption's row (a value centred over
    # 'Rechnung Nr.', the first word of which OCR lost with the value).
    phrase = p.tokens if (p := row.phrase_of(caption[0])) is not None else caption
    others = [t for t in row.tokens if all(t is not c for c in phrase)]
    before = [t.box[2] + h for t in others if t.box[2] <= x0]
    after = [t.box[0] - h for t in others if t.box[0] >= x1]
    left = max([min(t.box[0] for t in caption) - GARBLE_REACH * h, *before])
    right = min([max(t.box[2] for t in caption) + 2 * GARBLE_REACH * h, *after])
    top, bottom = min(t.box[1] for t in caption), max(t.box[3] for t in caption)
    strips = {1: (left, bottom, right, bottom + STACK_STRIP * h), -1: (left, top - STACK_STRIP * h, right, top)}
    for side in (1, -1):
        if side not in filled and (found := _read_value(look, row.page, strips[side], fields, h, parsed)):
            return found
    return {}


REFERENCES = frozenset({"document_number", "po_number"})
LOST_CAPTIONS = 2  # references with no caption whose caption's place is read again, at most


def _captions_lost(look: SecondLook, hits: dict[int, list[LabelHit]], wanted: set[str], table_rows: set[int],
                   read: list[list[Token]], parsed: Callable[[str, Candidate], bool]) -> dict[str, Candidate]:
    """A wanted reference read cleanly where the page prints its values over (or under) their
    captions, with nothing read where its own caption stands ('26-00275' over a caption OCR
    did not see at all, the captions of the dates and the order number under theirs read), or
    beside them in a key/value box (`_captions_lost_beside`): the strip where its caption
    stands, read again, names its field."""
    first_page = min((r.page for r in look.doc.rows), default=1)
    side = _captions_side(look, hits, first_page)
    captions = {id(t) for hs in hits.values() for hit in hs for t in hit.tokens}
    taken = {id(t) for value in read for t in value} | captions
    unread = [(row, p.tokens) for row in _header_rows(look.doc, hits, table_rows, first_page) for p in row.phrases
              if not any(id(t) in taken for t in p.tokens) and identifier_shaped(p.text)
              and _no_caption_beside(row, p.tokens, captions)]
    if side is not None:
        lost = [(row, tokens, _caption_strip(look, row, tokens, side, _own_height(look, row, tokens)))
                for row, tokens in unread if not _read_at(look, row, tokens, side, captions)]
    else:
        lost = _captions_lost_beside(look, hits, first_page, unread)
    for row, tokens, strip in lost[:LOST_CAPTIONS]:
        h = _own_height(look, row, tokens)
        for r in itertools.islice(look.readings(row.page, strip, "text", h), 2):
            _, labels = reading_doc(r, row.page)
            for field in fields_named(labels, wanted & REFERENCES):
                found = look.parsers[field](tokens)
                if found is not None and parsed(field, cand := Candidate(found[0], found[1], 5.0)):
                    return {field: cand}
    return {}


def _own_height(look: SecondLook, row: Row, tokens: list[Token]) -> float:
    """A value's text height: its own (a large name on its row makes the row tall), the page's
    usual one where OCR drew its box taller."""
    return min(line_height(tokens), 1.2 * look.typical(row.page))


def _captions_lost_beside(look: SecondLook, hits: dict[int, list[LabelHit]], page: int,
                          unread: list[tuple[Row, list[Token]]]) -> list[tuple[Row, list[Token], Box]]:
    """Of a key/value box's references with no caption read beside them (`unread`), those that
    start or end where a value read beside a caption does, with nothing but garble read between
    that caption's column and them ('INV-00726' in the values' column, its caption lost): each
    with the strip where its caption stands, on its line."""
    beside = [(hit.x0, value[0].x0, _phrase_on(look, value)[-1].x1) for hs in hits.values() for hit in hs
              if hit.row.page == page and (value := _value_after(hit.row, hit.tokens))
              and value[0].x0 - hit.x1 < VALUE_REACH * hit.row.h]
    lost = []
    for row, tokens in unread:
        h = _own_height(look, row, tokens)
        x0, top, x1, bottom = box_of(tokens)
        captions = [x for x, start, end in beside if x < x0 - 2 * h and (abs(x0 - start) < h or abs(x1 - end) < h)]
        if not captions:
            continue
        left = min(captions)
        if not any(left - h < t.x1 <= x0 and t.confidence >= GARBLED for t in row.tokens):
            lost.append((row, tokens, (left - 0.5 * h, top, x0 - 0.5 * h, bottom)))
    return lost


def _captions_side(look: SecondLook, hits: dict[int, list[LabelHit]], page: int) -> int | None:
    """Where a page's captions stand from their values (`_side_of`)."""
    return _side_of(_stacked_pairs(look, hits, page))


def _side_of(pairs: dict[int, list[list[Token]]]) -> int | None:
    """Where a page's captions stand from their values: under them (1) or over them (-1), where
    two captions or more with no value beside them have their values on that side; else None."""
    sides = Counter({side: len(of_side) for side, of_side in pairs.items()})
    (side, count), *rest = sides.most_common() or [(None, 0)]
    return side if count >= 2 and (not rest or rest[0][1] < count) else None


def _stacked_pairs(look: SecondLook, hits: dict[int, list[LabelHit]], page: int) -> dict[int, list[list[Token]]]:
    """The captions of a page with no value beside them whose values stand under them (side -1:
    captions over values) or over them (1), each side's captions and values, their tokens."""
    pairs: dict[int, list[list[Token]]] = {}
    for row_hits in hits.values():
        for hit in row_hits:
            if hit.row.page != page or hit.field not in look.parsers or hit.label in GENERIC:
                continue
            caption = whole_caption(hit, row_hits, apart=False).tokens
            if (value := _value_after(hit.row, caption)) and look.parsers[hit.field](value) is not None:
                continue  # its value beside it
            for side in (1, -1):
                column = _in_the_column(look, hit.row, hit.x0, max(t.x1 for t in caption), -side)
                column = _phrase_on(look, column)  # (a value running on past its caption's end)
                if column and look.parsers[hit.field](column) is not None:
                    pairs.setdefault(side, []).append(caption + column)
    return pairs


def _phrase_on(look: SecondLook, tokens: list[Token]) -> list[Token]:
    """The words from the first of `tokens` to the end of its phrase."""
    if not tokens:
        return tokens
    row = look.row_of(tokens[0])
    phrase = row.phrase_of(tokens[0]).tokens
    return phrase[next(i for i, t in enumerate(phrase) if t is tokens[0]):]


def _in_the_column(look: SecondLook, row: Row, x0: float, x1: float, side: int, h: float | None = None) -> list[Token]:
    """The words of the nearest row over (side -1) or under (1) a row, within `STACK_REACH`
    text heights (the row's, unless given), that stand in the column from x0 to x1."""
    h = h or row.h
    near = sorted((r for r in look.doc.rows if r.page == row.page and (r.yc - row.yc) * side > 0
                   and abs(r.yc - row.yc) < STACK_REACH * h), key=lambda r: abs(r.yc - row.yc))
    for other in near:
        column = [t for t in other.tokens if t.x0 < x1 and t.x1 > x0 - h]
        if column:
            return column
    return []


def _no_caption_beside(row: Row, tokens: list[Token], captions: set[int]) -> bool:
    """Whether no caption is read just before a phrase on its row (an address beside it is none)."""
    return not any(0 <= tokens[0].x0 - t.x1 < VALUE_REACH * row.h for t in row.tokens
                   if t.x1 <= tokens[0].x0 and id(t) in captions)


def _read_at(look: SecondLook, row: Row, tokens: list[Token], side: int, captions: set[int]) -> bool:
    """Whether OCR read a caption, or any word surely, where a value's caption stands, on the
    captions' side of it (garble, or a word read unsurely that names nothing, is no caption read)."""
    column = _in_the_column(look, row, tokens[0].x0, tokens[-1].x1, side, line_height(tokens))
    return any(t.confidence >= SURE or id(t) in captions for t in column)


def _caption_strip(look: SecondLook, row: Row, tokens: list[Token], side: int, h: float) -> Box:
    """Where a value's caption stands (in page pixels): a strip under (over) it, from a little
    before it up to the next word of its row, and after the words read surely that the strip's
    rows hold before it (a large name's last letters beside the caption)."""
    x0, top, x1, bottom = box_of(tokens)
    y0, y1 = (bottom, bottom + STACK_STRIP * h) if side > 0 else (top - STACK_STRIP * h, top)
    beside = [t for r in look.doc.rows if r.page == row.page for t in r.tokens
              if t.box[1] < y1 and t.box[3] > y0 and (r is row or t.confidence >= GARBLED)]
    before = [t.box[2] + h for t in beside if t.box[2] <= x0]
    after = [t.box[0] - h for t in row.tokens if t.box[0] >= x1]
    left, right = max([x0 - GARBLE_REACH * h, *before]), min([x1 + 2 * GARBLE_REACH * h, *after])
    return left, y0, right, y1


def _only_a_date(look: SecondLook, tokens: list[Token]) -> bool:
    """Whether the words are a date and nothing else (its day's mark aside)."""
    found = look.parsers["due_date"](tokens)
    rest = [t for t in tokens if found is not None and all(t is not u for u in found[1])]
    return found is not None and all(re.fullmatch(r"[日\W_]*", t.text) for t in rest)


def _with_garbled_lead(row: Row, caption: list[Token]) -> list[Token]:
    """A caption with the words of its row OCR garbled straight before it: its other language
    ('請求書番号' read as 'YHA' 'ABS' before 'Inv. No'), a space apart at most."""
    lead: list[Token] = []
    edge = caption[0].x0
    for t in sorted((t for t in row.tokens if t.x1 <= edge + 1), key=lambda t: -t.x1):
        if t.confidence >= GARBLED or edge - t.x1 > LEAD_GAP * min(t.h, caption[0].h):
            break
        lead.insert(0, t)
        edge = t.x0
    return lead + caption


LEAD_GAP = 1.5  # text heights: a caption's garbled other language stands this close before it, at most


STACK_STRIP = 2.5  # text heights under or over a caption where OCR read nothing: read again as its value's
COLUMN_REACH = 3  # text heights: how far left of a stacked value its column may start


def _column_start(look: SecondLook, page: int, x: float, h: float) -> float:
    """Where the column of captions and values that a stacked value starts in begins, when the
    phrases of the rows around start a little left of it: the value's first characters lost with
    its caption's ('令和' of '令和8年12月31日' under '払期限' for 支払期限)."""
    starts = [p.tokens[0].box[0] for r in look.doc.rows if r.page == page for p in r.phrases
              if x - COLUMN_REACH * h <= p.tokens[0].box[0] < x - 0.5 * h]
    return min(starts, default=x)


def _beside_caption_read(look: SecondLook, labels: dict[int, list[LabelHit]], box: Box, wanted: set[str],
                         h: float, parsed: Callable[[str, Candidate], bool],
                         start: float | None = None) -> dict[str, Candidate]:
    """The value right of a wanted field's caption that a reading read (the value garbled beside
    it: "Date d'émission" over 'ee oa'): the rest of the box, up to the value's end, read alone;
    from where OCR first found the value (`start`), if given: not the leaders or rules between."""
    for hit in (hit for hits in labels.values() for hit in hits if hit.field in wanted and hit.label not in GENERIC):
        right = (max(hit.x1 + 0.5 * h, start - 0.5 * h if start is not None else 0.0), box[1], box[2], box[3])
        if right[2] - right[0] > 2 * h and (found := _read_value(look, hit.row.page, right, {hit.field}, h, parsed)):
            return {field: cand for field, cand in found.items() if parsed(field, cand)}
    return {}


def _read_value(look: SecondLook, page: int, box: Box, fields: set[str], h: float,
                parsed: Callable[[str, Candidate], bool]) -> dict[str, Candidate]:
    """The first of the fields that a sure reading of the box's first column gives, and that
    passes the field's test (`parsed`): a reading that fails it leaves the next cleaning to read
    ('2026 年 1 月 16 日' a year before its due date, then '2026 年 11 月 16 日'). A date is sure
    when its figures are: the kanji between them ('2026 年 11 月 16 由', its 日 misread on a fax)
    and what follows it in the column do not count. A value two cleanings read alike, each
    unsurely, is as good as one read surely ('Q000458' at 63 and 26, a fax's '2027-03-01' at 57
    and 45)."""
    alike: Counter[tuple[str, str]] = Counter()
    texts: list[tuple[str, float]] = []  # each reading's first column, for a date read in parts
    for reading in look.readings(page, box, "text", h):
        words = _first_column(reading.words)
        texts.append((" ".join(w.text for w in words), reading.confidence))
        sure = min((w.confidence for w in words), default=0.0) >= SURE_REFERENCE
        tokens = [token_at(w.text, page, box, w.confidence) for w in words]
        for field in sorted(fields):
            if not tokens or (found := look.parsers[field](tokens)) is None:
                continue
            if not (sure or field in DATES and _figures_sure(found[1])):
                alike[field, str(found[0])] += 1
                if alike[field, str(found[0])] < 2 or field in DATES and not _about_now(found[0]):
                    continue
            if parsed(field, cand := Candidate(found[0], tokens, 5.0)):
                return {field: cand}
    return _date_read_in_parts(texts, page, box, fields, parsed)


def _date_read_in_parts(texts: list[tuple[str, float]], page: int, box: Box, fields: set[str],
                        parsed: Callable[[str, Candidate], bool]) -> dict[str, Candidate]:
    """The date no reading of a box read whole that its readings (text, confidence) read in
    parts (a fax's '2026 年 12 月 示 昌' and '2026 年 }2 月 末 日'), for the first date field it
    passes; as sure as the least sure reading."""
    day = date_in_parts([text for text, _ in texts])
    if day is None or not _about_now(day):
        return {}
    token = token_at(texts[-1][0], page, box, min(confidence for _, confidence in texts))
    for field in sorted(fields & set(DATES)):
        if parsed(field, cand := Candidate(day, [token], 5.0)):
            return {field: cand}
    return {}


def _about_now(day: date) -> bool:
    """Whether a date is within a year of today: two unsure readings of a fax that agree may
    share a misread figure ('3027-01-05'), which a year far off gives away."""
    return abs(day.year - date.today().year) <= 1


def _figures_sure(tokens: list[Token]) -> bool:
    figures = [t.confidence for t in tokens if re.search(r"\d", t.text)]
    return bool(figures) and min(figures) >= SURE_REFERENCE


def _rows_to_read(look: SecondLook, hits: dict[int, list[LabelHit]], wanted: set[str],
                  table_rows: set[int], read: list[list[Token]]) -> tuple[list[Stretch], float]:
    """The stretches of the header rows to read again (whether garbled, their tokens, their row),
    most promising first, and the labels' usual height."""
    doc = look.doc
    first_page = min((r.page for r in doc.rows), default=1)
    rows = _header_rows(doc, hits, table_rows, first_page) + _footer(doc, hits, table_rows, first_page)
    # Labels and their values share a type size; a garbled run's boxes may be those of the
    # bigger line OCR ran it into.
    label_heights = [t.box[3] - t.box[1] for hs in hits.values() for hit in hs if hit.row.page == first_page
                     for t in hit.tokens]
    typical = statistics.median(label_heights) if label_heights else look.typical(first_page)
    label_x = [hit.x0 for hs in hits.values() for hit in hs if hit.row.page == first_page]
    values = _values_column(hits, first_page, look.parsers)
    header_x = [hit.x0 for hs in hits.values() for hit in hs
                if hit.row.page == first_page and hit.field in SIDEBAR_FIELDS]
    regions: list[Stretch] = []
    dated: set[int] = set()  # garbled dates in a grid's row of values: the likeliest to give a date
    for row in rows:
        # (a sidebar's row is cut short of the table: a caption in the table's part is no sidebar's)
        labelled = next((h for h in hits.get(row.index, []) if h.field in wanted and h.x1 <= row.tokens[-1].x1), None)
        if labelled is not None and _mean_confidence(labelled.tokens) >= GARBLED:
            # (both halves of a caption in two languages: its value is after the second)
            whole = whole_caption(labelled, hits[row.index], apart=False).tokens
            regions.append((False, whole + _value_after(row, whole), row))
            continue
        # A stretch in the labels' column, or over it (a value set under its caption's column), or
        # in the column of their values, or among the values the first look read; a 'caption' that
        # is garble (a value printed with its 'No.' and read as 'NO') is read as garble; doubtful
        # figures in a row of values (a grid's row under captions one of which OCR garbled) too.
        values_row = any(_in_column(values, t.x0, row.h) for t in row.tokens) or _by_captions(row, hits)
        regions += [(True, run, row) for run in _garbled_runs(row) if not _an_amounts_caption(run)
                    and (any(run[0].x0 - 1.5 * row.h < x < max(run[0].x0 + 1.5 * row.h, *(t.x1 for t in run))
                             for x in label_x) or _in_column(values, run[0].x0, row.h)
                         or _among_values((True, run, row), read))]
        garbled = {id(t) for stretch in regions if stretch[2] is row for t in stretch[1]}
        if values_row and wanted & set(DATES):
            dates = [run for run in _garbled_dates(row) if id(run[-1]) not in garbled]
            dated |= {id(run[-1]) for run in dates}
            regions += [(True, run, row) for run in dates]
        doubtful = [run for run in _doubtful_figures(row) if id(run[0]) not in garbled
                    and (values_row or any(abs(run[0].x0 - x) < 1.5 * row.h for x in label_x)
                         or _among_values((True, run, row), read))]
        if wanted & set(DATES):
            dated |= {id(run[-1]) for run in doubtful
                      if _date_marks_read_as_figures(run[-1]) or any(_marks_together(t) for t in run)}
        regions += [(True, run, row) for run in doubtful]
    return sorted(regions, key=lambda r: (r[0], not _captioned_weakly(r, hits, wanted), id(r[1][-1]) not in dated,
                                          not _caption_row(r, hits, header_x, values),
                                          not _among_values(r, read))), typical


def _header_rows(doc: PageDocument, hits: dict[int, list[LabelHit]], table_rows: set[int], page: int) -> list[Row]:
    """The rows over the item table on the first page, and a sidebar beside the table."""
    table_start = min((i for i in table_rows if doc.rows[i].page == page), default=len(doc.rows))
    rows = [r for r in doc.rows if r.page == page and r.index < table_start]
    return rows + _sidebar(doc, hits, {i for i in table_rows if doc.rows[i].page == page})


def _garbled_dates(row: Row) -> list[list[Token]]:
    """The garbled parts of dates in a row of values, with the figures of the date read before
    them ('令和' '8' '年則月' '26' '日' for 令和8年11月26日, the last three read as garble inside a
    phrase of surely read values, which no garbled stretch is)."""
    runs, run = [], []
    for t in [*row.tokens, None]:
        if t is not None and t.confidence < GARBLED:
            run.append(t)
            continue
        text = "".join(u.text for u in run)
        if re.search(r"\d", text) and len(re.findall(r"[年月日]", text)) >= 2:
            i = row.tokens.index(run[0])
            lead = [u for u in row.tokens[max(0, i - 2):i] if _DATE_LEAD.fullmatch(u.text)]
            runs.append(lead + run)
        run = []
    return runs


_DATE_LEAD = re.compile(r"令和|平成|\d{1,4}年?")  # a date's era and year, read before its garbled rest


def _captioned_weakly(stretch: Stretch, hits: dict[int, list[LabelHit]], wanted: set[str]) -> bool:
    """Whether a garbled stretch holds a wanted field's caption OCR read, if weakly ('請求 No 、'
    at 34 for 請求No.): the likeliest of garbled stretches to give the field read again."""
    _, run, row = stretch
    ours = {id(t) for t in run}
    return any(hit.field in wanted and hit.label not in GENERIC and all(id(t) in ours for t in hit.tokens)
               for hit in hits.get(row.index, []))


# A sum of money as printed: after a currency sign, or with its thousands set apart.
_MONEY = re.compile(r"[¥￥\\$€£]\s?\d|(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])")


def _an_amounts_caption(run: list[Token]) -> bool:
    """Whether a garbled stretch is a caption OCR garbled before a sum of money ('税込御請求額'
    read as garble before '¥53,600-' in the total's box over the table): an amount's, which no
    header field is."""
    return bool(_MONEY.search(" ".join(t.text for t in run)))


def _by_captions(row: Row, hits: dict[int, list[LabelHit]]) -> bool:
    """Whether a row stands straight over or under a row of two header captions or more: a grid's
    row of values."""
    return any(len({h.field for h in row_hits if h.field in SIDEBAR_FIELDS}) >= 2
               for i in (row.index - 1, row.index + 1) if (row_hits := hits.get(i))
               and row_hits[0].row.page == row.page and abs(row_hits[0].row.yc - row.yc) < 2.5 * row.h)


def _caption_row(stretch: Stretch, hits: dict[int, list[LabelHit]], caption_x: list[float],
                 values: list[tuple[float, float]]) -> bool:
    """Whether a garbled stretch more likely holds a caption or value OCR lost than the
    letterhead's garble: its row lies among rows of captions, or the stretch starts in the
    values' column with a word of the row in the captions' column, or the other way round."""
    _, run, row = stretch
    if _among_captions(row, hits):
        return True
    h = row.h
    in_captions = [t for t in row.tokens if any(abs(t.x0 - x) < 1.5 * h for x in caption_x)]
    if _in_column(values, run[0].x0, h):
        return any(t.x1 < run[0].x0 for t in in_captions)
    # (a caption and its value OCR garbled together: a stretch from the one column into the other)
    return any(t is run[0] for t in in_captions) and any(
        _in_column(values, t.x0, h) for t in row.tokens if t.x0 > run[0].x1)


def _values_column(hits: dict[int, list[LabelHit]], page: int,
                   parsers: dict[str, Callable]) -> list[tuple[float, float]]:
    """Where the values of the header fields' captions read on a page stand (values set
    right-aligned start where their length says): the start and end of each value read after
    its caption that parses as its field's."""
    spans = []
    for hit in (hit for hs in hits.values() for hit in hs if hit.row.page == page and hit.field in SIDEBAR_FIELDS):
        value = _value_after(hit.row, hit.tokens)
        if not value or value[0].x0 - hit.x1 >= VALUE_REACH * hit.row.h:
            continue
        parse = parsers.get(hit.field, _t_number_shaped)
        if (found := parse(value)) is not None:
            spans.append((min(t.x0 for t in found[1]), max(t.x1 for t in found[1])))
    return spans


def _in_values_column(spans: list[tuple[float, float]], hit: LabelHit, box: Box, h: float) -> Box | None:
    """Where a caption read surely with nothing read after it on its row has its value, where the
    values the first look read beside the other captions stand in a column right of it: on the
    caption's line, in that column (a value OCR ran into a taller line beside it: '26-00171' read
    with the seller's name printed large further right)."""
    starts = [x0 for x0, _ in spans if 0 < x0 - hit.x1 < VALUE_REACH * h]
    if len(starts) < 2:
        return None
    left = statistics.median(starts)
    right = max(x1 for x0, x1 in spans if abs(x0 - left) < h)
    return left - 0.5 * h, box[1], right + h, box[3]


def _read_column(read: list[list[Token]], page: int) -> list[tuple[float, float]]:
    """Where the header values the first look read on a page stand, each value's start and end
    (a stack of values whose captions OCR lost has a values' column all the same)."""
    return [(min(t.x0 for t in value), max(t.x1 for t in value)) for value in read if value[0].page == page]


def _t_number_shaped(tokens: list[Token]) -> tuple[str, list[Token]] | None:
    """A registration number's token among the first after its caption: T and digits, or a run of them."""
    number = next((t for t in tokens if len(re.findall(r"\d", t.text)) >= 10), None)
    return (number.text, [number]) if number is not None else None


def _in_column(spans: list[tuple[float, float]], x: float, h: float) -> bool:
    return any(start - 1.5 * h < x < end for start, end in spans)


def _footer(doc: PageDocument, hits: dict[int, list[LabelHit]], table_rows: set[int], page: int) -> list[Row]:
    """The rows under the item table on its page, where a header field's caption was read there:
    a block of the document's captions and values printed at its foot. The table's last line is
    one of them where it stands over a row of captions (a row of values the table took in)."""
    end = max((i for i in table_rows if doc.rows[i].page == page), default=None)
    if end is None:
        return []
    rows = [r for r in doc.rows if r.page == page and (r.index > end or r.index == end and _by_captions(r, hits))]
    return rows if any(h.field in SIDEBAR_FIELDS for r in rows for h in hits.get(r.index, [])) else []


def _doubtful_figures(row: Row) -> list[list[Token]]:
    """Figures likely a date OCR misread, each read again as garble would be: read short of their
    box ('2027' in the box of 2027年3月31日), a run of eight figures or more read unsurely that is
    no date ('9184118118' for 令和8年11月11日: its kanji read as digits; '202643850' for
    2026年3月5日, in a phrase its caption makes no garble), or a date read as garble ('2026.12.01'
    at 12, beside clean values: too unsure to take as it is), or one whose year lost a figure;
    or a year and a day whose month OCR lost between them."""
    def needs(t: Token) -> float:
        return sum(t.h if is_cjk(c) else 0.6 * t.h for c in t.text)

    def short(t: Token) -> bool:
        return t.x1 - t.x0 > READ_SHORT * needs(t) and t.x1 - t.x0 - needs(t) > 3 * t.h

    def garbled_date(t: Token) -> bool:
        return t.confidence < GARBLED and parse_date(t.text) is not None

    runs = [[t] for t in row.tokens if re.search(r"\d", t.text)
            and (t.confidence >= GARBLED and short(t) or _date_marks_read_as_figures(t) or garbled_date(t)
                 or _YEAR_CUT.fullmatch(t.text) is not None)]
    # A year whose box holds more than its figures, the day right after it: a date whose marks
    # and month OCR lost ('2026' '12' in the boxes of 2026年9月 and 12日).
    taken = {id(run[0]) for run in runs}
    runs += [[year, day] for year, day in itertools.pairwise(row.tokens)
             if id(year) not in taken and re.fullmatch(r"(?:19|20)\d\d", year.text)
             and re.fullmatch(r"\d{1,2}", day.text) and day.x0 - year.x1 < 0.5 * year.h
             and year.x1 - year.x0 > WIDE_YEAR * needs(year)]
    # Two marks of a date together, the figure between them lost ('令和' '9' '年月' '15' '日'):
    # read with the era and year before them and the figures after, up to the day's mark.
    taken |= {id(t) for run in runs for t in run}
    for k, t in enumerate(row.tokens):
        if id(t) in taken or not _marks_together(t):
            continue
        lead = [u for u in row.tokens[max(0, k - 2):k] if _DATE_LEAD.fullmatch(u.text)]
        rest = row.tokens[k + 1:k + 3]
        end = next((n + 1 for n, u in enumerate(rest) if "日" in u.text), 0)
        runs.append(lead + [t] + rest[:end])
    return runs


_GARBLED_YEAR = re.compile(r"(?:19|20)\d\d\d?[^\d\s]")  # a year and its 年 misread ('20264E')


def _with_garbled_year(row: Row, run: list[Token]) -> list[Token]:
    """A date's figures with its year read as garble straight before them ('20264E' '11' 'AH' for
    2026年11月末日, under a caption whose column starts after the year): read together, the
    date is read whole."""
    k = next(k for k, t in enumerate(row.tokens) if t is run[0])
    before = row.tokens[k - 1] if k > 0 else None
    if (before is None or before.confidence >= GARBLED or not _GARBLED_YEAR.fullmatch(before.text)
            or run[0].x0 - before.x1 > row.h):
        return run
    return [before, *run]


def _marks_together(t: Token) -> bool:
    """A word holding two marks of a date with no figure between them: the month or day lost."""
    return re.search(r"年月|月日", t.text) is not None


WIDE_YEAR = 1.8  # times the width its figures need: a year's box that holds the marks after it


def _date_marks_read_as_figures(t: Token) -> bool:
    """A run of eight figures or more read unsurely that is no date: a date whose kanji OCR read
    as digits ('2027419118' for 2027年1月11日)."""
    return re.fullmatch(r"\d{8,}", t.text) is not None and t.confidence < SURE and parse_date(t.text) is None


# A date whose year lost a figure ('30-04-202' for 30-04-2027), or a year-first date that stops
# at a stop before its day ('2026.' for 2026.12.27): OCR's box stopped short of it.
_YEAR_CUT = re.compile(r"\d{1,2}[-./]\d{1,2}[-./]20\d|20\d[-./]\d{1,2}[-./]\d{1,2}|20\d\d[-./](?:\d{1,2}[-./])?")


def _sidebar(doc: PageDocument, hits: dict[int, list[LabelHit]], table_rows: set[int]) -> list[Row]:
    """The rows the item table spans, cut to what stands left of its first row (its header,
    a sidebar's caption and the value beside it on it aside): a sidebar of header fields
    beside the table."""
    if not table_rows:
        return []
    first = min(table_rows)
    captions = sidebar_captions(hits, first)
    values = sidebar_values(doc.rows[first], captions)
    # (a caption's other language, garbled before it, is the sidebar's too: 'SAtLIEIENo. Your order no.')
    start = min((t.x0 for t in doc.rows[first].tokens if id(t) in captions), default=-math.inf)
    lead = {id(t) for t in doc.rows[first].tokens if t.x1 <= start and t.confidence < GARBLED}
    h = statistics.median(t.h for t in doc.tokens)
    # (the table's header is read cleanly: garble before it is a sidebar's value, 'a' '末日' for
    # 2026年12月末日 beside '摘要')
    heads = [t for t in without_dates(doc.rows[first]) if id(t) not in captions | values | lead]
    legible = [t for t in heads if t.confidence >= GARBLED] or heads
    left = min((t.x0 for t in legible), default=0.0) - 2 * h
    rows = []
    for i in range(min(table_rows), max(table_rows) + 1):
        tokens = [t for t in doc.rows[i].tokens if t.x1 < left]
        if tokens:
            rows.append(Row(doc.rows[i].page, tokens, i, phrases_of(tokens, h)))
    return rows


def _without_caption(look: SecondLook, reading: Reading, page: int, box: Box,
                     wanted: set[str]) -> dict[str, Candidate]:
    """A garbled stretch read again with no caption in it: a date is the issue date, as for dates
    read the first time (an address's block number, '本町3-28-11', is none); else a lone clean
    reference (`_reference_alone`)."""
    loose = look.date(without_addresses(reading.text))
    if "issue_date" in wanted and loose is not None:
        return {"issue_date": Candidate(loose, [token_at(reading.text, page, box, reading.confidence)], 5.0)}
    if "due_date" in wanted and loose is not None:
        # (the issue date read already: this one the due date, if it keeps the dates in order;
        # of two dates read together, a row of values, the second)
        later = _second_date(look, reading.words, loose)
        if later is not None:
            words = later[1]
            text = " ".join(w.text for w in words)
            place = (min(w.left for w in words), box[1], max(w.right for w in words), box[3])
            return {"due_date": Candidate(later[0], [token_at(text, page, place, reading.confidence)], 5.0)}
        return {"due_date": Candidate(loose, [token_at(reading.text, page, box, reading.confidence)], 5.0)}
    return _reference_alone(reading, page, box, wanted)


def _dates_read_in(look: SecondLook, read: list[list[Token]], page: int, box: Box) -> set[date]:
    """The dates of the header values the first look read (`read`) within a box."""
    inside = [value for value in read if value and value[0].page == page and box[0] <= box_of(value)[0]
              and box_of(value)[2] <= box[2] and boxes_meet(box_of(value), box)]
    return {d for value in inside if (d := look.date(" ".join(t.text for t in value))) is not None}


def _reads_a_known_date(look: SecondLook, reading: Reading, known: set[date]) -> bool:
    """Whether a reading prints a date after its first that is one of `known`."""
    first = look.date(reading.text) if known else None
    later = _second_date(look, reading.words, first) if first is not None else None
    return later is not None and later[0] in known


def _second_date(look: SecondLook, words: list[Word], first: date) -> tuple[date, list[Word]] | None:
    """The date a reading prints after its first (`first`), and its words: '2026 年 11 月 3 日
    2026 年 12 月 20 日', two values of a row read together. The first's last mark may stand
    apart, misread ('信和 9 年 1 月 11 昌 信和 9 年 3 月 31 昌'): the second begins after it."""
    for k in range(1, len(words)):
        if look.date(" ".join(w.text for w in words[:k])) == first:
            mark = not re.search(r"\d", words[k].text)
            for rest in (words[k:], words[k + 1:]) if mark else (words[k:],):
                if (later := look.date(" ".join(w.text for w in rest))) is not None:
                    return later, rest
            return None
    return None


def _reference_alone(reading: Reading, page: int, box: Box, wanted: set[str],
                     sure: float = SURE_REFERENCE) -> dict[str, Candidate]:
    """A garbled stretch in the labels' column that reads, cleanly (`sure`), as one reference and
    nothing else: the value of a caption OCR could not read (a small caption over a bold number).
    Marked as an order, it is the order number; otherwise the document's. Only the stretch's
    first column counts: the stretch may run on into the garble of the next."""
    words = _first_column(reading.words)
    text = " ".join(w.text for w in words).strip()
    confidence = min((w.confidence for w in words), default=0.0)
    if confidence < sure or " " in text or not identifier_shaped(text):
        return {}
    field = "po_number" if ORDER_MARK.search(text) else "document_number"
    if field not in wanted:
        return {}
    return {field: Candidate(clean_reference(text), [token_at(text, page, box, confidence)], 5.0)}


def _first_column(words: list[Word]) -> list[Word]:
    """A reread line's words up to the first gap as wide as the gap between two columns. A speck
    read unsurely a column's gap before the rest (the caption's last letter the crop cut: 'し'
    at 6 before '2027/02/28') starts none."""
    ordered = sorted(words, key=lambda w: w.left)
    while len(ordered) > 1 and _speck(ordered[0]) and \
            ordered[1].left - ordered[0].right > COLUMN_GAP * max(ordered[0].height, ordered[1].height):
        ordered = ordered[1:]
    for k in range(1, len(ordered)):
        h = max(ordered[k - 1].height, ordered[k].height)
        if ordered[k].left - ordered[k - 1].right > COLUMN_GAP * h:
            return ordered[:k]
    return ordered


def _speck(word: Word) -> bool:
    """A word of a mark or two read unsurely, no figure among them."""
    return word.confidence < GARBLED and len(word.text) <= 2 and not re.search(r"\d", word.text)


def _labelled(labels: dict[int, list[LabelHit]], wanted: set[str]) -> bool:
    return any(hit.field in wanted for hits in labels.values() for hit in hits)


def _fields_in(mini: PageDocument | None, labels: dict[int, list[LabelHit]], wanted: set[str],
               parsers: dict[str, Callable]) -> dict[str, Candidate]:
    """Label and value pairs in one reread line."""
    if mini is None:
        return {}
    found = label_candidates(mini, labels, wanted, parsers)
    return {field: cands[0] for field, cands in found.items() if cands}
