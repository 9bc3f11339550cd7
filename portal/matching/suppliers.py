"""Rule 1: which master supplier a document is from.

The printed registration number first; otherwise the closest name, compared without
case, width, spacing, punctuation or legal forms (株式会社, Co., Ltd., K.K., GmbH...).
Between the two, the aliases clerks taught the portal: a name or number the reader read
on a document a clerk said was a given supplier's (`portal.learning`), when it names
only that supplier.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache

from ocr import registration
from ocr.extract.edits import edits
from ocr.extract.layout import is_cjk
from portal.matching.rules import SupplierRecord

# Written as they look after NFKC and case folding; longest first so "co ltd" goes before "co".
_JAPANESE_FORMS = ("株式会社", "有限会社", "合同会社", "合資会社", "合名会社", "一般社団法人",
                   "(株)", "(有)", "(同)", "(合)")
_LATIN_FORMS = frozenset({
    "co", "company", "ltd", "limited", "kk", "inc", "incorporated", "llc", "gmbh", "corporation", "corp",
    "plc", "ag", "sa", "bv", "nv", "pte", "pty", "srl", "lp", "llp", "gk", "yk",
})
MIN_SIMILARITY = 0.6  # below this no name is close enough: better unresolved than wrong


@lru_cache(maxsize=8192)
def normalise_name(name: str | None) -> str:
    """'FUJIMI ELECTRONICS CO., LTD.' -> 'fujimielectronics'; '株式会社 ミドリ事務機' -> 'ミドリ事務機'."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKC", name).casefold()
    for form in _JAPANESE_FORMS:
        text = text.replace(form, " ")
    text = text.replace(".", "")  # "K.K." -> "kk", "Co.," -> "co,"
    words = [w for w in re.findall(r"\w+", text) if w not in _LATIN_FORMS]
    return "".join(words)


def name_similarity(a: str | None, b: str | None) -> float:
    """0 to 1, after normalise_name; one name inside the other, as at least half of it, counts
    nearly as equal; the first words of a name (a logo over the rest of it), as close."""
    na, nb = normalise_name(a), normalise_name(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    ratio = SequenceMatcher(None, na, nb, autojunk=False).ratio()
    shorter, longer = sorted((na, nb), key=len)
    if len(shorter) >= 4 and shorter in longer and len(shorter) * 2 >= len(longer):
        ratio = max(ratio, 0.9)  # (a common word of a longer name, 'foods' in 'redwoodfoods', is not it)
    if len(shorter) >= NAME_START and longer.startswith(shorter):
        ratio = max(ratio, 0.75)  # 'van der berg' over 'kantoorartikelen'
    return ratio


NAME_START = 8  # characters: the start of a name this long is no common first word ('Tokyo', 'Nippon')
NAMED_AT_LEAST = 6  # characters of a name without its legal form (a kana or kanji counts two), to be looked for


NEARLY_NAMED_AT_LEAST = 12  # ... and to be looked for with a character or two misread
MISREAD_PER = 10  # one misread character for each this many of a name's


def _nearly_in(key: str, page: str) -> bool:
    """Whether the page prints the name with at most one character in `MISREAD_PER` misread,
    lost or added: found where either half of it stands exactly, compared there whole."""
    allowed = 1 + len(key) // MISREAD_PER
    half = len(key) // 2
    for part, offset in ((key[:half], 0), (key[half:], half)):
        at = page.find(part)
        while at >= 0:
            start = max(at - offset, 0)
            if any(edits(page[start:start + len(key) + d], key) <= allowed for d in (-1, 0, 1)):
                return True
            at = page.find(part, at + 1)
    return False


def _weight(key: str) -> int:
    return sum(2 if is_cjk(ch) else 1 for ch in key)


# A telephone number as printed: digits with spaces, dashes, dots, slashes or brackets between.
_PHONE = re.compile(r"\+?\d[\d \-().\u3000/]{6,}\d")
PHONE_DIGITS = 9  # the digits a telephone number is compared on, from its end: its country code and 0 aside


def phone_tails(address: str | None) -> set[str]:
    """The last `PHONE_DIGITS` digits of each telephone number an address gives (a run of that
    many digits or more: a postal code has seven)."""
    runs = (re.sub(r"\D", "", run) for run in _PHONE.findall(unicodedata.normalize("NFKC", address or "")))
    return {run[-PHONE_DIGITS:] for run in runs if len(run) >= PHONE_DIGITS}


def number_key(value: str | None) -> str:
    """A registration number as read, for comparing readings: 'T 8119-7302 57329' -> 'T8119730257329'.

    Unlike ocr.registration.normalise it keeps a misread number (twelve digits, a letter
    for a digit): such a reading, repeated on a supplier's documents, still points to it.
    """
    return re.sub(r"[\W_]", "", unicodedata.normalize("NFKC", value or "")).upper()


def alias_key(kind: str, value: str | None) -> str:
    """How an alias of this kind ('name' or 'registration_number') is compared."""
    return number_key(value) if kind == "registration_number" else normalise_name(value)


class SupplierDirectory:
    """The supplier master, indexed for resolution, with the aliases clerks taught it.

    aliases: (kind, key, supplier id) triples, keys as alias_key makes them. A key taught
    for two suppliers names neither.
    """

    def __init__(self, suppliers: Iterable[SupplierRecord], aliases: Iterable[tuple[str, str, int]] = ()) -> None:
        self.suppliers = list(suppliers)
        self._by_registration = {}
        self._by_name: dict[str, SupplierRecord] = {}
        for s in self.suppliers:
            if number := registration.normalise(s.registration_number):
                self._by_registration.setdefault(number, s)
            self._by_name.setdefault(normalise_name(s.name), s)
        by_id = {s.id: s for s in self.suppliers}
        taught: dict[tuple[str, str], set[int]] = {}
        for kind, key, supplier_id in aliases:
            if key and supplier_id in by_id:
                taught.setdefault((kind, key), set()).add(supplier_id)
        self._aliases = {k: by_id[next(iter(ids))] for k, ids in taught.items() if len(ids) == 1}
        phones: dict[str, set[int]] = {}
        for s in self.suppliers:
            for tail in phone_tails(s.address):
                phones.setdefault(tail, set()).add(s.id)
        self._by_phone = {tail: by_id[next(iter(ids))] for tail, ids in phones.items() if len(ids) == 1}

    def resolve(self, name: str | None, registration_number: str | None = None,
                printed: str = "") -> SupplierRecord | None:
        """The supplier with this T-number, else one a clerk taught for it, else for this name, else
        the one whose T-number this is with its zeros read as look-alikes, else the one whose
        telephone number the document prints, else the one with the closest name, else None."""
        if (number := registration.normalise(registration_number)) and number in self._by_registration:
            return self._by_registration[number]
        if taught := self._aliases.get(("registration_number", number_key(registration_number))):
            return taught
        key = normalise_name(name)
        if key and key in self._by_name:
            return self._by_name[key]
        if key and (taught := self._aliases.get(("name", key))):
            return taught
        misread = [s for registered, s in self._by_registration.items()
                   if number and registration.zeros_misread(number, registered)]
        if len(misread) == 1:
            return misread[0]  # its zeros read as look-alikes (a line printer's slashed zero)
        if printed and (phoned := self.phoned_in(printed)) is not None:
            return phoned
        if not key:
            return None
        scored = sorted(((name_similarity(name, s.name), n) for n, s in enumerate(self.suppliers)), reverse=True)
        if not scored or scored[0][0] <= MIN_SIMILARITY:
            return None
        if len(scored) > 1 and scored[1][0] == scored[0][0]:
            return None  # as close to two suppliers ('Safety Supply Inc.' in two names): neither
        return self.suppliers[scored[0][1]]

    def phoned_in(self, text: str) -> SupplierRecord | None:
        """The one supplier whose telephone (or fax) number, as its master address gives it, the
        text prints, compared on its last nine digits whatever the separators and country code
        ('Tel. +31 10 960-3826' printed '010 960 3826'); None when none or two are."""
        runs = [re.sub(r"\D", "", run) for run in _PHONE.findall(unicodedata.normalize("NFKC", text))]
        found = {s.id: s for tail, s in self._by_phone.items() if any(tail in run for run in runs)}
        return next(iter(found.values())) if len(found) == 1 else None

    def named_in(self, text: str) -> SupplierRecord | None:
        """The one supplier whose whole name the text prints (a letterhead, a footer's company
        line), where the name read for the issuer was another's (the addressee's block); a name
        inside a longer one found too is that longer one's part. None when no name or two are."""
        page = normalise_name.__wrapped__(text)  # (not cached: a page is long, and read once)
        found = {key: s for key, s in self._by_name.items() if _weight(key) >= NAMED_AT_LEAST and key in page}
        if not found:  # none printed whole: one OCR misread a character or two of ('Gro&handel')
            found = {key: s for key, s in self._by_name.items()
                     if _weight(key) >= NEARLY_NAMED_AT_LEAST and _nearly_in(key, page)}
        longest = [s for key, s in found.items() if not any(key != other and key in other for other in found)]
        return longest[0] if len(longest) == 1 else None
