"""Letting a document's own arithmetic judge what the supplier's memory read.

Pure functions over typed values (Decimal, date, str) and `ocr.extract.memory.Recalled`
readings: memory goes before the generic reading, except where that would break the
arithmetic the generic reading satisfies (subtotal + tax = total, lines = subtotal), put
the due date before the issue date, or take another field's value from where the generic
reading found it.
"""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ocr import registration
from ocr.extract.layout import boxes_meet
from ocr.extract.memory import AMOUNTS, Recalled
from ocr.references import fits_shape, shape_of


def agreeing(figures: dict[str, Decimal | None], lines_sum: Decimal | None) -> int:
    """How far the figures agree with the document: +1 or -1 as subtotal + tax = total holds or
    fails, -1 for a total under its subtotal where the tax is unknown (no tax makes it; over a
    credit note's, for its negative figures), +1 when the lines add up to the subtotal (lines
    OCR merged with the totals below them add up to nothing, so their failing proves nothing).
    A figure that is None (unknown, or only derived from the others) proves nothing either.
    """
    s, t, total = (figures.get(n) for n in AMOUNTS)
    held = 0
    if s is not None and t is not None and total is not None:
        held += 1 if s + t == total else -1
    elif s is not None and total is not None and (total - s) * s < 0:
        held -= 1
    if s is not None and lines_sum is not None:
        held += s == lines_sum
    return held


def losing_amounts(generic: dict[str, Any], recalled: dict[str, Recalled], lines_sum: Decimal | None,
                   read: Iterable[str] = AMOUNTS) -> set[str]:
    """The recalled figures that lose to the document's arithmetic.

    `read` names the generic figures read off the page; the others were derived from them,
    agree by construction and prove nothing. Of every way to take some recalled figures
    in place of the generic ones, the one under which most relations hold wins; among
    equals, the one taking most from memory, where a figure memory found only by its
    position counts against when it replaces one read generically (a total's place moves
    with the number of lines; its caption does not). So a recalled figure loses exactly
    when the generic figures agree and it would break that.
    """
    names = [n for n in AMOUNTS if n in recalled]
    read = set(read)
    solid = {n: generic.get(n) if n in read else None for n in AMOUNTS}

    def weight(name: str) -> int:
        sure = recalled[name].how == "label" or solid[name] is None
        return 1 if sure else -1

    def score(taken: tuple[str, ...]) -> tuple[int, int]:
        figures = solid | {n: recalled[n].value for n in taken}
        return agreeing(figures, lines_sum), sum(weight(n) for n in taken)

    subsets = [tuple(n for i, n in enumerate(names) if mask >> i & 1) for mask in range(1 << len(names))]
    return set(names) - set(max(subsets, key=score))


def derived_again(figures: dict[str, Decimal | None], known: set[str]) -> dict[str, Decimal | None]:
    """The figures with the one not known (derived before from figures memory replaced) worked out
    again from the other two; unchanged unless exactly one is unknown and the result is no loss."""
    unknown = [n for n in AMOUNTS if n not in known]
    if len(unknown) != 1 or any(figures.get(n) is None for n in AMOUNTS if n in known):
        return figures
    s, t, total = (figures.get(n) for n in AMOUNTS)
    again = {"subtotal": lambda: total - t, "tax_total": lambda: total - s, "total": lambda: s + t}[unknown[0]]()
    return figures | {unknown[0]: again} if again >= 0 else figures


def losing_dates(generic: dict[str, Any], recalled: dict[str, Recalled]) -> set[str]:
    """The recalled dates that lose: a due date before the issue date, whichever of them memory read."""
    issued, due = recalled.get("issue_date"), recalled.get("due_date")
    if issued and due and due.value < issued.value:
        return {"issue_date", "due_date"}
    lost = set()
    issue_date = issued.value if issued else generic.get("issue_date")
    if due and issue_date and due.value < issue_date:
        lost.add("due_date")
    due_date = due.value if due and not lost else generic.get("due_date")
    if issued and due_date and issued.value > due_date:
        lost.add("issue_date")
    return lost


Place = tuple[int, list[int]]  # a page and a box on it, as fields_meta keeps them


def losing_places(generic: dict[str, Any], recalled: dict[str, Recalled], places: dict[str, Place]) -> set[str]:
    """The recalled values read where the generic reading found another field's same value (a due
    date's old place, on a page scaled otherwise, over the issue date): that field's, read twice."""
    def meets(a: Place, b: Place) -> bool:
        return a[0] == b[0] and boxes_meet(a[1], b[1])

    return {name for name, reading in recalled.items() if reading.tokens and any(
        other != name and generic.get(other) == reading.value and meets(place, _place(reading))
        for other, place in places.items())}


def _place(reading: Recalled) -> Place:
    meta = reading.meta()
    return meta["page"], meta["box"]


def losing_number(generic: str | None, recalled: Recalled | None, registered: str | None) -> bool:
    """A recalled T-number loses to a valid one read generically unless it is the supplier's own."""
    if recalled is None or not registration.is_valid(generic):
        return False
    number = registration.normalise(recalled.value)
    return number != registration.normalise(generic) and number != registration.normalise(registered)


def set_aside(name: str, reading: Recalled, generic: Any) -> bool:
    """A date or a reference that memory found only at its old place (its caption was not on the
    page) does not replace one read generically, unless that one lacks the remembered shape."""
    if name in AMOUNTS or reading.how != "position" or generic is None or _zeros_put_back(reading.value, generic):
        return False
    # A generic reading a look-alike away from the shape ('HKO0168' for AA99999) yields to the
    # remembered reading that has it exactly.
    return (reading.shape is None or shape_of(str(generic)) == reading.shape
            or shape_of(str(reading.value)) != reading.shape and fits_shape(str(generic), reading.shape))


def _zeros_put_back(remembered: Any, generic: Any) -> bool:
    """Whether memory read the generic reference with 9s put back as the 0s the supplier's own
    numbering shows (`ocr.references.repair`): the same reference, better read."""
    a, b = str(remembered), str(generic)
    return a != b and len(a) == len(b) and all(x == y or (x, y) == ("0", "9") for x, y in zip(a, b, strict=True))


def settle(generic: dict[str, Any], recalled: dict[str, Recalled], lines_sum: Decimal | None = None,
           read: Iterable[str] = AMOUNTS, registered: str | None = None,
           places: dict[str, Place] | None = None) -> tuple[dict[str, Recalled], set[str]]:
    """(the recalled readings that stand, the fields whose recalled reading lost).

    generic holds the generic reading's typed values, `places` where on the page it read them;
    `read` as for losing_amounts; `registered` is the supplier's T-number in the master, if it
    has one. A reading set aside (set_aside) neither stands nor loses: it proves memory neither
    right nor wrong.
    """
    recalled = {n: r for n, r in recalled.items() if not set_aside(n, r, generic.get(n))}
    lost = losing_places(generic, recalled, places or {})
    recalled = {n: r for n, r in recalled.items() if n not in lost}
    lost |= losing_amounts(generic, recalled, lines_sum, read) | losing_dates(generic, recalled)
    if losing_number(generic.get("registration_number"), recalled.get("registration_number"), registered):
        lost.add("registration_number")
    return {n: r for n, r in recalled.items() if n not in lost}, lost
