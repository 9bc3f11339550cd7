"""What a printed value is, told by the words printed beside, above or below it.

A cue is a lexicon label found near a value: in the text left of it on its row (back to
the previous value), in the caption straight above it, or in the caption under it. The
label may sit anywhere in that text ('plus consumption tax 10 %', '〔8%対象 消費税〕',
'請求書番号 Invoice No.'), so the text is searched for every label of the lexicon, not
only compared from its start; the label nearest the value names it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ocr.extract.labels import CAPTION_TAILS, FIELD_LABELS, LONE_N, fuzzy_label, key
from ocr.extract.layout import GARBLED, PageDocument, Phrase, Row, Token, is_cjk
from ocr.parse import MISREAD_PERCENT, detect_currency

# How much a label says about a value, by where it is printed.
RELATION_WEIGHT = {"left": 1.0, "above": 0.85, "row": 0.8, "below": 0.6, "column": 0.6}
# Labels that also name other things ('Total' heads a column, 'No' and 'Date' label anything).
GENERIC = frozenset(key(w) for w in (
    "no", "number", "#", "番号", "ref", "reference", "date", "datum", "日付", "due", "po", "net", "netto",
    "tax", "total", "totaal", "合計", "validity", "to", "対象", "steuer", "taxe", "impuesto",
))


@dataclass(frozen=True)
class Cue:
    """A label near a value: the field it names, where it is printed, and how much it says."""

    field: str
    label: str
    relation: str
    tokens: tuple[Token, ...]

    @property
    def strength(self) -> float:
        return RELATION_WEIGHT[self.relation] * (0.7 if key(self.label) in GENERIC else 1.0)


def _spaced_key(text: str) -> str:
    """key() word by word, words kept apart by one space; Japanese runs joined (OCR spaces them)."""
    words = [key(w) for w in re.split(r"[\s:：/|()（）\[\]〔〕【】「」.,、。]+", text)]
    joined = LONE_N.sub("no", " ".join(w for w in words if w))  # ('N° de commande' as 'n de commande')
    return re.sub(r"(?<=[\u3000-\u9fff]) (?=[\u3000-\u9fff])", "", joined)


def _pattern(label: str) -> str:
    spaced = re.escape(_spaced_key(label)).replace(r"\ ", " ?")
    return rf"(?<![a-z0-9]){spaced}(?![a-z0-9])" if not is_cjk(label[-1]) else spaced


@lru_cache(maxsize=1)
def _searcher() -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
    """One alternation of every label, longest first, and the field of each label's key."""
    by_key: dict[str, tuple[str, str]] = {}
    for field, labels in FIELD_LABELS.items():
        for label in labels:
            by_key.setdefault(_spaced_key(label).replace(" ", ""), (field, label))
    # Every spelling of a label has its pattern ('sub total' and 'subtotal'); one key, one field.
    labels = sorted({label for labels in FIELD_LABELS.values() for label in labels}, key=lambda s: -len(_spaced_key(s)))
    return re.compile("|".join(f"(?:{_pattern(label)})" for label in labels if _spaced_key(label))), by_key


@lru_cache(maxsize=16384)
def labels_in(text: str) -> tuple[tuple[str, str, int], ...]:
    """(field, label, end) for each label in text, left to right, longest at each place."""
    pattern, by_key = _searcher()
    found = []
    for m in pattern.finditer(_spaced_key(text)):
        entry = by_key.get(m.group().replace(" ", ""))
        if entry is not None:
            found.append((*entry, m.end()))
    return tuple(found)


def _without_rates(text: str) -> str:
    return re.sub(r"\d{1,2}(\.\d)?\s*[%％]", "", text)


def _has_figure(text: str) -> bool:
    return bool(re.search(r"\d", text))


def _is_rate(tokens: list[Token], i: int) -> bool:
    """A rate or part of one: '10%', '(8%)', '10' before a lone '%', or a rate whose % OCR read
    as a digit before 対象 ('89 対象')."""
    text = tokens[i].text
    following = tokens[i + 1].text if i + 1 < len(tokens) else ""
    return "%" in text or following.startswith("%") or bool(MISREAD_PERCENT.match(f"{text}{following}"))


def left_text(row: Row, first: Token) -> list[Token]:
    """The tokens left of a value on its row, back to the previous figure (a rate is no figure)
    or the end of a sentence ('※印は軽減税率(8%)対象商品です。' beside the totals names none)."""
    at = next(i for i, t in enumerate(row.tokens) if t is first)
    start = at
    while start > 0 and not (_has_figure(row.tokens[start - 1].text) and not _is_rate(row.tokens, start - 1)) \
            and not _sentence_end(row.tokens[start - 1].text):
        start -= 1
    return row.tokens[start:at]


def _caption(doc: PageDocument, row: Row, value: list[Token], direction: int) -> Phrase | None:
    """The caption straight above (direction -1) or below (1) a value: the nearest phrase of
    the next row, when it has no figure and the value is the figure nearest to it."""
    i = row.index + direction
    while 0 <= i < len(doc.rows) and abs(i - row.index) <= 2 and _specks(doc.rows[i]):
        i += direction  # a fax's specks between a caption and its figure are no row between them
    if not 0 <= i < len(doc.rows) or doc.rows[i].page != row.page:
        return None
    other, h = doc.rows[i], max(t.h for t in value)
    if abs(other.yc - row.yc) > 3.0 * max(h, other.h):
        return None
    x0, x1 = value[0].x0, value[-1].x1
    centre = (x0 + x1) / 2
    nearest = min(other.phrases, key=lambda p: abs((p.x0 + p.x1) / 2 - centre), default=None)
    if nearest is None:
        return None
    if nearest.x1 < x0 - 4 * h or nearest.x0 > x1 + 4 * h:
        return None
    if _labels_own_figure(other, nearest):
        return None
    nearest = _part_over(nearest, row, value)
    # The caption must be nearer this value than any other figure of the value's row.
    mid = (nearest.x0 + nearest.x1) / 2
    figures = [p for p in row.phrases if _has_figure(p.text)]
    if figures and not _ends_phrase(min(figures, key=lambda p: abs((p.x0 + p.x1) / 2 - mid)), value):
        if not any(t is value[-1] for p in figures for t in p.tokens if abs((p.x0 + p.x1) / 2 - mid) < h) \
                and not _straight_over(nearest, row, value):
            return None
    return nearest


def _part_over(caption: Phrase, row: Row, value: list[Token]) -> Phrase:
    """The words of a caption phrase straight over (or under) the value, where the phrase spans
    other figures of the value's row too: captions set close together, OCR ran into one phrase
    ('本体価格合計 消費税(10%) 消費税(8%)' over three figures). A caption over its figure alone
    stays whole, however much wider it is."""
    def over(t: Token, x0: float, x1: float) -> bool:
        return t.x1 > x0 and t.x0 < x1

    spanned = [t for t in row.tokens if _has_figure(t.text) and any(over(c, t.x0, t.x1) for c in caption.tokens)]
    if not any(t not in value for t in spanned):
        return caption
    part = [t for t in caption.tokens if over(t, value[0].x0, value[-1].x1)]
    return Phrase(part) if part else caption


def _straight_over(caption: Phrase, row: Row, value: list[Token]) -> bool:
    """Whether a caption stands straight over (or under) the value, and of the figures of the
    value's row one of the value's is the nearest to its middle, however OCR grouped the row's
    figures into phrases (a speck after the value, the figure before run into it)."""
    mid = (caption.x0 + caption.x1) / 2
    figures = [t for i, t in enumerate(row.tokens) if _has_figure(t.text) and not _is_rate(row.tokens, i)]
    return (caption.x1 > value[0].x0 and caption.x0 < value[-1].x1
            and min(figures, key=lambda t: abs(t.xc - mid), default=None) in value)


def _ends_phrase(phrase: Phrase, value: list[Token]) -> bool:
    """Whether the value ends the phrase, but for its currency after it ('1.723,00 EUR')."""
    after = next((phrase.tokens[n + 1:] for n, t in enumerate(phrase.tokens) if t is value[-1]), None)
    return after is not None and all(detect_currency(t.text) for t in after)


def _labels_own_figure(row: Row, caption: Phrase) -> bool:
    """Whether a caption is the left label of a figure on its own row ('消費税(10%)  ¥74,480', or
    run into one phrase with it): it names that figure, not one above or below it."""
    if _has_figure(_without_rates(caption.text)):
        return True
    after = [p for p in row.phrases if p.x0 >= caption.x1]
    return bool(after) and _has_figure(_without_rates(after[0].text)) and after[0].x0 - caption.x1 < 8 * row.h


def _specks(row: Row) -> bool:
    """A row of nothing but marks, or weakly read bits of one or two characters: dust on a scan."""
    return all(not re.search(r"\w", t.text.strip("。ー")) or (t.confidence < GARBLED and len(t.text) <= 2)
               for t in row.tokens)


def main_label(text: str) -> tuple[str, str] | None:
    """(field, label) of the label nearest the value, i.e. the last in the text before it.

    A label in a closed parenthesis is a qualifier of the one before it ('Reg. no. (JCT)',
    'Subtotal (excl. tax)') and names nothing, unless it is the only one.
    """
    whole = labels_in(text)
    if whole and re.search(r"[(（]", whole[-1][1]):
        return whole[-1][:2]  # a label with its parenthesis: '合計(税抜)' is the subtotal
    found = labels_in(re.sub(r"[(（][^()（）]*[)）]", " ", text)) or whole
    if not found:
        return _misread_label(text)
    if len(found) >= 2 and key(found[-1][1]) in CAPTION_TAILS and \
            _spaced_key(text)[found[-2][2]:found[-1][2]].strip() == _spaced_key(found[-1][1]):
        found = found[:-1]  # a number mark straight after a caption is its tail ('TOTAL #', 'Customer #')
    field, label, _ = found[-1]
    return field, label


def _misread_label(text: str) -> tuple[str, str] | None:
    """A short text one misread character from a label ('税込客' for 税込額)."""
    words = text.split()
    last = key(words[-1]) if words else ""
    found = fuzzy_label(last) if 3 <= len(last) <= 12 else None
    return found[0] if found else None


def _row_label(row: Row, value: list[Token]) -> list[Token]:
    """The label that starts a run of figures ('税額  26,082  2,369  28,451'): the label left of
    the first of them names each figure of the run, as a grid's row heading does."""
    at = next(i for i, t in enumerate(row.tokens) if t is value[0])
    heading: list[Token] = []
    for i in range(at - 1, -1, -1):
        t = row.tokens[i]
        if _has_figure(t.text) and not _is_rate(row.tokens, i):
            heading = left_text(row, t)
            if heading:
                return heading
    return heading


def _column_caption(doc: PageDocument, row: Row, value: list[Token]) -> Phrase | None:
    """The caption heading a value's column in a grid of figures: up the rows of figures
    straight above it to the first text over it ('8%対象' over its taxable amount and tax)."""
    x0, x1, h = value[0].x0, value[-1].x1, max(t.h for t in value)
    i, last_y = row.index - 1, row.yc
    while i >= 0 and row.index - i <= 4 and doc.rows[i].page == row.page:
        other = doc.rows[i]
        if last_y - other.yc > 3.0 * max(h, other.h):
            return None
        over = [p for p in other.phrases if p.x1 >= x0 - h and p.x0 <= x1 + h]
        if not over:
            return None
        phrase = min(over, key=lambda p: abs((p.x0 + p.x1) / 2 - (x0 + x1) / 2))
        if not _has_figure(_without_rates(phrase.text)) or labels_in(phrase.text):
            return phrase if i < row.index - 1 else None  # the row just above is the 'above' caption
        i, last_y = i - 1, other.yc
    return None


def _sentence_end(text: str) -> bool:
    """Whether a word ends a sentence ('…対象商品です。'): a speck read as '。' alone ends none, nor
    one read after a caption ('10%対象。 4300')."""
    return len(text) > 1 and text.endswith("。") and main_label(text[:-1]) is None


def cues_of(doc: PageDocument, row: Row, value: list[Token]) -> list[Cue]:
    """The labels that name a value: left of it, above, below, then as a grid's row and column."""
    out: list[Cue] = []
    left = left_text(row, value[0])
    if left and (found := main_label(" ".join(t.text for t in left)) or _rate_first(" ".join(t.text for t in left))):
        out.append(Cue(*found, "left", tuple(left)))
    for direction, relation in ((-1, "above"), (1, "below")):
        caption = _caption(doc, row, value, direction)
        if caption is not None and (found := main_label(caption.text) or _rate_only(caption.text)):
            out.append(Cue(*found, relation, tuple(caption.tokens)))
    heading = _row_label(row, value) if not out or out[0].relation != "left" else []
    if heading and (found := main_label(" ".join(t.text for t in heading))):
        out.append(Cue(*found, "row", tuple(heading)))
    column = _column_caption(doc, row, value)
    if column is not None and (found := main_label(column.text) or _rate_only(column.text)):
        out.append(Cue(*found, "column", tuple(column.tokens)))
    return out


def _rate_first(text: str) -> tuple[str, str] | None:
    """A rate starting the words before a figure, the rest no label ('10% WH' for 10%対象): the
    rate's taxable amount. (A rate after a word, '(10%)', may close a tax's garbled caption.)"""
    return _rate_only(text) if re.match(r"\d{1,2}(\.\d)?\s*%", text) else None


def _rate_only(text: str) -> tuple[str, str] | None:
    """A column headed by a rate and no label ('10%', '10% R') holds that rate's amounts."""
    return ("taxable", text) if len(text) <= 16 and re.search(r"\d{1,2}(\.\d)?\s*%", text) else None
