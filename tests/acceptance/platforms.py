"""The three chat platforms as the people of the scenario use them.

Console people talk to the router through the memory transport; Telegram and Slack people
go through the tests' fake platform servers over real HTTP, with the real PTB and bolt
transports pointed at them. Each actor taps a button or writes a line and gets back the
bot's new messages to them as `Bubble`s.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from aiohttp import web

from bot.core.messages import (
    ChatAddress,
    ChoiceSelected,
    CommandReceived,
    Effect,
    InboundEvent,
    MessageRef,
    OpenForm,
    OutgoingMessage,
    Reply,
    Sender,
    TextReceived,
    Toast,
)
from bot.core.model import Platform
from bot.core.ports import InboundHandler
from bot.transports.memory import MemoryTransport
from tests.acceptance.texts import Bubble, plain, words
from tests.acceptance.world import TEAM_ID, Person
from tests.transports.slack.fake_slack import FakeSlack
from tests.transports.slack.signed import SlackRequests
from tests.transports.telegram.conftest import callback, message
from tests.transports.telegram.fake_bot_api import FakeBotApi, _error, _read_params

SendHook = Callable[[str, Bubble], Awaitable[None]]


class Counting:
    """The router as the transports see it, counting the events it has finished."""

    def __init__(self, handler: InboundHandler) -> None:
        self.handler = handler
        self.done = 0
        self.pushed = 0
        self.answered: list[tuple[str, Sequence[Effect]]] = []  # (sender's user id, effects)
        self.went_wrong: list[str] = []  # event ids the bot answered with its apology
        self._changed = asyncio.Condition()

    async def __call__(self, event: InboundEvent) -> Sequence[Effect]:
        effects: Sequence[Effect] = ()
        try:
            effects = await self.handler(event)
            return effects
        finally:
            self.answered.append((event.sender.user_id, effects))
            if any(_is_apology(effect) for effect in effects):
                self.went_wrong.append(event.event_id)
            # Console events are awaited by their sender; only platform events are counted.
            if event.sender.platform is not Platform.CONSOLE:
                async with self._changed:
                    self.done += 1
                    self._changed.notify_all()

    def replies_since(self, mark: int, user_id: str) -> int:
        """How many messages the handled events of this user since `mark` asked to send."""
        return sum(
            1
            for user, effects in self.answered[mark:]
            if user == user_id
            for effect in effects
            if isinstance(effect, Reply)
        )

    async def settle(self, within: float = 20.0) -> None:
        """Wait until every event pushed through a platform has been handled."""

        async def until() -> None:
            async with self._changed:
                await self._changed.wait_for(lambda: self.done >= self.pushed)

        await asyncio.wait_for(until(), within)


APOLOGY = "Sorry, something went wrong on my side. Please try again in a while."


def _is_apology(effect: Effect) -> bool:
    text = effect.text if isinstance(effect, Toast) else ""
    if isinstance(effect, Reply):
        text = effect.message.text
    return any(text in words(lang, APOLOGY) for lang in ("sv", "nb", "nn", "en")) and bool(text)


def outgoing_bubble(message: OutgoingMessage, ref: str = "") -> Bubble:
    lines = [message.title] if message.title else []
    if message.context:
        lines.append(message.context)
    lines.append(message.text)
    for section in message.sections:
        lines += [section.title, *section.lines]
    buttons = [(b.label, b.token) for b in message.buttons]
    return Bubble("\n".join(lines), buttons, ref)


# --- console: the memory transport ------------------------------------------------------


class RacingMemory(MemoryTransport):
    """A memory transport that lets the person react inside `send`, before it returns.

    That is the tightest race there is with the dispatcher: the answer is stored before the
    dispatcher has even learned the message went out.
    """

    def __init__(self) -> None:
        super().__init__(Platform.CONSOLE)
        self.on_send: SendHook | None = None

    async def send(self, to: ChatAddress, message: OutgoingMessage) -> MessageRef:
        ref = await super().send(to, message)
        if self.on_send is not None:
            await self.on_send(to.chat_id, outgoing_bubble(message, ref.message_id))
        return ref


class ConsoleActor:
    def __init__(self, person: Person, transport: RacingMemory, ids: itertools.count[int]) -> None:
        self.person, self.transport, self.ids = person, transport, ids
        self.sender = Sender(Platform.CONSOLE, person.key, person.key)

    async def _deliver(self, event: InboundEvent) -> list[Bubble]:
        effects = await self.transport.deliver(event)
        bubbles = []
        for effect in effects:
            if isinstance(effect, Reply):
                bubbles.append(outgoing_bubble(effect.message))
        return bubbles

    async def tap(self, token: str, ref: str) -> list[Bubble]:
        at = MessageRef(Platform.CONSOLE, self.person.key, ref) if ref else None
        return await self._deliver(ChoiceSelected(self.sender, token, self._id(), at))

    async def say(self, text: str) -> list[Bubble]:
        if text.startswith("/"):
            name, _, args = text[1:].partition(" ")
            return await self._deliver(CommandReceived(self.sender, name, args, self._id()))
        return await self._deliver(TextReceived(self.sender, text, self._id()))

    def _id(self) -> str:
        return f"acceptance-{next(self.ids)}"


# --- Telegram ---------------------------------------------------------------------------


class ScenarioBotApi(FakeBotApi):
    """The fake Bot API, plus: message ids kept with each call, a blocked chat, a send hook."""

    def __init__(self) -> None:
        super().__init__()
        self.blocked: set[int] = set()
        self.refused: list[tuple[int, int]] = []  # (chat, call index) of refused sends
        self.on_send: Callable[[int, Bubble], None] | None = None

    async def handle(self, request: web.Request) -> web.Response:
        if request.match_info["method"] == "sendMessage":
            params = await _read_params(request)
            chat = int(params["chat_id"])
            if chat in self.blocked:
                self.refused.append((chat, len(self.calls)))
                self.calls.append(type(self.calls[0])("sendMessage!blocked", params))
                return _error(403, "Forbidden: bot was blocked by the user")
        return await super().handle(request)

    def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        sent = super()._api_sendMessage(params)
        params["_message_id"] = sent["message_id"]
        if self.on_send is not None:
            self.on_send(int(params["chat_id"]), telegram_bubble(params))
        return sent


def telegram_bubble(params: dict[str, Any]) -> Bubble:
    buttons = []
    markup = params.get("reply_markup") or {}
    for row in markup.get("inline_keyboard", []):
        for button in row:
            if "callback_data" in button:
                buttons.append((str(button["text"]), str(button["callback_data"])))
    return Bubble(plain(str(params.get("text", ""))), buttons, str(params.get("_message_id", "")))


class TelegramActor:
    def __init__(self, person: Person, api: ScenarioBotApi, router: Counting) -> None:
        self.person, self.api, self.router = person, api, router
        self.chat = person.telegram_id
        self._queries = itertools.count(1)

    def mark(self) -> tuple[int, int]:
        return len(self.api.calls), len(self.router.answered)

    def bubbles_since(self, mark: tuple[int, int]) -> list[Bubble]:
        return [
            telegram_bubble(call.params)
            for call in self.api.calls[mark[0] :]
            if call.method == "sendMessage" and int(call.params["chat_id"]) == self.chat
        ]

    def push_tap(self, token: str, ref: str) -> None:
        """Tap now, without waiting: the update races whatever the bot is doing."""
        query = callback(
            token, message_id=int(ref or 1), query_id=f"{self.chat}-{next(self._queries)}"
        )
        for place in ("from",):
            query["callback_query"][place] = _tg_user(self.person)
        query["callback_query"]["message"]["chat"] = {"id": self.chat, "type": "private"}
        self.router.pushed += 1
        self.api.push(query)

    async def tap(self, token: str, ref: str) -> list[Bubble]:
        mark = self.mark()
        self.push_tap(token, ref)
        return await self._answered(mark)

    async def say(self, text: str) -> list[Bubble]:
        mark = self.mark()
        update = message(text, chat_id=self.chat, user_id=self.chat)
        update["message"]["from"] = _tg_user(self.person)
        self.router.pushed += 1
        self.api.push(update)
        return await self._answered(mark)

    async def _answered(self, mark: tuple[int, int]) -> list[Bubble]:
        await self.router.settle()
        # The transport sends the handler's replies after the handler returns.
        expected = self.router.replies_since(mark[1], str(self.chat))
        await self.api.wait_for(lambda: len(self.bubbles_since(mark)) >= expected)
        return self.bubbles_since(mark)


def _tg_user(person: Person) -> dict[str, Any]:
    return {
        "id": person.telegram_id,
        "is_bot": False,
        "first_name": person.name.split()[0],
        "language_code": person.locale,
    }


# --- Slack ------------------------------------------------------------------------------


class ScenarioSlack(FakeSlack):
    """The fake Slack Web API, with the ts of every posted message kept with its call."""

    on_post: Callable[[str, Bubble], None] | None = None

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        answer = super()._answer(method, args)
        if method == "chat.postMessage":
            args["_ts"] = answer["ts"]
            if self.on_post is not None:
                self.on_post(str(args.get("channel")), slack_bubble(args))
        return answer


def slack_bubble(args: dict[str, Any]) -> Bubble:
    lines: list[str] = [str(args.get("text", ""))] if not args.get("blocks") else []
    buttons = []
    for block in args.get("blocks") or []:
        for key in ("text",):
            if isinstance(block.get(key), dict):
                lines.append(str(block[key].get("text", "")))
        for field in block.get("fields", []) or []:
            lines.append(str(field.get("text", "")))
        for element in block.get("elements", []) or []:
            if element.get("type") == "button":
                buttons.append((str(element["text"]["text"]), str(element["value"])))
            elif "text" in element:
                text = element["text"]
                lines.append(str(text.get("text", "")) if isinstance(text, dict) else str(text))
    return Bubble(plain("\n".join(lines)), buttons, str(args.get("_ts", "")))


class SlackActor:
    def __init__(
        self, person: Person, fake: ScenarioSlack, requests: SlackRequests, router: Counting
    ) -> None:
        self.person, self.fake, self.requests, self.router = person, fake, requests, router
        self.user = person.slack_id
        self.channel = "D" + self.user
        self.last_form: dict[str, Any] | None = None

    def mark(self) -> tuple[int, int]:
        return len(self.fake.calls), len(self.router.answered)

    def bubbles_since(self, mark: tuple[int, int]) -> list[Bubble]:
        found = []
        for call in self.fake.calls[mark[0] :]:
            mine = (
                call.method == "chat.postMessage" and call.args.get("channel") == self.channel
            ) or (call.method == "chat.postEphemeral" and call.args.get("user") == self.user)
            if mine:
                found.append(slack_bubble(call.args))
        return found

    def form_since(self, mark: tuple[int, int]) -> dict[str, Any] | None:
        for call in self.fake.calls[mark[0] :]:
            if call.method == "views.open":
                view: dict[str, Any] = call.args["view"]
                return view
        return None

    async def tap(self, token: str, ref: str) -> list[Bubble]:
        mark = self.mark()
        action = self.requests.block_action(token, user=self.user, channel=self.channel, ts=ref)
        self.router.pushed += 1
        await self.requests.interaction(action)
        bubbles = await self._answered(mark)
        self.last_form = self.form_since(mark)
        return bubbles

    async def submit(self, values: dict[str, dict[str, Any]]) -> list[Bubble]:
        assert self.last_form is not None
        mark = self.mark()
        payload = self.requests.view_submission(
            self.last_form["callback_id"], values, user=self.user
        )
        self.router.pushed += 1
        await self.requests.interaction(payload)
        self.last_form = None
        return await self._answered(mark)

    async def say(self, text: str) -> list[Bubble]:
        mark = self.mark()
        event = {
            "type": "message",
            "channel_type": "im",
            "channel": self.channel,
            "user": self.user,
            "text": text,
            "ts": f"1741{mark[0]:06d}.000001",
        }
        self.router.pushed += 1
        await self.requests.event(event, event_id=f"Ev{self.user}{mark[0]}")
        return await self._answered(mark)

    async def _answered(self, mark: tuple[int, int]) -> list[Bubble]:
        await self.router.settle()
        expected = self.router.replies_since(mark[1], self.user)

        async def until() -> None:
            async with self.fake._changed:
                await self.fake._changed.wait_for(
                    lambda: (
                        len(self.bubbles_since(mark)) >= expected
                        and (self.form_since(mark) is not None or not self._wants_form(mark))
                    )
                )

        await asyncio.wait_for(until(), 10.0)
        return self.bubbles_since(mark)

    def _wants_form(self, mark: tuple[int, int]) -> bool:
        return any(
            isinstance(effect, OpenForm)
            for user, effects in self.router.answered[mark[1] :]
            if user == self.user
            for effect in effects
        )


Actor = ConsoleActor | TelegramActor | SlackActor
__all__ = [
    "TEAM_ID",
    "Actor",
    "ConsoleActor",
    "Counting",
    "RacingMemory",
    "ScenarioBotApi",
    "ScenarioSlack",
    "SlackActor",
    "TelegramActor",
]
