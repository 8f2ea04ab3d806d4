"""Stewards with an open check-in each, on Telegram and Slack, for the tap-burst tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from bot.core.messages import Effect, InboundEvent
from bot.core.model import Choice, ItemSpec, Owner, OwnerKind, Schedule, ScheduleKind
from handlers.router import Router
from handlers.tokens import ChoiceToken, encode
from storage.engine import Database
from storage.tables import AnswerRow, AreaRow, ChatIdentityRow, CheckinRow, UnitRow
from tests.support.seed import insert_item, insert_person, insert_plan, insert_row

NOW = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
SLACK_TEAM = "T0UNION"
FIRST_TELEGRAM_USER = 300_000
WEEK = ItemSpec(
    key="8.3",
    title="Värvningsvecka",
    schedule=Schedule(ScheduleKind.EVENT, start=date(2025, 3, 1), end=date(2025, 3, 2)),
    owners=(Owner(OwnerKind.PERSON, person="s0"),),
)


@dataclass(frozen=True)
class Steward:
    telegram_id: int
    slack_id: str
    checkin_id: int

    def token(self, choice: Choice) -> str:
        return encode(ChoiceToken(self.checkin_id, choice))


def seed_stewards(db: Database, count: int) -> list[Steward]:
    """`count` stewards, each linked on both platforms, each with one open check-in."""

    def write(session: Session) -> list[Steward]:
        unit = insert_row(session, UnitRow(key="u", name="Sektionen", kind="sektion"))
        plan = insert_plan(session, "vp", unit)
        area = insert_row(session, AreaRow(plan_id=plan, key="8", title="Organisering"))
        item = insert_item(session, plan, area, WEEK)
        stewards = []
        for n in range(count):
            person = insert_person(session, f"s{n}", f"Steward {n}", [unit])
            telegram, slack = FIRST_TELEGRAM_USER + n, f"U{n:05d}"
            session.add(ChatIdentityRow(person_id=person, platform="telegram", workspace="",
                                        user_id=str(telegram), chat_id=str(telegram)))  # fmt: skip
            session.add(ChatIdentityRow(person_id=person, platform="slack", workspace=SLACK_TEAM,
                                        user_id=slack, chat_id=f"D{slack}"))  # fmt: skip
            checkin = insert_row(session, CheckinRow(
                plan_item_id=item, person_id=person, occurrence="2025-03-01", prompt="ask",
                state="awaiting", due_at=NOW, occurrence_end=date(2025, 3, 2),
            ))  # fmt: skip
            stewards.append(Steward(telegram, slack, checkin))
        return stewards

    return db.run_sync(write)


def revisions(db: Database, checkin_id: int) -> list[tuple[int, str, bool]]:
    """Every stored revision of a check-in's answer: (revision, choice, current), in order."""

    def read(session: Session) -> list[tuple[int, str, bool]]:
        rows = session.exec(
            select(AnswerRow)
            .where(AnswerRow.checkin_id == checkin_id)
            .order_by(col(AnswerRow.revision))
        )
        return [(row.revision, row.choice, row.current) for row in rows]

    return db.run_sync(read, read_only=True)


class Gate:
    """The real router, holding the chosen events until opened; the rest go straight on."""

    def __init__(self, router: Router, held: set[str] | None = None) -> None:
        self.router = router
        self.held = held or set()
        self.opened = asyncio.Event()
        self.entered: list[str] = []
        self.handled: list[str] = []
        self._changed = asyncio.Condition()

    async def __call__(self, event: InboundEvent) -> Sequence[Effect]:
        async with self._changed:
            self.entered.append(event.event_id)
            self._changed.notify_all()
        if event.event_id in self.held:
            await self.opened.wait()
        effects = await self.router.handle(event)
        async with self._changed:
            self.handled.append(event.event_id)
            self._changed.notify_all()
        return effects

    async def wait_handled(self, count: int, within: float = 30.0) -> None:
        await self._wait(lambda: len(self.handled) >= count, within)

    async def wait_entered(self, count: int, within: float = 30.0) -> None:
        await self._wait(lambda: len(self.entered) >= count, within)

    async def _wait(self, check: Callable[[], bool], within: float) -> None:
        async def enough() -> None:
            async with self._changed:
                await self._changed.wait_for(check)

        await asyncio.wait_for(enough(), within)
