"""Japan's qualified-invoice registration number (適格請求書発行事業者登録番号): T + 13 digits."""
from __future__ import annotations

import re
import unicodedata

_SHAPE = re.compile(r"T\d{13}")


def normalise(value: str | None) -> str | None:
    """The number as 'T' and 13 half-width digits, or None when it has another shape."""
    if not value:
        return None
    compact = re.sub(r"[\s\-‐－]", "", unicodedata.normalize("NFKC", value)).upper()
    return compact if _SHAPE.fullmatch(compact) else None


def check_digit(body: str) -> int:
    """The check digit for the 12 digits after it (the corporate-number rule, NTA)."""
    digits = [int(c) for c in reversed(body)]
    weighted = sum(d * (1 if n % 2 else 2) for n, d in enumerate(digits, start=1))
    return 9 - weighted % 9


def is_valid(value: str | None) -> bool:
    """True when value is T + 13 digits whose first digit checks the other twelve."""
    number = normalise(value)
    return number is not None and int(number[1]) == check_digit(number[2:])


ZERO_LOOKALIKES = "689"  # what OCR makes of a slashed or dotted zero (a line printer's, a dot-matrix's)


def zeros_misread(read: str, registered: str) -> bool:
    """Whether a number read differs from a valid registered one only where zeros of it were read
    as their look-alikes ('T1182611634477' for T1182011034477; the check digit may or may not see it)."""
    return (read != registered and len(read) == len(registered) and is_valid(registered)
            and all(a == b or b == "0" and a in ZERO_LOOKALIKES for a, b in zip(read, registered, strict=True)))
