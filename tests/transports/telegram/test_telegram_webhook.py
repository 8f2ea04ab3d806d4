"""Webhook mode: setWebhook with a secret, and only requests carrying that secret are read."""

from __future__ import annotations

from typing import Any

import aiohttp
import pytest

from bot.core.messages import TextReceived
from bot.transports.telegram import TelegramTransport
from tests.transports.telegram.conftest import RecordingHandler, TransportFactory, message
from tests.transports.telegram.fake_bot_api import FakeBotApi
from tests.transports.telegram.taps import webhook_transport

SECRET = "board-secret_42"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@pytest.fixture
async def webhook(
    make_transport: TransportFactory,
) -> tuple[TelegramTransport, RecordingHandler, str]:
    handler = RecordingHandler()
    transport, url = webhook_transport(make_transport, SECRET)
    await transport.start(handler)
    return transport, handler, url


async def post(url: str, update: dict[str, Any], secret: str | None) -> int:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json=update, headers=headers) as response,
    ):
        return response.status


async def test_start_registers_the_webhook_with_its_secret(
    fake_api: FakeBotApi, webhook: tuple[TelegramTransport, RecordingHandler, str]
) -> None:
    (call,) = fake_api.calls_to("setWebhook")
    assert call["url"] == "https://ombud.example.org/telegram/hook"
    assert call["secret_token"] == SECRET
    assert "callback_query" in call["allowed_updates"]
    assert not fake_api.calls_to("getUpdates")


async def test_an_update_with_the_secret_is_handled_and_a_redelivery_keeps_its_event_id(
    fake_api: FakeBotApi, webhook: tuple[TelegramTransport, RecordingHandler, str]
) -> None:
    _transport, handler, url = webhook
    update = {"update_id": 777, **message("Hej från webhooken")}

    assert await post(url, update, SECRET) == 200
    assert await post(url, update, SECRET) == 200  # Telegram retries after a slow answer
    await fake_api.wait_for(lambda: len(handler.events) == 2)

    first, again = handler.events
    assert isinstance(first, TextReceived)
    assert first.text == "Hej från webhooken"
    assert first.event_id == again.event_id == "tg:777"  # the router records it once


@pytest.mark.parametrize("secret", ["wrong-secret", None, SECRET + "x"])
async def test_a_wrong_or_missing_secret_is_refused_and_not_handled(
    fake_api: FakeBotApi,
    webhook: tuple[TelegramTransport, RecordingHandler, str],
    secret: str | None,
) -> None:
    _transport, handler, url = webhook

    assert await post(url, {"update_id": 5, **message("forged")}, secret) == 403

    assert await post(url, {"update_id": 6, **message("genuine")}, SECRET) == 200
    await fake_api.wait_for(lambda: len(handler.events) == 1)
    (only,) = handler.events
    assert isinstance(only, TextReceived)
    assert only.text == "genuine"


async def test_garbage_posted_to_the_webhook_does_not_reach_the_handler(
    fake_api: FakeBotApi, webhook: tuple[TelegramTransport, RecordingHandler, str]
) -> None:
    _transport, handler, url = webhook
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            url,
            data=b"{not json",
            headers={SECRET_HEADER: SECRET, "Content-Type": "application/json"},
        ) as response,
    ):
        assert response.status >= 400  # PTB refuses it; the server keeps running
    assert await post(url, {"update_id": 8, **message("after")}, SECRET) == 200
    await fake_api.wait_for(lambda: len(handler.events) == 1)
    assert [type(e) for e in handler.events] == [TextReceived]
