"""Every CSV the portal writes goes through here, so that no cell can run as a formula.

A spreadsheet opening the file would run a cell starting with =, +, -, @ (or a tab or a
carriage return, which some strip first) as a formula: such a cell is written with a leading
apostrophe (OWASP's advice). Plain numbers, negative ones too, are left as they are: they run
as nothing and the accounting products read them as amounts.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def safe_cell(value: Any) -> str:
    """The cell's text, escaped when a spreadsheet would take it for a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_csv(rows: Iterable[Iterable[Any]], header: Iterable[str] | None = None, *,
              encoding: str = "utf-8", line_end: str = "\r\n") -> bytes:
    """The rows as CSV bytes in the encoding a reader expects (cp932 for Shift_JIS: Windows' own,
    with the characters Windows adds); a character it cannot hold is replaced with '?'."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=line_end)
    if header is not None:
        writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    data = out.getvalue()
    if encoding == "utf-8-sig":
        return data.encode("utf-8-sig")
    return data.encode(encoding, errors="replace")
