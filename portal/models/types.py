"""Column types: money and quantities as exact decimals on every database."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import BigInteger, Numeric
from sqlalchemy.types import TypeDecorator

SCALE = 4  # ten-thousandths: enough for yen, cents and fractional quantities


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
        value = Decimal(value)
        if dialect.name == "sqlite":
            return int(value.scaleb(SCALE).to_integral_value())
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
