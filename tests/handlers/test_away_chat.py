"""Saying "I am away" in the chat: every spelling, a date or until further notice, and back.

The handlers run on the fake store; tests/contracts holds it to what SQL does."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.clock import FrozenClock
from bot.core.messages import Reply
from handlers.away import fold
from tests.fakes.conversation import FakeConversationStore
from tests.handlers.conftest import Chat, World

# The clock stands at Monday 3 March 2025, 09:00 in Stockholm (Anna's time zone).
BACK_11_AUGUST = datetime(2025, 8, 10, 22, 0, tzinfo=UTC)  # 00:00 on 11 Aug, summer time


def periods(
    store: FakeConversationStore, person_id: int
) -> list[tuple[datetime, datetime | None, str]]:
    rows = [a for a in store.tables.away.values() if a.person_id == person_id]
    return [(r.starts_at, r.ends_at, r.source) for r in rows]


def reply_text(chat: Chat) -> str:
    return "\n".join(e.message.text for e in chat.effects if isinstance(e, Reply))


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("/Fråvær", "fravaer"),
        ("fravær", "fravaer"),
        ("/LEDIG", "ledig"),
        ("Tillbaka", "tillbaka"),
    ],
)
def test_fold(word: str, expected: str) -> None:
    assert fold(word) == expected


@pytest.mark.parametrize(
    "command", ["ledig", "borta", "fravaer", "fravar", "away", "fråvær", "fravær"]
)
async def test_every_away_command_with_a_date(
    chat: Chat, world: World, fake_store: FakeConversationStore, clock: FrozenClock, command: str
) -> None:
    await chat.steward_commands(command, "10.8")
    assert periods(fake_store, world.steward_id) == [(clock.now(), BACK_11_AUGUST, "chat")]


@pytest.mark.parametrize(
    "text", ["ledig 10 augusti", "/ledig 2025-08-10", "Fråvær 10. august", "borta till 10/8"]
)
async def test_typed_as_text_with_the_real_spelling(
    chat: Chat, world: World, fake_store: FakeConversationStore, text: str
) -> None:
    await chat.steward_says(text)
    assert [end for _s, end, _src in periods(fake_store, world.steward_id)] == [BACK_11_AUGUST]
    assert chat.bot_said("till och med söndag 10 augusti")


async def test_until_further_notice_then_back(
    chat: Chat, world: World, fake_store: FakeConversationStore, clock: FrozenClock
) -> None:
    await chat.steward_commands("ledig", "tills vidare")
    assert periods(fake_store, world.steward_id) == [(clock.now(), None, "chat")]
    assert chat.bot_said("tills vidare")
    await chat.steward_commands("tillbaka")
    assert chat.bot_said("Välkommen tillbaka")
    assert periods(fake_store, world.steward_id) == [(clock.now(), clock.now(), "chat")]


@pytest.mark.parametrize(
    ("command", "args"), [("ledig", "slut"), ("fravaer", "slutt"), ("back", "")]
)
async def test_ending_early_with_slut_or_back(
    chat: Chat,
    world: World,
    fake_store: FakeConversationStore,
    clock: FrozenClock,
    *,
    command: str,
    args: str,
) -> None:
    await chat.steward_commands("ledig", "10.8")
    await chat.steward_commands(command, args)
    assert [end for _s, end, _src in periods(fake_store, world.steward_id)] == [clock.now()]


async def test_back_when_not_away_changes_nothing(
    chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    await chat.steward_commands("tillbaka")
    assert chat.bot_said("inte markerad som ledig")
    assert periods(fake_store, world.steward_id) == []


@pytest.mark.parametrize("args", ["", "snart", "31.2", "x" * 100_000])
async def test_bad_dates_are_explained_and_nothing_is_stored(
    chat: Chat, world: World, fake_store: FakeConversationStore, args: str
) -> None:
    await chat.steward_commands("ledig", args)
    assert "/ledig" in reply_text(chat)
    assert periods(fake_store, world.steward_id) == []


async def test_a_past_date_is_refused(
    chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    await chat.steward_commands("ledig", "2025-03-01")
    assert chat.bot_said("har redan varit")
    assert periods(fake_store, world.steward_id) == []


async def test_norwegian_reply_names_the_norwegian_commands(
    chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    fake_store.tables.people[world.steward_id].locale = "nn"
    await chat.steward_commands("fravaer", "inntil vidare")
    assert chat.bot_said("/tilbake")
    assert chat.bot_said("inntil vidare")


async def test_setting_it_again_moves_the_running_period(
    chat: Chat, world: World, fake_store: FakeConversationStore, clock: FrozenClock
) -> None:
    await chat.steward_commands("ledig", "10.8")
    await chat.steward_commands("ledig", "tills vidare")
    assert periods(fake_store, world.steward_id) == [(clock.now(), None, "chat")]
