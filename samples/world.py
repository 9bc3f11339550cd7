"""A small made-up procurement world: a buyer, suppliers, purchase orders, receipts, and the
documents the suppliers send, each with what it should extract to and match.

No Flask here: `master_csv` writes the world as the ERP's three CSV exports and `truth`
describes a document the way the corpus truth files do (see the corpus README).
"""
from __future__ import annotations

import csv
import io
import json
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from pathlib import Path

from ocr.registration import check_digit

CENT = {"JPY": Decimal(1), "USD": Decimal("0.01"), "EUR": Decimal("0.01")}
ROUNDING = {"down": ROUND_FLOOR, "up": ROUND_CEILING, "half_up": ROUND_HALF_UP}


def registration_number(body: str) -> str:
    """A valid T-number for twelve digits: T, the check digit, the digits."""
    return f"T{check_digit(body)}{body}"


def money(value: Decimal, currency: str) -> Decimal:
    """Round half-up to the currency's smallest unit (JPY: yen, USD: cents)."""
    return value.quantize(CENT[currency], rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Item:
    sku: str
    description: str
    price: Decimal
    tax_rate: Decimal
    unit: str = ""


def items(table: str) -> list[Item]:
    """Catalogue rows 'sku | description | price | tax rate [| unit]' as Items."""
    rows = [[cell.strip() for cell in line.split("|")] for line in table.strip().splitlines()]
    return [Item(r[0], r[1], Decimal(r[2]), Decimal(r[3]), *r[4:]) for r in rows]


@dataclass
class Buyer:
    name: str
    name_ja: str
    address: list[str]
    address_ja: list[str]


@dataclass
class DemoSupplier:
    code: str
    name: str
    language: str  # "en" | "ja"
    currency: str
    address: list[str]
    registration_number: str | None
    layout: str  # which of render.LAYOUTS draws its documents
    style: dict  # its house style: wording, date and money formats
    catalogue: list[Item]
    invoice_number: str  # a format string over n, yy, mm
    quote_number: str
    rounding: str = "down"  # how it rounds tax, once per rate per invoice

    @property
    def address_line(self) -> str:
        return " / ".join(self.address)


@dataclass
class OrderLine:
    line_no: int
    item: Item
    quantity: Decimal
    received: Decimal


@dataclass
class PurchaseOrder:
    number: str
    supplier: DemoSupplier
    order_date: date
    lines: list[OrderLine]

    @property
    def line_total(self) -> Decimal:
        return sum((money(ln.quantity * ln.item.price, self.supplier.currency) for ln in self.lines),
                   Decimal(0))


@dataclass
class Line:
    description: str
    quantity: Decimal
    unit_price: Decimal
    tax_rate: Decimal
    sku: str = ""
    unit: str = ""


@dataclass
class TaxRow:
    rate: Decimal
    taxable: Decimal
    tax: Decimal


@dataclass
class DemoDocument:
    """An invoice or quote as printed, with the match the portal should find for it."""

    kind: str  # "invoice" | "quote"
    supplier: DemoSupplier
    buyer: Buyer
    number: str
    issue_date: date
    due_date: date
    po_number: str | None
    lines: list[Line]
    registration_number: str | None
    variant: str = "clean"
    expected_po: str | None = None
    expected_exceptions: list[str] = field(default_factory=list)
    tax_error: Decimal = Decimal(0)  # added to the first rate's tax (tax_mismatch)

    @property
    def currency(self) -> str:
        return self.supplier.currency

    def amount(self, line: Line) -> Decimal:
        return money(line.quantity * line.unit_price, self.currency)

    @property
    def subtotal(self) -> Decimal:
        return sum((self.amount(ln) for ln in self.lines), Decimal(0))

    @property
    def tax_rows(self) -> list[TaxRow]:
        """Taxable amount and tax per rate, highest rate first, rounded once per rate."""
        rows = []
        for rate in sorted({ln.tax_rate for ln in self.lines}, reverse=True):
            taxable = sum((self.amount(ln) for ln in self.lines if ln.tax_rate == rate), Decimal(0))
            rounding = ROUNDING[self.supplier.rounding]
            tax = (taxable * rate / 100).quantize(CENT[self.currency], rounding=rounding)
            rows.append(TaxRow(rate, taxable, tax + (self.tax_error if not rows else 0)))
        return rows

    @property
    def tax_total(self) -> Decimal:
        return sum((row.tax for row in self.tax_rows), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.subtotal + self.tax_total

    @property
    def mixed_rates(self) -> bool:
        return len(self.tax_rows) > 1


@dataclass
class World:
    buyer: Buyer
    suppliers: list[DemoSupplier]
    orders: list[PurchaseOrder]
    documents: list[DemoDocument]


# --- the cast -------------------------------------------------------------------------------

KANAGAWA = Buyer("Kanagawa Precision Foods Co., Ltd.", "神奈川精密フーズ株式会社",
                 ["Accounts Payable", "4-1 Shin-Yokohama 2-chome, Kohoku-ku", "Yokohama 222-0033, Japan"],
                 ["〒222-0033 神奈川県横浜市港北区新横浜2-4-1", "経理部"])
AOBA = Buyer("Aoba Kitchen Works Co., Ltd.", "青葉キッチンワークス株式会社",
             ["Purchasing", "2-7-19 Kokubuncho, Aoba-ku", "Sendai 980-0803, Japan"],
             ["〒980-0803 宮城県仙台市青葉区国分町2-7-19", "購買課"])

EN_STACKED = {"date": "dmy_long", "money": "JPY ", "number": "Bill No.", "date_label": "Invoice Date",
              "due": "Due by", "po": "Purchase Order", "total": "Total amount payable"}
EN_LEDGER = {"date": "mdy_long", "money": "¥", "number": "Reference", "date_label": "Date of issue",
             "due": "Payment due", "po": "Your order", "total": "Balance due"}

DEMO_SUPPLIERS = [
    DemoSupplier("S-101", "株式会社みどり青果", "ja", "JPY",
             ["〒983-0034 宮城県仙台市宮城野区扇町4-3-2", "TEL 022-555-0141"],
             registration_number("402918736455"), "ja_reiwa", {"date": "reiwa"}, items("""
                 YS-01 | 玉ねぎ 10kg | 2380 | 8
                 YS-02 | じゃがいも 10kg | 2680 | 8
                 YS-03 | 人参 5kg | 1840 | 8
                 YS-07 | 青果用ダンボール | 160 | 10"""),
             invoice_number="{yy}{mm}-{n:04d}", quote_number="見{n:04d}"),
    DemoSupplier("S-102", "有限会社ひかり包材", "ja", "JPY",
             ["〒984-0015 宮城県仙台市若林区卸町1-6-8", "TEL 022-555-0199"],
             registration_number("713300582094"), "ja_grid", {"date": "dots", "money": "suffix"}, items("""
                 HK-110 | テイクアウト容器 中 (50枚) | 1450 | 10
                 HK-120 | 紙カップ 8oz (100個) | 980 | 10
                 HK-204 | ラップフィルム 30cm | 720 | 10
                 HK-310 | ポリ手袋 (200枚) | 560 | 10"""),
             invoice_number="H-{yy}{mm}{n:03d}", quote_number="HQ-{n:04d}"),
    DemoSupplier("S-103", "Harborline Hygiene K.K.", "en", "JPY",
             ["5-2 Nakanoshima, Izumi-ku", "Sendai 981-3203, Japan"],
             registration_number("855021947306"), "en_stacked", EN_STACKED, items("""
                 HH-501 | Hand sanitiser 5 L | 3900 | 10
                 HH-502 | Paper towels, case of 40 | 4200 | 10
                 HH-520 | Degreaser concentrate 4 L | 5600 | 10"""),
             invoice_number="HB-{n:05d}", quote_number="HBQ-{n:04d}", rounding="half_up"),
    DemoSupplier("S-104", "Copperleaf Kitchen Equipment Inc.", "en", "JPY", ["11 Ichibancho, Aoba-ku",
                                                                         "Sendai 980-0811, Japan"],
             registration_number("390417265518"), "en_ledger", EN_LEDGER, items("""
                 CK-9001 | Chef knife 24 cm | 12800 | 10
                 CK-9040 | Cutting board, HACCP green | 6400 | 10
                 CK-9122 | Stock pot 30 L | 18600 | 10"""),
             invoice_number="CKE{yy}-{n:04d}", quote_number="CKQ{yy}-{n:03d}", rounding="half_up"),
]

HELDOUT_SUPPLIERS = [
    DemoSupplier("V-2101", "株式会社たちばな食品", "ja", "JPY",
             ["〒650-0024 兵庫県神戸市中央区海岸通3-1-9", "TEL 078-555-0312"],
             registration_number("616203948817"), "ja_reiwa", {"date": "reiwa"}, items("""
                 TF-01 | 国産小麦粉 25kg | 6980 | 8
                 TF-02 | 上白糖 20kg | 5460 | 8
                 TF-05 | 粉末だし 1kg | 2150 | 8
                 TF-08 | 冷凍むきえび 1kg | 3280 | 8
                 TF-11 | 乾燥わかめ 500g | 1890 | 8
                 TF-14 | 米油 16.5kg | 7480 | 8
                 TF-20 | 業務用ラップ 45cm | 1320 | 10
                 TF-21 | 保冷剤 (50個) | 2640 | 10
                 TF-23 | 食品用アルコール 5L | 4950 | 10
                 TF-30 | ごま油 1650g | 1780 | 8
                 TF-31 | 本みりん 1.8L | 980 | 8
                 TF-32 | 紙ナプキン (5000枚) | 2860 | 10"""),
             invoice_number="{yy}{mm}{n:04d}", quote_number="{yy}{mm}9{n:03d}"),
    DemoSupplier("V-2102", "丸光工業株式会社", "ja", "JPY",
             ["〒231-0002 神奈川県横浜市中区海岸通5-25", "TEL 045-555-0877"],
             registration_number("208811504362"), "ja_grid", {"date": "dots", "money": "suffix"}, items("""
                 MK-1042 | ステンレス六角ボルト M8×30 (100本) | 3400 | 10
                 MK-1050 | ナイロンナット M8 (100個) | 1250 | 10
                 MK-2210 | コンベアベルト 300mm幅 | 48500 | 10
                 MK-2230 | ベアリング 6204ZZ | 820 | 10
                 MK-3001 | 食品機械用グリース 400g | 2980 | 10
                 MK-3105 | Oリング NBR 各種セット | 5600 | 10
                 MK-4020 | 点検作業費 (1時間) | 8800 | 10
                 MK-4100 | 出張費 | 15000 | 10
                 MK-5012 | エアフィルター エレメント | 6700 | 10
                 MK-5020 | 耐油ホース 15m | 11400 | 10
                 MK-6001 | 非常停止スイッチ | 7300 | 10
                 MK-6020 | センサーケーブル 5m | 3900 | 10
                 MK-7001 | モーター点検キット | 24800 | 10
                 MK-7010 | チェーン RS40 3m | 6150 | 10"""),
             invoice_number="M-{yy}{mm}-{n:04d}", quote_number="MQ-{yy}{mm}-{n:03d}"),
    DemoSupplier("V-2103", "合同会社あおぞらリネン", "ja", "JPY", ["〒210-0007 神奈川県川崎市川崎区駅前本町11-2",
                                                            "TEL 044-555-0460"],
             registration_number("530072118940"), "ja_grid",
             {"date": "slash", "money": "yen", "units": True,
              "bank": "川崎みなみ信用組合 駅前支店 普通 2214870"},
             items("""
                 AL-10 | 白衣レンタル (月額) | 1200 | 10 | 着
                 AL-11 | 前掛けレンタル (月額) | 380 | 10 | 枚
                 AL-20 | 帽子ネット (100枚) | 940 | 10 | 箱
                 AL-30 | クリーニング代 (kg) | 450 | 10 | kg
                 AL-40 | タオル交換 (10枚) | 520 | 10 | 組"""),
             invoice_number="AZ{n:06d}", quote_number="AZQ{n:05d}"),
    DemoSupplier("V-2201", "Pemberton Marine Supplies Ltd.", "en", "JPY", ["Pier 4, 2-1 Daikoku-futo, Tsurumi-ku",
                                                                     "Yokohama 230-0054, Japan"],
             registration_number("114409386207"), "en_stacked", EN_STACKED, items("""
                 PMS-0412 | Stainless steel work table 1800 mm | 58000 | 10
                 PMS-0420 | Wire shelving unit, 4 tier | 21400 | 10
                 PMS-1101 | Cold room thermometer | 3850 | 10
                 PMS-1130 | Door strip curtain kit | 16700 | 10
                 PMS-2005 | Anti-slip floor mat 90x150 | 7200 | 10
                 PMS-2010 | Drain cover, grated 600 mm | 9600 | 10
                 PMS-3300 | Hose reel with 20 m hose | 24900 | 10
                 PMS-3310 | Spray nozzle, heavy duty | 2350 | 10
                 PMS-4400 | Mop bucket with wringer | 8400 | 10
                 PMS-4410 | Squeegee 600 mm | 3100 | 10
                 PMS-5001 | Pallet jack wheel set | 12800 | 10
                 PMS-5010 | Stretch film 500 mm x 300 m | 2180 | 10
                 PMS-6000 | Installation labour (hour) | 7500 | 10
                 PMS-6010 | Delivery and handling | 6000 | 10"""),
             invoice_number="B-{yy}-{n:04d}", quote_number="Q-{yy}-{n:04d}", rounding="half_up"),
    DemoSupplier("V-2202", "Kestrel Safety Equipment Inc.", "en", "USD", ["1450 Harbor Blvd, Suite 300",
                                                                    "Oakland, CA 94607, USA"],
             None, "en_ledger", EN_LEDGER | {"money": "US$"}, items("""
                 KS-110 | Cut-resistant gloves, pair | 14.90 | 0
                 KS-120 | Safety goggles, anti-fog | 9.75 | 0
                 KS-210 | Hearing protection earmuffs | 23.40 | 0
                 KS-330 | First aid kit, 50 person | 86.00 | 0
                 KS-410 | Hi-vis vest, size L | 7.25 | 0
                 KS-505 | Eye wash station refill | 31.60 | 0"""),
             invoice_number="SI/2026/{n:04d}", quote_number="SQ/2026/{n:04d}", rounding="half_up"),
    DemoSupplier("V-2203", "Oakridge Print & Signage K.K.", "en", "JPY", ["3-8-12 Kitasaiwai, Nishi-ku",
                                                                     "Yokohama 220-0004, Japan"],
             registration_number("972650031148"), "en_stacked",
             {"date": "dots", "money": "¥", "number": "Reference", "date_label": "Date",
              "due": "Payment due", "po": "Your order no.", "total": "Amount due", "title": "INVOICE",
              "bank": "Kanagawa Shinkin Bank, Kitasaiwai Branch, 3306117"}, items("""
                 OP-A3L | Laminated A3 hygiene poster | 1650 | 10
                 OP-LBL | Allergen labels, roll of 500 | 2900 | 10
                 OP-SGN | Aluminium floor sign | 14300 | 10
                 OP-BC | Business cards, box of 100 | 2400 | 10
                 OP-FLY | Product flyer A4, 1000 copies | 18500 | 10"""),
             invoice_number="OPS-{yy}{mm}{n:03d}", quote_number="OPQ-{yy}{mm}{n:03d}", rounding="half_up"),
]


# --- building a world ------------------------------------------------------------------------

class _Builder:
    """Makes orders and documents for a list of variants, keeping order totals apart."""

    def __init__(self, rng: random.Random, buyer: Buyer, suppliers: list[DemoSupplier], first_po: int):
        self.rng, self.buyer, self.suppliers = rng, buyer, suppliers
        self.po_counter, self.doc_counter = first_po, rng.randrange(40, 400)
        self.orders: list[PurchaseOrder] = []
        self.day = date(2026, 9, 1)

    def order(self, supplier: DemoSupplier, size: int) -> PurchaseOrder:
        """A new order of `size` lines whose line total no other order of the supplier has."""
        totals = {o.line_total for o in self.orders if o.supplier is supplier}
        while True:
            chosen = self._items(supplier, size)
            lines = [OrderLine(n, item, q, q) for n, item in enumerate(chosen, start=1)
                     for q in [Decimal(self.rng.choice([1, 2, 3, 4, 5, 6, 8, 10, 12, 20]))]]
            self.po_counter += self.rng.randrange(1, 6)
            self.day += timedelta(days=self.rng.randrange(0, 3))
            order = PurchaseOrder(f"PO-2026-{self.po_counter:05d}", supplier, self.day, lines)
            if order.line_total not in totals:
                self.orders.append(order)
                return order

    def _items(self, supplier: DemoSupplier, size: int) -> list[Item]:
        """`size` different catalogue items; both rates when the supplier sells at two."""
        while True:
            chosen = self.rng.sample(supplier.catalogue, min(size, len(supplier.catalogue)))
            rates = {i.tax_rate for i in supplier.catalogue}
            if size < 2 or len({i.tax_rate for i in chosen}) == len(rates):
                return chosen

    def document(self, kind: str, supplier: DemoSupplier, lines: list[Line], po: str | None) -> DemoDocument:
        self.doc_counter += self.rng.randrange(1, 9)
        issue = self.day + timedelta(days=self.rng.randrange(3, 20))
        due = issue + timedelta(days=30) if kind == "quote" else _month_end(issue, 1)
        template = supplier.quote_number if kind == "quote" else supplier.invoice_number
        number = template.format(n=self.doc_counter, yy=issue.strftime("%y"), mm=issue.strftime("%m"))
        return DemoDocument(kind, supplier, self.buyer, number, issue, due, po, lines,
                        supplier.registration_number)

    def build(self, variant: str, supplier: DemoSupplier, size: int) -> DemoDocument:
        if variant == "quote":
            quantities = [Decimal(self.rng.choice([1, 2, 5, 10])) for _ in range(size)]
            lines = [_line(item, q) for item, q in zip(self._items(supplier, size), quantities, strict=False)]
            self.day += timedelta(days=1)
            document = self.document("quote", supplier, lines, None)
            document.variant = variant
            return document
        billed_by = supplier
        if variant == "supplier_mismatch":
            peers = [s for s in self.suppliers if s is not billed_by
                     and (s.currency, s.language) == (billed_by.currency, billed_by.language)]
            supplier = self.rng.choice(peers)
        order = self.order(supplier, size)
        lines = [_line(ln.item, ln.quantity) for ln in order.lines]
        document = self.document("invoice", billed_by, lines, order.number)
        document.variant, document.expected_po = variant, order.number
        self._apply(variant, document, order)
        return document

    def _apply(self, variant: str, document: DemoDocument, order: PurchaseOrder) -> None:
        """Change the order or the document so that exactly the variant's exception arises."""
        line = self.rng.randrange(len(document.lines))
        if variant in ("price_variance", "quantity_variance", "not_received", "supplier_mismatch",
                       "tax_mismatch", "invalid_registration_number", "po_not_found"):
            document.expected_exceptions = [variant]
        if variant == "price_variance":
            price = document.lines[line].unit_price
            cent = CENT[document.currency]
            document.lines[line].unit_price = money(price * Decimal("1.06") + cent, document.currency)
        elif variant == "quantity_variance":
            document.lines[line].quantity += 2
        elif variant == "not_received":
            ordered = order.lines[line].quantity
            order.lines[line].received = ordered - 1 if ordered > 1 else Decimal(0)
        elif variant == "tax_mismatch":
            document.tax_error = Decimal(self.rng.choice([-1, 1]) * self.rng.randrange(2, 40))
        elif variant == "invalid_registration_number":
            number = document.registration_number or ""
            document.registration_number = f"T{(int(number[1]) + 4) % 10}{number[2:]}"
        elif variant == "po_not_found":
            document.po_number = order.number[:-3] + "9" + order.number[-2:]
            document.expected_po = None
        elif variant == "no_po_reference":
            document.po_number = None


def _line(item: Item, quantity: Decimal) -> Line:
    return Line(item.description, quantity, item.price, item.tax_rate, item.sku, item.unit)


def _month_end(day: date, months_ahead: int) -> date:
    """The last day of the month `months_ahead` after day's month."""
    month = day.month + months_ahead
    first_after = date(day.year + (month // 12), month % 12 + 1, 1)
    return first_after - timedelta(days=1)


def duplicate_of(original: DemoDocument) -> DemoDocument:
    """The same invoice sent again: it keeps the original's order and is only a duplicate."""
    return replace(original, variant="duplicate", expected_exceptions=["duplicate"])


def build_world(buyer: Buyer, suppliers: list[DemoSupplier], plan: list[tuple[str, DemoSupplier, int]],
                seed: int, first_po: int, open_orders: int = 2) -> World:
    """Orders and documents for a plan of (variant, supplier, number of lines), in upload order.

    A "duplicate" re-sends an earlier clean invoice. A few open orders nobody has invoiced
    yet are added, so that matching by amount has something to refuse."""
    builder = _Builder(random.Random(seed), buyer, suppliers, first_po)
    documents: list[DemoDocument] = []
    for variant, supplier, size in plan:
        if variant == "duplicate":
            originals = [d for d in documents if d.variant == "clean"]
            documents.append(duplicate_of(builder.rng.choice(originals)))
        else:
            documents.append(builder.build(variant, supplier, size))
    for supplier in builder.rng.sample(suppliers, min(open_orders, len(suppliers))):
        builder.order(supplier, builder.rng.randrange(1, 4))
    return World(buyer, suppliers, builder.orders, documents)


DEMO_PLAN = [("clean", 3, 3), ("clean", 0, 3), ("price_variance", 1, 2), ("not_received", 2, 3),
             ("no_po_reference", 0, 2), ("quote", 3, 2)]


def demo_world() -> World:
    """The demo: four suppliers, eight orders, six documents with a few exceptions among them."""
    plan = [(variant, DEMO_SUPPLIERS[s], size) for variant, s, size in DEMO_PLAN]
    return build_world(AOBA, DEMO_SUPPLIERS, plan, seed=2026, first_po=2100, open_orders=3)


# Exceptions first, so that a small corpus still has most of them; "clean" fills the rest.
HELDOUT_VARIANTS = ["clean", "clean", "quote", "price_variance", "no_po_reference", "not_received",
                    "tax_mismatch", "invalid_registration_number", "quote", "po_not_found",
                    "quantity_variance", "supplier_mismatch", "no_po_reference", "quote"]
LONG = {"V-2201", "V-2102"}  # their first clean invoice runs over two pages


def heldout_plan(count: int, seed: int) -> list[tuple[str, DemoSupplier, int]]:
    """`count` (variant, supplier, lines) for the held-out corpus, duplicates last."""
    rng = random.Random(seed)
    duplicates = count // 12 if count >= 4 else 0
    variants = (HELDOUT_VARIANTS + ["clean"] * count)[:count - duplicates]
    by_code = {s.code: s for s in HELDOUT_SUPPLIERS}
    plan, used = [], {s.code: 0 for s in HELDOUT_SUPPLIERS}
    for i, variant in enumerate(variants):
        if i < 2:
            supplier = by_code[sorted(LONG)[i]]
        else:
            fits = [s for s in HELDOUT_SUPPLIERS if _can_show(variant, s)]
            least = min(used[s.code] for s in fits)
            supplier = rng.choice([s for s in fits if used[s.code] == least])
        used[supplier.code] += 1
        size = len(supplier.catalogue) if i < 2 else rng.randrange(1, 6)
        plan.append((variant, supplier, size))
    rng.shuffle(plan)
    return plan + [("duplicate", HELDOUT_SUPPLIERS[0], 0)] * duplicates


def _can_show(variant: str, supplier: DemoSupplier) -> bool:
    """Whether the supplier can carry the variant (a T-number, yen tax, a look-alike peer)."""
    if variant in ("tax_mismatch", "invalid_registration_number", "supplier_mismatch"):
        return supplier.registration_number is not None and supplier.currency == "JPY"
    return True


def heldout_world(count: int = 24, seed: int = 7) -> World:
    """A world unlike the dev corpus's: other suppliers, their own numbering and wording."""
    return build_world(KANAGAWA, HELDOUT_SUPPLIERS, heldout_plan(count, seed), seed=seed, first_po=2600)


# --- writing it down ------------------------------------------------------------------------

# What makes a document's file, (extension, bytes, format): see write_corpus_files.
FileFor = Callable[[DemoDocument, dict, Counter, random.Random], tuple[str, bytes, str]]


def prepare_corpus(outdir: Path, world: World) -> None:
    """A corpus's folders (documents/, truth/, master/) under outdir, and its master data's CSV files."""
    for folder in ("documents", "truth", "master"):
        (outdir / folder).mkdir(parents=True, exist_ok=True)
    for name, text in master_csv(world).items():
        (outdir / "master" / name).write_text(text, encoding="utf-8")


def write_corpus_files(outdir: Path, world: World, rng: random.Random, file_for: FileFor) -> list[dict]:
    """The world as a corpus under outdir: its folders and master files; each document's file, as
    `file_for` makes it, under a number drawn from `rng` (the upload order), with its truth
    beside; and manifest.txt, the files in that order. Returns the truths, in that order.

    `file_for` takes the document, the files sent so far by (supplier code, number) and how often
    each format was used (both for it to keep up), and the rng."""
    prepare_corpus(outdir, world)
    numbers = rng.sample(range(1, len(world.documents) + 1), len(world.documents))
    used: Counter = Counter()
    sent: dict[tuple[str, str], tuple[str, bytes, str]] = {}
    manifest, truths = [], []
    for number, document in zip(numbers, world.documents, strict=True):
        ext, data, fmt = file_for(document, sent, used, rng)
        file = f"doc-{number:03d}.{ext}"
        (outdir / "documents" / file).write_bytes(data)
        record = truth(document, file, fmt)
        (outdir / "truth" / f"doc-{number:03d}.json").write_text(
            json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        manifest.append(file)
        truths.append(record)
    (outdir / "manifest.txt").write_text("\n".join(manifest) + "\n", encoding="utf-8")
    return truths


def master_csv(world: World) -> dict[str, str]:
    """The ERP's three exports as text, keyed by file name."""
    def table(header: list[str], rows: list[list]) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        return out.getvalue()

    suppliers = [[s.code, s.name, s.registration_number or "", s.currency, s.address_line]
                 for s in world.suppliers]
    orders, receipts = [], []
    for o in world.orders:
        for ln in o.lines:
            orders.append([o.number, o.supplier.code, o.order_date.isoformat(), o.supplier.currency,
                           ln.line_no, ln.item.sku, ln.item.description, ln.quantity, ln.item.price,
                           ln.item.tax_rate])
            if ln.received:
                received_on = o.order_date + timedelta(days=4)
                receipts.append([o.number, ln.line_no, ln.received, received_on.isoformat()])
    return {
        "suppliers.csv": table(["supplier_code", "name", "registration_number", "currency", "address"],
                               suppliers),
        "purchase_orders.csv": table(["po_number", "supplier_code", "order_date", "currency", "line_no",
                                      "sku", "description", "quantity", "unit_price", "tax_rate"], orders),
        "receipts.csv": table(["po_number", "line_no", "quantity_received", "received_date"], receipts),
    }


def truth(document: DemoDocument, file: str, fmt: str) -> dict:
    """What is on the document and the match expected, in the corpus truth shape."""
    def text(value: Decimal) -> str:
        return str(value)

    return {
        "file": file,
        "doc_type": document.kind,
        "language": document.supplier.language,
        "supplier_code": document.supplier.code,
        "supplier_name": document.supplier.name,
        "registration_number": document.registration_number,
        "document_number": document.number,
        "issue_date": document.issue_date.isoformat(),
        "due_date": document.due_date.isoformat(),
        "po_number": document.po_number,
        "currency": document.currency,
        "subtotal": text(document.subtotal),
        "tax_total": text(document.tax_total),
        "total": text(document.total),
        "tax_breakdown": [{"rate": text(r.rate), "taxable": text(r.taxable), "tax": text(r.tax)}
                          for r in document.tax_rows],
        "lines": [{"description": ln.description, "quantity": text(ln.quantity),
                   "unit_price": text(ln.unit_price), "amount": text(document.amount(ln)),
                   "tax_rate": text(ln.tax_rate)} for ln in document.lines],
        "expected": {"matched_po": document.expected_po, "exceptions": sorted(document.expected_exceptions)},
        "variant": document.variant,
        "format": fmt,
        "layout": document.supplier.layout,
    }
