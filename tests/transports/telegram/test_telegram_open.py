"""Send-only mode: open() signs in and sends, never polls; stop() closes what open() opened."""

from __future__ import annotations

import pytest
from telegram.error import BadRequest

from bot.core.errors import DeliveryError
from bot.core.messages import Button, ChatAddress, OutgoingMessage
from bot.core.model import DeliveryFailure, Platform
from tests.transports.telegram.conftest import STEWARD_ID, RecordingHandler, TransportFactory
from tests.transports.telegram.fake_bot_api import FakeBotApi

TO = ChatAddress(Platform.TELEGRAM, str(STEWARD_ID))
ASK = OutgoingMessage(text="Blev det av?", buttons=(Button("Ja", "c:1:y"), Button("Nej", "c:1:n")))


async def test_an_opened_transport_sends_without_receiving(
    make_transport: TransportFactory, fake_api: FakeBotApi
) -> None:
    transport = make_transport()
    await transport.open()
    await transport.open()  # twice is once
    ref = await transport.send(TO, ASK)
    assert ref.chat_id == str(STEWARD_ID)
    assert [call.method for call in fake_api.calls] == ["getMe", "sendMessage"]


async def test_after_stop_an_opened_transport_refuses_to_send(
    make_transport: TransportFactory,
) -> None:
    transport = make_transport()
    await transport.open()
    await transport.stop()
    await transport.stop()  # twice is harmless
    with pytest.raises(DeliveryError) as caught:
        await transport.send(TO, ASK)
    assert caught.value.code == "not_started"


async def test_a_refused_token_is_a_delivery_error_without_the_token(
    make_transport: TransportFactory, fake_api: FakeBotApi
) -> None:
    transport = make_transport()
    fake_api.fail_next("getMe", 401, "Unauthorized")
    with pytest.raises(DeliveryError) as caught:
        await transport.open()
    assert (caught.value.failure, caught.value.code) == (DeliveryFailure.PERMANENT, "unauthorized")
    await transport.open()  # a second try signs in afresh
    await transport.send(TO, ASK)
    assert len(fake_api.calls_to("sendMessage")) == 1


async def test_a_start_that_fails_leaves_nothing_open(
    make_transport: TransportFactory, fake_api: FakeBotApi
) -> None:
    transport = make_transport()
    fake_api.fail_next("deleteWebhook", 400, "Bad Request: something odd")
    with pytest.raises(BadRequest):
        await transport.start(RecordingHandler())
    with pytest.raises(DeliveryError) as caught:
        await transport.send(TO, ASK)
    assert caught.value.code == "not_started"
    assert fake_api.calls_to("getUpdates") == []
