"""A drawn sheet: text, rules and boxes recorded in pixels, replayed as an image or a PDF.

English text is measured with Liberation Sans and Serif, whose widths are Helvetica's and
Times', so right-aligned figures line up in the image and in the PDF's text layer.
"""
from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

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
