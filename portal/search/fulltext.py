"""Full text over what the documents say, Japanese included.

Japanese has no spaces between words, and a word is often two characters (請求, 経費). A
word index finds nothing; a trigram index (SQLite FTS5 `trigram`, PostgreSQL `pg_trgm`)
cannot look up fewer than three characters and falls back to reading every row. So the text
is indexed as overlapping two-character tokens, each word closed by its last character alone
("請求書" -> "請求 求書 書"), the way pg_bigm and Groonga index Japanese. Every character of
the text then begins a token: a query of two or more characters is the phrase of its own
bigrams, one character is the prefix `費*`, both answered from the index on either database;
and a phrase cannot run from one word into the next (the closing character stands between).

- SQLite: an FTS5 table over `search_texts.grams` (tokenizer unicode61, which keeps each
  bigram one token), kept in step by triggers (created by the migration).
- PostgreSQL: a GIN index on `to_tsvector('simple', grams)`. The tsquery of the bigrams picks
  candidates from the index; LIKE on the normalised text then confirms the exact substring
  (a tsvector keeps word positions only up to 16,383, so phrases are not trusted there).
  pg_bigm is not packaged by Debian, and pg_trgm needs three characters: neither served.

Text and queries are normalised alike: NFKC (full-width letters and digits, half-width kana)
and lower case; anything not a letter or a digit separates words.
"""
from __future__ import annotations

import re
import unicodedata

from sqlalchemy import ColumnElement, func, literal_column, select, text

from portal.extensions import db
from portal.models import SearchText

FTS_TABLE = "search_fts"
# Tables the migrations create that the models do not describe (the FTS5 table and its
# shadow tables): left alone by the schema comparison.
UNMODELLED_TABLES = (FTS_TABLE, f"{FTS_TABLE}_data", f"{FTS_TABLE}_idx", f"{FTS_TABLE}_docsize",
                     f"{FTS_TABLE}_config", f"{FTS_TABLE}_content")
MAX_QUERY_CHARS = 200
_WORD = re.compile(r"[^\W_]+")


def normalise(value: str) -> str:
    """The text as it is indexed and searched: NFKC, lower case."""
    return unicodedata.normalize("NFKC", value or "").lower()


def words(value: str) -> list[str]:
    """Runs of letters and digits, normalised."""
    return _WORD.findall(normalise(value))


def bigrams(word: str) -> list[str]:
    """A word's overlapping two-character tokens, then its last character alone (so that
    every character begins a token); a one-character word is itself."""
    return [word] if len(word) < 2 else [word[i:i + 2] for i in range(len(word) - 1)] + [word[-1]]


def grams(value: str) -> str:
    """The text as the index reads it: every word's tokens, space separated."""
    return " ".join(gram for word in words(value) for gram in bigrams(word))


# A query whose words the index finds on at least this many documents is "common": the
# documents are then read in the list's order (or by another criterion's index) and each
# looked up among those found, stopping at the count's cap; a rarer one drives the query from
# the documents found. Measured at 100,000 documents (benchmarks/desk.py): a word on 72% of
# them, 20 ms read in order against 55 ms driven from the index; a word on one, 0.1 ms driven
# from the index against 12 ms read in order. Asking costs at most COMMON rows of the index.
COMMON = 2000


def matches(query: str) -> ColumnElement[bool] | None:
    """A condition on Document.id for documents whose text holds every word of the query
    (None: the query has no word), answered from the index."""
    from portal.models import Document

    query_words = words(query[:MAX_QUERY_CHARS])
    if not query_words:
        return None
    if db.session.get_bind().dialect.name == "postgresql":
        return Document.id.in_(_postgresql(query_words))
    expression = _fts5_expression(query_words)
    found = select(literal_column("rowid")).select_from(text(FTS_TABLE)).where(
        literal_column(FTS_TABLE).op("MATCH")(expression))
    # `+documents.id`: SQLite may not drive the query from the ids found, it reads the
    # documents in the list's order (or by another criterion's index) and looks each up.
    common = db.session.scalar(select(func.count()).select_from(found.limit(COMMON).subquery())) >= COMMON
    return (literal_column("+documents.id") if common else Document.id).in_(found)


def _fts5_expression(query_words: list[str]) -> str:
    """Every word as the phrase of its bigrams; a one-character word as a prefix."""
    return " AND ".join(f'"{word}"*' if len(word) < 2 else f'"{" ".join(bigrams(word)[:-1])}"'
                        for word in query_words)


def _postgresql(query_words: list[str]):
    """The ids of documents holding every word: candidates from the GIN index, confirmed."""
    vector = func.to_tsvector(literal_column("'simple'"), SearchText.grams)
    tokens = " & ".join(f"'{word}':*" if len(word) < 2 else
                        " & ".join(f"'{gram}'" for gram in bigrams(word)[:-1]) for word in query_words)
    query = func.to_tsquery(literal_column("'simple'"), tokens)
    exact = [SearchText.body.like(f"%{escape_like(word)}%", escape="\\") for word in query_words]
    return select(SearchText.document_id).where(vector.op("@@")(query), *exact)


def escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def modelled(name: str | None, type_: str, parent_names: dict) -> bool:
    """For Alembic's comparison: every table but the full-text index's own."""
    return not (type_ == "table" and name in UNMODELLED_TABLES)
