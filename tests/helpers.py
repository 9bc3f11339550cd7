"""Files the tests upload: made here, so every test knows exactly what it holds."""
from __future__ import annotations

import io
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_DIRS = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts")]


def font(size: int = 28) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for folder in FONT_DIRS:
        for path in sorted(folder.rglob("DejaVuSans.ttf")):
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def invoice_png(lines: list[str] | None = None, size: tuple[int, int] = (1240, 900)) -> bytes:
    """A small, clean invoice-like scan as PNG bytes."""
    lines = lines or ["INVOICE", "Invoice No.: INV-4711", "Date: 2026-10-03",
                      "Subtotal 1,000", "Tax (10%) 100", "Total 1,100"]
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for i, text in enumerate(lines):
        draw.text((80, 80 + i * 60), text, fill=0, font=font())
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def invoice_jpeg() -> bytes:
    """The same invoice as a JPEG, as a phone or a scanner saves it."""
    out = io.BytesIO()
    Image.open(io.BytesIO(invoice_png())).save(out, format="JPEG", quality=85)
    return out.getvalue()


def with_byte_flipped(data: bytes) -> bytes:
    """`data` with one byte in its middle inverted: a file damaged in transit, not cut short."""
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1:]


def image_bomb_png() -> bytes:
    """A tiny file that decodes to far more pixels than any scan has (20k x 20k)."""
    out = io.BytesIO()
    Image.new("1", (20_000, 20_000), 1).save(out, format="PNG", optimize=True)
    return out.getvalue()


def minimal_pdf(text: str = "Invoice No. INV-1") -> bytes:
    """A one-page PDF with a real text layer (Helvetica), written by hand."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(minimal_pdf())))
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def dev_corpus() -> Path:
    """The shared dev corpus: $PORTAL_CORPUS, else ../shared beside this checkout (as CI lays it out)."""
    import os

    root = Path(__file__).resolve().parents[1]
    candidates = [os.environ.get("PORTAL_CORPUS"), root.parent / "shared" / "corpus" / "dev",
                  "/work/shared/corpus/dev"]
    for candidate in candidates:
        if candidate and (Path(candidate) / "manifest.txt").exists():
            return Path(candidate)
    return root.parent / "shared" / "corpus" / "dev"  # absent: the tests that need it skip
