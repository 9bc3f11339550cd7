"""Reading a registration number (T + 13 digits) that OCR or a seal stamp has damaged.

The digits are gathered after a 'T' (or a registration label) across neighbouring tokens,
since a stamp can split the number ('T7445928504 (20'). Letters that look like digits are
read as those digits; any other single stray mark is one unreadable digit. A number with
exactly one doubtful digit is settled by the check digit when exactly one value fits; a
'T' misread as '7' or '1', or followed by a stray letter, is recognised by the thirteen digits
after it checking out (or, for fourteen digits alone on their row, as printed).
A clean reading of thirteen digits is kept as printed, even when its check digit is wrong:
that is a finding for the matching rules, not a misreading.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from ocr import registration
from ocr.extract.edits import edits_within, within_one_edit
from ocr.extract.layout import SURE, is_cjk
from ocr.model import Page, Word
from ocr.parse import DIGIT_LOOKALIKES

# What an unreadable digit most likely was: the usual look-alikes, and the brackets and
# C-shapes a stamp's edge leaves beside a digit it crosses.
_LOOKALIKE = {**DIGIT_LOOKALIKES, "(": "0", ")": "0", "C": "0", "c": "0", "/": "7",  # (a 7's stroke alone)
              "e": "6"}
_SEPARATORS = set(" -:.,;")


@dataclass(frozen=True)
class Reading:
    """Thirteen digits read after a 'T': the number, whether OCR had to be second-guessed, and its span."""

    number: str  # 'T' + 13 digits
    repaired: bool
    start: int
    end: int

    @property
    def valid(self) -> bool:
        return registration.is_valid(self.number)


def solve_digit(digits: list[str | None]) -> list[str]:
    """The values the single unknown digit (None) can take for the check digit to hold."""
    fits = []
    for d in "0123456789":
        trial = "".join(d if c is None else c for c in digits)
        if registration.is_valid("T" + trial):
            fits.append(d)
    return fits


def _guessed_valid(slots: list[tuple[str | None, str | None]]) -> bool:
    """Whether the look-alikes' digits ('/' for 7) make a number the check digit confirms."""
    guessed = [sure if sure is not None else guess for sure, guess in slots]
    return all(g is not None for g in guessed) and registration.is_valid("T" + "".join(guessed))  # type: ignore[arg-type]


def _settle(slots: list[tuple[str | None, str | None]]) -> tuple[str, bool] | None:
    """13 slots of (sure digit, guess) as one number and whether it was repaired, or None when undecidable."""
    doubtful = [i for i, (sure, _) in enumerate(slots) if sure is None]
    if not doubtful:
        return "".join(s for s, _ in slots), False  # type: ignore[misc]
    if _guessed_valid(slots):
        return "".join(sure if sure is not None else guess for sure, guess in slots), True  # type: ignore[misc]
    if len(doubtful) != 1:
        return None
    i = doubtful[0]
    fits = solve_digit([s for s, _ in slots])
    if len(fits) == 1:
        return "".join(fits[0] if n == i else s for n, (s, _) in enumerate(slots)), True  # type: ignore[misc]
    return None


def _only_guess(slots: list[tuple[str | None, str | None]]) -> bool:
    """Whether the one doubtful digit's look-alike ('/' for 7) is the only digit the check digit allows."""
    doubtful = [guess for sure, guess in slots if sure is None]
    return len(doubtful) == 1 and solve_digit([sure for sure, _ in slots]) == doubtful


def read_after(text: str, start: int) -> Reading | None:
    """The registration number whose digits begin at text[start], reading across stray marks.

    One mark among the digits is the digit the check digit asks for ('T53901?1629487'); a
    letter OCR reads for a digit is that digit, the check digit failing or not: a number
    printed wrong (for the matching rules to report) is likelier than a letter misread for
    another digit than its own, and the second look reads a doubtful number again."""
    slots: list[tuple[str | None, str | None]] = []
    i = start
    strays = 0
    while i < len(text) and len(slots) < 13:
        ch = text[i]
        if ch.isdigit():
            slots.append((ch, ch))
            strays = 0
        elif ch in _SEPARATORS:
            pass  # a separator neither counts nor breaks the run
        elif not is_cjk(ch):
            strays += 1
            if strays > 1 or (not slots and ch not in _LOOKALIKE):
                break  # (the first digit only as a look-alike: 'TO283…')
            slots.append((None, _LOOKALIKE.get(ch)))
        else:
            break
        i += 1
    if len(slots) != 13 or any(sure is None for sure, _ in slots[-2:]) and not _only_guess(slots):
        return None  # a doubtful digit needs a run of sure ones after it, or it is a stray word
    if i < len(text) and text[i].isdigit():
        return None  # fourteen digits or more: not this number
    letters = [ch for ch in text[start:i] if not ch.isdigit() and ch not in _SEPARATORS]
    if len(letters) == 1 and letters[0] in DIGIT_LOOKALIKES:
        return Reading("T" + "".join(s if s is not None else g for s, g in slots), True, start, i)  # type: ignore[misc]
    settled = _settle(slots)
    if settled is None:
        return None
    digits, repaired = settled
    return Reading("T" + digits, repaired, start, i)


def checked_run(text: str, start: int, end: int) -> Reading | None:
    """Thirteen digits, no more, that the check digit confirms in text[start:end] right of a
    registration caption, its T garbled into the words before them ('Qualified invoice
    istN9308471937946')."""
    m = _THIRTEEN.search(text, start, end)
    if m is None or not registration.is_valid("T" + m.group(1)):
        return None
    return Reading("T" + m.group(1), True, m.start(1), m.end(1))


_THIRTEEN = re.compile(r"(?<!\d)(\d{13})(?!\d)")


def _stray_read_through(text: str, start: int) -> Reading | None:
    """The registration number whose digits begin at text[start] with a stray mark OCR put among
    them, not for a digit but beside them ('T8.357/358782166'): read without the mark, thirteen
    digits read cleanly that the check digit confirms."""
    for i in range(start, min(len(text), start + _WITH_SEPARATORS)):
        ch = text[i]
        if ch.isdigit() or ch in _SEPARATORS:
            continue
        r = read_after(text[:i] + text[i + 1:], start)
        if r is None or r.repaired or not r.valid or r.end <= i:
            return None
        return Reading(r.number, True, start, r.end + 1)
    return None


_WITH_SEPARATORS = 17  # characters a T-number's thirteen digits span, spaces or dashes between its groups


# Figures printed as money among the digits read ('T1 20.00% 222.00 44.40', a VAT code and its
# analysis): no registration number, whose digits are never set as cents.
_MONEY = re.compile(r"\d[.,]\d{2}(?!\d)")
_ANCHOR = re.compile(r"T\s*[-:]?\s*(?=[0-9OlI|SBZGDQe])")  # (its first digit may be read as a look-alike letter)
_T_AS_DIGIT = re.compile(r"(?<![0-9A-Za-z])[71](\d{13})(?!\d)")
_STRAY_AFTER_T = re.compile(r"(?<![0-9A-Za-z])T[A-Za-z](\d{13})(?!\d)")  # 'TS5324…', 'Ts3330…': a stray letter


def readings(text: str) -> list[Reading]:
    """Every registration number in a row's text, as printed or repaired."""
    out: list[Reading] = []
    for m in _ANCHOR.finditer(text):
        if m.start() > 0 and text[m.start() - 1].isalpha() and text[m.start() - 1].isascii():
            continue  # the T ending a word
        r = read_after(text, m.end()) or _stray_read_through(text, m.end())
        if r is not None and not _MONEY.search(text[m.end():r.end]):
            out.append(Reading(r.number, r.repaired, m.start(), r.end))
    for m in [*_T_AS_DIGIT.finditer(text), *_STRAY_AFTER_T.finditer(text)]:
        number = "T" + m.group(1)
        if registration.is_valid(number) and not any(r.start <= m.start() < r.end for r in out):
            out.append(Reading(number, True, m.start(), m.end()))
    alone = list(_T_AS_DIGIT.finditer(text))
    if not out and len(alone) == 1 and not re.search(r"\d", text[:alone[0].start()] + text[alone[0].end():]):
        # Fourteen digits, the only figure on their row, the first a 'T' read as a digit, though
        # the check digit is wrong: still the number as printed (its check digit a finding for
        # the matching rules). Among other figures they may be an item's GTIN-14.
        out.append(Reading("T" + alone[0].group(1), True, alone[0].start(), alone[0].end()))
    return out


def shown(pages: list[Page], number: str) -> bool:
    """Whether a page shows a registration number known beforehand (the supplier's own) where OCR
    lost its T or read its digits as look-alike letters: its thirteen digits on one line,
    separators read through. A line OCR read unsurely may have one digit misread, lost or
    read twice too; a line read cleanly with another digit shows another number (one whose
    check digit fails is a finding for the matching rules, no misreading). Read unsurely and
    garbled past any valid reading, the number is still shown where its digits are printed give
    or take `MISREAD_DIGITS`, or one word holds `SHARED_RUN` of them unbroken (`_garbled_among`)."""
    digits = number[1:]
    return (any(_on_line(line, digits) for page in pages for line in page.lines())
            or any(_garbled_among(page.words, digits) for page in pages))


def printed_whole(pages: list[Page], number: str) -> bool:
    """Whether a line of a page shows a registration number's thirteen digits as they are,
    separators read through, letters OCR read for digits as those digits, its T maybe read as one."""
    return any(_whole_in(_as_digits(_printed(line)[0]), number[1:]) for page in pages for line in page.lines())


def _as_digits(printed: str) -> str:
    return "".join(_LOOKALIKE.get(ch, ch) for ch in printed)


def _whole_in(compact: str, digits: str) -> bool:
    return bool(re.search(rf"(?<!\d)[71]?{digits}", compact))  # (its T may have been read as a digit)


def _on_line(line: list[Word], digits: str) -> bool:
    printed, sureness = _printed(line)
    compact = _as_digits(printed)
    if _whole_in(compact, digits):
        return True
    figures = [w for w in line if any(ch.isdigit() for ch in w.text)]
    return bool(figures) and (any(
        within_one_edit(compact[i:i + n], digits) and min(sureness[i:i + n]) < SURE
        for run in re.finditer(r"\d{12,}", compact) for n in (12, 13, 14)
        for i in range(run.start(), run.end() - n + 1))
        or min(w.confidence for w in figures) < SURE and _garbled_over(printed, digits))


def _printed(line: list[Word]) -> tuple[str, list[float]]:
    """A line's characters, separators left out, and how surely OCR read the word of each: a
    number read cleanly is judged by its own words, not by a date garbled beside it."""
    kept = [(ch, w.confidence) for w in line for ch in w.text if ch not in _SEPARATORS]
    return "".join(ch for ch, _ in kept), [confidence for _, confidence in kept]


def printed_otherwise(pages: list[Page], number: str) -> str | None:
    """The supplier's number as a page prints it with one digit otherwise, read cleanly in one
    word whose 'T' was read as a digit ('10272879107160' for T6272879107160): what the supplier
    printed, its check digit a finding for the matching rules (`readings` takes no such word
    among other figures, its check digit not bearing out the 'T')."""
    digits = number[1:]
    for page in pages:
        for word in page.words:
            m = _T_AS_DIGIT.fullmatch("".join(ch for ch in word.text if ch not in _SEPARATORS))
            if m and word.confidence >= SURE and sum(a != b for a, b in zip(m.group(1), digits, strict=True)) == 1:
                return "T" + m.group(1)
    return None


MISREAD_DIGITS = 2  # digits OCR may misread, lose or add in a garbled print of a T-number
SHARED_RUN = 8  # digits of a T-number, unbroken and in order, that no other number on a page shares by chance
_DIGIT_LOOKALIKES = str.maketrans(DIGIT_LOOKALIKES)  # letters OCR reads for digits, as those digits
_WORDS_OF_ONE_NUMBER = 3  # a number OCR split up is read over this many words at most


def _garbled_among(words: list[Word], digits: str) -> bool:
    """Whether words read unsurely print the thirteen digits give or take `MISREAD_DIGITS` (its 'T' read
    as a digit, a digit lost, letters read for digits, the number split into words, its pieces
    given out of order), or one word holds `SHARED_RUN` of them unbroken ('£<01629487', its head
    under a stamp): a stamp or a fax's noise over it, which a clerk who knows the supplier reads
    at a glance. A run of digits this close to one particular thirteen-digit number is no chance."""
    for run in _words_from_each(words):
        if min(w.confidence for w in run) >= SURE or any(_whole_number_read_cleanly(w, digits) for w in run):
            continue  # read cleanly: another number, or one printed wrong
        read = re.sub(r"\D", "", "".join(w.text for w in run).translate(_DIGIT_LOOKALIKES))
        if len(read) >= len(digits) - MISREAD_DIGITS and edits_within(digits, read) <= MISREAD_DIGITS:
            return True
        for own in re.findall(rf"\d{{{SHARED_RUN},}}", run[0].text):  # (unbroken as printed: no phone number's pieces)
            if any(own[i:i + SHARED_RUN] in digits for i in range(len(own) - SHARED_RUN + 1)):
                return True
    return False


def _whole_number_read_cleanly(word: Word, digits: str) -> bool:
    """A word read cleanly that holds a number as long as the one sought, give or take a digit:
    that number, though a date read unsurely stands beside it."""
    return word.confidence >= SURE and len(re.sub(r"\D", "", word.text)) >= len(digits) - 1


def _words_from_each(words: list[Word]) -> Iterator[list[Word]]:
    """Each word holding a digit with the words holding one after it on its line, left to right,
    `_WORDS_OF_ONE_NUMBER` in all."""
    def middle(word: Word) -> float:
        return word.top + word.height / 2

    words = sorted((word for word in words if re.search(r"\d", word.text.translate(_DIGIT_LOOKALIKES))), key=middle)
    middles = [middle(word) for word in words]  # (a page of thousands of figures is searched by line, not all pairs)
    for word in words:
        band = words[bisect_left(middles, middle(word) - word.height / 2):
                     bisect_right(middles, middle(word) + word.height / 2)]
        after = sorted((other for other in band if other.left > word.left
                        and abs(middle(other) - middle(word)) < word.height / 2), key=lambda other: other.left)
        yield [word, *after[:_WORDS_OF_ONE_NUMBER - 1]]


MOSTLY = 8  # of a known number's thirteen digits, read right among letters OCR put for the others


def _garbled_over(printed: str, digits: str) -> bool:
    """Whether a line read unsurely shows the thirteen digits with some read as letters of no
    likeness ('T70RoSRS2399 96' for T7089585239996): every digit read is the known one in its
    place, and at least `MOSTLY` of them were read."""
    for start in range(len(printed) - len(digits) + 1):
        window = printed[start:start + len(digits)]
        if (start + len(digits) < len(printed) and printed[start + len(digits)].isdigit()
                or start and printed[start - 1].isdigit()):
            continue
        if all(a == b or a.isascii() and a.isalpha() for a, b in zip(window, digits, strict=True)) and sum(
                a == b for a, b in zip(window, digits, strict=True)) >= MOSTLY:
            return True
    return False

