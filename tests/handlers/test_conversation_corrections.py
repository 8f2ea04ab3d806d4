"""A steward corrects an answer: the same check-in gets a new revision, never a second row."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlmodel import Session, col, select

from bot.core.clock import FrozenClock
from bot.core.messages import Toast
from bot.core.model import Choice
from bot.core.reporting import ExportFilter
from handlers.router import Router
from handlers.tokens import ReportToken, encode
from storage.engine import Database
from storage.reporting import export_rows
from storage.tables import AnswerRow, CheckinRow
from tests.handlers.conftest import Chat, World, later, telegram_sender

YES, NO = Choice.YES, Choice.NO
MEETING = "8.2 Digitala träffar för ombud"


def checkins_of(db: Database, item_id: int, person_id: int) -> list[CheckinRow]:
    def read(session: Session) -> list[CheckinRow]:
        query = select(CheckinRow).where(
            CheckinRow.plan_item_id == item_id, CheckinRow.person_id == person_id
        )
        return list(session.exec(query))

    return db.run_sync(read)


def history(db: Database, checkin_id: int | None) -> list[tuple[int, str, dict[str, int], bool]]:
    def read(session: Session) -> list[AnswerRow]:
        query = select(AnswerRow).where(AnswerRow.checkin_id == checkin_id)
        return list(session.exec(query.order_by(col(AnswerRow.revision))))

    return [(a.revision, a.choice, dict(a.numbers), a.current) for a in db.run_sync(read)]


def exported(db: Database) -> list[tuple[str, str, str, dict[str, int]]]:
    rows = db.run_sync(lambda s: export_rows(s, ExportFilter()))
    return [(r.item_key, r.person, r.choice, dict(r.numbers)) for r in rows]


async def reports_fourteen(chat: Chat, world: World) -> None:
    chat.gets_reminder(world.meeting_checkin_id)
    await chat.steward_taps(YES)
    await chat.steward_says("14")
    await chat.steward_says("skip")
    await chat.steward_says("skip")


async def test_rapport_corrects_the_answered_checkin_instead_of_adding_one(
    chat: Chat, world: World, sqlite_db: Database, clock: FrozenClock
) -> None:
    await reports_fourteen(chat, world)
    later(clock, 2)
    await chat.steward_commands("rapport")
    await chat.steward_taps(MEETING)
    assert chat.bot_said("redan svarat Ja")
    assert chat.bot_said("1 mars 2025 – 2 mars 2025")  # the meeting's own dates, not today's
    assert not chat.bot_said("5 mars")
    await chat.steward_taps(YES)
    assert chat.bot_said("Antal deltagare")
    await chat.steward_says("16")
    await chat.steward_says("skip")
    await chat.steward_says("skip")
    assert chat.bot_said("sparad")

    (only,) = checkins_of(sqlite_db, world.meeting_item_id, world.steward_id)
    assert only.id == world.meeting_checkin_id
    assert history(sqlite_db, only.id) == [
        (1, "yes", {"participants": 14}, False),
        (2, "yes", {"participants": 16}, True),
    ]
    mine = [row for row in exported(sqlite_db) if row[1] == "Anna"]
    assert mine == [("8.2", "Anna", "yes", {"participants": 16})]


async def test_a_correction_keeps_what_the_steward_skips(
    chat: Chat, world: World, sqlite_db: Database
) -> None:
    chat.gets_reminder(world.meeting_checkin_id)
    await chat.steward_taps(YES)
    await chat.steward_says("14")
    await chat.steward_says("3")
    await chat.steward_says("Bra träff")
    await chat.steward_commands("rapport")
    await chat.steward_taps(MEETING)
    await chat.steward_taps(YES)
    await chat.steward_says("16")
    await chat.steward_says("skip")
    await chat.steward_says("skip")
    rows = history(sqlite_db, world.meeting_checkin_id)
    assert rows[-1] == (2, "yes", {"participants": 16, "new_members": 3}, True)


async def test_rapport_correcting_yes_to_no_on_the_same_occurrence(
    chat: Chat, world: World, sqlite_db: Database
) -> None:
    await reports_fourteen(chat, world)
    await chat.steward_commands("rapport")
    await chat.steward_taps(MEETING)
    await chat.steward_taps(NO)
    assert chat.bot_said("Vad kom emellan")
    (only,) = checkins_of(sqlite_db, world.meeting_item_id, world.steward_id)
    assert [(r, c, cur) for r, c, _n, cur in history(sqlite_db, only.id)] == [
        (1, "yes", False),
        (2, "no", True),
    ]


async def test_an_old_reminder_button_corrects_the_same_checkin(
    chat: Chat, world: World, sqlite_db: Database
) -> None:
    await reports_fourteen(chat, world)
    await chat.steward_taps(YES)  # the old reminder's Yes, after the questions were over
    await chat.steward_says("16")
    await chat.steward_says("skip")
    await chat.steward_says("skip")
    (only,) = checkins_of(sqlite_db, world.meeting_item_id, world.steward_id)
    assert [n for _r, _c, n, cur in history(sqlite_db, only.id) if cur] == [{"participants": 16}]
    assert len(history(sqlite_db, only.id)) == 2


async def test_rapport_offers_the_earlier_occurrence_too(
    chat: Chat, world: World, sqlite_db: Database, clock: FrozenClock
) -> None:
    """Two quarterly meetings answered; the steward corrects the first, not the latest."""
    await reports_fourteen(chat, world)

    def second_quarter(session: Session) -> int:
        row = CheckinRow(
            plan_item_id=world.meeting_item_id,
            person_id=world.steward_id,
            occurrence="2025-06-01",
            prompt="ask",
            state="awaiting",
            due_at=datetime(2025, 6, 2, 8, 0, tzinfo=UTC),
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id

    june = sqlite_db.run_sync(second_quarter)
    clock.set(datetime(2025, 6, 3, 8, 0, tzinfo=UTC))
    await chat.steward_commands("rapport")
    await chat.steward_taps(MEETING)
    assert chat.bot_said("söndag 1 juni")  # the latest occurrence first
    label = "Ett annat tillfälle: 1 mars 2025 – 2 mars 2025"
    await chat.steward_taps(label)
    assert chat.bot_said("redan svarat Ja")
    await chat.steward_taps(YES)
    await chat.steward_says("16")
    assert [n for _r, _c, n, cur in history(sqlite_db, world.meeting_checkin_id) if cur] == [
        {"participants": 16}
    ]
    assert history(sqlite_db, june) == []
    assert len(checkins_of(sqlite_db, world.meeting_item_id, world.steward_id)) == 2


async def test_rapport_shows_the_occurrence_not_the_send_day(
    chat: Chat, world: World, sqlite_db: Database, clock: FrozenClock
) -> None:
    """A monthly item asked once its month is over shows the month, the right way round."""

    def as_month(session: Session) -> None:
        row = session.get(CheckinRow, world.week_checkin_id)
        assert row is not None
        row.occurrence = "2025-11-01"
        row.occurrence_end = date(2025, 11, 30)
        row.due_at = datetime(2025, 12, 1, 8, 0, tzinfo=UTC)
        session.add(row)

    sqlite_db.run_sync(as_month)
    clock.set(datetime(2025, 12, 10, 8, 0, tzinfo=UTC))
    await chat.steward_commands("rapport")
    await chat.steward_taps("8.3 Värvningsvecka")
    assert chat.bot_said("1 november 2025 – 30 november 2025")
    assert not chat.bot_said("1 december")


async def test_a_forged_occurrence_button_of_someone_else_is_refused(
    router: Router, world: World, sqlite_db: Database
) -> None:
    bo = Chat(router, telegram_sender("1002"))
    forged = encode(ReportToken(world.meeting_item_id, world.meeting_checkin_id))  # Anna's
    effects = await bo.taps_token(forged)
    assert [type(e) for e in effects] == [Toast]
    assert bo.bot_said("inte din")
    assert history(sqlite_db, world.meeting_checkin_id) == []
