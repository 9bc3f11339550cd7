"""Every money figure printed outside the item table, with the labels that name it.

A figure is a candidate for the totals: subtotal, tax (of one rate or in all), taxable
amount of a rate, total. Which it is, is decided later and together (`totals`); here
each figure gets its cues (labels left of, above or below it) and the tax rate its
labels print, and figures that are plainly something else (a phone number, a date, a
registration or account number) are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ocr.extract.cues import Cue, cues_of
from ocr.extract.labels import DISCOUNT_WORDS, key
from ocr.extract.layout import PageDocument, Row, Token, is_cjk, join_tokens
from ocr.parse import MISREAD_PERCENT, detect_currency, find_amount, find_rates, normalise, parse_date

MONEY_FIELDS = frozenset({"subtotal", "tax", "total", "taxable", "included_tax", "withholding"})
# A figure printed as money: thousands separators, or cents.
_MONEY_SHAPE = re.compile(r"\d{1,3}(?:[,.']\d{3})+(?:[.,]\d{1,2})?-?|\d+[.,]\d{2}-?")
_NOT_MONEY = re.compile(r"\d\s?-\s?\d|\d/\d|[Tt]\d{13}|\d{9,}|^\+")
_SIGN = re.compile(r"[¥$€£₩]|円|JPY|USD|EUR|GBP|\\", re.I)


@dataclass
class Figure:
    """A money figure as printed: its value, its tokens, the labels naming it and its tax rate."""

    value: Decimal
    tokens: list[Token]
    cues: list[Cue]
    rate: Decimal | None
    row: Row

    def score(self, field: str) -> float:
        """How surely the labels make this figure the given field: its best cue for the field,
        less what a stronger cue for another field says against it."""
        mine = max((c.strength for c in self.cues if c.field == field), default=0.0)
        other = max((c.strength for c in self.cues if c.field != field), default=0.0)
        return mine if mine >= other else mine - other

    @property
    def named(self) -> str | None:
        """The field its strongest cue names."""
        return max(self.cues, key=lambda c: c.strength).field if self.cues else None

    @property
    def height(self) -> float:
        return max(t.h for t in self.tokens)


def amounts_in(row: Row, currency: str | None) -> list[tuple[Decimal, list[Token]]]:
    """The amounts printed in a row, each with its tokens (a sign or '円' beside it included)."""
    out: list[tuple[Decimal, list[Token]]] = []
    tokens = row.tokens
    i = 0
    while i < len(tokens):
        t = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        rate = "%" in t.text or nxt is not None and nxt.text.startswith(("%", "％")) or bool(
            MISREAD_PERCENT.match(normalise(t.text + (nxt.text if nxt is not None else ""))))
        if not re.search(r"\d", t.text) or rate or _NOT_MONEY.search(t.text):
            i += 1
            continue
        used = figure_pieces(tokens, i)  # '1, 213, 880' split by OCR at its separators
        if i + len(used) < len(tokens) and _cents_apart(used[-1], cent := tokens[i + len(used)]) and find_amount(
                "".join(u.text for u in [*used, cent]), currency=currency) is not None:
            used = [*used, cent]
        if len(used) == 1 and nxt is not None and (
                thousands_apart(t, nxt) or split_in_its_digits(t, nxt) or re.fullmatch(r"円|[-－ー]|\.-|,-", nxt.text)):
            used = [t, nxt]
        text = " ".join(u.text for u in used) if len(used) == 2 and thousands_apart(*used) else "".join(
            u.text for u in used)
        if not re.search(r"[(（]", text):  # a caption's bracket closing after it: '(base 807 900,00)'
            text = text.rstrip(")）")
        value = find_amount(text, currency=currency)
        if value is None or (parse_date(text) or _in_date(row, t)) and not _MONEY_SHAPE.search(text):
            i += 1
            continue
        before = tokens[i - 1] if i > 0 else None
        sign = [before] if before is not None and _SIGN.fullmatch(before.text.strip("()")) else []
        out.append((value, sign + used))
        i += len(used)
    return out


def figure_pieces(tokens: list[Token], i: int) -> list[Token]:
    """The tokens of one figure OCR split after its separators ('1,' '213,' '880', '¥34,' '812',
    '\\36,' '410' with the yen sign as Japanese fonts draw it) or before them ('259' ',292'), from token i."""
    used = [tokens[i]]
    while len(used) + i < len(tokens):
        last, following = used[-1].text, tokens[i + len(used)].text
        first = len(used) == 1
        after = (re.fullmatch(r"(?:[¥$€£\\]?\d{1,3}|A[Il])[,.]" if first else r"\d{3}[,.]", last)
                 and re.fullmatch(r"\d{3}(?:[,.]|\D{0,2})", following))
        before = (re.fullmatch(r"[¥$€£\\]?\d{1,3}" if first else r"[,.]\d{3}", last)
                  and re.fullmatch(r"[,.]\d{3}\D{0,2}", following))
        if not (after or before):
            return used
        used.append(tokens[i + len(used)])
    return used


def _cents_apart(t: Token, nxt: Token) -> bool:
    """'3.' '96', '£246' ',96': an amount's cents OCR set apart, just after it."""
    split = (re.fullmatch(r"[¥$€£]?\d[\d,.]*[.,]", t.text) and re.fullmatch(r"\d{2}\D{0,2}", nxt.text)
             or re.fullmatch(r"[¥$€£]?\d[\d,.]*\d|[¥$€£]?\d", t.text) and re.fullmatch(r"[.,]\d{2}\D{0,2}", nxt.text))
    return bool(split) and nxt.x0 - t.x1 < 0.6 * max(t.h, nxt.h)


def _in_date(row: Row, t: Token) -> bool:
    """A token of a date printed in the row ('31' of '2026年10月31日(土)')."""
    phrase = row.phrase_of(t)
    bare = re.fullmatch(r"\d{1,4}\D?", t.text) is not None
    return bare and phrase is not None and parse_date(phrase.text) is not None


DIGITS_APART = 0.2  # of the text's height: at most this between two pieces OCR split one figure into


def split_in_its_digits(t: Token, nxt: Token) -> bool:
    """'66' '1,60' for 661,60 printed large: one figure OCR split between two of its digits,
    with no space between the pieces (a space is a third of the text's height or more)."""
    return (re.fullmatch(r"[¥$€£]?\d+", t.text) is not None and re.match(r"\d", nxt.text) is not None
            and nxt.x0 - t.x1 <= DIGITS_APART * max(t.h, nxt.h))


def thousands_apart(t: Token, nxt: Token) -> bool:
    """'1 171,00', '€5 543,80': thousands set apart by a narrow space, as French and Swedish print them."""
    return (re.fullmatch(r"[¥$€£]?\d{1,3}", t.text) is not None
            and re.fullmatch(r"\d{3}(?:[.,]\d{1,2})?\D{0,3}", nxt.text) is not None
            and nxt.x0 - t.x1 < 0.6 * max(t.h, nxt.h))


# A rate or a note's mark in parentheses, its % misread ('(89)', '(1096)' for (10%)).
_RATE_IN_BRACKETS = re.compile(r"[(（](?:\d{1,2}|(?:10|8|5)(?:96|9|6))[)）]")


def _is_money(text: str, cues: list[Cue]) -> bool:
    """Printed as money, or named as one of the totals; never a small number in parentheses,
    which is a rate or a note's mark ('消費税額(8%)' misread '(89)', '消費税等(1096)')."""
    if _RATE_IN_BRACKETS.search(text) and not re.search(r"\d", _RATE_IN_BRACKETS.sub("", text)):
        return False
    money_cue = any(c.field in MONEY_FIELDS for c in cues)
    return money_cue or bool(_MONEY_SHAPE.search(text) or _SIGN.search(text) or detect_currency(text))


def _rate_of(cues: list[Cue]) -> Decimal | None:
    """The tax rate the figure's labels print ('10%対象', 'plus VAT 20 %', '消費税（8%）'): of
    a label left of it that runs two captions together, the rate nearest the figure."""
    for cue in cues:
        rates = [r for r in find_rates(join_tokens(list(cue.tokens))) if r <= 30]
        if rates:
            return rates[-1] if cue.relation == "left" else rates[0]
    return None


def _rate_between(row: Row, cues: list[Cue], tokens: list[Token]) -> Decimal | None:
    """The rate printed between a figure and its caption on their row, set apart from the
    caption ('消費税等' '(1096)' '¥1,950': (10%) with its % misread)."""
    if not cues or not cues[0].tokens or cues[0].relation not in ("left", "row"):
        return None
    ids = [id(t) for t in row.tokens]
    if id(cues[0].tokens[-1]) not in ids or id(tokens[0]) not in ids:
        return None
    between = row.tokens[ids.index(id(cues[0].tokens[-1])) + 1:ids.index(id(tokens[0]))]
    rates = [r for r in find_rates(join_tokens(between)) if r <= 30] if between else []
    return rates[-1] if rates else None


def figures_of(doc: PageDocument, skip_rows: set[int], currency: str | None) -> list[Figure]:
    """The money figures outside the item table, in reading order. A figure of a caption that
    wrapped inside its parentheses stands on the caption's row (`wrapped_captions`)."""
    out: list[Figure] = []
    wrapped = wrapped_captions(doc)
    for row in doc.rows:
        if row.index in skip_rows:
            continue
        read = [(value, tokens, cues_of(doc, row, tokens)) for value, tokens in amounts_in(row, currency)]
        money = [_is_money("".join(t.text for t in tokens), cues) for _, tokens, cues in read]
        for (value, tokens, cues), is_money in zip(read, money, strict=True):
            text = "".join(t.text for t in tokens)  # as one figure, however OCR split it
            if not (is_money or any(money) and _plain_figure(text)):
                continue
            if row.index in wrapped:
                out.append(Figure(value, tokens, [], None, wrapped[row.index]))  # its caption's row speaks for it
                continue
            figure = Figure(value, tokens, cues, _rate_of(cues) or _rate_between(row, cues, tokens), row)
            if any(c.field not in MONEY_FIELDS and c.relation in ("left", "above") for c in cues[:1]):
                continue  # an account number, a phone number, a date, a balance carried forward
            out.append(figure)
    return out


def _plain_figure(text: str) -> bool:
    """Digits alone, as many as an amount's, no year: a figure in a row of money figures whose
    separators OCR lost or whose caption it garbled ('Osscese)  404400  88508  492908' beside a
    tax figure named), money as they are."""
    return re.fullmatch(r"[1-9]\d{2,8}", text) is not None and not re.fullmatch(r"(?:19|20)\d\d", text)


_FIGURE_PART = re.compile(r"[(（]?[¥$€£￥\\]?\d[\d,.']*円?[)）]?")
WRAP_ROWS = 3  # rows a caption's parentheses may run on: its figure inside them, and its value between


def wrapped_captions(doc: PageDocument) -> dict[int, Row]:
    """Rows that carry on a caption its parentheses left open, each to the caption's row: the
    figure that closes them, and a figure between ('Consumption tax 8% (on' over '¥7,908' over
    '¥98,850)', a cell's caption wrapped and its value set in the cell's middle). Below the
    caption's own column they hold figures only; what stands left of it is another column."""
    out: dict[int, Row] = {}
    for i, row in enumerate(doc.rows):
        opening = next((p for p in reversed(row.phrases) if _left_open(p.text)), None)
        if opening is None:
            continue
        carried: list[int] = []
        above = row
        for later in doc.rows[i + 1:i + 1 + WRAP_ROWS]:
            part = [t for t in later.tokens if t.x1 > opening.x0]
            if (later.page != row.page or later.y0 - above.y1 > row.h or not part
                    or not all(_FIGURE_PART.fullmatch(t.text) for t in part)):
                break
            carried.append(later.index)
            if part[-1].text.endswith((")", "）")):
                out.update((index, row) for index in carried)
                break
            above = later
    return out


def _left_open(text: str) -> bool:
    """Whether a parenthesis opened in the text is left open at its end."""
    depth = 0
    for ch in text:
        depth = depth + 1 if ch in "(（" else max(0, depth - 1) if ch in ")）" else depth
    return depth > 0


def rates_printed(doc: PageDocument) -> set[Decimal]:
    """Every tax rate printed on the document ('10%', '8 %'), the table's included; not the
    share a discount takes, the interest charged late or the income tax withheld ('Korting 10%
    op training', '2% Skonto', 'IRPF 15%'), printed in one phrase with its word."""
    rates: set[Decimal] = set()
    for row in doc.rows:
        for phrase in row.phrases:
            if not any(names_a_discount(t.text) for t in phrase.tokens):
                rates.update(r for r in find_rates(join_tokens(phrase.tokens)) if r <= 30)
    return rates


def names_a_discount(word: str) -> bool:
    """Whether a word names a discount, interest or a withholding (`DISCOUNT_WORDS`), a Japanese
    one within a word ('源泉徴収税')."""
    k = key(word)
    return k in DISCOUNT_WORDS or any(w in k for w in DISCOUNT_WORDS if is_cjk(w[0]))

