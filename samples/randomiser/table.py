"""The line table: columns sized to what they hold, a head in the house's style, and rows
ruled as a grid, with lines, zebra stripes or not at all."""
from __future__ import annotations

from dataclasses import dataclass

from samples.page import Page
from samples.randomiser.writer import Writer
from samples.world import Line

WIDTHS = {"no": 70, "sku": 180, "mark": 70, "quantity": 120, "unit": 90, "unit_price": 200, "rate": 110,
          "amount": 220}
ALIGN = {"no": "center", "sku": "left", "description": "left", "mark": "center", "unit": "center",
         "rate": "center"}
PAD = 14
MIN_DESCRIPTION = 340
DROPPABLE = ("no", "unit", "sku")


@dataclass(frozen=True)
class Column:
    key: str
    left: float
    right: float

    @property
    def align(self) -> str:
        return ALIGN.get(self.key, "right")

    def anchor(self) -> float:
        """Where text of this column is anchored, by its alignment."""
        return {"left": self.left + PAD, "right": self.right - PAD}.get(self.align, (self.left + self.right) / 2)


def columns(w: Writer, x0: float, x1: float) -> list[Column]:
    """The house's columns across x0..x1, each wide enough for its head and widest cell.
    Where the description would be too narrow, the number, unit and code columns go first,
    then the others lose their spare room, then their type shrinks."""
    keys = list(w.house.columns)
    needs = {key: _need(w, key) for key in keys if key != "description"}
    widths = {key: max(need, WIDTHS[key] * w.house.size / 26) for key, need in needs.items()}
    for key in DROPPABLE:
        if x1 - x0 - sum(widths.values()) >= MIN_DESCRIPTION:
            break
        if key in widths:
            keys.remove(key)
            del widths[key], needs[key]
    if x1 - x0 - sum(widths.values()) < MIN_DESCRIPTION:
        widths = dict(needs)
    if x1 - x0 - sum(widths.values()) < MIN_DESCRIPTION:
        scale = max(0.7, (x1 - x0 - MIN_DESCRIPTION) / sum(widths.values()))
        widths = {k: v * scale for k, v in widths.items()}
    widths["description"] = x1 - x0 - sum(widths.values())
    out, left = [], x0
    for key in keys:
        out.append(Column(key, left, left + widths[key]))
        left += widths[key]
    return out


def _need(w: Writer, key: str) -> float:
    """How wide a column must be for its head and its widest cell."""
    s = w.house.size
    cells = [w.cell_text(key, ln, i) for i, ln in enumerate(w.doc.lines, start=1)]
    return max([w.width(w.house.heads[key], s - 2, True)] + [w.width(c, s) for c in cells]) + 2 * PAD


def row_height(w: Writer) -> int:
    return w.house.row + (w.house.size if w.house.two_line else 0)


def head(w: Writer, page: Page, cols: list[Column], y: float) -> float:
    """The row of column heads; returns the y below it."""
    house = w.house
    s, height = house.size - 2, house.size + 30
    x0, x1 = cols[0].left, cols[-1].right
    style = house.head
    if style == "dark":
        page.box(x0, y, x1, y + height, fill=50, outline=None)
    elif style == "light":
        page.box(x0, y, x1, y + height, fill=222, outline=80 if house.rules == "grid" else None)
    else:
        page.line(x0, y, x1, y, 3)
        page.line(x0, y + height, x1, y + height, 2)
    for col in cols:
        text = house.heads[col.key]
        size = w.fit(text, s, col.right - col.left - 8, bold=True)
        page.text(col.anchor(), y + height - 14, text, size, bold=True, align=col.align,
                  gray=255 if style == "dark" else 0)
    if house.rules == "grid":
        for col in cols:
            page.line(col.left, y, col.left, y + height, 2, 80)
        page.line(x1, y, x1, y + height, 2, 80)
    return y + height


def rows(w: Writer, page: Page, cols: list[Column], lines: list[Line], first: int, y: float) -> float:
    """The lines numbered from `first`, one row each; returns the y below the last."""
    house = w.house
    s, height = house.size, row_height(w)
    x0, x1 = cols[0].left, cols[-1].right
    for i, line in enumerate(lines):
        top = y + i * height
        if house.rules == "zebra" and (first + i) % 2 == 0:
            page.box(x0, top, x1, top + height, fill=236, outline=None)
        baseline = top + (s + 12 if house.two_line else height / 2 + s * 0.36)
        for col in cols:
            text = w.cell_text(col.key, line, first + i)
            size = w.fit(text, s, col.right - col.left - 2 * PAD)
            page.text(col.anchor(), baseline, text, size, align=col.align)
            if col.key == "description" and house.two_line and line.sku:
                page.text(col.anchor(), baseline + s + 6, line.sku, s - 6, gray=100)
        if house.rules in ("grid", "lines"):
            page.line(x0, top + height, x1, top + height, 2 if house.rules == "grid" else 1, 90 if
                      house.rules == "grid" else 160)
    bottom = y + len(lines) * height
    if house.rules == "grid":
        for col in cols:
            page.line(col.left, y, col.left, bottom, 2, 80)
        page.line(x1, y, x1, bottom, 2, 80)
    elif house.rules in ("none", "zebra"):
        page.line(x0, bottom, x1, bottom, 2, 60)
    return bottom
