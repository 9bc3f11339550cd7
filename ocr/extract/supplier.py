"""The issuer's name: the company that printed the document, not the one it is addressed to.

Every phrase near the top of the first page is scored: a legal form (株式会社, Co., Ltd.,
Inc. ...), sitting just above the T-number, large type and a 'From'/'Supplier' label count
for it; sitting in a 'Bill to' block or beside 御中/様 counts hard against it.
"""

from __future__ import annotations

import re
import statistics

from ocr.extract.header import Candidate
from ocr.extract.labels import LabelHit, key
from ocr.extract.layout import GARBLED, PageDocument, Phrase, Row, Token, join_tokens

LEGAL_FORM = re.compile(
    r"株式会社|有限会社|合同会社|合資会社|合名会社|一般社団法人|\(株\)|\(有\)|"
    r"(?i:\b(?:co|corp|corporation|inc|incorporated|ltd|llc|llp|gmbh|k\.\s?k|kk|limited|company|plc|s\.a|"
    r"pty|ag|bv|srl|sarl|oy|ab|as|ltda|b\.\s?v|n\.\s?v|s\.\s?l|s\.p\.a)\b\.?)"
)
BUYER_MARKS = re.compile(r"御中|様|宛|殿")


def _buyer_phrases(doc: PageDocument, hits: dict[int, list[LabelHit]]) -> set[int]:
    """ids of the phrases that name the addressee."""
    out: set[int] = set()
    for n, row in enumerate(doc.rows):
        for i, p in enumerate(row.phrases):
            if BUYER_MARKS.search(p.text):
                out.add(id(p))
                if i > 0 and BUYER_MARKS.fullmatch(p.text.strip()):
                    out.add(id(row.phrases[i - 1]))
        # A long addressee wraps: '… 御中' ending the next line names the phrase above as the buyer.
        below = doc.row_at(n + 1)
        if below is not None and below.page == row.page:
            for p in row.phrases:
                h = statistics.median(t.h for t in p.tokens)
                if any(
                    re.search(r"(御中|様)$", q.text) and len(q.text) <= 10 and p.x0 - h <= q.x0 <= p.x1 + 5 * h
                    for q in below.phrases
                ) and below.yc - row.yc < 2.5 * h:
                    out.add(id(p))
        for hit in hits.get(row.index, []):
            if hit.field != "buyer":
                continue
            h = max(t.h for t in hit.tokens)
            for p in row.phrases:  # the rest of the label's row, right of it
                if (
                    p.x0 >= hit.x0
                    and any(t in hit.tokens for t in p.tokens) is False
                    and p.x0 < hit.x1 + 12 * h
                ):
                    out.add(id(p))
                    break
            taken = 0
            for other in doc.rows[row.index + 1 : row.index + 6]:
                if other.page != row.page or other.yc - row.yc > 7 * h:
                    break
                for p in other.phrases:
                    if p.x0 <= hit.x0 + 3 * h and p.x1 >= hit.x0 - h:
                        out.add(id(p))
                        taken += 1
                        break
                if taken >= 2:
                    break
    return out


def _seller_phrases(doc: PageDocument, hits: dict[int, list[LabelHit]]) -> set[int]:
    """ids of the phrases given after a 'From' / 'Supplier' label."""
    out: set[int] = set()
    for row in doc.rows:
        for hit in hits.get(row.index, []):
            if hit.field != "seller":
                continue
            rest = [
                p for p in row.phrases if p.x0 >= hit.x1 - 1 and not any(t in hit.tokens for t in p.tokens)
            ]
            if rest:
                out.add(id(rest[0]))
            for other in doc.rows[row.index + 1 : row.index + 3]:
                for p in other.phrases:
                    if other.page == row.page and p.x1 >= hit.x0 - 10 and p.x0 <= hit.x1 + 200:
                        out.add(id(p))
                        break
    return out


def _clean(text: str) -> str:
    text = re.sub(r"^(from|supplier|seller|vendor|issued by)\s*[:：]?\s*", "", text, flags=re.I)
    return text.strip(" :：,;|")


def supplier_name(
    doc: PageDocument,
    hits: dict[int, list[LabelHit]],
    t_number: Candidate | None,
    title_tokens: list | None = None,
    table_rows: set[int] = frozenset(),
    values: list | None = None,
) -> Candidate | None:
    """The issuer's name as printed, or None: looked for above the item table of the first page."""
    first_page = min((r.page for r in doc.rows), default=1)
    rows = [r for r in doc.rows if r.page == first_page]
    table_start = min((i for i in table_rows if doc.rows[i].page == first_page), default=None)
    if table_start is not None and any(r.index < table_start for r in rows):
        rows = [r for r in rows if r.index < table_start]
    if not rows:
        return None
    heights = [t.h for r in rows for t in r.tokens if sum(c.isalnum() for c in t.text) >= 2] or [
        t.h for r in rows for t in r.tokens
    ]
    med_h = statistics.median(heights)
    height = doc.heights.get(first_page) or max(r.y1 for r in rows)
    labelled = {id(t) for hs in hits.values() for h in hs if h.field != "seller" for t in h.tokens}
    title_ids = {id(t) for t in title_tokens or []} | {id(t) for t in values or []}
    buyers = _buyer_phrases(doc, hits)
    sellers = _seller_phrases(doc, hits)
    t_row: Row | None = None
    if t_number is not None and t_number.tokens:
        tok = t_number.tokens[0]
        t_row = next((r for r in rows if tok in r.tokens), None)
    best: tuple[float, str, list[Token]] | None = None
    for row in rows:
        for p in row.phrases:
            tokens = _before_taken(p, labelled | title_ids)
            text = _clean(join_tokens(tokens))
            letters = sum(c.isalpha() for c in text)
            if letters < 2:
                continue
            score = 0.0
            legal = bool(LEGAL_FORM.search(text))
            score += 3.0 if legal else 0.0
            if id(p) in buyers:
                score -= 8.0
            if id(p) in sellers:
                score += 2.5
            digits = sum(c.isdigit() for c in text)
            if digits >= 3 or text.startswith("〒") or "@" in text or re.search(r"(?i)www\.|https?:", text):
                score -= 3.0
            if letters < 4 and not legal:
                score -= 2.0
            if re.search(r"[。]|ます|ください|下記", text) or (len(text.split()) > 7 and not legal):
                score -= 5.0  # a sentence, not a name
            if statistics.mean(t.confidence for t in tokens) < 60 and not legal:
                score -= 2.5  # garbled by a stamp or a dark band: not to be trusted as a name
            ratio = statistics.median(t.h for t in tokens) / med_h
            score += min(3.0, 2.0 * max(0.0, ratio - 1.0))
            if row.y0 < 0.3 * height:
                score += 0.7
            if t_row is not None and row.page == t_row.page:
                dy = t_row.index - row.index
                if 0 < dy <= 6 and p.x1 >= t_row.tokens[0].x0 - 5 * med_h and p.x0 <= t_row.tokens[-1].x1:
                    score += 2.0 - 0.2 * dy
            if key(text) in {key("invoice"), key("quotation"), key("請求書"), key("見積書")}:
                continue
            if best is None or score > best[0]:
                best = (score, text, tokens)
    if best is None or best[0] < 0:
        return None
    return Candidate(best[1], best[2], -best[0])


def _before_taken(phrase: Phrase, taken: set[int]) -> list[Token]:
    """A phrase's words before the first that a caption or a value took, with the garble just
    before that dropped: a name OCR ran into the number printed beside it ('Lakeshore Business
    Supplies Ltd.' '—_' '9261-337')."""
    tokens = phrase.tokens
    end = next((n for n, t in enumerate(tokens) if id(t) in taken), len(tokens))
    while 0 < end < len(tokens) and tokens[end - 1].confidence < GARBLED:
        end -= 1
    return tokens[:end]
