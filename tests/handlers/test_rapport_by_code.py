"""/rapport with an item's code: straight to that item's report request, as the menu's tap.

The steward's items in these tests are 8.2 "Digitala träffar för ombud" and 8.3
"Värvningsvecka" (tests/fakes/world.py); Bo has been asked about 8.2 only.
"""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from bot.core.clock import FrozenClock
from bot.core.messages import OutgoingMessage, Reply, Toast
from bot.core.model import Choice
from handlers.router import Router
from storage.engine import Database
from storage.tables import AnswerRow
from tests.fakes.conversation import FakeConversationStore
from tests.handlers.conftest import Chat, World, telegram_sender

MEETING_LABEL = "8.2 Digitala träffar för ombud"
WEEK_LABEL = "8.3 Värvningsvecka"


def only_reply(chat: Chat) -> OutgoingMessage:
    """The one message the last event brought: a command taps nothing, so no toast."""
    assert not [e for e in chat.effects if isinstance(e, Toast)]
    (reply,) = [e for e in chat.effects if isinstance(e, Reply)]
    return reply.message


def labels(message: OutgoingMessage) -> list[str]:
    return [b.label for b in message.buttons]


def answers_of(store: FakeConversationStore) -> list[tuple[int, str]]:
    return sorted((a.checkin_id, a.choice) for a in store.tables.answers.values() if a.current)


async def from_the_menu(chat: Chat, label: str) -> OutgoingMessage:
    await chat.steward_commands("rapport")
    await chat.steward_taps(label)
    (reply,) = [e for e in chat.effects if isinstance(e, Reply)]
    return reply.message


async def test_rapport_with_a_code_is_the_menus_tap_on_that_item(
    chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    tapped = await from_the_menu(chat, MEETING_LABEL)

    await chat.steward_commands("rapport", "8.2")

    assert only_reply(chat) == tapped
    assert chat.bot_said("Blev det av?")
    await chat.steward_taps(Choice.YES)
    assert answers_of(fake_store) == [(world.meeting_checkin_id, "yes")]
    assert chat.bot_said("”Antal deltagare”: hur många?")


@pytest.mark.parametrize(
    ("said", "label"),
    [
        ("8.3", WEEK_LABEL),
        ("8.3.", WEEK_LABEL),  # a full stop typed after the code
        (WEEK_LABEL, WEEK_LABEL),  # the menu's label typed out
        ("värvning", WEEK_LABEL),  # the start of the title
        ("  DIGITALA   träffar ", MEETING_LABEL),  # case and spacing aside
    ],
)
async def test_rapport_finds_the_item_by_code_or_title(
    chat: Chat, world: World, said: str, label: str
) -> None:
    tapped = await from_the_menu(chat, label)
    await chat.steward_commands("rapport", said)
    assert only_reply(chat) == tapped


async def test_an_unknown_code_says_so_and_shows_the_menu(chat: Chat, world: World) -> None:
    await chat.steward_commands("rapport", "9.9")
    message = only_reply(chat)
    assert message.text == "Du har ingen punkt ”9.9”. Vilken punkt vill du rapportera om?"
    assert labels(message) == [MEETING_LABEL, WEEK_LABEL]
    await chat.steward_taps(WEEK_LABEL)  # the menu works as the plain /rapport's
    assert chat.bot_said("Blev det av?")


async def test_an_area_code_offers_the_items_it_holds(chat: Chat, world: World) -> None:
    await chat.steward_commands("rapportera", "8")
    message = only_reply(chat)
    assert message.text == "Flera av dina punkter passar in på ”8”. Vilken menar du?"
    assert labels(message) == [MEETING_LABEL, WEEK_LABEL]


async def test_someone_elses_item_is_unknown_to_the_person_asking(
    router: Router, world: World
) -> None:
    bo = Chat(router, telegram_sender("1002"))
    await bo.steward_commands("rapport", "8.3")  # Anna's item, never Bo's
    message = only_reply(bo)
    assert message.text.startswith("Du har ingen punkt ”8.3”.")
    assert labels(message) == [MEETING_LABEL]


async def test_a_typed_rapport_with_a_code(chat: Chat, world: World) -> None:
    tapped = await from_the_menu(chat, WEEK_LABEL)
    await chat.steward_says("rapport 8.3")
    assert only_reply(chat) == tapped


async def test_a_long_unknown_argument_is_quoted_short(chat: Chat, world: World) -> None:
    said = "ett mycket långt och obegripligt argument som ingen punkt har"
    await chat.steward_commands("rapport", said)
    text = only_reply(chat).text
    quoted = text.removeprefix("Du har ingen punkt ”").split("”", 1)[0]
    assert len(quoted) == 40
    assert said.startswith(quoted.removesuffix("…"))


async def test_report_with_a_code_in_english(
    chat: Chat, world: World, fake_store: FakeConversationStore
) -> None:
    await chat.steward_commands("sprak")
    await chat.steward_taps("English")
    tapped = await from_the_menu(chat, WEEK_LABEL)

    await chat.steward_commands("report", "8.3")
    assert only_reply(chat) == tapped
    assert chat.bot_said("Did it happen?")

    await chat.steward_commands("report", "7.7")
    message = only_reply(chat)
    assert message.text == "You have no item “7.7”. Which item do you want to report on?"
    assert labels(message) == [MEETING_LABEL, WEEK_LABEL]

    await chat.steward_commands("report", "8")
    assert only_reply(chat).text == "Several of your items match “8”. Which one do you mean?"


@pytest.mark.parametrize(
    ("locale", "unknown", "several"),
    [
        (
            "Norsk bokmål",
            "Du har ikke noe punkt «7.7». Hvilket punkt vil du rapportere på?",
            "Flere av punktene dine passer med «8». Hvilket mener du?",
        ),
        (
            "Norsk nynorsk",
            "Du har ikkje noko punkt «7.7». Kva for eit punkt vil du rapportere på?",
            "Fleire av punkta dine passar med «8». Kva for eitt meiner du?",
        ),
    ],
)
async def test_report_with_a_code_in_norwegian(
    chat: Chat, world: World, locale: str, unknown: str, several: str
) -> None:
    await chat.steward_commands("sprak")
    await chat.steward_taps(locale)
    await chat.steward_commands("rapport", "7.7")
    assert only_reply(chat).text == unknown
    await chat.steward_commands("rapport", "8")
    assert only_reply(chat).text == several


async def test_no_items_at_all_says_so_whatever_the_code(
    chat: Chat, world: World, fake_store: FakeConversationStore, clock: FrozenClock
) -> None:
    for plan in fake_store.tables.plans.values():
        plan.archived_at = clock.now()
    await chat.steward_commands("rapport", "8.2")
    assert only_reply(chat).text == "Du har inga punkter i planen att rapportera om."


async def test_rapport_with_a_code_on_the_database(
    chat: Chat, world: World, sqlite_db: Database
) -> None:
    """The same straight path on SQLite: the item found, its check-in answered."""
    await chat.steward_commands("rapport", "8.3")
    assert chat.bot_said("Värvningsvecka")
    await chat.steward_taps(Choice.YES)
    assert revisions_of(sqlite_db, world.week_checkin_id) == [(1, "yes", True)]


def revisions_of(db: Database, checkin_id: int) -> list[tuple[int, str, bool]]:
    def read(session: Session) -> list[tuple[int, str, bool]]:
        rows = session.exec(select(AnswerRow).where(AnswerRow.checkin_id == checkin_id))
        return sorted((a.revision, a.choice, a.current) for a in rows)

    return db.run_sync(read)
