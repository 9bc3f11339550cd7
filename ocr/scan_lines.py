"""Mending the scan lines a fax machine lost.

A fax is sent one scan line at a time; a line lost on the way arrives as a row of white
across the whole page, and where it crosses text it cuts every glyph on that line in
two (a '8' becomes two 'o's, a kanji loses its middle stroke). Such a cut is told from
the white between two lines of text by what lies on either side of it: the strokes
just above a cut go on just below it, in the same columns, while the bottom of one
line and the top of the next meet only by chance. A cut is mended by putting ink back
where the ink above and the ink below it meet.
"""

from __future__ import annotations

import numpy as np

WIDEST_LOSS = 3  # scan lines: more lost at once is a gap in the text, not a cut through it
STRAY_INK = 0.004  # of the page's width: what noise leaves on a row that is otherwise white
CARRIED_ON = 0.5  # of the ink on each side, the share the other side continues
LEAST_INK = 8  # pixels carried across: fewer are specks or a rule's end, not strokes of text
SLANT = 1  # pixels a stroke may move sideways across the cut (italic, diagonal strokes)


def mend_lost_lines(ink: np.ndarray) -> np.ndarray:
    """The page's ink (True where black, rows as scanned) with the cuts lost scan lines made
    through its text filled in; the page itself when it has none."""
    blank = ink.sum(axis=1) <= max(1, int(STRAY_INK * ink.shape[1]))
    mended = None
    for start, end in _blank_runs(blank):
        if end - start > WIDEST_LOSS or start == 0 or end == len(blank):
            continue
        across = _carried_across(ink[start - 1], ink[end], ink[start:end].any(axis=0))
        if across is not None:
            if mended is None:
                mended = ink.copy()
            # The upper half of the cut continues the strokes above it, the lower half those below.
            middle = (start + end + 1) // 2
            mended[start:middle] |= across[0]
            mended[middle:end] |= across[1]
    return ink if mended is None else mended


def _blank_runs(blank: np.ndarray) -> list[tuple[int, int]]:
    """(first, past last) of every run of blank rows."""
    edges = np.diff(np.concatenate(([0], blank.astype(np.int8), [0])))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True))


def _carried_across(above: np.ndarray, below: np.ndarray,
                    inked: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """The strokes above that go on below, and those below that come from above, when most of
    them do on both sides; columns `inked` in the white rows (a rule crossing them) aside."""
    above, below = above & ~inked, below & ~inked
    down, up = above & _widened(below), below & _widened(above)
    carried, sides = (down.sum(), up.sum()), (above.sum(), below.sum())
    if min(carried) < LEAST_INK or any(c < CARRIED_ON * s for c, s in zip(carried, sides, strict=True)):
        return None
    return down, up


def _widened(row: np.ndarray) -> np.ndarray:
    wide = row.copy()
    for shift in range(1, SLANT + 1):
        wide[shift:] |= row[:-shift]
        wide[:-shift] |= row[shift:]
    return wide
