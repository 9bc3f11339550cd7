"""What an uploaded file is, judged by its bytes, and whether it can be read safely.

Every limit on what one file may cost lives here (`Limits`), each overridable from the
environment. `check` applies them all when a file is uploaded; the reader applies them
again before it reads (`within_limits`), so a document stored before a limit existed is
refused too, never read at any cost.
"""
from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass, fields

from PIL import Image, UnidentifiedImageError

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"

_MAGIC = [
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
]
_PIL_FORMATS = {PNG: "PNG", JPEG: "JPEG", TIFF: "TIFF"}

MB = 1024 * 1024
MEGAPIXEL = 1_000_000


@dataclass(frozen=True)
class Limits:
    """The most one file may hold: each bounds the memory or the time reading it costs.

    Each is read from `PORTAL_MAX_` and its name in capitals (`PORTAL_MAX_PAGES=200`).

    - `upload_mb`: the largest file accepted.
    - `image_megapixels`: the largest image, a scan's page or an image inside a PDF.
      A page reader needs about 5 bytes a pixel: 0.3 GB for a 60-megapixel page
      (measured by `benchmarks/hostile_input.py`).
    - `page_megapixels`: PDF pages are rendered at 200 dpi, or at less where that would
      give more pixels than this, whatever size the page claims (A2 at 200 dpi is 15.6).
    - `pages`: the most pages a document may have.
    - `decompressed_mb`: the most a PDF's compressed streams may inflate to, together
      (images apart: PDFium decodes no more of an image than its pixels).
    """

    upload_mb: int = 25
    image_megapixels: int = 60
    page_megapixels: int = 20
    pages: int = 100
    decompressed_mb: int = 256

    @property
    def upload_bytes(self) -> int:
        return self.upload_mb * MB

    @property
    def image_pixels(self) -> int:
        return self.image_megapixels * MEGAPIXEL

    @property
    def page_pixels(self) -> int:
        return self.page_megapixels * MEGAPIXEL

    @property
    def decompressed_bytes(self) -> int:
        return self.decompressed_mb * MB


def environment_name(limit: str) -> str:
    """The environment variable that sets the limit `limit` (a field of `Limits`)."""
    return f"PORTAL_MAX_{limit.upper()}"


def limits() -> Limits:
    """The limits in force: each from its environment variable where that is set."""
    values = {}
    for field in fields(Limits):
        name = environment_name(field.name)
        text = os.environ.get(name, "").strip()
        if not text:
            continue
        if not text.isdigit() or int(text) == 0:
            raise ValueError(f"{name} must be a whole number above 0, not {text!r}")
        values[field.name] = int(text)
    return Limits(**values)


def N_(message: str) -> str:
    """Marks a message for translation; the portal translates it when it shows it."""
    return message


TOO_MANY_PAGES = N_("the document has more than %(pages)s pages")
IMAGE_TOO_LARGE = N_("the image is too large to process safely (over %(megapixels)s megapixels)")


class UnreadableFile(ValueError):
    """A file the portal will not accept; the message says why, in plain words.

    `message` is the untranslated text and `values` its placeholders, so the portal can
    show it in the reader's language: `gettext(exc.message, **exc.values)`.
    """

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message % values if values else message)
        self.message, self.values = message, values


@dataclass(frozen=True)
class FileCheck:
    mime_type: str
    page_count: int


def sniff(data: bytes) -> str:
    """The MIME type from the file's first bytes; raises UnreadableFile for anything else."""
    head = data[:1024]
    for magic, mime in _MAGIC:
        if head.startswith(magic) or (mime == PDF and magic in head):
            return mime
    raise UnreadableFile(N_("not a PDF, PNG, JPEG or TIFF file"))


def check(data: bytes) -> FileCheck:
    """Sniff the type and open the file fully enough to know it can be read and paged, within the limits."""
    if not data:
        raise UnreadableFile(N_("the file is empty"))
    mime = sniff(data)
    pages = within_limits(data, mime)
    if mime != PDF:
        _read_through(data, mime)
    return FileCheck(mime, pages)


def within_limits(data: bytes, mime: str) -> int:
    """The document's page count, once it is known to be within every limit of `limits()`;
    raises UnreadableFile otherwise. Cheap next to reading: no page is decoded."""
    if mime == PDF:
        from ocr.pdf_check import pdf_pages

        return pdf_pages(data, limits())
    return _image_frames(data, mime, limits())


def too_many_pages(count: int, limit: Limits) -> None:
    """Refuse a document of more pages than the limit."""
    if count > limit.pages:
        raise UnreadableFile(TOO_MANY_PAGES, pages=limit.pages)


def too_large_image(width: float, height: float, limit: Limits) -> None:
    """Refuse an image of more pixels than the limit."""
    if width * height > limit.image_pixels:
        raise UnreadableFile(IMAGE_TOO_LARGE, megapixels=limit.image_megapixels)


def open_image(data: bytes, limit: Limits | None = None) -> Image.Image:
    """Open an image, refusing decompression bombs (more pixels in a frame than the limit)."""
    limit = limit or limits()
    Image.MAX_IMAGE_PIXELS = limit.image_pixels
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise UnreadableFile(IMAGE_TOO_LARGE, megapixels=limit.image_megapixels) from exc
        except (UnidentifiedImageError, OSError) as exc:
            raise UnreadableFile(N_("the image is damaged and cannot be read")) from exc


def _image_frames(data: bytes, mime: str, limit: Limits) -> int:
    """How many frames (pages) the image has, each within the pixel limit, and no more than the page limit."""
    image = open_image(data, limit)
    if image.format != _PIL_FORMATS[mime]:
        raise UnreadableFile(N_("the image's contents do not match its type"))
    try:
        frames = _frame_count(image, limit)
        for index in range(frames):
            image.seek(index)
            too_large_image(image.width, image.height, limit)
    except UnreadableFile:
        raise
    except (OSError, SyntaxError, ValueError) as exc:
        raise UnreadableFile(N_("the image is damaged and cannot be read")) from exc
    return frames


def _frame_count(image: Image.Image, limit: Limits) -> int:
    """The image's frames, counted no further than one past the page limit: a TIFF's count
    walks its chain of frames, which a hostile file makes as long as its bytes allow. (A TIFF
    is stepped through a frame at a time: Pillow miscounts one sought past its end.)"""
    if image.format != "TIFF":
        frames = getattr(image, "n_frames", 1)
    else:
        frames = 1
        while frames <= limit.pages:
            try:
                image.seek(frames)
            except EOFError:
                break
            frames += 1
    too_many_pages(frames, limit)
    return frames


def _read_through(data: bytes, mime: str) -> None:
    """Read every byte of the image's data, so a truncated or corrupted file fails now, not in
    the worker; as cheaply as its format allows, since the reader decodes it again anyway.

    A PNG's chunks each carry a checksum, which `verify` checks without inflating the pixels.
    A JPEG is decoded at an eighth of its size: every byte of its data is still read, and a
    cut or garbled stream still fails, at a fraction of the cost. A TIFF is decoded frame by frame.
    """
    try:
        with Image.open(io.BytesIO(data)) as image:  # `verify` must come straight after opening
            if mime == PNG:
                image.verify()
            elif mime == JPEG:
                image.draft("L", (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
            else:
                for index in range(getattr(image, "n_frames", 1)):
                    image.seek(index)
                    image.load()
    except (OSError, SyntaxError, ValueError) as exc:
        raise UnreadableFile(N_("the image is damaged and cannot be read")) from exc
