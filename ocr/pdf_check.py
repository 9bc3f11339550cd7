"""A PDF checked before PDFium reads it: not encrypted, not damaged, within the limits.

PDFium inflates a page's content streams and fonts whole, however large they grow (a
2 MB stream of deflated zeros is 2 GB in memory), so every stream of the file is
inflated here first, in chunks and counted, never held; images are judged by their
declared size instead, since PDFium decodes no more of an image than its pixels.
"""
from __future__ import annotations

import io
import warnings
import zlib
from collections.abc import Iterable, Iterator

from pypdf import PdfReader
from pypdf.errors import LimitReachedError, PyPdfError
from pypdf.generic import IndirectObject, StreamObject

from ocr.files import N_, Limits, UnreadableFile, too_large_image, too_many_pages

DAMAGED = N_("the PDF is damaged and cannot be read")
EXPANDS = N_("the PDF's contents expand to more than %(mb)s MB when decompressed")
TOO_LARGE_IMAGE = N_("the PDF holds an image too large to process safely (over %(megapixels)s megapixels)")

FLATE = {"/FlateDecode", "/Fl"}
CHUNK = 1024 * 1024  # inflated at a time


class _Inflated(Exception):
    """The streams inflated past the limit."""


def pdf_pages(data: bytes, limit: Limits) -> int:
    """The PDF's page count, once it is known to be readable and within `limit`; raises UnreadableFile."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise UnreadableFile(N_("the PDF is encrypted (password-protected)"))
            count = len(reader.pages)
            too_many_pages(count, limit)
            for page in reader.pages:  # touch every page so a truncated file fails here
                page.mediabox  # noqa: B018
            _check_streams(reader, limit)
    except UnreadableFile:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AttributeError, RecursionError,
            NotImplementedError) as exc:  # NotImplementedError: an encryption pypdf does not know, say
        raise UnreadableFile(DAMAGED) from exc
    if count == 0:
        raise UnreadableFile(N_("the PDF has no pages"))
    return count


def _check_streams(reader: PdfReader, limit: Limits) -> None:
    """Refuse a PDF whose streams inflate past the limit, together, or that holds too large an image."""
    budget = [limit.decompressed_bytes]
    try:
        for stream in _streams(reader):
            if _value(stream, "/Subtype") == "/Image":
                try:
                    too_large_image(_number(stream, "/Width"), _number(stream, "/Height"), limit)
                except UnreadableFile as exc:
                    raise UnreadableFile(TOO_LARGE_IMAGE, megapixels=limit.image_megapixels) from exc
            else:
                _inflate_all(stream, budget)
    except _Inflated as exc:
        raise UnreadableFile(EXPANDS, mb=limit.decompressed_mb) from exc


def _value(stream: StreamObject, key: str, default: object = None) -> object:
    """The stream dictionary's entry `key`, followed where it refers to another object."""
    value = stream.get(key, default)
    return value.get_object() if isinstance(value, IndirectObject) else value


def _number(stream: StreamObject, key: str) -> float:
    return float(_value(stream, key, 0))


def _streams(reader: PdfReader) -> Iterator[StreamObject]:
    """Every stream the file's cross-reference knows, whether a page uses it or not: PDFium
    may rebuild a damaged file's pages from any of them."""
    for generation, numbers in list(reader.xref.items()):
        for number in list(numbers):
            found = reader.get_object(IndirectObject(number, generation, reader))
            if isinstance(found, StreamObject):
                yield found


def _inflate_all(stream: StreamObject, budget: list[int]) -> None:
    """Count what the stream's filters decode it to, every layer's output, against `budget`
    (what is left of the limit, lowered in place); raises _Inflated past it."""
    filters = _value(stream, "/Filter", [])
    filters = [filters] if isinstance(filters, str) else list(filters or [])
    if not filters:
        return
    if all(name in FLATE for name in filters):
        chunks: Iterable[bytes] = [stream._data]  # the stream's bytes as stored, still deflated
        for _ in filters:
            chunks = _inflate(chunks, budget)
        for _ in chunks:
            pass
        return
    # Other filters (ASCII85, LZW, run length) are rare: pypdf decodes them whole, within
    # its own limits (75 MB a filter). One it cannot decode at all is PDFium's to judge.
    try:
        _spend(budget, len(stream.get_data()))
    except LimitReachedError as exc:
        raise _Inflated from exc
    except (PyPdfError, ValueError, NotImplementedError, zlib.error):
        return


def _inflate(chunks: Iterable[bytes], budget: list[int]) -> Iterator[bytes]:
    """One Flate layer over `chunks`, a chunk at a time; stops quietly where the data is
    damaged (PDFium draws what it could inflate)."""
    inflater = zlib.decompressobj()
    try:
        for chunk in chunks:
            while not inflater.eof:
                out = inflater.decompress(chunk, CHUNK)
                _spend(budget, len(out))
                if out:
                    yield out
                chunk = inflater.unconsumed_tail
                if not chunk and len(out) < CHUNK:
                    break
    except zlib.error:
        return


def _spend(budget: list[int], size: int) -> None:
    budget[0] -= size
    if budget[0] < 0:
        raise _Inflated
