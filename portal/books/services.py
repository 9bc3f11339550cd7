"""Amending the transitional-deduction table (admins), audited."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from portal import audit
from portal.extensions import db
from portal.models import TransitionalDeduction, User

# As the 2023 invoice system and the 2026 tax reform set it: (last day, percent deductible).
# The migration writes it into the table; from then on the table, amended by admins, rules.
DEFAULT_SCHEDULE = ((date(2023, 9, 30), 100), (date(2026, 9, 30), 80), (date(2028, 9, 30), 70),
                    (date(2030, 9, 30), 50), (date(2031, 9, 30), 30))


def restore_default_schedule() -> None:
    """Write the default schedule into an empty table (a fresh database, a test); flushes."""
    if db.session.scalar(select(TransitionalDeduction.id).limit(1)) is None:
        db.session.add_all(TransitionalDeduction(ends_on=d, percent=Decimal(p)) for d, p in DEFAULT_SCHEDULE)
        db.session.flush()


def schedule() -> list[TransitionalDeduction]:
    return list(db.session.scalars(select(TransitionalDeduction).order_by(TransitionalDeduction.ends_on)))


def set_deduction(ends_on: date, percent: Decimal, user: User | None) -> TransitionalDeduction:
    """Add a period ending on `ends_on`, or change its percent; flushes."""
    if not 0 <= percent <= 100:
        raise ValueError("a percent from 0 to 100")
    row = db.session.scalar(select(TransitionalDeduction).where(TransitionalDeduction.ends_on == ends_on))
    before = {"percent": row.percent} if row else None
    if row is None:
        row = TransitionalDeduction(ends_on=ends_on, percent=percent)
        db.session.add(row)
    row.percent = percent
    db.session.flush()
    audit.record("deduction.set", row, before=before, after={"ends_on": ends_on, "percent": percent}, user=user)
    return row


def remove_deduction(row: TransitionalDeduction, user: User | None) -> None:
    audit.record("deduction.removed", row, before={"ends_on": row.ends_on, "percent": row.percent}, user=user)
    db.session.delete(row)
    db.session.flush()
