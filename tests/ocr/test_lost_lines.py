"""Item lines the page reader lost whole, read again where the table leaves room for them."""

import pytest

from ocr.extract import extract_fields
from ocr.model import Word
from tests.ocr.builders import page

HEADER = (600, [(100, "品名"), (960, "数量"), (1100, "単価"), (1250, "税率"), (1400, "金額")])
LINES = [
    ("コピー用紙 A4", "5", "2,480", "12,400"),
    ("ホッチキス 大型", "10", "3,200", "32,000"),
    ("LANケーブル Cat6", "1", "760", "760"),
    ("ボールペン 黒", "3", "880", "2,640"),
    ("クリアファイル", "2", "1,760", "3,520"),
]
PITCH = 60


def _row(y: int, line: tuple[str, str, str, str]) -> tuple[int, list[tuple[int, str]]]:
    description, quantity, price, amount = line
    return (y, [(100, description), (990, quantity), (1110, price), (1260, "10%"), (1410, amount)])


def _invoice(lines: list[tuple[str, str, str, str]], lost: set[int], subtotal: str, *, damaged: dict | None = None):
    """An invoice whose lines at the indexes `lost` OCR did not read; `damaged` replaces a line's
    cells as the first reading garbled them."""
    rows = [(60, [(100, "##請求書")]), HEADER]
    for k, line in enumerate(lines):
        if k in (damaged or {}):
            rows.append((700 + PITCH * k, damaged[k]))
        elif k not in lost:
            rows.append(_row(700 + PITCH * k, line))
    end = 700 + PITCH * len(lines) + 60
    net = int(subtotal.replace(",", ""))
    rows += [(end, [(1100, "小計"), (1400, subtotal)]), (end + 40, [(1100, "消費税"), (1400, f"{net // 10:,}")]),
             (end + 80, [(1100, "合計"), (1400, f"{net + net // 10:,}")])]
    return [page(rows)]


def _reread(lines: list[tuple[str, str, str, str]], *, discount_marks_lost: bool = False, rate_joined: bool = False):
    """A rereader that reads the printed line at the height asked for (figures or description);
    `rate_joined` reads the price and the tax rate beside it as one word ('76010%')."""

    def reread(page_number: int, box: tuple, kind: str, height: float) -> list:
        class Reading:
            pass

        centre = (box[1] + box[3]) / 2
        k = round((centre - 700 - 10) / PITCH)
        if not 0 <= k < len(lines) or abs(700 + PITCH * k + 10 - centre) > 15:
            return []
        description, quantity, price, amount = lines[k]
        if discount_marks_lost:
            price, amount = price.lstrip("▲"), amount.lstrip("▲")
        words = [w for w in page([_row(700 + PITCH * k, (description, quantity, price, amount))]).words]
        if kind.startswith("line_figures"):
            words = [w for w in words if box[0] <= w.left]
            if rate_joined:
                price, rate = words[1], words[2]
                joined = Word(price.text + rate.text, price.left, price.top, rate.right - price.left, price.height,
                              price.confidence, price.line)
                words = [words[0], joined, *words[3:]]
        elif kind.startswith("description"):
            words = [w for w in words if w.right <= box[2]]
        else:
            return []
        r = Reading()
        r.words, r.confidence = words, 90.0
        r.text = " ".join(w.text for w in words)
        return [r]

    return reread


def _figures(fields: dict) -> list[tuple[str, str, str]]:
    return [(ln["quantity"], ln["unit_price"], ln["amount"]) for ln in fields["lines"]]


@pytest.mark.parametrize("lost", [{2}, {4}, {1, 4}])
def test_lines_lost_in_the_table_are_read_again_in_their_place(lost) -> None:
    pages = _invoice(LINES, lost, "51,320")
    fields = extract_fields(pages, reread=_reread(LINES)).fields
    assert _figures(fields) == [(q, p.replace(",", ""), a.replace(",", "")) for _, q, p, a in LINES]
    assert fields["lines"][min(lost)]["description"].replace(" ", "") == LINES[min(lost)][0].replace(" ", "")


def test_a_price_read_again_with_the_tax_rate_run_into_it_is_the_price() -> None:
    pages = _invoice(LINES, {2}, "51,320")
    fields = extract_fields(pages, reread=_reread(LINES, rate_joined=True)).fields
    assert _figures(fields)[2] == ("1", "760", "760")


def test_a_line_read_again_is_not_added_when_the_subtotal_denies_it() -> None:
    """The lines read already add up to the subtotal: the wide gap holds no lost line."""
    pages = _invoice(LINES, {2}, "50,560")
    fields = extract_fields(pages, reread=_reread(LINES)).fields
    assert len(fields["lines"]) == 4


def test_a_line_garbled_past_use_is_replaced_by_its_reading_again() -> None:
    garbled = [(100, "ee"), (1380, "000")]
    pages = _invoice(LINES, set(), "51,320", damaged={2: garbled})
    fields = extract_fields(pages, reread=_reread(LINES)).fields
    assert _figures(fields)[2] == ("1", "760", "760")
    assert len(fields["lines"]) == 5


def test_a_discount_lost_with_its_marks_is_read_as_a_discount() -> None:
    lines = [*LINES, ("出精値引き", "1", "▲1,320", "▲1,320")]
    pages = _invoice(lines, {5}, "50,000")
    fields = extract_fields(pages, reread=_reread(lines, discount_marks_lost=True)).fields
    assert _figures(fields)[-1] == ("1", "-1320", "-1320")


def test_a_line_whose_amount_alone_was_read_is_mended_beside_another_garbled_past_use() -> None:
    """Two shaded lines garbled: one kept only its amount (760), the other a price and '000' for its
    amount. Read again, the first keeps its amount and the second makes up the shortfall."""
    damaged = {1: [(100, "ee"), (1110, "3,200"), (1380, "000")], 2: [(100, "ee IO"), (1410, "760")]}
    pages = _invoice(LINES, set(), "51,320", damaged=damaged)
    fields = extract_fields(pages, reread=_reread(LINES)).fields
    assert _figures(fields) == [(q, p.replace(",", ""), a.replace(",", "")) for _, q, p, a in LINES]


def test_a_count_printed_before_the_description_is_read_apart_from_the_description_figures() -> None:
    """'数量 | 品名 | 単価 | 金額': read as one strip of figures, the line's '10kg' would be read
    among its count, price and amount; the count is read on its own, the price and amount together."""
    header = (600, [(100, "数量"), (220, "品名"), (1100, "単価"), (1400, "金額")])
    lines = [("5", "コピー用紙 A4", "2,480", "12,400"), ("12", "国産小麦粉 10kg", "4,200", "50,400"),
             ("3", "ボールペン 黒", "880", "2,640"), ("2", "クリアファイル", "1,760", "3,520")]

    def row(y: int, line: tuple[str, str, str, str]) -> tuple[int, list[tuple[int, str]]]:
        quantity, description, price, amount = line
        return (y, [(110, quantity), (220, description), (1110, price), (1410, amount)])

    def reread(page_number: int, box: tuple, kind: str, height: float) -> list:
        class Reading:
            pass

        centre = (box[1] + box[3]) / 2
        k = round((centre - 700 - 10) / PITCH)
        if not kind.startswith("line_figures") or not 0 <= k < len(lines) or abs(700 + PITCH * k + 10 - centre) > 15:
            return []
        words = [w for w in page([row(700 + PITCH * k, lines[k])]).words if box[0] <= w.left and w.right <= box[2]]
        r = Reading()  # (figures only: a description's '10kg' is read as '10')
        r.words = [Word("".join(c for c in w.text if c.isdigit() or c == ","), w.left, w.top, w.width, w.height,
                        w.confidence, w.line) for w in words if any(c.isdigit() for c in w.text)]
        r.confidence, r.text = 90.0, " ".join(w.text for w in r.words)
        return [r]

    rows = [(60, [(100, "##請求書")]), header]
    rows += [row(700 + PITCH * k, line) for k, line in enumerate(lines) if k != 1]
    rows += [(1100, [(1100, "小計"), (1400, "68,960")]), (1140, [(1100, "消費税"), (1400, "6,896")]),
             (1180, [(1100, "合計"), (1400, "75,856")])]
    fields = extract_fields([page(rows)], reread=reread).fields
    assert _figures(fields)[1] == ("12", "4200", "50400")
