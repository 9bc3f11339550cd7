"""Column types: money and quantities as exact decimals on every database; states as enums."""
from __future__ import annotations

import enum
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import BigInteger, Numeric, String
from sqlalchemy.types import TypeDecorator

SCALE = 4  # ten-thousandths: enough for yen, cents and fractional quantities
PLACES = Decimal(1).scaleb(-SCALE)  # 0.0001


BEYOND = Decimal(10) ** (18 - SCALE)  # a magnitude no money or quantity column holds (NUMERIC(18, 4))


def held(value: Decimal | None) -> Decimal | None:
    """A figure as read, or None where no column could hold it: fifteen digits before the point
    are a misreading (a reference's digits read as an amount), no invoice's figure."""
    return None if value is None or abs(value) >= BEYOND else value


def to_places(value: Decimal) -> Decimal:
    """The value as either database keeps it: four places, a fifth rounded half up (away from
    zero), as PostgreSQL's NUMERIC rounds."""
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)


class Exact(TypeDecorator):
    """A Decimal with four places, stored exactly.

    PostgreSQL keeps it as NUMERIC. SQLite has no exact decimal type, so there it is
    a scaled integer (value x 10^4): still exact, and SQL comparisons and sums work.
    """

    impl = Numeric(18, SCALE)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(18, SCALE))

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        value = to_places(Decimal(value))
        if dialect.name == "sqlite":
            return int(value.scaleb(SCALE))
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if dialect.name == "sqlite":
            return normalise(Decimal(value).scaleb(-SCALE))
        return normalise(Decimal(value))


def normalise(value: Decimal) -> Decimal:
    """12340.0000 -> 12340, 279.5000 -> 279.50 (keeps two places once there are cents)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    if value == value.quantize(Decimal("0.01")):
        return value.quantize(Decimal("0.01"))
    return value.normalize()


class EnumText(TypeDecorator):
    """A StrEnum kept as its value in a text column: the database holds what it always held
    ('processed', 'clerk'), the model gives the enum member. A member or its value may be
    written or compared with; a text that is neither (a filter someone typed) is compared as
    it is, and matches nothing."""

    impl = String
    cache_ok = True

    def __init__(self, enum_class: type[enum.StrEnum], length: int = 20):
        super().__init__(length)
        self.enum_class = enum_class

    def process_bind_param(self, value, dialect):
        return None if value is None else str(value)

    def process_result_value(self, value, dialect):
        return None if value is None else self.enum_class(value)
