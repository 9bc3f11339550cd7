"""Reference numbers (invoice, quote and order numbers): their shape, and the characters OCR
takes for one another in them.

A supplier numbers its documents in one shape ('OS-0387', 'INV-2026-0042'): letters, then
digits, with the same marks between. Knowing the shape, a misread reference can be put
right where a look-alike stands in the wrong place ('0S-0393' -> 'OS-0393').
"""
from __future__ import annotations

import itertools
import re
import unicodedata

from ocr.registration import ZERO_LOOKALIKES

# Characters OCR takes for one another in references, each class with the digit, then the letter, it stands for.
_CONFUSED = ("0ODQU", "1IL|", "5S", "8B", "2Z", "6G")
_COARSE = re.compile(r"(A|9)\1*")
_SLASH_READ_AS = "71Il|"  # a thin slash read as a stroke of its own
_DASH_READ_AS = ".,_~"  # a dash read as a speck or a line at another height


def compact(text: str) -> str:
    """The text in half-width characters without spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def shape_of(text: str) -> str:
    """A reference's shape: letters as A, digits as 9, the rest as printed ('INV-00883' -> 'AAA-99999')."""
    return re.sub(r"[A-Za-z]", "A", re.sub(r"\d", "9", compact(text)))


def fits_shape(text: str, shape: str | None) -> bool:
    """True when text has the shape, its runs of letters or digits a little longer or shorter."""
    if shape is None:
        return True
    mine = shape_of(text)
    return _COARSE.sub(r"\1", mine) == _COARSE.sub(r"\1", shape) and abs(len(mine) - len(shape)) <= 2


def as_digits(text: str) -> str:
    """The text with every look-alike read as its digit: two readings of one reference compare equal."""
    return "".join(next((c[0] for c in _CONFUSED if ch.upper() in c), ch) for ch in text)


def _as_letter(ch: str, example: str | None) -> str:
    """The letter a misread digit stands for: the example's where OCR takes the one for the other
    (a supplier's prefix seldom changes), else the digit's look-alike; else the digit stays."""
    cls = next((c for c in _CONFUSED if ch.upper() in c), "")
    if example and example.isalpha() and example.upper() in cls:
        return example
    return cls[1] if cls else ch


def _beside(text: str, n: int, letter: bool) -> bool:
    """Whether a letter (or a digit) stands next to position n within its run between marks:
    '0S-' has a digit among letters, 'CBS-00300' none, so a digit there is a digit."""
    return any(0 <= m < len(text) and text[m].isalnum() and text[m].isalpha() == letter for m in (n - 1, n + 1))


def repair(text: str, shape: str | None, example: str | None = None) -> str:
    """A reference with look-alike characters put back where its shape says a letter or a digit
    goes ('0S-0393' with shape 'AA-9999' -> 'OS-0393'), the letters as in `example` (another
    reference of the shape) where a digit stands for one. Only a character among the other
    kind is a misreading: a run of digits where the shape has a letter is another numbering
    ('CBS-00300' beside 'CBS-E0273'); a slash read as a stroke ('A/2670347') is a slash again,
    a dash read as a point ('26.00593') a dash.
    One character longer than the shape, it lost the character OCR read twice ('B0000168' for
    B000168, 'MCSEI/EXP' for MCSE/EXP) or a speck read before or after it ('TIN2701/651' for
    IN2701/651), when only one such character gives the shape and a number near the supplier's
    earlier one, nearer than the number as read (whose serial may have grown a digit); one
    character shorter, it lost a zero ('041300' beside 0041308). Shorter by the shape's marks
    alone, it lost them ('2608027' for 2608-027); by the letters the shape starts with, it lost
    those ('2610454' beside S2610417), when it then lies near the supplier's earlier number.
    Otherwise unchanged when its length is not the shape's."""
    if shape is not None and example is not None and len(text) == len(shape) + 1:
        for dropped in (_doubles_dropped(text), [text[1:], text[:-1]]):  # a character read twice first
            once = {t for t in (repair(t, shape, example) for t in dropped)
                    if shape_of(t) == shape and near(t, example)}
            if once and _apart(text, example) < min(_apart(t, example) for t in once):
                return text  # its serial grew a digit ('S27021017' after S2701953): in sequence as read
            if once:
                return once.pop() if len(once) == 1 else text
        return text
    if shape is not None and len(text) < len(shape) and shape_of(text) == re.sub(r"[^A9]", "", shape):
        # Its marks OCR lost ('2608027' for 2608-027): put back where the supplier's shape has them.
        characters = iter(text)
        return "".join(next(characters) if want in "A9" else want for want in shape)
    if shape is not None and example is not None and (lost := _lost_prefix(text, shape, example)):
        return lost
    if shape is not None and example is not None and len(text) == len(shape) - 1 == len(example) - 1:
        # One character shorter: a zero OCR lost (one of two run together), where the supplier's
        # earlier number has one.
        whole = {t for t in (text[:n] + "0" + text[n:] for n in range(len(example)) if example[n] == "0")
                 if shape_of(t) == shape and near(t, example)}
        return whole.pop() if len(whole) == 1 else text
    if shape is None or len(text) != len(shape):
        return text
    example = example if example and len(example) == len(shape) else None
    out = []
    for n, (ch, want) in enumerate(zip(text, shape, strict=True)):
        if want == "9" and ch.isalpha() and _beside(text, n, letter=False):
            ch = as_digits(ch)
        elif want == "A" and ch.isdigit() and _beside(text, n, letter=True):
            ch = _as_letter(ch, example[n] if example else None)
        elif want == "/" and ch in _SLASH_READ_AS:
            ch = want  # 'AI2610347' for A/26/0347
        elif want == "-" and ch in _DASH_READ_AS:
            ch = want  # 'INV.00780' for INV-00780
        out.append(ch)
    text = _letters_as_example(_prefix_as_example("".join(out), shape, example), shape, example)
    return _in_sequence(text, example)


def _lost_prefix(text: str, shape: str, example: str) -> str | None:
    """The example's leading letters (and the marks after them) put back before a reference
    that has the rest of the shape and lies near the example ('2610454' beside 'S2610417')."""
    start = re.match(r"A+[^A9]*", shape)
    if start is None or len(example) != len(shape) or shape_of(text) != shape[start.end():]:
        return None
    whole = example[:start.end()] + text
    return whole if near(whole, example) else None


def _letters_as_example(text: str, shape: str, example: str | None) -> str:
    """Digits where the shape has letters, each like the example's letter there, put back as
    those letters when the number then lies in the supplier's sequence ('TS-504275' beside
    'TS-S04262' -> 'TS-S04275': its S read as a 5 at the head of the digits). A digit that
    looks like no such letter is another numbering ('CBS-00300' beside 'CBS-E0273'), and a
    number far from the supplier's stays as read."""
    if example is None or len(example) != len(text) or shape_of(text) == shape:
        return text
    letters = [n for n, (ch, want) in enumerate(zip(text, shape, strict=True))
               if want == "A" and ch.isdigit() and example[n].upper() in _LOOKS_LIKE.get(ch, "")]
    read = "".join(example[n] if n in letters else ch for n, ch in enumerate(text))
    return read if letters and shape_of(read) == shape and near(read, example) else text


def _doubles_dropped(text: str) -> list[str]:
    """The text without one of two neighbours that read alike as digits ('00', 'o0'), or without a
    stroke beside a slash, the slash read twice ('MCSEI/EXP' for MCSE/EXP)."""
    return [text[:i] + text[i + 1:] for i in range(len(text))
            if i > 0 and as_digits(text[i]) == as_digits(text[i - 1])
            or text[i] in _SLASH_READ_AS and "/" in text[max(i - 1, 0):i] + text[i + 1:i + 2]]


# Digits OCR reads for letters, wider than `_CONFUSED`: where the supplier's own prefix is known,
# '08-0393' is its 'OS-' misread whole.
_LOOKS_LIKE = {"0": "ODQU", "1": "ILT", "2": "Z", "4": "A", "5": "S", "6": "GB", "8": "BS"}


def _prefix_as_example(text: str, shape: str, example: str | None) -> str:
    """The leading run of letters, read all as digits, put back as the example's letters when each
    digit looks like the letter the example has there ('08-0393' beside 'OS-0387' -> 'OS-0393');
    digits that look like none of them are another numbering, and stay."""
    run = len(shape) - len(shape.lstrip("A"))
    if example is None or run == 0 or not text[:run].isdigit():
        return text
    pairs = zip(text[:run], example[:run], strict=True)
    if all(letter.upper() in _LOOKS_LIKE.get(digit, "") for digit, letter in pairs):
        return example[:run] + text[run:]
    return text


# A supplier's next number lies this close to one it printed before; a 9 misread for a 0 moves a
# number at least ten times as far (the 0 of a higher place), so nearer numbers are never touched.
SEQUENCE_SPAN = 300


def _in_sequence(text: str, example: str | None) -> str:
    """A number with 9s, 8s or 6s that a fax's thin 0s or a line printer's slashed ones explain:
    with some of them read as 0s it lies near the supplier's earlier number ('OS-9392' beside
    'OS-0401' -> 'OS-0392', '9034553' beside '0034552'), as printed far from it. Of such readings
    one with the fewest zeros misread, the nearest of those; otherwise the text unchanged."""
    if example is None or len(example) != len(text) or _letters(text) != _letters(example):
        return text
    earlier = re.sub(r"\D", "", example)
    nines = [n for n, ch in enumerate(text) if ch in ZERO_LOOKALIKES]
    if not earlier or len(re.sub(r"\D", "", text)) != len(earlier) or not 0 < len(nines) <= 6:
        return text

    def distance(reading: str) -> int:
        return _apart(reading, example)

    if distance(text) < 10 * SEQUENCE_SPAN:
        return text
    for k in range(1, len(nines) + 1):  # the fewest zeros misread that bring it near
        readings = ["".join("0" if n in chosen else ch for n, ch in enumerate(text))
                    for chosen in itertools.combinations(nines, k)]
        best = min(readings, key=distance)
        if distance(best) <= SEQUENCE_SPAN:
            return best
    return text


def _apart(text: str, example: str) -> int:
    """How far a reference's number lies from the example's: the digits of each as one number,
    or, where both start with a year and month a year at most apart and the later one's serial
    after it is the higher ('2610' and '2701' of IN2610/372 and IN2701/651: a supplier numbering
    by month), those serials, one of them maybe a digit longer (953 and 1017 of S2701953 and
    S27021017)."""
    a, b = re.sub(r"\D", "", text), re.sub(r"\D", "", example)
    if not a or not b:
        return SEQUENCE_SPAN + 1
    whole = abs(int(a) - int(b))
    months = _months_after(a[:4], b[:4]) if min(len(a), len(b)) > 6 and abs(len(a) - len(b)) <= 1 else None
    if months is None or abs(months) > 12:
        return whole
    serials = int(a[4:]) - int(b[4:])
    return min(whole, abs(serials)) if months == 0 or (months > 0) == (serials > 0) else whole


def _months_after(a: str, b: str) -> int | None:
    """Months from one year and month written 'YYMM' to another ('2610' to '2701': -3); None
    unless both are."""
    if not all(re.fullmatch(r"[2-3]\d(?:0[1-9]|1[0-2])", x) for x in (a, b)):
        return None
    return (int(a[:2]) * 12 + int(a[2:])) - (int(b[:2]) * 12 + int(b[2:]))


def near(text: str, example: str) -> bool:
    """Whether a reference's number lies within the supplier's sequence span of the example's."""
    return _apart(text, example) <= SEQUENCE_SPAN


def _letters(text: str) -> str:
    return re.sub(r"[^A-Za-z]", "", text).upper()
