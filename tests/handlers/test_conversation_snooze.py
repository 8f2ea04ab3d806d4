"""Later: the reminder comes back on the next working day, at the time it was first sent."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.clock import FrozenClock
from bot.core.model import Choice
from tests.fakes.conversation import FakeConversationStore
from tests.handlers.conftest import Chat, World

STOCKHOLM = ZoneInfo("Europe/Stockholm")
ASCENSION_2025 = date(2025, 5, 29)  # Kristi himmelsfärds dag, a Thursday: no reminders


def next_working_day(day: date, holidays: frozenset[date] = frozenset()) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5 or day in holidays:
        day += timedelta(days=1)
    return day


def sent_at_nine(store: FakeConversationStore, checkin_id: int, day: date) -> None:
    """The reminder went out at 09:00 Stockholm time on `day`."""
    nine = datetime(day.year, day.month, day.day, 9, tzinfo=STOCKHOLM)
    store.tables.checkins[checkin_id].due_at = nine.astimezone(UTC)


@pytest.mark.parametrize(
    ("tapped_on", "holidays"),
    [
        (date(2025, 3, 7), frozenset()),  # a Friday: not Saturday, but Monday
        (date(2025, 3, 8), frozenset()),  # a Saturday tap: Monday too
        (date(2025, 5, 28), frozenset({ASCENSION_2025})),  # Wednesday before a holiday
        (date(2025, 3, 4), frozenset()),  # a Tuesday: simply the next day
    ],
)
async def test_later_lands_on_the_next_working_day_at_the_send_time(
    chat: Chat,
    *,
    world: World,
    fake_store: FakeConversationStore,
    clock: FrozenClock,
    tapped_on: date,
    holidays: frozenset[date],
) -> None:
    sent_at_nine(fake_store, world.week_checkin_id, tapped_on)
    clock.set(datetime(tapped_on.year, tapped_on.month, tapped_on.day, 14, 30, tzinfo=STOCKHOLM))
    chat.gets_reminder(world.week_checkin_id)
    await chat.steward_taps(Choice.LATER)
    row = fake_store.tables.checkins[world.week_checkin_id]
    assert row.state == "snoozed"
    assert row.next_send_at is not None
    local = row.next_send_at.astimezone(STOCKHOLM)
    assert local.date() == next_working_day(tapped_on, holidays)
    assert (local.hour, local.minute) == (9, 0)
