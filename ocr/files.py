"""What an uploaded file is, judged by its bytes, and whether it can be read safely."""
from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, UnidentifiedImageError

# Pillow refuses images above twice this many pixels and warns above it; we refuse both.
# 60 megapixels is an A3 page at 600 dpi with room to spare.
MAX_PIXELS = 60_000_000

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


def N_(message: str) -> str:
    """Marks a message for translation; the portal translates it when it shows it."""
    return message


TOO_LARGE = N_("the image is too large to process safely (over 60 megapixels)")


class UnreadableFile(ValueError):
    """A file the portal will not accept; the message says why, in plain words."""


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
    """Sniff the type and open the file fully enough to know it can be read and paged."""
    if not data:
        raise UnreadableFile(N_("the file is empty"))
    mime = sniff(data)
    if mime == PDF:
        return FileCheck(mime, _pdf_pages(data))
    return FileCheck(mime, _image_frames(data, mime))


def _pdf_pages(data: bytes) -> int:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise UnreadableFile(N_("the PDF is encrypted (password-protected)"))
            count = len(reader.pages)
            for page in reader.pages:  # touch every page so a truncated file fails here
                page.mediabox  # noqa: B018
    except UnreadableFile:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError) as exc:
        raise UnreadableFile(N_("the PDF is damaged and cannot be read")) from exc
    if count == 0:
        raise UnreadableFile(N_("the PDF has no pages"))
    return count


def open_image(data: bytes) -> Image.Image:
    """Open an image, refusing decompression bombs (more than MAX_PIXELS per frame)."""
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise UnreadableFile(TOO_LARGE) from exc
        except (UnidentifiedImageError, OSError) as exc:
            raise UnreadableFile(N_("the image is damaged and cannot be read")) from exc


def _image_frames(data: bytes, mime: str) -> int:
    image = open_image(data)
    if image.format != _PIL_FORMATS[mime]:
        raise UnreadableFile(N_("the image's contents do not match its type"))
    frames = getattr(image, "n_frames", 1)
    try:
        for index in range(frames):
            image.seek(index)
            if image.width * image.height > MAX_PIXELS:
                raise UnreadableFile(TOO_LARGE)
        _read_through(data, image, mime)
    except UnreadableFile:
        raise
    except (OSError, SyntaxError, ValueError) as exc:
        raise UnreadableFile(N_("the image is damaged and cannot be read")) from exc
    return frames


def _read_through(data: bytes, image: Image.Image, mime: str) -> None:
    """Read every byte of the image's data, so a truncated or corrupted file fails now, not in
    the worker; as cheaply as its format allows, since the reader decodes it again anyway.

    A PNG's chunks each carry a checksum, which `verify` checks without inflating the pixels.
    A JPEG is decoded at an eighth of its size: every byte of its data is still read, and a
    cut or garbled stream still fails, at a fraction of the cost. A TIFF is decoded frame by frame.
    """
    if mime == PNG:
        with Image.open(io.BytesIO(data)) as fresh:  # `verify` must come straight after opening
            fresh.verify()
        return
    if mime == JPEG:
        image.draft("L", (max(1, image.width // 8), max(1, image.height // 8)))
        image.load()
        return
    for index in range(getattr(image, "n_frames", 1)):
        image.seek(index)
        image.load()
