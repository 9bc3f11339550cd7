"""The pieces of a document's head: title, letterhead, seal, addressee, and label/value
groups stacked, in a row of cells or in a bordered grid. Each draws from a top y and
returns the y below what it drew."""
from __future__ import annotations

from samples.page import Page
from samples.randomiser.writer import Writer

Pairs = list[tuple[str, str]]


def title(w: Writer, page: Page, x0: float, x1: float, y: float) -> float:
    """The document's title, left, centred, right or white on a dark band."""
    text = w.word("title")
    size = w.fit(text, w.house.size * 2 + 8, x1 - x0 - 40, bold=True)
    where = w.house.title_at
    if where == "band":
        page.box(x0, y, x1, y + size + 40, fill=55, outline=None)
        page.text((x0 + x1) / 2, y + size + 12, text, size, bold=True, align="center", gray=255)
        return y + size + 60
    x = {"left": x0, "center": (x0 + x1) / 2, "right": x1}[where]
    page.text(x, y + size, text, size, bold=True, align=where)
    if w.house.language == "ja" and where == "center":
        half = w.width(text, size, True) / 2 + 20
        page.line((x0 + x1) / 2 - half, y + size + 16, (x0 + x1) / 2 + half, y + size + 16, 3)
    return y + size + 40


def letterhead(w: Writer, page: Page, x: float, y: float, align: str = "left", room: float = 700) -> float:
    """The supplier's name, address, telephone and (unless in the meta block) registration."""
    doc, s = w.doc, w.house.size
    size = w.fit(doc.supplier.name, s + 14, room, bold=True)
    name_width = page.text(x, y + size, doc.supplier.name, size, bold=True, align=align)
    if w.house.stamp and align == "left" and name_width + 150 <= room:
        seal(page, x + name_width + 90, y + size / 2 + 10, doc.supplier.name)  # beside the name, as stamped
    y += size + 16
    lines = list(doc.supplier.address)
    if not w.house.reg_in_meta and w.registration():
        lines.append(f"{w.label('registration')} {w.registration()}")
    for text in (part for line in lines for part in wrap(w, line, s - 2, room)):
        page.text(x, y + s - 2, text, w.fit(text, s - 2, room), align=align, gray=50)
        y += s + 10
    return y + 10


def wrap(w: Writer, text: str, size: int, room: float) -> list[str]:
    """Text broken at spaces into lines that fit `room` (a word longer than that stays whole)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and w.width(f"{lines[-1]} {word}", size) <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def seal(page: Page, cx: float, cy: float, name: str) -> None:
    """A company seal in red-grey ink over the letterhead."""
    stem = name.replace("株式会社", "").replace("有限会社", "").replace("合同会社", "")
    page.circle(cx, cy, 52, 4, 110)
    page.text(cx, cy - 6, stem[:2], 28, align="center", gray=110)
    page.text(cx, cy + 30, "之印", 28, align="center", gray=110)


def buyer(w: Writer, page: Page, x: float, y: float, room: float) -> float:
    """The addressee: 'name 御中' underlined the Japanese way, else a captioned address."""
    b, s = w.doc.buyer, w.house.size
    if w.house.language == "ja":
        page.text(x, y + s - 4, b.address_ja[0], s - 4, gray=40)
        honorific = w.word("bill_to")
        name = f"{b.name_ja} {b.address_ja[-1]}　{honorific}" if honorific == "御中" else f"{b.name_ja}　{honorific}"
        size = w.fit(name, s + 8, room)
        page.text(x, y + s + 20 + size, name, size)
        bottom = y + s + 40 + size
        page.line(x, bottom, x + min(room, w.width(name, size) + 20), bottom, 2)
        return bottom + 20
    page.text(x, y + s - 4, w.word("bill_to"), s - 4, bold=True, gray=90)
    y += s + 10
    for i, line in enumerate([b.name, *b.address]):
        for text in wrap(w, line, s, room):
            page.text(x, y + s, text, w.fit(text, s, room), bold=i == 0)
            y += s + 12
    return y + 10


def stacked(w: Writer, page: Page, pairs: Pairs, x0: float, x1: float, y: float) -> float:
    """Label/value pairs down a column: labels beside, above or below their values."""
    s, how = w.house.size, w.house.labels
    if how == "beside":
        return _beside(w, page, pairs, x0, x1, y)
    for label, value in pairs:
        value_size = w.fit(value, s + 2, x1 - x0, bold=True)
        if how == "above":
            page.text(x0, y + s - 4, label, w.fit(label, s - 4, x1 - x0), gray=100)
            page.text(x0, y + s + 8 + value_size, value, value_size, bold=True)
        else:
            page.text(x0, y + value_size, value, value_size, bold=True)
            page.text(x0, y + value_size + s + 4, label, w.fit(label, s - 4, x1 - x0), gray=100)
        y += 2 * s + 30
    return y


def _beside(w: Writer, page: Page, pairs: Pairs, x0: float, x1: float, y: float) -> float:
    s = w.house.size
    labels = [label + w.house.colon for label, _ in pairs]
    size = s
    while size > 16 and max(w.width(lb, size) for lb in labels) + 24 + \
            max(w.width(v, size, True) for _, v in pairs) > x1 - x0:
        size -= 1
    column = x0 + max(w.width(lb, size) for lb in labels) + 24
    # Captions too long for the column even in small print: each value on a line of its own under
    # its caption, as a designer would set it, never printed over the next block.
    apart = column + max(w.width(v, size, True) for _, v in pairs) > x1
    for label, (_, value) in zip(labels, pairs, strict=True):
        page.text(x0, y + size, label, size, gray=40)
        if apart:
            y += size + 10
            page.text(x0 + 24, y + size, value, size, bold=True)
        elif w.house.values_right:
            page.text(x1, y + size, value, size, bold=True, align="right")
        else:
            page.text(column, y + size, value, size, bold=True)
        y += size + 20
    return y + 10


def row(w: Writer, page: Page, pairs: Pairs, x0: float, x1: float, y: float, boxed: bool) -> float:
    """Pairs side by side in cells, captions over (or under) the values; ruled boxes if `boxed`."""
    s, under = w.house.size, w.house.labels == "below"
    cell = (x1 - x0) / len(pairs)
    caption_h, value_h = s + 22, s + 34
    for i, (label, value) in enumerate(pairs):
        left = x0 + i * cell
        cap_top = y + value_h if under else y
        val_top = y if under else y + caption_h
        if boxed:
            page.box(left, cap_top, left + cell, cap_top + caption_h, fill=225, outline=70)
            page.box(left, val_top, left + cell, val_top + value_h, outline=70)
        page.text(left + cell / 2, cap_top + caption_h - 12, label, w.fit(label, s - 4, cell - 16),
                  align="center", gray=60)
        page.text(left + cell / 2, val_top + value_h - 14, value, w.fit(value, s, cell - 16, True), bold=True,
                  align="center")
    if not boxed:
        page.line(x0, y - 6, x1, y - 6, 2, 140)
        page.line(x0, y + caption_h + value_h + 6, x1, y + caption_h + value_h + 6, 2, 140)
    return y + caption_h + value_h + 20


def grid(w: Writer, page: Page, pairs: Pairs, x0: float, x1: float, y: float) -> float:
    """A bordered key/value table: shaded label cells, value cells beside them."""
    s = w.house.size
    label_w = min(max(w.width(label, s - 2) for label, _ in pairs) + 36, (x1 - x0) * 0.5)
    height = s + 28
    for label, value in pairs:
        page.box(x0, y, x0 + label_w, y + height, fill=230, outline=60)
        page.box(x0 + label_w, y, x1, y + height, outline=60)
        page.text(x0 + 16, y + height - 14, label, w.fit(label, s - 2, label_w - 24), gray=20)
        room = x1 - x0 - label_w - 32
        page.text(x1 - 16, y + height - 14, value, w.fit(value, s, room, True), bold=True, align="right")
        y += height
    return y + 20
