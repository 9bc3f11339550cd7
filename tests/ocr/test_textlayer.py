"""A born-digital PDF whose captions are drawn as shapes is read as well as its scan would be."""
from __future__ import annotations

import zlib

from PIL import Image, ImageDraw, ImageFont

from ocr.extract import extract_fields
from ocr.model import Page, Word
from ocr.reading import read_pages
from ocr.textlayer import merge

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # fonts-dejavu-core, installed by the project


def _drawn(text: str, size: int = 40) -> Image.Image:
    """A caption as pixels: what a producer that outlines its type leaves in the PDF."""
    font = ImageFont.truetype(FONT, size)
    left, top, right, bottom = font.getbbox(text)
    image = Image.new("L", (right + 8, bottom + 8), 255)
    ImageDraw.Draw(image).text((4, 4), text, font=font, fill=0)
    return image


def _pdf(rows: list[tuple[int, str, str]]) -> bytes:
    """One A4 page: each row's caption drawn as an image at x=72pt, its value as text at x=300pt."""
    ops, objects = [], []
    for n, (y, caption, value) in enumerate(rows):
        image = _drawn(caption)
        width, height = image.width * 72 / 200, image.height * 72 / 200  # the caption as at 200 dpi
        objects.append((f"Im{n}", image))
        ops.append(f"q {width:.2f} 0 0 {height:.2f} 72 {842 - y - height:.2f} cm /Im{n} Do Q")
        ops.append(f"BT /F1 11 Tf 300 {842 - y - 10} Td ({value}) Tj ET")
    return _assemble(ops, objects)


def _assemble(ops: list[str], objects: list[tuple[str, Image.Image]]) -> bytes:
    """A one-page A4 PDF of content operators, Helvetica as /F1 and the images as XObjects."""
    content = zlib.compress("\n".join(ops).encode())
    body = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]
    xobjects = " ".join(f"/{name} {5 + i} 0 R" for i, (name, _) in enumerate(objects))
    body.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {5 + len(objects)} 0 R "
                f"/Resources << /Font << /F1 4 0 R >> /XObject << {xobjects} >> >> >>".encode())
    body.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for _, image in objects:
        data = zlib.compress(image.tobytes())
        body.append(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                    b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % (
                        image.width, image.height, len(data)) + data + b"\nendstream")
    body.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream")
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, obj in enumerate(body, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(body) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(body) + 1, xref)
    return bytes(out)


ROWS = [(100, "Invoice No.", "INV-20931"), (140, "Invoice Date", "2026-10-03"), (180, "Due Date", "2026-11-30"),
        (260, "Subtotal", "12,340"), (300, "Tax 10%", "1,234"), (340, "Total", "13,574")]


def test_captions_drawn_as_shapes_are_read_by_ocr_and_merged_with_the_text_layer():
    [page] = read_pages(_pdf(ROWS), "application/pdf")

    assert page.source == "text-layer+ocr"
    texts = [w.text for w in page.words]
    assert "INV-20931" in texts and texts.count("INV-20931") == 1  # the layer's value, not a second reading
    fields = extract_fields([page]).fields
    assert (fields["document_number"], fields["due_date"], fields["total"]) == ("INV-20931", "2026-11-30", "13574")


def test_a_complete_text_layer_is_read_without_ocr():
    # Only a dot is drawn as a shape: a speck, no text the layer lacks.
    [page] = read_pages(_pdf([(y, ".", value) for y, _, value in ROWS]), "application/pdf")
    assert page.source == "text-layer"


def _word(text: str, left: int, width: int) -> Word:
    return Word(text, left, 100, width, 30, 100.0, 1)


def test_an_ocr_word_takes_the_place_of_a_layer_word_that_lost_a_glyph():
    layer = Page(1, 1000, 1000, [_word("12,40", 500, 80), _word("Total", 100, 90)], source="text-layer")
    ocr = Page(1, 1000, 1000, [_word("12,340", 498, 100), _word("Tota1", 100, 90), _word("Net", 300, 60)])

    merged = merge(layer, ocr)

    assert sorted(w.text for w in merged.words) == ["12,340", "Net", "Total"]


def test_a_kerned_pair_tucked_under_its_capital_is_one_word():
    """'Invoice Total', 'Sales Tax' set with kerning: the 'o' and the 'a' reach back under the
    T's arm, and the words stay whole, so their captions name their figures."""
    ops = [f"BT /F1 11 Tf 72 {842 - y} Td [{caption}] TJ 300 0 Td ({value}) Tj ET" for y, caption, value in (
        (100, "(Merchandise Subtotal)", "808.15"), (130, "(Sales T) 160 (ax \\(0%, export exempt\\))", "0.00"),
        (160, "(Invoice T) 160 (otal)", "$808.15"))]
    [page] = read_pages(_assemble(ops, []), "application/pdf")
    texts = [w.text for w in page.words]
    assert "Tax" in texts and "Total" in texts
    fields = extract_fields([page]).fields
    assert (fields["subtotal"], fields["tax_total"], fields["total"]) == ("808.15", "0.00", "808.15")


def test_a_text_layer_that_puts_words_off_its_page_is_set_aside_for_ocr():
    # A PDF printer's fallback glyphs placed by the layer far off the page, though drawn right
    # on it (here: the rows drawn, their text in the layer a page's width to the right).
    ops, objects = [], []
    for n, (y, caption, value) in enumerate(ROWS):
        image = _drawn(f"{caption}   {value}")
        width, height = image.width * 72 / 200, image.height * 72 / 200
        objects.append((f"Im{n}", image))
        ops.append(f"q {width:.2f} 0 0 {height:.2f} 72 {842 - y - height:.2f} cm /Im{n} Do Q")
        ops.append(f"BT 3 Tr /F1 11 Tf {72 + 700} {842 - y - 10} Td ({caption} {value}) Tj ET")
    [page] = read_pages(_assemble(ops, objects), "application/pdf")

    assert all(0 <= w.left and w.right <= page.width for w in page.words)
    fields = extract_fields([page]).fields
    assert (fields["document_number"], fields["due_date"], fields["total"]) == ("INV-20931", "2026-11-30", "13574")


def test_the_letters_of_a_ligature_boxed_shorter_than_their_line_are_of_their_word():
    # 'Identiﬁcativo ﬁscale' as a PDF printer's font boxes it: the ligature's f and i shorter
    # than the letters around them, inside their band.
    from ocr.textlayer import _Glyph, _runs_of

    def glyphs(text: str, left: int, ligature_at: int) -> list:
        return [_Glyph(ch, left + 10 * i, 106 if i in (ligature_at, ligature_at + 1) else 100,
                       left + 10 * i + 10, 122 if i in (ligature_at, ligature_at + 1) else 128)
                for i, ch in enumerate(text)]

    words = _runs_of([*glyphs("Identificativo", 100, 6), None, *glyphs("fiscale", 260, 0)])
    assert [w.text for w in words] == ["Identificativo", "fiscale"]
