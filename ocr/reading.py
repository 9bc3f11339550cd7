"""The page reader: a document's bytes in, its pages of positioned words out.

PDF pages with a real text layer are read from it, without OCR unless the page shows text
the layer lacks (`ocr.textlayer`: then both, merged). Every other page is
straightened (`ocr.pages`), cleaned for Tesseract and read with the languages its text
needs (`ocr.tesseract`). Pages of one document are read in parallel, one thread per core;
a batch passes its one pool of page readers (`ocr.pool.PageReaders`) for all its
documents' pages, so it never runs more Tesseracts than cores.
"""
from __future__ import annotations

import re
from concurrent.futures import Executor, ThreadPoolExecutor

import numpy as np
import pypdfium2 as pdfium

from ocr import textlayer
from ocr.files import within_limits
from ocr.language import ENGLISH, JAPANESE, JAPANESE_LINE
from ocr.model import Page, Word, surely_read
from ocr.orientation import may_be_turned, turns_upright
from ocr.pages import (
    IMAGE_TYPES,
    PDF,
    PDFIUM_LOCK,
    _text_layer_ok,
    page_count,
    page_image,
    page_pixels,
    render_page_png,
    turn_page,
)
from ocr.pool import PAGE, PageReaders, cores
from ocr.prepare import PreparedPage, prepare_for_ocr
from ocr.skipped_ink import with_skipped_ink
from ocr.stacked_lines import with_stacked_lines_apart
from ocr.tesseract import merge_cjk, tesseract_words

__all__ = ["UnsupportedDocument", "read_pages", "render_page_png"]


class UnsupportedDocument(ValueError):
    """The bytes are not a document the reader knows how to read."""


def read_pages(data: bytes, mime: str, *, readers: Executor | None = None) -> list[Page]:
    """Every page of a PDF, PNG, JPEG or TIFF document, in order, as positioned words.

    Pages to OCR are tasks of `readers` when given (a batch's `ocr.pool.PageReaders`),
    else of a pool of this document's own. A document beyond the limits
    (`ocr.files.within_limits`: pages, pixels, decompressed size) raises
    `ocr.files.UnreadableFile` before any page is read.
    """
    if mime != PDF and mime not in IMAGE_TYPES:
        raise UnsupportedDocument(f"cannot read {mime!r} documents")
    within_limits(data, mime)
    pages: dict[int, Page] = {}
    if mime == PDF:
        to_ocr = _text_layers(data, pages)
    else:
        to_ocr = list(range(page_count(data, mime)))
    for page in _ocr_pages(data, mime, to_ocr, readers):
        layer = pages.get(page.number - 1)
        pages[page.number - 1] = textlayer.merge(layer, page) if layer is not None else page
    return [pages[index] for index in sorted(pages)]


def _text_layers(data: bytes, pages: dict[int, Page]) -> list[int]:
    """Put each PDF page's usable text layer into `pages`; the indexes of the pages to OCR."""
    to_ocr: list[int] = []
    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(data)
        try:
            for index in range(len(pdf)):
                page = pdf[index]
                layer = textlayer.text_layer_page(page, index + 1) if _text_layer_ok(page) else None
                if layer is not None and not textlayer.misplaced(layer):
                    pages[index] = layer
                    if textlayer.drawn_at_full_size(page) and textlayer.needs_ocr(page, layer):
                        to_ocr.append(index)  # text drawn as shapes: read by OCR too, then merged
                else:
                    to_ocr.append(index)
                page.close()
        finally:
            pdf.close()
    return to_ocr


def _ocr_pages(data: bytes, mime: str, indexes: list[int], readers: Executor | None) -> list[Page]:
    if readers is not None:
        if isinstance(readers, PageReaders):
            futures = [readers.submit_ranked(PAGE, page_pixels(data, mime, index), ocr_page, data, mime, index)
                       for index in indexes]
        else:
            futures = [readers.submit(ocr_page, data, mime, index) for index in indexes]
        return [future.result() for future in futures]
    workers = min(len(indexes), cores())
    if workers <= 1:
        return [ocr_page(data, mime, index) for index in indexes]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="page") as pool:
        return list(pool.map(ocr_page, [data] * len(indexes), [mime] * len(indexes), indexes))


def ocr_page(data: bytes, mime: str, index: int) -> Page:
    """OCR page `index` (0-based) of a document: straighten, clean, pick languages, read; a page
    that may have been fed turned (`ocr.orientation`) is turned upright and read again."""
    gray = page_image(data, mime, index + 1)
    words, language = read_image(gray)
    if may_be_turned(words) and (turns := turns_upright(gray)):
        gray = turn_page(data, mime, index + 1, turns)  # fed upside down or on its side
        words, language = read_image(gray)
    height, width = gray.shape
    return Page(number=index + 1, width=width, height=height, words=merge_cjk(words), source="ocr",
                language=language)


def read_image(gray: np.ndarray) -> tuple[list[Word], str]:
    """A straightened page's words in its own pixels, and the languages they were read with.

    The languages are told from the ink before reading (`ocr.language`), so each page is
    read once (and a stretch the reading skipped, once more: `ocr.skipped_ink`). Should a
    page told English still come back as low-confidence noise (a script the ink test
    missed), it is read again with Japanese; a page told Japanese whose reading holds no
    Japanese word is read again as English. A page of small print (a phone photo of a whole
    page) is read enlarged and as it is, and the reading with more characters read surely kept:
    enlarging helps Tesseract with some pages and hurts it with others.
    """
    prepared = prepare_for_ocr(gray)
    words, language = _read_prepared(prepared)
    if prepared.small_print:
        as_it_is = prepare_for_ocr(gray, enlarge_small_print=False)
        other, other_language = _read_prepared(as_it_is)
        if surely_read(other) >= surely_read(words):
            prepared, words, language = as_it_is, other, other_language
    return [_on_page(w, prepared) for w in words], language


def _read_prepared(prepared: PreparedPage) -> tuple[list[Word], str]:
    language = prepared.language
    words = tesseract_words(prepared.image, language)
    if language == ENGLISH and _mostly_weak(words):
        language = JAPANESE
        words = tesseract_words(prepared.image, language)
    elif language == JAPANESE and not _any_japanese_word(words):
        # The ink test took Latin glyphs that stack four strokes (€, a serif g) for kanji, and
        # the Japanese model read the euro sign as a kana ('450,00 を'): read again as English.
        language = ENGLISH
        words = tesseract_words(prepared.image, language)
    words = with_skipped_ink(prepared.image, words, lambda crop, origin: _read_block(crop, language, origin))
    line_language = JAPANESE_LINE if language == JAPANESE else language
    words = with_stacked_lines_apart(prepared.image, words,
                                     lambda crop, origin: tesseract_words(crop, line_language, psm=7, origin=origin))
    return words, language




def _read_block(crop: np.ndarray, language: str, origin: tuple[int, int]) -> list[Word]:
    """A stretch of a page read as one block of text; read as noise, read again as a column of
    lines of their own sizes, kept where it reads twice as many characters surely: a block that
    holds a large title over small captions and values reads as garble whole."""
    block = tesseract_words(crop, language, psm=6, origin=origin)
    if not _mostly_weak(block):
        return block
    lines = tesseract_words(crop, language, psm=4, origin=origin)
    return lines if surely_read(lines) > 2 * surely_read(block) else block


def _on_page(word: Word, prepared: PreparedPage) -> Word:
    """A word read on the prepared image, in the page's pixels."""
    scale = prepared.scale
    return Word(word.text, round(word.left / scale + prepared.left), round(word.top / scale + prepared.top),
                max(1, round(word.width / scale)), max(1, round(word.height / scale)), word.confidence, word.line)


_KANA_OR_KANJI = re.compile(r"[\u3041-\u3096\u30a1-\u30fa\u4e00-\u9fff]")


def _any_japanese_word(words: list[Word]) -> bool:
    """Whether a reading holds a word of two kana or kanji or more (a name, an address, a
    caption): a page that holds none is no Japanese page, whatever single marks it shows."""
    return any(len(_KANA_OR_KANJI.findall(w.text)) >= 2 for w in merge_cjk(words))


def _mostly_weak(words: list[Word]) -> bool:
    weak = sum(1 for w in words if w.confidence < 50)
    return weak > 0.25 * len(words)
