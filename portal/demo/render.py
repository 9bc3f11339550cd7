"""Drawing invoices and quotes: four house layouts on A4 at 200 dpi, as page images or as a
PDF with a real text layer (English only: the standard Helvetica and Times fonts).

A layout draws on a `Page`, which records text, rules and boxes in pixels; `to_image` and
`to_pdf` replay the record. English layouts measure text with Liberation Sans and Serif,
whose widths are Helvetica's and Times', so right-aligned figures line up in both.

`python -m portal.demo.render OUTDIR [--count N] [--seed S]` writes a held-out corpus.
"""
from __future__ import annotations

import argparse
import json
import random
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from portal.demo.degrade import FORMATS, MULTI_PAGE, encode
from portal.demo.world import Document, Line, heldout_world, master_csv, truth

DPI = 200
A4 = (1654, 2339)
LEFT, RIGHT = 130, 1524
_FONT_FILES = {
    ("sans", False): "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    ("sans", True): "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ("serif", False): "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    ("serif", True): "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf",
    ("jsans", False): "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    ("jsans", True): "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    ("jserif", False): "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    ("jserif", True): "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
}
_PDF_FONTS = {("sans", False): "Helvetica", ("sans", True): "Helvetica-Bold",
              ("serif", False): "Times-Roman", ("serif", True): "Times-Bold"}


@lru_cache(maxsize=128)
def font(face: str, bold: bool, size: int) -> ImageFont.FreeTypeFont:
    """A TrueType font (index 0 of the CJK collections is the Japanese one)."""
    return ImageFont.truetype(_FONT_FILES[(face, bold)], size, index=0)


# --- the page record -----------------------------------------------------------------------

@dataclass
class Page:
    """What is drawn on one page, in pixels at 200 dpi from the top left."""

    face: str = "sans"
    ops: list[tuple] = field(default_factory=list)

    def text(self, x: float, y: float, s: str, size: int = 28, bold: bool = False, align: str = "left",
             gray: int = 0, face: str | None = None) -> float:
        """Text with its baseline at y; x is its left, right or centre edge. Returns its width."""
        face = face or self.face
        width = font(face, bold, size).getlength(s)
        left = x - width if align == "right" else x - width / 2 if align == "center" else x
        self.ops.append(("text", left, y, s, size, bold, gray, face))
        return width

    def line(self, x0: float, y0: float, x1: float, y1: float, width: int = 2, gray: int = 0) -> None:
        self.ops.append(("line", x0, y0, x1, y1, width, gray))

    def box(self, x0: float, y0: float, x1: float, y1: float, fill: int | None = None,
            outline: int | None = 0, width: int = 2) -> None:
        self.ops.append(("box", x0, y0, x1, y1, fill, outline, width))

    def circle(self, cx: float, cy: float, r: float, width: int = 4, gray: int = 0) -> None:
        self.ops.append(("circle", cx, cy, r, width, gray))


def to_image(page: Page) -> Image.Image:
    """The page as an 8-bit grayscale A4 image at 200 dpi."""
    image = Image.new("L", A4, 255)
    draw = ImageDraw.Draw(image)
    for op in page.ops:
        kind, *a = op
        if kind == "text":
            x, y, s, size, bold, gray, face = a
            draw.text((x, y), s, fill=gray, font=font(face, bold, size), anchor="ls")
        elif kind == "line":
            draw.line(a[:4], fill=a[5], width=a[4])
        elif kind == "box":
            x0, y0, x1, y1, fill, outline, width = a
            stroke = width if outline is not None else 0
            draw.rectangle((x0, y0, x1, y1), fill=fill, outline=outline, width=stroke)
        elif kind == "circle":
            cx, cy, r, width, gray = a
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=gray, width=width)
    image.info["dpi"] = (DPI, DPI)
    return image


def to_pdf(pages: list[Page]) -> bytes:
    """A PDF whose text is real text (Helvetica or Times, WinAnsi): English layouts only."""
    scale, height = 72 / DPI, A4[1] * 72 / DPI
    fonts = sorted(_PDF_FONTS.items(), key=lambda kv: kv[1])
    names = {key: f"F{i}" for i, (key, _) in enumerate(fonts)}
    objects: list[bytes] = [b"", b""]  # 1 catalog, 2 page tree: filled in below
    font_refs = []
    for _key, base in fonts:
        objects.append(f"<< /Type /Font /Subtype /Type1 /BaseFont /{base} "
                       "/Encoding /WinAnsiEncoding >>".encode())
        font_refs.append(len(objects))
    entries = " ".join(f"/{names[k]} {ref} 0 R" for (k, _), ref in zip(fonts, font_refs, strict=True))
    resources = f"<< /Font << {entries} >> >>"
    kids = []
    for page in pages:
        stream = zlib.compress(_pdf_content(page, scale, height, names))
        head = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
        objects.append(head + stream + b"\nendstream")
        objects.append((f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {A4[0] * scale:.2f} {height:.2f}] "
                        f"/Resources {resources} /Contents {len(objects)} 0 R >>").encode())
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    refs = " ".join(f"{k} 0 R" for k in kids)
    objects[1] = f"<< /Type /Pages /Kids [{refs}] /Count {len(kids)} >>".encode()
    out, offsets = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _pdf_content(page: Page, scale: float, height: float, names: dict) -> bytes:
    """The page's drawing operators in PDF points, y upwards."""
    ops = []
    for kind, *a in page.ops:
        if kind == "text":
            x, y, s, size, bold, gray, face = a
            escaped = s.encode("cp1252", "replace")
            for char in (b"\\", b"(", b")"):
                escaped = escaped.replace(char, b"\\" + char)
            ops.append(b"BT /%s %.2f Tf %.3f g %.2f %.2f Td (" % (names[(face, bold)].encode(), size * scale,
                                                                  gray / 255, x * scale, height - y * scale)
                       + escaped + b") Tj ET")
        elif kind == "line":
            x0, y0, x1, y1, width, gray = a
            ops.append(b"%.2f w %.3f G %.2f %.2f m %.2f %.2f l S" % (
                width * scale, gray / 255, x0 * scale, height - y0 * scale, x1 * scale, height - y1 * scale))
        elif kind == "box":
            x0, y0, x1, y1, fill, outline, width = a
            rect = b"%.2f %.2f %.2f %.2f re" % (
                x0 * scale, height - y1 * scale, (x1 - x0) * scale, (y1 - y0) * scale)
            if fill is not None:
                ops.append(b"%.3f g " % (fill / 255) + rect + b" f")
            if outline is not None:
                ops.append(b"%.2f w %.3f G " % (width * scale, outline / 255) + rect + b" S")
    return b"\n".join(ops)


# --- how things are written ------------------------------------------------------------------

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def format_date(day: date, style: str) -> str:
    """A date the way a supplier prints it."""
    if style == "dmy_long":
        return f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    if style == "mdy_long":
        return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
    if style == "dots":
        return day.strftime("%Y.%m.%d")
    if style == "slash":
        return day.strftime("%Y/%m/%d")
    if style == "reiwa":
        return f"令和{day.year - 2018}年{day.month}月{day.day}日"
    return day.isoformat()


def figure(value: Decimal, currency: str) -> str:
    """An amount with thousands separators and the currency's decimals: 1,234 or 1,234.50."""
    return f"{value:,.2f}" if currency == "USD" else f"{value:,.0f}"


def format_money(value: Decimal, currency: str, style: str) -> str:
    """An amount with the supplier's currency sign: JPY 1,234 / ¥1,234 / 1,234円 / ￥1,234 / US$1.00."""
    text = figure(value, currency)
    if style == "suffix":
        return text + "円"
    if style == "yen":
        return "￥" + text
    return style + text


def quantity(value: Decimal) -> str:
    return f"{value.normalize():f}"


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

    def __init__(self, document: Document):
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


def render_pages(document: Document) -> list[Page]:
    """The document drawn in its supplier's layout, one Page per sheet."""
    return LAYOUTS[document.supplier.layout](document).pages()


def render(document: Document) -> list[Image.Image]:
    """The document's pages as clean grayscale A4 images at 200 dpi."""
    return [to_image(page) for page in render_pages(document)]


def render_pdf(document: Document) -> bytes:
    """The document as a born-digital PDF with a text layer (English layouts only)."""
    if document.supplier.language != "en":
        raise ValueError("a text layer needs Helvetica or Times: English documents only")
    return to_pdf(render_pages(document))


# --- a held-out corpus ---------------------------------------------------------------------

def _pick_format(document: Document, pages: int, used: Counter, rng: random.Random) -> str:
    """The least used format the document can take (several pages: TIFF or PDF only)."""
    allowed = list(MULTI_PAGE if pages > 1 else FORMATS)
    if document.supplier.language == "en":
        allowed.append("pdf-digital")
    least = min(used[f] for f in allowed)
    return rng.choice([f for f in allowed if used[f] == least])


def write_corpus(outdir: Path, count: int = 24, seed: int = 7) -> list[dict]:
    """documents/, truth/, master/ and manifest.txt, in the shape of the dev corpus; returns the truths."""
    world = heldout_world(count, seed)
    rng = random.Random(seed)
    for folder in ("documents", "truth", "master"):
        (outdir / folder).mkdir(parents=True, exist_ok=True)
    for name, text in master_csv(world).items():
        (outdir / "master" / name).write_text(text, encoding="utf-8")
    numbers = rng.sample(range(1, len(world.documents) + 1), len(world.documents))
    used: Counter = Counter()
    sent: dict[tuple[str, str], tuple[str, bytes, str]] = {}
    manifest, truths = [], []
    for number, document in zip(numbers, world.documents, strict=True):
        key = (document.supplier.code, document.number)
        if document.variant == "duplicate" and not any(k == "same_bytes" for k in used):
            used["same_bytes"] += 1  # the first duplicate is the very same file uploaded again
            ext, data, fmt = sent[key]
        else:
            pages = render_pages(document)
            fmt = _pick_format(document, len(pages), used, rng)
            if fmt == "pdf-digital":
                ext, data = "pdf", to_pdf(pages)
            else:
                ext, data = encode([to_image(p) for p in pages], fmt, rng)
            used[fmt] += 1
        sent.setdefault(key, (ext, data, fmt))
        file = f"doc-{number:03d}.{ext}"
        (outdir / "documents" / file).write_bytes(data)
        record = truth(document, file, fmt)
        (outdir / "truth" / f"doc-{number:03d}.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        manifest.append(file)
        truths.append(record)
    (outdir / "manifest.txt").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    return truths


def main(argv: list[str] | None = None) -> None:
    """Write a held-out corpus: other suppliers, layouts and wording than the dev corpus."""
    parser = argparse.ArgumentParser(prog="python -m portal.demo.render", description=main.__doc__)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--count", type=int, default=24)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    truths = write_corpus(args.outdir, args.count, args.seed)
    kinds = Counter(f"{t['format']}" for t in truths)
    summary = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    print(f"wrote {len(truths)} documents to {args.outdir}: {summary}")


if __name__ == "__main__":
    main()
