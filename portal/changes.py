"""Counting what each transaction changes, as it commits, so that a page drawn from the data can
be kept until the data under it changes (`portal.pagecache`; the counts themselves:
`portal.models.changes`). `portal.database` calls these from the session's events: after each
flush (`note_flushed`), after each statement that is not a SELECT (`note_statement`), and as
the transaction commits (`count_change`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain

from sqlalchemy import TextClause, insert, inspect, update
from sqlalchemy.orm import ORMExecuteState, Session

from portal.models import ChangeCounter, Document
from portal.models.changes import ALL_CHANGES, DOCUMENT_OPTION, SHARED_CHANGES

# Tables no kept page shows: writing them is no change to count.
UNSHOWN_TABLES = frozenset({"audit_head", "change_counter", "sign_in_failures", "rate_windows"})


@dataclass
class Written:
    """What a transaction wrote: which documents' own rows, and whether anything shared."""

    documents: set[int] = field(default_factory=set)
    shared: bool = False


_WRITTEN = "portal.written"


def written(session: Session) -> Written:
    return session.info.setdefault(_WRITTEN, Written())


def forget_written(session: Session) -> None:
    session.info.pop(_WRITTEN, None)


def note_flushed(session: Session) -> None:
    """Note whose rows a flush wrote (after it: new rows have their ids)."""
    record = written(session)
    for row in chain(session.new, session.dirty, session.deleted):
        if row.__table__.name in UNSHOWN_TABLES:
            continue
        document_id = _document_of(row)
        if document_id is None:
            record.shared = True
        else:
            record.documents.add(document_id)


def note_statement(state: ORMExecuteState) -> None:
    """Note whose rows a statement that is not a SELECT wrote: a document's when it says so. A
    SELECT written as text (PostgreSQL's advisory lock around the audit trail) writes nothing."""
    table = getattr(state.statement, "table", None)
    if table is not None and table.name in UNSHOWN_TABLES:
        return
    if isinstance(state.statement, TextClause) and state.statement.text.lstrip().upper().startswith("SELECT"):
        return
    document_id = state.execution_options.get(DOCUMENT_OPTION)
    record = written(state.session)
    if document_id is None:
        record.shared = True
    else:
        record.documents.add(document_id)


def _document_of(row: object, holder_too: bool = True) -> int | None:
    """The document a row is part of (the document itself, a row with its `document_id`, or a
    row held by one of those, as an exception by its match), None for a shared row. Reads only
    what is loaded: a flush may not load."""
    state = inspect(row)
    if isinstance(row, Document):
        return state.dict.get("id")
    if (document_id := state.dict.get("document_id")) is not None or not holder_too:
        return document_id
    for relationship in state.mapper.relationships:
        holder = state.dict.get(relationship.key) if relationship.direction.name == "MANYTOONE" else None
        if holder is not None and (document_id := _document_of(holder, holder_too=False)) is not None:
            return document_id
    return None


def count_change(session: Session) -> None:
    """Move the counts of changes, inside the transaction that wrote, as it commits: its
    documents' own first (sorted, always in one order), then the shared count if it wrote
    anything shared, then the count of all changes. On the session's connection, as no
    statement of the session's own (which would count itself as a change)."""
    record = written(session)
    connection = session.connection()
    if record.documents:
        documents = Document.__table__
        connection.execute(update(documents).where(documents.c.id.in_(sorted(record.documents)))
                           .values(changes=documents.c.changes + 1))
    for counter_id in ([SHARED_CHANGES] if record.shared else []) + [ALL_CHANGES]:
        counters = ChangeCounter.__table__
        moved = connection.execute(update(counters).where(counters.c.id == counter_id)
                                   .values(changes=counters.c.changes + 1)).rowcount
        if not moved:  # a database emptied by hand: the count starts again
            connection.execute(insert(counters).values(id=counter_id, changes=1))
