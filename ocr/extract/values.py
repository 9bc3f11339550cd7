"""Header values read from the tokens beside a label: references, dates and currencies.

Each parser takes a label's value tokens and gives (value, the tokens it used) or None:
`PARSERS` by field, `parsers_for` with dates read in the document's own order (`date_order`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ocr.extract import tnumber
from ocr.extract.layout import GARBLED, SURE, PageDocument, Token, join_tokens
from ocr.parse import DIGIT_LOOKALIKES, detect_currency, names_month_end, normalise, parse_date


def letters_prefix(reference: str) -> str:
    """A reference's short letter prefix with a zero OCR read for the letter O or a one for I:
    'P0-2026-…' is 'PO-2026-…', '0S-0387' is 'OS-0387'; a stroke after it the slash the rest
    shows ('Al26/0661' is 'A/26/0661'); and letters O for the zeros after the
    letters ('HKO0168' is 'HK00168'). A prefix of digits only stays as printed;
    a one stays a one (a sure second look decides: `second_look.identifier_letters`)."""
    # A first capital I read as a one, or as a lower-case j or l ('1N2612/875', 'jN2611/289').
    reference = re.sub(r"^[1jl](?=[A-Z]{1,3}\d)", "I", reference)
    # A stroke between capitals and digits where a slash divides the rest: the slash ('Al26/0661');
    # so is a capital I after a lone letter, before a year's two digits and a slash ('AI26/0485').
    reference = re.sub(r"^([A-Z]{1,3})[l|](?=\d+/)|^([A-Z])I(?=\d\d/)", r"\g<1>\g<2>/", reference)
    # A lower-case l among a prefix's capitals is their I ('Sl-104274' is 'SI-104274').
    reference = re.sub(r"^(?=[A-Z]*l[A-Z]*[-/])(?=[A-Za-z]*[A-Z])([A-Z]{0,2})l", r"\g<1>I", reference)
    # A zero read as a letter O (or Q) where the letters end and the zeros begin: 'HKO0168' is
    # 'HK00168', 'FAQ00538' is 'FA000538', 'BO00425' is 'B000425' (but 'PO00123' is an order's).
    reference = re.sub(r"^([A-Z]{2,3})[OQ](?=0\d)|^((?!P)[A-Z])O(?=00\d)", lambda m: (m.group(1) or m.group(2)) + "0",
                       reference)
    # ... or two of them and more before the digits ('INVOO87' is 'INV0087', 'BOO1106' is 'B001106')
    reference = re.sub(r"^([A-Z]{2,3}|(?!P)[A-Z])([OQ]{2,})(?=[1-9])", lambda m: m.group(1) + "0" * len(m.group(2)),
                       reference)
    # no capitals' reference has an 'o' ('Boo0965' is 'B000965')
    reference = re.sub(r"^([A-Z]{1,3})(o+)(?=\d)", lambda m: m.group(1) + "0" * len(m.group(2)), reference)
    m = re.match(r"([A-Z0]{2,4})(?=[-/])", reference)
    if not m or "0" not in m.group(1) or not re.search(r"[A-NP-Z]", m.group(1)):
        return reference
    return m.group(1).replace("0", "O") + reference[m.end():]


def two_marks_together(reference: str) -> bool:
    """No reference runs two marks together ('1/3//294887264' is a garbled T-number)."""
    return re.search(r"[-/_.]{2}", reference) is not None


# A letter OCR read for a figure between figures of a group of them ('0S263' in PO-2026-0S263).
_LETTER_AMONG_FIGURES = re.compile(r"(?<=\d)[SOGBZIlDQ](?=\d)")
_SMALL_AMONG_FIGURES = re.compile(r"(?<=\d)[ilo](?=\d)")


def figures_among_figures(reference: str) -> str:
    """A reference whose groups (between its dashes and slashes) are figures, one of them with a
    letter between its figures that OCR reads for a figure: the figure ('PO-2026-0S263' is
    PO-2026-05263). A letter that starts a group ('G5306', 'A0123') may be its series: it stays.
    A small i, l or o between figures is a figure in any reference ('B0001i1'): references print
    their letters as capitals."""
    reference = _SMALL_AMONG_FIGURES.sub(lambda m: DIGIT_LOOKALIKES[m.group()], reference)
    groups = re.split(r"([-/])", reference)
    figures = [g for g in groups[::2] if g.isdigit()]
    odd = [k for k, g in enumerate(groups) if k % 2 == 0 and not g.isdigit() and len(g) >= 4
           and len(_LETTER_AMONG_FIGURES.findall(g)) == 1 and sum(c.isdigit() for c in g) == len(g) - 1]
    if len(odd) != 1 or not figures:
        return reference
    k = odd[0]
    groups[k] = _LETTER_AMONG_FIGURES.sub(lambda m: DIGIT_LOOKALIKES[m.group()], groups[k])
    return "".join(groups)


def marks_as_letters(reference: str) -> str:
    """No reference starts with '$': an S; nor with '£' before a zero: an E."""
    reference = re.sub(r"^\$(?=[A-Za-z0-9]+[-/]|\d{4,}$)", "S", reference)
    return re.sub(r"^£(?=0\d{3,}$|[A-Za-z0-9]+[-/])", "E", reference)


# Marks OCR reads around a reference and no part of it: punctuation, the end of a rule under it,
# quotes (a speck before it: '”PO-2026-07100').
AROUND_REFERENCE = " :#.,;_~‘’“”'\"`"


# A reference printed as one word with its 'No.' ('No.000474'): it names itself a number.
NUMBER_MARK = re.compile(r"No\.\d{3,}")


def clean_reference(text: str) -> str:
    """A reference read alone (no caption's parser before it): the marks around it stripped, a
    '|' ending it after a dash the letter I, a mark starting it the letter it stands for, the
    look-alikes of its prefix put back; a 'No.' run into letters of its own ('No.SH-2605-1242')
    no part of it ('No.000474', digits alone, is printed so)."""
    text = _NUMBER_BEFORE_LETTERS.sub("", text.strip(AROUND_REFERENCE))
    return figures_among_figures(letters_prefix(marks_as_letters(re.sub(r"(?<=[-/])\|$", "I", dashes_read_back(text)))))


_NUMBER_BEFORE_LETTERS = re.compile(r"^(?i:no\.|nr\.|#)(?=[A-Za-z]{1,4}[-/]?\d)")


# A reference that names itself an order ('PO-2026-06926', 'P.O. 4711'), after its buyer's
# prefix ('KPF-PO-26-1218'); its O read as a Q before a dash ('PQ-2026-05037', a fax's).
ORDER_SHAPED = re.compile(r"(?i:P\.?O\.?[-/#]?\d[\w\-/]{2,})|PQ-\d[\w\-/]{2,}|[A-Z]{1,5}[-/]PO[-/]\d[\w\-/]{2,}")

# An address's block number ('2-4-1', read '2-4.1'): no reference.
ADDRESS_BLOCK = re.compile(r"\d{1,2}[-.]\d{1,2}(?:[-.]\d{1,2})?[-.]?")  # ('7-9-' where its last number ran on)


def _a_registration_number(text: str) -> bool:
    """A T-number, as printed or with a digit read as a look-alike letter ('TS021393497404'), or
    garbled past reading but still a T and thirteen characters or so, nearly all digits
    ('TS8T89278209638')."""
    if re.fullmatch(r"T[0-9A-Z]{12,14}", text) and len(re.findall(r"\d", text)) >= 11:
        return True
    return len(text) >= 14 and any(r.start == 0 and r.end == len(text) for r in tnumber.readings(text))


def _a_word_with_digits(text: str) -> bool:
    """A word in lower case with a number ('2-chome' of an address, '3rd-floor'): no reference
    prints four letters in a row and no capital, nor two words of them ('Shin-Yokohama.2-chome');
    nor is a measure one ('500g', '1.5kg', '18L'), nor a name's word with one letter read as a
    figure ('S6hne' for Söhne)."""
    words = re.findall(r"[a-z]{4,}", text)
    return (bool(words) and re.search(r"[A-Z]", text) is None or len(words) >= 2
            or _MEASURE.fullmatch(text) is not None or _LETTER_AS_FIGURE.fullmatch(text) is not None)


_LETTER_AS_FIGURE = re.compile(r"[A-Z]?[a-z]*\d[a-z]{3,}")  # one figure among small letters, three after it


# A date written with figures, or with its month named ('2026/11/12', '12.11.2026', '22-Jan-2027').
_DATE_SHAPED = re.compile(
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{1,2}[-/.][A-Za-z]{3,9}[-/.]\d{2,4}")
_THOUSANDS = re.compile(r"\d{1,3}(?:[.,]\d{3})+")
MONTH_AND_DAY = re.compile(r"(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])")  # a date without its year
_MEASURE = re.compile(r"\d+(?:[.,]\d+)?(?:[kmµ]?g|[mc]?[lL]|[mck]?m|oz|lbs?)")


_YEARS_NUMBER = re.compile(r"[A-Z]{0,2}(?:19|20)\d\d/\d{1,6}|[A-Z]/\d{1,6}")  # 'A2026/318', 'A/1267'
# A kanji or katakana naming a number's series ('見' for 見積, 'オ'); 第…号 wrap a number instead
_SERIES_KANJI = r"(?![第号])[\u4e00-\u9fff\u30a1-\u30fa]"
_KANJI_PREFIX = re.compile(rf"({_SERIES_KANJI}-?)(\d[\d\-/]*\d)")


def _run_on(tokens: list[Token], t: Token, s: str) -> tuple[str, Token]:
    """A number read up to token t (its text s) with its rest read unsurely as a piece of figures
    close after it ('IN26' '11/584' for IN2611/584, from a photo): the whole, and its last piece."""
    at = next((k for k, u in enumerate(tokens) if u is t), None)
    if at is None or at + 1 >= len(tokens) or not re.fullmatch(r"[A-Z]{1,4}\d{1,4}", s):
        return s, t
    piece = tokens[at + 1]
    close = piece.x0 - t.x1 < RUN_ON * max(t.h, piece.h)
    if close and min(t.confidence, piece.confidence) < SURE and re.fullmatch(r"\d+[/-]\d+", piece.text):
        return s + piece.text, piece
    return s, t


RUN_ON = 0.3  # of the text's height: at most this between a number and a piece of it OCR read apart


def _one_number_in_pieces(tokens: list[Token], i: int, s: str) -> tuple[str, Token] | None:
    """One number OCR read as pieces from token i (whose text, cleaned, is s), and its last token:
    pieces touching ('0' '041300', '202' '6/04' '7'), or figures about a full-width dash read as
    a kanji ('2026' '一' '103' for 第2026－103号)."""
    if _dash_read_as_a_kanji(tokens, i, s):
        return s + "-" + tokens[i + 2].text, tokens[i + 2]
    return _touching_pieces(tokens, i)


def _dash_read_as_a_kanji(tokens: list[Token], i: int, s: str) -> bool:
    """Whether a number's full-width dash stands between its figures read as a kanji one or a long
    vowel ('2026' '一' '103'), close on both sides."""
    if i + 2 >= len(tokens) or not re.fullmatch(r"[A-Z]*\d+", s):
        return False
    t, dash, rest = tokens[i : i + 3]
    return (dash.text in ("一", "ー", "－") and re.fullmatch(r"\d+", rest.text) is not None
            and dash.x0 - t.x1 < 0.5 * t.h and rest.x0 - dash.x1 < 0.5 * t.h)


# The dash after a series' letters read as a full stop ('SK.2610-0044' for SK-2610-0044), or as
# a middle dot ('U・261029-004') ...
_DASH_READ_AS_STOP = re.compile(r"^([A-Z]{1,5})[.・･·](?=\d+-\d)")
# ... or its last dash read as a tilde ('R26-10~3318'; never a period's '10/20~10/31').
_DASH_READ_AS_TILDE = re.compile(r"^([A-Z]{0,5}\d+-\d+)~(?=\d+$)")


def dashes_read_back(text: str) -> str:
    """A number's dashes that OCR read as other marks, where it prints dashes of its own: a stop
    after its series' letters ('SK.2610-0044'), a tilde before its last figures ('R26-10~3318')."""
    return _DASH_READ_AS_TILDE.sub(r"\1-", _DASH_READ_AS_STOP.sub(r"\1-", text))


def parse_identifier(tokens: list[Token]) -> tuple[str, list[Token]] | None:
    """An invoice/quote/order number: printed in groups evenly spaced, else the first token with a
    digit, shaped like a reference."""
    return _in_spaced_groups(tokens) or _letter_spaced(tokens) or _first_reference(_without_citations(tokens))


_DOTS = ("・", "･", "·")  # a dash OCR read as a middle dot


# A law's or an article's name before its number ('D.P.R. 472/96', 'art. 21', '§ 14 UStG'): a citation.
_LAW = re.compile(r"(?i)\(?(d\.?p\.?r|d\.?\s?lgs|dl|art|§|ustg|cgi|dpr)\.?,?")


def _without_citations(tokens: list[Token]) -> list[Token]:
    """The tokens but a law's name and the number cited after it."""
    cited = {n for n, t in enumerate(tokens[:-1]) if _LAW.fullmatch(t.text)}
    return [t for n, t in enumerate(tokens) if n not in cited and n - 1 not in cited]


def _first_reference(tokens: list[Token]) -> tuple[str, list[Token]] | None:
    """The first token with a digit, shaped like a reference, with the pieces OCR split it into."""
    for i, t in enumerate(tokens):
        s = t.text.strip(AROUND_REFERENCE).lstrip("|")  # (a table's rule before it)
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        h = t.h
        dash = tokens[i + 2] if i + 2 < len(tokens) and after is not None and after.text in ("-", "/", *_DOTS) else None
        if (dash is not None and (re.fullmatch(r"[A-Z]{2,4}", s) or after.text in _DOTS and re.fullmatch(r"[A-Z]", s))
                and re.fullmatch(r"\d[-/\w]*|[A-Z]{2,4}[-/]\d[-/\w]*", dash.text)
                and after.x0 - t.x1 < h and dash.x0 - after.x1 < h):
            # 'ARD' '-' '26-0557', 'NSW' '/' 'EXP/26-27/0142': a prefix OCR (or its slash) set apart;
            # 'U' '・' '261029-004': its dash read as a middle dot
            s, t, after = s + ("-" if after.text in _DOTS else after.text), after, dash
        series = after is not None and s[-1:] in ("-", "/") and re.fullmatch(r"[A-Z]{2,4}[-/]\d[-/\w]*", after.text)
        series_before = ""
        if series_apart(t, after):
            series_before, s, t, after = s + " ", after.text, after, None
        if re.fullmatch(r"[A-Z]{1,2}|[A-Z]{1,4}[-/]", s) and after is not None and (
                after.text[:1].isdigit() or series) and after.x0 - t.x1 < h:
            if re.fullmatch(r"\d{3}-\d{4}", after.text.strip(" :#.,;")):
                continue  # '〒330-0854' with its mark misread as a letter: a postal code
            s, t = s + after.text.strip(" :#.,;"), after  # 'F 2026-0704', 'OF 2612-742': a prefix OCR set apart
        elif (after is not None and re.fullmatch(rf"[A-Z]{{1,4}}|{_SERIES_KANJI}", s)
              and re.fullmatch(r"[-/A-Z0-9]+", after.text)
              and re.search(r"\d", after.text) and after.x0 - t.x1 < 0.25 * h):
            s, t = s + after.text, after  # 'EST' '-000087', 'F' 'A2026-01043', '見' '26-0757': one word given as two
        elif (after is not None and re.search(r"[-/]\d{1,3}$", s) and re.fullmatch(r"\d{1,4}", after.text)
              and after.x0 - t.x1 < 0.5 * t.h):
            s, t = s + after.text, after  # 'PO-2026-07' '183': its last digits OCR split off, touching it
        elif (after is not None and re.search(r"[-/]\d+$", s) and re.fullmatch(r"\d{1,2}", after.text)
              and after.x0 - t.x1 < 0.2 * t.h):
            s, t = s + after.text, after  # 'PO-2026-0742' '8': its last figure read apart, touching it
        elif (after is not None and re.fullmatch(r"[A-Z]*[-/]?(?:\d{2,4}[-/])+", s)
              and re.fullmatch(r"\d{3,6}", after.text) and after.x0 - t.x1 < t.h):
            s, t = s + after.text, after  # '26-' '0684', 'PO-2026-' '06994': a space OCR read after the dash
        elif (pieces := _one_number_in_pieces(tokens, i, s)) is not None:
            s, t = pieces
        s, t = _run_on(tokens, t, s)
        s = marks_as_letters(_last_mark(s))
        if not re.fullmatch(r"(?i)no\.\d{3,}", s):  # 'No.000478' printed as one word is the number
            s = re.sub(r"^(?i:no\.?|#)", "", s).strip(" :#")
        s = re.sub(r"^(?i:number|nummer|numero|numéro|nr\.?)(?=\d)", "", s)  # a caption run into it
        s = re.sub(r"^[A-Za-z]{5,}\.?#(?=[A-Z0-9])", "", s)  # ... a word with its '#' ('Imnvoice#2610-0407')
        s = figures_among_figures(letters_prefix(dashes_read_back(s)))
        kanji = ""
        if (m := _KANJI_PREFIX.fullmatch(s)) is not None:
            kanji, s = m.groups()  # '見26-0757', 'オ-2610-087': the series' kanji, part of the number
        if (
            len(s) >= 2
            and re.search(r"\d", s)
            # a day, a count, a page, a postal code, an address's block number
            and not re.fullmatch(r"\d{1,3}|\d{3}-\d{4}", s) and not ADDRESS_BLOCK.fullmatch(s)
            and (len(s) >= 4 or len(re.findall(r"\d", s)) >= 2)  # a garbled word ('2X'), no reference
            and re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9\-/_.#]*", s)
            and not two_marks_together(s)
            and not _a_registration_number(s)
            and not _a_word_with_digits(s)
        ):
            if parse_date(s) and _DATE_SHAPED.fullmatch(s) or MONTH_AND_DAY.fullmatch(s):
                continue  # a date ('2026/11/12', '22-Jan-2027'), or a month and day ('06/28': a closing day)
            if _THOUSANDS.fullmatch(s):
                continue  # an amount ('5.200', '12,340'), its thousands set apart
            if re.fullmatch(r"\d{4}", s) and (parse_date(join_tokens(tokens)) or _year_of_kanji_date(tokens, i)):
                continue  # the year of a date ('9 octobre 2026', '2026年月16日' with its month lost)
            if slashes_read_as_strokes(s):
                continue  # '1410712026': 14/07/2026, its slashes read as ones
            if s.isdigit() and digit_run_dates(s) and any(
                    re.search(r"[A-Za-z]", u.text) and re.search(r"\d", u.text) for u in tokens[i + 1:]):
                continue  # a kanji date read as digits, run into the row of values before the reference
            if t.confidence < GARBLED and any(u.confidence >= GARBLED and re.search(r"\d", u.text)
                                              for u in tokens[i + 1:]):
                continue  # garble (a caption's other language) before a cleanly read value
            if t.confidence < GARBLED and len(re.findall(r"\d", s)) < 3:
                continue  # garble with a digit or two in it ('mkS3', '2H5'): no reference
            return series_before + kanji + s, [u for u in tokens[i:tokens.index(t) + 1]]
        if i >= 2:
            break
    return None


SPACED_GROUPS = 3  # pieces, at least, of a number printed in groups evenly spaced


def _in_spaced_groups(tokens: list[Token]) -> tuple[str, list[Token]] | None:
    """A number printed as its series' letters and groups of figures set evenly apart, nothing
    after it ('FV  2026  10  0457'): the groups as printed, one number, no series before a year."""
    run = tokens[:next((i for i, t in enumerate(tokens) if not re.fullmatch(r"\d{2,6}", t.text)), len(tokens))] \
        if tokens and tokens[0].text.isdigit() else []
    if tokens and re.fullmatch(r"[A-Z]{1,4}", tokens[0].text):
        rest = tokens[1:]
        run = tokens[:1 + next((i for i, t in enumerate(rest) if not re.fullmatch(r"\d{2,6}", t.text)), len(rest))]
    if len(run) < SPACED_GROUPS or len(run) < len(tokens) or sum(t.text.isdigit() for t in run) < 2:
        return None
    gaps = [b.x0 - a.x1 for a, b in itertools.pairwise(run)]
    h = max(t.h for t in run)
    text = " ".join(t.text for t in run)
    if min(gaps) <= 0 or max(gaps) > 2 * h or max(gaps) > 1.5 * min(gaps) or parse_date(text) \
            or re.fullmatch(r"\d{1,2} \d{1,2} \d{4}|\d{4} \d{1,2} \d{1,2}", text):
        return None  # (a date's parts set apart)
    return text, run


LETTER_SPACED = 5  # characters at least, each its own word: a number printed letter-spaced
LETTER_PITCH = 3.0  # text heights: at most this from one character's middle to the next's ...
EVEN_PITCH = 1.35  # ... and the widest step at most this many times the narrowest


def _letter_spaced(tokens: list[Token]) -> tuple[str, list[Token]] | None:
    """A number printed letter-spaced, each of its characters its own word at an even pitch
    ('S F 2 6 - 1 1 0 3' in a band under the title): its characters run together, up to the
    first word of more."""
    run = list(itertools.takewhile(lambda t: re.fullmatch(r"[A-Z0-9/-]", t.text) is not None, tokens))
    if len(run) < LETTER_SPACED or sum(t.text.isdigit() for t in run) < 3:
        return None
    steps = [(b.x0 + b.x1 - a.x0 - a.x1) / 2 for a, b in itertools.pairwise(run)]
    pitch = min(steps)
    if pitch <= 0 or pitch > LETTER_PITCH * max(t.h for t in run):
        return None
    text = run[0].text
    for step, t in zip(steps, run[1:], strict=True):
        if step > EVEN_PITCH * pitch and abs(step / pitch - 2) > EVEN_PITCH - 1:
            return None
        # (two steps' width: a dash there, dropped as a rule's remains: 'S F 2 6 · 0 9 1 7')
        text += ("-" if step > EVEN_PITCH * pitch else "") + t.text
    return text, run


def _touching_pieces(tokens: list[Token], i: int) -> tuple[str, Token] | None:
    """A number OCR read as pieces of figures touching one another, its first three figures at
    most ('0' '041300', '202' '6/04' '7' for 2026/047): the pieces' text, and the last piece."""
    first = last = tokens[i]
    if not re.fullmatch(r"\d{1,3}", first.text):
        return None
    text = first.text
    for piece in tokens[i + 1 : i + 4]:
        if not re.fullmatch(r"[\d/-]+", piece.text) or piece.x0 - last.x1 >= 0.2 * max(first.h, piece.h):
            break
        text, last = text + piece.text, piece
    return (text, last) if last is not first and len(text) >= 4 else None


def _last_mark(s: str) -> str:
    """A reference's last character as printed: a '|' (or an 'l' in a word of no other lower
    case: a capital I printed without serifs) after a dash is the letter I; a slash after its
    last figure parts it from a remark ('P26-04455/媒体費…')."""
    s = re.sub(r"(?<=[-/])\|$", "I", s)
    s = re.sub(r"(?<=\d)/$", "", s)
    return s if re.search(r"[a-km-z]", s) else re.sub(r"(?<=[-/])l$", "I", s)


def series_apart(t: Token, after: Token | None) -> bool:
    """Whether a word is the document's series printed a space before its number of the year
    ('FT' 'A2026/318', 'FT' 'A/1267'), both read surely."""
    return (after is not None and re.fullmatch(r"[A-Z]{2,3}", t.text) is not None
            and _YEARS_NUMBER.fullmatch(after.text) is not None
            and after.x0 - t.x1 < 0.6 * t.h and min(t.confidence, after.confidence) >= SURE)


def _year_of_kanji_date(tokens: list[Token], i: int) -> bool:
    """Whether token i is a year with 年 after it: a kanji date's, however OCR garbled the rest."""
    return i + 1 < len(tokens) and tokens[i + 1].text.startswith("年") and tokens[i].text.startswith(("19", "20"))


def _parse_date_value(tokens: list[Token], order: DateOrder | None = None) -> tuple[date, list[Token]] | None:
    """The date the tokens print, and the tokens it takes: none after it (the start of the next
    value of a grid OCR ran together), nor from a postal mark's address on ('〒900-0001 那覇市港町2-8-14',
    whose block number reads as a date)."""
    tokens = list(itertools.takewhile(lambda t: not t.text.startswith("〒"), tokens))

    def read(run: list[Token]) -> date | None:
        text = join_tokens(run)
        return ((order.parse(text) if order else parse_date(text)) or _compact_date(text)
                or stroke_slashed_date(text, order.day_first if order else True) or _garbled_kanji_date(text)
                or next(iter(digit_run_dates(text)), None))

    d = read(tokens) if tokens else None
    if d is None:
        return None
    while len(tokens) > 1 and read(tokens[:-1]) == d:
        tokens = tokens[:-1]
    return d, tokens


_COMPACT_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")


def _compact_date(text: str) -> date | None:
    """A date printed as eight digits, year first ('20261031'), found only under a date's label."""
    m = _COMPACT_DATE.search(normalise(text))
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    except ValueError:  # 20260231
        return None


# 2026年11月2日 with its 年, 月 and 日 misread as a character or two each ('20264F114 2H'): a
# year, then month and day each behind one or two non-digits (or a stray digit and one, or, for
# the month's, nothing but a space: '20264F12 30H').
_GARBLED_KANJI_DATE = re.compile(
    r"(?<!\d)((?:19|20)\d\d)\s*\d?[^\d\s][^\d\s]?\s*(1[0-2]|0?[1-9])\s*(?:\d?[^\d\s]|\d(?=\s)|(?=\s))\s*"
    r"([12]\d|3[01]|0?[1-9])(?!\d)")


def _garbled_kanji_date(text: str) -> date | None:
    """A date printed with kanji OCR could not read, found only under a date's label."""
    m = _GARBLED_KANJI_DATE.search(normalise(text))
    if m is None:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


# 2026年11月30日 with each of 年, 月 and 日 read as one digit or lost: '20264118308', '2026110308'.
_DIGIT_RUN = re.compile(r"(?<!\d)((?:19|20)\d\d)(\d{5,9})(?!\d)")


_STROKE_SLASHED = re.compile(r"(\d{1,2})[17Il|](\d{1,2})[17Il|](20\d\d)")


def slashes_read_as_strokes(text: str) -> bool:
    """Whether a run of digits is a day, a month and a year whose slashes OCR read as ones or
    sevens ('1410712026' for 14/07/2026), day or month first."""
    return stroke_slashed_date(text) is not None


def stroke_slashed_date(text: str, day_first: bool = True) -> date | None:
    """The date of a run of digits that is a day, a month and a year whose slashes OCR read as
    ones or sevens ('2010212027' for 20/02/2027), in the document's order where both are dates."""
    m = _STROKE_SLASHED.fullmatch(text)
    if m is None:
        return None
    a, b, year = (int(g) for g in m.groups())
    for day, month in ((a, b), (b, a)) if day_first else ((b, a), (a, b)):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return None


def digit_run_dates(text: str) -> list[date]:
    """Every date a run of digits under a date's label can be, read as a kanji date whose marks
    OCR turned into digits: the readings that keep the most marks first. Which one the document
    meant is for its other date to say (`choose`)."""
    m = _DIGIT_RUN.search(normalise(text).replace(" ", ""))
    if m is None:
        return []
    year, rest = int(m.group(1)), m.group(2)
    readings: list[tuple[int, date]] = []
    for marks in ((1, 1, 1), (0, 1, 1), (1, 1, 0), (0, 1, 0)):
        for month_digits in (2, 1):
            start = marks[0]
            day_start = start + month_digits + marks[1]
            day_digits = len(rest) - day_start - marks[2]
            if not 1 <= day_digits <= 2:
                continue
            month, day = rest[start:start + month_digits], rest[day_start:day_start + day_digits]
            if month.startswith("0") or (day.startswith("0") and day_digits == 2):
                continue
            try:
                readings.append((3 - sum(marks), date(year, int(month), int(day))))
            except ValueError:
                continue
    readings.sort(key=lambda pair: pair[0])
    return list(dict.fromkeys(d for _, d in readings))


_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?!\d)")


@dataclass(frozen=True)
class DateOrder:
    """How a document writes numeric dates: day or month first (31/10/2026, 10/31/2026), and
    whether two-figure parts are year, month, day ('26/03/15', as Japanese documents print them)."""

    day_first: bool
    year_first: bool = False
    assumed: bool = False  # no date of the document's told day from month: the order its money suggests

    def parse(self, text: str | None) -> date | None:
        return parse_date(text, day_first=self.day_first, year_first=self.year_first)


def date_order(doc: PageDocument, currency: str | None) -> DateOrder:
    """The document's date order. Its own dates tell day from month, where one has a day above
    12; otherwise documents in dollars are taken to write the month first, as American ones do,
    and all others the day. A yen document in Japanese writes two-figure dates year first."""
    votes = 0
    for row in doc.rows:
        for m in _NUMERIC_DATE.finditer(normalise(row.text)):
            first, second = int(m.group(1)), int(m.group(2))
            votes += (first > 12 >= second) - (second > 12 >= first)
    return DateOrder(votes > 0 if votes else currency != "USD", year_first=currency == "JPY" and doc.has_japanese,
                     assumed=not votes)


def parsers_for(order: DateOrder) -> dict[str, Callable[[list[Token]], tuple[Any, list[Token]] | None]]:
    """The value parsers, dates read in the document's own order."""
    def dates(tokens: list[Token]) -> tuple[date, list[Token]] | None:
        return _parse_date_value(tokens, order)

    def issued(tokens: list[Token]) -> tuple[date, list[Token]] | None:
        return _issue_date(dates(tokens))

    return {**PARSERS, "issue_date": issued, "due_date": dates}


def _issue_date(found: tuple[date, list[Token]] | None) -> tuple[date, list[Token]] | None:
    """A date read for the issue date, unless written as a month's end: a due date's way
    ('2027年5月末日' under 請求年月日 on a page printing its captions under their values)."""
    return None if found is not None and names_month_end(join_tokens(found[1])) else found


def _parse_issue_date(tokens: list[Token]) -> tuple[date, list[Token]] | None:
    return _issue_date(_parse_date_value(tokens))


def _parse_currency_value(tokens: list[Token]) -> tuple[str, list[Token]] | None:
    c = detect_currency(join_tokens(tokens))
    return (c, tokens) if c else None


def _parse_own_number(tokens: list[Token]) -> tuple[str, list[Token]] | None:
    """The document's own number: an identifier that does not name itself an order."""
    found = parse_identifier(tokens)
    return None if found is not None and ORDER_SHAPED.fullmatch(str(found[0])) else found


PARSERS: dict[str, Callable[[list[Token]], tuple[Any, list[Token]] | None]] = {
    "document_number": _parse_own_number,
    "po_number": parse_identifier,
    "issue_date": _parse_issue_date,
    "due_date": _parse_date_value,
    "currency": _parse_currency_value,
}
