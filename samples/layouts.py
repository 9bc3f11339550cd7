"""The four house layouts the sample suppliers print their invoices and quotes in."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from samples.page import LEFT, RIGHT, Page
from samples.world import DemoDocument, Line
from samples.writing import figure, format_date, format_money, quantity

# --- layouts -------------------------------------------------------------------------------

@dataclass
class Column:
    key: str  # sku, description, mark, quantity, unit, unit_price, rate, amount, no
    title: str
    width: int
    align: str = "right"


class Layout:
    """Paginates the lines: a header, a slice of the table, and totals on the last page."""

    face = "sans"
    rows_first = 14
    rows_next = 24
    totals_rows = 6  # table rows the totals take on the last page

    def __init__(self, document: DemoDocument):
        self.doc, self.style = document, document.supplier.style
        self.quote = document.kind == "quote"

    def pages(self) -> list[Page]:
        chunks, remaining = [], list(self.doc.lines)
        while True:
            room = self.rows_next if chunks else self.rows_first
            if len(remaining) <= room - self.totals_rows:
                chunks.append(remaining)
                break
            take = min(room, len(remaining) - 1)
            chunks.append(remaining[:take])
            remaining = remaining[take:]
        pages, first = [], 1
        for number, chunk in enumerate(chunks, start=1):
            page = Page(self.face)
            y = self.header(page) if number == 1 else self.continued(page, number)
            y = self.table(page, y, chunk, first)
            if number == len(chunks):
                self.totals(page, y)
            else:
                self.carried(page, y)
            self.footer(page, number, len(chunks))
            first += len(chunk)
            pages.append(page)
        return pages

    def money(self, value: Decimal) -> str:
        return format_money(value, self.doc.currency, self.style.get("money", "¥"))

    def date(self, day: date) -> str:
        return format_date(day, self.style.get("date", "iso"))

    def cell(self, column: Column, line: Line, index: int) -> str:
        if column.key == "no":
            return str(index)
        if column.key == "sku":
            return line.sku
        if column.key == "description":
            return line.description
        if column.key == "mark":
            return "※" if line.tax_rate == 8 else ""
        if column.key == "quantity":
            return quantity(line.quantity)
        if column.key == "unit":
            return line.unit
        if column.key == "unit_price":
            return figure(line.unit_price, self.doc.currency)
        if column.key == "rate":
            return f"{line.tax_rate}%"
        return figure(self.doc.amount(line), self.doc.currency)

    def draw_rows(self, page: Page, y: float, columns: list[Column], lines: list[Line], first: int,
                  row: int, size: int, grid: bool, slots: int = 0) -> float:
        """Table rows under a header already drawn at y; returns the y below the last row."""
        edges = [LEFT]
        for column in columns:
            edges.append(edges[-1] + column.width)
        count = max(slots, len(lines))
        for i in range(count):
            top = y + i * row
            if i < len(lines):
                for column, x0, x1 in zip(columns, edges, edges[1:], strict=False):
                    x = {"right": x1 - 14, "left": x0 + 14}.get(column.align, (x0 + x1) / 2)
                    text = self.cell(column, lines[i], first + i)
                    page.text(x, top + row * 0.68, text, size, align=column.align)
            page.line(LEFT, top + row, RIGHT, top + row, 1 if not grid else 2, 150 if not grid else 60)
        if grid:
            for x in edges:
                page.line(x, y, x, y + count * row, 2, 60)
        return y + count * row

    # hooks
    def header(self, page: Page) -> float: ...
    def continued(self, page: Page, number: int) -> float: ...
    def table(self, page: Page, y: float, lines: list[Line], first: int) -> float: ...
    def totals(self, page: Page, y: float) -> None: ...
    def carried(self, page: Page, y: float) -> None: ...
    def footer(self, page: Page, number: int, of: int) -> None: ...


class EnStacked(Layout):
    """Modern English: a row of values with their labels under them, an SKU column, a dark table head."""

    rows_first, rows_next = 15, 24

    def header(self, page: Page) -> float:
        doc, s = self.doc, self.style
        page.text(LEFT, 210, doc.supplier.name, 50, bold=True)
        y = 255
        for text in doc.supplier.address:
            page.text(LEFT, y, text, 26, gray=60)
            y += 34
        if doc.registration_number:
            page.text(LEFT, y, f"Qualified invoice issuer no. {doc.registration_number}", 26, gray=60)
        title = "QUOTATION" if self.quote else s.get("title", "TAX INVOICE")
        page.text(RIGHT, 215, title, 60, bold=True, align="right", gray=70)
        fields = [(doc.number, "Quote No." if self.quote else s["number"]),
                  (self.date(doc.issue_date), "Quote Date" if self.quote else s["date_label"]),
                  (self.date(doc.due_date), "Valid until" if self.quote else s["due"])]
        if doc.po_number:
            fields.append((doc.po_number, s["po"]))
        page.line(LEFT, 420, RIGHT, 420, 2, 120)
        for i, (value, label) in enumerate(fields):
            x = LEFT + 20 + i * 350
            page.text(x, 480, value, 32, bold=True)
            page.text(x, 518, label, 22, gray=110)
        page.line(LEFT, 550, RIGHT, 550, 2, 120)
        page.text(LEFT, 625, "Prepared for" if self.quote else "Invoice to", 22, gray=110)
        page.text(LEFT, 665, doc.buyer.name, 30, bold=True)
        y = 702
        for text in doc.buyer.address:
            page.text(LEFT, y, text, 26)
            y += 34
        return 840

    def continued(self, page: Page, number: int) -> float:
        page.text(LEFT, 200, self.doc.supplier.name, 34, bold=True)
        page.text(RIGHT, 200, f"{self.style['number']} {self.doc.number} (continued)", 26, align="right")
        page.line(LEFT, 230, RIGHT, 230, 2, 120)
        return 300

    def columns(self) -> list[Column]:
        return [Column("sku", "Item code", 210, "left"), Column("description", "Description", 604, "left"),
                Column("unit_price", "Unit price", 220), Column("quantity", "Qty", 110),
                Column("amount", f"Amount ({self.doc.currency})", 250)]

    def table(self, page: Page, y: float, lines: list[Line], first: int) -> float:
        page.box(LEFT, y, RIGHT, y + 56, fill=45, outline=None)
        x = LEFT
        for column in self.columns():
            at = x + column.width - 14 if column.align == "right" else x + 14
            page.text(at, y + 38, column.title, 24, bold=True, align=column.align, gray=255)
            x += column.width
        return self.draw_rows(page, y + 56, self.columns(), lines, first, 58, 26, grid=False)

    def totals(self, page: Page, y: float) -> None:
        doc, label_x = self.doc, 1010
        y += 70
        page.text(label_x, y, "Subtotal", 28)
        page.text(RIGHT, y, self.money(doc.subtotal), 28, align="right")
        for row in doc.tax_rows:
            y += 46
            page.text(label_x, y, f"Consumption tax {row.rate}%", 28)
            page.text(RIGHT, y, self.money(row.tax), 28, align="right")
        page.line(label_x, y + 24, RIGHT, y + 24, 4)
        y += 76
        page.text(label_x, y, "Total quoted" if self.quote else self.style["total"], 30, bold=True)
        page.text(RIGHT, y, self.money(doc.total), 34, bold=True, align="right")

    def carried(self, page: Page, y: float) -> None:
        page.text(RIGHT, y + 50, "Continued on next page", 24, align="right", gray=90)

    def footer(self, page: Page, number: int, of: int) -> None:
        bank = self.style.get("bank", "Yokohama Harbour Bank, Minato Branch, 0612345")
        page.text(LEFT, 2180, f"Payment by bank transfer to {bank}.", 24, gray=80)
        page.text(LEFT, 2216, "Please quote our bill number with your payment.", 24, gray=80)
        page.text(RIGHT, 2216, f"Page {number} of {of}", 24, align="right", gray=80)


class EnLedger(Layout):
    """Classic English letterhead in serif: centred name, label-colon-value block, quantity first."""

    face = "serif"
    rows_first, rows_next = 16, 28

    def header(self, page: Page) -> float:
        doc, s = self.doc, self.style
        centre = (LEFT + RIGHT) / 2
        page.text(centre, 210, doc.supplier.name, 54, bold=True, align="center")
        y = 256
        for text in doc.supplier.address:
            page.text(centre, y, text, 26, align="center")
            y += 32
        if doc.registration_number:
            page.text(centre, y, f"Registration No. {doc.registration_number}", 26, align="center")
            y += 32
        page.line(LEFT, y, RIGHT, y, 3)
        page.line(LEFT, y + 8, RIGHT, y + 8, 1)
        top = y + 110
        page.text(LEFT, top, "Quotation" if self.quote else "Invoice", 48, bold=True)
        rows = [(s["number"], doc.number), (s["date_label"], self.date(doc.issue_date)),
                ("Valid until" if self.quote else s["due"], self.date(doc.due_date))]
        if doc.po_number:
            rows.append((s["po"], doc.po_number))
        for i, (label, value) in enumerate(rows):
            page.text(960, top + i * 44, f"{label}:", 28)
            page.text(1200, top + i * 44, value, 28, bold=True)
        page.text(LEFT, top + 90, "Sold to" if not self.quote else "Addressed to", 28, bold=True)
        for i, text in enumerate([doc.buyer.name, *doc.buyer.address]):
            page.text(LEFT, top + 132 + i * 36, text, 28)
        return top + 330

    def continued(self, page: Page, number: int) -> float:
        doc = self.doc
        page.text(LEFT, 210, f"{doc.supplier.name}, {self.style['number'].lower()} {doc.number}", 28)
        page.text(RIGHT, 210, f"page {number}", 28, align="right")
        return 280

    def columns(self) -> list[Column]:
        return [Column("quantity", "Qty", 130, "center"),
                Column("description", "Item description", 764, "left"),
                Column("unit_price", "Unit price", 250), Column("amount", "Amount", 250)]

    def table(self, page: Page, y: float, lines: list[Line], first: int) -> float:
        page.line(LEFT, y, RIGHT, y, 3)
        x = LEFT
        for column in self.columns():
            at = x + column.width - 14 if column.align == "right" else x + 14 if column.align == "left" \
                else x + column.width / 2
            page.text(at, y + 38, column.title, 28, bold=True, align=column.align)
            x += column.width
        page.line(LEFT, y + 54, RIGHT, y + 54, 2)
        return self.draw_rows(page, y + 54, self.columns(), lines, first, 52, 28, grid=False)

    def totals(self, page: Page, y: float) -> None:
        doc, label_x = self.doc, 1240
        y += 64
        page.text(label_x, y, "Net total", 28, align="right")
        page.text(RIGHT, y, self.money(doc.subtotal), 28, align="right")
        for row in doc.tax_rows:
            y += 44
            label = "Sales tax (exempt) 0%" if row.rate == 0 else f"Consumption tax at {row.rate}%"
            page.text(label_x, y, label, 28, align="right")
            page.text(RIGHT, y, self.money(row.tax), 28, align="right")
        y += 60
        page.text(label_x, y, "Total" if self.quote else self.style["total"], 32, bold=True, align="right")
        page.text(RIGHT, y, self.money(doc.total), 32, bold=True, align="right")
        page.line(1290, y + 14, RIGHT, y + 14, 2)
        page.line(1290, y + 22, RIGHT, y + 22, 2)

    def carried(self, page: Page, y: float) -> None:
        page.text(LEFT, y + 50, "Carried forward to next page.", 26)

    def footer(self, page: Page, number: int, of: int) -> None:
        centre = (LEFT + RIGHT) / 2
        terms = "Prices valid until the date above." if self.quote else \
            "Terms: payment by the date above. Please quote our reference with your remittance."
        page.text(centre, 2190, terms, 24, align="center")
        page.text(centre, 2230, f"{number}/{of}", 24, align="center")


JA_WORDS = {
    "invoice": {"title": "御請求書", "number": "請求No.", "date": "発行日", "due": "お支払期日",
                "po": "ご注文番号",
                "intro": "下記のとおりご請求申し上げます。"},
    "quote": {"title": "御見積書", "number": "見積No.", "date": "見積日", "due": "有効期限", "po": "",
              "intro": "下記のとおりお見積り申し上げます。"},
}


class JaReiwa(Layout):
    """Japanese in serif: title at the left, era dates, a seal, a ※ column for the reduced rate."""

    face = "jserif"
    rows_first, rows_next = 14, 24

    def header(self, page: Page) -> float:
        doc, words = self.doc, JA_WORDS[self.doc.kind]
        page.text(LEFT, 240, words["title"], 72, bold=True)
        page.line(LEFT, 270, LEFT + 330, 270, 5)
        rows = [(words["number"], doc.number), (words["date"], self.date(doc.issue_date))]
        for i, (label, value) in enumerate(rows):
            page.text(1060, 200 + i * 48, label, 28)
            page.text(RIGHT, 200 + i * 48, value, 28, align="right")
        page.text(LEFT, 400, f"{doc.buyer.name_ja}　様", 40)
        page.line(LEFT, 418, 860, 418, 2)
        page.text(LEFT, 480, words["intro"], 26)
        page.box(LEFT, 515, 860, 610, outline=0, width=3)
        page.text(LEFT + 24, 575, "合計金額", 32)
        page.text(840, 580, f"¥{figure(doc.total, doc.currency)}-", 46, bold=True, align="right")
        page.text(LEFT, 665, f"{words['due']}　{self.date(doc.due_date)}", 28)
        if doc.po_number:
            page.text(LEFT, 712, f"{words['po']}　{doc.po_number}", 28)
        y = 400
        page.text(1000, y, doc.supplier.name, 34, bold=True)
        for text in doc.supplier.address:
            y += 40
            page.text(1000, y, text, 24)
        if doc.registration_number:
            page.text(1000, y + 40, f"登録番号　{doc.registration_number}", 24)
        page.circle(1450, 330, 56, 4, 90)
        page.text(1450, 320, doc.supplier.name.replace("株式会社", "")[:2], 30, align="center", gray=90)
        page.text(1450, 358, "之印", 30, align="center", gray=90)
        return 790

    def continued(self, page: Page, number: int) -> float:
        words = JA_WORDS[self.doc.kind]
        page.text(LEFT, 200, f"{words['title']}（続き）", 36, bold=True)
        page.text(RIGHT, 200, f"{words['number']} {self.doc.number}", 28, align="right")
        return 270

    def columns(self) -> list[Column]:
        return [Column("description", "品名", 600, "left"), Column("mark", "軽減", 90, "center"),
                Column("quantity", "数量", 130), Column("unit", "単位", 110, "center"),
                Column("unit_price", "単価", 220), Column("amount", "金額", 244)]

    def table(self, page: Page, y: float, lines: list[Line], first: int) -> float:
        page.box(LEFT, y, RIGHT, y + 54, fill=228, outline=60)
        x = LEFT
        for column in self.columns():
            page.text(x + column.width / 2, y + 38, column.title, 26, align="center")
            x += column.width
        return self.draw_rows(page, y + 54, self.columns(), lines, first, 60, 27, grid=True)

    def totals(self, page: Page, y: float) -> None:
        doc = self.doc
        if any(ln.tax_rate == 8 for ln in doc.lines):
            page.text(LEFT, y + 40, "※印は軽減税率（8%）適用商品です。", 24)
        rows = [("小計", doc.subtotal)]
        for row in doc.tax_rows:
            rows += [(f"{row.rate}%対象額", row.taxable), (f"消費税（{row.rate}%）", row.tax)]
        if doc.mixed_rates:
            rows.append(("消費税合計", doc.tax_total))
        rows.append(("合計金額", doc.total))
        top = y + 70
        for i, (label, value) in enumerate(rows):
            row_y = top + i * 54
            last = i == len(rows) - 1
            page.box(960, row_y, RIGHT, row_y + 54, fill=235 if last else None, outline=60)
            page.line(1190, row_y, 1190, row_y + 54, 2, 60)
            page.text(980, row_y + 38, label, 26, bold=last)
            page.text(RIGHT - 16, row_y + 38, f"¥{figure(value, doc.currency)}", 27, bold=last, align="right")

    def carried(self, page: Page, y: float) -> None:
        page.text(RIGHT, y + 44, "次頁へ続く", 26, align="right")

    def footer(self, page: Page, number: int, of: int) -> None:
        bank = self.style.get("bank", "みなと信用金庫 元町支店 普通 1203345")
        page.text(LEFT, 2170, f"お振込先：{bank}", 24)
        page.text(LEFT, 2206, "お振込手数料は貴社にてご負担くださいますようお願い申し上げます。", 24)
        page.text(RIGHT, 2240, f"{number} / {of}", 24, align="right")


class JaGrid(Layout):
    """Japanese form in sans: supplier top left, a labelled grid top right, the amounts in
    boxes with their labels above, a fixed number of ruled rows per page."""

    face = "jsans"
    rows_first, rows_next = 12, 12
    totals_rows = 0  # the form has room for its totals under its twelve rows
    LABELS = {"sku": {"number": "伝票番号", "date": "発行日", "due": "お支払期日", "po": "貴社注文番号"},
              "unit": {"number": "請求No.", "date": "請求日", "due": "お支払期限", "po": "注文No."}}

    def labels(self) -> dict:
        if self.quote:
            return {"number": "見積番号", "date": "見積日", "due": "有効期限", "po": ""}
        return self.LABELS["unit" if self.style.get("units") else "sku"]

    def header(self, page: Page) -> float:
        doc, labels = self.doc, self.labels()
        self.letterhead(page)
        rows = [(labels["number"], doc.number), (labels["date"], self.date(doc.issue_date)),
                (labels["due"], self.date(doc.due_date))]
        if doc.po_number:
            rows.append((labels["po"], doc.po_number))
        for i, (label, value) in enumerate(rows):
            top = 150 + i * 56
            page.box(960, top, 1180, top + 56, fill=232, outline=60)
            page.box(1180, top, RIGHT, top + 56, outline=60)
            page.text(976, top + 38, label, 24)
            page.text(RIGHT - 16, top + 38, value, 27, align="right")
        title = "御 見 積 書" if self.quote else "請 求 書"
        page.box(620, 450, 1034, 530, outline=0, width=3)
        page.text(827, 510, title, 50, bold=True, align="center")
        page.text(LEFT, 610, f"{doc.buyer.name_ja}　{doc.buyer.address_ja[-1]} 御中", 32)
        page.line(LEFT, 626, 900, 626, 2)
        amounts = [("税抜金額", doc.subtotal), ("消費税額", doc.tax_total),
                   ("御見積金額" if self.quote else "ご請求金額", doc.total)]
        for i, (label, value) in enumerate(amounts):
            x0 = LEFT + i * 465
            page.box(x0, 670, x0 + 465, 716, fill=232, outline=60)
            page.box(x0, 716, x0 + 465, 790, outline=60, width=3 if i == 2 else 2)
            page.text(x0 + 232, 702, label, 24, align="center")
            page.text(x0 + 445, 770, self.money(value), 36 if i == 2 else 30, bold=i == 2, align="right")
        return 850

    def letterhead(self, page: Page) -> None:
        doc = self.doc
        page.text(LEFT, 200, doc.supplier.name, 42, bold=True)
        y = 200
        for text in doc.supplier.address:
            y += 40
            page.text(LEFT, y, text, 24)
        if doc.registration_number:
            page.text(LEFT, y + 40, f"登録番号：{doc.registration_number}", 24)

    def continued(self, page: Page, number: int) -> float:
        self.letterhead(page)
        page.text(RIGHT, 200, f"{self.labels()['number']}　{self.doc.number}", 28, align="right")
        page.text(RIGHT, 244, "（明細続き）", 26, align="right")
        return 420

    def columns(self) -> list[Column]:
        if self.style.get("units"):
            middle, description = Column("unit", "単位", 110, "center"), 614
        else:
            middle, description = Column("sku", "品番", 200, "left"), 524
        return [Column("no", "No.", 70, "center"), middle,
                Column("description", "品名・摘要", description, "left"),
                Column("unit_price", "単価", 190), Column("quantity", "数量", 110),
                Column("rate", "税率", 100, "center"),
                Column("amount", "金額", 200)]

    def table(self, page: Page, y: float, lines: list[Line], first: int) -> float:
        page.box(LEFT, y, RIGHT, y + 52, fill=210, outline=60)
        x = LEFT
        for column in self.columns():
            page.text(x + column.width / 2, y + 36, column.title, 24, align="center")
            x += column.width
        return self.draw_rows(page, y + 52, self.columns(), lines, first, 62, 26, grid=True, slots=12)

    def totals(self, page: Page, y: float) -> None:
        doc = self.doc
        page.box(1034, y, RIGHT, y + 58, outline=60)
        page.text(1050, y + 40, "小計", 26)
        page.text(RIGHT - 14, y + 40, self.money(doc.subtotal), 26, align="right")
        parts = [f"{r.rate}%対象 {self.money(r.taxable)}　消費税 {self.money(r.tax)}" for r in doc.tax_rows]
        for i, text in enumerate(parts):
            page.text(LEFT, y + 110 + i * 40, f"内訳　{text}", 26)

    def carried(self, page: Page, y: float) -> None:
        page.text(RIGHT, y + 44, "次ページへ続きます", 26, align="right")

    def footer(self, page: Page, number: int, of: int) -> None:
        page.text(LEFT, 2150, "備考", 24)
        page.box(LEFT, 2166, RIGHT, 2246, outline=120)
        bank = self.style.get("bank", "横浜中央銀行 本店営業部 当座 0088123")
        page.text(LEFT + 16, 2214, f"お振込先：{bank}", 24)
        page.text((LEFT + RIGHT) / 2, 2300, f"- {number}/{of} -", 24, align="center")


LAYOUTS: dict[str, type[Layout]] = {"en_stacked": EnStacked, "en_ledger": EnLedger, "ja_reiwa": JaReiwa,
                                    "ja_grid": JaGrid}
