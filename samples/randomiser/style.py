"""A supplier's house style, drawn at random: where the meta block sits, where labels stand,
where the totals go, which words, columns, rules, money and date notation it uses.

Options are dealt from shuffled decks (every option once before any repeats), so that a
small corpus already shows each placement.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from samples.randomiser import words
from samples.randomiser.notation import DATE_STYLES, MoneyStyle

META_PLACES = ("header_right", "header_left", "sidebar", "kv_table", "footer", "row")
LABEL_PLACES = ("beside", "above", "below")
TOTALS_PLACES = ("bottom", "top", "both")
SUMMARIES = ("stack", "captions", "grid")
PER_RATE = ("lines", "rows", "table")
RULES = ("grid", "lines", "zebra", "none")
HEADS = ("dark", "light", "underline")
TITLES = ("left", "center", "right", "band")
COLUMN_ORDERS = (("no", "sku", "description", "mark", "quantity", "unit", "unit_price", "rate", "amount"),
                 ("sku", "description", "mark", "unit_price", "quantity", "rate", "amount"),
                 ("quantity", "unit", "description", "mark", "unit_price", "amount"),
                 ("no", "description", "sku", "mark", "quantity", "unit_price", "rate", "amount"))
OPTIONAL_COLUMNS = {"no": 0.5, "sku": 0.5, "unit": 0.5, "rate": 0.5}
LABEL_KEYS = ("invoice_title", "quote_title", "number", "quote_number", "issue_date", "quote_date", "due_date",
              "valid_until", "po", "registration", "customer", "contact", "subtotal", "tax_total", "total",
              "amount_due", "quote_total", "taxable", "reduced_taxable", "tax_at")
TEXT_KEYS = ("bill_to", "intro_invoice", "intro_quote", "reduced_note", "continued", "carried", "page", "bank",
             "terms", "discount")
BILINGUAL = set(LABEL_KEYS) - {"taxable", "reduced_taxable", "tax_at"}


@dataclass(frozen=True)
class HouseStyle:
    """Everything about how one supplier lays out and words its documents."""

    language: str
    bilingual: bool
    face: str
    meta: str
    labels: str
    totals: str
    summary: str
    per_rate: str
    columns: tuple[str, ...]
    rules: str
    head: str
    title_at: str
    money: MoneyStyle
    cells: MoneyStyle
    big: MoneyStyle
    date: str
    month_end: bool  # writes a month-end due date as 2026年11月末日
    mark: str  # the reduced-rate mark on lines, or ""
    mark_at: str  # "column", "description" or "rate"
    words: dict[str, str] = field(default_factory=dict)
    heads: dict[str, str] = field(default_factory=dict)
    colon: str = ""
    stamp: bool = False
    size: int = 26
    row: int = 56
    two_line: bool = False  # the item code printed under the description
    extras: tuple[str, ...] = ()  # further meta fields: customer, contact
    reg_in_meta: bool = False
    tax_total_shown: bool = True
    margin: int = 130
    values_right: bool = False  # values beside their labels flush right, else in a column
    intro: bool = False  # a sentence of thanks above the table

    @property
    def name(self) -> str:
        """The layout's name in the truth files: its main placements."""
        parts = [self.meta, self.labels, self.totals, self.summary, self.per_rate]
        return "random-" + "-".join(parts) + ("-bilingual" if self.bilingual else "")

    def cjk(self) -> bool:
        return self.face.startswith("j")


class Deck:
    """Deals options in shuffled rounds, so that a few draws already cover them all."""

    def __init__(self, rng: random.Random):
        self.rng, self.piles = rng, {}

    def deal(self, name: str, options: tuple | list):
        pile = self.piles.setdefault(name, [])
        if not pile:
            pile.extend(self.rng.sample(list(options), len(options)))
        return pile.pop()


def draw_house(rng: random.Random, deck: Deck, language: str, currency: str, rates: set) -> HouseStyle:
    """A house style for a supplier writing `language` in `currency`, selling at `rates`."""
    bilingual = language in ("ja", "en") and currency == "JPY" and deck.deal("bilingual", (True, False, False))
    cjk = language == "ja" or bilingual
    face = rng.choice(["jsans", "jserif"] if cjk else ["sans", "serif"])
    mixed = len(rates) > 1
    columns = _columns(rng, mixed, language)
    mark = "" if not mixed else rng.choice(["※", "※", "*", "★"] if cjk else ["*", "*", ""])
    if mixed and not mark and "rate" not in columns:
        columns = (*columns[:-1], "rate", "amount")
    money, big = _money(rng, language, currency, cjk)
    size = rng.choice([24, 26, 28])
    return HouseStyle(
        language=language, bilingual=bilingual, face=face,
        meta=deck.deal("meta", META_PLACES), labels=deck.deal("labels", LABEL_PLACES),
        totals=deck.deal("totals", TOTALS_PLACES), summary=deck.deal("summary", SUMMARIES),
        per_rate=deck.deal("per_rate", PER_RATE), columns=columns, rules=deck.deal("rules", RULES),
        head=rng.choice(HEADS), title_at=rng.choice(TITLES), money=money,
        cells=money if rng.random() < 0.3 else money.bare(), big=big,
        date=rng.choice(DATE_STYLES["us" if currency == "USD" else language]),
        month_end=language == "ja" and rng.random() < 0.5, mark=mark,
        mark_at=_mark_at(rng, columns),
        words=_words(rng, language, bilingual, currency), heads=_heads(rng, language, bilingual, columns),
        colon=rng.choice(words.COLONS[language]), stamp=language == "ja" and rng.random() < 0.6,
        size=size, row=size * 2 + rng.randrange(0, 24, 4), two_line="sku" not in columns and rng.random() < 0.3,
        extras=tuple(rng.sample(["customer", "contact"], rng.randrange(0, 3))),
        reg_in_meta=rng.random() < 0.3, tax_total_shown=not mixed or rng.random() < 0.7,
        margin=rng.choice([100, 120, 130, 150]), values_right=rng.random() < 0.5,
        intro=language == "ja" or rng.random() < 0.4)


def _columns(rng: random.Random, mixed: bool, language: str) -> tuple[str, ...]:
    """A column order with some optional columns dropped ("mark" only for mixed rates)."""
    order = rng.choice(COLUMN_ORDERS)
    keep = []
    for key in order:
        if key == "mark":
            if mixed and language in ("ja", "en") and rng.random() < 0.5:
                keep.append(key)
        elif rng.random() < OPTIONAL_COLUMNS.get(key, 1.0):
            keep.append(key)
    return tuple(keep)


def _mark_at(rng: random.Random, columns: tuple[str, ...]) -> str:
    """Where the reduced-rate mark goes: its own column, after the rate, or after the description."""
    if "mark" in columns:
        return "column"
    return "rate" if "rate" in columns and rng.random() < 0.5 else "description"


def _money(rng: random.Random, language: str, currency: str, cjk: bool) -> tuple[MoneyStyle, MoneyStyle]:
    """The house's amounts, and the large amount due printed on top."""
    if currency == "EUR":
        thousands = {"fr": " ", "de": "."}.get(language, rng.choice([".", " "]))
        sign = rng.choice([("", " €"), ("€ ", ""), ("EUR ", ""), ("", " EUR")])
        money = MoneyStyle(*sign, thousands=thousands, decimal=",")
        return money, money
    if currency == "USD":
        money = MoneyStyle(rng.choice(["$", "US$", "USD ", "$ "]), negative=rng.choice(["-", "()"]))
        return money, money
    if not cjk:
        sign = rng.choice([("¥", ""), ("JPY ", ""), ("¥ ", ""), ("", " JPY")])
        money = MoneyStyle(*sign, negative=rng.choice(["-", "()"]))
        return money, money
    sign = rng.choice([("¥", ""), ("￥", ""), ("", "円"), ("￥", "")])
    money = MoneyStyle(*sign, negative=rng.choice(["-", "△", "▲", "-"]))
    prefix, suffix = rng.choice([("￥", "－"), ("￥", "-"), ("¥", "－"), ("¥", "-"), ("￥", ""), ("", "円")])
    big = MoneyStyle(prefix, suffix, full_width=rng.random() < 0.4)
    return money, big


def _words(rng: random.Random, language: str, bilingual: bool, currency: str) -> dict[str, str]:
    """The house's wording for every label and note; ja and en side by side when bilingual."""
    chosen = {key: words.wording(rng, language, key) for key in LABEL_KEYS + TEXT_KEYS}
    if currency == "USD":
        chosen |= {key: rng.choice(options) for key, options in words.US.items()}
    if bilingual:
        joiner, english_first = rng.choice([" ", " / ", "　"]), language == "en" and rng.random() < 0.5
        for key in sorted(BILINGUAL):
            pair = [words.wording(rng, "ja", key), words.wording(rng, "en", key)]
            chosen[key] = joiner.join(pair[::-1] if english_first else pair)
    return chosen


def _heads(rng: random.Random, language: str, bilingual: bool, columns: tuple[str, ...]) -> dict[str, str]:
    heads = {key: words.column_head(rng, language, key) for key in columns}
    if bilingual:
        heads = {key: f"{words.column_head(rng, 'ja', key)} {words.column_head(rng, 'en', key)}".strip()
                 for key in columns}
    return heads
