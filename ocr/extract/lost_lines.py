"""Item lines OCR lost whole, read again where the table's rhythm leaves room for them.

A shaded band or a fax's noise can make the page reader drop a whole line of the item table,
or garble it past use. When the lines read do not add up to the printed subtotal, the gaps
between lines wider than the table's usual pitch (and the place of one more line under the
last) are read again as rows of figures; a reading whose quantity × price is its amount, in
the columns the other lines use, is a lost line (a discount, its marks lost too, where the
lines read come to more than the subtotal). The found lines are taken only when some of them
make up the difference exactly, so a reading can add no line the totals deny.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from ocr.extract.items import Item, description_text, line_amount, product
from ocr.extract.layout import Token
from ocr.extract.second_look import Box, Reading, SecondLook, token_at
from ocr.extract.second_look_items import line_tokens
from ocr.extract.totals import Totals
from ocr.model import Word
from ocr.parse import parse_amount

LOST_GAP = 1.6  # a gap between two lines this many times the table's pitch has room for a lost one
FIGURE_KINDS = ("quantity", "unit_price", "amount")
MAX_FOUND = 8  # found lines among which the shortfall is made up


@dataclass(frozen=True)
class _Table:
    """Where one page's item lines put their figures: each column's left and right edges, the
    descriptions' leftmost edge and usual middle, the usual height of a figure and the pitch from
    one line to the next."""

    page: int
    left_edges: dict[str, float]
    right_edges: dict[str, float]
    figures_left: float
    description_left: float
    descriptions_middle: float  # the middle of most lines' descriptions
    text_height: float
    pitch: float


@dataclass(frozen=True)
class _Found:
    """A line read again, the line read the first time beside it, and whether it replaces that one."""

    line: Item
    beside: Item
    replaces: bool

    @property
    def gain(self) -> Decimal:
        """What the line adds to the lines' sum."""
        return self.line.amount - ((self.beside.amount or Decimal(0)) if self.replaces else Decimal(0))


def read_lost_lines(look: SecondLook, items: list[Item], totals: Totals) -> None:
    """Lines OCR lost, read again and put in their place among `items` (in place), when the lines
    read fall short of the printed subtotal and some of those found make up the difference."""
    printed = totals.sources.get("subtotal")
    amounts = [i.amount for i in items]
    if printed is None or not printed.tokens or totals.subtotal is None or None in amounts:
        return
    shortfall = totals.subtotal - sum(amounts, Decimal(0))
    if shortfall == 0:
        return
    found: list[_Found] = []
    for page in sorted({i.rows[0].page for i in items if i.rows}):
        table = _table(items, page)
        if table is None or page not in look.ocr_pages:
            continue
        for centre, beside, replaces in _slots(items, table):
            line = _read_line(look, table, centre)
            if line is not None and not any(abs(_centre(line) - _centre(f.line)) < table.text_height for f in found):
                found.append(_Found(line, beside, replaces))
            if len(found) >= MAX_FOUND:
                break
    # A broken line read again to the amount it had mends it whatever else is found (it changes
    # no sum, so it cannot tell one set of lines making up the shortfall from another).
    mended = [f for f in found if f.replaces and f.gain == 0]
    for f in mended + _making_up([f for f in found if all(f is not m for m in mended)], shortfall):
        _set_rate(f.line, items, totals)
        at = next(k for k, i in enumerate(items) if i is f.beside)
        if f.replaces:
            items[at] = _mended(f.beside, f.line)
        else:
            items.insert(at if _centre(f.beside) > _centre(f.line) else at + 1, f.line)


def _broken(item: Item) -> bool:
    """A line read whose figures do not hold: quantity × price is not its amount."""
    return item.quantity is None or item.unit_price is None or product(item) != item.amount


def _mended(broken: Item, line: Item) -> Item:
    """A broken line with the figures read again; of its two descriptions, the longer."""
    line.description = max(broken.description, line.description, key=len)
    line.tax_rate = broken.tax_rate or line.tax_rate
    line.rows, line.marked = broken.rows, broken.marked
    return line


def _centre(item: Item) -> float:
    t = item.cells["amount"][0]
    return (t.box[1] + t.box[3]) / 2


def _table(items: list[Item], page: int) -> _Table | None:
    """The columns and rhythm of the lines read on a page: two lines at the least, each with all
    its figures read."""
    placed = [i for i in items if i.rows and i.rows[0].page == page and not _broken(i)
              and all(i.cells.get(k) for k in FIGURE_KINDS)]
    if len(placed) < 2:
        return None
    centres = sorted(_centre(i) for i in placed)
    steps = [b - a for a, b in itertools.pairwise(centres) if b > a]
    descriptions = [t.box[0] for i in placed for t in i.cells.get("description", [])]
    if not steps:
        return None
    return _Table(
        page,
        {k: min(t.box[0] for i in placed for t in i.cells[k]) for k in FIGURE_KINDS},
        {k: statistics.median(max(t.box[2] for t in i.cells[k]) for i in placed) for k in FIGURE_KINDS},
        min(t.box[0] for i in placed for k in ("quantity", "unit_price") for t in i.cells[k]),
        min(descriptions, default=0.0),
        statistics.median(_middle(i.cells["description"]) for i in placed if i.cells.get("description"))
        if any(i.cells.get("description") for i in placed) else 0.0,
        statistics.median(t.box[3] - t.box[1] for i in placed for t in i.cells["amount"]),
        min(steps),  # the lines read next to each other (wider gaps may hold lost lines)
    )


def _middle(tokens: list[Token]) -> float:
    return (min(t.box[0] for t in tokens) + max(t.box[2] for t in tokens)) / 2


def _slots(items: list[Item], table: _Table) -> list[tuple[float, Item, bool]]:
    """The heights at which a lost line may stand, each with the line read next to it and whether
    it replaces that line: the lines read whose figures do not hold, evenly in each gap wider
    than the pitch, and one pitch under the page's last line."""
    placed = sorted((i for i in items if i.rows and i.rows[0].page == table.page and i.cells.get("amount")),
                    key=_centre)
    slots = [(_centre(i), i, True) for i in placed if _broken(i)]
    for a, b in itertools.pairwise(placed):
        gap = _centre(b) - _centre(a)
        if gap >= LOST_GAP * table.pitch:
            missing = max(1, round(gap / table.pitch) - 1)
            slots += [(_centre(a) + j * gap / (missing + 1), b, False) for j in range(1, missing + 1)]
    if placed:
        slots.append((_centre(placed[-1]) + table.pitch, placed[-1], False))
    return slots


def _read_line(look: SecondLook, table: _Table, centre: float) -> Item | None:
    """The line at `centre`, read again: its figures where they multiply out, then its description."""
    h = table.text_height
    runs = [look.readings(table.page, box, "line_figures", h) for box in _figure_boxes(table, centre)]
    for readings in _together(runs):
        cells = _cells([w for reading in readings for w in reading.words], table)
        if cells is None:
            continue
        q, u, a = (parse_amount(cells[k][0].text) for k in FIGURE_KINDS)
        line = Item("", q, u, a, None, False, [], cells)
        line.description = _description(look, table, centre)
        return line
    return None


def _together(runs: list[Iterator[Reading]]) -> Iterator[tuple[Reading, ...]]:
    """One reading of each run, every way round, the runs read again only as far as needed: their
    first readings together, then each combination a next reading brings."""
    read: list[list[Reading]] = [[] for _ in runs]
    tried: set[tuple[int, ...]] = set()
    while True:
        grew = False
        for run, got in zip(runs, read, strict=True):
            reading = next(run, None)
            if reading is not None:
                got.append(reading)
                grew = True
        if not grew:
            return
        for at in itertools.product(*(range(len(got)) for got in read)):
            if at not in tried:
                tried.add(at)
                yield tuple(got[k] for got, k in zip(read, at, strict=True))


def _figure_boxes(table: _Table, centre: float) -> list[Box]:
    """Where the line's figures stand at `centre`: one box over its figure columns, or one over
    each run of them the descriptions stand between (a count printed before the description,
    '12 袋 国産小麦粉 10kg | 4,200 | 50,400': read as one, the description's figures would be
    read into the count's)."""
    h = table.text_height
    columns = sorted(FIGURE_KINDS, key=lambda k: table.right_edges[k])
    runs = [[columns[0]]]
    for before, column in itertools.pairwise(columns):
        if table.right_edges[before] < table.descriptions_middle < table.left_edges[column]:
            runs.append([])
        runs[-1].append(column)
    return [(min(table.left_edges[k] for k in run) - h, centre - 0.6 * h, max(table.right_edges[k] for k in run) + h,
             centre + 0.6 * h) for run in runs]


def _cells(words: list[Word], table: _Table) -> dict[str, list[Token]] | None:
    """A reading's figures by column, when there is one in each and quantity × price is the amount."""
    near = 2.5 * table.text_height
    cells: dict[str, list[Token]] = {}
    for w in words:
        text, right = _without_rate(w)
        if not re.search(r"\d", text):
            continue  # the line's tax rate, a 円 read apart
        value = parse_amount(text)
        kind = min(FIGURE_KINDS, key=lambda k: abs(table.right_edges[k] - right))
        if value is None or abs(table.right_edges[kind] - right) > near or kind in cells:
            return None
        cells[kind] = [token_at(text, table.page, (w.left, w.top, right, w.bottom), w.confidence)]
    if set(cells) != set(FIGURE_KINDS):
        return None
    q, u, a = (parse_amount(cells[k][0].text) for k in FIGURE_KINDS)
    return cells if q is not None and u is not None and a is not None and q > 0 and line_amount(q, u, a) == a else None


def _without_rate(word: Word) -> tuple[str, float]:
    """A word's figure without the tax rate read into it ('76010%' for 760 and 10%), and where
    the figure ends; ('', ...) for a rate alone."""
    match = re.fullmatch(r"(.*?)(\d{1,2}(?:\.\d)?%)", word.text)
    if match is None:
        return word.text, word.right
    figure = match.group(1)
    return figure, word.left + (word.right - word.left) * len(figure) / len(word.text)


def _description(look: SecondLook, table: _Table, centre: float) -> str:
    h = table.text_height
    box = (table.description_left, centre - 0.6 * h, table.figures_left - 2 * h, centre + 0.6 * h)
    if box[2] - box[0] < 2 * h:
        return ""
    for reading in look.readings(table.page, box, "description", h):
        return description_text(line_tokens(reading, table.page))
    return ""


def _making_up(found: list[_Found], shortfall: Decimal) -> list[_Found]:
    """The one set of found lines (each new, or replacing a broken one) whose amounts make up the
    shortfall; none if no set or several do."""
    # Where the lines read come to more than the subtotal, a line found may be a discount that
    # lost its marks.
    options = [[f, _as_discount(f)] if shortfall < 0 < f.line.amount else [f] for f in found]
    fits = [
        [f for f in chosen if f is not None]
        for chosen in itertools.product(*[[None, *o] for o in options])
        if any(chosen) and sum((f.gain for f in chosen if f is not None), Decimal(0)) == shortfall
    ]
    return fits[0] if len(fits) == 1 else []


def _as_discount(found: _Found) -> _Found:
    line = found.line
    discount = Item(line.description, line.quantity, -line.unit_price, -line.amount, line.tax_rate, line.marked,
                    line.rows, line.cells)
    return _Found(discount, found.beside, found.replaces)


def _set_rate(line: Item, items: list[Item], totals: Totals) -> None:
    """The found line's rate: the one rate whose printed taxable amount it makes up, else the rate
    every other line carries."""
    short = {rate: taxable - sum((i.amount for i in items if i.tax_rate == rate), Decimal(0))
             for rate, taxable in totals.taxable.items()}
    fitting = [rate for rate, missing in short.items() if missing == line.amount]
    rates = {i.tax_rate for i in items}
    if len(fitting) == 1:
        line.tax_rate = fitting[0]
    elif len(rates) == 1:
        line.tax_rate = rates.pop()
