"""Parsers for the values printed on invoices and quotes: dates, money, rates and currencies.

Everything here takes one piece of printed text (as OCR read it) and returns a `date`,
a `Decimal` or a currency code, or None when the text is not such a value. Amounts are
never floats. OCR confusions (O for 0, l for 1, S for 5 ...) are undone only in a
numeric context, i.e. when the text is already mostly digits.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, timedelta
from decimal import Decimal

# Japanese eras: first year of each era in the Gregorian calendar.
_ERAS = {"令和": 2019, "平成": 1989, "昭和": 1926, "R": 2019, "H": 1989, "S": 1926}

# Month names of the languages suppliers write in, accents dropped; an abbreviation is
# any start of at least three letters that names one month only ('okt', 'déc', 'Sept').
_MONTH_NAMES = (
    ("january", "januar", "janvier", "januari", "enero", "gennaio"),
    ("february", "februar", "fevrier", "februari", "febrero", "febbraio"),
    ("march", "marz", "maerz", "mars", "maart", "mrt", "marzo"),
    ("april", "avril", "abril", "aprile"),
    ("may", "mai", "mei", "mayo", "maggio"),
    ("june", "juni", "juin", "junio", "giugno"),
    ("july", "juli", "juillet", "julio", "luglio"),
    ("august", "aout", "augustus", "agosto"),
    ("september", "septembre", "septiembre", "setiembre", "settembre"),
    ("october", "oktober", "octobre", "octubre", "ottobre"),
    ("november", "novembre", "noviembre"),
    ("december", "dezember", "decembre", "diciembre", "dicembre"),
)


def without_accents(text: str) -> str:
    """'Numéro' -> 'Numero', 'Fällig' -> 'Fallig', 'REÇU' -> 'RECU', 'Płatność' -> 'Platnosc': OCR and
    typists drop accents, and strokes through letters; kana keep their marks."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text.translate(_STROKED))
    bare = "".join(ch for ch in decomposed if ord(ch) >= 0x3000 or not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare)


# Letters Unicode does not decompose into a letter and a mark: with a stroke, the Turkish dotless
# i, the Icelandic eth and thorn, the ash ('Açıklama', 'Upphæð' as typed without them).
_STROKED = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ð": "d", "Ð": "D",
                          "þ": "th", "Þ": "Th", "æ": "ae", "Æ": "Ae"})


def month_number(word: str) -> int | None:
    """1-12 for a month's name or abbreviation in English, German, French, Dutch, Spanish or Italian,
    or for a name with one letter misread or a three-letter abbreviation with its first, where it
    names one month only."""
    w = without_accents(word.casefold().rstrip("."))
    if len(w) < 3:
        return None
    found = {n for n, names in enumerate(_MONTH_NAMES, start=1) for name in names if name.startswith(w)}
    if not found:
        # A name with one letter misread ('aodt' for août; of a name of three, its last: 'mal' for
        # mai), or of a three-letter abbreviation, its first ('Tan' for Jan, a fax's J read as T).
        found = {n for n, names in enumerate(_MONTH_NAMES, start=1) for name in names
                 if len(name) == len(w) and (len(w) >= 4 or name[:2] == w[:2])
                 and sum(a != b for a, b in zip(name, w, strict=True)) == 1
                 or len(w) == 3 < len(name) and name[1:3] == w[1:]}
    return found.pop() if len(found) == 1 else None


# Characters OCR confuses with digits, and the digit they stand for in a number.
DIGIT_LOOKALIKES = {
    "O": "0",
    "o": "0",
    "D": "0",
    "Q": "0",
    "U": "0",
    "l": "1",
    "I": "1",
    "|": "1",
    "i": "1",
    "!": "1",
    "L": "1",
    "S": "5",
    "s": "5",
    "B": "8",
    "Z": "2",
    "z": "2",
    "G": "6",
    "b": "6",
    "g": "9",
    "q": "9",
}
_DIGIT_LOOKALIKES = str.maketrans(DIGIT_LOOKALIKES)

_CURRENCY_CODES = (
    "JPY",
    "USD",
    "EUR",
    "GBP",
    "CNY",
    "RMB",
    "KRW",
    "AUD",
    "CAD",
    "CHF",
    "HKD",
    "SGD",
    "NZD",
    "TWD",
    "THB",
    "INR",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "CZK",
    "HUF",
    "MXN",
    "BRL",
    "PHP",
    "MYR",
    "IDR",
    "VND",
    "ZAR",
    "AED",
    "RON",
    "TRY",
    "ISK",
    "CRC",
    "GTQ",
    "DOP",
    "PYG",
    "HNL",
    "NIO",
    "PKR",
    "LKR",
    "BDT",
)
# Codes that are also words ('MAD', 'COP'): a currency only as printed, in capitals.
_CODES_IN_CAPITALS = ("KES", "MAD", "CLP", "ARS", "COP", "UYU", "NGN", "GHS", "EGP", "TND", "SAR", "QAR",
                      "ILS", "UAH", "BGN", "RSD", "KZT", "PEN", "BOB", "GEL", "CUP", "BHD", "KWD", "OMR",
                      "JOD", "TZS", "UGX", "UZS", "RWF", "ETB", "ZMW")
_CURRENCY_SIGNS = [
    ("US$", "USD"),
    ("USD$", "USD"),
    ("A$", "AUD"),
    ("AU$", "AUD"),
    ("C$", "CAD"),
    ("CA$", "CAD"),
    ("HK$", "HKD"),
    ("S$", "SGD"),
    ("NZ$", "NZD"),
    ("NT$", "TWD"),
    ("¥", "JPY"),
    ("円", "JPY"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("₩", "KRW"),
    ("₹", "INR"),
    ("฿", "THB"),
    ("₱", "PHP"),
    ("R$", "BRL"),
    ("zł", "PLN"),
    ("Kč", "CZK"),
    ("₺", "TRY"),
    ("TL", "TRY"),
    ("元", "CNY"),
    ("KSh", "KES"),
    ("Ksh", "KES"),
    ("₫", "VND"),
    ("₦", "NGN"),
    ("₴", "UAH"),
    ("₪", "ILS"),
    ("lei", "RON"),
    ("Ft", "HUF"),
    ("DH", "MAD"),
    ("₡", "CRC"),
    ("S/", "PEN"),
    ("₲", "PYG"),
    ("Rp", "IDR"),
    ("$", "USD"),
]
# also a kanji of common words (発行元, 送付元), or letters of them: a currency only beside a figure
_SIGNS_IN_WORDS = {"元", "zł", "Kč", "TL", "Ksh", "lei", "Ft", "DH", "S/", "Rp"}
_CURRENCY_WORDS = {"yen": "JPY", "dollars": "USD", "euro": "EUR", "euros": "EUR", "rmb": "CNY", "ringgit": "MYR",
                   "baht": "THB", "rupiah": "IDR", "forint": "HUF", "korun": "CZK", "koruna": "CZK", "lira": "TRY",
                   "bahraini dinars?": "BHD", "kuwaiti dinars?": "KWD", "omani rials?": "OMR",
                   "jordanian dinars?": "JOD"}
# The ringgit's sign, a word of capitals of its own ('Unit Price (RM)', 'RM 9,950.80').
_RINGGIT = re.compile(r"(?<![A-Za-z])RM(?![A-Za-z])")

# Currencies whose amounts are printed without minor units.
ZERO_DECIMAL_CURRENCIES = frozenset({"JPY", "KRW", "TWD", "ISK", "CLP", "VND", "IDR", "PYG", "UGX", "RWF"})
# the currencies printed with a bare '$'
DOLLARS = frozenset({"USD", "AUD", "CAD", "NZD", "SGD", "HKD", "TWD", "MXN", "ARS", "CLP", "COP"})


# A European VAT number opens with its country's code ('VAT Reg No. GB 371 2290 4', 'USt-IdNr.
# DE287654321', 'NO 912 345 678 MVA'); where no amount is marked, that country's money is the invoice's.
_VAT_NUMBER = re.compile(
    r"(?<![A-Za-z])(AT|BE|BG|CY|CZ|DE|DK|EE|EL|ES|FI|FR|GB|HR|HU|IE|IT|LT|LU|LV|MT|NL|NO|PL|PT|RO|SE|SI|SK)"
    r"\s?U?\d[\d .]{6,14}")
_VAT_WORDS = re.compile(r"(?<![A-Z])(VAT|USt|UID|TVA|BTW|IVA|MVA|MwSt|NIF|CIF|Moms|ALV|DI[CČ]|NIP|CUI)(?![a-z])", re.I)
_MONEY_OF_COUNTRY = {"GB": "GBP", "NO": "NOK", "SE": "SEK", "DK": "DKK", "PL": "PLN", "CZ": "CZK", "HU": "HUF",
                     "RO": "RON", "BG": "BGN"}


def currency_of_vat_number(text: str) -> str | None:
    """The currency of the country a VAT number printed in text beside its caption belongs to."""
    s = normalise(text)
    found = _VAT_NUMBER.search(s) if _VAT_WORDS.search(s) else None
    return _MONEY_OF_COUNTRY.get(found.group(1), "EUR") if found else None


def normalise(text: str) -> str:
    """NFKC (full-width digits and ￥ become half-width) with the many dashes made '-'."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[‐‑‒–—―−－]", "-", text)


def _date_or_none(year: int, month: int, day: int) -> date | None:
    if not 1000 <= year < 3000:
        # no year: a reference's groups ('SN-26-11-0458' is no 26 November 458, 'R26-10-3318' none
        # of 3318); a year OCR misread ('2116') is mended by the other dates
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _full_year(year: int) -> int:
    return year + 2000 if year < 100 else year


def _digits(text: str) -> str:
    """Undo digit look-alikes inside a token that is meant to be a number."""
    return text.translate(_DIGIT_LOOKALIKES)


_ERA_DATE = re.compile(  # (a day after a mark runs into no further figure: 'R8-09-027' is a number; after
    # 月 it may, its 日 read as one: '令和9年3月108')
    r"(令和|平成|昭和|[RHS])\s*\.?\s*(元|\d{1,2})\s*[年.\-/]\s*(\d{1,2})\s*(?:月\s*(\d{1,2})|[.\-/]\s*(\d{1,2})(?!\d))\s*日?"
)
_KANJI_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?")
# Payment 'at the end of the month': 2026年11月末日, 令和8年11月末, R08.11.末日.
# (末 as OCR misreads it, a kanji of like strokes before 日: '3月未日', '3月字日'; 月 as another
# kanji before 末: '11朋末日')
_MONTH_END = re.compile(
    r"(令和|平成|[RH])?\s*\.?\s*(元|\d{1,4})\s*[年.\-/]\s*(\d{1,2})\s*(?:[月.\-/]|[\u4e00-\u9fff](?=\s*末))?\s*"
    r"(?:末\s*日?|[未字来宋米朱本束]\s*日)")
# An abbreviated era year whose digits OCR took for letters: 'ROB.10.31', 'RQ8.10.31' (R08).
_ERA_LOOKALIKES = re.compile(r"(?<![A-Za-z])([RH])\s*([0-9ODBQ][0-9ODBSl])(?=\s*[.\-/年]\s*\d)")
# (a hyphen and a stop look alike on a fax: '2026-12.20' is one date; a slash is no stop's look-alike)
_YMD = re.compile(r"(?<!\d)(\d{4})\s*(?:(/)|[-.])\s*(\d{1,2})\s*(?(2)/|[-.])\s*(\d{1,2})(?!\d)")
_DMY = re.compile(r"(?<!\d)(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})(?![\d])")
_MONTH_NAME = r"([^\W\d_]{3,12}\.?)"
# (the comma after its day read as a stop on a fax: 'Oct 28. 2026')
_MDY_NAME = re.compile(_MONTH_NAME + r"\s*[-/ ]?\s*(\d{1,2})(?:st|nd|rd|th)?\s*[,.]?\s*[-/ ]?\s*(\d{4})", re.I)
# (a German day's point may be read as a comma: '14, Februar 2027')
_DMY_NAME = re.compile(
    r"(?<!\d)(\d{1,2})(?:st|nd|rd|th|er)?\s*[.,]?\s*[-/ ]?\s*(?:de\s+)?" + _MONTH_NAME
    + r"\s*,?\s*[-/ .]?\s*(?:de\s+)?(\d{4}|\d{2}(?!\d))", re.I  # ('05-Jan-26': its year in two figures)
)


def _repair_date_digits(text: str) -> str:
    """Within runs that look like dates, read O as 0 and l/I/!/| as 1; not a month's first letter
    run into the day ('31Dec2026')."""
    return re.sub(
        r"(?<=[0-9])[OoD](?![a-z]{2})|(?<=[0-9])[lI|!](?=[0-9]|\b|[/.\-])|"
        r"(?<=[\s/.\-])[OoD](?=[0-9])|(?<=[\s/.\-])[lI|!](?=[0-9])",
        lambda m: _digits(m.group()),
        text,
    )


def _digits_together(text: str) -> str:
    """A kanji date's year, month or day whose full-width digits OCR set apart ('令和8年1 1月13日',
    '2 0 2 6 年1 1 月 30 日')."""
    text = re.sub(r"(?<!\d)(?<!\d )(\d) (\d) (\d) (\d)(?=\s*年)", r"\1\2\3\4", text)
    return re.sub(r"(?<=[年月])(\s*)(\d)\s+(\d)(?=\s*[月日])", r"\1\2\3", text)


_KANJI_NUMERALS = "〇一二三四五六七八九"


_DIGIT_GLYPHS = str.maketrans({"了": "7"})  # a figure Japanese OCR reads as the kana or kanji it looks like


def _glyphs_as_digits(text: str) -> str:
    """A date's month or day OCR read as the kana it looks like ('令和8年了月22日': 了 for 7)."""
    return re.sub(r"(?<=[年月])\s*[了](?=\s*\d?\s*[月日])", lambda m: m.group().translate(_DIGIT_GLYPHS), text)


def _kanji_numerals(text: str) -> str:
    """A date's year, month and day written in kanji numerals, as formal documents print them
    ('令和八年十月十七日', '二〇二六年十一月二十四日'): in figures. Only a numeral run before 年, 月
    or 日 is read; the spaces OCR puts between kanji go first ('令 和 八 年')."""
    text = re.sub(r"(?<=[\u3005-\u9fff])\s+(?=[\u3005-\u9fff])", "", text)

    def figures(m: re.Match) -> str:
        run = m.group(1)
        if "十" not in run:
            return "".join(str(_KANJI_NUMERALS.index(c)) for c in run) + m.group(2)
        tens, _, ones = run.partition("十")
        if len(tens) > 1 or len(ones) > 1 or "十" in ones:
            return m.group()
        value = (_KANJI_NUMERALS.index(tens) if tens else 1) * 10 + (_KANJI_NUMERALS.index(ones) if ones else 0)
        return f"{value}{m.group(2)}"

    return re.sub(rf"([{_KANJI_NUMERALS}十]+)([年月日])", figures, text)


_YEAR = r"(?<!\d)(?:19|20)\d\d"  # a year in full, as a kanji date prints it
_MONTH = r"1[0-2]|0?[1-9]"


def _year_mark_misread(text: str) -> str:
    """A kanji date's 年 a fax's OCR read as another kanji ('2026 卸 12 月 23 日', an era's year
    '令和9生2月26日'), where the month's mark follows: 年 again."""
    year = rf"{_YEAR}|[和成]\s*(?:\d{{1,2}}|元)"
    return re.sub(rf"({year})\s*[\u4e00-\u9fff](?<![年月日])\s*({_MONTH})\s*月", r"\1年\2月", text)


def _month_mark_misread(text: str) -> str:
    """A kanji date's 月 read as 日 or another kanji where a day and its 日 follow, its 年 read
    anyhow ('2026征11日20日'): 年 and 月 again."""
    day = r"[12]\d|3[01]|0?[1-9]"
    return re.sub(rf"({_YEAR})\s*[\u4e00-\u9fff]\s*({_MONTH})\s*[\u4e00-\u9fff](?<![年月])\s*({day})\s*日",
                  r"\1年\2月\3日", text)


def _month_name_marked(text: str) -> str:
    """A month's name whose last letter OCR read as a mark ('23 januarl| 2027', '22 februar! 2027'):
    the name without the mark, where the name alone names a month."""
    return re.sub(r"([^\W\d_]{3,})[|!](?=\s*\d)", lambda m: m.group(1) if month_number(m.group(1)) else m.group(),
                  text)


def _slash_read_as_a_figure(text: str) -> str:
    """A year-first date whose second slash OCR read as the 7 or 1 it looks like ('2027/02703'
    for 2027/02/03), its month and day two figures each: the slash again (not in a reference:
    'PO-2026/11117')."""
    return re.sub(r"(?<![\w/-])((?:19|20)\d\d)/(0[1-9]|1[0-2])[17](0[1-9]|[12]\d|3[01])(?!\d)", r"\1/\2/\3", text)


def _month_read_apart(text: str) -> str:
    """A kanji date whose month OCR read apart from it, set back after its 月 ('令和9年月2月20日':
    the 2月 read as a word of its own inside the date's box): the month in its place."""
    return re.sub(rf"年\s*月\s*({_MONTH})\s*月(?=\s*\d)", r"年\1月", text)


def _marks_read_twice(text: str) -> str:
    """A date's kanji read twice ('7 月 月 31 日'): once."""
    return re.sub(r"([年月日])(?:\s*\1)+", r"\1", text)


def _points_read_as_commas(text: str) -> str:
    """A dotted date whose points OCR read as commas ('30,09,2026', '2026,10,17'): no amount
    groups its digits two and four, or four and two."""
    text = re.sub(r"(?<![\d,.])(\d{1,2}),(\d{2}),(\d{4})(?![\d,]\d)", r"\1.\2.\3", text)
    return re.sub(r"(?<![\d,.])((?:19|20)\d\d),(\d{1,2}),(\d{1,2})(?![\d,]\d)", r"\1.\2.\3", text)


def _de_apart(text: str) -> str:
    """A Spanish date's 'de' that OCR ran into its day, month and year ('20demarzode2027',
    '31de octubrede 2026'); a month that starts with 'de' ('12decembre2026') keeps it."""
    def apart(m: re.Match) -> str:
        day, month, year = m.groups()
        if month_number("de" + month) or not month_number(month):
            return m.group()
        return f"{day} de {month} de {year}"

    return re.sub(r"(?<!\d)(\d{1,2})\s*de\s*([^\W\d_]{3,12}?)\s*(?:de)?\s*(\d{4})", apart, text, flags=re.I)


_DAY_MONTH_YEAR_WORDS = re.compile(  # 'Ngày 20 tháng 10 năm 2026', as OCR reads its accents ('ndm')
    r"ng\w{1,2}y\s*(\d{1,2})\s*th\w{1,2}ng\s*(\d{1,2})\s*n\w{1,2}m\s*(\d{4})", re.I)


def _day_month_year_words(text: str) -> str:
    """A Vietnamese date, each part after its word (day, month, year): the date in figures."""
    return _DAY_MONTH_YEAR_WORDS.sub(lambda m: f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}", text)


def _october(text: str) -> str:
    """October's O read as a zero ('9 0ct 2026', run together as '90ct2026'; '0ktober')."""
    return re.sub(r"0(?=(?:ct|kt)(?:ober|obre|\.)?(?:\s|\d|,|$))", "O", text, flags=re.I)


def _repair_era(text: str) -> str:
    """令和 with its first character misread (信和, 今和, 合和), or both ('谷箇8年11月8日': two kanji
    before an era year and its month): no invoice is dated in 昭和 or earlier; an abbreviated
    era's year digits read as letters ('ROB.' for R08.); an era written out has no letter of an era
    after it ('令和 S8 年' is 令和8年, a speck read as S, not 昭和8年)."""
    text = re.sub(r"(令和|平成)\s*[RHS](?=\s*\d{1,2}\s*年)", r"\1", text)
    text = _ERA_LOOKALIKES.sub(lambda m: m.group(1) + _digits(m.group(2)), text)
    text = re.sub(r"(?<![\u4e00-\u9fff])(?!平成|昭和)[\u4e00-\u9fff]{2}(?=\s*\d{1,2}\s*年\s*\d{1,2}\s*月)",
                  "令和", text)
    return re.sub(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff](?<!昭)和(?=\s*(?:元|\d{1,2})\s*年)", "令和", text)


# A year of one or two figures before 年, its month and day after: an era's year whose era OCR
# lost or garbled past reading ('fn 8 年 11 月 3 日' for 令和8年11月3日). Below `_ERA_LOST_BELOW`
# it is 令和's (Western years printed in two figures, '26年', are above it until 2039).
_ERA_LOST = re.compile(r"(?<![\d和成元RHS])(?<![和成RHS][.\s])(\d{1,2})(?=\s*年\s*\d{1,2}\s*月\s*\d{1,2})")
_ERA_LOST_BELOW = 20


def _era_lost(text: str) -> str:
    return _ERA_LOST.sub(lambda m: "令和" + m.group(1) if int(m.group(1)) < _ERA_LOST_BELOW else m.group(1), text)


def months_later(day: date, months: int, on: int | None = None) -> date:
    """The date `months` months after `day`, on day `on` of that month (`day`'s own by
    default), or that month's last where it has fewer days."""
    total = day.month - 1 + months
    year, month = day.year + total // 12, total % 12 + 1
    return date(year, month, min(on or day.day, calendar.monthrange(year, month)[1]))


def names_month_end(text: str) -> bool:
    """Whether a date is written as a month's end ('2027年5月末日', 'R08.11.末'): a payment's, no
    day a document is issued."""
    return _MONTH_END.search(normalise(text)) is not None


def _month_end(m: re.Match) -> date | None:
    """The last day of the month a '末日' date names."""
    era, year, month = m.group(1), m.group(2), int(m.group(3))
    if era:
        year_number = _ERAS[era] + (1 if year == "元" else int(year)) - 1
    elif year != "元" and len(year) == 4:
        year_number = int(year)
    else:
        return None
    if not 1 <= month <= 12:
        return None
    return date(year_number + month // 12, month % 12 + 1, 1) - timedelta(days=1)


ERA_YEARS = 64  # the longest era (Shōwa) had 64 years: a larger era year is misread


def _zeros_read_back(year: int, month: int, day: int, top_year: int = 2099) -> tuple[int, int, int]:
    """A date's parts; a part out of range had its 0 read as 9, as faxes print them
    ('2926年19月39日' is 2026年10月30日, 'R98.11.39' is R08.11.30), or as 8 or 6, as a line
    printer's slashed zero reads ('2826/06/38' is 2026/06/30): only such a part is read again."""
    parts = [year, month, day]
    lowest = 1990 if top_year > 1990 else 1  # (a year in full: this century's or the last's end)
    for i, (part, low, top) in enumerate(zip(parts, (lowest, 1, 1), (top_year, 12, 31), strict=True)):
        if part <= top:
            continue
        digits = str(part)
        # One zero misread ('2626' is 2026, not 2020), else every one of its look-alike ('2926年19月39日').
        once = [int(digits[:k] + "0" + digits[k + 1:]) for k, ch in enumerate(digits) if ch in "986"]
        every = [int(digits.replace(look, "0")) for look in "986" if look in digits]
        fits = [fixed for fixed in once + every if low <= fixed <= top]
        if fits or "9" in digits:
            parts[i] = fits[0] if fits else int(digits.replace("9", "0"))
    return parts[0], parts[1], parts[2]


# What a date's text goes through before it is read, in this order.
# A day after its month's name read as a letter: 'Jani, 2027' (Jan 1), 'Mar l5, 2027' (Mar 15).
_DAY_AS_LETTER = re.compile(r"\b([A-Za-z]{3,9}?)(\.?\s?)([il|I!])(\d?)(?=\s*,\s*\d{4}\b)")


def _day_read_as_a_letter(text: str) -> str:
    """A month's name (its three letters or in full) before a day whose 1 OCR read as a letter,
    the year after a comma: the day's figure again ('Juni, 2027' is a name in full, no day)."""
    def figure(m: re.Match) -> str:
        w, whole = m.group(1).casefold(), (m.group(1) + m.group(3)).casefold()
        named = (len(w) == 3 or any(w in names for names in _MONTH_NAMES)) and month_number(w)
        if not named or not m.group(2) and any(whole in names for names in _MONTH_NAMES):
            return m.group()
        return f"{m.group(1)}{m.group(2) or ' '}1{m.group(4)}"
    return _DAY_AS_LETTER.sub(figure, text)


_DATE_REPAIRS = (normalise, _glyphs_as_digits, _kanji_numerals, _month_mark_misread, _year_mark_misread,
                 _month_read_apart, _marks_read_twice, _month_name_marked, _day_read_as_a_letter,
                 _repair_date_digits, _slash_read_as_a_figure, _repair_era, _era_lost, _october, _de_apart,
                 _day_month_year_words, _digits_together, _points_read_as_commas)


def parse_date(text: str | None, *, day_first: bool | None = None, year_first: bool = False) -> date | None:
    """The first date printed in text, in any of the usual Japanese and Western forms.

    Slashed numeric dates whose day and month could be swapped (03/11/2026) are read
    month-first unless day_first is set; dotted ones (03.11.2026) are read day-first. With
    year_first, a numeric date of two-figure parts is year, month, day ('26/03/15'), as
    Japanese documents print it.
    """
    if not text:
        return None
    s = text
    for repair in _DATE_REPAIRS:
        s = repair(s)
    if (m := _MONTH_END.search(s)) and not any(
            (d := pattern.search(s)) and d.start() < m.start() for pattern in (_ERA_DATE, _KANJI_DATE)):
        return _month_end(m)  # unless a whole date comes first ('令和8年9月15日令和8年10月末日')
    if m := _ERA_DATE.search(s):
        era, year = m.group(1), m.group(2)
        n = 1 if year == "元" else int(year)
        n, month, day = _zeros_read_back(n, int(m.group(3)), int(m.group(4) or m.group(5)), top_year=ERA_YEARS)
        return _date_or_none(_ERAS[era] + n - 1, month, day) if n <= ERA_YEARS else None
    if m := _KANJI_DATE.search(s):
        return _date_or_none(*_zeros_read_back(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    if m := _YMD.search(s):
        return _date_or_none(*_zeros_read_back(int(m.group(1)), int(m.group(3)), int(m.group(4))))
    for m in _MDY_NAME.finditer(s):
        if month := month_number(m.group(1)):
            return _date_or_none(int(m.group(3)), month, int(m.group(2)))
    for m in _DMY_NAME.finditer(s):
        if month := month_number(m.group(2)):
            return _date_or_none(_full_year(int(m.group(3))), month, int(m.group(1)))
    if m := _DMY.search(s):
        if year_first and len(m.group(4)) == 2 and (d := _date_or_none(2000 + int(m.group(1)), int(m.group(3)),
                                                                       int(m.group(4)))):
            return d
        a, sep, b, year = int(m.group(1)), m.group(2), int(m.group(3)), _full_year(int(m.group(4)))
        first_is_day = day_first if day_first is not None else sep in ".-"
        if a > 12 >= b:
            first_is_day = True
        elif b > 12 >= a:
            first_is_day = False
        day, month = (a, b) if first_is_day else (b, a)
        return _date_or_none(*_zeros_read_back(year, month, day))
    return None


# A kanji date's parts, each read cleanly on its own: the figures right before its mark, and
# right after the mark before them ('年 }2 月' is no month read).
_PART_YEAR = re.compile(r"(?:(令和|平成)\s*(元|\d{1,2})|(?<![\w}\]|!])((?:19|20)\d\d))\s*年")
_PART_MONTH = re.compile(r"年\s*(1[0-2]|0?[1-9])\s*月")
_PART_DAY = re.compile(r"月\s*(?:(3[01]|[12]\d|0?[1-9])\s*日|(末)\s*日)")


def _kanji_date_parts(text: str) -> tuple[int | None, int | None, int | None]:
    """The year, month and day (0 for 末日, the month's end) a kanji date's reading reads
    cleanly, each None where it does not."""
    s = normalise(text)
    year = month = day = None
    if m := _PART_YEAR.search(s):
        if not m.group(3):
            era_year = 1 if m.group(2) == "元" else int(m.group(2))
            year = _ERAS[m.group(1)] + era_year - 1 if era_year <= ERA_YEARS else None
        else:
            year = int(m.group(3))
    if m := _PART_MONTH.search(s):
        month = int(m.group(1))
    if m := _PART_DAY.search(s):
        day = 0 if m.group(2) else int(m.group(1))
    return year, month, day


def date_in_parts(readings: list[str]) -> date | None:
    """A kanji date no reading reads whole, put together from the parts several readings of it
    read cleanly ('2026 年 12 月 示 昌' and '2026 年 }2 月 末 日': 2026年12月末日): only where at
    least two read its year alike and no two read a part otherwise."""
    parts = [_kanji_date_parts(text) for text in readings]
    if any(None not in p for p in parts):
        return None  # (a reading read it whole: that reading decides, not its parts)
    seen = [{p[i] for p in parts if p[i] is not None} for i in range(3)]
    if any(len(values) != 1 for values in seen) or sum(p[0] is not None for p in parts) < 2:
        return None
    year, month, day = (values.pop() for values in seen)
    if day == 0:
        return _date_or_none(year, month, calendar.monthrange(year, month)[1])
    return _date_or_none(year, month, day)


def detect_currency(text: str | None) -> str | None:
    """The currency named or marked in text (ISO code), or None."""
    if not text:
        return None
    s = normalise(text)
    upper = s.upper()
    # (not a code in a word, accented letters too: 'plnění'; nor one run into a number or letters
    # by a mark: 'CAD-204', 'AED-PD' are codes)
    # (in capitals, or beside a figure: 'Cad.' abbreviates a street, 'eur 12,00' is money)
    for code in _CURRENCY_CODES:
        m = re.search(rf"(?<![A-ZÀ-ɏ]){code}(?![A-ZÀ-ɏ]|[-/][\dA-Z])", upper)
        if m and (s[m.start():m.end()].isupper() or re.search(r"\d", s)):
            return "CNY" if code == "RMB" else code
    for code in _CODES_IN_CAPITALS:
        if re.search(rf"(?<![A-Za-zÀ-ɏ]){code}(?![A-Za-zÀ-ɏ]|[-/][\dA-Z])", s):
            return code
    for sign, code in _CURRENCY_SIGNS:
        if sign in s and (sign not in _SIGNS_IN_WORDS or re.search(rf"\d\s*{sign}|{sign}\s*\d", s)):
            return code
    for word, code in _CURRENCY_WORDS.items():
        if re.search(rf"\b{word}\b", s, re.I):
            return code
    if _RINGGIT.search(s):
        return "MYR"
    if _YEN_MISREAD.match(s):
        return "JPY"
    return None


# The yen sign as a Japanese font draws it, or as OCR misreads it, before a figure with its thousands set apart.
_YEN_MISREAD = re.compile(r"[\\Y]\d{1,3}(?:[,.]\d{3})+(?!\d)")


# (a code run into its figure counts: '613,70EUR', 'EUR613,70')
_SIGNS_RE = re.compile(
    r"(US|USD|AU|A|CA|C|HK|S|NZ|NT|R)?\$|[¥円€£₩₹฿₱元₺₫₦₴₪₡₲]|\bRp\.?(?=\s*\d)|\bS/\.?(?=\s*\d)|"
    r"\bTL(?!\w)|\bz[łl](?!\w)|\bK[čc](?!\w)|\bRs\.?(?=\s*\d)|"
    r"\bKsh(?=\s*\d)|(?<=\d)\s*(?:lei|Ft)$|\\(?=¥?\d)|(?:\b|(?<=\d))(?:"
    + "|".join(_CURRENCY_CODES) + r"|(?-i:" + "|".join(_CODES_IN_CAPITALS) + r"))(?:\b|(?=\d))|\byen\b", re.I
)


def parse_amount(text: str | None, *, currency: str | None = None) -> Decimal | None:
    """The amount in text such as '¥12,340', '12,340円', 'JPY 12,340', '$1,234.50' or '1.234,50'.

    Thousands separators are told from decimal marks by the digits after them: three
    digits mean thousands, one or two a decimal part. For zero-decimal currencies (JPY)
    a separator before three digits is always thousands, whichever OCR made of it.
    Returns None when text holds no single number.
    """
    if text is None:
        return None
    s = normalise(text).strip().strip("|[]{}")
    # The minus mark ▲ read as a letter A (with a speck or the yen sign beside it read as another:
    # 'AY¥1,100', 'Al11,900'), before a yen sign or a figure with thousands separators, or before a
    # 1 read as a letter and its thousands ('AI,500', 'Al.500' for ▲1,500).
    s = re.sub(r"^A[A-Z]?(?=[¥\\])|^A[A-Za-z]?(?=\d{1,3}(?:, ?\d{3})+(?!\d))|^A(?=[Il][,.]\d{3}(?![\d,.]))", "▲", s)
    s = re.sub(r"^Y(?=\d{1,3}(?:[,.]\d{3})+(?!\d))", "¥", s)  # the yen sign read as a Y
    if currency == "ZAR":
        s = re.sub(r"^R\s?(?=\d)", "", s)  # the rand's sign, a letter: only where rand are the money
    s = _SIGNS_RE.sub(" ", s)
    s = re.sub(r"^@\s?(?=\d)", "", s)  # a unit price's 'at' ('@500', '@ 24 500,00'): or a sign OCR read so
    s = re.sub(r"\((?:税込|税抜|税別|incl[^)]*|excl[^)]*)\)|税込|税抜|税別|-$", " ", s, flags=re.I).strip()
    negative = False
    if re.fullmatch(r"\(.*\)", s) or s.startswith(("-", "△", "▲")) or s.endswith("-"):
        negative = True
        s = s.strip("()-△▲ ")
    s = re.sub(r"^[.,]\s*(?=\d{1,3}(?:,\d{3})+(?![\d.,]))", "", s)  # a speck read as a mark before it: '¥.40,800'
    s = _yen_mark_misread(s, currency)
    s = (
        s.replace(" ", "")
        if re.fullmatch(r"[\d.,]+(?: [\d.,]+)*", s) and re.search(r"\d ,|, \d|\d \.|\. \d", s)
        else s
    )
    s = s.strip(" :")
    if re.fullmatch(r"\d{1,3}(?: \d{3})+(?:[.,]\d{1,2})?", s):
        s = s.replace(" ", "")  # thousands set apart by spaces, as in French
    s = re.sub(r"(?<=\d);(?=\d)", ",", s)  # a comma read as a semicolon ('312;50')
    # A doubled mark ('9,.315') is one separator OCR saw twice: thousands before three digits.
    s = re.sub(r"(?<=\d)[.,]{2}(?=\d)", lambda m: "," if re.match(r"\d{3}(?!\d)", s[m.end() :]) else ".", s)
    if not s or " " in s:
        return None
    if not re.fullmatch(r"[0-9OoDIl|SsBZ.,'’]+", s) or sum(c.isdigit() for c in s) * 2 < len(s):
        return None
    s = _digits(s).replace("'", ",").replace("’", ",")
    if not re.fullmatch(r"[0-9]+(?:[.,][0-9]+)*[.,]?", s):
        return None
    s = s.rstrip(".,")
    value = _join_number(s, currency)
    if value is None or currency == "JPY" and value != value.to_integral_value():
        return None  # yen have no fractions: '60,6' is what is left of a misread 60,600
    return -value if negative else value


def _yen_mark_misread(s: str, currency: str | None) -> str:
    """A figure with the 円 after it read as letters ('2,900F9', '2,500F', '90,000F4', '4,500/4') or, in a
    yen document, as one more digit that breaks its thousands groups ('34,8009'): the figure alone."""
    s = re.sub(r"(?:(?<=\d,\d{3})|(?<=\d, \d{3}))(?:F[\dJ\]]?|/4|P9)$", "", s)
    if currency == "JPY" and re.fullmatch(r"\d{1,3}(?:,\d{3})*,\d{3}9", s):
        s = s[:-1]
    return s


def _join_number(s: str, currency: str | None) -> Decimal | None:
    """The Decimal for digits and separators, deciding which separator is the decimal mark."""
    seps = [(i, c) for i, c in enumerate(s) if c in ".,"]
    if not seps:
        return Decimal(s)
    groups = re.split(r"[.,]", s)
    last_i, last_c = seps[-1]
    tail = groups[-1]
    kinds = {c for _, c in seps}
    no_minor = currency in ZERO_DECIMAL_CURRENCIES
    if len(kinds) == 2 and no_minor and all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3:
        return Decimal("".join(groups))  # yen have no decimals: '1.414,699' is thousands OCR read two ways
    if len(kinds) == 2:
        # Both marks: the last one is the decimal mark, the other thousands.
        if any(c == last_c for _, c in seps[:-1]):
            return None
        whole = re.sub(r"[.,]", "", s[:last_i])
        return Decimal(f"{whole}.{tail}")
    if len(seps) == 1 and groups[0] == "0":
        return Decimal(f"0.{tail}")  # no thousands start with a nought: a price in fractions ('0,142', '0,0185')
    if len(tail) == 3 and all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3:
        if len(seps) > 1 or no_minor or last_c == ",":
            return Decimal("".join(groups))
        # A single '.' before three digits: thousands unless the currency has minor units.
        return Decimal(f"{groups[0]}.{tail}") if currency and not no_minor else Decimal("".join(groups))
    if len(seps) == 1 and len(tail) in (1, 2):
        if no_minor and last_c == "," and len(tail) == 2:
            return None
        return Decimal(f"{groups[0]}.{tail}")
    if len(seps) > 1 and len(tail) in (1, 2) and all(len(g) == 3 for g in groups[1:-1]):
        # '1,234,56': OCR turned the decimal point into a comma.
        return Decimal(f"{''.join(groups[:-1])}.{tail}")
    if len(seps) == 1 and len(tail) > 3 and (last_c == "." or not no_minor and tail.endswith("00")):
        # No thousands of four figures: '486.0000', and a decimal comma before four places padded
        # with noughts ('20,0000'), where '34,8009' is '34,800円' with its 円 read as a figure.
        return Decimal(f"{groups[0]}.{tail}")
    return None


# The units a count is printed with ('12 pcs', '3本', '10ケース'), as a pattern.
COUNT_UNITS = (r"pcs?|pieces?|units?|ea|each|hrs?|hours?|kg|sets?|box(?:es)?|個|本|枚|台|式|箱|冊|件|袋|缶|脚|束|"
               r"時間|ケース|セット|組|点|人|回|ヶ月|か月|月|kgs")


def parse_number(text: str | None) -> Decimal | None:
    """A plain quantity such as '12', '1,200', '2.5' or '３' (units like 'pcs', '個' dropped)."""
    if text is None:
        return None
    s = normalise(text).strip()
    s = re.sub(rf"(?i)\s*({COUNT_UNITS})\.?$", "", s)
    return parse_amount(s)


# A '%' OCR read as '96', '9' or '6' before 対象 or a closing parenthesis ('1096対象', '(109%)'),
# or lost before 対象 ('8 対象').
MISREAD_PERCENT = re.compile(r"(?<!\d)(10|8|5)(?:96|9|6)%?\s*(?=対象|[)）])|(?<![\d,.])(10|8|5)\s*(?=対象)")


def parse_rate(text: str | None) -> Decimal | None:
    """A tax rate printed as '10%', '(8%)', '8 %' or '10％', as a percentage Decimal."""
    if not text:
        return None
    rates = find_rates(text)
    return rates[0] if rates else None


_RATE = re.compile(r"(?<![\d.,])(\d{1,2}(?:[.,]\d{1,3})?)\s*%")  # '5,5 %': a decimal comma; '8.875%'


def find_rates(text: str) -> list[Decimal]:
    """Every tax rate printed in text, in order."""
    s = normalise(text)
    found = sorted([*_RATE.finditer(s), *MISREAD_PERCENT.finditer(s)], key=lambda m: m.start())
    return [Decimal((m.group(1) or m.group(2)).replace(",", ".")) for m in found]


def format_amount(value: Decimal | None) -> str | None:
    """The decimal string for an amount as printed, or None."""
    return None if value is None else format(value, "f")


_LOOSE_NUMBER = re.compile(r"\d{1,3}(?:[,.] ?\d{3})+(?:\.\d{1,2})?|\d+(?:[.,]\d{1,2})?")


def find_amount(text: str | None, *, currency: str | None = None) -> Decimal | None:
    """The amount in text that OCR soiled with stray marks ('12,960円|', '70,900F3', '[2,160)').

    Tries parse_amount first; otherwise takes the longest number-shaped run when the
    rest of the text is only a few stray characters and no letters of a word.
    """
    value = parse_amount(text, currency=currency)
    if value is not None or not text:
        return value
    s = normalise(text)
    s = _SIGNS_RE.sub(" ", s).strip()
    runs = list(_LOOSE_NUMBER.finditer(s))
    if not runs:
        return None
    best = max(runs, key=lambda m: len(m.group()))
    rest = (s[: best.start()] + s[best.end() :]).strip()
    letters = sum(c.isalpha() for c in rest)
    if letters > 1 or len(rest) > max(3, len(best.group()) // 2) or "%" in rest:
        return None
    return parse_amount(best.group().replace(" ", ""), currency=currency)
