"""The digest names the week it reports: title, date range and `--week` mean the same week.

The digest sent on Monday of week W reports W-1, Monday to Sunday. The expected week numbers
and days come from `date.isocalendar()` here, never from the code under test.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session

from bot.core.clock import FrozenClock
from bot.core.i18n import Translator
from bot.core.model import Platform
from bot.core.reporting import IsoWeek
from handlers.digest import preview_digest, run_due_digests
from storage.engine import Database
from storage.reporting import SqlReportingStore
from tests.reports.fakes import RecordingTransport
from tests.reports.seed import Seed, Union, build_union

SV = Translator("sv")


def monday_of(year: int, week: int) -> date:
    """The Monday whose isocalendar() is (year, week, 1), found by walking the calendar."""
    day = date(year - 1, 12, 20)
    while day.isocalendar()[:3] != (year, week, 1):
        day += timedelta(days=1)
    return day


def expected_range(monday: date) -> str:
    sunday = monday + timedelta(days=6)
    return f"från {SV.date(monday)} till {SV.date(sunday)}."


@pytest.fixture
def union(sqlite_db: Database) -> Union:
    return sqlite_db.run_sync(build_union)


def answered_on(db: Database, union: Union, day: date) -> None:
    """A Yes given at noon on `day`, so the week of `day` is not a quiet one."""

    def add(session: Session) -> None:
        seed = Seed(session)
        noon = datetime(day.year, day.month, day.day, 11, tzinfo=UTC)
        checkin = seed.checkin(union["i3"], union["anna"], day, noon)
        seed.answer(checkin, "yes", noon)

    db.run_sync(add)


WEEKS = [(2025, 1), (2025, 42), (2025, 48), (2026, 1), (2026, 53)]


@pytest.mark.parametrize(("year", "week"), WEEKS)
async def test_preview_week_is_the_week_reported(
    sqlite_db: Database, union: Union, year: int, week: int
) -> None:
    monday = monday_of(year, week)
    answered_on(sqlite_db, union, monday + timedelta(days=2))
    clock = FrozenClock(datetime(2027, 6, 1, tzinfo=UTC))
    store = SqlReportingStore(sqlite_db)
    message = await preview_digest(store, "styrelsen", clock, IsoWeek(year, week), "sv")
    assert message.title == f"Veckorapport vecka {week}"
    assert message.text == "1 rapport " + expected_range(monday)


@pytest.mark.parametrize(
    "sent_on",
    [
        date(2025, 10, 20),  # the report of "vecka 43 … 13 oktober till 19 oktober"
        date(2025, 12, 29),  # a Monday of 2026-W01 reports the last week of 2025
        date(2026, 1, 5),  # reports 2026-W01, which began in December 2025
        date(2027, 1, 4),  # reports 2026-W53
    ],
)
async def test_the_sent_digest_names_the_week_that_just_ended(
    sqlite_db: Database, union: Union, sent_on: date
) -> None:
    reported = sent_on - timedelta(days=7)
    answered_on(sqlite_db, union, reported + timedelta(days=3))
    console = RecordingTransport()
    # 08:00 in Stockholm is 07:00 UTC in winter and 06:00 UTC in summer: 07:00 is past both.
    clock = FrozenClock(datetime(sent_on.year, sent_on.month, sent_on.day, 7, tzinfo=UTC))
    assert await run_due_digests(SqlReportingStore(sqlite_db), {Platform.CONSOLE: console}, clock)
    message = console.sent[0][1]
    assert message.title == f"Veckorapport vecka {reported.isocalendar()[1]}"
    assert message.text == "1 rapport " + expected_range(reported)


async def test_coming_up_lists_only_occurrences_still_ahead(
    sqlite_db: Database, union: Union
) -> None:
    """An occurrence of 1 October asked about later is not "coming up" in the week-42 report."""
    past, ahead = date(2025, 10, 1), date(2025, 10, 29)

    def add(session: Session) -> None:
        seed = Seed(session)
        seed.checkin(union["i3"], union["anna"], past, datetime(2025, 10, 22, 7, tzinfo=UTC))
        seed.checkin(union["i3"], union["anna"], ahead, datetime(2025, 10, 29, 7, tzinfo=UTC))

    sqlite_db.run_sync(add)
    clock = FrozenClock(datetime(2027, 6, 1, tzinfo=UTC))
    store = SqlReportingStore(sqlite_db)
    message = await preview_digest(store, "styrelsen", clock, IsoWeek(2025, 42), "sv")
    coming = [line for s in message.sections for line in s.lines if line.startswith("På gång")]
    assert coming == [f"På gång {SV.weekday_date(ahead)}: Skyddsrond"]
