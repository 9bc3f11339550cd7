"""Server-side paging for the lists: which page was asked for, how many there are, and the links.

A list view hands `paginate` its query (already filtered and sorted) and the page number from
the query string; it gets back one `Page`: the rows of that page, the total and the numbers of
the pages around it. A page number past the end answers the last page, and anything that is
not a number the first, so a bookmark that outlived its rows still shows a list, never a 500.
The links keep every other parameter of the query string (sort, filters) as it was.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from flask import current_app, request, url_for
from sqlalchemy import Select, func, select

from portal.extensions import db
from portal.models.types import BEYOND
from portal.numbers import NotANumber, parse_number

PAGE_SIZE = 25
_LARGEST_AMOUNT = BEYOND - 1  # the largest amount a money column holds


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows, which page it is, and how many rows there are in all."""

    items: Sequence[Any]
    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages the list has; an empty list still has its one (empty) page."""
        return max(1, -(-self.total // self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def first_shown(self) -> int:
        """The position (from 1) of the page's first row in the whole list; 0 when it is empty."""
        return (self.number - 1) * self.size + 1 if self.items else 0

    @property
    def last_shown(self) -> int:
        return (self.number - 1) * self.size + len(self.items)


def page_number(args: Mapping[str, str], name: str = "page") -> int:
    """The page asked for in the query string: a whole number from 1, else 1."""
    try:
        return max(1, int(args.get(name, "1")))
    except ValueError:
        return 1


def typed_words(args: Mapping[str, str], name: str) -> str:
    """What was typed in a filter's text box: full-width letters and digits as their plain forms
    (ＡＢＣ１２ as ABC12, as a Japanese keyboard may type them), trimmed, at most 100 characters."""
    return unicodedata.normalize("NFKC", args.get(name) or "").strip()[:100]


def typed_day(args: Mapping[str, str], name: str) -> date | None:
    """A day in a filter (a date input sends YYYY-MM-DD); None, no filter, when it is not one."""
    try:
        return date.fromisoformat((args.get(name) or "").strip())
    except ValueError:
        return None


def typed_amount(args: Mapping[str, str], name: str) -> Decimal | None:
    """An amount typed in a filter, as every form reads one ('12,340', '¥1,000', full-width
    digits: portal.numbers); None, no filter, when it is not one. An amount beyond what a money
    column holds is the largest it holds, so it narrows the list as typed and never fails."""
    try:
        amount = parse_number((args.get(name) or "")[:100])
    except NotANumber:
        return None
    return None if amount is None else max(-_LARGEST_AMOUNT, min(_LARGEST_AMOUNT, amount))


def chosen(args: Mapping[str, str], name: str, choices: Mapping[str, Any], default: str = "") -> str:
    """The choice a filter or sort names, if it is one of `choices`; else `default`."""
    value = args.get(name, "")
    return value if value in choices else default


def paginate(query: Select, number: int, size: int | None = None, *, count: Select | None = None,
             one_pass: bool = False, rows: bool = False) -> Page:
    """The rows of page `number` of `query` (ordered), with the total from one COUNT query:
    `count` when given (the same rows, counted without the joins that only load what is shown),
    else `query` counted as a subquery. A number past the last page gives the last page.

    `one_pass` counts the rows in the query that reads the page (a window over the whole
    result): for a query whose conditions cost more than the rows, such as the inbox's, that
    evaluates them once instead of twice. Pages hold `size` rows, else the app's PAGE_SIZE. With
    `rows`, the page's items are whole result rows (an object and the figures selected beside it),
    not only the first column.
    """
    size = size or current_app.config.get("PAGE_SIZE", PAGE_SIZE)
    number = max(1, number)
    if one_pass:
        found = db.session.execute(query.add_columns(func.count().over()).limit(size)
                                   .offset((number - 1) * size)).all()
        if found:
            return Page(items=[row[:-1] if rows else row[0] for row in found], number=number, size=size,
                        total=found[0][-1])
        if number == 1:
            return Page(items=[], number=1, size=size, total=0)
    if count is None:
        count = select(func.count()).select_from(query.order_by(None).subquery())
    total = db.session.scalar(count) or 0
    number = min(number, max(1, -(-total // size)))
    window = query.limit(size).offset((number - 1) * size)
    items = db.session.execute(window).all() if rows else db.session.scalars(window).all()
    return Page(items=items, number=number, size=size, total=total)


def page_url(number: int, **changes: Any) -> str:
    """This list's address with another page (and any other parameter changed), the rest kept.

    Parameters changed to None or "" are left out, so a cleared filter leaves no trace.
    """
    args = request.args.to_dict()
    args.update({"page": number, **changes})
    if number == 1:
        args.pop("page")
    kept = {key: value for key, value in args.items() if value not in (None, "")}
    return url_for(request.endpoint, **(request.view_args or {}), **kept)
