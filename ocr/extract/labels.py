"""Label vocabularies and finding labels among a row's tokens.

Labels are compared on a key that ignores case, width, spacing, punctuation and the
letters OCR mixes up with digits, so 'Invoice No.:', 'INVOICE NO', 'lnvoice N0' and
'請 求 書 番 号' all match. A label must start a phrase; the longest label wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ocr.extract.layout import Row, Token

# Field labels, most specific first within each field. Synonyms beyond this corpus's wording
# are deliberate: other suppliers print other words.
FIELD_LABELS: dict[str, list[str]] = {
    "document_number": [
        "invoice no",
        "invoice number",
        "invoice #",
        "invoice num",
        "inv no",
        "inv #",
        "inv number",
        "invoice ref",
        "invoice reference",
        "invoice id",
        "tax invoice no",
        "bill no",
        "bill number",
        "quote no",
        "quote number",
        "quote #",
        "quotation no",
        "quotation number",
        "quotation #",
        "estimate no",
        "estimate number",
        "estimate #",
        "quote ref",
        "quote id",
        "proposal no",
        "document no",
        "document number",
        "doc no",
        "doc #",
        "reference no",
        "ref no",
        "請求書番号",
        "請求番号",
        "請求書no",
        "請求no",
        "見積番号",
        "見積書番号",
        "御見積番号",
        "見積no",
        "見積書no",
        "文書番号",
        "伝票番号",
        "書類番号",
        "no",
        "number",
        "#",
        "番号",
        "ref",
        "reference",
    ],
    "issue_date": [
        "invoice date",
        "date of invoice",
        "date of issue",
        "issue date",
        "issued date",
        "issued on",
        "date issued",
        "issued",
        "billing date",
        "bill date",
        "quote date",
        "quotation date",
        "estimate date",
        "document date",
        "tax point",
        "date",
        "請求日",
        "請求書日付",
        "請求年月日",
        "発行日",
        "発行年月日",
        "見積日",
        "見積年月日",
        "見積書日付",
        "作成日",
        "日付",
        "請求書発行日",
    ],
    "due_date": [
        "due date",
        "payment due",
        "payment due date",
        "due by",
        "due on",
        "pay by",
        "payment date",
        "payment deadline",
        "date due",
        "due",
        "valid until",
        "valid till",
        "valid through",
        "validity",
        "expiry date",
        "expiration date",
        "expires",
        "expires on",
        "offer valid until",
        "quote valid until",
        "お支払期限",
        "お支払い期限",
        "支払期限",
        "支払期日",
        "お支払期日",
        "支払日",
        "お支払日",
        "振込期限",
        "お振込期限",
        "有効期限",
        "見積有効期限",
        "有効期間",
        "見積期限",
    ],
    "po_number": [
        "po number",
        "po no",
        "po #",
        "p o number",
        "p o no",
        "po",
        "po ref",
        "purchase order",
        "purchase order no",
        "purchase order number",
        "your order ref",
        "your order",
        "your order no",
        "your ref",
        "your reference",
        "order no",
        "order number",
        "order #",
        "order ref",
        "customer po",
        "customer order",
        "customer order no",
        "buyer order no",
        "注文番号",
        "発注番号",
        "ご注文番号",
        "注文書番号",
        "発注書番号",
        "貴社注文番号",
        "貴社発注番号",
        "注文no",
        "発注no",
    ],
    "subtotal": [
        "subtotal",
        "sub total",
        "sub-total",
        "net amount",
        "net total",
        "total net",
        "amount before tax",
        "total before tax",
        "total excl tax",
        "total excluding tax",
        "taxable amount",
        "net",
        "小計",
        "税抜合計",
        "税抜金額",
        "合計(税抜)",
        "税抜小計",
        "本体価格合計",
    ],
    "tax": [
        "tax",
        "sales tax",
        "consumption tax",
        "vat",
        "gst",
        "tax amount",
        "total tax",
        "tax total",
        "jct",
        "消費税",
        "消費税額",
        "税額",
        "消費税等",
        "内消費税",
        "消費税合計",
        "税額合計",
    ],
    "total": [
        "total",
        "total due",
        "amount due",
        "balance due",
        "grand total",
        "total amount",
        "invoice total",
        "total payable",
        "amount payable",
        "total incl tax",
        "total including tax",
        "total (incl tax)",
        "quote total",
        "estimate total",
        "total jpy",
        "total usd",
        "合計",
        "総合計",
        "合計金額",
        "税込合計",
        "ご請求金額",
        "御請求金額",
        "請求金額",
        "ご請求額",
        "今回ご請求額",
        "お支払金額",
        "お支払い金額",
        "見積金額",
        "御見積金額",
        "お見積金額",
        "お見積り金額",
        "見積合計",
        "合計(税込)",
    ],
    "currency": ["currency", "通貨"],
    "registration_number": [
        "registration no",
        "registration number",
        "reg no",
        "tax reg no",
        "tax registration no",
        "tax registration number",
        "qualified invoice issuer no",
        "invoice registration no",
        "t number",
        "登録番号",
        "適格請求書発行事業者登録番号",
        "事業者登録番号",
        "インボイス登録番号",
    ],
    "buyer": [
        "bill to",
        "billed to",
        "invoice to",
        "invoiced to",
        "sold to",
        "ship to",
        "customer",
        "client",
        "prepared for",
        "quote for",
        "quotation for",
        "to",
        "attention",
        "attn",
        "recipient",
        "buyer",
        "請求先",
        "ご請求先",
        "宛先",
        "お客様",
        "納品先",
    ],
    "seller": [
        "from",
        "supplier",
        "seller",
        "vendor",
        "issued by",
        "bill from",
        "remit to",
        "payee",
        "発行者",
        "発行元",
        "請求元",
        "販売者",
    ],
    # Consumed so that their words are no other field's label or value.
    "ignore": [
        "tel",
        "tel no",
        "phone",
        "phone no",
        "fax",
        "fax no",
        "account no",
        "acct no",
        "account number",
        "customer no",
        "customer number",
        "customer id",
        "client no",
        "zip",
        "page",
        "order date",
        "delivery date",
        "ship date",
        "shipping date",
        "delivery no",
        "delivery note no",
        "payment terms",
        "terms",
        "bank",
        "swift",
        "iban",
        "email",
        "e-mail",
        "item no",
        "sku",
        "tax id",
        "vat no",
        "vat number",
        "email address",
        "納品日",
        "注文日",
        "発注日",
        "電話",
        "口座番号",
        "振込先",
        "備考",
        "件名",
    ],
}

# Table header words, by column.
COLUMN_LABELS: dict[str, list[str]] = {
    "description": [
        "description",
        "item",
        "items",
        "item description",
        "product",
        "products",
        "product name",
        "details",
        "particulars",
        "service",
        "services",
        "article",
        "goods",
        "name",
        "description of goods",
        "品名",
        "品目",
        "摘要",
        "商品名",
        "内容",
        "項目",
        "品番品名",
        "品名規格",
        "商品",
        "明細",
        "件名",
        "作業内容",
    ],
    "quantity": ["qty", "quantity", "qty.", "units", "pcs", "hours", "hrs", "数量", "数"],
    "unit_price": [
        "unit price",
        "price",
        "rate",
        "unit cost",
        "price/unit",
        "unit rate",
        "price each",
        "each",
        "unit price (jpy)",
        "unit price (usd)",
        "単価",
        "単価(円)",
        "単価(税抜)",
    ],
    "amount": [
        "amount",
        "line total",
        "total",
        "ext price",
        "extended",
        "extended price",
        "net amount",
        "value",
        "subtotal",
        "amount (jpy)",
        "amount (usd)",
        "金額",
        "金額(円)",
        "金額(税抜)",
        "小計",
        "合計",
    ],
    "tax": ["tax", "tax rate", "vat", "vat %", "gst", "tax %", "税率", "税区分", "消費税率", "税"],
    "skip": [
        "no",
        "#",
        "code",
        "sku",
        "item no",
        "item code",
        "part no",
        "product code",
        "unit",
        "uom",
        "品番",
        "コード",
        "単位",
        "番号",
        "no.",
        "軽減",
        "軽減税率",
        "reduced",
    ],
}

# Kanji OCR reads as others of similar shape, folded together in label keys.
_KANJI_CONFUSIONS = str.maketrans({"曰": "日", "目": "日", "晶": "日", "審": "番", "弓": "号", "講": "請"})


_CANON = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l", "!": "l", "5": "s"})


def key(text: str) -> str:
    """The comparison key of a label: case, spacing, punctuation and digit look-alikes ignored."""
    s = text.casefold().replace("rn", "m")
    s = re.sub(r"[^\w#%\u3000-\u9fff]|・", "", s)
    return s.translate(_CANON).translate(_KANJI_CONFUSIONS)


def _vocabulary(labels: dict[str, list[str]]) -> dict[str, list[tuple[str, str]]]:
    """key -> [(field, label)] for all labels."""
    vocab: dict[str, list[tuple[str, str]]] = {}
    for field_name, words in labels.items():
        for w in words:
            vocab.setdefault(key(w), []).append((field_name, w))
    return vocab


FIELD_VOCAB = _vocabulary(FIELD_LABELS)
COLUMN_VOCAB = _vocabulary(COLUMN_LABELS)


def _within_one_edit(a: str, b: str) -> bool:
    """True when b is a with at most one character changed, dropped or added."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _fuzzy(acc: str, vocab: dict[str, list[tuple[str, str]]]) -> list[tuple[str, str]] | None:
    """The labels one misread character away from acc (long labels only), if exactly one key fits.

    A misread character may also be a character lost or split in two; a Japanese label of
    five or more characters may have two characters misread.
    """
    if vocab is FIELD_VOCAB or vocab is COLUMN_VOCAB:  # every row asks again: remember the answers
        return _fuzzy_remembered(acc, "field" if vocab is FIELD_VOCAB else "column")
    return _fuzzy_search(acc, vocab)


def _by_length(vocab: dict[str, list[tuple[str, str]]]) -> dict[int, list[str]]:
    """The vocabulary's keys by length: a key one edit from a text is within one of its length."""
    out: dict[int, list[str]] = {}
    for k in vocab:
        out.setdefault(len(k), []).append(k)
    return out


_BY_LENGTH = {id(FIELD_VOCAB): _by_length(FIELD_VOCAB), id(COLUMN_VOCAB): _by_length(COLUMN_VOCAB)}


@lru_cache(maxsize=65536)
def _fuzzy_remembered(acc: str, which: str) -> list[tuple[str, str]] | None:
    return _fuzzy_search(acc, FIELD_VOCAB if which == "field" else COLUMN_VOCAB)


def _fuzzy_search(acc: str, vocab: dict[str, list[tuple[str, str]]]) -> list[tuple[str, str]] | None:
    cjk = any("\u3000" <= c <= "\u9fff" for c in acc)
    if len(acc) < (3 if cjk else 5):
        return None
    by_length = _BY_LENGTH.get(id(vocab)) or _by_length(vocab)
    near = [k for n in (len(acc) - 1, len(acc), len(acc) + 1) for k in by_length.get(n, ())]
    fits = [k for k in near if len(k) >= (3 if cjk else 5) and _within_one_edit(k, acc)]
    if not fits and cjk and len(acc) >= 5:
        fits = [k for k in by_length.get(len(acc), ()) if sum(a != b for a, b in zip(k, acc, strict=True)) == 2]
    if len(fits) == 1 and (cjk or len(acc) >= 6 or len(fits[0]) == len(acc) + 1):
        return vocab[fits[0]]
    return None


_MAX_TOKENS = 8


@dataclass
class LabelHit:
    """A label found in a row: which field, and which tokens of the row it covers."""

    field: str
    label: str
    row: Row
    start: int  # index into row.tokens
    end: int  # exclusive

    @property
    def tokens(self) -> list[Token]:
        return self.row.tokens[self.start : self.end]

    @property
    def x0(self) -> float:
        return self.tokens[0].x0

    @property
    def x1(self) -> float:
        return self.tokens[-1].x1


def _phrase_starts(row: Row) -> set[int]:
    """Indexes of row tokens that begin a phrase (or follow a colon-ended token)."""
    starts: set[int] = set()
    i = 0
    for p in row.phrases:
        starts.add(i)
        i += len(p.tokens)
    return starts


def find_labels(
    row: Row, vocab: dict[str, list[tuple[str, str]]], *, anywhere: bool = False, fuzzy: bool = True
) -> list[LabelHit]:
    """Labels in a row, longest first at each position, not overlapping, left to right."""
    hits: list[LabelHit] = []
    starts = _phrase_starts(row) if not anywhere else set(range(len(row.tokens)))
    phrase_end: dict[int, int] = {}  # token index -> end (exclusive) of its phrase
    i = 0
    for p in row.phrases:
        end = i + len(p.tokens)
        for j in range(i, end):
            phrase_end[j] = end
        i = end
    i = 0
    n = len(row.tokens)
    while i < n:
        if i not in starts:
            i += 1
            continue
        best: LabelHit | None = None
        acc = ""
        accs = []
        for j in range(i, min(n, i + _MAX_TOKENS, phrase_end.get(i, n))):
            acc += key(row.tokens[j].text)
            accs.append((j, acc))
            if acc in vocab:
                field_name, label = vocab[acc][0]
                best = LabelHit(field_name, label, row, i, j + 1)
        if best is None and fuzzy:
            for j, acc in reversed(accs):
                found = _fuzzy(acc, vocab)
                if found:
                    best = LabelHit(found[0][0], found[0][1], row, i, j + 1)
                    break
        if best is not None:
            hits.append(best)
            i = best.end
        else:
            i += 1
    return hits
