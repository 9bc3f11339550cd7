"""The bookkeeping tables an admin may amend: the transitional deduction for purchases from
suppliers without a registration number (経過措置), as the tax reforms set it."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.types import Exact


class TransitionalDeduction(db.Model):
    """Until `ends_on` (inclusive, from the previous row's end), `percent` of the tax on a
    purchase from an unregistered supplier may be deducted; after the last row, none."""

    __tablename__ = "transitional_deductions"

    id: Mapped[int] = mapped_column(primary_key=True)
    ends_on: Mapped[date] = mapped_column(unique=True)
    percent: Mapped[Decimal] = mapped_column(Exact)
