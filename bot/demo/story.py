"""The demo's story: import the example plans, run the schedule over weeks, answer as people."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.core.clock import FrozenClock
from bot.core.conversation import ConversationState, ConversationTx
from bot.core.messages import (
    ChatAddress,
    ChoiceSelected,
    InboundEvent,
    MessageRef,
    OutgoingMessage,
    TextReceived,
)
from bot.core.model import Platform
from bot.demo.personas import FEATURED, PERSONAS, Persona, reply_for
from bot.planfile import load_plan, load_roster
from bot.scheduler.jobs import scheduling_policy
from bot.services.conversation import conversation_store, link_console
from bot.services.plans import import_roster_and_plan
from bot.services.scheduling import scheduling_store
from bot.transports.console import ConsoleTransport
from config.settings import Settings
from handlers.router import Router
from handlers.scheduling import dispatch, materialise
from handlers.tokens import ChoiceToken, InvalidToken, decode, encode

if TYPE_CHECKING:
    from bot.services.database import Database

DEMO_START = datetime(2025, 8, 18, 5, 0, tzinfo=UTC)
DEMO_DAYS = 110
TICK_HOURS = range(5, 18)  # UTC hours at which the dispatcher runs each simulated day
MAX_TURNS = 12  # a scripted conversation never runs longer than this

EXAMPLES = {
    "sv": ("roster-sv.yaml", "plans/sv-sektion-2025.yaml"),
    "nb": ("roster-nb.yaml", "plans/nb-avdeling-2025.yaml"),
}


def examples_dir() -> Path:
    here = Path(__file__).resolve()
    installed = here.parents[1] / "_examples"
    return installed if installed.is_dir() else here.parents[2] / "examples"


@dataclass
class Inbox:
    """What the dispatcher sent one person during a tick, waiting for their scripted answer."""

    messages: list[tuple[MessageRef, OutgoingMessage]] = field(default_factory=list)


class DemoTransport:
    """A console for every person at once: prints featured chats, keeps the rest quiet."""

    def __init__(self, out: TextIO, clock: FrozenClock, names: dict[str, str]) -> None:
        self.out = out
        self.clock = clock
        self.names = names
        self.locales: dict[str, str] = {}  # so each console's own lines follow its person
        self.inboxes: dict[str, Inbox] = {}
        self._consoles: dict[str, ConsoleTransport] = {}

    @property
    def platform(self) -> Platform:
        return Platform.CONSOLE

    def console(self, key: str) -> ConsoleTransport:
        if key not in self._consoles:
            shown = key in FEATURED
            out = self.out if shown else io.StringIO()
            self._consoles[key] = ConsoleTransport(key, out, language_code=self.locales.get(key))
        return self._consoles[key]

    def header(self, key: str, *, answering: bool = False) -> None:
        """A line before each featured exchange, so the people's chats do not run together."""
        if key in FEATURED:
            stamp = self.clock.now().strftime("%Y-%m-%d %H:%M UTC")
            mark = "└─" if answering else "┌─"
            self.out.write(f"\n{mark} {stamp} · {self.names.get(key, key)}\n")

    async def open(self) -> None:
        return None

    async def start(self, handler: object, record_taps: object = None) -> None:
        return None

    async def stop(self) -> None:
        return None

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef:
        self.header(to.chat_id)
        ref = await self.console(to.chat_id).send(to, message)
        self.inboxes.setdefault(to.chat_id, Inbox()).messages.append((ref, message))
        return ref

    async def edit(self, ref: MessageRef, message: OutgoingMessage) -> None:
        await self.console(ref.chat_id).edit(ref, message)

    async def send_file(
        self, to: ChatAddress, data: bytes, filename: str, caption: str
    ) -> MessageRef:
        return await self.console(to.chat_id).send_file(to, data, filename, caption)


class Story:
    """Runs the demo: one database, one virtual clock, the real router and dispatcher."""

    def __init__(self, settings: Settings, db: Database, out: TextIO) -> None:
        self.settings = settings
        self.db = db
        self.out = out
        self.clock = FrozenClock(DEMO_START)
        self.conversations = conversation_store(db)
        self.router = Router(self.conversations, self.clock, default_locale=settings.default_locale)
        self.transport = DemoTransport(out, self.clock, {})
        self.answered = 0
        self._events = 0
        self._seen: set[int] = set()
        self._reports: dict[str, int] = {}  # reports each person has finished, to vary their words

    def load_examples(self, languages: Sequence[str]) -> None:
        """Import the example rosters and plans, as an administrator would."""
        base = examples_dir()
        now = self.clock.now()
        for lang in languages:
            roster_file, plan_file = EXAMPLES[lang]
            roster = load_roster(base / roster_file)
            plan = load_plan(base / plan_file)
            import_roster_and_plan(self.db, roster, plan, actor="demo", now=now)
            self.transport.names.update({p.key: p.name for p in roster.people})
            self.transport.locales.update({p.key: p.locale for p in roster.people})

    async def run(self, languages: Sequence[str]) -> None:
        self.load_examples(languages)
        for key in self.transport.names:
            self._link_console(key)
        scheduling = scheduling_store(self.db)
        policy = scheduling_policy(self.settings)
        transports = {Platform.CONSOLE: self.transport}
        for day in range(DEMO_DAYS):
            midnight = DEMO_START.replace(hour=0) + timedelta(days=day)
            self.clock.set(midnight + timedelta(hours=TICK_HOURS[0]))
            await materialise(scheduling, self.clock, policy.horizon_days, policy=policy)
            for hour in TICK_HOURS:
                self.clock.set(midnight + timedelta(hours=hour))
                await dispatch(scheduling, transports, self.clock, owner="demo", policy=policy)
                await self._answer_all()

    def _link_console(self, key: str) -> None:
        link_console(self.db, key, self.clock.now())

    async def _answer_all(self) -> None:
        for key, inbox in list(self.transport.inboxes.items()):
            persona = PERSONAS.get(key)
            messages, inbox.messages = inbox.messages, []
            if persona is None or persona.choice is None:
                continue
            for ref, message in messages:
                await self._answer(key, persona, ref, message)

    async def _answer(
        self, key: str, persona: Persona, ref: MessageRef, message: OutgoingMessage
    ) -> None:
        console = self.transport.console(key)
        tokens = _choice_tokens(message)
        first_seen = {t.checkin_id for t in tokens} - self._seen
        self._seen.update(first_seen)
        for token in tokens:
            first = token.checkin_id in first_seen
            wanted = persona.first_choice if first and persona.first_choice else persona.choice
            if token.choice != wanted:
                continue
            self.transport.header(key, answering=True)
            label = next(b.label for b in message.buttons if _same(b.token, token))
            console.out.write(f"  » {label}\n")
            tap = ChoiceSelected(console.sender, encode(token), self._id(), ref)
            await self._route(console, tap)
            await self._follow_up(key, persona, console)

    async def _follow_up(self, key: str, persona: Persona, console: ConsoleTransport) -> None:
        for _ in range(MAX_TURNS):
            state = await self.conversations.run(lambda tx: _state_of(tx, key))
            if state is None:
                self.answered += 1
                self._reports[key] = self._reports.get(key, 0) + 1
                return
            text = reply_for(persona, state.step, self._reports.get(key, 0))
            if text is None:
                return
            console.out.write(f"  » {text}\n")
            await self._route(console, TextReceived(console.sender, text, self._id()))

    async def _route(self, console: ConsoleTransport, event: InboundEvent) -> None:
        await console.apply(await self.router.handle(event))

    def _id(self) -> str:
        self._events += 1
        return f"demo-{self._events}"


def _choice_tokens(message: OutgoingMessage) -> list[ChoiceToken]:
    tokens: list[ChoiceToken] = []
    for button in message.buttons:
        try:
            token = decode(button.token)
        except InvalidToken:
            continue
        if isinstance(token, ChoiceToken):
            tokens.append(token)
    return tokens


def _same(text: str, token: ChoiceToken) -> bool:
    try:
        return decode(text) == token
    except InvalidToken:
        return False


def _state_of(tx: ConversationTx, key: str) -> ConversationState | None:
    identity = tx.find_identity(Platform.CONSOLE, "", key)
    return None if identity is None else tx.get_conversation(identity.person.id)
