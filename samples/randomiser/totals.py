"""The money at the foot (or head) of a document: the amount due printed large, the totals as
a stack, a bordered grid or a row of captions over figures, and the per-rate summary as
lines ('10%対象 1,760 消費税 176'), rows of the stack or a small grid."""
from __future__ import annotations

from samples.page import Page
from samples.randomiser.writer import Writer
from samples.world import TaxRow


def banner(w: Writer, page: Page, x0: float, x1: float, y: float) -> float:
    """The amount due in large figures: 'ご請求金額 ￥４８,５９２－' in a box or over a rule."""
    s = w.house.size
    label, amount = w.word("amount_due"), w.big(w.doc.total)
    width = min(x1 - x0, max(760, w.width(label, s + 4) + w.width(amount, 2 * s, True) + 120))
    right = x0 + width
    if w.house.summary == "grid":
        page.box(x0, y, right, y + 2 * s + 44, outline=0, width=4)
    else:
        page.line(x0, y + 2 * s + 40, right, y + 2 * s + 40, 3)
    page.text(x0 + 24, y + 2 * s + 14, label, s + 4, bold=True)
    page.text(right - 24, y + 2 * s + 20, amount, 2 * s, bold=True, align="right")
    return y + 2 * s + 80


def summary(w: Writer, page: Page, x0: float, x1: float, y: float) -> float:
    """The totals in the house's form, with its per-rate summary; returns the y below."""
    form, per_rate = w.house.summary, w.house.per_rate
    if form == "captions":
        y = captions(w, page, x0, x1, y)
        return per_rate_block(w, page, x0, x1, y, "table" if per_rate == "table" else "lines")
    split = x0 + (x1 - x0) * 0.46
    right = stack(w, page, split, x1, y, boxed=form == "grid")
    if per_rate == "rows":
        return right
    if _needed_width(w, per_rate) > split - 40 - x0:
        return per_rate_block(w, page, x0, x1, right, per_rate)  # too wide beside the stack: under it
    return max(right, per_rate_block(w, page, x0, split - 40, y, per_rate))


def _needed_width(w: Writer, form: str) -> float:
    """How wide the per-rate summary must be to keep its usual type size."""
    s = w.house.size
    if form == "lines":
        return max(w.width(w.rate_line(row), s - 2) for row in w.doc.tax_rows)
    rows = [_rate_cells(w, row) for row in w.doc.tax_rows]
    return sum(max(w.width(cells[i], s - 4) + 24 for cells in rows) for i in range(4))


def _rate_cells(w: Writer, row: TaxRow) -> list[str]:
    return [w.taxable_label(row.rate), w.money(row.taxable), w.tax_label(row.rate), w.money(row.tax)]


def stack(w: Writer, page: Page, x0: float, x1: float, y: float, boxed: bool) -> float:
    """Label/amount rows, the total last and bold; ruled cells when `boxed`."""
    s = w.house.size
    rows = w.summary_rows(per_rate=w.house.per_rate == "rows")
    height = s + (28 if boxed else 20)
    split = x1 - max(w.width(amount, s + 2, True) for _, amount, _ in rows) - 60
    for i, (label, amount, bold) in enumerate(rows):
        top = y + i * height
        if boxed:
            page.box(x0, top, split, top + height, fill=232 if bold else 245, outline=70)
            page.box(split, top, x1, top + height, outline=70, width=3 if bold else 2)
        size = s + 2 if bold else s
        page.text(x0 + 14, top + height - 12, label, w.fit(label, size, split - x0 - 24, bold), bold=bold)
        page.text(x1 - 14, top + height - 12, amount, size, bold=bold, align="right")
    bottom = y + len(rows) * height
    if not boxed:
        page.line(x0, bottom - height - 2, x1, bottom - height - 2, 2)
        page.line(split + 20, bottom + 4, x1, bottom + 4, 2)
        page.line(split + 20, bottom + 10, x1, bottom + 10, 2)
    return bottom + 24


def captions(w: Writer, page: Page, x0: float, x1: float, y: float) -> float:
    """A row of captions (小計 消費税 合計) over a row of figures, in ruled cells."""
    doc, s = w.doc, w.house.size
    cells = [(w.word("subtotal"), w.money(doc.subtotal))]
    if doc.mixed_rates and not w.house.tax_total_shown:
        cells += [(w.tax_label(row.rate), w.money(row.tax)) for row in doc.tax_rows]
    else:
        cells.append((w.word("tax_total"), w.money(doc.tax_total)))
    cells.append((w.total_label(), w.money(doc.total)))
    width = (x1 - x0) / len(cells)
    for i, (label, amount) in enumerate(cells):
        left, last = x0 + i * width, i == len(cells) - 1
        page.box(left, y, left + width, y + s + 20, fill=226, outline=70)
        page.box(left, y + s + 20, left + width, y + 2 * s + 60, outline=70, width=3 if last else 2)
        page.text(left + width / 2, y + s + 6, label, w.fit(label, s - 4, width - 16), align="center")
        size = w.fit(amount, s + 6 if last else s + 2, width - 28, last)
        page.text(left + width - 16, y + 2 * s + 44, amount, size, bold=last, align="right")
    return y + 2 * s + 84


def per_rate_block(w: Writer, page: Page, x0: float, x1: float, y: float, form: str) -> float:
    """Taxable amount and tax per rate, as text lines or as a small grid."""
    s = w.house.size
    if form == "lines":
        for row in w.doc.tax_rows:
            text = w.rate_line(row)
            page.text(x0, y + s, text, w.fit(text, s - 2, x1 - x0))
            y += s + 16
        return y + 12
    height = s + 24
    rows = [_rate_cells(w, row) for row in w.doc.tax_rows]
    needs = [max(w.width(cells[i], s - 4) + 24 for cells in rows) for i in range(4)]
    widths = [need * (x1 - x0) / sum(needs) for need in needs]
    for cells in rows:
        left = x0
        for i, (text, width) in enumerate(zip(cells, widths, strict=True)):
            page.box(left, y, left + width, y + height, fill=236 if i % 2 == 0 else None, outline=90)
            anchor, align = (left + 10, "left") if i % 2 == 0 else (left + width - 10, "right")
            page.text(anchor, y + height - 12, text, w.fit(text, s - 4, width - 20), align=align)
            left += width
        y += height
    return y + 16


def notes(w: Writer, page: Page, x0: float, x1: float, y: float) -> float:
    """The reduced-rate note under the table, when lines carry the mark."""
    if not w.marked():
        return y
    reduced = min(ln.tax_rate for ln in w.doc.lines)
    text = w.word("reduced_note").format(mark=w.house.mark, rate=w.rate(reduced))
    page.text(x0, y + w.house.size + 4, text, w.house.size - 4)
    return y + w.house.size + 24
