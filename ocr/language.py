"""Which Tesseract languages a page needs, told from its ink before any Tesseract pass.

Reading a page with `eng+jpn` costs far more than with `eng`, and reading it twice (eng,
then eng+jpn when eng comes back as noise) costs more still. Japanese glyphs give
themselves away without reading: kanji and kana stack four or more horizontal strokes
in one column of one connected shape (言, 書, 番, ヨ), which no Latin letter or digit does
(e, B and 8 have three). Counting such stroke-rich shapes on a page takes one labelling
pass over the ink.
"""
from __future__ import annotations

import cv2
import numpy as np

ENGLISH = "eng"
JAPANESE = "eng+jpn"  # Japanese documents carry Latin codes, numbers and names too
# One line of a Japanese page read alone (a line read apart, a field read again): with eng first, a bold
# 年 and 月 come out as figures.
JAPANESE_LINE = "jpn+eng"

# Pages measured: English ones show 0-1 stroke-rich shapes, Japanese ones 11 or more.
MIN_STROKE_RICH = 4


Components = tuple[int, np.ndarray, np.ndarray, np.ndarray]  # cv2.connectedComponentsWithStats


def languages_for(ink: np.ndarray, components: Components | None = None) -> str:
    """`eng+jpn` when the page's ink (nonzero = ink) holds Japanese glyphs, else `eng`.

    `components` is the ink's 8-connected labelling, when the caller has it already.
    """
    return JAPANESE if stroke_rich_glyphs(ink, components) >= MIN_STROKE_RICH else ENGLISH


def stroke_rich_glyphs(ink: np.ndarray, components: Components | None = None) -> int:
    """How many glyph-sized shapes stack four or more strokes in a fifth of their columns.

    A single column with four runs is not enough: JPEG noise or a speck inside a bold
    letter makes one; the strokes of a kanji cross many columns.
    """
    ink = (ink > 0).astype(np.uint8)
    count, labels, stats, _ = components or cv2.connectedComponentsWithStats(ink, connectivity=8)
    width = ink.shape[1]
    # Where a vertical run of ink starts: one pixel per stroke per column.
    ys, xs = np.nonzero(ink[1:, :] > ink[:-1, :])
    column_keys, runs = np.unique(labels[ys + 1, xs].astype(np.int64) * width + xs, return_counts=True)
    busy_columns = np.bincount(column_keys[runs >= 4] // width, minlength=count)
    heights, widths = stats[:, cv2.CC_STAT_HEIGHT], stats[:, cv2.CC_STAT_WIDTH]
    glyph_sized = (heights >= 8) & (heights <= 120) & (widths >= 3) & (widths <= 2 * heights)
    glyph_sized[0] = False  # label 0 is the paper
    return int((glyph_sized & (busy_columns >= np.maximum(2, 0.2 * widths))).sum())
