"""Request limits of the API, counted in the database so that they hold across every web process
(as the sign-in limits are): one row per key and fixed window, written on a connection of its
own, so a count stands whether or not the request's work is committed."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from portal.accounts.signin import Rate
from portal.extensions import db
from portal.models import RateWindow
from portal.models.clock import utcnow

EPOCH = datetime(1970, 1, 1)
KEPT_FOR = timedelta(days=1)


def window_start(now: datetime, period: timedelta) -> datetime:
    seconds = int(period.total_seconds())
    elapsed = int((now - EPOCH).total_seconds())
    return EPOCH + timedelta(seconds=elapsed - elapsed % seconds)


def hit(key: str, rate: Rate, now: datetime | None = None) -> tuple[bool, int]:
    """Count one request for `key`: whether it is within the rate, and the seconds until the
    window ends (for Retry-After)."""
    now = now or utcnow()
    start = window_start(now, rate.period)
    key = key[:100]
    where = (RateWindow.key == key, RateWindow.window_start == start)
    with db.engine.begin() as connection:
        counted = connection.execute(update(RateWindow).where(*where).values(count=RateWindow.count + 1)).rowcount
        if not counted:
            try:
                with connection.begin_nested():
                    connection.execute(insert(RateWindow).values(key=key, window_start=start, count=1))
            except IntegrityError:  # another process opened the window first
                connection.execute(update(RateWindow).where(*where).values(count=RateWindow.count + 1))
            connection.execute(delete(RateWindow).where(RateWindow.window_start < now - KEPT_FOR))
        count = connection.scalar(select(RateWindow.count).where(*where))
    retry_after = int((start + rate.period - now).total_seconds()) + 1
    return count <= rate.count, retry_after


def over(key: str, rate: Rate, now: datetime | None = None) -> bool:
    """Whether `key` has used up its rate in this window, without counting."""
    now = now or utcnow()
    with db.engine.connect() as connection:
        count = connection.scalar(select(RateWindow.count).where(
            RateWindow.key == key[:100], RateWindow.window_start == window_start(now, rate.period)))
    return (count or 0) >= rate.count
