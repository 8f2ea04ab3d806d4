"""Seeder: the same small world written into a fake or (tests/support/sql_seeder.py) SQL."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any, Protocol

from bot.core.messages import MessageRef
from bot.core.model import ItemSpec
from tests.fakes.records import (
    AreaRecord,
    AttemptRecord,
    BoardRecord,
    CheckinRecord,
    IdentityRecord,
    ItemRecord,
    PersonRecord,
    PlanRecord,
    Tables,
    UnitRecord,
)

PLAN_TITLE = "Verksamhetsplan 2025"
OCCURRENCE = "2025-03-01"
OCCURRENCE_END = date(2025, 3, 2)


class Seeder(Protocol):
    """Writes rows straight into a store's tables; every method returns the new row's id."""

    def unit(
        self, key: str, name: str, kind: str = "sektion", parent_id: int | None = None
    ) -> int: ...

    def person(
        self,
        key: str,
        name: str,
        unit_ids: Iterable[int] = (),
        *,
        roles: str = "steward",
        active: bool = True,
    ) -> int: ...

    def board(self, key: str, unit_id: int, name: str, member_ids: Iterable[int] = ()) -> int: ...

    def identity(
        self,
        person_id: int,
        platform: str,
        user_id: str,
        chat_id: str | None = None,
        workspace: str = "",
    ) -> None: ...

    def plan(self, key: str, unit_id: int, settings: Mapping[str, Any] | None = None) -> int: ...

    def area(self, plan_id: int, key: str, title: str) -> int: ...

    def item(self, plan_id: int, area_id: int, spec: ItemSpec, position: int = 0) -> int: ...

    def checkin(
        self,
        item_id: int,
        person_id: int,
        due: datetime,
        *,
        occurrence: str = OCCURRENCE,
        occurrence_end: date | None = OCCURRENCE_END,
        prompt: str = "ask",
        state: str = "awaiting",
    ) -> int: ...

    def sent(self, checkin_id: int, ref: MessageRef, at: datetime) -> None:
        """The check-in went out in message `ref` at `at` (a successful attempt)."""
        ...

    def archive_item(self, item_id: int, at: datetime) -> None: ...


class FakeSeeder:
    """Seeder over the fakes' tables."""

    def __init__(self, tables: Tables) -> None:
        self.t = tables

    def unit(self, key: str, name: str, kind: str = "sektion", parent_id: int | None = None) -> int:
        record = UnitRecord(self.t.new_id(), key, name, kind, parent_id)
        self.t.units[record.id] = record
        return record.id

    def person(
        self,
        key: str,
        name: str,
        unit_ids: Iterable[int] = (),
        *,
        roles: str = "steward",
        active: bool = True,
    ) -> int:
        record = PersonRecord(
            self.t.new_id(), key, name, roles=roles, active=active, unit_ids=list(unit_ids)
        )
        self.t.people[record.id] = record
        return record.id

    def board(self, key: str, unit_id: int, name: str, member_ids: Iterable[int] = ()) -> int:
        record = BoardRecord(self.t.new_id(), key, unit_id, name, set(member_ids))
        self.t.boards[record.id] = record
        return record.id

    def identity(
        self,
        person_id: int,
        platform: str,
        user_id: str,
        chat_id: str | None = None,
        workspace: str = "",
    ) -> None:
        self.t.identities.append(IdentityRecord(person_id, platform, workspace, user_id, chat_id))

    def plan(self, key: str, unit_id: int, settings: Mapping[str, Any] | None = None) -> int:
        start, end = date(2025, 1, 1), date(2025, 12, 31)
        record = PlanRecord(
            self.t.new_id(), key, unit_id, PLAN_TITLE, start, end, dict(settings or {})
        )
        self.t.plans[record.id] = record
        return record.id

    def area(self, plan_id: int, key: str, title: str) -> int:
        record = AreaRecord(self.t.new_id(), plan_id, key, title)
        self.t.areas[record.id] = record
        return record.id

    def item(self, plan_id: int, area_id: int, spec: ItemSpec, position: int = 0) -> int:
        record = ItemRecord(self.t.new_id(), plan_id, area_id, spec, position)
        self.t.items[record.id] = record
        return record.id

    def checkin(
        self,
        item_id: int,
        person_id: int,
        due: datetime,
        *,
        occurrence: str = OCCURRENCE,
        occurrence_end: date | None = OCCURRENCE_END,
        prompt: str = "ask",
        state: str = "awaiting",
    ) -> int:
        record = CheckinRecord(
            self.t.new_id(), item_id, person_id, occurrence, prompt, state, due, occurrence_end
        )
        self.t.checkins[record.id] = record
        return record.id

    def sent(self, checkin_id: int, ref: MessageRef, at: datetime) -> None:
        self.t.checkins[checkin_id].message = ref
        attempt = AttemptRecord(self.t.new_id(), checkin_id, at, "ok")
        self.t.attempts[attempt.id] = attempt

    def archive_item(self, item_id: int, at: datetime) -> None:
        self.t.items[item_id].archived_at = at
