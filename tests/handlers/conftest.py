"""A small union in the fake store or a real database, and a chat that reads like a transcript."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from bot.core.clock import FrozenClock
from bot.core.i18n import translator
from bot.core.messages import (
    Button,
    ChoiceSelected,
    CommandReceived,
    EditMessage,
    Effect,
    FormErrors,
    FormSubmitted,
    HomeOpened,
    InboundEvent,
    MessageRef,
    OpenForm,
    OutgoingMessage,
    Reply,
    Sender,
    SendTo,
    TextReceived,
    Toast,
)
from bot.core.model import (
    Choice,
    Platform,
)
from handlers.reminders import ReminderItem, compose_reminder
from handlers.router import Router
from storage.conversation import SqlConversationStore
from storage.engine import Database
from tests.fakes.conversation import FakeConversationStore
from tests.fakes.seeding import FakeSeeder
from tests.fakes.world import MEETING, WEEK, World, build_world
from tests.support.sql_seeder import SqlSeeder

__all__ = [
    "MEETING",
    "WEEK",
    "Chat",
    "World",
    "later",
    "revisions",
    "seed_world",
    "telegram_sender",
]


def seed_world(db: Database) -> World:
    """The conversation tests' union (tests/fakes/world.py) in one SQL transaction."""
    return db.run_sync(lambda session: build_world(SqlSeeder(session)))


def effect_text(effect: Effect) -> str:
    message: OutgoingMessage | None = None
    if isinstance(effect, Reply | SendTo | EditMessage):
        message = effect.message
    elif isinstance(effect, Toast):
        return effect.text
    elif isinstance(effect, OpenForm):
        return effect.form.title
    elif isinstance(effect, FormErrors):
        return "\n".join(f"{key}: {text}" for key, text in effect.errors.items())
    assert message is not None
    parts = [message.title or "", message.text, message.context or ""]
    for section in message.sections:
        parts.extend((section.title, *section.lines))
    parts.extend(b.label for b in message.buttons)
    return "\n".join(parts)


@dataclass
class Chat:
    """One person's chat with the bot: taps and words in, effects out, all remembered."""

    router: Router
    sender: Sender
    effects: list[Effect] = field(default_factory=list)
    buttons: tuple[Button, ...] = ()
    reminder_buttons: tuple[Button, ...] = ()
    message_ref: MessageRef | None = None
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def next_event_id(self) -> str:
        return f"{self.sender.chat_id}:{self.sender.user_id}:{next(self._ids)}"

    async def send(self, event: InboundEvent) -> list[Effect]:
        self.effects = await self.router.handle(event)
        for effect in self.effects:
            if isinstance(effect, Reply):
                self.buttons = effect.message.buttons
                if any(b.token.startswith("c:") for b in self.buttons):  # a reminder
                    self.reminder_buttons = self.buttons
                self.message_ref = MessageRef(self.sender.platform, self.sender.chat_id, "m")
        return self.effects

    def gets_reminder(self, checkin_id: int, title: str = "Digitala träffar") -> None:
        """The dispatcher's reminder arrives (composed as the dispatcher composes it)."""
        item = ReminderItem(checkin_id, title, "Organisering", date(2025, 3, 1), date(2025, 3, 2))
        message = compose_reminder(translator("sv"), [item], followup=False)
        self.buttons = self.reminder_buttons = message.buttons
        self.message_ref = MessageRef(self.sender.platform, self.sender.chat_id, str(checkin_id))

    def button(self, label: str | Choice) -> Button:
        if isinstance(label, Choice):  # a tap under the last reminder, even an old one
            return self.reminder_buttons[list(Choice).index(label)]
        for button in self.buttons:
            if button.label == label:
                return button
        raise AssertionError(f"no button {label!r} in {[b.label for b in self.buttons]}")

    async def steward_taps(self, label: str | Choice, event_id: str | None = None) -> list[Effect]:
        token = self.button(label).token
        return await self.taps_token(token, event_id)

    async def taps_token(self, token: str, event_id: str | None = None) -> list[Effect]:
        event = ChoiceSelected(
            self.sender, token, event_id or self.next_event_id(), self.message_ref
        )
        return await self.send(event)

    async def steward_says(self, text: str) -> list[Effect]:
        return await self.send(TextReceived(self.sender, text, self.next_event_id()))

    async def steward_commands(self, command: str, args: str = "") -> list[Effect]:
        return await self.send(CommandReceived(self.sender, command, args, self.next_event_id()))

    async def steward_submits(self, token: str, values: dict[str, str]) -> list[Effect]:
        return await self.send(FormSubmitted(self.sender, token, values, self.next_event_id()))

    async def steward_opens_home(self) -> list[Effect]:
        return await self.send(HomeOpened(self.sender, self.next_event_id()))

    def transcript(self) -> str:
        return "\n---\n".join(effect_text(e) for e in self.effects)

    def bot_said(self, fragment: str) -> bool:
        return fragment.casefold() in self.transcript().casefold()


ConversationBackend = FakeConversationStore | SqlConversationStore


@pytest.fixture
def conversation_store(request: pytest.FixtureRequest) -> ConversationBackend:
    """The fake store, unless the test reads the database itself (asks for sqlite_db)."""
    if "sqlite_db" in request.fixturenames:
        return SqlConversationStore(request.getfixturevalue("sqlite_db"))
    return FakeConversationStore()


@pytest.fixture
def fake_store(conversation_store: ConversationBackend) -> FakeConversationStore:
    """The fake store, for tests that look at what the handlers stored in it."""
    assert isinstance(conversation_store, FakeConversationStore), "the test asked for sqlite_db"
    return conversation_store


@pytest.fixture
def world(conversation_store: ConversationBackend) -> World:
    if isinstance(conversation_store, SqlConversationStore):
        return seed_world(conversation_store.db)
    return build_world(FakeSeeder(conversation_store.tables))


@pytest.fixture
def router(conversation_store: ConversationBackend, clock: FrozenClock) -> Router:
    return Router(conversation_store, clock, default_locale="sv", max_comment_chars=500)


def telegram_sender(user_id: str, **extra: object) -> Sender:
    return Sender(Platform.TELEGRAM, user_id=user_id, chat_id=user_id, **extra)  # type: ignore[arg-type]


@pytest.fixture
def chat(router: Router, world: World) -> Chat:
    """Anna, a steward on Telegram."""
    return Chat(router, telegram_sender("1001"))


def revisions(store: FakeConversationStore, checkin_id: int) -> list[tuple[int, str, bool]]:
    """Every stored revision of a check-in's answer: (revision, choice, current), in order."""
    found = [a for a in store.tables.answers.values() if a.checkin_id == checkin_id]
    return sorted((a.revision, a.choice, a.current) for a in found)


def later(clock: FrozenClock, days: int) -> None:
    clock.advance(timedelta(days=days))
