"""Random suppliers: a name, an address, a catalogue, numbering, tax rounding, payment terms
and a house style each, as `samples.world.DemoSupplier`s."""
from __future__ import annotations

import random
from decimal import Decimal

from samples.randomiser import goods
from samples.randomiser.style import Deck, draw_house
from samples.world import DemoSupplier, Item, registration_number

# Where suppliers come from, dealt in rounds: Japanese, Japan-based English, American, European.
ORIGINS = ("ja", "ja", "ja", "ja", "ja", "en", "en", "en", "en", "us", "eu", "eu")
EUROPE = ("de", "fr", "nl", "es")
INVOICE_NUMBERS = {
    "ja": ["{yy}{mm}-{n:04d}", "No.{n:06d}", "{n:07d}", "S{yy}{mm}{n:03d}", "{yy}-{n:05d}"],
    "en": ["INV-{n:05d}", "{yy}-{n:04d}", "IN{yy}{mm}/{n:03d}", "B{n:06d}"],
    "us": ["{n:06d}", "INV{yy}{n:04d}", "US-{n:05d}"],
    "de": ["RE-20{yy}-{n:05d}", "R{yy}{mm}{n:04d}"], "fr": ["F{yy}{mm}-{n:04d}", "FA{n:06d}"],
    "nl": ["{yy}{n:05d}", "F20{yy}-{n:04d}"], "es": ["A/{yy}/{n:04d}", "FV-20{yy}-{n:04d}"],
}
QUOTE_PREFIX = {"ja": "M", "en": "Q", "us": "EST", "de": "AN", "fr": "DEV", "nl": "OF", "es": "P"}
WIDE = 20  # a catalogue this long can fill a table over two pages
TERMS = ("month_end_next", "month_end_after", "net30", "day20_next")


def make_suppliers(rng: random.Random, deck: Deck, count: int) -> list[DemoSupplier]:
    """`count` suppliers with different codes and names that differ beyond their legal forms."""
    prefix, first = rng.choice(["RS", "VN", "KR", "AP", "SP"]), rng.randrange(100, 900, 100)
    suppliers, names = [], set()
    while len(suppliers) < count:
        origin = deck.deal("origin", ORIGINS)
        origin = deck.deal("europe", EUROPE) if origin == "eu" else origin
        wide = sum(len(s.catalogue) >= WIDE for s in suppliers) < 2  # some long tables need them
        supplier = make_supplier(rng, deck, origin, f"{prefix}-{first + len(suppliers) + 1}", wide)
        if _core(supplier.name) not in names:
            names.add(_core(supplier.name))
            suppliers.append(supplier)
    return suppliers


def make_supplier(rng: random.Random, deck: Deck, origin: str, code: str, wide: bool = False) -> DemoSupplier:
    """One supplier from `origin` (ja, en, us, de, fr, nl, es); a `wide` one trades in two lines."""
    language = "en" if origin == "us" else origin
    currency = {"ja": "JPY", "en": "JPY", "us": "USD"}.get(origin, "EUR")
    trades, name = _name(rng, origin, wide or rng.random() < 0.3)
    catalogue = _catalogue(rng, origin, trades)
    rates = {item.tax_rate for item in catalogue}
    house = draw_house(rng, deck, language, currency, rates)
    registered = currency == "JPY" and rng.random() < 0.92
    number = registration_number("".join(rng.choice("0123456789") for _ in range(12))) if registered else None
    style = {"house": house, "terms": rng.choice(TERMS), "quote_days": rng.choice([14, 30, 30, 60, 90]),
             "vat_id": _vat_id(rng, origin), "bank": _bank(rng, origin), "origin": origin,
             "contact": rng.choice(goods.CONTACTS[language]), "customer_no": f"{rng.randrange(1000, 99999)}"}
    quote_prefix = QUOTE_PREFIX[origin]
    return DemoSupplier(code, name, language, currency, _address(rng, origin), number, house.name, style, catalogue,
                    invoice_number=rng.choice(INVOICE_NUMBERS[origin]),
                    quote_number=quote_prefix + rng.choice(["{yy}{mm}-{n:03d}", "-{n:05d}", "{n:06d}"]),
                    rounding=rng.choice(["down", "down", "half_up", "up"]) if currency == "JPY" else "half_up")


def _core(name: str) -> str:
    """A name without its legal form, as the portal compares names."""
    for form in goods.LEGAL_FORMS:
        name = name.replace(form, " ")
    return " ".join(name.casefold().split())


def _name(rng: random.Random, origin: str, wide: bool) -> tuple[list[str], str]:
    """The trades the supplier is in (two when `wide`) and its name."""
    if origin in goods.EU_NAMES:
        surnames, trade_names, forms = goods.EU_NAMES[origin]
        trades = rng.sample(sorted(trade_names), 2 if wide else 1)
        name = rng.choice(trade_names[trades[0]])
        return trades, rng.choice(forms).format(name=rng.choice(surnames), trade=name)
    if origin == "us":
        return ["safety"], rng.choice(goods.EN_FORMS_US).format(f"{rng.choice(goods.EN_STEMS)} Safety Supply")
    trade_names = goods.JA_TRADES if origin == "ja" else goods.EN_TRADES
    trades = rng.sample(sorted(trade_names), 2 if wide else 1)
    if origin == "ja":
        stem = rng.choice(goods.JA_STEMS) + rng.choice(trade_names[trades[0]])
        return trades, rng.choice(goods.JA_FORMS).format(stem)
    stem = f"{rng.choice(goods.EN_STEMS)} {rng.choice(trade_names[trades[0]])}"
    return trades, rng.choice(goods.EN_FORMS_JP).format(stem)


def _catalogue(rng: random.Random, origin: str, trades: list[str]) -> list[Item]:
    """Items from the supplier's trades, one per product size, with SKUs in its own scheme."""
    export = origin in goods.EU_GOODS and rng.random() < 0.6  # shipped out of the EU: no VAT
    sku = rng.choice(["{p}-{n:03d}", "{p}{n:04d}", "{n:05d}", "{p}-{n}"])
    letters = "".join(rng.choice("ABCDEFGHKLMNPRSTW") for _ in range(rng.choice([2, 3])))
    items, n = [], rng.randrange(10, 500)
    for trade in trades:
        for name, sizes, (low, high), kind, unit in goods.rows(_table(origin, trade)):
            for k, size in enumerate(sizes):
                n += rng.randrange(1, 4)
                share = (k + rng.random()) / len(sizes)
                price = _price(low + (high - low) * share, origin)
                separator = " " if origin == "ja" else ", " if rng.random() < 0.4 else " "
                description = name if len(sizes) == 1 and rng.random() < 0.4 else f"{name}{separator}{size}"
                items.append(Item(sku.format(p=letters, n=n), description, price,
                                  _rate(origin, kind, export), unit))
    return items


def _table(origin: str, trade: str) -> str:
    if origin in goods.EU_GOODS:
        return goods.EU_GOODS[origin][trade]
    if origin == "us":
        return goods.US_GOODS
    return (goods.JA_GOODS if origin == "ja" else goods.EN_GOODS)[trade]


def _price(value: float, origin: str) -> Decimal:
    """A shop price: yen to the ten or hundred, euros and dollars to the ten cents."""
    if origin in ("ja", "en"):
        step = 10 if value < 2000 else 100
        return Decimal(int(value) // step * step)
    return (Decimal(int(value)) / 100).quantize(Decimal("0.1")).quantize(Decimal("0.01"))


def _rate(origin: str, kind: str, export: bool) -> Decimal:
    if origin in ("ja", "en"):
        return Decimal(8 if kind == "reduced" else 10)
    if origin == "us" or export:
        return Decimal(0)
    standard, reduced = goods.LOCAL_RATES[origin]
    return Decimal(reduced if kind == "reduced" else standard)


def _address(rng: random.Random, origin: str) -> list[str]:
    a, b, c = rng.randrange(1, 9), rng.randrange(1, 30), rng.randrange(1, 20)
    phone = f"{rng.randrange(100, 999)}-{rng.randrange(1000, 9999)}"
    if origin == "ja":
        return [rng.choice(goods.JA_PLACES).format(a=a, b=b, c=c), f"TEL 0{rng.randrange(11, 99)}-{phone}"]
    places = {"en": goods.EN_PLACES_JP, "us": goods.US_PLACES}.get(origin) or goods.EU_PLACES[origin]
    lines = rng.choice(places).format(a=a, b=b, c=c).split(" / ")
    country = {"en": "+81 3", "us": "+1 503", "de": "+49 711", "fr": "+33 4", "nl": "+31 10", "es": "+34 91"}
    return [*lines, f"Tel. {country[origin]} {phone}"]


def _vat_id(rng: random.Random, origin: str) -> str | None:
    if origin not in goods.VAT_PREFIX:
        return None
    digits = "".join(rng.choice("0123456789") for _ in range(9))
    return {"nl": f"NL{digits}B01", "es": f"ESB{digits[:8]}"}.get(origin, f"{goods.VAT_PREFIX[origin]}{digits}")


def _bank(rng: random.Random, origin: str) -> str:
    account = f"{rng.randrange(1000000, 9999999)}"
    if origin == "ja":
        return f"{rng.choice(goods.JA_BANKS)} {rng.choice(['本店', '駅前支店', '中央支店'])} 普通 {account}"
    if origin in goods.EU_BANKS:
        country, bank = goods.EU_BANKS[origin]
        groups = " ".join(f"{rng.randrange(1000, 9999)}" for _ in range(4))
        return f"{bank}, IBAN {country}{rng.randrange(10, 99)} {groups} {rng.randrange(10, 99)}"
    return f"{rng.choice(goods.EN_BANKS)}, account {account}"
