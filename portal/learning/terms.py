"""A supplier's payment terms, learnt from a corrected due date: 'end of next month', '30 days'.

When a clerk corrects an invoice's dates, the relation between its issue and due dates is the
supplier's terms. A later invoice whose due date could not be read at all gets the date those
terms give from its issue date; fields_meta says so ("source": "terms"), at a low confidence,
so the review screen shows it first.
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _

from ocr.parse import months_later

TERMS_CONFIDENCE = 0.5
_USUAL_DAYS = (7, 10, 14, 15, 20, 21, 30, 31, 45, 60, 90)  # net terms suppliers print


def terms_of(issued: date, due: date) -> dict[str, Any] | None:
    """The terms that lead from the issue date to the due date, or None when none is plain."""
    if due < issued:
        return None
    months = (due.year - issued.year) * 12 + due.month - issued.month
    if due.day == calendar.monthrange(due.year, due.month)[1]:
        return {"months": months, "day": "end"}  # 月末締め翌月末払い and the like
    days = (due - issued).days
    if days in _USUAL_DAYS:  # (before the same day a month on: 28 September to 28 October is net 30)
        return {"days": days}
    if due.day == issued.day and months > 0:
        return {"months": months, "day": "same"}
    return {"months": months, "day": due.day}


def due_by(terms: dict[str, Any], issued: date) -> date | None:
    """The due date the terms give for an invoice issued on `issued`."""
    if "days" in terms:
        return issued + timedelta(days=int(terms["days"]))
    day = {"end": 31, "same": issued.day}.get(terms["day"], terms["day"])  # (a shorter month's last)
    return months_later(issued, int(terms["months"]), int(day))


def describe(terms: dict[str, Any]) -> str:
    """The terms in the reader's words: 'End of the month, 1 month(s) after the issue date'."""
    if "days" in terms:
        return _("%(days)s days after the issue date", days=terms["days"])
    if terms["day"] == "end" and not terms["months"]:
        return _("End of the month of issue")
    if terms["day"] == "end":
        return _("End of the month, %(months)s month(s) after the issue date", months=terms["months"])
    if terms["day"] == "same":
        return _("The same day, %(months)s month(s) after the issue date", months=terms["months"])
    return _("Day %(day)s of the month, %(months)s month(s) after the issue date", day=terms["day"],
             months=terms["months"])
