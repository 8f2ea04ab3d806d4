"""A steward's whole conversation through real PTB, the fake Bot API, the router and SQLite."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, col, delete, select

from bot.core.clock import FrozenClock
from bot.core.i18n import translator
from bot.core.messages import ChatAddress, MessageRef
from bot.core.model import Choice, Platform
from bot.transports.telegram import TelegramTransport
from handlers import onboarding
from handlers.reminders import ReminderItem, compose_reminder
from handlers.router import Router
from handlers.tokens import ChoiceToken, decode, encode
from storage.conversation import SqlConversationStore
from storage.engine import Database
from storage.tables import AnswerRow, ChatIdentityRow
from tests.handlers.conftest import World, seed_world
from tests.transports.telegram.conftest import (
    STEWARD_ID,
    TransportFactory,
    callback,
    message,
)
from tests.transports.telegram.fake_bot_api import FakeBotApi

STRANGER_ID = 6001


class Steward:
    """Anna on her phone: what she types and taps goes through the fake Bot API."""

    def __init__(self, api: FakeBotApi) -> None:
        self.api = api
        self.tap_count = 0

    def bot_texts(self) -> list[str]:
        return [call["text"] for call in self.api.calls_to("sendMessage")]

    async def says(self, text: str, user_id: int = STEWARD_ID) -> str:
        """Send a message and return the bot's next message to this chat."""
        before = len(self.bot_texts())
        self.api.push(message(text, user_id=user_id, chat_id=user_id))
        await self.api.wait_for(lambda: len(self.bot_texts()) > before)
        return self.bot_texts()[before]

    async def taps(self, data: str, ref: MessageRef) -> tuple[str, str]:
        """Tap a button; return the toast and the edited reminder text."""
        self.tap_count += 1
        answers = len(self.api.calls_to("answerCallbackQuery"))
        edits = len(self.api.calls_to("editMessageText"))
        sent = len(self.bot_texts())
        query = callback(data, message_id=int(ref.message_id), query_id=f"tap{self.tap_count}")
        self.api.push(query)
        await self.api.wait_for(
            lambda: (
                len(self.api.calls_to("editMessageText")) > edits and len(self.bot_texts()) > sent
            )
        )
        toast = self.api.calls_to("answerCallbackQuery")[answers].get("text", "")
        return toast, self.api.calls_to("editMessageText")[edits]["text"]


@pytest.fixture
def world(sqlite_db: Database) -> World:
    """The handlers' small union, with Anna not yet linked to any Telegram account."""
    seeded = seed_world(sqlite_db)

    def unlink(session: Session) -> None:
        session.exec(
            delete(ChatIdentityRow).where(col(ChatIdentityRow.person_id) == seeded.steward_id)
        )

    sqlite_db.run_sync(unlink)
    return seeded


@pytest.fixture
async def live(
    sqlite_db: Database, clock: FrozenClock, make_transport: TransportFactory
) -> TelegramTransport:
    router = Router(SqlConversationStore(sqlite_db), clock, default_locale="sv")
    transport = make_transport()
    await transport.start(router.handle)
    return transport


def invite(db: Database, clock: FrozenClock) -> str:
    store = SqlConversationStore(db)
    return store.run_sync(
        lambda tx: onboarding.create_person_invite(tx, "anna", Platform.TELEGRAM, clock.now(), 14)
    )


async def send_reminder(
    transport: TelegramTransport, checkin_id: int
) -> tuple[MessageRef, dict[Choice, str]]:
    """What the dispatcher does: compose in Anna's language, send through the transport."""
    item = ReminderItem(
        checkin_id, "Digitala träffar", "Organisering", date(2025, 3, 1), date(2025, 3, 2)
    )
    reminder = compose_reminder(translator("sv"), [item], followup=False)
    ref = await transport.send(ChatAddress(Platform.TELEGRAM, str(STEWARD_ID)), reminder)
    buttons: dict[Choice, str] = {}
    for button in reminder.buttons:
        token = decode(button.token)
        if isinstance(token, ChoiceToken) and token.checkin_id == checkin_id:
            buttons[token.choice] = button.token
    return ref, buttons


def stored_answer(db: Database, checkin_id: int) -> AnswerRow:
    def read(session: Session) -> list[AnswerRow]:
        return list(session.exec(select(AnswerRow).where(AnswerRow.checkin_id == checkin_id)))

    (answer,) = db.run_sync(read)
    return answer


def identities_of(db: Database, user_id: int) -> list[ChatIdentityRow]:
    def read(session: Session) -> list[ChatIdentityRow]:
        query = select(ChatIdentityRow).where(ChatIdentityRow.user_id == str(user_id))
        return list(session.exec(query))

    return db.run_sync(read)


async def test_invite_then_reminder_yes_numbers_comment_is_stored(
    fake_api: FakeBotApi, live: TelegramTransport, world: World, sqlite_db: Database,
    clock: FrozenClock,
) -> None:  # fmt: skip
    anna = Steward(fake_api)
    welcome = await anna.says(f"/start {invite(sqlite_db, clock)}")
    assert "Digitala träffar för ombud" in welcome  # the items she will be asked about
    assert [row.person_id for row in identities_of(sqlite_db, STEWARD_ID)] == [world.steward_id]

    ref, buttons = await send_reminder(live, world.meeting_checkin_id)
    keyboard = fake_api.calls_to("sendMessage")[-1]["reply_markup"]["inline_keyboard"]
    assert [len(row) for row in keyboard] == [2, 2]
    assert set(buttons) == set(Choice)

    toast, edited = await anna.taps(buttons[Choice.YES], ref)
    assert toast == ""  # the spinner stops before the answer is stored; the edit says it
    assert "reply_markup" not in fake_api.calls_to("editMessageText")[-1]
    assert edited != fake_api.calls_to("sendMessage")[-2]["text"]  # shows the answer now
    assert "Antal deltagare" in anna.bot_texts()[-1]
    assert "Nya medlemmar" in await anna.says("12")
    assert "Något styrelsen bör veta?" in await anna.says("3")
    await anna.says("Bra träff, <b>alla</b> kom & stannade")

    answer = stored_answer(sqlite_db, world.meeting_checkin_id)
    assert answer.choice == "yes"
    assert answer.numbers == {"participants": 12, "new_members": 3}
    assert answer.comment == "Bra träff, <b>alla</b> kom & stannade"
    assert answer.via == "telegram"


async def test_invite_then_reminder_no_with_a_blocker_is_stored(
    fake_api: FakeBotApi, live: TelegramTransport, world: World, sqlite_db: Database,
    clock: FrozenClock,
) -> None:  # fmt: skip
    anna = Steward(fake_api)
    await anna.says(f"/start {invite(sqlite_db, clock)}")
    ref, buttons = await send_reminder(live, world.week_checkin_id)

    await anna.taps(buttons[Choice.NO], ref)
    await anna.says("Ingen lokal")
    await anna.says("nej")
    await anna.says("nej")

    answer = stored_answer(sqlite_db, world.week_checkin_id)
    assert (answer.choice, answer.blocker, answer.needs_help) == ("no", "Ingen lokal", False)
    assert answer.new_date is None


async def test_a_used_invite_links_nobody_else_and_a_forged_tap_changes_nothing(
    fake_api: FakeBotApi, live: TelegramTransport, world: World, sqlite_db: Database,
    clock: FrozenClock,
) -> None:  # fmt: skip
    anna = Steward(fake_api)
    code = invite(sqlite_db, clock)
    await anna.says(f"/start {code}")

    refusal = await anna.says(f"/start {code}", user_id=STRANGER_ID)
    assert refusal != anna.bot_texts()[0]
    assert identities_of(sqlite_db, STRANGER_ID) == []

    # Bo's check-in, tapped from Anna's phone; then data that does not decode.
    ref = MessageRef(Platform.TELEGRAM, str(STEWARD_ID), "555")
    for data in (
        encode(ChoiceToken(world.other_checkin_id, Choice.YES)),
        "c:zzzzzzzzzzzzz:y",
        "garbage \x00",
    ):
        answered = len(fake_api.calls_to("answerCallbackQuery"))
        fake_api.push(callback(data, message_id=int(ref.message_id), query_id=data))
        await fake_api.wait_calls("answerCallbackQuery", answered + 1)
    assert not fake_api.calls_to("editMessageText")

    def answers(session: Session) -> list[AnswerRow]:
        return list(session.exec(select(AnswerRow)))

    assert sqlite_db.run_sync(answers) == []


async def test_a_stranger_gets_directions_and_nothing_is_stored(
    fake_api: FakeBotApi, live: TelegramTransport, world: World, sqlite_db: Database
) -> None:
    stranger = Steward(fake_api)
    directions = await stranger.says("/start", user_id=STRANGER_ID)
    assert "/start" in directions  # how to use an invite
    again = await stranger.says("hej hej", user_id=STRANGER_ID)
    assert again == directions
    assert identities_of(sqlite_db, STRANGER_ID) == []


async def test_a_sticker_from_a_linked_steward_gets_a_polite_reply(
    fake_api: FakeBotApi, live: TelegramTransport, world: World, sqlite_db: Database,
    clock: FrozenClock,
) -> None:  # fmt: skip
    anna = Steward(fake_api)
    await anna.says(f"/start {invite(sqlite_db, clock)}")
    before = len(anna.bot_texts())
    sticker = {"file_id": "s", "file_unique_id": "s", "width": 1, "height": 1,
               "is_animated": False, "is_video": False, "type": "regular"}  # fmt: skip
    fake_api.push(message(None, sticker=sticker))
    await fake_api.wait_for(lambda: len(anna.bot_texts()) > before)
    assert "/hjalp" in anna.bot_texts()[-1]
