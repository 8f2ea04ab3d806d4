"""Many taps at once through the real webhook: each answered first, all stored, in order per
person, and a tap cut off by a stop is stored when Telegram delivers it again."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp

from bot.core.clock import FrozenClock
from bot.core.i18n import translator
from bot.core.model import Choice
from bot.transports.telegram import TelegramTransport
from handlers.checkins import NOT_YOURS
from handlers.router import Router
from storage.conversation import SqlConversationStore
from storage.engine import Database
from tests.transports.inbound_world import NOW, Gate, revisions, seed_stewards
from tests.transports.telegram.conftest import TransportFactory
from tests.transports.telegram.fake_bot_api import FakeBotApi
from tests.transports.telegram.taps import answered_queries, tap_update, webhook_transport

SECRET = "burst-secret"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


async def post(url: str, update: dict[str, Any]) -> int:
    """Post one update as Telegram does; a dropped connection counts as no answer (0)."""
    try:
        async with (
            aiohttp.ClientSession() as session,
            session.post(url, json=update, headers={SECRET_HEADER: SECRET}) as response,
        ):
            return response.status
    except aiohttp.ClientError:
        return 0


async def start_webhook(
    make_transport: TransportFactory, handler: Gate | Router, **options: Any
) -> tuple[TelegramTransport, str]:
    transport, url = webhook_transport(make_transport, SECRET, **options)
    await transport.start(handler if isinstance(handler, Gate) else handler.handle)
    return transport, url


async def test_forty_stewards_tapping_at_once_are_all_answered_and_stored(
    fake_api: FakeBotApi, make_transport: TransportFactory, db: Database
) -> None:
    stewards = seed_stewards(db, 40)
    router = Router(SqlConversationStore(db), FrozenClock(NOW), default_locale="sv")
    _transport, url = await start_webhook(make_transport, router)

    updates = [tap_update(s, Choice.YES, f"q{n}") for n, s in enumerate(stewards)]
    statuses = await asyncio.gather(*(post(url, update) for update in updates))

    assert statuses == [200] * 40  # each answered only once it was handled
    for steward in stewards:  # read back after every POST returned: nothing left to wait for
        assert revisions(db, steward.checkin_id) == [(1, "yes", True)]
    await fake_api.wait_for(lambda: len(answered_queries(fake_api)) >= 40)
    assert sorted(answered_queries(fake_api)) == sorted(f"q{n}" for n in range(40))
    for call in fake_api.calls_to("answerCallbackQuery"):
        assert "text" not in call  # answered at once, before the handler could say anything


async def test_the_tap_is_answered_before_its_work_is_done_and_the_webhook_waits_for_it(
    fake_api: FakeBotApi, make_transport: TransportFactory, db: Database
) -> None:
    (anna,) = seed_stewards(db, 1)
    router = Router(SqlConversationStore(db), FrozenClock(NOW), default_locale="sv")
    gate = Gate(router, {"tg:cq:held"})
    _transport, url = await start_webhook(make_transport, gate)

    posting = asyncio.create_task(post(url, tap_update(anna, Choice.YES, "held")))
    await fake_api.wait_for(lambda: answered_queries(fake_api) == ["held"])
    await gate.wait_entered(1)  # the handler has the tap, and is held

    assert gate.handled == []
    assert not posting.done()  # Telegram has no 200 yet: it would deliver the tap again
    assert revisions(db, anna.checkin_id) == []
    gate.opened.set()
    assert await posting == 200
    assert revisions(db, anna.checkin_id) == [(1, "yes", True)]


async def test_one_stewards_no_then_yes_are_applied_in_order_while_others_go_ahead(
    fake_api: FakeBotApi, make_transport: TransportFactory, db: Database
) -> None:
    anna, bo = seed_stewards(db, 2)
    router = Router(SqlConversationStore(db), FrozenClock(NOW), default_locale="sv")
    gate = Gate(router, {"tg:cq:anna-no"})  # Anna's first tap is slow to be handled
    _transport, url = await start_webhook(make_transport, gate)

    first = asyncio.create_task(post(url, tap_update(anna, Choice.NO, "anna-no")))
    await fake_api.wait_for(lambda: "anna-no" in answered_queries(fake_api))
    second = asyncio.create_task(post(url, tap_update(anna, Choice.YES, "anna-yes")))
    await fake_api.wait_for(lambda: "anna-yes" in answered_queries(fake_api))
    # Bo is someone else: his tap does not wait behind Anna's.
    assert await post(url, tap_update(bo, Choice.YES, "bo-yes")) == 200
    assert revisions(db, bo.checkin_id) == [(1, "yes", True)]
    assert "tg:cq:anna-yes" not in gate.entered  # her Yes waits for her No

    gate.opened.set()
    assert [await first, await second] == [200, 200]
    assert gate.handled[-2:] == ["tg:cq:anna-no", "tg:cq:anna-yes"]
    assert revisions(db, anna.checkin_id) == [(1, "no", False), (2, "yes", True)]


async def test_a_tap_cut_off_by_a_stop_is_stored_once_when_telegram_delivers_it_again(
    fake_api: FakeBotApi, make_transport: TransportFactory, db: Database
) -> None:
    (anna,) = seed_stewards(db, 1)
    router = Router(SqlConversationStore(db), FrozenClock(NOW), default_locale="sv")
    gate = Gate(router, {"tg:cq:cut"})  # never opened: the process stops first
    first, url = await start_webhook(make_transport, gate, stop_grace=0.05)
    update = tap_update(anna, Choice.YES, "cut")

    posting = asyncio.create_task(post(url, update))
    await fake_api.wait_for(lambda: answered_queries(fake_api) == ["cut"])  # acknowledged
    await first.stop()

    assert await posting != 200  # so Telegram keeps the update and delivers it again
    assert revisions(db, anna.checkin_id) == []
    _restarted, url = await start_webhook(make_transport, router)  # the restarted service
    assert await post(url, update) == 200  # the redelivery
    assert revisions(db, anna.checkin_id) == [(1, "yes", True)]
    assert await post(url, update) == 200  # delivered once more: still stored once
    assert revisions(db, anna.checkin_id) == [(1, "yes", True)]


async def test_a_graceful_stop_finishes_the_taps_it_took(
    fake_api: FakeBotApi, make_transport: TransportFactory, db: Database
) -> None:
    stewards = seed_stewards(db, 5)
    router = Router(SqlConversationStore(db), FrozenClock(NOW), default_locale="sv")
    held = {f"tg:cq:g{n}" for n in range(5)}
    gate = Gate(router, held)
    transport, url = await start_webhook(make_transport, gate)

    posts = [
        asyncio.create_task(post(url, tap_update(s, Choice.YES, f"g{n}")))
        for n, s in enumerate(stewards)
    ]
    await fake_api.wait_for(lambda: len(answered_queries(fake_api)) == 5)
    await gate.wait_entered(5)
    stopping = asyncio.create_task(transport.stop())
    gate.opened.set()
    await stopping

    assert await asyncio.gather(*posts) == [200] * 5
    for steward in stewards:
        assert revisions(db, steward.checkin_id) == [(1, "yes", True)]


async def test_a_tap_that_changes_nothing_says_why_in_a_message_as_its_spinner_already_stopped(
    fake_api: FakeBotApi, make_transport: TransportFactory, db: Database
) -> None:
    anna, bo = seed_stewards(db, 2)
    router = Router(SqlConversationStore(db), FrozenClock(NOW), default_locale="sv")
    _transport, url = await start_webhook(make_transport, router)
    someone_elses = tap_update(anna, Choice.YES, "wrong")
    someone_elses["callback_query"]["data"] = bo.token(Choice.YES)  # Bo's button, Anna's tap

    assert await post(url, someone_elses) == 200
    await fake_api.wait_for(lambda: len(fake_api.calls_to("sendMessage")) == 1)

    (said,) = fake_api.calls_to("sendMessage")
    assert said["chat_id"] == str(anna.telegram_id)
    assert said["text"] == translator("sv").gettext(NOT_YOURS)
    assert fake_api.calls_to("editMessageText") == []
    assert revisions(db, bo.checkin_id) == []
