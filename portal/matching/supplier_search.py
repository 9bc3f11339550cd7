"""The suppliers that words typed in a list's supplier filter name.

A supplier is found by what people call it, in either language: its name and code as the
ERP holds them, its registration number, or a name its documents printed in the other
language (the aliases clerks taught the portal, portal.matching.suppliers), so "Midori" finds
株式会社みどり青果 once one of its English invoices was read. A code typed in full (as the
supplier list's links and the type-ahead put it in) is that supplier alone, not every code
that holds it.
"""
from __future__ import annotations

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import aliased

from portal.matching.suppliers import normalise_name
from portal.models import Supplier, SupplierAlias


def suppliers_named(typed: str) -> Select:
    """The ids of the suppliers that `typed` names (see the module's docstring), for a list's
    `supplier_id.in_(...)`: one subquery, no round trip of its own."""
    code = func.lower(Supplier.code) == typed.lower()
    words = [Supplier.name.icontains(typed, autoescape=True), Supplier.code.icontains(typed, autoescape=True),
             Supplier.registration_number.icontains(typed, autoescape=True)]
    if key := normalise_name(typed):
        words.append(exists().where(SupplierAlias.supplier_id == Supplier.id, SupplierAlias.kind == "name",
                                    SupplierAlias.value.contains(key, autoescape=True)))
    other = aliased(Supplier)
    one_code = exists().where(func.lower(other.code) == typed.lower())
    # Never correlated: the list of suppliers asks for its own rows' ids in it.
    return select(Supplier.id).where(or_(code, and_(~one_code, or_(*words)))).correlate(None)
