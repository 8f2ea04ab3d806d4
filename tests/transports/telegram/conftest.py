"""Fixtures for the Telegram transport: the fake Bot API, a transport on it, update builders."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

import pytest

from bot.core.messages import Effect, InboundEvent
from bot.transports.telegram import TelegramTransport
from bot.transports.telegram_limits import Pacer
from storage.engine import Database
from tests.transports.telegram.fake_bot_api import TOKEN, FakeBotApi, start_fake

STEWARD_ID = 5001
GROUP_ID = -100777


class RecordingHandler:
    """An InboundHandler that records each event and answers with scripted effects."""

    def __init__(self, respond: Callable[[InboundEvent], Sequence[Effect]] | None = None) -> None:
        self.events: list[InboundEvent] = []
        self.respond = respond or (lambda _event: [])

    async def __call__(self, event: InboundEvent) -> Sequence[Effect]:
        self.events.append(event)
        return self.respond(event)


class NoWaitPacer(Pacer):
    """The real pacer's bookkeeping on a clock that jumps instead of sleeping.

    Its clock moves only by those jumps, so a chat would always look busy to the next
    dispatcher send; this pacer waits (jumps) instead of handing such a send back.
    Tests of the hand-back use a plain Pacer on a clock of their own.
    """

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []
        super().__init__(monotonic=lambda: self.now, sleep=self._jump)

    def chat_delay(self, chat_id: str) -> float:
        return 0.0

    async def _jump(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


class SleepRecorder:
    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
async def fake_api() -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi()
    runner = await start_fake(api)
    yield api
    api.close()
    await runner.cleanup()


TransportFactory = Callable[..., TelegramTransport]


@pytest.fixture
async def make_transport(fake_api: FakeBotApi) -> AsyncIterator[TransportFactory]:
    """Build transports against the fake API; every one is stopped after the test."""
    built: list[TelegramTransport] = []

    def build(**options: Any) -> TelegramTransport:
        options.setdefault("base_url", fake_api.base_url)
        options.setdefault("poll_timeout", 1.0)
        options.setdefault("request_timeout", 5.0)
        options.setdefault("pacer", NoWaitPacer())
        options.setdefault("sleep", SleepRecorder())
        transport = TelegramTransport(TOKEN, **options)
        built.append(transport)
        return transport

    yield build
    for transport in built:
        await transport.stop()


_ids = itertools.count(1)


def user(user_id: int = STEWARD_ID, language: str | None = "sv") -> dict[str, Any]:
    found: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": "Anna"}
    if language:
        found["language_code"] = language
    return found


def chat(chat_id: int = STEWARD_ID) -> dict[str, Any]:
    return {"id": chat_id, "type": "supergroup" if chat_id < 0 else "private"}


def message(
    text: str | None = None, *, chat_id: int = STEWARD_ID, user_id: int = STEWARD_ID, **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "message_id": next(_ids),
        "date": 1_740_988_800,
        "chat": chat(chat_id),
        "from": user(user_id),
        **extra,
    }
    if text is not None:
        body["text"] = text
        if text.startswith("/"):
            length = len(text.split()[0])
            body["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    return {"message": body}


def callback(data: str | None, *, message_id: int = 100, query_id: str = "q1") -> dict[str, Any]:
    query: dict[str, Any] = {
        "id": query_id,
        "from": user(),
        "chat_instance": "ci1",
        "message": {
            "message_id": message_id,
            "date": 1_740_988_800,
            "chat": chat(),
            "text": "reminder",
        },
    }
    if data is not None:
        query["data"] = data
    return {"callback_query": query}


Started = list[TelegramTransport]


@pytest.fixture
async def started(make_transport: TransportFactory, db: Database) -> AsyncIterator[Started]:
    """The transports a test started, stopped before its database goes."""
    running: Started = []
    yield running
    for transport in running:
        await transport.stop()
