"""A document as its supplier's house writes it: the words, amounts, dates and label/value
pairs that the drawing modules place on the page. Nothing here draws."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from samples.page import font
from samples.randomiser.notation import (
    is_month_end,
    write_date,
    write_money,
    write_month_end,
    write_quantity,
    write_rate,
)
from samples.randomiser.style import HouseStyle
from samples.world import DemoDocument, Line, TaxRow

# Labels that change with the kind of document: key -> (invoice wording, quote wording).
BY_KIND = {"title": ("invoice_title", "quote_title"), "number": ("number", "quote_number"),
           "issue_date": ("issue_date", "quote_date"), "due_date": ("due_date", "valid_until"),
           "amount_due": ("amount_due", "quote_total"), "intro": ("intro_invoice", "intro_quote")}


@dataclass
class Writer:
    doc: DemoDocument

    @property
    def house(self) -> HouseStyle:
        return self.doc.supplier.style["house"]

    @property
    def quote(self) -> bool:
        return self.doc.kind == "quote"

    def word(self, key: str) -> str:
        """The house's wording for `key`, for this kind of document."""
        if key in BY_KIND:
            key = BY_KIND[key][self.quote]
        return self.house.words[key]

    def label(self, key: str) -> str:
        """A label followed by the house's colon, for a value beside it."""
        return self.word(key) + self.house.colon

    # --- notation ---------------------------------------------------------------------------

    def money(self, value: Decimal) -> str:
        return write_money(value, self.doc.currency, self.house.money)

    def cell(self, value: Decimal) -> str:
        return write_money(value, self.doc.currency, self.house.cells)

    def big(self, value: Decimal) -> str:
        return write_money(value, self.doc.currency, self.house.big)

    def date(self, day: date) -> str:
        return write_date(day, self.house.date)

    def due(self) -> str:
        day = self.doc.due_date
        if self.house.month_end and not self.quote and is_month_end(day):
            return write_month_end(day, self.house.date)
        return self.date(day)

    def rate(self, rate: Decimal) -> str:
        return write_rate(rate, self.house.money.decimal)

    def width(self, text: str, size: int, bold: bool = False) -> float:
        return font(self.house.face, bold, size).getlength(text)

    def fit(self, text: str, size: int, room: float, bold: bool = False) -> int:
        """The largest size up to `size` at which text fits in `room` pixels (at least 14)."""
        while size > 14 and self.width(text, size, bold) > room:
            size -= 1
        return size

    # --- what is printed ----------------------------------------------------------------------

    def registration(self) -> str | None:
        """The printed T-number, or a European supplier's VAT number."""
        return self.doc.registration_number or self.doc.supplier.style.get("vat_id")

    def meta_fields(self) -> list[tuple[str, str]]:
        """The meta block's (label, value) pairs, in the house's order."""
        doc, style = self.doc, self.doc.supplier.style
        fields = [(self.word("number"), doc.number), (self.word("issue_date"), self.date(doc.issue_date)),
                  (self.word("due_date"), self.due())]
        if doc.po_number:
            fields.append((self.word("po"), doc.po_number))
        if self.house.reg_in_meta and self.registration():
            fields.append((self.word("registration"), self.registration()))
        values = {"customer": style["customer_no"], "contact": style["contact"]}
        fields += [(self.word(key), values[key]) for key in self.house.extras]
        return fields

    def reduced(self, rate: Decimal) -> bool:
        """Whether `rate` is the reduced one of a document at two rates."""
        rates = {ln.tax_rate for ln in self.doc.lines}
        return len(rates) > 1 and rate == min(rates)

    def marked(self) -> bool:
        """Whether lines carry the reduced-rate mark (and so the note explaining it)."""
        return bool(self.house.mark) and any(self.reduced(ln.tax_rate) for ln in self.doc.lines)

    def taxable_label(self, rate: Decimal) -> str:
        key = "reduced_taxable" if self.reduced(rate) else "taxable"
        return self.word(key).format(rate=self.rate(rate), mark=self.house.mark)

    def tax_label(self, rate: Decimal) -> str:
        wording = self.word("tax_at")
        if "{rate}" in wording:
            return wording.format(rate=self.rate(rate))
        return f"{wording}（{self.rate(rate)}%）" if self.house.cjk() else f"{wording} ({self.rate(rate)}%)"

    def total_label(self) -> str:
        return self.word("amount_due") if self.quote else self.word("total")

    def summary_rows(self, per_rate: bool) -> list[tuple[str, str, bool]]:
        """(label, amount, bold) rows of a totals stack; per-rate rows when `per_rate`."""
        doc = self.doc
        rows = [(self.word("subtotal"), self.money(doc.subtotal), False)]
        for row in doc.tax_rows:
            if per_rate and (doc.mixed_rates or self.house.per_rate == "rows"):
                rows.append((self.taxable_label(row.rate), self.money(row.taxable), False))
            rows.append((self.tax_label(row.rate), self.money(row.tax), False))
        if doc.mixed_rates and self.house.tax_total_shown:
            rows.append((self.word("tax_total"), self.money(doc.tax_total), False))
        rows.append((self.total_label(), self.money(doc.total), True))
        return rows

    def rate_line(self, row: TaxRow) -> str:
        """One per-rate summary line: '10%対象 1,760 消費税 176'."""
        gap = "　" if self.house.cjk() else "   "
        return f"{self.taxable_label(row.rate)} {self.money(row.taxable)}{gap}{self.tax_label(row.rate)} " \
               f"{self.money(row.tax)}"

    def cell_text(self, key: str, line: Line, index: int) -> str:
        """What a table cell of column `key` shows for a line."""
        house, mark = self.house, self.house.mark if self.reduced(line.tax_rate) else ""
        if key == "no":
            return str(index)
        if key == "sku":
            return line.sku
        if key == "description":
            return f"{line.description} {mark}" if mark and house.mark_at == "description" else line.description
        if key == "mark":
            return mark
        if key == "quantity":
            joined = house.language == "ja" and "unit" not in house.columns
            return write_quantity(line.quantity) + (line.unit if joined else "")
        if key == "unit":
            return line.unit
        if key == "unit_price":
            return self.cell(line.unit_price)
        if key == "rate":
            return f"{self.rate(line.tax_rate)}%" + (mark if house.mark_at == "rate" else "")
        return self.cell(self.doc.amount(line))
