"""Sends that must not be dropped for a busy moment: wait out a rate limit, then try again."""

from __future__ import annotations

import asyncio
import logging

from bot.core.errors import DeliveryError
from bot.core.messages import ChatAddress, MessageRef, OutgoingMessage
from bot.core.model import DeliveryFailure
from bot.core.ports import Transport

log = logging.getLogger(__name__)

# A digest or a summary goes out once, with no later pass to take it up again: when the
# platform (or the transport's own pacing) asks to wait, wait, within these bounds.
PATIENT_ATTEMPTS = 4
PATIENT_MAX_WAIT_S = 10.0
# A paced transport hands a long text back part by part while the chat is busy ("chat_pace"):
# those waits are the message going out, not refusals, and have their own, larger bound.
PATIENT_CHAT_WAITS = 32
CHAT_PACE = "chat_pace"


async def send_patiently(
    transport: Transport, to: ChatAddress, message: OutgoingMessage
) -> MessageRef:
    """`transport.send`, waiting out a rate limit a few times; other failures raise at once."""
    refused = waits = 0
    while True:
        try:
            return await transport.send(to, message)
        except DeliveryError as exc:
            if exc.failure is not DeliveryFailure.RATE_LIMITED:
                raise
            if exc.code == CHAT_PACE and waits < PATIENT_CHAT_WAITS:
                waits += 1
            elif refused < PATIENT_ATTEMPTS - 1:
                refused += 1
            else:
                raise
            wait = min(exc.retry_after or 1.0, PATIENT_MAX_WAIT_S)
            log.info("send to %s rate limited, waiting %.1f s", to.platform, wait)
            await asyncio.sleep(wait)
