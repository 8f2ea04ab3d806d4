"""Rows to core types for the conversation's storage, and the session its queries share."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, Table
from sqlmodel import Session, SQLModel

from bot.core.conversation import (
    AnswerView,
)
from bot.core.errors import NotFoundError
from bot.core.model import (
    Choice,
    ItemSpec,
    Person,
    Role,
)
from bot.core.specjson import item_from_json
from storage.tables import (
    AnswerRow,
    PersonRow,
    PlanItemRow,
)


def table_of(model: type[SQLModel]) -> Table:
    """A table model's Core table, for statements that need no ORM rows."""
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


def person_of(row: PersonRow | Row[Any]) -> Person:
    """A Person from a person row, an ORM one or a Core one with the table's columns."""
    roles = frozenset(Role(r) for r in row.roles.split(",") if r.strip())
    assert row.id is not None
    return Person(row.id, row.key, row.name, row.locale, row.timezone, roles)


def spec_from_row(row: PlanItemRow) -> ItemSpec:
    return item_from_json(row.key, row.title, row.description, row.spec)


def answer_of(row: AnswerRow) -> AnswerView:
    assert row.id is not None
    return answer_with(row.id, row.checkin_id, row)


def answer_with(answer_id: int, checkin_id: int, row: AnswerRow | Row[Any]) -> AnswerView:
    """An AnswerView from an answer's fields, read as an ORM row or as columns of a Core row
    (whose own id and check-in id may be named otherwise, so they are given apart)."""
    return AnswerView(
        id=answer_id,
        checkin_id=checkin_id,
        revision=row.revision,
        choice=Choice(row.choice),
        numbers=dict(row.numbers),
        comment=row.comment,
        blocker=row.blocker,
        needs_help=row.needs_help,
        new_date=row.new_date,
    )


def load_person(session: Session, person_id: int) -> Person:
    row = session.get(PersonRow, person_id)
    if row is None:
        raise NotFoundError(f"person {person_id}")
    return person_of(row)


class SessionQueries:
    """The session every part of SqlConversationTx works in: the caller's transaction."""

    def __init__(self, session: Session) -> None:
        self.s = session
