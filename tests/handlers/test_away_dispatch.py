"""Away over a recruitment week: nothing is sent, one message on return, away in the digest."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlmodel import col, select

from bot.core.away import back_at
from bot.core.clock import FrozenClock
from bot.core.i18n import translator
from bot.core.messages import OutgoingMessage
from bot.core.model import Platform, Schedule, ScheduleKind
from bot.core.ports import Transport
from bot.core.reporting import IsoWeek
from handlers.digest import compose_digest, digest_window
from handlers.scheduling import dispatch, materialise
from handlers.tokens import ChoiceToken, decode
from storage.away import end_away, set_away
from storage.engine import Database
from storage.reporting import SqlReportingStore
from storage.scheduling import SqlSchedulingStore
from storage.tables import CheckinRow
from tests.scheduler.seed import (
    RecordingTransport,
    World,
    add_item,
    event_on,
    person_owner,
    seed_world,
)

START = datetime(2025, 3, 3, 8, tzinfo=UTC)  # Monday 09:00 in Stockholm
LAST_DAY_AWAY = date(2025, 3, 23)  # a Sunday; Anna is back on Monday 24 March
ASK_TITLE = "Dags att rapportera"
AWAY_TITLE = "Dags att rapportera: det som kom medan du var borta"
RECRUITMENT = Schedule(
    ScheduleKind.EVENT, start=date(2025, 3, 10), end=date(2025, 3, 14), remind_days_before=(3,)
)


def ids_in(message: OutgoingMessage) -> set[int]:
    found = set()
    for button in message.buttons:
        token = decode(button.token)
        if isinstance(token, ChoiceToken):
            found.add(token.checkin_id)
    return found


def rows_of(db: Database, item_id: int) -> list[CheckinRow]:
    return list(
        db.run_sync(
            lambda s: s.exec(
                select(CheckinRow)
                .where(col(CheckinRow.plan_item_id) == item_id)
                .order_by(col(CheckinRow.id))
            ).all()
        )
    )


class Story:
    """Anna owns four items, Bo one; Anna goes away after her first reminder."""

    def __init__(self, db: Database, clock: FrozenClock) -> None:
        self.db, self.clock = db, clock
        self.world: World = seed_world(db)
        self.store = SqlSchedulingStore(db)
        self.console = RecordingTransport()
        anna = [person_owner("anna")]
        self.before = add_item(db, self.world, "8.0", event_on(date(2025, 3, 2)), anna)
        self.week = add_item(db, self.world, "8.1", RECRUITMENT, anna, title="Värvningsvecka")
        self.early = add_item(db, self.world, "8.2", event_on(date(2025, 3, 5)), anna)
        self.late = add_item(db, self.world, "8.3", event_on(date(2025, 3, 18)), anna)
        self.bos = add_item(
            db, self.world, "8.4", event_on(date(2025, 3, 12)), [person_owner("bo")]
        )

    @property
    def anna(self) -> int:
        return self.world.people["anna"]

    async def tick(self) -> None:
        await materialise(self.store, self.clock, 60)
        mapping: dict[Platform, Transport] = {Platform.CONSOLE: self.console}
        await dispatch(self.store, mapping, self.clock, owner="test")

    async def run_until(self, end: datetime, step: timedelta = timedelta(hours=4)) -> None:
        while self.clock.now() < end:
            self.clock.advance(step)
            await self.tick()

    def sent_to(self, key: str) -> list[tuple[datetime, OutgoingMessage]]:
        return [
            (at, m)
            for at, (a, m) in zip(self.times, self.console.sent, strict=True)
            if a.chat_id == key
        ]

    times: list[datetime]

    def go_away(self, last_day: date | None) -> None:
        ends = back_at(last_day, "Europe/Stockholm") if last_day else None
        now = self.clock.now()
        self.db.run_sync(lambda s: set_away(s, self.anna, ends_at=ends, source="chat", now=now))


async def story(db: Database) -> Story:
    clock = FrozenClock(START)
    s = Story(db, clock)
    stamps: list[datetime] = []
    original = s.console.send

    async def send(address, message):  # type: ignore[no-untyped-def]
        stamps.append(clock.now())
        return await original(address, message)

    s.console.send = send  # type: ignore[method-assign]
    s.times = stamps
    await s.tick()
    return s


async def test_away_over_the_recruitment_week_gets_nothing_then_one_message(
    db: Database,
) -> None:
    s = await story(db)
    assert [ids_in(m) for _, m in s.sent_to("anna")] == [{rows_of(db, s.before)[0].id}]
    s.clock.advance(timedelta(hours=2))
    s.go_away(LAST_DAY_AWAY)
    back = back_at(LAST_DAY_AWAY, "Europe/Stockholm")
    await s.run_until(back - timedelta(minutes=1))
    assert len(s.sent_to("anna")) == 1  # nothing while away: no notice, no ask, no follow-up
    assert len(s.sent_to("bo")) >= 1  # Bo is not away and is reminded as usual
    await s.run_until(back + timedelta(hours=20))
    returned = [(at, m) for at, m in s.sent_to("anna") if at >= back]
    assert len(returned) == 1  # gathered: never a burst
    week_ask = next(r for r in rows_of(db, s.week) if r.prompt == "ask")
    late_ask = next(r for r in rows_of(db, s.late) if r.prompt == "ask")
    # Asked on return: what fell due while away and whose report-by (due + 14 days) has
    # not passed: the recruitment week (due 17 March) and the late event (due 19 March).
    # The early event (due 6 March) and the first item (due 3 March) are past it.
    assert ids_in(returned[0][1]) == {week_ask.id, late_ask.id}
    # The message says it is the one of what came in while she was away; the others do not.
    assert returned[0][1].title == AWAY_TITLE
    assert [m.title for at, m in s.sent_to("anna") if at < back] == [ASK_TITLE]
    assert AWAY_TITLE not in {m.title for _at, m in s.sent_to("bo")}
    # A follow-up after the return is an ordinary one.
    await s.run_until(back + timedelta(days=8))
    later = [m.title for at, m in s.sent_to("anna") if at > returned[0][0]]
    assert later, "no follow-up after the return"
    assert AWAY_TITLE not in later
    assert [r.state for r in rows_of(db, s.early)] == ["missed"]
    assert {r.prompt: r.state for r in rows_of(db, s.week)}["notice-3"] == "missed"
    assert [r.state for r in rows_of(db, s.before)] == ["missed"]


async def test_ending_early_asks_at_once(db: Database) -> None:
    s = await story(db)
    s.go_away(None)  # until further notice
    await s.run_until(datetime(2025, 3, 18, 9, tzinfo=UTC))
    assert len(s.sent_to("anna")) == 1
    now = s.clock.now()
    assert db.run_sync(lambda session: end_away(session, s.anna, now))
    await s.run_until(now + timedelta(hours=1))
    [(_at, message)] = [(at, m) for at, m in s.sent_to("anna") if at > now]
    week_ask = next(r for r in rows_of(db, s.week) if r.prompt == "ask")
    [early_ask] = rows_of(db, s.early)
    # Back on 18 March: the early event (due 6 March, report by 20 March) and the week (due
    # 17 March) are still worth asking; the first item (due 3 March, report by 17 March) is not.
    assert ids_in(message) == {week_ask.id, early_ask.id}
    assert message.title == AWAY_TITLE
    assert [r.state for r in rows_of(db, s.before)] == ["missed"]


async def test_the_digest_lists_her_as_away_not_as_unanswered(db: Database) -> None:
    s = await story(db)
    s.go_away(LAST_DAY_AWAY)
    await s.run_until(datetime(2025, 3, 17, 7, tzinfo=UTC))
    reporting = SqlReportingStore(db)
    board = await reporting.board("styrelsen")
    week = IsoWeek.of(date(2025, 3, 17))
    data = await reporting.digest_data(board, week, digest_window(board, week))
    assert [(p.name, p.last_day) for p in data.roster.away] == [("Anna", LAST_DAY_AWAY)]
    assert [p.name for p in data.not_answered] == ["Bo"]
    # Every item of hers whose days lie wholly within 3-23 March has nobody on it; the
    # first item (2 March) began before she left.
    assert [(u.title, u.on, u.names) for u in data.roster.uncovered] == [
        ("Punkt 8.2", date(2025, 3, 5), ("Anna",)),
        ("Värvningsvecka", date(2025, 3, 10), ("Anna",)),
        ("Punkt 8.3", date(2025, 3, 18), ("Anna",)),
    ]
    text = compose_digest(translator("sv"), data)
    away = next(sec for sec in text.sections if sec.title == "Lediga")
    assert away.lines == ("Anna: ledig till och med 23 mars 2025",)
