"""Tesseract, in this process: its words on an image, and the engines kept loaded for them.

Tesseract runs through libtesseract's C API where it loads (`_Engines`, its models loaded
once and shared), else as the `tesseract` command; both read alike. Tesseract reads
Japanese one glyph per word: `merge_cjk` joins them into words again.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import subprocess
import threading
from collections.abc import Mapping

import numpy as np

from ocr.language import ENGLISH, JAPANESE
from ocr.model import Word
from ocr.pool import cores

TESSERACT = "tesseract"


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


OSD = "osd"  # Tesseract's orientation and script model
OSD_ONLY = 0  # the page segmentation mode that only tells orientation and script


def page_orientation(gray: np.ndarray) -> tuple[int, float]:
    """How far the page is turned, as Tesseract's orientation detection tells it: the quarter
    turns counter-clockwise (`numpy.rot90`'s k) that set it upright, and how sure it is (0 when
    it could not tell: too little text)."""
    gray = np.ascontiguousarray(gray, dtype=np.uint8)
    engines = _engines()
    if engines is not None:
        degrees, confidence = engines.orientation(gray)
    else:
        degrees, confidence = _orientation_by_command(gray)
    return (degrees // 90) % 4, max(0.0, confidence)


def _orientation_by_command(gray: np.ndarray) -> tuple[int, float]:
    height, width = gray.shape
    pgm = f"P5 {width} {height} 255\n".encode() + gray.tobytes()
    result = subprocess.run([TESSERACT, "stdin", "stdout", "-l", OSD, "--psm", str(OSD_ONLY)], input=pgm,
                            capture_output=True, env=dict(os.environ, OMP_THREAD_LIMIT="1"), check=False)
    said = dict(line.split(":", 1) for line in result.stdout.decode(errors="replace").splitlines() if ":" in line)
    try:
        return int(said["Orientation in degrees"]), float(said["Orientation confidence"])
    except (KeyError, ValueError):  # too few characters to tell
        return 0, 0.0


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
            ("TessBaseAPIDetectOrientationScript", [void, ctypes.POINTER(number), ctypes.POINTER(ctypes.c_float),
                                                    ctypes.POINTER(text), ctypes.POINTER(ctypes.c_float)], number),
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

    def orientation(self, gray: np.ndarray) -> tuple[int, float]:
        """The page's orientation in degrees and the detection's confidence (0 when too few
        characters tell it)."""
        engine = self._take(OSD)
        api = self._api
        degrees, confidence = ctypes.c_int(0), ctypes.c_float(0.0)
        script, script_confidence = ctypes.c_char_p(), ctypes.c_float(0.0)
        try:
            height, width = gray.shape
            api.TessBaseAPISetPageSegMode(engine, OSD_ONLY)
            api.TessBaseAPISetImage(engine, gray.ctypes.data, width, height, 1, gray.strides[0])
            told = api.TessBaseAPIDetectOrientationScript(engine, ctypes.byref(degrees), ctypes.byref(confidence),
                                                          ctypes.byref(script), ctypes.byref(script_confidence))
        finally:
            api.TessBaseAPIClear(engine)
            self._give(OSD, engine)
        return (degrees.value, confidence.value) if told else (0, 0.0)

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
