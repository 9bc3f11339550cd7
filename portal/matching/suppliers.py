"""Rule 1: which master supplier a document is from.

The printed registration number first; otherwise the closest name, compared without
case, width, spacing, punctuation or legal forms (株式会社, Co., Ltd., K.K., GmbH...).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher
from functools import lru_cache

from ocr import registration
from portal.matching.rules import Supplier

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
    """0 to 1, after normalise_name; one name inside the other counts nearly as equal."""
    na, nb = normalise_name(a), normalise_name(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    ratio = SequenceMatcher(None, na, nb, autojunk=False).ratio()
    if min(len(na), len(nb)) >= 4 and (na in nb or nb in na):
        ratio = max(ratio, 0.9)
    return ratio


class SupplierDirectory:
    """The supplier master, indexed for resolution."""

    def __init__(self, suppliers: Iterable[Supplier]) -> None:
        self.suppliers = list(suppliers)
        self._by_registration = {}
        self._by_name: dict[str, Supplier] = {}
        for s in self.suppliers:
            if number := registration.normalise(s.registration_number):
                self._by_registration.setdefault(number, s)
            self._by_name.setdefault(normalise_name(s.name), s)

    def resolve(self, name: str | None, registration_number: str | None = None) -> Supplier | None:
        """The supplier with this T-number, else the one with the closest name, else None."""
        if (number := registration.normalise(registration_number)) and number in self._by_registration:
            return self._by_registration[number]
        key = normalise_name(name)
        if not key:
            return None
        if key in self._by_name:
            return self._by_name[key]
        best, best_score = None, MIN_SIMILARITY
        for s in self.suppliers:
            score = name_similarity(name, s.name)
            if score > best_score:
                best, best_score = s, score
        return best
