"""What the webhook tests share: a free port on 127.0.0.1 and a steward's tap as an update."""

from __future__ import annotations

import itertools
import socket
from typing import Any

from bot.core.model import Choice
from tests.transports.inbound_world import Steward

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
