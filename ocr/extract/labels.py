"""Label vocabularies and finding labels among a row's tokens.

Labels are compared on a key that ignores case, width, spacing, punctuation and the
letters OCR mixes up with digits, so 'Invoice No.:', 'INVOICE NO', 'lnvoice N0' and
'請 求 書 番 号' all match. A label must start a phrase, or follow another label straight away
(a row of captions OCR ran together); the longest label wins. The
words themselves are data: ocr/lexicon/labels.toml, by field and language.
"""

from __future__ import annotations

import itertools
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from ocr.extract.edits import within_edits, within_one_edit
from ocr.extract.layout import GARBLED, SURE, Row, Token, is_cjk
from ocr.parse import parse_date, without_accents

LEXICON = Path(__file__).resolve().parent.parent / "lexicon" / "labels.toml"


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    with LEXICON.open("rb") as f:
        return tomllib.load(f)


def _load(section: str) -> dict[str, list[str]]:
    """field -> labels of every language, most specific first within each language."""
    fields = _lexicon()[section]
    return {name: [label for words in by_language.values() for label in words]
            for name, by_language in fields.items()}


# Kanji OCR reads as others of similar shape, folded together in label keys.
_KANJI_CONFUSIONS = str.maketrans({"曰": "日", "目": "日", "晶": "日", "昌": "日", "審": "番", "弓": "号", "講": "請"})


_CANON = str.maketrans({"0": "o", "1": "l", "i": "l", "|": "l", "!": "l", "5": "s"})


_HONORIFIC = re.compile(r"^[おご御](?=[\u3040-\u9fff]{2})")


def _without_honorific(acc: str) -> str:
    """A caption's key without the honorific before it: '御支払期日' (and '御' '件支払期日', a character
    misread after it) is the lexicon's '支払期日'."""
    return _HONORIFIC.sub("", acc)
LONE_N = re.compile(r"(?<!\w)n(?=\s+\w)")  # the lexicon's 'n' before a word is a printed 'N°'


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """The comparison key of a label: case, width, accents, spacing, punctuation and digit look-alikes ignored."""
    s = without_accents(unicodedata.normalize("NFKC", text)).casefold().replace("rn", "m")
    s = re.sub(r"(?<!\w)n\.?[°o](?!\w)|n°", "no", s)  # 'N°', 'N.°', 'N.º' (NFKC: 'n.o')
    s = LONE_N.sub("no", s)  # 'N TVA' as written in the lexicon is 'N° TVA' as printed
    s = re.sub(r"[^\w#%\u3000-\u9fff]|[・_]", "", s)  # (an underscore is a rule under a word, read as a mark)
    return s.translate(_CANON).translate(_KANJI_CONFUSIONS)


def _composed(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """The labels with the lexicon's composed ones after each field's own: every head before
    every tail ('Bill' 'Ref.', '請求' 'ナンバー'), unless a listed label of any field keys alike."""
    groups = _lexicon()["compose"]
    listed = {key(label) for labels in fields.values() for label in labels}
    labels = {name: list(words) for name, words in fields.items()}
    for name, field_groups in groups.items():
        for group in field_groups:
            for head, tail in itertools.product(group["heads"], group["tails"]):
                label = f"{head} {tail}".strip()
                if key(label) not in listed:
                    listed.add(key(label))
                    labels[name].append(label)
    return labels


# Field labels and table header words, from the lexicon (data, not code). A page number's word
# ('Page 1 of 2', 'Seite 1 von 2') is no field's: its row is one of a page's footer.
PAGE_WORDS: frozenset[str] = frozenset(_load("marker")["page"])
DELIVERY_WORDS: frozenset[str] = frozenset(_load("marker")["delivery"])
NUMBER_WORDS: frozenset[str] = frozenset(key(w) for w in _load("marker")["number"])
RECEIVED_WORDS: frozenset[str] = frozenset(_load("marker")["received"])
CARRIED_WORDS: frozenset[str] = frozenset(key(w) for w in _load("marker")["carried"])
DISCOUNT_WORDS: frozenset[str] = frozenset(key(w) for w in _load("marker")["discount"])
LISTED_LABELS: dict[str, list[str]] = _load("field")
LISTED_LABELS["ignore"] += sorted(PAGE_WORDS)
FIELD_LABELS: dict[str, list[str]] = _composed(LISTED_LABELS)
COLUMN_LABELS: dict[str, list[str]] = _load("column")
# A due date in a sentence: payment words, and the words straight before (or, in Japanese, after) the date.
SENTENCE_WORDS: dict[str, list[str]] = _load("sentence")
# What kind of document: its title, and words only one kind's labels print.
TITLE_WORDS: dict[str, list[str]] = _load("title")
KIND_WORDS: dict[str, list[str]] = _load("kind_word")
KIND_PHRASES: dict[str, list[str]] = _load("kind_phrase")
TITLE_KEYS = frozenset(key(w) for words in TITLE_WORDS.values() for w in words)


def _vocabulary(labels: dict[str, list[str]]) -> dict[str, list[tuple[str, str]]]:
    """key -> [(field, label)] for all labels."""
    vocab: dict[str, list[tuple[str, str]]] = {}
    for field_name, words in labels.items():
        for w in words:
            vocab.setdefault(key(w), []).append((field_name, w))
    return vocab


FIELD_VOCAB = _vocabulary(FIELD_LABELS)
NAMELESS_ORDER_LABELS = frozenset(_lexicon()["order_of_no_one"]["labels"])
COLUMN_VOCAB = _vocabulary(COLUMN_LABELS)
OTHER_BILL_WORDS = frozenset(key(w) for w in _lexicon()["column_of_another_bill"]["words"])
THIS_BILL_WORDS = frozenset(key(w) for w in _lexicon()["column_of_this_bill"]["words"])
UNTAXED_LINE_WORDS = frozenset(key(w) for w in _lexicon()["untaxed_line"]["words"])
NUMBER_SERIES = _lexicon()["number_series"]
QUALIFIED_NUMBER_WORDS = tuple(key(w) for w in _lexicon()["qualified_number"]["words"])


def specificity(field_name: str, label: str) -> float:
    """Where a label stands among its field's listed labels, 0 (most specific) to 1: a
    composed label after them all."""
    listed = LISTED_LABELS[field_name]
    return listed.index(label) / len(listed) if label in listed else 1.0


def _fuzzy(acc: str, vocab: dict[str, list[tuple[str, str]]]) -> list[tuple[str, str]] | None:
    """The labels one misread character away from acc (long labels only), if exactly one key fits.

    A misread character may also be a character lost or split in two; a Japanese label of
    five or more characters, or a Latin one of `LONG_LATIN`, may have two characters misread.
    """
    if vocab is FIELD_VOCAB or vocab is COLUMN_VOCAB:  # every row asks again: remember the answers
        return _fuzzy_remembered(acc, "field" if vocab is FIELD_VOCAB else "column")
    return _fuzzy_search(acc, vocab)


def fuzzy_label(acc: str) -> list[tuple[str, str]] | None:
    """The [(field, label)] one misread character from a label key, if the reading is unambiguous."""
    return _fuzzy(acc, FIELD_VOCAB)


def fuzzy_column(acc: str) -> list[tuple[str, str]] | None:
    """The [(column, word)] one misread character from a column word's key, if unambiguous."""
    return _fuzzy(acc, COLUMN_VOCAB)


# The beginnings of the captions' keys: a caption's start OCR set apart from its rest ('イン' 'ボイスNo.').
_CAPTION_STARTS = frozenset(k[:n] for k in FIELD_VOCAB for n in range(2, len(k)))


@lru_cache(maxsize=65536)
def _fuzzy_remembered(acc: str, which: str) -> list[tuple[str, str]] | None:
    return _fuzzy_search(acc, FIELD_VOCAB if which == "field" else COLUMN_VOCAB)


LONG_LATIN = 11  # characters of a Latin label's key that may have two of them misread


@dataclass(frozen=True)
class _Remainders:
    """A vocabulary's keys by what is left of each with a character taken out (and, of a long
    Latin key, two): a key one edit (two) from a text shares such a remainder with it, so it is
    found among those few keys, not by comparing the text with every key of its length."""

    rank: dict[str, int]  # each key's place in the vocabulary
    one: dict[str, list[str]]
    two: dict[str, list[str]]
    kanji: dict[tuple[str, int, int], list[str]]  # by what is left without two of its kanji, and where
    longest: int

    def near(self, text: str, most: int) -> list[str]:
        """The keys sharing a remainder with the text, by length, then in the vocabulary's order."""
        if len(text) > self.longest + most:
            return []
        table = self.one if most == 1 else self.two
        found = {k for rest in _remainders(text, most) for k in table.get(rest, ())}
        return sorted(found, key=lambda k: (len(k), self.rank[k]))

    def two_kanji_from(self, text: str) -> list[str]:
        """The keys of the text's length that differ from it in two kanji (or kana) of theirs
        at most, in the vocabulary's order."""
        found = {k for i, j in itertools.combinations(range(len(text)), 2)
                 for k in self.kanji.get((text[:i] + text[i + 1:j] + text[j + 1:], i, j), ())}
        return sorted(found, key=self.rank.__getitem__)


def _remainders(text: str, most: int) -> set[str]:
    """The text, and the text with up to `most` of its characters taken out."""
    out, last = {text}, {text}
    for _ in range(most):
        last = {w[:i] + w[i + 1:] for w in last for i in range(len(w))}
        out |= last
    return out


@lru_cache(maxsize=4)
def _remainders_of(which: str) -> _Remainders:
    vocab = FIELD_VOCAB if which == "field" else COLUMN_VOCAB
    one: dict[str, list[str]] = {}
    two: dict[str, list[str]] = {}
    kanji: dict[tuple[str, int, int], list[str]] = {}
    for k in vocab:
        for rest in _remainders(k, 1):
            one.setdefault(rest, []).append(k)
        if len(k) >= LONG_LATIN:
            for rest in _remainders(k, 2):
                two.setdefault(rest, []).append(k)
        for i, j in itertools.combinations([n for n, ch in enumerate(k) if is_cjk(ch)], 2):
            kanji.setdefault((k[:i] + k[i + 1:j] + k[j + 1:], i, j), []).append(k)
    return _Remainders({k: n for n, k in enumerate(vocab)}, one, two, kanji, max(map(len, vocab)))


def _fuzzy_search(acc: str, vocab: dict[str, list[tuple[str, str]]]) -> list[tuple[str, str]] | None:
    cjk = any("\u3000" <= c <= "\u9fff" for c in acc)
    if len(acc) < (3 if cjk else 5):
        return None
    remainders = _remainders_of("field" if vocab is FIELD_VOCAB else "column")
    # (a Latin key is no fit for a text a kanji makes short enough: 'bt性' is no 'btw')
    fits = [k for k in remainders.near(acc, 1) if len(k) >= (3 if cjk else 5) and within_one_edit(k, acc)
            and (not cjk or len(k) >= 5 or any(is_cjk(c) for c in k))]
    if not fits and cjk and len(acc) >= 5:
        # (two kanji misread: a Latin label's letters are no kanji, '伝票reference' no 'po reference')
        fits = [k for k in remainders.two_kanji_from(acc)
                if [is_cjk(a) for a, b in zip(k, acc, strict=True) if a != b] == [True, True]]
    if not fits and not cjk and len(acc) >= LONG_LATIN and not any(acc[i:] in vocab for i in range(1, len(acc) - 4)):
        # A long caption with two characters misread ('Jax Involce. NOs' for 'Tax Invoice No.:'),
        # not garble before a label written out ('fh} Reference' is no 'PO Reference').
        fits = [k for k in remainders.near(acc, 2) if within_edits(k, acc, 2) and not _last_word_other(k, acc, vocab)]
    # Several labels may be one misreading away ('支払期' from 支払期限 and 支払期日): fine when they
    # name one field.
    if len({vocab[k][0][0] for k in fits}) == 1 and (cjk or len(acc) >= 6 or len(fits[0]) == len(acc) + 1):
        return vocab[fits[0]]
    return None


def _last_word_other(k: str, acc: str, vocab: dict[str, list[tuple[str, str]]]) -> bool:
    """Whether the two characters a text differs from a label in both lie in the label's short last
    word: another word read right, no misreading ('Statement of' is no 'Statement no', 'Customer
    nea.' for 'Customer no.' no 'Customer ref.')."""
    n = len(key(vocab[k][0][1].split()[-1]))
    return n in (2, 3) and acc.startswith(k[:-n]) and not within_one_edit(k[-n:], acc[len(k) - n:])


_MAX_TOKENS = 8


@dataclass
class LabelHit:
    """A label found in a row: which field, and which tokens of the row it covers."""

    field: str
    label: str
    row: Row
    start: int  # index into row.tokens
    end: int  # exclusive
    lead: int = 0  # tokens before `start` that are the caption's other language, garbled

    @property
    def tokens(self) -> list[Token]:
        return self.row.tokens[self.start : self.end]

    @property
    def x0(self) -> float:
        """Where the caption begins: its garbled other language before it, if any."""
        return self.row.tokens[self.start - self.lead].x0

    @property
    def x1(self) -> float:
        return self.tokens[-1].x1

    @property
    def value_beside(self) -> list[Token]:
        """The words right of the caption on its row that may be its value: the first word after
        it to the end of that word's phrase; none where the caption ends its row."""
        if self.end >= len(self.row.tokens):
            return []
        first = self.row.tokens[self.end]
        phrase = self.row.phrase_of(first).tokens
        return phrase[phrase.index(first):]


HONORIFICS = ("ご", "御", "お")  # Japanese politeness prefixes: ご請求No. is 請求No.


def _entry(acc: str, vocab: dict[str, list[tuple[str, str]]]) -> list[tuple[str, str]] | None:
    """The labels a key names, written exactly, or with a politeness prefix before it."""
    if acc in vocab:
        return vocab[acc]
    if acc.startswith(HONORIFICS) and len(acc) >= 3:
        return vocab.get(acc[1:])
    return _after_qualifying_kanji(acc) if vocab is FIELD_VOCAB else None


_KANJI_RUN = re.compile(r"[\u4e00-\u9fff]+")


def _after_qualifying_kanji(acc: str) -> list[tuple[str, str]] | None:
    """A number's caption after kanji that qualify the slip it numbers ('整備伝票No.' is the
    lexicon's '伝票No.'), where what is left starts with a word for a slip (`QUALIFIED_NUMBER_WORDS`)."""
    run = _KANJI_RUN.match(acc)
    for cut in range(1, len(run.group()) if run else 0):
        rest = acc[cut:]
        if rest.startswith(QUALIFIED_NUMBER_WORDS) and rest in FIELD_VOCAB:
            entry = FIELD_VOCAB[rest]
            return entry if all(name in ("document_number", "po_number") for name, _ in entry) else None
    return None


def _specific_label(row: Row, i: int, vocab: dict[str, list[tuple[str, str]]]) -> LabelHit | None:
    """The longest long label written out exactly from token i of the row, if any (never
    starting at a mark that keys to nothing, such as a parenthesis)."""
    if not key(row.tokens[i].text):
        return None
    best, acc = None, ""
    for j in range(i, min(len(row.tokens), i + _MAX_TOKENS)):
        acc += key(row.tokens[j].text)
        cjk = any("\u3000" <= c <= "\u9fff" for c in acc)
        entry = _entry(acc, vocab)
        if entry and len(acc) >= (4 if cjk else 9):
            best = LabelHit(*entry[0], row, i, j + 1)
    return best


def _after_a_value(row: Row, i: int, start: int) -> bool:
    """Whether token i begins a capitalised word straight after a value its phrase starts with
    ('MS26-05098 Due date 30/11/2026': a caption's value run into the next caption and its own)."""
    return i == start + 1 and bool(re.search(r"\d", row.tokens[start].text)) and row.tokens[i].text[:1].isupper()


def _number_after(row: Row, j: int) -> bool:
    """Whether a figure follows token j on its row ('Invoice AG-00452', 'QUOTATION … No. QT-00150':
    the title word is the number's caption)."""
    return any(re.search(r"\d", t.text) for t in row.tokens[j + 1:])


def _number_word_after(row: Row, j: int) -> int:
    """1 where the word for a number ('Nr.', 'No.', 'n°') follows token j close by, else 0."""
    after = row.tokens[j + 1] if j + 1 < len(row.tokens) else None
    return int(after is not None and key(after.text) in NUMBER_WORDS and _close(row.tokens[j], after))


def _numbered_title(row: Row, j: int) -> bool:
    """Whether the title ending at token j has its number straight after it ('Facture FA2606-0222',
    'Rechnung RE-2026-0320'): the title is the number's caption. Garble with a figure in it is
    no number ('##j2t%' at 0 for the title's other language)."""
    if j + 1 >= len(row.tokens):
        return False
    title, number = row.tokens[j], row.tokens[j + 1]
    figures = len(re.findall(r"\d", number.text))
    return (figures >= GARBLED_FIGURES or figures > 0 and number.confidence >= GARBLED) \
        and number.x0 - title.x1 <= 2 * RUN_ON * max(title.h, number.h)


GARBLED_FIGURES = 3  # figures in a word read as garble that still make it a number


def _label_at(row: Row, i: int, vocab: dict[str, list[tuple[str, str]]], phrase_end: dict[int, int],
              fuzzy: bool) -> LabelHit | None:
    """The longest label starting at token i within its phrase: written exactly, else nearly. A
    label read exactly to its phrase's end runs on into the next phrase close by when the two
    make a longer label: small print's word gaps ('Customer order' 'no.'); so does a caption's
    start OCR set apart from its rest ('イン' 'ボイスNo.'). A label ends at a money sign: its
    figure holds no misread word of it ('Balance due ¥ 1 6…' is no 'Balance due by')."""
    best: LabelHit | None = None
    acc = ""
    accs = []
    stop = phrase_end.get(i, len(row.tokens))
    for j in range(i, min(len(row.tokens), i + _MAX_TOKENS)):
        if j > i and _MONEY_SIGN.match(row.tokens[j].text):
            break
        if j >= stop:
            ends_label = best is not None and best.end == j
            starts_caption = vocab is FIELD_VOCAB and acc in _CAPTION_STARTS
            if not (ends_label or starts_caption) or not _close(row.tokens[j - 1], row.tokens[j]):
                break
            stop = phrase_end.get(j, len(row.tokens))
        acc += key(row.tokens[j].text)
        accs.append((j, acc))
        entry = _entry(acc, vocab) or _entry(_without_honorific(acc), vocab)
        if entry:
            field_name, label = entry[0]
            best = LabelHit(field_name, label, row, i, j + 1)
    if (best is not None and fuzzy and vocab is FIELD_VOCAB
            and (longer := _nearly_longer(row, i, best, accs, vocab)) is not None):
        return longer
    if best is None and fuzzy:
        for j, acc in reversed(accs):
            if acc in TITLE_KEYS and not _number_after(row, j):
                continue  # a title written out ('御請求書', 'INVOICE'), no label misread ('御請求額', 'Invoice #')
            if acc in TITLE_KEYS and vocab is FIELD_VOCAB:
                words = _number_word_after(row, j)  # 'Preisangebot Nr. AN-26-1102'
                if _numbered_title(row, j + words):
                    return LabelHit("document_number", row.tokens[i].text, row, i, j + 1 + words)
            found = _fuzzy(acc, vocab) or _fuzzy(_without_honorific(acc), vocab)
            if found and not _value_between(row, i, j, vocab):
                return LabelHit(found[0][0], found[0][1], row, i, j + 1)
    if best is not None and best.end < stop and key(row.tokens[best.end].text) in NUMBER_WORDS:
        # 'Votre commande' 'n°', 'Ihre Bestellung' 'Nr.': the word for a number is the caption's
        return LabelHit(best.field, best.label, row, i, best.end + 1)
    return best


def _value_between(row: Row, i: int, j: int, vocab: dict[str, list[tuple[str, str]]]) -> bool:
    """Whether a word of its own between a caption's words, taken out, leaves the caption written
    exactly: a value between two captions ('Serie: A Folio: 2291'), no letter OCR misread."""
    for k in range(i + 1, j):
        if re.fullmatch(r"[A-Z0-9]{1,3}", row.tokens[k].text.strip(":.")):
            rest = "".join(key(t.text) for n, t in enumerate(row.tokens[i:j + 1], i) if n != k)
            if rest in vocab:
                return True
    return False


def _nearly_longer(row: Row, i: int, best: LabelHit, accs: list[tuple[int, str]],
                   vocab: dict[str, list[tuple[str, str]]]) -> LabelHit | None:
    """A longer caption, one or two characters misread, whose start is a shorter caption written
    exactly: "Date d'scheance" is d'échéance's date, due, not 'Date', issued; 'PO mumber' is one
    caption, its misread word no 'Number' of the document's own; 'No. Reference' is no
    'PO Reference', which starts otherwise. (Columns' words, short and run together in a garbled
    header, are left as read.)"""
    for j, acc in reversed(accs):
        if j < best.end:
            break
        if acc in TITLE_KEYS:
            continue  # a title written out ('Tax Invoice'), no caption misread ('Tax Invoice #')
        found = _fuzzy(acc, vocab)
        if (found and len(key(found[0][1])) > len(key(best.label))
                and key(found[0][1]).startswith(key(best.label))):
            return LabelHit(found[0][0], found[0][1], row, i, j + 1)
    return None


_MONEY_SIGN = re.compile(r"[¥￥$€£\\]")  # (a backslash: a yen sign as OCR misreads it)
RUN_ON = 2.0  # text heights: a gap no wider than this may part the words of one caption


def _close(a: Token, b: Token) -> bool:
    return b.x0 - a.x1 <= RUN_ON * max(a.h, b.h)


def _sentence_before(tokens: list[Token]) -> bool:
    """Whether the words before a label are a sentence's, read cleanly ('Vermeld bij betaling het
    factuurnummer'): two or more words written in lower case straight before it, read cleanly or
    too long for a speck's garble ('betaling' read unsurely); garble further left ends the count."""
    return _sentence_words(reversed(tokens))


def _sentence_words(nearest_first: Iterable[Token]) -> bool:
    """Whether the words next to a label, nearest first, are a sentence's (`_sentence_before`)."""
    run = itertools.takewhile(lambda t: t.confidence >= GARBLED or _long_word(t), nearest_first)
    return sum(_long_word(t) or t.confidence >= GARBLED and _word(t) for t in run) >= 2


def _word(t: Token) -> bool:
    return re.fullmatch(r"[a-zß-ÿ]{2,}[,.]?", t.text) is not None


def _long_word(t: Token) -> bool:
    return re.fullmatch(r"[a-zß-ÿ]{4,}[,.]?", t.text) is not None


def _its_value_after(hit: LabelHit) -> bool:
    """Whether a value of the label's kind follows it straight: a date after a date's caption, a
    reference with figures after a number's ('Condición de venta Cuenta Corriente Orden de compra
    OC-26-0117', its colons lost: a caption after the words of another's value, no sentence's),
    past the caption's other language in brackets ('Số đơn đặt hàng (PO No.): 4500031215')."""
    at = hit.end
    if at < len(hit.row.tokens) and hit.row.tokens[at].text.startswith("("):
        at = next((k + 1 for k in range(at, min(at + 3, len(hit.row.tokens)))
                   if hit.row.tokens[k].text.rstrip(":.").endswith(")")), at)
    if at >= len(hit.row.tokens):
        return False
    value = hit.row.tokens[at].text
    if hit.field in ("issue_date", "due_date"):
        return parse_date(value) is not None
    return hit.field in ("document_number", "po_number") and len(value) >= 3 and bool(re.search(r"\d", value))


def _in_sentence(row: Row, start: int, hit: LabelHit) -> bool:
    """Whether a label found after garble stands in a sentence: clean words of one before the
    garble, or after the label ('Indique el nümero de factura en el concepto')."""
    return (_sentence_before(row.tokens[start:hit.start - 1])
            or _sentence_words(row.tokens[hit.end:hit.end + 3]))


def _phrase_starts(row: Row) -> set[int]:
    """Indexes of row tokens that begin a phrase, or a caption's second language after a slash
    ('請求書No. / Inv. No.', '支払日 /Payment date'), or a clause after a dash ('Bonifico bancario
    — scadenza 30/11/2026')."""
    starts: set[int] = set()
    i = 0
    for p in row.phrases:
        starts.add(i)
        i += len(p.tokens)
    for i, token in enumerate(row.tokens):
        if token.text in ("/", "|", "—", "–", "-") and i + 1 < len(row.tokens):
            starts.add(i + 1)
        elif token.text.startswith("/") and len(token.text) > 1:
            starts.add(i)
        elif i > 0 and is_cjk(token.text[0]) and _a_dates_end(row.tokens[:i]):
            starts.add(i)  # a caption set too close after the date before it to part the phrase
    return starts


def _a_dates_end(tokens: list[Token]) -> bool:
    """Whether the words end with a date ('2026.11.20', or '… 11 月 20 日'): a value, after which a
    Japanese caption runs on with no space ('請求締日 2026.11.20 発行日 2026.11.30')."""
    last = tokens[-1].text
    return parse_date(last) is not None or (last == "日" and len(tokens) > 1 and tokens[-2].text.isdigit())


# A caption's last word, after which its value or its other language follows.
CAPTION_TAILS = {key(w) for w in ("No.", "Nr.", "#", "Number", "Date", "Ref.", "番号")}


def _after_garble(row: Row) -> set[int]:
    """Indexes of row tokens that follow a garbled one inside a phrase: where a caption's second
    language may begin after its first language garbled ('aA NO, Invoice Number' for
    '請求書No. Invoice Number', '3847 Tax point'; 'YA ABS Bill Ref.', garble ending in a word read
    unsurely), or after its last word read cleanly past the garble ('MRE No. Invoice#' for
    '請求書No. Invoice #'). Only a label of two words or more
    counts there, never a title's lone 'INVOICE' or a bare 'No.' (`SURE_AFTER_GARBLE`)."""
    starts = _phrase_starts(row)
    tokens = row.tokens
    return {i + 1 for i, token in enumerate(tokens[:-1])
            if token.confidence < GARBLED or i in starts and _kanji_read_as_figures(token.text)
            or i > 0 and tokens[i - 1].confidence < GARBLED and (
                key(token.text) in CAPTION_TAILS or token.confidence < SURE)}


def _kanji_read_as_figures(text: str) -> bool:
    """A phrase's first word read as bare figures ('3847' for 請求日): a caption's first language
    OCR made digits of, never a value, which follows its caption."""
    return re.fullmatch(r"\d{2,6}", text) is not None


SURE_AFTER_GARBLE = 5  # characters of a label's key: 'Due by' and longer
_ONE_WORD_AFTER_GARBLE = frozenset({"issue_date", "due_date", "po_number"})


def _sure_after_garble(hit: LabelHit) -> bool:
    """Whether a label is sure enough to begin after garble: two words or more ('Invoice
    Number', also run into one, 'Invoice#'), or one written exactly that names a date or an
    order ('Payby'); never a title's lone 'INVOICE' or a bare 'No.'."""
    words = [t for t in hit.tokens if key(t.text)]
    if len(key(hit.label)) < SURE_AFTER_GARBLE:
        return False
    exact = key("".join(t.text for t in words)) == key(hit.label)
    return len(words) >= 2 or exact and (hit.field in _ONE_WORD_AFTER_GARBLE or len(hit.label.split()) >= 2)


def _over_its_garbled_start(hit: LabelHit, phrase_start: int, after_garble: set[int]) -> LabelHit:
    """A caption's second language found after its first one, garbled but for its last word,
    spans both: the garble from its phrase's start to that word ('MRE No. Invoice#' for
    '請求書No. Invoice #') is the caption's, and its value stands under the whole of it. (Garble
    that ends in no caption's last word may be the caption before's, run into this one.)"""
    tokens = hit.row.tokens
    if (hit.start > phrase_start and key(tokens[hit.start - 1].text) in CAPTION_TAILS
            and all(k + 1 in after_garble for k in range(phrase_start, hit.start))):
        return replace(hit, lead=hit.start - phrase_start)
    if _garbled_before_slash(tokens[phrase_start:hit.start + 1]):
        return replace(hit, lead=hit.start - phrase_start)
    return hit


def _garbled_before_slash(before: list[Token]) -> bool:
    """Whether a caption's words start with its first language, misread, and the slash that parts
    it from the second ('fe H ft / Issue dated' for '伝票日付 / Issue dated'): none of those words
    read surely, one garbled, no figure among them; or a few words of Japanese, read in part
    ('ポイ ス番号 / Bill Number' for 'インボイス番号 / Bill Number'). `before` runs to the caption's
    first word, which may be the slash."""
    cut = next((n for n, t in enumerate(before) if t.text in SLASHES), None)
    words = before[:cut]
    if cut is None or cut < len(before) - 2 or not words or any(c.isdigit() for t in words for c in t.text):
        return False
    misread = all(t.confidence < SURE for t in words) and any(t.confidence < GARBLED for t in words)
    return misread or len(words) <= 3 and all(is_cjk(t.text[0]) for t in words)


SLASHES = ("/", "／")


def caption_ids(hits: dict[int, list[LabelHit]]) -> set[int]:
    """The ids of every token a label was found in: no value of any field."""
    return {id(t) for row_hits in hits.values() for hit in row_hits for t in hit.tokens}


def find_labels(
    row: Row, vocab: dict[str, list[tuple[str, str]]], *, anywhere: bool = False, fuzzy: bool = True,
    inside: bool = False, aligned: frozenset[int] = frozenset(),
) -> list[LabelHit]:
    """Labels in a row, longest first at each position, not overlapping, left to right.

    With `inside`, a long, specific label ('Invoice Number', '請求書番号') counts inside a phrase
    too, as exactly written: a caption row OCR ran into garble before it (never a sentence's
    'please quote the invoice number'). `aligned` tokens start a label as a phrase's first does:
    they stand where a column of the rows around begins ('Due Date' close after an address line,
    under 'Date of Issue').
    """
    hits: list[LabelHit] = []
    phrase_start: dict[int, int] = {}  # token index -> start of its phrase
    phrase_end: dict[int, int] = {}  # token index -> end (exclusive) of its phrase
    i = 0
    for p in row.phrases:
        end = i + len(p.tokens)
        for j in range(i, end):
            phrase_start[j], phrase_end[j] = i, end
        i = end
    # (never a column's head inside a sentence: 'T/T 30 days from invoice date')
    aligned = frozenset(i for i in aligned if not _sentence_before(row.tokens[phrase_start[i]:i]))
    starts = _phrase_starts(row) | aligned if not anywhere else set(range(len(row.tokens)))
    after_garble = _after_garble(row) - starts
    i = 0
    n = len(row.tokens)
    while i < n:
        if i not in starts and i in after_garble:
            best = _label_at(row, i, vocab, phrase_end, fuzzy)
            if best is not None and _sure_after_garble(best) and not _in_sentence(row, phrase_start[i], best):
                best = _over_its_garbled_start(best, phrase_start[i], after_garble)
                hits.append(best)
                starts.add(best.end)
                i = best.end
                continue
        if i not in starts:
            in_sentence = _sentence_before(row.tokens[phrase_start[i]:i])
            best = _specific_label(row, i, vocab) if inside else None
            if best is not None and in_sentence and not _its_value_after(best):
                best = None
            if best is None and inside and _after_a_value(row, i, phrase_start[i]):
                best = _label_at(row, i, vocab, phrase_end, False)
                best = best if best is not None and best.end - best.start >= 2 and _number_after(row, best.end - 1) \
                    else None
            if best is not None:
                hits.append(_over_its_garbled_start(best, phrase_start[i], after_garble))
                starts.add(best.end)
            i = best.end if best is not None else i + 1
            continue
        best = _label_at(row, i, vocab, phrase_end, fuzzy)
        if best is not None:
            hits.append(_over_its_garbled_start(best, phrase_start[i], after_garble))
            i = best.end
            starts.add(i)  # a caption row OCR ran into one phrase: the next label starts where one ends
        else:
            i += 1
    return _other_language_after_slash([hit for hit in hits if not _a_references_prefix(hit)])


def _other_language_after_slash(hits: list[LabelHit]) -> list[LabelHit]:
    """A caption's other language after its slash is the same field's, where only a misreading of
    a word read as garble named another ('請求書No./' 'Pa Number', 'Pa' at 27, is no 'PO Number':
    the slash parts one caption's two languages). A label written out there stays its own
    ('Subtotal /' 'Tax'), and so does one read clearly but for a letter ('Invoice re')."""
    out = list(hits)
    for n in range(1, len(out)):
        before, hit = out[n - 1], out[n]
        if (before.end == hit.start and before.field != hit.field and before.tokens[-1].text.endswith(SLASHES)
                and key("".join(t.text for t in hit.tokens)) != key(hit.label)
                and any(t.confidence < GARBLED for t in hit.tokens)):
            out[n] = replace(hit, field=before.field, label=before.label)
    return out


def _a_references_prefix(hit: LabelHit) -> bool:
    """Whether a label's last word ends in a dash or slash that runs into figures ('PO-' '2026-06579',
    the space OCR put in an order number): the start of a reference, no caption (a slash alone
    parts a caption's two languages: 'Subtotal' '/' '小計')."""
    last = hit.tokens[-1]
    after = hit.row.tokens[hit.end] if hit.end < len(hit.row.tokens) else None
    return (after is not None and re.search(r"[A-Za-z][-/]$", last.text) is not None and after.text[:1].isdigit()
            and after.x0 - last.x1 < 0.5 * last.h)
