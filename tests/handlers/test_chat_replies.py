"""Replies a first try of the chat showed to say too little or the wrong thing.

/tillbaka with nothing due, /plan with one item open for several occurrences, the example
in /hjalp, and a plan's metric label inside a question in another language.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from bot.core.messages import Reply
from bot.core.model import Choice
from handlers.router import Router
from tests.fakes.conversation import FakeConversationStore
from tests.fakes.seeding import FakeSeeder
from tests.handlers.conftest import Chat, World, telegram_sender

# The clock stands at Monday 3 March 2025, 09:00 in Stockholm; Anna's two check-ins are due
# at that moment.
NEXT_WEEK = datetime(2025, 3, 10, 8, 0, tzinfo=UTC)


def reply_texts(chat: Chat) -> list[str]:
    return [e.message.text for e in chat.effects if isinstance(e, Reply)]


# --- /tillbaka -----------------------------------------------------------------------------


async def test_back_with_nothing_due_does_not_promise_a_message(
    router: Router, world: World
) -> None:
    board_member = Chat(router, telegram_sender("1003"))  # Cecilia owns no item
    await board_member.steward_commands("ledig", "10.8")
    await board_member.steward_commands("tillbaka")
    (text,) = reply_texts(board_member)
    assert text.startswith("Välkommen tillbaka!")
    assert "strax" not in text
    assert "inget meddelande" in text
    assert "/plan" in text


async def test_back_with_only_later_items_does_not_promise_a_message(
    chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    for row in fake_store.tables.checkins.values():
        row.due_at, row.state = NEXT_WEEK, "scheduled"
    await chat.steward_commands("ledig", "10.8")
    await chat.steward_commands("tillbaka")
    (text,) = reply_texts(chat)
    assert "strax" not in text
    assert "inget meddelande" in text


async def test_back_with_items_due_says_they_come_in_one_message(chat: Chat) -> None:
    await chat.steward_commands("ledig", "10.8")
    await chat.steward_commands("tillbaka")
    (text,) = reply_texts(chat)
    assert "strax i ett enda meddelande" in text
    assert "inget meddelande" not in text


# --- /plan ---------------------------------------------------------------------------------


async def test_plan_shows_the_date_of_each_occurrence_of_one_item(
    chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    seed = FakeSeeder(fake_store.tables)
    for row in list(fake_store.tables.checkins.values()):
        row.state = "answered"
    for month, last in ((9, 30), (10, 31), (11, 30)):
        seed.checkin(
            world.meeting_item_id,
            world.steward_id,
            datetime(2025, month, last, 13, 0, tzinfo=UTC),
            occurrence=f"2025-{month:02d}-01",
            occurrence_end=date(2025, month, last),
            state="scheduled",
        )
    await chat.steward_commands("plan")
    ((reply),) = [e for e in chat.effects if isinstance(e, Reply)]
    sections = reply.message.sections
    assert [s.title for s in sections] == ["8.2 Digitala träffar för ombud"] * 3
    assert [s.lines[0] for s in sections] == [
        "När: 1 september 2025 – 30 september 2025",
        "När: 1 oktober 2025 – 31 oktober 2025",
        "När: 1 november 2025 – 30 november 2025",
    ]


# --- /hjalp --------------------------------------------------------------------------------


async def test_help_gives_an_example_with_one_of_the_persons_own_codes(chat: Chat) -> None:
    await chat.steward_commands("hjalp")
    (text,) = reply_texts(chat)
    example = re.search(r"/rapport (\S+) för punkt (\S+)\n", text)
    assert example is not None, text
    assert example.group(1) == example.group(2)
    assert example.group(1) in {"8.2", "8.3"}  # Anna's items


async def test_help_without_items_names_no_code_of_another_plan(
    router: Router, world: World
) -> None:
    board_member = Chat(router, telegram_sender("1003"))
    await board_member.steward_commands("hjalp")
    (text,) = reply_texts(board_member)
    assert "3.1" not in text
    assert "/rapport KOD för punkten med den koden" in text


async def test_english_help_says_away_up_to_and_including_the_day(
    chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    fake_store.tables.people[world.steward_id].locale = "en"
    await chat.steward_commands("help")
    (text,) = reply_texts(chat)
    assert "/away DATE: you are away up to and including that day" in text
    assert "until that day" not in text


# --- a plan's label in another language ----------------------------------------------------


async def test_a_metric_label_in_the_plans_language_is_quoted_in_a_bokmal_question(
    chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    fake_store.tables.people[world.steward_id].locale = "nb"
    chat.gets_reminder(world.meeting_checkin_id)
    await chat.steward_taps(Choice.YES)
    assert chat.bot_said("«Antal deltagare»: hvor mange?")
