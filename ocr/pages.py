"""Page rasters: the images of a document's pages, straightened the way the reader sees them.

Every page has one coordinate space, shared by the reader's word boxes and the screens'
page images: PDF pages rendered at `PDF_DPI` (or less, for a page too large for the pixel
limit: `pdf_scale`), image pages at their own resolution after straightening
(`straighten`). `render_page_png` draws a page in that space, scaled down.
"""
from __future__ import annotations

import io
import math
import threading
from collections import OrderedDict

import cv2
import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageOps

from ocr.bilevel import is_bilevel
from ocr.files import MB, limits, within_limits
from ocr.scan_lines import mend_lost_lines

# One thread per page: the reader spreads pages over the cores (`ocr.reading`), and OpenCV's
# own threads on top of that only contend for the same cores (measured: a fifth more CPU).
cv2.setNumThreads(1)

PDF_DPI = 200
PDF_SCALE = PDF_DPI / 72  # pixels per PDF point

PDF = "application/pdf"
IMAGE_TYPES = {"image/png", "image/jpeg", "image/tiff"}
MIN_TEXT_LAYER_CHARS = 20
# The pages the reader and the second look share while documents are read (`page_image`):
# a dozen A4 scans at 300 dpi, and never more, however large the pages or many the documents.
PAGE_CACHE_BYTES = 128 * MB

# PDFium is not thread-safe, and a batch reads pages in threads: every call into it holds this.
PDFIUM_LOCK = threading.RLock()


def page_count(data: bytes, mime: str) -> int:
    """How many pages the document has."""
    if mime == PDF:
        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(data)
            try:
                return len(pdf)
            finally:
                pdf.close()
    with Image.open(io.BytesIO(data)) as image:
        return getattr(image, "n_frames", 1)


def pdf_scale(width: float, height: float) -> float:
    """Page pixels per PDF point for a page `width` x `height` points: `PDF_SCALE`, or less
    where that would give the page more pixels than the limit (`Limits.page_megapixels`).
    A page may claim to be 200 inches square: it is drawn smaller, never gigabytes large."""
    most = limits().page_pixels
    width, height = max(width, 1.0), max(height, 1.0)
    if math.ceil(width * PDF_SCALE) * math.ceil(height * PDF_SCALE) <= most:
        return PDF_SCALE
    # The largest scale whose page, each side rounded up a whole pixel, keeps to the limit:
    # the root of (width * scale + 1) * (height * scale + 1) = most.
    sides, area = width + height, width * height
    return (math.sqrt(sides**2 + 4 * area * (most - 1)) - sides) / (2 * area)


def page_pixels(data: bytes, mime: str, index: int) -> float:
    """How many pixels page `index` (0-based) has before straightening: what reading it costs, roughly."""
    if mime == PDF:
        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(data)
            try:
                width, height = pdf.get_page_size(index)
            finally:
                pdf.close()
        return width * height * pdf_scale(width, height) ** 2
    with Image.open(io.BytesIO(data)) as image:  # reads the header only
        image.seek(index)
        return float(image.width * image.height)


def image_frame(data: bytes, index: int) -> Image.Image:
    """Frame `index` (0-based) of a PNG, JPEG or TIFF, upright per its EXIF orientation."""
    with Image.open(io.BytesIO(data)) as image:
        image.seek(index)
        if image.format == "JPEG":
            # Decoded straight to grayscale, the reader's only use for it: JPEG's own brightness
            # channel, at half the cost of decoding colour and converting it.
            image.draft("L", image.size)
        frame = ImageOps.exif_transpose(image)
        frame.load()
        return square_pixels(_scan_lines_mended(frame) if frame.mode == "1" else frame.copy())


def _scan_lines_mended(frame: Image.Image) -> Image.Image:
    """A black-and-white frame (a fax, as its lines were scanned) with the cuts its lost scan
    lines made through the text mended (`ocr.scan_lines`)."""
    ink = ~np.asarray(frame)
    mended = mend_lost_lines(ink)
    if mended is ink:
        return frame.copy()
    out = Image.fromarray(~mended).convert("1")
    out.info = dict(frame.info)
    return out


def square_pixels(frame: Image.Image) -> Image.Image:
    """Stretch a frame whose pixels are not square (a fax in 'standard' mode is 204 x 98 dpi)."""
    dpi = frame.info.get("dpi")
    try:
        x_dpi, y_dpi = (float(d) for d in dpi)
    except (TypeError, ValueError):
        return frame
    if x_dpi <= 0 or y_dpi <= 0 or abs(x_dpi / y_dpi - 1) < 0.1:
        return frame
    size = (frame.width, round(frame.height * x_dpi / y_dpi))
    stretched = frame.convert("L").resize(size, Image.BICUBIC)
    if frame.mode == "1":  # a fax stays black and white, smoothed edges and all: the reader treats faxes apart
        stretched = stretched.point(lambda level: 255 if level > 127 else 0)
    stretched.info["dpi"] = (x_dpi, x_dpi)
    return stretched


def render_pdf_page(data: bytes, index: int, dpi: float = PDF_DPI) -> Image.Image:
    """Page `index` (0-based) of a PDF rendered in grayscale at `dpi`, or less for a page too large for the limit."""
    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(data)
        try:
            page = pdf[index]
            image = _rendered(page, min(dpi / 72, pdf_scale(*page.get_size())))
            page.close()
            return image
        finally:
            pdf.close()


def to_gray(image: Image.Image) -> np.ndarray:
    """An 8-bit grayscale array of any PIL image (1-bit, palette, RGB(A), 16-bit)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        background = Image.new("RGBA", image.size, "white")
        background.alpha_composite(image.convert("RGBA"))
        image = background
    if image.mode in ("I;16", "I;16B", "I", "F"):
        array = np.asarray(image, dtype=np.float64)
        span = max(array.max() - array.min(), 1.0)
        return ((array - array.min()) * 255.0 / span).astype(np.uint8)
    return np.asarray(image.convert("L"), dtype=np.uint8)


def has_text_layer(data: bytes, index: int) -> bool:
    """Whether PDF page `index` carries real text: enough characters that are not replacement glyphs."""
    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(data)
        try:
            return _text_layer_ok(pdf[index])
        finally:
            pdf.close()


def _text_layer_ok(page: pdfium.PdfPage) -> bool:
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    textpage.close()
    visible = [c for c in text if not c.isspace()]
    if len(visible) < MIN_TEXT_LAYER_CHARS:
        return False
    # Fonts without a Unicode map come out as U+FFFD or control characters: OCR those pages.
    unreadable = sum(1 for c in visible if c == "\ufffd" or ord(c) < 32)
    return unreadable < 0.1 * len(visible)


def straighten(gray: np.ndarray) -> np.ndarray:
    """The page square-on and level: the reader's and the screens' page pixels (`page_image`
    gives it turned upright too, where the reader found it fed turned: `turn_page`)."""
    return deskew(flatten_photo(gray))


def flatten_photo(gray: np.ndarray) -> np.ndarray:
    """A photographed sheet cut out of its background and warped to a rectangle.

    Only when a bright four-cornered sheet clearly stands out from a darker background
    that runs along most of the photo's edge; scans, whose paper fills the frame, come
    back unchanged, however dark their header bars or dense their text. A coloured band
    along the sheet's edge (a header bar in white on teal) is darker than its paper but
    lighter than the background: the sheet is the larger four-cornered shape that takes it
    in, where there is one around the paper's.
    """
    height, width = gray.shape
    shrink = 800 / max(height, width)
    small = cv2.resize(gray, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    threshold, sheet = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    background = small[sheet == 0]
    if background.size < 0.03 * small.size or np.median(background) > threshold - 40:
        return gray  # no dark surround: a scan, or a photo filled by the page
    frame = np.concatenate([sheet[0], sheet[-1], sheet[:, 0], sheet[:, -1]])
    if np.count_nonzero(frame == 0) < 0.5 * frame.size:
        return gray  # the dark is inside the page (a header bar, the text), not around it: a scan
    quad = _sheet_corners(sheet, small.size)
    if quad is None:
        return gray
    surround = float(np.median(np.concatenate([small[0], small[-1], small[:, 0], small[:, -1]])))
    with_bands = _sheet_corners((small > surround + (threshold - surround) / 3).astype(np.uint8) * 255, small.size)
    if with_bands is not None and _takes_in(with_bands, quad):
        quad = with_bands
    elif _takes_in(grown := _grown_over_bands(small, quad, surround), quad):
        quad = grown
    corners = _order_corners(quad / shrink)
    top_left, top_right, bottom_right, bottom_left = corners
    out_width = round(max(np.linalg.norm(top_right - top_left), np.linalg.norm(bottom_right - bottom_left)))
    out_height = round(max(np.linalg.norm(bottom_left - top_left), np.linalg.norm(bottom_right - top_right)))
    target = np.array([[0, 0], [out_width - 1, 0], [out_width - 1, out_height - 1], [0, out_height - 1]],
                      dtype=np.float32)
    warp = cv2.getPerspectiveTransform(corners, target)
    return cv2.warpPerspective(gray, warp, (out_width, out_height), flags=cv2.INTER_CUBIC,
                               borderMode=cv2.BORDER_REPLICATE)


def _sheet_corners(sheet: np.ndarray, size: int) -> np.ndarray | None:
    """The four corners of the largest bright shape of a thresholded photo, where it is four-cornered
    and a third of the photo at the least."""
    sheet = cv2.morphologyEx(sheet, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(sheet, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    contour = max(contours, key=cv2.contourArea)
    if cv2.contourArea(contour) < 0.3 * size:
        return None
    quad = cv2.approxPolyDP(cv2.convexHull(contour), 0.02 * cv2.arcLength(contour, True), True)
    return quad.reshape(4, 2).astype(np.float32) if len(quad) == 4 else None


# A sheet taking in coloured bands is this much larger than its paper: more than its blurred
# edge (a photo's sheet grows by a pixel or two all round at a lower threshold), and not much more.
BANDS = (1.03, 1.35)


def _takes_in(larger: np.ndarray, paper: np.ndarray) -> bool:
    """Whether a four-cornered shape holds the paper's and is larger by a band's size (`BANDS`)."""
    inside = all(cv2.pointPolygonTest(larger.reshape(-1, 1, 2), (float(x), float(y)), True) >= -3 for x, y in paper)
    ratio = cv2.contourArea(larger) / max(cv2.contourArea(paper), 1.0)
    return inside and BANDS[0] < ratio <= BANDS[1]


# A band along the sheet's edge differs from the background by this much at the least, and is
# this deep at the least, as a share of the sheet across it: a sheet's shadow is shallower.
BAND_CONTRAST = 20
BAND_LEAST = 0.03
BAND_FIRST_ROWS = 8  # the band's ground is told from its rows this near the paper, past the edge's blur
BAND_STEP = 10  # a band ends where its ground changes by this much


def _grown_over_bands(small: np.ndarray, paper: np.ndarray, surround: float) -> np.ndarray:
    """The paper's four corners moved out over a band along any of its edges that stands out
    from the background (a black header bar on a grey desk, which no threshold between the
    paper and the desk takes in): each edge's corners move along the sides beside it."""
    corners = _order_corners(paper)
    grown = corners.copy()
    centre = corners.mean(axis=0)
    for edge in range(4):
        before, start, end, after = (corners[(edge + k) % 4] for k in (-1, 0, 1, 2))
        outward = np.array([end[1] - start[1], start[0] - end[0]], dtype=np.float32)
        outward /= max(float(np.linalg.norm(outward)), 1e-6)
        if np.dot(outward, start - centre) < 0:
            outward = -outward
        across = float(np.linalg.norm(start - before))
        depth = _band_depth(small, start, end, outward, surround, across)
        if depth:
            for corner, side_from in ((edge, before), ((edge + 1) % 4, after)):
                side = corners[corner] - side_from
                side /= max(float(np.linalg.norm(side)), 1e-6)
                grown[corner] += side * depth / max(float(np.dot(side, outward)), 0.5)
    return grown


def _band_depth(small: np.ndarray, start: np.ndarray, end: np.ndarray, outward: np.ndarray,
                surround: float, across: float) -> float:
    """How far out from the paper's edge a band of even ground, other than the background's, runs
    before something else starts; 0 where there is none, or the photo's edge cuts it. The band's
    ground is told from its rows next to the paper (past the paper's blurred edge). Text on a
    band is lighter than a dark band's ground (darker than a light one's), so each row's ground
    is its darkest (lightest) fifth; the background next to the band may be lit otherwise than
    the photo's edge, so the band ends where the ground changes, whatever it changes to."""
    along = start + np.linspace(0.1, 0.9, 48)[:, None] * (end - start)
    first, band, outside = [], 0.0, 0
    for depth in range(1, round(across * (BANDS[1] - 1)) + 1):
        xs, ys = np.round(along + depth * outward).astype(int).T
        inside = (xs >= 0) & (xs < small.shape[1]) & (ys >= 0) & (ys < small.shape[0])
        if np.count_nonzero(inside) < 0.8 * inside.size:
            return 0.0  # the photo's edge: where the band ends is not known
        row = small[ys[inside], xs[inside]]
        if depth <= BAND_FIRST_ROWS:
            first.append(float(np.median(row)))
            continue
        if not band:
            band = float(np.median(first[-4:]))
            if abs(band - surround) < BAND_CONTRAST:
                return 0.0
        ground = float(np.percentile(row, 20 if band < surround else 80))
        outside = outside + 1 if abs(ground - band) >= BAND_STEP else 0
        if outside == 3:
            depth -= 3
            return float(depth) if depth >= BAND_LEAST * across else 0.0
    return 0.0


def _order_corners(points: np.ndarray) -> np.ndarray:
    sums, diffs = points.sum(axis=1), np.diff(points, axis=1).ravel()
    return np.array([points[np.argmin(sums)], points[np.argmin(diffs)], points[np.argmax(sums)],
                     points[np.argmax(diffs)]], dtype=np.float32)


def deskew(gray: np.ndarray, max_angle: float = 5.0) -> np.ndarray:
    """The page rotated level: the small angle whose rows of ink are sharpest.

    Text lines make the row profile of a level page spiky; a tilt smears it. Angles under
    0.2 degrees are left alone: rotating costs a resample for no gain.
    """
    angle = skew_angle(gray, max_angle)
    if abs(angle) < 0.2:
        return gray
    height, width = gray.shape
    rotation = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    level = cv2.warpAffine(gray, rotation, (width, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)
    if is_bilevel(gray):
        # A fax stays black and white, smoothed edges and all: the reader treats faxes apart.
        _, level = cv2.threshold(level, 127, 255, cv2.THRESH_BINARY)
    return level


def skew_angle(gray: np.ndarray, max_angle: float = 5.0) -> float:
    """Degrees (counter-clockwise, as OpenCV rotates) that level the page's text lines.

    Each candidate angle is scored on the ink's points, not a rotated image: the rows its
    pixels would land in, counted. That is the nearest-neighbour rotation's row profile
    without resampling a page per angle, at a fraction of the cost.
    """
    shrink = 600 / max(gray.shape)
    small = cv2.resize(gray, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA)
    ink = cv2.adaptiveThreshold(small, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 15, 10)
    ys, xs = np.nonzero(ink)
    if ys.size == 0:
        return 0.0
    height, width = ink.shape
    xs = xs.astype(np.float32) - width / 2
    ys = ys.astype(np.float32) - height / 2
    reach = int(np.hypot(height, width)) + 2  # rows a point can land in, either side of the centre

    def sharpness(angle: float) -> float:
        radians = np.deg2rad(angle)
        # Where OpenCV's rotation by `angle` about the centre takes each point's row.
        rows = np.rint(ys * np.float32(np.cos(radians)) - xs * np.float32(np.sin(radians))).astype(np.int64)
        profile = np.bincount(rows + reach, minlength=2 * reach + 1)
        return float(np.square(np.diff(profile)).sum())

    coarse = max(np.arange(-max_angle, max_angle + 0.01, 0.5), key=sharpness)
    return float(max(np.arange(coarse - 0.5, coarse + 0.51, 0.1), key=sharpness))


def page_image(data: bytes, mime: str, number: int) -> np.ndarray:
    """Page `number` (1-based) in page pixels, grayscale: what boxes are drawn on.

    The reader and the second look both need a document's pages while it is being read:
    the last few are remembered (read-only, `PAGE_CACHE_BYTES` of them at most), so a page
    is straightened once, even while a batch reads several documents at a time; a
    document's are forgotten when it has been read (`forget_pages`).
    """
    key = (data, mime, number)
    image = _page_cache.get(key)
    if image is None:
        image = _straightened_page(data, mime, number)
        if turns := _page_cache.turns(key):
            image = turned(image, turns)
        image.flags.writeable = False
        _page_cache.put(key, image)
    return image


def turn_page(data: bytes, mime: str, number: int, turns: int) -> np.ndarray:
    """Page `number` turned `turns` quarter turns counter-clockwise, as the reader found it fed
    (`ocr.orientation`): `page_image` gives it so from now on, until the document is forgotten."""
    key = (data, mime, number)
    image = turned(page_image(data, mime, number), turns)
    image.flags.writeable = False
    _page_cache.turn(key, turns, image)
    return image


def page_turns(data: bytes, mime: str, number: int) -> int:
    """The quarter turns the reader found page `number` fed in (`turn_page`), 0 if none."""
    return _page_cache.turns((data, mime, number))


def turned(image: np.ndarray, turns: int) -> np.ndarray:
    """A straightened page turned by quarter turns counter-clockwise, and levelled again (a page
    on its side was levelled by its lines running up and down it)."""
    return deskew(np.ascontiguousarray(np.rot90(image, turns)))


def forget_pages(data: bytes) -> None:
    """Drop the remembered pages of the document `data`: it has been read."""
    _page_cache.forget(data)


class _PageCache:
    """Pages by (document, type, number), the least recently used dropped first, never more
    than `most` bytes of pixels in all. Thread-safe: a batch's page readers share it."""

    def __init__(self, most: int) -> None:
        self._pages: OrderedDict[tuple[bytes, str, int], np.ndarray] = OrderedDict()
        self._turns: dict[tuple[bytes, str, int], int] = {}  # pages found turned, kept when their pixels are dropped
        self._most, self._bytes = most, 0
        self._lock = threading.Lock()

    @property
    def size(self) -> int:
        """The bytes of pixels held."""
        return self._bytes

    def get(self, key: tuple[bytes, str, int]) -> np.ndarray | None:
        with self._lock:
            image = self._pages.get(key)
            if image is not None:
                self._pages.move_to_end(key)
            return image

    def put(self, key: tuple[bytes, str, int], image: np.ndarray) -> None:
        with self._lock:
            if key in self._pages or image.nbytes > self._most:
                return
            self._pages[key] = image
            self._bytes += image.nbytes
            while self._bytes > self._most:
                _, dropped = self._pages.popitem(last=False)
                self._bytes -= dropped.nbytes

    def turns(self, key: tuple[bytes, str, int]) -> int:
        with self._lock:
            return self._turns.get(key, 0)

    def turn(self, key: tuple[bytes, str, int], turns: int, image: np.ndarray) -> None:
        """Remember the page turned: its turns (for its pixels drawn again) and the turned pixels."""
        with self._lock:
            self._turns[key] = (self._turns.get(key, 0) + turns) % 4
            old = self._pages.pop(key, None)
            self._bytes -= old.nbytes if old is not None else 0
        self.put(key, image)

    def forget(self, data: bytes) -> None:
        with self._lock:
            for key in [key for key in self._pages if key[0] == data]:
                self._bytes -= self._pages.pop(key).nbytes
            for key in [key for key in self._turns if key[0] == data]:
                del self._turns[key]


_page_cache = _PageCache(PAGE_CACHE_BYTES)


def _straightened_page(data: bytes, mime: str, number: int) -> np.ndarray:
    index = number - 1
    if mime != PDF:
        return straighten(to_gray(image_frame(data, index)))
    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(data)
        try:
            page = pdf[index]
            text_layer = _text_layer_ok(page)
            scan = None if text_layer else _scan_of(page)
            rendered = to_gray(_rendered(page, pdf_scale(*page.get_size()))) if scan is None else None
        finally:
            pdf.close()
    if text_layer:
        return rendered
    # A scan's JPEG is decoded outside the lock: other pages' PDFium work need not wait for it.
    return straighten(rendered if scan is None else _decoded_scan(*scan))


def _rendered(page: pdfium.PdfPage, scale: float) -> Image.Image:
    bitmap = page.render(scale=scale, grayscale=True)
    return bitmap.to_pil().convert("L")


def _scan_of(page: pdfium.PdfPage) -> tuple[bytes, tuple[int, int]] | None:
    """A scanned page's JPEG and the page's size in page pixels, when the page is that one
    upright image filling it and nothing else; None for any other page."""
    objects = list(page.get_objects())
    if len(objects) != 1 or objects[0].type != pdfium_c.FPDF_PAGEOBJ_IMAGE or page.get_rotation() != 0:
        return None
    image = objects[0]
    width, height = page.get_size()
    left, bottom, right, top = image.get_bounds()
    a, b, c, d, _, _ = image.get_matrix().get()
    if b or c or a <= 0 or d <= 0 or image.get_filters() != ["DCTDecode"]:
        return None
    if max(abs(left), abs(bottom), abs(right - width), abs(top - height)) > 1:
        return None
    # The size PDFium renders the page at, so both ways give the same page pixels.
    scale = pdf_scale(width, height)
    return bytes(image.get_data(decode_simple=True)), (math.ceil(width * scale), math.ceil(height * scale))


def _decoded_scan(jpeg: bytes, size: tuple[int, int]) -> np.ndarray:
    """A scanned page's JPEG decoded to grayscale and scaled to page pixels: as PDFium draws
    it, at a third of the cost."""
    with Image.open(io.BytesIO(jpeg)) as image:
        image.draft("L", image.size)
        gray = to_gray(image)
    if (gray.shape[1], gray.shape[0]) == size:
        return gray
    shrinking = gray.shape[1] > size[0]
    return cv2.resize(gray, size, interpolation=cv2.INTER_AREA if shrinking else cv2.INTER_CUBIC)


def render_page_png(data: bytes, mime: str, number: int, max_width: int = 1400) -> tuple[bytes, float]:
    """A PNG of page `number` (1-based) and its scale: PNG pixels per page pixel (<= 1).

    The page pixels are those of the reader's word boxes, so a box drawn at
    `(word.left * scale, word.top * scale)` lands on the word. The page is drawn afresh,
    not remembered: a preview is drawn once, in the web process, which reads no documents.
    A file beyond the limits raises `ocr.files.UnreadableFile` (`ocr.files.within_limits`).
    """
    within_limits(data, mime)
    from ocr.orientation import upright  # (which reads pages with this module's helpers)

    gray = upright(_straightened_page(data, mime, number))  # as the reader turned it, if it did
    image = Image.fromarray(gray)
    scale = min(1.0, max_width / image.width)
    if scale < 1.0:
        image = image.resize((round(image.width * scale), round(image.height * scale)), Image.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue(), scale
