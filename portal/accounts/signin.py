"""Signing in: one answer, in one time, for every refusal; limits per account and per address.

Every refused sign-in is a SignInFailure row. The limits count those rows over a sliding
window, so they hold across web processes and machines, which share the database; admins see
the refusals on the users page. Two limits, so that one client cannot lock out others:

- refusals for one account from one address (PORTAL_LOGIN_RATE_LIMIT, 10 per minute);
- refusals from one address for all accounts together (PORTAL_LOGIN_ADDRESS_RATE_LIMIT, looser).

A browser that has signed in to an account before carries a device token for it (a signed
cookie, see the views): its attempts on that account are counted apart, per device, so that
failures by someone else behind the same public address do not lock its user out.
Every function flushes and never commits.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select

from portal.accounts.services import find_user
from portal.extensions import db
from portal.models import SignInFailure, User
from portal.models.accounts import check_no_password
from portal.models.clock import utcnow

KEPT_FOR = timedelta(days=90)  # how long refusals stay for the admins to see
_UNITS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400}


class TooManyAttempts(Exception):
    """Too many refusals lately for this account from here, or from this address at all."""


@dataclass(frozen=True)
class Rate:
    count: int
    period: timedelta


def parse_rate(text: str) -> Rate:
    """'10 per minute', '100 per 10 minutes', '5/hour' as a Rate."""
    found = re.fullmatch(r"\s*(\d+)\s*(?:per|/)\s*(\d+)?\s*(second|minute|hour|day)s?\s*", text or "")
    if not found:
        raise ValueError(f"not a rate such as '10 per minute': {text!r}")
    count, many, unit = found.groups()
    return Rate(int(count), timedelta(seconds=int(many or 1) * _UNITS[unit]))


@dataclass(frozen=True)
class Attempt:
    """Who tries to sign in, from where; device: the browser's token, when it has signed in
    to this account before."""

    email: str
    address: str
    device: str | None = None


def sign_in(attempt: Attempt, password: str, per_account: Rate, per_address: Rate) -> User | None:
    """The active user with this address and password, else None (the refusal recorded);
    TooManyAttempts, before any password is checked, when a limit is reached."""
    if is_throttled(attempt, per_account, per_address):
        raise TooManyAttempts()
    user = find_user(attempt.email)
    if user is None:
        check_no_password(password)
    elif user.check_password(password) and user.active:
        return user
    record_failure(attempt, user)
    return None


def is_throttled(attempt: Attempt, per_account: Rate, per_address: Rate, now: datetime | None = None) -> bool:
    now = now or utcnow()
    email = _email(attempt.email)
    mine = select(func.count()).select_from(SignInFailure).where(SignInFailure.email == email)
    if attempt.device:
        return db.session.scalar(mine.where(SignInFailure.device == attempt.device,
                                            SignInFailure.at > now - per_account.period)) >= per_account.count
    untrusted = SignInFailure.device.is_(None)
    if db.session.scalar(mine.where(SignInFailure.address == attempt.address, untrusted,
                                    SignInFailure.at > now - per_account.period)) >= per_account.count:
        return True
    from_address = select(func.count()).select_from(SignInFailure).where(
        SignInFailure.address == attempt.address, untrusted, SignInFailure.at > now - per_address.period)
    return db.session.scalar(from_address) >= per_address.count


def record_failure(attempt: Attempt, user: User | None) -> SignInFailure:
    """Keep a refusal (and forget those older than KEPT_FOR)."""
    db.session.execute(delete(SignInFailure).where(SignInFailure.at < utcnow() - KEPT_FOR))
    failure = SignInFailure(email=_email(attempt.email), address=attempt.address[:64], device=attempt.device,
                            user_id=user.id if user else None)
    db.session.add(failure)
    db.session.flush()
    return failure


def recent_failures(limit: int = 50) -> list[SignInFailure]:
    """The latest refusals, newest first."""
    return list(db.session.scalars(select(SignInFailure).order_by(SignInFailure.at.desc(), SignInFailure.id.desc())
                                   .limit(limit)))


def _email(email: str) -> str:
    return (email or "").strip().lower()[:254]
