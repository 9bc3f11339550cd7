"""The item table's header row: which column holds what, and where.

A header names at least two columns, one of them numeric (quantity, unit price, amount);
captions OCR could not read become unknown columns, named afterwards when the rest of the
header leaves no doubt; Japanese captions OCR read as one word are split into theirs.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ocr.extract.labels import (
    COLUMN_VOCAB,
    FIELD_VOCAB,
    OTHER_BILL_WORDS,
    THIS_BILL_WORDS,
    LabelHit,
    find_labels,
    fuzzy_column,
    key,
)
from ocr.extract.layout import Phrase, Row, Token, is_cjk, is_flat_mark, join_tokens, phrases_of
from ocr.parse import parse_amount, parse_date

NUMERIC = ("quantity", "unit_price", "amount", "tax")
TOTALS = {"subtotal", "tax", "total"}
GROUP_REACH = 3  # text heights above a header row within which its columns' group captions stand


@dataclass
class Column:
    """A table column: what it holds and where its header sits."""

    kind: str
    x0: float
    x1: float
    another_bill: bool = False  # its caption names the contract's, an earlier bill's or a running figure


def _phrase_kind(tokens: list[Token]) -> str | None:
    """A header cell naming two things at once ('品名・摘要', 'Item / Description'): the kind of its first part."""
    parts = [p for p in re.split(r"[・/／]", join_tokens(tokens)) if p.strip()]
    if len(parts) < 2:
        return None
    found = COLUMN_VOCAB.get(key(parts[0])) or COLUMN_VOCAB.get(key(parts[-1]))
    return found[0][0] if found else None


def _compound_kind(text: str) -> tuple[str, str] | None:
    """A Japanese caption of words of its own before a column word ('契約数量', '今回出来高金額'):
    the kind of that last word, which the compound names (Japanese puts the head last), and the
    words before it, when they are no column's words themselves."""
    k, printed = key(text), "".join(text.split())
    if len(k) < 3 or not is_cjk(k[0]):
        return None
    # The column word as printed: '納品日' ends in the key of 品目 ('品日', as OCR misreads it), but
    # names a date.
    start = next((s for s in range(1, len(k) - 1)
                  if any(printed.endswith(label) for _, label in COLUMN_VOCAB.get(k[s:], ()))), None)
    if start is None or _segments(k[:start]):
        return None  # captions run together ('数量' '税区分'), no compound
    return COLUMN_VOCAB[k[start:]][0][0], k[:start]


def _unlabelled_columns(tokens: list[Token]) -> list[Column]:
    """The columns of a header phrase no caption was found in: one, named by its parts
    ('品名・摘要') or as a compound ('今回出来高金額'), else unknown; or, when captions set close
    run into one phrase ('前回迄数量 今回数量 今回出来高金額'), one for each word, if two are compounds."""
    kind, before = _phrase_kind(tokens), ""
    if kind is None and (compound := _compound_kind(join_tokens(tokens))):
        kind, before = compound
    if kind is None and len(tokens) > 1:
        words = [_compound_kind(t.text) for t in tokens]
        if sum(w is not None for w in words) >= 2:
            return [Column(w[0] if w else "unknown", t.x0, t.x1, bool(w) and _of_another_bill(w[1]))
                    for t, w in zip(tokens, words, strict=True)]
    return [Column(kind or "unknown", tokens[0].x0, tokens[-1].x1, _of_another_bill(before))]


def _compounds_beside(phrase: Phrase, captions: set[int]) -> list[tuple[Column, Token]]:
    """The words of a phrase that holds a caption, each a Japanese compound column caption of its
    own or another bill's figure ('数量' '契約金額' '前回迄出来高' set close as one phrase): a column
    each, with its word; other words beside a caption ('(JPY)', its second language garbled) make
    none."""
    out = []
    for t in phrase.tokens:
        if id(t) in captions:
            continue
        if (compound := _compound_kind(t.text)) is not None:
            out.append((Column(compound[0], t.x0, t.x1, _of_another_bill(compound[1])), t))
        elif is_cjk(t.text[:1]) and _starts_another_bill(t.text):
            out.append((Column("skip", t.x0, t.x1, True), t))
    return out


def _starts_another_bill(text: str) -> bool:
    """Whether a caption starts with words of another bill's figures ('累計出来高', '前回迄出来高')."""
    return any(key(text).startswith(w) for w in OTHER_BILL_WORDS)


def _of_another_bill(words: str) -> bool:
    """Whether a caption's words besides its column word say the column is not this bill's
    ('契約', '前回迄', '累計', 'Previous', 'To date': the lexicon's `column_of_another_bill`)."""
    words = key(words)
    return bool(words) and any(w in words for w in OTHER_BILL_WORDS)


def _words_beside(row: Row, hit: LabelHit, own: set[int]) -> str:
    """The words of the caption's phrase besides the column word it holds ('Previous' 'Qty',
    'Qty' 'To Date'), but those that name columns of their own (`own`)."""
    phrase = row.phrase_of(hit.tokens[0])
    return "" if phrase is None else join_tokens([t for t in phrase.tokens if id(t) not in own])


def _of_this_bill(words: str) -> bool:
    """Whether a group caption names this bill's own figures ('今回出来高', 'This period')."""
    words = key(words)
    return bool(words) and any(w in words for w in THIS_BILL_WORDS)


def _groups_over(cols: list[Column], header: Row, above: Sequence[Row]) -> None:
    """A header of two storeys ('契約  前回迄出来高  今回出来高  累計出来高' over '数量 単価 金額  数量
    金額  数量 金額  金額'): where captions of one kind repeat with nothing of their own to tell them
    apart, each column is its nearest group caption's, which may name another bill's figures."""
    reach = header.y0 - GROUP_REACH * header.h
    groups = [p for r in above if r.y1 >= reach for p in r.phrases
              if _of_another_bill(p.text) or _of_this_bill(p.text)]
    if len(groups) < 2:
        return
    for kind in NUMERIC:
        same = [c for c in cols if c.kind == kind]
        if len(same) < 2 or any(c.another_bill for c in same):
            continue
        for c in same:
            over = min(groups, key=lambda p: abs((p.x0 + p.x1) / 2 - (c.x0 + c.x1) / 2))
            c.another_bill = _of_another_bill(over.text)


def _name_unread(out: list[Column], seen: set[str]) -> None:
    """Columns whose captions OCR could not read, named where the rest of the header leaves no
    doubt (an unread last column is the amount); the others are skipped."""
    numeric = [i for i, c in enumerate(out) if c.kind in NUMERIC]
    if "amount" not in seen and out[-1].kind == "unknown" and numeric:
        out[-1].kind = "amount"
    if "description" not in seen and numeric:
        before = [c for c in out[: numeric[0]] if c.kind == "unknown"]
        if before:
            before[-1].kind = "description"
    # Quantity and amount named, the price between them not: an unread caption there is the price;
    # the description, price and amount named, the count not ('oy' for Qty): one between the
    # description and the price is the count.
    for missing, named, before in (("unit_price", "quantity", "amount"), ("quantity", "unit_price", "unit_price")):
        if {named, "amount"} <= {c.kind for c in out} and missing not in seen and (
                missing != "quantity" or "description" in seen):
            at = next(i for i, c in enumerate(out) if c.kind == before)
            unread = [c for c in out[:at] if c.kind == "unknown" and c.x0 > out[0].x0]
            if len(unread) == 1:
                unread[0].kind = missing
    for c in out:
        if c.kind == "unknown":
            c.kind = "skip"


def _this_bill_first(cols: list[Column]) -> None:
    """Of several columns of one kind, those named as another bill's give way (become skip) to
    one that is not: a progress bill's 今回数量 over its 契約数量, 前回迄数量 and 累計数量."""
    for kind in NUMERIC:
        same = [c for c in cols if c.kind == kind]
        if any(c.another_bill for c in same) and not all(c.another_bill for c in same):
            for c in same:
                if c.another_bill:
                    c.kind = "skip"


def _segments(text: str) -> list[str] | None:
    """A run of Japanese captions OCR read as one word ('数量単位' = 数量 + 単位), split into the
    column words it is made of, longest first (one of four characters or more may have a
    character misread: '税折単価' for 税抜単価); None unless every character belongs to one."""
    parts, at = [], 0
    while at < len(text):
        end = next((e for e in range(len(text), at + 1, -1) if key(text[at:e]) in COLUMN_VOCAB), None)
        if end is None:
            end = next((e for e in range(len(text), at + 3, -1)
                        if len(key(text[at:e])) == e - at and fuzzy_column(key(text[at:e]))), None)
        if end is None:
            return None
        parts.append(text[at:end])
        at = end
    return parts


def _compound_then_another(text: str) -> list[str] | None:
    """A compound caption run into the next caption, which starts with words of this bill's or
    another bill's figures ('今回出来高金額' + '累計出来高'): the two apart."""
    for at in range(len(text) - 2, 2, -1):
        rest = key(text[at:])
        if (_compound_kind(text[:at]) is not None and len(rest) >= 3
                and any(rest.startswith(w) for w in OTHER_BILL_WORDS | THIS_BILL_WORDS)):
            return [text[:at], text[at:]]
    return None


STACKED = 0.25  # of a line's height: rows overlapping by more are lines of one band of captions


def _stacked_captions(row: Row, above: Sequence[Row]) -> tuple[Row, Sequence[Row]]:
    """A header whose captions stand in cells of two lines or more, each centred in its cell
    ('Einzelpreis' 'netto / Unit' 'net' beside 'Menge /' 'Qty' beside 'Pos.'), is read by OCR as
    rows half a line apart, each overlapping the next: the header row with the rows over it that
    overlap it, each column's words read top to bottom as one caption; and the rows over them."""
    band = [row]
    while len(band) <= len(above) and (r := above[-len(band)]).page == row.page and _overlapping(r, band[0]) \
            and _over_the_header(r, row):
        band.insert(0, r)
    if len(band) < 2:
        return row, above
    cells: list[list[Phrase]] = []
    for p in sorted((p for r in band for p in r.phrases), key=lambda p: p.x0):
        if cells and p.x0 < max(q.x1 for q in cells[-1]):
            cells[-1].append(p)
        else:
            cells.append([p])
    tokens = [t for cell in cells for t in _read_down(cell, band, row)]
    stacked = Row(row.page, tokens, row.index)
    stacked.phrases = phrases_of(tokens, statistics.median(t.h for t in row.tokens))
    return stacked, above[: len(above) - len(band) + 1]


def _over_the_header(upper: Row, row: Row) -> bool:
    """Whether every phrase of a row over the header stands over the header's width: a box beside
    the table whose line reaches into the header's ('Kontonummer' '4202 18 55710' right of
    'Beløp') is no storey of it."""
    x0, x1 = min(t.x0 for t in row.tokens), max(t.x1 for t in row.tokens)
    return all(p.x0 < x1 + row.h and p.x1 > x0 - row.h for p in upper.phrases)


def _overlapping(upper: Row, lower: Row) -> bool:
    """Whether most words of a row reach down into the words of the row under it (a speck taller
    than the text, a dash or a rule's remains, does not make two lines overlap)."""
    bottom, top = statistics.median(t.y1 for t in upper.tokens), statistics.median(t.y0 for t in lower.tokens)
    return bottom > top + STACKED * min(upper.h, lower.h)


def _read_down(cell: list[Phrase], band: list[Row], row: Row) -> list[Token]:
    """A cell's words top to bottom, set side by side across the cell's width on the header row."""
    words = [t for r in band for p in r.phrases if any(p is q for q in cell) for t in p.tokens]
    x0, x1 = min(p.x0 for p in cell), max(p.x1 for p in cell)
    step = (x1 - x0) / sum(len(t.text) + 1 for t in words)
    out, at = [], x0
    for t in words:
        out.append(replace(t, x0=at, x1=at + step * len(t.text), y0=row.y0, y1=row.y1))
        at += step * (len(t.text) + 1)
    return out


def _captions_apart(row: Row) -> Row:
    """The row with each run of captions read as one word split into its captions, each given
    its share of the word's width."""
    tokens: list[Token] = []
    for t in row.tokens:
        whole = len(t.text) < 4 or not is_cjk(t.text[0]) or key(t.text) in COLUMN_VOCAB
        parts = None if whole else _segments(t.text) or _compound_then_another(t.text)
        if not parts or len(parts) < 2:
            tokens.append(t)
            continue
        step, at = (t.x1 - t.x0) / len(t.text), t.x0
        for part in parts:
            tokens.append(replace(t, text=part, x0=at, x1=at + step * len(part)))
            at += step * len(part)
    if len(tokens) == len(row.tokens):
        return row
    split = Row(row.page, tokens, row.index)
    split.phrases = phrases_of(tokens, statistics.median(t.h for t in tokens))
    return split


def _qualifiers_apart(hits: list[LabelHit]) -> list[LabelHit]:
    """The captions but a word in brackets straight after one, which qualifies it ('U.P. (net)',
    'Price (net)'): no column of its own, so no amounts there."""
    out: list[LabelHit] = []
    for h in hits:
        text = join_tokens(h.tokens)
        if out and out[-1].end == h.start and text.startswith("(") and text.endswith(")") and (
                h.x0 - out[-1].x1 < h.tokens[0].h):
            continue
        out.append(h)
    return out


def _spans(row: Row, hits: list[LabelHit], captions: set[int]) -> list[tuple[float, float]]:
    """Where each caption's column lies: the caption, widened over the unread words of its phrase
    nearer to it than to any other caption (its other language, garbled: 'BB Qty' for '数量 Qty'),
    never over or past a word that names a column of its own (`captions`)."""
    spans = [[h.x0, h.x1] for h in hits]
    for p in row.phrases:
        inside = [i for i, h in enumerate(hits) if any(t is h.tokens[0] for t in p.tokens)]
        named = [t for t in p.tokens if id(t) in captions]
        for t in p.tokens if inside else ():
            if id(t) in captions:
                continue
            i = min(inside, key=lambda i: max(hits[i].x0 - t.x1, t.x0 - hits[i].x1, 0))
            x0, x1 = min(spans[i][0], t.x0), max(spans[i][1], t.x1)
            if not any(x0 < c.x0 and c.x1 < x1 and not any(c is h for h in hits[i].tokens) for c in named):
                spans[i] = [x0, x1]
    return [(x0, x1) for x0, x1 in spans]


def without_dates(row: Row) -> list[Token]:
    """The row's words but those of its phrases that are dates ('Apr 20, 2027' beside 'Qty  Product
    Unit cost  Net', a sidebar's date under its caption on the header row): a date's figures are
    no sign that the row holds a line's figures, not captions."""
    return [t for p in row.phrases if not _a_date(p) for t in p.tokens]


def _a_date(phrase: Phrase) -> bool:
    return parse_date(phrase.text) is not None


def _fragments_dropped(hits: list[LabelHit]) -> list[LabelHit]:
    """The captions but one of a single character beside a longer caption of its kind: '数' beside
    '数量' is what OCR left of another column's caption ('入数', the pieces in a case), no count."""
    return [h for h in hits if h.field not in NUMERIC or len(h.label) > 1
            or not any(o.field == h.field and len(o.label) > 1 for o in hits)]


def header_columns(row: Row, above: Sequence[Row] = ()) -> list[Column] | None:
    """The table's columns when row is a header row, else None; `above` are the rows over it,
    where a header of two storeys prints its group captions.

    Header cells OCR could not read become 'unknown' columns; they are named afterwards,
    when the rest of the header leaves no doubt (an unnamed last column is the amount). A row
    that names two of the document's totals and no quantity or price ('商品金額 消費税合計 総合計')
    captions a summary, no table.
    """
    row, above = _stacked_captions(row, above)
    row = _captions_apart(row)
    hits = _fragments_dropped(_qualifiers_apart(find_labels(row, COLUMN_VOCAB, anywhere=True)))
    hit_tokens = {id(t) for h in hits for t in h.tokens}
    beside = [c for p in row.phrases if any(id(t) in hit_tokens for t in p.tokens)
              for c in _compounds_beside(p, hit_tokens)]
    own = hit_tokens | {id(t) for _, t in beside}  # the words that name a column
    cols = [Column(h.field, x0, x1, _of_another_bill(_words_beside(row, h, own)))
            for h, (x0, x1) in zip(hits, _spans(row, hits, own), strict=True)]
    cols += [c for c, _ in beside]
    unknown = 0
    text_height = statistics.median(t.h for t in row.tokens)
    for p in row.phrases:
        if any(id(t) in hit_tokens for t in p.tokens):
            continue
        if not any(ch.isalnum() for ch in p.text) or all(is_flat_mark(t, text_height) for t in p.tokens):
            continue  # a speck or a rule's remains ('「', '|', 'ーー'): no caption
        if _a_date(p):
            continue  # a sidebar's date beside the header (`without_dates`): no column of the table
        named = _unlabelled_columns(p.tokens)
        unknown += sum(c.kind == "unknown" for c in named)
        cols += named
    kinds = {c.kind for c in cols}
    if len(kinds & {"quantity", "unit_price", "amount"}) < 1 or len(kinds - {"skip", "unknown"}) < 2:
        return None
    if not kinds & {"quantity", "unit_price"} and len({h.field for h in find_labels(row, FIELD_VOCAB)} & TOTALS) >= 2:
        return None
    labelled = sum(len(h.tokens) for h in hits)
    if labelled < 0.6 * len(row.tokens) and (
        len(kinds & {"quantity", "unit_price", "amount", "description"}) < 2
        or unknown > max(len(row.phrases), len(cols)) / 2
    ):
        return None
    if any(parse_amount(t.text) is not None and len(t.text) > 2 for t in without_dates(row)):
        return None
    _groups_over(cols, row, above)
    _this_bill_first(cols)
    # One column per kind: 'Total' after 'Amount' etc. keep the first of each except skip; a
    # caption in a second language beside the first ('単価 Unit price') widens its column.
    # A later column of a figures' kind already seen, right of the amounts, is read as no column
    # of the table's: its figures ('VAT' after 'Tax %' and 'Net amount', the tax of each line)
    # are no amounts.
    seen: set[str] = set()
    out: list[Column] = []
    again: list[Column] = []
    for c in sorted(cols, key=lambda c: c.x0):
        if out and c.kind == out[-1].kind and c.kind not in ("skip", "unknown") and (
                c.x0 - out[-1].x1 < 2 * text_height):
            out[-1].x1 = max(out[-1].x1, c.x1)
            continue
        if c.kind in seen and c.kind not in ("skip", "unknown"):
            if c.kind in NUMERIC:
                again.append(Column("skip", c.x0, c.x1, c.another_bill))
            continue
        seen.add(c.kind)
        out.append(c)
    _name_unread(out, seen)
    amounts = next((c for c in out if c.kind == "amount"), None)
    out = sorted(out + [c for c in again if amounts is not None and c.x0 > amounts.x1], key=lambda c: c.x0)
    if "description" not in {c.kind for c in out}:
        first = out[0].x0
        out.insert(0, Column("description", min(first - 1, 0.0), min(first - 1, 0.0)))
    return out
