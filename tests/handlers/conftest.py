"""A small union in a real database, and a chat helper that reads like a transcript."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session

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
    Frequency,
    ItemSpec,
    Metric,
    Owner,
    OwnerKind,
    Platform,
    Schedule,
    ScheduleKind,
)
from handlers.reminders import ReminderItem, compose_reminder
from handlers.router import Router
from storage.conversation import SqlConversationStore
from storage.engine import Database
from storage.tables import AreaRow, BoardMemberRow, BoardRow, ChatIdentityRow, CheckinRow, UnitRow
from tests.support.seed import insert_item, insert_person, insert_plan, insert_row


@dataclass
class World:
    """Ids of what seed_world inserted."""

    steward_id: int
    other_id: int
    board_member_id: int
    board_id: int
    meeting_item_id: int  # "8.2": a recurring meeting, asks for participants
    week_item_id: int  # "8.3": a recruitment week, no metrics
    meeting_checkin_id: int
    week_checkin_id: int
    other_checkin_id: int


MEETING = ItemSpec(
    key="8.2",
    title="Digitala träffar för ombud",
    schedule=Schedule(ScheduleKind.RECURRING, every=Frequency.QUARTERLY),
    owners=(Owner(OwnerKind.PERSON, person="anna"),),
    metrics=(Metric("participants", "Antal deltagare"), Metric("new_members", "Nya medlemmar")),
    comment_prompt="Något styrelsen bör veta?",
)
WEEK = ItemSpec(
    key="8.3",
    title="Värvningsvecka",
    schedule=Schedule(ScheduleKind.EVENT, start=date(2025, 3, 1), end=date(2025, 3, 2)),
    owners=(Owner(OwnerKind.PERSON, person="anna"),),
)


def _checkin(session: Session, item_id: int, person_id: int, due: datetime) -> int:
    return insert_row(
        session,
        CheckinRow(
            plan_item_id=item_id,
            person_id=person_id,
            occurrence="2025-03-01",
            prompt="ask",
            state="awaiting",
            due_at=due,
            occurrence_end=date(2025, 3, 2),
        ),
    )


def seed_world(db: Database) -> World:
    """A section with two stewards and a board member, a plan of two items, open check-ins."""

    def build(session: Session) -> World:
        unit_id = insert_row(session, UnitRow(key="demo", name="Demosektionen", kind="sektion"))
        anna = insert_person(session, "anna", "Anna", [unit_id])
        bo = insert_person(session, "bo", "Bo", [unit_id])
        cecilia = insert_person(session, "cecilia", "Cecilia", [unit_id], roles="board")
        board_id = insert_row(session, BoardRow(key="styrelsen", unit_id=unit_id, name="Styrelsen"))
        session.add(BoardMemberRow(board_id=board_id, person_id=cecilia))
        for person_id, user in ((anna, "1001"), (bo, "1002"), (cecilia, "1003")):
            session.add(
                ChatIdentityRow(
                    person_id=person_id, platform="telegram", user_id=user, chat_id=user
                )
            )
        plan_id = insert_plan(session, "vp-2025", unit_id)
        area_id = insert_row(session, AreaRow(plan_id=plan_id, key="8", title="Organisering"))
        items = [
            insert_item(session, plan_id, area_id, spec, position=position)
            for position, spec in enumerate((MEETING, WEEK))
        ]
        due = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
        return World(
            steward_id=anna,
            other_id=bo,
            board_member_id=cecilia,
            board_id=board_id,
            meeting_item_id=items[0],
            week_item_id=items[1],
            meeting_checkin_id=_checkin(session, items[0], anna, due),
            week_checkin_id=_checkin(session, items[1], anna, due),
            other_checkin_id=_checkin(session, items[0], bo, due),
        )

    return db.run_sync(build)


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


@pytest.fixture
def world(sqlite_db: Database) -> World:
    return seed_world(sqlite_db)


@pytest.fixture
def router(sqlite_db: Database, clock: FrozenClock) -> Router:
    return Router(
        SqlConversationStore(sqlite_db), clock, default_locale="sv", max_comment_chars=500
    )


def telegram_sender(user_id: str, **extra: object) -> Sender:
    return Sender(Platform.TELEGRAM, user_id=user_id, chat_id=user_id, **extra)  # type: ignore[arg-type]


@pytest.fixture
def chat(router: Router, world: World) -> Chat:
    """Anna, a steward on Telegram."""
    return Chat(router, telegram_sender("1001"))


def later(clock: FrozenClock, days: int) -> None:
    clock.advance(timedelta(days=days))
