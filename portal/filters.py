"""The conditions the lists' filters put on their queries, written once for every list: a range
(of days, of amounts) and a supplier named by words typed in its filter; and the query of a
list of documents that meet them.

Each answers a list of conditions, empty when the filter is not set, so that a list's
`conditions()` reads as the filters it has, added one after the other. Parsing what was typed
is portal.paging's (`typed_day`, `typed_amount`, `typed_words`).
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import contains_eager, load_only

from portal.models import Document, Supplier


def within(column: Any, least: Any = None, most: Any = None) -> list[ColumnElement[bool]]:
    """`column` from `least` to `most`, both included; a bound that is None does not narrow
    (an amount of 0 does)."""
    out = []
    if least is not None:
        out.append(column >= least)
    if most is not None:
        out.append(column <= most)
    return out


def supplier_named(column: Any, typed: str) -> list[ColumnElement[bool]]:
    """`column`, a supplier id, one of the suppliers the words `typed` name (portal.matching.
    supplier_search); no condition when nothing was typed."""
    # (imported here: the matching package's views import these filters)
    from portal.matching.supplier_search import suppliers_named

    return [column.in_(suppliers_named(typed))] if typed else []


def filtered_documents(conditions: list[ColumnElement[bool]], order: tuple, shown: tuple) -> Select:
    """The documents a list shows: those meeting its `conditions`, in its `order`, each read with
    only the columns `shown` and its supplier's name (the supplier joined, for the words a filter
    may look for in that name)."""
    return (select(Document).outerjoin(Document.supplier).where(*conditions)
            .options(load_only(*shown), contains_eager(Document.supplier).load_only(Supplier.name))
            .order_by(*order))
