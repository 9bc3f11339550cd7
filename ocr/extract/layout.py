"""Page geometry for extraction: OCR words as small tokens, straightened, grouped into rows and phrases.

Words are split where Japanese meets Latin text and at colons, so that a label glued to
its value ('登録番号:T123…', 'Tax(10%)') still yields separate tokens. Coordinates are
rotated by the page's skew (estimated from the OCR lines) so that a row of a photographed
table stays one row; each token keeps its original box for reporting.
"""

from __future__ import annotations

import functools
import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ocr.model import Page, Word
from ocr.parse import normalise


def is_cjk(ch: str) -> bool:
    """True for Japanese/Chinese characters (kana, kanji, CJK punctuation)."""
    o = ord(ch)
    return 0x3000 <= o <= 0x30FF or 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF


JAPANESE_READ = 60  # a word of kana or kanji read with less confidence than this may be another script's garble
_RULE_GLYPHS = "ー一・"  # a rule or a dot as OCR reads it, in Japanese glyphs
_KANA_OR_KANJI = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
GARBLED = 50  # a word OCR read with less confidence than this is garble
GUESSED = 30  # ... and with less than this only guessed: no guide to what is printed there (0: a text layer's)
SURE = 85  # a word read with at least this much confidence is read cleanly, no garble


def only_guessed(words) -> bool:
    """Whether OCR only guessed at every one of the words (tokens or OCR's words)."""
    return all(w.confidence < GUESSED for w in words)


@dataclass
class Token:
    """A piece of one OCR word: normalised text, straightened box, and the word's original box."""

    text: str
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    box: tuple[int, int, int, int]
    confidence: float
    index: int = 0  # position in reading order on its page
    line: int = -1  # the OCR line of the word it came from

    @property
    def h(self) -> float:
        return self.y1 - self.y0

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class Phrase:
    """Tokens of one row that sit close together: a label, a value, a cell."""

    tokens: list[Token]

    @property
    def text(self) -> str:
        return join_tokens(self.tokens)

    @property
    def x0(self) -> float:
        return min(t.x0 for t in self.tokens)

    @property
    def x1(self) -> float:
        return max(t.x1 for t in self.tokens)


@dataclass
class Row:
    """Tokens of one page at the same height, left to right."""

    page: int
    tokens: list[Token]
    index: int = 0
    phrases: list[Phrase] = field(default_factory=list)

    @property
    def yc(self) -> float:
        return statistics.median(t.yc for t in self.tokens)

    @property
    def y0(self) -> float:
        return min(t.y0 for t in self.tokens)

    @property
    def y1(self) -> float:
        return max(t.y1 for t in self.tokens)

    @property
    def h(self) -> float:
        return statistics.median(t.h for t in self.tokens)

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.phrases)

    def phrase_of(self, token: Token) -> Phrase | None:
        """The phrase of this row that holds the token, if any."""
        return next((p for p in self.phrases if any(t is token for t in p.tokens)), None)


def is_flat_mark(token: Token, text_height: float) -> bool:
    """A mark much flatter than text of `text_height`, with no digit: what OCR makes of the remains
    of a rule or a leader ('ーー', '。', '_'), never a caption or a value."""
    return token.h < 0.4 * text_height and not any(c.isdigit() for c in token.text)


def join_tokens(tokens: list[Token]) -> str:
    """Token texts joined as printed: no space between Japanese characters and their neighbours."""
    out = ""
    for t in tokens:
        if out and not (is_cjk(out[-1]) or is_cjk(t.text[0]) or out[-1] in "(¥$" or t.text[0] in ")%,"):
            out += " "
        out += t.text
    return out


def box_of(tokens: list[Token]) -> list[int]:
    """The original-pixel box [left, top, right, bottom] around tokens."""
    return [
        min(t.box[0] for t in tokens),
        min(t.box[1] for t in tokens),
        max(t.box[2] for t in tokens),
        max(t.box[3] for t in tokens),
    ]


def boxes_meet(a: Sequence[float], b: Sequence[float]) -> bool:
    """Whether two boxes [left, top, right, bottom] overlap."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# Colons and marks end a label; an era name starts a date glued to its label ('有効期限令和8年…');
# a capitalised word after an abbreviation's full stop, or any word after 'No.', starts the next
# caption word that OCR ran into it ('NO.Invoice Number', 'No.invoice'); so does a capitalised word
# after a slash, which OCR ran between a caption's two languages ('ANo/Document No.'), where no
# figure follows ('LPO/DXB/26/0087' is one reference).
_SPLIT = re.compile(r"[:：]+|[※★*]|\(|（|(?<=[\u3000-\u9fff])(?=令和|平成)|(?<=[A-Za-z.])/(?=[A-Z][A-Za-z])(?!\S*\d)"
                    r"|(?<=[A-Za-z]\.)(?=[A-Z][a-z])|(?<=[Nn][OoRr]\.)(?=[A-Za-z]{2})")


def _pieces(text: str) -> list[tuple[str, int, int]]:
    """(piece, start, end) of a word: runs of CJK and of other characters, split at colons and marks."""
    pieces: list[tuple[str, int, int]] = []
    start = 0
    for i in range(1, len(text) + 1):
        end_here = i == len(text) or is_cjk(text[i]) != is_cjk(text[i - 1])
        if end_here:
            chunk_start = start
            for m in _SPLIT.finditer(text[start:i]):
                a, b = start + m.start(), start + m.end()
                if a > chunk_start:
                    pieces.append((text[chunk_start:a], chunk_start, a))
                if not m.group():  # a split before an era name keeps every character
                    chunk_start = a
                    continue
                if m.group() in "※★*(（/":  # (a slash OCR ran into the captions it parts: 'No./PO number')
                    # Marks and opening brackets stay, as their own token or leading the next.
                    if m.group() in "(（":
                        chunk_start = a
                        continue
                    pieces.append((m.group(), a, b))
                chunk_start = b
            if i > chunk_start:
                pieces.append((text[chunk_start:i], chunk_start, i))
            start = i
    return [(p, a, b) for p, a, b in pieces if p.strip()]


def _char_weight(ch: str) -> float:
    return 2.0 if is_cjk(ch) else 1.0


def skew_of(page: Page) -> float:
    """The page's skew as a slope (dy/dx), from words that OCR read as one line."""
    lines: dict[int, list[Word]] = {}
    for w in page.words:
        lines.setdefault(w.line, []).append(w)
    slopes: list[tuple[float, float]] = []
    for words in lines.values():
        if len(words) < 2:
            continue
        words = sorted(words, key=lambda w: w.left)
        a, b = words[0], words[-1]
        dx = (b.left + b.width / 2) - (a.left + a.width / 2)
        if dx < 4 * max(a.height, b.height, 1):
            continue
        if abs(a.height - b.height) > 0.15 * max(a.height, b.height):
            continue  # '1' beside '1,250', or a kana beside a digit: their bottoms differ on a level line
        dy = (b.top + b.height) - (a.top + a.height)
        slope = dy / dx
        if abs(slope) < 0.15:
            slopes.append((slope, dx))
    if len(slopes) < 3:
        return 0.0
    slopes.sort()
    total = sum(w for _, w in slopes)
    acc = 0.0
    for s, w in slopes:  # weighted median
        acc += w
        if acc >= total / 2:
            return s
    return 0.0


def tokens_of(page: Page) -> list[Token]:
    """The page's words as tokens with straightened coordinates, in reading order."""
    slope = skew_of(page)
    angle = math.atan(slope)
    cos, sin = math.cos(angle), math.sin(angle)
    tokens: list[Token] = []
    for w in page.words:
        text = normalise(w.text).strip()
        if not text:
            continue
        pieces = _pieces(text)
        if not pieces:
            continue
        total = sum(_char_weight(c) for c in text) or 1.0
        for piece, a, b in pieces:
            left = w.left + w.width * sum(_char_weight(c) for c in text[:a]) / total
            right = w.left + w.width * sum(_char_weight(c) for c in text[:b]) / total
            box = (int(left), w.top, int(math.ceil(right)), w.top + w.height)
            # Rotate the box corners back by the skew.
            x0 = left * cos + w.top * sin
            y0 = -left * sin + w.top * cos
            x1 = right * cos + w.top * sin
            y1 = y0 + w.height
            tokens.append(
                Token(piece.strip(), page.number, x0, y0, x1, y1, box, w.confidence, len(tokens), w.line)
            )
    return _eras_apart(_caption_numbers_apart(_rules_read_as_letters(_boxes_cut_at_the_next_word(
        _without_echoes(_without_sprocket_holes(tokens, page))))))


OVERRUN = 0.5  # text heights: a word's box reaching this far into the next word's runs over it


def _boxes_cut_at_the_next_word(tokens: list[Token]) -> list[Token]:
    """A word whose box OCR drew on over the next words of its line ('2,200' 201 px wide, over
    the rule and the quantity '12' after it) ends where the next word starts: its box, not its
    text, was wrong, and its place tells its column."""
    by_line: dict[tuple[int, int], list[Token]] = {}
    for t in tokens:
        if t.line >= 0:  # (words of a text layer carry no OCR line)
            by_line.setdefault((t.page, t.line), []).append(t)
    cut: dict[int, Token] = {}
    for line in by_line.values():
        line.sort(key=lambda t: t.x0)
        for t, nxt in zip(line, line[1:], strict=False):
            level = abs((nxt.y0 + nxt.y1) - (t.y0 + t.y1)) / 2 < 0.5 * t.h
            if level and nxt.x0 > t.x0 and t.x1 - nxt.x0 > OVERRUN * t.h and nxt.box[0] > t.box[0]:
                cut[id(t)] = replace(t, x1=nxt.x0, box=(t.box[0], t.box[1], nxt.box[0], t.box[3]))
    return [cut.get(id(t), t) for t in tokens]


ECHO_HEIGHT = 0.8  # of the word it lies in: a word lower than this, over another line's word, is its echo
ECHO_INSIDE = 0.5  # of an echo's area that lies within the word it echoes


def _without_echoes(tokens: list[Token]) -> list[Token]:
    """The tokens without echoes: pieces of a line OCR read twice, the second time as a line of
    its own in lower, broken boxes ('voice' 12 px high inside 'Invoice' 18 px high, 'N' inside
    'No.'), which set between the first reading's words break its captions apart. A word lower
    than another line's word it lies mostly within, read legibly, is such an echo."""
    lines: dict[int, list[Token]] = {}
    for t in tokens:
        lines.setdefault(t.line, []).append(t)
    spans = {line: (min(t.y0 for t in ts), max(t.y1 for t in ts)) for line, ts in lines.items()}
    echoes: set[int] = set()
    for line, (top, bottom) in spans.items():
        others = [o for other, (o_top, o_bottom) in spans.items() if other != line and o_top < bottom
                  and o_bottom > top for o in lines[other] if o.confidence >= GARBLED]
        echoes.update(id(t) for t in lines[line] if any(_echo_of(t, o) for o in others))
    return [t for t in tokens if id(t) not in echoes] if echoes else tokens


def _echo_of(t: Token, o: Token) -> bool:
    width, height = min(t.x1, o.x1) - max(t.x0, o.x0), min(t.y1, o.y1) - max(t.y0, o.y0)
    return (t.h < ECHO_HEIGHT * o.h and width > 0 and height > 0
            and width * height >= ECHO_INSIDE * (t.x1 - t.x0) * t.h and _reads_as_part_of(t, o))


def _reads_as_part_of(t: Token, o: Token) -> bool:
    """Whether a word could be a piece of another's print: garble, a mark ('|'), or letters of
    which some are the other's ('voice' of 'Invoice'). A caption in small print, read legibly,
    that OCR's box of the value over it took in ('No.' under a tall box read for 'Q2611-337')
    shares none of them."""
    characters = [c for c in t.text.casefold() if c.isalnum()]
    return t.confidence < GARBLED or not characters or any(c in o.text.casefold() for c in characters)


EDGE = 0.04  # of the page's width: the strips down its sides where a continuous form's holes run
HOLES = 5  # marks down one strip, over a third of the page's height at least: a row of holes
HOLE_CHARACTERS = 4  # a hole reads as a character or a few ('O', '©', 'OO)')


def _without_sprocket_holes(tokens: list[Token], page: Page) -> list[Token]:
    """Continuous stationery's sprocket holes down either edge of the page, which OCR reads as
    'O', '0', '©' beside the figures (where the last would be taken for an amount) and in rows of
    their own: a strip along one edge whose marks are nearly all a few characters each (a few
    holes run together read longer), at least `HOLES` of them, over a third of the page's height."""
    holes: set[int] = set()
    for side in (lambda t: t.x1 <= EDGE * page.width, lambda t: t.x0 >= (1 - EDGE) * page.width):
        strip = [t for t in tokens if side(t)]
        marks = sum(len(t.text) <= HOLE_CHARACTERS for t in strip)
        if (marks >= HOLES and marks >= 0.75 * len(strip)
                and max(t.y1 for t in strip) - min(t.y0 for t in strip) >= page.height / 3):
            holes.update(id(t) for t in strip)
    return [t for t in tokens if id(t) not in holes] if holes else tokens


RULE = "|"
RULE_LOOKALIKES = frozenset("1lI!|｜")
RULE_ROWS = 3  # rows with the rule, or a look-alike, in one line down the page: a ruled column


def _rules_read_as_letters(tokens: list[Token]) -> list[Token]:
    """A table's vertical rule OCR read as a '1', 'l' or '!' ('1' for the rule after an amount it
    could not read) is the rule: a lone look-alike in one line down the page with '|' read in
    two other rows at least, in as many rows as a ruled column has."""
    marks = [t for t in tokens if t.text in RULE_LOOKALIKES]
    if sum(t.text == RULE for t in marks) < 2:
        return tokens
    height = statistics.median(t.h for t in tokens)
    for t in marks:
        if t.text == RULE:
            continue
        below = [o for o in marks if o is not t and abs(o.x0 - t.x0) < 0.3 * height]
        rows = {round(o.y0 / height) for o in below} - {round(t.y0 / height)}
        if sum(o.text == RULE for o in below) >= 2 and len(rows) + 1 >= RULE_ROWS:
            t.text = RULE
    return tokens


# A caption's 'No.' run into the value after it ('請求' 'No.20260117-1', 'Invoice' 'No.4711', '請求'
# 'No.S-2611-0093').
_GLUED_NUMBER = re.compile(r"((?i:no|nr)\.|#|№)(?=\d|[A-Za-z]{1,4}[-/]?\d)")


def _caption_numbers_apart(tokens: list[Token]) -> list[Token]:
    """The tokens, a caption's 'No.' split from the value it ran into where a word of the same
    line stands close before it, so the caption reads whole ('請求No.') and the value as printed.
    A 'No.000429' standing alone is a number printed with its 'No.', and stays."""
    out: list[Token] = []
    for t in tokens:
        m = _GLUED_NUMBER.match(t.text)
        before = out[-1] if out else None
        if (m is None or before is None or before.line != t.line or t.x0 - before.x1 > t.h
                or not (before.text[-1:].isalpha() or is_cjk(before.text[-1:]))):
            t.index = len(out)
            out.append(t)
            continue
        cut = t.x0 + (t.x1 - t.x0) * m.end() / len(t.text)
        box_cut = t.box[0] + (t.box[2] - t.box[0]) * m.end() // len(t.text)
        out.append(Token(m.group(), t.page, t.x0, t.y0, cut, t.y1, (t.box[0], t.box[1], box_cut, t.box[3]),
                         t.confidence, len(out), t.line))
        out.append(Token(t.text[m.end():], t.page, cut, t.y0, t.x1, t.y1, (box_cut, t.box[1], t.box[2], t.box[3]),
                         t.confidence, len(out), t.line))
    return out


# A caption run into the era of the date after it ('御支払期日信和' '8' '年', 令和 misread too): the
# era, one kanji and 和 or 平成, after two kanji or kana of the caption's at the least.
_GLUED_ERA = re.compile(r"(?<=[\u3040-\u30ff\u4e00-\u9fff]{2})(?:[\u4e00-\u9fff]和|平成)$")


def _eras_apart(tokens: list[Token]) -> list[Token]:
    """The tokens, a caption split from the era it ran into where the era's year follows on the
    same line, so the caption reads whole and the date with its era."""
    out: list[Token] = []
    for at, t in enumerate(tokens):
        m = _GLUED_ERA.search(t.text)
        after = [a for a in tokens[at + 1:at + 3] if a.line == t.line]
        if m is None or not re.match(r"\d{1,2}年", "".join(a.text for a in after)):
            t.index = len(out)
            out.append(t)
            continue
        cut = t.x0 + (t.x1 - t.x0) * m.start() / len(t.text)
        box_cut = t.box[0] + (t.box[2] - t.box[0]) * m.start() // len(t.text)
        out.append(Token(t.text[:m.start()], t.page, t.x0, t.y0, cut, t.y1, (t.box[0], t.box[1], box_cut, t.box[3]),
                         t.confidence, len(out), t.line))
        out.append(Token(m.group(), t.page, cut, t.y0, t.x1, t.y1, (box_cut, t.box[1], t.box[2], t.box[3]),
                         t.confidence, len(out), t.line))
    return out


def rows_of(tokens: list[Token], page: int) -> list[Row]:
    """Tokens grouped into rows by height, each row's tokens left to right and split into phrases.

    A token never joins a row with a token it stands over or under (`_stacked`)."""
    if not tokens:
        return []
    med_h = statistics.median(t.h for t in tokens)
    rows: list[list[Token]] = []
    centres: list[float] = []
    for t in sorted(tokens, key=lambda t: t.yc):
        best, best_d = None, None
        for i in range(len(rows) - 1, max(-1, len(rows) - 6), -1):
            d = abs(t.yc - centres[i])
            limit = 0.45 * min(max(t.h, med_h * 0.6), med_h * 1.6)
            if d <= limit and (best_d is None or d < best_d) and not any(_stacked(t, x) for x in rows[i]):
                best, best_d = i, d
        if best is None:
            rows.append([t])
            centres.append(t.yc)
        else:
            rows[best].append(t)
            centres[best] = statistics.median(x.yc for x in rows[best])
    rows = _merge_split_lines(sorted(rows, key=lambda r: statistics.median(x.yc for x in r)), med_h)
    out = []
    for i, toks in enumerate(rows):
        toks.sort(key=lambda t: t.x0)
        row = Row(page, toks, i)
        row.phrases = phrases_of(toks, med_h)
        out.append(row)
    return out


def _merge_split_lines(rows: list[list[Token]], med_h: float) -> list[list[Token]]:
    """Join neighbouring rows that OCR read as one line (a bent page can split a row in two),
    unless a word of one stands over a word of the other: two lines, one under the other, that
    OCR ran together beside a taller title."""
    merged: list[list[Token]] = []
    for toks in rows:
        if merged:
            prev = merged[-1]
            shared = {t.line for t in toks} & {t.line for t in prev}
            dy = statistics.median(t.yc for t in toks) - statistics.median(t.yc for t in prev)
            if shared and dy < 0.9 * med_h and not any(_stacked(a, b) for a in toks for b in prev):
                prev.extend(toks)
                continue
        merged.append(toks)
    return merged


def _stacked(a: Token, b: Token) -> bool:
    """Whether one token stands over the other: they share most of the narrower one's width
    and little of the shorter one's height."""
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > 0.5 * min(a.x1 - a.x0, b.x1 - b.x0)
            and min(a.y1, b.y1) - max(a.y0, b.y0) < 0.5 * min(a.h, b.h))


def phrases_of(tokens: list[Token], med_h: float) -> list[Phrase]:
    """A row's tokens split where the horizontal gap is wider than a few spaces."""
    phrases: list[Phrase] = []
    current: list[Token] = []
    for t in tokens:
        if current:
            prev = current[-1]
            h = max(min(prev.h, t.h), med_h * 0.7)
            if t.x0 - prev.x1 > 1.5 * h and not _date_goes_on(prev.text, t.text):
                phrases.append(Phrase(current))
                current = []
        current.append(t)
    if current:
        phrases.append(Phrase(current))
    return phrases


def _date_goes_on(before: str, after: str) -> bool:
    """Whether a Japanese date printed letter-spaced goes on past a gap ('令和8年5月' '27日')."""
    return bool(before.endswith("年") and re.fullmatch(r"\d{1,2}(?:月.*)?", after)
                or before.endswith("月") and re.fullmatch(r"\d{1,2}日?", after))


@dataclass
class PageDocument:
    """All pages of a document as tokens and rows."""

    pages: list[Page]
    rows: list[Row]
    tokens: list[Token]
    widths: dict[int, int]
    heights: dict[int, int]

    @functools.cached_property
    def has_japanese(self) -> bool:
        """Whether any word of the document is written in Japanese: holds a kanji or kana, and is
        no garble (a fax's specks OCR read as 'こいにここに' make no page Japanese; nor do the
        Japanese full stop or brackets, the marks such garble is read as most, nor a rule read as
        long-vowel marks, 'ーーーー'; nor an Arabic script's, read as kana hardly surer than garble,
        'らし' 'ょっっ'). Two words of two such characters at least: a lone kana read among Latin
        garble ('で', 'ヒレ' in a seal's scrawl on a photo of a Mexican invoice) is none."""
        return sum(t.confidence >= JAPANESE_READ and sum(bool(_KANA_OR_KANJI.match(ch)) and ch not in _RULE_GLYPHS
                                                         for ch in t.text) >= 2 for t in self.tokens) >= 2

    def row_at(self, index: int) -> Row | None:
        """The row of that index (rows are numbered by their place in the whole document), if any."""
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def row_of(self, token: Token) -> Row | None:
        """The row a token of the document stands on."""
        return next((r for r in self.rows if any(t is token for t in r.tokens)), None)


def document_of(pages: list[Page]) -> PageDocument:
    """Tokens and rows for every page, rows numbered across the document in reading order."""
    rows: list[Row] = []
    tokens: list[Token] = []
    for page in sorted(pages, key=lambda p: p.number):
        toks = tokens_of(page)
        tokens.extend(toks)
        rows.extend(rows_of(toks, page.number))
    for i, r in enumerate(rows):
        r.index = i
    return PageDocument(
        pages, rows, tokens, {p.number: p.width for p in pages}, {p.number: p.height for p in pages}
    )
