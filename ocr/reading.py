"""The page reader: a document's bytes in, its pages of positioned words out.

PDF pages with a real text layer are read from it, without OCR unless the page shows text
the layer lacks (`ocr.textlayer`: then both, merged). Every other page is
straightened (`ocr.pages`), cleaned for Tesseract and read with the languages its text
needs. Tesseract runs in this process, its models loaded once (`_Engines`). Pages of one
document are read in parallel, one thread per core: Tesseract and OpenCV release the GIL,
so threads keep the cores busy without the start-up of a process pool. A batch shares
one pool of page readers across its documents (`pages_read_in`), so it never runs more
Tesseracts than cores. That pool (`PageReaders`) takes the most urgent work first: a
document's second-look re-reads, which its completion waits on, then pages, largest first,
so that no big page starts last and keeps one core busy while the other idles.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import heapq
import itertools
import os
import subprocess
import threading
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ocr import textlayer
from ocr.files import within_limits
from ocr.language import ENGLISH, JAPANESE
from ocr.model import Page, Word
from ocr.pages import (
    IMAGE_TYPES,
    PDF,
    PDF_SCALE,
    PDFIUM_LOCK,
    _text_layer_ok,
    page_count,
    page_image,
    page_pixels,
    pdf_scale,
    render_page_png,
)
from ocr.prepare import prepare_for_ocr

__all__ = ["read_pages", "render_page_png"]

TESSERACT = "tesseract"
T = TypeVar("T")


class UnsupportedDocument(ValueError):
    """The bytes are not a document the reader knows how to read."""


def read_pages(data: bytes, mime: str) -> list[Page]:
    """Every page of a PDF, PNG, JPEG or TIFF document, in order, as positioned words.

    A document beyond the limits (`ocr.files.within_limits`: pages, pixels, decompressed
    size) raises `ocr.files.UnreadableFile` before any page is read.
    """
    if mime != PDF and mime not in IMAGE_TYPES:
        raise UnsupportedDocument(f"cannot read {mime!r} documents")
    within_limits(data, mime)
    pages: dict[int, Page] = {}
    to_ocr: list[int] = []
    if mime == PDF:
        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(data)
            try:
                for index in range(len(pdf)):
                    page = pdf[index]
                    if _text_layer_ok(page):
                        pages[index] = text_layer_page(page, index + 1)
                        if _drawn_at_full_size(page) and textlayer.needs_ocr(page, pages[index]):
                            to_ocr.append(index)  # text drawn as shapes: read by OCR too, then merged
                    else:
                        to_ocr.append(index)
                    page.close()
            finally:
                pdf.close()
    else:
        to_ocr = list(range(page_count(data, mime)))
    for page in _ocr_pages(data, mime, to_ocr):
        layer = pages.get(page.number - 1)
        pages[page.number - 1] = textlayer.merge(layer, page) if layer is not None else page
    return [pages[index] for index in sorted(pages)]


_shared_pool: Executor | None = None
_page_reader = threading.local()  # set in the threads of a `PageReaders`

# What a `PageReaders` pool runs first: lower first.
URGENT = 0  # a second look's re-read: a document's completion waits on it, and it is short
PAGE = 1


class PageReaders(Executor):
    """A fixed pool of page-reader threads taking the most urgent task first.

    Tasks are ranked (`URGENT` before `PAGE`), then by size, largest first: with the
    longest pages started first the last ones to finish are short, so both cores stay
    busy to the end. Equal tasks run in the order given.
    """

    def __init__(self, workers: int) -> None:
        self._tasks: list[tuple[int, float, int, Future, Callable, tuple]] = []
        self._order = itertools.count()
        self._ready = threading.Condition()
        self._closed = False
        self._threads = [threading.Thread(target=self._work, name=f"page-{n}", daemon=True)
                         for n in range(workers)]
        for thread in self._threads:
            thread.start()

    def submit(self, fn: Callable, /, *args: object, **kwargs: object) -> Future:
        """Run `fn(*args, **kwargs)` as a page of no known size."""
        return self.submit_ranked(PAGE, 0.0, functools.partial(fn, *args, **kwargs))

    def submit_ranked(self, rank: int, size: float, fn: Callable, *args: object) -> Future:
        """Run `fn(*args)` before every task of a higher `rank`, and of the same rank a smaller `size`."""
        future: Future = Future()
        with self._ready:
            if self._closed:
                raise RuntimeError("the page readers have shut down")
            heapq.heappush(self._tasks, (rank, -size, next(self._order), future, fn, args))
            self._ready.notify()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Finish the queued tasks (or cancel them), then stop the threads."""
        with self._ready:
            self._closed = True
            if cancel_futures:
                for task in self._tasks:
                    task[3].cancel()
                self._tasks.clear()
            self._ready.notify_all()
        if wait:
            for thread in self._threads:
                thread.join()

    def _work(self) -> None:
        _page_reader.active = True
        while True:
            with self._ready:
                while not self._tasks and not self._closed:
                    self._ready.wait()
                if not self._tasks:
                    return
                _, _, _, future, fn, args = heapq.heappop(self._tasks)
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = fn(*args)
            except BaseException as exc:  # noqa: BLE001  handed to the waiting caller
                future.set_exception(exc)
            else:
                future.set_result(result)


@contextmanager
def pages_read_in(pool: Executor) -> Iterator[None]:
    """Within the block, every document's OCR pages (and second-look re-reads) are tasks of `pool`.

    A batch reads several documents at once; one pool of `cores()` page readers shared by
    them all keeps every core busy and never oversubscribes it, however the batch's
    documents divide into pages.
    """
    global _shared_pool
    previous, _shared_pool = _shared_pool, pool
    try:
        yield
    finally:
        _shared_pool = previous


def on_page_readers(fn: Callable[..., T], *args: object) -> T:
    """`fn(*args)` run as an urgent task of the batch's page readers, waited for; run here when
    there is no such pool, or when this thread is one of its readers."""
    pool = _shared_pool
    if pool is None or getattr(_page_reader, "active", False):
        return fn(*args)
    if isinstance(pool, PageReaders):
        return pool.submit_ranked(URGENT, 0.0, fn, *args).result()
    return pool.submit(fn, *args).result()


def _ocr_pages(data: bytes, mime: str, indexes: list[int]) -> list[Page]:
    pool = _shared_pool
    if pool is not None:
        if isinstance(pool, PageReaders):
            futures = [pool.submit_ranked(PAGE, page_pixels(data, mime, index), ocr_page, data, mime, index)
                       for index in indexes]
        else:
            futures = [pool.submit(ocr_page, data, mime, index) for index in indexes]
        return [future.result() for future in futures]
    workers = min(len(indexes), cores())
    if workers <= 1:
        return [ocr_page(data, mime, index) for index in indexes]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="page") as pool:
        return list(pool.map(ocr_page, [data] * len(indexes), [mime] * len(indexes), indexes))


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# --- text layers -------------------------------------------------------------------------

def _drawn_at_full_size(page: pdfium.PdfPage) -> bool:
    """Whether the page is drawn at `PDF_DPI`: not too large for the pixel limit.

    Only such a page's text layer is checked against its ink (`ocr.textlayer`), which
    expects boxes at `PDF_DPI` and draws the page at 72 dpi: a poster-sized page would cost
    as much there as it was spared here, so its text layer is taken as it is.
    """
    return pdf_scale(*page.get_size()) == PDF_SCALE


def text_layer_page(page: pdfium.PdfPage, number: int) -> Page:
    """A PDF page's own text as words, in the pixels of a `PDF_DPI` render (less for a page
    too large for the pixel limit: `ocr.pages.pdf_scale`)."""
    width, height = page.get_size()
    scale = pdf_scale(width, height)
    width_px, height_px = round(width * scale), round(height * scale)
    textpage = page.get_textpage()
    glyphs: list[_Glyph | None] = []
    for index in range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1)
        if not char or char.isspace() or unicodedata.category(char[0]).startswith("C"):
            glyphs.append(None)
            continue
        # Loose boxes span the font's ascent to descent: one height for every glyph of a line.
        left, bottom, right, top = textpage.get_charbox(index, loose=True)
        x0, y0 = _to_device(page, left, top, width_px, height_px)
        x1, y1 = _to_device(page, right, bottom, width_px, height_px)
        glyphs.append(_Glyph(char, min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    textpage.close()
    return Page(number=number, width=width_px, height=height_px, words=_lines_of(_runs_of(glyphs)),
                source="text-layer", language="")


@dataclass
class _Glyph:
    text: str
    left: int
    top: int
    right: int
    bottom: int

    @property
    def height(self) -> int:
        return max(self.bottom - self.top, 1)


def _to_device(page: pdfium.PdfPage, x: float, y: float, width_px: int, height_px: int) -> tuple[int, int]:
    # pdfium applies the page's rotation and crop box exactly as its renderer does.
    dx, dy = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDF_PageToDevice(page.raw, 0, 0, width_px, height_px, 0, x, y,
                               ctypes.byref(dx), ctypes.byref(dy))
    return dx.value, dy.value


def _runs_of(glyphs: list[_Glyph | None]) -> list[_Glyph]:
    """Glyphs in content order (None for a space) joined into words: no space, no gap, one baseline."""
    words: list[_Glyph] = []
    joinable = False
    for glyph in glyphs:
        if glyph is None:
            joinable = False
            continue
        last = words[-1] if joinable else None
        if (
            last is not None
            and abs(glyph.top - last.top) <= 0.2 * last.height
            and abs(glyph.bottom - last.bottom) <= 0.2 * last.height
            and -0.1 * last.height <= glyph.left - last.right <= 0.2 * last.height
        ):
            words[-1] = _Glyph(last.text + glyph.text, min(last.left, glyph.left), min(last.top, glyph.top),
                               max(last.right, glyph.right), max(last.bottom, glyph.bottom))
        else:
            words.append(glyph)
        joinable = True
    return words


def _lines_of(runs: list[_Glyph]) -> list[Word]:
    """Words grouped into lines, top to bottom, left to right: same band, same type size."""
    lines: list[list[_Glyph]] = []
    for run in sorted(runs, key=lambda r: (r.top + r.bottom) / 2):
        middle = (run.top + run.bottom) / 2
        for line in reversed(lines[-3:]):  # a stamp or superscript may sit between two runs of a line
            height = line[0].height
            if abs(middle - (line[0].top + line[0].bottom) / 2) <= 0.3 * height and (
                2 / 3 <= run.height / height <= 3 / 2
            ):
                line.append(run)
                break
        else:
            lines.append([run])
    lines.sort(key=lambda line: min(r.top for r in line))
    return [
        Word(text=r.text, left=r.left, top=r.top, width=r.right - r.left, height=r.bottom - r.top,
             confidence=100.0, line=line_id)
        for line_id, line in enumerate(lines, start=1)
        for r in sorted(line, key=lambda r: r.left)
    ]


# --- OCR ---------------------------------------------------------------------------------

def ocr_page(data: bytes, mime: str, index: int) -> Page:
    """OCR page `index` (0-based) of a document: straighten, clean, pick languages, read."""
    gray = page_image(data, mime, index + 1)
    height, width = gray.shape
    words, language = read_image(gray)
    return Page(number=index + 1, width=width, height=height, words=merge_cjk(words), source="ocr",
                language=language)


def read_image(gray: np.ndarray) -> tuple[list[Word], str]:
    """A straightened page's words in its own pixels, and the languages they were read with.

    The languages are told from the ink before reading (`ocr.language`), so each page is
    read once. Should a page told English still come back as low-confidence noise (a
    script the ink test missed), it is read again with Japanese.
    """
    prepared = prepare_for_ocr(gray)
    language = prepared.language
    words = tesseract_words(prepared.image, language, scale=prepared.scale,
                            origin=(prepared.left, prepared.top))
    if language == ENGLISH and _mostly_weak(words):
        language = JAPANESE
        words = tesseract_words(prepared.image, language, scale=prepared.scale,
                                origin=(prepared.left, prepared.top))
    return words, language


def _mostly_weak(words: list[Word]) -> bool:
    weak = sum(1 for w in words if w.confidence < 50)
    return weak > 0.25 * len(words)


def tesseract_words(gray: np.ndarray, language: str, psm: int = 3, scale: float = 1.0,
                    origin: tuple[float, float] = (0, 0)) -> list[Word]:
    """Tesseract's words on a grayscale image, boxes in page pixels: divided by `scale` (the
    image's enlargement), then moved by `origin` (where the image's corner sits on the page)."""
    words: list[Word] = []
    line_ids: dict[tuple[str, str, str], int] = {}
    tsv = tesseract_tsv(np.ascontiguousarray(gray, dtype=np.uint8), language, psm)
    for row in tsv.splitlines():
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        if not text:
            continue
        key = (cols[2], cols[3], cols[4])
        line = line_ids.setdefault(key, len(line_ids) + 1)
        left, top, w, h = (int(c) for c in cols[6:10])
        words.append(Word(text=text, left=round(left / scale + origin[0]), top=round(top / scale + origin[1]),
                          width=max(1, round(w / scale)), height=max(1, round(h / scale)),
                          confidence=max(0.0, float(cols[10])), line=line))
    return words


# Every reading, in process or by the command: no second look for white-on-black text
# (about 10% faster; `ocr.prepare` inverts the few dark blocks itself), diagnostics discarded.
ALWAYS = (("tessedit_do_invert", "0"),)
# The variables a single reading may set, and what they are put back to after it.
PER_READING = {"tessedit_char_whitelist": ""}


def tesseract_tsv(gray: np.ndarray, language: str, psm: int, variables: Mapping[str, str] | None = None) -> str:
    """Tesseract's TSV (without the header row) for a contiguous 8-bit grayscale image, read
    with `-l language --psm psm` and `-c name=value` for each of `variables` (those of
    `PER_READING`): in this process through libtesseract's C API where it loads, else from
    the `tesseract` command."""
    settings = tuple(sorted((variables or {}).items()))
    unknown = [name for name, _ in settings if name not in PER_READING]
    if unknown:
        raise ValueError(f"tesseract variables {unknown} cannot be set for one reading")
    engines = _engines()
    if engines is not None:
        return engines.tsv(gray, language, psm, settings)
    height, width = gray.shape
    pgm = f"P5 {width} {height} 255\n".encode() + gray.tobytes()
    options = [arg for name, value in (*ALWAYS, *settings) for arg in ("-c", f"{name}={value}")]
    result = subprocess.run(
        [TESSERACT, "stdin", "stdout", "-l", language, "--psm", str(psm), *options, "tsv"],
        input=pgm, capture_output=True, env=dict(os.environ, OMP_THREAD_LIMIT="1"), check=True,
    )
    return result.stdout.decode("utf-8", errors="replace").split("\n", 1)[-1]


Settings = tuple[tuple[str, str], ...]  # Tesseract variables, sorted by name


class _Engines:
    """Tesseract engines kept loaded in this process, one per languages per concurrent reader.

    Starting the `tesseract` command costs more than loading its models: on these pages
    the same reading took a third less time in process, with identical output. Loading
    the models costs too (0.06 s for eng, 0.12 s for eng+jpn), so engines are shared by
    every kind of reading in those languages: a reading's own variables (`PER_READING`)
    are set before it and put back after it. An engine serves one image at a time; ctypes
    releases the GIL while it reads, so page threads read in parallel. One OpenMP thread
    each, as for the command.
    """

    def __init__(self, library: ctypes.CDLL) -> None:
        void, text, number = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
        for name, argtypes, restype in (
            ("TessBaseAPICreate", [], void),
            ("TessBaseAPIInit3", [void, text, text], number),
            ("TessBaseAPISetVariable", [void, text, text], number),
            ("TessBaseAPISetPageSegMode", [void, number], None),
            ("TessBaseAPISetImage", [void, void, number, number, number, number], None),
            ("TessBaseAPIGetTsvText", [void, number], void),
            ("TessBaseAPIClear", [void], None),
            ("TessBaseAPIDelete", [void], None),
            ("TessDeleteText", [void], None),
        ):
            function = getattr(library, name)
            function.argtypes, function.restype = argtypes, restype
        self._api = library
        self._idle: dict[str, list[int]] = {}
        self._coming: dict[str, int] = {}  # engines being loaded ahead (`load_ahead`), by languages
        self._lock = threading.Condition()

    def tsv(self, gray: np.ndarray, language: str, psm: int, settings: Settings = ()) -> str:
        engine = self._take(language)
        api = self._api
        try:
            self._set(engine, settings)
            height, width = gray.shape
            api.TessBaseAPISetPageSegMode(engine, psm)
            api.TessBaseAPISetImage(engine, gray.ctypes.data, width, height, 1, gray.strides[0])
            text = api.TessBaseAPIGetTsvText(engine, 0)
            if not text:
                raise RuntimeError(f"tesseract ({language}) read nothing")
            try:
                return ctypes.string_at(text).decode("utf-8", errors="replace")
            finally:
                api.TessDeleteText(text)
        finally:
            api.TessBaseAPIClear(engine)
            self._set(engine, [(name, PER_READING[name]) for name, _ in settings])
            self._give(language, engine)

    def load_ahead(self, languages: tuple[str, ...], copies: int) -> None:
        """Load `copies` engines for each of `languages` in a thread of their own, so that
        they load while the caller does other work (the portal starting); readers that
        need one meanwhile wait for it rather than load another."""
        with self._lock:
            for language in languages:
                self._coming[language] = self._coming.get(language, 0) + copies

        def load() -> None:
            for _ in range(copies):
                for language in languages:
                    try:
                        engine = self._load(language)
                    except (RuntimeError, ValueError):
                        engine = None
                    with self._lock:
                        self._coming[language] -= 1
                        if engine is not None:
                            self._idle.setdefault(language, []).append(engine)
                        self._lock.notify_all()

        threading.Thread(target=load, name="tesseract-load", daemon=True).start()

    def _give(self, language: str, engine: int) -> None:
        with self._lock:
            self._idle.setdefault(language, []).append(engine)
            self._lock.notify_all()

    def _set(self, engine: int, settings: Settings | list[tuple[str, str]]) -> None:
        for name, value in settings:
            if not self._api.TessBaseAPISetVariable(engine, name.encode(), value.encode()):
                raise ValueError(f"tesseract has no variable {name!r}")

    def _take(self, language: str) -> int:
        with self._lock:
            idle = self._idle.setdefault(language, [])
            while not idle and self._coming.get(language, 0) > 0:
                self._lock.wait()
            if idle:
                return idle.pop()
        return self._load(language)

    def _load(self, language: str) -> int:
        api = self._api
        engine = api.TessBaseAPICreate()
        if api.TessBaseAPIInit3(engine, None, language.encode()) != 0:
            api.TessBaseAPIDelete(engine)
            raise RuntimeError(f"tesseract cannot load the languages {language!r}")
        try:
            self._set(engine, [("debug_file", "/dev/null"), *ALWAYS])
        except ValueError:
            api.TessBaseAPIDelete(engine)
            raise
        return engine


def load_engines_ahead(copies: int | None = None) -> None:
    """Start loading Tesseract's models for a batch's page readers (`copies` of each of the
    page languages, one per core by default) while the caller gets on with other work."""
    engines = _engines()
    if engines is not None:
        engines.load_ahead((ENGLISH, JAPANESE), copies or cores())


@functools.cache
def _engines() -> _Engines | None:
    name = ctypes.util.find_library("tesseract")
    if name is None:
        return None
    # libgomp reads the limit once, when it loads with libtesseract: one thread per engine,
    # as for the command, or two page readers would fight over the cores.
    os.environ["OMP_THREAD_LIMIT"] = "1"
    try:
        return _Engines(ctypes.CDLL(name))
    except (OSError, AttributeError):  # no library, or one without the C API
        return None


# --- Japanese words ------------------------------------------------------------------------

def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x3000 <= code <= 0x30FF  # CJK punctuation, hiragana, katakana
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
    )


def merge_cjk(words: list[Word]) -> list[Word]:
    """Join neighbours on one line where a CJK glyph touches the next word: 請 求 書 -> 請求書.

    Tesseract reads Japanese one glyph per "word", but Japanese sets no spaces between
    words: glyphs closer than 0.6 of their height belong together (the LSTM's glyph boxes
    are loose, a full-width space is a whole height). Between a CJK glyph
    and Latin or digits (2026年) the gap must be narrower than a space.
    """
    merged: list[Word] = []
    for word in words:
        last = merged[-1] if merged else None
        if last is not None and last.line == word.line and _touching(last, word):
            left, top = min(last.left, word.left), min(last.top, word.top)
            right, bottom = max(last.right, word.right), max(last.bottom, word.bottom)
            merged[-1] = Word(text=last.text + word.text, left=left, top=top, width=right - left,
                              height=bottom - top, confidence=min(last.confidence, word.confidence),
                              line=last.line)
        else:
            merged.append(word)
    return merged


def _touching(left: Word, right: Word) -> bool:
    left_cjk, right_cjk = _is_cjk(left.text[-1]), _is_cjk(right.text[0])
    if not (left_cjk or right_cjk):
        return False
    size = max(left.height, right.height)
    # Tesseract's boxes for jpn glyphs may overlap or even swallow the next glyph's.
    limit = (0.6 if left_cjk and right_cjk else 0.2) * size
    return right.left > left.left and right.left - left.right <= limit
