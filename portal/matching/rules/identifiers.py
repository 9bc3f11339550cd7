"""Order and document numbers as the rules compare them: width, case, spacing and OCR's slips aside."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ocr.extract.edits import within_edits, within_one_edit

_DASHES = re.compile(r"[\u2010-\u2015\u2212\u30fc\uff0d\u2043\ufe63]")
_SPACES = re.compile(r"\s+")


def normalise_po_number(value: str | None) -> str | None:
    """Compare PO numbers ignoring case, width and spacing: ' po-2026-０１３１２' -> 'PO-2026-01312'."""
    if not value:
        return None
    text = _DASHES.sub("-", unicodedata.normalize("NFKC", value))
    text = _SPACES.sub("", text).upper()
    return text or None


@dataclass(frozen=True)
class Numbering:
    """How an order number is built: its runs of letters as A and of digits as 9, and its
    letters ('PO-2026-04750' -> 'A-9-9', 'PO'; '302-9312196-2252526' -> '9-9-9', ''). A buyer
    numbers all its orders one way."""

    shape: str
    letters: str

    def alike(self, other: Numbering) -> bool:
        """Built the same way, its letters as they are or with one misread ('PU-2026-…' for 'PO-')."""
        return self.shape == other.shape and within_one_edit(self.letters, other.letters)


def numbering(value: str | None) -> Numbering | None:
    """How an order number is built (`Numbering`); a web shop's 'BM-0312-0089737' is built
    like none of a buyer's 'PO-2026-07636'."""
    number = normalise_po_number(value)
    if number is None:
        return None
    prefix = _prefix(number)  # (after it, letters like digits were digits: 'AB-1OO')
    number = prefix + number[len(prefix):].translate(_ORDER_LOOKALIKES)
    return Numbering(re.sub(r"[A-Z]+", "A", re.sub(r"\d+", "9", number)), "".join(re.findall(r"[A-Z]", number)))


def _prefix(number: str) -> str:
    """An order number's letters before its first digit or mark ('PO' of 'PO-2026-01312')."""
    return re.match(r"[^\d\-/.]*", number).group()


def numbered_alike(number: str, numberings: Iterable[Numbering | None]) -> bool:
    """Whether `number` is built like one of the numberings (the buyer's orders')."""
    built = numbering(number)
    return built is not None and any(known is not None and built.alike(known) for known in numberings)


# Letters OCR reads for digits and the reverse, in an order number.
_ORDER_LOOKALIKES = str.maketrans({"O": "0", "Q": "0", "D": "0", "I": "1", "L": "1", "|": "1", "!": "1",
                                   "S": "5", "B": "8", "Z": "2", "G": "6"})


def order_number_shape(value: str | None, *, faxed: bool = False) -> str | None:
    """An order number as OCR may have read it, letters and digits that look alike made one and
    a doubled letter of the prefix made single: 'POO-2026-02711' and 'P0-2026-O2711' are
    'PO-2026-02711'. A different digit stays different: a wrong number is no misreading; but
    `faxed` also takes a 9 for the 0 a fax's thin print lets OCR read as one ('PO-2926-92727')."""
    number = normalise_po_number(value)
    if number is None:
        return None
    prefix = _prefix(number)
    rest = number[len(prefix):].translate(_ORDER_LOOKALIKES)
    prefix = re.sub(r"(.)\1+", r"\1", prefix.translate(_ORDER_LOOKALIKES))
    return prefix + re.sub(r"[-/.\s]", "", rest.replace("9", "0") if faxed else rest)


def one_letter_misread(number: str, known: str) -> bool:
    """Whether `number` is the order number `known` with one letter of its prefix misread
    ('KPE-PO-26-1218' for 'KPF-PO-26-1218'): every digit and everything after the prefix the same."""
    number, known = normalise_po_number(number) or "", normalise_po_number(known) or ""
    prefix, known_prefix = _prefix(number), _prefix(known)
    rest, known_rest = (n[len(p):].translate(_ORDER_LOOKALIKES) for n, p in ((number, prefix), (known, known_prefix)))
    return (len(prefix) == len(known_prefix) > 0 and rest == known_rest
            and sum(a != b for a, b in zip(prefix, known_prefix, strict=True)) == 1)


def one_character_lost(number: str, known: str) -> bool:
    """Whether `number` is the order number `known` with one character OCR lost or one speck it
    added ('PO-2026-0253' for PO-2026-02533), or with its prefix garbled into at most as many
    characters ('12026-02845' for PO-2026-02845) or lost ('2026-06579' for PO-2026-06579):
    compared as `order_number_shape` reads them. Only worth asking among the supplier's own
    orders: among all, ten numbers fit."""
    read, whole = order_number_shape(number) or "", order_number_shape(known) or ""
    printed = normalise_po_number(known) or ""
    prefix = _prefix(printed)
    rest = order_number_shape(printed[len(prefix):]) or ""
    if prefix and rest and read.endswith(rest) and 0 <= len(read) - len(rest) <= len(prefix):
        return True
    return abs(len(read) - len(whole)) == 1 and within_edits(read, whole, 1)


# Digits a fax's or a scan's blur makes of one another (a 9 for a 0 aside: `order_number_shape`'s faxed).
_DIGITS_ALIKE = {frozenset(pair) for pair in ("56", "58", "68", "38", "08", "06", "17")}


def one_digit_misread(number: str, known: str) -> bool:
    """Whether `number` is the order number `known` with one digit misread for one that looks
    like it ('PO-2026-06116' for PO-2026-05116; a 9 for a 7 is another number), compared as
    `order_number_shape` reads them: only worth asking of a number read unsurely, among the
    supplier's own orders."""
    read, whole = order_number_shape(number) or "", order_number_shape(known) or ""
    apart = [frozenset((a, b)) for a, b in zip(read, whole, strict=False) if a != b] if len(read) == len(whole) else []
    return len(apart) == 1 and apart[0] in _DIGITS_ALIKE


def one_character_apart(key: str | None, other: str | None) -> bool:
    """Whether two invoice numbers, keyed as `normalise_document_number` keys them, are one number
    with one character a reading lost or added ('SK-081031-055' for SK-081031-0552). Only worth
    asking of the same supplier's invoices of the same day and total: two numbers of a series
    differ by a character misread, seldom by one lost."""
    key, other = key or "", other or ""
    return min(len(key), len(other)) >= 4 and abs(len(key) - len(other)) == 1 and within_edits(key, other, 1)


# Characters OCR mistakes for one another in identifiers: folded together for comparing.
_LOOKALIKES = str.maketrans({"I": "1", "L": "1", "|": "1", "!": "1", "O": "0"})


def normalise_document_number(value: str | None) -> str | None:
    """The key two invoice numbers are compared by, for finding duplicates.

    Width, case, spaces and separators are ignored ('INV-00512' == 'inv 00512'), and so
    are the look-alikes OCR confuses (I, l, | and 1; O and 0): a re-scan of the same
    invoice read '05-0852-1' instead of '05-0852-I' is still the same invoice.
    """
    if not value:
        return None
    text = _DASHES.sub("-", unicodedata.normalize("NFKC", value))
    text = re.sub(r"[\s\-_/.#]", "", text).upper().translate(_LOOKALIKES)
    return text or None
