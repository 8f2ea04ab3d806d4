"""A wave through the real Telegram transport, several sends in flight, with 429s mid-wave.

The fake Bot API on 127.0.0.1 enforces 30 calls a second per bot and one message a second
per chat, and refuses a few sends with a 429 once the wave is under way. Each person's
messages must arrive once each and in order: report requests before heads-ups.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from aiohttp import web
from sqlmodel import Session

from bot.core.clock import FrozenClock
from bot.core.model import Platform
from bot.core.ports import Transport
from bot.core.scheduling import SchedulingPolicy
from bot.transports.telegram import TelegramTransport
from bot.transports.telegram_limits import Pacer
from handlers.scheduling import dispatch
from handlers.tokens import ChoiceToken, decode
from storage.engine import Database
from storage.scheduling import SqlSchedulingStore
from storage.tables import ChatIdentityRow, CheckinRow, PersonRow
from tests.scheduler.seed import add_item, checkins, event_on, person_owner, seed_world
from tests.transports.telegram.fake_bot_api import TOKEN, FakeBotApi, PlatformLimits, start_fake

NOW = datetime(2025, 3, 3, 8, tzinfo=UTC)  # Monday 09:00 in Stockholm
PEOPLE = 40
SECOND_EVERY = 4  # every fourth person also has a heads-up due: two messages in one pass
FIRST_CHAT = 5_000_000
REFUSE_AT, REFUSED = 15, 3  # the 15th send and the two after it meet a 429
# A round trip well over the pacer's 1/30 s spacing, so a dispatcher that keeps several sends
# in flight has them overlap at the fake even when a busy machine delays each launch.
ROUND_TRIP = 0.15


@dataclass
class WaveBotApi(FakeBotApi):
    """The fake Bot API with a round trip, 429s from the REFUSE_AT-th send, and a record
    of the messages it accepted and of how many sends it had in hand at once."""

    accepted: list[tuple[int, dict[str, Any] | None]] = field(default_factory=list)
    sends: int = 0
    at_once: int = 0
    most_at_once: int = 0

    async def handle(self, request: web.Request) -> web.Response:
        if request.match_info["method"] != "sendMessage":
            return await super().handle(request)
        self.sends += 1
        if self.sends == REFUSE_AT:
            retry = {"retry_after": 1}
            self.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry, REFUSED)
        self.at_once += 1
        self.most_at_once = max(self.most_at_once, self.at_once)
        try:
            response = await super().handle(request)
            if response.status == 200:
                assert response.text is not None
                sent = json.loads(response.text)["result"]
                markup = self.calls[-1].params.get("reply_markup")  # no await since recorded
                self.accepted.append((sent["chat"]["id"], markup))
            await asyncio.sleep(ROUND_TRIP)
            return response
        finally:
            self.at_once -= 1


@pytest.fixture
async def wave_api() -> AsyncIterator[WaveBotApi]:
    api = WaveBotApi(limits=PlatformLimits(clock=time.monotonic))
    runner = await start_fake(api)
    yield api
    api.close()
    await runner.cleanup()


def seed(db: Database) -> tuple[dict[int, int], dict[int, int]]:
    """PEOPLE people on Telegram with an ask each, some a heads-up too; chat -> row id."""
    world = seed_world(db)
    item = add_item(db, world, "wave", event_on(date(2025, 3, 2)), [person_owner("anna")])
    due = NOW - timedelta(minutes=1)

    def write(s: Session) -> tuple[dict[int, int], dict[int, int]]:
        asks: dict[int, int] = {}
        notices: dict[int, int] = {}
        for n in range(PEOPLE):
            person = PersonRow(key=f"w{n:03d}", name="W", locale="sv", timezone="Europe/Stockholm")
            s.add(person)
            s.flush()
            pid, chat = person.id or 0, FIRST_CHAT + n
            s.add(
                ChatIdentityRow(
                    person_id=pid,
                    platform="telegram",
                    user_id=str(chat),
                    chat_id=str(chat),
                    linked_at=NOW - timedelta(days=30),
                )
            )
            rows = [("ask", "2025-03-02", asks)]
            if n % SECOND_EVERY == 0:
                rows.append(("notice-7", "2025-03-10", notices))
            for prompt, occurrence, ids in rows:
                row = CheckinRow(
                    plan_item_id=item,
                    person_id=pid,
                    occurrence=occurrence,
                    prompt=prompt,
                    due_at=due,
                    next_send_at=due,
                )
                s.add(row)
                s.flush()
                ids[chat] = row.id or 0
        return asks, notices

    return db.run_sync(write)


def asked(markup: dict[str, Any] | None) -> list[int]:
    """The check-ins a message asks about, from its buttons; none for a heads-up."""
    found: list[int] = []
    for row in (markup or {}).get("inline_keyboard", []):
        for button in row:
            token = decode(button["callback_data"])
            if isinstance(token, ChoiceToken) and token.checkin_id not in found:
                found.append(token.checkin_id)
    return found


async def test_a_wave_with_429s_mid_way_arrives_once_in_order(
    db: Database, wave_api: WaveBotApi
) -> None:
    asks, notices = seed(db)
    transport = TelegramTransport(
        TOKEN, base_url=wave_api.base_url, request_timeout=10.0, pacer=Pacer()
    )
    await transport.open()
    transports: dict[Platform, Transport] = {Platform.TELEGRAM: transport}
    store, clock = SqlSchedulingStore(db), FrozenClock(NOW)
    policy = SchedulingPolicy(batch_size=1000)
    try:
        first = await dispatch(store, transports, clock, owner="w", policy=policy)
        # Should anything be postponed after all, later passes send it: the checks below
        # are about what arrived, whichever pass sent it.
        for _ in range(5):
            clock.set(clock.now() + timedelta(minutes=1))
            if not (await dispatch(store, transports, clock, owner="w", policy=policy)).claimed:
                break
    finally:
        await transport.stop()

    # One pass sent it all: the 429s and the second messages waited within the pass.
    total = len(asks) + len(notices)
    assert (first.sent, first.postponed, first.deferred) == (total, 0, 0)

    refused = [c for c in wave_api.calls if c.method == "sendMessage"]
    assert len(refused) - len(wave_api.accepted) >= REFUSED  # the 429s really happened
    assert wave_api.most_at_once > 1  # and the sends overlapped
    by_chat: dict[int, list[list[int]]] = {}
    for chat, markup in wave_api.accepted:
        by_chat.setdefault(chat, []).append(asked(markup))
    expected = {
        chat: [[ask]] + ([[]] if chat in notices else []) for chat, ask in sorted(asks.items())
    }
    assert by_chat == expected  # each message once; the ask before the heads-up
    rows = {r.id: r for r in checkins(db)}
    for row_id in [*asks.values(), *notices.values()]:
        assert rows[row_id].sends == 1
        assert rows[row_id].lease_owner is None
