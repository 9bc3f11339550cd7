"""A random world: random suppliers, a plan with the held-out corpus's share of exceptions,
orders, receipts and documents from `world.build_world`, then discount lines on some
orders and each supplier's payment terms on its documents."""
from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal

from samples.randomiser.cast import make_suppliers
from samples.randomiser.notation import month_end
from samples.randomiser.style import Deck
from samples.world import (
    CENT,
    HELDOUT_VARIANTS,
    KANAGAWA,
    DemoDocument,
    DemoSupplier,
    Item,
    Line,
    OrderLine,
    PurchaseOrder,
    World,
    build_world,
)

DISCOUNT_SHARE = 0.25
LONG_SHARE = 0.06  # documents whose table runs over two pages


def random_world(count: int, seed: int) -> World:
    """`count` documents from suppliers nobody tuned on, in upload order."""
    rng = random.Random(seed)
    suppliers = make_suppliers(rng, Deck(rng), max(8, round(count / 3)))
    plan = make_plan(rng, suppliers, count)
    world = build_world(KANAGAWA, suppliers, plan, seed=rng.randrange(2**31), first_po=rng.randrange(1000, 8000),
                        open_orders=max(2, count // 15))
    add_discounts(rng, world)
    make_unknown_po_numbers_unknown(world)
    for document in world.documents:
        document.due_date = due_date(document)
    return world


def make_plan(rng: random.Random, suppliers: list[DemoSupplier], count: int) -> list[tuple[str, DemoSupplier, int]]:
    """(variant, supplier, lines) for `count` documents, duplicates last; the first is long.
    The held-out corpus's variants once per forty documents, clean invoices for the rest."""
    duplicates = count // 12 if count >= 4 else 0
    variants = (HELDOUT_VARIANTS * max(1, count // 40) + ["clean"] * count)[:count - duplicates]
    used: Counter = Counter()
    plan = []
    for i, variant in enumerate(variants):
        fits = [s for s in suppliers if can_carry(variant, s, suppliers)]
        long = i == 0 or rng.random() < LONG_SHARE
        if long:  # the suppliers with the longest catalogues
            fits = sorted(fits, key=lambda s: (-len(s.catalogue), s.code))[:1 if i == 0 else 3]
        least = min(used[s.code] for s in fits)
        supplier = rng.choice([s for s in fits if used[s.code] == least])
        used[supplier.code] += 1
        size = rng.randrange(18, 33) if long else rng.choice([1, 2, 2, 3, 3, 4, 5, 6])
        plan.append((variant, supplier, min(size, len(supplier.catalogue))))
    rng.shuffle(plan)
    return plan + [("duplicate", suppliers[0], 0)] * duplicates


def can_carry(variant: str, supplier: DemoSupplier, suppliers: list[DemoSupplier]) -> bool:
    """Whether the supplier can show the variant: a T-number, yen tax, a look-alike peer."""
    if variant in ("tax_mismatch", "invalid_registration_number"):
        return supplier.registration_number is not None and supplier.currency == "JPY"
    if variant == "supplier_mismatch":
        peers = [s for s in suppliers if s is not supplier
                 and (s.currency, s.language) == (supplier.currency, supplier.language)]
        return supplier.registration_number is not None and bool(peers)
    return True


def make_unknown_po_numbers_unknown(world: World) -> None:
    """A po_not_found document must print a number no order has: the world's altered digit
    can give back the order's own number (a 9 already there) or another order's."""
    known = {order.number for order in world.orders}
    for document in world.documents:
        if document.variant == "po_not_found" and document.po_number in known:
            number = document.po_number
            candidates = [number[:-3] + digit + number[-2:] for digit in "9876543210"] + [number + "9"]
            document.po_number = next(c for c in candidates if c not in known)


def add_discounts(rng: random.Random, world: World) -> None:
    """A discount line (negative unit price) on some documents and on their orders alike.

    Skipped where the order's new line total would equal another order's of its supplier, so
    that matching by amount still finds exactly one order."""
    orders = {order.number: order for order in world.orders}
    for document in world.documents:
        if document.variant == "duplicate" or rng.random() > DISCOUNT_SHARE:
            continue  # a duplicate shares its original's lines
        order = orders.get(document.expected_po or "")
        if document.kind == "invoice" and order is None:
            continue
        line = discount_line(rng, document)
        if line is None:
            continue
        if order is not None and not _add_to_order(world, order, line):
            continue
        document.lines.append(line)


def discount_line(rng: random.Random, document: DemoDocument) -> Line | None:
    """A round discount of 2 to 8 percent of the lines at one of the document's rates."""
    rate = rng.choice(sorted({ln.tax_rate for ln in document.lines}))
    base = sum((document.amount(ln) for ln in document.lines if ln.tax_rate == rate), Decimal(0))
    step = Decimal(100) if document.currency == "JPY" else Decimal(1)
    amount = (base * Decimal(rng.randrange(2, 9)) / 100 / step).to_integral_value(ROUND_FLOOR) * step
    if amount <= 0:
        return None
    house = document.supplier.style["house"]
    unit = "式" if house.language == "ja" else ""
    amount = amount.quantize(CENT[document.currency])
    return Line(house.words["discount"], Decimal(1), -amount, rate, f"DC-{rng.randrange(10, 99)}", unit)


def _add_to_order(world: World, order: PurchaseOrder, line: Line) -> bool:
    """Append the discount to the order unless its line total would then equal another's."""
    item = Item(line.sku, line.description, line.unit_price, line.tax_rate, line.unit)
    order.lines.append(OrderLine(len(order.lines) + 1, item, Decimal(1), Decimal(1)))
    others = {o.line_total for o in world.orders if o.supplier is order.supplier and o is not order}
    if order.line_total in others:
        order.lines.pop()
        return False
    return True


def due_date(document: DemoDocument) -> date:
    """The due date by the supplier's terms; for a quote, the end of its validity."""
    style, issue = document.supplier.style, document.issue_date
    if document.kind == "quote":
        return issue + timedelta(days=style["quote_days"])
    terms = style["terms"]
    if terms == "month_end_next":
        return month_end(issue, 1)
    if terms == "month_end_after":
        return month_end(issue, 2)
    if terms == "net30":
        return issue + timedelta(days=30)
    following = month_end(issue, 1)
    return following.replace(day=20)
