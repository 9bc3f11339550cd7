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

from ocr.extract.labels import FIELD_LABELS, key
from ocr.extract.layout import Document, Phrase, Row, Token, is_cjk

# How much a label says about a value, by where it is printed.
RELATION_WEIGHT = {"left": 1.0, "above": 0.85, "below": 0.6}
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
    joined = " ".join(w for w in words if w)
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
    labels = sorted({label for _, label in by_key.values()}, key=lambda s: -len(_spaced_key(s)))
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


def _has_figure(text: str) -> bool:
    return bool(re.search(r"\d", text))


def _is_rate(tokens: list[Token], i: int) -> bool:
    """A rate or part of one: '10%', '(8%)', or '10' before a lone '%'."""
    text = tokens[i].text
    return "%" in text or i + 1 < len(tokens) and tokens[i + 1].text.startswith("%")


def left_text(row: Row, first: Token) -> list[Token]:
    """The tokens left of a value on its row, back to the previous figure (a rate is no figure)."""
    at = next(i for i, t in enumerate(row.tokens) if t is first)
    start = at
    while start > 0 and not (_has_figure(row.tokens[start - 1].text) and not _is_rate(row.tokens, start - 1)):
        start -= 1
    return row.tokens[start:at]


def _caption(doc: Document, row: Row, value: list[Token], direction: int) -> Phrase | None:
    """The caption straight above (direction -1) or below (1) a value: the nearest phrase of
    the next row, when it has no figure and the value is the figure nearest to it."""
    i = row.index + direction
    if not 0 <= i < len(doc.rows) or doc.rows[i].page != row.page:
        return None
    other, h = doc.rows[i], max(t.h for t in value)
    if abs(other.yc - row.yc) > 3.0 * max(h, other.h):
        return None
    x0, x1 = value[0].x0, value[-1].x1
    centre = (x0 + x1) / 2
    nearest = min(other.phrases, key=lambda p: abs((p.x0 + p.x1) / 2 - centre), default=None)
    if nearest is None or _has_figure(nearest.text.replace("%", "")) and not labels_in(nearest.text):
        return None
    if nearest.x1 < x0 - 4 * h or nearest.x0 > x1 + 4 * h:
        return None
    # The caption must be nearer this value than any other figure of the value's row.
    mid = (nearest.x0 + nearest.x1) / 2
    figures = [p for p in row.phrases if _has_figure(p.text)]
    if figures and min(figures, key=lambda p: abs((p.x0 + p.x1) / 2 - mid)).tokens[-1] is not value[-1]:
        if not any(t is value[-1] for p in figures for t in p.tokens if abs((p.x0 + p.x1) / 2 - mid) < h):
            return None
    return nearest


def main_label(text: str) -> tuple[str, str] | None:
    """(field, label) of the label nearest the value, i.e. the last in the text before it.

    A label in a closed parenthesis is a qualifier of the one before it ('Reg. no. (JCT)',
    'Subtotal (excl. tax)') and names nothing, unless it is the only one.
    """
    found = labels_in(re.sub(r"[(（][^()（）]*[)）]", " ", text)) or labels_in(text)
    if not found:
        return None
    field, label, _ = found[-1]
    return field, label


def cues_of(doc: Document, row: Row, value: list[Token]) -> list[Cue]:
    """The labels that name a value: left of it first, then above, then below."""
    out: list[Cue] = []
    left = left_text(row, value[0])
    if left and (found := main_label(" ".join(t.text for t in left))):
        out.append(Cue(*found, "left", tuple(left)))
    for direction, relation in ((-1, "above"), (1, "below")):
        caption = _caption(doc, row, value, direction)
        if caption is not None and (found := main_label(caption.text)):
            out.append(Cue(*found, relation, tuple(caption.tokens)))
    return out
