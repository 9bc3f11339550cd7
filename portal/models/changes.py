"""How many times the portal's data has changed: one row, counted up by every transaction that
writes (`portal.database`), so that a page drawn from the data can be kept until it changes
(`portal.pagecache`)."""
from __future__ import annotations

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db

COUNTER_ID = 1


class ChangeCounter(db.Model):
    __tablename__ = "change_counter"

    id: Mapped[int] = mapped_column(primary_key=True)
    changes: Mapped[int] = mapped_column(BigInteger, default=0)
