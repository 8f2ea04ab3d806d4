"""SqlSeeder: the Seeder of tests/fakes/seeding.py writing rows in one database session."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from bot.core.messages import MessageRef
from bot.core.model import ItemSpec
from storage.tables import (
    AreaRow,
    BoardMemberRow,
    BoardRow,
    ChatIdentityRow,
    CheckinRow,
    DeliveryAttemptRow,
    PlanItemRow,
    UnitRow,
)
from tests.fakes.seeding import OCCURRENCE, OCCURRENCE_END
from tests.support.seed import insert_item, insert_person, insert_plan, insert_row


class SqlSeeder:
    """Seeder inside the caller's session (and so inside its transaction)."""

    def __init__(self, session: Session) -> None:
        self.s = session

    def unit(self, key: str, name: str, kind: str = "sektion", parent_id: int | None = None) -> int:
        return insert_row(self.s, UnitRow(key=key, name=name, kind=kind, parent_id=parent_id))

    def person(
        self,
        key: str,
        name: str,
        unit_ids: Iterable[int] = (),
        *,
        roles: str = "steward",
        active: bool = True,
    ) -> int:
        units = list(unit_ids)
        return insert_person(self.s, key, name, units, roles=roles, active=active)

    def board(self, key: str, unit_id: int, name: str, member_ids: Iterable[int] = ()) -> int:
        members = list(member_ids)

        def write(session: Session) -> int:
            board_id = insert_row(session, BoardRow(key=key, unit_id=unit_id, name=name))
            session.add_all(BoardMemberRow(board_id=board_id, person_id=m) for m in members)
            return board_id

        return write(self.s)

    def identity(
        self,
        person_id: int,
        platform: str,
        user_id: str,
        chat_id: str | None = None,
        workspace: str = "",
    ) -> None:
        row = ChatIdentityRow(
            person_id=person_id,
            platform=platform,
            workspace=workspace,
            user_id=user_id,
            chat_id=chat_id,
        )
        self.s.add(row)

    def plan(self, key: str, unit_id: int, settings: Mapping[str, Any] | None = None) -> int:
        return insert_plan(self.s, key, unit_id, settings=settings)

    def area(self, plan_id: int, key: str, title: str) -> int:
        return insert_row(self.s, AreaRow(plan_id=plan_id, key=key, title=title))

    def item(self, plan_id: int, area_id: int, spec: ItemSpec, position: int = 0) -> int:
        return insert_item(self.s, plan_id, area_id, spec, position=position)

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
        row = CheckinRow(
            plan_item_id=item_id,
            person_id=person_id,
            occurrence=occurrence,
            prompt=prompt,
            state=state,
            due_at=due,
            occurrence_end=occurrence_end,
        )
        return insert_row(self.s, row)

    def sent(self, checkin_id: int, ref: MessageRef, at: datetime) -> None:
        def write(session: Session) -> None:
            row = session.get(CheckinRow, checkin_id)
            assert row is not None
            row.message_platform, row.message_chat_id = ref.platform.value, ref.chat_id
            row.message_id = ref.message_id
            session.add(row)
            session.add(
                DeliveryAttemptRow(
                    checkin_id=checkin_id,
                    person_id=row.person_id,
                    at=at,
                    platform=ref.platform.value,
                    outcome="ok",
                )
            )

        write(self.s)

    def archive_item(self, item_id: int, at: datetime) -> None:
        def write(session: Session) -> None:
            row = session.get(PlanItemRow, item_id)
            assert row is not None
            row.archived_at = at
            session.add(row)

        write(self.s)
