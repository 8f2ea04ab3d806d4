"""Was an inbound event handled before? Keyed on platform, bot and id; checked by content."""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime

from bot.core.conversation import ConversationTx
from bot.core.messages import (
    ChoiceSelected,
    CommandReceived,
    FormSubmitted,
    HomeOpened,
    InboundEvent,
    TextReceived,
    Unsupported,
)

log = logging.getLogger(__name__)


def bot_key(event: InboundEvent) -> str:
    """The receiving bot: its own id where the transport knows it, else the workspace."""
    return event.sender.bot or event.sender.workspace


def _content(event: InboundEvent) -> list[str]:
    if isinstance(event, TextReceived):
        return [event.text]
    if isinstance(event, CommandReceived):
        return [event.command, event.args]
    if isinstance(event, ChoiceSelected):
        return [event.token]
    if isinstance(event, FormSubmitted):
        return [event.token, *(f"{k}={v}" for k, v in sorted(event.values.items()))]
    if isinstance(event, Unsupported):
        return [event.kind]
    assert isinstance(event, HomeOpened)
    return []


def fingerprint(event: InboundEvent) -> str:
    """A short hash of who sent what, so a reused id with other content is not a redelivery."""
    sender = event.sender
    parts = [type(event).__name__, sender.workspace, sender.user_id, sender.chat_id]
    joined = "\x1f".join([*parts, *_content(event)])
    return hashlib.sha256(joined.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def first_time(tx: ConversationTx, event: InboundEvent, now: datetime) -> bool:
    """Record the event; False only for a redelivery of the same event to the same bot."""
    if not event.event_id:
        return True
    fresh = tx.mark_processed(
        event.sender.platform,
        event.event_id,
        bot=bot_key(event),
        fingerprint=fingerprint(event),
        at=now,
    )
    if not fresh:
        log.info(
            "duplicate event: platform=%s event=%s", event.sender.platform.value, event.event_id
        )
    return fresh
