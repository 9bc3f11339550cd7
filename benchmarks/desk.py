"""The accountant's desk at scale, on SQLite: searches over 100,000 documents, and a bank
statement of 1,000 lines imported against 50,000 open invoices.

    .venv/bin/python benchmarks/desk.py                     # 100,000 documents
    .venv/bin/python benchmarks/desk.py --documents 20000   # a quicker look
    .venv/bin/python benchmarks/desk.py --plans             # and each search's query plan

The documents are generated (seeded) and written in bulk, with their searchable text as the
portal keeps it (`portal.search.fulltext.grams`, the FTS5 table filled by its triggers): 500
suppliers, Japanese and English page text of a few hundred characters, issue dates over three
years. Each search runs through `portal.search.services.search_page` (the page of 25 and its
count), as the search page does; the figures are the median and the slowest of 5 runs. The
statement's lines name invoices by number (in full or in part), or match nothing; its time
includes the commit (the job queue already loaded, as in a running web process), and the
audit chain is verified afterwards. Nothing here asserts a time: it reports.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS_JA = ["請求書", "御請求", "経費", "精算", "事務用品", "コピー用紙", "トナー", "納品書", "振込先", "お支払期限",
            "株式会社", "消費税", "軽減税率", "合計", "小計", "数量", "単価", "金額", "備考", "配送料", "値引",
            "部品", "工具", "清掃", "保守", "点検", "作業", "交通費", "会議", "飲料"]
WORDS_EN = ["invoice", "total", "subtotal", "tax", "delivery", "parts", "service", "maintenance", "toner",
            "paper", "cable", "monitor", "bolts", "nuts", "freight", "discount", "payment", "due", "bank", "order"]


def build(documents: int, seed: int = 7) -> None:
    """Suppliers, documents and their searchable text, written in bulk."""
    from sqlalchemy import insert

    from portal.extensions import db
    from portal.matching.rules.identifiers import normalise_document_number
    from portal.models import Document, SearchText, Supplier
    from portal.search.fulltext import grams, normalise

    rng = random.Random(seed)
    db.session.execute(insert(Supplier), [
        {"id": i, "code": f"SUP-{i:04}", "name": (f"株式会社サプライ{i:04}" if i % 2 else f"Supplier {i:04} Co., Ltd."),
         "currency": "JPY", "bank_code": "0001", "branch_code": f"{i % 1000:03}", "account_type": "1",
         "account_number": f"{i:07}", "account_holder_kana": f"ｻﾌﾟﾗｲ{i:04}"} for i in range(1, 501)])
    start = date(2024, 1, 1)
    batch_docs, batch_texts = [], []
    for n in range(1, documents + 1):
        supplier = rng.randint(1, 500)
        issued = start + timedelta(days=rng.randint(0, 3 * 365))
        total = Decimal(rng.randint(1, 2000) * 110)
        text = " ".join(rng.choice(WORDS_JA if rng.random() < .6 else WORDS_EN) for _ in range(rng.randint(40, 90)))
        body = normalise(f"{text} INV-{n:07}")
        batch_docs.append({
            "id": n, "file_name": f"doc-{n}.pdf", "sha256": f"{n:064x}", "mime_type": "application/pdf", "size": 1,
            "page_count": 1, "status": "processed", "review_status": "approved" if n % 2 == 0 else "to_review",
            "uploaded_at": datetime(2026, 1, 1), "doc_type": "invoice", "supplier_id": supplier,
            "supplier_name": f"Supplier {supplier:04}", "document_number": f"INV-{n:07}",
            "document_number_key": normalise_document_number(f"INV-{n:07}"), "issue_date": issued,
            "due_date": issued + timedelta(days=30),
            "currency": "JPY", "total": total, "tax_total": Decimal(0), "subtotal": total,
            "read_attempts": 0})
        batch_texts.append({"document_id": n, "body": body, "grams": grams(body)})
        if len(batch_docs) == 5000:
            db.session.execute(insert(Document.__table__), batch_docs)
            db.session.execute(insert(SearchText), batch_texts)
            batch_docs, batch_texts = [], []
    if batch_docs:
        db.session.execute(insert(Document.__table__), batch_docs)
        db.session.execute(insert(SearchText), batch_texts)
    db.session.commit()


def timed(label: str, run, repeat: int = 5) -> tuple[str, float, float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        times.append((time.perf_counter() - started) * 1000)
    return label, statistics.median(times), max(times), result


def _cases() -> dict:
    from portal.search.services import Criteria

    return {
        "two-character Japanese text (経費)": Criteria(text="経費"),
        "three-character Japanese text (請求書)": Criteria(text="請求書"),
        "Japanese words (コピー用紙 トナー)": Criteria(text="コピー用紙 トナー"),
        "date range + amount range + supplier": Criteria(issued_from=date(2025, 4, 1), issued_to=date(2025, 9, 30),
                                                         min_total=Decimal(10000), max_total=Decimal(50000),
                                                         supplier="サプライ0041"),
        "supplier + two-character text": Criteria(supplier="Supplier 0100", text="経費"),
        "amount range + two-character text": Criteria(min_total=Decimal(100000), max_total=Decimal(110000),
                                                      text="精算"),
        "document number": Criteria(number="INV-0054321"),
        "date range alone (a month)": Criteria(issued_from=date(2025, 6, 1), issued_to=date(2025, 6, 30)),
        "one-character text (index prefix: 費)": Criteria(text="費"),
    }


def searches() -> list[tuple[str, float, float, object]]:
    from portal.search.services import search_page

    return [timed(label, lambda c=c: search_page(c, 1)) for label, c in _cases().items()]


def plans() -> None:
    """Each search's query as SQLite plans it (EXPLAIN QUERY PLAN): which index reads what."""
    from portal.extensions import db
    from portal.models import Document
    from portal.search.services import COUNT_CAP, search_query

    connection = db.session.connection()
    for label, criteria in _cases().items():
        query = search_query(criteria).with_only_columns(Document.id).limit(COUNT_CAP + 1)
        sql = str(query.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
        print(f"  {label}")
        for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"):
            print(f"      {row[-1]}")


def statement(open_invoices: int, lines: int = 1000, seed: int = 3) -> tuple[float, object]:
    """A statement against `open_invoices` approved, open invoices (the even ids)."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.models import Document
    from portal.payments.statements import import_statement

    rng = random.Random(seed)
    candidates = list(db.session.execute(select(Document.document_number, Document.total).where(
        Document.review_status == "approved").limit(open_invoices)))
    rows = ["date,amount,reference,counterparty"]
    for n in range(lines):
        number, total = rng.choice(candidates)
        kind = n % 4
        if kind == 0:
            rows.append(f"2026-11-{1 + n % 28:02},{rng.randint(1, 99999)},Office rent {n},")   # matches nothing
        elif kind == 1:
            rows.append(f"2026-11-{1 + n % 28:02},{int(total) // 2},FURIKOMI {number},")      # a partial payment
        else:
            rows.append(f"2026-11-{1 + n % 28:02},{int(total)},FURIKOMI {number},")          # in full
    data = ("\n".join(rows) + "\n").encode()
    started = time.perf_counter()
    result = import_statement(data, None)
    db.session.commit()
    return (time.perf_counter() - started) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--plans", action="store_true", help="print each search's query plan")
    args = parser.parse_args()
    instance = Path(tempfile.mkdtemp(prefix="portal-desk-bench-"))
    os.environ["PORTAL_INSTANCE"] = str(instance)
    os.environ.pop("DATABASE_URL", None)
    from portal import create_app

    app = create_app()
    import portal.tasks  # noqa: F401  (loaded in a running web process: a commit announces through it)

    try:
        with app.app_context():
            run(args, instance)
    finally:
        shutil.rmtree(instance, ignore_errors=True)  # some hundred MB: nothing to keep


def run(args: argparse.Namespace, instance: Path) -> None:
    """Build the instance, time the searches and the statement, check the chain."""
    from portal.database import upgrade
    from portal.records.integrity import _verify_chain
    from portal.search.services import COUNT_CAP

    upgrade()
    started = time.perf_counter()
    build(args.documents)
    print(f"{args.documents:,} documents written and indexed in {time.perf_counter() - started:.0f} s "
          f"({(instance / 'portal.db').stat().st_size / 1e6:.0f} MB)")
    print("search (page of 25, counted to 1,000)       median ms   slowest ms   found")
    for label, median, slowest, page in searches():
        found = "1,000+" if page.total > COUNT_CAP else f"{page.total:,}"
        print(f"  {label:<44} {median:8.1f} {slowest:12.1f} {found:>9}")
    if args.plans:
        print("query plans (the ids of the first 1,001 results, in order):")
        plans()
    open_count = min(50_000, args.documents // 2)
    elapsed, result = statement(open_count)
    print(f"statement of 1,000 lines against {open_count:,} open invoices: {elapsed:.0f} ms "
          f"({result.matched} matched, {len(result.unmatched)} for a person, "
          f"{len(set(result.settled))} invoices settled)")
    again_elapsed, again = statement(open_count)
    print(f"the same statement again: {again_elapsed:.0f} ms, "
          f"{again.already} lines known, nothing changed")
    events, broken = _verify_chain()
    print(f"audit chain after both: {broken or f'{events:,} events chained, its head matches'}")


if __name__ == "__main__":
    main()
