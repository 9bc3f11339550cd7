"""A straightened page made ready for Tesseract, and the way back to page pixels.

The stages, in order: turn light-on-dark blocks (a header bar) into dark-on-light; even
out the light (grayscale pages) or clear away the salt noise (faxes); cut away the blank
margins; tell the languages and the text's size; paint out table rules and bring the
text to the size Tesseract reads best (rules first when shrinking, last when enlarging:
on the fewer pixels). The result remembers the crop and the scale, so word boxes map
back to page pixels.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.bilevel import is_bilevel
from ocr.language import ENGLISH, JAPANESE, Components, languages_for

INK_BELOW = 150  # on a page evened out against its paper, ink is darker than this

# Text heights are the median height of glyph-sized shapes, about a capital's height.
# Tesseract's Japanese model misreads glyphs under ~30 px, and a 200-dpi fax sets 10-pt
# kanji at ~18: faxes are enlarged towards FAX_TEXT_HEIGHT. Latin needs less, and
# enlarged as far, a fax's short figures alone in a table cell went unread. Grayscale
# pages with text larger than their language needs (300-dpi scans) are shrunk:
# Tesseract's time grows with pixels, and its accuracy does not grow past that size.
FAX_TEXT_HEIGHT = {ENGLISH: 24, JAPANESE: 32}
MAX_TEXT_HEIGHT = {ENGLISH: 20, JAPANESE: 32}
# A grayscale page whose text is smaller than this (a phone photo of the whole page, small
# print at a low resolution: 10-13 px, where scans measure 14-20) is enlarged as a fax is.
SMALL_TEXT = 14
MAX_ENLARGEMENT = 2.0
SPECK_PIXELS = 2  # a fax's noise: ink specks this small, and alone, are no part of any glyph
SPECK_REACH = 3
BORDER = 16
BLOCK_BELOW = 170  # a block darker than this may carry light text
# A block's text whose lightest is less than this share of the way from its ground to white is
# faint, and stretched; it is at least `LEAST_SPAN` lighter than its ground.
FAINT = 0.75
LEAST_SPAN = 40


@dataclass(frozen=True)
class PreparedPage:
    """The image Tesseract reads, the languages to read it with, and where it sits on the page:
    page pixels = image pixels / scale + (left, top)."""

    image: np.ndarray
    language: str  # Tesseract's -l, told from the ink (`ocr.language`)
    scale: float
    left: float
    top: float
    small_print: bool = False  # a grayscale page enlarged for its small text (`SMALL_TEXT`)


def prepare_for_ocr(gray: np.ndarray, *, enlarge_small_print: bool = True) -> PreparedPage:
    """The page cleaned, cropped to its text, its languages told and its text sized for them.

    Fax-style 1-bit pages are enlarged and smoothed into grayscale (never re-binarised:
    Tesseract's own thresholding of the smooth edges reads jagged fax glyphs far better).
    Grayscale pages are evened out against their own background (shadows and light
    falloff in photos). Rules are painted out last, on the fewest pixels: the cropped page,
    shrunk when it is shrunk, before it is enlarged when it is enlarged.
    """
    fax = is_bilevel(gray)
    clean = lighten_dark_blocks(gray)  # before evening the light, which would take a bar for paper
    clean = without_specks(clean) if fax else even_light(clean)
    _, ink = cv2.threshold(clean, INK_BELOW - 1, 1, cv2.THRESH_BINARY_INV)
    left, top, right, bottom = content_box(ink)
    clean, ink = clean[top:bottom, left:right], ink[top:bottom, left:right]
    # Rules are no glyphs: the glyph-sized shapes that tell the language and the text's height
    # are the same with the rules still in.
    components = cv2.connectedComponentsWithStats(ink, connectivity=8)  # shared by the next two
    language = languages_for(ink, components)
    height, largest = text_height(ink, components), MAX_TEXT_HEIGHT[language]
    scale = 1.0
    if fax and height:
        scale = min(MAX_ENLARGEMENT, max(1.0, FAX_TEXT_HEIGHT[language] / height))
    elif height and height < SMALL_TEXT and enlarge_small_print:
        scale = min(MAX_ENLARGEMENT, FAX_TEXT_HEIGHT[language] / height)
    elif height > largest * 1.15:
        scale = largest / height
    page_size = gray.shape  # the rules' lengths are judged against the whole page, as printed
    if scale < 1.0:
        clean = cv2.resize(clean, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        page_size = (round(gray.shape[0] * scale), round(gray.shape[1] * scale))
    # The ink's shapes serve the rules' specks too, unless the page was shrunk since.
    clean = without_rules(clean, page_size, components if scale >= 1.0 else None)
    if scale > 1.0 and fax:
        clean = cv2.resize(clean, None, fx=scale, fy=scale, interpolation=cv2.INTER_LINEAR)
        clean = cv2.GaussianBlur(clean, (0, 0), 1.0)
    elif scale > 1.0:
        clean = cv2.resize(clean, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC)
    # Tesseract reads lines that touch the image's edge badly (a header bar at the top of a
    # scan); a white border all round measured better on faxes than padding those edges only.
    border = round(BORDER * max(scale, 1.0))
    clean = cv2.copyMakeBorder(clean, border, border, border, border, cv2.BORDER_CONSTANT, value=255)
    return PreparedPage(image=clean, language=language, scale=scale, left=left - border / scale,
                        top=top - border / scale, small_print=not fax and scale > 1.0)


def without_specks(bilevel: np.ndarray, largest: int = SPECK_PIXELS, reach: int = SPECK_REACH) -> np.ndarray:
    """A black-and-white page with its salt noise painted white: ink pixels with no more than
    `largest` ink pixels (themselves included) within `reach` pixels.

    A fax line's noise sprinkles a page with thousands of one- and two-pixel specks:
    Tesseract takes rows of them for text, and misreads the figures beside them (measured:
    a fax's totals read right only without them). Specks near other ink stay: at a fax's
    resolution the dots and small strokes of kana and kanji, and a comma's tail, are specks
    too. Any shape of more than `largest` pixels counts more than that around each of its
    pixels, so only lone specks go.
    """
    ink = cv2.compare(bilevel, INK_BELOW, cv2.CMP_LT) // 255
    window = 2 * reach + 1
    nearby = cv2.boxFilter(ink, -1, (window, window), normalize=False, borderType=cv2.BORDER_CONSTANT)
    lone = (ink > 0) & (nearby <= largest)
    if not lone.any():
        return bilevel
    out = bilevel.copy()
    out[lone] = 255
    return out


def even_light(gray: np.ndarray) -> np.ndarray:
    """Divide out the paper's own brightness, so shadows and falloff read as white."""
    shrink = 0.25
    small = cv2.resize(gray, None, fx=shrink, fy=shrink, interpolation=cv2.INTER_AREA)
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((9, 9), np.uint8))  # ink filled in with paper
    paper = cv2.GaussianBlur(paper, (0, 0), 5)
    paper = cv2.resize(paper, (gray.shape[1], gray.shape[0]), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(gray, np.maximum(paper, 1), scale=255)


def lighten_dark_blocks(gray: np.ndarray) -> np.ndarray:
    """Solid dark or grey blocks with light text (a header bar, a ribbon with the title and
    the invoice number in white) turned into dark text on white.

    Tesseract's own search for inverted text is switched off, as it costs a second look
    at every line of every page; this finds the few blocks that need it. A block is a
    large, nearly solid area darker than paper: bold type and table rules are too thin to
    count. Only a block whose text is lighter than its ground is turned: a shaded table
    header with black captions stays as it is.
    """
    shrink = 8
    small = cv2.resize(gray, (max(1, gray.shape[1] // shrink), max(1, gray.shape[0] // shrink)),
                       interpolation=cv2.INTER_AREA)
    dark = cv2.morphologyEx((small < BLOCK_BELOW).astype(np.uint8), cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    if not dark.any():
        return gray
    out = gray
    for own_cells, (x, y, w, h) in _blocks(dark):
        # Only the block's own cells turn: a skewed bar's corners of paper stay paper.
        x, y, w, h = x * shrink, y * shrink, w * shrink, h * shrink
        cells = cv2.resize(_without_holes(own_cells), (w, h), interpolation=cv2.INTER_NEAREST).astype(bool)
        region = gray[y:y + h, x:x + w][: cells.shape[0], : cells.shape[1]]
        cells = cells[: region.shape[0], : region.shape[1]]
        ground = float(np.median(region[cells]))
        lighter = np.count_nonzero(region[cells] > ground + 40)
        darker = np.count_nonzero(region[cells] < ground - 40)
        # Light text covers a small part of its bar; paper showing between bold letters, a large one.
        if lighter <= darker or lighter > 0.3 * np.count_nonzero(cells) or not _framed_by_ground(
                region, cells, ground, shrink):
            continue
        if out is gray:
            out = gray.copy()
        cells = cells & _rows_of_ground(region, cells, ground)
        # The ground becomes paper and white text black, whatever grey the block was; text much
        # fainter than white (pale grey type on a mid-grey bar) is stretched: its lightest black.
        span = max(1.0, 255 - ground)
        lightest = float(np.percentile(region[cells], 99.5)) - ground
        if lightest < FAINT * span:
            span = max(LEAST_SPAN, lightest)
        turned = 255 - (region.astype(np.float32) - ground) * (255 / span)
        target = out[y:y + h, x:x + w][: cells.shape[0], : cells.shape[1]]
        target[cells] = np.clip(turned, 0, 255).astype(np.uint8)[cells]
    return out


def _blocks(dark: np.ndarray) -> list[tuple[np.ndarray, tuple[int, int, int, int]]]:
    """The solid shapes of a shrunk page's dark cells, each as its own cells within its box (x, y,
    w, h, in cells). A shape that is not solid may be a block joined to a scan's dark edge or
    to a table's rules, all one hollow shape as large as the page: ink under three cells high
    or five wide is taken off it, and its solid parts are blocks too."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=4)
    hollow = np.isin(labels, [n for n in range(1, count) if not _solid(stats[n])]).astype(np.uint8)
    opened = cv2.morphologyEx(hollow, cv2.MORPH_OPEN, np.ones((3, 5), np.uint8), borderType=cv2.BORDER_CONSTANT,
                              borderValue=0)
    parts_count, parts, parts_stats, _ = cv2.connectedComponentsWithStats(opened, connectivity=4)
    return _solid_shapes(count, labels, stats) + _solid_shapes(parts_count, parts, parts_stats)


def _solid_shapes(count: int, labels: np.ndarray,
                  stats: np.ndarray) -> list[tuple[np.ndarray, tuple[int, int, int, int]]]:
    shapes = []
    for n in range(1, count):
        if _solid(stats[n]):
            x, y, w, h = (int(v) for v in stats[n, :4])
            shapes.append((labels[y:y + h, x:x + w] == n, (x, y, w, h)))
    return shapes


def _solid(stat: np.ndarray) -> bool:
    """At least ~100 x 30 page pixels, and solid: bold type and rules are too thin to count."""
    width, height, area = stat[cv2.CC_STAT_WIDTH], stat[cv2.CC_STAT_HEIGHT], stat[cv2.CC_STAT_AREA]
    return bool(width >= 12 and height >= 4 and area >= 0.6 * width * height)


def _rows_of_ground(region: np.ndarray, cells: np.ndarray, ground: float) -> np.ndarray:
    """The block's pixel rows that are mostly its ground, across the block's whole width: a
    line of dark text under a bar, which the shrunk page ran into it, or the row under a
    skewed bar that only its lower corner reaches, is no part of the bar and must not be turned."""
    near = (np.abs(region.astype(np.float32) - ground) < 40) & cells
    share = near.sum(axis=1) / max(cells.shape[1], 1)
    return (share >= 0.5)[:, None]


def _framed_by_ground(region: np.ndarray, cells: np.ndarray, ground: float, shrink: int) -> bool:
    """True when the block's edge is its ground all round: a bar or a box, not bold type,
    whose letters leave paper at every edge."""
    mask = cells.astype(np.uint8)
    # Past the first cell's width (the block was found on a page shrunk by `shrink`), and no deeper
    # than the text inside would start.
    outer = cv2.erode(mask, np.ones((2 * shrink + 1,) * 2, np.uint8), borderType=cv2.BORDER_CONSTANT, borderValue=0)
    inner = cv2.erode(mask, np.ones((4 * shrink + 1,) * 2, np.uint8), borderType=cv2.BORDER_CONSTANT, borderValue=0)
    values = region[(outer > 0) & (inner == 0)]
    return values.size > 0 and float(np.mean(np.abs(values.astype(np.float32) - ground) < 40)) >= 0.75


def _without_holes(mask: np.ndarray) -> np.ndarray:
    """The mask with its enclosed holes filled (large light glyphs leave holes in a block)."""
    padded = cv2.copyMakeBorder(mask.astype(np.uint8), 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    outside = padded.copy()
    cv2.floodFill(outside, None, (0, 0), 2)
    return (outside[1:-1, 1:-1] != 2).astype(np.uint8)


def without_rules(gray: np.ndarray, page_size: tuple[int, int] | None = None,
                  shapes: Components | None = None) -> np.ndarray:
    """The page with long horizontal and vertical rules (table grids, underlines) painted white.

    Tesseract reads rules as |, l, 1 or _ glued to the cell text beside them. Solid rules,
    however faint, are long runs of the ink told from its surroundings. Dotted and dashed
    rules, and solid ones broken up by a fax, are found as rows of thin specks of dark ink
    that close into a long line; a hyphen in text has no such neighbours. What counts as
    long and as thin is judged against `page_size` (height, width), when `gray` is part of
    a page. `shapes` are the 8-connected shapes of the dark ink (below `INK_BELOW`), when
    the caller has them already.
    """
    height, width = page_size or gray.shape
    if shapes is None:
        dark = cv2.compare(gray, INK_BELOW, cv2.CMP_LT)
        shapes = cv2.connectedComponentsWithStats(dark, connectivity=8)
    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)
    long_across = cv2.getStructuringElement(cv2.MORPH_RECT, (max(40, width // 30), 1))
    long_down = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(40, height // 40)))
    rules = cv2.morphologyEx(ink, cv2.MORPH_OPEN, long_across)
    rules |= cv2.morphologyEx(ink, cv2.MORPH_OPEN, long_down)
    thin = max(3, round(max(height, width) / 600))
    stats = shapes[2]
    lefts, tops = stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    widths, heights = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    flat = (heights <= thin) & (widths < width // 30)
    slim = (widths <= thin) & (heights < height // 40)
    flat[0] = slim[0] = False  # label 0 is the paper
    gap = 4 * thin
    # Runs are found from the specks' boxes, a few hundred per page, not from the page's pixels.
    for row, start, end in speck_runs(tops[flat], heights[flat], lefts[flat], widths[flat], gap, long_across.shape[1]):
        rules[row, start:end] |= ink[row, start:end]
    for column, start, end in speck_runs(lefts[slim], widths[slim], tops[slim], heights[slim], gap, long_down.shape[0]):
        rules[start:end, column] |= ink[start:end, column]
    rules = cv2.dilate(rules, np.ones((3, 3), np.uint8))
    return cv2.max(gray, rules)  # the rules' pixels white (255), the rest as they were


def speck_runs(lines: np.ndarray, thickness: np.ndarray, starts: np.ndarray, lengths: np.ndarray,
               gap: int, longest: int) -> list[tuple[int, int, int]]:
    """Where specks along lines (pixel rows, or columns) join into a run as long as a rule:
    (line, start, end) for each run of specks no more than `gap` apart and `longest` long.

    Each speck lies across `thickness` lines from `lines`, and along them from `starts` for
    `lengths`: as a closing along the lines, then an opening as long as a rule, would find
    them on a mask of the specks, at the cost of the specks rather than of the page.
    """
    if lines.size == 0:
        return []
    thickness = thickness.astype(np.int64)
    first = np.repeat(lines.astype(np.int64), thickness)
    # Each speck once per line it lies across: line = its first line + 0, 1, ... thickness - 1.
    offsets = np.arange(first.size) - np.repeat(np.cumsum(thickness) - thickness, thickness)
    line = first + offsets
    start = np.repeat(starts.astype(np.int64), thickness)
    end = start + np.repeat(lengths.astype(np.int64), thickness)
    order = np.lexsort((start, line))
    line, start, end = line[order], start[order], end[order]
    # How far each line's specks reach so far: lines are set apart so that no reach carries over.
    apart = line * (int(end.max()) + gap + 2)
    reach = np.maximum.accumulate(end + apart) - apart
    opens = np.ones(line.size, dtype=bool)
    opens[1:] = (line[1:] != line[:-1]) | (start[1:] - reach[:-1] >= gap)
    heads = np.flatnonzero(opens)
    run_ends = np.maximum.reduceat(end, heads)
    long_enough = run_ends - start[heads] >= longest
    return list(zip(line[heads][long_enough].tolist(), start[heads][long_enough].tolist(),
                    run_ends[long_enough].tolist(), strict=True))


def content_box(ink: np.ndarray, margin: int = 24) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) around the page's ink, with a margin; the whole page if blank.

    Invoices leave much of the sheet empty, and Tesseract pays for every pixel it scans.
    Specks far from the text (dust, the edge of a scan) are ignored: rows and columns
    count only when they hold more than a few ink pixels.
    """
    height, width = ink.shape
    rows = np.flatnonzero(ink.sum(axis=1) > 2)
    columns = np.flatnonzero(ink.sum(axis=0) > 2)
    if rows.size == 0 or columns.size == 0:
        return 0, 0, width, height
    return (max(0, int(columns[0]) - margin), max(0, int(rows[0]) - margin),
            min(width, int(columns[-1]) + 1 + margin), min(height, int(rows[-1]) + 1 + margin))


def text_height(ink: np.ndarray, components: Components | None = None) -> float:
    """The median height of the page's glyph-sized shapes, in pixels (0 if it has none)."""
    _, _, stats, _ = components or cv2.connectedComponentsWithStats(ink, connectivity=8)
    heights, widths = stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_WIDTH]
    glyphs = heights[(heights >= 8) & (heights <= 120) & (widths >= 3) & (widths <= 2 * heights)]
    return float(np.median(glyphs)) if glyphs.size >= 10 else 0.0
