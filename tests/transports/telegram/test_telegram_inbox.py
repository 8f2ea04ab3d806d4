"""The webhook with an inbox: a tap is answered in the response once its receipt is written,
handled afterwards, in order per person, once only, and nothing received is lost to a stop,
a crash or a failed write (real HTTP on 127.0.0.1, SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from bot.core.clock import FrozenClock
from bot.core.model import Choice, Platform
from bot.core.ports import Receipt
from bot.transports.telegram import TelegramTransport
from handlers.router import Router
from storage.conversation import SqlConversationStore
from storage.engine import Database
from storage.inbox import SqlUpdateInbox
from tests.transports.inbound_world import NOW, Gate, revisions, seed_stewards
from tests.transports.telegram.conftest import Started, TransportFactory, message
from tests.transports.telegram.fake_bot_api import BOT_ID, FakeBotApi, post_update
from tests.transports.telegram.taps import answered_queries, tap_update, webhook_transport

SECRET = "inbox-secret"
BOT = str(BOT_ID)


class FailingInbox(SqlUpdateInbox):
    """An inbox whose receipts cannot be written (the database is gone)."""

    async def receive(
        self, platform: Platform, bot: str, receipts: Sequence[Receipt], at: datetime
    ) -> set[str]:
        raise ConnectionError("database unreachable")


async def start_webhook(
    make_transport: TransportFactory,
    handler: Gate,
    inbox: SqlUpdateInbox,
    started: Started,
    **options: Any,
) -> tuple[TelegramTransport, str]:
    transport, url = webhook_transport(make_transport, SECRET, inbox=inbox, **options)
    started.append(transport)
    await transport.start(handler)
    return transport, url


def gate(db: Database, held: set[str] | None = None) -> Gate:
    return Gate(Router(SqlConversationStore(db), FrozenClock(NOW), default_locale="sv"), held)


async def left_in(inbox: SqlUpdateInbox) -> list[str]:
    return [receipt.update_id for receipt in await inbox.pending(Platform.TELEGRAM, BOT)]


async def until_empty(inbox: SqlUpdateInbox, looks: int = 500) -> None:
    """Wait until every receipt is cleared (each handled update's row goes just after)."""
    for _ in range(looks):
        if not await left_in(inbox):
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"receipts left: {await left_in(inbox)}")


async def test_a_tap_is_answered_in_the_response_once_received_then_handled(
    fake_api: FakeBotApi, make_transport: TransportFactory, db: Database, started: Started
) -> None:
    (anna,) = seed_stewards(db, 1)
    inbox = SqlUpdateInbox(db)
    held = gate(db, {"tg:cq:held"})
    _transport, url = await start_webhook(make_transport, held, inbox, started)
    update = tap_update(anna, Choice.YES, "held")

    assert await post_update(fake_api, url, update, SECRET) == 200  # while still held

    assert fake_api.calls_to("answerCallbackQuery") == [{"callback_query_id": "held"}]
    assert revisions(db, anna.checkin_id) == []
    assert await left_in(inbox) == [str(update["update_id"])]  # the receipt, durable
    held.opened.set()
    await held.wait_handled(1)
    assert revisions(db, anna.checkin_id) == [(1, "yes", True)]
    await until_empty(inbox)
    assert answered_queries(fake_api) == ["held"]  # the response's answer was the only one


async def test_a_message_is_answered_with_a_plain_200_and_handled(
    fake_api: FakeBotApi, make_transport: TransportFactory, db: Database, started: Started
) -> None:
    seed_stewards(db, 1)
    inbox = SqlUpdateInbox(db)
    handler = gate(db)
    _transport, url = await start_webhook(make_transport, handler, inbox, started)

    assert await post_update(fake_api, url, {"update_id": 9001, **message("hej")}, SECRET) == 200
    await handler.wait_handled(1)
    assert handler.handled == ["tg:9001"]
    assert answered_queries(fake_api) == []
    await until_empty(inbox)


async def test_a_stop_before_the_handler_ran_leaves_the_tap_to_the_next_start_which_stores_it_once(
    fake_api: FakeBotApi, make_transport: TransportFactory, db: Database, started: Started
) -> None:
    (anna,) = seed_stewards(db, 1)
    inbox = SqlUpdateInbox(db)
    never = gate(db, {"tg:cq:cut"})  # never opened: the service stops first
    first, url = await start_webhook(make_transport, never, inbox, started, stop_grace=0.05)
    update = tap_update(anna, Choice.YES, "cut")

    assert await post_update(fake_api, url, update, SECRET) == 200
    assert answered_queries(fake_api) == ["cut"]  # acknowledged: Telegram will not deliver it again
    await never.wait_entered(1)
    await first.stop()
    assert revisions(db, anna.checkin_id) == []
    assert await left_in(inbox) == [str(update["update_id"])]

    restarted = gate(db)
    _again, url = await start_webhook(make_transport, restarted, inbox, started)
    await restarted.wait_handled(1)
    assert revisions(db, anna.checkin_id) == [(1, "yes", True)]
    await until_empty(inbox)
    assert await post_update(fake_api, url, update, SECRET) == 200  # delivered once more
    await restarted.wait_handled(2)
    assert revisions(db, anna.checkin_id) == [(1, "yes", True)]


async def test_receipts_a_crash_left_unhandled_are_handled_at_the_start_in_order(
    fake_api: FakeBotApi, make_transport: TransportFactory, db: Database, started: Started
) -> None:
    anna, bo = seed_stewards(db, 2)
    inbox = SqlUpdateInbox(db)
    # Written and acknowledged, then the process died before any worker ran.
    left = [
        tap_update(anna, Choice.NO, "a1"),
        tap_update(bo, Choice.YES, "b1"),
        tap_update(anna, Choice.YES, "a2"),
    ]
    receipts = [Receipt(str(u["update_id"]), json.dumps(u)) for u in left]
    assert len(await inbox.receive(Platform.TELEGRAM, BOT, receipts, NOW)) == 3

    handler = gate(db)
    await start_webhook(make_transport, handler, inbox, started)
    await handler.wait_handled(3)

    assert [e for e in handler.handled if e.startswith("tg:cq:a")] == ["tg:cq:a1", "tg:cq:a2"]
    assert revisions(db, anna.checkin_id) == [(1, "no", False), (2, "yes", True)]
    assert revisions(db, bo.checkin_id) == [(1, "yes", True)]
    await until_empty(inbox)


async def test_a_redelivered_tap_is_stored_once(
    fake_api: FakeBotApi, make_transport: TransportFactory, db: Database, started: Started
) -> None:
    (anna,) = seed_stewards(db, 1)
    inbox = SqlUpdateInbox(db)
    held = gate(db, {"tg:cq:twice"})
    _transport, url = await start_webhook(make_transport, held, inbox, started)
    update = tap_update(anna, Choice.YES, "twice")

    assert await post_update(fake_api, url, update, SECRET) == 200
    assert await post_update(fake_api, url, update, SECRET) == 200  # while the first waits
    held.opened.set()
    await held.wait_handled(1)
    await until_empty(inbox)
    assert await post_update(fake_api, url, update, SECRET) == 200  # after it was handled
    await held.wait_handled(2)

    assert revisions(db, anna.checkin_id) == [(1, "yes", True)]
    assert held.handled == ["tg:cq:twice", "tg:cq:twice"]  # the second found it recorded


async def test_one_stewards_taps_are_applied_in_order_while_others_go_ahead(
    fake_api: FakeBotApi, make_transport: TransportFactory, db: Database, started: Started
) -> None:
    anna, bo = seed_stewards(db, 2)
    inbox = SqlUpdateInbox(db)
    held = gate(db, {"tg:cq:anna-no"})  # Anna's first tap is slow to be handled
    _transport, url = await start_webhook(make_transport, held, inbox, started)

    assert await post_update(fake_api, url, tap_update(anna, Choice.NO, "anna-no"), SECRET) == 200
    assert await post_update(fake_api, url, tap_update(anna, Choice.YES, "anna-yes"), SECRET) == 200
    assert await post_update(fake_api, url, tap_update(bo, Choice.YES, "bo-yes"), SECRET) == 200
    await held.wait_handled(1)
    assert held.handled == ["tg:cq:bo-yes"]  # Bo did not wait behind Anna
    assert "tg:cq:anna-yes" not in held.entered  # her Yes waits for her No

    held.opened.set()
    await held.wait_handled(3)
    assert held.handled[-2:] == ["tg:cq:anna-no", "tg:cq:anna-yes"]
    assert revisions(db, anna.checkin_id) == [(1, "no", False), (2, "yes", True)]
    assert answered_queries(fake_api) == ["anna-no", "anna-yes", "bo-yes"]


async def test_a_burst_of_taps_is_answered_and_stored_without_loss(
    fake_api: FakeBotApi, make_transport: TransportFactory, db: Database, started: Started
) -> None:
    stewards = seed_stewards(db, 120)
    inbox = SqlUpdateInbox(db)
    handler = gate(db)
    _transport, url = await start_webhook(make_transport, handler, inbox, started)

    updates = [tap_update(s, Choice.YES, f"q{n}") for n, s in enumerate(stewards)]
    statuses = await asyncio.gather(*(post_update(fake_api, url, u, SECRET) for u in updates))

    assert statuses == [200] * 120
    assert sorted(answered_queries(fake_api)) == sorted(f"q{n}" for n in range(120))
    await handler.wait_handled(120)
    for steward in stewards:
        assert revisions(db, steward.checkin_id) == [(1, "yes", True)]
    await until_empty(inbox)


async def test_a_tap_whose_receipt_cannot_be_written_is_not_acknowledged(
    fake_api: FakeBotApi, make_transport: TransportFactory, db: Database, started: Started
) -> None:
    (anna,) = seed_stewards(db, 1)
    handler = gate(db)
    _transport, url = await start_webhook(make_transport, handler, FailingInbox(db), started)

    status = await post_update(fake_api, url, tap_update(anna, Choice.YES, "unsaved"), SECRET)

    assert status == 503  # Telegram keeps the update and delivers it again
    assert answered_queries(fake_api) == []
    await asyncio.sleep(0.1)
    assert handler.entered == []
    assert revisions(db, anna.checkin_id) == []


async def test_updates_wait_until_the_webhook_has_answered_then_start_in_the_order_received(
    fake_api: FakeBotApi, make_transport: TransportFactory, db: Database, started: Started
) -> None:
    anna, bo = seed_stewards(db, 2)
    inbox = SqlUpdateInbox(db)
    handler = gate(db)
    _transport, url = await start_webhook(make_transport, handler, inbox, started)
    # A POST still being answered: its headers are in, its body is not yet.
    hook = urlsplit(url)
    said = message("hej", chat_id=bo.telegram_id, user_id=bo.telegram_id)
    body = json.dumps({"update_id": 900, **said}).encode()
    reader, writer = await asyncio.open_connection(hook.hostname, hook.port)
    writer.write(
        f"POST {hook.path} HTTP/1.1\r\nHost: {hook.netloc}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        f"X-Telegram-Bot-Api-Secret-Token: {SECRET}\r\n\r\n".encode()
        + body[:10]
    )
    await writer.drain()
    await asyncio.sleep(0.05)

    taps = [(anna, Choice.NO, "anna-no"), (anna, Choice.YES, "anna-yes"), (bo, Choice.YES, "bo")]
    for steward, choice, query_id in taps:
        update = tap_update(steward, choice, query_id)
        assert await post_update(fake_api, url, update, SECRET) == 200
    await asyncio.sleep(0.1)
    assert handler.entered == []  # received and answered, not handled yet

    writer.write(body[10:])
    await writer.drain()
    assert (await reader.readline()).startswith(b"HTTP/1.1 200")
    writer.close()
    await handler.wait_handled(4)
    entered = handler.entered
    assert entered.index("tg:cq:anna-no") < entered.index("tg:cq:anna-yes")
    assert revisions(db, anna.checkin_id) == [(1, "no", False), (2, "yes", True)]
    await until_empty(inbox)
