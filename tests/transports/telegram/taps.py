"""What the webhook tests share: a free port on 127.0.0.1 and a steward's tap as an update."""

from __future__ import annotations

import itertools
import socket
from typing import Any

from bot.core.model import Choice
from bot.transports.telegram import TelegramTransport
from tests.transports.inbound_world import Steward
from tests.transports.telegram.conftest import TransportFactory
from tests.transports.telegram.fake_bot_api import FakeBotApi

_update_ids = itertools.count(1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def tap_update(steward: Steward, choice: Choice, query_id: str) -> dict[str, Any]:
    """A callback query: `steward` taps `choice` on a reminder; a new update id each time."""
    user = {"id": steward.telegram_id, "is_bot": False, "first_name": "S", "language_code": "sv"}
    chat = {"id": steward.telegram_id, "type": "private"}
    return {
        "update_id": next(_update_ids),
        "callback_query": {
            "id": query_id,
            "from": user,
            "chat_instance": f"ci{steward.telegram_id}",
            "data": steward.token(choice),
            "message": {"message_id": 100, "date": 1_740_988_800, "chat": chat, "text": "r"},
        },
    }


def webhook_transport(
    make_transport: TransportFactory, secret: str, **options: Any
) -> tuple[TelegramTransport, str]:
    """A transport in webhook mode on a free local port, not started, and the URL to post to."""
    port = free_port()
    transport = make_transport(
        mode="webhook",
        webhook_url="https://ombud.example.org/telegram/hook",
        webhook_listen="127.0.0.1",
        webhook_port=port,
        webhook_secret=secret,
        **options,
    )
    return transport, f"http://127.0.0.1:{port}/telegram/hook"


def answered_queries(api: FakeBotApi) -> list[str]:
    """The callback query ids the fake was told to answer, in order."""
    return [str(call["callback_query_id"]) for call in api.calls_to("answerCallbackQuery")]
