"""Every Telegram event names the bot that received it (its id from getMe)."""

from __future__ import annotations

from tests.transports.telegram.conftest import (
    RecordingHandler,
    TransportFactory,
    callback,
    message,
)
from tests.transports.telegram.fake_bot_api import BOT_ID, FakeBotApi


async def test_events_carry_the_bot_id_from_get_me(
    fake_api: FakeBotApi, make_transport: TransportFactory
) -> None:
    handler = RecordingHandler()
    await make_transport().start(handler)
    fake_api.push(message("Hej"))
    fake_api.push(callback("c:1f:y"))
    await fake_api.wait_for(lambda: len(handler.events) == 2)
    assert [event.sender.bot for event in handler.events] == [str(BOT_ID)] * 2
