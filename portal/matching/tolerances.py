"""How far an invoice may stray before matching raises an exception, and who changed it.

The price tolerance (percent a unit price may exceed the order's) is global, in the
settings table, with an optional override per supplier. The amount tolerance is how
far the printed subtotal, tax and total may disagree with each other and with the
lines (0 by default: the contract's arithmetic is exact).
"""
from __future__ import annotations

from decimal import Decimal

from portal import audit
from portal.extensions import db
from portal.matching.rules import DEFAULT_AMOUNT_TOLERANCE, DEFAULT_PRICE_TOLERANCE, Tolerances
from portal.models import Setting, Supplier, User
from portal.numbers import NotANumber, parse_number

PRICE_KEY = "matching.price_tolerance_percent"
AMOUNT_KEY = "matching.amount_tolerance"


def _decimal(value: Decimal | str | int, *, maximum: Decimal | None = None) -> Decimal:
    """A finite, non-negative Decimal (and at most `maximum`), else ValueError."""
    try:
        number = parse_number(value)
    except NotANumber:
        number = None
    if number is None:
        raise ValueError(f"{value!r} is not a number")
    if number < 0 or (maximum is not None and number > maximum):
        raise ValueError(f"{value!r} must be between 0 and {maximum}" if maximum is not None
                         else f"{value!r} must not be negative")
    return number


def _read(key: str, default: Decimal) -> Decimal:
    setting = db.session.get(Setting, key)
    return Decimal(setting.value) if setting is not None else default


def _write(key: str, value: Decimal, user: User | None) -> Decimal:
    setting = db.session.get(Setting, key)
    before = setting.value if setting is not None else None
    if before is not None and Decimal(before) == value:
        return value
    if setting is None:
        setting = Setting(key=key, value=str(value))
        db.session.add(setting)
    else:
        setting.value = str(value)
    db.session.flush()
    audit.record("setting.changed", setting, before={"key": key, "value": before},
                 after={"key": key, "value": str(value)}, user=user)
    return value


def global_price_tolerance() -> Decimal:
    """The percent any supplier's unit prices may exceed the order's (1 unless changed)."""
    return _read(PRICE_KEY, DEFAULT_PRICE_TOLERANCE)


def set_global_price_tolerance(percent: Decimal | str, *, user: User | None = None) -> Decimal:
    """Change the global price tolerance (0-100 %); audited; flushes."""
    return _write(PRICE_KEY, _decimal(percent, maximum=Decimal(100)), user)


def price_tolerance(supplier: Supplier | None = None) -> Decimal:
    """The supplier's own tolerance where it has one, else the global one."""
    if supplier is not None and supplier.price_tolerance is not None:
        return supplier.price_tolerance
    return global_price_tolerance()


def set_supplier_price_tolerance(supplier: Supplier, percent: Decimal | str | None, *,
                                 user: User | None = None) -> Decimal | None:
    """Give a supplier its own tolerance, or None to fall back to the global one; audited; flushes."""
    value = None if percent is None or str(percent).strip() == "" else _decimal(percent, maximum=Decimal(100))
    before = supplier.price_tolerance
    if before == value:
        return value
    supplier.price_tolerance = value
    db.session.flush()
    audit.record("supplier.price_tolerance", supplier, before={"price_tolerance": before},
                 after={"price_tolerance": value}, user=user)
    return value


def amount_tolerance() -> Decimal:
    """How far subtotal + tax may be from the total (and the lines from the subtotal)."""
    return _read(AMOUNT_KEY, DEFAULT_AMOUNT_TOLERANCE)


def set_amount_tolerance(amount: Decimal | str, *, user: User | None = None) -> Decimal:
    """Change the amount tolerance (currency units, not negative); audited; flushes."""
    return _write(AMOUNT_KEY, _decimal(amount), user)


def current() -> Tolerances:
    """The tolerances matching uses now (a supplier's override is applied per supplier)."""
    return Tolerances(price_percent=global_price_tolerance(), amount=amount_tolerance())
