"""Hostile files, each made here in memory, small on disk, and what each should come to.

The hostile-input tests and `benchmarks/hostile_input.py` share them: a file that blows
up on paper (a 20,000-pixel-square PNG, a 2 GB Flate stream) is a few kilobytes here,
written byte by byte where a library would need the whole decoded image to write it.
"""
from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from tests.helpers import encrypted_pdf, minimal_pdf

ZEROS_PER_BLOCK = 1024 * 1024


@dataclass(frozen=True)
class HostileFile:
    """One hostile case: the file's name, how to make its bytes, and the words a refusal gives
    (None when the portal is to read it safely rather than refuse it)."""

    case: str
    name: str
    make: Callable[[], bytes]
    refusal: str | None


# --- PDFs ----------------------------------------------------------------------------------

def pdf(objects: list[bytes], root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF of these objects (numbered from 1) with a classic cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root {root} 0 R ".encode() + trailer_extra
              + f">>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def stream(data: bytes, entries: bytes = b"") -> bytes:
    """A stream object's body: its dictionary (with `entries`) and its data."""
    return b"<< /Length " + str(len(data)).encode() + b" " + entries + b" >>\nstream\n" + data + b"\nendstream"


def one_page_pdf(content: bytes, content_entries: bytes = b"", media_box: str = "0 0 595 842") -> bytes:
    """A one-page PDF drawing `content` (already encoded per `content_entries`)."""
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [{media_box}] /Contents 4 0 R /Resources << >> >>".encode(),
        stream(content, content_entries),
    ])


def zeros_deflated(size: int) -> bytes:
    """A zlib stream of `size` zero bytes, made without `size` bytes in memory.

    Deflate compresses a megabyte of zeros to about a kilobyte; after a full flush the next
    block starts on a byte boundary with an empty dictionary, so that kilobyte can simply
    be repeated. Adler-32 of n zeros is (n mod 65521) << 16 | 1.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(ZEROS_PER_BLOCK)) + compressor.flush(zlib.Z_FULL_FLUSH)
    blocks, rest = divmod(size, ZEROS_PER_BLOCK)
    tail = compressor.compress(bytes(rest)) + compressor.flush(zlib.Z_FINISH)
    adler = (size % 65521) << 16 | 1
    return b"\x78\xda" + block * blocks + tail + struct.pack(">I", adler)


def blank_page_of_14400_points() -> bytes:
    """One blank page 200 inches square, the largest PDF allows: 629 bytes, 1.6 gigapixels at 200 dpi."""
    return one_page_pdf(b"", media_box="0 0 14400 14400")


def flate_bomb_pdf() -> bytes:
    """A page whose 2 MB content stream inflates to 2 GB of zeros."""
    return one_page_pdf(zeros_deflated(2 * 1024**3), b"/Filter /FlateDecode")


def nested_flate_pdf() -> bytes:
    """A page whose content stream is deflated three times over: 1 GB of zeros in a few kilobytes."""
    data = zeros_deflated(1024**3)
    data = zlib.compress(data, 9)
    data = zlib.compress(data, 9)
    return one_page_pdf(data, b"/Filter [/FlateDecode /FlateDecode /FlateDecode]")


def deeply_nested_pdf(depth: int = 100_000) -> bytes:
    """A page whose resources are an array nested 100,000 deep: parsers that recurse overflow."""
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /X "
        + b"[" * depth + b"]" * depth + b" >> >>",
    ])


def circular_xref_pdf() -> bytes:
    """An invoice whose cross-reference table names itself as the previous one: a reader that
    follows /Prev never stops."""
    body = minimal_pdf("Invoice No. INV-LOOP")
    xref = int(body.rsplit(b"startxref\n", 1)[1].split(b"\n", 1)[0])
    return body.replace(b"/Root 1 0 R >>", f"/Root 1 0 R /Prev {xref} >>".encode())


def circular_page_tree_pdf() -> bytes:
    """A PDF whose page tree is its own child: a reader that walks it never stops."""
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ])


def pdf_holding_an_image_bomb() -> bytes:
    """A page drawing one image of 20,000 pixels square (400 megapixels) from 400 KB of deflated zeros."""
    side = 20_000
    return pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
        stream(b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
        stream(zeros_deflated(side * side), f"/Type /XObject /Subtype /Image /Width {side} /Height {side} "
               "/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode".encode()),
    ])


def encrypted() -> bytes:
    """A PDF that needs a password."""
    return encrypted_pdf()


# --- images --------------------------------------------------------------------------------

def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def black_png(width: int, height: int) -> bytes:
    """A black 8-bit grayscale PNG: every row a zero filter byte and zero pixels, so its data
    is all zeros, deflated without the image ever in memory."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zeros_deflated((width + 1) * height)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", idat) + _png_chunk(b"IEND", b"")


def png_of_20000_pixels_square() -> bytes:
    """A page 20,000 pixels square: 400 megapixels."""
    return black_png(20_000, 20_000)


def tiff_bomb(width: int = 50_000, height: int = 50_000) -> bytes:
    """A 1-bit TIFF of 2.5 gigapixels in one Deflate strip of a few hundred kilobytes."""
    strip = zeros_deflated((width + 7) // 8 * height)
    entries = [  # tag, type (3 short, 4 long), value
        (256, 4, width), (257, 4, height), (258, 3, 1), (259, 3, 8), (262, 3, 0),
        (273, 4, 0), (277, 3, 1), (278, 4, height), (279, 4, len(strip)),
    ]
    ifd_offset = 8
    data_offset = ifd_offset + 2 + 12 * len(entries) + 4
    ifd = struct.pack("<H", len(entries))
    for tag, kind, value in entries:
        value = data_offset if tag == 273 else value
        packed = struct.pack("<HI", value, 0)[:4] if kind == 3 else struct.pack("<I", value)
        ifd += struct.pack("<HHI", tag, kind, 1) + packed
    return b"II*\x00" + struct.pack("<I", ifd_offset) + ifd + struct.pack("<I", 0) + strip


def tiff_of_pages(pages: int = 1000) -> bytes:
    """A fax of `pages` small blank pages."""
    frame = Image.new("1", (64, 64), 1)
    out = io.BytesIO()
    frame.save(out, format="TIFF", save_all=True, append_images=[frame] * (pages - 1), compression="group4")
    return out.getvalue()


# --- the cases -----------------------------------------------------------------------------

def not_a_pdf() -> bytes:
    """A text file renamed .pdf."""
    return b"Dear supplier, this is plain text saved as invoice.pdf\n" * 20


def pdf_of_size(size: int) -> bytes:
    """A readable one-page invoice exactly `size` bytes long: a stream no page uses pads it."""

    def padded(padding: int) -> bytes:
        content = b"BT /F1 18 Tf 72 720 Td (Invoice No. INV-BIG) Tj ET"
        return pdf([
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            stream(content),
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            stream(b"%" * padding),
        ])

    padding = size - len(padded(0))
    while len(data := padded(padding)) != size:  # the padding's /Length has digits of its own
        padding -= len(data) - size
    return data


# Path traversal, a header injection (CR/LF) and HTML, all in one name.
HOSTILE_NAME = "../../etc/passwd<img src=x onerror=alert(1)>\r\nX-Injected: yes\t.pdf"

EXPANDS = "expand to more than 256 MB when decompressed"
HOSTILE_FILES = [
    HostileFile("text renamed .pdf", "invoice.pdf", not_a_pdf, "not a PDF, PNG, JPEG or TIFF"),
    HostileFile("20,000 x 20,000 PNG", "huge.png", png_of_20000_pixels_square, "too large to process safely"),
    HostileFile("decompression-bomb TIFF", "bomb.tif", tiff_bomb, "too large to process safely"),
    HostileFile("TIFF of 1,000 pages", "fax.tif", tiff_of_pages, "more than 100 pages"),
    HostileFile("blank 14,400 pt page", "poster.pdf", blank_page_of_14400_points, None),
    HostileFile("circular cross-reference", "loop.pdf", circular_xref_pdf, None),
    HostileFile("page tree its own child", "tree.pdf", circular_page_tree_pdf, "damaged"),
    HostileFile("2 GB Flate stream", "flate-bomb.pdf", flate_bomb_pdf, EXPANDS),
    HostileFile("Flate nested three deep", "nested-flate.pdf", nested_flate_pdf, EXPANDS),
    HostileFile("arrays nested 100,000 deep", "nested.pdf", deeply_nested_pdf, None),
    HostileFile("PDF holding a 20,000 x 20,000 image", "image-bomb.pdf", pdf_holding_an_image_bomb,
                "holds an image too large to process safely"),
    HostileFile("encrypted PDF", "locked.pdf", encrypted, "encrypted"),
]
