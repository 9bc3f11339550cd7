"""A document drawn in its supplier's random house style: the head arranged around the meta
block's placement, the totals at the top, the bottom or both, the table paginated over as
many pages as it needs, and a footer on every page."""
from __future__ import annotations

from collections.abc import Callable

from samples.page import A4, Page
from samples.randomiser import blocks, table, totals
from samples.randomiser.writer import Writer
from samples.world import DemoDocument

TOP = 150
BOTTOM = 2100  # the body stops here; the footer sits below
FOOTER_META = 1900  # where a meta block placed in the footer starts
SIDEBAR = 400


class Sheet:
    """One document on A4 pages at 200 dpi."""

    def __init__(self, document: DemoDocument):
        self.w = Writer(document)
        self.house = self.w.house
        self.left, self.right = self.house.margin, A4[0] - self.house.margin
        self.x0 = self.left + (SIDEBAR + 40 if self.house.meta == "sidebar" else 0)
        self.mid = self.x0 + (self.right - self.x0) * 0.52

    def pages(self) -> list[Page]:
        """The pages: rows until a page is full, the closing totals after the last row."""
        w, pages = self.w, []
        cols = table.columns(w, self.x0, self.right)
        height = table.row_height(w)
        closing = self.measure(self.closing)
        remaining, first = list(w.doc.lines), 1
        while True:
            page = Page(self.house.face)
            y = self.first_head(page) if not pages else self.next_head(page)
            y = table.head(w, page, cols, y)
            bottom = FOOTER_META - 20 if self.house.meta == "footer" and not pages else BOTTOM
            if not remaining or len(remaining) <= (bottom - y - closing) // height:
                self.closing(page, table.rows(w, page, cols, remaining, first, y))
                pages.append(page)
                break
            take = max(1, min(int((bottom - y) // height), len(remaining) - 1))
            y = table.rows(w, page, cols, remaining[:take], first, y)
            page.text(self.right, y + 44, w.word("carried"), self.house.size - 4, align="right", gray=80)
            pages.append(page)
            first, remaining = first + take, remaining[take:]
        for number, page in enumerate(pages, start=1):
            self.footer(page, number, len(pages))
        return pages

    def measure(self, draw: Callable[[Page, float], float]) -> float:
        """How tall a block is, drawn on a scratch page."""
        return draw(Page(self.house.face), 0)

    # --- the first page's head ------------------------------------------------------------

    def first_head(self, page: Page) -> float:
        house, w = self.house, self.w
        arrange = {"header_right": self.meta_right, "header_left": self.meta_left, "sidebar": self.sidebar,
                   "kv_table": self.kv_table, "footer": self.meta_footer, "row": self.meta_row}[house.meta]
        y = arrange(page)
        if house.intro:
            page.text(self.x0, y + house.size, w.word("intro"), house.size - 2)
            y += house.size + 30
        if house.totals in ("top", "both"):
            y = totals.banner(w, page, self.x0, self.right, y)
        if house.totals == "top":
            y = totals.summary(w, page, self.x0, self.right, y)
        return y + 20

    def parties(self, page: Page, y: float, supplier_left: bool) -> tuple[float, float]:
        """Letterhead and addressee side by side; returns the bottoms of the left and right columns."""
        w, x0, mid, right = self.w, self.x0, self.mid, self.right
        if supplier_left:
            left = blocks.letterhead(w, page, x0, y, room=mid - 30 - x0)
            return left, blocks.buyer(w, page, mid + 30, y, right - mid - 30)
        left = blocks.buyer(w, page, x0, y, mid - 30 - x0)
        return left, blocks.letterhead(w, page, mid + 30, y, room=right - mid - 30)

    def meta_right(self, page: Page) -> float:
        """Meta block at the top right; Japanese houses put their letterhead under it."""
        w, x0, mid, right = self.w, self.x0, self.mid, self.right
        y = blocks.title(w, page, x0, right, TOP)
        meta = blocks.stacked(w, page, w.meta_fields(), mid + 30, right, y)
        if self.house.language == "ja":
            left = blocks.buyer(w, page, x0, y, mid - 30 - x0)
            meta = blocks.letterhead(w, page, mid + 30, meta + 20, room=right - mid - 30)
        else:
            left = blocks.letterhead(w, page, x0, y, room=mid - 30 - x0)
            left = blocks.buyer(w, page, x0, left + 30, mid - 30 - x0)
        return max(left, meta) + 30

    def meta_left(self, page: Page) -> float:
        """Meta block at the top left above the addressee, letterhead on the right."""
        w, x0, mid, right = self.w, self.x0, self.mid, self.right
        y = blocks.title(w, page, x0, right, TOP)
        left = blocks.stacked(w, page, w.meta_fields(), x0, mid - 60, y)
        left = blocks.buyer(w, page, x0, left + 20, mid - 30 - x0)
        return max(left, blocks.letterhead(w, page, mid + 30, y, room=right - mid - 30)) + 30

    def kv_table(self, page: Page) -> float:
        """Meta in a bordered grid at the right, or as a ruled row of cells under the parties."""
        w, x0, mid, right = self.w, self.x0, self.mid, self.right
        y = blocks.title(w, page, x0, right, TOP)
        if self.house.labels == "beside":
            meta = blocks.grid(w, page, w.meta_fields(), mid + 30, right, y)
            left = blocks.letterhead(w, page, x0, y, room=mid - 30 - x0)
            left = blocks.buyer(w, page, x0, left + 20, mid - 30 - x0)
            return max(left, meta) + 30
        bottom = max(self.parties(page, y, self.house.language != "ja"))
        return blocks.row(w, page, w.meta_fields(), x0, right, bottom + 20, boxed=True) + 10

    def meta_row(self, page: Page) -> float:
        """Letterhead and addressee, then the meta values in a row across the page."""
        w = self.w
        y = blocks.title(self.w, page, self.x0, self.right, TOP)
        bottom = max(self.parties(page, y, True))
        return blocks.row(w, page, w.meta_fields(), self.x0, self.right, bottom + 30, boxed=False) + 10

    def meta_footer(self, page: Page) -> float:
        """Parties at the top; the meta block in a ruled band at the foot of the first page."""
        w = self.w
        y = blocks.title(w, page, self.x0, self.right, TOP)
        blocks.row(w, page, w.meta_fields(), self.x0, self.right, FOOTER_META, boxed=True)
        return max(self.parties(page, y, self.house.language != "ja")) + 30

    def sidebar(self, page: Page) -> float:
        """A shaded column at the left with the letterhead and meta; title and addressee beside it."""
        w, house = self.w, self.house
        inner, room = self.left + 20, SIDEBAR - 40
        page.box(self.left, TOP - 40, self.left + SIDEBAR, BOTTOM, fill=238, outline=None)
        y = blocks.letterhead(w, page, inner, TOP, room=room)
        blocks.stacked(w, page, w.meta_fields(), inner, inner + room, y + 40)
        y = blocks.title(w, page, self.x0, self.right, TOP)
        return blocks.buyer(w, page, self.x0, y + 10, self.right - self.x0) + 30 + house.size

    # --- later pages, the closing block and the footer ----------------------------------------

    def next_head(self, page: Page) -> float:
        """A continuation page: who, which document, and that it goes on."""
        w, s, room = self.w, self.house.size, self.right - self.x0
        if self.house.meta == "sidebar":
            page.box(self.left, TOP - 40, self.left + SIDEBAR, BOTTOM, fill=238, outline=None)
        name = w.doc.supplier.name
        page.text(self.x0, TOP + s + 10, name, w.fit(name, s + 4, room, True), bold=True)
        text = f"{w.word('title')}  {w.word('number')} {w.doc.number} {w.word('continued')}"
        page.text(self.x0, TOP + 2 * s + 36, text, w.fit(text, s - 2, room))
        page.line(self.x0, TOP + 2 * s + 56, self.right, TOP + 2 * s + 56, 2, 120)
        return TOP + 2 * s + 100

    def closing(self, page: Page, y: float) -> float:
        """What follows the last row: the reduced-rate note and, unless printed on top, the totals."""
        w = self.w
        y = totals.notes(w, page, self.x0, self.right, y + 10)
        if self.house.totals in ("bottom", "both"):
            y = totals.summary(w, page, self.x0, self.right, y + 20)
        return y

    def footer(self, page: Page, number: int, of: int) -> None:
        """Bank details and terms, and the page number when there are several."""
        w, s = self.w, self.house.size - 6
        y = BOTTOM + 40
        page.line(self.left, y, self.right, y, 1, 150)
        bank = w.word("bank").format(bank=w.doc.supplier.style["bank"])
        page.text(self.left, y + 40, bank, w.fit(bank, s, self.right - self.left), gray=70)
        page.text(self.left, y + 76, w.word("terms"), s, gray=70)
        if of > 1 or self.house.values_right:
            marker = w.word("page").format(n=number, of=of)
            page.text(self.right, y + 130, marker, s, align="right", gray=70)


def render_pages(document: DemoDocument) -> list[Page]:
    """The document drawn in its supplier's house style, one Page per sheet."""
    return Sheet(document).pages()
