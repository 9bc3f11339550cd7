"""The supplier list a page at a time, found by name in either language, code or registration
number (portal.matching.supplier_search), sorted by name, code or how many orders each has."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, func, select

from portal.matching.supplier_search import suppliers_named
from portal.models import PurchaseOrder, Supplier
from portal.paging import Page, chosen, paginate, typed_words

# The orders of the list; the first is the default. Each ends on the id: a page holds the same
# rows however often it is asked for.
_ORDERS = select(func.count()).where(PurchaseOrder.supplier_id == Supplier.id).correlate(Supplier).scalar_subquery()
SORTS: dict[str, tuple[object, tuple]] = {
    "name": (_l("By name"), (Supplier.name, Supplier.id)),
    "code": (_l("By code"), (Supplier.code, Supplier.id)),
    "orders": (_l("Most orders first"), (_ORDERS.desc(), Supplier.name, Supplier.id)),
}


@dataclass(frozen=True)
class SupplierFilters:
    """What the query string asks of the supplier list: words of a name, code or number, the order."""

    q: str = ""
    sort: str = "name"

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> SupplierFilters:
        return cls(q=typed_words(args, "q"), sort=chosen(args, "sort", SORTS, "name"))

    def conditions(self) -> list[ColumnElement[bool]]:
        return [Supplier.id.in_(suppliers_named(self.q))] if self.q else []


@dataclass(frozen=True)
class SupplierRow:
    """A supplier as the list shows it, with how many orders it has."""

    supplier: Supplier
    orders: int


def supplier_list(args: Mapping[str, str], number: int) -> tuple[Page, SupplierFilters]:
    """Page `number` of the suppliers the query string's filters select, in its order (one query
    for the page, its rows' order counts included, and one to count them)."""
    filters = SupplierFilters.from_args(args)
    conditions = filters.conditions()
    page = paginate(select(Supplier, _ORDERS).where(*conditions).order_by(*SORTS[filters.sort][1]), number,
                    count=select(func.count()).select_from(Supplier).where(*conditions), rows=True)
    return Page([SupplierRow(s, n) for s, n in page.items], page.number, page.size, page.total), filters
