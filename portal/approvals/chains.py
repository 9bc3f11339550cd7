"""The approval chains as documents will meet them: for the general rules and for each department
and supplier with rules of its own, which steps an invoice needs in each amount band, the
default first step included. Worked out by the same `steps_needed` that starts real chains, on a
stand-in document at each band's top, so the page cannot say other than what will happen."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from sqlalchemy import select

from portal.approvals.services import default_approver_id, rules_for, steps_needed
from portal.extensions import db
from portal.models import ApprovalRule, Department, Supplier, User


@dataclass(frozen=True)
class ChainStep:
    position: int
    rule: ApprovalRule | None  # None: the default first step
    approver: User | None      # None: any approver


@dataclass(frozen=True)
class Band:
    """Totals above `above` (None: from nothing) up to `up_to` (None: without end)."""

    above: Decimal | None
    up_to: Decimal | None
    steps: tuple[ChainStep, ...]


@dataclass(frozen=True)
class Chain:
    """The chains of one scope in one currency: the general rules, a department's or a supplier's."""

    currency: str
    department: Department | None
    supplier: Supplier | None
    bands: tuple[Band, ...]


def overview() -> list[Chain]:
    """Every scope's chains: the general ones first, then each department's and supplier's that
    has rules of its own (the others follow the general ones)."""
    rules = db.session.scalars(select(ApprovalRule)).all()
    currencies = sorted({r.currency for r in rules} | {"JPY"}, key=lambda c: (c != "JPY", c))
    default = db.session.get(User, default_approver_id() or 0)
    chains = []
    for currency in currencies:
        scopes: list[tuple[Department | None, Supplier | None]] = [(None, None)]
        scopes += [(d, None) for d in _sorted({r.department for r in rules if r.department and r.currency == currency})]
        scopes += [(s.department, s) for s in _sorted({r.supplier for r in rules
                                                        if r.supplier and r.currency == currency})]
        chains += [Chain(currency, department, supplier, _bands(currency, department, supplier, default))
                   for department, supplier in scopes]
    return chains


def _sorted(items: set) -> list:
    return sorted(items, key=lambda item: item.name)


def _bands(currency: str, department: Department | None, supplier: Supplier | None,
           default: User | None) -> tuple[Band, ...]:
    stand_in = SimpleNamespace(currency=currency, department_id=department.id if department else None,
                               supplier_id=supplier.id if supplier else None, total=Decimal(0))
    thresholds = sorted({r.above_amount for r in rules_for(stand_in) if r.above_amount > 0})
    edges = [None, *thresholds, None]
    bands: list[Band] = []
    for above, up_to in zip(edges, edges[1:], strict=False):
        stand_in.total = up_to if up_to is not None else (above or Decimal(0)) + 1
        steps = tuple(ChainStep(position, rule, rule.approver if rule is not None else default)
                      for position, rule in enumerate(steps_needed(stand_in), start=1))
        if bands and [s.rule for s in bands[-1].steps] == [s.rule for s in steps]:
            bands[-1] = Band(bands[-1].above, up_to, steps)  # the same chain as the band below
        else:
            bands.append(Band(above, up_to, steps))
    return tuple(bands)
