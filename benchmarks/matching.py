"""How matching scales: N invoices against 100,000 order lines, time and peak memory.

    .venv/bin/python benchmarks/matching.py                  # rules level, 1k..10k invoices
    .venv/bin/python benchmarks/matching.py --db 100 200 400 # also through the database services

The data is synthetic and generated in-process (seeded): 1,000 suppliers, 10,000
orders of 10 lines each. Invoices bill an order by its printed number (most), or by
supplier and amount (no PO printed), with reordered, split, partial and misread
lines, some duplicates and some unknown PO numbers. Orders are found through dicts
keyed by number and by (supplier, line total), so the time per invoice should stay
flat as the number of invoices grows.
"""
from __future__ import annotations

import argparse
import gc
import random
import sys
import time
import tracemalloc
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal.matching import rules  # noqa: E402
from portal.matching.suppliers import SupplierDirectory  # noqa: E402

ITEMS = [f"{kind} {size}" for kind in ("Copy paper", "Toner cartridge", "Ballpoint pen", "Green tea",
                                       "Hand soap", "Trash bags", "Monitor", "Cable", "Stapler", "Folder",
                                       "Water", "Snacks", "Gloves", "Helmet", "Label tape", "Battery")
         for size in ("S", "M", "L", "XL", "A4", "A3", "100 pcs", "500 pcs", "2 L", "5 m", "Cat6", "black")]
RATES = [Decimal(10), Decimal(8)]


def make_world(seed: int = 1, suppliers: int = 1000, orders: int = 10_000, lines_per_order: int = 10):
    """Suppliers and orders (orders x lines_per_order order lines), all received."""
    rng = random.Random(seed)
    master = {i: rules.SupplierRecord(i, f"SUP-{i:04}", f"Supplier {i:04} Trading Co., Ltd.",
                                f"T{_body_with_check(rng)}") for i in range(1, suppliers + 1)}
    line_id = 0
    world = []
    for order_id in range(1, orders + 1):
        lines = []
        for line_no, item in enumerate(rng.sample(ITEMS, lines_per_order), start=1):
            line_id += 1
            quantity = Decimal(rng.randint(1, 20))
            lines.append(rules.OrderLine(line_id, line_no, item, quantity, Decimal(rng.randint(1, 500) * 10),
                                         rng.choice(RATES), quantity))
        world.append(rules.Order(order_id, f"PO-{order_id:07}", rng.randint(1, suppliers), tuple(lines)))
    return master, world


def _body_with_check(rng: random.Random) -> str:
    from ocr import registration

    body = "".join(rng.choice("0123456789") for _ in range(12))
    return f"{registration.check_digit(body)}{body}"


def make_invoices(master, orders, count: int, seed: int = 2) -> list[tuple[rules.Invoice, str]]:
    """`count` invoices (with the supplier name as printed), in upload order."""
    rng = random.Random(seed)
    invoices = []
    for doc_id in range(1, count + 1):
        if invoices and rng.random() < 0.01:  # sent twice: same number, other bytes
            earlier, name = rng.choice(invoices)
            invoices.append((replace(earlier, id=doc_id, sha256=f"{doc_id:064x}"), name))
            continue
        order = rng.choice(orders)
        supplier = master[order.supplier_id]
        partial = rng.random() < 0.3
        lines = []
        for ol in order.lines:
            quantity = Decimal(rng.randint(1, int(ol.quantity))) if partial else ol.quantity
            description = ol.description if rng.random() > 0.05 else ol.description.replace("e", "c")
            price = ol.unit_price if rng.random() > 0.02 else ol.unit_price * Decimal("1.05")
            lines.append(rules.InvoiceLine(description, quantity, price, quantity * price, ol.tax_rate))
        rng.shuffle(lines)
        subtotal = sum((ln.amount for ln in lines), Decimal(0))
        taxes = {}
        for ln in lines:
            taxes[ln.tax_rate] = taxes.get(ln.tax_rate, Decimal(0)) + ln.amount
        breakdown = tuple(rules.TaxAmount(r, t, (t * r / 100).quantize(Decimal(1))) for r, t in taxes.items())
        tax = sum((t.tax for t in breakdown), Decimal(0))
        mode = rng.random()
        po = order.number if mode < 0.8 else (None if mode < 0.95 else f"PO-9{doc_id:06}")
        name = supplier.name.upper() if rng.random() < 0.5 else supplier.name.replace(" Co., Ltd.", "")
        invoice = rules.Invoice(
            id=doc_id, supplier_name=name, registration_number=supplier.registration_number
            if rng.random() < 0.5 else None, document_number=f"INV-{doc_id:06}", po_number=po, currency="JPY",
            subtotal=subtotal, tax_total=tax, total=subtotal + tax, sha256=f"{doc_id:064x}",
            lines=tuple(lines), taxes=breakdown)
        invoices.append((invoice, name))
    return invoices


def run_rules(master, orders, invoices) -> dict[str, int]:
    """Resolve each supplier, then match every invoice in upload order; exception counts."""
    directory = SupplierDirectory(master.values())
    book = rules.Book(master, orders)
    counts: dict[str, int] = {}
    for invoice, name in invoices:
        supplier = directory.resolve(name, invoice.registration_number)
        outcome = book.add(_with_supplier(invoice, supplier))
        for code in outcome.exceptions or ["clean"]:
            counts[code] = counts.get(code, 0) + 1
    return counts


def _with_supplier(invoice: rules.Invoice, supplier: rules.SupplierRecord | None) -> rules.Invoice:
    return replace(invoice, supplier_id=supplier.id if supplier else None)


def measure(fn, *args):
    """(seconds, peak MiB, result): time from a plain run, peak memory from a traced one."""
    gc.collect()
    started = time.perf_counter()
    result = fn(*args)
    seconds = time.perf_counter() - started
    gc.collect()
    tracemalloc.start()
    fn(*args)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / 2**20, result


def bench_rules(sizes: list[int]) -> None:
    started = time.perf_counter()
    master, orders = make_world()
    lines = sum(len(o.lines) for o in orders)
    print(f"world: {len(master)} suppliers, {len(orders)} orders, {lines} order lines "
          f"({time.perf_counter() - started:.1f} s to generate)")
    all_invoices = make_invoices(master, orders, max(sizes))
    print(f"{'invoices':>9} {'seconds':>8} {'µs/invoice':>11} {'peak MiB':>9}  exceptions")
    for size in sizes:
        seconds, peak, counts = measure(run_rules, master, orders, all_invoices[:size])
        summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        print(f"{size:>9} {seconds:>8.2f} {seconds / size * 1e6:>11.0f} {peak:>9.1f}  {summary}")


def bench_db(sizes: list[int]) -> None:
    """Through services.match_document on a fresh SQLite database per size (smaller world)."""
    import tempfile

    from portal import create_app
    from portal.config import TestConfig
    from portal.database import upgrade
    from portal.extensions import db
    from portal.matching import services
    from portal.models import (
        Document,
        DocumentLine,
        GoodsReceipt,
        PurchaseOrder,
        PurchaseOrderLine,
        Supplier,
        TaxLine,
    )

    master, orders = make_world(suppliers=100, orders=1000)
    lines = sum(len(o.lines) for o in orders)
    print(f"database: {len(master)} suppliers, {len(orders)} orders, {lines} lines; "
          "each invoice stored then matched, as intake does")
    print(f"{'invoices':>9} {'seconds':>8} {'ms/invoice':>11} {'rematch_all s':>15}")
    for size in sizes:
        folder = Path(tempfile.mkdtemp(prefix="portal-bench-"))
        config = TestConfig()
        config.INSTANCE, config.STORAGE_DIR = folder, folder / "originals"
        config.SQLALCHEMY_DATABASE_URI = f"sqlite:///{folder / 'bench.db'}"
        app = create_app(config)
        with app.app_context():
            upgrade()
            for s in master.values():
                db.session.add(Supplier(id=s.id, code=s.code, name=s.name,
                                        registration_number=s.registration_number))
            for o in orders:
                po = PurchaseOrder(id=o.id, number=o.number, supplier_id=o.supplier_id)
                po.lines = [PurchaseOrderLine(id=ln.id, line_no=ln.line_no, description=ln.description,
                                              quantity=ln.quantity, unit_price=ln.unit_price,
                                              tax_rate=ln.tax_rate,
                                              receipts=[GoodsReceipt(quantity_received=ln.received)])
                            for ln in o.lines]
                db.session.add(po)
            db.session.commit()
            seconds = 0.0
            for invoice, name in make_invoices(master, orders, size):
                document = _document(Document, DocumentLine, TaxLine, invoice, name)
                db.session.add(document)
                db.session.flush()  # uploaded and read; now matched, as intake does
                started = time.perf_counter()
                services.match_document(document)
                db.session.commit()
                seconds += time.perf_counter() - started
            started = time.perf_counter()
            services.rematch_all()
            db.session.commit()
            again = time.perf_counter() - started
            print(f"{size:>9} {seconds:>8.2f} {seconds / size * 1e3:>11.1f} {again:>15.2f}")
            db.session.remove()
            db.engine.dispose()


def _document(Document, DocumentLine, TaxLine, invoice: rules.Invoice, name: str):  # noqa: N803
    """A processed Document row carrying the invoice's fields."""
    doc = Document(id=invoice.id, file_name="x.pdf", sha256=invoice.sha256, mime_type="x", size=1,
                   status="processed", doc_type="invoice", supplier_name=name,
                   registration_number=invoice.registration_number, document_number=invoice.document_number,
                   po_number=invoice.po_number, currency="JPY", subtotal=invoice.subtotal,
                   tax_total=invoice.tax_total, total=invoice.total)
    doc.lines = [DocumentLine(position=i, description=ln.description, quantity=ln.quantity,
                              unit_price=ln.unit_price, amount=ln.amount, tax_rate=ln.tax_rate)
                 for i, ln in enumerate(invoice.lines, start=1)]
    doc.tax_lines = [TaxLine(rate=t.rate, taxable=t.taxable, tax=t.tax) for t in invoice.taxes]
    return doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 2500, 5000, 10_000])
    parser.add_argument("--db", nargs="*", type=int, help="also through the database, at these sizes")
    args = parser.parse_args()
    bench_rules(args.sizes)
    if args.db:
        bench_db(args.db)


if __name__ == "__main__":
    main()
