"""Numbers and money as people type them: the one parser every form and service uses."""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

# Digits with thousands grouped by commas or not grouped at all, a decimal point, a minus.
_NUMBER = re.compile(r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
# A currency sign before the number, or yen or percent after it, as people type them.
_MARKS = re.compile(r"^[¥$€£]|[円%]$")


class NotANumber(ValueError):
    """Text typed where a number belongs that is not one."""


def parse_number(text: str | Decimal | int | None) -> Decimal | None:
    """What was typed as a Decimal: '12,340', '１２.５' (full-width), '¥1,000', '8%', '1000円',
    '-500'; None when nothing was typed; NotANumber when it is not a number."""
    if isinstance(text, (Decimal, int)):
        return Decimal(text)
    typed = unicodedata.normalize("NFKC", text or "").strip()
    if not typed:
        return None
    cleaned = _MARKS.sub("", typed.replace(" ", "")).strip()
    if not _NUMBER.fullmatch(cleaned):
        raise NotANumber(typed)
    return Decimal(cleaned.replace(",", ""))
