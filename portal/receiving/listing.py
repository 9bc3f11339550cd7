"""The purchase orders a page at a time: found by number, supplier and order date, those with
goods still to receive first of all (the list opens on them: it is where goods are received),
each row with how many of its lines wait for goods."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import contains_eager, selectinload

from portal.filters import supplier_named, within
from portal.models import GoodsReceipt, PurchaseOrder, PurchaseOrderLine, Supplier
from portal.paging import Page, chosen, paginate, typed_day, typed_words

_RECEIVED = (select(func.coalesce(func.sum(GoodsReceipt.quantity_received), 0))
             .where(GoodsReceipt.order_line_id == PurchaseOrderLine.id)
             .correlate(PurchaseOrderLine).scalar_subquery())
_LINE_OPEN = (PurchaseOrderLine.order_id == PurchaseOrder.id, PurchaseOrderLine.quantity > _RECEIVED)
# How many of an order's lines still wait for goods.
_OPEN_LINES = (select(func.count()).select_from(PurchaseOrderLine).where(*_LINE_OPEN)
               .correlate(PurchaseOrder).scalar_subquery())
_TO_RECEIVE = exists().where(*_LINE_OPEN).correlate(PurchaseOrder)

# What the status filter offers; the first is the list's default.
STATES: dict[str, tuple[object, ColumnElement[bool] | None]] = {
    "to_receive": (_l("Goods to receive"), _TO_RECEIVE),
    "received": (_l("Received in full"), ~_TO_RECEIVE),
    "all": (_l("Any status"), None),
}
# The orders of the list; the first is the default. Each ends on the id.
SORTS: dict[str, tuple[object, tuple]] = {
    "newest": (_l("Latest order date first"), (PurchaseOrder.order_date.is_(None), PurchaseOrder.order_date.desc(),
                                               PurchaseOrder.id.desc())),
    "oldest": (_l("Earliest order date first"), (PurchaseOrder.order_date.is_(None), PurchaseOrder.order_date,
                                                 PurchaseOrder.id)),
    "number": (_l("By order number"), (PurchaseOrder.number, PurchaseOrder.id)),
    "supplier": (_l("By supplier"), (Supplier.name, PurchaseOrder.number, PurchaseOrder.id)),
}


@dataclass(frozen=True)
class OrderFilters:
    """What the query string asks of the order list; values that do not parse are ignored."""

    q: str = ""
    supplier: str = ""
    state: str = "to_receive"
    ordered_from: date | None = None
    ordered_to: date | None = None
    sort: str = "newest"

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> OrderFilters:
        return cls(q=typed_words(args, "q"), supplier=typed_words(args, "supplier"),
                   state=chosen(args, "status", STATES, "to_receive"), ordered_from=typed_day(args, "ordered_from"),
                   ordered_to=typed_day(args, "ordered_to"), sort=chosen(args, "sort", SORTS, "newest"))

    @property
    def narrowed(self) -> bool:
        """Something besides the status is filtered (the empty list then says so)."""
        return bool(self.q or self.supplier or self.ordered_from or self.ordered_to)

    def conditions(self) -> list[ColumnElement[bool]]:
        out = [condition] if (condition := STATES[self.state][1]) is not None else []
        if self.q:
            out.append(PurchaseOrder.number.icontains(self.q, autoescape=True))
        out += supplier_named(PurchaseOrder.supplier_id, self.supplier)
        out += within(PurchaseOrder.order_date, self.ordered_from, self.ordered_to)
        return out


@dataclass(frozen=True)
class OrderRow:
    """An order as the list shows it: its supplier, total and lines still to receive."""

    order: PurchaseOrder
    open_lines: int


def order_list(args: Mapping[str, str], number: int) -> tuple[Page, OrderFilters]:
    """Page `number` of the orders the query string's filters select, in its order: one query for
    the page (with each row's lines still to receive), one to count, one for the page's lines."""
    filters = OrderFilters.from_args(args)
    conditions = filters.conditions()
    query = (select(PurchaseOrder, _OPEN_LINES).join(PurchaseOrder.supplier).where(*conditions)
             .options(contains_eager(PurchaseOrder.supplier).load_only(Supplier.name, Supplier.code),
                      selectinload(PurchaseOrder.lines).load_only(PurchaseOrderLine.quantity,
                                                                  PurchaseOrderLine.unit_price))
             .order_by(*SORTS[filters.sort][1]))
    page = paginate(query, number, count=select(func.count()).select_from(PurchaseOrder).where(*conditions),
                    rows=True)
    return Page([OrderRow(o, n) for o, n in page.items], page.number, page.size, page.total), filters
