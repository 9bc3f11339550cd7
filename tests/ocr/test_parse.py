"""Parsing printed dates, amounts, rates and currencies."""

from datetime import date
from decimal import Decimal

import pytest

from ocr.parse import (
    date_in_parts,
    detect_currency,
    find_amount,
    find_rates,
    parse_amount,
    parse_date,
    parse_number,
    parse_rate,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oct 3, 2026", date(2026, 10, 3)),
        ("October 3, 2026", date(2026, 10, 3)),
        ("Sept. 30, 2026", date(2026, 9, 30)),
        ("03 Nov 2026", date(2026, 11, 3)),
        ("3rd November 2026", date(2026, 11, 3)),
        ("3-Nov-2026", date(2026, 11, 3)),
        ("03.11.2026", date(2026, 11, 3)),
        ("2026/11/03", date(2026, 11, 3)),
        ("2026-11-03", date(2026, 11, 3)),
        ("2026.11.3", date(2026, 11, 3)),
        ("2026年11月3日", date(2026, 11, 3)),
        ("2026 年 11 月 3 日", date(2026, 11, 3)),
        ("令和8年11月3日", date(2026, 11, 3)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("平成31年4月30日", date(2019, 4, 30)),
        ("R8.11.3", date(2026, 11, 3)),
        ("２０２６年１１月３日", date(2026, 11, 3)),
        ("令和８年１１月３日", date(2026, 11, 3)),
        ("Date: Nov 30, 2026", date(2026, 11, 30)),
        ("25/12/2026", date(2026, 12, 25)),
        ("12/25/2026", date(2026, 12, 25)),
    ],
)
def test_dates_in_japanese_and_western_forms(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2O26-11-03", date(2026, 11, 3)),
        ("Nov 3O, 2026", date(2026, 11, 30)),
        ("2026-l1-03", date(2026, 11, 3)),
        ("2026-!2-16", date(2026, 12, 16)),  # a one read as an exclamation mark
        ("20demarzode2027", date(2027, 3, 20)),  # a Spanish date's spaces lost
        ("31de octubrede 2026", date(2026, 10, 31)),  # its "de"s run into the day and the month
        ("31Dec2026", date(2026, 12, 31)),  # an English one's: the month's D is no zero
        ("20demarzo de 2027", date(2027, 3, 20)),
        ("12decembre2026", date(2026, 12, 12)),  # a month that starts with 'de'
        ("2 0 2 6 年1 1 月 30 日", date(2026, 11, 30)),  # full-width digits OCR set apart, the year's too
        ("Ngày 20 tháng 10 năm 2026", date(2026, 10, 20)),  # Vietnamese: day, month and year each after its word
        ("Ngay 20 thang 10 ndm 2026", date(2026, 10, 20)),  # ... its accents lost or misread
        ("2026/1!/16", date(2026, 11, 16)),
        ("14, Februar 2027", date(2027, 2, 14)),  # the day's point read as a comma
        ("by 30,09,2026, without", date(2026, 9, 30)),  # a dotted date's points read as commas
        ("2026,10,17", date(2026, 10, 17)),  # year first
        ("SN-26-11-0458", None),  # a reference's groups: no year 458
        ("2026-12.20", date(2026, 12, 20)),  # a fax's hyphen read as a stop
        ("2026.12-20", date(2026, 12, 20)),
    ],
)
def test_dates_survive_letter_for_digit_confusions(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("fn 8 年 11 月 3 日", date(2026, 11, 3)),  # 令和 garbled past reading
    ("8年11月3日", date(2026, 11, 3)),
    ("R 8年11月3日", date(2026, 11, 3)),  # an era read stays the era read
    ("平成30年1月3日", date(2018, 1, 3)),
    ("26年11月3日", None),  # a Western year in two figures: no era's
])
def test_an_era_year_whose_era_ocr_lost_is_reiwas(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("令和八年十月十七日", date(2026, 10, 17)),
    ("令 和 八 年 十 一 月 二 十 四 日", date(2026, 11, 24)),  # OCR's spaces between the kanji
    ("二〇二六年十二月三十一日", date(2026, 12, 31)),
    ("令和八年十二月末日", date(2026, 12, 31)),
    ("令和元年五月一日", date(2019, 5, 1)),
    ("令和 8 年了月 22 日", date(2026, 7, 22)),  # a 7 read as the kana 了
    ("令和 8 年 7 月 月 31 日", date(2026, 7, 31)),  # a kanji read twice
    ("。令和9年月2月20日PO-2026-04661", date(2027, 2, 20)),  # the month read apart, after its 月
    ("2026年 月 12 月 5日", date(2026, 12, 5)),
])
def test_dates_written_in_kanji_numerals(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026年11月末日", date(2026, 11, 30)),
        ("令和8年2月末日", date(2026, 2, 28)),
        ("R08.12.末日", date(2026, 12, 31)),
        ("ROB. 10.31", date(2026, 10, 31)),
        ("RO8.10.31", date(2026, 10, 31)),
        ("RQ8. 11. 30", date(2026, 11, 30)),
        ("谷箇8年11月8日", date(2026, 11, 8)),  # both characters of 令和 misread
        ("平成31年4月30日", date(2019, 4, 30)),
        ("令和8年9月15日令和8年10月末日", date(2026, 9, 15)),
        ("2027年3月未日", date(2027, 3, 31)), ("2027 年 3 月字日", date(2027, 3, 31)),  # 末 misread
        ("2027 年 4 月束日", date(2027, 4, 30)),
        ("2027 年 4 月 本 日", date(2027, 4, 30)), ("2027年4月本日", date(2027, 4, 30)),  # ... as 本, spaced out
        ("2026 年 11 朋末日", date(2026, 11, 30)), ("2026年11用 末日", date(2026, 11, 30)),  # 月 misread
        ("2027年3月1日(木)", date(2027, 3, 1)),
        ("2026年9月15日 2026年10月末日", date(2026, 9, 15)),
        ("90ct2026", date(2026, 10, 9)),  # '9 Oct 2026', its spaces lost and its O read as a zero
        ("9Oct2026", date(2026, 10, 9)),
        ("21 0ktober 2026", date(2026, 10, 21)),
        ("21 oktober 2026", date(2026, 10, 21)),
        ("21. Oktober 2026", date(2026, 10, 21)),
        ("le 3 février 2027", date(2027, 2, 3)),
        ("21 de octubre de 2026", date(2026, 10, 21)),
        ("1 août 2026", date(2026, 8, 1)),
        ("Mai 5, 2026", date(2026, 5, 5)),
        ("Oct 28. 2026", date(2026, 10, 28)),  # the comma after its day read as a stop
        ("2 mrt 2026", date(2026, 3, 2)),  # Dutch's own abbreviation
        ("05-Jan-26", date(2026, 1, 5)),  # the year in two figures after a month's name
        ("令和 8 年 1 1 月 13 日", date(2026, 11, 13)),  # full-width '１１' read as two digits apart
        ("2026年3月1 5日", date(2026, 3, 15)),
        ("15 settembre 2026", date(2026, 9, 15)),
        ("3 giugno 2026", date(2026, 6, 3)),
        ("18 aodt 2026", date(2026, 8, 18)),  # a month's name with one letter misread (août)
        ("31 mal 2027", date(2027, 5, 31)),  # a name of three letters, its last misread (mai)
        ("20-Tan-2027", date(2027, 1, 20)),  # an abbreviation, its first letter misread (Jan)
        ("20 Tax 2027", None),  # two letters off every month's abbreviation: no month
        ("2 Septembcr 2026", date(2026, 9, 2)),
    ],
)
def test_month_ends_misread_eras_and_month_names_of_six_languages(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("10%", ["10"]), ("税率1096対象 (8%)", ["10", "8"]), ("消費税額(109%)", ["10"]), ("消費税額(89)", ["8"]),
    ("2026.10% off", []), ("5.5% and 20%", ["5.5", "20"]),
    ("TVA (5,5 %) € 49,17", ["5.5"]), ("2026,10% off", []),  # a decimal comma
    ("8 対象 ¥20,086 消費税 ¥1,606", ["8"]), ("¥18 対象", []),  # the % lost before 対象
])
def test_rates_including_a_percent_sign_ocr_read_as_digits(text, expected):
    assert find_rates(text) == [Decimal(r) for r in expected]


def test_numeric_dates_are_read_in_the_order_asked():
    assert parse_date("02/01/2027", day_first=True) == date(2027, 1, 2)
    assert parse_date("02/01/2027", day_first=False) == date(2027, 2, 1)


@pytest.mark.parametrize("text", ["", None, "Invoice", "2026-13-45", "PO-2026-01234", "12,340", "21 pcs 2026",
                                  "12,345,2026", "12,30,20261", "PO-2026/11117",
                                  "R8-09-027", "R26-10-3318"])  # numbers of an era's year and month
def test_non_dates_are_none(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("1 171,00", "1171.00"), ("12 345", "12345"), ("1 355,07 EUR", "1355.07"),
])
def test_thousands_set_apart_by_spaces(text, expected):
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize(("text", "expected"), [
    ("@500", "500"), ("@ 1,200", "1200"), ("@ 24 500,00", "24500.00"), ("@1 850,00", "1850.00"),
])
def test_a_price_after_an_at_mark(text, expected):
    """'@500' is 500 each, as Japanese and English bills print a unit price; a currency sign OCR
    read as '@' ('₡ 24 500,00') is the same figure."""
    assert parse_amount(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["@", "info@example.com", "12@34"])
def test_an_at_mark_alone_or_inside_is_no_figure(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("¥12,340", Decimal("12340")),
        ("12,340円", Decimal("12340")),
        ("JPY 12,340", Decimal("12340")),
        ("￥１２,３４０", Decimal("12340")),
        ("１２，３４０円", Decimal("12340")),
        ("$1,234.50", Decimal("1234.50")),
        ("US$ 1,234.50", Decimal("1234.50")),
        ("€1.234,50", Decimal("1234.50")),
        ("1.234,50", Decimal("1234.50")),
        ("$279.00", Decimal("279.00")),
        ("¥1,777,575", Decimal("1777575")),
        ("853,129円(税込)", Decimal("853129")),
        ("(1,000)", Decimal("-1000")),
        ("-500", Decimal("-500")),
        ("0", Decimal("0")),
        ("$0.00", Decimal("0.00")),
        ("12", Decimal("12")),
        ("613,70EUR", Decimal("613.70")),  # the code run into the figure by OCR
        ("EUR613,70", Decimal("613.70")),
        ("₹2,25,480.00", Decimal("225480.00")),  # an Indian invoice: the rupee sign, lakhs grouped by two
        ("Rs. 1,94,500.00", Decimal("194500.00")),
        ("฿1,200.00", Decimal("1200.00")),
        ("14 469,33 zł", Decimal("14469.33")),  # Poland's złoty, Czechia's koruna, after the figure
        ("1 234,50 Kč", Decimal("1234.50")),
        ("R$ 1.234,50", Decimal("1234.50")),
        ("₱99,728.20", Decimal("99728.20")),
        ("0,142", Decimal("0.142")),  # a price in fractions of a cent: no thousands start with a nought
        ("0,0185", Decimal("0.0185")),
    ],
)
def test_amounts_with_currency_marks_and_separators(text, expected):
    value = parse_amount(text)
    assert value == expected and isinstance(value, Decimal)


def test_amount_keeps_printed_precision():
    assert str(parse_amount("$279.00")) == "279.00"


@pytest.mark.parametrize(
    ("text", "currency", "expected"),
    [
        ("12.340", "JPY", Decimal("12340")),  # OCR made the comma a point: yen have no minor units
        ("1.234", "USD", Decimal("1.234")),
        ("1,234,56", "USD", Decimal("1234.56")),
        ("1,3O1.00", "USD", Decimal("1301.00")),
        ("12,34O", "JPY", Decimal("12340")),
        ("¥l2,340", "JPY", Decimal("12340")),
        ("¥1S,000", "JPY", Decimal("15000")),
        ("¥4,B00", "JPY", Decimal("4800")),
        ("¥.40,800", "JPY", Decimal("40800")),  # a speck after the yen sign read as a point
        ("2,900F9", "JPY", Decimal("2900")),  # the 円 after it read as letters
        ("2,500F", "JPY", Decimal("2500")),
        ("90,000F4", "JPY", Decimal("90000")),  # ... as other letters and marks
        ("143,500F]", "JPY", Decimal("143500")),
        ("4,500/4", "JPY", Decimal("4500")),
        ("1,234/5", "JPY", None),
        ("Y47.300", "JPY", Decimal("47300")),  # the yen sign read as a Y
        ("8, 100F-", "JPY", Decimal("8100")),  # ... after a figure OCR split after its separator
        ("34,8009", "JPY", Decimal("34800")),  # ... or as a digit that breaks the thousands groups
        ("34,8009", "USD", None),
        ("60,6", "JPY", None),  # yen have no fractions: a misread figure
        ("60,6", "EUR", Decimal("60.6")),
        ("20,0000", "BRL", Decimal("20.0000")), ("142,5000", "BRL", Decimal("142.5000")),  # four places
        (".40", "USD", None),
        ("312;50", "EUR", Decimal("312.50")),  # the decimal comma read as a semicolon
        ("1;250", "JPY", Decimal("1250")),
    ],
)
def test_amounts_undo_ocr_confusions_in_numeric_context(text, currency, expected):
    assert parse_amount(text, currency=currency) == expected


@pytest.mark.parametrize("text", ["", None, "INV-00512", "Total", "10%", "¥", "SOLD", "12,34,5"])
def test_non_amounts_are_none(text):
    assert parse_amount(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12,960円|", Decimal("12960")),
        ("70,900F3", Decimal("70900")),
        ("[2,160)", Decimal("2160")),
        ("8対象", None),
        ("Digol", None),
    ],
)
def test_find_amount_tolerates_stray_marks(text, expected):
    assert find_amount(text, currency="JPY") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5", Decimal("5")),
        ("12 pcs", Decimal("12")),
        ("３", Decimal("3")),
        ("10個", Decimal("10")),
        ("2.5", Decimal("2.5")),
        ("1,200", Decimal("1200")),
    ],
)
def test_quantities(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10%", Decimal("10")),
        ("(8%)", Decimal("8")),
        ("消費税(10%)", Decimal("10")),
        ("８％", Decimal("8")),
        ("Tax (0%)", Decimal("0")),
        ("Tax", None),
    ],
)
def test_rates(text, expected):
    assert parse_rate(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("¥12,340", "JPY"),
        ("12,340円", "JPY"),
        ("￥１２,３４０", "JPY"),
        ("JPY 100", "JPY"),
        ("$1.00", "USD"),
        ("US$5", "USD"),
        ("USD 5", "USD"),
        ("€5", "EUR"),
        ("EUR 5", "EUR"),
        ("£5", "GBP"),
        ("HK$5", "HKD"),
        ("100 yen", "JPY"),
        ("\\49,302", "JPY"),  # the yen sign as Japanese fonts draw it
        ("Y44.820", "JPY"),  # ... as OCR misreads it
        ("Y2026", None),
        ("12,340", None),
        ("1,234元", "CNY"),
        ("発行元", None),  # the issuer: a word, no yuan
        ("CAD-204", None),  # an item's code: a code run into a number with a mark names no currency
        ("AED-PD", None),  # ... or into letters
        ("EUR/26/0113", None),
        ("CAD 1,204.00", "CAD"),
        ("₹2,25,480.00", "INR"),
        ("USD-", "USD"),
        ("14 469,33 zł", "PLN"), ("1 234,50 Kč", "CZK"), ("R$ 1.234,50", "BRL"), ("₱99,728.20", "PHP"),
        ("MXN", "MXN"), ("PLN", "PLN"), ("Unit Price (RM)", "MYR"), ("Ringgit Malaysia Nine Thousand", "MYR"),
        ("FORM 12", None),
        ("Złożone", None),  # the letters of a word, no sign beside a figure
        ("plnění", None),  # a code's letters run into accented letters: a word
        ("51.000,00 TL", "TRY"), ("₺1.234,50", "TRY"), ("TLC", None), ("ISK 655.463", "ISK"),
        ("4.394,25 lei", "RON"), ("Leilani", None), ("139 500 Ft", "HUF"), ("6 ft", None),
        ("TOTAL AMOUNT (KES)", "KES"), ("KSh 1,200", "KES"), ("500 000 DH", "MAD"), ("DHL", None),
        ("1.234.000 ₫", "VND"), ("(CLP)", "CLP"), ("Mad Hatter", None),  # a code that is a word: in capitals only
        ("Atatürk Cad.", None), ("eur 12,00", "EUR"),  # a code in small letters: only beside a figure
        ("six hundred eighty-one baht and", "THB"),
        ("Moneda: CRC", "CRC"), ("₡ 807 900,00", "CRC"), ("Rp 16.140.000", "IDR"), ("S/ 1,234.50", "PEN"),
        ("(PEN)", "PEN"), ("Pen holder", None), ("Corp 12", None), ("S/N 4471", None),
        ("Bahraini Dinars. One Thousand Seven Hundred Five", "BHD"), ("Amount (TZS)", "TZS"),
        ("Total BHD 1,705.510", "BHD"), ("UZS 15 864 800,00", "UZS"), ("Omr", None),
        (None, None),
    ],
)
def test_currency_from_signs_and_codes(text, expected):
    assert detect_currency(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026年1月10晶", date(2026, 1, 10)),  # 日 misread
        ("2026年10月17曰", date(2026, 10, 17)),
        ("2026年10月17目", date(2026, 10, 17)),
        ("信和8年9月19日", date(2026, 9, 19)),  # 令 misread: no invoice is dated in an older era
        ("昭和60年1月2日", date(1985, 1, 2)),
        ("令和 S8 年 10 月 28 日", date(2026, 10, 28)),  # a speck before its year read as S: no 昭和
        ("S58年1月2日", date(1983, 1, 2)),
        ("2026 卸 12 月 23H", date(2026, 12, 23)),  # 年 and 日 misread on a fax
        ("2026 算 1 月 3 日", date(2026, 1, 3)),
        ("信和9生2月26目", date(2027, 2, 26)),  # an era's year, its 年 misread too
        ("平成元生5月1日", date(1989, 5, 1)),
        ("令和9年3月108", date(2027, 3, 10)),  # its 日 read as an 8
        ("2027/02703", date(2027, 2, 3)),  # its second slash read as a 7
        ("2026/11117", date(2026, 11, 17)),  # ... as a 1
        ("2026征11日20日", date(2026, 11, 20)),  # 年 and 月 misread, a day and its 日 after
        ("2026年11日20日", date(2026, 11, 20)),
        ("23 januarl| 2027", date(2027, 1, 23)),  # a month's last letter read as a mark
        ("22 februar! 2027", date(2027, 2, 22)),
        ("Total| 2027", None),  # no month's name: no date
        ("Jani, 2027", date(2027, 1, 1)), ("Mar l5, 2027", date(2027, 3, 15)),  # the day's 1 read as a letter
        ("Juni, 2027", None), ("April, 2027", None),  # a month's name in full: no day
    ],
)
def test_dates_with_misread_kanji(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(("readings", "expected"), [
    (["2026 年 12 月 示 昌", ". 2026 年 }2 月 末 日"], date(2026, 12, 31)),  # the month, then its end
    (["令和8年 1 月 ae", "令和 8 年 ト 月 20 日"], date(2026, 1, 20)),
    (["2027年 3 月 ~~", "~~ 2027 年 3 月 ~", "2027 年 ! 月 9 日"], date(2027, 3, 9)),
    (["2026 年 12 月 示 昌", "2025 年 }2 月 末 日"], None),  # two years: no date
    (["2026 年 12 月 示 昌", "2026 年 11 月 ~ 日", "~ 月 末 日"], None),  # two months
    (["2026 年 12 月 示 昌", "月 末 日"], None),  # its year read once: the readings may be of two dates
    (["2026 年 12 月 示 昌", "2026 年 12 月 ~~"], None),  # no day
    (["2026 年 12 月 5 日", "2026 年 }2 月 末 日"], None),  # one reading read it whole: it decides
    (["2027 年 2 月 示", "2027 年 ~ 月 30 日"], None),  # no 30 February
])
def test_a_kanji_date_is_put_together_from_the_parts_its_readings_read_cleanly(readings, expected):
    assert date_in_parts(readings) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("\\191", Decimal(191)), ("\\3,058", Decimal(3058)),
    ("\\¥400", Decimal(400)), ("A\\¥400", Decimal(-400)),  # the yen read both ways, after a ▲ read as A
])
def test_backslash_is_a_yen_sign(text, expected):
    """Japanese fonts print ¥ at the code point of the backslash."""
    assert parse_amount(text) == expected


@pytest.mark.parametrize(("text", "currency", "expected"), [
    ("655.463", "ISK", Decimal(655463)),  # the Icelandic crown prints no minor units
    ("51.000,00 TL", "TRY", Decimal("51000.00")),  # the Turkish lira's sign after its figures
    ("4.394,25 lei", "RON", Decimal("4394.25")), ("139 500 Ft", "HUF", Decimal(139500)),
    ("KSh 1,200.00", "KES", Decimal("1200.00")), ("878.800", "CLP", Decimal(878800)),  # no centavos
    ("1.234.000₫", "VND", Decimal(1234000)), ("234.000", "VND", Decimal(234000)),
    ("R 26 100.00", "ZAR", Decimal("26100.00")), ("R 26 100.00", None, None),  # the rand's R, only in rand
])
def test_amounts_of_currencies_printed_with_their_own_signs_and_units(text, currency, expected):
    assert parse_amount(text, currency=currency) == expected


def test_a_separator_read_twice_is_one():
    assert parse_amount("9,.315円") == Decimal(9315)


@pytest.mark.parametrize(("text", "expected"), [
    ("▲¥700", Decimal("-700")), ("△1,200", Decimal("-1200")), ("A¥700", Decimal("-700")),  # ▲ read as A
    ("AY¥1,100", Decimal("-1100")),  # ... and a speck beside it as a Y
    ("Al11,900", Decimal("-11900")),  # ... and the yen sign after it as a letter
    ("Al1900", None),  # (a word, no figure with its thousands marked)
    ("A2, 000", Decimal("-2000")),  # ... its thousands set apart by a space after the comma
    ("AI,500", Decimal("-1500")), ("Al.500", Decimal("-1500")),  # ... and the 1 after it as a letter (a fax)
    ("AI,5000", None), ("AI.50", None),  # (no thousands after the letter)
    ("A5,200", Decimal("-5200")), ("A\\700", Decimal("-700")), ("¥700", Decimal("700")), ("A 700", None),
    ("ABC¥700", None), ("A4", None),
])
def test_a_minus_mark_before_an_amount(text, expected):
    assert parse_amount(text, currency="JPY") == expected
