"""What boards read: the answer export, the digest preview and the year-end data of a plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from bot.core.model import Choice

if TYPE_CHECKING:
    from sqlmodel import Session

    from bot.core.messages import OutgoingMessage
    from bot.core.ports import Clock
    from bot.core.reporting import AnnualData, ExportFilter, ExportRow, IsoWeek, ReportingStore
    from storage.engine import Database


def reporting_store(db: Database) -> ReportingStore:
    """The store the digest handlers read from."""
    from storage.reporting import SqlReportingStore

    return SqlReportingStore(db)


def export_rows(db: Database, wanted: ExportFilter) -> list[ExportRow]:
    """The current answers that pass the filter, with their plan, item, person and unit."""
    from storage.reporting import export_rows as read

    return db.run_sync(lambda s: read(s, wanted))


async def preview_digest(
    db: Database, board: str, clock: Clock, week: IsoWeek | None, locale: str | None
) -> OutgoingMessage:
    """A board's digest as it would be sent, without sending it or marking it sent."""
    from handlers.digest import preview_digest as preview

    return await preview(reporting_store(db), board, clock, week, locale)


def annual_data(db: Database, plan: str, now: datetime) -> AnnualData:
    """What the year-end report of a plan is written from; NotFoundError for an unknown plan."""
    from storage.reporting import annual_data as read

    return db.run_sync(lambda s: read(s, plan, now))


def plan_keys(db: Database) -> list[str]:
    """The keys of every plan in the database, in the order they were stored."""
    from sqlmodel import select

    from storage.tables import PlanRow

    return db.run_sync(lambda s: [p.key for p in s.exec(select(PlanRow)).all()])


def board_units(db: Database) -> list[tuple[str, str]]:
    """(board key, its unit's key) of every board, by board key."""
    from sqlmodel import col, select

    from storage.tables import BoardRow, UnitRow

    def read(session: Session) -> list[tuple[str, str]]:
        rows = session.exec(
            select(BoardRow.key, UnitRow.key)
            .join(UnitRow, col(UnitRow.id) == col(BoardRow.unit_id))
            .order_by(col(BoardRow.key))
        ).all()
        return [(board, unit) for board, unit in rows]

    return db.run_sync(read, read_only=True)


@dataclass(frozen=True)
class StoredAnswer:
    """One current answer with who gave it and to which item, oldest first."""

    person: str
    item_key: str
    item_title: str
    choice: Choice
    numbers: dict[str, int]
    text: str | None  # the comment, else the blocker
    occurrence: str = ""  # the ISO day of the occurrence the answer is about
    labels: dict[str, str] = field(default_factory=dict)  # each number's label in the plan


def stored_answers(db: Database) -> list[StoredAnswer]:
    """Every current answer, in the order they were given."""
    return db.run_sync(_stored_answers)


def _stored_answers(session: Session) -> list[StoredAnswer]:
    from sqlmodel import select

    from storage.tables import AnswerRow, CheckinRow, PersonRow, PlanItemRow

    query = (
        select(AnswerRow, PersonRow, PlanItemRow, CheckinRow.occurrence)
        .join(PersonRow, PersonRow.id == AnswerRow.person_id)  # type: ignore[arg-type]
        .join(PlanItemRow, PlanItemRow.id == AnswerRow.plan_item_id)  # type: ignore[arg-type]
        .join(CheckinRow, CheckinRow.id == AnswerRow.checkin_id)  # type: ignore[arg-type]
        .where(AnswerRow.current == True)  # noqa: E712
        .order_by(AnswerRow.created_at)  # type: ignore[arg-type]
    )
    return [
        StoredAnswer(
            person.name,
            item.key,
            item.title,
            Choice(answer.choice),
            dict(answer.numbers),
            answer.comment or answer.blocker,
            occurrence,
            {m["key"]: m["label"] for m in item.spec.get("metrics", [])},
        )
        for answer, person, item, occurrence in session.exec(query).all()
    ]
