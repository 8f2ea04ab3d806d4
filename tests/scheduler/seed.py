"""Test helpers for scheduling: a small roster and plan written straight into the tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from bot.core.model import ItemSpec, Owner, OwnerKind, Platform, Schedule, ScheduleKind
from bot.transports.memory import MemoryTransport
from storage.engine import Database
from storage.tables import (
    AreaRow,
    BoardMemberRow,
    BoardRow,
    ChatIdentityRow,
    CheckinRow,
    PersonRow,
    UnitRow,
)
from tests.support.seed import insert_item, insert_person, insert_plan, insert_row


@dataclass
class World:
    """Ids of the seeded roster and plan."""

    units: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)
    plan_id: int = 0
    area_id: int = 0


def add_person(
    db: Database,
    world: World,
    key: str,
    *,
    units: Sequence[str],
    roles: str = "steward",
    timezone: str = "Europe/Stockholm",
    locale: str = "sv",
    active: bool = True,
) -> int:
    unit_ids = [world.units[unit] for unit in units]

    def write(s: Session) -> int:
        return insert_person(
            s,
            key,
            key.title(),
            unit_ids,
            locale=locale,
            timezone=timezone,
            roles=roles,
            active=active,
        )

    world.people[key] = db.run_sync(write)
    return world.people[key]


def seed_world(db: Database, settings: dict[str, object] | None = None) -> World:
    """Units sek > klubb; anna (steward, sek), bo (steward, klubb, Oslo, nb), cia (board)."""
    world = World()

    def structure(s: Session) -> None:
        sek = insert_row(s, UnitRow(key="sek", name="Sektionen", kind="sektion"))
        klubb = insert_row(s, UnitRow(key="klubb", name="Klubben", kind="klubb", parent_id=sek))
        world.units.update(sek=sek, klubb=klubb)
        world.plan_id = insert_plan(s, "vp", sek, settings=settings)
        world.area_id = insert_row(s, AreaRow(plan_id=world.plan_id, key="8", title="Organisering"))

    db.run_sync(structure)
    add_person(db, world, "anna", units=["sek"])
    add_person(db, world, "bo", units=["klubb"], timezone="Europe/Oslo", locale="nb")
    cia = add_person(db, world, "cia", units=["sek"], roles="board", locale="en")

    def board(s: Session) -> None:
        bid = insert_row(s, BoardRow(key="styrelsen", unit_id=world.units["sek"], name="Styrelsen"))
        s.add(BoardMemberRow(board_id=bid, person_id=cia))

    db.run_sync(board)
    return world


def person_owner(key: str) -> Owner:
    return Owner(OwnerKind.PERSON, person=key)


def add_item(
    db: Database,
    world: World,
    key: str,
    schedule: Schedule,
    owners: Sequence[Owner],
    *,
    title: str | None = None,
) -> int:
    spec = ItemSpec(key=key, title=title or f"Punkt {key}", schedule=schedule, owners=tuple(owners))
    return db.run_sync(lambda s: insert_item(s, world.plan_id, world.area_id, spec))


def event_on(day: date, *remind: int) -> Schedule:
    return Schedule(ScheduleKind.EVENT, start=day, remind_days_before=tuple(remind))


def add_identity(
    db: Database,
    person_id: int,
    platform: Platform,
    user_id: str,
    linked_at: datetime | None = None,
) -> int:
    row = ChatIdentityRow(
        person_id=person_id,
        platform=platform.value,
        user_id=user_id,
        chat_id=f"dm-{user_id}",
        linked_at=linked_at or datetime(2025, 1, 1, tzinfo=UTC),
    )
    return db.run_sync(lambda s: insert_row(s, row))


def checkins(db: Database) -> list[CheckinRow]:
    return list(
        db.run_sync(lambda s: s.exec(select(CheckinRow).order_by(col(CheckinRow.id))).all())
    )


# The dispatch, conversation and claim tests know the memory transport by this name.
RecordingTransport = MemoryTransport


def seed_due(db: Database, count: int, due_at: datetime) -> list[int]:
    """`count` people with one ask each, all due at `due_at`; returns the check-in ids."""
    world = seed_world(db)
    item = add_item(db, world, "bulk", event_on(date(2025, 3, 2)), [person_owner("anna")])

    def write(s: Session) -> list[int]:
        people = [
            PersonRow(key=f"p{n:05d}", name="P", locale="sv", timezone="Europe/Stockholm")
            for n in range(count)
        ]
        s.add_all(people)
        s.flush()
        rows = [
            CheckinRow(
                plan_item_id=item,
                person_id=p.id or 0,
                occurrence="2025-03-02",
                prompt="ask",
                due_at=due_at,
                next_send_at=due_at,
            )
            for p in people
        ]
        s.add_all(rows)
        s.flush()
        return [r.id or 0 for r in rows]

    return db.run_sync(write)
